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
    let (manager, lock, install, cache) = if index.has_file("pnpm-lock.yaml") {
        ("pnpm", Some("pnpm-lock.yaml"), "corepack enable && pnpm install --frozen-lockfile", "/root/.local/share/pnpm/store")
    } else if index.has_file("yarn.lock") {
        ("yarn", Some("yarn.lock"), "yarn install --frozen-lockfile", "/usr/local/share/.cache/yarn")
    } else if index.has_file("package-lock.json") {
        ("npm", Some("package-lock.json"), "npm ci", "/root/.npm")
    } else {
        ("npm", None, "npm install", "/root/.npm")
    };
    let image = crate::bases::newest_published(IMAGE)?;
    Ok(Some(AssetStage {
        image,
        binds: std::iter::once("package.json").chain(lock).map(str::to_string).collect(),
        cache: cache.to_string(),
        install: install.to_string(),
        build: format!("{manager} run build"),
        says: format!("{manager}-built assets"),
    }))
}
