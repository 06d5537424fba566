//! The wizard's questions, answered by a scripted prompter.

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
    let answers = run(&mut p, path, &flags, crate::pipeline::Extras::ALL, writing).unwrap();
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
    assert!(p.said[0].starts_with("Detected: Go 1.26"), "{:?}", p.said);
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
    assert!(run(&mut s, &example("go-stdlib"), &bad, crate::pipeline::Extras::ALL, false).is_err());
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
    // python-native needs system libraries at run time, which distroless
    // cannot install.
    let (_, p) = wizard(&example("python-native"), Choices::default(), vec![A::Confirm(true), A::Select(0), A::Input(""), A::Input(""), A::Input("")], false);
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

#[test]
fn a_folder_with_several_projects_below_asks_which() {
    let dir = tempfile::tempdir().unwrap();
    for (f, text) in [("README.md", "# x"), ("backend/requirements.txt", "flask==3.0.3\ngunicorn==23.0.0\n"), ("backend/app.py", "from flask import Flask\napp = Flask(__name__)\n"), ("frontend/package.json", r#"{"name":"web","scripts":{"build":"vite build"},"devDependencies":{"vite":"5"}}"#)] {
        let p = dir.path().join(f);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let (a, p) = wizard(dir.path(), Choices::default(), vec![A::Select(0), A::Confirm(true), A::Select(0), A::Input(""), A::Input(""), A::Input("")], false);
    assert!(p.asked[0].starts_with("select: This folder holds no project of its own. Which one should the image run?"), "{:?}", p.asked);
    assert_eq!(p.items[0], ["backend (Python)", "frontend (Node.js)"]);
    assert_eq!(a.choices.app.as_deref(), Some("backend"));
    // What init then plans from those answers: the backend, in its folder.
    let plan = crate::pipeline::plan_for(dir.path(), &a.choices).unwrap();
    assert_eq!((plan.language.as_str(), plan.project_dir.as_path()), ("python", dir.path().join("backend").as_path()));
}
