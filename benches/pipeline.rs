//! In-process benchmarks (criterion): each step of the pipeline per language
//! fixture, the whole `generate`, and what a process pays once at startup.
//!   cargo bench --bench pipeline            (all)
//!   cargo bench --bench pipeline -- render  (a filter)

use criterion::{Criterion, criterion_group, criterion_main};
use dockgen::plan::Choices;
use dockgen::scan::DirIndex;
use std::hint::black_box;
use std::path::{Path, PathBuf};

/// One fixture per language and package manager family.
const FIXTURES: &[&str] = &[
    "go-stdlib",
    "go-cmd",
    "node-express-npm",
    "node-next",
    "python-flask",
    "python-django-poetry",
    "java-maven-httpserver",
    "java-spring-boot-gradle-kts",
];

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(name)
}

fn steps(c: &mut Criterion) {
    let choices = Choices::default();
    for name in FIXTURES {
        let dir = example(name);
        let mut g = c.benchmark_group(*name);
        g.bench_function("scan", |b| b.iter(|| DirIndex::scan(black_box(&dir)).unwrap()));
        let index = DirIndex::scan(&dir).unwrap();
        g.bench_function("detect+resolve", |b| b.iter(|| dockgen::plan::resolve(black_box(&index), &choices).unwrap()));
        let plan = dockgen::plan::resolve(&index, &choices).unwrap();
        g.bench_function("render", |b| b.iter(|| dockgen::render_plan(black_box(&plan), dockgen::Extras::ALL).unwrap()));
        g.bench_function("generate", |b| b.iter(|| dockgen::generate(black_box(&dir), &choices, dockgen::Extras::ALL).unwrap()));
        g.finish();
    }
}

/// Workspaces: a member (the walk up, the root's manifests, the local
/// packages), `--app` at the root, and a root of 200 members without
/// `--app` (each member detected to list the deployable ones).
fn workspaces(c: &mut Criterion) {
    let mut g = c.benchmark_group("workspace");
    for (name, member) in [("node-pnpm-workspace", "apps/api"), ("node-turborepo-next", "apps/web"), ("python-uv-workspace", "apps/api"), ("go-work", "api")] {
        let dir = example(name).join(member);
        g.bench_function(format!("{name} member generate"), |b| b.iter(|| dockgen::generate(black_box(&dir), &Choices::default(), dockgen::Extras::ALL).unwrap()));
    }
    let root = example("node-pnpm-workspace");
    let app = Choices { app: Some("apps/api".into()), ..Default::default() };
    g.bench_function("pnpm root --app generate", |b| b.iter(|| dockgen::generate(black_box(&root), &app, dockgen::Extras::ALL).unwrap()));
    let big = tempfile::tempdir().unwrap();
    std::fs::write(big.path().join("pnpm-workspace.yaml"), "packages:\n  - \"packages/*\"\n").unwrap();
    std::fs::write(big.path().join("pnpm-lock.yaml"), "lockfileVersion: '9.0'\n").unwrap();
    std::fs::write(big.path().join("package.json"), "{\"private\": true}").unwrap();
    for i in 0..200 {
        let d = big.path().join(format!("packages/p{i}"));
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join("package.json"), format!("{{\"name\": \"p{i}\", \"scripts\": {{\"start\": \"node index.js\"}}}}")).unwrap();
        std::fs::write(d.join("index.js"), "require('http').createServer().listen(3000)\n").unwrap();
    }
    g.bench_function("200-member root without --app (lists them)", |b| b.iter(|| dockgen::generate(black_box(big.path()), &Choices::default(), dockgen::Extras::ALL).unwrap_err()));
    g.finish();
}

/// Paid once per process, behind OnceLock/LazyLock: measured fresh here.
fn startup(c: &mut Criterion) {
    let mut g = c.benchmark_group("startup");
    g.bench_function("parse presets", |b| b.iter(|| dockgen::preset::parse_embedded().unwrap()));
    g.bench_function("build template environment", |b| b.iter(dockgen::render::build_environment));
    // Templates compile on first use: what one run pays for its language.
    g.bench_function("environment + compile node template", |b| {
        b.iter(|| {
            let env = dockgen::render::build_environment();
            env.get_template("node/Dockerfile.j2").unwrap();
            env.get_template("dockerignore.j2").unwrap();
        })
    });
    g.bench_function("cli parse", |b| {
        use clap::Parser;
        b.iter(|| dockgen::cli::Cli::try_parse_from(["dockgen", "init", "--yes", "--stdout", "."]).unwrap())
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50).warm_up_time(std::time::Duration::from_millis(500)).measurement_time(std::time::Duration::from_secs(2));
    targets = steps, workspaces, startup
}
criterion_main!(benches);
