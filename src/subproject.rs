//! A project one folder down: `backend/pyproject.toml`, `server/package.json`,
//! `src/MyApp/MyApp.csproj`, with only a README, a compose file or docs at
//! the top. When the folder dockgen was given holds no project of its own
//! and is no workspace root, the conventional subfolders are looked at (one
//! `read_dir` each, through `DirIndex`): one project there is the project;
//! several are listed for `--app` to choose.

use anyhow::Result;
use std::path::Path;

use crate::preset;
use crate::scan::DirIndex;

/// Folders a repository keeps its deployable app in; `src/<name>` too.
const CONVENTIONAL: &[&str] = &["app", "api", "backend", "server", "service", "project", "src", "web", "webapp", "frontend", "client", "site"];
/// Folders of several apps, each looked at one level down (`src/MyApp`,
/// `services/web`).
const GROUPS: &[&str] = &["src", "services"];

/// A subfolder that holds a project: its path (`backend`, `src/MyApp`)
/// and the language dockgen would detect there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub dir: String,
    pub language: String,
}

/// The subfolders that hold a project, when `root` itself holds none and
/// is no workspace root (and no preset was chosen); empty otherwise.
pub fn found_below(root: &DirIndex, preset_chosen: bool) -> Result<Vec<Found>> {
    let workspace_root = !crate::detect::workspaces::declarations(root)?.is_empty();
    Ok(if preset_chosen || workspace_root || is_project(root) { Vec::new() } else { candidates(root) })
}

/// The subfolder to plan instead of `root`, and a note saying so; None when
/// `root` is a project (or a workspace root) itself. `app` picks one of
/// several (`--app backend`); `preset` chosen by flag keeps the root.
pub fn choose(root: &DirIndex, app: Option<&str>, preset_chosen: bool, workspace_root: bool) -> Result<Option<(String, String)>> {
    if preset_chosen || workspace_root || is_project(root) {
        return Ok(None);
    }
    let found = candidates(root);
    if let Some(app) = app {
        let want = app.trim_end_matches('/');
        return Ok(found.iter().find(|f| f.dir == want).map(|f| (f.dir.clone(), note(root, f, &found))));
    }
    match found.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some((one.dir.clone(), note(root, one, &found)))),
        several => Err(crate::error::fail(crate::error::Kind::Workspace, format!(
            "{} holds no project of its own, but {} subfolders do: {}; pass --app <{}> (or run dockgen in that folder)",
            root.root.display(),
            several.len(),
            several.iter().map(|f| format!("{} ({})", f.dir, f.language)).collect::<Vec<_>>().join(", "),
            several.iter().map(|f| f.dir.as_str()).collect::<Vec<_>>().join("|"),
        ))),
    }
}

fn note(root: &DirIndex, f: &Found, all: &[Found]) -> String {
    let others = if all.len() > 1 { format!(" (--app; also: {})", all.iter().filter(|o| o.dir != f.dir).map(|o| o.dir.as_str()).collect::<Vec<_>>().join(", ")) } else { String::new() };
    format!(
        "{} holds no project of its own; the {} project in {}/{others} is the one built: the files are written there, and it is the build context",
        root.root.display(),
        f.language,
        f.dir
    )
}

/// Whether a preset matches the folder and its language takes it for a
/// project (a pyproject.toml of tool settings alone is none).
fn is_project(index: &DirIndex) -> bool {
    preset::matching(index).iter().any(|p| crate::detect::language(&p.language).is_ok_and(|l| l.is_project(index)))
}

/// The conventional subfolders (and `src/*`) that a preset matches, in a
/// stable order. A folder that leads outside the project is skipped.
pub fn candidates(root: &DirIndex) -> Vec<Found> {
    let mut dirs: Vec<String> = CONVENTIONAL.iter().filter(|d| root.has_dir(d)).map(|d| d.to_string()).collect();
    for group in GROUPS.iter().filter(|g| root.has_dir(g)) {
        dirs.extend(root.subdirs(group).into_iter().map(|d| format!("{group}/{}", d.trim_start_matches(&format!("{group}/")))));
    }
    let mut found = Vec::new();
    for dir in dirs {
        if !inside(root, &dir) {
            continue;
        }
        let Ok(index) = DirIndex::scan(&root.root.join(&dir)) else { continue };
        if let Some(p) = preset::matching(&index).into_iter().find(|p| crate::detect::language(&p.language).is_ok_and(|l| l.is_project(&index))) {
            found.push(Found { dir, language: p.name.clone() });
        }
    }
    found
}

fn inside(root: &DirIndex, dir: &str) -> bool {
    Path::new(&root.root.join(dir)).canonicalize().is_ok_and(|real| real.starts_with(&root.canonical_root))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for f in files {
            let p = dir.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "").unwrap();
        }
        dir
    }

    #[test]
    fn one_project_one_folder_down_is_found() {
        let t = tree(&["README.md", "compose.yaml", "backend/requirements.txt", "docs/requirements.txt"]);
        let root = DirIndex::scan(t.path()).unwrap();
        let (dir, note) = choose(&root, None, false, false).unwrap().unwrap();
        assert_eq!(dir, "backend");
        assert!(note.contains("the Python project in backend/ is the one built"), "{note}");
        // .NET's src/<project>/ layout.
        let t = tree(&["README.md", "src/MyApp/MyApp.csproj"]);
        assert_eq!(choose(&DirIndex::scan(t.path()).unwrap(), None, false, false).unwrap().unwrap().0, "src/MyApp");
        // A project at the root stays the project.
        let t = tree(&["package.json", "server/go.mod"]);
        assert_eq!(choose(&DirIndex::scan(t.path()).unwrap(), None, false, false).unwrap(), None);
        // services/<app>, and a root pyproject.toml of tool settings only.
        let t = tree(&["docker-compose.yml", "services/nginx/nginx.conf", "services/web/requirements.txt"]);
        assert_eq!(choose(&DirIndex::scan(t.path()).unwrap(), None, false, false).unwrap().unwrap().0, "services/web");
        let t = tree(&["pyproject.toml", "src/requirements.txt", "src/app.py"]);
        std::fs::write(t.path().join("pyproject.toml"), "[tool.ruff]\nline-length = 100\n").unwrap();
        assert_eq!(choose(&DirIndex::scan(t.path()).unwrap(), None, false, false).unwrap().unwrap().0, "src");
    }

    #[test]
    fn several_are_listed_for_app_to_choose() {
        let t = tree(&["README.md", "backend/requirements.txt", "frontend/package.json"]);
        let root = DirIndex::scan(t.path()).unwrap();
        let e = choose(&root, None, false, false).unwrap_err().to_string();
        assert!(e.ends_with("holds no project of its own, but 2 subfolders do: backend (Python), frontend (Node.js); pass --app <backend|frontend> (or run dockgen in that folder)"), "{e}");
        assert_eq!(choose(&root, Some("frontend/"), false, false).unwrap().unwrap().0, "frontend");
        assert_eq!(choose(&root, Some("nope"), false, false).unwrap(), None);
    }
}
