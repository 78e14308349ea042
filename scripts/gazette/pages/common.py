"""HTML fragments shared by page families. Every front-matter string passes through `esc`."""
from __future__ import annotations

from datetime import date, datetime

from ..model import Article, Corpus, Document
from ..render import esc, relative_url
from ..text import format_date, format_date_padded, format_date_with_weekday, format_iso, slugify


def link(from_url: str, to_url: str, text: str, cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f'<a href="{esc(relative_url(from_url, to_url))}"{attr}>{esc(text)}</a>'


def time_tag(value: date | datetime, text: str | None = None) -> str:
    if isinstance(value, datetime):
        stamp = format_iso(value)
        shown = text or format_date_with_weekday(value.date())
    else:
        stamp = value.isoformat()
        shown = text or format_date(value)
    return f'<time datetime="{stamp}">{esc(shown)}</time>'


def category_url(key: str) -> str:
    return f"chuyen-muc/{key}/"


def tag_url(tag: str) -> str:
    return f"the/{slugify(tag) or 'the'}/"


def document_label(document: Document) -> str:
    return f"{document.type} số {document.number.canonical}"


def document_item(from_url: str, document: Document, extra: str = "") -> str:
    """One line in a list of documents: linked number, date, gist."""
    return (f'<li>{link(from_url, document.url, document_label(document))} '
            f'ngày {esc(format_date_padded(document.issued))}{extra}: {esc(document.title)}</li>')


def article_item(from_url: str, article: Article, corpus: Corpus, lead: bool = False) -> str:
    return ArticleItems(corpus)(from_url, article, lead)


class ArticleItems:
    """article_item for many list pages: what an item shows besides its two links (escaped title, date,
    category name, lead) is made once per article, and each page only adds the links relative to itself
    (the news listings show every article on four to six pages)."""

    def __init__(self, corpus: Corpus):
        self._corpus = corpus
        self._parts: dict[str, tuple[str, str, str, str, str]] = {}

    def __call__(self, from_url: str, article: Article, lead: bool = False) -> str:
        parts = self._parts.get(article.url)
        if parts is None:
            category = self._corpus.taxonomies.categories.get(article.category, article.category)
            parts = self._parts[article.url] = (
                esc(article.title), time_tag(article.date, format_date(article.day)), category_url(article.category),
                esc(category), f'<p class="gz-item__lead">{esc(article.summary)}</p>' if article.summary else "")
        title, when, category_target, category, lead_html = parts
        return (f'<li class="gz-item"><h3 class="gz-item__title"><a href="{esc(relative_url(from_url, article.url))}">'
                f'{title}</a></h3><p class="gz-item__meta">{when} · <a href="{esc(relative_url(from_url, category_target))}">'
                f'{category}</a></p>{lead_html if lead else ""}</li>')
