/// What the server answers for a path.
pub fn for_path(path: &str) -> (&'static str, String) {
    match path {
        "/" => ("200 OK", format!("hello from std-only Rust (uid {})\n", uid())),
        _ => ("404 Not Found", "not found\n".to_string()),
    }
}

/// The process's real uid, read from /proc (std has no getuid).
fn uid() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("Uid:")).and_then(|l| l.split_whitespace().nth(1).map(str::to_string)))
        .unwrap_or_else(|| "?".into())
}
