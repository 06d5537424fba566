"""One example on one runtime: generated, linted, built cold, run hardened,
probed, reported, rebuilt warm; or, where it cannot be built, generated and
linted only."""

import os

from .engine import DOCKER, example_copy, sh, tail
from .generate import hadolint, init_and_detect, lint, readme_plan
from .hardened import check_files, run_hardened
from .measure import cold_build, reduction_pct, report_check, warm_rebuild
from .reference import against_reference
from .report import Row, recorded


def run_case(runner, name, spec, runtime, naive, ref=None):
    row = Row(name, runtime, naive_size=naive.get("size"))
    with example_copy(name, f"dockgen-e2e-{name}-") as work:
        try:
            with recorded(row, f"{name}/{runtime}", whole_log=True, runner_errors=True):
                prove(runner, row, name, spec, runtime, naive, work, ref or {})
        finally:
            runner.cleanup()
    return row


def prove(runner, row, name, spec, runtime, naive, work, ref):
    """run_case's steps on the example's copy WORK; the row passes at the end."""
    tag = f"dockgen-e2e/{name}-{runtime}".lower()
    target, dockerfile, port = init_and_detect(runner, spec, runtime, work)
    cname = f"dockgen-e2e-{name}-{runtime}-{os.getpid()}"
    target, context, readme_df, build_flags, run_argv = readme_plan(
        spec, work, target, dockerfile, port, tag, cname)
    lint(row, target / "Dockerfile")
    cold_build(runner, row, tag, context, readme_df, build_flags)
    run_hardened(runner, row, tag, cname, run_argv, port, spec)
    report_check(runner, tag, port, row, naive.get("tag"))
    check_files(cname, spec)
    sh([DOCKER, "rm", "-f", cname])
    warm_rebuild(runner, row, tag, context, readme_df, build_flags, work, spec)
    row.reduction_pct = reduction_pct(row.size, row.naive_size)
    against_reference(row, ref, spec)
    row.status = "pass"


def generate_and_lint(runner, name, spec, runtime):
    """For examples this machine cannot build: `dockgen init` and hadolint only."""
    row = Row(name, runtime, status="offline", error=spec["offline"])
    with example_copy(name, f"dockgen-e2e-{name}-") as work:
        target = work / spec["app"] if "app" in spec else work
        rc, out, _ = sh([runner.dockgen, "init", "--yes", "--runtime", runtime, *spec.get("flags", []), str(target)], timeout=60)
        if rc != 0:
            row.fail("init", f"dockgen init failed (exit {rc}): {tail(out, 3)}")
        else:
            row.hadolint = hadolint(target / "Dockerfile")
            if row.hadolint:
                row.fail("hadolint", f"{len(row.hadolint)} finding(s)")
    if row.status == "fail":
        print(f"  FAIL {name}/{runtime} at {row.step}: {row.error}")
    else:
        print(f"  {runtime}: generated, hadolint clean; not built ({spec['offline']})")
    return row
