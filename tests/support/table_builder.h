// A cell grid written by hand, for tests of the stages after the grid (model_builder): rows laid out top to bottom
// on their pages, 20 pt each, cells anchored at (row, col) with their spans.
#pragma once

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "extract/grid/table.h"

namespace jx::test {

// A table under construction: rows are laid out top to bottom on their pages, 20 pt each.
struct TableBuilder {
  extract::Table t;
  std::vector<double> row_y;

  explicit TableBuilder(std::vector<double> col_x) {
    t.col_x = std::move(col_x);
    t.cols = static_cast<int>(t.col_x.size()) - 1;
  }

  // Starts row r on `page` (rows must be added in order).
  int row(int page) {
    int r = t.rows++;
    double y = (r > 0 && t.row_pages.back() == page) ? t.row_boxes.back().y1 : 60.0;
    t.row_pages.push_back(page);
    t.row_boxes.push_back({t.col_x.front(), y, t.col_x.back(), y + 20});
    if (t.first_page == 0) t.first_page = page;
    t.last_page = page;
    return r;
  }

  void cell(int r, int c, const std::string& text, int rowspan = 1, int colspan = 1) {
    extract::Cell cell;
    cell.page = t.row_pages[static_cast<size_t>(r)];
    cell.row = r;
    cell.col = c;
    cell.rowspan = rowspan;
    cell.colspan = colspan;
    const extract::Box& rb = t.row_boxes[static_cast<size_t>(r)];
    cell.bbox = {t.col_x[static_cast<size_t>(c)], rb.y0, t.col_x[static_cast<size_t>(c + colspan)], rb.y1};
    cell.text = text;
    t.cells.push_back(cell);
  }

  extract::Table done() {
    std::sort(t.cells.begin(), t.cells.end(), [](const extract::Cell& a, const extract::Cell& b) {
      return std::tie(a.row, a.col) < std::tie(b.row, b.col);
    });
    return t;
  }
};

}  // namespace jx::test
