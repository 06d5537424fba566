//! Facts and settings: the one serialisable struct that renders.
//!
//! Detection produces [`ProjectFacts`]; [`resolve`] merges them with the
//! user's choices (flag > wizard answer > detected fact > preset default) into
//! a [`Plan`]. `dockgen detect --json` prints the plan, and templates render
//! exactly that plan, so what you see is what renders.

use anyhow::{Result, bail};

use crate::detect::{self, ProjectFacts};
use crate::preset::{self, Preset, RuntimeKind, RuntimeSpec};
use std::collections::BTreeMap;
use crate::scan::DirIndex;

// The plan's types, where callers have always found them.
pub use crate::model::*;

/// Detects and resolves everything for the folder behind `index`.
///
/// Messages may quote what a project file or flag said; they come back as one
/// printable line (control characters escaped), never a terminal escape or
/// a second line.
pub fn resolve(index: &DirIndex, choices: &Choices) -> Result<Plan> {
    match resolve_unchecked(index, choices) {
        Ok(mut plan) => {
            for w in plan.warnings.iter_mut() {
                *w = printable(w);
            }
            for u in plan.unresolved.iter_mut() {
                u.message = printable(&u.message);
                u.hint = printable(&u.hint);
            }
            Ok(plan)
        }
        Err(e) => Err(crate::error::reworded(e, |m| printable(&m))),
    }
}

/// Refuses a start command a Dockerfile could not carry as exec form.
fn check_start(argv: &[String]) -> Result<()> {
    if argv.is_empty() || argv[0].is_empty() {
        return Err(crate::error::fail(crate::error::Kind::Unresolved, "the start command is empty; pass --start \"<program> <args>\""));
    }
    if argv.iter().any(|a| a.chars().any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}'))) {
        bail!("the start command contains control characters or line breaks; pass each argument as plain text");
    }
    if argv.iter().map(String::len).sum::<usize>() > 8192 {
        bail!("the start command is longer than 8192 characters; put it in a script and start that");
    }
    Ok(())
}

fn resolve_unchecked(index: &DirIndex, choices: &Choices) -> Result<Plan> {
    if let Some(start) = &choices.start {
        check_start(start)?;
    }
    let (preset, also_matched) = preset::choose(index, choices.preset.as_deref())?;
    let (preset, also_matched, builds_assets) = crate::plan_mixed::serving(index, choices, preset, also_matched);
    let language = detect::language(&preset.language)?;
    let facts = language.detect(index, choices)?;

    let runtime = choices.runtime.unwrap_or(preset.default_runtime);
    let (runtime_spec, usable) = runtime_spec(preset, runtime)?;

    let version = version_for(language, preset, &facts, choices)?;
    let port = match choices.port {
        // A remembered port read from a file dockgen replaced names that file.
        Some(p) => Sourced { source: choices.port_from.clone().unwrap_or_else(|| choices.source("port")), ..Sourced::users(p, choices, "port") },
        None => facts
            .port
            .clone()
            .unwrap_or_else(|| Sourced::fallback(preset.default_port, "preset default")),
    };

    let mut warnings = facts.warnings.clone();
    if let (Some(flag), Some(found)) = (choices.port, &facts.port)
        && flag != found.value
        && choices.port_from.is_none()
        && !found.is_assumed()
    {
        warnings.push(format!(
            "--port {flag} differs from the port the code uses ({} from {}); the container may listen on {} instead",
            found.value, found.source, found.value
        ));
    }

    let mut plan = Plan {
        schema_version: SCHEMA_VERSION,
        preset: preset.id.clone(),
        language: preset.language.clone(),
        language_name: preset.name.clone(),
        package_manager: facts.package_manager.clone(),
        framework: facts.framework.clone(),
        version_arg: format!("{}_VERSION", preset.language.to_uppercase()),
        version_of: preset.language.clone(),
        version,
        runtime,
        runtime_summary: runtime_spec.summary.clone(),
        runtimes: usable,
        images: Images {
            builder_ref: String::new(),
            builder: String::new(),
            runtime_ref: String::new(),
            runtime: String::new(),
        },
        start: Vec::new(),
        run_volumes: Vec::new(),
        run_env: Vec::new(),
        deps: None,
        musl: false,
        port,
        user: user_of(runtime_spec, runtime),
        app: "app".to_string(),
        section: BTreeMap::new(),
        build_output: None,
        details: Vec::new(),
        dockerignore: preset.dockerignore.entries.clone(),
        workspace: crate::workspace::plan_section(index, &preset.language, &facts.local_deps),
        project_dir: index.root.clone(),
        subfolder: None,
        assets: None,
        compose: choices.compose().then(|| crate::compose::ComposePlan::new(choices.db)),
        healthcheck: Vec::new(),
        probe_chosen: false,
        static_site: false,
        compiled: Vec::new(),
        extras_read: Vec::new(),
        overlays: Vec::new(),
        health_url: String::new(),
        usage: Default::default(),
        secret: None,
        defaults: preset::defaults().clone(),
        also_matched,
        unresolved: Vec::new(),
        end_of_life: None,
        warnings,
    };
    plan.images.builder_ref = Preset::image_for(
        &preset.builder.image,
        &format!("${{{}}}", plan.version_arg),
    );
    plan.images.builder = Preset::image_for(&preset.builder.image, &plan.version.value);
    let runtime_image = crate::plan_bases::runtime_image(runtime_spec, &plan)?;
    plan.set_runtime_image(&runtime_image);
    if builds_assets {
        crate::plan_mixed::assets(index, preset, &mut plan)?;
    }
    language.plan(index, &facts, preset, choices, &mut plan)?;
    crate::plan_mixed::unshipped_script(index, preset, choices, &mut plan);
    crate::plan_bases::settle(preset, &mut plan)?;
    if choices.private_registry() && plan.secret.is_none() {
        bail!(
            "--private-registry is for npm-family and pip/uv installs; the {} preset does not take it. Configure the registry in the build files instead",
            plan.preset
        );
    }
    plan.app = image_name(&plan.app);
    for_workspace(&mut plan)?;
    set_healthcheck(preset, runtime_spec, &facts, choices, &mut plan)?;
    // Where the (checked, upstream) images are pulled from.
    for image in [&mut plan.images.builder_ref, &mut plan.images.builder, &mut plan.images.runtime_ref, &mut plan.images.runtime] {
        *image = choices.image(image);
    }
    if let Some(a) = plan.assets.as_mut() {
        a.image = choices.image(&a.image);
    }
    plan.usage = crate::usage::for_plan(&plan);
    Ok(plan)
}

/// A root-relative `.dockerignore` entry made to match in every folder.
/// The runtime's user, and how dockgen creates it where the image lacks it.
fn user_of(runtime_spec: &RuntimeSpec, runtime: RuntimeKind) -> User {
    User {
        uid: runtime_spec.uid,
        gid: runtime_spec.uid,
        name: runtime_spec.user.clone(),
        create: runtime_spec.create_user,
        tool: match (runtime_spec.create_user, runtime) {
            (false, _) => String::new(),
            (true, RuntimeKind::Alpine) => "apk".into(),
            (true, _) => "apt".into(),
        },
        packages: runtime_spec.user_packages.clone(),
        packages_why: runtime_spec.user_packages_why.clone(),
    }
}

/// A workspace member's plan: its paths checked, its compose service named
/// after it, and `.dockerignore` entries that hold in every member (the
/// context is the root).
fn for_workspace(plan: &mut Plan) -> Result<()> {
    let Some(ws) = &plan.workspace else { return Ok(()) };
    crate::workspace::check_paths(std::iter::once(&ws.member).chain(&ws.local_deps))?;
    if let Some(c) = plan.compose.as_mut().filter(|_| ws.member != ".") {
        c.service = plan.app.clone();
    }
    let mut entries: Vec<String> = Vec::new();
    for e in plan.dockerignore.iter().map(|e| anywhere(e)) {
        if !entries.contains(&e) {
            entries.push(e);
        }
    }
    plan.dockerignore = entries;
    Ok(())
}

fn anywhere(entry: &str) -> String {
    let (neg, rest) = entry.strip_prefix('!').map(|r| ("!", r)).unwrap_or(("", entry));
    if rest.starts_with("**/") || rest.starts_with('/') { entry.to_string() } else { format!("{neg}**/{rest}") }
}

/// The preset's spec for `runtime`, and the runtimes it can use (for the
/// message when it cannot).
fn runtime_spec(preset: &Preset, runtime: RuntimeKind) -> Result<(&RuntimeSpec, Vec<RuntimeKind>)> {
    let usable: Vec<RuntimeKind> = preset
        .runtimes
        .iter()
        .filter(|(_, s)| s.unsupported.is_none())
        .map(|(k, _)| *k)
        .collect();
    let spec = match preset.runtime(runtime) {
        Some(spec) if spec.unsupported.is_none() => spec,
        other => bail!(
            "the {} preset cannot use the {runtime} runtime{}; choose --runtime {}",
            preset.id,
            other
                .and_then(|s| s.unsupported.as_deref())
                .map(|why| format!(": {why}"))
                .unwrap_or_default(),
            usable.iter().map(|k| k.as_str()).collect::<Vec<_>>().join("|")
        ),
    };
    Ok((spec, usable))
}

/// The language version: the flag (checked against the project's files),
/// the detected one, or the preset's default with the day it was checked.
fn version_for(language: &dyn detect::Language, preset: &Preset, facts: &ProjectFacts, choices: &Choices) -> Result<Sourced<String>> {
    Ok(match &choices.lang_version {
        Some(v) => {
            let v = language.normalize_version(v)?;
            language.check_version(facts, &v)?;
            Sourced { source: choices.lang_version_from.clone().unwrap_or_else(|| choices.source("lang-version")), ..Sourced::users(v, choices, "lang-version") }
        }
        None => match &facts.version {
            Some(v) => v.clone(),
            None => Sourced::new(
                preset.default_version.clone(),
                format!("{}, checked {}", preset.default_version_is, preset.default_version_checked),
            ),
        },
    })
}

/// The health URL and the HEALTHCHECK argv: the language's chosen probe
/// (another image's), else the final runtime's.
fn set_healthcheck(preset: &Preset, runtime_spec: &RuntimeSpec, facts: &ProjectFacts, choices: &Choices, plan: &mut Plan) -> Result<()> {
    let path = match (&choices.health_path, &facts.health_path) {
        (Some(p), _) => health_path(p)?,
        (None, Some(found)) => health_path(&found.value)?,
        (None, None) => "/".to_string(),
    };
    if !choices.no_healthcheck() {
        plan.health_url = format!("http://127.0.0.1:{}{path}", plan.port.value);
    }
    // The language may have changed the runtime (static sites: alpine).
    let final_spec = preset.runtime(plan.runtime).unwrap_or(runtime_spec);
    // A language that chose another image for its kind of app (Bun, a
    // static site's web server) has set that image's probe already.
    let probe = match std::mem::take(&mut plan.healthcheck) {
        chosen if !chosen.is_empty() || plan.probe_chosen => chosen,
        _ => final_spec.healthcheck.clone(),
    };
    if !plan.health_url.is_empty() {
        plan.healthcheck = probe.iter().map(|a| a.replace("{url}", &plan.health_url)).collect();
    }
    Ok(())
}

