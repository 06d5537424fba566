//! package.json, read strictly: each field dockgen uses must have the type
//! npm gives it, or the error names the field and the fix.

use anyhow::{Result, bail};
use serde_json::{Map, Value};

use crate::scan::DirIndex;

pub(super) fn obj<'a>(pkg: &'a Map<String, Value>, key: &str) -> Result<Option<&'a Map<String, Value>>> {
    match pkg.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(m)) => Ok(Some(m)),
        Some(other) => bail!(
            "package.json: \"{key}\" must be an object, but it is {}; fix the file",
            kind_of(other)
        ),
    }
}

pub(super) fn string<'a>(pkg: &'a Map<String, Value>, key: &str) -> Result<Option<&'a str>> {
    match pkg.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => bail!(
            "package.json: \"{key}\" must be a string, but it is {}; fix the file",
            kind_of(other)
        ),
    }
}

pub(super) fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[derive(Clone)]
pub(super) struct Pkg {
    pub json: Map<String, Value>,
    pub deps: Vec<String>,
    pub dev_deps: Vec<String>,
}

impl Pkg {
    pub fn has(&self, name: &str) -> bool {
        self.deps.iter().chain(&self.dev_deps).any(|d| d == name)
    }
    pub fn script(&self, name: &str) -> Option<&str> {
        self.json.get("scripts")?.get(name)?.as_str()
    }
}

pub(super) fn read_package_json(index: &DirIndex) -> Result<Pkg> {
    read_package_json_at(index, "package.json")
}

/// A package.json anywhere in the project (a workspace member's); errors
/// name it by that path.
pub(super) fn read_package_json_at(index: &DirIndex, file: &str) -> Result<Pkg> {
    let text = index.read(file)?;
    if text.trim().is_empty() {
        bail!("{file} is empty; write at least {{}} in it, or run `npm init -y`");
    }
    let value: Value = serde_json::from_str(&text).map_err(|e| {
        anyhow::anyhow!(
            "{file} is not valid JSON (line {}, column {}: {}); fix it, for example with `npm pkg fix`",
            e.line(),
            e.column(),
            strip_position(&e.to_string())
        )
    })?;
    let Value::Object(json) = value else {
        bail!("{file} must hold a JSON object, but it holds {}; fix the file", kind_of(&value));
    };
    if let Some(scripts) = obj(&json, "scripts")? {
        for (k, v) in scripts {
            if !v.is_string() {
                bail!("{file}: scripts.{k} must be a string, but it is {}; fix the file", kind_of(v));
            }
        }
    }
    let names = |key: &str| -> Result<Vec<String>> {
        Ok(obj(&json, key)?.map(|m| m.keys().cloned().collect()).unwrap_or_default())
    };
    let deps = names("dependencies")?;
    let dev_deps = names("devDependencies")?;
    Ok(Pkg { json, deps, dev_deps })
}

pub(super) fn strip_position(msg: &str) -> String {
    msg.split(" at line ").next().unwrap_or(msg).to_string()
}

/// A JSON-with-comments file (tsconfig.json, angular.json), or one error
/// line naming the file and where the parser stopped.
pub(super) fn jsonc_of(index: &DirIndex, file: &str) -> Result<Value> {
    let text = index.read(file)?;
    json5::from_str(&text).map_err(|e| {
        let at = e.position().map(|p| format!(" at {p}")).unwrap_or_default();
        anyhow::anyhow!("{file} is not valid JSON{at} ({}); fix the file", strip_position(&e.to_string()))
    })
}
