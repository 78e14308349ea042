"""RSS 2.0 and Atom feeds with absolute URLs, +07:00 dates and escaped Vietnamese text."""
from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime
from typing import Sequence

from .model import Article, Corpus, Document
from .render import esc
from .text import TIMEZONE, format_iso

FEED_SIZE = 30


def _when(item: Article | Document) -> datetime:
    if isinstance(item, Article):
        return item.date
    return datetime.combine(item.issued, datetime.min.time(), TIMEZONE)


def _title(item: Article | Document) -> str:
    return item.title if isinstance(item, Article) else f"{item.type} số {item.number.canonical}: {item.title}"


def _summary(item: Article | Document) -> str:
    return item.summary if isinstance(item, Article) else item.title


def rss_feed(title: str, base_url: str, page_url: str, feed_url: str, description: str,
             items: Sequence[Article | Document], categories: dict[str, str] | None = None) -> str:
    categories = categories or {}
    items = list(items)[:FEED_SIZE]
    updated = format_datetime(_when(items[0])) if items else ""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>',
           f"<title>{esc(title)}</title><link>{esc(base_url + page_url)}</link>",
           f"<description>{esc(description)}</description><language>vi</language>",
           f'<atom:link href="{esc(base_url + feed_url)}" rel="self" type="application/rss+xml"/>']
    if updated:
        out.append(f"<lastBuildDate>{updated}</lastBuildDate>")
    for item in items:
        url = esc(base_url + item.url)
        category = (f"<category>{esc(categories.get(item.category, item.category))}</category>"
                    if isinstance(item, Article) else "")
        out.append(f"<item><title>{esc(_title(item))}</title><link>{url}</link>"
                   f'<guid isPermaLink="true">{url}</guid><pubDate>{format_datetime(_when(item))}</pubDate>'
                   # RSS descriptions are HTML: the plain-text summary is escaped as HTML, then as XML.
                   f"{category}<description>{esc(esc(_summary(item)))}</description></item>")
    out.append("</channel></rss>\n")
    return "\n".join(out)


def atom_feed(title: str, base_url: str, page_url: str, feed_url: str, author: str,
              items: Sequence[Article | Document]) -> str:
    items = list(items)[:FEED_SIZE]
    updated = format_iso(_when(items[0])) if items else "1970-01-01T00:00:00+07:00"
    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">',
           f"<title>{esc(title)}</title><id>{esc(base_url + feed_url)}</id><updated>{updated}</updated>",
           f'<link rel="self" href="{esc(base_url + feed_url)}"/><link rel="alternate" href="{esc(base_url + page_url)}"/>',
           f"<author><name>{esc(author)}</name></author>"]
    for item in items:
        url = esc(base_url + item.url)
        out.append(f"<entry><title>{esc(_title(item))}</title><link rel=\"alternate\" href=\"{url}\"/><id>{url}</id>"
                   f"<published>{format_iso(_when(item))}</published><updated>{format_iso(_when(item))}</updated>"
                   f"<summary>{esc(_summary(item))}</summary></entry>")
    out.append("</feed>\n")
    return "\n".join(out)


def site_feeds(corpus: Corpus, base_url: str, site_name: str) -> dict[str, str]:
    """Output path → feed text for every feed of the site."""
    feeds = {
        "tin-tuc/rss.xml": rss_feed(f"Tin tức — {site_name}", base_url, "tin-tuc/", "tin-tuc/rss.xml",
                                    "Tin tức cải cách hành chính", corpus.articles, dict(corpus.taxonomies.categories)),
        "tin-tuc/atom.xml": atom_feed(f"Tin tức — {site_name}", base_url, "tin-tuc/", "tin-tuc/atom.xml",
                                      site_name, corpus.articles),
        "van-ban/rss.xml": rss_feed(f"Văn bản — {site_name}", base_url, "van-ban/", "van-ban/rss.xml",
                                    "Văn bản mới ban hành", corpus.documents),
    }
    for key, name in sorted(corpus.taxonomies.categories.items()):
        items = [a for a in corpus.articles if a.category == key]
        feeds[f"chuyen-muc/{key}/rss.xml"] = rss_feed(f"{name} — {site_name}", base_url, f"chuyen-muc/{key}/",
                                                      f"chuyen-muc/{key}/rss.xml", f"Tin tức chuyên mục {name}", items,
                                                      dict(corpus.taxonomies.categories))
    return feeds
