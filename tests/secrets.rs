//! Private registries: credentials reach the install step as a BuildKit
//! secret mount, never through the context, an ARG or an ENV. Snapshots of
//! both forms (npm's .npmrc file, pip's index URL) and the refusals.

mod common;
use common::example;

use dockgen::plan::Choices;
use std::path::Path;


fn copy(name: &str, extra: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(example(name)).unwrap().flatten() {
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
        }
    }
    for (f, body) in extra {
        std::fs::write(dir.path().join(f), body).unwrap();
    }
    dir
}

fn dockerfile(dir: &Path, choices: &Choices) -> String {
    dockgen::generate(dir, choices, dockgen::Extras::ALL).unwrap_or_else(|e| panic!("{e:#}")).1[0].contents.clone()
}

fn no_secret_in_args_or_env(text: &str) {
    for i in dockgen::dockerfile::parse(text).unwrap() {
        let kw = i.keyword.to_ascii_uppercase();
        assert!(!(kw == "ARG" || kw == "ENV") || !i.args.to_lowercase().contains("token"), "{}", i.args);
    }
    assert!(dockgen::dockerfile::check(text).is_empty(), "{:?}", dockgen::dockerfile::check(text));
}

#[test]
fn an_npmrc_with_a_registry_or_token_becomes_a_secret_mount() {
    let npmrc = "@acme:registry=https://npm.acme.example/\n//npm.acme.example/:_authToken=${NPM_TOKEN}\n";
    let dir = copy("node-express-npm", &[(".npmrc", npmrc)]);
    let text = dockerfile(dir.path(), &Choices::default());
    assert!(text.contains("--mount=type=secret,id=npmrc,target=/root/.npmrc,required=true"), "{text}");
    assert!(text.contains("# Build: docker build --secret id=npmrc,src=$HOME/.npmrc -t express-npm ."), "{text}");
    assert!(!text.contains("npm.acme.example"), "the registry must not be written into the Dockerfile");
    no_secret_in_args_or_env(&text);
    insta::assert_snapshot!("secret__npmrc", text);

    // A config-only .npmrc (no registry, no credentials) changes nothing.
    let dir = copy("node-express-npm", &[(".npmrc", "save-exact=true\n; registry=commented\n")]);
    assert!(!dockerfile(dir.path(), &Choices::default()).contains("type=secret"));
    // --private-registry asks for it without a .npmrc.
    let dir = copy("node-express-npm", &[]);
    assert!(dockerfile(dir.path(), &Choices { private_registry: Some(true), ..Default::default() }).contains("id=npmrc"));
}

#[test]
fn pip_and_uv_read_the_index_url_from_a_secret() {
    let choices = Choices { private_registry: Some(true), ..Default::default() };
    let text = dockerfile(&example("python-flask"), &choices);
    assert!(text.contains("--mount=type=secret,id=pip_index_url,target=/run/secrets/pip_index_url,required=true"), "{text}");
    assert!(text.contains("PIP_INDEX_URL=\"$(cat /run/secrets/pip_index_url)\" && export PIP_INDEX_URL"), "{text}");
    no_secret_in_args_or_env(&text);
    insta::assert_snapshot!("secret__pip", text);
    let text = dockerfile(&example("python-fastapi-uv"), &choices);
    assert!(text.contains("UV_DEFAULT_INDEX=\"$(cat /run/secrets/pip_index_url)\""), "{text}");
    no_secret_in_args_or_env(&text);
}

#[test]
fn private_registry_is_refused_where_it_cannot_work() {
    let choices = Choices { private_registry: Some(true), ..Default::default() };
    for (name, want) in [("python-django-poetry", "supports pip and uv"), ("python-pipenv", "supports pip and uv"), ("go-stdlib", "the go preset does not take it"), ("java-maven-httpserver", "the java preset does not take it")] {
        let err = dockgen::generate(&example(name), &choices, dockgen::Extras::ALL).unwrap_err().to_string();
        assert!(err.contains(want), "{name}: {err}");
    }
}
