"""What dockgen writes: `dockgen init` and `detect`, hadolint, and the build
and run commands README.Docker.md gives."""

import json
import re
import shlex
import shutil
import subprocess

from .engine import DOCKER, StepFailed, sh
from .hardened import HARDENED


def unexplained_ignores(text, name="Dockerfile"):
    """Inline `# hadolint ignore=` lines without a reason comment above them."""
    lines = text.splitlines()
    bad = []
    for i, line in enumerate(lines):
        if line.startswith("# hadolint ignore="):
            prev = lines[i - 1] if i else ""
            if not prev.startswith("#") or prev.startswith("# hadolint"):
                bad.append(f"{name}:{i + 1} inline ignore without a reason comment above it")
    return bad


def hadolint(dockerfile):
    rc, out, _ = sh(["hadolint", "--no-color", str(dockerfile)])
    findings = [l for l in out.splitlines() if l.strip()]
    return findings + unexplained_ignores(dockerfile.read_text(), dockerfile.name)


def lint(row, dockerfile):
    """hadolint's findings into the row; any finding fails the case."""
    row.hadolint = hadolint(dockerfile)
    if row.hadolint:
        raise StepFailed("hadolint", f"{len(row.hadolint)} finding(s)", "\n".join(row.hadolint))


def init_and_detect(runner, spec, runtime, work):
    """`dockgen init` for the runtime, then `detect`: returns (the folder
    init ran in, the member's Dockerfile from the root or None, the port)."""
    # A workspace member: init runs in its folder (dockgen walks up to
    # the root), and the build runs from the root as dockgen prints it.
    target = work / spec["app"] if "app" in spec else work
    cmd = [runner.dockgen, "init", "--yes", "--runtime", runtime, *spec.get("flags", []), str(target)]
    rc, out, _ = sh(cmd, timeout=60)
    if rc != 0:
        raise StepFailed("init", f"dockgen init failed (exit {rc})", out)
    dockerfile = workspace_build(runner, spec, work, out)
    # stdout only: warnings go to stderr.
    detected = subprocess.run([runner.dockgen, "detect", "--json", "--runtime", runtime,
                               *spec.get("flags", []), str(target)],
                              capture_output=True, text=True, timeout=60)
    if detected.returncode != 0:
        raise StepFailed("detect", "dockgen detect failed", detected.stderr)
    return target, dockerfile, json.loads(detected.stdout)["port"]["value"]


def readme_plan(spec, work, target, dockerfile, port, tag, cname):
    """README.Docker.md's commands, which must build what dockgen says it
    wrote, on its port: returns (the folder dockgen wrote to, the context,
    the -f Dockerfile or None, the build flags, the run argv)."""
    # The build and the hardened run, exactly as README.Docker.md says.
    # A project one folder down (no project at the root): dockgen
    # writes its files there, and that folder is the build context.
    if "written_to" in spec:
        target = base = work / spec["written_to"]
    else:
        base = work
    context, readme_df, build_flags, run_argv, readme_port = readme_commands(target, tag, cname)
    if readme_port != port or context.resolve() != base.resolve() or (readme_df or target / "Dockerfile").resolve() != (dockerfile or base / "Dockerfile").resolve():
        raise StepFailed("readme", f"README.Docker.md builds {readme_df} in {context} on port {readme_port}; "
                         f"dockgen says {dockerfile} in {work} on port {port}")
    return target, context, readme_df, build_flags, run_argv


def readme_commands(target, tag, cname):
    """The build and run commands README.Docker.md gives (its ```sh blocks),
    adapted only where a test must: the e2e tag for the image name, a free
    host port, detached and named. Returns (context, dockerfile, build
    flags, run argv, container port)."""
    readme = target / "README.Docker.md"
    if not readme.exists():
        raise StepFailed("readme", "init wrote no README.Docker.md")
    text = readme.read_text()
    lines = [l for b in re.findall(r"```sh\n(.*?)```", text, re.S) for l in b.splitlines()]
    build = next((shlex.split(l) for l in lines if l.startswith("docker build ")), None)
    run = next((shlex.split(l) for l in lines if l.startswith("docker run ")), None)
    if not build or not run:
        raise StepFailed("readme", "README.Docker.md has no `docker build` or `docker run` command", text[:2000])
    m = re.search(r"runs from the workspace root, `([^`]+)` from here", text)
    context = (target / m.group(1)).resolve() if m else target
    # docker build [flags] -t NAME [-f FILE] .
    args, dockerfile, flags, image = build[2:], None, [], None
    if args[-1] != ".":
        raise StepFailed("readme", f"the build command does not end with the context `.`: {build}")
    i = 0
    while i < len(args) - 1:
        if args[i] == "-t":
            image = args[i + 1]
            i += 2
        elif args[i] == "-f":
            dockerfile = context / args[i + 1]
            i += 2
        else:
            flags.append(args[i])
            i += 1
    if image is None or run[-1] != image:
        raise StepFailed("readme", f"build tags {image!r} but run starts {run[-1]!r}")
    for flag in HARDENED:
        if flag not in run:
            raise StepFailed("readme", f"the run command lacks {flag}: {' '.join(run)}")
    argv = [DOCKER, "run", "-d", "--name", cname]
    port = None
    j = 2
    while j < len(run) - 1:
        a = run[j]
        if a == "--rm":  # the harness removes it itself, after reading its logs
            j += 1
        elif a == "-p":
            host, _, cport = run[j + 1].rpartition(":")
            port = int(cport)
            argv += ["-p", f"{host.rsplit(':', 1)[0]}::{cport}"]
            j += 2
        else:
            argv.append(a)
            j += 1
    return context, dockerfile, flags, argv + [tag], port


def workspace_build(runner, spec, work, init_output):
    """For a workspace member (`app` in e2e.toml): the Dockerfile to build
    from the root, after checking the next steps print that very command.
    None for a plain project (the context's own Dockerfile)."""
    if "app" not in spec:
        return None
    want = f"docker build -f {spec['app']}/Dockerfile "
    if want not in init_output:
        raise StepFailed("init", f"the next steps do not show `{want}...` from the root", init_output)
    ignore = work / spec["app"] / "Dockerfile.dockerignore"
    if not ignore.exists():
        raise StepFailed("init", "no Dockerfile.dockerignore beside the member's Dockerfile")
    if runner.mode == "standin" and not (work / ".dockerignore").exists():
        # standin-build.sh builds a sanitised copy of the Dockerfile from
        # /tmp, where BuildKit cannot find <Dockerfile>.dockerignore: the
        # harness puts the same rules where it looks next.
        shutil.copy(ignore, work / ".dockerignore")
    return work / spec["app"] / "Dockerfile"
