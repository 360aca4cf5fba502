// Stage 2b: tables of consecutive pages → one table, and merged cells cut by a page break → one cell.
#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "core/utf8.h"
#include "extract/grid/cell_text.h"
#include "extract/grid/grid.h"

namespace jx::extract {

namespace {

constexpr double kColTolerance = 4.0;  // column boundaries this close on two pages are the same boundary
// A page read by OCR was scanned or photographed on its own: its table may be shifted and scaled against the page
// before's by this share of its width at most (a photo taken a little nearer or further), and is compared after
// putting its outer edges on the previous part's; an inner boundary then within kOcrSnap of the table's width of one
// of the chain's is that boundary (a photo squared by a warp keeps a residue of its slant inside the table).
constexpr double kMaxOcrScale = 0.05;
constexpr double kOcrSnap = 0.02;

// How a part of a chain's x coordinates are brought to the chain's, for finding columns (the cells keep their own
// boxes: they are evidence on their page): linear between anchors (own x → chain x, ascending both ways), and beyond
// the first and last pair as the nearest span goes on; the identity without anchors.
struct XMap {
  std::vector<std::pair<double, double>> anchors;
  double operator()(double x) const {
    if (anchors.size() < 2) return x;
    std::size_t k = 1;
    while (k + 1 < anchors.size() && x > anchors[k].first) ++k;
    const auto& [x0, y0] = anchors[k - 1];
    const auto& [x1, y1] = anchors[k];
    return y0 + (x - x0) * (y1 - y0) / (x1 - x0);
  }
};

bool has_boundary(const std::vector<double>& xs, double x) {
  auto it = std::lower_bound(xs.begin(), xs.end(), x - kColTolerance);
  return it != xs.end() && *it <= x + kColTolerance;
}

bool subset(const std::vector<double>& small, const std::vector<double>& big) {
  return std::all_of(small.begin(), small.end(), [&](double x) { return has_boundary(big, x); });
}

const Page* find_page(const std::vector<Page>& pages, int number) {
  if (number >= 1 && static_cast<std::size_t>(number) <= pages.size() && pages[number - 1].number == number) {
    return &pages[number - 1];
  }
  for (const Page& p : pages) {
    if (p.number == number) return &p;
  }
  return nullptr;
}

// Whether `next` (the first table on its page) continues `prev` (the last table on the page before).
bool continues(const Table& prev, const std::vector<double>& prev_cols, const Table& next,
               const std::vector<Page>& pages) {
  if (next.first_page != prev.last_page + 1 || prev.row_boxes.empty() || next.row_boxes.empty()) return false;
  if (prev_cols.size() < 2 || next.col_x.size() < 2) return false;
  if (std::abs(prev_cols.front() - next.col_x.front()) > kColTolerance ||
      std::abs(prev_cols.back() - next.col_x.back()) > kColTolerance) {
    return false;
  }
  if (subset(next.col_x, prev_cols) || subset(prev_cols, next.col_x)) return true;
  // Different inner columns (a new block starts on the next page): still one table when the first runs to the
  // lower part of its page and the next starts in the upper part of its own.
  const Page* p0 = find_page(pages, prev.last_page);
  const Page* p1 = find_page(pages, next.first_page);
  if (p0 == nullptr || p1 == nullptr || p0->height <= 0 || p1->height <= 0) return false;
  return prev.row_boxes.back().y1 >= 0.5 * p0->height && next.row_boxes.front().y0 <= 0.5 * p1->height;
}

std::size_t nearest(const std::vector<double>& xs, double x) {
  auto it = std::lower_bound(xs.begin(), xs.end(), x);
  if (it == xs.end()) return xs.size() - 1;
  if (it == xs.begin()) return 0;
  return (x - *(it - 1) <= *it - x) ? static_cast<std::size_t>(it - xs.begin() - 1)
                                    : static_cast<std::size_t>(it - xs.begin());
}

// Whether the text is a bare number (a weight or a score as printed): digits with separators, maybe a %.
bool bare_number(const std::string& text) {
  std::u32string s;
  for (char32_t cp : utf8::decode(text)) {
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;  // full-width forms → ASCII
    if (!utf8::is_space(cp)) s.push_back(cp);
  }
  if (s.empty() || s.front() < U'0' || s.front() > U'9') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char32_t cp = s[i];
    bool ok = (cp >= U'0' && cp <= U'9') || cp == U'.' || cp == U',' || (cp == U'%' && i + 1 == s.size());
    if (!ok) return false;
  }
  return true;
}

// Whether the last line of `cell`'s text on its page was cut by a wrap: what is left to its right would not hold the
// first glyph of `tail` (the text that goes on in the row part on the next page), by the rule join_lines uses for
// lines wrapped inside a cell. False when the cell's glyphs cannot be found.
bool last_line_wrapped(const Cell& cell, const Cell& tail, const std::vector<Page>& pages) {
  const Page* page = find_page(pages, cell.page);
  const Page* tail_page = find_page(pages, tail.page);
  if (page == nullptr || tail_page == nullptr) return false;
  auto inside = [](const Page& pg, const Box& b) {
    std::vector<const Glyph*> out;
    for (const Glyph& g : pg.glyphs) {
      if (g.text.empty()) continue;  // a mark of unread ink (repair::kUnread), no text
      if (g.box.cx() >= b.x0 && g.box.cx() <= b.x1 && g.box.cy() >= b.y0 && g.box.cy() <= b.y1) out.push_back(&g);
    }
    return out;
  };
  std::vector<detail::TextLine> lines = detail::group_lines(inside(*page, cell.bbox));
  std::vector<detail::TextLine> tail_lines = detail::group_lines(inside(*tail_page, tail.bbox));
  if (lines.empty() || tail_lines.empty()) return false;
  double pad = cell.bbox.width();
  for (const auto& line : lines) pad = std::min(pad, line.box.x0 - cell.bbox.x0);
  pad = std::clamp(pad, 0.0, 0.5 * cell.bbox.width());
  const detail::TextLine& last = lines.back();
  const Glyph& next = *tail_lines.front().glyphs.front();
  return cell.bbox.x1 - last.box.x1 <= pad + std::max(next.box.width(), 0.5 * last.font_size) + 1.0;
}

// Joins row `first` (the top row of a page) into row `first - 1` when it is the rest of a row broken by the page
// (a word processor lets a row run over the break): every text it holds goes on a text of the row above whose
// last line was cut by a wrap, it starts no merged cell of its own, and under each bare number of the row above
// (a weight, a score: they never wrap) it is empty. A new row would carry its own numbers or its own label.
// `near` are the indices, ascending, of every cell of `t` that ends on row `first - 1` or reaches row `first` or
// below (the cells above end higher and are not touched). Returns whether the rows were joined; the table's rows
// after `first` move up by one. `retext` is called on each cell whose text is about to change.
template <typename Retext>
bool join_broken_row(Table& t, std::vector<char>& removed, const std::vector<std::size_t>& near, int first,
                     const std::vector<Page>& pages, Retext retext) {
  int last = first - 1;
  std::vector<std::size_t> tails;
  std::map<std::pair<int, int>, std::size_t> above;  // (col, colspan) → the cell of the row above there
  for (std::size_t i : near) {
    const Cell& c = t.cells[i];
    if (removed[i]) continue;
    if (c.row == first) {
      if (c.rowspan > 1 && !c.text.empty()) return false;  // a label of its own begins here
      if (c.rowspan == 1) tails.push_back(i);
    } else if (c.row + c.rowspan - 1 == last) {
      above[{c.col, c.colspan}] = i;
    }
  }
  int numbers = 0, texts = 0;
  for (const auto& [key, i] : above) {
    if (!bare_number(t.cells[i].text)) continue;
    ++numbers;
    for (std::size_t j : tails) {
      const Cell& c = t.cells[j];
      if (c.col < key.first + key.second && key.first < c.col + c.colspan && !c.text.empty()) return false;
    }
  }
  for (std::size_t j : tails) {
    const Cell& c = t.cells[j];
    if (c.text.empty()) continue;
    auto it = above.find({c.col, c.colspan});
    if (it == above.end()) return false;
    const Cell& p = t.cells[it->second];
    if (p.text.empty() || bare_number(p.text) || !last_line_wrapped(p, c, pages)) return false;
    ++texts;
  }
  if (numbers == 0 || texts == 0) return false;
  for (std::size_t j : tails) {
    Cell& c = t.cells[j];
    auto it = above.find({c.col, c.colspan});
    if (it != above.end() && !c.text.empty()) {
      Cell& p = t.cells[it->second];
      retext(it->second);
      detail::append_line(p.text, c.text, false);
      p.confidence = std::min(p.confidence, c.confidence);
      p.repairs |= c.repairs;
    }
    removed[j] = 1;
  }
  // Row `first` is gone: cells spanning it lose a row, cells below it move up.
  for (std::size_t i : near) {
    Cell& c = t.cells[i];
    if (removed[i]) continue;
    if (c.row > first) {
      --c.row;
    } else if (c.row + c.rowspan - 1 >= first) {
      --c.rowspan;
    }
  }
  t.rows -= 1;
  t.row_pages.erase(t.row_pages.begin() + first);
  t.row_boxes.erase(t.row_boxes.begin() + first);
  return true;
}

// One table from a chain of page tables: union of the column boundaries, cells re-indexed, rows appended,
// cells cut by a page break joined. The parts are appended one at a time and each break looks only at the cells
// that reach it, so a chain of many pages costs in proportion to its cells.
Table join_chain(std::vector<Table>& chain, const std::vector<XMap>& maps, const std::vector<Page>& pages) {
  if (chain.size() == 1) return std::move(chain.front());
  std::vector<double> cols = chain.front().col_x;
  for (std::size_t k = 1; k < chain.size(); ++k) {
    for (double x : chain[k].col_x) {
      if (!has_boundary(cols, x)) cols.insert(std::upper_bound(cols.begin(), cols.end(), x), x);
    }
  }
  Table out;
  out.first_page = chain.front().first_page;
  out.last_page = chain.back().last_page;
  out.col_x = cols;
  out.cols = static_cast<int>(cols.size()) - 1;
  std::vector<char> removed;
  // The texts of the cells of the parts already appended, by (col, colspan, text), removed cells included.
  std::map<std::tuple<int, int, std::string>, int> earlier;
  auto forget = [&](std::size_t i) {
    const Cell& c = out.cells[i];
    auto it = earlier.find({c.col, c.colspan, c.text});
    if (it != earlier.end() && --it->second == 0) earlier.erase(it);
  };
  auto remember = [&](std::size_t i) {
    const Cell& c = out.cells[i];
    ++earlier[{c.col, c.colspan, c.text}];
  };
  std::vector<std::size_t> ending;  // ascending: the cells (not removed) that end on the table's last row so far
  for (std::size_t k = 0; k < chain.size(); ++k) {
    Table& t = chain[k];
    const int first = out.rows;
    const std::size_t part_begin = out.cells.size();
    for (Cell& c : t.cells) {
      std::size_t c0 = nearest(cols, maps[k](c.bbox.x0)), c1 = nearest(cols, maps[k](c.bbox.x1));
      c.col = static_cast<int>(std::min(c0, cols.size() - 2));
      c.colspan = std::max(1, static_cast<int>(c1) - c.col);
      c.row += first;
      out.cells.push_back(std::move(c));
    }
    removed.resize(out.cells.size(), 0);
    out.rows += t.rows;
    out.row_pages.insert(out.row_pages.end(), t.row_pages.begin(), t.row_pages.end());
    out.row_boxes.insert(out.row_boxes.end(), t.row_boxes.begin(), t.row_boxes.end());
    std::vector<std::size_t> near = ending;
    for (std::size_t i = part_begin; i < out.cells.size(); ++i) near.push_back(i);
    // At the page break: the previous part's bottom cell and the continuation's top cell in the same columns,
    // unless the top row is a header repeated on the new page (nothing was cut): every non-empty cell of the row (at
    // least two) repeats a cell of an earlier row, same columns, same text. (A band whose cells span two rows looks
    // like cells cut by the break otherwise; a row that goes on from the page before has at least one cell of its
    // own.)
    bool repeated = false;
    if (k > 0) {
      int repeats = 0;
      repeated = true;
      for (std::size_t i = part_begin; i < out.cells.size() && repeated; ++i) {
        const Cell& c = out.cells[i];
        if (c.row != first || c.text.empty()) continue;
        if (earlier.count({c.col, c.colspan, c.text}) == 0) repeated = false;
        ++repeats;
      }
      repeated = repeated && repeats >= 2;
    }
    if (k > 0 && !repeated) {
      std::map<std::pair<int, int>, std::size_t> bottom;  // (col, colspan) → index of the cell ending on `last`
      for (std::size_t i : ending) bottom[{out.cells[i].col, out.cells[i].colspan}] = i;
      for (std::size_t i = part_begin; i < out.cells.size(); ++i) {
        Cell& c = out.cells[i];
        if (removed[i] || c.row != first) continue;
        auto it = bottom.find({c.col, c.colspan});
        if (it == bottom.end()) continue;
        Cell& p = out.cells[it->second];
        bool cut = (c.text.empty() && p.rowspan > 1) ||  // the spanning cell goes on, empty, on the next page
                   (p.text.empty() && p.rowspan > 1) ||  // its text sits in the part on the next page
                   (c.rowspan > 1 && !p.text.empty());   // both parts carry text (wrapped over the break)
        if (!cut) continue;
        if (c.text != p.text) {
          forget(it->second);
          detail::append_line(p.text, c.text, false);
          remember(it->second);
        }
        p.rowspan += c.rowspan;
        p.confidence = std::min(p.confidence, c.confidence);
        p.repairs |= c.repairs;
        removed[i] = 1;
      }
      std::vector<std::size_t> retexted;
      join_broken_row(out, removed, near, first, pages, [&](std::size_t i) {
        forget(i);
        retexted.push_back(i);
      });
      for (std::size_t i : retexted) remember(i);
    }
    for (std::size_t i = part_begin; i < out.cells.size(); ++i) remember(i);
    ending.clear();
    for (std::size_t i : near) {
      const Cell& c = out.cells[i];
      if (!removed[i] && c.row + c.rowspan - 1 == out.rows - 1) ending.push_back(i);
    }
  }
  std::vector<Cell> kept;
  for (std::size_t i = 0; i < out.cells.size(); ++i) {
    if (!removed[i]) kept.push_back(std::move(out.cells[i]));
  }
  out.cells = std::move(kept);
  std::sort(out.cells.begin(), out.cells.end(),
            [](const Cell& a, const Cell& b) { return a.row != b.row ? a.row < b.row : a.col < b.col; });
  return out;
}

// The map that puts the outer edges of `next` (first on its page) on those of `prev` (last on the page before, its
// col_x already in the chain's coordinates) and each inner boundary of `next` then near one of `chain_cols` (the
// chain's boundaries) on it, when both pages were read by OCR and the outer edges differ by a shift and a scale of at
// most kMaxOcrScale; else the identity. A text layer's coordinates are the page's own, and are compared as they are.
XMap onto(const Table& prev, const std::vector<double>& chain_cols, const Table& next, const std::vector<Page>& pages) {
  const Page* p0 = find_page(pages, prev.last_page);
  const Page* p1 = find_page(pages, next.first_page);
  if (p0 == nullptr || p1 == nullptr || !p0->from_ocr || !p1->from_ocr) return {};
  if (prev.col_x.size() < 2 || next.col_x.size() < 2) return {};
  const double pf = prev.col_x.front(), pb = prev.col_x.back();
  const double nf = next.col_x.front(), nb = next.col_x.back();
  if (nb - nf <= 0 || pb - pf <= 0) return {};
  const double scale = (pb - pf) / (nb - nf), width = pb - pf;
  if (std::abs(scale - 1) > kMaxOcrScale || std::abs(nf - pf) > kMaxOcrScale * width ||
      std::abs(nb - pb) > kMaxOcrScale * width)
    return {};
  XMap m;
  m.anchors.emplace_back(nf, pf);
  for (std::size_t i = 1; i + 1 < next.col_x.size(); ++i) {
    const double x = next.col_x[i], outer = pf + (x - nf) * scale;
    auto it = std::min_element(chain_cols.begin(), chain_cols.end(),
                               [&](double a, double b) { return std::abs(a - outer) < std::abs(b - outer); });
    if (it == chain_cols.end() || std::abs(*it - outer) > kOcrSnap * width) continue;
    if (*it <= m.anchors.back().second || *it >= pb) continue;  // keeps the order, leaves the outer edge alone
    m.anchors.emplace_back(x, *it);
  }
  m.anchors.emplace_back(nb, pb);
  return m;
}

}  // namespace

std::vector<Table> stitch_tables(std::vector<Table> page_tables, const std::vector<Page>& pages) {
  std::stable_sort(page_tables.begin(), page_tables.end(),
                   [](const Table& a, const Table& b) { return a.first_page < b.first_page; });
  std::vector<Table> out;
  std::vector<Table> chain;
  std::vector<XMap> maps;  // of each part of the chain
  std::vector<double> chain_cols;
  for (std::size_t i = 0; i < page_tables.size(); ++i) {
    Table& t = page_tables[i];
    // chain.back() is the previous input table, so it is the last on its page; t is first on its page when the
    // previous input table lies on an earlier page.
    XMap map = chain.empty() ? XMap{} : onto(chain.back(), chain_cols, t, pages);
    const std::vector<double> own_cols = t.col_x;
    for (double& x : t.col_x) x = map(x);
    bool joins = !chain.empty() && continues(chain.back(), chain_cols, t, pages);
    if (!joins && !chain.empty()) {
      out.push_back(join_chain(chain, maps, pages));
      chain.clear();
      maps.clear();
      map = XMap{};
      t.col_x = own_cols;
    }
    maps.push_back(map);
    if (chain.empty()) {
      chain_cols = t.col_x;
    } else {
      for (double x : t.col_x) {
        if (!has_boundary(chain_cols, x))
          chain_cols.insert(std::upper_bound(chain_cols.begin(), chain_cols.end(), x), x);
      }
    }
    chain.push_back(std::move(t));
  }
  if (!chain.empty()) out.push_back(join_chain(chain, maps, pages));
  return out;
}

}  // namespace jx::extract
