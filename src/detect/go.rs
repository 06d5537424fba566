//! Go: go.mod, the main package, cgo, the port.
//!
//! Reads `go.mod`, looks for `package main` at the root, under `cmd/<name>`
//! or in a top-level folder's `main.go`, then follows the chosen main
//! package's *local* imports (bounded) to learn whether any of them uses cgo
//! and which port the code listens on. It never walks the tree.

use anyhow::{Context, Result, bail};
use serde::Serialize;
use std::collections::{BTreeSet, VecDeque};
use std::str::FromStr;

use super::Language;
use super::golex::{GoFile, Tok};
use crate::plan::{Choices, Own, Plan, ProjectFacts, Sourced, Unresolved, join};
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
}

/// The Go section of the plan, as templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct GoPlan {
    pub module: String,
    pub main_package: String,
    pub binary: String,
    pub go_sum: bool,
    pub vendored: bool,
    pub cgo: bool,
    pub cgo_reason: Option<String>,
    /// cgo on Alpine: build against musl in a golang alpine builder.
    pub musl: bool,
    /// Build on $BUILDPLATFORM and cross-compile (pure Go only).
    pub cross_compile: bool,
    pub port_env: bool,
    pub module_cache: String,
    pub build_cache: String,
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
        let text = index.read("go.mod")?;
        let gomod = gomod_parser::GoMod::from_str(&text).map_err(|e| {
            anyhow::anyhow!(
                "go.mod could not be parsed ({}); fix it, for example with `go mod tidy`",
                first_line(&e)
            )
        })?;
        let module = gomod.module.trim().trim_matches('"').trim_matches('`').to_string();
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

        let version = version_from_gomod(go_directive.as_deref(), toolchain.as_deref());

        facts.main_candidates = main_candidates(index)?;
        // Picking among several mains analyses each: the pick's is kept.
        let mut analysed = None;
        facts.main_package = match &choices.main {
            Some(m) => Some(validate_main(index, m, &facts.main_candidates)?),
            None if facts.main_candidates.len() == 1 => Some(facts.main_candidates[0].clone()),
            None => the_service(index, &module, &facts.main_candidates, &mut warnings)?.map(|(pick, a)| {
                analysed = Some(a);
                pick
            }),
        };

        let mut port = None;
        if let Some(main) = &facts.main_package {
            let a = match analysed {
                Some(a) => a,
                None => analyse(index, main, &module)?,
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
        if facts.requires > 0 && !facts.go_sum && !facts.vendored {
            warnings.push(
                "go.mod requires modules but there is no go.sum; the build will fail until you run `go mod tidy` and commit go.sum".to_string(),
            );
        }

        let framework = framework(&gomod.require).or_else(|| Some("net/http".to_string()));
        Ok(ProjectFacts {
            package_manager: Some(if facts.vendored { "go modules (vendored)" } else { "go modules" }.to_string()),
            version,
            framework,
            port,
            health_path: None,
            warnings,
            own: Own::new(facts),
        })
    }

    fn normalize_version(&self, raw: &str) -> Result<String> {
        let v = raw.trim().trim_start_matches("go");
        match parse_version(v) {
            Some(_) if v.chars().all(|c| c.is_ascii_digit() || c == '.') => Ok(v.to_string()),
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

        // Raise a too-old detected version to the oldest published builder;
        // a flag asking for one is told which exist.
        if let Some(oldest) = &preset.builder.oldest_version
            && plan.version.source == "--lang-version flag"
            && version_lt(&plan.version.value, oldest)
        {
            bail!(
                "--lang-version {}: there is no {} image for it (they start at Go {oldest} on the current Debian); pass {oldest} or newer, which builds modules for older Go too",
                plan.version.value,
                plan.images.builder
            );
        }
        if let Some(oldest) = &preset.builder.oldest_version
            && plan.version.source != "--lang-version flag"
            && version_lt(&plan.version.value, oldest)
        {
            plan.version = Sourced::new(
                oldest.clone(),
                format!(
                    "{}, raised to {oldest}: the oldest golang image on the current Debian",
                    plan.version.source
                ),
            );
            plan.set_builder_image(&preset.builder.image);
        }

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

        let Some(main) = &go.main_package else {
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
            plan.unresolved.push(Unresolved {
                setting: "main".to_string(),
                flag: "--main".to_string(),
                message,
                choices: go.main_candidates.clone(),
                hint,
            });
            return Ok(());
        };

        let binary = binary_name(main, &go.module);
        plan.app = binary.to_lowercase();
        plan.start = match &choices.start {
            Some(argv) => argv.clone(),
            None => vec![format!("/usr/local/bin/{binary}")],
        };
        let section = GoPlan {
            module: go.module.clone(),
            main_package: main.clone(),
            binary,
            go_sum: go.go_sum,
            vendored: go.vendored,
            cgo,
            cgo_reason: go.cgo.clone(),
            musl,
            cross_compile: !cgo,
            port_env: go.reads_port_env,
            module_cache: preset.cache.get("modules").cloned().unwrap_or_else(|| "/go/pkg/mod".into()),
            build_cache: preset.cache.get("build").cloned().unwrap_or_else(|| "/root/.cache/go-build".into()),
        };
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

fn version_lt(a: &str, b: &str) -> bool {
    match (parse_version(a), parse_version(b)) {
        (Some(a), Some(b)) => a < b,
        _ => false,
    }
}

/// The builder's Go release from go.mod: the newer of the `go` directive
/// and the `toolchain` line, as major.minor (the golang image tag floats to
/// the newest patch, which satisfies both minimums).
fn version_from_gomod(go: Option<&str>, toolchain: Option<&str>) -> Option<Sourced<String>> {
    let gv = go.and_then(|g| parse_version(g).map(|v| (v, g)));
    let tv = toolchain
        .and_then(|t| t.strip_prefix("go"))
        .and_then(|t| parse_version(t).map(|v| (v, t)));
    let (v, source) = match (gv, tv) {
        (Some((g, graw)), Some((t, traw))) if t > g => {
            (t, format!("go.mod toolchain line (go{traw}, above go {graw})"))
        }
        (Some((g, graw)), _) => (g, format!("go.mod go directive ({graw})")),
        (None, Some((t, traw))) => (t, format!("go.mod toolchain line (go{traw})")),
        (None, None) => return None,
    };
    Some(Sourced::new(format!("{}.{}", v.0, v.1), source))
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

/// Non-test `.go` files of one folder (relative paths), and whether C++
/// sources sit beside them.
fn go_files(index: &DirIndex, rel: &str) -> (Vec<String>, bool) {
    let mut files = Vec::new();
    let mut cxx = false;
    for e in index.entries(rel).into_iter().filter(|e| !e.is_dir) {
        let name = e.name;
        if name.ends_with(".go") && !name.ends_with("_test.go") {
            files.push(if rel == "." { name } else { format!("{rel}/{name}") });
        } else if [".cc", ".cpp", ".cxx"].iter().any(|x| name.ends_with(x)) {
            cxx = true;
        }
    }
    files.sort();
    (files, cxx)
}

/// The package a folder declares, from its first buildable file.
fn package_of(index: &DirIndex, rel: &str) -> Result<Option<String>> {
    let (files, _) = go_files(index, rel);
    for f in files {
        let file = GoFile::parse(&index.read(&f)?);
        if !file.ignored && file.package.is_some() {
            return Ok(file.package);
        }
    }
    Ok(None)
}

/// Folder names that can stand in a `go build` path and a RUN line as-is.
/// Anything else (spaces, quotes, newlines) is never offered as a main
/// package: a newline there would start a new Dockerfile instruction.
fn safe_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

fn skip_dir(name: &str) -> bool {
    !safe_name(name)
        || name.starts_with('.')
        || name.starts_with('_')
        || matches!(name, "vendor" | "testdata" | "node_modules" | "target")
}

/// `package main` at the root, in `cmd/<name>`, or in a top-level folder's
/// main.go. Reads the root, `cmd/` and those folders only.
fn main_candidates(index: &DirIndex) -> Result<Vec<String>> {
    let mut out = Vec::new();
    if index.has_extension("go") && package_of(index, ".")?.as_deref() == Some("main") {
        out.push(".".to_string());
    }
    if index.has_dir("cmd") {
        let subdirs: Vec<String> = index.subdirs("cmd").into_iter().filter(|n| !skip_dir(n)).collect();
        for d in subdirs.iter().take(MAX_PACKAGES) {
            if package_of(index, &format!("cmd/{d}"))?.as_deref() == Some("main") {
                out.push(format!("./cmd/{d}"));
            }
        }
    }
    if out.is_empty() {
        for d in index.dirs.iter().filter(|d| !skip_dir(d) && d.as_str() != "cmd") {
            if index.is_file(&format!("{d}/main.go"))
                && package_of(index, d)?.as_deref() == Some("main")
            {
                out.push(format!("./{d}"));
            }
        }
    }
    Ok(out)
}

/// Checks `--main` and returns it as a `go build` path (`.` or `./a/b`).
fn validate_main(index: &DirIndex, raw: &str, candidates: &[String]) -> Result<String> {
    let mut p = raw.trim().trim_start_matches("./").trim_end_matches('/').to_string();
    if p.ends_with(".go")
        && let Some((dir, _)) = p.rsplit_once('/')
    {
        p = dir.to_string();
    } else if p.ends_with(".go") {
        p = ".".to_string();
    }
    if p.is_empty() {
        p = ".".to_string();
    }
    let hint = if candidates.is_empty() {
        String::new()
    } else {
        format!(" (main packages found: {})", join(candidates))
    };
    let safe = p
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/'));
    if !safe || p.starts_with('/') || p.split('/').any(|s| s == ".." || s.is_empty()) {
        bail!(
            "--main '{raw}' is not a package folder inside the project; give a relative path such as ./cmd/server{hint}"
        );
    }
    if package_of(index, &p)?.as_deref() != Some("main") {
        bail!("--main '{raw}': no `package main` .go files in {p}/{hint}");
    }
    Ok(if p == "." { p } else { format!("./{p}") })
}

/// From the module path's last element, or the main package's folder.
fn binary_name(main: &str, module: &str) -> String {
    let base = if main == "." {
        let mut parts = module.rsplit('/');
        let last = parts.next().unwrap_or("");
        // example.com/app/v2 → app
        if last.len() > 1 && last.starts_with('v') && last[1..].chars().all(|c| c.is_ascii_digit()) {
            parts.next().unwrap_or(last)
        } else {
            last
        }
    } else {
        main.rsplit('/').next().unwrap_or("")
    };
    let clean: String = base
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        .collect();
    let clean = clean.trim_start_matches(['.', '-', '_']).to_string();
    if clean.is_empty() { "app".to_string() } else { clean }
}

/// Of several main packages, the one that is the service: it runs a
/// server (ListenAndServe, Serve) itself, and is named after the module's last path element (`cmd/wtf` in
/// `github.com/acme/wtf`) or after it with a `d` (`wtfd`). Picked only when one candidate scores highest; the rest are named.
fn the_service(index: &DirIndex, module: &str, candidates: &[String], warnings: &mut Vec<String>) -> Result<Option<(String, Analysis)>> {
    let last = module.rsplit('/').next().unwrap_or(module);
    let mut scored = Vec::new();
    for c in candidates {
        let name = c.trim_end_matches('/').rsplit('/').next().unwrap_or(c);
        // A port literal may sit in a shared package; a server call in the
        // main package itself is what marks the service.
        let analysis = analyse(index, c, module)?;
        let serves = analysis.serves;
        let named = name == last || name == format!("{last}d");
        let score = 2 * u8::from(serves) + u8::from(named);
        let why = match (serves, named) {
            (true, true) => format!("it runs a server and is named after the module ({last})"),
            (true, false) => "it is the one that runs a server".to_string(),
            (false, true) => format!("it is named after the module ({last})"),
            (false, false) => String::new(),
        };
        scored.push((score, c.clone(), why, analysis));
    }
    scored.sort_by_key(|s| std::cmp::Reverse(s.0));
    let clear = matches!(scored.as_slice(), [(best, ..), (next, ..), ..] if *best > 0 && best > next);
    if !clear {
        return Ok(None);
    }
    let (_, pick, why, analysis) = scored.swap_remove(0);
    let others: Vec<&str> = candidates.iter().filter(|c| **c != pick).map(String::as_str).collect();
    warnings.push(format!(
        "several main packages; building {pick} because {why}. The others: {}; pass --main to build another",
        others.join(", ")
    ));
    Ok(Some((pick, analysis)))
}

#[derive(Debug, Default)]
struct Analysis {
    cgo: Option<String>,
    cxx: bool,
    reads_port_env: bool,
    /// Calls a server's ListenAndServe / Serve (a service, not a CLI).
    serves: bool,
    /// (port, where it was found, listens on loopback only)
    port: Option<(u16, String, bool)>,
}

/// Follows the main package's local imports, breadth first and bounded,
/// reading each package's non-test files once.
fn analyse(index: &DirIndex, main: &str, module: &str) -> Result<Analysis> {
    let mut a = Analysis::default();
    let mut best: Option<(u8, u16, String, bool)> = None;
    let mut seen = BTreeSet::new();
    let mut queue = VecDeque::from([main.trim_start_matches("./").to_string()]);
    let mut files_read = 0;
    while let Some(dir) = queue.pop_front() {
        if seen.len() >= MAX_PACKAGES || !seen.insert(dir.clone()) {
            continue;
        }
        let (files, cxx) = go_files(index, &dir);
        for f in files {
            if files_read >= MAX_GO_FILES {
                break;
            }
            files_read += 1;
            let file = GoFile::parse(&index.read(&f)?);
            if file.ignored {
                continue;
            }
            for imp in &file.imports {
                if imp == "C" {
                    a.cgo.get_or_insert_with(|| f.clone());
                    a.cxx |= cxx;
                } else if imp == module {
                    queue.push_back(".".to_string());
                } else if let Some(rest) = imp.strip_prefix(module).and_then(|r| r.strip_prefix('/'))
                    && !rest.split('/').any(|s| s == "vendor" || s == "..")
                {
                    queue.push_back(rest.to_string());
                }
            }
            // In the main package itself: a library it imports may define
            // a server without this binary running one.
            a.serves |= dir == main.trim_start_matches("./") && file.tokens.iter().any(|t| matches!(t, Tok::Ident(i) if i.starts_with("ListenAndServe") || i == "Serve" || i == "ServeTLS"));
            let (env, found) = find_port(&file.tokens);
            a.reads_port_env |= env;
            if let Some((strength, port, what, loopback)) = found
                && best.as_ref().is_none_or(|b| strength > b.0)
            {
                best = Some((strength, port, format!("{f} ({what})"), loopback));
            }
        }
    }
    a.port = best.map(|(_, p, s, l)| (p, s, l));
    Ok(a)
}

/// `":8080"`, `"0.0.0.0:8080"`, `"localhost:8080"` → (port, loopback only).
fn addr_port(s: &str) -> Option<(u16, bool)> {
    let (host, port) = s.rsplit_once(':')?;
    let port: u16 = port.parse().ok().filter(|p| *p > 0)?;
    let host = host.trim_start_matches('[').trim_end_matches(']');
    match host {
        "" | "0.0.0.0" | "::" => Some((port, false)),
        "localhost" | "127.0.0.1" | "::1" => Some((port, true)),
        _ => None,
    }
}

/// Finds the listening port in one file's tokens. Returns whether the file
/// reads `$PORT`, and the best evidence: (strength, port, what, loopback).
/// Strength 3: an address passed to a Listen/Serve/Run/Start call or an
/// `Addr:` field; 2: the default next to `Getenv("PORT")`; 1: a bare `":N"`.
fn find_port(tokens: &[Tok]) -> (bool, Option<(u8, u16, String, bool)>) {
    const CALLS: &[&str] = &["ListenAndServe", "ListenAndServeTLS", "Listen", "Run", "Start", "Serve"];
    let mut reads_env = false;
    let mut best: Option<(u8, u16, String, bool)> = None;
    let offer = |cand: (u8, u16, String, bool), best: &mut Option<(u8, u16, String, bool)>| {
        if best.as_ref().is_none_or(|b| cand.0 > b.0) {
            *best = Some(cand);
        }
    };
    for (i, t) in tokens.iter().enumerate() {
        match t {
            Tok::Ident(name) if CALLS.contains(&name.as_str()) && tokens.get(i + 1) == Some(&Tok::Punct('(')) => {
                let mut depth = 0;
                for u in &tokens[i + 1..] {
                    match u {
                        Tok::Punct('(') => depth += 1,
                        Tok::Punct(')') => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        Tok::Str(s) => {
                            if let Some((p, lo)) = addr_port(s) {
                                offer((3, p, format!("{name}(\"{s}\")"), lo), &mut best);
                                break;
                            }
                        }
                        _ => {}
                    }
                }
            }
            Tok::Ident(name) if name == "Addr" && tokens.get(i + 1) == Some(&Tok::Punct(':')) => {
                if let Some(Tok::Str(s)) = tokens.get(i + 2)
                    && let Some((p, lo)) = addr_port(s)
                {
                    offer((3, p, format!("Addr: \"{s}\""), lo), &mut best);
                }
            }
            Tok::Ident(name)
                if (name == "Getenv" || name == "LookupEnv")
                    && tokens.get(i + 2) == Some(&Tok::Str("PORT".to_string())) =>
            {
                reads_env = true;
                for u in tokens.iter().skip(i + 3).take(40) {
                    if let Tok::Str(s) = u {
                        let digits = s.trim_start_matches(':');
                        if let Ok(p) = digits.parse::<u16>()
                            && p > 0
                        {
                            offer((2, p, format!("default for $PORT \"{s}\""), false), &mut best);
                            break;
                        }
                    }
                }
            }
            // A helper with a default: getEnv("WHOAMI_PORT_NUMBER", "80").
            Tok::Str(var)
                if var.to_ascii_uppercase().contains("PORT")
                    && var != "PORT"
                    && tokens.get(i + 1) == Some(&Tok::Punct(','))
                    && matches!(tokens.get(i.wrapping_sub(1)), Some(Tok::Punct('('))) =>
            {
                if let Some(Tok::Str(d)) = tokens.get(i + 2)
                    && let Ok(p) = d.trim_start_matches(':').parse::<u16>()
                    && p > 0
                {
                    offer((2, p, format!("default for ${var} \"{d}\""), false), &mut best);
                }
            }
            Tok::Str(s) if s.starts_with(':') => {
                if let Some((p, lo)) = addr_port(s) {
                    offer((1, p, format!("\"{s}\" literal"), lo), &mut best);
                }
            }
            _ => {}
        }
    }
    (reads_env, best)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use super::super::golex::tokenize;

    #[test]
    fn version_takes_the_newer_of_go_and_toolchain() {
        let v = version_from_gomod(Some("1.22.3"), None).unwrap();
        assert_eq!(v.value, "1.22");
        assert_eq!(v.source, "go.mod go directive (1.22.3)");
        let v = version_from_gomod(Some("1.21"), Some("go1.23.4")).unwrap();
        assert_eq!(v.value, "1.23");
        assert!(v.source.contains("toolchain"), "{}", v.source);
        let v = version_from_gomod(Some("1.23"), Some("go1.22.0")).unwrap();
        assert_eq!(v.value, "1.23");
        assert_eq!(version_from_gomod(Some("1.21rc1"), None).unwrap().value, "1.21");
        assert!(version_from_gomod(None, Some("default")).is_none());
    }

    #[test]
    fn lang_version_flag_is_validated() {
        assert_eq!(Go.normalize_version("1.23").unwrap(), "1.23");
        assert_eq!(Go.normalize_version("go1.23.4").unwrap(), "1.23.4");
        for bad in ["latest", "1", "1.x", "1.23\nRUN x", "1.23 ", "1.2$3"] {
            let r = Go.normalize_version(bad);
            if bad == "1.23 " {
                assert_eq!(r.unwrap(), "1.23"); // surrounding space is trimmed
            } else {
                assert!(r.is_err(), "{bad:?} accepted");
            }
        }
    }

    #[test]
    fn port_from_listen_calls_env_defaults_and_literals() {
        let find = |src: &str| find_port(&tokenize(src));
        let (_, p) = find("http.ListenAndServe(\":8081\", nil)");
        assert_eq!(p.unwrap().1, 8081);
        let (env, p) = find("port := os.Getenv(\"PORT\")\nif port == \"\" {\n port = \"9000\"\n}\nhttp.ListenAndServe(\":\"+port, nil)");
        assert!(env);
        assert_eq!(p.unwrap().1, 9000);
        let (_, p) = find("srv := &http.Server{Addr: \"0.0.0.0:7000\"}");
        assert_eq!(p.unwrap().1, 7000);
        let (_, p) = find("r.Run(\"127.0.0.1:3000\")");
        let p = p.unwrap();
        assert_eq!((p.1, p.3), (3000, true), "loopback must be flagged");
        let (_, p) = find("const dsn = \"db:5432\"");
        assert!(p.is_none(), "a host:port of another service is not our port");
        // traefik/whoami: a helper with a default.
        let (_, p) = find("flag.StringVar(&port, \"port\", getEnv(\"WHOAMI_PORT_NUMBER\", \"80\"), \"give me a port number\")");
        assert_eq!(p.unwrap().1, 80);
        let (_, p) = find("x := lookup(\"DB_PORT_NAME\", \"postgres\")");
        assert!(p.is_none());
    }

    #[test]
    fn folders_with_unsafe_names_are_never_main_candidates() {
        let dir = tempfile::tempdir().unwrap();
        let main = "package main\nfunc main() {}\n";
        for d in ["cmd/ok", "cmd/evil\nRUN curl x | sh", "cmd/a b", "cmd/q'uote"] {
            fs::create_dir_all(dir.path().join(d)).unwrap();
            fs::write(dir.path().join(d).join("main.go"), main).unwrap();
        }
        fs::write(dir.path().join("go.mod"), "module x\n").unwrap();
        let index = DirIndex::scan(dir.path()).unwrap();
        assert_eq!(main_candidates(&index).unwrap(), ["./cmd/ok"]);
    }

    #[test]
    fn binary_names_are_safe() {
        assert_eq!(binary_name(".", "example.com/hello"), "hello");
        assert_eq!(binary_name(".", "example.com/hello/v2"), "hello");
        assert_eq!(binary_name("./cmd/api-server", "x"), "api-server");
        assert_eq!(binary_name(".", "example.com/$(rm -rf)"), "rm-rf");
        assert_eq!(binary_name(".", "\n"), "app");
    }
}
