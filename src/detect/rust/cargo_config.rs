//! `.cargo/config.toml` (or the older `.cargo/config`), read with the toml
//! crate: the linkers and link flags it sets for Linux targets, which the
//! builder must have installed (`linker = "clang"`, `-fuse-ld=lld` or
//! `mold`), as zero-to-production's does.

use anyhow::Result;

use crate::scan::DirIndex;

/// The config file, when there is one.
pub(super) fn file(index: &DirIndex) -> Option<&'static str> {
    [".cargo/config.toml", ".cargo/config"].into_iter().find(|f| index.is_file(f))
}

/// Tools the link step needs, for builds whose target triple ends with
/// `libc` (`gnu` or `musl`): `clang`, `lld`, `mold`.
pub(super) fn link_tools(index: &DirIndex, libc: &str) -> Result<Vec<&'static str>> {
    let Some(f) = file(index) else { return Ok(Vec::new()) };
    let config: toml::Table = index.read_toml(f)?;
    let mut words: Vec<String> = Vec::new();
    let mut collect = |table: &toml::Value| {
        if let Some(l) = table.get("linker").and_then(|l| l.as_str()) {
            words.push(format!("linker={l}"));
        }
        match table.get("rustflags") {
            Some(toml::Value::Array(a)) => words.extend(a.iter().filter_map(|v| v.as_str()).map(str::to_string)),
            Some(toml::Value::String(s)) => words.extend(s.split_whitespace().map(str::to_string)),
            _ => {}
        }
    };
    if let Some(build) = config.get("build") {
        collect(build);
    }
    if let Some(toml::Value::Table(targets)) = config.get("target") {
        for (triple, table) in targets {
            if triple.contains("-linux-") && triple.ends_with(libc) {
                collect(table);
            }
        }
    }
    let mut tools = Vec::new();
    for w in &words {
        let w = w.trim();
        if w.starts_with("linker=clang") || w.ends_with("linker=clang") {
            tools.push("clang");
        }
        if w.contains("fuse-ld=lld") || w.ends_with("ld.lld") {
            tools.push("lld");
        }
        if w.contains("fuse-ld=mold") || w.ends_with("/mold") {
            tools.push("mold");
        }
    }
    tools.sort();
    tools.dedup();
    Ok(tools)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::test_project;

    #[test]
    fn linkers_for_the_build_libc_only() {
        let config = "[target.x86_64-unknown-linux-gnu]\nrustflags = [\"-C\", \"linker=clang\", \"-C\", \"link-arg=-fuse-ld=lld\"]\n[target.aarch64-apple-darwin]\nrustflags = [\"-C\", \"link-arg=-fuse-ld=mold\"]\n";
        let dir = test_project(&[(".cargo/config.toml", config)]);
        let index = DirIndex::scan(dir.path()).unwrap();
        assert_eq!(link_tools(&index, "gnu").unwrap(), ["clang", "lld"]);
        assert!(link_tools(&index, "musl").unwrap().is_empty());
        let dir = test_project(&[(".cargo/config", "[build]\nrustflags = \"-C link-arg=-fuse-ld=mold\"\n")]);
        assert_eq!(link_tools(&DirIndex::scan(dir.path()).unwrap(), "musl").unwrap(), ["mold"]);
    }
}
