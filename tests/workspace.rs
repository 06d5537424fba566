//! Workspaces from the command line: the walk up from a member and its
//! limits, `--app` at the root, a library member, a broken workspace
//! manifest, compose.yaml at the root, and `detect --json`.

mod common;

use assert_cmd::Command;
use std::path::Path;

fn dockgen(cwd: &Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::cargo_bin("dockgen").unwrap().current_dir(cwd).args(args).output().unwrap();
    (out.status.success(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

/// A copy of an example workspace in a temporary folder.
fn copy(example: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&common::example(example), dir.path());
    dir
}

#[test]
fn init_in_a_member_walks_up_and_prints_the_build_from_the_root() {
    let ws = copy("node-pnpm-workspace");
    let (ok, _, err) = dockgen(ws.path(), &["init", "--yes", "apps/api"]);
    assert!(ok, "{err}");
    assert!(err.contains("\n  docker build -f apps/api/Dockerfile -t acme-api .\n"), "{err}");
    let dockerfile = std::fs::read_to_string(ws.path().join("apps/api/Dockerfile")).unwrap();
    assert!(dockerfile.contains("# Build: docker build -f apps/api/Dockerfile -t acme-api ."), "{dockerfile}");
    assert!(ws.path().join("apps/api/Dockerfile.dockerignore").is_file());
    assert!(!ws.path().join("apps/api/.dockerignore").exists() && !ws.path().join(".dockerignore").exists());

    // From elsewhere: the way to the root comes first.
    let (ok, _, err) = dockgen(ws.path().join("apps/api").as_path(), &["init", "--yes", "--force", "."]);
    assert!(ok, "{err}");
    assert!(err.contains("  cd ./../.. && docker build -f apps/api/Dockerfile -t acme-api ."), "{err}");
}

#[test]
fn detect_json_shows_the_workspace() {
    let ws = copy("node-npm-workspace");
    let (ok, out, err) = dockgen(ws.path(), &["detect", "--json", "apps/api"]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let w = &v["workspace"];
    assert_eq!(w["kind"], "npm workspaces");
    assert_eq!(w["root"], "../..");
    assert_eq!(w["member"], "apps/api");
    assert_eq!(w["lockfile"], "package-lock.json");
    assert_eq!(w["local_deps"], serde_json::json!(["packages/utils"]));
    assert_eq!(v["package_manager"], "npm");
    let (_, table, _) = dockgen(ws.path(), &["detect", "apps/api"]);
    assert!(table.contains("workspace:       npm workspaces (package.json), root ../.. from here\nmember:          apps/api\nlocal packages:  packages/utils\n"), "{table}");
    // A project outside any workspace has none.
    let (_, out, _) = dockgen(&common::example("node-pnpm"), &["detect", "--json", "."]);
    assert!(serde_json::from_str::<serde_json::Value>(&out).unwrap()["workspace"].is_null());
}

#[test]
fn at_the_root_app_picks_the_member_and_yes_alone_lists_them() {
    let ws = copy("node-pnpm-workspace");
    let (ok, _, err) = dockgen(ws.path(), &["init", "--yes", "."]);
    assert!(!ok);
    assert_eq!(err.trim(), "error: . is the root of a pnpm workspace (pnpm-workspace.yaml) with 2 deployable members: apps/api, apps/web; pass --app <apps/api|apps/web>");
    let (ok, _, err) = dockgen(ws.path(), &["init", "--yes", "--app", "apps/web", "."]);
    assert!(ok, "{err}");
    assert!(ws.path().join("apps/web/Dockerfile").is_file(), "{err}");
    let (ok, _, err) = dockgen(ws.path(), &["init", "--yes", "--app", "apps/nope", "."]);
    assert!(!ok && err.contains("--app apps/nope: pnpm-workspace.yaml lists no such member; choose one of: apps/api, apps/web, packages/shared"), "{err}");
    let (ok, _, err) = dockgen(ws.path(), &["init", "--yes", "--app", "../x", "."]);
    assert!(!ok && err.contains("is not a member folder"), "{err}");
    // --app outside a workspace root.
    let (ok, _, err) = dockgen(&common::example("node-pnpm"), &["detect", "--app", "x", "."]);
    assert!(!ok && err.contains("is not a workspace root"), "{err}");
}

#[test]
fn a_library_member_is_not_deployable() {
    let ws = copy("node-pnpm-workspace");
    let (ok, _, err) = dockgen(ws.path(), &["init", "--yes", "packages/shared"]);
    assert!(!ok);
    assert!(err.contains("a library of this workspace (used by apps/api, apps/web) with no scripts.start"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[test]
fn a_broken_workspace_manifest_is_one_line() {
    let ws = copy("node-pnpm-workspace");
    std::fs::write(ws.path().join("pnpm-workspace.yaml"), "packages: [\"apps/*\"\n").unwrap();
    let (ok, _, err) = dockgen(ws.path(), &["init", "--yes", "apps/api"]);
    assert!(!ok);
    assert!(err.starts_with("error: pnpm-workspace.yaml is not valid YAML"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    let ws = copy("python-uv-workspace");
    std::fs::write(ws.path().join("pyproject.toml"), "[tool.uv.workspace]\nmembers = \"apps/*\"\n").unwrap();
    let (ok, _, err) = dockgen(ws.path(), &["init", "--yes", "apps/api"]);
    assert!(!ok && err.contains("[tool.uv.workspace] members must be a list"), "{err}");
}

#[test]
fn the_walk_up_stops_at_the_repository_root_and_at_a_workspace_that_does_not_list_the_folder() {
    // A repository inside the workspace folder: its root is as far as dockgen looks.
    let ws = copy("node-npm-workspace");
    std::fs::create_dir(ws.path().join("apps/api/.git")).unwrap();
    let (ok, out, err) = dockgen(ws.path(), &["detect", "--json", "apps/api"]);
    assert!(ok, "{err}");
    assert!(serde_json::from_str::<serde_json::Value>(&out).unwrap()["workspace"].is_null(), "{out}");

    // A folder the workspace's patterns do not list is a project of its own.
    let ws = copy("node-npm-workspace");
    let tools = ws.path().join("tools/seed");
    std::fs::create_dir_all(&tools).unwrap();
    std::fs::write(tools.join("package.json"), "{\"name\": \"seed\", \"scripts\": {\"start\": \"node seed.js\"}}").unwrap();
    std::fs::write(tools.join("seed.js"), "").unwrap();
    let (ok, out, err) = dockgen(ws.path(), &["detect", "--json", "tools/seed"]);
    assert!(ok, "{err}");
    assert!(serde_json::from_str::<serde_json::Value>(&out).unwrap()["workspace"].is_null(), "{out}");

    // Deeper than the walk goes: six folders up at most.
    let ws = copy("node-npm-workspace");
    let deep = ws.path().join("apps/a/b/c/d/e/f");
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(ws.path().join("package.json"), "{\"workspaces\": [\"apps/a/b/c/d/e/f\"]}").unwrap();
    std::fs::write(deep.join("package.json"), "{\"name\": \"f\", \"scripts\": {\"start\": \"node f.js\"}}").unwrap();
    std::fs::write(deep.join("f.js"), "").unwrap();
    let (ok, out, err) = dockgen(ws.path(), &["detect", "--json", "apps/a/b/c/d/e/f"]);
    assert!(ok, "{err}");
    assert!(serde_json::from_str::<serde_json::Value>(&out).unwrap()["workspace"].is_null(), "seven levels down: {out}");
    std::fs::write(ws.path().join("apps/package.json"), "{\"workspaces\": [\"a/b/c/d/e/f\"]}").unwrap();
    std::fs::write(ws.path().join("apps/package-lock.json"), "{\"lockfileVersion\": 3}").unwrap();
    let (_, out, _) = dockgen(ws.path(), &["detect", "--json", "apps/a/b/c/d/e/f"]);
    assert_eq!(serde_json::from_str::<serde_json::Value>(&out).unwrap()["workspace"]["root"], "../../../../../..", "six levels: {out}");
}

#[test]
fn compose_goes_to_the_root_with_one_service_per_member() {
    let ws = copy("node-pnpm-workspace");
    let (ok, _, err) = dockgen(ws.path(), &["init", "--yes", "--compose", "apps/api"]);
    assert!(ok, "{err}");
    assert!(err.contains("docker compose -f ./compose.yaml up --build") || err.contains("compose.yaml"), "{err}");
    let (ok, _, err) = dockgen(ws.path(), &["init", "--yes", "--compose", "apps/web"]);
    assert!(ok, "{err}");
    let text = std::fs::read_to_string(ws.path().join("compose.yaml")).unwrap();
    let doc = &yaml_rust2::YamlLoader::load_from_str(&text).unwrap()[0];
    let services: Vec<&str> = doc["services"].as_hash().unwrap().keys().map(|k| k.as_str().unwrap()).collect();
    assert_eq!(services, ["acme-api", "acme-web"], "{text}");
    assert_eq!(doc["services"]["acme-web"]["build"]["dockerfile"].as_str(), Some("apps/web/Dockerfile"));
    assert_eq!(doc["services"]["acme-api"]["build"]["context"].as_str(), Some("."));
    assert!(!ws.path().join("apps/api/compose.yaml").exists());
}

#[test]
fn go_replace_directives_make_their_common_folder_the_root() {
    let ws = copy("go-replace");
    let (ok, _, err) = dockgen(ws.path(), &["init", "--yes", "services/api"]);
    assert!(ok, "{err}");
    assert!(err.contains("\n  docker build -f services/api/Dockerfile -t api .\n"), "{err}");
    let dockerfile = std::fs::read_to_string(ws.path().join("services/api/Dockerfile")).unwrap();
    assert!(dockerfile.contains("WORKDIR /src/services/api") && dockerfile.contains("source=pkg/version/go.mod,target=/src/pkg/version/go.mod"), "{dockerfile}");
    // A replace target beyond the folders dockgen looks in is refused in one line.
    std::fs::write(ws.path().join("services/api/go.mod"), "module a\n\ngo 1.23\n\nreplace b => ../../../../../../../../b\n").unwrap();
    let (ok, _, err) = dockgen(ws.path(), &["init", "--yes", "--force", "services/api"]);
    assert!(!ok && err.contains("outside the 6 folders above it") && err.trim().lines().count() == 1, "{err}");
}

#[test]
fn a_python_path_dependency_outside_the_project_is_refused_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pyproject.toml"), "[tool.poetry]\nname = \"a\"\n[tool.poetry.dependencies]\npython = \"^3.12\"\nlib = { path = \"../lib\", develop = true }\n").unwrap();
    std::fs::write(dir.path().join("poetry.lock"), "").unwrap();
    let (ok, _, err) = dockgen(dir.path(), &["init", "--yes", "."]);
    assert!(!ok && err.contains("lib is a path dependency outside this folder (../lib)") && err.trim().lines().count() == 1, "{err}");
}

#[test]
fn a_workspace_whose_patterns_match_nothing_yet_is_the_root_project() {
    // `workspaces: ["packages/*"]` with no package in packages/ yet, and an
    // app at the root (found by the monorepo benchmark): the root builds.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("package.json"), r#"{"name":"mono","private":true,"main":"server.js","workspaces":["packages/*"],"dependencies":{"express":"4.19.2"}}"#).unwrap();
    std::fs::write(root.join("package-lock.json"), r#"{"name":"mono","lockfileVersion":3,"packages":{"":{"name":"mono"}}}"#).unwrap();
    std::fs::write(root.join("server.js"), "require('express')().listen(3000)\n").unwrap();
    std::fs::create_dir_all(root.join("packages/pkg-0/src")).unwrap();
    let (ok, out, err) = dockgen(root, &["init", "--yes", "--stdout", "."]);
    assert!(ok, "{err}");
    assert!(out.contains("CMD [\"server.js\"]") || out.contains("\"server.js\"]"), "{out}");
}
