"""Open data exports: CSV for Excel, JSON with its schema, news and statistics JSON."""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from gazette.corpus import BuildOptions, load_corpus
from gazette.export import DOCUMENT_FIELDS, documents_csv, documents_json, documents_schema, news_json, open_data_files
from gazette.pages.opendata import render_open_data_page

REPO = Path(__file__).resolve().parents[1]
BASE = "https://cchc.example.gov.vn/"


@pytest.fixture(scope="module")
def corpus():
    result = load_corpus(REPO / "content", BuildOptions(today=date(2026, 11, 27)), REPO)
    assert not result.errors
    return result.corpus


def test_csv_has_bom_header_and_one_row_per_document(corpus):
    data = documents_csv(corpus, BASE)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(rows) == len(corpus.documents)
    assert list(rows[0]) == [f.name for f in DOCUMENT_FIELDS]
    by_number = {r["so_ky_hieu"]: r for r in rows if r["ngay_ban_hanh"].startswith("2020")}
    decision = by_number["754/QĐ-UBND"]
    assert decision["ngay_ban_hanh"] == "2020-03-31"
    assert decision["loai_van_ban"] == "Quyết định"
    assert decision["dia_chi"] == BASE + "van-ban/2020/754-qd-ubnd/"
    for row in rows:
        for key in ("ngay_ban_hanh", "ngay_hieu_luc", "ngay_het_hieu_luc"):
            assert row[key] == "" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", row[key])


def test_json_matches_its_schema_and_the_csv(corpus):
    records = json.loads(documents_json(corpus, BASE))
    schema = json.loads(documents_schema(BASE))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(records, schema, format_checker=jsonschema.FormatChecker())
    rows = list(csv.DictReader(io.StringIO(documents_csv(corpus, BASE).decode("utf-8-sig"), newline="")))
    for record, row in zip(records, rows):
        assert record["so_ky_hieu"] == row["so_ky_hieu"]
        assert "; ".join(record["linh_vuc"]) == row["linh_vuc"]


def test_schema_rejects_a_wrong_record(corpus):
    schema = json.loads(documents_schema(BASE))
    record = json.loads(documents_json(corpus, BASE))[0]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{**record, "ngay_ban_hanh": "31/3/2020"}], schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{**record, "them": 1}], schema)


def test_news_index_lists_published_articles_with_cited_documents(corpus):
    records = json.loads(news_json(corpus, BASE))
    assert len(records) == len(corpus.articles)
    seed = next(r for r in records if r["tieu_de"] == "Nâng cao hơn nữa chất lượng công tác cải cách hành chính")
    assert seed["ngay"] == "2020-04-10"
    assert set(seed["van_ban"]) >= {"754/QĐ-UBND", "3052/QĐ-UBND"}
    assert [r["ngay"] for r in records] == sorted((r["ngay"] for r in records), reverse=True)


def test_escaping_is_left_to_the_formats(tmp_path):
    import shutil
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    path = content / "van-ban/2020/754-qd-ubnd.md"
    text = path.read_text("utf-8")
    path.write_text(re.sub(r'^title: .*$', 'title: \'<script>x</script> "a", b\'', text, count=1, flags=re.M), "utf-8")
    corpus = load_corpus(content, BuildOptions(today=date(2026, 11, 27)), tmp_path).corpus
    rows = list(csv.DictReader(io.StringIO(documents_csv(corpus, BASE).decode("utf-8-sig"), newline="")))
    assert any(r["trich_yeu"] == '<script>x</script> "a", b' for r in rows)
    assert any(r["trich_yeu"] == '<script>x</script> "a", b' for r in json.loads(documents_json(corpus, BASE)))
    page = render_open_data_page(corpus).content
    assert "<script>" not in page


def test_open_data_page_describes_every_file_and_field(corpus):
    page = render_open_data_page(corpus).content
    for path in open_data_files(corpus, BASE):
        assert path.removeprefix("du-lieu/") in page
    for field in DOCUMENT_FIELDS:
        assert f"<code>{field.name}</code>" in page
