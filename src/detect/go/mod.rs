//! Go: go.mod, the main package, cgo, the port.
//!
//! Reads `go.mod`, looks for `package main` at the root, under `cmd/<name>`
//! or in a top-level folder's `main.go`, then follows the chosen main
//! package's *local* imports (bounded) to learn whether any of them uses cgo
//! and which port the code listens on. It never walks the tree.

use anyhow::{Context, Result, bail};
use serde::Serialize;

use std::str::FromStr;

use super::Language;
mod lex;
mod packages;
mod port;

use packages::{analyse, binary_name, main_candidates, the_service, validate_main};
use crate::model::{Choices, DepStep, Plan, Sourced, Unresolved, join};
use super::{OwnFacts, ProjectFacts};
use crate::preset::{Preset, RuntimeKind};
use crate::scan::DirIndex;

/// How many local packages the import walk from `main` visits at most.
const MAX_PACKAGES: usize = 256;
/// How many `.go` files it reads at most.
const MAX_GO_FILES: usize = 2000;

pub struct Go;

/// What the Go detector found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GoFacts {
    pub module: String,
    pub go_directive: Option<String>,
    pub toolchain: Option<String>,
    /// How many modules go.mod requires (0: standard library only).
    pub requires: usize,
    pub go_sum: bool,
    /// `vendor/modules.txt` exists: build with `-mod=vendor`, no download.
    pub vendored: bool,
    /// Every `package main` found, as `go build` paths (`.`, `./cmd/api`).
    pub main_candidates: Vec<String>,
    /// The main package that was analysed (the only candidate, or `--main`).
    pub main_package: Option<String>,
    /// The first non-test file that imports "C", if any.
    pub cgo: Option<String>,
    /// C++ sources sit beside the cgo code: the runtime needs libstdc++.
    pub cxx: bool,
    /// The code reads the PORT environment variable.
    pub reads_port_env: bool,
    /// A go.work member: the modules its build needs.
    pub ws: Option<workspace::GoWs>,
}

/// The Go section of the plan, as templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct GoPlan {
    /// The module path from go.mod.
    pub module: String,
    /// The main package built (`.`, `./cmd/api`).
    pub main_package: String,
    /// The binary's name, under /usr/local/bin in the runtime.
    pub binary: String,
    /// `vendor/modules.txt` exists: build with `-mod=vendor`, no download.
    pub vendored: bool,
    /// The code uses cgo: built with CGO_ENABLED=1 against the builder's libc.
    pub cgo: bool,
    /// The file that imports "C", for the comment.
    pub cgo_reason: Option<String>,
    /// Build on $BUILDPLATFORM and cross-compile (pure Go only).
    pub cross_compile: bool,
    /// The code reads PORT: the runtime sets it.
    pub port_env: bool,
    /// The build cache's mount target.
    pub build_cache: String,
    /// A go.work member's modules and the trimmed go.work the download uses.
    pub ws: Option<workspace::GoWs>,
}

impl Language for Go {
    fn id(&self) -> &'static str {
        "go"
    }

    fn detect(&self, index: &DirIndex, choices: &Choices) -> Result<ProjectFacts> {
        if !index.has_file("go.mod") {
            if index.has_file("go.work") {
                bail!(
                    "go.work found but no go.mod at the top of {}: dockgen builds one module at a time; run `dockgen init <module folder>` on the module that holds your main package",
                    index.root.display()
                );
            }
            if !index.has_extension("go") {
                bail!(
                    "no Go project in {}: no go.mod and no .go file at its top level; run dockgen on the folder that holds go.mod",
                    index.root.display()
                );
            }
            bail!(
                "found .go files but no go.mod in {}; create one with `go mod init <module path>` (GOPATH builds are not reproducible)",
                index.root.display()
            );
        }
        let gomod = read_gomod(index)?;
        let module = gomod.module.trim().trim_matches('"').trim_matches('`').to_string();
        let go_directive = gomod.go.as_deref().map(first_word).filter(|s| !s.is_empty());
        let toolchain = gomod.toolchain.as_deref().map(first_word).filter(|s| !s.is_empty());
        
        let mut facts = GoFacts {
            module: module.clone(),
            go_directive: go_directive.clone(),
            toolchain: toolchain.clone(),
            requires: gomod.require.len(),
            go_sum: index.has_file("go.sum"),
            vendored: index.is_file("vendor/modules.txt"),
            ..Default::default()
        };
        let mut warnings = Vec::new();
        if let Some(ws) = index.workspace.as_deref().filter(|w| w.decl.language == "go") {
            let requires: Vec<(String, String)> = gomod.require.iter().map(|r| (r.module.module_path.clone(), r.module.version.clone())).collect();
            let member = workspace::member(ws, &requires)?;
            // Local modules come from the workspace, not the checksum database.
            facts.requires = member.external.len();
            facts.ws = Some(member);
        }

        let version = version_from_gomod(go_directive.as_deref(), toolchain.as_deref());

        let port = main_and_port(index, choices, &module, &mut facts, &mut warnings)?.or_else(|| super::own_port(index));
        if facts.requires > 0 && !facts.go_sum && !facts.vendored {
            warnings.push(
                "go.mod requires modules but there is no go.sum; the build will fail until you run `go mod tidy` and commit go.sum".to_string(),
            );
        }

        let framework = framework(&gomod.require).or_else(|| Some("net/http".to_string()));
        Ok(ProjectFacts {
            local_deps: facts.ws.as_ref().map(|w| w.modules.iter().filter(|m| **m != w.member).cloned().collect()).unwrap_or_default(),
            package_manager: Some(if facts.vendored { "go modules (vendored)" } else { "go modules" }.to_string()),
            version,
            framework,
            port,
            health_path: None,
            warnings,
            own: facts.into_facts(),
        })
    }

    fn workspace(&self, root: &DirIndex) -> Result<Option<crate::workspace::Decl>> {
        workspace::declared(root)
    }

    fn reaches(&self, project: &DirIndex) -> Result<Option<crate::workspace::Reach>> {
        if !project.has_file("go.mod") {
            return Ok(None);
        }
        let Ok(gomod) = read_gomod(project) else { return Ok(None) };
        Ok(workspace::replaced(&gomod))
    }

    fn normalize_version(&self, raw: &str) -> Result<String> {
        let v = raw.trim().trim_start_matches("go");
        // The image catalog holds release lines: 1.23.4 builds on golang's
        // 1.23 image, whose newest patch is at least 1.23.4.
        match parse_version(v) {
            Some((major, minor, _)) if v.chars().all(|c| c.is_ascii_digit() || c == '.') => Ok(format!("{major}.{minor}")),
            _ => bail!(
                "--lang-version '{raw}' is not a Go release; use one like 1.23 or 1.23.4"
            ),
        }
    }

    fn check_version(&self, facts: &ProjectFacts, version: &str) -> Result<()> {
        let Some(go) = facts.own::<GoFacts>() else { return Ok(()) };
        let (Some(min), Some(want)) = (go.go_directive.as_deref(), parse_version(version)) else { return Ok(()) };
        let Some(need) = parse_version(min) else { return Ok(()) };
        // `1.22` names the newest 1.22.x: compare as far as the flag goes.
        let parts = version.split('.').count();
        let cut = |v: (u32, u32, u32)| if parts >= 3 { v } else { (v.0, v.1, 0) };
        if cut(want) < cut(need) {
            bail!("--lang-version {version} is older than go.mod allows (go {min}, its go line); pass {min} or newer, or lower the go line");
        }
        Ok(())
    }

    fn plan(
        &self,
        index: &DirIndex,
        facts: &ProjectFacts,
        preset: &Preset,
        choices: &Choices,
        plan: &mut Plan,
    ) -> Result<()> {
        let go = facts.own_or_bug::<GoFacts>("Go")?;


        let cgo = go.cgo.is_some();
        let musl = images_for_cgo(go, preset, plan)?;
        let Some(main) = &go.main_package else {
            plan.unresolved.push(unresolved_main(index, go));
            return Ok(());
        };

        let binary = binary_name(main, &go.module);
        plan.app = binary.to_lowercase();
        plan.start = match &choices.start {
            Some(argv) => argv.clone(),
            None => vec![format!("/usr/local/bin/{binary}")],
        };
        // The build runs at the workspace root: the main package's path from there.
        let main_path = match &go.ws {
            Some(ws) if ws.member != "." && ws.work_init.is_some() => format!("./{}", crate::workspace::join(&ws.member, main.trim_start_matches("./").trim_start_matches('.'))),
            _ => main.clone(),
        };
        let section = GoPlan {
            module: go.module.clone(),
            main_package: main_path,
            binary,
            vendored: go.vendored,
            cgo,
            cgo_reason: go.cgo.clone(),
            cross_compile: !cgo,
            port_env: go.reads_port_env,
            build_cache: preset.cache.get("build").cloned().unwrap_or_else(|| "/root/.cache/go-build".into()),
            ws: go.ws.clone(),
        };
        plan.musl = musl;
        let cache = preset.cache.get("modules").cloned().unwrap_or_else(|| "/go/pkg/mod".into());
        if let (Some(ws), Some(root)) = (&go.ws, index.workspace.as_deref()) {
            // Only the modules this app needs, in a go.work of their own:
            // the root's lists members the download step does not see.
            let mut binds = Vec::new();
            for m in &ws.modules {
                for f in ["go.mod", "go.sum"] {
                    let rel = crate::workspace::join(m, f);
                    if root.root.is_file(&rel) {
                        binds.push(rel);
                    }
                }
            }
            binds.extend(root.decl.lockfile.clone());
            match &ws.work_init {
                Some(init) if !ws.external.is_empty() => {
                    plan.deps = Some(DepStep { cache, binds, command: format!("{init} \\\n && go mod download {}", ws.external.join(" ")) });
                }
                // Joined by replace directives: go.mod resolves the local
                // modules by path, so a plain download in the member works.
                None => plan.deps = Some(DepStep { cache, binds, command: "go mod download".into() }),
                Some(_) => {}
            }
        } else if !go.vendored {
            let mut binds = vec!["go.mod".to_string()];
            if go.go_sum {
                binds.push("go.sum".to_string());
            }
            plan.deps = Some(DepStep { cache, binds, command: "go mod download".into() });
        }
        plan.details.push(("main package".into(), format!("{} (binary {})", section.main_package, section.binary)));
        if let Some(c) = &section.cgo_reason {
            plan.details.push(("cgo".into(), format!("yes ({c} imports \"C\")")));
        }
        plan.set_section(self.id(), &section)?;
        Ok(())
    }
}

fn first_line(s: &str) -> &str {
    s.lines().find(|l| !l.trim().is_empty()).unwrap_or(s).trim()
}

/// The first word of a directive value (drops trailing `// comments`).
fn first_word(s: &str) -> String {
    s.split_whitespace().next().unwrap_or("").to_string()
}

/// `1.22`, `1.22.3`, `1.21rc1` → (major, minor, patch).
fn parse_version(v: &str) -> Option<(u32, u32, u32)> {
    let mut parts = v.splitn(3, '.');
    let major = parts.next()?.parse().ok()?;
    let minor_raw = parts.next()?;
    let digits: String = minor_raw.chars().take_while(|c| c.is_ascii_digit()).collect();
    let minor = digits.parse().ok()?;
    let patch = parts
        .next()
        .map(|p| p.chars().take_while(|c| c.is_ascii_digit()).collect::<String>())
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    Some((major, minor, patch))
}


/// The builder's Go release from go.mod. The `toolchain` line is an exact
/// request (its major.minor; the golang tag floats to the newest patch).
/// The `go` line is a minimum, and Go builds old modules with new
/// toolchains: the catalog picks the oldest supported release at or above it.
fn version_from_gomod(go: Option<&str>, toolchain: Option<&str>) -> Option<Sourced<String>> {
    let gv = go.and_then(|g| parse_version(g).map(|v| (v, g)));
    let tv = toolchain
        .and_then(|t| t.strip_prefix("go"))
        .and_then(|t| parse_version(t).map(|v| (v, t)));
    match (gv, tv) {
        (Some((g, graw)), Some((t, traw))) if t > g => {
            Some(Sourced::new(format!("{}.{}", t.0, t.1), format!("go.mod toolchain line (go{traw}, above go {graw})")))
        }
        (None, Some((t, traw))) => Some(Sourced::new(format!("{}.{}", t.0, t.1), format!("go.mod toolchain line (go{traw})"))),
        (Some((g, graw)), _) => {
            let min = crate::version::Req::AtLeast(format!("{}.{}", g.0, g.1));
            let preset = crate::preset::by_id("go").ok()?;
            crate::detect::pick_line(preset, &min, &format!("go.mod go line (go {graw}, a minimum)"))
        }
        (None, None) => None,
    }
}

/// Web frameworks, by the module path go.mod requires.
fn framework(requires: &[gomod_parser::ModuleDependency]) -> Option<String> {
    const KNOWN: &[(&str, &str)] = &[
        ("github.com/gin-gonic/gin", "gin"),
        ("github.com/labstack/echo", "echo"),
        ("github.com/gofiber/fiber", "fiber"),
        ("github.com/go-chi/chi", "chi"),
        ("github.com/gorilla/mux", "gorilla/mux"),
    ];
    requires.iter().find_map(|r| {
        KNOWN
            .iter()
            .find(|(path, _)| r.module.module_path.starts_with(path))
            .map(|(_, name)| name.to_string())
    })
}

/// go.mod, parsed and checked: a module line, and go and toolchain lines
/// that are versions.
fn read_gomod(index: &DirIndex) -> Result<gomod_parser::GoMod> {
    let text = index.read("go.mod")?;
    let gomod = gomod_parser::GoMod::from_str(&text).map_err(|e| {
        anyhow::anyhow!(
            "go.mod could not be parsed ({}); fix it, for example with `go mod tidy`",
            first_line(&e)
        )
    })?;
    let module = gomod.module.trim().trim_matches('"').trim_matches('`');
    if module.is_empty() {
        bail!("go.mod has no module line; add one, e.g. `module example.com/app`");
    }
    let go_directive = gomod.go.as_deref().map(first_word).filter(|s| !s.is_empty());
    let toolchain = gomod.toolchain.as_deref().map(first_word).filter(|s| !s.is_empty());
    if let Some(g) = &go_directive
        && parse_version(g).is_none()
    {
        bail!("go.mod: the go line says \"{g}\", which is not a Go version; write one such as `go 1.22`");
    }
    if let Some(t) = &toolchain
        && t.strip_prefix("go").and_then(parse_version).is_none()
        && t != "default"
    {
        bail!("go.mod: the toolchain line says \"{t}\", which is not a Go toolchain; write one such as `toolchain go1.22.3`, or remove the line");
    }
    Ok(gomod)
}

/// The main package (`--main`, the only one, or the service among
/// several), and what its code shows: cgo, `$PORT`, the listening port.
fn main_and_port(index: &DirIndex, choices: &Choices, module: &str, facts: &mut GoFacts, warnings: &mut Vec<String>) -> Result<Option<Sourced<u16>>> {
    facts.main_candidates = main_candidates(index)?;
    // Picking among several mains analyses each: the pick's is kept.
    let mut analysed = None;
    facts.main_package = match &choices.main {
        Some(m) => Some(validate_main(index, m, &facts.main_candidates)?),
        None if facts.main_candidates.len() == 1 => Some(facts.main_candidates[0].clone()),
        None => the_service(index, module, &facts.main_candidates, warnings)?.map(|(pick, a)| {
            analysed = Some(a);
            pick
        }),
    };

    let mut port = None;
    if let Some(main) = &facts.main_package {
        let a = match analysed {
            Some(a) => a,
            None => analyse(index, main, module)?,
        };
        facts.cgo = a.cgo;
        facts.cxx = a.cxx;
        facts.reads_port_env = a.reads_port_env;
        if let Some((p, src, loopback)) = a.port {
            if loopback {
                warnings.push(format!(
                    "{src} listens on a loopback address, which is unreachable from outside the container; listen on \":{p}\" instead"
                ));
            }
            port = Some(Sourced::new(p, src));
        }
    }
    Ok(port)
}

/// A cgo binary needs a C library at run time: the runtime's libc image
/// (or a refusal), and on Alpine a musl builder. Returns whether it is musl.
fn images_for_cgo(go: &GoFacts, preset: &Preset, plan: &mut Plan) -> Result<bool> {
    let cgo = go.cgo.is_some();
    let spec = preset
        .runtime(plan.runtime)
        .context("dockgen bug: runtime vanished")?;
    if cgo {
        let image = if go.cxx { spec.cxx_image.as_ref().or(spec.libc_image.as_ref()) } else { spec.libc_image.as_ref() };
        match image {
            Some(img) => plan.set_runtime_image(img),
            None if spec.libc => {}
            None => {
                let ok: Vec<RuntimeKind> = preset
                    .runtimes
                    .iter()
                    .filter(|(_, s)| s.libc || s.libc_image.is_some())
                    .map(|(k, _)| *k)
                    .collect();
                bail!(
                    "the {} runtime has no C library, but this program uses cgo ({} imports \"C\"); choose --runtime {}, or build without cgo",
                    plan.runtime,
                    go.cgo.as_deref().unwrap_or("a file"),
                    ok.iter().map(|k| k.as_str()).collect::<Vec<_>>().join("|")
                );
            }
        }
    }
    let musl = cgo && plan.runtime == RuntimeKind::Alpine;
    if musl {
        let musl_image = preset
            .builder
            .musl_image
            .as_ref()
            .context("dockgen bug: the go preset has no musl builder")?;
        plan.set_builder_image(musl_image);
    }
    Ok(musl)
}

/// No main package, or several: what was looked for, and the flag.
fn unresolved_main(index: &DirIndex, go: &GoFacts) -> Unresolved {
    let message = if go.main_candidates.is_empty() {
        format!(
            "no main package found in {}: looked for `package main` in ./*.go, cmd/*/ and top-level folders' main.go",
            index.root.display()
        )
    } else {
        format!(
            "several main packages found: {}; choose one",
            join(&go.main_candidates)
        )
    };
    let hint = if go.main_candidates.is_empty() {
        "--main ./path/to/main/package".to_string()
    } else {
        format!("--main <{}>", go.main_candidates.join("|"))
    };
    Unresolved {
        setting: "main".to_string(),
        flag: "--main".to_string(),
        message,
        choices: go.main_candidates.clone(),
        hint,
    }
}

#[cfg(test)]
mod tests;
mod workspace;
