//! A parsed Dockerfile as stages: each `FROM` with its base image (global
//! `ARG` defaults substituted), its name, and its instructions.

use std::collections::BTreeMap;

use crate::dockerfile::Instruction;

#[derive(Debug, Clone)]
pub struct Stage {
    pub index: usize,
    pub name: Option<String>,
    /// The `FROM` instruction.
    pub from: Instruction,
    /// The base as written after ARG substitution (`python:3.12-slim`).
    pub base: String,
    /// The base is an earlier stage (by name or index), not an image.
    pub parent: Option<usize>,
    pub instructions: Vec<Instruction>,
}

/// An image reference split: `repo[:tag][@digest]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// Without registry host or library prefix: `python`, `gcr.io/distroless/static-debian12`.
    pub repo: String,
    pub tag: Option<String>,
    pub digest: Option<String>,
}

impl ImageRef {
    pub fn parse(s: &str) -> ImageRef {
        let (rest, digest) = match s.split_once('@') {
            Some((r, d)) => (r, Some(d.to_string())),
            None => (s, None),
        };
        // A tag is after the last ':' that follows the last '/' (a port is before it).
        let slash = rest.rfind('/').map(|i| i + 1).unwrap_or(0);
        let (repo, tag) = match rest[slash..].rfind(':') {
            Some(i) => (&rest[..slash + i], Some(rest[slash + i + 1..].to_string())),
            None => (rest, None),
        };
        let repo = repo.strip_prefix("docker.io/").unwrap_or(repo);
        let repo = repo.strip_prefix("library/").unwrap_or(repo);
        ImageRef { repo: repo.to_string(), tag, digest }
    }

    /// The last path segment: `python`, `static-debian12`.
    pub fn short(&self) -> &str {
        self.repo.rsplit('/').next().unwrap_or(&self.repo)
    }
}

/// `stage`, then the stages it is built `FROM`, nearest first (a parent
/// always comes earlier in the file, so the walk ends).
pub fn lineage<'a>(stages: &'a [Stage], stage: &'a Stage) -> impl Iterator<Item = &'a Stage> {
    std::iter::successors(Some(stage), |s| s.parent.filter(|p| *p < s.index).map(|p| &stages[p]))
}

/// Global `ARG` defaults, then the stages.
pub fn stages(instructions: &[Instruction]) -> Vec<Stage> {
    let mut globals: BTreeMap<String, String> = BTreeMap::new();
    let mut out: Vec<Stage> = Vec::new();
    for ins in instructions {
        let kw = ins.kw();
        if kw == "FROM" {
            let words: Vec<&str> = ins.args.split_whitespace().filter(|w| !w.starts_with("--")).collect();
            let raw = words.first().copied().unwrap_or("");
            let base = substitute(raw, &globals);
            let name = match (words.get(1), words.get(2)) {
                (Some(a), Some(n)) if a.eq_ignore_ascii_case("as") => Some(n.to_ascii_lowercase()),
                _ => None,
            };
            let parent = out.iter().position(|s| s.name.as_deref() == Some(base.to_ascii_lowercase().as_str()) || s.index.to_string() == base);
            out.push(Stage { index: out.len(), name, from: ins.clone(), base, parent, instructions: Vec::new() });
        } else if let Some(stage) = out.last_mut() {
            stage.instructions.push(ins.clone());
        } else if kw == "ARG" {
            for w in ins.args.split_whitespace() {
                let (k, v) = w.split_once('=').unwrap_or((w, ""));
                globals.insert(k.to_string(), v.trim_matches('"').to_string());
            }
        }
    }
    out
}

/// `$NAME`, `${NAME}` and `${NAME:-default}` replaced by global ARG defaults.
fn substitute(s: &str, vars: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(body) = after.strip_prefix('{') {
            let Some(end) = body.find('}') else {
                out.push_str(&rest[i..]);
                return out;
            };
            let inner = &body[..end];
            let (name, default) = match inner.split_once(":-") {
                Some((n, d)) => (n, Some(d)),
                None => (inner, None),
            };
            match vars.get(name).filter(|v| !v.is_empty()) {
                Some(v) => out.push_str(v),
                None => out.push_str(default.unwrap_or("")),
            }
            rest = &body[end + 1..];
        } else {
            let n = after.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').count();
            out.push_str(vars.get(&after[..n]).map(String::as_str).unwrap_or(""));
            rest = &after[n..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_bases_and_refs() {
        let ins = crate::dockerfile::parse("ARG GO_VERSION=1.22\nARG V\nFROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-bookworm AS Build\nRUN go build\nFROM build AS test\nFROM gcr.io/distroless/static:nonroot@sha256:abc\nCOPY --from=build /x /x\n").unwrap();
        let st = stages(&ins);
        assert_eq!(st.len(), 3);
        assert_eq!(st[0].base, "golang:1.22-bookworm");
        assert_eq!(st[0].name.as_deref(), Some("build"));
        assert_eq!(st[1].parent, Some(0));
        assert_eq!(st[2].instructions.len(), 1);
        let r = ImageRef::parse(&st[2].base);
        assert_eq!((r.repo.as_str(), r.tag.as_deref(), r.digest.as_deref()), ("gcr.io/distroless/static", Some("nonroot"), Some("sha256:abc")));
        assert_eq!(ImageRef::parse("localhost:5000/app").tag, None);
        assert_eq!(ImageRef::parse("docker.io/library/node:20").repo, "node");
        assert_eq!(substitute("${X:-py}:${Y}", &BTreeMap::new()), "py:");
    }
}
