"""Stage 3 (corpus): references resolved across files, identities and URLs unique, publication rules."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from conftest import ARTICLE_FM, DOCUMENT_FM, only
from gazette.corpus import BuildOptions, is_published
from gazette.errors import ERROR, WARNING
from gazette.model import Link
from gazette.text import TIMEZONE


def article_fm(day: str = "2020-04-10", extra: str = "", title: str = "Tổng kết cải cách hành chính") -> str:
    return f'title: "{title}"\ndate: {day}\ncategory: cai-cach-hanh-chinh\n' + extra


def document_fm(number: str = "754/QĐ-UBND", issued: str = "2020-03-31", extra: str = "",
                type_: str = "Quyết định", issuer: str = "ubnd-tinh") -> str:
    return (f'number: "{number}"\ntype: "{type_}"\ntitle: "Văn bản {number}"\nissuer: {issuer}\n'
            f"issued: {issued}\n" + extra)


def two_754s(site):
    """754/QĐ-UBND issued on 2020-03-31 and again (new numbering year) on 2021-02-01."""
    site.document("754-qd-ubnd", document_fm(issued="2020-03-31"), year=2020)
    site.document("754-qd-ubnd", document_fm(issued="2021-02-01"), year=2021)


# --- references in front matter ------------------------------------------------------------------

def test_reference_to_no_document(make_content):
    site = make_content()
    site.article(front_matter=article_fm(extra='documents: ["754/QĐ-UBND"]\n'))
    result = site.build()
    assert result.corpus is None
    problem = only(result.problems)
    assert (problem.path, problem.line, problem.field) == ("content/tin-tuc/2020/tong-ket.md", 5, "documents")
    assert "754/QĐ-UBND" in problem.message
    assert "content/van-ban/" in problem.message


def test_each_unresolved_reference_is_reported(make_content):
    site = make_content()
    site.article(front_matter=article_fm(extra='documents: ["12/KH-UBND", "754/QĐ-UBND"]\n'))
    result = site.build()
    assert sorted("12/KH-UBND" in p.message for p in result.problems) == [False, True]
    assert len(result.errors) == 2


def test_reference_in_block_list_reports_the_item_line(make_content):
    site = make_content()
    site.document()
    site.article(front_matter=article_fm(extra='documents:\n  - "754/QĐ-UBND"\n  - "12/KH-UBND"\n'))
    problem = only(site.build().problems)
    assert problem.line == 7
    assert "12/KH-UBND" in problem.message


def test_ambiguous_reference_lists_every_candidate(make_content):
    site = make_content()
    two_754s(site)
    site.article(front_matter=article_fm(extra='documents: ["754/QĐ-UBND"]\n'))
    result = site.build()
    assert result.corpus is None
    problem = only(result.problems)
    assert (problem.path, problem.line, problem.field) == ("content/tin-tuc/2020/tong-ket.md", 5, "documents")
    for candidate in ("754/QĐ-UBND@2020", "content/van-ban/2020/754-qd-ubnd.md",
                      "754/QĐ-UBND@2021", "content/van-ban/2021/754-qd-ubnd.md"):
        assert candidate in problem.message
    assert "năm" in problem.message                      # tells how to pick one


@pytest.mark.parametrize("ref, target", [("754/QĐ-UBND@2021", "van-ban/2021/754-qd-ubnd/"),
                                         ("754/QĐ-UBND@2020", "van-ban/2020/754-qd-ubnd/"),
                                         ("754/qđ-ubnd@2021", "van-ban/2021/754-qd-ubnd/"),
                                         ("754/QD-UBND@2021", "van-ban/2021/754-qd-ubnd/")])
def test_year_pin_resolves_the_ambiguity(make_content, ref, target):
    site = make_content()
    two_754s(site)
    site.article(front_matter=article_fm(extra=f'documents: ["{ref}"]\n'))
    result = site.build()
    assert result.problems == []
    assert Link("cites", "tin-tuc/2020/tong-ket/", target) in result.corpus.links
    assert result.corpus.incoming(target) == (Link("cites", "tin-tuc/2020/tong-ket/", target),)


def test_year_pin_matching_no_year_lists_the_years_that_exist(make_content):
    site = make_content()
    two_754s(site)
    site.article(front_matter=article_fm(extra='documents: ["754/QĐ-UBND@2019"]\n'))
    problem = only(site.build().problems)
    assert "754/QĐ-UBND@2019" in problem.message
    assert "754/QĐ-UBND@2020" in problem.message and "754/QĐ-UBND@2021" in problem.message


def test_relation_resolves_and_links_both_ways(make_content):
    site = make_content()
    site.document()
    site.document("15-kh-ubnd", document_fm("15/KH-UBND", "2020-04-08", 'implements: ["754/QĐ-UBND"]\n',
                                            type_="Kế hoạch"))
    result = site.build()
    assert result.problems == []
    link = Link("implements", "van-ban/2020/15-kh-ubnd/", "van-ban/2020/754-qd-ubnd/")
    assert result.corpus.outgoing("van-ban/2020/15-kh-ubnd/") == (link,)
    assert result.corpus.incoming("van-ban/2020/754-qd-ubnd/") == (link,)


def test_relation_to_a_missing_document_names_the_relation(make_content):
    site = make_content()
    site.document(front_matter=document_fm(extra='based_on: ["30/2020/NĐ-CP"]\n'))
    problem = only(site.build().problems)
    assert (problem.line, problem.field) == (7, "based_on")
    assert "30/2020/NĐ-CP" in problem.message


@pytest.mark.parametrize("relation", ["replaces", "amends", "related"])
def test_relation_to_itself(make_content, relation):
    site = make_content()
    site.document(front_matter=document_fm(extra=f'{relation}: ["754/QĐ-UBND"]\n'))
    result = site.build()
    assert result.corpus is None
    problem = only(result.problems)
    assert (problem.path, problem.line, problem.field) == ("content/van-ban/2020/754-qd-ubnd.md", 7, relation)
    assert "chính nó" in problem.message


def test_replacement_cycle(make_content):
    site = make_content()
    site.document("754-qd-ubnd", document_fm("754/QĐ-UBND", extra='replaces: ["12/QĐ-UBND"]\n'))
    site.document("12-qd-ubnd", document_fm("12/QĐ-UBND", extra='replaces: ["754/QĐ-UBND"]\n'))
    result = site.build()
    assert result.corpus is None
    problem = only(result.problems)                     # one cycle, reported once
    assert problem.field == "replaces"
    assert problem.path in ("content/van-ban/2020/12-qd-ubnd.md", "content/van-ban/2020/754-qd-ubnd.md")
    assert problem.line == 7
    assert "754/QĐ-UBND" in problem.message and "12/QĐ-UBND" in problem.message
    assert "vòng" in problem.message


def test_three_document_replacement_cycle(make_content):
    site = make_content()
    site.document("01-qd-ubnd", document_fm("1/QĐ-UBND", extra='replaces: ["2/QĐ-UBND"]\n'))
    site.document("02-qd-ubnd", document_fm("2/QĐ-UBND", extra='replaces: ["3/QĐ-UBND"]\n'))
    site.document("03-qd-ubnd", document_fm("3/QĐ-UBND", extra='replaces: ["1/QĐ-UBND"]\n'))
    problem = only(site.build().problems)
    for number in ("01/QĐ-UBND", "02/QĐ-UBND", "03/QĐ-UBND"):
        assert number in problem.message


def test_replacement_chain_without_cycle_is_fine(make_content):
    site = make_content()
    site.document("01-qd-ubnd", document_fm("1/QĐ-UBND"))
    site.document("02-qd-ubnd", document_fm("2/QĐ-UBND", extra='replaces: ["1/QĐ-UBND"]\n'))
    site.document("03-qd-ubnd", document_fm("3/QĐ-UBND", extra='replaces: ["2/QĐ-UBND"]\n'))
    result = site.build()
    assert result.problems == []


def test_same_document_in_two_files(make_content):
    site = make_content()
    site.document("754-qd-ubnd")
    site.document("qd-754-ban-sao")                 # loaded second (sorted by file name)
    result = site.build()
    assert result.corpus is None
    problem = only(result.problems, severity=ERROR)
    assert problem.path == "content/van-ban/2020/qd-754-ban-sao.md"
    assert problem.field == "number"
    assert "754/QĐ-UBND" in problem.message and "2020" in problem.message
    assert "content/van-ban/2020/754-qd-ubnd.md" in problem.message       # the first file


def test_same_number_from_different_issuers_is_allowed(make_content):
    site = make_content()
    site.document("754-qd-ubnd", document_fm("754/QĐ-UBND"))
    site.document("754-qd-ubnd-bqlkcn", document_fm("754/QĐ-UBND", issuer="bqlkcn"))
    result = site.build()
    assert result.errors == []


def test_aliases_that_produce_the_same_url(make_content):
    site = make_content()
    site.article("a", article_fm(extra='aliases: ["/tin/cu.html"]\n'))
    site.article("b", article_fm(extra='aliases: ["tin/cu/"]\n'))
    result = site.build()
    assert result.corpus is None
    problem = only(result.problems)
    assert problem.path == "content/tin-tuc/2020/b.md"
    assert "content/tin-tuc/2020/a.md" in problem.message
    assert "/tin/cu/" in problem.message


def test_alias_equal_to_another_page(make_content):
    site = make_content()
    site.document()
    site.article("a", article_fm(extra='aliases: ["/van-ban/2020/754-qd-ubnd/"]\n'))
    problem = only(site.build().problems)
    # Articles are checked before documents: the document page is the one reported as the second owner.
    assert problem.path == "content/van-ban/2020/754-qd-ubnd.md"
    assert "content/tin-tuc/2020/a.md" in problem.message
    assert "/van-ban/2020/754-qd-ubnd/" in problem.message


def test_alias_equal_to_own_url_and_query_aliases_are_fine(make_content):
    site = make_content()
    site.article("a", article_fm(extra='aliases: ["/tin-tuc/2020/a/", "/index.php?id=12"]\n'))
    site.article("b", article_fm(extra='aliases: ["/index.php?id=12"]\n'))
    assert site.build().problems == []


# --- publication ---------------------------------------------------------------------------------

def publication_site(make_content):
    site = make_content()
    site.article("da-dang", article_fm("2025-12-31"), year=2025)
    site.article("ban-nhap", article_fm("2025-12-30", "draft: true\n"), year=2025)
    site.article("hen-gio", article_fm("2026-01-02"), year=2026)
    site.document("01-qd-ubnd", document_fm("1/QĐ-UBND", "2025-12-01"), year=2025)
    site.document("02-qd-ubnd", document_fm("2/QĐ-UBND", "2025-12-02", "draft: true\n"), year=2025)
    site.document("03-qd-ubnd", document_fm("3/QĐ-UBND", "2026-01-05"), year=2026)
    return site


def test_drafts_and_future_items_are_left_out_of_a_build(make_content):
    site = publication_site(make_content)
    corpus = site.build(today=date(2026, 1, 1), preview=False).corpus
    assert [a.slug for a in corpus.articles] == ["da-dang"]
    assert [d.slug for d in corpus.documents] == ["01-qd-ubnd"]
    assert set(corpus.by_url) == {"tin-tuc/2025/da-dang/", "van-ban/2025/01-qd-ubnd/"}


def test_preview_shows_drafts_and_future_items(make_content):
    site = publication_site(make_content)
    corpus = site.build(today=date(2026, 1, 1), preview=True).corpus
    assert [a.slug for a in corpus.articles] == ["hen-gio", "da-dang", "ban-nhap"]
    assert [d.slug for d in corpus.documents] == ["03-qd-ubnd", "02-qd-ubnd", "01-qd-ubnd"]


def test_future_items_appear_on_their_day(make_content):
    site = publication_site(make_content)
    corpus = site.build(today=date(2026, 1, 5)).corpus
    assert [a.slug for a in corpus.articles] == ["hen-gio", "da-dang"]
    assert [d.slug for d in corpus.documents] == ["03-qd-ubnd", "01-qd-ubnd"]


def test_links_to_unpublished_items_are_dropped(make_content):
    site = make_content()
    site.document("01-qd-ubnd", document_fm("1/QĐ-UBND", "2026-03-01"), year=2026)
    site.article("a", article_fm("2025-12-31", 'documents: ["1/QĐ-UBND"]\n'), year=2025)
    result = site.build(today=date(2026, 1, 1))
    assert result.problems == []                  # the reference is valid...
    assert result.corpus.links == ()              # ...but no link to a page that is not built yet
    assert site.build(today=date(2026, 3, 1)).corpus.links == (
        Link("cites", "tin-tuc/2025/a/", "van-ban/2026/01-qd-ubnd/"),)


def _article(site, day: str, year: int = 2026):
    site.article("hen-gio", article_fm(day), year=year)
    (article,) = site.build(preview=True).corpus.articles
    return article


@pytest.mark.parametrize("day, published", [
    ("2026-01-01", True),
    ('"2026-01-01 00:00"', True),
    ('"2026-01-01 23:59"', True),          # no `now`: the whole of today counts
    ("2026-01-02", False),
    ('"2026-01-02 00:00"', False),
])
def test_article_cut_off_is_the_end_of_today_in_vietnam(make_content, day, published):
    site = make_content()
    article = _article(site, day)
    assert is_published(article, BuildOptions(today=date(2026, 1, 1))) is published


@pytest.mark.parametrize("day, published", [
    ('"2026-01-01 15:00"', True),          # exactly now
    ('"2026-01-01 14:59"', True),
    ('"2026-01-01 15:01"', False),          # later today: waits for the next build
    ("2026-01-01", True),
])
def test_article_cut_off_with_a_time(make_content, day, published):
    site = make_content()
    article = _article(site, day)
    now = datetime(2026, 1, 1, 15, 0, tzinfo=TIMEZONE)
    assert is_published(article, BuildOptions(today=date(2026, 1, 1), now=now)) is published


def test_now_in_another_time_zone_is_compared_as_an_instant(make_content):
    site = make_content()
    article = _article(site, '"2026-01-01 15:00"')     # 08:00 UTC
    utc = datetime(2026, 1, 1, 8, 0, tzinfo=timezone.utc)
    assert is_published(article, BuildOptions(today=date(2026, 1, 1), now=utc)) is True
    assert is_published(article, BuildOptions(today=date(2026, 1, 1), now=utc - timedelta(minutes=1))) is False


def test_document_is_published_from_its_issue_date(make_content):
    site = make_content()
    site.document("01-qd-ubnd", document_fm("1/QĐ-UBND", "2026-01-01"), year=2026)
    (document,) = site.build(preview=True).corpus.documents
    assert is_published(document, BuildOptions(today=date(2026, 1, 1))) is True
    assert is_published(document, BuildOptions(today=date(2025, 12, 31))) is False


def test_draft_is_never_published(make_content):
    site = make_content()
    site.article("ban-nhap", article_fm("2020-01-01", "draft: true\n"))
    (article,) = site.build(preview=True).corpus.articles
    assert is_published(article, BuildOptions(today=date(2030, 1, 1))) is False


# --- order ---------------------------------------------------------------------------------------

def test_articles_newest_first_with_url_tie_break(make_content):
    site = make_content()
    site.article("c-cung-ngay", article_fm("2020-04-10"))
    site.article("a-cung-ngay", article_fm("2020-04-10"))
    site.article("b-cung-ngay", article_fm("2020-04-10"))
    site.article("buoi-chieu", article_fm('"2020-04-10 15:00"'))
    site.article("cu", article_fm("2019-12-31"), year=2019)
    site.article("moi", article_fm("2021-01-01"), year=2021)
    corpus = site.build().corpus
    assert [a.url for a in corpus.articles] == [
        "tin-tuc/2021/moi/", "tin-tuc/2020/buoi-chieu/", "tin-tuc/2020/a-cung-ngay/",
        "tin-tuc/2020/b-cung-ngay/", "tin-tuc/2020/c-cung-ngay/", "tin-tuc/2019/cu/"]


def test_order_does_not_depend_on_file_order(make_content):
    orders = []
    for slugs in (("x", "y", "z"), ("z", "y", "x")):
        site = make_content()
        for slug in slugs:
            site.article(slug, article_fm("2020-04-10"))
        orders.append([a.slug for a in site.build().corpus.articles])
    assert orders[0] == orders[1] == ["x", "y", "z"]


def test_documents_newest_first_with_url_tie_break(make_content):
    site = make_content()
    site.document("02-qd-ubnd", document_fm("2/QĐ-UBND", "2020-03-31"))
    site.document("01-qd-ubnd", document_fm("1/QĐ-UBND", "2020-03-31"))
    site.document("05-qd-ubnd", document_fm("5/QĐ-UBND", "2020-05-01"))
    assert [d.slug for d in site.build().corpus.documents] == ["05-qd-ubnd", "01-qd-ubnd", "02-qd-ubnd"]


def test_any_error_means_no_corpus_but_every_problem(make_content):
    site = make_content()
    site.article("a", article_fm(extra='documents: ["9/QĐ-UBND"]\n'))
    site.article("b", article_fm("2021-01-01"))                 # wrong year folder
    site.document("754-qd-ubnd", document_fm(type_="Kế hoạch"))
    result = site.build()
    assert result.corpus is None
    assert sorted((p.path, p.field) for p in result.errors) == [
        ("content/tin-tuc/2020/a.md", "documents"), ("content/tin-tuc/2020/b.md", "date"),
        ("content/van-ban/2020/754-qd-ubnd.md", "type")]


def test_warnings_do_not_prevent_a_corpus(make_content):
    site = make_content()
    site.document("quyet-dinh-754")
    result = site.build()
    assert result.corpus is not None
    assert [p.severity for p in result.problems] == [WARNING]


# --- numbers mentioned in bodies (xref) ----------------------------------------------------------

def mention_site(make_content, body: str, day: str = "2021-06-01", year: int = 2021):
    site = make_content()
    two_754s(site)
    site.article("bai", article_fm(day), year=year, body=body)
    return site


def mention_targets(result, source: str = "tin-tuc/2021/bai/"):
    return [l.target for l in result.corpus.outgoing(source) if l.relation == "mentions"]


def test_mention_with_a_date_resolves_by_that_date(make_content):
    site = mention_site(make_content, "Thực hiện Quyết định số 754/QĐ-UBND ngày 31/3/2020 của UBND tỉnh.\n")
    result = site.build()
    assert result.problems == []
    assert mention_targets(result) == ["van-ban/2020/754-qd-ubnd/"]


@pytest.mark.parametrize("written", ["ngày 01/02/2021", "ngày 1 tháng 2 năm 2021", "ngày 1-2-2021"])
def test_mention_date_forms(make_content, written):
    site = mention_site(make_content, f"Theo Quyết định số 754/QĐ-UBND {written}.\n")
    assert mention_targets(site.build()) == ["van-ban/2021/754-qd-ubnd/"]


def test_mention_without_a_date_takes_the_latest_issued_by_the_article_date(make_content):
    site = mention_site(make_content, "Theo Quyết định số 754/QĐ-UBND của UBND tỉnh.\n", day="2021-06-01")
    result = site.build()
    assert result.problems == []
    assert mention_targets(result) == ["van-ban/2021/754-qd-ubnd/"]


def test_mention_without_a_date_before_the_second_one_was_issued(make_content):
    site = mention_site(make_content, "Theo Quyết định số 754/QĐ-UBND.\n", day="2020-06-01", year=2020)
    result = site.build()
    assert result.problems == []
    assert mention_targets(result, "tin-tuc/2020/bai/") == ["van-ban/2020/754-qd-ubnd/"]


def test_mention_issued_on_the_article_day_counts(make_content):
    site = mention_site(make_content, "Theo Quyết định số 754/QĐ-UBND.\n", day="2021-02-01")
    assert mention_targets(site.build()) == ["van-ban/2021/754-qd-ubnd/"]


def test_ambiguous_mention_is_a_warning_with_file_and_line(make_content):
    # Dated before both: neither is "the latest issued by then".
    body = "Đoạn một.\n\nĐoạn hai nhắc Quyết định số 754/QĐ-UBND.\n"
    site = mention_site(make_content, body, day="2020-01-10", year=2020)
    result = site.build()
    assert result.corpus is not None                   # a warning does not stop the build
    problem = only(result.problems)
    assert problem.severity == WARNING
    assert problem.path == "content/tin-tuc/2020/bai.md"
    assert problem.line == 8                           # body starts on line 6; third body line
    assert problem.field == "body"
    assert "754/QĐ-UBND@2020" in problem.message and "754/QĐ-UBND@2021" in problem.message
    assert "ngày" in problem.message                    # tells the editor to add the date
    assert problem.format().startswith("content/tin-tuc/2020/bai.md:8: body: cảnh báo: ")
    assert mention_targets(result, "tin-tuc/2020/bai/") == []


def test_mention_of_a_number_not_in_content_is_listed_as_missing(make_content):
    site = make_content()
    site.article("bai", article_fm(), body="Dòng một.\nThực hiện Kế hoạch số 99/KH-UBND.\n")
    site.article("bai-2", article_fm(), body="Theo Kế hoạch số 99/KH-UBND và Nghị định số 30/2020/NĐ-CP.\n")
    result = site.build()
    assert result.problems == []                       # missing documents are a to-do list, not errors
    assert [(m.number, m.places) for m in result.missing] == [
        ("30/2020/NĐ-CP", (("content/tin-tuc/2020/bai-2.md", 6),)),
        ("99/KH-UBND", (("content/tin-tuc/2020/bai-2.md", 6), ("content/tin-tuc/2020/bai.md", 7))),
    ]


def test_document_body_mentions_link_to_other_documents_not_itself(make_content):
    site = make_content()
    site.document("754-qd-ubnd", document_fm(), body="Quyết định số 754/QĐ-UBND này thực hiện Kế hoạch số 15/KH-UBND.\n")
    site.document("15-kh-ubnd", document_fm("15/KH-UBND", "2020-01-15", type_="Kế hoạch"))
    result = site.build()
    assert result.problems == []
    assert result.corpus.outgoing("van-ban/2020/754-qd-ubnd/") == (
        Link("mentions", "van-ban/2020/754-qd-ubnd/", "van-ban/2020/15-kh-ubnd/"),)
