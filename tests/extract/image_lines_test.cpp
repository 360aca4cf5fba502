// The OCR path's image stage on real renders: ruling lines found in a rendered born-digital page agree with the
// vector rulings read_pdf() reads from the same page; skew is measured on pages turned by known angles; enclosed
// regions give merged cells; dashes and character strokes are not taken for rulings.
#include "extract/ocr/image_lines.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "extract/pdf/pdf_reader.h"
#include "extract/pdf/render.h"

namespace jx::extract {
namespace {

const std::string kSamples = std::string(JX_SOURCE_DIR) + "/samples/";

RenderedPage render_page(const std::string& file, int page, int dpi = 300) {
  Limits limits;
  limits.render_dpi = dpi;
  PageRenderer renderer;
  FileError err = renderer.open(kSamples + file, limits);
  EXPECT_EQ(err.outcome, Outcome::Ok) << err.message;
  return renderer.render(page, limits);
}

// Distance from point (x, y) to segment s, in points.
double distance_to(const Segment& s, double x, double y) {
  double cx = std::clamp(x, s.x0, s.x1), cy = std::clamp(y, s.y0, s.y1);
  return std::hypot(x - cx, y - cy);
}

double distance_to_any(const std::vector<Segment>& segs, double x, double y) {
  double best = 1e9;
  for (const Segment& s : segs) best = std::min(best, distance_to(s, x, y));
  return best;
}

// Every point of `a` (sampled every 2 pt, ends trimmed by `trim`) lies within `tol` of some segment of `b`.
void expect_covered(const std::vector<Segment>& a, const std::vector<Segment>& b, double tol, double trim,
                    const char* what) {
  int misses = 0;
  for (const Segment& s : a) {
    double len = s.horizontal() ? s.x1 - s.x0 : s.y1 - s.y0;
    for (double t = trim; t <= len - trim; t += 2.0) {
      double x = s.horizontal() ? s.x0 + t : s.x0, y = s.horizontal() ? s.y0 : s.y0 + t;
      if (distance_to_any(b, x, y) > tol) {
        if (++misses <= 5)
          ADD_FAILURE() << what << ": point (" << x << ", " << y << ") of segment (" << s.x0 << ", " << s.y0 << ")–("
                        << s.x1 << ", " << s.y1 << ") has no counterpart";
      }
    }
  }
  EXPECT_EQ(misses, 0) << what;
}

void compare_with_vector_rulings(const std::string& file, int page) {
  auto read = read_pdf(kSamples + file, Limits{});
  ASSERT_TRUE(read.ok()) << read.error.message;
  const Page& vector_page = read.document->pages.at(page - 1);
  ASSERT_FALSE(vector_page.segments.empty());
  RenderedPage r = render_page(file, page);
  ASSERT_TRUE(r.pix) << r.error;
  PixPtr bin = binarise(r.pix.get());
  ASSERT_TRUE(bin);
  RulingLines lines = detect_ruling_lines(bin.get(), r.dpi);
  ASSERT_FALSE(lines.segments.empty());
  // Both directions: no vector ruling is missed (beyond 1.5 pt, ends trimmed by 3 pt where lines meet at corners),
  // and nothing is detected that is not drawn.
  expect_covered(vector_page.segments, lines.segments, 1.5, 3.0, "vector ruling missed by the image detector");
  expect_covered(lines.segments, vector_page.segments, 1.5, 3.0, "detected line not drawn in the PDF");
}

TEST(ImageLines, RenderedTableMatchesVectorRulings) { compare_with_vector_rulings("all-report-rules-2021.pdf", 1); }

TEST(ImageLines, RenderedNarrowGridMatchesVectorRulings) {
  // The replica's self-evaluation table: 2 characters per line in narrow columns, merged 一级/二级 cells.
  compare_with_vector_rulings("guangzhou-suizhiguan-2021.pdf", 5);
}

TEST(ImageLines, PageSizeInPointsFollowsTheRenderResolution) {
  RenderedPage r = render_page("all-report-rules-2021.pdf", 1, 150);
  ASSERT_TRUE(r.pix);
  EXPECT_EQ(r.dpi, 150);
  // A4 is 595.3 × 841.9 pt: 1240 × 1754 pixels at 150 dpi.
  EXPECT_NEAR(pixGetWidth(r.pix.get()), 595.276 * 150 / 72, 1.5);
  EXPECT_NEAR(pixGetHeight(r.pix.get()), 841.89 * 150 / 72, 1.5);
}

TEST(ImageLines, PixelLimitLowersTheResolution) {
  Limits limits;
  limits.max_pixels_per_page = 2'000'000;  // A4 at 300 dpi is 8.7 Mpx; sqrt(2e6 / (595.28 · 841.89)) · 72 = 143.8
  PageRenderer renderer;
  ASSERT_EQ(renderer.open(kSamples + "all-report-rules-2021.pdf", limits).outcome, Outcome::Ok);
  RenderedPage r = renderer.render(1, limits);
  ASSERT_TRUE(r.pix) << r.error;
  EXPECT_EQ(r.dpi, 143);
  EXPECT_LE(static_cast<double>(pixGetWidth(r.pix.get())) * pixGetHeight(r.pix.get()), 2'000'000.0);
  EXPECT_NE(r.warning.find("max_pixels_per_page"), std::string::npos);
}

TEST(ImageLines, MissingPageIsAnErrorNotACrash) {
  PageRenderer renderer;
  ASSERT_EQ(renderer.open(kSamples + "all-report-rules-2021.pdf", Limits{}).outcome, Outcome::Ok);
  RenderedPage r = renderer.render(9, Limits{});
  EXPECT_FALSE(r.pix);
  EXPECT_FALSE(r.error.empty());
  EXPECT_EQ(renderer.open(kSamples + "no-such-file.pdf", Limits{}).outcome, Outcome::NotFound);
}

// Turns a rendered page by `degrees` (counter-clockwise) and measures it back.
void expect_skew_found(double degrees) {
  RenderedPage r = render_page("all-report-rules-2021.pdf", 1);
  ASSERT_TRUE(r.pix);
  PixPtr turned = rotate_by(r.pix.get(), degrees);
  ASSERT_TRUE(turned);
  PixPtr bin = binarise(turned.get());
  SkewEstimate s = find_skew(bin.get(), 3.0);
  EXPECT_TRUE(s.found);
  EXPECT_NEAR(s.degrees, degrees, 0.2);
  // Turning it back straightens it.
  PixPtr straight = rotate_by(turned.get(), -s.degrees);
  PixPtr straight_bin = binarise(straight.get());
  EXPECT_NEAR(find_skew(straight_bin.get(), 3.0).degrees, 0.0, 0.15);
}

TEST(ImageLines, SkewOfPlusOnePointFiveDegrees) { expect_skew_found(1.5); }
TEST(ImageLines, SkewOfMinusTwoDegrees) { expect_skew_found(-2.0); }

TEST(ImageLines, RotateByIsCounterClockwise) {
  // A horizontal bar turned counter-clockwise (y down) has its right end higher than its left end.
  PixPtr pix(pixCreate(400, 400, 8));
  pixSetAll(pix.get());  // white
  pixRasterop(pix.get(), 50, 198, 300, 4, PIX_CLR, nullptr, 0, 0);
  PixPtr turned = rotate_by(pix.get(), 10.0);
  PixPtr bin = binarise(turned.get());
  l_uint32 left = 0, right = 0;
  // tan(10°) · 140 = 24.7 pixels above and below the centre row at x = 60 and x = 340.
  pixGetPixel(bin.get(), 340, 200 - 25, &right);
  pixGetPixel(bin.get(), 60, 200 + 25, &left);
  EXPECT_EQ(right, 1u);
  EXPECT_EQ(left, 1u);
}

// A synthetic grid at 300 dpi (1 pt = 4.17 px): 3 rows × 3 columns of 200 × 100 px cells, the first row's two right
// cells merged (no vertical ruling there), a dash inside one cell, and a tall thin stroke of "text".
PixPtr synthetic_grid() {
  PixPtr bin(pixCreate(1000, 600, 1));
  auto set = [&](int x, int y, int w, int h) { pixRasterop(bin.get(), x, y, w, h, PIX_SET, nullptr, 0, 0); };
  for (int r = 0; r <= 3; ++r) set(100, 100 + r * 100, 601, 3);  // horizontal rulings at y = 100..400
  set(100, 100, 3, 303);                                         // x = 100, full height
  set(300, 100, 3, 303);                                         // x = 300, full height
  set(500, 200, 3, 203);                                         // x = 500, rows 1–2 only
  set(700, 100, 3, 303);                                         // x = 700, full height
  set(330, 250, 140, 3);                                         // a dash "——" inside cell (1, 1)
  set(850, 100, 3, 70);                                          // a stroke outside the table
  return bin;
}

TEST(ImageLines, SyntheticGridSegmentsAndMergedCell) {
  PixPtr bin = synthetic_grid();
  RulingLines lines = detect_ruling_lines(bin.get(), 300);
  int horizontal = 0, vertical = 0;
  for (const Segment& s : lines.pixel_segments) (s.horizontal() ? horizontal : vertical)++;
  EXPECT_EQ(horizontal, 4);  // the dash is not a ruling
  EXPECT_EQ(vertical, 4);    // the stroke outside is not either
  for (const Segment& s : lines.pixel_segments) {
    if (s.horizontal()) {
      EXPECT_NEAR(s.x0, 100, 1);
      EXPECT_NEAR(s.x1, 702, 1);  // the last vertical ruling is 3 px wide, 700..702
    }
  }
  // Points are pixels · 72 / 300.
  auto it = std::find_if(lines.segments.begin(), lines.segments.end(), [](const Segment& s) { return s.horizontal(); });
  ASSERT_NE(it, lines.segments.end());
  EXPECT_NEAR(it->y0, 101.5 * 72 / 300, 0.3);

  std::vector<PixelBox> cells = enclosed_regions(lines, 1000, 600, 300);
  ASSERT_EQ(cells.size(), 8u);  // 9 cells, two merged into one
  // Top to bottom, left to right: row 0 is (100..300) and the merged (300..700). A region is the paper between the
  // rulings (103..299) less the 3 px the line mask is grown by on each side: 106..296, 191 px wide.
  EXPECT_NEAR(cells[0].x, 106, 1);
  EXPECT_NEAR(cells[0].w, 191, 1);
  EXPECT_NEAR(cells[1].x, 306, 1);
  EXPECT_NEAR(cells[1].w, 391, 1);
  EXPECT_NEAR(cells[1].h, 91, 1);
  // The dash is not removed as a ruling: its ink stays outside the line mask.
  l_uint32 v = 1;
  pixGetPixel(lines.mask.get(), 400, 251, &v);
  EXPECT_EQ(v, 0u);
}

// The ink threshold is Otsu's split of the page's histogram: between the paper and the ink of a page, and the
// fallback 160 for a page of paper alone (its split would fall in the noise). A lift raises it.
TEST(ImageLines, InkThresholdSplitsPaperFromInk) {
  PixPtr page(pixCreate(400, 200, 8));
  ASSERT_TRUE(page);
  // Paper grain: a few levels either side of 235.
  for (int y = 0; y < 200; ++y)
    for (int x = 0; x < 400; ++x) pixSetPixel(page.get(), x, y, 235 + (x * 7 + y * 13) % 9 - 4);
  int paper_only = ink_threshold(page.get());
  EXPECT_EQ(paper_only, 160);
  // Ink of grey 40 with an anti-aliased rim of 120: 20 strokes of 6 × 62 px, rim included.
  for (int i = 0; i < 20; ++i) {
    for (int y = 20; y < 82; ++y)
      for (int x = 10 + i * 19; x < 16 + i * 19; ++x) {
        bool rim = y == 20 || y == 81 || x == 10 + i * 19 || x == 15 + i * 19;
        pixSetPixel(page.get(), x, y, rim ? 120 : 40);
      }
  }
  int t = ink_threshold(page.get());
  EXPECT_GT(t, 120);
  EXPECT_LT(t, 220);
  PixPtr bin = binarise_at(page.get(), t);
  ASSERT_TRUE(bin);
  l_int32 ink = 0;
  pixCountPixels(bin.get(), &ink, nullptr);
  EXPECT_EQ(ink, 20 * 6 * 62);  // the strokes with their rims, no grain
  PixPtr lifted = binarise(page.get(), 10);
  PixPtr at = binarise_at(page.get(), t + 10);
  l_int32 same = 0;
  pixEqual(lifted.get(), at.get(), &same);
  EXPECT_TRUE(same);
  EXPECT_FALSE(binarise_at(nullptr, 128));
}

// The sample OSD is given: character-sized components only (no speck, no ruling), each whole, on a canvas a
// fraction of the page's size, at most as many as asked for.
TEST(ImageLines, TextSampleHoldsWholeCharacterSizedComponents) {
  PixPtr page(pixCreate(2400, 3000, 1));
  ASSERT_TRUE(page);
  int characters = 0;
  for (int y = 200; y + 40 < 2800; y += 80)
    for (int x = 200; x + 30 < 2200; x += 60) {
      pixRasterop(page.get(), x, y, 30, 40, PIX_SET, nullptr, 0, 0);  // a 30 × 40 px "character"
      ++characters;
    }
  pixRasterop(page.get(), 100, 100, 2, 2, PIX_SET, nullptr, 0, 0);      // a speck
  pixRasterop(page.get(), 100, 2900, 2000, 3, PIX_SET, nullptr, 0, 0);  // a ruling
  PixPtr sample = text_sample(page.get(), 100, 300);
  ASSERT_TRUE(sample);
  BoxaPtr parts(pixConnCompBB(sample.get(), 8));
  ASSERT_TRUE(parts);
  ASSERT_EQ(boxaGetCount(parts.get()), 100);
  for (int i = 0; i < 100; ++i) {
    int x = 0, y = 0, w = 0, h = 0;
    boxaGetBoxGeometry(parts.get(), i, &x, &y, &w, &h);
    EXPECT_EQ(w, 30);
    EXPECT_EQ(h, 40);
  }
  EXPECT_LT(static_cast<double>(pixGetWidth(sample.get())) * pixGetHeight(sample.get()), 2400.0 * 3000 / 5);
  // Asked for more than the page holds: every character, once.
  PixPtr all = text_sample(page.get(), 100000, 300);
  ASSERT_TRUE(all);
  BoxaPtr all_parts(pixConnCompBB(all.get(), 8));
  EXPECT_EQ(boxaGetCount(all_parts.get()), characters);
  PixPtr blank(pixCreate(200, 200, 1));
  EXPECT_FALSE(text_sample(blank.get(), 100, 300));
  EXPECT_FALSE(text_sample(nullptr, 100, 300));
}

TEST(ImageLines, EmptyAndNullInputs) {
  EXPECT_FALSE(binarise(nullptr));
  EXPECT_FALSE(find_skew(nullptr, 3).found);
  EXPECT_TRUE(detect_ruling_lines(nullptr, 300).segments.empty());
  PixPtr blank(pixCreate(200, 200, 1));
  EXPECT_TRUE(detect_ruling_lines(blank.get(), 300).segments.empty());
  EXPECT_TRUE(enclosed_regions(RulingLines{}, 200, 200, 300).empty());
}

// Which way a page's text lines run, known before any reading: a rendered table page is horizontal, the same page
// turned by a quarter is vertical, and the scanned sample whose page 2 was scanned sideways is vertical there.
TEST(ImageLines, TextDirectionOfUprightAndTurnedPages) {
  RenderedPage r = render_page("all-report-rules-2021.pdf", 1);
  ASSERT_TRUE(r.pix);
  PixPtr bin = binarise(r.pix.get());
  ASSERT_TRUE(bin);
  EXPECT_EQ(text_direction(bin.get(), detect_ruling_lines(bin.get(), r.dpi), r.dpi), TextDirection::Horizontal);
  PixPtr turned(pixRotateOrth(bin.get(), 1));
  ASSERT_TRUE(turned);
  EXPECT_EQ(text_direction(turned.get(), detect_ruling_lines(turned.get(), r.dpi), r.dpi), TextDirection::Vertical);

  // The direction of a page of the scanned sample, rendered and binarised as the OCR path does.
  auto scan_direction = [](int page) {
    RenderedPage scan = render_page("scanned/repeat-header-2023.pdf", page);
    PixPtr scan_bin = binarise(scan.pix.get());
    if (!scan_bin) return TextDirection::Unknown;
    return text_direction(scan_bin.get(), detect_ruling_lines(scan_bin.get(), scan.dpi), scan.dpi);
  };
  EXPECT_EQ(scan_direction(2), TextDirection::Vertical);
  EXPECT_EQ(scan_direction(1), TextDirection::Horizontal);
  // A blank page says nothing either way.
  PixPtr blank(pixCreate(800, 1000, 1));
  EXPECT_EQ(text_direction(blank.get(), detect_ruling_lines(blank.get(), 150), 150), TextDirection::Unknown);
  EXPECT_EQ(text_direction(nullptr, RulingLines{}, 150), TextDirection::Unknown);
}

}  // namespace
}  // namespace jx::extract
