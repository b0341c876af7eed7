"""Writing files so that a crash never leaves half of one, nor half of a set of them.

- :func:`atomic_write`: one file through a temporary file, ``fsync`` and a rename; the file
  keeps its mode (``mkstemp`` alone makes it 600).
- :func:`replace_together`: several files as one step. Each new content is written and
  synced first, then a journal naming them is committed, then the renames run; should the
  process die among the renames, :func:`recover` (run by the next writer) finishes them.
- :func:`folder_lock`: one writer of a data folder at a time (``fcntl.flock``).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

LOCK_NAME = ".geo-write.lock"
JOURNAL_NAME = ".geo-write.journal"
_NEW_FILE_MODE = 0o644


class FolderBusy(RuntimeError):
    """Another process holds the data folder's lock for longer than we wait."""


def _mode_for(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return _NEW_FILE_MODE & ~umask


def _sync_folder(folder: Path) -> None:
    """Make the renames in a folder durable (POSIX: the directory entry needs its own sync)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _staged(target: Path, content: bytes) -> Path:
    """``content`` in a synced temporary file beside ``target``, with ``target``'s mode."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(content)
            out.flush()
            os.fchmod(out.fileno(), _mode_for(target))
            os.fsync(out.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def atomic_write(target: Path, content: bytes) -> None:
    """Write ``content`` to ``target`` through a temporary file and a rename, keeping the
    file's mode; ``target`` holds either its old or its new content, never a part."""
    tmp = _staged(target, content)
    try:
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)


def replace_together(folder: Path, contents: dict[str, bytes]) -> None:
    """Replace several files of ``folder`` (name → content) as one step: after a crash,
    :func:`recover` completes the step once its journal is written, and nothing changed
    before that."""
    staged: dict[str, str] = {}
    try:
        for name, content in contents.items():
            staged[name] = _staged(folder / name, content).name
        atomic_write(folder / JOURNAL_NAME, json.dumps(staged).encode())
    except BaseException:
        for tmp in staged.values():
            (folder / tmp).unlink(missing_ok=True)
        raise
    recover(folder)


def recover(folder: Path) -> bool:
    """Finish a :func:`replace_together` a crash interrupted, and remove temporary files it
    left; True if there was one to finish. Call it holding :func:`folder_lock`."""
    journal = folder / JOURNAL_NAME
    finished = False
    if journal.exists():
        try:
            staged = dict(json.loads(journal.read_text("utf-8")))
        except ValueError:  # cut off while written: nothing was renamed yet
            staged = {}
        for name, tmp in staged.items():
            if (folder / tmp).exists():
                os.replace(folder / tmp, folder / name)
                finished = True
        _sync_folder(folder)
        journal.unlink()
    for stray in folder.glob(".*.tmp"):  # staged but never committed
        stray.unlink(missing_ok=True)
    return finished


@contextlib.contextmanager
def folder_lock(folder: Path, wait: float = 30.0) -> Iterator[None]:
    """Hold the folder's write lock; :class:`FolderBusy` if it is not free within ``wait``
    seconds. The lock is the kernel's, so a crashed holder never leaves it taken."""
    with open(folder / LOCK_NAME, "a+b") as handle:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise FolderBusy(f"another process is writing {folder.name}/ (it holds "
                                     f"{LOCK_NAME}); try again when it has finished") from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
