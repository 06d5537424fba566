//! Gradle: what the build script (read by [`super::gradle_script`]), the
//! settings file and the wrapper say about the build, the artefact and the
//! main class.

use anyhow::{Result, bail};

use super::gradle_script::{self as gradle, Script};
use super::*;
use super::spring::{boot_version, catalog_boot_version, read_properties};

/// What the build script `build`, the settings file and the Gradle wrapper say.
/// In a multi-project build (`ws`), `index` is the subproject's folder and
/// the settings, properties, wrapper and catalog are the root's.
pub(super) fn gradle_facts(index: &DirIndex, build: &str, settings_file: Option<&str>, ws: Option<&crate::workspace::Workspace>) -> Result<BuildRead> {
    let script = Script::new(&index.read(build)?);
    let base = ws.map(|w| &w.root).unwrap_or(index);
    let mut r = BuildRead::default();
    r.facts.kotlin_dsl = build.ends_with(".kts");
    r.facts.kotlin = script.kotlin();
    r.facts.build_files = vec![build.to_string()];
    let (root_name, includes) = match settings_file {
        Some(s) => {
            r.facts.build_files.push(s.to_string());
            gradle::settings(&index.read(s)?)
        }
        None => (None, Vec::new()),
    };
    if !includes.is_empty() && ws.is_none() {
        bail!(
            "{} includes subprojects ({}); dockgen does not yet pick the subproject to ship from a multi-project Gradle build. Run it on a single-project build",
            settings_file.unwrap_or("settings.gradle"),
            includes.join(", ")
        );
    }
    let props = if base.has_file("gradle.properties") {
        r.facts.build_files.push("gradle.properties".into());
        read_properties(base, "gradle.properties")?
    } else {
        BTreeMap::new()
    };
    if base.has_dir("gradle") {
        r.facts.build_dirs.push("gradle".into());
    }
    if base.has_dir("buildSrc") {
        r.facts.build_dirs.push("buildSrc".into());
    }
    wrapper(base, &mut r)?;
    if let Some((v, from)) = script.java_version() {
        r.facts.release = Some(Sourced::new(v, format!("{build} ({from} {v})")));
    }
    // A subproject is named after its folder (`:libs:core` is core).
    let member_name = ws.map(|w| w.member.rsplit('/').next().unwrap_or(&w.member).to_string());
    let name = match member_name.or(root_name) {
        Some(n) => n,
        None => {
            r.warnings.push(format!(
                "no settings.gradle: Gradle names the project after its folder, which is {BUILD_DIR} in the build stage, so the jar is named {BUILD_DIR_NAME}*.jar; add settings.gradle with rootProject.name to make the name yours"
            ));
            BUILD_DIR_NAME.to_string()
        }
    };
    r.facts.project_name = checked(&name, "rootProject.name")?.to_string();
    packaging(base, build, &script, &props, &mut r)?;
    Ok(r)
}

/// The wrapper needs gradlew, its jar and its properties.
fn wrapper(index: &DirIndex, r: &mut BuildRead) -> Result<()> {
    if index.has_file("gradlew") {
        let props_file = "gradle/wrapper/gradle-wrapper.properties";
        let jar = "gradle/wrapper/gradle-wrapper.jar";
        if index.is_file(props_file) && index.is_file(jar) {
            r.facts.wrapper = true;
            r.facts.wrapper_needs_sh = !index.is_executable("gradlew");
            r.facts.wrapper_version = read_properties(index, props_file)?.get("distributionUrl").and_then(|u| gradle::wrapper_version(u));
            r.facts.build_files.push("gradlew".into());
            if r.facts.wrapper_needs_sh {
                r.warnings.push("gradlew is not executable in this checkout; the Dockerfile runs it with sh. Fix it with `git update-index --chmod=+x gradlew`".into());
            }
            if r.facts.wrapper_version.is_none() {
                r.warnings.push(format!("cannot read the Gradle version from {props_file}; the JDK is not checked against it"));
            }
        } else {
            r.warnings.push(format!("gradlew is here but {jar} or {props_file} is missing (often a *.jar line in .gitignore), so the wrapper cannot run; building with the gradle image instead"));
        }
    }
    Ok(())
}

/// The task that makes the jar, the jar's exact name, and the main class:
/// Spring Boot's bootJar, a shadow jar, the application plugin, or a jar.
fn packaging(index: &DirIndex, build: &str, script: &Script, props: &BTreeMap<String, String>, r: &mut BuildRead) -> Result<()> {
    let version = match script.version() {
        Ok(Some(v)) => Some(v),
        Ok(None) => props.get("version").cloned(),
        Err(line) => bail!(
            "{build} sets the version with code (`{line}`), so dockgen cannot know the jar's file name; set a literal version, or fix the name with archiveFileName = \"app.jar\" in the jar task"
        ),
    };
    let version = version.filter(|v| v != "unspecified");
    let project_name = r.facts.project_name.clone();
    let archive = |task: &str, classifier: Option<&str>| -> Result<String> {
        if let Some(file) = script.archive_setting(task, "archiveFileName") {
            return Ok(format!("build/libs/{}", checked(&file, "archiveFileName")?));
        }
        let base = script.archive_setting(task, "archiveBaseName").unwrap_or_else(|| project_name.clone());
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
        r.facts.spring_boot = Some(Sourced::new(boot_version(build, v)?, build.to_string()));
        r.facts.packaging = Packaging::SpringBoot;
        r.facts.gradle_task = Some("bootJar".into());
        r.facts.artifact = archive("bootJar", None)?;
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
        r.facts.packaging = Packaging::Shadow;
        r.facts.gradle_task = Some("shadowJar".into());
        r.facts.artifact = archive("shadowJar", Some("all"))?;
        let m = manifest_main.as_deref().or(if has_application { app_main.as_deref() } else { None });
        r.facts.manifest_main = m.is_some();
        r.declared_main = match m {
            Some(m) => declared(m, "Main-Class of the shadow jar")?,
            None => None,
        };
        r.needs_main = m.is_none();
    } else if has_application {
        r.facts.packaging = Packaging::Application;
        r.facts.gradle_task = Some("installDist".into());
        r.facts.artifact = archive("jar", None)?;
        r.declared_main = match &app_main {
            Some(m) => declared(m, "application mainClass")?,
            None => None,
        };
        r.needs_main = true;
    } else if script.has_dependencies() {
        bail!(
            "{build} has dependencies but neither the application nor a shadow plugin, so the build makes neither a runnable jar nor a runtime classpath; add `application` to the plugins with a mainClass"
        );
    } else {
        r.facts.gradle_task = Some("jar".into());
        r.facts.artifact = archive("jar", None)?;
        r.facts.packaging = if manifest_main.is_some() { Packaging::RunnableJar } else { Packaging::Thin };
        r.facts.manifest_main = manifest_main.is_some();
        r.declared_main = match &manifest_main {
            Some(m) => declared(m, "jar manifest Main-Class")?,
            None => None,
        };
        r.needs_main = manifest_main.is_none();
    }
    Ok(())
}
