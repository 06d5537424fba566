//! Remembered answers: `dockgen.toml`, beside the generated Dockerfile.
//!
//! `init` records every choice that did not come from detection (flags,
//! wizard answers, the workspace member) so the next `init`, `detect` and
//! `check` reproduce the same files without the flags. Precedence: flag >
//! remembered answer > wizard > detected fact > preset default.
//!
//! The file is a project file like any other: hostile. Each key is checked
//! by the same function that checks its flag, and a mistake names the file
//! and the key.

use anyhow::{Result, bail};
use serde::Serialize;
use std::path::Path;

use crate::compose::Db;
use crate::model::Choices;
use crate::preset::RuntimeKind;
use crate::scan::DirIndex;

/// `--start`, split like a shell would into exec-form argv. A newtype, so
/// clap takes it as one value rather than a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartCommand(pub Vec<String>);

/// A Python extra's name (`s3`, `deploy`): letters, digits, `-`, `_`, `.`.
pub fn extra_name(s: &str) -> Result<String, String> {
    let ok = !s.is_empty() && s.len() <= 64 && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok { Ok(s.to_string()) } else { Err(format!("{} is not an extra's name (letters, digits, - _ .)", crate::text::printable(s))) }
}

pub fn parse_start(s: &str) -> Result<StartCommand, String> {
    let argv = shell_words::split(s).map_err(|e| format!("{e}; quote it like a shell command"))?;
    if argv.is_empty() {
        return Err("the start command is empty".to_string());
    }
    if argv.iter().any(|a| a.chars().any(|c| c.is_control())) {
        return Err("the start command contains control characters".to_string());
    }
    Ok(StartCommand(argv))
}

pub const FILE: &str = "dockgen.toml";
/// The format of dockgen.toml this dockgen reads and writes.
pub const SCHEMA: i64 = 1;

/// Every setting dockgen.toml can hold; `None` is "not chosen": detection
/// (or the preset) decides.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    pub app: Option<String>,
    pub preset: Option<String>,
    pub runtime: Option<RuntimeKind>,
    pub lang_version: Option<String>,
    pub lang_version_from: Option<String>,
    /// Packages with no wheel for that version, which the builder compiles
    /// (PyPI's answer, remembered with it): `name version`.
    pub compiled: Option<Vec<String>>,
    /// Python: optional dependency groups installed with the dependencies.
    pub extras: Option<Vec<String>>,
    pub main: Option<String>,
    pub start: Option<Vec<String>>,
    pub port: Option<u16>,
    pub port_from: Option<String>,
    pub output_dir: Option<String>,
    pub health_path: Option<String>,
    pub healthcheck: Option<bool>,
    pub private_registry: Option<bool>,
    pub compose: Option<bool>,
    pub db: Option<Db>,
    pub dockerignore: Option<bool>,
    pub readme: Option<bool>,
    pub pin: Option<bool>,
}

/// The keys, in file order, each with the comment written above it.
pub const KEYS: &[(&str, &str)] = &[
    ("app", "The workspace member this file is for (--app), relative to the workspace root."),
    ("preset", "The preset, instead of the detected one (--preset; see `dockgen presets`)."),
    ("runtime", "The final image's base: scratch, distroless, alpine or slim (--runtime)."),
    ("lang-version", "The toolchain version, instead of the one the project's files give (--lang-version)."),
    ("lang-version-from", "Where that version was read: a file dockgen replaced (your Dockerfile), or PyPI's answer."),
    ("compiled", "Packages PyPI has no wheel of for that version: the builder compiles them (remembered with it)."),
    ("extras", "Python: the optional dependency groups to install too (--extra; read from your Dockerfile's `pip install .[…]`)."),
    ("main", "What to ship when there are several: main package, class, binary or project (--main)."),
    ("start", "The command that starts the app, split like a shell (--start)."),
    ("port", "The port the app listens on (--port)."),
    ("port-from", "Where that port was read, when dockgen replaced the file that said it (your Dockerfile)."),
    ("output-dir", "The folder the build writes (--output-dir)."),
    ("health-path", "The path the HEALTHCHECK asks for (--health-path)."),
    ("healthcheck", "false: no HEALTHCHECK (--no-healthcheck; --healthcheck turns it back on)."),
    ("private-registry", "true: install through a private registry, its credentials a build secret (--private-registry)."),
    ("compose", "true: also write compose.yaml (--compose; --no-compose turns it off)."),
    ("db", "The database service in compose.yaml: postgres, mysql or redis (--db)."),
    ("dockerignore", "false: no .dockerignore (--no-dockerignore)."),
    ("readme", "false: no README.Docker.md (--no-readme)."),
    ("pin", "true: every base pinned by digest, resolved at each init (--pin; --no-pin turns it off)."),
];

impl Settings {
    /// `self` where set, else `under`: flags over remembered answers.
    pub fn over(&self, under: &Settings) -> Settings {
        // --no-compose also drops a remembered database.
        let db = match (self.db, self.compose) {
            (Some(d), _) => Some(d),
            (None, Some(false)) => None,
            (None, _) => under.db,
        };
        Settings {
            app: self.app.clone().or_else(|| under.app.clone()),
            preset: self.preset.clone().or_else(|| under.preset.clone()),
            runtime: self.runtime.or(under.runtime),
            // A flag's version has no other origin than the flag.
            lang_version_from: if self.lang_version.is_some() { self.lang_version_from.clone() } else { under.lang_version_from.clone() },
            compiled: if self.lang_version.is_some() { self.compiled.clone() } else { under.compiled.clone() },
            lang_version: self.lang_version.clone().or_else(|| under.lang_version.clone()),
            extras: self.extras.clone().or_else(|| under.extras.clone()),
            main: self.main.clone().or_else(|| under.main.clone()),
            start: self.start.clone().or_else(|| under.start.clone()),
            port_from: if self.port.is_some() { self.port_from.clone() } else { under.port_from.clone() },
            port: self.port.or(under.port),
            output_dir: self.output_dir.clone().or_else(|| under.output_dir.clone()),
            health_path: self.health_path.clone().or_else(|| under.health_path.clone()),
            healthcheck: self.healthcheck.or(under.healthcheck),
            private_registry: self.private_registry.or(under.private_registry),
            compose: self.compose.or(under.compose),
            db,
            dockerignore: self.dockerignore.or(under.dockerignore),
            readme: self.readme.or(under.readme),
            pin: self.pin.or(under.pin),
        }
    }

    /// What the planner takes.
    pub fn choices(&self) -> Choices {
        Choices {
            preset: self.preset.clone(),
            runtime: self.runtime,
            lang_version: self.lang_version.clone(),
            lang_version_from: self.lang_version_from.clone(),
            compiled: self.compiled.clone(),
            extras: self.extras.clone(),
            port: self.port,
            port_from: self.port_from.clone(),
            main: self.main.clone(),
            start: self.start.clone(),
            output_dir: self.output_dir.clone(),
            health_path: self.health_path.clone(),
            no_healthcheck: self.healthcheck == Some(false),
            private_registry: self.private_registry == Some(true),
            compose: self.compose == Some(true),
            db: self.db,
            app: self.app.clone(),
            ask_pypi: false,
        }
    }

    /// The settings behind `choices` (after the wizard), with the file
    /// switches: what `init` records. Defaults are left out.
    pub fn recorded(choices: &Choices, dockerignore: bool, readme: bool, pin: bool) -> Settings {
        Settings {
            app: choices.app.clone().filter(|a| a != "."),
            preset: choices.preset.clone(),
            runtime: choices.runtime,
            lang_version: choices.lang_version.clone(),
            lang_version_from: choices.lang_version_from.clone(),
            compiled: choices.compiled.clone(),
            extras: choices.extras.clone(),
            main: choices.main.clone(),
            start: choices.start.clone(),
            port: choices.port,
            port_from: choices.port_from.clone(),
            output_dir: choices.output_dir.clone(),
            health_path: choices.health_path.clone(),
            healthcheck: choices.no_healthcheck.then_some(false),
            private_registry: choices.private_registry.then_some(true),
            compose: (choices.compose && choices.db.is_none()).then_some(true),
            db: choices.db,
            dockerignore: (!dockerignore).then_some(false),
            readme: (!readme).then_some(false),
            pin: pin.then_some(true),
        }
    }

    pub fn dockerignore(&self) -> bool {
        self.dockerignore != Some(false)
    }

    pub fn readme(&self) -> bool {
        self.readme != Some(false)
    }

    pub fn pin(&self) -> bool {
        self.pin == Some(true)
    }

    /// Each set key and its value as TOML (escaped by the TOML writer).
    pub fn entries(&self) -> Vec<(&'static str, String)> {
        let s = |v: &str| toml_string(v);
        let b = |v: bool| v.to_string();
        let mut out: Vec<(&'static str, String)> = Vec::new();
        let mut put = |k: &'static str, v: Option<String>| {
            if let Some(v) = v {
                out.push((k, v));
            }
        };
        put("app", self.app.as_deref().map(s));
        put("preset", self.preset.as_deref().map(s));
        put("runtime", self.runtime.map(|r| s(r.as_str())));
        put("lang-version", self.lang_version.as_deref().map(s));
        put("lang-version-from", self.lang_version_from.as_deref().map(s));
        let list = |c: &Vec<String>| format!("[{}]", c.iter().map(|v| s(v)).collect::<Vec<_>>().join(", "));
        put("compiled", self.compiled.as_ref().map(list));
        put("extras", self.extras.as_ref().map(list));
        put("main", self.main.as_deref().map(s));
        put("start", self.start.as_ref().map(|a| s(&shell_words::join(a))));
        put("port", self.port.map(|p| p.to_string()));
        put("port-from", self.port_from.as_deref().map(s));
        put("output-dir", self.output_dir.as_deref().map(s));
        put("health-path", self.health_path.as_deref().map(s));
        put("healthcheck", self.healthcheck.map(b));
        put("private-registry", self.private_registry.map(b));
        put("compose", self.compose.map(b));
        put("db", self.db.map(|d| s(db_name(d))));
        put("dockerignore", self.dockerignore.map(b));
        put("readme", self.readme.map(b));
        put("pin", self.pin.map(b));
        out
    }
}

/// A one-line TOML basic string: quotes, backslashes and every control or
/// invisible character escaped, so a value never starts a line of its own.
fn toml_string(v: &str) -> String {
    let mut out = String::from('"');
    for c in v.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if crate::text::invisible(c) => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn db_name(d: Db) -> &'static str {
    match d {
        Db::Postgres => "postgres",
        Db::Mysql => "mysql",
        Db::Redis => "redis",
    }
}

/// The file as dockgen writes it: a schema version and a comment per key.
pub fn render(settings: &Settings) -> Result<String> {
    #[derive(Serialize)]
    struct Entry {
        key: &'static str,
        value: String,
        comment: &'static str,
    }
    let entries: Vec<Entry> = settings
        .entries()
        .into_iter()
        .map(|(key, value)| Entry { key, value, comment: KEYS.iter().find(|(k, _)| *k == key).map(|(_, c)| *c).unwrap_or("") })
        .collect();
    #[derive(Serialize)]
    struct File {
        schema: i64,
        entries: Vec<Entry>,
    }
    crate::render::render_named("dockgen.toml.j2", &File { schema: SCHEMA, entries })
}

/// Reads `dockgen.toml` in `dir`, if there is one.
pub fn load(dir: &Path) -> Result<Option<Settings>> {
    let index = DirIndex::scan(dir)?;
    if !index.has_file(FILE) {
        return Ok(None);
    }
    let shown = dir.join(FILE).display().to_string();
    let text = index.read(FILE)?;
    parse(&text, &shown).map(Some)
}

/// Parses and checks the text of a dockgen.toml; `shown` names the file in
/// errors.
pub fn parse(text: &str, shown: &str) -> Result<Settings> {
    let table: toml::Table = match text.parse() {
        Ok(t) => t,
        Err(e) => bail!("{shown}: not valid TOML ({}); fix it, or delete the file and run `dockgen init` with your flags", crate::text::printable(e.message())),
    };
    let mut s = Settings::default();
    match table.get("schema") {
        Some(toml::Value::Integer(SCHEMA)) => {}
        Some(toml::Value::Integer(n)) if *n > SCHEMA => bail!("{shown}: schema {n} is from a newer dockgen (this one reads schema {SCHEMA}); update dockgen"),
        _ => bail!("{shown}: `schema = {SCHEMA}` is missing or wrong; put it back as the first line"),
    }
    for (key, value) in &table {
        let key = key.as_str();
        if key == "schema" {
            continue;
        }
        let bad = |what: &str| anyhow::anyhow!("{shown}: key `{}`: {what}; fix the value or delete the line", crate::text::printable(key));
        let string = || value.as_str().map(str::to_string).ok_or_else(|| bad("must be a string in quotes"));
        let boolean = || value.as_bool().ok_or_else(|| bad("must be true or false"));
        let checked = |r: Result<String>| r.map_err(|e| bad(&e.to_string()));
        let short_line = || string().and_then(|v| if v.len() > 200 || v.chars().any(crate::text::invisible) { Err(bad("must be one short line")) } else { Ok(v) });
        // A list of strings, each checked by `item`.
        let list = |item: &dyn Fn(&str) -> Result<String, String>| -> Result<Vec<String>> {
            let items = value.as_array().ok_or_else(|| bad("must be a list of strings"))?;
            items.iter().map(|v| item(v.as_str().ok_or_else(|| bad("must be a list of strings"))?).map_err(|e| bad(&e))).collect()
        };
        match key {
            "app" => s.app = Some(checked(crate::workspace::app_flag(&string()?))?),
            "preset" => s.preset = Some(checked(crate::preset::by_id(&string()?).map(|p| p.id.clone()))?),
            "runtime" => {
                let v = string()?;
                s.runtime = Some(<RuntimeKind as clap::ValueEnum>::from_str(&v, false).map_err(|_| bad(&format!("{} is not a runtime; use scratch, distroless, alpine or slim", crate::text::printable(&v))))?);
            }
            "lang-version" => s.lang_version = Some(string()?),
            "lang-version-from" => s.lang_version_from = Some(short_line()?),
            "compiled" => {
                let short = |v: &str| if v.len() <= 200 && !v.chars().any(crate::text::invisible) { Ok(v.to_string()) } else { Err("must be a list of short strings (`name version`)".to_string()) };
                s.compiled = Some(list(&short)?);
            }
            "extras" => s.extras = Some(list(&extra_name)?),
            "main" => s.main = Some(string()?),
            "start" => s.start = Some(parse_start(&string()?).map_err(|e| bad(&e))?.0),
            "port" => {
                let n = value.as_integer().ok_or_else(|| bad("must be a number"))?;
                s.port = Some(u16::try_from(n).ok().filter(|p| *p > 0).ok_or_else(|| bad(&format!("{n} is not a port (1 to 65535)")))?);
            }
            "port-from" => s.port_from = Some(short_line()?),
            "output-dir" => s.output_dir = Some(checked(crate::model::output_dir_flag(&string()?))?),
            "health-path" => s.health_path = Some(checked(crate::model::health_path(&string()?))?),
            "healthcheck" => s.healthcheck = Some(boolean()?),
            "private-registry" => s.private_registry = Some(boolean()?),
            "compose" => s.compose = Some(boolean()?),
            "db" => {
                let v = string()?;
                s.db = Some(<Db as clap::ValueEnum>::from_str(&v, false).map_err(|_| bad(&format!("{} is not a database; use postgres, mysql or redis", crate::text::printable(&v))))?);
            }
            "dockerignore" => s.dockerignore = Some(boolean()?),
            "readme" => s.readme = Some(boolean()?),
            "pin" => s.pin = Some(boolean()?),
            other => bail!(
                "{shown}: unknown key `{}`; the keys are schema, {}",
                crate::text::printable(other),
                KEYS.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(", ")
            ),
        }
    }
    if s.lang_version_from.is_some() && s.lang_version.is_none() {
        bail!("{shown}: `lang-version-from` without `lang-version`; delete it");
    }
    if s.port_from.is_some() && s.port.is_none() {
        bail!("{shown}: `port-from` without `port`; delete it");
    }
    if s.compiled.is_some() && s.lang_version.is_none() {
        bail!("{shown}: `compiled` without `lang-version`; delete it");
    }
    if s.compose == Some(false) && s.db.is_some() {
        bail!("{shown}: `compose = false` with a `db`; a database needs compose.yaml: delete one of the two lines");
    }
    Ok(s)
}

/// The settings of one run: the flags over the answers remembered in the
/// app's folder (`PATH`, or `PATH/<--app>` at a workspace root).
#[derive(Debug, Clone)]
pub struct Loaded {
    pub settings: Settings,
    /// What the file said, when there is one.
    pub remembered: Option<Settings>,
    /// Where the file is (or would be).
    pub file: std::path::PathBuf,
}

pub fn with_remembered(path: &Path, flags: &Settings, use_file: bool) -> Result<Loaded> {
    let dir = match &flags.app {
        Some(app) => path.join(crate::workspace::app_flag(app)?),
        None => path.to_path_buf(),
    };
    let remembered = if use_file && dir.is_dir() { load(&dir).map_err(|e| crate::error::with_default_kind(e, crate::error::Kind::Config))? } else { None };
    // A member's file names its member: a check, not a choice (the folder
    // already is the member).
    let under = remembered.clone().map(|r| Settings { app: None, ..r }).unwrap_or_default();
    Ok(Loaded { settings: flags.over(&under), remembered, file: dir.join(FILE) })
}

impl Loaded {
    /// A planning error caused by a remembered value names the file and key.
    fn explain(&self, flags: &Settings, err: anyhow::Error) -> anyhow::Error {
        let Some(r) = &self.remembered else { return err };
        let msg = err.to_string();
        let flagged = flags.entries();
        let from_file = r.entries().into_iter().map(|(k, _)| k).filter(|k| !flagged.iter().any(|(f, _)| f == k));
        for key in from_file {
            if msg.contains(&format!("--{key}")) {
                return crate::error::fail(crate::error::Kind::Config, format!("{}: key `{key}`: {msg}; fix the value or delete the line", self.file.display()));
            }
        }
        err
    }

    /// The files besides the Dockerfile that these settings ask for.
    pub fn extras(&self) -> crate::pipeline::Extras {
        crate::pipeline::Extras { dockerignore: self.settings.dockerignore(), readme: self.settings.readme() }
    }

    /// Plans `path` with `choices` (these settings, or what the wizard
    /// made of them): an error a remembered value caused names its key, and
    /// a member's file must name that member.
    pub fn plan(&self, path: &Path, flags: &Settings, choices: &Choices) -> Result<crate::model::Plan> {
        let plan = crate::pipeline::plan_for(path, choices).map_err(|e| self.explain(flags, e))?;
        self.check_member(plan.workspace.as_ref().map(|w| w.member.as_str()).filter(|m| *m != "."))?;
        Ok(plan)
    }

    /// The file's `app` must be the member the folder is.
    fn check_member(&self, member: Option<&str>) -> Result<()> {
        let Some(want) = self.remembered.as_ref().and_then(|r| r.app.as_deref()) else { return Ok(()) };
        match member {
            Some(m) if m == want => Ok(()),
            Some(m) => Err(crate::error::fail(crate::error::Kind::Config, format!("{}: key `app` is {} but this folder is member {m} of its workspace; fix the value or delete the line", self.file.display(), crate::text::printable(want)))),
            None => Err(crate::error::fail(crate::error::Kind::Config, format!("{}: key `app` is {} but this folder is not in a workspace; delete the line", self.file.display(), crate::text::printable(want)))),
        }
    }

    /// Writes what this run chose; returns the lines to show (the file,
    /// and what the flags changed in it).
    pub fn save(&self, dir: &Path, recorded: &Settings) -> Result<Vec<String>> {
        let mut out = Vec::new();
        if let Some(old) = &self.remembered {
            let changed = changes(old, recorded);
            if !changed.is_empty() {
                out.push(format!("{} changes (the flags win; regenerating now gives this):", FILE));
                out.extend(changed.into_iter().map(|l| format!("  {l}")));
            }
        }
        let file = crate::render::OutputFile::new(crate::render::FileKind::Config, FILE, render(recorded)?);
        for outcome in crate::write::write_all(dir, &[file], true)? {
            out.push(match outcome {
                crate::write::Outcome::Created(p) => format!("Created {} ({}; commit it)", p.display(), remembers(recorded)),
                crate::write::Outcome::Replaced { path, backup } => format!("Updated {} (the previous version is kept as {})", path.display(), backup.display()),
                crate::write::Outcome::Unchanged(p) => format!("Unchanged {}", p.display()),
            });
        }
        Ok(out)
    }
}

fn remembers(s: &Settings) -> String {
    let keys: Vec<&str> = s.entries().into_iter().map(|(k, _)| k).collect();
    if keys.is_empty() { "nothing beyond detection to remember yet".to_string() } else { format!("remembers {}", keys.join(", ")) }
}

/// What the flags changed in remembered answers: `- key = old` / `+ key =
/// new` lines, for the user to see what regeneration will now do.
pub fn changes(old: &Settings, new: &Settings) -> Vec<String> {
    let old_e = old.entries();
    let new_e = new.entries();
    let mut out = Vec::new();
    for (key, _) in KEYS {
        let a = old_e.iter().find(|(k, _)| k == key).map(|(_, v)| v);
        let b = new_e.iter().find(|(k, _)| k == key).map(|(_, v)| v);
        if a != b {
            if let Some(a) = a {
                out.push(format!("- {key} = {}", crate::text::printable(a)));
            }
            if let Some(b) = b {
                out.push(format!("+ {key} = {}", crate::text::printable(b)));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
