"""Uploads parsed in a child process, so that a parse's garbage never stays in the server.

A 45 MB export's parse makes millions of small Python objects; in the server they left
hundreds of MB in its heap after the sessions that uploaded had gone (Python's and glibc's
allocators keep partly used memory), and the parse held the interpreter lock the other
sessions' pages need. In a child process (a fresh interpreter, never a fork of the threaded
server) the parse runs on another core and all its memory is returned when it exits; only
the finished tables come back, as compact arrays.

The protocol, on the child's stdin and stdout: the parent writes a pickled
``(raw, name)``; the child answers with pickled ``("progress", (fraction, message))``
frames and one ``("done", IncidentData)``, then waits for the next upload. Both ends are
this module.

A child starts by importing the parse's modules and reading the gazetteer, the district
polygons and the border (1–2 s, 2–4 s on a busy server). So a child is started ahead
(:func:`warm_up`) when a viewer opens the upload, while they choose the file; and when
uploads queue for their turn, the child of the parse before theirs is kept for the next one
(:func:`parse`'s ``keep``) instead of a new one starting beside the parse, which slowed it
(four queued 45 MB uploads: each waited ~1 s for its child, and the starts took ~1 CPU-s
each). A child parses at most :data:`PARSES_PER_CHILD` uploads in a row, of any sessions
(a parse keeps nothing of the one before it); when no upload waits it is stopped, and its
memory and the garbage of its parses go with it. At most one child waits; one nobody gives
an upload exits after :data:`STANDBY_S`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import select
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import BinaryIO

import pandas as pd

from geo import paths
from geo.i18n import N_, Message
from geo.pipeline import IncidentData, Progress

#: The longest a parse may take before its child is stopped (s).
PARSE_LIMIT_S = 300.0
TOO_SLOW = N_("reading the file took too long and was stopped")
FAILED = N_("the server could not finish reading the file (it may be too large)")
#: How long a waiting child (started ahead, or kept after a parse) waits for an upload
#: before it exits (s); it is given one only up to :data:`HAND_OVER_S` after it began to
#: wait, so that it cannot exit as it is given one.
STANDBY_S = 120.0
HAND_OVER_S = STANDBY_S - 15.0
AHEAD = "--ahead"  # the argument of a child started ahead
#: Uploads one child parses in a row while others wait: its memory is returned only when it
#: exits, so a cap bounds what the heap's fragmentation can add meanwhile.
PARSES_PER_CHILD = 4


class ParseFailed(RuntimeError):
    """The child process ended without tables (killed, out of memory, or too slow); its
    argument is the reason, an English template for :func:`geo.i18n._`."""


@dataclass
class _Standby:
    child: subprocess.Popen[bytes]
    started: float
    #: What it was started with: one started for another interpreter or data folder (a
    #: test's) is not given an upload.
    made_for: tuple[str, str]
    #: Uploads it has parsed already.
    parsed: int = 0


def _made_for() -> tuple[str, str]:
    return sys.executable, str(paths.DATA_DIR)


_standby: _Standby | None = None
_standby_lock = threading.Lock()
log = logging.getLogger("border_incident_map")


def _spawn(*args: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "BIM_DATA_DIR": str(paths.DATA_DIR)}  # the parent's data, always
    return subprocess.Popen([sys.executable, "-m", __name__, *args], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, env=env, cwd=paths.ROOT)


def _usable(standby: _Standby | None) -> bool:
    return (standby is not None and standby.child.poll() is None
            and time.monotonic() - standby.started < HAND_OVER_S
            and standby.made_for == _made_for())


def warm_up() -> None:
    """Start a child ahead for the next upload, unless one is waiting already (started
    ahead, or kept after a parse): it gets ready while the user chooses a file (see the
    module's docstring). It exits by itself if no upload comes."""
    global _standby
    with _standby_lock:
        if _usable(_standby):
            return
        old, _standby = _standby, None
        if old is not None:
            _close(old.child)
        try:
            _standby = _Standby(_spawn(AHEAD), time.monotonic(), _made_for())
        except OSError:  # no process to spare now: the upload starts its own
            log.log(logging.WARNING, "could not start a parse child ahead", exc_info=True)


def _take_standby() -> _Standby | None:
    global _standby
    with _standby_lock:
        standby, _standby = _standby, None
    return standby


def stand_down() -> None:
    """Stop the child started ahead, if one waits."""
    standby = _take_standby()
    if standby is not None:
        _close(standby.child)


def _child() -> _Standby:
    """The child waiting for an upload if it can still be given one, else a new one."""
    standby = _take_standby()
    if standby is not None and _usable(standby):
        return standby
    if standby is not None:
        _close(standby.child)
    return _Standby(_spawn(), time.monotonic(), _made_for())


def _hold(used: _Standby) -> None:
    """Keep a child that has parsed for the next upload (it waits as one started ahead
    does), unless one waits already: the fresh one is kept, with less memory."""
    global _standby
    with _standby_lock:
        if _usable(_standby):
            spare = used
        else:
            spare, _standby = _standby, replace(used, started=time.monotonic())
    if spare is not None:
        _close(spare.child)


def _close(child: subprocess.Popen[bytes]) -> None:
    if child.poll() is None:
        child.kill()
    child.wait()
    for pipe in (child.stdin, child.stdout):
        if pipe is not None:
            with contextlib.suppress(OSError):  # what it had not read yet: it is gone
                pipe.close()


def parse(raw: bytes, name: str, progress: Progress, limit_s: float = PARSE_LIMIT_S,
          keep: Callable[[], bool] = lambda: False) -> IncidentData:
    """:func:`geo.pipeline.load_imported` of an upload, run in a child process; its progress
    reports arrive here. Raises :class:`ParseFailed` if the child gives no tables.
    ``keep``: asked when the tables have come; if it says yes (an upload waits), the child
    is kept for the next upload instead of being stopped, unless it has parsed
    :data:`PARSES_PER_CHILD` uploads (a child that failed or ran past the limit never is)."""
    standby = _child()
    child = standby.child
    stopped = threading.Event()
    done = False

    def stop() -> None:
        stopped.set()
        child.kill()

    timer = threading.Timer(limit_s, stop)
    timer.daemon = True
    timer.start()
    try:
        assert child.stdin is not None and child.stdout is not None
        try:
            pickle.dump((raw, name), child.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            child.stdin.flush()
        except (BrokenPipeError, OSError):
            pass  # it died before reading everything: the read below says so
        while True:
            try:
                kind, value = pickle.load(child.stdout)
            except (EOFError, pickle.UnpicklingError):
                raise ParseFailed(TOO_SLOW if stopped.is_set() else FAILED) from None
            if kind == "done":
                done = True
                return value
            progress(*value)
    finally:
        timer.cancel()
        timer.join()  # a limit reached as the tables came has stopped the child by now
        standby.parsed += 1
        reuse = False
        try:
            reuse = (done and not stopped.is_set() and standby.parsed < PARSES_PER_CHILD
                     and keep())
        finally:
            if reuse:
                _hold(standby)
            else:
                _close(child)


#: A one-row export the child parses before its upload comes: its first parse would
#: otherwise pay for the gazetteer, the polygons, the border's tree and pandas' first calls.
_DRY_RUN = (
    b"event_id_cnty,event_date,time_precision,event_type,sub_event_type,actor1,actor2,"
    b"country,admin1,admin2,location,latitude,longitude,geo_precision,source,notes,"
    b"fatalities\nTJK0,2024-01-01,1,Battles,Armed clash,A,B,Tajikistan,Khatlon,Shamsiddin "
    b"Shohin,Shamsiddin Shohin,37.9,70.1,2,S,N,0\n")


def _prepare(ahead: bool) -> pd.DataFrame:
    """Load what every parse uses; the gazetteer, for the parse. A child started ahead also
    makes a dry run (one that is not waits for nothing but its upload)."""
    from geo.loading import load_dataset
    from geo.pipeline import load_imported

    places = load_dataset(paths.DATA_DIR).places
    if ahead:
        # Only a warm-up: should it fail, the upload's own parse says what is wrong.
        with contextlib.suppress(Exception):
            load_imported(_DRY_RUN, "dry run", places)
    return places


def _serve(source: BinaryIO, out: BinaryIO, places: pd.DataFrame | None = None) -> None:
    """The child's side: read one upload, answer with its progress and its tables."""
    from geo.pipeline import load_imported

    raw, name = pickle.load(source)

    def report(fraction: float, text: Message) -> None:
        pickle.dump(("progress", (fraction, text)), out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()

    data = load_imported(raw, name, places, progress=report)
    pickle.dump(("done", data), out, protocol=pickle.HIGHEST_PROTOCOL)
    out.flush()


if __name__ == "__main__":
    # The protocol gets its own copy of stdout; anything else printed goes to stderr.
    protocol = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    known = _prepare(AHEAD in sys.argv)
    # A child that gets no upload for STANDBY_S goes, as does one whose parent has gone or
    # let it go (its end of the pipe reads as closed).
    while select.select([sys.stdin], [], [], STANDBY_S)[0] and sys.stdin.buffer.peek(1):
        _serve(sys.stdin.buffer, protocol, known)
