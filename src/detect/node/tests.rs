use super::*;
use super::checks::install_script_package;

#[test]
fn install_scripts_that_compile_are_told_apart() {
    let lock = |pkgs: &str| format!("{{\"lockfileVersion\": 3, \"packages\": {{{pkgs}}}}}");
    assert_eq!(install_script_package(&lock(r#""node_modules/@nestjs/core": {"hasInstallScript": true}"#)), None);
    assert_eq!(
        install_script_package(&lock(r#""node_modules/@nestjs/core": {"hasInstallScript": true}, "node_modules/bcrypt": {"hasInstallScript": true}"#)).as_deref(),
        Some("bcrypt")
    );
    assert_eq!(install_script_package(&lock(r#""node_modules/ms": {}"#)), None);
}

#[test]
fn versions_and_ranges_resolve_to_a_major() {
    assert_eq!(major_of("v20"), Some(20));
    assert_eq!(major_of("20.11.1"), Some(20));
    assert_eq!(major_of("lts/iron"), Some(20));
    assert_eq!(major_of("lts/*"), Some(26), "the newest line that is LTS by the tests' day, 2026-12-07");
    assert_eq!(major_of("node"), Some(26));
    // An open range: the oldest LTS line still supported (20 ended 2026-04-30).
    assert_eq!(major_of(">=18"), Some(22));
    assert_eq!(major_of(">=12"), Some(22));
    assert_eq!(major_of("^20.0.0"), Some(20), "only 20 satisfies it, supported or not");
    assert_eq!(major_of("18.x"), Some(18));
    // A closed range: the newest supported line in it.
    assert_eq!(major_of(">=18 <25"), Some(24));
    assert_eq!(major_of("^16 || ^18 || ^20"), Some(20), "none supported: the newest that ended");
    assert_eq!(major_of("^21"), Some(21));
    assert_eq!(major_of("banana"), None);
    assert_eq!(major_of("20\nRUN x"), None);
}

#[test]
fn ports_from_entry_files() {
    assert_eq!(scan_port("app.listen(8081, () => {})").unwrap().0, 8081);
    assert_eq!(scan_port("const port = 8080;\napp.listen(port, () => {})"), Some((8080, "const port = 8080".to_string())), "a hard-coded port in a variable");
    assert_eq!(scan_port("const port = process.env.PORT || 4000;\napp.listen(port)").unwrap().0, 4000);
    assert_eq!(scan_port("const port = Number(process.env.PORT) ?? '5000'").unwrap().0, 5000);
    assert_eq!(scan_port("await app.listen({ port: 3001, host: '0.0.0.0' })").unwrap().0, 3001);
    assert!(scan_port("app.listen(port)").is_none());
    // Hono's node-server, Bun.serve, Bun's default export, TS's `!`.
    assert_eq!(scan_port("serve({ fetch: app.fetch, port: 8787 })").unwrap().0, 8787);
    assert_eq!(scan_port("Bun.serve({\n  port: 4001,\n  fetch() {} })").unwrap().0, 4001);
    assert_eq!(scan_port("export default {\n  port: 3002,\n  fetch: app.fetch,\n}").unwrap().0, 3002);
    assert_eq!(scan_port("const port = parseInt(process.env.PORT!) || 3003").unwrap().0, 3003);
}

#[test]
fn a_projects_own_dockerfile_states_its_node() {
    assert_eq!(tag_major("20.20.2-alpine"), Some(20));
    assert_eq!(tag_major("22-bookworm-slim"), Some(22));
    assert_eq!(tag_major("lts"), None);
}

#[test]
fn relative_paths_are_checked() {
    assert_eq!(compiled_twin("src/main.ts", "dist"), "dist/main.js");
}

#[test]
fn image_names_are_lowercase_and_safe() {
    assert_eq!(start::image_name("@Acme/API"), "acme-api");
    assert_eq!(start::image_name("a b$(x)"), "abx");
}

#[test]
fn a_next_config_ships_what_it_imports() {
    assert_eq!(relative_imports("await import(\"./src/env.js\");\nimport x from './lib/a.mjs'\nconst y = require(\"./y.cjs\")\nimport z from 'next'\nimport '../outside.js'"), ["src/env.js", "lib/a.mjs", "y.cjs"]);
}
