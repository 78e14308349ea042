"""Real Chromium on the listing pages: all news with pagination, a category, a tag, the document registry.

What is listed is checked against the editors' front matter (content/tin-tuc/…) restricted to the articles that
have a page in the build (drafts and scheduled articles have none), and against the built document pages.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from browser import (ARTICLE_URL, DOCUMENT_NUMBER, DOCUMENT_URL, VIEWPORTS,
                     browser_page, site_server)  # noqa: F401 - fixtures are registered by importing them
from gazette.text import slugify
from sitebuild import REPO

ARTICLE_PATH = re.compile(r"^/tin-tuc/\d{4}/(?!\d+/$)[^/]+/$")   # not the /tin-tuc/2020/04/ month archives
DOCUMENT_PATH = re.compile(r"^/van-ban/\d{4}/[^/]+/$")
MAX_PAGES = 50

# Paths of the links in the main content area (not header, navigation or footer), resolved by the browser.
CONTENT_LINKS_JS = """(scope) => Array.from(document.querySelectorAll(scope + ' a[href]'))
    .filter(a => a.offsetParent !== null || a.getClientRects().length)
    .map(a => ({path: new URL(a.href).pathname, text: a.textContent.trim()}))"""


def front_matter(path: Path) -> dict:
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8-sig").replace("\r\n", "\n"))
    _, header, _ = text.split("---\n", 2)
    return yaml.safe_load(header) or {}


def published_articles(site: Path) -> dict[str, dict]:
    """URL path → front matter, for every article of content/ that has a page in the build."""
    articles = {}
    for md in sorted((REPO / "content" / "tin-tuc").glob("*/*.md")):
        url = f"/tin-tuc/{md.parent.name}/{md.stem}/"
        if (site / url.strip("/") / "index.html").is_file():
            articles[url] = front_matter(md)
    return articles


def listed(browser_page, pattern: re.Pattern, scope: str = ".md-content") -> list[str]:
    paths = [link["path"] for link in browser_page.page.evaluate(CONTENT_LINKS_JS, scope)]
    return list(dict.fromkeys(p for p in paths if pattern.match(p)))


def link_to(page, path: str, scope: str = ".md-content"):
    """The first visible link in `scope` whose resolved path is `path`."""
    links = page.locator(f"{scope} a[href]")
    for i in range(links.count()):
        candidate = links.nth(i)
        if candidate.is_visible() and candidate.evaluate("a => new URL(a.href).pathname") == path:
            return candidate
    raise AssertionError(f"no visible link to {path} in {scope}")


def next_page_link(page):
    return page.locator(".md-content").get_by_role("link", name="Trang sau", exact=True)


def walk_pages(browser_page, pattern: re.Pattern, scope: str = ".md-content") -> list[list[str]]:
    """The items listed on this page and on every page reached through "Trang sau", page by page."""
    pages = [listed(browser_page, pattern, scope)]
    for _ in range(MAX_PAGES):
        following = next_page_link(browser_page.page)
        if not following.count():
            break
        before = browser_page.path
        following.first.click()
        browser_page.page.wait_for_url(lambda url, b=before: urlsplit(url).path != b)
        browser_page.page.wait_for_load_state("load")
        pages.append(listed(browser_page, pattern, scope))
    return pages


@pytest.mark.parametrize("browser_page", VIEWPORTS, indirect=True)
def test_news_list_pages_through_to_an_article(browser_page, site_server):
    page = browser_page.page
    browser_page.goto("/")
    page.get_by_role("link", name="Xem tất cả tin tức", exact=True).click()
    browser_page.wait_for_path("/tin-tuc/")
    assert page.get_by_role("heading", level=1).first.inner_text().strip().startswith("Tin tức")
    first = listed(browser_page, ARTICLE_PATH)
    assert first, "/tin-tuc/ lists no article"

    # page 2 through "Trang sau"
    following = next_page_link(page)
    assert following.count(), "/tin-tuc/ has no 'Trang sau' link, yet the sample has more articles than fit a page"
    following.first.click()
    page.wait_for_url(lambda url: urlsplit(url).path != "/tin-tuc/")
    page.wait_for_load_state("load")
    assert browser_page.path.startswith("/tin-tuc/") and browser_page.path != "/tin-tuc/"
    second = listed(browser_page, ARTICLE_PATH)
    assert second, f"{browser_page.path} (page 2) lists no article"
    assert not set(first) & set(second), f"pages 1 and 2 repeat articles: {sorted(set(first) & set(second))}"

    # … and on to an article
    link = link_to(page, second[0])
    title = link.inner_text().strip()
    link.click()
    browser_page.wait_for_path(second[0])
    assert page.get_by_role("heading", level=1).first.inner_text().strip() == title

    # every published article is on exactly one page of the list
    browser_page.goto("/tin-tuc/")
    pages = walk_pages(browser_page, ARTICLE_PATH)
    everything = [p for chunk in pages for p in chunk]
    assert len(everything) == len(set(everything)), "an article is listed twice"
    assert set(everything) == set(published_articles(site_server.root)), (
        f"missing: {sorted(set(published_articles(site_server.root)) - set(everything))}; "
        f"unexpected: {sorted(set(everything) - set(published_articles(site_server.root)))}")
    assert len(pages) >= 2
    browser_page.assert_clean()


def test_category_page_lists_only_and_all_of_its_category(browser_page, site_server):
    page = browser_page.page
    browser_page.goto(ARTICLE_URL)
    category_link = page.locator("article a[href*='chuyen-muc/']").first
    assert category_link.inner_text().strip() == "Cải cách hành chính"
    category_link.click()
    browser_page.wait_for_path("/chuyen-muc/cai-cach-hanh-chinh/")
    assert "Cải cách hành chính" in page.get_by_role("heading", level=1).first.inner_text()

    shown = [p for chunk in walk_pages(browser_page, ARTICLE_PATH) for p in chunk]
    articles = published_articles(site_server.root)
    others = [f"{p} ({articles.get(p, {}).get('category')})" for p in shown
              if articles.get(p, {}).get("category") != "cai-cach-hanh-chinh"]
    assert not others, "the category page lists articles of other categories: " + ", ".join(others)
    expected = {p for p, fm in articles.items() if fm.get("category") == "cai-cach-hanh-chinh"}
    assert set(shown) == expected, f"missing from the category page: {sorted(expected - set(shown))}"
    assert ARTICLE_URL in shown
    browser_page.assert_clean()


def test_tag_page_lists_the_articles_with_that_tag(browser_page, site_server):
    page = browser_page.page
    tag = "chỉ số cải cách hành chính"
    browser_page.goto(ARTICLE_URL)
    page.locator("article").get_by_role("link", name=tag, exact=True).first.click()
    browser_page.wait_for_path(f"/the/{slugify(tag)}/")
    assert tag in page.get_by_role("heading", level=1).first.inner_text().lower()

    shown = [p for chunk in walk_pages(browser_page, ARTICLE_PATH) for p in chunk]
    articles = published_articles(site_server.root)
    expected = {p for p, fm in articles.items() if slugify(tag) in {slugify(t) for t in fm.get("tags") or []}}
    assert ARTICLE_URL in shown
    assert set(shown) == expected, (f"missing: {sorted(expected - set(shown))}; "
                                    f"without the tag: {sorted(set(shown) - expected)}")
    browser_page.assert_clean()


def test_registry_table_has_the_number_column_and_every_document(browser_page, site_server):
    page = browser_page.page
    browser_page.goto("/")
    page.get_by_role("link", name="Xem tất cả văn bản", exact=True).click()
    browser_page.wait_for_path("/van-ban/")
    page.wait_for_load_state("networkidle")  # the registry script replaces the server-rendered table
    header = page.get_by_role("columnheader", name="Số ký hiệu", exact=True)
    assert header.count() >= 1 and header.first.is_visible(), "/van-ban/ has no visible 'Số ký hiệu' column"

    shown = [p for chunk in walk_pages(browser_page, DOCUMENT_PATH, scope=".md-content table") for p in chunk]
    built = ("/" + p.parent.relative_to(site_server.root).as_posix() + "/"
             for p in site_server.root.glob("van-ban/*/*/index.html"))
    documents = {url for url in built if DOCUMENT_PATH.match(url)}
    assert set(shown) == documents, (f"missing from the registry: {sorted(documents - set(shown))}; "
                                     f"unexpected: {sorted(set(shown) - documents)}")

    # a number in the table opens the document
    browser_page.goto("/van-ban/")
    page.wait_for_load_state("networkidle")
    page.locator(".md-content table").get_by_role("link", name=DOCUMENT_NUMBER, exact=True).filter(
        visible=True).first.click()
    browser_page.wait_for_path(DOCUMENT_URL)
    assert page.get_by_role("heading", level=1).first.inner_text().strip() == f"Quyết định số {DOCUMENT_NUMBER}"
    browser_page.assert_clean()

