"""Loading and validating content/ on two cores: stages 1 and 2 (load, validate) for every file, with a
forked child taking every other file.

Reading, parsing and checking the files is a per-file affair and takes the first seconds of a big build
(12,000 files: about 5 s) while the second core has nothing to do yet: the search index only starts once
bodies are rendered. The child walks the same folder (os.walk in sorted order, as load_content does), loads
and validates the odd-numbered Markdown files, and sends (number, path, item, problems) back through a
pipe; the parent does the even-numbered ones meanwhile and merges both in walk order. The result is the
same as loading and validating one file after the other; whenever the child cannot deliver (it failed,
was killed, or saw other files than the parent did), the parent does the child's share itself.
"""
from __future__ import annotations

import os
import pickle
import sys
import threading
from pathlib import Path
from typing import Callable

from .errors import Problem
from .load import LoadResult, RawRecord, load_content, load_file
from .model import Article, Document, Taxonomies
from .taxonomies import validate_taxonomies
from .validate import validate_article, validate_document

Checked = tuple[Article | Document | None, list[Problem]]   # one file, loaded and validated
_Done = tuple[int, str, Article | Document | None, list[Problem]]   # (number in walk order, path, …)


def can_fork() -> bool:
    """Fork only where it is safe and cheap: Linux, and no other thread that could hold a lock the child
    needs (`mkdocs build` has none; `mkdocs serve` does, and loads through the preview cache anyway)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1


def validate_record(record: RawRecord, taxonomies: Taxonomies) -> Checked:
    validate = validate_article if record.kind == "article" else validate_document
    return validate(record, taxonomies)


def _check_share(content_dir: Path, root: Path | None,
                 mine: Callable[[int], bool]) -> tuple[LoadResult, list[str], list[_Done]]:
    """load_content, with the Markdown files `mine` picks (by number in walk order) loaded and validated
    apart from the rest of its result, and the others skipped. Returns load_content's result without
    records, the path of every Markdown file met, and what was done with the picked ones."""
    met: list[str] = []
    taken: list[tuple[int, str, RawRecord | None, list[Problem]]] = []

    def load_picked(path: Path, rel: str, kind: str, folder_year: str):
        met.append(rel)
        if mine(len(met) - 1):
            taken.append((len(met) - 1, rel, *load_file(path, rel, kind, folder_year)))
        return None, []
    loaded = load_content(Path(content_dir), root, load_picked)
    taxonomies, _ = validate_taxonomies(loaded.taxonomies)
    done = []
    for number, rel, record, problems in taken:
        item, item_problems = validate_record(record, taxonomies) if record is not None else (None, [])
        done.append((number, rel, item, problems + item_problems))
    return loaded, met, done


def _every(number: int) -> bool:
    return True


def _even(number: int) -> bool:
    return number % 2 == 0


def _odd(number: int) -> bool:
    return number % 2 == 1


def _check_share_in_child(content_dir: Path, root: Path | None) -> list[_Done]:
    return _check_share(content_dir, root, _odd)[2]


def _child(write_end: int, content_dir: Path, root: Path | None) -> None:
    """Runs in the forked child and never returns."""
    code = 1
    try:
        done = _check_share_in_child(content_dir, root)
        with os.fdopen(write_end, "wb") as out:
            pickle.dump(done, out, protocol=pickle.HIGHEST_PROTOCOL)
        code = 0
    except BaseException:      # the parent does this share itself
        pass
    finally:
        os._exit(code)         # no atexit handlers, no flushing of the parent's buffered output


def _receive(read_end: int, pid: int) -> list[_Done] | None:
    with os.fdopen(read_end, "rb") as incoming:
        data = incoming.read()
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        return None
    try:
        return pickle.loads(data)
    except Exception:
        return None


def load_checked(content_dir: Path, root: Path | None = None, fork: bool | None = None) -> tuple[LoadResult, list[Checked]]:
    """Every Markdown file of content/ loaded and validated, in walk order, with its problems (as load_file
    and then validate_article/validate_document make them), and load_content's result without those files
    (the problems of the walk itself, the taxonomies, the assets).
    `fork`: None forks where can_fork() allows; True forks; False does everything in this process."""
    if not (can_fork() if fork is None else fork):
        loaded, _, done = _check_share(content_dir, root, _every)
        return loaded, [(item, problems) for _, _, item, problems in done]
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return load_checked(content_dir, root, fork=False)
    if pid == 0:
        os.close(read_end)
        _child(write_end, content_dir, root)
    os.close(write_end)
    try:
        loaded, met, done = _check_share(content_dir, root, _even)
    except BaseException:
        os.close(read_end)        # the child, writing, gets a broken pipe and ends
        os.waitpid(pid, 0)
        raise
    theirs = _receive(read_end, pid)
    # The child walked on its own: it must have met the same files (one changed on disk in between: the
    # parent loads the odd ones again, from the files as they are now).
    if theirs is None or [rel for _, rel, _, _ in theirs] != met[1::2] \
            or [number for number, _, _, _ in theirs] != list(range(1, len(met), 2)):
        _, _, theirs = _check_share(content_dir, root, _odd)
    merged = sorted(done + theirs, key=lambda entry: entry[0])
    return loaded, [(item, problems) for _, _, item, problems in merged]
