#!/usr/bin/env bash
# Refresh the vendored GOV.UK Frontend (precompiled CSS, JS, fonts, images) at a pinned version.
# Usage: scripts/vendor-govuk-frontend.sh [VERSION]   (needs npm; the result is committed, so
# `make run` and `make test` never need npm).
set -euo pipefail
VERSION="${1:-6.6.0}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/src/onroll/static/vendor/govuk-frontend"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
(cd "$TMP" && npm pack --silent "govuk-frontend@$VERSION" >/dev/null && tar -xzf govuk-frontend-*.tgz)
DIST="$TMP/package/dist/govuk"
rm -rf "$DEST"
mkdir -p "$DEST"
cp "$DIST/govuk-frontend.min.css" "$DIST/govuk-frontend.min.js" "$DEST/"
cp -r "$DIST/assets" "$DEST/assets"
# The precompiled CSS points at /assets/...; make the URLs relative to the CSS file so the
# files can live under STATIC_URL.
sed -i 's#url(/assets/#url(assets/#g; s#url("/assets/#url("assets/#g' "$DEST/govuk-frontend.min.css"
sed -i 's#//\# sourceMappingURL=.*##' "$DEST/govuk-frontend.min.js"
sed -i 's#/\*\# sourceMappingURL=.*\*/##' "$DEST/govuk-frontend.min.css"
cp "$TMP/package/LICENSE.txt" "$DEST/LICENSE.txt" 2>/dev/null || true
echo "govuk-frontend $VERSION" > "$DEST/../VERSIONS"
echo "Vendored govuk-frontend $VERSION into $DEST"
