//! A small Dockerfile reader and a checker for BuildKit's build-check rules.
//!
//! The engine available here predates `docker build --check`, so dockgen
//! checks its own output against the rules that can be decided from the text
//! alone: FromAsCasing, StageNameCasing, ConsistentInstructionCasing,
//! JSONArgsRecommended, LegacyKeyValueFormat, UndefinedVar,
//! InvalidDefaultArgInFrom, SecretsUsedInArgOrEnv, DuplicateStageName,
//! MultipleInstructionsDisallowed, WorkdirRelativePath, RedundantTargetPlatform,
//! ExposeProtoCasing and NoEmptyContinuation. Tests run it on every snapshot.

use std::collections::BTreeSet;

/// One logical instruction (continuation lines joined).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    /// 1-based line where it starts.
    pub line: usize,
    /// The keyword as written (`FROM`, `run`, …).
    pub keyword: String,
    /// Everything after the keyword, continuations joined with a space.
    pub args: String,
    /// Heredoc bodies (`RUN <<EOF` … `EOF`), each line kept, in order.
    pub heredoc: String,
}

impl Instruction {
    /// The keyword in upper case.
    pub fn kw(&self) -> String {
        self.keyword.to_ascii_uppercase()
    }
}

pub const KEYWORDS: &[&str] = &[
    "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL",
    "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
];

/// Args BuildKit defines without a declaration (usable in FROM).
const AUTOMATIC_ARGS: &[&str] = &[
    "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT", "TARGETPLATFORM", "TARGETOS",
    "TARGETARCH", "TARGETVARIANT",
];

/// The escape character a `# escape=` parser directive sets (`\` unless
/// the file says `` ` ``, as Windows Dockerfiles do).
fn escape_char(text: &str) -> char {
    for line in text.lines() {
        let t = line.trim();
        let Some(d) = t.strip_prefix('#') else { break };
        let d = d.trim();
        if let Some(v) = d.to_ascii_lowercase().strip_prefix("escape").map(|r| r.trim_start()).and_then(|r| r.strip_prefix('=')) {
            if v.trim() == "`" {
                return '`';
            }
        } else if !d.contains('=') {
            break;
        }
    }
    '\\'
}

/// Heredoc delimiters an instruction opens (`<<EOF`, `<<-EOF`, `<<"EOF"`),
/// each with whether its closing line may be indented (`<<-`).
fn heredoc_markers(args: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut rest = args;
    while let Some(i) = rest.find("<<") {
        let mut after = &rest[i + 2..];
        let dash = after.starts_with('-');
        if dash {
            after = &after[1..];
        }
        let word: String = after.trim_start_matches(['"', '\'']).chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        // A shell shift (`$((1<<2))`) is not a heredoc: delimiters start with a letter.
        if word.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') && !after.starts_with(' ') {
            out.push((word, dash));
        }
        rest = &rest[i + 2..];
    }
    out
}

/// Splits a Dockerfile into instructions. Lines that are not comments and do
/// not start with a known keyword are reported as errors, because the real
/// parser would reject them (or, worse, read them as something else).
pub fn parse(text: &str) -> Result<Vec<Instruction>, String> {
    let escape = escape_char(text);
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate().peekable();
    while let Some((i, raw)) = lines.next() {
        let line = raw.trim_start();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (kw, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        if !KEYWORDS.contains(&kw.to_ascii_uppercase().as_str()) {
            return Err(format!("line {}: not an instruction: {raw:?}", i + 1));
        }
        let mut args = rest.trim().to_string();
        while args.ends_with(escape) {
            args.pop();
            // Comment lines inside a continuation are dropped, like BuildKit.
            let mut next = None;
            for (_, l) in lines.by_ref() {
                if !l.trim_start().starts_with('#') {
                    next = Some(l);
                    break;
                }
            }
            match next {
                Some(l) => {
                    args = format!("{} {}", args.trim_end(), l.trim());
                }
                None => break,
            }
        }
        let mut heredoc = String::new();
        if matches!(kw.to_ascii_uppercase().as_str(), "RUN" | "COPY" | "ADD") {
            for (word, dash) in heredoc_markers(&args) {
                let mut closed = false;
                for (_, l) in lines.by_ref() {
                    if l == word || (dash && l.trim_start() == word) {
                        closed = true;
                        break;
                    }
                    heredoc.push_str(l);
                    heredoc.push('\n');
                }
                if !closed {
                    return Err(format!("line {}: the heredoc <<{word} is never closed", i + 1));
                }
            }
        }
        out.push(Instruction {
            line: i + 1,
            keyword: kw.to_string(),
            args: args.trim().to_string(),
            heredoc,
        });
    }
    Ok(out)
}

/// `$NAME` and `${NAME…}` references in a string.
fn var_refs(s: &str) -> Vec<String> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' {
            i += 2;
            continue;
        }
        if b[i] == b'$' {
            let braced = b.get(i + 1) == Some(&b'{');
            let start = i + 1 + braced as usize;
            let mut j = start;
            while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
                j += 1;
            }
            if j > start {
                out.push(s[start..j].to_string());
            }
            i = j.max(i + 1);
            continue;
        }
        i += 1;
    }
    out
}

/// Drops '…' spans: the shell expands nothing inside single quotes.
fn without_single_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut quoted = false;
    for c in s.chars() {
        if c == '\'' {
            quoted = !quoted;
        } else if !quoted {
            out.push(c);
        }
    }
    out
}

pub fn looks_secret(name: &str) -> bool {
    let n = name.to_ascii_uppercase();
    ["PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "APIKEY", "PRIVATE_KEY", "CREDENTIAL"]
        .iter()
        .any(|w| n.contains(w))
}

/// Names declared by an `ARG` or `ENV` line (`A=1 B=2` or `A`).
fn declared_names(args: &str) -> Vec<String> {
    args.split_whitespace()
        .map(|w| w.split('=').next().unwrap_or("").to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

/// A FROM line's problems: its variables, its platform, its stage name.
fn check_from(ins: &Instruction, global_args: &BTreeSet<String>, global_defaults: &BTreeSet<String>, stages: &mut Vec<String>) -> Vec<(&'static str, String)> {
    let mut found = Vec::new();
    let words: Vec<&str> = ins.args.split_whitespace().collect();
    let mut image_at = 0;
    for (n, w) in words.iter().enumerate() {
        if let Some(p) = w.strip_prefix("--platform=") {
            if p == "$TARGETPLATFORM" || p == "${TARGETPLATFORM}" {
                found.push(("RedundantTargetPlatform", "--platform=$TARGETPLATFORM is the default".into()));
            }
            image_at = n + 1;
        } else if w.starts_with("--") {
            image_at = n + 1;
        }
    }
    let image = words.get(image_at).copied().unwrap_or("");
    for v in var_refs(&ins.args) {
        if !global_args.contains(&v) && !AUTOMATIC_ARGS.contains(&v.as_str()) {
            found.push(("UndefinedVar", format!("${v} is not a global ARG")));
        } else if image.contains(&v) && global_args.contains(&v) && !global_defaults.contains(&v) {
            found.push(("InvalidDefaultArgInFrom", format!("ARG {v} has no default, so the image name may be empty")));
        }
    }
    if let (Some(as_kw), Some(name)) = (words.get(image_at + 1), words.get(image_at + 2)) {
        if as_kw.eq_ignore_ascii_case("as") {
            let want_upper = ins.keyword == "FROM";
            if (*as_kw == "AS") != want_upper {
                found.push(("FromAsCasing", format!("'{as_kw}' and '{}' differ in case", ins.keyword)));
            }
            if *name != name.to_ascii_lowercase() {
                found.push(("StageNameCasing", format!("stage name {name} should be lowercase")));
            }
            if stages.iter().any(|s| s == name) {
                found.push(("DuplicateStageName", format!("stage {name} defined twice")));
            }
            stages.push(name.to_string());
        }
    }
    found
}

/// Every rule violation, as `line N: Rule: message`.
pub fn check(text: &str) -> Vec<String> {
    let instrs = match parse(text) {
        Ok(i) => i,
        Err(e) => return vec![e],
    };
    let mut problems = Vec::new();
    let mut bad = |line: usize, rule: &str, msg: String| problems.push(format!("line {line}: {rule}: {msg}"));

    for line in empty_continuations(text) {
        bad(line, "NoEmptyContinuation", "empty line after a continuation".into());
    }

    let upper = instrs.first().is_none_or(|i| i.keyword == i.keyword.to_ascii_uppercase());
    let mut global_args: BTreeSet<String> = BTreeSet::new();
    let mut global_defaults: BTreeSet<String> = BTreeSet::new();
    let mut stage_vars: BTreeSet<String> = BTreeSet::new();
    let mut stages: Vec<String> = Vec::new();
    let mut in_stage = false;
    let mut cmd_count = 0;
    let mut entry_count = 0;

    for ins in &instrs {
        let kw = ins.keyword.to_ascii_uppercase();
        if (ins.keyword == kw) != upper {
            bad(ins.line, "ConsistentInstructionCasing", format!("{} differs in case from the first instruction", ins.keyword));
        }
        match kw.as_str() {
            "FROM" => {
                in_stage = true;
                stage_vars = BTreeSet::new();
                cmd_count = 0;
                entry_count = 0;
                for (rule, msg) in check_from(ins, &global_args, &global_defaults, &mut stages) {
                    bad(ins.line, rule, msg);
                }
            }
            "ARG" => {
                for w in ins.args.split_whitespace() {
                    let name = w.split('=').next().unwrap_or("");
                    if looks_secret(name) {
                        bad(ins.line, "SecretsUsedInArgOrEnv", format!("ARG {name} looks like a secret"));
                    }
                    if in_stage {
                        stage_vars.insert(name.to_string());
                    } else {
                        global_args.insert(name.to_string());
                        if w.contains('=') {
                            global_defaults.insert(name.to_string());
                        }
                    }
                }
            }
            "ENV" | "LABEL" => {
                let first = ins.args.split_whitespace().next().unwrap_or("");
                if !first.contains('=') {
                    bad(ins.line, "LegacyKeyValueFormat", format!("use {kw} key=value"));
                }
                if kw == "ENV" {
                    for name in declared_names(&ins.args) {
                        if looks_secret(&name) {
                            bad(ins.line, "SecretsUsedInArgOrEnv", format!("ENV {name} looks like a secret"));
                        }
                        stage_vars.insert(name);
                    }
                }
            }
            "CMD" | "ENTRYPOINT" => {
                if kw == "CMD" { cmd_count += 1 } else { entry_count += 1 }
                if cmd_count > 1 || entry_count > 1 {
                    bad(ins.line, "MultipleInstructionsDisallowed", format!("more than one {kw} in a stage"));
                }
                if serde_json::from_str::<Vec<String>>(&ins.args).is_err() {
                    bad(ins.line, "JSONArgsRecommended", format!("{kw} should use exec form: a JSON array of strings"));
                }
            }
            "WORKDIR" if !ins.args.starts_with('/') && !ins.args.starts_with('$') => {
                bad(ins.line, "WorkdirRelativePath", format!("WORKDIR {} is relative", ins.args));
            }
            "EXPOSE" => {
                for p in ins.args.split_whitespace() {
                    if p.contains("/TCP") || p.contains("/UDP") {
                        bad(ins.line, "ExposeProtoCasing", format!("{p}: protocol should be lowercase"));
                    }
                }
            }
            _ => {}
        }
        // Variables the frontend expands: everything but a RUN's command,
        // whose $VARs the shell expands (but it still needs them declared).
        // CMD, ENTRYPOINT and HEALTHCHECK run later, in the container: the
        // frontend never expands them.
        if !matches!(kw.as_str(), "FROM" | "ARG" | "CMD" | "ENTRYPOINT" | "HEALTHCHECK") {
            for v in undefined_vars(&kw, &ins.args, &stage_vars) {
                bad(ins.line, "UndefinedVar", format!("${v} is not declared in this stage"));
            }
        }
    }
    problems
}

/// Lines (1-based) where a continuation is followed by an empty line.
fn empty_continuations(text: &str) -> Vec<usize> {
    let lines: Vec<&str> = text.lines().collect();
    (0..lines.len())
        .filter(|&i| lines[i].trim_end().ends_with('\\') && lines.get(i + 1).is_some_and(|n| n.trim().is_empty()))
        .map(|i| i + 1)
        .collect()
}

/// Variables an instruction's arguments use that its stage has not declared.
fn undefined_vars(kw: &str, args: &str, stage_vars: &BTreeSet<String>) -> Vec<String> {
    let text = if kw == "RUN" { without_single_quoted(args) } else { args.to_string() };
    var_refs(&text)
        .into_iter()
        // PATH and HOME come from every base image's environment.
        .filter(|v| !(stage_vars.contains(v) || ["HOME", "PATH"].contains(&v.as_str()) || (kw == "RUN" && v == "PWD")))
        .collect()
}

/// Counts instructions by keyword, e.g. to prove hostile input added none.
pub fn census(text: &str) -> Result<Vec<(String, usize)>, String> {
    let mut counts = std::collections::BTreeMap::new();
    for i in parse(text)? {
        *counts.entry(i.keyword.to_ascii_uppercase()).or_insert(0) += 1;
    }
    Ok(counts.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heredocs_and_the_escape_directive() {
        let text = "FROM a\nRUN <<EOF\napt-get update\nFROM not-an-instruction\nEOF\nCOPY <<-EOT /x\n  hi\n  EOT\nCMD [\"x\"]\n";
        let ins = parse(text).unwrap();
        assert_eq!(ins.iter().map(|i| i.kw()).collect::<Vec<_>>(), ["FROM", "RUN", "COPY", "CMD"]);
        assert_eq!(ins[1].heredoc, "apt-get update\nFROM not-an-instruction\n");
        assert_eq!(ins[2].heredoc, "  hi\n");
        assert!(parse("FROM a\nRUN <<EOF\nx\n").unwrap_err().contains("never closed"));
        let win = parse("# escape=`\nFROM a\nRUN dir `\n  c:\\\\\n").unwrap();
        assert_eq!(win[1].args, "dir c:\\\\");
        // A here-string in shell (`<<<`) or a spaced `<< EOF` is not a heredoc opener here.
        assert!(heredoc_markers("cat <<< word").is_empty());
        assert!(heredoc_markers("echo $((1<<2))").is_empty());
    }

    #[test]
    fn joins_continuations_and_skips_comments() {
        let i = parse("# c\nFROM a AS b\nRUN x \\\n  # inside\n  && y\n").unwrap();
        assert_eq!(i.len(), 2);
        assert_eq!(i[1].args, "x && y");
        assert!(parse("FROM a\nrm -rf /\n").is_err());
    }

    #[test]
    fn flags_each_rule() {
        let bad = "from a as Build\nFROM b as c\nENV A 1\nARG DB_PASSWORD\nCMD x\nCMD [\"y\"]\nWORKDIR app\nCOPY $NOPE /x\nFROM --platform=$TARGETPLATFORM ${IMG} AS c\nEXPOSE 80/TCP\n";
        let p = check(bad).join("\n");
        for rule in [
            "ConsistentInstructionCasing", "StageNameCasing", "FromAsCasing", "LegacyKeyValueFormat",
            "SecretsUsedInArgOrEnv", "JSONArgsRecommended", "MultipleInstructionsDisallowed",
            "WorkdirRelativePath", "UndefinedVar", "RedundantTargetPlatform", "DuplicateStageName",
            "ExposeProtoCasing",
        ] {
            assert!(p.contains(rule), "{rule} not reported in:\n{p}");
        }
    }

    #[test]
    fn clean_multi_stage_file_passes() {
        let ok = "# syntax=docker/dockerfile:1\nARG V=1\nFROM --platform=$BUILDPLATFORM img:${V} AS build\nARG TARGETOS\nRUN --mount=type=cache,target=/c \\\n    GOOS=$TARGETOS go build\nFROM scratch AS runtime\nENV PORT=8080\nUSER 1:1\nENTRYPOINT [\"/app\"]\n";
        assert_eq!(check(ok), Vec::<String>::new());
        assert!(check("ARG V\nFROM img:${V}\n").join("").contains("InvalidDefaultArgInFrom"));
        // Single quotes: the shell expands nothing; double quotes: it does.
        assert!(check("FROM a\nRUN printf '%s' 'try $uri'\n").is_empty());
        assert!(check("FROM a\nRUN echo \"$NOPE\"\n").join("").contains("UndefinedVar"));
    }
}
