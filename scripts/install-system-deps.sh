#!/usr/bin/env bash
# Installs the Debian packages Tonggao needs (idempotent; only missing ones are fetched).
set -euo pipefail
PACKAGES=(
  redis-server postgresql docker-compose
  chromium
  libreoffice-writer-nogui
  poppler-utils
  # The PDF's faces: FandolFang (仿宋), FandolKai (楷体), FandolHei (黑体), FandolSong (小标宋,
  # 宋体). Debian ships them only in texlive-lang-chinese (no smaller package has them).
  texlive-lang-chinese
  fonts-noto-cjk  # Chinese in the browser (UI, Playwright screenshots)
  fontconfig
)
missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "missing Debian packages: ${missing[*]} (run as root or install them)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
