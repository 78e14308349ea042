"""All generated pages of a corpus, in a deterministic order."""
from __future__ import annotations

from ..model import Corpus
from ..render import Rendered
from ..xref import link_mentions
from . import Halves, Page
from .article import render_article_pages
from .document import render_document_pages
from .listings import render_news_listings
from .opendata import render_open_data_page
from .registry import render_registry_pages
from .stats import render_statistics_pages


def build_pages(corpus: Corpus, bodies: dict[str, Rendered] | None = None, per_page: int = 20,
                halves: dict[str, Halves] | None = None) -> list[Page]:
    """`bodies`: url → body HTML with document links, as load_corpus rendered them (rendered here if absent);
    `halves`: url → the content around the navigation of articles and documents, already made for the search
    index (made here if absent)."""
    if bodies is None:
        bodies = link_mentions(corpus)[3]
    pages = render_article_pages(corpus, bodies, halves)
    pages += render_document_pages(corpus, bodies, halves)
    pages += render_news_listings(corpus, per_page)
    pages += render_registry_pages(corpus)
    pages += render_statistics_pages(corpus)
    pages.append(render_open_data_page(corpus))
    return sorted(pages, key=lambda p: p.url)
