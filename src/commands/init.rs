use anyhow::{Result, bail};

use super::Report;
use crate::cli::InitArgs;
use crate::render::OutputFile;
use crate::terminal::{self, TermPrompter};
use crate::wizard::{self, Existing};
use crate::write::{self, Outcome};

/// `dockgen init`: (ask) → detect → render → write (or print).
pub fn run(args: &InitArgs) -> Result<Report> {
    super::use_overlays(&args.path)?;
    let flags = args.to_choices();
    let loaded = crate::config::with_remembered(&args.path, &flags, !args.choices.no_config)?;
    let extras = loaded.extras();
    let dockerignore = extras.dockerignore;
    let mut choices = loaded.settings.clone();
    // A person at a terminal gets the wizard; --yes, or a stdin that is not
    // a terminal, means flags and detection only.
    let existing = if !args.yes && terminal::interactive() { ask(args, &loaded, &mut choices, extras)? } else { None };
    let plan = loaded.plan(&args.path, &flags, &choices)?;
    let mut files = crate::pipeline::render_complete(&plan, extras)?;
    let member = plan.workspace.as_ref().map(|w| w.member.clone()).filter(|m| m != ".");
    let mut stderr: Vec<String> = plan.warnings.iter().map(|w| format!("warning: {w}")).collect();
    if loaded.settings.pin() {
        if let Some(dockerfile) = files.iter_mut().find(|f| f.kind == crate::render::FileKind::Dockerfile) {
            stderr.extend(pin_dockerfile(&plan, dockerfile)?);
        }
    }
    if args.stdout {
        return Ok(Report { stdout: printed(files, dockerignore), stderr, ..Default::default() });
    }

    // Keep blocks carried over; compose.yaml at a workspace root merged.
    let (mut placed, keep_warnings) = crate::drift::place(&plan, files)?;
    stderr.extend(keep_warnings.into_iter().map(|w| format!("warning: {w}")));
    if args.diff {
        let states = crate::drift::compare(&placed);
        let stdout: String = states.iter().map(|s| s.diff.clone()).collect();
        if stdout.is_empty() {
            stderr.push("No differences: the files on disk are what dockgen generates".to_string());
        }
        return Ok(Report { stdout, stderr, ..Default::default() });
    }

    // In a workspace run from its root with --app, the member's folder.
    let dir = plan.project_dir.clone();
    let mut force = args.force;
    let mut dockerfile = "Dockerfile".to_string();
    match existing {
        Some(Existing::Abort) => bail!("aborted: nothing was written"),
        Some(Existing::Overwrite) => force = true,
        Some(Existing::Beside) => {
            // Only the files that exist and differ move beside; they replace an
            // earlier .dockgen copy (kept as .bak).
            force = true;
            for p in placed.iter_mut().filter(|p| !p.merged) {
                if std::fs::read_to_string(p.dir.join(&p.file.name)).is_ok_and(|old| old != p.file.contents) {
                    p.file.name = wizard::beside_name(&p.file.name);
                    if p.file.kind == crate::render::FileKind::Dockerfile && p.file.name.ends_with(".dockgen") {
                        dockerfile = p.file.name.clone();
                    }
                }
            }
        }
        None => {}
    }

    stderr.push(format!(
        "Detected {} {} ({}){}{}; {} runtime",
        crate::preset::by_id(&plan.preset).map(|p| p.name.as_str()).unwrap_or(&plan.language),
        plan.version.value,
        plan.version.source,
        plan.framework.as_ref().map(|f| format!(", {f}")).unwrap_or_default(),
        plan.assets.as_ref().map(|a| format!(" with {}", a.says)).unwrap_or_default(),
        plan.runtime
    ));
    // compose.yaml (and its secrets) live where compose runs: the
    // workspace root, one service per member.
    let compose_dir = placed.iter().find(|p| p.file.kind == crate::render::FileKind::Compose).map(|p| p.dir.clone()).unwrap_or_else(|| dir.clone());
    if plan.compose.is_some() {
        crate::compose::check_other_compose_files(&compose_dir, force)?;
    }
    let (at_root, here): (Vec<_>, Vec<_>) = placed.into_iter().partition(|p| p.dir != dir);
    for p in &at_root {
        // Merged: the other services are kept, the old file backed up.
        stderr.extend(written(&p.dir, std::slice::from_ref(&p.file), force || p.merged)?);
    }
    let files: Vec<OutputFile> = here.into_iter().map(|p| p.file).collect();
    stderr.extend(written(&dir, &files, force)?);
    if let Some(secret) = plan.compose.as_ref().and_then(|c| c.secret_file.as_deref()) {
        match write::create_secret(&compose_dir, secret)? {
            Some(p) => stderr.push(format!("Created {} (a random password; its folder is git-ignored and docker-ignored)", p.display())),
            None => stderr.push(format!("Kept {} (the database was set up with it)", args.path.join(secret).display())),
        }
    }
    if !args.choices.no_config {
        let mut recorded = crate::model::Choices { app: member.clone(), ..choices.recorded() };
        // A version read from the project's own Dockerfile is gone once
        // dockgen's replaces it, and one PyPI answered needs the network:
        // remembered, with where it was read.
        if recorded.lang_version.is_none() && plan.version.remember {
            recorded.lang_version = Some(plan.version.value.clone());
            recorded.lang_version_from = Some(plan.version.source.clone());
            recorded.compiled = (!plan.compiled.is_empty()).then(|| plan.compiled.clone());
        }
        // A port read from the project's own Dockerfile, likewise.
        if recorded.port.is_none() && plan.port.remember {
            recorded.port = Some(plan.port.value);
            recorded.port_from = Some(plan.port.source.clone());
        }
        // Extras read from the project's own Dockerfile, which is replaced.
        if recorded.extras.is_none() && !plan.extras_read.is_empty() {
            recorded.extras = Some(plan.extras_read.clone());
        }
        stderr.extend(loaded.save(&dir, &recorded)?);
    }
    stderr.extend(next_steps(&plan, &dir, &dockerfile, &compose_dir));
    Ok(Report { stdout: String::new(), stderr, ..Default::default() })
}

/// The wizard: the remembered answers said, then the questions; the
/// choices it settles, and what to do with files that exist.
fn ask(args: &InitArgs, loaded: &crate::config::Loaded, choices: &mut crate::model::Choices, extras: crate::pipeline::Extras) -> Result<Option<Existing>> {
    let mut prompter = TermPrompter::new();
    if let Some(r) = loaded.remembered.as_ref().filter(|r| !crate::config::entries(r).is_empty()) {
        let keys: Vec<String> = crate::config::entries(r).into_iter().map(|(k, v)| format!("{k} = {v}")).collect();
        wizard::Prompter::say(&mut prompter, &crate::text::printable(&format!("Remembered in {} (not asked again; a flag overrides): {}", crate::config::FILE, keys.join(", "))));
    }
    let before = choices.clone();
    let answers = wizard::run(&mut prompter, &args.path, choices, extras, !args.stdout)?;
    *choices = answers.choices;
    choices.mark_changed(&before, crate::choices::Said::Wizard);
    Ok(answers.existing)
}

/// `--pin`: every base pinned, resolved before anything is written (an
/// unresolvable base writes nothing).
fn pin_dockerfile(plan: &crate::model::Plan, file: &mut OutputFile) -> Result<Vec<String>> {
    let (pinned, changes) = crate::pin::pin(&file.contents, &crate::pin::DockerCli::default(), &crate::pin::today())?;
    // The same digests as the file on disk: keep that file (and the day
    // its pins were resolved), so a re-run changes nothing.
    let on_disk = std::fs::read_to_string(plan.project_dir.join("Dockerfile")).ok();
    file.contents = match on_disk {
        Some(old) if crate::pin::unpinned(&old) == crate::pin::unpinned(&pinned) && crate::pin::digests(&old) == crate::pin::digests(&pinned) => old,
        _ => pinned,
    };
    Ok(changes.iter().map(|c| format!("Pinned {} to {} ({})", c.image, c.new, super::pin::via(c.via))).collect())
}

/// `--stdout`: the files with `==>` headers, or the Dockerfile alone
/// (`--stdout --no-dockerignore > Dockerfile.new`).
fn printed(mut files: Vec<OutputFile>, dockerignore: bool) -> String {
    if !dockerignore {
        files.retain(|f| f.kind != crate::render::FileKind::Readme);
    }
    if files.len() == 1 {
        return files.swap_remove(0).contents;
    }
    files.iter().map(|f| format!("==> {} <==\n{}", f.name, f.contents)).collect::<Vec<_>>().join("\n")
}

/// How to build and run what was written, from where the build runs.
fn next_steps(plan: &crate::model::Plan, dir: &std::path::Path, dockerfile: &str, compose_dir: &std::path::Path) -> Vec<String> {
    let mut out = vec!["Next:".to_string()];
    // Written beside an existing Dockerfile: build that one.
    let build = crate::usage::build_command(plan, dockerfile, "docker build");
    // From the build context, the way the Dockerfile's header says.
    let context = match &plan.workspace {
        Some(ws) if ws.member != "." => crate::workspace::root_dir(dir, &ws.member),
        _ => dir.to_path_buf(),
    };
    let cd = if context == std::path::Path::new(".") { String::new() } else { format!("cd {} && ", crate::escape::shell_quote(&context.display().to_string())) };
    out.push(format!("  {cd}{build}"));
    out.push(format!("  {}", plan.usage.run));
    if plan.compose.is_some() {
        out.push(format!("  docker compose -f {} up --build", compose_dir.join("compose.yaml").display()));
    }
    out
}

fn written(dir: &std::path::Path, files: &[OutputFile], force: bool) -> Result<Vec<String>> {
    Ok(write::write_all(dir, files, force)?
        .into_iter()
        .map(|outcome| match outcome {
            Outcome::Created(p) => format!("Created {}", p.display()),
            Outcome::Replaced { path, backup } => format!(
                "Replaced {} (the previous version is kept as {})",
                path.display(),
                backup.display()
            ),
            Outcome::Unchanged(p) => format!("Unchanged {} (already up to date)", p.display()),
        })
        .collect())
}
