#!/usr/bin/env bash
# Rebuild data/countries.geojson (the offline basemap's outlines) from Natural Earth (public
# domain). data/border.geojson is geoBoundaries' finer line and is not rebuilt here (see
# data/README.md).
# Needs node and npm; fetches two pinned packages from the npm registry into a temp dir.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
npm install --silent --no-save --prefix "$work" world-atlas@2.0.2 topojson-client@3.1.0
NODE_PATH="$work/node_modules" node "$here/build_boundaries.cjs" \
  "$work/node_modules/world-atlas/countries-10m.json" "$here/../data"
