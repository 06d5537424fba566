"""The one result row every case fills in, and results.{md,json}."""

import json
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field

from .engine import ROOT, StepFailed, tail

OUT = ROOT / "target" / "e2e"

HEAD = ("| example | runtime | status | cold build | warm rebuild | deps cached | re-ran (warm) | image | naive image "
        "| reduction | reference image | reference warm | uid | health | hadolint |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")


def mb(n):
    return f"{n / 1e6:.1f} MB" if n else "-"


def _seconds(s):
    return "%.1f s" % s if s is not None else "-"


@dataclass
class Row:
    """One results row, every figure unknown until measured."""
    example: str
    runtime: str
    status: str = "fail"  # pass | fail | offline (generated and linted only)
    step: str = ""
    error: str = ""
    cold_s: float | None = None
    warm_s: float | None = None
    size: int | None = None
    naive_size: int | None = None
    reduction_pct: float | None = None
    uid: int | None = None
    hadolint: list = field(default_factory=list)
    deps_cached: bool | None = None
    # The steps the warm rebuild ran again (`[stage i/n] INSTRUCTION`).
    reran: list | None = None
    health: str | None = None
    # The hand-written reference.Dockerfile's image and warm rebuild, and
    # why dockgen's image is larger where it is by design.
    ref_size: int | None = None
    ref_warm_s: float | None = None
    ref_note: str = ""
    # Layers `dockgen report` counted; left out of the JSON until checked.
    report_layers: int | None = None

    def fail(self, step, error):
        self.status, self.step, self.error = "fail", step, error

    def as_json(self):
        d = asdict(self)
        if d["report_layers"] is None:
            del d["report_layers"]
        return d

    def md_line(self):
        """The row's line in results.md."""
        status = self.status if self.status != "fail" else f"FAIL ({self.step})"
        if self.status == "offline":
            status = f"generated + linted only; {self.error}"
        cached = {True: "yes", False: "NO", None: "n/a"}[self.deps_cached]
        reduction = "%.1f%%" % self.reduction_pct if self.reduction_pct is not None else "-"
        return (f"| {self.example} | {self.runtime} | {status} | "
                f"{_seconds(self.cold_s)} | {_seconds(self.warm_s)} | {cached} | "
                f"{len(self.reran) if self.reran is not None else '-'} | "
                f"{mb(self.size)} | {mb(self.naive_size)} | {reduction} | "
                f"{mb(self.ref_size)}{' (' + self.ref_note + ')' if self.ref_note else ''} | {_seconds(self.ref_warm_s)} | "
                f"{self.uid if self.uid is not None else '-'} | {self.health or '-'} | {len(self.hadolint)} |")


@contextmanager
def recorded(row, label, whole_log=False, runner_errors=False):
    """Runs a case's steps: a StepFailed becomes the row's failure, printed
    as `FAIL LABEL at STEP: message` with its log (the whole log or its last
    25 lines); with runner_errors, any other exception too (step "runner")."""
    try:
        yield row
    except StepFailed as e:
        row.fail(e.step, e.message)
        print(f"  FAIL {label} at {e.step}: {e.message}")
        if e.log:
            print("    " + (e.log if whole_log else tail(e.log)).replace("\n", "\n    "))
    except Exception as e:  # a runner bug must still clean up and report
        if not runner_errors:
            raise
        row.fail("runner", repr(e))
        print(f"  FAIL {label}: runner error {e!r}")


def write_results(rows, meta):
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(
        json.dumps({"meta": meta, "rows": [r.as_json() for r in rows]}, indent=2) + "\n")
    md = (f"Images: {meta['images']} ({meta['images_reason']}); total {meta['total_s']:.0f} s\n\n"
          + HEAD + "\n".join(r.md_line() for r in rows) + "\n")
    (OUT / "results.md").write_text(md)
    return md
