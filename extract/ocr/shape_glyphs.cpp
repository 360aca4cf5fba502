// Shape glyphs: signs, rings, check boxes and dashes recognised from the ink's shape.
#include "extract/ocr/internal/shape_glyphs.h"

#include <algorithm>
#include <cstdlib>

namespace jx::extract::ocr {

namespace {

// The first and last inked x of row `y` within `part`; false when the row is blank.
bool row_ink(PIX* ink, const PixelBox& part, int y, int* first, int* last) {
  *first = *last = -1;
  for (int x = part.x; x < part.x + part.w; ++x) {
    l_uint32 v = 0;
    pixGetPixel(ink, x, y, &v);
    if (v == 0) continue;
    if (*first < 0) *first = x - part.x;
    *last = x - part.x;
  }
  return *first >= 0;
}

constexpr const char* kAtLeast = "≥";

constexpr const char* kAtMost = "≤";

// The chevron of a "≥" or "≤" as its top half shows it: the first inked rows (in the top quarter) sit in one corner,
// and the row between 20 % and 55 % of the height that reaches furthest to the opposite side holds a narrow run of
// ink on that side only, reaching its outer fifth. kAtLeast for a chevron starting top left and pointing right, kAtMost
// for its mirror, nullptr otherwise.
const char* chevron_sign(PIX* ink, const PixelBox& p) {
  int top_first = -1, top_last = -1, y = p.y;
  while (y < p.y + p.h / 4 && !row_ink(ink, p, y, &top_first, &top_last)) ++y;
  if (top_first < 0 || (top_last - top_first) * 2 > p.w) return nullptr;
  bool top_left = top_last * 2 < p.w && top_first * 5 <= p.w;
  bool top_right = top_first * 2 > p.w && top_last * 5 >= p.w * 4;
  if (top_left == top_right) return nullptr;
  int tip_first = -1, tip_last = -1;
  for (int ty = p.y + p.h / 5; ty <= p.y + p.h * 55 / 100; ++ty) {
    int f = -1, l = -1;
    if (!row_ink(ink, p, ty, &f, &l)) continue;
    if (tip_first < 0 || (top_left ? f > tip_first : l < tip_last)) tip_first = f, tip_last = l;
  }
  if (tip_first < 0 || (tip_last - tip_first) * 2 > p.w) return nullptr;
  // The tip lies at the opposite side, not in the middle (the stem of a serif 工 under the serif of its top bar).
  if (top_left) return tip_first * 5 > p.w * 2 && tip_last * 5 >= p.w * 4 ? kAtLeast : nullptr;
  return tip_last * 5 < p.w * 3 && tip_first * 5 <= p.w ? kAtMost : nullptr;
}

// "≥" or "≤" whose chevron a blurred scan joined to its bar: one part about as wide as tall, a bar across its
// bottom, and above it a chevron that starts at one top corner and points to the opposite side at mid-height.
// A "2" has a bar too but its top is an arch over the middle; "=" has a second bar on top.
const char* joined_comparison_sign(PIX* ink, const PixelBox& p) {
  if (p.h < 10 || p.w * 10 < p.h * 7 || p.w * 10 > p.h * 14) return nullptr;
  int first = -1, last = -1;
  bool bar = false;
  for (int y = p.y + p.h * 4 / 5; y < p.y + p.h && !bar; ++y) {
    if (!row_ink(ink, p, y, &first, &last) || first * 10 > p.w || last * 10 < p.w * 9) continue;
    int inked = 0;  // a bar, not two legs (大)
    for (int x = p.x; x < p.x + p.w; ++x) {
      l_uint32 v = 0;
      pixGetPixel(ink, x, y, &v);
      inked += v != 0 ? 1 : 0;
    }
    bar = inked * 10 >= p.w * 8;
  }
  if (!bar) return nullptr;
  return chevron_sign(ink, p);
}

// "⩾" or "⩽" (the bar slanted, parallel to the chevron's lower arm) whose parts a blurred scan joined: one part
// starting in a top corner, reaching the opposite side above mid-height, and coming back to the bottom corner below
// its start as two parallel strokes (the arm and the bar). A "2" starts with an arch over the middle, a "Z" with a
// bar across the top.
const char* slanted_comparison_sign(PIX* ink, const PixelBox& p) {
  if (p.h < 10 || p.w * 10 < p.h * 6 || p.w * 10 > p.h * 12) return nullptr;
  const char* sign = chevron_sign(ink, p);
  if (sign == nullptr) return nullptr;
  const bool top_left = sign == kAtLeast;
  int bottom_first = -1, bottom_last = -1;
  int y = p.y + p.h - 1;
  while (y > p.y + p.h * 3 / 4 && !row_ink(ink, p, y, &bottom_first, &bottom_last)) --y;
  if (bottom_first < 0 || (top_left ? bottom_first * 5 > p.w : bottom_last * 5 < p.w * 4)) return nullptr;
  // Above the tip, one thin stroke in every row (无 and 天 have bars across).
  for (int ry = p.y; ry < p.y + p.h * 4 / 10; ++ry) {
    int f = -1, l = -1;
    if (row_ink(ink, p, ry, &f, &l) && (l - f) * 2 > p.w) return nullptr;
  }
  // Below the tip, two strokes side by side in half the rows at least (they run together near the bottom corner).
  int rows = 0, two = 0;
  for (int ry = p.y + p.h / 2; ry <= p.y + p.h * 8 / 10; ++ry) {
    int runs = 0;
    bool prev = false;
    for (int x = p.x; x < p.x + p.w; ++x) {
      l_uint32 v = 0;
      pixGetPixel(ink, x, ry, &v);
      if (v != 0 && !prev) ++runs;
      prev = v != 0;
    }
    ++rows;
    two += runs == 2 ? 1 : 0;
  }
  if (two * 2 < rows) return nullptr;
  return sign;
}

// "<" or ">" drawn alone: one thin stroke that starts in a top corner, reaches the opposite side at mid-height and
// comes back to the bottom corner below its start. chi_sim reads a lone "<" as 去 or 〈.
const char* lone_chevron(PIX* ink, const PixelBox& p) {
  if (p.h < 10 || p.w * 10 < p.h * 5 || p.w * 10 > p.h * 15) return nullptr;
  // The inked span of the rows at 10, 30, 50, 70 and 90 % of the height: each a short piece of stroke.
  int first[5], last[5];
  for (int i = 0; i < 5; ++i) {
    int y = p.y + p.h * (2 * i + 1) / 10;
    if (!row_ink(ink, p, y, &first[i], &last[i]) || (last[i] - first[i]) * 2 > p.w) return nullptr;
  }
  auto centre = [&](int i) { return first[i] + last[i]; };  // twice the stroke's x in that row
  bool less = centre(0) > p.w && centre(4) > p.w && centre(2) < p.w && centre(1) < centre(0) && centre(2) < centre(1) &&
              centre(3) > centre(2) && centre(4) > centre(3);
  bool greater = centre(0) < p.w && centre(4) < p.w && centre(2) > p.w && centre(1) > centre(0) &&
                 centre(2) > centre(1) && centre(3) < centre(2) && centre(4) < centre(3);
  if (less) return "<";
  if (greater) return ">";
  return nullptr;
}

// Whether `p` of the 1 bpp `ink` is a small ring: paper in its middle half with ink on all four sides of it (the
// hole of a thick ring may sit off centre).
bool ring(PIX* ink, const PixelBox& p) {
  auto inked = [&](int x, int y) {
    l_uint32 v = 0;
    pixGetPixel(ink, x, y, &v);
    return v != 0;
  };
  for (int y = p.y + p.h / 4; y <= p.y + p.h * 3 / 4; ++y) {
    for (int x = p.x + p.w / 4; x <= p.x + p.w * 3 / 4; ++x) {
      if (inked(x, y)) continue;
      bool left = false, right = false, up = false, down = false;
      for (int i = p.x; i < x && !left; ++i) left = inked(i, y);
      for (int i = x + 1; i < p.x + p.w && !right; ++i) right = inked(i, y);
      for (int i = p.y; i < y && !up; ++i) up = inked(x, i);
      for (int i = y + 1; i < p.y + p.h && !down; ++i) down = inked(x, i);
      if (left && right && up && down) return true;
    }
  }
  return false;
}

}  // namespace

Glyph shape_glyph(const char* text, const PixelBox& x_range, int y0, int y1, double dpi) {
  double k = 72.0 / dpi;
  Glyph g;
  g.text = text;
  g.box = Box{x_range.x * k, y0 * k, (x_range.x + x_range.w) * k, y1 * k};
  g.font_size = g.box.height();
  g.confidence = 90;  // shape-based, not Tesseract's: sure, but not a text layer
  return g;
}

const char* dash_text(const Band& band, double dpi) {
  // A faint scan may break the bar into pieces: the band as a whole must be flat.
  const PixelBox& p = band.box;
  if (p.h * 4 > p.w || p.h > dpi * 0.03) return nullptr;
  return p.w >= dpi * 0.08 ? "—" : "-";
}

const char* comparison_sign(PIX* ink, const std::vector<PixelBox>& parts, bool numeric, bool alone, PixelBox* column) {
  if (parts.empty() || (parts.size() < 2 && !alone)) return nullptr;
  std::vector<PixelBox> sorted = parts;
  std::sort(sorted.begin(), sorted.end(), [](const PixelBox& a, const PixelBox& b) { return a.x < b.x; });
  // The first column: parts overlapping the leftmost part horizontally.
  PixelBox col = sorted[0];
  std::vector<PixelBox> members{sorted[0]};
  for (std::size_t i = 1; i < sorted.size(); ++i) {
    int overlap = std::min(col.x + col.w, sorted[i].x + sorted[i].w) - std::max(col.x, sorted[i].x);
    if (overlap * 2 < std::min(col.w, sorted[i].w)) continue;
    col = unite(col, sorted[i]);
    members.push_back(sorted[i]);
  }
  if (members.size() == 1 && (numeric || alone)) {
    const char* sign = joined_comparison_sign(ink, members[0]);
    if (sign == nullptr && numeric) sign = slanted_comparison_sign(ink, members[0]);
    if (sign == nullptr && alone && members.size() == sorted.size()) sign = lone_chevron(ink, members[0]);
    if (sign != nullptr) *column = col;
    return sign;
  }
  if (members.size() < 2 || members.size() > 3) return nullptr;
  std::sort(members.begin(), members.end(), [](const PixelBox& a, const PixelBox& b) { return a.y < b.y; });
  const PixelBox& chevron = members[0];
  PixelBox bar = members[1];
  if (members.size() == 3) {  // ≧: two bars, flat and side by side in height
    const PixelBox& lower = members[2];
    if (lower.w * 2 < lower.h * 3 || lower.y < bar.y + bar.h / 2) return nullptr;
    bar = unite(bar, lower);
  }
  // The bar may be slanted (⩾) and, blurred, well over half as tall as the chevron; the chevron spans it (the arch
  // of a "2" broken off its base sits to the right of the base, its hook lost).
  if (bar.w * 2 < bar.h * 3 || bar.y < chevron.y + chevron.h / 2 || chevron.h * 3 < bar.h * 5 ||
      chevron.w * 3 < bar.w * 2 || (chevron.x - bar.x) * 5 > bar.w ||
      (bar.x + bar.w - chevron.x - chevron.w) * 5 > bar.w)
    return nullptr;
  // The chevron's tip: at its middle row the ink lies at the right edge for ">", at the left edge for "<".
  int row = chevron.y + chevron.h / 2, first = -1, last = -1;
  for (int x = chevron.x; x < chevron.x + chevron.w; ++x) {
    l_uint32 v = 0;
    pixGetPixel(ink, x, row, &v);
    if (v == 0) continue;
    if (first < 0) first = x;
    last = x;
  }
  if (first < 0) return nullptr;
  // Its top starts in the corner opposite the tip (the top of a "2" in two pieces is an arch over the middle).
  int top_first = -1, top_last = -1;
  for (int y = chevron.y; y < chevron.y + chevron.h / 4 && top_first < 0; ++y)
    row_ink(ink, chevron, y, &top_first, &top_last);
  if (top_first < 0) return nullptr;
  bool greater = first - chevron.x > chevron.w / 2, less = last - chevron.x < chevron.w / 2;
  if (greater && top_last * 2 >= chevron.w) return nullptr;
  if (less && top_first * 2 <= chevron.w) return nullptr;
  *column = col;
  if (greater) return "≥";
  if (less) return "≤";
  return nullptr;
}

bool percent_rings(PIX* ink, const std::vector<PixelBox>& parts, int line_height, PixelBox* column) {
  for (const PixelBox& a : parts) {
    for (const PixelBox& b : parts) {
      if (&a == &b) continue;
      auto small_ring = [&](const PixelBox& r) {
        int size = std::max(r.w, r.h);
        return size * 4 >= line_height && size * 50 <= line_height * 29 && r.w * 4 >= r.h * 3 && r.h * 4 >= r.w * 3 &&
               ring(ink, r);
      };
      if (b.y * 10 < a.y * 10 + a.h * 7 || b.x * 3 < a.x * 3 + a.w || b.x > a.x + a.w) continue;
      // Two rings of one size (总 has 口 above the cup of 心).
      if (std::abs(a.w - b.w) * 10 > std::max(a.w, b.w) * 3 || std::abs(a.h - b.h) * 10 > std::max(a.h, b.h) * 3)
        continue;
      if (!small_ring(a) || !small_ring(b)) continue;
      PixelBox col = unite(a, b);
      bool crowded = std::any_of(parts.begin(), parts.end(), [&](const PixelBox& q) {
        if (&q == &a || &q == &b) return false;
        int overlap = std::min(q.x + q.w, col.x + col.w) - std::max(q.x, col.x);
        bool inside = q.x >= col.x && q.x + q.w <= col.x + col.w && q.y >= col.y && q.y + q.h <= col.y + col.h;
        return overlap > 0 && !inside;
      });
      if (crowded) continue;
      *column = col;
      return true;
    }
  }
  return false;
}

int check_box_kind(PIX* ink, const PixelBox& part, const std::vector<PixelBox>& band_parts, int band_height,
                   bool beside_box) {
  if (part.w < 8 || part.h < 8) return 0;
  if (std::abs(part.w - part.h) * 5 > std::max(part.w, part.h)) return 0;
  if (part.h * 100 < band_height * 55) return 0;
  auto inked = [&](int x, int y) {
    l_uint32 v = 0;
    pixGetPixel(ink, x, y, &v);
    return v != 0;
  };
  auto side = [&](bool horizontal, int fixed, int dir) {  // inked along ≥ 90% of its length, within 3 pixels
    int len = horizontal ? part.w : part.h, hit = 0;
    for (int i = 0; i < len; ++i) {
      bool any = false;
      for (int d = 0; d < 3 && !any; ++d) {
        int f = fixed + dir * d;
        any = horizontal ? inked(part.x + i, f) : inked(f, part.y + i);
      }
      hit += any ? 1 : 0;
    }
    return hit * 10 >= len * 9;
  };
  if (!side(true, part.y, 1) || !side(true, part.y + part.h - 1, -1) || !side(false, part.x, 1) ||
      !side(false, part.x + part.w - 1, -1)) {
    return 0;
  }
  // Ink inside the outline that belongs to the outline's own component is counted through the inner parts: every
  // inked pixel of the interior must be covered by a separate part.
  std::vector<const PixelBox*> inner;
  for (const PixelBox& q : band_parts) {
    if (&q == &part) continue;
    if (q.x > part.x && q.y > part.y && q.x + q.w < part.x + part.w && q.y + q.h < part.y + part.h) inner.push_back(&q);
  }
  int m = std::max(3, part.w / 6), loose = 0, total = 0;
  for (int y = part.y + m; y < part.y + part.h - m; ++y) {
    for (int x = part.x + m; x < part.x + part.w - m; ++x) {
      ++total;
      if (!inked(x, y)) continue;
      bool covered = std::any_of(inner.begin(), inner.end(), [&](const PixelBox* q) {
        return x >= q->x && x < q->x + q->w && y >= q->y && y < q->y + q->h;
      });
      loose += covered ? 0 : 1;
    }
  }
  if (beside_box) return (loose * 50 > total || !inner.empty()) ? 2 : 1;
  if (total == 0 || loose * 50 > total) return 0;  // strokes joined to the outline: a character
  if (inner.empty()) return part.h * 100 >= band_height * 85 ? 1 : 0;
  if (inner.size() != 1) return 0;
  const PixelBox& mark = *inner.front();
  bool mark_is_box = std::abs(mark.w - mark.h) * 5 <= std::max(mark.w, mark.h) && mark.w * 2 >= part.w &&
                     inked(mark.x + mark.w / 2, mark.y) && inked(mark.x, mark.y + mark.h / 2) &&
                     !inked(mark.x + mark.w / 2, mark.y + mark.h / 2);
  return mark_is_box ? 0 : 2;  // 回 has a box inside; a tick is a stroke
}
}  // namespace jx::extract::ocr
