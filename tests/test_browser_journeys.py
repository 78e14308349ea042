"""Real Chromium on the real built sample site: a reader's journeys, keyboard access, colour schemes.

Every test records every request, console error and page error of its browser context and fails on any
(`BrowserPage.assert_clean`), so "nothing loaded from another host" and "no JS errors" hold on every page visited.
"""
from __future__ import annotations

import pytest

from browser import (ARTICLE_TITLE, ARTICLE_URL, DOCUMENT_NUMBER, DOCUMENT_URL, VIEWPORTS,
                     browser_page, site_server)  # noqa: F401 - fixtures are registered by importing them

FOCUS_INDICATOR_JS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return null;
  const shows = el => {
    const s = getComputedStyle(el);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || (s.boxShadow && s.boxShadow !== 'none');
  };
  // Material hides the palette radio buttons and draws their focus ring on the <label> that follows them.
  const next = e.nextElementSibling;
  const ok = shows(e) || (e.tagName === 'INPUT' && next && next.tagName === 'LABEL' && shows(next));
  const s = getComputedStyle(e);
  return {
    element: e.outerHTML.slice(0, 120).replace(/\\s+/g, ' '),
    ok, outline: `${s.outlineStyle} ${s.outlineWidth}`, shadow: s.boxShadow,
  };
}"""


@pytest.mark.parametrize("browser_page", VIEWPORTS, indirect=True)
def test_article_to_document_and_back(browser_page):
    page = browser_page.page

    # home → the seed article, from the "Tin mới" list when it is there, else by its address
    browser_page.goto("/")
    news = page.locator("section", has=page.get_by_role("heading", name="Tin mới", exact=True))
    assert news.count() == 1, "the home page has one 'Tin mới' section"
    listed = news.get_by_role("link", name=ARTICLE_TITLE, exact=True)
    if listed.count():
        listed.first.click()
        browser_page.wait_for_path(ARTICLE_URL)
    else:  # only the latest articles are on the home page; the seed article is from 2020
        browser_page.goto(ARTICLE_URL)
    assert page.get_by_role("heading", level=1).inner_text().strip() == ARTICLE_TITLE

    # the automatic link on the cited number in the body → the decision's page
    citation = page.locator("article").get_by_role("link", name=DOCUMENT_NUMBER, exact=True).first
    assert citation.is_visible()
    citation.click()
    browser_page.wait_for_path(DOCUMENT_URL)
    assert page.get_by_role("heading", level=1).inner_text().strip() == f"Quyết định số {DOCUMENT_NUMBER}"

    # "Tin bài liên quan" on the decision's page links back to the article
    related = page.locator("section", has=page.get_by_role("heading", name="Tin bài liên quan", exact=True))
    assert related.count() == 1, "the document page has one 'Tin bài liên quan' section"
    back = related.get_by_role("link", name=ARTICLE_TITLE, exact=True)
    assert back.count() == 1, "the article that cites the decision is listed under 'Tin bài liên quan'"
    back.click()
    browser_page.wait_for_path(ARTICLE_URL)
    assert page.get_by_role("heading", level=1).inner_text().strip() == ARTICLE_TITLE

    browser_page.assert_clean()
    assert len(browser_page.visited) >= 3


@pytest.mark.parametrize("path", ["/", ARTICLE_URL, DOCUMENT_URL, "/gioi-thieu/", "/tin-tuc/", "/van-ban/"],
                         ids=["home", "article", "document", "gioi-thieu", "tin-tuc", "van-ban"])
def test_first_tab_focuses_the_skip_link(browser_page, path):
    page = browser_page.page
    browser_page.goto(path)
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => { const e = document.activeElement;
        return {tag: e.tagName, cls: e.className, text: (e.textContent || '').trim(), href: e.getAttribute('href'),
                html: e.outerHTML.slice(0, 160)} }""")
    assert focused["tag"] == "A" and ("md-skip" in focused["cls"] or focused["text"] == "Bỏ qua"), (
        f"first Tab on {path} focused {focused['html']!r}, not a skip link "
        "('Bỏ qua', a.md-skip, rendered by Material only when the page has a table of contents entry)")
    # it becomes visible when focused, and it leads into the page's content
    page.wait_for_function("""() => { const e = document.activeElement, r = e.getBoundingClientRect();
        return getComputedStyle(e).opacity === '1' && r.width > 0 && r.height > 0 && r.top >= 0; }""")
    target = focused["href"]
    assert target and target.startswith("#") and len(target) > 1, focused
    in_content = page.evaluate("id => { const t = document.getElementById(id); "
                               "return !!t && !!t.closest('.md-content'); }", target[1:])
    assert in_content, f"the skip link's target {target} is not an element of the main content"
    page.keyboard.press("Enter")
    page.wait_for_function("h => location.hash === h", arg=target)
    browser_page.assert_clean()


@pytest.mark.parametrize("browser_page", VIEWPORTS, indirect=True)
def test_focused_elements_show_a_focus_indicator(browser_page):
    page = browser_page.page
    browser_page.goto(ARTICLE_URL)
    seen, missing = [], []
    for _ in range(200):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_INDICATOR_JS)
        if state is None or (seen and state["element"] == seen[0]):
            break  # focus left the document or went round
        seen.append(state["element"])
        if not state["ok"]:
            missing.append(f"{state['element']} (outline: {state['outline']}; box-shadow: {state['shadow']})")
    assert len(seen) >= 5, f"too few focusable elements reached with Tab: {seen}"
    assert not missing, "focused without a visible outline or box-shadow:\n" + "\n".join(missing)
    browser_page.assert_clean()


def test_dark_scheme_toggle_is_remembered_across_pages(browser_page):
    page = browser_page.page
    browser_page.goto(ARTICLE_URL)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"
    page.get_by_title("Chuyển sang giao diện tối").click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    # the choice is kept in localStorage and applied by Material's inline script on the next page
    browser_page.goto(DOCUMENT_URL)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    page.get_by_title("Chuyển sang giao diện sáng").click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'default'")
    browser_page.assert_clean()

