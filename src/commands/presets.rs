use super::Report;
use crate::preset;

/// `dockgen presets`: one line per preset and runtime, or `--json`.
pub fn run(args: &crate::cli::PresetsArgs) -> anyhow::Result<Report> {
    super::use_overlays(std::path::Path::new("."))?;
    if args.json {
        return Ok(Report { stdout: json()?, ..Default::default() });
    }
    // Overlay presets are project files: every line is made printable.
    let mut lines: Vec<String> = Vec::new();
    for p in preset::all() {
        let from = preset::overlay_of(&p.id).map(|f| format!(" [overlay: {f}]")).unwrap_or_default();
        lines.push(format!("{:<10} {}{from}", p.id, p.description));
        for kind in p.runtime_kinds() {
            let spec = &p.runtimes[&kind];
            if let Some(why) = &spec.unsupported {
                lines.push(format!("  {:<12} not offered: {why}", kind.as_str()));
                continue;
            }
            let default = if kind == p.default_runtime { " (default)" } else { "" };
            // Bases published per version under different names list each one.
            let image = if spec.images.is_empty() {
                spec.image.clone()
            } else {
                spec.images.values().cloned().collect::<Vec<_>>().join(" | ")
            };
            lines.push(format!("  {:<12} {image}{default}: {}", kind.as_str(), spec.summary));
        }
    }
    let out: String = lines.iter().map(|l| format!("{}\n", crate::text::printable(l))).collect();
    Ok(Report { stdout: out, ..Default::default() })
}

/// Every preset: id, language, description, default runtime, and each
/// runtime's image (per version where the base is named per version) or
/// why it is not offered.
fn json() -> anyhow::Result<String> {
    let presets: Vec<serde_json::Value> = preset::all()
        .iter()
        .map(|p| {
            let runtimes: Vec<serde_json::Value> = p
                .runtime_kinds()
                .into_iter()
                .map(|kind| {
                    let spec = &p.runtimes[&kind];
                    serde_json::json!({
                        "runtime": kind.as_str(),
                        "offered": spec.unsupported.is_none(),
                        "default": kind == p.default_runtime,
                        "image": spec.unsupported.is_none().then(|| spec.image.clone()),
                        "images_by_version": spec.images,
                        "summary": spec.summary,
                        "not_offered_because": spec.unsupported,
                    })
                })
                .collect();
            serde_json::json!({
                "id": p.id,
                "language": p.language,
                "name": p.name,
                "description": p.description,
                "default_runtime": p.default_runtime.as_str(),
                "overlay": preset::overlay_of(&p.id),
                "default_port": p.default_port,
                "runtimes": runtimes,
            })
        })
        .collect();
    Ok(serde_json::to_string_pretty(&presets)? + "\n")
}
