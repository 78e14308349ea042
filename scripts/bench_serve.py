"""Edit-to-refresh under `mkdocs serve` for scripts/benchmark.py: start the preview on a copy of the corpus,
edit one article, time until the served page shows the edit.
"""
from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import bench_common
from bench_common import TODAY, VPY, corpus_for, make_project, set_aside

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
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GAZETTE_TODAY": TODAY, **bench_common.EXTRA_ENV}
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
