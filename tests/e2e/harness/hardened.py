"""The hardened run: the container as README.Docker.md starts it, the HTTP
probe, the process's uid, the image's own HEALTHCHECK and what it ships."""

import json
import os
import re
import time
import urllib.error
import urllib.request

from .engine import DOCKER, StepFailed, container_uid, path_contains, path_exists, sh, tail

HARDENED = ["--read-only", "--tmpfs", "/tmp", "--cap-drop", "ALL",
            "--security-opt", "no-new-privileges"]


def run_volumes(dockerfile_text):
    """The `-v NAME:/path` pairs of the Dockerfile's `# Run:` line: the
    folders dockgen says the app writes under its read-only root."""
    line = next((l for l in dockerfile_text.splitlines() if l.startswith("# Run:")), "")
    return [a for v in re.findall(r"\s-v\s+(\S+)", line) for a in ("-v", v)]


def probe(port, path, timeout=30):
    url = f"http://127.0.0.1:{port}{path}"
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=3) as r:
                return r.status, r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode("utf-8", "replace")
        except Exception as e:  # connection refused while the app starts
            last = str(e)
            time.sleep(0.3)
    raise StepFailed("probe", f"{url} did not answer within {timeout} s ({last})")


def image_healthcheck(tag):
    """The image's HEALTHCHECK test, or None."""
    rc, out, _ = sh([DOCKER, "image", "inspect", "-f", "{{json .Config.Healthcheck}}", tag])
    hc = json.loads(out) if rc == 0 and out.strip() not in ("", "null") else None
    return hc.get("Test") if hc else None


def shell_probe_program(test):
    """The program a `["CMD", "sh", "-c", "…"]` health probe runs, if any."""
    if not test or test[:3] != ["CMD", "sh", "-c"] or len(test) < 4:
        return None
    m = re.search(r"\b(wget|curl)\b", test[3])
    return m.group(1) if m else None


def wait_healthy(container, timeout=60, standin=False, tag=None):
    """Polls the engine's health status until healthy; fails on unhealthy.
    Returns "healthy", or with stand-in images whose base lacks the probe's
    program (the real image has it), a row note saying so."""
    deadline = time.monotonic() + timeout
    status = "?"
    while time.monotonic() < deadline:
        rc, out, _ = sh([DOCKER, "inspect", "-f", "{{.State.Health.Status}}", container])
        status = out.strip()
        if status == "healthy":
            return "healthy"
        if status == "unhealthy":
            break
        time.sleep(0.5)
    _, log, _ = sh([DOCKER, "inspect", "-f", "{{json .State.Health.Log}}", container])
    missing = re.search(r'exec: \\"([^"\\]+)\\": executable file not found', log)
    if standin and not missing and tag:
        # A probe run through `sh -c` fails quietly when its program is
        # missing: look for the program in the image itself.
        program = shell_probe_program(image_healthcheck(tag))
        if program and sh([DOCKER, "run", "--rm", "--entrypoint", "sh", tag, "-c", f"command -v {program}"])[0] != 0:
            missing = re.match(r"(.*)", program)
    if standin and missing:
        # e.g. nginx:alpine and eclipse-temurin:*-alpine have busybox wget;
        # their Debian-built stand-ins do not. Said in the row, not hidden.
        print(f"  health: not provable here: the stand-in base has no {missing.group(1)} (the real image does)")
        return f"not provable (stand-in lacks {missing.group(1)})"
    raise StepFailed("health", f"the image's HEALTHCHECK says {status!r}", tail(log, 5))


def run_hardened(runner, row, tag, cname, run_argv, port, spec):
    """Starts the image with README.Docker.md's run line, probes spec's path
    for its status and body, and fills in the row's uid (never 0) and health
    (the image's own probe, run every second here instead of every 30 s)."""
    runner.containers.append(cname)
    row.health = "healthy" if image_healthcheck(tag) else "none"
    health = ["--health-interval", "1s", "--health-start-period", "1s"] if row.health != "none" else []
    # The run line passes the app's variables from the caller's
    # environment (`-e NAME`); e2e.toml's `env` is that environment.
    run_env = {**os.environ, **spec.get("env", {})} if spec.get("env") else None
    rc, out, _ = sh(run_argv[:-1] + health + run_argv[-1:], env=run_env)
    if rc != 0:
        raise StepFailed("run", "docker run failed", out)
    rc, out, _ = sh([DOCKER, "port", cname, f"{port}/tcp"])
    host_port = out.strip().splitlines()[0].rsplit(":", 1)[1] if rc == 0 and out.strip() else None
    if not host_port:
        raise StepFailed("run", f"port {port} is not published", out)
    try:
        status, body = probe(host_port, spec.get("path", "/"))
    except StepFailed as e:
        _, logs, _ = sh([DOCKER, "logs", cname])
        e.log = tail(logs)
        raise
    if status != spec.get("status", 200) or spec.get("body", "") not in body:
        _, logs, _ = sh([DOCKER, "logs", cname])
        raise StepFailed("probe", f"got HTTP {status} {body[:120]!r}, want {spec.get('status', 200)} "
                         f"containing {spec.get('body', '')!r}", tail(logs))
    row.uid = container_uid(cname)
    if row.uid == 0:
        raise StepFailed("uid", "the main process runs as root")
    if row.health != "none":
        row.health = wait_healthy(cname, standin=runner.mode == "standin", tag=tag)


def check_files(cname, spec):
    """Ship only what the runtime needs: dev-only files must be absent,
    and a positive control proves the check can see files at all."""
    for path in spec.get("present", []):
        if not path_exists(cname, path):
            raise StepFailed("files", f"{path} is missing from the image")
    for path in spec.get("absent", []):
        if path_exists(cname, path):
            raise StepFailed("files", f"{path} is in the image but should not be")
    for path, text in spec.get("contains", []):
        if not path_contains(cname, path, text):
            raise StepFailed("files", f"nothing under {path} contains {text!r}")
    for path, text in spec.get("lacks", []):
        if path_contains(cname, path, text):
            raise StepFailed("files", f"something under {path} contains {text!r}, which should not ship")
