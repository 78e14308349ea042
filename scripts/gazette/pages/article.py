"""Article pages: /tin-tuc/<year>/<slug>/."""
from __future__ import annotations

from collections import defaultdict
from ..model import Article, Corpus, Document
from ..render import Rendered, esc, relative_url
from ..search import folded_field, folded_words, mentioned_terms, search_attributes, search_markers
from ..text import format_date, format_date_with_weekday
from . import Halves, Page
from .common import category_url, document_item, link, tag_url, time_tag


def cited_documents(article: Article, corpus: Corpus) -> list[Document]:
    """Documents named in `documents:` first, in the editor's order, then those only mentioned in the body."""
    seen: dict[str, Document] = {}
    for relation in ("cites", "mentions"):
        for link_ in corpus.outgoing(article.url):
            if link_.relation == relation and link_.target not in seen:
                seen[link_.target] = corpus.by_url[link_.target]
    return list(seen.values())


def category_neighbours(corpus: Corpus) -> dict[str, tuple[Article | None, Article | None]]:
    """url → (newer, older) article of the same category, computed once for the whole corpus."""
    by_category: dict[str, list[Article]] = defaultdict(list)
    for article in corpus.articles:
        by_category[article.category].append(article)
    result = {}
    for items in by_category.values():
        for index, article in enumerate(items):
            newer = items[index - 1] if index > 0 else None
            older = items[index + 1] if index + 1 < len(items) else None
            result[article.url] = (newer, older)
    return result


def render_article_page(article: Article, corpus: Corpus, body: Rendered,
                        neighbours: tuple[Article | None, Article | None], *, navigation: bool = True,
                        halves: Halves | None = None) -> Page:
    """`navigation=False`: without the sections the search index ignores (tags, related documents, previous
    and next), which need the links of the whole corpus: what the search index is made from while the
    other bodies are still being rendered. `halves`: article_halves() of this article, made already then."""
    before, after = halves or article_halves(article, corpus, body)
    content = before + "".join(_navigation(article, corpus, neighbours)) + after if navigation else before + after
    return Page(url=article.url, title=article.title, content=content, template="gazette.html",
                description=article.summary, kind="article", lastmod=article.day.isoformat(),
                meta={"image": article.image, "date": article.date, "draft": article.draft})


def article_halves(article: Article, corpus: Corpus, body: Rendered) -> Halves:
    """The article's content up to where its navigation goes, and after it."""
    url = article.url
    category = corpus.taxonomies.categories.get(article.category, article.category)
    search = search_attributes(article.day.isoformat())
    markers = search_markers({"type": "Tin bài", "date": format_date(article.day)},
                             {"loai": "Tin bài", "chuyen-muc": category, "nam": str(article.year)})
    out = [f'<article class="gz-article" {search}><h1>{esc(article.title)}</h1>',
           f'<p class="gz-meta">{time_tag(article.date, format_date_with_weekday(article.day))}'
           f'{esc(" " + article.date.strftime("%H:%M")) if article.has_time else ""} · '
           f'Chuyên mục: {link(url, category_url(article.category), category)}</p>']
    if article.has_summary:
        out.append(f'<p class="gz-lead">{esc(article.summary)}</p>')
    if article.image:
        out.append(f'<figure class="gz-image"><img src="{esc(relative_url(url, article.image))}" alt="{esc(article.title)}">'
                   f'</figure>')
    out.append(f'<div class="gz-body">{body.html}</div>')
    if article.source:
        out.append(f'<p class="gz-source">Theo tin {esc(article.source)}</p>')
    if article.author:
        out.append(f'<p class="gz-author">Tác giả: {esc(article.author)}</p>')
    after = (folded_field(folded_words([article.title, article.summary if article.has_summary else "", article.body,
                                        category, article.source, article.author]) + mentioned_terms(body.mentions))
             + markers + "</article>")
    return "".join(out), after


def _navigation(article: Article, corpus: Corpus, neighbours: tuple[Article | None, Article | None]) -> list[str]:
    url, out = article.url, []
    if article.tags:
        tags = "".join(f"<li>{link(url, tag_url(t), t)}</li>" for t in article.tags)
        out.append(f'<div class="gz-tags" data-pagefind-ignore><h2 class="gz-tags__title">Từ khóa</h2><ul>{tags}</ul></div>')
    documents = cited_documents(article, corpus)
    if documents:
        items = "".join(document_item(url, d) for d in documents)
        out.append(f'<aside class="gz-related" data-pagefind-ignore aria-labelledby="gz-related-docs">'
                   f'<h2 id="gz-related-docs">Văn bản liên quan</h2><ul>{items}</ul></aside>')
    newer, older = neighbours
    if newer or older:
        out.append('<nav class="gz-prevnext" data-pagefind-ignore aria-label="Tin cùng chuyên mục"><ul>')
        if older:
            out.append(f'<li class="gz-prevnext__prev">Tin trước: {link(url, older.url, older.title)}</li>')
        if newer:
            out.append(f'<li class="gz-prevnext__next">Tin sau: {link(url, newer.url, newer.title)}</li>')
        out.append("</ul></nav>")
    return out


def render_article_pages(corpus: Corpus, bodies: dict[str, Rendered],
                         halves: dict[str, Halves] | None = None) -> list[Page]:
    """`halves`: url → article_halves() already made (while streaming the search index), to reuse."""
    neighbours = category_neighbours(corpus)
    halves = halves or {}
    return [render_article_page(a, corpus, bodies[a.url], neighbours[a.url], halves=halves.get(a.url))
            for a in corpus.articles]
