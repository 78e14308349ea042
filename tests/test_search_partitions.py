"""The search index split into partitions (gazette.pagefind_index) and how the search page walks them.

Pagefind's cost for a word found on most pages grows with the square of the pages in the index, so large
sites get partitions of at most `search_partition_size` pages. The browser tests build the sample content
with partitions of 8 pages (5 of news, 3 of documents) and compare what the search page finds with the
single index of the shared sample site.
"""
from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from browser import built_site, site_server  # noqa: F401  (fixtures)
from sitebuild import build_site, copy_project, tree_bytes

from gazette.pagefind_background import BackgroundIndex
from gazette.pagefind_index import IndexedPage, plan_partitions, write_manifest

SEARCH = "tim-kiem/"
STATUS_DONE = re.compile(r"^(Tìm thấy ([\d.]+) kết quả|Không tìm thấy kết quả)")


def page(kind: str, date: str, n: int = 0) -> IndexedPage:
    return IndexedPage(f"{kind}/{date}/{n}/", f"{kind} {date} {n}", "<p>x</p>", kind, date)


# -- planning ----------------------------------------------------------------------------------------------------

def test_a_site_that_fits_one_partition_keeps_one_index_of_both_kinds():
    pages = [page("article", "2020-01-02"), page("document", "2021-05-06"), page("article", "2019-12-31")]
    [only] = plan_partitions(pages, size=3)
    assert (only.name, only.kind, only.round) == ("tat-ca-1", "all", 0)
    assert [p.date for p in only.pages] == ["2021-05-06", "2020-01-02", "2019-12-31"]
    assert plan_partitions([], size=3) == []


def test_partitions_hold_one_kind_cut_from_the_oldest_listed_newest_first():
    articles = [page("article", f"20{10 + i % 10}-0{1 + i % 9}-1{i % 10}", i) for i in range(23)]
    documents = [page("document", f"20{10 + i % 7}-1{i % 3}-0{1 + i % 9}", i) for i in range(12)]
    parts = plan_partitions(articles + documents, size=10)
    # 23 news = 10 + 10 + 3: the 3 newest join the partition before them; 12 documents = 10 + 2: one partition
    assert [(p.name, p.round, len(p.pages)) for p in parts] == [
        ("tin-bai-2", 0, 13), ("van-ban-1", 0, 12), ("tin-bai-1", 1, 10)]
    for kind, pages in (("article", articles), ("document", documents)):
        walked = [p for part in parts if part.kind == kind for p in part.pages]
        assert sorted(walked, key=lambda p: p.url) == sorted(pages, key=lambda p: p.url), "each page exactly once"
        dates = [p.date for p in walked]
        assert dates == sorted(dates, reverse=True), f"{kind}: partitions are slices of the newest-first order"
    # the order does not depend on the order the pages came in
    assert plan_partitions(list(reversed(articles + documents)), size=10) == parts


def test_new_pages_change_only_the_newest_partitions():
    articles = [page("article", f"2020-01-{1 + i // 10:02d}", i) for i in range(40)]
    before = {p.name: p.pages for p in plan_partitions(articles, size=10)}
    assert sorted(before) == ["tin-bai-1", "tin-bai-2", "tin-bai-3", "tin-bai-4"]
    # three new pages (less than half a partition) join the newest partition; nothing else changes
    few = {p.name: p.pages for p in plan_partitions(articles + [page("article", "2021-06-01", n) for n in range(3)], size=10)}
    assert [name for name in few if before.get(name) != few[name]] == ["tin-bai-4"] and len(few["tin-bai-4"]) == 13
    # seven new pages make a new newest partition; the old ones keep their names and pages
    more = {p.name: p.pages for p in plan_partitions(articles + [page("article", "2021-06-01", n) for n in range(7)], size=10)}
    assert [name for name in more if before.get(name) != more[name]] == ["tin-bai-5"] and len(more["tin-bai-5"]) == 7


def test_the_manifest_adds_up_the_filters_of_every_partition(tmp_path):
    parts = plan_partitions([page("article", "2020-01-01", i) for i in range(3)] +
                            [page("document", "2019-01-01", i) for i in range(2)], size=2)
    counts = [{"loai": {"Tin bài": 2}, "nam": {"2020": 2}}, {"loai": {"Văn bản": 2}, "nam": {"2019": 2}},
              {"loai": {"Tin bài": 1}, "nam": {"2020": 1}}]
    write_manifest(tmp_path, parts, counts)
    manifest = json.loads((tmp_path / "gazette-index.json").read_text("utf-8"))
    assert manifest["filters"] == {"loai": {"Tin bài": 3, "Văn bản": 2}, "nam": {"2019": 2, "2020": 3}}
    assert [(p["path"], p["round"], p["values"]["nam"]) for p in manifest["partitions"]] == [
        ("tin-bai-2/", 0, ["2020"]), ("van-ban-1/", 0, ["2019"]), ("tin-bai-1/", 1, ["2020"])]


# -- indexing in the background, pages handed over as they are ready ----------------------------------------------

def indexable(kind: str, date: str, n: int) -> IndexedPage:
    return IndexedPage(f"{kind}/{date}/{n}/", f"Trang {n}", f'<article data-pagefind-body data-pagefind-sort="date:{date}">'
                       f'<h1>Trang {n}</h1><p>cải cách hành chính số {n}</p>'
                       f'<span data-pagefind-filter="nam:{date[:4]}"></span></article>', kind, date)


def test_pages_handed_over_in_any_order_make_the_same_bundle(tmp_path):
    pages = [indexable("article", f"2020-01-{1 + i:02d}", i) for i in range(7)] + \
            [indexable("document", f"2019-02-{1 + i:02d}", i) for i in range(4)]
    BackgroundIndex.of(pages, 3).finish(tmp_path / "in-order")
    planned = [replace(p, content="", title="") for p in pages]   # the plan needs url, kind and date only
    shuffled = BackgroundIndex(planned, 3)
    for number in (4, 9, 0, 10, 2, 7, 1, 3, 8, 6, 5):
        shuffled.add(pages[number])
    shuffled.finish(tmp_path / "shuffled")
    first, second = tree_bytes(tmp_path / "in-order"), tree_bytes(tmp_path / "shuffled")
    assert len(manifest(tmp_path / "in-order")["partitions"]) == 3
    assert first == second


def test_pages_read_from_files_make_the_same_bundle_as_pages_sent_one_by_one(tmp_path, monkeypatch):
    from gazette import pagefind_background
    pages = [indexable("article", f"20{20 - i // 4}-0{1 + i % 4}-1{i % 9}", i) for i in range(13)] + \
            [indexable("document", f"2019-02-{1 + i:02d}", i) for i in range(6)]
    written, write = [], pagefind_background._write_pages
    monkeypatch.setattr(pagefind_background, "_write_pages", lambda folder, ps: written.append(write(folder, ps)) or written[-1])
    BackgroundIndex.of(pages, 4).finish(tmp_path / "files")
    if Path("/dev/shm").is_dir():   # tmpfs lists a folder newest first: every partition is read from files
        assert written and all(written)
    monkeypatch.setattr(pagefind_background, "_write_pages", lambda folder, ps: False)
    BackgroundIndex.of(pages, 4).finish(tmp_path / "messages")
    assert tree_bytes(tmp_path / "files") == tree_bytes(tmp_path / "messages")


def test_a_full_scratch_folder_falls_back_to_messages(tmp_path, monkeypatch):
    pages = [indexable("article", f"2020-01-{1 + i:02d}", i) for i in range(6)]
    BackgroundIndex.of(pages, 3).finish(tmp_path / "normal")
    real, refused = Path.write_text, []

    def full(self, *args, **kwargs):
        if "gazette-pagefind-pages-" in str(self) and "/tin-bai-1/" in str(self):   # one partition does not fit
            refused.append(self)
            raise OSError(28, "No space left on device")
        return real(self, *args, **kwargs)
    monkeypatch.setattr(Path, "write_text", full)
    BackgroundIndex.of(pages, 3).finish(tmp_path / "full")
    assert refused and tree_bytes(tmp_path / "full") == tree_bytes(tmp_path / "normal")


def test_the_walk_order_is_checked_not_assumed(tmp_path):
    from gazette.pagefind_background import _walk_order, _write_pages
    pages = [indexable("article", "2020-01-01", i) for i in range(5)]
    for folder in (tmp_path / "a", Path("/dev/shm") / tmp_path.name):   # any file system, and tmpfs
        if folder.parent.is_dir():
            try:
                written = _write_pages(folder, pages)
                if folder.parent == Path("/dev/shm"):
                    assert written                  # tmpfs lists a folder newest first
                if written:
                    assert _walk_order(folder) == [p.url for p in pages]
                else:                               # not walked in order: nothing is left behind
                    assert not folder.exists()
            finally:
                shutil.rmtree(folder, ignore_errors=True)
    # news and documents interleaved by date cannot be walked in that order: not read from files
    mixed = [indexable("article", "2020-01-03", 1), indexable("document", "2020-01-02", 2), indexable("article", "2020-01-01", 3)]
    assert _write_pages(tmp_path / "b", mixed) is False
    # a URL Pagefind might spell differently from a path (here: not ASCII) is always sent as a message
    odd = IndexedPage("tin-tuc/2020/đường/", "x", "<p>x</p>", "article", "2020-01-01")
    assert _write_pages(tmp_path / "c", [odd]) is False and not (tmp_path / "c").exists()


def test_a_page_never_handed_over_is_an_error_not_a_wait(tmp_path):
    pages = [indexable("article", f"2020-01-{1 + i:02d}", i) for i in range(5)]
    index = BackgroundIndex(pages, 2)
    for page_ in pages[:4]:
        index.add(page_)
    started = time.monotonic()
    with pytest.raises(RuntimeError, match=re.escape(f"thiếu 1 trang trong chỉ mục tìm kiếm, ví dụ /{pages[4].url}")):
        index.finish(tmp_path / "site")
    assert time.monotonic() - started < 60
    assert not (tmp_path / "site" / "pagefind").exists()


def test_a_page_outside_the_plan_is_an_error(tmp_path):
    pages = [indexable("article", "2020-01-01", i) for i in range(2)]
    index = BackgroundIndex(pages, 2)
    index.add(indexable("article", "2020-01-01", 9))
    with pytest.raises(RuntimeError, match="không có trong kế hoạch"):
        index.finish(tmp_path / "site")


def test_cancel_stops_pagefind_and_leaves_no_files():
    pages = [indexable("article", "2020-01-01", i) for i in range(3)]
    index = BackgroundIndex(pages, 2)
    index.add(pages[0])
    folder = index._folder
    index.cancel()
    assert not index._thread.is_alive() and not folder.exists()


# -- a partitioned sample site in Chromium ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def partitioned_site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("partitioned"))
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(
        "      content_dir: content\n", "      content_dir: content\n      search_partition_size: 8\n"), "utf-8")
    result = build_site(project, project / "site")
    assert result.returncode == 0, result.stderr
    return project / "site"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def served(partitioned_site, built_site):
    """Both sites on one local server: /p/ partitioned, /one/ the shared single-index sample site."""
    root = partitioned_site.parent / "served"
    root.mkdir(exist_ok=True)
    for name, site in (("p", partitioned_site), ("one", built_site)):
        if not (root / name).exists():
            (root / name).symlink_to(site, target_is_directory=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


class Session:
    def __init__(self, browser, base: str):
        self.context = browser.new_context()
        self.page = self.context.new_page()
        self.base = base
        self.requests: list[tuple[str, int]] = []
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self.errors.append(f"failed: {r.url}"))
        self.page.on("response", lambda r: self.requests.append((r.url, len(r.body() or b"") if r.ok else -r.status)))

    def open(self, site: str, query: str, **filters) -> dict:
        params = "&".join(f"{k}={v}" for k, v in {"q": query, **filters}.items())
        self.page.goto(f"{self.base}{site}/{SEARCH}?{params}")
        return self.settled()

    def settled(self, shown: int = 10) -> dict:
        self.page.wait_for_function("""(shown) => {
          const s = document.querySelector('.gz-search__status').textContent;
          if (!/^(Tìm thấy|Không tìm thấy)/.test(s)) return false;
          if (document.querySelector('.gz-search__results').getAttribute('aria-busy') === 'true') return false;
          const items = document.querySelectorAll('.gz-search__results > li.gz-result:not(.gz-result--more)').length;
          return s.startsWith('Không') || items > 0 && items <= shown;
        }""", arg=shown, timeout=30_000)
        self.page.wait_for_timeout(50)
        status = " ".join(self.page.locator(".gz-search__status").inner_text().split())
        urls = self.page.eval_on_selector_all(".gz-search__results .gz-result__title a",
                                              "links => links.map(a => new URL(a.href).pathname)")
        more = self.page.get_by_role("button", name="Xem thêm kết quả").count()
        found = STATUS_DONE.match(status)
        total = int(found.group(2).replace(".", "")) if found and found.group(2) else 0
        return {"status": status, "urls": urls, "total": total, "more": more}

    def more(self, shown: int) -> dict:
        self.page.get_by_role("button", name="Xem thêm kết quả").click()
        self.page.wait_for_function(
            "(shown) => document.querySelectorAll('.gz-search__results > li.gz-result:not(.gz-result--more)').length"
            " >= shown || !document.querySelector('.gz-result--more')", arg=shown, timeout=30_000)
        return self.settled(shown)

    def fetched(self, pattern: str) -> list[tuple[str, int]]:
        return [(url, size) for url, size in self.requests if re.search(pattern, url)]


@pytest.fixture
def session(site_server, served):
    s = Session(site_server.browser(), served)
    yield s
    s.context.close()


def manifest(site: Path) -> dict:
    return json.loads((site / "pagefind" / "gazette-index.json").read_text("utf-8"))


def test_the_partitioned_bundle(partitioned_site):
    parts = manifest(partitioned_site)["partitions"]
    # 34 news = 8 × 3 + 10 (the 2 newest join the 8 before them), 21 documents = 8 + 8 + 5, newest first
    assert [(p["path"], p["round"], p["pages"]) for p in parts] == [
        ("tin-bai-4/", 0, 10), ("van-ban-3/", 0, 5), ("tin-bai-3/", 1, 8), ("van-ban-2/", 1, 8),
        ("tin-bai-2/", 2, 8), ("van-ban-1/", 2, 8), ("tin-bai-1/", 3, 8)]
    folder = partitioned_site / "pagefind"
    first = folder / parts[0]["path"]
    assert (first / "pagefind.js").is_file() and (first / "pagefind-worker.js").is_file()
    assert (first / "wasm.unknown.pagefind").stat().st_size > 10_000
    for part in parts[1:]:
        assert (folder / part["path"] / "wasm.unknown.pagefind").read_bytes() == b"pagefind_dcd"
        assert not (folder / part["path"] / "pagefind.js").exists()
    assert not list(folder.rglob("pagefind-ui*")), "Pagefind's UI bundles are not shipped"


def test_a_document_number_is_looked_up_in_every_documents_partition(session, partitioned_site):
    # 754/QĐ-UBND (2020) is not in the newest documents partition, and many newer articles cite it
    newest_docs = manifest(partitioned_site)["partitions"][1]
    assert newest_docs["from"] > "2020-03-31"
    for query in ("754/QĐ-UBND", "754/QD-UBND", "qđ 754"):
        answer = session.open("p", query)
        assert answer["urls"][0] == "/p/van-ban/2020/754-qd-ubnd/", (query, answer)
    assert not session.errors, session.errors


def test_a_common_query_searches_the_newest_partitions_first_then_older_ones_on_demand(session, partitioned_site):
    query = "hành chính"
    whole = session.open("one", query)
    assert whole["total"] > 15, "the query must match more pages than the first partitions hold"
    session.requests.clear()

    first = session.open("p", query)
    searched = {m.group(1) for url, _ in session.fetched(r"/p/pagefind/") for m in [re.search(r"/pagefind/([^/]+)/", url)] if m}
    parts = manifest(partitioned_site)["partitions"]
    assert searched != {p["path"].rstrip("/") for p in parts}, "stopped before the oldest partitions"
    m = re.search(r"trong nội dung mới hơn ngày (\d\d)/(\d\d)/(\d{4})", first["status"])
    assert m and "Xem thêm kết quả" in first["status"], first["status"]
    assert 10 <= first["total"] < whole["total"], (first, whole)
    assert first["more"] == 1

    # "Xem thêm kết quả" goes on into older partitions until the last one: then the same pages as one index
    answer, shown = first, 10
    while answer["more"]:
        shown += 10
        answer = session.more(shown)
    assert answer["status"].startswith(f"Tìm thấy {whole['status'].split()[2]} kết quả"), (answer, whole)
    assert answer["total"] == whole["total"]
    assert len(answer["urls"]) == len(set(answer["urls"])) == whole["total"]
    everything = session.open("one", query)
    shown = 10
    while everything["more"]:
        shown += 10
        everything = session.more(shown)
    assert {u.removeprefix("/p/") for u in answer["urls"]} == {u.removeprefix("/one/") for u in everything["urls"]}
    assert not session.errors, session.errors


def test_webassembly_is_fetched_once_and_filters_skip_partitions(session, partitioned_site):
    session.open("p", "kế hoạch", nam="2020")
    wasm = session.fetched(r"/p/pagefind/.*wasm\.")
    real = [url for url, size in wasm if size > 100]
    assert len(real) == 1 and f"/{manifest(partitioned_site)['partitions'][0]['path']}" in real[0], wasm
    parts = manifest(partitioned_site)["partitions"]
    without_2020 = {p["path"] for p in parts if "2020" not in p["values"].get("nam", [])}
    assert without_2020, "the sample needs partitions without 2020 for this test"
    for path in without_2020:
        # (the newest partitions are opened when the page loads; none of their index is read for this query)
        assert not session.fetched(f"/p/pagefind/{path}(index|fragment|filter)/"), f"{path} has nothing from 2020"
    for path in {p["path"] for p in parts} - without_2020:
        assert session.fetched(f"/p/pagefind/{path}index/"), f"{path} has pages from 2020 but was not searched"
    assert not session.errors, session.errors


def test_a_partition_that_cannot_be_loaded_is_reported(session):
    # the number query needs every documents partition; one of them is unreachable
    session.page.route("**/p/pagefind/van-ban-2/pagefind-entry.json*", lambda route: route.abort())
    session.page.goto(f"{session.base}p/{SEARCH}?q=754%2FQ%C4%90-UBND")
    session.page.wait_for_function(
        "() => document.querySelector('.gz-search__status').textContent.startsWith('Không tải được chỉ mục')",
        timeout=30_000)
    assert session.page.locator(".gz-search__results").get_attribute("aria-busy") != "true"


def test_a_double_click_on_more_loads_one_more_page(session):
    first = session.open("p", "hành chính")
    assert first["more"] == 1 and len(first["urls"]) == 10
    session.page.evaluate("() => { const b = document.querySelector('.gz-result--more button'); b.click(); b.click(); }")
    answer = session.settled(20)
    session.page.wait_for_timeout(500)
    answer = session.settled(20)
    assert len(answer["urls"]) == 20 and len(set(answer["urls"])) == 20, answer
    assert answer["urls"][:10] == first["urls"], "what was on screen does not move"


def test_what_is_typed_before_the_index_has_loaded_is_searched(session):
    def slow(route):
        time.sleep(1.0)
        route.continue_()
    session.page.route("**/p/pagefind/gazette-index.json*", slow)
    session.page.goto(f"{session.base}p/{SEARCH}", wait_until="commit")
    box = session.page.locator("#gz-search-q")
    box.wait_for()
    box.fill("754/QĐ-UBND")
    answer = session.settled()
    assert box.input_value() == "754/QĐ-UBND"
    assert answer["urls"][0] == "/p/van-ban/2020/754-qd-ubnd/", answer
