#!/usr/bin/env python3
"""Build presets/images.toml: which base-image tags were published, and when language versions lose support.

Run by hand (never in CI), after fetching the publishers' repositories as bare git snapshots:

    python3 tools/image-catalog.py MIRROR_DIR > presets/images.toml
    python3 tools/image-catalog.py MIRROR_DIR --out presets/images.toml

MIRROR_DIR holds <owner>+<name>/repo git directories (no work tree) for
docker-library/official-images, GoogleContainerTools/distroless, dotnet/dotnet-docker and
endoflife-date/endoflife.date. Bun's versions come from the npm registry (https://registry.npmjs.org/bun);
pass --bun-json FILE --bun-date YYYY-MM-DD to reuse a saved registry response, so that the same inputs
give a byte-identical file. Python 3 standard library only.
"""
import argparse
import datetime
import json
import os
import re
import subprocess
import sys
import urllib.request

# Docker Hub official images: image name (as written in FROM) -> dotted components of a version line.
OFFICIAL = {
    "node": 1, "python": 2, "golang": 2, "eclipse-temurin": 1, "maven": 2, "gradle": 2, "php": 2,
    "composer": 2, "rust": 2, "nginx": 2, "alpine": 2, "debian": 1,
}
DOTNET_REPOS = ["sdk", "aspnet", "runtime", "runtime-deps"]  # mcr.microsoft.com/dotnet/<repo>
DOTNET_DEPTH = 2
# Single-architecture tags in dotnet-docker's manifest end in one of these; dockgen writes multi-arch
# references only, so they are left out (every other tag, shared or per-platform, is kept).
DOTNET_ARCH_SUFFIX = re.compile(r"-(amd64|arm64v8|arm32v7|arm64|arm32|x64)$")
# Bun's image variants, hard-coded: they are the ones Bun documents and builds from its dockerhub/ folder
# (debian -> "<v>" and "<v>-debian", debian-slim -> "<v>-slim", alpine -> "<v>-alpine",
# distroless -> "<v>-distroless"); the bare variant tags are "latest", "debian", "slim", "alpine",
# "distroless". Published for the major line "1", every minor "1.N" and every full version.
BUN_SUFFIXES = ["", "-alpine", "-debian", "-distroless", "-slim"]
BUN_BARE = ["alpine", "debian", "distroless", "latest", "slim"]
BUN_DEPTH = 2
BUN_NPM = "https://registry.npmjs.org/bun"
# dockgen language id -> endoflife.date product (products/<product>.md).
EOL = [
    ("node", "nodejs"), ("python", "python"), ("go", "go"), ("java", "eclipse-temurin"), ("php", "php"),
    ("rust", "rust"), ("dotnet", "dotnet"), ("bun", "bun"), ("debian", "debian"), ("alpine", "alpine-linux"),
    ("nginx", "nginx"),
]
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
VERSION = re.compile(r"^\d+(\.\d+)*$")


def warn(msg):
    print(msg, file=sys.stderr)


def git(repo, *args):
    r = subprocess.run(["git", "-C", repo, *args], capture_output=True, text=True, errors="replace")
    if r.returncode != 0:
        raise SystemExit(f"git -C {repo} {' '.join(args)} failed: {r.stderr.strip()}")
    return r.stdout


def git_blobs(repo, specs):
    """Contents of many <rev>:<path> objects through one `git cat-file --batch`; None where missing."""
    data = "".join(s + "\n" for s in specs).encode()
    out = subprocess.run(["git", "-C", repo, "cat-file", "--batch"], input=data, capture_output=True,
                         check=True).stdout
    res, pos = [], 0
    for _ in specs:
        nl = out.index(b"\n", pos)
        header = out[pos:nl].decode()
        pos = nl + 1
        if header.endswith(" missing") or header.endswith(" ambiguous"):
            res.append(None)
            continue
        size = int(header.split()[2])
        res.append(out[pos:pos + size].decode("utf-8", "replace"))
        pos += size + 1
    return res


def head_info(repo):
    sha, date = git(repo, "log", "-1", "--format=%H %cs", "HEAD").split()
    return sha, date


def vkey(line):
    return tuple(int(p) for p in line.split(".")) if line else ()


# Tags dockgen never writes, left out to keep the embedded file small (it is
# parsed at every start): Windows images, and dated snapshots such as
# debian's bookworm-20210816 or golang's tip-20240101.
NEVER_WRITTEN = re.compile(r"windowsservercore|nanoserver|(^|\D)\d{8}(\D|$)")


def split_tag(tag, depth):
    """(line, suffix) for a tag, or None when the tag is dropped (patch or pre-release version
    tags, and NEVER_WRITTEN ones)."""
    if NEVER_WRITTEN.search(tag):
        return None
    head, dash, rest = tag.partition("-")
    if VERSION.match(head):
        if head.count(".") + 1 > depth:
            return None
        return head, dash + rest
    if head[:1].isdigit():
        return None
    return "", tag


def group(tags, depth):
    lines = {}
    for t in tags:
        s = split_tag(t, depth)
        if s is not None:
            lines.setdefault(s[0], set()).add(s[1])
    return lines


# ---------------------------------------------------------------- docker-library/official-images
TAG_LINE = re.compile(r"^[+ -](?:Shared)?Tags:\s*(.*)$", re.M)
HEAD_TAG_LINE = re.compile(r"^(?:Shared)?Tags:\s*(.*)$", re.M)


def tag_list(text, rx):
    tags = set()
    for m in rx.finditer(text):
        tags |= {t.strip() for t in m.group(1).split(",") if t.strip()}
    return tags


def official_images(mirror, all_commits):
    repo = os.path.join(mirror, "docker-library+official-images", "repo")
    sha, date = head_info(repo)
    images = {}
    # Images are built from the master branch only, so by default read the file's history along master
    # (--first-parent, merges shown against master's previous state): a tag that lived only in a commit of
    # a pull request branch and was gone before the merge was never built. --all-commits reads every commit.
    walk = [] if all_commits else ["--first-parent", "-m"]
    for name, depth in OFFICIAL.items():
        log = git(repo, "log", *walk, "-p", "--format=", "--", f"library/{name}")
        every = tag_list(log, TAG_LINE)
        if not every:
            warn(f"official-images: library/{name} has no Tags: lines in its history; left out")
            continue
        r = subprocess.run(["git", "-C", repo, "show", f"HEAD:library/{name}"], capture_output=True, text=True)
        current = tag_list(r.stdout, HEAD_TAG_LINE) if r.returncode == 0 else set()
        images[name] = (depth, group(every, depth), group(current, depth))
    src = {"name": "docker-library/official-images", "commit": sha, "date": date,
           "what": "every tag in the whole history of library/<name> (Tags: and SharedTags: lines)"
                   + (", every commit" if all_commits else ", along the master branch")}
    return src, images


# ---------------------------------------------------------------- GoogleContainerTools/distroless
DISTROLESS_NAME = re.compile(r"gcr\.io/distroless/[a-z0-9][a-z0-9._/-]*")


def distroless(mirror):
    repo = os.path.join(mirror, "GoogleContainerTools+distroless", "repo")
    sha, date = head_info(repo)
    clean = lambda names: {n.rstrip("./-") for n in names}
    every = clean(DISTROLESS_NAME.findall(git(repo, "log", "-p", "--format=", "--", "README.md")))
    readme = git(repo, "show", "HEAD:README.md")
    current = clean(DISTROLESS_NAME.findall(readme))
    # The tags README documents: the "Tags" column of every image row of its tables at HEAD.
    rows = [r for r in readme.splitlines() if re.match(r"^\|\s*gcr\.io/distroless/", r)]
    tagsets = [tuple(t.strip() for t in r.split("|")[2].split(",")) for r in rows]
    if not tagsets:
        raise SystemExit("distroless: no image table in README.md at HEAD")
    if len(set(tagsets)) != 1:
        warn(f"distroless: README rows differ in tags: {sorted(set(tagsets))}; keeping the common ones")
    common = [t for t in tagsets[0] if all(t in s for s in tagsets)]
    src = {"name": "GoogleContainerTools/distroless", "commit": sha, "date": date,
           "what": "every gcr.io/distroless/<name> in the whole history of README.md; tags from its image tables at HEAD"}
    return src, {"tags": common, "names": sorted(every), "current": sorted(current)}


# ---------------------------------------------------------------- dotnet/dotnet-docker
def loose_json(text):
    try:
        return json.loads(text)
    except ValueError:
        return json.loads(re.sub(r",(\s*[}\]])", r"\1", text))  # a few commits have trailing commas


def keys(x):
    return list(x) if isinstance(x, (dict, list)) else []


def dotnet_tags(manifest, versions):
    """repo -> set of tags in one version of manifest.json (variables resolved), and unresolved count."""
    variables = dict(manifest.get("variables") or {})
    if versions:
        variables.update(versions.get("variables") or {})

    def resolve(s, depth=0):
        if depth > 20:
            return s
        return re.sub(r"\$\(([^()]*)\)",
                      lambda m: resolve(str(variables[m.group(1)]), depth + 1) if m.group(1) in variables
                      else m.group(0), s)

    out, unresolved = {}, 0
    for repo in manifest.get("repos") or []:
        name = repo.get("name", "")
        if not name.startswith("dotnet/") or name[len("dotnet/"):] not in DOTNET_REPOS:
            continue
        tags = out.setdefault(name[len("dotnet/"):], set())
        for img in repo.get("images") or []:
            raw = keys(img.get("sharedTags"))
            platforms = img.get("platforms") or []
            for p in (platforms.values() if isinstance(platforms, dict) else platforms):
                raw += [t for t in keys(p.get("tags")) if not DOTNET_ARCH_SUFFIX.search(resolve(t))]
            for t in raw:
                t = resolve(t)
                if "$(" in t:
                    unresolved += 1
                else:
                    tags.add(t)
    return out, unresolved


def dotnet(mirror):
    repo = os.path.join(mirror, "dotnet+dotnet-docker", "repo")
    sha, date = head_info(repo)
    commits = git(repo, "log", "--full-history", "--format=%H", "--", "manifest.json",
                  "manifest.versions.json").split()
    specs = [f"{c}:{p}" for c in commits for p in ("manifest.json", "manifest.versions.json")]
    blobs = git_blobs(repo, specs)
    every, seen, unresolved, bad = {r: set() for r in DOTNET_REPOS}, set(), 0, 0
    head = None
    for i, c in enumerate(commits):
        m, v = blobs[2 * i], blobs[2 * i + 1]
        if m is None or (m, v) in seen:
            continue
        seen.add((m, v))
        try:
            tags, u = dotnet_tags(loose_json(m), loose_json(v) if v else None)
        except ValueError:
            bad += 1
            continue
        unresolved += u
        for r, ts in tags.items():
            every[r] |= ts
    if bad:
        warn(f"dotnet: {bad} versions of manifest.json could not be parsed; skipped")
    if unresolved:
        warn(f"dotnet: {unresolved} tag templates with undefined variables (in transitional commits); skipped")
    m, v = git_blobs(repo, ["HEAD:manifest.json", "HEAD:manifest.versions.json"])
    head, _ = dotnet_tags(loose_json(m), loose_json(v) if v else None)
    images = {}
    for r in DOTNET_REPOS:
        if not every[r]:
            warn(f"dotnet: dotnet/{r} never in manifest.json; left out")
            continue
        images[f"mcr.microsoft.com/dotnet/{r}"] = (DOTNET_DEPTH, group(every[r], DOTNET_DEPTH),
                                                   group(head.get(r, set()), DOTNET_DEPTH))
    src = {"name": "dotnet/dotnet-docker", "commit": sha, "date": date,
           "what": "every tag of dotnet/{sdk,aspnet,runtime,runtime-deps} in the whole history of manifest.json "
                   "(variables from it and manifest.versions.json); single-architecture tags left out"}
    return src, images


# ---------------------------------------------------------------- endoflife-date/endoflife.date
def scalar(v):
    v = v.strip()
    if v[:1] in "\"'":
        q = v[0]
        return v[1:v.index(q, 1)]
    v = re.sub(r"\s+#.*$", "", v).strip()
    if v in ("true", "True"):
        return True
    if v in ("false", "False"):
        return False
    return v


def releases(md, product):
    """The top-level `releases:` list of a product's YAML front matter, as a list of flat dicts."""
    lines = md.splitlines()
    if not lines or lines[0].strip() != "---":
        raise SystemExit(f"endoflife.date {product}: no front matter")
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    out, inside, item_indent = [], False, None
    for ln in lines[1:end]:
        if not ln.strip() or ln.lstrip().startswith("#"):
            continue
        if not ln[0].isspace():
            inside = ln.startswith("releases:")
            continue
        if not inside:
            continue
        m = re.match(r"^(\s*)-\s+([A-Za-z_]\w*):(.*)$", ln)
        if m and (item_indent is None or len(m.group(1)) == item_indent):
            item_indent = len(m.group(1))
            out.append({m.group(2): scalar(m.group(3))})
            continue
        m = re.match(r"^(\s*)([A-Za-z_]\w*):(.*)$", ln)
        if m and out and len(m.group(1)) == item_indent + 2:
            out[-1][m.group(2)] = scalar(m.group(3)) if m.group(3).strip() else None
        # deeper (nested) lines are not needed
    return out


def endoflife(mirror):
    repo = os.path.join(mirror, "endoflife-date+endoflife.date", "repo")
    sha, date = head_info(repo)
    eol, suites = {}, []
    for lang, product in EOL:
        r = subprocess.run(["git", "-C", repo, "show", f"HEAD:products/{product}.md"], capture_output=True,
                           text=True)
        if r.returncode != 0:
            warn(f"endoflife.date: products/{product}.md missing; [eol.\"{lang}\"] left out")
            continue
        cycles = []
        for rel in releases(r.stdout, product):
            cyc = rel.get("releaseCycle")
            if not isinstance(cyc, str) or not cyc:
                warn(f"endoflife.date {product}: entry without releaseCycle: {rel}")
                continue
            e = {}
            rd = rel.get("releaseDate")
            if isinstance(rd, str) and DATE.match(rd):
                e["released"] = rd
            ev = rel.get("eol")
            if isinstance(ev, str) and DATE.match(ev):
                e["eol"] = ev
            elif ev is True:
                e["ended"] = True
            elif ev not in (False, None):
                warn(f"endoflife.date {product} {cyc}: eol {ev!r} not understood; left out")
            lts = rel.get("lts")
            if isinstance(lts, str) and DATE.match(lts):
                e["lts"] = lts
            if product == "dotnet" and re.match(r"^\d+$", cyc) and int(cyc) >= 5:
                # endoflife.date writes .NET 5 and later as "8" (since 2024); their images' lines are "8.0".
                cyc += ".0"
            cycles.append((cyc, e))
            if product == "debian" and isinstance(rel.get("codename"), str):
                suites.append((rel["codename"].lower(), cyc))
        eol[lang] = (product, cycles)
    suites.sort(key=lambda s: vkey(s[1]) if VERSION.match(s[1]) else (), reverse=True)
    src = {"name": "endoflife-date/endoflife.date", "commit": sha, "date": date,
           "what": "releases: in the front matter of products/<product>.md at HEAD"}
    return src, eol, suites


# ---------------------------------------------------------------- Bun (npm registry)
def bun(json_path, date):
    if json_path:
        doc = json.load(open(json_path))
    else:
        req = urllib.request.Request(BUN_NPM, headers={"Accept": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as resp:
            doc = json.load(resp)
        date = date or datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    if not date:
        raise SystemExit("--bun-json needs --bun-date (the day that response was fetched)")
    stable = sorted((v for v in doc.get("versions", {}) if re.match(r"^1\.\d+\.\d+$", v)), key=vkey)
    if not stable:
        raise SystemExit("npm: no stable 1.x versions of bun")
    lines = {"": set(BUN_BARE), "1": set(BUN_SUFFIXES)}
    for v in stable:
        lines[v.rsplit(".", 1)[0]] = set(BUN_SUFFIXES)
    latest = (doc.get("dist-tags") or {}).get("latest", stable[-1])
    current = {k: lines[k] for k in ("", "1", latest.rsplit(".", 1)[0]) if k in lines}
    src = {"name": "npm registry: bun", "date": date,
           "what": f"stable versions of the bun package at {BUN_NPM} ({len(stable)}: {stable[0]} .. {stable[-1]});"
                   f" oven/bun tags <v>, <v>-slim, <v>-alpine, <v>-distroless, <v>-debian, as Bun documents them"}
    return src, {"oven/bun": (BUN_DEPTH, lines, current)}


# ---------------------------------------------------------------- output
def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def arr(items):
    return "[" + ", ".join(q(i) for i in items) + "]"


def line_order(lines):
    return sorted((k for k in lines if k), key=vkey, reverse=True) + ([""] if "" in lines else [])


def render(sources, suites, images, dl, eol):
    out = [
        "# Which base images were published, and when each language version's support ends.",
        "# Generated by tools/image-catalog.py from the publishers' own data; do not edit by hand.",
        f"snapshot = {q(min(s['date'] for s in sources))}   # the oldest date among the sources below",
        "",
    ]
    for s in sources:
        out.append("[[sources]]")
        for k in ("name", "commit", "date", "what"):
            if k in s:
                out.append(f"{k} = {q(s[k])}")
        out.append("")
    out += ["[debian]",
            "# Debian releases newest first (endoflife.date products/debian.md): codename and number",
            "suites = [" + ", ".join(f"[{q(c)}, {q(n)}]" for c, n in suites) + "]", ""]
    first = True
    for name, (depth, tags, current) in images.items():
        out.append(f"[images.{q(name)}]")
        if first:
            out.append("# version line -> every tag suffix ever published for it (the tag minus the line;"
                       " \"\" is the bare line tag);")
            out.append("# line \"\" holds the tags with no leading version, whole. [.current]: the same,"
                       " for the tags the publisher still lists.")
        out.append(f"depth = {depth}")
        for table, lines in (("tags", tags), ("current", current)):
            out.append(f"[images.{q(name)}.{table}]")
            for line in line_order(lines):
                out.append(f"{q(line)} = {arr(sorted(lines[line]))}")
        out.append("")
        first = False
    out += ["[distroless]",
            f"tags = {arr(dl['tags'])}   # as the README documents for every image",
            f"names = {arr(dl['names'])}",
            f"current = {arr(dl['current'])}", ""]
    for lang, (product, cycles) in eol.items():
        out.append(f"[eol.{q(lang)}]")
        out.append(f"product = {q(product)}")
        if product == "dotnet":
            out.append('# endoflife.date writes .NET 5 and later as "8"; keyed here as the image line "8.0"')
        for cyc, e in cycles:
            fields = ", ".join(f"{k} = {'true' if v is True else q(v)}" for k, v in e.items())
            out.append(f"{q(cyc)} = {{ {fields} }}" if fields else f"{q(cyc)} = {{}}")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def summary(images, dl, eol):
    for name, (depth, tags, current) in images.items():
        versioned = [k for k in tags if k]
        newest = max(versioned, key=vkey) if versioned else "-"
        n = sum(len(v) for v in tags.values())
        cur = max((k for k in current if k), key=vkey, default="-")
        warn(f"{name:32} {len(tags):4} lines {n:5} tags; newest line {newest} (current: {len(current)} lines,"
             f" newest {cur})")
    warn(f"{'gcr.io/distroless':32} {len(dl['names']):4} names ({len(dl['current'])} current); tags {dl['tags']}")
    for lang, (product, cycles) in eol.items():
        warn(f"eol {lang:28} {len(cycles):4} cycles from {product}; newest {cycles[0][0] if cycles else '-'}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("mirror", help="directory holding <owner>+<name>/repo git snapshots")
    ap.add_argument("--out", help="write here instead of stdout")
    ap.add_argument("--all-commits", action="store_true",
                    help="official-images: read tags from every commit, pull request branches included"
                         " (default: the master branch's history only)")
    ap.add_argument("--bun-json", help="a saved response of " + BUN_NPM + " (default: fetch it)")
    ap.add_argument("--bun-date", help="the day --bun-json was fetched, YYYY-MM-DD (default: today, UTC)")
    a = ap.parse_args()
    if a.bun_date and not DATE.match(a.bun_date):
        ap.error("--bun-date must be YYYY-MM-DD")
    oi_src, images = official_images(a.mirror, a.all_commits)
    dl_src, dl = distroless(a.mirror)
    dn_src, dn_images = dotnet(a.mirror)
    eol_src, eol, suites = endoflife(a.mirror)
    bun_src, bun_images = bun(a.bun_json, a.bun_date)
    images.update(bun_images)
    images.update(dn_images)
    text = render([oi_src, dl_src, dn_src, eol_src, bun_src], suites, images, dl, eol)
    if a.out:
        with open(a.out, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    summary(images, dl, eol)
    warn(f"{len(text.encode())} bytes, {text.count(chr(10))} lines")


if __name__ == "__main__":
    main()
