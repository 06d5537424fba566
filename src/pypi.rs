//! PyPI's simple index in its JSON form (PEP 691): which files a pinned
//! release published. dockgen asks only when nothing in the project states a
//! Python and requirements.txt pins exact versions; the answer is recorded
//! in dockgen.toml, so a later run (and `check`) needs no network.
//!
//! `--offline` or `DOCKGEN_OFFLINE=1` never asks. `DOCKGEN_PYPI_URL` points
//! at another index that speaks PEP 691 (default `https://pypi.org/simple`).

use anyhow::{Context, Result, bail};
use std::str::FromStr;
use std::time::Duration;

/// One published file of a release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub filename: String,
    /// Its `Requires-Python`, as published.
    pub requires_python: Option<String>,
}

/// An exact pin from a requirements file: `name==version`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pin {
    pub name: String,
    pub version: String,
}

/// True when the environment says not to use the network.
pub fn offline_by_env() -> bool {
    std::env::var("DOCKGEN_OFFLINE").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// The files of each pin's release, asked eight at a time; `Err` when the
/// index did not answer (offline, a timeout, an unknown package).
pub fn release_files(pins: &[Pin]) -> Vec<Result<Vec<File>>> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(8)))
        .tls_config(ureq::tls::TlsConfig::builder().root_certs(ureq::tls::RootCerts::PlatformVerifier).build())
        .user_agent(concat!("dockgen/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let base = std::env::var("DOCKGEN_PYPI_URL").unwrap_or_else(|_| "https://pypi.org/simple".to_string());
    let mut out = Vec::with_capacity(pins.len());
    for chunk in pins.chunks(8) {
        std::thread::scope(|s| {
            let handles: Vec<_> = chunk.iter().map(|pin| s.spawn(|| one(&agent, &base, pin))).collect();
            for h in handles {
                out.push(h.join().unwrap_or_else(|_| Err(anyhow::anyhow!("the request thread failed"))));
            }
        });
    }
    out
}

fn one(agent: &ureq::Agent, base: &str, pin: &Pin) -> Result<Vec<File>> {
    let name = normalize(&pin.name);
    let url = format!("{}/{name}/", base.trim_end_matches('/'));
    let mut resp = agent.get(&url).header("Accept", "application/vnd.pypi.simple.v1+json").call().with_context(|| format!("asking {url}"))?;
    let body = resp.body_mut().with_config().limit(64 << 20).read_to_string().with_context(|| format!("reading {url}"))?;
    files_of(&body, &pin.name, &pin.version)
}

/// PEP 503's normalized project name.
pub fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

#[derive(serde::Deserialize)]
struct Page {
    files: Vec<PageFile>,
}

#[derive(serde::Deserialize)]
struct PageFile {
    filename: String,
    #[serde(rename = "requires-python")]
    requires_python: Option<String>,
    #[serde(default)]
    yanked: serde_json::Value,
}

/// The files of `version` on a PEP 691 page (yanked ones left out).
pub fn files_of(body: &str, name: &str, version: &str) -> Result<Vec<File>> {
    let page: Page = serde_json::from_str(body).context("the index's answer is not PEP 691 JSON")?;
    let want = pep440_rs::Version::from_str(version).ok();
    let norm = normalize(name);
    let files: Vec<File> = page
        .files
        .into_iter()
        .filter(|f| !matches!(f.yanked, serde_json::Value::Bool(true) | serde_json::Value::String(_)))
        .filter(|f| {
            let Some((n, v)) = name_version(&f.filename) else { return false };
            normalize(&n) == norm && (pep440_rs::Version::from_str(&v).ok() == want && want.is_some() || v == version)
        })
        .map(|f| File { filename: f.filename, requires_python: f.requires_python })
        .collect();
    if files.is_empty() {
        bail!("{name} {version} has no published files");
    }
    Ok(files)
}

/// A wheel's or sdist's project name and version, from its filename.
fn name_version(filename: &str) -> Option<(String, String)> {
    if let Some(stem) = filename.strip_suffix(".whl") {
        let mut parts = stem.split('-');
        return Some((parts.next()?.to_string(), parts.next()?.to_string()));
    }
    let stem = [".tar.gz", ".zip", ".tar.bz2", ".tgz"].iter().find_map(|ext| filename.strip_suffix(ext))?;
    let (n, v) = stem.rsplit_once('-')?;
    Some((n.to_string(), v.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"{"meta": {"api-version": "1.1"}, "name": "psycopg2-binary", "files": [
      {"filename": "psycopg2_binary-2.9.6-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", "requires-python": ">=3.6", "yanked": false, "hashes": {}},
      {"filename": "psycopg2_binary-2.9.6-cp36-cp36m-win32.whl", "requires-python": ">=3.6", "yanked": false, "hashes": {}},
      {"filename": "psycopg2-binary-2.9.6.tar.gz", "requires-python": ">=3.6", "yanked": false, "hashes": {}},
      {"filename": "psycopg2_binary-2.9.60-cp312-cp312-manylinux_2_17_x86_64.whl", "yanked": false, "hashes": {}},
      {"filename": "psycopg2_binary-2.9.7-cp312-cp312-manylinux_2_17_x86_64.whl", "yanked": "broken", "hashes": {}},
      {"filename": "psycopg2_binary-2.9.7-cp311-cp311-manylinux_2_17_x86_64.whl", "yanked": false, "hashes": {}}
    ]}"#;

    #[test]
    fn only_the_pinned_release() {
        let files = files_of(PAGE, "psycopg2-binary", "2.9.6").unwrap();
        let names: Vec<&str> = files.iter().map(|f| f.filename.as_str()).collect();
        assert_eq!(
            names,
            [
                "psycopg2_binary-2.9.6-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
                "psycopg2_binary-2.9.6-cp36-cp36m-win32.whl",
                "psycopg2-binary-2.9.6.tar.gz"
            ]
        );
        assert_eq!(files[0].requires_python.as_deref(), Some(">=3.6"));
    }

    #[test]
    fn yanked_files_and_unknown_releases() {
        let files = files_of(PAGE, "psycopg2_binary", "2.9.7").unwrap();
        assert_eq!(files.len(), 1, "{files:?}");
        assert!(files_of(PAGE, "psycopg2-binary", "9.9").is_err());
        assert!(files_of("<html>", "x", "1").is_err());
    }

    #[test]
    fn names_are_normalized() {
        assert_eq!(normalize("Django"), "django");
        assert_eq!(normalize("zope.interface"), "zope-interface");
        assert_eq!(normalize("a__b-.c"), "a-b-c");
    }
}
