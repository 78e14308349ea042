"""All generated pages of a corpus, in a deterministic order."""
from __future__ import annotations

from ..model import Corpus
from ..render import BodyRenderer
from ..xref import mention_finder
from . import Page
from .article import render_article_pages
from .document import render_document_pages


def build_pages(corpus: Corpus, renderer: BodyRenderer | None = None) -> list[Page]:
    renderer = renderer or BodyRenderer()
    finder = mention_finder(corpus)
    pages = render_article_pages(corpus, renderer, finder)
    pages += render_document_pages(corpus, renderer, finder)
    return sorted(pages, key=lambda p: p.url)
