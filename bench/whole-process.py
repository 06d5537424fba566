#!/usr/bin/env python3
"""Whole-process timing: runs the release binary many times and reports
min / median / max wall time.

  bench/whole-process.py [N]                 every examples/ folder
  bench/whole-process.py [N] --monorepo      synthetic monorepos of 1k, 10k and
                                             100k files (bench/monorepo.py), with
                                             a full tree walk beside for scale
  bench/whole-process.py [N] -- ARGS...      one command line of your own

Default N: 200 runs each (the monorepo walk reference runs 5 times).
"""
import os, statistics, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = os.environ.get("DOCKGEN", str(ROOT / "target" / "release" / "dockgen"))
sys.path.insert(0, str(ROOT / "bench"))


def bench(args, n):
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        subprocess.run([BIN, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append((time.perf_counter() - t0) * 1000)
    return min(times), statistics.median(times), max(times)


def walk_ms(root, n=5):
    """What a tool that walks the tree pays: os.walk over every file."""
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        count = sum(len(files) for _, _, files in os.walk(root))
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), count


def syscalls(args, root):
    """Directory reads and file opens below ROOT, from strace (if installed)."""
    import shutil
    if not shutil.which("strace"):
        return ""
    with tempfile.NamedTemporaryFile("r", suffix=".strace") as out:
        subprocess.run(["strace", "-f", "-e", "trace=openat,getdents64", "-o", out.name, BIN, *args],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        lines = out.read().splitlines()
    opened = 0
    for l in lines:
        if "openat(" in l and str(root) in l and "= -1" not in l:
            opened += 1
    reads = sum(1 for l in lines if "getdents64(" in l)
    return f", {reads} getdents64, {opened} opens below the root"


def row(label, lo, med, hi, extra=""):
    print(f"{label:<40} {lo:7.2f}ms {med:7.2f}ms {hi:7.2f}ms{extra}")


def app_dir(example):
    """A workspace example is generated in its member's folder (e2e.toml's `app`)."""
    import tomllib
    spec = example / "e2e.toml"
    app = tomllib.loads(spec.read_text()).get("app") if spec.exists() else None
    return example / app if app else example


def main():
    argv = sys.argv[1:]
    n = int(argv.pop(0)) if argv and argv[0].isdigit() else 200
    print(f"binary: {BIN} ({os.path.getsize(BIN) / 1e6:.1f} MB), {n} runs each, {os.cpu_count()} cores")
    print(f"{'case':<40} {'min':>9} {'median':>9} {'max':>9}")
    if argv[:1] == ["--monorepo"]:
        import monorepo
        with tempfile.TemporaryDirectory(prefix="dockgen-mono-") as tmp:
            for size in (1_000, 10_000, 100_000):
                dest = Path(tmp) / f"mono-{size}"
                monorepo.build(dest, size)
                walk, count = walk_ms(dest)
                args = ["init", "--yes", "--stdout", str(dest)]
                lo, med, hi = bench(args, n)
                row(f"monorepo {count:>7,} files", lo, med, hi, f"   (a full walk: {walk:.1f}ms{syscalls(args, dest)})")
        return
    cases = [argv[1:]] if argv[:1] == ["--"] else [
        ["init", "--yes", "--stdout", str(app_dir(d))] for d in sorted((ROOT / "examples").iterdir()) if d.is_dir()]
    for args in cases:
        lo, med, hi = bench(args, n)
        label = " ".join(a if "/" not in a else str(Path(a).relative_to(ROOT / "examples")) if a.startswith(str(ROOT / "examples")) else Path(a).name for a in args)
        row(label, lo, med, hi)


if __name__ == "__main__":
    main()
