// Internal to the OCR path: the page image cleaned up and its ruling lines found, with Leptonica.
//
//   PixPtr bin = binarise(grey);                      // 1 bpp, ink = 1
//   SkewEstimate s = find_skew(bin.get(), 3.0);       // s.degrees: how far the page is turned (counter-clockwise > 0)
//   PixPtr straight = rotate_by(grey, -s.degrees);    // deskewed, same size, white brought in
//   RulingLines lines = detect_ruling_lines(bin_of_straight.get(), dpi);  // segments in points
//   auto cells = enclosed_regions(lines, w, h, dpi);  // pixel boxes of the cells the lines enclose
#pragma once

#include <vector>

#include "extract/page.h"
#include "extract/pdf/pix.h"

namespace jx::extract {

// A rectangle in pixels: [x, x + w) × [y, y + h).
struct PixelBox {
  int x = 0, y = 0, w = 0, h = 0;
};

// The grey level below which a pixel of the 8 bpp `grey` is ink: Otsu's split of the whole page's histogram, kept
// within a sane band (100..220, else 160), since a page that is nearly all paper would turn its noise into ink.
int ink_threshold(PIX* grey);

// 8 bpp (or any depth Leptonica can convert) → 1 bpp with ink set, at ink_threshold() raised by `lift` grey levels
// (see binarise_at()). Null if the input is null or conversion fails.
PixPtr binarise(PIX* pix, int lift = 0);

// 8 bpp `grey` → 1 bpp, ink where the grey level is below `threshold` raised by `lift` (to at most 230: with a lift,
// faint strokes of a light scan stay whole, for finding where the text is, not for reading it nor for the rulings).
// Null if the input is null or not 8 bpp.
PixPtr binarise_at(PIX* grey, int threshold, int lift = 0);

// `grey` (8 bpp) with its paper brought to white across the page when the light falling on it is uneven (a photo lit
// from one side: the paper greys towards one edge, and a single threshold for the page takes the dark end for ink).
// Uneven: the paper's level, the brightest of each square of about a sixth of an inch, differs between the page's
// brighter and darker tenths by more than `max_spread` grey levels. Null when the light is even (the page is left as
// it is) or on failure.
PixPtr even_light(PIX* grey, double dpi, int max_spread);

struct SkewEstimate {
  double degrees = 0;     // the page's rotation: positive when its content is turned counter-clockwise
  double confidence = 0;  // Leptonica's score ratio; below ~2 the angle is a guess
  bool found = false;
};

// The skew of a 1 bpp page from its text lines and rulings, searched within ±max_degrees (to 0.05°).
SkewEstimate find_skew(PIX* binary, double max_degrees);

// `pix` (1, 8 or 32 bpp) turned counter-clockwise by `degrees` about its centre, same size, white brought in.
PixPtr rotate_by(PIX* pix, double degrees);

struct RulingLines {
  std::vector<Segment> segments;        // points (pixel · 72 / dpi), horizontal and vertical, merged and checked
  std::vector<Segment> pixel_segments;  // the same, in pixels
  PixPtr mask;  // 1 bpp, the ink pixels the detected lines cover (slightly dilated): remove these before OCR
};

// Horizontal and vertical rulings of a 1 bpp page at `dpi`: morphological opening with long thin bricks, connected
// components, collinear pieces merged across small gaps. A short horizontal piece that no vertical line meets
// (a dash "——" in a cell) and a vertical piece that meets no horizontal line (a stroke of a large character)
// are dropped, so the segments are the table's grid.
RulingLines detect_ruling_lines(PIX* binary, double dpi);

// Which way the text lines of a page run, judged before any reading: the ink without the rulings is smeared along
// each axis across the gaps between the characters of a line (not across the wider gaps between lines), and the
// line-shaped runs it forms are counted each way. A page scanned turned by 90° has its text lines running
// vertically. Unknown when neither way clearly wins (a page of a few words, a blank page).
enum class TextDirection { Horizontal, Vertical, Unknown };

TextDirection text_direction(PIX* binary, const RulingLines& lines, double dpi);

// The 1 bpp `binary` less its rulings (`lines.mask`, found on the same image), widened by the halo a scan gives
// them: the page's text. A copy of `binary` when there is no mask; null on failure.
PixPtr without_rulings(PIX* binary, const RulingLines& lines);

// A sample of a 1 bpp page's ink for Tesseract's OSD: up to `parts` character-sized connected components (0.11 to
// 0.3 inch when the page has that many, else from 0.04 inch), drawn evenly from the whole page, each pasted whole
// into its own square of a grid on a small canvas in its original orientation. OSD classifies the components it samples
// one by one, whatever their layout, but its clean-up (line and image finding) costs by the area it is given: a canvas
// of a few hundred characters is a fraction of a page. Null when the page has no such component.
PixPtr text_sample(PIX* binary, int parts, double dpi);

// The regions the rulings enclose completely — the cells, merged cells included — as pixel boxes of their
// interior, top to bottom then left to right. Regions that touch the image border, are tiny, or are not
// rectangular (a frame around a whole page) are left out.
std::vector<PixelBox> enclosed_regions(const RulingLines& lines, int width, int height, double dpi);

}  // namespace jx::extract
