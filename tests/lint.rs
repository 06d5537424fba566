//! `dockgen lint`: dockgen's own output lints clean (every example ×
//! runtime), and the command line's outputs and exit codes.

use assert_cmd::Command;
use dockgen::lint::{Input, Project};
use dockgen::plan::Choices;

mod common;
use common::examples;

#[test]
fn every_generated_dockerfile_lints_clean() {
    let mut linted = 0;
    for root in examples() {
        let name = root.file_name().unwrap().to_string_lossy().to_string();
        let dir = match common::e2e_app(&root) {
            Some(app) => root.join(app),
            None => root.clone(),
        };
        let plan = dockgen::plan_for(&dir, &Choices::default()).unwrap();
        let index = dockgen::scan::DirIndex::scan(&dir).unwrap();
        let project = Project { files: index.files.clone(), port: Some(plan.port.value), node_dev_deps: true };
        for runtime in plan.runtimes.clone() {
            let Ok((_, files)) = dockgen::generate(&dir, &Choices { runtime: Some(runtime), ..Default::default() }, dockgen::Extras::ALL) else { continue };
            let ignore = files.iter().find(|f| f.name.ends_with("dockerignore")).map(|f| f.contents.clone());
            let input = Input { dockerfile: &files[0].contents, name: "Dockerfile", dockerignore: ignore.as_deref(), project: Some(&project), strict: false };
            let found = dockgen::lint::lint(&input).unwrap();
            assert!(found.is_empty(), "{name}/{runtime}: {found:#?}\n{}", files[0].contents);
            linted += 1;
        }
    }
    assert!(linted >= 100, "only {linted} Dockerfiles linted");
}

fn dockgen() -> Command {
    Command::cargo_bin("dockgen").unwrap()
}

#[test]
fn the_command_line_exit_codes_and_formats() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Dockerfile"), "FROM python:3.12\nCOPY . .\nRUN pip install -r requirements.txt\nCMD python app.py\n").unwrap();
    let out = dockgen().arg("lint").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("errors (1)\n"), "{text}");
    for rule in ["root-user", "full-base", "copy-before-install", "shell-form-cmd", "no-dockerignore", "no-cache-mount"] {
        assert!(text.contains(&format!("[{rule}]")), "{rule} missing:\n{text}");
    }
    // --fail-on error: the root user still fails; with it fixed, warnings pass.
    std::fs::write(dir.path().join("Dockerfile"), "FROM python:3.12\nCOPY . .\nRUN pip install -r requirements.txt\nUSER 1000:1000\nCMD python app.py\n").unwrap();
    assert_eq!(dockgen().args(["lint", "--fail-on", "error"]).arg(dir.path()).output().unwrap().status.code(), Some(0));
    assert_eq!(dockgen().args(["lint"]).arg(dir.path()).output().unwrap().status.code(), Some(1));

    let out = dockgen().args(["lint", "--sarif"]).arg(dir.path().join("Dockerfile")).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "shell-form-cmd" && r["locations"][0]["physicalLocation"]["region"]["startLine"] == 5));
    let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    for r in results {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
    }
    let out = dockgen().args(["lint", "--json"]).arg(dir.path()).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["findings"].as_array().unwrap().iter().all(|f| f["line"].as_u64().unwrap() >= 1 && f["fix"].is_string()));

    let out = dockgen().args(["lint", "--explain", "copy-before-install"]).output().unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains("Why it matters: speed"));
    let out = dockgen().args(["lint", "--explain", "nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr).unwrap().contains("no such rule; the rules are root-user"));
}

#[test]
fn a_naive_dockerfile_is_told_that_init_fixes_it() {
    let root = common::example("go-stdlib");
    let out = dockgen().arg("lint").arg(root.join("naive.Dockerfile")).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("[toolchain-in-final]") && text.contains("[root-user]"), "{text}");
    assert!(text.contains("shows a Dockerfile that fixes 3 of these"), "{text}");
}

#[test]
fn fix_rewrites_in_place_with_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let df = dir.path().join("Dockerfile");
    let before = "FROM debian:12-slim\nRUN apt-get update && apt-get install -y tini\nUSER 1000:1000\nCMD tini /app\n";
    std::fs::write(&df, before).unwrap();
    std::fs::write(dir.path().join(".dockerignore"), ".git\n.env\n").unwrap();
    let out = dockgen().args(["lint", "--fix"]).arg(dir.path()).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("Fixed 3 findings") && err.contains("Dockerfile.bak"), "{err}");
    assert_eq!(out.status.code(), Some(0), "nothing left: {err}");
    assert_eq!(std::fs::read_to_string(dir.path().join("Dockerfile.bak")).unwrap(), before);
    let after = std::fs::read_to_string(&df).unwrap();
    assert!(after.contains("--no-install-recommends") && after.contains("rm -rf /var/lib/apt/lists/*") && after.contains("CMD [\"tini\",\"/app\"]"), "{after}");
}

#[test]
fn fix_pins_an_untagged_base_by_digest() {
    let bin = tempfile::tempdir().unwrap();
    let digest = format!("sha256:{}", "c".repeat(64));
    let docker = common::fake_docker(bin.path(), &digest);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Dockerfile"), "FROM debian:latest\nRUN apt-get update && apt-get install -y tini\nUSER 1000:1000\nCMD [\"tini\"]\n").unwrap();
    std::fs::write(dir.path().join(".dockerignore"), ".git\n.env\n").unwrap();
    let out = dockgen().args(["lint", "--fix"]).arg(dir.path()).env("DOCKER", &docker).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    let after = std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap();
    assert!(after.contains(&format!("FROM debian:latest@{digest}")), "{after}\n{err}");
    assert!(after.contains("--no-install-recommends") && after.contains("rm -rf /var/lib/apt/lists/*"), "{after}");
    assert!(err.contains("Fixed 3 findings"), "{err}");
    // full-base (debian is not -slim) is a design change: still reported.
    assert!(String::from_utf8(out.stdout).unwrap().contains("[full-base]"));
    // Without a registry or a local image: the base stays, said why.
    std::fs::write(dir.path().join("Dockerfile"), "FROM debian\nUSER 1000:1000\nCMD [\"tini\"]\n").unwrap();
    let out = dockgen().args(["lint", "--fix"]).arg(dir.path()).env("DOCKER", "/bin/false").output().unwrap();
    assert!(String::from_utf8(out.stderr).unwrap().contains("--fix: bases left unpinned: cannot resolve a digest for debian"));
}

#[test]
fn a_missing_dockerfile_is_one_line_naming_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    for cmd in ["lint", "pin"] {
        let out = dockgen().arg(cmd).arg(dir.path()).output().unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(1), "{cmd}");
        assert!(err.starts_with("error: no Dockerfile in ") && err.contains(&format!("dockgen {cmd} path/to/Dockerfile")) && err.lines().count() == 1, "{cmd}: {err}");
    }
}
