use anyhow::Result;

use super::Report;
use crate::cli::PinArgs;
use crate::pin::{self, Via};

pub fn via(v: Via) -> &'static str {
    match v {
        Via::Registry => "from the registry",
        Via::Local => "from the local image: no registry answered",
    }
}

/// `dockgen pin [PATH] [--check]`: re-resolve every base's digest and
/// rewrite the FROM lines in place (backup kept), or with --check only
/// report, exit 1 when a pin is stale.
pub fn run(args: &PinArgs) -> Result<Report> {
    let super::DockerfileArg { dir, name, text, .. } = super::dockerfile_arg(&args.path, "pin")?;
    let (pinned, changes) = pin::pin(&text, &pin::DockerCli::default(), &pin::today())?;
    let mut stderr = Vec::new();
    let mut stale = 0;
    for c in &changes {
        let what = match &c.old {
            None => format!("pinned to {}", c.new),
            Some(old) if *old == c.new => "up to date".to_string(),
            Some(old) => {
                stale += 1;
                format!("stale: {old} → {}", c.new)
            }
        };
        stderr.push(format!("line {}: {}: {what} ({})", c.line, c.image, via(c.via)));
    }
    if changes.is_empty() {
        stderr.push(format!("{name}: no base image to pin (only stages and scratch)"));
    }
    if args.check {
        if stale > 0 {
            stderr.push(format!("{stale} pin{} stale; `dockgen pin {}` updates them", if stale == 1 { " is" } else { "s are" }, args.path.display()));
        }
        return Ok(Report { stderr, exit: u8::from(stale > 0), ..Default::default() });
    }
    let file = crate::render::OutputFile::new(crate::render::FileKind::Dockerfile, name.clone(), pinned);
    for outcome in crate::write::write_all(&dir, &[file], true)? {
        stderr.push(match outcome {
            crate::write::Outcome::Replaced { path, backup } => format!("Updated {} (the previous version is kept as {})", path.display(), backup.display()),
            crate::write::Outcome::Unchanged(p) => format!("Unchanged {}", p.display()),
            crate::write::Outcome::Created(p) => format!("Created {}", p.display()),
        });
    }
    Ok(Report { stderr, ..Default::default() })
}
