// Stage 2 output: tables rebuilt from ruling lines, as a grid of cells with spans.
#pragma once

#include <string>
#include <vector>

#include "extract/page.h"

namespace jx::extract {

// One cell of the grid, stored at its top-left (anchor) position. A merged cell appears once, with its span.
struct Cell {
  int page = 0;  // 1-based page of the anchor
  int row = 0, col = 0;
  int rowspan = 1, colspan = 1;
  Box bbox;                  // on `page`; for a cell continued over pages, the part on the anchor page
  std::string text;          // joined text: no spaces between CJK characters, single spaces between Latin words/numbers
  float confidence = 100;    // lowest glyph confidence in the cell (100 for a text layer)
  std::uint8_t repairs = 0;  // every repair:: bit of the cell's glyphs (extract/page.h)
};

// A table, possibly continued over several pages. Rows are numbered over the whole table; `row_pages[r]`
// tells the page of row r. Columns are the union of all vertical rulings of the table's pages (after
// alignment), so a block with fewer columns shows up as cells with colspan > 1.
struct Table {
  int first_page = 0, last_page = 0;
  int rows = 0, cols = 0;
  std::vector<double> col_x;   // cols + 1 column boundaries (points, from the first page)
  std::vector<int> row_pages;  // size rows
  std::vector<Box> row_boxes;  // size rows: the row's extent on its page
  std::vector<Cell> cells;     // sorted by (row, col)
};

// Running text outside the tables (the narrative report), one block per paragraph or line group, joined
// with the same spacing rule as cell text.
struct TextBlock {
  int page = 0;
  Box box;
  std::string text;
  float number_confidence = 100;  // lowest OCR confidence of the block's digits (100: text layer or no digits)
};

}  // namespace jx::extract
