//! A language without a detector: a preset (an overlay's own, such as
//! `.dockgen/presets/ruby.toml`) with `[detect]` rules and a template, and
//! no Rust code. Its facts are the generic ones: the files its rules
//! matched, the version from `--lang-version` or the preset, the start from
//! `--start` or the preset's `start`, the port from `--port` or the
//! preset's `default_port`, and the preset's `[deps]` step.

use anyhow::{Result, bail};

use super::{Language, ProjectFacts};
use crate::model::{Choices, DepStep, Plan, Unresolved};
use crate::preset::Preset;
use crate::scan::DirIndex;

pub struct Generic;

impl Language for Generic {
    fn id(&self) -> &'static str {
        "generic"
    }

    fn detect(&self, _index: &DirIndex, _choices: &Choices) -> Result<ProjectFacts> {
        Ok(ProjectFacts::default())
    }

    fn normalize_version(&self, raw: &str) -> Result<String> {
        let ok = !raw.is_empty() && raw.len() <= 32 && raw.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
        if !ok {
            bail!("--lang-version {} is not a version (letters, digits, . - _)", crate::text::printable(raw));
        }
        Ok(raw.to_string())
    }

    fn plan(&self, _index: &DirIndex, _facts: &ProjectFacts, preset: &Preset, choices: &Choices, plan: &mut Plan) -> Result<()> {
        plan.start = choices.start.clone().unwrap_or_else(|| preset.start.clone());
        if plan.start.is_empty() {
            plan.unresolved.push(Unresolved::start(&[format!("the preset {} has no `start`", preset.id)], "bundle exec rackup --host 0.0.0.0"));
        }
        plan.deps = preset.deps.as_ref().map(|d| DepStep { cache: d.cache.clone(), binds: d.binds.clone(), command: d.command.clone() });
        Ok(())
    }
}
