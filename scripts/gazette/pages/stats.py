"""Statistics pages /thong-ke/ and /thong-ke/<year>/: inline SVG charts drawn at build time, each with
the same figures in a real table (screen readers, print, no JavaScript)."""
from __future__ import annotations

from ..model import Corpus
from ..render import esc, relative_url
from ..stats import Statistics, Table, compute_statistics, statistics_years
from ..text import format_number
from . import Page
from .common import link

WIDTH = 640


def _short(label: str, limit: int = 32) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _frame(table: Table, height: int, body: str, summary: str) -> str:
    tid, did = f"{table.key}-title", f"{table.key}-desc"
    return (f'<svg class="gz-chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
            f'aria-labelledby="{tid} {did}" xmlns="http://www.w3.org/2000/svg">'
            f'<title id="{tid}">{esc(table.title)}</title><desc id="{did}">{esc(summary)}</desc>{body}</svg>')


def _summary(table: Table) -> str:
    parts = "; ".join(f"{r.label}: {format_number(r.count)}" for r in table.rows)
    return f"{table.axis} và số {table.unit}: {parts}." if table.rows else "Chưa có số liệu."


def bar_chart(table: Table) -> str:
    """Horizontal bars for categories (labels can be long)."""
    label_w, row_h, top = 230, 26, 8
    peak = max((r.count for r in table.rows), default=0) or 1
    height = top + row_h * len(table.rows) + 34
    span = WIDTH - label_w - 60
    parts = []
    for i, row in enumerate(table.rows):
        y = top + i * row_h
        w = round(span * row.count / peak, 1)
        parts.append(f'<text class="gz-chart__label" x="{label_w - 8}" y="{y + 17}" text-anchor="end">{esc(_short(row.label))}</text>'
                     f'<rect class="gz-chart__bar" x="{label_w}" y="{y + 4}" width="{w}" height="{row_h - 8}"/>'
                     f'<text class="gz-chart__value" x="{label_w + w + 6}" y="{y + 17}">{esc(format_number(row.count))}</text>')
    base = top + row_h * len(table.rows)
    parts.append(f'<line class="gz-chart__axis" x1="{label_w}" y1="{top}" x2="{label_w}" y2="{base}"/>'
                 f'<text class="gz-chart__axis-label" x="{label_w + span / 2}" y="{base + 26}" text-anchor="middle">'
                 f'Số {esc(table.unit)}</text>')
    return _frame(table, height, "".join(parts), _summary(table))


def column_chart(table: Table) -> str:
    """Columns for time series (years, months), labels thinned out when there are many."""
    left, top, plot_h = 40, 16, 170
    count = len(table.rows) or 1
    peak = max((r.count for r in table.rows), default=0) or 1
    slot = (WIDTH - left - 10) / count
    every = 1 if count <= 12 else 3
    parts = []
    for i, row in enumerate(table.rows):
        h = round(plot_h * row.count / peak, 1)
        x = round(left + i * slot + slot * 0.15, 1)
        parts.append(f'<rect class="gz-chart__bar" x="{x}" y="{top + plot_h - h}" width="{round(slot * 0.7, 1)}" height="{h}"/>')
        if row.count:
            parts.append(f'<text class="gz-chart__value" x="{x + slot * 0.35:.1f}" y="{top + plot_h - h - 4}" '
                         f'text-anchor="middle">{esc(format_number(row.count))}</text>')
        if i % every == 0 or i == count - 1:
            label = row.label.replace("Tháng ", "T") if count > 12 else row.label.replace("Tháng ", "")
            parts.append(f'<text class="gz-chart__label" x="{x + slot * 0.35:.1f}" y="{top + plot_h + 16}" '
                         f'text-anchor="middle">{esc(label)}</text>')
    base = top + plot_h
    parts.append(f'<line class="gz-chart__axis" x1="{left}" y1="{base}" x2="{WIDTH - 10}" y2="{base}"/>'
                 f'<text class="gz-chart__axis-label" x="{(WIDTH + left) / 2}" y="{base + 36}" text-anchor="middle">{esc(table.axis)}</text>'
                 f'<text class="gz-chart__axis-label" x="12" y="{top + plot_h / 2}" text-anchor="middle" '
                 f'transform="rotate(-90 12 {top + plot_h / 2})">Số {esc(table.unit)}</text>')
    return _frame(table, base + 46, "".join(parts), _summary(table))


def data_table(url: str, table: Table) -> str:
    rows = "".join(f'<tr><th scope="row">{link(url, r.url, r.label) if r.url else esc(r.label)}</th>'
                   f'<td class="gz-num">{esc(format_number(r.count))}</td></tr>' for r in table.rows)
    return (f'<table class="gz-stats-table"><caption>{esc(table.title)} (bảng số liệu)</caption><thead><tr>'
            f'<th scope="col">{esc(table.axis)}</th><th scope="col">Số {esc(table.unit)}</th></tr></thead>'
            f'<tbody>{rows}</tbody></table>')


def year_selector(url: str, years: list[int], current: int | None) -> str:
    items = [(None, "Tất cả các năm")] + [(y, str(y)) for y in years]
    current_attr = ' aria-current="page"'
    links = "".join(
        f'<li><a href="{esc(relative_url(url, "thong-ke/" if y is None else f"thong-ke/{y}/"))}"'
        f'{current_attr if y == current else ""}>{esc(label)}</a></li>' for y, label in items)
    return f'<nav class="gz-years" aria-label="Chọn năm thống kê"><ul>{links}</ul></nav>'


def render_statistics_page(url: str, stats: Statistics, years: list[int]) -> Page:
    scope = f" năm {stats.year}" if stats.year else ""
    title = f"Thống kê{scope}"
    out = [f"<h1>{esc(title)}</h1>", year_selector(url, years, stats.year),
           f'<p class="gz-totals"><strong>{esc(format_number(stats.articles))}</strong> tin bài · '
           f'<strong>{esc(format_number(stats.documents))}</strong> văn bản{esc(scope)}</p>']
    for table in stats.tables:
        chart = column_chart(table) if table.time_series else bar_chart(table)
        out.append(f'<section class="gz-stat" aria-labelledby="{table.key}"><h2 id="{table.key}">{esc(table.title)}</h2>'
                   f'<div class="gz-stat__body"><figure class="gz-stat__chart">{chart}</figure>'
                   f'{data_table(url, table)}</div></section>')
    out.append(f'<p>Số liệu dạng máy đọc được: {link(url, "du-lieu/", "Dữ liệu mở")}.</p>')
    return Page(url=url, title=title, content=f'<div class="gz-statistics">{"".join(out)}</div>', kind="statistics",
                description=f"Số liệu tin bài và văn bản{scope}")


def render_statistics_pages(corpus: Corpus) -> list[Page]:
    years = statistics_years(corpus)
    pages = [render_statistics_page("thong-ke/", compute_statistics(corpus), years)]
    pages += [render_statistics_page(f"thong-ke/{y}/", compute_statistics(corpus, y), years) for y in years]
    return pages
