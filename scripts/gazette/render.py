"""Markdown bodies → HTML, owned by the core so that any output layer shows the same article."""
from __future__ import annotations

import html
import posixpath
from typing import Callable
from xml.etree import ElementTree as etree

import markdown
from markdown.treeprocessors import Treeprocessor

from .text import slugify

# Inside these, a document number is someone else's text (code, a link, a heading anchor): leave it alone.
_NO_AUTOLINK = {"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style"}

# (text) -> list of (start, end, href) spans to turn into links
LinkFinder = Callable[[str], list[tuple[int, int, str]]]


def esc(value: object) -> str:
    """Every string from front matter goes through here before it reaches HTML."""
    return html.escape(str(value), quote=True)


def relative_url(from_url: str, to_url: str) -> str:
    """Directory-style URL relative to another page, so the site works under any base path and from disk."""
    if to_url.startswith(("http://", "https://", "mailto:", "#")):
        return to_url
    target, _, fragment = to_url.partition("#")
    start = posixpath.dirname(from_url.rstrip("/") + "/x") if from_url else "."
    rel = posixpath.relpath(target or ".", start or ".")
    if target.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return rel + (f"#{fragment}" if fragment else "")


def heading_slug(value: str, separator: str) -> str:
    # Python-Markdown's default slug drops "đ" ("Đường" → "uong"); ours folds it to "d".
    return slugify(value) or "muc"


class _AutoLink(Treeprocessor):
    def __init__(self, md, finder_ref: list):
        super().__init__(md)
        self.finder_ref = finder_ref

    def run(self, root: etree.Element) -> None:
        finder = self.finder_ref[0]
        if finder is not None:
            self._walk(root, finder)

    def _walk(self, element: etree.Element, finder: LinkFinder) -> None:
        if element.tag in _NO_AUTOLINK:
            return
        for child in list(element):
            self._walk(child, finder)
        if element.text:
            new_text, nodes = self._split(element.text, finder)
            if nodes:
                element.text = new_text
                for offset, node in enumerate(nodes):
                    element.insert(offset, node)
        for index, child in reversed(list(enumerate(element))):
            if child.tail:
                new_tail, nodes = self._split(child.tail, finder)
                if nodes:
                    child.tail = new_tail
                    for offset, node in enumerate(nodes, start=1):
                        element.insert(index + offset, node)

    def _split(self, text: str, finder: LinkFinder) -> tuple[str, list[etree.Element]]:
        spans = finder(text)
        if not spans:
            return text, []
        nodes: list[etree.Element] = []
        position = spans[0][0]
        head = text[:position]
        for number, (start, end, href) in enumerate(spans):
            link = etree.Element("a", {"href": href, "class": "gz-docref"})
            link.text = text[start:end]
            following = spans[number + 1][0] if number + 1 < len(spans) else len(text)
            link.tail = text[end:following]
            nodes.append(link)
        return head, nodes


class BodyRenderer:
    """One Markdown instance reused for every body (building it per page is a measurable cost)."""

    def __init__(self) -> None:
        self._finder: list = [None]
        self.md = markdown.Markdown(
            extensions=["tables", "sane_lists", "attr_list", "footnotes", "toc"],
            extension_configs={"toc": {"slugify": heading_slug, "permalink": False}},
            output_format="html",
        )
        self.md.treeprocessors.register(_AutoLink(self.md, self._finder), "gazette_autolink", 1)

    def render(self, body: str, link_finder: LinkFinder | None = None) -> str:
        self._finder[0] = link_finder
        try:
            return self.md.reset().convert(body)
        finally:
            self._finder[0] = None
