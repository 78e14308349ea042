"""Page shells (gazette.shells): the theme rendered once per kind of page, filled for every page."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gazette.pages import Page
from gazette.shells import TOKENS, Shells, shell_key

NAV = ("", "tin-tuc/", "van-ban/", "thong-ke/", "tin-tuc/2020/", "gioi-thieu/lien-he/", "chuyen-muc/")


def _shells() -> Shells:
    return Shells("https://cchc.example.gov.vn/", "Trang tin", lambda page: "", NAV)


_SEGMENTS = st.sampled_from(["tin-tuc", "tin", "2020", "20", "van-ban", "gioi-thieu", "lien-he", "chuyen-muc", "x"])
_URLS = st.lists(_SEGMENTS, min_size=1, max_size=4).map(lambda parts: "".join(p + "/" for p in parts))


@settings(max_examples=300, deadline=None)
@given(st.lists(_URLS, min_size=1, max_size=30))
def test_key_remembered_per_folder_is_the_key_of_the_page(urls):
    # pages met in any order, including navigation entries and pages above or below them
    shells = _shells()
    for url in urls:
        page = Page(url=url, title="t", content="c", kind="article")
        assert shells.key(page) == shell_key(page, NAV), url


def test_pages_of_one_folder_share_a_shell_and_navigation_entries_get_their_own():
    shells = _shells()
    key = lambda url, kind="article": shells.key(Page(url=url, title="t", content="c", kind=kind))
    assert key("tin-tuc/2019/a/") == key("tin-tuc/2019/b/")
    assert key("tin-tuc/2019/a/") != key("van-ban/2019/a/")   # "../../" to tin-tuc/ from one, not the other
    assert key("tin-tuc/2020/") != key("tin-tuc/2019/")       # the first is an entry: "./" to itself
    assert key("tin-tuc/2019/a/") != key("tin-tuc/2019/a/", kind="document")


def test_fill_puts_each_page_value_in_place_once():
    shells = _shells()
    page = Page(url="tin-tuc/2019/a/", title="Tiêu đề <b>", content="<p>nội dung</p>", kind="article",
                description="Mô tả")
    theme = (f"<title>{TOKENS['TITLE']}</title><meta content=\"{TOKENS['DESCRIPTION']}\">"
             f"<link href=\"{TOKENS['URL']}\">{TOKENS['FEEDS']}<main>{TOKENS['CONTENT']}</main>{TOKENS['TITLE']}")
    first = shells.capture(page, theme, None)
    assert first == shells.fill(page)
    assert first.startswith("<title>Tiêu đề &lt;b&gt;</title><meta content=\"Mô tả\">"
                            "<link href=\"https://cchc.example.gov.vn/tin-tuc/2019/a/\">")
    assert first.endswith("<main><p>nội dung</p></main>Tiêu đề &lt;b&gt;")
    # a value holding a token's text is not filled again (an editor could write it; it stays text)
    other = Page(url="tin-tuc/2019/b/", title="b", content=f"<p>{TOKENS['TITLE']}</p>", kind="article")
    assert f"<main><p>{TOKENS['TITLE']}</p></main>b" in shells.fill(other)
