//! Node.js checks that turn real-project build failures into settings or
//! one clear warning: a lockfile the image's npm refuses, install scripts
//! that download browsers, a start command that reads a docker-ignored
//! `.env`.

use serde_json::Value;

use super::NodeFacts;
use super::package::Pkg;
use super::workspace::lock_index;
use crate::scan::DirIndex;

/// The npm major each Node.js major bundles (what its image's `npm ci` is).
const BUNDLED_NPM: &[(u64, u64)] = &[(18, 10), (20, 10), (22, 10), (24, 11), (26, 11)];

/// A package-lock.json (v2/v3) whose packages name optional dependencies the
/// lock does not hold: written by an older npm, or on one platform only
/// (npm/cli#4828). npm 11's `npm ci` refuses it as "not in sync".
/// Returns the warning, naming the npm the image has and the fix.
pub fn stale_npm_lock(lock: &str, node_major: u64) -> Option<String> {
    let v: Value = serde_json::from_str(lock).ok()?;
    let packages = v.get("packages")?.as_object()?;
    let mut missing = Vec::new();
    for (path, p) in packages {
        let Some(opt) = p.get("optionalDependencies").and_then(Value::as_object) else { continue };
        for dep in opt.keys() {
            // Resolved next to the package, or hoisted to the top.
            let nested = format!("{path}/node_modules/{dep}");
            if !packages.contains_key(&nested) && !packages.contains_key(&format!("node_modules/{dep}")) {
                missing.push((path.rsplit("node_modules/").next().unwrap_or(path).to_string(), dep.clone()));
            }
        }
    }
    let (owner, first) = missing.first()?;
    let npm = BUNDLED_NPM.iter().find(|(n, _)| *n == node_major).map(|(_, m)| *m).unwrap_or(11);
    let lock_version = v.get("lockfileVersion").and_then(Value::as_u64).unwrap_or(0);
    Some(format!(
        "package-lock.json (lockfileVersion {lock_version}) lacks {} optional dependencies of {owner} (first: {first}): an older npm, or one run on a single platform, wrote it (npm/cli#4828). The image's npm {npm} (Node.js {node_major}) {}; refresh the lockfile with `rm -rf node_modules package-lock.json && npx -y npm@{npm} install` and commit it",
        missing.len(),
        if npm >= 11 { "refuses `npm ci` on it (\"package.json and package-lock.json are not in sync\")" } else { "may refuse `npm ci` on it" }
    ))
}

/// Packages whose install scripts download a browser or a binary, and the
/// variable that skips the download.
const DOWNLOADERS: &[(&str, &str)] = &[
    ("cypress", "CYPRESS_INSTALL_BINARY=0"),
    ("puppeteer", "PUPPETEER_SKIP_DOWNLOAD=1"),
    ("playwright", "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1"),
    ("@playwright/test", "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1"),
    ("playwright-core", "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1"),
    ("electron", "ELECTRON_SKIP_BINARY_DOWNLOAD=1"),
    ("chromedriver", "CHROMEDRIVER_SKIP_DOWNLOAD=true"),
    ("geckodriver", "GECKODRIVER_SKIP_DOWNLOAD=true"),
];

/// The variables that keep test browsers out of the install step (they need
/// the internet and slow every build), and a warning for a production
/// dependency that needs its browser at run time.
pub fn download_skips(deps: &[String], dev_deps: &[String]) -> (Vec<String>, Vec<String>) {
    let mut env: Vec<String> = Vec::new();
    let mut warnings = Vec::new();
    for (pkg, var) in DOWNLOADERS {
        let prod = deps.iter().any(|d| d == pkg);
        if prod || dev_deps.iter().any(|d| d == pkg) {
            if !env.iter().any(|e| e == var) {
                env.push(var.to_string());
            }
            if prod {
                warnings.push(format!(
                    "{pkg} is a production dependency: its browser download is skipped ({var}), and the runtime image has no browser; if the app drives one at run time, use --runtime slim and install it, or move {pkg} to devDependencies"
                ));
            }
        }
    }
    (env, warnings)
}

/// `node --env-file=.env app.js` dies at start in the image, where `.env`
/// is docker-ignored. Drops the flag and says how to pass the variables.
pub fn drop_env_file(argv: &[String]) -> (Vec<String>, Option<String>) {
    let mut out = Vec::new();
    let mut files = Vec::new();
    let mut i = 0;
    while i < argv.len() {
        let a = &argv[i];
        if let Some(f) = a.strip_prefix("--env-file=").or_else(|| a.strip_prefix("--env-file-if-exists=")) {
            files.push(f.to_string());
        } else if (a == "--env-file" || a == "--env-file-if-exists") && i + 1 < argv.len() {
            files.push(argv[i + 1].clone());
            i += 1;
        } else {
            out.push(a.clone());
        }
        i += 1;
    }
    if files.is_empty() {
        return (argv.to_vec(), None);
    }
    let warning = format!(
        "the start command reads {} with --env-file, but .env files are kept out of the image (.dockerignore), so node would stop at start; the CMD leaves the flag out: pass the variables at run time, e.g. `docker run --env-file {} …`",
        files.join(", "),
        files[0]
    );
    (out, Some(warning))
}

pub(super) fn native_reason(index: &DirIndex, pkg: &Pkg, f: &NodeFacts, warnings: &mut Vec<String>) -> Option<String> {
    const NATIVE: &[&str] = &["node-gyp", "bcrypt", "sqlite3", "better-sqlite3", "canvas", "node-sass", "argon2", "bufferutil", "utf-8-validate"];
    if let Some(d) = pkg.deps.iter().chain(&pkg.dev_deps).find(|d| NATIVE.contains(&d.as_str())) {
        return Some(format!("{d} compiles a native addon"));
    }
    if f.lockfile.as_deref() == Some("package-lock.json") {
        match lock_index(index).read("package-lock.json") {
            Ok(t) => {
                if let Some(name) = install_script_package(&t) {
                    return Some(format!("{name} runs an install script (hasInstallScript in package-lock.json)"));
                }
            }
            Err(e) => warnings.push(format!("native addons not checked: {e}")),
        }
    }
    None
}

/// Install scripts that fetch, print or generate, but never compile.
const HARMLESS_INSTALL_SCRIPTS: &[&str] = &[
    "@nestjs/core", "core-js", "core-js-pure", "esbuild", "@swc/core", "nodemon", "protobufjs",
    "es5-ext", "husky", "prisma", "@prisma/client", "@prisma/engines", "styled-components",
    "@parcel/watcher", "fsevents", "yarn", "pnpm", "bun",
];

/// The first package in a package-lock.json that runs an install script
/// which may compile (lockfile v2/v3 `packages`, v1 `dependencies`).
pub(super) fn install_script_package(lock: &str) -> Option<String> {
    let v: Value = serde_json::from_str(lock).ok()?;
    let packages = v.get("packages").and_then(Value::as_object)?;
    packages
        .iter()
        // The root ("") and workspace members are the project, not packages
        // installed: their own scripts are its concern (with_root_scripts).
        .filter(|(path, p)| path.contains("node_modules/") && p.get("hasInstallScript").and_then(Value::as_bool) == Some(true))
        .map(|(path, _)| path.rsplit("node_modules/").next().unwrap_or(path).to_string())
        .find(|name| !HARMLESS_INSTALL_SCRIPTS.contains(&name.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_missing_optional_platform_packages_is_named_with_the_fix() {
        let lock = r#"{"lockfileVersion":3,"packages":{"":{},"node_modules/rollup":{"optionalDependencies":{"@rollup/rollup-linux-x64-gnu":"4.1.0","@rollup/rollup-android-arm-eabi":"4.1.0"}},"node_modules/@rollup/rollup-linux-x64-gnu":{}}}"#;
        let w = stale_npm_lock(lock, 24).unwrap();
        assert!(w.contains("lacks 1 optional dependencies of rollup (first: @rollup/rollup-android-arm-eabi)"), "{w}");
        assert!(w.contains("npm 11 (Node.js 24) refuses `npm ci`") && w.contains("npx -y npm@11 install"), "{w}");
        let whole = r#"{"lockfileVersion":3,"packages":{"node_modules/rollup":{"optionalDependencies":{"fsevents":"2"}},"node_modules/fsevents":{}}}"#;
        assert_eq!(stale_npm_lock(whole, 24), None);
        assert!(stale_npm_lock(lock, 22).unwrap().contains("npm 10 (Node.js 22) may refuse"));
    }

    #[test]
    fn browser_downloads_are_skipped_and_a_production_one_is_warned() {
        let (env, warn) = download_skips(&[], &["cypress".into(), "@playwright/test".into(), "playwright".into()]);
        assert_eq!(env, ["CYPRESS_INSTALL_BINARY=0", "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1"]);
        assert!(warn.is_empty());
        let (env, warn) = download_skips(&["puppeteer".into()], &[]);
        assert_eq!(env, ["PUPPETEER_SKIP_DOWNLOAD=1"]);
        assert!(warn[0].contains("puppeteer is a production dependency"));
    }

    #[test]
    fn env_file_flags_are_dropped_and_explained() {
        let argv: Vec<String> = ["node", "--env-file=.env", "--env-file", ".env.local", "server.js"].map(String::from).to_vec();
        let (out, w) = drop_env_file(&argv);
        assert_eq!(out, ["node", "server.js"]);
        assert!(w.unwrap().contains("docker run --env-file .env"));
        let plain: Vec<String> = vec!["node".into(), "app.js".into()];
        assert_eq!(drop_env_file(&plain), (plain.clone(), None));
    }
}
