//! Which CPython minors a package's published wheels install on (Linux,
//! the default build), read from wheel filenames: a lock's or PyPI's.

use std::collections::BTreeSet;
use std::str::FromStr;

#[derive(Debug, Default)]
pub(super) struct Coverage {
    /// It has Linux wheels at all (else only an sdist: it always builds).
    pub wheels: bool,
    /// A pure (`py3-none-any`) or version-independent Linux wheel.
    pub any: bool,
    /// `cp3X-abi3` wheels: every CPython from 3.X on.
    pub abi3_from: Option<u32>,
    /// `cp3XY-cp3XY` wheels: exactly these minors.
    pub minors: BTreeSet<u32>,
}

impl Coverage {
    pub fn covers(&self, minor: u32) -> bool {
        self.any || self.abi3_from.is_some_and(|m| m <= minor) || self.minors.contains(&minor)
    }

    /// Counts one file; true when it is a wheel that installs on Linux.
    pub fn add(&mut self, filename: &str) -> bool {
        let Some(stem) = filename.strip_suffix(".whl") else { return false };
        let parts: Vec<&str> = stem.split('-').collect();
        if parts.len() < 5 {
            return false;
        }
        let (py, abi, plat) = (parts[parts.len() - 3], parts[parts.len() - 2], parts[parts.len() - 1]);
        if !(plat == "any" || plat.contains("linux")) {
            return false;
        }
        if plat == "any" || abi == "none" {
            self.any = true;
        } else if abi == "abi3" {
            let from = py.split('.').filter_map(|t| t.strip_prefix("cp3")?.parse::<u32>().ok()).min();
            self.abi3_from = match (self.abi3_from, from) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        } else if let Some(m) = abi.strip_prefix("cp3").and_then(|m| m.trim_end_matches(['m', 't', 'd', 'u']).parse::<u32>().ok()) {
            // cp313t is the free-threaded build, not the default one.
            if !abi.ends_with('t') {
                self.minors.insert(m);
            }
        }
        self.wheels = true;
        true
    }
}

/// The exact pins (`name==version`) of requirements.txt, its `-r` includes
/// and pyproject.toml's [project] dependencies,
/// at most 60.
pub(super) fn exact_pins(index: &crate::scan::DirIndex) -> Vec<crate::pypi::Pin> {
    let mut files = vec!["requirements.txt".to_string()];
    let mut pins = Vec::new();
    let mut i = 0;
    while i < files.len() && i < 8 {
        let Ok(text) = index.read(&files[i]) else {
            i += 1;
            continue;
        };
        for inc in super::requirements::includes(&files[i], &text) {
            if !files.contains(&inc) {
                files.push(inc);
            }
        }
        // pyproject.toml's [project] dependencies join requirements.txt's
        // (both are installed then).
        let mut lines: Vec<String> = text.lines().map(|l| l.split(" #").next().unwrap_or("").trim().to_string()).collect();
        if i == 0
            && let Ok(t) = index.read_toml::<toml::Table>("pyproject.toml")
        {
            let deps = t.get("project").and_then(|p| p.get("dependencies")).and_then(|d| d.as_array()).cloned().unwrap_or_default();
            lines.extend(deps.iter().filter_map(|d| d.as_str().map(str::to_string)));
        }
        for line in lines.iter().map(String::as_str) {
            let Ok(req) = pep508_rs::Requirement::<pep508_rs::VerbatimUrl>::from_str(line) else { continue };
            // An environment marker (`; sys_platform == "win32"`) may leave
            // it out on Linux: not a constraint worth a request.
            if req.marker.contents().is_some() {
                continue;
            }
            let Some(pep508_rs::VersionOrUrl::VersionSpecifier(spec)) = &req.version_or_url else { continue };
            if let [one] = spec.iter().collect::<Vec<_>>()[..]
                && *one.operator() == pep440_rs::Operator::Equal
                && pins.len() < 60
            {
                pins.push(crate::pypi::Pin { name: req.name.to_string(), version: one.version().to_string() });
            }
        }
        i += 1;
    }
    pins
}

/// What PyPI says of the pins: the newest of `lines` (newest first) that
/// every pinned release installs on without compiling, with why; `Err`
/// with a short reason when PyPI did not answer.
pub(super) fn choose_by_pypi(pins: &[crate::pypi::Pin], lines: &[String]) -> Result<(String, String, Vec<String>), String> {
    let answers = crate::pypi::release_files(pins);
    // (label, `name version`, what its wheels cover, its Requires-Python)
    let mut known: Vec<(String, String, Coverage, Option<pep440_rs::VersionSpecifiers>)> = Vec::new();
    let mut unknown = Vec::new();
    let mut first_error = None;
    for (pin, answer) in pins.iter().zip(answers) {
        let label = crate::text::printable(&format!("{}=={}", pin.name, pin.version));
        match answer {
            Ok(files) => {
                let mut cov = Coverage::default();
                for f in &files {
                    cov.add(&f.filename);
                }
                let requires = files.iter().find_map(|f| f.requires_python.as_deref()).and_then(|r| pep440_rs::VersionSpecifiers::from_str(r).ok());
                let plain = crate::text::printable(&format!("{} {}", pin.name, pin.version));
                known.push((label, plain, cov, requires));
            }
            Err(e) => {
                first_error.get_or_insert_with(|| format!("{e:#}"));
                unknown.push(label);
            }
        }
    }
    if known.is_empty() {
        return Err(crate::text::printable(&first_error.unwrap_or_default()));
    }
    let minor = |line: &str| line.strip_prefix("3.").and_then(|m| m.parse::<u32>().ok());
    let blockers = |line: &str| -> Vec<String> {
        let Some(m) = minor(line) else { return Vec::new() };
        let version = pep440_rs::Version::from_str(&format!("{line}.0")).expect("a Python line");
        known
            .iter()
            .filter(|(_, _, cov, req)| (cov.wheels && !cov.covers(m)) || req.as_ref().is_some_and(|r| !r.contains(&version)))
            .map(|(label, _, _, _)| label.clone())
            .collect()
    };
    // What compiles on a line: pins with no wheel for it (an sdist only, or
    // wheels for other Pythons).
    let compiles = |line: &str| -> Vec<String> {
        let Some(m) = minor(line) else { return Vec::new() };
        known.iter().filter(|(_, _, cov, _)| !cov.covers(m)).map(|(_, plain, _, _)| plain.clone()).collect()
    };
    let date = crate::images::today();
    let skipped = if unknown.is_empty() { String::new() } else { format!("; not on PyPI: {}", short_list(&unknown)) };
    let newest = lines.first().ok_or("no supported Python line")?;
    if let Some(v) = lines.iter().find(|l| blockers(l).is_empty()) {
        let why = if v == newest {
            format!("PyPI, asked {date}: every pinned release installs on the newest supported Python{skipped}")
        } else {
            format!("PyPI, asked {date}: the newest Python every pinned release has wheels for ({} has none for {newest}){skipped}", short_list(&blockers(newest)))
        };
        return Ok((v.clone(), why, compiles(v)));
    }
    let oldest = lines.last().expect("not empty");
    Ok((
        oldest.clone(),
        format!(
            "PyPI, asked {date}: no supported Python has wheels of every pin ({} has none for {oldest}, which compiles them); the oldest supported{skipped}",
            short_list(&blockers(oldest))
        ),
        compiles(oldest),
    ))
}

fn short_list(items: &[String]) -> String {
    match items.len() {
        0..=3 => items.join(", "),
        n => format!("{} and {} more", items[..3].join(", "), n - 3),
    }
}
