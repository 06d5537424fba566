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

/// A version range a project states, read with its ecosystem's own rules
/// (a real parser for each), to be matched against version lines (`18`,
/// `3.12`, `8.4`).
#[derive(Debug, Clone)]
pub enum Req {
    /// npm semver: `engines.node`, `.nvmrc` ranges.
    Npm(node_semver::Range),
    /// PEP 440: `requires-python`.
    Pep440(pep440_rs::VersionSpecifiers),
    /// Composer: `require.php` (`^7.4`, `~8.1`, `8.2.*`, `>=8.1 <8.4`, `|`).
    Composer(String),
    /// A minimum: Go's `go` line, Cargo's `rust-version`.
    AtLeast(String),
}

impl Req {
    /// Reads a Composer constraint, refusing one Composer could not parse.
    pub fn composer(raw: &str) -> Option<Req> {
        semver_php::Semver::satisfies("0.0.0", raw).ok().map(|_| Req::Composer(raw.to_string()))
    }

    /// Whether some release of `line` satisfies the range (its first and a
    /// late patch are probed: `>=3.12.1` still admits 3.12).
    pub fn allows(&self, line: &str) -> bool {
        match self {
            // npm can intersect ranges: `~18.17.0` meets `18.x`.
            Req::Npm(r) => node_semver::Range::parse(format!("{line}.x")).is_ok_and(|l| r.allows_any(&l)),
            _ => self.probes(line).iter().any(|v| self.contains(v)),
        }
    }

    /// Whether the range has no upper bound (`>=12`, `>=3.8`, Go's `go`
    /// line): no request for the newest runtime.
    pub fn open_ended(&self) -> bool {
        self.contains("999.0.0")
    }

    fn probes(&self, line: &str) -> [String; 2] {
        match line.split('.').count() {
            1 => [format!("{line}.0.0"), format!("{line}.999.999")],
            _ => [format!("{line}.0"), format!("{line}.999")],
        }
    }

    fn contains(&self, version: &str) -> bool {
        match self {
            Req::Npm(r) => {
                let full = match version.split('.').count() {
                    2 => format!("{version}.0"),
                    _ => version.to_string(),
                };
                node_semver::Version::parse(full).is_ok_and(|v| r.satisfies(&v))
            }
            Req::Pep440(s) => std::str::FromStr::from_str(version).is_ok_and(|v: pep440_rs::Version| s.contains(&v)),
            Req::Composer(c) => semver_php::Semver::satisfies(version, c).unwrap_or(false),
            Req::AtLeast(min) => key_all(version) >= key_all(min),
        }
    }
}

/// Every dotted part as a number (`1.22.3` → [1, 22, 3]); a missing part
/// counts as 0.
fn key_all(v: &str) -> Vec<u64> {
    let mut k: Vec<u64> = v.split('.').map(|p| p.parse().unwrap_or(0)).collect();
    while k.last() == Some(&0) && k.len() > 1 {
        k.pop();
    }
    k
}

#[cfg(test)]
mod range_tests {
    use super::*;
    use std::str::FromStr;

    fn npm(r: &str) -> Req {
        Req::Npm(node_semver::Range::parse(r).unwrap())
    }
    fn pep(r: &str) -> Req {
        Req::Pep440(pep440_rs::VersionSpecifiers::from_str(r).unwrap())
    }
    fn composer(r: &str) -> Req {
        Req::composer(r).unwrap_or_else(|| panic!("{r}"))
    }

    /// Each ecosystem's documented examples: (range, lines it allows, lines
    /// it does not, open-ended).
    #[test]
    fn ranges_are_read_with_each_ecosystems_rules() {
        let table: Vec<(Req, &[&str], &[&str], bool)> = vec![
            // npm (docs.npmjs.com, node-semver README)
            (npm(">=12"), &["12", "18", "26"], &["10"], true),
            (npm("^18"), &["18"], &["16", "20"], false),
            (npm("18.x"), &["18"], &["20"], false),
            (npm("~18.17.0"), &["18"], &["20"], false),
            (npm(">=18 <21"), &["18", "20"], &["22"], false),
            (npm("^16 || ^18 || >=20"), &["16", "18", "24"], &["14", "17"], true),
            (npm("14 - 18"), &["14", "16", "18"], &["20"], false),
            (npm("*"), &["22"], &[], true),
            // PEP 440 (packaging.python.org version specifiers)
            (pep(">=3.8"), &["3.8", "3.14"], &["3.7"], true),
            (pep(">=3.9,<3.13"), &["3.9", "3.12"], &["3.13"], false),
            (pep("~=3.10"), &["3.10", "3.14"], &["3.9"], false),
            (pep("==3.11.*"), &["3.11"], &["3.12"], false),
            (pep(">=3.10.2"), &["3.10", "3.11"], &["3.9"], true),
            (pep("!=3.12.*,>=3.11"), &["3.11", "3.13"], &["3.12"], true),
            // Composer (getcomposer.org/doc/articles/versions.md)
            (composer("^7.4"), &["7.4"], &["7.3", "8.0"], false),
            (composer("~7.4"), &["7.4"], &["8.0"], false),
            (composer("~8.1.0"), &["8.1"], &["8.2"], false),
            (composer("8.2.*"), &["8.2"], &["8.3"], false),
            (composer("^7.4 || ^8.0"), &["7.4", "8.0", "8.5"], &["7.3", "9.0"], false),
            (composer("^7.4|^8.0"), &["7.4", "8.4"], &["7.3"], false),
            (composer(">=8.1 <8.4"), &["8.1", "8.3"], &["8.4"], false),
            (composer(">=8.1,<8.4"), &["8.1", "8.3"], &["8.4"], false),
            (composer(">=8.1"), &["8.1", "8.5"], &["8.0"], true),
            (composer("^8.1@stable"), &["8.1", "8.5"], &["9.0"], false),
            // Go's go line and Cargo's rust-version: minimums
            (Req::AtLeast("1.19".into()), &["1.19", "1.26"], &["1.18"], true),
            (Req::AtLeast("1.70".into()), &["1.70", "1.98"], &["1.9", "1.69"], true),
        ];
        for (req, yes, no, open) in table {
            for l in yes {
                assert!(req.allows(l), "{req:?} should allow {l}");
            }
            for l in no {
                assert!(!req.allows(l), "{req:?} should not allow {l}");
            }
            assert_eq!(req.open_ended(), open, "{req:?}");
        }
        assert!(Req::composer("not a constraint ^^").is_none());
    }
}
