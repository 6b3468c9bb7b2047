#!/bin/sh
# Rebuild api/static/vendor/ from pinned npm packages (run by hand; the result is committed).
# Needs node + npm and a package registry; the app itself never loads anything from a CDN.
#   sh api/static/build-vendor.sh
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
OUT="$HERE/vendor"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent \
  cytoscape@3.34.4 cytoscape-fcose@2.2.0 cose-base@2.2.0 layout-base@2.0.1 leaflet@1.9.4 codemirror@5.65.21 world-atlas@2.0.2 topojson-client@3.1.0 \
  axe-core@4.14.1
M="$TMP/node_modules"
rm -rf "$OUT"
mkdir -p "$OUT/cytoscape" "$OUT/leaflet/images" "$OUT/codemirror" "$OUT/world"
cp "$M/cytoscape/dist/cytoscape.min.js" "$M/cytoscape/LICENSE" "$OUT/cytoscape/"
for p in layout-base cose-base cytoscape-fcose; do
  cp "$M/$p/$p.js" "$OUT/cytoscape/"
  cp "$M/$p/LICENSE" "$OUT/cytoscape/LICENSE-$p"
done
cp "$M/leaflet/dist/leaflet.js" "$M/leaflet/dist/leaflet.css" "$M/leaflet/LICENSE" "$OUT/leaflet/"
cp "$M"/leaflet/dist/images/*.png "$OUT/leaflet/images/"
cp "$M/codemirror/lib/codemirror.js" "$M/codemirror/lib/codemirror.css" \
   "$M/codemirror/mode/sparql/sparql.js" "$M/codemirror/LICENSE" "$OUT/codemirror/"
cp "$M/world-atlas/LICENSE" "$OUT/world/LICENSE-world-atlas"
cp "$M/topojson-client/LICENSE" "$OUT/world/LICENSE-topojson-client"
# Natural Earth 1:110m countries (public domain) as GeoJSON, coordinates rounded to 0.01 deg.
node -e '
const topo = require(process.argv[1] + "/topojson-client");
const world = require(process.argv[1] + "/world-atlas/countries-110m.json");
const fc = topo.feature(world, world.objects.countries);
const round = (c) => Array.isArray(c[0]) ? c.map(round) : c.map((v) => Math.round(v * 100) / 100);
for (const f of fc.features) { f.geometry.coordinates = round(f.geometry.coordinates); }
process.stdout.write(JSON.stringify(fc));
' "$M" > "$OUT/world/countries-110m.geojson"
cat > "$OUT/README.md" <<'TXT'
Vendored browser libraries for the newskg web explorer (served offline from /static/vendor/).
Built by api/static/build-vendor.sh from npm: cytoscape 3.34.4 (MIT) with the fcose layout
(cytoscape-fcose 2.2.0, cose-base 2.2.0, layout-base 2.0.1; MIT), leaflet 1.9.4
(BSD-2-Clause), codemirror 5.65.21 with its SPARQL mode (MIT), world-atlas 2.0.2 (ISC; data
from Natural Earth, public domain) converted to GeoJSON with topojson-client 3.1.0 (ISC).
Each library's licence file sits next to it.
TXT
# axe-core (MPL-2.0) is used only by the browser tests' accessibility check, not served.
TESTS="$HERE/../../tests/browser/vendor"
mkdir -p "$TESTS"
cp "$M/axe-core/axe.min.js" "$TESTS/axe.min.js"
cp "$M/axe-core/LICENSE" "$TESTS/LICENSE-axe-core"
du -sh "$OUT"
