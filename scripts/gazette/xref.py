"""Cross-references: document numbers mentioned in bodies, resolved to documents of the corpus."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Iterable

from .docnum import Mention, find_document_numbers
from .errors import WARNING, Problem
from .model import Article, Corpus, Document, Link
from .render import LinkFinder, relative_url


@dataclass(frozen=True)
class MissingMention:
    """A number cited in prose that has no page: editors' to-do list of documents to add."""
    number: str                       # canonical form
    places: tuple[tuple[str, int], ...]  # (path, line)


def index_by_key(documents: Iterable[Document]) -> dict[str, list[Document]]:
    by_key: dict[str, list[Document]] = defaultdict(list)
    for document in documents:
        by_key[document.number.key].append(document)
    for items in by_key.values():
        items.sort(key=lambda d: (d.issued, d.url))
    return by_key


def item_day(item: Article | Document) -> date:
    return item.day if isinstance(item, Article) else item.issued


def resolve_mention(mention: Mention, by_key: dict[str, list[Document]], day: date) -> tuple[Document | None, list[Document]]:
    """(document, candidates): the date written next to the number decides, else the latest issued by `day`.

    Returns (None, candidates) when several remain equally plausible, (None, []) when none exists.
    """
    candidates = by_key.get(mention.number.key, [])
    if mention.number.year is not None:
        candidates = [d for d in candidates if d.issued.year == mention.number.year]
    if len(candidates) <= 1:
        return (candidates[0] if candidates else None), candidates
    if mention.date is not None:
        same_day = [d for d in candidates if d.issued == mention.date]
        if len(same_day) == 1:
            return same_day[0], candidates
    earlier = [d for d in candidates if d.issued <= day]
    if earlier and (len(earlier) == 1 or earlier[-1].issued != earlier[-2].issued):
        return earlier[-1], candidates
    return None, candidates


def collect_mentions(items: Iterable[Article | Document], by_key: dict[str, list[Document]]
                     ) -> tuple[list[Link], list[Problem], list[MissingMention]]:
    """Links for every resolvable mention, warnings for ambiguous ones, and the list of missing documents."""
    links: list[Link] = []
    problems: list[Problem] = []
    missing: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for item in items:
        for mention in find_document_numbers(item.body):
            line = item.body_line + item.body.count("\n", 0, mention.start)
            target, candidates = resolve_mention(mention, by_key, item_day(item))
            if target is not None:
                if target.url != item.url:
                    links.append(Link("mentions", item.url, target.url))
            elif candidates:
                years = ", ".join(f"{d.number.canonical}@{d.issued.year} ({d.path})" for d in candidates)
                problems.append(Problem(item.path, line, "body",
                                        f"không xác định được văn bản {mention.text} là văn bản nào: {years}; "
                                        "hãy ghi ngày ban hành ngay sau số (\"… ngày 31/3/2020\")", WARNING))
            else:
                missing[mention.number.canonical].append((item.path, line))
    report = [MissingMention(number, tuple(places)) for number, places in sorted(missing.items())]
    return links, problems, report


def mention_finder(corpus: Corpus):
    """For each page, a function that finds linkable document numbers in a piece of its body text."""
    by_key = index_by_key(corpus.documents)

    def finder_for(item: Article | Document) -> LinkFinder | None:
        day = item_day(item)

        def find(text: str) -> list[tuple[int, int, str]]:
            spans = []
            for mention in find_document_numbers(text):
                target, _ = resolve_mention(mention, by_key, day)
                if target is not None and target.url != item.url:
                    spans.append((mention.start, mention.end, relative_url(item.url, target.url)))
            return spans
        return find
    return finder_for
