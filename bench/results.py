"""bench/RESULTS.md: each benchmark owns one section, replaced in place by its ``--write``."""

from __future__ import annotations

import os
import platform
from pathlib import Path

from geo import paths

RESULTS = paths.ROOT / "bench" / "RESULTS.md"


def machine() -> str:
    """Cores, memory and Python of this machine, for the record."""
    mem_kib = int(Path("/proc/meminfo").read_text().split()[1])
    return (f"{os.cpu_count()} cores, {mem_kib / 1024 / 1024:.0f} GiB, Python "
            f"{platform.python_version()}")


def write_section(section: str, text: str, results: Path = RESULTS) -> None:
    """Replace the section headed ``section`` (a ``## `` line; ``text`` starts with it) with
    ``text``, or add it at the end; the other sections stay as they are."""
    old = results.read_text("utf-8") if results.exists() else "# Benchmark results\n"
    if section in old:
        head, _, rest = old.partition(section)
        tail = rest[rest.find("\n## "):] if "\n## " in rest else ""
        old = head.rstrip() + "\n\n" + text.rstrip() + "\n" + tail
    else:
        old = old.rstrip() + "\n\n" + text.rstrip() + "\n"
    results.write_text(old, "utf-8")


def publish(section: str, text: str, write: bool) -> int:
    """Print a benchmark's Markdown ``text`` and, with ``write`` (its ``--write``), put it in
    RESULTS.md as ``section``; the exit status (0)."""
    print(text)
    if write:
        write_section(section, text)
    return 0
