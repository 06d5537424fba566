//! Cargo's manifests, read with the toml crate: the package, the binaries it
//! builds (explicit `[[bin]]`, `src/main.rs`, `src/bin/*.rs`), a workspace's
//! members, the Rust version it asks for, and the crates in Cargo.lock.

use anyhow::{Result, bail};
use serde::Deserialize;
use std::collections::BTreeMap;

use crate::model::Sourced;
use crate::scan::DirIndex;

/// The parts of a Cargo.toml dockgen reads.
#[derive(Debug, Default, Deserialize)]
pub(super) struct Manifest {
    pub package: Option<Package>,
    #[serde(default)]
    pub bin: Vec<Bin>,
    pub workspace: Option<Workspace>,
    #[serde(default)]
    pub dependencies: BTreeMap<String, toml::Value>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct Package {
    pub name: Option<String>,
    #[serde(rename = "rust-version")]
    pub rust_version: Option<toml::Value>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct Bin {
    pub name: Option<String>,
    pub path: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct Workspace {
    #[serde(default)]
    pub members: Vec<String>,
    #[serde(default)]
    pub exclude: Vec<String>,
    pub package: Option<Package>,
}

/// One binary target: its name, its main file, and the package (folder)
/// it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Target {
    pub name: String,
    pub main_file: String,
    pub package_dir: String,
    /// The package's name (`cargo rustc -p` needs it in a workspace).
    pub package: String,
    /// The package's dependency names (for the framework and the pick).
    pub dependencies: Vec<String>,
}

/// A crate, binary or folder name that can stand in a shell command and a
/// path as-is.
pub(super) fn safe_name(s: &str) -> bool {
    !s.is_empty() && s.len() <= 64 && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')) && !s.starts_with('.')
}

fn safe_path(p: &str) -> bool {
    !p.starts_with('/') && p.split('/').all(|s| s != ".." && (s.is_empty() || s == "." || safe_name(s) || s.ends_with(".rs") && safe_name(s.trim_end_matches(".rs"))))
}

pub(super) fn read_manifest(index: &DirIndex, file: &str) -> Result<Manifest> {
    index.read_toml(file)
}

/// The folders of a workspace's members: literal paths, and `dir/*` globs
/// expanded one level (the common forms), each with its own Cargo.toml.
pub(super) fn members(index: &DirIndex, ws: &Workspace) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for m in &ws.members {
        let m = m.trim_end_matches('/');
        let found: Vec<String> = match m.strip_suffix("/*") {
            Some(parent) if !parent.contains('*') => index.subdirs(parent).into_iter().map(|d| format!("{parent}/{d}")).collect(),
            None if !m.contains(['*', '?', '[']) => vec![m.to_string()],
            _ => bail!("Cargo.toml: the workspace member pattern \"{}\" is more than a folder or folder/*; list the members by path", crate::text::printable(m)),
        };
        for dir in found {
            if !safe_path(&dir) {
                bail!("Cargo.toml: the workspace member \"{}\" is not a plain relative folder; dockgen writes member paths into the Dockerfile, so rename it", crate::text::printable(&dir));
            }
            if ws.exclude.iter().any(|e| e.trim_end_matches('/') == dir) || !index.is_file(&format!("{dir}/Cargo.toml")) {
                continue;
            }
            out.push(dir);
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// The binaries one package builds. `dir` is "." for the root.
pub(super) fn targets(index: &DirIndex, dir: &str, manifest: &Manifest, file: &str) -> Result<Vec<Target>> {
    let Some(package) = &manifest.package else { return Ok(Vec::new()) };
    let prefix = if dir == "." { String::new() } else { format!("{dir}/") };
    let package_name = package.name.clone().unwrap_or_default();
    if !package_name.is_empty() && !safe_name(&package_name) {
        bail!("{file}: the package name \"{}\" has characters dockgen does not write into a Dockerfile; name it with letters, digits, '-' and '_'", crate::text::printable(&package_name));
    }
    let dependencies: Vec<String> = manifest.dependencies.keys().cloned().collect();
    let target = |name: &str, main: &str| -> Result<Target> {
        if !safe_name(name) {
            bail!("{file}: the binary name \"{}\" has characters dockgen does not write into a Dockerfile; name it with letters, digits, '-' and '_'", crate::text::printable(name));
        }
        if !safe_path(main) {
            bail!("{file}: the binary {name}'s path \"{}\" is not a plain relative path; use one such as src/main.rs", crate::text::printable(main));
        }
        Ok(Target { name: name.to_string(), main_file: format!("{prefix}{main}"), package_dir: dir.to_string(), package: package_name.clone(), dependencies: dependencies.clone() })
    };
    let mut out = Vec::new();
    for b in &manifest.bin {
        let name = b.name.clone().unwrap_or_else(|| package_name.clone());
        let path = b.path.clone().unwrap_or_else(|| if name == package_name { "src/main.rs".into() } else { format!("src/bin/{name}.rs") });
        out.push(target(&name, &path)?);
    }
    if index.is_file(&format!("{prefix}src/main.rs")) && !out.iter().any(|t| t.main_file == format!("{prefix}src/main.rs")) {
        out.push(target(&package_name, "src/main.rs")?);
    }
    let bin_dir = format!("{prefix}src/bin");
    if index.is_dir(&bin_dir) {
        for file in index.list(&bin_dir)? {
            let Some(stem) = file.rsplit('/').next().and_then(|f| f.strip_suffix(".rs")) else { continue };
            if !out.iter().any(|t| t.main_file == file) && !out.iter().any(|t| t.name == stem) {
                out.push(target(stem, &format!("src/bin/{stem}.rs"))?);
            }
        }
        for sub in index.subdirs(&bin_dir) {
            if index.is_file(&format!("{bin_dir}/{sub}/main.rs")) && !out.iter().any(|t| t.name == sub) {
                out.push(target(&sub, &format!("src/bin/{sub}/main.rs"))?);
            }
        }
    }
    Ok(out)
}

/// `rust-version` in Cargo.toml (the package's, or the workspace's): the
/// oldest Rust that builds the crate, not the one to build with.
pub(super) fn minimum_version(manifest: &Manifest) -> Result<Option<Sourced<String>>> {
    let stated = manifest
        .package
        .as_ref()
        .and_then(|p| p.rust_version.as_ref())
        .or(manifest.workspace.as_ref().and_then(|w| w.package.as_ref()?.rust_version.as_ref()));
    if let Some(v) = stated.and_then(|v| v.as_str()) {
        return match minor(v) {
            Some(m) => Ok(Some(Sourced::new(m, format!("Cargo.toml (rust-version {v})")))),
            None => bail!("Cargo.toml: rust-version \"{}\" is not a Rust version; write one such as 1.85", crate::text::printable(v)),
        };
    }
    Ok(None)
}

/// The toolchain the project pins: rust-toolchain.toml's channel or the
/// legacy rust-toolchain file. A channel such as `stable` pins nothing.
pub(super) fn pinned_version(index: &DirIndex) -> Result<Option<Sourced<String>>> {
    if index.has_file("rust-toolchain.toml") {
        let t: toml::Table = index.read_toml("rust-toolchain.toml")?;
        if let Some(ch) = t.get("toolchain").and_then(|t| t.get("channel")).and_then(|c| c.as_str()) {
            return Ok(minor(ch).map(|m| Sourced::new(m, format!("rust-toolchain.toml (channel {ch})"))));
        }
    } else if index.has_file("rust-toolchain") {
        let text = index.read("rust-toolchain")?;
        let ch = text.trim();
        return Ok(minor(ch).map(|m| Sourced::new(m, format!("rust-toolchain ({ch})"))));
    }
    Ok(None)
}

/// `1.85.0` or `1.85` → `1.85`; anything else (a channel name) → None.
pub(super) fn minor(v: &str) -> Option<String> {
    crate::version::minor(v, Some(1))
}

/// Crate names in Cargo.lock (its `[[package]]` entries).
pub(super) fn locked_crates(index: &DirIndex) -> Result<Vec<String>> {
    #[derive(Deserialize)]
    struct Lock {
        #[serde(default)]
        package: Vec<LockedPackage>,
    }
    #[derive(Deserialize)]
    struct LockedPackage {
        name: String,
    }
    if !index.has_file("Cargo.lock") {
        return Ok(Vec::new());
    }
    let lock: Lock = index.read_toml("Cargo.lock")?;
    Ok(lock.package.into_iter().map(|p| p.name).collect())
}
