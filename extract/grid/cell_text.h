// Internal to the extract stage: the text-joining rules shared by cell text (grid), running text
// (narrative_text) and stitched cells (stitch). Not a public interface; grid.h's join_cell_text() is.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"
#include "core/utf8.h"
#include "extract/page.h"

namespace jx::extract::detail {

// True when the glyph's text is only whitespace (a drawn space).
bool is_blank(const std::string& text);

// One line of glyphs, left to right.
struct TextLine {
  std::vector<const Glyph*> glyphs;  // non-blank glyphs, sorted by x
  std::vector<const Glyph*> blanks;  // drawn spaces on this line (spacing hints)
  Box box;
  double font_size = 0;  // median font size of the line's glyphs
};

// Groups glyphs into lines by baseline (their vertical centres), top to bottom; glyphs with empty text are
// dropped. Runs in O(n log n).
std::vector<TextLine> group_lines(std::vector<const Glyph*> glyphs);

// The text of one line: no space next to a CJK character, one space between two other characters when the gap
// exceeds a quarter of the font size or the PDF drew a space there.
std::string line_text(const TextLine& line);

// Appends `next` to `text` across a line break: no space when either side is CJK or `glued` is set (a word or
// number wrapped at the right edge), else one space.
void append_line(std::string& text, const std::string& next, bool glued);

// Joins lines of one cell or paragraph; `right_edge` is the x where lines wrap (the cell's right border or the
// paragraph's right margin) and `pad` the usual distance of text from it.
std::string join_lines(const std::vector<TextLine>& lines, double right_edge, double pad);

}  // namespace jx::extract::detail
