//! One snapshot per example folder and runtime, nixpacks style: a new folder
//! under examples/ is a new test with no code to write. Every generated
//! Dockerfile must also pass dockgen's BuildKit build-check rules.

mod common;
use common::examples;

use dockgen::plan::Choices;
use dockgen::preset::RuntimeKind;


#[test]
fn every_example_renders_clean_files_for_every_runtime() {
    let mut rendered = 0;
    for root in examples() {
        let name = root.file_name().unwrap().to_string_lossy().to_string();
        // A workspace example is generated in its app member's folder.
        let dir = match common::e2e_app(&root) {
            Some(app) => root.join(app),
            None => root.clone(),
        };
        let plan = dockgen::plan_for(&dir, &Choices::default())
            .unwrap_or_else(|e| panic!("{name}: detection failed: {e:#}"));
        for runtime in plan.runtimes.clone() {
            let choices = Choices { runtime: Some(runtime), ..Default::default() };
            let (plan, files) = match dockgen::generate(&dir, &choices, dockgen::Extras::ALL) {
                Ok(r) => r,
                // A refusal is fine only when it is the documented one.
                Err(e) if runtime == RuntimeKind::Scratch && name.contains("cgo") => {
                    assert!(e.to_string().contains("no C library"), "{name}: {e}");
                    continue;
                }
                // Documented refusals: distroless ships Python 3.11 and no system libraries.
                Err(e) if runtime == RuntimeKind::Distroless && (name.starts_with("python-pep621") || name == "python-native" || name == "python-uv-wheels" || name == "python-uv-workspace") => {
                    assert!(e.to_string().contains("distroless"), "{name}: {e}");
                    continue;
                }
                Err(e) if runtime == RuntimeKind::Distroless && name.contains("spa") => {
                    assert!(e.to_string().contains("no web server"), "{name}: {e}");
                    continue;
                }
                Err(e) => panic!("{name}/{runtime}: {e:#}"),
            };
            let dockerfile = &files[0].contents;
            let problems = dockgen::dockerfile::check(dockerfile);
            assert!(problems.is_empty(), "{name}/{runtime} breaks build checks:\n{}", problems.join("\n"));
            assert!(dockerfile.starts_with("# syntax=docker/dockerfile:1\n"), "{name}/{runtime}");
            assert!(dockerfile.contains(&format!("USER {}:{}", plan.user.uid, plan.user.gid)));
            assert_ne!(plan.user.uid, 0, "{name}/{runtime} runs as root");
            insta::assert_snapshot!(format!("{name}__{runtime}__Dockerfile"), dockerfile);
            rendered += 1;
        }
        let (_, files) = dockgen::generate(&dir, &Choices::default(), dockgen::Extras::ALL).unwrap();
        insta::assert_snapshot!(format!("{name}__dockerignore"), &files[1].contents);
        let readme = files.iter().find(|f| f.name == "README.Docker.md").unwrap_or_else(|| panic!("{name}: no README.Docker.md"));
        insta::assert_snapshot!(format!("{name}__README.Docker.md"), &readme.contents);
    }
    assert!(rendered >= 38, "only {rendered} Dockerfiles rendered");
}

#[test]
fn every_language_has_an_example() {
    let names: Vec<String> = examples().iter().map(|d| d.file_name().unwrap().to_string_lossy().to_string()).collect();
    for l in dockgen::detect::LANGUAGES {
        assert!(
            names.iter().any(|n| n.starts_with(&format!("{}-", l.id()))),
            "no examples/{}-* folder",
            l.id()
        );
    }
}
