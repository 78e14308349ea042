"""Cross-references: document numbers mentioned in bodies, resolved to documents of the corpus.

Bodies are rendered once here; the same pass finds the mentions, decides their targets, links them in the
HTML and yields the backlinks, so a page's links and its backlinks can never disagree.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterable

from .docnum import Mention
from .errors import WARNING, Problem
from .model import Article, Corpus, Document, Link
from .render import BodyRenderer, Rendered, relative_url

BodyHandler = Callable[["Article | Document", Rendered], None]


@dataclass(frozen=True)
class MissingMention:
    """A number cited in prose that has no page: editors' to-do list of documents to add."""
    number: str                          # canonical form
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


def _line_of(item: Article | Document, text: str, cursor: dict[str, int]) -> int:
    """Line of the next occurrence of a mention's text in the Markdown source (rendering loses positions)."""
    position = item.body.find(text, cursor.get(text, 0))
    if position < 0:
        position = max(item.body.find(text), 0)
    cursor[text] = position + 1
    return item.body_line + item.body.count("\n", 0, position)


def link_mentions(corpus: Corpus, renderer: BodyRenderer | None = None, memo: dict | None = None,
                  on_body: BodyHandler | None = None
                  ) -> tuple[list[Link], list[Problem], list[MissingMention], dict[str, Rendered]]:
    """Render every body; return mention links, ambiguity warnings, missing documents and the HTML.

    `memo` (mkdocs serve) holds bodies rendered by the previous build for the same documents: a body whose
    inputs are unchanged is not rendered again, its mentions are resolved again (links, warnings).
    `on_body` is called with each item and its body as soon as it is rendered (the search index starts
    on them while the other bodies are rendered).
    """
    renderer = renderer or BodyRenderer()
    used: dict[tuple, Rendered] = {}
    by_key = index_by_key(corpus.documents)
    links: list[Link] = []
    problems: list[Problem] = []
    missing: dict[str, list[tuple[str, int]]] = defaultdict(list)
    bodies: dict[str, Rendered] = {}
    for item in (*corpus.articles, *corpus.documents):
        day, cursor = item_day(item), {}

        def resolve(mention: Mention, item=item, day=day, cursor=cursor) -> str | None:
            target, candidates = resolve_mention(mention, by_key, day)
            if target is not None:
                if target.url == item.url:
                    return None
                links.append(Link("mentions", item.url, target.url))
                return relative_url(item.url, target.url)
            line = _line_of(item, mention.text, cursor)
            if candidates:
                years = ", ".join(f"{d.number.canonical}@{d.issued.year} ({d.path})" for d in candidates)
                problems.append(Problem(item.path, line, "body",
                                        f"không xác định được văn bản {mention.text} là văn bản nào: {years}; "
                                        "hãy ghi ngày ban hành ngay sau số (\"… ngày 31/3/2020\")", WARNING))
            else:
                missing[mention.number.canonical].append((item.path, line))
            return None

        key = (item.url, item.path, item.body, item.body_line, day)
        rendered = memo.get(key) if memo is not None else None
        if rendered is None:
            rendered = renderer.render(item.body, resolve)
        else:
            for mention in rendered.mentions:
                resolve(mention)
        used[key] = bodies[item.url] = rendered
        if on_body is not None:
            on_body(item, rendered)
    if memo is not None:
        memo.clear()
        memo.update(used)
    report = [MissingMention(number, tuple(places)) for number, places in sorted(missing.items())]
    return links, problems, report, bodies
