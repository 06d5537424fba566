//! Which Python: a version the project pins, else the newest one its lock
//! has wheels for, else one the repository states elsewhere (its own
//! Dockerfile, CI, tox), else the newest its range allows. The source is
//! always said, because a wrong default fails the build: a locked binary
//! package without a wheel for the image's Python compiles, or is missing.

use anyhow::{Result, bail};
use std::str::FromStr;

use super::wheels::Coverage;
use super::{minor_of, poetry_constraint, toml_of};
use crate::model::Sourced;
use crate::scan::DirIndex;

pub(super) struct Inputs<'a> {
    pub index: &'a DirIndex,
    pub project: Option<&'a toml::Table>,
    pub poetry_python: Option<&'a str>,
    pub pipfile: Option<&'a toml::Table>,
    /// `uv.lock` or `poetry.lock`, when that is what installs.
    pub lock: Option<&'a str>,
    pub lang_version_flag: bool,
    /// `--offline` (or DOCKGEN_OFFLINE): PyPI is not asked.
    pub offline: bool,
}

/// The version and the locked packages that must compile for it.
pub(super) fn python_version(inp: &Inputs, warnings: &mut Vec<String>) -> Result<(Sourced<String>, Vec<String>)> {
    let wheels = match inp.lock {
        Some(lock) => Some(Wheels::of(lock, &inp.index.read(lock)?)),
        None => None,
    };
    let compile = |v: &str| wheels.as_ref().map(|w| w.missing(v)).unwrap_or_default();

    // 1. A version the project pins is the answer, whatever else says.
    for file in [".python-version", "runtime.txt"] {
        if inp.index.has_file(file) {
            let text = inp.index.read(file)?;
            let line = text.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with('#')).unwrap_or("");
            match minor_of(line) {
                Some(v) => {
                    let c = compile(&v);
                    return Ok((Sourced::new(v, format!("{file} ({line})")), c));
                }
                None if inp.lang_version_flag => warnings.push(format!("{file} says \"{line}\", which is not a Python version; --lang-version decides")),
                None => bail!("{file} says \"{line}\", which is not a Python version; write a version such as 3.12 there, or pass --lang-version"),
            }
        }
    }

    // 2. The range the project allows.
    let range = range(inp, wheels.as_ref(), warnings);
    let allowed = |v: &str| range.as_ref().is_none_or(|(spec, _)| spec.contains(&pep440_rs::Version::from_str(&format!("{v}.0")).expect("static version")));
    let stable = supported_lines();
    let in_range: Vec<&str> = stable.iter().map(String::as_str).filter(|v| allowed(v)).collect();

    // 3. With a lock: the newest allowed Python every locked binary package
    // has a wheel for.
    if let Some(w) = &wheels {
        let newest = in_range.first().copied().unwrap_or(stable.first().map(String::as_str).unwrap_or("3"));
        if let Some(v) = in_range.iter().find(|v| w.missing_wheels(v).is_empty()) {
            let allowed_by = range.as_ref().map(|(_, r)| format!("{r}; ")).unwrap_or_default();
            let why = if *v == newest {
                format!("{allowed_by}{} has a wheel for it of every binary package", w.lock)
            } else {
                let blockers = w.missing_wheels(newest);
                format!("{allowed_by}the newest Python {} has wheels for ({} has none for {newest})", w.lock, blockers.join(", "))
            };
            return Ok((Sourced::new(v.to_string(), why), w.missing(v)));
        }
    }

    // 4. A version the repository states elsewhere, within the range.
    for stated in stated_elsewhere(inp)? {
        if allowed(&stated.value) {
            let c = compile(&stated.value);
            return Ok((stated, c));
        }
        warnings.push(format!("{} names Python {}, which the project's range does not allow; ignored", stated.source, stated.value));
    }

    // 5. What the range asks for, by the catalog's rules (an open range
    // the oldest supported line, a closed one the newest), else the
    // current stable Python.
    if let Some((spec, req)) = &range {
        let preset = crate::preset::by_id("python")?;
        match crate::detect::pick_line(preset, &crate::version::Req::Pep440(spec.clone()), req) {
            Some(v) => {
                let c = compile(&v.value);
                return Ok((v, c));
            }
            None => warnings.push(format!("{req} allows no Python that has published images; using the default")),
        }
    }
    if let Some(found) = from_pins(inp, &stable, &compile, warnings) {
        return Ok(found);
    }
    let preset = crate::preset::by_id("python")?;
    let v = preset.default_version.clone();
    let c = compile(&v);
    let source = format!(
        "{}, checked {} (no .python-version, runtime.txt, requires-python, Dockerfile, CI or tox version)",
        preset.default_version_is, preset.default_version_checked
    );
    Ok((Sourced::new(v, source), c))
}

/// Step 6 of `python_version`: a Python from exact pins, when nothing states one.
fn from_pins(inp: &Inputs, stable: &[String], compile: &dyn Fn(&str) -> Vec<String>, warnings: &mut Vec<String>) -> Option<(Sourced<String>, Vec<String>)> {
    // 6. Exact pins, and nothing that states a Python: the newest Python
    // may have no wheel for a pin from two years ago. PyPI says which
    // Python has them all (remembered in dockgen.toml); offline, a pin of a
    // package whose wheels are built per Python gets the oldest supported.
    let mut how = "checked offline";
    let exact = super::wheels::exact_pins(inp.index);
    // A pin that imports pkg_resources without declaring setuptools runs
    // only where the venv has it: Python 3.11 and older.
    if let Some(pin) = exact.iter().find(|p| needs_pkg_resources(p))
        && let Some(v) = stable.iter().find(|l| l.strip_prefix("3.").and_then(|m| m.parse::<u32>().ok()).is_some_and(|m| m <= 11))
    {
        let source = format!("{}=={} imports pkg_resources, which a virtualenv of Python 3.12 or newer lacks: {v}, the newest supported before 3.12 (set .python-version to choose)", crate::text::printable(&pin.name), crate::text::printable(&pin.version));
        return Some((Sourced::new(v.clone(), source), compile(v)));
    }
    if !exact.is_empty() && !inp.offline {
        match super::wheels::choose_by_pypi(&exact, stable) {
            Ok((v, why, compiled)) => return Some((Sourced::new(v, why).remembered(), compiled)),
            Err(e) => {
                warnings.push(format!("PyPI did not answer about requirements.txt's pins ({e}); the Python is chosen offline (--offline skips the question)"));
                how = "PyPI did not answer";
            }
        }
    }
    let pins = binary_pins(inp.index);
    if !pins.is_empty()
        && let Some(v) = stable.last()
    {
        let source = format!(
            "requirements.txt pins binary packages ({}) and nothing states a Python: {v}, the oldest supported, for which older pins have wheels ({how}; set .python-version to choose)",
            pins.join(", ")
        );
        return Some((Sourced::new(v.clone(), source), compile(v)));
    }
    None
}

/// Releases that import pkg_resources (setuptools) without requiring it:
/// gunicorn before 21 (its util.py).
fn needs_pkg_resources(pin: &crate::pypi::Pin) -> bool {
    let major = pin.version.split('.').next().and_then(|m| m.parse::<u32>().ok());
    crate::pypi::normalize(&pin.name) == "gunicorn" && major.is_some_and(|m| m < 21)
}

/// Packages whose wheels are built per Python version (C extensions not
/// on the stable ABI): an old exact pin of one may have no wheel for the
/// newest Python, and then compiles or fails.
const PER_VERSION_WHEELS: &[&str] = &[
    "psycopg2-binary", "psycopg-binary", "numpy", "pandas", "scipy", "lxml", "pillow", "pydantic-core", "orjson", "ujson", "greenlet", "gevent",
    "uvloop", "httptools", "grpcio", "msgpack", "pyyaml", "regex", "aiohttp", "frozenlist", "multidict", "yarl", "matplotlib", "scikit-learn",
    "mysqlclient", "asyncpg", "cffi", "markupsafe", "psutil", "pymongo", "rpds-py", "tokenizers", "zstandard", "brotli",
];

/// `name==version` lines of requirements.txt that pin such a package.
fn binary_pins(index: &DirIndex) -> Vec<String> {
    let Ok(text) = index.read("requirements.txt") else { return Vec::new() };
    let mut pins = Vec::new();
    for line in text.lines().map(|l| l.split('#').next().unwrap_or("").trim()) {
        let Ok(req) = pep508_rs::Requirement::<pep508_rs::VerbatimUrl>::from_str(line) else { continue };
        let name = req.name.to_string();
        let exact = line.contains("==");
        if exact && PER_VERSION_WHEELS.contains(&name.as_str()) && pins.len() < 4 {
            pins.push(crate::text::printable(line));
        }
    }
    pins
}

/// The Python lines released, still supported and published as the
/// builder image, newest first (the image catalog's, as of today).
fn supported_lines() -> Vec<String> {
    let (cat, today) = (crate::images::catalog(), crate::images::today());
    let Ok(preset) = crate::preset::by_id("python") else { return Vec::new() };
    let preferred = &crate::preset::defaults().debian.codename;
    cat.released_lines("python", &today)
        .into_iter()
        .filter(|l| cat.cycle("python", l).is_some_and(|c| !c.ended_by(&today)))
        .filter(|l| crate::bases::suite_for(cat, &[&crate::preset::Preset::image_for(&preset.builder.image, l)], preferred).is_some())
        .map(str::to_string)
        .collect()
}

/// requires-python (or Poetry's python), else the lock's own.
fn range(inp: &Inputs, wheels: Option<&Wheels>, warnings: &mut Vec<String>) -> Option<(pep440_rs::VersionSpecifiers, String)> {
    let from_project = inp.project.and_then(|p| p.get("requires-python")?.as_str()).map(|r| (r.to_string(), "pyproject.toml requires-python"));
    let from_poetry = inp.poetry_python.map(|r| (poetry_constraint(r), "pyproject.toml tool.poetry python"));
    let from_lock = wheels.and_then(|w| w.requires_python.clone().map(|r| (r, "uv.lock requires-python")));
    let (req, origin) = from_project.or(from_poetry).or(from_lock)?;
    match pep440_rs::VersionSpecifiers::from_str(&req) {
        Ok(spec) => Some((spec, format!("{origin} ({req})"))),
        Err(_) => {
            warnings.push(format!("requires-python \"{req}\" is not a PEP 440 specifier; ignored"));
            None
        }
    }
}

/// Versions the repository names outside the Python manifests, in order:
/// Pipfile, .tool-versions, its own Dockerfile, its CI workflows, tox.
fn stated_elsewhere(inp: &Inputs) -> Result<Vec<Sourced<String>>> {
    let index = inp.index;
    let mut out = Vec::new();
    let parsed;
    let pipfile = match inp.pipfile {
        Some(p) => Some(p),
        None if index.has_file("Pipfile") => {
            parsed = toml_of(index, "Pipfile")?;
            Some(&parsed)
        }
        None => None,
    };
    if let Some(v) = pipfile.and_then(|p| p.get("requires")?.get("python_version")?.as_str())
        && let Some(m) = minor_of(v)
    {
        out.push(Sourced::new(m, format!("Pipfile python_version ({v})")));
    }
    if index.has_file(".tool-versions") {
        let text = index.read(".tool-versions")?;
        if let Some(v) = text.lines().find_map(|l| l.trim().strip_prefix("python ")).and_then(|v| v.split_whitespace().next())
            && let Some(m) = minor_of(v)
        {
            out.push(Sourced::new(m, format!(".tool-versions ({v})")));
        }
    }
    if let Some(v) = crate::detect::own_dockerfile_tags(index, "python").iter().find_map(|t| minor_of(t.split('-').next()?)) {
        // Gone once dockgen's Dockerfile replaces it: remembered.
        out.push(Sourced::new(v.clone(), format!("Dockerfile (FROM python:{v})")).remembered());
    }
    if let Some((v, file)) = ci_python(index) {
        out.push(Sourced::new(v.clone(), format!("{file} (python-version {v})")));
    }
    if index.has_file("tox.ini")
        && let Ok(text) = index.read("tox.ini")
        && let Some(v) = newest(text.lines().filter(|l| l.trim_start().starts_with("envlist")).flat_map(|l| l.split([',', '=', ' ', '{', '}'])).filter_map(tox_env))
    {
        out.push(Sourced::new(v.clone(), format!("tox.ini envlist (py{})", v.replace('.', ""))));
    }
    Ok(out)
}

/// `py312` → 3.12.
fn tox_env(word: &str) -> Option<String> {
    let d = word.trim().strip_prefix("py3")?;
    if d.is_empty() || !d.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    minor_of(&format!("3.{d}"))
}

fn newest(versions: impl Iterator<Item = String>) -> Option<String> {
    versions.max_by_key(|v| v.split('.').map(|p| p.parse::<u32>().unwrap_or(0)).collect::<Vec<_>>())
}

/// The newest `python-version` a GitHub Actions workflow names (a matrix
/// counts its newest). Reads at most 20 workflow files, through the index.
fn ci_python(index: &DirIndex) -> Option<(String, String)> {
    let mut files = index.list(".github/workflows").ok()?;
    files.retain(|f| f.ends_with(".yml") || f.ends_with(".yaml"));
    files.sort();
    let mut best: Option<(String, String)> = None;
    for file in files.into_iter().take(20) {
        let Ok(text) = index.read(&file) else { continue };
        let Ok(docs) = yaml_rust2::YamlLoader::load_from_str(&text) else { continue };
        let mut found = Vec::new();
        for d in &docs {
            python_versions(d, &mut found);
        }
        if let Some(v) = newest(found.into_iter()) {
            if best.as_ref().is_none_or(|(b, _)| newest([b.clone(), v.clone()].into_iter()).as_ref() == Some(&v) && *b != v) {
                best = Some((v, file));
            }
        }
    }
    best
}

fn python_versions(y: &yaml_rust2::Yaml, out: &mut Vec<String>) {
    use yaml_rust2::Yaml;
    match y {
        Yaml::Hash(h) => {
            for (k, v) in h {
                if matches!(k.as_str(), Some("python-version" | "python")) {
                    let items: Vec<&Yaml> = match v {
                        Yaml::Array(a) => a.iter().collect(),
                        other => vec![other],
                    };
                    for i in items {
                        let s = match i {
                            Yaml::String(s) => s.clone(),
                            Yaml::Real(r) => r.clone(),
                            _ => continue,
                        };
                        out.extend(minor_of(&s));
                    }
                }
                python_versions(v, out);
            }
        }
        Yaml::Array(a) => a.iter().for_each(|i| python_versions(i, out)),
        _ => {}
    }
}

/// What a lock's wheels cover, per package.
#[derive(Debug)]
pub(super) struct Wheels {
    lock: String,
    requires_python: Option<String>,
    /// (package, coverage) for packages that install on Linux.
    packages: Vec<(String, Coverage)>,
}

impl Wheels {
    /// Reads uv.lock (`wheels = [{ url }]`) or poetry.lock (`files = [{ file }]`).
    /// A package with neither a Linux wheel nor an sdist is for another
    /// platform (pywin32) and is left out.
    fn of(lock: &str, text: &str) -> Wheels {
        let table: toml::Table = toml::from_str(text).unwrap_or_default();
        let requires_python = table.get("requires-python").and_then(|v| v.as_str()).map(str::to_string);
        let mut packages = Vec::new();
        for p in table.get("package").and_then(|p| p.as_array()).into_iter().flatten() {
            let Some(name) = p.get("name").and_then(|n| n.as_str()) else { continue };
            let version = p.get("version").and_then(|n| n.as_str()).unwrap_or("");
            let mut files: Vec<String> = Vec::new();
            // Poetry's lock format 1.x lists the files at the end, under
            // [metadata.files], by package name.
            let old_style = table.get("metadata").and_then(|m| m.get("files")).and_then(|f| f.get(name)).and_then(|f| f.as_array());
            for list in ["wheels", "files"].iter().filter_map(|key| p.get(*key).and_then(|w| w.as_array())).chain(old_style) {
                for f in list {
                    if let Some(u) = f.get("url").or_else(|| f.get("file")).and_then(|u| u.as_str()) {
                        files.push(u.rsplit('/').next().unwrap_or(u).to_string());
                    }
                }
            }
            let has_sdist = p.get("sdist").is_some() || files.iter().any(|f| f.ends_with(".tar.gz") || f.ends_with(".zip"));
            let mut cov = Coverage::default();
            let mut linux = false;
            for f in &files {
                linux |= cov.add(f);
            }
            // Neither a Linux wheel nor an sdist: another platform's package.
            // An sdist alone (from a registry): it builds at install time.
            let from_registry = p.get("source").and_then(|s| s.get("registry")).is_some() || lock == "poetry.lock";
            if linux || (has_sdist && from_registry) {
                cov.wheels = linux;
                let label = if version.is_empty() { name.to_string() } else { format!("{name} {version}") };
                packages.push((label, cov));
            }
        }
        Wheels { lock: lock.to_string(), requires_python, packages }
    }

    /// Locked packages with no wheel for `version`: they build from source.
    fn missing(&self, version: &str) -> Vec<String> {
        self.without(version, false)
    }

    /// Of those, the ones that do have wheels, only not for `version`: a
    /// lower Python would spare the compile.
    fn missing_wheels(&self, version: &str) -> Vec<String> {
        self.without(version, true)
    }

    fn without(&self, version: &str, only_with_wheels: bool) -> Vec<String> {
        let Some(minor) = version.strip_prefix("3.").and_then(|m| m.parse::<u32>().ok()) else { return Vec::new() };
        self.packages.iter().filter(|(_, c)| !c.covers(minor) && (c.wheels || !only_with_wheels)).map(|(n, _)| n.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const UV_LOCK: &str = r#"
version = 1
requires-python = ">=3.10"

[[package]]
name = "httptools"
version = "0.6.1"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://files.example/httptools-0.6.1.tar.gz" }
wheels = [
    { url = "https://files.example/httptools-0.6.1-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl" },
    { url = "https://files.example/httptools-0.6.1-cp311-cp311-manylinux_2_17_x86_64.whl" },
    { url = "https://files.example/httptools-0.6.1-cp313-cp313-win_amd64.whl" },
]

[[package]]
name = "pydantic-core"
version = "2.27.0"
source = { registry = "https://pypi.org/simple" }
wheels = [{ url = "https://files.example/pydantic_core-2.27.0-cp314-cp314-manylinux_2_17_x86_64.whl" }, { url = "https://files.example/pydantic_core-2.27.0-cp312-cp312-musllinux_1_1_x86_64.whl" }]

[[package]]
name = "cryptography"
version = "44.0.0"
source = { registry = "https://pypi.org/simple" }
wheels = [{ url = "https://files.example/cryptography-44.0.0-cp39-abi3-manylinux_2_28_x86_64.whl" }]

[[package]]
name = "flask"
version = "3.0.3"
source = { registry = "https://pypi.org/simple" }
wheels = [{ url = "https://files.example/flask-3.0.3-py3-none-any.whl" }]

[[package]]
name = "pywin32"
version = "308"
source = { registry = "https://pypi.org/simple" }
wheels = [{ url = "https://files.example/pywin32-308-cp313-cp313-win_amd64.whl" }]

[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }
"#;

    #[test]
    fn wheels_decide_the_newest_python_a_lock_can_install() {
        let w = Wheels::of("uv.lock", UV_LOCK);
        assert_eq!(w.requires_python.as_deref(), Some(">=3.10"));
        assert_eq!(w.missing("3.14"), ["httptools 0.6.1"]);
        assert_eq!(w.missing("3.13"), ["httptools 0.6.1", "pydantic-core 2.27.0"]);
        assert!(w.missing("3.12").is_empty(), "{:?}", w.missing("3.12"));
        // cryptography's abi3 wheel starts at 3.9.
        assert_eq!(w.missing("3.10"), ["httptools 0.6.1", "pydantic-core 2.27.0"]);
    }

    #[test]
    fn poetry_lock_1_lists_its_files_under_metadata() {
        // Lock format 1.1 (fastapi-realworld): files by package at the end.
        let lock = r#"
[[package]]
name = "greenlet"
version = "1.1.2"
category = "main"

[metadata]
lock-version = "1.1"

[metadata.files]
greenlet = [
    {file = "greenlet-1.1.2-cp39-cp39-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", hash = "sha256:00"},
    {file = "greenlet-1.1.2.tar.gz", hash = "sha256:01"},
]
"#;
        let w = Wheels::of("poetry.lock", lock);
        assert_eq!(w.missing("3.14"), ["greenlet 1.1.2"]);
        assert!(w.missing("3.9").is_empty());
    }

    #[test]
    fn poetry_files_count_like_uv_wheels() {
        let lock = r#"
[[package]]
name = "greenlet"
version = "2.0.2"
files = [
    {file = "greenlet-2.0.2-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", hash = "sha256:x"},
    {file = "greenlet-2.0.2.tar.gz", hash = "sha256:y"},
]
"#;
        let w = Wheels::of("poetry.lock", lock);
        assert_eq!(w.missing("3.14"), ["greenlet 2.0.2"]);
        assert!(w.missing("3.11").is_empty());
    }

    #[test]
    fn versions_stated_outside_the_manifests_are_read() {
        assert_eq!(tox_env("py312").as_deref(), Some("3.12"));
        assert_eq!(tox_env("pypy3"), None);
        let ci = yaml_rust2::YamlLoader::load_from_str("jobs:\n  t:\n    strategy:\n      matrix:\n        python-version: ['3.10', '3.12', 3.11]\n").unwrap();
        let mut found = Vec::new();
        python_versions(&ci[0], &mut found);
        assert_eq!(newest(found.into_iter()).as_deref(), Some("3.12"));
    }

    #[test]
    fn old_pins_of_binary_packages_take_the_oldest_supported_python() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("requirements.txt"), "Django==5.1.2\npsycopg2-binary==2.9.10  # 2024\ngunicorn\n").unwrap();
        let index = DirIndex::scan(dir.path()).unwrap();
        assert_eq!(binary_pins(&index), ["psycopg2-binary==2.9.10"]);
        let inp = Inputs { index: &index, project: None, poetry_python: None, pipfile: None, lock: None, lang_version_flag: false, offline: true };
        let (v, _) = python_version(&inp, &mut Vec::new()).unwrap();
        assert_eq!(v.value, "3.11", "the oldest supported on the tests' day, 2026-12-07");
        assert!(v.source.starts_with("requirements.txt pins binary packages (psycopg2-binary==2.9.10)"), "{}", v.source);
        // Unpinned: the default.
        std::fs::write(dir.path().join("requirements.txt"), "psycopg2-binary>=2.9\n").unwrap();
        let index = DirIndex::scan(dir.path()).unwrap();
        let inp = Inputs { index: &index, project: None, poetry_python: None, pipfile: None, lock: None, lang_version_flag: false, offline: true };
        assert_eq!(python_version(&inp, &mut Vec::new()).unwrap().0.value, "3.14");
        // gunicorn 20 imports pkg_resources: before 3.12 (koyeb-django).
        std::fs::write(dir.path().join("requirements.txt"), "Django==4.2\ngunicorn==20.1.0\n").unwrap();
        let index = DirIndex::scan(dir.path()).unwrap();
        let inp = Inputs { index: &index, project: None, poetry_python: None, pipfile: None, lock: None, lang_version_flag: false, offline: true };
        let v = python_version(&inp, &mut Vec::new()).unwrap().0;
        assert_eq!(v.value, "3.11");
        assert!(v.source.starts_with("gunicorn==20.1.0 imports pkg_resources"), "{}", v.source);
        std::fs::write(dir.path().join("requirements.txt"), "gunicorn==21.2.0\n").unwrap();
        let index = DirIndex::scan(dir.path()).unwrap();
        let inp = Inputs { index: &index, project: None, poetry_python: None, pipfile: None, lock: None, lang_version_flag: false, offline: true };
        assert_eq!(python_version(&inp, &mut Vec::new()).unwrap().0.value, "3.14");
    }
}
