"""Writing the site's many small files from a second process.

Creating a file costs system calls (a folder, then open, write, close) that are slow next to making its
bytes: at 16,000 pages they took 4–9 s of the build's main thread. A thread cannot take them over (it
needs the interpreter lock back after every call, and waits up to 5 ms for it each time while the main
thread computes), but a child process can: the main thread only copies each file into a pipe and goes on
while the child, on the other core, makes the folders and files. Output is the same files with the same
bytes; a failure (disk full, no permission) is reported by FileWriter.close() with the child's message.
"""
from __future__ import annotations

import fcntl
import os
import struct
import subprocess
import sys

_HEADER = struct.Struct("<II")          # length of the path, length of the data
# The child: only os, struct and sys, so that it starts in a few milliseconds.
_CHILD = r"""
import os, struct, sys
source, header, made = open(0, "rb", buffering=1 << 20, closefd=False), struct.Struct("<II"), set()
def read(size):
    data = source.read(size)
    if len(data) != size:
        raise EOFError
    return data
path = b""
try:
    while True:
        start = source.read(header.size)
        if not start:
            break
        if len(start) != header.size:
            raise EOFError
        path_size, data_size = header.unpack(start)
        path = read(path_size)
        data = read(data_size)
        folder = os.path.dirname(path)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        with open(path, "wb") as file:
            file.write(data)
except EOFError:
    sys.stderr.write("incomplete data\n")
    sys.exit(2)
except OSError as exc:
    sys.stderr.write(f"{os.fsdecode(exc.filename or path)}: {exc.strerror}\n")
    sys.exit(1)
"""


class FileWriteError(RuntimeError):
    """A file could not be written; the message names it and says why."""


class FileWriter:
    """write(path, data) many times, then close(); or use as a context manager (close on success)."""

    def __init__(self) -> None:
        self._child = subprocess.Popen([sys.executable, "-c", _CHILD], stdin=subprocess.PIPE, bufsize=1 << 20,
                                       stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
        try:   # a larger pipe: fewer switches between the two processes (Linux; 64 KiB otherwise)
            fcntl.fcntl(self._child.stdin.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
        except OSError:
            pass
        self._broken = False

    def write(self, path: str | os.PathLike, data: bytes) -> None:
        if self._broken:
            return                            # close() reports why
        name = os.fsencode(path)
        try:
            self._child.stdin.write(b"".join((_HEADER.pack(len(name), len(data)), name, data)))
        except BrokenPipeError:
            self._broken = True               # the child stopped on an error: close() reads it

    def close(self) -> None:
        """Wait until every file is written; FileWriteError if one could not be."""
        try:
            self._child.stdin.close()
        except BrokenPipeError:
            pass
        error = self._child.stderr.read().decode("utf-8", errors="replace").strip()
        self._child.stderr.close()
        if self._child.wait() != 0:
            raise FileWriteError(f"không ghi được tệp {error or '(không rõ lý do)'}")

    def abandon(self) -> None:
        """Stop without waiting (the build failed before the files were all given)."""
        self._child.kill()
        self._child.wait()
        for stream in (self._child.stdin, self._child.stderr):
            try:
                stream.close()
            except BrokenPipeError:
                pass

    def __enter__(self) -> "FileWriter":
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is None:
            self.close()
        else:
            self.abandon()


__all__ = ["FileWriter", "FileWriteError"]
