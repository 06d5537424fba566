//! Broken manifests, as users meet them through the binary: one `error:`
//! line that names the file (and the line/column when the parser gives one)
//! and says what to do; exit status 1; no panic, no backtrace, no chain.

use assert_cmd::Command;
use std::fs;
use std::path::Path;

fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, body) in files {
        let p = dir.path().join(name);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, body).unwrap();
    }
    dir
}

/// Runs `dockgen init --yes --stdout` and returns its single error line, or
/// why the run is not one clean error.
fn try_one_error(dir: &Path) -> Result<String, String> {
    let out = Command::cargo_bin("dockgen").unwrap().args(["init", "--yes", "--stdout"]).arg(dir).env("RUST_BACKTRACE", "1").output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    if out.status.code() != Some(1) || !out.stdout.is_empty() {
        return Err(format!("exit {:?}, {} bytes on stdout: {stderr}", out.status.code(), out.stdout.len()));
    }
    if stderr.contains("panicked") || stderr.contains("backtrace") {
        return Err(format!("panic: {stderr}"));
    }
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.starts_with("warning:")).collect();
    match lines[..] {
        [line] if line.starts_with("error: ") => Ok(line.to_string()),
        _ => Err(format!("want one error line, got:\n{stderr}")),
    }
}

fn one_error(dir: &Path) -> String {
    try_one_error(dir).unwrap_or_else(|e| panic!("{e}"))
}

const FLASK: (&str, &str) = ("app.py", "from flask import Flask\napp = Flask(__name__)\n");

#[test]
fn each_broken_manifest_gets_one_line_naming_the_file() {
    // (files, what the line must contain)
    type Case<'a> = (Vec<(&'a str, &'a str)>, Vec<&'a str>);
    let cases: Vec<Case> = vec![
        (vec![("package.json", "{\"name\": \"x\",\n  \"scripts\": {\"start\": \"node a.js\",}\n")], vec!["package.json", "line 2"]),
        (vec![("package.json", "")], vec!["package.json", "empty"]),
        (vec![("package.json", "{\"name\":\"x\",\"scripts\":5}")], vec!["package.json", "scripts"]),
        (vec![("package.json", "{\"name\":\"x\",\"dependencies\":[\"express\"]}")], vec!["package.json", "dependencies"]),
        (vec![("package.json", "[1,2]")], vec!["package.json"]),
        (vec![("package.json", "{\"name\":\"x\",\"engines\":{\"node\":5}}")], vec!["package.json", "engines"]),
        (vec![("package.json", "{\"name\":\"x\",\"packageManager\":\"pnpm@9\"}"), ("package-lock.json", "{}")], vec!["packageManager"]),
        (vec![("tsconfig.json", "{ \"compilerOptions\": { \"outDir\": } }"), ("package.json", "{\"name\":\"x\",\"scripts\":{\"build\":\"tsc\"},\"devDependencies\":{\"typescript\":\"5\"}}")], vec!["tsconfig.json"]),
        (vec![("angular.json", "{ \"projects\": { \n ,}"), ("package.json", "{\"name\":\"x\",\"scripts\":{\"build\":\"ng build\"},\"dependencies\":{\"@angular/core\":\"17\"}}")], vec!["angular.json", "line 2"]),
        (vec![("pyproject.toml", "[project\nname = 'x'\n"), FLASK], vec!["pyproject.toml", "line 1"]),
        (vec![("pyproject.toml", ""), FLASK], vec!["pyproject.toml"]),
        (vec![("pyproject.toml", "[project]\nname = 5\ndependencies = \"flask\"\n[build-system]\nrequires=[]\n"), FLASK], vec!["pyproject.toml"]),
        (vec![("Pipfile", "[packages\nflask = '*'\n"), FLASK], vec!["Pipfile", "line"]),
        (vec![("pom.xml", "<project><artifactId>x</artifactId>\n<version>1</version>\n</projec>")], vec!["pom.xml", "line 3"]),
        (vec![("pom.xml", "")], vec!["pom.xml"]),
        (vec![("pom.xml", "<settings/>")], vec!["pom.xml", "not a Maven POM"]),
        (vec![("build.gradle", "plugins { id 'application' }\n"), ("settings.gradle", "rootProject.name = 'x'\n"), ("gradle/libs.versions.toml", "[versions\n")], vec![]),
        (vec![("pom.xml", "<project><parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.3.5</version></parent><artifactId>d</artifactId><version>1</version><build><plugins><plugin><artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build></project>"), ("src/main/resources/application.yml", "server:\n  port: [\n")], vec!["application.yml", "line"]),
        (vec![("go.mod", "")], vec!["go.mod"]),
        (vec![("go.mod", "module\n\ngo 1.22\n"), ("main.go", "package main\nfunc main(){}\n")], vec!["go.mod"]),
        (vec![("go.mod", "module x\n\ngo banana\n"), ("main.go", "package main\nfunc main(){}\n")], vec!["go.mod"]),
        (vec![(".python-version", "three\n"), ("requirements.txt", "flask\n"), FLASK], vec![".python-version"]),
        (vec![(".nvmrc", "banana\n"), ("package.json", "{\"name\":\"x\",\"main\":\"a.js\"}"), ("a.js", "require('http').createServer().listen(1)\n")], vec![".nvmrc"]),
    ];
    // Every case runs; the failure lists all that are wrong at once.
    let advice = ["fix", "add", "set", "pass", "use", "save", "remove", "rename", "choose", "write", "check", "run", "put", "replace"];
    let mut wrong = Vec::new();
    for (files, wants) in cases {
        let dir = project(&files);
        match try_one_error(dir.path()) {
            Err(e) => wrong.push(format!("{files:?}: {e}")),
            Ok(line) => {
                for w in &wants {
                    if !line.contains(w) {
                        wrong.push(format!("{files:?}: {line:?} lacks {w:?}"));
                    }
                }
                // Each says what to do next, not only what is wrong.
                if !advice.iter().any(|a| line.to_lowercase().contains(a)) {
                    wrong.push(format!("no next step in {line:?}"));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{} cases wrong:\n{}", wrong.len(), wrong.join("\n"));
}

#[test]
fn non_regular_files_and_folders_named_like_manifests_are_refused() {
    // A folder where package.json should be.
    let dir = project(&[("package.json/x", "")]);
    let line = one_error(dir.path());
    assert!(line.contains("no supported project") || line.contains("package.json"), "{line}");

    // A FIFO would block a naive reader forever.
    #[cfg(unix)]
    {
        let dir = project(&[("requirements.txt", "flask\n"), FLASK]);
        let fifo = dir.path().join("pyproject.toml");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        let line = one_error(dir.path());
        assert!(line.contains("pyproject.toml") && line.contains("not a regular file"), "{line}");
    }
}

/// The binary as a user whom file permissions bind: itself, or `nobody`
/// through setpriv when the tests run as root (as CI does).
#[cfg(unix)]
fn unprivileged() -> std::process::Command {
    let uid = String::from_utf8(std::process::Command::new("id").arg("-u").output().unwrap().stdout).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("dockgen");
    if uid.trim() == "0" {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"]).arg(bin);
        c
    } else {
        std::process::Command::new(bin)
    }
}

#[cfg(unix)]
#[test]
fn an_unreadable_manifest_gets_one_line_naming_it() {
    use std::os::unix::fs::PermissionsExt;
    let dir = project(&[("package.json", "{}"), ("server.js", "")]);
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    fs::set_permissions(dir.path().join("package.json"), fs::Permissions::from_mode(0o000)).unwrap();
    let out = unprivileged().args(["init", "--yes", "--stdout"]).arg(dir.path()).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("error: cannot open package.json; check its permissions"), "{stderr}");
}

/// The real binary, writing into a folder it may not write to: one line,
/// exit 1, and every file as it was.
#[cfg(unix)]
#[test]
fn a_read_only_folder_gets_one_line_and_keeps_its_files() {
    use std::os::unix::fs::PermissionsExt;
    let dir = project(&[("go.mod", "module example.com/x\n\ngo 1.22\n"), ("main.go", "package main\n\nfunc main() {}\n"), ("Dockerfile", "FROM mine\n")]);
    let root = dir.path();
    for f in ["go.mod", "main.go", "Dockerfile"] {
        fs::set_permissions(root.join(f), fs::Permissions::from_mode(0o644)).unwrap();
    }
    fs::set_permissions(root, fs::Permissions::from_mode(0o555)).unwrap();
    let out = unprivileged().args(["init", "--yes", "--force"]).arg(root).output().unwrap();
    fs::set_permissions(root, fs::Permissions::from_mode(0o755)).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| !l.starts_with("warning:")).collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(errors[0].starts_with("error: ") && errors[0].contains("writable"), "{stderr}");
    assert_eq!(fs::read_to_string(root.join("Dockerfile")).unwrap(), "FROM mine\n");
    let mut names: Vec<String> = fs::read_dir(root).unwrap().flatten().map(|e| e.file_name().into_string().unwrap()).collect();
    names.sort();
    assert_eq!(names, ["Dockerfile", "go.mod", "main.go"]);
}

#[test]
fn source_files_without_a_manifest_say_what_to_add() {
    // A Flask app whose packages only its own Dockerfile's pip line names.
    let dir = project(&[("app.py", "from flask import Flask\napp = Flask(__name__)\n"), ("templates/index.html", "")]);
    let line = one_error(dir.path());
    assert!(line.contains("this looks like Python (app.py)") && line.contains("requirements.txt, pyproject.toml or Pipfile"), "{line}");
    let dir = project(&[("main.rs", "fn main() {}\n")]);
    assert!(one_error(dir.path()).contains("this looks like Rust (main.rs)"));
    // Nothing of any language: the listing, as before.
    let dir = project(&[("notes.txt", "")]);
    assert!(one_error(dir.path()).contains("no supported project found"));
}
