//! PHP: `composer.json` and `composer.lock` (read as JSON), or a plain PHP
//! folder. Decides the PHP version (`require.php`), the extensions to
//! install (`ext-*`), the framework (Laravel: `artisan`; Symfony:
//! `bin/console`), the docroot (`public/` when it holds index.php) and the
//! path repositories the install needs.

use anyhow::{Result, bail};
use serde::Serialize;
use serde_json::Value;

mod composer;

use super::Language;
use crate::model::{Choices, DepStep, Plan, Sourced};
use super::{OwnFacts, ProjectFacts};
use crate::preset::Preset;
use crate::scan::DirIndex;

pub struct Php;

#[derive(Debug, Clone, Default)]
pub struct PhpFacts {
    composer: bool,
    locked: bool,
    /// Folders of path repositories the install reads.
    path_repos: Vec<String>,
    /// Extensions to install with docker-php-ext-install / pecl.
    extensions: Vec<String>,
    pecl: Vec<String>,
    framework: Option<&'static str>,
    /// The project's name (`acme/shop` → `shop`), for the image tag.
    name: Option<String>,
    docroot: String,
    /// The smallest PHP minor `require.php` allows.
    /// require.php, read by Composer's rules, and where it was read.
    range: Option<(crate::version::Req, String)>,
}

/// The PHP section of the plan, as the template sees it.
#[derive(Debug, Clone, Serialize)]
pub struct PhpPlan {
    /// composer.json exists: a Composer stage installs the dependencies.
    pub composer: bool,
    /// composer.lock exists: the install is locked.
    pub locked: bool,
    /// PHP extensions the project requires (`ext-*`), built with docker-php-ext-install.
    pub extensions: Vec<String>,
    /// Extensions installed from PECL.
    pub pecl: Vec<String>,
    /// Debian packages the extensions build against.
    pub ext_packages: Vec<String>,
    /// Where Apache serves from, inside /var/www/html.
    pub docroot: String,
    /// Laravel or Symfony: requests go to the front controller.
    pub front_controller: bool,
    /// Folders the app writes (Laravel's storage/ and bootstrap/cache,
    /// Symfony's var/), owned by www-data.
    pub writable: Vec<String>,
    /// Environment the framework needs in production (`NAME=value`):
    /// Symfony's APP_ENV, as the dev bundles are not installed.
    pub env: Vec<String>,
}

impl Language for Php {
    fn id(&self) -> &'static str {
        "php"
    }

    fn detect(&self, index: &DirIndex, _choices: &Choices) -> Result<ProjectFacts> {
        let mut warnings = Vec::new();
        let mut f = PhpFacts { composer: index.has_file("composer.json"), locked: index.has_file("composer.lock"), ..Default::default() };
        let json = if f.composer { index.read_json("composer.json")? } else { Value::Null };
        if f.composer && !json.is_object() {
            bail!("composer.json must hold a JSON object; fix the file, for example with `composer validate`");
        }
        let require = composer::require(&json)?;
        f.name = json.get("name").and_then(Value::as_str).and_then(|n| n.rsplit('/').next()).map(str::to_string);
        f.range = composer::php_range(&require)?;
        let version = match &f.range {
            Some((req, stated)) => match crate::detect::pick_line(crate::preset::by_id("php")?, req, stated) {
                Some(v) => Some(v),
                None => bail!("{stated} allows no PHP version with published images (image catalog of {}); widen the constraint", crate::images::catalog().snapshot),
            },
            None => None,
        };
        (f.extensions, f.pecl) = composer::extensions(&require);
        f.path_repos = composer::path_repositories(index, &json)?;
        f.framework = if index.has_file("artisan") && require.iter().any(|(k, _)| k == "laravel/framework") {
            Some("laravel")
        } else if index.is_file("bin/console") && require.iter().any(|(k, _)| k.starts_with("symfony/")) {
            Some("symfony")
        } else {
            None
        };
        f.docroot = if index.is_file("public/index.php") || f.framework.is_some() { "public".into() } else { ".".into() };
        if f.docroot == "." && !index.is_file("index.php") {
            warnings.push("no index.php in the project root or public/: Apache serves the root as it is, so / may answer 403 or list nothing; add index.php".into());
        }
        if f.composer && !f.locked {
            warnings.push("no composer.lock: the install resolves versions at build time, so builds are not reproducible; run `composer update` and commit composer.lock".into());
        }
        Ok(ProjectFacts {
            local_deps: Vec::new(),
            package_manager: f.composer.then(|| "composer".to_string()),
            version,
            framework: f.framework.map(str::to_string),
            port: Some(Sourced::chosen(8080, "Apache, moved to an unprivileged port")),
            health_path: None,
            warnings,
            own: f.into_facts(),
        })
    }

    fn normalize_version(&self, raw: &str) -> Result<String> {
        match composer::minor(raw) {
            Some(v) => Ok(v),
            None => bail!("--lang-version '{raw}' is not a PHP version; use a minor such as 8.3"),
        }
    }

    fn check_version(&self, facts: &ProjectFacts, version: &str) -> Result<()> {
        let Some((req, stated)) = facts.own::<PhpFacts>().and_then(|f| f.range.as_ref()) else { return Ok(()) };
        if !req.allows(version) {
            bail!("--lang-version {version} is outside what {stated} allows; pass a version it allows");
        }
        Ok(())
    }

    fn plan(&self, _index: &DirIndex, facts: &ProjectFacts, preset: &Preset, _choices: &Choices, plan: &mut Plan) -> Result<()> {
        let f = facts.own_or_bug::<PhpFacts>("PHP")?;
        plan.start = vec!["apache2-foreground".into()];
        plan.app = f.name.clone().unwrap_or_else(|| "php-app".into());
        if f.composer {
            let mut binds = vec!["composer.json".to_string()];
            binds.extend(f.locked.then(|| "composer.lock".to_string()));
            binds.extend(f.path_repos.iter().cloned());
            let cache = preset.cache.get("composer").cloned().unwrap_or_else(|| "/tmp/composer-cache".into());
            plan.deps = Some(DepStep {
                cache,
                binds,
                command: "composer install --no-dev --no-interaction --no-progress --prefer-dist --no-scripts --no-autoloader '--ignore-platform-req=ext-*'".into(),
            });
        }
        let writable: Vec<String> = match f.framework {
            Some("laravel") => vec!["storage".into(), "bootstrap/cache".into()],
            Some("symfony") => vec!["var".into()],
            _ => Vec::new(),
        };
        let env = if f.framework == Some("symfony") { vec!["APP_ENV=prod".to_string(), "APP_DEBUG=0".to_string()] } else { Vec::new() };
        let volume = crate::model::image_name(&plan.app);
        plan.run_volumes = writable.iter().map(|w| format!("{volume}-{}:/var/www/html/{w}", w.replace('/', "-"))).collect();
        let section = PhpPlan {
            composer: f.composer,
            locked: f.locked,
            extensions: f.extensions.clone(),
            pecl: f.pecl.clone(),
            ext_packages: composer::ext_packages(&f.extensions, &f.pecl),
            docroot: if f.docroot == "." { "/var/www/html".into() } else { format!("/var/www/html/{}", f.docroot) },
            front_controller: f.framework.is_some(),
            writable,
            env,
        };
        plan.details.push(("docroot".into(), section.docroot.clone()));
        plan.set_section(self.id(), &section)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
