use anyhow::Result;
use serde::Serialize;
use std::path::{Path, PathBuf};

use super::Report;
use crate::cli::CheckArgs;
use crate::drift::{FileState, State};

/// One app's files against what dockgen generates now.
#[derive(Debug, Serialize)]
struct AppState {
    dir: String,
    files: Vec<FileState>,
}

/// `dockgen check`: regenerate in memory (remembered answers, no prompts)
/// and compare with the files on disk. Exit 0 identical, 1 drift, 2 when
/// the project can no longer be generated. At a workspace root without
/// --app: every member whose folder has a dockgen.toml.
pub fn run(args: &CheckArgs) -> Result<Report> {
    super::use_overlays(&args.path)?;
    let dirs: Vec<(PathBuf, Option<String>)> = match &args.app {
        Some(app) => vec![(args.path.clone(), Some(app.clone()))],
        None => match remembered_members(&args.path) {
            Ok(members) if !members.is_empty() => members.into_iter().map(|m| (args.path.clone(), Some(m))).collect(),
            _ => vec![(args.path.clone(), None)],
        },
    };
    let mut apps = Vec::new();
    let mut stderr: Vec<String> = super::eject::stale(&args.path).into_iter().map(|w| format!("warning: {w}")).collect();
    for (path, app) in dirs {
        match regenerate(&path, app.as_deref()) {
            Ok((state, warnings)) => {
                stderr.extend(warnings.into_iter().map(|w| format!("warning: {w}")));
                apps.push(state);
            }
            Err(e) => return Ok(cannot(args.json, &e)),
        }
    }
    let drifted: Vec<&FileState> = apps.iter().flat_map(|a| &a.files).filter(|f| f.state != State::Identical).collect();
    let exit = u8::from(!drifted.is_empty());
    let stdout = if args.json {
        #[derive(Serialize)]
        struct Out<'a> {
            drift: bool,
            apps: &'a [AppState],
        }
        serde_json::to_string_pretty(&Out { drift: exit == 1, apps: &apps })? + "\n"
    } else {
        drifted.iter().map(|f| f.diff.as_str()).collect()
    };
    for f in apps.iter().flat_map(|a| &a.files) {
        let what = match f.state {
            State::Identical => "up to date",
            State::Drifted => "differs from what dockgen generates now",
            State::Missing => "missing",
        };
        stderr.push(format!("{}: {what}", f.path));
    }
    if exit == 1 {
        stderr.push(format!(
            "drift: {} file{} out of step; regenerate with `dockgen init --force` (see the change first with `dockgen init --diff`), and keep hand edits between `# dockgen: keep` and `# dockgen: end` lines",
            drifted.len(),
            if drifted.len() == 1 { " is" } else { "s are" }
        ));
    }
    Ok(Report { stdout, stderr, exit })
}

/// The app's files as `init --yes` would write them now, against the disk.
fn regenerate(path: &Path, app: Option<&str>) -> Result<(AppState, Vec<String>)> {
    let flags = crate::model::Choices { app: app.map(str::to_string), ..Default::default() };
    let loaded = crate::config::with_remembered(path, &flags, true)?;
    let plan = loaded.plan(path, &flags, &loaded.settings)?;
    let files = crate::pipeline::render_complete(&plan, loaded.extras())?;
    let (placed, warnings) = crate::drift::place(&plan, files)?;
    let files = crate::drift::compare(&placed);
    Ok((AppState { dir: plan.project_dir.display().to_string(), files }, warnings))
}

/// The members of the workspace at `path` that have a dockgen.toml (none
/// when `path` is not a workspace root, or has its own).
fn remembered_members(path: &Path) -> Result<Vec<String>> {
    let here = crate::scan::DirIndex::scan(path)?;
    if here.has_file(crate::config::FILE) {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for decl in crate::detect::workspaces::declarations(&here)? {
        for m in decl.members {
            if m != "." && here.is_file(&crate::workspace::join(&m, crate::config::FILE)) && !out.contains(&m) {
                out.push(m);
            }
        }
    }
    Ok(out)
}

/// Exit 2: the project can no longer be generated, and why.
fn cannot(json: bool, e: &anyhow::Error) -> Report {
    let (reason, object) = super::error_object(e);
    if json {
        Report { stdout: object, stderr: Vec::new(), exit: 2 }
    } else {
        Report { stdout: String::new(), stderr: vec![format!("error: cannot regenerate the Dockerfile: {reason}")], exit: 2 }
    }
}
