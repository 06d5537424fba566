//! `dockgen check`, `init --diff`, keep blocks, and the conveniences for
//! scripts: JSON errors, `presets --json`, completions, the man page.

use assert_cmd::Command;
use std::fs;
use std::path::Path;

mod common;
use common::copy_of;

fn dockgen() -> Command {
    Command::cargo_bin("dockgen").unwrap()
}

fn run(args: &[&str], dir: &Path) -> (i32, String, String) {
    let out = dockgen().args(args).arg(dir).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn identical_files_pass_and_an_edit_is_drift_with_a_diff() {
    let dir = copy_of("go-stdlib");
    run(&["init", "--yes", "--runtime", "alpine"], dir.path());
    let (code, out, err) = run(&["check"], dir.path());
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty() && err.contains("Dockerfile: up to date") && err.contains("README.Docker.md: up to date"), "{err}");

    let df = dir.path().join("Dockerfile");
    let text = fs::read_to_string(&df).unwrap().replace("USER 65532:65532", "USER root");
    fs::write(&df, text).unwrap();
    let (code, out, err) = run(&["check"], dir.path());
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("-USER root") && out.contains("+USER 65532:65532"), "{out}");
    assert!(err.contains("Dockerfile: differs") && err.contains("drift: 1 file is out of step"), "{err}");

    // The remembered runtime is what check regenerates with: no flag needed.
    fs::remove_file(dir.path().join(".dockerignore")).unwrap();
    let (code, out, _) = run(&["check", "--json"], dir.path());
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["drift"], true);
    let states: Vec<(String, String)> = v["apps"][0]["files"].as_array().unwrap().iter()
        .map(|f| (f["path"].as_str().unwrap().rsplit('/').next().unwrap().to_string(), f["state"].as_str().unwrap().to_string())).collect();
    assert!(states.contains(&("Dockerfile".into(), "drifted".into())), "{states:?}");
    assert!(states.contains(&(".dockerignore".into(), "missing".into())), "{states:?}");
    assert!(states.contains(&("README.Docker.md".into(), "identical".into())), "{states:?}");
}

#[test]
fn keep_blocks_are_the_users_and_survive_check_and_init() {
    let dir = copy_of("python-flask");
    run(&["init", "--yes"], dir.path());
    let df = dir.path().join("Dockerfile");
    let text = fs::read_to_string(&df).unwrap();
    let edited = text.replacen("\nUSER ", "\n# dockgen: keep\nLABEL org.opencontainers.image.vendor=\"acme\"\n# dockgen: end\nUSER ", 1);
    assert_ne!(edited, text);
    fs::write(&df, &edited).unwrap();
    let (code, _, err) = run(&["check"], dir.path());
    assert_eq!(code, 0, "a keep block is not drift: {err}");
    // Regeneration with another setting keeps the block where it was.
    let (code, _, err) = run(&["init", "--yes", "--port", "9000", "--force"], dir.path());
    assert_eq!(code, 0, "{err}");
    let after = fs::read_to_string(&df).unwrap();
    assert!(after.contains("# dockgen: keep\nLABEL org.opencontainers.image.vendor=\"acme\"\n# dockgen: end\nUSER "), "{after}");
    assert!(after.contains("EXPOSE 9000"));
    // An unclosed block is a one-line error naming the file and line.
    fs::write(&df, after.replace("# dockgen: end\n", "")).unwrap();
    let (code, _, err) = run(&["check"], dir.path());
    assert_eq!(code, 2);
    assert!(err.contains("Dockerfile line") && err.contains("no `# dockgen: end`") && err.lines().count() == 1, "{err}");
}

#[test]
fn an_undetectable_project_exits_2_with_the_reason() {
    let dir = copy_of("go-stdlib");
    run(&["init", "--yes"], dir.path());
    fs::remove_file(dir.path().join("go.mod")).unwrap();
    fs::remove_file(dir.path().join("main.go")).unwrap();
    let (code, _, err) = run(&["check"], dir.path());
    assert_eq!(code, 2, "{err}");
    assert!(err.starts_with("error: cannot regenerate the Dockerfile: no supported project found"), "{err}");
    let (code, out, _) = run(&["check", "--json"], dir.path());
    assert_eq!(code, 2);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["kind"], "undetected");
}

#[test]
fn a_workspace_root_checks_every_remembered_member() {
    let dir = copy_of("node-npm-workspace");
    run(&["init", "--yes", "--app", "apps/api"], dir.path());
    let (code, _, err) = run(&["check"], dir.path());
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("apps/api/Dockerfile: up to date"), "{err}");
    fs::write(dir.path().join("apps/api/Dockerfile.dockerignore"), "").unwrap();
    let (code, out, _) = run(&["check"], dir.path());
    assert_eq!(code, 1);
    assert!(out.contains("Dockerfile.dockerignore"), "{out}");
}

#[test]
fn init_diff_prints_the_change_and_writes_nothing() {
    let dir = copy_of("go-stdlib");
    run(&["init", "--yes"], dir.path());
    let before = fs::read_to_string(dir.path().join("Dockerfile")).unwrap();
    let (code, out, _) = run(&["init", "--yes", "--diff", "--runtime", "slim"], dir.path());
    assert_eq!(code, 0);
    assert!(out.contains("-FROM gcr.io/distroless") && out.contains("+FROM debian:"), "{out}");
    assert_eq!(fs::read_to_string(dir.path().join("Dockerfile")).unwrap(), before);
    let toml = fs::read_to_string(dir.path().join("dockgen.toml")).unwrap();
    assert!(!toml.contains("slim"), "--diff changed dockgen.toml: {toml}");
    let (_, out, err) = run(&["init", "--yes", "--diff"], dir.path());
    assert!(out.is_empty() && err.contains("No differences"), "{out}{err}");
}

#[test]
fn detect_json_failure_is_a_json_object_on_stdout() {
    let empty = tempfile::tempdir().unwrap();
    let (code, out, _) = run(&["detect", "--json"], empty.path());
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["kind"], "no_project");
    assert!(v["error"].as_str().unwrap().contains("is empty"));
    let dir = copy_of("node-npm-workspace");
    let (code, out, _) = run(&["detect", "--json"], dir.path());
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["kind"], "workspace", "{v}");
}

#[test]
fn presets_json_lists_every_preset_and_runtime() {
    let out = dockgen().args(["presets", "--json"]).output().unwrap();
    assert!(out.status.success());
    let v: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = v.iter().map(|p| p["id"].as_str().unwrap()).collect();
    for id in ["go", "node", "python", "java", "rust", "dotnet", "php"] {
        assert!(ids.contains(&id), "{ids:?}");
    }
    let go = v.iter().find(|p| p["id"] == "go").unwrap();
    assert_eq!(go["runtimes"].as_array().unwrap().len(), 4);
    assert!(go["runtimes"].as_array().unwrap().iter().any(|r| r["default"] == true && r["runtime"] == "distroless"));
}

#[test]
fn completions_source_cleanly_and_the_man_page_renders() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = dockgen().args(["completions", shell]).output().unwrap();
        assert!(out.status.success() && out.stdout.len() > 500, "{shell}");
    }
    let script = dockgen().args(["completions", "bash"]).output().unwrap().stdout;
    let file = tempfile::NamedTempFile::new().unwrap();
    fs::write(file.path(), &script).unwrap();
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!("set -e; source {}; complete -p dockgen", file.path().display()))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("dockgen"));
    let man = String::from_utf8(dockgen().arg("man").output().unwrap().stdout).unwrap();
    assert!(man.contains(".TH dockgen 1") && man.contains("\\-\\-no\\-config") && man.contains("dockgen check"), "{}", &man[..500.min(man.len())]);
}

#[test]
fn exit_codes_are_in_help() {
    let out = dockgen().arg("--help").output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("Exit status:") && help.contains("130"), "{help}");
    // A usage error is 2 (clap), an error 1.
    assert_eq!(dockgen().arg("--no-such-flag").output().unwrap().status.code(), Some(2));
    assert_eq!(dockgen().args(["detect", "/nonexistent/dir"]).output().unwrap().status.code(), Some(1));
}

#[test]
fn init_pin_pins_every_base_remembers_it_and_check_ignores_digests() {
    let bin = tempfile::tempdir().unwrap();
    let docker = common::fake_docker(bin.path(), &format!("sha256:{}", "a".repeat(64)));
    let dir = copy_of("go-stdlib");
    let out = dockgen().args(["init", "--yes", "--pin"]).arg(dir.path()).env("DOCKER", &docker).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("Pinned golang:1.26-trixie to sha256:aaaa"), "{err}");
    let df = fs::read_to_string(dir.path().join("Dockerfile")).unwrap();
    let froms: Vec<&str> = df.lines().filter(|l| l.starts_with("FROM ")).collect();
    assert!(froms.iter().all(|l| l.contains("@sha256:aaaa")), "{froms:?}");
    assert!(df.contains("# dockgen pin: golang:1.26-trixie resolved "), "{df}");
    assert!(fs::read_to_string(dir.path().join("dockgen.toml")).unwrap().contains("pin = true"));
    // check regenerates without asking a registry: pins are not drift.
    let (code, _, err) = run(&["check"], dir.path());
    assert_eq!(code, 0, "{err}");
    // Regenerating resolves again; the same digests leave the file as it is.
    let out = dockgen().args(["init", "--yes"]).arg(dir.path()).env("DOCKER", &docker).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("Unchanged"), "{}", String::from_utf8_lossy(&out.stderr));
    // pin --check with the same registry answer: fresh.
    let out = dockgen().args(["pin", "--check"]).arg(dir.path()).env("DOCKER", &docker).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn an_unresolvable_base_is_an_error_naming_it_and_nothing_is_written() {
    let dir = copy_of("go-stdlib");
    let out = dockgen().args(["init", "--yes", "--pin"]).arg(dir.path()).env("DOCKER", "/bin/false").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("cannot resolve a digest for ") && err.lines().count() == 1, "{err}");
    assert!(!dir.path().join("Dockerfile").exists());
}

#[test]
fn a_hostile_file_on_disk_cannot_reach_the_terminal_through_the_diff() {
    let dir = copy_of("go-stdlib");
    run(&["init", "--yes"], dir.path());
    let df = dir.path().join("Dockerfile");
    let text = fs::read_to_string(&df).unwrap().replacen("USER ", "# \u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}x\nUSER ", 1);
    fs::write(&df, text).unwrap();
    for args in [&["check"][..], &["init", "--yes", "--diff"][..]] {
        let (_, out, _) = run(args, dir.path());
        assert!(out.contains("pwned"), "{args:?}: {out}");
        assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{args:?}: a raw control character: {out:?}");
    }
}

/// Every kind of JSON error, each raised where it happens (crate::error),
/// not read back from the message's words.
#[test]
fn json_error_kinds_are_typed_where_raised() {
    let kind = |args: &[&str], dir: &Path| {
        let (code, out, err) = run(args, dir);
        assert_eq!(code, 1, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out:?} {err}"));
        v["kind"].as_str().unwrap().to_string()
    };
    // config: a dockgen.toml key dockgen cannot use.
    let dir = copy_of("go-stdlib");
    fs::write(dir.path().join("dockgen.toml"), "schema = 1\nport = \"eighty\"\n").unwrap();
    assert_eq!(kind(&["detect", "--json"], dir.path()), "config");
    // unresolved: a setting to pass (a Node.js line never published on
    // distroless: the nearest ones and their flag); a Go version go.mod
    // rules out is the project's.
    let dir = copy_of("node-express-npm");
    assert_eq!(kind(&["detect", "--json", "--runtime", "distroless", "--lang-version", "19"], dir.path()), "unresolved");
    let dir = copy_of("go-stdlib");
    assert_eq!(kind(&["detect", "--json", "--lang-version", "1.10"], dir.path()), "project");
    // workspace: --app naming no member.
    let dir = copy_of("node-npm-workspace");
    assert_eq!(kind(&["detect", "--json", "--app", "apps/nope"], dir.path()), "workspace");
    // undetected, and project: a manifest dockgen cannot read.
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.txt"), "").unwrap();
    assert_eq!(kind(&["detect", "--json"], dir.path()), "undetected");
    fs::write(dir.path().join("package.json"), "{ not json").unwrap();
    assert_eq!(kind(&["detect", "--json"], dir.path()), "project");
}

/// A port read from the project's own Dockerfile is remembered (with where
/// it was read), so `check` right after `init --force` finds nothing out of
/// step although that Dockerfile is now dockgen's (found on umap).
#[test]
fn a_port_from_the_own_dockerfile_survives_replacing_it() {
    let dir = copy_of("python-flask");
    fs::write(dir.path().join("Dockerfile"), "FROM python:3.12\nCOPY . .\nEXPOSE 5050\nCMD [\"gunicorn\", \"app:app\", \"--bind\", \"0.0.0.0:5050\"]\n").unwrap();
    let (code, _, err) = run(&["init", "--yes", "--force"], dir.path());
    assert_eq!(code, 0, "{err}");
    let toml = fs::read_to_string(dir.path().join("dockgen.toml")).unwrap();
    assert!(toml.contains("port = 5050") && toml.contains("port-from = \"Dockerfile (EXPOSE 5050)\""), "{toml}");
    let (code, _, err) = run(&["check"], dir.path());
    assert_eq!(code, 0, "{err}");
    assert!(fs::read_to_string(dir.path().join("Dockerfile")).unwrap().contains("EXPOSE 5050"));
}
