//! Every base image dockgen writes was really published.
//!
//! The stand-in registry used by the e2e builds answers to any tag, so a build there cannot tell
//! `node:18-trixie-slim` (never published) from `node:22-trixie-slim`. This test can: it runs the
//! built binary (`dockgen init --yes --stdout --runtime R DIR`) over a matrix of small, realistic
//! projects (every supported language, each version line from the oldest still pullable to the
//! newest, each stated the ecosystem's usual way, on every runtime) and checks each `FROM` of every
//! Dockerfile written against an independent record of published tags.
//!
//! That record is `../shared/image-catalog/catalog.json` beside the crate (see its README.md): every
//! tag docker-library/official-images ever listed (`library`), and every `gcr.io/distroless/...`
//! name the distroless README ever listed (`distroless`; any tag of a listed name counts). The check
//! below is `tagcheck.py`'s from that folder, in Rust; images outside the catalog
//! (mcr.microsoft.com, oven/bun) are "unchecked". Without the catalog (a user's clone) the test
//! says so and passes; `DOCKGEN_IMAGE_CATALOG=PATH` points at the file from elsewhere.
//!
//! Per case dockgen either writes a Dockerfile (`init`) or refuses with one line on stderr (a
//! refusal, or an `unresolved` setting naming its flag). Asserted over the whole matrix: no unknown
//! base, every refusal exactly one non-empty line, no panic. `DOCKGEN_SHOW_REFUSALS=1` prints each
//! refusal's line too.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

const RUNTIMES: [&str; 4] = ["distroless", "slim", "alpine", "scratch"];

// ---------------------------------------------------------------- the catalog and the check

/// What `catalog.json` says was published.
struct Catalog {
    library: HashMap<String, HashSet<String>>,
    distroless: HashSet<String>,
}

impl Catalog {
    fn load(path: &Path) -> Catalog {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let json: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let strings = |v: &serde_json::Value| -> HashSet<String> { v.as_array().expect("an array of tags").iter().filter_map(|t| t.as_str().map(str::to_string)).collect() };
        let library = json["library"].as_object().expect("catalog.json: library").iter().map(|(name, tags)| (name.clone(), strings(tags))).collect();
        Catalog { library, distroless: strings(&json["distroless"]) }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Verdict {
    Ok,
    Unknown,
    Unchecked,
}

/// One image reference with the Dockerfile's ARG defaults substituted, and its verdict: tagcheck.py's `check`.
fn check_ref(reference: &str, catalog: &Catalog, args: &[(String, String)]) -> (Verdict, String) {
    let mut resolved = reference.split('@').next().unwrap_or_default().to_string();
    for (name, value) in args {
        resolved = resolved.replace(&format!("${{{name}}}"), value).replace(&format!("${name}"), value);
    }
    let verdict = if resolved.contains('$') { Verdict::Unchecked } else { verdict_of(&resolved, catalog) };
    (verdict, resolved)
}

/// A resolved `image[:tag]`: in the catalog, not in it, or outside what it covers.
fn verdict_of(resolved: &str, catalog: &Catalog) -> Verdict {
    let last_segment = resolved.rsplit('/').next().unwrap_or_default();
    let (image, tag) = if last_segment.contains(':') { resolved.rsplit_once(':').expect("a colon") } else { (resolved, "latest") };
    if image.starts_with("gcr.io/distroless/") {
        return if catalog.distroless.contains(image) { Verdict::Ok } else { Verdict::Unknown };
    }
    let image = image.strip_prefix("docker.io/").unwrap_or(image);
    let image = image.strip_prefix("library/").unwrap_or(image);
    if image.contains('/') || image.contains('.') {
        return Verdict::Unchecked;
    }
    match catalog.library.get(image) {
        None => Verdict::Unchecked,
        Some(tags) if tags.contains(tag) => Verdict::Ok,
        Some(_) => Verdict::Unknown,
    }
}

/// Every base of a Dockerfile that is not `scratch` or an earlier stage, resolved, with its verdict.
fn check_dockerfile(dockerfile: &str, catalog: &Catalog) -> Vec<(Verdict, String)> {
    let arg_line = regex::Regex::new(r"^ARG\s+(\w+)=(\S+)").unwrap();
    let from_line = regex::Regex::new(r"(?i)^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?").unwrap();
    let mut args: Vec<(String, String)> = Vec::new();
    let mut stages: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    for line in dockerfile.lines().map(str::trim) {
        if let Some(m) = arg_line.captures(line)
            && !args.iter().any(|(name, _)| name == &m[1])
        {
            args.push((m[1].to_string(), m[2].trim_matches('"').to_string()));
        }
        let Some(m) = from_line.captures(line) else { continue };
        let reference = m[1].to_string();
        if let Some(stage) = m.get(2) {
            stages.insert(stage.as_str().to_lowercase());
        }
        if reference == "scratch" || stages.contains(&reference.to_lowercase()) {
            continue;
        }
        out.push(check_ref(&reference, catalog, &args));
    }
    out
}

// ---------------------------------------------------------------- the projects

/// A project folder: its language (the summary's row), a label, its files, and flags beyond
/// `init --yes --stdout --runtime R` (`--lang-version`: the other way a user states a version).
struct Project {
    lang: &'static str,
    label: String,
    files: Vec<(String, String)>,
    flags: Vec<String>,
}

fn project(lang: &'static str, label: impl Into<String>, files: &[(&str, &str)]) -> Project {
    Project { lang, label: label.into(), files: files.iter().map(|(p, c)| (p.to_string(), c.to_string())).collect(), flags: Vec::new() }
}

impl Project {
    /// The same project with `--lang-version VERSION`, the label saying so.
    fn lang_version(mut self, version: &str) -> Project {
        self.label = format!("{} + --lang-version {version}", self.label);
        self.flags = vec!["--lang-version".into(), version.into()];
        self
    }
}

const NODE_SERVER: &str = "const http = require(\"http\");\nhttp.createServer((req, res) => res.end(\"hello\\n\")).listen(process.env.PORT || 3000);\n";

fn node_lockfile(name: &str) -> String {
    format!(r#"{{"name": "{name}", "version": "1.0.0", "lockfileVersion": 3, "requires": true, "packages": {{"": {{"name": "{name}", "version": "1.0.0"}}}}}}"#)
}

/// Node 14..26, every major (odd ones too): engines.node with a lockfile and a start script;
/// .nvmrc with `main` and no lockfile; a Vite SPA (nginx) stating engines; and one Bun app.
fn node_projects() -> Vec<Project> {
    let mut out = Vec::new();
    for major in 14..=26 {
        let engines = format!(r#"{{"name": "api", "version": "1.0.0", "private": true, "scripts": {{"start": "node server.js"}}, "engines": {{"node": "{major}.x"}}}}"#);
        out.push(project("node", format!("engines.node {major}.x"), &[("package.json", &engines), ("package-lock.json", &node_lockfile("api")), ("server.js", NODE_SERVER)]));
        let main = r#"{"name": "api", "version": "1.0.0", "private": true, "main": "server.js"}"#;
        out.push(project("node", format!(".nvmrc {major}"), &[("package.json", main), (".nvmrc", &format!("{major}\n")), ("server.js", NODE_SERVER)]));
        let spa = format!(
            r#"{{"name": "spa", "version": "1.0.0", "private": true, "type": "module", "scripts": {{"dev": "vite", "build": "vite build"}}, "devDependencies": {{"vite": "5.4.11"}}, "engines": {{"node": ">={major}"}}}}"#
        );
        let html = "<!doctype html>\n<html><head><title>spa</title></head><body><div id=\"app\"></div><script type=\"module\" src=\"/src/main.js\"></script></body></html>\n";
        out.push(project(
            "node",
            format!("vite spa, engines.node >={major}"),
            &[("package.json", &spa), ("package-lock.json", &node_lockfile("spa")), ("index.html", html), ("src/main.js", "document.querySelector('#app').textContent = 'hello';\n")],
        ));
    }
    let bun = r#"{"name": "bun-api", "private": true, "type": "module", "scripts": {"start": "bun run src/index.ts"}}"#;
    let bun_lock = "{\n  \"lockfileVersion\": 1,\n  \"workspaces\": {\n    \"\": {\n      \"name\": \"bun-api\",\n    },\n  },\n  \"packages\": {},\n}\n";
    let bun_server = "Bun.serve({ port: Number(process.env.PORT) || 3000, fetch: () => new Response(\"hello\\n\") });\n";
    let plain = r#"{"name": "api", "version": "1.0.0", "private": true, "main": "server.js"}"#;
    out.push(project("node", "no version stated", &[("package.json", plain), ("server.js", NODE_SERVER)]).lang_version("16"));
    out.push(project("node", "bun app (bun.lock)", &[("package.json", bun), ("bun.lock", bun_lock), ("src/index.ts", bun_server)]));
    out
}

const FLASK_APP: &str = "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get(\"/\")\ndef index():\n    return \"hello\\n\"\n";
const FLASK_REQUIREMENTS: &str = "flask==3.0.3\ngunicorn==23.0.0\n";

/// Python 3.6..3.15 in .python-version (with requirements.txt), a Pipfile stating 3.6, and a
/// pyproject.toml allowing >=3.8.
fn python_projects() -> Vec<Project> {
    let mut out: Vec<Project> = (6..=15)
        .map(|minor| {
            let version = format!("3.{minor}\n");
            project("python", format!(".python-version 3.{minor}"), &[(".python-version", &version), ("requirements.txt", FLASK_REQUIREMENTS), ("app.py", FLASK_APP)])
        })
        .collect();
    let pipfile = "[[source]]\nurl = \"https://pypi.org/simple\"\nverify_ssl = true\nname = \"pypi\"\n\n[packages]\nflask = \"*\"\ngunicorn = \"*\"\n\n[requires]\npython_version = \"3.6\"\n";
    out.push(project("python", "Pipfile python_version 3.6", &[("Pipfile", pipfile), ("app.py", FLASK_APP)]));
    let pyproject = "[project]\nname = \"api\"\nversion = \"0.1.0\"\nrequires-python = \">=3.8\"\ndependencies = [\"flask==3.0.3\", \"gunicorn==23.0.0\"]\n";
    out.push(project("python", "pyproject requires-python >=3.8", &[("pyproject.toml", pyproject), ("app.py", FLASK_APP)]));
    out.push(project("python", "requirements.txt only", &[("requirements.txt", FLASK_REQUIREMENTS), ("app.py", FLASK_APP)]).lang_version("3.8"));
    out
}

const GO_MAIN: &str = "package main\n\nimport (\n\t\"log\"\n\t\"net/http\"\n)\n\nfunc main() {\n\thttp.HandleFunc(\"/\", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(\"hello\\n\")) })\n\tlog.Fatal(http.ListenAndServe(\":8080\", nil))\n}\n";
const GO_CGO_MAIN: &str = "package main\n\n// int answer() { return 42; }\nimport \"C\"\n\nimport (\n\t\"fmt\"\n\t\"log\"\n\t\"net/http\"\n)\n\nfunc main() {\n\thttp.HandleFunc(\"/\", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintf(w, \"%d\\n\", C.answer()) })\n\tlog.Fatal(http.ListenAndServe(\":8080\", nil))\n}\n";

/// go.mod `go 1.19` .. `go 1.27`, a toolchain line, and a cgo program.
fn go_projects() -> Vec<Project> {
    let mut out: Vec<Project> = (19..=27)
        .map(|minor| {
            let gomod = format!("module example.com/hello\n\ngo 1.{minor}\n");
            project("go", format!("go.mod go 1.{minor}"), &[("go.mod", &gomod), ("main.go", GO_MAIN)])
        })
        .collect();
    let toolchain = "module example.com/hello\n\ngo 1.21\n\ntoolchain go1.22.3\n";
    out.push(project("go", "go.mod go 1.21 + toolchain go1.22.3", &[("go.mod", toolchain), ("main.go", GO_MAIN)]));
    let cgo = "module example.com/hello\n\ngo 1.24\n";
    out.push(project("go", "go.mod go 1.24, cgo", &[("go.mod", cgo), ("main.go", GO_CGO_MAIN)]));
    out.push(project("go", "go.mod go 1.19", &[("go.mod", "module example.com/hello\n\ngo 1.19\n"), ("main.go", GO_MAIN)]).lang_version("1.21"));
    // Two main packages: an unresolved setting (`--main`), refused in one line under --yes.
    let main_a = "package main\n\nfunc main() {}\n";
    out.push(project("go", "go.mod go 1.24, two mains", &[("go.mod", cgo), ("cmd/a/main.go", main_a), ("cmd/b/main.go", main_a)]));
    out
}

const JAVA_APP: &str = "package com.example.hello;\n\nimport com.sun.net.httpserver.HttpServer;\nimport java.io.OutputStream;\nimport java.net.InetSocketAddress;\n\npublic class App {\n    public static void main(String[] args) throws Exception {\n        HttpServer server = HttpServer.create(new InetSocketAddress(8080), 0);\n        server.createContext(\"/\", exchange -> {\n            byte[] body = \"hello\\n\".getBytes();\n            exchange.sendResponseHeaders(200, body.length);\n            try (OutputStream out = exchange.getResponseBody()) { out.write(body); }\n        });\n        server.start();\n    }\n}\n";
const JAVA_APP_PATH: &str = "src/main/java/com/example/hello/App.java";

/// A pom.xml whose `<properties>` hold `properties` (the Java version, the usual Maven way).
fn pom(properties: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.example</groupId>
  <artifactId>hello</artifactId>
  <version>1.0.0</version>
  <packaging>jar</packaging>
  <properties>
    {properties}
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-jar-plugin</artifactId>
        <version>3.4.1</version>
        <configuration><archive><manifest><mainClass>com.example.hello.App</mainClass></manifest></archive></configuration>
      </plugin>
    </plugins>
  </build>
</project>
"#
    )
}

/// Maven `maven.compiler.release` 8..25 (LTS lines and a non-LTS 22), Maven source/target 1.8,
/// and Gradle's toolchain languageVersion for each LTS.
fn java_projects() -> Vec<Project> {
    let mut out = Vec::new();
    for release in [8, 11, 17, 21, 22, 25] {
        let pom = pom(&format!("<maven.compiler.release>{release}</maven.compiler.release>"));
        out.push(project("java", format!("maven release {release}"), &[("pom.xml", &pom), (JAVA_APP_PATH, JAVA_APP)]));
    }
    let legacy = pom("<maven.compiler.source>1.8</maven.compiler.source>\n    <maven.compiler.target>1.8</maven.compiler.target>");
    out.push(project("java", "maven source/target 1.8", &[("pom.xml", &legacy), (JAVA_APP_PATH, JAVA_APP)]));
    for version in [8, 11, 17, 21, 25] {
        let gradle = format!(
            "plugins {{\n    id 'java'\n    id 'application'\n}}\n\ngroup = 'com.example'\nversion = '1.0.0'\n\njava {{\n    toolchain {{\n        languageVersion = JavaLanguageVersion.of({version})\n    }}\n}}\n\napplication {{\n    mainClass = 'com.example.hello.App'\n}}\n\nrepositories {{\n    mavenCentral()\n}}\n"
        );
        let settings = "rootProject.name = 'hello'\n";
        out.push(project("java", format!("gradle toolchain {version}"), &[("build.gradle", &gradle), ("settings.gradle", settings), (JAVA_APP_PATH, JAVA_APP)]));
    }
    let unstated = pom("");
    out.push(project("java", "maven, no version stated", &[("pom.xml", &unstated), (JAVA_APP_PATH, JAVA_APP)]).lang_version("11"));
    out
}

/// composer.json `require.php` in the usual constraint styles, and a plain PHP site.
fn php_projects() -> Vec<Project> {
    let index = "<?php\nrequire __DIR__ . '/../vendor/autoload.php';\nheader('Content-Type: text/plain');\necho \"hello\\n\";\n";
    let mut out: Vec<Project> = ["^7.4", "^8.0", "^8.1", "^8.2", "^8.3", "^8.4", "^8.5", ">=8.1", "~8.2.0", "8.3.*"]
        .iter()
        .map(|constraint| {
            let composer = format!(r#"{{"name": "acme/site", "type": "project", "require": {{"php": "{constraint}"}}, "autoload": {{"psr-4": {{"Site\\": "src/"}}}}}}"#);
            project("php", format!("composer php {constraint}"), &[("composer.json", &composer), ("public/index.php", index), ("src/.gitkeep", "")])
        })
        .collect();
    let plain = "<?php\nheader('Content-Type: text/plain');\necho \"hello\\n\";\n";
    out.push(project("php", "plain index.php", &[("index.php", plain)]));
    for version in ["7.4", "8.0", "8.1"] {
        out.push(project("php", "plain index.php", &[("index.php", plain)]).lang_version(version));
    }
    out
}

const RUST_MAIN: &str = "use std::io::Write;\nuse std::net::TcpListener;\n\nfn main() {\n    let listener = TcpListener::bind(\"0.0.0.0:7878\").unwrap();\n    for stream in listener.incoming().flatten() {\n        let mut stream = stream;\n        let _ = stream.write_all(b\"HTTP/1.1 200 OK\\r\\nContent-Length: 6\\r\\n\\r\\nhello\\n\");\n    }\n}\n";

fn cargo_toml(extra: &str) -> String {
    format!("[package]\nname = \"hello\"\nversion = \"0.1.0\"\nedition = \"2021\"\n{extra}\n[dependencies]\n")
}

/// Cargo.toml `rust-version` from 1.70 to 1.98, a rust-toolchain.toml channel, and neither.
fn rust_projects() -> Vec<Project> {
    let lock = "version = 3\n\n[[package]]\nname = \"hello\"\nversion = \"0.1.0\"\n";
    let mut out: Vec<Project> = [70, 75, 80, 85, 88, 90, 93, 95, 98]
        .iter()
        .map(|minor| {
            let manifest = cargo_toml(&format!("rust-version = \"1.{minor}\"\n"));
            project("rust", format!("rust-version 1.{minor}"), &[("Cargo.toml", &manifest), ("Cargo.lock", lock), ("src/main.rs", RUST_MAIN)])
        })
        .collect();
    let toolchain = "[toolchain]\nchannel = \"1.85\"\n";
    out.push(project("rust", "rust-toolchain.toml 1.85", &[("Cargo.toml", &cargo_toml("")), ("Cargo.lock", lock), ("rust-toolchain.toml", toolchain), ("src/main.rs", RUST_MAIN)]));
    out.push(project("rust", "no version stated", &[("Cargo.toml", &cargo_toml("")), ("Cargo.lock", lock), ("src/main.rs", RUST_MAIN)]));
    out.push(project("rust", "no version stated", &[("Cargo.toml", &cargo_toml("")), ("Cargo.lock", lock), ("src/main.rs", RUST_MAIN)]).lang_version("1.75"));
    out
}

/// An ASP.NET Core project per TargetFramework, net6.0 (still pullable) to net10.0.
fn dotnet_projects() -> Vec<Project> {
    let program = "var builder = WebApplication.CreateBuilder(args);\nvar app = builder.Build();\napp.MapGet(\"/\", () => \"hello\");\napp.Run();\n";
    ["net6.0", "net7.0", "net8.0", "net9.0", "net10.0"]
        .iter()
        .map(|tfm| {
            let csproj = format!("<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n  <PropertyGroup>\n    <TargetFramework>{tfm}</TargetFramework>\n    <Nullable>enable</Nullable>\n    <ImplicitUsings>enable</ImplicitUsings>\n    <InvariantGlobalization>true</InvariantGlobalization>\n  </PropertyGroup>\n</Project>\n");
            project("dotnet", format!("TargetFramework {tfm}"), &[("HelloApi.csproj", &csproj), ("Program.cs", program)])
        })
        .collect()
}

fn all_projects() -> Vec<Project> {
    [node_projects(), python_projects(), go_projects(), java_projects(), php_projects(), rust_projects(), dotnet_projects()].into_iter().flatten().collect()
}

// ---------------------------------------------------------------- running dockgen

/// What one `dockgen init` did.
enum Outcome {
    /// Exit 0: every base checked.
    Init(Vec<(Verdict, String)>),
    /// A one-line refusal; `unresolved` when it is an open setting (`...; pass --main <...>`).
    Refused { line: String, unresolved: bool },
    /// Anything else: a panic, a multi-line or empty error, a Dockerfile without FROM.
    Broken(String),
}

struct CaseResult {
    lang: &'static str,
    case: String,
    outcome: Outcome,
}

/// The Dockerfile in `init --stdout`'s output: the lines under its `==> Dockerfile <==` header, up to
/// the next file's header; the whole output when there are no headers (the Dockerfile alone).
fn dockerfile_of(stdout: &str) -> String {
    let is_header = |line: &str| line.starts_with("==> ") && line.ends_with(" <==");
    if !stdout.lines().next().is_some_and(is_header) {
        return stdout.to_string();
    }
    let body = stdout.lines().skip_while(|line| *line != "==> Dockerfile <==").skip(1);
    body.take_while(|line| !is_header(line)).map(|line| format!("{line}\n")).collect()
}

fn run_case(project: &Project, runtime: &str, catalog: &Catalog) -> CaseResult {
    let case = format!("{} [{runtime}]", project.label);
    let dir = tempfile::tempdir().unwrap();
    for (path, contents) in &project.files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
    let output = Command::new(env!("CARGO_BIN_EXE_dockgen"))
        .args(["init", "--yes", "--stdout", "--runtime", runtime])
        .args(&project.flags)
        .arg(dir.path())
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(Stdio::null())
        .output()
        .expect("run dockgen");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let outcome = classify(output.status.code(), &stdout, &stderr, catalog);
    CaseResult { lang: project.lang, case, outcome }
}

/// A plan's open setting, as `init --yes` reports it: "MESSAGE; pass --main <a|b>" (or --start, --app).
fn is_unresolved_setting(line: &str) -> bool {
    ["; pass --main ", "; pass --start ", "; pass --app "].iter().any(|hint| line.contains(hint))
}

fn classify(code: Option<i32>, stdout: &str, stderr: &str, catalog: &Catalog) -> Outcome {
    if stderr.contains("panicked") || stderr.contains("RUST_BACKTRACE") {
        return Outcome::Broken(format!("panic: {}", stderr.trim()));
    }
    match code {
        Some(0) => {
            let bases = check_dockerfile(&dockerfile_of(stdout), catalog);
            if bases.is_empty() { Outcome::Broken("exit 0 but the Dockerfile has no FROM to check".into()) } else { Outcome::Init(bases) }
        }
        Some(1) => {
            let lines: Vec<&str> = stderr.lines().collect();
            match lines.as_slice() {
                [line] if !line.trim().is_empty() => Outcome::Refused { line: line.to_string(), unresolved: is_unresolved_setting(line) },
                _ => Outcome::Broken(format!("a refusal must be one non-empty line on stderr, got {} lines: {stderr:?}", lines.len())),
            }
        }
        other => Outcome::Broken(format!("exit {other:?}: {}", stderr.trim())),
    }
}

/// Every project on every runtime, in a few threads.
fn run_matrix(projects: &[Project], catalog: &Catalog) -> Vec<CaseResult> {
    let cases: Vec<(&Project, &str)> = projects.iter().flat_map(|p| RUNTIMES.iter().map(move |r| (p, *r))).collect();
    let next = AtomicUsize::new(0);
    let slots: Mutex<Vec<Option<CaseResult>>> = Mutex::new((0..cases.len()).map(|_| None).collect());
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(2, 8);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some((project, runtime)) = cases.get(i) else { break };
                    let result = run_case(project, runtime, catalog);
                    slots.lock().unwrap()[i] = Some(result);
                }
            });
        }
    });
    // In matrix order, for a stable report.
    slots.into_inner().unwrap().into_iter().map(|r| r.expect("every case ran")).collect()
}

// ---------------------------------------------------------------- the report

#[derive(Default)]
struct LangRow {
    cases: usize,
    inits: usize,
    refusals: usize,
    unresolved: usize,
    unknown: usize,
    unchecked: usize,
    broken: usize,
}

/// The summary table, the distinct unknown tags with the cases that wrote them, and every
/// broken case; returns (unknown references, broken cases).
fn report(results: &[CaseResult]) -> (usize, usize) {
    let mut rows: BTreeMap<&str, LangRow> = BTreeMap::new();
    let mut unknown_tags: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut broken = Vec::new();
    for r in results {
        let row = rows.entry(r.lang).or_default();
        row.cases += 1;
        match &r.outcome {
            Outcome::Init(bases) => {
                row.inits += 1;
                for (verdict, reference) in bases {
                    match verdict {
                        Verdict::Unknown => {
                            row.unknown += 1;
                            let cases = unknown_tags.entry(reference.clone()).or_default();
                            // A builder and a runtime stage on the same image: one mention.
                            if cases.last() != Some(&r.case) {
                                cases.push(r.case.clone());
                            }
                        }
                        Verdict::Unchecked => row.unchecked += 1,
                        Verdict::Ok => {}
                    }
                }
            }
            Outcome::Refused { unresolved, .. } => {
                row.refusals += 1;
                row.unresolved += usize::from(*unresolved);
            }
            Outcome::Broken(why) => {
                row.broken += 1;
                broken.push(format!("{} {}: {why}", r.lang, r.case));
            }
        }
    }
    eprintln!("\n{:<8} {:>6} {:>6} {:>9} {:>11} {:>14} {:>10} {:>7}", "language", "cases", "inits", "refusals", "unresolved", "unknown bases", "unchecked", "broken");
    let mut total = LangRow::default();
    for (lang, row) in &rows {
        eprintln!("{lang:<8} {:>6} {:>6} {:>9} {:>11} {:>14} {:>10} {:>7}", row.cases, row.inits, row.refusals, row.unresolved, row.unknown, row.unchecked, row.broken);
        total = LangRow {
            cases: total.cases + row.cases,
            inits: total.inits + row.inits,
            refusals: total.refusals + row.refusals,
            unresolved: total.unresolved + row.unresolved,
            unknown: total.unknown + row.unknown,
            unchecked: total.unchecked + row.unchecked,
            broken: total.broken + row.broken,
        };
    }
    eprintln!("{:<8} {:>6} {:>6} {:>9} {:>11} {:>14} {:>10} {:>7}", "total", total.cases, total.inits, total.refusals, total.unresolved, total.unknown, total.unchecked, total.broken);
    eprintln!("(unknown/unchecked count FROM lines; unresolved is a subset of refusals)");
    if !unknown_tags.is_empty() {
        eprintln!("\n{} distinct unknown bases (never published):", unknown_tags.len());
        for (reference, cases) in &unknown_tags {
            eprintln!("  {reference}  <- {}", cases.join(", "));
        }
    }
    for line in &broken {
        eprintln!("BROKEN {line}");
    }
    (total.unknown, total.broken)
}

/// Every refusal's line, by case, when asked (DOCKGEN_SHOW_REFUSALS=1): what the matrix refused, and why.
fn show_refusals(results: &[CaseResult]) {
    if std::env::var_os("DOCKGEN_SHOW_REFUSALS").is_none() {
        return;
    }
    for r in results {
        if let Outcome::Refused { line, .. } = &r.outcome {
            eprintln!("refused {} {}: {line}", r.lang, r.case);
        }
    }
}

#[test]
fn every_base_image_dockgen_writes_was_published() {
    // DOCKGEN_IMAGE_CATALOG: the same file from elsewhere (a pristine worktree of an older commit).
    let catalog_path = std::env::var_os("DOCKGEN_IMAGE_CATALOG").map(PathBuf::from).unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/image-catalog/catalog.json"));
    if !catalog_path.exists() {
        eprintln!("skipped: no image catalog at {} (it lives beside the dockgen repository, not in it), so no tag can be checked", catalog_path.display());
        return;
    }
    let catalog = Catalog::load(&catalog_path);
    let projects = all_projects();
    let started = std::time::Instant::now();
    let results = run_matrix(&projects, &catalog);
    show_refusals(&results);
    let (unknown, broken) = report(&results);
    eprintln!("{} cases ({} projects x {} runtimes) in {:.1?}", results.len(), projects.len(), RUNTIMES.len(), started.elapsed());
    assert!(results.iter().any(|r| matches!(r.outcome, Outcome::Init(_))), "no case wrote a Dockerfile: the matrix checks nothing");
    assert_eq!(broken, 0, "{broken} cases panicked, failed without exactly one line on stderr, or wrote no FROM (BROKEN lines above)");
    assert_eq!(unknown, 0, "{unknown} FROM lines name a tag that was never published (listed above)");
}
