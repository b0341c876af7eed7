#!/usr/bin/env bash
# Make Debian's HAProxy available to `make serve-replicas` and the balancer tests.
# Debian/Ubuntu as root: installed with apt-get when missing; elsewhere it must be installed
# by hand (exit 1 with a message, so the tests that need it are skipped, not failed).
set -euo pipefail
if command -v haproxy >/dev/null 2>&1; then
  echo "haproxy: $(command -v haproxy)"; exit 0
fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "haproxy: installing Debian's haproxy with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends haproxy >/dev/null
  # The package enables a system-wide service; the replicas run their own haproxy.
  if command -v systemctl >/dev/null 2>&1; then systemctl disable --now haproxy >/dev/null 2>&1 || true; fi
  command -v haproxy >/dev/null 2>&1 && { echo "haproxy: $(command -v haproxy)"; exit 0; }
fi
echo "haproxy: not found; install HAProxy (2.4 or newer) to run replicas behind it" >&2
exit 1
