//! The shape of `src/`: layers that only point down, and no import circle
//! among its top-level modules. Read from the code's own `crate::` paths
//! (`use crate::x`, `crate::x::f()`, `use crate::{a, b}`), test code and
//! comments left out. A new module goes into [`LAYERS`]; an arrow that
//! points up fails here with the file that draws it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Low to high. A module may use its own layer's and lower layers' modules;
/// circles are refused even within a layer.
const LAYERS: &[&[&str]] = &[
    &["text", "escape", "version", "error"],
    &["images", "mirror", "dockerfile", "keep", "lint", "pin", "pypi", "prompt", "terminal", "report"],
    &["scan", "overlay", "preset"],
    &["workspace", "bases", "assets", "entry_script", "compose"],
    &["choices", "model"],
    &["detect", "usage"],
    &["plan_bases", "plan_mixed", "subproject", "plan"],
    &["render", "write", "drift"],
    &["pipeline"],
    &["config", "wizard"],
    &["cli", "commands"],
    &["crate"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The top-level module a file under src/ belongs to (`crate` for lib.rs
/// and main.rs).
fn module_of(rel: &Path) -> String {
    let first = rel.components().next().unwrap().as_os_str().to_string_lossy().to_string();
    match first.as_str() {
        "lib.rs" | "main.rs" => "crate".to_string(),
        f => f.trim_end_matches(".rs").to_string(),
    }
}

/// The code a module runs: comments and `#[cfg(test)]` items (`mod tests;`
/// or a braced block) dropped; what follows them is kept.
fn code(text: &str) -> String {
    let text: String = text.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n");
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let item = &rest[at + "#[cfg(test)]".len()..];
        let (semi, brace) = (item.find(';'), item.find('{'));
        let end = match (semi, brace) {
            (Some(s), b) if b.is_none_or(|b| s < b) => s + 1,
            (_, Some(b)) => {
                let mut depth = 0;
                let mut end = item.len();
                for (i, c) in item[b..].char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = b + i + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                end
            }
            _ => item.len(),
        };
        rest = &item[end..];
    }
    out.push_str(rest);
    out
}

/// The top-level modules `crate::` paths in `text` name.
fn crate_refs(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(at) = text[from..].find("crate::") {
        let found = from + at;
        let start = found + "crate::".len();
        from = start;
        // Not `my_crate::` or a macro's `$crate::`.
        if found > 0 && (bytes[found - 1].is_ascii_alphanumeric() || bytes[found - 1] == b'_' || bytes[found - 1] == b'$') {
            continue;
        }
        if bytes.get(start) == Some(&b'{') {
            // `crate::{a, b::c, d::{e, f}}`: the first segment of each item.
            let mut depth = 0;
            let mut item = String::new();
            for &b in &bytes[start + 1..] {
                match b {
                    b'{' => depth += 1,
                    b'}' if depth == 0 => break,
                    b'}' => depth -= 1,
                    b',' if depth == 0 => {
                        push_first(&item, &mut out);
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                if depth == 0 {
                    item.push(b as char);
                }
            }
            push_first(&item, &mut out);
        } else {
            let name: String = text[start..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

fn push_first(item: &str, out: &mut BTreeSet<String>) {
    let first: String = item.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
    if !first.is_empty() && first != "self" {
        out.insert(first);
    }
}

/// module → (module it uses → a file that does).
fn graph(src: &Path) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut g: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    let top: BTreeSet<String> = std::fs::read_dir(src).unwrap().map(|e| module_of(Path::new(&e.unwrap().file_name()))).collect();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") || path.file_name().is_some_and(|n| n == "tests.rs") {
                continue;
            }
            let rel = path.strip_prefix(src).unwrap();
            let from = module_of(rel);
            let text = std::fs::read_to_string(&path).unwrap();
            let edges = g.entry(from.clone()).or_default();
            for to in crate_refs(&code(&text)) {
                // `crate::Foo` names an item the crate root re-exports.
                let to = if top.contains(&to) { to } else { "crate".to_string() };
                if to != from {
                    edges.entry(to).or_insert_with(|| rel.display().to_string());
                }
            }
        }
    }
    g
}

/// Strongly connected components with more than one module (Tarjan).
fn circles(g: &BTreeMap<String, BTreeMap<String, String>>) -> Vec<Vec<String>> {
    struct T<'a> {
        g: &'a BTreeMap<String, BTreeMap<String, String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        next: usize,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(t: &mut T<'a>, v: &'a str) {
        t.index.insert(v, t.next);
        t.low.insert(v, t.next);
        t.next += 1;
        t.stack.push(v);
        t.on.insert(v);
        if let Some(edges) = t.g.get(v) {
            for w in edges.keys() {
                let w = w.as_str();
                if !t.index.contains_key(w) {
                    visit(t, w);
                    let lw = t.low[w];
                    let lv = t.low[v];
                    t.low.insert(v, lv.min(lw));
                } else if t.on.contains(w) {
                    let iw = t.index[w];
                    let lv = t.low[v];
                    t.low.insert(v, lv.min(iw));
                }
            }
        }
        if t.low[v] == t.index[v] {
            let mut c = Vec::new();
            loop {
                let w = t.stack.pop().unwrap();
                t.on.remove(w);
                c.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if c.len() > 1 {
                c.sort();
                t.out.push(c);
            }
        }
    }
    let mut t = T { g, index: BTreeMap::new(), low: BTreeMap::new(), stack: Vec::new(), on: BTreeSet::new(), next: 0, out: Vec::new() };
    for v in g.keys() {
        if !t.index.contains_key(v.as_str()) {
            visit(&mut t, v);
        }
    }
    t.out
}

fn src() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn no_import_circle_among_top_level_modules() {
    let g = graph(&src());
    let g = &g;
    let found = circles(g);
    let described: Vec<String> = found
        .iter()
        .map(|c| {
            let arrows: Vec<String> = c.iter().flat_map(|a| c.iter().filter_map(move |b| g.get(a).and_then(|e| e.get(b)).map(|f| format!("{a} → {b} ({f})")))).collect();
            format!("{}: {}", c.join(", "), arrows.join("; "))
        })
        .collect();
    assert!(found.is_empty(), "import circles in src/:\n{}", described.join("\n"));
}

#[test]
fn every_arrow_points_down_the_layers() {
    let g = graph(&src());
    let mut wrong = Vec::new();
    for (from, edges) in &g {
        let Some(lf) = layer_of(from) else {
            wrong.push(format!("{from}: not in LAYERS (tests/architecture.rs); put it in the layer it belongs to"));
            continue;
        };
        for (to, file) in edges {
            match layer_of(to) {
                Some(lt) if lt <= lf => {}
                Some(_) => wrong.push(format!("{from} → {to} points up ({file})")),
                None => wrong.push(format!("{to}: not in LAYERS (used by {file})")),
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_reader_sees_every_spelling_of_an_import() {
    let refs = crate_refs("use crate::a::B;\nlet x = crate::b::f();\nuse crate::{c, d::E, e::{F, G}, self};\nmacro $crate::z\n");
    assert_eq!(refs.into_iter().collect::<Vec<_>>(), ["a", "b", "c", "d", "e"]);
    assert_eq!(code("use crate::a; // crate::b\n#[cfg(test)]\nmod tests { use crate::c; { } }\nuse crate::d;"), "use crate::a; \n\nuse crate::d;");
    assert_eq!(code("#[cfg(test)]\nmod tests;\nuse crate::e;"), "\nuse crate::e;");
    let mut g = BTreeMap::new();
    g.insert("a".to_string(), BTreeMap::from([("b".to_string(), "a.rs".to_string())]));
    g.insert("b".to_string(), BTreeMap::from([("a".to_string(), "b.rs".to_string())]));
    assert_eq!(circles(&g), [vec!["a".to_string(), "b".to_string()]]);
}

/// The plan hand-off is typed: no `dyn Any` (and so no downcast) in what
/// detection hands to planning.
#[test]
fn no_dyn_any_in_the_plan_hand_off() {
    let src = src();
    let mut files = vec![src.join("model.rs"), src.join("plan.rs"), src.join("plan_bases.rs"), src.join("plan_mixed.rs")];
    let mut stack = vec![src.join("detect")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                files.push(p);
            }
        }
    }
    let found: Vec<String> = files
        .iter()
        .filter(|f| {
            let text = code(&std::fs::read_to_string(f).unwrap());
            text.contains("dyn Any") || text.contains("dyn std::any::Any") || text.contains("downcast_ref")
        })
        .map(|f| f.strip_prefix(&src).unwrap().display().to_string())
        .collect();
    assert!(found.is_empty(), "dyn Any in the plan hand-off: {found:?}");
}
