//! The Node.js version: .nvmrc, .node-version, engines.node, volta, the
//! project's own Dockerfile, else the preset's current LTS.

use anyhow::{Result, bail};
use serde_json::Value;

use super::*;

/// Node LTS codenames (`lts/iron`), from Node's release schedule. Which
/// line is the current LTS comes from the image catalog's support table.
pub(super) const CODENAMES: &[(u64, &str)] = &[
    (24, "krypton"),
    (22, "jod"),
    (20, "iron"),
    (18, "hydrogen"),
    (16, "gallium"),
    (14, "fermium"),
    (12, "erbium"),
    (10, "dubnium"),
];

/// The newest Node line that is LTS by today (`lts/*`), per the catalog.
fn current_lts() -> Option<u64> {
    let (cat, today) = (crate::images::catalog(), crate::images::today());
    cat.released_lines("node", &today)
        .into_iter()
        .find(|l| cat.cycle("node", l).and_then(|c| c.lts).is_some_and(|d| d <= today.as_str()))
        .and_then(|l| l.parse().ok())
}

/// The newest released Node line (`node`, `latest`, `current`).
fn newest() -> Option<u64> {
    crate::images::catalog().released_lines("node", &crate::images::today()).first().and_then(|l| l.parse().ok())
}

/// What a Node version string asks for: a major, or a range for the
/// catalog to pick a line from. None if it names neither.
pub(super) enum Wanted {
    Major(u64),
    Range(node_semver::Range),
}

pub(super) fn wanted(raw: &str) -> Option<Wanted> {
    let v = raw.trim();
    if let Some(code) = v.strip_prefix("lts/") {
        return match code {
            "*" | "latest" => current_lts(),
            name => CODENAMES.iter().find(|(_, n)| *n == name.to_ascii_lowercase()).map(|(m, _)| *m),
        }
        .map(Wanted::Major);
    }
    match v {
        "lts" => return current_lts().map(Wanted::Major),
        "node" | "latest" | "current" | "stable" => return newest().map(Wanted::Major),
        _ => {}
    }
    let v = v.trim_start_matches('v');
    let major = v.split('.').next()?;
    if !major.is_empty() && major.chars().all(|c| c.is_ascii_digit()) && v.split('.').skip(1).all(|p| p.chars().all(|c| c.is_ascii_digit() || c == 'x')) {
        return major.parse().ok().filter(|m| *m > 0).map(Wanted::Major);
    }
    // A range, in npm's grammar only (anything else is not a range).
    if !v.chars().all(|c| c.is_ascii_digit() || " .xX*^~<>=|-v".contains(c)) {
        return None;
    }
    node_semver::Range::parse(v).ok().map(Wanted::Range)
}

/// A version string as a line, with where it was read (`stated`): a major
/// as written, a range through the catalog.
pub(super) fn line_of(raw: &str, stated: &str) -> Option<Sourced<String>> {
    match wanted(raw)? {
        Wanted::Major(m) => Some(Sourced::new(m.to_string(), stated.to_string())),
        Wanted::Range(r) => crate::detect::pick_line(crate::preset::by_id("node").ok()?, &crate::version::Req::Npm(r), stated),
    }
}

/// A Node version string → its major, if it names one (ranges picked
/// through the catalog).
pub(super) fn major_of(raw: &str) -> Option<u64> {
    line_of(raw, "")?.value.parse().ok()
}

pub(super) fn node_version(index: &DirIndex, pkg: &Pkg, lang_version_flag: bool, warnings: &mut Vec<String>) -> Result<Sourced<String>> {
    for file in [".nvmrc", ".node-version"] {
        if index.has_file(file) {
            let text = index.read(file)?;
            let line = text.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with('#')).unwrap_or("");
            match line_of(line, &format!("{file} ({line})")) {
                Some(v) => return Ok(v),
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
        match line_of(range, &format!("package.json engines.node ({range})")) {
            Some(v) => return Ok(v),
            None => warnings.push(format!("engines.node \"{range}\" is not a version range dockgen understands; ignored")),
        }
    }
    if let Some(volta) = obj(&pkg.json, "volta")?
        && let Some(v) = volta.get("node").and_then(Value::as_str)
        && let Some(found) = line_of(v, &format!("package.json volta.node ({v})"))
    {
        return Ok(found);
    }
    // The project's own Dockerfile states the Node it builds with.
    if let Some((tag, m)) = crate::detect::own_dockerfile_tags(index, "node").into_iter().find_map(|t| tag_major(&t).map(|m| (t, m))) {
        return Ok(Sourced::new(m.to_string(), format!("Dockerfile (FROM node:{tag})")).remembered());
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
