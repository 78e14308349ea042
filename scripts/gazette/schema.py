"""JSON Schemas of article and document front matter, generated from fields.py (the validator's own table).

`gazette schema --out schemas/` writes schemas/article.schema.json and schemas/document.schema.json; the
category, issuer and field lists come from content/taxonomies.yml at generation time, so regenerate after
changing it (`gazette schema --check` fails while the committed files are stale).

The schemas accept what validate.py accepts where JSON Schema can say it (a text may be a number, a list
may be a single value, an optional field may be left empty as the `gazette new` templates leave it) and
nothing that validate.py rejects for its shape. Draft-07: the dialect editors' YAML tooling supports best.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .docnum import TYPE_CODES
from .fields import FIELDS_BY_KIND, FieldSpec
from .model import STATUSES, Taxonomies

DIALECT = "http://json-schema.org/draft-07/schema#"
FILES = {"article": "article.schema.json", "document": "document.schema.json"}
TITLES = {
    "article": ("Tin bài: phần thông tin (front matter)",
                "Phần giữa hai dòng --- ở đầu tệp content/tin-tuc/<năm>/<ten-khong-dau>.md."),
    "document": ("Văn bản: phần thông tin (front matter)",
                 "Phần giữa hai dòng --- ở đầu tệp content/van-ban/<năm>/<so-ky-hieu>.md."),
}
GENERATED = ("Sinh tự động bằng `gazette schema` từ scripts/gazette/fields.py và content/taxonomies.yml; "
             "đừng sửa tay.")
# Loose on purpose: docnum.parse_document_number is the judge; this catches "không số", dates and typos.
REF_PATTERN = r"^\s*[0-9]{1,6}[A-Za-z]?\s*[-/\u2010\u2011\u2013].*?[^\s@](\s*@\s*[0-9]{4})?\s*$"
DATE_PATTERN = r"^\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\s*$"
DATETIME_PATTERN = r"^\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([ T][0-9]{1,2}:[0-9]{2}(:[0-9]{2})?)?\s*$"
FILE_PATTERN = r"^(?![/\\])(?![A-Za-z]:)(?!(?:.*/)?\.\.(?:/|$))[^\\]*[^\s\\][^\\]*$"
_EMPTY = [{"type": "null"}, {"const": ""}]


def _one_or_many(item: dict[str, Any]) -> dict[str, Any]:
    # validate._texts: a single value is read as a one-item list.
    return {"anyOf": [{"type": "array", "items": item}, item]}


def _choices(spec: FieldSpec, taxonomies: Taxonomies | None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string"}
    values = getattr(taxonomies, spec.choices, None) if taxonomies is not None else None
    if values:
        keys = list(values)
        schema["enum"] = keys
        # Not a JSON Schema keyword: editors (VS Code's JSON and YAML language servers) show it in completions.
        schema["enumDescriptions"] = [
            f"{values[k].name} ({values[k].code})" if hasattr(values[k], "code") else str(values[k]) for k in keys]
    elif spec.required:
        schema["pattern"] = r"\S"
    return schema


def field_schema(spec: FieldSpec, taxonomies: Taxonomies | None) -> dict[str, Any]:
    kind = spec.kind
    text: dict[str, Any] = {"type": ["string", "number"]}
    if kind == "text":
        schema = dict(text, pattern=r"\S") if spec.required else text
    elif kind == "date":
        schema = {"type": "string", "pattern": DATE_PATTERN, "examples": ["2020-03-31"]}
    elif kind == "datetime":
        schema = {"type": "string", "pattern": DATETIME_PATTERN, "examples": ["2020-04-10", "2020-04-10 08:30"]}
    elif kind == "bool":
        schema = {"type": "boolean", "default": False}
    elif kind == "texts":
        schema = _one_or_many(text)
    elif kind == "key":
        schema = _choices(spec, taxonomies)
    elif kind == "keys":
        schema = _one_or_many(_choices(spec, taxonomies))
    elif kind == "refs":
        schema = _one_or_many({"type": "string", "pattern": REF_PATTERN,
                               "examples": ["754/QĐ-UBND", "754/QĐ-UBND@2020", "30/2020/NĐ-CP"]})
    elif kind == "attachments":
        item = {"anyOf": [
            {"type": "string", "pattern": r"\S"},
            {"type": "object", "required": ["file"], "additionalProperties": False,
             "properties": {"file": {"type": "string", "pattern": r"\S", "description": "Tên tệp đặt cạnh văn bản"},
                            "title": {"type": ["string", "number"], "description": "Tên hiển thị của tệp"}}}]}
        schema = _one_or_many(item)
    elif kind == "file":
        # validate._local_file: a name next to the content file, never absolute, never `..`, no backslash
        schema = {"type": "string", "pattern": FILE_PATTERN}
    elif kind == "status":
        schema = {"type": "string", "enum": list(STATUSES)}
    else:  # pragma: no cover - a new kind in fields.py must be described here too
        raise ValueError(f"no JSON Schema for field kind {kind!r}")
    if not spec.required and kind not in ("bool",):
        schema = {"anyOf": [schema, *_EMPTY]} if "anyOf" not in schema else {"anyOf": [*schema["anyOf"], *_EMPTY]}
    if spec.name == "type" and kind == "text":
        names = dict(TYPE_CODES)
        if taxonomies is not None:
            names.update(taxonomies.document_types)
        schema["examples"] = sorted(set(names.values()) | {"Công văn", "Luật"})
    return {"description": spec.description, **schema}


def build_schema(kind: str, taxonomies: Taxonomies | None) -> dict[str, Any]:
    specs = FIELDS_BY_KIND[kind]
    title, description = TITLES[kind]
    return {
        "$schema": DIALECT,
        "title": title,
        "description": f"{description} {GENERATED}",
        "type": "object",
        "required": [s.name for s in specs if s.required],
        "additionalProperties": False,
        "properties": {s.name: field_schema(s, taxonomies) for s in specs},
    }


def render(schema: dict[str, Any]) -> str:
    """Deterministic text: the committed files are compared byte for byte."""
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def generate(taxonomies: Taxonomies | None) -> dict[str, str]:
    """File name → file text, for both kinds."""
    return {FILES[kind]: render(build_schema(kind, taxonomies)) for kind in FILES}


def write_schemas(out_dir: Path, taxonomies: Taxonomies | None) -> list[Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in generate(taxonomies).items():
        path = out_dir / name
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written


def stale_schemas(out_dir: Path, taxonomies: Taxonomies | None) -> list[Path]:
    """Files under out_dir that differ from what `gazette schema` would write now."""
    stale = []
    for name, text in generate(taxonomies).items():
        path = Path(out_dir) / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(path)
    return stale
