use super::*;
use crate::compose::Db;
use crate::preset::RuntimeKind;

fn every_key() -> Choices {
    Choices {
        app: Some("apps/api".into()),
        preset: Some("node".into()),
        runtime: Some(RuntimeKind::Alpine),
        lang_version: Some("22".into()),
        lang_version_from: Some("Dockerfile (FROM node:22-alpine)".into()),
        compiled: Some(vec!["psycopg2-binary 2.9.3".into()]),
        extras: Some(vec!["s3".into()]),
        main: Some("./cmd/api".into()),
        start: Some(vec!["node".into(), "dist/server.js".into(), "--name".into(), "a b\"c".into()]),
        port: Some(8081),
        port_from: Some("Dockerfile (EXPOSE 8081)".into()),
        output_dir: Some("build".into()),
        health_path: Some("/healthz".into()),
        healthcheck: Some(false),
        private_registry: Some(true),
        compose: Some(true),
        db: Some(Db::Postgres),
        dockerignore: Some(false),
        readme: Some(false),
        pin: Some(true),
        images: crate::mirror::ImageRules {
            mirrors: [("docker.io".to_string(), "harbor.corp/dockerhub".to_string())].into(),
            overrides: [("gcr.io/distroless/static-debian13".to_string(), "registry.corp/base/static".to_string())].into(),
        },
        user_images: Default::default(),
        ask_pypi: false,
        said: Default::default(),
    }
}

#[test]
fn every_key_survives_a_round_trip_with_its_comment() {
    let s = every_key();
    let text = render(&s).unwrap();
    assert_eq!(parse(&text, "dockgen.toml").unwrap(), s, "{text}");
    for (key, comment) in KEYS {
        assert!(text.contains(&format!("# {comment}\n{key} = ")), "{key} without its comment:\n{text}");
    }
    assert!(text.contains("schema = 1\n"), "{text}");
}

#[test]
fn an_empty_file_is_just_the_schema() {
    let text = render(&Choices::default()).unwrap();
    assert_eq!(parse(&text, "x").unwrap(), Choices::default());
    assert!(!text.lines().any(|l| l.contains(" = ") && !l.starts_with('#') && !l.starts_with("schema")), "{text}");
}

fn err(text: &str) -> String {
    format!("{:#}", parse(text, "dockgen.toml").unwrap_err())
}

#[test]
fn hand_edits_are_checked_like_the_flags_and_name_the_key() {
    let cases = [
        ("schema = 1\nruntime = \"tiny\"", "key `runtime`: tiny is not a runtime"),
        ("schema = 1\nport = 0", "key `port`: 0 is not a port"),
        ("schema = 1\nport = \"80\"", "key `port`: must be a number"),
        ("schema = 1\nstart = \"node 'x\"", "key `start`:"),
        ("schema = 1\nstart = \"\"", "key `start`: the start command is empty"),
        ("schema = 1\noutput-dir = \"../x\"", "key `output-dir`: --output-dir"),
        ("schema = 1\nhealth-path = \"x y\"", "key `health-path`"),
        ("schema = 1\napp = \"../other\"", "key `app`"),
        ("schema = 1\npreset = \"cobol\"", "key `preset`"),
        ("schema = 1\ndb = \"oracle\"", "key `db`: oracle is not a database"),
        ("schema = 1\ncompose = \"yes\"", "key `compose`: must be true or false"),
        ("schema = 1\nruntim = \"slim\"", "unknown key `runtim`; the keys are schema, app, preset"),
        ("runtime = \"slim\"", "`schema = 1` is missing"),
        ("schema = 9", "schema 9 is from a newer dockgen"),
        ("schema = 1\ncompose = false\ndb = \"redis\"", "delete one of the two lines"),
        ("schema = 1\nport = ", "not valid TOML"),
        ("schema = 1\nlang-version-from = \"Dockerfile\"", "without `lang-version`"),
        ("schema = 1\nlang-version = \"3.12\"\nlang-version-from = \"a\\u001bb\"", "key `lang-version-from`: must be one short line"),
        ("schema = 1\nlang-version = \"3.12\"\ncompiled = [\"a 1\", 3]", "key `compiled`: must be a list of strings"),
        ("schema = 1\nlang-version = \"3.12\"\ncompiled = \"a 1\"", "key `compiled`: must be a list of strings"),
        ("schema = 1\ncompiled = [\"a 1\"]", "`compiled` without `lang-version`"),
        ("schema = 1\nextras = [\"s 3\"]", "key `extras`: s 3 is not an extra's name"),
        ("schema = 1\nport = 80\nport-from = \"a\\u001bb\"", "key `port-from`: must be one short line"),
        ("schema = 1\nport-from = \"Dockerfile (EXPOSE 80)\"", "`port-from` without `port`"),
        ("schema = 1\n[images]\nmirrors = { \"docker.io\" = \"https://harbor.corp/hub\" }", "key `images`: https://harbor.corp/hub is not an image repository without a tag"),
        ("schema = 1\n[images]\nmirrors = { \"docker.io/x\" = \"harbor.corp/hub\" }", "key `images`: docker.io/x is not a registry host"),
        ("schema = 1\n[images]\nnode = \"registry.corp/node:22\"", "key `images`: registry.corp/node:22 is not an image repository"),
    ];
    for (text, want) in cases {
        let e = err(text);
        assert!(e.starts_with("dockgen.toml: "), "{text:?} → {e}");
        assert!(e.contains(want), "{text:?} → {e}, want {want:?}");
        assert!(!e.contains('\n'), "one line: {e:?}");
    }
}

#[test]
fn hostile_values_are_escaped_in_errors_and_in_the_file() {
    let e = err("schema = 1\nruntime = \"\\u001b]0;pwned\\u0007\"");
    assert!(!e.chars().any(|c| c.is_control()), "{e:?}");
    let s = Choices { main: Some("x\"\nRUN evil".into()), ..Default::default() };
    let text = render(&s).unwrap();
    assert_eq!(parse(&text, "x").unwrap().main.as_deref(), Some("x\"\nRUN evil"));
    assert!(!text.contains("\nRUN evil"), "{text}");
}

#[test]
fn flags_win_and_no_compose_drops_the_database() {
    let file = every_key();
    let flags = Choices { runtime: Some(RuntimeKind::Slim), compose: Some(false), ..Default::default() };
    let merged = flags.over(&file);
    assert_eq!(merged.runtime, Some(RuntimeKind::Slim));
    assert_eq!(merged.port, Some(8081));
    assert_eq!(merged.db, None);
    assert!(!merged.compose());
    let on = Choices { healthcheck: Some(true), ..Default::default() }.over(&file);
    assert!(!on.no_healthcheck());
}

#[test]
fn changes_read_like_a_diff() {
    let old = Choices { runtime: Some(RuntimeKind::Alpine), port: Some(80), ..Default::default() };
    let new = Choices { runtime: Some(RuntimeKind::Slim), port: Some(80), healthcheck: Some(false), ..Default::default() };
    assert_eq!(changes(&old, &new), ["- runtime = \"alpine\"", "+ runtime = \"slim\"", "+ healthcheck = false"]);
    assert!(changes(&new, &new).is_empty());
}

#[test]
fn recorded_leaves_defaults_out() {
    let c = Choices { runtime: Some(RuntimeKind::Distroless), ..Default::default() };
    assert_eq!(entries(&c.recorded()), [("runtime", "\"distroless\"".to_string())]);
    let on = Choices { dockerignore: Some(true), readme: Some(true), pin: Some(false), healthcheck: Some(true), compose: Some(true), db: Some(Db::Redis), ask_pypi: true, ..c.clone() };
    assert_eq!(entries(&on.recorded()), [("runtime", "\"distroless\"".to_string()), ("db", "\"redis\"".to_string())], "switches at their defaults, and compose beside a database, are left out");
    let off = Choices { dockerignore: Some(false), readme: Some(false), pin: Some(true), ..c };
    assert_eq!(entries(&off.recorded()).len(), 4);
}

/// The keys a file may hold are the type's serde names, and each has its
/// comment: the comment table cannot drift from the type.
#[test]
fn every_field_is_a_key_with_a_comment() {
    let toml::Value::Table(t) = toml::Value::try_from(every_key()).unwrap() else { panic!() };
    let fields: Vec<&str> = t.keys().map(String::as_str).collect();
    let mut keys: Vec<&str> = KEYS.iter().map(|(k, _)| *k).collect();
    keys.sort();
    let mut fields = fields;
    fields.sort();
    assert_eq!(fields, keys);
}

#[test]
fn the_file_as_written() {
    insta::assert_snapshot!("dockgen_toml_every_key", render(&every_key()).unwrap());
}

/// Who said each choice: a flag keeps its word, what came from the file is
/// remembered, and the plan's sources say so.
#[test]
fn choices_know_who_said_them() {
    let file = every_key();
    let flags = Choices { runtime: Some(RuntimeKind::Slim), ..Default::default() };
    let merged = flags.over(&file);
    assert_eq!(merged.said("runtime"), crate::choices::Said::Flag);
    assert_eq!(merged.said("port"), crate::choices::Said::Remembered);
    // The words stay the flag's, so regenerating from the file changes nothing.
    assert_eq!(merged.source("port"), "--port flag");
    let mut asked = merged.clone();
    asked.main = Some("./cmd/other".into());
    asked.mark_changed(&merged, crate::choices::Said::Wizard);
    assert_eq!(asked.said("main"), crate::choices::Said::Wizard);
    assert_eq!(asked.said("port"), crate::choices::Said::Remembered);
    assert!(merged.recorded().said.is_empty());
}
