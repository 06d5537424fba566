//! The real binary in a pseudo-terminal: the wizard prompts, takes answers
//! (including a non-default runtime), writes, and Ctrl-C writes nothing.
//! The expect timeout only stops a hung test; nothing asserts on time.

#![cfg(unix)]

use rexpect::process::WaitStatus;
use rexpect::session::{PtySession, spawn_command};
use std::path::Path;
use std::process::Command;

const DOWN: &str = "\x1b[B";

fn go_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/go-stdlib");
    for f in ["go.mod", "main.go"] {
        std::fs::copy(src.join(f), dir.path().join(f)).unwrap();
    }
    dir
}

/// Types keys (send alone only buffers them).
fn keys(p: &mut PtySession, s: &str) {
    p.send(s).unwrap();
    p.flush().unwrap();
}

fn start(dir: &Path, extra: &[&str]) -> PtySession {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dockgen"));
    cmd.arg("init").args(extra).arg(dir).env("TERM", "xterm").env_remove("NO_COLOR");
    spawn_command(cmd, Some(30_000)).unwrap()
}

#[test]
fn a_terminal_gets_the_wizard_and_a_non_default_runtime_is_written() {
    let dir = go_project();
    let mut p = start(dir.path(), &[]);
    p.exp_string("Detected: Go 1.26").unwrap();
    p.exp_string("Is this right?").unwrap();
    keys(&mut p, "y");
    p.exp_string("Runtime base of the final image").unwrap();
    // The list is scratch, distroless (preselected), alpine, slim: one down is alpine.
    keys(&mut p, DOWN);
    keys(&mut p, "\r");
    p.exp_string("Go version (detected from go.mod").unwrap();
    keys(&mut p, "\r");
    p.exp_string("Start command").unwrap();
    keys(&mut p, "\r");
    p.exp_string("Port the app listens on").unwrap();
    keys(&mut p, "8081\r");
    p.exp_string("Created").unwrap();
    p.exp_string("docker build -t hello").unwrap();
    p.exp_eof().unwrap();
    assert!(matches!(p.process().wait().unwrap(), WaitStatus::Exited(_, 0)));

    let dockerfile = std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap();
    assert!(dockerfile.contains("\nFROM alpine:3.24 AS runtime\n"), "{dockerfile}");
    assert!(dockerfile.contains("\nEXPOSE 8081\n"), "{dockerfile}");
    assert!(dir.path().join(".dockerignore").exists());
}

#[test]
fn the_wizard_remembers_and_a_second_run_asks_only_what_is_open() {
    let dir = go_project();
    let mut p = start(dir.path(), &[]);
    p.exp_string("Is this right?").unwrap();
    keys(&mut p, "y");
    p.exp_string("Runtime base of the final image").unwrap();
    keys(&mut p, DOWN);
    keys(&mut p, "\r");
    p.exp_string("Go version").unwrap();
    keys(&mut p, "\r");
    p.exp_string("Start command").unwrap();
    keys(&mut p, "\r");
    p.exp_string("Port the app listens on").unwrap();
    keys(&mut p, "\r");
    p.exp_string("dockgen.toml (remembers runtime").unwrap();
    p.exp_eof().unwrap();
    let first = std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap();

    // Again: the runtime is not asked, the files come out the same.
    let mut p = start(dir.path(), &[]);
    p.exp_string("Remembered in dockgen.toml (not asked again; a flag overrides): runtime = \"alpine\"").unwrap();
    p.exp_string("Is this right?").unwrap();
    keys(&mut p, "y");
    let before = p.exp_string("Go version").unwrap();
    assert!(!before.contains("Runtime base"), "the remembered runtime was asked again: {before}");
    keys(&mut p, "\r");
    p.exp_string("Start command").unwrap();
    keys(&mut p, "\r");
    p.exp_string("Port the app listens on").unwrap();
    keys(&mut p, "\r");
    p.exp_string("Unchanged").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap(), first);
}

#[test]
fn ctrl_c_at_a_prompt_writes_nothing_and_exits_130() {
    let dir = go_project();
    let mut p = start(dir.path(), &[]);
    p.exp_string("Is this right?").unwrap();
    keys(&mut p, "y");
    p.exp_string("Runtime base of the final image").unwrap();
    p.send_control('c').unwrap();
    p.exp_string("interrupted: nothing was written").unwrap();
    p.exp_eof().unwrap();
    assert!(matches!(p.process().wait().unwrap(), WaitStatus::Exited(_, 130)));
    assert!(!dir.path().join("Dockerfile").exists());
    assert!(!dir.path().join(".dockerignore").exists());
}

#[test]
fn yes_skips_every_prompt_even_in_a_terminal() {
    let dir = go_project();
    let mut p = start(dir.path(), &["--yes", "--runtime", "slim"]);
    p.exp_string("Created").unwrap();
    p.exp_eof().unwrap();
    assert!(matches!(p.process().wait().unwrap(), WaitStatus::Exited(_, 0)));
    assert!(std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap().contains("FROM debian:trixie-slim AS runtime"));
}
