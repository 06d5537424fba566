//! Each rule: a fixture that trips it and a near twin that does not.

use super::*;

const IGNORE: &str = ".git\n.env\nnode_modules\ntarget\n";

fn ids_with(text: &str, project: &Project, ignore: Option<&str>, strict: bool) -> Vec<&'static str> {
    let input = Input { dockerfile: text, name: "Dockerfile", dockerignore: ignore, project: Some(project), strict };
    lint(&input).unwrap().into_iter().map(|f| f.rule).collect()
}

fn ids(text: &str) -> Vec<&'static str> {
    ids_with(text, &Project::default(), Some(IGNORE), false)
}

/// `bad` trips `rule`; `good` does not.
fn pair(rule: &str, bad: &str, good: &str) {
    assert!(ids(bad).contains(&rule), "{rule} not found in:\n{bad}\n{:?}", ids(bad));
    assert!(!ids(good).contains(&rule), "{rule} wrongly found in:\n{good}\n{:?}", ids(good));
}

const TAIL: &str = "USER 1000:1000\nCMD [\"app\"]\n";

#[test]
fn root_user_and_names() {
    pair("root-user", "FROM debian:12-slim\nCMD [\"app\"]\n", &format!("FROM debian:12-slim\n{TAIL}"));
    pair("root-user", "FROM debian:12-slim\nUSER root\nCMD [\"app\"]\n", "FROM gcr.io/distroless/static-debian12:nonroot\nCMD [\"app\"]\n");
    pair("root-user", "FROM scratch\nCMD [\"app\"]\n", "FROM scratch\nUSER 65532:65532\nCMD [\"app\"]\n");
    // The final stage inherits its parent stage's USER.
    pair("root-user", "FROM debian:12-slim AS base\nFROM base\nCMD [\"app\"]\n", "FROM debian:12-slim AS base\nUSER 10001\nFROM base\nCMD [\"app\"]\n");
    pair("user-without-uid", "FROM node:22-slim\nUSER node\nCMD [\"node\",\"a.js\"]\n", "FROM node:22-slim\nUSER 1000:1000\nCMD [\"node\",\"a.js\"]\n");
}

#[test]
fn toolchains_and_full_bases() {
    pair("toolchain-in-final", &format!("FROM golang:1.23\n{TAIL}"), &format!("FROM golang:1.23 AS build\nFROM gcr.io/distroless/static-debian12\n{TAIL}"));
    pair("toolchain-in-final", &format!("FROM eclipse-temurin:21-jdk\n{TAIL}"), &format!("FROM eclipse-temurin:21-jre\n{TAIL}"));
    pair("toolchain-in-final", &format!("FROM debian:12-slim\nRUN apt-get install -y --no-install-recommends build-essential && rm -rf /var/lib/apt/lists/*\n{TAIL}"), &format!("FROM debian:12-slim\nRUN apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*\n{TAIL}"));
    pair("full-base", &format!("FROM python:3.12\n{TAIL}"), &format!("FROM python:3.12-slim\n{TAIL}"));
    pair("full-base", &format!("FROM node:22\n{TAIL}"), &format!("FROM node:22 AS build\nFROM node:22-alpine\n{TAIL}"));
}

#[test]
fn cache_order_and_cache_mounts() {
    pair(
        "copy-before-install",
        &format!("FROM python:3.12-slim\nCOPY . .\nRUN pip install -r requirements.txt\n{TAIL}"),
        &format!("FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\n{TAIL}"),
    );
    pair(
        "no-cache-mount",
        &format!("FROM node:22-slim\nCOPY package*.json ./\nRUN npm ci\n{TAIL}"),
        &format!("FROM node:22-slim\nCOPY package*.json ./\nRUN --mount=type=cache,target=/root/.npm npm ci\n{TAIL}"),
    );
}

#[test]
fn tags_and_digests() {
    pair("unpinned-base", &format!("FROM alpine\n{TAIL}"), &format!("FROM alpine:3.20\n{TAIL}"));
    pair("unpinned-base", &format!("FROM alpine:latest\n{TAIL}"), &format!("ARG V=3.20\nFROM alpine:${{V}}\n{TAIL}"));
    let p = Project::default();
    assert!(ids_with(&format!("FROM alpine:3.20\n{TAIL}"), &p, Some(IGNORE), true).contains(&"no-digest"));
    assert!(!ids_with(&format!("FROM alpine:3.20@sha256:abc\n{TAIL}"), &p, Some(IGNORE), true).contains(&"no-digest"));
    assert!(!ids(&format!("FROM alpine:3.20\n{TAIL}")).contains(&"no-digest"), "only with --strict");
}

#[test]
fn add_apt_and_upgrades() {
    pair("add-local", &format!("FROM alpine:3.20\nADD app /app\n{TAIL}"), &format!("FROM alpine:3.20\nADD rootfs.tar.gz /\n{TAIL}"));
    pair("add-url-checksum", &format!("FROM alpine:3.20\nADD https://x.example/a /a\n{TAIL}"), &format!("FROM alpine:3.20\nADD --checksum=sha256:00 https://x.example/a /a\n{TAIL}"));
    pair("apt-recommends", &format!("FROM debian:12-slim\nRUN apt-get update && apt-get install -y tini && rm -rf /var/lib/apt/lists/*\n{TAIL}"), &format!("FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*\n{TAIL}"));
    pair("apt-lists", &format!("FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends tini\n{TAIL}"), &format!("FROM debian:12-slim\nRUN --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y --no-install-recommends tini\n{TAIL}"));
    // A build stage's apt lists never reach the final image.
    assert!(!ids(&format!("FROM debian:12 AS build\nRUN apt-get update && apt-get install -y gcc\nFROM debian:12-slim\n{TAIL}")).contains(&"apt-lists"));
    pair("package-upgrade", &format!("FROM debian:12-slim\nRUN apt-get update && apt-get upgrade -y\n{TAIL}"), &format!("FROM debian:12-slim\nRUN apt-get update\n{TAIL}"));
    pair("curl-pipe-shell", &format!("FROM debian:12-slim\nRUN curl -fsSL https://x.example/i.sh | bash\n{TAIL}"), &format!("FROM debian:12-slim\nRUN curl -fsSLo i.sh https://x.example/i.sh && sha256sum -c sums && sh i.sh\n{TAIL}"));
    // Inside a heredoc too.
    assert!(ids(&format!("FROM debian:12-slim\nRUN <<EOF\ncurl -s https://x.example/i | sh\nEOF\n{TAIL}")).contains(&"curl-pipe-shell"));
}

#[test]
fn secrets() {
    pair("secret-in-arg-env", &format!("FROM alpine:3.20\nARG NPM_TOKEN\n{TAIL}"), &format!("FROM alpine:3.20\nENV DATABASE_PASSWORD_FILE=/run/secrets/db\n{TAIL}"));
    pair("secret-copied", &format!("FROM alpine:3.20\nCOPY .env /app/.env\n{TAIL}"), &format!("FROM alpine:3.20\nCOPY .env.example /app/\n{TAIL}"));
    pair("secret-copied", &format!("FROM alpine:3.20\nCOPY certs/server.pem /etc/\n{TAIL}"), &format!("FROM alpine:3.20 AS a\nFROM alpine:3.20\nCOPY --from=a /etc/ssl/cert.pem /etc/\n{TAIL}"));
}

#[test]
fn exec_form() {
    pair("shell-form-cmd", "FROM alpine:3.20\nUSER 1:1\nCMD node server.js\n", "FROM alpine:3.20\nUSER 1:1\nCMD [\"node\", \"server.js\"]\n");
    pair("shell-form-cmd", "FROM alpine:3.20\nUSER 1:1\nCMD ['gunicorn', 'app:app']\n", "FROM alpine:3.20\nUSER 1:1\nCMD [\"gunicorn\", \"app:app\"]\n");
    pair("shell-form-cmd", "FROM alpine:3.20\nUSER 1:1\nENTRYPOINT /app\n", "FROM alpine:3.20 AS a\nCMD x\nFROM alpine:3.20\nUSER 1:1\nENTRYPOINT [\"/app\"]\n");
}

#[test]
fn dockerignore_presence_and_gaps() {
    let text = format!("FROM alpine:3.20\n{TAIL}");
    let p = Project { files: ["package.json".to_string()].into(), ..Default::default() };
    assert!(ids_with(&text, &p, None, false).contains(&"no-dockerignore"));
    assert!(!ids_with(&text, &p, Some(IGNORE), false).contains(&"no-dockerignore"));
    assert!(ids_with(&text, &p, Some(".git\n.env\n"), false).contains(&"dockerignore-gap"), "node_modules is let in");
    assert!(!ids_with(&text, &Project::default(), Some(".git\n.env\n"), false).contains(&"dockerignore-gap"), "no package.json: node_modules is not asked for");
}

#[test]
fn project_aware_rules() {
    let p = Project { files: ["package.json".into(), "package-lock.json".into()].into(), port: Some(3000), node_dev_deps: true };
    let check = |text: &str| ids_with(text, &p, Some(IGNORE), false);
    assert!(check(&format!("FROM node:22-slim\nEXPOSE 8080\n{TAIL}")).contains(&"expose-mismatch"));
    assert!(!check(&format!("FROM node:22-slim\nEXPOSE 3000\n{TAIL}")).contains(&"expose-mismatch"));
    assert!(check(&format!("FROM node:22-slim\nRUN --mount=type=cache,target=/root/.npm npm install\n{TAIL}")).contains(&"lockfile-ignored"));
    assert!(!check(&format!("FROM node:22-slim\nRUN --mount=type=cache,target=/root/.npm npm ci --omit=dev\n{TAIL}")).contains(&"lockfile-ignored"));
    assert!(check(&format!("FROM node:22-slim\nRUN --mount=type=cache,target=/root/.npm npm ci\n{TAIL}")).contains(&"dev-deps-in-final"));
    assert!(!check(&format!("FROM node:22-slim\nRUN --mount=type=cache,target=/root/.npm npm ci --omit=dev\n{TAIL}")).contains(&"dev-deps-in-final"));
    assert!(!check(&format!("FROM node:22-slim\nENV NODE_ENV=production\nRUN --mount=type=cache,target=/root/.npm npm ci\n{TAIL}")).contains(&"dev-deps-in-final"));
    // node_modules copied from a stage that installed everything.
    let copied = |prune: &str| format!("FROM node:22 AS build\nRUN --mount=type=cache,target=/root/.npm npm ci{prune}\nFROM node:22-slim\nCOPY --from=build /app/node_modules ./node_modules\n{TAIL}");
    assert!(check(&copied("")).contains(&"dev-deps-in-final"));
    assert!(!check(&copied(" && npm prune --omit=dev")).contains(&"dev-deps-in-final"));
    assert!(ids(&format!("FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache poetry install\n{TAIL}")).contains(&"dev-deps-in-final"));
    assert!(!ids(&format!("FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache poetry install --only main\n{TAIL}")).contains(&"dev-deps-in-final"));
}

#[test]
fn ignore_comments_need_a_reason() {
    let with_reason = format!("# dockgen-lint ignore=full-base the app needs the full image's locales\nFROM python:3.12\n{TAIL}");
    assert!(!ids(&with_reason).contains(&"full-base"));
    let without = format!("# dockgen-lint ignore=full-base\nFROM python:3.12\n{TAIL}");
    let found = ids(&without);
    assert!(found.contains(&"full-base") && found.contains(&"ignore-without-reason"), "{found:?}");
}

#[test]
fn every_rule_is_exercised_and_explained() {
    let src = include_str!("tests.rs");
    for r in RULES {
        assert!(src.contains(&format!("\"{}\"", r.id)), "rule {} has no test", r.id);
        assert!(output::explain(r.id).unwrap().contains(r.fix));
    }
}

#[test]
fn unparsable_files_are_one_line_errors() {
    let e = lint(&Input { dockerfile: "FROM a\nthis is not\n", name: "Dockerfile", dockerignore: None, project: None, strict: false }).unwrap_err().to_string();
    assert!(e.starts_with("Dockerfile: line 2: not an instruction") && !e.contains('\n'), "{e}");
    let e = lint(&Input { dockerfile: "FROM a\nCOPY ./prisma/\n", name: "Dockerfile", dockerignore: None, project: None, strict: false }).unwrap_err().to_string();
    assert!(e.contains("line 2: COPY needs a source and a destination"), "{e}");
    let e = lint(&Input { dockerfile: "# only a comment\n", name: "x", dockerignore: None, project: None, strict: false }).unwrap_err().to_string();
    assert!(e.contains("no FROM"), "{e}");
}
