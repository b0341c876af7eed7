#!/usr/bin/env bash
# Make a headless Chromium available to the browser tests.
# Debian/Ubuntu as root: the distribution's chromium (Playwright's own download may be
# unreachable); elsewhere: Playwright's bundled Chromium.
set -euo pipefail
PY=${PY:-python3}
for candidate in "${BIM_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then
    echo "browser: $candidate"; exit 0
  fi
done
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "browser: installing Debian's chromium with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  [ -x /usr/bin/chromium ] && { echo "browser: /usr/bin/chromium"; exit 0; }
fi
echo "browser: installing Playwright's Chromium"
"$PY" -m playwright install chromium
