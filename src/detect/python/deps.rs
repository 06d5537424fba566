//! The project's dependencies: their names (for the framework, native
//! builds and servers), a requirements file and the files it includes, the
//! PEP 621 list pip installs, and the optional groups installed with them.

use anyhow::{Result, bail};

use super::requirements::{self, dependency_names, normalise};
use super::{Manager, PythonFacts, str_list};
use crate::model::Choices;
use crate::scan::DirIndex;

/// Dependency names, for framework and native-build detection, and for
/// pip with PEP 621 the requirements themselves. Returns warnings.
pub(super) fn dependencies(index: &DirIndex, chosen: (Manager, &str), pyproject: Option<&toml::Table>, pipfile: Option<&toml::Table>, f: &mut PythonFacts) -> Result<Vec<String>> {
    let mut warnings = Vec::new();
    let project = pyproject.and_then(|p| p.get("project")).and_then(|v| v.as_table());
    let has_backend = pyproject.is_some_and(|p| p.get("build-system").is_some());
    let tool_poetry = pyproject.and_then(|p| p.get("tool")?.get("poetry")).is_some();
    match f.manager {
        Manager::Pip if chosen.1 != "pyproject.toml" => read_requirements(index, chosen.1, project, f, &mut warnings)?,
        Manager::Pipenv => {
            if let Some(pipfile) = pipfile {
                f.dependencies = pipfile.get("packages").and_then(|p| p.as_table()).map(|t| t.keys().map(|k| normalise(k)).collect()).unwrap_or_default();
            }
            if chosen.1 == "Pipfile" {
                warnings.push("Pipfile without Pipfile.lock: the build locks at build time and is not reproducible; run `pipenv lock` and commit Pipfile.lock".to_string());
            }
        }
        _ => {
            let deps = project.map(|p| str_list(p.get("dependencies"))).unwrap_or_default();
            f.dependencies = dependency_names(deps.iter().map(String::as_str));
            if tool_poetry && f.dependencies.is_empty() {
                f.dependencies = pyproject
                    .and_then(|p| p.get("tool")?.get("poetry")?.get("dependencies")?.as_table().cloned())
                    .map(|t| t.keys().filter(|k| *k != "python").map(|k| normalise(k)).collect())
                    .unwrap_or_default();
            }
            if f.manager == Manager::Pip {
                // The source is copied and run where it is: installing it
                // as a package would need a package layout an app may lack.
                f.pep621_dependencies = deps;
                f.install_project = false;
            } else {
                f.install_project = has_backend && !(f.manager == Manager::Poetry && pyproject.and_then(|p| p.get("tool")?.get("poetry")?.get("package-mode")?.as_bool()) == Some(false));
            }
        }
    }
    Ok(warnings)
}

/// The optional dependency groups installed with the dependencies (pip
/// or uv from pyproject.toml): their packages join the names read.
pub(super) fn optional_groups(index: &DirIndex, project: Option<&toml::Table>, choices: &Choices, f: &mut PythonFacts) -> Result<()> {
    let applies = matches!(f.manager, Manager::Pip | Manager::Uv) && f.requirements.is_none() && f.ws.is_none() && project.is_some();
    if !applies {
        if choices.extras.is_some() {
            bail!("--extra is for a pyproject.toml installed with pip or uv, and this project installs with {}; drop the flag (or the `extras` line of dockgen.toml)", f.manager);
        }
        return Ok(());
    }
    let (extras, read) = requirements::extras(index, project, choices.extras.as_deref())?;
    for e in &extras {
        let deps = project.and_then(|p| p.get("optional-dependencies")?.get(e)).map(|v| str_list(Some(v))).unwrap_or_default();
        f.dependencies.extend(dependency_names(deps.iter().map(String::as_str)));
        if f.manager == Manager::Pip {
            f.pep621_dependencies.extend(deps);
        }
    }
    f.extras = extras;
    f.extras_read = read;
    Ok(())
}

/// A requirements file pip installs: its names, the files it includes (read
/// and mounted; one that cannot be mounted is refused), and pyproject.toml's
/// [project] dependencies when it lacks them (a requirements.txt of extras).
fn read_requirements(index: &DirIndex, file: &str, project: Option<&toml::Table>, f: &mut PythonFacts, warnings: &mut Vec<String>) -> Result<()> {
    f.requirements = Some(file.to_string());
    let text = index.read(file)?;
    f.dependencies = dependency_names(text.lines());
    // Included files: read for their names, and mounted for pip. One
    // that cannot be mounted fails pip in the build: refused now.
    requirements::refuse_unmountable(file, &text)?;
    let mut todo = requirements::includes(file, &text);
    while let Some(inc) = todo.pop() {
        if f.requirement_includes.contains(&inc) || f.requirement_includes.len() >= 20 || inc == file {
            continue;
        }
        let Ok(t) = index.read(&inc) else {
            bail!("{file} includes {inc} (-r), which is not in the project, so pip cannot read it in the build; add the file, or remove the line");
        };
        requirements::refuse_unmountable(&inc, &t)?;
        f.dependencies.extend(dependency_names(t.lines()));
        todo.extend(requirements::includes(&inc, &t));
        f.requirement_includes.push(inc);
    }
    // A package's own dependencies in pyproject.toml beside a
    // requirements.txt of extras (a server, pins): both installed.
    let deps = project.map(|p| str_list(p.get("dependencies"))).unwrap_or_default();
    let names = dependency_names(deps.iter().map(String::as_str));
    if names.iter().any(|n| !f.dependencies.contains(n)) {
        warnings.push(format!("{file} and pyproject.toml's [project] dependencies are both installed (pyproject.toml lists packages {file} does not)"));
        f.dependencies.extend(names);
        f.pep621_dependencies = deps;
    }
    Ok(())
}
