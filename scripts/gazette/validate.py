"""Stage 2: raw records → Article / Document / Taxonomies, or every problem found, each with file and line."""
from __future__ import annotations

import os
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from .docnum import TYPE_CODES, DocumentNumberError, parse_document_number
from .errors import WARNING, Problem, did_you_mean
from .fields import FIELDS_BY_KIND, FieldSpec
from .load import RawRecord
from .model import RELATIONS, STATUSES, Article, Attachment, Document, Reference, Taxonomies
from .text import TIMEZONE, fold, slugify

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_ISO_DATETIME = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?")
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_MISSING = object()
MAX_TAGS = 20


class _Checker:
    """Reads typed values out of one record, collecting problems instead of stopping at the first."""

    def __init__(self, record: RawRecord, taxonomies: Taxonomies | None):
        self.record = record
        self.taxonomies = taxonomies
        self.problems: list[Problem] = []

    def error(self, key: str | None, message: str, line: int | None = None, severity: str = "error") -> None:
        line = line if line is not None else (self.record.line(key) if key else self.record.fm_line)
        self.problems.append(Problem(self.record.path, line, key, message, severity))

    def value(self, spec: FieldSpec) -> Any:
        raw = self.record.data.get(spec.name, _MISSING)
        if raw is _MISSING or raw is None or raw == "" or raw == []:
            if spec.required:
                where = "trống" if raw is not _MISSING else "bị thiếu"
                self.error(spec.name, f"trường bắt buộc `{spec.name}` {where} ({spec.description})")
            return None
        return getattr(self, "_" + spec.kind)(spec, raw)

    def _text(self, spec: FieldSpec, raw: Any) -> str | None:
        if isinstance(raw, bool):
            node = self.record.nodes.get(spec.name)
            written = node.value if isinstance(node, yaml.ScalarNode) else str(raw).lower()
            self.error(spec.name, f"`{written}` được hiểu là đúng/sai (true/false), không phải chữ; nếu muốn ghi "
                                  f"chữ, hãy đặt trong ngoặc kép: {spec.name}: \"{written}\"")
            return None
        if isinstance(raw, (int, float)):
            # YAML 1.1 turns 8:30 into 510 and 010 into 8: the text as written is what the editor meant.
            node = self.record.nodes.get(spec.name)
            return node.value if isinstance(node, yaml.ScalarNode) else str(raw)
        if not isinstance(raw, str):
            self.error(spec.name, f"phải là một đoạn chữ, không phải {_kind_of(raw)}")
            return None
        return raw.strip()

    def _status(self, spec: FieldSpec, raw: Any) -> str | None:
        text = self._text(spec, raw)
        if text is None:
            return None
        for status in STATUSES:
            if fold(status) == fold(text):
                return status
        self.error(spec.name, f"tình trạng `{text}` không hợp lệ" + did_you_mean(text, STATUSES))
        return None

    def _date(self, spec: FieldSpec, raw: Any) -> date | None:
        result = self._datetime(spec, raw, allow_time=False)
        return result.date() if result else None

    def _datetime(self, spec: FieldSpec, raw: Any, allow_time: bool = True) -> datetime | None:
        text = str(raw).strip()
        example = "2020-03-31" + (" hoặc \"2020-03-31 08:30\"" if allow_time else "")
        match = _ISO_DATETIME.fullmatch(text) if allow_time else None
        match = match or _ISO_DATE.fullmatch(text)
        if not match:
            self.error(spec.name, f"ngày `{text}` không đúng dạng: cần YYYY-MM-DD, ví dụ {example}{_date_hint(text)}")
            return None
        parts = [int(p) if p else 0 for p in match.groups()] + [0, 0, 0]
        year, month, day, hour, minute, second = parts[:6]
        try:
            date(year, month, day)
        except ValueError:
            self.error(spec.name, f"ngày `{text}` không tồn tại (ngày {day} tháng {month} năm {year}); "
                                  f"cần một ngày có thật dạng YYYY-MM-DD")
            return None
        if hour > 23 or minute > 59 or second > 59:
            self.error(spec.name, f"giờ trong `{text}` không hợp lệ: giờ từ 00:00 đến 23:59, ví dụ \"2020-03-31 08:30\"")
            return None
        return datetime(year, month, day, hour, minute, second, tzinfo=TIMEZONE)

    def _bool(self, spec: FieldSpec, raw: Any) -> bool | None:
        if isinstance(raw, bool):
            return raw
        self.error(spec.name, f"`{raw}` không hợp lệ: cần true hoặc false")
        return None

    def _texts(self, spec: FieldSpec, raw: Any) -> tuple[str, ...] | None:
        items = [raw] if isinstance(raw, (str, int, float)) and not isinstance(raw, bool) else raw
        if not isinstance(items, list):
            self.error(spec.name, f"phải là một danh sách, ví dụ {spec.name}: [\"…\", \"…\"]")
            return None
        out = []
        for index, item in enumerate(items):
            if isinstance(item, bool) or not isinstance(item, (str, int, float)):
                self.error(spec.name, f"mục thứ {index + 1} (`{item}`) phải là chữ; hãy đặt trong ngoặc kép",
                           self._item_line(spec.name, index))
            elif str(item).strip():
                out.append(str(item).strip())
        return tuple(out)

    def _key(self, spec: FieldSpec, raw: Any) -> str | None:
        choices = getattr(self.taxonomies, spec.choices, None) if self.taxonomies else None
        text = self._text(spec, raw)
        if text is None or choices is None:
            return text
        if text not in choices:
            self.error(spec.name, f"`{text}` không có trong danh mục {spec.choices} của content/taxonomies.yml"
                       + did_you_mean(text, choices))
            return None
        return text

    def _keys(self, spec: FieldSpec, raw: Any) -> tuple[str, ...] | None:
        items = self._texts(spec, raw)
        if items is None:
            return None
        choices = getattr(self.taxonomies, spec.choices, None) if self.taxonomies else None
        for index, item in enumerate(items):
            if choices is not None and item not in choices:
                self.error(spec.name, f"`{item}` không có trong danh mục {spec.choices} của content/taxonomies.yml"
                           + did_you_mean(item, choices), self._item_line(spec.name, index))
        return tuple(i for i in items if choices is None or i in choices)

    def _refs(self, spec: FieldSpec, raw: Any) -> tuple[Reference, ...] | None:
        items = self._texts(spec, raw)
        if items is None:
            return None
        refs = []
        for index, item in enumerate(items):
            line = self._item_line(spec.name, index)
            number_text, _, year_text = item.partition("@")
            year = None
            if year_text:
                if not re.fullmatch(r"\d{4}", year_text.strip()):
                    self.error(spec.name, f"`{item}`: sau @ phải là năm ban hành 4 chữ số, ví dụ 754/QĐ-UBND@2020", line)
                    continue
                year = int(year_text)
            try:
                number = parse_document_number(number_text)
            except DocumentNumberError:
                self.error(spec.name, f"`{item}` không phải số ký hiệu văn bản (ví dụ 754/QĐ-UBND, "
                                      "30/2020/NĐ-CP, 754/QĐ-UBND@2020)", line)
                continue
            refs.append(Reference(number, year, item, line))
        return tuple(refs)

    def _local_file(self, key: str, name: str, line: int) -> Path | None:
        """A file next to the content file, never outside content/ (no `..`, absolute paths or symlinks out)."""
        folder = Path(self.record.abs_path).parent
        if name.startswith(("/", "\\")) or re.match(r"^[a-zA-Z]:", name) or ".." in Path(name).parts or "\\" in name:
            self.error(key, f"`{name}`: tệp phải nằm cạnh tệp {Path(self.record.path).name} (không dùng `..` "
                            "hay đường dẫn tuyệt đối)", line)
            return None
        path = folder / name
        try:
            exists = path.is_file()
        except OSError:      # e.g. a name longer than the file system allows
            exists = False
        if not exists:
            self.error(key, f"không tìm thấy tệp `{name}` cạnh tệp {Path(self.record.path).name}", line)
            return None
        if not Path(os.path.realpath(path)).is_relative_to(os.path.realpath(folder.parents[1])):
            self.error(key, f"`{name}` trỏ ra ngoài thư mục content/", line)
            return None
        return path

    def _file(self, spec: FieldSpec, raw: Any) -> str | None:
        name = self._text(spec, raw)
        path = self._local_file(spec.name, name, self.record.line(spec.name)) if name else None
        return path.relative_to(Path(self.record.abs_path).parents[2]).as_posix() if path else None

    def _attachments(self, spec: FieldSpec, raw: Any) -> tuple[Attachment, ...] | None:
        items = raw if isinstance(raw, list) else [raw]
        content_root = Path(self.record.abs_path).parents[2]
        out = []
        for index, item in enumerate(items):
            line = self._item_line(spec.name, index)
            name, title = (item.get("file"), item.get("title")) if isinstance(item, dict) else (item, None)
            if not isinstance(name, str) or not name.strip():
                self.error(spec.name, f"mục thứ {index + 1}: cần tên tệp, ví dụ - file: \"754-qd-ubnd.pdf\"", line)
                continue
            path = self._local_file(spec.name, name.strip(), line)
            if path is not None:
                kind = path.suffix.lstrip(".").upper() or "TỆP"
                out.append(Attachment(path.relative_to(content_root).as_posix(),
                                      str(title).strip() if title else name.strip(), path.stat().st_size, kind))
        return tuple(out)

    def _item_line(self, key: str, index: int) -> int:
        node = self.record.nodes.get(key)
        if isinstance(node, yaml.SequenceNode) and index < len(node.value):
            return node.value[index].start_mark.line + self.record.yaml_offset
        return self.record.line(key)

    def fields(self) -> dict[str, Any]:
        specs = FIELDS_BY_KIND[self.record.kind]
        known = {s.name for s in specs}
        for key in self.record.data:
            if key not in known:
                self.error(key, f"trường `{key}` không được hỗ trợ" + did_you_mean(key, known))
        return {spec.name: self.value(spec) for spec in specs}

    def aliases(self, values: tuple[str, ...] | None) -> tuple[str, ...]:
        """Old addresses as site paths: a full URL of the old portal is cut to its path (and query)."""
        out = []
        for index, value in enumerate(values or ()):
            path = re.sub(r"^https?://[^/?#]+", "", value)
            path = path if path.startswith("/") else "/" + path
            if re.search(r"[\s\"'<>\\`{}|^]", path):
                self.error("aliases", f"`{value}` không phải địa chỉ cũ hợp lệ: cần dạng /duong-dan/cu.html hoặc "
                                      "/index.php?id=123 (không có dấu cách, ngoặc kép, < >)",
                           self._item_line("aliases", index))
            else:
                out.append(path)
        return tuple(out)

    def tags(self, values: tuple[str, ...] | None) -> tuple[str, ...]:
        if len(values or ()) > MAX_TAGS:
            self.error("tags", f"{len(values)} từ khóa: mỗi từ khóa tạo một trang, hãy giữ tối đa {MAX_TAGS} "
                               "từ khóa tiêu biểu cho bài", severity=WARNING)
        for index, tag in enumerate(values or ()):
            if not slugify(tag):
                self.error("tags", f"từ khóa `{tag}` phải có ít nhất một chữ cái hoặc chữ số",
                           self._item_line("tags", index))
        return tuple(values or ())

    def slug(self) -> str:
        slug = self.record.slug
        if not SLUG.fullmatch(slug):
            self.error(None, f"tên tệp `{slug}.md` phải là chữ thường không dấu, nối bằng gạch ngang, "
                             f"ví dụ `{slugify(slug) or 'ten-bai-viet'}.md`")
        return slug

    def year(self, key: str, value: date | None) -> None:
        if value is not None and str(value.year) != self.record.folder_year:
            self.error(key, f"năm {value.year} không khớp thư mục năm {self.record.folder_year}: chuyển tệp sang "
                            f"thư mục {value.year}/ hoặc sửa ngày")


def validate_article(record: RawRecord, taxonomies: Taxonomies | None) -> tuple[Article | None, list[Problem]]:
    check = _Checker(record, taxonomies)
    f = check.fields()
    slug = check.slug()
    if slug == "trang" or slug.isdigit():
        # /tin-tuc/<year>/<MM>/ and /tin-tuc/<year>/trang/<n>/ are archive pages
        check.error(None, f"tên tệp `{slug}.md` trùng với địa chỉ trang lưu trữ; hãy đặt tên theo tiêu đề bài")
    check.year("date", f["date"])
    tags, aliases = check.tags(f["tags"]), check.aliases(f["aliases"])
    if any(p.severity != WARNING for p in check.problems):
        return None, check.problems
    node = record.nodes.get("date")
    has_time = bool(node is not None and re.search(r"\d:\d", str(node.value)))
    article = Article(
        path=record.path, slug=slug, year=f["date"].year, title=f["title"], date=f["date"], has_time=has_time,
        category=f["category"], tags=tags, summary=f["summary"] or first_paragraph(record.body),
        source=f["source"] or "", author=f["author"] or "", image=f["image"] or "", draft=bool(f["draft"]),
        documents=f["documents"] or (), aliases=aliases, body=record.body, body_line=record.body_line,
        has_summary=bool(f["summary"]))
    return article, check.problems


def validate_document(record: RawRecord, taxonomies: Taxonomies | None) -> tuple[Document | None, list[Problem]]:
    check = _Checker(record, taxonomies)
    f = check.fields()
    slug = check.slug()
    check.year("issued", f["issued"])
    number = None
    if f["number"] is not None:
        try:
            number = parse_document_number(f["number"])
        except DocumentNumberError:
            check.error("number", f"`{f['number']}` không phải số ký hiệu văn bản hợp lệ; ví dụ: 754/QĐ-UBND, "
                                  "30/2020/NĐ-CP, 123/UBND-KT, 11-CT/TU")
    types = dict(taxonomies.document_types) if taxonomies else dict(TYPE_CODES)
    if number is not None and f["type"] is not None:
        expected = types.get(number.type_code) if number.type_code else number.type_name
        if expected and fold(expected) != fold(f["type"]):
            check.error("type", f"loại `{f['type']}` không khớp số ký hiệu {number.canonical} "
                                f"(mã {number.type_code or 'công văn'} là `{expected}`)")
        if slug != number.slug and SLUG.fullmatch(slug):
            check.error(None, f"tên tệp nên là `{number.slug}.md` (theo số ký hiệu {number.canonical})",
                        severity=WARNING)
    if number is not None and f["issuer"] and taxonomies and f["issuer"] in taxonomies.issuers:
        code = fold(taxonomies.issuers[f["issuer"]].code)
        if code and code not in {fold(part) for part in (number.issuer, *number.units)}:
            check.error("issuer", f"mã cơ quan `{taxonomies.issuers[f['issuer']].code}` của `{f['issuer']}` "
                                  f"không có trong số ký hiệu {number.canonical}", severity=WARNING)
    aliases = check.aliases(f["aliases"])
    if any(p.severity != WARNING for p in check.problems):
        return None, check.problems
    relations = tuple((key, f[key]) for key in RELATIONS if f[key])
    document = Document(
        path=record.path, slug=slug, year=f["issued"].year, number=number, type=f["type"], title=f["title"],
        issuer=f["issuer"], issued=f["issued"], signer=f["signer"] or "", signer_title=f["signer_title"] or "",
        effective=f["effective"], expires=f["expires"], status=f["status"] or "", fields=f["fields"] or (),
        attachments=f["attachments"] or (), relations=relations, draft=bool(f["draft"]),
        aliases=aliases, body=record.body, body_line=record.body_line)
    return document, check.problems


def _date_hint(text: str) -> str:
    """How a date written another way looks in YYYY-MM-DD, when it is a real date."""
    dmy = _DMY.fullmatch(text)
    ymd = re.fullmatch(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})", text)
    year, month, day = (int(dmy[3]), int(dmy[2]), int(dmy[1])) if dmy else \
        (int(ymd[1]), int(ymd[2]), int(ymd[3])) if ymd else (0, 0, 0)
    try:
        return f" (`{text}` viết lại là {date(year, month, day).isoformat()})" if year else ""
    except ValueError:
        return f" (ngày {day} tháng {month} năm {year} không tồn tại)"


def first_paragraph(markdown: str) -> str:
    """The lead when none is given: the first paragraph of prose, as plain text."""
    for block in re.split(r"\n\s*\n", markdown.strip()):
        block = block.strip()
        if block and not block.startswith(("#", "!", "|", "<", "```", "- ", "* ", ">")):
            text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", block)
            text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
            return _shorten(re.sub(r"\s+", " ", re.sub(r"[*_`]", "", text)).strip())
    return ""


def _shorten(text: str, limit: int = 300) -> str:
    """A lead taken from the body goes into descriptions, feeds and listings: keep it to a few lines."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "…"


def _kind_of(value: Any) -> str:
    return "một danh sách" if isinstance(value, list) else "một nhóm trường" if isinstance(value, dict) else type(value).__name__
