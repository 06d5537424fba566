//! The package manager (pip, uv, Poetry, Pipenv): which one, the files its
//! install reads, and the commands it runs.

use anyhow::{Result, bail};
use serde::Serialize;

use super::{PythonFacts, version_at_least};
use crate::scan::DirIndex;

const UV: &str = "uv==0.13.9";
const POETRY: &str = "poetry==2.5.1";
const PIPENV: &str = "pipenv==2026.10.3";
/// The package manager; serialised as its command's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Manager {
    #[default]
    Pip,
    Uv,
    Poetry,
    Pipenv,
}

impl std::fmt::Display for Manager {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Manager::Pip => "pip",
            Manager::Uv => "uv",
            Manager::Poetry => "poetry",
            Manager::Pipenv => "pipenv",
        })
    }
}

/// The package manager and the file it installs from: a modern lockfile
/// wins over an exported requirements.txt. Also the requirements file, if
/// there is one beside it.
pub(super) fn choose_manager(index: &DirIndex, has_project: bool, has_backend: bool, tool_poetry: bool) -> Result<((Manager, &'static str), Option<&'static str>)> {
    let req_file = ["requirements.txt", "requirements/production.txt", "requirements/prod.txt", "requirements/base.txt"]
        .into_iter()
        .find(|r| index.is_file(r));

    let chosen = if index.has_file("uv.lock") {
        (Manager::Uv, "uv.lock")
    } else if index.has_file("poetry.lock") && (tool_poetry || has_backend) {
        (Manager::Poetry, "poetry.lock")
    } else if index.has_file("Pipfile.lock") {
        (Manager::Pipenv, "Pipfile.lock")
    } else if index.has_file("Pipfile") {
        (Manager::Pipenv, "Pipfile")
    } else if let Some(r) = req_file {
        (Manager::Pip, r)
    } else if has_project {
        // PEP 621 dependencies, with or without a build backend (`uv init`
        // writes none for an app): an app needs no installing as a package.
        (Manager::Pip, "pyproject.toml")
    } else if index.has_file("pyproject.toml") {
        bail!("pyproject.toml has no [project] table, and there is no requirements.txt, uv.lock, poetry.lock or Pipfile, so dockgen cannot tell how to install the dependencies; add them under [project] dependencies, or write a requirements.txt");
    } else {
        bail!(
            "no Python dependency file in {}: add a requirements.txt (even an empty one) or a pyproject.toml",
            index.root.display()
        );
    };
    Ok((chosen, req_file))
}

/// The files the dependency step bind-mounts.
pub(super) fn manifests(f: &PythonFacts, version: &str) -> Vec<String> {
    if let Some(ws) = &f.ws {
        // The root's pyproject.toml and uv.lock, and each member's it uses.
        let mut m = vec!["pyproject.toml".to_string(), "uv.lock".to_string()];
        m.extend(ws.deps.iter().chain(std::iter::once(&ws.member)).filter(|d| *d != ".").map(|d| crate::workspace::join(d, "pyproject.toml")));
        return m;
    }
    let mut manifests: Vec<String> = match f.manager {
        Manager::Uv => vec!["pyproject.toml".into(), "uv.lock".into()],
        Manager::Poetry => vec!["pyproject.toml".into(), "poetry.lock".into()],
        Manager::Pipenv => vec!["Pipfile".into()],
        _ if f.requirements.is_some() => {
            let mut m: Vec<String> = f.requirements.iter().chain(&f.requirement_includes).cloned().collect();
            if !f.pep621_dependencies.is_empty() {
                m.push("pyproject.toml".into());
            }
            m
        }
        _ if version_at_least(version, "3.11") => vec!["pyproject.toml".into()],
        _ => Vec::new(),
    };
    if f.manager == Manager::Pipenv && f.manager_source == "Pipfile.lock" {
        manifests.push("Pipfile.lock".into());
    }
    manifests
}

/// The variable a private index URL goes in (`--private-registry`).
pub(super) fn index_url_env(manager: Manager) -> Result<&'static str> {
    Ok(match manager {
        Manager::Pip => "PIP_INDEX_URL",
        Manager::Uv => "UV_DEFAULT_INDEX",
        other => bail!("--private-registry supports pip and uv; for {other}, declare the source in its own file (Poetry: [[tool.poetry.source]], Pipenv: [[source]]) with credentials from the environment"),
    })
}

/// (tool, install dependencies, install the project, cache dir). A server
/// dockgen adds is a separate install: hash-checked requirements would
/// reject an unhashed extra.
pub(super) fn commands(f: &PythonFacts, version: &str) -> (Option<String>, String, Option<String>, String) {
    let then_server = |installer: &str| {
        f.added_server.as_deref().map(|s| format!(" \\\n && {installer} install {s}")).unwrap_or_default()
    };
    // A server installed beside the lock stays: uv sync removes what the
    // lock lacks unless told --inexact.
    let inexact = if f.added_server.is_some() { " --inexact" } else { "" };
    let uv_extras: String = f.extras.iter().map(|e| format!(" --extra {e}")).collect();
    if let Some(ws) = &f.ws {
        // --frozen: the lock is the root's, and the other members'
        // pyproject.toml files are not here for --locked to compare.
        return (
            Some(UV.into()),
            format!("uv sync --frozen --no-dev --no-install-workspace --package {}{}", ws.name, then_server("uv pip")),
            Some(format!("uv sync --frozen --no-dev --no-editable{inexact} --package {}", ws.name)),
            "/root/.cache/uv".into(),
        );
    }
    match f.manager {
        Manager::Uv => (
            Some(UV.into()),
            format!("uv sync --locked --no-dev --no-install-project{uv_extras}{}", then_server("uv pip")),
            f.install_project.then(|| format!("uv sync --locked --no-dev --no-editable{uv_extras}{inexact}")),
            "/root/.cache/uv".into(),
        ),
        Manager::Poetry => (
            Some(POETRY.into()),
            format!("poetry install --only main --no-root --no-interaction{}", then_server("pip")),
            f.install_project.then(|| "poetry install --only main --no-interaction".to_string()),
            "/root/.cache/pypoetry".into(),
        ),
        Manager::Pipenv => (
            Some(PIPENV.into()),
            format!(
                "pipenv requirements{} > /tmp/requirements.txt \\\n && pip install -r /tmp/requirements.txt{}",
                if f.manager_source == "Pipfile.lock" { " --hash" } else { "" },
                then_server("pip")
            ),
            None,
            "/root/.cache/pip".into(),
        ),
        _ if f.requirements.is_some() => {
            let mut install = format!("pip install -r {}", f.requirements.as_deref().unwrap_or("requirements.txt"));
            if !f.pep621_dependencies.is_empty() {
                install = format!("{install} \\\n && {}", pep621_install(f, version, ""));
            }
            (None, format!("{install}{}", then_server("pip")), None, "/root/.cache/pip".into())
        }
        _ => (None, pep621_install(f, version, &then_server("pip")), None, "/root/.cache/pip".into()),
    }
}

/// PEP 621: the dependencies without the project. Read from the
/// bind-mounted pyproject.toml (tomllib, Python 3.11+), so the layer follows
/// the file; older Pythons get the list written in.
fn pep621_install(f: &PythonFacts, version: &str, then_server: &str) -> String {
    if version_at_least(version, "3.11") && !f.extras.is_empty() {
        // The optional groups' packages too (names checked: letters,
        // digits, - _ . only).
        let groups = f.extras.iter().map(|e| format!("'{e}'")).collect::<Vec<_>>().join(", ");
        format!(
            "python -c \"import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; print('\\n'.join(p.get('dependencies', []) + [d for e in ({groups},) for d in p.get('optional-dependencies', {{}}).get(e, [])]))\" > /tmp/requirements.txt \\\n && pip install -r /tmp/requirements.txt{then_server}"
        )
    } else if version_at_least(version, "3.11") {
        format!(
            "python -c \"import tomllib; print('\\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project'].get('dependencies', [])))\" > /tmp/requirements.txt \\\n && pip install -r /tmp/requirements.txt{then_server}"
        )
    } else {
        let mut deps: Vec<String> = f.pep621_dependencies.iter().map(|d| crate::escape::shell_quote(d)).collect();
        if !then_server.is_empty() {
            deps.extend(f.added_server.clone());
        }
        if deps.is_empty() { "true".to_string() } else { format!("pip install {}", deps.join(" ")) }
    }
}

