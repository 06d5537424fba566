//! The module's packages: which are `main`, which one is the service, and
//! what the main package's import graph shows (cgo, the port, `$PORT`).

use anyhow::{Result, bail};
use std::collections::{BTreeSet, VecDeque};

use super::lex::{GoFile, Tok};
use super::port::find_port;
use super::{MAX_GO_FILES, MAX_PACKAGES};
use crate::model::join;
use crate::scan::DirIndex;

/// Non-test `.go` files of one folder (relative paths), and whether C++
/// sources sit beside them.
pub(super) fn go_files(index: &DirIndex, rel: &str) -> (Vec<String>, bool) {
    let mut files = Vec::new();
    let mut cxx = false;
    for e in index.entries(rel).into_iter().filter(|e| !e.is_dir) {
        let name = e.name;
        if name.ends_with(".go") && !name.ends_with("_test.go") {
            files.push(if rel == "." { name } else { format!("{rel}/{name}") });
        } else if [".cc", ".cpp", ".cxx"].iter().any(|x| name.ends_with(x)) {
            cxx = true;
        }
    }
    files.sort();
    (files, cxx)
}

/// The package a folder declares, from its first buildable file.
pub(super) fn package_of(index: &DirIndex, rel: &str) -> Result<Option<String>> {
    let (files, _) = go_files(index, rel);
    for f in files {
        let file = GoFile::parse(&index.read(&f)?);
        if !file.ignored && file.package.is_some() {
            return Ok(file.package);
        }
    }
    Ok(None)
}

/// Folder names that can stand in a `go build` path and a RUN line as-is.
/// Anything else (spaces, quotes, newlines) is never offered as a main
/// package: a newline there would start a new Dockerfile instruction.
pub(super) fn safe_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

pub(super) fn skip_dir(name: &str) -> bool {
    !safe_name(name)
        || name.starts_with('.')
        || name.starts_with('_')
        || matches!(name, "vendor" | "testdata" | "node_modules" | "target")
}

/// `package main` at the root, in `cmd/<name>`, or in a top-level folder's
/// main.go. Reads the root, `cmd/` and those folders only.
pub(super) fn main_candidates(index: &DirIndex) -> Result<Vec<String>> {
    let mut out = Vec::new();
    if index.has_extension("go") && package_of(index, ".")?.as_deref() == Some("main") {
        out.push(".".to_string());
    }
    if index.has_dir("cmd") {
        let subdirs: Vec<String> = index.subdirs("cmd").into_iter().filter(|n| !skip_dir(n)).collect();
        for d in subdirs.iter().take(MAX_PACKAGES) {
            if package_of(index, &format!("cmd/{d}"))?.as_deref() == Some("main") {
                out.push(format!("./cmd/{d}"));
            }
        }
    }
    if out.is_empty() {
        for d in index.dirs.iter().filter(|d| !skip_dir(d) && d.as_str() != "cmd") {
            if index.is_file(&format!("{d}/main.go"))
                && package_of(index, d)?.as_deref() == Some("main")
            {
                out.push(format!("./{d}"));
            }
        }
    }
    Ok(out)
}

/// Checks `--main` and returns it as a `go build` path (`.` or `./a/b`).
pub(super) fn validate_main(index: &DirIndex, raw: &str, candidates: &[String]) -> Result<String> {
    let mut p = raw.trim().trim_start_matches("./").trim_end_matches('/').to_string();
    if p.ends_with(".go")
        && let Some((dir, _)) = p.rsplit_once('/')
    {
        p = dir.to_string();
    } else if p.ends_with(".go") {
        p = ".".to_string();
    }
    if p.is_empty() {
        p = ".".to_string();
    }
    let hint = if candidates.is_empty() {
        String::new()
    } else {
        format!(" (main packages found: {})", join(candidates))
    };
    let safe = p
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/'));
    if !safe || p.starts_with('/') || p.split('/').any(|s| s == ".." || s.is_empty()) {
        bail!(
            "--main '{raw}' is not a package folder inside the project; give a relative path such as ./cmd/server{hint}"
        );
    }
    if package_of(index, &p)?.as_deref() != Some("main") {
        bail!("--main '{raw}': no `package main` .go files in {p}/{hint}");
    }
    Ok(if p == "." { p } else { format!("./{p}") })
}

/// From the module path's last element, or the main package's folder.
pub(super) fn binary_name(main: &str, module: &str) -> String {
    let base = if main == "." {
        let mut parts = module.rsplit('/');
        let last = parts.next().unwrap_or("");
        // example.com/app/v2 → app
        if last.len() > 1 && last.starts_with('v') && last[1..].chars().all(|c| c.is_ascii_digit()) {
            parts.next().unwrap_or(last)
        } else {
            last
        }
    } else {
        main.rsplit('/').next().unwrap_or("")
    };
    let clean: String = base
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        .collect();
    let clean = clean.trim_start_matches(['.', '-', '_']).to_string();
    if clean.is_empty() { "app".to_string() } else { clean }
}

/// Of several main packages, the one that is the service: it runs a
/// server (ListenAndServe, Serve) itself, and is named after the module's last path element (`cmd/wtf` in
/// `github.com/acme/wtf`) or after it with a `d` (`wtfd`). Picked only when one candidate scores highest; the rest are named.
pub(super) fn the_service(index: &DirIndex, module: &str, candidates: &[String], warnings: &mut Vec<String>) -> Result<Option<(String, Analysis)>> {
    let last = module.rsplit('/').next().unwrap_or(module);
    let mut scored = Vec::new();
    for c in candidates {
        let name = c.trim_end_matches('/').rsplit('/').next().unwrap_or(c);
        // A port literal may sit in a shared package; a server call in the
        // main package itself is what marks the service.
        let analysis = analyse(index, c, module)?;
        let serves = analysis.serves;
        let named = name == last || name == format!("{last}d");
        let score = 2 * u8::from(serves) + u8::from(named);
        let why = match (serves, named) {
            (true, true) => format!("it runs a server and is named after the module ({last})"),
            (true, false) => "it is the one that runs a server".to_string(),
            (false, true) => format!("it is named after the module ({last})"),
            (false, false) => String::new(),
        };
        scored.push((score, c.clone(), why, analysis));
    }
    scored.sort_by_key(|s| std::cmp::Reverse(s.0));
    let clear = matches!(scored.as_slice(), [(best, ..), (next, ..), ..] if *best > 0 && best > next);
    if !clear {
        return Ok(None);
    }
    let (_, pick, why, analysis) = scored.swap_remove(0);
    let others: Vec<&str> = candidates.iter().filter(|c| **c != pick).map(String::as_str).collect();
    warnings.push(format!(
        "several main packages; building {pick} because {why}. The others: {}; pass --main to build another",
        others.join(", ")
    ));
    Ok(Some((pick, analysis)))
}

#[derive(Debug, Default)]
pub(super) struct Analysis {
    pub cgo: Option<String>,
    pub cxx: bool,
    pub reads_port_env: bool,
    /// Calls a server's ListenAndServe / Serve (a service, not a CLI).
    serves: bool,
    /// (port, where it was found, listens on loopback only)
    pub port: Option<(u16, String, bool)>,
}

/// Follows the main package's local imports, breadth first and bounded,
/// reading each package's non-test files once.
pub(super) fn analyse(index: &DirIndex, main: &str, module: &str) -> Result<Analysis> {
    let mut a = Analysis::default();
    let mut best: Option<(u8, u16, String, bool)> = None;
    let mut seen = BTreeSet::new();
    let mut queue = VecDeque::from([main.trim_start_matches("./").to_string()]);
    let mut files_read = 0;
    while let Some(dir) = queue.pop_front() {
        if seen.len() >= MAX_PACKAGES || !seen.insert(dir.clone()) {
            continue;
        }
        let (files, cxx) = go_files(index, &dir);
        for f in files {
            if files_read >= MAX_GO_FILES {
                break;
            }
            files_read += 1;
            let file = GoFile::parse(&index.read(&f)?);
            if file.ignored {
                continue;
            }
            for imp in &file.imports {
                if imp == "C" {
                    a.cgo.get_or_insert_with(|| f.clone());
                    a.cxx |= cxx;
                } else if imp == module {
                    queue.push_back(".".to_string());
                } else if let Some(rest) = imp.strip_prefix(module).and_then(|r| r.strip_prefix('/'))
                    && !rest.split('/').any(|s| s == "vendor" || s == "..")
                {
                    queue.push_back(rest.to_string());
                }
            }
            // In the main package itself: a library it imports may define
            // a server without this binary running one.
            a.serves |= dir == main.trim_start_matches("./") && file.tokens.iter().any(|t| matches!(t, Tok::Ident(i) if i.starts_with("ListenAndServe") || i == "Serve" || i == "ServeTLS"));
            let (env, found) = find_port(&file.tokens);
            a.reads_port_env |= env;
            if let Some((strength, port, what, loopback)) = found
                && best.as_ref().is_none_or(|b| strength > b.0)
            {
                best = Some((strength, port, format!("{f} ({what})"), loopback));
            }
        }
    }
    a.port = best.map(|(_, p, s, l)| (p, s, l));
    Ok(a)
}

