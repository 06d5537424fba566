#!/usr/bin/env python3
"""Whole-process timing: runs the release binary many times and reports
min / median / max wall time. Usage: bench/whole-process.py [N] [-- ARGS...]
Default: 200 runs of `dockgen init --yes --stdout` on each examples/ folder."""
import os, statistics, subprocess, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = os.environ.get("DOCKGEN", str(ROOT / "target" / "release" / "dockgen"))

def bench(args, n):
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        subprocess.run([BIN, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append((time.perf_counter() - t0) * 1000)
    return min(times), statistics.median(times), max(times)

def main():
    argv = sys.argv[1:]
    n = int(argv.pop(0)) if argv and argv[0].isdigit() else 200
    cases = [argv[1:]] if argv[:1] == ["--"] else [
        ["init", "--yes", "--stdout", str(d)] for d in sorted((ROOT / "examples").iterdir()) if d.is_dir()]
    print(f"binary: {BIN} ({os.path.getsize(BIN) / 1e6:.1f} MB), {n} runs each")
    print(f"{'case':<40} {'min':>8} {'median':>8} {'max':>8}")
    for args in cases:
        lo, med, hi = bench(args, n)
        label = " ".join(a if "/" not in a else Path(a).name for a in args)
        print(f"{label:<40} {lo:7.2f}ms {med:7.2f}ms {hi:7.2f}ms")

if __name__ == "__main__":
    main()
