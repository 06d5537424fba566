//! The rule checks, over the stages of one Dockerfile.

use super::Project;
use super::model::{ImageRef, Stage, lineage};
use crate::dockerfile::Instruction;

pub struct Found {
    pub rule: &'static str,
    pub line: usize,
    pub message: String,
}

pub struct Ctx<'a> {
    pub stages: &'a [Stage],
    pub dockerignore: Option<&'a str>,
    pub project: Option<&'a Project>,
    pub strict: bool,
    pub out: Vec<Found>,
}

impl Ctx<'_> {
    fn add(&mut self, rule: &'static str, line: usize, message: impl Into<String>) {
        self.out.push(Found { rule, line, message: message.into() });
    }

    fn has_file(&self, name: &str) -> bool {
        self.project.is_some_and(|p| p.files.contains(name))
    }
}

/// The text a RUN executes: its arguments and heredoc bodies.
fn run_text(ins: &Instruction) -> String {
    format!("{} {}", ins.args, ins.heredoc)
}

fn words(s: &str) -> Vec<&str> {
    s.split(|c: char| c.is_whitespace() || c == ';' || c == '&' || c == '|').filter(|w| !w.is_empty()).collect()
}

/// `npm ci`, `pip install` …: the language manager a shell command installs
/// dependencies with, if any (not the system's apt/apk).
fn language_install(cmd: &str) -> Option<&'static str> {
    let w = words(cmd);
    let pair = |a: &str, b: &[&str]| w.windows(2).any(|p| p[0] == a && b.contains(&p[1]));
    if pair("npm", &["ci", "install", "i"]) && !cmd.contains("npm install -g") && !cmd.contains("npm i -g") {
        Some("npm")
    } else if pair("yarn", &["install"]) || w.last() == Some(&"yarn") || w.windows(2).any(|p| p[0] == "yarn" && p[1].starts_with("--")) {
        Some("yarn")
    } else if pair("pnpm", &["install", "i"]) {
        Some("pnpm")
    } else if pair("bun", &["install", "i"]) {
        Some("bun")
    } else if pair("pip", &["install"]) || pair("pip3", &["install"]) || cmd.contains("-m pip install") {
        (cmd.contains(" -r ") || cmd.contains("requirements") || cmd.contains(" .") || cmd.contains("-e ")).then_some("pip")
    } else if pair("poetry", &["install"]) {
        Some("poetry")
    } else if pair("uv", &["sync"]) || (pair("uv", &["pip"]) && cmd.contains("install")) {
        Some("uv")
    } else if pair("go", &["mod"]) && cmd.contains("download") {
        Some("go")
    } else if pair("bundle", &["install"]) {
        Some("bundler")
    } else if pair("composer", &["install"]) {
        Some("composer")
    } else if cmd.contains("dependency:go-offline") || cmd.contains("dependency:resolve") {
        Some("maven")
    } else if pair("cargo", &["fetch"]) {
        Some("cargo")
    } else {
        None
    }
}

/// The image a stage finally stands on (through `FROM <stage>`).
fn image_of<'a>(stages: &'a [Stage], stage: &'a Stage) -> &'a str {
    &lineage(stages, stage).last().unwrap_or(stage).base
}

/// `curl … | sh` and the like, compiled once.
fn pipe_to_shell() -> &'static regex_lite::Regex {
    static RE: std::sync::OnceLock<regex_lite::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| regex_lite::Regex::new(r"\b(curl|wget)\b[^|;&]*\|\s*(sudo\s+)?(ba|z|da|k)?sh\b").expect("static regex"))
}

pub fn all(c: &mut Ctx) {
    users(c);
    bases(c);
    // The final stage and the stages it is built FROM: their layers ship.
    let mut shipped = vec![false; c.stages.len()];
    if let Some(last) = c.stages.last() {
        for s in lineage(c.stages, last) {
            shipped[s.index] = true;
        }
    }
    for stage in c.stages {
        for ins in &stage.instructions {
            per_instruction(c, ins, shipped[stage.index]);
        }
        copy_before_install(c, stage);
    }
    dockerignore(c);
    final_stage(c);
}

/// root-user, user-without-uid.
fn users(c: &mut Ctx) {
    let Some(last) = c.stages.last() else { return };
    let user = lineage(c.stages, last).find_map(|s| s.instructions.iter().rev().find(|i| i.kw() == "USER")).cloned();
    match user {
        None => {
            let image = ImageRef::parse(image_of(c.stages, last));
            let nonroot_base = image.tag.as_deref().is_some_and(|t| t.contains("nonroot"))
                || image.repo.starts_with("cgr.dev/chainguard/")
                || image.tag.as_deref().is_some_and(|t| t.contains("chiseled"))
                || image.repo.starts_with("bitnami/");
            if !nonroot_base && image.repo != "scratch" {
                c.add("root-user", last.from.line, format!("no USER in the final stage: {} runs as root", image.repo));
            } else if image.repo == "scratch" {
                c.add("root-user", last.from.line, "no USER in the final stage: a scratch image runs as uid 0");
            }
        }
        Some(u) => {
            let who = u.args.split_whitespace().next().unwrap_or("");
            let name = who.split(':').next().unwrap_or("");
            if name == "root" || name == "0" {
                c.add("root-user", u.line, format!("USER {who}: the final stage runs as root"));
            } else if !name.chars().all(|ch| ch.is_ascii_digit()) && !name.starts_with('$') {
                c.add("user-without-uid", u.line, format!("USER {who} is a name; use its numeric uid"));
            }
        }
    }
}

/// unpinned-base, no-digest.
fn bases(c: &mut Ctx) {
    for s in c.stages {
        if s.parent.is_some() || s.base.contains('$') || s.base.eq_ignore_ascii_case("scratch") || s.base.is_empty() {
            continue;
        }
        let r = ImageRef::parse(&s.base);
        match (r.tag.as_deref(), &r.digest) {
            (None, None) => c.add("unpinned-base", s.from.line, format!("FROM {} has no tag: it means `latest`", s.base)),
            (Some("latest"), None) => c.add("unpinned-base", s.from.line, format!("FROM {}: `latest` moves", s.base)),
            (_, None) if c.strict => c.add("no-digest", s.from.line, format!("FROM {} has no digest", s.base)),
            _ => {}
        }
    }
}

/// `shipped`: the stage's layers are in the final image (apt's size rules
/// only matter there).
fn per_instruction(c: &mut Ctx, ins: &Instruction, shipped: bool) {
    let kw = ins.kw();
    match kw.as_str() {
        "RUN" => {
            let text = run_text(ins);
            let cache = ins.args.contains("--mount=type=cache");
            if let Some(manager) = language_install(&text).filter(|_| !cache) {
                c.add("no-cache-mount", ins.line, format!("the {manager} dependency install has no --mount=type=cache"));
            }
            if shipped && (text.contains("apt-get install") || text.contains("apt install")) {
                if !text.contains("--no-install-recommends") && !text.contains("Install-Recommends=false") {
                    c.add("apt-recommends", ins.line, "apt-get install without --no-install-recommends");
                }
                let lists_cached = cache && ins.args.contains("target=/var/lib/apt");
                if !text.contains("/var/lib/apt/lists") && !lists_cached {
                    c.add("apt-lists", ins.line, "apt-get install leaves /var/lib/apt/lists in the layer");
                }
            }
            for up in ["apt-get upgrade", "apt-get dist-upgrade", "apt upgrade", "apk upgrade", "dnf upgrade", "yum update"] {
                if text.contains(up) {
                    c.add("package-upgrade", ins.line, format!("`{up}` in the build"));
                }
            }
            if pipe_to_shell().is_match(&text) {
                c.add("curl-pipe-shell", ins.line, "a downloaded script is piped to a shell");
            }
            lockfile(c, ins, &text);
        }
        "ARG" | "ENV" => {
            for w in ins.args.split_whitespace() {
                let name = w.split('=').next().unwrap_or("");
                let upper = name.to_ascii_uppercase();
                if crate::dockerfile::looks_secret(name) && !["_FILE", "_PATH", "_DIR", "_ID"].iter().any(|s| upper.ends_with(s)) {
                    c.add("secret-in-arg-env", ins.line, format!("{kw} {name} looks like a secret"));
                }
            }
        }
        "COPY" | "ADD" => {
            let (flags, srcs) = sources(ins);
            if flags.iter().any(|f| f.starts_with("--from")) {
                return;
            }
            for src in &srcs {
                let base = src.rsplit('/').next().unwrap_or(src);
                let secret = base == ".env" || base.starts_with(".env.") || base.ends_with(".pem") || base.ends_with(".key") || base.starts_with("id_rsa") || base.starts_with("id_ed25519") || [".npmrc", ".pypirc", ".netrc"].contains(&base);
                if secret && base != ".env.example" {
                    c.add("secret-copied", ins.line, format!("{kw} {src} puts a secret file in a layer"));
                }
            }
            if kw == "ADD" {
                for src in &srcs {
                    if src.starts_with("http://") || src.starts_with("https://") {
                        if !flags.iter().any(|f| f.starts_with("--checksum")) {
                            c.add("add-url-checksum", ins.line, format!("ADD {src} is not verified"));
                        }
                    } else if !src.starts_with("git@") && ![".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".txz"].iter().any(|e| src.ends_with(e)) {
                        c.add("add-local", ins.line, format!("ADD {src}: use COPY"));
                    }
                }
            }
        }
        _ => {}
    }
}

/// A COPY/ADD's flags and sources (the last word is the destination).
fn sources(ins: &Instruction) -> (Vec<String>, Vec<String>) {
    if ins.args.trim_start().starts_with('[') {
        let v: Vec<String> = serde_json::from_str(&ins.args).unwrap_or_default();
        return (Vec::new(), v.split_last().map(|(_, s)| s.to_vec()).unwrap_or_default());
    }
    let w: Vec<String> = shell_words::split(&ins.args).unwrap_or_else(|_| ins.args.split_whitespace().map(str::to_string).collect());
    let (flags, rest): (Vec<String>, Vec<String>) = w.into_iter().partition(|x| x.starts_with("--"));
    let srcs = rest.split_last().map(|(_, s)| s.to_vec()).unwrap_or_default();
    (flags, srcs.into_iter().filter(|s| !s.starts_with("<<")).collect())
}

/// lockfile-ignored: an install that may rewrite the lockfile it has.
fn lockfile(c: &mut Ctx, ins: &Instruction, text: &str) {
    let w = words(text);
    let has = |n: &str| w.windows(2).any(|p| p[0] == n);
    let lock = |f: &str| c.has_file(f);
    let mut bad = None;
    if w.windows(2).any(|p| p[0] == "npm" && (p[1] == "install" || p[1] == "i")) && !text.contains(" -g") && lock("package-lock.json") {
        bad = Some("npm install with package-lock.json: use npm ci");
    } else if (w.windows(2).any(|p| p[0] == "yarn" && p[1] == "install") || w.last() == Some(&"yarn")) && lock("yarn.lock") && !text.contains("--frozen-lockfile") && !text.contains("--immutable") {
        bad = Some("yarn install without --frozen-lockfile (Berry: --immutable)");
    } else if has("pnpm") && text.contains("pnpm install") && lock("pnpm-lock.yaml") && !text.contains("--frozen-lockfile") {
        bad = Some("pnpm install without --frozen-lockfile");
    } else if text.contains("uv sync") && lock("uv.lock") && !text.contains("--locked") && !text.contains("--frozen") {
        bad = Some("uv sync without --locked");
    } else if text.contains("bun install") && (lock("bun.lock") || lock("bun.lockb")) && !text.contains("--frozen-lockfile") {
        bad = Some("bun install without --frozen-lockfile");
    }
    if let Some(m) = bad {
        c.add("lockfile-ignored", ins.line, m);
    }
}

/// copy-before-install: the whole context copied, then an install.
fn copy_before_install(c: &mut Ctx, stage: &Stage) {
    let mut copied_all: Option<usize> = None;
    for ins in &stage.instructions {
        match ins.kw().as_str() {
            "COPY" | "ADD" => {
                let (flags, srcs) = sources(ins);
                if !flags.iter().any(|f| f.starts_with("--from")) && srcs.iter().any(|s| s == "." || s == "./") {
                    copied_all.get_or_insert(ins.line);
                }
            }
            "RUN" => {
                if let (Some(at), Some(m)) = (copied_all, language_install(&run_text(ins))) {
                    c.add("copy-before-install", at, format!("COPY of the whole context (line {at}) comes before the {m} install on line {}", ins.line));
                    return;
                }
            }
            _ => {}
        }
    }
}

/// no-dockerignore, dockerignore-gap.
fn dockerignore(c: &mut Ctx) {
    let Some(text) = c.dockerignore else {
        c.add("no-dockerignore", 1, "no .dockerignore: the whole folder is sent to the builder");
        return;
    };
    let mut want = vec![".git", ".env"];
    if c.has_file("package.json") {
        want.push("node_modules");
    }
    if c.has_file("Cargo.toml") || c.has_file("pom.xml") {
        want.push("target");
    }
    for path in want {
        if !crate::lint::ignore::excludes(text, path) {
            c.add("dockerignore-gap", 1, format!(".dockerignore lets {path} in"));
        }
    }
}

/// toolchain-in-final, full-base, shell-form-cmd, expose-mismatch, dev-deps-in-final.
fn final_stage(c: &mut Ctx) {
    let Some(last) = c.stages.last() else { return };
    let image = ImageRef::parse(image_of(c.stages, last));
    let tag = image.tag.clone().unwrap_or_default();
    let short = image.short().to_string();
    let toolchain = matches!(short.as_str(), "golang" | "rust" | "maven" | "gradle" | "openjdk" | "sdk" | "buildpack-deps" | "gcc")
        || (matches!(short.as_str(), "eclipse-temurin" | "amazoncorretto" | "sapmachine") && !tag.contains("jre"));
    if toolchain {
        c.add("toolchain-in-final", last.from.line, format!("the final stage is {}{}: a build toolchain", image.repo, if tag.is_empty() { String::new() } else { format!(":{tag}") }));
    } else if matches!(short.as_str(), "python" | "node" | "ruby" | "debian") && !tag.contains("slim") && !tag.contains("alpine") {
        c.add("full-base", last.from.line, format!("{}:{} is the full image; {}", image.repo, if tag.is_empty() { "latest" } else { &tag }, if short == "debian" { "use the -slim variant" } else { "use -slim or -alpine" }));
    }
    for ins in &last.instructions {
        let kw = ins.kw();
        let text = run_text(ins);
        if kw == "RUN" && !toolchain && ["build-essential", " gcc", " g++", " clang", "golang-go"].iter().any(|t| text.contains(t)) && (text.contains("apt-get install") || text.contains("apk add")) && !text.contains("purge") && !text.contains("apk del") {
            c.add("toolchain-in-final", ins.line, "the final stage installs a compiler and keeps it");
        }
        // Exec form is a JSON array: `['a', 'b']` (single quotes) is not
        // JSON, so Docker runs it as a shell command line.
        if (kw == "CMD" || kw == "ENTRYPOINT") && serde_json::from_str::<Vec<String>>(ins.args.trim()).is_err() {
            let why = if ins.args.trim_start().starts_with('[') { "is not a JSON array (single quotes?), so it" } else { "" };
            c.add("shell-form-cmd", ins.line, format!("{kw} {} {why} runs under /bin/sh -c", ins.args).replace("  ", " "));
        }
        if kw == "EXPOSE"
            && let Some(port) = c.project.and_then(|p| p.port)
        {
            let ports: Vec<u16> = ins.args.split_whitespace().filter_map(|p| p.split('/').next()?.parse().ok()).collect();
            if !ports.is_empty() && !ports.contains(&port) {
                c.add("expose-mismatch", ins.line, format!("EXPOSE {} but the app listens on {port}", ins.args));
            }
        }
    }
    dev_deps(c, last);
}

/// dev-deps-in-final: a full install in the final stage, or node_modules
/// copied from a stage that installed everything and never pruned.
fn dev_deps(c: &mut Ctx, last: &Stage) {
    let node_dev = c.project.is_some_and(|p| p.node_dev_deps);
    let production_env = |s: &Stage| s.instructions.iter().any(|i| i.kw() == "ENV" && i.args.contains("NODE_ENV") && i.args.contains("production"));
    let full_node_install = |text: &str| {
        matches!(language_install(text), Some("npm" | "yarn" | "pnpm" | "bun"))
            && !["--omit=dev", "--production", "--only=prod", "--prod", "--omit dev"].iter().any(|f| text.contains(f))
    };
    for ins in last.instructions.iter().filter(|i| i.kw() == "RUN") {
        let text = run_text(ins);
        let python_dev = (text.contains("poetry install") && !text.contains("--only main") && !text.contains("--only=main") && !text.contains("--without dev") && !text.contains("--no-dev"))
            || (text.contains("uv sync") && !text.contains("--no-dev"))
            || (text.contains("pip install") && text.contains("requirements-dev"));
        if (node_dev && full_node_install(&text) && !production_env(last)) || python_dev {
            c.add("dev-deps-in-final", ins.line, "the final stage installs development dependencies");
        }
    }
    if !node_dev {
        return;
    }
    for ins in last.instructions.iter().filter(|i| i.kw() == "COPY" && i.args.contains("--from=") && i.args.contains("node_modules")) {
        let from = ins.args.split_whitespace().find_map(|w| w.strip_prefix("--from=")).unwrap_or("").to_ascii_lowercase();
        let Some(src) = c.stages.iter().find(|s| s.name.as_deref() == Some(from.as_str()) || s.index.to_string() == from) else { continue };
        let chain: Vec<&Stage> = lineage(c.stages, src).collect();
        let full = chain.iter().any(|s| s.instructions.iter().any(|i| i.kw() == "RUN" && full_node_install(&run_text(i))) && !production_env(s));
        let pruned = chain.iter().any(|s| s.instructions.iter().any(|i| i.kw() == "RUN" && run_text(i).contains("prune")));
        if full && !pruned {
            c.add("dev-deps-in-final", ins.line, format!("node_modules comes from stage {from}, which installed development dependencies too"));
        }
    }
}
