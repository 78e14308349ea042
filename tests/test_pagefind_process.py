"""Pagefind's processes (gazette.pagefind_process): the command line indexes each partition's folder of pages;
the project's own Pagefind settings do not reach it, and its failures fail the build with its message."""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from sitebuild import tree_bytes

from gazette import pagefind_background
from gazette.pagefind_background import BackgroundIndex
from gazette.pagefind_index import IndexedPage

needs_shm = pytest.mark.skipif(not Path("/dev/shm").is_dir(), reason="pages are read from files in /dev/shm")


def indexable(kind: str, date: str, n: int) -> IndexedPage:
    return IndexedPage(f"{kind}/{date}/{n}/", f"Trang {n}", f'<article data-pagefind-body data-pagefind-sort="date:{date}">'
                       f'<h1>Trang {n}</h1><p>cải cách hành chính số {n}</p>'
                       f'<span data-pagefind-filter="nam:{date[:4]}"></span></article>', kind, date)


PAGES = [indexable("article", f"2020-01-{1 + i:02d}", i) for i in range(6)] + \
        [indexable("document", f"2019-02-{1 + i:02d}", i) for i in range(4)]


def _entry_pages(site: Path) -> int:
    manifest = json.loads((site / "pagefind/gazette-index.json").read_text("utf-8"))
    return sum(part["pages"] for part in manifest["partitions"])


@needs_shm
def test_every_partition_is_indexed_from_its_files_by_the_command_line(tmp_path, monkeypatch):
    folders = []
    real = pagefind_background.index_folder

    async def counted(pages, output):
        folders.append(pages.name)
        await real(pages, output)
    monkeypatch.setattr(pagefind_background, "index_folder", counted)
    monkeypatch.setattr(pagefind_background, "launch_service", None)      # the service is not needed at all
    BackgroundIndex.of(PAGES, 3).finish(tmp_path / "site")
    assert sorted(folders) == ["tin-bai-1", "tin-bai-2", "van-ban-1"]
    assert _entry_pages(tmp_path / "site") == len(PAGES)


@needs_shm
def test_a_pagefind_configuration_of_the_project_changes_nothing(tmp_path, monkeypatch):
    BackgroundIndex.of(PAGES, 3).finish(tmp_path / "plain")
    project = tmp_path / "project"
    project.mkdir()
    # both would leave the pages out of the index if Pagefind read them
    (project / "pagefind.yml").write_text('root_selector: "#nothing"\nexclude_selectors: ["article"]\n', "utf-8")
    monkeypatch.chdir(project)
    monkeypatch.setenv("PAGEFIND_ROOT_SELECTOR", "#nothing")
    monkeypatch.setenv("PAGEFIND_EXCLUDE_SELECTORS", "article")
    BackgroundIndex.of(PAGES, 3).finish(tmp_path / "configured")
    assert tree_bytes(tmp_path / "configured") == tree_bytes(tmp_path / "plain")


def _fake_pagefind(folder: Path, monkeypatch, script: str) -> None:
    """A Pagefind binary that only runs `script` (found by the pagefind package through this variable)."""
    fake = folder / "pagefind"
    fake.write_text(f"#!/bin/sh\n{script}\n", "utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))


@needs_shm
def test_a_failing_pagefind_fails_the_index_with_its_own_words(tmp_path, monkeypatch):
    _fake_pagefind(tmp_path, monkeypatch, "echo 'Error: disk quota exceeded' >&2\nexit 3")
    index = BackgroundIndex.of(PAGES, 3)
    with pytest.raises(RuntimeError) as failure:
        index.finish(tmp_path / "site")
    assert "mã thoát 3" in str(failure.value) and "disk quota exceeded" in str(failure.value)
    assert not (tmp_path / "site/pagefind").exists()


@needs_shm
def test_a_pagefind_that_exits_without_writing_its_bundle_is_a_failure(tmp_path, monkeypatch):
    _fake_pagefind(tmp_path, monkeypatch, "exit 0")
    with pytest.raises(RuntimeError, match="mã thoát 0"):
        BackgroundIndex.of(PAGES, 3).finish(tmp_path / "site")
    assert os.listdir(tmp_path) == ["pagefind"]          # nothing written into the site
