//! The command line (clap derive). Parsing only: no behaviour here.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

use crate::preset::RuntimeKind;

#[derive(Debug, Parser)]
#[command(
    name = "dockgen",
    version,
    about = "Turn a project folder into a production-grade, multi-stage Dockerfile",
    long_about = "Turn a project folder into a production-grade, multi-stage Dockerfile.\n\n\
dockgen detects the language, toolchain version, entrypoint and port from the project's own \
files, picks a preset (a builder stage, then a scratch, distroless, alpine or slim runtime) and \
writes a commented Dockerfile and .dockerignore that build cache-friendly, small images running \
as a non-root user.",
    after_help = "Examples:\n  dockgen init                      write Dockerfile, .dockerignore, README.Docker.md here\n  dockgen init --runtime scratch    smallest image\n  dockgen init --stdout --no-dockerignore > Dockerfile.new\n  dockgen detect --json             what dockgen found, for scripts\n  dockgen check                     exit 1 if the files drifted from the project\n\nExit status:\n  0    success; for check, the files are up to date\n  1    an error (one line on stderr); for check, drift (the diff on stdout)\n  2    a usage error; for check, the project can no longer be generated\n  130  interrupted (Ctrl-C)"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a Dockerfile, .dockerignore and README.Docker.md for the project in PATH (and dockgen.toml, its remembered answers)
    Init(InitArgs),
    /// Show what dockgen detects in PATH and the preset it would use
    Detect(DetectArgs),
    /// List the presets and their runtimes
    Presets(PresetsArgs),
    /// Show an image's size, layers, user, ports and entrypoint (from the engine)
    Report(ReportArgs),
    /// Regenerate in memory and compare with the files on disk: exit 0 when identical, 1 on drift (with a diff), 2 when the project can no longer be generated
    Check(CheckArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    Completions(CompletionsArgs),
    /// Print the man page (roff) on stdout
    Man,
    /// Pin (or re-pin) the base images of a Dockerfile by digest, in place with a backup
    Pin(PinArgs),
    /// Check any Dockerfile for the practices dockgen follows: stages, cache order, non-root, slim bases, secrets, .dockerignore
    Lint(LintArgs),
    /// Copy a preset and every template it uses into PATH/.dockgen/ to edit: they replace dockgen's for this project
    Eject(EjectArgs),
}

#[derive(Debug, Clone, Args)]
pub struct EjectArgs {
    /// The preset (`dockgen presets` lists them)
    pub preset: String,

    /// The project folder; the files go in its .dockgen/
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// Replace files already ejected, keeping each as NAME.bak
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Args)]
pub struct PinArgs {
    /// The Dockerfile, or the folder holding it
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// Change nothing; exit 1 when a pinned digest is no longer the tag's
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Clone, Args)]
pub struct LintArgs {
    /// The Dockerfile, or the folder holding it
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// Print JSON: the file and its findings
    #[arg(long, conflicts_with = "sarif")]
    pub json: bool,

    /// Print SARIF 2.1.0 (for code-scanning upload)
    #[arg(long)]
    pub sarif: bool,

    /// Print the longer explanation of a rule and exit
    #[arg(long, value_name = "RULE")]
    pub explain: Option<String>,

    /// Exit 1 when a finding is at or above this severity
    #[arg(long, value_enum, default_value = "warning", value_name = "SEVERITY")]
    pub fail_on: crate::lint::Severity,

    /// Also report bases pinned by tag only (no digest)
    #[arg(long)]
    pub strict: bool,

    /// Rewrite what needs no judgement (untagged bases pinned by digest, apt flags and lists, exec-form CMD), keeping the old file as .bak
    #[arg(long, conflicts_with_all = ["json", "sarif"])]
    pub fix: bool,
}

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Project folder (a workspace root checks every member with a dockgen.toml)
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// In a workspace root: check this member only
    #[arg(long, value_name = "MEMBER")]
    pub app: Option<String>,

    /// Print one JSON object: each file and its state (identical, drifted, missing)
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Clone, Args)]
pub struct PresetsArgs {
    /// Print JSON: every preset, its runtimes and their images
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    /// The image, e.g. myapp:dev
    pub image: String,

    /// Also show how much smaller (or larger) IMAGE is than this one
    #[arg(long, value_name = "IMAGE")]
    pub against: Option<String>,

    /// Print one JSON object instead of the table
    #[arg(long)]
    pub json: bool,
}

/// Choices that override detection; shared by `init` and `detect`.
#[derive(Debug, Clone, Default, Args)]
pub struct ChoiceArgs {
    /// Use this preset instead of the detected one (see `dockgen presets`)
    #[arg(long, value_name = "ID")]
    pub preset: Option<String>,

    /// Runtime base of the final image
    #[arg(long, value_enum, value_name = "RUNTIME")]
    pub runtime: Option<RuntimeKind>,

    /// Toolchain version for the builder (e.g. 1.23 for Go)
    #[arg(long, value_name = "VERSION")]
    pub lang_version: Option<String>,

    /// Port the app listens on (EXPOSE)
    #[arg(long, value_name = "PORT", value_parser = clap::value_parser!(u16).range(1..))]
    pub port: Option<u16>,

    /// What to ship when there are several: Go's main package (./cmd/server), Java's main
    /// class (com.example.App), Rust's binary (api) or .NET's project (Shop.Web)
    #[arg(long = "main", value_name = "WHICH")]
    pub main_package: Option<String>,

    /// Node: the folder the build writes, e.g. dist or build (a static site, or compiled JS)
    #[arg(long, value_name = "DIR")]
    pub output_dir: Option<String>,

    /// The command that starts the app, split like a shell (Node: "node dist/server.js";
    /// Go: the binary with arguments, "/usr/local/bin/server --verbose")
    #[arg(long, value_name = "COMMAND", value_parser = parse_start)]
    pub start: Option<StartCommand>,

    /// The path the image's HEALTHCHECK asks for (default /)
    #[arg(long, value_name = "PATH")]
    pub health_path: Option<String>,

    /// Install through a private registry: its credentials come in as a BuildKit secret
    /// (npm: your .npmrc; pip/uv: the index URL), never into a layer. Implied by a .npmrc with a registry or token
    #[arg(long, overrides_with = "no_private_registry")]
    pub private_registry: bool,

    /// Undo a remembered --private-registry
    #[arg(long, overrides_with = "private_registry")]
    pub no_private_registry: bool,

    /// Leave HEALTHCHECK out of the Dockerfile
    #[arg(long, overrides_with = "healthcheck")]
    pub no_healthcheck: bool,

    /// Undo a remembered --no-healthcheck
    #[arg(long, overrides_with = "no_healthcheck")]
    pub healthcheck: bool,

    /// Also write compose.yaml: the app hardened (read-only, no capabilities), on 127.0.0.1
    #[arg(long, overrides_with = "no_compose")]
    pub compose: bool,

    /// Undo a remembered --compose or --db
    #[arg(long, overrides_with = "compose", conflicts_with = "db")]
    pub no_compose: bool,

    /// Add a database to compose.yaml (implies --compose), on a private network, its password in secrets/
    #[arg(long, value_enum, value_name = "DB")]
    pub db: Option<crate::compose::Db>,

    /// In a workspace root: the member to build (apps/api); the Dockerfile goes in its folder, the build context stays the root
    #[arg(long, value_name = "MEMBER")]
    pub app: Option<String>,

    /// Python: an optional dependency group of pyproject.toml to install too (repeat for several)
    #[arg(long = "extra", value_name = "NAME", value_parser = crate::config::extra_name)]
    pub extras: Vec<String>,

    /// Pull a registry's images through a mirror or pull-through cache: docker.io=harbor.corp/dockerhub makes node:22 harbor.corp/dockerhub/library/node:22 (repeat for several registries)
    #[arg(long = "mirror", value_name = "REGISTRY=PREFIX", value_parser = |s: &str| crate::mirror::pair(s, crate::mirror::registry_name))]
    pub mirrors: Vec<(String, String)>,

    /// Pull a repository from your own instead, keeping dockgen's tag: node=registry.corp/base/node (repeat for several)
    #[arg(long = "image", value_name = "REPOSITORY=REPLACEMENT", value_parser = |s: &str| crate::mirror::pair(s, crate::mirror::family))]
    pub images: Vec<(String, String)>,

    /// Neither read nor write dockgen.toml (the remembered answers)
    #[arg(long)]
    pub no_config: bool,

    /// Never use the network: Python's version is chosen without asking PyPI which one has wheels of requirements.txt's pins (also DOCKGEN_OFFLINE=1)
    #[arg(long)]
    pub offline: bool,
}

pub use crate::config::{StartCommand, parse_start};

#[derive(Debug, Clone, Args)]
pub struct InitArgs {
    /// Project folder
    #[arg(default_value = ".")]
    pub path: PathBuf,

    #[command(flatten)]
    pub choices: ChoiceArgs,

    /// Never prompt; fail with a clear message where a choice is needed
    #[arg(long, short = 'y')]
    pub yes: bool,

    /// Print the files instead of writing them (with --no-dockerignore, just the Dockerfile)
    #[arg(long)]
    pub stdout: bool,

    /// Replace existing files, keeping each old one as NAME.bak
    #[arg(long)]
    pub force: bool,

    /// Print the unified diff between the files on disk and what dockgen would write; write nothing
    #[arg(long, conflicts_with = "stdout")]
    pub diff: bool,

    /// Do not generate a .dockerignore
    #[arg(long, overrides_with = "dockerignore")]
    pub no_dockerignore: bool,

    /// Undo a remembered --no-dockerignore
    #[arg(long, overrides_with = "no_dockerignore")]
    pub dockerignore: bool,

    /// Do not write README.Docker.md (how to build, run, scan and sign the image)
    #[arg(long, overrides_with = "readme")]
    pub no_readme: bool,

    /// Undo a remembered --no-readme
    #[arg(long, overrides_with = "no_readme")]
    pub readme: bool,

    /// Pin every base image by digest (FROM image:tag@sha256:…), resolved through the docker CLI
    #[arg(long, overrides_with = "no_pin")]
    pub pin: bool,

    /// Undo a remembered --pin
    #[arg(long, overrides_with = "pin")]
    pub no_pin: bool,
}

impl InitArgs {
    /// The flags as the user's choices, the file switches included.
    pub fn to_choices(&self) -> crate::model::Choices {
        crate::model::Choices {
            dockerignore: pair(self.dockerignore, self.no_dockerignore),
            readme: pair(self.readme, self.no_readme),
            pin: pair(self.pin, self.no_pin),
            ..self.choices.to_choices()
        }
    }
}

/// A `--x` / `--no-x` pair: `Some` only when one was given.
fn pair(on: bool, off: bool) -> Option<bool> {
    if off { Some(false) } else if on { Some(true) } else { None }
}

#[derive(Debug, Clone, Args)]
pub struct DetectArgs {
    /// Project folder
    #[arg(default_value = ".")]
    pub path: PathBuf,

    #[command(flatten)]
    pub choices: ChoiceArgs,

    /// Print one JSON object (the plan that `init` renders)
    #[arg(long)]
    pub json: bool,
}

impl ChoiceArgs {
    /// The flags as the user's choices: `None` where no flag was given.
    pub fn to_choices(&self) -> crate::model::Choices {
        crate::model::Choices {
            app: self.app.clone(),
            preset: self.preset.clone(),
            runtime: self.runtime,
            lang_version: self.lang_version.clone(),
            extras: (!self.extras.is_empty()).then(|| self.extras.clone()),
            main: self.main_package.clone(),
            start: self.start.as_ref().map(|s| s.0.clone()),
            port: self.port,
            output_dir: self.output_dir.clone(),
            health_path: self.health_path.clone(),
            healthcheck: pair(self.healthcheck, self.no_healthcheck),
            private_registry: pair(self.private_registry, self.no_private_registry),
            compose: pair(self.compose, self.no_compose),
            db: self.db,
            ask_pypi: self.asks_pypi(),
            images: crate::mirror::ImageRules { mirrors: self.mirrors.iter().cloned().collect(), overrides: self.images.iter().cloned().collect() },
            ..Default::default()
        }
    }

    /// Neither `--offline` nor DOCKGEN_OFFLINE.
    pub fn asks_pypi(&self) -> bool {
        !self.offline && !crate::pypi::offline_by_env()
    }
}
