"""Legal-document pages: /van-ban/<year>/<slug>/."""
from __future__ import annotations

from ..model import RELATIONS, Article, Corpus, Document
from ..render import Rendered, esc, relative_url
from ..status import current_status
from ..search import folded_field, folded_words, mentioned_terms, number_terms, search_attributes, search_markers
from ..text import format_date, format_date_padded, format_size
from . import Halves, Page
from .common import article_item, document_item, link


def metadata_rows(document: Document, corpus: Corpus) -> list[tuple[str, str]]:
    """(label, HTML value) rows of the metadata table, in the order national databases use."""
    tax = corpus.taxonomies
    issuer = tax.issuers.get(document.issuer)
    status = current_status(document, corpus)
    signer = document.signer + (f" ({document.signer_title})" if document.signer and document.signer_title else "")
    rows = [("Số ký hiệu", esc(document.number.canonical)), ("Loại văn bản", esc(document.type)),
            ("Cơ quan ban hành", esc(issuer.name if issuer else document.issuer)),
            ("Người ký", esc(signer or "—")), ("Ngày ban hành", esc(format_date_padded(document.issued))),
            ("Ngày có hiệu lực", esc(format_date_padded(document.effective)) if document.effective else "—")]
    if document.expires:
        rows.append(("Ngày hết hiệu lực", esc(format_date_padded(document.expires))))
    rows.append(("Tình trạng hiệu lực", esc(status) if status else "Không áp dụng"))
    if document.fields:
        rows.append(("Lĩnh vực", esc(", ".join(tax.fields.get(f, f) for f in document.fields))))
    return rows


def relation_sections(document: Document, corpus: Corpus) -> list[tuple[str, list[Document]]]:
    """Relations declared here (forward wording), then those declared elsewhere (inverse wording)."""
    sections: list[tuple[str, list[Document]]] = []
    for key, (forward, inverse) in RELATIONS.items():
        targets = [corpus.by_url[l.target] for l in corpus.outgoing(document.url) if l.relation == key]
        sources = [corpus.by_url[l.source] for l in corpus.incoming(document.url) if l.relation == key]
        if key == "related":
            merged = {d.url: d for d in targets + sources}
            targets, sources = list(merged.values()), []
        if targets:
            sections.append((forward, targets))
        if sources:
            sections.append((inverse, sources))
    return sections


def render_document_page(document: Document, corpus: Corpus, body: Rendered, *, navigation: bool = True,
                         halves: Halves | None = None) -> Page:
    """`navigation=False`: without the relation and citation sections (see render_article_page)."""
    before, after = halves or document_halves(document, corpus, body)
    content = before + "".join(_navigation(document, corpus)) + after if navigation else before + after
    return Page(url=document.url, title=f"{document.type} số {document.number.canonical}", content=content,
                description=document.title, kind="document", lastmod=document.issued.isoformat(),
                meta={"draft": document.draft, "date": document.issued})


def document_halves(document: Document, corpus: Corpus, body: Rendered) -> Halves:
    """The document's content up to where its relation and citation sections go, and after them."""
    url = document.url
    rows = "".join(f'<tr><th scope="row">{label}</th><td>{value}</td></tr>'
                   for label, value in metadata_rows(document, corpus))
    issuer = corpus.taxonomies.issuers.get(document.issuer)
    status = current_status(document, corpus)
    search = search_attributes(document.issued.isoformat())
    markers = search_markers({"type": "Văn bản", "date": format_date(document.issued)}, {
        "loai": "Văn bản", "loai-van-ban": document.type, "co-quan": issuer.name if issuer else document.issuer,
        "nam": str(document.issued.year), "tinh-trang": status})
    out = [f'<article class="gz-document" {search}>'
           f'<h1 data-pagefind-weight="10">{esc(document.type)} số {esc(document.number.canonical)}</h1>',
           f'<p class="gz-lead">{esc(document.title)}</p>',
           f'<table class="gz-meta-table"><caption>Thông tin văn bản</caption><tbody>{rows}</tbody></table>']
    if document.attachments:
        items = "".join(
            f'<li><a href="{esc(relative_url(url, a.url))}" download>{esc(a.title)}</a> '
            f'<span class="gz-file">({esc(a.kind)}, {esc(format_size(a.size))})</span></li>'
            for a in document.attachments)
        out.append(f'<section class="gz-attachments"><h2>Tệp đính kèm</h2><ul>{items}</ul></section>')
    if document.body.strip():
        out.append(f'<section class="gz-body"><h2>Nội dung</h2>{body.html}</section>')
    fields = [corpus.taxonomies.fields.get(f, f) for f in document.fields]
    words = folded_words([document.type, document.title, document.body, issuer.name if issuer else "", document.signer,
                          document.signer_title, status, *fields])
    after = folded_field(number_terms(document.number) + words + mentioned_terms(body.mentions)) + markers + "</article>"
    return "".join(out), after


def _navigation(document: Document, corpus: Corpus) -> list[str]:
    url, out = document.url, []
    sections = relation_sections(document, corpus)
    if sections:
        out.append('<section class="gz-relations" data-pagefind-ignore><h2>Quan hệ với văn bản khác</h2>')
        for wording, documents in sections:
            items = "".join(document_item(url, d) for d in documents)
            out.append(f"<h3>{esc(wording)}</h3><ul>{items}</ul>")
        out.append("</section>")
    citing = [corpus.by_url[l.source] for l in corpus.incoming(url) if l.relation in ("cites", "mentions")]
    articles = sorted({a.url: a for a in citing if isinstance(a, Article)}.values(),
                      key=lambda a: (-a.date.timestamp(), a.url))
    documents = sorted({d.url: d for d in citing if isinstance(d, Document)}.values(),
                       key=lambda d: (d.issued, d.url), reverse=True)
    if articles:
        items = "".join(article_item(url, a, corpus) for a in articles)
        out.append(f'<section class="gz-citing" data-pagefind-ignore><h2>Tin bài liên quan</h2><ul class="gz-list">{items}</ul></section>')
    if documents:
        items = "".join(document_item(url, d) for d in documents)
        out.append(f'<section class="gz-citing-docs" data-pagefind-ignore><h2>Văn bản dẫn chiếu</h2><ul>{items}</ul></section>')
    return out


def render_document_pages(corpus: Corpus, bodies: dict[str, Rendered],
                          halves: dict[str, Halves] | None = None) -> list[Page]:
    """`halves`: url → document_halves() already made (while streaming the search index), to reuse."""
    halves = halves or {}
    return [render_document_page(d, corpus, bodies[d.url], halves=halves.get(d.url)) for d in corpus.documents]
