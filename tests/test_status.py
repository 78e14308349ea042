"""Effect status ("tình trạng hiệu lực") as of a fixed today: every transition, tested by moving today."""
from __future__ import annotations

import re
from datetime import date

import pytest

from gazette.docnum import parse_document_number
from gazette.pages.document import metadata_rows
from gazette.pages.registry import registry_records
from gazette.pages.site import build_pages
from gazette.status import effect_status, has_effect_cycle

IN_FORCE, ENDED, NOT_YET, PARTLY = "Còn hiệu lực", "Hết hiệu lực", "Chưa có hiệu lực", "Hết hiệu lực một phần"

TAXONOMIES = """\
categories:
  cai-cach-hanh-chinh: Cải cách hành chính
issuers:
  chinh-phu: {name: Chính phủ, code: CP}
  ubnd-tinh: {name: Ủy ban nhân dân tỉnh Bình Thuận, code: UBND}
fields:
  cai-cach-hanh-chinh: Cải cách hành chính
"""


def document_fm(number: str, issued: str, type_: str = "Quyết định", issuer: str = "ubnd-tinh", extra: str = "") -> str:
    return (f'number: "{number}"\ntype: "{type_}"\ntitle: "Trích yếu {number}"\nissuer: {issuer}\n'
            f"issued: {issued}\n" + extra)


def add(site, number: str, issued: str, extra: str = "", type_: str = "Quyết định", issuer: str = "ubnd-tinh") -> str:
    """Writes a document under its year and number slug; returns its URL."""
    slug = parse_document_number(number).slug
    site.document(slug, document_fm(number, issued, type_, issuer, extra), year=int(issued[:4]))
    return f"van-ban/{issued[:4]}/{slug}/"


def status_on(site, url: str, today: date) -> str:
    """The status shown on `today`, from a build made on `today` (as a real build would)."""
    result = site.build(today=today)
    assert result.corpus is not None, [p.format() for p in result.problems]
    corpus = result.corpus
    return effect_status(corpus.by_url[url], corpus, today)


def timeline(site, url: str, days: dict[str, str]) -> None:
    got = {day: status_on(site, url, date.fromisoformat(day)) for day in days}
    assert got == days


@pytest.fixture
def site(make_content):
    return make_content(TAXONOMIES)


# --- replaced and repealed ------------------------------------------------------------------------

def test_replaced_ends_on_the_replacing_documents_effective_date(site):
    old = add(site, "12/QĐ-UBND", "2020-01-31", "effective: 2020-02-01\n")
    new = add(site, "754/QĐ-UBND", "2020-03-31", 'effective: 2020-04-15\nreplaces: ["12/QĐ-UBND"]\n')
    timeline(site, old, {
        "2020-03-30": IN_FORCE,     # the replacing document does not exist yet
        "2020-03-31": IN_FORCE,     # issued, but not in effect: the old one still applies
        "2020-04-14": IN_FORCE,
        "2020-04-15": ENDED,
        "2025-01-01": ENDED,
    })
    timeline(site, new, {"2020-03-31": NOT_YET, "2020-04-14": NOT_YET, "2020-04-15": IN_FORCE})


def test_replaced_by_a_document_without_effective_date_ends_on_its_issue_date(site):
    old = add(site, "12/QĐ-UBND", "2020-01-31")
    add(site, "754/QĐ-UBND", "2020-03-31", 'replaces: ["12/QĐ-UBND"]\n')
    timeline(site, old, {"2020-03-30": IN_FORCE, "2020-03-31": ENDED, "2021-01-01": ENDED})


def test_repealed_ends_on_the_repealing_documents_effective_date(site):
    old = add(site, "12/QĐ-UBND", "2020-01-31")
    add(site, "754/QĐ-UBND", "2020-03-31", 'effective: 2020-05-01\nrepeals: ["12/QĐ-UBND"]\n')
    timeline(site, old, {"2020-03-31": IN_FORCE, "2020-04-30": IN_FORCE, "2020-05-01": ENDED})


def test_repealed_by_a_document_without_effective_date_ends_on_its_issue_date(site):
    old = add(site, "12/QĐ-UBND", "2020-01-31")
    add(site, "754/QĐ-UBND", "2020-03-31", 'repeals: ["12/QĐ-UBND"]\n')
    timeline(site, old, {"2020-03-30": IN_FORCE, "2020-03-31": ENDED})


def test_effective_before_issue_counts_from_publication(site):
    # A decision issued on 31/3 taking effect (retroactively) on 1/3: nothing changes before it is issued.
    old = add(site, "12/QĐ-UBND", "2020-01-31")
    add(site, "754/QĐ-UBND", "2020-03-31", 'effective: 2020-03-01\nreplaces: ["12/QĐ-UBND"]\n')
    timeline(site, old, {"2020-03-15": IN_FORCE, "2020-03-31": ENDED})


def test_amended_stays_in_force(site):
    old = add(site, "12/QĐ-UBND", "2020-01-31")
    add(site, "754/QĐ-UBND", "2020-03-31", 'amends: ["12/QĐ-UBND"]\n')
    timeline(site, old, {"2020-04-01": IN_FORCE, "2025-01-01": IN_FORCE})


def test_replacing_draft_does_not_end_anything(site):
    old = add(site, "12/QĐ-UBND", "2020-01-31")
    add(site, "754/QĐ-UBND", "2020-03-31", 'draft: true\nreplaces: ["12/QĐ-UBND"]\n')
    timeline(site, old, {"2025-01-01": IN_FORCE})


def test_the_replacing_document_is_unaffected(site):
    add(site, "12/QĐ-UBND", "2020-01-31")
    new = add(site, "754/QĐ-UBND", "2020-03-31", 'replaces: ["12/QĐ-UBND"]\n')
    timeline(site, new, {"2020-03-31": IN_FORCE, "2025-01-01": IN_FORCE})


def test_replacement_chain(site):
    first = add(site, "1/QĐ-UBND", "2019-01-02")
    second = add(site, "2/QĐ-UBND", "2020-01-02", 'replaces: ["1/QĐ-UBND"]\n')
    add(site, "3/QĐ-UBND", "2021-01-04", 'effective: 2021-02-01\nreplaces: ["2/QĐ-UBND"]\n')
    timeline(site, first, {"2019-06-01": IN_FORCE, "2020-01-02": ENDED, "2022-01-01": ENDED})
    timeline(site, second, {"2020-01-02": IN_FORCE, "2021-01-31": IN_FORCE, "2021-02-01": ENDED})


# --- own dates ------------------------------------------------------------------------------------

def test_future_effective_date(site):
    url = add(site, "754/QĐ-UBND", "2020-03-31", "effective: 2020-06-01\n")
    timeline(site, url, {"2020-03-31": NOT_YET, "2020-05-31": NOT_YET, "2020-06-01": IN_FORCE, "2030-01-01": IN_FORCE})


def test_effective_on_the_issue_date(site):
    url = add(site, "754/QĐ-UBND", "2020-03-31", "effective: 2020-03-31\n")
    timeline(site, url, {"2020-03-31": IN_FORCE})


def test_expires(site):
    url = add(site, "754/QĐ-UBND", "2020-03-31", "effective: 2020-04-15\nexpires: 2020-12-31\n")
    timeline(site, url, {"2020-04-01": NOT_YET, "2020-04-15": IN_FORCE, "2020-12-30": IN_FORCE,
                         "2020-12-31": ENDED, "2021-06-01": ENDED})


# --- explicit status ------------------------------------------------------------------------------

@pytest.mark.parametrize("written, shown", [
    ("Hết hiệu lực một phần", PARTLY),
    ("Ngưng hiệu lực", "Ngưng hiệu lực"),
    ("còn hiệu lực", IN_FORCE),          # folded spelling → canonical wording
    ("Het hieu luc", ENDED),
])
def test_explicit_status_wins_over_everything(site, written, shown):
    old = add(site, "12/QĐ-UBND", "2020-01-31", f'effective: 2020-06-01\nexpires: 2020-07-01\nstatus: "{written}"\n')
    add(site, "754/QĐ-UBND", "2020-03-31", 'replaces: ["12/QĐ-UBND"]\n')
    timeline(site, old, {"2020-02-01": shown, "2020-04-01": shown, "2020-06-15": shown, "2025-01-01": shown})


# --- documents without an effect cycle ------------------------------------------------------------

@pytest.mark.parametrize("number, type_", [
    ("15/KH-UBND", "Kế hoạch"),
    ("20/BC-UBND", "Báo cáo"),
    ("123/UBND-KT", "Công văn"),
])
def test_plans_reports_and_letters_have_no_status(site, number, type_):
    url = add(site, number, "2020-03-31", type_=type_)
    timeline(site, url, {"2020-03-31": "", "2025-01-01": ""})
    corpus = site.build(today=date(2025, 1, 1)).corpus
    assert not has_effect_cycle(corpus.by_url[url])


@pytest.mark.parametrize("number, type_", [
    ("15/KH-UBND", "Kế hoạch"),
    ("20/BC-UBND", "Báo cáo"),
    ("123/UBND-KT", "Công văn"),
])
def test_plans_reports_and_letters_show_a_status_when_given(site, number, type_):
    url = add(site, number, "2020-03-31", 'status: "Hết hiệu lực"\n', type_=type_)
    timeline(site, url, {"2025-01-01": ENDED})


@pytest.mark.parametrize("number, type_, issuer", [
    ("05/2020/QĐ-UBND", "Quyết định", "ubnd-tinh"),
    ("30/2020/NĐ-CP", "Nghị định", "chinh-phu"),
    ("12/QĐ-UBND", "Quyết định", "ubnd-tinh"),
    ("07/CT-UBND", "Chỉ thị", "ubnd-tinh"),
])
def test_documents_with_an_effect_cycle_are_in_force_by_default(site, number, type_, issuer):
    url = add(site, number, "2020-03-05", type_=type_, issuer=issuer)
    timeline(site, url, {"2020-03-05": IN_FORCE, "2030-01-01": IN_FORCE})


# --- the status reaches the pages -----------------------------------------------------------------

def status_cell(site, url: str, today: date) -> str:
    corpus = site.build(today=today).corpus
    page = {p.url: p for p in build_pages(corpus)}[url]
    return re.search(r'<th scope="row">Tình trạng hiệu lực</th><td>([^<]*)</td>', page.content).group(1)


def test_document_page_shows_the_status_of_the_build_day(site):
    old = add(site, "12/QĐ-UBND", "2020-01-31")
    add(site, "754/QĐ-UBND", "2020-03-31", 'effective: 2020-04-15\nreplaces: ["12/QĐ-UBND"]\n')
    assert status_cell(site, old, date(2020, 4, 14)) == IN_FORCE
    assert status_cell(site, old, date(2020, 4, 15)) == ENDED


def test_document_page_without_status_says_not_applicable(site):
    url = add(site, "15/KH-UBND", "2020-03-31", type_="Kế hoạch")
    assert status_cell(site, url, date(2021, 1, 1)) == "Không áp dụng"
    corpus = site.build(today=date(2021, 1, 1)).corpus
    assert dict(metadata_rows(corpus.by_url[url], corpus))["Tình trạng hiệu lực"] == "Không áp dụng"


def test_registry_records_carry_the_same_status(site):
    old = add(site, "12/QĐ-UBND", "2020-01-31")
    add(site, "754/QĐ-UBND", "2020-03-31", 'effective: 2020-05-01\nreplaces: ["12/QĐ-UBND"]\n')
    add(site, "15/KH-UBND", "2020-02-02", type_="Kế hoạch")
    for today, expected in ((date(2020, 4, 1), {"12/QĐ-UBND": IN_FORCE, "754/QĐ-UBND": NOT_YET, "15/KH-UBND": ""}),
                            (date(2020, 5, 1), {"12/QĐ-UBND": ENDED, "754/QĐ-UBND": IN_FORCE, "15/KH-UBND": ""})):
        corpus = site.build(today=today).corpus
        assert {r["number"]: r["status"] for r in registry_records(corpus)} == expected
    assert old == "van-ban/2020/12-qd-ubnd/"
