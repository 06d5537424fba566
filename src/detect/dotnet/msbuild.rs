//! MSBuild project files (`*.csproj`, `*.fsproj`, `*.vbproj`) and the
//! `Directory.Build.props` files above them, read with a real XML parser
//! (roxmltree). Never runs MSBuild: `$(Name)` references are resolved from
//! the properties read here and the project's own name only.

use anyhow::{Result, anyhow, bail};
use roxmltree::Document;
use std::collections::BTreeMap;

use crate::scan::DirIndex;

/// What a project is for, from its SDK and output type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// `Microsoft.NET.Sdk.Web`: ASP.NET Core, served on the aspnet image.
    Web,
    /// `Microsoft.NET.Sdk.Worker`: a background service.
    Worker,
    /// `<OutputType>Exe</OutputType>` on the plain SDK.
    Console,
    /// A class library, a test project, or anything else that does not run.
    Library,
}

impl Kind {
    pub fn runs(self) -> bool {
        !matches!(self, Kind::Library)
    }
}

/// One project file, as dockgen needs it.
#[derive(Debug, Clone)]
pub(super) struct Project {
    /// The file, relative to the project root, with `/` separators.
    pub path: String,
    /// The file name without its extension (MSBuild's `MSBuildProjectName`).
    pub name: String,
    pub kind: Kind,
    /// Properties, Directory.Build.props' first, the project's own winning.
    pub properties: BTreeMap<String, String>,
    /// `ProjectReference` files, relative to the project root.
    pub references: Vec<String>,
    /// `ProjectReference`s that leave the project root, as written.
    pub outside: Vec<String>,
    /// `Import` files that exist in the project, relative to the root.
    pub imports: Vec<String>,
    /// Its build runs npm, yarn or pnpm (a `SpaRoot` front end built by an
    /// `Exec` target, as the React and Angular templates do).
    pub runs_node: bool,
}

impl Project {
    pub fn property(&self, name: &str) -> Option<&str> {
        self.properties.get(&name.to_ascii_lowercase()).map(String::as_str).filter(|v| !v.is_empty())
    }

    pub fn flag(&self, name: &str) -> bool {
        self.flag_is(name, true)
    }

    /// Whether the property is set, to `value`.
    pub fn flag_is(&self, name: &str, value: bool) -> bool {
        self.property(name).is_some_and(|v| v.eq_ignore_ascii_case(if value { "true" } else { "false" }))
    }

    /// The folder holding the file (`.` at the root).
    pub fn dir(&self) -> &str {
        parent(&self.path)
    }
}

/// Reads `path` and the Directory.Build.props files in its folder and
/// every folder above it, up to the project root.
pub(super) fn read(index: &DirIndex, path: &str) -> Result<Project> {
    let name = file_stem(path).to_string();
    // MSBuild's own: Directory.Build.props often builds names from it
    // (`<AssemblyName>Acme.$(MSBuildProjectName)</AssemblyName>`).
    let mut properties = BTreeMap::from([("msbuildprojectname".to_string(), name.clone())]);
    let mut imports = Vec::new();
    for props in build_props(index, parent(path)) {
        let text = index.read(&props)?;
        let doc = parse(&props, &text)?;
        collect_properties(&doc, &mut properties);
        imports.extend(import_paths(index, &doc, parent(&props)));
        imports.push(props);
    }
    let text = index.read(path)?;
    let doc = parse(path, &text)?;
    let root = doc.root_element();
    if !root.has_tag_name("Project") {
        bail!("{path}: the root element is <{}>, not <Project>; is this an MSBuild project file?", root.tag_name().name());
    }
    collect_properties(&doc, &mut properties);
    let all_sdks = sdks(&doc);
    let sdk = all_sdks.iter().filter(|s| s.starts_with("microsoft.net.sdk")).max_by_key(|s| s.len()).cloned().unwrap_or_default();
    // An Aspire app host orchestrates the others on a developer's machine;
    // it is not deployed in a container.
    let aspire_host = all_sdks.iter().any(|s| s.starts_with("aspire.apphost")) || properties.get("isaspirehost").is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let test = properties.get("istestproject").is_some_and(|v| v.eq_ignore_ascii_case("true"))
        || items(&doc, "PackageReference").iter().any(|p| p == "Microsoft.NET.Test.Sdk");
    let output = properties.get("outputtype").map(|v| v.to_ascii_lowercase()).unwrap_or_default();
    let kind = match sdk.as_str() {
        _ if test || aspire_host => Kind::Library,
        // A Blazor WebAssembly client is static files a server project hosts.
        "microsoft.net.sdk.blazorwebassembly" => Kind::Library,
        "microsoft.net.sdk.web" if output != "library" => Kind::Web,
        "microsoft.net.sdk.worker" if output != "library" => Kind::Worker,
        _ if output == "exe" || output == "winexe" => Kind::Console,
        _ => Kind::Library,
    };
    let (references, outside): (Vec<_>, Vec<_>) = items(&doc, "ProjectReference").into_iter().partition(|r| join(parent(path), r).is_some());
    let references = references.iter().filter_map(|r| join(parent(path), r)).collect();
    imports.extend(import_paths(index, &doc, parent(path)));
    let runs_node = properties.contains_key("sparoot")
        || doc.descendants().filter(|n| n.has_tag_name("Exec")).filter_map(|n| n.attribute("Command")).any(|c| {
            let tool = c.split_whitespace().next().unwrap_or("");
            matches!(tool, "npm" | "npx" | "yarn" | "pnpm" | "node")
        });
    Ok(Project { path: path.to_string(), name, kind, properties, references, outside, imports, runs_node })
}

fn parse<'a>(file: &str, text: &'a str) -> Result<Document<'a>> {
    parse_xml(file, text, "by building it once with `dotnet build`")
}

/// An XML document with no DTD and a bound on its size; the error names
/// the file and how to check it.
pub(super) fn parse_xml<'a>(file: &str, text: &'a str, check: &str) -> Result<Document<'a>> {
    let options = roxmltree::ParsingOptions { allow_dtd: false, nodes_limit: 200_000, ..Default::default() };
    Document::parse_with_options(text, options).map_err(|e| anyhow!("{file} is not well-formed XML ({e}); fix the file, for example {check}"))
}

/// The props files MSBuild imports before a project in `dir`, outermost
/// first: `Directory.Build.props` there and above (assuming each imports
/// its parent, as is the custom), then the nearest
/// `Directory.Packages.props` (central package management, which some
/// projects also use for shared properties such as TargetFramework).
fn build_props(index: &DirIndex, dir: &str) -> Vec<String> {
    let mut dirs = vec![dir.to_string()];
    let mut d = dir;
    while d != "." {
        d = parent(d);
        dirs.push(d.to_string());
    }
    let mut files: Vec<String> = dirs.iter().rev().map(|d| join_file(d, "Directory.Build.props")).filter(|f| index.is_file(f)).collect();
    files.extend(dirs.iter().map(|d| join_file(d, "Directory.Packages.props")).find(|f| index.is_file(f)));
    files
}

/// Every SDK the project names, lowercased, versions (after `/`) dropped:
/// `<Project Sdk="A;B/1.0">` and child `<Sdk Name="…"/>` elements.
fn sdks(doc: &Document) -> Vec<String> {
    let root = doc.root_element();
    let listed = root.attribute("Sdk").into_iter().flat_map(|s| s.split(';'));
    let children = root.children().filter(|n| n.has_tag_name("Sdk")).filter_map(|n| n.attribute("Name"));
    listed
        .chain(children)
        .map(|s| s.split('/').next().unwrap_or("").trim().to_ascii_lowercase())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Unconditional `<PropertyGroup>` properties, names lowercased (MSBuild
/// is case-insensitive), `$(Name)` expanded from what is known so far.
fn collect_properties(doc: &Document, into: &mut BTreeMap<String, String>) {
    for group in doc.root_element().children().filter(|n| n.has_tag_name("PropertyGroup")) {
        if group.attribute("Condition").is_some() {
            continue;
        }
        for prop in group.children().filter(|n| n.is_element()) {
            if prop.attribute("Condition").is_some() {
                continue;
            }
            let raw = prop.text().unwrap_or("").trim();
            let value = expand(raw, into);
            into.insert(prop.tag_name().name().to_ascii_lowercase(), value);
        }
    }
}

/// `$(Name)` replaced by a known property; unknown references stay as they are.
pub(super) fn expand(raw: &str, props: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    let mut rest = raw;
    while let Some(start) = rest.find("$(") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find(')') {
            Some(end) => {
                let name = &after[..end];
                match props.get(&name.to_ascii_lowercase()).filter(|v| !v.contains("$(")) {
                    Some(v) => out.push_str(v),
                    None => out.push_str(&rest[start..start + 3 + end]),
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `Include` of every unconditional item of `kind`.
fn items(doc: &Document, kind: &str) -> Vec<String> {
    doc.root_element()
        .children()
        .filter(|n| n.has_tag_name("ItemGroup") && n.attribute("Condition").is_none())
        .flat_map(|g| g.children().filter(move |n| n.has_tag_name(kind)))
        .filter_map(|n| n.attribute("Include"))
        .map(|s| s.trim().to_string())
        .collect()
}

/// `<Import Project="…"/>` files that are plain relative paths to files in
/// the project (the build reads them, so the restore step needs them).
fn import_paths(index: &DirIndex, doc: &Document, dir: &str) -> Vec<String> {
    doc.root_element()
        .children()
        .filter(|n| n.has_tag_name("Import"))
        .filter_map(|n| n.attribute("Project"))
        .filter(|p| !p.contains("$("))
        .filter_map(|p| join(dir, p))
        .filter(|p| index.is_file(p))
        .collect()
}

/// `dir` joined with an MSBuild path (`..\Lib\Lib.csproj`), normalised;
/// None when it leaves the project root or is absolute.
pub(super) fn join(dir: &str, rel: &str) -> Option<String> {
    let rel = rel.replace('\\', "/");
    if rel.starts_with('/') || rel.contains(':') {
        return None;
    }
    let mut parts: Vec<&str> = if dir == "." { Vec::new() } else { dir.split('/').collect() };
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

pub(super) fn join_file(dir: &str, file: &str) -> String {
    if dir == "." { file.to_string() } else { format!("{dir}/{file}") }
}

pub(super) fn parent(path: &str) -> &str {
    match path.rsplit_once('/') {
        Some((d, _)) if !d.is_empty() => d,
        _ => ".",
    }
}

fn file_stem(path: &str) -> &str {
    let file = path.rsplit('/').next().unwrap_or(path);
    file.rsplit_once('.').map_or(file, |(stem, _)| stem)
}

/// The .NET versions a project targets (`net8.0`, `net10.0`), newest
/// first, from `TargetFramework` or `TargetFrameworks`; OS-specific ones
/// (`net8.0-windows`, `-android`) are left out and returned apart.
pub(super) fn target_frameworks(p: &Project) -> (Vec<String>, Vec<String>) {
    let raw = p.property("TargetFramework").or_else(|| p.property("TargetFrameworks")).unwrap_or("");
    let mut linux = Vec::new();
    let mut other = Vec::new();
    for tfm in raw.split(';').map(str::trim).filter(|t| !t.is_empty()) {
        if tfm.contains('-') {
            other.push(tfm.to_string());
        } else {
            linux.push(tfm.to_string());
        }
    }
    linux.sort_by_key(|t| std::cmp::Reverse(version_of(t).unwrap_or((0, 0))));
    (linux, other)
}

/// `net8.0` → (8, 0); `netcoreapp3.1` → (3, 1); None for `netstandard2.0`,
/// `net48` (.NET Framework) and anything else.
pub(super) fn version_of(tfm: &str) -> Option<(u32, u32)> {
    let v = tfm.strip_prefix("netcoreapp").or_else(|| tfm.strip_prefix("net").filter(|v| v.contains('.')))?;
    let (major, minor) = v.split_once('.')?;
    Some((major.parse().ok()?, minor.parse().ok()?))
}
