//! Maven: what `pom.xml` (read by [`super::pom`]) and the wrapper say about
//! the build, the artefact and the main class.

use anyhow::{Result, bail};

use super::pom::Pom;
use super::*;
use super::spring::{boot_version, read_properties};

/// What pom.xml and the Maven wrapper say.
/// In a multi-module build, `index` is the root's (the wrapper is there)
/// and `pom` the module's, with what it inherits.
pub(super) fn maven_facts(index: &DirIndex, pom: &Pom) -> Result<BuildRead> {
    refuse_unsupported(pom)?;
    let mut r = BuildRead::default();
    r.facts.project_name = pom.artifact_id.clone().unwrap_or_default();
    r.facts.build_files = build_files(index, pom);
    wrapper(index, &mut r)?;
    java_level(pom, &mut r);
    if !spring_boot(pom, &mut r)? {
        packaging(pom, &mut r)?;
    }
    Ok(r)
}

/// Multi-module builds, wars and Quarkus apps, each with what to do instead.
fn refuse_unsupported(pom: &Pom) -> Result<()> {
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
    Ok(())
}

/// pom.xml, and a parent POM inside the folder that it names.
fn build_files(index: &DirIndex, pom: &Pom) -> Vec<String> {
    let mut files = vec!["pom.xml".to_string()];
    if let Some(rel) = &pom.parent_relative_path {
        let rel = rel.trim_start_matches("./");
        let rel = if rel.ends_with(".xml") { rel.to_string() } else { format!("{}/pom.xml", rel.trim_end_matches('/')) };
        if !rel.starts_with("..") && !rel.starts_with('/') && index.is_file(&rel) && safe_path(&rel) {
            files.push(rel);
        }
    }
    files
}

/// The wrapper: mvnw plus .mvn/wrapper/maven-wrapper.properties.
fn wrapper(index: &DirIndex, r: &mut BuildRead) -> Result<()> {
    if index.has_file("mvnw") {
        let props = ".mvn/wrapper/maven-wrapper.properties";
        if index.is_file(props) {
            r.facts.wrapper = true;
            r.facts.wrapper_needs_sh = !index.is_executable("mvnw");
            r.facts.wrapper_version = read_properties(index, props)?
                .get("distributionUrl")
                .and_then(|u| u.rsplit('/').next()?.strip_prefix("apache-maven-")?.split('-').next().map(str::to_string));
            r.facts.build_files.push("mvnw".into());
            r.facts.build_dirs.push(".mvn".into());
            if r.facts.wrapper_needs_sh {
                r.warnings.push("mvnw is not executable in this checkout; the Dockerfile runs it with sh. Fix it with `git update-index --chmod=+x mvnw`".into());
            }
        } else {
            r.warnings.push(format!("mvnw is here but {props} is not, so the wrapper cannot run; building with the maven image instead"));
        }
    }
    Ok(())
}

/// The Java level the build compiles for.
fn java_level(pom: &Pom, r: &mut BuildRead) {
    let compiler = pom.plugin("maven-compiler-plugin");
    let kotlin_plugin = pom.plugin("kotlin-maven-plugin");
    r.facts.kotlin = kotlin_plugin.is_some();
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
                r.facts.release = Some(Sourced::new(v, format!("pom.xml ({name} {value})")));
                break;
            }
            None => r.warnings.push(format!("pom.xml sets {name} to {value:?}, which dockgen cannot read as a Java version; it is ignored")),
        }
    }
}

/// Spring Boot: the parent, an imported BOM, or the plugin's version.
/// Whether the project uses it (then the jar is Boot's).
fn spring_boot(pom: &Pom, r: &mut BuildRead) -> Result<bool> {
    let boot_parent = pom.parent.as_ref().filter(|p| {
        p.group_id == "org.springframework.boot" && matches!(p.artifact_id.as_str(), "spring-boot-starter-parent" | "spring-boot-parent" | "spring-boot-dependencies")
    });
    let boot_bom = pom.boms.iter().find(|b| b.artifact_id == "spring-boot-dependencies");
    let boot_plugin = pom.plugin("spring-boot-maven-plugin");
    let uses_boot = boot_parent.is_some() || boot_bom.is_some() || boot_plugin.is_some() || pom.dependencies.iter().any(|d| d.group_id == "org.springframework.boot");
    if !uses_boot {
        return Ok(false);
    }
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
    r.facts.spring_boot = Some(Sourced::new(boot_version("pom.xml", v)?, format!("pom.xml ({from})")));
    r.facts.packaging = Packaging::SpringBoot;
    let base = maven_final_name(pom)?;
    r.facts.artifact = match plugin.get("classifier") {
        Some(c) => format!("target/{base}-{}.jar", checked(c, "the spring-boot-maven-plugin classifier")?),
        None => format!("target/{base}.jar"),
    };
    if plugin.get("enabled") == Some("false") {
        r.warnings.push("spring-boot-maven-plugin disables layers (<layers><enabled>false</enabled>); the extracted jar will lack a layer index".into());
    }
    Ok(true)
}

/// A shaded, assembly, runnable or thin jar, and its main class.
fn packaging(pom: &Pom, r: &mut BuildRead) -> Result<()> {
    let base = maven_final_name(pom)?;
    let shade = pom.plugin("maven-shade-plugin").filter(|p| p.goals.iter().any(|g| g == "shade"));
    let assembly = pom
        .plugin("maven-assembly-plugin")
        // `attached` is the old name of `single` (assembly plugin 2.x).
        .filter(|p| p.goals.iter().any(|g| g == "single" || g == "attached") && p.get("descriptorRef") == Some("jar-with-dependencies"));
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
        r.facts.packaging = Packaging::Shade;
        let name = shade.get("finalName").map(|n| checked(n, "the shade plugin's finalName")).transpose()?.map(str::to_string).unwrap_or_else(|| base.clone());
        r.facts.artifact = if let Some(out) = shade.get("outputFile") {
            shade_output_file(pom, out, &base)?
        } else if shade.get("shadedArtifactAttached") == Some("true") {
            format!("target/{name}-{}.jar", checked(shade.get("shadedClassifierName").unwrap_or("shaded"), "shadedClassifierName")?)
        } else {
            format!("target/{name}.jar")
        };
        // A ManifestResourceTransformer's <mainClass>, or its
        // <manifestEntries><Main-Class> (Vert.x's io.vertx.core.Launcher).
        let m = shade.get("mainClass").or(shade.get("Main-Class")).or(jar_main);
        r.facts.manifest_main = m.is_some();
        r.declared_main = match m {
            Some(m) => declared(m, "maven-shade-plugin ManifestResourceTransformer")?,
            None => None,
        };
        r.needs_main = m.is_none();
    } else if let Some(asm) = assembly {
        r.facts.packaging = Packaging::Assembly;
        let name = asm.get("finalName").map(|n| checked(n, "the assembly plugin's finalName")).transpose()?.map(str::to_string).unwrap_or_else(|| base.clone());
        r.facts.artifact = if asm.get("appendAssemblyId") == Some("false") { format!("target/{name}.jar") } else { format!("target/{name}-jar-with-dependencies.jar") };
        let m = asm.get("mainClass");
        r.facts.manifest_main = m.is_some();
        r.declared_main = match m {
            Some(m) => declared(m, "maven-assembly-plugin <archive><manifest>")?,
            None => None,
        };
        r.needs_main = m.is_none();
    } else {
        // maven-jar-plugin 2.x took its own <finalName>.
        let jar_name = pom.plugin("maven-jar-plugin").and_then(|p| p.get("finalName")).map(|n| checked(n, "the jar plugin's finalName")).transpose()?.map(str::to_string);
        r.facts.artifact = format!("target/{}.jar", jar_name.unwrap_or_else(|| base.clone()));
        let runtime_deps = pom.runtime_dependencies().count() > 0 || pom.parent.is_some();
        match (jar_main, runtime_deps) {
            (Some(m), false) => {
                r.facts.packaging = Packaging::RunnableJar;
                r.facts.manifest_main = true;
                r.declared_main = declared(m, "maven-jar-plugin <manifest><mainClass>")?;
            }
            _ => {
                r.facts.packaging = Packaging::Thin;
                r.declared_main = match (jar_main, exec_main, prop_main) {
                    (Some(m), _, _) => declared(m, "maven-jar-plugin <manifest><mainClass>")?,
                    (None, Some(m), _) => declared(m, "exec-maven-plugin <mainClass>")?,
                    (None, None, Some((k, v))) => declared(v, &format!("property {k}"))?,
                    _ => None,
                };
                r.needs_main = true;
            }
        }
    }
    Ok(())
}

/// The shade plugin's `<outputFile>`, with the project properties Maven
/// fills in (`${project.build.directory}/${project.artifactId}-${project.version}-fat.jar`),
/// as a path under target/.
fn shade_output_file(pom: &Pom, out: &str, base: &str) -> Result<String> {
    let mut path = out.replace("${project.build.directory}", "target").replace("${project.build.finalName}", base);
    if let Some(a) = &pom.artifact_id {
        path = path.replace("${project.artifactId}", a);
    }
    if let Some(v) = &pom.version {
        path = path.replace("${project.version}", v);
    }
    let path = path.replace("${basedir}/", "").replace("${project.basedir}/", "");
    match path.strip_prefix("target/") {
        Some(file) if !path.contains("${") && !file.contains('/') && file.ends_with(".jar") => Ok(format!("target/{}", checked(file, "the shade plugin's outputFile")?)),
        _ => bail!(
            "pom.xml: the shade plugin writes {} (<outputFile>), which dockgen cannot place under target/; write it as ${{project.build.directory}}/<name>.jar",
            crate::text::printable(out)
        ),
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
