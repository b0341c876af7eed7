// Regenerates data/countries.geojson from Natural Earth 1:10m
// (public domain) as carried by the npm package world-atlas (TopoJSON), using
// topojson-client's mesh/feature. Run through scripts/build_boundaries.sh.
"use strict";
const fs = require("fs");
const path = require("path");
const topojson = require("topojson-client");

const [topologyPath, outDir] = process.argv.slice(2);
const topology = JSON.parse(fs.readFileSync(topologyPath, "utf8"));
const countries = topology.objects.countries;
const AFG = "004";
const TJK = "762";

const SOURCE = {
  source: "Natural Earth 1:10m Admin 0 countries v4.1.0, via npm world-atlas@2.0.2 (countries-10m.json)",
  licence: "Public domain (Natural Earth); world-atlas packaging ISC",
};

// Round to 5 decimals (~1 m): the source is quantized to ~300 m anyway.
const round = (c) => (Array.isArray(c[0]) ? c.map(round) : c.map((v) => Math.round(v * 1e5) / 1e5));

function write(name, fc) {
  const file = path.join(outDir, name);
  fs.writeFileSync(file, JSON.stringify(fc) + "\n");
  console.log(`wrote ${file}`);
}

// data/border.geojson is not built here: since December 2026 it is geoBoundaries' finer
// AF–TJ line (see data/README.md), shipped as built. Natural Earth draws the countries only.
const outlines = countries.geometries
  .filter((g) => g.id === AFG || g.id === TJK)
  .map((g) => {
    const f = topojson.feature(topology, g);
    return {
      type: "Feature",
      properties: { name: f.properties.name, iso2: g.id === AFG ? "AF" : "TJ", ...SOURCE },
      geometry: { type: f.geometry.type, coordinates: round(f.geometry.coordinates) },
    };
  });
write("countries.geojson", { type: "FeatureCollection", features: outlines });
