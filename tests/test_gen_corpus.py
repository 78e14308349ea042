"""The benchmark corpus generator (scripts/gen_corpus.py): deterministic, valid, realistic enough to measure."""
from __future__ import annotations

import importlib.util
import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from gazette.corpus import BuildOptions, load_corpus
from gazette.docnum import find_document_numbers

REPO = Path(__file__).resolve().parents[1]
N = 60


def _load_generator():
    spec = importlib.util.spec_from_file_location("gen_corpus", REPO / "scripts" / "gen_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen_corpus = _load_generator()


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("\n---\n", 1)[1]


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    gen_corpus.generate_corpus(root / "content", N, 1)
    return root


@pytest.fixture(scope="module")
def result(generated):
    return load_corpus(generated / "content", BuildOptions(today=date(2026, 11, 27), preview=True), generated)


def test_same_seed_gives_the_same_bytes(generated, tmp_path):
    gen_corpus.generate_corpus(tmp_path / "again", N, 1)
    assert _tree(tmp_path / "again") == _tree(generated / "content")


def test_another_seed_gives_another_corpus(generated, tmp_path):
    gen_corpus.generate_corpus(tmp_path / "other", N, 2)
    assert _tree(tmp_path / "other") != _tree(generated / "content")


def test_regenerating_into_the_same_folder_leaves_no_stale_files(tmp_path):
    gen_corpus.generate_corpus(tmp_path / "c", N, 3)
    gen_corpus.generate_corpus(tmp_path / "c", N, 1)
    gen_corpus.generate_corpus(tmp_path / "fresh", N, 1)
    assert _tree(tmp_path / "c") == _tree(tmp_path / "fresh")


def test_output_passes_validation(result):
    assert result.corpus is not None
    assert [p.format() for p in result.errors] == []
    assert len(result.corpus.articles) == N
    assert len(result.corpus.documents) == N // 5


def test_layout_and_counts(generated):
    content = generated / "content"
    articles = sorted(content.glob("tin-tuc/*/*.md"))
    documents = sorted(content.glob("van-ban/*/*.md"))
    assert (content / "taxonomies.yml").is_file()
    assert len(articles) == N and len(documents) == N // 5
    for path in articles + documents:
        assert re.fullmatch(r"20(1[6-9]|2[0-5])", path.parent.name), path
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", path.stem), path


def test_text_is_nfc_vietnamese(generated):
    for path in (generated / "content").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text), path
    sample = _body(next(iter(sorted((generated / "content").glob("tin-tuc/*/*.md")))))
    assert any(word in sample for word in ("hành chính", "khu công nghiệp", "doanh nghiệp", "thủ tục"))


def test_article_word_counts(generated):
    counts = [len([t for t in _body(p).split() if any(c.isalnum() for c in t)])
              for p in (generated / "content").glob("tin-tuc/*/*.md")]
    assert len(counts) == N
    assert min(counts) >= 300 and max(counts) <= 900, (min(counts), max(counts))


def test_bodies_cite_documents_that_resolve(generated, result):
    corpus = result.corpus
    mentions = [link for link in corpus.links if link.relation == "mentions"]
    assert mentions, "no document number in a body resolved to a generated document"
    assert any(link.source.startswith("tin-tuc/") for link in mentions)
    assert any(link.relation == "cites" for link in corpus.links)
    # messy forms real text uses appear in bodies and are still recognised
    bodies = "\n".join(_body(p) for p in (generated / "content").rglob("*.md"))
    assert re.search(r"Quyết định số:? \d+/(\d{4}/)?QĐ-UBND", bodies) or re.search(r"số: \d+/", bodies)
    assert find_document_numbers(bodies)
    assert result.missing, "some citations should name documents that are not in the corpus"


def test_relations_between_generated_documents(result):
    relations = {link.relation for link in result.corpus.links}
    assert {"based_on", "implements"} <= relations


def test_taxonomy_use(result):
    corpus = result.corpus
    assert 6 <= len(corpus.taxonomies.categories) <= 10
    tags = [tag for article in corpus.articles for tag in article.tags]
    assert len(set(tags)) >= 10
    years = {article.year for article in corpus.articles}
    assert len(years) >= 6 and min(years) >= 2016 and max(years) <= 2025
