"""Running Pagefind in the background of a build: pages in, partitioned bundle out (see pagefind_index for
the partitions and the bundle's layout).

Each partition is indexed by a Pagefind process of its own (pagefind_process): its command line, reading
the partition's pages from files, or its service when the pages must be sent as messages (see _write_pages).
"""
from __future__ import annotations

import asyncio
import os
import queue
import re
import shutil
import threading
from pathlib import Path

from .pagefind_index import PARTITION_SIZE, IndexedPage, finish_bundle, plan_partitions
from .pagefind_process import add_pages, close_service, index_folder, launch_service, page_html
from .scratch import make_folder

_END, _CANCEL = object(), object()   # messages to the indexing thread
_PLAIN_URL = re.compile(r"(?:[a-z0-9][a-z0-9_.-]*/)+")   # folder URLs that are the same as a path
_WORKERS = 2                         # Pagefind processes at the end of a build (the machines have 2+ cores)


def _scratch_folder() -> Path:
    """A private temporary folder, in memory where the system has one (/dev/shm)."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        try:
            return make_folder("pagefind-pages", shm)
        except OSError:
            pass
    return make_folder("pagefind-pages")


def _write_pages(folder: Path, pages: list[IndexedPage]) -> bool:
    """Writes a partition's pages as files for Pagefind to read from a folder, which costs it about a quarter
    less CPU than the same pages sent one message each, and lets it parse them on several threads.

    Pagefind numbers pages in the order its directory walk meets them, and that order is the folder
    listing's: the files are created last page first, which a file system that lists a folder newest first
    (tmpfs) turns into the planned order. Returns whether a walk meets them in the planned order (the bundle
    is then byte-identical); if not, nothing is left in `folder` and the caller sends the pages as messages
    (also for URLs Pagefind might spell differently from a path)."""
    if not all(_PLAIN_URL.fullmatch(page.url) for page in pages):
        return False
    try:
        for page in reversed(pages):
            target = folder / page.url / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page_html(page), encoding="utf-8")
        if _walk_order(folder) == [page.url for page in pages]:
            return True
    except OSError:      # a full or small /dev/shm (containers get 64 MB): the pages go as messages
        pass
    shutil.rmtree(folder, ignore_errors=True)
    return False


def _walk_order(folder: Path) -> list[str]:
    """URLs of the index.html files under `folder` as a depth-first walk in listing order finds them (the
    walk Pagefind's glob makes)."""
    found: list[str] = []

    def visit(path: str, prefix: str) -> None:
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    visit(entry.path, f"{prefix}{entry.name}/")
                elif entry.name.endswith(".html"):
                    found.append(prefix if entry.name == "index.html" else f"{prefix}{entry.name}")
    visit(str(folder), "")
    return found


class BackgroundIndex:
    """Builds the partitioned Pagefind bundle in separate processes while the rest of the build goes on.

    Pagefind only reads what is inside `data-pagefind-body`, which depends only on an item and its rendered
    body: pages are handed over (`add`) as soon as each body is rendered, and a partition is indexed once
    all of its pages have arrived, while Python goes on with the next bodies: add() then writes them as
    files that Pagefind's command line indexes (see _write_pages), or, where that cannot keep their order,
    they are sent to its service one message each. Pages are given to Pagefind in the planned order,
    whatever order they arrive in, so the bundle's bytes do not depend on it. One partition at a time is
    indexed while the bodies are rendered; once every page has arrived, two at a time (Pagefind spends
    most of its time compressing its files at the highest level, one file after another). Each partition
    leaves Pagefind's memory once its files are written (its process ends, or the service drops it). The
    bundle is made in a temporary folder and moved into the site at the end (MkDocs empties the site folder
    after this starts).
    """

    def __init__(self, planned: list[IndexedPage], partition_size: int = PARTITION_SIZE):
        """`planned`: every page that will be added (url, kind and date are used; content may be empty)."""
        self._partitions = plan_partitions(planned, partition_size)
        self._where = {page.url: number for number, partition in enumerate(self._partitions)
                       for page in partition.pages}
        self._arrived: dict[int, dict[str, IndexedPage]] = {number: {} for number in range(len(self._partitions))}
        self._problem = ""                # a page outside the plan (reported by finish)
        self._inbox: queue.SimpleQueue = queue.SimpleQueue()
        self._folder = make_folder("pagefind")
        self._scratch_made: Path | None = None   # pages written for Pagefind to read (made when first needed)
        self._indexed: list[str] = []       # partitions whose files Pagefind has read
        self._error: BaseException | None = None
        self._stopping = False            # cancelled or failed: Pagefind processes stop after their partition
        self._thread = threading.Thread(target=self._run, name="pagefind", daemon=True)
        self._thread.start()

    @classmethod
    def of(cls, pages: list[IndexedPage], partition_size: int = PARTITION_SIZE) -> "BackgroundIndex":
        """An index of pages that all exist already."""
        index = cls(pages, partition_size)
        for page in pages:
            index.add(page)
        return index

    @property
    def _scratch(self) -> Path:
        if self._scratch_made is None:
            self._scratch_made = _scratch_folder()
        return self._scratch_made

    def _drop_scratch(self) -> None:
        if self._scratch_made is not None:
            shutil.rmtree(self._scratch_made, ignore_errors=True)

    def add(self, page: IndexedPage) -> None:
        number = self._where.get(page.url)
        arrived = self._arrived.get(number) if number is not None else None
        if arrived is None or page.url in arrived:
            self._problem = self._problem or f"trang /{page.url} không có trong kế hoạch chỉ mục tìm kiếm"
            return
        arrived[page.url] = page
        partition = self._partitions[number]
        if len(arrived) == len(partition.pages):
            del self._arrived[number]
            pages = [arrived[p.url] for p in partition.pages]
            # Files are written here, by the thread that holds the interpreter anyway: the indexing thread
            # would wait for it at every file (Python lets a waiting thread in every 5 ms at best).
            while self._indexed:
                shutil.rmtree(self._scratch / self._indexed.pop(), ignore_errors=True)
            self._inbox.put((number, pages, _write_pages(self._scratch / partition.name, pages)))

    def cancel(self) -> None:
        """Stop Pagefind and drop its files (the build failed)."""
        self._inbox.put(_CANCEL)
        self._thread.join()
        shutil.rmtree(self._folder, ignore_errors=True)
        self._drop_scratch()

    def _run(self) -> None:
        try:
            asyncio.run(self._index())
        except BaseException as exc:   # reported by finish(), in the main thread
            self._error = exc

    async def _complete_partitions(self):
        """Yields (number, pages in planned order, written as files) of each partition once its last page
        has arrived (see add); stops at _CANCEL; fails at _END while pages are missing (finish() sends _END,
        so that a page never handed over makes an error instead of a build waiting forever)."""
        for _ in self._partitions:
            item = self._inbox.get_nowait() if not self._inbox.empty() else await asyncio.to_thread(self._inbox.get)
            if item is _CANCEL:
                self._stopping = True
                return
            if item is _END:
                missing = sorted(p.url for number, arrived in self._arrived.items()
                                 for p in self._partitions[number].pages if p.url not in arrived)
                raise RuntimeError(self._problem or
                                   f"thiếu {len(missing)} trang trong chỉ mục tìm kiếm, ví dụ /{missing[0]}")
            yield item

    async def _index(self) -> None:
        ready: asyncio.Queue = asyncio.Queue()
        all_arrived = asyncio.Event()

        async def produce() -> None:
            try:
                async for item in self._complete_partitions():
                    ready.put_nowait(item)
            except BaseException:
                self._stopping = True
                raise
            finally:
                all_arrived.set()
                for _ in range(_WORKERS):
                    ready.put_nowait(None)

        async def work(number: int) -> None:
            if number > 0:
                await all_arrived.wait()
                if self._stopping or ready.qsize() <= _WORKERS:   # nothing left to share
                    return
            try:
                await self._index_partitions(ready)
            except BaseException:
                self._stopping = True
                raise

        results = await asyncio.gather(produce(), *(work(n) for n in range(_WORKERS)), return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException):
                raise result

    async def _index_partitions(self, ready: asyncio.Queue) -> None:
        service = None          # for partitions sent as messages; started when the first one comes
        try:
            while (item := await ready.get()) is not None and not self._stopping:
                number, pages, written = item
                name = self._partitions[number].name
                if written:
                    await index_folder(self._scratch / name, self._folder / name)
                else:
                    service = service or await launch_service()
                    index = await service.create_index({"output_path": str(self._folder / name)})
                    for start in range(0, len(pages), 256):     # the service answers in batches
                        await add_pages(service, index._index_id, pages[start:start + 256])
                    await index.write_files()
                    await index.delete_index()
                self._indexed.append(name)     # its files are deleted by the next add() or finish()
        finally:
            if service is not None:
                await close_service(service)

    def finish(self, site_dir: Path) -> None:
        """Wait for the index and put it at site/pagefind/ (byte-stable: see canonicalise_pagefind)."""
        self._inbox.put(_END)
        self._thread.join()
        self._drop_scratch()
        try:
            if self._error is None and self._problem:
                self._error = RuntimeError(self._problem)
            if self._error is not None:
                raise RuntimeError(f"Pagefind không tạo được chỉ mục tìm kiếm: {self._error}") from self._error
            finish_bundle(self._folder, self._partitions)
            target = site_dir / "pagefind"
            shutil.rmtree(target, ignore_errors=True)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(self._folder, target)    # a rename when both are on one file system
            target.chmod(0o755)                     # mkdtemp made it private: web servers must read it
        finally:
            shutil.rmtree(self._folder, ignore_errors=True)
