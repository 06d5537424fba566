//! The interactive wizard: asks what detection could not settle and
//! confirms what it did, through a [`Prompter`], into [`Answers`].
//!
//! It never renders or writes by itself and detection does not know it
//! exists: it only turns flags plus answers into the same [`Choices`] a
//! script would pass. A flag is never asked again (it is still validated,
//! by resolving the plan with it). Tests drive it with a scripted prompter.

use anyhow::{Result, bail};
use std::path::Path;

use crate::detect;
use crate::plan;
use crate::model::{Choices, Plan};
use crate::preset::{self, RuntimeKind};
use crate::render::OutputFile;
use crate::scan::DirIndex;

pub use crate::prompt::Prompter;

/// What to do when a file dockgen would write already exists and differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Replace it, keeping the old one as NAME.bak.
    Overwrite,
    /// Write `Dockerfile.dockgen` (and its `Dockerfile.dockgen.dockerignore`).
    Beside,
    /// Write nothing.
    Abort,
}

#[derive(Debug, Clone)]
pub struct Answers {
    /// Flags merged with answers: what `init` resolves and renders.
    pub choices: Choices,
    /// Set when existing files differ from what would be written.
    pub existing: Option<Existing>,
}

/// The name a file gets when written beside an existing one. BuildKit reads
/// `<Dockerfile>.dockerignore` for `-f <Dockerfile>`, so the pair stays a pair.
pub fn beside_name(name: &str) -> String {
    match name {
        ".dockerignore" => "Dockerfile.dockgen.dockerignore".to_string(),
        other => format!("{other}.dockgen"),
    }
}

fn summary(plan: &Plan) -> String {
    let mut parts = vec![format!("{} {}", plan.language_name, plan.version.value)];
    if let Some(pm) = &plan.package_manager {
        parts.push(pm.clone());
    }
    if let Some(fw) = &plan.framework {
        parts.push(fw.clone());
    }
    if let Some(a) = &plan.assets {
        parts.push(format!("with {}", a.says));
    }
    format!("Detected: {} (version from {})", parts.join(" · "), plan.version.source)
}

/// Asks, in order: the stack, the runtime, the version, the per-language
/// questions the start command depends on, the start command and port, the
/// Node output folder, then what to do with existing files (when `writing`).
pub fn run(p: &mut dyn Prompter, path: &Path, flags: &Choices, extras: crate::pipeline::Extras, writing: bool) -> Result<Answers> {
    let one_line = |e: anyhow::Error| anyhow::anyhow!(plan::printable(&format!("{e:#}")));
    // A project one folder down: asked when there are several.
    let below = crate::subproject::found_below(&DirIndex::scan(path).map_err(one_line)?, flags.preset.is_some()).map_err(one_line)?;
    let sub = match below.as_slice() {
        [] => None,
        [one] => Some(one.dir.clone()),
        several => match flags.app.as_deref().and_then(|a| several.iter().find(|f| f.dir == a.trim_end_matches('/'))) {
            Some(f) => Some(f.dir.clone()),
            None => {
                let items: Vec<String> = several.iter().map(|f| format!("{} ({})", f.dir, f.language)).collect();
                Some(several[p.select("This folder holds no project of its own. Which one should the image run?", &items, 0)?].dir.clone())
            }
        },
    };
    let sub_path = sub.as_ref().map(|s| path.join(s));
    let (path, flags_here) = match &sub_path {
        Some(sp) => (sp.as_path(), Choices { app: None, ..flags.clone() }),
        None => (path, flags.clone()),
    };
    let flags = &flags_here;
    let (index, choices) = crate::pipeline::choose_app(p, path, flags).map_err(one_line)?;
    let plan = plan::resolve(&index, &choices)?;
    let dir = index.root.clone();
    let mut w = Wizard { p, flags, index, choices, plan };
    w.preset()?;
    w.runtime()?;
    w.version()?;
    w.main()?;
    w.start()?;
    w.port()?;
    w.output_dir()?;
    // Anything else still open (a setting a language adds later).
    if let Some(u) = w.plan.unresolved.first() {
        return Err(crate::error::fail(crate::error::Kind::Unresolved, format!("{}; pass {}", u.message, u.hint)));
    }
    let existing = if writing { w.existing(&dir, extras)? } else { None };
    let mut choices = w.choices;
    if sub.is_some() {
        choices.app = sub;
    }
    Ok(Answers { choices, existing })
}

/// One wizard run: the flags given, what is chosen so far, and the plan
/// those choices resolve to (resolved again after every change).
struct Wizard<'a> {
    p: &'a mut dyn Prompter,
    flags: &'a Choices,
    index: DirIndex,
    choices: Choices,
    plan: Plan,
}

impl Wizard<'_> {
    /// The stack: confirm the detected preset, or choose another.
    fn preset(&mut self) -> Result<()> {
        self.p.say(&summary(&self.plan));
        if self.flags.preset.is_none() {
            let chosen = if !self.plan.also_matched.is_empty() {
                let ids: Vec<String> = std::iter::once(self.plan.preset.clone()).chain(self.plan.also_matched.iter().cloned()).collect();
                let items: Vec<String> = ids.iter().map(|id| preset_line(id)).collect();
                let i = self.p.select("Several presets match this folder. Which one?", &items, 0)?;
                (i != 0).then(|| ids[i].clone())
            } else if self.p.confirm("Is this right?", true)? {
                None
            } else {
                let ids = preset::ids();
                let items: Vec<String> = ids.iter().map(|id| preset_line(id)).collect();
                let current = ids.iter().position(|id| *id == self.plan.preset).unwrap_or(0);
                let i = self.p.select("Which preset?", &items, current)?;
                (ids[i] != self.plan.preset).then(|| ids[i].to_string())
            };
            if let Some(id) = chosen {
                self.choices.preset = Some(id);
                self.plan = plan::resolve(&self.index, &self.choices)?;
                self.p.say(&summary(&self.plan));
            }
        }
        Ok(())
    }

    /// The runtime: only those that work for this project, the recommended one selected.
    fn runtime(&mut self) -> Result<()> {
        if self.flags.runtime.is_none() {
            let valid: Vec<(RuntimeKind, Plan)> = self.plan
                .runtimes
                .iter()
                .filter_map(|rt| {
                    let c = Choices { runtime: Some(*rt), ..self.choices.clone() };
                    plan::resolve(&self.index, &c).ok().map(|pl| (*rt, pl))
                })
                .collect();
            if valid.is_empty() {
                bail!("no runtime works for this project; run `dockgen detect` to see why");
            }
            let items: Vec<String> = valid
                .iter()
                .map(|(rt, pl)| {
                    let rec = if *rt == self.plan.runtime { " (recommended)" } else { "" };
                    format!("{:<10} {}{rec}: {}", rt.as_str(), pl.images.runtime, pl.runtime_summary)
                })
                .collect();
            let default = valid.iter().position(|(rt, _)| *rt == self.plan.runtime).unwrap_or(0);
            let i = self.p.select("Runtime base of the final image", &items, default)?;
            // The recommended runtime is the preset's to change later: only
            // another one is an answer to remember.
            if i != default {
                self.choices.runtime = Some(valid[i].0);
                self.plan = valid[i].1.clone();
            }
        }
        Ok(())
    }

    /// The language version, from detection.
    fn version(&mut self) -> Result<()> {
        if self.flags.lang_version.is_none() {
            let language = detect::language(&self.plan.language)?;
            let check = |v: &str| -> Result<(), String> {
                let v = language.normalize_version(v.trim()).map_err(|e| e.to_string())?;
                let c = Choices { lang_version: Some(v), ..self.choices.clone() };
                plan::resolve(&self.index, &c).map(|_| ()).map_err(|e| e.to_string())
            };
            let prompt = format!("{} version (detected from {})", self.plan.language_name, self.plan.version.source);
            let v = self.p.input(&prompt, &self.plan.version.value, &check)?;
            let v = language.normalize_version(v.trim())?;
            if v != self.plan.version.value {
                self.choices.lang_version = Some(v);
                self.plan = plan::resolve(&self.index, &self.choices)?;
            }
        }
        Ok(())
    }

    /// What the start command is derived from (Go's main package, Java's main class).
    fn main(&mut self) -> Result<()> {
        while let Some(u) = self.plan.unresolved.iter().find(|u| u.setting == "main").cloned() {
            let answer = ask_unresolved(self.p, &u, &self.index, &self.choices)?;
            self.choices.main = Some(answer);
            self.plan = plan::resolve(&self.index, &self.choices)?;
        }
        Ok(())
    }

    /// The start command.
    fn start(&mut self) -> Result<()> {
        if self.flags.start.is_none() {
            let current = shell_words::join(&self.plan.start);
            let check = |s: &str| -> Result<(), String> {
                match shell_words::split(s) {
                    Ok(argv) if argv.is_empty() => Err("the start command is empty".into()),
                    Ok(argv) if argv.iter().any(|a| a.chars().any(char::is_control)) => Err("the start command contains control characters".into()),
                    Ok(_) => Ok(()),
                    Err(e) => Err(format!("{e}; quote it like a shell command")),
                }
            };
            let prompt = match self.plan.unresolved.iter().find(|u| u.setting == "start") {
                Some(u) => format!("Start command ({})", u.message),
                None => "Start command".to_string(),
            };
            let s = self.p.input(&prompt, &current, &check)?;
            if s.trim() != current {
                self.choices.start = Some(shell_words::split(&s)?);
                self.plan = plan::resolve(&self.index, &self.choices)?;
            }
        }
        Ok(())
    }

    /// The port.
    fn port(&mut self) -> Result<()> {
        if self.flags.port.is_none() {
            let check = |s: &str| match s.trim().parse::<u16>() {
                Ok(n) if n > 0 => Ok(()),
                _ => Err("a port is a number from 1 to 65535".to_string()),
            };
            let prompt = format!("Port the app listens on (from {})", self.plan.port.source);
            let s = self.p.input(&prompt, &self.plan.port.value.to_string(), &check)?;
            let port: u16 = s.trim().parse()?;
            if port != self.plan.port.value {
                self.choices.port = Some(port);
                self.plan = plan::resolve(&self.index, &self.choices)?;
            }
        }
        Ok(())
    }

    /// The folder the build writes, for a language that lets you choose it.
    fn output_dir(&mut self) -> Result<()> {
        if self.flags.output_dir.is_none()
            && let Some(out) = self.plan.build_output.clone()
        {
            let check = |s: &str| -> Result<(), String> {
                let d = plan::output_dir_flag(s).map_err(|e| e.to_string())?;
                let c = Choices { output_dir: Some(d), ..self.choices.clone() };
                plan::resolve(&self.index, &c).map(|_| ()).map_err(|e| e.to_string())
            };
            let s = self.p.input("Folder the build writes (its output)", &out, &check)?;
            let d = plan::output_dir_flag(&s)?;
            if d != out {
                self.choices.output_dir = Some(d);
                self.plan = plan::resolve(&self.index, &self.choices)?;
            }
        }
        Ok(())
    }

    /// Existing files: show what changes, then overwrite, write beside, or abort.
    fn existing(&mut self, path: &Path, extras: crate::pipeline::Extras) -> Result<Option<Existing>> {
        let mut existing = None;
        {
            // What init would write: keep blocks carried, a root compose.yaml merged.
            let (placed, _) = crate::drift::place(&self.plan, crate::pipeline::render_plan(&self.plan, extras)?)?;
            let files: Vec<OutputFile> = placed.into_iter().filter(|p| p.dir == path).map(|p| p.file).collect();
            let changed: Vec<&OutputFile> = files
                .iter()
                .filter(|f| std::fs::read_to_string(path.join(&f.name)).is_ok_and(|old| old != f.contents))
                .collect();
            if !changed.is_empty() {
                for f in &changed {
                    let old = std::fs::read_to_string(path.join(&f.name)).unwrap_or_default();
                    self.p.say(&unified_diff(&f.name, &old, &f.contents));
                }
                let names: Vec<&str> = changed.iter().map(|f| f.name.as_str()).collect();
                let items = vec![
                    format!("Overwrite (keep the old {} as .bak)", names.join(" and ")),
                    format!("Write beside: {}", names.iter().map(|n| beside_name(n)).collect::<Vec<_>>().join(", ")),
                    "Abort: write nothing".to_string(),
                ];
                let i = self.p.select(&format!("{} already exist{} and differ{}. What now?", names.join(" and "), if names.len() == 1 { "s" } else { "" }, if names.len() == 1 { "s" } else { "" }), &items, 1)?;
                existing = Some([Existing::Overwrite, Existing::Beside, Existing::Abort][i]);
            }
        }
        Ok(existing)
    }
}

fn preset_line(id: &str) -> String {
    match preset::by_id(id) {
        Ok(p) => format!("{:<8} {}", p.id, p.description),
        Err(_) => id.to_string(),
    }
}

/// A choice among detected candidates, or free text checked by resolving.
fn ask_unresolved(p: &mut dyn Prompter, u: &plan::Unresolved, index: &DirIndex, choices: &Choices) -> Result<String> {
    if !u.choices.is_empty() {
        let i = p.select(&format!("{} Which one?", capitalise(&u.message)), &u.choices, 0)?;
        return Ok(u.choices[i].clone());
    }
    let check = |s: &str| -> Result<(), String> {
        let c = Choices { main: Some(s.trim().to_string()), ..choices.clone() };
        match plan::resolve(index, &c) {
            Ok(pl) if pl.unresolved.iter().any(|x| x.setting == u.setting) => Err(format!("still unresolved; pass {}", u.hint)),
            Ok(_) => Ok(()),
            Err(e) => Err(e.to_string()),
        }
    };
    Ok(p.input(&format!("{} ({})", capitalise(&u.message), u.hint), "", &check)?.trim().to_string())
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

pub use crate::text::unified_diff;

#[cfg(test)]
mod tests;
