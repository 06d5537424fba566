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
    /// The workspace this folder is a member of, found by walking up
    /// (see [`crate::workspace`]); its root's index reads files outside.
    pub workspace: Option<std::sync::Arc<Workspace>>,
}

impl DirIndex {
    /// Reads the top level of `root` once. Symlinks are classified by what they
    /// point at, so a linked `go.mod` still counts as a file.
    pub fn scan(root: &Path) -> Result<Self> {
        let entries = fs::read_dir(root).with_context(|| crate::error::Failure {
            kind: crate::error::Kind::NoProject,
            message: format!("cannot read the project folder {}; check that it exists and is readable", root.display()),
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

/// One entry of a project folder, from [`DirIndex::entries`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub is_dir: bool,
}

impl DirIndex {
    /// `rel` resolved, when it exists and stays inside the project (a
    /// symlink that leaves it counts as absent).
    fn inside(&self, rel: &str) -> Option<PathBuf> {
        let real = self.root.join(rel).canonicalize().ok()?;
        real.starts_with(&self.canonical_root).then_some(real)
    }

    /// Whether `rel` is a file or folder inside the project.
    pub fn exists(&self, rel: &str) -> bool {
        self.inside(rel).is_some()
    }

    /// Whether `rel` is a regular file inside the project.
    pub fn is_file(&self, rel: &str) -> bool {
        self.inside(rel).is_some_and(|p| p.is_file())
    }

    /// Whether `rel` is a folder inside the project.
    pub fn is_dir(&self, rel: &str) -> bool {
        self.inside(rel).is_some_and(|p| p.is_dir())
    }

    /// Whether `rel` is a file inside the project with an execute bit
    /// (a build wrapper such as mvnw; elsewhere than Unix: whether it exists).
    pub fn is_executable(&self, rel: &str) -> bool {
        let Some(p) = self.inside(rel) else { return false };
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        }
        #[cfg(not(unix))]
        {
            p.is_file()
        }
    }

    /// The entries directly in a project folder, sorted by name: symlinks and
    /// names that are not UTF-8 are left out, and at most 1,000 are read.
    /// A missing folder has none.
    pub fn entries(&self, rel: &str) -> Vec<Entry> {
        let Some(real) = self.inside(rel) else { return Vec::new() };
        let Ok(read) = fs::read_dir(real) else { return Vec::new() };
        let mut out: Vec<Entry> = read
            .flatten()
            .take(1000)
            .filter_map(|e| {
                let kind = e.file_type().ok()?;
                let name = e.file_name().into_string().ok()?;
                (!kind.is_symlink()).then_some(Entry { name, is_dir: kind.is_dir() })
            })
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    /// The folders directly in a project folder (names only, sorted).
    pub fn subdirs(&self, rel: &str) -> Vec<String> {
        self.entries(rel).into_iter().filter(|e| e.is_dir).map(|e| e.name).collect()
    }

    /// A project file parsed as JSON; the error names the file.
    pub fn read_json(&self, rel: &str) -> Result<serde_json::Value> {
        let text = self.read(rel)?;
        serde_json::from_str(&text).map_err(|e| {
            anyhow::anyhow!("{rel} is not valid JSON (line {}, column {}); fix the file", e.line(), e.column())
        })
    }

    /// A project file parsed as TOML into `T`; the error names the file and
    /// the line.
    pub fn read_toml<T: serde::de::DeserializeOwned>(&self, rel: &str) -> Result<T> {
        let text = self.read(rel)?;
        toml::from_str(&text).map_err(|e| {
            let at = e
                .span()
                .map(|s| format!(" at line {}", text[..s.start.min(text.len())].lines().count().max(1)))
                .unwrap_or_default();
            anyhow::anyhow!("{rel} is not valid TOML{at} ({}); fix it", e.message())
        })
    }

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

// The workspace a project folder belongs to: data the index carries;
// `detect::workspaces` finds it.

/// What a language read from a workspace root's own manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decl {
    /// The language that declared it (a preset's `language`).
    pub language: &'static str,
    /// What people call it: `pnpm workspace`, `uv workspace`, `go.work`.
    pub kind: String,
    /// The file that declares it, relative to the root.
    pub manifest: String,
    /// The root's lockfile, when there is one.
    pub lockfile: Option<String>,
    /// The members, as folders relative to the root (`/`-separated; `.`
    /// for the root itself), sorted.
    pub members: Vec<String>,
}

/// The workspace a project folder belongs to.
#[derive(Debug, Clone)]
pub struct Workspace {
    pub decl: Decl,
    /// The root's index: the only way to read files outside the member.
    pub root: DirIndex,
    /// This member, relative to the root (`apps/api`; `.` for the root).
    pub member: String,
    /// What a language read from every member once (their manifests),
    /// shared by the members of one run: listing a root's deployable
    /// members reads each manifest once, not once per member.
    pub memo: Memo,
}

/// A member's manifest as its language read it: the member's folder, the
/// manifest's JSON object, and the packages it depends on.
#[derive(Debug, Clone)]
pub struct MemberManifest {
    pub dir: String,
    pub json: serde_json::Map<String, serde_json::Value>,
    pub deps: Vec<String>,
    pub dev_deps: Vec<String>,
}

/// Every member's manifest by package name, read once per run.
pub type Manifests = std::collections::BTreeMap<String, MemberManifest>;

/// The workspace's member manifests, computed once.
#[derive(Clone, Default)]
pub struct Memo(std::sync::Arc<std::sync::OnceLock<std::sync::Arc<Manifests>>>);

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Memo")
    }
}

impl Workspace {
    /// `read()`'s result, computed by the first member that asks; an error
    /// is not kept (the next asker reads again and reports it).
    pub fn memo(&self, read: impl FnOnce() -> Result<Manifests>) -> Result<std::sync::Arc<Manifests>> {
        if let Some(v) = self.memo.0.get() {
            return Ok(v.clone());
        }
        let v = std::sync::Arc::new(read()?);
        Ok(self.memo.0.get_or_init(|| v).clone())
    }
}

impl Workspace {
    /// The way from the member up to the root: `../..` (`.` for the root).
    pub fn up(&self) -> String {
        if self.member == "." {
            return ".".to_string();
        }
        vec![".."; self.member.split('/').count()].join("/")
    }

    /// A member-relative path as the root sees it: `apps/api/src`.
    pub fn in_member(&self, rel: &str) -> String {
        join(&self.member, rel)
    }
}

/// `a/b` joined, where `.` stands for nothing.
pub fn join(dir: &str, rel: &str) -> String {
    match (dir, rel) {
        (".", r) | ("", r) => r.to_string(),
        (d, ".") | (d, "") => d.to_string(),
        (d, r) => format!("{d}/{r}"),
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
    fn the_checks_below_the_root_stay_inside_the_project() {
        use std::os::unix::fs::{PermissionsExt, symlink};
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("Main.java"), "x").unwrap();
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("src/pkg")).unwrap();
        fs::write(dir.path().join("src/pkg/__init__.py"), "").unwrap();
        fs::write(dir.path().join("src/a.toml"), "x = 1\ny = = 2\n").unwrap();
        fs::write(dir.path().join("mvnw"), "#!/bin/sh\n").unwrap();
        symlink(outside.path(), dir.path().join("src/linked")).unwrap();
        symlink(outside.path().join("Main.java"), dir.path().join("src/Main.java")).unwrap();
        let idx = DirIndex::scan(dir.path()).unwrap();
        assert!(idx.is_file("src/pkg/__init__.py") && idx.is_dir("src/pkg") && idx.exists("src"));
        assert!(!idx.is_file("src/Main.java"), "a link out of the project is absent");
        assert!(!idx.is_dir("src/linked") && !idx.exists("src/linked/Main.java"));
        let names: Vec<String> = idx.entries("src").into_iter().map(|e| e.name).collect();
        assert_eq!(names, ["a.toml", "pkg"], "symlinks are left out");
        assert_eq!(idx.subdirs("src"), ["pkg"]);
        assert!(idx.entries("nope").is_empty());
        assert!(!idx.is_executable("mvnw"));
        fs::set_permissions(dir.path().join("mvnw"), fs::Permissions::from_mode(0o755)).unwrap();
        assert!(idx.is_executable("mvnw"));
        let err = idx.read_toml::<toml::Table>("src/a.toml").unwrap_err().to_string();
        assert!(err.starts_with("src/a.toml is not valid TOML at line 2"), "{err}");
        fs::write(dir.path().join("p.json"), "{\n  \"a\": ,\n}").unwrap();
        let err = idx.read_json("p.json").unwrap_err().to_string();
        assert!(err.starts_with("p.json is not valid JSON (line 2"), "{err}");
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
