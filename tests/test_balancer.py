"""HAProxy in front of two replicas (``deploy/haproxy.cfg``): one file for every setup, and
an upload through it stays on its viewer's replica, with XSRF and CORS protection on."""

from __future__ import annotations

import asyncio
import http.client
import os
import subprocess
import tempfile
import threading
import urllib.error
import urllib.request
import uuid
from collections.abc import Coroutine
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import pytest
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.load import SHOWN, sticky_cookie
from dashboard.data_source import UPLOADED
from geo import paths
from geo.pipeline import load_imported
from testkit.replicas import HAPROXY_CFG, STICKY_COOKIE, haproxy, start_replicas, stop_replicas

pytestmark = pytest.mark.skipif(haproxy() is None,
                                reason="haproxy not installed (make test installs it)")
UPLOAD = paths.ROOT / "tests" / "fixtures" / "acled_current.csv"


def check_config(**env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([haproxy() or "haproxy", "-c", "-f", str(HAPROXY_CFG)],
                          env={**os.environ, "BIM_LISTEN": "127.0.0.1:8500",
                               "BIM_COOKIE_KEY": "k", **env},
                          capture_output=True, text=True, check=False)


def test_one_config_for_loopback_replicas_and_for_compose() -> None:
    loopback = check_config(BIM_REPLICA_1="127.0.0.1:8501", BIM_REPLICA_2="127.0.0.1:8502")
    assert loopback.returncode == 0, loopback.stdout + loopback.stderr
    compose = check_config(BIM_REPLICA_DNS="app:8501", BIM_MAX_REPLICAS="4")
    assert compose.returncode == 0, compose.stdout + compose.stderr
    assert "./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg" in (
        paths.ROOT / "deploy" / "compose.yaml").read_text()
    assert "deploy/haproxy.cfg" in (paths.ROOT / "scripts" / "serve_replicas.sh").read_text()
    make = (paths.ROOT / "Makefile").read_text()
    assert "\ntest: $(VENV)/.installed browser haproxy\n" in make  # a fresh clone installs it


class Page:
    """One session over the balancer's websocket, read as the browser reads it."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.session_id = ""
        self.widgets: dict[str, str] = {}  # label → widget id
        self.shown: tuple[int, int] | None = None
        self.file_urls: Any = None

    async def read(self, back: BackMsg) -> None:
        """Send ``back`` and read until the script (or the file URLs' answer) is done."""
        await self.ws.send(back.SerializeToString())
        while True:
            fm = ForwardMsg()
            fm.ParseFromString(await asyncio.wait_for(self.ws.recv(), timeout=60))
            kind = fm.WhichOneof("type")
            if kind == "new_session":
                self.session_id = fm.new_session.initialize.session_id
            elif kind == "file_urls_response":
                self.file_urls = fm.file_urls_response.file_urls[0]
                return
            elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                element = fm.delta.new_element
                which = element.WhichOneof("type")
                inner = getattr(element, which)
                if which == "markdown" and (match := SHOWN.search(element.markdown.body)):
                    self.shown = int(match.group(1)), int(match.group(2))
                elif hasattr(inner, "id") and hasattr(inner, "label"):
                    self.widgets[inner.label] = inner.id
            elif kind == "script_finished" and back.WhichOneof("type") == "rerun_script":
                return


def put_file(url: str, cookie: str, file_urls: Any, body: bytes) -> int:
    """PUT ``body`` as the browser's uploader does (multipart, XSRF header from the cookie)."""
    xsrf = SimpleCookie(cookie)["_streamlit_xsrf"].value
    boundary = uuid.uuid4().hex
    data = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"{UPLOAD.name}\"\r\nContent-Type: text/csv\r\n\r\n").encode() + body + (
        f"\r\n--{boundary}--\r\n").encode()
    request = urllib.request.Request(
        url + file_urls.upload_url, data=data, method="PUT",
        headers={"Cookie": cookie, "X-Xsrftoken": xsrf, "Origin": url,
                 "Content-Type": f"multipart/form-data; boundary={boundary}"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


async def upload_through(url: str, replicas: list[str]) -> dict[str, Any]:
    """Open the page through the balancer, choose the upload, upload the fixture and rerun;
    also try the same upload on each replica directly."""
    cookie = sticky_cookie(url)
    stream = url.replace("http://", "ws://") + "/_stcore/stream"
    async with websockets.connect(stream, subprotocols=["streamlit"], max_size=None,
                                  additional_headers={"Cookie": cookie, "Origin": url}) as ws:
        page = Page(ws)
        run = BackMsg()
        run.rerun_script.query_string = ""
        await page.read(run)  # the map first
        await page.read(run)  # the rest, with the data choice
        choice = run.rerun_script.widget_states.widgets.add()
        choice.id, choice.string_value = page.widgets["Data"], UPLOADED
        await page.read(run)
        ask = BackMsg()
        ask.file_urls_request.request_id = "1"
        ask.file_urls_request.session_id = page.session_id
        ask.file_urls_request.file_names.append(UPLOAD.name)
        await page.read(ask)
        body = UPLOAD.read_bytes()
        direct = sorted(put_file(replica, cookie, page.file_urls, body) for replica in replicas)
        here = put_file(url, cookie, page.file_urls, body)
        uploader = run.rerun_script.widget_states.widgets.add()
        uploader.id = page.widgets["ACLED or UCDP GED export (CSV)"]
        info = uploader.file_uploader_state_value.uploaded_file_info.add()
        info.file_id, info.name, info.size = page.file_urls.file_id, UPLOAD.name, len(body)
        info.file_urls.CopyFrom(page.file_urls)
        await page.read(run)
        return {"cookie": cookie, "here": here, "direct": direct, "shown": page.shown}


def in_thread(job: Coroutine[Any, Any, dict[str, Any]]) -> dict[str, Any]:
    """Run a coroutine in its own thread and loop (Playwright's loop may own this one)."""
    out: dict[str, Any] = {}

    def run() -> None:
        try:
            out.update(asyncio.run(job))
        except BaseException as error:  # re-raised in the test's thread
            out["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in out:
        raise out["error"]
    return out


def oversized_upload_status(url: str) -> int:
    """What the balancer answers to a body declared larger than the upload limit (only the
    headers are sent: it must refuse before reading the body)."""
    connection = http.client.HTTPConnection(url.removeprefix("http://"), timeout=20)
    connection.putrequest("PUT", "/_stcore/upload_file/s/f")
    connection.putheader("Content-Length", str(60 * 1024 * 1024))
    connection.endheaders()
    status = connection.getresponse().status
    connection.close()
    return status


def test_an_upload_through_the_balancer_stays_on_its_replica() -> None:
    balanced = start_replicas(2, None, Path(tempfile.mkdtemp()))
    try:
        result = in_thread(upload_through(balanced.url, [r.url for r in balanced.replicas]))
        too_large = oversized_upload_status(balanced.url)
        with urllib.request.urlopen(balanced.url + "/") as response:
            headers = response.headers
    finally:
        stop_replicas(balanced)
    assert too_large == 413
    assert headers["X-Content-Type-Options"] == "nosniff" and "Server" not in headers
    assert STICKY_COOKIE in result["cookie"]
    # Only the replica holding the session takes the file; the other knows no such session.
    assert result["direct"] == [204, 400]
    assert result["here"] == 204  # through the proxy: sticky, XSRF cookie and header accepted
    expected = len(load_imported(UPLOAD.read_bytes(), UPLOAD.name).incidents)
    assert result["shown"] == (expected, expected)
