use anyhow::Result;

use super::Report;
use crate::cli::InitArgs;
use crate::write::{self, Outcome};

/// `dockgen init`: detect, render, then write (or print).
pub fn run(args: &InitArgs) -> Result<Report> {
    let (plan, files) = crate::generate(&args.path, &args.choices.to_choices(), !args.no_dockerignore)?;
    let mut stderr: Vec<String> = plan.warnings.iter().map(|w| format!("warning: {w}")).collect();

    if args.stdout {
        let stdout = if files.len() == 1 {
            files[0].contents.clone()
        } else {
            files
                .iter()
                .map(|f| format!("==> {} <==\n{}", f.name, f.contents))
                .collect::<Vec<_>>()
                .join("\n")
        };
        return Ok(Report { stdout, stderr });
    }

    stderr.push(format!(
        "Detected {} {} ({}){}; {} runtime",
        crate::preset::by_id(&plan.preset).map(|p| p.name.as_str()).unwrap_or(&plan.language),
        plan.version.value,
        plan.version.source,
        plan.framework.as_ref().map(|f| format!(", {f}")).unwrap_or_default(),
        plan.runtime
    ));
    for outcome in write::write_all(&args.path, &files, args.force)? {
        stderr.push(match outcome {
            Outcome::Created(p) => format!("Created {}", p.display()),
            Outcome::Replaced { path, backup } => format!(
                "Replaced {} (the previous version is kept as {})",
                path.display(),
                backup.display()
            ),
            Outcome::Unchanged(p) => format!("Unchanged {} (already up to date)", p.display()),
        });
    }
    let port = plan.port.value;
    stderr.push("Next:".to_string());
    stderr.push(format!("  docker build -t {} {}", plan.app, args.path.display()));
    stderr.push(format!(
        "  docker run --rm -p 127.0.0.1:{port}:{port} --read-only --tmpfs /tmp --cap-drop ALL --security-opt no-new-privileges {}",
        plan.app
    ));
    Ok(Report { stdout: String::new(), stderr })
}
