"""The document registry /van-ban/: facet pages with counts, the table, and the JSON the browser filters."""
from __future__ import annotations

import json
import re
from datetime import date

import pytest

from gazette.pages.registry import DATA_FILE, facets, registry_json, registry_records
from gazette.pages.site import build_pages

TODAY = date(2026, 1, 1)


def document_fm(number: str, issued: str, type_: str = "Quyết định", issuer: str = "ubnd-tinh", extra: str = "",
                title: str | None = None) -> str:
    return (f'number: "{number}"\ntype: "{type_}"\ntitle: "{title or "Trích yếu " + number}"\nissuer: {issuer}\n'
            f"issued: {issued}\n" + extra)


def registry_site(make_content):
    site = make_content()
    site.document("754-qd-ubnd", document_fm("754/QĐ-UBND", "2020-03-31", extra=(
        'fields: [cai-cach-hanh-chinh]\nreplaces: ["12/QĐ-UBND"]\n'),
        title="Công bố Chỉ số cải cách hành chính năm 2019"), year=2020)
    site.document("12-qd-ubnd", document_fm("12/QĐ-UBND", "2020-01-31"), year=2020)
    site.document("15-kh-bqlkcn", document_fm("15/KH-BQLKCN", "2021-05-02", "Kế hoạch", "bqlkcn",
                                              "fields: [cai-cach-hanh-chinh, dau-tu]\n"), year=2021)
    site.document("05-2021-qd-ubnd", document_fm("05/2021/QĐ-UBND", "2021-06-01", extra="effective: 2026-06-01\n"),
                  year=2021)
    site.document("123-ubnd-kt", document_fm("123/UBND-KT", "2019-07-07", "Công văn"), year=2019)
    # never in the registry: a draft and a document issued after today
    site.document("99-qd-ubnd", document_fm("99/QĐ-UBND", "2021-01-05", extra="draft: true\n"), year=2021)
    site.document("100-qd-ubnd", document_fm("100/QĐ-UBND", "2026-05-01", extra='fields: [dau-tu]\n'), year=2026)
    result = site.build(today=TODAY)
    assert result.corpus is not None, [p.format() for p in result.problems]
    return result.corpus, {p.url: p for p in build_pages(result.corpus)}


@pytest.fixture
def registry(make_content):
    return registry_site(make_content)


def rows(page) -> list[str]:
    """Numbers in the registry table of a page, in order."""
    return re.findall(r'<tr><td><a href="[^"]+">([^<]+)</a></td>', page.content)


def facet_counts(page, facet: str) -> dict[str, tuple[str, int]]:
    block = re.search(rf'<section class="gz-facet" data-facet="{facet}">(.*?)</section>', page.content).group(1)
    found = re.findall(r'<a href="([^"]+)">([^<]+)</a> <span class="gz-count">\((\d+)\)</span>', block)
    return {href: (label, int(count)) for href, label, count in found}


# --- facet pages ----------------------------------------------------------------------------------

EXPECTED_FACETS = {
    "type": {"loai/cong-van/": ("Công văn", 1), "loai/ke-hoach/": ("Kế hoạch", 1), "loai/quyet-dinh/": ("Quyết định", 3)},
    "issuer": {"co-quan/bqlkcn/": ("Ban Quản lý các Khu công nghiệp tỉnh Bình Thuận", 1),
               "co-quan/ubnd-tinh/": ("Ủy ban nhân dân tỉnh Bình Thuận", 4)},
    "year": {"2021/": ("2021", 2), "2020/": ("2020", 2), "2019/": ("2019", 1)},
    "field": {"linh-vuc/cai-cach-hanh-chinh/": ("Cải cách hành chính", 2), "linh-vuc/dau-tu/": ("Đầu tư", 1)},
    "status": {"tinh-trang/chua-co-hieu-luc/": ("Chưa có hiệu lực", 1), "tinh-trang/con-hieu-luc/": ("Còn hiệu lực", 1),
               "tinh-trang/het-hieu-luc/": ("Hết hiệu lực", 1)},
}


@pytest.mark.parametrize("facet", sorted(EXPECTED_FACETS))
def test_facet_counts_on_the_registry_page(registry, facet):
    _, pages = registry
    assert facet_counts(pages["van-ban/"], facet) == EXPECTED_FACETS[facet]


def test_year_facet_is_newest_first(registry):
    _, pages = registry
    assert list(facet_counts(pages["van-ban/"], "year")) == ["2021/", "2020/", "2019/"]


EXPECTED_PAGES = {
    "van-ban/loai/quyet-dinh/": ["05/2021/QĐ-UBND", "754/QĐ-UBND", "12/QĐ-UBND"],
    "van-ban/loai/ke-hoach/": ["15/KH-BQLKCN"],
    "van-ban/loai/cong-van/": ["123/UBND-KT"],
    "van-ban/co-quan/ubnd-tinh/": ["05/2021/QĐ-UBND", "754/QĐ-UBND", "12/QĐ-UBND", "123/UBND-KT"],
    "van-ban/co-quan/bqlkcn/": ["15/KH-BQLKCN"],
    "van-ban/2021/": ["05/2021/QĐ-UBND", "15/KH-BQLKCN"],
    "van-ban/2020/": ["754/QĐ-UBND", "12/QĐ-UBND"],
    "van-ban/2019/": ["123/UBND-KT"],
    "van-ban/linh-vuc/cai-cach-hanh-chinh/": ["15/KH-BQLKCN", "754/QĐ-UBND"],
    "van-ban/linh-vuc/dau-tu/": ["15/KH-BQLKCN"],
    "van-ban/tinh-trang/con-hieu-luc/": ["754/QĐ-UBND"],
    "van-ban/tinh-trang/het-hieu-luc/": ["12/QĐ-UBND"],
    "van-ban/tinh-trang/chua-co-hieu-luc/": ["05/2021/QĐ-UBND"],
}


@pytest.mark.parametrize("url", sorted(EXPECTED_PAGES))
def test_facet_pages_list_exactly_their_documents(registry, url):
    _, pages = registry
    page = pages[url]
    assert rows(page) == EXPECTED_PAGES[url]
    assert f'<p class="gz-total">{len(EXPECTED_PAGES[url])} văn bản · ' in page.content


def test_facet_page_titles(registry):
    _, pages = registry
    assert pages["van-ban/loai/quyet-dinh/"].title == "Văn bản — loại văn bản: Quyết định"
    assert pages["van-ban/tinh-trang/het-hieu-luc/"].title == "Văn bản — tình trạng hiệu lực: Hết hiệu lực"
    assert pages["van-ban/2021/"].title == "Văn bản — năm ban hành: 2021"


def test_no_facet_page_for_documents_without_status_or_for_absent_values(registry):
    _, pages = registry
    facet_pages = {u for u in pages if re.match(r"van-ban/(loai|co-quan|linh-vuc|tinh-trang)/", u)
                   or re.fullmatch(r"van-ban/\d{4}/", u)}
    assert facet_pages == set(EXPECTED_PAGES)
    assert "van-ban/2026/" not in pages                  # only the future document was issued in 2026


def test_facets_function_matches_the_pages(registry):
    corpus, _ = registry
    got = {key: {url: (label, len(docs)) for url, label, docs in values} for _, key, values in facets(corpus)}
    assert got == {key: {f"van-ban/{u}": v for u, v in values.items()} for key, values in EXPECTED_FACETS.items()}


def test_registry_page_lists_every_published_document_newest_first(registry):
    _, pages = registry
    page = pages["van-ban/"]
    assert rows(page) == ["05/2021/QĐ-UBND", "15/KH-BQLKCN", "754/QĐ-UBND", "12/QĐ-UBND", "123/UBND-KT"]
    assert '<p class="gz-total">Tổng số: 5 văn bản</p>' in page.content
    assert f'data-gz-registry="{DATA_FILE.removeprefix("van-ban/")}"' in page.content
    assert '<a href="rss.xml">' in page.content
    assert page.template == "gazette-registry.html"
    assert page.meta["feeds"] == [("van-ban/rss.xml", "rss")]


def test_registry_table_columns(registry):
    _, pages = registry
    html = pages["van-ban/"].content
    assert re.findall(r'<th scope="col">([^<]+)</th>', html) == [
        "Số ký hiệu", "Trích yếu", "Loại văn bản", "Cơ quan ban hành", "Ngày ban hành", "Tình trạng"]
    row = re.search(r'<tr><td><a href="2020/12-qd-ubnd/">12/QĐ-UBND</a></td>(.*?)</tr>', html).group(1)
    assert re.findall(r"<td>([^<]*)</td>", row) == [
        "Trích yếu 12/QĐ-UBND", "Quyết định", "Ủy ban nhân dân tỉnh Bình Thuận", "31/01/2020", "Hết hiệu lực"]
    letter = re.search(r'<tr><td><a href="2019/123-ubnd-kt/">123/UBND-KT</a></td>(.*?)</tr>', html).group(1)
    assert letter.endswith("<td>—</td>")                 # no status for a công văn


def test_registry_is_paginated_fifty_per_page(make_content):
    site = make_content()
    for n in range(1, 56):
        site.document(f"{n:02d}-qd-ubnd", document_fm(f"{n:02d}/QĐ-UBND", f"2020-{(n - 1) // 28 + 1:02d}-{(n - 1) % 28 + 1:02d}"))
    corpus = site.build(today=TODAY).corpus
    pages = {p.url: p for p in build_pages(corpus)}
    assert len(rows(pages["van-ban/"])) == 50
    assert rows(pages["van-ban/trang/2/"]) == ["05/QĐ-UBND", "04/QĐ-UBND", "03/QĐ-UBND", "02/QĐ-UBND",
                                                "01/QĐ-UBND"]
    assert "Trang sau" in pages["van-ban/"].content
    assert facet_counts(pages["van-ban/"], "type") == {"loai/quyet-dinh/": ("Quyết định", 55)}


# --- registry JSON --------------------------------------------------------------------------------

def test_registry_json_has_one_record_per_published_document(registry):
    corpus, _ = registry
    records = json.loads(registry_json(corpus))
    assert [r["number"] for r in records] == ["05/2021/QĐ-UBND", "15/KH-BQLKCN", "754/QĐ-UBND", "12/QĐ-UBND",
                                              "123/UBND-KT"]
    numbers = {r["number"] for r in records}
    assert "99/QĐ-UBND" not in numbers and "100/QĐ-UBND" not in numbers


def test_registry_json_record_fields(registry):
    corpus, _ = registry
    record = {r["number"]: r for r in json.loads(registry_json(corpus))}["754/QĐ-UBND"]
    assert record["title"] == "Công bố Chỉ số cải cách hành chính năm 2019"
    assert record["type"] == "Quyết định"
    assert record["issuer"] == "Ủy ban nhân dân tỉnh Bình Thuận"
    assert record["issued"] == "2020-03-31"
    assert record["status"] == "Còn hiệu lực"
    assert record["url"] == "van-ban/2020/754-qd-ubnd/"
    assert record["year"] == 2020
    assert record["fields"] == ["Cải cách hành chính"]
    assert "754/qd-ubnd" in record["search"]
    assert "cong bo chi so cai cach hanh chinh" in record["search"]
    assert record["search"] == record["search"].lower() and "đ" not in record["search"]


@pytest.mark.parametrize("number, folded", [
    ("05/2021/QĐ-UBND", "05/2021/qd-ubnd"),
    ("15/KH-BQLKCN", "15/kh-bqlkcn"),
    ("123/UBND-KT", "123/ubnd-kt"),
])
def test_registry_json_search_field_is_folded(registry, number, folded):
    corpus, _ = registry
    record = {r["number"]: r for r in registry_records(corpus)}[number]
    assert folded in record["search"]


def test_registry_json_statuses(registry):
    corpus, _ = registry
    assert {r["number"]: r["status"] for r in registry_records(corpus)} == {
        "05/2021/QĐ-UBND": "Chưa có hiệu lực", "15/KH-BQLKCN": "", "754/QĐ-UBND": "Còn hiệu lực",
        "12/QĐ-UBND": "Hết hiệu lực", "123/UBND-KT": ""}


def test_registry_json_is_deterministic_and_unescaped_utf8(make_content):
    first, _ = registry_site(make_content)
    second, _ = registry_site(make_content)
    assert registry_json(first) == registry_json(second)
    text = registry_json(first)
    assert "Quyết định" in text and "\\u" not in text


def test_registry_json_on_an_empty_corpus(make_content):
    site = make_content()
    corpus = site.build(today=TODAY).corpus
    assert json.loads(registry_json(corpus)) == []
    pages = {p.url: p for p in build_pages(corpus)}
    assert "Chưa có văn bản." in pages["van-ban/"].content
