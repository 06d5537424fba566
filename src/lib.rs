//! dockgen: scan → detect → resolve settings → render → write.
//!
//! Each step is a plain function over plain data; see `plan::resolve` for
//! the order of precedence (flag > wizard answer > detected fact > preset
//! default).

pub mod assets;
pub mod bases;
pub mod cli;
pub mod commands;
pub mod compose;
pub mod config;
pub mod detect;
pub mod dockerfile;
pub mod images;
pub mod drift;
pub mod entry_script;
pub mod escape;
pub mod keep;
pub mod lint;
pub mod model;
pub mod version;
pub mod pin;
pub mod pypi;
pub mod plan;
pub mod plan_bases;
pub mod plan_mixed;
pub mod prompt;
pub mod preset;
pub mod render;
pub mod report;
pub mod scan;
pub mod subproject;
pub mod terminal;
pub mod text;
pub mod usage;
pub mod wizard;
pub mod workspace;
pub mod write;

use anyhow::Result;
use std::path::Path;

use crate::cli::{Cli, Command};
use crate::commands::Report;
use crate::model::{Choices, Plan};
use crate::render::OutputFile;

/// Runs one parsed command line.
pub fn run(cli: &Cli) -> Result<Report> {
    match &cli.command {
        Command::Init(args) => commands::init::run(&with_resolved_path(args, |a| &mut a.path)),
        Command::Detect(args) => commands::detect::run(&with_resolved_path(args, |a| &mut a.path)),
        Command::Presets(args) => commands::presets::run(args),
        Command::Report(args) => commands::report::run(args),
        Command::Check(args) => commands::check::run(&with_resolved_path(args, |a| &mut a.path)),
        Command::Completions(args) => Ok(commands::completions::completions(args.shell)),
        Command::Man => commands::completions::man(),
        Command::Lint(args) => commands::lint::run(args),
        Command::Pin(args) => commands::pin::run(args),
    }
}

/// The command's arguments with its project path resolved once, at the
/// start, when a symlink is on the way (`dockgen detect /tmp/link-to-api`,
/// a link to a workspace member): every later step, the workspace search
/// above it included, then sees the real folder. A path without a link is
/// left as the user wrote it, for the messages. Symlinks inside the project
/// are still refused by `DirIndex`.
fn with_resolved_path<A: Clone>(args: &A, path: impl Fn(&mut A) -> &mut std::path::PathBuf) -> A {
    let mut args = args.clone();
    let p = path(&mut args);
    if let (Ok(real), Ok(plain)) = (p.canonicalize(), std::path::absolute(&*p))
        && real != normalized(&plain)
    {
        *p = real;
    }
    args
}

/// `a/./b/../c` → `a/c`, without touching the disk (so a link stays a link).
fn normalized(path: &Path) -> std::path::PathBuf {
    let mut out = std::path::PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Scans and detects the project at `path` and resolves every setting.
pub fn plan_for(path: &Path, choices: &Choices) -> Result<Plan> {
    // Workspace manifests are project files too: their errors come back
    // as one printable line, like detection's.
    let one_line = |e: anyhow::Error| anyhow::anyhow!(plan::printable(&format!("{e:#}")));
    // No project here, and no workspace: one in a conventional subfolder.
    let here = scan::DirIndex::scan(path).map_err(one_line)?;
    let workspace_root = !workspace::declarations(&here).map_err(one_line)?.is_empty();
    if let Some((dir, note)) = subproject::choose(&here, choices.app.as_deref(), choices.preset.is_some(), workspace_root).map_err(one_line)? {
        let mut plan = plan_for(&path.join(&dir), &Choices { app: None, ..choices.clone() })?;
        plan.warnings.insert(0, plan::printable(&note));
        plan.subfolder = Some(match plan.subfolder.take() {
            Some(deeper) => workspace::join(&dir, &deeper),
            None => dir.clone(),
        });
        return Ok(plan);
    }
    let index = workspace::project_index(path, choices.app.as_deref()).map_err(one_line)?;
    let index = match workspace::app_candidates(&index, choices).map_err(one_line)? {
        None => index,
        Some(c) => workspace::project_index(path, Some(&c.only().map_err(one_line)?)).map_err(one_line)?,
    };
    plan::resolve(&index, choices)
}

/// Which files besides the Dockerfile (and compose.yaml, which the plan
/// decides) to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Extras {
    pub dockerignore: bool,
    pub readme: bool,
}

impl Extras {
    pub const ALL: Extras = Extras { dockerignore: true, readme: true };
    pub const NONE: Extras = Extras { dockerignore: false, readme: false };
}

/// Renders a resolved plan into its files.
pub fn render_plan(plan: &Plan, extras: Extras) -> Result<Vec<OutputFile>> {
    let preset = preset::by_id(&plan.preset)?;
    render::render(plan, &preset.template, extras.dockerignore, extras.readme)
}

/// Plan and render in one call: what `init --stdout` prints.
pub fn generate(path: &Path, choices: &Choices, extras: Extras) -> Result<(Plan, Vec<OutputFile>)> {
    let plan = plan_for(path, choices)?;
    let files = render_complete(&plan, extras)?;
    Ok((plan, files))
}

/// Renders a plan that must be complete: an open choice is an error naming its flag.
pub fn render_complete(plan: &Plan, extras: Extras) -> Result<Vec<OutputFile>> {
    if let Some(u) = plan.unresolved.first() {
        anyhow::bail!("{}; pass {}", u.message, u.hint);
    }
    render_plan(plan, extras)
}
