"""The benchmark's own logic (scripts/benchmark.py and its bench_* parts): the figures it derives and the
inputs it prepares for both tools. The measurements themselves are not tested (they are what it prints)."""
from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

import bench_common  # noqa: E402
import benchmark  # noqa: E402
from bench_hugo import _hugo_date, make_hugo_site  # noqa: E402


def _row(n: int, tool: str, wall: float | None, cpu: float | None = None, **extra) -> dict:
    return {"n": n, "sources": n + n // 5, "tool": tool, "wall": wall, "cpu": cpu if cpu is not None else wall, **extra}


def test_growth_exponent_compares_each_tool_with_its_own_previous_size():
    rows = [_row(1000, "gazette", 2.0, 4.0), _row(1000, "hugo", 1.0),
            _row(2000, "gazette", 4.0, 16.0), _row(2000, "hugo", 1.0)]
    benchmark.add_growth(rows)
    assert "growth" not in rows[0] and "growth" not in rows[1]
    assert rows[2]["growth"] == "1.00 (2.00)"         # twice the time: linear; four times the CPU: quadratic
    assert rows[3]["growth"] == "0.00 (0.00)"


def test_growth_skips_a_failed_size_and_compares_with_the_last_that_worked():
    rows = [_row(1000, "gazette", 2.0), _row(2000, "gazette", None), _row(4000, "gazette", 8.0)]
    benchmark.add_growth(rows)
    assert "growth" not in rows[1]
    assert rows[2]["growth"] == "1.00 (1.00)"


def test_table_prints_missing_figures_as_n_a_and_per_page_times():
    rows = [_row(1000, "gazette", 2.4, 3.6, rss=142.4, pages=1718, bytes=45_360_000, index=3_710_000, load=0.4),
            _row(1000, "hugo", 0.6, rss=131.0, pages=1536, bytes=6_310_000, index=None)]
    lines = benchmark.table(rows).splitlines()
    assert lines[0].startswith("| articles | source pages | tool | wall s | CPU s |")
    assert lines[2] == "| 1000 | 1200 | gazette | 2.40 | 3.60 | 142 | 1718 | 45.36 | 3.71 | 2.0 | 3.0 |  | 0.4 |"
    assert lines[3] == "| 1000 | 1200 | hugo | 0.60 | 0.60 | 131 | 1536 | 6.31 | n/a | 0.5 | 0.5 |  | n/a |"


def test_a_failed_run_is_never_kept_as_the_fastest():
    ok, failed = {"rc": 0, "wall": 30.0}, {"rc": 1, "wall": 0.5}
    assert benchmark._faster(ok, failed) and not benchmark._faster(failed, ok)
    assert benchmark._faster({"rc": 0, "wall": 20.0}, ok)
    pair_ok, pair_failed = ({"rc": 0, "wall": 4.0}, {"rc": 0, "wall": 20.0}), ({"rc": 0, "wall": 1.0}, {"rc": -1})
    assert benchmark._faster_pair(pair_ok, pair_failed) and not benchmark._faster_pair(pair_failed, pair_ok)


def test_project_reads_the_corpus_and_keeps_the_repo_configuration(tmp_path):
    content = tmp_path / "corpus" / "content"
    content.mkdir(parents=True)
    config_file = bench_common.make_project(tmp_path / "project", content)
    config = yaml.safe_load(config_file.read_text("utf-8").replace("!!python/name:", "!!str "))
    plugin = next(p["gazette"] for p in config["plugins"] if isinstance(p, dict) and "gazette" in p)
    assert plugin["content_dir"] == str(content)
    assert str(content) in config["watch"] and "content" not in config["watch"]
    assert (tmp_path / "project" / "docs" / "index.md").is_file()
    assert config["site_name"] == yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8").replace(
        "!!python/name:", "!!str "))["site_name"]


def test_an_earlier_output_is_set_aside_then_deleted(tmp_path):
    folder = tmp_path / "gazette-n10"
    (folder / "site").mkdir(parents=True)
    bench_common.set_aside(folder)
    assert not folder.exists() and len(list(tmp_path.glob(".set-aside-gazette-n10-*"))) == 1
    (tmp_path / ".set-aside-left-by-an-interrupted-run-1").mkdir()
    assert bench_common.delete_set_aside(tmp_path) == 2
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("value, expected", [
    (date(2020, 3, 31), "2020-03-31T00:00:00+07:00"),
    ("2020-03-31 08:30", "2020-03-31T08:30:00+07:00"),
])
def test_hugo_dates_are_in_vietnam_time(value, expected):
    assert _hugo_date(value) == expected


def test_hugo_gets_the_same_articles_and_documents(tmp_path):
    content = tmp_path / "content"
    for rel, text in {
        "taxonomies.yml": "categories:\n  cai-cach-hanh-chinh: Cải cách hành chính\n",
        "tin-tuc/2020/hoi-nghi.md": "---\ntitle: Hội nghị\ndate: 2020-04-10 08:30\ncategory: cai-cach-hanh-chinh\n"
                                    "tags: [một cửa]\n---\nThực hiện Quyết định số 754/QĐ-UBND.\n",
        "van-ban/2020/754-qd-ubnd.md": "---\ntitle: Ban hành kế hoạch\nnumber: 754/QĐ-UBND\ntype: Quyết định\n"
                                       "issued: 2020-03-31\n---\nNội dung.\n",
    }.items():
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(text, encoding="utf-8")
    site = make_hugo_site(tmp_path / "hugo", content)
    article = (site / "content/tin-tuc/2020/hoi-nghi.md").read_text("utf-8")
    _, front, body = article.split("---\n", 2)
    meta = {k: json.loads(v) for k, v in (line.split(": ", 1) for line in front.splitlines())}
    assert meta == {"title": "Hội nghị", "date": "2020-04-10T08:30:00+07:00",
                    "categories": ["Cải cách hành chính"], "tags": ["một cửa"]}
    assert body == "Thực hiện Quyết định số 754/QĐ-UBND.\n"
    document = (site / "content/van-ban/2020/754-qd-ubnd.md").read_text("utf-8")
    assert '"Quyết định 754/QĐ-UBND: Ban hành kế hoạch"' in document and '"2020-03-31T00:00:00+07:00"' in document
    assert "data-pagefind-body" in (site / "layouts/single.html").read_text("utf-8")
