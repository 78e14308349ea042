"""The /du-lieu/ page: what each open-data file holds and what its fields mean, in Vietnamese."""
from __future__ import annotations

from ..export import DOCUMENT_FIELDS, FILES, NEWS_FIELDS, ExportField
from ..model import Corpus
from ..render import esc
from ..text import format_number
from . import Page
from .common import link

URL = "du-lieu/"


def _fields_table(caption: str, fields: tuple[ExportField, ...]) -> str:
    rows = "".join(f"<tr><th scope=\"row\"><code>{esc(f.name)}</code></th><td>{esc(f.description)}</td></tr>"
                   for f in fields)
    return (f'<table><caption>{esc(caption)}</caption><thead><tr><th scope="col">Trường</th>'
            f'<th scope="col">Ý nghĩa</th></tr></thead><tbody>{rows}</tbody></table>')


def render_open_data_page(corpus: Corpus) -> Page:
    files = "".join(f"<li>{link(URL, path, path.removeprefix(URL))}: {esc(text)}</li>" for path, text in FILES.items())
    content = (
        "<h1>Dữ liệu mở</h1>"
        f"<p>Danh mục {esc(format_number(len(corpus.documents)))} văn bản và {esc(format_number(len(corpus.articles)))} "
        "tin bài của trang được cung cấp dưới dạng dữ liệu có cấu trúc, cập nhật mỗi lần xuất bản, để người dân, "
        "doanh nghiệp và cơ quan khác sử dụng lại. Ngày tháng theo dạng YYYY-MM-DD (giờ Việt Nam).</p>"
        f"<h2>Các tệp</h2><ul>{files}</ul>"
        "<h2>Danh mục văn bản</h2>" + _fields_table("Các trường của van-ban.csv và van-ban.json", DOCUMENT_FIELDS)
        + "<h2>Danh sách tin bài</h2>" + _fields_table("Các trường của tin-tuc.json", NEWS_FIELDS)
        + "<h2>Số liệu thống kê</h2><p><code>thong-ke.json</code> có hai phần: <code>toan_bo</code> (toàn bộ) và "
        "<code>theo_nam</code> (từng năm). Mỗi phần có tổng số tin bài (<code>articles</code>), văn bản "
        "(<code>documents</code>) và các bảng (<code>tables</code>: <code>title</code> tên bảng, <code>rows</code> các "
        f"dòng với <code>label</code> nhãn và <code>count</code> số lượng), giống {link(URL, 'thong-ke/', 'trang Thống kê')}.</p>")
    return Page(url=URL, title="Dữ liệu mở", content=content, kind="listing",
                description="Dữ liệu mở: danh mục văn bản (CSV, JSON), tin bài và số liệu thống kê")
