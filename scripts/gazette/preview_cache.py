"""Work kept between the rebuilds of `mkdocs serve`, so that saving one file does not redo all of it.

An editor's save changes one file; a rebuild still reads every file and renders every body. Kept here:
- each file's load result, keyed by its path, size, inode and times (the file is read again if any of them
  changes);
- each body's rendered HTML and the mentions found in it, keyed by everything the rendering reads (the
  item's URL, path, body, first body line and day). Where a mention points depends on the documents of
  the whole corpus, so these are dropped whenever any document's number, year, date or URL changes;
- the search index of the last rebuild (PreviewSearch).

`mkdocs build` never uses this: a build always starts from the files.
"""
from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path
from typing import Callable

from .errors import Problem
from .load import RawRecord, load_file
from .pagefind_background import BackgroundIndex
from .pagefind_index import IndexedPage
from .render import Rendered
from .scratch import make_folder

LoadResult = tuple[RawRecord | None, list[Problem]]


class PreviewCache:
    def __init__(self) -> None:
        self._files: dict[tuple, LoadResult] = {}
        self._bodies: dict[tuple, Rendered] = {}
        self._documents: tuple = ()
        self.hits = {"files": 0, "bodies": 0}

    def loader(self) -> Callable[[Path, str, str, str], LoadResult]:
        """load_file with memory; the entries of files not asked for in this build are dropped."""
        previous, self._files = self._files, {}

        def load(path: Path, rel: str, kind: str, folder_year: str) -> LoadResult:
            try:
                stat = os.stat(path)
            except OSError:
                return load_file(path, rel, kind, folder_year)
            # the inode and change time too: two saves within the clock's resolution keep size and mtime
            key = (os.path.abspath(path), stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns,
                   rel, kind, folder_year)
            found = previous.get(key)
            if found is None:
                found = load_file(path, rel, kind, folder_year)
            else:
                self.hits["files"] += 1
            self._files[key] = found
            return (found[0], list(found[1]))
        return load

    def bodies(self, documents) -> dict[tuple, Rendered]:
        """The rendered bodies still valid for these documents (the caller adds what it renders)."""
        fingerprint = tuple(sorted((d.number.key, d.number.year, d.issued, d.url) for d in documents))
        if fingerprint != self._documents:
            self._documents, self._bodies = fingerprint, {}
        return self._bodies


class PreviewPages:
    """Pages under `mkdocs serve`, rewritten only when their bytes change.

    Each rebuild of MkDocs empties the site folder, except hidden entries, and a rebuild that deletes and
    writes again a few thousand files spends seconds in the file system. The pages therefore live in a hidden
    folder of the site, reached through one symbolic link per top-level folder (`tin-tuc` → `.gazette-pages/
    tin-tuc`): MkDocs cannot remove a link with rmtree (it ignores the error) and writes its own pages and
    copied files through it. After the build, whatever in the hidden folder this build did not write or keep
    is deleted (sweep). Where links cannot be made (Windows without the right), pages are written the plain way.
    """
    FOLDER = ".gazette-pages"
    _MARK = ".build-start"

    def __init__(self) -> None:
        self._written: dict[Path, int] = {}       # file → hash of the bytes last written there
        self._tops: set[str] = set()
        self._started_ns = 0
        self.enabled = True

    def link(self, site_dir: Path, top_folders: set[str]) -> None:
        """Before MkDocs writes anything: the hidden folder, a link for each top-level folder, and the mark
        of this build's start (a file's time, from the same clock as the files written after it)."""
        if not self.enabled:
            return
        mirror = site_dir / self.FOLDER
        try:
            mirror.mkdir(exist_ok=True)
            mark = mirror / self._MARK
            mark.write_bytes(b"")
            self._started_ns = mark.stat().st_mtime_ns
            for name in sorted(top_folders):
                link, target = site_dir / name, mirror / name
                target.mkdir(parents=True, exist_ok=True)
                if link.is_symlink():
                    continue
                if link.exists():
                    shutil.rmtree(link)
                link.symlink_to(Path(self.FOLDER) / name, target_is_directory=True)
            self._tops = set(top_folders)
        except OSError:
            self.enabled = False
            self._written.clear()
            for name in top_folders:
                if (site_dir / name).is_symlink():
                    (site_dir / name).unlink()

    def write(self, files: dict[Path, bytes]) -> int:
        """Writes the files whose bytes changed; returns how many were written."""
        written = 0
        for path, data in files.items():
            digest = hash(data)
            if self._written.get(path) == digest and path.exists():
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            self._written[path] = digest
            written += 1
        return written

    def sweep(self, site_dir: Path, keep: set[Path], spare: tuple[str, ...] = ("pagefind",)) -> int:
        """Deletes the files under the linked folders that this build neither wrote (older than its start) nor
        kept unchanged (`keep`), and the folders left empty: pages of deleted files, copies of deleted
        attachments. Returns how many files were deleted."""
        if not self.enabled:
            return 0
        mirror, deleted = site_dir / self.FOLDER, 0
        for top in sorted(self._tops - set(spare)):
            for folder, subfolders, names in os.walk(mirror / top, topdown=False):
                for name in names:
                    real = Path(folder) / name
                    seen = site_dir / real.relative_to(mirror)
                    if seen not in keep and real.stat().st_mtime_ns < self._started_ns:
                        real.unlink()
                        self._written.pop(seen, None)
                        deleted += 1
                if folder != str(mirror / top) and not os.listdir(folder):
                    os.rmdir(folder)
        return deleted


class PreviewSearch:
    """The search bundle under `mkdocs serve`: a rebuild puts the last finished bundle into the site at once and
    the new pages are indexed in the background, one index at a time (a save during indexing queues only the
    newest pages), and installed when Pagefind is done. The search page lags an edit by those few seconds; the
    edited page itself does not wait for them.

    With links (PreviewPages), the site's `pagefind` folder is a link to `.gazette-pages/pagefind`, itself a
    link switched atomically to the newest bundle's folder; without them the bundle is copied into the site.
    """

    def __init__(self, warn: Callable[[str], None]) -> None:
        self._warn = warn
        self._lock = threading.Lock()
        self._store = make_folder("preview-search")
        self._bundle: Path | None = None      # a folder holding pagefind/ of the newest finished index
        self._generation = 0
        self._pending: tuple | None = None    # (pages, partition size, site folder, linked) to index next
        self._worker: threading.Thread | None = None
        self._closed = False

    def rebuild(self, pages: list[IndexedPage], partition_size: int, site_dir: Path, linked: bool) -> None:
        with self._lock:
            if not linked:
                self._copy_into(site_dir)
            self._pending = (pages, partition_size, site_dir, linked)
            if self._worker is None and not self._closed:
                self._worker = threading.Thread(target=self._work, name="preview-search", daemon=True)
                self._worker.start()

    def _work(self) -> None:
        while True:
            with self._lock:
                job, self._pending = self._pending, None
                if job is None or self._closed:
                    self._worker = None
                    return
            pages, partition_size, site_dir, linked = job
            self._generation += 1
            staging = self._store / f"g{self._generation}"
            try:
                BackgroundIndex.of(pages, partition_size).finish(staging)
            except Exception as exc:   # reported, never fatal: the preview of pages goes on
                self._warn(f"chỉ mục tìm kiếm của bản xem trước chưa cập nhật được: {exc}")
                shutil.rmtree(staging, ignore_errors=True)
                continue
            with self._lock:
                old, self._bundle = self._bundle, staging
                try:
                    if linked:
                        self._switch(site_dir / PreviewPages.FOLDER / "pagefind", staging / "pagefind")
                    else:
                        self._copy_into(site_dir)
                except OSError as exc:
                    self._warn(f"chỉ mục tìm kiếm của bản xem trước chưa cập nhật được: {exc}")
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)

    @staticmethod
    def _switch(link: Path, target: Path) -> None:
        if link.is_dir() and not link.is_symlink():
            shutil.rmtree(link)            # the empty folder made before the first index was ready
        fresh = link.with_name(link.name + ".new")
        fresh.unlink(missing_ok=True)
        fresh.symlink_to(target, target_is_directory=True)
        os.replace(fresh, link)

    def _copy_into(self, site_dir: Path) -> None:
        if self._bundle is None:
            return
        target = site_dir / "pagefind"
        try:
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(self._bundle / "pagefind", target)
        except OSError:
            pass   # the site folder is being emptied for a rebuild, which copies the bundle again

    def close(self) -> None:
        with self._lock:
            self._closed, worker = True, self._worker
        if worker is not None:
            worker.join(timeout=60)
        shutil.rmtree(self._store, ignore_errors=True)
