//! `lint --fix`: the findings a text edit settles without judgement:
//! apt's flags and lists, and shell-form CMD/ENTRYPOINT that need no shell.
//! Everything else (stages, users, bases) is a design change: `dockgen
//! init --diff` shows one.

use super::Finding;

/// The fixed text and the (line, rule) of each finding it settled.
pub fn fix(text: &str, findings: &[Finding]) -> (String, Vec<(usize, &'static str)>) {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut fixed = Vec::new();
    // Bottom-up, so a fix that adds a line leaves the lines above in place.
    let mut todo: Vec<&Finding> = findings.iter().filter(|f| matches!(f.rule, "apt-recommends" | "apt-lists" | "shell-form-cmd")).collect();
    todo.sort_by(|a, b| b.line.cmp(&a.line).then(a.rule.cmp(b.rule)));
    for f in todo {
        let start = f.line - 1;
        let Some(end) = instruction_end(&lines, start) else { continue };
        let ok = match f.rule {
            "apt-recommends" => (start..=end).any(|i| {
                for cmd in ["apt-get install", "apt install"] {
                    if let Some(at) = lines[i].find(cmd) {
                        lines[i].insert_str(at + cmd.len(), " --no-install-recommends");
                        return true;
                    }
                }
                false
            }),
            // Only when this RUN fetched the lists itself: removing them
            // after a RUN that relies on an earlier `apt-get update` would
            // break the next install.
            "apt-lists" if (start..=end).any(|i| lines[i].contains("apt-get update") || lines[i].contains("apt update")) => {
                lines.insert(end + 1, " && rm -rf /var/lib/apt/lists/*".to_string());
                lines[end].push_str(" \\");
                true
            }
            "shell-form-cmd" if start == end => exec_form(&lines[start]).map(|l| lines[start] = l).is_some(),
            _ => false,
        };
        if ok {
            fixed.push((f.line, f.rule));
        }
    }
    let mut out = lines.join("\n");
    if text.ends_with('\n') {
        out.push('\n');
    }
    fixed.sort();
    (out, fixed)
}

/// The last line of the instruction starting at `start` (continuations
/// followed; a heredoc makes it unfixable here: `None`).
fn instruction_end(lines: &[String], start: usize) -> Option<usize> {
    if lines.get(start)?.contains("<<") {
        return None;
    }
    let mut i = start;
    while lines[i].trim_end().ends_with('\\') {
        i += 1;
        if i >= lines.len() {
            return None;
        }
    }
    Some(i)
}

/// `CMD node server.js` → `CMD ["node","server.js"]`, when the command
/// needs no shell (no operators, variables, globs or redirections).
fn exec_form(line: &str) -> Option<String> {
    let trimmed = line.trim_start();
    let (kw, args) = trimmed.split_once(char::is_whitespace)?;
    if args.trim_start().starts_with('[') || args.chars().any(|c| "&|;$<>`*?(){}~\\".contains(c)) {
        return None;
    }
    let argv = shell_words::split(args).ok()?;
    if argv.is_empty() {
        return None;
    }
    let indent = &line[..line.len() - trimmed.len()];
    Some(format!("{indent}{kw} {}", crate::escape::exec_form(&argv).ok()?))
}

#[cfg(test)]
mod tests {
    use super::super::{Input, Project, lint};
    use super::*;

    fn run(text: &str) -> (String, Vec<(usize, &'static str)>) {
        let p = Project::default();
        let f = lint(&Input { dockerfile: text, name: "Dockerfile", dockerignore: Some(".git\n.env\n"), project: Some(&p), strict: false }).unwrap();
        fix(text, &f)
    }

    #[test]
    fn apt_and_exec_form_are_rewritten_and_lint_clean_after() {
        let text = "FROM debian:12-slim\nRUN apt-get update \\\n    && apt-get install -y tini\nUSER 1000:1000\nCMD tini -- /app --port 8080\n";
        let (out, fixed) = run(text);
        assert_eq!(out, "FROM debian:12-slim\nRUN apt-get update \\\n    && apt-get install --no-install-recommends -y tini \\\n && rm -rf /var/lib/apt/lists/*\nUSER 1000:1000\nCMD [\"tini\",\"--\",\"/app\",\"--port\",\"8080\"]\n");
        assert_eq!(fixed, [(2, "apt-lists"), (2, "apt-recommends"), (5, "shell-form-cmd")]);
        assert!(run(&out).1.is_empty(), "nothing left to fix");
        assert!(crate::dockerfile::parse(&out).is_ok());
    }

    #[test]
    fn lists_stay_when_a_later_run_needs_them() {
        // update in one RUN, installs in two more: removing the lists after
        // the first install would break the second.
        let text = "FROM debian:12-slim\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl\nRUN apt-get install -y --no-install-recommends git\nUSER 1000:1000\nCMD [\"x\"]\n";
        let (out, fixed) = run(text);
        assert_eq!(out, text);
        assert!(fixed.is_empty(), "{fixed:?}");
    }

    #[test]
    fn a_command_that_needs_a_shell_is_left_alone() {
        let text = "FROM debian:12-slim\nUSER 1000:1000\nCMD exec /app --port=$PORT\n";
        let (out, fixed) = run(text);
        assert_eq!(out, text);
        assert!(fixed.is_empty());
    }
}
