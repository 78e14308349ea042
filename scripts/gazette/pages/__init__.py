"""Stage 4: the corpus → pages (HTML content + template name + metadata), one module per page family."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Page:
    url: str                    # directory URL relative to the site root: "tin-tuc/2020/slug/", "" for home
    title: str                  # plain text; the output layer escapes it
    content: str                # HTML, already escaped where it holds front-matter strings
    template: str = "gazette.html"
    description: str = ""       # plain text (meta description, Open Graph)
    kind: str = "page"          # article | document | listing | home | …
    lastmod: str = ""           # ISO date of the content, for the sitemap (never the build time)
    meta: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def src_uri(self) -> str:
        """Where the output layer pretends the page's source lives; `a/b/` ↔ `a/b.md`."""
        return (self.url.rstrip("/") or "index") + ".md"


Halves = tuple[str, str]   # an article's or document's content before and after its navigation sections


@dataclass(frozen=True)
class Site:
    name: str = "Cải cách hành chính"
    url: str = ""               # absolute base URL (feeds, canonical links), with a trailing slash
