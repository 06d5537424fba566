//! Rendering: every `templates/**/*.j2` in one minijinja environment.
//!
//! Undefined values are errors (strict), and so is a template calling
//! `error("…")` for a combination it cannot express. Either is a dockgen
//! bug, reported with the template's name and line. Values that came from
//! the project reach the output only through the escaping filters here.

use anyhow::{Result, anyhow};
use include_dir::{Dir, include_dir};
use minijinja::value::Value;
use minijinja::{Environment, Error, ErrorKind, UndefinedBehavior};
use serde::Serialize;
use std::sync::OnceLock;

use crate::escape;
use crate::model::Plan;

static TEMPLATES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// One generated file: what it is, its name and its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutputFile {
    /// What the file is: callers decide by this, never by its name (a
    /// Dockerfile may be written as `Dockerfile.dockgen`).
    #[serde(skip)]
    pub kind: FileKind,
    pub name: String,
    pub contents: String,
}

/// The kinds of file dockgen writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Dockerfile,
    /// `.dockerignore`, or `<Dockerfile>.dockerignore` beside a member's.
    DockerIgnore,
    Compose,
    /// README.Docker.md.
    Readme,
    /// dockgen.toml.
    Config,
    /// Anything else (a secret, the `.gitignore` of the secrets folder).
    Other,
}

impl OutputFile {
    pub fn new(kind: FileKind, name: impl Into<String>, contents: impl Into<String>) -> OutputFile {
        OutputFile { kind, name: name.into(), contents: contents.into() }
    }
}

/// The file of `kind` among `files`.
pub fn of_kind(files: &[OutputFile], kind: FileKind) -> Option<&OutputFile> {
    files.iter().find(|f| f.kind == kind)
}

/// The template environment, built on first use only (`detect` and
/// `presets` never pay for it).
pub fn environment() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(build_environment)
}

/// Builds the template environment afresh: what [`environment`] does once
/// per process (public for the startup benchmark).
pub fn build_environment() -> Environment<'static> {
    {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_syntax(
            minijinja::syntax::SyntaxConfig::builder()
                .trim_blocks(true)
                .lstrip_blocks(true)
                .keep_trailing_newline(true)
                .build()
                .expect("static syntax config"),
        );
        env.add_filter("exec_form", exec_form);
        env.add_filter("shell_quote", shell_quote);
        env.add_filter("comment", comment);
        env.add_filter("quoted", |s: &str| escape::dockerfile_string(s));
        env.add_filter("md", |s: &str| escape::markdown(s));
        env.add_filter("md_code", |s: &str| escape::markdown_code(s));
        env.add_function("error", template_error);
        // Templates compile on first use (cargo-dist's loader): a run pays
        // for its language's template and the partials it includes, not all.
        // A template of the same name in an overlay folder (the project's
        // .dockgen/, then the user's) replaces the embedded one.
        env.set_loader(|name| {
            if !name.ends_with(".j2") {
                return Ok(None);
            }
            match crate::overlay::read(&format!("templates/{name}")) {
                Ok(Some((_, text))) => return Ok(Some(text)),
                Ok(None) => {}
                Err(e) => return Err(Error::new(ErrorKind::TemplateNotFound, crate::text::printable(&format!("{e:#}")))),
            }
            Ok(TEMPLATES.get_file(name).and_then(|f| f.contents_utf8()).map(str::to_string))
        });
        env
    }
}

fn all_files<'a>(dir: &'a Dir<'a>) -> Vec<&'a include_dir::File<'a>> {
    let mut out: Vec<_> = dir.files().collect();
    for sub in dir.dirs() {
        out.extend(all_files(sub));
    }
    out
}

/// The text of dockgen's own (embedded) template `name`.
pub fn embedded_template(name: &str) -> Option<&'static str> {
    TEMPLATES.get_file(name).and_then(|f| f.contents_utf8())
}

/// Names of all embedded templates.
pub fn template_names() -> Vec<String> {
    all_files(&TEMPLATES)
        .iter()
        .map(|f| f.path().to_string_lossy().replace('\\', "/"))
        .filter(|n| n.ends_with(".j2"))
        .collect()
}

/// Renders the Dockerfile, and unless told not to the .dockerignore and
/// README.Docker.md; compose.yaml when the plan has it.
pub fn render(plan: &Plan, template: &str, dockerignore: bool, readme: bool) -> Result<Vec<OutputFile>> {
    let mut files = vec![OutputFile::new(FileKind::Dockerfile, "Dockerfile", render_one(template, plan)?)];
    if dockerignore {
        // In a workspace member, beside its Dockerfile: BuildKit reads
        // `<Dockerfile>.dockerignore` first, and other members' builds keep
        // their own.
        let name = if plan.workspace.as_ref().is_some_and(|w| w.member != ".") { "Dockerfile.dockerignore" } else { ".dockerignore" };
        files.push(OutputFile::new(FileKind::DockerIgnore, name, render_one("dockerignore.j2", plan)?));
    }
    if plan.compose.is_some() {
        files.push(OutputFile::new(FileKind::Compose, "compose.yaml", render_one("compose/compose.yaml.j2", plan)?));
    }
    if readme {
        let dockerfile = of_kind(&files, FileKind::Dockerfile).map(|f| f.contents.as_str()).unwrap_or_default();
        let readme = readme_docker(plan, dockerfile)?;
        files.push(OutputFile::new(FileKind::Readme, "README.Docker.md", readme));
    }
    Ok(files)
}

/// README.Docker.md: the plan, and what the rendered Dockerfile does (it
/// cross-compiles; the environment its final stage sets).
fn readme_docker(plan: &Plan, dockerfile: &str) -> Result<String> {
    #[derive(Serialize)]
    struct Readme<'a> {
        #[serde(flatten)]
        plan: &'a Plan,
        cross: bool,
        env_vars: Vec<String>,
        open_path: String,
    }
    let last_stage = dockerfile.rsplit_once("\nFROM ").map(|(_, s)| s).unwrap_or(dockerfile);
    let env_vars = last_stage.lines().filter_map(|l| l.strip_prefix("ENV ")).map(str::to_string).collect();
    let open_path = plan.health_url.find("://").and_then(|i| plan.health_url[i + 3..].find('/').map(|j| plan.health_url[i + 3 + j..].to_string())).unwrap_or_else(|| "/".to_string());
    render_named(
        "readme_docker.md.j2",
        &Readme { plan, cross: dockerfile.contains("--platform=$BUILDPLATFORM"), env_vars, open_path },
    )
}

/// Renders template `name` with any serialisable context.
pub fn render_named<T: Serialize>(name: &str, ctx: &T) -> Result<String> {
    let env = environment();
    let tmpl = env.get_template(name).map_err(|e| render_error(name, &e))?;
    let out = tmpl.render(Value::from(minijinja::value::Serde(ctx))).map_err(|e| render_error(name, &e))?;
    Ok(tidy(&out))
}

fn render_one(name: &str, plan: &Plan) -> Result<String> {
    let env = environment();
    let tmpl = env.get_template(name).map_err(|e| render_error(name, &e))?;
    let out = tmpl
        .render(Value::from(minijinja::value::Serde(plan)))
        .map_err(|e| render_error(name, &e))?;
    Ok(tidy(&out))
}

/// Collapses runs of blank lines left by conditional blocks.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = 0;
    for line in s.lines() {
        if line.trim().is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.trim_start_matches('\n').to_string()
}

fn render_error(name: &str, e: &Error) -> anyhow::Error {
    // An error in an included template is nested: report the innermost.
    let mut e = e;
    while let Some(inner) = std::error::Error::source(e).and_then(|s| s.downcast_ref::<Error>()) {
        e = inner;
    }
    let at = match (e.name(), e.line()) {
        (Some(n), Some(l)) => format!("{n} line {l}"),
        (Some(n), None) => n.to_string(),
        _ => name.to_string(),
    };
    let what = e.detail().map(str::to_string).unwrap_or_else(|| e.kind().to_string());
    // A template of the user's: their file, line and what is wrong.
    let failing = e.name().unwrap_or(name);
    if let Some(shown) = crate::overlay::source_of(&format!("templates/{failing}")) {
        let line = e.line().map(|l| format!(" line {l}")).unwrap_or_default();
        // The line itself, which names the variable or filter at fault.
        let text = crate::overlay::read(&format!("templates/{failing}")).ok().flatten().map(|(_, t)| t).unwrap_or_default();
        let quoted = e.line().and_then(|l| text.lines().nth(l.saturating_sub(1))).map(|l| format!(" in `{}`", l.trim().chars().take(120).collect::<String>())).unwrap_or_default();
        return crate::error::fail(
            crate::error::Kind::Config,
            crate::text::printable(&format!("{shown}{line}: {what}{quoted}; fix your template (docs/templates.md lists what a template can use)")),
        );
    }
    anyhow!(
        "dockgen bug: template {at}: {what}. Please report it with the output of `dockgen detect --json`"
    )
}

/// `["a", "b"]`: a JSON array, which is exactly Dockerfile exec form.
fn exec_form(v: Value) -> Result<String, Error> {
    let items: Vec<String> = v
        .try_iter()
        .map_err(|_| Error::new(ErrorKind::InvalidOperation, "exec_form needs a list"))?
        .map(|i| {
            i.as_str()
                .map(str::to_string)
                .ok_or_else(|| Error::new(ErrorKind::InvalidOperation, "exec_form needs strings"))
        })
        .collect::<Result<_, _>>()?;
    escape::exec_form(&items).map_err(|e| Error::new(ErrorKind::InvalidOperation, e.to_string()))
}

fn shell_quote(s: &str) -> String {
    escape::shell_quote(s)
}

fn comment(s: &str) -> String {
    escape::comment(s)
}

fn template_error(msg: &str) -> Result<Value, Error> {
    Err(Error::new(ErrorKind::InvalidOperation, msg.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exec_form_escapes_every_invisible_character() {
        let argv = Value::from(vec!["a\u{9c}b", "\u{7f}", "\u{2028}", "\u{202e}x", "plain"]);
        let out = exec_form(argv).unwrap();
        assert_eq!(out, r#"["a\u009cb","\u007f","\u2028","\u202ex","plain"]"#);
        let back: Vec<String> = serde_json::from_str(&out).unwrap();
        assert_eq!(back[0], "a\u{9c}b", "still the same argv once parsed");
    }

    #[test]
    fn every_template_compiles() {
        let env = environment();
        let names = template_names();
        assert!(names.iter().any(|n| n == "dockerignore.j2"), "{names:?}");
        for n in names {
            env.get_template(&n)
                .unwrap_or_else(|e| panic!("{n}: {}", e.display_debug_info()));
        }
    }

    #[test]
    fn every_preset_names_an_existing_template() {
        let names = template_names();
        for p in crate::preset::all() {
            assert!(names.contains(&p.template), "preset {} names missing {}", p.id, p.template);
        }
    }

    #[test]
    fn filters_escape_for_their_place() {
        let v = Value::from(minijinja::value::Serde(vec!["/app/x", "a\"b\nRUN c"]));
        assert_eq!(exec_form(v).unwrap(), r#"["/app/x","a\"b\nRUN c"]"#);
        assert_eq!(shell_quote("./cmd/api"), "./cmd/api");
        assert_eq!(shell_quote("a b'c"), r"'a b'\''c'");
        assert_eq!(shell_quote("$(x)"), "'$(x)'");
        assert_eq!(comment("evil\nRUN rm -rf /\r"), "evil RUN rm -rf /");
    }

    #[test]
    fn undefined_values_are_reported_with_template_and_line() {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.add_template("t.j2", "ok\n{{ nope }}\n").unwrap();
        let err = env.get_template("t.j2").unwrap().render(()).unwrap_err();
        let msg = render_error("t.j2", &err).to_string();
        assert!(msg.contains("template t.j2 line 2"), "{msg}");
    }
}
