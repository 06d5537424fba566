"""`dockgen init --db …`: the app and its database under docker-compose,
and each database service alone."""

import json
import os
import subprocess
import time

from .engine import DOCKER, SHARED, StepFailed, container_uid, example_copy, image_size, sh, tail
from .hardened import probe, wait_healthy
from .report import Row, recorded

# Inside the database container: must fail without the secret, pass with it.
DB_AUTH = {
    "mysql": ("mysql -uapp -pwrong -h127.0.0.1 app -e 'select 1'",
              'mysql -uapp -p"$(cat /run/secrets/db_password)" -h127.0.0.1 app -e "select current_user()"'),
    "redis": ("redis-cli ping | grep -q PONG",
              'REDISCLI_AUTH="$(cat /run/secrets/cache_password)" redis-cli ping | grep -q PONG'),
}


def plan_service(db):
    return "cache" if db == "redis" else "db"


def compose_case(runner, name, spec):
    """`dockgen init --db …`, then docker compose up: the app must answer
    spec.compose.path after querying the database by its service name."""
    c = spec["compose"]
    row = Row(name, f"compose+{c['db']}")
    project = f"dockgen-e2e-{os.getpid()}"
    with example_copy(name, f"dockgen-e2e-{name}-compose-") as work:
        compose = ["docker-compose", "-p", project, "-f", str(work / "compose.yaml")]
        try:
            with recorded(row, f"{name}/compose", whole_log=True, runner_errors=True):
                port = compose_up(runner, row, c, work, compose)
                check_compose_app(row, c, compose, port)
                row.status = "pass"
        finally:
            sh([*compose, "down", "-v", "--remove-orphans"], timeout=300)
            runner.cleanup()
    return row


def compose_up(runner, row, c, work, compose):
    """init --db, the app's image built (cold_s, size), compose up; returns the app's port."""
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
    _, row.cold_s = runner.build(tag, work)
    row.size = image_size(tag)
    if runner.mode == "standin":
        rc, out, _ = sh([str(SHARED / "alias.sh"), str(work / "compose.yaml")])
        if rc != 0:
            raise StepFailed("alias", "alias.sh compose.yaml failed", out)
    rc, out, _ = sh([*compose, "up", "-d", "--no-build"], timeout=300)
    if rc != 0:
        raise StepFailed("compose up", f"docker-compose up failed (exit {rc})", tail(out, 30))
    return port


def check_compose_app(row, c, compose, port):
    """The app answers after querying the database; it runs as non-root
    (uid), read-only without capabilities; the database publishes no port."""
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
    row.uid = container_uid(app_id.strip())
    if row.uid == 0:
        raise StepFailed("uid", "the app runs as root")
    _, db_id, _ = sh([*compose, "ps", "-q", plan_service(c["db"])])
    _, ports, _ = sh([DOCKER, "port", db_id.strip()])
    if ports.strip():
        raise StepFailed("network", f"the database publishes ports: {ports.strip()}")
    _, ro, _ = sh([DOCKER, "inspect", "-f", "{{.HostConfig.ReadonlyRootfs}} {{.HostConfig.CapDrop}}", app_id.strip()])
    if not ro.startswith("true") or "ALL" not in ro:
        raise StepFailed("hardening", f"app container: read-only/cap-drop = {ro.strip()}")
    print(f"  compose: GET {c['path']} -> {body.strip()[:120]}")


def db_service_case(runner, name, db):
    """`--db mysql|redis`: the service alone, from dockgen's compose.yaml:
    it must turn healthy, refuse a client without the password and accept
    the one from the secret file."""
    row = Row(name, f"compose+{db} (service only)")
    project = f"dockgen-e2e-{db}-{os.getpid()}"
    service = plan_service(db)
    with example_copy(name, f"dockgen-e2e-{name}-{db}-") as work:
        compose = ["docker-compose", "-p", project, "-f", str(work / "compose.yaml")]
        try:
            with recorded(row, f"{name}/{db}"):
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
                row.status = "pass"
        finally:
            sh([*compose, "down", "-v", "--remove-orphans"], timeout=300)
    return row
