"""Temporary folders of a build that a killed build does not leave behind for good.

A build stopped by SIGKILL, or by SIGTERM (a cancelled CI job), runs no clean-up: its search bundle in
progress (/tmp) and its pages for Pagefind (/dev/shm, which is memory) stayed until the machine restarted.
Each folder's name carries the process id of the build that made it; every new build removes the folders
of builds that no longer run, once they have not changed for a while (a process id seen from another
container sharing /tmp could look dead: its build still writes into its folders).
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

PREFIX = "gazette-"
QUIET_SECONDS = 600          # a folder left alone this long by a process that is gone is abandoned


def make_folder(kind: str, parent: str | os.PathLike | None = None) -> Path:
    """A new private folder named gazette-<kind>-<pid>-<random> (in the system's temporary folder)."""
    remove_abandoned(parent)
    return Path(tempfile.mkdtemp(prefix=f"{PREFIX}{kind}-{os.getpid()}-", dir=parent))


def remove_abandoned(parent: str | os.PathLike | None = None, now: float | None = None) -> list[Path]:
    """Removes the folders of gazette builds that are no longer running; returns them."""
    folder = Path(parent if parent is not None else tempfile.gettempdir())
    now = time.time() if now is None else now
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        pid = _owner(entry.name)
        if pid is None or pid == os.getpid() or _running(pid):
            continue
        try:
            if not entry.is_dir(follow_symlinks=False) or now - entry.stat(follow_symlinks=False).st_mtime < QUIET_SECONDS:
                continue
        except OSError:
            continue
        shutil.rmtree(entry.path, ignore_errors=True)
        removed.append(Path(entry.path))
    return removed


def _owner(name: str) -> int | None:
    """The process id in gazette-<kind>-<pid>-<random>, or None for any other name."""
    if not name.startswith(PREFIX):
        return None
    parts = name[len(PREFIX):].split("-")
    numbers = [part for part in parts[1:-1] if part.isdigit()]
    return int(numbers[-1]) if numbers else None


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:              # it exists but belongs to someone else
        return True
    return True


__all__ = ["make_folder", "remove_abandoned"]
