//! The package manager: which one, from packageManager or the lockfile, and
//! the install commands each runs.

use anyhow::{Result, bail};

use super::*;

/// The package manager; serialised and printed as its command's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Manager {
    #[default]
    Npm,
    Yarn,
    Pnpm,
    Bun,
}

impl Manager {
    pub fn parse(name: &str) -> Option<Manager> {
        Some(match name {
            "npm" => Manager::Npm,
            "yarn" => Manager::Yarn,
            "pnpm" => Manager::Pnpm,
            "bun" => Manager::Bun,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Manager::Npm => "npm",
            Manager::Yarn => "yarn",
            Manager::Pnpm => "pnpm",
            Manager::Bun => "bun",
        }
    }
}

impl std::fmt::Display for Manager {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `(install all, install production only, cache dir, setup)` per manager.
pub(super) fn manager_commands(f: &NodeFacts) -> (String, String, String, Option<String>) {
    let locked = f.lockfile.is_some();
    match (f.manager, f.yarn_berry) {
        (Manager::Pnpm, _) => (
            format!("pnpm install {}", if locked { "--frozen-lockfile" } else { "--no-frozen-lockfile" }),
            format!("pnpm install --prod {}", if locked { "--frozen-lockfile" } else { "--no-frozen-lockfile" }),
            "/root/.local/share/pnpm/store".to_string(),
            Some(format!("npm install -g pnpm@{}", f.manager_version.as_deref().unwrap_or("9"))),
        ),
        (Manager::Yarn, true) => (
            "yarn install --immutable".to_string(),
            "yarn workspaces focus --all --production".to_string(),
            "/root/.yarn/berry/cache".to_string(),
            // Corepack is not bundled with Node.js 25+: install it first.
            Some("npm install -g --force corepack@0.33.0 && corepack enable".to_string()),
        ),
        (Manager::Yarn, false) => (
            format!("yarn install{}", if locked { " --frozen-lockfile" } else { "" }),
            format!("yarn install --production{}", if locked { " --frozen-lockfile" } else { "" }),
            "/usr/local/share/.cache/yarn".to_string(),
            // node images drop Yarn v1 from Node.js 26; --force replaces the
            // bundled one where it is still there.
            Some(format!("npm install -g --force yarn@{}", f.manager_version.as_deref().unwrap_or("1.22.22"))),
        ),
        (Manager::Bun, _) => (
            format!("bun install{}", if locked { " --frozen-lockfile" } else { "" }),
            format!("bun install --production{}", if locked { " --frozen-lockfile" } else { "" }),
            "/root/.bun/install/cache".to_string(),
            Some(format!("npm install -g bun@{}", f.manager_version.as_deref().unwrap_or("1"))),
        ),
        _ => (
            if locked { "npm ci".to_string() } else { "npm install".to_string() },
            if locked { "npm ci --omit=dev".to_string() } else { "npm install --omit=dev".to_string() },
            "/root/.npm".to_string(),
            None,
        ),
    }
}

/// Removes dev dependencies from an installed node_modules in place,
/// running no scripts (the root's hooks need the tools being removed).
pub(super) fn prune_command(f: &NodeFacts) -> String {
    let locked = f.lockfile.is_some();
    match (f.manager, f.yarn_berry) {
        (Manager::Pnpm, _) => "pnpm prune --prod --ignore-scripts".to_string(),
        (Manager::Yarn, true) => "YARN_ENABLE_SCRIPTS=0 yarn workspaces focus --all --production".to_string(),
        (Manager::Yarn, false) => format!("yarn install --production --ignore-scripts --prefer-offline{}", if locked { " --frozen-lockfile" } else { "" }),
        (Manager::Bun, _) => format!("bun install --production --ignore-scripts{}", if locked { " --frozen-lockfile" } else { "" }),
        _ => "npm prune --omit=dev --ignore-scripts".to_string(),
    }
}

pub(super) fn package_manager(index: &DirIndex, pkg: &Pkg, f: &mut NodeFacts, warnings: &mut Vec<String>) -> Result<()> {
    let locks: Vec<(&str, Manager)> = [
        ("package-lock.json", Manager::Npm),
        ("npm-shrinkwrap.json", Manager::Npm),
        ("yarn.lock", Manager::Yarn),
        ("pnpm-lock.yaml", Manager::Pnpm),
        ("bun.lock", Manager::Bun),
        ("bun.lockb", Manager::Bun),
    ]
    .into_iter()
    .filter(|(file, _)| index.has_file(file))
    .collect();

    if let Some(pm) = string(&pkg.json, "packageManager")? {
        // "pnpm@9.1.0+sha512.…"
        let (name, version) = pm.split_once('@').unwrap_or((pm, ""));
        let version = version.split('+').next().unwrap_or("");
        let Some(manager) = Manager::parse(name) else {
            bail!("package.json: packageManager \"{pm}\" names an unknown manager; use npm, yarn, pnpm or bun (e.g. \"pnpm@9.1.0\")");
        };
        if !version.is_empty() && !version.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-') {
            bail!("package.json: packageManager \"{pm}\" has an invalid version; use e.g. \"{name}@9.1.0\"");
        }
        f.manager = manager;
        f.manager_version = Some(version.to_string()).filter(|v| !v.is_empty());
        f.manager_source = "package.json packageManager".to_string();
        f.lockfile = locks.iter().find(|(_, m)| *m == manager).map(|(l, _)| l.to_string());
        if f.lockfile.is_none()
            && let Some((other, owner)) = locks.first()
        {
            // The install would ignore the only lockfile there is.
            bail!("package.json: packageManager says {name}, but the only lockfile, {other}, is {owner}'s; fix packageManager, or delete {other} and run `{name} install` to write {name}'s lockfile");
        }
        if let Some((other, _)) = locks.iter().find(|(_, m)| *m != manager) {
            warnings.push(format!("packageManager says {name}, but {other} belongs to another manager; using {name}"));
        }
    } else if let Some((file, name)) = locks.first() {
        f.manager = *name;
        f.manager_source = file.to_string();
        f.lockfile = Some(file.to_string());
        let others: Vec<&str> = locks.iter().skip(1).filter(|(_, m)| m != name).map(|(l, _)| *l).collect();
        if !others.is_empty() {
            warnings.push(format!("several lockfiles ({file}, {}); using {file}. Delete the stale one", others.join(", ")));
        }
    } else if bun::uses_bun(pkg) {
        f.manager = Manager::Bun;
        f.manager_source = "no lockfile; package.json uses Bun".to_string();
        warnings.push(
            "no lockfile: dependencies install with `bun install`, so builds are not reproducible; run `bun install` and commit bun.lock".to_string(),
        );
    } else {
        f.manager = Manager::Npm;
        f.manager_source = "no lockfile: npm".to_string();
        warnings.push(
            "no lockfile: dependencies install with `npm install`, so builds are not reproducible; run `npm install` and commit package-lock.json".to_string(),
        );
    }

    match f.manager {
        Manager::Yarn => {
            let v1_header = f.lockfile.as_deref() == Some("yarn.lock")
                && index.read("yarn.lock").map(|t| t.contains("# yarn lockfile v1")).unwrap_or(false);
            let major = f.manager_version.as_deref().and_then(|v| v.split('.').next()?.parse::<u32>().ok());
            f.yarn_berry = match major {
                Some(m) => m >= 2,
                None => index.has_file(".yarnrc.yml") || (f.lockfile.is_some() && !v1_header),
            };
            if f.yarn_berry {
                let pnp = node_linker(index).as_deref() != Some("node-modules");
                if pnp {
                    warnings.push("Yarn Berry with Plug'n'Play: dockgen copies node_modules; set `nodeLinker: node-modules` in .yarnrc.yml".to_string());
                }
            }
        }
        Manager::Pnpm if f.manager_version.is_none() => {
            // The lockfile format tells which pnpm wrote it.
            if let Some(lock) = &f.lockfile
                && let Ok(text) = index.read(lock)
                && let Some(line) = text.lines().find(|l| l.starts_with("lockfileVersion:"))
            {
                let v = line.trim_start_matches("lockfileVersion:").trim().trim_matches(['\'', '"']);
                f.manager_version = Some(
                    match v.split('.').next().unwrap_or("") {
                        "9" => "9",
                        "6" => "8",
                        "5" => "7",
                        _ => "9",
                    }
                    .to_string(),
                );
            }
        }
        _ => {}
    }
    Ok(())
}

/// `nodeLinker` in .yarnrc.yml (Yarn Berry's install layout; Plug'n'Play
/// when unset), read with a YAML parser: quoted, commented or flow-styled
/// values all count.
fn node_linker(index: &DirIndex) -> Option<String> {
    let text = index.read(".yarnrc.yml").ok()?;
    let docs = yaml_rust2::YamlLoader::load_from_str(&text).ok()?;
    docs.first()?["nodeLinker"].as_str().map(str::to_string)
}
