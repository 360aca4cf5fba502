// The region driver: one region of a page → glyphs, each step of a cell line's reading taken from its own file
// (extract/ocr/internal/: ink layout, recognition, arbitration, number repair, shape glyphs, punctuation).
#include "extract/ocr/ocr_cells.h"

#include <tesseract/baseapi.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "extract/ocr/internal/arbitration.h"
#include "extract/ocr/internal/ink_layout.h"
#include "extract/ocr/internal/line_model.h"
#include "extract/ocr/internal/number_repair.h"
#include "extract/ocr/internal/punctuation.h"
#include "extract/ocr/internal/recognition.h"
#include "extract/ocr/internal/shape_glyphs.h"

namespace jx::extract {

namespace {

// Width over height of a digit's box beyond which it covers more than one digit (digits are 0.4 to 0.9 as wide as
// they are tall in the faces of these forms, with the engine's box slack).
constexpr double kWideDigit = 1.5;

// The scale of a number's second reading: far enough from the first that the engine samples other pixels, near
// enough to stay in the text sizes its model was trained on.
constexpr float kSecondScale = 1.5F;

// Width over height beyond which a band is not given to the line model: a line of a cell's width (a name or a
// note of up to a dozen characters) fits its widest graph (480 pixels at 48 high, with the paper around the line);
// a longer one is a narrative line, which would be squeezed.
constexpr int kLineModelAspect = 12;

// Ideographs read surely that make a line words rather than a misread number (read_as_words()): a number's unit is
// one or two (个, 万元), a misreading of digits rarely more than one sure ideograph.
constexpr std::size_t kWords = 3;

// The glyphs' texts joined.
std::string texts(const std::vector<Glyph>& glyphs) {
  std::string out;
  for (const Glyph& g : glyphs) out += g.text;
  return out;
}

// The scales at which a band read as nothing is read again, in turn: near the first, on either side of it.
constexpr float kRetryScales[] = {0.8F, 1.25F};

void mark(std::vector<Glyph>& glyphs, std::uint8_t bits) {
  for (Glyph& g : glyphs) g.repairs |= bits;
}

// The characters of a text that make its numbers: ASCII digits, points and commas, in order.
std::string number_chars(const std::string& text) {
  std::string out;
  for (char c : text)
    if ((c >= '0' && c <= '9') || c == '.' || c == ',') out += c;
  return out;
}

// Puts a sign made from the ink's shape in place of whatever the engine read in its columns. The sign is marked
// repair::kShape when that changed digits: a digit was among the glyphs replaced, or a digit left standing reaches
// into the sign's columns (the engine read the % ring as a 9 beside it) — the number's digits then rest on the
// shape, not on a reading.
void replace_with_shape(std::vector<Glyph>& glyphs, Glyph sign) {
  const double x0 = sign.box.x0, x1 = sign.box.x1;
  bool touched = false;
  std::erase_if(glyphs, [&](const Glyph& g) {
    const bool inside = g.box.cx() >= x0 && g.box.cx() <= x1;
    if (inside && ocr::ascii_digit(g)) touched = true;
    return inside;
  });
  for (const Glyph& g : glyphs) {
    const double overlap = std::min(g.box.x1, x1) - std::max(g.box.x0, x0);
    if (ocr::ascii_digit(g) && overlap * 4 > g.box.width()) touched = true;
  }
  if (touched) sign.repairs |= repair::kShape;
  glyphs.push_back(std::move(sign));
}

}  // namespace

using namespace ocr;

namespace {

// How near (inches) to the narrative's text a small mark must lie to be read with it.
constexpr double kNearText = 0.1;

// Every number of a band gets a second, independent reading: each run of digits and separators the kept reading
// holds, cut from the band's crop (origin ox, oy in page pixels) with a margin, sampled at another scale and read by
// the numbers engine (another model; the text engine when there is none). The cut takes whole the ink parts of the
// band (`parts`, page pixels) the run mostly covers (second_reading_columns()). False when a run's digits and
// separators differ from the kept reading's: the value is then flagged, never chosen.
bool second_reading_agrees(const OcrApis& apis, PIX* crop, int ox, double dpi, const std::vector<Glyph>& glyphs,
                           const std::vector<PixelBox>& parts) {
  tesseract::TessBaseAPI* engine = apis.digits_engine();
  if (engine == nullptr) engine = apis.text;
  const double px = dpi / 72.0;
  const int w = pixGetWidth(crop), h = pixGetHeight(crop);
  for (std::size_t i = 0; i < glyphs.size();) {
    if (!ocr::ascii_digit(glyphs[i])) {
      ++i;
      continue;
    }
    auto in_number = [&](std::size_t k) {
      const std::string& t = glyphs[k].text;
      return ocr::ascii_digit(glyphs[k]) ||
             ((t == "." || t == ",") && k + 1 < glyphs.size() && ocr::ascii_digit(glyphs[k + 1]));
    };
    std::size_t j = i;
    std::string kept;
    const double x0 = glyphs[i].box.x0;
    double x1 = glyphs[i].box.x1;
    while (j < glyphs.size() && in_number(j)) {
      kept += glyphs[j].text;
      x1 = std::max(x1, glyphs[j].box.x1);
      ++j;
    }
    i = j;
    const int margin = h / 4;
    int lo = static_cast<int>(std::floor(x0 * px)), hi = static_cast<int>(std::ceil(x1 * px));
    second_reading_columns(parts, margin, &lo, &hi);
    const int left = std::max(0, lo - ox);
    const int right = std::min(w, hi - ox);
    if (right - left < 4) continue;
    BOX* box = boxCreate(left, 0, right - left, h);
    PixPtr part(pixClipRectangle(crop, box, nullptr));
    boxDestroy(&box);
    if (!part) continue;
    PixPtr bigger(pixScale(part.get(), kSecondScale, kSecondScale));
    if (!bigger) continue;
    Reading second = recognise(*engine, bigger.get(), 0, 0, dpi * kSecondScale, tesseract::PSM_SINGLE_LINE, 0, 0);
    engine->Clear();
    if (number_chars(second.text) != number_chars(kept)) return false;
  }
  return true;
}

}  // namespace

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
        if (overlap(p, reach)) text = unite(text, p);
    // Cleaned as a cell's line is (paper whitened, ink stretched): Tesseract's own threshold would otherwise depend on
    // how much paper the crop holds.
    int ox = 0, oy = 0;
    PixPtr crop = clean_crop(page, ink, Band{text, {}}, region, grow, margin, dpi, &ox, &oy);
    if (!crop) return out;
    Reading r = recognise(api, crop.get(), ox, oy, dpi, tesseract::PSM_AUTO, 0, 0, apis.scale);
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
      out.push_back(shape_glyph(dash, band.box, y0, y1, dpi));
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
    Reading first = recognise(api, crop.get(), ox, oy, dpi, psm, ly0, ly1, apis.scale);
    // Tesseract's line mode often returns nothing for a line of one character (the last character of a name,
    // wrapped); its raw-line mode, which skips the layout analysis, reads it.
    // Raw-line mode also reads better a line given more CJK characters than its width holds ("人群" read 人和群).
    if (!block && ((first.glyphs.empty() && band.box.w * 2 <= band.box.h * 3 && band.box.h * 2 >= median) ||
                   too_many_characters(first, band))) {
      Reading raw = recognise(api, crop.get(), ox, oy, dpi, tesseract::PSM_RAW_LINE, ly0, ly1, apis.scale);
      if (!raw.glyphs.empty() && !too_many_characters(raw, band)) first = std::move(raw);
    }
    // Tesseract's line mode sometimes returns nothing for a clear line at one scale and reads it at another (a line
    // of eight CJK characters at 300 dpi): a band of character height read as nothing is read again, scaled.
    for (float scale : kRetryScales) {
      if (block || !first.glyphs.empty() || band.box.h * 2 < median) break;
      PixPtr scaled(pixScale(crop.get(), scale, scale));
      if (!scaled) break;
      auto at = [scale](int v) { return static_cast<int>(std::lround(v * scale)); };
      first = recognise(api, scaled.get(), at(ox), at(oy), dpi * scale, psm, at(ly0), at(ly1), apis.scale);
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
    const bool numeric =
        !number_with_unit(first) && (looks_numeric(first.text) || maybe_misread_number(first) || digit_shapes);
    // chi_sim read a unit whose number it lost ("]起"); the readings taken below may lose it as well.
    const bool lost_number = !block && number_lost_before_unit(first, band);
    if (numeric) {
      if (tesseract::TessBaseAPI* engine = apis.digits_engine()) {
        others.push_back(recognise(*engine, crop.get(), ox, oy, dpi, psm, ly0, ly1));
        engine->Clear();
      }
    }
    // The line model (another network, trained apart, on the line scaled its own way) reads the band where the
    // readings so far leave a doubt: a number the two engines read differently, or either read with a glyph below
    // kSureGlyph, or not at all; a line with digits, or short, or with Latin letters and brackets (what chi_sim makes
    // of digits it cannot read: "]次", "LD个"), read with such a glyph, unless chi_sim read it as words (kWords
    // ideographs read surely, no digit): a heading's letters and brackets are its own; and any line with a closing
    // bracket that nothing opened (stray_closer(): "不超过]次", however surely read). It costs more than a Tesseract
    // reading, so a number both engines read alike and surely is left to them.
    Reading line;
    bool line_read = false;
    auto read_line = [&] {
      if (line_read || block || band.box.w > kLineModelAspect * band.box.h) return;
      line_read = true;
      if (ocr::LineModel* model = apis.line_model())
        line = model->read_line(crop.get(), ox, oy, dpi, band.box.x, y0, band.box.x + band.box.w, y1);
    };
    auto unsure = [](const Reading& r) {
      return r.glyphs.empty() ||
             std::any_of(r.glyphs.begin(), r.glyphs.end(), [](const Glyph& g) { return g.confidence < kSureGlyph; });
    };
    const bool any_digit =
        std::any_of(first.text.begin(), first.text.end(), [](char c) { return c >= '0' && c <= '9'; });
    const bool short_or_odd =
        first.glyphs.size() <= 3 || std::any_of(first.text.begin(), first.text.end(), [](char c) {
          return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '(' || c == ')' || c == '[' || c == ']';
        });
    const bool doubt =
        numeric ? (others.empty() || unsure(first) || unsure(others.front()) ||
                   number_chars(others.front().text) != number_chars(first.text))
                : ((any_digit || (short_or_odd && !read_as_words(first, kWords, kSureGlyph))) && unsure(first)) ||
                      stray_closer(first.text);
    if (doubt) {
      read_line();
      if (!line.glyphs.empty()) others.push_back(line);
    }
    // Two engines read the band: where their numbers differ, whichever is taken is not sure (flagged, never
    // silently chosen). Where they agree, the number has two readings behind it.
    // Two models read the band: where they agree the second reading is done (else it is done below, at another
    // scale).
    const bool read_twice =
        std::any_of(others.begin(), others.end(), [](const Reading& o) { return !o.glyphs.empty(); });
    bool disagree = false;
    // The ink's count of characters, a comparison sign at the start left out (engines read it as 2, 二, = or 之).
    int in_ink = 0;
    double after_x = -1;
    if (!others.empty() && !block) {
      PixelBox sign_column;
      const bool sign = comparison_sign(ink, band.parts, true, layout.bands.size() == 1, &sign_column) != nullptr;
      if (sign) after_x = (sign_column.x + sign_column.w) * 72.0 / dpi;
      in_ink = characters_in_ink(band, sign ? &sign_column : nullptr);
    }
    for (Reading& o : others) {
      if (!o.glyphs.empty() && number_chars(o.text) != number_chars(first.text)) disagree = true;
      // Of two readings of a number, the one with as many characters as the ink shows, when only one has; else
      // better_reading(). Either way a disagreement stays flagged.
      const int mine = counted_characters(first, after_x), theirs = counted_characters(o, after_x);
      const bool by_ink = in_ink > 0 && mine >= 0 && theirs >= 0 && (mine == in_ink) != (theirs == in_ink);
      if (by_ink ? theirs == in_ink : better_reading(o, first)) first = std::move(o);
    }
    if (disagree) mark(first.glyphs, repair::kReread);
    // A line of words chi_sim read with an unsure character (at 150 dpi JPEG it makes 器 of 久, 量 of 重) is put to
    // the line model, which reads Chinese better, and its reading is taken where it is the same number of characters,
    // none a digit, read with more confidence. Words only: a number is arbitrated above, and flagged when the readings
    // differ; a character swapped in a name or a note is no value a rule rests on.
    if (!block && !numeric && !any_digit && !first.glyphs.empty() && unsure(first)) {
      read_line();
      const bool digit_in_line =
          std::any_of(line.text.begin(), line.text.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (line.glyphs.size() == first.glyphs.size() && !digit_in_line && line.text != first.text &&
          line.mean_confidence > first.mean_confidence)
        first = line;  // a copy: `line` is looked at again below
    }
    // A digit the engine placed over ink far wider than one digit ("7.5" read as one wide "5"): characters were
    // lost, whatever the confidence. Not a repair, a doubt: the value is flagged, never mended.
    if (std::any_of(first.glyphs.begin(), first.glyphs.end(),
                    [](const Glyph& g) { return ocr::ascii_digit(g) && g.box.width() > kWideDigit * g.box.height(); }))
      mark(first.glyphs, repair::kWide);
    // A unit that lost its number, in chi_sim's reading or in the one taken ("]起" read 起 by the line model), while
    // the reading taken has no digit.
    const bool unit_alone = (lost_number || number_lost_before_unit(first, band)) &&
                            std::none_of(first.glyphs.begin(), first.glyphs.end(), ascii_digit);
    if (!block && (maybe_number_and_unit(first, band) || unit_alone)) {
      if (std::optional<Reading> split = read_number_and_unit(apis, page, ink, band, grow, margin, dpi)) {
        if (number_chars(split->text) != number_chars(first.text)) mark(split->glyphs, repair::kSplit);
        first = std::move(*split);
      }
    }
    // Decimal points and commas as the ink shows them (separators_from_ink()), unless the line model read the number
    // as it stands: two independent readings that agree on its digits and separators outrank the shape of its ink
    // (a speck of JPEG noise between two digits is no decimal point). A separator the shape adds or changes is put
    // to the line model in turn, and when its reading is the line as it was read, the shape was noise.
    const bool confirmed =
        !line.glyphs.empty() && !disagree && any_digit && number_chars(line.text) == number_chars(first.text);
    if (!block && !confirmed) {
      Reading as_read = first;
      repair_number_separators(as_read.glyphs);
      separators_from_ink(first, page, band, dpi);
      repair_number_separators(first.glyphs);
      if (texts(first.glyphs) != texts(as_read.glyphs)) {
        read_line();
        if (!line.glyphs.empty() && number_chars(line.text) == number_chars(texts(as_read.glyphs)))
          first = std::move(as_read);
      }
    } else {
      repair_number_separators(first.glyphs);
    }
    // Drawn check boxes (一级□ 二级☑) and comparison signs replace whatever Tesseract made of them (口, 加 …; 2, =).
    if (!block) {
      double k = 72.0 / dpi;
      PixelBox column;
      bool digits = std::any_of(first.text.begin(), first.text.end(), [](char c) { return c >= '0' && c <= '9'; });
      bool alone = layout.bands.size() == 1;
      if (const char* sign = comparison_sign(ink, band.parts, digits, alone, &column)) {
        replace_with_shape(first.glyphs, shape_glyph(sign, column, y0, y1, dpi));
      }
      PixelBox rings;
      if (percent_rings(ink, band.parts, band.box.h, &rings)) {
        replace_with_shape(first.glyphs, shape_glyph("%", rings, y0, y1, dpi));
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
        first.glyphs.push_back(shape_glyph(kinds[i] == 2 ? "☑" : "□", part, y0, y1, dpi));
      }
      std::sort(first.glyphs.begin(), first.glyphs.end(),
                [](const Glyph& a, const Glyph& b) { return a.box.x0 < b.box.x0; });
      one_full_stop(first.glyphs, band, dpi);
      if (!read_twice && !second_reading_agrees(apis, crop.get(), ox, dpi, first.glyphs, band.parts))
        mark(first.glyphs, repair::kReread);
      // A sign is written against its number ("≥90%"): no gap for join_cell_text to turn into a space.
      for (std::size_t i = 0; i + 1 < first.glyphs.size(); ++i) {
        Glyph& g = first.glyphs[i];
        if ((g.text == "≥" || g.text == "≤") && first.glyphs[i + 1].box.x0 > g.box.x1)
          g.box.x1 = first.glyphs[i + 1].box.x0;
      }
    }
    // Ink no engine made anything of (a character under a seal's stroke, a line Tesseract returns nothing for at
    // every scale): a glyph without text marks where it was, so that the cell is not taken for a blank one.
    if (first.glyphs.empty()) {
      Glyph unread = shape_glyph("", band.box, y0, y1, dpi);
      unread.repairs = repair::kUnread;
      first.glyphs.push_back(std::move(unread));
    }
    out.insert(out.end(), std::make_move_iterator(first.glyphs.begin()), std::make_move_iterator(first.glyphs.end()));
  }
  api.Clear();
  alternate_quotes(out);
  chinese_colons(out);
  count_commas(out);
  return out;
}

}  // namespace jx::extract
