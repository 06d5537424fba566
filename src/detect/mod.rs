//! Per-language detectors, one file each (nixpacks' providers).
//!
//! A preset's detect rules decide *whether* a language applies, from the
//! top-level index alone. Its [`Language`] then reads only the manifests it
//! needs to fill [`ProjectFacts`], and turns facts plus choices into the
//! language part of the [`Plan`].

use anyhow::Result;

use crate::model::{Choices, Plan};
pub use facts::{LanguageFacts, OwnFacts, ProjectFacts};
use crate::preset::Preset;
use crate::scan::DirIndex;

mod compose_port;
pub mod facts;
pub mod workspaces;
pub mod dotnet;
pub mod generic;
pub mod go;
pub mod java;
pub mod node;
pub mod python;
pub mod php;
pub mod rust;

pub trait Language: Sync {
    /// Matches a preset's `language` field.
    fn id(&self) -> &'static str;

    /// Reads the project's manifests; never walks the tree. `choices` is
    /// there for choices that change what is read (Go's `--main`).
    fn detect(&self, index: &DirIndex, choices: &Choices) -> Result<ProjectFacts>;

    /// The workspace `root`'s own manifest declares, if any (pnpm-workspace.yaml,
    /// `[tool.uv.workspace]`, go.work): read, never walked.
    fn workspace(&self, _root: &DirIndex) -> Result<Option<crate::workspace::Decl>> {
        Ok(None)
    }

    /// Folders outside the project its own manifest names (Go's `replace
    /// example.com/lib => ../lib`), relative to it: the build context must
    /// be their common ancestor.
    fn reaches(&self, _project: &DirIndex) -> Result<Option<crate::workspace::Reach>> {
        Ok(None)
    }

    /// Checks a `--lang-version` value and returns it in canonical form.
    fn normalize_version(&self, raw: &str) -> Result<String>;

    /// Whether a folder the preset's rules match holds a project of this
    /// language (a pyproject.toml of tool settings alone does not): when
    /// none does, dockgen looks one folder down.
    fn is_project(&self, _index: &DirIndex) -> bool {
        true
    }

    /// Whether this language runs the server here, or its manifest only
    /// builds assets for another language's app (a package.json of
    /// webpack scripts beside a Django project).
    fn serves(&self, _index: &DirIndex) -> bool {
        true
    }

    /// Refuses a chosen version the project's own files rule out (below
    /// go.mod's go line, outside requires-python or engines.node), naming
    /// the file and what it allows.
    fn check_version(&self, _facts: &ProjectFacts, _version: &str) -> Result<()> {
        Ok(())
    }

    /// Fills the language-specific settings: images, start command, the
    /// language's own section, and anything left unresolved.
    fn plan(
        &self,
        index: &DirIndex,
        facts: &ProjectFacts,
        preset: &Preset,
        choices: &Choices,
        plan: &mut Plan,
    ) -> Result<()>;
}

/// Every language dockgen knows. Adding one: a detector file, a preset,
/// a template, an example folder, and one entry here.
pub static LANGUAGES: &[&dyn Language] = &[&go::Go, &node::Node, &python::Python, &java::Java, &rust::Rust, &php::Php, &dotnet::Dotnet];

/// The version line a stated range asks for, by the image catalog's rules
/// ([`crate::images::Pick`]): among the lines released and published for the
/// preset's builder, the oldest supported one for an
/// open range, the newest supported one for a closed range, else the newest
/// one past its end of support. `stated` is where the range was read
/// (`package.json engines.node (>=12)`); the source says both.
pub fn pick_line(preset: &Preset, req: &crate::version::Req, stated: &str) -> Option<crate::model::Sourced<String>> {
    let cat = crate::images::catalog();
    let preferred = &crate::preset::defaults().debian.codename;
    // The builder's image, or the default runtime's where only it names
    // the version (PHP builds with composer:2).
    let template = match preset.runtime(preset.default_runtime) {
        Some(r) if !preset.builder.image.contains("{version}") => r.image.as_str(),
        _ => preset.builder.image.as_str(),
    };
    let published = |l: &str| crate::bases::suite_for(cat, &[&Preset::image_for(template, l)], preferred).is_some();
    let (line, pick) = cat.choose(&preset.language, req, &published, &crate::images::today())?;
    Some(crate::model::Sourced::new(line, format!("{stated}; {}", pick.says())))
}

/// In a mixed repository, the language that serves decides: when the
/// highest-priority preset's language only builds assets here and another
/// matched preset's language serves, that one; None to keep `first`.
pub fn serving(index: &DirIndex, first: &Preset, others: &[String]) -> Option<&'static Preset> {
    if language(&first.language).is_ok_and(|l| l.serves(index)) {
        return None;
    }
    others
        .iter()
        .filter_map(|id| crate::preset::by_id(id).ok())
        .find(|p| language(&p.language).is_ok_and(|l| l.is_project(index) && l.serves(index)))
}

/// The port the project's own Dockerfile serves on: its one `EXPOSE`d
/// port, else a port flag of its last CMD or ENTRYPOINT (`--port 3100`,
/// `--bind 0.0.0.0:5000`). A Dockerfile dockgen wrote says nothing of the
/// project; neither does one that does not parse.
pub fn own_dockerfile_port(index: &DirIndex) -> Option<crate::model::Sourced<u16>> {
    let text = index.read("Dockerfile").ok().filter(|t| !t.contains("Generated by dockgen"))?;
    let instrs = crate::dockerfile::parse(&text).ok()?;
    let kw = |i: &&crate::dockerfile::Instruction, k: &str| i.keyword.eq_ignore_ascii_case(k);
    let mut exposed: Vec<u16> = instrs.iter().filter(|i| kw(i, "EXPOSE")).flat_map(|i| i.args.split_whitespace().filter_map(|w| w.split('/').next()?.parse::<u16>().ok()).collect::<Vec<_>>()).collect();
    exposed.sort();
    exposed.dedup();
    if let [one] = exposed.as_slice() {
        return Some(crate::model::Sourced::new(*one, format!("Dockerfile (EXPOSE {one})")).remembered());
    }
    // Several: the one its HEALTHCHECK asks (`curl -f http://localhost:6157/…`).
    let probed = instrs.iter().filter(|i| kw(i, "HEALTHCHECK")).find_map(|i| {
        exposed.iter().copied().find(|p| [format!("localhost:{p}"), format!("127.0.0.1:{p}")].iter().any(|h| i.args.contains(h.as_str())))
    });
    if let Some(p) = probed {
        return Some(crate::model::Sourced::new(p, format!("Dockerfile (EXPOSE and HEALTHCHECK {p})")).remembered());
    }
    let last = instrs.iter().rev().find(|i| kw(i, "CMD") || kw(i, "ENTRYPOINT"))?;
    let argv: Vec<String> = serde_json::from_str(&last.args).ok().or_else(|| shell_words::split(&last.args).ok())?;
    let port = argv.windows(2).find_map(|w| match w[0].as_str() {
        "--port" | "-p" | "--bind" | "-b" => w[1].rsplit(':').next()?.parse::<u16>().ok().filter(|p| *p > 0),
        _ => None,
    })?;
    // Gone once dockgen's Dockerfile replaces it: remembered by `init`.
    Some(crate::model::Sourced::new(port, format!("Dockerfile ({} … {port})", last.keyword.to_uppercase())).remembered())
}

/// The port the project's own Dockerfile, else its compose file, serves on.
pub fn own_port(index: &DirIndex) -> Option<crate::model::Sourced<u16>> {
    own_dockerfile_port(index).or_else(|| compose_port::compose_port(index))
}

/// The tags the project's own Dockerfile uses for `repo` (`node`, `python`)
/// in its FROM lines, digest dropped: `20.20.2-alpine` from
/// `FROM --platform=$BUILDPLATFORM node:20.20.2-alpine@sha256:… AS build`.
/// A Dockerfile dockgen wrote states dockgen's own choice, not the
/// project's, and gives nothing; so does one that does not parse.
pub fn own_dockerfile_tags(index: &DirIndex, repo: &str) -> Vec<String> {
    if !index.has_file("Dockerfile") {
        return Vec::new();
    }
    let Ok(text) = index.read("Dockerfile") else { return Vec::new() };
    if text.contains("Generated by dockgen") {
        return Vec::new();
    }
    let official = format!("docker.io/library/{repo}:");
    let short = format!("{repo}:");
    // dockgen's reader knows no heredocs (`RUN <<EOF`): for a file it
    // cannot read, the lines that start with FROM.
    let from_args: Vec<String> = match crate::dockerfile::parse(&text) {
        Ok(instructions) => instructions.into_iter().filter(|i| i.keyword.eq_ignore_ascii_case("FROM")).map(|i| i.args).collect(),
        Err(_) => text
            .lines()
            .filter_map(|l| l.trim_start().split_once(char::is_whitespace))
            .filter(|(kw, _)| kw.eq_ignore_ascii_case("FROM"))
            .map(|(_, args)| args.to_string())
            .collect(),
    };
    from_args
        .iter()
        .filter_map(|args| args.split_whitespace().find(|w| !w.starts_with("--")).map(str::to_string))
        .filter_map(|image| {
            let tag = image.strip_prefix(&official).or_else(|| image.strip_prefix(&short))?;
            Some(tag.split('@').next().unwrap_or(tag).to_string())
        })
        .collect()
}

pub fn language(id: &str) -> Result<&'static dyn Language> {
    // A preset with no detector (an overlay's own language) is planned
    // from its own data; every embedded preset has one (a unit test).
    Ok(LANGUAGES.iter().find(|l| l.id() == id).copied().unwrap_or(&generic::Generic))
}

/// A temporary project folder holding `files` (path, contents), for the
/// languages' unit tests.
#[cfg(test)]
pub(crate) fn test_project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, body) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, body).unwrap();
    }
    dir
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::preset;

    #[test]
    fn a_projects_own_dockerfile_names_its_base_tags() {
        let dir = tempfile::tempdir().unwrap();
        let df = "FROM --platform=$BUILDPLATFORM node:20.20.2-alpine@sha256:fb4c AS builder\nRUN x\nfrom docker.io/library/python:3.12-slim AS py\nFROM alpine:3.24\n";
        std::fs::write(dir.path().join("Dockerfile"), df).unwrap();
        let index = DirIndex::scan(dir.path()).unwrap();
        assert_eq!(own_dockerfile_tags(&index, "node"), ["20.20.2-alpine"]);
        assert_eq!(own_dockerfile_tags(&index, "python"), ["3.12-slim"]);
        assert!(own_dockerfile_tags(&index, "golang").is_empty());
        // A heredoc dockgen's reader does not know: the FROM lines still count.
        std::fs::write(dir.path().join("Dockerfile"), format!("{df}RUN <<EOF\napk add git\nEOF\n")).unwrap();
        assert_eq!(own_dockerfile_tags(&DirIndex::scan(dir.path()).unwrap(), "python"), ["3.12-slim"]);
        std::fs::write(dir.path().join("Dockerfile"), format!("# Generated by dockgen\n{df}")).unwrap();
        assert!(own_dockerfile_tags(&DirIndex::scan(dir.path()).unwrap(), "node").is_empty());
    }

    #[test]
    fn every_preset_has_a_detector_and_every_detector_a_preset() {
        for p in preset::all() {
            assert!(LANGUAGES.iter().any(|l| l.id() == p.language), "preset {} has no detector", p.id);
        }
        for l in LANGUAGES {
            assert!(
                preset::all().iter().any(|p| p.language == l.id()),
                "detector {} has no preset",
                l.id()
            );
        }
    }
}

#[cfg(test)]
mod own_port_tests {
    use super::*;

    fn port_of(dockerfile: &str) -> Option<u16> {
        let dir = test_project(&[("Dockerfile", dockerfile)]);
        own_dockerfile_port(&DirIndex::scan(dir.path()).unwrap()).map(|p| p.value)
    }

    #[test]
    fn the_projects_own_dockerfile_names_its_port() {
        assert_eq!(port_of("FROM python:3.12\nEXPOSE 6157/tcp\nCMD [\"app\"]\n"), Some(6157));
        assert_eq!(port_of("FROM python:3.12\nCMD [\"uvicorn\", \"todo.app:app\", \"--port\", \"3100\"]\n"), Some(3100));
        assert_eq!(port_of("FROM python:3.12\nCMD gunicorn -b 0.0.0.0:5000 app:app\n"), Some(5000));
        assert_eq!(port_of("FROM x\nEXPOSE 80 443\n"), None, "two ports: no answer");
        assert_eq!(port_of("# Generated by dockgen\nFROM x\nEXPOSE 8000\n"), None, "dockgen's own says nothing of the project");
    }
}
