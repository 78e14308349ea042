"""`gazette check`: every problem at once as `path:line: field: message`; exit 0 clean, 1 errors, 2 usage."""
from __future__ import annotations

import re

import pytest

from conftest import ARTICLE_FM, DOCUMENT_FM, REPO_ROOT
from gazette import cli

PROBLEM_LINE = re.compile(r"^(?P<path>content/[^:]+):(?:(?P<line>\d+):)? (?:(?P<field>[\w-]+): )?(?P<message>.+)$")


def test_sample_content_in_the_repository_is_clean(run_check):
    run = run_check(REPO_ROOT, today=None)
    assert run.code == 0, run.out + run.err
    assert not [line for line in run.out.splitlines() if PROBLEM_LINE.match(line)]
    assert "0 lỗi" in run.err


def test_clean_tree_exits_0_and_prints_a_summary(make_content, run_check):
    site = make_content()
    site.article()
    site.document()
    run = run_check(site)
    assert run.code == 0
    assert run.out == ""
    assert "0 lỗi, 0 cảnh báo" in run.err
    assert "1 tin bài, 1 văn bản" in run.err


def test_error_exits_1_with_path_line_field_message(make_content, run_check):
    site = make_content()
    site.article(front_matter=ARTICLE_FM.replace("cai-cach-hanh-chinh", "cai-cach-hanh-chin"))
    run = run_check(site)
    assert run.code == 1
    (line,) = run.lines
    assert line.startswith("content/tin-tuc/2020/tong-ket.md:4: category: ")
    assert "`cai-cach-hanh-chinh`" in line
    assert "1 lỗi" in run.err


def test_every_problem_of_every_file_is_reported_in_one_run_sorted_by_path(make_content, run_check):
    site = make_content()
    # Written in an order that is not the sorted one.
    site.document("754-qd-ubnd", DOCUMENT_FM.replace('"Quyết định"', '"Kế hoạch"'))
    site.article("z-bai", ARTICLE_FM.replace("2020-04-10", "31/3/2020"))
    site.article("a-bai", 'title: Hội nghị: kết quả\ndate: 2020-04-10\ncategory: cai-cach-hanh-chinh\n')
    run = run_check(site)
    assert run.code == 1
    assert len(run.lines) == 3, run.out
    first, second, third = run.lines
    assert first.startswith("content/tin-tuc/2020/a-bai.md:2: title: ")
    assert 'title: "Hội nghị: kết quả"' in first
    assert second.startswith("content/tin-tuc/2020/z-bai.md:3: date: ")
    assert "2020-03-31" in second
    assert third.startswith("content/van-ban/2020/754-qd-ubnd.md:3: type: ")
    assert "Kế hoạch" in third and "Quyết định" in third
    assert "3 lỗi" in run.err


def test_several_problems_in_one_file_are_sorted_by_line(make_content, run_check):
    site = make_content()
    site.article(front_matter='title: yes\ndate: 2020-02-31\ncategory: khong-co\nsumary: "x"\n')
    run = run_check(site)
    assert run.code == 1
    assert [PROBLEM_LINE.match(line)["line"] for line in run.lines] == ["2", "3", "4", "5"]
    assert [PROBLEM_LINE.match(line)["field"] for line in run.lines] == ["title", "date", "category", "sumary"]


def test_non_utf8_and_empty_files_are_reported_with_the_others(make_content, run_check):
    site = make_content()
    site.write_raw("tin-tuc/2020/cp1258.md", '---\ntitle: "Thông báo"\n---\n'.encode("cp1258"))
    site.write_raw("tin-tuc/2020/rong.md", b"")
    site.article("khong-co-nam", ARTICLE_FM, year=2021)
    run = run_check(site)
    assert run.code == 1
    paths = [PROBLEM_LINE.match(line)["path"] for line in run.lines]
    assert paths == ["content/tin-tuc/2020/cp1258.md", "content/tin-tuc/2020/rong.md",
                     "content/tin-tuc/2021/khong-co-nam.md"]
    assert "UTF-8" in run.lines[0]


def test_warning_alone_exits_0(make_content, run_check):
    site = make_content()
    site.document("quyet-dinh-754")                  # file name should be 754-qd-ubnd.md
    run = run_check(site)
    assert run.code == 0
    (line,) = run.lines
    assert line.startswith("content/van-ban/2020/quyet-dinh-754.md:1: cảnh báo: ")
    assert "754-qd-ubnd.md" in line
    assert "0 lỗi, 1 cảnh báo" in run.err


def test_strict_turns_a_warning_into_exit_1(make_content, run_check):
    site = make_content()
    site.document("quyet-dinh-754")
    assert run_check(site, "--strict").code == 1


def test_strict_on_clean_content_exits_0(make_content, run_check):
    site = make_content()
    site.article()
    assert run_check(site, "--strict").code == 0


@pytest.mark.parametrize("argv", [
    ["check", "--no-such-option"],
    ["check", "--format", "xml"],
    ["check", "--today", "31/12/2025"],
    ["no-such-command"],
    [],
])
def test_usage_error_exits_2(capsys, tmp_path, argv):
    with pytest.raises(SystemExit) as exc:
        cli.main(["--root", str(tmp_path), *argv])
    assert exc.value.code == 2
    assert "usage" in capsys.readouterr().err


def test_bad_today_is_explained(capsys, tmp_path):
    with pytest.raises(SystemExit):
        cli.main(["--root", str(tmp_path), "check", "--today", "31/12/2025"])
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_missing_content_folder_exits_2(tmp_path, run_check):
    run = run_check(tmp_path / "khong-co")
    assert run.code == 2
    assert run.out == ""
    assert "không tìm thấy thư mục nội dung" in run.err


def test_content_option_points_at_another_folder(make_content, run_check):
    site = make_content()
    site.article()
    (site.content).rename(site.root / "noi-dung")
    assert run_check(site).code == 2
    assert run_check(site, "--content", "noi-dung").code == 0


def test_github_format_prints_annotations(make_content, run_check):
    site = make_content()
    site.article(front_matter=ARTICLE_FM.replace("cai-cach-hanh-chinh", "cai-cach-hanh-chin"))
    site.document("quyet-dinh-754")
    site.write_raw("tin-tuc/2020/rong.md", b"")
    run = run_check(site, "--format", "github")
    assert run.code == 1
    assert run.lines[0].startswith("::error file=content/tin-tuc/2020/rong.md,line=1::")
    assert run.lines[1].startswith("::error file=content/tin-tuc/2020/tong-ket.md,line=4::category: ")
    assert "cai-cach-hanh-chinh" in run.lines[1]
    assert run.lines[2].startswith("::warning file=content/van-ban/2020/quyet-dinh-754.md,line=1::")
    assert len(run.lines) == 3


def test_github_format_without_a_line(make_content, run_check):
    site = make_content()
    site.document("754-qd-ubnd")
    site.document("qd-754-ban-sao")
    run = run_check(site, "--format", "github")
    assert run.code == 1
    errors = [line for line in run.lines if line.startswith("::error")]
    assert errors == [line for line in errors if line.startswith("::error file=content/van-ban/2020/qd-754-ban-sao.md::")]
    assert len(errors) == 1


def test_github_format_escapes_percent_and_newlines(make_content, run_check):
    site = make_content()
    site.article(front_matter=ARTICLE_FM + '"a\\nb%": 1\n')       # a key with a newline and a percent sign
    run = run_check(site, "--format", "github")
    assert run.code == 1
    (line,) = run.lines
    assert line.startswith("::error file=content/tin-tuc/2020/tong-ket.md,line=5::a%0Ab%25: ")


def missing_site(make_content):
    site = make_content()
    site.article("bai", body="Theo Kế hoạch số 99/KH-UBND và Nghị định số 30/2020/NĐ-CP.\n")
    site.article("bai-2", body="Dòng một.\nLại nhắc Kế hoạch số 99/KH-UBND.\n")
    return site


def test_missing_prints_only_the_missing_list(make_content, run_check):
    site = missing_site(make_content)
    site.article("loi", ARTICLE_FM.replace("cai-cach-hanh-chinh", "khong-co"))   # an error, not listed
    run = run_check(site, "--missing")
    assert run.lines == [
        "30/2020/NĐ-CP\t1 lần\tcontent/tin-tuc/2020/bai.md:6",
        "99/KH-UBND\t2 lần\tcontent/tin-tuc/2020/bai-2.md:7, content/tin-tuc/2020/bai.md:6",
    ]
    assert "khong-co" not in run.out


def test_text_report_ends_with_the_missing_list(make_content, run_check):
    site = missing_site(make_content)
    run = run_check(site)
    assert run.code == 0                               # mentioned-but-missing is a to-do, not an error
    assert "(2)" in run.out
    assert "  30/2020/NĐ-CP: 1 lần, ví dụ content/tin-tuc/2020/bai.md:6" in run.out
    assert "  99/KH-UBND: 2 lần, ví dụ content/tin-tuc/2020/bai-2.md:7" in run.out


def test_check_shows_drafts_and_future_items(make_content, run_check):
    # check validates everything editors wrote, scheduled or not.
    site = make_content()
    site.article("ban-nhap", ARTICLE_FM.replace("cai-cach-hanh-chinh", "sai") + "draft: true\n")
    site.article("tuong-lai", ARTICLE_FM.replace("2020-04-10", "2030-01-01").replace("cai-cach-hanh-chinh", "sai"),
                 year=2030)
    run = run_check(site, today="2026-01-01")
    assert run.code == 1
    assert [line.split(" ")[0] for line in run.lines] == [
        "content/tin-tuc/2020/ban-nhap.md:4:", "content/tin-tuc/2030/tuong-lai.md:4:"]


def test_future_article_is_counted(make_content, run_check):
    site = make_content()
    site.article("tuong-lai", ARTICLE_FM.replace("2020-04-10", "2030-01-01"), year=2030)
    run = run_check(site, today="2026-01-01")
    assert run.code == 0
    assert "1 tin bài" in run.err
