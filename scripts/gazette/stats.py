"""The site's figures, computed once: statistics pages, `thong-ke.json` and `gazette stats` all read this."""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from datetime import date

from .model import Corpus
from .pages.registry import facet_url
from .status import effect_status
from .text import collation_key, format_month, format_number

MOST_CITED = 10


@dataclass(frozen=True)
class Row:
    label: str
    count: int
    url: str = ""       # page listing these items, when there is one
    key: str = ""       # machine-readable value (ISO month, category key …)


@dataclass(frozen=True)
class Table:
    key: str            # stable identifier: also the id of its chart and its name in the JSON
    title: str
    unit: str           # what is counted: "tin bài", "văn bản", "lượt trích dẫn"
    axis: str           # Vietnamese label of the category axis
    rows: tuple[Row, ...]
    time_series: bool = False


@dataclass(frozen=True)
class Statistics:
    year: int | None                    # None: the whole site
    articles: int
    documents: int
    tables: tuple[Table, ...]

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)

    def as_json(self) -> dict:
        return asdict(self)


def _ranked(counter: Counter, label=lambda k: k, url=lambda k: "") -> tuple[Row, ...]:
    """Largest first, then in Vietnamese alphabetical order, so equal counts keep a stable order."""
    keys = sorted(counter, key=lambda k: (-counter[k], collation_key(str(label(k)))))
    return tuple(Row(str(label(k)), counter[k], url(k), str(k)) for k in keys)


def _months_back(today: date, count: int) -> list[tuple[int, int]]:
    months, year, month = [], today.year, today.month
    for _ in range(count):
        months.append((year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return list(reversed(months))


def compute_statistics(corpus: Corpus, year: int | None = None) -> Statistics:
    """Figures for the whole site, or for one year. Drafts and future items are not in the corpus."""
    tax = corpus.taxonomies
    today = corpus.today or date.today()
    articles = [a for a in corpus.articles if year is None or a.year == year]
    documents = [d for d in corpus.documents if year is None or d.issued.year == year]
    tables: list[Table] = []

    if year is None:
        per_year = Counter(a.year for a in articles)
        tables.append(Table("tin-theo-nam", "Tin bài theo năm", "tin bài", "Năm", tuple(
            Row(str(y), per_year[y], f"tin-tuc/{y}/", str(y)) for y in sorted(per_year)), time_series=True))
        months = _months_back(today, 24)
        title = "Tin bài theo tháng (24 tháng gần nhất)"
    else:
        months = [(year, m) for m in range(1, 13)]
        title = f"Tin bài theo tháng năm {year}"
    per_month = Counter((a.year, a.day.month) for a in articles)
    tables.append(Table("tin-theo-thang", title, "tin bài", "Tháng", tuple(
        Row(format_month(y, m), per_month[(y, m)], f"tin-tuc/{y}/{m:02d}/" if per_month[(y, m)] else "",
            f"{y}-{m:02d}") for y, m in months), time_series=True))
    tables.append(Table("tin-theo-chuyen-muc", "Tin bài theo chuyên mục", "tin bài", "Chuyên mục", _ranked(
        Counter({k: sum(1 for a in articles if a.category == k) for k in tax.categories}),
        label=lambda k: tax.categories[k], url=lambda k: f"chuyen-muc/{k}/")))

    tables.append(Table("van-ban-theo-loai", "Văn bản theo loại", "văn bản", "Loại văn bản",
                        _ranked(Counter(d.type for d in documents), url=lambda t: facet_url("type", t))))
    tables.append(Table("van-ban-theo-co-quan", "Văn bản theo cơ quan ban hành", "văn bản", "Cơ quan ban hành",
                        _ranked(Counter(d.issuer for d in documents),
                                label=lambda k: tax.issuers[k].name if k in tax.issuers else k,
                                url=lambda k: facet_url("issuer", k))))
    if year is None:
        per_doc_year = Counter(d.issued.year for d in documents)
        tables.append(Table("van-ban-theo-nam", "Văn bản theo năm ban hành", "văn bản", "Năm", tuple(
            Row(str(y), per_doc_year[y], facet_url("year", y), str(y)) for y in sorted(per_doc_year)), time_series=True))
    tables.append(Table("van-ban-theo-linh-vuc", "Văn bản theo lĩnh vực", "văn bản", "Lĩnh vực",
                        _ranked(Counter(f for d in documents for f in d.fields),
                                label=lambda k: tax.fields.get(k, k), url=lambda k: facet_url("field", k))))
    statuses = Counter(effect_status(d, corpus, today) or "Không áp dụng" for d in documents)
    tables.append(Table("van-ban-theo-tinh-trang", "Văn bản theo tình trạng hiệu lực", "văn bản", "Tình trạng",
                        _ranked(statuses, url=lambda s: "" if s == "Không áp dụng" else facet_url("status", s))))

    cited = Counter()
    for document in documents:
        cited[document.url] = len({l.source for l in corpus.incoming(document.url) if l.relation in ("cites", "mentions")})
    top = [(url, n) for url, n in sorted(cited.items(), key=lambda kv: (-kv[1], kv[0])) if n][:MOST_CITED]
    tables.append(Table("van-ban-duoc-trich-dan", "Văn bản được nhắc đến nhiều nhất", "lượt trích dẫn", "Văn bản",
                        tuple(Row(f"{corpus.by_url[u].type} số {corpus.by_url[u].number.canonical}", n, u, u)
                              for u, n in top)))
    return Statistics(year, len(articles), len(documents), tuple(tables))


def statistics_years(corpus: Corpus) -> list[int]:
    return sorted({a.year for a in corpus.articles} | {d.issued.year for d in corpus.documents}, reverse=True)


def render_stats_text(stats: Statistics) -> str:
    """The terminal table of `gazette stats`: same figures as the pages and the JSON."""
    scope = f"năm {stats.year}" if stats.year else "toàn bộ"
    lines = [f"Thống kê ({scope}): {format_number(stats.articles)} tin bài, {format_number(stats.documents)} văn bản"]
    for table in stats.tables:
        lines.append("")
        lines.append(f"{table.title} ({table.unit})")
        width = max((len(r.label) for r in table.rows), default=0)
        for row in table.rows:
            lines.append(f"  {row.label.ljust(width)}  {format_number(row.count).rjust(7)}")
    return "\n".join(lines)
