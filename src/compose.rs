//! `init --compose` and `--db`: a compose.yaml beside the Dockerfile.
//!
//! Only the choices live here; what each database service looks like (image,
//! volume path, health check, the app's connection variables) is data in
//! `templates/compose/compose.yaml.j2`. The password is never in the file:
//! compose mounts `secrets/<name>.txt` at `/run/secrets/<name>`, and `init`
//! creates that file with a random password once, never replacing it (an
//! existing database volume keeps the password it was initialised with).

use anyhow::{Result, bail};
use serde::Serialize;
use std::path::Path;

/// A database service for `--db`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Db {
    Postgres,
    Mysql,
    Redis,
}

impl Db {
    /// The service name the app reaches it by on the private network.
    pub fn service(self) -> &'static str {
        match self {
            Db::Postgres | Db::Mysql => "db",
            Db::Redis => "cache",
        }
    }
}

/// What the compose template needs beyond the plan.
#[derive(Debug, Clone, Serialize)]
pub struct ComposePlan {
    pub db: Option<Db>,
    pub db_service: Option<String>,
    /// The compose secret's name and its file, relative to the project.
    pub secret: Option<String>,
    pub secret_file: Option<String>,
    pub secrets_dir: &'static str,
}

/// The folder for secret files; `.dockerignore` keeps it out of builds.
pub const SECRETS_DIR: &str = "secrets";

impl ComposePlan {
    pub fn new(db: Option<Db>) -> ComposePlan {
        let secret = db.map(|d| format!("{}_password", d.service()));
        ComposePlan {
            db,
            db_service: db.map(|d| d.service().to_string()),
            secret_file: secret.as_ref().map(|s| format!("{SECRETS_DIR}/{s}.txt")),
            secrets_dir: SECRETS_DIR,
            secret,
        }
    }
}

/// Compose files that `docker compose` would read instead of, or besides,
/// the compose.yaml dockgen writes.
const OTHER_COMPOSE_FILES: &[&str] = &["compose.yml", "docker-compose.yaml", "docker-compose.yml"];

/// Refuses to write compose.yaml beside another compose file (compose would
/// read compose.yaml first, silently shadowing the user's) unless forced.
pub fn check_other_compose_files(dir: &Path, force: bool) -> Result<()> {
    if let Some(other) = OTHER_COMPOSE_FILES.iter().find(|f| dir.join(f).exists())
        && !force
    {
        bail!(
            "{other} already exists in {}; dockgen would write compose.yaml, which docker compose reads instead of it. Merge by hand (print the new file with --stdout), or pass --force to write compose.yaml anyway ({other} is left as it is)",
            dir.display()
        );
    }
    Ok(())
}
