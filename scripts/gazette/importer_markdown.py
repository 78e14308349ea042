"""Sanitised HTML tree → Markdown blocks: the small converter of `gazette import`.

It understands p, br, strong/b, em/i, a, img, ul/ol/li, h1-h6, blockquote, figure/figcaption and tables
(data tables as pipe-table rows, layout tables as their content). Every text goes through
`escape_markdown` and every URL through `safe_url`, so what it writes is Markdown that shows the page's
text and never carries HTML, scripts or `javascript:` links, even if the sanitiser let something by.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from posixpath import basename
from urllib.parse import quote, unquote, urljoin, urlsplit

from .importer_text import Block, escape_markdown

INLINE_TAGS = {"strong", "b", "em", "i", "u", "a", "img", "span", "sub", "sup", "br", "small", "font", "code"}
BLOCK_TAGS = {"p", "div", "section", "article", "main", "header", "footer", "blockquote", "figure", "figcaption",
              "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "ul", "ol", "li", "h1", "h2", "h3",
              "h4", "h5", "h6", "hr", "pre", "center", "address", "dl", "dt", "dd"}
URL_SCHEMES = {"http", "https", "mailto"}
FILE_EXTENSIONS = {"pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "rtf", "zip", "rar",
                   "7z", "txt", "csv", "xml", "signed", "tif", "tiff"}
_LEAD = re.compile(r"(?<![a-z0-9])(sapo|lead|summary|description|desc|tom-?tat|mo-?ta|trich-?dan|teaser)(?![a-z0-9])")


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list["Node | str"] = field(default_factory=list)

    @property
    def marks(self) -> str:
        return f"{self.attrs.get('class', '')} {self.attrs.get('id', '')}".lower().replace("_", "-")

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self):
        """This node and every element below it, in document order (no recursion: cost is linear)."""
        stack: list[Node] = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed([c for c in node.children if isinstance(c, Node)]))


# --- URLs --------------------------------------------------------------------------------

def safe_url(url: str, base: str) -> str | None:
    """An http(s)/mailto or relative URL, absolute when the page said where it came from; None otherwise."""
    url = url.strip()
    if not url or url.startswith("#"):
        return None
    scheme = urlsplit(url).scheme.lower()
    if scheme and scheme not in URL_SCHEMES:
        return None
    if not scheme and base and not saved_copy(url):
        url = urljoin(base, url)
    return quote(url, safe="/:?#@!$&'*+,;=%~-._")


def saved_copy(url: str) -> bool:
    """A file the browser saved beside the page ("Trang_files/anh.jpg"): it never existed on the portal."""
    return not urlsplit(url).scheme and bool(re.match(r"^(?:\./)?[^/]+(?:_files|\.fld|_tap_tin)/", url, re.I))


def is_file_link(url: str) -> bool:
    path = urlsplit(url).path.lower()
    return "." in basename(path) and basename(path).rsplit(".", 1)[1] in FILE_EXTENSIONS


def _space(text: str) -> str:
    return re.sub(r"[\s\u00a0\u200b\ufeff]+", " ", text)


class _Inline:
    """Runs of one paragraph: Markdown, plain text and whether each run is bold."""

    def __init__(self) -> None:
        self.md: list[str] = []
        self.plain: list[str] = []
        self.bold: list[bool] = []
        self.links: list[str] = []
        self.images = 0
        self.files = 0

    def add(self, md: str, plain: str, bold: bool) -> None:
        self.md.append(md)
        self.plain.append(plain)
        self.bold.append(bold)

    def empty(self) -> bool:
        return not "".join(self.plain).strip() and not self.images and not self.files


class Converter:
    def __init__(self, base: str) -> None:
        self.base = base
        self.blocks: list[Block] = []
        self.relative: list[str] = []        # links and images the report should mention
        self.removed: list[str] = []

    # inline ------------------------------------------------------------------------------------------
    def inline(self, node: Node, run: _Inline, bold: bool = False, italic: bool = False) -> None:
        for child in node.children:
            if isinstance(child, str):
                text = _space(child)
                md = escape_markdown(text)
                if text.strip() and italic and not bold:
                    md = _wrap(md, "*")
                run.add(md, text, bold)
            elif child.tag in ("strong", "b"):
                inner = _Inline()
                self.inline(child, inner, True, italic)
                md = "".join(inner.md)
                run.md.append(md if bold or not "".join(inner.plain).strip() else _wrap(md, "**"))
                run.plain.append("".join(inner.plain))
                run.bold.append(all(b for b, p in zip(inner.bold, inner.plain) if p.strip()) if inner.plain else True)
                self._merge_counts(run, inner)
            elif child.tag in ("em", "i"):
                self.inline(child, run, bold, True)
            elif child.tag == "br":
                run.add("\n", "\n", bold)
            elif child.tag == "img":
                self.image(child, run)
            elif child.tag == "a":
                self.link(child, run, bold, italic)
            else:
                self.inline(child, run, bold, italic)

    @staticmethod
    def _merge_counts(run: _Inline, inner: _Inline) -> None:
        run.links += inner.links
        run.images += inner.images
        run.files += inner.files

    def image(self, node: Node, run: _Inline, caption: str = "") -> None:
        src = safe_url(node.attrs.get("src", ""), self.base)
        if src is None:
            if node.attrs.get("src", "").strip() or "src" not in node.attrs:
                self.removed.append("ảnh không có địa chỉ hợp lệ (ảnh nhúng `data:` hoặc đã bị lọc)")
            return
        alt = _space(caption or node.attrs.get("alt") or node.attrs.get("title") or "").strip()
        run.md.append(f"![{escape_markdown(alt)}]({src})")
        run.plain.append("")
        run.bold.append(True)
        run.links.append(src)
        run.images += 1
        if not urlsplit(src).scheme:
            self.relative.append(src)

    def link(self, node: Node, run: _Inline, bold: bool, italic: bool) -> None:
        inner = _Inline()
        self.inline(node, inner, bold, italic)
        href = safe_url(node.attrs.get("href", ""), self.base)
        text_md = "".join(inner.md).strip()
        if href is None or inner.images and not is_file_link(href):
            run.md.append("".join(inner.md))     # a javascript: link or a link around an image: keep its text
            run.plain.append("".join(inner.plain))
            run.bold.append(all(inner.bold) if inner.bold else bold)
            self._merge_counts(run, inner)
            return
        if not text_md:
            text_md = escape_markdown(unquote(basename(urlsplit(href).path)) or href)
        run.md.append(f"[{text_md}]({href})")
        run.plain.append("".join(inner.plain))
        run.bold.append(all(inner.bold) if inner.bold else bold)
        run.links.append(href)
        if is_file_link(href):
            run.files += 1
        if not urlsplit(href).scheme:
            self.relative.append(href)

    # blocks -----------------------------------------------------------------------------------------
    def flush(self, run: _Inline, kind: str = "para", **extra) -> None:
        if run.empty():
            return
        md_lines = "".join(run.md).split("\n")
        plain_lines = "".join(run.plain).split("\n")
        if kind == "para" and len(md_lines) > 1:
            # a <br> inside a paragraph: portals use it between paragraphs and between date and counter
            bold_all = _all_bold(run)
            for md, plain in zip(md_lines, plain_lines):
                if md.strip():
                    self._emit(md.strip(), plain.strip(), kind, bold_all, run, extra)
            return
        md = " ".join(line.strip() for line in md_lines if line.strip())
        plain = " ".join(line.strip() for line in plain_lines if line.strip())
        self._emit(md, plain, kind, _all_bold(run), run, extra)

    def _emit(self, md: str, plain: str, kind: str, bold: bool, run: _Inline, extra: dict) -> None:
        if kind == "para" and run.images and not plain:
            kind = "image"
        self.blocks.append(Block(md, plain, kind, strong=bold and bool(plain), links=tuple(run.links),
                                 attachment=bool(run.files), **extra))

    def convert(self, node: Node, lead: bool = False) -> None:
        run = _Inline()
        for child in node.children:
            if isinstance(child, str) or child.tag in INLINE_TAGS:
                wrapper = Node("span", children=[child])
                self.inline(wrapper, run)
                continue
            self.flush(run, lead=lead)
            run = _Inline()
            self.block(child, lead or bool(_LEAD.search(child.marks)))
        self.flush(run, lead=lead)

    def block(self, node: Node, lead: bool) -> None:
        tag = node.tag
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            run = _Inline()
            self.inline(node, run, bold=True)
            text = " ".join("".join(run.plain).split())
            if text:
                level = {"h1": 1, "h2": 2, "h3": 3}.get(tag, 4)
                kind = "h1" if level == 1 else "heading"
                prefix = "#" * max(level, 2) + " "
                self.blocks.append(Block(prefix + escape_markdown(text), text, kind))
        elif tag in ("ul", "ol"):
            self.listing(node, tag == "ol", 0)
        elif tag == "table":
            self.table(node)
        elif tag == "figure":
            self.figure(node)
        elif tag == "blockquote":
            start = len(self.blocks)
            self.convert(node, lead)
            for block in self.blocks[start:]:
                if block.kind == "para":
                    block.markdown, block.kind = "> " + block.markdown, "quote"
        elif tag == "hr":
            return
        else:
            self.convert(node, lead)

    def figure(self, node: Node) -> None:
        caption = next((c for c in node.iter() if c.tag == "figcaption"), None)
        caption_text = " ".join(caption.text().split()) if caption else ""
        images = [c for c in node.iter() if c.tag == "img"]
        if not images:
            self.convert(node)
            return
        for img in images:
            run = _Inline()
            self.image(img, run, caption_text)
            self.flush(run, "image")
        if caption_text and self.blocks and self.blocks[-1].kind == "image":
            self._caption(self.blocks[-1], caption_text)

    @staticmethod
    def _caption(block: Block, caption: str) -> None:
        """An image and the line under it: alt text and an italic caption, kept together."""
        caption = " ".join(caption.split())
        if block.markdown.startswith("![]("):
            block.markdown = f"![{escape_markdown(caption)}](" + block.markdown[4:]
        block.markdown += "\n*" + escape_markdown(caption) + "*"
        block.plain = caption

    def listing(self, node: Node, ordered: bool, depth: int) -> None:
        for item in node.children:
            if not isinstance(item, Node):
                continue
            if item.tag in ("ul", "ol"):
                self.listing(item, item.tag == "ol", depth + 1)
                continue
            run = _Inline()
            nested = []
            for child in item.children:
                if isinstance(child, Node) and child.tag in ("ul", "ol"):
                    nested.append(child)
                else:
                    self.inline(Node("span", children=[child]), run)
            if not run.empty():
                md = " ".join(line.strip() for line in "".join(run.md).split("\n") if line.strip())
                plain = " ".join("".join(run.plain).split())
                self.blocks.append(Block(md, plain, "li", strong=_all_bold(run) and bool(plain),
                                         ordered=ordered, depth=depth, links=tuple(run.links),
                                         attachment=bool(run.files)))
            for sub in nested:
                self.listing(sub, sub.tag == "ol", depth + 1)

    def table(self, node: Node) -> None:
        rows = _own_rows(node)
        cells = [[c for c in row.children if isinstance(c, Node) and c.tag in ("td", "th")] for row in rows]
        layout = (max((len(r) for r in cells), default=0) < 2
                  or any(n.tag in ("img", "table", "ul", "ol") for n in node.iter() if n is not node))
        if layout:
            # tables used for layout (an image with its caption below, a boxed paragraph): keep the content
            start = len(self.blocks)
            for row in cells:
                for cell in row:
                    self.convert(cell)
            added = self.blocks[start:]
            if len(added) == 2 and added[0].kind == "image" and added[1].kind == "para" and len(added[1].plain) <= 200:
                self._caption(added[0], added[1].plain)
                del self.blocks[start + 1:]
            return
        lines, plains = [], []
        width = max(len(r) for r in cells)
        for row in cells:
            texts = []
            for cell in row:
                run = _Inline()
                self.inline(cell, run)
                texts.append(" ".join("".join(run.md).split()))       # "|" is escaped with the text
                plains.append(" ".join("".join(run.plain).split()))
            texts += [""] * (width - len(texts))
            lines.append("| " + " | ".join(texts) + " |")
        if lines:
            lines.insert(1, "|" + "---|" * width)
            self.blocks.append(Block("\n".join(lines), " ".join(p for p in plains if p), "table"))


def _own_rows(table: Node) -> list[Node]:
    """The rows of this table, not those of tables nested in its cells (each table is converted once)."""
    rows = []
    for child in table.children:
        if isinstance(child, Node):
            if child.tag == "tr":
                rows.append(child)
            elif child.tag in ("thead", "tbody", "tfoot"):
                rows += [r for r in child.children if isinstance(r, Node) and r.tag == "tr"]
    return rows


def _wrap(md: str, marker: str) -> str:
    stripped = md.strip()
    if not stripped:
        return md
    lead = md[: len(md) - len(md.lstrip())]
    trail = md[len(md.rstrip()):]
    return f"{lead}{marker}{stripped}{marker}{trail}"


def _all_bold(run: _Inline) -> bool:
    texts = [(b, p) for b, p in zip(run.bold, run.plain) if p.strip()]
    return bool(texts) and all(b for b, _ in texts)
