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
    category = corpus.taxonomies.categories.get(article.category, article.category)
    parts = [f'<li class="gz-item"><h3 class="gz-item__title">{link(from_url, article.url, article.title)}</h3>',
             f'<p class="gz-item__meta">{time_tag(article.date, format_date(article.day))} · '
             f'{link(from_url, category_url(article.category), category)}</p>']
    if lead and article.summary:
        parts.append(f'<p class="gz-item__lead">{esc(article.summary)}</p>')
    parts.append("</li>")
    return "".join(parts)
