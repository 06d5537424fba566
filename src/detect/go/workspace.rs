//! `go.work`: its `use` directives list the workspace's modules; a member's
//! local modules are those its go.mod requires by their module path.
//!
//! gomod-parser reads go.mod only, so the `use` directives (one per line,
//! or a parenthesised block, `//` comments) are read here.

use anyhow::{Result, bail};
use serde::Serialize;
use std::collections::BTreeMap;

use crate::scan::DirIndex;
use crate::workspace::{Decl, Workspace, join};

/// The workspace `root`'s go.work declares, if any.
pub(super) fn declared(root: &DirIndex) -> Result<Option<Decl>> {
    if !root.has_file("go.work") {
        return Ok(None);
    }
    let text = root.read("go.work")?;
    let mut members = Vec::new();
    for dir in use_directives(&text)? {
        let tidy = dir.trim_start_matches("./").trim_end_matches('/');
        let tidy = if tidy.is_empty() { "." } else { tidy };
        if tidy.starts_with('/') || tidy.split('/').any(|s| s == "..") {
            bail!("go.work: use {} leaves the workspace root; dockgen builds from the root, so every module must be inside it", crate::text::printable(&dir));
        }
        if root.is_file(&join(tidy, "go.mod")) {
            members.push(tidy.to_string());
        }
    }
    Ok(Some(Decl {
        language: "go",
        kind: "Go workspace (go.work)".to_string(),
        manifest: "go.work".to_string(),
        lockfile: root.has_file("go.work.sum").then(|| "go.work.sum".to_string()),
        members,
    }))
}

/// The folders of go.work's `use` directives.
fn use_directives(text: &str) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut in_block = false;
    for (n, raw) in text.lines().enumerate() {
        let line = raw.split("//").next().unwrap_or("").trim();
        if in_block {
            if line == ")" {
                in_block = false;
            } else if !line.is_empty() {
                out.push(unquote(line, n)?);
            }
            continue;
        }
        let Some(rest) = line.strip_prefix("use") else { continue };
        if !rest.is_empty() && !rest.starts_with([' ', '\t', '(']) {
            continue;
        }
        match rest.trim() {
            "(" => in_block = true,
            one if !one.is_empty() => out.push(unquote(one, n)?),
            _ => bail!("go.work line {}: `use` names no folder; write `use ./app`", n + 1),
        }
    }
    if in_block {
        bail!("go.work: a `use (` block is never closed; add the `)` line");
    }
    Ok(out)
}

fn unquote(word: &str, n: usize) -> Result<String> {
    let w = word.trim_matches(|c| c == '"' || c == '`');
    if w.is_empty() || w.contains(char::is_whitespace) {
        bail!("go.work line {}: {} is not one folder; write one module folder per line", n + 1, crate::text::printable(word));
    }
    Ok(w.to_string())
}

/// go.mod's `replace … => ../lib` directives that leave the module's folder.
pub(super) fn replaced(gomod: &gomod_parser::GoMod) -> Option<crate::workspace::Reach> {
    let targets: Vec<String> = gomod
        .replace
        .iter()
        .filter_map(|r| match &r.replacement {
            gomod_parser::Replacement::FilePath(p) if p.starts_with("../") => Some(p.trim_end_matches('/').to_string()),
            _ => None,
        })
        .collect();
    (!targets.is_empty()).then(|| crate::workspace::Reach {
        kind: "Go modules joined by replace directives".to_string(),
        manifest: "go.mod".to_string(),
        targets,
    })
}

/// A member's place in its Go workspace, for the Go plan.
#[derive(Debug, Clone, Serialize)]
pub struct GoWs {
    pub member: String,
    /// The modules the build needs, local ones first, then the member.
    pub modules: Vec<String>,
    /// The trimmed go.work the download step writes (none when go.mod's
    /// replace directives join the modules: the member's folder builds).
    pub work_init: Option<String>,
    /// `module@version` of every module outside the workspace the member's
    /// modules require: what the download step fetches by name (a bare `go
    /// mod download` would also ask the proxy for the local modules'
    /// required versions, which were never published).
    pub external: Vec<String>,
}

/// The member's local modules: members whose module path its go.mod (or
/// theirs, in turn) requires.
pub(super) fn member(ws: &Workspace, requires: &[(String, String)]) -> Result<GoWs> {
    let mut by_path: BTreeMap<String, (String, Vec<(String, String)>)> = BTreeMap::new();
    for m in ws.decl.members.iter().filter(|m| **m != ws.member) {
        let text = ws.root.read(&join(m, "go.mod"))?;
        let Ok(gomod) = <gomod_parser::GoMod as std::str::FromStr>::from_str(&text) else {
            bail!("{}: could not be parsed; fix it, for example with `go mod tidy`", join(m, "go.mod"));
        };
        let reqs = gomod.require.iter().map(|r| (r.module.module_path.clone(), r.module.version.clone())).collect();
        by_path.insert(gomod.module.trim().trim_matches('"').to_string(), (m.clone(), reqs));
    }
    let mut modules: Vec<String> = Vec::new();
    let mut external: Vec<String> = Vec::new();
    let mut stack: Vec<(String, bool)> = requires.iter().rev().map(|r| (r.0.clone(), false)).collect();
    let mut seen: Vec<String> = Vec::new();
    let add_external = |reqs: &[(String, String)], external: &mut Vec<String>| -> Result<()> {
        for (path, version) in reqs.iter().filter(|(p, _)| !by_path.contains_key(p)) {
            let safe = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "._~/+-".contains(c));
            if !safe(path) || !safe(version) {
                bail!("go.mod: the requirement {} {} is not a plain module path and version; fix it with `go mod tidy`", crate::text::printable(path), crate::text::printable(version));
            }
            let id = format!("{path}@{version}");
            if !external.contains(&id) {
                external.push(id);
            }
        }
        Ok(())
    };
    add_external(requires, &mut external)?;
    // Depth first, each module after those it requires.
    while let Some((path, expanded)) = stack.pop() {
        let Some((dir, reqs)) = by_path.get(&path) else { continue };
        if expanded {
            if !modules.contains(dir) {
                modules.push(dir.clone());
            }
            continue;
        }
        if seen.contains(&path) {
            continue;
        }
        seen.push(path.clone());
        add_external(reqs, &mut external)?;
        stack.push((path, true));
        stack.extend(reqs.iter().rev().map(|r| (r.0.clone(), false)));
    }
    modules.push(ws.member.clone());
    let work_init = (ws.decl.manifest == "go.work").then(|| format!("go work init {}", modules.iter().map(|m| if m == "." { ".".to_string() } else { format!("./{m}") }).collect::<Vec<_>>().join(" ")));
    external.sort();
    Ok(GoWs { member: ws.member.clone(), modules, work_init, external })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_work_use_directives_one_per_line_or_in_a_block() {
        assert_eq!(use_directives("go 1.23\n\nuse ./api // the service\nuse (\n\t./lib\n\t\"./tools\"\n)\n").unwrap(), ["./api", "./lib", "./tools"]);
        assert!(use_directives("use (\n./a\n").unwrap_err().to_string().contains("never closed"));
        assert!(use_directives("use\n").unwrap_err().to_string().contains("names no folder"));
        assert!(use_directives("usefoo ./x\n").unwrap().is_empty());
    }

    #[test]
    fn a_members_local_modules_come_first() {
        let dir = crate::detect::test_project(&[
            ("go.work", "go 1.23\nuse (\n ./api\n ./lib\n ./base\n ./web\n)\n"),
            ("api/go.mod", "module example.com/api\n\ngo 1.23\n\nrequire example.com/lib v0.0.0\n"),
            ("lib/go.mod", "module example.com/lib\n\ngo 1.23\n\nrequire example.com/base v0.0.0\n"),
            ("base/go.mod", "module example.com/base\n\ngo 1.23\n"),
            ("web/go.mod", "module example.com/web\n\ngo 1.23\n"),
        ]);
        let root = DirIndex::scan(dir.path()).unwrap();
        let decl = declared(&root).unwrap().unwrap();
        assert_eq!(decl.members, ["api", "lib", "base", "web"]);
        let ws = Workspace { decl, root, member: "api".into(), memo: Default::default() };
        let m = member(&ws, &[("example.com/lib".to_string(), "v0.0.0".to_string()), ("github.com/x/y".to_string(), "v1.2.3".to_string())]).unwrap();
        assert_eq!(m.modules, ["base", "lib", "api"]);
        assert_eq!(m.external, ["github.com/x/y@v1.2.3"]);
        assert_eq!(m.work_init.as_deref(), Some("go work init ./base ./lib ./api"));
    }
}
