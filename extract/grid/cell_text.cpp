// Joining drawn glyphs into text: lines by baseline, glyphs by x, Chinese spacing rules (is_cjk_wide() of
// core/text.h says which glyphs take no space beside them).
#include "extract/grid/cell_text.h"

#include <algorithm>
#include <cmath>

#include "core/text.h"
#include "core/utf8.h"
#include "extract/grid/grid.h"

namespace jx::extract::detail {

bool is_blank(const std::string& text) {
  if (text.empty()) return false;
  return !utf8::any_code_point(text, [](char32_t c) {
    return !(c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x3000 || c == 0x2002 ||
             c == 0x2003 || c == 0x2009);
  });
}

namespace {

double size_of(const Glyph& g) { return g.font_size > 0 ? g.font_size : std::max(g.box.height(), 1.0); }

Box unite(const Box& a, const Box& b) {
  return {std::min(a.x0, b.x0), std::min(a.y0, b.y0), std::max(a.x1, b.x1), std::max(a.y1, b.y1)};
}

}  // namespace

std::vector<TextLine> group_lines(std::vector<const Glyph*> glyphs) {
  std::erase_if(glyphs, [](const Glyph* g) { return g == nullptr || g->text.empty(); });
  std::stable_sort(glyphs.begin(), glyphs.end(),
                   [](const Glyph* a, const Glyph* b) { return a->box.cy() < b->box.cy(); });
  std::vector<TextLine> lines;
  double line_cy = 0, line_h = 0;
  std::size_t line_n = 0;
  for (const Glyph* g : glyphs) {
    double h = std::max(g->box.height(), 0.5);
    if (lines.empty() || std::abs(g->box.cy() - line_cy) > 0.45 * std::max(line_h, h)) {
      lines.emplace_back();
      lines.back().box = g->box;
      line_cy = g->box.cy();
      line_h = h;
      line_n = 0;
    }
    TextLine& line = lines.back();
    (is_blank(g->text) ? line.blanks : line.glyphs).push_back(g);
    line.box = unite(line.box, g->box);
    ++line_n;
    line_cy += (g->box.cy() - line_cy) / static_cast<double>(line_n);
    line_h = std::max(line_h, h);
  }
  std::erase_if(lines, [](const TextLine& l) { return l.glyphs.empty(); });
  for (TextLine& line : lines) {
    auto by_x = [](const Glyph* a, const Glyph* b) { return a->box.x0 < b->box.x0; };
    std::stable_sort(line.glyphs.begin(), line.glyphs.end(), by_x);
    std::stable_sort(line.blanks.begin(), line.blanks.end(), by_x);
    line.box = line.glyphs.front()->box;
    std::vector<double> sizes;
    for (const Glyph* g : line.glyphs) {
      line.box = unite(line.box, g->box);
      sizes.push_back(size_of(*g));
    }
    std::nth_element(sizes.begin(), sizes.begin() + sizes.size() / 2, sizes.end());
    line.font_size = sizes[sizes.size() / 2];
  }
  return lines;
}

std::string line_text(const TextLine& line) {
  std::string out;
  std::size_t blank = 0;
  const Glyph* prev = nullptr;
  for (const Glyph* g : line.glyphs) {
    if (prev != nullptr) {
      // The same character drawn again almost on top of itself (fake bold) is one character.
      if (g->text == prev->text && std::abs(g->box.x0 - prev->box.x0) < 0.3 * std::max(prev->box.width(), 0.5)) {
        continue;
      }
      bool drew_space = false;
      while (blank < line.blanks.size() && line.blanks[blank]->box.cx() < g->box.cx()) {
        if (line.blanks[blank]->box.cx() > prev->box.cx()) drew_space = true;
        ++blank;
      }
      char32_t a = utf8::last(prev->text), b = utf8::first(g->text);
      if (!is_cjk_wide(a) && !is_cjk_wide(b)) {
        double gap = g->box.x0 - prev->box.x1;
        if (drew_space || gap > 0.25 * std::max(size_of(*prev), size_of(*g))) out += ' ';
      }
    }
    out += g->text;
    prev = g;
  }
  return out;
}

void append_line(std::string& text, const std::string& next, bool glued) {
  if (next.empty()) return;
  if (text.empty()) {
    text = next;
    return;
  }
  if (!glued && !is_cjk_wide(utf8::last(text)) && !is_cjk_wide(utf8::first(next)) && text.back() != ' ') text += ' ';
  text += next;
}

std::string join_lines(const std::vector<TextLine>& lines, double right_edge, double pad) {
  std::string text;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    bool glued = false;
    if (i > 0) {
      const TextLine& prev = lines[i - 1];
      const Glyph& first = *lines[i].glyphs.front();
      double room = right_edge - prev.box.x1;  // what was left on the previous line
      glued = room <= pad + std::max(first.box.width(), 0.5 * prev.font_size) + 1.0;
    }
    append_line(text, line_text(lines[i]), glued);
  }
  std::size_t b = text.find_first_not_of(' '), e = text.find_last_not_of(' ');
  return b == std::string::npos ? std::string() : text.substr(b, e - b + 1);
}

}  // namespace jx::extract::detail

namespace jx::extract {

std::string join_cell_text(std::vector<const Glyph*> glyphs, const Box& cell) {
  auto lines = detail::group_lines(std::move(glyphs));
  if (lines.empty()) return {};
  double pad = cell.width();
  for (const auto& line : lines) pad = std::min(pad, line.box.x0 - cell.x0);
  pad = std::clamp(pad, 0.0, 0.5 * cell.width());
  return detail::join_lines(lines, cell.x1, pad);
}

int reread_undecodable_cells(std::vector<Table>& tables, const std::vector<Page>& ocr) {
  int reread = 0;
  for (Table& t : tables) {
    for (Cell& c : t.cells) {
      if (c.confidence != 0) continue;
      const Page* page = nullptr;
      for (const Page& p : ocr)
        if (p.number == c.page) page = &p;
      if (page == nullptr) continue;
      bool one_page = true;  // every row the cell spans is on its page
      for (int r = c.row; r < c.row + c.rowspan && r < static_cast<int>(t.row_pages.size()); ++r)
        one_page = one_page && t.row_pages[static_cast<std::size_t>(r)] == c.page;
      if (!one_page) continue;
      std::vector<const Glyph*> inside;
      float confidence = 99;
      std::uint8_t repairs = 0;
      for (const Glyph& g : page->glyphs) {
        if (g.text.empty() || detail::is_blank(g.text)) continue;
        if (g.box.cx() < c.bbox.x0 || g.box.cx() > c.bbox.x1 || g.box.cy() < c.bbox.y0 || g.box.cy() > c.bbox.y1)
          continue;
        inside.push_back(&g);
        confidence = std::min(confidence, g.confidence);
        repairs |= g.repairs;
      }
      if (inside.empty()) continue;
      c.text = join_cell_text(std::move(inside), c.bbox);
      c.confidence = confidence;
      c.repairs = repairs;
      ++reread;
    }
  }
  return reread;
}

}  // namespace jx::extract
