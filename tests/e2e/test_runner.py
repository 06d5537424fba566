"""Unit tests for the e2e runner's own judgements (run by .ci/run first)."""
import unittest
from run import dep_step_cached, shell_probe_program, unexplained_ignores

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


if __name__ == "__main__":
    unittest.main()
