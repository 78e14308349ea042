"""What each page tells the Pagefind index (building the bundle is pagefind_index.py).

Pagefind folds tone marks but not `đ` (it has no Unicode decomposition), and it does not know that
`754/QD-UBND` is `754/QĐ-UBND`. Each indexed page therefore carries a hidden, searchable metadata field
with the folded forms of its words that contain `đ` and of every document number it is about.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable

from .docnum import DocumentNumber
from .render import esc
from .text import fold

FOLDED_FIELD = "khong-dau"
# Words, and number-like tokens kept whole ("754/QĐ-UBND") so that "754/QD-UBND" matches too.
_HAS_D = re.compile("[đĐðÐ]")
_fold_word = lru_cache(maxsize=200_000)(fold)   # a site's vocabulary is small; its words repeat
_WORD = re.compile(r"\w+(?:[/.&-]+\w+)*", re.UNICODE)
_RUN_FROM = re.compile(r"[\w/.&-]*", re.UNICODE)
_RUN_PUNCTUATION = frozenset("_/.&-")   # with isalnum(), the characters of _RUN_FROM (\w is isalnum or "_")


def folded_words(texts: Iterable[str]) -> list[str]:
    """Folded forms of the words that Pagefind cannot fold itself (those with đ/Đ), each once, in order."""
    return list(_folded_words(tuple(texts)))


@lru_cache(maxsize=65_536)   # mkdocs serve renders every page again at each rebuild: unchanged items hit
def _folded_words(texts: tuple[str, ...]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for text in texts:
        if not text or not _HAS_D.search(text):
            continue
        # Words never cross a character outside [\w/.&-]: tokenising only the runs of those characters
        # that hold a đ finds the same words with a đ as tokenising the whole text.
        # Each distinct run once (first occurrences keep their order): the words come out in the same order.
        runs = _runs_with_d(unicodedata.normalize("NFC", text))
        for token in _WORD.findall(" ".join(runs)):
            if _HAS_D.search(token):
                seen.setdefault(_fold_word(token), None)
                if not token.isalnum():
                    for word in re.findall(r"\w+", token):
                        if _HAS_D.search(word):
                            seen.setdefault(_fold_word(word), None)
    return tuple(seen)


def _runs_with_d(text: str) -> dict[str, None]:
    r"""The maximal runs of [\w/.&-] characters that hold a đ, each once, in order of first occurrence.

    Found from the đ outwards: a regular expression for whole runs tries every word of the text (0.3 ms an
    article, seconds at 12,000 items), while đ is rare enough that finding it is nearly free. Each character
    is looked at most twice (the left scan stops at the end of the previous run): linear on any input."""
    runs: dict[str, None] = {}
    end = 0
    for found in _HAS_D.finditer(text):
        position = found.start()
        if position < end:
            continue                      # inside the run found last
        start = position
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] in _RUN_PUNCTUATION):
            start -= 1
        end = _RUN_FROM.match(text, position).end()
        runs.setdefault(text[start:end], None)
    return runs


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


_SORT_DATE = re.compile(r'data-pagefind-body data-pagefind-sort="date:([0-9-]+)"')


def indexed_date(content: str) -> str:
    """The date a page's indexed content is sorted by (from search_attributes), "" if it has none."""
    found = _SORT_DATE.search(content)
    return found.group(1) if found else ""


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
