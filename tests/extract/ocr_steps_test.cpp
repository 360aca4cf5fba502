// The steps of a cell's reading (extract/ocr/internal/), each called on its own: ink layout, recognition, reading
// arbitration, shape glyphs, number repair and punctuation, on small crops cut from 300 dpi renders of the scanned
// samples as the OCR path sees them when it reads a cell (tests/data/ocr/README.md says where each was cut from and
// how). What each crop shows was checked by eye on the crop enlarged.
#include <gtest/gtest.h>
#include <tesseract/baseapi.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "extract/ocr/internal/arbitration.h"
#include "extract/ocr/internal/ink_layout.h"
#include "extract/ocr/internal/line_model.h"
#include "extract/ocr/internal/number_repair.h"
#include "extract/ocr/internal/pen_marks.h"
#include "extract/ocr/internal/punctuation.h"
#include "extract/ocr/internal/recognition.h"
#include "extract/ocr/internal/shape_glyphs.h"
#include "extract/ocr/ocr_cells.h"

namespace jx::extract::ocr {
namespace {

const std::string kCrops = std::string(JX_SOURCE_DIR) + "/tests/data/ocr/";
constexpr double kDpi = 300;  // every crop was cut from a page rendered at 300 dpi
constexpr double kPt = 72 / kDpi;
// read_region()'s grow and margin at 300 dpi: 0.01 in and 0.06 in.
constexpr int kGrow = 3, kMargin = 18;

// A crop of tests/data/ocr: `name`.png is the grey page (rulings whitened), `name`.ink.png its 1 bpp ink.
PixPtr grey_crop(const std::string& name) { return PixPtr(pixRead((kCrops + name + ".png").c_str())); }
PixPtr ink_crop(const std::string& name) {
  PixPtr ink(pixRead((kCrops + name + ".ink.png").c_str()));
  EXPECT_TRUE(ink && pixGetDepth(ink.get()) == 1) << name;
  return ink;
}

PixelBox whole(PIX* pix) {
  return PixelBox{0, 0, static_cast<int>(pixGetWidth(pix)), static_cast<int>(pixGetHeight(pix))};
}

// How many pixels of the 1 bpp `pix` are ink inside `b`.
int ink_in(PIX* pix, const PixelBox& b) {
  BoxPtr box(boxCreate(b.x, b.y, b.w, b.h));
  PixPtr part(box ? pixClipRectangle(pix, box.get(), nullptr) : nullptr);
  l_int32 count = 0;
  if (part) pixCountPixels(part.get(), &count, nullptr);
  return count;
}

// The bands of the whole crop `name`, as read_region() finds them on a page whose usual line height is
// `line_height`.
InkLayout layout_of(PIX* ink, int line_height = 0) { return ink_layout(ink, whole(ink), kDpi, line_height); }

Glyph glyph(const std::string& text, double x0 = 0, double x1 = 0, float confidence = 99) {
  Glyph g;
  g.text = text;
  g.box = Box{x0, 0, x1, 10};
  g.confidence = confidence;
  return g;
}

// A reading of the given texts, one glyph each, side by side, all with `confidence`.
Reading reading(const std::vector<std::string>& texts, float confidence = 99) {
  Reading r;
  double x = 0;
  for (const std::string& t : texts) {
    r.glyphs.push_back(glyph(t, x, x + 5, confidence));
    r.text += t;
    x += 5;
  }
  r.mean_confidence = r.glyphs.empty() ? -1 : confidence;
  return r;
}

std::string text_of(const std::vector<Glyph>& glyphs) {
  std::string s;
  for (const Glyph& g : glyphs) s += g.text;
  return s;
}

std::vector<Glyph> glyphs_of(const std::vector<std::string>& texts) { return reading(texts).glyphs; }

std::unique_ptr<tesseract::TessBaseAPI> engine(const char* language) {
  auto api = std::make_unique<tesseract::TessBaseAPI>();
  if (api->Init(nullptr, language, tesseract::OEM_LSTM_ONLY) != 0 &&
      api->Init("/usr/share/tesseract-ocr/5/tessdata", language, tesseract::OEM_LSTM_ONLY) != 0)
    return nullptr;
  api->SetVariable("debug_file", "/dev/null");
  return api;
}

// --- ink layout ---

// "不少于36,500" over "次": two lines, the second one character wide.
TEST(OcrInkLayout, TwoLineCellIsTwoBands) {
  PixPtr ink = ink_crop("at-least-36500-times");
  InkLayout layout = layout_of(ink.get(), 41);
  ASSERT_EQ(layout.bands.size(), 2u);
  const Band& first = layout.bands[0];
  const Band& second = layout.bands[1];
  EXPECT_LE(first.box.y + first.box.h, second.box.y);  // top to bottom, apart
  EXPECT_GT(first.box.w, 4 * second.box.w);            // seven characters against one
  EXPECT_EQ(layout.box.y, first.box.y);
  EXPECT_EQ(layout.box.y + layout.box.h, second.box.y + second.box.h);
}

// A cell of three lines of text: 运维力量加强、处置提 / 速。下年度合理设置目 / 标值。
TEST(OcrInkLayout, ThreeLineCellIsThreeBands) {
  PixPtr ink = ink_crop("three-lines");
  InkLayout layout = layout_of(ink.get());
  ASSERT_EQ(layout.bands.size(), 3u);
  EXPECT_LT(layout.bands[2].box.w * 3, layout.bands[0].box.w);  // 标值。 is the short last line
  // The full stop and the enumeration comma stay in their lines as small parts, not bands of their own.
  for (const Band& b : layout.bands) EXPECT_GT(b.box.h, 30) << b.box.y;
  // Each line is about 39 pixels high: the page's usual line height, measured on this cell alone.
  EXPECT_EQ(typical_line_height(ink.get(), {whole(ink.get())}, kDpi), 39);
}

// "≥95%" and, well to the right of the %, a grain of the scan: the grain is no part of the line.
TEST(OcrInkLayout, GrainOffTheLineIsNoText) {
  PixPtr ink = ink_crop("at-least-95-percent");
  InkLayout layout = layout_of(ink.get());
  ASSERT_EQ(layout.bands.size(), 1u);
  EXPECT_EQ(layout.bands[0].parts.size(), 4u);  // ≥ 9 5 %
  EXPECT_LT(layout.box.x + layout.box.w, 210);  // the grain sits at x ≈ 222
}

// "15" with a speck of 7 × 7 pixels painted into the crop: off the line's end at the top, it is a grain and dropped;
// on the baseline just after the digits, where a full stop sits, it is kept.
TEST(OcrInkLayout, LoneSpeckOffTheLineEndIsDropped) {
  PixPtr ink = ink_crop("15");
  InkLayout clean = layout_of(ink.get());
  ASSERT_EQ(clean.bands.size(), 1u);
  const PixelBox line = clean.bands[0].box;  // 1 and 5: 29 pixels high
  ASSERT_EQ(clean.bands[0].parts.size(), 2u);
  PixPtr grain(pixCopy(nullptr, ink.get()));
  pixRasterop(grain.get(), line.x + line.w + 20, line.y, 7, 7, PIX_SET, nullptr, 0, 0);
  InkLayout with_grain = layout_of(grain.get());
  ASSERT_EQ(with_grain.bands.size(), 1u);
  EXPECT_EQ(with_grain.bands[0].parts.size(), 2u);
  EXPECT_EQ(with_grain.bands[0].box.x + with_grain.bands[0].box.w, line.x + line.w);
  PixPtr stop(pixCopy(nullptr, ink.get()));
  pixRasterop(stop.get(), line.x + line.w + 4, line.y + line.h - 7, 7, 7, PIX_SET, nullptr, 0, 0);
  InkLayout with_stop = layout_of(stop.get());
  ASSERT_EQ(with_stop.bands.size(), 1u);
  EXPECT_EQ(with_stop.bands[0].parts.size(), 3u);
  EXPECT_EQ(with_stop.bands[0].box.x + with_stop.bands[0].box.w, line.x + line.w + 11);
}

// A "%" whose slash the scan lost: two rings one above the other, each about a third of the line high. Alone they
// are two bands; against the page's usual line height (35 pixels on that page) one.
TEST(OcrInkLayout, PiecesOfOneCharacterMergeAgainstTheLineHeight) {
  PixPtr ink = ink_crop("percent-rings");
  EXPECT_EQ(layout_of(ink.get(), 0).bands.size(), 2u);
  InkLayout layout = layout_of(ink.get(), 35);
  ASSERT_EQ(layout.bands.size(), 1u);
  EXPECT_EQ(layout.bands[0].parts.size(), 2u);
}

TEST(OcrInkLayout, EmptyOrBadInputHasNoBands) {
  PixPtr blank(pixCreate(100, 40, 1));
  EXPECT_TRUE(ink_layout(blank.get(), whole(blank.get()), kDpi, 0).empty());
  EXPECT_TRUE(ink_layout(nullptr, PixelBox{0, 0, 10, 10}, kDpi, 0).empty());
  EXPECT_EQ(sharp_ink(blank.get(), PixelBox{0, 0, 10, 10}), nullptr);  // 1 bpp: no grey to threshold
}

// --- shape glyphs ---

// "≥95%": the ≥ is found by its shape at the start of the line, over the column of the sign alone.
TEST(OcrShapeGlyphs, AtLeastBeforeANumber) {
  PixPtr ink = ink_crop("at-least-95-percent");
  InkLayout layout = layout_of(ink.get());
  ASSERT_EQ(layout.bands.size(), 1u);
  const Band& band = layout.bands[0];
  PixelBox column;
  ASSERT_STREQ(comparison_sign(ink.get(), band.parts, /*numeric=*/true, /*alone=*/true, &column), "≥");
  EXPECT_EQ(column.x, band.box.x);                  // the first character
  EXPECT_LT(column.x + column.w, band.parts[0].x);  // and not the 9 after it (parts[0] is the 9)
  EXPECT_EQ(dash_text(band, kDpi), nullptr);        // no flat bar
  EXPECT_FALSE(percent_rings(ink.get(), band.parts, band.box.h, &column));  // its % has its slash
}

// A lone "≧" whose bars the blurred scan joined to the chevron: one blot, the cell's only ink.
TEST(OcrShapeGlyphs, LoneJoinedSign) {
  PixPtr ink = ink_crop("lone-sign");
  InkLayout layout = layout_of(ink.get());
  ASSERT_EQ(layout.bands.size(), 1u);
  PixelBox column;
  EXPECT_STREQ(comparison_sign(ink.get(), layout.bands[0].parts, /*numeric=*/false, /*alone=*/true, &column), "≥");
  // Not alone on its line and not before a number, one blot is not taken for a sign.
  EXPECT_EQ(comparison_sign(ink.get(), layout.bands[0].parts, false, false, &column), nullptr);
}

// "工程验收合格率" in a serif face, the cell's only line: the 工 is one blot with a bar across its foot and a serif at
// the right end of its top bar, over a stem in the middle. A chevron's tip reaches the far side; a stem does not.
TEST(OcrShapeGlyphs, SerifGongIsNoSign) {
  PixPtr ink = ink_crop("serif-gong-line");
  InkLayout layout = layout_of(ink.get());
  ASSERT_EQ(layout.bands.size(), 1u);
  PixelBox column;
  EXPECT_EQ(comparison_sign(ink.get(), layout.bands[0].parts, /*numeric=*/false, /*alone=*/true, &column), nullptr);
}

// "15" and "48" (whose digits the scan ran into one blot) are no signs, rings, boxes or dashes.
TEST(OcrShapeGlyphs, DigitsAreNoShapes) {
  for (const char* name : {"15", "48"}) {
    PixPtr ink = ink_crop(name);
    InkLayout layout = layout_of(ink.get());
    ASSERT_EQ(layout.bands.size(), 1u) << name;
    const Band& band = layout.bands[0];
    PixelBox column;
    EXPECT_EQ(comparison_sign(ink.get(), band.parts, true, true, &column), nullptr) << name;
    EXPECT_FALSE(percent_rings(ink.get(), band.parts, band.box.h, &column)) << name;
    EXPECT_EQ(dash_text(band, kDpi), nullptr) << name;
    for (const PixelBox& p : band.parts) EXPECT_EQ(check_box_kind(ink.get(), p, band.parts, band.box.h, true), 0);
  }
}

// The two rings of a "%" without its slash, on a page whose lines are 35 pixels high.
TEST(OcrShapeGlyphs, PercentFromTwoRings) {
  PixPtr ink = ink_crop("percent-rings");
  InkLayout layout = layout_of(ink.get(), 35);
  ASSERT_EQ(layout.bands.size(), 1u);
  const Band& band = layout.bands[0];
  PixelBox column;
  ASSERT_TRUE(percent_rings(ink.get(), band.parts, band.box.h, &column));
  EXPECT_EQ(column.x, band.box.x);
  EXPECT_EQ(column.w, band.box.w);
}

// "一级□ 二级☑": the empty box is found on its own; the ticked one (its tick joined to the outline) once a box was
// found beside it, as read_region() asks in its second pass.
TEST(OcrShapeGlyphs, CheckBoxes) {
  PixPtr ink = ink_crop("check-boxes");
  InkLayout layout = layout_of(ink.get());
  ASSERT_EQ(layout.bands.size(), 1u);
  const Band& band = layout.bands[0];
  std::vector<PixelBox> parts = band.parts;
  std::sort(parts.begin(), parts.end(), [](const PixelBox& a, const PixelBox& b) { return a.x < b.x; });
  // Left to right: 一级 (one part), □, 二 (two parts), 级, ☑; the parts of 二 overlap in x, so only the boxes and
  // their places matter here.
  std::vector<int> alone, beside;
  for (const PixelBox& p : parts) {
    alone.push_back(check_box_kind(ink.get(), p, band.parts, band.box.h, false));
    beside.push_back(check_box_kind(ink.get(), p, band.parts, band.box.h, true));
  }
  EXPECT_EQ(std::count(alone.begin(), alone.end(), 1), 1);
  EXPECT_EQ(std::count(alone.begin(), alone.end(), 2), 0);
  EXPECT_EQ(std::count(beside.begin(), beside.end(), 1), 1);
  EXPECT_EQ(std::count(beside.begin(), beside.end(), 2), 1);
  auto empty_box = std::find(beside.begin(), beside.end(), 1) - beside.begin();
  auto ticked_box = std::find(beside.begin(), beside.end(), 2) - beside.begin();
  EXPECT_LT(empty_box, ticked_box);         // □ before ☑
  EXPECT_EQ(ticked_box, parts.size() - 1);  // ☑ ends the line
}

// "—" standing for "nothing" in a cell.
TEST(OcrShapeGlyphs, Dash) {
  PixPtr ink = ink_crop("dash");
  InkLayout layout = layout_of(ink.get());
  ASSERT_EQ(layout.bands.size(), 1u);
  EXPECT_STREQ(dash_text(layout.bands[0], kDpi), "—");
  // A shorter bar (under 0.08 in) is a hyphen.
  Band short_bar{PixelBox{0, 0, 20, 4}, {PixelBox{0, 0, 20, 4}}};
  EXPECT_STREQ(dash_text(short_bar, kDpi), "-");
}

TEST(OcrShapeGlyphs, ShapeGlyphSpansItsColumnAndLine) {
  Glyph g = shape_glyph("%", PixelBox{100, 7, 50, 3}, 20, 60, kDpi);
  EXPECT_EQ(g.text, "%");
  EXPECT_DOUBLE_EQ(g.box.x0, 100 * kPt);
  EXPECT_DOUBLE_EQ(g.box.x1, 150 * kPt);
  EXPECT_DOUBLE_EQ(g.box.y0, 20 * kPt);
  EXPECT_DOUBLE_EQ(g.box.y1, 60 * kPt);
  EXPECT_EQ(g.confidence, 90);
}

// --- number repair ---

// "36,500" in a tight face: the comma hangs under the 6. Read as chi_sim reads it — five digits, the comma
// dropped — with the digits' boxes measured by eye on the crop (pixels: 3 at 7–26, 6 at 27–47, 5 at 55–74, the
// zeros at 75–95 and 96–115), the ink puts the comma back between the 6 and the 5.
TEST(OcrNumberRepair, ThousandsCommaFromTheInk) {
  PixPtr grey = grey_crop("36500"), ink = ink_crop("36500");
  ASSERT_TRUE(grey);
  InkLayout layout = layout_of(ink.get(), 41);
  ASSERT_EQ(layout.bands.size(), 1u);
  const Band& band = layout.bands[0];
  Reading r;
  const std::pair<const char*, std::pair<int, int>> digits[] = {
      {"3", {7, 27}}, {"6", {27, 48}}, {"5", {55, 75}}, {"0", {75, 96}}, {"0", {96, 116}}};
  for (const auto& [text, x] : digits) {
    Glyph g = glyph(text, x.first * kPt, x.second * kPt, 97);
    g.box.y0 = band.box.y * kPt;
    g.box.y1 = (band.box.y + band.box.h) * kPt;
    r.glyphs.push_back(g);
    r.text += text;
  }
  separators_from_ink(r, grey.get(), band, kDpi);
  EXPECT_EQ(r.text, "36,500");
  ASSERT_EQ(r.glyphs.size(), 6u);
  EXPECT_EQ(text_of(r.glyphs), r.text);
  const Glyph& comma = r.glyphs[2];
  EXPECT_GE(comma.box.x0, 45 * kPt);  // between the 6 and the 5
  EXPECT_LE(comma.box.x1, 56 * kPt);
}

// A reading without digits, or a band without contrast, is left alone.
TEST(OcrNumberRepair, NothingToRepairWithoutDigits) {
  PixPtr grey = grey_crop("36500"), ink = ink_crop("36500");
  InkLayout layout = layout_of(ink.get(), 41);
  const Band& band = layout.bands.at(0);
  Reading letters = reading({"A", "B"});
  separators_from_ink(letters, grey.get(), band, kDpi);
  EXPECT_EQ(letters.text, "AB");
  PixPtr paper(pixCreate(pixGetWidth(grey.get()), pixGetHeight(grey.get()), 8));
  pixSetAllArbitrary(paper.get(), 235);
  Reading digits = reading({"3", "6", "5", "0", "0"});
  separators_from_ink(digits, paper.get(), band, kDpi);
  EXPECT_EQ(digits.text, "36500");
}

TEST(OcrNumberRepair, SeparatorsAsTesseractMisreadsThem) {
  auto repaired = [](const std::vector<std::string>& texts) {
    std::vector<Glyph> g = glyphs_of(texts);
    repair_number_separators(g);
    return text_of(g);
  };
  EXPECT_EQ(repaired({"3", ",", "，", "6", "0", "0"}), "3,600");  // one comma seen twice
  EXPECT_EQ(repaired({"3", "5", "0", ",", "0", "0"}), "350.00");  // two digits after: a decimal point
  EXPECT_EQ(repaired({"9", ",", "5", "%"}), "9.5%");              // one digit after
  EXPECT_EQ(repaired({"3", ",", "6", "0", "0"}), "3,600");        // three after: thousands
  EXPECT_EQ(repaired({"2", ",", ".", "8", "5", "0"}), "2,850");   // a point and a comma: before three digits
  EXPECT_EQ(repaired({"2", ".", ",", "8", "5"}), "2.85");         // … else a point
  EXPECT_EQ(repaired({"2", "6", "0", ":", "0", "0"}), "260.00");  // no time of day
  EXPECT_EQ(repaired({"1", "2", ":", "3", "0"}), "12:30");        // a time of day
  EXPECT_EQ(repaired({"1", ".", "9", "5", "2", ".", "6", "1"}), "1,952.61");  // one decimal point, the last
  EXPECT_EQ(repaired({"第", "1", "、", "2", "项"}), "第1、2项");              // not a number's separators
}

TEST(OcrNumberRepair, NumberWithItsUnit) {
  EXPECT_TRUE(number_with_unit(reading({"5", "次"})));
  EXPECT_TRUE(number_with_unit(reading({"1", ".", "1", "亿条"})));
  EXPECT_FALSE(number_with_unit(reading({"5", ")"})));       // no unit
  EXPECT_FALSE(number_with_unit(reading({"5", "次"}, 85)));  // the number unsure
  EXPECT_FALSE(number_with_unit(reading({"次"})));           // no number
  EXPECT_FALSE(number_with_unit(reading({"5", "吨"})));      // not a unit of the forms
}

// A count is whole: ".ddd" before a unit that counts is a thousands comma read as a point, and is marked as retyped.
TEST(OcrNumberRepair, CountsHaveThousandsCommas) {
  auto counted = [](std::vector<std::string> texts) {
    std::vector<Glyph> g = reading(texts).glyphs;
    count_commas(g);
    return g;
  };
  EXPECT_EQ(text_of(counted({"3", "6", ".", "5", "0", "0", "次"})), "36,500次");
  EXPECT_EQ(text_of(counted({"不", "少", "于", "5", "0", ".", "0", "0", "0", "条"})), "不少于50,000条");
  EXPECT_EQ(text_of(counted({"2", ".", "8", "5", "0", "人", "次"})), "2,850人次");
  std::vector<Glyph> g = counted({"2", ".", "8", "5", "0", "人"});
  EXPECT_EQ(g[1].repairs & repair::kSeparator, repair::kSeparator);
  EXPECT_EQ(g[5].repairs, 0);  // the unit is as read
  // Not a count, or not three decimals: left as read.
  EXPECT_EQ(text_of(counted({"5", ".", "0", "0", "0", "万", "元"})), "5.000万元");
  EXPECT_EQ(text_of(counted({"1", ".", "1", "亿", "条"})), "1.1亿条");
  EXPECT_EQ(text_of(counted({"1", "2", ".", "5", "次"})), "12.5次");
  EXPECT_EQ(text_of(counted({"3", ".", "5", "0", "0", "小", "时"})), "3.500小时");
  EXPECT_EQ(text_of(counted({"1", ",", "2", "3", "4", ".", "5", "6", "7", "次"})), "1,234.567次");  // one point
  EXPECT_EQ(text_of(counted({"3", "6", ".", "5", "0", "0"})), "36.500");                            // no unit
}

// A unit alone at the end of a line whose ink is wider than the unit: a number was lost before it. A band one
// character high (its parts' line 40 px) and 56 px wide holds more than one character; 40 px wide, one.
TEST(OcrNumberRepair, UnitThatLostItsNumber) {
  const Band wide{PixelBox{0, 0, 56, 40}, {PixelBox{0, 0, 56, 40}}};
  const Band square{PixelBox{0, 0, 40, 44}, {PixelBox{0, 4, 40, 6}, PixelBox{2, 14, 36, 26}, PixelBox{20, 0, 2, 2}}};
  EXPECT_TRUE(number_lost_before_unit(reading({"起"}), wide));
  EXPECT_TRUE(number_lost_before_unit(reading({"]", "起"}), wide));  // what chi_sim makes of a 1 set against it
  EXPECT_TRUE(number_lost_before_unit(reading({"(", "起"}), wide));
  EXPECT_FALSE(number_lost_before_unit(reading({"元"}), square));  // one character: nothing before it
  EXPECT_FALSE(number_lost_before_unit(reading({"]", "元"}), square));
  EXPECT_FALSE(number_lost_before_unit(reading({"1", "起"}), wide));   // the number is there
  EXPECT_FALSE(number_lost_before_unit(reading({"发", "起"}), wide));  // words
  EXPECT_FALSE(number_lost_before_unit(reading({"吨"}), wide));        // not a unit of the forms
  // Two-character units need the width of three.
  const Band two{PixelBox{0, 0, 90, 40}, {PixelBox{0, 0, 90, 40}}};
  EXPECT_FALSE(number_lost_before_unit(reading({"人", "次"}), two));
  EXPECT_TRUE(number_lost_before_unit(reading({"人", "次"}), Band{PixelBox{0, 0, 140, 40}, {PixelBox{0, 0, 140, 40}}}));
}

// --- recognition ---

// The first band of a test crop, cleaned as read_region() cleans it: the band, the crop and its top-left page pixel.
struct CleanBand {
  Band band;
  PixPtr crop;
  int ox = -1, oy = -1;
};

CleanBand clean_first_band(const std::string& name) {
  PixPtr grey = grey_crop(name), ink = ink_crop(name);
  CleanBand out;
  out.band = layout_of(ink.get()).bands.at(0);
  out.crop = clean_crop(grey.get(), ink.get(), out.band, whole(grey.get()), kGrow, kMargin, kDpi, &out.ox, &out.oy);
  return out;
}

// "48" read from its crop, cleaned as read_region() cleans a band: two glyphs in order, touching (digits of one
// number hold no space), each spanning the line's rows, in page points.
TEST(OcrRecognition, DigitsOfACell) {
  auto chi_sim = engine("chi_sim");
  if (!chi_sim) GTEST_SKIP() << "chi_sim.traineddata is not installed";
  const auto [band, crop, ox, oy] = clean_first_band("48");
  ASSERT_TRUE(crop);
  EXPECT_EQ(ox, band.box.x - kGrow - kMargin);
  EXPECT_EQ(oy, band.box.y - kGrow - kMargin);
  EXPECT_EQ(pixGetWidth(crop.get()), band.box.w + 2 * (kGrow + kMargin));
  Reading r =
      recognise(*chi_sim, crop.get(), ox, oy, kDpi, tesseract::PSM_SINGLE_LINE, band.box.y, band.box.y + band.box.h);
  chi_sim->Clear();
  EXPECT_EQ(r.text, "48");
  ASSERT_EQ(r.glyphs.size(), 2u);
  EXPECT_DOUBLE_EQ(r.glyphs[0].box.x1, r.glyphs[1].box.x0);
  for (const Glyph& g : r.glyphs) {
    EXPECT_DOUBLE_EQ(g.box.y0, band.box.y * kPt);
    EXPECT_DOUBLE_EQ(g.box.y1, (band.box.y + band.box.h) * kPt);
    EXPECT_GE(g.box.x0, (band.box.x - kGrow) * kPt);
    EXPECT_LE(g.box.x1, (band.box.x + band.box.w + kGrow) * kPt);
    EXPECT_GT(g.confidence, 0);
  }
  EXPECT_GT(r.mean_confidence, 0);
}

// The same "48" given to Tesseract reduced to two thirds (a 300 dpi scan read at 200 dpi): the same text, and boxes
// still in the crop's page points, spanning the line and lying within the band.
TEST(OcrRecognition, ReducedReadingKeepsTheCropsFrame) {
  auto chi_sim = engine("chi_sim");
  if (!chi_sim) GTEST_SKIP() << "chi_sim.traineddata is not installed";
  const auto [band, crop, ox, oy] = clean_first_band("48");
  ASSERT_TRUE(crop);
  const int y0 = band.box.y, y1 = band.box.y + band.box.h;
  Reading full = recognise(*chi_sim, crop.get(), ox, oy, kDpi, tesseract::PSM_SINGLE_LINE, y0, y1);
  Reading r = recognise(*chi_sim, crop.get(), ox, oy, kDpi, tesseract::PSM_SINGLE_LINE, y0, y1, 2.0 / 3.0);
  chi_sim->Clear();
  EXPECT_EQ(r.text, "48");
  ASSERT_EQ(r.glyphs.size(), 2u);
  ASSERT_EQ(full.glyphs.size(), 2u);
  for (std::size_t i = 0; i < r.glyphs.size(); ++i) {
    const Glyph& g = r.glyphs[i];
    EXPECT_DOUBLE_EQ(g.box.y0, y0 * kPt);
    EXPECT_DOUBLE_EQ(g.box.y1, y1 * kPt);
    // Where the full-scale reading puts the digit, within two pixels of the reduced image (three of the crop's).
    EXPECT_NEAR(g.box.cx(), full.glyphs[i].box.cx(), 3 * kPt);
  }
}

// Scans finer than kReadDpi are read at it when that is an area-mapping reduction (below 0.7); coarser scans, scans
// barely finer (a 220 dpi photo) and rasterised pages (no source resolution) are read as they are.
TEST(OcrRecognition, ReadScale) {
  EXPECT_DOUBLE_EQ(read_scale(300, 300), kReadDpi / 300);
  EXPECT_DOUBLE_EQ(read_scale(300, 400), kReadDpi / 300);  // reduced onto the 300 dpi page image first
  EXPECT_DOUBLE_EQ(read_scale(300, 600), kReadDpi / 300);
  EXPECT_DOUBLE_EQ(read_scale(300, 200), 1);
  EXPECT_DOUBLE_EQ(read_scale(300, 150), 1);
  EXPECT_DOUBLE_EQ(read_scale(300, 220), 1);  // 0.91: not an area-mapping reduction
  EXPECT_DOUBLE_EQ(read_scale(300, 0), 1);    // rasterised
  EXPECT_DOUBLE_EQ(read_scale(200, 300), 1);  // a page image already at 200 dpi (max_pixels_per_page)
}

// A crop with nothing to clean is no crop.
TEST(OcrRecognition, CleanCropOfNothing) {
  PixPtr grey = grey_crop("48"), ink = ink_crop("48");
  int ox = 0, oy = 0;
  Band outside{PixelBox{500, 500, 10, 10}, {}};
  EXPECT_EQ(clean_crop(grey.get(), ink.get(), outside, whole(grey.get()), kGrow, kMargin, kDpi, &ox, &oy), nullptr);
  EXPECT_EQ(clean_crop(ink.get(), ink.get(), layout_of(ink.get()).bands.at(0), whole(ink.get()), kGrow, kMargin, kDpi,
                       &ox, &oy),
            nullptr);  // not 8 bpp
}

// The line "36,500" as the pipeline reads it: chi_sim, then the separators the ink shows.
TEST(OcrRecognition, ThousandsCommaAfterRecognition) {
  auto chi_sim = engine("chi_sim");
  if (!chi_sim) GTEST_SKIP() << "chi_sim.traineddata is not installed";
  PixPtr grey = grey_crop("36500"), ink = ink_crop("36500");
  InkLayout layout = layout_of(ink.get(), 41);
  const Band& band = layout.bands.at(0);
  int ox = 0, oy = 0;
  PixPtr crop = clean_crop(grey.get(), ink.get(), band, whole(grey.get()), kGrow, kMargin, kDpi, &ox, &oy);
  ASSERT_TRUE(crop);
  Reading r =
      recognise(*chi_sim, crop.get(), ox, oy, kDpi, tesseract::PSM_SINGLE_LINE, band.box.y, band.box.y + band.box.h);
  chi_sim->Clear();
  separators_from_ink(r, grey.get(), band, kDpi);
  repair_number_separators(r.glyphs);
  EXPECT_EQ(text_of(r.glyphs), "36,500");
}

// --- arbitration ---

TEST(OcrArbitration, LooksNumeric) {
  EXPECT_TRUE(looks_numeric("1,952.61"));
  EXPECT_TRUE(looks_numeric("100%"));
  EXPECT_TRUE(looks_numeric("≥95%"));
  EXPECT_TRUE(looks_numeric("五952.61"));  // a misread leading digit
  EXPECT_TRUE(looks_numeric("工00%"));
  EXPECT_FALSE(looks_numeric("36份"));  // a unit: keep chi_sim's reading
  EXPECT_FALSE(looks_numeric("不少于30份"));
  EXPECT_FALSE(looks_numeric("无"));
  EXPECT_FALSE(looks_numeric("—"));
  EXPECT_FALSE(looks_numeric(""));
}

// "15": two narrow digit-high parts. The first line of "不少于36,500" (CJK characters of all shapes) and "48" (one
// blot) are not.
TEST(OcrArbitration, DigitLikeInk) {
  PixPtr fifteen = ink_crop("15");
  EXPECT_TRUE(digit_like(layout_of(fifteen.get()).bands.at(0)));
  PixPtr forty_eight = ink_crop("48");
  EXPECT_FALSE(digit_like(layout_of(forty_eight.get()).bands.at(0)));
  PixPtr text = ink_crop("at-least-36500-times");
  EXPECT_FALSE(digit_like(layout_of(text.get(), 41).bands.at(0)));
}

TEST(OcrArbitration, BetterReading) {
  // A separator one engine lost: the reading with it.
  EXPECT_TRUE(better_reading(reading({"3", "5", "0", ".", "0", "0"}, 80), reading({"3", "5", "0", "0", "0"}, 99)));
  // A malformed number loses, however sure.
  EXPECT_TRUE(better_reading(reading({"3", ",", "8", "4", "0"}, 70), reading({"3", ",", ",", "8", "4", "0"}, 99)));
  // The other reading with sure glyphs added (the "9" of 96.8% that one engine dropped).
  Reading dropped = reading({"6", ".", "8", "%"}, 99);
  Reading full = reading({"9", "6", ".", "8", "%"}, 97);
  EXPECT_TRUE(better_reading(full, dropped));
  EXPECT_FALSE(better_reading(dropped, full));
  // An unsure glyph added is noise: then the surer reading.
  Reading noisy = reading({"4", "1", "5"}, 99);
  noisy.glyphs[0].confidence = 80;
  noisy.mean_confidence = 92;
  EXPECT_FALSE(better_reading(noisy, reading({"1", "5"}, 95)));
  // Nothing read never wins.
  EXPECT_FALSE(better_reading(Reading{}, reading({"1"}, 10)));
  EXPECT_TRUE(better_reading(reading({"1"}, 10), Reading{}));
}

TEST(OcrArbitration, MaybeMisreadNumber) {
  EXPECT_TRUE(maybe_misread_number(reading({"让", "2", "人", "Q", "Q", "O"}, 60)));
  EXPECT_FALSE(maybe_misread_number(reading({"不", "少", "于", "3"}, 95)));  // sure CJK text
  EXPECT_FALSE(maybe_misread_number(reading({"运", "营"}, 60)));             // nothing Latin
}

// "12个" at 300 dpi: parts 1 [100,112), 2 [114,128), 个 [131,170). The kept reading "1个" put its "1" over
// [100,118) and its 个 over [118,170): with a margin of 4 the span [96,122) covers 8 of the 2's 14 columns, so the
// 2 is taken whole ([96,132)); the 个 is not reached. Read right ("12" over [100,128)), the span [96,132) reaches 1
// of the 个's 39 columns: the cut is the span, nothing more.
TEST(OcrArbitration, SecondReadingTakesWholeTheDigitsItsSpanMostlyCovers) {
  const std::vector<PixelBox> parts = {{100, 0, 12, 30}, {114, 0, 14, 30}, {131, 0, 39, 30}};
  int lo = 100, hi = 118;
  second_reading_columns(parts, 4, &lo, &hi);
  EXPECT_EQ(lo, 96);
  EXPECT_EQ(hi, 132);
  lo = 100, hi = 128;
  second_reading_columns(parts, 4, &lo, &hi);
  EXPECT_EQ(lo, 96);
  EXPECT_EQ(hi, 132);
  // A span covering half of a part or less leaves it out.
  lo = 100, hi = 117;
  second_reading_columns(parts, 4, &lo, &hi);
  EXPECT_EQ(hi, 121);
}

// The characters the ink shows, drawn apart: "100%" (a % whose rings touch the slash) holds four, so of the readings
// "1009%" and "100%" only the second accounts for the ink. "15" holds two; "48", one blot wider than a digit, may
// hold two or one and is not counted. In "≥95%" the sign found by its shape is left out of both counts.
TEST(OcrArbitration, CharactersInTheInk) {
  PixPtr hundred = ink_crop("100-percent");
  InkLayout layout = layout_of(hundred.get());
  ASSERT_EQ(layout.bands.size(), 1u);
  EXPECT_EQ(characters_in_ink(layout.bands[0], nullptr), 4);
  EXPECT_EQ(counted_characters(reading({"1", "0", "0", "%"}), -1), 4);
  EXPECT_EQ(counted_characters(reading({"1", "0", "0", "9", "%"}), -1), 5);
  PixPtr fifteen = ink_crop("15");
  EXPECT_EQ(characters_in_ink(layout_of(fifteen.get()).bands.at(0), nullptr), 2);
  PixPtr forty_eight = ink_crop("48");
  EXPECT_EQ(characters_in_ink(layout_of(forty_eight.get()).bands.at(0), nullptr), 0);

  PixPtr at_least = ink_crop("at-least-95-percent");
  const InkLayout at_least_layout = layout_of(at_least.get());
  const Band& band = at_least_layout.bands.at(0);
  PixelBox column;
  ASSERT_NE(comparison_sign(at_least.get(), band.parts, true, true, &column), nullptr);
  const int in_ink = characters_in_ink(band, &column);
  const double after = (column.x + column.w) * kPt;
  // The sign read as 二 or as 2 sits left of `after` (reading() puts glyphs 5 pt apart from x = 0).
  Reading with_sign = reading({"二", "9", "5", "%"});
  for (Glyph& g : with_sign.glyphs) g.box = Box{g.box.x0 + after - 5, 0, g.box.x1 + after - 5, 10};
  EXPECT_EQ(counted_characters(with_sign, after), 3);
  EXPECT_EQ(in_ink, 3);  // 9, 5 and %: the grain right of the % is a speck ink_layout leaves out
  // Points and spaces are not counted; a CJK character makes the reading uncountable.
  EXPECT_EQ(counted_characters(reading({"9", "9", ".", "9", "5", "%"}), -1), 5);
  EXPECT_EQ(counted_characters(reading({"1", "]", "1", "5"}), -1), 4);  // a letter or bracket made of a digit counts
  EXPECT_EQ(counted_characters(reading({"3", "6", "份"}), -1), -1);
}

// Three CJK characters in a band 40 pixels high need about 3 × 36 pixels: 80 is too narrow for them, 120 is not.
TEST(OcrArbitration, TooManyCharactersForTheBand) {
  Reading three = reading({"人", "和", "群"});
  EXPECT_TRUE(too_many_characters(three, Band{PixelBox{0, 0, 80, 40}, {}}));
  EXPECT_FALSE(too_many_characters(three, Band{PixelBox{0, 0, 120, 40}, {}}));
  EXPECT_FALSE(too_many_characters(reading({"人", "2"}), Band{PixelBox{0, 0, 10, 40}, {}}));  // not all CJK
}

// A heading with letters and brackets read surely as words is words; a unit after unsure letters, a line with a
// digit, or words read unsurely are not.
TEST(OcrArbitration, StrayCloser) {
  EXPECT_TRUE(stray_closer("不超过]次"));
  EXPECT_TRUE(stray_closer("1]次"));
  EXPECT_TRUE(stray_closer("万元）"));  // a heading wrapped after its bracket opened: read by the model too, no harm
  EXPECT_FALSE(stray_closer("执行率(B/A)"));
  EXPECT_FALSE(stray_closer("项目资金（万元）"));
  EXPECT_FALSE(stray_closer("全年预算数("));
  EXPECT_FALSE(stray_closer("100%"));
  // Of two readings, one without a stray bracket is the better.
  EXPECT_TRUE(better_reading(reading({"1", "次"}, 90), reading({"1", "]", "次"})));
  EXPECT_FALSE(better_reading(reading({"1", "]", "次"}), reading({"1", "次"}, 90)));
}

TEST(OcrArbitration, ReadAsWords) {
  Reading heading = reading({"执", "行", "率", "(", "B", "/", "A", ")"});
  EXPECT_TRUE(read_as_words(heading, 3, 96));
  EXPECT_FALSE(read_as_words(heading, 4, 96));                                     // three ideographs, not four
  EXPECT_FALSE(read_as_words(reading({"L", "D", "个"}), 3, 96));                   // one ideograph
  EXPECT_FALSE(read_as_words(reading({"不", "少", "于", "2", "6", "0"}), 3, 96));  // a digit
  EXPECT_FALSE(read_as_words(reading({"执", "行", "率"}, 90), 3, 96));             // unsure
  Reading mixed = reading({"执", "行", "率"});
  mixed.glyphs[1].confidence = 50;
  EXPECT_FALSE(read_as_words(mixed, 3, 96));  // two sure of three
}

// "数字资源更新条数", a clear line Tesseract's line mode reads as nothing at its own scale (300 dpi, AR PL UMing): the
// cell reader reads it again at another scale.
TEST(OcrRecognition, LineReadAsNothingIsReadAgainScaled) {
  auto chi_sim = engine("chi_sim");
  if (!chi_sim) GTEST_SKIP() << "chi_sim.traineddata is not installed";
  PixPtr grey = grey_crop("unread-line"), ink = ink_crop("unread-line");
  InkLayout layout = layout_of(ink.get());
  ASSERT_EQ(layout.bands.size(), 1u);
  const Band& band = layout.bands[0];
  int ox = -1, oy = -1;
  PixPtr crop = clean_crop(grey.get(), ink.get(), band, whole(grey.get()), kGrow, kMargin, kDpi, &ox, &oy);
  ASSERT_TRUE(crop);
  Reading once =
      recognise(*chi_sim, crop.get(), ox, oy, kDpi, tesseract::PSM_SINGLE_LINE, band.box.y, band.box.y + band.box.h);
  chi_sim->Clear();
  EXPECT_EQ(once.text, "");  // what the retry is for: if the engine ever reads it at once, this test says so
  OcrApis apis;
  apis.text = chi_sim.get();
  std::vector<Glyph> glyphs = read_region(apis, grey.get(), ink.get(), whole(grey.get()), kDpi, RegionKind::Cell);
  EXPECT_EQ(text_of(glyphs), "数字资源更新条数");
}

// --- punctuation ---

TEST(OcrPunctuation, QuotesAlternate) {
  std::vector<Glyph> g = glyphs_of({"”", "一网", "通办", "”", "项目"});
  alternate_quotes(g);
  EXPECT_EQ(text_of(g), "“一网通办”项目");
  std::vector<Glyph> closed = glyphs_of({"“", "好", "”", "。"});
  alternate_quotes(closed);
  EXPECT_EQ(text_of(closed), "“好”。");
}

// A colon or semicolon between two ideographs is the Chinese one; elsewhere, and commas, stay as read.
TEST(OcrPunctuation, ChineseColonsBetweenIdeographs) {
  std::vector<Glyph> g = glyphs_of({"其", "中", ":", "当", "年", ";", "其", "他"});
  chinese_colons(g);
  EXPECT_EQ(text_of(g), "其中：当年；其他");
  std::vector<Glyph> h = glyphs_of({"1", "2", ":", "3", "0", "次", ",", "更", "率", ":"});
  chinese_colons(h);
  EXPECT_EQ(text_of(h), "12:30次,更率:");
  std::vector<Glyph> label = glyphs_of({"指", "标", "1", "2", ":", "财", "政"});
  chinese_colons(label);
  EXPECT_EQ(text_of(label), "指标12：财政");
  std::vector<Glyph> time = glyphs_of({"1", "2", ":", "财"});
  chinese_colons(time);
  EXPECT_EQ(text_of(time), "12:财");
}

// ".。" over one small blot of ink is one full stop; over two blots (an ellipsis, say) it stays.
TEST(OcrPunctuation, OneFullStopForOneBlot) {
  const double k = kPt;
  std::vector<Glyph> g = {glyph("好", 0, 40 * k), glyph(".", 40 * k, 45 * k), glyph("。", 45 * k, 55 * k)};
  Band one{PixelBox{0, 0, 60, 40}, {PixelBox{0, 0, 38, 40}, PixelBox{44, 30, 6, 6}}};
  one_full_stop(g, one, kDpi);
  EXPECT_EQ(text_of(g), "好。");
  ASSERT_EQ(g.size(), 2u);
  EXPECT_DOUBLE_EQ(g[1].box.x1, 55 * k);
  std::vector<Glyph> h = {glyph("好", 0, 40 * k), glyph(".", 40 * k, 45 * k), glyph("。", 45 * k, 55 * k)};
  Band two{PixelBox{0, 0, 60, 40}, {PixelBox{0, 0, 38, 40}, PixelBox{41, 30, 3, 3}, PixelBox{48, 30, 5, 5}}};
  one_full_stop(h, two, kDpi);
  EXPECT_EQ(text_of(h), "好.。");
}

// The second line recognizer (PP-OCRv4 under OpenCV's DNN module, installed by scripts/install-models.sh) on grey
// crops of scanned cells, each line cut at its band's ink: it reads the numbers as printed, and its glyphs lie in
// reading order inside the band.
TEST(OcrLineModel, ReadsTheNumbersOfScannedCells) {
  std::string error;
  std::unique_ptr<LineModel> model = LineModel::open(line_model_dir(), &error);
  ASSERT_TRUE(model) << error << " (run scripts/install-models.sh)";
  const std::pair<const char*, const char*> cells[] = {{"36500", "36,500"}, {"48", "48"}, {"100-percent", "100%"}};
  for (const auto& [name, want] : cells) {
    PixPtr grey = grey_crop(name);
    PixPtr ink = ink_crop(name);
    ASSERT_TRUE(grey && ink) << name;
    InkLayout layout = layout_of(ink.get());
    ASSERT_EQ(layout.bands.size(), 1U) << name;
    const PixelBox& b = layout.bands[0].box;
    Reading r = model->read_line(grey.get(), 0, 0, kDpi, b.x, b.y, b.x + b.w, b.y + b.h);
    EXPECT_EQ(r.text, want) << name;
    double x = -1;
    for (const Glyph& g : r.glyphs) {
      EXPECT_GE(g.box.x0, x) << name << " " << g.text;
      EXPECT_GT(g.box.x1, g.box.x0) << name << " " << g.text;
      EXPECT_GE(g.box.x0, (b.x - b.h) * kPt) << name << " " << g.text;
      EXPECT_LE(g.box.x1, (b.x + b.w + b.h) * kPt) << name << " " << g.text;
      EXPECT_NEAR(g.box.y0, b.y * kPt, 1e-9);
      EXPECT_NEAR(g.box.y1, (b.y + b.h) * kPt, 1e-9);
      EXPECT_GT(g.confidence, 50) << name << " " << g.text;
      x = g.box.x1 - 1e-9;
    }
  }
}

// "健身器材验收合格率" from a JPEG (quality 25) scan at 150 dpi, rendered at 300: chi_sim reads a character of it with
// little confidence and wrongly; the cell reader puts such a line of words to the line model, whose reading of as
// many characters, read more surely, it takes.
TEST(OcrLineModel, UnsureLineOfWordsIsReadByTheLineModel) {
  auto chi_sim = engine("chi_sim");
  if (!chi_sim) GTEST_SKIP() << "chi_sim.traineddata is not installed";
  std::string error;
  std::unique_ptr<LineModel> model = LineModel::open(line_model_dir(), &error);
  ASSERT_TRUE(model) << error << " (run scripts/install-models.sh)";
  PixPtr grey = grey_crop("fitness-equipment"), ink = ink_crop("fitness-equipment");
  ASSERT_TRUE(grey && ink);
  OcrApis apis;
  apis.text = chi_sim.get();
  // What the step is for: if chi_sim alone ever reads this line right, this says so.
  EXPECT_NE(text_of(read_region(apis, grey.get(), ink.get(), whole(grey.get()), kDpi, RegionKind::Cell)),
            "健身器材验收合格率");
  apis.lines = [&model] { return model.get(); };
  std::vector<Glyph> glyphs = read_region(apis, grey.get(), ink.get(), whole(grey.get()), kDpi, RegionKind::Cell);
  EXPECT_EQ(text_of(glyphs), "健身器材验收合格率");
  for (const Glyph& g : glyphs) EXPECT_EQ(g.repairs, 0) << g.text;  // words, no value: nothing to flag
}

// "1起" from a clean 200 dpi scan, the 1 touching 起: chi_sim reads "]起", the line model "起". Read as a number
// and its unit, the line gives the 1 back, flagged: the readings disagreed, and a cut was made to find it.
TEST(OcrLineModel, UnitThatLostItsNumberIsReadAsNumberAndUnit) {
  auto chi_sim = engine("chi_sim"), eng = engine("eng");
  if (!chi_sim || !eng) GTEST_SKIP() << "chi_sim or eng traineddata is not installed";
  eng->SetVariable("tessedit_char_whitelist", "0123456789.,%-+<>=");  // as extract/ocr/ocr.cpp starts it
  std::string error;
  std::unique_ptr<LineModel> model = LineModel::open(line_model_dir(), &error);
  ASSERT_TRUE(model) << error << " (run scripts/install-models.sh)";
  PixPtr grey = grey_crop("one-incident"), ink = ink_crop("one-incident");
  ASSERT_TRUE(grey && ink);
  InkLayout layout = layout_of(ink.get());
  ASSERT_EQ(layout.bands.size(), 1U);
  const PixelBox& b = layout.bands[0].box;
  // What the step is for: neither reader alone sees the 1.
  EXPECT_EQ(model->read_line(grey.get(), 0, 0, kDpi, b.x, b.y, b.x + b.w, b.y + b.h).text, "起");
  OcrApis apis;
  apis.text = chi_sim.get();
  apis.digits = [&eng] { return eng.get(); };
  apis.lines = [&model] { return model.get(); };
  std::vector<Glyph> glyphs = read_region(apis, grey.get(), ink.get(), whole(grey.get()), kDpi, RegionKind::Cell);
  EXPECT_EQ(text_of(glyphs), "1起");
  ASSERT_FALSE(glyphs.empty());
  EXPECT_NE(glyphs.front().repairs & repair::kSplit, 0) << "a number found by a cut is flagged";
}

// A folder without the model is no model, and says how to get one.
TEST(OcrLineModel, MissingModelIsReported) {
  std::string error;
  EXPECT_EQ(LineModel::open(kCrops, &error), nullptr);
  EXPECT_NE(error.find("install-models.sh"), std::string::npos) << error;
}

// --- pen marks ---

// Two rows of a colour scan's table (operators-2023 p. 1 of the marked tuning set, 300 dpi) with a black ballpoint
// signature across them: its zigzag, cut by the row's ruling, lies at the top of the "33,600人次" cell, and its strokes
// curl round "28次" above. The cells (crop pixels) as enclosed_regions() found them on the page.
TEST(OcrPenMarks, SignatureStrokesLeaveTheCellsAndPrintStays) {
  PixPtr grey = grey_crop("signature-row");
  PixPtr ink = ink_crop("signature-row");
  ASSERT_TRUE(grey && ink);
  const std::vector<PixelBox> cells = {{35, 0, 265, 77},    {310, 0, 250, 77},  {568, 0, 133, 77},
                                       {710, 0, 150, 76},   {35, 85, 265, 128}, {310, 85, 250, 128},
                                       {568, 85, 133, 128}, {710, 85, 150, 128}};
  const PixelBox zigzag{310, 85, 250, 25}, number{310, 115, 250, 98}, print_left{35, 0, 265, 213};
  const int zigzag_before = ink_in(ink.get(), zigzag), number_before = ink_in(ink.get(), number);
  const int left_before = ink_in(ink.get(), print_left);
  ASSERT_GT(zigzag_before, 100);
  PixPtr clean(pixCopy(nullptr, grey.get()));
  const std::vector<PixelBox> removed = remove_pen_marks(grey.get(), ink.get(), clean.get(), cells, kDpi);
  EXPECT_FALSE(removed.empty());
  EXPECT_EQ(ink_in(ink.get(), zigzag), 0);                // the zigzag is gone from the ink
  EXPECT_EQ(ink_in(ink.get(), number), number_before);    // the number under it is whole
  EXPECT_EQ(ink_in(ink.get(), print_left), left_before);  // and the print of the cells beside it untouched
  auto chi_sim = engine("chi_sim");
  if (!chi_sim) GTEST_SKIP() << "chi_sim.traineddata is not installed";
  OcrApis apis;
  apis.text = chi_sim.get();
  EXPECT_EQ(text_of(read_region(apis, clean.get(), ink.get(), cells[5], kDpi, RegionKind::Cell)), "33,600人次");
}

// A stroke run through print is one piece with it and as dark: on a page where a pen was seen (the "(" beside "30天"
// is a stroke of its own), the piece is parted. What lies away from the print's dark pixels goes; the print stays.
TEST(OcrPenMarks, AStrokeThroughPrintIsPartedFromIt) {
  PixPtr grey = grey_crop("crossed-row");
  PixPtr ink = ink_crop("crossed-row");
  ASSERT_TRUE(grey && ink);
  const std::vector<PixelBox> cells = {{0, 0, 208, 126},    {218, 0, 424, 126},  {652, 0, 266, 126}, {926, 0, 250, 126},
                                       {1184, 0, 133, 126}, {1327, 0, 149, 126}, {1485, 0, 392, 127}};
  // Checked by eye on the crop enlarged: the last "10"'s digits lie between y 46 and 75, the stroke's zigzag under
  // them from y 78 (its legs meet the "1" and the "0" at their feet); the first three cells hold print only.
  const PixelBox zigzag{1327, 86, 149, 40}, digits{1327, 46, 149, 30}, print{0, 0, 918, 126};
  const int zigzag_before = ink_in(ink.get(), zigzag), digits_before = ink_in(ink.get(), digits);
  const int print_before = ink_in(ink.get(), print);
  ASSERT_GT(zigzag_before, 400);
  PixPtr clean(pixCopy(nullptr, grey.get()));
  const std::vector<PixelBox> removed = remove_pen_marks(grey.get(), ink.get(), clean.get(), cells, kDpi);
  EXPECT_TRUE(std::any_of(removed.begin(), removed.end(), [&](const PixelBox& b) { return overlap(b, cells[5]); }))
      << "the cell whose stroke was parted off says so";
  // The zigzag's long strokes go; a stub shorter than a stroke's length (kPartExtent) may stay on the digits' feet.
  EXPECT_LT(ink_in(ink.get(), zigzag), zigzag_before / 2);
  EXPECT_EQ(ink_in(ink.get(), digits), digits_before);
  EXPECT_EQ(ink_in(ink.get(), print), print_before);

  // The same cells without a mark of their own (the "(" beside "30天" and the seal's fringe along the top of the last
  // "10"'s cell cleared, the cells right of it cut off): dark pieces are parted only on a page where a pen was seen,
  // and the zigzag stays.
  PixPtr full = ink_crop("crossed-row");
  BoxPtr left(boxCreate(0, 0, 1476, 127));
  PixPtr part_ink(pixClipRectangle(full.get(), left.get(), nullptr));
  PixPtr part_grey(pixClipRectangle(grey.get(), left.get(), nullptr));
  ASSERT_TRUE(part_ink && part_grey);
  BoxPtr stroke_cell(boxCreate(cells[3].x, cells[3].y, cells[3].w, cells[3].h));
  BoxPtr fringe(boxCreate(cells[5].x, 0, cells[5].w, 24));
  pixClearInRect(part_ink.get(), stroke_cell.get());
  pixClearInRect(part_ink.get(), fringe.get());
  const std::vector<PixelBox> unsigned_cells(cells.begin(), cells.begin() + 6);
  const int ink_before = ink_in(part_ink.get(), whole(part_ink.get()));
  EXPECT_TRUE(remove_pen_marks(part_grey.get(), part_ink.get(), nullptr, unsigned_cells, kDpi).empty());
  EXPECT_EQ(ink_in(part_ink.get(), whole(part_ink.get())), ink_before);
}

// Print that reaches its cell's edge (cells drawn tight round the text of the first column) is as dark as the page's
// print and stays; a page with too little print to know its tone is left alone.
TEST(OcrPenMarks, PrintAtACellsEdgeIsKept) {
  PixPtr grey = grey_crop("signature-row");
  PixPtr ink = ink_crop("signature-row");
  ASSERT_TRUE(grey && ink);
  std::vector<PixelBox> cells;
  for (const PixelBox& c : {PixelBox{35, 0, 265, 77}, PixelBox{35, 85, 265, 128}}) {
    BoxPtr cell(boxCreate(c.x, c.y, c.w, c.h));
    BOX* tight = nullptr;
    ASSERT_EQ(pixClipBoxToForeground(ink.get(), cell.get(), nullptr, &tight), 0);
    BoxPtr held(tight);
    PixelBox b;
    boxGetGeometry(tight, &b.x, &b.y, &b.w, &b.h);
    cells.push_back(b);
  }
  const int before = ink_in(ink.get(), whole(ink.get()));
  EXPECT_TRUE(remove_pen_marks(grey.get(), ink.get(), nullptr, cells, kDpi).empty());
  EXPECT_EQ(ink_in(ink.get(), whole(ink.get())), before);
  PixPtr blank(pixCreate(100, 40, 1)), paper(pixCreate(100, 40, 8));
  EXPECT_TRUE(remove_pen_marks(paper.get(), blank.get(), nullptr, {}, kDpi).empty());
  EXPECT_TRUE(remove_pen_marks(nullptr, nullptr, nullptr, {}, kDpi).empty());
}

}  // namespace
}  // namespace jx::extract::ocr
