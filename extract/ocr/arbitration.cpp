// Reading arbitration: chi_sim against the digits engine, line mode against raw-line mode.
#include "extract/ocr/internal/arbitration.h"

#include <algorithm>
#include <cctype>

#include "core/text.h"
#include "core/utf8.h"

namespace jx::extract::ocr {

namespace {

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

}  // namespace

bool looks_numeric(const std::string& text) {
  int digits = 0, others = 0;
  bool last_other = false;
  for (char32_t c : utf8::decode(text)) {
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

bool digit_like(const Band& band) {
  int tall = 0;
  for (const PixelBox& p : band.parts) {
    if (p.h * 10 < band.box.h * 6) continue;  // . , and the like
    if (p.w * 4 > p.h * 3 || p.h * 10 < band.box.h * 8) return false;
    ++tall;
  }
  return tall >= 2;
}

bool ideograph(const Glyph& g) {
  auto cps = utf8::decode(g.text);
  return cps.size() == 1 && ((cps[0] >= 0x4E00 && cps[0] <= 0x9FFF) || (cps[0] >= 0x3400 && cps[0] <= 0x4DBF));
}

bool too_many_characters(const Reading& r, const Band& band) {
  std::size_t n = 0;
  for (const Glyph& g : r.glyphs) {
    if (!ideograph(g)) return false;
    ++n;
  }
  return n >= 2 && band.box.w * 20 < static_cast<int>(2 * n - 1) * 9 * band.box.h;
}

bool stray_closer(const std::string& text) {
  int open = 0;
  for (char32_t c : utf8::decode(text)) {
    if (c == U'(' || c == U'[' || c == U'（' || c == U'【') {
      ++open;
    } else if (c == U')' || c == U']' || c == U'）' || c == U'】') {
      if (open == 0) return true;
      --open;
    }
  }
  return false;
}

bool read_as_words(const Reading& r, std::size_t least, float sure) {
  std::size_t words = 0;
  for (const Glyph& g : r.glyphs) {
    if (std::any_of(g.text.begin(), g.text.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
    if (ideograph(g) && g.confidence >= sure) ++words;
  }
  return words >= least;
}

namespace {

// A run of ink that is one part (one connected blot) wider than this many times the height of a digit may be two
// characters touching: a digit is 0.4 to 0.9 of its height wide, two touching digits about 1.0 ("11") to 1.7. A run
// of several parts (the rings and slash of a %) may reach kPartsWidth.
constexpr double kSolidWidth = 0.95;
constexpr double kPartsWidth = 1.4;

// Parts lower than this share of a digit's height are pieces (a ring of %, the bars of =, a comma); pieces nearer each
// other than kPieceGap of that height are one character.
constexpr double kPiece = 0.6;
constexpr double kPieceGap = 0.25;

}  // namespace

int characters_in_ink(const Band& band, const PixelBox* sign) {
  std::vector<PixelBox> parts;
  for (const PixelBox& p : band.parts) {
    const int cx = p.x + p.w / 2;
    if (sign == nullptr || cx < sign->x || cx >= sign->x + sign->w) parts.push_back(p);
  }
  if (parts.empty()) return 0;
  // The height of a digit: the lower median of the parts about as tall as the tallest (a sign may stand higher).
  int tallest = 0;
  for (const PixelBox& p : parts) tallest = std::max(tallest, p.h);
  std::vector<int> tall;
  for (const PixelBox& p : parts)
    if (p.h * 10 >= tallest * 6) tall.push_back(p.h);
  std::sort(tall.begin(), tall.end());
  const double digit = tall[(tall.size() - 1) / 2];
  if (digit <= 0) return 0;
  struct Run {
    int x0, x1;
    bool pieces;    // made only of parts lower than kPiece of a digit
    int parts = 1;  // how many parts make it
  };
  std::sort(parts.begin(), parts.end(), [](const PixelBox& a, const PixelBox& b) { return a.x < b.x; });
  std::vector<Run> runs;
  for (const PixelBox& p : parts) {
    const bool piece = p.h < kPiece * digit;
    if (!runs.empty()) {
      Run& r = runs.back();
      const bool overlaps = p.x <= r.x1;
      const bool near_piece = piece && r.pieces && p.x - r.x1 <= kPieceGap * digit;
      if (overlaps || near_piece) {
        r.x1 = std::max(r.x1, p.x + p.w);
        r.pieces = r.pieces && piece;
        ++r.parts;
        continue;
      }
    }
    runs.push_back(Run{p.x, p.x + p.w, piece});
  }
  for (const Run& r : runs)
    if (r.x1 - r.x0 > (r.parts > 1 ? kPartsWidth : kSolidWidth) * digit) return 0;
  return static_cast<int>(runs.size());
}

int counted_characters(const Reading& r, double after_x) {
  int n = 0;
  for (const Glyph& g : r.glyphs) {
    if (g.box.cx() < after_x) continue;
    for (char32_t c : utf8::decode(g.text)) {
      if (c == U'.' || c == U' ') continue;  // a point is smaller than the specks ink_layout leaves out
      if ((c > U' ' && c < 0x7F) || c == U'≥' || c == U'≤') {
        ++n;  // digits, % , = - < >, and the letters and brackets an engine makes of a digit (l ] O)
      } else {
        return -1;
      }
    }
  }
  return n;
}

bool better_reading(const Reading& a, const Reading& b) {
  if (a.glyphs.empty()) return false;
  if (b.glyphs.empty()) return true;
  bool a_ok = numbers_well_formed(a.text), b_ok = numbers_well_formed(b.text);
  if (a_ok != b_ok) return a_ok;
  bool a_stray = stray_closer(a.text), b_stray = stray_closer(b.text);
  if (a_stray != b_stray) return b_stray;
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

void second_reading_columns(const std::vector<PixelBox>& parts, int margin, int* lo, int* hi) {
  *lo -= margin;
  *hi += margin;
  const int span_lo = *lo, span_hi = *hi;
  for (const PixelBox& p : parts) {
    const int covered = std::min(span_hi, p.x + p.w) - std::max(span_lo, p.x);
    if (covered * 2 > p.w) {
      *lo = std::min(*lo, p.x - margin);
      *hi = std::max(*hi, p.x + p.w + margin);
    }
  }
}

}  // namespace jx::extract::ocr
