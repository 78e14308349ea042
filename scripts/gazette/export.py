"""Open data: the document registry as CSV and JSON (with a JSON Schema), the news index, the statistics.

One table of exported fields drives the CSV header, the JSON records, the schema and the /du-lieu/ page.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from .model import Corpus, Document
from .stats import compute_statistics, statistics_years
from .status import current_status


@dataclass(frozen=True)
class ExportField:
    name: str
    description: str        # Vietnamese, shown on /du-lieu/ and in the schema
    type: str               # JSON Schema type: string | array | integer
    format: str = ""        # "date" for ISO dates, "uri" for links


DOCUMENT_FIELDS = (
    ExportField("so_ky_hieu", "Số, ký hiệu văn bản (dạng chuẩn), ví dụ 754/QĐ-UBND", "string"),
    ExportField("loai_van_ban", "Loại văn bản, ví dụ Quyết định", "string"),
    ExportField("trich_yeu", "Trích yếu nội dung", "string"),
    ExportField("co_quan_ban_hanh", "Tên cơ quan ban hành", "string"),
    ExportField("ma_co_quan", "Mã cơ quan ban hành dùng trong trang này", "string"),
    ExportField("ngay_ban_hanh", "Ngày ban hành (YYYY-MM-DD)", "string", "date"),
    ExportField("ngay_hieu_luc", "Ngày có hiệu lực (YYYY-MM-DD), rỗng nếu không có", "string", "date"),
    ExportField("ngay_het_hieu_luc", "Ngày hết hiệu lực (YYYY-MM-DD), rỗng nếu không có", "string", "date"),
    ExportField("tinh_trang", "Tình trạng hiệu lực tại ngày xuất bản dữ liệu, rỗng nếu không áp dụng", "string"),
    ExportField("linh_vuc", "Các lĩnh vực (trong CSV: ngăn cách bằng dấu chấm phẩy)", "array"),
    ExportField("nguoi_ky", "Người ký", "string"),
    ExportField("chuc_danh", "Chức danh người ký", "string"),
    ExportField("dia_chi", "Địa chỉ trang văn bản", "string", "uri"),
)

NEWS_FIELDS = (
    ExportField("tieu_de", "Tiêu đề", "string"),
    ExportField("ngay", "Ngày đăng (YYYY-MM-DD)", "string", "date"),
    ExportField("chuyen_muc", "Chuyên mục", "string"),
    ExportField("tu_khoa", "Từ khóa", "array"),
    ExportField("sapo", "Sapo (đoạn dẫn)", "string"),
    ExportField("van_ban", "Số ký hiệu các văn bản liên quan", "array"),
    ExportField("dia_chi", "Địa chỉ bài viết", "string", "uri"),
)

FILES = {
    "du-lieu/van-ban.csv": "Danh mục văn bản, bảng tính CSV (UTF-8 có BOM, mở được bằng Excel), mỗi dòng một văn bản",
    "du-lieu/van-ban.json": "Danh mục văn bản, JSON: một danh sách, mỗi phần tử một văn bản",
    "du-lieu/van-ban.schema.json": "Lược đồ JSON Schema mô tả tệp van-ban.json",
    "du-lieu/tin-tuc.json": "Danh sách tin bài, JSON",
    "du-lieu/thong-ke.json": "Số liệu thống kê (cùng số liệu với trang Thống kê), JSON",
}


def document_record(document: Document, corpus: Corpus, base_url: str) -> dict:
    issuer = corpus.taxonomies.issuers.get(document.issuer)
    status = current_status(document, corpus)
    return {
        "so_ky_hieu": document.number.canonical, "loai_van_ban": document.type, "trich_yeu": document.title,
        "co_quan_ban_hanh": issuer.name if issuer else document.issuer, "ma_co_quan": document.issuer,
        "ngay_ban_hanh": document.issued.isoformat(),
        "ngay_hieu_luc": document.effective.isoformat() if document.effective else "",
        "ngay_het_hieu_luc": document.expires.isoformat() if document.expires else "",
        "tinh_trang": status, "linh_vuc": [corpus.taxonomies.fields.get(f, f) for f in document.fields],
        "nguoi_ky": document.signer, "chuc_danh": document.signer_title, "dia_chi": base_url + document.url,
    }


def documents_csv(corpus: Corpus, base_url: str) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([f.name for f in DOCUMENT_FIELDS])
    for document in corpus.documents:
        record = document_record(document, corpus, base_url)
        writer.writerow(["; ".join(v) if isinstance(v, list) else v for v in (record[f.name] for f in DOCUMENT_FIELDS)])
    # The BOM tells Excel (Vietnamese Windows defaults to cp1258) that the file is UTF-8.
    return "\ufeff".encode("utf-8") + buffer.getvalue().encode("utf-8")


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def documents_json(corpus: Corpus, base_url: str) -> str:
    return _json([document_record(d, corpus, base_url) for d in corpus.documents])


def documents_schema(base_url: str) -> str:
    properties = {}
    for f in DOCUMENT_FIELDS:
        prop = {"description": f.description, "type": f.type}
        if f.type == "array":
            prop["items"] = {"type": "string"}
        if f.format == "date":
            prop["anyOf"] = [{"format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}, {"const": ""}]
        elif f.format:
            prop["format"] = f.format
        properties[f.name] = prop
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": base_url + "du-lieu/van-ban.schema.json",
              "title": "Danh mục văn bản", "description": FILES["du-lieu/van-ban.json"], "type": "array",
              "items": {"type": "object", "additionalProperties": False, "required": [f.name for f in DOCUMENT_FIELDS],
                        "properties": properties}}
    return _json(schema)


def news_json(corpus: Corpus, base_url: str) -> str:
    records = []
    for article in corpus.articles:
        cited = [corpus.by_url[l.target].number.canonical for l in corpus.outgoing(article.url)
                 if l.relation in ("cites", "mentions")]
        records.append({"tieu_de": article.title, "ngay": article.day.isoformat(),
                        "chuyen_muc": corpus.taxonomies.categories.get(article.category, article.category),
                        "tu_khoa": list(article.tags), "sapo": article.summary,
                        "van_ban": list(dict.fromkeys(cited)), "dia_chi": base_url + article.url})
    return _json(records)


def statistics_json(corpus: Corpus) -> str:
    years = statistics_years(corpus)
    return _json({"toan_bo": compute_statistics(corpus).as_json(),
                  "theo_nam": {str(y): compute_statistics(corpus, y).as_json() for y in years}})


def open_data_files(corpus: Corpus, base_url: str) -> dict[str, str | bytes]:
    return {"du-lieu/van-ban.csv": documents_csv(corpus, base_url),
            "du-lieu/van-ban.json": documents_json(corpus, base_url),
            "du-lieu/van-ban.schema.json": documents_schema(base_url),
            "du-lieu/tin-tuc.json": news_json(corpus, base_url),
            "du-lieu/thong-ke.json": statistics_json(corpus)}
