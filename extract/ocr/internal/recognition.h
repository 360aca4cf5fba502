// Internal to the OCR module (extract/ocr and its tests only): one crop of the page read by Tesseract, and the crop
// prepared for it. Pixels are page pixels of the rendered image; glyph boxes are page points (pixel · 72 / dpi).
#pragma once

#include <tesseract/publictypes.h>

#include <string>
#include <vector>

#include "extract/ocr/internal/ink_layout.h"
#include "extract/page.h"
#include "extract/pdf/pix.h"

namespace tesseract {
class TessBaseAPI;
}

namespace jx::extract::ocr {

// The finest resolution Tesseract is given a scan at (read_scale()): the resolution of the finest scans the OCR
// path was tuned on (samples/scanned: 150 and 200 dpi).
constexpr double kReadDpi = 200;
// The largest factor pixScaleAreaMap() reduces by area mapping (above it Leptonica interpolates and sharpens).
constexpr double kAreaMapBelow = 0.7;

// One engine's reading of a crop: its symbols in reading order, their mean confidence (-1 when there are none) and
// their texts joined.
struct Reading {
  std::vector<Glyph> glyphs;
  double mean_confidence = -1;
  std::string text;
};

// Recognises `image` (a crop whose top-left is the page pixel (ox, oy)) and returns its symbols in page points.
// When `line_y0 < line_y1` every glyph box spans that vertical range (page pixels): the crop is one text line.
// Symbol boxes Tesseract got out of order are spread over their word's (or line's) box, and the symbols of one word
// (and digits and separators of one line) are made to touch. Empty (mean_confidence -1) when Tesseract fails; the
// engine is left holding the image: the caller Clear()s it.
// With `scale` below 1 Tesseract is given the crop reduced by it (read_scale()); the boxes are the crop's all the same.
Reading recognise(tesseract::TessBaseAPI& api, PIX* image, int ox, int oy, double dpi, tesseract::PageSegMode psm,
                  int line_y0, int line_y1, double scale = 1);

// The scale Tesseract reads a page's crops at, for a page image made at `dpi` from a scan of `source_dpi` (0 when
// the page was rasterised, not a scan): a scan finer than kReadDpi is read reduced to kReadDpi when that is a
// reduction by area mapping (a factor below kAreaMapBelow: 300 and 400 dpi scans), anything else as it is. Tesseract's
// reading of short lines changes with the image's scale, and a clean 300 dpi "15" comes out "]5" where the same scan
// reduced to 200 dpi reads right; scans coarser than kReadDpi are never enlarged for it.
double read_scale(double dpi, double source_dpi);

// `band` of `page` as Tesseract should see it: grown by `grow` pixels inside `limit`, every pixel away from the
// band's own ink (grain, specks, what is left of a ruling, a neighbour's stroke) made paper-white, the paper level
// raised to white and the ink stretched to black, with a white margin added. `ox`, `oy` get the page pixel of the
// result's top-left. Null when the box is empty inside `limit` and the page, or `page` is not 8 bpp.
PixPtr clean_crop(PIX* page, PIX* ink, const Band& band, const PixelBox& limit, int grow, int margin, double dpi,
                  int* ox, int* oy);

}  // namespace jx::extract::ocr
