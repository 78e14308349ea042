"""What the benchmark scripts share: where things are, running a command and measuring it, the generated
corpus, the throw-away projects, and which code is measured (the working tree or a snapshot of a commit).
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
VENV = REPO / ".venv"
VPY = VENV / "bin" / "python"
TODAY = "2026-11-27"            # fixed "today": every generated item (2016–2025) is published, builds repeatable
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
