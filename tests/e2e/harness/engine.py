"""The Docker engine: commands, builds, image figures, container facts, cleanup."""

import os
import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SHARED = ROOT.parent / "shared" / "standin-images"
DOCKER = os.environ.get("DOCKER", "/usr/bin/docker")


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


@contextmanager
def example_copy(name, prefix):
    """A fresh copy of examples/NAME in a temporary folder named PREFIX…,
    removed afterwards; yields the copy's path (its parent is the folder)."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        work = Path(tmp) / name
        shutil.copytree(ROOT / "examples" / name, work)
        yield work


def image_size(tag):
    rc, out, _ = sh([DOCKER, "image", "inspect", "-f", "{{.Size}}", tag])
    return int(out.strip()) if rc == 0 else None


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
