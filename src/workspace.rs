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

use std::collections::BTreeSet;
use anyhow::{Result, bail};
use serde::Serialize;
use std::path::{Component, Path, PathBuf};

use crate::detect::LANGUAGES;
use crate::scan::DirIndex;

/// How many folders up a member may sit below its workspace root.
pub const MAX_WALK_UP: usize = 6;

/// The most members a workspace manifest may list.
pub const MAX_MEMBERS: usize = 200;

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

/// A language's reading of the whole workspace, computed once.
#[derive(Clone, Default)]
pub struct Memo(std::sync::Arc<std::sync::OnceLock<std::sync::Arc<dyn std::any::Any + Send + Sync>>>);

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Memo")
    }
}

impl Workspace {
    /// `read()`'s result, computed by the first member that asks; an error
    /// is not kept (the next asker reads again and reports it).
    pub fn memo<T: std::any::Any + Send + Sync>(&self, read: impl FnOnce() -> Result<T>) -> Result<std::sync::Arc<dyn std::any::Any + Send + Sync>> {
        if let Some(v) = self.memo.0.get() {
            return Ok(v.clone());
        }
        let v: std::sync::Arc<dyn std::any::Any + Send + Sync> = std::sync::Arc::new(read()?);
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
            bail!(
                "--app {member}: {} lists no such member; choose one of: {}",
                declared[0].manifest,
                declared.iter().flat_map(|d| d.members.iter().cloned()).collect::<Vec<_>>().join(", ")
            );
        };
        let index = DirIndex::scan(&path.join(&member))?;
        return Ok(attach(index, decl.clone(), here, &member));
    }
    if let Some(app) = app {
        bail!(
            "--app {}: {} is not a workspace root (no workspace manifest: pnpm-workspace.yaml, package.json workspaces, [tool.uv.workspace], go.work, settings.gradle, a pom.xml with modules); run dockgen in the app's own folder instead",
            crate::text::printable(app),
            path.display()
        );
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

fn attach(index: DirIndex, decl: Decl, root: DirIndex, member: &str) -> DirIndex {
    attach_with(index, decl, root, member, Memo::default())
}

fn attach_with(mut index: DirIndex, decl: Decl, root: DirIndex, member: &str, memo: Memo) -> DirIndex {
    index.workspace = Some(std::sync::Arc::new(Workspace { decl, root, member: member.to_string(), memo }));
    index
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

/// The root as the user would write it from where they ran dockgen:
/// `apps/api` up two levels is `.`; an absolute path stays absolute.
fn relative_root(member: &Path, levels: usize) -> PathBuf {
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

fn is_repository_root(index: &DirIndex) -> bool {
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
        _ => bail!("--app {} is not a member folder; pass it relative to the workspace root, such as apps/api", crate::text::printable(app)),
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

/// A workspace root dockgen was run in without `--app`: its kind and the
/// members that deploy on their own.
pub struct Candidates {
    pub decl: Decl,
    pub root: PathBuf,
    pub all: Vec<String>,
    pub deployable: Vec<String>,
    /// Why the first member that is not deployable is not.
    pub first_reason: Option<(String, String)>,
}

impl Candidates {
    /// The one deployable member, or the error `init --yes` stops with.
    pub fn only(&self) -> Result<String> {
        let d = &self.decl;
        match self.deployable.as_slice() {
            [one] => Ok(one.clone()),
            [] => bail!(
                "{} is the root of a {} ({}) and none of its members ({}) deploys on its own{}",
                self.root.display(),
                d.kind,
                d.manifest,
                if self.all.is_empty() { "none found".to_string() } else { self.all.join(", ") },
                match &self.first_reason {
                    Some((m, why)) => format!("; {m}: {why}"),
                    None => String::new(),
                }
            ),
            several => bail!(
                "{} is the root of a {} ({}) with {} deployable members: {}; pass --app <{}>",
                self.root.display(),
                d.kind,
                d.manifest,
                several.len(),
                several.join(", "),
                several.join("|")
            ),
        }
    }
}

/// When `index` is a workspace root (not a member of its own) and no
/// `--app` was given: its members, and which of them deploy on their own
/// (detection settles every setting for them).
pub fn app_candidates(index: &DirIndex, choices: &crate::model::Choices) -> Result<Option<Candidates>> {
    if index.workspace.is_some() || choices.app.is_some() {
        return Ok(None);
    }
    // A declaration whose patterns match no folder yet (`packages/*` with no
    // package in it) declares nothing to choose from.
    let decls: Vec<Decl> = declarations(index)?.into_iter().filter(|d| !d.members.is_empty()).collect();
    let Some(first) = decls.first() else { return Ok(None) };
    // The root serves in a language that declares no workspace here: the
    // other language's workspace builds its assets (a Flask app beside a
    // pnpm workspace for its client), and the root is the project.
    let declared: Vec<&str> = decls.iter().map(|d| d.language).collect();
    let root_serves = crate::preset::matching(index)
        .iter()
        .filter(|p| !declared.contains(&p.language.as_str()))
        .any(|p| crate::detect::language(&p.language).is_ok_and(|l| l.is_project(index) && l.serves(index)));
    if root_serves {
        return Ok(None);
    }
    let mut found: Vec<(usize, String, bool)> = Vec::new();
    let mut all = Vec::new();
    let mut first_reason = None;
    for (i, decl) in decls.iter().enumerate() {
        let memo = Memo::default();
        for member in &decl.members {
            all.push(member.clone());
            let Ok(member_index) = DirIndex::scan(&index.root.join(member)) else { continue };
            // The root as a member: its own index, with the workspace attached.
            let member_index = attach_with(member_index, decl.clone(), index.clone(), member, memo.clone());
            let why = match crate::plan::resolve(&member_index, choices) {
                Ok(p) if p.unresolved.is_empty() => {
                    found.push((i, member.clone(), p.static_site));
                    continue;
                }
                Ok(p) => p.unresolved.first().map(|u| u.message.clone()).unwrap_or_default(),
                Err(e) => e.to_string(),
            };
            if first_reason.is_none() {
                first_reason = Some((member.clone(), why));
            }
        }
    }
    // Two languages' workspaces, servers in one and only static sites in
    // the other (a FastAPI backend beside a Vite front end it serves or a
    // CDN hosts): the servers deploy; `--app` still reaches the sites.
    let server_decls: BTreeSet<usize> = found.iter().filter(|(_, _, st)| !st).map(|(i, _, _)| *i).collect();
    if server_decls.len() == 1 && found.iter().any(|(i, _, st)| *st && !server_decls.contains(i)) {
        found.retain(|(i, _, _)| server_decls.contains(i));
    }
    let decl = found.first().map(|(i, _, _)| decls[*i].clone()).unwrap_or_else(|| first.clone());
    let deployable = found.into_iter().map(|(_, m, _)| m).collect();
    Ok(Some(Candidates { root: index.root.clone(), all, deployable, first_reason, decl }))
}

/// The wizard's folder to detect in: `path`, or in a workspace root the member
/// `--app` names or the one the user picks among the deployable ones.
pub fn choose_app(p: &mut dyn crate::wizard::Prompter, path: &Path, flags: &crate::model::Choices) -> Result<(DirIndex, crate::model::Choices)> {
    let mut choices = flags.clone();
    let index = project_index(path, flags.app.as_deref())?;
    let Some(c) = app_candidates(&index, flags)? else { return Ok((index, choices)) };
    let app = if c.deployable.len() > 1 {
        let question = format!("This is the root of a {} ({}). Which app should the image run?", c.decl.kind, c.decl.manifest);
        c.deployable[p.select(&question, &c.deployable, 0)?].clone()
    } else {
        c.only()?
    };
    choices.app = Some(app.clone());
    Ok((project_index(path, Some(&app))?, choices))
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
