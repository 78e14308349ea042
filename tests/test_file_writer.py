"""Pages written by a second process (gazette.file_writer)."""
from __future__ import annotations

import os

import pytest

from gazette.file_writer import FileWriteError, FileWriter
from sitebuild import copy_project


def test_every_file_is_written_with_its_bytes_in_new_folders(tmp_path):
    files = {tmp_path / "site" / f"tin-tuc/{n % 7}/bai-{n}/index.html": f"<p>bài {n} – đường</p>".encode() * (n % 50)
             for n in range(400)}
    files[tmp_path / "site" / "trống.html"] = b""                     # empty file, non-ASCII name
    files[tmp_path / "site" / "lớn.bin"] = os.urandom(3 << 20)        # larger than the pipe
    with FileWriter() as writer:
        for path, data in files.items():
            writer.write(path, data)
    for path, data in files.items():
        assert path.read_bytes() == data, path


def test_a_file_that_cannot_be_written_is_named_and_nothing_hangs(tmp_path):
    (tmp_path / "tin-tuc").write_text("một tệp, không phải thư mục")
    writer = FileWriter()
    writer.write(tmp_path / "ok.html", b"ok")
    writer.write(tmp_path / "tin-tuc" / "2020" / "index.html", b"x")
    for n in range(2000):                                             # more than the pipe holds: the child has stopped
        writer.write(tmp_path / f"sau/{n}.html", b"y" * 4096)
    with pytest.raises(FileWriteError) as caught:
        writer.close()
    assert "tin-tuc" in str(caught.value) and "không ghi được tệp" in str(caught.value)
    assert (tmp_path / "ok.html").read_bytes() == b"ok"


def test_an_error_while_writing_stops_the_child_without_waiting(tmp_path):
    with pytest.raises(ZeroDivisionError):
        with FileWriter() as writer:
            writer.write(tmp_path / "a.html", b"a")
            1 / 0
    assert writer._child.returncode is not None                      # killed, not left running


def test_a_page_that_cannot_be_written_fails_the_build_with_the_writer_s_message(tmp_path, monkeypatch, caplog):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort
    import gazette.file_writer
    # As root nothing refuses a write: the child is made to refuse the documents' pages.
    refuse = ("_open = open\n"
              "def open(path, *args, **kwargs):\n"
              "    if isinstance(path, bytes) and b'/van-ban/' in path:\n"
              "        raise PermissionError(13, 'Permission denied', path)\n"
              "    return _open(path, *args, **kwargs)\n")
    monkeypatch.setattr(gazette.file_writer, "_CHILD", refuse + gazette.file_writer._CHILD)
    monkeypatch.setenv("GAZETTE_TODAY", "2026-11-27")
    project = copy_project(tmp_path / "project")
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    with pytest.raises(Abort):                  # MkDocs logs the plugin's message, then aborts
        build(config)
    messages = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert len(messages) == 1 and messages[0].startswith("gazette: không ghi được tệp ")
    assert "/van-ban/" in messages[0] and messages[0].endswith(": Permission denied")
