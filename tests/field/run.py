#!/usr/bin/env python3
"""Field trial: real repositories nobody here wrote, tried as a new user would.

For every [[project]] in tests/field/corpus.toml:
  1. materialise the tree at its pinned commit outside this repository
     (`git archive` from a fetched snapshot; DOCKGEN_FIELD_MIRRORS, default
     /work/.mirror/<owner>+<name>/repo);
  2. `dockgen detect --json` and compare with the ground truth
     (language, package manager, port, start command);
  3. `dockgen init --yes`; keep every warning it printed;
  4. where the dependencies are reachable from here, build on the stand-ins,
     run hardened (--read-only --tmpfs /tmp --cap-drop ALL
     --security-opt no-new-privileges), probe HTTP on the port dockgen chose
     (a TCP accept for a gRPC service), and record the uid and image size.
A project that needs a service at start (a database) counts as served when it
starts and fails only for that reason; the row says so.

Results: target/field/results.{md,json}. Not part of .ci/run: it needs the
fetched trees.

Usage: tests/field/run.py [--dockgen PATH] [--only NAME]... [--no-build]
Env:   DOCKGEN_FIELD_DIR (default /tmp/dockgen-field), DOCKGEN_FIELD_MIRRORS.
"""

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
import run as e2e  # noqa: E402  (the e2e suite's build, run and probe helpers)

MIRRORS = Path(os.environ.get("DOCKGEN_FIELD_MIRRORS", "/work/.mirror"))
TREES = Path(os.environ.get("DOCKGEN_FIELD_DIR", "/tmp/dockgen-field"))
OUT = ROOT / "target" / "field"


def materialise(p):
    """The project's tree at its commit, fresh each run."""
    git_dir = MIRRORS / p["repo"].replace("/", "+") / "repo"
    if not git_dir.is_dir():
        raise RuntimeError(f"no snapshot of {p['repo']} at {git_dir} (fetch it first)")
    dest = TREES / p["name"]
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    # Only the project's folder: snapshots lack files of 4 MiB and more,
    # which a whole-tree archive of a big repository would trip on.
    paths = [p["dir"]] if p["dir"] else []
    archive = subprocess.run(["git", "--git-dir", str(git_dir), "archive", p["commit"], *paths],
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest / p["dir"] if p["dir"] else dest


def start_matches(truth, detected):
    """The truth's arguments (or its program, alone) appear in the detected argv."""
    text = " ".join(detected)
    want = truth[1:] or truth[:1]
    return all(w in text for w in want)


def judge(p, plan):
    """What dockgen got wrong, as short strings (empty: detected right)."""
    wrong = []
    if plan.get("language") != p["lang"]:
        wrong.append(f"language {plan.get('language')}")
    if (plan.get("package_manager") or p["manager"]) != p["manager"]:
        wrong.append(f"manager {plan.get('package_manager')}")
    port = (plan.get("port") or {}).get("value")
    if port != p["port"]:
        wrong.append(f"port {port}")
    if not start_matches(p["start"], plan.get("start") or []):
        wrong.append("start " + " ".join(plan.get("start") or []))
    return wrong


def tcp_accepts(port, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", int(port)), timeout=2):
                return True
        except OSError:
            time.sleep(0.3)
    return False


def serve(runner, p, tag, port, row):
    cname = f"dockgen-field-{p['name']}-{os.getpid()}"
    runner.containers.append(cname)
    rc, out, _ = e2e.sh([e2e.DOCKER, "run", "-d", "--name", cname, *e2e.HARDENED,
                         "-p", f"127.0.0.1::{port}", tag])
    if rc != 0:
        raise e2e.StepFailed("run", "docker run failed", out)
    _, out, _ = e2e.sh([e2e.DOCKER, "port", cname, f"{port}/tcp"])
    host_port = out.strip().splitlines()[0].rsplit(":", 1)[1] if out.strip() else None
    try:
        if not host_port:
            raise e2e.StepFailed("run", f"port {port} is not published")
        if p["path"]:
            status, _ = e2e.probe(host_port, p["path"])
            if status >= 500:
                raise e2e.StepFailed("probe", f"HTTP {status}")
            row["http"] = status
        elif not tcp_accepts(host_port):
            raise e2e.StepFailed("probe", "no TCP accept")
        row["uid"] = e2e.container_uid(cname)
    except e2e.StepFailed as e:
        _, logs, _ = e2e.sh([e2e.DOCKER, "logs", cname])
        needs = [s for s in p["services"] if s.lower() in logs.lower()]
        if p["services"] and (needs or re.search(r"ECONNREFUSED|connection refused|could not connect", logs, re.I)):
            row["served"] = f"needs {', '.join(p['services'])}"
            row["uid"] = e2e.container_uid(cname) if "running" in e2e.sh(
                [e2e.DOCKER, "inspect", "-f", "{{.State.Status}}", cname])[1] else None
            return
        e.log = e2e.tail(logs, 12)
        raise
    row["served"] = "yes"


def trial(runner, dockgen, p, build):
    row = {"name": p["name"], "repo": p["repo"], "dir": p["dir"], "detected": "", "wrong": [],
           "init": "", "warnings": [], "built": "", "served": "", "uid": None, "size": None,
           "http": None, "reason": "", "notes": ""}
    try:
        work = materialise(p)
        flags = p.get("flags", [])
        det = subprocess.run([dockgen, "detect", "--json", *flags, str(work)], capture_output=True, text=True, timeout=60)
        if det.returncode == 0:
            plan = json.loads(det.stdout)
            row["wrong"] = judge(p, plan)
            row["detected"] = "yes" if not row["wrong"] else "no"
        else:
            row["detected"] = "no"
            row["wrong"] = ["detect failed: " + det.stderr.strip().splitlines()[-1][:200]]
        # A repository with its own Dockerfile: a user trying dockgen would
        # pass --force (dockgen keeps theirs as Dockerfile.bak).
        own = [f for f in ("Dockerfile", ".dockerignore") if (work / f).exists()]
        force = ["--force"] if own else []
        if own:
            row["notes"] = "own " + " and ".join(own) + " (kept as .bak)"
        init = subprocess.run([dockgen, "init", "--yes", *force, *flags, str(work)], capture_output=True, text=True, timeout=60)
        row["warnings"] = [l for l in init.stderr.splitlines() if l.startswith("warning")]
        if init.returncode != 0:
            row["init"] = "fail"
            raise e2e.StepFailed("init", init.stderr.strip().splitlines()[-1][:300])
        row["init"] = "ok"
        if not p["reachable"]:
            row["built"] = row["served"] = "n/a"
            row["reason"] = "dependencies not reachable here: " + p.get("note", "")
            return row
        if not build:
            return row
        plan = json.loads(subprocess.run([dockgen, "detect", "--json", *flags, str(work)], capture_output=True,
                                         text=True, timeout=60).stdout)
        tag = f"dockgen-field/{p['name']}".lower()
        try:
            runner.build(tag, work)
        except e2e.StepFailed:
            row["built"] = "no"
            raise
        row["built"] = "yes"
        row["size"] = e2e.image_size(tag)
        serve(runner, p, tag, plan["port"]["value"], row)
    except e2e.StepFailed as e:
        row["reason"] = f"{e.step}: {e.message}"
        if e.log:
            row["log"] = e.log
            print("    " + e.log.replace("\n", "\n    "))
        if row["built"] == "yes" and not row["served"]:
            row["served"] = "no"
    except Exception as e:  # a script bug still gives a row
        row["reason"] = f"runner: {e!r}"
    finally:
        runner.cleanup()
    return row


def write(rows):
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(rows, indent=2))
    n = len(rows)
    right = sum(r["detected"] == "yes" for r in rows)
    lines = [f"Field trial: {n} projects; detected right {right}/{n} ({100 * right // max(n, 1)}%)", "",
             "| project | detected right | built | served | non-root | image | failure / notes |",
             "|---|---|---|---|---|---|---|"]
    for r in rows:
        det = "yes" if r["detected"] == "yes" else "no: " + "; ".join(r["wrong"])
        nonroot = "-" if r["uid"] is None else ("yes" if r["uid"] else "NO (root)") + f" ({r['uid']})"
        why = "; ".join(x for x in (r["reason"], r["notes"]) if x)
        if r["warnings"]:
            why += (" " if why else "") + f"[{len(r['warnings'])} warning(s)]"
        cell = lambda s: str(s).replace("|", "\\|").replace("\n", " ")
        lines.append(f"| {r['name']} | {cell(det)} | {r['built'] or '-'} | {r['served'] or '-'} | {nonroot} "
                     f"| {e2e.mb(r['size'])} | {cell(why)} |")
    (OUT / "results.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dockgen", default=str(ROOT / "target" / "release" / "dockgen"))
    ap.add_argument("--only", action="append", default=[])
    ap.add_argument("--no-build", action="store_true")
    args = ap.parse_args()
    corpus = tomllib.loads((ROOT / "tests" / "field" / "corpus.toml").read_text())["project"]
    if args.only:
        corpus = [p for p in corpus if p["name"] in args.only]
    mode, why = e2e.choose_images() if not args.no_build else ("standin", "no builds")
    print(f"field: {len(corpus)} projects, images: {mode} ({why}), trees in {TREES}")
    runner = e2e.Runner(args.dockgen, mode)
    rows = []
    for p in corpus:
        print(f"== {p['name']} ({p['repo']}{'/' + p['dir'] if p['dir'] else ''})")
        rows.append(trial(runner, args.dockgen, p, not args.no_build))
        r = rows[-1]
        print(f"   detected={r['detected']} {r['wrong']} init={r['init']} built={r['built']} "
              f"served={r['served']} uid={r['uid']} {r['reason']}")
    write(rows)


if __name__ == "__main__":
    main()
