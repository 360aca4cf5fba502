// Every bound jxaudit puts on the work one input may cause, in one place. The error that a bound produces
// names it (Outcome::LimitExceeded, "limit max_pages (500) exceeded: the file has 1200 pages"), its first words
// made by limit_exceeded().
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace jx {

struct Limits {
  int max_pages = 500;                         // pages read from one file
  std::size_t max_file_bytes = 256u << 20;     // input file size
  std::size_t max_glyphs_per_page = 200000;    // characters drawn on one page
  std::size_t max_segments_per_page = 100000;  // ruling segments on one page
  std::size_t max_cells_per_table = 20000;     // cells in one rebuilt table
  // Ruling pairs tested for a crossing on one page while finding its tables; past this the remaining horizontal
  // rulings are not tested (their crossings are not seen).
  std::size_t max_crossing_tests_per_page = 20'000'000;
  // Row × column positions of one table's grid as the report builder lays it out (a merged cell fills every position
  // it covers); a table larger than this is read as holding no cells.
  std::size_t max_grid_positions_per_table = 4'000'000;
  // Decoded bytes of the content a page can run, counted before the page is displayed: its /Contents, and each
  // Form XObject, tiling pattern, Type 3 glyph procedure, annotation appearance, mesh shading and embedded font
  // program reachable from it (each distinct stream once). Stops an inflate bomb after reading at most this much.
  std::size_t max_content_bytes_per_page = std::size_t{64} << 20;
  // Graphics-state saves on one page: every q operator and every Form XObject drawn (Poppler already refuses a
  // form that draws itself and nesting deeper than 100; this bounds forms that draw each other many times over).
  std::size_t max_state_saves_per_page = 200000;
  // Pixels of one image (its /Width × /Height), checked from the image's dictionary before anything decodes or
  // renders it.
  std::size_t max_image_pixels = std::size_t{100} * 1000 * 1000;
  // Cells of one tiling pattern over the page's area (in the pattern's space). A renderer draws a cell smaller
  // than a pixel once per cell; a step of 0.001 point would be 5 x 10^11 draws. A 0.6-point hatch is 1.4 million.
  std::size_t max_pattern_tiles_per_page = std::size_t{2} * 1000 * 1000;
  // Wall time Poppler may spend displaying one page for the reader: the net under the counted limits above (a
  // damaged form that other forms draw over and over is parsed again on every use, drawing nothing that counts).
  double seconds_per_page = 30;
  // Depth the page precheck follows resources nested in forms, patterns and glyph procedures; deeper ones are not
  // counted. Poppler displays no deeper than 100, so a value below 100 lets content through uncounted.
  int max_nesting_depth = 100;
  std::size_t max_warnings_per_document = 50;  // Poppler messages kept per opened document; the rest are counted
  int render_dpi = 300;                        // OCR rendering resolution
  std::size_t max_pixels_per_page = std::size_t{60} * 1000 * 1000;  // rendered page size
  int min_render_dpi = 36;           // lowest resolution max_pixels_per_page may lower a rendering to; below, no image
  double max_page_points = 14400;    // width and height of a page that is rendered (PDF's largest page: 200 inches)
  int max_evidence_width_px = 2400;  // evidence crop: a larger region is cut to this size, from its top-left
  int max_evidence_height_px = 1200;
  // index.html: evidence images embedded in the page (as data: URIs) up to this many bytes in all; past it, the page
  // links them by their path under OUT, so a batch of 10,000 files stays a page a browser opens.
  std::size_t max_embedded_evidence_bytes = std::size_t{24} << 20;
  double seconds_per_file = 120;                         // batch: wall time of one file's worker
  std::size_t memory_per_worker = std::size_t{2} << 30;  // batch: address-space cap of one worker
  // The rule files: a *.toml file in the rules folder larger than this is refused unread; each pattern's compiled
  // RE2 program is capped at regex_max_mem bytes (a pattern over the cap is a load error, not a slow match).
  std::uintmax_t max_rule_file_bytes = std::uintmax_t{4} << 20;
  std::int64_t regex_max_mem = std::int64_t{8} << 20;
};

// The most one stream filter can decode its input to, as Poppler 22's decoders behave: at most
// ceil(in × per_byte / per_bytes_in) + extra bytes out of `in` bytes in. The page precheck adds a stream's bound
// (its encoded length through each filter of its chain) instead of decoding it while the page's bounds stay within
// max_content_bytes_per_page; a filter without an entry here (DCT, CCITT, JBIG2, JPX, a predictor) has no bound,
// and its stream is decoded to be measured.
struct FilterExpansion {
  std::uint64_t per_byte = 1;  // bytes out for every `per_bytes_in` bytes in
  std::uint64_t per_bytes_in = 1;
  std::uint64_t extra = 0;  // bytes out that need no input
};
// Deflate: the densest code is a 258-byte match in 2 bits (a 1-bit length code and a 1-bit distance code).
inline constexpr FilterExpansion kFlateExpansion{1032, 1, 0};
// LZW: every code takes at least 9 bits and yields at most one table entry, 4097 bytes at the longest.
inline constexpr FilterExpansion kLzwExpansion{std::uint64_t{4097} * 8, 9, 0};
// RunLength: a length byte repeats the next byte up to 128 times, and Poppler fills the run even when the data
// ends after the length byte.
inline constexpr FilterExpansion kRunLengthExpansion{128, 1, 0};
// ASCIIHex: two digits a byte; Poppler yields one byte more at the end of the data (even of empty data).
inline constexpr FilterExpansion kAsciiHexExpansion{1, 2, 1};
// ASCII85: five characters make four bytes, and the single character `z` makes four zero bytes.
inline constexpr FilterExpansion kAscii85Expansion{4, 1, 0};
// Decryption (RC4, AES): never more bytes than it reads.
inline constexpr FilterExpansion kDecryptExpansion{1, 1, 0};

// "limit <name> (<value>) exceeded": how every message about a bound that fired begins; the caller appends where
// or why (" on page 3", ": the file has 1200 pages"). `value` is written as given ("500", "64 MiB", "0.5 s").
inline std::string limit_exceeded(std::string_view name, std::string_view value) {
  std::string out = "limit ";
  out.append(name).append(" (").append(value).append(") exceeded");
  return out;
}

}  // namespace jx
