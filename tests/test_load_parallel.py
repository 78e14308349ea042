"""Loading and validating on two cores (load_parallel): the same items and problems, in the same order, as
one file after the other — also when the child fails, or meets other files than the parent."""
from __future__ import annotations

import importlib.util
import os
import pickle
import threading
from datetime import date
from pathlib import Path

import pytest

from conftest import ARTICLE_FM, DOCUMENT_FM
from gazette import load_parallel
from gazette.corpus import BuildOptions, load_corpus
from gazette.load import load_content
from gazette.load_parallel import can_fork, load_checked
from gazette.taxonomies import validate_taxonomies
from gazette.validate import validate_article, validate_document

REPO = Path(__file__).resolve().parents[1]
linux_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork is POSIX-only")


def _generated(folder: Path, n: int = 40) -> Path:
    spec = importlib.util.spec_from_file_location("gen_corpus", REPO / "scripts" / "gen_corpus.py")
    gen_corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen_corpus)
    gen_corpus.generate_corpus(folder / "content", n, 7)
    return folder / "content"


def _mixed_site(make_content):
    """Valid items, front-matter mistakes, unreadable and misplaced files, an asset: every kind of outcome."""
    site = make_content()
    for number in range(9):
        site.article(f"bai-{number}", ARTICLE_FM.replace("Tổng kết", f"Tổng kết {number}"))
    site.document()
    site.article("loi-yaml", "title: Hội nghị: kết quả\ndate: 2020-04-10\ncategory: cai-cach-hanh-chinh\n")
    site.article("ngay-sai", 'title: "Tổng kết"\ndate: 2020-02-31\ncategory: khong-co\n')
    site.document("so-sai", DOCUMENT_FM.replace("754/QĐ-UBND", "754-QĐ/UBND/"))
    site.write_raw("tin-tuc/2020/khong-utf8.md", b"---\ntitle: \xff\xfe\n---\n")
    site.write_raw("tin-tuc/2020/khong-front-matter.md", "Chỉ có nội dung.\n")
    site.write_raw("tin-tuc/sai-cho.md", "---\ntitle: x\n---\n")
    site.write_raw("van-ban/2020/754.pdf", b"%PDF-1.4\n")
    return site


def _outcome(content: Path, root: Path | None, fork: bool):
    loaded, checked = load_checked(content, root, fork=fork)
    return checked, sorted(loaded.problems, key=lambda p: p.sort_key), loaded.assets, loaded.records


@linux_fork
def test_forked_loading_gives_what_loading_one_file_after_another_gives(make_content):
    site = _mixed_site(make_content)
    together = _outcome(site.content, site.root, fork=False)
    forked = _outcome(site.content, site.root, fork=True)
    assert forked == together
    checked = together[0]
    assert len(checked) == 15                           # every Markdown file in content/<kind>/<year>/
    assert sum(item is not None for item, _ in checked) == 10    # 9 articles and a document
    assert any(problems for item, problems in checked if item is None)
    assert together[2] == ["van-ban/2020/754.pdf"] and together[3] == []


def test_loading_and_validating_match_load_content_then_validate(make_content):
    """What stages 1 and 2 give one after the other: the same items in order, the same problems."""
    site = _mixed_site(make_content)
    loaded = load_content(site.content, site.root)
    taxonomies, _ = validate_taxonomies(loaded.taxonomies)
    items, problems = [], list(loaded.problems)
    for record in loaded.records:
        item, more = (validate_article if record.kind == "article" else validate_document)(record, taxonomies)
        items.append(item)
        problems += more
    for fork in (False, True) if hasattr(os, "fork") else (False,):
        rest, checked = load_checked(site.content, site.root, fork=fork)
        assert [item for item, _ in checked if item is not None] == [item for item in items if item is not None]
        assert sorted(rest.problems + [p for _, more in checked for p in more], key=lambda p: p.sort_key) == \
            sorted(problems, key=lambda p: p.sort_key)
        assert rest.taxonomies.data == loaded.taxonomies.data and rest.assets == loaded.assets


@linux_fork
def test_forked_loading_of_a_generated_corpus_keeps_walk_order(tmp_path):
    content = _generated(tmp_path)
    together, forked = _outcome(content, tmp_path, False), _outcome(content, tmp_path, True)
    assert forked == together
    paths = [item.path for item, _ in forked[0]]
    assert len(paths) == 48 and paths == sorted(paths, key=lambda p: (p.split("/")[1], p))


@linux_fork
def test_a_child_that_fails_leaves_its_share_to_the_parent(make_content, monkeypatch):
    site = _mixed_site(make_content)
    expected = _outcome(site.content, site.root, fork=False)
    monkeypatch.setattr(load_parallel, "_check_share_in_child", lambda *args: 1 / 0)
    assert _outcome(site.content, site.root, fork=True) == expected


@linux_fork
def test_a_child_that_met_other_files_is_not_believed(make_content, monkeypatch):
    site = _mixed_site(make_content)
    expected = _outcome(site.content, site.root, fork=False)
    real = load_parallel._receive

    def shifted(read_end, pid):           # as if a file had appeared between the two walks
        theirs = real(read_end, pid)
        return [(number + 2, rel, item, problems) for number, rel, item, problems in theirs]
    monkeypatch.setattr(load_parallel, "_receive", shifted)
    assert _outcome(site.content, site.root, fork=True) == expected


@linux_fork
def test_a_child_killed_midway_leaves_its_share_to_the_parent(make_content, monkeypatch):
    site = _mixed_site(make_content)
    expected = _outcome(site.content, site.root, fork=False)
    monkeypatch.setattr(load_parallel, "_check_share_in_child", lambda *args: os.kill(os.getpid(), 9))
    assert _outcome(site.content, site.root, fork=True) == expected


def test_garbage_from_the_child_is_not_unpickled_into_items(tmp_path):
    read_end, write_end = os.pipe()
    pid = os.fork() if hasattr(os, "fork") else None
    if pid == 0:
        os.write(write_end, pickle.dumps("not a list")[:5])
        os._exit(0)
    os.close(write_end)
    if pid is None:
        pytest.skip("os.fork is POSIX-only")
    assert load_parallel._receive(read_end, pid) is None


def test_fork_only_without_other_threads():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    alone = can_fork()
    thread.start()
    try:
        assert can_fork() is False
    finally:
        stop.set()
        thread.join()
    assert can_fork() == alone


@linux_fork
def test_the_build_pipeline_forks_when_it_can_and_reports_the_same(make_content, monkeypatch):
    site = _mixed_site(make_content)
    options = BuildOptions(today=date(2026, 1, 1))
    monkeypatch.setattr(load_parallel, "can_fork", lambda: False)
    alone = load_corpus(site.content, options, site.root)
    forks = []
    real_fork = os.fork
    monkeypatch.setattr(load_parallel, "can_fork", lambda: True)
    monkeypatch.setattr(load_parallel.os, "fork", lambda: forks.append(1) or real_fork())
    together = load_corpus(site.content, options, site.root)
    assert forks == [1]
    assert sorted(p.format() for p in together.problems) == sorted(p.format() for p in alone.problems)
    assert together.problems                      # the mixed site has mistakes to report


@linux_fork
def test_a_parent_that_fails_leaves_no_child_behind(make_content, monkeypatch):
    site = _mixed_site(make_content)
    children = []
    real_fork, real_check = os.fork, load_parallel._check_share

    def fork():
        pid = real_fork()
        if pid:
            children.append(pid)
        return pid

    def check(content_dir, root, mine):
        if mine is load_parallel._even:
            raise KeyboardInterrupt        # as when the editor presses Ctrl+C while the files load
        return real_check(content_dir, root, mine)
    monkeypatch.setattr(load_parallel.os, "fork", fork)
    monkeypatch.setattr(load_parallel, "_check_share", check)
    with pytest.raises(KeyboardInterrupt):
        load_checked(site.content, site.root, fork=True)
    assert len(children) == 1
    with pytest.raises(ChildProcessError):
        os.waitpid(children[0], os.WNOHANG)     # already waited for: not left running or as a zombie
