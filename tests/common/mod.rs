//! Helpers shared by the integration tests.
#![allow(dead_code)] // each test crate uses some of them

use std::path::{Path, PathBuf};

/// `examples/<name>`.
pub fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(name)
}

/// Every folder under `examples/`, sorted.
pub fn examples() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(example("")).unwrap().flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    dirs
}

/// Copies a folder tree (an example) into `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// The `app` an example's e2e.toml names: the workspace member dockgen is
/// run in.
pub fn e2e_app(example: &Path) -> Option<String> {
    let text = std::fs::read_to_string(example.join("e2e.toml")).ok()?;
    let spec: toml::Table = toml::from_str(&text).unwrap();
    spec.get("app")?.as_str().map(str::to_string)
}
