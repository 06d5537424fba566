//! The app's own sources: classes with a main method, and the port and
//! framework the main class shows.

use anyhow::Result;

use super::{SOURCE_WALK_DEPTH, SOURCE_WALK_LIMIT, valid_class_name};
use crate::scan::DirIndex;

/// A port literal in a main class: `new InetSocketAddress(8080)`,
/// `.start(7070)` (Javalin), `port(4567)` (Spark), or a PORT default.
pub(super) fn source_port(text: &str) -> Option<u16> {
    use regex_lite::Regex;
    use std::sync::LazyLock;
    static PORT: LazyLock<Vec<Regex>> = LazyLock::new(|| {
        [
            r#"getOrDefault\(\s*"PORT"\s*,\s*"(\d{2,5})"\s*\)"#,
            r#"getenv\(\s*"PORT"\s*\)\s*\?:\s*"(\d{2,5})""#,
            r"new\s+InetSocketAddress\(\s*(\d{2,5})\s*\)",
            r"\.start\(\s*(\d{2,5})\s*\)",
            r"\bport\(\s*(\d{2,5})\s*\)",
            // A port helper's fallback: `int getHerokuAssignedPort() { … return 7070; }`.
            r"(?s)int\s+\w*[Pp]ort\w*\s*\(\s*\)\s*\{[^}]*?(?:\}[^}]*?)?return\s+(\d{2,5})\s*;",
        ]
        .iter()
        .map(|r| Regex::new(r).expect("dockgen bug: invalid built-in regex"))
        .collect()
    });
    PORT.iter().find_map(|re| re.captures(text)?[1].parse().ok().filter(|p| *p > 0))
}

/// The port a framework listens on when the code names none: Spark's
/// 4567 (`port(…)` unset).
pub(super) fn framework_default_port(framework: &str) -> Option<u16> {
    match framework {
        "Spark" => Some(4567),
        _ => None,
    }
}

pub(super) fn source_framework(text: &str) -> Option<&'static str> {
    [
        ("io.javalin", "Javalin"),
        ("spark.Spark", "Spark"),
        ("io.micronaut", "Micronaut"),
        ("io.helidon", "Helidon"),
        ("io.vertx", "Vert.x"),
        ("io.ktor", "Ktor"),
        ("com.sun.net.httpserver", "JDK HttpServer"),
    ]
    .iter()
    .find(|(needle, _)| text.contains(needle))
    .map(|(_, name)| *name)
}

/// (fully qualified class, source file) pairs.
type MainClasses = Vec<(String, String)>;

/// Classes with a main method under src/main/{java,kotlin}: a bounded walk of
/// the project's own sources (never build output or dependencies).
pub(super) fn scan_sources(index: &DirIndex) -> Result<(MainClasses, Vec<String>)> {
    let mut found = Vec::new();
    let mut tried = Vec::new();
    let mut visited = 0usize;
    for root in ["src/main/java", "src/main/kotlin"] {
        if !index.is_dir(root) {
            tried.push(format!("no {root}/"));
            continue;
        }
        let mut stack = vec![(root.to_string(), 0usize)];
        while let Some((dir, depth)) = stack.pop() {
            let names: Vec<(String, bool)> =
                index.entries(&dir).into_iter().filter(|e| !e.name.starts_with('.')).map(|e| (e.name, e.is_dir)).collect();
            for (name, is_dir) in names {
                visited += 1;
                if visited > SOURCE_WALK_LIMIT {
                    tried.push(format!("stopped after {SOURCE_WALK_LIMIT} entries under src/main"));
                    return Ok((found, tried));
                }
                let rel = format!("{dir}/{name}");
                if is_dir {
                    if depth < SOURCE_WALK_DEPTH {
                        stack.push((rel, depth + 1));
                    }
                    continue;
                }
                let kotlin = name.ends_with(".kt");
                if !(name.ends_with(".java") || kotlin) {
                    continue;
                }
                let Ok(text) = index.read(&rel) else { continue };
                if let Some(class) = main_class_of(&text, &name, kotlin) {
                    found.push((class, rel));
                }
            }
        }
        tried.push(format!("searched {root}/ for a main method"));
    }
    found.sort();
    Ok((found, tried))
}

/// The class a source file's main method belongs to, if it has one.
pub(super) fn main_class_of(text: &str, file: &str, kotlin: bool) -> Option<String> {
    let code = super::gradle_script::strip_comments(text);
    let stem = file.rsplit_once('.')?.0;
    let class = if kotlin {
        // A top-level `fun main` compiles into <File>Kt.
        let top = code.lines().any(|l| l.starts_with("fun main(") || l.starts_with("fun main ("));
        if !top {
            return None;
        }
        let jvm_name = code.lines().find_map(|l| l.trim().strip_prefix("@file:JvmName(\"")?.split('"').next().map(str::to_string));
        jvm_name.unwrap_or_else(|| {
            let mut c = stem.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect::<String>() + "Kt").unwrap_or_default()
        })
    } else {
        let squashed: String = code.split_whitespace().collect::<Vec<_>>().join(" ");
        let has_main = squashed.contains("static void main(String[]")
            || squashed.contains("static void main(String []")
            || squashed.contains("static void main(String...")
            || squashed.contains("static void main(final String[]");
        if !has_main {
            return None;
        }
        stem.to_string()
    };
    let package = code.lines().find_map(|l| {
        let rest = l.trim().strip_prefix("package ")?;
        Some(rest.trim_end_matches(';').trim().to_string())
    });
    let fqcn = match package {
        Some(p) if !p.is_empty() => format!("{p}.{class}"),
        _ => class,
    };
    valid_class_name(&fqcn).then_some(fqcn)
}
