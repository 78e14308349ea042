"""The site works when served under a sub-path (GitHub project pages, /cchc/ on an agency server)."""
from __future__ import annotations

import functools
import http.server
import threading

from browser import built_site, site_server  # noqa: F401  (fixtures)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def test_search_and_links_under_a_sub_path(built_site, site_server, tmp_path):
    (tmp_path / "cchc").symlink_to(built_site, target_is_directory=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/cchc/"
    failed = []
    try:
        # the process's one Playwright driver and Chromium (a second sync_playwright() would fail)
        context = site_server.browser().new_context()
        try:
            page = context.new_page()
            page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
            page.goto(base + "tim-kiem/?q=754%2FQ%C4%90-UBND")
            first = page.locator(".gz-search__results .gz-result__title a").first
            first.wait_for(timeout=30_000)
            assert first.get_attribute("href") == "/cchc/van-ban/2020/754-qd-ubnd/"
            first.click()
            page.wait_for_load_state()
            assert page.url == base + "van-ban/2020/754-qd-ubnd/"
            page.goto(base + "van-ban/")
            page.locator(".gz-registry__form").wait_for(timeout=30_000)
            link = page.locator(".gz-registry table a", has_text="754/QĐ-UBND").first
            assert link.get_attribute("href").startswith(base)
        finally:
            context.close()
    finally:
        server.shutdown()
    assert not failed, failed
