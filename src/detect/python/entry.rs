//! Where a Python app starts: Django's wsgi module, a Procfile, an app
//! object (`app = FastAPI()`, `app = Flask()`), an app factory
//! (`create_app()`), in a module, a package or a `src/` layout; and the port
//! a start command names.

use anyhow::Result;

use super::{EntryPoint, GUNICORN, PythonFacts, UVICORN};
use crate::model::{Plan, Sourced};
use crate::preset::RuntimeKind;
use crate::scan::DirIndex;

/// Folders that hold no app code.
const NOT_APP_DIRS: &[&str] = &["tests", "test", "docs", "migrations", "scripts", "venv", ".venv", "node_modules", "static", "templates", "instance", "build", "dist"];
/// Top-level modules that usually create the app, in the order tried.
const ENTRY_MODULES: &[&str] = &["wsgi.py", "asgi.py", "app.py", "main.py", "server.py", "application.py", "api.py"];
/// Files in a package that may create the app, in the order tried.
const PACKAGE_FILES: &[&str] = &["main.py", "app.py", "__init__.py", "server.py", "api.py", "wsgi.py", "asgi.py"];

/// Python files that may create the app: top-level modules, then the
/// top-level packages (a folder with `__init__.py`, or `app/`, `api/`,
/// `server/`), then `src/<package>/`. Each is `(file, module, src layout)`.
pub(super) fn candidate_modules(index: &DirIndex) -> Vec<(String, String, bool)> {
    // The usual entry modules first (wsgi.py before export.py), then the rest.
    let rank = |f: &str| ENTRY_MODULES.iter().position(|e| *e == f).unwrap_or(ENTRY_MODULES.len());
    let mut top: Vec<&String> = index.files.iter().filter(|f| f.ends_with(".py")).collect();
    top.sort_by_key(|f| (rank(f), f.to_string()));
    let mut out: Vec<(String, String, bool)> = top.into_iter().map(|f| (f.clone(), module_of(f), false)).collect();
    let package_files = |dir: &str, strip: &str, src: bool, out: &mut Vec<(String, String, bool)>| {
        for f in PACKAGE_FILES {
            let file = format!("{dir}/{f}");
            if index.is_file(&file) {
                out.push((file.clone(), module_of(file.strip_prefix(strip).unwrap_or(&file)), src));
            }
        }
    };
    for dir in index.dirs.iter().filter(|d| !NOT_APP_DIRS.contains(&d.as_str()) && !d.starts_with('.') && *d != "src") {
        if ["app", "api", "server"].contains(&dir.as_str()) || index.is_file(&format!("{dir}/__init__.py")) {
            package_files(dir, "", false, &mut out);
        }
    }
    if index.has_dir("src") {
        let pkgs: Vec<String> = index.subdirs("src").into_iter().filter(|p| index.is_file(&format!("src/{p}/__init__.py"))).collect();
        for pkg in pkgs.into_iter().take(8) {
            package_files(&format!("src/{pkg}"), "src/", true, &mut out);
        }
    }
    out
}

/// `app/main.py` → `app.main`.
pub(super) fn module_of(path: &str) -> String {
    path.trim_end_matches(".py").trim_end_matches("/__init__").replace('/', ".")
}

pub(super) fn safe_module(m: &str) -> bool {
    !m.is_empty() && m.split('.').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && !p.starts_with(|c: char| c.is_ascii_digit()))
}

/// The variable assigned from `Ctor(` in a file: `app = FastAPI(` → `app`.
pub(super) fn assigned_from(text: &str, ctor: &str) -> Option<String> {
    // Module level only: an `app = Flask()` inside create_app() is local.
    text.lines().filter(|l| !l.starts_with([' ', '\t'])).find_map(|l| {
        let (lhs, rhs) = l.split_once('=')?;
        let var = lhs.trim();
        let rhs = rhs.trim_start();
        (rhs.starts_with(&format!("{ctor}(")) || rhs.starts_with(&format!("{}.{ctor}(", ctor.to_lowercase())))
            .then(|| var.to_string())
            .filter(|v| v.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && !v.is_empty())
    })
}

/// How the server loads the app: an object (`module:app`), or a factory
/// uvicorn calls (`--factory module:create_app`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Target {
    Object(String),
    Factory(String),
}

/// A module-level `app = <call>(` (or `application`, `api`): FastAPI apps
/// assembled by a function (`app = get_application()`).
fn app_from_call(text: &str) -> Option<(String, String)> {
    text.lines().filter(|l| !l.starts_with([' ', '\t'])).find_map(|l| {
        let (lhs, rhs) = l.split_once('=')?;
        let var = lhs.trim();
        let call = rhs.trim().split('(').next()?.trim();
        (["app", "application", "api"].contains(&var) && rhs.trim().ends_with(')') && !call.is_empty() && call.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            .then(|| (var.to_string(), call.to_string()))
    })
}

/// A top-level `def name(…) -> FastAPI:` (a factory for uvicorn --factory).
fn factory_returning(text: &str, ctor: &str) -> Option<String> {
    text.lines().filter(|l| l.starts_with("def ") || l.starts_with("async def ")).find_map(|l| {
        let rest = l.trim_start_matches("async ").strip_prefix("def ")?;
        let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        let ret = rest.rsplit_once("->")?.1.trim().trim_end_matches(':').trim();
        (ret == ctor || ret.ends_with(&format!(".{ctor}"))).then_some(name).filter(|n| !n.is_empty())
    })
}

/// An ASGI target in a file that builds a FastAPI or Starlette app: the
/// object (`app = FastAPI(…)`, `app = get_application()`), else a factory.
fn asgi_target(text: &str, module: &str, ctor: &str) -> Option<(Target, String)> {
    if let Some(var) = assigned_from(text, ctor) {
        return Some((Target::Object(format!("{module}:{var}")), format!("{var} = {ctor}(…)")));
    }
    if !text.contains(ctor) {
        return None;
    }
    if let Some((var, call)) = app_from_call(text) {
        return Some((Target::Object(format!("{module}:{var}")), format!("{var} = {call}()")));
    }
    if let Some(f) = factory_returning(text, ctor) {
        return Some((Target::Factory(format!("{module}:{f}")), format!("app factory {f}() -> {ctor}")));
    }
    // A factory by its usual name, unannotated.
    FACTORIES
        .iter()
        .find(|f| text.lines().any(|l| l.starts_with(&format!("def {f}(")) || l.starts_with(&format!("async def {f}("))))
        .map(|f| (Target::Factory(format!("{module}:{f}")), format!("app factory {f}()")))
}

/// The names app factories go by.
const FACTORIES: &[&str] = &["create_app", "get_app", "make_app", "build_app", "get_application", "create_application"];

/// The port a Flask script's own `app.run(…, port=N)` uses: the port its
/// users know, kept when gunicorn serves it instead.
fn app_run_port(text: &str) -> Option<u16> {
    let at = text.find(".run(")?;
    let call = &text[at..text[at..].find(')').map_or(text.len(), |e| at + e)];
    let p = call.split("port").nth(1)?.trim_start().strip_prefix('=')?.trim_start();
    p.chars().take_while(|c| c.is_ascii_digit()).collect::<String>().parse().ok().filter(|p: &u16| *p > 0)
}

/// The WSGI/ASGI target in a file: `module:app` for `app = Flask(…)` or
/// `app = create_app()`, `module:create_app()` for a Flask app factory.
fn target_in(text: &str, module: &str, fw: &str, ctor: &str) -> Option<(String, String)> {
    if let Some(var) = assigned_from(text, ctor) {
        return Some((format!("{module}:{var}"), format!("{var} = {ctor}(…)")));
    }
    if fw == "flask" {
        if let Some(var) = assigned_from(text, "create_app") {
            return Some((format!("{module}:{var}"), format!("{var} = create_app()")));
        }
        if text.lines().any(|l| l.starts_with("def create_app(")) {
            return Some((format!("{module}:create_app()"), "app factory create_app()".into()));
        }
    }
    None
}

/// Servers dockgen can add when a start command names one the project
/// lacks, pinned.
const SERVERS: &[(&str, &str)] = &[("gunicorn", GUNICORN), ("uvicorn", UVICORN)];

/// A start command's server must be installed: added (pinned), under uv
/// beside the lock.
pub(super) fn ensure_server(argv: &[String], f: &mut PythonFacts, has: &dyn Fn(&str) -> bool, warnings: &mut Vec<String>) -> Result<()> {
    let program = argv.first().map(|p| p.rsplit('/').next().unwrap_or(p)).unwrap_or("");
    let Some((server, pinned)) = SERVERS.iter().find(|(s, _)| *s == program) else {
        if program == "fastapi" && !has("fastapi-cli") {
            warnings.push("the start command runs `fastapi`, which comes with fastapi[standard]; add that extra, or start with uvicorn".into());
        }
        return Ok(());
    };
    if has(server) {
        return Ok(());
    }
    f.added_server = Some(pinned.to_string());
    if f.manager == super::Manager::Uv {
        // Many uv projects install their server in the Dockerfile, outside
        // the lock: added beside it, and said.
        warnings.push(format!("{server} is not in uv.lock; dockgen installs {pinned} beside the locked packages to run the start command (`uv add {server}` locks it instead)"));
    } else {
        warnings.push(format!("{server} is not among the dependencies; dockgen installs {pinned} to run the start command (add it to your dependencies to choose the version)"));
    }
    Ok(())
}

/// The port a start command names: `--bind :8080`, `-b 0.0.0.0:8080`,
/// `--port 8080`, `-p 8080`, `PORT=8080`, `0.0.0.0:8080`.
pub(super) fn start_port(argv: &[String]) -> Option<u16> {
    let port_of = |v: &str| v.rsplit(':').next().and_then(|p| p.parse::<u16>().ok()).filter(|p| *p > 0);
    let mut words = argv.iter().peekable();
    while let Some(w) = words.next() {
        let (flag, inline) = match w.split_once('=') {
            Some((f, v)) if f.starts_with('-') => (f, Some(v.to_string())),
            _ => (w.as_str(), None),
        };
        match flag {
            "--bind" | "-b" | "--port" | "-p" => {
                let v = inline.or_else(|| words.peek().map(|v| v.to_string()));
                if let Some(p) = v.as_deref().and_then(port_of) {
                    return Some(p);
                }
            }
            _ if w.starts_with("PORT=") => return port_of(&w[5..]),
            _ if w.starts_with("0.0.0.0:") || w.starts_with("[::]:") => return port_of(w),
            _ => {}
        }
    }
    None
}

/// Django's project package: from manage.py's DJANGO_SETTINGS_MODULE, else
/// the one top-level folder with both settings.py and wsgi.py.
fn django_settings(index: &DirIndex, manage: &str) -> Option<String> {
    let named = manage.split("DJANGO_SETTINGS_MODULE").nth(1).and_then(|rest| {
        let rest = rest.trim_start_matches(|c: char| c == '"' || c == '\'' || c == ',' || c.is_whitespace());
        let end = rest.find(['"', '\''])?;
        Some(rest[..end].to_string())
    });
    named.filter(|s| safe_module(s)).or_else(|| {
        let mut found = index.dirs.iter().filter(|d| index.is_file(&format!("{d}/wsgi.py")) && index.is_file(&format!("{d}/settings.py")));
        match (found.next(), found.next()) {
            (Some(d), None) => Some(format!("{d}.settings")),
            _ => None,
        }
    })
}

pub(super) fn entry_point(index: &DirIndex, f: &mut PythonFacts, has: &dyn Fn(&str) -> bool, warnings: &mut Vec<String>) -> Result<EntryPoint> {
    let port = 8000;
    let mut tried = Vec::new();

    match django_entry(index, f, has, warnings)? {
        Ok(found) => return Ok(found),
        Err(why) => tried.extend(why),
    }

    // A Procfile web: line is a strong hint; the port it binds wins.
    if index.has_file("Procfile") {
        let text = index.read("Procfile")?;
        if let Some(cmd) = text.lines().find_map(|l| l.strip_prefix("web:")) {
            let cmd = cmd.trim().replace("$PORT", &port.to_string()).replace("${PORT}", &port.to_string());
            match shell_words::split(&cmd) {
                Ok(argv) if !argv.is_empty() && !argv.iter().any(|a| a.contains('$') || a == "&&" || a == ";" || a.ends_with(';')) => {
                    let fw = if has("fastapi") { "fastapi" } else if has("flask") { "flask" } else if has("django") { "django" } else { "" };
                    ensure_server(&argv, f, has, warnings)?;
                    let port = match start_port(&argv) {
                        Some(p) => Sourced::new(p, format!("Procfile web: ({})", shell_words::join(&argv))),
                        None => Sourced::new(port, "Procfile $PORT"),
                    };
                    return Ok(((!fw.is_empty()).then(|| fw.to_string()), Some(Sourced::new(argv, "Procfile web:")), Some(port)));
                }
                _ => tried.push(format!("Procfile web: `{cmd}` needs a shell")),
            }
        }
    }

    // FastAPI's CLI reads its app from pyproject.toml ([tool.fastapi]).
    if has("fastapi")
        && let Some(target) = fastapi_entrypoint(index)
    {
        let argv: Vec<String> = ["uvicorn", &target, "--host", "0.0.0.0", "--port", &port.to_string()].map(String::from).to_vec();
        ensure_server(&argv, f, has, warnings)?;
        return Ok((Some("fastapi".into()), Some(Sourced::chosen(argv, format!("pyproject.toml [tool.fastapi] entrypoint ({target})"))), Some(Sourced::fallback(port, "uvicorn default"))));
    }

    let modules = candidate_modules(index);
    for (fw, ctor) in [("fastapi", "FastAPI"), ("starlette", "Starlette"), ("flask", "Flask")] {
        if !has(fw) {
            continue;
        }
        for (file, module, src) in &modules {
            if !safe_module(module) {
                continue;
            }
            let Ok(text) = index.read(file) else { continue };
            let (target, how) = if fw == "flask" {
                let Some((t, how)) = target_in(&text, module, fw, ctor) else { continue };
                (Target::Object(t), how)
            } else {
                let Some(found) = asgi_target(&text, module, ctor) else { continue };
                found
            };
            // A Flask script's own app.run(port=…) is the port its users know.
            let sourced_port = match app_run_port(&text).filter(|_| fw == "flask") {
                Some(p) => Sourced::new(p, format!("{file} (app.run(port={p}))")),
                None => Sourced::fallback(port, format!("{} default", argv_server(fw))),
            };
            let port = sourced_port.value;
            let mut argv: Vec<String> = match target {
                Target::Object(t) if fw == "flask" => vec!["gunicorn".into(), t, "--bind".into(), format!("0.0.0.0:{port}")],
                Target::Object(t) => vec!["uvicorn".into(), t, "--host".into(), "0.0.0.0".into(), "--port".into(), port.to_string()],
                Target::Factory(t) => vec!["uvicorn".into(), "--factory".into(), t, "--host".into(), "0.0.0.0".into(), "--port".into(), port.to_string()],
            };
            // A src/ layout imports from src/, installed or not.
            if *src {
                argv.extend(if fw == "flask" { ["--pythonpath", "src"] } else { ["--app-dir", "src"] }.map(String::from));
            }
            ensure_server(&argv, f, has, warnings)?;
            return Ok((Some(fw.into()), Some(Sourced::chosen(argv, format!("{file} ({how})"))), Some(sourced_port)));
        }
        let files: Vec<&str> = modules.iter().map(|(f, _, _)| f.as_str()).collect();
        let looked = if files.is_empty() { "no Python file at the top level, in a package or under src/".to_string() } else { files.join(", ") };
        tried.push(format!("{fw} is a dependency, but no `app = {ctor}(…)`{} in {looked}", if fw == "flask" { " or create_app()" } else { ", app = <factory>() or def <factory>() -> {ctor}" }));
    }

    if let Some(found) = script_entry(index, warnings)? {
        return Ok(found);
    }
    tried.push("no main.py, app.py, server.py or one *server*.py that runs itself".into());
    f.start_tried = tried;
    Ok((None, None, None))
}

/// `[tool.fastapi] entrypoint = "app.main:app"`, when it is a plain
/// `module:attribute` (it reaches a command line).
fn fastapi_entrypoint(index: &DirIndex) -> Option<String> {
    let table: toml::Table = index.read_toml("pyproject.toml").ok()?;
    let ep = table.get("tool")?.get("fastapi")?.get("entrypoint")?.as_str()?;
    let (module, attr) = ep.split_once(':')?;
    (safe_module(module) && safe_module(attr) && !attr.contains('.')).then(|| ep.to_string())
}

/// A start command bound to `port` instead (`--bind 0.0.0.0:N`, `--port N`).
pub(super) fn rebind(argv: &mut [String], port: u16) {
    for i in 1..argv.len() {
        match argv[i - 1].as_str() {
            "--bind" | "-b" => argv[i] = format!("{}:{port}", argv[i].rsplit_once(':').map_or("0.0.0.0", |(h, _)| h)),
            "--port" | "-p" => argv[i] = port.to_string(),
            _ => {}
        }
    }
}

/// The port a gunicorn config file binds: the file `-c`/`--config` names,
/// else `gunicorn.conf.py`, which gunicorn reads from its working folder.
pub(super) fn gunicorn_config_port(index: &DirIndex, argv: &[String]) -> Option<(u16, String)> {
    if argv.first().map(|p| p.rsplit('/').next().unwrap_or(p)) != Some("gunicorn") {
        return None;
    }
    let named = argv.iter().position(|a| a == "-c" || a == "--config").and_then(|i| argv.get(i + 1)).cloned()
        .or_else(|| argv.iter().find_map(|a| a.strip_prefix("--config=").map(str::to_string)));
    let file = named.map(|f| f.trim_start_matches("python:").trim_start_matches("./").to_string()).unwrap_or_else(|| "gunicorn.conf.py".to_string());
    let text = index.read(&file).ok()?;
    let bind = text.lines().find(|l| l.trim_start().starts_with("bind") && l.contains('='))?;
    let port = script_port(bind).or_else(|| {
        let digits: String = bind.rsplit(':').next()?.chars().take_while(|c| c.is_ascii_digit()).collect();
        digits.parse().ok().filter(|p: &u16| *p > 0)
    })?;
    Some((port, file))
}

/// Django: manage.py names the settings module; <project>/wsgi.py serves it.
/// `Err` carries what was tried and why it did not serve, if anything was.
fn django_entry(index: &DirIndex, f: &mut PythonFacts, has: &dyn Fn(&str) -> bool, warnings: &mut Vec<String>) -> Result<Result<EntryPoint, Option<String>>> {
    let port = 8000;
    let bind = format!("0.0.0.0:{port}");
    if index.has_file("manage.py") {
        let manage = index.read("manage.py")?;
        if let Some(settings) = django_settings(index, &manage) {
            let project = settings.rsplit_once('.').map(|(p, _)| p.to_string()).unwrap_or(settings.clone());
            let wsgi = format!("{}/wsgi.py", project.replace('.', "/"));
            if index.is_file(&wsgi) {
                let settings_file = format!("{}.py", settings.replace('.', "/"));
                f.collectstatic = index.read(&settings_file).is_ok_and(|t| t.contains("STATIC_ROOT"));
                if f.ws.as_ref().is_none_or(|w| w.member == ".") {
                    match super::sqlite::django_sqlite(index, &settings) {
                        Some(super::sqlite::SqliteAt::Folder(d)) => f.writable.push(d),
                        Some(super::sqlite::SqliteAt::ProjectRoot(file)) => warnings.push(format!(
                            "the settings ({settings}) keep the SQLite database {file} beside the code, which a read-only root cannot write and no volume can cover: put it in a folder (BASE_DIR / \"data\" / \"{file}\"), which dockgen makes writable with a volume, or use a database server"
                        )),
                        None => {}
                    }
                }
                f.django_project = Some(project.clone());
                let argv = vec!["gunicorn".into(), format!("{project}.wsgi"), "--bind".into(), bind];
                ensure_server(&argv, f, has, warnings)?;
                return Ok(Ok((
                    Some("django".into()),
                    Some(Sourced::chosen(argv, format!("manage.py ({settings}) and {wsgi}"))),
                    Some(Sourced::chosen(port, "gunicorn, dockgen's bind")),
                )));
            }
            return Ok(Err(Some(format!("Django settings {settings}, but no {wsgi}"))));
        }
        return Ok(Err(Some("manage.py does not set DJANGO_SETTINGS_MODULE, and no one folder has settings.py and wsgi.py".into())));
    }
    Ok(Err(has("django").then(|| "django is a dependency, but there is no manage.py".to_string())))
}

/// A plain script: main.py, app.py, server.py, or one `*server*.py` that
/// runs itself (`if __name__ == "__main__"`), e.g. a gRPC server.
fn script_entry(index: &DirIndex, warnings: &mut Vec<String>) -> Result<Option<EntryPoint>> {
    let mut scripts: Vec<String> = ["main.py", "app.py", "server.py"].iter().filter(|f| index.has_file(f)).map(|f| f.to_string()).collect();
    if scripts.is_empty() {
        let servers: Vec<&String> = index.files.iter().filter(|f| f.ends_with(".py") && f.contains("server")).collect();
        if let [one] = servers.as_slice()
            && index.read(one).is_ok_and(|t| t.contains("__main__"))
        {
            scripts.push(one.to_string());
        }
    }
    if let Some(file) = scripts.first() {
        let text = index.read(file)?;
        let p = script_port(&text);
        if text.contains("127.0.0.1") || text.contains("localhost") {
            warnings.push(format!("{file} mentions 127.0.0.1/localhost; a server in a container must bind 0.0.0.0"));
        }
        return Ok(Some((
            None,
            Some(Sourced::chosen(vec!["python".into(), file.clone()], format!("{file} (plain script)"))),
            p.map(|p| Sourced::new(p, format!("{file} (port {p})"))),
        )));
    }
    Ok(None)
}

/// A plain script's port: `port=8080`, or the default of
/// `os.environ.get("PORT", "8080")` / `os.getenv('PORT', 8080)`.
fn script_port(text: &str) -> Option<u16> {
    let digits = |s: &str| -> Option<u16> {
        let d: String = s.trim_start_matches(['"', '\'', ' ']).chars().take_while(|c| c.is_ascii_digit()).collect();
        d.parse::<u16>().ok().filter(|p| *p > 0)
    };
    for key in ["environ.get(", "getenv("] {
        for (i, _) in text.match_indices(key) {
            let rest = &text[i + key.len()..];
            let rest = rest.trim_start();
            if (rest.starts_with("\"PORT\"") || rest.starts_with("'PORT'"))
                && let Some((_, after)) = rest[6..].split_once(',')
                && let Some(p) = digits(after)
            {
                return Some(p);
            }
        }
    }
    text.match_indices("port=").find_map(|(i, _)| digits(&text[i + 5..]))
}

fn argv_server(fw: &str) -> &'static str {
    if fw == "flask" { "gunicorn" } else { "uvicorn" }
}

/// The CMD for a project with its own start script: the script, where the
/// image has its shell and the script needs nothing it cannot have; else
/// the detected start, with a warning that says what is lost and why.
pub(super) fn script_cmd(script: &crate::entry_script::EntryScript, start: &[String], plan: &mut Plan) -> Vec<String> {
    let path = &script.path;
    let also = if script.also.is_empty() { String::new() } else { format!(" ({})", script.also.join(", ")) };
    let has_shell = match plan.runtime {
        RuntimeKind::Distroless | RuntimeKind::Scratch => false,
        RuntimeKind::Alpine => script.shell == "sh",
        RuntimeKind::Slim => true,
    };
    let finally = script.runs_text.as_deref().map(|t| format!("`{t}`")).unwrap_or_else(|| "the image's command".into());
    if let Some(what) = &script.fronted {
        plan.warnings.push(format!("{path} {what} (its own image's layout); dockgen's image runs the app alone on a TCP port, so it starts {} instead, and the script's other steps{also} do not run", shell_words::join(start)));
        return start.to_vec();
    }
    if let Some(file) = &script.sources_foreign {
        plan.warnings.push(format!("{path} sources {file}, a file of its own image's layout that dockgen's image does not have; dockgen starts what it finally runs instead: {}", shell_words::join(start)));
        return start.to_vec();
    }
    if script.installs {
        plan.warnings.push(format!("{path} installs packages when the container starts, which the image did at build time and a read-only root refuses; dockgen starts what it finally runs instead: {}", shell_words::join(start)));
        return start.to_vec();
    }
    if !has_shell {
        plan.warnings.push(format!(
            "{path} needs {}, which the {} image lacks: dockgen starts what it finally runs ({}), so its other steps{also} do not run; run them as a one-off job, or choose --runtime slim to run the script",
            script.shell, plan.runtime, shell_words::join(start)
        ));
        return start.to_vec();
    }
    if script.runs.is_none() && !script.hands_over {
        plan.warnings.push(format!("{path} ends with {finally}, which needs its shell's variables; dockgen starts {} instead: pass --start \"sh {path}\" to run the script with the variables it needs set (-e NAME=…)", shell_words::join(start)));
        return start.to_vec();
    }
    plan.warnings.push(format!("{path} is the project's own start: the container runs it{also}, then {}", if script.hands_over { shell_words::join(start) } else { finally.clone() }));
    let mut cmd = vec![script.shell.clone(), format!("/app/{path}")];
    if script.hands_over {
        cmd.extend(start.iter().cloned());
    }
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(s: &str) -> Vec<String> {
        shell_words::split(s).unwrap()
    }

    #[test]
    fn ports_come_from_the_start_command() {
        assert_eq!(start_port(&argv("gunicorn --bind :8080 --workers 1 app:app")), Some(8080));
        assert_eq!(start_port(&argv("gunicorn -b 0.0.0.0:5000 wsgi:app")), Some(5000));
        assert_eq!(start_port(&argv("gunicorn --bind=0.0.0.0:5001 wsgi:app")), Some(5001));
        assert_eq!(start_port(&argv("uvicorn main:app --host 0.0.0.0 --port 9000")), Some(9000));
        assert_eq!(start_port(&argv("flask run -p 5002")), Some(5002));
        assert_eq!(start_port(&argv("python manage.py runserver 0.0.0.0:8001")), Some(8001));
        assert_eq!(start_port(&argv("gunicorn app:app")), None);
    }

    #[test]
    fn plain_scripts_name_their_port() {
        assert_eq!(script_port("port = os.environ.get('PORT', \"8080\")\nserver.add_insecure_port('[::]:'+port)"), Some(8080));
        assert_eq!(script_port("PORT = int(os.getenv(\"PORT\", 5001))"), Some(5001));
        assert_eq!(script_port("app.run(host='0.0.0.0', port=8000)"), Some(8000));
        assert_eq!(script_port("x = os.environ.get('DB_PORT', '5432')"), None);
    }

    #[test]
    fn fastapi_apps_built_by_a_function_are_found() {
        let obj = |t: &str| Some((Target::Object(t.to_string()), String::new()));
        let strip = |r: Option<(Target, String)>| r.map(|(t, _)| (t, String::new()));
        assert_eq!(strip(asgi_target("from fastapi import FastAPI\napp = FastAPI(title='x')\n", "main", "FastAPI")), obj("main:app"));
        assert_eq!(strip(asgi_target("from fastapi import FastAPI\ndef get_application() -> FastAPI:\n    return FastAPI()\n\napp = get_application()\n", "app.main", "FastAPI")), obj("app.main:app"));
        assert_eq!(
            asgi_target("from fastapi import FastAPI\n\ndef create_app() -> FastAPI:\n    application = FastAPI()\n    return application\n", "app.main", "FastAPI").unwrap().0,
            Target::Factory("app.main:create_app".into())
        );
        assert_eq!(asgi_target("import x\napp = x.make()\n", "main", "FastAPI"), None, "a file that never names FastAPI");
        assert_eq!(asgi_target("from fastapi import FastAPI\n\ndef create_app():\n    return FastAPI()\n", "app", "FastAPI").unwrap().0, Target::Factory("app:create_app".into()));
    }

    #[test]
    fn gunicorn_config_files_name_the_port() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("gunicorn_config.py"), "bind = [\"0.0.0.0:8080\"]\nworkers = 2\n").unwrap();
        std::fs::write(dir.path().join("gunicorn.conf.py"), "import os\nbind = f\"0.0.0.0:{os.environ.get('PORT', 5005)}\"\n").unwrap();
        let index = DirIndex::scan(dir.path()).unwrap();
        assert_eq!(gunicorn_config_port(&index, &argv("gunicorn --config gunicorn_config.py app:app")), Some((8080, "gunicorn_config.py".into())));
        assert_eq!(gunicorn_config_port(&index, &argv("gunicorn app:app")), Some((5005, "gunicorn.conf.py".into())));
        assert_eq!(gunicorn_config_port(&index, &argv("uvicorn app:app")), None);
    }

    #[test]
    fn a_start_is_rebound() {
        let mut a = argv("gunicorn wsgi:app --bind 0.0.0.0:4000");
        rebind(&mut a, 8000);
        assert_eq!(a, argv("gunicorn wsgi:app --bind 0.0.0.0:8000"));
        let mut a = argv("uvicorn m:app --host 0.0.0.0 --port 8000");
        rebind(&mut a, 9000);
        assert_eq!(a, argv("uvicorn m:app --host 0.0.0.0 --port 9000"));
    }

    #[test]
    fn a_flask_scripts_own_port_is_kept() {
        assert_eq!(app_run_port("if __name__ == '__main__':\n    app.run(host='0.0.0.0', port=5000, debug=True)\n"), Some(5000));
        assert_eq!(app_run_port("app.run(debug=True)\nport = 1"), None);
    }

    #[test]
    fn app_factories_and_objects_are_targets() {
        assert_eq!(target_in("from app import create_app\napp = create_app()\n", "microblog", "flask", "Flask").unwrap().0, "microblog:app");
        assert_eq!(target_in("def create_app(test_config=None):\n    app = Flask(__name__)\n", "flaskr", "flask", "Flask").unwrap().0, "flaskr:create_app()");
        assert_eq!(target_in("def create_app(test_config=None):\n    return make()\n", "flaskr", "flask", "Flask").unwrap().0, "flaskr:create_app()");
        assert!(target_in("def create_app():\n    pass\n", "x", "fastapi", "FastAPI").is_none());
    }
}
