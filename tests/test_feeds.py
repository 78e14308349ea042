"""RSS 2.0 and Atom feeds (feeds.site_feeds), read back with a real feed reader (feedparser)."""
from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta, timezone
from html.parser import HTMLParser
from xml.etree import ElementTree

import feedparser
import pytest

from gazette.feeds import FEED_SIZE, site_feeds

TODAY = date(2026, 1, 1)
BASE = "https://cchc.example.gov.vn/"
SITE_NAME = "Cải cách hành chính"
HOSTILE = '<script>alert(1)</script> & "trích" \'dẫn\' </title> Đường'
RSS_DATE = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
                      r"\d{2}:\d{2}:\d{2} \+0700$")


def yaml_quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def article_fm(day: str, title: str, category: str = "cai-cach-hanh-chinh", extra: str = "") -> str:
    return f"title: {yaml_quote(title)}\ndate: {day}\ncategory: {category}\n" + extra


def document_fm(number: str, issued: str, title: str, type_: str = "Quyết định") -> str:
    return f'number: "{number}"\ntype: "{type_}"\ntitle: {yaml_quote(title)}\nissuer: ubnd-tinh\nissued: {issued}\n'


def feeds_of(site, today: date = TODAY, base: str = BASE) -> dict[str, str]:
    result = site.build(today=today)
    assert result.corpus is not None, [p.format() for p in result.problems]
    return site_feeds(result.corpus, base, SITE_NAME)


def parsed(text: str):
    feed = feedparser.parse(text)
    assert feed.bozo == 0, feed.get("bozo_exception")
    return feed


@pytest.fixture
def small_site(make_content):
    site = make_content()
    site.article("co-gio", article_fm('"2020-04-10 08:30"', "Tin có giờ", extra='summary: "Tóm tắt có giờ."\n'))
    site.article("thu-tuc", article_fm("2020-04-11", "Tin thủ tục", "thu-tuc-hanh-chinh"), body="Đoạn đầu.\n")
    site.article("hostile", article_fm("2020-04-09", HOSTILE, extra=f"summary: {yaml_quote(HOSTILE)}\n"))
    site.article("nhap", article_fm("2020-04-12", "Bản nháp", extra="draft: true\n"))
    site.article("sau-nay", article_fm("2026-05-01", "Hẹn đăng"), year=2026)
    site.document("754-qd-ubnd", document_fm("754/QĐ-UBND", "2020-03-31", "Công bố Chỉ số CCHC & <PAR INDEX>"))
    return site


# --- every feed is valid --------------------------------------------------------------------------

def test_the_site_has_news_documents_and_category_feeds(small_site):
    assert sorted(feeds_of(small_site)) == [
        "chuyen-muc/cai-cach-hanh-chinh/rss.xml", "chuyen-muc/thu-tuc-hanh-chinh/rss.xml",
        "tin-tuc/atom.xml", "tin-tuc/rss.xml", "van-ban/rss.xml"]


def test_every_feed_parses_without_errors(small_site):
    for path, text in feeds_of(small_site).items():
        feed = parsed(text)
        assert feed.version == ("atom10" if path.endswith("atom.xml") else "rss20"), path
        ElementTree.fromstring(text.encode("utf-8"))         # well-formed for a strict XML parser too
        assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')


def test_empty_feeds_are_valid(make_content):
    site = make_content()
    for path, text in feeds_of(site).items():
        assert parsed(text).entries == [], path


# --- contents -------------------------------------------------------------------------------------

def test_news_feeds_list_published_articles_newest_first(small_site):
    feeds = feeds_of(small_site)
    expected = [BASE + "tin-tuc/2020/thu-tuc/", BASE + "tin-tuc/2020/co-gio/", BASE + "tin-tuc/2020/hostile/"]
    for path in ("tin-tuc/rss.xml", "tin-tuc/atom.xml"):
        assert [e.link for e in parsed(feeds[path]).entries] == expected, path


def test_entry_urls_are_absolute_from_site_url(small_site):
    for path, text in feeds_of(small_site, base="https://example.org/cchc/").items():
        feed = parsed(text)
        for entry in feed.entries:
            assert entry.link.startswith("https://example.org/cchc/"), (path, entry.link)
            assert entry.id == entry.link
        assert feed.feed.link.startswith("https://example.org/cchc/")
    rss = parsed(feeds_of(small_site)["tin-tuc/rss.xml"])
    assert rss.feed.link == BASE + "tin-tuc/"
    assert any(l.get("rel") == "self" and l.href == BASE + "tin-tuc/rss.xml" for l in rss.feed.links)


def test_atom_dates_carry_the_vietnam_offset(small_site):
    text = feeds_of(small_site)["tin-tuc/atom.xml"]
    assert "<published>2020-04-10T08:30:00+07:00</published>" in text
    assert "<updated>2020-04-10T08:30:00+07:00</updated>" in text
    assert "<published>2020-04-11T00:00:00+07:00</published>" in text
    stamps = re.findall(r"<(?:published|updated)>([^<]+)</", text)
    assert stamps and all(s.endswith("+07:00") for s in stamps)
    assert re.search(r"</title><id>[^<]+</id><updated>2020-04-11T00:00:00\+07:00</updated>", text)   # newest entry


def test_rss_dates_carry_the_vietnam_offset(small_site):
    for path, text in feeds_of(small_site).items():
        if path.endswith("rss.xml"):
            stamps = re.findall(r"<(?:pubDate|lastBuildDate)>([^<]+)</", text)
            assert all(RSS_DATE.match(s) for s in stamps), (path, stamps)
    text = feeds_of(small_site)["tin-tuc/rss.xml"]
    assert "<pubDate>Fri, 10 Apr 2020 08:30:00 +0700</pubDate>" in text
    assert "<lastBuildDate>Sat, 11 Apr 2020 00:00:00 +0700</lastBuildDate>" in text


def test_feed_reader_sees_the_right_instant(small_site):
    feeds = feeds_of(small_site)
    instant = datetime(2020, 4, 10, 8, 30, tzinfo=timezone(timedelta(hours=7)))
    for path in ("tin-tuc/rss.xml", "tin-tuc/atom.xml"):
        entry = [e for e in parsed(feeds[path]).entries if e.link.endswith("/co-gio/")][0]
        assert calendar.timegm(entry.published_parsed) == int(instant.timestamp()), path


def test_hostile_title_is_escaped_and_read_back_unchanged(small_site):
    for path, text in feeds_of(small_site).items():
        if "thu-tuc" in path or path.startswith("van-ban"):
            continue
        assert "<script>" not in text, path
        assert "</title> Đường" not in text, path
        entry = [e for e in parsed(text).entries if e.link.endswith("/hostile/")][0]
        assert entry.title == HOSTILE, path


def test_atom_summary_is_text_and_read_back_unchanged(small_site):
    entry = [e for e in parsed(feeds_of(small_site)["tin-tuc/atom.xml"]).entries if e.link.endswith("/hostile/")][0]
    assert entry.summary == HOSTILE


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.parts = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.parts.append(data)


def rss_descriptions(text: str) -> dict[str, str]:
    root = ElementTree.fromstring(text.encode("utf-8"))
    return {item.findtext("link"): item.findtext("description") for item in root.iter("item")}


def test_rss_description_is_html_that_shows_the_plain_text_summary(small_site):
    # In RSS 2.0 <description> holds (entity-encoded) HTML: readers render it. A plain-text summary must
    # therefore be HTML-escaped before it is XML-escaped, or "<script>…" in an editor's text becomes markup.
    description = rss_descriptions(feeds_of(small_site)["tin-tuc/rss.xml"])[BASE + "tin-tuc/2020/hostile/"]
    reader = _Text()
    reader.feed(description)
    reader.close()
    assert reader.tags == []
    assert "".join(reader.parts) == HOSTILE


def test_summary_defaults_to_the_first_paragraph(small_site):
    entries = {e.link: e for e in parsed(feeds_of(small_site)["tin-tuc/atom.xml"]).entries}
    assert entries[BASE + "tin-tuc/2020/thu-tuc/"].summary == "Đoạn đầu."
    assert entries[BASE + "tin-tuc/2020/co-gio/"].summary == "Tóm tắt có giờ."


def test_documents_feed(small_site):
    text = feeds_of(small_site)["van-ban/rss.xml"]
    feed = parsed(text)
    [entry] = feed.entries
    assert entry.title == "Quyết định số 754/QĐ-UBND: Công bố Chỉ số CCHC & <PAR INDEX>"
    assert entry.link == BASE + "van-ban/2020/754-qd-ubnd/"
    assert "<pubDate>Tue, 31 Mar 2020 00:00:00 +0700</pubDate>" in text
    assert "<PAR INDEX>" not in text
    assert feed.feed.title == f"Văn bản — {SITE_NAME}"


def test_feed_titles_and_language(small_site):
    feeds = feeds_of(small_site)
    assert parsed(feeds["tin-tuc/rss.xml"]).feed.title == f"Tin tức — {SITE_NAME}"
    assert parsed(feeds["tin-tuc/atom.xml"]).feed.title == f"Tin tức — {SITE_NAME}"
    assert parsed(feeds["chuyen-muc/thu-tuc-hanh-chinh/rss.xml"]).feed.title == f"Thủ tục hành chính — {SITE_NAME}"
    assert "<language>vi</language>" in feeds["tin-tuc/rss.xml"]
    assert 'xml:lang="vi"' in feeds["tin-tuc/atom.xml"]


def test_category_feeds_only_contain_their_category(small_site):
    feeds = feeds_of(small_site)
    assert [e.link for e in parsed(feeds["chuyen-muc/thu-tuc-hanh-chinh/rss.xml"]).entries] == [
        BASE + "tin-tuc/2020/thu-tuc/"]
    assert [e.link for e in parsed(feeds["chuyen-muc/cai-cach-hanh-chinh/rss.xml"]).entries] == [
        BASE + "tin-tuc/2020/co-gio/", BASE + "tin-tuc/2020/hostile/"]


def test_drafts_and_future_items_are_not_in_feeds(small_site):
    for path, text in feeds_of(small_site).items():
        assert "nhap" not in text and "sau-nay" not in text, path
    links = [e.link for e in parsed(feeds_of(small_site, today=date(2026, 5, 1))["tin-tuc/rss.xml"]).entries]
    assert links[0] == BASE + "tin-tuc/2026/sau-nay/"


# --- size -----------------------------------------------------------------------------------------

def test_at_most_thirty_entries_newest_first(make_content):
    site = make_content()
    start = date(2020, 1, 1)
    for i in range(35):
        category = "thu-tuc-hanh-chinh" if i % 5 == 0 else "cai-cach-hanh-chinh"
        site.article(f"bai-{i:02d}", article_fm((start + timedelta(days=i)).isoformat(), f"Bài {i}", category))
    feeds = feeds_of(site)
    assert FEED_SIZE == 30
    expected = [BASE + f"tin-tuc/2020/bai-{i:02d}/" for i in range(34, 4, -1)]
    for path in ("tin-tuc/rss.xml", "tin-tuc/atom.xml"):
        assert [e.link for e in parsed(feeds[path]).entries] == expected, path
    category = [e.link for e in parsed(feeds["chuyen-muc/cai-cach-hanh-chinh/rss.xml"]).entries]
    assert len(category) == 28
    assert category == [BASE + f"tin-tuc/2020/bai-{i:02d}/" for i in range(34, -1, -1) if i % 5][:30]


def test_feeds_are_deterministic(small_site):
    assert feeds_of(small_site) == feeds_of(small_site)
