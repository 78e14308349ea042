"""Search indexing without a browser: gazette.search's helpers and what the built pages tell Pagefind.

Also home of the index model the browser tests (test_search_browser.py) use as an oracle: for every page
Pagefind indexes, the text inside its `data-pagefind-body` element minus `data-pagefind-ignore` parts, folded
(`gazette.text.fold`) into words. A page can only be a correct search result if it has, for every word of the
query, a word starting with it (the way Pagefind matches), so a result outside `content_matches(query)` was
found through text that is not the page's content (navigation, footer, ignored sections).
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import html5lib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from browser import built_site, page_url  # noqa: F401 - fixtures are registered by importing them
from gazette.docnum import parse_document_number
from gazette.search import (FOLDED_FIELD, folded_field, folded_words, number_terms, search_attributes,
                            search_markers)
from gazette.text import fold

ARTICLE_PATH = re.compile(r"^/tin-tuc/\d{4}/(?!\d+/$)[^/]+/$")   # not the /tin-tuc/2020/04/ month archives
DOCUMENT_PATH = re.compile(r"^/van-ban/\d{4}/[^/]+/$")
SKIPPED_TAGS = {"script", "style", "template", "noscript"}


def is_content_path(path: str) -> bool:
    return bool(ARTICLE_PATH.match(path) or DOCUMENT_PATH.match(path))


# -- the index model -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class IndexedPage:
    url: str
    title: str                 # text of the first <h1> of the indexed element (Pagefind's title)
    text: str                  # all indexed text, hidden elements included (Pagefind does not see CSS)
    visible_text: str          # the same without `hidden` elements: what a reader sees
    folded_field: tuple[str, ...]  # the words of the hidden `khong-dau` field
    words: frozenset[str]      # folded words of `text`

    def has_prefix(self, term: str) -> bool:
        return any(word.startswith(term) for word in self.words)


def _attr(element, name: str) -> str | None:
    return element.get(name)


def _text(element, *, hidden: bool) -> str:
    """Text Pagefind indexes under `element`: no ignored subtree, no script/style; a space at every tag edge."""
    parts: list[str] = []

    def walk(node) -> None:
        if not isinstance(node.tag, str) or node.tag in SKIPPED_TAGS:
            return
        if _attr(node, "data-pagefind-ignore") is not None:
            return
        if not hidden and _attr(node, "hidden") is not None:
            return
        parts.append(node.text or "")
        for child in node:
            walk(child)
            parts.append(" ")
            parts.append(child.tail or "")
        parts.append(" ")

    walk(element)
    return " ".join(" ".join(parts).split())


_EDGE_PUNCTUATION = ".,;:!?()[]{}\"'“”‘’…"


def folded_tokens(text: str) -> list[str]:
    """Whitespace-separated words, folded, without leading/trailing punctuation (`754/qd-ubnd`, `hoa`)."""
    return [t for t in (t.strip(_EDGE_PUNCTUATION) for t in fold(text).split()) if t]


def folded_word_set(text: str) -> frozenset[str]:
    """The words Pagefind can match: whole tokens (`754/qd-ubnd`) and their alphanumeric parts (`qd`)."""
    tokens = folded_tokens(text)
    return frozenset(tokens) | frozenset(re.findall(r"\w+", " ".join(tokens)))


def parse_page(site: Path, path: Path) -> list:
    document = html5lib.parse(path.read_bytes(), treebuilder="etree", namespaceHTMLElements=False,
                              transport_encoding="utf-8")
    return [e for e in document.iter() if isinstance(e.tag, str) and _attr(e, "data-pagefind-body") is not None]


@lru_cache(maxsize=4)
def indexed_pages(site: Path) -> dict[str, IndexedPage]:
    """URL path → IndexedPage for every page of the build that Pagefind indexes."""
    pages = {}
    for path in sorted(site.rglob("*.html")):
        if "pagefind" in path.relative_to(site).parts:
            continue
        bodies = parse_page(site, path)
        if not bodies:
            continue
        assert len(bodies) == 1, f"{path}: {len(bodies)} elements with data-pagefind-body"
        body = bodies[0]
        heading = next((e for e in body.iter() if e.tag == "h1"), None)
        field = next((_attr(e, "data-pagefind-meta") for e in body.iter() if isinstance(e.tag, str)
                      and (_attr(e, "data-pagefind-meta") or "").startswith(FOLDED_FIELD + ":")), None)
        text = _text(body, hidden=True)
        pages[page_url(site, path)] = IndexedPage(
            url=page_url(site, path),
            title=" ".join("".join(heading.itertext()).split()) if heading is not None else "",
            text=text,
            visible_text=_text(body, hidden=False),
            folded_field=tuple(field.split(":", 1)[1].split()) if field is not None else (),
            # the hidden field is searchable metadata: its words are part of what a query can match
            words=folded_word_set(text) | set(field.split(":", 1)[1].split() if field is not None else ()),
        )
    return pages


def query_terms(query: str) -> list[str]:
    return folded_tokens(unicodedata.normalize("NFC", query))


def content_matches(site: Path, query: str) -> set[str]:
    """Pages whose indexed content can match every word of `query`, the way Pagefind matches words.

    A query word (whitespace-separated: `754/QĐ-UBND` is one) matches the words that start with it; a query
    word that starts no indexed word is cut back to its longest prefix that is an indexed word (Pagefind's
    fallback: `chieuxyz` finds `chỉ`, `6/QĐ-TTg` finds `6`), and to nothing (no result) if there is none.
    Folding `đ` here is more permissive than Pagefind, so the set is a superset of the correct results: a
    result outside it was found through something other than the page's content.
    """
    pages = indexed_pages(site)
    every_word = frozenset().union(*(p.words for p in pages.values()))
    terms = []
    for term in query_terms(query):
        if not any(w.startswith(term) for w in every_word):
            while term and term not in every_word:
                term = term[:-1]
        if not term:
            return set()
        terms.append(term)
    return {url for url, page in pages.items() if all(page.has_prefix(t) for t in terms)}


# -- gazette.search helpers ------------------------------------------------------------------------------------

@pytest.mark.parametrize("texts, expected", [
    (["Quyết định số 754/QĐ-UBND"], ["dinh", "754/qd-ubnd", "qd"]),   # the number whole, then its đ part
    (["Cải cách hành chính"], []),                                     # Pagefind folds tone marks itself
    (["Đơn giản hóa", "đơn vị, ĐƠN GIẢN"], ["don"]),                    # each folded word once, any case
    (["ĐẦU TƯ"], ["dau"]),
    (["30/2020/NĐ-CP"], ["30/2020/nd-cp", "nd"]),
    (["2231/SNV-CCHC&PC"], []),                                       # no đ: Pagefind finds it as written
    (["Ðiều ðó"], ["dieu", "do"]),                                    # Icelandic eth typed for đ
    (["đoá", "đóa"], ["doa"]),                                        # old and new tone placement fold alike
    (["", "  "], []),
])
def test_folded_words(texts, expected):
    assert folded_words(texts) == expected


def _folded_words_one_token_at_a_time(texts):
    """The definition: every word of the text (numbers kept whole) with a đ, folded, then its đ parts."""
    seen = {}
    for text in texts:
        for token in re.findall(r"\w+(?:[/.&-]+\w+)*", unicodedata.normalize("NFC", text)):
            for word in [token] + (re.findall(r"\w+", token) if not token.isalnum() else []):
                if re.search("[đĐðÐ]", word):
                    seen.setdefault(fold(word), None)
    return list(seen)


_PIECES = st.sampled_from(list("aăâbcdđĐðeêgiklmnoôơpqrstuưvxy0123456789/.&-_ \n,;:()") +
                          ["đường", "754/QĐ-UBND", "--", "/.", "&&", "qđ", "Đ.", "-đ", "e\u0301", "đ\u0300"])


@settings(max_examples=600, deadline=None)
@given(st.lists(st.lists(_PIECES, max_size=30).map("".join), max_size=3))
def test_folded_words_are_the_words_with_d_however_the_text_is_cut(texts):
    assert folded_words(texts) == _folded_words_one_token_at_a_time(texts)


def test_folded_words_of_long_runs_without_spaces():
    # a scan that went back over the run for every position would not finish here (hostile input)
    texts = ["a" * 300_000 + " đ", "b/" * 100_000 + "đ"]
    assert folded_words(texts) == _folded_words_one_token_at_a_time(texts) == ["d", "b/" * 100_000 + "d"]
    # a run with a đ at every other character, and one that ends in its only đ: each scanned once
    texts = ["ađ" * 150_000, "c" * 300_000 + "đ"]
    assert folded_words(texts) == _folded_words_one_token_at_a_time(texts) == ["ad" * 150_000, "c" * 300_000 + "d"]


@pytest.mark.parametrize("number, expected", [
    ("754/QĐ-UBND", ["754/qd-ubnd", "754 qd ubnd", "qd 754"]),
    ("30/2020/NĐ-CP", ["30/2020/nd-cp", "30 2020 nd cp", "nd 30"]),
    ("15/KH-BQLKCN", ["15/kh-bqlkcn", "15 kh bqlkcn", "kh 15"]),
    ("2231/SNV-CCHC&PC", ["2231/snv-cchc&pc", "2231 snv cchc pc"]),   # no type code: no "code number" form
    ("123/BQLKCN-VP", ["123/bqlkcn-vp", "123 bqlkcn vp"]),
])
def test_number_terms(number, expected):
    assert number_terms(parse_document_number(number)) == expected


def test_search_attributes_and_markers_escape_and_split_values():
    assert search_attributes("2020-03-31") == 'data-pagefind-body data-pagefind-sort="date:2020-03-31"'
    markers = search_markers({"type": "Văn bản", "date": "", "x": 'a"<b'},
                             {"loai": "Văn bản", "nam": ["2020", "", "2021"], "empty": ""})
    assert markers == ('<div hidden><span data-pagefind-meta="type:Văn bản"></span>'
                       '<span data-pagefind-meta="x:a&quot;&lt;b"></span>'
                       '<span data-pagefind-filter="loai:Văn bản"></span>'
                       '<span data-pagefind-filter="nam:2020"></span><span data-pagefind-filter="nam:2021"></span></div>')


def test_folded_field():
    assert folded_field([]) == ""
    # In an attribute, not as text: Pagefind searches metadata, and hidden text would show in excerpts.
    assert folded_field(["dinh", "754/qd-ubnd", "a<b"]) == \
        f'<span hidden data-pagefind-meta="{FOLDED_FIELD}:dinh 754/qd-ubnd a&lt;b"></span>'


# -- the built site --------------------------------------------------------------------------------------------

def test_only_articles_and_documents_are_indexed(built_site):
    pages = indexed_pages(built_site)
    not_content = sorted(url for url in pages if not is_content_path(url))
    assert not not_content, f"pages other than articles and documents carry data-pagefind-body: {not_content}"
    expected = {page_url(built_site, p) for p in built_site.rglob("index.html")
                if is_content_path(page_url(built_site, p))}
    assert set(pages) == expected, "every article and document page is indexed"
    manifest = json.loads((built_site / "pagefind" / "gazette-index.json").read_text("utf-8"))
    counted = 0
    for partition in manifest["partitions"]:
        entry = json.loads((built_site / "pagefind" / partition["path"] / "pagefind-entry.json").read_text("utf-8"))
        assert sum(lang["page_count"] for lang in entry["languages"].values()) == partition["pages"]
        counted += partition["pages"]
    assert counted == len(pages), "Pagefind's index holds exactly the pages that carry data-pagefind-body"
    for folder in [built_site / "pagefind", *(p for p in (built_site / "pagefind").rglob("*") if p.is_dir())]:
        assert folder.stat().st_mode & 0o005 == 0o005, f"{folder} is not readable by the web server's user"


def test_listing_pages_are_not_indexed(built_site):
    for path in ["/", "/tin-tuc/", "/tin-tuc/2020/", "/van-ban/", "/chuyen-muc/", "/chuyen-muc/cai-cach-hanh-chinh/",
                 "/the/", "/tim-kiem/", "/gioi-thieu/", "/lien-he/"]:
        file = built_site / path.strip("/") / "index.html"
        assert file.is_file(), f"{path} is not in the build"
        assert not parse_page(built_site, file), f"{path} is a listing or site page and must not be indexed"


def test_navigation_header_and_footer_are_outside_the_indexed_element(built_site):
    for url, page in indexed_pages(built_site).items():
        file = built_site / url.strip("/") / "index.html"
        body = parse_page(built_site, file)[0]
        tags = {e.tag for e in body.iter() if isinstance(e.tag, str)}
        classes = " ".join(e.get("class", "") for e in body.iter() if isinstance(e.tag, str))
        assert not tags & {"header", "footer", "form"}, f"{url}: header/footer/form inside the indexed element"
        assert "md-nav" not in classes and "md-header" not in classes and "md-footer" not in classes, url
        assert page.title, f"{url}: no <h1> in the indexed element"


def test_secondary_sections_are_ignored(built_site):
    """Tags, related documents, previous/next and 'cited by' lists repeat other pages' titles: not indexed."""
    for url in [ "/tin-tuc/2020/nang-cao-hon-nua-chat-luong-cong-tac-cai-cach-hanh-chinh/", "/van-ban/2020/754-qd-ubnd/"]:
        html = (built_site / url.strip("/") / "index.html").read_text("utf-8")
        for marker in re.findall(r'<(?:aside|nav|section|div)[^>]*class="gz-(?:tags|related|prevnext|relations|citing|citing-docs)"[^>]*>', html):
            assert "data-pagefind-ignore" in marker, f"{url}: {marker}"
    page = indexed_pages(built_site)["/tin-tuc/2020/nang-cao-hon-nua-chat-luong-cong-tac-cai-cach-hanh-chinh/"]
    assert "Văn bản liên quan" not in page.text and "Tin cùng chuyên mục" not in page.text
    document = indexed_pages(built_site)["/van-ban/2020/754-qd-ubnd/"]
    assert "Tin bài liên quan" not in document.text


def test_document_page_search_data(built_site):
    html = (built_site / "van-ban/2020/754-qd-ubnd/index.html").read_text("utf-8")
    assert 'data-pagefind-body data-pagefind-sort="date:2020-03-31"' in html
    assert '<h1 data-pagefind-weight="10">Quyết định số 754/QĐ-UBND</h1>' in html
    for marker in ["type:Văn bản", "date:31/3/2020"]:
        assert f'data-pagefind-meta="{marker}"' in html
    filters = re.findall(r'data-pagefind-filter="([^"]*)"', html)
    assert filters == ["loai:Văn bản", "loai-van-ban:Quyết định", "co-quan:Ủy ban nhân dân tỉnh Bình Thuận",
                       "nam:2020", "tinh-trang:Còn hiệu lực"]
    page = indexed_pages(built_site)["/van-ban/2020/754-qd-ubnd/"]
    assert page.folded_field[:6] == ("754/qd-ubnd", "754", "qd", "ubnd", "qd", "754")
    assert "dinh" in page.folded_field
    assert re.search(rf'<span hidden data-pagefind-meta="{FOLDED_FIELD}:[^"]+"></span>', html)


def test_article_page_search_data(built_site):
    url = "/tin-tuc/2020/nang-cao-hon-nua-chat-luong-cong-tac-cai-cach-hanh-chinh/"
    html = (built_site / url.strip("/") / "index.html").read_text("utf-8")
    assert 'data-pagefind-body data-pagefind-sort="date:2020-04-10"' in html
    assert 'data-pagefind-meta="type:Tin bài"' in html and 'data-pagefind-meta="date:10/4/2020"' in html
    filters = re.findall(r'data-pagefind-filter="([^"]*)"', html)
    assert filters == ["loai:Tin bài", "chuyen-muc:Cải cách hành chính", "nam:2020"]
    page = indexed_pages(built_site)[url]
    assert page.title == "Nâng cao hơn nữa chất lượng công tác cải cách hành chính"
    assert "754/qd-ubnd" in page.folded_field, "the cited number is searchable without đ"


def test_every_indexed_word_with_d_stroke_is_in_the_folded_field(built_site):
    """search.py's contract: the hidden field holds the folded form of every word with đ that Pagefind indexes.

    Pagefind cannot match `dang` to `Đặng`, so a word with đ missing from the field cannot be found typed
    without diacritics. The field is built from the title, summary and body only; the rest of the indexed
    element (category line, the document's metadata table: issuer, signer, fields…) must be covered too.
    """
    missing = {}
    for url, page in indexed_pages(built_site).items():
        field = set(page.folded_field)
        lost = sorted({fold(w) for w in re.findall(r"\w+", page.visible_text) if re.search("[đĐ]", w)} - field)
        if lost:
            missing[url] = lost
    report = "\n".join(f"  {url}: {' '.join(words)}" for url, words in sorted(missing.items()))
    assert not missing, f"words with đ on {len(missing)} pages cannot be found without diacritics:\n{report}"
