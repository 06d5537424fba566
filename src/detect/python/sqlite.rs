//! Where a Django project keeps its SQLite database. Under a read-only
//! root the app cannot write it: a folder of its own (`data/db.sqlite3`)
//! becomes a folder the app user owns, with a volume on the run line; a
//! file beside the code (`BASE_DIR / "db.sqlite3"`) cannot take a volume,
//! and is said.

use crate::scan::DirIndex;

#[derive(Debug, PartialEq, Eq)]
pub(super) enum SqliteAt {
    /// A folder under the project, relative (`data`).
    Folder(String),
    /// A file directly in the project folder (`db.sqlite3`).
    ProjectRoot(String),
}

/// The settings module's file (`pkg/settings.py`, `pkg/settings/dev.py`),
/// then, in a `settings/` package, its other modules (`base.py`), which
/// the one named usually imports.
fn settings_files(index: &DirIndex, settings: &str) -> Vec<String> {
    let path = settings.replace('.', "/");
    let file = format!("{path}.py");
    let mut files: Vec<String> = index.is_file(&file).then(|| file.clone()).into_iter().collect();
    // `pkg.settings` a package, or `pkg.settings.dev` a module of one.
    let package = if index.is_file(&format!("{path}/__init__.py")) { Some(path.as_str()) } else { path.rsplit_once('/').map(|(d, _)| d).filter(|d| d.ends_with("settings")) };
    if let Some(dir) = package {
        files.extend(index.list(dir).unwrap_or_default().into_iter().filter(|f| *f != file && f.ends_with(".py")));
    }
    files
}

/// The SQLite database the settings name, when it lives under BASE_DIR.
pub(super) fn django_sqlite(index: &DirIndex, settings: &str) -> Option<SqliteAt> {
    settings_files(index, settings).iter().filter_map(|f| index.read(f).ok()).find_map(|t| sqlite_in(&t))
}

fn sqlite_in(text: &str) -> Option<SqliteAt> {
    let engine = text.find("django.db.backends.sqlite3")?;
    let after = &text[engine..];
    let line = after.lines().take(4).find(|l| l.contains("NAME"))?;
    let value = line.split_once(':').or_else(|| line.split_once('='))?.1;
    if !value.contains("BASE_DIR") {
        return None;
    }
    let parts: Vec<&str> = value
        .split(['"', '\''])
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, s)| s)
        .collect();
    let safe = |s: &str| !s.is_empty() && s != ".." && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    match parts.as_slice() {
        [file] if safe(file) => Some(SqliteAt::ProjectRoot(file.to_string())),
        [dirs @ .., _file] if !dirs.is_empty() && dirs.iter().all(|d| safe(d)) => Some(SqliteAt::Folder(dirs.join("/"))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_places_are_read() {
        let db = |name: &str| format!("DATABASES = {{\n    'default': {{\n        'ENGINE': 'django.db.backends.sqlite3',\n        {name}\n    }}\n}}\n");
        assert_eq!(sqlite_in(&db("'NAME': BASE_DIR / 'db.sqlite3',")), Some(SqliteAt::ProjectRoot("db.sqlite3".into())));
        assert_eq!(sqlite_in(&db("\"NAME\": os.path.join(BASE_DIR, \"data\", \"db.sqlite3\"),")), Some(SqliteAt::Folder("data".into())));
        assert_eq!(sqlite_in(&db("'NAME': BASE_DIR / 'var' / 'db' / 'app.sqlite3',")), Some(SqliteAt::Folder("var/db".into())));
        assert_eq!(sqlite_in(&db("'NAME': os.environ['DB_PATH'],")), None);
        assert_eq!(sqlite_in(&db("'NAME': BASE_DIR / '..' / 'db.sqlite3',")), None);
        assert_eq!(sqlite_in("ENGINE = 'django.db.backends.postgresql'"), None);
    }
}
