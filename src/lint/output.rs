//! lint's three outputs: text grouped by severity, JSON, and SARIF 2.1.0
//! for code-scanning upload.

use serde_json::json;

use super::{Finding, RULES, Severity};

/// Errors, then warnings, then notes; each `file:line: [rule] message`
/// and the fix under it.
pub fn text(file: &str, findings: &[Finding]) -> String {
    let mut out = String::new();
    for sev in [Severity::Error, Severity::Warning, Severity::Info] {
        let group: Vec<&Finding> = findings.iter().filter(|f| f.severity == sev).collect();
        if group.is_empty() {
            continue;
        }
        out.push_str(&format!("{} ({})\n", match sev {
            Severity::Error => "errors",
            Severity::Warning => "warnings",
            Severity::Info => "notes",
        }, group.len()));
        for f in group {
            out.push_str(&format!("  {file}:{}: [{}] {}\n      fix: {}\n", f.line, f.rule, f.message, f.fix));
        }
    }
    out
}

pub fn json(file: &str, findings: &[Finding]) -> String {
    let v = json!({ "file": file, "findings": findings });
    format!("{v:#}\n")
}

/// SARIF 2.1.0: one run, the rules in the tool's driver, a result per
/// finding at its line.
pub fn sarif(file: &str, findings: &[Finding]) -> String {
    let level = |s: Severity| match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    };
    let rules: Vec<serde_json::Value> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": format!("{} Why: {}.", capital(r.summary), r.why) },
                "help": { "text": format!("Fix: {}", r.fix) },
                "defaultConfiguration": { "level": level(r.severity) },
            })
        })
        .collect();
    let results: Vec<serde_json::Value> = findings
        .iter()
        .map(|f| {
            json!({
                "ruleId": f.rule,
                "ruleIndex": RULES.iter().position(|r| r.id == f.rule),
                "level": level(f.severity),
                "message": { "text": format!("{}. Fix: {}", f.message, f.fix) },
                "locations": [{ "physicalLocation": {
                    "artifactLocation": { "uri": file },
                    "region": { "startLine": f.line.max(1) },
                } }],
            })
        })
        .collect();
    let v = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "dockgen lint",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            } },
            "results": results,
        }],
    });
    format!("{v:#}\n")
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// `--explain RULE`: the longer text.
pub fn explain(id: &str) -> Option<String> {
    let r = RULES.iter().find(|r| r.id == id)?;
    Some(format!("{} ({})\n\n{}.\n\nWhy it matters: {}.\n\nFix: {}.\n\nTo accept it on one instruction, put this on the line above it:\n  # dockgen-lint ignore={} <why this is fine here>\n", r.id, r.severity.as_str(), capital(r.summary), r.why, r.fix, r.id))
}
