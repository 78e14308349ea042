"""Saved portal HTML → sanitised tree → Markdown blocks, for `gazette import`.

The page is first cleaned by nh3 (the Ammonia sanitiser): scripts, styles, iframes, forms, navigation
and asides go with their content, event attributes and `javascript:`/`data:` URLs are removed, and
only the tags the converter understands survive. The converter then only ever sees well-formed, harmless
markup; it still escapes every text and re-checks every URL, so the Markdown it writes cannot carry HTML.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

from .importer_markdown import BLOCK_TAGS, INLINE_TAGS, URL_SCHEMES, Converter, Node
from .importer_text import Block

# Dropped with everything inside: never article text.
DROP_WITH_CONTENT = {"script", "style", "iframe", "frame", "frameset", "noscript", "object", "embed", "applet",
                     "template", "svg", "math", "canvas", "audio", "video", "form", "button", "select",
                     "textarea", "input", "title", "nav", "aside", "map", "marquee", "dialog", "menu"}
ATTRIBUTES = {"*": {"class", "id"}, "a": {"href", "title"}, "img": {"src", "alt", "title"}}

# class/id words of page furniture: never inside an article body.
_CHROME = re.compile(
    r"(?<![a-z0-9])(menu|nav|navbar|navigation|breadcrumbs?|sidebar|side-?bar|banner|counter|visitors?|"
    r"statistics?|stats|thong-?ke|truy-?cap|online|login|dang-?nhap|social|share|sharing|chia-?se|related|"
    r"lien-?quan|tin-?khac|other-?news|comments?|binh-?luan|advert\w*|ads|quang-?cao|search|tim-?kiem|"
    r"pagination|paging|toolbar|tools|logo|top-?bar|ipv6|tin-?nhiem)(?![a-z0-9])")
# … and these only outside the article: an article has its own header (title, date) and footer (source).
_PAGE_CHROME = re.compile(r"(?<![a-z0-9])(header|footer|copyright|top|bottom|foot|head)(?![a-z0-9])")
_CONTENT = re.compile(r"(?<![a-z0-9])(content|detail|details|chi-?tiet|noi-?dung|news-?detail|article|post|entry|"
                      r"story|bai-?viet|main)(?![a-z0-9])")


@dataclass
class Meta:
    """What the raw page says about itself before sanitising."""
    title: str = ""
    og_title: str = ""
    published: str = ""           # article:published_time and friends, <time datetime>
    base: str = ""                # <base href>, canonical link, og:url or the "saved from url" comment
    charset: str = ""


class _MetaReader(HTMLParser):
    _DATE_NAMES = {"article:published_time", "og:published_time", "pubdate", "publishdate", "date", "dc.date",
                   "dc.date.issued", "dcterms.created", "dcterms.issued", "datepublished"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta = Meta()
        self._in_title = False
        self._bases: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "title" and not self.meta.title:
            self._in_title = True
        elif tag == "meta":
            name = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            content = a.get("content", "").strip()
            if name == "og:title" and not self.meta.og_title:
                self.meta.og_title = content
            elif name in self._DATE_NAMES and content and not self.meta.published:
                self.meta.published = content
            elif name == "og:url" and content:
                self._bases.setdefault("og", content)
            if a.get("charset"):
                self.meta.charset = a["charset"]
        elif tag == "base" and a.get("href"):
            self._bases.setdefault("base", a["href"])
        elif tag == "link" and "canonical" in a.get("rel", "").lower() and a.get("href"):
            self._bases.setdefault("canonical", a["href"])
        elif tag == "time" and a.get("datetime") and not self.meta.published:
            self.meta.published = a["datetime"].strip()

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.meta.title += data

    def handle_comment(self, data):
        match = re.search(r"saved from url=\(\d+\)(\S+)", data)
        if match:
            self._bases.setdefault("saved", match[1])

    def result(self) -> Meta:
        for key in ("base", "canonical", "og", "saved"):
            url = self._bases.get(key, "")
            if urlsplit(url).scheme in ("http", "https"):
                self.meta.base = url
                break
        self.meta.title = " ".join(self.meta.title.split())
        self.meta.og_title = " ".join(self.meta.og_title.split())
        return self.meta


def read_meta(html: str) -> Meta:
    reader = _MetaReader()
    try:
        reader.feed(html)
        reader.close()
    except Exception:  # noqa: BLE001 - a broken page still has a body worth importing
        pass
    return reader.result()


def sanitize(html: str) -> str:
    """nh3 with the tags the converter understands; everything dangerous or decorative goes."""
    return nh3.clean(html, tags=INLINE_TAGS | BLOCK_TAGS, clean_content_tags=DROP_WITH_CONTENT,
                     attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=None, strip_comments=True)


class _TreeBuilder(HTMLParser):
    """nh3's output (well-formed) → Node tree, at most MAX_DEPTH deep.

    Deeper elements are flattened into their ancestor at the limit, so a hostile page of 100 000 nested
    <div>s costs one level per tag instead of a RecursionError in every walk over the tree.
    """
    _VOID = {"br", "img", "hr", "wbr"}
    MAX_DEPTH = 200

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.stack = [self.root]
        self.flattened: dict[str, int] = {}

    def handle_starttag(self, tag, attrs):
        if tag in self._VOID:
            self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))
        elif len(self.stack) >= self.MAX_DEPTH:
            self.flattened[tag] = self.flattened.get(tag, 0) + 1
            if tag in ("p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"):
                self.stack[-1].children.append(Node("br"))
        else:
            node = Node(tag, {k: v or "" for k, v in attrs})
            self.stack[-1].children.append(node)
            self.stack.append(node)

    def handle_endtag(self, tag):
        if self.flattened.get(tag):
            self.flattened[tag] -= 1
            return
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse_tree(clean_html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(clean_html)
    builder.close()
    return builder.root


def _prune(node: Node, inside_content: bool, dropped: list[str]) -> None:
    kept: list[Node | str] = []
    for child in node.children:
        if isinstance(child, Node):
            marks = child.marks
            page_chrome = not inside_content and (child.tag in ("header", "footer") or _PAGE_CHROME.search(marks))
            if (_CHROME.search(marks) and child.tag not in ("article", "main")) or page_chrome:
                text = " ".join(child.text().split())
                if text:
                    dropped.append(f"khối `{child.tag}.{marks.strip() or '-'}`: {text[:60]}")
                continue
            _prune(child, inside_content or child.tag in ("article", "main") or bool(_CONTENT.search(marks)),
                   dropped)
        kept.append(child)
    node.children = kept


def content_root(tree: Node) -> Node:
    """The element that holds the article: the longest <article>, else <main>, else a content-like box."""
    for test in (lambda n: n.tag == "article", lambda n: n.tag == "main",
                 lambda n: n.tag in ("div", "section") and bool(_CONTENT.search(n.marks))):
        found = [n for n in tree.iter() if test(n)]
        if found:
            best = max(found, key=lambda n: len(n.text().strip()))
            if len(best.text().strip()) >= 200 or len(found) == 1:
                return best
    return tree


@dataclass
class HtmlPage:
    title: str
    blocks: list[Block]
    meta: Meta
    relative: list[str]
    removed: list[str]
    dropped: list[str]


def convert_html(html: str) -> HtmlPage:
    """The whole HTML path: metadata, sanitising, furniture removal, Markdown blocks and the title."""
    meta = read_meta(html)
    tree = parse_tree(sanitize(html))
    dropped: list[str] = []
    _prune(tree, False, dropped)
    root = content_root(tree)
    converter = Converter(meta.base)
    converter.convert(root)
    blocks = converter.blocks
    title = ""
    h1 = next((b for b in blocks if b.kind == "h1"), None)
    if h1 is None and root is not tree:
        outside = Converter(meta.base)
        outside.convert(tree)
        h1 = next((b for b in outside.blocks if b.kind == "h1"), None)
        if h1 is not None:
            title = h1.plain
            h1 = None
    if h1 is not None:
        title = h1.plain
    if not title:
        title = meta.og_title or _page_title(meta.title)
    if h1 is None:
        blocks = [Block("", title, "h1"), *blocks] if title else blocks
    return HtmlPage(title, blocks, meta, converter.relative, converter.removed, dropped)


def _page_title(text: str) -> str:
    """<title> minus the site name: "Tiêu đề - Ban Quản lý …" → "Tiêu đề"."""
    parts = [p.strip() for p in re.split(r"\s+[|\-\u2013\u2014»]\s+", text) if p.strip()]
    return parts[0] if parts else ""
