"""Real Chromium on the document registry /van-ban/ of the built sample site: without and with JavaScript.

Without JavaScript the server-rendered table and the facet pages are the whole registry. With JavaScript
(docs/assets/registry.js) the filter form, the live count, the chips, the sortable columns and the state in the
URL are driven as a reader would, with the mouse and with the keyboard only. What must be listed is computed from
the editors' front matter under content/van-ban/ (published: not a draft, issued by the build's fixed day), never
from the page under test or a hard-coded number.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import yaml
from playwright.sync_api import expect

from browser import DEFAULT_TIMEOUT_MS, DESKTOP, LOCAL_HOST, browser_page  # noqa: F401 - fixture by import
from gazette.text import fold
from sitebuild import FIXED_TODAY, REPO

REGISTRY = "/van-ban/"
NO_JS = [pytest.param({**DESKTOP, "java_script_enabled": False}, id="no-js")]
TYPE = "Quyết định"
COUNT_RE = re.compile(r"^(Tìm thấy [\d.]+ văn bản|Không tìm thấy văn bản nào)$")
SELECTS = {"loai": "Loại văn bản", "co-quan": "Cơ quan ban hành", "nam": "Năm ban hành", "linh-vuc": "Lĩnh vực",
           "tinh-trang": "Tình trạng hiệu lực"}
COLUMNS = ["Số ký hiệu", "Trích yếu", "Loại văn bản", "Cơ quan ban hành", "Ngày ban hành", "Tình trạng"]
MAX_PAGES = 50
MAX_TABS = 400

# Visible rows of the tables inside `scope`: the link's path and every cell's text.
ROWS_JS = """(scope) => Array.from(document.querySelectorAll(scope + ' table tbody tr'))
    .filter(tr => tr.getClientRects().length)
    .map(tr => { const a = tr.querySelector('a[href]');
                 return {path: a ? new URL(a.href).pathname : null,
                         cells: Array.from(tr.cells, td => td.textContent.trim())}; })"""


# -- the documents, from content/ -------------------------------------------------------------------------------

def _front_matter(path: Path) -> dict:
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8-sig").replace("\r\n", "\n"))
    _, header, _ = text.split("---\n", 2)
    return yaml.safe_load(header) or {}


def published_documents() -> dict[str, dict]:
    """URL path → front matter of every document the sample build publishes (the build's day is FIXED_TODAY)."""
    today = date.fromisoformat(FIXED_TODAY)
    documents = {}
    for md in sorted((REPO / "content" / "van-ban").glob("*/*.md")):
        fm = _front_matter(md)
        issued = fm["issued"] if isinstance(fm["issued"], date) else date.fromisoformat(str(fm["issued"]))
        if fm.get("draft") is True or issued > today:
            continue
        documents[f"/van-ban/{md.parent.name}/{md.stem}/"] = {**fm, "issued": issued}
    return documents


DOCUMENTS = published_documents()


def of_type(kind: str) -> set[str]:
    return {url for url, fm in DOCUMENTS.items() if fm["type"] == kind}


def words(query: str) -> list[str]:
    return fold(query).split()


def matches_text(fm: dict, query: str, folding=fold) -> bool:
    """The registry's text filter: every folded word of the query is in the folded number, type and trích yếu."""
    haystack = folding(f"{fm['number']} {fm['type']} {fm['title']}")
    return all(word in haystack for word in folding(query).split())


def strip_marks_only(text: str) -> str:
    """Folding that forgets đ → d: what a filter that only strips tone marks would do."""
    text = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def leading_number(number: str) -> int:
    return int(re.match(r"\d+", number).group())


def vn_number(n: int) -> str:
    return f"{n:,}".replace(",", ".")   # 1.124


def count_text(n: int) -> str:
    return f"Tìm thấy {vn_number(n)} văn bản" if n else "Không tìm thấy văn bản nào"


# -- the page ---------------------------------------------------------------------------------------------------

def rows(browser_page, scope: str = ".gz-registry") -> list[dict]:
    return browser_page.page.evaluate(ROWS_JS, scope)


def query_state(browser_page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(browser_page.page.url).query)


def form(page):
    return page.locator("form.gz-registry__form")


def counter(page):
    return page.locator(".gz-registry .gz-registry__count")


def chip(page, label: str):
    return page.locator(".gz-registry .gz-chips").get_by_role("button", name=f"Bỏ lọc {label}", exact=True)


def sort_name(column: str) -> re.Pattern:
    return re.compile(rf"^{column}( [▲▼])?$")   # the active column's button also shows the direction


def sort_button(page, column: str):
    return page.locator(".gz-registry table thead").get_by_role("button", name=sort_name(column))


def column_header(page, column: str):
    return page.locator(".gz-registry table thead th").filter(has=page.get_by_role("button", name=sort_name(column)))


def open_registry(browser_page, **params) -> None:
    """Loads /van-ban/ (with a query) and waits until the script has built the form and counted the rows."""
    browser_page.goto(REGISTRY + ("?" + urlencode(params) if params else ""))
    expect(form(browser_page.page)).to_be_visible(timeout=DEFAULT_TIMEOUT_MS)
    expect(counter(browser_page.page)).to_have_text(COUNT_RE, timeout=DEFAULT_TIMEOUT_MS)


def expect_listing(browser_page, expected: set[str], why: str) -> list[dict]:
    """The live count says len(expected) and the table shows exactly those documents."""
    expect(counter(browser_page.page)).to_have_text(count_text(len(expected)), timeout=DEFAULT_TIMEOUT_MS)
    shown = rows(browser_page)
    paths = [r["path"] for r in shown]
    assert len(paths) == len(set(paths)), f"{why}: a document is listed twice: {paths}"
    assert set(paths) == expected, (f"{why}: missing {sorted(expected - set(paths))}; "
                                    f"unexpected {sorted(set(paths) - expected)}")
    return shown


def assert_only_local(browser_page) -> None:
    hosts = {urlsplit(url).hostname for _, url in browser_page.requests if urlsplit(url).scheme in ("http", "https")}
    assert hosts <= {LOCAL_HOST}, f"requests to other hosts: {sorted(hosts - {LOCAL_HOST})}"
    browser_page.assert_clean()


def test_sample_content_supports_these_tests():
    """The checks below need a type with several documents, a text narrowing it, and a title with đ."""
    assert len(of_type(TYPE)) >= 3
    assert 0 < sum(matches_text(DOCUMENTS[u], "cai cach") for u in of_type(TYPE)) < len(of_type(TYPE))
    assert any("đ" in fm["title"].lower() for fm in DOCUMENTS.values())


# -- without JavaScript -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("browser_page", NO_JS, indirect=True)
def test_without_javascript_the_table_lists_every_published_document(browser_page):
    page = browser_page.page
    browser_page.goto(REGISTRY)
    assert form(page).count() == 0, "the filter form exists without JavaScript"
    assert page.locator(".gz-registry").is_hidden(), "the empty JavaScript registry is shown without JavaScript"
    total = page.locator(".gz-listing .gz-total").first.inner_text()
    assert total == f"Tổng số: {vn_number(len(DOCUMENTS))} văn bản", total
    header = [t.strip() for t in page.locator(".gz-listing table thead th").all_inner_texts()]
    assert header == COLUMNS

    shown = []
    for _ in range(MAX_PAGES):
        shown += rows(browser_page, ".gz-listing")
        following = page.locator(".md-content").get_by_role("link", name="Trang sau", exact=True)
        if not following.count():
            break
        before = browser_page.path
        following.first.click()
        page.wait_for_url(lambda url, b=before: urlsplit(url).path != b)
    paths = [r["path"] for r in shown]
    assert len(paths) == len(set(paths)), "a document is listed twice"
    assert set(paths) == set(DOCUMENTS), (f"missing: {sorted(set(DOCUMENTS) - set(paths))}; "
                                          f"unexpected: {sorted(set(paths) - set(DOCUMENTS))}")
    for row in shown:
        fm = DOCUMENTS[row["path"]]
        assert row["cells"][1:3] == [fm["title"], fm["type"]], row
        assert row["cells"][4] == fm["issued"].strftime("%d/%m/%Y"), row
    browser_page.assert_clean()


@pytest.mark.parametrize("browser_page", NO_JS, indirect=True)
def test_without_javascript_facet_links_with_counts_lead_to_their_documents(browser_page):
    page = browser_page.page
    browser_page.goto(REGISTRY)
    facets = page.locator("nav.gz-facets")
    expect(facets).to_be_visible()

    # every type and every year is offered with the number of its documents
    def offered(facet: str) -> dict[str, int]:
        items = facets.locator(f"section[data-facet='{facet}'] li").all_inner_texts()
        found = (re.fullmatch(r"(.+?) \(([\d.]+)\)", " ".join(item.split())) for item in items)
        return {m.group(1): int(m.group(2).replace(".", "")) for m in found if m}

    types: dict[str, int] = {}
    years: dict[str, int] = {}
    for fm in DOCUMENTS.values():
        types[fm["type"]] = types.get(fm["type"], 0) + 1
        years[str(fm["issued"].year)] = years.get(str(fm["issued"].year), 0) + 1
    assert offered("type") == types
    assert offered("year") == years

    # follow "Quyết định"
    expected = of_type(TYPE)
    facets.locator("section[data-facet='type']").get_by_role("link", name=TYPE, exact=True).click()
    browser_page.wait_for_path("/van-ban/loai/quyet-dinh/")
    assert TYPE.lower() in page.get_by_role("heading", level=1).first.inner_text().lower()
    assert page.locator(".gz-listing .gz-total").first.inner_text().startswith(f"{vn_number(len(expected))} văn bản")
    shown = rows(browser_page, ".gz-listing")
    others = [f"{r['path']} ({r['cells'][2]})" for r in shown if r["cells"][2] != TYPE]
    assert not others, "the Quyết định page lists other types: " + ", ".join(others)
    assert {r["path"] for r in shown} == expected, (f"missing: {sorted(expected - {r['path'] for r in shown})}")
    assert len(shown) == len(expected)
    browser_page.assert_clean()


# -- with JavaScript --------------------------------------------------------------------------------------------

def test_filters_live_count_url_state_and_reload(browser_page):
    page = browser_page.page
    open_registry(browser_page)
    expect_listing(browser_page, set(DOCUMENTS), "no filter")
    assert page.locator(".gz-listing > .gz-table-wrap").is_hidden(), "the static table is still shown"
    for name, label in SELECTS.items():   # one labelled select per facet, "Tất cả" by default
        select = form(page).get_by_label(label, exact=True)
        assert select.get_attribute("id") == f"gz-{name}" and select.input_value() == "", name

    # Loại văn bản = Quyết định
    form(page).get_by_label("Loại văn bản", exact=True).select_option(label=TYPE)
    shown = expect_listing(browser_page, of_type(TYPE), "loai=Quyết định")
    assert {r["cells"][2] for r in shown} == {TYPE}
    assert query_state(browser_page) == {"loai": [TYPE]}

    # … and a text typed without diacritics
    text = "cai cach"
    expected = {u for u in of_type(TYPE) if matches_text(DOCUMENTS[u], text)}
    box = form(page).get_by_label("Tìm theo số ký hiệu hoặc trích yếu", exact=True)
    box.press_sequentially(text)
    shown = expect_listing(browser_page, expected, f"loai=Quyết định, q={text}")
    for row in shown:
        folded = fold(" ".join(row["cells"][:3]))
        assert all(w in folded for w in words(text)), f"{row['cells'][0]} does not match `{text}`: {row['cells'][1]}"
    assert query_state(browser_page) == {"loai": [TYPE], "q": [text]}

    # reload: the filters, the form and the count come back from the URL
    page.reload(wait_until="load")
    expect(form(page)).to_be_visible(timeout=DEFAULT_TIMEOUT_MS)
    expect_listing(browser_page, expected, "after reload")
    assert form(page).get_by_label("Loại văn bản", exact=True).input_value() == TYPE
    assert box.input_value() == text
    assert query_state(browser_page) == {"loai": [TYPE], "q": [text]}

    # a word written with đ, typed with d: "dia ban" must find "địa bàn"
    text = "dia ban"
    expected = {u for u in of_type(TYPE) if matches_text(DOCUMENTS[u], text)}
    assert expected, f"no Quyết định has `{text}` in its trích yếu: choose another word"
    assert not any(matches_text(DOCUMENTS[u], text, strip_marks_only) for u in expected), "the word has no đ"
    box.fill(text)
    shown = expect_listing(browser_page, expected, f"loai=Quyết định, q={text}")
    for row in shown:
        assert "địa bàn" in row["cells"][1].lower(), row
    assert query_state(browser_page) == {"loai": [TYPE], "q": [text]}

    # and the other way round: typed with đ and tone marks, in capitals, it finds the same documents
    box.fill("ĐỊA BÀN")
    expect_listing(browser_page, expected, "loai=Quyết định, q=ĐỊA BÀN")
    assert query_state(browser_page) == {"loai": [TYPE], "q": ["ĐỊA BÀN"]}
    assert_only_local(browser_page)


def test_chip_removes_its_filter_by_click_and_by_keyboard(browser_page):
    page = browser_page.page
    text = "cai cach"
    with_type = {u for u in of_type(TYPE) if matches_text(DOCUMENTS[u], text)}
    without_type = {u for u, fm in DOCUMENTS.items() if matches_text(fm, text)}
    assert with_type != without_type
    open_registry(browser_page, loai=TYPE, q=text)   # the state comes in through the URL
    expect_listing(browser_page, with_type, "from the URL")
    select = form(page).get_by_label("Loại văn bản", exact=True)

    for how in ("click", "keyboard"):
        if how == "keyboard":
            select.select_option(label=TYPE)
            expect_listing(browser_page, with_type, "loai chosen again")
        type_chip = chip(page, f"Loại văn bản: {TYPE}")
        expect(type_chip).to_have_count(1)
        assert " ".join(type_chip.inner_text().split()) == f"Loại văn bản: {TYPE} ×"
        expect(chip(page, f"Từ khóa: {text}")).to_have_count(1)
        if how == "click":
            type_chip.click()
        else:
            type_chip.focus()
            page.keyboard.press("Enter")
        expect_listing(browser_page, without_type, f"chip removed by {how}")
        expect(type_chip).to_have_count(0)
        expect(chip(page, f"Từ khóa: {text}")).to_have_count(1)
        assert select.input_value() == ""
        assert query_state(browser_page) == {"q": [text]}, f"{how}: {page.url}"
        assert page.evaluate("() => document.activeElement && document.activeElement.id") == "gz-loai", (
            f"{how}: focus is lost after removing the chip")
    assert_only_local(browser_page)


def test_sort_by_number_then_reversed(browser_page):
    page = browser_page.page
    open_registry(browser_page)
    # default: newest first
    expect(column_header(page, "Ngày ban hành")).to_have_attribute("aria-sort", "descending")
    issued = [date(*map(int, reversed(r["cells"][4].split("/")))) for r in rows(browser_page)]
    assert issued == sorted(issued, reverse=True)

    ascending_numbers = sorted(leading_number(fm["number"]) for fm in DOCUMENTS.values())
    sort_button(page, "Số ký hiệu").click()
    expect(column_header(page, "Số ký hiệu")).to_have_attribute("aria-sort", "ascending")
    for other in COLUMNS[1:]:
        expect(column_header(page, other)).to_have_attribute("aria-sort", "none")
    ascending = [r["cells"][0] for r in rows(browser_page)]
    assert [leading_number(n) for n in ascending] == ascending_numbers, ascending
    assert query_state(browser_page) == {"sap-xep": ["number-asc"]}

    sort_button(page, "Số ký hiệu").click()
    expect(column_header(page, "Số ký hiệu")).to_have_attribute("aria-sort", "descending")
    descending = [r["cells"][0] for r in rows(browser_page)]
    assert descending == list(reversed(ascending)), descending
    assert query_state(browser_page) == {"sap-xep": ["number-desc"]}
    assert len(descending) == len(DOCUMENTS)
    assert_only_local(browser_page)


def test_date_range_narrows_to_documents_issued_within_it(browser_page):
    page = browser_page.page
    start, end = date(2020, 3, 31), date(2021, 7, 15)
    expected = {u for u, fm in DOCUMENTS.items() if start <= fm["issued"] <= end}
    on_bounds = {fm["issued"] for u, fm in DOCUMENTS.items() if u in expected} & {start, end}
    assert on_bounds == {start, end}, "the sample has no document issued on a bound: the bounds test nothing"
    assert 0 < len(expected) < len(DOCUMENTS)

    open_registry(browser_page)
    form(page).get_by_label("Ban hành từ ngày", exact=True).fill(start.isoformat())
    expect_listing(browser_page, {u for u, fm in DOCUMENTS.items() if fm["issued"] >= start}, "from the start only")
    form(page).get_by_label("Đến ngày", exact=True).fill(end.isoformat())
    shown = expect_listing(browser_page, expected, f"{start} – {end}")
    for row in shown:
        day = date(*map(int, reversed(row["cells"][4].split("/"))))
        assert start <= day <= end, row
    assert query_state(browser_page) == {"tu": [start.isoformat()], "den": [end.isoformat()]}
    expect(chip(page, f"Từ ngày: {start:%d/%m/%Y}")).to_have_count(1)
    expect(chip(page, f"Đến ngày: {end:%d/%m/%Y}")).to_have_count(1)

    page.reload(wait_until="load")
    expect(form(page)).to_be_visible(timeout=DEFAULT_TIMEOUT_MS)
    expect_listing(browser_page, expected, "date range after reload")
    assert form(page).get_by_label("Ban hành từ ngày", exact=True).input_value() == start.isoformat()
    assert_only_local(browser_page)


def test_the_count_is_a_live_status(browser_page):
    page = browser_page.page
    open_registry(browser_page)
    count = counter(page)
    assert count.get_attribute("role") == "status"
    assert count.get_attribute("aria-live") == "polite"
    status = page.get_by_role("status").filter(has_text=COUNT_RE)
    expect(status).to_have_count(1)
    expect(status).to_have_text(count_text(len(DOCUMENTS)))
    form(page).get_by_label("Loại văn bản", exact=True).select_option(label=TYPE)
    expect(status).to_have_text(count_text(len(of_type(TYPE))))
    assert_only_local(browser_page)


# -- keyboard only ----------------------------------------------------------------------------------------------

# What has the focus: an id for the form's fields, "sort:<column>" for a column button, "chip:<label>" for a chip.
FOCUSED_JS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  if (e.closest('form.gz-registry__form') && e.id) return e.id;
  if (e.classList.contains('gz-sort')) return 'sort:' + e.textContent.replace(/ [▲▼]$/, '');
  if (e.classList.contains('gz-chip')) return 'chip:' + e.getAttribute('aria-label');
  return (e.tagName + '#' + (e.id || '') + ' ' + (e.textContent || '').trim().slice(0, 30)).trim();
}"""


def test_keyboard_only_reaches_and_operates_every_control(browser_page):
    page = browser_page.page
    open_registry(browser_page, tu="2017-01-01", den=FIXED_TODAY)   # two chips to begin with

    def tab_to(target: str, *, back: bool = False) -> list[str]:
        seen = []
        for _ in range(MAX_TABS):
            page.keyboard.press("Shift+Tab" if back else "Tab")
            focused = page.evaluate(FOCUSED_JS)
            seen.append(focused)
            if focused == target:
                return seen
        raise AssertionError(f"{MAX_TABS} presses of Tab never reached {target}; focus went through: "
                             + " → ".join(dict.fromkeys(map(str, seen))))

    # Tab to the text filter and type without diacritics
    seen = tab_to("gz-q")
    page.keyboard.type("cai cach")
    expect(counter(page)).to_have_text(
        count_text(sum(matches_text(fm, "cai cach") for fm in DOCUMENTS.values())), timeout=DEFAULT_TIMEOUT_MS)

    # on to "Loại văn bản": typing a letter on a select picks the first option starting with it
    seen += tab_to("gz-loai")
    page.keyboard.type("Q")
    expect(counter(page)).to_have_text(count_text(sum(
        matches_text(fm, "cai cach") and fm["type"] == TYPE for fm in DOCUMENTS.values())), timeout=DEFAULT_TIMEOUT_MS)

    # every other field, every chip and every column button is reached with Tab: form, then chips, then table
    last_day = date.fromisoformat(FIXED_TODAY)
    fields = [f"gz-{name}" for name in SELECTS if name != "loai"] + ["gz-tu", "gz-den"]
    chips = ["chip:Bỏ lọc Từ khóa: cai cach", f"chip:Bỏ lọc Loại văn bản: {TYPE}", "chip:Bỏ lọc Từ ngày: 01/01/2017",
             f"chip:Bỏ lọc Đến ngày: {last_day:%d/%m/%Y}"]
    wanted = fields + chips + [f"sort:{c}" for c in COLUMNS]
    seen += tab_to("sort:Số ký hiệu")
    for target in wanted:
        if target not in seen:
            seen += tab_to(target)
    missing = [t for t in wanted + ["gz-q", "gz-loai"] if t not in seen]
    assert not missing, f"not reached with Tab: {missing}"
    first = {t: seen.index(t) for t in wanted}
    sorts = [f"sort:{c}" for c in COLUMNS]
    assert max(first[t] for t in fields) < min(first[t] for t in chips), f"Tab order: {seen}"
    assert max(first[t] for t in chips) < min(first[t] for t in sorts), f"Tab order: {seen}"

    # Enter on a column button sorts by it and keeps the focus there
    tab_to("sort:Số ký hiệu", back=True)
    page.keyboard.press("Enter")
    expect(column_header(page, "Số ký hiệu")).to_have_attribute("aria-sort", "ascending")
    assert page.evaluate(FOCUSED_JS) == "sort:Số ký hiệu"
    page.keyboard.press("Space")
    expect(column_header(page, "Số ký hiệu")).to_have_attribute("aria-sort", "descending")

    # back to the "Loại văn bản" chip: Enter removes the filter and puts the focus on its field
    tab_to(f"chip:Bỏ lọc Loại văn bản: {TYPE}", back=True)
    page.keyboard.press("Enter")
    expect(counter(page)).to_have_text(
        count_text(sum(matches_text(fm, "cai cach") for fm in DOCUMENTS.values())), timeout=DEFAULT_TIMEOUT_MS)
    assert page.evaluate(FOCUSED_JS) == "gz-loai"
    assert query_state(browser_page) == {"q": ["cai cach"], "tu": ["2017-01-01"], "den": [FIXED_TODAY],
                                         "sap-xep": ["number-desc"]}
    assert_only_local(browser_page)
