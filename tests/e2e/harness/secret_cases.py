"""BuildKit secrets: a private registry's credentials, and a database
password kept out of a project regenerated without --db."""

import subprocess
import tomllib

from .engine import DOCKER, ROOT, StepFailed, example_copy, image_size, sh
from .generate import lint
from .report import Row, recorded


def secret_case(runner, name, spec):
    """A private registry's credentials as a BuildKit secret: the build must
    fail without it (the mount is wired) and succeed with it, and the token
    must appear in no layer, no history entry and not in the image config."""
    s = spec["secret"]
    row = Row(name, f"secret:{s['id']}")
    tag = f"dockgen-e2e/{name}-secret".lower()
    with example_copy(name, f"dockgen-e2e-{name}-secret-") as work:
        # The runner's own spec names the token: it is no part of the project.
        (work / "e2e.toml").unlink()
        # A project file (.npmrc, docker-ignored) or one kept outside the project.
        secret_file = (work if s.get("in_project") else work.parent) / s["file"]
        secret_file.write_text(s["content"])
        try:
            with recorded(row, f"{name}/secret"):
                rc, out, _ = sh([runner.dockgen, "init", "--yes", *s.get("flags", []), str(work)], timeout=60)
                if rc != 0:
                    raise StepFailed("init", f"dockgen init failed (exit {rc})", out)
                if f"--secret id={s['id']}" not in out:
                    raise StepFailed("init", "the next steps do not show the --secret flag", out)
                lint(row, work / "Dockerfile")
                build_with_secret(runner, row, tag, work, s["id"], secret_file)
                scanned = scan_image(tag, s["token"], s["control"], "the token is in a layer", history=True)
                print(f"  secret: build fails without it, passes with it; token in 0 of the layers "
                      f"({scanned / 1e6:.0f} MB scanned), history and config")
                row.status = "pass"
        finally:
            runner.cleanup()
    return row


def build_with_secret(runner, row, tag, work, secret_id, secret_file):
    """The build must fail without the secret and pass with it (cold_s, size)."""
    try:
        runner.build(tag + "-nosecret", work, no_cache=True)
        raise StepFailed("secret", "the build passed without the secret: the install step does not mount it")
    except StepFailed as e:
        if e.step != "build" or "secret" not in e.log:
            raise
    _, row.cold_s = runner.build(tag, work, no_cache=True, extra=["--secret", f"id={secret_id},src={secret_file}"])
    row.size = image_size(tag)


def scan_image(tag, secret, control, found, history=False):
    """SECRET must be in none of the image's layers (FOUND says so if it is)
    and, with history, not in its history or config; CONTROL, which the
    image has, must be seen, or the scan proves nothing. Returns the bytes scanned."""
    if history:
        _, hist, _ = sh([DOCKER, "history", "--no-trunc", tag])
        _, conf, _ = sh([DOCKER, "image", "inspect", tag])
        if secret in hist or secret in conf:
            raise StepFailed("secret", "the token is in the image history or config")
    saved = subprocess.run([DOCKER, "save", tag], capture_output=True, timeout=300)
    if saved.returncode != 0:
        raise StepFailed("secret", "docker save failed", saved.stderr.decode(errors="replace"))
    if secret.encode() in saved.stdout:
        raise StepFailed("secret", found)
    # Positive control: the same scan finds a string the image has.
    if control.encode() not in saved.stdout:
        raise StepFailed("secret", f"the layer scan cannot see {control!r}; it proves nothing")
    return len(saved.stdout)


def regen_secret_case(runner, name):
    """`init --db postgres` writes secrets/db_password.txt; a later
    `init --yes --force` without --db must still keep it out of the build
    context, so no layer of the image holds the password."""
    row = Row(name, "secret:regenerated")
    tag = f"dockgen-e2e/{name}-regen".lower()
    with example_copy(name, f"dockgen-e2e-{name}-regen-") as work:
        try:
            with recorded(row, f"{name}/regenerated secret"):
                for flags in (["--db", "postgres"], ["--force"]):
                    rc, out, _ = sh([runner.dockgen, "init", "--yes", *flags, str(work)], timeout=60)
                    if rc != 0:
                        raise StepFailed("init", f"dockgen init {' '.join(flags)} failed (exit {rc})", out)
                password = (work / "secrets" / "db_password.txt").read_text().strip()
                if len(password) < 32:
                    raise StepFailed("secret", f"no password was written ({password!r})")
                _, row.cold_s = runner.build(tag, work)
                row.size = image_size(tag)
                # Positive control: the scan sees the app's own source.
                control = (work / spec_touch(name)).read_text().splitlines()[0]
                scanned = scan_image(tag, password, control, "the database password is in a layer")
                print(f"  secret: regenerated without --db, the password is in 0 of the layers "
                      f"({scanned / 1e6:.0f} MB scanned)")
                row.status = "pass"
        finally:
            runner.cleanup()
    return row


def spec_touch(name):
    return tomllib.loads((ROOT / "examples" / name / "e2e.toml").read_text())["touch"]
