// Arbitrary bytes as a page's ruling segments and glyphs: each 9-byte record is one segment (type byte 0) or one
// glyph (type byte 1) with four 16-bit coordinates on a 1/32-point grid over an A4-sized page.
#include <cstddef>
#include <cstdint>

#include "extract/grid/grid.h"

namespace {
double coord(const uint8_t* p) { return ((p[0] << 8) | p[1]) / 32.0; }
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  jx::extract::Page page;
  page.number = 1;
  page.width = 595;
  page.height = 842;
  page.text_layer = jx::extract::TextLayer::Usable;
  static const char* kChars[] = {"运", "营", "1", "0", "%", " ", "份", "a", "，", "."};
  for (size_t i = 0; i + 9 <= size; i += 9) {
    const uint8_t* r = data + i;
    double a = coord(r + 1), b = coord(r + 3), c = coord(r + 5), d = coord(r + 7);
    if (r[0] % 2 == 0) {
      jx::extract::Segment s;
      if (r[0] & 2) {  // horizontal
        s.x0 = std::min(a, c), s.x1 = std::max(a, c), s.y0 = s.y1 = b;
      } else {
        s.y0 = std::min(b, d), s.y1 = std::max(b, d), s.x0 = s.x1 = a;
      }
      page.segments.push_back(s);
    } else {
      jx::extract::Glyph g;
      g.text = kChars[r[0] % 10];
      g.box = {std::min(a, c), std::min(b, d), std::max(a, c), std::max(b, d)};
      g.font_size = g.box.height();
      page.glyphs.push_back(g);
    }
  }
  jx::Limits limits;
  auto tables = jx::extract::build_page_tables(page, limits);
  std::vector<jx::extract::Page> pages{page};
  auto stitched = jx::extract::stitch_tables(tables, pages);
  (void)jx::extract::text_outside_tables(page, stitched);
  return 0;
}
