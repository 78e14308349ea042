"""`gazette import`, first half: one saved page (bytes) → Page (title, date, lead, body blocks, source).

Blocks come from importer_html (HTML) or one per line (text); `analyse` then splits them into zones:
before the title (only a date line is kept), the body, and what follows the source line or a "Tin liên
quan" heading (only attachments are kept). Rules for single lines live in importer_text.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from .importer_html import convert_html
from .importer_markdown import saved_copy
from .importer_text import (Block, Notes, boilerplate, byline, end_marker, escape_markdown, folded, footer_line,
                            menu_line, parse_date_line, source_line, unique)
from .importer_text import _FRAGMENT_RE  # counters glued to a date line: "Lượt xem: 12 | 10/4/2020"
from .text import TIMEZONE

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml", ".asp", ".aspx", ".php", ".jsp"}
TEXT_SUFFIXES = {".txt", ".text", ".md"}
_BULLET_LINE = re.compile(r"^\s*[\u2022\u00b7\u25cf\u25aa\u2023\-\u2013*+]\s+(?=\S)")
_TEXT_KINDS = ("para", "quote", "li", "heading", "table")


@dataclass
class Page:
    title: str
    body: list[Block]
    day: date | None = None
    time: str = ""
    summary: str = ""
    source: str = ""
    author: str = ""
    notes: Notes = field(default_factory=Notes)


# --- bytes → blocks -------------------------------------------------------------------------------------------

def decode(raw: bytes, html: bool) -> tuple[str | None, str]:
    """UTF-8 (the norm), else the charset an HTML page declares; anything else is reported, not guessed."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        declared = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", raw[:4096], re.I) if html else None
        if declared:
            name = declared[1].decode("ascii").lower()
            try:
                text = raw.decode(name)
            except (LookupError, UnicodeDecodeError):
                return None, f"tệp khai báo bảng mã `{name}` nhưng không đọc được theo bảng mã đó"
        else:
            return None, (f"tệp không phải UTF-8 (byte 0x{raw[exc.start]:02x} ở vị trí {exc.start}); hãy lưu lại "
                          "trang với bảng mã UTF-8 rồi nhập lại")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)
    return unicodedata.normalize("NFC", text), ""


def looks_like_html(name: str, text: str) -> bool:
    suffix = Path(name).suffix.lower()
    if suffix in HTML_SUFFIXES:
        return True
    if suffix in TEXT_SUFFIXES:
        return False
    return bool(re.search(r"<(?:!doctype\s+html|html|body|div|p)[\s>]", text[:2000], re.I))


def text_blocks(text: str) -> list[Block]:
    """Plain text as saved from a browser: one paragraph per line; bullet lines are list items."""
    blocks = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        bullet = _BULLET_LINE.match(line)
        content = (line[bullet.end():] if bullet else line).strip()
        blocks.append(Block(escape_markdown(content), content, "li" if bullet else "para"))
    return blocks


def _title_like(block: Block) -> bool:
    text = block.plain
    if block.kind not in ("para", "heading", "h1") or not text or len(text) > 300 or len(text.split()) < 2:
        return False
    return not (boilerplate(text) or menu_line(text) or footer_line(text) or _date_line(text))


def _shouting(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def pick_title(blocks: list[Block]) -> int:
    """Index of the title line of a text page, or -1.

    A page copied whole starts with the site name and menus: the title is the line just before the date
    line when the date line sits in the page head (before the first long paragraph); otherwise the first
    line that is not furniture, passing over an all-capitals site name.
    """
    candidates = [i for i, b in enumerate(blocks) if _title_like(b)]
    if not candidates:
        return -1
    first_long = next((i for i, b in enumerate(blocks) if len(b.plain) > 200), len(blocks))
    date_at = next((i for i, b in enumerate(blocks[:first_long]) if b.plain and _date_line(b.plain)), None)
    if date_at is not None:
        before = [i for i in candidates if i < date_at]
        after = [i for i in candidates if date_at < i <= date_at + 2 and len(blocks[i].plain) <= 200]
        if before and (date_at - before[-1] <= 3 or not after):
            return before[-1]
        if after:
            return after[0]
    first = candidates[0]
    if _shouting(blocks[first].plain):
        calmer = next((i for i in candidates[1:] if not _shouting(blocks[i].plain)), None)
        if calmer is not None and len(blocks[calmer].plain) <= 200:
            return calmer
    return first


# --- blocks → page ------------------------------------------------------------------------------------------------

def _date_line(text: str):
    return parse_date_line(_FRAGMENT_RE.sub(" ", folded(text)))


def _furniture(text: str) -> bool:
    return boilerplate(text) or footer_line(text) or menu_line(text) or end_marker(text) or bool(byline(text))


def _textual(block: Block) -> bool:
    return block.kind in _TEXT_KINDS and bool(block.plain) and not block.media_only


def analyse(blocks: list[Block], title: str, notes: Notes) -> Page:
    page = Page(title, [], notes=notes)
    dates: list = []
    start = next((i for i, b in enumerate(blocks) if b.kind == "h1"), -1)
    for block in blocks[:max(start, 0)]:
        found = _date_line(block.plain) if block.plain else None
        if found:
            dates.append(found)
        elif block.plain:
            notes.drop("trước tiêu đề", block.plain)
    body: list[Block] = []
    tail: list[Block] = []
    started = False
    key = folded(title)
    for block in blocks[start + 1:]:
        if tail or (block.plain and block.kind != "li" and end_marker(block.plain)):
            tail.append(block)
            continue
        if block.kind == "h1":
            block.kind = "heading"
        if block.kind == "image" or (block.media_only and not block.plain):
            body.append(block)
            continue
        if not block.plain:
            continue
        if not started:
            found = _date_line(block.plain)
            if found:
                dates.append(found)
                continue
        if boilerplate(block.plain) and not block.attachment:
            notes.drop("thông tin phụ của trang", block.plain)
            continue
        if not started:
            if menu_line(block.plain) or folded(block.plain) == key:
                notes.drop("đầu trang", block.plain)
                continue
        started = True
        body.append(block)

    # the source line closes the article: what follows it is page furniture (attachments excepted)
    for index, block in enumerate(body):
        if not _textual(block) or block.kind not in ("para", "quote"):
            continue
        value = source_line(block.plain, last=False)
        after = [b for b in body[index + 1:] if _textual(b) and not _furniture(b.plain)]
        if value and len(after) <= 3 and all(len(b.plain) < 120 for b in after):
            page.source = value
            tail = body[index + 1:] + tail
            body = body[:index]
            break
    saw_end = False
    for block in tail:
        if block.attachment:
            body.append(block)
            continue
        found = _date_line(block.plain) if block.plain else None
        if found and not dates:
            dates.append(found)
        elif block.plain:
            notes.drop("cuối trang", block.plain)
            if _textual(block) and not _furniture(block.plain) and not saw_end:
                notes.warn(f"đã bỏ đoạn sau dòng nguồn tin: “{block.plain[:60]}”; chép lại vào bài nếu đó là nội dung")
        saw_end = saw_end or end_marker(block.plain)
    while body and _textual(body[-1]) and (footer_line(body[-1].plain) or menu_line(body[-1].plain)
                                           or boilerplate(body[-1].plain)):
        notes.drop("chân trang", body.pop().plain)
    last = next((i for i in range(len(body) - 1, -1, -1) if _textual(body[i])), None)
    if last is not None and body[last].kind == "para":
        if not page.source:
            value = source_line(body[last].plain, last=True)
            if value:
                page.source = value
                body.pop(last)
                last = None
        if last is not None and len(body) > 1:
            signature = byline(body[last].plain)
            if signature:
                page.author = signature
                body.pop(last)
                notes.warn(f"dòng cuối “{signature}” được hiểu là tác giả (author); sửa lại nếu đó là nội dung bài")
    first = next((i for i, b in enumerate(body) if _textual(b)), None)
    if first is not None and body[first].kind == "para" and len(body) > 1 and (
            body[first].lead or (body[first].strong and len(body[first].plain) >= 60)):
        page.summary = body.pop(first).plain

    for found in dates:
        notes.warnings.extend(n for n in found.notes if n not in notes.warnings)
        if found.day != date.min and page.day is None:
            page.day, page.time = found.day, found.time
    page.body = body
    return page


def body_markdown(blocks: list[Block]) -> str:
    parts: list[str] = []
    counters: dict[int, int] = {}
    previous_li = False
    for block in blocks:
        if block.kind == "li":
            if not previous_li:
                counters = {}
            counters = {d: n for d, n in counters.items() if d <= block.depth}
            counters[block.depth] = counters.get(block.depth, 0) + 1
            marker = f"{counters[block.depth]}." if block.ordered else "-"
            line = "    " * block.depth + f"{marker} {block.markdown}"
            if previous_li:
                parts[-1] += "\n" + line
            else:
                parts.append(line)
            previous_li = True
            continue
        previous_li = False
        parts.append(block.markdown)
    return "\n\n".join(p for p in parts if p.strip())


def _meta_date(value: str) -> tuple[date, str] | None:
    value = value.strip()
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        found = parse_date_line(value)
        return (found.day, found.time) if found and found.day != date.min else None
    if moment.tzinfo is not None:
        moment = moment.astimezone(TIMEZONE)
    has_time = bool(re.search(r"\d[T ]\d", value)) and (moment.hour or moment.minute)
    return moment.date(), (f"{moment:%H:%M}" if has_time else "")


def read_page(raw: bytes, name: str) -> tuple[Page | None, str]:
    """One input → Page, or (None, why not)."""
    html = Path(name).suffix.lower() in HTML_SUFFIXES
    text, error = decode(raw, html or raw[:2000].lstrip().startswith(b"<"))
    if text is None:
        return None, error
    notes = Notes()
    if looks_like_html(name, text):
        converted = convert_html(text)
        title, blocks = converted.title, converted.blocks
        for item in converted.dropped:
            notes.dropped.append(item)
        for item in unique(converted.removed):
            notes.warn(item)
        for url in unique(converted.relative):
            if saved_copy(url):
                notes.warn(f"`{url}` là tệp trình duyệt lưu kèm trang: chép tệp đó lên máy chủ hoặc vào content/ "
                           "rồi sửa đường dẫn trong bài")
            else:
                notes.warn(f"`{url}` là đường dẫn tương đối và trang không ghi địa chỉ gốc: sửa thành địa chỉ "
                           "đầy đủ (https://…) hoặc chép tệp vào content/ rồi sửa đường dẫn")
        published = converted.meta.published
    else:
        blocks = text_blocks(text)
        index = pick_title(blocks)
        title = blocks[index].plain if index >= 0 else ""
        if index >= 0:
            blocks[index].kind = "h1"
        published = ""
    title = " ".join(title.split())
    if not title:
        return None, "không tìm thấy tiêu đề bài viết"
    page = analyse(blocks, title, notes)
    if page.day is None and published:
        found = _meta_date(published)
        if found:
            page.day, page.time = found
    if not page.body:
        return None, "không tìm thấy nội dung bài viết sau khi bỏ phần đầu trang, thống kê và chân trang"
    return page, ""
