//! Presets are data: `presets/*.toml`, embedded in the binary.
//!
//! A preset names its language, its detect rules (with an explicit priority),
//! its template, the builder image and one entry per runtime base.

use anyhow::{Context, Result, bail};
use include_dir::{Dir, include_dir};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use crate::scan::DirIndex;

static PRESETS_DIR: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/presets");

/// The runtime base of the final stage.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum RuntimeKind {
    /// An empty image: the app and the few files it needs.
    Scratch,
    /// Google's distroless: no shell, no package manager.
    Distroless,
    /// Alpine Linux: busybox shell, musl libc.
    Alpine,
    /// Debian slim: bash and apt, glibc.
    Slim,
}

impl RuntimeKind {
    pub const ALL: [RuntimeKind; 4] = [
        RuntimeKind::Scratch,
        RuntimeKind::Distroless,
        RuntimeKind::Alpine,
        RuntimeKind::Slim,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RuntimeKind::Scratch => "scratch",
            RuntimeKind::Distroless => "distroless",
            RuntimeKind::Alpine => "alpine",
            RuntimeKind::Slim => "slim",
        }
    }
}

impl fmt::Display for RuntimeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Preset {
    pub id: String,
    pub language: String,
    pub name: String,
    pub description: String,
    pub priority: i32,
    pub template: String,
    pub default_runtime: RuntimeKind,
    pub default_port: u16,
    pub default_version: String,
    /// What the default version is ("the current LTS") and the day that
    /// was last checked.
    pub default_version_is: String,
    pub default_version_checked: String,
    /// Where a project states its version, for the end-of-life advice
    /// (`.nvmrc or package.json engines.node`).
    pub version_files: String,
    /// The template builds another manifest's front-end assets in a stage
    /// of their own (`partials/assets.j2`).
    #[serde(default)]
    pub assets: bool,
    /// The image ships the project's source, so its own start script
    /// (entrypoint.sh) can run there (see `entry_script`).
    #[serde(default)]
    pub entry_script: bool,
    pub detect: DetectRules,
    pub builder: Builder,
    #[serde(default)]
    pub cache: BTreeMap<String, String>,
    pub runtimes: BTreeMap<RuntimeKind, RuntimeSpec>,
    #[serde(default)]
    pub dockerignore: DockerignoreSpec,
    /// A language without a detector (an overlay's own preset): the start
    /// command, when `--start` does not give one.
    #[serde(default)]
    pub start: Vec<String>,
    /// Such a language's dependency step, for `partials/deps_mounts.j2`.
    #[serde(default)]
    pub deps: Option<PresetDeps>,
    /// The overlay file this preset is, when it is not one of dockgen's.
    #[serde(skip)]
    pub overlay_only: Option<String>,
}

/// `[deps]` of a preset without a detector: the package cache, the
/// manifests bind-mounted, the install command.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PresetDeps {
    pub cache: String,
    pub binds: Vec<String>,
    pub command: String,
}

impl Preset {
    /// Why the default runtime cannot be used, when it cannot.
    fn unusable_default(&self) -> Option<String> {
        self.runtime(self.default_runtime)
            .is_none_or(|r| r.unsupported.is_some() || r.image.is_empty())
            .then(|| format!("default_runtime {} has no usable [runtimes] entry", self.default_runtime))
    }
}

/// starship-style rules against the top-level [`DirIndex`]: any positive rule
/// matches; any `!name` rule that is present vetoes.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DetectRules {
    #[serde(default)]
    pub files: Vec<String>,
    #[serde(default)]
    pub extensions: Vec<String>,
    #[serde(default)]
    pub folders: Vec<String>,
    /// Extensions of source files that suggest this language when no
    /// marker matched (`py`): "nothing detected" then names what is missing.
    #[serde(default)]
    pub sources: Vec<String>,
    /// What such a folder lacks, said in that message ("a requirements.txt,
    /// pyproject.toml or Pipfile listing its packages").
    #[serde(default)]
    pub missing: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Builder {
    pub image: String,
    #[serde(default)]
    pub musl_image: Option<String>,
    /// Other builder images by name (e.g. a plain JDK when a build wrapper
    /// brings its own tool); the language picks one.
    #[serde(default)]
    pub variants: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuntimeSpec {
    #[serde(default)]
    pub image: String,
    pub summary: String,
    /// Set when the preset cannot use this runtime: the reason, for the error.
    #[serde(default)]
    pub unsupported: Option<String>,
    /// Whether the image ships a C library (needed by cgo binaries).
    #[serde(default)]
    pub libc: bool,
    /// The non-root user the app runs as.
    #[serde(default = "default_user")]
    pub user: String,
    #[serde(default = "default_uid")]
    pub uid: u32,
    /// The image lacks that user, so the Dockerfile creates it.
    #[serde(default)]
    pub create_user: bool,
    /// Packages installed with the user (CA certificates, time zones), and
    /// why, for the Dockerfile's comment.
    #[serde(default)]
    pub user_packages: Vec<String>,
    #[serde(default)]
    pub user_packages_why: String,
    /// Image serving a static site on this runtime (Node SPAs), if any.
    #[serde(default)]
    pub static_image: Option<String>,
    /// Replacement image when the app needs glibc.
    #[serde(default)]
    pub libc_image: Option<String>,
    /// Replacement image when the app also needs libstdc++.
    #[serde(default)]
    pub cxx_image: Option<String>,
    /// Images by language version, for bases published per version under
    /// different names. When set, only these versions can use this runtime.
    #[serde(default)]
    pub images: BTreeMap<String, String>,
    /// A HEALTHCHECK probe made of what the image already has (`{url}` is
    /// the app's address); empty where it has nothing to probe with.
    #[serde(default)]
    pub healthcheck: Vec<String>,
    /// The probe for the static-site image, where that differs.
    #[serde(default)]
    pub static_healthcheck: Vec<String>,
    /// Another image for apps of one kind on this runtime (Node's `bun`:
    /// apps Bun runs get Bun's own image).
    #[serde(default)]
    pub kinds: BTreeMap<String, KindSpec>,
}

/// A runtime image for one kind of app, with its user and probe.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindSpec {
    pub image: String,
    pub summary: String,
    pub user: String,
    pub uid: u32,
    #[serde(default)]
    pub healthcheck: Vec<String>,
}

fn default_user() -> String {
    "nonroot".to_string()
}

fn default_uid() -> u32 {
    65532
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DockerignoreSpec {
    #[serde(default)]
    pub entries: Vec<String>,
}

impl DetectRules {
    /// Whether this preset's rules match the folder.
    pub fn matches(&self, index: &DirIndex) -> bool {
        let mut positive = false;
        let mut check = |rule: &str, present: &dyn Fn(&str) -> bool| {
            match rule.strip_prefix('!') {
                Some(name) if present(name) => return false,
                Some(_) => {}
                None => positive |= present(rule),
            }
            true
        };
        for f in &self.files {
            if !check(f, &|n| index.has_file(n)) {
                return false;
            }
        }
        for e in &self.extensions {
            if !check(e, &|n| index.has_extension(n)) {
                return false;
            }
        }
        for d in &self.folders {
            if !check(d, &|n| index.has_dir(n)) {
                return false;
            }
        }
        positive
    }
}

impl Preset {
    pub fn runtime(&self, kind: RuntimeKind) -> Option<&RuntimeSpec> {
        self.runtimes.get(&kind)
    }

    pub fn runtime_kinds(&self) -> Vec<RuntimeKind> {
        self.runtimes.keys().copied().collect()
    }

    /// Fills `{version}` in an image template.
    pub fn image_for(template: &str, version: &str) -> String {
        template.replace("{version}", version)
    }
}

/// The preset to use: the one asked for, or the highest-priority match.
pub fn choose(
    index: &DirIndex,
    asked: Option<&str>,
) -> Result<(&'static Preset, Vec<String>)> {
    if index.files.is_empty() && index.dirs.is_empty() {
        return Err(crate::error::fail(crate::error::Kind::NoProject, format!("{} is empty: there is no project to build; run dockgen in your project's folder", index.root.display())));
    }
    let matched = matching(index);
    if let Some(id) = asked {
        let p = by_id(id)?;
        let others = matched
            .iter()
            .filter(|m| m.id != p.id)
            .map(|m| m.id.clone())
            .collect();
        return Ok((p, others));
    }
    let Some((first, rest)) = matched.split_first() else {
        // Source files of a supported language, without its manifest.
        for p in all() {
            let (Some(missing), Some(file)) = (&p.detect.missing, index.files.iter().find(|f| p.detect.sources.iter().any(|e| f.rsplit_once('.').is_some_and(|(_, x)| x == e)))) else { continue };
            return Err(crate::error::fail(crate::error::Kind::Undetected, format!(
                "this looks like {} ({}) in {}, but it has no {missing}, so dockgen cannot tell what to install; add one, then run dockgen again",
                p.name,
                crate::text::printable(file),
                index.root.display()
            )));
        }
        if let Some((marker, language)) = unsupported_language(index) {
            return Err(crate::error::fail(crate::error::Kind::Undetected, format!(
                "this looks like {language} ({marker}) in {}; dockgen supports {}. Pass --preset <{}> if the folder also holds one of those",
                index.root.display(),
                supported_languages(),
                ids().join("|"),
            )));
        }
        return Err(crate::error::fail(crate::error::Kind::Undetected, format!(
            "no supported project found in {}: no preset's marker files are at its top level. Looked at: {}. If this is a project dockgen supports, choose a preset with --preset <{}>",
            index.root.display(),
            index.listing(20),
            ids().join("|"),
        )));
    };
    Ok((first, rest.iter().map(|p| p.id.clone()).collect()))
}

/// Marker files of languages dockgen has no preset for, so "nothing
/// detected" can name what the folder is.
const UNSUPPORTED: &[(&str, &str)] = &[
    ("Gemfile", "Ruby"),
    ("mix.exs", "Elixir"),
    ("Package.swift", "Swift"),
    ("pubspec.yaml", "Dart"),
    ("build.sbt", "Scala (sbt)"),
    ("deno.json", "Deno"),
    ("deno.jsonc", "Deno"),
    ("stack.yaml", "Haskell"),
    ("CMakeLists.txt", "C or C++ (CMake)"),
    ("*.cabal", "Haskell"),
    ("*.rb", "Ruby"),
];

fn unsupported_language(index: &DirIndex) -> Option<(String, &'static str)> {
    // A language that has gained a preset is no longer named here.
    let supported = |language: &str| all().iter().any(|p| p.name == language);
    UNSUPPORTED.iter().filter(|(_, language)| !supported(language)).find_map(|(marker, language)| match marker.strip_prefix("*.") {
        Some(ext) => index
            .files
            .iter()
            .find(|f| f.rsplit_once('.').is_some_and(|(_, e)| e == ext))
            .map(|f| (f.clone(), *language)),
        None => index.has_file(marker).then(|| (marker.to_string(), *language)),
    })
}

/// "Go, Node.js, Python and Java", from the presets.
fn supported_languages() -> String {
    let mut names: Vec<&str> = all().iter().map(|p| p.name.as_str()).collect();
    names.dedup();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.join(""),
    }
}

static PRESETS: OnceLock<Vec<Preset>> = OnceLock::new();
/// The overlay file each overlaid preset came from, by id.
static OVERLAID: OnceLock<BTreeMap<String, String>> = OnceLock::new();

/// Reads this run's preset overlays (`presets/<id>.toml` in the overlay
/// folders, each setting only the keys it changes) over the embedded
/// presets; a broken overlay is one line naming its file. Called once,
/// before planning; without it, [`all`] is the embedded presets.
pub fn activate_overlays() -> Result<()> {
    if PRESETS.get().is_some() || crate::overlay::folders().is_empty() {
        return Ok(());
    }
    let mut overlaid = BTreeMap::new();
    let presets = load_with(&PRESETS_DIR, &mut |path: &str, embedded: &str| {
        let Some((shown, text)) = crate::overlay::read(&format!("presets/{path}"))? else { return Ok(embedded.to_string()) };
        let fail = |what: String| crate::error::fail(crate::error::Kind::Config, crate::text::printable(&format!("{shown}: {what}; fix it, or delete it to use dockgen's")));
        let mut base: toml::Table = embedded.parse().map_err(|e: toml::de::Error| fail(e.message().to_string()))?;
        let over: toml::Table = text.parse().map_err(|e: toml::de::Error| fail(format!("not valid TOML ({})", e.message())))?;
        merge(&mut base, over);
        let merged = toml::to_string(&base).map_err(|e| fail(e.to_string()))?;
        // Checked here, so the error names the overlay, not the preset.
        toml::from_str::<Preset>(&merged).map_err(|e| fail(e.message().to_string()))?;
        overlaid.insert(path.trim_end_matches(".toml").to_string(), shown);
        Ok(merged)
    })?;
    let mut presets = presets;
    // Presets of the overlays' own: languages without a detector.
    let d = parse_defaults(&PRESETS_DIR)?;
    for (shown, text) in crate::overlay::files("presets")? {
        let name = shown.rsplit('/').next().unwrap_or(&shown).to_string();
        if !name.ends_with(".toml") || PRESETS_DIR.get_file(&name).is_some() {
            continue;
        }
        let fail = |what: String| crate::error::fail(crate::error::Kind::Config, crate::text::printable(&format!("{shown}: {what}; fix it")));
        let text = text.replace("{nginx}", &d.nginx.version).replace("{alpine}", &d.alpine.version);
        let mut preset: Preset = toml::from_str(&text).map_err(|e| fail(e.message().to_string()))?;
        if presets.iter().any(|p| p.id == preset.id) {
            return Err(fail(format!("its id {} is a preset dockgen has; name the file {}.toml to change that one", preset.id, preset.id)));
        }
        if let Some(why) = preset.unusable_default() {
            return Err(fail(why));
        }
        preset.overlay_only = Some(shown.clone());
        overlaid.insert(preset.id.clone(), shown);
        presets.push(preset);
    }
    presets.sort_by(|a, b| b.priority.cmp(&a.priority).then(a.id.cmp(&b.id)));
    let _ = PRESETS.set(presets);
    let _ = OVERLAID.set(overlaid);
    Ok(())
}

/// `over`'s keys into `base`: tables merge key by key, any other value
/// replaces.
fn merge(base: &mut toml::Table, over: toml::Table) {
    for (k, v) in over {
        match (base.get_mut(&k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

/// The text of dockgen's own (embedded) preset file `name` (`node.toml`).
pub fn embedded_file(name: &str) -> Option<&'static str> {
    PRESETS_DIR.get_file(name).and_then(|f| f.contents_utf8())
}

/// The overlay file a preset came from, when one changed it.
pub fn overlay_of(id: &str) -> Option<&'static str> {
    OVERLAID.get()?.get(id).map(String::as_str)
}

/// All presets (the embedded ones, with this run's overlays), parsed once,
/// highest priority first.
pub fn all() -> &'static [Preset] {
    PRESETS.get_or_init(|| match parse_embedded() {
        Ok(p) => p,
        // The presets are compiled in and checked by unit tests; a failure
        // here is a dockgen bug, not a user error.
        Err(e) => panic!("dockgen bug: embedded presets are invalid: {e:#}"),
    })
}

/// Parses the embedded presets afresh: what [`all`] does once per process
/// (public for the startup benchmark).
pub fn parse_embedded() -> Result<Vec<Preset>> {
    load(&PRESETS_DIR)
}

/// `presets/defaults.toml`: the shared defaults presets name in their tags.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    pub debian: DebianDefault,
    pub nginx: VersionDefault,
    pub alpine: VersionDefault,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DebianDefault {
    pub codename: String,
    pub number: String,
    pub checked: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct VersionDefault {
    pub version: String,
    pub checked: String,
}

const DEFAULTS_FILE: &str = "defaults.toml";

/// The shared defaults, parsed once.
pub fn defaults() -> &'static Defaults {
    static DEFAULTS: OnceLock<Defaults> = OnceLock::new();
    DEFAULTS.get_or_init(|| match parse_defaults(&PRESETS_DIR) {
        Ok(d) => d,
        Err(e) => panic!("dockgen bug: embedded presets/defaults.toml is invalid: {e:#}"),
    })
}

fn parse_defaults(dir: &Dir<'_>) -> Result<Defaults> {
    let text = dir.get_file(DEFAULTS_FILE).and_then(|f| f.contents_utf8()).context("presets/defaults.toml is missing")?;
    toml::from_str(text).context("presets/defaults.toml is invalid")
}

fn load(dir: &Dir<'_>) -> Result<Vec<Preset>> {
    load_with(dir, &mut |_, text| Ok(text.to_string()))
}

/// The presets of `dir`, each file's text first passed through `text_of`
/// (the overlays).
fn load_with(dir: &Dir<'_>, text_of: &mut dyn FnMut(&str, &str) -> Result<String>) -> Result<Vec<Preset>> {
    let d = parse_defaults(dir)?;
    let mut presets = Vec::new();
    for file in dir.files() {
        let path = file.path().display().to_string();
        if !path.ends_with(".toml") || path == DEFAULTS_FILE || path == crate::images::FILE {
            continue;
        }
        let text = text_of(&path, file.contents_utf8().with_context(|| format!("preset {path} is not UTF-8"))?)?;
        let text = text
            // {debian} and {debian_number} stay: the plan fills them with
            // the newest release on which its images were published.
            .replace("{nginx}", &d.nginx.version)
            .replace("{alpine}", &d.alpine.version);
        let preset: Preset =
            toml::from_str(&text).with_context(|| format!("preset {path} is invalid"))?;
        if let Some(why) = preset.unusable_default() {
            bail!("preset {path}: {why}");
        }
        presets.push(preset);
    }
    presets.sort_by(|a, b| b.priority.cmp(&a.priority).then(a.id.cmp(&b.id)));
    Ok(presets)
}

/// Looks a preset up by id; the error lists the valid ids.
pub fn by_id(id: &str) -> Result<&'static Preset> {
    all().iter().find(|p| p.id == id).with_context(|| {
        format!(
            "unknown preset '{id}'; valid presets are: {} (run `dockgen presets` for details)",
            ids().join(", ")
        )
    })
}

pub fn ids() -> Vec<&'static str> {
    all().iter().map(|p| p.id.as_str()).collect()
}

/// Presets whose detect rules match, highest priority first.
pub fn matching(index: &DirIndex) -> Vec<&'static Preset> {
    all().iter().filter(|p| p.detect.matches(index)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(files: &[&str], dirs: &[&str]) -> DirIndex {
        let mut idx = DirIndex::default();
        for f in files {
            idx.files.insert(f.to_string());
            if let Some((_, e)) = f.rsplit_once('.') {
                idx.extensions.insert(e.to_string());
            }
        }
        for d in dirs {
            idx.dirs.insert(d.to_string());
        }
        idx
    }

    #[test]
    fn embedded_presets_parse_and_have_unique_ids() {
        let ids = ids();
        assert!(!ids.is_empty());
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), ids.len(), "duplicate preset ids: {ids:?}");
    }

    #[test]
    fn rules_match_on_any_positive_and_negation_vetoes() {
        let rules = DetectRules {
            files: vec!["go.mod".into(), "!skip.me".into()],
            extensions: vec!["go".into()],
            folders: vec![],
            sources: vec![],
            missing: None,
        };
        assert!(rules.matches(&index(&["go.mod"], &[])));
        assert!(rules.matches(&index(&["main.go"], &[])));
        assert!(!rules.matches(&index(&["go.mod", "skip.me"], &[])));
        assert!(!rules.matches(&index(&["README.md"], &["src"])));
    }

    #[test]
    fn unknown_preset_lists_valid_ones() {
        let err = by_id("cobol").unwrap_err().to_string();
        assert!(err.contains("unknown preset 'cobol'"), "{err}");
        assert!(err.contains("go"), "{err}");
    }
}
