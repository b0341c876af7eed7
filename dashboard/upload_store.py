"""Each session's parsed upload: held while its session lives, freed soon after it ends.

Streamlit keeps a closed tab's session for ``server.disconnectedSessionTTL`` seconds, so that
a tab that reconnects gets its state back; but it drops an expired session only when its
store of sessions next changes. After the last viewer leaves nothing changes it, and every
upload held in a session's state stayed in memory: 1.3 GB, 60 s after four tabs that had
uploaded a 45 MB export closed (``bench/uploads.py``). So the uploads are held here, by
session, and a sweeper thread frees each one once its session has been gone for longer than
that TTL, with what Streamlit still holds for that session (:func:`_release_session`).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pyarrow

from geo.pipeline import IncidentData

#: How often the sweeper looks for ended sessions (s).
SWEEP_EVERY_S = 5.0


@dataclass
class _Held:
    file_id: str
    data: IncidentData
    gone_since: float | None = None  # when its session was first seen ended


_held: dict[str, _Held] = {}
_lock = threading.Lock()


def get(session_id: str, file_id: str) -> IncidentData | None:
    """The session's parsed upload if it is of this file, else None."""
    with _lock:
        held = _held.get(session_id)
        return held.data if held is not None and held.file_id == file_id else None


def put(session_id: str, file_id: str, data: IncidentData) -> None:
    """Hold the session's upload (its previous one, if any, goes) and let go of its file's
    bytes (:func:`release_file`); the sweeper that frees it after its session starts with
    the first upload held."""
    with _lock:
        _held[session_id] = _Held(file_id, data)
    release_file(session_id, file_id)
    _start_sweeper()


def release_file(session_id: str, file_id: str) -> None:
    """Let go of an upload's bytes once it is parsed: Streamlit's file manager holds every
    uploaded file for as long as its widget shows it (45 MB an upload, next to its parsed
    tables, which are all the page reads from then on). Its record stays, emptied, so that
    the widget still shows the file. Nothing where no Streamlit server runs."""
    from streamlit import runtime

    if not runtime.exists():
        return
    manager = runtime.get_instance().uploaded_file_mgr
    files = getattr(manager, "file_storage", None)
    if not isinstance(files, dict):
        return  # another manager than Streamlit's in-memory one: it keeps the bytes
    # Under the manager's lock, with its byte count, as its own add and remove do.
    with getattr(manager, "_lock", threading.Lock()):
        record = files[session_id].get(file_id) if session_id in files else None
        if record is not None and hasattr(record, "_replace"):
            files[session_id][file_id] = record._replace(data=b"")
            if isinstance(getattr(manager, "_total_bytes", None), int):
                manager._total_bytes -= len(record.data)


def drop(session_id: str) -> None:
    """Free the session's upload, if it holds one."""
    with _lock:
        dropped = _held.pop(session_id, None)
    if dropped is not None:
        del dropped
        return_freed_memory()


def count() -> int:
    """How many uploads are held, by all sessions together."""
    with _lock:
        return len(_held)


def sweep(is_active: Callable[[str], bool], ttl_s: float, now: float) -> list[str]:
    """Free the uploads of sessions that have not been active for ``ttl_s`` seconds;
    return their session ids. A session seen active again keeps its upload."""
    ended: list[str] = []
    with _lock:
        for session_id, held in list(_held.items()):
            if is_active(session_id):
                held.gone_since = None
            elif held.gone_since is None:
                held.gone_since = now
            elif now - held.gone_since >= ttl_s:
                del _held[session_id]
                ended.append(session_id)
    return ended


def return_freed_memory() -> None:
    """Give freed memory back to the system: glibc's and Arrow's allocators (pandas' text
    columns) otherwise keep it for reuse."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    pyarrow.default_memory_pool().release_unused()


# glibc's mallopt parameters (malloc.h).
_M_MMAP_THRESHOLD, _M_ARENA_MAX = -3, -8
#: Blocks of this size and more get their own memory map, returned to the system when freed.
MMAP_THRESHOLD = 128 * 1024
#: Allocator arenas for all threads together (glibc's default: 8 per core).
ARENA_MAX = 2


def tune_allocator() -> None:
    """Make glibc's allocator return what the server frees: by default it raises its
    memory-map threshold after each large block is freed (so the next columns of an
    upload come from the heap, where a few small survivors pin them) and gives every
    script thread its own arena. Four 45 MB uploads left 326 MiB over the warm server a
    minute after their sessions ended; with these two settings 252 MiB (`bench/uploads.py`)."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)
        libc.mallopt(_M_ARENA_MAX, ARENA_MAX)


def _release_session(server: Any, session_id: str) -> None:
    """What Streamlit's own shutdown of a session releases (``AppSession.shutdown``), done
    for a session that is past its TTL but not shut down yet: its uploaded file's bytes,
    its deferred downloads (whose callables hold the view they export) and its tables'
    sources. The session cannot come back now."""
    for release in (lambda: server.uploaded_file_mgr.remove_session_files(session_id),
                    lambda: server.media_file_mgr.clear_session_refs(session_id),
                    server.media_file_mgr.remove_orphaned_files,
                    lambda: server.dataframe_source_mgr.clear_all_for_session(session_id)):
        with contextlib.suppress(Exception):  # each on its own: a missing one skips only it
            release()


_sweeper: threading.Thread | None = None


def _start_sweeper() -> None:
    """Start this server's sweeper once (not where no Streamlit server runs, as in
    AppTest)."""
    global _sweeper
    from streamlit import config, runtime

    with _lock:
        if _sweeper is not None or not runtime.exists():
            return
        server = runtime.get_instance()
        ttl_s = float(config.get_option("server.disconnectedSessionTTL"))

        def loop() -> None:
            while True:
                time.sleep(SWEEP_EVERY_S)
                ended = sweep(server.is_active_session, ttl_s, time.monotonic())
                for session_id in ended:
                    _release_session(server, session_id)
                if ended:
                    return_freed_memory()

        _sweeper = threading.Thread(target=loop, name="upload-sweeper", daemon=True)
        _sweeper.start()
