"""The content model: what an article, a legal document and the controlled lists are once validated."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Mapping

from .docnum import DocumentNumber

# Relation keys in front matter → (wording on the document that declares it, wording of the inverse).
RELATIONS: dict[str, tuple[str, str]] = {
    "based_on": ("Căn cứ", "Là căn cứ của"),
    "implements": ("Thực hiện", "Được thực hiện bởi"),
    "guides": ("Hướng dẫn, quy định chi tiết", "Được hướng dẫn, quy định chi tiết bởi"),
    "amends": ("Sửa đổi, bổ sung", "Được sửa đổi, bổ sung bởi"),
    "replaces": ("Thay thế", "Được thay thế bởi"),
    "repeals": ("Bãi bỏ", "Bị bãi bỏ bởi"),
    "corrects": ("Đính chính", "Được đính chính bởi"),
    "related": ("Văn bản liên quan", "Văn bản liên quan"),
}

STATUSES = ("Còn hiệu lực", "Hết hiệu lực một phần", "Hết hiệu lực", "Chưa có hiệu lực", "Ngưng hiệu lực")


@dataclass(frozen=True)
class Issuer:
    key: str
    name: str
    code: str


@dataclass(frozen=True)
class Taxonomies:
    categories: Mapping[str, str]          # key → Vietnamese name
    issuers: Mapping[str, Issuer]
    fields: Mapping[str, str]
    document_types: Mapping[str, str]      # type code → Vietnamese name (built-in table plus additions)


@dataclass(frozen=True)
class Reference:
    """A document named in front matter: a number, optionally pinned to an issue year (`754/QĐ-UBND@2020`)."""
    number: DocumentNumber
    year: int | None
    text: str
    line: int

    @property
    def label(self) -> str:
        return self.number.canonical + (f"@{self.year}" if self.year else "")


@dataclass(frozen=True)
class Attachment:
    file: str           # path relative to content/
    title: str
    size: int           # bytes
    kind: str           # "PDF", "DOCX" …

    @property
    def url(self) -> str:
        return self.file


@dataclass(frozen=True)
class Article:
    path: str                   # source file, relative to the project root
    slug: str
    year: int
    title: str
    date: datetime              # aware, Asia/Ho_Chi_Minh
    has_time: bool
    category: str
    tags: tuple[str, ...]
    summary: str
    source: str
    author: str
    image: str
    draft: bool
    documents: tuple[Reference, ...]
    aliases: tuple[str, ...]
    body: str
    body_line: int
    has_summary: bool = False   # the lead was written in front matter, not taken from the first paragraph

    @cached_property      # asked for half a million times in a build of 12,000 items
    def url(self) -> str:
        return f"tin-tuc/{self.year}/{self.slug}/"

    @property
    def day(self) -> date:
        return self.date.date()


@dataclass(frozen=True)
class Document:
    path: str
    slug: str
    year: int
    number: DocumentNumber
    type: str
    title: str                  # trích yếu
    issuer: str                 # key of Taxonomies.issuers
    issued: date
    signer: str
    signer_title: str
    effective: date | None
    expires: date | None
    status: str                 # explicit override, "" when computed
    fields: tuple[str, ...]
    attachments: tuple[Attachment, ...]
    relations: tuple[tuple[str, tuple[Reference, ...]], ...]   # (relation key, targets) in RELATIONS order
    draft: bool
    aliases: tuple[str, ...]
    body: str
    body_line: int

    @cached_property
    def url(self) -> str:
        return f"van-ban/{self.year}/{self.slug}/"

    @property
    def identity(self) -> tuple:
        """Numbers restart every year and every issuer has its own series: this is what is unique."""
        return (self.issuer, self.issued.year, self.number.key)

    def relation(self, key: str) -> tuple[Reference, ...]:
        return dict(self.relations).get(key, ())


@dataclass(frozen=True)
class Link:
    """A resolved edge between two items, kept on both ends (citations, relations)."""
    relation: str               # a RELATIONS key, "cites" (article → document) or "mentions" (document body)
    source: str                 # url of the item that declares it
    target: str                 # url of the item it points to


@dataclass(frozen=True)
class Corpus:
    taxonomies: Taxonomies
    articles: tuple[Article, ...]          # newest first, ties broken by url
    documents: tuple[Document, ...]        # newest first, ties broken by url
    links: tuple[Link, ...] = ()
    assets: tuple[str, ...] = ()           # non-Markdown files under content/, relative to it
    today: date | None = None
    by_url: Mapping[str, Article | Document] = field(default_factory=dict)
    links_from: Mapping[str, tuple[Link, ...]] = field(default_factory=dict)
    links_to: Mapping[str, tuple[Link, ...]] = field(default_factory=dict)

    def outgoing(self, url: str) -> tuple[Link, ...]:
        return self.links_from.get(url, ())

    def incoming(self, url: str) -> tuple[Link, ...]:
        return self.links_to.get(url, ())
