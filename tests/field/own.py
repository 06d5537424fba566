#!/usr/bin/env python3
"""Field check: a repository's own Dockerfile against dockgen's, built here.

For every reachable [[project]] of a field corpus whose folder (its `app_dir`,
else `dir`) holds its own Dockerfile (`Dockerfile.prod` when there is one,
else `Dockerfile`), on the stand-ins:
  1. build the repository's own Dockerfile cold (builder cache pruned,
     --no-cache) in that folder, then warm after appending a comment to one
     source file (the app's entry module when there is one);
  2. `dockgen init --yes --force` (theirs is kept as .bak) and build dockgen's
     the same way, cold and warm after the same edit;
  3. record for each: built or why not, size, cold and warm seconds, the
     image's USER (empty means root), and the steps the warm rebuild re-ran.
Results: target/field/own-vs-dockgen.{md,json} (--out changes the stem). Not part of .ci/run (it needs
the fetched trees); figures go to docs/field-trial-2.md.

Usage: tests/field/own.py [--corpus PATH] [--dockgen PATH] [--only NAME]... [--out STEM]
"""

import argparse
import importlib.util
import json
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
from harness.engine import DOCKER, Runner, StepFailed, choose_images, image_size, sh, tail  # noqa: E402
from harness.measure import reran_steps  # noqa: E402

_spec = importlib.util.spec_from_file_location("field_run", ROOT / "tests" / "field" / "run.py")
field = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(field)

OUT = ROOT / "target" / "field"
COMMENT = {".py": "#", ".js": "//", ".ts": "//", ".mjs": "//", ".go": "//", ".rs": "//", ".java": "//", ".php": "//"}
ENTRY_NAMES = ("main", "app", "server", "index", "wsgi", "asgi", "manage", "settings", "__init__")
SKIP = ("test", "migrations", "node_modules", "docs", "scripts", ".github", "frontend", "static")


def app_folder(work, p):
    """Where the deployable project is: its app_dir below a whole-repository tree."""
    return work / p["app_dir"] if p.get("dir") == "" and p.get("app_dir") else work


def own_dockerfile(folder):
    for name in ("Dockerfile.prod", "Dockerfile"):
        if (folder / name).is_file():
            return folder / name
    return None


def source_to_edit(folder, lang):
    """A source file both builds copy: the entry module when there is one."""
    exts = {"python": (".py",), "node": (".js", ".ts", ".mjs"), "go": (".go",), "rust": (".rs",),
            "java": (".java",), "php": (".php",)}.get(lang, (".py", ".js", ".ts"))
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in exts
                   and not any(s in part.lower() for part in p.relative_to(folder).parts for s in SKIP))
    if not files:
        return None
    return min(files, key=lambda p: (ENTRY_NAMES.index(p.stem) if p.stem in ENTRY_NAMES else len(ENTRY_NAMES),
                                     len(p.relative_to(folder).parts), str(p)))


def build_pair(runner, tag, context, dockerfile, edit):
    """Cold then warm after appending a comment to EDIT: the figures."""
    sh([DOCKER, "builder", "prune", "-af"])
    _, cold = runner.build(tag, context, dockerfile=dockerfile, no_cache=True)
    size = image_size(tag)
    rc, user, _ = sh([DOCKER, "image", "inspect", "-f", "{{.Config.User}}", tag])
    with edit.open("a") as f:
        f.write(f"\n{COMMENT[edit.suffix]} field edit\n")
    log, warm = runner.build(tag, context, dockerfile=dockerfile)
    return {"size": size, "cold_s": round(cold, 1), "warm_s": round(warm, 1), "user": user.strip(),
            "reran": len(reran_steps(log))}


def attempt(runner, tag, context, dockerfile, edit):
    """build_pair's figures, or {"error"}; the images removed either way."""
    try:
        return build_pair(runner, tag, context, dockerfile, edit)
    except StepFailed as e:
        return {"error": f"{e.message}: {tail(e.log, 3)}"}
    finally:
        runner.cleanup()


def trial(runner, dockgen, p):
    row = {"name": p["name"], "own": None, "dockgen": None, "own_file": "", "edit": "", "why": ""}
    work = field.materialise(p)
    folder = app_folder(work, p)
    df = own_dockerfile(folder)
    if not df:
        return None
    row["own_file"] = str(df.relative_to(work))
    edit = source_to_edit(folder, p["lang"])
    if not edit:
        row["why"] = "no source file to edit"
        return row
    row["edit"] = str(edit.relative_to(folder))
    tag = f"dockgen-field-own/{p['name']}".lower()
    row["own"] = attempt(runner, tag + "-own", folder, df, edit)
    # dockgen's, on a fresh tree (the edit above must not count as the baseline).
    work = field.materialise(p)
    edit = app_folder(work, p) / row["edit"]
    init = subprocess.run([dockgen, "init", "--yes", "--force", *p.get("flags", []), str(work)],
                          capture_output=True, text=True, timeout=60)
    if init.returncode != 0:
        row["dockgen"] = {"error": "init: " + init.stderr.strip()[-200:]}
        return row
    plan = json.loads(subprocess.run([dockgen, "detect", "--json", *p.get("flags", []), str(work)],
                                     capture_output=True, text=True, timeout=60).stdout)
    target = field.written_to(work, plan, p.get("flags", []))
    context, dockerfile, _, _, _ = field.e2e.readme_commands(target, tag, "unused")
    row["dockgen"] = attempt(runner, tag + "-dockgen", context, dockerfile, edit)
    return row


def cell(r, key, fmt):
    if not r or "error" in r:
        return "-"
    return fmt(r[key])


def write(rows, stem):
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{stem}.json").write_text(json.dumps(rows, indent=2) + "\n")
    mb = lambda n: f"{n / 1e6:.0f} MB"  # noqa: E731
    sec = lambda s: f"{s:.1f} s"  # noqa: E731
    user = lambda u: u or "root"  # noqa: E731
    lines = ["| project | own Dockerfile | size own / dockgen | cold own / dockgen | warm own / dockgen "
             "| user own / dockgen | note |", "|---|---|---|---|---|---|---|"]
    for r in rows:
        o, d = r["own"], r["dockgen"]
        note = r["why"] or "; ".join(f"{who} failed: {x['error'][:140]}" for who, x in (("own", o), ("dockgen", d))
                                     if x and "error" in x)
        ratio = f" ({d['size'] / o['size']:.2f}×)" if o and d and "error" not in o and "error" not in d else ""
        lines.append(f"| {r['name']} | `{r['own_file']}` | {cell(o, 'size', mb)} / {cell(d, 'size', mb)}{ratio} "
                     f"| {cell(o, 'cold_s', sec)} / {cell(d, 'cold_s', sec)} "
                     f"| {cell(o, 'warm_s', sec)} / {cell(d, 'warm_s', sec)} "
                     f"| {cell(o, 'user', user)} / {cell(d, 'user', user)} | {note} |")
    md = "\n".join(lines) + "\n"
    (OUT / f"{stem}.md").write_text(md)
    return md


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dockgen", default=str(ROOT / "target" / "release" / "dockgen"))
    ap.add_argument("--corpus", default=str(ROOT / "tests" / "field" / "corpus2.toml"))
    ap.add_argument("--only", action="append", default=[])
    ap.add_argument("--out", default="own-vs-dockgen", help="results file stem under target/field")
    args = ap.parse_args()
    mode, _ = choose_images()
    runner = Runner(args.dockgen, mode)
    rows = []
    for p in tomllib.loads(Path(args.corpus).read_text())["project"]:
        if not p.get("reachable") or (args.only and p["name"] not in args.only):
            continue
        print(f"own: {p['name']}", flush=True)
        try:
            row = trial(runner, args.dockgen, p)
        except Exception as e:  # a tree that cannot be materialised still gives a row
            row = {"name": p["name"], "own": None, "dockgen": None, "own_file": "", "edit": "", "why": repr(e)[:200]}
        if row:
            rows.append(row)
            print("  " + json.dumps({k: row[k] for k in ("own", "dockgen", "edit", "why")})[:400], flush=True)
    print(write(rows, args.out))


if __name__ == "__main__":
    main()
