//! The generated files against the files on disk: where each one goes,
//! the keep blocks carried over, and whether it differs. Shared by `init`
//! (which writes), `init --diff` and `check` (which only compare).

use anyhow::Result;
use serde::Serialize;
use std::path::{Path, PathBuf};

use crate::model::Plan;
use crate::render::OutputFile;

/// One file dockgen generates, placed: its folder and its final text.
#[derive(Debug, Clone)]
pub struct Placed {
    pub dir: PathBuf,
    pub file: OutputFile,
    /// compose.yaml at a workspace root: merged into the file there.
    pub merged: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Identical,
    Drifted,
    Missing,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileState {
    /// The file, as the user names it (relative to where dockgen ran).
    pub path: String,
    pub state: State,
    /// `diff -u` from the file on disk to the generated one (empty when identical).
    #[serde(skip)]
    pub diff: String,
}

/// Where each of `files` goes (compose.yaml to the workspace root), with
/// the `# dockgen: keep` blocks of the file on disk carried into it and a
/// root compose.yaml merged with the other members' services. Returns the
/// warnings too (a keep block whose anchor is gone).
pub fn place(plan: &Plan, files: Vec<OutputFile>) -> Result<(Vec<Placed>, Vec<String>)> {
    let dir = plan.project_dir.clone();
    let root = match &plan.workspace {
        Some(ws) if ws.member != "." => Some(crate::workspace::root_dir(&dir, &ws.member)),
        _ => None,
    };
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    for mut file in files {
        if file.kind == crate::render::FileKind::Compose
            && let Some(root) = &root
        {
            let merged = match std::fs::read_to_string(root.join("compose.yaml")) {
                Ok(old) => {
                    let service = plan.compose.as_ref().map(|c| c.service.as_str()).unwrap_or("app");
                    file.contents = crate::compose::merge(&old, &file.contents, service)?;
                    true
                }
                Err(_) => false,
            };
            out.push(Placed { dir: root.clone(), file, merged });
            continue;
        }
        if let Ok(old) = std::fs::read_to_string(dir.join(&file.name)) {
            let (text, w) = crate::keep::carry(&file.contents, &old, &file.name)?;
            file.contents = text;
            warnings.extend(w);
        }
        out.push(Placed { dir: dir.clone(), file, merged: false });
    }
    Ok((out, warnings))
}

/// Each placed file against the disk.
pub fn compare(placed: &[Placed]) -> Vec<FileState> {
    placed
        .iter()
        .map(|p| {
            let path = p.dir.join(&p.file.name);
            let shown = shown(&path);
            match std::fs::read_to_string(&path) {
                Err(_) => FileState {
                    diff: shown_diff(&shown, "", &p.file.contents),
                    path: shown,
                    state: State::Missing,
                },
                Ok(old) if old == p.file.contents => FileState { path: shown, state: State::Identical, diff: String::new() },
                // Digests move with the registry, not the project: `dockgen pin --check` watches them.
                Ok(old) if p.file.kind == crate::render::FileKind::Dockerfile && crate::pin::unpinned(&old) == crate::pin::unpinned(&p.file.contents) => {
                    FileState { path: shown, state: State::Identical, diff: String::new() }
                }
                Ok(old) => FileState { diff: shown_diff(&shown, &old, &p.file.contents), path: shown, state: State::Drifted },
            }
        })
        .collect()
}

/// The diff for a terminal: the file on disk may hold anything (a hostile
/// repository's escape sequences), so every line is made printable.
fn shown_diff(name: &str, old: &str, new: &str) -> String {
    crate::text::printable_lines(&crate::text::unified_diff(name, old, new))
}

/// A path as people read it: `./` dropped.
fn shown(path: &Path) -> String {
    let s = path.display().to_string();
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}
