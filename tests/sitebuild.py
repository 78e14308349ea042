"""Helpers for tests that build real sites with `mkdocs build` (shared by end-to-end and browser tests)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
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
