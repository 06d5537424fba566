//! .NET: a project file (`*.csproj`, `*.fsproj`, `*.vbproj`) in the
//! folder, or a solution (`*.sln`, `*.slnx`) whose one runnable project is
//! chosen (`--main <project>` when there are several).
//!
//! Decides the .NET version (`TargetFramework`), the kind of app (the Web
//! SDK means ASP.NET Core and the aspnet image; a worker or console app
//! gets the runtime image), the assembly that starts, the project files the
//! restore step reads (project references and Directory.Build.props
//! included), the port and health path from the code, and whether the app
//! needs ICU (`InvariantGlobalization`).

use anyhow::{Result, bail};
use serde::Serialize;

mod msbuild;
mod port;
mod solution;

use super::Language;
use crate::escape::{relative_dir, shell_quote};
use crate::model::{Choices, DepStep, Plan, Sourced, Unresolved};
use super::{OwnFacts, ProjectFacts};
use crate::preset::{Preset, RuntimeKind};
use crate::scan::DirIndex;
use msbuild::{Kind, Project, join_file};

pub struct Dotnet;

#[derive(Debug, Clone, Default)]
pub struct DotnetFacts {
    /// Every runnable project found, by path.
    runnable: Vec<String>,
    /// The one to ship, with the files its restore reads.
    chosen: Option<Chosen>,
    /// global.json's SDK (major.minor) when it is newer than the target
    /// framework: the builder must be that SDK, or it refuses to run.
    sdk: Option<String>,
}

#[derive(Debug, Clone)]
struct Chosen {
    project: Project,
    tfm: String,
    /// Several target frameworks: publish needs `-f`.
    multi_target: bool,
    assembly: String,
    /// Project files, props and configs the restore reads.
    restore_files: Vec<String>,
    /// packages.lock.json next to the project: restore in locked mode.
    locked: bool,
    /// The app uses culture data (no InvariantGlobalization): images with ICU.
    globalized: bool,
    aot: bool,
}

/// The .NET section of the plan, as the template sees it.
#[derive(Debug, Clone, Serialize)]
pub struct DotnetPlan {
    /// The project file, relative to the root.
    pub project: String,
    /// The assembly's name: the DLL or executable the runtime starts.
    pub assembly: String,
    /// The target framework (`net10.0`).
    pub tfm: String,
    /// `web`, `worker` or `console`.
    pub kind: &'static str,
    /// The publish command (restore is `deps.command`).
    pub publish: String,
    /// ICU and time zones installed on Alpine, whose image has none.
    pub install_icu: bool,
    /// Native AOT publish: the runtime needs no .NET.
    pub aot: bool,
    /// The Node.js image whose node and npm the build copies in, when the
    /// project's build runs npm (the SDK image has no Node.js).
    pub node_image: Option<String>,
    /// The SDK global.json asks for, when newer than the target framework.
    pub sdk: Option<String>,
}

impl Language for Dotnet {
    fn id(&self) -> &'static str {
        "dotnet"
    }

    fn detect(&self, index: &DirIndex, choices: &Choices) -> Result<ProjectFacts> {
        let mut warnings = Vec::new();
        let projects = candidates(index)?;
        let global = global_json(index);
        let runnable: Vec<&Project> = projects.iter().filter(|p| p.kind.runs()).collect();
        let picked = pick(&runnable, choices.main.as_deref(), &mut warnings)?;
        let mut f = DotnetFacts { runnable: runnable.iter().map(|p| p.path.clone()).collect(), ..Default::default() };
        let mut facts = ProjectFacts { package_manager: Some("nuget".into()), ..Default::default() };
        if let Some(p) = picked {
            let chosen = choose(index, p, &projects, &mut warnings)?;
            let (major, minor) = msbuild::version_of(&chosen.tfm).unwrap_or((0, 0));
            facts.version = Some(Sourced::new(format!("{major}.{minor}"), format!("{} TargetFramework {}", p.path, chosen.tfm)));
            facts.framework = match p.kind {
                Kind::Web => Some("ASP.NET Core".into()),
                Kind::Worker => Some("worker service".into()),
                _ => None,
            };
            let code = index.read(&join_file(p.dir(), "Program.cs")).or_else(|_| index.read(&join_file(p.dir(), "Program.fs"))).unwrap_or_default();
            facts.health_path = port::health_path(&code).map(|h| Sourced::new(h, "Program.cs MapHealthChecks"));
            facts.port = Some(match port::of_project(index, p.dir(), &code) {
                Some(b) => {
                    if b.loopback {
                        warnings.push(format!("{} listens on a loopback address, which is unreachable from outside the container; listen on http://+:{} instead", b.what, b.port));
                    }
                    Sourced::new(b.port, b.what)
                }
                None => Sourced::fallback(8080, "ASPNETCORE_HTTP_PORTS, the aspnet images' default"),
            });
            if p.kind != Kind::Web {
                warnings.push(format!("{} is not an ASP.NET Core project ({:?}): it runs on the .NET runtime image, and the port and health check assume it serves HTTP; pass --no-healthcheck if it does not", p.path, p.kind));
            }
            let pinned = global.as_ref().and_then(|(v, _)| crate::version::minor(v, None));
            f.sdk = pinned.filter(|sdk| !crate::version::at_least(&format!("{major}.{minor}"), sdk));
            f.chosen = Some(chosen);
        }
        warnings.extend(global.as_ref().and_then(|(v, roll)| global_json_warning(v, roll)));
        facts.warnings = warnings;
        facts.own = f.into_facts();
        Ok(facts)
    }

    fn normalize_version(&self, raw: &str) -> Result<String> {
        let v = raw.trim().trim_start_matches("net");
        let mut parts = v.split('.');
        match (parts.next().and_then(|m| m.parse::<u32>().ok()), parts.next().map(|m| m.parse::<u32>())) {
            (Some(major), None) if major >= 5 => Ok(format!("{major}.0")),
            (Some(major), Some(Ok(minor))) if major >= 5 && parts.next().is_none() => Ok(format!("{major}.{minor}")),
            _ => bail!("--lang-version '{raw}' is not a .NET version; use one like 10.0"),
        }
    }

    fn check_version(&self, facts: &ProjectFacts, version: &str) -> Result<()> {
        let Some(c) = facts.own::<DotnetFacts>().and_then(|f| f.chosen.as_ref()) else { return Ok(()) };
        let wanted = msbuild::version_of(&c.tfm).unwrap_or((0, 0));
        if msbuild::version_of(&format!("net{version}")).is_some_and(|v| v < wanted) {
            bail!("--lang-version {version} is older than {} targets ({}); pass that version or newer", c.project.path, c.tfm);
        }
        Ok(())
    }

    fn plan(&self, _index: &DirIndex, facts: &ProjectFacts, preset: &Preset, choices: &Choices, plan: &mut Plan) -> Result<()> {
        let f = facts.own_or_bug::<DotnetFacts>(".NET")?;
        let Some(c) = &f.chosen else {
            plan.unresolved.push(unresolved_project(f));
            return Ok(());
        };
        let musl = plan.runtime == RuntimeKind::Alpine;
        plan.musl = musl;
        if let Some(sdk) = &f.sdk {
            // A literal tag: --build-arg DOTNET_VERSION moves the runtime, not this.
            let image = Preset::image_for(&preset.builder.image, sdk);
            plan.images.builder_ref = image.clone();
            plan.images.builder = image;
            plan.details.push(("sdk".into(), format!("{sdk} (global.json, newer than the target framework)")));
        }
        let kind = match (c.project.kind == Kind::Web, c.globalized && plan.runtime == RuntimeKind::Distroless) {
            (true, false) => None,
            (true, true) => Some("globalized"),
            (false, false) => Some("console"),
            (false, true) => Some("console-globalized"),
        };
        if let Some(k) = kind.and_then(|k| preset.runtime(plan.runtime).and_then(|s| s.kinds.get(k))) {
            plan.use_kind(k);
        }
        plan.app = crate::model::image_name(&c.assembly);
        plan.start = match &choices.start {
            Some(argv) => argv.clone(),
            // UseAppHost=false leaves no executable: the dotnet host runs the dll.
            None if c.project.flag_is("UseAppHost", false) => vec!["dotnet".into(), format!("/app/{}.dll", c.assembly)],
            None => vec![format!("/app/{}", c.assembly)],
        };
        let project = shell_quote(&c.project.path);
        let rid = if musl { "-a \"$TARGETARCH\" --os linux-musl" } else { "-a \"$TARGETARCH\"" };
        let locked = if c.locked { " --locked-mode" } else { "" };
        let cache = preset.cache.get("nuget").cloned().unwrap_or_else(|| "/root/.nuget/packages".into());
        plan.deps = Some(DepStep { cache, binds: c.restore_files.clone(), command: format!("dotnet restore {project} {rid}{locked}") });
        let framework = if c.multi_target { format!(" -f {}", c.tfm) } else { String::new() };
        let aot = if c.aot { " -p:PublishAot=false" } else { "" };
        let section = DotnetPlan {
            project: c.project.path.clone(),
            assembly: c.assembly.clone(),
            tfm: c.tfm.clone(),
            kind: match c.project.kind {
                Kind::Web => "web",
                Kind::Worker => "worker",
                _ => "console",
            },
            publish: format!("dotnet publish {project} -c Release {rid} --no-self-contained{framework}{aot} -o /app"),
            install_icu: c.globalized && musl,
            aot: c.aot,
            sdk: f.sdk.clone(),
            node_image: c.project.runs_node.then(|| preset.builder.variants.get("node").map(|t| crate::bases::newest_published(t))).flatten().transpose()?.map(|i| choices.image(&i)),
        };
        if c.project.runs_node {
            plan.details.push(("front end".into(), "built by npm during publish (Node.js copied into the SDK stage)".into()));
        }
        plan.details.push(("project".into(), format!("{} ({}, {})", c.project.path, c.assembly, c.tfm)));
        plan.set_section(self.id(), &section)?;
        Ok(())
    }
}

/// The project files to choose from: those in the folder itself, else
/// those the solutions here list.
fn candidates(index: &DirIndex) -> Result<Vec<Project>> {
    let mut paths: Vec<String> = index.files.iter().filter(|f| solution::is_project_file(f)).cloned().collect();
    if paths.is_empty() {
        for sln in index.files.iter().filter(|f| f.ends_with(".sln") || f.ends_with(".slnx")) {
            paths.extend(solution::projects(index, sln)?);
        }
        paths.sort();
        paths.dedup();
    }
    if paths.is_empty() {
        bail!("no project file: the solution here lists no *.csproj, *.fsproj or *.vbproj inside this folder; run dockgen in the folder that holds the projects");
    }
    paths.iter().map(|p| msbuild::read(index, p)).collect()
}

/// `--main` (a project's name or path), the only runnable project, or the
/// only web project among several (said in a warning). None: ask.
fn pick<'a>(runnable: &[&'a Project], main: Option<&str>, warnings: &mut Vec<String>) -> Result<Option<&'a Project>> {
    let names = || runnable.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(", ");
    if let Some(m) = main {
        let m = m.trim_start_matches("./");
        return match runnable.iter().find(|p| p.name == m || p.path == m || p.dir() == m.trim_end_matches('/')) {
            Some(p) => Ok(Some(*p)),
            None => bail!("--main {}: no such runnable project; the runnable projects are {}", crate::text::printable(m), if runnable.is_empty() { "none".into() } else { names() }),
        };
    }
    if let [one] = runnable {
        return Ok(Some(*one));
    }
    let web: Vec<&&Project> = runnable.iter().filter(|p| p.kind == Kind::Web).collect();
    if let [one] = web.as_slice() {
        warnings.push(format!("several runnable projects ({}); shipping {}, the only ASP.NET Core one. Pass --main <project> to ship another", names(), one.name));
        return Ok(Some(**one));
    }
    Ok(None)
}

fn unresolved_project(f: &DotnetFacts) -> Unresolved {
    let names: Vec<String> = f.runnable.iter().map(|p| p.rsplit('/').next().unwrap_or(p).rsplit_once('.').map_or(p.as_str(), |(s, _)| s).to_string()).collect();
    let (message, hint) = if names.is_empty() {
        ("no runnable project: every project here is a class library or a test project (no Microsoft.NET.Sdk.Web, Worker SDK or OutputType Exe)".to_string(), "--main <project>".to_string())
    } else {
        (format!("several runnable projects: {}", names.join(", ")), format!("--main <{}>", names.join("|")))
    };
    Unresolved { setting: "main".into(), flag: "--main".into(), message, choices: names, hint }
}

/// .NET releases dockgen still builds whose support has ended, with the
/// day it ended (Microsoft's support policy, checked 2026-12-03).
const SUPPORT_ENDED: [((u32, u32), &str); 2] = [((8, 0), "2026-11-10"), ((9, 0), "2026-11-10")];

/// Reads what the chosen project's build needs: its framework, assembly,
/// and the files its restore reads.
fn choose(index: &DirIndex, p: &Project, read: &[Project], warnings: &mut Vec<String>) -> Result<Chosen> {
    let (tfms, other) = msbuild::target_frameworks(p);
    let Some(tfm) = tfms.first().cloned() else {
        if other.is_empty() {
            bail!("{}: no TargetFramework dockgen can read (set <TargetFramework>net10.0</TargetFramework>, or pass --lang-version)", p.path);
        }
        bail!("{}: targets only {} (not Linux); add a plain netX.Y target framework", p.path, other.join(", "));
    };
    match msbuild::version_of(&tfm) {
        Some(v) if v >= (8, 0) => {}
        Some(_) => bail!("{}: TargetFramework {tfm} is out of support, and Microsoft's images with a non-root user start at .NET 8; retarget to net8.0 or newer", p.path),
        None => bail!("{}: TargetFramework {tfm} is not .NET (5 or newer) for Linux; retarget to net8.0 or newer", p.path),
    }
    if let Some((_, ended)) = SUPPORT_ENDED.iter().find(|(v, _)| msbuild::version_of(&tfm) == Some(*v)) {
        warnings.push(format!("{}: TargetFramework {tfm} has been out of support since {ended} (no more security fixes in its images); retarget to net10.0", p.path));
    }
    let assembly = p.property("AssemblyName").unwrap_or(&p.name).to_string();
    if !safe_name(&assembly) {
        bail!("{}: the assembly name {:?} has characters dockgen will not put in a command; set <AssemblyName> to letters, digits, '.', '_' or '-'", p.path, assembly);
    }
    let (restore_files, locked) = restore_files(index, p, read)?;
    let aot = p.flag("PublishAot");
    if aot {
        warnings.push(format!("{} sets PublishAot: dockgen publishes it framework-dependent (-p:PublishAot=false) to run on the .NET image; a native build needs clang in the builder and the runtime-deps image", p.path));
    }
    Ok(Chosen { tfm, multi_target: tfms.len() + other.len() > 1, assembly, restore_files, locked, globalized: !p.flag("InvariantGlobalization"), aot, project: p.clone() })
}

/// The project, every project it references (transitively), the files
/// they import, and the NuGet configuration MSBuild reads: the restore
/// step's bind mounts. Whether every project has a packages.lock.json.
/// `read`: the projects already read (a solution's), not read again.
fn restore_files(index: &DirIndex, p: &Project, read: &[Project]) -> Result<(Vec<String>, bool)> {
    let mut files: Vec<String> = Vec::new();
    let mut queue = vec![p.clone()];
    let mut seen = vec![p.path.clone()];
    let mut locked = true;
    while let Some(project) = queue.pop() {
        let lock = join_file(project.dir(), "packages.lock.json");
        if index.is_file(&lock) {
            files.push(lock);
        } else {
            locked = false;
        }
        files.push(project.path.clone());
        files.extend(project.imports.iter().cloned());
        if let Some(r) = project.outside.first() {
            bail!("{}: the ProjectReference {r} is not in this folder; run dockgen in the folder that holds every project the app builds (the solution's)", project.path);
        }
        for r in &project.references {
            if seen.contains(r) || seen.len() > 200 {
                continue;
            }
            seen.push(r.clone());
            if !index.is_file(r) {
                bail!("{}: the ProjectReference {r} is not in this folder; run dockgen in the folder that holds every project the app builds (the solution's)", project.path);
            }
            queue.push(match read.iter().find(|q| &q.path == r) {
                Some(q) => q.clone(),
                None => msbuild::read(index, r)?,
            });
        }
    }
    for f in ["global.json", "NuGet.config", "nuget.config", "NuGet.Config", "Directory.Packages.props", "Directory.Build.targets"] {
        if index.has_file(f) {
            files.push(f.to_string());
        }
    }
    files.sort();
    files.dedup();
    for f in &files {
        if relative_dir(f).as_deref() != Some(f.as_str()) {
            bail!("{f}: dockgen bind-mounts this file in the restore step and cannot with spaces or other special characters in its path; rename it (letters, digits, '.', '_', '-', '@', '/')");
        }
    }
    Ok((files, locked))
}

/// global.json pinning an SDK the image may not carry: the `sdk:X.Y`
/// image holds the newest SDK of its line, which `rollForward` values
/// below `latestFeature` refuse when the pin names an older feature band.
fn global_json_warning(version: &str, roll: &str) -> Option<String> {
    let strict = ["disable", "patch", "latestPatch"].iter().any(|r| r.eq_ignore_ascii_case(roll));
    strict.then(|| format!("global.json pins the .NET SDK {version} with rollForward {roll}: the SDK image holds the newest SDK of its line, which that may refuse (\"A compatible .NET SDK was not found\"); set \"rollForward\": \"latestFeature\" in global.json"))
}

/// global.json's `sdk.version` and `rollForward` (latestPatch when unset).
fn global_json(index: &DirIndex) -> Option<(String, String)> {
    let json = index.read("global.json").ok().and_then(|t| json5::from_str::<serde_json::Value>(&t).ok())?;
    let sdk = json.get("sdk")?;
    let version = sdk.get("version")?.as_str()?.to_string();
    let roll = sdk.get("rollForward").and_then(|r| r.as_str()).unwrap_or("latestPatch").to_string();
    Some((version, roll))
}

fn safe_name(s: &str) -> bool {
    !s.is_empty() && s.len() <= 128 && !s.starts_with(['.', '-']) && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}


#[cfg(test)]
mod tests;
