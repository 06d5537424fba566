#!/usr/bin/env python3
"""dockgen lint against hadolint on real Dockerfiles.

For every [[dockerfile]] in tests/field/lint-corpus.toml: materialise the
repository's top level at its pinned commit outside this repository (from a
fetched snapshot, DOCKGEN_FIELD_MIRRORS, default /work/.mirror/<owner>+<name>/repo),
run `hadolint --format json` and `dockgen lint --json` on its root Dockerfile
(with its .dockerignore and top-level files, as a user would), and tabulate
what each finds.

Results: target/field/lint.{md,json}. Not part of .ci/run: it needs the trees.
Usage: tests/field/lint_corpus.py [--dockgen PATH]
Env:   DOCKGEN_LINT_CORPUS_DIR (default /tmp/dockgen-lint-corpus), DOCKGEN_FIELD_MIRRORS.
"""

import argparse
import collections
import json
import os
import shutil
import subprocess
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MIRRORS = Path(os.environ.get("DOCKGEN_FIELD_MIRRORS", "/work/.mirror"))
WORK = Path(os.environ.get("DOCKGEN_LINT_CORPUS_DIR", "/tmp/dockgen-lint-corpus"))
OUT = ROOT / "target" / "field"

# What each dockgen rule is about, for the table's columns: structural
# rules (whole-file, stage-aware) versus line rules hadolint also has.
STRUCTURAL = ["root-user", "user-without-uid", "toolchain-in-final", "copy-before-install", "dev-deps-in-final",
              "full-base", "no-dockerignore", "dockerignore-gap", "lockfile-ignored", "expose-mismatch", "no-cache-mount"]
# hadolint rules that say the same as a dockgen rule.
HADOLINT_TWIN = {"DL3002": "root-user", "DL3006": "unpinned-base", "DL3007": "unpinned-base", "DL3015": "apt-recommends",
                 "DL3009": "apt-lists", "DL3005": "package-upgrade", "DL3020": "add-local", "DL3025": "shell-form-cmd",
                 "DL3066": "user-without-uid", "DL4006": None, "DL3016": None, "DL3008": None, "DL3013": None, "DL3018": None, "DL3042": None}


def materialise(repo, commit):
    """The repository's top level at `commit`: its files (large ones a
    snapshot lacks are skipped) and its folders, empty. Lint reads no deeper."""
    mirror = MIRRORS / repo.replace("/", "+") / "repo"
    dest = WORK / repo.replace("/", "+")
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    git = ["git", "--git-dir", str(mirror)]
    listing = subprocess.run(git + ["ls-tree", commit], capture_output=True, text=True, check=True).stdout
    for line in listing.splitlines():
        meta, name = line.split("\t", 1)
        _, kind, sha = meta.split()
        if kind == "tree":
            (dest / name).mkdir()
        elif kind == "blob":
            blob = subprocess.run(git + ["cat-file", "blob", sha], capture_output=True)
            if blob.returncode == 0 and meta.startswith("120000"):
                # A link (vaultwarden's Dockerfile → docker/Dockerfile.debian):
                # the file it names, in its place.
                target = subprocess.run(git + ["cat-file", "blob", f"{commit}:{blob.stdout.decode()}"], capture_output=True)
                if target.returncode == 0:
                    (dest / name).write_bytes(target.stdout)
            elif blob.returncode == 0:
                (dest / name).write_bytes(blob.stdout)
    return dest


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dockgen", default=str(ROOT / "target" / "release" / "dockgen"))
    args = ap.parse_args()
    corpus = tomllib.loads((ROOT / "tests" / "field" / "lint-corpus.toml").read_text())["dockerfile"]
    rows = []
    for entry in corpus:
        tree = materialise(entry["repo"], entry["commit"])
        h = subprocess.run(["hadolint", "--no-fail", "--format", "json", str(tree / "Dockerfile")], capture_output=True, text=True)
        try:
            hadolint = [f["code"] for f in json.loads(h.stdout or "[]")]
        except json.JSONDecodeError:
            hadolint = ["parse-error"]
        d = subprocess.run([args.dockgen, "lint", "--json", str(tree / "Dockerfile")], capture_output=True, text=True)
        if d.stdout.strip():
            dockgen = [f["rule"] for f in json.loads(d.stdout)["findings"]]
            error = ""
        else:
            dockgen, error = [], d.stderr.strip()
        rows.append({"repo": entry["repo"], "commit": entry["commit"][:12], "hadolint": hadolint, "dockgen": dockgen, "error": error})
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "lint.json").write_text(json.dumps(rows, indent=2))
    md = ["| repository | hadolint | dockgen lint | structural (dockgen only) |", "|---|---|---|---|"]
    for r in rows:
        structural = sorted({x for x in r["dockgen"] if x in STRUCTURAL})
        d = r["error"] or ", ".join(f"{k}×{v}" if v > 1 else k for k, v in sorted(collections.Counter(r["dockgen"]).items()))
        hl = ", ".join(f"{k}×{v}" if v > 1 else k for k, v in sorted(collections.Counter(r["hadolint"]).items()))
        md.append(f"| {r['repo']} @{r['commit']} | {hl or '-'} | {d or '-'} | {', '.join(structural) or '-'} |")
    totals_d = collections.Counter(x for r in rows for x in set(r["dockgen"]))
    totals_h = collections.Counter(x for r in rows for x in set(r["hadolint"]))
    md += ["", "Files with each finding:", "", "| dockgen rule | files | hadolint's nearest rule | files |", "|---|---|---|---|"]
    twins = {v: k for k, v in HADOLINT_TWIN.items() if v}
    for rule, n in totals_d.most_common():
        twin = twins.get(rule)
        md.append(f"| {rule} | {n} | {twin or 'none'} | {totals_h.get(twin, 0) if twin else '-'} |")
    md += ["", "hadolint rules: " + ", ".join(f"{k} {v}" for k, v in totals_h.most_common())]
    (OUT / "lint.md").write_text("\n".join(md) + "\n")
    print("\n".join(md))


if __name__ == "__main__":
    main()
