//! Whether a `.dockerignore` keeps a path out of the build context, with
//! BuildKit's rules: patterns relative to the context root (a leading `/`
//! means the same), `*` and `?` within a segment, `**` across segments,
//! a folder's pattern covering what is below it, later `!` lines winning.

use globset::GlobBuilder;

/// True when `path` (relative, `/`-separated) is excluded.
pub fn excludes(dockerignore: &str, path: &str) -> bool {
    let mut excluded = false;
    for line in dockerignore.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (negated, pattern) = match line.strip_prefix('!') {
            Some(p) => (true, p.trim()),
            None => (false, line),
        };
        let pattern = pattern.trim_start_matches("./").trim_start_matches('/').trim_end_matches('/');
        if pattern.is_empty() {
            continue;
        }
        let Ok(glob) = GlobBuilder::new(pattern).literal_separator(true).build() else { continue };
        let m = glob.compile_matcher();
        // The path itself or any folder above it.
        let mut hit = false;
        let mut prefix = String::new();
        for seg in path.split('/') {
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(seg);
            if m.is_match(&prefix) {
                hit = true;
                break;
            }
        }
        if hit {
            excluded = !negated;
        }
    }
    excluded
}

#[cfg(test)]
mod tests {
    use super::excludes;

    #[test]
    fn patterns_as_buildkit_reads_them() {
        assert!(excludes(".git\n", ".git"));
        assert!(excludes("/.git/\n", ".git"));
        assert!(excludes("**/node_modules\n", "node_modules"));
        assert!(excludes("*\n!src\n", ".env"));
        assert!(!excludes("*\n!.env\n", ".env"));
        assert!(!excludes("# .git\nnode_modules\n", ".git"));
        assert!(excludes(".env*\n", ".env"));
        assert!(!excludes("*.log\n", "target"));
        assert!(excludes("target/\n", "target"));
    }
}
