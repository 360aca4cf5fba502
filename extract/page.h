// Stage 1 output: what a PDF page holds, in the units the rest of the pipeline uses.
//
// Coordinates are PDF points (1/72 in) with the origin at the page's top-left corner and y growing downward,
// after the page's /Rotate and crop box are applied: a box drawn on a rendered page at 72 dpi lands here.
// These are plain structs: no stage keeps a pointer into Poppler or Tesseract.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace jx::extract {

struct Box {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // x0 <= x1, y0 <= y1

  double width() const { return x1 - x0; }
  double height() const { return y1 - y0; }
  double cx() const { return (x0 + x1) / 2; }
  double cy() const { return (y0 + y1) / 2; }
};

// What the OCR path did to a glyph beyond taking the engine's reading, as bits of Glyph::repairs. A bit is set only
// where the step changed what the engine had read (a step that agrees with the engine leaves no mark): the value the
// glyph belongs to then rests on the program's repair, not on a reading.
namespace repair {
inline constexpr std::uint8_t kShape = 1;  // a sign or % made from the ink's shape (≥ ≤ %), replacing other text
inline constexpr std::uint8_t kSeparator = 2;  // a decimal point or thousands comma inserted, removed or retyped
inline constexpr std::uint8_t kSplit = 4;      // the number read again apart from its unit, giving other digits
inline constexpr std::uint8_t kReread = 8;     // a second engine's reading, different from the first, was taken
inline constexpr std::uint8_t kWide = 16;      // a digit whose box is far wider than a digit: the reading lost some
// Ink of a character's size that no engine read: carried by a glyph without text at the ink's box, so that a cell
// read as blank says it held something.
inline constexpr std::uint8_t kUnread = 32;
// Read from a page photographed at a slant and squared by a projective warp: every reading of it saw the same
// resampled image, so two readings agreeing do not confirm a digit.
inline constexpr std::uint8_t kSquared = 64;
// Read from a cell (or beside ink) from which strokes taken for a pen's (a signature across the table) were left out:
// a stroke that crossed the printed text is still in it, and a stroke misjudged would have taken print with it.
inline constexpr std::uint8_t kPenMark = 128;
}  // namespace repair

// One character as drawn: its Unicode text (UTF-8, usually one code point, possibly several for a ligature)
// and its box. Glyphs keep content-stream order within a page.
struct Glyph {
  std::string text;
  Box box;
  double font_size = 0;
  float confidence = 100;    // 0..100; 100 for a text layer, Tesseract's confidence for OCR
  std::uint8_t repairs = 0;  // repair:: bits (0 for a text layer)
};

// An axis-aligned ruling segment taken from the page's vector drawing (a stroked line, or a thin filled
// rectangle, or one edge of a rectangle's border), or detected in an image. Horizontal when y0 == y1,
// vertical when x0 == x1; x0 <= x1 and y0 <= y1 always.
struct Segment {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool horizontal() const { return y0 == y1; }
};

// What the page's own text layer is worth.
enum class TextLayer {
  Usable,   // text that decodes to real characters
  Empty,    // no text drawn at all (a scan)
  Garbage,  // text drawn, but it decodes to private-use, replacement or control characters
};

struct Page {
  int number = 0;  // 1-based
  double width = 0, height = 0;
  std::vector<Glyph> glyphs;
  std::vector<Segment> segments;
  TextLayer text_layer = TextLayer::Empty;
  std::string text_layer_reason;  // for Garbage: what was wrong, for a person to read
  // A font that drew text on the page with no ToUnicode map and none recovered from the font itself: its text may be
  // unrelated characters even when it looks like Chinese. "" when every font's text came through a map.
  std::string unmapped_font;
  bool from_ocr = false;  // glyphs came from OCR of the rendered page
};

struct Document {
  std::string path;
  int page_count = 0;
  std::vector<Page> pages;
  std::vector<std::string> warnings;  // damaged objects, guessed values: shown to the auditor, never silent
};

}  // namespace jx::extract
