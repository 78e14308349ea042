"""Files beyond the pages (extras.py): alias redirects, nginx/Apache rules, sitemap; and, from one real
`mkdocs build`, what lives in the output layer: head metadata for sharing, feed links, print styles."""
from __future__ import annotations

import gzip
import posixpath
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest

from gazette.build import make_site_build
from gazette.extras import (redirect_html, redirect_rules, sitemap_xml, write_alias_redirects, write_extras,
                            write_sitemap)
from sitebuild import build_site, copy_project

BASE = "https://cchc.example.gov.vn/"
TODAY = date(2030, 6, 15)            # far from every content date: "today" must never leak into the output
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}

TAXONOMIES = """\
categories:
  cai-cach-hanh-chinh: Cải cách hành chính
  thu-tuc-hanh-chinh: Thủ tục hành chính
issuers:
  ubnd-tinh: {name: Ủy ban nhân dân tỉnh Bình Thuận, code: UBND}
  bqlkcn: {name: Ban Quản lý các Khu công nghiệp tỉnh Bình Thuận, code: BQLKCN}
fields:
  cai-cach-hanh-chinh: Cải cách hành chính
"""

ARTICLE = """\
---
title: "Nâng cao chất lượng cải cách hành chính"
date: 2020-04-10
category: cai-cach-hanh-chinh
tags: ["Chỉ số PAR"]
summary: "Ban Quản lý triển khai các giải pháp nâng cao Chỉ số cải cách hành chính năm 2020."
documents: ["754/QĐ-UBND"]
aliases: ["/tin-tuc/cu/123.html", "/index.php?option=com_content&id=123", "tin-tuc/cu/nang-cao/"]
---
Ngày 10/4/2020, Ban Quản lý triển khai Quyết định số 754/QĐ-UBND ngày 31/3/2020.
"""

ARTICLE_NO_SUMMARY = """\
---
title: "Hội nghị trực tuyến về thủ tục hành chính"
date: "2021-08-02 14:30"
category: thu-tuc-hanh-chinh
---
Đoạn mở đầu là lời dẫn của bài.

Đoạn thứ hai.
"""

DOCUMENT = """\
---
number: "754/QĐ-UBND"
type: "Quyết định"
title: "Về việc công bố Chỉ số cải cách hành chính năm 2019"
issuer: ubnd-tinh
issued: 2020-03-31
aliases: ["/van-ban/chi-tiet.aspx?ItemID=754"]
---
Công bố kết quả.
"""


def write_content(root: Path) -> Path:
    content = root / "content"
    files = {"taxonomies.yml": TAXONOMIES,
             "tin-tuc/2020/nang-cao-chat-luong.md": ARTICLE,
             "tin-tuc/2021/hoi-nghi-truc-tuyen.md": ARTICLE_NO_SUMMARY,
             "van-ban/2020/754-qd-ubnd.md": DOCUMENT}
    for rel, text in files.items():
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return content


def site_build(root: Path, today: date = TODAY):
    content = write_content(root) if not (root / "content").exists() else root / "content"
    build = make_site_build(content, root, today=today, site_url=BASE, site_name="Cải cách hành chính")
    assert not build.errors, [p.format() for p in build.errors]
    return build


@pytest.fixture
def build(tmp_path):
    return site_build(tmp_path / "project")


# --- alias redirect pages -------------------------------------------------------------------------

def test_redirect_html_is_a_relative_noindex_meta_refresh():
    html = redirect_html("tin-tuc/cu/123/", "tin-tuc/2020/bai/", 'Tin "mới" & <b>')
    assert '<meta http-equiv="refresh" content="0; url=../../2020/bai/">' in html
    assert '<meta name="robots" content="noindex">' in html
    assert '<a href="../../2020/bai/">Tin &quot;mới&quot; &amp; &lt;b&gt;</a>' in html
    assert "<b>" not in html
    assert html.startswith('<!doctype html><html lang="vi"><head><meta charset="utf-8">')


def test_alias_redirect_pages_are_written_for_path_aliases(build, tmp_path):
    site = tmp_path / "site"
    write_alias_redirects(build, site)
    written = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
    assert written == ["tin-tuc/cu/123/index.html", "tin-tuc/cu/nang-cao/index.html"]
    html = (site / "tin-tuc/cu/123/index.html").read_text("utf-8")
    assert 'content="0; url=../../2020/nang-cao-chat-luong/"' in html
    assert 'content="noindex"' in html
    assert "Nâng cao chất lượng cải cách hành chính" in html
    # the relative target really is the article, seen from the alias directory
    target = (site / "tin-tuc/cu/123" / "../../2020/nang-cao-chat-luong/").resolve()
    assert target == (site / "tin-tuc/2020/nang-cao-chat-luong").resolve()


def test_nginx_rules_for_path_and_query_aliases(build):
    nginx, _ = redirect_rules(build)
    lines = nginx.splitlines()
    assert "location = /tin-tuc/cu/123.html { return 301 /tin-tuc/2020/nang-cao-chat-luong/; }" in lines
    assert "location = /tin-tuc/cu/nang-cao/ { return 301 /tin-tuc/2020/nang-cao-chat-luong/; }" in lines
    assert ('if ($request_uri = "/index.php?option=com_content&id=123") '
            "{ return 301 /tin-tuc/2020/nang-cao-chat-luong/; }") in lines
    assert 'if ($request_uri = "/van-ban/chi-tiet.aspx?ItemID=754") { return 301 /van-ban/2020/754-qd-ubnd/; }' in lines
    assert nginx.count("return 301") == 4
    assert nginx.count("{") == nginx.count("}")


def apache_redirect(apache: str, path: str, query: str = "") -> str | None:
    """Where the Apache rules send `path?query` (a tiny mod_rewrite: RewriteCond on QUERY_STRING + RewriteRule)."""
    condition = None
    for line in apache.splitlines():
        if line.startswith("RewriteCond %{QUERY_STRING} "):
            condition = line.split(" ", 2)[2]
            continue
        if line.startswith("RewriteRule "):
            _, pattern, target, flags = line.split(" ")
            applies = condition is None or re.search(condition, query)
            condition = None
            if applies and re.search(pattern, path.lstrip("/")):
                assert flags == "[R=301,L]"
                return target
    return None


def test_apache_rules_for_path_and_query_aliases(build):
    _, apache = redirect_rules(build)
    assert "RewriteEngine On" in apache.splitlines()
    assert apache_redirect(apache, "/tin-tuc/cu/123.html") == "/tin-tuc/2020/nang-cao-chat-luong/"
    assert apache_redirect(apache, "/tin-tuc/cu/123xhtml") is None          # "." is escaped
    assert apache_redirect(apache, "/tin-tuc/cu/nang-cao/") == "/tin-tuc/2020/nang-cao-chat-luong/"
    # the trailing "?" drops the old query string from the new address
    assert apache_redirect(apache, "/index.php", "option=com_content&id=123") == "/tin-tuc/2020/nang-cao-chat-luong/?"
    assert apache_redirect(apache, "/index.php", "option=com_content&id=1234") is None
    assert apache_redirect(apache, "/index.php", "") is None
    assert apache_redirect(apache, "/van-ban/chi-tiet.aspx", "ItemID=754") == "/van-ban/2020/754-qd-ubnd/?"


def test_alias_with_a_fragment_gives_valid_rules(make_content, tmp_path):
    # alias_url() drops "#…" for the redirect page; the server rules must too: browsers never send the
    # fragment, and in nginx "#" starts a comment, which would swallow the rest of the rule.
    site = make_content()
    site.article("bai", 'title: "Bài"\ndate: 2020-04-10\ncategory: cai-cach-hanh-chinh\n'
                        'aliases: ["/tin-tuc/cu/bai.html#noi-dung"]\n')
    build = make_site_build(site.content, site.root, today=TODAY, site_url=BASE)
    write_alias_redirects(build, tmp_path / "out")
    assert (tmp_path / "out/tin-tuc/cu/bai/index.html").is_file()
    nginx, apache = redirect_rules(build)
    rule = [line for line in nginx.splitlines() if "return 301" in line]
    assert rule == ["location = /tin-tuc/cu/bai.html { return 301 /tin-tuc/2020/bai/; }"]
    assert apache_redirect(apache, "/tin-tuc/cu/bai.html") == "/tin-tuc/2020/bai/"


def test_redirect_rules_are_sorted_and_deterministic(tmp_path):
    first = redirect_rules(site_build(tmp_path / "a"))
    second = redirect_rules(site_build(tmp_path / "b"))
    assert first == second


def test_no_rules_without_aliases(make_content):
    site = make_content()
    site.article()
    build = make_site_build(site.content, site.root, today=TODAY, site_url=BASE)
    nginx, apache = redirect_rules(build)
    assert "return 301" not in nginx and "RewriteRule" not in apache


def test_aliases_of_unpublished_items_get_no_redirect(make_content, tmp_path):
    site = make_content()
    site.article("nhap", 'title: "Nháp"\ndate: 2020-04-10\ncategory: cai-cach-hanh-chinh\ndraft: true\n'
                         'aliases: ["/cu/nhap.html"]\n')
    build = make_site_build(site.content, site.root, today=TODAY, site_url=BASE)
    write_alias_redirects(build, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert "nhap" not in redirect_rules(build)[0]


# --- sitemap --------------------------------------------------------------------------------------

def sitemap_rows(xml: str) -> dict[str, str | None]:
    root = ElementTree.fromstring(xml.encode("utf-8"))
    return {url.findtext("s:loc", namespaces=SITEMAP_NS): url.findtext("s:lastmod", namespaces=SITEMAP_NS)
            for url in root.findall("s:url", SITEMAP_NS)}


def test_sitemap_lists_every_page_with_content_dates(build):
    rows = sitemap_rows(sitemap_xml(build, []))
    assert set(rows) == {BASE + p.url for p in build.pages}
    assert rows[BASE + "tin-tuc/2020/nang-cao-chat-luong/"] == "2020-04-10"
    assert rows[BASE + "tin-tuc/2021/hoi-nghi-truc-tuyen/"] == "2021-08-02"
    assert rows[BASE + "van-ban/2020/754-qd-ubnd/"] == "2020-03-31"
    assert rows[BASE + "tin-tuc/"] == "2021-08-02"                 # a listing: its newest item
    assert rows[BASE + "tin-tuc/2020/"] == "2020-04-10"
    assert rows[BASE + "chuyen-muc/thu-tuc-hanh-chinh/"] == "2021-08-02"
    assert rows[BASE + "van-ban/"] == "2020-03-31"


def test_sitemap_never_uses_today(build):
    xml = sitemap_xml(build, ["gioi-thieu/"])
    assert TODAY.isoformat() not in xml
    lastmods = [v for v in sitemap_rows(xml).values() if v]
    assert lastmods and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", v) and v <= "2021-08-02" for v in lastmods)
    assert sitemap_rows(xml)[BASE + "gioi-thieu/"] is None             # a hand-written page: no invented date


def test_sitemap_is_the_same_whatever_day_it_is_built(tmp_path):
    root = tmp_path / "project"
    write_content(root)
    first = sitemap_xml(site_build(root, date(2022, 1, 1)), [])
    second = sitemap_xml(site_build(root, date(2030, 6, 15)), [])
    assert first == second


def test_sitemap_files_are_deterministic_and_gzip_has_no_timestamp(build, tmp_path):
    outputs = []
    for name in ("one", "two"):
        site = tmp_path / name
        site.mkdir()
        write_sitemap(build, site)
        outputs.append(((site / "sitemap.xml").read_bytes(), (site / "sitemap.xml.gz").read_bytes()))
    (xml, gz), again = outputs
    assert outputs[0] == again
    assert gz[:2] == b"\x1f\x8b"
    assert gz[4:8] == b"\x00\x00\x00\x00"                      # MTIME 0
    assert gzip.decompress(gz) == xml
    assert xml.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')


def test_sitemap_includes_the_docs_pages_the_output_layer_reports_but_not_redirects(build, tmp_path):
    site = tmp_path / "site"
    build.docs_urls = ("", "gioi-thieu/", "tin-tuc/")       # tin-tuc/ is also a generated page: listed once
    write_alias_redirects(build, site)
    write_sitemap(build, site)
    xml = (site / "sitemap.xml").read_text("utf-8")
    rows = sitemap_rows(xml)
    assert BASE + "gioi-thieu/" in rows and BASE in rows
    assert xml.count(f"<loc>{BASE}tin-tuc/</loc>") == 1
    assert not any("/cu/" in url for url in rows)


def test_redirect_for_a_long_title_is_still_kept_out_of_the_sitemap(make_content, tmp_path):
    # Trích yếu of decisions that publish lists of procedures are often this long.
    title = ("Về việc công bố danh mục thủ tục hành chính mới ban hành; thủ tục hành chính được sửa đổi, bổ sung; "
             "thủ tục hành chính bị bãi bỏ trong lĩnh vực đầu tư tại Việt Nam, lĩnh vực doanh nghiệp, lĩnh vực "
             "lao động, lĩnh vực thương mại, lĩnh vực xây dựng và lĩnh vực môi trường thuộc phạm vi chức năng "
             "quản lý của Ban Quản lý các Khu công nghiệp tỉnh Bình Thuận áp dụng tại Bộ phận Tiếp nhận và Trả "
             "kết quả thuộc Trung tâm Phục vụ hành chính công tỉnh")
    site = make_content()
    site.document("754-qd-ubnd", 'number: "754/QĐ-UBND"\ntype: "Quyết định"\n'
                                 f'title: "{title}"\nissuer: ubnd-tinh\nissued: 2020-03-31\n'
                                 'aliases: ["/van-ban/cu/754.html"]\n')
    build = make_site_build(site.content, site.root, today=TODAY, site_url=BASE)
    out = tmp_path / "site"
    write_alias_redirects(build, out)
    assert (out / "van-ban/cu/754/index.html").is_file()
    write_sitemap(build, out)
    rows = sitemap_rows((out / "sitemap.xml").read_text("utf-8"))
    assert BASE + "van-ban/cu/754/" not in rows


def test_write_extras_writes_every_file(build, tmp_path):
    site = tmp_path / "site"
    write_extras(build, site)
    for rel in ("tin-tuc/cu/123/index.html", "tin-tuc/rss.xml", "tin-tuc/atom.xml", "van-ban/rss.xml",
                "chuyen-muc/cai-cach-hanh-chinh/rss.xml", "van-ban/danh-sach.json", "redirects.nginx.conf",
                ".htaccess", "sitemap.xml", "sitemap.xml.gz"):
        assert (site / rel).is_file(), rel


# --- the output layer: one real build -------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("extras") / "project", with_content=False)
    write_content(project)
    site = project.parent / "site"
    result = build_site(project, site, today=TODAY.isoformat())
    assert result.returncode == 0, result.stderr + result.stdout
    return site


class _Head(HTMLParser):
    """<meta> and <link> elements of a page, and the text of elements with a given class."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.metas: list[dict] = []
        self.links: list[dict] = []
        self.print_only: list[str] = []
        self._capture = 0

    def handle_starttag(self, tag, attrs):
        values = {k: v or "" for k, v in attrs}
        if tag == "meta":
            self.metas.append(values)
        elif tag == "link":
            self.links.append(values)
        if "gz-print-only" in values.get("class", "").split():
            self._capture = 1
            self.print_only.append("")
        elif self._capture:
            self._capture += 1

    def handle_endtag(self, tag):
        if self._capture:
            self._capture -= 1

    def handle_data(self, data):
        if self._capture:
            self.print_only[-1] += data

    def meta(self, **match) -> list[str]:
        key, value = next(iter(match.items()))
        return [m.get("content") for m in self.metas if m.get(key.replace("_", ":")) == value]


def head(site: Path, url: str) -> _Head:
    parser = _Head()
    parser.feed((site / url / "index.html").read_text("utf-8"))
    parser.close()
    return parser


PAGES = {
    "tin-tuc/2020/nang-cao-chat-luong/": ("Nâng cao chất lượng cải cách hành chính",
                                          "Ban Quản lý triển khai các giải pháp nâng cao Chỉ số cải cách hành chính năm 2020."),
    "tin-tuc/2021/hoi-nghi-truc-tuyen/": ("Hội nghị trực tuyến về thủ tục hành chính", "Đoạn mở đầu là lời dẫn của bài."),
    "van-ban/2020/754-qd-ubnd/": ("Quyết định số 754/QĐ-UBND", "Về việc công bố Chỉ số cải cách hành chính năm 2019"),
}


@pytest.mark.parametrize("url", sorted(PAGES))
def test_page_head_has_canonical_description_and_open_graph(built, url):
    title, description = PAGES[url]
    page = head(built, url)
    assert [l["href"] for l in page.links if l.get("rel") == "canonical"] == [BASE + url]
    assert page.meta(name="description") == [description]
    assert page.meta(property="og:title") == [title]
    assert page.meta(property="og:description") == [description]
    assert page.meta(property="og:locale") == ["vi_VN"]
    assert page.meta(property="og:url") == [BASE + url]
    assert page.meta(property="og:type") == ["article"]


def feed_links(site: Path, url: str) -> set[tuple[str, str]]:
    """(type, site path) of every feed linked from a page head, relative hrefs resolved against the page."""
    links = set()
    for link in head(site, url).links:
        if link.get("rel") == "alternate feed":
            links.add((link["type"], posixpath.normpath(posixpath.join(url or ".", link["href"]))))
    return links


@pytest.mark.parametrize("url", ["tin-tuc/2020/nang-cao-chat-luong/", "van-ban/2020/754-qd-ubnd/", "tin-tuc/", ""])
def test_news_feeds_are_linked_from_page_heads(built, url):
    feeds = feed_links(built, url)
    assert ("application/rss+xml", "tin-tuc/rss.xml") in feeds
    assert ("application/atom+xml", "tin-tuc/atom.xml") in feeds


def test_category_and_registry_pages_link_their_own_feed(built):
    assert ("application/rss+xml", "chuyen-muc/thu-tuc-hanh-chinh/rss.xml") in feed_links(built, "chuyen-muc/thu-tuc-hanh-chinh/")
    assert ("application/rss+xml", "van-ban/rss.xml") in feed_links(built, "van-ban/")
    assert ("application/rss+xml", "chuyen-muc/thu-tuc-hanh-chinh/rss.xml") not in feed_links(built, "tin-tuc/")


def test_linked_feeds_exist(built):
    for url in ("tin-tuc/2020/nang-cao-chat-luong/", "chuyen-muc/thu-tuc-hanh-chinh/", "van-ban/"):
        for link in head(built, url).links:
            if link.get("rel") == "alternate feed":
                assert (built / url / link["href"]).resolve().is_file(), (url, link["href"])


def print_rules(css: str) -> str:
    """The text of every @media print block."""
    blocks = []
    for match in re.finditer(r"@media\s+print\s*\{", css):
        depth, index = 1, match.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(css[index], 0)
            index += 1
        blocks.append(css[match.end():index - 1])
    return "\n".join(blocks)


def hidden_in_print(css: str) -> set[str]:
    selectors = set()
    for rule in re.finditer(r"([^{}]+)\{([^{}]*)\}", print_rules(css)):
        if re.search(r"display\s*:\s*none", rule.group(2)):
            selectors |= {s.strip() for s in rule.group(1).split(",")}
    return selectors


def test_print_stylesheet_hides_header_navigation_and_footer(built):
    css = (built / "assets/gazette.css").read_text("utf-8")
    hidden = hidden_in_print(css)
    assert {".md-header", ".md-sidebar", ".md-footer"} <= hidden, hidden
    assert ".md-tabs" in hidden
    html = (built / "tin-tuc/2020/nang-cao-chat-luong/index.html").read_text("utf-8")
    assert "assets/gazette.css" in html
    for element in ('class="md-header', 'class="md-sidebar', 'class="md-footer'):
        assert element in html                      # the hidden selectors are the ones the theme really uses


def test_print_only_url_is_hidden_on_screen_and_shown_in_print(built):
    css = (built / "assets/gazette.css").read_text("utf-8")
    outside = re.sub(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", css)
    assert re.search(r"\.gz-print-only\s*\{\s*display\s*:\s*none", outside)
    assert re.search(r"\.gz-print-only\s*\{\s*display\s*:\s*block", print_rules(css))


@pytest.mark.parametrize("url", sorted(PAGES))
def test_page_carries_its_url_for_print(built, url):
    assert [t.strip() for t in head(built, url).print_only] == [f"Địa chỉ trang: {BASE}{url}"]


def test_built_site_has_the_extras(built):
    redirect = (built / "tin-tuc/cu/123/index.html").read_text("utf-8")
    assert 'http-equiv="refresh" content="0; url=../../2020/nang-cao-chat-luong/"' in redirect
    assert 'content="noindex"' in redirect
    rows = sitemap_rows((built / "sitemap.xml").read_text("utf-8"))
    assert rows[BASE + "tin-tuc/2020/nang-cao-chat-luong/"] == "2020-04-10"
    assert not any("/cu/" in url for url in rows)
    assert TODAY.isoformat() not in (built / "sitemap.xml").read_text("utf-8")
    assert gzip.decompress((built / "sitemap.xml.gz").read_bytes()) == (built / "sitemap.xml").read_bytes()
    assert (built / "sitemap.xml.gz").read_bytes()[4:8] == b"\x00" * 4
    assert "location = /tin-tuc/cu/123.html" in (built / "redirects.nginx.conf").read_text("utf-8")
    assert "RewriteCond %{QUERY_STRING} ^ItemID=754$" in (built / ".htaccess").read_text("utf-8")
