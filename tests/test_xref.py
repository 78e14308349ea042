"""Cross-references on the pages: which document a mention links to, backlinks, and relations both ways."""
from __future__ import annotations

import re
from datetime import date

import pytest

from conftest import only
from gazette.errors import WARNING
from gazette.model import RELATIONS
from gazette.pages.document import relation_sections
from gazette.pages.site import build_pages
from gazette.xref import index_by_key, resolve_mention
from gazette.docnum import find_document_numbers

TODAY = date(2026, 1, 1)
DOC_2020 = "../../../van-ban/2020/754-qd-ubnd/"
DOC_2021 = "../../../van-ban/2021/754-qd-ubnd/"


def document_fm(number: str, issued: str, type_: str = "Quyết định", issuer: str = "ubnd-tinh", extra: str = "",
                title: str | None = None) -> str:
    return (f'number: "{number}"\ntype: "{type_}"\ntitle: "{title or "Trích yếu " + number}"\nissuer: {issuer}\n'
            f"issued: {issued}\n" + extra)


def article_fm(day: str, title: str = "Bài viết", extra: str = "") -> str:
    return f'title: "{title}"\ndate: {day}\ncategory: cai-cach-hanh-chinh\n' + extra


def build(site, today: date = TODAY):
    result = site.build(today=today)
    assert result.corpus is not None, [p.format() for p in result.problems]
    return result, {p.url: p for p in build_pages(result.corpus)}


def docrefs(html: str) -> list[str]:
    return re.findall(r'<a class="gz-docref" href="([^"]*)">', html)


def section(html: str, heading: str) -> str:
    """The HTML from a heading to the next sub-heading or the end of its section/aside."""
    start = html.index(f">{heading}</h")
    ends = (html.find("</section>", start), html.find("</aside>", start), html.find("<h3>", start + 1), len(html))
    end = min(i for i in ends if i >= 0)
    return html[start:end]


def listed_urls(fragment: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)"', fragment)


def two_754s(site):
    """754/QĐ-UBND was issued twice by the same body: on 31/3/2020 and again (new year) on 1/2/2021."""
    site.document("754-qd-ubnd", document_fm("754/QĐ-UBND", "2020-03-31"), year=2020)
    site.document("754-qd-ubnd", document_fm("754/QĐ-UBND", "2021-02-01"), year=2021)


def mention_page(make_content, body: str, day: str = "2021-06-01"):
    site = make_content()
    two_754s(site)
    year = int(day[:4])
    site.article("bai", article_fm(day), year=year, body=body)
    result, pages = build(site)
    return result, pages[f"tin-tuc/{year}/bai/"].content, f"tin-tuc/{year}/bai/"


# --- same number in two years ---------------------------------------------------------------------

@pytest.mark.parametrize("written, target", [
    ("ngày 31/3/2020", DOC_2020),
    ("ngày 31 tháng 3 năm 2020", DOC_2020),
    ("ngày 31/03/2020", DOC_2020),
    ("ngày 01/02/2021", DOC_2021),
    ("ngày 1 tháng 2 năm 2021", DOC_2021),
    (", ban hành ngày 31/3/2020", DOC_2020),
])
def test_the_date_written_next_to_the_mention_decides(make_content, written, target):
    result, html, _ = mention_page(make_content, f"Thực hiện Quyết định số 754/QĐ-UBND {written} của UBND tỉnh.\n")
    assert result.problems == []
    assert docrefs(html) == [target]


@pytest.mark.parametrize("day, target", [
    ("2021-06-01", DOC_2021),    # both issued by then: the latest
    ("2021-02-01", DOC_2021),    # the second one issued that very day
    ("2021-01-31", DOC_2020),    # the day before the second one
    ("2020-03-31", DOC_2020),
])
def test_without_a_date_the_latest_issued_on_or_before_the_citing_date(make_content, day, target):
    result, html, _ = mention_page(make_content, "Theo Quyết định số 754/QĐ-UBND của UBND tỉnh.\n", day=day)
    assert result.problems == []
    assert docrefs(html) == [target]


def test_a_date_matching_neither_falls_back_to_the_citing_date(make_content):
    result, html, _ = mention_page(make_content, "Theo Quyết định số 754/QĐ-UBND ngày 5/5/2019.\n")
    assert docrefs(html) == [DOC_2021]


def test_two_mentions_of_the_same_number_resolve_independently(make_content):
    body = "Quyết định số 754/QĐ-UBND ngày 31/3/2020 được thay bằng Quyết định số 754/QĐ-UBND ngày 01/02/2021.\n"
    result, html, url = mention_page(make_content, body)
    assert docrefs(html) == [DOC_2020, DOC_2021]
    assert sorted(l.target for l in result.corpus.outgoing(url)) == ["van-ban/2020/754-qd-ubnd/",
                                                                   "van-ban/2021/754-qd-ubnd/"]


def test_ambiguous_mention_warns_with_path_and_line_and_is_not_linked(make_content):
    # Cited before either was issued, with no date: nothing decides between them.
    result, html, url = mention_page(make_content, "Mở đầu.\n\nTheo Quyết định số 754/QĐ-UBND.\n", day="2019-12-01")
    problem = only(result.problems)
    assert problem.severity == WARNING
    assert (problem.path, problem.line, problem.field) == ("content/tin-tuc/2019/bai.md", 8, "body")
    assert "754/QĐ-UBND@2020" in problem.message and "754/QĐ-UBND@2021" in problem.message
    assert docrefs(html) == []
    assert "754/QĐ-UBND" in html
    assert "Văn bản liên quan" not in html
    assert result.corpus.outgoing(url) == ()


def test_same_number_same_day_from_two_issuers_is_ambiguous(make_content):
    taxonomies = ("categories:\n  cai-cach-hanh-chinh: Cải cách hành chính\nissuers:\n"
                  "  ubnd-tinh: {name: Ủy ban nhân dân tỉnh, code: UBND}\n"
                  "  ubnd-huyen: {name: Ủy ban nhân dân huyện, code: UBND}\nfields:\n  dau-tu: Đầu tư\n")
    site = make_content(taxonomies)
    site.document("754-qd-ubnd", document_fm("754/QĐ-UBND", "2020-03-31"), year=2020)
    site.write_item("van-ban", 2020, "754-qd-ubnd-huyen", document_fm("754/QĐ-UBND", "2020-03-31", issuer="ubnd-huyen"))
    site.article("bai", article_fm("2020-06-01"), body="Theo Quyết định số 754/QĐ-UBND ngày 31/3/2020.\n")
    result, pages = build(site)
    warnings = [p for p in result.problems if p.field == "body"]
    assert len(warnings) == 1 and warnings[0].severity == WARNING
    assert warnings[0].path == "content/tin-tuc/2020/bai.md" and warnings[0].line == 6
    assert docrefs(pages["tin-tuc/2020/bai/"].content) == []


def test_resolve_mention_directly(make_content):
    site = make_content()
    two_754s(site)
    corpus = site.build(today=TODAY).corpus
    by_key = index_by_key(corpus.documents)
    [dated] = find_document_numbers("Quyết định 754/QĐ-UBND ngày 31/3/2020")
    [bare] = find_document_numbers("Quyết định 754/QĐ-UBND")
    [other] = find_document_numbers("Quyết định 99/QĐ-UBND")
    assert resolve_mention(dated, by_key, date(2025, 1, 1))[0].url == "van-ban/2020/754-qd-ubnd/"
    assert resolve_mention(bare, by_key, date(2025, 1, 1))[0].url == "van-ban/2021/754-qd-ubnd/"
    document, candidates = resolve_mention(bare, by_key, date(2019, 1, 1))
    assert document is None and len(candidates) == 2
    assert resolve_mention(other, by_key, date(2025, 1, 1)) == (None, [])


def test_page_links_and_corpus_links_agree(make_content):
    """What the reader clicks and what the backlinks say must name the same document."""
    body = ("Quyết định số 754/QĐ-UBND ngày 31/3/2020 và Quyết định số 754/QĐ-UBND "
            "ngày 1 tháng 2 năm 2021.\n\nNhắc lại Quyết định số 754/QĐ-UBND.\n")
    result, html, url = mention_page(make_content, body)
    page_targets = {h.replace("../../../", "") for h in docrefs(html)}
    corpus_targets = {l.target for l in result.corpus.outgoing(url) if l.relation == "mentions"}
    assert page_targets == corpus_targets == {"van-ban/2020/754-qd-ubnd/", "van-ban/2021/754-qd-ubnd/"}


def test_date_after_a_bold_number_still_decides(make_content):
    # Editors bold the citation; the date is still written right next to it.
    result, html, url = mention_page(make_content, "Theo **Quyết định số 754/QĐ-UBND** ngày 31/3/2020 của UBND tỉnh.\n")
    assert docrefs(html) == [DOC_2020]
    assert [l.target for l in result.corpus.outgoing(url)] == ["van-ban/2020/754-qd-ubnd/"]


def test_date_after_a_hard_line_break_gives_the_same_document_on_the_page_and_in_backlinks(make_content):
    # "  \n" is a Markdown hard line break: the date is on the next visual line, right after the number.
    result, html, url = mention_page(make_content, "Theo Quyết định số 754/QĐ-UBND  \nngày 31/3/2020 của UBND tỉnh.\n")
    page_targets = [h.replace("../../../", "") for h in docrefs(html)]
    corpus_targets = [l.target for l in result.corpus.outgoing(url) if l.relation == "mentions"]
    assert page_targets == corpus_targets


# --- backlinks ------------------------------------------------------------------------------------

def backlink_site(make_content):
    site = make_content()
    site.document("754-qd-ubnd", document_fm("754/QĐ-UBND", "2020-03-31"))
    site.document("12-qd-ubnd", document_fm("12/QĐ-UBND", "2020-01-31"))
    site.document("15-kh-ubnd", document_fm("15/KH-UBND", "2020-05-02", type_="Kế hoạch"),
                  body="Triển khai Quyết định số 754/QĐ-UBND ngày 31/3/2020.\n")
    site.document("20-qd-ubnd", document_fm("20/QĐ-UBND", "2020-06-15"), body="Căn cứ Quyết định số 754/QĐ-UBND.\n")
    site.article("cu", article_fm("2020-04-10", "Bài cũ", 'documents: ["754/QĐ-UBND"]\n'))
    site.article("moi", article_fm("2020-09-01", "Bài mới"), body="Theo Quyết định số 754/QĐ-UBND.\n")
    site.article("giua", article_fm("2020-05-20", "Bài giữa", 'documents: ["754/QĐ-UBND", "12/QĐ-UBND"]\n'),
                 body="Quyết định số 754/QĐ-UBND và Quyết định số 12/QĐ-UBND, lại 754/QĐ-UBND.\n")
    site.article("khong-lien-quan", article_fm("2020-07-01", "Bài khác"), body="Không nhắc văn bản nào.\n")
    return build(site)


def test_document_lists_citing_articles_newest_first(make_content):
    _, pages = backlink_site(make_content)
    html = pages["van-ban/2020/754-qd-ubnd/"].content
    assert listed_urls(section(html, "Tin bài liên quan"))[::2] == [
        "../../../tin-tuc/2020/moi/", "../../../tin-tuc/2020/giua/", "../../../tin-tuc/2020/cu/"]
    assert "Bài khác" not in html


def test_document_lists_citing_documents(make_content):
    _, pages = backlink_site(make_content)
    html = pages["van-ban/2020/754-qd-ubnd/"].content
    cited_by = section(html, "Văn bản dẫn chiếu")
    assert listed_urls(cited_by) == ["../20-qd-ubnd/", "../15-kh-ubnd/"]
    assert "Kế hoạch số 15/KH-UBND" in cited_by and "Quyết định số 20/QĐ-UBND" in cited_by
    # citing documents are not mixed into the article list, nor the other way round
    assert "20-qd-ubnd" not in section(html, "Tin bài liên quan")


def test_article_lists_cited_documents_once_each(make_content):
    _, pages = backlink_site(make_content)
    html = pages["tin-tuc/2020/giua/"].content
    related = section(html, "Văn bản liên quan")
    assert sorted(listed_urls(related)) == ["../../../van-ban/2020/12-qd-ubnd/", "../../../van-ban/2020/754-qd-ubnd/"]
    assert related.count("<li>") == 2


def test_article_lists_documents_from_front_matter_and_from_the_body(make_content):
    _, pages = backlink_site(make_content)
    assert listed_urls(section(pages["tin-tuc/2020/cu/"].content, "Văn bản liên quan")) == [
        "../../../van-ban/2020/754-qd-ubnd/"]       # documents: only
    assert listed_urls(section(pages["tin-tuc/2020/moi/"].content, "Văn bản liên quan")) == [
        "../../../van-ban/2020/754-qd-ubnd/"]       # body mention only
    assert "Văn bản liên quan" not in pages["tin-tuc/2020/khong-lien-quan/"].content


def test_article_lists_front_matter_documents_in_the_editors_order(make_content):
    # pages.article.cited_documents: "Documents named in `documents:` first, in the editor's order".
    site = make_content()
    site.document("754-qd-ubnd", document_fm("754/QĐ-UBND", "2020-03-31"))
    site.document("12-qd-ubnd", document_fm("12/QĐ-UBND", "2020-01-31"))
    site.document("30-qd-ubnd", document_fm("30/QĐ-UBND", "2020-02-10"))
    site.article("bai", article_fm("2020-06-01", extra='documents: ["754/QĐ-UBND", "12/QĐ-UBND"]\n'),
                 body="Xem thêm Quyết định số 30/QĐ-UBND.\n")
    _, pages = build(site)
    assert listed_urls(section(pages["tin-tuc/2020/bai/"].content, "Văn bản liên quan")) == [
        "../../../van-ban/2020/754-qd-ubnd/", "../../../van-ban/2020/12-qd-ubnd/", "../../../van-ban/2020/30-qd-ubnd/"]


def test_backlinks_only_from_published_items(make_content):
    site = make_content()
    site.document("754-qd-ubnd", document_fm("754/QĐ-UBND", "2020-03-31"))
    site.article("nhap", article_fm("2020-04-10", "Bản nháp", "draft: true\n"), body="Theo 754/QĐ-UBND.\n")
    site.article("sau", article_fm("2020-12-01", "Hẹn đăng"), body="Theo 754/QĐ-UBND.\n")
    _, pages = build(site, today=date(2020, 6, 1))
    html = pages["van-ban/2020/754-qd-ubnd/"].content
    assert "Tin bài liên quan" not in html
    assert "nhap" not in html and "sau" not in html


# --- relations ------------------------------------------------------------------------------------

@pytest.mark.parametrize("key", ["replaces", "repeals", "amends", "based_on", "implements", "guides", "corrects"])
def test_relation_shown_on_both_pages_with_forward_and_inverse_wording(make_content, key):
    forward, inverse = RELATIONS[key]
    site = make_content()
    site.document("12-qd-ubnd", document_fm("12/QĐ-UBND", "2020-01-31"))
    site.document("754-qd-ubnd", document_fm("754/QĐ-UBND", "2020-03-31", extra=f'{key}: ["12/QĐ-UBND"]\n'))
    _, pages = build(site)
    new, old = pages["van-ban/2020/754-qd-ubnd/"].content, pages["van-ban/2020/12-qd-ubnd/"].content
    assert f"<h3>{forward}</h3>" in new and f"<h3>{inverse}</h3>" not in new
    assert f"<h3>{inverse}</h3>" in old and f"<h3>{forward}</h3>" not in old
    assert listed_urls(section(new, forward)) == ["../12-qd-ubnd/"]
    assert listed_urls(section(old, inverse)) == ["../754-qd-ubnd/"]


def test_relation_wordings():
    assert RELATIONS["replaces"] == ("Thay thế", "Được thay thế bởi")
    assert RELATIONS["repeals"] == ("Bãi bỏ", "Bị bãi bỏ bởi")
    assert RELATIONS["amends"] == ("Sửa đổi, bổ sung", "Được sửa đổi, bổ sung bởi")


def test_relation_to_a_document_of_a_given_year(make_content):
    site = make_content()
    two_754s(site)
    site.document("9-qd-ubnd", document_fm("9/QĐ-UBND", "2021-05-05", extra='replaces: ["754/QĐ-UBND@2020"]\n'), year=2021)
    _, pages = build(site)
    assert "Được thay thế bởi" in pages["van-ban/2020/754-qd-ubnd/"].content
    assert "Được thay thế bởi" not in pages["van-ban/2021/754-qd-ubnd/"].content
    assert listed_urls(section(pages["van-ban/2021/9-qd-ubnd/"].content, "Thay thế")) == ["../../2020/754-qd-ubnd/"]


@pytest.mark.parametrize("declared_on_both", [False, True])
def test_related_is_symmetric_and_listed_once(make_content, declared_on_both):
    site = make_content()
    site.document("754-qd-ubnd", document_fm("754/QĐ-UBND", "2020-03-31", extra='related: ["12/QĐ-UBND"]\n'))
    site.document("12-qd-ubnd", document_fm("12/QĐ-UBND", "2020-01-31",
                                            extra='related: ["754/QĐ-UBND"]\n' if declared_on_both else ""))
    result, pages = build(site)
    for url, other in (("van-ban/2020/754-qd-ubnd/", "../12-qd-ubnd/"), ("van-ban/2020/12-qd-ubnd/", "../754-qd-ubnd/")):
        html = pages[url].content
        assert html.count("<h3>Văn bản liên quan</h3>") == 1, url
        assert listed_urls(section(html, "Văn bản liên quan")) == [other], url
        document = result.corpus.by_url[url]
        assert [(w, [d.url for d in ds]) for w, ds in relation_sections(document, result.corpus)] == [
            ("Văn bản liên quan", [other.replace("../", "van-ban/2020/")])]


def test_several_relations_in_relations_order(make_content):
    site = make_content()
    site.document("1-qd-ubnd", document_fm("1/QĐ-UBND", "2020-01-02"))
    site.document("2-qd-ubnd", document_fm("2/QĐ-UBND", "2020-01-03"))
    site.document("3-qd-ubnd", document_fm("3/QĐ-UBND", "2020-01-04"))
    site.document("9-qd-ubnd", document_fm("9/QĐ-UBND", "2020-05-05", extra=(
        'repeals: ["3/QĐ-UBND"]\nreplaces: ["1/QĐ-UBND", "2/QĐ-UBND"]\nbased_on: ["3/QĐ-UBND"]\n')))
    _, pages = build(site)
    html = pages["van-ban/2020/9-qd-ubnd/"].content
    assert re.findall(r"<h3>([^<]+)</h3>", html) == ["Căn cứ", "Thay thế", "Bãi bỏ"]
    assert listed_urls(section(html, "Thay thế")) == ["../1-qd-ubnd/", "../2-qd-ubnd/"]
    assert re.findall(r"<h3>([^<]+)</h3>", pages["van-ban/2020/3-qd-ubnd/"].content) == ["Là căn cứ của", "Bị bãi bỏ bởi"]


def test_relation_to_an_unpublished_document_is_not_shown(make_content):
    site = make_content()
    site.document("12-qd-ubnd", document_fm("12/QĐ-UBND", "2020-01-31"))
    site.document("754-qd-ubnd", document_fm("754/QĐ-UBND", "2020-03-31", extra='replaces: ["12/QĐ-UBND"]\n'))
    _, pages = build(site, today=date(2020, 2, 1))
    assert "van-ban/2020/754-qd-ubnd/" not in pages
    assert "Được thay thế bởi" not in pages["van-ban/2020/12-qd-ubnd/"].content


def test_document_mentions_resolve_by_the_documents_issue_date(make_content):
    site = make_content()
    two_754s(site)
    site.document("5-qd-ubnd", document_fm("5/QĐ-UBND", "2020-12-01"), body="Theo 754/QĐ-UBND.\n", year=2020)
    bodies = site.build(today=TODAY).bodies
    assert '<a class="gz-docref" href="../754-qd-ubnd/">754/QĐ-UBND</a>' in bodies["van-ban/2020/5-qd-ubnd/"].html
