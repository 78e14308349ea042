"""The document registry /van-ban/, modelled on GOV.UK finders.

Without JavaScript: a complete paginated table plus pre-built facet pages (type, issuer, year, field,
status) with counts. With JavaScript (docs/assets/registry.js): the same rows from `van-ban/danh-sach.json`,
filtered, sorted and counted in the browser, with the state kept in the URL.
"""
from __future__ import annotations

import json
from collections import defaultdict
from typing import Sequence

from ..model import Corpus, Document
from ..render import esc, relative_url
from ..status import current_status
from ..text import collation_key, fold, format_date_padded, format_number, slugify
from . import Page
from .common import link
from .listings import paginated

DATA_FILE = "van-ban/danh-sach.json"
COLUMNS = (("number", "Số ký hiệu"), ("title", "Trích yếu"), ("type", "Loại văn bản"),
           ("issuer", "Cơ quan ban hành"), ("issued", "Ngày ban hành"), ("status", "Tình trạng"))


def registry_records(corpus: Corpus) -> list[dict]:
    """One plain record per document: the JSON the browser filters, and the facts the facet pages count."""
    records = []
    for document in corpus.documents:
        issuer = corpus.taxonomies.issuers.get(document.issuer)
        status = current_status(document, corpus)
        records.append({
            "url": document.url, "number": document.number.canonical, "title": document.title,
            "type": document.type, "issuer": issuer.name if issuer else document.issuer,
            "issuer_key": document.issuer, "issued": document.issued.isoformat(), "year": document.issued.year,
            "status": status, "fields": [corpus.taxonomies.fields.get(f, f) for f in document.fields],
            "search": fold(f"{document.number.canonical} {document.number.key} {document.type} {document.title}"),
        })
    return records


def registry_json(corpus: Corpus) -> str:
    return json.dumps(registry_records(corpus), ensure_ascii=False, separators=(",", ":"), sort_keys=True)


_FACET_URLS = {"type": "van-ban/loai/{}/", "issuer": "van-ban/co-quan/{}/", "year": "van-ban/{}/",
               "field": "van-ban/linh-vuc/{}/", "status": "van-ban/tinh-trang/{}/"}


def facet_url(facet: str, value: object) -> str:
    """URL of the pre-built registry page for one facet value (types and statuses are slugged)."""
    text = str(value)
    return _FACET_URLS[facet].format(slugify(text) if facet in ("type", "status") else text)


def facets(corpus: Corpus) -> list[tuple[str, str, list[tuple[str, str, list[Document]]]]]:
    """(facet title, url prefix, [(value url, value label, documents)]) for every facet with values."""
    groups: dict[str, dict[str, tuple[str, list[Document]]]] = defaultdict(dict)
    tax = corpus.taxonomies

    def add(facet: str, url: str, label: str, document: Document) -> None:
        groups[facet].setdefault(url, (label, []))[1].append(document)

    for document in corpus.documents:
        add("type", facet_url("type", document.type), document.type, document)
        issuer = tax.issuers.get(document.issuer)
        add("issuer", facet_url("issuer", document.issuer), issuer.name if issuer else document.issuer, document)
        add("year", facet_url("year", document.issued.year), str(document.issued.year), document)
        for field in document.fields:
            add("field", facet_url("field", field), tax.fields.get(field, field), document)
        status = current_status(document, corpus)
        if status:
            add("status", facet_url("status", status), status, document)
    titles = (("type", "Loại văn bản"), ("issuer", "Cơ quan ban hành"), ("year", "Năm ban hành"),
              ("field", "Lĩnh vực"), ("status", "Tình trạng hiệu lực"))
    result = []
    for key, title in titles:
        values = groups.get(key, {})
        order = (lambda item: -int(item[1][0])) if key == "year" else (lambda item: collation_key(item[1][0]))
        result.append((title, key, [(url, label, docs) for url, (label, docs) in sorted(values.items(), key=order)]))
    return result


def _table(corpus: Corpus, by_url: dict[str, dict]):
    def render(url: str, documents: Sequence[Document]) -> str:
        if not documents:
            return "<p>Chưa có văn bản.</p>"
        head = "".join(f'<th scope="col">{label}</th>' for _, label in COLUMNS)
        rows = []
        for document in documents:
            record = by_url[document.url]
            rows.append(f"<tr><td>{link(url, document.url, record['number'])}</td><td>{esc(record['title'])}</td>"
                        f"<td>{esc(record['type'])}</td><td>{esc(record['issuer'])}</td>"
                        f"<td>{esc(format_date_padded(document.issued))}</td><td>{esc(record['status'] or '—')}</td></tr>")
        return (f'<div class="gz-table-wrap"><table class="gz-registry-table"><thead><tr>{head}</tr></thead>'
                f'<tbody>{"".join(rows)}</tbody></table></div>')
    return render


def _facet_nav(url: str, all_facets) -> str:
    blocks = []
    for title, key, values in all_facets:
        if not values:
            continue
        items = "".join(f'<li>{link(url, value_url, label)} <span class="gz-count">({format_number(len(docs))})</span></li>'
                        for value_url, label, docs in values)
        blocks.append(f'<section class="gz-facet" data-facet="{key}"><h2>{esc(title)}</h2><ul>{items}</ul></section>')
    return f'<nav class="gz-facets" aria-label="Lọc văn bản theo nhóm">{"".join(blocks)}</nav>'


def render_registry_pages(corpus: Corpus, per_page: int = 50) -> list[Page]:
    records = registry_records(corpus)
    by_url = {r["url"]: r for r in records}
    table = _table(corpus, by_url)
    all_facets = facets(corpus)
    newest = corpus.documents[0].issued.isoformat() if corpus.documents else ""
    total = f'<p class="gz-total">Tổng số: {format_number(len(corpus.documents))} văn bản</p>'

    def intro(url: str) -> str:
        data = relative_url(url, DATA_FILE)
        return (total + f'<div class="gz-registry" data-gz-registry="{esc(data)}" hidden></div>'
                + _facet_nav(url, all_facets)
                + f'<p class="gz-feed">{link(url, "van-ban/rss.xml", "Theo dõi văn bản mới (RSS)")}</p>')
    pages = paginated("van-ban/", "Văn bản", corpus.documents, per_page, table, intro=intro, kind="registry",
                      lastmod=newest, description="Danh mục văn bản: quyết định, kế hoạch, chỉ thị, công văn…",
                      template="gazette-registry.html", meta={"feeds": [("van-ban/rss.xml", "rss")]})
    for title, _, values in all_facets:
        for value_url, label, documents in values:
            heading = f"Văn bản — {title.lower()}: {label}"
            pages += paginated(value_url, heading, documents, per_page, table, kind="listing",
                               intro=lambda u, n=len(documents): f'<p class="gz-total">{format_number(n)} văn bản · '
                                                                 f'{link(u, "van-ban/", "Tất cả văn bản")}</p>',
                               lastmod=documents[0].issued.isoformat())
    return pages
