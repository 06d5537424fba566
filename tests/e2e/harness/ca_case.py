"""An organisation's root CA added to every stage by an overlay
(`.dockgen/templates/partials/stage.j2`): pip in the build stage and Python
in the runtime must trust a server whose certificate that CA signed, and
must still refuse one signed by a CA nobody added; the overlay's labels
must be on the image."""

import http.server
import json
import ssl
import subprocess
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

from .engine import DOCKER, StepFailed, example_copy, sh
from .generate import lint
from .report import Row, recorded


def make_ca(folder, name):
    """A CA and a leaf for 127.0.0.1 it signed: (ca.crt, leaf.crt, leaf.key)."""
    d = Path(folder)
    ca_key, ca, key, csr, leaf = (d / f"{name}-{x}" for x in ("ca.key", "ca.crt", "leaf.key", "leaf.csr", "leaf.crt"))
    ext = d / f"{name}.ext"
    ext.write_text("subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n")
    for cmd in (
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca_key, "-out", ca, "-days", "2",
         "-subj", f"/O={name} (dockgen e2e)/CN={name} Root CA"],
        ["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", csr, "-subj", "/CN=127.0.0.1"],
        ["openssl", "x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial", "-out", leaf,
         "-days", "2", "-extfile", ext],
    ):
        subprocess.run([str(c) for c in cmd], check=True, capture_output=True)
    return ca, leaf, key


class Index(http.server.BaseHTTPRequestHandler):
    """A package index with one empty project: pip finds no file (after the
    TLS handshake succeeded), urllib gets 200."""

    def do_GET(self):
        body = b"<!DOCTYPE html><html><body></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextmanager
def https_index(leaf, key):
    """Serves Index over TLS with LEAF on 127.0.0.1; yields the URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Index)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(leaf, key)
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}/simple/"
    finally:
        server.shutdown()


def pip_probe(image, url):
    """pip asking the index at URL, with the stage's environment (PIP_CERT):
    a fresh venv's, since the app's venv no longer has pip and a Debian
    Python builder has none of its own."""
    script = ("python3 -m venv /tmp/probe && /tmp/probe/bin/pip download --no-deps --no-cache-dir "
              f"--retries 0 -d /tmp/probe/dl --index-url {url} corp-probe")
    _, out, _ = sh([DOCKER, "run", "--rm", "--network", "host", "--entrypoint", "sh", image, "-c", script], timeout=180)
    return out


def python_probe(image, url):
    """Python's ssl in the runtime fetching URL: prints OK, or the error."""
    code = ("import urllib.request\ntry:\n    urllib.request.urlopen(%r, timeout=10)\n    print('OK')\n"
            "except Exception as e:\n    print('ERR', e)") % url
    _, out, _ = sh([DOCKER, "run", "--rm", "--network", "host", "--read-only", "--entrypoint", "python3", image, "-c", code],
                   timeout=120)
    return out.strip()


def untrusted(out):
    return "CERTIFICATE_VERIFY_FAILED" in out or "certificate verify failed" in out


def ca_case(runner, name, spec, runtime):
    c = spec["ca"]
    row = Row(name, f"ca:{runtime}")
    tag = f"dockgen-e2e/{name}-ca-{runtime}".lower()
    with example_copy(name, f"dockgen-e2e-{name}-ca-") as work, tempfile.TemporaryDirectory() as tmp:
        try:
            with recorded(row, f"{name}/ca"):
                corp_ca, corp_leaf, corp_key = make_ca(tmp, "Corp")
                _, other_leaf, other_key = make_ca(tmp, "Other")
                (work / c["file"]).write_text(Path(corp_ca).read_text())
                rc, out, _ = sh([runner.dockgen, "init", "--yes", "--runtime", runtime, str(work)], timeout=60)
                if rc != 0:
                    raise StepFailed("init", f"dockgen init failed (exit {rc})", out)
                lint(row, work / "Dockerfile")
                runner.build(f"{tag}-build", work, extra=["--target", c["build_stage"]])
                _, row.cold_s = runner.build(tag, work)
                rc, labels, _ = sh([DOCKER, "image", "inspect", "-f", "{{json .Config.Labels}}", tag])
                labels = json.loads(labels or "{}") or {}
                wrong = {k: labels.get(k) for k, v in c["labels"].items() if labels.get(k) != v}
                if wrong:
                    raise StepFailed("labels", f"the overlay's labels are not on the image: {wrong}")
                with https_index(corp_leaf, corp_key) as corp, https_index(other_leaf, other_key) as other:
                    out = pip_probe(f"{tag}-build", corp)
                    if untrusted(out) or "No matching distribution found for corp-probe" not in out:
                        raise StepFailed("ca", "pip in the build stage does not trust Corp's CA", out)
                    if not untrusted(pip_probe(f"{tag}-build", other)):
                        raise StepFailed("ca", "pip in the build stage trusts a CA nobody added: the probe proves nothing")
                    got, control = python_probe(tag, corp), python_probe(tag, other)
                    if got != "OK" or not untrusted(control):
                        raise StepFailed("ca", f"the runtime: Corp's server {got!r}, another CA's {control[:120]!r}")
                print(f"  ca: pip in the build stage and Python in the {runtime} runtime trust Corp's CA and refuse "
                      f"another; labels {sorted(c['labels'])} on the image")
                row.status = "pass"
        finally:
            runner.cleanup()
    return row
