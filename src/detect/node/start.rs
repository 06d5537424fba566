//! The start command and the port: a start script that runs node on a real
//! file, `main`, the common entry files; the port from the entry file.

use super::*;

/// Start scripts that only make sense on a developer's machine.
pub(super) const DEV_TOOLS: &[&str] = &[
    "nodemon", "ts-node", "ts-node-dev", "tsx", "vite", "webpack-dev-server", "react-scripts",
    "ng", "vue-cli-service", "concurrently", "npm-run-all", "parcel",
];

/// Files tried, in order, when neither a start script nor `main` settles it.
pub(super) const ENTRY_FILES: &[&str] = &[
    "server.js", "app.js", "index.js", "main.js", "server.mjs", "index.mjs", "src/server.js",
    "src/app.js", "src/index.js", "src/main.js",
];

/// Where the file would be after the build: `src/main.ts` → `dist/main.js`.
pub(super) fn compiled_twin(path: &str, out: &str) -> String {
    let stem = path.trim_start_matches("./");
    let stem = stem.strip_prefix("src/").unwrap_or(stem);
    let stem = stem.trim_end_matches(".ts").trim_end_matches(".mts").trim_end_matches(".js");
    format!("{out}/{stem}.js")
}

/// The start command as exec-form argv, where it came from, and what was
/// tried before it. Only commands that can run in a production image.
pub(super) fn start_command(index: &DirIndex, pkg: &Pkg, f: &NodeFacts, fw: Option<&str>) -> (Option<(Vec<String>, String)>, Vec<String>) {
    let mut tried = Vec::new();
    let found = find_start(index, pkg, f, fw, &mut tried);
    (found, tried)
}

pub(super) fn find_start(index: &DirIndex, pkg: &Pkg, f: &NodeFacts, fw: Option<&str>, tried: &mut Vec<String>) -> Option<(Vec<String>, String)> {
    let out = f.output_dir.as_deref().unwrap_or("dist");
    let built = f.build_script || f.typescript;

    if fw == Some("nestjs") {
        return Some((vec!["node".into(), format!("{out}/main")], "NestJS (`nest start` runs dist/main)".into()));
    }

    if let Some(script) = pkg.script("start") {
        match shell_words::split(script) {
            Err(_) => tried.push(format!("scripts.start `{script}` has unbalanced quotes")),
            Ok(words) => {
                let first = words.first().map(String::as_str).unwrap_or("");
                let dev = DEV_TOOLS.contains(&first)
                    || (first == "nest" && words.get(1).map(String::as_str) == Some("start"))
                    || (first == "next" && words.get(1).map(String::as_str) == Some("dev"));
                let shellish = words.iter().any(|w| {
                    ["&&", "||", "|", ";", ">", "<", "&"].contains(&w.as_str()) || w.contains('$') || w.contains('`')
                }) || first.contains('=');
                if dev {
                    tried.push(format!("scripts.start `{script}` runs a development tool ({first})"));
                } else if shellish {
                    tried.push(format!("scripts.start `{script}` needs a shell (operators, variables or inline env)"));
                } else if first == "node" {
                    let file = words.iter().skip(1).find(|w| !w.starts_with('-'));
                    match file {
                        Some(file) if exists(index, file) || (built && file.starts_with(&format!("{out}/"))) => {
                            return Some((words.clone(), format!("package.json scripts.start ({script})")));
                        }
                        Some(file) => tried.push(format!("scripts.start runs {file}, which does not exist")),
                        None => tried.push(format!("scripts.start `{script}` names no file")),
                    }
                } else {
                    tried.push(format!("scripts.start `{script}` does not run node directly"));
                }
            }
        }
    } else {
        tried.push("no scripts.start".into());
    }

    if let Ok(Some(main)) = string(&pkg.json, "main") {
        match crate::escape::relative_dir(main) {
            Some(m) if exists(index, &m) && !m.ends_with(".ts") => {
                return Some((vec!["node".into(), m], "package.json main".into()));
            }
            Some(m) if built && (exists(index, &m) || m.starts_with(&format!("{out}/"))) => {
                let twin = if m.starts_with(&format!("{out}/")) { m.clone() } else { compiled_twin(&m, out) };
                let src = m.trim_start_matches(&format!("{out}/")).trim_end_matches(".js");
                if exists(index, &m) || exists(index, &format!("src/{src}.ts")) || exists(index, &format!("{src}.ts")) {
                    return Some((vec!["node".into(), twin], "package.json main (compiled)".into()));
                }
                tried.push(format!("main {m}: no source for it"));
            }
            Some(m) => tried.push(format!("main {m} does not exist")),
            None => tried.push(format!("main \"{main}\" is not a project path")),
        }
    }

    for file in ENTRY_FILES {
        if exists(index, file) {
            return Some((vec!["node".into(), file.to_string()], format!("{file} (common entry file)")));
        }
    }
    if built {
        for stem in ["server", "index", "main", "app"] {
            let src = format!("src/{stem}.ts");
            if exists(index, &src) {
                return Some((vec!["node".into(), format!("{out}/{stem}.js")], format!("{src} compiled to {out}/")));
            }
        }
    }
    tried.push(format!("none of {} exists", ENTRY_FILES.join(", ")));
    None
}

/// The entry file and, for a compiled one, its source: what to read.
pub(super) fn entry_sources(argv: &[String], out: Option<&str>) -> Vec<String> {
    let Some(file) = argv.iter().skip(1).find(|w| !w.starts_with('-')) else {
        return Vec::new();
    };
    let mut candidates = vec![file.clone(), format!("{file}.js")];
    if let Some(out) = out
        && let Some(rest) = file.strip_prefix(&format!("{out}/"))
    {
        let stem = rest.trim_end_matches(".js");
        candidates.push(format!("src/{stem}.ts"));
        candidates.push(format!("src/{stem}.js"));
    }
    candidates
}

pub(super) fn entry_uses_http(index: &DirIndex, argv: &[String], out: Option<&str>) -> bool {
    entry_sources(argv, out).iter().filter(|c| exists(index, c)).any(|c| {
        index.read(c).is_ok_and(|t| {
            ["\"http\"", "'http'", "\"node:http\"", "'node:http'"].iter().any(|m| t.contains(m))
        })
    })
}

/// The port from the entry file: `listen(3000)`, `process.env.PORT || 3000`.
pub(super) fn port_from_entry(index: &DirIndex, argv: &[String], out: Option<&str>) -> Option<Sourced<u16>> {
    for c in entry_sources(argv, out) {
        if !exists(index, &c) {
            continue;
        }
        let text = index.read(&c).ok()?;
        if let Some((p, what)) = scan_port(&text) {
            return Some(Sourced::new(p, format!("{c} ({what})")));
        }
    }
    None
}

pub(super) fn digits_after(s: &str) -> Option<u16> {
    let s = s.trim_start();
    let d: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    d.parse().ok().filter(|p| *p > 0)
}

pub(super) fn scan_port(text: &str) -> Option<(u16, String)> {
    // process.env.PORT || 3000  /  ?? 3000  /  Number(process.env.PORT) || 3000
    for (i, _) in text.match_indices("process.env.PORT") {
        let rest = &text[i + "process.env.PORT".len()..];
        // `)` of Number(…), `!` of TypeScript's non-null assertion
        let rest = rest.trim_start_matches(|c: char| c == ')' || c == '!' || c.is_whitespace());
        for op in ["||", "??"] {
            if let Some(after) = rest.strip_prefix(op) {
                let after = after.trim_start().trim_start_matches(['\'', '"']);
                if let Some(p) = digits_after(after) {
                    return Some((p, format!("default for $PORT {p}")));
                }
            }
        }
    }
    // Hono's serve({ fetch, port: 8787 }), Bun.serve({ port: 3000 }),
    // Bun's `export default { port: 3000, fetch }`.
    for key in ["serve(", "export default"] {
        for (i, _) in text.match_indices(key) {
            let window: String = text[i..].chars().take(400).collect();
            let body = window.split_once('{').map(|(_, b)| b).unwrap_or("");
            if let Some(j) = body.find("port:")
                && let Some(p) = digits_after(&body[j + "port:".len()..])
            {
                return Some((p, format!("{}port: {p}", if key == "serve(" { "serve({ " } else { "export default { " })));
            }
        }
    }
    for (i, _) in text.match_indices("listen(") {
        let rest = &text[i + "listen(".len()..];
        let rest = rest.trim_start_matches(|c: char| c == '{' || c.is_whitespace());
        let rest = rest.strip_prefix("port:").unwrap_or(rest);
        if let Some(p) = digits_after(rest) {
            return Some((p, format!("listen({p})")));
        }
        // listen(port) with `const port = 8080` in the same file.
        let ident: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '$').collect();
        if !ident.is_empty() && !ident.starts_with(|c: char| c.is_ascii_digit()) {
            for decl in ["const ", "let ", "var "] {
                let needle = format!("{decl}{ident} =");
                if let Some(j) = text.find(&needle)
                    && let Some(p) = digits_after(&text[j + needle.len()..])
                {
                    return Some((p, format!("{decl}{ident} = {p}")));
                }
            }
        }
    }
    None
}

/// The start command (detected, Next's or nginx's default, or unresolved),
/// the image name from it, and the CMD: without `node` on distroless, whose
/// entrypoint is node.
pub(super) fn start_and_cmd(f: &NodeFacts, plan: &mut Plan) -> Result<Vec<String>> {
    let is_static = f.kind == AppKind::Static;
    let start = match &f.start {
        Some(s) => s.value.clone(),
        // Standalone output in a workspace nests the server under the member.
        None if f.kind == AppKind::Next && f.next_standalone => match (&f.workspace, plan.workspace.as_ref()) {
            (Some(_), Some(w)) if w.member != "." => vec!["node".into(), format!("{}/server.js", w.member)],
            _ => vec!["node".into(), "server.js".into()],
        },
        // npm hoists next to the workspace root's node_modules.
        None if f.kind == AppKind::Next && f.workspace.is_some() && f.manager == Manager::Npm => vec!["node".into(), "/app/node_modules/next/dist/bin/next".into(), "start".into()],
        None if f.kind == AppKind::Next => vec!["node".into(), "node_modules/next/dist/bin/next".into(), "start".into()],
        None if is_static => vec!["nginx".into(), "-g".into(), "daemon off;".into()],
        None => {
            plan.unresolved.push(Unresolved::start(&f.start_tried, "node dist/server.js"));
            Vec::new()
        }
    };
    if !start.is_empty() && !is_static && f.kind != AppKind::Bun && plan.runtime == RuntimeKind::Distroless && start[0] != "node" {
        return Err(crate::error::fail(crate::error::Kind::Unresolved, format!(
            "the distroless Node.js image can only run node, but the start command is `{}`; pass --start \"node <file>\" or choose --runtime slim",
            shell_words::join(&start)
        )));
    }
    if let Some(main) = start.get(1)
        && (start[0] == "node" || start[0] == "bun")
        && !is_static
    {
        plan.app = f
            .name
            .as_deref()
            .map(image_name)
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| image_name(main.rsplit('/').next().unwrap_or(main).split('.').next().unwrap_or(main)));
    }
    let cmd = if f.kind != AppKind::Bun && plan.runtime == RuntimeKind::Distroless && start.first().map(String::as_str) == Some("node") {
        start[1..].to_vec()
    } else {
        start.clone()
    };
    plan.start = start;
    Ok(cmd)
}

/// How to start it (an app Bun runs needs Bun at run time too), with any
/// `--env-file` dropped. Returns warnings.
pub(super) fn start_facts(index: &DirIndex, pkg: &Pkg, choices: &Choices, framework: Option<&str>, f: &mut NodeFacts) -> Vec<String> {
    let mut warnings = Vec::new();
    if f.kind == AppKind::Server && f.manager == Manager::Bun && !f.build_script {
        let mut tried = Vec::new();
        if let Some((argv, src)) = bun::start(index, pkg, &mut tried) {
            f.kind = AppKind::Bun;
            f.start = Some(Sourced::new(argv, src));
        }
    }
    if f.kind == AppKind::Server {
        let (found, tried) = start_command(index, pkg, f, framework);
        f.start = found.map(|(argv, src)| Sourced::new(argv, src));
        f.start_tried = tried;
    }
    // A workspace package others use, with no start script or server
    // framework: a library, not an app, whatever its `main` says.
    if let Some(ws) = &f.workspace
        && !ws.used_by.is_empty()
        && framework.is_none()
        && pkg.script("start").is_none()
        && f.kind == AppKind::Server
    {
        f.start = None;
        f.start_tried = vec![format!("a library of this workspace (used by {}) with no scripts.start", ws.used_by.join(", "))];
    }
    if let Some(argv) = &choices.start {
        f.start = Some(Sourced::users(argv.clone(), choices, "start"));
        if argv.first().is_some_and(|p| p == "bun") && f.kind == AppKind::Server {
            f.kind = AppKind::Bun;
        }
    }
    if let Some(start) = &mut f.start {
        let (argv, warning) = checks::drop_env_file(&start.value);
        start.value = argv;
        warnings.extend(warning);
    }
    warnings
}

/// The port: from the entry file, else the framework's default (Bun.serve's
/// 3000 for Bun). A static site has none (nginx's is set in plan).
pub(super) fn port_of(index: &DirIndex, f: &NodeFacts, framework: Option<&str>) -> Option<Sourced<u16>> {
    match f.kind {
        AppKind::Static => None,
        AppKind::Bun => f.start.as_ref().and_then(|s| port_from_entry(index, &s.value, None))
            .or_else(|| Some(Sourced::fallback(3000, "Bun.serve default"))),
        _ => f.start.as_ref().and_then(|s| port_from_entry(index, &s.value, f.output_dir.as_deref())),
    }
    .or_else(|| match framework {
        Some(fw @ ("express" | "fastify" | "koa" | "hapi" | "nestjs" | "next" | "hono")) => {
            Some(Sourced::fallback(3000, format!("{fw} default")))
        }
        _ => None,
    })
}

/// A lowercase image name from a package name (`@acme/api` → `acme-api`).
pub(super) fn image_name(s: &str) -> String {
    let s = s.trim_start_matches('@').replace('/', "-").to_lowercase();
    let clean: String = s.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')).collect();
    clean.trim_matches(['.', '-', '_']).to_string()
}

