// The findings letters' parts that need no batch: the template in rules/letters.toml (it loads; a missing key or a
// placeholder a key does not take is an error at its file and line), placeholders, dates, PNG sizes, which findings
// a letter keeps, and the letter's text. The letters of a real batch, read back from the PDF and the DOCX, are
// tested in tests/cli/cli_test.cpp.
#include "outputs/letters.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "rules/letter_template.h"
#include "tests/support/test_support.h"

namespace fs = std::filesystem;
using namespace jx::outputs;
using jx::test::read_all;
using jx::test::write_file;

namespace {

const std::string kTemplate = std::string(JX_SOURCE_DIR) + "/rules/letters.toml";

// The 1-based number of the first line of `text` that begins with `start`; 0 when none.
int line_starting(const std::string& text, const std::string& start) {
  int n = 1;
  for (std::size_t at = 0; at < text.size(); ++n) {
    if (text.compare(at, start.size(), start) == 0) return n;
    at = text.find('\n', at);
    if (at == std::string::npos) break;
    ++at;
  }
  return 0;
}

// letters.toml with the first line beginning with `start` replaced by `replacement` (dropped when empty), written
// to `path`.
void edited_template(const fs::path& path, const std::string& start, const std::string& replacement) {
  std::string text = read_all(kTemplate);
  const int line = line_starting(text, start);
  ASSERT_GT(line, 0) << start;
  std::size_t at = 0;
  for (int i = 1; i < line; ++i) at = text.find('\n', at) + 1;
  const std::size_t end = text.find('\n', at);
  text.replace(at, end - at + (replacement.empty() ? 1 : 0), replacement);
  write_file(path, text);
}

}  // namespace

TEST(LetterTemplate, TheShippedTemplateLoads) {
  auto loaded = jx::rules::load_letter_template(kTemplate);
  for (const auto& e : loaded.errors) ADD_FAILURE() << e.to_string();
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded.tmpl->deadline_days, 30);
  EXPECT_FALSE(loaded.tmpl->finding_line.empty());
  EXPECT_EQ(loaded.tmpl->omit_rules, std::vector<std::string>{"extract.low_confidence"});
}

TEST(LetterTemplate, AMissingKeyIsAnErrorAtItsTablesLine) {
  jx::test::TempDir dir("jx_letters_tmpl");
  const fs::path path = dir.path() / "letters.toml";
  edited_template(path, "title = ", "");
  const int table_line = line_starting(read_all(path), "[letter]");
  ASSERT_GT(table_line, 0);
  auto loaded = jx::rules::load_letter_template(path.string());
  EXPECT_FALSE(loaded.ok());
  ASSERT_EQ(loaded.errors.size(), 1u);
  EXPECT_EQ(loaded.errors[0].to_string(),
            path.string() + ":" + std::to_string(table_line) + ": missing key 'title' in [letter]");
}

TEST(LetterTemplate, APlaceholderTheKeyDoesNotTakeIsAnErrorAtItsLine) {
  jx::test::TempDir dir("jx_letters_tmpl");
  const fs::path path = dir.path() / "letters.toml";
  edited_template(path, "salutation = ", "salutation = \"{agnecy}：\"");
  const int line = line_starting(read_all(path), "salutation = ");
  auto loaded = jx::rules::load_letter_template(path.string());
  ASSERT_EQ(loaded.errors.size(), 1u);
  EXPECT_EQ(loaded.errors[0].line, line);
  EXPECT_NE(loaded.errors[0].message.find("{agnecy}"), std::string::npos) << loaded.errors[0].message;
  EXPECT_NE(loaded.errors[0].message.find("{agency}"), std::string::npos) << "names what it takes";
}

TEST(LetterTemplate, WrongTypesRangesAndUnknownKeysAreErrors) {
  jx::test::TempDir dir("jx_letters_tmpl");
  const fs::path path = dir.path() / "letters.toml";
  edited_template(path, "deadline_days = ", "deadline_days = 0");
  auto zero = jx::rules::load_letter_template(path.string());
  ASSERT_EQ(zero.errors.size(), 1u);
  EXPECT_EQ(zero.errors[0].line, line_starting(read_all(path), "deadline_days = "));

  edited_template(path, "intro = [", "intro = \"one paragraph\"\nintroduction = [");
  auto typed = jx::rules::load_letter_template(path.string());
  ASSERT_EQ(typed.errors.size(), 2u);  // intro is no array; introduction is no key
  EXPECT_NE(typed.errors[0].message.find("'intro' must be an array"), std::string::npos);
  EXPECT_NE(typed.errors[1].message.find("unknown key 'introduction'"), std::string::npos);

  write_file(path, "[letter\n");
  auto syntax = jx::rules::load_letter_template(path.string());
  ASSERT_EQ(syntax.errors.size(), 1u);
  EXPECT_EQ(syntax.errors[0].line, 1);
  EXPECT_FALSE(jx::rules::load_letter_template((dir.path() / "none.toml").string()).ok());
}

TEST(LetterTemplate, FillPlaceholdersReplacesKnownNamesOnly) {
  EXPECT_EQ(jx::rules::fill_placeholders("{a}、{b}与{c", {{"a", "甲"}, {"b", "{a}"}}), "甲、{a}与{c");
  EXPECT_EQ(jx::rules::fill_placeholders("{x}{a}", {{"a", "1"}}), "{x}1");
}

TEST(Letters, DatesCountDaysOverMonthsAndYears) {
  auto d = parse_letter_date("2026-12-05");
  ASSERT_TRUE(d);
  const LetterDate due = add_days(*d, 30);  // 26 days to 31 December, 4 more into January
  EXPECT_EQ(due.year, 2027);
  EXPECT_EQ(due.month, 1);
  EXPECT_EQ(due.day, 4);
  const LetterDate leap = add_days(*parse_letter_date("2024-02-28"), 1);
  EXPECT_EQ(leap.month, 2);
  EXPECT_EQ(leap.day, 29);
  for (const char* bad : {"2026-02-30", "2026-13-01", "26-12-05", "2026-12-05x", "", "yesterday"})
    EXPECT_FALSE(parse_letter_date(bad)) << bad;
}

TEST(Letters, PngSizeReadsTheHeaderAndImagesKeepTheirShape) {
  // A PNG of 3 × 2 pixels written by hand: the signature and an IHDR chunk (width 3, height 2).
  const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + std::string("\0\0\0\x0dIHDR", 8) +
                          std::string("\0\0\0\x03\0\0\0\x02", 8) + std::string(9, '\0');
  auto size = png_size(png);
  ASSERT_TRUE(size);
  EXPECT_EQ(size->first, 3);
  EXPECT_EQ(size->second, 2);
  EXPECT_FALSE(png_size("GIF89a"));
  EXPECT_FALSE(png_size(png.substr(0, 20)));
  // 110 px at the crops' 110 dpi is one inch, 72 points; a wider image is scaled down to the width, keeping its shape.
  auto [w, h] = image_points(110, 55, 500, 500);
  EXPECT_DOUBLE_EQ(w, 72.0);
  EXPECT_DOUBLE_EQ(h, 36.0);
  auto [w2, h2] = image_points(1100, 550, 360, 500);
  EXPECT_DOUBLE_EQ(w2, 360.0);
  EXPECT_DOUBLE_EQ(h2, 180.0);
}

TEST(Letters, TheSelectionKeepsWhatTheReviewLeavesIn) {
  FileRow row;
  row.rel = "市交通运输局/a.pdf";
  row.agency = "市交通运输局";
  row.project_index = 0;
  row.project = "道路养护项目";
  for (const char* id : {"c", "d", "o", "n", "x"}) {
    FindingRow f("score.overrated", "error", "", std::string("问题") + id, 2, "");
    f.id = id;
    if (std::string(id) == "x") f.rule = "extract.low_confidence";
    row.findings.push_back(f);
  }
  const Reviews reviews = {{"c", "confirmed"}, {"d", "dismissed"}, {"o", "open"}};
  auto messages = [&](LetterStatus status) {
    std::map<std::string, LetterContent> letters;
    add_to_letters(row, {status, &reviews, {"extract.low_confidence"}, nullptr}, &letters);
    std::string out;
    for (const auto& f : letters.at("市交通运输局").projects.at(0).findings) out += f.id;
    return out;
  };
  EXPECT_EQ(messages(LetterStatus::NotDismissed), "con");
  EXPECT_EQ(messages(LetterStatus::Confirmed), "c");

  FileRow failed;
  failed.agency = "市交通运输局";
  failed.outcome = "encrypted";
  std::map<std::string, LetterContent> letters;
  add_to_letters(failed, {}, &letters);
  EXPECT_TRUE(letters.empty()) << "a file that could not be audited is no project reviewed";
}

TEST(Letters, TheLetterIsWordedByTheTemplate) {
  auto loaded = jx::rules::load_letter_template(kTemplate);
  ASSERT_TRUE(loaded.ok());
  jx::rules::LetterTemplate t = *loaded.tmpl;
  t.title = "致{agency}（{count}个问题）";
  t.finding_line = "{index}|{project}{indicator_part}|{message}{page_part}";
  t.indicator_part = "/{indicator}";
  t.page_part = "@{page}";
  t.rectification = {"{deadline}前（{deadline_days}日）"};
  t.date_format = "{year}.{month}.{day}";
  LetterContent content;
  content.agency = "市交通运输局";
  LetterProject p;
  p.name = "道路养护项目";
  p.findings.push_back(
      {"id1", "score.overrated", "自评得分偏高", "路面完好率", "得分高于复核", 3, "evidence/市交通运输局/a.pdf/1.png"});
  p.findings.push_back({"id2", "score.total_mismatch", "总分不符", "", "总分不符\x01", 0, "../../etc/passwd"});
  content.projects.push_back(p);
  LetterDocument doc = compose_letter(content, t, {2026, 12, 5}, "/out");
  EXPECT_EQ(doc.title, "致市交通运输局（2个问题）");
  EXPECT_EQ(doc.findings, 2u);
  std::vector<std::string> items, images;
  std::string rectification;
  for (const auto& b : doc.blocks) {
    if (b.kind == BlockKind::Item && b.text.find('|') != std::string::npos) items.push_back(b.text);
    if (b.kind == BlockKind::Image) images.push_back(b.image_path);
    if (b.kind == BlockKind::Paragraph && b.text.find("日）") != std::string::npos) rectification = b.text;
  }
  EXPECT_EQ(items, (std::vector<std::string>{"1|道路养护项目/路面完好率|得分高于复核@3", "2|道路养护项目|总分不符 "}));
  EXPECT_EQ(images, std::vector<std::string>{"/out/evidence/市交通运输局/a.pdf/1.png"})
      << "a path out of OUT is no image";
  EXPECT_EQ(rectification, "2027.1.4前（30日）");
  EXPECT_EQ(doc.blocks.front().kind, BlockKind::Title);
  EXPECT_EQ(doc.blocks.back().kind, BlockKind::Signature);
}
