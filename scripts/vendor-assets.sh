#!/usr/bin/env bash
# Copies the front-end packages from the npm registry into webapp/static/vendor (no CDN at run time).
set -euo pipefail
BOOTSTRAP_VERSION=5.3.9
HTMX_VERSION=2.0.11
# axe-core is only loaded by the browser tests (accessibility checks), never by a page.
AXE_VERSION=4.11.4
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --silent --no-audit --no-fund "bootstrap@$BOOTSTRAP_VERSION" "htmx.org@$HTMX_VERSION" "axe-core@$AXE_VERSION"
dest="$root/webapp/static/vendor"
mkdir -p "$dest/bootstrap" "$dest/htmx" "$dest/axe-core"
cp node_modules/bootstrap/dist/css/bootstrap.min.css "$dest/bootstrap/"
cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js "$dest/bootstrap/"
cp node_modules/bootstrap/LICENSE "$dest/bootstrap/LICENSE"
cp node_modules/htmx.org/dist/htmx.min.js "$dest/htmx/"
cp node_modules/htmx.org/LICENSE "$dest/htmx/LICENSE"
cp node_modules/axe-core/axe.min.js "$dest/axe-core/"
cp node_modules/axe-core/LICENSE "$dest/axe-core/LICENSE"
# The packages ship without their .map files: drop the references so browsers do not ask.
sed -i -e 's|/\*# sourceMappingURL=[^*]*\*/||' -e 's|//# sourceMappingURL=.*||' "$dest"/bootstrap/*.min.*
echo "bootstrap $BOOTSTRAP_VERSION, htmx $HTMX_VERSION, axe-core $AXE_VERSION" > "$dest/VERSIONS"
