"""`gazette new article|document`: the right file, a complete commented template, never an overwrite."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from gazette import cli
from gazette.fields import ARTICLE_FIELDS, DOCUMENT_FIELDS
from gazette.newfile import SLUG_MAX, article_slug, yaml_quote
from gazette.text import today as vietnam_today


@pytest.fixture
def run_new(capsys, monkeypatch):
    """`run_new(site, "article", "Tiêu đề", "--category", …)` → (exit code, stdout, stderr)."""
    def run(site, *argv: str, cwd: Path | None = None):
        monkeypatch.chdir(cwd or site.root)
        capsys.readouterr()
        try:
            code = cli.main(["--root", str(site.root), "new", *argv])
        except SystemExit as exc:
            code = exc.code
        out = capsys.readouterr()
        return code, out.out, out.err
    return run


def fill(path: Path, **values: str) -> None:
    """What an editor does: replace the value of some fields, e.g. category='cai-cach-hanh-chinh'."""
    text = path.read_text(encoding="utf-8")
    for key, value in values.items():
        text, count = re.subn(rf"^{key}: .*$", f"{key}: {value}", text, count=1, flags=re.M)
        assert count == 1, key
    path.write_text(text, encoding="utf-8")


def field_lines(text: str) -> list[str]:
    front = text.split("---\n")[1]
    return [line.split(":", 1)[0] for line in front.splitlines() if line and not line.startswith("#")]


# --- articles ---------------------------------------------------------------------------------------------------

def test_new_article_path_slug_and_printed_path(make_content, run_new):
    site = make_content()
    code, out, err = run_new(site, "article", "Hội nghị: tổng kết công tác Cải cách hành chính năm 2020",
                             "--category", "cai-cach-hanh-chinh", "--date", "2020-12-30")
    assert code == 0, err
    expected = "content/tin-tuc/2020/hoi-nghi-tong-ket-cong-tac-cai-cach-hanh-chinh-nam-2020.md"
    assert out.strip() == expected
    assert (site.root / expected).is_file()
    assert "gazette check" in err


def test_template_has_every_field_in_order_with_quoted_strings_and_comments(make_content, run_new):
    site = make_content()
    code, out, _ = run_new(site, "article", "Đối thoại với doanh nghiệp", "--date", "2021-03-05")
    assert code == 0
    text = (site.root / out.strip()).read_text(encoding="utf-8")
    assert field_lines(text) == [spec.name for spec in ARTICLE_FIELDS]
    for spec in ARTICLE_FIELDS:
        comment = text.split(f"\n{spec.name}: ")[0].rsplit("\n", 1)[1]
        assert comment.startswith("# " + spec.description), spec.name
        assert ("(bắt buộc)" in comment) == spec.required
    assert 'title: "Đối thoại với doanh nghiệp"' in text
    assert "date: 2021-03-05" in text
    assert 'category: ""' in text and "cai-cach-hanh-chinh, thu-tuc-hanh-chinh" in text   # the choices, shown
    for key in ("summary", "source", "author", "image"):
        assert f'{key}: ""' in text
    assert "tags: []" in text and "documents: []" in text and "draft: true" in text


def test_default_date_is_today_in_vietnam(make_content, run_new):
    site = make_content()
    code, out, _ = run_new(site, "article", "Tin hôm nay")
    assert code == 0
    day = vietnam_today()
    assert out.strip() == f"content/tin-tuc/{day.year}/tin-hom-nay.md"
    assert f"date: {day.isoformat()}" in (site.root / out.strip()).read_text(encoding="utf-8")


def test_template_fails_check_until_required_values_are_filled_then_passes(make_content, run_new, run_check):
    site = make_content()
    code, out, _ = run_new(site, "article", "Kết quả: chỉ số CCHC năm 2020 tăng 5 bậc", "--date", "2021-02-01")
    assert code == 0
    path = site.root / out.strip()
    run = run_check(site)
    assert run.code == 1
    assert any(line.startswith(f"{out.strip()}:") and "category" in line for line in run.lines)
    fill(path, category="cai-cach-hanh-chinh", draft="false", tags='["chỉ số cải cách hành chính"]',
         summary='"Chỉ số tăng 5 bậc."', documents='["754/QĐ-UBND"]')
    path.write_text(path.read_text(encoding="utf-8") + "Nội dung bài viết.\n", encoding="utf-8")
    site.document()                                                  # 754/QĐ-UBND, issued 2020-03-31
    run = run_check(site, "--strict")
    assert run.code == 0, run.out
    assert "1 tin bài, 1 văn bản" in run.err


def test_new_article_with_category_passes_check_as_created(make_content, run_new, run_check):
    site = make_content()
    assert run_new(site, "article", "Bài mới", "--category", "thu-tuc-hanh-chinh", "--date", "2020-05-05")[0] == 0
    assert run_check(site, "--strict").code == 0


def test_refuses_to_overwrite(make_content, run_new):
    site = make_content()
    code, out, _ = run_new(site, "article", "Bài viết", "--date", "2020-05-05")
    path = site.root / out.strip()
    path.write_text(path.read_text(encoding="utf-8") + "Nội dung đã viết.\n", encoding="utf-8")
    before = path.read_bytes()
    code, out, err = run_new(site, "article", "Bài  viết", "--date", "2020-06-06")   # same slug, same year
    assert code == 1
    assert out == ""
    assert "content/tin-tuc/2020/bai-viet.md" in err and "không ghi đè" in err
    assert path.read_bytes() == before


def test_unknown_category_is_a_usage_error_with_a_suggestion(make_content, run_new):
    site = make_content()
    code, out, err = run_new(site, "article", "Bài viết", "--category", "cai-cach-hanh-chin")
    assert code == 2 and out == ""
    assert "`cai-cach-hanh-chinh`" in err
    assert not list((site.content / "tin-tuc").rglob("*.md"))


@pytest.mark.parametrize("argv", [["article"], ["article", "x", "--date", "10/4/2020"], ["document", "754/QĐ-UBND"],
                                  ["poster", "x"]])
def test_argument_errors_exit_2(make_content, run_new, argv):
    assert run_new(make_content(), *argv)[0] == 2


def test_title_without_letters_is_refused(make_content, run_new):
    code, _, err = run_new(make_content(), "article", "!!! ...")
    assert code == 2
    assert "tiêu đề" in err


def test_slugs_long_numeric_and_reserved():
    long = article_slug("Triển khai " * 30)
    assert len(long) <= SLUG_MAX and not long.endswith("-") and long.startswith("trien-khai-trien-khai")
    assert article_slug("2020") == "bai-2020"
    assert article_slug("Trang") == "bai-trang"
    assert article_slug("Quyết định 754/QĐ-UBND: đôi điều") == "quyet-dinh-754-qd-ubnd-doi-dieu"


# --- documents --------------------------------------------------------------------------------------------------

def test_new_document_from_a_messy_number(make_content, run_new, run_check):
    site = make_content()
    code, out, err = run_new(site, "document", "754/QD-UBND", "--issued", "2020-03-31")
    assert code == 0, err
    assert out.strip() == "content/van-ban/2020/754-qd-ubnd.md"
    path = site.root / out.strip()
    text = path.read_text(encoding="utf-8")
    assert field_lines(text) == [spec.name for spec in DOCUMENT_FIELDS]
    assert 'number: "754/QĐ-UBND"' in text                        # canonical form
    assert 'type: "Quyết định"' in text                            # from the type code
    assert 'issuer: "ubnd-tinh"' in text                           # from the issuer code UBND
    assert "issued: 2020-03-31" in text
    assert "title" in err                                          # still to fill in
    assert run_check(site).code == 1
    fill(path, title='"Công bố Chỉ số cải cách hành chính năm 2019"', draft="false")
    run = run_check(site, "--strict")
    assert run.code == 0, run.out


@pytest.mark.parametrize("number, type_name", [
    ("11-CT/TU", "Chỉ thị"), ("123/UBND-KT", "Công văn"), ("30/2020/NĐ-CP", "Nghị định"),
    ("08/CTr-UBND", "Chương trình"), ("1494/TTr-SNV", "Tờ trình")])
def test_type_defaults_from_the_number(make_content, run_new, number, type_name):
    site = make_content()
    code, out, _ = run_new(site, "document", number, "--issued", "2020-03-31")
    assert code == 0
    assert f'type: "{type_name}"' in (site.root / out.strip()).read_text(encoding="utf-8")


def test_type_issuer_options(make_content, run_new):
    site = make_content()
    code, out, _ = run_new(site, "document", "15/KH-BQLKCN", "--issued", "2020-04-08", "--issuer", "bqlkcn",
                           "--type", "kế hoạch")
    assert code == 0
    text = (site.root / out.strip()).read_text(encoding="utf-8")
    assert 'issuer: "bqlkcn"' in text and 'type: "kế hoạch"' in text


@pytest.mark.parametrize("argv, words", [
    (["754/QĐ-UBND", "--issued", "2020-03-31", "--type", "Kế hoạch"], ["Kế hoạch", "Quyết định"]),
    (["754/QĐ-UBND", "--issued", "2020-03-31", "--issuer", "ubnd"], ["ubnd-tinh"]),
    (["31/3/2020", "--issued", "2020-03-31"], ["số ký hiệu"]),
    (["754/QĐ-UBND", "--issued", "2020-02-31"], ["YYYY-MM-DD"]),
])
def test_document_argument_errors(make_content, run_new, argv, words):
    site = make_content()
    code, out, err = run_new(site, "document", *argv)
    assert code == 2 and out == ""
    assert all(word in err for word in words), err
    assert not list((site.content / "van-ban").rglob("*.md"))


def test_document_refuses_to_overwrite_and_warns_about_same_number_in_another_year(make_content, run_new):
    site = make_content()
    site.document()                                                   # 754/QĐ-UBND in 2020
    code, _, err = run_new(site, "document", "754/QĐ-UBND", "--issued", "2020-05-01")
    assert code == 1 and "không ghi đè" in err
    code, out, err = run_new(site, "document", "754/QĐ-UBND", "--issued", "2021-05-01")
    assert code == 0
    assert out.strip() == "content/van-ban/2021/754-qd-ubnd.md"
    assert "754/QĐ-UBND@2021" in err


def test_printed_path_is_relative_to_the_current_folder(make_content, run_new):
    site = make_content()
    code, out, _ = run_new(site, "article", "Bài viết", "--date", "2020-05-05", cwd=site.content)
    assert code == 0
    assert out.strip() == "tin-tuc/2020/bai-viet.md"


# --- YAML quoting ---------------------------------------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.text())
def test_quoted_strings_read_back_exactly(value):
    import unicodedata
    loaded = yaml.safe_load(f"k: {yaml_quote(value)}\n")
    assert loaded["k"] == unicodedata.normalize("NFC", value)


def test_quoting_traps():
    for value in ['Hội nghị: kết quả', 'yes', '08:30', '"trích dẫn"', "a\\b", "# không phải chú thích", "\x85\u2028"]:
        assert yaml.safe_load(f"k: {yaml_quote(value)}")["k"] == value
