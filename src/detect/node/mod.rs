//! Node.js: package.json, the lockfile, the version files, the entry file.
//!
//! Reads `package.json`, the lockfile's header, `.nvmrc`/`.node-version`,
//! `tsconfig.json` (JSONC, via json5) and the entry file. Never reads
//! `node_modules`.

use anyhow::{Result, bail};
use serde::Serialize;

mod bun;
mod checks;
mod hooks;
mod envcheck;
mod manager;
mod output;
mod package;
mod start;
mod version;
mod workspace;

use checks::native_reason;
use hooks::{INSTALL_SCRIPTS, undeclared_typescript, with_root_scripts};
use manager::*;
use output::{angular_output, next_standalone, tsconfig_out_dir};
use package::{Pkg, kind_of, obj, read_package_json, string};
use workspace::{lock_index, member_facts, member_steps};
use start::*;
use version::*;

use super::Language;
use crate::model::{Choices, DepStep, Plan, Sourced, Unresolved};
use super::{OwnFacts, ProjectFacts};
use crate::preset::{Preset, RuntimeKind};
use crate::scan::DirIndex;

pub struct Node;

/// What kind of Node.js app this is; serialised as the same strings the
/// templates and `detect --json` have always seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AppKind {
    /// A server Node.js runs.
    #[default]
    Server,
    /// A single-page app built to files that nginx serves.
    Static,
    /// Next.js, with its own server.
    Next,
    /// A server Bun runs.
    Bun,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct NodeFacts {
    pub name: Option<String>,
    /// The project's .npmrc names a registry or carries credentials: the
    /// install needs it, as a build secret (it never enters the context).
    pub npmrc_registry: bool,
    pub manager: Manager,
    pub manager_version: Option<String>,
    pub manager_source: String,
    pub lockfile: Option<String>,
    pub yarn_berry: bool,
    pub kind: AppKind,
    pub typescript: bool,
    pub build_script: bool,
    pub output_dir: Option<String>,
    pub next_standalone: bool,
    pub start: Option<Sourced<Vec<String>>>,
    /// What was considered for the start command and why it was not used.
    pub start_tried: Vec<String>,
    pub native: Option<String>,
    /// `.env` files a static build reads at build time.
    pub build_env_files: Vec<String>,
    /// A library that validates the environment during the build (t3's).
    pub env_check: Option<envcheck::EnvCheck>,
    /// package.json has production dependencies (else there is no
    /// production node_modules to ship).
    pub prod_deps: bool,
    /// Variables for the install step: skip test-browser downloads.
    pub install_env: Vec<String>,
    /// package.json engines.node, which a chosen version must meet.
    pub engines_node: Option<String>,
    /// In an npm or pnpm workspace: the member's name and local packages.
    pub workspace: Option<workspace::Local>,
    /// package.json's own scripts an install runs (`postinstall`,
    /// `prepare`, …), in the order the manager runs them.
    pub install_scripts: Vec<&'static str>,
    /// Standalone output that dockgen asks of `next build` (Next's own trace
    /// of what the server needs), the project's config not setting `output`.
    pub next_trace: bool,
}

/// The Node section of the plan, as templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct NodePlan {
    /// The package manager (`npm`, `pnpm`, `yarn`, `bun`), with its commands.
    pub manager: Manager,
    /// The command that installs the manager itself in the base stage (`npm install -g pnpm@9.15.0`), or none.
    pub setup: Option<String>,
    /// The production-only install (the common dependency step installs all).
    pub install_prod: String,
    /// The build command (`npm run build`), or none.
    pub build: Option<String>,
    /// What the build writes and the runtime ships (`dist`), or none.
    pub output_dir: Option<String>,
    /// `server`, `static` (nginx serves the files), `next` or `bun`.
    pub kind: AppKind,
    /// The runtime ships `.next/standalone` (Next's traced server).
    pub next_standalone: bool,
    /// A dependency with native code: why the build needs compilers, or none.
    pub native: Option<String>,
    /// The CMD: argv without `node` on distroless, whose entrypoint is node.
    pub cmd: Vec<String>,
    /// Directories the app may write, owned by the app user.
    pub writable: Vec<String>,
    /// Runtime assets copied from the build stage beside the output
    /// (`public/`, `views/`, Next's config).
    pub copy_dirs: Vec<String>,
    /// There are production dependencies: a prod-deps stage and its
    /// node_modules in the runtime (none when everything is a dev tool).
    pub prod_deps: bool,
    /// A workspace member's layout; none for a standalone project.
    pub ws: Option<workspace::WsPlan>,
    /// `ENV` lines of the build stage (`SKIP_ENV_VALIDATION=1`), and why.
    pub build_env: Vec<String>,
    /// The comment that explains `build_env`.
    pub build_env_why: String,
    /// `ENV` lines that ask `next build` for standalone output (Next's own
    /// trace of the server's files), when the config does not set it.
    pub trace_env: Vec<String>,
    /// The root's install hooks, which read the source: the build stage
    /// runs them once the source is in (`pnpm run postinstall`).
    pub hooks: Vec<String>,
    /// The root's scripts the dependency stages drop before installing
    /// (`scripts.postinstall`): package.json is copied, not bind-mounted.
    pub drop_scripts: Vec<String>,
    /// With hooks, production node_modules is the build's, pruned of dev
    /// tools (the hooks may write into node_modules): the prune command.
    pub prune: Option<String>,
}

impl Language for Node {
    fn id(&self) -> &'static str {
        "node"
    }

    fn detect(&self, index: &DirIndex, choices: &Choices) -> Result<ProjectFacts> {
        if !index.has_file("package.json") {
            bail!(
                "no package.json in {}; dockgen needs it to install dependencies (run `npm init -y`, or choose another --preset)",
                index.root.display()
            );
        }
        let pkg = read_package_json(index)?;
        let mut warnings = Vec::new();
        let mut f = NodeFacts {
            name: string(&pkg.json, "name")?.map(str::to_string),
            engines_node: obj(&pkg.json, "engines")?.and_then(|e| e.get("node")?.as_str().map(str::to_string)),
            ..Default::default()
        };
        let ws = index.workspace.as_deref().filter(|w| w.decl.language == "node");
        let version_index = match ws {
            Some(ws) => {
                member_facts(ws, &pkg, &mut f, &mut warnings)?;
                // The root's .nvmrc speaks for members that have none.
                let own = [".nvmrc", ".node-version"].iter().any(|v| index.has_file(v));
                if own { index } else { &ws.root }
            }
            None => {
                package_manager(index, &pkg, &mut f, &mut warnings)?;
                index
            }
        };
        let version = node_version(version_index, &pkg, choices.lang_version.is_some(), &mut warnings)?;

        let (framework, kind) = app_kind(&pkg);
        if framework.is_none() && (pkg.has("expo") || pkg.has("react-native")) {
            bail!("package.json: this is a React Native{} app, which runs on phones, not in a container; run dockgen on the app's server instead", if pkg.has("expo") { " (Expo)" } else { "" });
        }
        f.kind = kind;
        warnings.extend(build_facts(index, &pkg, choices, framework.as_deref(), &mut f)?);
        warnings.extend(start_facts(index, &pkg, choices, framework.as_deref(), &mut f));
        f.prod_deps = !pkg.deps.is_empty();
        let (env, download_warnings) = checks::download_skips(&pkg.deps, &pkg.dev_deps);
        f.install_env = env;
        warnings.extend(download_warnings);
        if f.manager == Manager::Npm && f.lockfile.as_deref() == Some("package-lock.json") && choices.lang_version.is_none() {
            let major = version.value.parse().unwrap_or(0);
            if let Ok(lock) = lock_index(index).read("package-lock.json") {
                warnings.extend(checks::stale_npm_lock(&lock, major));
            }
        }

        // No framework: a server on node's own http module.
        let framework = match (&framework, &f.start) {
            (None, Some(start)) if f.kind == AppKind::Server && entry_uses_http(index, &start.value, f.output_dir.as_deref()) => {
                Some("http".to_string())
            }
            _ => framework,
        };

        // Native addons.
        f.native = native_reason(index, &pkg, &f, &mut warnings);
        warnings.extend(undeclared_typescript(index, &pkg, f.kind));

        // A library that validates the environment inside the build.
        f.env_check = envcheck::env_check(index, &pkg);
        if let Some(c) = &f.env_check {
            let needs = if c.run.is_empty() { String::new() } else { format!("; the container needs {} at run time (docker run -e NAME=…)", c.run.join(", ")) };
            let inlined = match c.build.len() {
                0 => String::new(),
                n => format!("; {} {} inlined at build time, so set {} in the build stage if the client uses {}", c.build.join(", "), if n == 1 { "is" } else { "are" }, if n == 1 { "it" } else { "them" }, if n == 1 { "it" } else { "them" }),
            };
            let skip = c.skip.iter().map(|n| format!("{n}=1")).collect::<Vec<_>>().join(" ");
            warnings.push(format!("{} validates environment variables during the build{}: the build stage sets {skip}, {}{needs}{inlined}", c.library, c.file.as_deref().map(|f| format!(" ({f})")).unwrap_or_default(), if c.skip_read { "which its skipValidation reads" } else { "as the library's docs say for image builds" }));
        }

        // A framework's default alone: the project's own Dockerfile may say.
        let port = match port_of(index, &f, framework.as_deref()) {
            p if p.as_ref().is_none_or(|p| p.origin == crate::model::Origin::Fallback) && f.kind != AppKind::Static => super::own_port(index).or(p),
            p => p,
        };

        Ok(ProjectFacts {
            local_deps: f.workspace.as_ref().map(|w| w.deps.clone()).unwrap_or_default(),
            package_manager: Some(f.manager.to_string()),
            version: Some(version),
            framework,
            port,
            health_path: None,
            warnings,
            own: f.into_facts(),
        })
    }

    fn workspace(&self, root: &DirIndex) -> Result<Option<crate::workspace::Decl>> {
        workspace::declared(root)
    }

    /// A package.json with no start script, no `main`, no server framework,
    /// no Next.js and no server file only builds assets (or lints).
    fn serves(&self, index: &DirIndex) -> bool {
        let Ok(pkg) = read_package_json(index) else { return true };
        let (framework, kind) = app_kind(&pkg);
        let server_file = ["server.js", "app.js", "index.js", "main.js", "server.ts", "index.ts", "src/server.js", "src/index.js", "src/index.ts", "src/main.ts"].iter().any(|f| index.is_file(f));
        // A start script that runs a bundler's dev server serves no app.
        let dev_server = |s: &str| ["webpack-dev-server", "webpack serve", "vite", "parcel", "gulp", "grunt"].iter().any(|d| s.contains(d));
        let start = pkg.script("start").is_some_and(|s| !dev_server(s));
        let main = pkg.json.get("main").and_then(|m| m.as_str()).is_some_and(|m| index.is_file(m.trim_start_matches("./")));
        start || main || server_file || (kind == AppKind::Server && framework.is_some()) || kind == AppKind::Next
    }

    fn normalize_version(&self, raw: &str) -> Result<String> {
        match major_of(raw) {
            Some(m) => Ok(m.to_string()),
            None => bail!(
                "--lang-version '{raw}' is not a Node.js version; use a major such as 22, or lts/jod"
            ),
        }
    }

    fn check_version(&self, facts: &ProjectFacts, version: &str) -> Result<()> {
        let Some(f) = facts.own::<NodeFacts>() else { return Ok(()) };
        let Some(range) = &f.engines_node else { return Ok(()) };
        let (Ok(r), Ok(newest)) = (node_semver::Range::parse(range), node_semver::Version::parse(format!("{version}.999.999"))) else {
            return Ok(());
        };
        // Any release of that major the range allows will do.
        let oldest = node_semver::Version::parse(format!("{version}.0.0")).ok();
        if !r.satisfies(&newest) && !oldest.is_some_and(|o| r.satisfies(&o)) && r.min_version().is_some_and(|m| m > newest) {
            bail!("--lang-version {version} is older than package.json allows (engines.node \"{range}\"); pass a newer major, or change engines.node");
        }
        Ok(())
    }

    fn plan(&self, index: &DirIndex, facts: &ProjectFacts, preset: &Preset, choices: &Choices, plan: &mut Plan) -> Result<()> {
        let f = facts.own_or_bug::<NodeFacts>("Node")?;
        let is_static = f.kind == AppKind::Static;
        runtime_for_kind(f, facts.framework.as_deref(), preset, choices, plan)?;

        let musl = !is_static && plan.runtime == RuntimeKind::Alpine;
        if musl && f.kind != AppKind::Bun {
            if let Some(img) = &preset.builder.musl_image {
                plan.set_builder_image(img);
            }
        }

        let cmd = start_and_cmd(f, plan)?;

        let steps = install_and_build(index, f, choices, plan);
        let steps_build = steps.build.is_some();
        plan.musl = musl;
        plan.deps = Some(DepStep { cache: steps.cache_dir, binds: steps.manifests, command: steps.install });
        let section = NodePlan {
            manager: f.manager,
            setup: steps.setup,
            install_prod: steps.install_prod,
            build: steps.build,
            output_dir: f.output_dir.clone(),
            kind: f.kind,
            next_standalone: f.next_standalone,
            native: f.native.clone(),
            cmd,
            writable: steps.writable,
            copy_dirs: steps.copy_dirs,
            prod_deps: f.prod_deps,
            ws: steps.ws,
            build_env: match &f.env_check {
                Some(c) if steps_build => c.skip.iter().map(|n| format!("{n}=1")).collect(),
                _ => Vec::new(),
            },
            build_env_why: f.env_check.as_ref().map(|c| format!("{} validates the environment during the build, and an image build has none: skip it as its docs say (the container gets the variables at run time)", c.library)).unwrap_or_default(),
            trace_env: match (f.next_trace, &f.workspace) {
                (false, _) => Vec::new(),
                (true, None) => vec!["NEXT_PRIVATE_STANDALONE=1".to_string()],
                // The tracing root is the workspace's: the layout is then
                // <member>/server.js beside the root's node_modules.
                (true, Some(_)) => vec!["NEXT_PRIVATE_STANDALONE=1".to_string(), "NEXT_PRIVATE_OUTPUT_TRACE_ROOT=/app".to_string()],
            },
            hooks: Vec::new(),
            drop_scripts: Vec::new(),
            prune: None,
        };
        let section = with_root_scripts(f, section);
        if let Some(c) = &f.env_check {
            plan.run_env.extend(c.run.iter().cloned());
        }
        if f.kind != AppKind::Next {
            plan.build_output = f.output_dir.clone();
        }
        plan.set_section(self.id(), &section)?;
        if is_static {
            // nginx's own probe (the static image's), not the app's runtime's.
            if let Some(spec) = preset.runtime(plan.runtime) {
                plan.healthcheck = spec.static_healthcheck.clone();
                plan.probe_chosen = true;
            }
            for env in &f.build_env_files {
                plan.dockerignore.push(format!("!{env}"));
            }
        }
        Ok(())
    }
}

/// The runtime image for the kind of app: nginx for a static site (alpine
/// unless chosen, unprivileged port 8080), Bun's for an app Bun runs, else
/// the runtime's Node.js image.
fn runtime_for_kind(f: &NodeFacts, framework: Option<&str>, preset: &Preset, choices: &Choices, plan: &mut Plan) -> Result<()> {
    if f.kind == AppKind::Static {
        // Only runtimes with a web server can serve a static site.
        plan.runtimes.retain(|k| preset.runtime(*k).is_some_and(|s| s.static_image.is_some()));
        // Static sites are served by nginx: alpine by default.
        if choices.runtime.is_none() {
            plan.runtime = RuntimeKind::Alpine;
        }
        let spec = preset.runtime(plan.runtime).and_then(|s| s.static_image.clone().map(|i| (s, i)));
        let Some((spec, image)) = spec else {
            bail!(
                "the {} runtime has no web server for a static site ({} builds to static files); choose --runtime alpine|slim",
                plan.runtime,
                framework.unwrap_or("this app")
            );
        };
        plan.runtime_summary = spec.summary.clone();
        plan.images.runtime_ref = image.clone();
        plan.images.runtime = image;
        plan.static_site = true;
        plan.user.name = "nginx".to_string();
        plan.user.uid = 101;
        plan.user.gid = 101;
        plan.user.create = false;
        if choices.port.is_none() {
            plan.port = Sourced::chosen(8080, "nginx, unprivileged port");
        }
    } else if f.kind == AppKind::Bun {
        bun_runtime(f, preset, plan)?;
    } else {
        let spec = preset.runtime(plan.runtime).expect("resolved runtime");
        plan.set_runtime_image(&spec.image);
    }
    Ok(())
}

/// The install and build steps and what the runtime copies besides the
/// output; a private registry's .npmrc secret.
struct Steps {
    manifests: Vec<String>,
    setup: Option<String>,
    install: String,
    install_prod: String,
    cache_dir: String,
    build: Option<String>,
    writable: Vec<String>,
    copy_dirs: Vec<String>,
    ws: Option<workspace::WsPlan>,
}

fn install_and_build(index: &DirIndex, f: &NodeFacts, choices: &Choices, plan: &mut Plan) -> Steps {
    let is_static = f.kind == AppKind::Static;
    let (install, install_prod, cache_dir, mut setup) = manager_commands(f);
    if f.kind == AppKind::Bun {
        setup = None; // Bun's image has bun
    }
    let with_env = |cmd: String| if f.install_env.is_empty() { cmd } else { format!("{} {cmd}", f.install_env.join(" ")) };
    let (install, install_prod) = (with_env(install), with_env(install_prod));
    let mut manifests = vec!["package.json".to_string()];
    manifests.extend(f.lockfile.clone());
    if f.yarn_berry {
        manifests.push(".yarnrc.yml".to_string());
    }
    let build = if f.build_script {
        Some(format!("{} run build", f.manager))
    } else if f.typescript {
        Some(match f.manager {
            Manager::Npm => "npx tsc".to_string(),
            Manager::Bun => "bunx tsc".to_string(),
            pm => format!("{pm} exec tsc"),
        })
    } else {
        None
    };
    if build.is_some()
        && let Some(out) = &f.output_dir
    {
        plan.dockerignore.insert(2, out.clone());
    }
    let writable = if f.kind == AppKind::Next { vec![".next/cache".to_string()] } else { Vec::new() };
    // Assets a built server reads at run time; unbuilt apps copy everything.
    let mut copy_dirs = Vec::new();
    if build.is_some() && !is_static {
        for d in ["public", "views", "static", "templates"] {
            if index.has_dir(d) {
                copy_dirs.push(d.to_string());
            }
        }
        if f.kind == AppKind::Next && !f.next_standalone {
            for c in ["next.config.js", "next.config.mjs", "next.config.cjs", "next.config.ts"] {
                if index.has_file(c) {
                    copy_dirs.push(c.to_string());
                    // `next start` loads the config, and what it imports
                    // (create-t3-app's `await import("./src/env.js")`).
                    for m in index.read(c).map(|t| relative_imports(&t)).unwrap_or_default() {
                        if index.is_file(&m) && !copy_dirs.contains(&m) {
                            copy_dirs.push(m);
                        }
                    }
                }
            }
        }
    }
    if f.npmrc_registry || choices.private_registry() {
        if f.yarn_berry {
            plan.warnings.push("Yarn Berry reads registry credentials from .yarnrc.yml (npmAuthToken), not .npmrc; the npmrc secret helps only if your .yarnrc.yml reads it".to_string());
        }
        plan.secret = Some(crate::model::BuildSecret {
            id: "npmrc".into(),
            target: "/root/.npmrc".into(),
            env: None,
            build_flag: "--secret id=npmrc,src=$HOME/.npmrc".into(),
        });
    }
    let mut steps = Steps { manifests, setup, install, install_prod, cache_dir, build, writable, copy_dirs, ws: None };
    if let (Some(local), Some(ws)) = (&f.workspace, index.workspace.as_deref()) {
        member_steps(ws, local, f, &mut steps);
    }
    steps
}

/// The framework, and what kind of app it is: `next`, `static` (an SPA
/// nginx serves) or `server`. Beside a static build tool, a server framework
/// only in devDependencies is a dev or mock server, not the app.
fn app_kind(pkg: &Pkg) -> (Option<String>, AppKind) {
    let spa = [("vite", "vite"), ("react-scripts", "create-react-app"), ("@angular/core", "angular"), ("@vue/cli-service", "vue-cli")]
        .iter()
        .find(|(d, _)| pkg.has(d))
        .map(|(_, n)| n.to_string());
    let server_fw = ["express", "fastify", "koa", "@hapi/hapi", "@nestjs/core", "hono", "next"]
        .iter()
        .find(|d| if spa.is_some() && **d != "next" { pkg.deps.iter().any(|x| x == *d) } else { pkg.has(d) })
        .map(|s| s.to_string());
    let framework = match (&server_fw, &spa) {
        (Some(s), _) => Some(match s.as_str() {
            "@nestjs/core" => "nestjs".to_string(),
            "@hapi/hapi" => "hapi".to_string(),
            other => other.to_string(),
        }),
        (None, Some(s)) => Some(s.clone()),
        (None, None) => None,
    };
    let kind = match (&server_fw, &spa) {
        (Some(s), _) if s == "next" => AppKind::Next,
        (None, Some(_)) => AppKind::Static,
        _ => AppKind::Server,
    };
    (framework, kind)
}

/// The build step and its output folder, the .npmrc registry, and the .env
/// files a static build reads. Returns warnings.
fn build_facts(index: &DirIndex, pkg: &Pkg, choices: &Choices, framework: Option<&str>, f: &mut NodeFacts) -> Result<Vec<String>> {
    let mut warnings = Vec::new();
    f.build_script = pkg.script("build").is_some();
    f.install_scripts = INSTALL_SCRIPTS.iter().copied().filter(|s| pkg.script(s).is_some()).collect();
    f.typescript = index.has_file("tsconfig.json") && pkg.has("typescript");
    if index.has_file(".npmrc") {
        let npmrc = index.read(".npmrc")?;
        f.npmrc_registry = npmrc.lines().map(str::trim).any(|l| {
            !l.starts_with('#') && !l.starts_with(';') && (l.starts_with("registry") || l.contains(":registry") || l.contains("_auth") || l.contains("_password"))
        });
    }
    let ts_out = if index.has_file("tsconfig.json") { tsconfig_out_dir(index)? } else { None };
    f.output_dir = match (f.kind, framework) {
        (AppKind::Next, _) => Some(".next".to_string()),
        (AppKind::Static, Some("create-react-app")) => Some("build".to_string()),
        (AppKind::Static, Some("angular")) => angular_output(index, pkg)?,
        (AppKind::Static, _) => Some("dist".to_string()),
        _ if f.build_script || f.typescript => ts_out.clone().or(Some("dist".to_string())),
        _ => None,
    };
    if let Some(dir) = &choices.output_dir {
        if f.kind == AppKind::Next {
            bail!("--output-dir does not apply to Next.js, whose build always writes .next");
        }
        f.output_dir = Some(crate::model::output_dir_flag(dir)?);
    }
    if f.kind == AppKind::Next {
        f.next_standalone = next_standalone(index);
        let in_ws = index.workspace.as_deref().is_some_and(|w| w.decl.language == "node");
        if !f.next_standalone && output::next_traceable(index, pkg, in_ws) {
            f.next_standalone = true;
            f.next_trace = true;
        }
        if f.next_standalone && !f.next_trace && in_ws {
            // Standalone output nests the app under the tracing root's path
            // (apps/web/server.js), which depends on outputFileTracingRoot.
            f.next_standalone = false;
            warnings.push("next.config sets output: 'standalone'; in a workspace dockgen ships the member with its production dependencies and runs `next start` instead".to_string());
        }
    }
    if f.kind == AppKind::Static {
        for env in [".env", ".env.production"] {
            if index.has_file(env) {
                f.build_env_files.push(env.to_string());
            }
        }
        if !f.build_env_files.is_empty() {
            warnings.push(format!(
                "the static build reads {} at build time, so it is sent to the builder (not ignored); everything in it ends up public in the bundle, so keep secrets out",
                f.build_env_files.join(" and ")
            ));
        }
    }
    Ok(warnings)
}

/// The project files a config file imports by relative path (`import
/// "./src/env.js"`, `await import("./x.mjs")`, `require("./y")`), as paths
/// from the project root; only plain relative paths inside the project.
fn relative_imports(text: &str) -> Vec<String> {
    let re = regex_lite::Regex::new(r#"(?:import\s*\(?|require\s*\(|from)\s*["'](\./[A-Za-z0-9_./-]+)["']"#).expect("static regex");
    re.captures_iter(text)
        .map(|c| c[1].trim_start_matches("./").to_string())
        .filter(|p| !p.split('/').any(|s| s == ".." || s.is_empty()))
        .collect()
}

/// Bun's images, user, version argument and probe for an app Bun runs.
fn bun_runtime(f: &NodeFacts, preset: &Preset, plan: &mut Plan) -> Result<()> {
    let Some(kind) = preset.runtime(plan.runtime).and_then(|s| s.kinds.get("bun")) else {
        bail!("the {} runtime has no Bun image; choose --runtime distroless|slim|alpine", plan.runtime);
    };
    let version = f.manager_version.as_deref().and_then(|v| v.split('.').next()).filter(|v| !v.is_empty()).unwrap_or("1");
    let source = if f.manager_version.is_some() { "package.json packageManager" } else { "Bun's current major" };
    plan.version = Sourced::new(version.to_string(), source);
    plan.version_arg = "BUN_VERSION".to_string();
    plan.version_of = "bun".to_string();
    let builder = if plan.runtime == RuntimeKind::Alpine { "bun_musl" } else { "bun" };
    if let Some(img) = preset.builder.variants.get(builder) {
        plan.set_builder_image(img);
    }
    plan.use_kind(kind);
    Ok(())
}

fn exists(index: &DirIndex, rel: &str) -> bool {
    index.is_file(rel)
}

#[cfg(test)]
mod tests;
