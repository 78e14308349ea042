"""Markdown bodies → HTML, owned by the core so that any output layer shows the same article.

Document numbers are found in the rendered tree, one run of prose at a time (a paragraph's text with its
bold, italics and line breaks flattened), so that "**754/QĐ-UBND** ngày 31/3/2020" still sees its date,
and so that numbers in code, links and headings neither become links nor count as citations.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Callable
from xml.etree import ElementTree as etree

import markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions.toc import (TocExtension, TocTreeprocessor, remove_fnrefs, render_inner_html,
                                     strip_tags, unique)
from markdown.preprocessors import HtmlBlockPreprocessor
from markdown.treeprocessors import InlineProcessor, Treeprocessor

from .docnum import Mention, find_document_numbers
from .text import slugify

# Someone else's text: never linked, never counted.
_OPAQUE = {"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style", "kbd", "samp"}
# Inline elements whose text is part of the surrounding run of prose.
_INLINE = {"strong", "em", "b", "i", "span", "sub", "sup", "br", "img", "abbr", "small", "mark", "del", "ins",
           "s", "u", "q", "cite", "time"}

# Decides, for one mention in one item's body, the href to link it to (None: leave as text).
Resolver = Callable[[Mention], "str | None"]


@dataclass(frozen=True)
class Rendered:
    html: str
    mentions: tuple[Mention, ...]      # every mention in linkable prose, linked or not


def esc(value: object) -> str:
    """Every string from front matter goes through here before it reaches HTML."""
    text = value if type(value) is str else str(value)
    # most strings (URLs, Vietnamese prose) have nothing to escape: five scans instead of five copies
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return html.escape(text, quote=True)
    return text


def relative_url(from_url: str, to_url: str) -> str:
    """Directory-style URL relative to another page, so the site works under any base path and from disk.

    Pure string work on site-relative URLs (posixpath.relpath asks the OS for the working directory on
    every call, a measurable cost over a hundred thousand links): the common folders are a common prefix.
    """
    if to_url.startswith(("http://", "https://", "mailto:", "#")):
        return to_url
    target, _, fragment = to_url.partition("#")
    if not target or target[0] == "/" or from_url[:1] == "/" or "//" in target or "//" in from_url:
        return _relative_url_by_parts(from_url, target, fragment)
    here = from_url[:from_url.rfind("/") + 1]             # the folder of the page the link is on
    folder = target[:target.rfind("/") + 1]
    shared = 0                                            # length of the folders both are in
    while (end := here.find("/", shared) + 1) and folder.startswith(here[shared:end], shared):
        shared = end
    rel = "../" * here.count("/", shared) + target[shared:]
    return (rel or "./") + (f"#{fragment}" if fragment else "")


def _relative_url_by_parts(from_url: str, target: str, fragment: str) -> str:
    """relative_url for URLs with empty parts (a leading or doubled "/") or the empty URL of the home page."""
    here = [p for p in from_url.split("/")[:-1] if p] if from_url else []
    there = [p for p in target.split("/") if p]
    common = 0
    while common < len(here) and common < len(there) - (0 if target.endswith("/") else 1) \
            and here[common] == there[common]:
        common += 1
    parts = [".."] * (len(here) - common) + there[common:]
    rel = "/".join(parts) or "."
    if target.endswith("/") and rel != "." and not rel.endswith("/"):
        rel += "/"
    if rel == ".":
        rel = "./"
    return rel + (f"#{fragment}" if fragment else "")


def heading_slug(value: str, separator: str) -> str:
    # Python-Markdown's default slug drops "đ" ("Đường" → "uong"); ours folds it to "d".
    return slugify(value) or "muc"


class _Piece:
    """A stretch of a prose run: an element's .text or a child's .tail, linkable or opaque."""
    __slots__ = ("owner", "attr", "start", "text", "linkable", "parent", "index")

    def __init__(self, owner, attr, start, text, linkable, parent=None, index=0):
        self.owner, self.attr, self.start, self.text, self.linkable = owner, attr, start, text, linkable
        self.parent, self.index = parent, index


class _MentionLinker(Treeprocessor):
    def __init__(self, md, state: dict):
        super().__init__(md)
        self.state = state

    def run(self, root: etree.Element) -> None:
        self._element(root)

    def _element(self, element: etree.Element) -> None:
        if element.tag in _OPAQUE:
            return
        run: list[_Piece] = []
        offset = [0]

        def add(owner, attr, text, linkable, parent=None, index=0):
            if text:
                run.append(_Piece(owner, attr, offset[0], text, linkable, parent, index))
                offset[0] += len(text)

        add(element, "text", element.text, True)
        for index, child in enumerate(list(element)):
            if child.tag in _INLINE:
                self._inline(child, add)
            elif child.tag in _OPAQUE and child.tag in ("a", "code", "kbd", "samp"):
                add(child, None, "".join(child.itertext()), False)
            else:
                self._flush(run)
                run, offset[0] = [], 0
                self._element(child)
            add(child, "tail", child.tail, True, element, index)
        self._flush(run)

    def _inline(self, element: etree.Element, add) -> None:
        if element.tag == "br":
            add(element, None, "\n", False)
            return
        add(element, "text", element.text, True)
        for index, child in enumerate(list(element)):
            if child.tag in _INLINE:
                self._inline(child, add)
            else:
                add(child, None, "".join(child.itertext()), False)
            add(child, "tail", child.tail, True, element, index)

    def _flush(self, run: list[_Piece]) -> None:
        if not run:
            return
        flat = "".join(p.text for p in run)
        resolve = self.state["resolve"]
        links: list[tuple[_Piece, int, int, str]] = []
        for mention in find_document_numbers(flat):
            pieces = [p for p in run if p.start < mention.end and p.start + len(p.text) > mention.start]
            if any(not p.linkable for p in pieces):
                continue                      # inside a link or code: not the editor's prose
            self.state["mentions"].append(mention)
            href = resolve(mention) if resolve else None
            if href and len(pieces) == 1:     # a number split by formatting stays text
                links.append((pieces[0], mention.start - pieces[0].start, mention.end - pieces[0].start, href))
        for piece, start, end, href in reversed(links):
            self._wrap(piece, start, end, href)

    @staticmethod
    def _wrap(piece: _Piece, start: int, end: int, href: str) -> None:
        text = getattr(piece.owner, piece.attr)
        link = etree.Element("a", {"href": href, "class": "gz-docref"})
        link.text = text[start:end]
        link.tail = text[end:]
        setattr(piece.owner, piece.attr, text[:start])
        if piece.attr == "text":              # the link becomes the owner's first child
            piece.owner.insert(0, link)
        else:                                 # right after the element whose tail this was
            piece.parent.insert(list(piece.parent).index(piece.owner) + 1, link)


# What can start one of the inline patterns of BodyRenderer's Markdown (code, escape, link, image, footnote
# reference, autolink, raw HTML, entity, emphasis, hard line break) or a placeholder of Python-Markdown's.
INLINE_PATTERNS = ("backtick", "escape", "footnote", "reference", "link", "image_link", "image_reference",
                   "short_reference", "short_image_ref", "autolink", "automail", "linebreak", "html", "entity",
                   "em_strong")
_INLINE_START = re.compile(r"[`\\\[<&*_\x02\x03]")   # or "  \n" (a hard line break)


class _ProseInlineProcessor(InlineProcessor):
    """Python-Markdown tries each inline pattern, one regular expression after another, on every stretch
    of text; a stretch without any character that starts one (most paragraphs of news prose) is returned
    as it is: the same result, without what was a fifth of the time spent rendering bodies."""

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802
        # two searches: a character class alone is scanned several times faster than with an alternative
        if patternIndex == 0 and "  \n" not in data and not _INLINE_START.search(data):
            return data
        return super()._InlineProcessor__handleInline(data, patternIndex)


# Python-Markdown's block processors of BodyRenderer's Markdown; each one's test fails on a block that
# _BLOCK_MARKUP does not find in and that does not start with a space (see _ProseParagraphProcessor).
BLOCK_PROCESSORS = ("empty", "indent", "code", "table", "hashheader", "setextheader", "hr", "olist", "ulist",
                    "quote", "footnote", "reference", "paragraph")
_PROSE_START = frozenset("\"'(“‘«.,;:!?%$€₫/")   # or a letter or digit: never whitespace
# Searched in "\n" + block: a pattern that starts with a fixed character jumps from one "\n" to the next
# (with "^" and re.MULTILINE it tries every position of the block).
_BLOCK_MARKUP = re.compile(r"\n[ ]{0,3}(?:[#=>\[*+_-]|\d+[.)])")


class _ProseParagraphProcessor(BlockProcessor):
    """Python-Markdown tests every block against each block processor (headings, lists, quotes, tables,
    rules, references, footnotes…) before taking it as a paragraph; a block that starts with a letter, a
    digit or common punctuation (not with whitespace, which ParagraphProcessor strips) and has no line that
    starts like one of them and no "|" (a table's cells) is a paragraph at once, as that processor makes it."""

    def test(self, parent: etree.Element, block: str) -> bool:
        return (block[:1].isalnum() or block[:1] in _PROSE_START) and not self.parser.state \
            and "|" not in block and not _BLOCK_MARKUP.search("\n" + block)

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        etree.SubElement(parent, "p").text = blocks.pop(0)


class _ProseHtmlBlockPreprocessor(HtmlBlockPreprocessor):
    """Raw HTML blocks are found by feeding the whole text to an HTML parser; a text without "<" or "&"
    holds none, and the parser would give its lines back as they are."""

    def run(self, lines: list[str]) -> list[str]:
        if not any("<" in line or "&" in line for line in lines):
            return lines
        return super().run(lines)


class _HeadingIdProcessor(TocTreeprocessor):
    """The toc extension gives headings their ids, and for every body also builds, serializes and post-
    processes a table of contents that nobody reads (a seventh of the time spent rendering bodies). Here
    headings get the same ids the same way; the whole table is built only for a body that holds the marker
    ("[TOC]"), which it replaces. Only without anchor or permalink links (BodyRenderer's configuration)."""

    def run(self, doc: etree.Element) -> None:
        if self.use_anchors or self.use_permalinks not in (False, None) or \
                (self.marker and any(self.marker in text for text in doc.itertext())):
            super().run(doc)
            return
        used_ids = {el.attrib["id"] for el in doc.iter() if "id" in el.attrib}
        id_counters: dict[str, int] = {}
        for el in doc.iter():
            if isinstance(el.tag, str) and self.header_rgx.match(el.tag):
                self.set_level(el)
                if "id" not in el.attrib:
                    name = strip_tags(render_inner_html(remove_fnrefs(el), self.md))
                    el.attrib["id"] = unique(self.slugify(html.unescape(name), self.sep), used_ids, id_counters)
                el.attrib.pop("data-toc-label", None)
        self.md.toc_tokens, self.md.toc = [], ""


class _HeadingIds(TocExtension):
    TreeProcessorClass = _HeadingIdProcessor


class BodyRenderer:
    """One Markdown instance reused for every body (building it per page is a measurable cost)."""

    def __init__(self) -> None:
        self._state: dict = {"resolve": None, "mentions": []}
        self.md = markdown.Markdown(
            extensions=["tables", "sane_lists", "attr_list", "footnotes",
                        _HeadingIds(slugify=heading_slug, permalink=False)],
            output_format="html",
        )
        self.md.treeprocessors.register(_MentionLinker(self.md, self._state), "gazette_mentions", 1)
        patterns = self.md.inlinePatterns
        # Only with the patterns _INLINE_START was written for (another version or extension: no shortcut).
        if len(patterns) == len(INLINE_PATTERNS) and all(name in patterns for name in INLINE_PATTERNS):
            self.md.treeprocessors.register(_ProseInlineProcessor(self.md), "inline", 20)
        blocks = self.md.parser.blockprocessors
        if len(blocks) == len(BLOCK_PROCESSORS) and all(name in blocks for name in BLOCK_PROCESSORS):
            blocks.register(_ProseParagraphProcessor(self.md.parser), "gazette_prose", 200)
        if type(self.md.preprocessors["html_block"]) is HtmlBlockPreprocessor:
            self.md.preprocessors.register(_ProseHtmlBlockPreprocessor(self.md), "html_block", 20)

    def render(self, body: str, resolve: Resolver | None = None) -> Rendered:
        self._state["resolve"], self._state["mentions"] = resolve, []
        try:
            html_text = self.md.reset().convert(body)
            return Rendered(html_text, tuple(self._state["mentions"]))
        finally:
            self._state["resolve"], self._state["mentions"] = None, []
