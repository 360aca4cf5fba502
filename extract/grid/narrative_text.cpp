// Stage 2c: the running text of a page outside its tables, as paragraphs in reading order.
#include <algorithm>
#include <cmath>

#include "extract/grid/cell_text.h"
#include "extract/grid/grid.h"

namespace jx::extract {

namespace {

constexpr double kRegionMargin = 1.0;  // points around a table that still count as inside it

bool inside(const Box& b, double x, double y) {
  return x >= b.x0 - kRegionMargin && x <= b.x1 + kRegionMargin && y >= b.y0 - kRegionMargin &&
         y <= b.y1 + kRegionMargin;
}

// Width of the line's first word: a run of non-CJK glyphs without a space-sized gap, or one CJK character.
double first_word_width(const detail::TextLine& line) {
  const auto& g = line.glyphs;
  double x0 = g.front()->box.x0, x1 = g.front()->box.x1;
  if (is_cjk_wide(utf8::first(g.front()->text))) return x1 - x0;
  for (std::size_t i = 1; i < g.size(); ++i) {
    if (is_cjk_wide(utf8::first(g[i]->text)) || g[i]->box.x0 - x1 > 0.25 * line.font_size) break;
    x1 = std::max(x1, g[i]->box.x1);
  }
  return x1 - x0;
}

}  // namespace

std::vector<TextBlock> text_outside_tables(const Page& page, const std::vector<Table>& tables) {
  // The part of each table that lies on this page.
  std::vector<Box> regions;
  for (const Table& t : tables) {
    bool any = false;
    Box box;
    for (std::size_t r = 0; r < t.row_boxes.size() && r < t.row_pages.size(); ++r) {
      if (t.row_pages[r] != page.number) continue;
      const Box& b = t.row_boxes[r];
      box =
          any ? Box{std::min(box.x0, b.x0), std::min(box.y0, b.y0), std::max(box.x1, b.x1), std::max(box.y1, b.y1)} : b;
      any = true;
    }
    if (any) regions.push_back(box);
  }
  std::vector<const Glyph*> free;
  for (const Glyph& g : page.glyphs) {
    if (g.text.empty()) continue;  // a mark of unread ink (repair::kUnread), no text
    double cx = g.box.cx(), cy = g.box.cy();
    if (std::none_of(regions.begin(), regions.end(), [&](const Box& b) { return inside(b, cx, cy); })) {
      free.push_back(&g);
    }
  }
  std::vector<detail::TextLine> lines = detail::group_lines(std::move(free));
  if (lines.empty()) return {};

  double left = lines.front().box.x0, right = lines.front().box.x1;
  for (const auto& l : lines) left = std::min(left, l.box.x0), right = std::max(right, l.box.x1);
  std::vector<double> gaps;
  for (std::size_t i = 1; i < lines.size(); ++i) gaps.push_back(lines[i].box.y0 - lines[i - 1].box.y1);
  double usual_gap = 0;
  if (!gaps.empty()) {
    std::nth_element(gaps.begin(), gaps.begin() + gaps.size() / 2, gaps.end());
    usual_gap = gaps[gaps.size() / 2];
  }
  // With few lines the median gap may itself be a paragraph gap: never take more than one line height as usual.
  std::vector<double> sizes;
  sizes.reserve(lines.size());
  for (const auto& l : lines) sizes.push_back(l.font_size);
  std::nth_element(sizes.begin(), sizes.begin() + sizes.size() / 2, sizes.end());
  usual_gap = std::min(usual_gap, sizes[sizes.size() / 2]);

  std::vector<TextBlock> blocks;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const detail::TextLine& line = lines[i];
    bool new_block = i == 0;
    if (!new_block) {
      const detail::TextLine& prev = lines[i - 1];
      double fs = std::max(prev.font_size, line.font_size);
      double gap = line.box.y0 - prev.box.y1;
      bool wide_gap = gap > usual_gap + 0.6 * fs;
      // The previous line ended early although the next line's first word would have fitted: a paragraph end.
      bool short_prev = right - prev.box.x1 > first_word_width(line) + fs;
      bool indented = line.box.x0 > left + 1.5 * fs;
      bool size_change = std::abs(prev.font_size - line.font_size) > 0.2 * fs;
      new_block = wide_gap || short_prev || indented || size_change;
    }
    std::string text = detail::line_text(line);
    float digits = 100;  // an OCR'd digit may be a misread one: the narrative check wants to know
    for (const Glyph* g : line.glyphs) {
      bool digit = utf8::any_code_point(
          g->text, [](char32_t c) { return (c >= U'0' && c <= U'9') || (c >= U'\uFF10' && c <= U'\uFF19'); });
      if (digit) digits = std::min(digits, g->confidence);
    }
    if (new_block) {
      blocks.push_back({page.number, line.box, std::move(text), digits});
      continue;
    }
    TextBlock& b = blocks.back();
    b.number_confidence = std::min(b.number_confidence, digits);
    detail::append_line(b.text, text, false);
    b.box = {std::min(b.box.x0, line.box.x0), std::min(b.box.y0, line.box.y0), std::max(b.box.x1, line.box.x1),
             std::max(b.box.y1, line.box.y1)};
  }
  return blocks;
}

}  // namespace jx::extract
