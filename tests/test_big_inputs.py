"""Hostile sizes: a 5 MB article, an article of 100,000 short lines, a front matter of 100,000 short lines.

Each case goes into its own throw-away copy of the project (the sample content plus the one big article) and is run
through the two commands a publisher runs: `gazette check` (gazette.cli.main, in a subprocess so that it can be
bounded) and a real `mkdocs build --strict` (sitebuild.build_site). Each must either succeed, and then the
article's page exists and ends with the end of the text, or fail with a clear `path:line: field: message` naming
the file, and never with a traceback. Time is bounded by the subprocess timeouts, not by a speed target: a command
that runs past its timeout fails the test, and the whole module must finish within the sum of its timeouts.
"""
from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from sitebuild import FIXED_TODAY, REPO, build_site, copy_project

CHECK_TIMEOUT = 600    # seconds for one `gazette check` (the subprocess is killed past it)
BUILD_TIMEOUT = 600    # seconds for one build: sitebuild.build_site's own subprocess timeout
SETUP_SLACK = 120      # seconds per case for copying the project, writing the big file and reading the pages
YEAR = 2020
MB = 1024 * 1024

# -- the big files ---------------------------------------------------------------------------------------------

SENTENCES = [
    "Ban Quản lý các Khu công nghiệp tỉnh tiếp tục đẩy mạnh công tác cải cách hành chính, lấy người dân và doanh "
    "nghiệp làm trung tâm phục vụ.",
    "Các phòng chuyên môn rà soát, đơn giản hóa thủ tục hành chính trong lĩnh vực đầu tư, xây dựng, môi trường và "
    "lao động tại các khu công nghiệp.",
    "Bộ phận Một cửa tiếp nhận hồ sơ trực tuyến, trả kết quả đúng hẹn và công khai quy trình giải quyết trên Cổng "
    "Dịch vụ công của tỉnh.",
    "Đội ngũ cán bộ, công chức được bồi dưỡng kỹ năng số, nâng cao tinh thần trách nhiệm và đạo đức công vụ.",
    "Lãnh đạo Ban yêu cầu các đơn vị khắc phục ngay các tiêu chí thành phần đạt điểm thấp trong Chỉ số cải cách "
    "hành chính của năm trước.",
    "Doanh nghiệp phản ánh, kiến nghị qua đường dây nóng được ghi nhận, phân loại và trả lời trong thời hạn quy định.",
    "Việc số hóa hồ sơ, kết quả giải quyết thủ tục hành chính được thực hiện đồng bộ với kho dữ liệu điện tử của "
    "tổ chức, cá nhân.",
    "Văn phòng Ban tổng hợp số liệu, báo cáo định kỳ hằng quý, sáu tháng và cả năm về tình hình thực hiện nhiệm vụ "
    "được giao.",
    "Hội nghị đối thoại với doanh nghiệp được tổ chức định kỳ để tháo gỡ khó khăn, vướng mắc về đất đai, thuế và "
    "thủ tục đầu tư.",
    "Kết quả khảo sát mức độ hài lòng của người dân, doanh nghiệp là căn cứ để đánh giá, xếp loại cơ quan, đơn vị.",
    "Công tác tuyên truyền, phổ biến giáo dục pháp luật cho người lao động trong khu công nghiệp được duy trì "
    "thường xuyên.",
    "Ứng dụng công nghệ thông tin trong chỉ đạo, điều hành giúp rút ngắn thời gian xử lý văn bản, tiết kiệm chi phí.",
]
CITATIONS = [  # documents of the sample content, each with a single year (no @year needed)
    ("Thực hiện Quyết định số 754/QĐ-UBND ngày 31/3/2020 của Chủ tịch UBND tỉnh, các đơn vị xây dựng kế hoạch "
     "khắc phục hạn chế.", "van-ban/2020/754-qd-ubnd/"),
    ("Theo Nghị định số 61/2018/NĐ-CP của Chính phủ, hồ sơ được tiếp nhận và trả kết quả tại Bộ phận Một cửa.",
     "van-ban/2018/61-2018-nd-cp/"),
    ("Danh mục dịch vụ công trực tuyến ban hành kèm theo Quyết định số 3052/QĐ-UBND được cập nhật đầy đủ.",
     "van-ban/2019/3052-qd-ubnd/"),
    ("Thực hiện Chỉ thị số 05/CT-UBND, kỷ luật, kỷ cương hành chính được siết chặt.", "van-ban/2023/05-ct-ubnd/"),
]


def realistic_paragraphs(size: int, seed: int = 20200505) -> list[str]:
    """Vietnamese administrative-news paragraphs (UTF-8 bytes ≥ `size` in all), every fifth with a citation."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    total = 0
    while total < size:
        sentences = rng.sample(SENTENCES, rng.randint(3, 6))
        if len(paragraphs) % 5 == 0:
            sentences.insert(rng.randint(0, len(sentences)), CITATIONS[len(paragraphs) // 5 % len(CITATIONS)][0])
        text = f"Mục {len(paragraphs) + 1}. " + " ".join(sentences)
        paragraphs.append(text)
        total += len(text.encode("utf-8")) + 2
    return paragraphs


def front_matter(title: str, extra: str = "") -> str:
    return f'title: "{title}"\ndate: {YEAR}-05-05\ncategory: cai-cach-hanh-chinh\nsource: "VP-BQLKCN"\n' + extra


def write_article(project: Path, slug: str, fm: str, body: str) -> Path:
    path = project / "content" / "tin-tuc" / str(YEAR) / f"{slug}.md"
    path.write_text("---\n" + fm + "---\n" + body, encoding="utf-8", newline="\n")
    return path


# -- the cases -------------------------------------------------------------------------------------------------

@dataclass
class Case:
    slug: str
    end: str                                  # the last words of the article's text: the built page shows them
    write: Callable[[Path], Path]             # writes the big file into a project, returns its path
    more: Callable[[Path, str], None] | None = None   # further checks of a successful build (site, page html)


BIG_BODY_END = "Đoạn cuối của bài viết năm megabyte: hết bài./."


def write_big_body(project: Path) -> Path:
    paragraphs = realistic_paragraphs(5 * MB) + [BIG_BODY_END]
    path = write_article(project, "bai-viet-nam-megabyte",
                         front_matter("Bài viết rất dài về cải cách hành chính", 'documents: ["754/QĐ-UBND"]\n'),
                         "\n\n".join(paragraphs) + "\n")
    assert path.stat().st_size >= 5 * MB
    return path


def big_body_links(site: Path, html: str) -> None:
    # the citations in the 5 MB text still become links to the documents, and the document links back
    for _, url in CITATIONS:
        href = "../../../" + url
        assert f'class="gz-docref" href="{href}"' in html, f"no automatic link to {url} in the 5 MB article"
    document = (site / "van-ban/2020/754-qd-ubnd/index.html").read_text(encoding="utf-8")
    assert "tin-tuc/2020/bai-viet-nam-megabyte/" in document, "754/QĐ-UBND does not link back to the 5 MB article"


LINES = 100_000
LINES_END = f"Dòng {LINES:06d}: hết bài./."


def write_many_lines(project: Path) -> Path:
    body = "".join(f"Dòng {i:06d}: rà soát thủ tục.\n" for i in range(1, LINES)) + LINES_END + "\n"
    path = write_article(project, "bai-viet-mot-tram-nghin-dong", front_matter("Bài viết một trăm nghìn dòng"), body)
    assert path.read_text(encoding="utf-8").count("\n") >= LINES
    return path


TAGS_END = "Bài có một trăm nghìn từ khóa: hết bài./."
LAST_TAG = f"thẻ {LINES - 1:06d}"


def write_many_tags(project: Path) -> Path:
    tags = "tags:\n" + "".join(f'  - "thẻ {i:06d}"\n' for i in range(LINES))
    path = write_article(project, "bai-viet-mot-tram-nghin-tu-khoa",
                         front_matter("Bài viết có một trăm nghìn từ khóa", tags),
                         "Bài viết ngắn, phần thông tin rất dài.\n\n" + TAGS_END + "\n")
    header = path.read_text(encoding="utf-8").split("---\n")[1]
    assert header.count("\n") >= LINES
    return path


def many_tags_pages(site: Path, html: str) -> None:
    assert LAST_TAG in html, f"the article page does not show its last tag `{LAST_TAG}`"
    tag_page = site / "the" / "the-099999" / "index.html"
    assert tag_page.is_file(), f"no page for the tag `{LAST_TAG}`"
    assert "bai-viet-mot-tram-nghin-tu-khoa/" in tag_page.read_text(encoding="utf-8")


CASES = [
    pytest.param(Case("bai-viet-nam-megabyte", BIG_BODY_END, write_big_body, big_body_links), id="5MB-body"),
    pytest.param(Case("bai-viet-mot-tram-nghin-dong", LINES_END, write_many_lines), id="100k-line-body"),
    pytest.param(Case("bai-viet-mot-tram-nghin-tu-khoa", TAGS_END, write_many_tags, many_tags_pages),
                 id="100k-line-front-matter"),
]
CASE_BOUND = CHECK_TIMEOUT + BUILD_TIMEOUT + SETUP_SLACK
MODULE_BOUND = len(CASES) * CASE_BOUND

TIMINGS: dict[str, dict[str, float]] = {}


@pytest.fixture(scope="module")
def module_clock():
    start = time.monotonic()
    yield start
    if TIMINGS:
        print("\nbig inputs, seconds: " + "; ".join(
            f"{case}: " + ", ".join(f"{k} {v:.1f}" for k, v in times.items()) for case, times in TIMINGS.items()))


# -- running and judging ---------------------------------------------------------------------------------------

def run_check(project: Path) -> subprocess.CompletedProcess:
    """`gazette --root P check` through gazette.cli.main in a fresh interpreter, killed after CHECK_TIMEOUT."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO / "scripts"),
                                                                       os.environ.get("PYTHONPATH")]))}
    command = [sys.executable, "-c", "import sys; from gazette.cli import main; sys.exit(main(sys.argv[1:]))",
               "--root", str(project), "check", "--today", FIXED_TODAY]
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=CHECK_TIMEOUT)


def timed(what: str, run: Callable[[], subprocess.CompletedProcess], timeout: int):
    start = time.monotonic()
    try:
        result = run()
    except subprocess.TimeoutExpired:
        pytest.fail(f"{what} did not finish within its {timeout} s timeout", pytrace=False)
    return result, time.monotonic() - start


def clear_failure(what: str, result: subprocess.CompletedProcess, rel: str) -> None:
    """A failed command must name the big file as `path:line: field: message`, with no traceback."""
    output = result.stdout + result.stderr
    lines = re.findall(rf"^{re.escape(rel)}:(\d+): ([a-z_]+): (\S.*)$", output, flags=re.M)
    assert lines, (f"{what} failed (exit {result.returncode}) without a `{rel}:line: field: message` line:\n"
                   + output[-4000:])


def no_traceback(what: str, result: subprocess.CompletedProcess) -> None:
    output = result.stdout + result.stderr
    assert "Traceback" not in output, f"{what} printed a traceback (exit {result.returncode}):\n{output[-6000:]}"


@pytest.mark.parametrize("case", CASES)
def test_big_input_builds_or_fails_clearly_in_bounded_time(case: Case, tmp_path, module_clock):
    start = time.monotonic()
    project = copy_project(tmp_path / "project")
    big = case.write(project)
    rel = big.relative_to(project).as_posix()
    times = TIMINGS.setdefault(case.slug, {"size MB": big.stat().st_size / MB})

    check, times["check"] = timed("gazette check", lambda: run_check(project), CHECK_TIMEOUT)
    no_traceback("gazette check", check)
    if check.returncode != 0:
        clear_failure("gazette check", check, rel)
    else:
        assert re.search(r"^0 lỗi", check.stderr, flags=re.M), check.stderr[-2000:]

    site = tmp_path / "site"
    try:
        build, times["build"] = timed("mkdocs build --strict", lambda: build_site(project, site), BUILD_TIMEOUT)
        no_traceback("mkdocs build --strict", build)
        if build.returncode != 0:
            clear_failure("mkdocs build --strict", build, rel)
        else:
            page = site / "tin-tuc" / str(YEAR) / case.slug / "index.html"
            assert page.is_file(), f"the build succeeded but wrote no page for {rel}"
            html = page.read_text(encoding="utf-8")
            times["page MB"] = len(html.encode("utf-8")) / MB
            assert case.end in html, f"{page} does not contain the end of the text ({case.end!r})"
            if case.more:
                case.more(site, html)
    finally:
        cleanup = time.monotonic()
        shutil.rmtree(site, ignore_errors=True)   # the 100,000-tag build writes about 2 GB in 100,000 folders
        shutil.rmtree(project, ignore_errors=True)
        times["cleanup"] = time.monotonic() - cleanup

    times["total"] = time.monotonic() - start
    assert times["total"] < CASE_BOUND, f"{case.slug} took {times['total']:.0f} s (bound {CASE_BOUND} s)"
    elapsed = time.monotonic() - module_clock
    assert elapsed < MODULE_BOUND, f"the module has run {elapsed:.0f} s, more than its bound of {MODULE_BOUND} s"
