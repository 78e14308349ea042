"""`gazette import`: pages saved from the old portal (plain text or HTML) → articles under content/tin-tuc/.

Each input goes: bytes → Page (importer_page: title, date, lead, body, source) → front matter + Markdown
body → a file that passes `gazette check`, or nothing. What could not be determined is said in the report,
never guessed silently; a page already imported (same title in that year) is not imported twice.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .corpus import resolve
from .docnum import find_document_numbers
from .errors import WARNING
from .fields import ARTICLE_FIELDS
from .importer_page import HTML_SUFFIXES, Page, body_markdown, read_page
from .importer_text import Notes, find_mojibake, unique
from .load import ARTICLES_DIR, load_content, load_file
from .model import Document, Taxonomies
from .newfile import NewFileError, article_slug, check_key, front_matter, read_taxonomies
from .validate import validate_article, validate_document
from .xref import index_by_key, resolve_mention

__all__ = ["Options", "Report", "import_files", "format_report", "summary_line", "read_page", "body_markdown"]


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
