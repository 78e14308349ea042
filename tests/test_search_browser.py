"""Search that works in Vietnamese: a real Chromium on the built sample site, through the search page's own UI.

One browser context and one page serve the whole module (the Pagefind index is loaded once); each query is
typed into the search page, and the test waits on `.gz-search__status` (and the rendered list) instead of
sleeping. Every request, console error and page error of the module is recorded: each test fails on a new one,
and the last test checks the whole run (only 127.0.0.1 was ever contacted).

The queries are a table: adding a case is one line in QUERIES. Every case also checks that each result shown
is an article or document whose own indexed content can match the query (`content_matches`, the index model in
test_search_index.py), so nothing is found through navigation, footer or ignored sections.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from browser import (ARTICLE_URL, DESKTOP, DOCUMENT_NUMBER, DOCUMENT_URL, BrowserPage,
                     site_server)  # noqa: F401 - fixtures are registered by importing them
from gazette.text import fold
from test_search_index import content_matches, indexed_pages, is_content_path, query_terms

SEARCH_PATH = "/tim-kiem/"
PAGE_SIZE = 10  # results rendered before "Xem thêm kết quả"

# Seed content (content/…)
DOC_754 = DOCUMENT_URL
DOC_30_2020 = "/van-ban/2020/30-2020-nd-cp/"
DOC_3052 = "/van-ban/2019/3052-qd-ubnd/"
DOC_15_2020 = "/van-ban/2020/15-kh-bqlkcn/"
DOC_15_2021 = "/van-ban/2021/15-kh-bqlkcn/"
DOC_2231 = "/van-ban/2022/2231-snv-cchc-pc/"
DOC_61_2018 = "/van-ban/2018/61-2018-nd-cp/"
DOC_06_TTG = "/van-ban/2022/06-qd-ttg/"
DOC_76 = "/van-ban/2021/76-nq-cp/"
DOC_118 = "/van-ban/2025/118-2025-nd-cp/"
DOC_123 = "/van-ban/2023/123-bqlkcn-vp/"
DOC_27_2017 = "/van-ban/2017/27-2017-qd-ubnd/"
DOC_05_CT = "/van-ban/2023/05-ct-ubnd/"
ART_DON_GIAN_HOA = "/tin-tuc/2021/don-gian-hoa-thu-tuc-linh-vuc-xay-dung/"
ART_DVC = "/tin-tuc/2019/dich-vu-cong-truc-tuyen-linh-vuc-dau-tu/"
ART_CONG_HOA = "/tin-tuc/2020/huong-ung-ngay-phap-luat-nam-2020/"
ART_DOI_THOAI_2019 = "/tin-tuc/2019/doi-thoai-voi-doanh-nghiep-nam-2019/"
ART_DOI_THOAI_2026 = "/tin-tuc/2026/doi-thoai-voi-doanh-nghiep-nam-2026/"
ART_SO_HOA = "/tin-tuc/2022/so-hoa-ho-so-thu-tuc-hanh-chinh/"
ART_DAY_MANH_NOP = "/tin-tuc/2023/day-manh-nop-ho-so-truc-tuyen/"
ART_DE_AN_06 = "/tin-tuc/2022/day-manh-trien-khai-de-an-06/"
ART_VAN_THU = "/tin-tuc/2020/doi-moi-cong-tac-van-thu-luu-tru/"
ART_KY_LUAT = "/tin-tuc/2023/siet-chat-ky-luat-ky-cuong-hanh-chinh/"
ART_CONG_KHAI = "/tin-tuc/2024/cong-khai-minh-bach-thu-tuc-hanh-chinh/"
ART_GIOI_THIEU_2019 = "/tin-tuc/2019/tuyen-truyen-phap-luat-cho-nguoi-lao-dong/"
ART_GIOI_THIEU_2023 = "/tin-tuc/2023/ngay-phap-luat-tai-cac-khu-cong-nghiep/"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@dataclass(frozen=True)
class Q:
    """One query and what the results must be. Unset expectations are not checked."""
    query: str
    first: str | None = None             # the first result
    top: tuple[str, ...] = ()            # the first len(top) results, in any order
    among: tuple[str, ...] = ()          # each is a result (on the first page of results)
    title_has: str | None = None         # the first result's title contains every word of this (folded)
    exactly: tuple[str, ...] | None = None  # the complete set of results
    none: bool = False                   # "Không tìm thấy kết quả"
    note: str = ""

    @property
    def id(self) -> str:
        return f"{self.query} [{self.note}]" if self.note else self.query


QUERIES = [
    # -- with and without diacritics, đ → d, any case, NFC/NFD, old and new tone placement ----------------------
    Q("quyết định", title_has="quyết định", among=(DOC_754,)),
    Q("quyet dinh", title_has="quyết định", among=(DOC_754,)),
    Q("đầu tư", title_has="đầu tư", among=(ART_DVC,)),
    Q("dau tu", title_has="đầu tư", among=(ART_DVC,)),
    Q("ĐẦU TƯ", title_has="đầu tư", among=(ART_DVC,)),
    Q("Đơn giản hóa", first=ART_DON_GIAN_HOA),
    Q("don gian hoa", first=ART_DON_GIAN_HOA),
    Q("Đơn giản hoá", first=ART_DON_GIAN_HOA, note="old tone placement"),
    Q(nfd("Đơn giản hóa"), first=ART_DON_GIAN_HOA, note="NFD"),
    Q("cai cach hanh chinh", title_has="cải cách hành chính"),
    Q("Cải Cách", title_has="cải cách"),
    Q(nfd("Cải cách hành chính"), title_has="cải cách hành chính", note="NFD"),
    Q("dich vu cong truc tuyen", first=ART_DVC),
    Q("lưu khoá bí mật", first=DOC_30_2020, note="old tone placement, the text has khóa"),
    Q("Cộng hoà xã hội chủ nghĩa", first=ART_CONG_HOA, note="old tone placement, the text has hòa"),
    Q("Uỷ ban nhân dân", among=(DOC_754, DOC_3052), note="old tone placement, the text has Ủy"),
    Q("ĐỐI THOẠI", top=(ART_DOI_THOAI_2019, ART_DOI_THOAI_2026)),
    Q("doi thoai voi doanh nghiep", top=(ART_DOI_THOAI_2019, ART_DOI_THOAI_2026)),
    Q(nfd("Đối thoại với doanh nghiệp"), top=(ART_DOI_THOAI_2019, ART_DOI_THOAI_2026), note="NFD"),
    Q("day manh", top=(ART_DAY_MANH_NOP, ART_DE_AN_06)),
    Q("de an 06", first=ART_DE_AN_06),
    Q("Số hóa hồ sơ", first=ART_SO_HOA),
    Q("so hoa ho so", first=ART_SO_HOA),
    Q("Đặng Quốc Việt", among=(DOC_123,), note="signer"),
    Q("dang quoc viet", among=(DOC_123,), note="signer"),
    # -- document numbers in every written form: the document itself first -------------------------------------
    Q("754/QĐ-UBND", first=DOC_754),
    Q("754/QD-UBND", first=DOC_754),
    Q("754/qđ-ubnd", first=DOC_754),
    Q("QĐ 754", first=DOC_754),
    Q("qd 754", first=DOC_754),
    Q("754", first=DOC_754),
    Q("30/2020/ND-CP", first=DOC_30_2020),
    Q("30/2020/NĐ-CP", first=DOC_30_2020),
    Q("nd 30", first=DOC_30_2020),
    Q("3052/QĐ-UBND", first=DOC_3052),
    Q("qđ 3052", first=DOC_3052),
    Q("15/KH-BQLKCN", top=(DOC_15_2020, DOC_15_2021), note="one number, two years"),
    Q("kh 15", top=(DOC_15_2020, DOC_15_2021)),
    Q("2231/SNV-CCHC&PC", first=DOC_2231),
    Q("2231", first=DOC_2231),
    Q("61/2018/ND-CP", first=DOC_61_2018),
    Q("61/2018/NĐ-CP", first=DOC_61_2018),
    Q("NĐ 61", first=DOC_61_2018),
    Q("06/QD-TTg", first=DOC_06_TTG),
    Q("6/QĐ-TTg", first=DOC_06_TTG, note="no leading zero"),
    Q("76/NQ-CP", first=DOC_76),
    Q("118/2025/nd-cp", first=DOC_118),
    Q("27/2017/QĐ-UBND", first=DOC_27_2017),
    Q("ct 05", first=DOC_05_CT),
    # -- several words: all must match ----------------------------------------------------------------------------
    Q("bưu chính Phan Thiết", none=True, note="words of two different articles"),
    Q("COVID Phan Thiết", none=True, note="words of two different articles"),
    Q("Phan Thiết doanh nghiệp", first=ART_DOI_THOAI_2019),
    Q("văn thư lưu trữ", first=ART_VAN_THU),
    Q("kỷ luật kỷ cương", first=ART_KY_LUAT),
    Q("ky luat ky cuong", first=ART_KY_LUAT),
    Q("công khai minh bạch", first=ART_CONG_KHAI),
    # -- only page content: words of the navigation, header, footer, ignored sections ------------------------------
    Q("Giới thiệu", exactly=(ART_GIOI_THIEU_2019, ART_GIOI_THIEU_2023), note="a navigation entry"),
    Q("Liên hệ", note="a navigation entry"),
    Q("Trang chủ", note="a navigation entry"),
    Q("Tìm kiếm", note="a navigation entry and the header search label"),
    Q("Văn bản liên quan", note="heading of an ignored section"),
    Q("Tin cùng chuyên mục", note="label of an ignored section"),
    Q("example.gov.vn", none=True, note="the print-only page address, outside the indexed element"),
    # -- nonsense -------------------------------------------------------------------------------------------------
    Q("xyzzy qwerty", none=True),
]

# Pairs that must find the same pages: `(reference, variant, relation)`; "same" for equal sets, "subset" when
# the variant is a folded (broader) form of the reference and must find at least the same pages.
EQUIVALENT = [
    ("Đơn giản hóa", nfd("Đơn giản hóa"), "same"),
    ("Đơn giản hóa", "Đơn giản hoá", "same"),
    ("Cộng hòa", "Cộng hoà", "same"),
    ("đầu tư", "ĐẦU TƯ", "same"),
    ("quyết định", "quyet dinh", "subset"),
    ("đầu tư", "dau tu", "subset"),
    ("Đặng Quốc Việt", "dang quoc viet", "subset"),
    ("754/QĐ-UBND", "754/QD-UBND", "same"),
    ("61/2018/NĐ-CP", "61/2018/ND-CP", "same"),
    ("30/2020/NĐ-CP", "30/2020/ND-CP", "same"),
]

# ---------------------------------------------------------------------------------------------------------------

RESULTS_JS = """() => Array.from(document.querySelectorAll('.gz-search__results > li.gz-result:not(.gz-result--more)'))
  .map(li => {
    const a = li.querySelector('.gz-result__title a');
    const excerpt = li.querySelector('.gz-result__excerpt');
    return {
      url: a ? new URL(a.href).pathname : null,
      title: a ? a.textContent : null,
      meta: (li.querySelector('.gz-result__meta') || {}).textContent || '',
      excerpt_html: excerpt ? excerpt.innerHTML : '',
      excerpt_text: excerpt ? excerpt.textContent : '',
      marks: excerpt ? Array.from(excerpt.querySelectorAll('mark')).map(m => m.textContent) : [],
    };
  })"""

# True once the status announces the final answer for `query` and the list shows `shown` results of it.
SETTLED_JS = """({query, shown}) => {
  const status = document.querySelector('.gz-search__status').textContent;
  const want = query.normalize('NFC').trim();
  if (want && !status.includes('\\u201c' + want + '\\u201d')) return false;
  if (status.startsWith('Không tìm thấy kết quả')) return true;
  const m = status.match(/^Tìm thấy ([\\d.]+) kết quả/);
  if (!m) return false;
  const total = parseInt(m[1].replace(/\\./g, ''), 10);
  const items = document.querySelectorAll('.gz-search__results > li.gz-result:not(.gz-result--more)').length;
  const more = document.querySelectorAll('.gz-search__results > li.gz-result--more').length;
  const expected = Math.min(total, shown);
  const busy = document.querySelector('.gz-search__results').getAttribute('aria-busy') === 'true';
  return !busy && items === expected && more === (total > expected ? 1 : 0);
}"""

READY_JS = "() => document.querySelectorAll('.gz-search__filters select').length > 0"
RESET_JS = """() => {
  document.querySelector('.gz-search__status').textContent = '';
  document.querySelector('.gz-search__results').replaceChildren();
}"""


@dataclass
class Answer:
    query: str
    status: str
    total: int
    results: list[dict] = field(default_factory=list)

    @property
    def urls(self) -> list[str]:
        return [r["url"] for r in self.results]

    def top(self, n: int = 3) -> str:
        return "; ".join(f"{r['url']} ({r['title']})" for r in self.results[:n]) or "no results"


class SearchUI:
    """The search page of the shared browser page."""

    def __init__(self, session: BrowserPage):
        self.session = session
        self.page = session.page

    # -- navigation ----------------------------------------------------------------------------------------------
    def open(self, query: str | None = None, **params) -> Answer | None:
        """Loads /tim-kiem/ (with ?q= and filters) and waits for the index, and for the answer if there is one."""
        path = SEARCH_PATH
        if query is not None or params:
            path += "?" + urlencode({**({"q": query} if query is not None else {}), **params})
        self.session.goto(path)
        self.page.wait_for_function(READY_JS)
        if query or params:
            return self.settled(query or "")
        return None

    def ensure_clean_page(self) -> None:
        on_page = self.session.path == SEARCH_PATH and self.page.evaluate(READY_JS)
        filtered = on_page and self.page.evaluate(
            "() => Array.from(document.querySelectorAll('.gz-search__filters select')).some(s => s.value)")
        if not on_page or filtered:
            self.open()

    # -- answers ---------------------------------------------------------------------------------------------------
    def settled(self, query: str, shown: int = PAGE_SIZE) -> Answer:
        self.page.wait_for_function(SETTLED_JS, arg={"query": query, "shown": shown})
        return self.answer(query)

    def answer(self, query: str) -> Answer:
        status = " ".join(self.page.locator(".gz-search__status").inner_text().split())
        m = re.match(r"Tìm thấy ([\d.]+) kết quả", status)
        return Answer(query, status, int(m.group(1).replace(".", "")) if m else 0, self.page.evaluate(RESULTS_JS))

    def search(self, query: str) -> Answer:
        """Types `query` into the search box (as a reader would: the box searches as you type)."""
        self.ensure_clean_page()
        box = self.page.locator("#gz-search-q")
        box.fill("")
        self.page.evaluate(RESET_JS)
        box.fill(query)
        return self.settled(query)

    def change_filter(self, label: str, value: str, query: str) -> Answer:
        self.page.evaluate(RESET_JS)
        self.page.get_by_label(label, exact=True).select_option(value)
        return self.settled(query)

    def load_all(self, answer: Answer) -> Answer:
        """Clicks "Xem thêm kết quả" until every result is shown."""
        shown = PAGE_SIZE
        while len(answer.results) < answer.total:
            more = self.page.get_by_role("button", name="Xem thêm kết quả")
            assert more.count() == 1, f"{answer.total} results, {len(answer.results)} shown and no 'Xem thêm' button"
            more.click()
            shown += PAGE_SIZE
            answer = self.settled(answer.query, shown)
        return answer

    def search_all(self, query: str) -> Answer:
        return self.load_all(self.search(query))


# -- fixtures ----------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def session(site_server):
    """One browser context and page for the module; closed at the end."""
    session = BrowserPage.open(site_server, DESKTOP)
    try:
        yield session
    finally:
        session.close()


@pytest.fixture(scope="module")
def ui(session):
    ui = SearchUI(session)
    ui.open()
    return ui


@pytest.fixture(autouse=True)
def no_new_problems(request, session):
    """Fails the test (at teardown) on any request to another host, console error or page error it caused."""
    before = len(session.problems())
    yield
    new = session.problems()[before:]
    if new:
        pytest.fail(f"{request.node.name}: the browser reported problems:\n" + "\n".join(new), pytrace=False)


@pytest.fixture(scope="module")
def site(site_server):
    return site_server.root


def words_in(text: str) -> set[str]:
    return set(re.findall(r"\w+", fold(text)))


def content_path_problems(site, answer: Answer) -> list[str]:
    pages = indexed_pages(site)
    return [f"{url} is not an article or document page" for url in answer.urls
            if not is_content_path(url or "") or url not in pages]


# -- the query table ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("case", QUERIES, ids=[q.id for q in QUERIES])
def test_query(ui, site, case: Q):
    answer = ui.search(case.query)
    context = f"query {case.query!r}: {answer.status!r}; top 3: {answer.top()}"

    if case.none:
        assert answer.status.startswith("Không tìm thấy kết quả"), context
        assert not answer.results, context
        assert not content_matches(site, case.query), f"bad expectation: some page matches {case.query!r}"
        return
    assert answer.total > 0 and answer.results, context
    if case.first:
        assert answer.urls[0] == case.first, f"expected {case.first} first; {context}"
    if case.top:
        assert set(answer.urls[:len(case.top)]) == set(case.top), f"expected {sorted(case.top)} first; {context}"
    for url in case.among:
        assert url in answer.urls, f"expected {url} among the results; {context}"
    if case.title_has:
        missing = words_in(case.title_has) - words_in(answer.results[0]["title"])
        assert not missing, f"the first result's title lacks {sorted(missing)}; {context}"
    if case.exactly is not None:
        everything = ui.load_all(answer)
        assert sorted(everything.urls) == sorted(case.exactly), context

    # every result shown is a content page that can match the query through its own content
    assert not content_path_problems(site, answer), context
    allowed = content_matches(site, case.query)
    outside = [url for url in answer.urls if url not in allowed]
    assert not outside, (f"results whose indexed content lacks a word of {case.query!r} "
                         f"({query_terms(case.query)}): {outside}; {context}")


def test_the_table_has_at_least_30_queries():
    assert len(QUERIES) >= 30
    assert len({q.id for q in QUERIES}) == len(QUERIES), "duplicate query ids"


# -- folding is symmetric: every written form finds the same pages --------------------------------------------------

@pytest.mark.parametrize("reference, variant, relation", EQUIVALENT,
                         ids=[f"{a} ~ {b}" + (" [NFD]" if b != unicodedata.normalize("NFC", b) else "")
                              for a, b, _ in EQUIVALENT])
def test_written_forms_find_the_same_pages(ui, reference, variant, relation):
    first = set(ui.search_all(reference).urls)
    second = set(ui.search_all(variant).urls)
    lost = sorted(first - second)
    assert not lost, f"{variant!r} misses pages that {reference!r} finds: {lost}"
    if relation == "same":
        extra = sorted(second - first)
        assert not extra, f"{reference!r} misses pages that {variant!r} finds: {extra}"


# -- several words: every result has every word -------------------------------------------------------------------

@pytest.mark.parametrize("query", ["Phan Thiết doanh nghiệp", "thủ tục đầu tư", "hồ sơ trực tuyến toàn trình",
                                   "một cửa liên thông", "chỉ số cải cách hành chính 2019"])
def test_every_result_contains_every_word(ui, site, query):
    answer = ui.search_all(query)
    assert answer.results, f"{query!r}: {answer.status}"
    pages = indexed_pages(site)
    for result in answer.results:
        page = pages[result["url"]]
        missing = [t for t in query_terms(query) if not page.has_prefix(t)]
        assert not missing, f"{query!r}: {result['url']} has no word starting with {missing}"


# -- only page content is indexed; listing pages never appear --------------------------------------------------------

@pytest.mark.parametrize("query", ["Liên hệ", "Trang chủ", "Tin tức", "Văn bản", "Chuyên mục", "Từ khóa",
                                   "cải cách hành chính", "thủ tục hành chính"])
def test_navigation_words_and_listings(ui, site, query):
    answer = ui.search_all(query)
    assert answer.total == len(answer.results)
    assert not content_path_problems(site, answer), answer.urls
    assert SEARCH_PATH not in answer.urls
    allowed = content_matches(site, query)
    assert len(allowed) < len(indexed_pages(site)) or query in ("cải cách hành chính", "thủ tục hành chính"), \
        f"{query!r} is not a discriminating probe: every page's content matches it"
    outside = sorted(set(answer.urls) - allowed)
    assert not outside, f"{query!r} found pages whose content does not contain it (navigation text?): {outside}"


# -- presentation ---------------------------------------------------------------------------------------------------

def test_result_presentation(ui, session):
    page = ui.page
    answer = ui.search(DOCUMENT_NUMBER)
    assert re.fullmatch(rf"Tìm thấy {len(answer.results)} kết quả cho “{re.escape(DOCUMENT_NUMBER)}”", answer.status), \
        answer.status
    first = answer.results[0]
    assert first["url"] == DOC_754 and first["title"] == f"Quyết định số {DOCUMENT_NUMBER}", answer.top()
    assert first["meta"] == "Văn bản · 31/3/2020"
    assert any(fold(m).strip(".,;") == fold(DOCUMENT_NUMBER).lower() for m in first["marks"]), first["excerpt_html"]
    assert "<mark>" in first["excerpt_html"]
    article = next(r for r in answer.results if r["url"] == ARTICLE_URL)
    assert article["meta"] == "Tin bài · 10/4/2020"
    for result in answer.results:
        assert re.fullmatch(r"(Tin bài|Văn bản) · \d{1,2}/\d{1,2}/\d{4}", result["meta"]), result
        assert result["marks"], f"no highlighted word in the excerpt of {result['url']}"
    # the list is an ordered list of headed links, so screen readers announce "list, N items" and headings
    assert page.locator("ol.gz-search__results > li.gz-result h2.gz-result__title a").count() == len(answer.results)
    assert page.locator(".gz-search__status").get_attribute("role") == "status"

    # nonsense: a Vietnamese "nothing found" and an empty list
    nothing = ui.search("xyzzy qwerty")
    assert nothing.status.startswith("Không tìm thấy kết quả cho “xyzzy qwerty”"), nothing.status
    assert page.locator(".gz-search__results > li").count() == 0

    # a result opens its page
    ui.search(DOCUMENT_NUMBER)
    page.locator(".gz-search__results .gz-result__title a").first.click()
    session.wait_for_path(DOC_754)
    assert page.get_by_role("heading", level=1).inner_text().strip() == f"Quyết định số {DOCUMENT_NUMBER}"


@pytest.mark.parametrize("query", ["754/QD-UBND", "61/2018/ND-CP", "dau tu", "quyet dinh"])
def test_excerpts_show_page_text_not_the_hidden_folded_field(ui, site, query):
    """The `khong-dau` field is hidden on the page; an excerpt quoting it shows readers `dinh danh dia duoc…`."""
    answer = ui.search(query)
    pages = indexed_pages(site)
    leaks = []
    for result in answer.results:
        page = pages[result["url"]]
        visible = {w.strip(".,;:()") for w in page.visible_text.lower().split()}
        hidden_only = set(page.folded_field) - visible
        shown = {w.strip(".,;:()…") for w in result["excerpt_text"].lower().split()}
        if shown & hidden_only:
            leaks.append(f"{result['url']}: {' '.join(result['excerpt_text'].split())!r}")
    assert not leaks, f"{query!r}: excerpts quote the hidden folded field:\n" + "\n".join(leaks)


def test_url_keeps_the_query_and_reload_restores_results(ui):
    page = ui.page
    query = "3052/QĐ-UBND"
    typed = ui.search(query)
    assert typed.urls[0] == DOC_3052, typed.top()
    assert parse_qs(urlsplit(page.url).query).get("q") == [query], page.url
    page.reload(wait_until="load")
    page.wait_for_function(READY_JS)
    reloaded = ui.settled(query)
    assert page.locator("#gz-search-q").input_value() == query
    assert reloaded.urls == typed.urls and reloaded.status == typed.status


def test_header_search_form_on_an_article_submits_to_the_search_page(ui, session):
    page = ui.page
    session.goto(ARTICLE_URL)
    box = page.get_by_role("search").get_by_label("Tìm kiếm tin bài, văn bản")
    box.fill("754/QD-UBND")
    box.press("Enter")
    session.wait_for_path(SEARCH_PATH)
    assert parse_qs(urlsplit(page.url).query).get("q") == ["754/QD-UBND"], page.url
    page.wait_for_function(READY_JS)
    answer = ui.settled("754/QD-UBND")
    assert answer.urls[0] == DOC_754, answer.top()
    assert page.locator("#gz-search-q").input_value() == "754/QD-UBND"


def test_filter_content_type_leaves_only_documents(ui, site):
    query = "cải cách hành chính"
    everything = ui.search_all(query)
    kinds = {r["meta"].split(" · ")[0] for r in everything.results}
    assert kinds == {"Tin bài", "Văn bản"}, kinds
    documents = ui.load_all(ui.change_filter("Loại nội dung", "Văn bản", query))
    assert documents.results, documents.status
    assert all(r["meta"].startswith("Văn bản · ") for r in documents.results), \
        [r["url"] for r in documents.results if not r["meta"].startswith("Văn bản")]
    assert all(url.startswith("/van-ban/") for url in documents.urls)
    expected = {r["url"] for r in everything.results if r["meta"].startswith("Văn bản")}
    assert set(documents.urls) == expected, "the filter keeps exactly the documents of the unfiltered answer"
    assert parse_qs(urlsplit(ui.page.url).query).get("loai") == ["Văn bản"], ui.page.url
    articles = ui.load_all(ui.change_filter("Loại nội dung", "Tin bài", query))
    assert articles.results and all(r["meta"].startswith("Tin bài · ") for r in articles.results)
    assert len(articles.results) + len(documents.results) == len(everything.results)


def test_keyboard_reaches_the_search_box_and_the_first_result(ui, session):
    page = ui.page
    ui.open("754")
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")

    def tab_until(predicate_js: str, limit: int = 80) -> int:
        for presses in range(1, limit + 1):
            page.keyboard.press("Tab")
            if page.evaluate(predicate_js):
                return presses
        raise AssertionError(f"{limit} Tab presses never reached the element ({predicate_js})")

    tab_until("() => document.activeElement && document.activeElement.id === 'gz-search-q'")
    tab_until("() => document.activeElement === document.querySelector('.gz-search__results .gz-result__title a')")
    assert page.evaluate("() => new URL(document.activeElement.href).pathname") == DOC_754
    page.keyboard.press("Enter")
    session.wait_for_path(DOC_754)


# -- the whole run ---------------------------------------------------------------------------------------------------

def test_whole_suite_stayed_on_127_0_0_1_without_console_errors(ui, session):
    """Runs last in the module: nothing was requested from another host and no error was logged, on any page
    (with pytest-xdist: on every page this worker's share of the module visited)."""
    assert session.visited, "the module's browser page visited nothing"
    assert all(urlsplit(url).hostname == "127.0.0.1" for _, url in session.requests)
    session.assert_clean()
