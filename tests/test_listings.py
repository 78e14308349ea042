"""News listings: /tin-tuc/ with numbered pagination, year and month archives, categories, tags, index pages."""
from __future__ import annotations

import dataclasses
import re
from datetime import date, timedelta

import pytest

from conftest import TAXONOMIES, Site, only
from gazette.pages.listings import page_url, pagination_nav, paginated, render_news_listings, tag_groups
from gazette.pages.site import build_pages

TODAY = date(2026, 1, 1)


def article_fm(day: str, title: str, category: str = "cai-cach-hanh-chinh", extra: str = "") -> str:
    return f'title: "{title}"\ndate: {day}\ncategory: {category}\n' + extra


def build(site, today: date = TODAY):
    result = site.build(today=today)
    assert result.corpus is not None, [p.format() for p in result.problems]
    return result.corpus, {p.url: p for p in build_pages(result.corpus)}


def items(page) -> list[str]:
    """Article URLs listed on a listing page, in order (relative links resolved against the page URL)."""
    hrefs = re.findall(r'<h3 class="gz-item__title"><a href="([^"]+)">', page.content)
    return [resolve(page.url, h) for h in hrefs]


def resolve(base: str, href: str) -> str:
    parts = [p for p in base.split("/") if p]
    for piece in href.split("/"):
        if piece == "..":
            parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts) + "/"


def pager(page) -> str:
    match = re.search(r'<nav class="gz-pager".*?</nav>', page.content)
    return match.group(0) if match else ""


# --- a corpus of 45 articles over six months, two per day --------------------------------------

def many_articles(site) -> list[tuple[str, date, str]]:
    """(url, date, category) of each article written."""
    spec = []
    start = date(2020, 1, 1)
    for i in range(45):
        day = start + timedelta(days=7 * (i // 2))
        slug = f"bai-{i:02d}"
        category = "cai-cach-hanh-chinh" if i % 3 else "thu-tuc-hanh-chinh"
        site.article(slug, article_fm(day.isoformat(), f"Bài số {i}", category), year=2020)
        spec.append((f"tin-tuc/2020/{slug}/", day, category))
    for slug, day in (("nam-sau-1", "2021-03-05"), ("nam-sau-2", "2021-11-20")):
        site.article(slug, article_fm(day, f"Tin {slug}"), year=2021)
        spec.append((f"tin-tuc/2021/{slug}/", date.fromisoformat(day), "cai-cach-hanh-chinh"))
    return spec


def newest_first(spec) -> list[str]:
    return [url for url, _, _ in sorted(spec, key=lambda row: (-row[1].toordinal(), row[0]))]


@pytest.fixture(scope="module")
def listing_site(tmp_path_factory):
    """Built once for the module: tests only read it."""
    root = tmp_path_factory.mktemp("listings")
    for folder in ("tin-tuc", "van-ban"):
        (root / "content" / folder).mkdir(parents=True)
    (root / "content/taxonomies.yml").write_text(TAXONOMIES, encoding="utf-8")
    site = Site(root)
    spec = many_articles(site)
    corpus, pages = build(site)
    return spec, corpus, pages


def test_news_is_paginated_twenty_per_page_newest_first(listing_site):
    spec, _, pages = listing_site
    expected = newest_first(spec)
    assert len(expected) == 47
    assert items(pages["tin-tuc/"]) == expected[:20]
    assert items(pages["tin-tuc/trang/2/"]) == expected[20:40]
    assert items(pages["tin-tuc/trang/3/"]) == expected[40:]
    assert "tin-tuc/trang/4/" not in pages and "tin-tuc/trang/1/" not in pages


def test_same_day_ties_are_broken_by_url(listing_site):
    _, _, pages = listing_site
    listed = items(pages["tin-tuc/trang/2/"]) + items(pages["tin-tuc/trang/3/"])
    # bai-00 and bai-01 share the first day: the smaller URL comes first, both at the end of the news
    assert listed[-2:] == ["tin-tuc/2020/bai-00/", "tin-tuc/2020/bai-01/"]


def test_order_does_not_depend_on_the_order_files_were_written(make_content):
    first, second = make_content(), make_content()
    for site, slugs in ((first, ("a", "b", "c")), (second, ("c", "b", "a"))):
        for slug in slugs:
            site.article(slug, article_fm("2020-05-05", f"Tin {slug}"))
    assert items(build(first)[1]["tin-tuc/"]) == items(build(second)[1]["tin-tuc/"]) == [
        "tin-tuc/2020/a/", "tin-tuc/2020/b/", "tin-tuc/2020/c/"]


def test_time_of_day_orders_articles_of_the_same_day(make_content):
    site = make_content()
    site.article("a-sang", article_fm('"2020-05-05 08:00"', "Sáng"))
    site.article("b-chieu", article_fm('"2020-05-05 16:30"', "Chiều"))
    site.article("c-ca-ngay", article_fm("2020-05-05", "Cả ngày"))
    assert items(build(site)[1]["tin-tuc/"]) == ["tin-tuc/2020/b-chieu/", "tin-tuc/2020/a-sang/", "tin-tuc/2020/c-ca-ngay/"]


def test_pagination_nav_on_the_first_page(listing_site):
    nav = pager(listing_site[2]["tin-tuc/"])
    assert "Trang trước" not in nav
    assert '<a href="trang/2/" rel="next">Trang sau</a>' in nav
    numbers = re.findall(r'<a href="([^"]*)"( aria-current="page")?><span class="[^"]+">Trang </span>(\d+)</a>', nav)
    assert numbers == [("./", ' aria-current="page"', "1"), ("trang/2/", "", "2"), ("trang/3/", "", "3")]
    assert 'aria-label="Phân trang"' in nav


def test_pagination_nav_on_a_middle_page(listing_site):
    nav = pager(listing_site[2]["tin-tuc/trang/2/"])
    assert '<a href="../../" rel="prev">Trang trước</a>' in nav
    assert '<a href="../3/" rel="next">Trang sau</a>' in nav
    assert nav.count('aria-current="page"') == 1
    assert re.search(r'<a href="\./" aria-current="page"><span class="[^"]+">Trang </span>2</a>', nav)


def test_pagination_nav_on_the_last_page(listing_site):
    nav = pager(listing_site[2]["tin-tuc/trang/3/"])
    assert "Trang trước" in nav and "Trang sau" not in nav
    assert re.search(r'aria-current="page"><span class="[^"]+">Trang </span>3</a>', nav)


def test_page_titles_name_the_page_number(listing_site):
    pages = listing_site[2]
    assert pages["tin-tuc/"].title == "Tin tức"
    assert pages["tin-tuc/trang/2/"].title == "Tin tức — trang 2"
    assert "<h1>Tin tức — trang 2</h1>" in pages["tin-tuc/trang/2/"].content


def test_single_page_has_no_pagination(make_content):
    site = make_content()
    site.article("mot", article_fm("2020-05-05", "Một"))
    assert pager(build(site)[1]["tin-tuc/"]) == ""


def test_long_pagination_elides_far_pages():
    nav = pagination_nav("tin-tuc/trang/5/", "tin-tuc/", 5, 10)
    shown = re.findall(r"Trang </span>(\d+)</a>", nav)
    assert shown == ["1", "3", "4", "5", "6", "7", "10"]
    assert nav.count('class="gz-pager__gap"') == 2
    assert pagination_nav("tin-tuc/", "tin-tuc/", 1, 1) == ""


def test_page_url_and_empty_listing():
    assert page_url("tin-tuc/", 1) == "tin-tuc/"
    assert page_url("tin-tuc/", 3) == "tin-tuc/trang/3/"
    pages = paginated("the/x/", "X", [], 20, lambda url, chunk: f"<p>{len(chunk)}</p>")
    assert [p.url for p in pages] == ["the/x/"]


# --- archives -------------------------------------------------------------------------------------

def test_year_archives_contain_exactly_that_year(listing_site):
    spec, _, pages = listing_site
    in_2020 = newest_first([row for row in spec if row[1].year == 2020])
    assert items(pages["tin-tuc/2020/"]) + items(pages["tin-tuc/2020/trang/2/"]) + items(pages["tin-tuc/2020/trang/3/"]) \
        == in_2020
    assert items(pages["tin-tuc/2021/"]) == ["tin-tuc/2021/nam-sau-2/", "tin-tuc/2021/nam-sau-1/"]
    assert "tin-tuc/2019/" not in pages


def test_month_archives_contain_exactly_that_month(listing_site):
    spec, _, pages = listing_site
    months = sorted({(d.year, d.month) for _, d, _ in spec})
    for year, month in months:
        url = f"tin-tuc/{year}/{month:02d}/"
        expected = newest_first([row for row in spec if (row[1].year, row[1].month) == (year, month)])
        assert items(pages[url]) == expected, url
    assert "tin-tuc/2020/07/" not in pages and "tin-tuc/2021/04/" not in pages
    assert pages["tin-tuc/2020/03/"].title == "Tin tức tháng 3/2020"


def test_year_archive_links_its_months(listing_site):
    html = listing_site[2]["tin-tuc/2020/"].content
    assert re.findall(r'<a href="(\d\d)/">Tháng (\d+)/2020</a>', html) == [
        ("01", "1"), ("02", "2"), ("03", "3"), ("04", "4"), ("05", "5"), ("06", "6")]


def test_news_page_links_year_archives_newest_first(listing_site):
    html = listing_site[2]["tin-tuc/"].content
    assert re.findall(r'<a href="(\d{4})/">', html) == ["2021", "2020"]
    assert '<a href="../chuyen-muc/">Chuyên mục</a>' in html and '<a href="../the/">Từ khóa</a>' in html


def test_article_dated_late_on_new_years_eve_stays_in_its_year(make_content):
    site = make_content()
    site.article("giao-thua", article_fm('"2020-12-31 23:30"', "Giao thừa"))
    pages = build(site)[1]
    assert items(pages["tin-tuc/2020/12/"]) == ["tin-tuc/2020/giao-thua/"]
    assert "tin-tuc/2021/" not in pages


def test_unpublished_articles_are_in_no_listing(make_content):
    site = make_content()
    site.article("da-dang", article_fm("2020-05-05", "Đã đăng", extra='tags: ["Hẹn"]\n'))
    site.article("nhap", article_fm("2020-05-06", "Nháp", extra='draft: true\ntags: ["Hẹn"]\n'))
    site.article("hen", article_fm("2020-07-01", "Hẹn", extra='tags: ["Hẹn"]\n'))
    _, pages = build(site, today=date(2020, 6, 1))
    for url in ("tin-tuc/", "tin-tuc/2020/", "tin-tuc/2020/05/", "chuyen-muc/cai-cach-hanh-chinh/", "the/hen/"):
        assert items(pages[url]) == ["tin-tuc/2020/da-dang/"], url
    assert "tin-tuc/2020/07/" not in pages


# --- categories -----------------------------------------------------------------------------------

def test_category_pages_contain_only_that_category(listing_site):
    spec, _, pages = listing_site
    for key in ("cai-cach-hanh-chinh", "thu-tuc-hanh-chinh"):
        base = f"chuyen-muc/{key}/"
        listed = [u for url, p in pages.items() if url == base or url.startswith(base + "trang/") for u in items(p)]
        expected = newest_first([row for row in spec if row[2] == key])
        assert sorted(listed) == sorted(expected)
        assert items(pages[base]) == expected[:20]


def test_category_page_links_its_feed(listing_site):
    page = listing_site[2]["chuyen-muc/thu-tuc-hanh-chinh/"]
    assert '<a href="rss.xml">Theo dõi chuyên mục Thủ tục hành chính (RSS)</a>' in page.content
    assert page.meta["feeds"] == [("chuyen-muc/thu-tuc-hanh-chinh/rss.xml", "rss")]
    assert page.title == "Chuyên mục: Thủ tục hành chính"


def test_category_without_articles_still_has_a_page(make_content):
    site = make_content()
    site.article("mot", article_fm("2020-05-05", "Một"))
    page = build(site)[1]["chuyen-muc/thu-tuc-hanh-chinh/"]
    assert "Chưa có tin bài." in page.content


def test_category_index_shows_counts(listing_site):
    spec, _, pages = listing_site
    html = pages["chuyen-muc/"].content
    counts = dict(re.findall(r'<a href="([a-z-]+)/">[^<]+</a> <span class="gz-count">\((\d+) tin\)</span>', html))
    assert counts == {"cai-cach-hanh-chinh": str(sum(r[2] == "cai-cach-hanh-chinh" for r in spec)),
                      "thu-tuc-hanh-chinh": str(sum(r[2] == "thu-tuc-hanh-chinh" for r in spec))}


def test_category_counts_use_vietnamese_grouping(make_content):
    site = make_content()
    site.article("bai", article_fm("2020-05-05", "Bài"))
    corpus = site.build(today=TODAY).corpus
    [article] = corpus.articles
    many = tuple(dataclasses.replace(article, slug=f"bai-{i:04d}") for i in range(1002))
    corpus = dataclasses.replace(corpus, articles=many, by_url={a.url: a for a in many})
    pages = {p.url: p for p in render_news_listings(corpus)}
    assert '<span class="gz-count">(1.002 tin)</span>' in pages["chuyen-muc/"].content
    assert "tin-tuc/trang/51/" in pages and "tin-tuc/trang/52/" not in pages
    assert len(items(pages["tin-tuc/trang/51/"])) == 2


# --- tags -----------------------------------------------------------------------------------------

def tag_site(make_content):
    site = make_content()
    site.article("mot", article_fm("2020-05-01", "Một", extra='tags: ["Cải cách", "Chỉ số PAR"]\n'))
    site.article("hai", article_fm("2020-05-02", "Hai", extra='tags: ["cải cách"]\n'))
    site.article("ba", article_fm("2020-05-03", "Ba", extra='tags: ["cải cách", "Đường dây nóng"]\n'))
    site.article("bon", article_fm("2020-05-04", "Bốn", extra='tags: ["Cải cách", "cải cách"]\n'))
    site.article("nam", article_fm("2020-05-05", "Năm"))
    return build(site)


def test_tag_spellings_that_fold_together_share_one_page(make_content):
    corpus, pages = tag_site(make_content)
    assert items(pages["the/cai-cach/"]) == ["tin-tuc/2020/bon/", "tin-tuc/2020/ba/", "tin-tuc/2020/hai/",
                                             "tin-tuc/2020/mot/"]
    groups = tag_groups(corpus)
    assert set(groups) == {"the/cai-cach/", "the/chi-so-par/", "the/duong-day-nong/"}
    name, listed = groups["the/cai-cach/"]
    assert name == "cải cách"                       # the most used spelling names the page
    assert len(listed) == 4


def test_tag_page_title_and_d_folding(make_content):
    _, pages = tag_site(make_content)
    assert pages["the/duong-day-nong/"].title == "Từ khóa: Đường dây nóng"
    assert items(pages["the/duong-day-nong/"]) == ["tin-tuc/2020/ba/"]


def test_tag_index_shows_counts(make_content):
    _, pages = tag_site(make_content)
    html = pages["the/"].content
    rows = re.findall(r'<a href="([a-z-]+)/">([^<]+)</a> <span class="gz-count">\((\d+)\)</span>', html)
    assert sorted(rows) == [("cai-cach", "cải cách", "4"), ("chi-so-par", "Chỉ số PAR", "1"),
                            ("duong-day-nong", "Đường dây nóng", "1")]


def test_article_links_to_its_tag_pages(make_content):
    _, pages = tag_site(make_content)
    html = pages["tin-tuc/2020/mot/"].content
    assert '<a href="../../../the/cai-cach/">Cải cách</a>' in html
    assert '<a href="../../../the/chi-so-par/">Chỉ số PAR</a>' in html


def test_tag_pages_are_paginated(make_content):
    site = make_content()
    for i in range(21):
        site.article(f"bai-{i:02d}", article_fm("2020-05-05", f"Bài {i}", extra='tags: ["Số hóa"]\n'))
    pages = build(site)[1]
    assert len(items(pages["the/so-hoa/"])) == 20
    assert items(pages["the/so-hoa/trang/2/"]) == ["tin-tuc/2020/bai-20/"]


# --- slugs that would collide with archive pages ---------------------------------------------------

@pytest.mark.parametrize("slug", ["trang", "2", "04", "2020", "123456"])
def test_article_slug_colliding_with_archive_pages_is_rejected(make_content, slug):
    site = make_content()
    site.article(slug, article_fm("2020-04-10", "Bài"))
    result = site.build(today=TODAY)
    assert result.corpus is None
    problem = only(result.errors)
    assert problem.path == f"content/tin-tuc/2020/{slug}.md"
    assert f"{slug}.md" in problem.message


@pytest.mark.parametrize("slug", ["trang-chu", "04-2020-tong-ket", "bao-cao-2020"])
def test_slugs_merely_containing_digits_or_trang_are_fine(make_content, slug):
    site = make_content()
    site.article(slug, article_fm("2020-04-10", "Bài"))
    assert site.build(today=TODAY).errors == []
