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
use serde::{Deserialize, Serialize};
use std::path::Path;

pub use crate::choices::{StartCommand, extra_name, parse_start};
use crate::model::Choices;
use crate::scan::DirIndex;
use crate::text::printable;

pub const FILE: &str = "dockgen.toml";
/// The format of dockgen.toml this dockgen reads and writes.
pub const SCHEMA: i64 = 1;

/// The comment written above each key, in file order (the keys are
/// [`Choices`]' serde names; a test keeps the two the same).
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
    ("images", "Where images are pulled from: mirrors by registry (--mirror), and repositories of your own by name (--image)."),
];

/// Each set key and its value as TOML, in file order: serde's names and
/// values, strings escaped by [`toml_string`].
pub fn entries(settings: &Choices) -> Vec<(&'static str, String)> {
    let Ok(toml::Value::Table(table)) = toml::Value::try_from(settings) else { return Vec::new() };
    KEYS.iter()
        .filter_map(|(key, _)| {
            let v = table.get(*key)?;
            Some((*key, value_text(v)))
        })
        .collect()
}

fn value_text(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => toml_string(s),
        toml::Value::Array(items) => format!("[{}]", items.iter().map(value_text).collect::<Vec<_>>().join(", ")),
        toml::Value::Table(t) => format!("{{ {} }}", t.iter().map(|(k, v)| format!("{} = {}", toml_string(k), value_text(v))).collect::<Vec<_>>().join(", ")),
        other => other.to_string(),
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

/// The file as dockgen writes it: a schema version and a comment per key.
pub fn render(settings: &Choices) -> Result<String> {
    #[derive(Serialize)]
    struct Entry {
        key: &'static str,
        value: String,
        comment: &'static str,
    }
    let entries: Vec<Entry> = entries(settings)
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
pub fn load(dir: &Path) -> Result<Option<Choices>> {
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
pub fn parse(text: &str, shown: &str) -> Result<Choices> {
    let table: toml::Table = match text.parse() {
        Ok(t) => t,
        Err(e) => bail!("{shown}: not valid TOML ({}); fix it, or delete the file and run `dockgen init` with your flags", crate::text::printable(e.message())),
    };
    let mut table = table;
    match table.remove("schema") {
        Some(toml::Value::Integer(SCHEMA)) => {}
        Some(toml::Value::Integer(n)) if n > SCHEMA => bail!("{shown}: schema {n} is from a newer dockgen (this one reads schema {SCHEMA}); update dockgen"),
        _ => bail!("{shown}: `schema = {SCHEMA}` is missing or wrong; put it back as the first line"),
    }
    let s = match Choices::deserialize(toml::Value::Table(table.clone())) {
        Ok(s) => s,
        Err(e) => return Err(key_error(shown, &table, e)),
    };
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

/// A value serde refused, as one line naming the file and the key: the
/// key found by trying each alone (serde's error has no position here).
fn key_error(shown: &str, table: &toml::Table, e: toml::de::Error) -> anyhow::Error {
    let alone = |k: &String, v: &toml::Value| Choices::deserialize(toml::Value::Table(toml::Table::from_iter([(k.clone(), v.clone())]))).err();
    let Some((key, err)) = table.iter().find_map(|(k, v)| alone(k, v).map(|e| (k, e))) else {
        return anyhow::anyhow!("{shown}: {}; fix the file", printable(e.message()));
    };
    let key = printable(key);
    if err.message().starts_with("unknown field") {
        return anyhow::anyhow!("{shown}: unknown key `{key}`; the keys are schema, {}", KEYS.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(", "));
    }
    anyhow::anyhow!("{shown}: key `{key}`: {}; fix the value or delete the line", printable(err.message()))
}

/// The settings of one run: the flags over the answers remembered in the
/// app's folder (`PATH`, or `PATH/<--app>` at a workspace root).
#[derive(Debug, Clone)]
pub struct Loaded {
    pub settings: Choices,
    /// What the file said, when there is one.
    pub remembered: Option<Choices>,
    /// Where the file is (or would be).
    pub file: std::path::PathBuf,
}

/// `[images]` of the user-level `config.toml`, if there is one: the
/// platform team's mirrors, under each project's.
pub fn user_images() -> Result<crate::mirror::ImageRules> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct UserConfig {
        #[serde(default)]
        images: crate::mirror::ImageRules,
    }
    let Some(dir) = crate::overlay::user_dir().filter(|d| d.join("config.toml").is_file()) else { return Ok(Default::default()) };
    let shown = dir.join("config.toml").display().to_string();
    let text = DirIndex::scan(&dir)?.read("config.toml")?;
    let config: UserConfig = toml::from_str(&text).map_err(|e| crate::error::fail(crate::error::Kind::Config, format!("{}: {}; fix it (it holds only [images])", printable(&shown), printable(e.message()))))?;
    Ok(config.images)
}

pub fn with_remembered(path: &Path, flags: &Choices, use_file: bool) -> Result<Loaded> {
    let dir = match &flags.app {
        Some(app) => path.join(crate::workspace::app_flag(app)?),
        None => path.to_path_buf(),
    };
    let remembered = if use_file && dir.is_dir() { load(&dir).map_err(|e| crate::error::with_default_kind(e, crate::error::Kind::Config))? } else { None };
    // A member's file names its member: a check, not a choice (the folder
    // already is the member).
    let under = remembered.clone().map(|r| Choices { app: None, ..r }).unwrap_or_default();
    let settings = Choices { user_images: user_images()?, ..flags.over(&under) };
    Ok(Loaded { settings, remembered, file: dir.join(FILE) })
}

impl Loaded {
    /// A planning error caused by a remembered value names the file and key.
    fn explain(&self, flags: &Choices, err: anyhow::Error) -> anyhow::Error {
        let Some(r) = &self.remembered else { return err };
        let msg = err.to_string();
        let flagged = entries(flags);
        let from_file = entries(r).into_iter().map(|(k, _)| k).filter(|k| !flagged.iter().any(|(f, _)| f == k));
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
    pub fn plan(&self, path: &Path, flags: &Choices, choices: &Choices) -> Result<crate::model::Plan> {
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
    pub fn save(&self, dir: &Path, recorded: &Choices) -> Result<Vec<String>> {
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

fn remembers(s: &Choices) -> String {
    let keys: Vec<&str> = entries(s).into_iter().map(|(k, _)| k).collect();
    if keys.is_empty() { "nothing beyond detection to remember yet".to_string() } else { format!("remembers {}", keys.join(", ")) }
}

/// What the flags changed in remembered answers: `- key = old` / `+ key =
/// new` lines, for the user to see what regeneration will now do.
pub fn changes(old: &Choices, new: &Choices) -> Vec<String> {
    let old_e = entries(old);
    let new_e = entries(new);
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
