"""Stage 1: files under content/ → raw records (front matter with line numbers, body), or problems.

Nothing here knows what a field means; `validate` does. This stage only guarantees that what it hands on
is NFC text with LF line ends, parsed YAML without silently lost keys, and a line number for every field.
"""
from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import ERROR, Problem

ARTICLES_DIR = "tin-tuc"
DOCUMENTS_DIR = "van-ban"
TAXONOMIES_FILE = "taxonomies.yml"
MAX_DEPTH = 20          # front matter is flat; anything deeper is a mistake or hostile input
_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")


@dataclass(frozen=True)
class RawRecord:
    path: str                       # relative to the project root, for messages
    kind: str                       # "article" or "document"
    folder_year: str                # the <year> folder the file sits in
    slug: str                       # file name without .md
    data: dict[str, Any]
    nodes: dict[str, yaml.Node]     # value node per top-level key: raw scalar text, item line numbers
    lines: dict[str, int]           # 1-based line of each top-level key
    body: str
    body_line: int                  # 1-based line where the body starts
    fm_line: int = 1                # line of the opening ---
    abs_path: str = ""              # where the file is on disk (attachments are resolved next to it)
    yaml_offset: int = 2            # file line of the first YAML line: node marks + this = file lines

    def line(self, key: str) -> int:
        return self.lines.get(key, self.fm_line)


@dataclass
class LoadResult:
    records: list[RawRecord] = field(default_factory=list)
    taxonomies: RawRecord | None = None
    assets: list[str] = field(default_factory=list)     # non-Markdown files, relative to content/
    problems: list[Problem] = field(default_factory=list)


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml: 5× faster parsing
    """SafeLoader that keeps dates as text and reports duplicate keys.

    Dates stay text so that an impossible date (2020-02-31) becomes a validation message for that field
    instead of a crash of the whole file, and so `2020-04-10 08:30` and `2020-04-10` are parsed alike.
    """

    duplicates: list[tuple[str, int, int]]

    def construct_mapping(self, node, deep=False):
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                continue
            line = key_node.start_mark.line
            if key in seen:
                self.duplicates.append((str(key), seen[key], line))
            else:
                seen[key] = line
        return super().construct_mapping(node, deep=deep)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_text(path: Path, rel: str) -> tuple[str | None, list[Problem]]:
    """File bytes → NFC text with LF line ends and no BOM; a non-UTF-8 file is a problem, not a crash."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(rel, None, None, f"không đọc được tệp: {exc.strerror}")]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(rel, line, None,
                              f"tệp không phải văn bản UTF-8 (byte 0x{raw[exc.start]:02x} ở vị trí {exc.start}); "
                              "hãy lưu lại tệp với bảng mã UTF-8")]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text), []


def split_front_matter(text: str, rel: str) -> tuple[str, str, int] | Problem:
    """Returns (front matter, body, body line) or the problem that prevents splitting."""
    if not text.strip():
        return Problem(rel, 1, None, "tệp rỗng: cần phần thông tin (front matter) giữa hai dòng `---` rồi nội dung")
    lines = text.split("\n")
    if not _FENCE.match(lines[0]) or lines[0].startswith("..."):
        return Problem(rel, 1, None,
                       "thiếu phần thông tin (front matter): dòng đầu tiên của tệp phải là `---`, "
                       "tiếp theo là các trường (title: …), rồi một dòng `---`")
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index]):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1:]), index + 2
    return Problem(rel, 1, None, "phần thông tin (front matter) chưa được đóng: thêm một dòng `---` sau trường cuối cùng")


_TAB_INDENT = re.compile(r"^[ \t]*\t", re.MULTILINE)   # a tab in a line's indentation


def parse_front_matter(fm: str, rel: str, offset: int = 1) -> tuple[dict, dict, dict, list[Problem]]:
    """YAML text → (data, value nodes, key lines, problems). `offset` is the file line of the first YAML line."""
    problems: list[Problem] = []
    for number, line in enumerate(fm.split("\n") if _TAB_INDENT.search(fm) else (), start=offset):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            problems.append(Problem(rel, number, None,
                                    "có ký tự tab ở đầu dòng: YAML chỉ cho phép thụt lề bằng dấu cách"))
    if problems:
        return {}, {}, {}, problems
    loader = None
    try:
        # Created inside the try: PyYAML rejects control characters (pasted from Word) right here.
        loader = _Loader(fm)
        loader.duplicates = []
        node = loader.get_single_node()
        if _depth(node) > MAX_DEPTH:
            raise RecursionError
        data = loader.construct_document(node) if node is not None else {}
    except yaml.MarkedYAMLError as exc:
        return {}, {}, {}, [_yaml_problem(exc, fm, rel, offset)]
    except yaml.reader.ReaderError as exc:
        line = fm.count("\n", 0, exc.position) + offset
        return {}, {}, {}, [Problem(rel, line, None, f"có ký tự điều khiển không được phép (mã {exc.character!r}), "
                                                     "thường do dán từ Word: hãy xóa rồi gõ lại đoạn đó")]
    except yaml.YAMLError as exc:
        return {}, {}, {}, [Problem(rel, offset, None, f"phần thông tin không đọc được: {exc}")]
    except RecursionError:
        return {}, {}, {}, [Problem(rel, offset, None, "phần thông tin lồng nhau quá sâu (ngoặc [ ] hoặc { } lồng "
                                                       "quá nhiều lớp); hãy viết giá trị đơn giản hơn")]
    finally:
        if loader is not None:
            loader.dispose()
    for key, first, second in loader.duplicates:
        problems.append(Problem(rel, second + offset, key,
                                f"trường `{key}` xuất hiện hai lần (dòng {first + offset} và {second + offset}); "
                                "chỉ giữ lại một"))
    if data is None:
        data = {}
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        problems.append(Problem(rel, offset, None,
                                "phần thông tin phải là danh sách các trường dạng `tên: giá trị`"))
        return {}, {}, {}, problems
    nodes: dict[str, yaml.Node] = {}
    lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        # The last occurrence wins, as in the parsed data, so messages point at the value actually used.
        key = str(key_node.value)
        nodes[key] = value_node
        lines[key] = key_node.start_mark.line + offset
    return {str(k): v for k, v in data.items()}, nodes, lines, problems


def _depth(node: yaml.Node | None) -> int:
    """Nesting depth of a composed YAML tree, without recursion (hostile input nests thousands deep)."""
    deepest, stack = 0, [(node, 1)] if node is not None else []
    while stack:
        current, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            break
        if isinstance(current, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in current.value)
        elif isinstance(current, yaml.MappingNode):
            stack.extend((child, depth + 1) for pair in current.value for child in pair)
    return deepest


def _yaml_problem(exc: yaml.MarkedYAMLError, fm: str, rel: str, offset: int) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    # libyaml may point just past the end of the front matter: keep the line inside it.
    line = min(mark.line + offset, offset + fm.count("\n")) if mark else offset
    text_line = fm.split("\n")[mark.line] if mark and mark.line < len(fm.split("\n")) else ""
    key = text_line.split(":", 1)[0].strip() if ":" in text_line else None
    problem = str(exc.problem or "")
    if "mapping values are not allowed" in problem and key:
        value = text_line.split(":", 1)[1].strip().replace("\\", "\\\\").replace('"', '\\"')
        return Problem(rel, line, key,
                       f"giá trị có dấu hai chấm `: ` nên phải đặt trong ngoặc kép: {key}: \"{value}\"")
    if "found character '\\t'" in problem:
        return Problem(rel, line, key, "có ký tự tab: YAML chỉ cho phép dấu cách")
    return Problem(rel, line, key, f"lỗi cú pháp YAML: {problem or exc}; hãy kiểm tra dấu ngoặc kép và thụt lề")


def load_file(path: Path, rel: str, kind: str, folder_year: str) -> tuple[RawRecord | None, list[Problem]]:
    text, problems = read_text(path, rel)
    if text is None:
        return None, problems
    split = split_front_matter(text, rel)
    if isinstance(split, Problem):
        return None, [split]
    fm, body, body_line = split
    data, nodes, lines, problems = parse_front_matter(fm, rel, offset=2)
    if any(p.severity == ERROR for p in problems) and not data:
        return None, problems
    return RawRecord(rel, kind, folder_year, path.stem, data, nodes, lines, body, body_line,
                     abs_path=os.path.abspath(path)), problems


def load_content(content_dir: Path, root: Path | None = None, load=load_file) -> LoadResult:
    """Walks content/ in sorted order (deterministic output) and loads every Markdown file (with `load`:
    load_file, or the preview's memory of it)."""
    root = root or content_dir.parent
    result = LoadResult()
    content_dir = Path(content_dir)
    if not content_dir.is_dir():
        result.problems.append(Problem(_rel(content_dir, root), None, None, "không tìm thấy thư mục nội dung"))
        return result
    taxonomies = content_dir / TAXONOMIES_FILE
    if taxonomies.is_file():
        rel = _rel(taxonomies, root)
        text, problems = read_text(taxonomies, rel)
        result.problems += problems
        if text is not None:
            data, nodes, lines, problems = parse_front_matter(text, rel, offset=1)
            result.problems += problems
            result.taxonomies = RawRecord(rel, "taxonomies", "", "taxonomies", data, nodes, lines, "", 0,
                                          yaml_offset=1)
    else:
        result.problems.append(Problem(_rel(taxonomies, root), None, None,
                                       "thiếu tệp danh mục (categories, issuers, fields)"))
    top = str(content_dir)
    # Paths as strings (pathlib parses every path it makes: a tenth of loading 12,000 files); rel is the
    # content folder's own rel plus the inner path, or per file when content/ is outside the root.
    content_rel = _relative(content_dir, root)
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames.sort()
        folder = dirpath[len(top):].lstrip(os.sep).replace(os.sep, "/")
        for name in sorted(filenames):
            inner = f"{folder}/{name}" if folder else name
            if inner == TAXONOMIES_FILE or name.startswith("."):
                continue
            path = Path(dirpath, name)
            rel = f"{content_rel}/{inner}" if content_rel not in (None, ".") else _rel(path, root)
            if os.path.islink(path) and not _inside(path, content_dir):
                result.problems.append(Problem(rel, None, None, "liên kết tượng trưng trỏ ra ngoài thư mục content/"))
                continue
            if not name.endswith(".md"):
                result.assets.append(inner)
                continue
            parts = inner.split("/")
            if len(parts) != 3 or parts[0] not in (ARTICLES_DIR, DOCUMENTS_DIR) or not re.fullmatch(r"\d{4}", parts[1]):
                result.problems.append(Problem(rel, None, None,
                                               "tệp đặt sai chỗ: tin bài đặt trong content/tin-tuc/<năm>/, "
                                               "văn bản đặt trong content/van-ban/<năm>/"))
                continue
            kind = "article" if parts[0] == ARTICLES_DIR else "document"
            record, problems = load(path, rel, kind, parts[1])
            result.problems += problems
            if record is not None:
                result.records.append(record)
    return result


def _rel(path: Path, root: Path) -> str:
    """The path relative to the root for messages; as given when it is outside the root."""
    return _relative(path, root) or Path(path).as_posix()


def _relative(path: Path, root: Path) -> str | None:
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        return None


def _inside(path: Path, folder: Path) -> bool:
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(folder))


__all__ = ["RawRecord", "LoadResult", "load_content", "load_file", "read_text", "split_front_matter",
           "parse_front_matter"]
