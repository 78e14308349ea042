"""The Pagefind search bundle: split into partitions, made byte-stable, described by a manifest (built in the
background by pagefind_background).

Why partitions: Pagefind 1.5 scores a query by scanning, for every matching page, the list of every
(word, page) entry of the query's words, so a query whose words occur on nearly every page costs
pages² (7–14 s in a browser at 12,000 pages for "cải cách hành chính"). Each partition is a complete
Pagefind index of at most PARTITION_SIZE pages of one kind (news or documents), newest first; the search
page searches the newest partitions first and goes further back only when it needs more results, so the
cost of a query is bounded by the partition size, not by the size of the site.

Layout of site/pagefind/:
    gazette-index.json   the manifest: partitions in search order (with their date ranges and years),
                         the filter values and counts of the whole site (for the search form)
    <partition>/         one Pagefind bundle each (pagefind-entry.json, pf_meta, index/, fragment/, filter/);
                         the first one also holds pagefind.js, pagefind-worker.js and the real WebAssembly
                         file; the others hold a 12-byte stand-in (see _WASM_STAND_IN)
"""
from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import cbor2


PARTITION_SIZE = 500
MANIFEST = "gazette-index.json"
KIND_FOLDERS = {"article": "tin-bai", "document": "van-ban"}
_MODULE_FILES = ("pagefind.js", "pagefind-worker.js")
# Pagefind's JS loads the WebAssembly once per index, from the index's folder, but wasm-bindgen's loader
# returns the module it already has (`if (wasm !== undefined) return wasm`) and Pagefind accepts an
# uncompressed file that is just its signature. search.js always starts the first partition first, so
# the other partitions carry this stand-in instead of 68 kB each that the browser would fetch and drop.
_WASM_STAND_IN = b"pagefind_dcd"
_SIGNATURE = b"pagefind_dcd"


@dataclass(frozen=True)
class IndexedPage:
    url: str            # directory URL relative to the site root
    title: str
    content: str        # the page's content HTML (holds data-pagefind-body)
    kind: str           # "article" | "document"
    date: str           # ISO date the page is sorted by


@dataclass(frozen=True)
class Partition:
    name: str                       # folder under site/pagefind/, numbered from the oldest: "tin-bai-1"
    kind: str                       # "article", "document", or "all" (a site small enough for one index)
    round: int                      # search order: round 0 is the newest partition of each kind
    pages: tuple[IndexedPage, ...]

    def summary(self, filters: dict[str, dict[str, int]]) -> dict:
        """What search.js needs to choose partitions: search order, date range, filter values present."""
        return {"path": f"{self.name}/", "kind": self.kind, "round": self.round, "pages": len(self.pages),
                "from": min(page.date for page in self.pages), "to": max(page.date for page in self.pages),
                "values": {name: sorted(values) for name, values in sorted(filters.items())}}


def plan_partitions(pages: list[IndexedPage], size: int = PARTITION_SIZE) -> list[Partition]:
    """Pages of each kind cut into partitions of `size` from the oldest, so that publishing new pages changes
    only the newest partitions (the others keep their names and bytes, and stay in browsers' caches); a
    newest remainder smaller than half a partition joins the one before it. Listed round by round, newest
    first (the newest news partition, the newest documents partition, then the next of each…). A site that
    fits in one partition keeps a single index of both kinds, so that its ranking is Pagefind's own."""
    def newest_first(items) -> tuple[IndexedPage, ...]:
        return tuple(sorted(items, key=lambda p: (p.date, p.url), reverse=True))
    if len(pages) <= size:
        return [Partition("tat-ca-1", "all", 0, newest_first(pages))] if pages else []
    partitions = []
    for kind, folder in KIND_FOLDERS.items():
        oldest = sorted((p for p in pages if p.kind == kind), key=lambda p: (p.date, p.url))
        chunks = [oldest[start:start + size] for start in range(0, len(oldest), size)]
        if len(chunks) > 1 and len(chunks[-1]) < size / 2:
            chunks[-2:] = [chunks[-2] + chunks[-1]]
        for number, chunk in enumerate(chunks):
            partitions.append(Partition(f"{folder}-{number + 1}", kind, len(chunks) - 1 - number, newest_first(chunk)))
    return sorted(partitions, key=lambda p: (p.round, list(KIND_FOLDERS).index(p.kind)))


def _read_pagefind(path: Path):
    raw = gzip.decompress(path.read_bytes())
    return cbor2.loads(raw[len(_SIGNATURE):])


def _write_pagefind(folder: Path, prefix: str, digits: int, suffix: str, value) -> str:
    data = _SIGNATURE + cbor2.dumps(value)
    name = f"{prefix}{hashlib.sha1(data).hexdigest()[:digits]}"
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(data, mtime=0))
    return name


def canonicalise_pagefind(folder: Path) -> dict[str, dict[str, int]]:
    """Make one Pagefind bundle byte-identical across runs; return its filter counts {name: {value: pages}}.

    Pagefind 1.5 writes filter values (and the filter list in its meta file) in hash-map order, which
    changes from run to run, and names files after their content. We sort both and rename the files
    after a hash of the sorted content, updating the references (filter → meta → entry JSON).
    """
    entry_path = folder / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text("utf-8"))
    counts: dict[str, dict[str, int]] = {}
    for language, info in sorted(entry["languages"].items()):
        meta_path = folder / f"pagefind.{info['hash']}.pf_meta"
        meta = _read_pagefind(meta_path)
        renamed = []
        for name, old_hash in sorted(meta[3]):
            filter_path = folder / "filter" / f"{old_hash}.pf_filter"
            value = _read_pagefind(filter_path)
            value[1] = sorted(value[1], key=lambda item: str(item[0]))
            for filter_value, pages in value[1]:
                values = counts.setdefault(name, {})
                values[str(filter_value)] = values.get(str(filter_value), 0) + len(pages)
            filter_path.unlink()
            renamed.append([name, _write_pagefind(folder / "filter", f"{language}_", 7, ".pf_filter", value)])
        meta[3] = renamed
        meta_path.unlink()
        info["hash"] = _write_pagefind(folder, f"pagefind.{language}_", 10, ".pf_meta", meta).removeprefix("pagefind.")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")
    return counts


def _trim_bundle(folder: Path, first: bool) -> None:
    """Keep what search.js uses: the index everywhere, the JS module and WebAssembly in the first bundle
    (Pagefind's UI bundles are not used: search.js talks to its JS API)."""
    for path in folder.iterdir():
        if not path.is_file():
            continue
        if path.name.startswith("wasm.") and not first:
            path.write_bytes(_WASM_STAND_IN)
        elif not (path.name == "pagefind-entry.json" or path.suffix == ".pf_meta" or path.name.startswith("wasm.")
                  or (first and path.name in _MODULE_FILES)):
            path.unlink()


def write_manifest(target: Path, partitions: list[Partition], counts: list[dict[str, dict[str, int]]]) -> None:
    filters: dict[str, dict[str, int]] = {}
    for partition_counts in counts:
        for name, values in partition_counts.items():
            for value, number in values.items():
                filters.setdefault(name, {})[value] = filters.get(name, {}).get(value, 0) + number
    manifest = {"partitions": [p.summary(c) for p, c in zip(partitions, counts)],
                "filters": {name: dict(sorted(values.items())) for name, values in sorted(filters.items())}}
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, separators=(",", ":")), "utf-8")


def finish_bundle(folder: Path, partitions: list[Partition]) -> None:
    """Partitions indexed by Pagefind under `folder` → the bundle of site/pagefind/: each made byte-stable
    and trimmed, and the manifest."""
    counts = []
    for number, partition in enumerate(partitions):
        counts.append(canonicalise_pagefind(folder / partition.name))
        _trim_bundle(folder / partition.name, first=number == 0)
    write_manifest(folder, partitions, counts)
