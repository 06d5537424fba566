//! Fuzz targets, one per manifest parser plus the whole detect → render path
//! driven by fuzzed flags. Written with bolero, so the same target runs two
//! ways:
//!
//! - `cargo test --test fuzz`: a bounded smoke of random inputs on stable,
//!   plus every saved input under `tests/__fuzz__/<target>/` (crashes found
//!   earlier stay regression tests that way);
//! - `cargo bolero test --release --test fuzz fuzz_package_json -T 300`:
//!   coverage-guided libFuzzer (nightly; see README "Fuzzing").
//!
//! A manifest target takes a real example project, splices fuzzed text (or
//! raw bytes) into one of its files (at a fuzzed offset, replacing up to 15
//! bytes), writes
//! it to a fresh folder and generates. Starting from a file that parses
//! keeps most inputs past the parser's first byte and into the detector.
//!
//! What must hold for every input (the oracle): no panic; an error is one
//! clean line; a Dockerfile parses, passes the build checks, keeps CMD and
//! ENTRYPOINT as JSON arrays and carries no raw control character.

mod common;
use common::example;

use bolero::check;
use dockgen::dockerfile;
use dockgen::plan::Choices;
use dockgen::preset::RuntimeKind;
use std::fs;
use std::path::{Path, PathBuf};

/// Iterations of the random smoke under `cargo test` (libFuzzer ignores it).
const SMOKE: usize = 300;


fn copy_tree(from: &Path, to: &Path) {
    for entry in fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The oracle: what any outcome of `generate` must satisfy. Returns whether
/// a Dockerfile came out (for the tally that shows inputs get past parsing).
fn assert_sound(what: &str, result: anyhow::Result<(dockgen::plan::Plan, Vec<dockgen::render::OutputFile>)>) -> bool {
    let files = match result {
        Err(e) => {
            let msg = format!("{e:#}");
            // FUZZ_DEBUG=1 prints each refusal, to see which inputs get past a parser.
            if std::env::var_os("FUZZ_DEBUG").is_some() {
                eprintln!("refused {what}: {msg}");
            }
            assert!(!msg.is_empty(), "{what}: an empty error");
            assert!(!msg.chars().any(|c| c.is_control()), "{what}: the error is not one clean line: {msg:?}");
            assert!(!msg.contains("dockgen bug"), "{what}: {msg}");
            return false;
        }
        Ok((_, files)) => files,
    };
    let text = &files[0].contents;
    let instructions = dockerfile::parse(text).unwrap_or_else(|e| panic!("{what}: the Dockerfile does not parse: {e}\n{text}"));
    let problems = dockerfile::check(text);
    assert!(problems.is_empty(), "{what}: build-check findings {problems:?}\n{text}");
    for i in &instructions {
        let kw = i.keyword.to_ascii_uppercase();
        if kw == "CMD" || kw == "ENTRYPOINT" {
            assert!(serde_json::from_str::<Vec<String>>(&i.args).is_ok(), "{what}: {kw} is not a JSON array: {}", i.args);
        }
    }
    assert!(
        !text.chars().any(|c| (c.is_control() && c != '\n' && c != '\t') || c == '\u{2028}' || c == '\u{2029}'),
        "{what}: a raw control character is in the Dockerfile\n{text}"
    );
    true
}

/// Counts rendered vs refused inputs; printed with `--nocapture`.
#[derive(Default)]
struct Tally {
    rendered: std::sync::atomic::AtomicUsize,
    refused: std::sync::atomic::AtomicUsize,
}

impl Tally {
    fn add(&self, rendered: bool) {
        let n = if rendered { &self.rendered } else { &self.refused };
        n.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
    fn report(&self, what: &str) {
        use std::sync::atomic::Ordering::Relaxed;
        eprintln!("{what}: {} rendered, {} refused", self.rendered.load(Relaxed), self.refused.load(Relaxed));
    }
}

/// Splices `insert` into `seed` at `at`, replacing `cut` bytes.
fn splice(seed: &[u8], at: u16, cut: u8, insert: &[u8]) -> Vec<u8> {
    let at = at as usize % (seed.len() + 1);
    let end = (at + cut as usize).min(seed.len());
    [&seed[..at], insert, &seed[end..]].concat()
}

/// One manifest target: a `#[test]` named `$name` that splices `file` of
/// `example` (or `seed`, for a file the example lacks). `check!` must stand
/// in the test function itself: bolero names the target after it.
macro_rules! manifest_target {
    ($name:ident, $example:expr, $file:expr) => {
        manifest_target!($name, $example, $file, "");
    };
    ($name:ident, $example:expr, $file:expr, $seed:expr) => {
        #[test]
        fn $name() {
            let target = Manifest::new($example, $file, $seed);
            check!()
                .with_type::<(u16, u8, String, bool)>()
                .with_iterations(SMOKE)
                .with_max_len(4096)
                .for_each(|input| target.run(input));
            target.tally.report(&format!("{}/{}", $example, $file));
        }
    };
}

struct Manifest {
    src: PathBuf,
    file: &'static str,
    seed: Vec<u8>,
    tally: Tally,
}

impl Manifest {
    fn new(example_name: &str, file: &'static str, default_seed: &str) -> Manifest {
        let src = example(example_name);
        let seed = fs::read(src.join(file)).unwrap_or_else(|_| default_seed.as_bytes().to_vec());
        Manifest { src, file, seed, tally: Tally::default() }
    }

    fn run(&self, (at, cut, insert, raw): &(u16, u8, String, bool)) {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&self.src, dir.path());
        let target = dir.path().join(self.file);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        // Mostly text (what a parser sees past its UTF-8 check), sometimes
        // raw bytes: the low byte of each char, which breaks UTF-8.
        let bytes: Vec<u8> = if *raw { insert.chars().map(|c| c as u32 as u8).collect() } else { insert.as_bytes().to_vec() };
        fs::write(&target, splice(&self.seed, *at, cut % 16, &bytes)).unwrap();
        let what = format!("{}/{}", self.src.display(), self.file);
        self.tally.add(assert_sound(&what, dockgen::generate(dir.path(), &Choices::default(), dockgen::Extras::ALL)));
    }
}

manifest_target!(fuzz_package_json, "node-express-npm", "package.json");
manifest_target!(fuzz_next_package_json, "node-next", "package.json");
manifest_target!(fuzz_tsconfig, "node-typescript", "tsconfig.json");
manifest_target!(fuzz_nvmrc, "node-express-npm", ".nvmrc", "22\n");
manifest_target!(fuzz_pnpm_lock, "node-pnpm", "pnpm-lock.yaml");
manifest_target!(fuzz_node_entry_source, "node-express-npm", "server.js");
manifest_target!(fuzz_pyproject, "python-pep621", "pyproject.toml");
manifest_target!(fuzz_poetry_pyproject, "python-django-poetry", "pyproject.toml");
manifest_target!(fuzz_pipfile, "python-pipenv", "Pipfile");
manifest_target!(fuzz_requirements, "python-flask", "requirements.txt");
manifest_target!(fuzz_python_version_file, "python-flask", ".python-version", "3.12\n");
manifest_target!(fuzz_procfile, "python-flask", "Procfile", "web: gunicorn --bind 0.0.0.0:8000 app:app\n");
manifest_target!(fuzz_django_manage, "python-django-poetry", "manage.py");
manifest_target!(fuzz_go_mod, "go-stdlib", "go.mod");
manifest_target!(fuzz_go_source, "go-cmd", "cmd/server/main.go");
manifest_target!(fuzz_pom, "java-spring-boot-maven", "pom.xml");
manifest_target!(fuzz_plain_pom, "java-maven-httpserver", "pom.xml");
manifest_target!(fuzz_gradle_kts, "java-spring-boot-gradle-kts", "build.gradle.kts");
manifest_target!(fuzz_gradle_settings, "java-gradle-httpserver", "settings.gradle");
manifest_target!(fuzz_spring_properties, "java-spring-boot-maven", "src/main/resources/application.properties");
manifest_target!(fuzz_spring_yaml, "java-spring-boot-gradle-kts", "src/main/resources/application.yml");
manifest_target!(fuzz_cargo_toml, "rust-axum", "Cargo.toml");
manifest_target!(fuzz_cargo_member, "rust-workspace", "crates/api/Cargo.toml");
manifest_target!(fuzz_rust_source, "rust-std-http", "src/main.rs");
manifest_target!(fuzz_composer_json, "php-composer-path", "composer.json");
manifest_target!(fuzz_csproj, "dotnet-webapi", "HelloApi.csproj");
manifest_target!(fuzz_sln, "dotnet-solution", "Shop.sln");
manifest_target!(fuzz_directory_build_props, "dotnet-solution", "Directory.Build.props");
manifest_target!(fuzz_appsettings, "dotnet-solution", "src/Shop.Web/appsettings.json");
manifest_target!(fuzz_dotnet_program, "dotnet-solution", "src/Shop.Web/Program.cs");

/// The whole path with fuzzed flags over every example: every flag value a
/// user (or a script) can pass either is refused cleanly or renders safely.
#[test]
fn fuzz_flags_over_every_example() {
    let examples = common::examples();
    let runtimes = [None, Some(RuntimeKind::Scratch), Some(RuntimeKind::Distroless), Some(RuntimeKind::Alpine), Some(RuntimeKind::Slim)];
    type Flags = (u8, u8, Option<String>, Option<u16>, Option<Vec<String>>, Option<String>, Option<String>);
    let tally = Tally::default();
    check!().with_type::<Flags>().with_iterations(SMOKE).with_max_len(2048).for_each(
        |(ex, rt, version, port, start, main, output_dir)| {
            let dir = &examples[*ex as usize % examples.len()];
            let choices = Choices {
                runtime: runtimes[*rt as usize % runtimes.len()],
                lang_version: version.clone(),
                port: *port,
                start: start.clone(),
                main: main.clone(),
                output_dir: output_dir.clone(),
                ..Default::default()
            };
            tally.add(assert_sound(&format!("{} with {choices:?}", dir.display()), dockgen::generate(dir, &choices, dockgen::Extras::ALL)));
        },
    );
    tally.report("flags over every example");
}
