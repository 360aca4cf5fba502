// read_pdf on the fixtures of tests/data/extract (made by make_fixtures.py) and on bad files made here.
#include "extract/pdf/pdf_reader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "extract/grid/grid.h"

namespace jx::extract {
namespace {

namespace fs = std::filesystem;

std::string fixture(const std::string& name) { return std::string(JX_SOURCE_DIR) + "/tests/data/extract/" + name; }

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() / ("jx_pdf_reader_test_" + std::to_string(::getpid()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string write(const std::string& name, const std::string& bytes) const {
    std::string p = (path_ / name).string();
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }

 private:
  fs::path path_;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

const Cell* at(const Table& t, int row, int col) {
  for (const Cell& c : t.cells) {
    if (c.row == row && c.col == col) return &c;
  }
  return nullptr;
}

struct Expected {
  int row, col, rowspan, colspan;
  const char* text;
};

// The table of table_lines_stsong.pdf and table_rects_wqy.pdf, as make_fixtures.py draws it.
const std::vector<Expected> kFixtureCells = {
    {0, 0, 1, 1, "一级指标"},         {0, 1, 1, 1, "二级指标"},   {0, 2, 1, 1, "三级指标"},
    {0, 3, 1, 1, "年度指标值"},       {1, 0, 3, 1, "产出"},       {1, 1, 2, 1, "数量"},
    {1, 2, 1, 1, "运营分析报告数量"}, {1, 3, 1, 1, "不少于30份"}, {2, 2, 1, 1, "汇聚数据量"},
    {2, 3, 1, 1, "Total budget"},     {3, 1, 1, 1, "质量"},       {3, 2, 1, 2, "场地正常运行率99.5%"},
};

void expect_fixture_table(const Document& doc) {
  ASSERT_EQ(doc.pages.size(), 1u);
  const Page& page = doc.pages[0];
  EXPECT_EQ(page.text_layer, TextLayer::Usable);
  auto tables = build_page_tables(page, Limits{});
  ASSERT_EQ(tables.size(), 1u);
  const Table& t = tables[0];
  EXPECT_EQ(t.rows, 4);
  EXPECT_EQ(t.cols, 4);
  ASSERT_EQ(t.col_x.size(), 5u);
  const double xs[] = {50, 110, 170, 290, 450};
  for (int i = 0; i < 5; ++i) EXPECT_NEAR(t.col_x[i], xs[i], 0.5);
  EXPECT_NEAR(t.row_boxes.front().y0, 100, 0.5);
  EXPECT_NEAR(t.row_boxes.back().y1, 235, 0.5);
  EXPECT_EQ(t.cells.size(), kFixtureCells.size());
  for (const Expected& e : kFixtureCells) {
    const Cell* c = at(t, e.row, e.col);
    ASSERT_NE(c, nullptr) << e.text;
    EXPECT_EQ(c->rowspan, e.rowspan) << e.text;
    EXPECT_EQ(c->colspan, e.colspan) << e.text;
    EXPECT_EQ(c->text, e.text);
  }
  auto blocks = text_outside_tables(page, tables);
  ASSERT_GE(blocks.size(), 1u);
  EXPECT_EQ(blocks[0].text, "项目支出绩效自评表");
}

TEST(PdfReader, TableDrawnWithLinesInANonEmbeddedCidFont) {
  auto r = read_pdf(fixture("table_lines_stsong.pdf"), Limits{});
  ASSERT_TRUE(r.ok()) << r.error.message;
  EXPECT_EQ(r.error.outcome, Outcome::Ok);
  const Document& doc = *r.document;
  EXPECT_EQ(doc.page_count, 1);
  const Page& page = doc.pages[0];
  EXPECT_EQ(page.number, 1);
  EXPECT_NEAR(page.width, 595.28, 0.1);
  EXPECT_NEAR(page.height, 841.89, 0.1);
  // The title "项目支出绩效自评表" at 14 pt, baseline 80 pt from the top, from x = 50.
  ASSERT_FALSE(page.glyphs.empty());
  const Glyph& first = page.glyphs.front();
  EXPECT_EQ(first.text, "项");
  EXPECT_NEAR(first.box.x0, 50, 0.1);
  EXPECT_NEAR(first.box.width(), 14, 0.5);
  EXPECT_NEAR(first.font_size, 14, 0.01);
  EXPECT_LT(first.box.y0, 80 - 8);
  EXPECT_GT(first.box.y1, 80);
  EXPECT_LT(first.box.y1, 80 + 5);
  // Rulings from c.line(): the top border at y = 100 and the right border at x = 450, plus the underline.
  bool top = false, right = false, underline = false;
  for (const Segment& s : page.segments) {
    if (s.horizontal() && std::abs(s.y0 - 100) < 0.1 && s.x0 >= 49.9 && s.x1 <= 450.1) top = true;
    if (!s.horizontal() && std::abs(s.x0 - 450) < 0.1 && s.y0 >= 99.9 && s.y1 <= 235.1) right = true;
    if (s.horizontal() && std::abs(s.y0 - 282) < 0.1 && std::abs(s.x0 - 90) < 0.1 && std::abs(s.x1 - 200) < 0.1) {
      underline = true;
    }
  }
  EXPECT_TRUE(top);
  EXPECT_TRUE(right);
  EXPECT_TRUE(underline);
  expect_fixture_table(doc);
}

TEST(PdfReader, TableDrawnWithRectanglesInAnEmbeddedTrueTypeSubset) {
  auto r = read_pdf(fixture("table_rects_wqy.pdf"), Limits{});
  ASSERT_TRUE(r.ok()) << r.error.message;
  // The header fill (no stroke) gives its four edges too: its bottom edge at y = 130 spans the whole table.
  bool fill_bottom = false;
  for (const Segment& s : r.document->pages[0].segments) {
    if (s.horizontal() && std::abs(s.y0 - 130) < 0.1 && std::abs(s.x0 - 50) < 0.1 && std::abs(s.x1 - 450) < 0.1) {
      fill_bottom = true;
    }
  }
  EXPECT_TRUE(fill_bottom);
  expect_fixture_table(*r.document);
}

TEST(PdfReader, TableContinuedOverThreePagesStitches) {
  auto r = read_pdf(fixture("multi_page.pdf"), Limits{});
  ASSERT_TRUE(r.ok()) << r.error.message;
  const Document& doc = *r.document;
  ASSERT_EQ(doc.pages.size(), 3u);
  std::vector<Table> per_page;
  for (const Page& p : doc.pages) {
    for (Table& t : build_page_tables(p, Limits{})) per_page.push_back(std::move(t));
  }
  ASSERT_EQ(per_page.size(), 3u);
  auto tables = stitch_tables(per_page, doc.pages);
  ASSERT_EQ(tables.size(), 1u);
  const Table& t = tables[0];
  EXPECT_EQ(t.first_page, 1);
  EXPECT_EQ(t.last_page, 3);
  EXPECT_EQ(t.rows, 6);
  EXPECT_EQ(t.cols, 3);
  const Cell* c = at(t, 1, 0);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->text, "产出");
  EXPECT_EQ(c->rowspan, 3);
  ASSERT_NE(at(t, 3, 1), nullptr);
  EXPECT_EQ(at(t, 3, 1)->text, "数量三");
  ASSERT_NE(at(t, 5, 0), nullptr);
  EXPECT_EQ(at(t, 5, 0)->text, "总分");
  EXPECT_EQ(at(t, 5, 0)->colspan, 2);
  EXPECT_EQ(at(t, 5, 0)->page, 3);
  auto blocks = text_outside_tables(doc.pages[1], tables);
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_EQ(blocks[0].text, "第二页的说明文字。");
  EXPECT_EQ(blocks[0].page, 2);
}

TEST(PdfReader, PrivateUseToUnicodeIsGarbage) {
  auto r = read_pdf(fixture("garbage_pua.pdf"), Limits{});
  ASSERT_TRUE(r.ok()) << r.error.message;
  const Page& page = r.document->pages[0];
  EXPECT_EQ(page.glyphs.size(), 22u);  // 10 + 12 characters drawn
  EXPECT_EQ(page.text_layer, TextLayer::Garbage);
  EXPECT_EQ(page.text_layer_reason, "100% of 22 characters are private-use or unmapped");
}

TEST(PdfReader, EncryptedNeedsAPassword) {
  auto r = read_pdf(fixture("encrypted.pdf"), Limits{});
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.error.outcome, Outcome::Encrypted);
  EXPECT_EQ(r.error.message, "encrypted: needs a password");
}

TEST(PdfReader, BadFiles) {
  TempDir dir;
  auto missing = read_pdf(dir.write("x", "") + ".does-not-exist", Limits{});
  EXPECT_EQ(missing.error.outcome, Outcome::NotFound);
  EXPECT_EQ(read_pdf(dir.write("empty.pdf", ""), Limits{}).error.outcome, Outcome::Empty);
  auto not_pdf = read_pdf(dir.write("text.pdf", "just some text, not a PDF\n"), Limits{});
  EXPECT_EQ(not_pdf.error.outcome, Outcome::NotPdf);
  EXPECT_FALSE(not_pdf.error.message.empty());

  // Only the header and the first object survive: nothing Poppler can repair.
  std::string whole = slurp(fixture("table_lines_stsong.pdf"));
  ASSERT_GT(whole.size(), 1000u);
  auto stub = read_pdf(dir.write("stub.pdf", whole.substr(0, 200)), Limits{});
  EXPECT_EQ(stub.error.outcome, Outcome::Damaged);
  EXPECT_EQ(stub.error.message.rfind("damaged: ", 0), 0u) << stub.error.message;

  // Cut in the middle: either repaired (with warnings saying so) or reported damaged; never a crash.
  auto half = read_pdf(dir.write("half.pdf", whole.substr(0, whole.size() / 2)), Limits{});
  if (half.ok()) {
    EXPECT_FALSE(half.document->warnings.empty());
  } else {
    EXPECT_EQ(half.error.outcome, Outcome::Damaged);
  }
}

TEST(PdfReader, LimitsNameTheLimitThatFired) {
  Limits pages;
  pages.max_pages = 2;
  auto r = read_pdf(fixture("multi_page.pdf"), pages);
  EXPECT_EQ(r.error.outcome, Outcome::LimitExceeded);
  EXPECT_EQ(r.error.message, "limit max_pages (2) exceeded: the file has 3 pages");

  Limits glyphs;
  glyphs.max_glyphs_per_page = 5;
  r = read_pdf(fixture("table_lines_stsong.pdf"), glyphs);
  EXPECT_EQ(r.error.outcome, Outcome::LimitExceeded);
  EXPECT_NE(r.error.message.find("max_glyphs_per_page"), std::string::npos) << r.error.message;

  Limits segments;
  segments.max_segments_per_page = 3;
  r = read_pdf(fixture("table_lines_stsong.pdf"), segments);
  EXPECT_EQ(r.error.outcome, Outcome::LimitExceeded);
  EXPECT_NE(r.error.message.find("max_segments_per_page"), std::string::npos) << r.error.message;

  Limits bytes;
  bytes.max_file_bytes = 100;
  r = read_pdf(fixture("table_lines_stsong.pdf"), bytes);
  EXPECT_EQ(r.error.outcome, Outcome::LimitExceeded);
  EXPECT_NE(r.error.message.find("max_file_bytes (100)"), std::string::npos) << r.error.message;
}

}  // namespace
}  // namespace jx::extract
