//! The user's choices: one type, [`Choices`], whatever said them. clap's
//! flags convert into it (`cli::ChoiceArgs::to_choices`), dockgen.toml
//! deserialises into it (serde, each key checked by the function that
//! checks its flag), the wizard fills its gaps, and the planner reads it.
//! `None` is "not chosen": the detected fact or the preset's default.
//!
//! Below the plan: it knows the presets and the compose services it
//! names, nothing that plans.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;

use crate::compose::Db;
use crate::mirror::ImageRules;
use crate::preset::RuntimeKind;
use crate::text::printable;

/// The settings a person chooses, in dockgen.toml's order (the field names,
/// kebab-case, are its keys).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Choices {
    /// `--app`: the workspace member to build, run from the root.
    #[serde(default, deserialize_with = "de::app", skip_serializing_if = "Option::is_none")]
    pub app: Option<String>,
    #[serde(default, deserialize_with = "de::preset", skip_serializing_if = "Option::is_none")]
    pub preset: Option<String>,
    #[serde(default, deserialize_with = "de::runtime", serialize_with = "ser::runtime", skip_serializing_if = "Option::is_none")]
    pub runtime: Option<RuntimeKind>,
    #[serde(default, deserialize_with = "de::string", skip_serializing_if = "Option::is_none")]
    pub lang_version: Option<String>,
    /// Where a remembered version was first read, when dockgen replaced
    /// that file (the project's own Dockerfile) or asked PyPI.
    #[serde(default, deserialize_with = "de::short_line", skip_serializing_if = "Option::is_none")]
    pub lang_version_from: Option<String>,
    /// Packages with no wheel for that version, which the builder compiles
    /// (PyPI's answer, remembered with it): `name version`.
    #[serde(default, deserialize_with = "de::compiled", skip_serializing_if = "Option::is_none")]
    pub compiled: Option<Vec<String>>,
    /// Python: optional dependency groups to install (`--extra`).
    #[serde(default, deserialize_with = "de::extras", skip_serializing_if = "Option::is_none")]
    pub extras: Option<Vec<String>>,
    /// `--main`: what to ship when there are several.
    #[serde(default, deserialize_with = "de::string", skip_serializing_if = "Option::is_none")]
    pub main: Option<String>,
    /// The start command, as argv (from `--start`, split like a shell).
    #[serde(default, deserialize_with = "de::start", serialize_with = "ser::start", skip_serializing_if = "Option::is_none")]
    pub start: Option<Vec<String>>,
    #[serde(default, deserialize_with = "de::port", skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    /// Where a remembered port was first read (the project's own Dockerfile).
    #[serde(default, deserialize_with = "de::short_line", skip_serializing_if = "Option::is_none")]
    pub port_from: Option<String>,
    /// Node: the folder the build writes (a static site, compiled JS).
    #[serde(default, deserialize_with = "de::output_dir", skip_serializing_if = "Option::is_none")]
    pub output_dir: Option<String>,
    /// The path the HEALTHCHECK probes (`--health-path`, default `/`).
    #[serde(default, deserialize_with = "de::health_path", skip_serializing_if = "Option::is_none")]
    pub health_path: Option<String>,
    /// `Some(false)`: no HEALTHCHECK (`--no-healthcheck`).
    #[serde(default, deserialize_with = "de::boolean", skip_serializing_if = "Option::is_none")]
    pub healthcheck: Option<bool>,
    /// Install through a registry that needs credentials.
    #[serde(default, deserialize_with = "de::boolean", skip_serializing_if = "Option::is_none")]
    pub private_registry: Option<bool>,
    /// Also write compose.yaml (`--compose`; `--db` implies it).
    #[serde(default, deserialize_with = "de::boolean", skip_serializing_if = "Option::is_none")]
    pub compose: Option<bool>,
    #[serde(default, deserialize_with = "de::db", serialize_with = "ser::db", skip_serializing_if = "Option::is_none")]
    pub db: Option<Db>,
    /// `Some(false)`: no .dockerignore.
    #[serde(default, deserialize_with = "de::boolean", skip_serializing_if = "Option::is_none")]
    pub dockerignore: Option<bool>,
    /// `Some(false)`: no README.Docker.md.
    #[serde(default, deserialize_with = "de::boolean", skip_serializing_if = "Option::is_none")]
    pub readme: Option<bool>,
    /// Every base pinned by digest at each init.
    #[serde(default, deserialize_with = "de::boolean", skip_serializing_if = "Option::is_none")]
    pub pin: Option<bool>,
    /// Where images are pulled from (`--mirror`, `--image`, `[images]`).
    #[serde(default, skip_serializing_if = "ImageRules::is_empty")]
    pub images: ImageRules,
    /// The user-level config's `[images]`, under the project's and the
    /// flags': used, never recorded in the project's dockgen.toml.
    #[serde(skip)]
    pub user_images: ImageRules,
    /// Ask PyPI which Python has wheels of the pins: how this run may work
    /// (`init` and `detect` without `--offline`; never `check`), not a
    /// choice to remember.
    #[serde(skip)]
    pub ask_pypi: bool,
    /// Who said each choice that is set, by its key (`port`): a flag when
    /// not listed.
    #[serde(skip)]
    pub said: BTreeMap<String, Said>,
}

/// Who said a choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Said {
    /// A command-line flag.
    #[default]
    Flag,
    /// dockgen.toml, remembered from an earlier `init`.
    Remembered,
    /// An answer to the wizard.
    Wizard,
}

impl Choices {
    pub fn no_healthcheck(&self) -> bool {
        self.healthcheck == Some(false)
    }

    pub fn private_registry(&self) -> bool {
        self.private_registry == Some(true)
    }

    /// compose.yaml too: `--compose`, or a database (which needs it).
    pub fn compose(&self) -> bool {
        self.compose == Some(true) || self.db.is_some()
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

    /// The keys set, as dockgen.toml names them.
    fn keys(&self) -> BTreeMap<String, toml::Value> {
        match toml::Value::try_from(self) {
            Ok(toml::Value::Table(t)) => t.into_iter().collect(),
            _ => BTreeMap::new(),
        }
    }

    /// Where `image` is pulled from: the flags' and the project's rules,
    /// then the user's.
    pub fn image(&self, image: &str) -> String {
        self.images.over(&self.user_images).rewrite(image)
    }

    /// Who said the choice under `key`.
    pub fn said(&self, key: &str) -> Said {
        self.said.get(key).copied().unwrap_or_default()
    }

    /// A choice in words, for the files' comments: the flag that sets it
    /// (`--port flag`), whoever said it ([`Choices::said`] tells them
    /// apart for code), so files regenerated from dockgen.toml are
    /// byte-identical to the ones the flags wrote and `check` sees no drift.
    pub fn source(&self, key: &str) -> String {
        format!("--{key} flag")
    }

    /// Marks every choice that differs from `before` as `said` by `who`
    /// (the wizard's answers).
    pub fn mark_changed(&mut self, before: &Choices, who: Said) {
        let old = before.keys();
        for (k, v) in self.keys() {
            if old.get(&k) != Some(&v) {
                self.said.insert(k, who);
            }
        }
    }

    /// `self` where set, else `under`: flags over remembered answers.
    pub fn over(&self, under: &Choices) -> Choices {
        let or = |a: &Option<String>, b: &Option<String>| a.clone().or_else(|| b.clone());
        // --no-compose also drops a remembered database.
        let db = match (self.db, self.compose) {
            (Some(d), _) => Some(d),
            (None, Some(false)) => None,
            (None, _) => under.db,
        };
        // A flag's version or port has no other origin than the flag.
        let (lang_version_from, compiled) = if self.lang_version.is_some() { (self.lang_version_from.clone(), self.compiled.clone()) } else { (under.lang_version_from.clone(), under.compiled.clone()) };
        Choices {
            app: or(&self.app, &under.app),
            preset: or(&self.preset, &under.preset),
            runtime: self.runtime.or(under.runtime),
            lang_version: or(&self.lang_version, &under.lang_version),
            lang_version_from,
            compiled,
            extras: self.extras.clone().or_else(|| under.extras.clone()),
            main: or(&self.main, &under.main),
            start: self.start.clone().or_else(|| under.start.clone()),
            port: self.port.or(under.port),
            port_from: if self.port.is_some() { self.port_from.clone() } else { under.port_from.clone() },
            output_dir: or(&self.output_dir, &under.output_dir),
            health_path: or(&self.health_path, &under.health_path),
            healthcheck: self.healthcheck.or(under.healthcheck),
            private_registry: self.private_registry.or(under.private_registry),
            compose: self.compose.or(under.compose),
            db,
            dockerignore: self.dockerignore.or(under.dockerignore),
            readme: self.readme.or(under.readme),
            pin: self.pin.or(under.pin),
            images: self.images.over(&under.images),
            user_images: self.user_images.over(&under.user_images),
            ask_pypi: self.ask_pypi || under.ask_pypi,
            said: BTreeMap::new(),
        }
        .said_over(self, under)
    }

    /// `said` after [`Choices::over`]: what `self` set keeps its word, what
    /// came from `under` is remembered.
    fn said_over(mut self, top: &Choices, under: &Choices) -> Choices {
        let (top_keys, under_keys) = (top.keys(), under.keys());
        for k in self.keys().into_keys() {
            let who = if top_keys.contains_key(&k) { top.said(&k) } else if under_keys.contains_key(&k) { Said::Remembered } else { Said::Flag };
            if who != Said::Flag {
                self.said.insert(k, who);
            }
        }
        self
    }

    /// What `init` records: these choices with defaults left out (a
    /// switch only when it is off, compose only without a database).
    pub fn recorded(&self) -> Choices {
        Choices {
            app: self.app.clone().filter(|a| a != "."),
            healthcheck: self.no_healthcheck().then_some(false),
            private_registry: self.private_registry().then_some(true),
            compose: (self.compose() && self.db.is_none()).then_some(true),
            dockerignore: (!self.dockerignore()).then_some(false),
            readme: (!self.readme()).then_some(false),
            pin: self.pin().then_some(true),
            ask_pypi: false,
            said: BTreeMap::new(),
            user_images: ImageRules::default(),
            ..self.clone()
        }
    }
}

/// `--start`, split like a shell would into exec-form argv. A newtype, so
/// clap takes it as one value rather than a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartCommand(pub Vec<String>);

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

/// A Python extra's name (`s3`, `deploy`): letters, digits, `-`, `_`, `.`.
pub fn extra_name(s: &str) -> Result<String, String> {
    let ok = !s.is_empty() && s.len() <= 64 && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok { Ok(s.to_string()) } else { Err(format!("{} is not an extra's name (letters, digits, - _ .)", printable(s))) }
}

/// An `--output-dir`: a relative folder inside the project.
pub fn output_dir_flag(dir: &str) -> anyhow::Result<String> {
    match crate::escape::relative_dir(dir) {
        Some(d) => Ok(d),
        None => anyhow::bail!("--output-dir {dir:?} must be a relative folder inside the project made of letters, digits, '.', '_', '-', '@' and '/', such as dist or build"),
    }
}

/// A `--health-path`: an absolute URL path of plain characters, since it
/// lands inside a probe's program text (JavaScript, Python) as well as argv.
pub fn health_path(p: &str) -> anyhow::Result<String> {
    let ok = p.starts_with('/') && p.len() <= 200 && p.chars().all(|c| c.is_ascii_alphanumeric() || "/-._~%?=&+".contains(c));
    if !ok {
        anyhow::bail!("--health-path {} is not a plain URL path; pass one like /healthz (letters, digits and / - . _ ~ % ? = & + only)", printable(p));
    }
    Ok(p.to_string())
}

/// dockgen.toml's values, each checked as its flag is. The messages say
/// what is wrong with the value; the caller names the file and the key.
mod de {
    use super::*;
    use serde::de::Error;
    use toml::Value;

    type Out<T, E> = Result<Option<T>, E>;

    fn value<'de, D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }

    fn text<E: Error>(v: Value) -> Result<String, E> {
        match v {
            Value::String(s) => Ok(s),
            _ => Err(E::custom("must be a string in quotes")),
        }
    }

    fn checked<E: Error, T>(r: Result<T, impl std::fmt::Display>) -> Result<Option<T>, E> {
        r.map(Some).map_err(|e| E::custom(e.to_string()))
    }

    pub fn string<'de, D: Deserializer<'de>>(d: D) -> Out<String, D::Error> {
        text(value(d)?).map(Some)
    }

    pub fn short_line<'de, D: Deserializer<'de>>(d: D) -> Out<String, D::Error> {
        let v = text::<D::Error>(value(d)?)?;
        if v.len() > 200 || v.chars().any(crate::text::invisible) { Err(D::Error::custom("must be one short line")) } else { Ok(Some(v)) }
    }

    pub fn boolean<'de, D: Deserializer<'de>>(d: D) -> Out<bool, D::Error> {
        value(d)?.as_bool().map(Some).ok_or_else(|| D::Error::custom("must be true or false"))
    }

    pub fn app<'de, D: Deserializer<'de>>(d: D) -> Out<String, D::Error> {
        checked(crate::workspace::app_flag(&text::<D::Error>(value(d)?)?))
    }

    pub fn preset<'de, D: Deserializer<'de>>(d: D) -> Out<String, D::Error> {
        checked(crate::preset::by_id(&text::<D::Error>(value(d)?)?).map(|p| p.id.clone()))
    }

    pub fn runtime<'de, D: Deserializer<'de>>(d: D) -> Out<RuntimeKind, D::Error> {
        let v = text::<D::Error>(value(d)?)?;
        checked(<RuntimeKind as clap::ValueEnum>::from_str(&v, false).map_err(|_| format!("{} is not a runtime; use scratch, distroless, alpine or slim", printable(&v))))
    }

    pub fn db<'de, D: Deserializer<'de>>(d: D) -> Out<Db, D::Error> {
        let v = text::<D::Error>(value(d)?)?;
        checked(<Db as clap::ValueEnum>::from_str(&v, false).map_err(|_| format!("{} is not a database; use postgres, mysql or redis", printable(&v))))
    }

    pub fn start<'de, D: Deserializer<'de>>(d: D) -> Out<Vec<String>, D::Error> {
        checked(parse_start(&text::<D::Error>(value(d)?)?).map(|s| s.0))
    }

    pub fn port<'de, D: Deserializer<'de>>(d: D) -> Out<u16, D::Error> {
        let n = value(d)?.as_integer().ok_or_else(|| D::Error::custom("must be a number"))?;
        checked(u16::try_from(n).ok().filter(|p| *p > 0).ok_or_else(|| format!("{n} is not a port (1 to 65535)")))
    }

    pub fn output_dir<'de, D: Deserializer<'de>>(d: D) -> Out<String, D::Error> {
        checked(output_dir_flag(&text::<D::Error>(value(d)?)?))
    }

    pub fn health_path<'de, D: Deserializer<'de>>(d: D) -> Out<String, D::Error> {
        checked(super::health_path(&text::<D::Error>(value(d)?)?))
    }

    /// A list of strings, each checked by `item`.
    fn list<E: Error>(v: Value, item: &dyn Fn(&str) -> Result<String, String>) -> Out<Vec<String>, E> {
        let items = v.as_array().ok_or_else(|| E::custom("must be a list of strings"))?;
        items.iter().map(|v| item(v.as_str().ok_or_else(|| E::custom("must be a list of strings"))?).map_err(E::custom)).collect::<Result<_, _>>().map(Some)
    }

    pub fn compiled<'de, D: Deserializer<'de>>(d: D) -> Out<Vec<String>, D::Error> {
        let short = |v: &str| if v.len() <= 200 && !v.chars().any(crate::text::invisible) { Ok(v.to_string()) } else { Err("must be a list of short strings (`name version`)".to_string()) };
        list(value(d)?, &short)
    }

    pub fn extras<'de, D: Deserializer<'de>>(d: D) -> Out<Vec<String>, D::Error> {
        list(value(d)?, &extra_name)
    }
}

/// Values written as people type them: a runtime's and a database's name,
/// the start command as one shell line.
mod ser {
    use super::*;

    pub fn runtime<S: Serializer>(r: &Option<RuntimeKind>, s: S) -> Result<S::Ok, S::Error> {
        r.map(|r| r.as_str()).serialize(s)
    }

    pub fn db<S: Serializer>(d: &Option<Db>, s: S) -> Result<S::Ok, S::Error> {
        d.map(|d| match d {
            Db::Postgres => "postgres",
            Db::Mysql => "mysql",
            Db::Redis => "redis",
        })
        .serialize(s)
    }

    pub fn start<S: Serializer>(a: &Option<Vec<String>>, s: S) -> Result<S::Ok, S::Error> {
        a.as_ref().map(shell_words::join).serialize(s)
    }
}
