"""Search cost in a real browser (a benchmark script, not a test): index size, bytes a cold browser fetches
for one query, and the time from query to first result, on sites built by scripts/benchmark.py.

    .venv/bin/python scripts/bench_search.py bench-out/gazette-n1000/site bench-out/gazette-n10000/site

Each query runs in a fresh browser context (cold cache) against the site served on 127.0.0.1.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import json
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
COMMON_QUERIES = ["cải cách hành chính", "dịch vụ công trực tuyến"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    # Keep-alive, as any production web server does (HTTP/1.0 opens a connection per file, which then
    # dominates the time of a query that fetches thirty small fragments).
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


# Times are taken in the page (performance.now): from the form's submission to the first result in the list,
# and to the end of the re-ranking (aria-busy="false"). Bytes come from Content-Length, read without a round
# trip to the browser (fetching bodies from the event handler would slow the run it measures).
START_JS = """(query) => {
  const list = document.querySelector('.gz-search__results');
  window.__gz = {start: performance.now(), first: null, done: null};
  new MutationObserver(() => {
    const now = performance.now();
    if (window.__gz.first === null && list.querySelector('.gz-result')) window.__gz.first = now;
    if (window.__gz.first !== null && list.getAttribute('aria-busy') === 'false') window.__gz.done = now;
  }).observe(list, {childList: true, attributes: true});
  const input = document.querySelector('#gz-search-q');
  input.value = query;
  input.form.requestSubmit();
}"""


def measure(browser, base: str, query: str) -> dict:
    """Cold cache: bytes of every response for the query once the search page is idle (the page itself,
    pagefind.js, WebAssembly, manifest and the newest partitions are counted apart), and the time until the
    first result."""
    context = browser.new_context()
    page = context.new_page()
    loading: dict[str, int] = {}
    fetched: dict[str, int] = {}
    phase = [loading]
    page.on("response", lambda r: phase[0].__setitem__(r.url, int(r.headers.get("content-length", 0))))
    page.goto(base + "tim-kiem/")
    page.wait_for_function("() => document.querySelector('.gz-search__filters select') !== null")
    page.wait_for_load_state("networkidle")
    phase[0] = fetched
    page.evaluate(START_JS, query)
    page.wait_for_function("() => window.__gz.done !== null", timeout=120_000)
    times = page.evaluate("() => window.__gz")
    count = page.inner_text(".gz-search__status")
    context.close()
    return {"query": query, "kB": sum(fetched.values()) / 1024, "requests": len(fetched),
            "load_kB": sum(loading.values()) / 1024, "seconds": (times["first"] - times["start"]) / 1000,
            "ranked": (times["done"] - times["start"]) / 1000, "status": " ".join(count.split())}


def first_number(site: Path) -> str:
    records = json.loads((site / "van-ban/danh-sach.json").read_text("utf-8"))
    return records[0]["number"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sites", nargs="+", type=Path)
    args = parser.parse_args()
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for site in args.sites:
            server, base = serve(site)
            index_kb = folder_size(site / "pagefind") / 1024
            pages = sum(1 for _ in site.rglob("index.html"))
            for query in [first_number(site), *COMMON_QUERIES]:
                result = measure(browser, base, query)
                rows.append({"site": str(site), "pages": pages, "index_kB": index_kb, **result})
                print(f"{site}: {query!r}: {result['kB']:.0f} kB in {result['requests']} requests, "
                      f"{result['seconds'] * 1000:.0f} ms to first result, {result['ranked'] * 1000:.0f} ms to the re-ranked list "
                      f"({result['status']})", flush=True)
            server.shutdown()
        browser.close()
    print("\n| site | pages | index kB | page load kB | query | kB fetched for the query (cold) | requests |"
          " ms to first result | ms to re-ranked list |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['site']} | {r['pages']} | {r['index_kB']:.0f} | {r['load_kB']:.0f} | {r['query']} | {r['kB']:.0f} | "
              f"{r['requests']} | {r['seconds'] * 1000:.0f} | {r['ranked'] * 1000:.0f} |")


if __name__ == "__main__":
    main()
