//! The pipeline: scan → detect → resolve → render, for a project folder
//! (a workspace member or a project one folder down included). Commands,
//! the wizard and dockgen.toml's loader call it; it calls none of them.

use anyhow::Result;
use std::path::Path;

use crate::model::{Choices, Plan};
use crate::render::OutputFile;
use crate::detect::workspaces::{declarations, project_index};
use crate::scan::{Decl, DirIndex};
use crate::workspace::{Memo, attach_with};
use crate::{plan, preset, render, scan, subproject, workspace};
use std::collections::BTreeSet;
use std::path::PathBuf;

/// Scans and detects the project at `path` and resolves every setting.
pub fn plan_for(path: &Path, choices: &Choices) -> Result<Plan> {
    // Workspace manifests are project files too: their errors come back
    // as one printable line, like detection's.
    let one_line = |e: anyhow::Error| crate::error::reworded(e, |m| plan::printable(&m));
    // No project here, and no workspace: one in a conventional subfolder.
    let here = scan::DirIndex::scan(path).map_err(one_line)?;
    let workspace_root = !declarations(&here).map_err(one_line)?.is_empty();
    if let Some((dir, note)) = subproject::choose(&here, choices.app.as_deref(), choices.preset.is_some(), workspace_root).map_err(one_line)? {
        let mut plan = plan_for(&path.join(&dir), &Choices { app: None, ..choices.clone() })?;
        plan.warnings.insert(0, plan::printable(&note));
        plan.subfolder = Some(match plan.subfolder.take() {
            Some(deeper) => workspace::join(&dir, &deeper),
            None => dir.clone(),
        });
        return Ok(plan);
    }
    let index = project_index(path, choices.app.as_deref()).map_err(one_line)?;
    let index = match app_candidates(&index, choices).map_err(one_line)? {
        None => index,
        Some(c) => project_index(path, Some(&c.only().map_err(one_line)?)).map_err(one_line)?,
    };
    let mut plan = plan::resolve(&index, choices)?;
    plan.overlays = overlays_for(&plan);
    Ok(plan)
}

/// The overlay files that apply to `plan`: its preset's, and every
/// template the overlay folders replace.
fn overlays_for(plan: &Plan) -> Vec<String> {
    let preset = crate::preset::overlay_of(&plan.preset).map(str::to_string);
    let templates = crate::render::template_names().into_iter().filter_map(|t| crate::overlay::source_of(&format!("templates/{t}")));
    preset.into_iter().chain(templates).collect()
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
        return Err(crate::error::fail(crate::error::Kind::Unresolved, format!("{}; pass {}", u.message, u.hint)));
    }
    render_plan(plan, extras)
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
            [] => Err(crate::error::fail(crate::error::Kind::Workspace, format!(
                "{} is the root of a {} ({}) and none of its members ({}) deploys on its own{}",
                self.root.display(),
                d.kind,
                d.manifest,
                if self.all.is_empty() { "none found".to_string() } else { self.all.join(", ") },
                match &self.first_reason {
                    Some((m, why)) => format!("; {m}: {why}"),
                    None => String::new(),
                }
            ))),
            several => Err(crate::error::fail(crate::error::Kind::Workspace, format!(
                "{} is the root of a {} ({}) with {} deployable members: {}; pass --app <{}>",
                self.root.display(),
                d.kind,
                d.manifest,
                several.len(),
                several.join(", "),
                several.join("|")
            ))),
        }
    }
}

/// When `index` is a workspace root (not a member of its own) and no
/// `--app` was given: its members, and which of them deploy on their own
/// (detection settles every setting for them).
pub fn app_candidates(index: &DirIndex, choices: &Choices) -> Result<Option<Candidates>> {
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
pub fn choose_app(p: &mut dyn crate::prompt::Prompter, path: &Path, flags: &Choices) -> Result<(DirIndex, Choices)> {
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
