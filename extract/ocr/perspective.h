// Internal to the OCR path: a page photographed at a slant (a phone held not quite parallel to the paper) made square
// again, with Leptonica. A table's rulings are straight lines on paper, parallel to its edges; photographed at a
// slant, parallel lines converge. The outermost long rulings, fitted as straight lines at any small angle, meet in
// four corners that are a rectangle on the paper; a projective warp sends them back to one.
//
//   std::optional<Rectification> r = find_perspective(bin.get(), dpi);  // from the page's long rulings
//   if (r) grey = rectify(grey.get(), *r);                               // the rulings straight and level
#pragma once

#include <array>
#include <optional>

#include "extract/pdf/pix.h"

namespace jx::extract {

struct PixelPoint {
  double x = 0, y = 0;
};

struct Rectification {
  // The corners as photographed and where they go: top left, top right, bottom right, bottom left.
  std::array<PixelPoint, 4> from, to;
  double shift = 0;  // the largest distance a corner moves, in pixels
};

// The warp that makes a page's table square, from a 1 bpp page at `dpi`: needs two roughly horizontal rulings and two
// roughly vertical ones, each at least an inch long and straight within a pixel, each pair at least an inch apart.
// Empty when the page has no such rulings, when their corners already form a rectangle to within a stroke's width
// (an upright scan, or one a rotation already straightened), or when they would move a corner further than a slant
// does (not a photo of a flat page: a fold, a wrong pick of lines).
std::optional<Rectification> find_perspective(PIX* binary, double dpi);

// `pix` (8 or 32 bpp) warped so that `r.from` lands on `r.to`, same size, white brought in. Null on failure.
PixPtr rectify(PIX* pix, const Rectification& r);

}  // namespace jx::extract
