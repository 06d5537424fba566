//! One cheap, non-recursive look at the project folder.
//!
//! Detection starts here and never walks the tree: a single `read_dir` of the
//! root sorts its entries into files, folders and extensions. Presets' detect
//! rules are matched against this index; detectors then read only the manifests
//! they name, through [`DirIndex::read`], which bounds size and stays inside the
//! project.

use anyhow::{Context, Result, bail};
use std::collections::BTreeSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};


/// The largest manifest or source file a detector will read.
pub const MAX_MANIFEST_BYTES: u64 = 4 * 1024 * 1024;

/// What one `read_dir` of the project root saw.
#[derive(Debug, Clone, Default)]
pub struct DirIndex {
    pub root: PathBuf,
    /// The root with symlinks resolved, once, for [`DirIndex::read`]'s check.
    pub canonical_root: PathBuf,
    pub files: BTreeSet<String>,
    pub dirs: BTreeSet<String>,
    pub extensions: BTreeSet<String>,
}

impl DirIndex {
    /// Reads the top level of `root` once. Symlinks are classified by what they
    /// point at, so a linked `go.mod` still counts as a file.
    pub fn scan(root: &Path) -> Result<Self> {
        let entries = fs::read_dir(root).with_context(|| {
            format!(
                "cannot read the project folder {}; check that it exists and is readable",
                root.display()
            )
        })?;
        let mut index = DirIndex {
            root: root.to_path_buf(),
            canonical_root: root.canonicalize().with_context(|| {
                format!("cannot resolve the project folder {}", root.display())
            })?,
            ..Default::default()
        };
        for entry in entries.flatten() {
            let Ok(name) = entry.file_name().into_string() else {
                continue; // a non-UTF-8 name can't be a manifest we know
            };
            let Ok(kind) = entry.file_type() else { continue };
            let is_dir = if kind.is_symlink() {
                fs::metadata(entry.path()).map(|m| m.is_dir()).unwrap_or(false)
            } else {
                kind.is_dir()
            };
            if is_dir {
                index.dirs.insert(name);
            } else {
                if let Some((_, ext)) = name.rsplit_once('.')
                    && !ext.is_empty()
                {
                    index.extensions.insert(ext.to_string());
                }
                index.files.insert(name);
            }
        }
        Ok(index)
    }

    pub fn has_file(&self, name: &str) -> bool {
        self.files.contains(name)
    }

    pub fn has_dir(&self, name: &str) -> bool {
        self.dirs.contains(name)
    }

    pub fn has_extension(&self, ext: &str) -> bool {
        self.extensions.contains(ext)
    }

    /// A short listing for "nothing detected" messages: folders end in `/`.
    pub fn listing(&self, max: usize) -> String {
        let mut names: Vec<String> = self
            .dirs
            .iter()
            .map(|d| format!("{d}/"))
            .chain(self.files.iter().cloned())
            .collect();
        if names.is_empty() {
            return "(the folder is empty)".to_string();
        }
        let more = names.len().saturating_sub(max);
        names.truncate(max);
        let mut s = names.join(", ");
        if more > 0 {
            s.push_str(&format!(" and {more} more"));
        }
        s
    }
}

impl DirIndex {
    /// The regular files directly in a project folder (not the tree below
    /// it), as paths relative to the root, sorted; at most 1,000. A folder
    /// reached through a symlink that leaves the project is refused.
    pub fn list(&self, rel: &str) -> Result<Vec<String>> {
        let dir = self.root.join(rel);
        let real = dir.canonicalize().with_context(|| format!("cannot read the folder {rel}"))?;
        if !real.starts_with(&self.canonical_root) {
            bail!("{rel} leads outside the project (a symlink); dockgen reads only inside it");
        }
        let mut out: Vec<String> = fs::read_dir(&real)
            .with_context(|| format!("cannot read the folder {rel}"))?
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .filter_map(|e| e.file_name().into_string().ok())
            .take(1000)
            .map(|name| format!("{}/{name}", rel.trim_end_matches('/')))
            .collect();
        out.sort();
        Ok(out)
    }

    /// Reads a project file named relative to the root, as UTF-8 text.
    ///
    /// Refuses files larger than [`MAX_MANIFEST_BYTES`], files reached through a
    /// symlink that leaves the project, and non-UTF-8 content, each with a
    /// sentence that names the file.
    pub fn read(&self, rel: &str) -> Result<String> {
        let canon = self
            .root
            .join(rel)
            .canonicalize()
            .with_context(|| format!("cannot read {rel}: it does not exist or is a broken link"))?;
        if !canon.starts_with(&self.canonical_root) {
            bail!(
                "{rel} is a symlink to {}, outside the project; dockgen does not follow it. Replace the link with the file itself",
                canon.display()
            );
        }
        // A FIFO or device would block or never end: only regular files are read.
        let meta = fs::metadata(&canon).with_context(|| format!("cannot read {rel}; check its permissions"))?;
        if !meta.is_file() {
            bail!("{rel} is not a regular file (a folder, FIFO or device); replace it with the file itself or remove it");
        }
        let file = fs::File::open(&canon)
            .with_context(|| format!("cannot open {rel}; check its permissions"))?;
        let mut buf = Vec::new();
        file.take(MAX_MANIFEST_BYTES + 1)
            .read_to_end(&mut buf)
            .with_context(|| format!("cannot read {rel}"))?;
        if buf.len() as u64 > MAX_MANIFEST_BYTES {
            bail!(
                "{rel} is larger than {} MiB, too big for a manifest; dockgen stops there. Trim the file or pass the values as flags",
                MAX_MANIFEST_BYTES / 1024 / 1024
            );
        }
        String::from_utf8(buf).map_err(|e| {
            anyhow::anyhow!(
                "{rel} is not valid UTF-8 (bad byte at offset {}); save it as UTF-8",
                e.utf8_error().valid_up_to()
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_sorts_top_level_entries_without_recursing() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("go.mod"), "module x\n").unwrap();
        fs::write(dir.path().join("main.go"), "package main\n").unwrap();
        fs::create_dir_all(dir.path().join("cmd/deep/deeper")).unwrap();
        fs::write(dir.path().join("cmd/deep/x.py"), "").unwrap();
        let idx = DirIndex::scan(dir.path()).unwrap();
        assert!(idx.has_file("go.mod"));
        assert!(idx.has_extension("go"));
        assert!(idx.has_dir("cmd"));
        assert!(!idx.has_extension("py"), "must not look below the root");
        assert_eq!(idx.listing(10), "cmd/, go.mod, main.go");
        assert_eq!(idx.listing(1), "cmd/ and 2 more");
    }

    #[test]
    fn read_refuses_oversized_and_non_utf8() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("bad"), [0x66, 0xff, 0x00]).unwrap();
        let idx = DirIndex::scan(dir.path()).unwrap();
        let err = idx.read("bad").unwrap_err().to_string();
        assert!(err.contains("bad is not valid UTF-8"), "{err}");
        let big = vec![b'a'; (MAX_MANIFEST_BYTES + 1) as usize];
        fs::write(dir.path().join("big"), big).unwrap();
        let err = idx.read("big").unwrap_err().to_string();
        assert!(err.contains("larger than 4 MiB"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn read_does_not_follow_links_out_of_the_project() {
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("secret"), "x").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret"), dir.path().join("go.mod"))
            .unwrap();
        let err = DirIndex::scan(dir.path()).unwrap().read("go.mod").unwrap_err().to_string();
        assert!(err.contains("outside the project"), "{err}");
    }
}
