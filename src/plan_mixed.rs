//! Mixed repositories and the project's own start: which language serves
//! when two presets match (the other's manifest only builds assets), the
//! assets stage, and a start script the language's image does not ship
//! (said, never dropped). Names no language: the presets and the
//! languages' `serves`/`is_project` decide.

use anyhow::Result;

use crate::detect;
use crate::model::{Choices, Plan};
use crate::preset::Preset;
use crate::scan::DirIndex;

/// The preset whose language serves, the others that matched, and whether
/// the first preset's manifest only builds assets for it.
pub fn serving(index: &DirIndex, choices: &Choices, first: &'static Preset, mut also: Vec<String>) -> (&'static Preset, Vec<String>, bool) {
    if choices.preset.is_some() {
        return (first, also, false);
    }
    match detect::serving(index, first, &also) {
        Some(serving) => {
            also.retain(|id| *id != serving.id);
            also.insert(0, first.id.clone());
            (serving, also, true)
        }
        None => (first, also, false),
    }
}

/// The assets stage, where the preset's template has one; a warning where
/// it has not.
pub fn assets(index: &DirIndex, preset: &Preset, plan: &mut Plan) -> Result<()> {
    let Some(stage) = crate::assets::stage(index)? else { return Ok(()) };
    if !preset.assets {
        plan.warnings.push(format!("package.json builds assets ({}), which the {} template does not build: run it before docker build, or add a stage", stage.build, preset.id));
        return Ok(());
    }
    // The stage installs its own node_modules; the host's stay out.
    for e in ["node_modules", "**/node_modules"] {
        plan.dockerignore.push(e.to_string());
    }
    plan.assets = Some(stage);
    Ok(())
}

/// A start script the language's image does not ship is said, not dropped.
pub fn unshipped_script(index: &DirIndex, preset: &Preset, choices: &Choices, plan: &mut Plan) {
    if preset.entry_script || choices.start.is_some() {
        return;
    }
    if let Some(s) = crate::entry_script::find(index) {
        plan.warnings.push(format!(
            "{} is the project's own start script{}; the {} image ships the build output, not the script: run its other steps as a one-off job, or copy it in and pass --start",
            s.path,
            if s.also.is_empty() { String::new() } else { format!(" ({})", s.also.join(", ")) },
            plan.language_name
        ));
    }
}
