"""Scheduled publishing, drafts and the preview banner, with a fixed clock.

* Real builds (`mkdocs build --strict` with GAZETTE_TODAY, via tests/sitebuild.py): an article and a document
  dated in the future, and a draft article and document, leave no trace in any output file (pages,
  listings, feeds, sitemap, registry JSON, redirect rules, the Pagefind index, counts) until their date in
  Asia/Ho_Chi_Minh; on that date they are everywhere; drafts never are. The nightly rebuild is what moves
  "today": effect statuses change with it.
* The core (BuildOptions(today=…, now=…), make_site_build with a frozen clock): an article with a time of
  day appears at that minute, not before.
* `mkdocs serve` shows drafts and scheduled items with a banner ("Bản nháp", "Hẹn đăng").
"""
from __future__ import annotations

import gzip
import html
import json
import os
import re
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

import gazette.build
import gazette.text
from gazette.build import make_site_build
from gazette.corpus import BuildOptions, build_corpus
from gazette.text import TIMEZONE
from sitebuild import MKDOCS, build_site, copy_project, fetch, free_port, stop, tree_bytes

DAY_BEFORE = "2026-11-30"
PUBLICATION_DAY = "2026-12-01"

# Made-up words that occur nowhere else, so that finding one in an output file can only mean a leak.
FUTURE_ARTICLE = {
    "path": "tin-tuc/2026/hoi-nghi-zeltravok-hen-dang.md",
    "url": "tin-tuc/2026/hoi-nghi-zeltravok-hen-dang/",
    "slug": "hoi-nghi-zeltravok-hen-dang",
    "title": "Hội nghị Zeltravok về một cửa điện tử",
    "word": "zeltravok",
    "text": """\
---
title: "Hội nghị Zeltravok về một cửa điện tử"
date: 2026-12-01
category: thu-tuc-hanh-chinh
tags: ["thẻ riêng zeltravok"]
summary: "Tóm tắt Zeltravok: hội nghị triển khai một cửa điện tử tại các khu công nghiệp."
source: "VP-BQLKCN"
documents: ["118/2025/NĐ-CP"]
aliases: ["/tin-tuc/cu/zeltravok-999.html", "/index.php?zeltravok=1"]
---
Nội dung Zeltravok: Ban Quản lý tổ chức hội nghị triển khai một cửa điện tử theo Nghị định số 118/2025/NĐ-CP.
""",
}
FUTURE_DOCUMENT = {
    "path": "van-ban/2026/987-qd-bqlkcn.md",
    "url": "van-ban/2026/987-qd-bqlkcn/",
    "slug": "987-qd-bqlkcn",
    "title": "Quy chế Quorvelith tiếp nhận hồ sơ trực tuyến",
    "word": "quorvelith",
    "number": "987/QĐ-BQLKCN",
    "text": """\
---
number: "987/QĐ-BQLKCN"
type: "Quyết định"
title: "Quy chế Quorvelith tiếp nhận hồ sơ trực tuyến"
issuer: bqlkcn
issued: 2026-12-01
effective: 2026-12-15
signer: "Người Ký Quorvelith"
fields: [thu-tuc-hanh-chinh]
based_on: ["118/2025/NĐ-CP"]
---
Quy chế Quorvelith về tiếp nhận hồ sơ trực tuyến.
""",
}
DRAFT_ARTICLE = {
    "path": "tin-tuc/2026/ban-nhap-vorplindu.md",
    "url": "tin-tuc/2026/ban-nhap-vorplindu/",
    "slug": "ban-nhap-vorplindu",
    "title": "Bản nháp Vorplindu chưa duyệt",
    "word": "vorplindu",
    "text": """\
---
title: "Bản nháp Vorplindu chưa duyệt"
date: 2026-11-01
category: cai-cach-hanh-chinh
tags: ["thẻ riêng vorplindu"]
documents: ["118/2025/NĐ-CP"]
draft: true
---
Nội dung Vorplindu chưa được duyệt.
""",
}
DRAFT_DOCUMENT = {
    "path": "van-ban/2026/988-qd-bqlkcn.md",
    "url": "van-ban/2026/988-qd-bqlkcn/",
    "slug": "988-qd-bqlkcn",
    "title": "Dự thảo Glimbrutha chưa ban hành",
    "word": "glimbrutha",
    "number": "988/QĐ-BQLKCN",
    "text": """\
---
number: "988/QĐ-BQLKCN"
type: "Quyết định"
title: "Dự thảo Glimbrutha chưa ban hành"
issuer: bqlkcn
issued: 2026-11-02
fields: [cai-cach-hanh-chinh]
draft: true
---
Dự thảo Glimbrutha.
""",
}
SCHEDULED = [FUTURE_ARTICLE, FUTURE_DOCUMENT]
DRAFTS = [DRAFT_ARTICLE, DRAFT_DOCUMENT]

# Published in every build: its effect status depends on the day of the build.
STATUS_DOCUMENT = {
    "path": "van-ban/2026/77-qd-bqlkcn.md",
    "url": "van-ban/2026/77-qd-bqlkcn/",
    "text": """\
---
number: "77/QĐ-BQLKCN"
type: "Quyết định"
title: "Quy định thời gian tiếp nhận hồ sơ"
issuer: bqlkcn
issued: 2026-11-20
effective: 2026-12-01
fields: [thu-tuc-hanh-chinh]
---
Quyết định có hiệu lực từ ngày 01/12/2026.
""",
}


def add(project: Path, *items: dict) -> Path:
    for item in items:
        path = project / "content" / item["path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(item["text"], encoding="utf-8")
    return project


def built(project: Path, site: Path, today: str) -> Path:
    result = build_site(project, site, today=today)
    assert result.returncode == 0, f"mkdocs build --strict failed (GAZETTE_TODAY={today}):\n{result.stderr}"
    return site


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """Three builds, run in parallel:

    * `reference`: the sample content plus STATUS_DOCUMENT, on DAY_BEFORE;
    * `before`:    the same plus the scheduled items and drafts, on DAY_BEFORE;
    * `on_day`:    the same as `before`, on PUBLICATION_DAY.
    """
    root = tmp_path_factory.mktemp("scheduling")
    reference = add(copy_project(root / "reference"), STATUS_DOCUMENT)
    hidden = add(copy_project(root / "hidden"), STATUS_DOCUMENT, *SCHEDULED, *DRAFTS)
    jobs = {"reference": (reference, DAY_BEFORE), "before": (hidden, DAY_BEFORE), "on_day": (hidden, PUBLICATION_DAY)}
    with ThreadPoolExecutor(len(jobs)) as pool:
        futures = {name: pool.submit(built, project, root / f"site-{name}", today)
                   for name, (project, today) in jobs.items()}
        return {name: future.result() for name, future in futures.items()}


# -- reading a built site ---------------------------------------------------------------------------------

def pagefind_bytes(data: bytes) -> bytes:
    """A Pagefind index file as searchable bytes: gzip around a `pagefind_dcd` signature and JSON or CBOR."""
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data.removeprefix(b"pagefind_dcd")


def searchable_files(site: Path) -> dict[str, bytes]:
    """Every output file as searchable bytes: Pagefind's and .gz files decompressed, HTML/XML character
    references resolved, JSON also re-encoded without \\u escapes."""
    files = {}
    for name, data in tree_bytes(site).items():
        if name.startswith("pagefind/") and name.rsplit(".", 1)[-1].startswith("pf_"):
            data = pagefind_bytes(data)
            if name.endswith(".pf_fragment"):     # JSON (the other index files are CBOR: UTF-8 strings as they are)
                data += json.dumps(json.loads(data), ensure_ascii=False).encode("utf-8")
        elif name.endswith(".gz"):
            data = gzip.decompress(data)
        elif name.endswith(".json"):            # \u escapes would hide non-ASCII text from a byte search
            data = data + json.dumps(json.loads(data), ensure_ascii=False).encode("utf-8")
        elif name.endswith((".html", ".xml", ".conf", ".htaccess", ".txt")):
            data = html.unescape(data.decode("utf-8")).encode("utf-8")
        files[name] = data
    return files


def traces(item: dict) -> list[bytes]:
    """What would betray the item in an output file: its URL slug, title, made-up word, number."""
    marks = [item["slug"], item["title"], item["word"], item["word"].capitalize()]
    if "number" in item:
        marks.append(item["number"])
    return [m.encode("utf-8") for m in marks]


def leaks(site: Path, item: dict) -> list[str]:
    found = []
    for name, data in searchable_files(site).items():
        for mark in traces(item):
            if mark in name.encode("utf-8") or mark in data:
                found.append(f"{name}: {mark.decode()}")
    return found


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def counts(html_text: str) -> dict[str, str]:
    """Listing counts: link text → "(N …)" for every `gz-count` in a page."""
    return {html.unescape(name): count for name, count in
            re.findall(r'<a [^>]*>([^<]+)</a> <span class="gz-count">\(([^)]*)\)</span>', html_text)}


def status_of(site: Path, url: str) -> str:
    match = re.search(r'<th scope="row">Tình trạng hiệu lực</th>\s*<td>([^<]*)</td>', page(site, url))
    assert match, url
    return match.group(1)


# -- real builds: absent before the date, everywhere on it --------------------------------------------------

@pytest.mark.parametrize("item", SCHEDULED + DRAFTS, ids=lambda i: i["slug"])
def test_unpublished_item_is_absent_from_every_output_file(sites, item):
    site = sites["before"]
    assert (site / "index.html").is_file()
    assert not (site / item["url"]).exists()
    assert leaks(site, item) == []


@pytest.mark.parametrize("item", DRAFTS, ids=lambda i: i["slug"])
def test_draft_is_absent_even_after_its_date(sites, item):
    assert not (sites["on_day"] / item["url"]).exists()
    assert leaks(sites["on_day"], item) == []


def test_unpublished_items_change_no_byte_of_the_site(sites):
    """Stronger than any list of places: the build with the scheduled items and drafts is byte-identical to
    the build without them, so they are in no page, listing, count, feed, sitemap, JSON or search file."""
    reference, before = tree_bytes(sites["reference"]), tree_bytes(sites["before"])
    assert sorted(before) == sorted(reference), (
        f"only with unpublished items: {sorted(set(before) - set(reference))}; "
        f"missing: {sorted(set(reference) - set(before))}")
    assert [name for name in reference if reference[name] != before[name]] == []


def test_the_leak_check_finds_items_that_are_published(sites):
    """The control for the tests above: the same search finds each scheduled item once it is due, in the
    places it belongs, including the decompressed Pagefind index."""
    site = sites["on_day"]
    for item in SCHEDULED:
        places = leaks(site, item)
        assert any(p.startswith(item["url"] + "index.html") for p in places), places
        assert any(re.match(r"pagefind/[^/]+/fragment/", p) and item["title"] in p for p in places), places
        assert any(re.match(r"pagefind/[^/]+/index/", p) and item["word"] in p for p in places), places
        assert any(p.startswith("sitemap.xml:") for p in places), places
        assert any(p.startswith("sitemap.xml.gz:") for p in places), places


def test_scheduled_article_appears_everywhere_on_its_date(sites):
    site, item = sites["on_day"], FUTURE_ARTICLE
    article = page(site, item["url"])
    assert f"<h1>{item['title']}</h1>" in article
    assert '<time datetime="2026-12-01T00:00:00+07:00">' in article
    assert "gz-banner" not in article                       # a published page carries no preview banner
    for listing in ("", "tin-tuc/", "chuyen-muc/thu-tuc-hanh-chinh/"):
        assert f'2026/{item["slug"]}/"' in page(site, listing), listing     # links are relative
    for feed in ("tin-tuc/rss.xml", "tin-tuc/atom.xml"):
        assert item["title"] in (site / feed).read_text("utf-8"), feed
    assert f"<loc>https://cchc.example.gov.vn/{item['url']}</loc><lastmod>2026-12-01</lastmod>" in \
        (site / "sitemap.xml").read_text("utf-8")
    # its legacy addresses now redirect, statically and in the server rules
    assert (site / "tin-tuc/cu/zeltravok-999/index.html").is_file()
    assert f"/{item['url']}" in (site / "redirects.nginx.conf").read_text("utf-8")
    assert "zeltravok=1" in (site / ".htaccess").read_text("utf-8")
    # the document it cites links back to it
    assert item["url"].split("/", 1)[1] in page(site, "van-ban/2025/118-2025-nd-cp")


def test_scheduled_document_appears_in_the_registry_on_its_date(sites):
    before, site, item = sites["before"], sites["on_day"], FUTURE_DOCUMENT
    assert item["title"] in page(site, item["url"])
    registry = json.loads((site / "van-ban/danh-sach.json").read_text("utf-8"))
    assert item["number"] in json.dumps(registry, ensure_ascii=False)
    assert item["number"] not in json.dumps(json.loads((before / "van-ban/danh-sach.json").read_text("utf-8")),
                                            ensure_ascii=False)
    assert item["title"] in page(site, "van-ban")
    # the document it is based on now shows the relation back
    assert "987-qd-bqlkcn" in page(site, "van-ban/2025/118-2025-nd-cp")
    assert "987-qd-bqlkcn" not in page(before, "van-ban/2025/118-2025-nd-cp")


def test_counts_include_an_item_from_its_date(sites):
    before, on_day = sites["before"], sites["on_day"]
    category = "Thủ tục hành chính"
    n_before = int(counts(page(before, "chuyen-muc"))[category].split()[0])
    n_on_day = int(counts(page(on_day, "chuyen-muc"))[category].split()[0])
    assert n_on_day == n_before + 1
    assert "thẻ riêng zeltravok" not in counts(page(before, "the"))
    assert counts(page(on_day, "the"))["thẻ riêng zeltravok"] == "1"

    def total(site: Path) -> int:
        match = re.search(r'<p class="gz-total">Tổng số: ([\d.]+) văn bản</p>', page(site, "van-ban"))
        return int(match.group(1).replace(".", ""))

    assert total(on_day) == total(before) + 1


def test_effect_status_changes_with_the_build_day(sites):
    """Why the nightly rebuild matters for documents already published: the status is computed on the day."""
    assert status_of(sites["before"], STATUS_DOCUMENT["url"]) == "Chưa có hiệu lực"
    assert status_of(sites["on_day"], STATUS_DOCUMENT["url"]) == "Còn hiệu lực"
    assert status_of(sites["on_day"], FUTURE_DOCUMENT["url"]) == "Chưa có hiệu lực"   # effective 15/12


def test_attachments_of_unpublished_documents_are_not_copied(tmp_path):
    """A file next to a scheduled or draft document (the full text of a decision not yet issued) must not
    be downloadable before the document is published."""
    project = add(copy_project(tmp_path / "project"), FUTURE_DOCUMENT, DRAFT_DOCUMENT)
    (project / "content/van-ban/2026/987-qd-bqlkcn.txt").write_text("Toàn văn Quorvelith.\n", encoding="utf-8")
    (project / "content/van-ban/2026/988-qd-bqlkcn.txt").write_text("Toàn văn Glimbrutha.\n", encoding="utf-8")
    site = built(project, tmp_path / "site", DAY_BEFORE)
    leaked = sorted(p.relative_to(site).as_posix() for p in site.rglob("*-qd-bqlkcn.txt")
                    if p.name.startswith(("987", "988")))
    assert leaked == [], f"attachments of unpublished documents are in the site: {leaked}"


# -- the core: time of day, and the clock of a real (nightly) build -----------------------------------------

TIMED_ARTICLE = """\
title: "Bài hẹn giờ"
date: "2026-11-27 17:00"
category: cai-cach-hanh-chinh
"""


def vn(*args: int) -> datetime:
    return datetime(*args, tzinfo=TIMEZONE)


@pytest.mark.parametrize("now, shown", [
    (vn(2026, 11, 27, 16, 59), False),
    (vn(2026, 11, 27, 16, 59, 59), False),
    (vn(2026, 11, 27, 17, 0), True),
    (vn(2026, 11, 27, 17, 1), True),
    (datetime(2026, 11, 27, 10, 0, tzinfo=timezone.utc), True),      # 17:00 in Việt Nam
])
def test_article_with_a_time_is_published_from_that_minute(make_content, now, shown):
    site = make_content()
    site.article("hen-gio", TIMED_ARTICLE, year=2026)
    corpus = build_corpus(site.load(), BuildOptions(today=date(2026, 11, 27), now=now)).corpus
    assert ("tin-tuc/2026/hen-gio/" in corpus.by_url) is shown
    assert [a.slug for a in corpus.articles] == (["hen-gio"] if shown else [])


class FrozenClock:
    """Replaces `datetime` in the modules that read the clock, so a build runs "at" a chosen instant."""

    def __init__(self, monkeypatch, instant: datetime):
        instant_ = instant

        class Frozen(datetime):
            @classmethod
            def now(cls, tz=None):
                return instant_.astimezone(tz) if tz else instant_.astimezone(TIMEZONE).replace(tzinfo=None)

        monkeypatch.setattr(gazette.build, "datetime", Frozen)
        monkeypatch.setattr(gazette.text, "datetime", Frozen)


def has_page(build, url: str) -> bool:
    return any(p.url == url for p in build.pages)


def real_clock_build(make_content, monkeypatch, instant: datetime, front_matter: str, year: int = 2026):
    """make_site_build as `mkdocs build` calls it without GAZETTE_TODAY: the clock decides."""
    FrozenClock(monkeypatch, instant)
    site = make_content()
    site.article("hen-gio", front_matter, year=year)
    build = make_site_build(site.content, site.root)
    assert build.errors == []
    return build


@pytest.mark.parametrize("instant, shown", [
    (vn(2026, 11, 27, 8, 0), False),           # the morning build does not show a 17:00 article
    (vn(2026, 11, 27, 16, 59), False),
    (vn(2026, 11, 27, 17, 0), True),
    (vn(2026, 11, 28, 0, 5), True),
])
def test_real_clock_build_publishes_a_timed_article_at_its_time(make_content, monkeypatch, instant, shown):
    build = real_clock_build(make_content, monkeypatch, instant, TIMED_ARTICLE)
    assert has_page(build, "tin-tuc/2026/hen-gio/") is shown
    assert ("tin-tuc/2026/hen-gio/" in build.corpus.by_url) is shown


@pytest.mark.parametrize("utc, shown", [
    (datetime(2026, 11, 30, 16, 59, tzinfo=timezone.utc), False),    # 23:59 on 30/11 in Việt Nam
    (datetime(2026, 11, 30, 17, 5, tzinfo=timezone.utc), True),      # the nightly run: 00:05 on 1/12
])
def test_nightly_run_just_after_midnight_publishes_the_day(make_content, monkeypatch, utc, shown):
    """The scheduled CI run is at 17:05 UTC; on a runner whose clock is UTC the build still counts days
    in Asia/Ho_Chi_Minh, so an article dated 1/12 is in the 00:05 build of 1/12."""
    front_matter = 'title: "Bài ngày 1/12"\ndate: 2026-12-01\ncategory: cai-cach-hanh-chinh\n'
    build = real_clock_build(make_content, monkeypatch, utc, front_matter)
    assert build.options.today == (date(2026, 12, 1) if shown else date(2026, 11, 30))
    assert has_page(build, "tin-tuc/2026/hen-gio/") is shown


def test_a_fixed_day_counts_the_whole_day(make_content):
    """GAZETTE_TODAY (tests, rebuilding an old state) fixes the day, not the minute: the cut-off is the end
    of that day, so a 17:00 article is in a GAZETTE_TODAY build of its date."""
    site = make_content()
    site.article("hen-gio", TIMED_ARTICLE, year=2026)
    assert has_page(make_site_build(site.content, site.root, today=date(2026, 11, 27)), "tin-tuc/2026/hen-gio/")
    assert not has_page(make_site_build(site.content, site.root, today=date(2026, 11, 26)), "tin-tuc/2026/hen-gio/")


# -- preview: drafts and scheduled items are shown, with a banner --------------------------------------------

def preview_content(make_content):
    site = make_content()
    site.article("da-dang", 'title: "Đã đăng"\ndate: 2026-11-01\ncategory: cai-cach-hanh-chinh\n', year=2026)
    site.article("ban-nhap", 'title: "Nháp"\ndate: 2026-11-01\ncategory: cai-cach-hanh-chinh\ndraft: true\n',
                 year=2026)
    site.article("hen-dang", 'title: "Hẹn"\ndate: 2026-12-01\ncategory: cai-cach-hanh-chinh\n', year=2026)
    site.article("hen-gio", TIMED_ARTICLE, year=2026)
    site.document("05-qd-ubnd", 'number: "5/QĐ-UBND"\ntype: "Quyết định"\ntitle: "Văn bản hẹn"\n'
                  'issuer: ubnd-tinh\nissued: 2026-12-03\n', year=2026)
    site.document("06-qd-ubnd", 'number: "6/QĐ-UBND"\ntype: "Quyết định"\ntitle: "Văn bản nháp"\n'
                  'issuer: ubnd-tinh\nissued: 2026-01-03\ndraft: true\n', year=2026)
    return site


def banners(build) -> dict[str, str]:
    """Banner of every article and document page (listings never have one)."""
    assert all(build.preview_banner(p) == "" for p in build.pages if p.url not in build.corpus.by_url)
    return {p.url: build.preview_banner(p) for p in build.pages if p.url in build.corpus.by_url}


def test_preview_build_banners(make_content):
    site = preview_content(make_content)
    build = make_site_build(site.content, site.root, preview=True, today=date(2026, 11, 27))
    assert banners(build) == {
        "tin-tuc/2026/da-dang/": "",
        "tin-tuc/2026/hen-gio/": "",                 # fixed day: 17:00 today counts as published
        "tin-tuc/2026/ban-nhap/": "Bản nháp: trang này không được đăng khi xuất bản.",
        "tin-tuc/2026/hen-dang/": "Hẹn đăng: trang này sẽ xuất hiện từ ngày 1/12/2026.",
        "van-ban/2026/05-qd-ubnd/": "Hẹn đăng: trang này sẽ xuất hiện từ ngày 3/12/2026.",
        "van-ban/2026/06-qd-ubnd/": "Bản nháp: trang này không được đăng khi xuất bản.",
    }


def test_preview_banner_for_an_article_later_today(make_content, monkeypatch):
    FrozenClock(monkeypatch, vn(2026, 11, 27, 9, 30))
    site = preview_content(make_content)
    build = make_site_build(site.content, site.root, preview=True)
    assert banners(build)["tin-tuc/2026/hen-gio/"] == "Hẹn đăng: trang này sẽ xuất hiện từ ngày 27/11/2026."


def test_published_build_has_no_unpublished_pages_and_no_banners(make_content):
    site = preview_content(make_content)
    build = make_site_build(site.content, site.root, preview=False, today=date(2026, 11, 27))
    assert banners(build) == {"tin-tuc/2026/da-dang/": "", "tin-tuc/2026/hen-gio/": ""}


def test_mkdocs_serve_shows_drafts_and_scheduled_items_with_a_banner(tmp_path):
    project = add(copy_project(tmp_path / "project"), FUTURE_ARTICLE, DRAFT_ARTICLE, DRAFT_DOCUMENT)
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GAZETTE_TODAY": "2026-11-27"}
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen([*MKDOCS, "serve", "--no-livereload", "-f", str(project / "mkdocs.yml"),
                                   "-a", f"127.0.0.1:{port}"], cwd=project, env=env, stdout=out,
                                  stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 180
            while True:
                assert server.poll() is None, f"mkdocs serve exited:\n{log.read_text('utf-8', 'replace')}"
                try:
                    status, _ = fetch(base)
                    if status == 200:
                        break
                except OSError:
                    pass
                assert time.monotonic() < deadline, f"mkdocs serve did not answer:\n{log.read_text('utf-8')}"
                time.sleep(0.5)

            status, draft = fetch(base + DRAFT_ARTICLE["url"])
            assert status == 200
            assert '<p class="gz-banner" role="note">Bản nháp: trang này không được đăng khi xuất bản.</p>' in draft
            assert DRAFT_ARTICLE["title"] in draft

            status, draft_document = fetch(base + DRAFT_DOCUMENT["url"])
            assert status == 200 and "Bản nháp:" in draft_document

            status, scheduled = fetch(base + FUTURE_ARTICLE["url"])
            assert status == 200
            assert ('<p class="gz-banner" role="note">Hẹn đăng: trang này sẽ xuất hiện từ ngày 1/12/2026.</p>'
                    in scheduled)

            status, published = fetch(base + "tin-tuc/2020/nang-cao-hon-nua-chat-luong-cong-tac-cai-cach-hanh-chinh/")
            assert status == 200 and "gz-banner" not in published
        finally:
            stop(server)
