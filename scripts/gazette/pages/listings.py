"""News listings: all news, year and month archives, categories, tags, with numbered pagination."""
from __future__ import annotations

from collections import defaultdict
from typing import Callable, Sequence, TypeVar

from ..model import Article, Corpus
from ..render import esc, relative_url
from ..text import collation_key, format_month, format_number
from . import Page
from .common import ArticleItems, category_url, link, tag_url

T = TypeVar("T")


def page_url(base: str, number: int) -> str:
    return base if number == 1 else f"{base}trang/{number}/"


def pagination_nav(url: str, base: str, current: int, total: int) -> str:
    """Numbered links with Trang trước / Trang sau; the current page is marked for screen readers."""
    if total <= 1:
        return ""

    def anchor(number: int, inner: str, attrs: str = "") -> str:
        return f'<a href="{esc(relative_url(url, page_url(base, number)))}"{attrs}>{inner}</a>'

    hidden = '<span class="gz-sr-only">Trang </span>'
    prev_attr, next_attr = ' rel="prev"', ' rel="next"'
    items = [f'<li>{anchor(current - 1, "Trang trước", prev_attr)}</li>'] if current > 1 else []
    previous = 0
    for number in sorted({1, total, *range(max(1, current - 2), min(total, current + 2) + 1)}):
        if number - previous > 1:
            items.append('<li class="gz-pager__gap" aria-hidden="true">…</li>')
        attrs = ' aria-current="page"' if number == current else ""
        items.append(f"<li>{anchor(number, hidden + str(number), attrs)}</li>")
        previous = number
    if current < total:
        items.append(f'<li>{anchor(current + 1, "Trang sau", next_attr)}</li>')
    return f'<nav class="gz-pager" aria-label="Phân trang"><ul>{"".join(items)}</ul></nav>'


def paginated(base: str, title: str, items: Sequence[T], per_page: int, render_items: Callable[[str, Sequence[T]], str],
              *, intro: str | Callable[[str], str] = "", kind: str = "listing", description: str = "", lastmod: str = "",
              template: str = "gazette.html", meta: dict | None = None) -> list[Page]:
    """One Page per `per_page` items: `base`, `base/trang/2/`, … (an empty list still gets its first page)."""
    chunks = [items[i:i + per_page] for i in range(0, len(items), per_page)] or [items[:0]]
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        url = page_url(base, number)
        heading = title + (f" — trang {number}" if number > 1 else "")
        intro_html = intro(url) if callable(intro) else intro
        body = (f"<h1>{esc(heading)}</h1>{intro_html}{render_items(url, chunk)}"
                f"{pagination_nav(url, base, number, len(chunks))}")
        pages.append(Page(url=url, title=heading, content=f'<div class="gz-listing">{body}</div>', kind=kind,
                          template=template, description=description or title, lastmod=lastmod,
                          meta=dict(meta or {})))
    return pages


def _article_list(corpus: Corpus) -> Callable[[str, Sequence[Article]], str]:
    item = ArticleItems(corpus)

    def render(url: str, articles: Sequence[Article]) -> str:
        if not articles:
            return "<p>Chưa có tin bài.</p>"
        return f'<ul class="gz-list">{"".join(item(url, a, lead=True) for a in articles)}</ul>'
    return render


def tag_groups(corpus: Corpus) -> dict[str, tuple[str, list[Article]]]:
    """Tag slug → (display name, articles). Spellings that fold to the same slug share one page."""
    groups: dict[str, list[Article]] = defaultdict(list)
    spellings: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for article in corpus.articles:
        # two spellings of one tag on the same article count the article once
        for slug in dict.fromkeys(tag_url(tag) for tag in article.tags):
            groups[slug].append(article)
        for tag in dict.fromkeys(article.tags):
            spellings[tag_url(tag)][tag] += 1
    return {slug: (max(sorted(spellings[slug]), key=lambda s: spellings[slug][s]), items)
            for slug, items in groups.items()}


def feed_link(url: str, feed: str, label: str) -> str:
    return f'<p class="gz-feed">{link(url, feed, label)}</p>'


def render_news_listings(corpus: Corpus, per_page: int = 20) -> list[Page]:
    render = _article_list(corpus)
    newest = corpus.articles[0].day.isoformat() if corpus.articles else ""
    years = sorted({a.year for a in corpus.articles}, reverse=True)   # once, not once per listing page
    pages = paginated("tin-tuc/", "Tin tức", corpus.articles, per_page, render, lastmod=newest,
                      intro=lambda u: _archive_links(u, years) + feed_link(u, "tin-tuc/rss.xml", "Theo dõi tin mới (RSS)"),
                      meta={"feeds": [("tin-tuc/rss.xml", "rss"), ("tin-tuc/atom.xml", "atom")]})
    by_year: dict[int, list[Article]] = defaultdict(list)
    by_month: dict[tuple[int, int], list[Article]] = defaultdict(list)
    by_category: dict[str, list[Article]] = defaultdict(list)
    for article in corpus.articles:
        by_year[article.year].append(article)
        by_month[(article.year, article.day.month)].append(article)
        by_category[article.category].append(article)
    for year, items in sorted(by_year.items()):
        months = sorted({a.day.month for a in items})
        pages += paginated(f"tin-tuc/{year}/", f"Tin tức năm {year}", items, per_page, render,
                           intro=lambda u, y=year, ms=months: _month_links(u, y, ms), lastmod=items[0].day.isoformat())
    for (year, month), items in sorted(by_month.items()):
        pages += paginated(f"tin-tuc/{year}/{month:02d}/", f"Tin tức {format_month(year, month).lower()}", items,
                           per_page, render, lastmod=items[0].day.isoformat())
    categories = corpus.taxonomies.categories
    for key in sorted(categories):
        items = by_category.get(key, [])
        base = category_url(key)
        pages += paginated(base, f"Chuyên mục: {categories[key]}", items, per_page, render,
                           intro=lambda u, b=base, k=key: feed_link(u, f"{b}rss.xml", f"Theo dõi chuyên mục {categories[k]} (RSS)"),
                           lastmod=items[0].day.isoformat() if items else "",
                           meta={"feeds": [(f"{base}rss.xml", "rss")]})
    rows = "".join(f"<li>{link('chuyen-muc/', category_url(k), categories[k])} "
                   f"<span class=\"gz-count\">({format_number(len(by_category.get(k, [])))} tin)</span></li>"
                   for k in sorted(categories, key=lambda k: collation_key(categories[k])))
    pages.append(Page(url="chuyen-muc/", title="Chuyên mục", kind="listing", lastmod=newest,
                      content=f'<div class="gz-listing"><h1>Chuyên mục</h1><ul class="gz-index">{rows}</ul></div>'))
    groups = tag_groups(corpus)
    for slug_url, (name, items) in sorted(groups.items()):
        pages += paginated(slug_url, f"Từ khóa: {name}", items, per_page, render, lastmod=items[0].day.isoformat())
    tag_rows = "".join(f"<li>{link('the/', u, name)} <span class=\"gz-count\">({format_number(len(items))})</span></li>"
                       for u, (name, items) in sorted(groups.items(), key=lambda g: collation_key(g[1][0])))
    pages.append(Page(url="the/", title="Từ khóa", kind="listing", lastmod=newest,
                      content=f'<div class="gz-listing"><h1>Từ khóa</h1><ul class="gz-index gz-index--tags">{tag_rows}</ul></div>'))
    return pages


def _month_links(url: str, year: int, months: list[int]) -> str:
    links = " · ".join(link(url, f"tin-tuc/{year}/{m:02d}/", format_month(year, m)) for m in months)
    return f'<p class="gz-archive">Theo tháng: {links}</p>'


def _archive_links(url: str, years: list[int]) -> str:
    if not years:
        return ""
    links = " · ".join(link(url, f"tin-tuc/{y}/", str(y)) for y in years)
    return (f'<p class="gz-archive">Lưu trữ theo năm: {links} · {link(url, "chuyen-muc/", "Chuyên mục")} · '
            f'{link(url, "the/", "Từ khóa")}</p>')


__all__ = ["render_news_listings", "paginated", "pagination_nav", "page_url", "tag_groups"]
