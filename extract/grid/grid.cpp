// Stage 2a: ruling segments + glyphs of one page → cell grids.
//
// Segments are snapped and merged into ruling lines; lines that cross at least two lines of the other direction
// (so an underline touching one border does not count) form connected components, each a table region. The
// region's distinct line positions are its row and column boundaries; a grid edge is present when rulings cover
// most of it, and grid cells separated by an absent edge merge into one spanning cell.
#include "extract/grid/grid.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>

namespace jx::extract {

namespace {

constexpr double kSnap = 2.0;          // rulings this close are the same line
constexpr double kMinLength = 2.0;     // shorter rulings are dots, not lines
constexpr double kEdgeCoverage = 0.5;  // share of a grid edge that must be drawn for the edge to exist
constexpr double kOpenSide = 4.0;      // rulings reaching this far past the outer crossing line open a column/row

// A ruling line: at `pos` (y for horizontal, x for vertical), from `a` to `b` along it.
struct Rule {
  double pos = 0, a = 0, b = 0;
};

class UnionFind {
 public:
  explicit UnionFind(std::size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), std::size_t{0}); }
  std::size_t find(std::size_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  bool unite(std::size_t a, std::size_t b) {
    a = find(a), b = find(b);
    if (a == b) return false;
    parent_[std::max(a, b)] = std::min(a, b);
    return true;
  }

 private:
  std::vector<std::size_t> parent_;
};

// Snaps rulings whose positions are within kSnap to their mean and merges overlapping or touching pieces.
std::vector<Rule> merge_rules(std::vector<Rule> rules) {
  std::sort(rules.begin(), rules.end(), [](const Rule& x, const Rule& y) { return x.pos < y.pos; });
  std::vector<Rule> out;
  std::size_t i = 0;
  while (i < rules.size()) {
    std::size_t j = i;
    double sum = 0;
    while (j < rules.size() && rules[j].pos - rules[i].pos <= kSnap) sum += rules[j++].pos;
    double pos = sum / static_cast<double>(j - i);
    std::sort(rules.begin() + static_cast<std::ptrdiff_t>(i), rules.begin() + static_cast<std::ptrdiff_t>(j),
              [](const Rule& x, const Rule& y) { return x.a < y.a; });
    Rule cur{pos, rules[i].a, rules[i].b};
    for (std::size_t k = i + 1; k < j; ++k) {
      if (rules[k].a <= cur.b + kSnap) {
        cur.b = std::max(cur.b, rules[k].b);
      } else {
        if (cur.b - cur.a >= kMinLength) out.push_back(cur);
        cur = {pos, rules[k].a, rules[k].b};
      }
    }
    if (cur.b - cur.a >= kMinLength) out.push_back(cur);
    i = j;
  }
  return out;
}

// Sorted positions with near-equal ones (within kSnap) collapsed to their mean.
std::vector<double> cluster_positions(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  std::vector<double> out;
  std::size_t i = 0;
  while (i < v.size()) {
    std::size_t j = i;
    double sum = 0;
    while (j < v.size() && v[j] - v[i] <= kSnap) sum += v[j++];
    out.push_back(sum / static_cast<double>(j - i));
    i = j;
  }
  return out;
}

// Length of [lo, hi] covered by the union of `rules` (sorted by a).
double coverage(const std::vector<const Rule*>& rules, double lo, double hi) {
  double covered = 0, reach = lo;
  for (const Rule* r : rules) {
    if (r->b <= reach) continue;
    if (r->a >= hi) break;
    double s = std::max(r->a, reach), e = std::min(r->b, hi);
    if (e > s) covered += e - s, reach = e;
  }
  return covered;
}

// Rulings of one direction grouped by boundary: for each boundary position, the rulings within kSnap of it.
std::vector<std::vector<const Rule*>> rules_at(const std::vector<double>& bounds,
                                               const std::vector<const Rule*>& rules) {
  std::vector<std::vector<const Rule*>> at(bounds.size());
  for (const Rule* r : rules) {
    auto it = std::lower_bound(bounds.begin(), bounds.end(), r->pos - kSnap);
    for (; it != bounds.end() && *it <= r->pos + kSnap; ++it)
      at[static_cast<std::size_t>(it - bounds.begin())].push_back(r);
  }
  for (auto& v : at) std::sort(v.begin(), v.end(), [](const Rule* x, const Rule* y) { return x->a < y->a; });
  return at;
}

struct Grid {
  std::vector<double> xs, ys;             // column and row boundaries
  std::vector<std::vector<char>> h_edge;  // [row boundary][col]: a horizontal edge is drawn
  std::vector<std::vector<char>> v_edge;  // [col boundary][row]: a vertical edge is drawn
};

void compute_edges(Grid& g, const std::vector<const Rule*>& hs, const std::vector<const Rule*>& vs) {
  std::size_t rows = g.ys.size() - 1, cols = g.xs.size() - 1;
  auto h_at = rules_at(g.ys, hs);
  auto v_at = rules_at(g.xs, vs);
  g.h_edge.assign(g.ys.size(), std::vector<char>(cols, 0));
  g.v_edge.assign(g.xs.size(), std::vector<char>(rows, 0));
  for (std::size_t i = 0; i < g.ys.size(); ++i) {
    for (std::size_t c = 0; c < cols; ++c) {
      double len = g.xs[c + 1] - g.xs[c];
      g.h_edge[i][c] = coverage(h_at[i], g.xs[c], g.xs[c + 1]) >= kEdgeCoverage * len;
    }
  }
  for (std::size_t j = 0; j < g.xs.size(); ++j) {
    for (std::size_t r = 0; r < rows; ++r) {
      double len = g.ys[r + 1] - g.ys[r];
      g.v_edge[j][r] = coverage(v_at[j], g.ys[r], g.ys[r + 1]) >= kEdgeCoverage * len;
    }
  }
}

// Drops inner boundaries along which no edge is drawn (a ruling that covers no grid edge well enough).
bool drop_empty_boundaries(Grid& g) {
  std::vector<double> ys{g.ys.front()}, xs{g.xs.front()};
  for (std::size_t i = 1; i + 1 < g.ys.size(); ++i) {
    if (std::any_of(g.h_edge[i].begin(), g.h_edge[i].end(), [](char e) { return e != 0; })) ys.push_back(g.ys[i]);
  }
  ys.push_back(g.ys.back());
  for (std::size_t j = 1; j + 1 < g.xs.size(); ++j) {
    if (std::any_of(g.v_edge[j].begin(), g.v_edge[j].end(), [](char e) { return e != 0; })) xs.push_back(g.xs[j]);
  }
  xs.push_back(g.xs.back());
  bool changed = ys.size() != g.ys.size() || xs.size() != g.xs.size();
  g.ys = std::move(ys);
  g.xs = std::move(xs);
  return changed;
}

// One table from one connected group of rulings, or nothing when it is not a grid of at least two cells.
std::optional<Table> build_table(const Page& page, const std::vector<const Rule*>& hs,
                                 const std::vector<const Rule*>& vs, const Limits& limits) {
  Grid g;
  std::vector<double> ys, xs;
  double h_min = hs.front()->a, h_max = hs.front()->b, v_min = vs.front()->a, v_max = vs.front()->b;
  for (const Rule* r : hs) ys.push_back(r->pos), h_min = std::min(h_min, r->a), h_max = std::max(h_max, r->b);
  for (const Rule* r : vs) xs.push_back(r->pos), v_min = std::min(v_min, r->a), v_max = std::max(v_max, r->b);
  g.ys = cluster_positions(std::move(ys));
  g.xs = cluster_positions(std::move(xs));
  // Open sides: rulings that run on past the last crossing line bound a column or row of their own.
  if (h_min < g.xs.front() - kOpenSide) g.xs.insert(g.xs.begin(), h_min);
  if (h_max > g.xs.back() + kOpenSide) g.xs.push_back(h_max);
  if (v_min < g.ys.front() - kOpenSide) g.ys.insert(g.ys.begin(), v_min);
  if (v_max > g.ys.back() + kOpenSide) g.ys.push_back(v_max);
  if (g.xs.size() < 2 || g.ys.size() < 2) return std::nullopt;
  if ((g.xs.size() - 1) * (g.ys.size() - 1) > limits.max_cells_per_table * 4) return std::nullopt;
  compute_edges(g, hs, vs);
  if (drop_empty_boundaries(g)) compute_edges(g, hs, vs);

  std::size_t rows = g.ys.size() - 1, cols = g.xs.size() - 1;
  if (rows * cols > limits.max_cells_per_table) return std::nullopt;
  // Grid cells joined across every absent edge, then grown to rectangles (a merged cell is always a box).
  UnionFind uf(rows * cols);
  auto id = [cols](std::size_t r, std::size_t c) { return r * cols + c; };
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < cols; ++c) {
      if (c + 1 < cols && !g.v_edge[c + 1][r]) uf.unite(id(r, c), id(r, c + 1));
      if (r + 1 < rows && !g.h_edge[r + 1][c]) uf.unite(id(r, c), id(r + 1, c));
    }
  }
  struct Span {
    std::size_t r0, c0, r1, c1;
  };
  std::vector<Span> span(rows * cols);
  for (int round = 0; round < 16; ++round) {
    for (std::size_t i = 0; i < rows * cols; ++i) span[i] = {rows, cols, 0, 0};
    for (std::size_t r = 0; r < rows; ++r) {
      for (std::size_t c = 0; c < cols; ++c) {
        Span& s = span[uf.find(id(r, c))];
        s = {std::min(s.r0, r), std::min(s.c0, c), std::max(s.r1, r), std::max(s.c1, c)};
      }
    }
    bool changed = false;
    for (std::size_t i = 0; i < rows * cols; ++i) {
      if (uf.find(i) != i) continue;
      const Span s = span[i];
      if ((s.r1 - s.r0 + 1) * (s.c1 - s.c0 + 1) == 1) continue;
      for (std::size_t r = s.r0; r <= s.r1; ++r) {
        for (std::size_t c = s.c0; c <= s.c1; ++c) changed = uf.unite(i, id(r, c)) || changed;
      }
    }
    if (!changed) break;
  }

  Table t;
  t.first_page = t.last_page = page.number;
  t.rows = static_cast<int>(rows);
  t.cols = static_cast<int>(cols);
  t.col_x = g.xs;
  t.row_pages.assign(rows, page.number);
  for (std::size_t r = 0; r < rows; ++r) t.row_boxes.push_back({g.xs.front(), g.ys[r], g.xs.back(), g.ys[r + 1]});
  std::vector<int> cell_of(rows * cols, -1);
  t.cells.reserve(rows * cols);
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < cols; ++c) {
      std::size_t root = uf.find(id(r, c));
      if (cell_of[root] >= 0) continue;
      const Span& s = span[root];
      Cell cell;
      cell.page = page.number;
      cell.row = static_cast<int>(s.r0);
      cell.col = static_cast<int>(s.c0);
      cell.rowspan = static_cast<int>(s.r1 - s.r0 + 1);
      cell.colspan = static_cast<int>(s.c1 - s.c0 + 1);
      cell.bbox = {g.xs[s.c0], g.ys[s.r0], g.xs[s.c1 + 1], g.ys[s.r1 + 1]};
      cell_of[root] = static_cast<int>(t.cells.size());
      t.cells.push_back(std::move(cell));
    }
  }
  if (t.cells.size() < 2) return std::nullopt;  // a box around text, a frame, a filled panel: not a table

  // Glyphs by centre. A glyph without text counts only for the repairs it carries (repair::kUnread: ink the OCR
  // read as nothing), not for the cell's text.
  std::vector<std::vector<const Glyph*>> in_cell(t.cells.size());
  std::vector<std::uint8_t> marks(t.cells.size(), 0);
  for (const Glyph& gl : page.glyphs) {
    if (gl.text.empty() && gl.repairs == 0) continue;
    double cx = gl.box.cx(), cy = gl.box.cy();
    if (cx < g.xs.front() || cx >= g.xs.back() || cy < g.ys.front() || cy >= g.ys.back()) continue;
    auto c = static_cast<std::size_t>(std::upper_bound(g.xs.begin(), g.xs.end(), cx) - g.xs.begin() - 1);
    auto r = static_cast<std::size_t>(std::upper_bound(g.ys.begin(), g.ys.end(), cy) - g.ys.begin() - 1);
    if (r >= rows || c >= cols) continue;
    const auto at = static_cast<std::size_t>(cell_of[uf.find(id(r, c))]);
    if (gl.text.empty()) {
      marks[at] |= gl.repairs;
    } else {
      in_cell[at].push_back(&gl);
    }
  }
  for (std::size_t i = 0; i < t.cells.size(); ++i) {
    Cell& cell = t.cells[i];
    cell.repairs |= marks[i];
    for (const Glyph* gl : in_cell[i]) {
      cell.confidence = std::min(cell.confidence, gl->confidence);
      cell.repairs |= gl->repairs;
    }
    cell.text = join_cell_text(std::move(in_cell[i]), cell.bbox);
  }
  std::sort(t.cells.begin(), t.cells.end(),
            [](const Cell& a, const Cell& b) { return a.row != b.row ? a.row < b.row : a.col < b.col; });
  return t;
}

}  // namespace

std::vector<Table> build_page_tables(const Page& page, const Limits& limits) {
  std::vector<Rule> h_raw, v_raw;
  for (const Segment& s : page.segments) {
    if (s.horizontal()) {
      h_raw.push_back({s.y0, std::min(s.x0, s.x1), std::max(s.x0, s.x1)});
    } else if (s.x0 == s.x1) {
      v_raw.push_back({s.x0, std::min(s.y0, s.y1), std::max(s.y0, s.y1)});
    }
  }
  std::vector<Rule> hs = merge_rules(std::move(h_raw));
  std::vector<Rule> vs = merge_rules(std::move(v_raw));
  if (hs.size() < 2 || vs.size() < 2) return {};

  // Crossings (within kSnap, so lines that only meet at a corner count), found by a sweep over vertical lines.
  std::sort(vs.begin(), vs.end(), [](const Rule& x, const Rule& y) { return x.pos < y.pos; });
  std::vector<std::pair<std::size_t, std::size_t>> crossings;  // (h index, v index)
  std::size_t tests = 0;
  for (std::size_t i = 0; i < hs.size() && tests < limits.max_crossing_tests_per_page; ++i) {
    const Rule& h = hs[i];
    auto it = std::lower_bound(vs.begin(), vs.end(), h.a - kSnap, [](const Rule& v, double x) { return v.pos < x; });
    for (; it != vs.end() && it->pos <= h.b + kSnap && tests < limits.max_crossing_tests_per_page; ++it, ++tests) {
      if (h.pos >= it->a - kSnap && h.pos <= it->b + kSnap) {
        crossings.emplace_back(i, static_cast<std::size_t>(it - vs.begin()));
      }
    }
  }
  // Keep only rulings that cross at least two rulings that are themselves kept (a 2-core of the crossing graph).
  std::vector<int> degree(hs.size() + vs.size(), 0);
  std::vector<char> alive(hs.size() + vs.size(), 1);
  for (auto [h, v] : crossings) ++degree[h], ++degree[hs.size() + v];
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t k = 0; k < degree.size(); ++k) {
      if (alive[k] && degree[k] < 2) alive[k] = 0, changed = true;
    }
    if (!changed) break;
    std::fill(degree.begin(), degree.end(), 0);
    for (auto [h, v] : crossings) {
      if (alive[h] && alive[hs.size() + v]) ++degree[h], ++degree[hs.size() + v];
    }
  }
  UnionFind uf(hs.size() + vs.size());
  for (auto [h, v] : crossings) {
    if (alive[h] && alive[hs.size() + v]) uf.unite(h, hs.size() + v);
  }
  std::vector<std::vector<const Rule*>> comp_h(hs.size() + vs.size()), comp_v(hs.size() + vs.size());
  for (std::size_t i = 0; i < hs.size(); ++i) {
    if (alive[i]) comp_h[uf.find(i)].push_back(&hs[i]);
  }
  for (std::size_t j = 0; j < vs.size(); ++j) {
    if (alive[hs.size() + j]) comp_v[uf.find(hs.size() + j)].push_back(&vs[j]);
  }
  std::vector<Table> tables;
  for (std::size_t k = 0; k < comp_h.size(); ++k) {
    if (comp_h[k].size() < 2 || comp_v[k].size() < 2) continue;
    if (auto t = build_table(page, comp_h[k], comp_v[k], limits)) tables.push_back(std::move(*t));
  }
  std::sort(tables.begin(), tables.end(), [](const Table& a, const Table& b) {
    const Box &x = a.row_boxes.front(), &y = b.row_boxes.front();
    return x.y0 != y.y0 ? x.y0 < y.y0 : x.x0 < y.x0;
  });
  return tables;
}

}  // namespace jx::extract
