//! Solution files: the classic `.sln` text format (its `Project(...)`
//! lines) and the XML `.slnx`. Only the project paths are read.

use anyhow::Result;

use super::msbuild;
use crate::scan::DirIndex;

const PROJECT_EXTENSIONS: [&str; 3] = [".csproj", ".fsproj", ".vbproj"];

pub(super) fn is_project_file(name: &str) -> bool {
    PROJECT_EXTENSIONS.iter().any(|e| name.len() > e.len() && name.to_ascii_lowercase().ends_with(e))
}

/// The project files `solution` lists that are inside the project and
/// exist, relative to the root.
pub(super) fn projects(index: &DirIndex, solution: &str) -> Result<Vec<String>> {
    let text = index.read(solution)?;
    let listed = if solution.to_ascii_lowercase().ends_with(".slnx") { slnx_paths(solution, &text)? } else { sln_paths(&text) };
    let dir = msbuild::parent(solution);
    Ok(listed
        .iter()
        .filter(|p| is_project_file(p))
        .filter_map(|p| msbuild::join(dir, p))
        .filter(|p| index.is_file(p))
        .collect())
}

/// `Project("{type}") = "Name", "src\Api\Api.csproj", "{guid}"`: the
/// second quoted field after `=`.
fn sln_paths(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.trim_start().strip_prefix("Project("))
        .filter_map(|l| l.split_once('=').map(|(_, rhs)| rhs))
        .filter_map(|rhs| rhs.split('"').nth(3))
        .map(str::to_string)
        .collect()
}

/// `<Solution><Folder><Project Path="src/Api/Api.csproj"/></Folder></Solution>`.
fn slnx_paths(file: &str, text: &str) -> Result<Vec<String>> {
    let doc = msbuild::parse_xml(file, text, "with `dotnet sln list`")?;
    Ok(doc.descendants().filter(|n| n.has_tag_name("Project")).filter_map(|n| n.attribute("Path")).map(str::to_string).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sln_lines_give_project_paths() {
        let sln = "Microsoft Visual Studio Solution File, Format Version 12.00\n\
Project(\"{9A19103F-16F7-4668-BE54-9A1E7A4F7556}\") = \"Api\", \"src\\Api\\Api.csproj\", \"{1}\"\nEndProject\n\
Project(\"{2150E333-8FDC-42A3-9474-1A3956D46DE8}\") = \"src\", \"src\", \"{2}\"\nEndProject\n";
        assert_eq!(sln_paths(sln), ["src\\Api\\Api.csproj", "src"]);
        let slnx = r#"<Solution><Folder Name="/src/"><Project Path="src/Api/Api.csproj" /></Folder><Project Path="Tests.fsproj"/></Solution>"#;
        assert_eq!(slnx_paths("x.slnx", slnx).unwrap(), ["src/Api/Api.csproj", "Tests.fsproj"]);
        assert!(slnx_paths("x.slnx", "<Solution>").is_err());
        assert!(is_project_file("A.CSPROJ") && !is_project_file(".csproj") && !is_project_file("a.sln"));
    }
}
