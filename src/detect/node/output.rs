//! The folder a build writes: TypeScript's outDir, Angular's outputPath,
//! and whether Next.js builds standalone.

use anyhow::Result;
use serde_json::Value;

use super::package::{Pkg, jsonc_of, string};
use crate::escape::relative_dir;
use crate::scan::DirIndex;

pub(super) fn tsconfig_out_dir(index: &DirIndex) -> Result<Option<String>> {
    let v = jsonc_of(index, "tsconfig.json")?;
    Ok(v.pointer("/compilerOptions/outDir").and_then(Value::as_str).and_then(relative_dir))
}

pub(super) fn angular_output(index: &DirIndex, pkg: &Pkg) -> Result<Option<String>> {
    let name = string(&pkg.json, "name").ok().flatten().unwrap_or("app");
    if !index.has_file("angular.json") {
        return Ok(relative_dir(&format!("dist/{name}/browser")));
    }
    let v = jsonc_of(index, "angular.json")?;
    Ok(angular_output_path(&v))
}

pub(super) fn angular_output_path(v: &Value) -> Option<String> {
    let projects = v.get("projects")?.as_object()?;
    let (_, project) = projects.iter().next()?;
    let out = project.pointer("/architect/build/options/outputPath")?;
    let base = out.as_str().or_else(|| out.get("base")?.as_str())?;
    // Angular 17+ (application builder) writes the site to <outputPath>/browser.
    let builder = project.pointer("/architect/build/builder").and_then(Value::as_str).unwrap_or("");
    let dir = if builder.ends_with(":application") { format!("{base}/browser") } else { base.to_string() };
    relative_dir(&dir)
}

/// Next.js configured for `output: 'standalone'`.
pub(super) fn next_standalone(index: &DirIndex) -> bool {
    ["next.config.js", "next.config.mjs", "next.config.ts", "next.config.cjs"].iter().any(|f| {
        index.has_file(f)
            && index.read(f)
                .map(|t| {
                    let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
                    t.contains("output:'standalone'") || t.contains("output:\"standalone\"")
                })
                .unwrap_or(false)
    })
}

/// Whether dockgen may ask `next build` for standalone output itself
/// (`NEXT_PRIVATE_STANDALONE`, which Next 13 to 16 read as `output`'s
/// default, and `NEXT_PRIVATE_OUTPUT_TRACE_ROOT` for the tracing root): the
/// config sets neither `output` nor, in a workspace, `outputFileTracingRoot`,
/// and package.json asks for Next 13 or later.
pub(super) fn next_traceable(index: &DirIndex, pkg: &super::package::Pkg, in_workspace: bool) -> bool {
    let configs = ["next.config.js", "next.config.mjs", "next.config.ts", "next.config.cjs"];
    let sets = |key: &str| configs.iter().any(|f| index.has_file(f) && index.read(f).map_or(true, |t| t.contains(key)));
    if sets("output") || (in_workspace && sets("outputFileTracingRoot")) {
        return false;
    }
    let declared = ["dependencies", "devDependencies"].iter().find_map(|k| pkg.json.get(*k)?.get("next")?.as_str().map(str::to_string));
    declared
        .and_then(|r| node_semver::Range::parse(r.trim()).ok())
        .and_then(|r| r.min_version())
        .is_some_and(|v| v.major >= 13)
}
