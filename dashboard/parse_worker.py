"""Uploads parsed in a child process, so that a parse's garbage goes with it.

A 45 MB export's parse makes millions of small Python objects; in the server they left
hundreds of MB in its heap after the sessions that uploaded had gone (Python's and glibc's
allocators keep partly used memory), and the parse held the interpreter lock the other
sessions' pages need. In a child process (a fresh interpreter, never a fork of the threaded
server) the parse runs on another core and all its memory is returned when it exits; only
the finished tables come back, as compact arrays.

The protocol, on the child's stdin and stdout: the parent writes one pickled
``(raw, name)``; the child answers with pickled ``("progress", (fraction, message))``
frames and one ``("done", IncidentData)``. Both ends are this module.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
from typing import BinaryIO

from geo import paths
from geo.i18n import N_, Message
from geo.pipeline import IncidentData, Progress

#: The longest a parse may take before its child is stopped (s).
PARSE_LIMIT_S = 300.0
TOO_SLOW = N_("reading the file took too long and was stopped")
FAILED = N_("the server could not finish reading the file (it may be too large)")


class ParseFailed(RuntimeError):
    """The child process ended without tables (killed, out of memory, or too slow); its
    argument is the reason, an English template for :func:`geo.i18n._`."""


def parse(raw: bytes, name: str, progress: Progress,
          limit_s: float = PARSE_LIMIT_S) -> IncidentData:
    """:func:`geo.pipeline.load_imported` of an upload, run in a child process; its progress
    reports arrive here. Raises :class:`ParseFailed` if the child gives no tables."""
    env = {**os.environ, "BIM_DATA_DIR": str(paths.DATA_DIR)}  # the parent's data, always
    child = subprocess.Popen([sys.executable, "-m", __name__], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, env=env, cwd=paths.ROOT)
    stopped = threading.Event()

    def stop() -> None:
        stopped.set()
        child.kill()

    timer = threading.Timer(limit_s, stop)
    timer.daemon = True
    timer.start()
    try:
        assert child.stdin is not None and child.stdout is not None
        try:
            with child.stdin:
                pickle.dump((raw, name), child.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        except (BrokenPipeError, OSError):
            pass  # it died before reading everything: the read below says so
        while True:
            try:
                kind, value = pickle.load(child.stdout)
            except (EOFError, pickle.UnpicklingError):
                raise ParseFailed(TOO_SLOW if stopped.is_set() else FAILED) from None
            if kind == "done":
                return value
            progress(*value)
    finally:
        timer.cancel()
        if child.poll() is None:
            child.kill()
        child.wait()
        if child.stdout is not None:
            child.stdout.close()


def _serve(source: BinaryIO, out: BinaryIO) -> None:
    """The child's side: read one upload, answer with its progress and its tables."""
    from geo.pipeline import load_imported

    raw, name = pickle.load(source)

    def report(fraction: float, text: Message) -> None:
        pickle.dump(("progress", (fraction, text)), out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()

    data = load_imported(raw, name, progress=report)
    pickle.dump(("done", data), out, protocol=pickle.HIGHEST_PROTOCOL)
    out.flush()


if __name__ == "__main__":
    # The protocol gets its own copy of stdout; anything else printed goes to stderr.
    protocol = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    _serve(sys.stdin.buffer, protocol)
