"""Statistics: one computation behind the pages, thong-ke.json and the terminal table; counts match content."""
from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

import html5lib
import pytest

from gazette.corpus import BuildOptions, load_corpus
from gazette.export import statistics_json
from gazette.pages.stats import bar_chart, column_chart, render_statistics_pages
from gazette.stats import compute_statistics, render_stats_text, statistics_years

REPO = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 27)


@pytest.fixture(scope="module")
def corpus():
    result = load_corpus(REPO / "content", BuildOptions(today=TODAY), REPO)
    assert not result.errors
    return result.corpus


def test_counts_match_the_content_exactly(corpus):
    stats = compute_statistics(corpus)
    articles = list((REPO / "content/tin-tuc").rglob("*.md"))
    documents = list((REPO / "content/van-ban").rglob("*.md"))
    assert stats.articles == len(articles) == len(corpus.articles)
    assert stats.documents == len(documents) == len(corpus.documents)
    per_year = {row.label: row.count for row in stats.table("tin-theo-nam").rows}
    assert per_year == {str(y): n for y, n in sorted(Counter(int(p.parent.name) for p in articles).items())}
    per_category = stats.table("tin-theo-chuyen-muc")
    assert sum(r.count for r in per_category.rows) == stats.articles
    assert sum(r.count for r in stats.table("van-ban-theo-loai").rows) == stats.documents
    assert sum(r.count for r in stats.table("van-ban-theo-tinh-trang").rows) == stats.documents


def test_drafts_and_future_items_are_not_counted(tmp_path, corpus):
    import shutil
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    (content / "tin-tuc/2026/ban-nhap.md").write_text(
        '---\ntitle: "Nháp"\ndate: 2026-11-01\ncategory: cai-cach-hanh-chinh\ndraft: true\n---\nNội dung\n', "utf-8")
    (content / "tin-tuc/2026/hen-dang.md").write_text(
        '---\ntitle: "Hẹn đăng"\ndate: 2026-12-24\ncategory: cai-cach-hanh-chinh\n---\nNội dung\n', "utf-8")
    result = load_corpus(content, BuildOptions(today=TODAY), tmp_path)
    assert compute_statistics(result.corpus).articles == compute_statistics(corpus).articles
    later = load_corpus(content, BuildOptions(today=date(2026, 12, 24)), tmp_path)
    assert compute_statistics(later.corpus).articles == compute_statistics(corpus).articles + 1


def test_last_24_months_end_with_the_current_month(corpus):
    months = compute_statistics(corpus).table("tin-theo-thang").rows
    assert len(months) == 24
    assert months[-1].key == "2026-11" and months[0].key == "2024-12"
    assert all(r.count == sum(1 for a in corpus.articles if f"{a.day:%Y-%m}" == r.key) for r in months)


def test_most_cited_documents_come_from_cross_links(corpus):
    top = compute_statistics(corpus).table("van-ban-duoc-trich-dan").rows
    assert top, "the sample cites documents"
    first = corpus.by_url[top[0].url]
    citing = {l.source for l in corpus.incoming(first.url) if l.relation in ("cites", "mentions")}
    assert top[0].count == len(citing)
    assert [r.count for r in top] == sorted((r.count for r in top), reverse=True)


def test_pages_json_and_terminal_agree(corpus):
    stats = compute_statistics(corpus)
    data = json.loads(statistics_json(corpus))
    assert data["toan_bo"]["articles"] == stats.articles
    text = render_stats_text(stats)
    page = next(p for p in render_statistics_pages(corpus) if p.url == "thong-ke/")
    for table, json_table in zip(stats.tables, data["toan_bo"]["tables"]):
        assert json_table["title"] == table.title
        assert [(r["label"], r["count"]) for r in json_table["rows"]] == [(r.label, r.count) for r in table.rows]
        for row in table.rows:
            assert re.search(rf"{re.escape(row.label)}\s+{row.count}\b", text.replace(".", "")), row
            cell = f'<td class="gz-num">{row.count}</td>' if row.count < 1000 else None
            assert cell is None or cell in page.content
    for year in statistics_years(corpus):
        assert data["theo_nam"][str(year)]["articles"] == compute_statistics(corpus, year).articles


def test_totals_use_vietnamese_number_format(corpus):
    from gazette.stats import Row, Statistics, Table
    big = Statistics(None, 1124, 2000, (Table("x", "Bảng", "tin bài", "Năm", (Row("2020", 1124),)),))
    assert "1.124 tin bài" in render_stats_text(big)


def test_charts_are_accessible_svg_with_a_table(corpus):
    page = next(p for p in render_statistics_pages(corpus) if p.url == "thong-ke/")
    parser = html5lib.HTMLParser(strict=True)
    parser.parseFragment(page.content)
    svgs = re.findall(r"<svg\b.*?</svg>", page.content, re.S)
    assert len(svgs) == len(compute_statistics(corpus).tables)
    for svg in svgs:
        assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
        assert "<script" not in svg
    assert page.content.count("<table") == len(svgs)
    assert "Số tin bài" in page.content and "Năm" in page.content
    assert "34</strong> tin bài" in page.content


def test_year_pages_and_selector(corpus):
    pages = {p.url: p for p in render_statistics_pages(corpus)}
    for year in statistics_years(corpus):
        page = pages[f"thong-ke/{year}/"]
        assert f'<a href="./" aria-current="page">{year}</a>' in page.content
        assert '<a href="../">Tất cả các năm</a>' in page.content


def test_chart_escapes_labels():
    from gazette.stats import Row, Table
    table = Table("t", "<b>Bảng</b>", "tin bài", "Năm", (Row('<script>"x"</script>', 3),))
    for svg in (bar_chart(table), column_chart(table)):
        assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_gazette_stats_prints_the_same_figures(corpus, capsys):
    from gazette.cli import main
    assert main(["--root", str(REPO), "stats", "--today", TODAY.isoformat()]) == 0
    assert capsys.readouterr().out.strip() == render_stats_text(compute_statistics(corpus))
    assert main(["--root", str(REPO), "stats", "--year", "2020", "--today", TODAY.isoformat()]) == 0
    assert capsys.readouterr().out.strip() == render_stats_text(compute_statistics(corpus, 2020))
