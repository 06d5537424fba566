//! Java and Kotlin on the JVM: Maven (`pom.xml`, parsed as XML) or Gradle
//! (build scripts read as text). Never runs the build to detect.
//!
//! Decides the build tool, the JDK (an LTS that both the project and the
//! Gradle wrapper accept), how the app is packaged (Spring Boot layers, a
//! shaded/assembly/shadow jar, a runnable jar, or a thin jar plus its
//! dependencies on an explicit classpath), the artefact's exact name, the
//! main class and the port.

use anyhow::{Result, bail};
use serde::Serialize;
use std::collections::BTreeMap;

use super::Language;
mod gradle;
mod gradle_script;
mod main_class;
mod maven;
mod packaging;
mod pom;
mod spring;
mod workspace;

use main_class::{scan_sources, source_framework, source_port};
use packaging::Layout;
use spring::boot_port;
use crate::model::{Choices, DepStep, Plan, Sourced};
use super::{OwnFacts, ProjectFacts};
use crate::preset::{Preset, RuntimeKind};
use crate::scan::DirIndex;

pub struct Java;

/// Java LTS releases, oldest first; the last is the preset default.
const LTS: &[u32] = &[8, 11, 17, 21, 25];
/// Where the builder works; with no settings.gradle this folder names the project.
const BUILD_DIR: &str = "/app";
const BUILD_DIR_NAME: &str = "app";
/// How far the main-class search goes into src/main (entries, depth).
const SOURCE_WALK_LIMIT: usize = 5000;
const SOURCE_WALK_DEPTH: usize = 24;
/// Spring Boot's layers, in the order they change least to most.
const BOOT_LAYERS: &[&str] = &["dependencies", "spring-boot-loader", "snapshot-dependencies", "application"];

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Packaging {
    /// A thin jar: the app's classes only; dependencies go on a classpath.
    #[default]
    Thin,
    /// A Spring Boot executable jar, extracted into layers.
    SpringBoot,
    /// maven-shade-plugin: one jar with the dependencies inside.
    Shade,
    /// maven-assembly-plugin `jar-with-dependencies`.
    Assembly,
    /// Gradle's shadow plugin (`shadowJar`).
    Shadow,
    /// Gradle's application plugin (`installDist`: lib/ with every jar).
    Application,
    /// A jar whose manifest names the main class and that needs nothing else.
    RunnableJar,
}

/// The build tool; serialised as `maven` or `gradle`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BuildTool {
    #[default]
    Maven,
    Gradle,
}

impl BuildTool {
    pub fn as_str(self) -> &'static str {
        match self {
            BuildTool::Maven => "maven",
            BuildTool::Gradle => "gradle",
        }
    }
}

/// What the build stage leaves in /out; serialised as `boot`, `jar` or `classpath`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JarLayout {
    /// Spring Boot's extracted layers.
    Boot,
    /// One runnable jar.
    Jar,
    /// A thin jar and its dependencies in lib/.
    Classpath,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct JavaFacts {
    pub tool: BuildTool,
    pub tool_source: String,
    /// mvnw / gradlew is present and usable.
    pub wrapper: bool,
    /// The wrapper lacks its executable bit, so it is run with `sh`.
    pub wrapper_needs_sh: bool,
    /// The Maven or Gradle version the wrapper downloads.
    pub wrapper_version: Option<String>,
    pub kotlin_dsl: bool,
    pub kotlin: bool,
    /// The Java level the build compiles for.
    pub release: Option<Sourced<u32>>,
    pub spring_boot: Option<Sourced<String>>,
    pub packaging: Packaging,
    /// The main class when the jar's manifest names it (`java -jar` works).
    pub manifest_main: bool,
    pub main_class: Option<Sourced<String>>,
    pub main_candidates: Vec<String>,
    pub main_tried: Vec<String>,
    /// The built artefact, relative to the project root (`target/x-1.0.jar`).
    pub artifact: String,
    /// Gradle's application plugin: the jar's name inside `lib/`.
    pub project_name: String,
    /// The Gradle task that builds the artefact.
    pub gradle_task: Option<String>,
    /// Files and folders the dependency step needs besides the build file.
    pub build_files: Vec<String>,
    pub build_dirs: Vec<String>,
    /// In a multi-project build: the member folder with a trailing `/`
    /// (`app/`), where its build output lands; empty otherwise.
    pub module_dir: String,
    /// The member folder, for `-pl` and `:app:` (none outside a build).
    pub module: Option<String>,
    /// The members it uses (project dependencies, reactor modules).
    pub local_deps: Vec<String>,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct JavaPlan {
    /// `maven` or `gradle`.
    pub tool: BuildTool,
    /// The project's own wrapper (`mvnw`, `gradlew`) builds it.
    pub wrapper: bool,
    /// The command that runs the build tool: `mvn`, `./mvnw`, `gradle`, `./gradlew`.
    pub tool_cmd: String,
    /// Where the build writes its jars (`target`, `build/libs`, a module's).
    pub build_dir: String,
    /// Compiles and packages, tests skipped.
    pub build_cmd: String,
    /// Turns the artefact into /out (layers, app.jar, lib/).
    pub prepare: Vec<String>,
    /// What ships: `boot` (Spring Boot's layers), `jar` or `classpath` (a thin jar and lib/).
    pub layout: JarLayout,
    /// The jar the build produces.
    pub artifact: String,
    /// The Spring Boot version, when it is a Boot app.
    pub spring_boot: Option<String>,
    /// Spring Boot's layer folders, in copy order.
    pub boot_layers: Vec<String>,
    /// Spring Boot's launcher class, for the start command.
    pub launcher: Option<String>,
    /// The main class, when the start names one.
    pub main_class: Option<String>,
    /// Kotlin sources.
    pub kotlin: bool,
    /// JVM options for containers, overridable with JAVA_TOOL_OPTIONS.
    pub java_options: String,
    /// distroless's entrypoint is `java -jar`: the CMD is just the jar.
    pub entrypoint_is_java_jar: bool,
    /// The CMD as exec-form argv.
    pub cmd: Vec<String>,
}

/// `1.8` → 8, `17` → 17; anything else is refused.
fn parse_level(raw: &str) -> Option<u32> {
    gradle_script::java_level(raw).filter(|v| (8..=99).contains(v))
}

/// The LTS to build and run on for a project compiled for `level`.
fn lts_for(level: u32) -> u32 {
    LTS.iter().copied().find(|l| *l >= level).unwrap_or(level)
}

/// Characters dockgen puts into shell commands and COPY paths unquoted.
fn safe_name(s: &str) -> bool {
    !s.is_empty() && s.len() <= 200 && s.chars().all(|c| c.is_ascii_alphanumeric() || "._+-".contains(c)) && !s.starts_with(['-', '.'])
}

/// A Java or Kotlin class name: dotted identifiers.
pub fn valid_class_name(s: &str) -> bool {
    s.len() <= 400
        && !s.is_empty()
        && s.split('.').all(|part| {
            let mut chars = part.chars();
            chars.next().is_some_and(|c| c.is_alphabetic() || c == '_' || c == '$')
                && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '$')
        })
}

fn version_at_least(v: &str, min: (u32, u32)) -> bool {
    gradle_script::major_minor(v).is_some_and(|mm| mm >= min)
}

/// What one build tool's files said: the facts, and what detect still
/// needs to settle the main class.
#[derive(Debug, Default)]
pub(super) struct BuildRead {
    pub facts: JavaFacts,
    pub warnings: Vec<String>,
    /// The main class the build file names, if any.
    pub declared_main: Option<Sourced<String>>,
    /// The jar does not start by itself: it needs a main class.
    pub needs_main: bool,
}

impl Language for Java {
    fn id(&self) -> &'static str {
        "java"
    }

    fn detect(&self, index: &DirIndex, choices: &Choices) -> Result<ProjectFacts> {
        let tool = choose_tool(index)?;
        let ws = index.workspace.as_deref().filter(|w| w.decl.language == "java");
        let read = if tool.name == BuildTool::Maven {
            let own = pom::parse(&workspace_file(ws, "pom.xml"), &index.read("pom.xml")?)?;
            match ws {
                Some(ws) => {
                    let root = pom::parse("pom.xml", &ws.root.read("pom.xml")?)?;
                    maven::maven_facts(&ws.root, &workspace::effective_pom(own, &root))?
                }
                None => maven::maven_facts(index, &own)?,
            }
        } else {
            let Some(build) = tool.gradle_file else {
                bail!("{} is here but no build.gradle or build.gradle.kts; dockgen reads the root project's build script. Add it, or run dockgen in the folder of the app's project", tool.settings_file.unwrap_or_default());
            };
            gradle::gradle_facts(index, build, tool.settings_file, ws)?
        };
        let mut f = read.facts;
        if let Some(ws) = ws {
            // Built from the root: the root's build files, output under the member.
            let gradle = tool.name == BuildTool::Gradle;
            f.build_files = workspace::build_files(ws, gradle);
            f.build_dirs = workspace::build_dirs(ws, gradle);
            f.module_dir = format!("{}/", ws.member);
            f.artifact = crate::workspace::join(&ws.member, &f.artifact);
            f.module = Some(ws.member.clone());
            let own = index.read(tool.gradle_file.unwrap_or("pom.xml")).unwrap_or_default();
            f.local_deps = workspace::local_deps(ws, gradle, &own);
        }
        f.tool = tool.name;
        f.tool_source = tool.source;
        let warnings: Vec<String> = tool.warning.into_iter().chain(read.warnings).collect();
        let (port, framework) = main_class_and_port(index, choices, &mut f, read.declared_main, read.needs_main)?;
        let version = jdk_version(&f)?;
        let health_path = actuator(index, &f);
        Ok(ProjectFacts {
            local_deps: f.local_deps.clone(),
            package_manager: Some(f.tool.as_str().to_string()),
            version,
            framework,
            port,
            health_path,
            warnings,
            own: f.into_facts(),
        })
    }

    fn workspace(&self, root: &DirIndex) -> Result<Option<crate::workspace::Decl>> {
        workspace::declared(root)
    }

    fn normalize_version(&self, raw: &str) -> Result<String> {
        match parse_level(raw) {
            Some(v) => Ok(v.to_string()),
            None => bail!("--lang-version {raw:?} is not a Java version; pass a feature release such as 17, 21 or 25"),
        }
    }

    fn plan(&self, _index: &DirIndex, facts: &ProjectFacts, preset: &Preset, choices: &Choices, plan: &mut Plan) -> Result<()> {
        let f = facts.own_or_bug::<JavaFacts>("Java")?;
        let jdk: u32 = plan.version.value.parse().unwrap_or(0);
        check_jdk(f, jdk, &plan.version.source)?;

        // The builder image.
        let variant = |name: &str| preset.builder.variants.get(name).cloned();
        let builder = match (f.tool, f.wrapper) {
            (BuildTool::Maven, false) => Some(preset.builder.image.clone()),
            (_, true) => variant("jdk"),
            _ if jdk >= 25 => variant("gradle9"),
            _ => variant("gradle"),
        };
        match builder {
            Some(b) => plan.set_builder_image(&b),
            None => bail!("dockgen bug: the java preset lacks a builder image variant"),
        }

        let tool_cmd = match (f.tool, f.wrapper, f.wrapper_needs_sh) {
            (BuildTool::Maven, true, false) => "./mvnw",
            (BuildTool::Maven, true, true) => "sh mvnw",
            (BuildTool::Maven, false, _) => "mvn",
            (_, true, false) => "./gradlew",
            (_, true, true) => "sh gradlew",
            _ => "gradle",
        };
        let cache_dir = preset.cache.get(f.tool.as_str()).cloned().unwrap_or_else(|| "/root/.m2".into());
        let maven = f.tool == BuildTool::Maven;
        // A module of a multi-project build: it and what it needs (-am, :app:).
        let (pl, task_prefix) = match &f.module {
            Some(m) => (format!(" -pl {m} -am"), format!("{}:", workspace::project_path(m))),
            None => (String::new(), String::new()),
        };
        let deps_cmd = if maven {
            format!("{tool_cmd} -B -ntp{pl} dependency:go-offline")
        } else {
            format!("{tool_cmd} {task_prefix}dependencies --no-daemon -q")
        };

        // How the app starts, and what the build stage leaves in /out.
        let main = f.main_class.as_ref().map(|m| m.value.clone());
        let Layout { layout, prepare, boot_layers, launcher, build_args, start } = packaging::layout(f, main.as_deref());
        let build_cmd = if maven {
            format!("{tool_cmd} -B -ntp{pl} package -DskipTests{build_args}")
        } else {
            format!("{tool_cmd} {task_prefix}{} -x test --no-daemon", f.gradle_task.as_deref().unwrap_or("jar"))
        };

        let start = match &choices.start {
            Some(s) => s.clone(),
            None if start.is_empty() => {
                plan.unresolved.push(packaging::unresolved_main(f));
                Vec::new()
            }
            None => start,
        };

        let entrypoint_is_java_jar = plan.runtime == RuntimeKind::Distroless && start.len() == 3 && start[0] == "java" && start[1] == "-jar";
        let cmd = if entrypoint_is_java_jar { vec![start[2].clone()] } else { start.clone() };
        plan.start = start;
        plan.app = f.project_name.to_lowercase();
        // Dependencies and plugins, resolved from the build files alone.
        plan.deps = Some(DepStep {
            cache: cache_dir,
            binds: f.build_files.iter().chain(&f.build_dirs).cloned().collect(),
            command: deps_cmd,
        });
        let section = JavaPlan {
            tool: f.tool,
            wrapper: f.wrapper,
            tool_cmd: tool_cmd.to_string(),
            build_dir: BUILD_DIR.to_string(),
            build_cmd,
            prepare,
            layout,
            artifact: f.artifact.clone(),
            spring_boot: f.spring_boot.as_ref().map(|b| b.value.clone()),
            boot_layers,
            launcher,
            main_class: main,
            kotlin: f.kotlin,
            java_options: "-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError".into(),
            entrypoint_is_java_jar,
            cmd,
        };
        plan.set_section(self.id(), &section)?;
        Ok(())
    }
}

/// A member's file as the root sees it, for messages.
fn workspace_file(ws: Option<&crate::workspace::Workspace>, file: &str) -> String {
    ws.map(|w| w.in_member(file)).unwrap_or_else(|| file.to_string())
}

fn checked<'a>(value: &'a str, what: &str) -> Result<&'a str> {
    if safe_name(value) {
        Ok(value)
    } else {
        bail!("{what} is {value:?}; dockgen only writes names of letters, digits, '.', '_', '+' and '-' into the Dockerfile. Rename it");
    }
}

fn safe_path(p: &str) -> bool {
    p.split('/').all(safe_name)
}

/// The build tool, and why (with a warning when both builds are here).
struct Tool {
    name: BuildTool,
    source: String,
    warning: Option<String>,
    gradle_file: Option<&'static str>,
    settings_file: Option<&'static str>,
}

fn choose_tool(index: &DirIndex) -> Result<Tool> {
    let gradle_file = ["build.gradle.kts", "build.gradle"].into_iter().find(|n| index.has_file(n));
    let settings_file = ["settings.gradle.kts", "settings.gradle"].into_iter().find(|n| index.has_file(n));
    let has_pom = index.has_file("pom.xml");
    let has_gradle = gradle_file.is_some() || settings_file.is_some();
    let mvnw = index.has_file("mvnw");
    let gradlew = index.has_file("gradlew");

    let mut warning = None;
    let (name, source) = match (has_pom, has_gradle) {
        (true, true) => {
            let (tool, why) = match (mvnw, gradlew) {
                (false, true) => (BuildTool::Gradle, "it has a wrapper (gradlew) and Maven has none"),
                (true, false) => (BuildTool::Maven, "it has a wrapper (mvnw) and Gradle has none"),
                _ => (BuildTool::Maven, "both or neither have a wrapper, and pom.xml is declarative"),
            };
            warning = Some(format!("both pom.xml and a Gradle build are here; using {} because {why}. Remove the other build, or check the Dockerfile builds what you ship", tool.as_str()));
            (tool, format!("pom.xml and {} ({why})", gradle_file.or(settings_file).unwrap_or("build.gradle")))
        }
        (true, false) => (BuildTool::Maven, "pom.xml".to_string()),
        (false, true) => (BuildTool::Gradle, gradle_file.or(settings_file).unwrap_or_default().to_string()),
        (false, false) => bail!(
            "no Java build file in {}: dockgen needs a pom.xml (Maven) or a build.gradle(.kts) (Gradle) at the top level",
            index.root.display()
        ),
    };

    Ok(Tool { name, source, warning, gradle_file, settings_file })
}

/// The main class (--main, then the build file, then the sources), and the
/// port and framework: Spring Boot's configuration, or the main class's code.
fn main_class_and_port(
    index: &DirIndex,
    choices: &Choices,
    f: &mut JavaFacts,
    declared_main: Option<Sourced<String>>,
    needs_main: bool,
) -> Result<(Option<Sourced<u16>>, Option<String>)> {
    let mut port = None;
    let mut framework = None;
    if let Some(boot) = &f.spring_boot {
        framework = Some(format!("Spring Boot {}", boot.value));
        port = boot_port(index)?;
    }

    // The main class: --main, then the build file, then the sources.
    if let Some(m) = &choices.main {
        if !valid_class_name(m) {
            bail!("--main {m:?} is not a Java class name; pass the fully qualified name, e.g. --main com.example.App");
        }
        f.main_class = Some(Sourced::users(m.clone(), choices, "main"));
    } else if declared_main.is_some() {
        f.main_class = declared_main;
    }
    let (candidates, tried) = if needs_main || f.main_class.is_some() || f.spring_boot.is_none() {
        scan_sources(index)?
    } else {
        (Vec::new(), Vec::new())
    };
    if f.main_class.is_none() && needs_main {
        f.main_tried = tried;
        match candidates.as_slice() {
            [one] => f.main_class = Some(Sourced::new(one.0.clone(), format!("{} (the only class with a main method)", one.1))),
            _ => f.main_candidates = candidates.iter().map(|c| c.0.clone()).collect(),
        }
    }
    if f.spring_boot.is_none() {
        // Port and framework from the main class's source, when it is known.
        let main_file = f.main_class.as_ref().and_then(|m| candidates.iter().find(|c| c.0 == m.value)).map(|c| c.1.clone());
        if let Some(file) = main_file {
            let text = index.read(&file)?;
            framework = source_framework(&text).map(str::to_string);
            port = source_port(&text).map(|p| Sourced::new(p, format!("{file} (listening port)"))).or_else(|| {
                let fw = framework.as_deref()?;
                main_class::framework_default_port(fw).map(|p| Sourced::fallback(p, format!("{fw}'s default ({file} sets none)")))
            });
        }
    }

    if f.kotlin {
        framework = Some(match framework {
            Some(fw) => format!("{fw}, Kotlin"),
            None => "Kotlin".to_string(),
        });
    }
    Ok((port, framework))
}

/// The JDK: what the build asks for, as an LTS the wrapper can run on.
fn jdk_version(f: &JavaFacts) -> Result<Option<Sourced<String>>> {
    let mut version = f.release.as_ref().map(|r| {
        let lts = lts_for(r.value);
        let note = if lts == r.value { String::new() } else { format!(", run on the next LTS {lts}") };
        Sourced::new(lts.to_string(), format!("{}{note}", r.source))
    });
    if f.tool == BuildTool::Gradle && f.wrapper && let Some(gv) = &f.wrapper_version {
        let jdks = gradle_script::major_minor(gv).map(gradle_script::runnable_jdks).unwrap_or_default();
        match &version {
            Some(v) if !jdks.is_empty() && !jdks.contains(&v.value.parse().unwrap_or(0)) => {
                let wanted: u32 = v.value.parse().unwrap_or(0);
                if wanted > *jdks.last().unwrap_or(&0) {
                    bail!(
                        "the Gradle wrapper is Gradle {gv} (gradle/wrapper/gradle-wrapper.properties), which cannot run on JDK {wanted} that the build needs ({}); upgrade the wrapper with `./gradlew wrapper --gradle-version {}` or newer",
                        v.source,
                        gradle_script::first_gradle_for(wanted).unwrap_or_else(|| "9.1".into())
                    );
                }
                // Gradle 9 needs JDK 17 to run; it still compiles for older levels.
                let lts = jdks.iter().copied().find(|j| *j >= wanted).unwrap_or(17);
                version = Some(Sourced::new(lts.to_string(), format!("{}; JDK {lts} is the oldest LTS Gradle {gv} runs on", v.source)));
            }
            None if jdks.last().is_some_and(|newest| newest < LTS.last().unwrap_or(&25)) => {
                let newest = jdks.last().copied().unwrap_or(17);
                version = Some(Sourced::new(newest.to_string(), format!("the newest LTS Gradle {gv} (the wrapper) runs on")));
            }
            _ => {}
        }
    }
    Ok(version)
}

/// Spring Boot's actuator answers /actuator/health (UP or DOWN).
fn actuator(index: &DirIndex, f: &JavaFacts) -> Option<Sourced<String>> {
    let mut health_path = None;
    for file in &f.build_files {
        if index.read(file).is_ok_and(|t| t.contains("spring-boot-starter-actuator")) {
            health_path = Some(Sourced::new("/actuator/health".to_string(), format!("spring-boot-starter-actuator in {file}")));
            break;
        }
    }
    health_path
}

/// Refuses a JDK below the level the build compiles for, or one the Gradle
/// wrapper cannot run on.
fn check_jdk(f: &JavaFacts, jdk: u32, version_source: &str) -> Result<()> {
    if let Some(r) = &f.release
        && jdk < r.value
    {
        return Err(crate::error::fail(crate::error::Kind::Unresolved, format!(
            "JDK {jdk} cannot build this project: it compiles for Java {} ({}); pass --lang-version {} or newer",
            r.value, r.source, r.value
        )));
    }
    if f.tool == BuildTool::Gradle && f.wrapper && let Some(gv) = &f.wrapper_version {
        let jdks = gradle_script::major_minor(gv).map(gradle_script::runnable_jdks).unwrap_or_default();
        if !jdks.is_empty() && !jdks.contains(&jdk) {
            bail!(
                "Gradle {gv} (the wrapper) cannot run on JDK {jdk} ({}); it runs on {}. Choose one of those with --lang-version, or upgrade the wrapper",
                version_source,
                jdks.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
