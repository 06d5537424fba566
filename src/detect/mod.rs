//! Per-language detectors, one file each (nixpacks' providers).
//!
//! A preset's detect rules decide *whether* a language applies, from the
//! top-level index alone. Its [`Language`] then reads only the manifests it
//! needs to fill [`ProjectFacts`], and turns facts plus choices into the
//! language part of the [`Plan`].

use anyhow::{Result, bail};

use crate::plan::{Choices, Plan, ProjectFacts};
use crate::preset::Preset;
use crate::scan::DirIndex;

pub mod go;
mod golex;
mod gradle;
pub mod java;
mod maven;
pub mod node;
pub mod python;

pub trait Language: Sync {
    /// Matches a preset's `language` field.
    fn id(&self) -> &'static str;

    /// Reads the project's manifests; never walks the tree. `choices` is
    /// there for choices that change what is read (Go's `--main`).
    fn detect(&self, index: &DirIndex, choices: &Choices) -> Result<ProjectFacts>;

    /// Checks a `--lang-version` value and returns it in canonical form.
    fn normalize_version(&self, raw: &str) -> Result<String>;

    /// Refuses a chosen version the project's own files rule out (below
    /// go.mod's go line, outside requires-python or engines.node), naming
    /// the file and what it allows.
    fn check_version(&self, _facts: &ProjectFacts, _version: &str) -> Result<()> {
        Ok(())
    }

    /// Fills the language-specific settings: images, start command, the
    /// language's own section, and anything left unresolved.
    fn plan(
        &self,
        index: &DirIndex,
        facts: &ProjectFacts,
        preset: &Preset,
        choices: &Choices,
        plan: &mut Plan,
    ) -> Result<()>;
}

/// Every language dockgen knows. Adding one: a detector file, a preset,
/// a template, an example folder, and one entry here.
pub static LANGUAGES: &[&dyn Language] = &[&go::Go, &node::Node, &python::Python, &java::Java];

pub fn language(id: &str) -> Result<&'static dyn Language> {
    match LANGUAGES.iter().find(|l| l.id() == id) {
        Some(l) => Ok(*l),
        None => bail!("dockgen bug: no detector for the language '{id}' named by a preset"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::preset;

    #[test]
    fn every_preset_has_a_detector_and_every_detector_a_preset() {
        for p in preset::all() {
            assert!(language(&p.language).is_ok(), "preset {} has no detector", p.id);
        }
        for l in LANGUAGES {
            assert!(
                preset::all().iter().any(|p| p.language == l.id()),
                "detector {} has no preset",
                l.id()
            );
        }
    }
}
