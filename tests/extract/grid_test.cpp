// build_page_tables, stitch_tables, text_outside_tables and tables_to_json on synthetic pages: segments and
// glyphs placed by hand, expected grids worked out by hand.
#include "extract/grid/grid.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "extract/grid/cell_text.h"
#include "extract/grid/tables_json.h"

namespace jx::extract {
namespace {

Page blank_page(int number = 1) {
  Page p;
  p.number = number;
  p.width = 595;
  p.height = 842;
  return p;
}

void hline(Page& p, double x0, double x1, double y) { p.segments.push_back({x0, y, x1, y}); }
void vline(Page& p, double x, double y0, double y1) { p.segments.push_back({x, y0, x, y1}); }

// Every border of a grid with the given boundaries.
void full_grid(Page& p, const std::vector<double>& xs, const std::vector<double>& ys) {
  for (double y : ys) hline(p, xs.front(), xs.back(), y);
  for (double x : xs) vline(p, x, ys.front(), ys.back());
}

// Characters of `text` from (x, top): CJK 10 pt wide, others 5 pt, one glyph per code point.
void text(Page& p, const std::string& s, double x, double top, double size = 10) {
  for (char32_t c : utf8::decode(s)) {
    std::string u;
    if (c < 0x80) {
      u = std::string(1, static_cast<char>(c));
    } else {
      u += static_cast<char>(0xE0 | (c >> 12));
      u += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      u += static_cast<char>(0x80 | (c & 0x3F));
    }
    double w = is_cjk_wide(c) ? size : size / 2;
    p.glyphs.push_back({u, {x, top, x + w, top + size}, size, 100});
    x += w;
  }
}

const Cell* at(const Table& t, int row, int col) {
  for (const Cell& c : t.cells) {
    if (c.row == row && c.col == col) return &c;
  }
  return nullptr;
}

void expect_cell(const Table& t, int row, int col, int rowspan, int colspan, const std::string& txt) {
  const Cell* c = at(t, row, col);
  ASSERT_NE(c, nullptr) << "no cell anchored at " << row << "," << col;
  EXPECT_EQ(c->rowspan, rowspan) << row << "," << col;
  EXPECT_EQ(c->colspan, colspan) << row << "," << col;
  EXPECT_EQ(c->text, txt) << row << "," << col;
}

TEST(Grid, Plain3x3) {
  Page p = blank_page();
  full_grid(p, {100, 200, 300, 400}, {100, 130, 160, 190});
  const char* names[3][3] = {{"甲", "乙", "丙"}, {"a1", "b1", "c1"}, {"10", "20", "30"}};
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 3; ++c) text(p, names[r][c], 104 + 100 * c, 105 + 30 * r);
  }
  auto tables = build_page_tables(p, Limits{});
  ASSERT_EQ(tables.size(), 1u);
  const Table& t = tables[0];
  EXPECT_EQ(t.rows, 3);
  EXPECT_EQ(t.cols, 3);
  ASSERT_EQ(t.cells.size(), 9u);
  EXPECT_EQ(t.col_x, (std::vector<double>{100, 200, 300, 400}));
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 3; ++c) expect_cell(t, r, c, 1, 1, names[r][c]);
  }
  const Cell* c = at(t, 1, 2);
  EXPECT_DOUBLE_EQ(c->bbox.x0, 300);
  EXPECT_DOUBLE_EQ(c->bbox.y0, 130);
  EXPECT_DOUBLE_EQ(c->bbox.x1, 400);
  EXPECT_DOUBLE_EQ(c->bbox.y1, 160);
  EXPECT_EQ(c->page, 1);
  EXPECT_EQ(t.row_pages, (std::vector<int>{1, 1, 1}));
  EXPECT_DOUBLE_EQ(t.row_boxes[2].y0, 160);
}

// A glyph without text marking ink the OCR read as nothing (repair::kUnread) gives its cell the mark, and no text;
// a glyph without text or mark (nothing to say) is ignored, as before.
TEST(Grid, UnreadInkMarkReachesItsCellButNotItsText) {
  Page p = blank_page();
  full_grid(p, {100, 200, 300}, {100, 130, 160});
  text(p, "甲", 104, 105);
  text(p, "10", 204, 135);
  Glyph unread{"", {210, 105, 240, 115}, 10, 90, repair::kUnread};
  Glyph nothing{"", {110, 135, 140, 145}, 10, 90, 0};
  p.glyphs.push_back(unread);
  p.glyphs.push_back(nothing);
  auto tables = build_page_tables(p, Limits{});
  ASSERT_EQ(tables.size(), 1u);
  const Table& t = tables[0];
  ASSERT_EQ(t.cells.size(), 4u);
  const Cell* marked = at(t, 0, 1);
  ASSERT_NE(marked, nullptr);
  EXPECT_EQ(marked->text, "");
  EXPECT_EQ(marked->repairs, repair::kUnread);
  const Cell* blank = at(t, 1, 0);
  ASSERT_NE(blank, nullptr);
  EXPECT_EQ(blank->text, "");
  EXPECT_EQ(blank->repairs, 0);
  EXPECT_EQ(at(t, 0, 0)->repairs, 0);
  EXPECT_EQ(at(t, 1, 1)->text, "10");
}

TEST(Grid, RowspanAndColspan) {
  // 4 rows x 3 columns; column 0 merged over rows 1-3 (一级), column 1 merged over rows 1-2 (二级),
  // row 0 columns 1-2 merged (a header over two columns).
  Page p = blank_page();
  std::vector<double> xs = {100, 150, 200, 400}, ys = {100, 120, 140, 160, 180};
  hline(p, 100, 400, 100);
  hline(p, 100, 400, 120);
  hline(p, 200, 400, 140);  // only column 2: columns 0 and 1 go on
  hline(p, 150, 400, 160);  // columns 1-2: column 0 goes on
  hline(p, 100, 400, 180);
  vline(p, 100, 100, 180);
  vline(p, 150, 100, 180);
  vline(p, 200, 120, 180);  // not in row 0
  vline(p, 400, 100, 180);
  text(p, "指标", 104, 104);
  text(p, "名称", 154, 104);
  text(p, "产", 104, 130);  // one character per line in the narrow merged column
  text(p, "出", 104, 142);
  text(p, "数量", 154, 135);
  text(p, "质量", 154, 164);
  text(p, "x", 204, 124);
  text(p, "y", 204, 144);
  text(p, "z", 204, 164);
  auto tables = build_page_tables(p, Limits{});
  ASSERT_EQ(tables.size(), 1u);
  const Table& t = tables[0];
  EXPECT_EQ(t.rows, 4);
  EXPECT_EQ(t.cols, 3);
  ASSERT_EQ(t.cells.size(), 8u);
  expect_cell(t, 0, 0, 1, 1, "指标");
  expect_cell(t, 0, 1, 1, 2, "名称");
  expect_cell(t, 1, 0, 3, 1, "产出");
  expect_cell(t, 1, 1, 2, 1, "数量");
  expect_cell(t, 1, 2, 1, 1, "x");
  expect_cell(t, 2, 2, 1, 1, "y");
  expect_cell(t, 3, 1, 1, 1, "质量");
  expect_cell(t, 3, 2, 1, 1, "z");
  EXPECT_DOUBLE_EQ(at(t, 1, 0)->bbox.y1, 180);
}

TEST(Grid, BrokenAndSlightlyOffRulingsStillMakeEdges) {
  // Each edge drawn as its own piece, 0.8 pt off from its neighbours, with small gaps between pieces.
  Page p = blank_page();
  std::vector<double> xs = {100, 200, 300}, ys = {100, 120, 140};
  for (std::size_t i = 0; i < ys.size(); ++i) {
    for (std::size_t c = 0; c + 1 < xs.size(); ++c) hline(p, xs[c] + 0.5, xs[c + 1] - 0.5, ys[i] + 0.8 * c);
  }
  for (std::size_t j = 0; j < xs.size(); ++j) {
    for (std::size_t r = 0; r + 1 < ys.size(); ++r) vline(p, xs[j] - 0.8 * r, ys[r] + 1, ys[r + 1] - 1);
  }
  auto tables = build_page_tables(p, Limits{});
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].rows, 2);
  EXPECT_EQ(tables[0].cols, 2);
  EXPECT_EQ(tables[0].cells.size(), 4u);
}

TEST(Grid, MostlyMissingSegmentMergesTheCells) {
  // The vertical line between the two cells of row 1 is drawn over only a quarter of its height.
  Page p = blank_page();
  full_grid(p, {100, 200, 300}, {100, 120});
  hline(p, 100, 300, 160);
  vline(p, 100, 120, 160);
  vline(p, 300, 120, 160);
  vline(p, 200, 120, 130);
  text(p, "合并", 150, 140);
  auto tables = build_page_tables(p, Limits{});
  ASSERT_EQ(tables.size(), 1u);
  const Table& t = tables[0];
  EXPECT_EQ(t.rows, 2);
  EXPECT_EQ(t.cols, 2);
  ASSERT_EQ(t.cells.size(), 3u);
  expect_cell(t, 1, 0, 1, 2, "合并");
}

TEST(Grid, StrayUnderlinesAreNotTables) {
  Page p = blank_page();
  text(p, "填表人：", 100, 300);
  hline(p, 140, 260, 312);  // signature underline
  hline(p, 300, 400, 312);
  hline(p, 300, 400, 330);  // two parallel lines that never cross anything
  EXPECT_TRUE(build_page_tables(p, Limits{}).empty());

  // An underline inside a cell that touches the cell's right border changes nothing.
  full_grid(p, {100, 200, 300}, {400, 430, 460});
  hline(p, 250, 300, 425);
  auto tables = build_page_tables(p, Limits{});
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].rows, 2);
  EXPECT_EQ(tables[0].cols, 2);
  EXPECT_EQ(tables[0].cells.size(), 4u);
}

TEST(Grid, ABoxAroundTextIsNotATable) {
  Page p = blank_page();
  full_grid(p, {100, 300}, {100, 150});
  text(p, "说明", 110, 110);
  EXPECT_TRUE(build_page_tables(p, Limits{}).empty());
}

TEST(Grid, TwoTablesOnAPageComeTopToBottom) {
  Page p = blank_page();
  full_grid(p, {100, 200, 300}, {400, 420, 440});  // drawn first, lower on the page
  full_grid(p, {100, 150, 300}, {100, 120});
  text(p, "下", 104, 404);
  text(p, "上", 104, 104);
  auto tables = build_page_tables(p, Limits{});
  ASSERT_EQ(tables.size(), 2u);
  EXPECT_EQ(tables[0].rows, 1);
  EXPECT_EQ(at(tables[0], 0, 0)->text, "上");
  EXPECT_EQ(tables[1].rows, 2);
  EXPECT_EQ(at(tables[1], 0, 0)->text, "下");
}

TEST(Grid, BlocksWithDifferentColumnsGiveTheUnionOfColumns) {
  // Rows 0-1 have columns 100|250|400; rows 2-3 have 100|200|300|400. Union: 100|200|250|300|400.
  Page p = blank_page();
  for (double y : {100.0, 120.0, 140.0, 160.0, 180.0}) hline(p, 100, 400, y);
  vline(p, 100, 100, 180);
  vline(p, 400, 100, 180);
  vline(p, 250, 100, 140);
  vline(p, 200, 140, 180);
  vline(p, 300, 140, 180);
  text(p, "项目名称", 104, 104);
  text(p, "预算", 254, 104);
  text(p, "一", 104, 144);
  text(p, "二", 204, 144);
  text(p, "三", 304, 144);
  auto tables = build_page_tables(p, Limits{});
  ASSERT_EQ(tables.size(), 1u);
  const Table& t = tables[0];
  EXPECT_EQ(t.cols, 4);
  EXPECT_EQ(t.rows, 4);
  expect_cell(t, 0, 0, 1, 2, "项目名称");
  expect_cell(t, 0, 2, 1, 2, "预算");
  expect_cell(t, 1, 0, 1, 2, "");
  expect_cell(t, 2, 0, 1, 1, "一");
  expect_cell(t, 2, 1, 1, 2, "二");
  expect_cell(t, 2, 3, 1, 1, "三");
  EXPECT_EQ(t.cells.size(), 4u + 3u + 3u);
}

TEST(Grid, CellBackgroundFillEdgesDoNotAddBoundaries) {
  // A header fill drawn as a rectangle's four edges, 0.3 pt inside the borders.
  Page p = blank_page();
  full_grid(p, {100, 200, 300}, {100, 120, 140});
  hline(p, 100.3, 299.7, 100.3);
  hline(p, 100.3, 299.7, 119.7);
  vline(p, 100.3, 100.3, 119.7);
  vline(p, 299.7, 100.3, 119.7);
  auto tables = build_page_tables(p, Limits{});
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].rows, 2);
  EXPECT_EQ(tables[0].cols, 2);
}

TEST(Grid, MaxCellsPerTableIsHonoured) {
  Page p = blank_page();
  full_grid(p, {100, 200, 300, 400}, {100, 130, 160, 190});
  Limits limits;
  limits.max_cells_per_table = 8;
  EXPECT_TRUE(build_page_tables(p, limits).empty());
  limits.max_cells_per_table = 9;
  EXPECT_EQ(build_page_tables(p, limits).size(), 1u);
}

TEST(Grid, NoCrossingTestedMeansNoTable) {
  // 4 horizontal by 4 vertical rulings: each horizontal one is tested against the 4 verticals, 16 tests in all.
  Page p = blank_page();
  full_grid(p, {100, 200, 300, 400}, {100, 130, 160, 190});
  Limits limits;
  limits.max_crossing_tests_per_page = 0;
  EXPECT_TRUE(build_page_tables(p, limits).empty());
  limits.max_crossing_tests_per_page = 16;
  auto tables = build_page_tables(p, limits);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].rows, 3);
  EXPECT_EQ(tables[0].cols, 3);
}

// --- stitching -------------------------------------------------------------------------------------------------

// A page table with the given column boundaries and rows at `ys`, and cells as (row, col, rowspan, colspan, text).
struct CellSpec {
  int row, col, rowspan, colspan;
  std::string text;
};
Page ruled_page(int number, const std::vector<double>& xs, const std::vector<double>& ys,
                const std::vector<CellSpec>& cells) {
  Page p = blank_page(number);
  for (const CellSpec& c : cells) {
    double x0 = xs[c.col], x1 = xs[c.col + c.colspan], y0 = ys[c.row], y1 = ys[c.row + c.rowspan];
    hline(p, x0, x1, y0);
    hline(p, x0, x1, y1);
    vline(p, x0, y0, y1);
    vline(p, x1, y0, y1);
    text(p, c.text, x0 + 3, y0 + 3);
  }
  return p;
}

// Every page's own tables, pages in order, as stitch_tables() takes them.
std::vector<Table> page_tables_of(const std::vector<Page>& pages) {
  std::vector<Table> out;
  for (const Page& p : pages) {
    for (Table& t : build_page_tables(p, Limits{})) out.push_back(std::move(t));
  }
  return out;
}

TEST(Stitch, SpanningCellCutByPageBreaksAndATotalRowAloneOnTheLastPage) {
  std::vector<double> xs = {90, 200, 330, 500};
  std::vector<Page> pages;
  pages.push_back(ruled_page(1, xs, {700, 730, 760, 790},
                             {{0, 0, 1, 1, "指标"},
                              {0, 1, 1, 1, "名称"},
                              {0, 2, 1, 1, "分值"},
                              {1, 0, 2, 1, "产出"},
                              {1, 1, 1, 1, "数量一"},
                              {1, 2, 1, 1, "10"},
                              {2, 1, 1, 1, "数量二"},
                              {2, 2, 1, 1, "20"}}));
  pages.push_back(ruled_page(2, xs, {60, 90, 120},
                             {{0, 0, 1, 1, ""},
                              {0, 1, 1, 1, "数量三"},
                              {0, 2, 1, 1, "30"},
                              {1, 0, 1, 1, "效益"},
                              {1, 1, 1, 1, "社会效益"},
                              {1, 2, 1, 1, "40"}}));
  pages.push_back(ruled_page(3, xs, {60, 90}, {{0, 0, 1, 2, "总分"}, {0, 2, 1, 1, "100"}}));
  std::vector<Table> per_page = page_tables_of(pages);
  ASSERT_EQ(per_page.size(), 3u);
  auto tables = stitch_tables(per_page, pages);
  ASSERT_EQ(tables.size(), 1u);
  const Table& t = tables[0];
  EXPECT_EQ(t.first_page, 1);
  EXPECT_EQ(t.last_page, 3);
  EXPECT_EQ(t.rows, 6);
  EXPECT_EQ(t.cols, 3);
  EXPECT_EQ(t.row_pages, (std::vector<int>{1, 1, 1, 2, 2, 3}));
  ASSERT_EQ(t.row_boxes.size(), 6u);
  EXPECT_DOUBLE_EQ(t.row_boxes[3].y0, 60);
  expect_cell(t, 1, 0, 3, 1, "产出");
  EXPECT_EQ(at(t, 1, 0)->page, 1);
  EXPECT_EQ(at(t, 3, 0), nullptr);  // absorbed into the cell above
  expect_cell(t, 3, 1, 1, 1, "数量三");
  EXPECT_EQ(at(t, 3, 1)->page, 2);
  expect_cell(t, 4, 0, 1, 1, "效益");
  expect_cell(t, 5, 0, 1, 2, "总分");
  expect_cell(t, 5, 2, 1, 1, "100");
  EXPECT_EQ(t.cells.size(), 8u - 0 + 6 - 1 + 2);
}

TEST(Stitch, BothPartsCarryTextWhenTheContinuationSpansRows) {
  std::vector<double> xs = {90, 200, 500};
  std::vector<Page> pages;
  pages.push_back(ruled_page(1, xs, {700, 730, 760},
                             {{0, 0, 1, 1, "一级"}, {0, 1, 1, 1, "a"}, {1, 0, 1, 1, "效"}, {1, 1, 1, 1, "b"}}));
  pages.push_back(ruled_page(2, xs, {60, 90, 120}, {{0, 0, 2, 1, "益"}, {0, 1, 1, 1, "c"}, {1, 1, 1, 1, "d"}}));
  std::vector<Table> per_page = page_tables_of(pages);
  auto tables = stitch_tables(per_page, pages);
  ASSERT_EQ(tables.size(), 1u);
  expect_cell(tables[0], 1, 0, 3, 1, "效益");
  expect_cell(tables[0], 2, 1, 1, 1, "c");
}

TEST(Stitch, ARepeatedHeaderRowStaysARow) {
  std::vector<double> xs = {90, 200, 500};
  std::vector<Page> pages;
  pages.push_back(ruled_page(1, xs, {700, 730, 760},
                             {{0, 0, 1, 1, "指标"}, {0, 1, 1, 1, "分值"}, {1, 0, 1, 1, "甲"}, {1, 1, 1, 1, "1"}}));
  pages.push_back(ruled_page(2, xs, {60, 90, 120},
                             {{0, 0, 1, 1, "指标"}, {0, 1, 1, 1, "分值"}, {1, 0, 1, 1, "乙"}, {1, 1, 1, 1, "2"}}));
  std::vector<Table> per_page = page_tables_of(pages);
  auto tables = stitch_tables(per_page, pages);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].rows, 4);
  expect_cell(tables[0], 2, 0, 1, 1, "指标");
  expect_cell(tables[0], 3, 0, 1, 1, "乙");
}

// Name column 90..136: "重大森林" (3 + 40 pt) fills it, so the line was cut by a wrap; "其他" (3 + 20 pt) does not.
// Target column 136..178: "不高于0" (3 + 35 pt) fills it too.
std::vector<Table> two_pages(const std::vector<CellSpec>& page1, const std::vector<CellSpec>& page2) {
  std::vector<double> xs = {90, 136, 178, 218};
  std::vector<Page> pages;
  pages.push_back(ruled_page(1, xs, {700, 730, 760}, page1));
  pages.push_back(ruled_page(2, xs, {60, 90, 120}, page2));
  std::vector<Table> per_page = page_tables_of(pages);
  return stitch_tables(per_page, pages);
}

TEST(Stitch, ARowBrokenByThePageIsOneRow) {
  // The name and the target go on at the top of page 2; the weight "10" sits whole on page 1.
  auto tables = two_pages({{0, 0, 1, 1, "名称"},
                           {0, 1, 1, 1, "目标"},
                           {0, 2, 1, 1, "分值"},
                           {1, 0, 1, 1, "重大森林"},
                           {1, 1, 1, 1, "不高于0"},
                           {1, 2, 1, 1, "10"}},
                          {{0, 0, 1, 1, "火灾"},
                           {0, 1, 1, 1, "起"},
                           {0, 2, 1, 1, ""},
                           {1, 0, 1, 1, "森林覆盖"},
                           {1, 1, 1, 1, "68.5%"},
                           {1, 2, 1, 1, "10"}});
  ASSERT_EQ(tables.size(), 1u);
  const Table& t = tables[0];
  EXPECT_EQ(t.rows, 3);
  EXPECT_EQ(t.row_pages, (std::vector<int>{1, 1, 2}));
  ASSERT_EQ(t.row_boxes.size(), 3u);
  expect_cell(t, 1, 0, 1, 1, "重大森林火灾");
  expect_cell(t, 1, 1, 1, 1, "不高于0起");
  expect_cell(t, 1, 2, 1, 1, "10");
  expect_cell(t, 2, 0, 1, 1, "森林覆盖");
  expect_cell(t, 2, 2, 1, 1, "10");
}

TEST(Stitch, ANewRowAtTheTopOfAPageStaysARow) {
  // Its own weight: a new row, although its name sits under a wrapped one.
  auto own_number = two_pages({{0, 0, 1, 1, "名称"},
                               {0, 1, 1, 1, "目标"},
                               {0, 2, 1, 1, "分值"},
                               {1, 0, 1, 1, "重大森林"},
                               {1, 1, 1, 1, "0起"},
                               {1, 2, 1, 1, "10"}},
                              {{0, 0, 1, 1, "火灾"}, {0, 1, 1, 1, "1起"}, {0, 2, 1, 1, "5"}});
  ASSERT_EQ(own_number.size(), 1u);
  EXPECT_EQ(own_number[0].rows, 3);
  expect_cell(own_number[0], 2, 0, 1, 1, "火灾");
  // Empty numbers, but the label above ends well short of its cell's edge: nothing was cut there.
  auto short_label = two_pages({{0, 0, 1, 1, "名称"},
                                {0, 1, 1, 1, "目标"},
                                {0, 2, 1, 1, "分值"},
                                {1, 0, 1, 1, "其他"},
                                {1, 1, 1, 1, "0起"},
                                {1, 2, 1, 1, "10"}},
                               {{0, 0, 1, 1, "资金"}, {0, 1, 1, 1, ""}, {0, 2, 1, 1, ""}});
  ASSERT_EQ(short_label.size(), 1u);
  EXPECT_EQ(short_label[0].rows, 3);
  expect_cell(short_label[0], 1, 0, 1, 1, "其他");
  expect_cell(short_label[0], 2, 0, 1, 1, "资金");
  // A label of its own (a merged cell spanning rows) begins on the new page.
  auto own_label =
      two_pages({{0, 0, 1, 1, "名称"},
                 {0, 1, 1, 1, "目标"},
                 {0, 2, 1, 1, "分值"},
                 {1, 0, 1, 1, "重大森林"},
                 {1, 1, 1, 1, "0起"},
                 {1, 2, 1, 1, "10"}},
                {{0, 0, 2, 1, "生态"}, {0, 1, 1, 1, ""}, {0, 2, 1, 1, ""}, {1, 1, 1, 1, "甲"}, {1, 2, 1, 1, "5"}});
  ASSERT_EQ(own_label.size(), 1u);
  EXPECT_EQ(own_label[0].rows, 4);
}

TEST(Stitch, DifferentWidthsOrSamePageDoNotJoin) {
  std::vector<Page> pages;
  pages.push_back(ruled_page(1, {90, 200, 500}, {700, 730}, {{0, 0, 1, 1, "甲"}, {0, 1, 1, 1, "1"}}));
  pages.push_back(ruled_page(2, {90, 200, 400}, {60, 90}, {{0, 0, 1, 1, "乙"}, {0, 1, 1, 1, "2"}}));
  Page third = ruled_page(3, {90, 200, 400}, {100, 130}, {{0, 0, 1, 1, "丙"}, {0, 1, 1, 1, "3"}});
  Page extra = ruled_page(3, {90, 200, 400}, {300, 330}, {{0, 0, 1, 1, "丁"}, {0, 1, 1, 1, "4"}});
  third.segments.insert(third.segments.end(), extra.segments.begin(), extra.segments.end());
  third.glyphs.insert(third.glyphs.end(), extra.glyphs.begin(), extra.glyphs.end());
  pages.push_back(third);
  std::vector<Table> per_page = page_tables_of(pages);
  ASSERT_EQ(per_page.size(), 4u);
  // Page 1 → 2: different right edge. Page 2 → 3: joins. The second table of page 3 stays alone.
  auto tables = stitch_tables(per_page, pages);
  ASSERT_EQ(tables.size(), 3u);
  EXPECT_EQ(tables[0].last_page, 1);
  EXPECT_EQ(tables[1].first_page, 2);
  EXPECT_EQ(tables[1].last_page, 3);
  EXPECT_EQ(tables[1].rows, 2);
  EXPECT_EQ(tables[2].rows, 1);
  EXPECT_EQ(at(tables[2], 0, 0)->text, "丁");
}

// Two pages photographed one by one: the second table is the same table's continuation, shifted and 3 % narrower
// (the camera a little further away), and one inner boundary 6 pt further off (what squaring a slanted photo leaves).
// Read by OCR, its columns are found after putting its outer edges on the first part's and its inner boundaries on
// the first part's near them, so each cell lands in its own column. From a text layer the same coordinates are a
// different table.
TEST(Stitch, AnOcrPageScaledAgainstThePageBeforeStillContinuesItsColumns) {
  const std::vector<double> xs = {90, 200, 330, 500};
  std::vector<double> scaled;
  for (double x : xs) scaled.push_back(96 + (x - 90) * 0.97);  // 96, 202.7, 328.8, 493.7
  scaled[2] += 6;
  for (bool ocr : {true, false}) {
    SCOPED_TRACE(ocr ? "OCR" : "text layer");
    std::vector<Page> pages;
    pages.push_back(ruled_page(1, xs, {700, 730, 760},
                               {{0, 0, 1, 1, "名称"},
                                {0, 1, 1, 1, "指标值"},
                                {0, 2, 1, 1, "分值"},
                                {1, 0, 1, 1, "数量一"},
                                {1, 1, 1, 1, "10个"},
                                {1, 2, 1, 1, "10"}}));
    pages.push_back(
        ruled_page(2, scaled, {60, 90}, {{0, 0, 1, 1, "数量二"}, {0, 1, 1, 1, "20个"}, {0, 2, 1, 1, "20"}}));
    for (Page& p : pages) p.from_ocr = ocr;
    std::vector<Table> per_page = page_tables_of(pages);
    ASSERT_EQ(per_page.size(), 2u);
    auto tables = stitch_tables(per_page, pages);
    if (!ocr) {
      EXPECT_EQ(tables.size(), 2u);  // the right edges are 6 pt apart: another table
      continue;
    }
    ASSERT_EQ(tables.size(), 1u);
    const Table& t = tables[0];
    EXPECT_EQ(t.rows, 3);
    EXPECT_EQ(t.cols, 3);
    expect_cell(t, 2, 0, 1, 1, "数量二");
    expect_cell(t, 2, 1, 1, 1, "20个");
    expect_cell(t, 2, 2, 1, 1, "20");
  }
}

// --- running text and JSON --------------------------------------------------------------------------------------

TEST(Narrative, TextOutsideTablesInParagraphs) {
  Page p = blank_page();
  text(p, "一、基本情况", 100, 60, 12);        // heading, larger
  text(p, "项目实施年度为 2021 至", 124, 80);  // indented first line, reaches the right margin (124+...)
  text(p, "2025 年共 5 年。", 100, 94);        // continuation, short: ends the paragraph
  text(p, "第二段。", 124, 108);               // next paragraph, indented
  full_grid(p, {100, 200, 300}, {200, 220, 240});
  text(p, "表内", 104, 204);
  auto tables = build_page_tables(p, Limits{});
  ASSERT_EQ(tables.size(), 1u);
  auto blocks = text_outside_tables(p, tables);
  ASSERT_EQ(blocks.size(), 3u);
  EXPECT_EQ(blocks[0].text, "一、基本情况");
  EXPECT_EQ(blocks[1].text, "项目实施年度为2021至2025年共5年。");
  EXPECT_EQ(blocks[2].text, "第二段。");
  EXPECT_EQ(blocks[2].page, 1);
  EXPECT_DOUBLE_EQ(blocks[1].box.y0, 80);
}

TEST(TablesJson, CellsSortedWithRoundedBoxes) {
  Table t;
  t.first_page = 2;
  t.last_page = 3;
  t.rows = 2;
  t.cols = 1;
  t.cells.push_back({3, 1, 0, 1, 1, {10.004, 20.456, 30.0, 40.999}, "乙", 100});
  t.cells.push_back({2, 0, 0, 1, 1, {1.0 / 3, 2, 3, 4}, "甲", 100});
  auto j = tables_to_json({t});
  ASSERT_EQ(j["tables"].size(), 1u);
  const auto& jt = j["tables"][0];
  EXPECT_EQ(jt["first_page"], 2);
  EXPECT_EQ(jt["last_page"], 3);
  EXPECT_EQ(jt["rows"], 2);
  EXPECT_EQ(jt["cols"], 1);
  ASSERT_EQ(jt["cells"].size(), 2u);
  EXPECT_EQ(jt["cells"][0]["text"], "甲");
  EXPECT_EQ(jt["cells"][0]["bbox"][0].get<double>(), 0.33);
  EXPECT_EQ(jt["cells"][1]["page"], 3);
  EXPECT_EQ(jt["cells"][1]["row"], 1);
  EXPECT_EQ(jt["cells"][1]["rowspan"], 1);
  EXPECT_EQ(jt["cells"][1]["colspan"], 1);
  EXPECT_EQ(jt["cells"][1]["bbox"].dump(), "[10.0,20.46,30.0,41.0]");
  std::string keys;
  for (auto& [k, v] : jt["cells"][1].items()) keys += k + ",";
  EXPECT_EQ(keys, "page,row,col,rowspan,colspan,text,bbox,");
}

}  // namespace
}  // namespace jx::extract
