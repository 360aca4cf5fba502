// One region of a page → glyphs, through Tesseract's LSTM engine.
#include "extract/ocr/ocr_cells.h"

#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <memory>
#include <optional>

#include "extract/grid/cell_text.h"

namespace jx::extract {

namespace {

struct Reading {
  std::vector<Glyph> glyphs;
  double mean_confidence = -1;
  std::string text;
};

// The ink of a region bigger than speckle: its components, grouped into text bands (rows of ink that overlap
// vertically), in page pixels.
struct Band {
  PixelBox box;
  std::vector<PixelBox> parts;
};

struct InkLayout {
  PixelBox box;             // all kept ink
  std::vector<Band> bands;  // top to bottom
  bool empty() const { return bands.empty(); }
};

// Around a band's ink, how far (inches) the grey image is kept for Tesseract: the anti-aliased edge of a stroke.
constexpr double kKeepAround = 0.012;
// A band smaller than this (inches) both ways is a speck, not text.
constexpr double kMinBand = 0.04;
// How near (inches) to the narrative's text a small mark must lie to be read with it.
constexpr double kNearText = 0.1;

PixelBox unite(const PixelBox& a, const PixelBox& b) {
  if (a.w <= 0 || a.h <= 0) return b;
  int x0 = std::min(a.x, b.x), y0 = std::min(a.y, b.y);
  int x1 = std::max(a.x + a.w, b.x + b.w), y1 = std::max(a.y + a.h, b.y + b.h);
  return PixelBox{x0, y0, x1 - x0, y1 - y0};
}

// `line_height` (pixels, 0 when unknown) is the page's usual text line height: pieces of one character that a faint
// scan broke apart (the circles of %, the roof of 个) are merged back into one band against it.
InkLayout ink_layout(PIX* ink, const PixelBox& region, double dpi, int line_height) {
  InkLayout out;
  BoxPtr clip(boxCreate(region.x, region.y, region.w, region.h));
  if (!clip) return out;
  PixPtr crop(pixClipRectangle(ink, clip.get(), nullptr));
  if (!crop) return out;
  BoxaPtr boxa(pixConnCompBB(crop.get(), 8));
  if (!boxa) return out;
  int min_size = std::max(3, static_cast<int>(std::lround(dpi * 0.022)));
  int n = boxaGetCount(boxa.get());
  std::vector<PixelBox> parts;
  for (int i = 0; i < n; ++i) {
    PixelBox b;
    if (boxaGetBoxGeometry(boxa.get(), i, &b.x, &b.y, &b.w, &b.h) != 0) continue;
    if (std::max(b.w, b.h) < min_size) continue;
    b.x += region.x;
    b.y += region.y;
    parts.push_back(b);
  }
  if (parts.empty()) return out;
  // Bands are formed by the character-sized parts; the small ones (the top stroke of 元, the dot of 辶, a comma) then
  // join the band they overlap or lie next to, so they never make a band of their own.
  std::vector<int> heights;
  for (const PixelBox& p : parts) heights.push_back(p.h);
  std::sort(heights.begin(), heights.end());
  int reference = heights[(heights.size() * 9) / 10];
  std::vector<PixelBox> big, small;
  for (const PixelBox& p : parts) (p.h * 20 >= reference * 9 ? big : small).push_back(p);
  std::sort(big.begin(), big.end(), [](const PixelBox& a, const PixelBox& b) { return a.y < b.y; });
  for (const PixelBox& p : big) {
    out.box = unite(out.box, p);
    if (!out.bands.empty()) {
      Band& last = out.bands.back();
      int overlap = std::min(last.box.y + last.box.h, p.y + p.h) - std::max(last.box.y, p.y);
      if (overlap * 2 > std::min(p.h, last.box.h)) {
        last.box = unite(last.box, p);
        last.parts.push_back(p);
        continue;
      }
    }
    out.bands.push_back(Band{p, {p}});
  }
  for (const PixelBox& p : small) {
    out.box = unite(out.box, p);
    Band* best = nullptr;
    int best_distance = 1 << 30;
    for (Band& band : out.bands) {
      int distance = std::max({0, band.box.y - (p.y + p.h), p.y - (band.box.y + band.box.h)});
      if (distance < best_distance) {
        best_distance = distance;
        best = &band;
      }
    }
    if (best != nullptr && best_distance * 3 <= best->box.h) {
      best->box = unite(best->box, p);
      best->parts.push_back(p);
    } else {
      out.bands.push_back(Band{p, {p}});
    }
  }
  std::sort(out.bands.begin(), out.bands.end(), [](const Band& a, const Band& b) { return a.box.y < b.box.y; });
  // One character in pieces stacked one above the other (个: the roof, then the stem below it) is one band, not two:
  // bands that touch or overlap and together are no taller than a character merge.
  for (std::size_t i = 1; i < out.bands.size();) {
    Band& a = out.bands[i - 1];
    const Band& b = out.bands[i];
    int gap = b.box.y - (a.box.y + a.box.h);
    PixelBox merged = unite(a.box, b.box);
    int ref = std::max(reference, line_height);
    if (gap * 4 <= ref && merged.h * 20 <= ref * 27) {
      a.box = merged;
      a.parts.insert(a.parts.end(), b.parts.begin(), b.parts.end());
      out.bands.erase(out.bands.begin() + static_cast<std::ptrdiff_t>(i));
      continue;
    }
    ++i;
  }
  // A lone speck off a line's ends and clear of its baseline (a grain of the scan, the corner of a ruling) is no
  // text: no character is a single dot there (a closing quote is two marks, a full stop sits on the baseline).
  for (Band& band : out.bands) {
    if (band.parts.size() < 2) continue;
    auto lone_speck = [&](std::size_t i) {
      const PixelBox& p = band.parts[i];
      if (std::max(p.w, p.h) * 4 >= reference || (p.y + p.h - band.box.y) * 4 > band.box.h * 3) return false;
      int x0 = 1 << 30, x1 = -(1 << 30);
      for (std::size_t j = 0; j < band.parts.size(); ++j) {
        if (j == i) continue;
        x0 = std::min(x0, band.parts[j].x);
        x1 = std::max(x1, band.parts[j].x + band.parts[j].w);
      }
      int gap = reference / 2;
      return p.x >= x1 + gap || p.x + p.w + gap <= x0;
    };
    bool dropped = false;
    for (std::size_t i = 0; i < band.parts.size();) {
      if (band.parts.size() >= 2 && lone_speck(i)) {
        band.parts.erase(band.parts.begin() + static_cast<std::ptrdiff_t>(i));
        dropped = true;
        continue;
      }
      ++i;
    }
    if (!dropped) continue;
    band.box = PixelBox{};
    for (const PixelBox& p : band.parts) band.box = unite(band.box, p);
  }
  return out;
}

// Whether `part` of the 1 bpp `ink` is the outline of a drawn check box in a text band of height `band_height`, and
// which: 0 no, 1 an empty box (□), 2 a ticked one (☑: a separate mark inside the outline). A character that is a
// box with strokes inside (国, 田) has its inner strokes joined to the outline and is no check box; one with a
// separate inner box (回) is not either; an empty box must be nearly as tall as the band, so 口 is not taken.
// With `beside_box` (another check box was found on the line) a square outline with any ink inside is a ticked box,
// even when a blurred scan joined the tick to the outline.
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

// A band that is one flat bar, maybe in pieces (a dash standing for "nothing"), as the text a text layer would hold for
// it.
const char* dash_text(const Band& band, double dpi) {
  // A faint scan may break the bar into pieces: the band as a whole must be flat.
  const PixelBox& p = band.box;
  if (p.h * 4 > p.w || p.h > dpi * 0.03) return nullptr;
  return p.w >= dpi * 0.08 ? "—" : "-";
}

// The LSTM engine's symbol boxes are unreliable (in "2022" the third "2" may span the first three digits, in "150"
// the "0" the whole word), while its word boxes are sound: a word whose symbol boxes are out of reading order, or
// overlap, gets its word box split among its symbols instead, two shares for a CJK character, one for anything else.
// `word_of` gives each glyph's group (a word, or a whole line when called with lines) and `word_x` each group's x
// extent in page pixels (-1 when unknown); boxes are in points (pixel · k).
void spread_over_words(std::vector<Glyph>& glyphs, const std::vector<int>& word_of,
                       const std::vector<std::pair<int, int>>& word_x, double k) {
  std::size_t i = 0;
  while (i < glyphs.size()) {
    std::size_t j = i;
    while (j < glyphs.size() && word_of[j] == word_of[i]) ++j;
    auto [wx0, wx1] = word_x[static_cast<std::size_t>(word_of[i])];
    bool sane = true;
    for (std::size_t m = i; m + 1 < j && sane; ++m) {
      const Box& a = glyphs[m].box;
      const Box& b = glyphs[m + 1].box;
      double tolerance = 0.25 * std::min(a.width(), b.width());
      sane = b.x0 >= a.x1 - tolerance && b.x0 > a.x0;
    }
    if (!sane && wx0 >= 0 && wx1 > wx0) {
      double shares = 0;
      for (std::size_t m = i; m < j; ++m) {
        auto cps = detail::decode_utf8(glyphs[m].text);
        shares += (!cps.empty() && detail::is_cjk(cps.front())) ? 2 : 1;
      }
      double x = wx0 * k, unit = (wx1 - wx0) * k / shares;
      for (std::size_t m = i; m < j; ++m) {
        auto cps = detail::decode_utf8(glyphs[m].text);
        double w = ((!cps.empty() && detail::is_cjk(cps.front())) ? 2 : 1) * unit;
        glyphs[m].box.x0 = x;
        glyphs[m].box.x1 = x + w;
        x += w;
      }
    }
    i = j;
  }
}

// Recognises `image` (a crop whose top-left is the page pixel (ox, oy)) and returns its symbols in page points.
// When `line_y0 < line_y1` every glyph box spans that vertical range (page pixels): the crop is one text line.
Reading recognise(tesseract::TessBaseAPI& api, PIX* image, int ox, int oy, double dpi, tesseract::PageSegMode psm,
                  int line_y0, int line_y1) {
  Reading r;
  api.SetPageSegMode(psm);
  api.SetImage(image);
  api.SetSourceResolution(static_cast<int>(std::lround(dpi)));
  if (api.Recognize(nullptr) != 0) return r;
  std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
  if (!it) return r;
  double k = 72.0 / dpi;
  double sum = 0;
  std::vector<int> line_of;  // per glyph: the Tesseract text line it belongs to
  int line = -1;
  std::vector<int> word_of;                 // per glyph: the Tesseract word it belongs to
  std::vector<std::pair<int, int>> word_x;  // per word: its x extent in page pixels (-1, -1 when unknown)
  int word = -1;
  do {
    if (it->Empty(tesseract::RIL_SYMBOL)) continue;
    if (line < 0 || it->IsAtBeginningOf(tesseract::RIL_TEXTLINE)) ++line;
    if (word < 0 || it->IsAtBeginningOf(tesseract::RIL_WORD)) {
      ++word;
      int wl = 0, wt = 0, wr = 0, wb = 0;
      bool known = it->BoundingBox(tesseract::RIL_WORD, &wl, &wt, &wr, &wb) && wr > wl;
      word_x.emplace_back(known ? ox + wl : -1, known ? ox + wr : -1);
    }

    std::unique_ptr<char[]> text(it->GetUTF8Text(tesseract::RIL_SYMBOL));
    if (!text || detail::is_blank(text.get())) continue;
    int l = 0, t = 0, rr = 0, b = 0;
    if (!it->BoundingBox(tesseract::RIL_SYMBOL, &l, &t, &rr, &b)) continue;
    int y0 = oy + t, y1 = oy + b;
    if (line_y0 < line_y1) {
      y0 = line_y0;
      y1 = line_y1;
    } else {
      int ll = 0, lt = 0, lr = 0, lb = 0;
      if (it->BoundingBox(tesseract::RIL_TEXTLINE, &ll, &lt, &lr, &lb)) {
        y0 = std::min(y0, oy + lt);
        y1 = std::max(y1, oy + lb);
      }
    }
    Glyph g;
    g.text = text.get();
    g.box = Box{(ox + l) * k, y0 * k, (ox + rr) * k, y1 * k};
    g.font_size = g.box.height();
    g.confidence = std::clamp(it->Confidence(tesseract::RIL_SYMBOL), 0.0f, 100.0f);
    sum += g.confidence;
    r.text += g.text;
    r.glyphs.push_back(std::move(g));
    word_of.push_back(word);
    line_of.push_back(line);
  } while (it->Next(tesseract::RIL_SYMBOL));
  if (!r.glyphs.empty()) r.mean_confidence = sum / static_cast<double>(r.glyphs.size());
  spread_over_words(r.glyphs, word_of, word_x, k);
  // Then the same for a whole line whose words overlap (a word box reaching into the next word: "2022" over 年城).
  std::vector<std::pair<int, int>> line_x(static_cast<std::size_t>(line + 1), {-1, -1});
  for (std::size_t i = 0; i < r.glyphs.size(); ++i) {
    auto& [x0, x1] = line_x[static_cast<std::size_t>(line_of[i])];
    auto [wx0, wx1] = word_x[static_cast<std::size_t>(word_of[i])];
    if (wx0 < 0) continue;
    x0 = x0 < 0 ? wx0 : std::min(x0, wx0);
    x1 = std::max(x1, wx1);
  }
  spread_over_words(r.glyphs, line_of, line_x, k);
  // Symbols of one word touch: the gap rule of join_cell_text must not put spaces inside "３，６００" (full-width
  // digits leave wide gaps) or "2021", while a gap between Tesseract's words stays and may become a space.
  // Digits, separators and % of one line touch too: a number never holds a space ("3 ,600", "9 0 %").
  auto numeric = [](const std::string& t) {
    auto cps = detail::decode_utf8(t);
    return cps.size() == 1 &&
           ((cps[0] >= U'0' && cps[0] <= U'9') || (cps[0] >= U'\uFF10' && cps[0] <= U'\uFF19') || cps[0] == U'.' ||
            cps[0] == U',' || cps[0] == U'%' || cps[0] == U'\uFF0C' || cps[0] == U'\uFF0E' || cps[0] == U'\uFF05');
  };
  for (std::size_t i = 0; i + 1 < r.glyphs.size(); ++i) {
    Glyph& a = r.glyphs[i];
    const Glyph& b = r.glyphs[i + 1];
    bool same = word_of[i] == word_of[i + 1] || (line_of[i] == line_of[i + 1] && numeric(a.text) && numeric(b.text));
    if (same && b.box.x0 > a.box.x1 && std::abs(b.box.cy() - a.box.cy()) < a.box.height() / 2) a.box.x1 = b.box.x0;
  }
  return r;
}

// `band` of `page` as Tesseract should see it: grown by `grow` pixels inside `limit`, every pixel away from the
// band's own ink (grain, specks, what is left of a ruling, a neighbour's stroke) made paper-white, the paper level
// raised to white and the ink stretched to black, with a white margin added. `ox`, `oy` get the page pixel of the
// result's top-left. Null when empty.
PixPtr clean_crop(PIX* page, PIX* ink, const Band& band, const PixelBox& limit, int grow, int margin, double dpi,
                  int* ox, int* oy) {
  const PixelBox& box = band.box;
  int x0 = std::max(limit.x, box.x - grow), y0 = std::max(limit.y, box.y - grow);
  int x1 = std::min({limit.x + limit.w, box.x + box.w + grow, static_cast<int>(pixGetWidth(page))});
  int y1 = std::min({limit.y + limit.h, box.y + box.h + grow, static_cast<int>(pixGetHeight(page))});
  if (x1 <= x0 || y1 <= y0) return nullptr;
  int w = x1 - x0, h = y1 - y0;
  BoxPtr clip(boxCreate(x0, y0, w, h));
  if (!clip) return nullptr;
  PixPtr crop(pixClipRectangle(page, clip.get(), nullptr));
  PixPtr mask(pixCreate(w, h, 1));
  if (!crop || !mask || pixGetDepth(crop.get()) != 8) return nullptr;
  pixRasterop(mask.get(), 0, 0, w, h, PIX_SRC, ink, x0, y0);
  int r = std::max(1, static_cast<int>(std::lround(dpi * kKeepAround)));
  PixPtr near(pixDilateBrick(nullptr, mask.get(), 2 * r + 1, 2 * r + 1));
  if (!near) return nullptr;
  // Paper: the mean grey away from the ink; ink: the grey the darkest tenth of the ink's surroundings reaches.
  PixPtr away(pixInvert(nullptr, near.get()));
  float paper = 255, dark = 0;
  l_int32 no_paper = 1;
  if (!away || pixZero(away.get(), &no_paper) != 0 || no_paper ||
      pixGetAverageMasked(crop.get(), away.get(), 0, 0, 1, L_MEAN_ABSVAL, &paper) != 0)
    paper = 255;
  if (pixGetRankValueMasked(crop.get(), mask.get(), 0, 0, 1, 0.1f, &dark, nullptr) != 0) dark = 0;
  bool stretch = paper - dark >= 24;
  l_uint32* data = pixGetData(crop.get());
  l_uint32* mdata = pixGetData(near.get());
  int wpl = pixGetWpl(crop.get()), mwpl = pixGetWpl(near.get());
  for (int y = 0; y < h; ++y) {
    l_uint32* line = data + static_cast<std::ptrdiff_t>(y) * wpl;
    l_uint32* mline = mdata + static_cast<std::ptrdiff_t>(y) * mwpl;
    for (int x = 0; x < w; ++x) {
      if (!GET_DATA_BIT(mline, x)) {
        SET_DATA_BYTE(line, x, 255);
      } else if (stretch) {
        double v = (GET_DATA_BYTE(line, x) - dark) * 255.0 / (paper - dark);
        SET_DATA_BYTE(line, x, static_cast<int>(std::clamp(v, 0.0, 255.0)));
      }
    }
  }
  *ox = x0 - margin;
  *oy = y0 - margin;
  return PixPtr(pixAddBorder(crop.get(), margin, 0xff));
}

Glyph make_glyph(const char* text, const PixelBox& x_range, int y0, int y1, double dpi) {
  double k = 72.0 / dpi;
  Glyph g;
  g.text = text;
  g.box = Box{x_range.x * k, y0 * k, (x_range.x + x_range.w) * k, y1 * k};
  g.font_size = g.box.height();
  g.confidence = 90;  // shape-based, not Tesseract's: sure, but not a text layer
  return g;
}

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
// ink on that side only. kAtLeast for a chevron starting top left and pointing right, kAtMost for its mirror,
// nullptr otherwise.
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
  if (top_left) return tip_first * 5 > p.w * 2 ? kAtLeast : nullptr;
  return tip_last * 5 < p.w * 3 ? kAtMost : nullptr;
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

// "≥" or "≤" drawn at the start of a band: a chevron above a flat bar (or two: ≧), separate parts in one column,
// or (when the band's reading holds a digit: `numeric`, or the band is all the cell holds: `alone`) one part where
// the scan joined them. Returns the sign and sets `column` to its extent, or nullptr. chi_sim reads these as 2, 二,
// =, 之, S or z.
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

// A "%" whose slash a faint scan lost: two small rings of one size, the second below and to the right of the first,
// each about half a line high, with nothing else in their column but what lies between them. Sets `column` to its
// extent.
// chi_sim reads the pair as 多 or 全, or nothing; eng drops it or reads a 9 (97% → 979%).
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

// A line chi_sim read as a jumble of Latin letters, digits and unsure CJK characters ("让2人QQO" for
// "１，１８８．００"): full-width digits it does not know. Worth a reading by the digits engine.
bool maybe_misread_number(const Reading& r) {
  bool latin = false;
  for (const Glyph& g : r.glyphs) {
    if (g.text.size() == 1 && std::isalnum(static_cast<unsigned char>(g.text[0]))) {
      latin = true;
    } else if (g.text.size() > 1 && g.confidence >= 93) {
      return false;  // a CJK character read with confidence: real text such as 不少于 or a unit
    }
  }
  return latin;
}

constexpr float kUnsureShort = 92;  // below this a lone character in a short band gets a reading as digits too
constexpr float kSureGlyph = 96;    // a glyph's confidence above which Tesseract is rarely wrong about it

// Whether a band's ink looks like digits: at least two character-sized parts, every one of them narrow (a digit
// is at most about 3/4 as wide as tall) and as tall as the band (CJK characters break into parts of all shapes).
// Dots, commas and the small parts of % are ignored.
bool digit_like(const Band& band) {
  int tall = 0;
  for (const PixelBox& p : band.parts) {
    if (p.h * 10 < band.box.h * 6) continue;  // . , and the like
    if (p.w * 4 > p.h * 3 || p.h * 10 < band.box.h * 8) return false;
    ++tall;
  }
  return tall >= 2;
}

bool ascii_digit(const Glyph& g) { return g.text.size() == 1 && g.text[0] >= '0' && g.text[0] <= '9'; }

// Units of the form's usual vocabulary, written after a number.
constexpr const char* kUnits[] = {"次",   "个", "元", "万元", "亿元", "亿", "万", "人", "人次", "天",   "小时",
                                  "分钟", "份", "项", "件",   "条",   "户", "家", "台", "起",   "亿条", "万条"};

bool known_unit(const std::string& text) {
  return std::any_of(std::begin(kUnits), std::end(kUnits), [&](const char* u) { return text == u; });
}

// Whether `r` (chi_sim's reading of a line) is a number followed by a unit of the form's usual vocabulary ("5次",
// "362元", "1.1亿条"), the number read with confidence and the unit decently. The digits engine cannot read the unit
// and its reading of such a line ("5)", ">", "3627") is never the better one.
bool number_with_unit(const Reading& r) {
  std::size_t n = 0;
  while (n < r.glyphs.size() && (ascii_digit(r.glyphs[n]) || r.glyphs[n].text == "." || r.glyphs[n].text == ",")) ++n;
  if (n == 0 || n == r.glyphs.size() || !ascii_digit(r.glyphs[n - 1])) return false;
  std::string unit;
  for (std::size_t i = n; i < r.glyphs.size(); ++i) {
    if (r.glyphs[i].confidence < 80) return false;
    unit += r.glyphs[i].text;
  }
  for (std::size_t i = 0; i < n; ++i)
    if (r.glyphs[i].confidence < 90) return false;
  return known_unit(unit);
}

// False when a number in `text` cannot be one: two separators in a row ("3,,840") or two decimal points in one
// number ("9.6.5").
bool numbers_well_formed(const std::string& text) {
  char prev = 0;
  bool point = false;
  for (char c : text) {
    bool sep = c == '.' || c == ',';
    if (sep && (prev == '.' || prev == ',')) return false;
    if (c == '.') {
      if (point) return false;
      point = true;
    } else if (!sep && !(c >= '0' && c <= '9')) {
      point = false;
    }
    prev = c;
  }
  return true;
}

// True when `a` is a better reading of a cell line than `b`: a well-formed one beats a malformed one; of two that
// differ only in separators, the one with more; when one reading is the other with characters added, each
// read with confidence (chi_sim drops the "." of 851.40 and eng the "9" of 96.8%: a dropped character is the usual
// failure, an added one rare) the longer one; of two of different length, the longer one when every glyph of it is
// sure; otherwise the one with the higher mean confidence.
bool better_reading(const Reading& a, const Reading& b) {
  if (a.glyphs.empty()) return false;
  if (b.glyphs.empty()) return true;
  bool a_ok = numbers_well_formed(a.text), b_ok = numbers_well_formed(b.text);
  if (a_ok != b_ok) return a_ok;
  // Whether `big` is `small` with glyphs added, each read with confidence (a "4" of 90 before "15" is noise).
  auto adds_sure_glyphs = [](const Reading& small, const Reading& big) {
    if (big.glyphs.size() <= small.glyphs.size()) return false;
    std::size_t i = 0;
    for (const Glyph& g : big.glyphs) {
      if (i < small.glyphs.size() && small.glyphs[i].text == g.text) {
        ++i;
      } else if (g.confidence < kSureGlyph) {
        return false;
      }
    }
    return i == small.glyphs.size();
  };
  // The same characters but for a separator one engine lost ("35000" and "350.00", "75" and "7.5"): a dot or
  // comma is easily lost in a blurred scan and seldom seen where there is none.
  auto without_separators = [](const std::string& t) {
    std::string out;
    for (char c : t)
      if (c != '.' && c != ',' && c != ' ') out += c;
    return out;
  };
  auto separators = [](const std::string& t) {
    return std::count_if(t.begin(), t.end(), [](char c) { return c == '.' || c == ','; });
  };
  if (without_separators(a.text) == without_separators(b.text) && separators(a.text) != separators(b.text))
    return separators(a.text) > separators(b.text);
  if (adds_sure_glyphs(b, a)) return true;
  if (adds_sure_glyphs(a, b)) return false;
  // Of two readings of different length, one read with confidence throughout is the longer one's ("96.8%" against
  // "8%", "100%" against "00%"): an engine drops what it cannot read far more often than it invents.
  auto all_sure = [](const Reading& r) {
    return std::all_of(r.glyphs.begin(), r.glyphs.end(), [](const Glyph& g) { return g.confidence >= kSureGlyph; });
  };
  if (a.glyphs.size() != b.glyphs.size()) {
    const Reading& longer = a.glyphs.size() > b.glyphs.size() ? a : b;
    if (all_sure(longer)) return &longer == &a;
  }
  return a.mean_confidence > b.mean_confidence;
}

// Commas in numbers as Tesseract misreads them: two in a row after a digit ("3,，600": one comma seen twice) are
// one; a "," between digits followed by one or two digits and no more ("350,00", "9,5%") cannot separate
// thousands, it is a decimal point read as a comma and becomes "."; so does a ":" between digits that cannot be a
// time of day ("260:00").
void decimal_commas(std::vector<Glyph>& glyphs) {
  auto digit = [&](std::size_t i) {
    return i < glyphs.size() && glyphs[i].text.size() == 1 && glyphs[i].text[0] >= '0' && glyphs[i].text[0] <= '9';
  };
  auto comma = [&](std::size_t i) { return glyphs[i].text == "," || glyphs[i].text == "，"; };
  // A point and a comma side by side between digits ("2,.850") are one separator seen twice: a comma before a group
  // of three digits, else a point.
  for (std::size_t i = 2; i + 1 < glyphs.size(); ++i) {
    bool sep_a = glyphs[i - 1].text == "." || comma(i - 1), sep_b = glyphs[i].text == "." || comma(i);
    if (!sep_a || !sep_b || glyphs[i - 1].text == glyphs[i].text || !digit(i - 2) || !digit(i + 1)) continue;
    std::size_t n = 0;
    while (digit(i + 1 + n)) ++n;
    glyphs[i - 1].text = n == 3 ? "," : ".";
    glyphs[i - 1].box.x1 = std::max(glyphs[i - 1].box.x1, glyphs[i].box.x1);
    glyphs.erase(glyphs.begin() + static_cast<std::ptrdiff_t>(i));
  }
  for (std::size_t i = 2; i < glyphs.size(); ++i) {
    if (!comma(i) || !comma(i - 1) || !digit(i - 2)) continue;
    glyphs[i - 1].box.x1 = std::max(glyphs[i - 1].box.x1, glyphs[i].box.x1);
    glyphs.erase(glyphs.begin() + static_cast<std::ptrdiff_t>(i));
    --i;
  }
  for (std::size_t i = 1; i + 1 < glyphs.size(); ++i) {
    if (glyphs[i].text != "," || !digit(i - 1) || !digit(i + 1)) continue;
    std::size_t n = 0;
    while (digit(i + 1 + n)) ++n;
    if (n <= 2) glyphs[i].text = ".";
  }
  // A colon between digits with two after it that cannot be a time of day ("260:00": a speck above the decimal
  // point) is a decimal point.
  for (std::size_t i = 1; i + 2 < glyphs.size(); ++i) {
    if ((glyphs[i].text != ":" && glyphs[i].text != "：") || !digit(i - 1) || !digit(i + 1) || !digit(i + 2) ||
        digit(i + 3))
      continue;
    std::size_t n = 0;
    int hours = 0, scale = 1;
    while (n < i && n < 3 && digit(i - 1 - n)) {
      hours += (glyphs[i - 1 - n].text[0] - '0') * scale;
      scale *= 10;
      ++n;
    }
    int minutes = (glyphs[i + 1].text[0] - '0') * 10 + (glyphs[i + 2].text[0] - '0');
    if (n > 2 || hours > 24 || minutes >= 60) glyphs[i].text = ".";
  }
  // A number has one decimal point at most, after its last thousands comma: of several separators in a number
  // ("1.952.61", "2,517.500.00") every one but the last separates thousands.
  for (std::size_t i = 0; i < glyphs.size();) {
    if (!digit(i)) {
      ++i;
      continue;
    }
    std::vector<std::size_t> seps;
    std::size_t j = i;
    while (j < glyphs.size() && (digit(j) || ((glyphs[j].text == "." || glyphs[j].text == ",") && digit(j + 1)))) {
      if (!digit(j)) seps.push_back(j);
      ++j;
    }
    for (std::size_t m = 0; m + 1 < seps.size(); ++m) glyphs[seps[m]].text.assign(1, ',');
    i = j;
  }
}

bool separator_text(const std::string& t) {
  return t == "." || t == "," || t == "，" || t == "。" || t == "．" || t == ":" || t == ";" || t == "：" || t == "、";
}

// The ink of `b` in the 8 bpp `grey`, thresholded half way between the paper and the darkest strokes (1 bpp, the
// frame of `b`); null when the region has no contrast. The page's ink mask, thresholded for faint strokes, runs a
// point into the digits beside it and a digit into the character after it.
PixPtr sharp_ink(PIX* grey, const PixelBox& b) {
  BoxPtr clip(boxCreate(b.x, b.y, b.w, b.h));
  if (!clip) return nullptr;
  PixPtr crop(pixClipRectangle(grey, clip.get(), nullptr));
  if (!crop || pixGetDepth(crop.get()) != 8) return nullptr;
  float dark = 0, paper = 255;
  if (pixGetRankValueMasked(crop.get(), nullptr, 0, 0, 1, 0.03f, &dark, nullptr) != 0 ||
      pixGetRankValueMasked(crop.get(), nullptr, 0, 0, 1, 0.7f, &paper, nullptr) != 0 || paper - dark < 24)
    return nullptr;
  return PixPtr(pixThresholdToBinary(crop.get(), static_cast<int>(std::lround((dark + paper) / 2))));
}

// Thousands commas a tight sans-serif face sets against the digit before them ("36,500": the comma and the 6 one
// blot), found by their tail: between two digits of `r` that the reading put side by side, a narrow run of columns
// of `bin` (the band `b` thresholded, same frame) whose ink reaches well below the digits' baseline. Digits have no
// descenders; nothing else between two of them does.
void touching_commas(Reading& r, PIX* bin, const PixelBox& b, double dpi) {
  double k = 72.0 / dpi;
  int w = pixGetWidth(bin), h = pixGetHeight(bin);
  auto column = [&](int x, int* top, int* bottom) {  // inked rows of column x (band-relative), false when blank
    *top = *bottom = -1;
    if (x < 0 || x >= w) return false;
    for (int y = 0; y < h; ++y) {
      l_uint32 v = 0;
      pixGetPixel(bin, x, y, &v);
      if (v == 0) continue;
      if (*top < 0) *top = y;
      *bottom = y;
    }
    return *top >= 0;
  };
  for (std::size_t i = 0; i + 1 < r.glyphs.size(); ++i) {
    const Glyph& a = r.glyphs[i];
    const Glyph& c = r.glyphs[i + 1];
    if (!ascii_digit(a) || !ascii_digit(c)) continue;
    // Where a thousands comma can stand: one to three digits before it, exactly three after it.
    std::size_t before = 0, after = 0;
    while (before <= i && ascii_digit(r.glyphs[i - before])) ++before;
    while (i + 1 + after < r.glyphs.size() && ascii_digit(r.glyphs[i + 1 + after])) ++after;
    if (before > 3 || after != 3) continue;
    int x0 = static_cast<int>(std::floor(a.box.x0 / k)) - b.x, x1 = static_cast<int>(std::ceil(c.box.x1 / k)) - b.x;
    int mid0 = static_cast<int>(std::lround(a.box.cx() / k)) - b.x;
    int mid1 = static_cast<int>(std::lround(c.box.cx() / k)) - b.x;
    x0 = std::max(x0, 0);
    x1 = std::min(x1, w);
    if (x1 - x0 < 4 || mid1 <= mid0) continue;
    // The digits' baseline and top: the lowest inked row of most columns (a 7 or a 4 ends higher in some) and the
    // highest inked row over both glyphs.
    std::vector<int> lows;
    int top_all = h;
    for (int x = x0; x < x1; ++x) {
      int t = 0, bt = 0;
      if (!column(x, &t, &bt)) continue;
      lows.push_back(bt);
      top_all = std::min(top_all, t);
    }
    if (lows.size() < 4) continue;
    std::nth_element(lows.begin(), lows.begin() + lows.size() * 4 / 5, lows.end());
    int base = lows[lows.size() * 4 / 5], digit_h = base - top_all + 1;
    if (digit_h < 8) continue;
    int drop = std::max(2, digit_h / 12);
    // The run of columns between the two glyphs' centres reaching below the baseline.
    int run0 = -1, run1 = -1, runs = 0;
    for (int x = mid0; x <= mid1; ++x) {
      int t = 0, bt = 0;
      bool low = column(x, &t, &bt) && bt >= base + drop;
      if (low && (run1 < 0 || x != run1 + 1)) {
        ++runs;
        run0 = x;
      }
      if (low) run1 = x;
    }
    if (runs != 1 || (run1 - run0 + 1) * 3 > digit_h) continue;
    Glyph g;
    g.text = ",";
    g.box = Box{(b.x + run0) * k, a.box.y0, (b.x + run1 + 1) * k, a.box.y1};
    g.font_size = a.font_size;
    g.confidence = 80;  // shape-based
    r.glyphs.insert(r.glyphs.begin() + static_cast<std::ptrdiff_t>(i + 1), std::move(g));
    ++i;
  }
}

// Decimal points and thousands commas as the ink shows them, in a line `r` read from `band`: chi_sim and eng both
// drop a blurred point between digits ("350.00" read "35000") and confuse a point with a comma. A separator is a
// small blot in a gap between two digit-high parts, sitting on their baseline (a point) or reaching below it (a
// comma). One found between two digits the reading put next to each other is added; a separator the reading has
// there takes the shape's kind.
void separators_from_ink(Reading& r, PIX* grey, const Band& band, double dpi) {
  if (std::none_of(r.glyphs.begin(), r.glyphs.end(), ascii_digit)) return;
  const PixelBox& b = band.box;
  PixPtr bin = sharp_ink(grey, b);
  if (!bin) return;
  BoxaPtr boxa(pixConnCompBB(bin.get(), 8));
  if (!boxa) return;
  std::vector<PixelBox> comps;
  for (int i = 0; i < boxaGetCount(boxa.get()); ++i) {
    PixelBox c;
    if (boxaGetBoxGeometry(boxa.get(), i, &c.x, &c.y, &c.w, &c.h) != 0) continue;
    c.x += b.x;
    c.y += b.y;
    comps.push_back(c);
  }
  std::vector<PixelBox> tall;
  for (const PixelBox& c : comps)
    if (c.h * 2 >= b.h) tall.push_back(c);
  if (tall.size() < 2) return;
  std::vector<int> hs, bottoms;
  for (const PixelBox& c : tall) {
    hs.push_back(c.h);
    bottoms.push_back(c.y + c.h);
  }
  std::nth_element(hs.begin(), hs.begin() + hs.size() / 2, hs.end());
  std::nth_element(bottoms.begin(), bottoms.begin() + bottoms.size() / 2, bottoms.end());
  int height = hs[hs.size() / 2], base = bottoms[bottoms.size() / 2];
  double k = 72.0 / dpi;
  for (const PixelBox& c : comps) {
    int bottom = c.y + c.h;
    // Small, near square, on the baseline (a comma reaches a little below it).
    if (std::max(c.w, c.h) * 10 > height * 3 || std::max(c.w, c.h) * 10 < height) continue;
    if (c.w * 10 > c.h * 16 || c.h * 10 > c.w * 22) continue;
    if (std::abs(bottom - base) * 5 > height || c.y * 20 < base * 20 - height * 9) continue;
    // Alone in its column (the tail of a blurred 5 has the 5's top stroke above it), with a digit-high column of ink
    // close on either side (a digit the threshold broke in two, the top stroke and the bowl of a 5, counts whole).
    // The nearest such columns give the digits' height and baseline: CJK text on the line is taller.
    const PixelBox* left = nullptr;
    const PixelBox* right = nullptr;
    bool covered = false;
    std::vector<PixelBox> columns(comps.size());
    for (std::size_t ti = 0; ti < comps.size(); ++ti) {
      const PixelBox& t = comps[ti];
      if (&t == &c) continue;
      int overlap = std::min(t.x + t.w, c.x + c.w) - std::max(t.x, c.x);
      if (overlap * 3 > c.w) covered = true;
      PixelBox col = t;
      for (const PixelBox& u : comps) {
        if (&u == &c || std::min(t.x + t.w, u.x + u.w) - std::max(t.x, u.x) <= std::min(t.w, u.w) / 2) continue;
        col = unite(col, u);
      }
      columns[ti] = col;
      if (col.h * 2 < b.h) continue;
      if (t.x + t.w <= c.x + c.w / 2 && c.x - (t.x + t.w) <= height / 2 &&
          (left == nullptr || t.x + t.w > left->x + left->w))
        left = &columns[ti];
      if (t.x >= c.x + c.w / 2 && t.x - (c.x + c.w) <= height / 2 && (right == nullptr || t.x < right->x))
        right = &columns[ti];
    }
    if (covered || left == nullptr || right == nullptr) continue;
    int digit_h = std::min(left->h, right->h), digit_base = std::max(left->y + left->h, right->y + right->h);
    // A point is about a seventh of the digits' height, a comma over a fifth (taller than wide, or reaching below).
    bool comma = c.h * 9 >= digit_h * 2 || c.h * 10 >= c.w * 13 || (bottom - digit_base) * 12 >= digit_h;
    const char* kind = comma ? "," : ".";
    double cx = (c.x + c.w / 2.0) * k;
    // The glyphs either side of it.
    std::size_t i = 0;
    while (i < r.glyphs.size() && r.glyphs[i].box.cx() < cx) ++i;
    if (i == 0 || i >= r.glyphs.size()) continue;
    Glyph& before = r.glyphs[i - 1];
    Glyph& after = r.glyphs[i];
    if (ascii_digit(before) && ascii_digit(after)) {
      Glyph g;
      g.text = kind;
      g.box = Box{c.x * k, before.box.y0, (c.x + c.w) * k, before.box.y1};
      g.font_size = before.font_size;
      g.confidence = 80;  // shape-based
      before.box.x1 = std::min(before.box.x1, g.box.x0);
      r.glyphs[i].box.x0 = std::max(r.glyphs[i].box.x0, g.box.x1);
      r.glyphs.insert(r.glyphs.begin() + static_cast<std::ptrdiff_t>(i), std::move(g));
    } else if (separator_text(before.text) && i >= 2 && ascii_digit(r.glyphs[i - 2]) && ascii_digit(after)) {
      before.text = kind;
    } else if (separator_text(after.text) && i + 1 < r.glyphs.size() && ascii_digit(before) &&
               ascii_digit(r.glyphs[i + 1])) {
      after.text = kind;
    }
  }
  touching_commas(r, bin.get(), b, dpi);
  r.text.clear();
  for (const Glyph& g : r.glyphs) r.text += g.text;
}

// Whether `r`, a reading of `band` made only of CJK ideographs, holds more of them than the band is wide: n
// characters, each about as wide as the line is high, span at least n - 1/2 of 9/10 of its height.
bool too_many_characters(const Reading& r, const Band& band) {
  std::size_t n = 0;
  for (const Glyph& g : r.glyphs) {
    auto cps = detail::decode_utf8(g.text);
    if (cps.size() != 1 || !((cps[0] >= 0x4E00 && cps[0] <= 0x9FFF) || (cps[0] >= 0x3400 && cps[0] <= 0x4DBF)))
      return false;
    ++n;
  }
  return n >= 2 && band.box.w * 20 < static_cast<int>(2 * n - 1) * 9 * band.box.h;
}

// Whether chi_sim's reading `r` of a short line may be a number run into its unit by a tight face ("7次" read 欢,
// "5次" read "5)", "1.1亿条" read "1L1f{Z条", "600元" read "6007"): not a sure number and unit, and either a digit
// with an unsure glyph, a Latin letter or a bracket, or at most two glyphs, one of them unsure.
bool maybe_number_and_unit(const Reading& r, const Band& band) {
  if (r.glyphs.empty() || band.box.w > 8 * band.box.h || number_with_unit(r)) return false;
  bool odd = false, unsure = false;
  for (const Glyph& g : r.glyphs) {
    if (g.confidence < 90) unsure = true;
    unsigned char c = static_cast<unsigned char>(g.text[0]);
    if (g.text.size() == 1 && (std::isalpha(c) || std::strchr("()[]{}|", c) != nullptr)) odd = true;
  }
  bool short_unsure = r.glyphs.size() <= 2 && std::any_of(r.glyphs.begin(), r.glyphs.end(),
                                                          [](const Glyph& g) { return g.confidence < kSureGlyph; });
  return (std::any_of(r.glyphs.begin(), r.glyphs.end(), ascii_digit) && (unsure || odd)) || short_unsure;
}

// The line `band` read as a number and a unit side by side: the unit's one or two CJK characters (each about as
// wide as the line is high) cut off the right end at the emptiest column near where they should begin and read by
// chi_sim, the rest read as a number (chi_sim, and the digits engine when that looks numeric). Empty when no cut
// gives a unit of kUnits read with confidence after a reading that ends in a digit.
std::optional<Reading> read_number_and_unit(const OcrApis& apis, PIX* page, PIX* ink, const Band& band, int grow,
                                            int margin, double dpi) {
  const PixelBox& b = band.box;
  PixPtr sharp = sharp_ink(page, b);
  PIX* columns = sharp ? sharp.get() : ink;
  int dx = sharp ? b.x : 0, dy = sharp ? b.y : 0;
  auto ink_in_column = [&](int x) {
    int n = 0;
    for (int y = b.y; y < b.y + b.h; ++y) {
      l_uint32 v = 0;
      pixGetPixel(columns, x - dx, y - dy, &v);
      n += v != 0 ? 1 : 0;
    }
    return n;
  };
  auto read = [&](tesseract::TessBaseAPI& api, const PixelBox& box) {
    Band part{box, {}};
    int ox = 0, oy = 0;
    PixPtr crop = clean_crop(page, ink, part, box, grow, margin, dpi, &ox, &oy);
    Reading r;
    if (crop) r = recognise(api, crop.get(), ox, oy, dpi, tesseract::PSM_SINGLE_LINE, b.y, b.y + b.h);
    api.Clear();
    return r;
  };
  for (int chars = 1; chars <= 2; ++chars) {
    int predicted = b.x + b.w - (chars * 9 * b.h + (chars - 1) * b.h) / 10;
    int cut = -1, least = 1 << 30;
    for (int x = predicted - b.h / 5; x <= predicted + b.h * 3 / 10; ++x) {
      if (x <= b.x + b.h / 4 || x >= b.x + b.w - b.h / 2) continue;
      int n = ink_in_column(x) * 4 + std::abs(x - predicted) / 4;  // the emptiest, then the nearest
      if (n < least) {
        least = n;
        cut = x;
      }
    }
    if (cut < 0) continue;
    Reading unit = read(*apis.text, PixelBox{cut, b.y, b.x + b.w - cut, b.h});
    if (!known_unit(unit.text) ||
        std::any_of(unit.glyphs.begin(), unit.glyphs.end(), [](const Glyph& g) { return g.confidence < 90; }))
      continue;
    PixelBox left_box{b.x, b.y, cut - b.x, b.h};
    Reading number = read(*apis.text, left_box);
    if (looks_numeric(number.text) || maybe_misread_number(number)) {
      if (tesseract::TessBaseAPI* engine = apis.digits_engine()) {
        Reading digits = read(*engine, left_box);
        if (better_reading(digits, number)) number = std::move(digits);
      }
    }
    // The number: digits and separators read with confidence, after sure CJK text at most (不超过).
    std::size_t n = 0;
    while (n < number.glyphs.size() && number.glyphs[n].text.size() > 1 && number.glyphs[n].confidence >= kSureGlyph)
      ++n;
    bool plain = n < number.glyphs.size() && ascii_digit(number.glyphs.back());
    for (std::size_t i = n; i < number.glyphs.size() && plain; ++i) {
      const Glyph& g = number.glyphs[i];
      plain = (ascii_digit(g) || g.text == "." || g.text == ",") && g.confidence >= 90;
    }
    if (!plain) continue;
    number.glyphs.insert(number.glyphs.end(), unit.glyphs.begin(), unit.glyphs.end());
    number.text += unit.text;
    return number;
  }
  return std::nullopt;
}

// A full stop chi_sim read as several marks (".。", "。*。") where the ink of `band` holds one small blot there:
// one "。".
void one_full_stop(std::vector<Glyph>& glyphs, const Band& band, double dpi) {
  auto mark = [](const std::string& t) {
    return t == "." || t == "。" || t == "*" || t == "·" || t == "．" || t == "°" || t == "o";
  };
  double k = 72.0 / dpi;
  for (std::size_t i = 0; i < glyphs.size(); ++i) {
    std::size_t j = i;
    bool stop = false;
    for (; j < glyphs.size() && mark(glyphs[j].text); ++j) stop = stop || glyphs[j].text == "。";
    if (j - i < 2 || !stop) continue;
    double x0 = glyphs[i].box.x0, x1 = glyphs[j - 1].box.x1;
    int blots = 0;
    for (const PixelBox& p : band.parts) {
      bool small = p.h * 2 < band.box.h;
      bool inside = (p.x + p.w) * k > x0 && p.x * k < x1;
      blots += small && inside ? 1 : 0;
    }
    if (blots != 1) continue;
    glyphs[i].text = "。";
    glyphs[i].box.x1 = x1;
    glyphs.erase(glyphs.begin() + static_cast<std::ptrdiff_t>(i + 1), glyphs.begin() + static_cast<std::ptrdiff_t>(j));
  }
}

// Quotation marks alternate. chi_sim often reads an opening “ as ”: a ” with no quote open before it in the cell
// and text after it opens one.
void alternate_quotes(std::vector<Glyph>& glyphs) {
  bool open = false;
  for (std::size_t i = 0; i < glyphs.size(); ++i) {
    std::string& t = glyphs[i].text;
    if (t == "“") {
      open = true;
    } else if (t == "”") {
      bool text_after = i + 1 < glyphs.size() && glyphs[i + 1].text.size() > 1 && glyphs[i + 1].text != "”" &&
                        glyphs[i + 1].text != "“";
      if (!open && text_after) {
        t = "“";
        open = true;
      } else {
        open = false;
      }
    }
  }
}

}  // namespace

bool looks_numeric(const std::string& text) {
  int digits = 0, others = 0;
  bool last_other = false;
  for (char32_t c : detail::decode_utf8(text)) {
    last_other = false;
    if (c >= U'0' && c <= U'9') {
      ++digits;
      continue;
    }
    switch (c) {
      case U'.':
      case U',':
      case U'%':
      case U'-':
      case U'+':
      case U'<':
      case U'>':
      case U'=':
      case U'≥':
      case U'≤':
      case U'．':
      case U'，':
      case U'％':
      case U' ':
        continue;
      default:
        ++others;
        last_other = true;
    }
  }
  // One stray character may be a misread digit ("五952.61", "工00%"), but not a trailing one: that is a unit (36份).
  return digits > 0 && (others == 0 || (others == 1 && !last_other && digits >= 2));
}

int typical_line_height(PIX* ink, const std::vector<PixelBox>& cells, double dpi) {
  std::vector<int> heights;
  for (const PixelBox& cell : cells) {
    InkLayout layout = ink_layout(ink, cell, dpi, 0);
    for (const Band& b : layout.bands)
      if (b.parts.size() >= 2 && std::max(b.box.w, b.box.h) >= dpi * kMinBand) heights.push_back(b.box.h);
  }
  if (heights.empty()) return 0;
  std::nth_element(heights.begin(), heights.begin() + heights.size() / 2, heights.end());
  return heights[heights.size() / 2];
}

std::vector<Glyph> read_region(const OcrApis& apis, PIX* page, PIX* ink, const PixelBox& region, double dpi,
                               RegionKind kind, int line_height) {
  std::vector<Glyph> out;
  if (apis.text == nullptr) return out;
  tesseract::TessBaseAPI& api = *apis.text;
  if (page == nullptr || ink == nullptr || region.w <= 0 || region.h <= 0) return out;
  InkLayout layout = ink_layout(ink, region, dpi, line_height);
  if (layout.empty()) return out;
  // Tesseract reads a tight crop poorly: each crop gets a margin of paper.
  int margin = std::max(6, static_cast<int>(std::lround(dpi * 0.06)));
  int grow = std::max(2, static_cast<int>(std::lround(dpi * 0.01)));

  if (kind == RegionKind::Narrative) {
    // Tesseract's layout analysis costs by the area it is given: the crop spans the text, not the grains of a noisy
    // scan scattered over an otherwise empty page. Text is the ink bigger than a speck, and the small marks near it
    // (a full stop, the dot of a character).
    PixelBox text;
    for (const Band& b : layout.bands)
      for (const PixelBox& p : b.parts)
        if (std::max(p.w, p.h) >= dpi * kMinBand) text = unite(text, p);
    if (text.w <= 0 || text.h <= 0) return out;
    int near = static_cast<int>(std::lround(dpi * kNearText));
    PixelBox reach{text.x - near, text.y - near, text.w + 2 * near, text.h + 2 * near};
    for (const Band& b : layout.bands)
      for (const PixelBox& p : b.parts)
        if (p.x < reach.x + reach.w && p.x + p.w > reach.x && p.y < reach.y + reach.h && p.y + p.h > reach.y)
          text = unite(text, p);
    // Cleaned as a cell's line is (paper whitened, ink stretched): Tesseract's own threshold would otherwise depend on
    // how much paper the crop holds.
    int ox = 0, oy = 0;
    PixPtr crop = clean_crop(page, ink, Band{text, {}}, region, grow, margin, dpi, &ox, &oy);
    if (!crop) return out;
    Reading r = recognise(api, crop.get(), ox, oy, dpi, tesseract::PSM_AUTO, 0, 0);
    api.Clear();
    return std::move(r.glyphs);
  }

  // A cell is read band by band (one text line each): Tesseract's block layout fails on narrow cells whose text is
  // wrapped every two or three characters. A band much taller than the others (lines touching) is read as a block.
  std::vector<int> heights;
  for (const Band& b : layout.bands) heights.push_back(b.box.h);
  std::nth_element(heights.begin(), heights.begin() + heights.size() / 2, heights.end());
  int median = heights[heights.size() / 2];
  for (const Band& band : layout.bands) {
    int y0 = band.box.y, y1 = band.box.y + band.box.h;
    if (const char* dash = dash_text(band, dpi)) {
      out.push_back(make_glyph(dash, band.box, y0, y1, dpi));
      continue;
    }
    // A lone speck (grain, the end of a ruling) is no text.
    if (std::max(band.box.w, band.box.h) < dpi * kMinBand) continue;
    bool block = band.box.h * 10 > median * 18 && layout.bands.size() > 1;
    int ox = 0, oy = 0;
    PixPtr crop = clean_crop(page, ink, band, region, grow, margin, dpi, &ox, &oy);
    if (!crop) continue;
    auto psm = block ? tesseract::PSM_SINGLE_BLOCK : tesseract::PSM_SINGLE_LINE;
    int ly0 = block ? 0 : y0, ly1 = block ? 0 : y1;
    Reading first = recognise(api, crop.get(), ox, oy, dpi, psm, ly0, ly1);
    // Tesseract's line mode often returns nothing for a line of one character (the last character of a name,
    // wrapped); its raw-line mode, which skips the layout analysis, reads it.
    // Raw-line mode also reads better a line given more CJK characters than its width holds ("人群" read 人和群).
    if (!block && ((first.glyphs.empty() && band.box.w * 2 <= band.box.h * 3 && band.box.h * 2 >= median) ||
                   too_many_characters(first, band))) {
      Reading raw = recognise(api, crop.get(), ox, oy, dpi, tesseract::PSM_RAW_LINE, ly0, ly1);
      if (!raw.glyphs.empty() && !too_many_characters(raw, band)) first = std::move(raw);
    }
    // A short band read as one or two unsure characters may be a number whose digits the scan ran together ("15"
    // in one blot, read 后).
    bool unsure_short = !block && first.glyphs.size() <= 2 && band.box.w <= 2 * band.box.h &&
                        band.box.h * 2 >= median &&
                        std::any_of(first.glyphs.begin(), first.glyphs.end(),
                                    [](const Glyph& g) { return g.confidence < kUnsureShort; });
    // A cell holding one character that chi_sim often makes of a lone digit (了 for 7, 〇 or O for 0, l or 丨 for 1),
    // however sure it is: a lone digit (a score, a weight) is far more common in these tables.
    bool digit_lookalike = !block && layout.bands.size() == 1 && first.glyphs.size() == 1 &&
                           (first.text == "了" || first.text == "〇" || first.text == "O" || first.text == "l" ||
                            first.text == "I" || first.text == "丨");
    bool digit_shapes = !block && (digit_like(band) || unsure_short || digit_lookalike);
    std::vector<Reading> others;
    if (!number_with_unit(first) && (looks_numeric(first.text) || maybe_misread_number(first) || digit_shapes)) {
      if (tesseract::TessBaseAPI* engine = apis.digits_engine()) {
        others.push_back(recognise(*engine, crop.get(), ox, oy, dpi, psm, ly0, ly1));
        engine->Clear();
      }
    }
    for (Reading& o : others)
      if (better_reading(o, first)) first = std::move(o);
    if (!block && maybe_number_and_unit(first, band)) {
      if (std::optional<Reading> split = read_number_and_unit(apis, page, ink, band, grow, margin, dpi)) {
        first = std::move(*split);
      }
    }
    if (!block) separators_from_ink(first, page, band, dpi);
    decimal_commas(first.glyphs);
    // Drawn check boxes (一级□ 二级☑) and comparison signs replace whatever Tesseract made of them (口, 加 …; 2, =).
    if (!block) {
      double k = 72.0 / dpi;
      PixelBox column;
      bool digits = std::any_of(first.text.begin(), first.text.end(), [](char c) { return c >= '0' && c <= '9'; });
      bool alone = layout.bands.size() == 1;
      if (const char* sign = comparison_sign(ink, band.parts, digits, alone, &column)) {
        double x0 = column.x * k, x1 = (column.x + column.w) * k;
        std::erase_if(first.glyphs, [&](const Glyph& g) { return g.box.cx() >= x0 && g.box.cx() <= x1; });
        first.glyphs.push_back(make_glyph(sign, column, y0, y1, dpi));
      }
      PixelBox rings;
      if (percent_rings(ink, band.parts, band.box.h, &rings)) {
        double x0 = rings.x * k, x1 = (rings.x + rings.w) * k;
        std::erase_if(first.glyphs, [&](const Glyph& g) { return g.box.cx() >= x0 && g.box.cx() <= x1; });
        first.glyphs.push_back(make_glyph("%", rings, y0, y1, dpi));
      }
      std::vector<int> kinds(band.parts.size(), 0);
      bool any_box = false;
      for (int pass = 0; pass < 2; ++pass) {
        if (pass == 1 && !any_box) break;
        for (std::size_t i = 0; i < band.parts.size(); ++i) {
          if (kinds[i] == 0) kinds[i] = check_box_kind(ink, band.parts[i], band.parts, band.box.h, pass == 1);
          any_box = any_box || kinds[i] != 0;
        }
      }
      for (std::size_t i = 0; i < band.parts.size(); ++i) {
        if (kinds[i] == 0) continue;
        const PixelBox& part = band.parts[i];
        double x0 = part.x * k, x1 = (part.x + part.w) * k;
        std::erase_if(first.glyphs, [&](const Glyph& g) { return g.box.cx() >= x0 && g.box.cx() <= x1; });
        first.glyphs.push_back(make_glyph(kinds[i] == 2 ? "☑" : "□", part, y0, y1, dpi));
      }
      std::sort(first.glyphs.begin(), first.glyphs.end(),
                [](const Glyph& a, const Glyph& b) { return a.box.x0 < b.box.x0; });
      one_full_stop(first.glyphs, band, dpi);
      // A sign is written against its number ("≥90%"): no gap for join_cell_text to turn into a space.
      for (std::size_t i = 0; i + 1 < first.glyphs.size(); ++i) {
        Glyph& g = first.glyphs[i];
        if ((g.text == "≥" || g.text == "≤") && first.glyphs[i + 1].box.x0 > g.box.x1)
          g.box.x1 = first.glyphs[i + 1].box.x0;
      }
    }
    out.insert(out.end(), std::make_move_iterator(first.glyphs.begin()), std::make_move_iterator(first.glyphs.end()));
  }
  api.Clear();
  alternate_quotes(out);
  return out;
}

}  // namespace jx::extract
