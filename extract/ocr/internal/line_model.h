// Internal to the OCR module (extract/ocr and its tests only): a second recognizer of text lines, independent of
// Tesseract in model, training and pre-processing: PaddleOCR's PP-OCRv4 Chinese line recognizer (a CTC network over
// a line scaled to 48 pixels high) run by OpenCV's DNN module, from the fixed-width graphs that
// scripts/install-models.sh makes (extract/ocr/ppocr/make_static.py).
#pragma once

#include <memory>
#include <string>

#include "extract/ocr/internal/recognition.h"
#include "extract/pdf/pix.h"

namespace jx::extract::ocr {

class LineModel {
 public:
  // The model in `dir` (rec-W.onnx for one or more widths W, keys.txt); null with `error` set when it is not there
  // or does not load.
  static std::unique_ptr<LineModel> open(const std::string& dir, std::string* error);
  ~LineModel();
  LineModel(const LineModel&) = delete;
  LineModel& operator=(const LineModel&) = delete;

  // Reads one text line: `image` is an 8 bpp crop whose top-left is the page pixel (ox, oy) on a page of `dpi`, and
  // (x0, y0, x1, y1) the line's box in page pixels (inside the crop). Glyph boxes are page points, each spanning the
  // line's height and the columns between its neighbours' centres; a glyph's confidence is the network's
  // probability for it (0..100). Full-width ASCII forms come out as ASCII. Empty when nothing is read.
  Reading read_line(PIX* image, int ox, int oy, double dpi, int x0, int y0, int x1, int y1);

 private:
  struct Impl;
  explicit LineModel(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Where the model is looked for: $JX_LINE_MODEL_DIR when set; else share/jxaudit/ppocr-v4 of the prefix this code was
// installed in (`cmake --install`), when it is there; else the folder scripts/install-models.sh writes in the checkout
// this program was built from.
std::string line_model_dir();

}  // namespace jx::extract::ocr
