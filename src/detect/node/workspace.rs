//! npm, pnpm, Yarn and Bun workspaces: the root's pnpm-workspace.yaml or
//! package.json `workspaces` lists the members; a member's local
//! dependencies are the members its package.json names.

use anyhow::{Result, bail};
use serde::Serialize;
use std::collections::BTreeMap;

use super::package::{Pkg, read_package_json_at};
use super::{Manager, NodeFacts, Steps, package_manager};
use crate::scan::DirIndex;
use crate::workspace::{Decl, Workspace, expand_members, join};

/// The workspace `root` declares, if any.
pub(super) fn declared(root: &DirIndex) -> Result<Option<Decl>> {
    let (manifest, patterns) = if root.has_file("pnpm-workspace.yaml") {
        ("pnpm-workspace.yaml", pnpm_patterns(&root.read("pnpm-workspace.yaml")?)?)
    } else if root.has_file("package.json") {
        let Ok(text) = root.read("package.json") else { return Ok(None) };
        if !text.contains("\"workspaces\"") {
            return Ok(None);
        }
        let pkg = read_package_json_at(root, "package.json")?;
        match package_patterns(&pkg)? {
            Some(p) => ("package.json", p),
            None => return Ok(None),
        }
    } else {
        return Ok(None);
    };
    let lockfile = ["pnpm-lock.yaml", "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "bun.lock", "bun.lockb"]
        .into_iter()
        .find(|l| root.has_file(l))
        .map(str::to_string);
    let tool = match (manifest, lockfile.as_deref()) {
        ("pnpm-workspace.yaml", _) | (_, Some("pnpm-lock.yaml")) => "pnpm workspace",
        (_, Some("yarn.lock")) => "Yarn workspaces",
        (_, Some("bun.lock" | "bun.lockb")) => "Bun workspaces",
        _ => "npm workspaces",
    };
    let runner = if root.has_file("turbo.json") {
        " with Turborepo"
    } else if root.has_file("nx.json") {
        " with Nx"
    } else {
        ""
    };
    let members = expand_members(root, &patterns, manifest)?
        .into_iter()
        .filter(|m| root.is_file(&join(m, "package.json")))
        .collect();
    Ok(Some(Decl { language: "node", kind: format!("{tool}{runner}"), manifest: manifest.to_string(), lockfile, members }))
}

/// pnpm-workspace.yaml's `packages` list.
fn pnpm_patterns(text: &str) -> Result<Vec<String>> {
    let docs = yaml_rust2::YamlLoader::load_from_str(text).map_err(|e| {
        anyhow::anyhow!("pnpm-workspace.yaml is not valid YAML ({e}); fix it (it lists the members under packages:)")
    })?;
    let Some(doc) = docs.first() else { return Ok(Vec::new()) };
    match &doc["packages"] {
        yaml_rust2::Yaml::BadValue | yaml_rust2::Yaml::Null => Ok(Vec::new()),
        yaml_rust2::Yaml::Array(items) => items
            .iter()
            .map(|i| match i.as_str() {
                Some(s) => Ok(s.to_string()),
                None => bail!("pnpm-workspace.yaml: every entry of packages must be a folder pattern in quotes, such as \"apps/*\"; fix it"),
            })
            .collect(),
        _ => bail!("pnpm-workspace.yaml: packages must be a list of folder patterns, such as - \"apps/*\"; fix it"),
    }
}

/// package.json's `workspaces`: a list, or `{ "packages": [...] }` (Yarn).
fn package_patterns(pkg: &Pkg) -> Result<Option<Vec<String>>> {
    let list = match pkg.json.get("workspaces") {
        None | Some(serde_json::Value::Null) => return Ok(None),
        Some(serde_json::Value::Array(a)) => a,
        Some(serde_json::Value::Object(o)) => match o.get("packages") {
            Some(serde_json::Value::Array(a)) => a,
            _ => bail!("package.json: workspaces.packages must be a list of folder patterns, such as [\"apps/*\"]; fix it"),
        },
        Some(_) => bail!("package.json: workspaces must be a list of folder patterns, such as [\"apps/*\", \"packages/*\"]; fix it"),
    };
    list.iter()
        .map(|v| match v.as_str() {
            Some(s) => Ok(s.to_string()),
            None => bail!("package.json: every entry of workspaces must be a folder pattern string, such as \"apps/*\"; fix it"),
        })
        .collect::<Result<Vec<_>>>()
        .map(Some)
}

/// A member's place in its workspace, for the Node plan.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Local {
    /// The member's package name (what `--filter` and `-w` take).
    pub name: String,
    /// Local packages it uses, dependencies and dev tools alike, in build
    /// order (a package before those that use it), as root-relative folders.
    pub deps: Vec<String>,
    /// Those reached through `dependencies` alone: the runtime ships them.
    pub prod: Vec<String>,
    /// Local packages (of `deps`) with a build script.
    pub built: Vec<String>,
    /// The members that depend on this one: a member others use and that
    /// has no start script of its own is a library.
    pub used_by: Vec<String>,
    /// Each local package's name by folder (Yarn runs scripts by name).
    pub names: BTreeMap<String, String>,
}

/// The member's local dependencies, from the members' package.json files.
pub(super) fn local(ws: &Workspace, pkg: &Pkg) -> Result<Local> {
    // Every member's package.json, read once per run.
    let all = ws.memo(|| {
        let mut all = crate::scan::Manifests::new();
        for m in &ws.decl.members {
            let p = read_package_json_at(&ws.root, &join(m, "package.json"))?;
            if let Some(name) = p.json.get("name").and_then(|n| n.as_str()) {
                all.insert(name.to_string(), crate::scan::MemberManifest { dir: m.clone(), json: p.json, deps: p.deps, dev_deps: p.dev_deps });
            }
        }
        Ok(all)
    })?;
    let mut by_name: BTreeMap<String, (String, Pkg)> =
        all.iter().map(|(n, m)| (n.clone(), (m.dir.clone(), Pkg { json: m.json.clone(), deps: m.deps.clone(), dev_deps: m.dev_deps.clone() }))).collect();
    by_name.retain(|_, (d, _)| *d != ws.member);
    let Some(name) = pkg.json.get("name").and_then(|n| n.as_str()).map(str::to_string) else {
        bail!("{}: a workspace member needs a \"name\" (the package managers select it by name); add one", join(&ws.member, "package.json"));
    };
    let used_by = by_name.values().filter(|(_, p)| p.has(&name)).map(|(d, _)| d.clone()).collect();
    let names = by_name.iter().map(|(n, (d, _))| (d.clone(), n.clone())).collect();
    let mut out = Local { name, used_by, names, ..Default::default() };
    visit(pkg, &by_name, true, &mut out, &mut Vec::new());
    // Names land in commands (yarn workspace <name>): each must be npm's.
    for dir in &out.deps {
        if let Some(n) = out.names.get(dir).filter(|n| !package_name_ok(n)) {
            bail!("{}: the name {:?} is not a valid npm package name; fix it", join(dir, "package.json"), crate::text::printable(n));
        }
    }
    Ok(out)
}

/// Depth first, dependencies before dependents; `prod` while only
/// `dependencies` led here.
fn visit(pkg: &Pkg, by_name: &BTreeMap<String, (String, Pkg)>, prod: bool, out: &mut Local, path: &mut Vec<String>) {
    let edges = pkg.deps.iter().map(|d| (d, prod)).chain(pkg.dev_deps.iter().map(|d| (d, false)));
    for (dep, is_prod) in edges {
        let Some((dir, dep_pkg)) = by_name.get(dep) else { continue };
        if path.contains(dir) {
            continue; // a cycle: each package once
        }
        if is_prod && !out.prod.contains(dir) {
            out.prod.push(dir.clone());
        }
        if out.deps.contains(dir) && !is_prod {
            continue;
        }
        path.push(dir.clone());
        visit(dep_pkg, by_name, is_prod, out, path);
        path.pop();
        if !out.deps.contains(dir) {
            out.deps.push(dir.clone());
            if dep_pkg.script("build").is_some() {
                out.built.push(dir.clone());
            }
        }
    }
}

/// What a workspace member's Dockerfile does differently: where the member
/// sits, what the build stage copies, and what the runtime ships.
#[derive(Debug, Clone, Serialize)]
pub struct WsPlan {
    /// The member's folder with a trailing `/` (`apps/api/`).
    pub src: String,
    /// The member's folder in the image (`/app/apps/api`; `/app` after a deploy).
    pub app_dir: String,
    /// The root's own config files the build reads (tsconfig.base.json, turbo.json).
    pub root_files: Vec<String>,
    /// The folders the build stage copies: local packages, then the member.
    pub sources: Vec<String>,
    /// pnpm deploy: the member and its production dependencies, local
    /// packages copied in, gathered in /prod/app.
    pub deploy: Option<String>,
    /// npm, Yarn, Bun: the local packages the runtime ships, each from the
    /// build stage when built there, else from the context.
    pub runtime_locals: Vec<RuntimeLocal>,
    /// npm, Yarn, Bun: the node_modules folders the runtime takes from the
    /// production install (the root's, each shipped local package's, the
    /// member's), not the whole tree: the other members' manifests bound
    /// for the install stay out.
    pub node_modules: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RuntimeLocal {
    pub dir: String,
    pub built: bool,
}

/// Install, production install and build commands for a member, and its
/// [`WsPlan`]: npm, pnpm, Yarn v1, Yarn Berry or Bun.
pub(super) fn commands(ws: &Workspace, local: &Local, f: &NodeFacts, member_build: Option<&str>) -> (String, String, Option<String>, WsPlan) {
    let member = &ws.member;
    let name = &local.name;
    let filter = format!("--filter \"{name}...\"");
    let workspaces = |dirs: &[String]| dirs.iter().chain(std::iter::once(member)).map(|d| format!("--workspace {d}")).collect::<Vec<_>>().join(" ");
    let pnpm = f.manager == Manager::Pnpm;
    let (install, install_prod) = match (f.manager, f.yarn_berry) {
        (Manager::Pnpm, _) => (format!("pnpm install --frozen-lockfile {filter}"), String::new()),
        // Berry installs just this member and the members it uses.
        (Manager::Yarn, true) => (format!("yarn workspaces focus {name}"), format!("yarn workspaces focus --production {name}")),
        // Yarn v1 has no per-member install: the whole workspace's.
        (Manager::Yarn, false) => ("yarn install --frozen-lockfile".to_string(), "yarn install --production --frozen-lockfile".to_string()),
        (Manager::Bun, _) => (format!("bun install --frozen-lockfile --filter {name}"), format!("bun install --production --frozen-lockfile --filter {name}")),
        _ => (format!("npm ci {}", workspaces(&local.deps)), format!("npm ci --omit=dev {}", workspaces(&local.prod))),
    };
    // Local packages build first, then the member.
    let build = if pnpm {
        (member_build.is_some() || !local.built.is_empty()).then(|| format!("pnpm {filter} run build"))
    } else {
        let run = |dir: &str| match f.manager {
            Manager::Yarn => format!("yarn workspace {} run build", local.names.get(dir).map(String::as_str).unwrap_or(name)),
            Manager::Bun => format!("bun run --cwd {dir} build"),
            _ => format!("npm run build --workspace {dir}"),
        };
        let mut steps: Vec<String> = local.built.iter().map(|d| run(d)).collect();
        if member_build.is_some() {
            steps.push(run(member));
        }
        (!steps.is_empty()).then(|| steps.join(" \\\n && "))
    };
    let pnpm_major = f.manager_version.as_deref().and_then(|v| v.split('.').next()?.parse().ok()).unwrap_or(9);
    let deploy = pnpm.then(|| format!("pnpm --filter {name} deploy --prod{} /prod/app", if pnpm_major >= 10 { " --legacy" } else { "" }));
    let root_files = ws
        .root
        .files
        .iter()
        .filter(|f| {
            let ext = f.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
            matches!(ext, "json" | "js" | "cjs" | "mjs" | "ts" | "cts" | "mts" | "yaml" | "yml")
                && !f.starts_with("compose") && !f.starts_with("docker-compose") && !f.starts_with('.')
                && crate::escape::relative_dir(f).as_deref() == Some(f.as_str())
        })
        .cloned()
        .collect();
    let sources = local.deps.iter().chain(std::iter::once(member)).cloned().collect();
    let runtime_locals = local.prod.iter().map(|d| RuntimeLocal { dir: d.clone(), built: local.built.contains(d) }).collect();
    let node_modules = if pnpm {
        Vec::new()
    } else {
        std::iter::once("node_modules".to_string())
            .chain(local.prod.iter().chain(std::iter::once(member)).map(|d| crate::workspace::join(d, "node_modules")))
            .collect()
    };
    let plan = WsPlan {
        src: format!("{member}/"),
        app_dir: if pnpm { "/app".to_string() } else { format!("/app/{member}") },
        root_files,
        sources,
        deploy,
        runtime_locals,
        node_modules,
    };
    (install, install_prod, build, plan)
}

/// A workspace member's manager and lockfile (the root's) and its local
/// packages.
pub(super) fn member_facts(ws: &crate::workspace::Workspace, pkg: &Pkg, f: &mut NodeFacts, warnings: &mut Vec<String>) -> Result<()> {
    let root_pkg = if ws.root.has_file("package.json") { read_package_json_at(&ws.root, "package.json")? } else { Pkg { json: Default::default(), deps: Vec::new(), dev_deps: Vec::new() } };
    package_manager(&ws.root, &root_pkg, f, warnings)?;
    if f.lockfile.is_none() {
        bail!(
            "{}: no lockfile at the workspace root; a workspace member installs from the root's lockfile, so run `{} install` there and commit it",
            ws.decl.manifest,
            f.manager
        );
    }
    let local = local(ws, pkg)?;
    crate::workspace::check_paths(std::iter::once(&ws.member).chain(&local.deps))?;
    if !package_name_ok(&local.name) {
        bail!("{}: the name {:?} is not a valid npm package name; fix it", crate::workspace::join(&ws.member, "package.json"), crate::text::printable(&local.name));
    }
    f.workspace = Some(local);
    Ok(())
}

/// Where the lockfile is: the workspace root's, for a member.
pub(super) fn lock_index(index: &DirIndex) -> &DirIndex {
    match index.workspace.as_deref() {
        Some(ws) if ws.decl.language == "node" => &ws.root,
        _ => index,
    }
}

/// npm's rule for package names: lowercase, URL-safe, an optional scope.
fn package_name_ok(name: &str) -> bool {
    let part = |p: &str| !p.is_empty() && p.len() <= 214 && p.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-._~".contains(c)) && !p.starts_with('.');
    match name.strip_prefix('@').and_then(|n| n.split_once('/')) {
        Some((scope, rest)) => part(scope) && part(rest),
        None => !name.starts_with('@') && part(name),
    }
}

/// A workspace member's steps: the root's manifests and the member's and
/// its local packages' package.json files, each tool's own member filter.
pub(super) fn member_steps(ws: &crate::workspace::Workspace, local: &Local, f: &NodeFacts, steps: &mut Steps) {
    let mut manifests = vec!["package.json".to_string()];
    manifests.extend(f.lockfile.clone());
    if ws.root.has_file("pnpm-workspace.yaml") {
        manifests.push("pnpm-workspace.yaml".to_string());
    }
    // Yarn and Bun check their lockfile against every workspace: all members' manifests.
    let yarn = matches!(f.manager, Manager::Yarn | Manager::Bun);
    if yarn {
        manifests.extend([".yarnrc.yml", ".yarn/releases", ".yarn/plugins"].into_iter().filter(|p| ws.root.exists(p)).map(str::to_string));
    }
    let members: Vec<&String> = if yarn { ws.decl.members.iter().collect() } else { local.deps.iter().chain(std::iter::once(&ws.member)).collect() };
    for dir in members {
        manifests.push(crate::workspace::join(dir, "package.json"));
    }
    let member_build = steps.build.clone().filter(|_| f.build_script);
    let (install, install_prod, build, plan) = commands(ws, local, f, member_build.as_deref());
    let with_env = |cmd: String| if f.install_env.is_empty() || cmd.is_empty() { cmd } else { format!("{} {cmd}", f.install_env.join(" ")) };
    steps.manifests = manifests;
    steps.install = with_env(install);
    steps.install_prod = with_env(install_prod);
    // A TypeScript member without a build script compiles in its folder.
    steps.build = match (build, &steps.build) {
        (Some(b), _) => Some(b),
        (None, Some(_)) if f.manager == Manager::Pnpm => Some(format!("pnpm --filter {} exec tsc", local.name)),
        (None, Some(_)) => Some(format!("npx tsc -p {}", ws.member)),
        (None, None) => None,
    };
    steps.ws = Some(plan);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pnpm_and_npm_declarations_list_members_with_a_package_json() {
        let dir = crate::detect::test_project(&[
            ("pnpm-workspace.yaml", "packages:\n  - \"apps/*\"\n  - packages/*\n  - '!packages/skip'\n"),
            ("pnpm-lock.yaml", "lockfileVersion: '9.0'\n"),
            ("package.json", "{}"),
            ("apps/api/package.json", "{\"name\":\"api\"}"),
            ("apps/docs/README.md", ""),
            ("packages/shared/package.json", "{\"name\":\"@a/shared\"}"),
            ("packages/skip/package.json", "{\"name\":\"skip\"}"),
            ("turbo.json", "{}"),
        ]);
        let d = declared(&DirIndex::scan(dir.path()).unwrap()).unwrap().unwrap();
        assert_eq!(d.kind, "pnpm workspace with Turborepo");
        assert_eq!(d.members, ["apps/api", "packages/shared"]);
        assert_eq!(d.lockfile.as_deref(), Some("pnpm-lock.yaml"));

        let dir = crate::detect::test_project(&[("package.json", "{\"workspaces\": {\"packages\": [\"libs/*\"]}}"), ("libs/a/package.json", "{}")]);
        let d = declared(&DirIndex::scan(dir.path()).unwrap()).unwrap().unwrap();
        assert_eq!((d.kind.as_str(), d.members.as_slice()), ("npm workspaces", &["libs/a".to_string()][..]));
    }

    #[test]
    fn broken_workspace_manifests_are_one_line_errors() {
        for (file, body, says) in [
            ("pnpm-workspace.yaml", "packages: [\"apps/*\"\n", "pnpm-workspace.yaml is not valid YAML"),
            ("pnpm-workspace.yaml", "packages: apps\n", "packages must be a list"),
            ("package.json", "{\"workspaces\": \"apps/*\"}", "workspaces must be a list"),
            ("package.json", "{\"workspaces\": [\"apps/*\",}", "package.json is not valid JSON"),
        ] {
            let dir = crate::detect::test_project(&[(file, body)]);
            let e = declared(&DirIndex::scan(dir.path()).unwrap()).unwrap_err().to_string();
            assert!(e.contains(says) && !e.contains('\n'), "{e}");
        }
        // A package.json that does not mention workspaces declares nothing, broken or not.
        let dir = crate::detect::test_project(&[("package.json", "{broken")]);
        assert!(declared(&DirIndex::scan(dir.path()).unwrap()).unwrap().is_none());
    }
}
