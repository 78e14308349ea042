"""All generated pages of a corpus, in a deterministic order."""
from __future__ import annotations

from ..model import Corpus
from ..render import BodyRenderer
from ..xref import mention_finder
from . import Page
from .article import render_article_pages
from .document import render_document_pages
from .listings import render_news_listings
from .opendata import render_open_data_page
from .registry import render_registry_pages
from .stats import render_statistics_pages


def build_pages(corpus: Corpus, renderer: BodyRenderer | None = None, per_page: int = 20) -> list[Page]:
    renderer = renderer or BodyRenderer()
    finder = mention_finder(corpus)
    pages = render_article_pages(corpus, renderer, finder)
    pages += render_document_pages(corpus, renderer, finder)
    pages += render_news_listings(corpus, per_page)
    pages += render_registry_pages(corpus)
    pages += render_statistics_pages(corpus)
    pages.append(render_open_data_page(corpus))
    return sorted(pages, key=lambda p: p.url)
