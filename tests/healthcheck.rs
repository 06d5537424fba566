//! HEALTHCHECK: a probe from what each image already has, or a comment
//! saying why there is none; --health-path and --no-healthcheck.

mod common;
use common::{copy_dir, example};
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
        // Temurin's Ubuntu images have curl (adoptium/containers).
        ("java-maven-httpserver", rt(RuntimeKind::Slim), Some("curl")),
        ("java-maven-httpserver", rt(RuntimeKind::Distroless), None),
        ("node-bun-server", Choices::default(), Some("/usr/local/bin/bun")),
    ];
    for (name, choices, program) in cases {
        let p = probe(name, choices);
        match program {
            // The program runs the probe, directly or inside `sh -c`.
            Some(prog) => assert!(p.first().is_some_and(|a| a == prog) || (p.first().is_some_and(|a| a == "sh") && p[2].starts_with(&format!("{prog} ")) || p.get(2).is_some_and(|c| c.contains(&format!("$({prog} ")))), "{name} {:?}: {p:?}", choices.runtime),
            None => assert!(p.is_empty(), "{name} {:?}: {p:?}", choices.runtime),
        }
        let (_, files) = dockgen::generate(&example(name), choices, dockgen::Extras::NONE).unwrap();
        let text = &files[0].contents;
        if program.is_some() {
            assert!(p.iter().any(|a| a.contains("http://127.0.0.1:")), "{name}: {p:?}");
            assert!(text.contains("\nHEALTHCHECK --interval=30s"), "{name}");
        } else {
            assert!(!text.contains("\nHEALTHCHECK") && text.contains("# No HEALTHCHECK: this image has no HTTP client"), "{name}");
        }
    }
}

/// Every probe counts any answer below 500 as alive: an API without a `/`
/// route (404) is healthy. busybox wget fails on any error status, so its
/// probe reads the status line instead of wget's exit code.
#[test]
fn a_404_is_alive_on_every_runtime() {
    let rt = |r| Choices { runtime: Some(r), ..Default::default() };
    for (name, choices) in [("go-stdlib", rt(RuntimeKind::Alpine)), ("java-maven-httpserver", rt(RuntimeKind::Alpine)), ("node-vite-spa", Choices::default())] {
        let p = probe(name, &choices);
        assert_eq!(p[..2], ["sh", "-c"], "{name}");
        assert!(p[2].contains("wget -q -S --spider") && p[2].ends_with("| grep -q 'HTTP/1.[01] [1-4]'"), "{name}: {p:?}");
    }
    let p = probe("java-maven-httpserver", &rt(RuntimeKind::Slim));
    assert!(p[2].contains("-lt 500"), "{p:?}");
    for (name, choices) in [("node-express-npm", Choices::default()), ("python-flask", Choices::default()), ("node-bun-server", Choices::default())] {
        let p = probe(name, &choices).join(" ");
        assert!(p.contains("< 500") || p.contains(">= 500"), "{name}: {p}");
    }
}

/// Spring Boot's actuator answers /actuator/health: the probe asks there.
#[test]
fn spring_boot_actuator_is_probed_at_its_health_endpoint() {
    let dir = tempfile::tempdir().unwrap();
    let src = example("java-spring-boot-maven");
    copy_dir(&src, dir.path());
    let pom = std::fs::read_to_string(dir.path().join("pom.xml")).unwrap();
    let with = pom.replacen("<dependencies>", "<dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-actuator</artifactId></dependency>", 1);
    assert_ne!(pom, with, "the fixture has a <dependencies> block");
    std::fs::write(dir.path().join("pom.xml"), with).unwrap();
    let plan = dockgen::plan_for(dir.path(), &Choices { runtime: Some(RuntimeKind::Slim), ..Default::default() }).unwrap();
    assert!(plan.health_url.ends_with("/actuator/health"), "{}", plan.health_url);
    // The flag still wins.
    let plan = dockgen::plan_for(dir.path(), &Choices { health_path: Some("/ready".into()), ..Default::default() }).unwrap();
    assert!(plan.health_url.ends_with("/ready"), "{}", plan.health_url);
    // Without the actuator: the root.
    assert!(dockgen::plan_for(&src, &Choices::default()).unwrap().health_url.ends_with(":8081/"));
}

#[test]
fn health_path_and_no_healthcheck() {
    let c = Choices { health_path: Some("/healthz?full=1".into()), ..Default::default() };
    assert!(probe("python-flask", &c)[2].contains("'http://127.0.0.1:8000/healthz?full=1'"));
    let c = Choices { healthcheck: Some(false), ..Default::default() };
    assert!(probe("python-flask", &c).is_empty());
    let text = dockgen::generate(&example("python-flask"), &c, dockgen::Extras::NONE).unwrap().1[0].contents.clone();
    assert!(text.contains("# No HEALTHCHECK (--no-healthcheck).") && !text.contains("\nHEALTHCHECK"));
    // It lands inside JavaScript and Python source: quotes and spaces are refused.
    for bad in ["healthz", "/a'b", "/a b", "/x\");process.exit(0);(\"", "/\n"] {
        let c = Choices { health_path: Some(bad.into()), ..Default::default() };
        let err = dockgen::plan_for(&example("node-express-npm"), &c).unwrap_err().to_string();
        assert!(err.contains("--health-path") && err.contains("not a plain URL path"), "{bad:?}: {err}");
    }
}
