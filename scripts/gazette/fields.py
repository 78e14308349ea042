"""The editors' contract: every front-matter field, its kind and its Vietnamese description.

One table serves the validator, `gazette new` templates and the JSON Schemas, so they cannot drift apart.
"""
from __future__ import annotations

from dataclasses import dataclass

from .model import RELATIONS, STATUSES


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str               # text | date | datetime | bool | texts | key | keys | refs | attachments | status | file
    required: bool
    description: str        # shown to editors (schemas, templates)
    choices: str = ""       # taxonomy the value must be a key of: categories | issuers | fields


ARTICLE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("title", "text", True, "Tiêu đề bài viết"),
    FieldSpec("date", "datetime", True, "Ngày đăng: YYYY-MM-DD hoặc \"YYYY-MM-DD HH:MM\" (giờ Việt Nam); năm phải trùng thư mục"),
    FieldSpec("category", "key", True, "Chuyên mục: một khóa trong categories của content/taxonomies.yml", "categories"),
    FieldSpec("tags", "texts", False, "Các từ khóa (thẻ) của bài"),
    FieldSpec("summary", "text", False, "Sapo (đoạn dẫn); bỏ trống thì lấy đoạn văn đầu tiên"),
    FieldSpec("source", "text", False, "Nguồn tin, hiển thị \"Theo tin …\""),
    FieldSpec("author", "text", False, "Tác giả"),
    FieldSpec("image", "file", False, "Ảnh đại diện: tên tệp ảnh đặt cạnh bài viết"),
    FieldSpec("draft", "bool", False, "true: bản nháp, không đăng"),
    FieldSpec("documents", "refs", False, "Số ký hiệu các văn bản liên quan, ví dụ \"754/QĐ-UBND\" hoặc \"754/QĐ-UBND@2020\""),
    FieldSpec("aliases", "texts", False, "Địa chỉ cũ của bài (chuyển hướng về trang mới)"),
)

DOCUMENT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("number", "text", True, "Số, ký hiệu văn bản, ví dụ \"754/QĐ-UBND\""),
    FieldSpec("type", "text", True, "Loại văn bản, ví dụ \"Quyết định\"; phải khớp mã loại trong số ký hiệu"),
    FieldSpec("title", "text", True, "Trích yếu nội dung"),
    FieldSpec("issuer", "key", True, "Cơ quan ban hành: một khóa trong issuers của content/taxonomies.yml", "issuers"),
    FieldSpec("issued", "date", True, "Ngày ban hành YYYY-MM-DD; năm phải trùng thư mục"),
    FieldSpec("signer", "text", False, "Người ký"),
    FieldSpec("signer_title", "text", False, "Chức danh người ký"),
    FieldSpec("effective", "date", False, "Ngày có hiệu lực YYYY-MM-DD"),
    FieldSpec("expires", "date", False, "Ngày hết hiệu lực YYYY-MM-DD"),
    FieldSpec("status", "status", False, "Tình trạng hiệu lực (chỉ ghi khi muốn ghi đè): " + ", ".join(STATUSES)),
    FieldSpec("fields", "keys", False, "Lĩnh vực: các khóa trong fields của content/taxonomies.yml", "fields"),
    FieldSpec("attachments", "attachments", False, "Tệp đính kèm đặt cạnh văn bản: tên tệp, hoặc {file: …, title: …}"),
    FieldSpec("draft", "bool", False, "true: bản nháp, không đăng"),
    FieldSpec("aliases", "texts", False, "Địa chỉ cũ của trang (chuyển hướng về trang mới)"),
) + tuple(
    FieldSpec(key, "refs", False, f"{wording}: số ký hiệu các văn bản (\"số/ký hiệu\" hoặc \"số/ký hiệu@năm\")")
    for key, (wording, _) in RELATIONS.items()
)

FIELDS_BY_KIND = {"article": ARTICLE_FIELDS, "document": DOCUMENT_FIELDS}
