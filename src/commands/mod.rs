//! One thin file per subcommand: parse → call the library → format.

pub mod detect;
pub mod init;
pub mod presets;
pub mod report;

/// What a command prints: `stdout` is the product (files, JSON, tables);
/// `stderr` lines are for people (progress, warnings, next steps).
#[derive(Debug, Default)]
pub struct Report {
    pub stdout: String,
    pub stderr: Vec<String>,
}
