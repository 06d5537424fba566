//! Your presets and templates over dockgen's: a file at the same relative
//! path in the project's `.dockgen/` folder, else in the user-level config
//! folder, replaces the embedded one (`templates/node/Dockerfile.j2`,
//! `templates/partials/user.j2`); a preset file there sets only the keys it
//! changes (`presets/node.toml`).
//!
//! The folders are chosen once per run, before anything plans or renders
//! ([`activate`]), and read through [`DirIndex`] (bounded sizes, no
//! symlinks out). A user template is trusted like the user's Makefile;
//! values from the project still go through the same escaping filters.

use anyhow::Result;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use crate::scan::DirIndex;

/// The project's overlay folder, relative to the app's folder.
pub const PROJECT_DIR: &str = ".dockgen";

/// One overlay folder and how people know it.
#[derive(Debug, Clone)]
pub struct Folder {
    /// `.dockgen` (the project's) or the user folder's path.
    pub shown: String,
    pub dir: PathBuf,
}

static FOLDERS: OnceLock<Vec<Folder>> = OnceLock::new();
static USED: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());

/// The user-level config folder: `$DOCKGEN_CONFIG_HOME`, else the
/// platform's (`~/.config/dockgen` on Linux).
pub fn user_dir() -> Option<PathBuf> {
    std::env::var_os("DOCKGEN_CONFIG_HOME").map(PathBuf::from).or_else(|| dirs::config_dir().map(|d| d.join("dockgen")))
}

/// Chooses this run's overlay folders: `<project>/.dockgen`, then the user
/// folder, each when it exists. The first call wins (one project per run).
pub fn activate(project: &Path) {
    let mut folders = Vec::new();
    let local = project.join(PROJECT_DIR);
    if local.is_dir() {
        folders.push(Folder { shown: PROJECT_DIR.to_string(), dir: local });
    }
    if let Some(user) = user_dir().filter(|d| d.is_dir()) {
        folders.push(Folder { shown: user.display().to_string(), dir: user });
    }
    let _ = FOLDERS.set(folders);
}

/// This run's overlay folders, nearest first (none before [`activate`]).
pub fn folders() -> &'static [Folder] {
    FOLDERS.get().map(Vec::as_slice).unwrap_or(&[])
}

/// The overlay file at `rel` (`templates/node/Dockerfile.j2`): where it is,
/// as people see it, and its text; none when no folder has it. Recorded
/// as used.
pub fn read(rel: &str) -> Result<Option<(String, String)>> {
    for f in folders() {
        let index = DirIndex::scan(&f.dir)?;
        if index.is_file(rel) {
            let text = index.read(rel)?;
            let shown = format!("{}/{rel}", f.shown);
            USED.lock().unwrap_or_else(|e| e.into_inner()).insert(shown.clone());
            return Ok(Some((shown, text)));
        }
    }
    Ok(None)
}

/// The files directly in folder `rel` (`presets`) of every overlay
/// folder, nearest first, a name in a nearer folder hiding the same name
/// further out: where each is, as people see it, and its text.
pub fn files(rel: &str) -> Result<Vec<(String, String)>> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for f in folders() {
        let index = DirIndex::scan(&f.dir)?;
        if !index.is_dir(rel) {
            continue;
        }
        for path in index.list(rel)? {
            if seen.insert(path.clone()) {
                let text = index.read(&path)?;
                let shown = format!("{}/{path}", f.shown);
                USED.lock().unwrap_or_else(|e| e.into_inner()).insert(shown.clone());
                out.push((shown, text));
            }
        }
    }
    Ok(out)
}

/// Where the overlay of `rel` would come from, without reading it.
pub fn source_of(rel: &str) -> Option<String> {
    folders().iter().find(|f| f.dir.join(rel).is_file()).map(|f| format!("{}/{rel}", f.shown))
}

/// The overlay files read so far in this run.
pub fn used() -> Vec<String> {
    USED.lock().unwrap_or_else(|e| e.into_inner()).iter().cloned().collect()
}
