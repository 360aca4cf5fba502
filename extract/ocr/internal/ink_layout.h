// Internal to the OCR module (extract/ocr and its tests only): where the ink of a region lies, before anything is
// read. Pixels are page pixels of the rendered image (its dpi given); `ink` images are 1 bpp with ink = 1, as
// binarise_at() makes them, rulings removed.
#pragma once

#include <vector>

#include "extract/ocr/image_lines.h"
#include "extract/pdf/pix.h"

namespace jx::extract::ocr {

// The ink of a region bigger than speckle: its components, grouped into text bands (rows of ink that overlap
// vertically), in page pixels.
struct Band {
  PixelBox box;
  std::vector<PixelBox> parts;
};

struct InkLayout {
  PixelBox box;             // all kept ink
  std::vector<Band> bands;  // top to bottom
  bool empty() const { return bands.empty(); }
};

// A band smaller than this (inches) both ways is a speck, not text.
constexpr double kMinBand = 0.04;

// The smallest box holding `a` and `b`; an empty `a` (no width or height) gives `b`.
PixelBox unite(const PixelBox& a, const PixelBox& b);

// Whether `a` and `b` share a pixel.
bool overlap(const PixelBox& a, const PixelBox& b);

// The ink of `region` (page pixels) of the 1 bpp `ink` as text bands, top to bottom: components smaller than
// 0.022 in both ways are dropped, small parts join the band beside them, pieces stacked within a character's height
// merge, and a lone speck off a line's ends is dropped. Empty when nothing is left (or Leptonica fails).
// `line_height` (pixels, 0 when unknown) is the page's usual text line height: pieces of one character that a faint
// scan broke apart (the circles of %, the roof of 个) are merged back into one band against it.
InkLayout ink_layout(PIX* ink, const PixelBox& region, double dpi, int line_height);

// The ink of `b` in the 8 bpp `grey`, thresholded half way between the paper and the darkest strokes (1 bpp, the
// frame of `b`); null when the region has no contrast (less than 24 grey levels) or `grey` is not 8 bpp. The page's ink
// mask, thresholded for faint strokes, runs a point into the digits beside it and a digit into the character after it.
PixPtr sharp_ink(PIX* grey, const PixelBox& b);

}  // namespace jx::extract::ocr
