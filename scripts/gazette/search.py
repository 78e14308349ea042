"""Search indexing with Pagefind: what each page tells the index, and running the indexer after a build.

Pagefind folds tone marks but not `đ` (it has no Unicode decomposition), and it does not know that
`754/QD-UBND` is `754/QĐ-UBND`. Each indexed page therefore carries a hidden, searchable metadata field
with the folded forms of its words that contain `đ` and of every document number it is about.
"""
from __future__ import annotations

import asyncio
import base64
import gzip
import hashlib
import json
import re
import shutil
import tempfile
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import cbor2

from .docnum import DocumentNumber
from .render import esc
from .text import fold

FOLDED_FIELD = "khong-dau"
# Words, and number-like tokens kept whole ("754/QĐ-UBND") so that "754/QD-UBND" matches too.
_HAS_D = re.compile("[đĐðÐ]")
_fold_word = lru_cache(maxsize=200_000)(fold)   # a site's vocabulary is small; its words repeat
_WORD = re.compile(r"\w+(?:[/.&-]+\w+)*", re.UNICODE)


def folded_words(texts: Iterable[str]) -> list[str]:
    """Folded forms of the words that Pagefind cannot fold itself (those with đ/Đ), each once, in order."""
    seen: dict[str, None] = {}
    for text in texts:
        if not text or not _HAS_D.search(text):
            continue
        for token in _WORD.findall(unicodedata.normalize("NFC", text)):
            if _HAS_D.search(token):
                seen.setdefault(_fold_word(token), None)
                if not token.isalnum():
                    for word in re.findall(r"\w+", token):
                        if _HAS_D.search(word):
                            seen.setdefault(_fold_word(word), None)
    return list(seen)


def number_terms(number: DocumentNumber) -> list[str]:
    """How people type a number: folded whole (`754/qd-ubnd`), as a slug, and code + number (`qd 754`)."""
    terms = [number.key, number.slug.replace("-", " ")]
    if number.type_code:
        terms.append(f"{fold(number.type_code)} {number.number}")
    return terms


def mentioned_terms(mentions) -> list[str]:
    """Every document number cited in the body, in canonical form and folded, however it was written:
    an article that wrote "754/QD-UBND" is found by "754/QĐ-UBND" and the other way round."""
    terms: dict[str, None] = {}
    for mention in mentions:
        terms.setdefault(mention.number.canonical.lower(), None)
        terms.setdefault(mention.number.key, None)
    return list(terms)


def search_attributes(date_iso: str) -> str:
    """Attributes for the element holding a page's indexed content."""
    return f'data-pagefind-body data-pagefind-sort="date:{esc(date_iso)}"'


def search_markers(meta: dict[str, str], filters: dict[str, str | list[str]]) -> str:
    """Hidden metadata and filter markers, one element per value: Pagefind 1.5 reads one key:value per
    attribute (a comma-separated list becomes a single value)."""
    spans = [f'<span data-pagefind-meta="{esc(key)}:{esc(value)}"></span>' for key, value in meta.items() if value]
    for key, value in filters.items():
        for item in ([value] if isinstance(value, str) else value):
            if item:
                spans.append(f'<span data-pagefind-filter="{esc(key)}:{esc(item)}"></span>')
    return f'<div hidden>{"".join(spans)}</div>'


def folded_field(words: Iterable[str]) -> str:
    text = " ".join(words)
    return f'<span hidden data-pagefind-meta="{FOLDED_FIELD}:{esc(text)}"></span>' if text else ""


_SIGNATURE = b"pagefind_dcd"


def _read_pagefind(path: Path):
    raw = gzip.decompress(path.read_bytes())
    return cbor2.loads(raw[len(_SIGNATURE):])


def _write_pagefind(folder: Path, prefix: str, digits: int, suffix: str, value) -> str:
    data = _SIGNATURE + cbor2.dumps(value)
    name = f"{prefix}{hashlib.sha1(data).hexdigest()[:digits]}"
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(data, mtime=0))
    return name


def canonicalise_pagefind(site_dir: Path) -> None:
    """Make Pagefind's output byte-identical across runs.

    Pagefind 1.5 writes filter values (and the filter list in its meta file) in hash-map order, which
    changes from run to run, and names files after their content. We sort both and rename the files
    after a hash of the sorted content, updating the references (filter → meta → entry JSON).
    """
    folder = site_dir / "pagefind"
    entry_path = folder / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text("utf-8"))
    for language, info in sorted(entry["languages"].items()):
        meta_path = folder / f"pagefind.{info['hash']}.pf_meta"
        meta = _read_pagefind(meta_path)
        renamed = []
        for name, old_hash in sorted(meta[3]):
            filter_path = folder / "filter" / f"{old_hash}.pf_filter"
            value = _read_pagefind(filter_path)
            value[1] = sorted(value[1], key=lambda item: str(item[0]))
            filter_path.unlink()
            renamed.append([name, _write_pagefind(folder / "filter", f"{language}_", 7, ".pf_filter", value)])
        meta[3] = renamed
        meta_path.unlink()
        info["hash"] = _write_pagefind(folder, f"pagefind.{language}_", 10, ".pf_meta", meta).removeprefix("pagefind.")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")


async def _read_replies(service) -> None:
    """PagefindService._wait_for_responses without its per-message sleep (same protocol: base64 JSON
    messages separated by commas, each answering one request by message_id)."""
    while True:
        output = await service._backend.stdout.readuntil(b",")
        reply = json.loads(base64.b64decode(output[:-1]))
        if reply is None:
            continue
        payload = reply.get("payload", {})
        message_id = reply.get("message_id")
        if message_id is None and payload.get("original_message"):
            message_id = json.loads(payload["original_message"]).get("message_id")
        future = service._responses.get(message_id)
        if future is None or future.done():
            continue
        if payload.get("type") == "Error":
            future.set_exception(RuntimeError(payload.get("message", "pagefind error")))
        else:
            future.set_result(payload)


class BackgroundIndex:
    """Builds the Pagefind index in a separate process while the rest of the build goes on.

    Pagefind only reads what is inside `data-pagefind-body`, which is the core's page content: it can be
    indexed as soon as the pages exist, on the other core, instead of after the site is written. The
    bundle is written to a temporary folder and moved into the site at the end (MkDocs empties the site
    folder after this starts).
    """

    def __init__(self, pages: list[tuple[str, str, str]]):
        # (url, title, content HTML) of every indexed page
        self._pages = pages
        self._folder = tempfile.mkdtemp(prefix="gazette-pagefind-")
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="pagefind", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            asyncio.run(self._index())
        except BaseException as exc:   # reported by finish(), in the main thread
            self._error = exc

    async def _index(self) -> None:
        from pagefind.index import PagefindIndex
        index = await PagefindIndex(config={"output_path": self._folder})._start()
        # pagefind 1.5.2's reader sleeps 0.1 s before every reply (ten pages a second): read without it.
        index._service._poll_task.cancel()
        index._service._poll_task = asyncio.get_running_loop().create_task(_read_replies(index._service))
        try:
            # The service answers in batches (it polls about every 0.1 s): send many requests at once.
            for start in range(0, len(self._pages), 256):
                await asyncio.gather(*(
                    index.add_html_file(url="/" + url, content=(
                        f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{esc(title)}</title>'
                        f"</head><body>{content}</body></html>"))
                    for url, title, content in self._pages[start:start + 256]))
            await index.write_files()
        finally:
            # PagefindService.close() waits up to 5 s for replies it never gets (pagefind 1.5.2): stop the
            # backend directly once the files are written.
            service = index._service
            service._poll_task.cancel()
            service._backend.terminate()
            await service._backend.wait()

    def finish(self, site_dir: Path) -> None:
        """Wait for the index and put it at site/pagefind/ (byte-stable: see canonicalise_pagefind)."""
        self._thread.join()
        try:
            if self._error is not None:
                raise RuntimeError(f"Pagefind không tạo được chỉ mục tìm kiếm: {self._error}") from self._error
            target = site_dir / "pagefind"
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(self._folder, target)
            canonicalise_pagefind(site_dir)
        finally:
            shutil.rmtree(self._folder, ignore_errors=True)
