"""Markdown bodies → HTML (render.BodyRenderer) and automatic links from document numbers (xref.link_mentions)."""
from __future__ import annotations

import re
from datetime import date
from urllib.parse import urljoin

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gazette.pages.site import build_pages
from gazette.render import BodyRenderer, _relative_url_by_parts, esc, heading_slug, relative_url

ARTICLE_URL = "tin-tuc/2020/bai/"
DOC_754 = "../../../van-ban/2020/754-qd-ubnd/"
DOC_12 = "../../../van-ban/2020/12-qd-ubnd/"


def document_fm(number: str, issued: str, type_: str = "Quyết định", issuer: str = "ubnd-tinh", extra: str = "") -> str:
    return (f'number: "{number}"\ntype: "{type_}"\ntitle: "Trích yếu {number}"\nissuer: {issuer}\n'
            f"issued: {issued}\n" + extra)


def article_fm(day: str = "2020-04-10", extra: str = "") -> str:
    return f'title: "Bài viết"\ndate: {day}\ncategory: cai-cach-hanh-chinh\n' + extra


def corpus_site(make_content):
    """754/QĐ-UBND (31/3/2020) and 12/QĐ-UBND (31/1/2020) exist; nothing else does."""
    site = make_content()
    site.document("754-qd-ubnd", document_fm("754/QĐ-UBND", "2020-03-31"))
    site.document("12-qd-ubnd", document_fm("12/QĐ-UBND", "2020-01-31"))
    return site


def body_html(site, url: str = ARTICLE_URL, today: date = date(2026, 1, 1)) -> str:
    result = site.build(today=today)
    assert result.corpus is not None, [p.format() for p in result.problems]
    page = {p.url: p for p in build_pages(result.corpus)}[url]
    match = re.search(r'<(div|section) class="gz-body">(.*?)</\1>', page.content, re.S)
    assert match, page.content
    return match.group(2)


def article_body(make_content, body: str) -> str:
    site = corpus_site(make_content)
    site.article("bai", article_fm(), body=body)
    return body_html(site)


def docrefs(html: str) -> list[tuple[str, str]]:
    """(href, visible text) of every automatic document link."""
    return re.findall(r'<a class="gz-docref" href="([^"]*)">([^<]*)</a>', html)


# --- the renderer with a stand-in resolver ---------------------------------------------------------

def finder_for(word: str, href: str = "dich/"):
    """A stand-in resolver: every mention written exactly `word` links to `href`."""
    return lambda mention: href if mention.text == word else None


def test_finder_spans_become_links_with_the_text_unchanged():
    html = BodyRenderer().render("Xem 754/QĐ-UBND tại đây.\n", finder_for("754/QĐ-UBND")).html
    assert html == '<p>Xem <a class="gz-docref" href="dich/">754/QĐ-UBND</a> tại đây.</p>'


def test_several_spans_in_one_text_and_in_tails_after_inline_elements():
    html = BodyRenderer().render("754/QĐ-UBND và 754/QĐ-UBND, rồi *nghiêng* 754/QĐ-UBND sau **đậm** cuối 754/QĐ-UBND\n", finder_for("754/QĐ-UBND")).html
    assert len(docrefs(html)) == 4
    # the text around the links is kept in order
    assert re.sub(r"<[^>]+>", "", html) == "754/QĐ-UBND và 754/QĐ-UBND, rồi nghiêng 754/QĐ-UBND sau đậm cuối 754/QĐ-UBND"


def test_links_inside_lists_tables_and_emphasis():
    body = "- mục 754/QĐ-UBND\n- mục khác\n\n| a | b |\n|---|---|\n| 754/QĐ-UBND | x |\n\n**754/QĐ-UBND** và *754/QĐ-UBND*\n"
    html = BodyRenderer().render(body, finder_for("754/QĐ-UBND")).html
    assert len(docrefs(html)) == 4
    assert '<li>mục <a class="gz-docref" href="dich/">754/QĐ-UBND</a></li>' in html
    assert '<td><a class="gz-docref" href="dich/">754/QĐ-UBND</a></td>' in html


@pytest.mark.parametrize("body", [
    "Mã `754/QĐ-UBND` trong dòng.\n",
    "```\n754/QĐ-UBND\n```\n",
    "    754/QĐ-UBND thụt lề là mã\n",
    "[xem 754/QĐ-UBND](https://example.gov.vn/)\n",
    "<https://example.gov.vn/754/QĐ-UBND>\n",
    "## Tiêu đề 754/QĐ-UBND\n",
    "#### Tiêu đề nhỏ 754/QĐ-UBND\n",
])
def test_no_links_inside_code_links_and_headings(body):
    html = BodyRenderer().render(body, finder_for("754/QĐ-UBND")).html
    assert "gz-docref" not in html, html
    assert "754/QĐ-UBND" in html


def test_no_finder_means_no_links_and_the_finder_does_not_leak_to_the_next_body():
    renderer = BodyRenderer()
    assert "gz-docref" in renderer.render("754/QĐ-UBND\n", finder_for("754/QĐ-UBND")).html
    assert renderer.render("754/QĐ-UBND\n").html == "<p>754/QĐ-UBND</p>"
    assert renderer.render("754/QĐ-UBND\n", None).html == "<p>754/QĐ-UBND</p>"


def test_renderer_reuse_does_not_carry_heading_ids_or_footnotes_over():
    renderer = BodyRenderer()
    first = renderer.render("## Giới thiệu\n\nCâu[^1].\n\n[^1]: Chú thích.\n").html
    second = renderer.render("## Giới thiệu\n").html
    assert 'id="gioi-thieu"' in first and "footnote" in first
    assert second == '<h2 id="gioi-thieu">Giới thiệu</h2>'


# --- heading ids -----------------------------------------------------------------------------------

@pytest.mark.parametrize("heading, anchor", [
    ("Đường dây nóng", "duong-day-nong"),
    ("ĐỊA CHỈ LIÊN HỆ", "dia-chi-lien-he"),
    ("Điều 1. Phạm vi điều chỉnh", "dieu-1-pham-vi-dieu-chinh"),
    ("Quyết định 754/QĐ-UBND", "quyet-dinh-754-qd-ubnd"),
])
def test_heading_ids_fold_d_with_stroke(heading, anchor):
    assert BodyRenderer().render(f"## {heading}\n").html == f'<h2 id="{anchor}">{esc(heading)}</h2>'


def test_heading_slug_helper():
    assert heading_slug("Đường dây nóng", "-") == "duong-day-nong"
    assert heading_slug("!!!", "-") == "muc"          # never an empty id


def test_repeated_headings_get_unique_ids():
    html = BodyRenderer().render("## Đường dây nóng\n\n## Đường dây nóng\n\n## !!!\n\n## ???\n").html
    ids = re.findall(r'id="([^"]+)"', html)
    assert len(ids) == 4 and len(set(ids)) == 4
    assert ids[0] == "duong-day-nong" and ids[1].startswith("duong-day-nong")


# --- relative URLs and escaping --------------------------------------------------------------------

@pytest.mark.parametrize("source, target, expected", [
    ("tin-tuc/2020/bai/", "van-ban/2020/754-qd-ubnd/", "../../../van-ban/2020/754-qd-ubnd/"),
    ("tin-tuc/2020/bai/", "tin-tuc/2020/khac/", "../khac/"),
    ("tin-tuc/", "tin-tuc/trang/2/", "trang/2/"),
    ("tin-tuc/trang/2/", "tin-tuc/", "../../"),
    ("", "tin-tuc/", "tin-tuc/"),
    ("van-ban/", "van-ban/danh-sach.json", "danh-sach.json"),
    ("tin-tuc/2020/bai/", "tin-tuc/2020/bai/#muc-1", "./#muc-1"),
    ("tin-tuc/2020/bai/", "https://example.gov.vn/x", "https://example.gov.vn/x"),
])
def test_relative_url(source, target, expected):
    assert relative_url(source, target) == expected


_SEGMENTS = st.sampled_from(["tin-tuc", "tin-tuc-2", "2020", "20", "bai", "ba", "van-ban", "a.b", "."])
_FOLDER_URLS = st.lists(_SEGMENTS, max_size=4).map(lambda parts: "".join(p + "/" for p in parts))
_URLS = st.one_of(_FOLDER_URLS, st.tuples(_FOLDER_URLS, st.sampled_from(["rss.xml", "index.html", "bai"]))
                  .map("".join))


@settings(max_examples=800, deadline=None)
@given(_URLS, _URLS, st.sampled_from(["", "muc-1"]))
def test_relative_url_by_prefix_is_the_same_as_by_parts(source, target, fragment):
    # the fast path (common prefix) against the part-by-part definition, on the site's own URL shapes:
    # folder names that are prefixes of each other ("20"/"2020"), files, "." segments
    to_url = target + (f"#{fragment}" if fragment else "")
    if to_url.startswith("#"):
        return                      # a link within the page stays as written (examples above)
    assert relative_url(source, to_url) == _relative_url_by_parts(source, target, fragment)


@settings(max_examples=400, deadline=None)
@given(_URLS, _URLS)
def test_relative_url_leads_back_to_the_target(source, target):
    if "./" in source + target or not target:
        return                      # a browser resolves "." segments away; the site has none
    assert urljoin("https://x.gov.vn/" + source, relative_url(source, target)) == "https://x.gov.vn/" + target


def test_esc_escapes_markup_and_both_quotes():
    assert esc('<script>"a" & \'b\'</script>') == "&lt;script&gt;&quot;a&quot; &amp; &#x27;b&#x27;&lt;/script&gt;"


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(alphabet=st.sampled_from("&<>\"'aĐđ /ơ\n"), max_size=12), st.text(max_size=12),
                 st.integers()))
def test_esc_is_html_escape_of_the_text_whatever_it_holds(value):
    # strings with nothing to escape are returned as they are; every other one is html.escape'd
    import html
    assert esc(value) == html.escape(str(value), quote=True)


# --- automatic links from document numbers, through the real pages ---------------------------------

def test_mention_becomes_a_docref_link(make_content):
    html = article_body(make_content, "Thực hiện Quyết định số 754/QĐ-UBND ngày 31/3/2020 của UBND tỉnh.\n")
    assert html == ('<p>Thực hiện Quyết định số <a class="gz-docref" href="../../../van-ban/2020/754-qd-ubnd/">'
                    '754/QĐ-UBND</a> ngày 31/3/2020 của UBND tỉnh.</p>')


@pytest.mark.parametrize("written", [
    "754/QD-UBND", "754/qđ-ubnd", "754/QÐ-UBND", "754 / QĐ-UBND", "754/QĐ–UBND", "754/QĐ – UBND",
])
def test_messy_forms_link_and_keep_their_written_text(make_content, written):
    html = article_body(make_content, f"Theo Quyết định số {written} của Ủy ban.\n")
    assert docrefs(html) == [(DOC_754, written)]


@pytest.mark.parametrize("body", [
    "Xem `754/QĐ-UBND` trong mã.\n",
    "```\nQuyết định số 754/QĐ-UBND\n```\n",
    "[Quyết định số 754/QĐ-UBND](https://vbpl.example.gov.vn/754)\n",
    "## Triển khai Quyết định số 754/QĐ-UBND\n",
    "### Quyết định 754/QĐ-UBND\n",
])
def test_numbers_in_code_links_and_headings_are_not_linked(make_content, body):
    # A second, plain mention proves links are being made on this page at all.
    html = article_body(make_content, body + "\nVà Quyết định số 12/QĐ-UBND.\n")
    assert docrefs(html) == [(DOC_12, "12/QĐ-UBND")]
    assert "754/QĐ-UBND" in html


def test_existing_link_is_left_exactly_as_written(make_content):
    html = article_body(make_content, "Xem [Quyết định 754/QĐ-UBND](../../../van-ban/2020/754-qd-ubnd/).\n")
    assert html == '<p>Xem <a href="../../../van-ban/2020/754-qd-ubnd/">Quyết định 754/QĐ-UBND</a>.</p>'


def test_number_of_a_document_not_in_the_corpus_is_not_linked(make_content):
    html = article_body(make_content, "Theo Kế hoạch số 99/KH-UBND và Quyết định số 754/QĐ-UBND.\n")
    assert docrefs(html) == [(DOC_754, "754/QĐ-UBND")]
    assert "99/KH-UBND" in html


def test_two_mentions_in_one_paragraph_are_both_linked(make_content):
    html = article_body(make_content, "Quyết định số 754/QĐ-UBND và Quyết định số 12/QĐ-UBND đều còn hiệu lực.\n")
    assert docrefs(html) == [(DOC_754, "754/QĐ-UBND"), (DOC_12, "12/QĐ-UBND")]
    assert html == ('<p>Quyết định số <a class="gz-docref" href="../../../van-ban/2020/754-qd-ubnd/">754/QĐ-UBND</a> '
                    'và Quyết định số <a class="gz-docref" href="../../../van-ban/2020/12-qd-ubnd/">12/QĐ-UBND</a> '
                    "đều còn hiệu lực.</p>")


def test_same_number_twice_in_one_paragraph(make_content):
    html = article_body(make_content, "754/QĐ-UBND, rồi lại 754/QĐ-UBND.\n")
    assert docrefs(html) == [(DOC_754, "754/QĐ-UBND")] * 2


def test_mentions_inside_emphasis_lists_and_tables(make_content):
    body = "**Quyết định số 754/QĐ-UBND**\n\n- Quyết định số 12/QĐ-UBND\n\n| Số | Ghi chú |\n|---|---|\n| 754/QĐ-UBND | x |\n"
    html = article_body(make_content, body)
    assert docrefs(html) == [(DOC_754, "754/QĐ-UBND"), (DOC_12, "12/QĐ-UBND"), (DOC_754, "754/QĐ-UBND")]


def test_document_does_not_link_its_own_number(make_content):
    site = corpus_site(make_content)
    site.document("754-qd-ubnd", document_fm("754/QĐ-UBND", "2020-03-31"),
                  body="Quyết định số 754/QĐ-UBND này thay cho Quyết định số 12/QĐ-UBND.\n")
    html = body_html(site, "van-ban/2020/754-qd-ubnd/")
    assert docrefs(html) == [("../12-qd-ubnd/", "12/QĐ-UBND")]
    assert "Quyết định số 754/QĐ-UBND này" in html


def test_markup_in_the_body_text_is_not_lost_when_links_are_inserted(make_content):
    html = article_body(make_content, "A & B <em>x</em> 754/QĐ-UBND \"c\".\n")
    assert docrefs(html) == [(DOC_754, "754/QĐ-UBND")]
    assert html.startswith("<p>A &amp; B <em>x</em> ")


def test_mention_links_are_relative_to_the_citing_page(make_content):
    site = corpus_site(make_content)
    site.article("bai", article_fm(), body="Theo 754/QĐ-UBND.\n")
    site.document("12-qd-ubnd", document_fm("12/QĐ-UBND", "2020-01-31"), body="Theo 754/QĐ-UBND.\n")
    site.document("754-qd-ubnd", document_fm("754/QĐ-UBND", "2020-03-31"), body="Theo 754/QĐ-UBND.\n")
    bodies = site.build().bodies
    assert docrefs(bodies[ARTICLE_URL].html) == [(DOC_754, "754/QĐ-UBND")]
    assert docrefs(bodies["van-ban/2020/12-qd-ubnd/"].html) == [("../754-qd-ubnd/", "754/QĐ-UBND")]
    assert docrefs(bodies["van-ban/2020/754-qd-ubnd/"].html) == []


# -- the shortcuts for plain prose (render._ProseInlineProcessor, _ProseParagraphProcessor, _ProseHtmlBlock…) ------

def _without_shortcut() -> BodyRenderer:
    from markdown.extensions.toc import TocExtension, TocTreeprocessor
    from markdown.preprocessors import HtmlBlockPreprocessor
    from markdown.treeprocessors import InlineProcessor
    renderer = BodyRenderer()
    renderer.md.treeprocessors.register(InlineProcessor(renderer.md), "inline", 20)
    renderer.md.parser.blockprocessors.deregister("gazette_prose")
    renderer.md.preprocessors.register(HtmlBlockPreprocessor(renderer.md), "html_block", 20)
    toc = next(e for e in renderer.md.registeredExtensions if isinstance(e, TocExtension))
    renderer.md.treeprocessors.register(TocTreeprocessor(renderer.md, toc.getConfigs()), "toc", 5)
    return renderer


def test_the_plain_prose_shortcuts_are_in_use():
    from gazette.render import (_HeadingIdProcessor, _ProseHtmlBlockPreprocessor, _ProseInlineProcessor,
                                _ProseParagraphProcessor)
    md = BodyRenderer().md
    assert type(md.treeprocessors["toc"]) is _HeadingIdProcessor
    assert isinstance(md.treeprocessors["inline"], _ProseInlineProcessor)
    assert isinstance(md.preprocessors["html_block"], _ProseHtmlBlockPreprocessor)
    first = md.parser.blockprocessors[0]                     # the highest priority: tried first
    assert isinstance(first, _ProseParagraphProcessor)
    assert first.test(None, "Ngày 31/3/2020, Ủy ban…\ndòng hai") and not first.test(None, "dòng\n- mục")


def test_the_plain_prose_shortcut_renders_every_sample_body_the_same():
    from sitebuild import REPO
    import frontmatter
    fast, slow = BodyRenderer(), _without_shortcut()
    bodies = [frontmatter.loads(p.read_text("utf-8")).content for p in sorted((REPO / "content").rglob("*.md"))]
    assert len(bodies) > 20
    for body in bodies:
        assert fast.render(body).html == slow.render(body).html


_MARKUP = st.sampled_from(["*", "**", "_", "__", "`", "``", "\\", "[", "]", "(", ")", "!", "<", ">", "&", ";",
                           "  \n", "\n", "\n\n", "[^1]", "[^1]: chú thích\n", "<b>", "</b>", "&amp;", "&#272;",
                           "<https://a.vn/x>", "<ai@a.vn>", "[a](b)", "![h](a.png)", "[x][y]\n\n[y]: /z\n",
                           "đường", "Quyết định số 754/QĐ-UBND ngày 31/3/2020", " ", "1. ", "- ", "# ", "    ",
                           "| a | b |\n|---|---|\n| 1 | 2 |\n", "{: .lon }", "\x02", "\x03",
                           "a | b\n--|--\n1 | 2\n", "\n===\n", "\n---\n", "\n***\n", "\n> ", "\n   > ", "\n2) ",
                           "\n   # ", "\n## a ##\n", "\t", "  ", "\n    mã\n", "\n\n    mã\n", "\n- a\n\n  b\n",
                           "\n1. a\n\n    b\n", "\n[^1]:\n    tiếp\n", "\n\n\n", "<div>\nx\n</div>\n", "&",
                           "\n# Đường\n", "\n## Đường\n", "\n### `mã` *nghiêng*[^1]\n", "\n#### a {: #b }\n",
                           "\n## x {: data-toc-label=\"nhãn\" }\n", "\n\n[TOC]\n\n", "[TOC]", "\n###### &amp; <b>h</b>\n"])


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.one_of(_MARKUP, _MARKUP, st.text(max_size=6)), max_size=25))
def test_the_plain_prose_shortcut_never_changes_the_html(pieces):
    body = "".join(pieces)
    assert BodyRenderer().render(body).html == _without_shortcut().render(body).html
