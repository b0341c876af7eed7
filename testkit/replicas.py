"""N replicas of the app behind HAProxy on loopback, for the tests and the load benchmark.

The same ``deploy/haproxy.cfg`` as ``make serve-replicas`` and ``deploy/compose.yaml``: the
replicas are given to it as ``BIM_REPLICA_<i>`` (see the file's head). Every replica gets
the same cookie secret, as a deployment must give them.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from testkit.server import ROOT, App, free_port, start_app, stop_app, stop_process, wait_healthy

HAPROXY_CFG = ROOT / "deploy" / "haproxy.cfg"
#: The sticky-session cookie the balancer sets (``cookie`` in haproxy.cfg).
STICKY_COOKIE = "BIM_REPLICA"


def haproxy() -> str | None:
    """The haproxy executable, if installed (``scripts/ensure_haproxy.sh`` installs it)."""
    return shutil.which("haproxy") or next(
        (p for p in ("/usr/sbin/haproxy", "/usr/local/sbin/haproxy") if Path(p).exists()), None)


@dataclass
class Balanced:
    """Replicas behind a running HAProxy: the balancer's address, its process and the
    replicas (in the order of ``BIM_REPLICA_<i>``)."""

    url: str
    balancer: subprocess.Popen[bytes]
    replicas: list[App]
    log: Path


def start_replicas(n: int, data_dir: Path | None, log_dir: Path) -> Balanced:
    """Start ``n`` replicas on loopback ports and HAProxy in front; wait until all answer."""
    executable = haproxy()
    if executable is None:
        raise RuntimeError("haproxy is not installed (scripts/ensure_haproxy.sh)")
    secret = {"STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(16)}
    replicas: list[App] = []
    try:
        for i in range(n):
            replicas.append(start_app(data_dir, log_dir / f"replica{i + 1}.log",
                                      extra_env=secret))
        port = free_port()
        env = {**os.environ, "BIM_LISTEN": f"127.0.0.1:{port}",
               "BIM_COOKIE_KEY": secrets.token_hex(16),
               **{f"BIM_REPLICA_{i + 1}": app.url.removeprefix("http://")
                  for i, app in enumerate(replicas)}}
        log = log_dir / "haproxy.log"
        # -db: stay in the foreground (stopped with the process); -W: master-worker.
        balancer = subprocess.Popen([executable, "-W", "-db", "-f", str(HAPROXY_CFG)], env=env,
                                    stdout=log.open("wb"), stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url, balancer, log, seconds=20)
        return Balanced(url, balancer, replicas, log)
    except BaseException:
        for app in replicas:
            stop_app(app)
        raise


def stop_replicas(balanced: Balanced) -> None:
    """Stop the balancer and every replica still running."""
    stop_process(balanced.balancer)
    for app in balanced.replicas:
        if app.process.poll() is None:
            stop_app(app)
