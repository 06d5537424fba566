use super::Report;
use crate::preset;

/// `dockgen presets`: one line per preset and runtime.
pub fn run() -> Report {
    let mut out = String::new();
    for p in preset::all() {
        out.push_str(&format!("{:<10} {}\n", p.id, p.description));
        for kind in p.runtime_kinds() {
            let spec = &p.runtimes[&kind];
            if let Some(why) = &spec.unsupported {
                out.push_str(&format!("  {:<12} not offered: {why}\n", kind.as_str()));
                continue;
            }
            let default = if kind == p.default_runtime { " (default)" } else { "" };
            // Bases published per version under different names list each one.
            let image = if spec.images.is_empty() {
                spec.image.clone()
            } else {
                spec.images.values().cloned().collect::<Vec<_>>().join(" | ")
            };
            out.push_str(&format!("  {:<12} {image}{default}: {}\n", kind.as_str(), spec.summary));
        }
    }
    Report { stdout: out, stderr: Vec::new() }
}
