//! Python: the dependency manager, the version, the framework and the
//! WSGI/ASGI entry point, from the project's files. Never imports or runs it.

use anyhow::{Result, bail};
use serde::Serialize;
use std::str::FromStr;

mod deps;
mod entry;
mod manager;
mod native;
use native::{NATIVE, native_packages};
mod requirements;
mod sqlite;
mod version;
mod wheels;
mod workspace;

#[cfg(test)]
use requirements::requirement_name;

use super::Language;
use deps::{dependencies, optional_groups};
use entry::entry_point;
pub use manager::Manager;
use manager::{choose_manager, commands, index_url_env, manifests};
use crate::model::{Choices, DepStep, Plan, Sourced, Unresolved};
use super::{OwnFacts, ProjectFacts};
use crate::preset::{Preset, RuntimeKind};
use crate::scan::DirIndex;

pub struct Python;

/// Tools installed with the system pip, outside the app's virtualenv.
const GUNICORN: &str = "gunicorn==27.0.1";
const UVICORN: &str = "uvicorn==0.54.0";

#[derive(Debug, Clone, Default, Serialize)]
pub struct PythonFacts {
    /// The project's name (pyproject), for the image name.
    pub name: Option<String>,
    /// pyproject.toml's requires-python, which a chosen version must meet.
    pub requires_python: Option<String>,
    /// pip, uv, poetry, pipenv
    pub manager: Manager,
    pub manager_source: String,
    /// The requirements file pip installs from, if pip.
    pub requirements: Option<String>,
    /// Files it includes (`-r requirements/base.txt`, `-c constraints.txt`),
    /// bind-mounted beside it for the install.
    pub requirement_includes: Vec<String>,
    /// Normalised names of the runtime dependencies.
    pub dependencies: Vec<String>,
    /// PEP 621 dependencies installed before the source (pip + pyproject).
    pub pep621_dependencies: Vec<String>,
    /// Optional dependency groups installed too (pip or uv with pyproject).
    pub extras: Vec<String>,
    /// Those were read from the project's own Dockerfile.
    pub extras_read: bool,
    /// The project itself is installed as a package (uv or Poetry with a
    /// build backend); pip apps run from their copied source.
    pub install_project: bool,
    pub start: Option<Sourced<Vec<String>>>,
    /// The project's own start script (entrypoint.sh), when it has one.
    pub entry_script: Option<crate::entry_script::EntryScript>,
    pub start_tried: Vec<String>,
    /// A server dockgen adds because the project has none (e.g. gunicorn).
    pub added_server: Option<String>,
    pub django_project: Option<String>,
    pub collectstatic: bool,
    /// Folders under the project the app writes (a SQLite database's).
    pub writable: Vec<String>,
    pub native: Vec<String>,
    pub build_packages: Vec<String>,
    pub runtime_packages: Vec<String>,
    /// Locked packages with no wheel for the chosen Python: they compile
    /// from source, so the builder needs a C compiler.
    pub compile: Vec<String>,
    /// A uv workspace member: its name, folder and local packages.
    pub ws: Option<workspace::PyWs>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PythonPlan {
    /// The package manager (`pip`, `uv`, `poetry`, `pipenv`), with its commands.
    pub manager: Manager,
    /// Tool installed with the system pip before the venv (uv, poetry, pipenv).
    pub tool: Option<String>,
    /// Run after the source is copied (install the project itself).
    pub install_project: Option<String>,
    /// A pinned server the app needs but does not declare (`gunicorn==23.0.0`), installed beside its dependencies, or none.
    pub added_server: Option<String>,
    /// Django's `collectstatic` runs in the build stage.
    pub collectstatic: bool,
    /// Folders the app writes, made in the build and owned by the app user
    /// (a volume on each on the run line).
    pub writable: Vec<String>,
    /// Debian or Alpine packages the build stage installs to compile native dependencies.
    pub build_packages: Vec<String>,
    /// Shared libraries those dependencies need at run time.
    pub runtime_packages: Vec<String>,
    /// Build on Debian's own Python so the venv runs on distroless.
    pub debian_python: bool,
    /// The start command is gunicorn (its control socket needs a
    /// writable runtime directory).
    pub gunicorn: bool,
    /// The CMD as exec-form argv.
    pub cmd: Vec<String>,
    /// A uv workspace member's layout; none for a standalone project.
    pub ws: Option<workspace::PyWs>,
}

/// A PEP 508 requirement line → its normalised name.
fn toml_of(index: &DirIndex, file: &str) -> Result<toml::Table> {
    index.read_toml(file)
}

/// The PEP 621 fields dockgen reads must have the types the spec gives
/// them; a wrong one is a broken file, not something to guess around.
fn check_pep621_types(pyproject: &toml::Table) -> Result<()> {
    let kind = |v: &toml::Value| v.type_str();
    if let Some(bs) = pyproject.get("build-system")
        && !bs.is_table()
    {
        bail!("pyproject.toml: build-system must be a table, but it is a {}; fix the file", kind(bs));
    }
    let Some(project) = pyproject.get("project") else { return Ok(()) };
    let Some(project) = project.as_table() else {
        bail!("pyproject.toml: project must be a table, but it is a {}; fix the file", kind(project));
    };
    for key in ["name", "requires-python", "version"] {
        if let Some(v) = project.get(key)
            && !v.is_str()
        {
            bail!("pyproject.toml: project.{key} must be a string, but it is a {}; fix the file", kind(v));
        }
    }
    if let Some(deps) = project.get("dependencies") {
        let Some(list) = deps.as_array() else {
            bail!("pyproject.toml: project.dependencies must be an array of strings (e.g. [\"flask>=3\"]), but it is a {}; fix the file", kind(deps));
        };
        if let Some(bad) = list.iter().find(|d| !d.is_str()) {
            bail!("pyproject.toml: project.dependencies must hold only strings, but one is a {}; fix the file", kind(bad));
        }
    }
    Ok(())
}

fn str_list(v: Option<&toml::Value>) -> Vec<String> {
    v.and_then(toml::Value::as_array)
        .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

/// A path dependency outside the project (Poetry's `{ path = "../lib" }`,
/// uv's `[tool.uv.sources]`): the build context would lack it.
fn refuse_outside_paths(pyproject: &toml::Table) -> Result<()> {
    let tool = pyproject.get("tool");
    let poetry = tool.and_then(|t| t.get("poetry"));
    let mut tables: Vec<&toml::Table> = Vec::new();
    tables.extend(poetry.and_then(|p| p.get("dependencies")).and_then(|d| d.as_table()));
    if let Some(groups) = poetry.and_then(|p| p.get("group")).and_then(|g| g.as_table()) {
        tables.extend(groups.values().filter_map(|g| g.get("dependencies")?.as_table()));
    }
    tables.extend(tool.and_then(|t| t.get("uv")).and_then(|u| u.get("sources")).and_then(|s| s.as_table()));
    for table in tables {
        for (name, spec) in table {
            if let Some(path) = spec.get("path").and_then(|p| p.as_str())
                && (path.starts_with("..") || path.starts_with('/'))
            {
                bail!("pyproject.toml: {name} is a path dependency outside this folder ({path}), which a build from this folder cannot see; dockgen does not build Poetry or uv path dependencies across folders yet. Join them in a uv workspace ([tool.uv.workspace] at their common root) and run dockgen in this folder");
            }
        }
    }
    Ok(())
}


impl Language for Python {
    fn id(&self) -> &'static str {
        "python"
    }

    fn detect(&self, index: &DirIndex, choices: &Choices) -> Result<ProjectFacts> {
        let mut warnings = Vec::new();
        let mut f = PythonFacts::default();
        let pyproject = if index.has_file("pyproject.toml") { Some(toml_of(index, "pyproject.toml")?) } else { None };
        if let Some(p) = &pyproject {
            check_pep621_types(p)?;
            if index.workspace.is_none() {
                refuse_outside_paths(p)?;
            }
        }
        let project = pyproject.as_ref().and_then(|p| p.get("project")).and_then(|v| v.as_table());
        let has_backend = pyproject.as_ref().is_some_and(|p| p.get("build-system").is_some());
        let tool_poetry = pyproject.as_ref().and_then(|p| p.get("tool")?.get("poetry")).is_some();
        f.requires_python = project.and_then(|p| p.get("requires-python")?.as_str().map(str::to_string));
        f.name = project
            .and_then(|p| p.get("name")?.as_str().map(str::to_string))
            .or_else(|| pyproject.as_ref().and_then(|p| p.get("tool")?.get("poetry")?.get("name")?.as_str().map(str::to_string)));

        // A uv workspace member installs from the root's uv.lock.
        let ws = index.workspace.as_deref().filter(|w| w.decl.language == "python");
        let (chosen, req_file) = match ws {
            Some(_) => ((Manager::Uv, "uv.lock"), None),
            None => choose_manager(index, project.is_some(), has_backend, tool_poetry)?,
        };
        // Parsed once when Pipenv is the manager (dependencies and version).
        let pipfile = if chosen.0 == Manager::Pipenv && index.has_file("Pipfile") { Some(toml_of(index, "Pipfile")?) } else { None };
        f.manager = chosen.0;
        f.manager_source = chosen.1.to_string();
        if f.manager != Manager::Pip && let Some(r) = req_file {
            warnings.push(format!("both {} and {r} are here; using {} (the lockfile), not {r}", chosen.1, chosen.1));
        }

        warnings.extend(dependencies(index, chosen, pyproject.as_ref(), pipfile.as_ref(), &mut f)?);
        if let Some(ws) = ws {
            f.ws = Some(workspace::member(ws, f.name.as_deref())?);
            f.manager_source = "uv.lock (the workspace root's)".to_string();
            // Installs the local packages, and the member when it is one.
            f.install_project = true;
        }
        optional_groups(index, project, choices, &mut f)?;

        let poetry_python = pyproject
            .as_ref()
            .and_then(|p| p.get("tool")?.get("poetry")?.get("dependencies")?.get("python")?.as_str().map(str::to_string));
        let lock = match f.manager {
            Manager::Uv => Some("uv.lock"),
            Manager::Poetry => Some("poetry.lock"),
            _ => None,
        };
        // The root's .python-version and uv.lock speak for a member.
        let version_index = match ws {
            Some(ws) if !index.has_file(".python-version") => &ws.root,
            _ => index,
        };
        let lock = lock.filter(|l| version_index.has_file(l));
        let inputs = version::Inputs { index: version_index, project, poetry_python: poetry_python.as_deref(), pipfile: pipfile.as_ref(), lock, lang_version_flag: choices.lang_version.is_some(), offline: !choices.ask_pypi };
        let (version, compile) = version::python_version(&inputs, &mut warnings)?;
        f.compile = compile;
        // A remembered version's packages that compile (PyPI's answer).
        if choices.lang_version.is_some() {
            for c in choices.compiled.iter().flatten() {
                if !f.compile.contains(c) {
                    f.compile.push(c.clone());
                }
            }
        }

        // Native builds.
        f.native = NATIVE.iter().map(|n| n.0).filter(|n| f.dependencies.iter().any(|d| d == n)).map(str::to_string).collect();
        (f.build_packages, f.runtime_packages) = native_packages(&f.native, &f.compile, false);

        let (framework, port) = start_and_port(index, choices, &mut f, &mut warnings)?;
        Ok(ProjectFacts {
            local_deps: f.ws.as_ref().map(|w| w.deps.clone()).unwrap_or_default(),
            package_manager: Some(f.manager.to_string()),
            version: Some(version),
            framework,
            port,
            health_path: None,
            warnings,
            own: f.into_facts(),
        })
    }

    /// A pyproject.toml that only configures tools (`[tool.ruff]`), with no
    /// other Python manifest beside it, is no project: the app is elsewhere.
    fn is_project(&self, index: &DirIndex) -> bool {
        let others = ["requirements.txt", "Pipfile", "uv.lock", "poetry.lock", "manage.py", "setup.py"];
        if others.iter().any(|f| index.has_file(f)) || index.has_dir("requirements") || !index.has_file("pyproject.toml") {
            return true;
        }
        let Ok(table) = index.read_toml::<toml::Table>("pyproject.toml") else { return true };
        let tool = table.get("tool").and_then(|t| t.as_table());
        table.contains_key("project") || table.contains_key("build-system") || tool.is_some_and(|t| t.contains_key("poetry") || t.contains_key("uv"))
    }

    fn workspace(&self, root: &DirIndex) -> Result<Option<crate::workspace::Decl>> {
        workspace::declared(root)
    }

    fn normalize_version(&self, raw: &str) -> Result<String> {
        minor_of(raw).ok_or_else(|| anyhow::anyhow!("--lang-version '{raw}' is not a Python version; use a minor such as 3.12"))
    }

    fn check_version(&self, facts: &ProjectFacts, version: &str) -> Result<()> {
        let Some(f) = facts.own::<PythonFacts>() else { return Ok(()) };
        let Some(req) = &f.requires_python else { return Ok(()) };
        let (Ok(spec), Ok(v)) = (pep440_rs::VersionSpecifiers::from_str(req), pep440_rs::Version::from_str(&format!("{version}.0"))) else {
            return Ok(());
        };
        if !spec.contains(&v) {
            bail!("--lang-version {version} is outside what pyproject.toml allows (requires-python \"{req}\"); pass a version it allows, or change requires-python");
        }
        Ok(())
    }

    fn plan(&self, _index: &DirIndex, facts: &ProjectFacts, preset: &Preset, choices: &Choices, plan: &mut Plan) -> Result<()> {
        let f = facts.own_or_bug::<PythonFacts>("Python")?;
        if choices.private_registry() {
            let env = index_url_env(f.manager)?;
            plan.secret = Some(crate::model::BuildSecret {
                id: "pip_index_url".into(),
                target: "/run/secrets/pip_index_url".into(),
                env: Some(env.into()),
                build_flag: "--secret id=pip_index_url,src=$HOME/.config/pip-index-url".into(),
            });
        }
        let debian_python = plan.runtime == RuntimeKind::Distroless;
        if debian_python && !f.runtime_packages.is_empty() {
            bail!(
                "{} needs {} at run time, and distroless cannot install system packages; use --runtime slim",
                f.native.join(", "),
                f.runtime_packages.join(", ")
            );
        }
        if debian_python {
            // The venv must be made by the same Python the runtime has:
            // Debian's own, on the release of the runtime's image (the
            // runtime image exists only for that Python; see the preset).
            plan.images.builder_ref = format!("debian:{}-slim", crate::bases::SUITE);
            plan.images.builder = plan.images.builder_ref.clone();
        }
        let musl = plan.runtime == RuntimeKind::Alpine;
        if musl {
            if let Some(img) = &preset.builder.musl_image {
                plan.set_builder_image(img);
            }
            plan.warnings.push("alpine uses musl: packages without musllinux wheels compile from source in the builder, which is slower and may need more build packages".to_string());
        }

        let (tool, install, install_project, cache) = commands(f, &plan.version.value);
        let (mut build_packages, runtime_packages) = native_packages(&f.native, &f.compile, musl);
        if !f.compile.is_empty() {
            for pkg in if musl { ["gcc", "musl-dev"] } else { ["gcc", "libc6-dev"] } {
                if !build_packages.iter().any(|b| b == pkg) {
                    build_packages.push(pkg.to_string());
                }
            }
            plan.warnings.push(format!(
                "{} {} no wheel for Python {}, so {} from source: the builder gets a C compiler",
                f.compile.join(", "),
                if f.compile.len() == 1 { "has" } else { "have" },
                plan.version.value,
                if f.compile.len() == 1 { "it compiles" } else { "they compile" }
            ));
        }
        plan.compiled = f.compile.clone();
        if f.extras_read {
            plan.extras_read = f.extras.clone();
        }
        let manifests = manifests(f, &plan.version.value);

        let start = match &f.start {
            Some(s) => s.value.clone(),
            None => {
                plan.unresolved.push(Unresolved::start(&f.start_tried, "gunicorn app:app --bind 0.0.0.0:8000"));
                Vec::new()
            }
        };
        // On distroless the entrypoint is the system python; run the venv's.
        let cmd = match &f.entry_script {
            Some(script) => entry::script_cmd(script, &start, plan),
            None => start.clone(),
        };
        plan.start = cmd.clone();
        let name = f.name.clone().or_else(|| f.django_project.clone()).unwrap_or_else(|| "app".into());
        plan.app = name.to_lowercase().chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')).collect();
        if plan.app.is_empty() {
            plan.app = "app".into();
        }
        if plan.user.create && !runtime_packages.is_empty() {
            plan.user.packages.extend(runtime_packages.iter().cloned());
            plan.user.packages_why = "Shared libraries the native dependencies link".into();
        }
        let section = PythonPlan {
            manager: f.manager,
            tool,
            install_project,
            added_server: f.added_server.clone(),
            collectstatic: f.collectstatic,
            writable: f.writable.clone(),
            build_packages,
            runtime_packages,
            debian_python,
            gunicorn: cmd.first().is_some_and(|p| p == "gunicorn"),
            cmd,
            ws: f.ws.clone(),
        };
        let volume = plan.app.clone();
        plan.run_volumes.extend(f.writable.iter().map(|w| format!("{volume}-{}:/app/{w}", w.replace('/', "-"))));
        plan.musl = musl;
        plan.deps = Some(DepStep { cache, binds: manifests, command: install });
        plan.set_section(self.id(), &section)?;
        Ok(())
    }
}


fn version_at_least(v: &str, min: &str) -> bool {
    crate::version::at_least(v, min)
}

/// "3.11.4", "python-3.11.4", "3.11" → "3.11".
fn minor_of(raw: &str) -> Option<String> {
    crate::version::minor(raw.trim().trim_start_matches("python-").trim_start_matches("python").trim(), Some(3))
}

/// Poetry's `^3.11` / `~3.11` → PEP 440 (`>=3.11,<4` / `>=3.11,<3.12`).
fn poetry_constraint(c: &str) -> String {
    let c = c.trim();
    let bump = |v: &str, caret: bool| -> Option<String> {
        let mut parts = v.split('.');
        let major: u32 = parts.next()?.parse().ok()?;
        let minor: u32 = parts.next().unwrap_or("0").parse().ok()?;
        Some(if caret { format!(">={v},<{}", major + 1) } else { format!(">={v},<{major}.{}", minor + 1) })
    };
    if let Some(v) = c.strip_prefix('^') {
        return bump(v, true).unwrap_or_else(|| c.to_string());
    }
    if let Some(v) = c.strip_prefix('~').filter(|v| !v.starts_with('=')) {
        return bump(v, false).unwrap_or_else(|| c.to_string());
    }
    c.to_string()
}

type EntryPoint = (Option<String>, Option<Sourced<Vec<String>>>, Option<Sourced<u16>>);

/// Python files where an app object may live: the root, `app/`, `src/*/`.
/// The start command and the port: detected, a `--start` the user gives,
/// the project's own start script, its Dockerfile or compose file, or its
/// gunicorn config. Returns the framework and the port.
fn start_and_port(index: &DirIndex, choices: &Choices, f: &mut PythonFacts, warnings: &mut Vec<String>) -> Result<(Option<String>, Option<Sourced<u16>>)> {
    let deps = f.dependencies.clone();
    let has = |n: &str| deps.iter().any(|d| d == n);
    let (framework, start, port) = entry_point(index, f, &has, warnings)?;
    f.start = start;
    let mut port = port;
    if let Some(argv) = &choices.start {
        // A start command the user gives is checked like a detected one:
        // its server installed, its port taken.
        entry::ensure_server(argv, f, &has, warnings)?;
        if let Some(p) = entry::start_port(argv) {
            port = Some(Sourced::new(p, format!("--start ({})", shell_words::join(argv))));
        }
        f.start = Some(Sourced::users(argv.clone(), choices, "start"));
    } else if let Some(script) = crate::entry_script::find(index) {
        // The project's own start script: what it finally runs is the
        // start (the script itself runs it where there is a shell).
        // A script with a web server in front serves through it (a unix
        // socket): dockgen's own start, on a TCP port, replaces it.
        if let Some(argv) = script.runs.as_ref().filter(|_| script.fronted.is_none()) {
            entry::ensure_server(argv, f, &has, warnings)?;
            if let Some(p) = entry::start_port(argv) {
                port = Some(Sourced::new(p, format!("{} ({})", script.path, shell_words::join(argv))));
            }
            f.start = Some(Sourced::new(argv.clone(), format!("{} (the command it finally runs)", script.path)));
        } else if let Some(p) = script.runs_text.as_deref().and_then(|t| shell_words::split(t).ok()).and_then(|argv| entry::start_port(&argv)) {
            // Not a command to run without its shell, but its port is
            // plain: dockgen's own start binds the same.
            port = Some(Sourced::new(p, format!("{} (its final command binds {p})", script.path)));
            // The project's own command (a Procfile's) keeps its words.
            if let Some(s) = f.start.as_mut().filter(|s| s.origin != crate::model::Origin::Detected) {
                entry::rebind(&mut s.value, p);
            }
        }
        f.entry_script = Some(script);
    }
    // Only a server's default port: the project's own Dockerfile may say
    // which one it serves on, and dockgen's start binds that.
    if port.as_ref().is_none_or(|p| p.is_assumed())
        && let Some(own) = super::own_port(index)
    {
        if let Some(s) = f.start.as_mut().filter(|s| s.origin == crate::model::Origin::Chosen || s.origin.is_users()) {
            entry::rebind(&mut s.value, own.value);
        }
        port = Some(own);
    }
    // A port the user gave (or dockgen.toml remembers): the server command
    // dockgen composed binds it.
    if let Some(p) = choices.port
        && let Some(s) = f.start.as_mut().filter(|s| s.origin == crate::model::Origin::Chosen)
    {
        entry::rebind(&mut s.value, p);
    }
    // gunicorn binds what its config file says when the command does not.
    if let Some(argv) = f.start.as_ref().map(|s| s.value.clone())
        && entry::start_port(&argv).is_none()
        && let Some((p, file)) = entry::gunicorn_config_port(index, &argv)
    {
        port = Some(Sourced::new(p, format!("{file} (bind)")));
    }
    Ok((framework, port))
}



#[cfg(test)]
mod tests {
    use super::*;
    use super::entry::{assigned_from, module_of, safe_module};

    #[test]
    fn malformed_requirement_names_are_skipped_not_a_panic() {
        // Each of these made pep508_rs panic or is not a name at all.
        for line in ["gun-\0icorn==23.0.0", "gun-", "-flask", "fla\0sk", "flask\u{9c}==1", ".x", "x.", "=="] {
            assert_eq!(requirement_name(line), None, "{line:?}");
        }
        for (line, name) in [("flask==3.0.3", "flask"), ("Flask[async]>=3", "flask"), ("zope.interface ; python_version>'3'", "zope-interface"), ("gunicorn", "gunicorn"), ("a_b-c.d~=1.0", "a-b-c-d")] {
            assert_eq!(requirement_name(line).as_deref(), Some(name), "{line:?}");
        }
    }

    #[test]
    fn requirement_lines_give_normalised_names() {
        assert_eq!(requirement_name("Flask==3.0.3").as_deref(), Some("flask"));
        assert_eq!(requirement_name("psycopg2>=2.9 ; python_version >= '3.8'").as_deref(), Some("psycopg2"));
        assert_eq!(requirement_name("django-environ[all]~=0.11 --hash=sha256:abc").as_deref(), Some("django-environ"));
        assert_eq!(requirement_name("Zope.Interface").as_deref(), Some("zope-interface"));
        assert_eq!(requirement_name("-r base.txt"), None);
        assert_eq!(requirement_name("# comment"), None);
    }

    #[test]
    fn poetry_constraints_become_pep440() {
        assert_eq!(poetry_constraint("^3.11"), ">=3.11,<4");
        assert_eq!(poetry_constraint("~3.11"), ">=3.11,<3.12");
        assert_eq!(poetry_constraint(">=3.10,<3.13"), ">=3.10,<3.13");
    }

    #[test]
    fn versions_resolve_to_a_minor() {
        assert_eq!(minor_of("3.11.4").as_deref(), Some("3.11"));
        assert_eq!(minor_of("python-3.12.1").as_deref(), Some("3.12"));
        assert_eq!(minor_of("3.12\nRUN x"), None);
        assert_eq!(minor_of("2.7"), None);
    }

    #[test]
    fn app_objects_are_found() {
        assert_eq!(assigned_from("from fastapi import FastAPI\napp = FastAPI(title='x')\n", "FastAPI").as_deref(), Some("app"));
        assert_eq!(assigned_from("application = flask.Flask(__name__)", "Flask").as_deref(), Some("application"));
        assert_eq!(assigned_from("x = 1", "Flask"), None);
        assert_eq!(module_of("app/main.py"), "app.main");
        assert!(!safe_module("my-app.main"));
    }

}
