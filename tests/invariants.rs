//! Properties every generated Dockerfile and .dockerignore must have, checked
//! over every preset × runtime × example (each combination dockgen accepts):
//! a numeric non-root USER in the final stage, exec-form CMD/ENTRYPOINT, no
//! `latest` or untagged image, no secret-looking ARG/ENV name, and a
//! .dockerignore that excludes secrets but never a file the Dockerfile copies.

mod common;
use common::examples;

use dockgen::dockerfile::{Instruction, parse};
use dockgen::plan::Choices;
use globset::{GlobBuilder, GlobMatcher};
use regex::Regex;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};


/// A .dockerignore as BuildKit reads it: patterns anchored at the context
/// root, `*` within one path segment, `**` across segments, `!` exceptions,
/// the last matching line wins, and a match on a folder covers its contents.
struct DockerIgnore {
    rules: Vec<(bool, GlobMatcher)>,
}

impl DockerIgnore {
    fn new(text: &str) -> Self {
        let rules = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| {
                let (exception, pat) = match l.strip_prefix('!') {
                    Some(p) => (true, p),
                    None => (false, l),
                };
                let pat = pat.trim_start_matches('/').trim_end_matches('/');
                let glob = GlobBuilder::new(pat).literal_separator(true).build().unwrap_or_else(|e| panic!("bad pattern {l:?}: {e}"));
                (exception, glob.compile_matcher())
            })
            .collect();
        DockerIgnore { rules }
    }

    fn excludes(&self, path: &str) -> bool {
        let parts: Vec<&str> = path.split('/').collect();
        let mut excluded = false;
        for (exception, glob) in &self.rules {
            let hit = (1..=parts.len()).any(|n| glob.is_match(parts[..n].join("/")));
            if hit {
                excluded = !exception;
            }
        }
        excluded
    }
}

/// Global ARG defaults, to resolve `${GO_VERSION}` in FROM lines.
fn arg_defaults(instrs: &[Instruction]) -> BTreeMap<String, String> {
    instrs
        .iter()
        .take_while(|i| !i.keyword.eq_ignore_ascii_case("FROM"))
        .filter(|i| i.keyword.eq_ignore_ascii_case("ARG"))
        .filter_map(|i| i.args.split_once('=').map(|(k, v)| (k.trim().to_string(), v.trim().trim_matches('"').to_string())))
        .collect()
}

fn resolve(s: &str, args: &BTreeMap<String, String>) -> String {
    let mut out = s.to_string();
    for (k, v) in args {
        out = out.replace(&format!("${{{k}}}"), v).replace(&format!("${k}"), v);
    }
    out
}

/// The image of a FROM line, or None for scratch and earlier stages.
fn from_image(args: &str, stages: &[String]) -> Option<String> {
    let image = args.split_whitespace().find(|w| !w.starts_with("--"))?.to_string();
    (image != "scratch" && !stages.contains(&image.to_ascii_lowercase())).then_some(image)
}

/// Explicit context paths the Dockerfile reads: COPY sources without
/// --from and bind-mount sources without from=.
fn context_sources(instrs: &[Instruction]) -> Vec<String> {
    let mut out = Vec::new();
    for i in instrs {
        let kw = i.keyword.to_ascii_uppercase();
        if kw == "COPY" || kw == "ADD" {
            let words: Vec<&str> = i.args.split_whitespace().collect();
            if words.iter().any(|w| w.starts_with("--from")) {
                continue;
            }
            let paths: Vec<&str> = words.iter().copied().filter(|w| !w.starts_with("--")).collect();
            out.extend(paths[..paths.len().saturating_sub(1)].iter().map(|s| s.to_string()));
        }
        if kw == "RUN" {
            for mount in i.args.split_whitespace().filter_map(|w| w.strip_prefix("--mount=")) {
                let opts: BTreeMap<&str, &str> = mount.split(',').filter_map(|kv| kv.split_once('=')).collect();
                if opts.get("type") == Some(&"bind") && !opts.contains_key("from") {
                    out.push(opts.get("source").copied().unwrap_or(".").to_string());
                }
            }
        }
    }
    out.into_iter()
        .map(|s| s.trim_start_matches("./").trim_end_matches('/').to_string())
        .filter(|s| !s.is_empty() && s != ".")
        .collect()
}

#[test]
fn every_generated_file_keeps_the_invariants() {
    let secret = Regex::new(r"(?i)(?:^|_)(?:apikey|auth|credential|credentials|key|password|pass|passwd|pwd|secret|token)(?:_|$)").unwrap();
    let mut checked = 0;
    for example in examples() {
        let name = example.file_name().unwrap().to_string_lossy().to_string();
        // A workspace example: generated in its member, built from the root.
        let dir = common::e2e_app(&example).map(|a| example.join(a)).unwrap_or_else(|| example.clone());
        let plan = dockgen::plan_for(&dir, &Choices::default()).unwrap();
        // A project one folder down is built from that folder.
        let root = if plan.workspace.is_none() { plan.project_dir.clone() } else { example.clone() };
        for runtime in plan.runtimes.clone() {
            let choices = Choices { runtime: Some(runtime), ..Default::default() };
            // Refusals are documented and tested in tests/examples.rs.
            let Ok((_, files)) = dockgen::generate(&dir, &choices, dockgen::Extras::ALL) else { continue };
            let at = format!("{name}/{runtime}");
            let dockerfile = &files[0].contents;
            let instrs = parse(dockerfile).unwrap_or_else(|e| panic!("{at}: {e}"));

            // The final stage runs as a numeric, non-root uid.
            let last_from = instrs.iter().rposition(|i| i.keyword.eq_ignore_ascii_case("FROM")).unwrap();
            let user = instrs[last_from..].iter().rfind(|i| i.keyword.eq_ignore_ascii_case("USER")).unwrap_or_else(|| panic!("{at}: no USER in the final stage"));
            let uid = user.args.split(':').next().unwrap();
            let uid: u32 = uid.parse().unwrap_or_else(|_| panic!("{at}: USER {} is not numeric", user.args));
            assert_ne!(uid, 0, "{at}: runs as root");
            assert!(user.args.split(':').all(|p| p.parse::<u32>().is_ok()), "{at}: USER {}", user.args);

            // CMD and ENTRYPOINT are exec form: a JSON array of strings.
            for i in instrs.iter().filter(|i| ["CMD", "ENTRYPOINT"].contains(&i.keyword.to_ascii_uppercase().as_str())) {
                let argv: Vec<String> = serde_json::from_str(&i.args).unwrap_or_else(|_| panic!("{at}: {} {} is not exec form", i.keyword, i.args));
                assert!(!argv.is_empty(), "{at}: empty {}", i.keyword);
            }

            // Every image has a tag (or digest), never `latest`.
            let args = arg_defaults(&instrs);
            let mut stages = Vec::new();
            for i in instrs.iter().filter(|i| i.keyword.eq_ignore_ascii_case("FROM")) {
                if let Some(image) = from_image(&i.args, &stages) {
                    let image = resolve(&image, &args);
                    let last = image.rsplit('/').next().unwrap();
                    assert!(last.contains(':') || image.contains("@sha256:"), "{at}: {image} has no tag");
                    assert!(!last.ends_with(":latest"), "{at}: {image} uses latest");
                    assert!(!image.contains('$'), "{at}: {image} has an undefined variable");
                }
                let words: Vec<&str> = i.args.split_whitespace().collect();
                if let Some(pos) = words.iter().position(|w| w.eq_ignore_ascii_case("AS")) {
                    stages.push(words[pos + 1].to_ascii_lowercase());
                }
            }

            // No ARG or ENV name looks like a secret (SecretsUsedInArgOrEnv).
            for i in instrs.iter().filter(|i| ["ARG", "ENV"].contains(&i.keyword.to_ascii_uppercase().as_str())) {
                for word in i.args.split_whitespace() {
                    let Some(name) = word.split('=').next().filter(|n| n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && !n.is_empty()) else { continue };
                    if word.contains('=') || !i.args.contains('=') {
                        assert!(!secret.is_match(name), "{at}: {} {name} looks like a secret", i.keyword);
                    }
                }
            }

            // The .dockerignore keeps secrets and VCS data out of the context...
            let ignore = DockerIgnore::new(&files[1].contents);
            for path in [".env", ".env.local", "config/.env.production.local", "server.pem", "certs/tls.key", "id_rsa", "keys/id_ed25519", "id_ecdsa", "id_dsa.pub", ".git", ".git/HEAD", ".npmrc", "sub/.npmrc", ".pypirc", ".netrc"] {
                assert!(ignore.excludes(path), "{at}: .dockerignore lets {path} into the build context");
            }
            // ...without swallowing ordinary source files that share a prefix.
            for path in ["src/id_map.go", "identity.py", "keyboard.js", "environment.ts", "src/main/java/App.java"] {
                assert!(!ignore.excludes(path), "{at}: .dockerignore excludes {path}");
            }
            // ...and never excludes a file the Dockerfile reads from the context.
            for source in context_sources(&instrs) {
                assert!(!ignore.excludes(&source), "{at}: the Dockerfile reads {source}, which .dockerignore excludes");
                assert!(root.join(&source).exists(), "{at}: the Dockerfile reads {source}, which the example does not have");
            }
            // Every file of the example the build needs is sent: only
            // e2e/test scaffolding and the naive Dockerfile may be excluded.
            for file in walk(&root) {
                let rel = file.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
                if ignore.excludes(&rel) {
                    let allowed = rel.starts_with("naive.Dockerfile") || rel == "e2e.toml" || rel.ends_with(".md") || rel.starts_with(".env.example");
                    assert!(allowed, "{at}: .dockerignore excludes the project file {rel}");
                }
            }
            checked += 1;
        }
    }
    assert!(checked >= 50, "only {checked} combinations checked");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn the_dockerignore_reader_follows_buildkit_rules() {
    let ig = DockerIgnore::new("# c\n**/.env\n**/.env.*\n!**/.env.example\ntarget/\n*.log\n!keep.log\n/build\n");
    assert!(ig.excludes(".env"));
    assert!(ig.excludes("a/b/.env.prod"));
    assert!(!ig.excludes("a/.env.example"));
    assert!(ig.excludes("target/x/y.class"), "a folder match covers its contents");
    assert!(ig.excludes("app.log"));
    assert!(!ig.excludes("sub/app.log"), "* stays within one segment and patterns are anchored");
    assert!(!ig.excludes("keep.log"));
    assert!(ig.excludes("build/out"));
    assert!(!ig.excludes("src/build.rs"));
}
