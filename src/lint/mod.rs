//! `dockgen lint`: the practices dockgen's own output follows, checked in
//! any Dockerfile, structurally (stages, cache order, the final image's
//! user and contents), where hadolint checks shell style line by line.

mod checks;
pub mod fix;
pub mod ignore;
pub mod model;
pub mod output;
pub mod rules;

use anyhow::{Result, bail};
use serde::Serialize;
use std::collections::BTreeSet;

pub use rules::{RULES, Rule};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub line: usize,
    pub message: String,
    pub fix: &'static str,
}

/// What lint knows of the project around the Dockerfile.
#[derive(Debug, Clone, Default)]
pub struct Project {
    /// Top-level files of the build context.
    pub files: BTreeSet<String>,
    /// The port the app listens on, when detection read it from the code.
    pub port: Option<u16>,
    /// package.json lists devDependencies.
    pub node_dev_deps: bool,
}

pub struct Input<'a> {
    pub dockerfile: &'a str,
    /// The file's name, for messages.
    pub name: &'a str,
    pub dockerignore: Option<&'a str>,
    pub project: Option<&'a Project>,
    /// Also report bases without a digest.
    pub strict: bool,
}

/// Every finding, sorted by line, after `# dockgen-lint ignore=` comments.
pub fn lint(input: &Input) -> Result<Vec<Finding>> {
    let instructions = match crate::dockerfile::parse(input.dockerfile) {
        Ok(i) => i,
        Err(e) => bail!("{}: {}; lint reads only Dockerfiles BuildKit can parse", input.name, crate::text::printable(&e)),
    };
    // What BuildKit itself refuses, lint refuses too.
    for ins in &instructions {
        let kw = ins.kw();
        let args: Vec<&str> = ins.args.split_whitespace().filter(|w| !w.starts_with("--")).collect();
        if (kw == "COPY" || kw == "ADD") && args.len() < 2 && ins.heredoc.is_empty() && !ins.args.trim_start().starts_with('[') {
            bail!("{}: line {}: {kw} needs a source and a destination; BuildKit refuses this file", input.name, ins.line);
        }
    }
    let stages = model::stages(&instructions);
    if stages.is_empty() {
        bail!("{}: no FROM instruction: not a Dockerfile", input.name);
    }
    let mut ctx = checks::Ctx { stages: &stages, dockerignore: input.dockerignore, project: input.project, strict: input.strict, out: Vec::new() };
    checks::all(&mut ctx);
    let (ignores, mut found) = ignore_comments(input.dockerfile, &instructions);
    found.extend(ctx.out.into_iter().filter(|f| !ignores.iter().any(|(line, rules)| *line == f.line && rules.iter().any(|r| r == f.rule || r == "all"))));
    let mut out: Vec<Finding> = found
        .into_iter()
        .filter_map(|f| {
            let rule = rules::rule(f.rule)?;
            Some(Finding { rule: rule.id, severity: rule.severity, line: f.line, message: crate::text::printable(&f.message), fix: rule.fix })
        })
        .collect();
    out.sort_by(|a, b| (a.line, a.severity, a.rule).cmp(&(b.line, b.severity, b.rule)));
    out.dedup_by(|a, b| a.line == b.line && a.rule == b.rule);
    Ok(out)
}

/// `# dockgen-lint ignore=rule[,rule] reason` on the line(s) right above
/// an instruction: (the instruction's line, the rules). One without a
/// reason ignores nothing and is a finding itself.
fn ignore_comments(text: &str, instructions: &[crate::dockerfile::Instruction]) -> (Vec<(usize, Vec<String>)>, Vec<checks::Found>) {
    let lines: Vec<&str> = text.lines().collect();
    let mut ignores = Vec::new();
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(rest) = line.trim().strip_prefix('#').map(str::trim).and_then(|r| r.strip_prefix("dockgen-lint")).map(str::trim) else { continue };
        let Some(spec) = rest.strip_prefix("ignore=") else { continue };
        let (ids, reason) = spec.split_once(char::is_whitespace).unwrap_or((spec, ""));
        if reason.trim().is_empty() {
            found.push(checks::Found { rule: "ignore-without-reason", line: i + 1, message: format!("ignore={ids} gives no reason; it ignores nothing") });
            continue;
        }
        // The next instruction at or below the comment.
        if let Some(ins) = instructions.iter().find(|ins| ins.line > i + 1) {
            ignores.push((ins.line, ids.split(',').map(|s| s.trim().to_string()).collect()));
            if ins.line == 1 || ins.kw() == "FROM" {
                // A file-level rule (no-dockerignore) is reported on line 1.
                ignores.push((1, ids.split(',').map(|s| s.trim().to_string()).collect()));
            }
        }
    }
    (ignores, found)
}

#[cfg(test)]
mod tests;
