use anyhow::Result;

use super::Report;
use crate::cli::ReportArgs;
use crate::report;

/// `dockgen report IMAGE [--against IMAGE] [--json]`.
pub fn run(args: &ReportArgs) -> Result<Report> {
    let image = report::inspect(&args.image)?;
    let against = args.against.as_deref().map(report::inspect).transpose()?;
    let stdout = if args.json {
        let reduction = against.as_ref().map(|a| report::reduction(&image, a));
        serde_json::to_string_pretty(&serde_json::json!({ "image": image, "against": against, "reduction_pct": reduction }))? + "\n"
    } else {
        report::render(&image, against.as_ref())
    };
    Ok(Report { stdout, ..Default::default() })
}
