//! Images from where the user says: a registry's mirror or pull-through
//! cache (`docker.io` → `harbor.corp/dockerhub`), or a family's own
//! hardened base (`node` → `registry.corp/base/node`). dockgen still
//! chooses (and checks) the upstream tag; these rules only change where it
//! is pulled from, the same rewrite engines and Harbor's proxy caches expect
//! (`node:22` → `harbor.corp/dockerhub/library/node:22`).
//!
//! Pure text, below everything that plans: a reference in, a reference out.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::text::printable;

/// `[images]` in dockgen.toml and the user's config, and `--mirror` /
/// `--image`: mirrors by registry, overrides by repository.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageRules {
    /// Registry (`docker.io`, `gcr.io`, `mcr.microsoft.com`) → the prefix
    /// that mirrors it (`harbor.corp/dockerhub`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty", deserialize_with = "de_mirrors")]
    pub mirrors: BTreeMap<String, String>,
    /// Repository (`node`, `python`, `gcr.io/distroless/static-debian13`)
    /// → the repository to pull instead, the tag kept: every key of
    /// `[images]` but `mirrors`.
    #[serde(flatten, deserialize_with = "de_overrides")]
    pub overrides: BTreeMap<String, String>,
}

impl ImageRules {
    pub fn is_empty(&self) -> bool {
        self.mirrors.is_empty() && self.overrides.is_empty()
    }

    /// `self`'s rules over `under`'s, key by key.
    pub fn over(&self, under: &ImageRules) -> ImageRules {
        let mut out = under.clone();
        out.mirrors.extend(self.mirrors.clone());
        out.overrides.extend(self.overrides.clone());
        out
    }

    /// Where to pull `image` from (`node:${NODE_VERSION}-trixie-slim`,
    /// `gcr.io/distroless/nodejs${NODE_VERSION}-debian13:nonroot`): an
    /// override of its repository, else its registry's mirror, else itself.
    pub fn rewrite(&self, image: &str) -> String {
        if self.is_empty() {
            return image.to_string();
        }
        let (repo, rest) = split_tag(image);
        let (registry, path) = registry_of(repo);
        let full = format!("{registry}/{path}");
        let short = if registry == "docker.io" { path.strip_prefix("library/").unwrap_or(&path).to_string() } else { full.clone() };
        if let Some(to) = self.overrides.get(&short).or_else(|| self.overrides.get(&full)).or_else(|| self.overrides.get(repo)) {
            return format!("{to}{rest}");
        }
        match self.mirrors.get(&registry) {
            Some(prefix) => format!("{prefix}/{path}{rest}"),
            None => image.to_string(),
        }
    }
}

/// `node:22@sha256:…` → (`node`, `:22@sha256:…`). A colon before the last
/// slash is a registry's port, not a tag.
fn split_tag(image: &str) -> (&str, &str) {
    let name_end = image.find('@').unwrap_or(image.len());
    let last_slash = image[..name_end].rfind('/').map_or(0, |i| i + 1);
    let tag_at = image[last_slash..name_end].find(':').map(|i| i + last_slash).unwrap_or(name_end);
    image.split_at(tag_at)
}

/// A repository's registry and path, as engines resolve them: no registry
/// is Docker Hub, and a one-part name there is an official image
/// (`library/`).
fn registry_of(repo: &str) -> (String, String) {
    match repo.split_once('/') {
        Some((first, rest)) if first.contains('.') || first.contains(':') || first == "localhost" => {
            let registry = if first == "index.docker.io" || first == "registry-1.docker.io" { "docker.io" } else { first };
            (registry.to_string(), rest.to_string())
        }
        Some(_) => ("docker.io".to_string(), repo.to_string()),
        None => ("docker.io".to_string(), format!("library/{repo}")),
    }
}

/// A registry host (`docker.io`, `registry.corp:5000`).
pub fn registry_name(s: &str) -> Result<String, String> {
    let ok = !s.is_empty() && s.len() <= 253 && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | ':')) && !s.starts_with(['.', '-', ':']);
    if ok { Ok(s.to_string()) } else { Err(format!("{} is not a registry host (e.g. docker.io, gcr.io, registry.corp:5000)", printable(s))) }
}

/// A repository to pull from, without a tag or digest
/// (`harbor.corp/dockerhub`, `registry.corp/base/node`): lowercase
/// letters, digits, `.`, `_`, `-`, `/`, and a registry's `:port`.
pub fn repository(s: &str) -> Result<String, String> {
    let (host, path) = s.split_once('/').unwrap_or(("", s));
    let host_ok = host.is_empty() || registry_name(host).is_ok();
    let path_ok = !path.is_empty()
        && path.split('/').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-')));
    if host_ok && path_ok && s.len() <= 255 {
        Ok(s.trim_end_matches('/').to_string())
    } else {
        Err(format!("{} is not an image repository without a tag (e.g. harbor.corp/dockerhub or registry.corp/base/node)", printable(s)))
    }
}

/// `KEY=VALUE` of `--mirror` and `--image`.
pub fn pair(s: &str, key: fn(&str) -> Result<String, String>) -> Result<(String, String), String> {
    let (k, v) = s.split_once('=').ok_or_else(|| format!("{} is not KEY=VALUE", printable(s)))?;
    Ok((key(k)?, repository(v)?))
}

/// An override's key: a repository as written in FROM (`node`,
/// `gcr.io/distroless/static-debian13`).
pub fn family(s: &str) -> Result<String, String> {
    repository(s).map_err(|_| format!("{} is not an image repository (e.g. node, python, gcr.io/distroless/static-debian13)", printable(s)))
}

fn de_map<'de, D: serde::Deserializer<'de>>(d: D, key: fn(&str) -> Result<String, String>) -> Result<BTreeMap<String, String>, D::Error> {
    use serde::de::Error;
    let raw = BTreeMap::<String, String>::deserialize(d)?;
    raw.into_iter().map(|(k, v)| Ok((key(&k).map_err(D::Error::custom)?, repository(&v).map_err(D::Error::custom)?))).collect()
}

fn de_mirrors<'de, D: serde::Deserializer<'de>>(d: D) -> Result<BTreeMap<String, String>, D::Error> {
    de_map(d, registry_name)
}

fn de_overrides<'de, D: serde::Deserializer<'de>>(d: D) -> Result<BTreeMap<String, String>, D::Error> {
    de_map(d, family)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(mirrors: &[(&str, &str)], overrides: &[(&str, &str)]) -> ImageRules {
        let m = |l: &[(&str, &str)]| l.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        ImageRules { mirrors: m(mirrors), overrides: m(overrides) }
    }

    #[test]
    fn mirrors_rewrite_as_pull_through_caches_expect() {
        let r = rules(&[("docker.io", "harbor.corp/dockerhub"), ("gcr.io", "harbor.corp/gcr")], &[]);
        assert_eq!(r.rewrite("node:22-trixie-slim"), "harbor.corp/dockerhub/library/node:22-trixie-slim");
        assert_eq!(r.rewrite("node:${NODE_VERSION}-trixie-slim"), "harbor.corp/dockerhub/library/node:${NODE_VERSION}-trixie-slim");
        assert_eq!(r.rewrite("bitnami/nginx:1.27"), "harbor.corp/dockerhub/bitnami/nginx:1.27");
        assert_eq!(r.rewrite("gcr.io/distroless/nodejs${NODE_VERSION}-debian13:nonroot"), "harbor.corp/gcr/distroless/nodejs${NODE_VERSION}-debian13:nonroot");
        assert_eq!(r.rewrite("mcr.microsoft.com/dotnet/sdk:9.0"), "mcr.microsoft.com/dotnet/sdk:9.0", "no mirror for that registry");
        assert_eq!(r.rewrite("node:22@sha256:abc"), "harbor.corp/dockerhub/library/node:22@sha256:abc");
        assert_eq!(r.rewrite("localhost:5000/app:1"), "localhost:5000/app:1");
    }

    #[test]
    fn an_override_keeps_the_tag_and_beats_a_mirror() {
        let r = rules(&[("docker.io", "harbor.corp/dockerhub")], &[("node", "registry.corp/base/node"), ("gcr.io/distroless/static-debian13", "registry.corp/base/static")]);
        assert_eq!(r.rewrite("node:${NODE_VERSION}-trixie-slim"), "registry.corp/base/node:${NODE_VERSION}-trixie-slim");
        assert_eq!(r.rewrite("python:3.13-slim"), "harbor.corp/dockerhub/library/python:3.13-slim");
        assert_eq!(r.rewrite("gcr.io/distroless/static-debian13:nonroot"), "registry.corp/base/static:nonroot");
        assert_eq!(ImageRules::default().rewrite("node:22"), "node:22");
    }

    #[test]
    fn bad_values_are_one_clear_line() {
        assert!(repository("harbor.corp/dockerhub").is_ok());
        assert!(repository("registry.corp:5000/base/node").is_ok());
        for bad in ["https://harbor.corp/x", "harbor.corp/x:tag", "Harbor.corp/X", "", "a//b", "x y", "harbor.corp/x@sha256:1"] {
            assert!(repository(bad).is_err(), "{bad}");
        }
        assert!(registry_name("docker.io").is_ok());
        assert!(registry_name("docker.io/library").is_err());
        assert_eq!(pair("docker.io=harbor.corp/hub", registry_name), Ok(("docker.io".into(), "harbor.corp/hub".into())));
        assert!(pair("docker.io", registry_name).unwrap_err().contains("KEY=VALUE"));
    }
}
