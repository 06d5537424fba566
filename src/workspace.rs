//! Workspaces and monorepos: the folder dockgen was pointed at may be one
//! member of a workspace (a pnpm workspace's `apps/api`, a uv workspace's
//! backend, a `go.work` module), whose root holds the lockfile and is the
//! build context.
//!
//! From a member, dockgen walks *up*, one `read_dir` per level, at most
//! [`MAX_WALK_UP`] levels and never past the repository root (a folder with
//! `.git`), asking each language whether that folder's own manifest
//! declares a workspace listing the member. From a root, the manifest lists
//! the members; `--app` picks one. Nothing walks down.

use anyhow::{Result, bail};
use serde::Serialize;
use std::path::{Component, Path, PathBuf};

pub use crate::scan::{Decl, Memo, Workspace, join};
use crate::scan::DirIndex;

/// How many folders up a member may sit below its workspace root.
pub const MAX_WALK_UP: usize = 6;

/// The most members a workspace manifest may list.
pub const MAX_MEMBERS: usize = 200;

pub fn attach(index: DirIndex, decl: Decl, root: DirIndex, member: &str) -> DirIndex {
    attach_with(index, decl, root, member, Memo::default())
}

pub fn attach_with(mut index: DirIndex, decl: Decl, root: DirIndex, member: &str, memo: Memo) -> DirIndex {
    index.workspace = Some(std::sync::Arc::new(Workspace { decl, root, member: member.to_string(), memo }));
    index
}

/// Folders outside a project that its own manifest names.
#[derive(Debug, Clone)]
pub struct Reach {
    /// What people call it: `Go modules joined by replace directives`.
    pub kind: String,
    /// The manifest that names them, relative to the project.
    pub manifest: String,
    /// The folders, relative to the project (`../lib`).
    pub targets: Vec<String>,
}

/// The workspace part of the plan, as `detect --json` and templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct WorkspacePlan {
    pub kind: String,
    /// The root, relative to the member (`../..`).
    pub root: String,
    /// The member, relative to the root (`apps/api`).
    pub member: String,
    /// The file that declares the workspace, relative to the root.
    pub manifest: String,
    pub lockfile: Option<String>,
    /// The workspace folders this member uses, relative to the root, in
    /// build order (a dependency before what uses it).
    pub local_deps: Vec<String>,
    /// The Dockerfile, relative to the root (`apps/api/Dockerfile`).
    pub dockerfile: String,
}

/// The root as the user would write it from where they ran dockgen:
/// `apps/api` up two levels is `.`; an absolute path stays absolute.
pub fn relative_root(member: &Path, levels: usize) -> PathBuf {
    let mut p = member.to_path_buf();
    for _ in 0..levels {
        match p.components().next_back() {
            Some(Component::Normal(_)) => {
                p.pop();
            }
            _ => p.push(".."),
        }
    }
    if p.as_os_str().is_empty() { PathBuf::from(".") } else { p }
}

/// The workspace root as a path from where dockgen was run: the member's
/// folder as given, up one level per member folder.
pub fn root_dir(member_dir: &Path, member: &str) -> PathBuf {
    if member == "." {
        return member_dir.to_path_buf();
    }
    relative_root(member_dir, member.split('/').count())
}

pub fn is_repository_root(index: &DirIndex) -> bool {
    index.has_dir(".git") || index.has_file(".git") || index.has_dir(".hg")
}

/// Refuses workspace folders that cannot be written into a Dockerfile as
/// they are (spaces, quotes, `$`): the member and the local packages used.
pub fn check_paths<'a>(paths: impl IntoIterator<Item = &'a String>) -> Result<()> {
    for p in paths {
        if crate::escape::relative_dir(p).as_deref() != Some(p.as_str()) && p != "." {
            bail!("the workspace folder {} has characters dockgen does not write into a Dockerfile; rename it with letters, digits, '.', '_', '-' and '/'", crate::text::printable(p));
        }
    }
    Ok(())
}

/// An `--app` value: a member folder relative to the root, tidied.
pub fn app_flag(app: &str) -> Result<String> {
    let tidy = app.trim_start_matches("./").trim_end_matches('/');
    if tidy.is_empty() || tidy == "." {
        return Ok(".".to_string());
    }
    match crate::escape::relative_dir(tidy) {
        Some(d) if !d.is_empty() => Ok(d),
        _ => Err(crate::error::fail(crate::error::Kind::Workspace, format!("--app {} is not a member folder; pass it relative to the workspace root, such as apps/api", crate::text::printable(app)))),
    }
}

/// A manifest's member pattern (`apps/*`, `packages/**`, `services/api`)
/// expanded against the folders under `root`, one level per wildcard
/// segment (`**` reaches three levels). `!pattern` entries remove.
pub fn expand_members(root: &DirIndex, patterns: &[String], manifest: &str) -> Result<Vec<String>> {
    let mut members: Vec<String> = Vec::new();
    for pattern in patterns.iter().filter(|p| !p.starts_with('!')) {
        for m in expand_one(root, pattern, manifest)? {
            if !members.contains(&m) {
                members.push(m);
            }
        }
    }
    for negated in patterns.iter().filter_map(|p| p.strip_prefix('!')) {
        let glob = pattern_matcher(negated, manifest)?;
        members.retain(|m| !glob.is_match(m));
    }
    members.sort();
    Ok(members)
}

fn pattern_matcher(pattern: &str, manifest: &str) -> Result<globset::GlobMatcher> {
    let tidy = pattern.trim_start_matches("./").trim_end_matches('/');
    match globset::GlobBuilder::new(tidy).literal_separator(true).build() {
        Ok(g) => Ok(g.compile_matcher()),
        Err(e) => bail!("{manifest}: the member pattern {} is not a valid glob ({}); fix it", crate::text::printable(pattern), crate::text::printable(&e.kind().to_string())),
    }
}

fn expand_one(root: &DirIndex, pattern: &str, manifest: &str) -> Result<Vec<String>> {
    let tidy = pattern.trim_start_matches("./").trim_end_matches('/');
    if tidy.is_empty() || tidy == "." {
        return Ok(vec![".".to_string()]);
    }
    if tidy.split('/').any(|s| s == "..") || tidy.starts_with('/') {
        bail!("{manifest}: the member {} leaves the workspace root; list folders inside it", crate::text::printable(pattern));
    }
    let matcher = pattern_matcher(tidy, manifest)?;
    let mut found = Vec::new();
    let mut frontier = vec![String::new()];
    for segment in tidy.split('/') {
        let mut next = Vec::new();
        for dir in &frontier {
            if !segment.contains(['*', '?', '[', '{']) {
                next.push(join(dir, segment));
                continue;
            }
            // `**` matches folders at any depth: reach three levels.
            let depth = if segment == "**" { 3 } else { 1 };
            let mut level = vec![dir.clone()];
            if segment == "**" {
                next.push(dir.clone());
            }
            for _ in 0..depth {
                level = level
                    .iter()
                    .flat_map(|d| root.subdirs(if d.is_empty() { "." } else { d }).into_iter().map(move |s| join(d, &s)))
                    .filter(|p| !p.split('/').any(|s| matches!(s, "node_modules" | ".git" | "target" | "vendor")))
                    .collect();
                next.extend(level.iter().cloned());
            }
        }
        frontier = next;
        if frontier.len() > MAX_MEMBERS * 4 {
            break;
        }
    }
    for candidate in frontier {
        if matcher.is_match(&candidate) && root.is_dir(&candidate) && !found.contains(&candidate) {
            found.push(candidate);
        }
    }
    Ok(found)
}

/// The plan's workspace section for a member's index, with the local
/// dependencies its language found.
pub fn plan_section(index: &DirIndex, language: &str, local_deps: &[String]) -> Option<WorkspacePlan> {
    let ws = index.workspace.as_ref().filter(|w| w.decl.language == language)?;
    Some(WorkspacePlan {
        kind: ws.decl.kind.clone(),
        root: ws.up(),
        member: ws.member.clone(),
        manifest: ws.decl.manifest.clone(),
        lockfile: ws.decl.lockfile.clone(),
        local_deps: local_deps.to_vec(),
        dockerfile: ws.in_member("Dockerfile"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_way_up_counts_the_member_folders() {
        assert_eq!(relative_root(Path::new("apps/api"), 2), PathBuf::from("."));
        assert_eq!(relative_root(Path::new("."), 1), PathBuf::from("./.."));
        assert_eq!(relative_root(Path::new("/w/r/apps/api"), 2), PathBuf::from("/w/r"));
        assert_eq!(join(".", "Dockerfile"), "Dockerfile");
        assert_eq!(join("apps/api", "."), "apps/api");
    }

    #[test]
    fn member_patterns_expand_one_level_per_wildcard() {
        let dir = crate::detect::test_project(&[
            ("apps/api/x", ""),
            ("apps/web/x", ""),
            ("apps/node_modules/x", ""),
            ("packages/a/b/x", ""),
            ("tools/x", ""),
        ]);
        let index = DirIndex::scan(dir.path()).unwrap();
        let pats = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(expand_members(&index, &pats(&["apps/*", "tools"]), "m").unwrap(), ["apps/api", "apps/web", "tools"]);
        assert_eq!(expand_members(&index, &pats(&["apps/*", "!apps/web"]), "m").unwrap(), ["apps/api"]);
        assert_eq!(expand_members(&index, &pats(&["packages/**"]), "m").unwrap(), ["packages/a", "packages/a/b"]);
        assert!(expand_members(&index, &pats(&["../x"]), "m").unwrap_err().to_string().contains("leaves the workspace root"));
        assert_eq!(expand_members(&index, &pats(&["missing"]), "m").unwrap(), Vec::<String>::new());
    }
}
