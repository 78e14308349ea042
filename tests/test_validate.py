"""Stage 2 (validate): the editors' contract for each field, with messages that point at file, line and field."""
from __future__ import annotations

import os
import string

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import ARTICLE_FM, DOCUMENT_FM, TAXONOMIES, Site, only
from gazette.errors import ERROR, WARNING, Problem
from gazette.load import load_file
from gazette.model import Article, Attachment, Document
from gazette.taxonomies import validate_taxonomies
from gazette.validate import validate_article, validate_document

ARTICLE_LINES = {"title": 'title: "Tổng kết cải cách hành chính"', "date": "date: 2020-04-10",
                 "category": "category: cai-cach-hanh-chinh"}
DOCUMENT_LINES = {"number": 'number: "754/QĐ-UBND"', "type": 'type: "Quyết định"',
                  "title": 'title: "Công bố Chỉ số cải cách hành chính năm 2019"', "issuer": "issuer: ubnd-tinh",
                  "issued": "issued: 2020-03-31"}


def errors(problems):
    return [p for p in problems if p.severity == ERROR]


def test_the_base_fixtures_are_valid(make_content):
    site = make_content()
    article, problems = site.validate_one(site.article())
    assert problems == []
    assert isinstance(article, Article)
    assert (article.title, article.category, article.year, article.slug) == (
        "Tổng kết cải cách hành chính", "cai-cach-hanh-chinh", 2020, "tong-ket")
    assert article.url == "tin-tuc/2020/tong-ket/"
    document, problems = site.validate_one(site.document())
    assert problems == []
    assert isinstance(document, Document)
    assert document.number.canonical == "754/QĐ-UBND"
    assert document.url == "van-ban/2020/754-qd-ubnd/"


# --- required fields -----------------------------------------------------------------------------

@pytest.mark.parametrize("missing", ["title", "date", "category"])
def test_article_missing_required_field(make_content, missing):
    site = make_content()
    fm = "".join(line + "\n" for key, line in ARTICLE_LINES.items() if key != missing)
    path = site.article(front_matter=fm)
    item, problems = site.validate_one(path)
    assert item is None
    (problem,) = problems
    assert problem.path == "content/tin-tuc/2020/tong-ket.md"
    assert problem.line == 1                          # the opening ---: there is no line for a missing field
    assert f"`{missing}`" in problem.message
    assert "bắt buộc" in problem.message and "bị thiếu" in problem.message


@pytest.mark.parametrize("missing", ["number", "type", "title", "issuer", "issued"])
def test_document_missing_required_field(make_content, missing):
    site = make_content()
    fm = "".join(line + "\n" for key, line in DOCUMENT_LINES.items() if key != missing)
    path = site.document(front_matter=fm)
    item, problems = site.validate_one(path)
    assert item is None
    problem = only(problems, severity=ERROR)
    assert problem.path == "content/van-ban/2020/754-qd-ubnd.md"
    assert f"`{missing}`" in problem.message
    assert "bắt buộc" in problem.message


def test_every_missing_field_is_reported_at_once(make_content):
    site = make_content()
    path = site.document(front_matter="signer: \"Nguyễn Văn A\"\n")
    item, problems = site.validate_one(path)
    assert item is None
    reported = sorted(name for name in DOCUMENT_LINES if any(f"`{name}`" in p.message for p in problems))
    assert reported == sorted(DOCUMENT_LINES)


@pytest.mark.parametrize("empty", ['""', "", "[]", "~"])
def test_required_field_present_but_empty(make_content, empty):
    site = make_content()
    path = site.article(front_matter=f"title: {empty}\ndate: 2020-04-10\ncategory: cai-cach-hanh-chinh\n")
    item, problems = site.validate_one(path)
    assert item is None
    problem = only(problems)
    assert (problem.line, problem.field) == (2, "title")
    assert "trống" in problem.message


# --- controlled lists and unknown fields ---------------------------------------------------------

def test_unknown_category_suggests_the_closest_key(make_content):
    site = make_content()
    path = site.article(front_matter=ARTICLE_FM.replace("cai-cach-hanh-chinh", "cai-cach-hanh-chin"))
    item, problems = site.validate_one(path)
    assert item is None
    problem = only(problems)
    assert (problem.path, problem.line, problem.field) == ("content/tin-tuc/2020/tong-ket.md", 4, "category")
    assert "`cai-cach-hanh-chin`" in problem.message
    assert "`cai-cach-hanh-chinh`" in problem.message
    assert "taxonomies.yml" in problem.message


def test_unknown_category_without_close_match_lists_the_valid_keys(make_content):
    site = make_content()
    path = site.article(front_matter=ARTICLE_FM.replace("cai-cach-hanh-chinh", "the-thao"))
    _, problems = site.validate_one(path)
    message = only(problems, field="category").message
    assert "the-thao" in message
    assert "cai-cach-hanh-chinh" in message and "thu-tuc-hanh-chinh" in message


def test_category_written_as_the_display_name_is_refused(make_content):
    site = make_content()
    path = site.article(front_matter=ARTICLE_FM.replace("cai-cach-hanh-chinh", '"Cải cách hành chính"'))
    _, problems = site.validate_one(path)
    assert "Cải cách hành chính" in only(problems, field="category").message


def test_unknown_issuer_and_field_keys_suggest(make_content):
    site = make_content()
    fm = DOCUMENT_FM.replace("issuer: ubnd-tinh", "issuer: ubnd-tin") + "fields: [dau-tu, cai-cach-hanh-chin]\n"
    _, problems = site.validate_one(site.document(front_matter=fm))
    issuer = only(problems, field="issuer")
    assert issuer.line == 5 and "`ubnd-tinh`" in issuer.message
    field = only(problems, field="fields")
    assert field.line == 7
    assert "`cai-cach-hanh-chin`" in field.message and "`cai-cach-hanh-chinh`" in field.message


def test_unknown_front_matter_key_suggests_the_field(make_content):
    site = make_content()
    path = site.article(front_matter=ARTICLE_FM + 'sumary: "Sapo"\n')
    item, problems = site.validate_one(path)
    assert item is None
    problem = only(problems)
    assert (problem.line, problem.field) == (5, "sumary")
    assert "`sumary`" in problem.message
    assert "`summary`" in problem.message


def test_document_only_field_in_an_article_is_unknown(make_content):
    site = make_content()
    _, problems = site.validate_one(site.article(front_matter=ARTICLE_FM + "signer: \"Nguyễn Văn A\"\n"))
    problem = only(problems, field="signer")
    assert "không được hỗ trợ" in problem.message


# --- documents: number and type ------------------------------------------------------------------

def test_type_must_agree_with_the_number(make_content):
    site = make_content()
    path = site.document(front_matter=DOCUMENT_FM.replace('"Quyết định"', '"Kế hoạch"'))
    item, problems = site.validate_one(path)
    assert item is None
    problem = only(problems)
    assert (problem.line, problem.field) == (3, "type")
    assert "Kế hoạch" in problem.message
    assert "754/QĐ-UBND" in problem.message
    assert "Quyết định" in problem.message               # what the code QĐ means


@pytest.mark.parametrize("written", ["quyết định", "QUYẾT ĐỊNH", "Quyet dinh"])
def test_type_comparison_ignores_case_and_marks(make_content, written):
    site = make_content()
    item, problems = site.validate_one(site.document(front_matter=DOCUMENT_FM.replace('"Quyết định"', f'"{written}"')))
    assert problems == []
    assert item.type == written


def test_letter_number_is_a_cong_van(make_content):
    site = make_content()
    fm = DOCUMENT_FM.replace('"754/QĐ-UBND"', '"123/UBND-KT"').replace('"Quyết định"', '"Công văn"')
    item, problems = site.validate_one(site.document("123-ubnd-kt", fm))
    assert problems == []
    assert item.number.canonical == "123/UBND-KT"


@pytest.mark.parametrize("number", ["abc", "754", "QĐ-UBND", "0/QĐ-UBND", "754/QĐ-U"])
def test_invalid_document_number(make_content, number):
    site = make_content()
    path = site.document(front_matter=DOCUMENT_FM.replace("754/QĐ-UBND", number))
    item, problems = site.validate_one(path)
    assert item is None
    problem = only(problems, field="number")
    assert problem.line == 2
    assert f"`{number}`" in problem.message
    assert "754/QĐ-UBND" in problem.message               # an example of a valid one


def test_file_name_not_matching_the_number_is_only_a_warning(make_content):
    site = make_content()
    item, problems = site.validate_one(site.document("quyet-dinh-754"))
    assert item is not None
    problem = only(problems)
    assert problem.severity == WARNING
    assert "754-qd-ubnd.md" in problem.message


def test_issuer_code_missing_from_the_number_is_a_warning(make_content):
    site = make_content()
    item, problems = site.validate_one(site.document(front_matter=DOCUMENT_FM.replace("ubnd-tinh", "bqlkcn")))
    assert item is not None
    problem = only(problems)
    assert (problem.severity, problem.field, problem.line) == (WARNING, "issuer", 5)
    assert "BQLKCN" in problem.message and "754/QĐ-UBND" in problem.message


# --- file names ---------------------------------------------------------------------------------

@pytest.mark.parametrize("slug, suggestion", [("Bai Viet", "bai-viet"), ("bài-viết", "bai-viet"),
                                              ("bai_viet", "bai-viet"), ("Tong-Ket", "tong-ket")])
def test_bad_file_name_slug(make_content, slug, suggestion):
    site = make_content()
    path = site.article(slug)
    item, problems = site.validate_one(path)
    assert item is None
    problem = only(problems)
    assert problem.path == f"content/tin-tuc/2020/{slug}.md"
    assert f"`{slug}.md`" in problem.message
    assert f"`{suggestion}.md`" in problem.message


@pytest.mark.parametrize("slug", ["trang", "04", "2020"])
def test_article_file_name_reserved_for_archive_pages(make_content, slug):
    site = make_content()
    item, problems = site.validate_one(site.article(slug))
    assert item is None
    problem = only(problems)
    assert problem.path == f"content/tin-tuc/2020/{slug}.md"
    assert f"`{slug}.md`" in problem.message and "lưu trữ" in problem.message


# --- draft and other typed fields ----------------------------------------------------------------

@pytest.mark.parametrize("written", ['"maybe"', '"true"', "1", "có"])
def test_draft_must_be_true_or_false(make_content, written):
    site = make_content()
    item, problems = site.validate_one(site.article(front_matter=ARTICLE_FM + f"draft: {written}\n"))
    assert item is None
    problem = only(problems)
    assert (problem.line, problem.field) == (5, "draft")
    assert written.strip('"') in problem.message
    assert "true" in problem.message and "false" in problem.message


@pytest.mark.parametrize("written, expected", [("true", True), ("false", False), ("yes", True)])
def test_draft_boolean(make_content, written, expected):
    site = make_content()
    item, problems = site.validate_one(site.article(front_matter=ARTICLE_FM + f"draft: {written}\n"))
    assert problems == []
    assert item.draft is expected


def test_tags_as_a_single_string_become_one_tag(make_content):
    site = make_content()
    item, problems = site.validate_one(site.article(front_matter=ARTICLE_FM + 'tags: "một cửa"\n'))
    assert problems == []
    assert item.tags == ("một cửa",)


def test_title_that_is_a_list_is_refused(make_content):
    site = make_content()
    _, problems = site.validate_one(site.article(front_matter='title: [a, b]\ndate: 2020-04-10\n'
                                                 'category: cai-cach-hanh-chinh\n'))
    problem = only(problems)
    assert (problem.line, problem.field) == (2, "title")
    assert "danh sách" in problem.message


def test_summary_defaults_to_the_first_paragraph(make_content):
    site = make_content()
    item, _ = site.validate_one(site.article(body="# Tiêu đề\n\nĐoạn **đầu** có [liên kết](x.md).\n\nĐoạn hai.\n"))
    assert item.summary == "Đoạn đầu có liên kết."
    assert item.has_summary is False


def test_status_is_matched_without_marks_and_otherwise_suggested(make_content):
    site = make_content()
    item, problems = site.validate_one(site.document(front_matter=DOCUMENT_FM + 'status: "het hieu luc"\n'))
    assert problems == []
    assert item.status == "Hết hiệu lực"
    _, problems = site.validate_one(site.document(front_matter=DOCUMENT_FM + 'status: "Còn hiệu lự"\n'))
    problem = only(problems)
    assert (problem.line, problem.field) == (7, "status")
    assert "`Còn hiệu lực`" in problem.message


def test_date_with_time_is_refused_for_a_document_date(make_content):
    site = make_content()
    _, problems = site.validate_one(site.document(front_matter=DOCUMENT_FM + 'effective: "2020-04-01 08:00"\n'))
    problem = only(problems)
    assert (problem.line, problem.field) == (7, "effective")
    assert "2020-04-01 08:00" in problem.message


@pytest.mark.parametrize("ref, words", [("754/QĐ-UBND@20", ["@", "4 chữ số"]),
                                        ("không phải số", ["không phải số ký hiệu"])])
def test_invalid_reference_text(make_content, ref, words):
    site = make_content()
    _, problems = site.validate_one(site.article(front_matter=ARTICLE_FM + f'documents: ["{ref}"]\n'))
    problem = only(problems)
    assert (problem.line, problem.field) == (5, "documents")
    assert ref in problem.message
    for word in words:
        assert word in problem.message


def test_reference_parsing(make_content):
    site = make_content()
    item, problems = site.validate_one(site.article(
        front_matter=ARTICLE_FM + 'documents: ["754/QĐ-UBND@2020", "30/2020/NĐ-CP", "số 12/kh-ubnd"]\n'))
    assert problems == []
    assert [(r.number.canonical, r.year, r.label) for r in item.documents] == [
        ("754/QĐ-UBND", 2020, "754/QĐ-UBND@2020"), ("30/2020/NĐ-CP", None, "30/2020/NĐ-CP"),
        ("12/KH-UBND", None, "12/KH-UBND")]


def test_block_list_items_report_their_own_lines(make_content):
    # Lines 1-4: ---, title, date, category; 5: "tags:"; 6: first item; 7: second item.
    site = make_content()
    path = site.article(front_matter=ARTICLE_FM + 'tags:\n  - "một cửa"\n  - [lồng, nhau]\n')
    assert path.read_text(encoding="utf-8").split("\n")[6] == "  - [lồng, nhau]"
    _, problems = site.validate_one(path)
    problem = only(problems, field="tags")
    assert "mục thứ 2" in problem.message
    assert problem.line == 7


def test_flow_list_items_report_the_key_line(make_content):
    site = make_content()
    _, problems = site.validate_one(site.article(front_matter=ARTICLE_FM + 'tags: ["một cửa", [lồng]]\n'))
    assert only(problems, field="tags").line == 5


# --- attachments ---------------------------------------------------------------------------------

def attachment_problems(site, items: str):
    path = site.document(front_matter=DOCUMENT_FM + f"attachments: [{items}]\n")
    item, problems = site.validate_one(path)
    return item, problems


def test_existing_attachment_has_size_and_kind(make_content):
    site = make_content()
    site.write_raw("van-ban/2020/754-qd-ubnd.pdf", b"%PDF-1.4 " + b"x" * 991)
    site.write_raw("van-ban/2020/phu-luc.docx", b"PK" + b"\0" * 98)
    item, problems = attachment_problems(site, '"754-qd-ubnd.pdf", {file: "phu-luc.docx", title: "Phụ lục"}')
    assert problems == []
    assert item.attachments == (
        Attachment("van-ban/2020/754-qd-ubnd.pdf", "754-qd-ubnd.pdf", 1000, "PDF"),
        Attachment("van-ban/2020/phu-luc.docx", "Phụ lục", 100, "DOCX"),
    )


def test_missing_attachment(make_content):
    site = make_content()
    item, problems = attachment_problems(site, '"754-qd-ubnd.pdf"')
    assert item is None
    problem = only(problems)
    assert (problem.path, problem.line, problem.field) == ("content/van-ban/2020/754-qd-ubnd.md", 7, "attachments")
    assert "`754-qd-ubnd.pdf`" in problem.message
    assert "không tìm thấy" in problem.message
    assert "754-qd-ubnd.md" in problem.message


@pytest.mark.parametrize("name", ["../secret.txt", "../../../secret.txt", "con/../../secret.txt", "/etc/passwd",
                                  "C:/Windows/win.ini", "\\\\server\\share\\a.pdf"])
def test_attachment_outside_the_folder_is_refused(make_content, name):
    site = make_content()
    (site.root / "secret.txt").write_text("mật", encoding="utf-8")
    site.write_raw("van-ban/secret.txt", "mật")
    item, problems = attachment_problems(site, f"'{name}'")
    assert item is None
    problem = only(problems)
    assert (problem.line, problem.field) == (7, "attachments")
    assert f"`{name}`" in problem.message
    assert "cạnh tệp 754-qd-ubnd.md" in problem.message


def test_attachment_symlink_pointing_outside_content_is_refused(make_content, tmp_path):
    site = make_content()
    secret = tmp_path / "secret.txt"
    secret.write_text("mật", encoding="utf-8")
    (site.content / "van-ban" / "2020").mkdir(parents=True)
    os.symlink(secret, site.content / "van-ban" / "2020" / "toan-van.pdf")
    item, problems = attachment_problems(site, '"toan-van.pdf"')
    assert item is None
    problem = only(problems)
    assert (problem.line, problem.field) == (7, "attachments")
    assert "`toan-van.pdf`" in problem.message
    assert "ngoài thư mục content/" in problem.message
    # The full run reports the link itself as well, and builds nothing.
    result = site.build()
    assert result.corpus is None
    assert {p.path for p in result.errors} == {"content/van-ban/2020/toan-van.pdf",
                                               "content/van-ban/2020/754-qd-ubnd.md"}


def test_attachment_symlink_inside_content_is_accepted(make_content):
    site = make_content()
    site.write_raw("van-ban/2019/goc.pdf", b"%PDF-1.4")
    (site.content / "van-ban" / "2020").mkdir(parents=True)
    os.symlink(site.content / "van-ban" / "2019" / "goc.pdf", site.content / "van-ban" / "2020" / "ban-sao.pdf")
    item, problems = attachment_problems(site, '"ban-sao.pdf"')
    assert problems == []
    assert item.attachments[0].size == 8


@pytest.mark.parametrize("items", ['""', "5", "{title: Phụ lục}", "{file: [a]}"])
def test_attachment_entry_without_a_file_name(make_content, items):
    site = make_content()
    _, problems = attachment_problems(site, items)
    problem = only(problems)
    assert (problem.line, problem.field) == (7, "attachments")
    assert "mục thứ 1" in problem.message and "file" in problem.message


def test_attachment_that_is_a_folder_is_not_a_file(make_content):
    site = make_content()
    (site.content / "van-ban" / "2020" / "thu-muc").mkdir(parents=True)
    _, problems = attachment_problems(site, '"thu-muc"')
    assert "không tìm thấy" in only(problems).message


def test_very_long_attachment_name_is_a_problem_not_a_crash(make_content):
    site = make_content()
    name = "a" * 300 + ".pdf"                   # longer than any file system allows (ENAMETOOLONG)
    item, problems = attachment_problems(site, f'"{name}"')
    assert item is None
    problem = only(problems)
    assert problem.field == "attachments"


def test_attachment_block_list_lines(make_content):
    # 7: "attachments:", 8: first item, 9: second item.
    site = make_content()
    site.write_raw("van-ban/2020/co.pdf", b"%PDF")
    path = site.document(front_matter=DOCUMENT_FM + 'attachments:\n  - "co.pdf"\n  - "khong-co.pdf"\n')
    assert path.read_text(encoding="utf-8").split("\n")[8] == '  - "khong-co.pdf"'
    _, problems = site.validate_one(path)
    assert only(problems, field="attachments").line == 9


# --- taxonomies ----------------------------------------------------------------------------------

def test_taxonomies_are_read(make_content):
    site = make_content()
    taxonomies, problems = validate_taxonomies(site.load().taxonomies)
    assert problems == []
    assert dict(taxonomies.categories) == {"cai-cach-hanh-chinh": "Cải cách hành chính",
                                           "thu-tuc-hanh-chinh": "Thủ tục hành chính"}
    assert taxonomies.issuers["ubnd-tinh"].code == "UBND"
    assert set(taxonomies.fields) == {"cai-cach-hanh-chinh", "dau-tu"}
    assert taxonomies.document_types["QĐ"] == "Quyết định"


def test_taxonomies_problems(make_content):
    site = make_content(taxonomies="categories:\n  Cải Cách: Cải cách\nissuers:\n  ubnd: UBND tỉnh\n"
                                   "fields: {}\ncategory: {}\n")
    _, problems = validate_taxonomies(site.load().taxonomies)
    assert only(problems, field="categories").line == 1
    assert "Cải Cách" in only(problems, field="categories").message
    assert "name" in only(problems, field="issuers").message
    unknown = only(problems, field="category")
    assert unknown.line == 6 and "`categories`" in unknown.message


# --- hostile input never raises ------------------------------------------------------------------

_PIECES = list(string.ascii_letters[:12] + string.digits + " :-[]{}'\"#&*!|>%@`,?.\\/\t\n") + [
    "---\n", "\n---\n", "title: ", "date: ", "category: ", "number: ", "type: ", "issuer: ", "issued: ",
    "attachments: ", "documents: ", "replaces: ", "fields: ", "tags: ", "draft: ", "status: ", "aliases: ",
    "\n  - ", "file: ", "2020-02-31", "2020-04-10 08:30", "31/3/2020", "754/QĐ-UBND", "@2020", "cai-cach-hanh-chinh",
    "ubnd-tinh", "Quyết định", "yes", "~", "&a ", "*a", "<<: ", "!!str ", "!!binary ", "\ufeff", "\r\n", "ộ",
    "o\u0302\u0323", "\x00", "\x85", "\u2028",
]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    (root / "content").mkdir()
    (root / "content" / "taxonomies.yml").write_text(TAXONOMIES, encoding="utf-8")
    site = Site(root)
    taxonomies, problems = validate_taxonomies(site.load().taxonomies)
    assert problems == []
    return site, taxonomies


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(st.sampled_from(_PIECES), max_size=40), raw=st.binary(max_size=30),
       kind=st.sampled_from(["article", "document"]), framed=st.booleans())
def test_hostile_file_never_raises(hostile_site, pieces, raw, kind, framed):
    site, taxonomies = hostile_site
    text = "".join(pieces)
    data = (("---\n" + text + "\n---\nNội dung\n") if framed else text).encode("utf-8") + raw
    section = "tin-tuc" if kind == "article" else "van-ban"
    path = site.write_raw(f"{section}/2020/thu.md", data)
    rel = site.rel(path)
    record, problems = load_file(path, rel, kind, "2020")
    if record is not None:
        validate = validate_article if kind == "article" else validate_document
        item, more = validate(record, taxonomies)
        problems = problems + more
        assert item is None or isinstance(item, (Article, Document))
    else:
        assert problems
    assert all(isinstance(p, Problem) and p.path == rel for p in problems)
    assert all(isinstance(p.format(), str) for p in problems)
