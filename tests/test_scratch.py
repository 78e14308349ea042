"""Temporary folders of killed builds are removed by the next build (gazette.scratch)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from gazette.scratch import QUIET_SECONDS, make_folder, remove_abandoned
from sitebuild import copy_project


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _age(path, seconds):
    old = time.time() - seconds
    os.utime(path, (old, old))


def test_folders_of_builds_that_are_gone_are_removed_once_quiet(tmp_path):
    dead = _dead_pid()
    gone = tmp_path / f"gazette-pagefind-pages-{dead}-ab12cd_3"
    recent = tmp_path / f"gazette-pagefind-{dead}-zz9"          # may still be written from another container
    running = tmp_path / f"gazette-pagefind-{os.getppid()}-x1"  # a live process (our parent)
    mine = make_folder("pagefind", tmp_path)                      # this process's own
    others = [tmp_path / "gazette-pagefind-abcdef12", tmp_path / "khac-12345-x", tmp_path / f"gazette-x-{dead}"]
    for folder in (gone, recent, running, *others):
        folder.mkdir()
        (folder / "tep.html").write_text("x")
    for folder in (gone, running, mine, *others):
        _age(folder, QUIET_SECONDS + 60)
    assert remove_abandoned(tmp_path) == [gone]
    assert not gone.exists()
    assert all(f.exists() for f in (recent, running, mine, *others))
    assert remove_abandoned(tmp_path, now=time.time() + QUIET_SECONDS + 1) == [recent]


def test_made_folders_carry_the_builds_process_id(tmp_path):
    folder = make_folder("preview-search", tmp_path)
    assert folder.parent == tmp_path and folder.name.startswith(f"gazette-preview-search-{os.getpid()}-")
    assert oct(folder.stat().st_mode & 0o777) == "0o700"


def test_a_killed_build_leaves_folders_the_next_build_removes(tmp_path):
    project = copy_project(tmp_path / "project")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GAZETTE_TODAY": "2026-11-27", "TMPDIR": str(scratch)}
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(tmp_path / "site")]
    build = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while not list(scratch.glob(f"gazette-pagefind-{build.pid}-*")) and time.time() < deadline:
        time.sleep(0.02)
    os.kill(build.pid, signal.SIGKILL)                           # as a cancelled job or the OOM killer does
    build.wait()
    left = list(scratch.glob(f"gazette-*-{build.pid}-*"))
    assert left                                                   # nothing could clean up
    for folder in left:
        _age(folder, QUIET_SECONDS + 60)
    finished = subprocess.run(command, env=env, capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    assert not any(folder.exists() for folder in left)
    assert not list(scratch.iterdir())                            # and the finished build left nothing either
