//! HEALTHCHECK: a probe from what each image already has, or a comment
//! saying why there is none; --health-path and --no-healthcheck.

mod common;
use common::example;
use dockgen::plan::Choices;
use dockgen::preset::RuntimeKind;

fn probe(name: &str, choices: &Choices) -> Vec<String> {
    dockgen::plan_for(&example(name), choices).unwrap_or_else(|e| panic!("{name}: {e:#}")).healthcheck
}

#[test]
fn each_image_gets_the_probe_it_can_run() {
    let rt = |r| Choices { runtime: Some(r), ..Default::default() };
    let cases: &[(&str, Choices, Option<&str>)] = &[
        ("node-express-npm", Choices::default(), Some("/nodejs/bin/node")),
        ("node-express-npm", rt(RuntimeKind::Slim), Some("node")),
        // A static site defaults to nginx:alpine, which has busybox wget.
        ("node-vite-spa", Choices::default(), Some("wget")),
        ("node-vite-spa", rt(RuntimeKind::Slim), None),
        ("python-flask", Choices::default(), Some("python3")),
        ("python-flask", rt(RuntimeKind::Distroless), Some("python3")),
        ("go-stdlib", Choices::default(), None),
        ("go-stdlib", rt(RuntimeKind::Scratch), None),
        ("go-stdlib", rt(RuntimeKind::Alpine), Some("wget")),
        ("java-maven-httpserver", rt(RuntimeKind::Alpine), Some("wget")),
        ("java-maven-httpserver", rt(RuntimeKind::Slim), None),
    ];
    for (name, choices, program) in cases {
        let p = probe(name, choices);
        assert_eq!(p.first().map(String::as_str), *program, "{name} {:?}", choices.runtime);
        let (_, files) = dockgen::generate(&example(name), choices, false).unwrap();
        let text = &files[0].contents;
        if program.is_some() {
            assert!(p.iter().any(|a| a.contains("http://127.0.0.1:")), "{name}: {p:?}");
            assert!(text.contains("\nHEALTHCHECK --interval=30s"), "{name}");
        } else {
            assert!(!text.contains("\nHEALTHCHECK") && text.contains("# No HEALTHCHECK: this image has no HTTP client"), "{name}");
        }
    }
}

#[test]
fn health_path_and_no_healthcheck() {
    let c = Choices { health_path: Some("/healthz?full=1".into()), ..Default::default() };
    assert!(probe("python-flask", &c)[2].contains("'http://127.0.0.1:8000/healthz?full=1'"));
    let c = Choices { no_healthcheck: true, ..Default::default() };
    assert!(probe("python-flask", &c).is_empty());
    let text = dockgen::generate(&example("python-flask"), &c, false).unwrap().1[0].contents.clone();
    assert!(text.contains("# No HEALTHCHECK (--no-healthcheck).") && !text.contains("\nHEALTHCHECK"));
    // It lands inside JavaScript and Python source: quotes and spaces are refused.
    for bad in ["healthz", "/a'b", "/a b", "/x\");process.exit(0);(\"", "/\n"] {
        let c = Choices { health_path: Some(bad.into()), ..Default::default() };
        let err = dockgen::plan_for(&example("node-express-npm"), &c).unwrap_err().to_string();
        assert!(err.contains("--health-path") && err.contains("not a plain URL path"), "{bad:?}: {err}");
    }
}
