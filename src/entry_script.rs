//! The project's own start script: an `entrypoint.sh` or
//! `docker-entrypoint.sh` that runs migrations and then starts the server is
//! the real start. Read here, language-neutral: where it is, its shell, the
//! command it finally runs (`exec gunicorn …`) or whether it hands over to
//! the image's command (`exec "$@"`), and what else it does. A language
//! whose image ships the source runs it on a runtime with a shell; on
//! distroless it starts the final command and says what is lost.

use crate::scan::DirIndex;

/// Where projects keep it, in the order tried.
const PLACES: &[&str] = &[
    "docker-entrypoint.sh",
    "entrypoint.sh",
    "docker/entrypoint.sh",
    "docker/docker-entrypoint.sh",
    "scripts/entrypoint.sh",
    "scripts/docker-entrypoint.sh",
    "conf/entrypoint.sh",
    "bin/docker-entrypoint",
    "boot.sh",
    "bootstrap.sh",
];

/// Programs a final command starts a server with.
const SERVERS: &[&str] = &["gunicorn", "uvicorn", "uwsgi", "daphne", "hypercorn", "waitress-serve", "granian", "python", "python3", "flask", "fastapi", "node", "npm", "java", "php-fpm", "apache2-foreground"];

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct EntryScript {
    /// The script, relative to the project.
    pub path: String,
    /// `sh` or `bash`, from its first line.
    pub shell: String,
    /// It ends with `exec "$@"`: the image's command runs after it.
    pub hands_over: bool,
    /// The command it finally runs, as argv, when every word is plain (a
    /// `${PORT:-8000}` default is taken); None when it needs the shell.
    pub runs: Option<Vec<String>>,
    /// The final command as written, for messages.
    pub runs_text: Option<String>,
    /// What else it does, in a few words (`migrations`, `collectstatic`).
    pub also: Vec<String>,
    /// It installs packages at start (pip, apt-get, npm install): work the
    /// image did at build time, which a read-only root refuses.
    pub installs: bool,
    /// A file of its own image's layout it sources (`source /venv/bin/activate`),
    /// which dockgen's image does not have.
    pub sources_foreign: Option<String>,
    /// It runs a web server in front of the app (`nginx`), or its server
    /// listens on a unix socket only such a server can reach: its own image's
    /// layout, which dockgen's (one process, on a TCP port) is not.
    pub fronted: Option<String>,
}

/// Where dockgen's images keep things a script may source.
const OWN_LAYOUT: &[&str] = &["/app/", "/opt/venv/", "/usr/", "/etc/", "/bin/", "/tmp/"];

/// The first start script found, if any.
pub fn find(index: &DirIndex) -> Option<EntryScript> {
    PLACES.iter().find_map(|p| index.read(p).ok().map(|text| read(p, &text, &|f| index.has_file(f))))
}

/// Web servers a script may start in front of the app.
const FRONTS: &[&str] = &["nginx", "caddy", "httpd", "apache2ctl"];

/// `exists` answers whether a project file is there (a relative path a
/// script sources must be, since dockgen's image has only the project).
fn read(path: &str, text: &str, exists: &dyn Fn(&str) -> bool) -> EntryScript {
    let shell = match text.lines().next().unwrap_or("") {
        l if l.starts_with("#!") && l.contains("bash") => "bash",
        _ => "sh",
    };
    let lines: Vec<String> = text.replace("\\\n", " ").lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty() && !l.starts_with('#')).collect();
    let mut script = EntryScript { path: path.to_string(), shell: shell.to_string(), hands_over: false, runs: None, runs_text: None, also: Vec::new(), installs: false, sources_foreign: None, fronted: None };
    for l in &lines {
        let lower = l.to_lowercase();
        for (needle, what) in [("migrate", "migrations"), ("db upgrade", "migrations"), ("collectstatic", "collectstatic"), ("wait", "waiting for a database"), ("nc -z", "waiting for a database"), ("pg_isready", "waiting for a database"), ("seed", "seeding data")] {
            if lower.contains(needle) && !script.also.iter().any(|a| a == what) {
                script.also.push(what.to_string());
            }
        }
        script.installs |= ["pip install", "apt-get install", "npm install", "npm ci", "uv sync", "poetry install"].iter().any(|c| lower.contains(c));
        if let Some(file) = l.strip_prefix("source ").or_else(|| l.strip_prefix(". ")).map(|f| f.split_whitespace().next().unwrap_or("").trim_matches(['"', '\''])) {
            let foreign = if file.starts_with('/') { !OWN_LAYOUT.iter().any(|o| file.starts_with(o)) } else { !file.starts_with('$') && !exists(file.trim_start_matches("./")) };
            if foreign && script.sources_foreign.is_none() {
                script.sources_foreign = Some(crate::text::printable(file));
            }
        }
        let first = l.split_whitespace().next().unwrap_or("");
        let service = l.strip_prefix("service ").and_then(|r| r.split_whitespace().next());
        if let Some(front) = FRONTS.iter().find(|f| first == **f || service == Some(**f)) {
            script.fronted.get_or_insert_with(|| format!("starts {front} in front of the app"));
        }
    }
    // `umask 0 && exec gunicorn …`: what follows the exec.
    let exec_of = |l: &str| l.strip_prefix("exec ").or_else(|| l.rsplit_once("&& exec ").map(|(_, c)| c)).map(str::to_string);
    let last = lines.iter().rev().find(|l| exec_of(l).is_some() || SERVERS.iter().any(|s| l.split_whitespace().next() == Some(s)));
    if let Some(last) = last {
        let cmd = exec_of(last).unwrap_or_else(|| last.clone());
        let cmd = cmd.trim();
        if cmd.split_whitespace().any(|w| w.starts_with("unix:")) {
            script.fronted.get_or_insert_with(|| "serves on a unix socket, for a web server in front".to_string());
        }
        if matches!(cmd, "\"$@\"" | "$@" | "\"${@}\"") {
            script.hands_over = true;
        } else {
            script.runs_text = Some(cmd.to_string());
            script.runs = plain_argv(cmd);
        }
    }
    script
}

/// A command's argv when it needs no shell: `${NAME:-default}` takes its
/// default; any other `$`, a pipe, `&&` or `;` needs the shell.
fn plain_argv(cmd: &str) -> Option<Vec<String>> {
    let defaulted = regex_lite::Regex::new(r"\$\{[A-Za-z_][A-Za-z0-9_]*:-([^}$]*)\}").expect("static regex");
    let cmd = defaulted.replace_all(cmd, "$1").to_string();
    let argv = shell_words::split(&cmd).ok()?;
    let plain = !argv.is_empty() && argv.iter().all(|a| !a.contains('$') && !a.contains('`') && !matches!(a.as_str(), "&&" | "||" | "|" | ";" | "&") && !a.ends_with(';'));
    plain.then_some(argv)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_in(path: &str, text: &str) -> EntryScript {
        read(path, text, &|f| f == "venv/bin/activate.here")
    }

    #[test]
    fn a_migrate_then_serve_script_is_read() {
        let s = read_in("entrypoint.sh", "#!/bin/bash\nset -e\n# wait for the db\npython manage.py migrate --noinput\npython manage.py collectstatic --noinput\nexec gunicorn mysite.wsgi:application \\\n  --bind 0.0.0.0:${PORT:-8000} --workers 2\n");
        assert_eq!(s.shell, "bash");
        assert_eq!(s.runs.as_deref().unwrap(), ["gunicorn", "mysite.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2"]);
        assert_eq!(s.also, ["migrations", "collectstatic"]);
        assert!(!s.hands_over && !s.installs);
    }

    #[test]
    fn a_script_of_its_own_image_layout_is_marked() {
        // umap: its image's virtualenv is /venv.
        let s = read_in("docker/entrypoint.sh", "#!/usr/bin/env bash\nset -eo pipefail\nsource /venv/bin/activate\numap migrate\nexec uvicorn --host 0.0.0.0 umap.asgi:application\n");
        assert_eq!(s.sources_foreign.as_deref(), Some("/venv/bin/activate"));
        assert!(s.runs.is_some());
        let s = read_in("entrypoint.sh", "#!/bin/sh\n. /opt/venv/bin/activate\nsource \"/etc/profile\"\nexec gunicorn app:app\n");
        assert_eq!(s.sources_foreign, None);
    }

    #[test]
    fn a_script_that_hands_over_or_needs_its_shell_says_so() {
        let s = read_in("docker-entrypoint.sh", "#!/bin/sh\nuntil nc -z db 5432; do sleep 1; done\nflask db upgrade\nexec \"$@\"\n");
        assert!(s.hands_over && s.runs.is_none());
        assert_eq!(s.also, ["waiting for a database", "migrations"]);
        let s = read_in("boot.sh", "#!/bin/sh\npip install -e .\nexec gunicorn -b :$PORT app:app\n");
        assert!(s.installs && s.runs.is_none() && s.runs_text.as_deref() == Some("gunicorn -b :$PORT app:app"));
    }

    #[test]
    fn a_script_with_a_server_in_front_is_marked() {
        // tandoor: nginx, then gunicorn on a unix socket, from a venv of its image.
        let s = read_in("boot.sh", "#!/bin/sh\nsource venv/bin/activate\nnginx -g 'pid /tmp/nginx.pid;'\npython manage.py migrate\npython manage.py collectstatic --noinput\numask 0 && exec gunicorn --bind unix:/tmp/t.sock recipes.wsgi\n");
        assert_eq!(s.fronted.as_deref(), Some("starts nginx in front of the app"));
        assert_eq!(s.sources_foreign.as_deref(), Some("venv/bin/activate"));
        assert_eq!(s.runs.as_deref().unwrap(), ["gunicorn", "--bind", "unix:/tmp/t.sock", "recipes.wsgi"]);
        let s = read_in("boot.sh", "#!/bin/sh\nexec gunicorn -b unix:/run/app.sock app:app\n");
        assert_eq!(s.fronted.as_deref(), Some("serves on a unix socket, for a web server in front"));
        // A relative file the project has is its own.
        let s = read_in("boot.sh", "#!/bin/sh\n. ./venv/bin/activate.here\nexec gunicorn app:app\n");
        assert_eq!((s.sources_foreign, s.fronted), (None, None));
    }
}
