"""`gazette new`: a new article or document file holding every field of fields.py, ready to fill in.

The front-matter writer here (quoting, comments from the field descriptions) is shared with `gazette import`,
so a created file and an imported one look alike and both load with `load.py` exactly as written.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Iterable

from .docnum import DocumentNumberError, parse_document_number
from .errors import did_you_mean
from .fields import ARTICLE_FIELDS, DOCUMENT_FIELDS, FieldSpec
from .load import ARTICLES_DIR, DOCUMENTS_DIR, TAXONOMIES_FILE, RawRecord, parse_front_matter, read_text
from .model import Taxonomies
from .text import fold, slugify
from .taxonomies import validate_taxonomies

SLUG_MAX = 100          # characters; long Vietnamese titles would otherwise make unwieldy file names
# PyYAML reads only these characters, even inside quotes; everything else is written as an escape.
_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029\x85]")


class NewFileError(Exception):
    """A file cannot be created: `code` 1 when it already exists, 2 for a wrong argument."""

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Created:
    path: Path
    todo: tuple[str, ...]       # required fields still empty, as "name (description)"
    notes: tuple[str, ...] = ()


# --- YAML writing -----------------------------------------------------------------------------------

def yaml_quote(value: str) -> str:
    """A double-quoted YAML scalar that PyYAML (YAML 1.1) and YAML 1.2 tools read back as exactly `value`."""
    out = []
    for char in unicodedata.normalize("NFC", str(value)):
        if char in ('"', "\\"):
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif char == "\r":
            out.append("\\r")
        elif _PRINTABLE.match(char):
            code = ord(char)
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def yaml_value(spec: FieldSpec, value: Any) -> str:
    """How one field is written: strings quoted, dates bare, lists in flow style, empty optional values empty."""
    if spec.kind == "bool":
        return "true" if value else "false"
    if spec.kind in ("texts", "keys", "refs", "attachments"):
        items = [value] if isinstance(value, str) else list(value or [])
        return "[" + ", ".join(yaml_quote(item) for item in items) + "]"
    if spec.kind in ("date", "datetime"):
        if not value:
            return '""'
        text = value.isoformat() if isinstance(value, date) else str(value)
        return text if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else yaml_quote(text)
    return yaml_quote(value or "")


def front_matter(specs: Iterable[FieldSpec], values: dict[str, Any], *, comments: bool = True,
                 only_given: bool = False, taxonomies: Taxonomies | None = None, header: str = "") -> str:
    """`---` … `---` with one line per field; with `comments`, the field's description above it."""
    lines = ["---"]
    if header:
        lines.append(f"# {header}")
    for spec in specs:
        value = values.get(spec.name)
        if only_given and value in (None, "", [], (), False):
            continue
        if comments:
            lines.append("# " + _comment(spec, value, taxonomies))
        lines.append(f"{spec.name}: {yaml_value(spec, value)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def _comment(spec: FieldSpec, value: Any, taxonomies: Taxonomies | None) -> str:
    text = spec.description + (" (bắt buộc)" if spec.required else "")
    if spec.choices and not value and taxonomies is not None:
        keys = list(getattr(taxonomies, spec.choices))
        if keys:
            text += ": " + ", ".join(keys[:10]) + (" …" if len(keys) > 10 else "")
    return text.replace("\n", " ")


# --- shared helpers -----------------------------------------------------------------------------------

def read_taxonomies(content: Path) -> Taxonomies | None:
    """content/taxonomies.yml → Taxonomies, or None when the file is missing or unreadable."""
    path = Path(content) / TAXONOMIES_FILE
    if not path.is_file():
        return None
    text, problems = read_text(path, path.name)
    if text is None:
        return None
    data, nodes, lines, problems = parse_front_matter(text, path.name, offset=1)
    record = RawRecord(path.name, "taxonomies", "", "taxonomies", data, nodes, lines, "", 0, yaml_offset=1)
    taxonomies, _ = validate_taxonomies(record)
    return taxonomies


def article_slug(title: str) -> str:
    """File name (without .md) for a title: folded, hyphenated, cut at a word boundary."""
    slug = slugify(title)
    if len(slug) > SLUG_MAX:
        slug = slug[:SLUG_MAX + 1].rsplit("-", 1)[0] if "-" in slug[:SLUG_MAX + 1] else slug[:SLUG_MAX]
        slug = slug.strip("-")
    if slug == "trang" or slug.isdigit():      # these name archive pages (validate.py)
        slug = f"bai-{slug}"
    return slug


def check_key(value: str, taxonomies: Taxonomies | None, choices: str, option: str) -> str:
    """A taxonomy key given on the command line, or NewFileError(2) naming the valid keys."""
    value = value.strip()
    if taxonomies is None:
        raise NewFileError(f"không đọc được content/{TAXONOMIES_FILE} nên không kiểm tra được {option} `{value}`")
    keys = getattr(taxonomies, choices)
    if value not in keys:
        raise NewFileError(f"{option} `{value}` không có trong danh mục {choices} của content/{TAXONOMIES_FILE}"
                           + did_you_mean(value, keys))
    return value


def _write_new(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise _exists(path) from None


def _exists(path: Path) -> NewFileError:
    # content/<section>/<year>/<name>.md, as editors see it in the project
    shown = "/".join(path.parts[-4:])
    return NewFileError(f"tệp {shown} đã có; không ghi đè. Hãy mở tệp đó để sửa, hoặc đặt tiêu đề/số khác.", 1)


def _todo(specs: Iterable[FieldSpec], values: dict[str, Any]) -> tuple[str, ...]:
    return tuple(f"{s.name} ({s.description})" for s in specs if s.required and not values.get(s.name))


# --- the two commands --------------------------------------------------------------------------------

def new_article(content: Path, title: str, *, when: date, category: str | None = None,
                taxonomies: Taxonomies | None = None) -> Created:
    title = " ".join(unicodedata.normalize("NFC", title).split())
    slug = article_slug(title)
    if not slug:
        raise NewFileError(f"tiêu đề `{title}` không có chữ hay số nào để đặt tên tệp; hãy ghi tiêu đề bài viết")
    if category:
        category = check_key(category, taxonomies, "categories", "--category")
    path = Path(content) / ARTICLES_DIR / str(when.year) / f"{slug}.md"
    if path.exists():
        raise _exists(path)
    values: dict[str, Any] = {"title": title, "date": when, "category": category or "", "draft": True}
    text = front_matter(ARTICLE_FIELDS, values, taxonomies=taxonomies,
                        header="Tạo bằng `gazette new article`. Điền các trường, viết nội dung dưới dòng --- "
                               "cuối, rồi chạy `gazette check`.")
    _write_new(path, text + "\n")
    return Created(path, _todo(ARTICLE_FIELDS, values),
                   ("bài đang là bản nháp (draft: true): đổi thành draft: false khi muốn đăng",))


def new_document(content: Path, number_text: str, *, issued: date, issuer: str | None = None,
                 type_name: str | None = None, taxonomies: Taxonomies | None = None) -> Created:
    try:
        number = parse_document_number(number_text)
    except DocumentNumberError:
        raise NewFileError(f"`{number_text}` không phải số ký hiệu văn bản; ví dụ: 754/QĐ-UBND, 30/2020/NĐ-CP, "
                           "123/UBND-KT, 11-CT/TU") from None
    notes = []
    types = dict(taxonomies.document_types) if taxonomies else {}
    expected = (types.get(number.type_code) or number.type_name) if number.type_code else number.type_name
    if type_name:
        type_name = " ".join(unicodedata.normalize("NFC", type_name).split())
        if expected and fold(expected) != fold(type_name):
            raise NewFileError(f"--type `{type_name}` không khớp số ký hiệu {number.canonical} "
                               f"(mã {number.type_code or 'công văn'} là `{expected}`)")
    else:
        type_name = expected or ""
    if issuer:
        issuer = check_key(issuer, taxonomies, "issuers", "--issuer")
    elif taxonomies is not None:
        codes = {fold(number.issuer)}
        matches = [key for key, item in taxonomies.issuers.items() if item.code and fold(item.code) in codes]
        if len(matches) == 1:
            issuer = matches[0]
            notes.append(f"cơ quan ban hành lấy theo mã {number.issuer} trong số ký hiệu: {issuer}; "
                         "sửa issuer nếu không đúng")
    if number.year is not None and number.year != issued.year:
        notes.append(f"năm trong số ký hiệu ({number.year}) khác năm ban hành ({issued.year}); kiểm tra lại --issued")
    path = Path(content) / DOCUMENTS_DIR / str(issued.year) / f"{number.slug}.md"
    if path.exists():
        raise _exists(path)
    others = sorted(p.parent.name for p in (Path(content) / DOCUMENTS_DIR).glob(f"*/{number.slug}.md"))
    if others and number.year is None:
        notes.append(f"số {number.canonical} đã có ở năm {', '.join(others)}: từ nay bài viết và văn bản nhắc đến "
                     f"số này phải ghi rõ năm, ví dụ \"{number.canonical}@{issued.year}\"")
    values: dict[str, Any] = {"number": number.canonical, "type": type_name, "title": "", "issuer": issuer or "",
                              "issued": issued, "draft": True}
    text = front_matter(DOCUMENT_FIELDS, values, taxonomies=taxonomies,
                        header="Tạo bằng `gazette new document`. Điền các trường, ghi nội dung tóm tắt dưới dòng "
                               "--- cuối, rồi chạy `gazette check`.")
    _write_new(path, text + "\n")
    notes.append("văn bản đang là bản nháp (draft: true): đổi thành draft: false khi muốn đăng")
    return Created(path, _todo(DOCUMENT_FIELDS, values), tuple(notes))
