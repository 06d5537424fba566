use super::*;
use crate::plan::{resolve};
use crate::model::{Choices, Plan};

fn plan_of(files: &[(&str, &str)], choices: Choices) -> Result<Plan> {
    let dir = crate::detect::test_project(files);
    resolve(&DirIndex::scan(dir.path()).unwrap(), &choices)
}

#[test]
fn a_plain_php_folder_is_served_from_its_root() {
    let plan = plan_of(&[("index.php", "<?php echo 'hi';")], Choices::default()).unwrap();
    assert_eq!(plan.language, "php");
    assert!(plan.deps.is_none());
    assert_eq!(plan.images.runtime, "php:8.5-apache-trixie");
    assert_eq!(plan.user.uid, 33);
    assert_eq!(plan.port.value, 8080);
    assert_eq!(plan.section["php"]["docroot"], "/var/www/html");
    let err = plan_of(&[("index.php", "")], Choices { runtime: Some(crate::preset::RuntimeKind::Distroless), ..Default::default() }).unwrap_err().to_string();
    assert!(err.contains("distroless has no PHP"), "{err}");
}

#[test]
fn composer_requirements_give_version_extensions_and_path_repos() {
    let composer = r#"{"require": {"php": "^8.5", "ext-gd": "*", "ext-redis": "*", "ext-json": "*", "acme/greeter": "*"},
        "repositories": [{"type": "path", "url": "packages/*"}, {"packagist.org": false}]}"#;
    let plan = plan_of(&[("composer.json", composer), ("composer.lock", "{}"), ("packages/greeter/composer.json", "{}"), ("public/index.php", "")], Choices::default()).unwrap();
    assert_eq!(plan.version.value, "8.5", "require.php's minimum beats an older default");
    assert_eq!(plan.images.runtime, "php:8.5-apache-trixie");
    let deps = plan.deps.as_ref().unwrap();
    assert_eq!(deps.binds, ["composer.json", "composer.lock", "packages/greeter"]);
    let p = &plan.section["php"];
    assert_eq!(p["extensions"], serde_json::json!(["gd"]));
    assert_eq!(p["pecl"], serde_json::json!(["redis"]));
    assert_eq!(p["docroot"], "/var/www/html/public");
    let err = plan_of(&[("composer.json", composer), ("public/index.php", "")], Choices { lang_version: Some("8.3".into()), ..Default::default() }).unwrap_err().to_string();
    assert!(err.contains("--lang-version 8.3 is outside what composer.json (require.php \"^8.5\") allows"), "{err}");
}

#[test]
fn laravel_gets_a_front_controller_and_volumes() {
    let plan = plan_of(&[("composer.json", r#"{"require": {"php": "^8.2", "laravel/framework": "^12.0"}}"#), ("artisan", ""), ("public/index.php", "")], Choices::default()).unwrap();
    assert_eq!(plan.framework.as_deref(), Some("laravel"));
    assert_eq!(plan.version.value, "8.5", "^8.2 is closed below 9: the newest supported 8.x");
    assert_eq!(plan.run_volumes, ["php-app-storage:/var/www/html/storage", "php-app-bootstrap-cache:/var/www/html/bootstrap/cache"]);
    assert!(plan.warnings.iter().any(|w| w.contains("no composer.lock")));
}

#[test]
fn hostile_composer_files_are_refused() {
    let err = plan_of(&[("composer.json", r#"{"repositories": [{"type": "path", "url": "../outside"}]}"#)], Choices::default()).unwrap_err().to_string();
    assert!(err.contains("not a folder inside the project"), "{err}");
    let err = plan_of(&[("composer.json", r#"{"require": {"php": "latest\n"}}"#)], Choices::default()).unwrap_err().to_string();
    assert!(err.contains("require.php") && !err.contains('\n'), "{err}");
    let err = plan_of(&[("composer.json", "[1]")], Choices::default()).unwrap_err().to_string();
    assert!(err.contains("must hold a JSON object"), "{err}");
}

#[test]
fn frameworks_get_their_writable_folders_and_production_mode() {
    let symfony = r#"{"require": {"php": ">=8.2", "symfony/framework-bundle": "^7.3"}}"#;
    let plan = plan_of(&[("composer.json", symfony), ("composer.lock", "{}"), ("bin/console", ""), ("public/index.php", "")], Choices::default()).unwrap();
    assert_eq!(plan.framework.as_deref(), Some("symfony"));
    assert_eq!(plan.section["php"]["writable"], serde_json::json!(["var"]));
    assert_eq!(plan.section["php"]["env"], serde_json::json!(["APP_ENV=prod", "APP_DEBUG=0"]));
    assert_eq!(plan.run_volumes, ["php-app-var:/var/www/html/var"]);
    let laravel = r#"{"name": "acme/shop", "require": {"laravel/framework": "^12.0"}}"#;
    let plan = plan_of(&[("composer.json", laravel), ("artisan", ""), ("public/index.php", "")], Choices::default()).unwrap();
    assert_eq!(plan.run_volumes, ["shop-storage:/var/www/html/storage", "shop-bootstrap-cache:/var/www/html/bootstrap/cache"]);
    assert_eq!(plan.section["php"]["env"], serde_json::json!([]));
}

#[test]
fn require_php_is_read_by_composers_rules() {
    // ^7.4 is >=7.4 <8.0: PHP 7.4, on the last Debian its Apache image had,
    // with its end of life said.
    let plan = plan_of(&[("composer.json", r#"{"require": {"php": "^7.4"}}"#), ("public/index.php", "")], Choices::default()).unwrap();
    assert_eq!(plan.version.value, "7.4");
    assert_eq!(plan.images.runtime, "php:7.4-apache-bullseye");
    let eol = plan.end_of_life.as_ref().unwrap();
    assert_eq!((eol.version.as_str(), eol.ended.as_deref()), ("PHP 7.4", Some("2022-11-28")));
    assert!(plan.warnings.iter().any(|w| w.starts_with("PHP 7.4 reached its end of life on 2022-11-28; building on php:7.4-apache-bullseye, the last image published for it; the oldest supported is 8.2: set it in composer.json require.php")), "{:?}", plan.warnings);
    // An open range: the oldest supported PHP (8.1 ended 2025-12-31).
    let plan = plan_of(&[("composer.json", r#"{"require": {"php": ">=8.1"}}"#), ("public/index.php", "")], Choices::default()).unwrap();
    assert_eq!(plan.version.value, "8.2");
    // Space- and comma-separated ANDs, ORs, wildcards, tilde.
    for (c, want) in [(">=8.1 <8.4", "8.3"), (">=8.1,<8.4", "8.3"), ("^7.4 || ^8.0", "8.5"), ("8.3.*", "8.3"), ("~8.2.0", "8.2")] {
        let json = format!(r#"{{"require": {{"php": "{c}"}}}}"#);
        let plan = plan_of(&[("composer.json", &json), ("public/index.php", "")], Choices::default()).unwrap();
        assert_eq!(plan.version.value, want, "{c}");
    }
}
