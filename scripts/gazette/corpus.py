"""Stage 3: validated items → a Corpus with resolved references, links both ways and publication rules."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .errors import Problem, errors_only
from .load import LoadResult, load_content
from .model import RELATIONS, Article, Corpus, Document, Link, Reference
from .text import TIMEZONE
from .taxonomies import validate_taxonomies
from .load_parallel import Checked, load_checked, validate_record
from .render import Rendered
from .xref import BodyHandler, MissingMention, link_mentions

if TYPE_CHECKING:
    from .preview_cache import PreviewCache


@dataclass(frozen=True)
class BuildOptions:
    today: date                     # "now" for scheduled publishing and effect status, Asia/Ho_Chi_Minh
    now: datetime | None = None     # publication cut-off for articles with a time; defaults to end of `today`
    preview: bool = False           # `mkdocs serve`: drafts and future items are shown, with a banner


@dataclass
class CorpusResult:
    corpus: Corpus | None
    problems: list[Problem] = field(default_factory=list)
    missing: list[MissingMention] = field(default_factory=list)   # numbers cited in prose with no page
    bodies: dict[str, Rendered] = field(default_factory=dict)      # url → body HTML with document links

    @property
    def errors(self) -> list[Problem]:
        return errors_only(self.problems)


def is_published(item: Article | Document, options: BuildOptions) -> bool:
    if item.draft:
        return False
    if isinstance(item, Article):
        cutoff = options.now or datetime.combine(options.today, datetime.max.time(), TIMEZONE)
        return item.date <= cutoff
    return item.issued <= options.today


def resolve(ref: Reference, by_key: dict[str, list[Document]]) -> tuple[Document | None, str]:
    """The document a reference names, or why it names none or several."""
    candidates = by_key.get(ref.number.key, [])
    if ref.year is not None:
        candidates = [d for d in candidates if d.issued.year == ref.year]
    if len(candidates) == 1:
        return candidates[0], ""
    if not candidates:
        others = by_key.get(ref.number.key, [])
        if others:
            years = ", ".join(f"{ref.number.canonical}@{d.issued.year} ({d.path})" for d in others)
            return None, f"không có văn bản {ref.label}; có: {years}"
        return None, f"không có văn bản {ref.label} trong content/van-ban/"
    listing = "; ".join(f"{ref.number.canonical}@{d.issued.year} ({d.path})" for d in candidates)
    return None, f"{ref.label} khớp nhiều văn bản: {listing}; hãy ghi rõ năm, ví dụ {ref.number.canonical}@{candidates[0].issued.year}"


def build_corpus(loaded: LoadResult, options: BuildOptions) -> CorpusResult:
    """Validated items with resolved front-matter references; no corpus when there are errors."""
    corpus, problems = _assemble(loaded, options)
    return CorpusResult(None if errors_only(problems) else corpus, problems)


def _assemble(loaded: LoadResult, options: BuildOptions,
              checked: list[Checked] | None = None) -> tuple[Corpus, list[Problem]]:
    """`checked`: the records already validated, in order (load_checked), instead of loaded.records."""
    problems = list(loaded.problems)
    taxonomies, tax_problems = validate_taxonomies(loaded.taxonomies)
    problems += tax_problems
    articles: list[Article] = []
    documents: list[Document] = []
    if checked is None:
        checked = [validate_record(record, taxonomies) for record in loaded.records]
    for item, item_problems in checked:
        problems += item_problems
        if item is not None:
            (articles if isinstance(item, Article) else documents).append(item)

    problems += _duplicate_identities(documents)
    by_key: dict[str, list[Document]] = defaultdict(list)
    for document in documents:
        by_key[document.number.key].append(document)

    links: list[Link] = []
    for article in articles:
        for ref in article.documents:
            target, why = resolve(ref, by_key)
            if target is None:
                problems.append(Problem(article.path, ref.line, "documents", why))
            else:
                links.append(Link("cites", article.url, target.url))
    for document in documents:
        for key, refs in document.relations:
            for ref in refs:
                target, why = resolve(ref, by_key)
                if target is None:
                    problems.append(Problem(document.path, ref.line, key, why))
                elif target.url == document.url:
                    problems.append(Problem(document.path, ref.line, key,
                                            f"văn bản không thể {RELATIONS[key][0].lower()} chính nó"))
                else:
                    links.append(Link(key, document.url, target.url))
    problems += _replacement_cycles(links, {d.url: d for d in documents})

    published = [i for i in (*articles, *documents) if options.preview or is_published(i, options)]
    problems += _duplicate_urls(published)
    newest_first = lambda item: (-_timestamp(item), item.url)  # noqa: E731 — stable tie-break on url
    corpus = with_links(Corpus(
        taxonomies=taxonomies,
        articles=tuple(sorted((i for i in published if isinstance(i, Article)), key=newest_first)),
        documents=tuple(sorted((i for i in published if isinstance(i, Document)), key=newest_first)),
        assets=_published_assets(loaded.assets, articles + documents, published), today=options.today,
        by_url={i.url: i for i in published}), links)
    # Built even when there are errors, so one run also reports the cross-reference warnings.
    return corpus, problems


def _published_assets(assets: list[str], items: list, published: list) -> tuple[str, ...]:
    """Files under content/ to copy, minus those of unpublished items: their attachments and image, and
    files next to them named after them (`987-qd-bqlkcn.pdf`, `987-qd-bqlkcn-phu-luc.pdf`): the full text
    of a decision must not go out before the decision."""
    live = {i.url for i in published}
    waiting = [i for i in items if i.url not in live]
    held = {a.file for i in waiting for a in getattr(i, "attachments", ())}
    held |= {i.image for i in waiting if getattr(i, "image", "")}
    prefixes = tuple(f"{i.url.split('/')[0]}/{i.year}/{i.slug}{sep}" for i in waiting for sep in (".", "-"))
    return tuple(a for a in assets if a not in held and not a.startswith(prefixes))


def with_links(corpus: Corpus, links: list[Link]) -> Corpus:
    """The corpus with these links (between published items only), indexed both ways.

    Order is kept as declared (front matter, then body text): an article lists its documents in the
    editor's order. Duplicates are dropped.
    """
    urls = corpus.by_url
    kept = [l for l in dict.fromkeys(links) if l.source in urls and l.target in urls]
    links_from: dict[str, list[Link]] = defaultdict(list)
    links_to: dict[str, list[Link]] = defaultdict(list)
    for link in kept:
        links_from[link.source].append(link)
        links_to[link.target].append(link)
    return replace(corpus, links=tuple(kept), links_from={k: tuple(v) for k, v in links_from.items()},
                   links_to={k: tuple(v) for k, v in links_to.items()})


def load_corpus(content_dir: Path, options: BuildOptions, root: Path | None = None,
                cache: PreviewCache | None = None,
                watch_bodies: Callable[[Corpus], BodyHandler] | None = None) -> CorpusResult:
    """Load, validate, resolve references, then render bodies to find and link document mentions.
    `cache`: what `mkdocs serve` keeps between rebuilds (see preview_cache).
    `watch_bodies`: given the validated corpus (before mention links), returns what to call with each
    rendered body; not called when the front matter already has errors."""
    if cache:
        loaded, checked = load_content(Path(content_dir), root, cache.loader()), None
    else:
        loaded, checked = load_checked(Path(content_dir), root)    # on both cores where it can
    corpus, problems = _assemble(loaded, options, checked)
    on_body = watch_bodies(corpus) if watch_bodies and not errors_only(problems) else None
    links, mention_problems, missing, bodies = link_mentions(
        corpus, memo=cache.bodies(corpus.documents) if cache else None, on_body=on_body)
    problems += mention_problems
    corpus = None if errors_only(problems) else with_links(corpus, [*corpus.links, *links])
    return CorpusResult(corpus, problems, missing, bodies if corpus else {})


def _timestamp(item: Article | Document) -> float:
    if isinstance(item, Article):
        return item.date.timestamp()
    return datetime.combine(item.issued, datetime.min.time(), TIMEZONE).timestamp()


def _duplicate_identities(documents: list[Document]) -> list[Problem]:
    seen: dict[tuple, Document] = {}
    problems = []
    for document in documents:
        first = seen.setdefault(document.identity, document)
        if first is not document:
            problems.append(Problem(document.path, None, "number",
                                    f"văn bản {document.number.canonical} năm {document.issued.year} của cùng cơ quan "
                                    f"đã có ở {first.path}"))
    return problems


def _duplicate_urls(items: list[Article | Document]) -> list[Problem]:
    """Pages and legacy aliases must never write the same output file."""
    owners: dict[str, str] = {}
    problems = []
    for item in items:
        for url in (item.url, *(alias_url(a) for a in item.aliases)):
            if not url:
                continue
            if url in owners and owners[url] != item.path:
                problems.append(Problem(item.path, None, None,
                                        f"địa chỉ /{url} trùng với {owners[url]}: hai tệp không thể tạo cùng một trang"))
            owners.setdefault(url, item.path)
    return problems


def alias_url(alias: str) -> str:
    """`/old/page.html` or `old/page/` → the directory URL a redirect page is written to.

    An alias with a query string (`/index.php?id=12`) cannot be a static file: it gets "" and is served by
    the generated nginx/Apache rules instead.
    """
    if "?" in alias:
        return ""
    path = alias.strip().split("#", 1)[0].strip("/")
    if path.endswith((".html", ".htm", ".php", ".aspx", ".asp")):
        path = path.rsplit(".", 1)[0]
    return f"{path}/" if path else ""


def _replacement_cycles(links: list[Link], documents: dict[str, Document]) -> list[Problem]:
    replaces: dict[str, set[str]] = defaultdict(set)
    for link in links:
        if link.relation == "replaces":
            replaces[link.source].add(link.target)
    problems, reported = [], set()
    for start in sorted(replaces):
        stack, path = [(start, [start])], None
        while stack and path is None:
            node, trail = stack.pop()
            for nxt in sorted(replaces.get(node, ())):
                if nxt == start:
                    path = trail + [start]
                    break
                if nxt not in trail:
                    stack.append((nxt, trail + [nxt]))
        if path and frozenset(path) not in reported:
            reported.add(frozenset(path))
            names = " → ".join(documents[u].number.canonical for u in path)
            problems.append(Problem(documents[start].path, documents[start].relation("replaces")[0].line,
                                    "replaces", f"vòng thay thế không hợp lệ: {names}"))
    return problems


__all__ = ["BuildOptions", "CorpusResult", "build_corpus", "load_corpus", "is_published", "resolve"]
