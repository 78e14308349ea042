"""Search indexing with Pagefind: what each page tells the index, and running the indexer after a build.

Pagefind folds tone marks but not `đ` (it has no Unicode decomposition), and it does not know that
`754/QD-UBND` is `754/QĐ-UBND`. Each indexed page therefore carries a hidden, searchable metadata field
with the folded forms of its words that contain `đ` and of every document number it is about.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import re
import subprocess
import unicodedata
import sys
from pathlib import Path
from typing import Iterable

import cbor2

from .docnum import DocumentNumber
from .render import esc
from .text import fold

FOLDED_FIELD = "khong-dau"
# Words, and number-like tokens kept whole ("754/QĐ-UBND") so that "754/QD-UBND" matches too.
_HAS_D = re.compile("[đĐðÐ]")
_WORD = re.compile(r"\w+(?:[/.&-]+\w+)*", re.UNICODE)


def folded_words(texts: Iterable[str]) -> list[str]:
    """Folded forms of the words that Pagefind cannot fold itself (those with đ/Đ), each once, in order."""
    seen: dict[str, None] = {}
    for text in texts:
        if not text or not _HAS_D.search(text):
            continue
        for token in _WORD.findall(unicodedata.normalize("NFC", text)):
            if "đ" in token or "Đ" in token or "ð" in token or "Ð" in token:
                seen.setdefault(fold(token), None)
                if not token.isalnum():
                    for word in re.findall(r"\w+", token):
                        if "đ" in word or "Đ" in word or "ð" in word or "Ð" in word:
                            seen.setdefault(fold(word), None)
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


def run_pagefind(site_dir: Path) -> subprocess.CompletedProcess:
    """Index the built site into site/pagefind/ with the pagefind binary shipped on PyPI (no Node needed)."""
    return subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", "pagefind",
                           "--silent"], capture_output=True, text=True, timeout=3600)


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
