"""Figures: cold and warm builds, the cached dependency step, the naive
reference image, and `dockgen report`'s agreement with the engine."""

import json
import os
import re
import time

from .engine import DOCKER, ROOT, StepFailed, example_copy, image_size, sh, tail


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


# What a step that re-runs after a source edit may do: copy the source, or
# run something that reads it (build, install the project, collect its
# static files, gather its output). A RUN with none of these (removing pip,
# adding a user, making folders) ignores the source and belongs before it.
SOURCE_READERS = re.compile(
    r"pip install|uv (sync|pip)|poetry install|pipenv|collectstatic|\b(npm|pnpm|yarn|bun|npx) |"
    r"go build|cargo (build|install)|mvn|gradle|dotnet (publish|build)|composer|\btsc\b|"
    r"\bcp |\bjar\b|prune|strip|find |\bls ")


def reran_steps(build_log):
    """The build steps BuildKit's plain log shows running (not CACHED), as
    `[stage i/n] INSTRUCTION …`; the context and metadata steps left out."""
    steps = {}
    for line in build_log.splitlines():
        m = re.match(r"#(\d+) (.*)", line)
        if m:
            steps.setdefault(m.group(1), []).append(m.group(2))
    ran = []
    for lines in steps.values():
        first = lines[0]
        if not re.match(r"\[(?:[\w-]+ )?\d+/\d+\] ", first) or any(l.strip() == "CACHED" for l in lines):
            continue
        ran.append(re.sub(r"\s+", " ", first))
    return ran


def ignores_source(step):
    """A re-run RUN step that reads nothing of the source (see SOURCE_READERS)."""
    instr = step.split("] ", 1)[-1]
    return instr.startswith("RUN ") and not SOURCE_READERS.search(instr)


def cold_build(runner, row, tag, context, dockerfile, flags):
    """Builds with nothing cached; fills in the row's cold_s and size."""
    # Truly cold: --no-cache skips layers but not cache mounts (module
    # and build caches), so drop the builder cache first. Images stay.
    sh([DOCKER, "builder", "prune", "-af"])
    _, row.cold_s = runner.build(tag, context, dockerfile=dockerfile, no_cache=True, extra=flags)
    row.size = image_size(tag)


def warm_rebuild(runner, row, tag, context, dockerfile, flags, work, spec):
    """Edits spec's `touch` file and rebuilds; fills in warm_s and, with a
    `deps_step`, deps_cached, which must be True."""
    touched = work / spec["touch"]
    with touched.open("a") as f:
        f.write(f"\n// e2e edit {time.time()}\n")
    log, row.warm_s = runner.build(tag, context, dockerfile=dockerfile, extra=flags)
    row.reran = reran_steps(log)
    idle = [s for s in row.reran if ignores_source(s)]
    if idle:
        raise StepFailed("warm rebuild", f"after editing {spec['touch']}, steps that do not read the source "
                         f"re-ran: {'; '.join(s[:200] for s in idle)}", "\n".join(s[:200] for s in row.reran))
    marker = spec.get("deps_step", "")
    if marker:
        row.deps_cached = dep_step_cached(log, marker)
        if row.deps_cached is not True:
            raise StepFailed("warm rebuild", f"the step running {marker!r} was not CACHED "
                             f"after editing {spec['touch']}", tail(log, 40))


def reduction_pct(size, naive_size):
    """How much smaller than the naive image, in percent; None unless both are known."""
    if size and naive_size:
        return round(100 * (1 - size / naive_size), 1)
    return None


def naive_build(runner, name):
    """The example's naive.Dockerfile built cold: {"size", "build_s", "tag"},
    or {"error"}. The image is kept until the example is done."""
    df = ROOT / "examples" / name / "naive.Dockerfile"
    if not df.exists():
        return {"error": "no naive.Dockerfile"}
    tag = f"dockgen-e2e/{name}-naive".lower()
    with example_copy(name, f"dockgen-naive-{name}-") as work:
        try:
            _, secs = runner.build(tag, work, dockerfile=work / "naive.Dockerfile", no_cache=True)
            # Kept until the example is done: `dockgen report --against` uses it.
            runner.images.remove(tag)
            return {"size": image_size(tag), "build_s": secs, "tag": tag}
        except StepFailed as e:
            print(f"  naive build of {name} failed: {e.message}\n    {e.log}")
            runner.cleanup()
            return {"error": e.message}


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
    row.report_layers = len(img["layers"])
