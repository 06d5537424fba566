//! Helpers shared by the integration tests.
#![allow(dead_code)] // each test crate uses some of them

use std::path::{Path, PathBuf};

/// `examples/<name>`.
pub fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(name)
}

/// Every folder under `examples/`, sorted; not those with overlays
/// (`.dockgen/`), which only a dockgen process run there sees (a test
/// process plans many projects): `tests/cli.rs` snapshots them.
pub fn examples() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(example("")).unwrap().flatten().map(|e| e.path()).filter(|p| p.is_dir() && !p.join(".dockgen").is_dir()).collect();
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

/// A copy of an example in a temp dir, so tests can write into it.
pub fn copy_of(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&example(name), dir.path());
    dir
}

/// A docker CLI stand-in in `dir` that answers `manifest inspect` with
/// `digest` and fails everything else: pinning without a registry.
pub fn fake_docker(dir: &Path, digest: &str) -> PathBuf {
    let script = dir.join("fake-docker");
    std::fs::write(&script, format!("#!/bin/sh\nif [ \"$1 $2\" = \"manifest inspect\" ]; then echo '{{\"Descriptor\":{{\"digest\":\"{digest}\"}}}}'; exit 0; fi\nexit 1\n")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    script
}
