use anyhow::{Result, bail};
use std::path::Path;

use super::Report;
use crate::cli::LintArgs;
use crate::lint::{self, Input, Project};
use crate::scan::DirIndex;

/// `dockgen lint [PATH|Dockerfile]`: findings, grouped (or JSON, SARIF);
/// exit 1 when any is at or above --fail-on.
pub fn run(args: &LintArgs) -> Result<Report> {
    if let Some(id) = &args.explain {
        return match lint::output::explain(id) {
            Some(text) => Ok(Report { stdout: text, ..Default::default() }),
            None => bail!("--explain {}: no such rule; the rules are {}", crate::text::printable(id), lint::RULES.iter().map(|r| r.id).collect::<Vec<_>>().join(", ")),
        };
    }
    let super::DockerfileArg { dir, name, index, text } = super::dockerfile_arg(&args.path, "lint")?;
    let shown = dir.join(&name).display().to_string();
    let shown = shown.strip_prefix("./").unwrap_or(&shown).to_string();
    // BuildKit reads <Dockerfile>.dockerignore first, then .dockerignore.
    let ignore_name = [format!("{name}.dockerignore"), ".dockerignore".to_string()].into_iter().find(|n| index.has_file(n));
    let dockerignore = match &ignore_name {
        Some(n) => Some(index.read(n)?),
        None => None,
    };
    let project = project(&index, &dir);
    let input = Input { dockerfile: &text, name: &shown, dockerignore: dockerignore.as_deref(), project: Some(&project.0), strict: args.strict };
    let mut findings = lint::lint(&input)?;
    let mut stderr = Vec::new();
    if args.fix {
        // A base with no tag or `latest` first: pinned by the digest it has
        // today (comment lines are inserted), then the text edits on the result.
        let unpinned: Vec<usize> = findings.iter().filter(|f| f.rule == "unpinned-base").map(|f| f.line).collect();
        let mut base = text.clone();
        let mut fixed: Vec<(usize, &'static str)> = Vec::new();
        if !unpinned.is_empty() {
            match crate::pin::pin_lines(&text, &crate::pin::DockerCli::default(), &crate::pin::today(), Some(&unpinned)) {
                Ok((pinned, changes)) => {
                    base = pinned;
                    fixed.extend(changes.iter().map(|c| (c.line, "unpinned-base")));
                }
                Err(e) => stderr.push(format!("--fix: bases left unpinned: {}", crate::text::printable(&format!("{e:#}")))),
            }
        }
        let after_pin = lint::lint(&Input { dockerfile: &base, ..input })?;
        let (fixed_text, edits) = lint::fix::fix(&base, &after_pin);
        fixed.extend(edits);
        if !fixed.is_empty() {
            let file = crate::render::OutputFile::new(crate::render::FileKind::Dockerfile, name.clone(), fixed_text.clone());
            for outcome in crate::write::write_all(&dir, &[file], true)? {
                if let crate::write::Outcome::Replaced { path, backup } = outcome {
                    stderr.push(format!("Fixed {} finding{} in {} ({}; the previous version is kept as {})",
                        fixed.len(), if fixed.len() == 1 { "" } else { "s" }, path.display(),
                        fixed.iter().map(|(l, r)| format!("line {l} {r}")).collect::<Vec<_>>().join(", "), backup.display()));
                }
            }
            let input = Input { dockerfile: &fixed_text, ..input };
            findings = lint::lint(&input)?;
        } else {
            stderr.push("--fix: nothing here is a mechanical fix (untagged bases, apt flags and lists, exec-form CMD); the rest is a design change".to_string());
        }
    }
    let failing = findings.iter().filter(|f| f.severity <= args.fail_on).count();
    let mut stdout = if args.sarif {
        lint::output::sarif(&shown, &findings)
    } else if args.json {
        lint::output::json(&shown, &findings)
    } else {
        lint::output::text(&shown, &findings)
    };
    if findings.is_empty() {
        stderr.push(format!("{shown}: no findings"));
    } else if project.1 && !args.json && !args.sarif {
        // dockgen's own Dockerfile for this project lints clean: it fixes them all.
        stdout.push_str(&format!("\n`dockgen init --diff {}` shows a Dockerfile that fixes {} of these\n", dir.display(), findings.len()));
    }
    Ok(Report { stdout, stderr, exit: u8::from(failing > 0) })
}

/// The project around the Dockerfile, and, when dockgen can generate for
/// it, whether its Dockerfile lints clean (and so would fix every finding).
fn project(index: &DirIndex, dir: &Path) -> (Project, bool) {
    let mut p = Project { files: index.files.clone(), ..Default::default() };
    if let Ok(pkg) = index.read_json("package.json") {
        p.node_dev_deps = pkg.get("devDependencies").and_then(|d| d.as_object()).is_some_and(|d| !d.is_empty());
    }
    let generated = crate::pipeline::plan_for(dir, &Default::default()).ok().filter(|plan| plan.unresolved.is_empty());
    let Some(plan) = generated else { return (p, false) };
    // Only a port read from the project's code or config: a framework's
    // default ("nestjs default") says nothing about this app.
    if plan.port.origin != crate::model::Origin::Fallback {
        p.port = Some(plan.port.value);
    }
    let clean = crate::pipeline::render_plan(&plan, crate::pipeline::Extras { dockerignore: true, readme: false }).ok().and_then(|files| {
        let ignore = crate::render::of_kind(&files, crate::render::FileKind::DockerIgnore).map(|f| f.contents.clone());
        let dockerfile = crate::render::of_kind(&files, crate::render::FileKind::Dockerfile)?;
        let input = Input { dockerfile: &dockerfile.contents, name: "Dockerfile", dockerignore: ignore.as_deref(), project: Some(&p), strict: false };
        lint::lint(&input).ok().map(|f| f.is_empty())
    });
    let fixes = clean.unwrap_or(false);
    (p, fixes)
}
