//! uv workspaces: the root's `[tool.uv.workspace]` lists the members; a
//! member's local dependencies are the `[tool.uv.sources]` entries marked
//! `workspace = true`.

use anyhow::{Result, bail};
use serde::Serialize;
use std::collections::BTreeMap;

use crate::scan::DirIndex;
use crate::workspace::{Decl, Workspace, expand_members, join};

/// The workspace `root`'s pyproject.toml declares, if any.
pub(super) fn declared(root: &DirIndex) -> Result<Option<Decl>> {
    if !root.has_file("pyproject.toml") {
        return Ok(None);
    }
    let Ok(text) = root.read("pyproject.toml") else { return Ok(None) };
    if !text.contains("tool.uv.workspace") && !text.contains("[tool.uv]") {
        return Ok(None);
    }
    let doc: toml::Table = root.read_toml("pyproject.toml")?;
    let Some(ws) = doc.get("tool").and_then(|t| t.get("uv")).and_then(|u| u.get("workspace")) else { return Ok(None) };
    let list = |key: &str| -> Result<Vec<String>> {
        match ws.get(key) {
            None => Ok(Vec::new()),
            Some(toml::Value::Array(a)) => a
                .iter()
                .map(|v| match v.as_str() {
                    Some(s) => Ok(s.to_string()),
                    None => bail!("pyproject.toml: [tool.uv.workspace] {key} must list folder patterns as strings, such as \"packages/*\"; fix it"),
                })
                .collect(),
            Some(_) => bail!("pyproject.toml: [tool.uv.workspace] {key} must be a list of folder patterns, such as [\"packages/*\"]; fix it"),
        }
    };
    let mut patterns = list("members")?;
    patterns.extend(list("exclude")?.into_iter().map(|e| format!("!{e}")));
    let mut members: Vec<String> = expand_members(root, &patterns, "pyproject.toml")?
        .into_iter()
        .filter(|m| root.is_file(&join(m, "pyproject.toml")))
        .collect();
    // A root with a [project] of its own is a member too.
    if doc.get("project").is_some() {
        members.push(".".to_string());
    }
    Ok(Some(Decl {
        language: "python",
        kind: "uv workspace".to_string(),
        manifest: "pyproject.toml".to_string(),
        lockfile: root.has_file("uv.lock").then(|| "uv.lock".to_string()),
        members,
    }))
}

/// A member's place in its uv workspace, for the Python plan.
#[derive(Debug, Clone, Serialize)]
pub struct PyWs {
    /// The member's package name (what `--package` takes).
    pub name: String,
    /// The member's folder, relative to the root (`.` for the root project).
    pub member: String,
    /// Folders the build copies: local packages, then the member.
    pub sources: Vec<String>,
    /// Local packages, dependencies first.
    pub deps: Vec<String>,
}

/// The member's name and local packages, from the members' pyproject.toml
/// files.
pub(super) fn member(ws: &Workspace, name: Option<&str>) -> Result<PyWs> {
    if ws.decl.lockfile.is_none() {
        bail!("pyproject.toml: a uv workspace with no uv.lock at its root; run `uv lock` there and commit uv.lock");
    }
    let Some(name) = name else {
        bail!("{}: a uv workspace member needs [project] name (uv selects it with --package); add one", join(&ws.member, "pyproject.toml"));
    };
    // The name lands in `uv sync --package <name>`: PEP 508's rule for names.
    let valid = !name.is_empty()
        && name.len() <= 200
        && name.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name.ends_with(|c: char| c.is_ascii_alphanumeric());
    if !valid {
        bail!("{}: [project] name {:?} is not a valid Python package name (letters, digits, '.', '_', '-'); fix it", join(&ws.member, "pyproject.toml"), crate::text::printable(name));
    }
    let mut by_name: BTreeMap<String, (String, toml::Table)> = BTreeMap::new();
    for m in &ws.decl.members {
        let doc: toml::Table = ws.root.read_toml(&join(m, "pyproject.toml"))?;
        if let Some(n) = doc.get("project").and_then(|p| p.get("name")).and_then(|n| n.as_str()) {
            by_name.insert(normalise(n), (m.clone(), doc));
        }
    }
    let mut deps = Vec::new();
    visit(&normalise(name), &by_name, &mut deps, &mut Vec::new());
    deps.retain(|d| *d != ws.member);
    let sources = deps.iter().chain(std::iter::once(&ws.member)).filter(|d| *d != ".").cloned().collect();
    Ok(PyWs { name: name.to_string(), member: ws.member.clone(), sources, deps })
}

/// PEP 503 name normalisation: `My_Lib` and `my-lib` are one package.
fn normalise(name: &str) -> String {
    name.to_lowercase().replace(['_', '.'], "-")
}

/// Depth first through `[tool.uv.sources]` workspace entries, each package
/// after what it uses.
fn visit(name: &str, by_name: &BTreeMap<String, (String, toml::Table)>, out: &mut Vec<String>, path: &mut Vec<String>) {
    let Some((dir, doc)) = by_name.get(name) else { return };
    if path.contains(dir) || out.contains(dir) {
        return;
    }
    path.push(dir.clone());
    let sources = doc.get("tool").and_then(|t| t.get("uv")).and_then(|u| u.get("sources")).and_then(|s| s.as_table());
    for (dep, source) in sources.into_iter().flatten() {
        if source.get("workspace").and_then(|w| w.as_bool()) == Some(true) {
            visit(&normalise(dep), by_name, out, path);
        }
    }
    path.pop();
    out.push(dir.clone());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_uv_workspace_lists_its_members_and_a_members_local_packages() {
        let dir = crate::detect::test_project(&[
            ("pyproject.toml", "[tool.uv.workspace]\nmembers = [\"apps/*\", \"libs/*\"]\nexclude = [\"libs/old\"]\n"),
            ("uv.lock", "version = 1\n"),
            ("apps/api/pyproject.toml", "[project]\nname = \"api\"\n[tool.uv.sources]\nMy_Lib = { workspace = true }\nrequests = { git = \"x\" }\n"),
            ("libs/my-lib/pyproject.toml", "[project]\nname = \"my-lib\"\n[tool.uv.sources]\nbase = { workspace = true }\n"),
            ("libs/base/pyproject.toml", "[project]\nname = \"base\"\n"),
            ("libs/old/pyproject.toml", "[project]\nname = \"old\"\n"),
        ]);
        let root = DirIndex::scan(dir.path()).unwrap();
        let decl = declared(&root).unwrap().unwrap();
        assert_eq!(decl.members, ["apps/api", "libs/base", "libs/my-lib"]);
        let ws = Workspace { decl, root, member: "apps/api".into(), memo: Default::default() };
        let m = member(&ws, Some("api")).unwrap();
        assert_eq!(m.deps, ["libs/base", "libs/my-lib"]);
        assert_eq!(m.sources, ["libs/base", "libs/my-lib", "apps/api"]);
    }

    #[test]
    fn a_broken_workspace_table_is_one_line() {
        let dir = crate::detect::test_project(&[("pyproject.toml", "[tool.uv.workspace]\nmembers = \"apps/*\"\n")]);
        let e = declared(&DirIndex::scan(dir.path()).unwrap()).unwrap_err().to_string();
        assert!(e.contains("must be a list") && !e.contains('\n'), "{e}");
    }
}
