use anyhow::Result;

use super::Report;
use crate::cli::DetectArgs;
use crate::model::Plan;

/// `dockgen detect`: the plan, as a table or as JSON.
pub fn run(args: &DetectArgs) -> Result<Report> {
    match super::use_overlays(&args.path).and_then(|_| plan(args)) {
        Ok(plan) => output(args, &plan),
        Err(e) if args.json => Ok(super::json_error(&e)),
        Err(e) => Err(e),
    }
}

fn plan(args: &DetectArgs) -> Result<Plan> {
    let flags = args.choices.to_choices();
    let loaded = crate::config::with_remembered(&args.path, &flags, !args.choices.no_config)?;
    let choices = loaded.settings.clone();
    loaded.plan(&args.path, &flags, &choices)
}

fn output(args: &DetectArgs, plan: &Plan) -> Result<Report> {
    let stdout = if args.json {
        let mut s = serde_json::to_string_pretty(&plan)?;
        s.push('\n');
        s
    } else {
        table(plan)
    };
    let stderr = plan.warnings.iter().map(|w| format!("warning: {w}")).collect();
    Ok(Report { stdout, stderr, ..Default::default() })
}

fn table(plan: &Plan) -> String {
    let mut rows: Vec<(&str, String)> = vec![("language", plan.language.clone())];
    let mut preset = plan.preset.clone();
    if !plan.also_matched.is_empty() {
        preset.push_str(&format!(" (also matched: {})", plan.also_matched.join(", ")));
    }
    rows.push(("preset", preset));
    if let Some(ws) = &plan.workspace {
        rows.push(("workspace", format!("{} ({}), root {} from here", ws.kind, ws.manifest, ws.root)));
        rows.push(("member", ws.member.clone()));
        if !ws.local_deps.is_empty() {
            rows.push(("local packages", ws.local_deps.join(", ")));
        }
    }
    if let Some(pm) = &plan.package_manager {
        rows.push(("package manager", pm.clone()));
    }
    rows.push(("version", format!("{}  ({})", plan.version.value, plan.version.source)));
    if let Some(f) = &plan.framework {
        rows.push(("framework", f.clone()));
    }
    if let Some(a) = &plan.assets {
        rows.push(("assets", format!("{} ({}, package.json), in a stage of their own", a.says, a.build)));
    }
    for (label, value) in &plan.details {
        rows.push((label.as_str(), value.clone()));
    }
    if !plan.start.is_empty() {
        rows.push(("start", serde_json::to_string(&plan.start).unwrap_or_default()));
    }
    rows.push(("port", format!("{}  ({})", plan.port.value, plan.port.source)));
    rows.push(("runtime", format!("{}  {}", plan.runtime, plan.images.runtime)));
    rows.push(("builder", plan.images.builder.clone()));
    for u in &plan.unresolved {
        rows.push(("unresolved", format!("{}; choose with {}", u.message, u.flag)));
    }
    let mut out = String::new();
    for (k, v) in rows {
        out.push_str(&format!("{:<16} {}\n", format!("{k}:"), crate::text::printable(&v)));
    }
    out
}
