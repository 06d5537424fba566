//! composer.json's `require` (the PHP constraint and `ext-*`) and its path
//! repositories.

use anyhow::{Result, bail};
use serde_json::Value;

use crate::scan::DirIndex;
use crate::text::printable;

/// `require` as (package, constraint) pairs.
pub(super) fn require(json: &Value) -> Result<Vec<(String, String)>> {
    match json.get("require") {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Object(m)) => Ok(m.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string())).collect()),
        Some(_) => bail!("composer.json: \"require\" must be an object of package names and constraints; fix the file"),
    }
}

/// The oldest PHP minor `require.php` allows: `^8.2`, `>=8.1`, `~8.3.0`,
/// `8.2.*` → 8.2. Only the first alternative of `||` is read.
pub(super) fn php_range(require: &[(String, String)]) -> Result<Option<(crate::version::Req, String)>> {
    let Some((_, c)) = require.iter().find(|(k, _)| k == "php") else { return Ok(None) };
    match crate::version::Req::composer(c) {
        Some(req) => Ok(Some((req, format!("composer.json (require.php \"{}\")", printable(c))))),
        None => bail!("composer.json: require.php \"{}\" is not a Composer version constraint; write one such as ^8.2", printable(c)),
    }
}

/// `8.3`, `8.3.12` → `8.3`.
pub(super) fn minor(v: &str) -> Option<String> {
    crate::version::minor(v, None)
}

/// Extensions the official images lack, by how they install: compiled with
/// docker-php-ext-install, or from PECL. The rest are built in.
const EXT_INSTALL: &[&str] = &["bcmath", "bz2", "calendar", "exif", "gd", "gettext", "gmp", "intl", "mysqli", "opcache", "pcntl", "pdo_mysql", "pdo_pgsql", "pgsql", "shmop", "soap", "sockets", "sysvmsg", "sysvsem", "sysvshm", "xsl", "zip"];
const EXT_PECL: &[&str] = &["redis", "apcu", "imagick", "mongodb", "xdebug", "memcached", "igbinary"];

/// (docker-php-ext-install extensions, PECL extensions) from `ext-*`.
pub(super) fn extensions(require: &[(String, String)]) -> (Vec<String>, Vec<String>) {
    let mut ext = Vec::new();
    let mut pecl = Vec::new();
    for (k, _) in require {
        let Some(name) = k.strip_prefix("ext-") else { continue };
        let name = name.to_ascii_lowercase().replace("pdo-", "pdo_");
        if EXT_INSTALL.contains(&name.as_str()) {
            ext.push(name);
        } else if EXT_PECL.contains(&name.as_str()) {
            pecl.push(name);
        }
    }
    ext.sort();
    ext.dedup();
    pecl.sort();
    pecl.dedup();
    (ext, pecl)
}

/// The Debian packages an extension's build needs (the official images'
/// documented set). They stay in the image: the extension links them.
pub(super) fn ext_packages(ext: &[String], pecl: &[String]) -> Vec<String> {
    let mut out: Vec<&str> = Vec::new();
    for e in ext.iter().chain(pecl) {
        out.extend(match e.as_str() {
            "gd" => &["libpng-dev", "libjpeg62-turbo-dev", "libfreetype-dev"][..],
            "intl" => &["libicu-dev"][..],
            "zip" => &["libzip-dev"][..],
            "pdo_pgsql" | "pgsql" => &["libpq-dev"][..],
            "xsl" => &["libxslt1-dev"][..],
            "gmp" => &["libgmp-dev"][..],
            "bz2" => &["libbz2-dev"][..],
            "soap" => &["libxml2-dev"][..],
            "imagick" => &["libmagickwand-dev"][..],
            "memcached" => &["libmemcached-dev", "zlib1g-dev"][..],
            _ => &[][..],
        });
    }
    out.sort();
    out.dedup();
    out.into_iter().map(str::to_string).collect()
}

/// The folders of `"type": "path"` repositories inside the project (the
/// install reads them); `*` in a url is expanded one level.
pub(super) fn path_repositories(index: &DirIndex, json: &Value) -> Result<Vec<String>> {
    let repos: Vec<&Value> = match json.get("repositories") {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(Value::Object(m)) => m.values().collect(),
        _ => Vec::new(),
    };
    let mut out = Vec::new();
    for r in repos {
        if r.get("type").and_then(Value::as_str) != Some("path") {
            continue;
        }
        let Some(url) = r.get("url").and_then(Value::as_str) else { continue };
        let url = url.trim_start_matches("./").trim_end_matches('/');
        let dirs: Vec<String> = match url.strip_suffix("/*") {
            Some(parent) => index.subdirs(parent).into_iter().map(|d| format!("{parent}/{d}")).collect(),
            None => vec![url.to_string()],
        };
        for d in dirs {
            if crate::escape::relative_dir(&d).as_deref() != Some(d.as_str()) {
                bail!("composer.json: the path repository \"{}\" is not a folder inside the project (dockgen builds from the project folder alone); move the package inside it", printable(&d));
            }
            if !index.is_dir(&d) {
                // Composer stops on a path repository that is not there.
                bail!("composer.json: the path repository \"{}\" is not a folder in the project; Composer would stop on it. Add the folder or remove the repository", printable(&d));
            }
            out.push(d);
        }
    }
    Ok(out)
}
