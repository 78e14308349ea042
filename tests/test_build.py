"""End-to-end: the bundled sample content builds with --strict into a Vietnamese site."""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from sitebuild import REPO, build_site, copy_project, tree_bytes

HOSTILE = '<script>alert(1)</script> & "x" \'y\' </title>'


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("sample") / "site"
    result = build_site(REPO, site)
    assert result.returncode == 0, result.stderr
    return site


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_seed_article_page(sample_site):
    html = page(sample_site, "tin-tuc/2020/nang-cao-hon-nua-chat-luong-cong-tac-cai-cach-hanh-chinh")
    assert "<h1>Nâng cao hơn nữa chất lượng công tác cải cách hành chính</h1>" in html
    assert "Thứ Sáu, 10/4/2020" in html
    assert '<time datetime="2020-04-10T00:00:00+07:00">' in html
    assert "Theo tin VP-BQLKCN" in html
    assert 'href="../../../chuyen-muc/cai-cach-hanh-chinh/"' in html
    # the citation in the body becomes a link without changing the visible text
    assert '<a class="gz-docref" href="../../../van-ban/2020/754-qd-ubnd/">754/QĐ-UBND</a>, ngày 31/3/2020' in html
    assert "Văn bản liên quan" in html and "Quyết định số 3052/QĐ-UBND" in html
    # page boilerplate of the old portal is gone
    for junk in ("Lượt xem", "Thống kê truy cập", "Đăng nhập", "Chung nhan Tin Nhiem Mang"):
        assert junk not in html
    assert '<html lang="vi"' in html


def test_document_page_metadata_and_backlinks(sample_site):
    html = page(sample_site, "van-ban/2020/754-qd-ubnd")
    for label in ("Số ký hiệu", "Loại văn bản", "Cơ quan ban hành", "Người ký", "Ngày ban hành",
                  "Ngày có hiệu lực", "Tình trạng hiệu lực", "Lĩnh vực"):
        assert f'<th scope="row">{label}</th>' in html
    assert "<td>31/03/2020</td>" in html
    assert "Tin bài liên quan" in html
    assert 'href="../../../tin-tuc/2020/nang-cao-hon-nua-chat-luong-cong-tac-cai-cach-hanh-chinh/"' in html
    assert re.search(r'href="\.\./754-qd-ubnd\.txt" download>[^<]+</a> <span class="gz-file">\(TXT, [\d,]+ (KB|B)\)',
                     html)
    assert (sample_site / "van-ban/2020/754-qd-ubnd.txt").is_file()


def test_every_content_file_has_a_page(sample_site):
    for md in (REPO / "content").rglob("*.md"):
        rel = md.relative_to(REPO / "content").with_suffix("")
        assert (sample_site / rel / "index.html").is_file(), rel


def test_replacement_shown_both_ways(sample_site):
    replaced = [p for p in sample_site.glob("van-ban/*/*/index.html") if "Được thay thế bởi" in p.read_text("utf-8")]
    assert replaced, "the sample has a document replaced by another"
    for path in replaced:
        assert "Hết hiệu lực" in path.read_text("utf-8")


def test_no_third_party_requests(sample_site):
    for path in sample_site.rglob("*.html"):
        html = path.read_text("utf-8")
        # anything the browser fetches by itself: src attributes and <link> elements
        fetched = re.findall(r'\ssrc="(https?://[^"]+)"', html)
        fetched += re.findall(r'<link\b[^>]*\shref="((?:https?:)?//[^"]+)"', html)
        assert all(url.startswith("https://cchc.example.gov.vn/") for url in fetched), (path, fetched)
        assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html


def test_articles_not_in_navigation(sample_site):
    html = page(sample_site, "gioi-thieu")
    nav = html[html.find('<nav class="md-nav md-nav--primary"'):html.find("</nav>")]
    assert "tin-tuc/20" not in nav


def test_sitemap_uses_content_dates(sample_site):
    xml = (sample_site / "sitemap.xml").read_text("utf-8")
    assert ("<loc>https://cchc.example.gov.vn/tin-tuc/2020/nang-cao-hon-nua-chat-luong-cong-tac-cai-cach-hanh-chinh/"
            "</loc><lastmod>2020-04-10</lastmod>") in xml
    # the pages written from docs/ (home, about, search), not the 404 page nor redirects
    for url in ("", "gioi-thieu/", "tim-kiem/", "lien-he/"):
        assert f"<loc>https://cchc.example.gov.vn/{url}</loc>" in xml, url
    assert "404" not in xml and xml.count("<loc>https://cchc.example.gov.vn/</loc>") == 1


def test_two_builds_are_byte_identical(tmp_path, sample_site):
    again = tmp_path / "again"
    result = build_site(REPO, again)
    assert result.returncode == 0, result.stderr
    first, second = tree_bytes(sample_site), tree_bytes(again)
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert not different


def test_front_matter_strings_are_escaped_everywhere(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "content/tin-tuc/2024/bai-thu-nghiem.md").write_text(
        "---\n"
        f"title: '{HOSTILE.replace(chr(39), chr(39) * 2)}'\n"
        "date: 2024-05-02\n"
        "category: cai-cach-hanh-chinh\n"
        f"tags: ['{HOSTILE.replace(chr(39), chr(39) * 2)}']\n"
        f"summary: '{HOSTILE.replace(chr(39), chr(39) * 2)}'\n"
        f"source: '{HOSTILE.replace(chr(39), chr(39) * 2)}'\n"
        "---\nNội dung.\n", encoding="utf-8")
    site = tmp_path / "site"
    result = build_site(project, site)
    assert result.returncode == 0, result.stderr
    for path in site.rglob("*.html"):
        html = path.read_text("utf-8")
        assert "<script>alert(1)" not in html, path
        assert "</title> " not in html.replace("</title>\n", ""), path
    html = page(site, "tin-tuc/2024/bai-thu-nghiem")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#x27;" in html or "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;" in html
    assert re.search(r"<title>&lt;script&gt;alert\(1\)&lt;/script&gt; &amp; &quot;x&quot; &#x27;y&#x27; &lt;/title&gt; - ", html)


def test_invalid_content_fails_cleanly_and_writes_nothing(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "content/tin-tuc/2024/hong.md").write_text(
        "---\ntitle: Hội nghị: kết quả\ndate: 2024-02-31\ncategory: khong-co\n---\nNội dung\n", encoding="utf-8")
    (project / "content/tin-tuc/2023/ngay-sai.md").write_text(
        "---\ntitle: \"Bài\"\ndate: 31/3/2023\ncategory: cai-cach-hanh-chinh\n---\nNội dung\n", encoding="utf-8")
    site = tmp_path / "site"
    result = build_site(project, site)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert "content/tin-tuc/2024/hong.md:2: title:" in output
    assert "content/tin-tuc/2023/ngay-sai.md:3: date:" in output and "2023-03-31" in output
    assert not site.exists()


# -- the search index is fed while the bodies are rendered (gazette.build._search_stream) ----------------------

_IGNORED = re.compile(r'<(div|aside|nav|section)\b[^>]*\bdata-pagefind-ignore\b[^>]*>.*?</\1>', re.S)


def _streamed(content: Path):
    from datetime import date as day
    from gazette.build import make_site_build
    planned, received, calls = [], {}, []

    def feed(pages):
        calls.append(len(pages))
        planned.extend(pages)
        return lambda page: received.setdefault(page.url, page)
    build = make_site_build(content, REPO, today=day(2026, 11, 27), search=feed)
    return build, planned, received, calls


def test_the_search_index_gets_every_page_as_it_will_be_indexed_from_the_finished_site():
    from gazette.build import indexed_page
    from gazette.search import indexed_date
    build, planned, received, calls = _streamed(REPO / "content")
    assert calls == [len(planned)]
    pages = {p.url: p for p in build.pages if p.kind in ("article", "document")}
    assert set(received) == set(pages) == {p.url for p in planned}
    assert {p.url: (p.kind, p.date) for p in planned} == {u: (p.kind, indexed_date(p.content)) for u, p in pages.items()}
    trimmed = 0
    for url, page in pages.items():
        # Pagefind skips data-pagefind-ignore elements: the page without them is what it indexes
        indexable = _IGNORED.sub("", page.content)
        trimmed += indexable != page.content
        assert received[url] == replace(indexed_page(page), content=indexable), url
    assert trimmed > len(pages) / 2        # most pages have tags, related documents or backlinks


def test_pages_reuse_what_was_made_for_the_search_index_and_are_the_same_as_without_it(monkeypatch):
    from datetime import date as day
    import gazette.build
    import gazette.pages.article
    import gazette.pages.document
    from gazette.build import make_site_build
    made = []
    for module, name in ((gazette.pages.article, "article_halves"), (gazette.pages.document, "document_halves")):
        original = getattr(module, name)
        counted = lambda item, *a, _f=original: made.append(item.url) or _f(item, *a)
        monkeypatch.setattr(module, name, counted)
        monkeypatch.setattr(gazette.build, name, counted)
    streamed, planned, received, calls = _streamed(REPO / "content")
    assert sorted(made) == sorted(received)                  # each article and document rendered once
    alone = make_site_build(REPO / "content", REPO, today=day(2026, 11, 27))    # no search index: no halves
    assert [(p.url, p.content) for p in streamed.pages] == [(p.url, p.content) for p in alone.pages]
    assert any("data-pagefind-ignore" in p.content for p in alone.pages if p.kind == "article")


def test_content_with_errors_starts_no_search_index(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "content/tin-tuc/2024/hong.md").write_text(
        "---\ntitle: Hội nghị\ndate: 2024-02-31\ncategory: cai-cach-hanh-chinh\n---\nNội dung\n", encoding="utf-8")
    build, planned, received, calls = _streamed(project / "content")
    assert build.errors and calls == [] and received == {}


# -- the cyclic garbage collector rests while the build runs (gazette.build.cyclic_gc_paused) --------------------

def test_make_site_build_pauses_the_cyclic_gc_and_gives_it_back_as_it_was():
    import gc
    from datetime import date as day
    from gazette.build import make_site_build
    seen = []

    def feed(pages):
        seen.append(gc.isenabled())
        return lambda page: None
    assert gc.isenabled()
    make_site_build(REPO / "content", REPO, today=day(2026, 11, 27), search=feed)
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        make_site_build(REPO / "content", REPO, today=day(2026, 11, 27), search=feed)
        assert not gc.isenabled()                   # a caller that paused it keeps it paused
    finally:
        gc.enable()


def test_an_mkdocs_build_in_this_process_gives_the_gc_back_after_success_and_failure(tmp_path, monkeypatch):
    import gc
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, PluginError
    project = copy_project(tmp_path / "project")
    monkeypatch.setenv("GAZETTE_TODAY", "2026-11-27")
    for broken in (False, True):
        if broken:
            (project / "content/tin-tuc/2024/hong.md").write_text(
                "---\ntitle: Hội nghị\ndate: 2024-02-31\ncategory: cai-cach-hanh-chinh\n---\nNội dung\n", "utf-8")
        config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(tmp_path / f"site-{broken}"))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        except (Abort, PluginError):
            assert broken
        else:
            assert not broken and (tmp_path / "site-False/index.html").is_file()
        finally:
            config.plugins.on_shutdown()
        assert gc.isenabled(), f"broken={broken}"
        # this process goes on after the build: nothing of it is kept until exit (see keep_until_exit)
        assert gc.get_freeze_count() == 0


_KEPT = """
import sys
sys.path.insert(0, sys.argv[1])
from gazette.build import keep_until_exit

class Noisy:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("freed", self.name, flush=True)

kept, other = Noisy("kept"), Noisy("other")
keep_until_exit([kept])
del kept, other
print("end of script", flush=True)
"""


def test_keep_until_exit_never_frees_what_it_keeps_not_even_when_python_exits(tmp_path):
    import subprocess
    import sys
    result = subprocess.run([sys.executable, "-c", _KEPT, str(REPO / "scripts")], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    # the other object goes at once; the kept one neither then nor when the interpreter shuts down
    assert result.stdout.splitlines() == ["freed other", "end of script"]


def test_only_the_mkdocs_command_keeps_its_build_until_exit(monkeypatch):
    import sys
    import types
    from gazette.mkdocs_plugin import _process_is_mkdocs_cli
    assert not _process_is_mkdocs_cli()                      # pytest goes on after a build
    monkeypatch.setattr(sys, "argv", ["/srv/gazette/.venv/bin/mkdocs", "build", "--strict"])
    assert _process_is_mkdocs_cli()
    monkeypatch.setattr(sys, "argv", ["-m"])
    main = types.ModuleType("__main__")
    main.__spec__ = types.SimpleNamespace(name="mkdocs.__main__")
    monkeypatch.setitem(sys.modules, "__main__", main)
    assert _process_is_mkdocs_cli()                          # python -m mkdocs build
