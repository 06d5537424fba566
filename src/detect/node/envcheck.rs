//! Build-time checks of the environment: `@t3-oss/env-*` (create-t3-app,
//! create-t3-turbo) validates the app's variables inside `next build` and
//! stops with "Invalid environment variables" when they are missing, as
//! they are in an image build. Its documentation says to set
//! `SKIP_ENV_VALIDATION` for such builds; the variables are then the
//! container's to receive at run time.

use super::package::Pkg;
use crate::scan::DirIndex;

/// The libraries that validate during the build.
const LIBRARIES: &[&str] = &["@t3-oss/env-nextjs", "@t3-oss/env-core", "@t3-oss/env-nuxt"];

/// Where create-t3-app and create-t3-turbo keep the schema.
const FILES: &[&str] = &["src/env.js", "src/env.mjs", "src/env.ts", "src/env.mts", "env.js", "env.mjs", "env.ts", "src/env/server.mjs", "src/env/server.ts", "src/env/client.mjs", "src/env/client.ts"];

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct EnvCheck {
    /// The validating library (`@t3-oss/env-nextjs`).
    pub library: String,
    /// The schema file read, when one was found.
    pub file: Option<String>,
    /// Variables the server reads at run time, by name.
    pub run: Vec<String>,
    /// Variables a client bundle inlines at build time (`NEXT_PUBLIC_*`).
    pub build: Vec<String>,
    /// What turns the check off, from the schema's `skipValidation:`
    /// (create-t3-app: `SKIP_ENV_VALIDATION`; create-t3-turbo: `CI`);
    /// `SKIP_ENV_VALIDATION`, the library's documented name, when it says none.
    pub skip: Vec<String>,
    /// Whether the schema itself named them (else the documented default).
    pub skip_read: bool,
}

/// The check the project's dependencies run during the build, if any.
pub fn env_check(index: &DirIndex, pkg: &Pkg) -> Option<EnvCheck> {
    let library = LIBRARIES.iter().find(|l| pkg.has(l))?.to_string();
    let mut check = EnvCheck { library, ..Default::default() };
    for file in FILES {
        let Ok(text) = index.read(file) else { continue };
        check.file.get_or_insert_with(|| file.to_string());
        for name in skip_names(&text) {
            if !check.skip.contains(&name) {
                check.skip.push(name);
            }
        }
        for name in schema_names(&text) {
            let list = if name.starts_with("NEXT_PUBLIC_") || name.starts_with("NUXT_PUBLIC_") { &mut check.build } else { &mut check.run };
            if !list.contains(&name) {
                list.push(name);
            }
        }
    }
    check.skip_read = !check.skip.is_empty();
    if check.skip.is_empty() {
        check.skip.push("SKIP_ENV_VALIDATION".to_string());
    }
    Some(check)
}

/// The variables a `skipValidation:` expression reads
/// (`!!process.env.CI || process.env.npm_lifecycle_event === "lint"` → CI):
/// upper-case names only, so each is safe in a Dockerfile's ENV.
fn skip_names(text: &str) -> Vec<String> {
    let Some(at) = text.find("skipValidation:") else { return Vec::new() };
    let rest = &text[at + "skipValidation:".len()..];
    let expr = rest.split([',', '}']).next().unwrap_or("");
    let name = regex_lite::Regex::new(r"process\.env\.([A-Z][A-Z0-9_]{0,63})\b").expect("static regex");
    let mut out: Vec<String> = Vec::new();
    for c in name.captures_iter(expr) {
        let n = c[1].to_string();
        if n != "NODE_ENV" && !out.contains(&n) {
            out.push(n);
        }
    }
    out
}

/// The variable names a `createEnv({ server: {…}, client: {…} })` schema
/// declares: upper-case keys of its objects, read up to `runtimeEnv` (whose
/// keys repeat them). Only `[A-Z][A-Z0-9_]*`: safe in a shell word and a
/// Dockerfile, whatever else the file holds.
fn schema_names(text: &str) -> Vec<String> {
    let schema = text.split("runtimeEnv").next().unwrap_or(text);
    let key = regex_lite::Regex::new(r"(?m)^\s*([A-Z][A-Z0-9_]{0,63})\s*:").expect("static regex");
    let mut names: Vec<String> = Vec::new();
    for c in key.captures_iter(schema) {
        let n = c[1].to_string();
        if n != "NODE_ENV" && !names.contains(&n) {
            names.push(n);
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_t3_schema_gives_its_variables() {
        let env = r#"import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";
export const env = createEnv({
  server: {
    AUTH_SECRET: process.env.NODE_ENV === "production" ? z.string() : z.string().optional(),
    DATABASE_URL: z.string().url(),
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  },
  client: {
    NEXT_PUBLIC_CLIENTVAR: z.string().optional(),
  },
  runtimeEnv: {
    AUTH_SECRET: process.env.AUTH_SECRET,
    DATABASE_URL: process.env.DATABASE_URL,
    "bad; rm -rf": 1,
  },
  skipValidation: !!process.env.SKIP_ENV_VALIDATION,
});"#;
        assert_eq!(schema_names(env), ["AUTH_SECRET", "DATABASE_URL", "NEXT_PUBLIC_CLIENTVAR"]);
        assert_eq!(skip_names(env), ["SKIP_ENV_VALIDATION"]);
        // create-t3-turbo: CI turns it off; the lifecycle event is not ours to set.
        assert_eq!(skip_names("  skipValidation:\n    !!process.env.CI || process.env.npm_lifecycle_event === \"lint\",\n});"), ["CI"]);
        assert_eq!(skip_names("skipValidation: process.env['X;rm']\n"), Vec::<String>::new());
    }
}
