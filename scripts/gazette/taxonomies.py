"""The controlled lists (content/taxonomies.yml): categories, issuers, fields and document types."""
from __future__ import annotations

from .docnum import TYPE_CODES
from .errors import Problem, did_you_mean
from .load import RawRecord
from .model import Issuer, Taxonomies
from .text import slugify
from .validate import SLUG


def validate_taxonomies(record: RawRecord | None) -> tuple[Taxonomies, list[Problem]]:
    if record is None:
        return Taxonomies({}, {}, {}, dict(TYPE_CODES)), []
    problems: list[Problem] = []

    def mapping(key: str, required: bool = True) -> dict:
        value = record.data.get(key)
        if value is None:
            if required:
                problems.append(Problem(record.path, None, key, f"thiếu danh mục `{key}`"))
            return {}
        if not isinstance(value, dict):
            problems.append(Problem(record.path, record.line(key), key, "phải là danh sách dạng `khóa: tên`"))
            return {}
        return value

    def names(key: str) -> dict[str, str]:
        out = {}
        for k, v in mapping(key).items():
            if not SLUG.fullmatch(str(k)) or not isinstance(v, str) or not v.strip():
                problems.append(Problem(record.path, record.line(key), key,
                                        f"`{k}: {v}`: khóa phải là chữ thường không dấu (ví dụ {slugify(str(k))}), "
                                        "tên là một đoạn chữ"))
            else:
                out[str(k)] = v.strip()
        return out

    issuers = {}
    for k, v in mapping("issuers").items():
        if not SLUG.fullmatch(str(k)) or not isinstance(v, dict) or not isinstance(v.get("name"), str) \
                or not isinstance(v.get("code", ""), str):
            problems.append(Problem(record.path, record.line("issuers"), "issuers",
                                    f"`{k}`: cần dạng `khóa: {{name: \"Tên cơ quan\", code: \"UBND\"}}`"))
        else:
            issuers[str(k)] = Issuer(str(k), v["name"].strip(), str(v.get("code", "")).strip())
    types = dict(TYPE_CODES)
    for code, name in mapping("document_types", required=False).items():
        types[str(code)] = str(name)
    for key in record.data:
        if key not in ("categories", "issuers", "fields", "document_types"):
            problems.append(Problem(record.path, record.line(key), key, f"danh mục `{key}` không được hỗ trợ"
                                    + did_you_mean(key, ["categories", "issuers", "fields", "document_types"])))
    return Taxonomies(names("categories"), issuers, names("fields"), types), problems
