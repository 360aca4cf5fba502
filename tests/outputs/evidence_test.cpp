// Evidence crops of real samples: the row of a finding under its table's column headings, the cells its rule read
// tinted, the 总分 row and the weight column for the findings about totals and weights, and the values read by OCR
// outlined in orange on a scanned sample. Every expected value was read off the sample's page (pdftoppm -r 110).
#include "outputs/evidence.h"

#include <gtest/gtest.h>
#include <leptonica/allheaders.h>

#include <array>
#include <cmath>
#include <filesystem>
#include <memory>
#include <string>

#include "audit/pipeline.h"
#include "tests/support/test_support.h"

namespace fs = std::filesystem;
using jx::audit::Finding;
using jx::audit::Indicator;
using jx::audit::Report;
using jx::outputs::evidence_regions;
using jx::outputs::EvidenceOptions;
using jx::outputs::EvidenceRegion;
using jx::outputs::render_evidence_pngs;

namespace {

struct PixDel {
  void operator()(PIX* p) const { pixDestroy(&p); }
};
using Image = std::unique_ptr<PIX, PixDel>;

std::string sample(const std::string& name) { return (fs::path(JX_SOURCE_DIR) / "samples" / name).string(); }

Report audit_first_project(const std::string& path) {
  auto result = jx::audit::audit_file(path, jx::test::real_rules(), jx::Limits{});
  EXPECT_FALSE(result.projects.empty()) << path;
  return result.projects.empty() ? Report{} : result.projects.front();
}

Image decode(const std::string& png) {
  if (png.empty()) return nullptr;
  Image raw(pixReadMem(reinterpret_cast<const l_uint8*>(png.data()), png.size()));
  if (!raw) return nullptr;
  return Image(pixConvertTo32(raw.get()));
}

std::array<int, 3> rgb(PIX* pix, int x, int y) {
  l_int32 r = 0, g = 0, b = 0;
  pixGetRGBPixel(pix, x, y, &r, &g, &b);
  return {r, g, b};
}

bool yellow(const std::array<int, 3>& c) { return c[0] > 200 && c[1] > 190 && c[2] < 150; }
bool orange(const std::array<int, 3>& c) { return c[0] > 200 && c[1] > 100 && c[1] < 160 && c[2] < 60; }
bool red(const std::array<int, 3>& c) { return c[0] > 180 && c[1] < 40 && c[2] < 40; }

// How many pixels of column x, rows [y0, y1), satisfy `is`.
template <typename Is>
int count_in_column(PIX* pix, int x, int y0, int y1, Is is) {
  int n = 0;
  for (int y = std::max(0, y0); y < std::min(y1, static_cast<int>(pixGetHeight(pix))); ++y) n += is(rgb(pix, x, y));
  return n;
}

template <typename Is>
int count_all(PIX* pix, Is is) {
  int n = 0;
  for (int y = 0; y < pixGetHeight(pix); ++y)
    for (int x = 0; x < pixGetWidth(pix); ++x) n += is(rgb(pix, x, y));
  return n;
}

const Finding* find(const Report& r, const std::string& rule, const std::string& indicator = "") {
  for (const auto& f : r.findings)
    if (f.rule == rule && (indicator.empty() || (f.indicator && *f.indicator == indicator))) return &f;
  return nullptr;
}

const Indicator* indicator(const Report& r, const std::string& name) {
  for (const auto& i : r.indicators)
    if (i.name == name) return &i;
  return nullptr;
}

jx::extract::Box cell_box(const Indicator& ind, const std::string& field) {
  for (const auto& c : ind.cells)
    if (c.field == field) return c.box;
  ADD_FAILURE() << "no " << field << " cell in " << ind.name;
  return {};
}

constexpr double kScale = 110.0 / 72.0;  // the default dpi, pixels per point
long px(double points) { return std::lround(points * kScale); }

}  // namespace

// all-report-rules-2021 p. 2: 水质检测次数 targets 不少于600次, reaches 540次 and keeps its full 20 of 20
// (score.overrated). Its crop carries the header rows (一级指标 … 得分) above the row: taller than the row alone by
// at least the header's height, and the header's pixels are those of a crop of the header alone.
TEST(EvidenceSamples, ARowCarriesItsHeaderRowsAsThePageShowsThem) {
  std::string pdf = sample("all-report-rules-2021.pdf");
  Report report = audit_first_project(pdf);
  const Finding* f = find(report, "score.overrated", "水质检测次数");
  ASSERT_NE(f, nullptr);
  const Indicator* ind = indicator(report, "水质检测次数");
  ASSERT_NE(ind, nullptr);
  ASSERT_GT(ind->header.page, 0);
  EXPECT_EQ(ind->header.page, ind->page);
  EXPECT_LE(ind->header.box.y1, ind->row_box.y0) << "the header rows are above the row";
  // The header band is one row with the column headings: a few lines high, not the table.
  EXPECT_LT(ind->header.box.y1 - ind->header.box.y0, 60);

  auto regions = evidence_regions(report, jx::test::real_rules());
  std::size_t k = static_cast<std::size_t>(f - report.findings.data());
  ASSERT_TRUE(regions[k]);
  EvidenceRegion with = *regions[k];
  EXPECT_EQ(with.header.page, ind->header.page);
  EvidenceRegion row_only(with.page, with.box);
  row_only.table_rows = true;
  EvidenceRegion header_only(with.header.page, with.header.box);
  header_only.table_rows = true;
  auto pngs = render_evidence_pngs(pdf, {with, row_only, header_only}, jx::Limits{});
  Image composite = decode(pngs[0]), alone = decode(pngs[1]), header = decode(pngs[2]);
  ASSERT_TRUE(composite && alone && header);
  int header_px = static_cast<int>(px(with.header.box.y1) - px(with.header.box.y0));
  EXPECT_GE(pixGetHeight(composite.get()), pixGetHeight(alone.get()) + header_px);
  EXPECT_EQ(pixGetWidth(composite.get()), pixGetWidth(header.get()));
  // The header strip is the top of the image: away from the frame drawn on the header-only crop (2 pt = 3 px of
  // padding above and below its box, 6 pt = 9 px left and right), every pixel is the same.
  int differ = 0, compared = 0;
  for (int y = 5; y < pixGetHeight(header.get()) - 5; ++y)
    for (int x = 12; x < pixGetWidth(header.get()) - 12; ++x, ++compared)
      differ += rgb(composite.get(), x, y) != rgb(header.get(), x, y);
  EXPECT_GT(compared, 1000);
  EXPECT_EQ(differ, 0);
}

// The cells score.overrated reads (target, actual, weight, self score) are tinted; the name cell is not; the row is
// framed in red.
TEST(EvidenceSamples, TheCellsTheRuleReadAreTinted) {
  std::string pdf = sample("all-report-rules-2021.pdf");
  Report report = audit_first_project(pdf);
  const Finding* f = find(report, "score.overrated", "水质检测次数");
  const Indicator* ind = indicator(report, "水质检测次数");
  ASSERT_TRUE(f && ind);
  auto regions = evidence_regions(report, jx::test::real_rules());
  const auto& region = regions[static_cast<std::size_t>(f - report.findings.data())];
  ASSERT_TRUE(region);
  int cited = 0;
  for (const auto& c : region->cells) cited += c.cited;
  EXPECT_EQ(cited, 4);
  Image pix = decode(render_evidence_pngs(pdf, {region}, jx::Limits{})[0]);
  ASSERT_TRUE(pix);
  long origin = std::min(px(std::max(0.0, ind->row_box.x0 - 6)), px(std::max(0.0, ind->header.box.x0 - 6)));
  int h = pixGetHeight(pix.get());
  int row_h = static_cast<int>(px(ind->row_box.y1) - px(ind->row_box.y0));
  auto column = [&](const std::string& field) {
    auto b = cell_box(*ind, field);
    return static_cast<int>(px((b.x0 + b.x1) / 2) - origin);
  };
  for (const char* field : {"target", "actual", "weight", "self_score"})
    EXPECT_GT(count_in_column(pix.get(), column(field), 0, h, yellow), row_h / 2) << field;
  EXPECT_EQ(count_in_column(pix.get(), column("name"), 0, h, yellow), 0);
  EXPECT_GT(count_all(pix.get(), red), 2 * (pixGetWidth(pix.get()) - 20));
  EXPECT_EQ(count_all(pix.get(), orange), 0) << "a text layer has no OCR marks";
}

// all-report-rules-2021: the 总分 row states 95.00 against 100 (score.total_mismatch); its crop is that row under
// the headings with the stated total tinted. score.weight_sum gets the table with the weight column tinted.
TEST(EvidenceSamples, TotalsAndWeightsGetTheirCrops) {
  std::string pdf = sample("all-report-rules-2021.pdf");
  Report report = audit_first_project(pdf);
  auto regions = evidence_regions(report, jx::test::real_rules());
  const Finding* total = find(report, "score.total_mismatch");
  const Finding* weights = find(report, "score.weight_sum");
  ASSERT_TRUE(total && weights);
  const auto& t = regions[static_cast<std::size_t>(total - report.findings.data())];
  const auto& w = regions[static_cast<std::size_t>(weights - report.findings.data())];
  ASSERT_TRUE(t && w);
  EXPECT_EQ(t->page, report.total_score.page);
  EXPECT_GT(t->header.page, 0);
  ASSERT_EQ(t->cells.size(), 1u);
  EXPECT_TRUE(t->cells[0].cited);
  EXPECT_GE(t->cells[0].box.x0, t->box.x0);
  // The weight column: every indicator row of the page and the 总分 row inside the framed box, one weight cell each.
  int on_page = 0;
  for (const auto& ind : report.indicators) {
    if (ind.page != w->page) continue;
    ++on_page;
    EXPECT_LE(w->box.y0, ind.row_box.y0);
    EXPECT_GE(w->box.y1, ind.row_box.y1);
  }
  EXPECT_EQ(on_page, 6);
  EXPECT_EQ(static_cast<int>(w->cells.size()), on_page + 1);
  auto pngs = render_evidence_pngs(pdf, {t, w}, jx::Limits{});
  Image ti = decode(pngs[0]), wi = decode(pngs[1]);
  ASSERT_TRUE(ti && wi);
  EXPECT_GT(count_all(ti.get(), yellow), 200);
  EXPECT_GT(count_all(wi.get(), yellow), 2000);
  EXPECT_LE(pixGetWidth(wi.get()), jx::Limits{}.max_evidence_width_px);
  EXPECT_LE(pixGetHeight(wi.get()), jx::Limits{}.max_evidence_height_px);
}

// The scanned all-report-rules-2021 is read by OCR: the same finding's cited cells are outlined in orange, with a
// legend line; the composite still respects the limits when they are tiny.
TEST(EvidenceSamples, ValuesReadByOcrAreMarked) {
  std::string pdf = sample("scanned/all-report-rules-2021.pdf");
  Report report = audit_first_project(pdf);
  const Finding* f = find(report, "score.overrated", "水质检测次数");
  ASSERT_NE(f, nullptr);
  auto regions = evidence_regions(report, jx::test::real_rules());
  const auto& region = regions[static_cast<std::size_t>(f - report.findings.data())];
  ASSERT_TRUE(region);
  int ocr = 0;
  for (const auto& c : region->cells) ocr += c.ocr;
  EXPECT_EQ(ocr, 4);
  Image pix = decode(render_evidence_pngs(pdf, {region}, jx::Limits{})[0]);
  ASSERT_TRUE(pix);
  EXPECT_GT(count_all(pix.get(), orange), 200);
  jx::Limits tiny;
  tiny.max_evidence_width_px = 50;
  tiny.max_evidence_height_px = 20;
  Image cut = decode(render_evidence_pngs(pdf, {region}, tiny)[0]);
  ASSERT_TRUE(cut);
  EXPECT_EQ(pixGetWidth(cut.get()), 50);
  EXPECT_EQ(pixGetHeight(cut.get()), 20);
}
