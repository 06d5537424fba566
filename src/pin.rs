//! Base images pinned by digest: `FROM image:tag@sha256:…`, the tag kept
//! for people, a comment saying when and how the digest was resolved.
//!
//! Digests come from the registry through the docker CLI (`docker buildx
//! imagetools inspect`: the multi-platform index digest; else `docker
//! manifest inspect --verbose` for a single-platform image), or, when no
//! registry answers, from the local image's RepoDigests. A digest that
//! cannot be resolved is an error naming the image: never invented.

use anyhow::{Result, bail};
use std::process::Command;

use crate::dockerfile;
use crate::lint::model::{self, ImageRef};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Registry,
    Local,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub digest: String,
    pub via: Via,
}

pub trait Resolver {
    fn resolve(&self, image: &str) -> Result<Resolved>;
}

/// The docker CLI the user has (`DOCKER` picks the binary).
pub struct DockerCli {
    pub docker: String,
}

impl Default for DockerCli {
    fn default() -> Self {
        DockerCli { docker: std::env::var("DOCKER").unwrap_or_else(|_| "docker".to_string()) }
    }
}

fn is_digest(s: &str) -> bool {
    s.strip_prefix("sha256:").is_some_and(|h| h.len() == 64 && h.chars().all(|c| c.is_ascii_hexdigit()))
}

impl DockerCli {
    fn run(&self, args: &[&str]) -> Result<String, String> {
        match Command::new(&self.docker).args(args).output() {
            Ok(o) if o.status.success() => Ok(String::from_utf8_lossy(&o.stdout).into_owned()),
            Ok(o) => Err(crate::text::printable(String::from_utf8_lossy(&o.stderr).trim())),
            Err(e) => Err(format!("cannot run {}: {e}", self.docker)),
        }
    }
}

impl Resolver for DockerCli {
    fn resolve(&self, image: &str) -> Result<Resolved> {
        // The index digest, every platform: buildx.
        let buildx = self.run(&["buildx", "imagetools", "inspect", "--format", "{{json .Manifest}}", image]);
        if let Ok(out) = &buildx
            && let Ok(v) = serde_json::from_str::<serde_json::Value>(out)
            && let Some(d) = v["digest"].as_str().filter(|d| is_digest(d))
        {
            return Ok(Resolved { digest: d.to_string(), via: Via::Registry });
        }
        // Without buildx: a single-platform manifest names its own digest.
        // Plain HTTP only for a registry on this machine; a digest read over
        // an unverified connection elsewhere could be anyone's.
        let host = image.split('/').next().unwrap_or("");
        let local = image.contains('/') && ["localhost", "127.0.0.1", "[::1]"].iter().any(|h| host == *h || host.starts_with(&format!("{h}:")));
        let mut args = vec!["manifest", "inspect"];
        if local {
            args.push("--insecure");
        }
        args.extend(["--verbose", image]);
        let manifest = self.run(&args);
        let registry_error = match &manifest {
            Ok(out) => match serde_json::from_str::<serde_json::Value>(out) {
                Ok(v) if v.is_array() => bail!("{image} is a multi-platform image: its index digest needs `docker buildx imagetools inspect` (install docker buildx), which this docker lacks"),
                Ok(v) => match v["Descriptor"]["digest"].as_str().filter(|d| is_digest(d)) {
                    Some(d) => return Ok(Resolved { digest: d.to_string(), via: Via::Registry }),
                    None => "the registry's answer has no digest".to_string(),
                },
                Err(_) => "the registry's answer is not JSON".to_string(),
            },
            Err(e) => e.clone(),
        };
        // No registry: the digest the local image was pulled or pushed with.
        let want = ImageRef::parse(image);
        if let Ok(out) = self.run(&["image", "inspect", "--format", "{{json .RepoDigests}}", image])
            && let Ok(list) = serde_json::from_str::<Vec<String>>(out.trim())
        {
            for entry in list {
                if let Some((repo, digest)) = entry.split_once('@')
                    && ImageRef::parse(repo).repo == want.repo
                    && is_digest(digest)
                {
                    return Ok(Resolved { digest: digest.to_string(), via: Via::Local });
                }
            }
        }
        bail!("cannot resolve a digest for {image}: the registry did not answer ({registry_error}) and no local image carries one; pull it (or make the registry reachable) and pin again")
    }
}

/// One base the pinning looked at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub line: usize,
    /// The image resolved (ARG defaults substituted).
    pub image: String,
    pub old: Option<String>,
    pub new: String,
    pub via: Via,
}

const MARK: &str = "# dockgen pin:";

/// Pins every `FROM` image of `text`: the image token gets `@<digest>`
/// (replacing an old one) and the line above a `# dockgen pin:` comment.
pub fn pin(text: &str, resolver: &dyn Resolver, today: &str) -> Result<(String, Vec<Change>)> {
    pin_lines(text, resolver, today, None)
}

/// [`pin`], for the FROM lines in `only` (1-based) when given.
pub fn pin_lines(text: &str, resolver: &dyn Resolver, today: &str, only: Option<&[usize]>) -> Result<(String, Vec<Change>)> {
    let instructions = dockerfile::parse(text).map_err(|e| anyhow::anyhow!("{e}"))?;
    let stages = model::stages(&instructions);
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut changes = Vec::new();
    // Bottom-up, so inserted comment lines leave the lines above in place.
    for stage in stages.iter().rev() {
        if stage.parent.is_some() || stage.base.eq_ignore_ascii_case("scratch") || stage.base.is_empty() || stage.base.contains('$') {
            continue;
        }
        if only.is_some_and(|o| !o.contains(&stage.from.line)) {
            continue;
        }
        let at = stage.from.line - 1;
        let r = ImageRef::parse(&stage.base);
        let tagged = stage.base.split('@').next().unwrap_or("").to_string();
        let resolved = resolver.resolve(&tagged)?;
        // The image token as written (ARGs kept), its old digest swapped.
        let Some(token) = lines[at].split_whitespace().skip(1).find(|w| !w.starts_with("--")).map(str::to_string) else { continue };
        let bare = token.split('@').next().unwrap_or(&token).to_string();
        lines[at] = lines[at].replacen(&token, &format!("{bare}@{}", resolved.digest), 1);
        let how = match resolved.via {
            Via::Registry => "from the registry",
            Via::Local => "from the local image (no registry answered)",
        };
        let args = if bare.contains('$') { format!("; the digest is for {tagged}: change both together") } else { String::new() };
        let comment = format!("{MARK} {tagged} resolved {today} {how}{args}; `dockgen pin` re-resolves");
        if at > 0 && lines[at - 1].trim_start().starts_with(MARK) {
            lines[at - 1] = comment;
        } else {
            lines.insert(at, comment);
        }
        changes.push(Change { line: stage.from.line, image: tagged, old: r.digest.clone(), new: resolved.digest, via: resolved.via });
    }
    changes.reverse();
    let mut out = lines.join("\n");
    if text.ends_with('\n') {
        out.push('\n');
    }
    Ok((out, changes))
}

/// The text without pins: digests and pin comments gone, for comparing a
/// pinned Dockerfile with a freshly generated one.
pub fn unpinned(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with(MARK) {
            continue;
        }
        if line.trim_start().to_ascii_uppercase().starts_with("FROM ") && line.contains("@sha256:") {
            let cleaned: Vec<String> = line.split(' ').map(|w| w.split("@sha256:").next().unwrap_or(w).to_string()).collect();
            out.push(cleaned.join(" "));
        } else {
            out.push(line.to_string());
        }
    }
    let mut s = out.join("\n");
    if text.ends_with('\n') {
        s.push('\n');
    }
    s
}

/// The digests of a file's FROM lines, in order.
pub fn digests(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.trim_start().to_ascii_uppercase().starts_with("FROM "))
        .flat_map(|l| l.split_whitespace().filter_map(|w| w.split_once("@sha256:").map(|(_, d)| d.to_string())).collect::<Vec<_>>())
        .collect()
}

/// Today as YYYY-MM-DD (UTC), for the pin comment.
pub fn today() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    civil((secs / 86_400) as i64)
}

/// A day count since 1970-01-01 as YYYY-MM-DD.
fn civil(days: i64) -> String {
    // Civil from days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    format!("{:04}-{:02}-{:02}", if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests;
