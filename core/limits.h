// Every bound jxaudit puts on the work one input may cause, in one place. The error that a bound produces
// names it (Outcome::LimitExceeded, "limit max_pages (500) exceeded: the file has 1200 pages").
#pragma once

#include <cstddef>
#include <cstdint>

namespace jx {

struct Limits {
  int max_pages = 500;                         // pages read from one file
  std::size_t max_file_bytes = 256u << 20;     // input file size
  std::size_t max_glyphs_per_page = 200000;    // characters drawn on one page
  std::size_t max_segments_per_page = 100000;  // ruling segments on one page
  std::size_t max_cells_per_table = 20000;     // cells in one rebuilt table
  // Decoded bytes of the content a page can run, counted before the page is displayed: its /Contents, and each
  // Form XObject, tiling pattern, Type 3 glyph procedure, annotation appearance, mesh shading and embedded font
  // program reachable from it (each distinct stream once). Stops an inflate bomb after reading at most this much.
  std::size_t max_content_bytes_per_page = std::size_t{64} << 20;
  // Graphics-state saves on one page: every q operator and every Form XObject drawn (Poppler already refuses a
  // form that draws itself and nesting deeper than 100; this bounds forms that draw each other many times over).
  std::size_t max_state_saves_per_page = 200000;
  // Pixels of one image (its /Width × /Height), checked from the image's dictionary before anything decodes or
  // renders it.
  std::size_t max_image_pixels = 100u * 1000 * 1000;
  // Cells of one tiling pattern over the page's area (in the pattern's space). A renderer draws a cell smaller
  // than a pixel once per cell; a step of 0.001 point would be 5 x 10^11 draws. A 0.6-point hatch is 1.4 million.
  std::size_t max_pattern_tiles_per_page = 2u * 1000 * 1000;
  // Wall time Poppler may spend displaying one page for the reader: the net under the counted limits above (a
  // damaged form that other forms draw over and over is parsed again on every use, drawing nothing that counts).
  double seconds_per_page = 30;
  int render_dpi = 300;                                  // OCR rendering resolution
  std::size_t max_pixels_per_page = 60u * 1000 * 1000;   // rendered page size
  double seconds_per_file = 120;                         // batch: wall time of one file's worker
  std::size_t memory_per_worker = std::size_t{2} << 30;  // batch: address-space cap of one worker
  // The rule files: a *.toml file in the rules folder larger than this is refused unread; each pattern's compiled
  // RE2 program is capped at regex_max_mem bytes (a pattern over the cap is a load error, not a slow match).
  std::uintmax_t max_rule_file_bytes = std::uintmax_t{4} << 20;
  std::int64_t regex_max_mem = std::int64_t{8} << 20;
};

}  // namespace jx
