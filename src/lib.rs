//! dockgen: scan → detect → resolve settings → render → write.
//!
//! Each step is a plain function over plain data; see `plan::resolve` for
//! the order of precedence (flag > wizard answer > detected fact > preset
//! default).

pub mod assets;
pub mod bases;
pub mod choices;
pub mod cli;
pub mod commands;
pub mod compose;
pub mod config;
pub mod detect;
pub mod dockerfile;
pub mod images;
pub mod drift;
pub mod entry_script;
pub mod error;
pub mod escape;
pub mod keep;
pub mod lint;
pub mod mirror;
pub mod model;
pub mod overlay;
pub mod version;
pub mod pin;
pub mod pypi;
pub mod plan;
pub mod plan_bases;
pub mod pipeline;
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
        Command::Eject(args) => commands::eject::run(args),
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

// The pipeline, where callers of the library have always found it.
pub use crate::pipeline::{Extras, generate, plan_for, render_complete, render_plan};
