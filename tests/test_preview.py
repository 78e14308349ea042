"""`mkdocs serve` keeps work between rebuilds (gazette.preview_cache): what it keeps must never show stale pages.

Unit tests check each kept thing against a build from scratch; the end-to-end test runs `mkdocs serve` on the
sample content and edits, adds and deletes files the way an editor does.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from datetime import date
from pathlib import Path

import pytest
from sitebuild import MKDOCS, REPO, copy_project, fetch, free_port, stop

from gazette.corpus import BuildOptions, load_corpus
from gazette.preview_cache import PreviewCache, PreviewPages

OPTIONS = BuildOptions(today=date(2026, 11, 27))
CITING = """\
---
title: "Triển khai Quyết định số 88/QĐ-UBND"
date: 2026-11-20
category: cai-cach-hanh-chinh
summary: "Tin thử của bản xem trước."
---
Ban Quản lý triển khai Quyết định số 88/QĐ-UBND ngày 02/11/2026 của Ủy ban nhân dân tỉnh. MARKER-ONE
"""
CITED = """\
---
number: "88/QĐ-UBND"
type: "Quyết định"
title: "Về việc thử bản xem trước"
issuer: ubnd-tinh
issued: 2026-11-02
signer_title: "Chủ tịch"
fields: [cai-cach-hanh-chinh]
attachments: [{file: "88-qd-ubnd.txt", title: "Toàn văn"}]
---
Nội dung thử.
"""


def snapshot(result) -> tuple:
    corpus = result.corpus
    return (corpus.links, [p.format() for p in result.problems], result.missing,
            {url: (r.html, r.mentions) for url, r in result.bodies.items()})


@pytest.fixture
def content(tmp_path) -> Path:
    shutil.copytree(REPO / "content", tmp_path / "content")
    return tmp_path / "content"


def test_a_rebuild_with_the_cache_equals_a_build_from_scratch(content):
    cache = PreviewCache()
    first = load_corpus(content, OPTIONS, content.parent, cache)
    assert snapshot(first) == snapshot(load_corpus(content, OPTIONS, content.parent))
    again = load_corpus(content, OPTIONS, content.parent, cache)
    assert cache.hits["files"] == len(list(content.rglob("*.md"))), "unchanged files are not read again"
    assert snapshot(again) == snapshot(first)


def test_an_edited_file_is_read_and_rendered_again(content):
    cache = PreviewCache()
    load_corpus(content, OPTIONS, content.parent, cache)
    article = content / "tin-tuc/2020/doi-moi-cong-tac-van-thu-luu-tru.md"
    article.write_text(article.read_text("utf-8") + "\nĐoạn mới có số 754/QĐ-UBND.\n", "utf-8")
    edited = load_corpus(content, OPTIONS, content.parent, cache)
    assert snapshot(edited) == snapshot(load_corpus(content, OPTIONS, content.parent))
    html = edited.bodies["tin-tuc/2020/doi-moi-cong-tac-van-thu-luu-tru/"].html
    assert "Đoạn mới có số" in html and "754-qd-ubnd/" in html


def test_a_new_document_relinks_bodies_rendered_before_it(content):
    cache = PreviewCache()
    (content / "tin-tuc/2026/trien-khai-88.md").write_text(CITING, "utf-8")
    before = load_corpus(content, OPTIONS, content.parent, cache)
    assert "88-qd-ubnd" not in before.bodies["tin-tuc/2026/trien-khai-88/"].html
    assert any(m.number == "88/QĐ-UBND" for m in before.missing)
    (content / "van-ban/2026").mkdir(exist_ok=True)
    (content / "van-ban/2026/88-qd-ubnd.txt").write_text("Toàn văn thử.", "utf-8")
    (content / "van-ban/2026/88-qd-ubnd.md").write_text(CITED, "utf-8")
    after = load_corpus(content, OPTIONS, content.parent, cache)
    assert snapshot(after) == snapshot(load_corpus(content, OPTIONS, content.parent))
    assert 'href="../../../van-ban/2026/88-qd-ubnd/"' in after.bodies["tin-tuc/2026/trien-khai-88/"].html


def test_a_broken_file_is_reported_again_on_every_rebuild(content):
    cache = PreviewCache()
    broken = content / "tin-tuc/2020/doi-moi-cong-tac-van-thu-luu-tru.md"
    broken.write_text(broken.read_text("utf-8").replace("date: 2020-07-08", "date: 31/02/2020"), "utf-8")
    for _ in range(2):
        result = load_corpus(content, OPTIONS, content.parent, cache)
        assert result.corpus is None
        assert any(p.path.endswith("doi-moi-cong-tac-van-thu-luu-tru.md") and p.field == "date" for p in result.problems)


# -- pages behind links -----------------------------------------------------------------------------------------

def test_pages_are_written_once_and_what_a_build_did_not_make_is_swept(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    pages = PreviewPages()
    pages.link(site, {"tin-tuc", "pagefind"})
    assert (site / "tin-tuc").is_symlink() and (site / ".gazette-pages/tin-tuc").is_dir()
    a, b = site / "tin-tuc/2020/a/index.html", site / "tin-tuc/2020/b/index.html"
    assert pages.write({a: b"A", b: b"B"}) == 2
    assert (site / ".gazette-pages/tin-tuc/2020/a/index.html").read_bytes() == b"A"

    time.sleep(0.01)
    pages.link(site, {"tin-tuc", "pagefind"})                       # the next build starts
    assert pages.write({a: b"A", b: b"B2"}) == 1, "only the changed page is written"
    assert b.read_bytes() == b"B2"
    b.unlink()
    assert pages.write({a: b"A", b: b"B2"}) == 1, "a page missing on disk is written again"
    (site / "pagefind/kept.json").write_text("{}")
    assert pages.sweep(site, {a, b}) == 0 and a.exists() and b.exists()

    time.sleep(0.01)
    pages.link(site, {"tin-tuc", "pagefind"})                       # a build without page a
    old_attachment = site / "tin-tuc/2020/file.txt"
    old_attachment.write_text("old")                               # as if MkDocs had copied it in an older build
    os.utime(old_attachment, ns=(0, 0))
    (site / "tin-tuc/2020/c").mkdir()
    (site / "tin-tuc/2020/c/index.html").write_text("C")            # MkDocs wrote this one in this build
    assert pages.write({b: b"B2"}) == 0
    assert pages.sweep(site, {b}) == 2
    assert not a.exists() and not (site / ".gazette-pages/tin-tuc/2020/a").exists(), "its folder goes too"
    assert not old_attachment.exists()
    assert b.exists() and (site / "tin-tuc/2020/c/index.html").exists()
    assert (site / "pagefind/kept.json").exists(), "the search bundle is not swept"


def test_mkdocs_cleaning_leaves_the_linked_pages(tmp_path):
    from mkdocs.utils import clean_directory
    site = tmp_path / "site"
    site.mkdir()
    pages = PreviewPages()
    pages.link(site, {"tin-tuc"})
    pages.write({site / "tin-tuc/a/index.html": b"A"})
    (site / "other.html").write_text("x")
    clean_directory(str(site))
    assert not (site / "other.html").exists()
    assert (site / "tin-tuc/a/index.html").read_bytes() == b"A"


def test_without_symbolic_links_pages_are_written_the_plain_way(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("symbolic links are not allowed here")
    monkeypatch.setattr(Path, "symlink_to", refuse)
    site = tmp_path / "site"
    site.mkdir()
    pages = PreviewPages()
    pages.link(site, {"tin-tuc", "van-ban"})
    assert not pages.enabled
    assert not any(p.is_symlink() for p in site.iterdir())


# -- mkdocs serve, end to end -------------------------------------------------------------------------------------

def _fetch(url: str) -> tuple[int, str]:
    try:
        return fetch(url)
    except OSError:              # not answering yet, or between two builds
        return 0, ""


def _until(check, what: str, log: Path, seconds: float = 120):
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value:
            return value
        assert time.monotonic() < deadline, f"timed out waiting for {what}:\n{log.read_text('utf-8', 'replace')[-3000:]}"
        time.sleep(0.3)


def _indexed_pages(base: str) -> int:
    status, text = _fetch(base + "pagefind/gazette-index.json")
    return sum(p["pages"] for p in json.loads(text)["partitions"]) if status == 200 else 0


def test_mkdocs_serve_shows_edits_new_links_and_deletions(tmp_path):
    project = copy_project(tmp_path / "project")
    content = project / "content"
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log = tmp_path / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GAZETTE_TODAY": "2026-11-27"}
    with log.open("wb") as out:
        server = subprocess.Popen([*MKDOCS, "serve", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
                                  cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            _until(lambda: server.poll() is None and _fetch(base)[0] == 200, "the first build", log, 180)
            indexed = _until(lambda: _indexed_pages(base), "the preview's search index", log)
            article_url = base + "tin-tuc/2020/doi-moi-cong-tac-van-thu-luu-tru/"
            unrelated = _fetch(base + "tin-tuc/2020/ban-hanh-ke-hoach-nang-cao-chi-so-cchc/")
            assert unrelated[0] == 200

            # an edit shows up, and the other pages are still there
            article = content / "tin-tuc/2020/doi-moi-cong-tac-van-thu-luu-tru.md"
            article.write_text(article.read_text("utf-8") + "\nDấu kiểm tra MARKER-EDIT.\n", "utf-8")
            _until(lambda: "MARKER-EDIT" in _fetch(article_url)[1], "the edited page", log)
            assert _fetch(base + "tin-tuc/2020/ban-hanh-ke-hoach-nang-cao-chi-so-cchc/")[0] == 200
            assert _fetch(base + "van-ban/2020/754-qd-ubnd/")[0] == 200

            # a new article citing a number that has no page yet, then the document itself
            (content / "tin-tuc/2026/trien-khai-88.md").write_text(CITING, "utf-8")
            new_url = base + "tin-tuc/2026/trien-khai-88/"
            page = _until(lambda: _fetch(new_url)[1], "the new article", log)
            assert "MARKER-ONE" in page and "88-qd-ubnd/" not in page
            _until(lambda: _indexed_pages(base) == indexed + 1, "the new article in the search index", log)
            (content / "van-ban/2026").mkdir(exist_ok=True)
            (content / "van-ban/2026/88-qd-ubnd.txt").write_text("Toàn văn thử.", "utf-8")
            (content / "van-ban/2026/88-qd-ubnd.md").write_text(CITED, "utf-8")
            _until(lambda: "../../../van-ban/2026/88-qd-ubnd/" in _fetch(new_url)[1], "the link to the new document", log)
            assert _fetch(base + "van-ban/2026/88-qd-ubnd/")[0] == 200
            attachment = _until(lambda: [u for u in [base + "van-ban/2026/88-qd-ubnd.txt"] if _fetch(u)[0] == 200],
                                "the attachment", log)[0]

            # deleting the files removes their pages
            (content / "tin-tuc/2026/trien-khai-88.md").unlink()
            (content / "van-ban/2026/88-qd-ubnd.md").unlink()
            (content / "van-ban/2026/88-qd-ubnd.txt").unlink()
            _until(lambda: _fetch(new_url)[0] == 404, "the deleted article's page to go", log)
            _until(lambda: _fetch(base + "van-ban/2026/88-qd-ubnd/")[0] == 404, "the deleted document's page", log)
            _until(lambda: _fetch(attachment)[0] == 404, "the deleted attachment", log)
            assert "MARKER-EDIT" in _fetch(article_url)[1]
            assert "Traceback" not in log.read_text("utf-8", "replace")
        finally:
            stop(server)
