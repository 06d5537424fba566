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

Results: target/field/results.{md,json} for tests/field/corpus.toml, and
target/field/<corpus-stem>-results.{md,json} for another corpus (--corpus).
Not part of .ci/run: it needs the fetched trees.

Optional fields a corpus may use (tests/field/corpus2.toml does): manager as a
list (any of them is right), start_alt (other argvs that serve the same app),
jar (the artifact the generated Dockerfile must ship), exclude (paths the
snapshot lacks, left out of the archive), shape and app_dir (reported in the
results).

Usage: tests/field/run.py [--corpus PATH] [--dockgen PATH] [--only NAME]... [--no-build]
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
DEFAULT_CORPUS = ROOT / "tests" / "field" / "corpus.toml"


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
    if p.get("exclude"):  # files the snapshot lacks (4 MiB and more), left out by pathspec
        paths = (paths or ["."]) + [f":(exclude){x}" for x in p["exclude"]]
    archive = subprocess.run(["git", "--git-dir", str(git_dir), "archive", p["commit"], *paths],
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest / p["dir"] if p["dir"] else dest


def start_matches(truth, detected, tree=None):
    """The truth's arguments (or its program, alone) appear in the detected argv.
    Running the project's own start script (`sh /app/entrypoint.sh`) is right
    when the script is the repository's and runs the truth."""
    if tree and len(detected) >= 2 and detected[0] in ("sh", "bash") and detected[1].startswith("/app/"):
        script = Path(tree) / detected[1][len("/app/"):]
        if script.is_file():
            text = script.read_text(errors="replace")
            want = truth[1:] or truth[:1]
            if all(w.split(":")[0] in text for w in want):
                return True
    # gunicorn's default callable: `pkg.wsgi` serves `pkg.wsgi:application`.
    norm = lambda argv: [re.sub(r"^([\w.]+):application$", r"\1", a) for a in argv]
    truth, detected = norm(truth), norm(detected)
    text = " ".join(detected)
    want = truth[1:] or truth[:1]
    return all(w in text for w in want)


def written_to(work, plan, flags):
    """The folder dockgen writes to: the project's subfolder (detect --json's
    `subfolder`, which already holds an `--app` that named it), else the
    workspace member (`--app`, or the one dockgen chose at the root)."""
    if plan.get("subfolder"):
        return work / plan["subfolder"]
    member = (plan.get("workspace") or {}).get("member")
    if "--app" in flags:
        member = flags[flags.index("--app") + 1]
    if member and member != "." and (work / member).is_dir():
        return work / member
    return work


def judge(p, plan, tree=None):
    """What dockgen got wrong, as short strings (empty: detected right)."""
    wrong = []
    if plan.get("language") != p["lang"]:
        wrong.append(f"language {plan.get('language')}")
    managers = p["manager"] if isinstance(p["manager"], list) else [p["manager"]]
    if (plan.get("package_manager") or managers[0]) not in managers:
        wrong.append(f"manager {plan.get('package_manager')}")
    port = (plan.get("port") or {}).get("value")
    if port != p["port"]:
        wrong.append(f"port {port}")
    starts = [p["start"], *p.get("start_alt", [])]
    if not any(start_matches(s, plan.get("start") or [], tree) for s in starts):
        wrong.append("start " + " ".join(plan.get("start") or []))
    return wrong


def got(plan):
    """What dockgen detected, for the richer table of a corpus with shapes."""
    return {"language": plan.get("language"), "manager": plan.get("package_manager"),
            "start": plan.get("start") or [], "port": (plan.get("port") or {}).get("value")}


def tcp_accepts(port, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", int(port)), timeout=2):
                return True
        except OSError:
            time.sleep(0.3)
    return False


def serve(runner, p, tag, port, row, volumes=()):
    cname = f"dockgen-field-{p['name']}-{os.getpid()}"
    runner.containers.append(cname)
    rc, out, _ = e2e.sh([e2e.DOCKER, "run", "-d", "--name", cname, *e2e.HARDENED, *volumes,
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
    if "shape" in p:
        row.update(shape=p["shape"], app_dir=p.get("app_dir", p["dir"]), got=None, jar=None)
    try:
        work = materialise(p)
        flags = p.get("flags", [])
        det = subprocess.run([dockgen, "detect", "--json", *flags, str(work)], capture_output=True, text=True, timeout=60)
        if det.returncode == 0:
            plan = json.loads(det.stdout)
            # The files land in the project's folder (one folder down, too).
            row["wrong"] = judge(p, plan, written_to(work, plan, flags))
            if "shape" in p:
                row["got"] = got(plan)
            row["detected"] = "yes" if not row["wrong"] else "no"
        else:
            row["detected"] = "no"
            row["wrong"] = ["detect failed: " + det.stderr.strip().splitlines()[-1][:200]]
        # A repository with its own Dockerfile where dockgen writes (the
        # project's folder, one folder down too): a user trying dockgen would
        # pass --force (dockgen keeps theirs as Dockerfile.bak).
        target = written_to(work, plan if det.returncode == 0 else {}, flags)
        own = [f for f in ("Dockerfile", ".dockerignore") if (target / f).exists()]
        force = ["--force"] if own else []
        if own:
            row["notes"] = "own " + " and ".join(own) + " (kept as .bak)"
        init = subprocess.run([dockgen, "init", "--yes", *force, *flags, str(work)], capture_output=True, text=True, timeout=60)
        row["warnings"] = [l for l in init.stderr.splitlines() if l.startswith("warning")]
        if init.returncode != 0:
            row["init"] = "fail"
            raise e2e.StepFailed("init", init.stderr.strip().splitlines()[-1][:300])
        row["init"] = "ok"
        if p.get("jar"):
            dockerfile = target / "Dockerfile"
            row["jar"] = dockerfile.exists() and p["jar"] in dockerfile.read_text()
        if not p["reachable"]:
            row["built"] = row["served"] = "n/a"
            row["reason"] = "dependencies not reachable here: " + p.get("note", "")
            return row
        if not build:
            return row
        plan = json.loads(subprocess.run([dockgen, "detect", "--json", *flags, str(work)], capture_output=True,
                                         text=True, timeout=60).stdout)
        tag = f"dockgen-field/{p['name']}".lower()
        # Built the way README.Docker.md says (a member from its workspace
        # root, a subfolder project in its folder).
        target = written_to(work, plan, flags)
        context, dockerfile, build_flags, _, _ = e2e.readme_commands(target, tag, "unused")
        if dockerfile and runner.mode == "standin" and not (context / ".dockerignore").exists():
            ignore = Path(str(dockerfile) + ".dockerignore")
            if ignore.exists():  # standin-build.sh builds a copy from /tmp (see e2e.workspace_build)
                shutil.copy(ignore, context / ".dockerignore")
        try:
            runner.build(tag, context, dockerfile=dockerfile, extra=build_flags)
        except e2e.StepFailed:
            row["built"] = "no"
            raise
        row["built"] = "yes"
        row["size"] = e2e.image_size(tag)
        serve(runner, p, tag, plan["port"]["value"], row, e2e.run_volumes((dockerfile or context / "Dockerfile").read_text()))
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


def write(rows, stem="results"):
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{stem}.json").write_text(json.dumps(rows, indent=2))
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
    if any("shape" in r for r in rows):
        lines += ["", *shape_table(rows)]
    (OUT / f"{stem}.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


def shape_table(rows):
    """Per project: what dockgen detected, judged field by field, and totals."""
    out = ["| project | shape | language / manager | start | port | init | failure |",
           "|---|---|---|---|---|---|---|"]
    tally = {"lm": 0, "start": 0, "port": 0}
    for r in rows:
        g, wrong = r.get("got"), r["wrong"]
        bad = lambda field: any(w.startswith(field) for w in wrong)
        if g is None:
            lm = st = po = "no (nothing detected)"
        else:
            lm_ok = not (bad("language") or bad("manager"))
            st_ok, po_ok = not bad("start"), not bad("port")
            tally["lm"] += lm_ok
            tally["start"] += st_ok
            tally["port"] += po_ok
            lm = ("right" if lm_ok else "WRONG") + f": {g['language']} / {g['manager']}"
            st = ("right" if st_ok else "WRONG") + ": " + (" ".join(g["start"]) or "(none)")
            po = ("right" if po_ok else "WRONG") + f": {g['port']}"
        init = r["init"] or "-"
        if r.get("jar") is not None:
            init += "; jar " + ("right" if r["jar"] else "WRONG")
        why = r["reason"] if r["init"] == "fail" else ""
        if r["detected"] == "no" and g is None:
            why = "; ".join(wrong)
        cell = lambda s: str(s).replace("|", "\\|").replace("\n", " ")
        out.append(f"| {r['name']} | {r.get('shape', '')} | {cell(lm)} | {cell(st)} | {cell(po)} "
                   f"| {cell(init)} | {cell(why)} |")
    n = max(len(rows), 1)
    out += ["", f"Totals over {len(rows)} projects: language+manager right {tally['lm']}/{len(rows)} "
            f"({100 * tally['lm'] // n}%), start right {tally['start']}/{len(rows)} ({100 * tally['start'] // n}%), "
            f"port right {tally['port']}/{len(rows)} ({100 * tally['port'] // n}%)"]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dockgen", default=str(ROOT / "target" / "release" / "dockgen"))
    ap.add_argument("--only", action="append", default=[])
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS),
                    help="the corpus to try (default tests/field/corpus.toml); another corpus's "
                         "results go to target/field/<its stem>-results.{md,json}")
    args = ap.parse_args()
    corpus_path = Path(args.corpus)
    if not corpus_path.is_absolute() and not corpus_path.exists():
        corpus_path = ROOT / corpus_path
    stem = "results" if corpus_path.resolve() == DEFAULT_CORPUS else f"{corpus_path.stem}-results"
    corpus = tomllib.loads(corpus_path.read_text())["project"]
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
    write(rows, stem)


if __name__ == "__main__":
    main()
