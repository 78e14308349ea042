"""Stage 1 (load): bytes on disk → NFC text, front matter with line numbers, or a clear problem — never a crash."""
from __future__ import annotations

import os
import unicodedata
from datetime import datetime

import pytest

from conftest import ARTICLE_FM, DOCUMENT_FM, only
from gazette.errors import ERROR
from gazette.load import load_file, parse_front_matter
from gazette.text import TIMEZONE

CATEGORY = "category: cai-cach-hanh-chinh\n"


def article_problems(site, front_matter, slug="bai-viet", year=2020):
    path = site.article(slug, front_matter, year=year)
    item, problems = site.validate_one(path)
    return site.rel(path), item, problems


# --- YAML syntax mistakes editors make -----------------------------------------------------------

def test_unquoted_colon_in_title_asks_for_quotes_on_its_line(make_content):
    site = make_content()
    rel, item, problems = article_problems(site, "title: Hội nghị: kết quả\ndate: 2020-04-10\n" + CATEGORY)
    assert item is None
    problem = only(problems, path=rel)
    assert problem.line == 2
    assert problem.field == "title"
    assert problem.severity == ERROR
    assert "ngoặc kép" in problem.message
    assert 'title: "Hội nghị: kết quả"' in problem.message          # the fix, ready to paste
    assert problem.format().startswith(f"{rel}:2: title: ")


def test_colon_error_on_a_later_line_reports_that_line(make_content):
    site = make_content()
    rel, _, problems = article_problems(
        site, 'title: "Tổng kết"\ndate: 2020-04-10\n' + CATEGORY + "source: Văn phòng: Ban quản lý\n")
    problem = only(problems, path=rel)
    assert (problem.line, problem.field) == (5, "source")
    assert 'source: "Văn phòng: Ban quản lý"' in problem.message


def test_impossible_date_is_a_message_for_that_field(make_content):
    site = make_content()
    rel, item, problems = article_problems(site, 'title: "Tổng kết"\ndate: 2020-02-31\n' + CATEGORY)
    assert item is None
    problem = only(problems, path=rel)
    assert (problem.line, problem.field) == (3, "date")
    assert "2020-02-31" in problem.message
    assert "không tồn tại" in problem.message
    assert "YYYY-MM-DD" in problem.message


def test_impossible_issued_date_in_a_document(make_content):
    site = make_content()
    path = site.document(front_matter=DOCUMENT_FM.replace("2020-03-31", "2020-13-01"))
    item, problems = site.validate_one(path)
    assert item is None
    problem = only(problems, field="issued")
    assert problem.line == 6
    assert "2020-13-01" in problem.message


@pytest.mark.parametrize("written, iso", [("31/3/2020", "2020-03-31"), ("1.4.2020", "2020-04-01"),
                                          ("10-04-2020", "2020-04-10")])
def test_day_month_year_date_suggests_the_iso_spelling(make_content, written, iso):
    site = make_content()
    rel, item, problems = article_problems(site, f'title: "Tổng kết"\ndate: {written}\n' + CATEGORY)
    assert item is None
    problem = only(problems, path=rel, field="date")
    assert problem.line == 3
    assert written in problem.message
    assert iso in problem.message
    assert "YYYY-MM-DD" in problem.message


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "true", "False", "Yes"])
def test_yaml_boolean_word_in_a_text_field_explains_true_false_and_quotes(make_content, word):
    site = make_content()
    rel, item, problems = article_problems(site, f"title: {word}\ndate: 2020-04-10\n" + CATEGORY)
    assert item is None
    problem = only(problems, path=rel)
    assert (problem.line, problem.field) == (2, "title")
    assert "true/false" in problem.message
    assert f"`{word}`" in problem.message                     # as the editor wrote it, not Python's True
    assert f'title: "{word}"' in problem.message


def test_boolean_word_in_an_optional_text_field(make_content):
    site = make_content()
    rel, _, problems = article_problems(site, ARTICLE_FM + "source: on\n")
    problem = only(problems, path=rel)
    assert (problem.line, problem.field) == (5, "source")
    assert 'source: "on"' in problem.message


def test_quoted_boolean_word_is_plain_text(make_content):
    site = make_content()
    _, item, problems = article_problems(site, 'title: "yes"\ndate: 2020-04-10\n' + CATEGORY)
    assert problems == []
    assert item.title == "yes"


def test_duplicate_key_names_both_lines(make_content):
    site = make_content()
    path = site.article(front_matter='title: "Một"\ndate: 2020-04-10\ntitle: "Hai"\n' + CATEGORY)
    record, problems = site.load_one(path)
    problem = only(problems, field="title")
    assert problem.severity == ERROR
    assert problem.line == 4
    assert "dòng 2" in problem.message and "4" in problem.message
    assert "hai lần" in problem.message
    # A duplicate is never silently resolved: the whole run fails.
    result = site.build()
    assert result.corpus is None
    assert [p.field for p in result.errors] == ["title"]


def test_duplicate_key_inside_a_nested_mapping_is_reported_too(make_content):
    site = make_content()
    site.write_raw("van-ban/2020/a.pdf", b"%PDF")
    path = site.document(front_matter=DOCUMENT_FM + 'attachments:\n  - {file: "a.pdf", file: "b.pdf"}\n')
    _, problems = site.load_one(path)
    problem = only(problems, field="file")
    assert problem.line == 8
    assert "hai lần" in problem.message


def test_tab_in_indentation_is_reported_with_its_line(make_content):
    site = make_content()
    path = site.article(front_matter=ARTICLE_FM + "tags:\n\t- một cửa\n")
    record, problems = site.load_one(path)
    assert record is None
    problem = only(problems, path=site.rel(path))
    assert problem.line == 6
    assert "tab" in problem.message
    assert "dấu cách" in problem.message


def test_every_tab_line_is_reported(make_content):
    site = make_content()
    path = site.article(front_matter=ARTICLE_FM + "tags:\n\t- một\n\t- hai\n")
    _, problems = site.load_one(path)
    assert [p.line for p in problems] == [6, 7]


def test_syntax_error_is_a_problem_with_a_line(make_content):
    site = make_content()
    path = site.article(front_matter='title: "Chưa đóng ngoặc\ndate: 2020-04-10\n' + CATEGORY)
    record, problems = site.load_one(path)
    assert record is None
    assert len(problems) == 1
    assert problems[0].line is not None and problems[0].line >= 2
    assert "YAML" in problems[0].message


# --- encodings, line ends, Unicode ---------------------------------------------------------------

def test_utf8_bom_is_accepted(make_content):
    site = make_content()
    site.write_raw("tin-tuc/2020/bom.md", b"\xef\xbb\xbf---\n" + ARTICLE_FM.encode() + b"---\nN\xe1\xbb\x99i dung\n")
    result = site.build()
    assert result.problems == []
    (article,) = result.corpus.articles
    assert article.title == "Tổng kết cải cách hành chính"
    assert article.body == "Nội dung\n"


def test_bom_in_taxonomies_is_accepted(make_content):
    site = make_content()
    tax = site.content / "taxonomies.yml"
    tax.write_bytes(b"\xef\xbb\xbf" + tax.read_bytes())
    site.article()
    result = site.build()
    assert result.problems == []
    assert "cai-cach-hanh-chinh" in result.corpus.taxonomies.categories


def test_crlf_line_ends_load_without_carriage_returns(make_content):
    site = make_content()
    text = "---\n" + ARTICLE_FM + 'tags: ["một cửa", "dịch vụ công"]\nsummary: "Sapo"\n---\nDòng một\n\nDòng hai\n'
    site.write_raw("tin-tuc/2020/crlf.md", text.replace("\n", "\r\n").encode())
    result = site.build()
    assert result.problems == []
    (article,) = result.corpus.articles
    assert article.title == "Tổng kết cải cách hành chính"
    assert article.tags == ("một cửa", "dịch vụ công")
    assert article.summary == "Sapo"
    assert article.body == "Dòng một\n\nDòng hai\n"
    assert article.body_line == 8
    for value in (article.title, article.category, article.summary, article.body, *article.tags):
        assert "\r" not in value


def test_old_mac_cr_line_ends_are_normalised(make_content):
    site = make_content()
    site.write_raw("tin-tuc/2020/cr.md", ("---\n" + ARTICLE_FM + "---\nNội dung\n").replace("\n", "\r").encode())
    result = site.build()
    assert result.problems == []
    assert result.corpus.articles[0].body == "Nội dung\n"


def test_nfd_text_is_normalised_to_nfc(make_content):
    site = make_content()
    title = "Hội nghị tổng kết công tác cải cách hành chính"
    body = "Nội dung được soạn trên máy Mac.\n"
    nfd = unicodedata.normalize("NFD", "---\n" + f'title: "{title}"\n'
                                + "date: 2020-04-10\ncategory: cai-cach-hanh-chinh\ntags: [\"một cửa\"]\n---\n" + body)
    assert nfd != unicodedata.normalize("NFC", nfd)
    site.write_raw("tin-tuc/2020/nfd.md", nfd)
    result = site.build()
    assert result.problems == []
    (article,) = result.corpus.articles
    assert article.title == title
    assert unicodedata.is_normalized("NFC", article.title)
    assert article.body == body
    assert unicodedata.is_normalized("NFC", article.body)
    assert article.tags == ("một cửa",)


@pytest.mark.parametrize("encoding, text, byte", [
    ("cp1258", 'title: "Thông báo"', "0xf4"),
    ("latin-1", 'title: "Café"', "0xe9"),
])
def test_file_not_in_utf8_is_a_clear_problem(make_content, encoding, text, byte):
    site = make_content()
    data = ("---\n" + text + "\ndate: 2020-04-10\n" + CATEGORY + "---\nNoi dung\n").encode(encoding)
    path = site.write_raw("tin-tuc/2020/ma-cu.md", data)
    record, problems = site.load_one(path)
    assert record is None
    problem = only(problems, path="content/tin-tuc/2020/ma-cu.md")
    assert problem.line == 2
    assert "UTF-8" in problem.message
    assert byte in problem.message
    # The whole tree still loads; the file is reported, not crashed on.
    site.article()
    result = site.build()
    assert [p.path for p in result.problems] == ["content/tin-tuc/2020/ma-cu.md"]
    assert result.corpus is None


def test_taxonomies_not_in_utf8_is_a_problem(make_content):
    site = make_content(taxonomies=None)
    (site.content / "taxonomies.yml").write_bytes("categories:\n  a: Thông báo\n".encode("cp1258"))
    loaded = site.load()
    problem = only(loaded.problems, path="content/taxonomies.yml")
    assert "UTF-8" in problem.message


# --- front matter fences -----------------------------------------------------------------------

@pytest.mark.parametrize("data", [b"", b"\n\n   \n"])
def test_empty_file(make_content, data):
    site = make_content()
    path = site.write_raw("tin-tuc/2020/rong.md", data)
    record, problems = site.load_one(path)
    assert record is None
    problem = only(problems, path="content/tin-tuc/2020/rong.md")
    assert problem.line == 1
    assert "tệp rỗng" in problem.message


def test_file_without_front_matter(make_content):
    site = make_content()
    path = site.write_raw("tin-tuc/2020/khong-co.md", "Hội nghị tổng kết năm 2019.\n\nNội dung.\n")
    record, problems = site.load_one(path)
    assert record is None
    problem = only(problems, path="content/tin-tuc/2020/khong-co.md")
    assert problem.line == 1
    assert "front matter" in problem.message
    assert "`---`" in problem.message


def test_front_matter_fence_not_on_the_first_line(make_content):
    site = make_content()
    path = site.write_raw("tin-tuc/2020/dong-trong.md", "\n---\n" + ARTICLE_FM + "---\nNội dung\n")
    record, problems = site.load_one(path)
    assert record is None
    assert "dòng đầu tiên" in only(problems).message


def test_unclosed_front_matter(make_content):
    site = make_content()
    path = site.write_raw("tin-tuc/2020/chua-dong.md", "---\n" + ARTICLE_FM + "Nội dung bài viết.\n")
    record, problems = site.load_one(path)
    assert record is None
    problem = only(problems, path="content/tin-tuc/2020/chua-dong.md")
    assert problem.line == 1
    assert "chưa được đóng" in problem.message
    assert "---" in problem.message


def test_front_matter_that_is_not_a_mapping(make_content):
    site = make_content()
    path = site.write_raw("tin-tuc/2020/danh-sach.md", "---\n- title\n- date\n---\nNội dung\n")
    record, problems = site.load_one(path)
    assert record is None
    assert "tên: giá trị" in only(problems).message


def test_body_line_counts_the_front_matter(make_content):
    site = make_content()
    path = site.article(body="Đoạn một.\n")
    record, problems = site.load_one(path)
    assert problems == []
    assert record.body_line == 6            # ---, 3 fields, ---, then the body
    assert record.lines == {"title": 2, "date": 3, "category": 4}


# --- dates and the year folder -------------------------------------------------------------------

def test_article_year_must_match_its_folder(make_content):
    site = make_content()
    rel, item, problems = article_problems(site, ARTICLE_FM.replace("2020-04-10", "2021-04-10"), year=2020)
    assert item is None
    problem = only(problems, path=rel)
    assert (problem.line, problem.field) == (3, "date")
    assert "2021" in problem.message and "2020" in problem.message
    assert "thư mục" in problem.message


def test_document_year_must_match_its_folder(make_content):
    site = make_content()
    path = site.document(front_matter=DOCUMENT_FM, year=2021)
    item, problems = site.validate_one(path)
    assert item is None
    problem = only(problems, field="issued")
    assert problem.path == "content/van-ban/2021/754-qd-ubnd.md"
    assert problem.line == 6
    assert "2020" in problem.message and "2021" in problem.message


def test_date_with_time_is_vietnam_time(make_content):
    site = make_content()
    _, item, problems = article_problems(site, ARTICLE_FM.replace("2020-04-10", '"2020-04-10 08:30"'))
    assert problems == []
    assert item.date == datetime(2020, 4, 10, 8, 30, tzinfo=TIMEZONE)
    assert item.date.utcoffset().total_seconds() == 7 * 3600
    assert item.has_time is True


def test_date_without_time_is_midnight_and_has_no_time(make_content):
    site = make_content()
    _, item, problems = article_problems(site, ARTICLE_FM)
    assert problems == []
    assert item.date == datetime(2020, 4, 10, tzinfo=TIMEZONE)
    assert item.has_time is False


def test_dates_stay_text_in_the_raw_record(make_content):
    # Kept as text so that validate reports bad dates per field instead of YAML failing the whole file.
    site = make_content()
    record, _ = site.load_one(site.article())
    assert record.data["date"] == "2020-04-10"


# --- YAML 1.1 traps: the text as written is what the editor meant ----------------------------------

@pytest.mark.parametrize("field, written", [
    ("title", "8:30"),          # sexagesimal: 510
    ("source", "010"),          # octal: 8
    ("author", "0x1F"),         # hex: 31
    ("title", "1_000"),         # 1000
    ("summary", "1.50"),        # float 1.5
    ("title", "2020"),
])
def test_yaml_11_numbers_keep_the_text_as_written(make_content, field, written):
    site = make_content()
    fm = ARTICLE_FM if field != "title" else 'date: 2020-04-10\n' + CATEGORY
    _, item, problems = article_problems(site, fm + f"{field}: {written}\n")
    assert problems == []
    assert getattr(item, field) == written


# --- where files are -----------------------------------------------------------------------------

@pytest.mark.parametrize("rel", ["tin-tuc/bai-viet.md", "tin-tuc/2020/thang-4/bai-viet.md", "tin-tuc/nam-2020/bai-viet.md",
                                 "bai-viet.md", "tin/2020/bai-viet.md"])
def test_markdown_file_in_the_wrong_place(make_content, rel):
    site = make_content()
    site.write_raw(rel, "---\n" + ARTICLE_FM + "---\nNội dung\n")
    loaded = site.load()
    assert loaded.records == []
    problem = only(loaded.problems, path=f"content/{rel}")
    assert "tin-tuc/<năm>" in problem.message and "van-ban/<năm>" in problem.message


def test_non_markdown_files_are_assets_and_hidden_files_are_skipped(make_content):
    site = make_content()
    site.write_raw("van-ban/2020/754-qd-ubnd.pdf", b"%PDF-1.4")
    site.write_raw("tin-tuc/2020/anh.jpg", b"\xff\xd8\xff")
    site.write_raw("tin-tuc/2020/.DS_Store", b"\x00\x01")
    loaded = site.load()
    assert loaded.problems == []
    assert loaded.assets == ["tin-tuc/2020/anh.jpg", "van-ban/2020/754-qd-ubnd.pdf"]


def test_records_are_loaded_in_sorted_order(make_content):
    site = make_content()
    for slug in ("c", "a", "b"):
        site.article(slug)
    site.document()
    loaded = site.load()
    assert [r.path for r in loaded.records] == [
        "content/tin-tuc/2020/a.md", "content/tin-tuc/2020/b.md", "content/tin-tuc/2020/c.md",
        "content/van-ban/2020/754-qd-ubnd.md"]
    assert [r.kind for r in loaded.records] == ["article"] * 3 + ["document"]


def test_markdown_symlink_pointing_outside_content_is_refused(make_content, tmp_path):
    site = make_content()
    outside = tmp_path / "outside.md"
    outside.write_text("---\n" + ARTICLE_FM + "---\nBí mật\n", encoding="utf-8")
    (site.content / "tin-tuc" / "2020").mkdir(parents=True)
    os.symlink(outside, site.content / "tin-tuc" / "2020" / "lien-ket.md")
    loaded = site.load()
    assert loaded.records == []
    problem = only(loaded.problems, path="content/tin-tuc/2020/lien-ket.md")
    assert "ngoài thư mục content/" in problem.message


def test_missing_taxonomies_file(make_content):
    site = make_content(taxonomies=None)
    loaded = site.load()
    problem = only(loaded.problems, path="content/taxonomies.yml")
    assert "categories" in problem.message


def test_missing_content_folder(make_content):
    site = make_content()
    from gazette.load import load_content
    loaded = load_content(site.root / "khong-co", site.root)
    assert [p.path for p in loaded.problems] == ["khong-co"]


# --- hostile input -------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["[" * 2000, "[" * 2000 + "]" * 2000])
def test_deeply_nested_value_is_a_problem_not_a_crash(make_content, value):
    site = make_content()
    path = site.article(front_matter=ARTICLE_FM + f"tags: {value}\n")
    record, problems = load_file(path, site.rel(path), "article", "2020")   # must not raise RecursionError
    assert record is None
    problem = only(problems, path=site.rel(path))
    assert problem.severity == ERROR
    assert 2 <= problem.line <= 5


@pytest.mark.parametrize("char", ["\x0b", "\x0c", "\x00", "\x1b", "\x7f"])
def test_control_character_in_front_matter_is_a_problem_not_a_crash(make_content, char):
    # U+000B is what Word's Shift+Enter line break becomes when pasted; YAML refuses control characters.
    site = make_content()
    path = site.article(front_matter=ARTICLE_FM.replace("Tổng kết", f"Tổng{char}kết"))
    record, problems = load_file(path, site.rel(path), "article", "2020")   # must not raise yaml.ReaderError
    assert record is None
    problem = only(problems, path=site.rel(path))
    assert problem.line == 2


def test_control_character_in_the_body_is_left_alone(make_content):
    site = make_content()
    path = site.article(body="Dòng một\x0bdòng hai\n")
    record, problems = site.load_one(path)
    assert problems == []
    assert record.body == "Dòng một\x0bdòng hai\n"


def test_parse_front_matter_of_a_scalar(make_content):
    data, nodes, lines, problems = parse_front_matter("chỉ là một câu", "x.md", offset=2)
    assert data == {}
    assert problems and problems[0].line == 2
