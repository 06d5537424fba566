#!/usr/bin/env python3
"""Builds a synthetic monorepo of about N files for the speed benchmark:
a Node app at the root (package.json, lockfile, server.js) with a deep
node_modules, a .git with many loose objects, a target/ folder of build
output, and thousands of source folders under packages/. The root's own
entries stay few and fixed, so only what lies *below* the root grows.

Usage: bench/monorepo.py DEST N   (e.g. bench/monorepo.py /tmp/mono 100000)
"""
import json, os, sys
from pathlib import Path


def write(p: Path, text: str):
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text)


def build(dest: Path, n: int):
    dest.mkdir(parents=True, exist_ok=True)
    write(dest / "package.json", json.dumps({
        "name": "mono", "version": "1.0.0", "private": True, "main": "server.js",
        "workspaces": ["packages/*"], "dependencies": {"express": "4.19.2"},
    }, indent=2))
    write(dest / "package-lock.json", json.dumps({"name": "mono", "lockfileVersion": 3, "requires": True, "packages": {}}))
    write(dest / "server.js", "const express = require('express');\nconst app = express();\napp.listen(process.env.PORT || 3000);\n")
    write(dest / "README.md", "synthetic monorepo\n")
    # Shares of the file budget: node_modules 40%, .git 25%, target 10%, packages 25%.
    budget = {"node_modules": n * 40 // 100, ".git": n * 25 // 100, "target": n * 10 // 100}
    budget["packages"] = n - sum(budget.values()) - 4
    made = 0
    # node_modules: nested three deep, ten files per package.
    i = 0
    while made < budget["node_modules"]:
        base = dest / "node_modules" / f"pkg-{i}" / "node_modules" / f"dep-{i % 97}" / "node_modules" / f"leaf-{i % 13}"
        for f in range(10):
            write(base / "lib" / f"f{f}.js", "module.exports = 1;\n")
            made += 1
        i += 1
    # .git: loose objects in 256 fan-out folders.
    for k in range(budget[".git"]):
        write(dest / ".git" / "objects" / f"{k % 256:02x}" / f"{k:038x}", "x")
    made += budget[".git"]
    for k in range(budget["target"]):
        write(dest / "target" / "debug" / "deps" / f"{k % 100}" / f"o{k}.rlib", "")
    made += budget["target"]
    # packages: ten files per folder, so 100k files give 2,500 folders.
    for k in range(budget["packages"]):
        write(dest / "packages" / f"pkg-{k // 10:05d}" / "src" / f"m{k % 10}.js", "export default 1;\n")
    return made + budget["packages"] + 4


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    total = build(Path(sys.argv[1]), int(sys.argv[2]))
    print(f"{sys.argv[1]}: {total} files")
