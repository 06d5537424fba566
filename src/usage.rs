//! How to build and run the image: one set of commands for the
//! Dockerfile's header, `init`'s next steps and README.Docker.md, so the
//! three never disagree. Names no language: it reads the common plan.

use crate::escape::shell_quote;
use crate::model::Plan;

/// The hardened run flags every dockgen image is made for.
pub const HARDENED: &str = "--read-only --tmpfs /tmp --cap-drop ALL --security-opt no-new-privileges";

pub use crate::model::Usage;

/// The commands for `plan`, as they are run from the build context.
pub fn for_plan(plan: &Plan) -> Usage {
    let context = match &plan.workspace {
        Some(ws) if ws.member != "." => ws.member.split('/').map(|_| "..").collect::<Vec<_>>().join("/"),
        _ => ".".to_string(),
    };
    let port = plan.port.value;
    let volumes: String = plan.run_volumes.iter().map(|v| format!(" -v {}", shell_quote(v))).collect::<String>()
        + &plan.run_env.iter().map(|e| format!(" -e {}", shell_quote(e))).collect::<String>();
    Usage {
        build: build_command(plan, "Dockerfile", "docker build"),
        build_multi: build_command(plan, "Dockerfile", "docker buildx build --platform linux/amd64,linux/arm64"),
        publish: build_command(plan, "Dockerfile", "docker buildx build --platform linux/amd64,linux/arm64 --sbom=true --provenance=mode=max")
            .replacen(&format!("-t {} .", plan.app), &format!("-t <registry>/{}:<tag> --push .", plan.app), 1),
        context,
        run: format!("docker run --rm -p 127.0.0.1:{port}:{port} {HARDENED}{volumes} {}", plan.app),
        compose_up: plan.compose.as_ref().map(|_| "docker compose up --build".to_string()),
    }
}

/// `docker build` (or `buildx build`) of `dockerfile`, a file in the app's
/// folder, from the build context.
pub fn build_command(plan: &Plan, dockerfile: &str, docker_build: &str) -> String {
    let secret = plan.secret.as_ref().map(|s| format!("{} ", s.build_flag)).unwrap_or_default();
    let member = plan.workspace.as_ref().map(|w| w.member.as_str()).unwrap_or(".");
    let path = crate::workspace::join(member, dockerfile);
    let file = if path == "Dockerfile" { String::new() } else { format!("-f {} ", shell_quote(&path)) };
    format!("{docker_build} {secret}{file}-t {} .", plan.app)
}
