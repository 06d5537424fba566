//! `dockgen eject <preset>`: dockgen's preset and every template it uses,
//! copied into the project's `.dockgen/` to edit, each with a first line
//! naming the dockgen it came from and a digest of dockgen's text, so
//! `check` can say when a newer dockgen changed a file you ejected.

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};
use std::path::Path;

use super::Report;
use crate::render::{FileKind, OutputFile};

/// The marker of an ejected file's first line.
const MARK: &str = "dockgen eject:";

pub fn run(args: &crate::cli::EjectArgs) -> Result<Report> {
    let preset = crate::preset::by_id(&args.preset)?;
    let dir = args.path.join(crate::overlay::PROJECT_DIR);
    let mut files = Vec::new();
    let name = format!("{}.toml", preset.id);
    let text = crate::preset::embedded_file(&name).with_context(|| format!("dockgen bug: preset {} has no file {name}", preset.id))?;
    files.push(OutputFile::new(FileKind::Other, format!("presets/{name}"), format!("# {}\n{text}", header(text))));
    for t in templates_of(&preset.template) {
        let text = crate::render::embedded_template(&t).with_context(|| format!("dockgen bug: no template {t}"))?;
        // A whitespace-trimming comment: the rendered output is unchanged.
        files.push(OutputFile::new(FileKind::Other, format!("templates/{t}"), format!("{{#- {} -#}}\n{text}", header(text))));
    }
    let mut stderr = Vec::new();
    // The writer takes plain names: each file is written in its own folder.
    for f in files {
        let (sub, base) = f.name.rsplit_once('/').unwrap_or(("", &f.name));
        let folder = dir.join(sub);
        std::fs::create_dir_all(&folder).with_context(|| format!("cannot create {}; check that the folder is writable", folder.display()))?;
        let one = OutputFile::new(f.kind, base, f.contents.clone());
        for outcome in crate::write::write_all(&folder, &[one], args.force)? {
            stderr.push(match outcome {
                crate::write::Outcome::Created(p) => format!("Created {}", p.display()),
                crate::write::Outcome::Replaced { path, backup } => format!("Replaced {} (yours kept as {})", path.display(), backup.display()),
                crate::write::Outcome::Unchanged(p) => format!("Unchanged {}", p.display()),
            });
        }
    }
    stderr.push("These files now replace dockgen's for this project: edit them, then run `dockgen init --force` (docs/templates.md). Delete one to use dockgen's again.".to_string());
    Ok(Report { stderr, ..Default::default() })
}

/// `dockgen eject: from dockgen 0.1.0, dockgen's text sha256:…`.
fn header(text: &str) -> String {
    format!("{MARK} from dockgen {}, dockgen's text sha256:{}", env!("CARGO_PKG_VERSION"), digest(text))
}

fn digest(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().take(12).map(|b| format!("{b:02x}")).collect()
}

/// A template and the ones it includes, in the order first met; and
/// `.dockerignore`'s, which every preset renders.
fn templates_of(main: &str) -> Vec<String> {
    let mut out = vec![main.to_string()];
    let mut i = 0;
    while i < out.len() {
        let text = crate::render::embedded_template(&out[i]).unwrap_or_default();
        for inc in text.split("{% include \"").skip(1).filter_map(|r| r.split_once('"').map(|(n, _)| n.to_string())) {
            if !out.contains(&inc) {
                out.push(inc);
            }
        }
        i += 1;
    }
    out.push("dockerignore.j2".to_string());
    out
}

/// One warning per ejected file whose dockgen text has changed since it
/// was ejected (`check` prints them).
pub fn stale(project: &Path) -> Vec<String> {
    let dir = project.join(crate::overlay::PROJECT_DIR);
    let Ok(index) = crate::scan::DirIndex::scan(&dir) else { return Vec::new() };
    let mut out = Vec::new();
    for sub in ["presets", "templates"] {
        for rel in walk(&index, sub) {
            let Ok(text) = index.read(&rel) else { continue };
            let Some(line) = text.lines().next().filter(|l| l.contains(MARK)) else { continue };
            let Some(recorded) = line.split("sha256:").nth(1).map(|r| r.trim_end_matches(|c: char| !c.is_ascii_hexdigit())) else { continue };
            let name = rel.split_once('/').map(|(_, n)| n).unwrap_or(&rel);
            let now = if sub == "presets" { crate::preset::embedded_file(name) } else { crate::render::embedded_template(name) };
            if now.is_some_and(|t| digest(t) != recorded) {
                let from = line.split("from dockgen ").nth(1).and_then(|r| r.split(',').next()).unwrap_or("?");
                out.push(crate::text::printable(&format!(
                    "{}/{rel}: dockgen {} changed its own version of this file since you ejected it (from dockgen {from}); compare: `dockgen eject <preset> {} --force` writes dockgen's anew and keeps yours as .bak",
                    crate::overlay::PROJECT_DIR,
                    env!("CARGO_PKG_VERSION"),
                    project.display()
                )));
            }
        }
    }
    out
}

/// Every file under `rel` in `index`, two folders deep at most.
fn walk(index: &crate::scan::DirIndex, rel: &str) -> Vec<String> {
    let mut out = index.list(rel).unwrap_or_default();
    for d in index.subdirs(rel) {
        let sub = format!("{rel}/{d}");
        out.extend(index.list(&sub).unwrap_or_default());
        for dd in index.subdirs(&sub) {
            out.extend(index.list(&format!("{sub}/{dd}")).unwrap_or_default());
        }
    }
    out
}
