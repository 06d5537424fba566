//! Rust with Cargo: `Cargo.toml` (a package or a workspace) and `Cargo.lock`.
//!
//! Decides the binary to ship (one `[[bin]]`, `src/main.rs`, `src/bin/*`, a
//! workspace member's, or `--main <bin>`), the builder's Rust version
//! (`rust-version`, `rust-toolchain.toml`), the port and framework from the
//! binary's main file, and the C libraries native crates link (OpenSSL,
//! libpq). glibc runtimes (distroless cc, slim) get a glibc build; scratch
//! and alpine a fully static one.

use anyhow::{Result, bail};
use serde::Serialize;

mod cargo;
mod cargo_config;
mod port;

use super::Language;
use crate::model::{Choices, DepStep, Plan, Sourced, Unresolved};
use super::{OwnFacts, ProjectFacts};
use crate::preset::{Preset, RuntimeKind};
use crate::scan::DirIndex;
use cargo::Target;

pub struct Rust;

/// What the Rust detector found.
#[derive(Debug, Clone, Default)]
pub struct RustFacts {
    /// Every binary target, workspace members' included.
    targets: Vec<Target>,
    /// The one to ship, when it is known.
    chosen: Option<Target>,
    /// Cargo.toml, Cargo.lock and the members' Cargo.toml files.
    pub manifests: Vec<String>,
    /// The package folders (`.` for the root package), for the fetch step.
    pub package_dirs: Vec<String>,
    pub locked: bool,
    /// C libraries native crates link: `openssl`, `libpq`.
    pub native: Vec<String>,
    /// libpq comes only from Cargo.lock, which also lists optional
    /// dependencies: the build may not link it (diesel without `postgres`).
    pub libpq_maybe: bool,
    /// sqlx's query macros check against saved metadata (`.sqlx/`), not a
    /// database, during the build.
    pub sqlx_offline: bool,
    /// Folders at the root the app may read at run time (configuration,
    /// templates, static files), copied next to the binary.
    pub assets: Vec<String>,
    pub rocket: bool,
    /// rust-version: the oldest Rust that builds it.
    pub minimum: Option<Sourced<String>>,
}

/// The Rust section of the plan, as the template sees it.
#[derive(Debug, Clone, Serialize)]
pub struct RustPlan {
    /// The binary built and shipped.
    pub binary: String,
    /// The binary's package, for `cargo rustc -p` (a workspace needs it).
    pub package: String,
    /// The main file, for the header comment.
    pub main_file: String,
    /// A fully static binary (scratch, alpine): built on Alpine with
    /// `+crt-static`.
    pub static_build: bool,
    /// `--locked` when Cargo.lock is here.
    pub locked: bool,
    /// Cargo's git cache's mount target.
    pub git_cache: String,
    /// The target folder's mount target.
    pub target_dir: String,
    /// Packages the builder installs for native crates.
    pub build_packages: Vec<String>,
    /// Shared libraries the slim runtime installs for them.
    pub runtime_packages: Vec<String>,
    /// Crates with native code found in Cargo.lock (`openssl-sys`), which decide the packages.
    pub native: Vec<String>,
    /// Rocket listens on 127.0.0.1:8000 unless told: ROCKET_ADDRESS/PORT.
    pub rocket: bool,
    /// `SQLX_OFFLINE=true` for the build: sqlx's macros read `.sqlx/`.
    pub sqlx_offline: bool,
    /// Root folders copied to the app's working directory, /app.
    pub assets: Vec<String>,
    /// Linkers .cargo/config.toml asks for, among the build packages.
    pub link_tools: Vec<String>,
    /// The builder runs on $BUILDPLATFORM and cross-compiles for the
    /// image's architecture (glibc builds without native C libraries).
    pub cross: bool,
}

impl Language for Rust {
    fn id(&self) -> &'static str {
        "rust"
    }

    fn detect(&self, index: &DirIndex, choices: &Choices) -> Result<ProjectFacts> {
        let root = cargo::read_manifest(index, "Cargo.toml")?;
        if root.package.is_none() && root.workspace.is_none() {
            bail!("Cargo.toml has neither [package] nor [workspace]; add a [package] with a name, or run dockgen in the crate's folder");
        }
        let mut warnings = Vec::new();
        let mut f = RustFacts { locked: index.has_file("Cargo.lock"), ..Default::default() };
        f.manifests.push("Cargo.toml".into());
        if f.locked {
            f.manifests.push("Cargo.lock".into());
        } else {
            warnings.push("no Cargo.lock: dependencies resolve at build time, so builds are not reproducible; run `cargo generate-lockfile` and commit Cargo.lock".into());
        }
        if root.package.is_some() {
            f.package_dirs.push(".".into());
            f.targets.extend(cargo::targets(index, ".", &root, "Cargo.toml")?);
        }
        if let Some(ws) = &root.workspace {
            for dir in cargo::members(index, ws)? {
                let file = format!("{dir}/Cargo.toml");
                let member = cargo::read_manifest(index, &file)?;
                f.targets.extend(cargo::targets(index, &dir, &member, &file)?);
                f.manifests.push(file);
                f.package_dirs.push(dir);
            }
        }
        f.chosen = pick(&f.targets, choices.main.as_deref(), &mut warnings)?;
        // A pinned toolchain is built with; rust-version is only a minimum,
        // so the current release builds (and a lower --lang-version is refused).
        f.minimum = cargo::minimum_version(&root)?;
        let version = cargo::pinned_version(index)?;

        let crates = cargo::locked_crates(index)?;
        let all_deps: Vec<&String> = f.targets.iter().flat_map(|t| &t.dependencies).chain(&crates).collect();
        for (lib, crates) in [("openssl", ["openssl-sys", "openssl"]), ("libpq", ["pq-sys", "pq-sys"])] {
            if all_deps.iter().any(|d| crates.contains(&d.as_str())) {
                f.native.push(lib.to_string());
            }
        }
        f.libpq_maybe = f.native.iter().any(|n| n == "libpq") && !f.targets.iter().flat_map(|t| &t.dependencies).any(|d| d == "pq-sys");
        f.assets = ASSET_DIRS.iter().filter(|d| index.has_dir(d)).map(|d| d.to_string()).collect();
        f.manifests.extend(cargo_config::file(index).map(str::to_string));
        f.sqlx_offline = all_deps.iter().any(|d| d.as_str() == "sqlx") && (index.is_dir(".sqlx") || index.is_file("sqlx-data.json"));

        let mut port = None;
        let mut framework = None;
        if let Some(t) = &f.chosen {
            framework = port::framework(&t.dependencies).map(str::to_string);
            f.rocket = framework.as_deref() == Some("rocket");
            let text = index.read(&t.main_file).unwrap_or_default();
            if let Some((p, what, loopback)) = port::port(&text) {
                if loopback {
                    warnings.push(format!("{} listens on a loopback address ({what}), which is unreachable from outside the container; bind 0.0.0.0 instead", t.main_file));
                }
                port = Some(Sourced::new(p, format!("{} ({what})", t.main_file)));
            } else if f.rocket {
                port = Some(Sourced::fallback(8000, "Rocket's default"));
            }
            if framework.is_none() && text.contains("TcpListener") {
                framework = Some("std".into());
            }
        }
        Ok(ProjectFacts {
            local_deps: Vec::new(),
            package_manager: Some("cargo".into()),
            version,
            framework,
            port,
            health_path: None,
            warnings,
            own: f.into_facts(),
        })
    }

    fn normalize_version(&self, raw: &str) -> Result<String> {
        match cargo::minor(raw) {
            Some(v) => Ok(v),
            None => bail!("--lang-version '{raw}' is not a Rust release; use one like 1.85"),
        }
    }

    fn check_version(&self, facts: &ProjectFacts, version: &str) -> Result<()> {
        let Some(min) = facts.own::<RustFacts>().and_then(|f| f.minimum.as_ref()) else { return Ok(()) };
        if newer(&min.value, version) {
            bail!("--lang-version {version} is older than {} allows ({}); pass {} or newer", min.source, min.value, min.value);
        }
        Ok(())
    }

    fn plan(&self, index: &DirIndex, facts: &ProjectFacts, preset: &Preset, choices: &Choices, plan: &mut Plan) -> Result<()> {
        let f = facts.own_or_bug::<RustFacts>("Rust")?;
        // rust-version is a minimum: the release chosen (dockgen's default or
        // a pinned toolchain; a flag was checked already) must meet it.
        if let Some(min) = &f.minimum
            && newer(&min.value, &plan.version.value)
        {
            return Err(crate::error::fail(crate::error::Kind::Unresolved, format!("{} asks for Rust {} or newer, newer than {} ({}); pass --lang-version {}", min.source, min.value, plan.version.value, plan.version.source, min.value)));
        }
        let static_build = matches!(plan.runtime, RuntimeKind::Scratch | RuntimeKind::Alpine);
        let libpq = f.native.iter().any(|n| n == "libpq");
        if libpq && f.libpq_maybe && plan.runtime != RuntimeKind::Slim {
            plan.warnings.push(format!("Cargo.lock lists pq-sys (libpq), maybe only as an optional dependency: if your build links it, the {} runtime lacks libpq; choose --runtime slim, which installs libpq5", plan.runtime));
        }
        if static_build {
            if libpq && !f.libpq_maybe {
                bail!("libpq (pq-sys) does not link statically here, and the {} runtime needs a static binary; choose --runtime distroless|slim", plan.runtime);
            }
            if let Some(img) = &preset.builder.musl_image {
                plan.set_builder_image(img);
            }
        } else if plan.runtime == RuntimeKind::Distroless && libpq && !f.libpq_maybe {
            bail!("libpq (pq-sys) is not in distroless cc; choose --runtime slim, which installs libpq5");
        }
        plan.musl = static_build;

        let Some(t) = &f.chosen else {
            plan.unresolved.push(unresolved_bin(f));
            return Ok(());
        };
        plan.app = t.name.to_lowercase();
        plan.start = match &choices.start {
            Some(argv) => argv.clone(),
            None => vec![format!("/usr/local/bin/{}", t.name)],
        };
        let cache = |k: &str, d: &str| preset.cache.get(k).cloned().unwrap_or_else(|| d.to_string());
        plan.deps = Some(DepStep { cache: cache("registry", "/usr/local/cargo/registry"), binds: f.manifests.clone(), command: fetch_command(f) });
        let (mut build_packages, runtime_packages) = native_packages(&f.native, static_build);
        // Linkers .cargo/config.toml asks for (clang, lld, mold): the same names in apt and apk.
        let link_tools: Vec<String> = cargo_config::link_tools(index, if static_build { "musl" } else { "gnu" })?.into_iter().map(str::to_string).collect();
        for tool in &link_tools {
            if !build_packages.contains(tool) {
                build_packages.push(tool.clone());
            }
        }
        let section = RustPlan {
            binary: t.name.clone(),
            package: t.package.clone(),
            main_file: t.main_file.clone(),
            static_build,
            locked: f.locked,
            git_cache: cache("git", "/usr/local/cargo/git/db"),
            target_dir: cache("target", "/target"),
            build_packages,
            runtime_packages: if plan.runtime == RuntimeKind::Slim { runtime_packages } else { Vec::new() },
            native: f.native.clone(),
            rocket: f.rocket,
            sqlx_offline: f.sqlx_offline,
            assets: f.assets.clone(),
            cross: !static_build && f.native.is_empty() && link_tools.is_empty(),
            link_tools,
        };
        if !f.assets.is_empty() {
            plan.details.push(("copied".into(), format!("{} (next to the binary, in /app)", f.assets.join(", "))));
        }
        plan.details.push(("binary".into(), format!("{} ({})", t.name, t.main_file)));
        plan.set_section(self.id(), &section)?;
        Ok(())
    }
}

/// Root folders a server commonly reads at run time, relative to its
/// working directory: shipped beside the binary when present.
const ASSET_DIRS: [&str; 6] = ["configuration", "config", "templates", "static", "assets", "public"];

/// Whether Rust `a` (1.x) is newer than `b`.
fn newer(a: &str, b: &str) -> bool {
    !crate::version::at_least(b, a)
}

/// The binary to ship: `--main`, the only one, or the only one whose
/// package uses a web framework (said in a warning). None: ask.
fn pick(targets: &[Target], main: Option<&str>, warnings: &mut Vec<String>) -> Result<Option<Target>> {
    if let Some(m) = main {
        return match targets.iter().find(|t| t.name == m) {
            Some(t) => Ok(Some(t.clone())),
            None => bail!(
                "--main {}: no such binary; the binaries are {}",
                crate::text::printable(m),
                if targets.is_empty() { "none".to_string() } else { targets.iter().map(|t| t.name.as_str()).collect::<Vec<_>>().join(", ") }
            ),
        };
    }
    if let [one] = targets {
        return Ok(Some(one.clone()));
    }
    let servers: Vec<&Target> = targets.iter().filter(|t| port::framework(&t.dependencies).is_some()).collect();
    if let [one] = servers.as_slice()
        && targets.len() > 1
    {
        warnings.push(format!(
            "several binaries ({}); shipping {}, the only one whose package uses a web framework. Pass --main <name> to ship another",
            targets.iter().map(|t| t.name.as_str()).collect::<Vec<_>>().join(", "),
            one.name
        ));
        return Ok(Some((*one).clone()));
    }
    Ok(None)
}

fn unresolved_bin(f: &RustFacts) -> Unresolved {
    let names: Vec<String> = f.targets.iter().map(|t| t.name.clone()).collect();
    let (message, hint) = if names.is_empty() {
        ("no binary to ship: no [[bin]], src/main.rs or src/bin/ in the package or its workspace members".to_string(), "--main <binary name>".to_string())
    } else {
        (format!("several binaries: {}", names.join(", ")), format!("--main <{}>", names.join("|")))
    };
    Unresolved { setting: "main".into(), flag: "--main".into(), message, choices: names, hint }
}

/// `cargo fetch` from the manifests alone. Cargo needs each package to have
/// a target to read its manifest, so an empty src/main.rs stands in for the
/// source, which this step never sees.
fn fetch_command(f: &RustFacts) -> String {
    let srcs: Vec<String> = f.package_dirs.iter().map(|d| if d == "." { "src".to_string() } else { format!("{d}/src") }).collect();
    let mains: Vec<String> = srcs.iter().map(|s| format!("{s}/main.rs")).collect();
    let locked = if f.locked { " --locked" } else { "" };
    if srcs.is_empty() {
        return format!("cargo fetch{locked}");
    }
    format!("mkdir -p {} \\\n && touch {} \\\n && cargo fetch{locked}", srcs.join(" "), mains.join(" "))
}

/// Builder and slim-runtime packages for the C libraries native crates
/// link. A static build links OpenSSL's static archive.
fn native_packages(native: &[String], static_build: bool) -> (Vec<String>, Vec<String>) {
    let mut build = Vec::new();
    let mut run = Vec::new();
    for n in native {
        match (n.as_str(), static_build) {
            ("openssl", true) => build.extend(["openssl-dev", "openssl-libs-static", "pkgconf"]),
            ("openssl", false) => {
                build.extend(["pkg-config", "libssl-dev"]);
                run.push("libssl3t64");
            }
            ("libpq", _) => {
                build.extend(["pkg-config", "libpq-dev"]);
                run.push("libpq5");
            }
            _ => {}
        }
    }
    build.dedup();
    (build.into_iter().map(str::to_string).collect(), run.into_iter().map(str::to_string).collect())
}

#[cfg(test)]
mod tests;
