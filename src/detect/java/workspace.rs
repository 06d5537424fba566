//! Gradle multi-project builds (`include(...)` in the root's settings
//! file, the `gradle init` layout among them) and Maven multi-module
//! builds (`<modules>` in the root pom.xml): one subproject or module is
//! built with its project dependencies, from the root.

use anyhow::Result;

use super::gradle_script as gradle;
use super::pom::{self, Pom};
use crate::scan::DirIndex;
use crate::workspace::{Decl, Workspace, join};

/// The multi-project build `root` declares, if any.
pub(super) fn declared(root: &DirIndex) -> Result<Option<Decl>> {
    if let Some(settings) = ["settings.gradle.kts", "settings.gradle"].into_iter().find(|s| root.has_file(s)) {
        let (_, includes) = gradle::settings(&root.read(settings)?);
        if includes.is_empty() {
            return Ok(None);
        }
        let members = includes
            .iter()
            .map(|i| project_dir(i))
            .filter(|d| ["build.gradle.kts", "build.gradle"].iter().any(|b| root.is_file(&join(d, b))))
            .collect();
        return Ok(Some(Decl {
            language: "java",
            kind: "Gradle multi-project build".to_string(),
            manifest: settings.to_string(),
            lockfile: None,
            members,
        }));
    }
    if root.has_file("pom.xml") {
        let Ok(text) = root.read("pom.xml") else { return Ok(None) };
        if !text.contains("<modules>") {
            return Ok(None);
        }
        let pom = pom::parse("pom.xml", &text)?;
        let members = pom
            .modules
            .iter()
            .map(|m| m.trim_start_matches("./").trim_end_matches('/').to_string())
            .filter(|m| !m.starts_with("..") && root.is_file(&join(m, "pom.xml")))
            .collect();
        return Ok(Some(Decl {
            language: "java",
            kind: "Maven multi-module build".to_string(),
            manifest: "pom.xml".to_string(),
            lockfile: None,
            members,
        }));
    }
    Ok(None)
}

/// Gradle's default folder for an included project: `:libs:core` is
/// `libs/core`.
fn project_dir(include: &str) -> String {
    include.trim_start_matches(':').replace(':', "/")
}

/// Gradle's path for a member folder: `libs/core` is `:libs:core`.
pub(super) fn project_path(member: &str) -> String {
    format!(":{}", member.replace('/', ":"))
}

/// The members a member's build uses: Gradle's `project(":lib")`
/// references, or the modules whose artifactId its POM depends on.
pub(super) fn local_deps(ws: &Workspace, gradle: bool, build_text: &str) -> Vec<String> {
    let mut out = Vec::new();
    if gradle {
        let re = regex_lite::Regex::new(r#"project\(\s*(?:path\s*=\s*)?["']:([A-Za-z0-9_.:-]+)["']"#).unwrap();
        for c in re.captures_iter(build_text) {
            let dir = project_dir(&c[1]);
            if ws.decl.members.contains(&dir) && !out.contains(&dir) && dir != ws.member {
                out.push(dir);
            }
        }
    } else if let Ok(member) = pom::parse("pom.xml", build_text) {
        for m in ws.decl.members.iter().filter(|m| **m != ws.member) {
            let Ok(text) = ws.root.read(&join(m, "pom.xml")) else { continue };
            let Ok(other) = pom::parse("pom.xml", &text) else { continue };
            if member.dependencies.iter().any(|d| Some(&d.artifact_id) == other.artifact_id.as_ref()) {
                out.push(m.clone());
            }
        }
    }
    out
}

/// The build files the dependency step binds for a member: the root's, and
/// every member's (Gradle configures, and Maven's reactor reads, them all).
pub(super) fn build_files(ws: &Workspace, gradle: bool) -> Vec<String> {
    let root = &ws.root;
    let mut files: Vec<String> = if gradle {
        ["settings.gradle.kts", "settings.gradle", "build.gradle.kts", "build.gradle", "gradle.properties", "gradlew"]
            .into_iter()
            .filter(|f| root.has_file(f))
            .map(str::to_string)
            .collect()
    } else {
        ["pom.xml", "mvnw"].into_iter().filter(|f| root.has_file(f)).map(str::to_string).collect()
    };
    for m in &ws.decl.members {
        let names: &[&str] = if gradle { &["build.gradle.kts", "build.gradle"] } else { &["pom.xml"] };
        files.extend(names.iter().map(|n| join(m, n)).filter(|p| root.is_file(p)));
    }
    files
}

/// The root's folders the build reads before any source (the wrapper, the
/// version catalog, convention plugins, Maven's wrapper config).
pub(super) fn build_dirs(ws: &Workspace, gradle: bool) -> Vec<String> {
    let names: &[&str] = if gradle { &["gradle", "buildSrc", "build-logic"] } else { &[".mvn"] };
    names.iter().filter(|d| ws.root.has_dir(d)).map(|d| d.to_string()).collect()
}

/// A module's POM with what it inherits from the root POM, its parent:
/// properties, the root's own parent (spring-boot-starter-parent), BOMs,
/// dependencies, plugins and plugin versions.
pub(super) fn effective_pom(mut member: Pom, root: &Pom) -> Pom {
    let inherits = member.parent.as_ref().is_some_and(|p| Some(&p.artifact_id) == root.artifact_id.as_ref());
    if !inherits {
        return member;
    }
    for (k, v) in &root.properties {
        member.properties.entry(k.clone()).or_insert_with(|| v.clone());
    }
    if member.version.is_none() {
        member.version = root.version.clone().or_else(|| member.parent.as_ref().and_then(|p| p.version.clone()));
    }
    if root.parent.is_some() {
        member.parent = root.parent.clone();
    }
    member.boms.extend(root.boms.iter().cloned());
    member.dependencies.extend(root.dependencies.iter().cloned());
    for p in member.plugins.iter_mut() {
        if let Some(r) = root.plugins.iter().find(|r| r.artifact_id == p.artifact_id) {
            if p.version.is_none() {
                p.version = r.version.clone();
            }
            for (k, v) in &r.config {
                p.config.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
    }
    for r in &root.plugins {
        if !member.plugins.iter().any(|p| p.artifact_id == r.artifact_id) && !r.goals.is_empty() {
            member.plugins.push(r.clone());
        }
    }
    member
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gradle_includes_and_maven_modules_are_the_members() {
        let dir = crate::detect::test_project(&[
            ("settings.gradle.kts", "rootProject.name = \"demo\"\ninclude(\"app\", \"list\")\ninclude(\":libs:core\")\n"),
            ("app/build.gradle.kts", ""),
            ("libs/core/build.gradle", ""),
        ]);
        let d = declared(&DirIndex::scan(dir.path()).unwrap()).unwrap().unwrap();
        assert_eq!(d.kind, "Gradle multi-project build");
        assert_eq!(d.members, ["app", "libs/core"]);
        assert_eq!(project_path("libs/core"), ":libs:core");

        let dir = crate::detect::test_project(&[
            ("pom.xml", "<project><artifactId>root</artifactId><version>1</version><packaging>pom</packaging><modules><module>api</module><module>lib</module><module>../x</module></modules></project>"),
            ("api/pom.xml", "<project/>"),
            ("lib/pom.xml", "<project/>"),
        ]);
        let d = declared(&DirIndex::scan(dir.path()).unwrap()).unwrap().unwrap();
        assert_eq!((d.kind.as_str(), d.members.as_slice()), ("Maven multi-module build", &["api".to_string(), "lib".to_string()][..]));
        // A single-project settings file declares nothing.
        let dir = crate::detect::test_project(&[("settings.gradle", "rootProject.name = 'x'\n")]);
        assert!(declared(&DirIndex::scan(dir.path()).unwrap()).unwrap().is_none());
    }
}
