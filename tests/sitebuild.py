"""Helpers for tests that build real sites with `mkdocs build` (shared by end-to-end and browser tests)."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXED_TODAY = "2026-11-27"
MKDOCS = [sys.executable, "-m", "mkdocs"]


def copy_project(destination: Path, with_content: bool = True) -> Path:
    """A throw-away copy of the project (config, docs, content) that a test may change freely."""
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", destination / "mkdocs.yml")
    shutil.copytree(REPO / "docs", destination / "docs")
    if with_content:
        shutil.copytree(REPO / "content", destination / "content")
    return destination


def build_site(project: Path, site_dir: Path, *, strict: bool = True, today: str = FIXED_TODAY,
               extra_env: dict | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GAZETTE_TODAY": today, **(extra_env or {})}
    command = [*MKDOCS, "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)]
    if strict:
        command.append("--strict")
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=600)


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    """(status, text) of a GET; HTTP errors are a status, not an exception."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""


def stop(process: subprocess.Popen) -> None:
    """Ends a server started by a test the way an editor does (Ctrl+C, so that it cleans up after itself),
    then terminate, then kill if it does not exit."""
    for end in (lambda: process.send_signal(signal.SIGINT), process.terminate, process.kill):
        end()
        try:
            process.wait(timeout=20)
            return
        except subprocess.TimeoutExpired:
            continue
