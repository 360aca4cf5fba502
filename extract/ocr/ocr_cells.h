// Internal to the OCR path: reading one region of a cleaned page image with Tesseract, symbol by symbol.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "extract/ocr/image_lines.h"
#include "extract/page.h"
#include "extract/pdf/pix.h"

namespace tesseract {
class TessBaseAPI;
}
namespace jx::extract::ocr {
class LineModel;
}

namespace jx::extract {

enum class RegionKind {
  Cell,       // one table cell: a single line or a single block of text
  Narrative,  // free text outside the tables: Tesseract's own layout analysis
};

// Reads `region` of `page` (8 bpp, rulings already painted white) and returns one Glyph per recognised symbol, with
// its box in page points (pixel · 72 / dpi) and Tesseract's confidence. The box spans the symbol's width and its
// text line's height, like a text layer's glyph box, so lines group by baseline. `ink` is the 1 bpp ink of `page`
// without rulings; a region with no ink larger than speckle returns nothing without calling Tesseract.
// A cell line whose reading looks numeric, or whose ink looks like digits (narrow parts as tall as the line: a
// blurred "15" read as 环), is read again by `apis.digits` (chi_sim is weak on Latin digits: "100%" comes out
// "00%"). The reading kept is the one that adds sure glyphs to the other (a "." of 851.40, the "9" of 96.8% that one
// engine dropped), else the one with the higher mean confidence; a reading with a malformed number ("3,,840") loses.
struct OcrApis {
  tesseract::TessBaseAPI* text = nullptr;  // chi_sim: everything
  // eng with a whitelist of digits and operators, started on first call; null (or returning null) when unavailable
  std::function<tesseract::TessBaseAPI*()> digits;
  // What a crop is reduced by before `text` reads it (read_scale()). The digits engine reads crops as they are: its
  // reading of a number is then a second one independent of the first in scale as well as in model.
  double scale = 1;

  // The second line recognizer (ocr/internal/line_model.h), loaded on first call; null (or returning null) when its
  // model is not installed.
  std::function<ocr::LineModel*()> lines;

  // The digits engine, started now if it was not; null when there is none.
  tesseract::TessBaseAPI* digits_engine() const { return digits ? digits() : nullptr; }
  // The line recognizer, loaded now if it was not; null when there is none.
  ocr::LineModel* line_model() const { return lines ? lines() : nullptr; }
};

// `line_height` (pixels; 0 when unknown) is the page's usual text line height (typical_line_height()): a character
// a faint scan broke into pieces one above the other is read as one line against it.
std::vector<Glyph> read_region(const OcrApis& apis, PIX* page, PIX* ink, const PixelBox& region, double dpi,
                               RegionKind kind, int line_height = 0);

// The median height of the text lines (bands of ink of more than one part) in `cells` of the 1 bpp `ink`; 0 when
// there are none.
int typical_line_height(PIX* ink, const std::vector<PixelBox>& cells, double dpi);

}  // namespace jx::extract
