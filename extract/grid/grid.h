// Stage 2: ruling segments and glyphs of a page → cell grids; grids continued over pages → one table.
#pragma once

#include <vector>

#include "core/limits.h"
#include "extract/grid/table.h"
#include "extract/page.h"

namespace jx::extract {

// Every table on one page: segments are snapped and merged, their crossings give the row and column
// boundaries, a missing boundary segment inside a cell makes a span. Glyphs are placed by their centre;
// cell text is joined by join_cell_text(). Returns tables top to bottom; empty when the page has no ruled grid.
// Bounded by limits.max_crossing_tests_per_page (crossings past it are not seen) and limits.max_cells_per_table.
std::vector<Table> build_page_tables(const Page& page, const Limits& limits);

// Joins the tables of consecutive pages where one continues the other (same column boundaries within a
// tolerance, the first ending near the bottom and the next starting near the top of its page). A merged cell cut
// by the page break (an empty top cell under a spanning cell) becomes one cell with the total rowspan.
std::vector<Table> stitch_tables(std::vector<Table> page_tables, const std::vector<Page>& pages);

// Glyphs of one cell → text: lines by baseline, glyphs by x; no space between CJK characters or between CJK and
// anything else; one space between Latin words/numbers where the gap shows one; a line wrap inside a word
// (the previous line reaches the cell's right edge) joins without a space.
std::string join_cell_text(std::vector<const Glyph*> glyphs, const Box& cell);

// On pages read from their text layer where some characters do not decode (extract/pdf/text_layer.h's
// distrust_undecodable() gives them confidence 0), each cell of `tables` that holds one and lies on one page is read
// again from `ocr`, the same pages read by OCR: its text is joined from the OCR glyphs whose centre lies in the
// cell, and it takes their confidence (below 100: it was read by OCR) and repairs, so the values read from it are
// trusted as any OCR'd value is. A cell where OCR found nothing, and one continued over a page break, keep their
// text and confidence 0. Returns the number of cells read again.
int reread_undecodable_cells(std::vector<Table>& tables, const std::vector<Page>& ocr);

// The running text outside `tables` on `page`, as blocks in reading order.
std::vector<TextBlock> text_outside_tables(const Page& page, const std::vector<Table>& tables);

}  // namespace jx::extract
