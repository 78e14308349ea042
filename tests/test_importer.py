"""`gazette import`: saved portal pages (text or HTML) → articles that pass `gazette check`, with a report."""
from __future__ import annotations

import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import DOCUMENT_FM, REPO_ROOT
from gazette import cli
from gazette.importer import body_markdown
from gazette.importer_html import convert_html, sanitize
from gazette.importer_text import find_mojibake, parse_date_line
from gazette.load import load_content, load_file
from gazette.render import BodyRenderer

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "seed_000_40a42c8ddd63979e.txt"
PORTAL = FIXTURES / "portal_saved_page.html"
BUNDLED = "content/tin-tuc/2020/nang-cao-hon-nua-chat-luong-cong-tac-cai-cach-hanh-chinh.md"
BOILERPLATE = ["Lượt xem", "1124", "Thống kê truy cập", "Đang truy cập", "Hôm nay", "Trong tuần", "Tháng hiện tại",
               "Tổng lượt truy cập", "Đăng nhập", "ipv6", "Tin Nhiem Mang"]


@dataclass
class ImportRun:
    code: int
    out: str
    err: str


@pytest.fixture
def repo_site(tmp_path):
    """A copy of the repository's content/ (documents, taxonomies, articles) to import into."""
    root = tmp_path / "repo"
    shutil.copytree(REPO_ROOT / "content", root / "content")
    return root


@pytest.fixture
def run_import(capsys):
    def run(root: Path, *argv: str, today: str = "2026-01-05") -> ImportRun:
        capsys.readouterr()
        try:
            code = cli.main(["--root", str(root), "import", *argv, "--today", today])
        except SystemExit as exc:
            code = exc.code
        captured = capsys.readouterr()
        return ImportRun(code, captured.out, captured.err)
    return run


def read(path: Path):
    """(front matter dict, body) of a written article, read the way the site reads it."""
    record, problems = load_file(path, path.name, "article", path.parent.name)
    assert record is not None, problems
    return record.data, record.body


def paragraphs(body: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", body.strip()) if p.strip()]


def active_html(html: str) -> list[str]:
    """Anything in rendered HTML that could run: script-like elements, on* attributes, non-web URLs."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Finder(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in ("script", "iframe", "object", "embed", "style", "svg", "form", "base", "meta", "link"):
                found.append(tag)
            for name, value in attrs:
                url = (value or "").strip().lower()
                if name.startswith("on") or name in ("href", "src") and ":" in url.split("/")[0] \
                        and not url.startswith(("http:", "https:", "mailto:")):
                    found.append(f"{tag} {name}={value}")

    Finder().feed(html)
    return found


def cp1258(text: str) -> bytes:
    """Text as Windows-1258 stores it: base letters (â, ê, ô, ơ, ư, ă, đ) plus combining tone marks."""
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        try:
            char.encode("cp1258")
            out.append(char)
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", char)
        shape = "".join(m for m in marks if m in "\u0302\u0306\u031b")
        out.append(unicodedata.normalize("NFC", base + shape) + "".join(m for m in marks if m not in shape))
    return "".join(out).encode("cp1258")


def created(run: ImportRun, root: Path) -> Path:
    match = re.search(r": đã tạo (\S+)", run.out)
    assert match, run.out + run.err
    return root / match[1]


# --- the seed page ------------------------------------------------------------------------------------------------

def test_seed_imports_to_the_bundled_article(repo_site, run_import, run_check):
    (repo_site / BUNDLED).unlink()
    run = run_import(repo_site, str(SEED), "--date", "2020-04-10", "--category", "cai-cach-hanh-chinh")
    assert run.code == 0, run.out + run.err
    path = created(run, repo_site)
    assert path == repo_site / BUNDLED
    data, body = read(path)
    bundled, bundled_body = read(REPO_ROOT / BUNDLED)
    for key in ("title", "date", "category", "source", "documents"):
        assert data[key] == bundled[key], key
    assert data["date"] == "2020-04-10"
    assert data["source"] == "VP-BQLKCN"
    assert data["documents"] == ["754/QĐ-UBND", "3052/QĐ-UBND"]
    assert paragraphs(body) == paragraphs(bundled_body)
    for word in BOILERPLATE + ["Theo tin"]:
        assert word not in body, word
    check = run_check(repo_site, "--strict")
    assert check.code == 0, check.out


def test_seed_without_date_gets_today_and_a_warning(repo_site, run_import, run_check):
    run = run_import(repo_site, str(SEED), "--category", "cai-cach-hanh-chinh", today="2026-01-05")
    assert run.code == 0
    path = created(run, repo_site)
    assert path.parent.name == "2026"
    assert read(path)[0]["date"] == "2026-01-05"
    assert "không có ngày đăng" in run.out and "2026-01-05" in run.out
    assert run_check(repo_site).code == 0


def test_reimporting_does_not_duplicate(repo_site, run_import):
    before = sorted(p.name for p in (repo_site / "content/tin-tuc/2020").iterdir())
    run = run_import(repo_site, str(SEED), "--date", "2020-04-10", "--category", "cai-cach-hanh-chinh")
    assert run.code == 0
    assert f"đã có {BUNDLED}" in run.out
    assert sorted(p.name for p in (repo_site / "content/tin-tuc/2020").iterdir()) == before
    again = run_import(repo_site, str(PORTAL), "--category", "cai-cach-hanh-chinh")
    path = created(again, repo_site)
    again = run_import(repo_site, str(PORTAL), "--category", "cai-cach-hanh-chinh")
    assert "đã có" in again.out and path.is_file()
    assert len(list(path.parent.glob("trien-khai-*.md"))) == 1


def test_same_file_name_with_another_title_gets_a_suffix(make_content, run_import, tmp_path):
    site = make_content()
    site.article("bai-viet-moi", 'title: "Bài viết mới!"\ndate: 2020-04-10\ncategory: cai-cach-hanh-chinh\n')
    page = tmp_path / "trang.txt"
    page.write_text("Bài viết mới\nNgày 10/4/2020\n\nNội dung của bài.\n", encoding="utf-8")
    run = run_import(site.root, str(page), "--category", "cai-cach-hanh-chinh")
    assert created(run, site.root).name == "bai-viet-moi-2.md"
    assert "bai-viet-moi-2.md" in run.out


# --- saved HTML ---------------------------------------------------------------------------------------------------

def test_saved_portal_page(repo_site, run_import, run_check):
    run = run_import(repo_site, str(PORTAL), "--category", "cai-cach-hanh-chinh")
    assert run.code == 0, run.out + run.err
    path = created(run, repo_site)
    assert path.relative_to(repo_site).as_posix() == \
        "content/tin-tuc/2021/trien-khai-ke-hoach-cai-cach-hanh-chinh-nam-2021.md"
    data, body = read(path)
    assert data["title"] == "Triển khai Kế hoạch cải cách hành chính năm 2021"
    assert data["date"] == "2021-01-26 09:15"
    assert data["summary"].startswith("Ngày 20/01/2021, Ban Quản lý các Khu công nghiệp tỉnh ban hành")
    assert data["source"] == "VP-BQLKCN"
    # 15/KH-BQLKCN exists in 2020 and 2021: the article's date decides; 123/UBND-KT is not in content/
    assert data["documents"] == ["15/KH-BQLKCN@2021", "754/QĐ-UBND"]
    assert "123/UBND-KT" in run.out and "gazette new document" in run.out
    # kept: paragraphs with emphasis, list, image with its caption, the PDF attachment as a link
    assert "**03 nhóm nhiệm vụ**" in body and "*nhất là dịch vụ công trực tuyến*" in body
    assert "- Duy trì 08 thủ tục hành chính dịch vụ công trực tuyến mức độ 3, mức độ 4;" in body
    assert "![Quang cảnh hội nghị triển khai Kế hoạch cải cách hành chính năm 2021](" in body
    assert "\n*Quang cảnh hội nghị triển khai Kế hoạch cải cách hành chính năm 2021*" in body
    assert "[Kế hoạch 15/KH-BQLKCN (PDF)](https://sbqlkcn.binhthuan.gov.vn/Uploads/files/2021/01/15-KH-BQLKCN.pdf)" \
        in body
    assert "Chi tiết xem tại đây." in body                         # a javascript: link keeps only its text
    assert "hoi-nghi-cchc-2021.jpg" in run.out                      # the image saved beside the page: to copy
    everything = path.read_text(encoding="utf-8")
    for word in BOILERPLATE[2:] + ["2.035", "gtag", "dataLayer", "Quảng cáo", "youtube", "iframe", "Trình duyệt",
                                   "onclick", "onerror", "javascript", "In bài", "Gửi email", "Chia sẻ", "Trang chủ",
                                   "Giới thiệu", "Hỏi đáp", "Tin liên quan", "Các tin khác", "Sơ kết 6 tháng",
                                   "Địa chỉ", "Điện thoại", "Giấy phép", "05/GP-TTĐT", "Chịu trách nhiệm",
                                   "BAN QUẢN LÝ", "Theo tin", "<"]:
        assert word not in everything, word
    check = run_check(repo_site, "--strict")
    assert check.code == 0, check.out


def test_sanitiser_removes_everything_active():
    hostile = """<html><head><script>alert(1)</script></head><body>
      <article><h1 onclick="x()">Tiêu đề bài</h1>
      <p onmouseover="steal()">Đoạn <a href="javascript:alert(1)">một</a>
         <a href="JaVaScRiPt&#58;alert(2)">hai</a> <a href="vbscript:msgbox">ba</a>
         <a href=" data:text/html;base64,PHNjcmlwdD4=">bốn</a> &lt;script&gt;alert(3)&lt;/script&gt;
         <img src="x.jpg" onerror="alert(4)"><img src="data:image/png;base64,AAAA" alt="nhúng">
         <svg onload="alert(5)"><script>alert(6)</script></svg></p>
      <iframe src="https://evil.example/"></iframe><object data="x.swf"></object><embed src="x.swf">
      <style>body{background:url(javascript:alert(7))}</style><form action="/"><input value="Gửi"></form>
      <p>Đoạn hai <b style="x">đậm</b> {: .class } [^1] | a | b |</p></article></body></html>"""
    cleaned = sanitize(hostile)
    shown_as_text = re.sub(r"&lt;/?script&gt;", "", cleaned.lower())
    for word in ("script", "onclick", "onerror", "onmouseover", "javascript", "vbscript", "data:", "iframe",
                 "object", "embed", "svg", "style", "form", "input"):
        assert word not in shown_as_text, word
    page = convert_html(hostile)
    markdown = body_markdown(page.blocks[1:])
    rendered = BodyRenderer().render(markdown)
    html = getattr(rendered, "html", rendered)
    assert active_html(html) == []
    assert "<script" not in html and "javascript:" not in html.lower() and "onerror" not in html
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in html            # shown as text, never run
    assert "alert(1)" not in markdown and "alert(6)" not in markdown
    assert "<sup" not in html and 'class="class"' not in html          # footnote and attr_list syntax stay text


def test_converter_blocks():
    page = convert_html("""<div class="content"><h1>Tiêu đề</h1>
      <p>Dòng một<br>Dòng hai</p>
      <h2>Mục <em>lớn</em></h2><h3>Mục nhỏ</h3><h5>Mục rất nhỏ</h5>
      <ol><li>Một</li><li>Hai<ul><li>Hai a</li></ul></li></ol>
      <table><tr><th>Số</th><th>Nội dung</th></tr><tr><td>1</td><td>Có | dấu</td></tr></table>
      <figure><img src="https://a.example/anh.jpg" alt="x"><figcaption>Chú thích ảnh</figcaption></figure>
      <p><a href="/files/ke-hoach.docx"></a></p></div>""")
    assert page.title == "Tiêu đề"
    markdown = body_markdown(page.blocks[1:])
    assert markdown.split("\n\n") == [
        "Dòng một", "Dòng hai", "## Mục lớn", "### Mục nhỏ", "#### Mục rất nhỏ",
        "1. Một\n2. Hai\n    - Hai a",
        "| Số | Nội dung |\n|---|---|\n| 1 | Có \\| dấu |",
        "![Chú thích ảnh](https://a.example/anh.jpg)\n*Chú thích ảnh*",
        "[ke-hoach.docx](/files/ke-hoach.docx)",
    ]
    assert "/files/ke-hoach.docx" in page.relative


def test_html_date_from_metadata_and_declared_charset(make_content, run_import, tmp_path):
    site = make_content()
    page = tmp_path / "trang.htm"
    page.write_bytes(cp1258("""<html><head><meta charset="windows-1258">
      <meta property="article:published_time" content="2020-04-09T18:30:00Z"></head>
      <body><h1>Hội nghị cải cách</h1><p>Nội dung hội nghị cải cách hành chính.</p></body></html>"""))
    run = run_import(site.root, str(page), "--category", "cai-cach-hanh-chinh")
    data, body = read(created(run, site.root))
    assert data["title"] == "Hội nghị cải cách"
    assert data["date"] == "2020-04-10 01:30"                          # UTC → Asia/Ho_Chi_Minh
    assert body.strip() == "Nội dung hội nghị cải cách hành chính."


# --- dates ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("line, expected", [
    ("Thứ Sáu, 10/04/2020 08:30", "2020-04-10 08:30"),
    ("10/4/2020", "2020-04-10"),
    ("ngày 10 tháng 4 năm 2020", "2020-04-10"),
    ("Cập nhật: 10-04-2020", "2020-04-10"),
    ("Ngày đăng: 10.04.2020 | Lượt xem: 1.124", "2020-04-10"),
    ("08:30 | 10/04/2020 (GMT+7)", "2020-04-10 08:30"),
    ("Thứ sáu, ngày 10 tháng 4 năm 2020 - 2:30 PM", "2020-04-10 14:30"),
    ("Đăng ngày: 2020-04-10", "2020-04-10"),
])
def test_date_line_styles(make_content, run_import, tmp_path, line, expected):
    site = make_content()
    page = tmp_path / "trang.txt"
    page.write_text(f"Tổng kết công tác năm\n{line}\n\nNội dung bài viết.\n", encoding="utf-8")
    run = run_import(site.root, str(page), "--category", "cai-cach-hanh-chinh")
    data, body = read(created(run, site.root))
    assert data["date"] == expected
    assert body.strip() == "Nội dung bài viết."
    assert "ngày đăng" not in run.out


def test_a_sentence_with_a_date_is_not_a_date_line():
    assert parse_date_line("Ngày 20/01/2021, Ban Quản lý ban hành Kế hoạch") is None
    assert parse_date_line("31/3/2020") is not None
    assert parse_date_line("Xếp hạng 11/63") is None


def test_wrong_weekday_and_impossible_date_are_reported(make_content, run_import, tmp_path):
    site = make_content()
    page = tmp_path / "a.txt"
    page.write_text("Bài một hai\nThứ Hai, 10/04/2020\n\nNội dung.\n", encoding="utf-8")
    run = run_import(site.root, str(page), "--category", "cai-cach-hanh-chinh")
    assert read(created(run, site.root))[0]["date"] == "2020-04-10"
    assert "thứ trong tuần không khớp" in run.out
    page.write_text("Bài ba bốn\n31/02/2020\n\nNội dung.\n", encoding="utf-8")
    run = run_import(site.root, str(page), "--category", "cai-cach-hanh-chinh")
    assert "không tồn tại" in run.out and "không có ngày đăng" in run.out


# --- boilerplate, source, lead ----------------------------------------------------------------------------------

def test_text_page_furniture_is_dropped(make_content, run_import, tmp_path):
    site = make_content()
    page = tmp_path / "trang.txt"
    page.write_text("\n".join([
        "Trang chủ | Giới thiệu | Tin tức | Văn bản | Liên hệ",
        "Trang chủ > Tin tức > Cải cách hành chính",
        "Hội nghị đối thoại với doanh nghiệp",
        "Cập nhật: 10-04-2020 | Lượt xem: 312",
        "In bài | Gửi email | Chia sẻ",
        "",
        "Hôm nay, Ban tổ chức hội nghị đối thoại với doanh nghiệp trong các KCN.",
        "Địa chỉ: Số 2 Nguyễn Tất Thành là nơi tổ chức hội nghị.",
        "Kết thúc hội nghị, Ban ghi nhận 12 kiến nghị.",
        "",
        "Nguồn: Văn phòng Ban",
        "Tin liên quan",
        "• Tổng kết năm 2019",
        "Thống kê truy cập",
        "Đang online: 3",
        "Đăng nhập",
        "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP TỈNH BÌNH THUẬN",
        "Địa chỉ: Số 2 Nguyễn Tất Thành, TP. Phan Thiết",
        "Giấy phép số 05/GP-TTĐT ngày 12/3/2015",
        "ipv6 ready Chung nhan Tin Nhiem Mang",
    ]), encoding="utf-8")
    run = run_import(site.root, str(page), "--category", "cai-cach-hanh-chinh", "-v")
    data, body = read(created(run, site.root))
    assert data["title"] == "Hội nghị đối thoại với doanh nghiệp"
    assert data["date"] == "2020-04-10" and data["source"] == "Văn phòng Ban"
    assert paragraphs(body) == [
        "Hôm nay, Ban tổ chức hội nghị đối thoại với doanh nghiệp trong các KCN.",
        "Địa chỉ: Số 2 Nguyễn Tất Thành là nơi tổ chức hội nghị.",       # inside the article: kept
        "Kết thúc hội nghị, Ban ghi nhận 12 kiến nghị.",
    ]
    assert "documents" not in data                                       # 05/GP-TTĐT was in the footer
    assert "đã bỏ" in run.out and "Giấy phép số 05" in run.out            # --verbose lists what went


@pytest.mark.parametrize("last, field, value", [
    ("Theo tin VP-BQLKCN", "source", "VP-BQLKCN"),
    ("(Theo Báo Bình Thuận)", "source", "Báo Bình Thuận"),
    ("Nguồn tin: Sở Nội vụ.", "source", "Sở Nội vụ"),
    ("PV", "author", "PV"),
    ("Văn phòng Ban", "author", "Văn phòng Ban"),
])
def test_source_and_byline(make_content, run_import, tmp_path, last, field, value):
    site = make_content()
    page = tmp_path / "trang.txt"
    page.write_text(f"Tiêu đề bài viết\n10/4/2020\n\nTheo đó, Ban đã triển khai nhiều nhiệm vụ.\n\n{last}\n",
                    encoding="utf-8")
    run = run_import(site.root, str(page), "--category", "cai-cach-hanh-chinh")
    data, body = read(created(run, site.root))
    assert data[field] == value
    assert paragraphs(body) == ["Theo đó, Ban đã triển khai nhiều nhiệm vụ."]


def test_bold_first_paragraph_becomes_the_summary(make_content, run_import, tmp_path):
    site = make_content()
    page = tmp_path / "trang.html"
    lead = "Sáng nay, Ban Quản lý các KCN tỉnh tổ chức hội nghị triển khai nhiệm vụ cải cách hành chính năm 2024."
    page.write_text(f"<h1>Hội nghị triển khai</h1><p>10/01/2024</p><p><b>{lead}</b></p><p>Nội dung chính.</p>",
                    encoding="utf-8")
    run = run_import(site.root, str(page), "--category", "cai-cach-hanh-chinh")
    data, body = read(created(run, site.root))
    assert data["summary"] == lead
    assert paragraphs(body) == ["Nội dung chính."]


# --- mojibake and encodings ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("garbled, kind", [
    ("Thá»±c hiá»‡n Quyáº¿t Ä‘á»‹nh sá»‘ 754", "Windows-1252"),
    ("Thöïc hieän Quyeát ñònh soá 754", "VNI"),
    ("Thùc hiÖn QuyÕt ®Þnh sè 754", "VNI/TCVN3"),
])
def test_mojibake_is_reported_not_repaired(make_content, run_import, tmp_path, garbled, kind):
    site = make_content()
    page = tmp_path / "trang.txt"
    page.write_text(f"Tin cải cách hành chính\n10/4/2020\n\n{garbled} của UBND tỉnh.\n", encoding="utf-8")
    run = run_import(site.root, str(page), "--category", "cai-cach-hanh-chinh")
    data, body = read(created(run, site.root))
    assert garbled in body                                      # not guessed: the text is as it was
    assert data["draft"] is True                                # and it is not published until fixed
    assert "lỗi bảng mã" in run.out and kind in run.out


def test_no_mojibake_false_alarm_on_real_vietnamese():
    texts = [SEED.read_text(encoding="utf-8")]
    for record in load_content(REPO_ROOT / "content").records:
        texts += [record.body, *(str(v) for v in record.data.values())]
    texts.append("thuỷ hoá, khuỷu tay, nhiệt độ 30°C, “Nhà”, tỷ lệ 83,7%, Ð đ Ð, giải pháp…")
    found = [(item.sample, item.kind) for text in texts for item in find_mojibake(text)]
    assert found == []


def test_non_utf8_text_is_reported_not_guessed(make_content, run_import, tmp_path):
    site = make_content()
    page = tmp_path / "trang.txt"
    page.write_bytes(cp1258("Tiêu đề bài viết\n\nNội dung.\n"))
    run = run_import(site.root, str(page), "--category", "cai-cach-hanh-chinh")
    assert run.code == 1
    assert "lỗi, không nhập" in run.out and "UTF-8" in run.out
    assert not list((site.content / "tin-tuc").rglob("*.md"))


# --- category, errors, many inputs ---------------------------------------------------------------------------------

def test_without_category_the_first_one_is_used_with_a_warning(make_content, run_import, tmp_path):
    site = make_content()
    page = tmp_path / "trang.txt"
    page.write_text("Tiêu đề bài viết\n10/4/2020\n\nNội dung.\n", encoding="utf-8")
    run = run_import(site.root, str(page))
    assert read(created(run, site.root))[0]["category"] == "cai-cach-hanh-chinh"
    assert "--category" in run.out and "cai-cach-hanh-chinh" in run.out


def test_unknown_category_is_a_usage_error(make_content, run_import):
    site = make_content()
    run = run_import(site.root, str(SEED), "--category", "cai-cach")
    assert run.code == 2 and "cai-cach-hanh-chinh" in run.err
    assert not list((site.content / "tin-tuc").rglob("*.md"))


def test_many_inputs_one_report(make_content, run_import, tmp_path, run_check):
    site = make_content()
    site.document()                                                 # 754/QĐ-UBND
    folder = tmp_path / "trang-cu"
    folder.mkdir()
    shutil.copy(SEED, folder / "seed.txt")
    (folder / "rong.txt").write_text("Lượt xem: 12\nĐăng nhập\n", encoding="utf-8")
    (folder / "anh.png").write_bytes(b"\x89PNG")                     # not a page: not an input
    run = run_import(site.root, str(folder), str(tmp_path / "khong-co.html"), "--category", "cai-cach-hanh-chinh",
                     "--date", "2020-04-10")
    assert run.code == 1                                             # two inputs could not be imported
    lines = [line for line in run.out.splitlines() if not line.startswith(" ")]
    assert [line.split(": ", 1)[1] for line in lines] == [
        "lỗi, không nhập", "đã tạo content/tin-tuc/2020/nang-cao-hon-nua-chat-luong-cong-tac-cai-cach-hanh-chinh.md",
        "lỗi, không nhập"]
    assert "không tìm thấy tiêu đề" in run.out and "không đọc được tệp" in run.out
    assert "3052/QĐ-UBND" in run.out                                # cited, not in this site's content/
    data, _ = read(site.content / "tin-tuc/2020/nang-cao-hon-nua-chat-luong-cong-tac-cai-cach-hanh-chinh.md")
    assert data["documents"] == ["754/QĐ-UBND"]
    assert "1 bài" in run.err and "2 lỗi" in run.err
    assert run_check(site, "--strict").code == 0


def test_ambiguous_number_is_reported(make_content, run_import, tmp_path):
    site = make_content()
    site.document()
    site.document(front_matter=DOCUMENT_FM.replace("2020-03-31", "2021-03-31"), year=2021)
    page = tmp_path / "trang.txt"
    page.write_text("Tiêu đề bài viết\n10/4/2019\n\nThực hiện Quyết định số 754/QĐ-UBND của UBND tỉnh.\n"
                    "Quyết định số 754/QĐ-UBND ngày 31/3/2021 cũng vậy.\n", encoding="utf-8")
    run = run_import(site.root, str(page), "--category", "cai-cach-hanh-chinh")
    data, _ = read(created(run, site.root))
    assert data["documents"] == ["754/QĐ-UBND@2021"]
    assert "có nhiều bản" in run.out


# --- hostile and malformed input --------------------------------------------------------------------------------

@pytest.mark.parametrize("html", [
    "<div>" * 3000 + "<p>Nội dung bài viết.</p>" + "</div>" * 3000,
    "<table><tr><td>" * 40 + "Nội dung bài viết." + "</td></tr></table>" * 40,
    "<ul><li>" * 2000 + "Nội dung bài viết." + "</li></ul>" * 2000,
    "<b><i><a href='a.pdf'>" * 2000 + "Nội dung bài viết." + "</a></i></b>" * 2000,
    "<p>Nội dung bài viết." + "<br>" * 20000 + "</p>",
])
def test_deep_or_huge_markup_is_handled_quickly(html):
    import time
    from gazette.importer import read_page
    start = time.monotonic()
    page, error = read_page(("<h1>Tiêu đề bài viết</h1>" + html).encode(), "trang.html")
    assert time.monotonic() - start < 10
    assert page is not None or error


_PIECES = st.sampled_from([
    "<p>", "</p>", "<div class='menu'>", "</div>", "<h1>", "</h1>", "<b>", "</b>", "<a href='javascript:x'>", "</a>",
    "<img src='a.jpg' onerror='x'>", "<table><tr><td>", "</td></tr></table>", "<ul><li>", "</li></ul>", "<br>",
    "<script>alert(1)</script>", "&lt;script&gt;", "Lượt xem: 12", "Thứ Sáu, 10/04/2020 08:30", "Theo tin PV",
    "Quyết định số 754/QĐ-UBND ngày 31/3/2020", "Quyáº¿t", "*", "_", "[", "]", "|", "#", "\n", "\n\n", " ", "1. ",
    "<!--", "-->", "<", ">", "&", "Nội dung bài viết", "Tin liên quan",
])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(_PIECES | st.text(max_size=8), max_size=40), html=st.booleans())
def test_any_input_gives_a_page_or_a_reason_and_safe_markdown(pieces, html):
    from gazette.importer import body_markdown, read_page
    text = "".join(pieces)
    page, error = read_page(text.encode("utf-8", "surrogatepass"), "trang.html" if html else "trang.txt")
    assert (page is None) == bool(error)
    if page is not None:
        markdown = body_markdown(page.body)
        rendered = BodyRenderer().render(markdown)
        out = getattr(rendered, "html", rendered)
        assert active_html(out) == [], out
        assert page.title.strip() and "\n" not in page.title


def test_text_after_an_early_source_line_is_kept_or_reported(make_content, run_import, tmp_path):
    site = make_content()
    page = tmp_path / "trang.txt"
    page.write_text("Thông báo kinh phí\n10/4/2020\n\nKinh phí thực hiện đề án.\n\nNguồn: ngân sách tỉnh\n\n"
                    + "\n\n".join(f"Mục {n}: chi cho hoạt động số {n}." for n in range(1, 6)) + "\n", encoding="utf-8")
    run = run_import(site.root, str(page), "--category", "cai-cach-hanh-chinh")
    data, body = read(created(run, site.root))
    assert "source" not in data and "Mục 5: chi cho hoạt động số 5." in body
    page.write_text("Thông báo mới\n10/4/2020\n\nNội dung thông báo.\n\nTheo tin VP-BQLKCN\n\nMột câu lạc lõng.\n",
                    encoding="utf-8")
    run = run_import(site.root, str(page), "--category", "cai-cach-hanh-chinh")
    data, body = read(created(run, site.root))
    assert data["source"] == "VP-BQLKCN" and "lạc lõng" not in body
    assert "Một câu lạc lõng" in run.out                             # dropped, and said so


def test_whole_page_copied_as_text(repo_site, run_import, run_check):
    """Select all + copy on the old portal: site name, menus, log-in box and statistics come first."""
    run = run_import(repo_site, str(FIXTURES / "portal_copied_page.txt"), "--category", "cai-cach-hanh-chinh")
    data, body = read(created(run, repo_site))
    assert data["title"] == "Triển khai Kế hoạch cải cách hành chính năm 2021"
    assert data["date"] == "2021-01-26 09:15"
    assert data["source"] == "VP-BQLKCN"
    assert data["documents"] == ["15/KH-BQLKCN@2021", "754/QĐ-UBND"]
    assert paragraphs(body)[0].startswith("Ngày 20/01/2021, Ban Quản lý")
    assert paragraphs(body)[-1] == "Tệp đính kèm: Kế hoạch 15/KH-BQLKCN (PDF)"
    for word in BOILERPLATE[2:] + ["BAN QUẢN LÝ", "Sơ đồ trang", "Trang chủ", "Hỏi đáp", "Tin liên quan",
                                   "Sơ kết", "Địa chỉ", "Giấy phép", "2.035", "In bài"]:
        assert word not in body, word
    assert run_check(repo_site, "--strict").code == 0
