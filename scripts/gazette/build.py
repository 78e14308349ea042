"""One build of the site, independent of the output layer: load → validate → corpus → pages → extra files.

An output-layer adapter (today MkDocs) asks this object for pages by source URI and calls `write_extras`
after it has written its own files.
"""
from __future__ import annotations

import contextlib
import gc
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Callable

from .corpus import BuildOptions, CorpusResult, is_published, load_corpus
from .errors import WARNING, Problem
from .model import Article, Corpus, Document
from .pages import Halves, Page, Site
from .pages.article import article_halves, render_article_page
from .pages.document import document_halves, render_document_page
from .pages.home import render_home_sections
from .pages.site import build_pages
from .pagefind_index import IndexedPage
from .preview_cache import PreviewCache
from .render import Rendered, esc
from .search import indexed_date
from .text import TIMEZONE, format_date, today as vietnam_today
from .xref import BodyHandler

# Given the pages a search index will hold, where to send each one once it is ready.
SearchFeed = Callable[[list[IndexedPage]], Callable[[IndexedPage], None]]


@dataclass
class SiteBuild:
    content_dir: Path
    options: BuildOptions
    site: Site
    result: CorpusResult
    pages: list[Page] = field(default_factory=list)
    home_html: str = ""
    docs_urls: tuple[str, ...] = ()     # pages the output layer makes from docs/ (for the sitemap)
    _by_src: dict[str, Page] = field(default_factory=dict)

    @property
    def corpus(self) -> Corpus | None:
        return self.result.corpus

    @property
    def errors(self) -> list[Problem]:
        return self.result.errors

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.result.problems if p.severity == WARNING]

    @property
    def assets(self) -> list[str]:
        return list(self.corpus.assets) if self.corpus else []

    def page_for(self, src_uri: str) -> Page | None:
        return self._by_src.get(src_uri)

    def preview_banner(self, page: Page) -> str:
        """In `mkdocs serve`, drafts and scheduled items are shown, marked so nobody mistakes them for live."""
        if not self.options.preview or self.corpus is None:
            return ""
        item = self.corpus.by_url.get(page.url)
        if item is None or is_published(item, BuildOptions(today=self.options.today, now=self.options.now)):
            return ""
        if item.draft:
            return "Bản nháp: trang này không được đăng khi xuất bản."
        day = item.day if isinstance(item, Article) else item.issued
        return f"Hẹn đăng: trang này sẽ xuất hiện từ ngày {esc(format_date(day))}."

    def write_extras(self, site_dir: Path) -> None:
        """Files beyond pages (feeds, redirects, exports, search index) are added by their own modules."""
        from .extras import write_extras
        write_extras(self, site_dir)


def make_site_build(content_dir: Path, root: Path, *, preview: bool = False, today: date | None = None,
                    site_url: str = "", site_name: str = "", home_count: int = 8,
                    cache: PreviewCache | None = None, search: SearchFeed | None = None) -> SiteBuild:
    """`search`: given the pages the search index will hold (url, kind, date), returns where to send each
    one as soon as its body is rendered (see pagefind_background.BackgroundIndex); not called when the content
    has errors in its front matter."""
    # With a fixed day (tests, rebuilding an old state) the cut-off is the end of that day; otherwise now,
    # so an article scheduled for 17:00 does not appear in a morning build.
    now = None if today else datetime.now(TIMEZONE)
    options = BuildOptions(today=today or vietnam_today(), now=now, preview=preview)
    with cyclic_gc_paused():
        return _make(content_dir, root, options, site_url, site_name, home_count, cache, search)


@contextlib.contextmanager
def cyclic_gc_paused():
    """The build allocates millions of small objects and keeps nearly all of them until it ends, and makes
    next to no reference cycles: the cyclic garbage collector would scan them again and again for nothing
    (1.5 s of CPU at 12,000 items; peak memory the same within 10 MB without it). Reference counting still
    frees everything else at once."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def keep_until_exit(*objects: object) -> None:
    """Never free these objects: for a process that ends once its one build is done (`mkdocs build`).

    When Python exits it frees every object one by one (a second for the 5 million objects of a 12,000-item
    build); the system takes the process's memory back at once anyway. A reference cycle that the garbage
    collector never looks at (gc.freeze) keeps them: reference counts never reach zero, and the collection
    Python makes at exit skips frozen objects. Everything tracked at this point is frozen with them."""
    holder: list = list(objects)
    holder.append(holder)
    gc.freeze()


def _make(content_dir: Path, root: Path, options: BuildOptions, site_url: str, site_name: str,
          home_count: int, cache: PreviewCache | None, search: SearchFeed | None) -> SiteBuild:
    halves: dict[str, Halves] = {}     # made for the search index, reused by the whole pages
    result = load_corpus(content_dir, options, root, cache, _search_stream(search, halves) if search else None)
    site = Site(name=site_name, url=site_url if not site_url or site_url.endswith("/") else site_url + "/")
    build = SiteBuild(content_dir=content_dir, options=options, site=site, result=result)
    if result.corpus is not None and not result.errors:
        build.pages = build_pages(result.corpus, result.bodies, halves=halves)
        build._by_src = {p.src_uri: p for p in build.pages}
        build.home_html = render_home_sections(result.corpus, "", home_count)
    return build


def indexed_page(page: Page) -> IndexedPage:
    return IndexedPage(page.url, page.title, page.content, page.kind, indexed_date(page.content))


def _search_stream(search: SearchFeed, halves: dict[str, Halves]) -> Callable[[Corpus], BodyHandler]:
    """The search index receives each article and document as soon as its body is rendered, without the
    sections it ignores (they need every body's links); indexed_page(page) of the finished page indexes
    the same. The content around those sections is kept in `halves` for the finished page."""
    def watch(corpus: Corpus) -> BodyHandler:
        send = search([IndexedPage(a.url, "", "", "article", a.day.isoformat()) for a in corpus.articles]
                      + [IndexedPage(d.url, "", "", "document", d.issued.isoformat()) for d in corpus.documents])

        def on_body(item: Article | Document, body: Rendered) -> None:
            if isinstance(item, Article):
                parts = halves[item.url] = article_halves(item, corpus, body)
                page = render_article_page(item, corpus, body, (None, None), navigation=False, halves=parts)
            else:
                parts = halves[item.url] = document_halves(item, corpus, body)
                page = render_document_page(item, corpus, body, navigation=False, halves=parts)
            send(indexed_page(page))
        return on_body
    return watch


__all__ = ["SiteBuild", "cyclic_gc_paused", "indexed_page", "keep_until_exit", "make_site_build"]
