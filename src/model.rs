//! The plan's data: what the user chose ([`Choices`]), and the one
//! serialisable [`Plan`] that renders.
//! Below detection and planning: every layer reads these types, and this
//! module calls none of them.

use anyhow::Result;
use serde::Serialize;
use std::collections::BTreeMap;

use crate::preset::{self, Preset, RuntimeKind};

/// Bumped when a field of `detect --json` changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 2;

/// A value and where it came from, e.g. `go.mod (go directive)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sourced<T> {
    pub value: T,
    /// Where it came from, for people (`go.mod (go directive)`).
    pub source: String,
    /// What kind of origin that is, for code: decisions read this, never
    /// the words of `source`.
    #[serde(skip)]
    pub origin: Origin,
    /// Asked of the network (PyPI) or read from a file dockgen replaces:
    /// `init` remembers it in dockgen.toml, so a later run needs neither.
    #[serde(skip)]
    pub remember: bool,
}

/// The kinds of origin a value has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Origin {
    /// Read from the project's files.
    #[default]
    Detected,
    /// A server's, framework's or preset's default: nothing in the project
    /// says it (`gunicorn default`, `preset default`).
    Fallback,
    /// A value dockgen chose for its own start command or image (`gunicorn,
    /// dockgen's bind`, nginx's unprivileged port, a server command it
    /// composed for the app it found).
    Chosen,
    /// A flag the user gave.
    Flag,
    /// dockgen.toml: the user's choice, remembered.
    Remembered,
    /// The user's answer in the wizard.
    Wizard,
}

impl Origin {
    /// The user said it (a flag, dockgen.toml or the wizard).
    pub fn is_users(self) -> bool {
        matches!(self, Origin::Flag | Origin::Remembered | Origin::Wizard)
    }
}

impl From<crate::choices::Said> for Origin {
    fn from(s: crate::choices::Said) -> Origin {
        match s {
            crate::choices::Said::Flag => Origin::Flag,
            crate::choices::Said::Remembered => Origin::Remembered,
            crate::choices::Said::Wizard => Origin::Wizard,
        }
    }
}

impl<T> Sourced<T> {
    pub fn new(value: T, source: impl Into<String>) -> Self {
        Sourced { value, source: source.into(), origin: Origin::Detected, remember: false }
    }

    /// A default nothing in the project states ([`Origin::Fallback`]).
    pub fn fallback(value: T, source: impl Into<String>) -> Self {
        Sourced { origin: Origin::Fallback, ..Sourced::new(value, source) }
    }

    /// A value dockgen chose ([`Origin::Chosen`]).
    pub fn chosen(value: T, source: impl Into<String>) -> Self {
        Sourced { origin: Origin::Chosen, ..Sourced::new(value, source) }
    }

    /// A flag's value ([`Origin::Flag`]).
    pub fn flag(value: T, source: impl Into<String>) -> Self {
        Sourced { origin: Origin::Flag, ..Sourced::new(value, source) }
    }

    /// The user's choice under `key`, with who said it.
    pub fn users(value: T, choices: &Choices, key: &str) -> Self {
        Sourced { origin: choices.said(key).into(), ..Sourced::new(value, choices.source(key)) }
    }

    /// Whether a default or dockgen's own choice, not the project, said it.
    pub fn is_assumed(&self) -> bool {
        matches!(self.origin, Origin::Fallback | Origin::Chosen)
    }

    /// One `init` writes into dockgen.toml (see `remember`).
    pub fn remembered(mut self) -> Self {
        self.remember = true;
        self
    }
}

pub use crate::choices::{Choices, health_path, output_dir_flag};

/// A setting dockgen could not settle on its own. `init --yes` fails on it
/// naming the flag; the wizard asks instead.
#[derive(Debug, Clone, Serialize)]
pub struct Unresolved {
    pub setting: String,
    pub flag: String,
    pub message: String,
    pub choices: Vec<String>,
    /// What to pass, ready to paste: `--main <./cmd/a|./cmd/b>`.
    pub hint: String,
}

impl Unresolved {
    /// No certain start command: what was tried, and an example to pass.
    pub fn start(tried: &[String], example: &str) -> Unresolved {
        Unresolved {
            setting: "start".to_string(),
            flag: "--start".to_string(),
            message: format!("cannot tell how to start this app: {}", tried.join("; ")),
            choices: Vec::new(),
            hint: format!("--start \"{example}\" (the command that runs your server)"),
        }
    }
}

pub use crate::bases::{EndOfLife, Images};

#[derive(Debug, Clone, Serialize)]
pub struct User {
    pub uid: u32,
    pub gid: u32,
    pub name: String,
    /// The runtime image lacks the user; the Dockerfile creates it.
    pub create: bool,
    /// How, when it does: `apk` (busybox adduser) on Alpine, `apt` (shadow's
    /// useradd) on Debian and Ubuntu images; empty when nothing is created.
    pub tool: String,
    /// Packages installed in the same step (CA certificates, time zones,
    /// the libraries native dependencies link), and why, for the comment.
    pub packages: Vec<String>,
    pub packages_why: String,
}

/// A BuildKit secret the install step mounts (a private registry's
/// credentials): present only while that RUN runs, never in a layer.
#[derive(Debug, Clone, Serialize)]
pub struct BuildSecret {
    pub id: String,
    /// Where the RUN sees it.
    pub target: String,
    /// An environment variable the RUN sets from it, for tools that take
    /// the registry as a URL (pip, uv); none for a config file (.npmrc).
    pub env: Option<String>,
    /// What to add to `docker build`, for the header and the next steps.
    pub build_flag: String,
}

/// The dependency step, the same idea in every language: the package
/// cache it keeps between builds, the manifests it reads (bind-mounted, so
/// a source edit never reruns it) and its command. Rendered by
/// `partials/deps_mounts.j2`.
#[derive(Debug, Clone, Serialize)]
pub struct DepStep {
    /// The package cache, a cache mount (`/go/pkg/mod`, `/root/.npm`).
    pub cache: String,
    /// Manifests, lockfiles and build folders the step reads, bind-mounted
    /// at the same path.
    pub binds: Vec<String>,
    /// The install command.
    pub command: String,
}

/// Everything a template needs. Serialised as-is by `detect --json`.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub schema_version: u32,
    pub preset: String,
    pub language: String,
    /// The language as people write it (`Go`, `Node.js`).
    pub language_name: String,
    pub package_manager: Option<String>,
    pub framework: Option<String>,
    pub version: Sourced<String>,
    /// The build argument that carries the version (e.g. `GO_VERSION`).
    pub version_arg: String,
    /// Whose release cycles the version follows, as the image catalog's
    /// support table names them: the language, or `bun` for apps Bun runs.
    pub version_of: String,
    pub runtime: RuntimeKind,
    pub runtime_summary: String,
    pub runtimes: Vec<RuntimeKind>,
    pub images: Images,
    /// The container's command, as an exec-form argv.
    pub start: Vec<String>,
    /// Named volumes the run line mounts for folders the app writes
    /// (`name:/path`), beside the read-only root.
    pub run_volumes: Vec<String>,
    /// Environment variables the app needs at run time, by name: the run
    /// line passes each from the caller's environment (`-e NAME`).
    pub run_env: Vec<String>,
    /// The dependency step; none when there is nothing to fetch (vendored).
    pub deps: Option<DepStep>,
    /// The build links against musl (an Alpine builder), not glibc.
    pub musl: bool,
    pub port: Sourced<u16>,
    pub user: User,
    /// A lowercase name for the image tag in the comments.
    pub app: String,
    /// The language's own settings for its template, serialised under its
    /// id (`"go": {…}`), set with [`Plan::set_section`].
    #[serde(flatten)]
    pub section: BTreeMap<String, serde_json::Value>,
    /// The folder the build writes, when the user may change it
    /// (`--output-dir`; the wizard asks).
    #[serde(skip)]
    pub build_output: Option<String>,
    /// Language rows for `dockgen detect`'s table (label, value).
    #[serde(skip)]
    pub details: Vec<(String, String)>,
    /// Per-language `.dockerignore` entries from the preset.
    pub dockerignore: Vec<String>,
    /// The workspace this app is a member of: the build context is its root.
    pub workspace: Option<crate::workspace::WorkspacePlan>,
    /// The folder the files are written to (the member's, in a workspace).
    #[serde(skip)]
    pub project_dir: std::path::PathBuf,
    /// Where dockgen found the project below the folder it was given
    /// (`src/MyApp`), relative to it: the files are written there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subfolder: Option<String>,
    /// Front-end assets another language's app serves, built by npm in a
    /// stage of their own (`partials/assets.j2`).
    pub assets: Option<crate::assets::AssetStage>,
    /// compose.yaml, when asked for.
    pub compose: Option<crate::compose::ComposePlan>,
    /// A private registry's credentials for the install step.
    pub secret: Option<BuildSecret>,
    /// Set by a language whose app another image's program serves (a
    /// static site's nginx): that image's probe, even when it has none.
    #[serde(skip)]
    pub probe_chosen: bool,
    /// Files a web server serves (a static site): no program of its own.
    #[serde(skip)]
    pub static_site: bool,
    /// Packages the builder compiles for want of a wheel (`name version`):
    /// remembered with a version that is (see `Sourced::remember`).
    #[serde(skip)]
    pub compiled: Vec<String>,
    /// Optional dependency groups installed, when read from the project's
    /// own Dockerfile (which dockgen's replaces): remembered by `init`.
    #[serde(skip)]
    pub extras_read: Vec<String>,
    /// The overlay files (the project's `.dockgen/`, the user's folder)
    /// that change this plan's preset or templates.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub overlays: Vec<String>,
    /// The HEALTHCHECK argv; empty when the image has nothing to probe with
    /// (the template says so in a comment) or with `--no-healthcheck`.
    pub healthcheck: Vec<String>,
    /// The URL the probe asks, inside the container.
    pub health_url: String,
    /// How to build and run the image (header, next steps, README.Docker.md).
    pub usage: Usage,
    /// The shared defaults behind the image tags (Debian release, nginx,
    /// Alpine), each with the day it was last checked.
    pub defaults: crate::preset::Defaults,
    /// Other presets whose rules matched this folder.
    pub also_matched: Vec<String>,
    pub unresolved: Vec<Unresolved>,
    /// Set when the version is past its end of support (also a warning).
    pub end_of_life: Option<EndOfLife>,
    pub warnings: Vec<String>,
}

impl Plan {
    /// Stores the language's own template settings under its id.
    pub fn set_section<T: Serialize>(&mut self, id: &str, section: &T) -> Result<()> {
        let value = serde_json::to_value(section)
            .map_err(|e| anyhow::anyhow!("dockgen bug: the {id} settings do not serialise: {e}"))?;
        self.section.clear();
        self.section.insert(id.to_string(), value);
        Ok(())
    }

    /// Sets the runtime image from a preset template (`{version}` allowed).
    pub fn set_runtime_image(&mut self, template: &str) {
        self.images.runtime_ref = Preset::image_for(template, &format!("${{{}}}", self.version_arg));
        self.images.runtime = Preset::image_for(template, &self.version.value);
    }

    /// Runs the app on another image its runtime offers for its kind of app
    /// (Bun's image, .NET's runtime image): that image, its user and probe.
    pub fn use_kind(&mut self, kind: &preset::KindSpec) {
        self.set_runtime_image(&kind.image);
        self.runtime_summary = kind.summary.clone();
        self.user = User { uid: kind.uid, gid: kind.uid, name: kind.user.clone(), create: false, tool: String::new(), packages: Vec::new(), packages_why: String::new() };
        self.healthcheck = kind.healthcheck.clone();
        self.probe_chosen = true;
    }

    /// Sets the builder image from a preset template (`{version}` allowed).
    pub fn set_builder_image(&mut self, template: &str) {
        self.images.builder_ref = Preset::image_for(template, &format!("${{{}}}", self.version_arg));
        self.images.builder = Preset::image_for(template, &self.version.value);
    }
}

/// How to build and run the image (filled by `usage::for_plan`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Usage {
    /// `docker build …`, run in [`Usage::context`].
    pub build: String,
    /// The build with `docker buildx build --platform linux/amd64,linux/arm64`.
    pub build_multi: String,
    /// The multi-platform build pushed with an SBOM and provenance attached.
    pub publish: String,
    /// The folder the build runs in, relative to the Dockerfile's folder
    /// (`.`, or the workspace root: `../..`).
    pub context: String,
    /// `docker run …`: published on 127.0.0.1, read-only, no capabilities.
    pub run: String,
    /// `docker compose up --build`, when compose.yaml is written (run from
    /// the folder that holds it: [`Usage::context`]).
    pub compose_up: Option<String>,
}

pub use crate::text::printable;

/// A valid image name component from a project name: lowercase letters,
/// digits and separators, at most 63 characters (`app` when nothing is left).
pub fn image_name(name: &str) -> String {
    let mut out: String = name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') { c } else { '-' })
        .take(63)
        .collect();
    out = out.trim_matches(|c: char| !c.is_ascii_alphanumeric()).to_string();
    if out.is_empty() { "app".to_string() } else { out }
}

pub fn join<T: std::fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
