//! How the build stage leaves the app in /out, and how the runtime starts
//! it: Spring Boot's layers, one runnable jar, or a thin jar and its
//! dependencies on a classpath.

use std::path::Path;

use super::{BOOT_LAYERS, BuildTool, JarLayout, JavaFacts, Packaging, version_at_least};
use crate::model::Unresolved;

/// The layout of /out and the start command that goes with it.
pub(super) struct Layout {
    pub layout: JarLayout,
    /// Shell commands that fill /out after the build.
    pub prepare: Vec<String>,
    pub boot_layers: Vec<String>,
    pub launcher: Option<String>,
    /// Extra arguments to the build command (Maven's dependency copy).
    pub build_args: String,
    /// Empty when the main class is unknown.
    pub start: Vec<String>,
}

pub(super) fn layout(f: &JavaFacts, main: Option<&str>) -> Layout {
    let maven = f.tool == BuildTool::Maven;
    let mut prepare = vec!["mkdir -p /out".to_string()];
    let mut boot_layers = Vec::new();
    let mut launcher = None;
    let mut build_args = String::new();
    let layout: JarLayout;
    let start: Vec<String>;
    match f.packaging {
        Packaging::SpringBoot => {
            let boot = f.spring_boot.as_ref().map(|b| b.value.clone()).unwrap_or_default();
            if version_at_least(&boot, (2, 4)) {
                layout = JarLayout::Boot;
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
                layout = JarLayout::Jar;
                prepare.push(format!("cp {} /out/app.jar", f.artifact));
                start = vec!["java".into(), "-jar".into(), "/app/app.jar".into()];
            }
        }
        Packaging::Shade | Packaging::Assembly | Packaging::Shadow | Packaging::RunnableJar => {
            layout = JarLayout::Jar;
            prepare.push(format!("cp {} /out/app.jar", f.artifact));
            start = if f.manifest_main {
                vec!["java".into(), "-jar".into(), "/app/app.jar".into()]
            } else {
                match main {
                    Some(m) => vec!["java".into(), "-cp".into(), "/app/app.jar".into(), m.to_string()],
                    None => Vec::new(),
                }
            };
        }
        Packaging::Thin | Packaging::Application => {
            let has_lib = maven || f.packaging == Packaging::Application;
            layout = if has_lib { JarLayout::Classpath } else { JarLayout::Jar };
            if maven {
                build_args = " dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=/out/lib".into();
                // With no runtime dependency the plugin writes no lib/ folder.
                prepare = vec!["mkdir -p /out/lib".into()];
                prepare.push(format!("cp {} /out/app.jar", f.artifact));
            } else if f.packaging == Packaging::Application {
                let lib = format!("{}build/install/{}/lib", f.module_dir, f.project_name);
                let jar = Path::new(&f.artifact).file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
                prepare.push(format!("cp -r {lib} /out/lib"));
                prepare.push(format!("mv /out/lib/{jar} /out/app.jar"));
            } else {
                prepare.push(format!("cp {} /out/app.jar", f.artifact));
            }
            let cp = if has_lib { "/app/app.jar:/app/lib/*" } else { "/app/app.jar" };
            start = match main {
                Some(m) => vec!["java".into(), "-cp".into(), cp.into(), m.to_string()],
                None => Vec::new(),
            };
        }
    }
    Layout { layout, prepare, boot_layers, launcher, build_args, start }
}

/// No main class: what was tried or found, and the flag to pass.
pub(super) fn unresolved_main(f: &JavaFacts) -> Unresolved {
    let (message, hint) = if f.main_candidates.is_empty() {
        (
            format!("cannot find the main class: {}", f.main_tried.join("; ")),
            "--main com.example.App (the class whose main method starts the server)".to_string(),
        )
    } else {
        (
            format!("several classes have a main method: {}", f.main_candidates.join(", ")),
            format!("--main <{}>", f.main_candidates.join("|")),
        )
    };
    Unresolved { setting: "main".into(), flag: "--main".into(), message, choices: f.main_candidates.clone(), hint }
}
