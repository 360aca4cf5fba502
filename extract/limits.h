// Every bound jxaudit puts on the work one input may cause, in one place. The error that a bound produces
// names it (Outcome::LimitExceeded, "limit max_pages (500) exceeded: the file has 1200 pages").
#pragma once

#include <cstddef>

namespace jx {

struct Limits {
  int max_pages = 500;                       // pages read from one file
  std::size_t max_file_bytes = 256u << 20;   // input file size
  std::size_t max_glyphs_per_page = 200000;  // characters drawn on one page
  std::size_t max_segments_per_page = 100000;  // ruling segments on one page
  std::size_t max_cells_per_table = 20000;   // cells in one rebuilt table
  int render_dpi = 300;                      // OCR rendering resolution
  std::size_t max_pixels_per_page = 60u * 1000 * 1000;  // rendered page size
  double seconds_per_file = 120;             // batch: wall time of one file's worker
  std::size_t memory_per_worker = std::size_t{2} << 30;  // batch: address-space cap of one worker
};

}  // namespace jx
