//! Workspace discovery: which workspaces a folder's manifests declare (each
//! language reads its own), and the index to detect in: a member's, with its
//! workspace attached, found by walking up from the member or named by
//! `--app` at the root. Returns data; choosing a member is the caller's.

use anyhow::{Result, bail};
use std::path::Path;

use super::LANGUAGES;
use crate::scan::{Decl, DirIndex, join};
use crate::workspace::{MAX_MEMBERS, MAX_WALK_UP, app_flag, attach, is_repository_root, relative_root};

/// The index to detect in, for `path` and the `--app` choice: the folder's
/// own, or a member's with its workspace attached.
pub fn project_index(path: &Path, app: Option<&str>) -> Result<DirIndex> {
    let here = DirIndex::scan(path)?;
    let declared = declarations(&here)?;
    if !declared.is_empty() {
        // Without --app the caller lists the deployable members (the root
        // among them when it is a member: `go.work` with `use .`).
        let Some(app) = app else { return Ok(here) };
        let member = app_flag(app)?;
        let Some(decl) = declared.iter().find(|d| d.members.contains(&member)) else {
            return Err(crate::error::fail(crate::error::Kind::Workspace, format!(
                "--app {member}: {} lists no such member; choose one of: {}",
                declared[0].manifest,
                declared.iter().flat_map(|d| d.members.iter().cloned()).collect::<Vec<_>>().join(", ")
            )));
        };
        let index = DirIndex::scan(&path.join(&member))?;
        return Ok(attach(index, decl.clone(), here, &member));
    }
    if let Some(app) = app {
        return Err(crate::error::fail(crate::error::Kind::Workspace, format!(
            "--app {}: {} is not a workspace root (no workspace manifest: pnpm-workspace.yaml, package.json workspaces, [tool.uv.workspace], go.work, settings.gradle, a pom.xml with modules); run dockgen in the app's own folder instead",
            crate::text::printable(app),
            path.display()
        )));
    }
    if let Some((decl, root, member)) = walk_up(&here)? {
        return Ok(attach(here, decl, root, &member));
    }
    match reached(&here)? {
        Some((decl, root, member)) => Ok(attach(here, decl, root, &member)),
        None => Ok(here),
    }
}

/// A project whose own manifest names folders beside it (`replace … =>
/// ../lib`): the root is the nearest ancestor holding them all, within
/// [`MAX_WALK_UP`] levels and the repository, and they are its members.
fn reached(here: &DirIndex) -> Result<Option<(Decl, DirIndex, String)>> {
    for lang in LANGUAGES {
        let Some(reach) = lang.reaches(here)? else { continue };
        let targets = &reach.targets;
        let levels = targets.iter().map(|t| t.split('/').take_while(|s| *s == "..").count()).max().unwrap_or(0);
        let too_far = || anyhow::anyhow!("{} names {} outside the {MAX_WALK_UP} folders above it dockgen looks in; make a workspace at the common root instead", here.root.display(), targets.join(", "));
        if levels == 0 || levels > MAX_WALK_UP {
            return Err(too_far());
        }
        let mut dir = here.canonical_root.clone();
        let mut names: Vec<String> = Vec::new();
        for _ in 0..levels {
            let (Some(parent), Some(name)) = (dir.parent(), dir.file_name().and_then(|n| n.to_str())) else { return Err(too_far()) };
            names.insert(0, name.to_string());
            dir = parent.to_path_buf();
        }
        let member = names.join("/");
        let mut members = vec![member.clone()];
        for t in targets {
            // `../lib` from `services/api` is `services/lib` from the root.
            let mut parts: Vec<&str> = member.split('/').collect();
            for seg in t.split('/') {
                match seg {
                    ".." => {
                        parts.pop();
                    }
                    "." | "" => {}
                    s => parts.push(s),
                }
            }
            members.push(if parts.is_empty() { ".".to_string() } else { parts.join("/") });
        }
        let index = DirIndex::scan(&dir)?;
        for m in &members {
            if !index.is_dir(m) {
                bail!("{} names {m} (from the workspace root), which is not a folder there; fix the path", here.root.display());
            }
        }
        members.sort();
        members.dedup();
        let root = DirIndex { root: relative_root(&here.root, levels), ..index };
        let decl = Decl { language: lang.id(), kind: reach.kind, manifest: join(&member, &reach.manifest), lockfile: None, members };
        return Ok(Some((decl, root, member)));
    }
    Ok(None)
}

/// The workspaces `index`'s own manifests declare (a folder may hold
/// several: a pnpm workspace beside a go.work).
pub fn declarations(index: &DirIndex) -> Result<Vec<Decl>> {
    let mut out = Vec::new();
    for lang in LANGUAGES {
        if let Some(mut d) = lang.workspace(index)? {
            d.members.sort();
            d.members.dedup();
            if d.members.len() > MAX_MEMBERS {
                bail!("{}: lists {} members, more than dockgen reads ({MAX_MEMBERS}); run dockgen in the app's folder of a smaller workspace", d.manifest, d.members.len());
            }
            out.push(d);
        }
    }
    Ok(out)
}

/// The nearest folder above `here` whose manifest declares a workspace
/// listing it: (its declaration, its index, the member path). Stops at the
/// repository root, the filesystem root, after [`MAX_WALK_UP`] levels, or
/// at the first workspace that does not list the folder.
fn walk_up(here: &DirIndex) -> Result<Option<(Decl, DirIndex, String)>> {
    if is_repository_root(here) {
        return Ok(None);
    }
    let mut dir = here.canonical_root.clone();
    let mut names: Vec<String> = Vec::new();
    for _ in 0..MAX_WALK_UP {
        let (Some(parent), Some(name)) = (dir.parent(), dir.file_name()) else { break };
        let Some(name) = name.to_str() else { break };
        names.insert(0, name.to_string());
        let parent = parent.to_path_buf();
        let Ok(index) = DirIndex::scan(&parent) else { break };
        let member = names.join("/");
        let declared = declarations(&index)?;
        if let Some(d) = declared.iter().find(|d| d.members.contains(&member)) {
            let root = DirIndex { root: relative_root(&here.root, names.len()), ..index };
            return Ok(Some((d.clone(), root, member)));
        }
        if !declared.is_empty() || is_repository_root(&index) {
            break;
        }
        dir = parent;
    }
    Ok(None)
}

