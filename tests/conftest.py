"""Shared fixtures: a throw-away project with a minimal valid content/ tree, and a `gazette check` runner."""
from __future__ import annotations

import sys
import textwrap
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

try:
    import gazette  # noqa: F401
except ImportError:  # running from a checkout without `pip install -e .`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from gazette import cli
from gazette.corpus import BuildOptions, CorpusResult, load_corpus
from gazette.load import LoadResult, RawRecord, load_content, load_file
from gazette.taxonomies import validate_taxonomies
from gazette.validate import validate_article, validate_document

REPO_ROOT = Path(__file__).resolve().parents[1]

TAXONOMIES = """\
categories:
  cai-cach-hanh-chinh: Cải cách hành chính
  thu-tuc-hanh-chinh: Thủ tục hành chính

issuers:
  ubnd-tinh:
    name: Ủy ban nhân dân tỉnh Bình Thuận
    code: UBND
  bqlkcn:
    name: Ban Quản lý các Khu công nghiệp tỉnh Bình Thuận
    code: BQLKCN

fields:
  cai-cach-hanh-chinh: Cải cách hành chính
  dau-tu: Đầu tư
"""

# Front matter that passes validation, used as a base that tests change one line of.
ARTICLE_FM = """\
title: "Tổng kết cải cách hành chính"
date: 2020-04-10
category: cai-cach-hanh-chinh
"""

DOCUMENT_FM = """\
number: "754/QĐ-UBND"
type: "Quyết định"
title: "Công bố Chỉ số cải cách hành chính năm 2019"
issuer: ubnd-tinh
issued: 2020-03-31
"""


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


@dataclass
class Site:
    """A project root under tmp_path: `root/content/{taxonomies.yml, tin-tuc/, van-ban/}`."""
    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    # -- writing files ---------------------------------------------------------------------------
    def write_raw(self, rel: str, data: bytes | str) -> Path:
        """Writes bytes (or UTF-8 text, byte for byte) at content/<rel>; returns the absolute path."""
        path = self.content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        path.write_bytes(data)
        return path

    def write_item(self, section: str, year: str | int, slug: str, front_matter: str, body: str = "") -> Path:
        text = "---\n" + dedent(front_matter)
        if not text.endswith("\n"):
            text += "\n"
        text += "---\n" + (body or "Nội dung.\n")
        return self.write_raw(f"{section}/{year}/{slug}.md", text)

    def article(self, slug: str = "tong-ket", front_matter: str = ARTICLE_FM, body: str = "",
                year: str | int = 2020) -> Path:
        return self.write_item("tin-tuc", year, slug, front_matter, body)

    def document(self, slug: str = "754-qd-ubnd", front_matter: str = DOCUMENT_FM, body: str = "",
                 year: str | int = 2020) -> Path:
        return self.write_item("van-ban", year, slug, front_matter, body)

    def rel(self, path: Path) -> str:
        """How messages name a file: relative to the project root, POSIX separators."""
        return path.relative_to(self.root).as_posix()

    # -- running the pipeline --------------------------------------------------------------------
    def load(self) -> LoadResult:
        return load_content(self.content, self.root)

    def build(self, today: date = date(2026, 1, 1), preview: bool = False, now=None) -> CorpusResult:
        """The whole core pipeline, mentions in bodies included (as `gazette check` and the build run it)."""
        return load_corpus(self.content, BuildOptions(today=today, now=now, preview=preview), self.root)

    def load_one(self, path: Path) -> tuple[RawRecord | None, list]:
        rel = self.rel(path)
        parts = path.relative_to(self.content).parts
        kind = "article" if parts[0] == "tin-tuc" else "document"
        return load_file(path, rel, kind, parts[1])

    def validate_one(self, path: Path):
        """load + validate one file against this site's taxonomies: (item or None, every problem)."""
        record, problems = self.load_one(path)
        if record is None:
            return None, problems
        taxonomies, _ = validate_taxonomies(self.load().taxonomies)
        validate = validate_article if record.kind == "article" else validate_document
        item, more = validate(record, taxonomies)
        return item, problems + more


@pytest.fixture
def make_content(tmp_path):
    """Factory: `site = make_content()` writes taxonomies.yml (2 categories, 2 issuers, 2 fields).

    `make_content(taxonomies=None)` leaves the taxonomy file out; any other string replaces it.
    """
    counter = iter(range(1000))

    def factory(taxonomies: str | None = TAXONOMIES) -> Site:
        root = tmp_path / f"site{next(counter)}"
        (root / "content" / "tin-tuc").mkdir(parents=True)
        (root / "content" / "van-ban").mkdir(parents=True)
        if taxonomies is not None:
            (root / "content" / "taxonomies.yml").write_text(taxonomies, encoding="utf-8")
        return Site(root)

    return factory


@dataclass
class CheckRun:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return [line for line in self.out.splitlines() if line.strip()]


@pytest.fixture
def run_check(capsys):
    """`run_check(site_or_root, "--strict", ...)` → CheckRun(code, out, err) of `gazette --root R check …`.

    A usage error that argparse turns into SystemExit is returned as its exit code too.
    """
    def run(root, *args: str, today: str | None = "2026-01-01") -> CheckRun:
        root = root.root if isinstance(root, Site) else root
        argv = ["--root", str(root), "check", *args]
        if today and "--today" not in args:
            argv += ["--today", today]
        capsys.readouterr()
        try:
            code = cli.main(argv)
        except SystemExit as exc:
            code = exc.code
        captured = capsys.readouterr()
        return CheckRun(code, captured.out, captured.err)

    return run


def messages(problems, path: str | None = None) -> list[str]:
    return [p.format() for p in problems if path is None or p.path == path]


def only(problems, **match):
    """The single problem whose attributes equal `match` (path=…, field=…, line=…); fails otherwise."""
    found = [p for p in problems if all(getattr(p, k) == v for k, v in match.items())]
    assert len(found) == 1, f"expected one problem with {match}, got:\n" + "\n".join(p.format() for p in problems)
    return found[0]
