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
use crate::plan::{self, Choices, Plan};
use crate::preset::{self, RuntimeKind};
use crate::render::OutputFile;
use crate::scan::DirIndex;

/// How a wizard talks to a person. Prompts and notes go to stderr.
pub trait Prompter {
    /// Shows information: the detected stack, a diff.
    fn say(&mut self, text: &str);
    /// One of `items`; returns its index.
    fn select(&mut self, prompt: &str, items: &[String], default: usize) -> Result<usize>;
    /// A line of text; `check` refuses invalid answers with a reason, and
    /// the question is asked again.
    fn input(&mut self, prompt: &str, default: &str, check: &dyn Fn(&str) -> Result<(), String>) -> Result<String>;
    fn confirm(&mut self, prompt: &str, default: bool) -> Result<bool>;
}

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
    format!("Detected: {} (version from {})", parts.join(" · "), plan.version.source)
}

/// Asks, in order: the stack, the runtime, the version, the per-language
/// questions the start command depends on, the start command and port, the
/// Node output folder, then what to do with existing files (when `writing`).
pub fn run(p: &mut dyn Prompter, path: &Path, flags: &Choices, dockerignore: bool, writing: bool) -> Result<Answers> {
    let (index, choices) = crate::workspace::choose_app(p, path, flags).map_err(|e| anyhow::anyhow!(plan::printable(&format!("{e:#}"))))?;
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
        bail!("{}; pass {}", u.message, u.hint);
    }
    let existing = if writing { w.existing(&dir, dockerignore)? } else { None };
    Ok(Answers { choices: w.choices, existing })
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
            self.choices.runtime = Some(valid[i].0);
            self.plan = valid[i].1.clone();
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
    fn existing(&mut self, path: &Path, dockerignore: bool) -> Result<Option<Existing>> {
        let mut existing = None;
        {
            let files = crate::render_plan(&self.plan, dockerignore)?;
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

/// `diff -u` of an existing file against the one dockgen would write.
pub fn unified_diff(name: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("{name} (existing)"), &format!("{name} (dockgen)"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::VecDeque;
    use std::path::PathBuf;

    /// One scripted answer. `Input("")` accepts the default.
    #[derive(Debug)]
    enum A {
        Select(usize),
        Input(&'static str),
        Confirm(bool),
    }

    #[derive(Default)]
    struct Scripted {
        answers: VecDeque<A>,
        /// Every prompt, in order, with the items of selects.
        asked: Vec<String>,
        items: Vec<Vec<String>>,
        said: Vec<String>,
        /// Answers refused by a check, with the reason.
        refused: Vec<String>,
    }

    impl Scripted {
        fn new(answers: Vec<A>) -> Self {
            Scripted { answers: answers.into(), ..Default::default() }
        }
        fn next(&mut self, prompt: &str) -> A {
            self.answers.pop_front().unwrap_or_else(|| panic!("unexpected prompt {prompt:?}; asked so far: {:?}", self.asked))
        }
    }

    impl Prompter for Scripted {
        fn say(&mut self, text: &str) {
            self.said.push(text.to_string());
        }
        fn select(&mut self, prompt: &str, items: &[String], default: usize) -> Result<usize> {
            self.asked.push(format!("select: {prompt} [default {}]", items[default]));
            self.items.push(items.to_vec());
            match self.next(prompt) {
                A::Select(i) => Ok(i),
                other => panic!("{prompt:?} is a select, the script has {other:?}"),
            }
        }
        fn input(&mut self, prompt: &str, default: &str, check: &dyn Fn(&str) -> Result<(), String>) -> Result<String> {
            self.asked.push(format!("input: {prompt} [default {default}]"));
            loop {
                let answer = match self.next(prompt) {
                    A::Input("") => default.to_string(),
                    A::Input(s) => s.to_string(),
                    other => panic!("{prompt:?} is an input, the script has {other:?}"),
                };
                match check(&answer) {
                    Ok(()) => return Ok(answer),
                    Err(why) => self.refused.push(format!("{answer}: {why}")),
                }
            }
        }
        fn confirm(&mut self, prompt: &str, default: bool) -> Result<bool> {
            self.asked.push(format!("confirm: {prompt} [default {default}]"));
            match self.next(prompt) {
                A::Confirm(b) => Ok(b),
                other => panic!("{prompt:?} is a confirm, the script has {other:?}"),
            }
        }
    }

    fn example(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(name)
    }

    fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, body) in files {
            let p = dir.path().join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, body).unwrap();
        }
        dir
    }

    fn wizard(path: &Path, flags: Choices, script: Vec<A>, writing: bool) -> (Answers, Scripted) {
        let mut p = Scripted::new(script);
        let answers = run(&mut p, path, &flags, true, writing).unwrap();
        assert!(p.answers.is_empty(), "unused answers: {:?}; asked: {:?}", p.answers, p.asked);
        (answers, p)
    }

    #[test]
    fn full_conversation_in_order_with_a_non_default_runtime() {
        let (a, p) = wizard(
            &example("go-stdlib"),
            Choices::default(),
            vec![A::Confirm(true), A::Select(3), A::Input(""), A::Input(""), A::Input("9000")],
            false,
        );
        assert!(p.said[0].starts_with("Detected: Go 1.24"), "{:?}", p.said);
        let kinds: Vec<&str> = p.asked.iter().map(|q| q.split(':').next().unwrap()).collect();
        assert_eq!(kinds, ["confirm", "select", "input", "input", "input"]);
        assert!(p.asked[1].contains("Runtime base") && p.asked[1].contains("[default distroless"), "{:?}", p.asked);
        assert!(p.items[0][1].contains("(recommended)"), "{:?}", p.items[0]);
        assert!(p.asked[2].contains("Go version (detected from go.mod"), "{:?}", p.asked);
        assert!(p.asked[3].contains("Start command [default /usr/local/bin/hello]"), "{:?}", p.asked);
        assert!(p.asked[4].contains("Port the app listens on (from main.go"), "{:?}", p.asked);
        assert_eq!(a.choices.runtime, Some(RuntimeKind::Slim));
        assert_eq!(a.choices.port, Some(9000));
        // Accepted defaults stay unset, so the plan keeps their detected sources.
        assert_eq!((a.choices.lang_version.as_ref(), a.choices.start.as_ref()), (None, None));
        assert_eq!(a.existing, None);
    }

    #[test]
    fn flags_are_never_asked_again() {
        let flags = Choices {
            runtime: Some(RuntimeKind::Alpine),
            lang_version: Some("1.25".into()),
            port: Some(8081),
            start: Some(vec!["/usr/local/bin/hello".into()]),
            preset: Some("go".into()),
            ..Default::default()
        };
        let (a, p) = wizard(&example("go-stdlib"), flags, vec![], false);
        assert!(p.asked.is_empty(), "{:?}", p.asked);
        assert_eq!(a.choices.runtime, Some(RuntimeKind::Alpine));
        // Still validated: an invalid flag fails before any question.
        let bad = Choices { lang_version: Some("banana".into()), ..Default::default() };
        let mut s = Scripted::new(vec![]);
        assert!(run(&mut s, &example("go-stdlib"), &bad, true, false).is_err());
        assert!(s.asked.is_empty());
    }

    #[test]
    fn several_matching_presets_are_offered() {
        let dir = project(&[
            ("package.json", r#"{"name":"web","dependencies":{"express":"4"},"scripts":{"start":"node server.js"}}"#),
            ("server.js", "require('express')().listen(3000)\n"),
            ("requirements.txt", "flask\n"),
            ("app.py", "from flask import Flask\napp = Flask(__name__)\n"),
        ]);
        let (a, p) = wizard(dir.path(), Choices::default(), vec![A::Select(1), A::Select(0), A::Input(""), A::Input(""), A::Input("")], false);
        assert!(p.asked[0].contains("Several presets match"), "{:?}", p.asked);
        assert!(p.items[0][0].starts_with("node") && p.items[0][1].starts_with("python"), "{:?}", p.items[0]);
        assert_eq!(a.choices.preset.as_deref(), Some("python"));
        assert!(p.said[1].starts_with("Detected: Python"), "{:?}", p.said);
    }

    #[test]
    fn saying_no_to_the_stack_offers_every_preset() {
        let (a, p) = wizard(
            &example("go-stdlib"),
            Choices { runtime: Some(RuntimeKind::Slim), ..Default::default() },
            vec![A::Confirm(false), A::Select(preset::ids().iter().position(|id| *id == "go").unwrap()), A::Input(""), A::Input(""), A::Input("")],
            false,
        );
        assert_eq!(p.items[0].len(), preset::ids().len());
        assert!(p.asked[1].contains("Which preset? [default go"), "{:?}", p.asked);
        assert_eq!(a.choices.preset, None, "the same preset again is not a change");
    }

    #[test]
    fn only_runtimes_that_work_are_offered() {
        // requires-python >=3.10 resolves to 3.14; distroless only has 3.11.
        let (_, p) = wizard(&example("python-pep621"), Choices::default(), vec![A::Confirm(true), A::Select(0), A::Input(""), A::Input(""), A::Input("")], false);
        let offered: Vec<&str> = p.items[0].iter().map(|i| i.split_whitespace().next().unwrap()).collect();
        assert_eq!(offered, ["alpine", "slim"]);
        // A static site has no scratch or distroless web server.
        let (_, p) = wizard(&example("node-vite-spa"), Choices::default(), vec![A::Confirm(true), A::Select(0), A::Input(""), A::Input(""), A::Input(""), A::Input("")], false);
        let offered: Vec<&str> = p.items[0].iter().map(|i| i.split_whitespace().next().unwrap()).collect();
        assert_eq!(offered, ["alpine", "slim"]);
    }

    #[test]
    fn invalid_answers_are_refused_and_asked_again() {
        let (a, p) = wizard(
            &example("go-stdlib"),
            Choices { runtime: Some(RuntimeKind::Distroless), ..Default::default() },
            vec![A::Confirm(true), A::Input("banana"), A::Input("1.25"), A::Input("'unclosed"), A::Input("/usr/local/bin/hello -v"), A::Input("0"), A::Input("70000"), A::Input("")],
            false,
        );
        assert_eq!(p.refused.len(), 4, "{:?}", p.refused);
        assert!(p.refused[0].starts_with("banana:"), "{:?}", p.refused);
        assert!(p.refused[1].contains("quote it like a shell command"), "{:?}", p.refused);
        assert!(p.refused[2].starts_with("0: a port is a number"), "{:?}", p.refused);
        assert_eq!(a.choices.lang_version.as_deref(), Some("1.25"));
        assert_eq!(a.choices.start, Some(vec!["/usr/local/bin/hello".to_string(), "-v".to_string()]));
    }

    #[test]
    fn go_main_package_is_chosen_when_there_are_several() {
        let main = "package main\n\nimport \"net/http\"\n\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n";
        let dir = project(&[("go.mod", "module x\n\ngo 1.23\n"), ("cmd/api/main.go", main), ("cmd/worker/main.go", main)]);
        let (a, p) = wizard(dir.path(), Choices::default(), vec![A::Confirm(true), A::Select(0), A::Input(""), A::Select(1), A::Input(""), A::Input("")], false);
        assert!(p.asked[3].starts_with("select: ") && p.asked[3].contains("Which one?"), "{:?}", p.asked);
        assert_eq!(p.items[1], ["./cmd/api", "./cmd/worker"]);
        assert_eq!(a.choices.main.as_deref(), Some("./cmd/worker"));
        assert!(p.asked[4].contains("[default /usr/local/bin/worker]"), "{:?}", p.asked);
    }

    #[test]
    fn rust_binary_and_dotnet_project_are_chosen_when_there_are_several() {
        let dir = project(&[("Cargo.toml", "[package]\nname = \"app\"\n"), ("src/bin/api.rs", "fn main() {}"), ("src/bin/cli.rs", "fn main() {}")]);
        let (a, p) = wizard(dir.path(), Choices::default(), vec![A::Confirm(true), A::Select(0), A::Input(""), A::Select(1), A::Input(""), A::Input("")], false);
        assert!(p.asked[3].contains("Which one?"), "{:?}", p.asked);
        assert_eq!(p.items[1], ["api", "cli"]);
        assert_eq!(a.choices.main.as_deref(), Some("cli"));
        assert!(p.asked[4].contains("[default /usr/local/bin/cli]"), "{:?}", p.asked);

        let web = "<Project Sdk=\"Microsoft.NET.Sdk.Web\"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>";
        let sln = "Project(\"{X}\") = \"Api\", \"Api\\Api.csproj\", \"{1}\"\nEndProject\nProject(\"{X}\") = \"Admin\", \"Admin\\Admin.csproj\", \"{2}\"\nEndProject\n";
        let dir = project(&[("App.sln", sln), ("Api/Api.csproj", web), ("Admin/Admin.csproj", web)]);
        let (a, p) = wizard(dir.path(), Choices::default(), vec![A::Confirm(true), A::Select(0), A::Input(""), A::Select(0), A::Input(""), A::Input("")], false);
        assert_eq!(p.items[1], ["Admin", "Api"]);
        assert_eq!(a.choices.main.as_deref(), Some("Admin"));
        assert!(p.asked[4].contains("[default /app/Admin]"), "{:?}", p.asked);
    }

    #[test]
    fn a_workspace_root_asks_which_member_to_build() {
        let dir = project(&[
            ("package.json", "{\"private\": true, \"workspaces\": [\"apps/*\"]}"),
            ("package-lock.json", "{\"lockfileVersion\": 3}"),
            ("apps/api/package.json", "{\"name\": \"api\", \"scripts\": {\"start\": \"node server.js\"}}"),
            ("apps/api/server.js", ""),
            ("apps/web/package.json", "{\"name\": \"web\", \"scripts\": {\"start\": \"node index.js\"}}"),
            ("apps/web/index.js", ""),
        ]);
        let (a, p) = wizard(dir.path(), Choices::default(), vec![A::Select(1), A::Confirm(true), A::Select(0), A::Input(""), A::Input(""), A::Input("")], false);
        assert!(p.asked[0].contains("npm workspaces") && p.asked[0].contains("Which app"), "{:?}", p.asked);
        assert_eq!(p.items[0], ["apps/api", "apps/web"]);
        assert_eq!(a.choices.app.as_deref(), Some("apps/web"));
    }

    #[test]
    fn java_main_class_is_asked_when_it_cannot_be_found() {
        let dir = project(&[("pom.xml", "<project><artifactId>t</artifactId><version>1</version><properties><maven.compiler.release>17</maven.compiler.release></properties></project>")]);
        let (a, p) = wizard(
            dir.path(),
            Choices::default(),
            vec![A::Confirm(true), A::Select(0), A::Input(""), A::Input("not a class"), A::Input("com.example.App"), A::Input(""), A::Input("")],
            false,
        );
        assert!(p.asked[3].contains("Cannot find the main class") && p.asked[3].contains("--main com.example.App"), "{:?}", p.asked);
        assert!(p.refused[0].contains("is not a Java class name"), "{:?}", p.refused);
        assert_eq!(a.choices.main.as_deref(), Some("com.example.App"));
        assert!(p.asked[4].contains("com.example.App]"), "{:?}", p.asked);
    }

    #[test]
    fn node_start_and_output_folder() {
        // No start script and no entry file: the start command must be typed.
        let dir = project(&[("package.json", r#"{"name":"svc","scripts":{"build":"tsc"},"devDependencies":{"typescript":"5"}}"#), ("tsconfig.json", "{}")]);
        let (a, p) = wizard(
            dir.path(),
            Choices { runtime: Some(RuntimeKind::Slim), ..Default::default() },
            vec![A::Confirm(true), A::Input(""), A::Input(""), A::Input("node out/server.js"), A::Input(""), A::Input("../etc"), A::Input("out")],
            false,
        );
        assert!(p.asked[2].starts_with("input: Start command (cannot tell how to start"), "{:?}", p.asked);
        assert!(p.refused[0].starts_with(": the start command is empty"), "{:?}", p.refused);
        assert!(p.refused[1].starts_with("../etc:"), "{:?}", p.refused);
        assert_eq!(a.choices.start, Some(vec!["node".to_string(), "out/server.js".to_string()]));
        assert_eq!(a.choices.output_dir.as_deref(), Some("out"));
    }

    fn written_project() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for f in ["go.mod", "main.go"] {
            std::fs::copy(example("go-stdlib").join(f), dir.path().join(f)).unwrap();
        }
        std::fs::write(dir.path().join("Dockerfile"), "FROM golang\n").unwrap();
        dir
    }

    #[test]
    fn existing_files_show_a_diff_then_overwrite_beside_or_abort() {
        let flags = Choices { runtime: Some(RuntimeKind::Distroless), ..Default::default() };
        for (pick, want) in [(0, Existing::Overwrite), (1, Existing::Beside), (2, Existing::Abort)] {
            let dir = written_project();
            let (a, p) = wizard(dir.path(), flags.clone(), vec![A::Confirm(true), A::Input(""), A::Input(""), A::Input(""), A::Select(pick)], true);
            assert_eq!(a.existing, Some(want));
            let diff = p.said.iter().find(|s| s.starts_with("--- Dockerfile (existing)")).expect("a diff is shown");
            assert!(diff.contains("-FROM golang\n") && diff.contains("+# syntax=docker/dockerfile:1\n"), "{diff}");
            assert!(p.asked.last().unwrap().contains("Dockerfile already exists and differs. What now? [default Write beside: Dockerfile.dockgen]"), "{:?}", p.asked);
        }
        // Printing (--stdout) writes nothing, so nothing is asked about files.
        let dir = written_project();
        let (a, _) = wizard(dir.path(), flags, vec![A::Confirm(true), A::Input(""), A::Input(""), A::Input("")], false);
        assert_eq!(a.existing, None);
        assert_eq!(beside_name(".dockerignore"), "Dockerfile.dockgen.dockerignore");
    }
}
