"""Uploads are parsed in a child process: the same tables as in the server, its progress
reported, and a child that dies or hangs is one clear message on the page, never a hang."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

from dashboard import parse_worker
from geo import paths
from geo.pipeline import load_imported
from testkit.pages import metrics, run_app

UPLOAD = paths.ROOT / "tests" / "fixtures" / "acled_current.csv"


def test_the_child_gives_the_tables_and_problems_of_a_parse_in_the_server() -> None:
    raw = UPLOAD.read_bytes()
    reports: list[tuple[float, str]] = []
    data = parse_worker.parse(raw, "acled.csv", lambda f, m: reports.append((f, str(m))))
    here = load_imported(raw, "acled.csv")
    pd.testing.assert_frame_equal(data.incidents, here.incidents)
    pd.testing.assert_frame_equal(data.casualties, here.casualties)
    assert [str(p) for p in data.problems] == [str(p) for p in here.problems]
    assert any("line 6: event_type" in str(p) for p in data.problems)
    assert [f for f, _ in reports] == [0.0, 0.6, 0.9]  # its progress, as it went
    assert "Placing 4 incidents" in reports[1][1]


def _stand_in(tmp_path: Path, body: str) -> str:
    script = tmp_path / "child"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(0o755)
    return str(script)


def test_a_child_that_dies_is_a_failure_with_a_reason(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(sys, "executable", _stand_in(tmp_path, "exit 137"))
    with pytest.raises(parse_worker.ParseFailed) as failed:
        parse_worker.parse(UPLOAD.read_bytes(), "acled.csv", lambda *_: None)
    assert failed.value.args[0] == parse_worker.FAILED


def test_a_child_that_hangs_is_stopped_at_the_limit(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(sys, "executable", _stand_in(tmp_path, "exec sleep 60"))
    with pytest.raises(parse_worker.ParseFailed) as failed:
        parse_worker.parse(b"x" * 1_000_000, "big.csv", lambda *_: None, limit_s=1.0)
    assert failed.value.args[0] == parse_worker.TOO_SLOW


def test_the_page_says_the_upload_failed_and_shows_the_shipped_data(tmp_path,
                                                                    monkeypatch) -> None:
    monkeypatch.setattr(sys, "executable", _stand_in(tmp_path, "exit 1"))
    at = run_app()
    at.radio(key="source").set_value("Upload ACLED or UCDP GED").run()
    at.file_uploader(key="upload").set_value(
        ("a_b.csv", UPLOAD.read_bytes(), "text/csv")).run()
    assert not at.exception
    (warning,) = [w.value for w in at.warning if "a\\_b\\.csv" in w.value]
    assert "could not finish reading the file" in warning and "shipped data is shown" in warning
    assert metrics(at)["Incidents"] == "13 of 13"


def _recording_spawns(monkeypatch) -> tuple[list[tuple[str, ...]], list[object]]:
    """The arguments and the process of each child started from here on."""
    spawned: list[tuple[str, ...]] = []
    children: list[object] = []
    real = parse_worker._spawn

    def spawn(*args: str):
        spawned.append(args)
        children.append(real(*args))
        return children[-1]

    monkeypatch.setattr(parse_worker, "_spawn", spawn)
    return spawned, children


def _counting_spawns(monkeypatch) -> list[tuple[str, ...]]:
    return _recording_spawns(monkeypatch)[0]


def _counting_children(monkeypatch) -> list[object]:
    return _recording_spawns(monkeypatch)[1]


def test_a_child_started_ahead_is_given_the_next_upload(monkeypatch) -> None:
    spawned = _counting_spawns(monkeypatch)
    parse_worker.warm_up()
    parse_worker.warm_up()  # one waits at most
    ahead = parse_worker._standby.child
    data = parse_worker.parse(UPLOAD.read_bytes(), "acled.csv", lambda *_: None)
    assert spawned == [(parse_worker.AHEAD,)]  # no other child was started
    assert ahead.poll() is not None and len(data.incidents) == 4  # it parsed, and is gone
    assert parse_worker._standby is None


def test_a_child_near_its_own_exit_is_not_given_an_upload(monkeypatch) -> None:
    spawned = _counting_spawns(monkeypatch)
    parse_worker.warm_up()
    old = parse_worker._standby
    old.started -= parse_worker.HAND_OVER_S
    data = parse_worker.parse(UPLOAD.read_bytes(), "acled.csv", lambda *_: None)
    assert spawned == [(parse_worker.AHEAD,), ()] and len(data.incidents) == 4
    assert old.child.poll() is not None  # stopped, not left waiting


def test_a_child_started_ahead_goes_quietly_when_its_server_does() -> None:
    child = parse_worker._spawn(parse_worker.AHEAD)
    child.stdin.close()  # what the server's exit does to its end of the pipe
    assert child.wait(timeout=60) == 0
    assert child.stdout.read() == b""


def test_an_upload_that_waits_is_given_the_child_of_the_parse_before_it(monkeypatch) -> None:
    spawned = _counting_spawns(monkeypatch)
    parse_worker.parse(UPLOAD.read_bytes(), "a.csv", lambda *_: None, keep=lambda: True)
    kept = parse_worker._standby
    assert spawned == [()] and kept is not None and kept.parsed == 1
    assert kept.child.poll() is None  # it waits for the next upload
    # Another session's file, of another dataset: nothing of the first parse is in it.
    other = (UPLOAD.parent / "ucdp_ged.csv").read_bytes()
    second = parse_worker.parse(other, "ucdp.csv", lambda *_: None)  # nobody waits after it
    assert spawned == [()]  # no other child was started
    here = load_imported(other, "ucdp.csv")
    pd.testing.assert_frame_equal(second.incidents, here.incidents)
    pd.testing.assert_frame_equal(second.casualties, here.casualties)
    assert [str(p) for p in second.problems] == [str(p) for p in here.problems]
    assert kept.child.poll() is not None and parse_worker._standby is None  # it went


def test_a_kept_child_near_its_own_exit_is_not_given_an_upload(monkeypatch) -> None:
    spawned = _counting_spawns(monkeypatch)
    parse_worker.parse(UPLOAD.read_bytes(), "a.csv", lambda *_: None, keep=lambda: True)
    kept = parse_worker._standby
    kept.started -= parse_worker.HAND_OVER_S  # it has waited that long since its parse
    parse_worker.parse(UPLOAD.read_bytes(), "b.csv", lambda *_: None)
    assert spawned == [(), ()] and kept.child.poll() is not None  # stopped, not given it


def test_a_child_is_stopped_when_asking_whether_to_keep_it_fails(monkeypatch) -> None:
    children = _counting_children(monkeypatch)

    def keep() -> bool:
        raise RuntimeError("the queue could not be read")

    with pytest.raises(RuntimeError):
        parse_worker.parse(UPLOAD.read_bytes(), "a.csv", lambda *_: None, keep=keep)
    assert children[0].poll() is not None and parse_worker._standby is None


def test_a_child_parses_at_most_its_share_of_uploads(monkeypatch) -> None:
    monkeypatch.setattr(parse_worker, "PARSES_PER_CHILD", 2)
    spawned = _counting_spawns(monkeypatch)
    for _ in range(3):
        parse_worker.parse(UPLOAD.read_bytes(), "a.csv", lambda *_: None, keep=lambda: True)
    assert spawned == [(), ()]  # the third upload had a new child
    assert parse_worker._standby is not None and parse_worker._standby.parsed == 1


def test_a_used_child_gives_way_to_a_fresh_one_waiting(monkeypatch) -> None:
    children = _counting_children(monkeypatch)

    def progress(*_) -> None:
        if len(children) == 1:
            parse_worker.warm_up()  # a viewer opens the upload meanwhile

    parse_worker.parse(UPLOAD.read_bytes(), "a.csv", progress, keep=lambda: True)
    used, fresh = children
    assert used.poll() is not None  # the fresh one has less memory: the used one went
    assert parse_worker._standby.child is fresh and parse_worker._standby.parsed == 0


def test_a_failed_child_is_not_kept(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(sys, "executable", _stand_in(tmp_path, "exit 137"))
    with pytest.raises(parse_worker.ParseFailed):
        parse_worker.parse(UPLOAD.read_bytes(), "acled.csv", lambda *_: None,
                           keep=lambda: True)
    assert parse_worker._standby is None


def test_the_child_is_kept_only_while_an_upload_waits(monkeypatch) -> None:
    from dashboard import data_source

    asked: list[bool] = []

    def fake_parse(raw, name, progress, keep):
        asked.append(keep())
        return "tables"

    monkeypatch.setattr(parse_worker, "parse", fake_parse)
    assert data_source._parse(b"", "a.csv", lambda *_: None) == "tables"
    data_source._queue(+1)
    try:
        assert data_source._parse(b"", "a.csv", lambda *_: None) == "tables"
    finally:
        data_source._queue(-1)
    assert asked == [False, True]


def test_opening_the_upload_starts_a_child_ahead() -> None:
    at = run_app()
    assert parse_worker._standby is None
    at.radio(key="source").set_value("Upload ACLED or UCDP GED").run()
    assert parse_worker._standby is not None and parse_worker._standby.child.poll() is None
