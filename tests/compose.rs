//! compose.yaml: one snapshot per variant (no database, postgres, mysql,
//! redis), and properties checked on the parsed YAML for every example ×
//! variant: the app hardened and published on 127.0.0.1 only, the database
//! on an internal network with a volume and a health check, the app waiting
//! for it to be healthy, and no password anywhere but a secret file.

mod common;
use common::examples;

use dockgen::compose::Db;
use dockgen::plan::Choices;
use std::path::Path;
use yaml_rust2::{Yaml, YamlLoader};


const VARIANTS: [(&str, Option<Db>); 4] = [("plain", None), ("postgres", Some(Db::Postgres)), ("mysql", Some(Db::Mysql)), ("redis", Some(Db::Redis))];

fn files_for(dir: &Path, db: Option<Db>) -> Vec<dockgen::render::OutputFile> {
    let choices = Choices { compose: Some(true), db, ..Default::default() };
    dockgen::generate(dir, &choices, dockgen::Extras::ALL).unwrap_or_else(|e| panic!("{}: {e:#}", dir.display())).1
}

fn file<'a>(files: &'a [dockgen::render::OutputFile], name: &str) -> &'a str {
    &files.iter().find(|f| f.name == name).unwrap_or_else(|| panic!("no {name}")).contents
}

fn strs(y: &Yaml) -> Vec<String> {
    y.as_vec().map(|v| v.iter().filter_map(|s| s.as_str().map(str::to_string)).collect()).unwrap_or_default()
}

#[test]
fn every_variant_has_a_snapshot() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/python-flask");
    for (name, db) in VARIANTS {
        let files = files_for(&dir, db);
        insta::assert_snapshot!(format!("compose__{name}"), file(&files, "compose.yaml"));
    }
    // Without --compose there is no compose.yaml.
    let (_, files) = dockgen::generate(&dir, &Choices::default(), dockgen::Extras::ALL).unwrap();
    assert!(files.iter().all(|f| f.name != "compose.yaml"));
}

#[test]
fn every_example_and_variant_keeps_the_compose_properties() {
    let mut checked = 0;
    for root in examples() {
        let at = root.file_name().unwrap().to_string_lossy().to_string();
        let app_dir = common::e2e_app(&root);
        let dir = app_dir.as_ref().map(|a| root.join(a)).unwrap_or_else(|| root.clone());
        for (variant, db) in VARIANTS {
            let at = format!("{at}/{variant}");
            let files = files_for(&dir, db);
            let text = file(&files, "compose.yaml");
            let doc = &YamlLoader::load_from_str(text).unwrap_or_else(|e| panic!("{at}: not YAML: {e}"))[0];
            let services = &doc["services"];
            // A workspace member's service is named after it and built from the root.
            let name = if app_dir.is_some() { services.as_hash().unwrap().keys().next().unwrap().as_str().unwrap() } else { "app" };
            let app = &services[name];
            match &app_dir {
                None => assert_eq!(app["build"].as_str(), Some("."), "{at}"),
                Some(a) => {
                    assert_eq!(app["build"]["context"].as_str(), Some("."), "{at}");
                    assert_eq!(app["build"]["dockerfile"].as_str(), Some(format!("{a}/Dockerfile").as_str()), "{at}");
                }
            }
            assert_eq!(app["read_only"].as_bool(), Some(true), "{at}");
            assert_eq!(strs(&app["cap_drop"]), ["ALL"], "{at}");
            assert_eq!(strs(&app["security_opt"]), ["no-new-privileges:true"], "{at}");
            assert_eq!(strs(&app["tmpfs"]), ["/tmp"], "{at}");
            let ports = strs(&app["ports"]);
            assert!(!ports.is_empty() && ports.iter().all(|p| p.starts_with("127.0.0.1:")), "{at}: {ports:?}");
            let networks = doc["networks"].as_hash().unwrap_or_else(|| panic!("{at}: no networks"));
            assert!(!networks.is_empty(), "{at}: no user-defined network");

            // No password in the file: only *_FILE variables name one.
            for (_, svc) in services.as_hash().unwrap() {
                if let Some(env) = svc["environment"].as_hash() {
                    for (k, v) in env {
                        let k = k.as_str().unwrap();
                        if k.contains("PASSWORD") && !k.ends_with("_FILE") {
                            assert_eq!(k, "MYSQL_RANDOM_ROOT_PASSWORD", "{at}: {k} set inline");
                        }
                        let v = v.as_str().unwrap_or_default();
                        assert!(!v.contains(":@") && !v.contains("://app:"), "{at}: {k} carries a password");
                    }
                }
            }

            // With or without --db: a secrets/ folder from an earlier --db
            // run must never reach the build context.
            let dockerignore = file(&files, if app_dir.is_some() { "Dockerfile.dockerignore" } else { ".dockerignore" });
            assert!(dockerignore.lines().any(|l| l == "secrets/"), "{at}");
            match db {
                None => {
                    assert_eq!(services.as_hash().unwrap().len(), 1, "{at}");
                }
                Some(db) => {
                    let name = db.service();
                    let svc = &services[name];
                    assert!(svc["image"].as_str().is_some_and(|i| i.contains(':') && !i.ends_with(":latest")), "{at}: image");
                    assert_eq!(strs(&svc["networks"]), ["backend"], "{at}: the database is on the private network only");
                    assert_eq!(doc["networks"]["backend"]["internal"].as_bool(), Some(true), "{at}");
                    assert!(strs(&app["networks"]).contains(&"backend".to_string()), "{at}");
                    assert!(svc["ports"].is_badvalue(), "{at}: the database must not publish a port");
                    let vols = strs(&svc["volumes"]);
                    assert!(vols.len() == 1 && vols[0].starts_with(&format!("{name}-data:")), "{at}: {vols:?}");
                    assert!(!doc["volumes"][format!("{name}-data").as_str()].is_badvalue(), "{at}: volume not declared");
                    assert!(!strs(&svc["healthcheck"]["test"]).is_empty(), "{at}: no health check");
                    assert_eq!(app["depends_on"][name]["condition"].as_str(), Some("service_healthy"), "{at}");
                    let secret = format!("{name}_password");
                    assert_eq!(strs(&svc["secrets"]), std::slice::from_ref(&secret), "{at}");
                    assert_eq!(strs(&app["secrets"]), std::slice::from_ref(&secret), "{at}");
                    assert_eq!(doc["secrets"][secret.as_str()]["file"].as_str(), Some(format!("./secrets/{secret}.txt").as_str()), "{at}");
                    // The app finds it by service name.
                    let env = app["environment"].as_hash().unwrap();
                    let url = env.iter().find(|(k, _)| k.as_str().unwrap().ends_with("_URL")).unwrap().1.as_str().unwrap();
                    assert!(url.contains(&format!("@{name}:")) || url.contains(&format!("//{name}:")), "{at}: {url}");
                    assert!(dockerignore.lines().any(|l| l == "secrets/"), "{at}: secrets/ is sent to the builder");
                }
            }
            checked += 1;
        }
    }
    assert!(checked >= 100, "{checked}");
}

#[test]
fn init_writes_the_secret_once_and_refuses_to_shadow_another_compose_file() {
    use assert_cmd::Command;
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/python-flask");
    for f in ["app.py", "requirements.txt", ".python-version"] {
        std::fs::copy(src.join(f), dir.path().join(f)).unwrap();
    }
    let out = Command::cargo_bin("dockgen").unwrap().args(["init", "--yes", "--db", "postgres"]).arg(dir.path()).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("compose.yaml") && stderr.contains("secrets/db_password.txt"), "{stderr}");
    let password = std::fs::read_to_string(dir.path().join("secrets/db_password.txt")).unwrap();
    assert!(password.len() >= 32);
    let compose = std::fs::read_to_string(dir.path().join("compose.yaml")).unwrap();
    assert!(!compose.contains(&password), "the password is in compose.yaml");

    // Again with --force: files are replaced (with backups), the password kept.
    let out = Command::cargo_bin("dockgen").unwrap().args(["init", "--yes", "--force", "--db", "postgres"]).arg(dir.path()).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("Kept"), "{stderr}");
    assert_eq!(std::fs::read_to_string(dir.path().join("secrets/db_password.txt")).unwrap(), password);

    // A docker-compose.yml of the user's own: refused, nothing written.
    let other = tempfile::tempdir().unwrap();
    for f in ["app.py", "requirements.txt"] {
        std::fs::copy(src.join(f), other.path().join(f)).unwrap();
    }
    std::fs::write(other.path().join("docker-compose.yml"), "services: {}\n").unwrap();
    let out = Command::cargo_bin("dockgen").unwrap().args(["init", "--yes", "--compose"]).arg(other.path()).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.starts_with("error: docker-compose.yml already exists"), "{stderr}");
    assert!(!other.path().join("compose.yaml").exists() && !other.path().join("Dockerfile").exists());
}
