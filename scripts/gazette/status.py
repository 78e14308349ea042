"""Effect status ("tình trạng hiệu lực") of a document as of a given day, from its dates and relations."""
from __future__ import annotations

from datetime import date

from .model import Corpus, Document

# Type codes of documents that have a legal effect cycle; plans, reports and letters do not.
_EFFECT_TYPES = {"QĐ", "NQ", "CT", "QC", "QyĐ", "NĐ", "TT", "TTLT", "VBHN", "QĐi"}


def has_effect_cycle(document: Document) -> bool:
    number = document.number
    return number.year is not None or number.shape in ("normative", "joint", "assembly") \
        or number.type_code in _EFFECT_TYPES


def effect_status(document: Document, corpus: Corpus, today: date) -> str:
    """An explicit status wins; otherwise replaced/repealed/expired → Hết hiệu lực, future → Chưa có hiệu lực."""
    if document.status:
        return document.status
    for link in corpus.incoming(document.url):
        if link.relation in ("replaces", "repeals"):
            other = corpus.by_url[link.source]
            if isinstance(other, Document) and (other.effective or other.issued) <= today:
                return "Hết hiệu lực"
    if document.expires and document.expires <= today:
        return "Hết hiệu lực"
    if document.effective and document.effective > today:
        return "Chưa có hiệu lực"
    return "Còn hiệu lực" if has_effect_cycle(document) else ""


def current_status(document: Document, corpus: Corpus) -> str:
    """The status shown on the site: as of the corpus's build day (only an explicit one without a day)."""
    return effect_status(document, corpus, corpus.today) if corpus.today else document.status
