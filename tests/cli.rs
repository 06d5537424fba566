//! The command line as users meet it: help, errors, writing rules.
//! Output that people read is snapshotted (cargo/uv style).

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;
use std::path::Path;

mod common;
use common::{copy_of, example};

fn dockgen() -> Command {
    Command::cargo_bin("dockgen").unwrap()
}



fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    dir
}

fn stderr_of(cmd: &mut Command) -> String {
    String::from_utf8(cmd.output().unwrap().stderr).unwrap()
}

/// Replaces a temp dir path so snapshots are stable.
fn scrub(text: &str, dir: &Path) -> String {
    text.replace(&dir.display().to_string(), "[DIR]")
}

#[test]
fn help_lists_commands_and_init_flags() {
    dockgen().arg("--help").assert().success().stdout(
        predicate::str::contains("init").and(predicate::str::contains("detect")).and(predicate::str::contains("presets")),
    );
    let out = dockgen().args(["init", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for flag in ["--preset", "--runtime", "--lang-version", "--port", "--main", "--yes", "--stdout", "--force", "--no-dockerignore"] {
        assert!(help.contains(flag), "init --help lacks {flag}");
    }
    for runtime in ["- scratch:", "- distroless:", "- alpine:", "- slim:"] {
        assert!(help.contains(runtime), "{runtime} not listed:\n{help}");
    }
}

#[test]
fn presets_lists_every_runtime_with_a_description() {
    let out = dockgen().arg("presets").output().unwrap();
    assert!(out.status.success());
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}

#[test]
fn detect_prints_a_table_and_stable_json() {
    let out = dockgen().arg("detect").arg(example("go-cmd")).output().unwrap();
    assert!(out.status.success());
    insta::assert_snapshot!("detect_table_go_cmd", String::from_utf8(out.stdout).unwrap());

    let out = dockgen().args(["detect", "--json"]).arg(example("go-cmd")).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema_version"], 2);
    assert_eq!(v["language"], "go");
    assert_eq!(v["preset"], "go");
    assert_eq!(v["runtime"], "distroless");
    assert_eq!(v["package_manager"], "go modules");
    assert_eq!(v["version"]["value"], "1.23");
    assert!(v["version"]["source"].as_str().unwrap().contains("toolchain"));
    assert_eq!(v["end_of_life"]["version"], "Go 1.23", "go-cmd pins toolchain go1.23.4: its last image, with the end of life said");
    assert_eq!(v["framework"], "net/http");
    assert_eq!(v["start"], serde_json::json!(["/usr/local/bin/server"]));
    assert_eq!(v["port"]["value"], 9090);
    assert!(v["port"]["source"].as_str().unwrap().contains("cmd/server/main.go"));
    assert_eq!(v["go"]["main_package"], "./cmd/server");
    // Only the detected language's section is there (schema 2).
    for other in ["node", "python", "java"] {
        assert!(v.get(other).is_none(), "{other}: {v}");
    }
}

#[test]
fn flags_override_detection_in_detect_json() {
    let out = dockgen()
        .args(["detect", "--json", "--runtime", "scratch", "--lang-version", "1.25.4", "--port", "7000"])
        .arg(example("go-stdlib"))
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["runtime"], "scratch");
    assert_eq!(v["version"], serde_json::json!({"value": "1.25", "source": "--lang-version flag"}));
    assert_eq!(v["images"]["builder"], "golang:1.25-trixie");
    assert_eq!(v["port"]["value"], 7000);
    // The code listens on 8080: overriding the port earns a warning.
    let warnings = v["warnings"].as_array().unwrap();
    assert!(warnings.iter().any(|w| w.as_str().unwrap().contains("--port 7000")), "{warnings:?}");
}

#[test]
fn invalid_values_list_the_valid_ones() {
    let err = stderr_of(dockgen().args(["init", "--runtime", "busybox"]).arg(example("go-stdlib")));
    assert!(err.contains("possible values: scratch, distroless, alpine, slim"), "{err}");

    let mut cmd = dockgen();
    cmd.args(["init", "--stdout", "--preset", "cobol"]).arg(example("go-stdlib"));
    cmd.assert().code(1);
    let err = stderr_of(&mut cmd);
    assert!(err.contains("unknown preset 'cobol'; valid presets are: dotnet, go"), "{err}");

    let err = stderr_of(dockgen().args(["init", "--stdout", "--lang-version", "latest"]).arg(example("go-stdlib")));
    assert!(err.contains("--lang-version 'latest' is not a Go release; use one like 1.23"), "{err}");

    dockgen().args(["init", "--port", "0"]).arg(example("go-stdlib")).assert().code(2);
    dockgen().args(["init", "--port", "70000"]).arg(example("go-stdlib")).assert().code(2);
}

#[test]
fn stdout_prints_both_files_and_writes_nothing() {
    let dir = copy_of("go-stdlib");
    let out = dockgen().args(["init", "--yes", "--stdout"]).arg(dir.path()).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("==> Dockerfile <==\n# syntax=docker/dockerfile:1\n"), "{text}");
    assert!(text.contains("==> .dockerignore <=="));
    assert!(!dir.path().join("Dockerfile").exists());
    assert!(!dir.path().join(".dockerignore").exists());

    // Just the Dockerfile, ready to redirect.
    let out = dockgen().args(["init", "--stdout", "--no-dockerignore"]).arg(dir.path()).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("# syntax=docker/dockerfile:1\n"));
    assert!(!text.contains("==>"));
}

#[test]
fn init_writes_files_and_refuses_to_overwrite() {
    let dir = copy_of("go-stdlib");
    let out = dockgen().args(["init", "--yes"]).arg(dir.path()).output().unwrap();
    assert!(out.status.success());
    insta::assert_snapshot!("init_created", scrub(&String::from_utf8(out.stderr).unwrap(), dir.path()));
    let first = fs::read_to_string(dir.path().join("Dockerfile")).unwrap();

    fs::write(dir.path().join("Dockerfile"), "FROM mine\n").unwrap();
    let mut again = dockgen();
    again.args(["init", "--yes"]).arg(dir.path());
    again.assert().code(1);
    let err = scrub(&stderr_of(&mut again), dir.path());
    insta::assert_snapshot!("init_refuses_overwrite", err);
    assert_eq!(fs::read_to_string(dir.path().join("Dockerfile")).unwrap(), "FROM mine\n");

    let out = dockgen().args(["init", "--yes", "--force"]).arg(dir.path()).output().unwrap();
    assert!(out.status.success());
    let msg = scrub(&String::from_utf8(out.stderr).unwrap(), dir.path());
    assert!(msg.contains("Replaced [DIR]/Dockerfile (the previous version is kept as [DIR]/Dockerfile.bak)"), "{msg}");
    assert!(msg.contains("Unchanged [DIR]/.dockerignore"), "{msg}");
    assert_eq!(fs::read_to_string(dir.path().join("Dockerfile.bak")).unwrap(), "FROM mine\n");
    assert_eq!(fs::read_to_string(dir.path().join("Dockerfile")).unwrap(), first);
}

#[test]
fn nothing_detected_lists_what_was_seen_and_suggests_preset() {
    let dir = project(&[("README.md", "hi"), ("docs/index.md", "x")]);
    let mut cmd = dockgen();
    cmd.args(["init", "--yes"]).arg(dir.path());
    cmd.assert().code(1);
    let err = scrub(&stderr_of(&mut cmd), dir.path());
    insta::assert_snapshot!("no_match", err);
    assert!(!dir.path().join("Dockerfile").exists());
}

#[test]
fn several_main_packages_need_main_flag() {
    let main = "package main\n\nfunc main() {}\n";
    let dir = project(&[("go.mod", "module example.com/multi\n\ngo 1.22\n"), ("cmd/api/main.go", main), ("cmd/worker/main.go", main), ("tools/gen.go", "//go:build ignore\n\npackage main\n")]);
    let mut cmd = dockgen();
    cmd.args(["init", "--yes", "--stdout"]).arg(dir.path());
    cmd.assert().code(1);
    let err = scrub(&stderr_of(&mut cmd), dir.path());
    assert_eq!(err, "error: several main packages found: ./cmd/api, ./cmd/worker; choose one; pass --main <./cmd/api|./cmd/worker>\n");

    let out = dockgen().args(["init", "--yes", "--stdout", "--no-dockerignore", "--main", "cmd/worker/"]).arg(dir.path()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let df = String::from_utf8(out.stdout).unwrap();
    assert!(df.contains("-o /out/worker ./cmd/worker\n"), "{df}");
    assert!(df.contains(r#"ENTRYPOINT ["/usr/local/bin/worker"]"#));

    for bad in ["../elsewhere", "/etc", "cmd/$(reboot)", "cmd/nope"] {
        let err = stderr_of(dockgen().args(["init", "--stdout", "--main", bad]).arg(dir.path()));
        assert!(err.starts_with(&format!("error: --main '{bad}'")), "{bad}: {err}");
        assert!(err.contains("./cmd/api, ./cmd/worker"), "{err}");
    }
}

#[test]
fn cgo_refuses_scratch_and_picks_a_libc_runtime() {
    let err = stderr_of(dockgen().args(["init", "--stdout", "--runtime", "scratch"]).arg(example("go-cgo")));
    assert_eq!(
        err,
        "error: the scratch runtime has no C library, but this program uses cgo (main.go imports \"C\"); choose --runtime distroless|alpine|slim, or build without cgo\n"
    );
    let out = dockgen().args(["init", "--stdout", "--no-dockerignore"]).arg(example("go-cgo")).output().unwrap();
    let df = String::from_utf8(out.stdout).unwrap();
    assert!(df.contains("FROM gcr.io/distroless/base-debian13:nonroot AS runtime"), "{df}");
    assert!(df.contains("CGO_ENABLED=1"));
    assert!(!df.contains("$BUILDPLATFORM"), "cgo must not cross-compile");
}

#[test]
fn broken_or_missing_go_mod_gets_one_clear_line() {
    let dir = project(&[("main.go", "package main\nfunc main(){}\n")]);
    let err = scrub(&stderr_of(dockgen().args(["init", "--stdout"]).arg(dir.path())), dir.path());
    assert_eq!(err, "error: found .go files but no go.mod in [DIR]; create one with `go mod init <module path>` (GOPATH builds are not reproducible)\n");

    let dir = project(&[("go.mod", "module\n\ngo 1.22\n"), ("main.go", "package main\n")]);
    let err = stderr_of(dockgen().args(["init", "--stdout"]).arg(dir.path()));
    assert!(err.starts_with("error: go.mod could not be parsed"), "{err}");
    assert!(err.contains("go mod tidy"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");

    let dir = project(&[("go.mod", "module x\n"), ("lib.go", "package lib\n")]);
    let err = stderr_of(dockgen().args(["init", "--yes", "--stdout"]).arg(dir.path()));
    assert!(err.contains("no main package found"), "{err}");
    assert!(err.contains("--main"), "{err}");
}

#[test]
fn old_go_directive_is_a_minimum_and_an_old_flag_gets_the_last_image() {
    let dir = project(&[("go.mod", "module example.com/old\n\ngo 1.16\n"), ("main.go", "package main\nfunc main(){}\n")]);
    let out = dockgen().args(["detect", "--json"]).arg(dir.path()).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // The oldest Go still supported on 2026-12-07 (the tests' day).
    assert_eq!(v["version"]["value"], "1.26");
    assert!(v["version"]["source"].as_str().unwrap().contains("a minimum"));
    assert_eq!(v["images"]["builder"], "golang:1.26-trixie");
    assert!(v["end_of_life"].is_null());
    // An old release by flag: its last image, on the Debian it was published
    // for, with the end of life said.
    let out = dockgen().args(["detect", "--json", "--lang-version", "1.22"]).arg(dir.path()).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["images"]["builder"], "golang:1.22-bookworm");
    assert_eq!(v["images"]["runtime"], "gcr.io/distroless/static-debian12:nonroot");
    assert_eq!(v["end_of_life"]["version"], "Go 1.22");
    assert_eq!(v["end_of_life"]["oldest_supported"], "1.26");
    assert!(v["warnings"].to_string().contains("Go 1.22 reached its end of life on "), "{}", v["warnings"]);
    // One never published: refused in one line with the nearest ones.
    let err = stderr_of(dockgen().args(["detect", "--lang-version", "1.99"]).arg(dir.path()));
    assert!(err.starts_with("error: golang:1.99-trixie was never published (image catalog of 2026-08-21): Go 1.99 (--lang-version flag) has no distroless image"), "{err}");
    assert!(err.contains("the nearest published: 1.27"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn missing_folder_is_a_clear_error() {
    let err = stderr_of(dockgen().args(["detect", "/nonexistent/dockgen-test"]));
    assert!(err.starts_with("error: cannot read the project folder /nonexistent/dockgen-test"), "{err}");
    assert!(!err.contains("panicked"));
}

#[test]
fn node_without_a_certain_start_command_names_what_it_tried() {
    let dir = project(&[
        ("package.json", r#"{"name":"x","main":"lib/missing.js","scripts":{"start":"nodemon app.js"},"dependencies":{"express":"4.21.2"}}"#),
        ("package-lock.json", "{}"),
        ("app.txt", "not js"),
    ]);
    let mut cmd = dockgen();
    cmd.args(["init", "--yes", "--stdout"]).arg(dir.path());
    cmd.assert().code(1);
    let err = stderr_of(&mut cmd);
    insta::assert_snapshot!("node_no_start", err);

    // --start settles it, and distroless runs it without the `node` prefix.
    let out = dockgen()
        .args(["init", "--yes", "--stdout", "--no-dockerignore", "--start", "node app.js"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8(out.stdout).unwrap().contains("CMD [\"app.js\"]\n"));
}

#[test]
fn broken_package_json_gets_one_line_with_position() {
    let dir = project(&[("package.json", "{\n  \"name\": \"x\",\n  \"scripts\": {\n}")]);
    let err = stderr_of(dockgen().args(["detect"]).arg(dir.path()));
    assert!(err.starts_with("error: package.json is not valid JSON (line 4, column 1"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");

    let dir = project(&[("package.json", r#"{"scripts": 5}"#)]);
    let err = stderr_of(dockgen().args(["detect"]).arg(dir.path()));
    assert_eq!(err, "error: package.json: \"scripts\" must be an object, but it is a number; fix the file\n");

    let dir = project(&[("package.json", r#"{"scripts": {"start": ["node"]}}"#)]);
    let err = stderr_of(dockgen().args(["detect"]).arg(dir.path()));
    assert_eq!(err, "error: package.json: scripts.start must be a string, but it is an array; fix the file\n");

    let dir = project(&[("package.json", r#"{"packageManager": "cargo@1.0"}"#)]);
    let err = stderr_of(dockgen().args(["detect"]).arg(dir.path()));
    assert!(err.contains("packageManager \"cargo@1.0\" names an unknown manager"), "{err}");
}

#[test]
fn package_manager_field_wins_over_the_lockfile_but_stray_blocks_do_not() {
    let js = ("server.js", "require('http').createServer().listen(3000)");
    let pkg = ("package.json", r#"{"packageManager":"pnpm@9.1.0","dependencies":{}}"#);
    let dir = project(&[pkg, ("pnpm-lock.yaml", "lockfileVersion: '9.0'\n"), ("package-lock.json", "{}"), js]);
    let out = dockgen().args(["detect", "--json"]).arg(dir.path()).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["package_manager"], "pnpm");
    assert_eq!(v["node"]["setup"], "npm install -g pnpm@9.1.0");
    assert!(v["warnings"].to_string().contains("package-lock.json belongs to another manager"), "{}", v["warnings"]);

    // The field names pnpm, but the only lockfile is npm's: a conflict to fix,
    // not a guess (pnpm would ignore the lockfile and resolve afresh).
    let dir = project(&[pkg, ("package-lock.json", "{}"), js]);
    let err = stderr_of(dockgen().args(["detect"]).arg(dir.path()));
    assert!(err.contains("packageManager says pnpm, but the only lockfile, package-lock.json, is npm's"), "{err}");

    // A "pnpm" config block is not a packageManager field: the lockfile decides.
    let dir = project(&[("package.json", r#"{"pnpm":{"overrides":{}},"dependencies":{}}"#), ("package-lock.json", "{}"), js]);
    let out = dockgen().args(["detect", "--json"]).arg(dir.path()).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["package_manager"], "npm");
    assert_eq!(v["deps"]["command"], "npm ci");
}

#[test]
fn scratch_is_refused_for_node_with_the_reason() {
    let err = stderr_of(dockgen().args(["init", "--stdout", "--runtime", "scratch"]).arg(example("node-express-npm")));
    assert_eq!(
        err,
        "error: the node preset cannot use the scratch runtime: scratch has neither a Node.js runtime nor a web server; choose --runtime distroless|alpine|slim\n"
    );
}

fn plan_json(dir: &Path) -> serde_json::Value {
    let out = dockgen().args(["detect", "--json"]).arg(dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn node_paths_without_a_fixture() {
    // Yarn Berry: .yarnrc.yml and a lockfile without the v1 header.
    let dir = project(&[
        ("package.json", r#"{"dependencies":{"express":"4"}}"#),
        ("yarn.lock", "__metadata:\n  version: 8\n"),
        (".yarnrc.yml", "nodeLinker: node-modules\n"),
        ("server.js", "require('express')().listen(3000)"),
    ]);
    let v = plan_json(dir.path());
    assert_eq!(v["deps"]["command"], "yarn install --immutable");
    assert_eq!(v["node"]["setup"], "npm install -g --force corepack@0.33.0 && corepack enable");
    assert_eq!(v["deps"]["binds"], serde_json::json!(["package.json", "yarn.lock", ".yarnrc.yml"]));
    assert_eq!(v["warnings"], serde_json::json!([]));
    // nodeLinker is read as YAML: quoted and commented values count; unset is Plug'n'Play.
    for (yarnrc, pnp) in [("nodeLinker: 'node-modules' # for docker\n", false), ("{nodeLinker: \"node-modules\"}\n", false), ("enableTelemetry: false\n", true), ("nodeLinker: pnp\n", true)] {
        let dir = project(&[
            ("package.json", r#"{"dependencies":{"express":"4"}}"#),
            ("yarn.lock", "__metadata:\n  version: 8\n"),
            (".yarnrc.yml", yarnrc),
            ("server.js", "require('express')().listen(3000)"),
        ]);
        let warned = plan_json(dir.path())["warnings"].to_string().contains("Plug'n'Play");
        assert_eq!(warned, pnp, "{yarnrc}");
    }

    // Create React App builds to build/ and is served statically.
    let dir = project(&[
        ("package.json", r#"{"scripts":{"build":"react-scripts build"},"dependencies":{"react-scripts":"5"}}"#),
        ("package-lock.json", "{}"),
    ]);
    let v = plan_json(dir.path());
    assert_eq!(v["node"]["kind"], "static");
    assert_eq!(v["node"]["output_dir"], "build");
    assert_eq!(v["runtime"], "alpine");
    assert_eq!(v["images"]["runtime"], "nginx:1.30-alpine");
    assert_eq!(v["runtimes"], serde_json::json!(["alpine", "slim"]));
    assert_eq!(v["port"]["value"], 8080);

    // Next.js 13+ whose config sets no `output`: dockgen asks next build for
    // standalone output (Next's own trace), and ships that.
    let next = |version: &str, config: &str| {
        project(&[
            ("package.json", &*format!(r#"{{"scripts":{{"build":"next build","start":"next start"}},"dependencies":{{"next":"{version}","react":"18"}}}}"#).leak()),
            ("package-lock.json", "{}"),
            ("next.config.mjs", &*config.to_string().leak()),
            ("public/favicon.ico", ""),
        ])
    };
    let v = plan_json(next("14", "export default {};\n").path());
    assert_eq!(v["start"], serde_json::json!(["node", "server.js"]));
    assert_eq!(v["node"]["trace_env"], serde_json::json!(["NEXT_PRIVATE_STANDALONE=1"]));
    assert_eq!(v["node"]["copy_dirs"], serde_json::json!(["public"]));
    assert_eq!(v["node"]["writable"], serde_json::json!([".next/cache"]));
    // Next 12, or a config that chooses its own output: next start with
    // production node_modules, as before.
    for (version, config) in [("12.3.4", "export default {};\n"), ("14", "export default { output: process.env.OUT };\n")] {
        let v = plan_json(next(version, config).path());
        assert_eq!(v["start"], serde_json::json!(["node", "node_modules/next/dist/bin/next", "start"]), "{version} {config}");
        assert_eq!(v["node"]["trace_env"], serde_json::json!([]));
        assert_eq!(v["node"]["copy_dirs"], serde_json::json!(["public", "next.config.mjs"]));
    }

    // A version file with nonsense is an error, not trusted and not silently
    // skipped; --lang-version overrides it, with a warning.
    let files = [
        ("package.json", r#"{"engines":{"node":">=20"}}"#),
        (".nvmrc", "banana\n"),
        ("index.js", "require('http').createServer().listen(8000)"),
    ];
    let dir = project(&files);
    let err = stderr_of(dockgen().args(["detect"]).arg(dir.path()));
    assert!(err.starts_with("error: .nvmrc says \"banana\", which is not a Node.js version;") && err.contains("--lang-version"), "{err}");
    let out = dockgen().args(["detect", "--json", "--lang-version", "22"]).arg(dir.path()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"]["value"], "22");
    assert!(v["warnings"].to_string().contains(".nvmrc says \\\"banana\\\""), "{}", v["warnings"]);
    let dir = project(&[files[0], files[2]]);
    let v = plan_json(dir.path());
    // An open range: the oldest LTS line still supported (20 ended 2026-04-30).
    assert_eq!(v["version"]["value"], "22");
    assert!(v["version"]["source"].as_str().unwrap().starts_with("package.json engines.node (>=20); the oldest supported line"), "{}", v["version"]);
    assert_eq!(v["framework"], "http");
    assert_eq!(v["port"]["value"], 8000);
}

#[test]
fn start_flag_sets_the_go_entrypoint() {
    let out = dockgen()
        .args(["init", "--stdout", "--no-dockerignore", "--start", "/usr/local/bin/hello --verbose"])
        .arg(example("go-stdlib"))
        .output()
        .unwrap();
    let df = String::from_utf8(out.stdout).unwrap();
    assert!(df.contains("ENTRYPOINT [\"/usr/local/bin/hello\",\"--verbose\"]\n"), "{df}");
}

#[test]
fn python_errors_name_the_file_and_the_fix() {
    let dir = project(&[("pyproject.toml", "[project]\nname = \"x\"\ndependencies = [\n")]);
    let err = stderr_of(dockgen().args(["detect"]).arg(dir.path()));
    assert!(err.starts_with("error: pyproject.toml is not valid TOML at line"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");

    let dir = project(&[("setup.py", "")]);
    let err = scrub(&stderr_of(dockgen().args(["detect"]).arg(dir.path())), dir.path());
    assert_eq!(err, "error: no Python dependency file in [DIR]: add a requirements.txt (even an empty one) or a pyproject.toml\n");

    // distroless ships Debian's Python (3.11, 3.13) only, and no system libraries.
    let err = stderr_of(dockgen().args(["init", "--stdout", "--runtime", "distroless", "--lang-version", "3.12"]).arg(example("python-pep621")));
    assert!(err.starts_with("error: distroless has Python 3.11 (python3-debian12) and 3.13 (python3-debian13); this project needs 3.12 (--lang-version flag): use --runtime alpine|slim, or --lang-version 3.11|3.13"), "{err}");
    let err = stderr_of(dockgen().args(["init", "--stdout", "--runtime", "distroless"]).arg(example("python-native")));
    assert_eq!(err, "error: psycopg2 needs libpq5 at run time, and distroless cannot install system packages; use --runtime slim\n");
    let err = stderr_of(dockgen().args(["init", "--stdout", "--runtime", "scratch"]).arg(example("python-flask")));
    assert!(err.contains("scratch has no Python interpreter"), "{err}");
}

#[test]
fn python_lockfiles_win_over_an_exported_requirements_txt() {
    let dir = project(&[
        ("pyproject.toml", "[project]\nname = \"svc\"\nrequires-python = \">=3.12\"\ndependencies = [\"fastapi\", \"uvicorn\"]\n"),
        ("uv.lock", "version = 1\n"),
        ("requirements.txt", "fastapi\nuvicorn\n"),
        ("main.py", "from fastapi import FastAPI\napp = FastAPI()\n"),
    ]);
    let v = plan_json(dir.path());
    assert_eq!(v["package_manager"], "uv");
    assert_eq!(v["version"], serde_json::json!({"value": "3.14", "source": "pyproject.toml requires-python (>=3.12); uv.lock has a wheel for it of every binary package"}));
    assert_eq!(v["start"], serde_json::json!(["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"]));
    assert!(v["warnings"].to_string().contains("using uv.lock (the lockfile), not requirements.txt"), "{}", v["warnings"]);
}

#[test]
fn python_procfile_and_plain_scripts() {
    let dir = project(&[
        ("requirements.txt", "flask\ngunicorn\n"),
        ("Procfile", "web: gunicorn wsgi:application --bind 0.0.0.0:$PORT --workers 2\n"),
        ("wsgi.py", "application = None\n"),
    ]);
    let v = plan_json(dir.path());
    assert_eq!(v["start"], serde_json::json!(["gunicorn", "wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2"]));
    assert_eq!(v["version"]["source"], "the newest Python with wheels across the ecosystem, checked 2026-12-01 (no .python-version, runtime.txt, requires-python, Dockerfile, CI or tox version)");

    let dir = project(&[
        ("requirements.txt", ""),
        ("main.py", "import http.server\nhttp.server.HTTPServer(('127.0.0.1', 9000), None)  # port=9000\n"),
    ]);
    let v = plan_json(dir.path());
    assert_eq!(v["start"], serde_json::json!(["python", "main.py"]));
    assert_eq!(v["port"]["value"], 9000);
    assert!(v["warnings"].to_string().contains("must bind 0.0.0.0"), "{}", v["warnings"]);
}

#[test]
fn without_a_terminal_init_never_prompts_or_blocks() {
    // No --yes, stdin is not a terminal: flags and detection only. The
    // timeout only stops a hang from stalling the suite.
    let main = "package main\n\nimport \"net/http\"\n\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n";
    let dir = project(&[("go.mod", "module x\n\ngo 1.23\n"), ("cmd/a/main.go", main), ("cmd/b/main.go", main)]);
    dockgen()
        .args(["init"])
        .arg(dir.path())
        .write_stdin("")
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .failure()
        .stderr(predicate::str::contains("--main <./cmd/a|./cmd/b>"))
        .stderr(predicate::str::contains("Which one").not());
    assert!(!dir.path().join("Dockerfile").exists());

    let dir = copy_of("go-stdlib");
    dockgen()
        .args(["init"])
        .arg(dir.path())
        .write_stdin("")
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .success()
        .stderr(predicate::str::contains("Created"))
        .stderr(predicate::str::contains("Is this right").not());
    assert!(dir.path().join("Dockerfile").exists());
}

#[test]
fn report_without_a_docker_cli_or_engine_says_what_to_do() {
    let err = stderr_of(dockgen().args(["report", "app:dev"]).env("DOCKER", "/nonexistent/docker"));
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("error: cannot run `/nonexistent/docker`; install the docker CLI, or point DOCKER at it"), "{err}");

    // A CLI that fails the way docker does when the engine is down.
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("docker");
    std::fs::write(&fake, "#!/bin/sh\necho 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?' >&2\nexit 1\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
        let err = stderr_of(dockgen().args(["report", "app:dev"]).env("DOCKER", &fake));
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("Cannot connect to the Docker daemon") && err.contains("check that the engine is running"), "{err}");
    }
}

#[test]
fn a_regenerated_dockerignore_still_keeps_the_db_secret_out() {
    let dir = copy_of("python-flask-postgres");
    dockgen().args(["init", "--yes", "--db", "postgres"]).arg(dir.path()).assert().success();
    assert!(dir.path().join("secrets/db_password.txt").exists());
    // Regenerated without --db: the password file is still there and must
    // still be kept out of the build context.
    dockgen().args(["init", "--yes", "--force"]).arg(dir.path()).assert().success();
    let ignore = fs::read_to_string(dir.path().join(".dockerignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "secrets/"), "{ignore}");
    // And a project dockgen never gave --db keeps any secrets/ folder out too.
    let plain = copy_of("python-flask");
    dockgen().args(["init", "--yes"]).arg(plain.path()).assert().success();
    assert!(fs::read_to_string(plain.path().join(".dockerignore")).unwrap().lines().any(|l| l == "secrets/"));
}

/// Values from a project file reach messages escaped: one line, no
/// terminal escape sequences (title change, screen clear), wherever they are
/// quoted: an error, a warning, the detect table.
#[test]
fn project_values_in_messages_are_shown_not_obeyed() {
    let hostile = "nodemon a.js\\n\\u001b]0;PWNED\\u0007\\u001b[2J\\u009b6n evil";
    let pkg = format!(r#"{{"name":"x","scripts":{{"start":"{hostile}"}},"dependencies":{{"express":"4"}}}}"#);
    let dir = project(&[("package.json", &pkg), ("package-lock.json", r#"{"lockfileVersion":3,"packages":{}}"#)]);
    let clean = |text: &str| {
        assert!(!text.contains('\u{1b}') && !text.contains('\u{7}') && !text.contains('\u{9b}'), "{text:?}");
    };
    let out = dockgen().args(["init", "--yes"]).arg(dir.path()).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!out.status.success());
    clean(&err);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains(r"\u{1b}]0;PWNED\u{7}"), "the escape is shown, not dropped: {err}");
    let out = dockgen().arg("detect").arg(dir.path()).output().unwrap();
    clean(&String::from_utf8(out.stdout).unwrap());
    clean(&String::from_utf8(out.stderr).unwrap());
    // A warning quoting a hostile engines.node value.
    let pkg = r#"{"name":"x","main":"server.js","engines":{"node":">=20 \u001b[2J"},"dependencies":{"express":"4"}}"#;
    let dir = project(&[("package.json", pkg), ("package-lock.json", "{}"), ("server.js", "require('express')().listen(3000)")]);
    let out = dockgen().args(["init", "--yes", "--stdout"]).arg(dir.path()).output().unwrap();
    clean(&String::from_utf8(out.stderr).unwrap());
}

#[test]
fn rerunning_init_on_up_to_date_files_succeeds_and_says_unchanged() {
    let dir = copy_of("go-stdlib");
    dockgen().args(["init", "--yes"]).arg(dir.path()).assert().success();
    let out = dockgen().args(["init", "--yes"]).arg(dir.path()).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("Unchanged") && err.contains("Dockerfile (already up to date)"), "{err}");
    // A file that differs is still refused.
    fs::write(dir.path().join("Dockerfile"), "FROM scratch\n").unwrap();
    let out = dockgen().args(["init", "--yes"]).arg(dir.path()).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Dockerfile already exists in"), "{out:?}");
}

#[test]
fn an_empty_folder_is_called_empty_even_with_a_preset() {
    let dir = tempfile::tempdir().unwrap();
    for args in [vec!["detect"], vec!["detect", "--preset", "go"], vec!["init", "--yes", "--preset", "node"]] {
        let out = dockgen().args(&args).arg(dir.path()).output().unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(!out.status.success());
        assert!(err.contains("is empty: there is no project to build"), "{args:?}: {err}");
        assert!(!err.contains(".go files"), "{err}");
    }
}

#[test]
fn unsupported_languages_are_named() {
    for (file, want) in [("Gemfile", "Ruby (Gemfile)"), ("Package.swift", "Swift (Package.swift)")] {
        let dir = project(&[(file, ""), ("README.md", "")]);
        let err = stderr_of(dockgen().arg("detect").arg(dir.path()));
        assert!(err.contains(&format!("this looks like {want}")), "{file}: {err}");
        assert!(err.contains("dockgen supports .NET, Go, Rust, PHP, Java, Node.js and Python"), "{err}");
    }
}

/// A start command the user gives is treated like a detected one: its
/// server is installed, its port becomes EXPOSE and the health check's.
#[test]
fn a_supplied_start_command_brings_its_server_and_port() {
    let dir = project(&[("requirements.txt", "flask==3.0.3\n"), ("wsgi.py", "from flask import Flask\napp = Flask(__name__)\n")]);
    for start in ["gunicorn wsgi:app --bind 0.0.0.0:5000", "gunicorn -b :5000 wsgi:app"] {
        let out = dockgen().args(["init", "--yes", "--stdout", "--no-dockerignore", "--start", start]).arg(dir.path()).output().unwrap();
        assert!(out.status.success(), "{out:?}");
        let df = String::from_utf8(out.stdout).unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(df.contains("pip install gunicorn=="), "{start}: the server must be installed:\n{df}");
        assert!(df.contains("EXPOSE 5000") && df.contains("http://127.0.0.1:5000/"), "{start}:\n{df}");
        assert!(!df.contains("EXPOSE 8000"), "{df}");
        assert!(err.contains("gunicorn is not among the dependencies"), "{err}");
    }
    // uvicorn's --port, with the server already a dependency: nothing added.
    let dir = project(&[("requirements.txt", "fastapi\nuvicorn\n"), ("main.py", "from fastapi import FastAPI\napp = FastAPI()\n")]);
    let out = dockgen().args(["init", "--yes", "--stdout", "--no-dockerignore", "--start", "uvicorn main:app --host 0.0.0.0 --port 9000"]).arg(dir.path()).output().unwrap();
    let df = String::from_utf8(out.stdout).unwrap();
    assert!(df.contains("EXPOSE 9000") && !df.contains("pip install uvicorn"), "{df}");
    // Under uv: installed beside the lock (said, with how to lock it), and
    // kept by the project's own sync (--inexact).
    let out = dockgen().args(["init", "--yes", "--stdout", "--no-dockerignore", "--start", "gunicorn app:app"]).arg(example("python-fastapi-uv")).output().unwrap();
    let (df, err) = (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap());
    assert!(out.status.success(), "{err}");
    assert!(err.contains("gunicorn is not in uv.lock") && err.contains("uv add gunicorn"), "{err}");
    assert!(df.contains("uv pip install gunicorn=="), "{df}");
    if df.contains("uv sync --locked --no-dev --no-editable") {
        assert!(df.contains("--no-editable --inexact"), "{df}");
    }
}

#[test]
fn a_version_below_the_build_files_minimum_is_refused() {
    let dir = project(&[("go.mod", "module example.com/x\n\ngo 1.22.3\n"), ("main.go", "package main\n\nfunc main() {}\n")]);
    let err = stderr_of(dockgen().args(["detect", "--lang-version", "1.19"]).arg(dir.path()));
    assert!(err.contains("--lang-version 1.19 is older than go.mod allows (go 1.22.3"), "{err}");
    dockgen().args(["detect", "--lang-version", "1.24"]).arg(dir.path()).assert().success();
    dockgen().args(["detect", "--lang-version", "1.25"]).arg(dir.path()).assert().success();
    let py = project(&[("pyproject.toml", "[project]\nname = \"x\"\nrequires-python = \">=3.12\"\ndependencies = []\n"), ("main.py", "print(1)\n")]);
    let err = stderr_of(dockgen().args(["detect", "--lang-version", "3.11"]).arg(py.path()));
    assert!(err.contains("requires-python \\\">=3.12\\\"") || err.contains("requires-python \">=3.12\""), "{err}");
    let node = project(&[("package.json", r#"{"engines":{"node":">=20"},"main":"s.js","dependencies":{"express":"4"}}"#), ("package-lock.json", "{}"), ("s.js", "")]);
    let err = stderr_of(dockgen().args(["detect", "--lang-version", "18"]).arg(node.path()));
    assert!(err.contains("engines.node"), "{err}");
    dockgen().args(["detect", "--lang-version", "22"]).arg(node.path()).assert().success();
}

#[test]
fn of_several_go_mains_the_service_is_built_and_the_others_named() {
    let out = dockgen().args(["init", "--yes", "--stdout", "--no-dockerignore"]).arg(example("go-several-mains")).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("building ./cmd/shop because it runs a server and is named after the module (shop). The others: ./cmd/migrate, ./cmd/shopctl"), "{err}");
    assert!(String::from_utf8(out.stdout).unwrap().contains("./cmd/shop\n"));
}

#[test]
fn node_projects_shaped_like_real_ones() {
    // Everything in devDependencies: no prod-deps stage, no node_modules to copy.
    let dir = project(&[
        ("package.json", r#"{"name":"tools-only","main":"server.js","devDependencies":{"typescript":"5.6.3"}}"#),
        ("package-lock.json", r#"{"lockfileVersion":3,"packages":{}}"#),
        ("server.js", "require('http').createServer((q, s) => s.end('ok')).listen(3000)\n"),
    ]);
    let out = dockgen().args(["init", "--yes", "--stdout", "--no-dockerignore"]).arg(dir.path()).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let df = String::from_utf8(out.stdout).unwrap();
    assert!(!df.contains("prod-deps") && !df.contains("/app/node_modules"), "{df}");
    // A Vite SPA with an Express mock server and msw in devDependencies is a static site.
    let dir = project(&[
        ("package.json", r#"{"name":"spa","scripts":{"build":"vite build","start":"node mock/server.js"},"devDependencies":{"vite":"5","express":"4","msw":"2"}}"#),
        ("package-lock.json", r#"{"lockfileVersion":3,"packages":{}}"#),
        ("mock/server.js", "require('express')().listen(3001)\n"),
    ]);
    let v = plan_json(dir.path());
    assert_eq!(v["node"]["kind"], "static", "{v}");
    assert_eq!(v["framework"], "vite");
    // ...but Express as a production dependency beside Vite is a server.
    let dir = project(&[
        ("package.json", r#"{"name":"ssr","main":"server.js","scripts":{"build":"vite build"},"dependencies":{"express":"4"},"devDependencies":{"vite":"5"}}"#),
        ("package-lock.json", r#"{"lockfileVersion":3,"packages":{}}"#),
        ("server.js", "require('express')().listen(3000)\n"),
    ]);
    assert_eq!(plan_json(dir.path())["node"]["kind"], "server");
    // node --env-file=.env: the flag is dropped from CMD, and said.
    let dir = project(&[
        ("package.json", r#"{"name":"envy","scripts":{"start":"node --env-file=.env server.js"},"dependencies":{"express":"4"}}"#),
        ("package-lock.json", r#"{"lockfileVersion":3,"packages":{}}"#),
        ("server.js", "require('express')().listen(3000)\n"),
    ]);
    let out = dockgen().args(["init", "--yes", "--stdout", "--no-dockerignore", "--runtime", "slim"]).arg(dir.path()).output().unwrap();
    let df = String::from_utf8(out.stdout).unwrap();
    assert!(df.contains(r#"CMD ["node","server.js"]"#), "{df}");
    assert!(String::from_utf8(out.stderr).unwrap().contains("docker run --env-file .env"));
}

#[test]
#[cfg(unix)]
fn a_project_reached_through_a_symlink_is_resolved_once() {
    // A link to a workspace member, from outside the workspace: the
    // workspace above the real folder is found, and init writes there.
    let ws = common::copy_of("node-npm-workspace");
    let outside = tempfile::tempdir().unwrap();
    let link = outside.path().join("link-to-api");
    std::os::unix::fs::symlink(ws.path().join("apps/api"), &link).unwrap();
    let out = dockgen().args(["detect", "--json"]).arg(&link).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["workspace"]["member"], "apps/api", "{v}");
    let out = dockgen().args(["init", "--yes"]).arg(&link).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(ws.path().join("apps/api/Dockerfile").is_file());
    // A path with no link on the way is reported as written.
    let plain = common::copy_of("go-stdlib");
    let err = String::from_utf8_lossy(&dockgen().args(["init", "--yes"]).arg(plain.path()).output().unwrap().stderr).to_string();
    assert!(err.contains(&format!("Created {}/Dockerfile", plain.path().display())), "{err}");
}

/// A requirements.txt of extras beside a package's pyproject.toml: the
/// package's dependencies are installed too (found on an Azure sample whose
/// requirements.txt held only gunicorn).
#[test]
fn requirements_beside_a_pyproject_install_both() {
    let dir = project(&[
        ("requirements.txt", "gunicorn==22.0.0\n"),
        ("pyproject.toml", "[project]\nname = \"app\"\nversion = \"1\"\ndependencies = [\"flask==3.0.3\", \"click\"]\n"),
        ("app.py", "from flask import Flask\napp = Flask(__name__)\n"),
    ]);
    let out = dockgen().args(["init", "--yes", "--stdout", "--no-dockerignore", "--lang-version", "3.13"]).arg(dir.path()).output().unwrap();
    let (df, err) = (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap());
    assert!(out.status.success(), "{err}");
    assert!(err.contains("are both installed"), "{err}");
    assert!(df.contains("source=pyproject.toml,target=pyproject.toml") && df.contains("pip install -r requirements.txt \\\n && python -c \"import tomllib"), "{df}");
    // requirements.txt that already names them: it alone.
    std::fs::write(dir.path().join("requirements.txt"), "gunicorn==22.0.0\nflask==3.0.3\nclick\n").unwrap();
    let out = dockgen().args(["init", "--yes", "--stdout", "--no-dockerignore", "--lang-version", "3.13"]).arg(dir.path()).output().unwrap();
    let df = String::from_utf8(out.stdout).unwrap();
    assert!(!df.contains("tomllib"), "{df}");
}

/// Optional dependency groups: the ones the project's own Dockerfile
/// installs (`pip install .[s3]`) are installed too and remembered, since
/// dockgen's Dockerfile replaces that one; `--extra` names one; an unknown
/// group is one clear line. Found on umap (`pip install .[deploy,s3,sync]`).
#[test]
fn extras_the_own_dockerfile_installs_are_installed_and_remembered() {
    let dir = project(&[
        ("pyproject.toml", "[project]\nname = \"app\"\nversion = \"1\"\nrequires-python = \">=3.12\"\ndependencies = [\"flask==3.0.3\", \"gunicorn==23.0.0\"]\n[project.optional-dependencies]\ns3 = [\"boto3\"]\ndev = [\"pytest\"]\n"),
        ("app.py", "from flask import Flask\napp = Flask(__name__)\n"),
        ("Dockerfile", "FROM python:3.12\nCOPY . /src\nRUN pip install '/src/.[s3]' && pip install .[s3]\nCMD [\"gunicorn\", \"app:app\"]\n"),
    ]);
    let out = dockgen().args(["init", "--yes", "--force"]).arg(dir.path()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let df = std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap();
    assert!(df.contains("for e in ('s3',) for d in p.get('optional-dependencies'"), "{df}");
    let toml = std::fs::read_to_string(dir.path().join("dockgen.toml")).unwrap();
    assert!(toml.contains("extras = [\"s3\"]"), "{toml}");
    // Their Dockerfile is now Dockerfile.bak: the file remembers the group.
    let df_again = dockgen().args(["init", "--yes", "--stdout", "--no-dockerignore"]).arg(dir.path()).output().unwrap();
    assert_eq!(String::from_utf8(df_again.stdout).unwrap(), df);
    // A group pyproject.toml does not have.
    let err = stderr_of(dockgen().args(["init", "--yes", "--stdout", "--no-config", "--extra", "nope"]).arg(dir.path()));
    assert!(err.contains("--extra nope: pyproject.toml has no such [project.optional-dependencies] group; it has: dev, s3"), "{err}");
}

/// package.json's own install scripts read the project's files, which the
/// dependency stages lack: they are dropped there, install hooks run in the
/// build stage, and production's node_modules is the build's, pruned.
#[test]
fn a_projects_own_install_scripts_run_where_its_files_are() {
    let js = ("server.js", "require('http').createServer().listen(3000)");
    let lock = ("package-lock.json", r#"{"lockfileVersion":3,"packages":{"":{"name":"a","hasInstallScript":true},"node_modules/ms":{}}}"#);
    let stdout = |dir: &tempfile::TempDir| {
        let out = dockgen().args(["init", "--stdout", "--runtime", "distroless"]).arg(dir.path()).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };

    let pkg = r#"{"scripts":{"postinstall":"prisma generate","prepare":"husky","start":"node server.js"},"dependencies":{"ms":"2.1.3"},"devDependencies":{"prisma":"5.17.0","husky":"9.1.7"}}"#;
    let dir = project(&[("package.json", pkg), lock, js]);
    let df = stdout(&dir);
    assert!(df.contains("COPY package.json ./\nRUN npm pkg delete scripts.postinstall scripts.prepare\n"), "{df}");
    assert!(!df.contains("source=package.json"), "the edited package.json is copied, not bind-mounted:\n{df}");
    assert!(df.contains("COPY . .\n# package.json's install hook, now that the source is in.\nRUN npm run postinstall\n"), "{df}");
    assert!(df.contains("FROM build AS prod-deps\nRUN --mount=type=cache,target=/root/.npm \\\n    npm prune --omit=dev --ignore-scripts\n"), "{df}");
    // The root's own hasInstallScript is not a dependency that compiles.
    assert!(!df.contains("node-gyp"), "{df}");

    // Only Git hooks: dropped, and production still installs from the manifests.
    let pkg = r#"{"scripts":{"prepare":"husky","start":"node server.js"},"dependencies":{"ms":"2.1.3"},"devDependencies":{"husky":"9.1.7"}}"#;
    let dir = project(&[("package.json", pkg), lock, js]);
    let df = stdout(&dir);
    assert!(df.contains("FROM base AS prod-deps\n# package.json's own install scripts (prepare) would run here,\n# without the project's files.\nCOPY package.json ./\nRUN npm pkg delete scripts.prepare\n"), "{df}");
    assert!(df.contains("npm ci --omit=dev"), "{df}");
    assert!(!df.contains("run postinstall") && !df.contains("prune"), "{df}");
}

/// next.config.ts is loaded with the typescript package: one nobody declares
/// is said, since `next build` would try to install it (found on t3-env).
#[test]
fn next_config_ts_without_typescript_is_said() {
    let files = |pkg: &'static str| vec![("package.json", pkg), ("next.config.ts", "export default {};"), ("app/page.tsx", "export default function P() { return null; }")];
    let warned = |dir: &tempfile::TempDir| stderr_of(dockgen().args(["detect"]).arg(dir.path())).contains("next.config.ts needs the typescript package");
    let dir = project(&files(r#"{"scripts":{"build":"next build","start":"next start"},"dependencies":{"next":"16.0.10","react":"19.2.3"}}"#));
    assert!(warned(&dir));
    let dir = project(&files(r#"{"scripts":{"build":"next build","start":"next start"},"dependencies":{"next":"16.0.10","react":"19.2.3"},"devDependencies":{"typescript":"5.9.3"}}"#));
    assert!(!warned(&dir));
}
