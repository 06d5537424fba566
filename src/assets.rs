//! Front-end assets in another language's app: a package.json whose build
//! script writes the CSS and JS a Django, Flask or FastAPI app serves. The
//! language that serves decides the image (see `detect::serving`); the npm
//! (or Yarn, pnpm) build becomes a stage of its own, and the app's source
//! is taken from that stage, with whatever the build wrote beside it.

use anyhow::Result;
use serde::Serialize;

use crate::scan::DirIndex;

/// The assets stage, as a template lays it out (`partials/assets.j2`).
#[derive(Debug, Clone, Serialize)]
pub struct AssetStage {
    /// The Node.js image it builds on (the current LTS, from the catalog).
    pub image: String,
    /// Files the install reads, bind-mounted (package.json and the lockfile).
    pub binds: Vec<String>,
    /// The package cache, a cache mount.
    pub cache: String,
    /// The install command (`npm ci`).
    pub install: String,
    /// The build command (`npm run build`).
    pub build: String,
    /// How people say it: `npm-built assets`.
    pub says: String,
}

/// The Node.js image for an assets stage: the current LTS line on the
/// newest Debian release it was published for.
const IMAGE: &str = "node:26-{debian}-slim";

/// The assets stage for a project whose package.json has a build script;
/// None without one (a package.json for linting only builds nothing).
pub fn stage(index: &DirIndex) -> Result<Option<AssetStage>> {
    if !index.has_file("package.json") {
        return Ok(None);
    }
    let pkg = index.read_json("package.json")?;
    let has_build = pkg.get("scripts").and_then(|s| s.get("build")).is_some_and(|b| b.is_string());
    if !has_build {
        return Ok(None);
    }
    // Node.js 25+ ships neither Corepack nor (from 26) Yarn v1: the manager
    // is installed with npm, at the version packageManager names when it
    // is a plain release number.
    let pinned = |name: &str, default: &str| -> String {
        let v = pkg.get("packageManager").and_then(|m| m.as_str()).and_then(|m| m.strip_prefix(&format!("{name}@"))).map(|v| v.split('+').next().unwrap_or(v));
        v.filter(|v| !v.is_empty() && v.len() <= 20 && v.chars().all(|c| c.is_ascii_digit() || c == '.')).unwrap_or(default).to_string()
    };
    let (manager, lock, install, cache) = if index.has_file("pnpm-lock.yaml") {
        ("pnpm", Some("pnpm-lock.yaml"), format!("npm install -g pnpm@{} && pnpm install --frozen-lockfile", pinned("pnpm", "9")), "/root/.local/share/pnpm/store")
    } else if index.has_file("yarn.lock") && index.read("yarn.lock").is_ok_and(|t| t.contains("__metadata:")) {
        // Yarn Berry: Corepack runs the version packageManager names.
        ("yarn", Some("yarn.lock"), "npm install -g --force corepack@0.33.0 && corepack enable && yarn install --immutable".to_string(), "/root/.yarn/berry/cache")
    } else if index.has_file("yarn.lock") {
        ("yarn", Some("yarn.lock"), format!("npm install -g --force yarn@{} && yarn install --frozen-lockfile", pinned("yarn", "1.22.22")), "/usr/local/share/.cache/yarn")
    } else if index.has_file("package-lock.json") {
        ("npm", Some("package-lock.json"), "npm ci".to_string(), "/root/.npm")
    } else {
        ("npm", None, "npm install".to_string(), "/root/.npm")
    };
    let image = crate::bases::newest_published(IMAGE)?;
    Ok(Some(AssetStage {
        image,
        binds: std::iter::once("package.json").chain(lock).map(str::to_string).collect(),
        cache: cache.to_string(),
        install,
        build: format!("{manager} run build"),
        says: format!("{manager}-built assets"),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn install(files: &[(&str, &str)]) -> String {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        stage(&DirIndex::scan(dir.path()).unwrap()).unwrap().unwrap().install
    }

    #[test]
    fn the_manager_is_installed_since_node_ships_neither_corepack_nor_yarn() {
        let pkg = |pm: &str| format!("{{\"scripts\": {{\"build\": \"webpack\"}}, \"packageManager\": \"{pm}\"}}");
        assert_eq!(install(&[("package.json", &pkg("pnpm@10.30.3")), ("pnpm-lock.yaml", "")]), "npm install -g pnpm@10.30.3 && pnpm install --frozen-lockfile");
        // Not a plain release number (a hostile one too): the default.
        assert_eq!(install(&[("package.json", &pkg("pnpm@9; curl x|sh")), ("pnpm-lock.yaml", "")]), "npm install -g pnpm@9 && pnpm install --frozen-lockfile");
        assert!(install(&[("package.json", &pkg("yarn@4.5.0")), ("yarn.lock", "__metadata:\n  version: 8\n")]).contains("corepack enable && yarn install --immutable"));
        assert_eq!(install(&[("package.json", &pkg("yarn@1.22.19")), ("yarn.lock", "# yarn lockfile v1\n")]), "npm install -g --force yarn@1.22.19 && yarn install --frozen-lockfile");
    }
}
