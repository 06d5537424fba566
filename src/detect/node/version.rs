//! The Node.js version: .nvmrc, .node-version, engines.node, volta, the
//! project's own Dockerfile, else the preset's current LTS.

use anyhow::{Result, bail};
use serde_json::Value;

use super::*;

/// Node LTS majors, newest first, and their codenames (`lts/iron`); 26's
/// codename is not in this table yet, so `lts/*` is the way to name it.
pub(super) const LTS: &[(u64, &str)] = &[
    (26, ""),
    (24, "krypton"),
    (22, "jod"),
    (20, "iron"),
    (18, "hydrogen"),
    (16, "gallium"),
    (14, "fermium"),
    (12, "erbium"),
    (10, "dubnium"),
];

/// A Node version string → its major, if it names one.
pub(super) fn major_of(raw: &str) -> Option<u64> {
    let v = raw.trim();
    if let Some(code) = v.strip_prefix("lts/") {
        return match code {
            "*" | "latest" => Some(LTS[0].0),
            name => LTS.iter().find(|(_, n)| *n == name.to_ascii_lowercase()).map(|(m, _)| *m),
        };
    }
    if matches!(v, "node" | "latest" | "current" | "stable" | "lts") {
        return Some(LTS[0].0);
    }
    let v = v.trim_start_matches('v');
    let major = v.split('.').next()?;
    if !major.is_empty() && major.chars().all(|c| c.is_ascii_digit()) && v.split('.').skip(1).all(|p| p.chars().all(|c| c.is_ascii_digit() || c == 'x')) {
        return major.parse().ok().filter(|m| *m > 0);
    }
    // A range: the newest LTS it allows, else its lowest major. Only the
    // characters of npm's range grammar; anything else is not a range.
    if !v.chars().all(|c| c.is_ascii_digit() || " .xX*^~<>=|-v".contains(c)) {
        return None;
    }
    let range = node_semver::Range::parse(v).ok()?;
    for (m, _) in LTS {
        if range.satisfies(&node_semver::Version::parse(format!("{m}.0.0")).ok()?) {
            return Some(*m);
        }
    }
    range.min_version().map(|v| v.major).filter(|m| *m > 0)
}

pub(super) fn node_version(index: &DirIndex, pkg: &Pkg, lang_version_flag: bool, warnings: &mut Vec<String>) -> Result<Sourced<String>> {
    for file in [".nvmrc", ".node-version"] {
        if index.has_file(file) {
            let text = index.read(file)?;
            let line = text.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with('#')).unwrap_or("");
            match major_of(line) {
                Some(m) => return Ok(Sourced::new(m.to_string(), format!("{file} ({line})"))),
                None if lang_version_flag => warnings.push(format!("{file} says \"{line}\", which is not a Node.js version; --lang-version decides")),
                None => bail!("{file} says \"{line}\", which is not a Node.js version; write a major such as 22 or lts/jod there, or pass --lang-version"),
            }
        }
    }
    if let Some(engines) = obj(&pkg.json, "engines")?
        && let Some(range) = engines.get("node")
    {
        let Some(range) = range.as_str() else {
            bail!("package.json: engines.node must be a string such as \">=20\", but it is {}; fix the file", kind_of(range));
        };
        match major_of(range) {
            Some(m) => return Ok(Sourced::new(m.to_string(), format!("package.json engines.node ({range})"))),
            None => warnings.push(format!("engines.node \"{range}\" is not a version range dockgen understands; ignored")),
        }
    }
    if let Some(volta) = obj(&pkg.json, "volta")?
        && let Some(v) = volta.get("node").and_then(Value::as_str)
        && let Some(m) = major_of(v)
    {
        return Ok(Sourced::new(m.to_string(), format!("package.json volta.node ({v})")));
    }
    // The project's own Dockerfile states the Node it builds with.
    if let Some((tag, m)) = crate::detect::own_dockerfile_tags(index, "node").into_iter().find_map(|t| tag_major(&t).map(|m| (t, m))) {
        return Ok(Sourced::new(m.to_string(), format!("Dockerfile (FROM node:{tag})")));
    }
    let preset = crate::preset::by_id("node")?;
    Ok(Sourced::new(
        preset.default_version.clone(),
        format!("{}, checked {} (no .nvmrc, .node-version, engines.node or Dockerfile)", preset.default_version_is, preset.default_version_checked),
    ))
}

/// A node image tag's major: `20.20.2-alpine` → 20; `lts` → none.
pub(super) fn tag_major(tag: &str) -> Option<u64> {
    tag.split(['.', '-']).next()?.parse().ok()
}
