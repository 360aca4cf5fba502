#!/usr/bin/env bash
# Installs the Debian packages jxaudit needs to build, test and regenerate its samples.
# Idempotent: quiet and quick when everything is already there. Run as root (or with sudo available).
set -euo pipefail

PACKAGES=(
  # build
  cmake g++ make pkg-config
  # PDF: Poppler core API (ruling lines, text boxes) and the CID maps for non-embedded Chinese fonts
  libpoppler-private-dev libpoppler-dev poppler-data poppler-utils qpdf
  # OCR and image work
  libtesseract-dev libleptonica-dev tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-osd tesseract-ocr-eng
  # text, rules, formats, CLI
  libicu-dev libre2-dev nlohmann-json3-dev libcli11-dev libtomlplusplus-dev libxlsxwriter-dev libsqlite3-dev sqlite3 zlib1g-dev libssl-dev
  # tests and benchmarks; the habits checked by scripts/lint.sh
  libgtest-dev libgmock-dev libbenchmark-dev time clang-format clang-tidy unzip libxml2-utils python3-jsonschema
  # sample generation (reportlab with a non-embedded STSong-Light CID font; embedded TrueType fonts)
  python3 python3-reportlab python3-pil fonts-wqy-zenhei fonts-arphic-uming chromium
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
