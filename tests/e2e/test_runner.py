"""Unit tests for the e2e runner's own judgements (run by .ci/run first)."""
import io
import unittest
from contextlib import redirect_stdout

import run
from harness.engine import StepFailed
from harness.generate import unexplained_ignores
from harness.hardened import shell_probe_program
from harness.measure import dep_step_cached, ignores_source, reduction_pct, reran_steps
from harness.reference import against_reference, exposed_port
from harness.report import HEAD, Row, recorded

COLD = """#9 [build 3/5] RUN --mount=type=cache,target=/go/pkg/mod go mod download
#9 0.211 go: downloading example.com/x v1.0.0
#9 DONE 2.3s

#10 [build 4/5] RUN --mount=type=cache,target=/root/.cache/go-build go build -o /out/app .
#10 DONE 9.1s
"""
WARM = """#9 [build 3/5] RUN --mount=type=cache,target=/go/pkg/mod go mod download
#9 CACHED

#10 [build 4/5] RUN --mount=type=cache,target=/root/.cache/go-build go build -o /out/app .
#10 DONE 1.1s
"""


class DepStep(unittest.TestCase):
    def test_cached_step_is_recognised(self):
        self.assertIs(dep_step_cached(WARM, "go mod download"), True)

    def test_rerun_step_is_not_cached(self):
        self.assertIs(dep_step_cached(COLD, "go mod download"), False)

    def test_missing_step_is_none_so_the_runner_fails(self):
        self.assertIsNone(dep_step_cached(WARM, "npm ci"))


class Reruns(unittest.TestCase):
    LOG = ("#9 [build 3/6] RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n#9 CACHED\n"
           "#2 [internal] load .dockerignore\n#2 DONE 0.0s\n"
           "#12 [build 5/6] COPY . .\n#12 DONE 0.1s\n"
           "#13 [build 6/6] RUN python -m pip uninstall -y -q pip\n#13 DONE 1.2s\n"
           "#14 [build 7/7] RUN python manage.py collectstatic --noinput\n#14 DONE 0.9s\n")

    def test_the_steps_that_ran_again_are_listed(self):
        self.assertEqual(reran_steps(self.LOG), ["[build 5/6] COPY . .", "[build 6/6] RUN python -m pip uninstall -y -q pip",
                                                 "[build 7/7] RUN python manage.py collectstatic --noinput"])

    def test_a_single_stage_build_names_no_stage(self):
        log = "#1 [internal] load build definition\n#1 DONE 0.0s\n#5 [2/3] WORKDIR /app\n#5 CACHED\n#6 [3/3] COPY . .\n#6 DONE 0.1s\n"
        self.assertEqual(reran_steps(log), ["[3/3] COPY . ."])

    def test_a_run_that_reads_no_source_is_caught(self):
        self.assertEqual([s for s in reran_steps(self.LOG) if ignores_source(s)], ["[build 6/6] RUN python -m pip uninstall -y -q pip"])


class Ignores(unittest.TestCase):
    def test_ignore_needs_a_reason_comment_above(self):
        ok = "# Unpinned on purpose: security updates.\n# hadolint ignore=DL3008\nRUN apt-get install x\n"
        bad = "FROM a\n# hadolint ignore=DL3008\nRUN apt-get install x\n"
        self.assertEqual(unexplained_ignores(ok), [])
        self.assertEqual(len(unexplained_ignores(bad)), 1)


class ShellProbe(unittest.TestCase):
    def test_the_program_inside_sh_c_is_found(self):
        wget = ["CMD", "sh", "-c", "wget -q -S --spider 'http://127.0.0.1:8080/' 2>&1 | grep -q 'HTTP/1.[01] [1-4]'"]
        self.assertEqual(shell_probe_program(wget), "wget")
        curl = ["CMD", "sh", "-c", "code=$(curl -s -o /dev/null -w '%{http_code}' 'http://127.0.0.1:8080/') && [ \"$code\" -lt 500 ]"]
        self.assertEqual(shell_probe_program(curl), "curl")
        self.assertIsNone(shell_probe_program(["CMD", "node", "-e", "x"]))
        self.assertIsNone(shell_probe_program(None))


class RowRendering(unittest.TestCase):
    """A Row's line in results.md: the columns of HEAD, in the words the docs quote."""

    def test_a_passing_row(self):
        row = Row("go-stdlib", "distroless", status="pass", cold_s=23.44, warm_s=1.21, size=7_612_345,
                  naive_size=912_000_000, reduction_pct=reduction_pct(7_612_345, 912_000_000),
                  uid=65532, deps_cached=True, health="healthy")
        self.assertEqual(row.md_line(), "| go-stdlib | distroless | pass | 23.4 s | 1.2 s | yes | - | 7.6 MB "
                                        "| 912.0 MB | 99.2% | - | - | 65532 | healthy | 0 |")
        row.reran = ["[build 4/5] COPY . .", "[build 5/5] RUN go build -o /out/app ."]
        self.assertIn("| yes | 2 | 7.6 MB |", row.md_line())
        self.assertEqual(row.md_line().count("|"), HEAD.splitlines()[0].count("|"))
        row.ref_size, row.ref_warm_s, row.ref_note = 9_100_000, 0.84, "a shell"
        self.assertIn("| 99.2% | 9.1 MB (a shell) | 0.8 s | 65532 |", row.md_line())

    def test_a_failed_row_names_its_step_and_unknown_figures_are_dashes(self):
        row = Row("python-flask", "slim", hadolint=["Dockerfile:3 DL3008 x"])
        row.fail("hadolint", "1 finding(s)")
        self.assertEqual(row.md_line(), "| python-flask | slim | FAIL (hadolint) | - | - | n/a | - | - | - "
                                        "| - | - | - | - | - | 1 |")
        row.deps_cached = False
        self.assertIn("| NO |", row.md_line())

    def test_an_offline_row_says_why(self):
        row = Row("dotnet-webapi", "alpine", status="offline", error="needs NuGet")
        self.assertEqual(row.md_line(), "| dotnet-webapi | alpine | generated + linted only; needs NuGet "
                                        "| - | - | n/a | - | - | - | - | - | - | - | - | 0 |")

    def test_json_keeps_the_old_keys_report_layers_once_checked(self):
        row = Row("a", "slim")
        self.assertEqual(list(row.as_json()), ["example", "runtime", "status", "step", "error", "cold_s",
                                               "warm_s", "size", "naive_size", "reduction_pct", "uid",
                                               "hadolint", "deps_cached", "reran", "health", "ref_size", "ref_warm_s",
                                               "ref_note"])
        row.report_layers = 7
        self.assertEqual(row.as_json()["report_layers"], 7)


class AgainstReference(unittest.TestCase):
    """dockgen's image against the hand-written reference.Dockerfile's."""
    REF = {"size": 50_000_000, "warm_s": 0.9}

    def row(self, size, runtime="slim"):
        return Row("a", runtime, size=size)

    def test_no_larger_passes_and_fills_the_figures(self):
        row = self.row(49_000_000)
        against_reference(row, self.REF, {})
        self.assertEqual((row.ref_size, row.ref_warm_s, row.ref_note), (50_000_000, 0.9, ""))

    def test_larger_fails_unless_the_runtime_has_a_reason(self):
        against_reference(self.row(50_000_000 + 65_536), self.REF, {})  # within 64 KB: the same
        with self.assertRaises(StepFailed) as e:
            against_reference(self.row(50_000_000 + 65_537), self.REF, {})
        self.assertIn("[reference.larger] slim", e.exception.message)
        spec = {"reference": {"larger": {"slim": "a shell and apt"}}}
        row = self.row(60_000_000)
        against_reference(row, self.REF, spec)
        self.assertEqual(row.ref_note, "a shell and apt")
        with self.assertRaises(StepFailed):
            against_reference(self.row(60_000_000, "alpine"), self.REF, spec)

    def test_a_stale_reason_fails(self):
        with self.assertRaises(StepFailed) as e:
            against_reference(self.row(10), self.REF, {"reference": {"larger": {"slim": "old"}}})
        self.assertIn("remove it", e.exception.message)

    def test_a_failed_reference_fails_and_none_is_no_check(self):
        with self.assertRaises(StepFailed):
            against_reference(self.row(10), {"error": "build failed"}, {})
        row = self.row(10)
        against_reference(row, {}, {})
        self.assertIsNone(row.ref_size)

    def test_the_port_is_the_one_exposed(self):
        self.assertEqual(exposed_port("FROM x\nEXPOSE 8000\nCMD y\n"), "8000")
        with self.assertRaises(StepFailed):
            exposed_port("FROM x\nEXPOSE 1\nEXPOSE 2\n")


class Recorded(unittest.TestCase):
    def test_a_step_failure_becomes_the_row_and_is_printed(self):
        row, out = Row("a", "slim"), io.StringIO()
        with redirect_stdout(out), recorded(row, "a/slim"):
            raise StepFailed("probe", "no answer", "line 1\nline 2")
        self.assertEqual((row.status, row.step, row.error), ("fail", "probe", "no answer"))
        self.assertEqual(out.getvalue(), "  FAIL a/slim at probe: no answer\n    line 1\n    line 2\n")

    def test_other_errors_are_rows_only_when_asked(self):
        row = Row("a", "slim")
        with redirect_stdout(io.StringIO()), recorded(row, "a/slim", runner_errors=True):
            raise KeyError("x")
        self.assertEqual((row.step, row.error), ("runner", "KeyError('x')"))
        with self.assertRaises(KeyError), recorded(Row("a", "slim"), "a/slim"):
            raise KeyError("x")


class FieldImports(unittest.TestCase):
    def test_what_tests_field_uses_is_still_run_dot_name(self):
        for name in ["sh", "DOCKER", "HARDENED", "StepFailed", "probe", "tail", "image_size", "mb",
                     "container_uid", "readme_commands", "workspace_build", "choose_images", "Runner"]:
            self.assertTrue(hasattr(run, name), name)
        for name in run.__all__:
            self.assertTrue(hasattr(run, name), name)


if __name__ == "__main__":
    unittest.main()
