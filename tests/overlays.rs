//! Your own bases, presets and templates: mirrors and image overrides,
//! overlays in `.dockgen/` and the user folder, `eject`, a language made
//! only of an overlay, and the template context as a documented contract.

use assert_cmd::Command;
use std::fs;
use std::path::Path;

mod common;
use common::{copy_of, example};

fn dockgen() -> Command {
    Command::cargo_bin("dockgen").unwrap()
}

/// Images from where the user says: --mirror by registry, --image by
/// repository (the tag dockgen chose kept), the user-level config under
/// the project's; remembered, and `check` sees no drift.
#[test]
fn images_come_from_mirrors_and_overrides() {
    let dir = copy_of("node-express-npm");
    let cfg = tempfile::tempdir().unwrap();
    fs::write(cfg.path().join("config.toml"), "[images]\nmirrors = { \"gcr.io\" = \"harbor.corp/gcr\" }\n").unwrap();
    let run = |args: &[&str]| dockgen().env("DOCKGEN_CONFIG_HOME", cfg.path()).args(args).arg(dir.path()).output().unwrap();
    let out = run(&["init", "--yes", "--mirror", "docker.io=harbor.corp/dockerhub", "--image", "node=registry.corp/base/node"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let df = fs::read_to_string(dir.path().join("Dockerfile")).unwrap();
    assert!(df.contains("FROM registry.corp/base/node:${NODE_VERSION}-trixie-slim AS base"), "{df}");
    assert!(df.contains("FROM harbor.corp/gcr/distroless/nodejs${NODE_VERSION}-debian13:nonroot AS runtime"), "the user's mirror:\n{df}");
    let toml = fs::read_to_string(dir.path().join("dockgen.toml")).unwrap();
    assert!(toml.contains("images = { \"mirrors\" = { \"docker.io\" = \"harbor.corp/dockerhub\" }, \"node\" = \"registry.corp/base/node\" }"), "the project's rules, not the user's:\n{toml}");
    assert!(run(&["check"]).status.success());
    // Without the flags, the remembered rules give the same file.
    let out = run(&["init", "--stdout", "--no-dockerignore"]);
    assert_eq!(String::from_utf8(out.stdout).unwrap(), df);
    // A bad value is one line naming the file.
    fs::write(cfg.path().join("config.toml"), "[images]\nmirrors = { \"gcr.io\" = \"https://x\" }\n").unwrap();
    let err = String::from_utf8(run(&["detect"]).stderr).unwrap();
    assert!(err.contains("config.toml: https://x is not an image repository without a tag"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

/// Overlays: a template or preset at the same path in the project's
/// `.dockgen/` replaces dockgen's (a preset file only the keys it sets);
/// `detect --json` and `presets` name them; a user template's mistake is
/// one line with its file, line and the words at fault.
#[test]
fn overlays_replace_templates_and_presets() {
    let dir = copy_of("node-express-npm");
    let dg = dir.path().join(".dockgen");
    fs::create_dir_all(dg.join("templates/partials")).unwrap();
    fs::create_dir_all(dg.join("presets")).unwrap();
    fs::write(dg.join("presets/node.toml"), "default_runtime = \"slim\"\n").unwrap();
    let header = fs::read_to_string(example("../templates/partials/header.j2")).unwrap();
    fs::write(dg.join("templates/partials/header.j2"), format!("{header}# Built under Corp's rules.\n")).unwrap();
    let user = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| dockgen().env("DOCKGEN_CONFIG_HOME", user.path()).current_dir(dir.path()).args(args).arg(dir.path()).output().unwrap();

    let out = run(&["detect", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["runtime"], "slim", "the preset overlay's default_runtime");
    assert_eq!(v["overlays"], serde_json::json!([".dockgen/presets/node.toml", ".dockgen/templates/partials/header.j2"]));
    let df = String::from_utf8(run(&["init", "--stdout", "--no-dockerignore"]).stdout).unwrap();
    assert!(df.contains("# Built under Corp's rules.\n") && df.contains("FROM node:"), "{df}");
    let presets = String::from_utf8(dockgen().env("DOCKGEN_CONFIG_HOME", user.path()).current_dir(dir.path()).arg("presets").output().unwrap().stdout).unwrap();
    assert!(presets.lines().any(|l| l.starts_with("node ") && l.ends_with("[overlay: .dockgen/presets/node.toml]")), "{presets}");

    fs::write(dg.join("templates/partials/header.j2"), format!("{header}{{{{ nosuchvar }}}}\n")).unwrap();
    let err = String::from_utf8(run(&["init", "--stdout"]).stderr).unwrap();
    assert!(err.contains(".dockgen/templates/partials/header.j2 line") && err.contains("in `{{ nosuchvar }}`"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");

    fs::write(dg.join("presets/node.toml"), "default_runtime = \"tiny\"\n").unwrap();
    let err = String::from_utf8(run(&["detect"]).stderr).unwrap();
    assert!(err.starts_with("error: .dockgen/presets/node.toml: ") && err.contains("delete it to use dockgen's"), "{err}");
}

/// docs/templates.md lists every top-level variable a template gets: the
/// plan's JSON keys for every example are in its table.
#[test]
fn the_template_context_is_documented() {
    let doc = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/templates.md")).unwrap();
    let table: Vec<&str> = doc.lines().filter(|l| l.starts_with("| `")).flat_map(|l| l.split('|').nth(1).unwrap_or("").split('`').skip(1).step_by(2)).collect();
    for dir in common::examples() {
        let out = dockgen().args(["detect", "--json"]).arg(&dir).output().unwrap();
        // An example that needs a flag prints an error object instead.
        let Ok(serde_json::Value::Object(plan)) = serde_json::from_slice::<serde_json::Value>(&out.stdout) else { continue };
        if !out.status.success() {
            continue;
        }
        for key in plan.keys() {
            assert!(table.contains(&key.as_str()), "{}: `{key}` is not in docs/templates.md's table", dir.display());
        }
    }
}

/// `dockgen eject`: the preset and every template it uses, in .dockgen/,
/// render exactly what dockgen does; `check` says when dockgen's own
/// version of an ejected file changed since.
#[test]
fn eject_copies_what_a_preset_uses_and_check_notices_change() {
    let dir = copy_of("node-express-npm");
    let user = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| dockgen().env("DOCKGEN_CONFIG_HOME", user.path()).args(args).output().unwrap();
    let path = dir.path().to_str().unwrap();
    assert!(run(&["init", "--yes", path]).status.success());
    let before = fs::read_to_string(dir.path().join("Dockerfile")).unwrap();
    let out = run(&["eject", "node", path]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for f in ["presets/node.toml", "templates/node/Dockerfile.j2", "templates/partials/header.j2", "templates/partials/deps_mounts.j2", "templates/dockerignore.j2"] {
        let text = fs::read_to_string(dir.path().join(".dockgen").join(f)).unwrap();
        assert!(text.lines().next().unwrap().contains("dockgen eject: from dockgen "), "{f}");
    }
    let out = run(&["check", path]);
    assert!(out.status.success(), "ejected files render what dockgen does: {}", String::from_utf8_lossy(&out.stdout));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("changed its own version"));
    assert_eq!(String::from_utf8(run(&["init", "--stdout", "--no-dockerignore", path]).stdout).unwrap(), before);
    // Refuses to overwrite without --force.
    assert!(!run(&["eject", "node", path]).status.success() || String::from_utf8_lossy(&run(&["eject", "node", path]).stderr).contains("Unchanged"));
    // A file ejected from a dockgen whose text differed.
    let df = dir.path().join(".dockgen/templates/node/Dockerfile.j2");
    let text = fs::read_to_string(&df).unwrap();
    let stale = text.replacen("sha256:", "sha256:000000", 1);
    fs::write(&df, stale).unwrap();
    let err = String::from_utf8(run(&["check", path]).stderr).unwrap();
    assert!(err.contains(".dockgen/templates/node/Dockerfile.j2: dockgen ") && err.contains("changed its own version of this file since you ejected it"), "{err}");
}

/// A language without Rust code: examples/ruby-sinatra-overlay carries a
/// Ruby preset and template in .dockgen/ only. dockgen detects it from the
/// preset's rules, plans it from the preset's data, renders the overlay's
/// template, and says the catalog cannot check Ruby's tags.
#[test]
fn a_language_made_only_of_an_overlay() {
    let dir = copy_of("ruby-sinatra-overlay");
    let user = tempfile::tempdir().unwrap();
    let out = dockgen().env("DOCKGEN_CONFIG_HOME", user.path()).args(["init", "--stdout", "--no-dockerignore"]).arg(dir.path()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains(".dockgen/presets/ruby.toml: dockgen's catalog of published tags (official images and distroless) does not cover ruby:3.4-slim-trixie: their tags are not checked"), "{err}");
    insta::assert_snapshot!("ruby_overlay_dockerfile", String::from_utf8(out.stdout).unwrap());
    let json = dockgen().env("DOCKGEN_CONFIG_HOME", user.path()).args(["detect", "--json"]).arg(dir.path()).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!((v["preset"].as_str(), v["language"].as_str(), v["port"]["value"].as_u64()), (Some("ruby"), Some("ruby"), Some(8080)));
    assert_eq!(v["overlays"][0], ".dockgen/presets/ruby.toml");
    // With --start, the flag's command; with no start at all, init --yes names the flag.
    let out = dockgen().env("DOCKGEN_CONFIG_HOME", user.path()).args(["init", "--stdout", "--no-dockerignore", "--start", "bundle exec puma -p 8080"]).arg(dir.path()).output().unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains("CMD [\"bundle\",\"exec\",\"puma\",\"-p\",\"8080\"]"));
    let preset = dir.path().join(".dockgen/presets/ruby.toml");
    let text = fs::read_to_string(&preset).unwrap().replace("start = [\"bundle\", \"exec\", \"rackup\", \"--host\", \"0.0.0.0\", \"--port\", \"8080\"]\n", "");
    fs::write(&preset, text).unwrap();
    let err = String::from_utf8(dockgen().env("DOCKGEN_CONFIG_HOME", user.path()).args(["init", "--yes", "--stdout"]).arg(dir.path()).output().unwrap().stderr).unwrap();
    assert!(err.contains("--start"), "{err}");
}

/// An overlay preset is a project file: what `dockgen presets` prints of it
/// carries no terminal escape or extra line.
#[test]
fn an_overlay_presets_words_are_printable() {
    let dir = copy_of("ruby-sinatra-overlay");
    let preset = dir.path().join(".dockgen/presets/ruby.toml");
    let text = fs::read_to_string(&preset).unwrap().replace("description = \"Ruby app", "description = \"\\u001b]0;pwned\\u0007\\nRuby app");
    fs::write(&preset, text).unwrap();
    let user = tempfile::tempdir().unwrap();
    let out = dockgen().env("DOCKGEN_CONFIG_HOME", user.path()).current_dir(dir.path()).arg("presets").output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("ruby "), "{stdout}");
    assert!(!stdout.chars().any(|c| c.is_control() && c != '\n'), "{stdout:?}");
    assert!(!stdout.lines().any(|l| l.starts_with("Ruby app")), "{stdout}");
}

/// An organisation's rules in one partial (examples/python-corp-overlay:
/// `.dockgen/templates/partials/stage.j2` adds Corp's root CA to every stage
/// and its labels to the runtime). Against the same project without the
/// overlay, the Dockerfile only gains the partial's lines, right after each
/// FROM, and loses none.
#[test]
fn one_partial_adds_only_its_lines_after_every_from() {
    let dir = copy_of("python-corp-overlay");
    let path = dir.path().to_str().unwrap();
    let with = String::from_utf8(dockgen().args(["init", "--stdout", "--runtime", "distroless", path]).output().unwrap().stdout).unwrap();
    fs::remove_dir_all(dir.path().join(".dockgen")).unwrap();
    let without = String::from_utf8(dockgen().args(["init", "--stdout", "--runtime", "distroless", path]).output().unwrap().stdout).unwrap();
    // `without` is `with` minus the added lines, in order.
    let mut added = Vec::new();
    let mut rest = without.lines().peekable();
    for line in with.lines() {
        if rest.peek() == Some(&line) {
            rest.next();
        } else {
            added.push(line);
        }
    }
    assert!(rest.next().is_none(), "the overlay removed or changed dockgen's lines:\n{with}");
    let from = |text: &str| text.lines().filter(|l| l.starts_with("FROM ")).count();
    assert_eq!(from(&with), 2);
    assert_eq!(from(&without), 2);
    assert_eq!(added.first(), Some(&"# Corp: the proxy's root CA, trusted by the system store, pip, requests and npm."), "{added:#?}");
    assert!(added.contains(&"RUN if command -v update-ca-certificates >/dev/null; then update-ca-certificates; \\") && added.contains(&"      org.opencontainers.image.description=\"Python flask\""), "{added:#?}");
    assert_eq!(added.len(), 15, "{added:#?}");
    // Each block sits right after its FROM.
    let lines: Vec<&str> = with.lines().collect();
    for (i, l) in lines.iter().enumerate().filter(|(_, l)| l.starts_with("FROM ")) {
        assert!(lines[i + 1].starts_with("# Corp: "), "after {l}: {}", lines[i + 1]);
    }
    insta::assert_snapshot!("corp_overlay_distroless", with);
}

/// docs/templates.md lists every field of every language's section: each
/// key of `go`, `node`, … in every example's plan is in its table as
/// `lang.key`, and each documented field turns up in some example's plan.
#[test]
fn every_language_section_field_is_documented() {
    let doc = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/templates.md")).unwrap();
    let documented: std::collections::BTreeSet<String> = doc
        .lines()
        .filter_map(|l| l.strip_prefix("| `")?.split('`').next().filter(|k| k.contains('.')).map(str::to_string))
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    for dir in common::examples() {
        let out = dockgen().args(["detect", "--json"]).arg(&dir).output().unwrap();
        let Ok(serde_json::Value::Object(plan)) = serde_json::from_slice::<serde_json::Value>(&out.stdout) else { continue };
        for lang in ["go", "node", "python", "java", "php", "rust", "dotnet"] {
            let Some(serde_json::Value::Object(section)) = plan.get(lang) else { continue };
            for key in section.keys() {
                let name = format!("{lang}.{key}");
                assert!(documented.contains(&name), "{}: `{name}` is not in docs/templates.md", dir.display());
                seen.insert(name);
            }
        }
    }
    let stale: Vec<_> = documented.difference(&seen).collect();
    assert!(stale.is_empty(), "documented but in no plan: {stale:?}");
}
