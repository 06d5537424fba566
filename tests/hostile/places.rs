//! The places of tests/hostile.rs: each writes a small project with one
//! value (benign or hostile) in one place a preset reads.

use std::path::Path;

pub type Build = fn(&Path, &str);

pub fn write(dir: &Path, name: &str, body: &str) {
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
pub const OTHER_ROAD: &[(&str, &str)] = &[("entrypoint.sh final command", "$APP")];

pub fn places() -> Vec<(&'static str, Build, &'static str)> {
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
