//! Remembered answers (dockgen.toml): init with a flag, delete what it
//! wrote, init again with `--yes` and no flags, and get the same bytes.

use assert_cmd::Command;
use std::fs;
use std::path::Path;

mod common;
use common::{copy_dir, example};

fn dockgen() -> Command {
    Command::cargo_bin("dockgen").unwrap()
}

/// Every file dockgen writes for an app, by name (absent ones left out).
const OUTPUTS: &[&str] = &["Dockerfile", ".dockerignore", "Dockerfile.dockerignore", "compose.yaml", "README.Docker.md"];

fn outputs(dir: &Path) -> Vec<(String, String)> {
    OUTPUTS.iter().filter_map(|n| fs::read_to_string(dir.join(n)).ok().map(|t| (n.to_string(), t))).collect()
}

fn remove_outputs(dir: &Path) {
    for n in OUTPUTS {
        let _ = fs::remove_file(dir.join(n));
    }
}

fn init(dir: &Path, flags: &[&str]) -> String {
    let out = dockgen().arg("init").arg("--yes").args(flags).arg(dir).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "init {flags:?} in {}: {stderr}", dir.display());
    stderr
}

/// One remembered setting: with `flags`, the files differ from plain
/// detection's; dockgen.toml holds `key`; regenerating without the flags
/// gives the flagged files byte for byte.
fn regenerates(name: &str, flags: &[&str], key: &str) {
    let plain = tempfile::tempdir().unwrap();
    copy_dir(&example(name), plain.path());
    init(plain.path(), &["--no-config"]);
    assert!(!plain.path().join("dockgen.toml").exists(), "--no-config wrote dockgen.toml");

    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&example(name), tmp.path());
    let dir = tmp.path();
    init(dir, flags);
    let first = outputs(dir);
    assert_ne!(first, outputs(plain.path()), "{flags:?} changes nothing in {name}: the test could not fail");
    let toml = fs::read_to_string(dir.join("dockgen.toml")).unwrap();
    assert!(toml.lines().any(|l| l.starts_with(&format!("{key} = "))), "{key} not remembered:\n{toml}");

    remove_outputs(dir);
    let again = init(dir, &[]);
    assert_eq!(outputs(dir), first, "{name} {flags:?}: regenerated without the flags");
    assert!(again.contains("Unchanged") && again.contains("dockgen.toml"), "{again}");
}

#[test]
fn runtime() {
    regenerates("go-stdlib", &["--runtime", "alpine"], "runtime");
}

#[test]
fn lang_version() {
    regenerates("go-stdlib", &["--lang-version", "1.24"], "lang-version");
}

#[test]
fn main_package() {
    regenerates("go-several-mains", &["--main", "./cmd/shopctl"], "main");
}

#[test]
fn start() {
    regenerates("node-express-npm", &["--start", "node server.js --verbose"], "start");
}

#[test]
fn port() {
    regenerates("python-flask", &["--port", "9090"], "port");
}

#[test]
fn output_dir() {
    regenerates("node-vite-spa", &["--output-dir", "build"], "output-dir");
}

#[test]
fn health_path() {
    regenerates("python-flask", &["--health-path", "/healthz"], "health-path");
}

#[test]
fn no_healthcheck() {
    regenerates("go-stdlib", &["--no-healthcheck"], "healthcheck");
}

#[test]
fn private_registry() {
    regenerates("node-express-npm", &["--private-registry"], "private-registry");
}

#[test]
fn compose() {
    regenerates("python-flask", &["--compose"], "compose");
}

#[test]
fn db() {
    regenerates("python-flask-postgres", &["--db", "postgres"], "db");
}

#[test]
fn no_dockerignore() {
    regenerates("go-stdlib", &["--no-dockerignore"], "dockerignore");
}

#[test]
fn preset() {
    regenerates("node-vite-spa", &["--preset", "node", "--runtime", "slim"], "preset");
}

#[test]
fn workspace_member() {
    // From the root with --app: remembered in the member's folder, which
    // regenerates on its own.
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&example("node-npm-workspace"), tmp.path());
    let member = tmp.path().join("apps/api");
    init(tmp.path(), &["--app", "apps/api", "--runtime", "alpine"]);
    let first = outputs(&member);
    let toml = fs::read_to_string(member.join("dockgen.toml")).unwrap();
    assert!(toml.contains("app = \"apps/api\"") && toml.contains("runtime = \"alpine\""), "{toml}");
    remove_outputs(&member);
    init(&member, &[]);
    assert_eq!(outputs(&member), first);
    // …and from the root again, naming the member.
    remove_outputs(&member);
    init(tmp.path(), &["--app", "apps/api"]);
    assert_eq!(outputs(&member), first);
}

#[test]
fn a_flag_wins_and_the_change_is_shown() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&example("go-stdlib"), tmp.path());
    init(tmp.path(), &["--runtime", "alpine", "--port", "9000"]);
    let err = init(tmp.path(), &["--runtime", "slim", "--force"]);
    assert!(err.contains("- runtime = \"alpine\"") && err.contains("+ runtime = \"slim\""), "{err}");
    assert!(!err.contains("- port") && !err.contains("+ port"), "an unchanged key is not listed: {err}");
    let toml = fs::read_to_string(tmp.path().join("dockgen.toml")).unwrap();
    assert!(toml.contains("runtime = \"slim\"") && toml.contains("port = 9000"), "{toml}");
    assert!(fs::read_to_string(tmp.path().join("Dockerfile")).unwrap().contains("debian:"), "slim runtime");
}

#[test]
fn negations_undo_remembered_switches() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&example("python-flask"), tmp.path());
    init(tmp.path(), &["--db", "redis", "--no-healthcheck"]);
    assert!(tmp.path().join("compose.yaml").exists());
    init(tmp.path(), &["--no-compose", "--healthcheck", "--force"]);
    let toml = fs::read_to_string(tmp.path().join("dockgen.toml")).unwrap();
    assert!(!toml.contains("\ndb =") && !toml.contains("\nhealthcheck ="), "{toml}");
    assert!(fs::read_to_string(tmp.path().join("Dockerfile")).unwrap().contains("HEALTHCHECK"));
}

#[test]
fn a_bad_hand_edit_names_the_file_and_the_key() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&example("go-stdlib"), tmp.path());
    fs::write(tmp.path().join("dockgen.toml"), "schema = 1\nruntime = \"tiny\"\n").unwrap();
    for cmd in ["init", "detect"] {
        let out = dockgen().arg(cmd).arg("--yes").arg(tmp.path()).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        if cmd == "detect" {
            // detect has no --yes: clap refuses it; run it plainly.
            let out = dockgen().arg(cmd).arg(tmp.path()).output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(!out.status.success() && err.contains("dockgen.toml: key `runtime`: tiny is not a runtime"), "{err}");
            continue;
        }
        assert!(!out.status.success(), "{err}");
        assert!(err.contains("dockgen.toml: key `runtime`: tiny is not a runtime") && err.lines().count() == 1, "{err}");
    }
    // A value only the planner can judge names the key too.
    fs::write(tmp.path().join("dockgen.toml"), "schema = 1\nlang-version = \"0.1\"\n").unwrap();
    let out = dockgen().args(["init", "--yes"]).arg(tmp.path()).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("dockgen.toml: key `lang-version`"), "{err}");
    // --no-config ignores the file.
    dockgen().args(["init", "--yes", "--no-config"]).arg(tmp.path()).assert().success();
}

#[test]
fn a_version_read_from_the_replaced_dockerfile_is_remembered() {
    // Found in the field: the project's own Dockerfile said Node 20; once
    // dockgen's replaced it, regenerating fell back to the current LTS.
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&example("node-express-npm"), tmp.path());
    fs::write(tmp.path().join("Dockerfile"), "FROM node:20.17.0-alpine\nCOPY . .\nCMD [\"node\", \"server.js\"]\n").unwrap();
    init(tmp.path(), &["--force"]);
    let first = outputs(tmp.path());
    assert!(first[0].1.contains("Node.js major from Dockerfile (FROM node:20.17.0-alpine)"), "{}", first[0].1);
    let toml = fs::read_to_string(tmp.path().join("dockgen.toml")).unwrap();
    assert!(toml.contains("lang-version = \"20\"") && toml.contains("lang-version-from = \"Dockerfile (FROM node:20.17.0-alpine)\""), "{toml}");
    remove_outputs(tmp.path());
    init(tmp.path(), &[]);
    assert_eq!(outputs(tmp.path()), first, "regenerated with the remembered version and its origin");
    let out = dockgen().arg("check").arg(tmp.path()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}
