//! Python's version from PyPI: requirements.txt pins exact releases and
//! nothing states a Python. `init` asks a PEP 691 index (here a local one
//! that serves canned pages), writes the answer into dockgen.toml, and
//! `check` then agrees with no network at all.

use assert_cmd::Command;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;

/// psycopg-binary 3.2.3 has wheels for CPython 3.8 to 3.13, none for 3.14;
/// Django is pure Python.
const PSYCOPG: &str = r#"{"meta": {"api-version": "1.1"}, "name": "psycopg-binary", "files": [
 {"filename": "psycopg_binary-3.2.3-cp313-cp313-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", "requires-python": ">=3.8", "yanked": false, "hashes": {}},
 {"filename": "psycopg_binary-3.2.3-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", "requires-python": ">=3.8", "yanked": false, "hashes": {}},
 {"filename": "psycopg_binary-3.2.4-cp314-cp314-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", "requires-python": ">=3.8", "yanked": false, "hashes": {}}]}"#;
const DJANGO: &str = r#"{"meta": {"api-version": "1.1"}, "name": "django", "files": [
 {"filename": "Django-5.1.2-py3-none-any.whl", "requires-python": ">=3.10", "yanked": false, "hashes": {}},
 {"filename": "django-5.1.2.tar.gz", "requires-python": ">=3.10", "yanked": false, "hashes": {}}]}"#;

/// psycopg2-binary 2.9.3 (2021): wheels up to CPython 3.10, and an sdist.
const PSYCOPG2: &str = r#"{"meta": {"api-version": "1.1"}, "name": "psycopg2-binary", "files": [
 {"filename": "psycopg2_binary-2.9.3-cp310-cp310-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", "requires-python": ">=3.6", "yanked": false, "hashes": {}},
 {"filename": "psycopg2-binary-2.9.3.tar.gz", "requires-python": ">=3.6", "yanked": false, "hashes": {}}]}"#;

/// A one-thread HTTP server: `/simple/<name>/` answers the page above, or 404.
fn index() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            reader.read_line(&mut line).unwrap_or_default();
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                    break;
                }
            }
            let path = line.split_whitespace().nth(1).unwrap_or("");
            let body = match path {
                "/simple/psycopg-binary/" => Some(PSYCOPG),
                "/simple/django/" => Some(DJANGO),
                "/simple/psycopg2-binary/" => Some(PSYCOPG2),
                _ => None,
            };
            let mut s = stream;
            let _ = match body {
                Some(b) => write!(s, "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.pypi.simple.v1+json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{b}", b.len()),
                None => write!(s, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
            };
        }
    });
    format!("http://{addr}/simple")
}

fn project(dir: &Path) {
    std::fs::write(dir.join("requirements.txt"), "Django==5.1.2\npsycopg-binary==3.2.3\ngunicorn==23.0.0 ; python_version >= '3'\nprivate-thing==1.0\n").unwrap();
    std::fs::write(dir.join("manage.py"), "import os\n").unwrap();
    std::fs::create_dir(dir.join("site")).unwrap();
    std::fs::write(dir.join("site/settings.py"), "").unwrap();
    std::fs::write(dir.join("site/wsgi.py"), "application = None\n").unwrap();
}

fn dockgen(url: &str) -> Command {
    let mut c = Command::cargo_bin("dockgen").unwrap();
    c.env_remove("DOCKGEN_OFFLINE").env("DOCKGEN_PYPI_URL", url);
    c
}

#[test]
fn pypi_chooses_the_python_and_dockgen_toml_remembers_it() {
    let url = index();
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());

    let out = dockgen(&url).args(["init", "--yes"]).arg(dir.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("Detected Python 3.13 (PyPI, asked "), "{stderr}");
    assert!(stderr.contains("psycopg-binary==3.2.3 has none for 3.14"), "{stderr}");
    assert!(stderr.contains("not on PyPI: private-thing==1.0"), "{stderr}");
    let toml = std::fs::read_to_string(dir.path().join("dockgen.toml")).unwrap();
    assert!(toml.contains("lang-version = \"3.13\""), "{toml}");
    assert!(toml.contains("lang-version-from = \"PyPI, asked "), "{toml}");
    let dockerfile = std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap();
    assert!(dockerfile.contains("ARG PYTHON_VERSION=3.13"), "{dockerfile}");

    // No network now: the remembered answer decides, and nothing differs.
    let check = dockgen("http://127.0.0.1:9/simple").env("DOCKGEN_OFFLINE", "1").arg("check").arg(dir.path()).output().unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
}

#[test]
fn a_pin_no_supported_python_has_wheels_of_compiles_with_its_libraries_remembered() {
    let url = index();
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    std::fs::write(dir.path().join("requirements.txt"), "Django==5.1.2\npsycopg2-binary==2.9.3\n").unwrap();
    let out = dockgen(&url).args(["init", "--yes"]).arg(dir.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("psycopg2-binary 2.9.3 has no wheel for Python 3.11, so it compiles from source"), "{stderr}");
    let dockerfile = std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap();
    assert!(dockerfile.contains("libpq-dev") && dockerfile.contains("libpq5"), "{dockerfile}");
    let toml = std::fs::read_to_string(dir.path().join("dockgen.toml")).unwrap();
    assert!(toml.contains("compiled = [\"psycopg2-binary 2.9.3\"]"), "{toml}");
    // Offline, from dockgen.toml alone: the same files.
    let check = dockgen("http://127.0.0.1:9/simple").env("DOCKGEN_OFFLINE", "1").arg("check").arg(dir.path()).output().unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
}

#[test]
fn offline_is_a_conservative_choice_that_says_so() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    // Nothing listens on port 9: PyPI does not answer.
    let out = dockgen("http://127.0.0.1:9/simple").args(["detect", "--json"]).arg(dir.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("warning: PyPI did not answer about requirements.txt's pins"), "{stderr}");
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let source = plan["version"]["source"].as_str().unwrap();
    assert!(source.contains("the oldest supported") && source.contains("PyPI did not answer"), "{source}");

    // --offline: not asked, no warning.
    let out = dockgen("http://127.0.0.1:9/simple").args(["detect", "--json", "--offline"]).arg(dir.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("PyPI"), "{stderr}");
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(plan["version"]["source"].as_str().unwrap().contains("checked offline"), "{plan}");
}
