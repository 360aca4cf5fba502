// Number repair: separators from the ink, misread commas and colons, numbers split from their units.
#include "extract/ocr/internal/number_repair.h"

#include <tesseract/baseapi.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>

#include "extract/ocr/internal/arbitration.h"
#include "extract/ocr/internal/line_model.h"

namespace jx::extract::ocr {

bool ascii_digit(const Glyph& g) { return g.text.size() == 1 && g.text[0] >= '0' && g.text[0] <= '9'; }

namespace {

// Units of the form's usual vocabulary, written after a number.
constexpr const char* kUnits[] = {"次",   "个", "元", "万元", "亿元", "亿", "万", "人", "人次", "天",   "小时",
                                  "分钟", "份", "项", "件",   "条",   "户", "家", "台", "起",   "亿条", "万条"};

bool known_unit(const std::string& text) {
  return std::any_of(std::begin(kUnits), std::end(kUnits), [&](const char* u) { return text == u; });
}

// The units above that count things one by one: a number before them is whole.
constexpr const char* kCountUnits[] = {"次", "个", "人", "人次", "天", "份", "项", "件", "条", "户", "家", "台", "起"};

// One bracket, bar or Latin letter: what the engines make of a digit they cannot read ("]" for 1, "LD" for 10).
bool odd_glyph(const Glyph& g) {
  if (g.text.size() != 1) return false;
  const auto c = static_cast<unsigned char>(g.text[0]);
  return std::isalpha(c) != 0 || std::strchr("()[]{}|", c) != nullptr;
}

bool separator_text(const std::string& t) {
  return t == "." || t == "," || t == "，" || t == "。" || t == "．" || t == ":" || t == ";" || t == "：" || t == "、";
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
    g.repairs = repair::kSeparator;
    r.glyphs.insert(r.glyphs.begin() + static_cast<std::ptrdiff_t>(i + 1), std::move(g));
    ++i;
  }
}

}  // namespace

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

void repair_number_separators(std::vector<Glyph>& glyphs) {
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
    glyphs[i - 1].repairs |= repair::kSeparator;
    glyphs[i - 1].box.x1 = std::max(glyphs[i - 1].box.x1, glyphs[i].box.x1);
    glyphs.erase(glyphs.begin() + static_cast<std::ptrdiff_t>(i));
  }
  for (std::size_t i = 2; i < glyphs.size(); ++i) {
    if (!comma(i) || !comma(i - 1) || !digit(i - 2)) continue;
    glyphs[i - 1].repairs |= repair::kSeparator;
    glyphs[i - 1].box.x1 = std::max(glyphs[i - 1].box.x1, glyphs[i].box.x1);
    glyphs.erase(glyphs.begin() + static_cast<std::ptrdiff_t>(i));
    --i;
  }
  for (std::size_t i = 1; i + 1 < glyphs.size(); ++i) {
    if (glyphs[i].text != "," || !digit(i - 1) || !digit(i + 1)) continue;
    std::size_t n = 0;
    while (digit(i + 1 + n)) ++n;
    if (n <= 2) {
      glyphs[i].text = ".";
      glyphs[i].repairs |= repair::kSeparator;
    }
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
    if (n > 2 || hours > 24 || minutes >= 60) {
      glyphs[i].text = ".";
      glyphs[i].repairs |= repair::kSeparator;
    }
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
    for (std::size_t m = 0; m + 1 < seps.size(); ++m) {
      if (glyphs[seps[m]].text == ",") continue;
      glyphs[seps[m]].text.assign(1, ',');
      glyphs[seps[m]].repairs |= repair::kSeparator;
    }
    i = j;
  }
}

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
      g.repairs = repair::kSeparator;
      before.box.x1 = std::min(before.box.x1, g.box.x0);
      r.glyphs[i].box.x0 = std::max(r.glyphs[i].box.x0, g.box.x1);
      r.glyphs.insert(r.glyphs.begin() + static_cast<std::ptrdiff_t>(i), std::move(g));
    } else if (separator_text(before.text) && i >= 2 && ascii_digit(r.glyphs[i - 2]) && ascii_digit(after)) {
      if (before.text != kind) before.repairs |= repair::kSeparator;
      before.text = kind;
    } else if (separator_text(after.text) && i + 1 < r.glyphs.size() && ascii_digit(before) &&
               ascii_digit(r.glyphs[i + 1])) {
      if (after.text != kind) after.repairs |= repair::kSeparator;
      after.text = kind;
    }
  }
  touching_commas(r, bin.get(), b, dpi);
  r.text.clear();
  for (const Glyph& g : r.glyphs) r.text += g.text;
}

void count_commas(std::vector<Glyph>& glyphs) {
  auto count_unit = [&](std::size_t i) {
    if (i >= glyphs.size()) return false;
    return std::any_of(std::begin(kCountUnits), std::end(kCountUnits), [&](const char* u) {
      return glyphs[i].text == u || (i + 1 < glyphs.size() && glyphs[i].text + glyphs[i + 1].text == u);
    });
  };
  for (std::size_t i = 0; i < glyphs.size(); ++i) {
    if (!ascii_digit(glyphs[i]) || (i > 0 && (ascii_digit(glyphs[i - 1]) || separator_text(glyphs[i - 1].text))))
      continue;
    // One to three digits, a point, three digits, the unit.
    std::size_t j = i;
    while (j < glyphs.size() && ascii_digit(glyphs[j])) ++j;
    if (j - i > 3 || j >= glyphs.size() || glyphs[j].text != ".") continue;
    std::size_t k = j + 1;
    while (k < glyphs.size() && ascii_digit(glyphs[k])) ++k;
    if (k - j - 1 != 3 || !count_unit(k)) continue;
    glyphs[j].text = ",";
    for (std::size_t d = i; d < k; ++d) glyphs[d].repairs |= repair::kSeparator;
    i = k;
  }
}

bool maybe_number_and_unit(const Reading& r, const Band& band) {
  if (r.glyphs.empty() || band.box.w > 8 * band.box.h || number_with_unit(r)) return false;
  bool odd = false, unsure = false;
  for (const Glyph& g : r.glyphs) {
    if (g.confidence < 90) unsure = true;
    if (odd_glyph(g)) odd = true;
  }
  bool short_unsure = r.glyphs.size() <= 2 && std::any_of(r.glyphs.begin(), r.glyphs.end(),
                                                          [](const Glyph& g) { return g.confidence < kSureGlyph; });
  return (std::any_of(r.glyphs.begin(), r.glyphs.end(), ascii_digit) && (unsure || odd)) || short_unsure;
}

bool number_lost_before_unit(const Reading& r, const Band& band) {
  if (r.glyphs.empty() || std::any_of(r.glyphs.begin(), r.glyphs.end(), ascii_digit)) return false;
  const std::size_t n = r.glyphs.size();
  // The unit: the last glyph, or the last two together (人次, 万元).
  std::size_t unit = n;
  if (known_unit(r.glyphs[n - 1].text)) unit = n - 1;
  if (n >= 2 && known_unit(r.glyphs[n - 2].text + r.glyphs[n - 1].text)) unit = n - 2;
  if (unit == n || unit > 2) return false;
  if (!std::all_of(r.glyphs.begin(), r.glyphs.begin() + static_cast<std::ptrdiff_t>(unit), odd_glyph)) return false;
  // The band's ink wider than the unit's characters, each about as wide as the line of the band's parts (specks
  // above or below it, under a quarter of the band's height, left out) is high.
  int top = band.box.y + band.box.h, bottom = band.box.y;
  for (const PixelBox& p : band.parts) {
    if (std::max(p.w, p.h) * 4 < band.box.h) continue;
    top = std::min(top, p.y);
    bottom = std::max(bottom, p.y + p.h);
  }
  const int tall = bottom - top;
  const auto characters = static_cast<int>(n - unit);
  return tall > 0 && band.box.w * 20 >= tall * (20 * characters + 7);
}

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
  auto crop_of = [&](const PixelBox& box, int* ox, int* oy) {
    Band part{box, {}};
    return clean_crop(page, ink, part, box, grow, margin, dpi, ox, oy);
  };
  auto read = [&](tesseract::TessBaseAPI& api, const PixelBox& box) {
    int ox = 0, oy = 0;
    PixPtr crop = crop_of(box, &ox, &oy);
    Reading r;
    if (crop) {
      const double scale = &api == apis.text ? apis.scale : 1;  // the digits engine reads the crop as it is
      r = recognise(api, crop.get(), ox, oy, dpi, tesseract::PSM_SINGLE_LINE, b.y, b.y + b.h, scale);
    }
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
    // What chi_sim made of the left part without an ideograph ("]" for a 1) is a number it misread.
    const bool no_words = std::none_of(number.glyphs.begin(), number.glyphs.end(), ideograph);
    if (looks_numeric(number.text) || maybe_misread_number(number) || (!number.glyphs.empty() && no_words)) {
      if (tesseract::TessBaseAPI* engine = apis.digits_engine()) {
        Reading digits = read(*engine, left_box);
        // eng often reads nothing of a lone narrow digit ("1" cut from 1起); the line model, another reader, may.
        if (digits.glyphs.empty() && no_words) {
          if (LineModel* model = apis.line_model()) {
            int ox = 0, oy = 0;
            if (PixPtr crop = crop_of(left_box, &ox, &oy))
              digits = model->read_line(crop.get(), ox, oy, dpi, left_box.x, left_box.y, left_box.x + left_box.w,
                                        left_box.y + left_box.h);
          }
        }
        if (better_reading(digits, number)) {
          if (digits.text != number.text)
            for (Glyph& g : digits.glyphs) g.repairs |= repair::kReread;  // the readings disagree
          number = std::move(digits);
        }
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
}  // namespace jx::extract::ocr
