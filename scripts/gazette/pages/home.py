"""The home page's generated part: latest news and latest documents under the hand-written intro."""
from __future__ import annotations

from ..model import Corpus
from .common import article_item, document_item, link


def render_home_sections(corpus: Corpus, url: str = "", count: int = 8) -> str:
    articles = "".join(article_item(url, a, corpus, lead=True) for a in corpus.articles[:count])
    documents = "".join(document_item(url, d) for d in corpus.documents[:count])
    return (f'<section class="gz-home-news" aria-labelledby="gz-home-news"><h2 id="gz-home-news">Tin mới</h2>'
            f'<ul class="gz-list">{articles}</ul><p>{link(url, "tin-tuc/", "Xem tất cả tin tức")}</p></section>'
            f'<section class="gz-home-docs" aria-labelledby="gz-home-docs"><h2 id="gz-home-docs">Văn bản mới</h2>'
            f'<ul class="gz-doclist">{documents}</ul><p>{link(url, "van-ban/", "Xem tất cả văn bản")}</p></section>')
