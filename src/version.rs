//! Dotted release numbers (`1.85.0`, `8.4`, `3.12.1`), one way for every
//! language: reading a `major.minor` out of what a project file or a flag
//! says, and comparing two of them numerically (`1.9` < `1.10`).

/// `major.minor` from `X.Y` or `X.Y.Z…` (the rest letters and digits, as in
/// `3.13.0rc1`), both parts digits, the minor at most three; `major`, when
/// given, must match. None for anything else (a channel name, `latest`).
pub fn minor(raw: &str, major: Option<u32>) -> Option<String> {
    let mut parts = raw.trim().split('.');
    let (ma, mi) = (parts.next()?, parts.next()?);
    let digits = |s: &str, max: usize| !s.is_empty() && s.len() <= max && s.chars().all(|c| c.is_ascii_digit());
    if !digits(ma, 3) || !digits(mi, 3) || !parts.all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric())) {
        return None;
    }
    let (ma, mi): (u32, u32) = (ma.parse().ok()?, mi.parse().ok()?);
    major.is_none_or(|m| m == ma).then(|| format!("{ma}.{mi}"))
}

/// (major, minor), a missing or unreadable part counting as 0.
fn key(v: &str) -> (u32, u32) {
    let mut p = v.split('.').map(|x| x.parse().unwrap_or(0));
    (p.next().unwrap_or(0), p.next().unwrap_or(0))
}

/// Whether `v` is `min` or newer, by major and minor.
pub fn at_least(v: &str, min: &str) -> bool {
    key(v) >= key(min)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minors_and_comparisons() {
        assert_eq!(minor("1.85.0", Some(1)).as_deref(), Some("1.85"));
        assert_eq!(minor("1.100", Some(1)).as_deref(), Some("1.100"));
        assert_eq!(minor("3.13.0rc1", Some(3)).as_deref(), Some("3.13"));
        assert_eq!(minor("8.4", None).as_deref(), Some("8.4"));
        assert_eq!(minor("2.7", Some(3)), None);
        assert_eq!(minor("stable", Some(1)), None);
        assert_eq!(minor("3.12\nRUN x", Some(3)), None);
        assert_eq!(minor("8", None), None);
        assert!(at_least("1.10", "1.9") && !at_least("8.2", "8.10") && at_least("3.12", "3.12"));
    }
}
