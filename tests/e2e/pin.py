#!/usr/bin/env python3
"""End-to-end proof of `dockgen pin` against a real registry.

  1. start Debian's docker-registry on 127.0.0.1 (installed with apt when
     missing) and push two stand-in images to it;
  2. `dockgen pin` a Dockerfile that uses them: each FROM gets the digest the
     registry gives, which must equal `docker image inspect`'s RepoDigests;
  3. build the pinned Dockerfile (the engine pulls by digest);
  4. `dockgen pin --check` passes, then fails once a new image is pushed
     under the same tag;
  5. with the registry stopped, `dockgen pin` falls back to the local image's
     digest and says so;
  6. `dockgen init --pin` for a project whose bases no registry here serves
     (Docker Hub) fails naming the image and writes nothing: no digest is
     invented;
  7. (while the registry runs) mirrors: the stand-ins pushed under
     <registry>/dockerhub and <registry>/gcr, `dockgen init --mirror
     docker.io=… --mirror gcr.io=…` names them, the engine pulls them from
     there (nothing local under those names), and the image serves as
     non-root under the hardened run.
Usage: tests/e2e/pin.py [--dockgen PATH]. Needs the engine and stand-ins (.ci/run).
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCKER = os.environ.get("DOCKER", "/usr/bin/docker")
REG = "127.0.0.1:5099"


def sh(cmd, **kw):
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    return p.returncode, p.stdout, p.stderr


def must(cmd, **kw):
    rc, out, err = sh(cmd, **kw)
    if rc != 0:
        sys.exit(f"pin e2e: {' '.join(map(str, cmd))} failed ({rc}):\n{out}\n{err}")
    return out


def registry_binary():
    for b in ("/usr/bin/docker-registry", shutil.which("docker-registry") or ""):
        if b and Path(b).exists():
            return b
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    # A fresh machine may have no package lists yet.
    if sh(["apt-get", "install", "-y", "-q", "docker-registry"], env=env)[0] != 0:
        must(["apt-get", "update", "-q"], env=env)
        must(["apt-get", "install", "-y", "-q", "docker-registry"], env=env)
    return "/usr/bin/docker-registry"


def start_registry(tmp):
    config = Path(tmp) / "registry.yml"
    config.write_text(f"version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: {tmp}/data\nhttp:\n  addr: {REG}\n")
    # Debian's unit runs it as `docker-registry serve <config>`.
    proc = subprocess.Popen([registry_binary(), "serve", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", int(REG.split(":")[1])), timeout=0.2).close()
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    sys.exit("pin e2e: the registry did not start")


def repo_digest(image):
    out = must([DOCKER, "image", "inspect", "--format", "{{json .RepoDigests}}", image])
    repo = image.rsplit(":", 1)[0]
    return next(d.split("@", 1)[1] for d in json.loads(out) if d.split("@", 1)[0] == repo)


def mirror_case(dockgen, tmp):
    """Step 7: examples/go-stdlib built from a mirror's copies of its bases."""
    sys.path.insert(0, str(ROOT / "tests" / "e2e"))
    from harness.hardened import HARDENED, probe

    work = Path(tmp) / "mirrored"
    shutil.copytree(ROOT / "examples" / "go-stdlib", work)
    mirrors = ["--mirror", f"docker.io={REG}/dockerhub", "--mirror", f"gcr.io={REG}/gcr"]
    upstream = json.loads(must([dockgen, "detect", "--json", "--runtime", "distroless", str(work)]))["images"]
    mirrored = json.loads(must([dockgen, "detect", "--json", "--runtime", "distroless", *mirrors, str(work)]))["images"]
    # The upstream names as stand-ins (alias.sh tags them), then copies in the mirror.
    plain = Path(tmp) / "plain.Dockerfile"
    plain.write_text("".join(f"FROM {upstream[k]}\n" for k in ("builder", "runtime")))
    must([str(ROOT.parent / "shared" / "standin-images" / "alias.sh"), str(plain)])
    for k in ("builder", "runtime"):
        # docker.io's official images gain library/; gcr.io's keep their path.
        name = upstream[k]
        want = f"{REG}/gcr/{name.split('/', 1)[1]}" if name.startswith("gcr.io/") else f"{REG}/dockerhub/library/{name}"
        assert mirrored[k] == want, f"{k}: {mirrored[k]} is not the mirror's copy {want}"
        must([DOCKER, "tag", upstream[k], mirrored[k]])
        must([DOCKER, "push", mirrored[k]])
        must([DOCKER, "rmi", mirrored[k]])
    must([dockgen, "init", "--yes", "--runtime", "distroless", *mirrors, str(work)])
    text = (work / "Dockerfile").read_text()
    assert f"{REG}/dockerhub/library/" in text and f"{REG}/gcr/distroless/" in text, text
    # This engine's BuildKit cannot fetch the `# syntax=` frontend: a copy without it.
    (work / "engine.Dockerfile").write_text("".join(l for l in text.splitlines(True) if not l.startswith("# syntax=")))
    tag = "dockgen-mirror-e2e"
    must([DOCKER, "build", "-q", "-t", tag, "-f", str(work / "engine.Dockerfile"), str(work)],
         env=dict(os.environ, DOCKER_BUILDKIT="1"))
    cid = must([DOCKER, "run", "-d", *HARDENED, "-p", "127.0.0.1::8080", tag]).strip()
    try:
        port = must([DOCKER, "port", cid, "8080/tcp"]).strip().splitlines()[0].rsplit(":", 1)[1]
        status, body = probe(port, "/")
        assert status == 200 and "hello from go-stdlib" in body, (status, body)
        user = must([DOCKER, "inspect", "-f", "{{.Config.User}}", cid]).strip()
        assert user and not user.startswith("0") and user != "root", user
    finally:
        sh([DOCKER, "rm", "-f", cid])
        sh([DOCKER, "rmi", "-f", tag, mirrored["builder"], mirrored["runtime"]])
    print(f"  mirrors: {mirrored['builder']} and {mirrored['runtime']} pulled from the registry; "
          f"the image served as user {user}, hardened")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dockgen", default=str(ROOT / "target" / "release" / "dockgen"))
    dockgen = ap.parse_args().dockgen
    t0 = time.time()
    with tempfile.TemporaryDirectory(prefix="dockgen-pin-") as tmp:
        reg = start_registry(tmp)
        try:
            build = f"{REG}/golang:1.25"
            runtime = f"{REG}/distroless-static:nonroot"
            for src, dst in (("standin/golang:1.25", build), ("standin/distroless-static:nonroot", runtime)):
                must([DOCKER, "tag", src, dst])
                must([DOCKER, "push", dst])
            proj = Path(tmp) / "proj"
            proj.mkdir()
            (proj / "Dockerfile").write_text(
                f"FROM {build} AS build\nRUN go version > /version\n"
                f"FROM {runtime}\nCOPY --from=build /version /version\nUSER 65532:65532\n")
            (proj / ".dockerignore").write_text(".git\n")

            # 2. Pin from the registry; the digests are the engine's.
            rc, _, err = sh([dockgen, "pin", str(proj)])
            assert rc == 0, err
            text = (proj / "Dockerfile").read_text()
            for image in (build, runtime):
                digest = repo_digest(image)
                assert f"{image}@{digest}" in text, f"{image}: want {digest}\n{text}"
                assert "from the registry" in text, text
            print(f"  pinned from the registry at {REG}: digests equal docker image inspect's RepoDigests")

            # 3. The pinned file builds (the engine pulls by digest).
            for image in (build, runtime):
                must([DOCKER, "rmi", image])
            must([DOCKER, "build", "-t", "dockgen-pin-e2e", str(proj)], env=dict(os.environ, DOCKER_BUILDKIT="1"))
            print("  the pinned Dockerfile builds")

            # 4. --check: fresh, then stale after a new push under the same tag.
            rc, _, err = sh([dockgen, "pin", "--check", str(proj)])
            assert rc == 0, f"fresh pins reported stale: {err}"
            (Path(tmp) / "Newer").write_text(f"FROM {runtime}\nLABEL newer=1\n")
            must([DOCKER, "build", "-t", runtime, "-f", str(Path(tmp) / "Newer"), tmp], env=dict(os.environ, DOCKER_BUILDKIT="1"))
            must([DOCKER, "push", runtime])
            rc, _, err = sh([dockgen, "pin", "--check", str(proj)])
            assert rc == 1 and "stale" in err, f"a moved tag is not stale: {rc} {err}"
            assert (proj / "Dockerfile").read_text() == text, "--check wrote"
            print("  pin --check: 0 when fresh, 1 once the tag moved")
            # The builder image back in the engine's store (the build pulled it into BuildKit's only).
            must([DOCKER, "pull", build])
            # 7. Mirrors.
            mirror_case(dockgen, tmp)
        finally:
            reg.kill()
            reg.wait()

        # 5. No registry: the local image's digest, said so.
        rc, _, err = sh([dockgen, "pin", str(proj)])
        assert rc == 0, err
        text = (proj / "Dockerfile").read_text()
        assert "from the local image (no registry answered)" in text, text
        assert f"{runtime}@{repo_digest(runtime)}" in text, text
        print("  registry stopped: pinned from the local images' RepoDigests, and the comment says so")

        # 6. init --pin where no registry serves the bases: an error, nothing written.
        work = Path(tmp) / "go-stdlib"
        shutil.copytree(ROOT / "examples" / "go-stdlib", work)
        rc, _, err = sh([dockgen, "init", "--yes", "--pin", str(work)])
        assert rc == 1 and "cannot resolve a digest for " in err and "no local image carries one" in err, f"{rc} {err}"
        assert not (work / "Dockerfile").exists() and not (work / "dockgen.toml").exists(), "init --pin wrote files"
        print(f"  init --pin without a registry for its bases: `{err.strip()[:90]}…`, nothing written")
        sh([DOCKER, "rmi", "-f", "dockgen-pin-e2e", build, runtime])
    print(f"pin e2e: passed in {time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
