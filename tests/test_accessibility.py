"""axe-core (bundled by axe-playwright-python, no network) in Chromium: WCAG 2.1 A/AA, light and dark schemes.

A page fails on any violation of impact "serious" or "critical"; the message lists every one of them with the
elements (CSS selectors) and axe's summary of what to fix.
"""
from __future__ import annotations

import json

import pytest
from axe_playwright_python.sync_playwright import Axe

from browser import ARTICLE_URL, DOCUMENT_URL, browser_page, site_server  # noqa: F401 - fixtures by import

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
MATERIAL_SCHEME = {"light": "default", "dark": "slate"}   # data-md-color-scheme for each preference

PAGES = {"home": "/", "article": ARTICLE_URL, "document": DOCUMENT_URL, "gioi-thieu": "/gioi-thieu/",
         "thong-ke": "/thong-ke/", "thong-ke-2020": "/thong-ke/2020/", "du-lieu": "/du-lieu/"}
LISTINGS = {"tin-tuc": "/tin-tuc/", "van-ban": "/van-ban/"}
SCHEMES = ["light", "dark"]

# Pages whose content is made by a script: axe runs once it is there (a predicate evaluated in the page).
SEARCH_QUERY = "quyet dinh"
SEARCH_ANSWERED = """(query) => {
  const status = document.querySelector('.gz-search__status');
  return !!status && status.textContent.startsWith('Tìm thấy') && status.textContent.includes(query)
    && document.querySelectorAll('ol.gz-search__results > li.gz-result').length > 0;
}"""
REGISTRY_FORM_BUILT = """() => !!document.querySelector('.gz-registry__form')
  && /^(Tìm thấy|Không tìm thấy)/.test((document.querySelector('.gz-registry__count') || {}).textContent || '')"""
SCRIPTED = {
    "tim-kiem-ket-qua": ("/tim-kiem/?q=quyet%20dinh", SEARCH_ANSWERED, SEARCH_QUERY),
    "van-ban-bo-loc": ("/van-ban/", REGISTRY_FORM_BUILT, None),
    # with filters from the URL: the chips and a shorter table are on the page too
    "van-ban-dang-loc": ("/van-ban/?loai=Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh&q=cai%20cach&tu=2020-01-01",
                         REGISTRY_FORM_BUILT + " && !!document.querySelector('.gz-chip')", None),
}

_axe = Axe()


def summary(violations: list[dict], max_nodes: int = 15) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} [{v['impact']}] {v['help']} ({v['helpUrl']}); tags: {', '.join(v['tags'])}")
        for node in v["nodes"][:max_nodes]:
            target = " ".join(json.dumps(t, ensure_ascii=False) if not isinstance(t, str) else t
                              for t in node["target"])
            why = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {target}: {why}")
        if len(v["nodes"]) > max_nodes:
            lines.append(f"    … and {len(v['nodes']) - max_nodes} more elements")
    return "\n".join(lines)


def check_page(browser_page, path: str, scheme: str, ready: str | None = None, ready_arg=None) -> None:
    page = browser_page.page
    # The preference must be set before Material's first load: Material stores the palette it picked in
    # localStorage, and from then on that stored choice wins over prefers-color-scheme.
    page.emulate_media(color_scheme=scheme)
    browser_page.goto(path)
    page.wait_for_load_state("networkidle")  # pages whose scripts add content (the registry) are complete
    expected = MATERIAL_SCHEME[scheme]
    page.wait_for_function("s => document.body.getAttribute('data-md-color-scheme') === s", arg=expected)
    stored = page.evaluate("""() => { for (let i = 0; i < localStorage.length; i++) {
        const key = localStorage.key(i); if (key.endsWith('__palette')) return JSON.parse(localStorage.getItem(key)); }
        return null; }""")
    if stored is not None:
        assert stored.get("color", {}).get("scheme") == expected, f"Material stored {stored} for {scheme}"
    if ready is not None:
        page.wait_for_function(ready, arg=ready_arg)

    results = _axe.run(page, options=AXE_OPTIONS).response
    blocking = [v for v in results["violations"] if v.get("impact") in BLOCKING]
    if blocking:
        pytest.fail(f"{path} ({scheme} scheme, data-md-color-scheme={expected}): {len(blocking)} serious/critical "
                    f"WCAG 2.1 A/AA violations (axe {results['testEngine']['version']}):\n" + summary(blocking),
                    pytrace=False)
    browser_page.assert_clean()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("path", list(PAGES.values()), ids=list(PAGES))
def test_page_meets_wcag21_aa(browser_page, path, scheme):
    check_page(browser_page, path, scheme)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("path", list(LISTINGS.values()), ids=list(LISTINGS))
def test_listing_meets_wcag21_aa(browser_page, path, scheme):
    check_page(browser_page, path, scheme)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("path, ready, ready_arg", list(SCRIPTED.values()), ids=list(SCRIPTED))
def test_scripted_page_meets_wcag21_aa(browser_page, path, ready, ready_arg, scheme):
    """Search results and the registry's filter form, checked after their scripts have built them."""
    check_page(browser_page, path, scheme, ready, ready_arg)
