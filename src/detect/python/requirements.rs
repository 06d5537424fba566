//! Requirement lines (PEP 508), read with pep508_rs: the names of the
//! dependencies, and what an extra implies (`fastapi[standard]` brings
//! uvicorn).

use std::str::FromStr;

#[cfg(test)]
pub(super) fn requirement_name(line: &str) -> Option<String> {
    requirement(line).map(|(name, _)| name)
}

/// Extras that bring a server with them: `fastapi[standard]` and
/// `fastapi[all]` install uvicorn and the `fastapi` command.
pub(super) const IMPLIED: &[(&str, &[&str], &[&str])] = &[("fastapi", &["standard", "all"], &["uvicorn", "fastapi-cli"])];

/// Normalised names of requirement lines, with what their extras bring.
pub(super) fn dependency_names<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out = Vec::new();
    for (name, extras) in lines.filter_map(requirement) {
        for (pkg, with, brings) in IMPLIED {
            if name == *pkg && extras.iter().any(|e| with.contains(&e.as_str())) {
                out.extend(brings.iter().map(|b| b.to_string()));
            }
        }
        out.push(name);
    }
    out
}

/// A requirement line's normalised name and extras.
pub(super) fn requirement(line: &str) -> Option<(String, Vec<String>)> {
    let line = line.split(" #").next()?.trim();
    if line.is_empty() || line.starts_with('#') || line.starts_with('-') {
        return None;
    }
    // Hash options follow the requirement on the same line.
    let req = line.split(" --").next()?.trim().trim_end_matches('\\').trim();
    // pep508_rs panics on some malformed names ("gun-\0icorn", found by
    // fuzzing): hand it only lines whose name is valid PEP 508 and is
    // followed by what may follow a name.
    let name_len = req.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))).unwrap_or(req.len());
    let (name, rest) = req.split_at(name_len);
    let edge_ok = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if !edge_ok(name.chars().next()) || !edge_ok(name.chars().last()) {
        return None;
    }
    if !(rest.is_empty() || rest.starts_with([' ', '\t', '[', '(', '<', '>', '=', '!', '~', ';', '@'])) {
        return None;
    }
    pep508_rs::Requirement::<pep508_rs::VerbatimUrl>::from_str(req)
        .ok()
        .map(|r| (r.name.to_string(), r.extras.iter().map(|e| e.to_string()).collect()))
}

/// The files a requirements file includes (`-r x.txt`, `--requirement=x`,
/// `-c constraints.txt`), as paths from the project root (relative to the
/// including file's folder, as pip reads them); only plain paths inside the
/// project, since they become bind mounts.
pub(super) fn includes(file: &str, text: &str) -> Vec<String> {
    included(file, text).filter_map(|(_, joined)| crate::escape::relative_dir(&joined)).collect()
}

/// (as written, joined to the including file's folder) for each include.
fn included<'a>(file: &'a str, text: &'a str) -> impl Iterator<Item = (&'a str, String)> + 'a {
    let dir = file.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    text.lines().filter_map(move |l| {
        let l = l.split(" #").next()?.trim();
        // `-r` alone (its argument commented out) is an include of nothing.
        let rest = ["-r", "--requirement", "-c", "--constraint"].iter().find_map(|o| l.strip_prefix(o).filter(|r| r.is_empty() || r.starts_with([' ', '='])))?;
        let path = rest.trim_start_matches(['=', ' ']).trim();
        Some((path, if dir.is_empty() { path.to_string() } else { format!("{dir}/{path}") }))
    })
}

/// An include dockgen cannot bind-mount into the build (outside the
/// project, absolute, or a name with spaces, quotes or `$`): pip would not
/// find it, so it is refused by name.
pub(super) fn refuse_unmountable(file: &str, text: &str) -> anyhow::Result<()> {
    // A URL (`-c https://…/constraints-3.12.txt`) is fetched by pip itself.
    let url = |p: &str| p.starts_with("https://") || p.starts_with("http://");
    if let Some((path, _)) = included(file, text).find(|(path, joined)| !url(path) && crate::escape::relative_dir(joined).is_none()) {
        anyhow::bail!(
            "{file} includes {} (-r/-c), which dockgen cannot mount into the build (only paths inside the project, of letters, digits, `.`, `_`, `-`, `@` and `/`); move or rename that file, or copy its lines in",
            crate::text::printable(path)
        );
    }
    Ok(())
}

pub(super) fn normalise(name: &str) -> String {
    name.to_lowercase().replace(['_', '.'], "-")
}

#[cfg(test)]
mod include_tests {
    use super::*;

    #[test]
    fn included_requirement_files_are_found_beside_their_includer() {
        assert_eq!(includes("requirements.txt", "-r requirements/heroku.txt\nflask\n--requirement=dev.txt # comment\n-c constraints.txt\n"), ["requirements/heroku.txt", "dev.txt", "constraints.txt"]);
        assert_eq!(includes("requirements/production.txt", "-r base.txt\n-r ../outside.txt\n-r /etc/passwd\n-r $(evil).txt\n"), ["requirements/base.txt"]);
        assert!(refuse_unmountable("requirements.txt", "-r base.txt\n-c https://example.org/constraints.txt\nflask\n").is_ok());
        for bad in ["-r ../outside.txt", "-r /etc/passwd", "--requirement=$(evil).txt", "-c 'my constraints.txt'"] {
            let e = refuse_unmountable("requirements.txt", bad).unwrap_err().to_string();
            assert!(e.starts_with("requirements.txt includes ") && e.contains("cannot mount"), "{bad}: {e}");
        }
    }
}
