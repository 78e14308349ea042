"""`gazette import`: pages saved from the old portal (plain text or HTML) → articles under content/tin-tuc/.

Each input goes: bytes → text → blocks (importer_html for HTML, one block per line for text) → zones
(before the title, body, after the source line) → front matter + Markdown body → a file that passes
`gazette check`, or nothing. What could not be determined is said in the report, never guessed silently.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from .corpus import resolve
from .docnum import find_document_numbers
from .errors import WARNING
from .fields import ARTICLE_FIELDS
from .importer_html import convert_html
from .importer_markdown import saved_copy
from .importer_text import (Block, Notes, boilerplate, byline, end_marker, escape_markdown, find_mojibake,
                            folded, footer_line, menu_line, parse_date_line, source_line, unique)
from .importer_text import _FRAGMENT_RE  # counters glued to a date line: "Lượt xem: 12 | 10/4/2020"
from .load import ARTICLES_DIR, load_content, load_file
from .model import Document, Taxonomies
from .newfile import NewFileError, article_slug, check_key, front_matter, read_taxonomies
from .text import TIMEZONE
from .validate import validate_article, validate_document
from .xref import index_by_key, resolve_mention

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


@dataclass
class Report:
    input: str
    status: str                      # "đã tạo" | "đã có" | "lỗi"
    path: str = ""
    warnings: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


@dataclass
class Options:
    content: Path
    today: date
    category: str | None = None
    day: date | None = None
    root: Path | None = None         # paths in the report are shown relative to it


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


def pick_title(blocks: list[Block]) -> int:
    """Index of the first line that can be a title (not furniture, not a date), or -1."""
    for index, block in enumerate(blocks):
        text = block.plain
        if block.kind not in ("para", "heading", "h1") or not text:
            continue
        if boilerplate(text) or menu_line(text) or footer_line(text) or _date_line(text):
            continue
        if len(text.split()) >= 2 and len(text) <= 300:
            return index
        return -1
    return -1


# --- blocks → page ------------------------------------------------------------------------------------------------

def _date_line(text: str):
    return parse_date_line(_FRAGMENT_RE.sub(" ", folded(text)))


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
        if value and all(len(b.plain) < 120 or not _textual(b) for b in body[index + 1:]):
            page.source = value
            tail = body[index + 1:] + tail
            body = body[:index]
            break
    for block in tail:
        if block.attachment:
            body.append(block)
            continue
        found = _date_line(block.plain) if block.plain else None
        if found and not dates:
            dates.append(found)
        elif block.plain:
            notes.drop("cuối trang", block.plain)
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


# --- page → file -------------------------------------------------------------------------------------------------

def load_documents(content: Path) -> dict[str, list[Document]]:
    """The documents of content/van-ban/ that validate, by number key (for `documents:`)."""
    loaded = load_content(content)
    documents = []
    for record in loaded.records:
        if record.kind == "document":
            item, _ = validate_document(record, None)
            if item is not None:
                documents.append(item)
    return index_by_key(documents)


def cited_documents(page: Page, day: date, by_key: dict[str, list[Document]], notes: Notes) -> list[str]:
    texts = [page.title, page.summary, *(b.plain for b in page.body)]
    labels = []
    for text in texts:
        for mention in find_document_numbers(text):
            target, candidates = resolve_mention(mention, by_key, day)
            canonical = mention.number.canonical
            if target is not None:
                several = len(by_key.get(mention.number.key, [])) > 1
                labels.append(f"{canonical}@{target.issued.year}" if several else canonical)
            elif candidates:
                years = ", ".join(str(d.issued.year) for d in candidates)
                notes.warn(f"văn bản {canonical} có nhiều bản (năm {years}), trang không ghi ngày ban hành: chưa "
                           f"đưa vào documents; thêm \"{canonical}@<năm>\" nếu cần")
            else:
                notes.warn(f"văn bản {canonical} được nhắc đến nhưng chưa có trong content/van-ban/: chưa đưa vào "
                           f"documents; tạo bằng `gazette new document \"{canonical}\" --issued YYYY-MM-DD`")
    return unique(labels)


def _same_title(a: str, b: str) -> bool:
    return " ".join(unicodedata.normalize("NFC", a).casefold().split()) == \
        " ".join(unicodedata.normalize("NFC", b).casefold().split())


def find_existing(folder: Path, slug: str, title: str, day: date) -> Path | None:
    """An article of that year with the same title and the same file name or date: the page is already in."""
    if not folder.is_dir():
        return None
    for path in sorted(folder.glob("*.md")):
        record, _ = load_file(path, path.name, "article", folder.name)
        if record is None or not _same_title(str(record.data.get("title", "")), title):
            continue
        if path.stem == slug or str(record.data.get("date", ""))[:10] == day.isoformat():
            return path
    return None


def render_article(page: Page, day: date, category: str, documents: list[str], draft: bool) -> str:
    values = {"title": page.title, "date": f"{day.isoformat()} {page.time}" if page.time else day,
              "category": category, "summary": page.summary, "source": page.source, "author": page.author,
              "documents": documents, "draft": draft}
    return front_matter(ARTICLE_FIELDS, values, comments=False, only_given=True) + "\n" + \
        body_markdown(page.body) + "\n"


def _self_check(path: Path, content: Path, taxonomies: Taxonomies | None,
                by_key: dict[str, list[Document]]) -> list[str]:
    """The problems `gazette check` would report for the new file (none expected)."""
    record, problems = load_file(path, path.as_posix(), "article", path.parent.name)
    messages = [p.format() for p in problems if p.severity != WARNING]
    if record is None:
        return messages
    article, problems = validate_article(record, taxonomies)
    messages += [p.format() for p in problems if p.severity != WARNING]
    for ref in (article.documents if article else ()):
        target, why = resolve(ref, by_key)
        if target is None:
            messages.append(why)
    return messages


def import_one(source: Path, options: Options, taxonomies: Taxonomies | None,
               by_key: dict[str, list[Document]], category: str, category_note: str) -> Report:
    shown = str(source)
    try:
        raw = source.read_bytes()
    except OSError as exc:
        return Report(shown, "lỗi", warnings=[f"không đọc được tệp: {exc.strerror or exc}"])
    page, error = read_page(raw, source.name)
    if page is None:
        return Report(shown, "lỗi", warnings=[error])
    notes = page.notes
    if options.day is not None:
        if page.day is not None and page.day != options.day:
            notes.warn(f"trang ghi ngày {page.day:%d/%m/%Y}, dùng ngày --date {options.day:%d/%m/%Y}")
        page.day, page.time = options.day, ""
    elif page.day is None:
        page.day = options.today
        notes.warn(f"trang không có ngày đăng: dùng ngày hôm nay {options.today.isoformat()}; sửa `date` "
                   "(và chuyển tệp sang thư mục năm đúng) nếu cần")
    elif page.day > options.today:
        notes.warn(f"ngày đăng {page.day:%d/%m/%Y} ở tương lai: bài sẽ chỉ hiện từ ngày đó")
    if category_note:
        notes.warn(category_note)
    draft = False
    for where, text in (("tiêu đề", page.title), ("sapo", page.summary), ("nguồn", page.source),
                        *(("nội dung", b.plain or b.markdown) for b in page.body)):
        for found in find_mojibake(text):
            notes.warn(f"{where}: `{found.sample}` có vẻ là chữ lỗi bảng mã ({found.kind}); hãy sửa theo bản gốc")
            draft = True
    if draft:
        notes.warn("bài được đặt draft: true vì có chữ lỗi bảng mã; đổi thành false sau khi sửa")
    documents = cited_documents(page, page.day, by_key, notes)
    slug = article_slug(page.title)
    folder = options.content / ARTICLES_DIR / str(page.day.year)
    existing = find_existing(folder, slug, page.title, page.day)
    if existing is not None:
        return Report(shown, "đã có", _shown(existing, options), [], notes.dropped)
    path = folder / f"{slug}.md"
    number = 2
    while path.exists():
        path = folder / f"{slug}-{number}.md"
        number += 1
    if path.stem != slug:
        notes.warn(f"đã có tệp {slug}.md với tiêu đề khác: bài này được ghi vào {path.name}")
    folder.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as handle:
        handle.write(render_article(page, page.day, category, documents, draft))
    problems = _self_check(path, options.content, taxonomies, by_key)
    if problems:
        path.unlink()
        return Report(shown, "lỗi", warnings=["tệp tạo ra không qua được kiểm tra nên đã bị xóa:", *problems],
                      dropped=notes.dropped)
    return Report(shown, "đã tạo", _shown(path, options), notes.warnings, notes.dropped)


def _shown(path: Path, options: Options) -> str:
    root = options.root or options.content.parent
    try:
        return path.resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return str(path)


def expand_inputs(paths: list[Path]) -> list[Path]:
    """Files as given; a folder stands for the .html/.htm/.txt files inside it, in name order."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in
                          HTML_SUFFIXES | {".txt", ".text"})
        else:
            out.append(path)
    return out


def import_files(paths: list[Path], options: Options) -> list[Report]:
    taxonomies = read_taxonomies(options.content)
    category, category_note = options.category, ""
    if category:
        category = check_key(category, taxonomies, "categories", "--category")
    else:
        keys = list(taxonomies.categories) if taxonomies else []
        if not keys:
            raise NewFileError("chưa có --category và content/taxonomies.yml không có chuyên mục nào")
        category = keys[0]
        category_note = (f"chưa chọn chuyên mục (--category): dùng `{category}`, chuyên mục đầu tiên của "
                         "content/taxonomies.yml; sửa `category` nếu không đúng")
    by_key = load_documents(options.content)
    return [import_one(path, options, taxonomies, by_key, category, category_note) for path in expand_inputs(paths)]


def format_report(reports: list[Report], verbose: bool = False) -> str:
    lines = []
    for report in reports:
        if report.status == "đã tạo":
            lines.append(f"{report.input}: đã tạo {report.path}")
        elif report.status == "đã có":
            lines.append(f"{report.input}: đã có {report.path} (cùng tiêu đề), không tạo thêm")
        else:
            lines.append(f"{report.input}: lỗi, không nhập")
        lines += [f"  - {w}" for w in report.warnings]
        if verbose:
            lines += [f"  · đã bỏ {d}" for d in report.dropped]
    return "\n".join(lines)


def summary_line(reports: list[Report]) -> str:
    created = sum(r.status == "đã tạo" for r in reports)
    existing = sum(r.status == "đã có" for r in reports)
    failed = sum(r.status == "lỗi" for r in reports)
    warned = sum(len(r.warnings) for r in reports if r.status == "đã tạo")
    return f"đã nhập {created} bài, {existing} bài đã có, {failed} lỗi; {warned} điều cần kiểm tra lại"
