use super::*;
use crate::plan::{resolve};
use crate::model::{Choices, Plan};

use crate::detect::test_project as project;

fn plan_with(files: &[(&str, &str)], choices: Choices) -> Result<Plan> {
    let dir = project(files);
    resolve(&DirIndex::scan(dir.path()).unwrap(), &choices)
}

const STD_MAIN: &str = "use std::net::TcpListener;\nfn main() { let l = TcpListener::bind(\"0.0.0.0:7878\").unwrap(); }\n";

#[test]
fn one_package_one_binary() {
    let plan = plan_with(&[("Cargo.toml", "[package]\nname = \"hello-srv\"\nversion = \"0.1.0\"\nrust-version = \"1.85.0\"\n"), ("Cargo.lock", "version = 4\n"), ("src/main.rs", STD_MAIN)], Choices::default()).unwrap();
    assert_eq!(plan.start, ["/usr/local/bin/hello-srv"]);
    assert_eq!(plan.version.value, "1.98", "rust-version is a minimum: the newest release the catalog holds builds");
    assert_eq!(plan.port.value, 7878);
    assert_eq!(plan.framework.as_deref(), Some("std"));
    let deps = plan.deps.as_ref().unwrap();
    assert_eq!(deps.binds, ["Cargo.toml", "Cargo.lock"]);
    assert!(deps.command.ends_with("cargo fetch --locked"), "{}", deps.command);
    assert_eq!(plan.images.builder, "rust:1.98-slim-trixie");
    let dir = project(&[("Cargo.toml", "[package]\nname = \"a\"\nrust-version = \"1.85\"\n"), ("src/main.rs", "")]);
    let err = resolve(&DirIndex::scan(dir.path()).unwrap(), &Choices { lang_version: Some("1.84".into()), ..Default::default() }).unwrap_err().to_string();
    assert!(err.contains("older than Cargo.toml (rust-version 1.85) allows"), "{err}");
    assert!(!plan.musl);
    let scratch = plan_with(&[("Cargo.toml", "[package]\nname = \"a\"\n"), ("src/main.rs", STD_MAIN)], Choices { runtime: Some(RuntimeKind::Scratch), ..Default::default() }).unwrap();
    assert!(scratch.musl && scratch.images.builder.starts_with("rust:") && scratch.images.builder.ends_with("-alpine"));
    assert!(scratch.warnings.iter().any(|w| w.contains("no Cargo.lock")));
}

#[test]
fn a_workspace_asks_which_binary_unless_one_serves() {
    let files = [
        ("Cargo.toml", "[workspace]\nmembers = [\"crates/*\"]\n"),
        ("crates/api/Cargo.toml", "[package]\nname = \"api\"\n[dependencies]\naxum = \"0.8\"\n"),
        ("crates/api/src/main.rs", "let addr = SocketAddr::from(([0, 0, 0, 0], 3000));"),
        ("crates/tool/Cargo.toml", "[package]\nname = \"tool\"\n"),
        ("crates/tool/src/main.rs", "fn main() {}"),
    ];
    let plan = plan_with(&files, Choices::default()).unwrap();
    assert_eq!(plan.start, ["/usr/local/bin/api"]);
    assert_eq!(plan.port.value, 3000);
    assert!(plan.warnings.iter().any(|w| w.contains("only one whose package uses a web framework")));
    assert_eq!(plan.deps.as_ref().unwrap().binds, ["Cargo.toml", "crates/api/Cargo.toml", "crates/tool/Cargo.toml"]);
    assert!(plan.deps.as_ref().unwrap().command.starts_with("mkdir -p crates/api/src crates/tool/src"));
    let tool = plan_with(&files, Choices { main: Some("tool".into()), ..Default::default() }).unwrap();
    assert_eq!(tool.start, ["/usr/local/bin/tool"]);
    let err = plan_with(&files, Choices { main: Some("nope".into()), ..Default::default() }).unwrap_err().to_string();
    assert!(err.contains("the binaries are api, tool"), "{err}");
    let two = plan_with(&[("Cargo.toml", "[package]\nname = \"a\"\n"), ("src/bin/one.rs", ""), ("src/bin/two.rs", "")], Choices::default()).unwrap();
    assert_eq!(two.unresolved[0].hint, "--main <one|two>");
}

#[test]
fn hostile_names_and_versions_are_refused() {
    let err = plan_with(&[("Cargo.toml", "[package]\nname = \"a\"\n[[bin]]\nname = \"x\\nRUN evil\"\npath = \"src/main.rs\"\n"), ("src/main.rs", "")], Choices::default()).unwrap_err().to_string();
    assert!(err.contains("binary name") && !err.contains('\n'), "{err}");
    let err = plan_with(&[("Cargo.toml", "[package]\nname = \"a\"\nrust-version = \"latest; rm\"\n"), ("src/main.rs", "")], Choices::default()).unwrap_err().to_string();
    assert!(err.contains("rust-version"), "{err}");
    let err = plan_with(&[("Cargo.toml", "[package\nname = \"a\"\n")], Choices::default()).unwrap_err().to_string();
    assert!(err.starts_with("Cargo.toml is not valid TOML at line 1"), "{err}");
    assert_eq!(cargo::minor("1.85.0").as_deref(), Some("1.85"));
    assert_eq!(cargo::minor("stable"), None);
    assert_eq!(cargo::minor("1.100"), Some("1.100".into()));
}

#[test]
fn toolchain_files_and_native_crates() {
    let plan = plan_with(&[
        ("Cargo.toml", "[package]\nname = \"a\"\n[dependencies]\nrocket = \"0.5\"\n"),
        ("rust-toolchain.toml", "[toolchain]\nchannel = \"1.88.0\"\n"),
        ("Cargo.lock", "version = 4\n[[package]]\nname = \"openssl-sys\"\nversion = \"0.9.0\"\n"),
        ("src/main.rs", "#[launch] fn rocket() -> _ { rocket::build() }"),
    ], Choices { runtime: Some(RuntimeKind::Slim), ..Default::default() }).unwrap();
    assert_eq!(plan.version.value, "1.88");
    assert_eq!(plan.port.value, 8000);
    let r = &plan.section["rust"];
    assert_eq!(r["rocket"], true);
    assert_eq!(r["runtime_packages"], serde_json::json!(["libssl3t64"]));
    assert_eq!(r["build_packages"], serde_json::json!(["pkg-config", "libssl-dev"]));
    let err = plan_with(&[("Cargo.toml", "[package]\nname = \"a\"\n[dependencies]\npq-sys = \"0.6\"\n"), ("src/main.rs", "")], Choices::default()).unwrap_err().to_string();
    assert!(err.contains("choose --runtime slim"), "{err}");
}

#[test]
fn libpq_only_in_the_lock_warns_and_sqlx_metadata_goes_offline() {
    // diesel's postgres feature is optional: Cargo.lock lists pq-sys all the same.
    let lock = "version = 4\n[[package]]\nname = \"pq-sys\"\nversion = \"0.7.0\"\n[[package]]\nname = \"diesel\"\nversion = \"2.3.0\"\n";
    let files = [("Cargo.toml", "[package]\nname = \"a\"\n[dependencies]\ndiesel = \"2\"\n"), ("Cargo.lock", lock), ("src/main.rs", "")];
    let plan = plan_with(&files, Choices::default()).unwrap();
    assert!(plan.warnings.iter().any(|w| w.contains("maybe only as an optional dependency")), "{:?}", plan.warnings);
    let slim = plan_with(&files, Choices { runtime: Some(RuntimeKind::Slim), ..Default::default() }).unwrap();
    assert!(!slim.warnings.iter().any(|w| w.contains("optional dependency")) && slim.section["rust"]["runtime_packages"][0] == "libpq5");
    let sqlx = [("Cargo.toml", "[package]\nname = \"a\"\n[dependencies]\nsqlx = \"0.8\"\n"), ("src/main.rs", ""), (".sqlx/query-1.json", "{}")];
    assert_eq!(plan_with(&sqlx, Choices::default()).unwrap().section["rust"]["sqlx_offline"], true);
    assert_eq!(plan_with(&sqlx[..2], Choices::default()).unwrap().section["rust"]["sqlx_offline"], false);
}

#[test]
fn linkers_from_cargo_config_and_runtime_folders_are_carried() {
    let files = [
        ("Cargo.toml", "[package]\nname = \"a\"\n"),
        ("src/main.rs", ""),
        (".cargo/config.toml", "[target.x86_64-unknown-linux-gnu]\nrustflags = [\"-C\", \"linker=clang\", \"-C\", \"link-arg=-fuse-ld=lld\"]\n"),
        ("configuration/base.yaml", "port: 8000\n"),
        ("templates/index.html", ""),
    ];
    let plan = plan_with(&files, Choices::default()).unwrap();
    let r = &plan.section["rust"];
    assert_eq!(r["build_packages"], serde_json::json!(["clang", "lld"]));
    assert_eq!(r["assets"], serde_json::json!(["configuration", "templates"]));
    assert!(plan.deps.as_ref().unwrap().binds.contains(&".cargo/config.toml".to_string()));
    // The static build targets musl: the gnu-only linker settings do not apply.
    let scratch = plan_with(&files, Choices { runtime: Some(RuntimeKind::Scratch), ..Default::default() }).unwrap();
    assert_eq!(scratch.section["rust"]["build_packages"], serde_json::json!([]));
}

#[test]
fn rust_version_must_be_met_by_the_release_that_builds() {
    let err = plan_with(&[("Cargo.toml", "[package]\nname = \"a\"\nrust-version = \"1.200\"\n"), ("src/main.rs", "")], Choices::default()).unwrap_err().to_string();
    assert!(err.contains("asks for Rust 1.200 or newer, newer than 1.98 (the newest Rust release the image catalog holds"), "{err}");
    let files = [("Cargo.toml", "[package]\nname = \"a\"\nrust-version = \"1.85\"\n"), ("src/main.rs", ""), ("rust-toolchain.toml", "[toolchain]\nchannel = \"1.80.0\"\n")];
    let err = plan_with(&files, Choices::default()).unwrap_err().to_string();
    assert!(err.contains("newer than 1.80 (rust-toolchain.toml (channel 1.80.0))"), "{err}");
    assert!(plan_with(&files, Choices { lang_version: Some("1.90".into()), ..Default::default() }).is_ok());
}
