//! One thin file per subcommand: parse → call the library → format.

pub mod check;
pub mod completions;
pub mod detect;
pub mod eject;
pub mod lint;
pub mod pin;
pub mod init;
pub mod presets;
pub mod report;

/// What a command prints: `stdout` is the product (files, JSON, tables);
/// `stderr` lines are for people (progress, warnings, next steps).
#[derive(Debug, Default)]
pub struct Report {
    pub stdout: String,
    pub stderr: Vec<String>,
    /// The exit status: 0, or 1 for drift (`check`), 2 when `check` cannot
    /// regenerate.
    pub exit: u8,
}

/// A failed command's error as one JSON object on stdout, exit 1: for
/// scripts that read `--json` output and should not parse stderr.
/// This run's overlays: the project's `.dockgen/` at `path`, then the
/// user's folder, for presets and templates alike.
pub fn use_overlays(path: &std::path::Path) -> anyhow::Result<()> {
    crate::overlay::activate(path);
    crate::preset::activate_overlays()
}

pub fn json_error(e: &anyhow::Error) -> Report {
    let (reason, json) = error_object(e);
    Report { stdout: json, stderr: vec![format!("error: {reason}")], exit: crate::error::kind_of(e).exit() }
}

/// An error as one printable line, and as `{"error": …, "kind": …}`.
pub fn error_object(e: &anyhow::Error) -> (String, String) {
    let reason = crate::text::printable(&format!("{e:#}"));
    // The kind it was raised with (crate::error), never read from the words.
    let obj = serde_json::json!({ "error": reason, "kind": crate::error::kind_of(e).name() });
    (reason, format!("{obj:#}\n"))
}

/// A `[PATH|Dockerfile]` argument: the folder, the file's name in it, the
/// folder's index (bounded reads, no links out) and the file's text.
pub struct DockerfileArg {
    pub dir: std::path::PathBuf,
    pub name: String,
    pub index: crate::scan::DirIndex,
    pub text: String,
}

pub fn dockerfile_arg(path: &std::path::Path, command: &str) -> anyhow::Result<DockerfileArg> {
    let (dir, name) = if path.is_dir() {
        (path.to_path_buf(), "Dockerfile".to_string())
    } else {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        (path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new(".")).to_path_buf(), name)
    };
    let index = crate::scan::DirIndex::scan(&dir)?;
    if !index.has_file(&name) {
        anyhow::bail!("no {} in {}; pass the Dockerfile's path (dockgen {command} path/to/Dockerfile)", crate::text::printable(&name), dir.display());
    }
    let text = index.read(&name)?;
    Ok(DockerfileArg { dir, name, index, text })
}
