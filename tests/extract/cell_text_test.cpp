// join_cell_text: lines by baseline, glyphs by x, Chinese spacing rules, wrapped words and numbers.
#include "extract/grid/cell_text.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "extract/grid/grid.h"

namespace jx::extract {
namespace {

// Lays out `text` (UTF-8) one glyph per code point from x at the line whose top is `top`: CJK characters are
// `size` wide, others half of it, a space is drawn as a glyph unless `draw_spaces` is false (then it only
// advances). Returns the advance end.
double lay(std::vector<Glyph>& out, const std::string& text, double x, double top, double size = 10,
           bool draw_spaces = true) {
  for (char32_t c : utf8::decode(text)) {
    std::string s;
    if (c < 0x80) {
      s = std::string(1, static_cast<char>(c));
    } else {
      if (c < 0x800) {
        s += static_cast<char>(0xC0 | (c >> 6));
        s += static_cast<char>(0x80 | (c & 0x3F));
      } else {
        s += static_cast<char>(0xE0 | (c >> 12));
        s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (c & 0x3F));
      }
    }
    double w = is_cjk_wide(c) ? size : size / 2;
    if (c != ' ' || draw_spaces) out.push_back({s, {x, top, x + w, top + size}, size, 100});
    x += w;
  }
  return x;
}

std::string join(const std::vector<Glyph>& glyphs, const Box& cell) {
  std::vector<const Glyph*> ptrs;
  for (const Glyph& g : glyphs) ptrs.push_back(&g);
  return join_cell_text(ptrs, cell);
}

TEST(CellText, CjkWrappedOverLinesJoinsWithoutSpaces) {
  std::vector<Glyph> g;
  lay(g, "运营分析", 52, 102);
  lay(g, "报告数量", 52, 115);
  EXPECT_EQ(join(g, {50, 100, 100, 140}), "运营分析报告数量");
}

TEST(CellText, OneCharacterPerLineInANarrowColumn) {
  std::vector<Glyph> g;
  const char* chars[] = {"汇", "聚", "数", "据", "量"};
  for (int i = 0; i < 5; ++i) lay(g, chars[i], 52, 102 + 13 * i);
  EXPECT_EQ(join(g, {50, 100, 64, 170}), "汇聚数据量");
}

TEST(CellText, NoSpaceBetweenCjkAndDigitsEvenWhereTheLayoutHasOne) {
  std::vector<Glyph> g;
  lay(g, "不少于 30 份", 52, 102);
  EXPECT_EQ(join(g, {50, 100, 200, 120}), "不少于30份");
  std::vector<Glyph> h;  // the same with the spaces only as gaps, not drawn
  lay(h, "不少于 30 份", 52, 102, 10, false);
  EXPECT_EQ(join(h, {50, 100, 200, 120}), "不少于30份");
}

TEST(CellText, CjkPunctuationCountsAsCjk) {
  std::vector<Glyph> g;
  lay(g, "单位： 万元 （ 2021 年度 ）", 52, 102);
  EXPECT_EQ(join(g, {50, 100, 300, 120}), "单位：万元（2021年度）");
}

TEST(CellText, LatinWordsKeepOneSpace) {
  std::vector<Glyph> g;
  lay(g, "Total  budget", 52, 102);  // two drawn spaces collapse to one
  EXPECT_EQ(join(g, {50, 100, 300, 120}), "Total budget");
}

TEST(CellText, GapWithoutDrawnSpaceDecidesByFontSize) {
  std::vector<Glyph> g;
  double x = lay(g, "ab", 52, 102);
  lay(g, "cd", x + 4.0, 102);  // 0.4 em: a space
  double y = lay(g, "ef", 52, 120);
  lay(g, "gh", y + 1.0, 120);  // 0.1 em: kerning, not a space
  EXPECT_EQ(join(g, {50, 100, 300, 140}), "ab cd efgh");
}

TEST(CellText, LatinLineBreakFarFromTheEdgeIsASpace) {
  std::vector<Glyph> g;
  lay(g, "Total", 52, 102);
  lay(g, "budget", 52, 115);
  EXPECT_EQ(join(g, {50, 100, 200, 140}), "Total budget");
}

TEST(CellText, NumberWrappedAtTheRightEdgeJoinsWithoutSpace) {
  // A 34 pt wide cell: "1,952." is 30 pt at 10 pt, so it ends 2 pt before the border and "61" wraps.
  std::vector<Glyph> g;
  lay(g, "1,952.", 52, 102);
  lay(g, "61", 52, 115);
  EXPECT_EQ(join(g, {50, 100, 84, 130}), "1,952.61");
}

TEST(CellText, GlyphOrderDoesNotMatter) {
  std::vector<Glyph> g;
  lay(g, "报告数量", 52, 115);
  lay(g, "运营分析", 52, 102);
  std::reverse(g.begin(), g.end());
  EXPECT_EQ(join(g, {50, 100, 100, 140}), "运营分析报告数量");
}

TEST(CellText, FakeBoldDuplicatesCountOnce) {
  std::vector<Glyph> g;
  lay(g, "总分", 52, 102);
  lay(g, "总分", 52.3, 102);
  EXPECT_EQ(join(g, {50, 100, 100, 120}), "总分");
}

TEST(CellText, EmptyAndUnmappedGlyphsGiveEmptyText) {
  std::vector<Glyph> g;
  EXPECT_EQ(join(g, {0, 0, 10, 10}), "");
  g.push_back({"", {1, 1, 5, 5}, 4, 100});
  g.push_back({" ", {5, 1, 7, 5}, 4, 100});
  EXPECT_EQ(join(g, {0, 0, 10, 10}), "");
}

}  // namespace
}  // namespace jx::extract
