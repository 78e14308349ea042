"""Work kept between the rebuilds of `mkdocs serve`, so that saving one file does not redo all of it.

An editor's save changes one file; a rebuild still reads every file and renders every body. Kept here:
- each file's load result, keyed by its path, size and modification time (the file is read again if any
  of them changes);
- each body's rendered HTML and the mentions found in it, keyed by everything the rendering reads (the
  item's URL, path, body, first body line and day). Where a mention points depends on the documents of
  the whole corpus, so these are dropped whenever any document's number, year, date or URL changes;
- the search index of the last rebuild (PreviewSearch).

`mkdocs build` never uses this: a build always starts from the files.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Callable

from .errors import Problem
from .load import RawRecord, load_file
from .pagefind_index import BackgroundIndex, IndexedPage
from .render import Rendered

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
            key = (os.path.abspath(path), stat.st_size, stat.st_mtime_ns, rel, kind, folder_year)
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
    tin-tuc`): MkDocs cannot remove a link with rmtree (it ignores the error) and writes its own pages through
    it. Where links cannot be made (Windows without the right), pages are written the plain way.
    """
    FOLDER = ".gazette-pages"

    def __init__(self) -> None:
        self._written: dict[Path, int] = {}       # file → hash of the bytes last written there
        self.enabled = True

    def link(self, site_dir: Path, top_folders: set[str]) -> None:
        """Before MkDocs writes anything: the hidden folder and a link for each top-level folder."""
        if not self.enabled:
            return
        mirror = site_dir / self.FOLDER
        try:
            for name in sorted(top_folders):
                link, target = site_dir / name, mirror / name
                target.mkdir(parents=True, exist_ok=True)
                if link.is_symlink():
                    continue
                if link.exists():
                    shutil.rmtree(link)
                link.symlink_to(Path(self.FOLDER) / name, target_is_directory=True)
        except OSError:
            self.enabled = False
            self._written.clear()
            for name in top_folders:
                if (site_dir / name).is_symlink():
                    (site_dir / name).unlink()

    def write(self, files: dict[Path, bytes], others: set[Path]) -> int:
        """Writes the files whose bytes changed and deletes those written before that no page wants now
        (`others`: the pages MkDocs wrote itself this time). Returns how many files were written."""
        for path in set(self._written) - set(files):
            if path not in others:
                path.unlink(missing_ok=True)
            del self._written[path]
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


class PreviewSearch:
    """The search bundle under `mkdocs serve`: a rebuild puts the last finished bundle into the site at once and
    indexes the new pages in the background, installing them when Pagefind is done. The search page lags an
    edit by those few seconds; the edited page itself does not wait for them (nor share the CPU with them)."""

    def __init__(self, warn: Callable[[str], None]) -> None:
        self._warn = warn
        self._lock = threading.Lock()
        self._bundle: Path | None = None      # a folder holding pagefind/ of the newest finished index
        self._started = 0                     # generation of the newest index started
        self._installed = 0                   # generation of the bundle in self._bundle

    def rebuild(self, pages: list[IndexedPage], partition_size: int, site_dir: Path) -> None:
        """`site_dir` is where pagefind/ goes: the site folder, or the folder its `pagefind` link points to."""
        with self._lock:
            if not (site_dir / "pagefind").exists():
                self._copy_into(site_dir)
        self._started += 1
        index = BackgroundIndex(pages, partition_size)
        threading.Thread(target=self._install, args=(index, self._started, site_dir), name="preview-search",
                         daemon=True).start()

    def _install(self, index: BackgroundIndex, generation: int, site_dir: Path) -> None:
        staging = Path(tempfile.mkdtemp(prefix="gazette-preview-search-"))
        try:
            index.finish(staging)
        except Exception as exc:   # reported, never fatal: the preview of pages goes on
            self._warn(f"chỉ mục tìm kiếm của bản xem trước chưa cập nhật được: {exc}")
            shutil.rmtree(staging, ignore_errors=True)
            return
        with self._lock:
            if generation < self._installed:
                old = staging                     # a newer index was installed first
            else:
                old, self._bundle, self._installed = self._bundle, staging, generation
                self._copy_into(site_dir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def _copy_into(self, site_dir: Path) -> None:
        if self._bundle is None:
            return
        target, fresh = site_dir / "pagefind", site_dir / ".pagefind-new"
        try:
            shutil.rmtree(fresh, ignore_errors=True)
            shutil.copytree(self._bundle / "pagefind", fresh)
            shutil.rmtree(target, ignore_errors=True)
            fresh.rename(target)
        except OSError:
            pass   # the site folder is being emptied for a rebuild, which copies the bundle again

    def close(self) -> None:
        with self._lock:
            if self._bundle is not None:
                shutil.rmtree(self._bundle, ignore_errors=True)
                self._bundle = None
