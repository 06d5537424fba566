"""The careful hand-written reference: examples/<name>/reference.Dockerfile,
built cold, run hardened and probed like dockgen's image, then rebuilt warm
after the same edit. dockgen's image must be no larger than it (to within
64 KB), unless e2e.toml's [reference.larger] says why for that runtime."""

import os
import re

from .engine import DOCKER, ROOT, StepFailed, container_uid, example_copy, image_size, sh, tail
from .hardened import HARDENED, probe
from .measure import reran_steps

NAME = "reference.Dockerfile"
# Sizes within this many bytes count as equal: the user's name in /etc/passwd,
# one line of a config file (the table shows MB to one decimal).
SAME = 64 * 1024


def exposed_port(dockerfile_text):
    """The reference's one EXPOSEd port."""
    ports = re.findall(r"(?m)^EXPOSE\s+(\d+)", dockerfile_text)
    if len(ports) != 1:
        raise StepFailed("reference", f"{NAME} must EXPOSE exactly one port, not {ports}")
    return ports[0]


def reference_build(runner, name, spec):
    """Builds, serves and rebuilds the reference: {"size", "cold_s",
    "warm_s", "reran", "uid"}, or {} without a reference.Dockerfile.
    A reference that fails to build or serve fails the example (an
    unfair comparator proves nothing): {"error"}."""
    if not (ROOT / "examples" / name / NAME).exists():
        return {}
    tag = f"dockgen-e2e/{name}-reference".lower()
    cname = f"dockgen-e2e-{name}-reference-{os.getpid()}"
    with example_copy(name, f"dockgen-ref-{name}-") as work:
        df = work / NAME
        try:
            sh([DOCKER, "builder", "prune", "-af"])
            _, cold_s = runner.build(tag, work, dockerfile=df, no_cache=True)
            port = exposed_port(df.read_text())
            runner.containers.append(cname)
            rc, out, _ = sh([DOCKER, "run", "-d", "--name", cname, *HARDENED,
                             "-p", f"127.0.0.1::{port}", tag])
            if rc != 0:
                raise StepFailed("reference", "docker run of the reference failed", out)
            _, host, _ = sh([DOCKER, "port", cname, f"{port}/tcp"])
            status, body = probe(host.strip().splitlines()[0].rsplit(":", 1)[1], spec.get("path", "/"))
            if status != spec.get("status", 200) or spec.get("body", "") not in body:
                _, logs, _ = sh([DOCKER, "logs", cname])
                raise StepFailed("reference", f"the reference answered HTTP {status} {body[:80]!r}", tail(logs))
            uid = container_uid(cname)
            with (work / spec["touch"]).open("a") as f:
                f.write("\n// e2e edit of the reference\n")
            log, warm_s = runner.build(tag, work, dockerfile=df)
            return {"size": image_size(tag), "cold_s": cold_s, "warm_s": warm_s,
                    "reran": reran_steps(log), "uid": uid}
        except StepFailed as e:
            print(f"  reference of {name} failed at {e.step}: {e.message}\n    {e.log}")
            return {"error": e.message}
        finally:
            runner.cleanup()


def against_reference(row, ref, spec):
    """Fills the row's reference figures; dockgen's image larger than the
    reference fails the row unless [reference.larger] gives the reason."""
    if not ref:
        return
    if ref.get("error"):
        raise StepFailed("reference", f"the reference Dockerfile failed: {ref['error']}")
    row.ref_size, row.ref_warm_s = ref["size"], ref["warm_s"]
    why = spec.get("reference", {}).get("larger", {}).get(row.runtime)
    if row.size > ref["size"] + SAME:
        if not why:
            raise StepFailed("reference", f"the image is {row.size / 1e6:.1f} MB, the hand-written "
                             f"reference {ref['size'] / 1e6:.1f} MB; make it smaller or say why in "
                             f"e2e.toml [reference.larger] {row.runtime}")
        row.ref_note = why
    elif why:
        raise StepFailed("reference", f"[reference.larger] {row.runtime} explains a difference that is gone "
                         f"({row.size / 1e6:.1f} MB against {ref['size'] / 1e6:.1f} MB): remove it")
