//! Apps that Bun runs (`bun app.ts`, `Bun.serve`, `export default { fetch }`):
//! Bun is their runtime, not only their installer, so they get Bun's images.

use super::{Pkg, exists};
use crate::scan::DirIndex;

/// Entry files a Bun app starts from, tried in order.
const BUN_ENTRIES: &[&str] = &[
    "index.ts", "index.tsx", "server.ts", "app.ts", "main.ts", "src/index.ts", "src/index.tsx",
    "src/server.ts", "src/app.ts", "src/main.ts", "hello.ts", "index.js", "server.js", "app.js",
];

/// `bun` for a package that declares Bun's types or its own start is bun.
pub fn uses_bun(pkg: &Pkg) -> bool {
    pkg.has("@types/bun") || pkg.has("bun-types") || start_words(pkg).first().is_some_and(|w| w == "bun")
}

fn start_words(pkg: &Pkg) -> Vec<String> {
    pkg.script("start").and_then(|s| shell_words::split(s).ok()).unwrap_or_default()
}

/// Bun's start command, `bun <file>`, and where it came from: a start
/// script that runs bun on a file, or an entry file that serves with Bun.
pub fn start(index: &DirIndex, pkg: &Pkg, tried: &mut Vec<String>) -> Option<(Vec<String>, String)> {
    let words = start_words(pkg);
    if words.first().is_some_and(|w| w == "bun") {
        let rest: Vec<&String> = words.iter().skip(1).filter(|w| !w.starts_with('-')).collect();
        // `bun app.ts` and `bun run app.ts`
        let file = match rest.as_slice() {
            [run, file, ..] if run.as_str() == "run" => Some(*file),
            [file, ..] => Some(*file),
            [] => None,
        };
        match file {
            Some(f) if exists(index, f) => {
                let script = pkg.script("start").unwrap_or_default();
                return Some((vec!["bun".into(), f.clone()], format!("package.json scripts.start ({script})")));
            }
            Some(f) => tried.push(format!("scripts.start runs bun on {f}, which does not exist")),
            None => tried.push("scripts.start runs bun on no file".into()),
        }
    }
    for file in BUN_ENTRIES {
        if exists(index, file)
            && let Ok(text) = index.read(file)
            && (text.contains("Bun.serve") || (text.contains("export default") && text.contains("fetch")))
        {
            return Some((vec!["bun".into(), file.to_string()], format!("{file} (serves with Bun)")));
        }
    }
    tried.push(format!("no entry file that serves with Bun ({})", BUN_ENTRIES.join(", ")));
    None
}
