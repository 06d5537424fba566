//! Spring Boot: its version from a version catalog, its port from the
//! application's configuration, and version checks.

use anyhow::{Result, bail};
use std::collections::BTreeMap;

use crate::model::Sourced;
use crate::scan::DirIndex;

pub(super) fn read_properties(index: &DirIndex, file: &str) -> Result<BTreeMap<String, String>> {
    let text = index.read(file)?;
    let map = java_properties::read(text.as_bytes())
        .map_err(|e| anyhow::anyhow!("{file} is not a valid properties file ({e}); fix it"))?;
    Ok(map.into_iter().collect())
}

/// Spring Boot's version from the version catalog (gradle/libs.versions.toml).
pub(super) fn catalog_boot_version(index: &DirIndex) -> Result<Option<String>> {
    let file = "gradle/libs.versions.toml";
    if !index.is_file(file) {
        return Ok(None);
    }
    let table: toml::Table = index.read_toml(file)?;
    let versions = table.get("versions").and_then(|v| v.as_table());
    let Some(plugins) = table.get("plugins").and_then(|p| p.as_table()) else { return Ok(None) };
    for p in plugins.values() {
        let (id, version) = match p {
            toml::Value::String(s) => match s.split_once(':') {
                Some((id, v)) => (id.to_string(), Some(toml::Value::String(v.to_string()))),
                None => continue,
            },
            toml::Value::Table(t) => (t.get("id").and_then(|i| i.as_str()).unwrap_or_default().to_string(), t.get("version").cloned()),
            _ => continue,
        };
        if id != "org.springframework.boot" {
            continue;
        }
        return Ok(match version {
            Some(toml::Value::String(v)) => Some(v),
            Some(toml::Value::Table(t)) => t
                .get("ref")
                .and_then(|r| r.as_str())
                .and_then(|r| versions?.get(r)?.as_str().map(str::to_string)),
            _ => None,
        });
    }
    Ok(None)
}

/// `server.port` from application.properties or application.yml, else 8080.
pub(super) fn boot_port(index: &DirIndex) -> Result<Option<Sourced<u16>>> {
    let dir = "src/main/resources";
    let props = format!("{dir}/application.properties");
    if index.is_file(&props) {
        let map = read_properties(index, &props)?;
        if let Some(v) = map.get("server.port") {
            return Ok(port_value(v).map(|p| Sourced::new(p, format!("{props} (server.port={v})"))));
        }
    }
    for yml in ["application.yml", "application.yaml"] {
        let file = format!("{dir}/{yml}");
        if !index.is_file(&file) {
            continue;
        }
        let text = index.read(&file)?;
        let docs = yaml_rust2::YamlLoader::load_from_str(&text)
            .map_err(|e| anyhow::anyhow!("{file} is not valid YAML at line {} ({}); fix it", e.marker().line(), e.info()))?;
        for doc in &docs {
            let value = &doc["server"]["port"];
            let flat = &doc["server.port"];
            let v = if value.is_badvalue() { flat } else { value };
            let raw = match v {
                yaml_rust2::Yaml::Integer(i) => i.to_string(),
                yaml_rust2::Yaml::String(s) => s.clone(),
                _ => continue,
            };
            return Ok(port_value(&raw).map(|p| Sourced::new(p, format!("{file} (server.port: {raw})"))));
        }
    }
    Ok(Some(Sourced::fallback(8080, "Spring Boot default")))
}

/// `8081`, or the default in `${PORT:8081}`.
pub(super) fn port_value(v: &str) -> Option<u16> {
    let v = v.trim();
    if let Some(inner) = v.strip_prefix("${").and_then(|s| s.strip_suffix('}')) {
        return inner.split_once(':').and_then(|(_, d)| d.trim().parse().ok());
    }
    v.parse().ok().filter(|p| *p > 0)
}


/// A Spring Boot version as written in a build file: it picks how the jar is
/// layered, so something that is not a version (`3.3.5`, `3.4.0-RC1`) is an
/// error, not a guess (found by fuzzing: NUL bytes in the plugin version).
pub(super) fn boot_version(file: &str, v: impl Into<String>) -> Result<String> {
    let v: String = v.into();
    let ok = v.len() <= 64
        && v.chars().next().is_some_and(|c| c.is_ascii_digit())
        && v.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '+'));
    if !ok {
        bail!("{file}: the Spring Boot version \"{}\" is not a version; write one such as 3.3.5", crate::model::printable(&v));
    }
    Ok(v)
}
