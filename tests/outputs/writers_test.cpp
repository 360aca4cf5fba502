// The batch's output writers and file handling, on hand-made rows and folders: CSV (BOM, RFC 4180 quoting, formula
// escaping, content), XLSX (unzipped and read back), HTML (content, escaping, no external resources), the
// input discovery, sharding, output-path confinement, atomic writes, and evidence crops of a hand-written PDF.
#include <gtest/gtest.h>
#include <leptonica/allheaders.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>

#include "outputs/agency_years.h"
#include "outputs/csv_writer.h"
#include "outputs/evidence.h"
#include "outputs/html_writer.h"
#include "outputs/jsonl_writer.h"
#include "outputs/out_files.h"
#include "outputs/summary_rows.h"
#include "outputs/xlsx_writer.h"
#include "tests/support/page_data.h"
#include "tests/support/pdf_fixtures.h"
#include "tests/support/test_support.h"

namespace fs = std::filesystem;
using namespace jx::outputs;
using jx::audit::Finding;
using jx::audit::Indicator;
using jx::audit::Report;

namespace {

using jx::test::read_all;

struct TempDir : jx::test::TempDir {
  TempDir() : jx::test::TempDir("jx_writers") {}
};

void write(const fs::path& p, const std::string& bytes) { jx::test::write_file(p, bytes); }

std::string run(const std::string& cmd) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  ::pclose(p);
  return out;
}

// What a sheet's cell holds: the text of an inline string, else the cell's inner XML ("<v>0</v>"); "(none)" when
// the sheet has no such cell.
std::string cell(const std::string& sheet_xml, const std::string& ref) {
  const auto at = sheet_xml.find("<c r=\"" + ref + "\"");
  if (at == std::string::npos) return "(none)";
  const auto open = sheet_xml.find('>', at);
  if (sheet_xml.compare(open - 1, 2, "/>") == 0) return "";
  const auto close = sheet_xml.find("</c>", open);
  std::string inner = sheet_xml.substr(open + 1, close - open - 1);
  if (inner.rfind("<is><t", 0) == 0) {
    const auto t = inner.find('>', 4) + 1;
    return inner.substr(t, inner.find("</t>") - t);
  }
  return inner;
}

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

const std::vector<jx::rules::GradeBand>& grades() { return jx::test::real_rules().grades; }

// Two audited files and a failed one, with values worked out by hand for the tests below; graded by the bands of
// the real national profile as rows_from_document() grades them.
std::vector<FileRow> sample_rows() {
  FileRow a;
  a.rel = "市财政局/a.pdf";
  a.agency = "市财政局";
  a.file = "in/市财政局/a.pdf";
  a.project_index = 0;
  a.project_count = 1;
  a.project = "穗智管运营服务项目";
  a.department = "广州市政务服务数据管理局";
  a.year = 2021;
  a.stated_total = 100;
  a.recomputed_total = 89.5;
  a.grade = jx::rules::grade_of(grades(), a.recomputed_total);
  a.warning = 2;
  a.findings.push_back({"target.too_low", "warning", "运营分析报告数量", "实际完成值36份为目标值30份的120%", 4, ""});
  a.findings.push_back({"score.overrated", "warning", "<script>alert(1)</script>", "=SUM(A1:A9), \"quoted\"", 5, ""});
  a.indicators.push_back(
      {"效益", "社会效益", "<script>alert(1)</script>", "不少于30份", "36份", "无", 12.0, 12.0, 12.0, 4});
  FileRow b;
  b.rel = "b.pdf";
  b.file = "b.pdf";
  b.project_index = 0;
  b.project_count = 1;
  b.project = "-负数开头的项目";
  b.recomputed_total = 59.99;
  b.grade = jx::rules::grade_of(grades(), b.recomputed_total);
  b.errors = 1;
  b.findings.push_back({"score.weight_sum", "error", "", "权重合计为90，不等于100", 0, ""});
  FileRow c;
  c.rel = "市教育局/c.pdf";
  c.agency = "市教育局";
  c.file = "in/市教育局/c.pdf";
  c.outcome = "encrypted";
  c.error = "encrypted: needs a password";
  return {a, b, c};
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------------
// CSV

TEST(Csv, TextCellsAreQuotedAndFormulasDefused) {
  EXPECT_EQ(csv_text_cell("plain 文本"), "plain 文本");
  EXPECT_EQ(csv_text_cell("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_text_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_text_cell("line1\nline2"), "\"line1\nline2\"");
  EXPECT_EQ(csv_text_cell("=1+2"), "'=1+2");
  EXPECT_EQ(csv_text_cell("+1"), "'+1");
  EXPECT_EQ(csv_text_cell("-5"), "'-5");
  EXPECT_EQ(csv_text_cell("@cmd"), "'@cmd");
  EXPECT_EQ(csv_text_cell("\tx"), "'\tx");
  EXPECT_EQ(csv_text_cell("\rx"), "\"'\rx\"");
  EXPECT_EQ(csv_text_cell("=HYPERLINK(\"x\",1)"), "\"'=HYPERLINK(\"\"x\"\",1)\"");
  EXPECT_EQ(csv_text_cell(""), "");
  EXPECT_EQ(csv_text_cell("a=b"), "a=b") << "only a leading = starts a formula";
}

TEST(Csv, FindingsHaveBomHeaderAndOneLinePerFinding) {
  auto rows = sample_rows();
  rows[0].sha256 = std::string(64, 'a');
  rows[0].findings[0].id = "0123456789abcdef";
  rows[0].findings[0].image = "evidence/市财政局/a.pdf/1.png";
  rows[0].findings[0].target = "不少于30份";
  rows[0].findings[0].actual = "36份";
  rows[0].findings[1].target = "=1+1";
  rows[0].findings[1].unsure = true;
  std::string csv = findings_csv(rows);
  ASSERT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  const std::string sha(64, 'a');
  std::string expected =
      "\xEF\xBB\xBF"
      "file,agency,project_index,project,rule,severity,indicator,message,page,id,evidence_image,sha256,target,actual,"
      "unsure,review\r\n"
      "市财政局/a.pdf,市财政局,0,穗智管运营服务项目,target.too_low,warning,运营分析报告数量,"
      "实际完成值36份为目标值30份的120%,4,0123456789abcdef,evidence/市财政局/a.pdf/1.png," +
      sha + ",不少于30份,36份,false,\r\n" +
      "市财政局/a.pdf,市财政局,0,穗智管运营服务项目,score.overrated,warning,<script>alert(1)</script>,"
      "\"'=SUM(A1:A9), \"\"quoted\"\"\",5,,," +
      sha + ",'=1+1,,true,\r\n" +
      "b.pdf,,0,'-负数开头的项目,score.weight_sum,error,,权重合计为90，不等于100,,,,,,,false,\r\n";
  EXPECT_EQ(csv, expected);
}

TEST(Csv, SummaryHasGradesCountsAndErrors) {
  std::string csv = summary_csv(sample_rows());
  std::string expected =
      "\xEF\xBB\xBF"
      "file,agency,project_index,project,department,year,stated_total,recomputed_total,grade,findings_info,"
      "findings_warning,findings_error,outcome,error\r\n"
      "市财政局/a.pdf,市财政局,0,穗智管运营服务项目,广州市政务服务数据管理局,2021,100,89.5,良,0,2,0,ok,\r\n"
      "b.pdf,,0,'-负数开头的项目,,,,59.99,差,0,0,1,ok,\r\n"
      "市教育局/c.pdf,市教育局,,,,,,,,0,0,0,encrypted,encrypted: needs a password\r\n";
  EXPECT_EQ(csv, expected);
}

// The bands of the real national profile (rules/profiles/national.toml).
TEST(Summary, GradesFollowTheBoundaries) {
  auto grade_of = [](std::optional<double> total) { return jx::rules::grade_of(grades(), total); };
  EXPECT_EQ(grade_of(100.0), "优");
  EXPECT_EQ(grade_of(90.0), "优");
  EXPECT_EQ(grade_of(89.99), "良");
  EXPECT_EQ(grade_of(80.0), "良");
  EXPECT_EQ(grade_of(79.99), "中");
  EXPECT_EQ(grade_of(60.0), "中");
  EXPECT_EQ(grade_of(59.99), "差");
  EXPECT_EQ(grade_of(0.0), "差");
  EXPECT_EQ(grade_of(-5.0), "差");
  EXPECT_EQ(grade_of(std::nullopt), "");
}

TEST(Summary, RowsComeFromReportAndErrorDocuments) {
  auto report = nlohmann::json::parse(R"({
    "schema": "jxaudit.report/1", "file": "in/x.pdf",
    "project": {"name": "某项目", "department": "某局", "year": 2021},
    "total_score": {"stated": 95, "recomputed": 91.5},
    "indicators": [{"level1": "产出", "level2": "数量", "name": "培训人次", "target_text": "≥100人次",
                    "actual_text": "120人次", "weight": 10, "self_score": 10, "recomputed_score": 10,
                    "deviation_note": "无", "page": 3}],
    "findings": [{"rule": "target.too_low", "severity": "warning", "indicator": "培训人次", "message": "偏低",
                  "evidence": {"page": 3}, "evidence_image": "evidence/局/x.pdf/1.png"},
                 {"rule": "score.weight_sum", "severity": "error", "indicator": null, "message": "权重",
                  "evidence": {"page": null}}]
  })");
  auto rows = rows_from_document("局/x.pdf", report, grades());
  ASSERT_EQ(rows.size(), 1u) << "a document without projects is one project";
  const FileRow& r = rows[0];
  EXPECT_EQ(r.project_index, 0);
  EXPECT_EQ(r.project_count, 1);
  EXPECT_EQ(r.agency, "局");
  EXPECT_EQ(r.project, "某项目");
  EXPECT_EQ(r.year, 2021);
  EXPECT_EQ(r.recomputed_total, 91.5);
  EXPECT_EQ(r.grade, "优");
  EXPECT_EQ(r.outcome, "ok");
  EXPECT_EQ(r.warning, 1);
  EXPECT_EQ(r.errors, 1);
  ASSERT_EQ(r.findings.size(), 2u);
  EXPECT_EQ(r.findings[0].page, 3);
  EXPECT_EQ(r.findings[0].image, "evidence/局/x.pdf/1.png");
  EXPECT_EQ(r.findings[1].page, 0);
  EXPECT_EQ(r.findings[1].indicator, "");
  ASSERT_EQ(r.indicators.size(), 1u);
  EXPECT_EQ(r.indicators[0].target, "≥100人次");
  EXPECT_EQ(r.indicators[0].weight, 10.0);

  auto error = nlohmann::json::parse(R"({"file": "in/y.pdf", "error": "not a PDF file", "outcome": "not_pdf"})");
  auto failed = rows_from_document("y.pdf", error, grades());
  ASSERT_EQ(failed.size(), 1u);
  const FileRow& e = failed[0];
  EXPECT_FALSE(e.project_index.has_value()) << "a failed file has no project";
  EXPECT_EQ(e.project_count, 0);
  EXPECT_EQ(e.outcome, "not_pdf");
  EXPECT_EQ(e.error, "not a PDF file");
  EXPECT_TRUE(e.findings.empty());
  EXPECT_EQ(e.grade, "");
}

namespace {

// A department package as the worker writes it: two project tables, the top level being projects[0]'s (its
// findings repeated there, evidence images on both), and the file's page count at the top.
const char* kTwoProjects = R"({
  "schema": "jxaudit.report/1", "file": "in/部门/package.pdf", "pages": 9,
  "project": {"name": "甲项目", "department": "某局", "year": 2023},
  "total_score": {"stated": 98, "recomputed": 85.5},
  "indicators": [{"level1": "产出", "level2": "数量", "name": "培训人次", "target_text": "≥100人次",
                  "actual_text": "120人次", "weight": 10, "self_score": 10, "recomputed_score": 10, "page": 4}],
  "findings": [{"rule": "target.too_low", "severity": "warning", "indicator": "培训人次", "message": "甲偏低",
                "evidence": {"page": 4}, "evidence_image": "evidence/部门/package.pdf/1.png"}],
  "projects": [
    {"project": {"name": "甲项目", "department": "某局", "year": 2023},
     "total_score": {"stated": 98, "recomputed": 85.5},
     "indicators": [{"level1": "产出", "level2": "数量", "name": "培训人次", "target_text": "≥100人次",
                     "actual_text": "120人次", "weight": 10, "self_score": 10, "recomputed_score": 10, "page": 4}],
     "findings": [{"rule": "target.too_low", "severity": "warning", "indicator": "培训人次", "message": "甲偏低",
                   "evidence": {"page": 4}, "evidence_image": "evidence/部门/package.pdf/1.png"}],
     "pages": [4, 5]},
    {"project": {"name": "乙项目", "department": "某局", "year": 2023},
     "total_score": {"stated": 90, "recomputed": 59},
     "indicators": [{"level1": "效益", "level2": "社会效益", "name": "覆盖率", "target_text": "≥95%",
                     "actual_text": "80%", "weight": 20, "self_score": 20, "recomputed_score": 16.84, "page": 7},
                    {"level1": "满意度", "level2": "满意度", "name": "满意度", "target_text": "≥90%",
                     "actual_text": "92%", "weight": 10, "self_score": 10, "recomputed_score": 10, "page": 8}],
     "findings": [{"rule": "score.overrated", "severity": "warning", "indicator": "覆盖率", "message": "乙高估",
                   "evidence": {"page": 7}, "evidence_image": "evidence/部门/package.pdf/2.png"},
                  {"rule": "score.total_mismatch", "severity": "error", "indicator": null, "message": "乙总分",
                   "evidence": {"page": 8}}],
     "pages": [7, 8]}
  ]
})";

}  // namespace

// Ids computed by hand (Python's hashlib over the documented lines); the low-confidence marks follow the
// extract.low_confidence findings of the same project.
TEST(Summary, FindingsCarryStableIdsTheirIndicatorsAndDoubts) {
  auto doc = nlohmann::json::parse(R"J({
    "file": "x.pdf", "text_source": "ocr", "pages": 2,
    "warnings": ["page 2 read by OCR (no text layer)", "page 2 deskewed by 0.50°", "page x read by OCR"],
    "indicators": [{"name": "培训人次", "target_text": "不少于100人次", "actual_text": "80人次", "page": 2},
                   {"name": "满意度", "target_text": "≥90%", "actual_text": "95%", "page": 2}],
    "findings": [
      {"rule": "narrative.table_mismatch", "severity": "error", "indicator": null, "message": "a"},
      {"rule": "narrative.table_mismatch", "severity": "error", "indicator": null, "message": "b"},
      {"rule": "score.overrated", "severity": "error", "indicator": "培训人次", "message": "c",
       "evidence": {"page": 2, "detail": "10 × 0.8 → 8"}},
      {"rule": "extract.low_confidence", "severity": "warning", "indicator": "培训人次", "message": "d"},
      {"rule": "target.too_low", "severity": "warning", "indicator": "满意度", "message": "e"}]
  })J");
  std::string sha;
  for (int i = 0; i < 32; ++i) sha += "ab";
  doc["sha256"] = sha;
  auto rows = rows_from_document("x.pdf", doc, grades());
  ASSERT_EQ(rows.size(), 1u);
  const auto& r = rows[0];
  EXPECT_EQ(r.sha256, sha);
  EXPECT_TRUE(read_by_ocr(r));
  EXPECT_EQ(r.pages, 2);
  EXPECT_EQ(r.ocr_pages, std::vector<int>{2});
  EXPECT_EQ(r.warnings.size(), 3u);
  EXPECT_EQ(r.low_confidence, 1);
  ASSERT_EQ(r.findings.size(), 5u);
  EXPECT_EQ(r.findings[0].id, "b2a1d95d74533a5e");
  EXPECT_EQ(r.findings[1].id, "cc75755042cfa698");
  EXPECT_EQ(r.findings[2].id, "50effd587a3c4ea9");
  EXPECT_EQ(r.findings[2].target, "不少于100人次");
  EXPECT_EQ(r.findings[2].actual, "80人次");
  EXPECT_EQ(r.findings[2].detail, "10 × 0.8 → 8");
  EXPECT_TRUE(r.findings[2].unsure);
  EXPECT_FALSE(r.findings[3].unsure);  // the doubt itself
  EXPECT_FALSE(r.findings[4].unsure);  // another indicator
  EXPECT_FALSE(r.findings[0].unsure);  // no doubt about a value outside the indicators
  ASSERT_EQ(r.indicators.size(), 2u);
  EXPECT_TRUE(r.indicators[0].low_confidence);
  EXPECT_FALSE(r.indicators[1].low_confidence);
}

TEST(Summary, ADocumentWithSeveralProjectsGivesARowPerProject) {
  auto doc = nlohmann::json::parse(kTwoProjects);
  auto rows = rows_from_document("部门/package.pdf", doc, grades());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].project_index, 0);
  EXPECT_EQ(rows[1].project_index, 1);
  for (const auto& r : rows) {
    EXPECT_EQ(r.rel, "部门/package.pdf");
    EXPECT_EQ(r.agency, "部门");
    EXPECT_EQ(r.file, "in/部门/package.pdf");
    EXPECT_EQ(r.project_count, 2);
    EXPECT_EQ(r.outcome, "ok");
  }
  EXPECT_TRUE(starts_file(rows[0]));
  EXPECT_FALSE(starts_file(rows[1]));
  // Each row is its own project's: the top-level findings (projects[0]'s) are not counted again.
  EXPECT_EQ(rows[0].project, "甲项目");
  EXPECT_EQ(rows[0].recomputed_total, 85.5);
  EXPECT_EQ(rows[0].grade, "良");
  EXPECT_EQ(rows[0].warning, 1);
  EXPECT_EQ(rows[0].errors, 0);
  ASSERT_EQ(rows[0].findings.size(), 1u);
  EXPECT_EQ(rows[0].findings[0].message, "甲偏低");
  EXPECT_EQ(rows[0].findings[0].image, "evidence/部门/package.pdf/1.png");
  ASSERT_EQ(rows[0].indicators.size(), 1u);
  EXPECT_EQ(rows[1].project, "乙项目");
  EXPECT_EQ(rows[1].stated_total, 90.0);
  EXPECT_EQ(rows[1].recomputed_total, 59.0);
  EXPECT_EQ(rows[1].grade, "差");
  EXPECT_EQ(rows[1].warning, 1);
  EXPECT_EQ(rows[1].errors, 1);
  ASSERT_EQ(rows[1].findings.size(), 2u);
  EXPECT_EQ(rows[1].findings[0].rule, "score.overrated");
  EXPECT_EQ(rows[1].findings[0].page, 7);
  EXPECT_EQ(rows[1].findings[0].image, "evidence/部门/package.pdf/2.png");
  EXPECT_EQ(rows[1].findings[1].page, 8);
  ASSERT_EQ(rows[1].indicators.size(), 2u);
  EXPECT_EQ(rows[1].indicators[1].name, "满意度");

  // An empty `projects` (never written, but possible in a hand-edited file): the top level, one project.
  doc["projects"] = nlohmann::json::array();
  rows = rows_from_document("部门/package.pdf", doc, grades());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].project_index, 0);
  EXPECT_EQ(rows[0].findings.size(), 1u);
}

TEST(Summary, EveryOutputHasARowPerProjectWithItsIndex) {
  TempDir out;
  // A package of two projects, an older report without `projects` (a previous run's, or a shard's), a failed file.
  write(out.path() / "reports/部门/package.pdf.json", kTwoProjects);
  write(out.path() / "reports/部门/old.pdf.json",
        R"({"file":"in/部门/old.pdf","project":{"name":"旧项目"},"total_score":{"stated":80,"recomputed":80},)"
        R"("findings":[{"rule":"score.weight_sum","severity":"error","indicator":null,"message":"旧权重"}]})");
  write(out.path() / "reports/部门/zz.pdf.json",
        R"({"file":"in/部门/zz.pdf","error":"not a PDF","outcome":"not_pdf"})");
  std::vector<std::pair<std::string, std::optional<int>>> seen;
  auto result = write_summary_outputs(out.path().string(), grades(), {},
                                      [&](const FileRow& r) { seen.emplace_back(r.rel, r.project_index); });
  EXPECT_TRUE(result.problems.empty()) << result.problems.front();
  EXPECT_EQ(seen,
            (std::vector<std::pair<std::string, std::optional<int>>>{
                {"部门/old.pdf", 0}, {"部门/package.pdf", 0}, {"部门/package.pdf", 1}, {"部门/zz.pdf", std::nullopt}}));
  EXPECT_EQ(result.files, 3u);
  EXPECT_EQ(result.rows, 4u);
  EXPECT_EQ(result.failed, 1u);
  EXPECT_EQ(result.errors, 2);
  EXPECT_EQ(result.warning, 2);

  EXPECT_EQ(read_all(out.path() / "summary.csv"),
            "\xEF\xBB\xBF"
            "file,agency,project_index,project,department,year,stated_total,recomputed_total,grade,findings_info,"
            "findings_warning,findings_error,outcome,error\r\n"
            "部门/old.pdf,部门,0,旧项目,,,80,80,良,0,0,1,ok,\r\n"
            "部门/package.pdf,部门,0,甲项目,某局,2023,98,85.5,良,0,1,0,ok,\r\n"
            "部门/package.pdf,部门,1,乙项目,某局,2023,90,59,差,0,1,1,ok,\r\n"
            "部门/zz.pdf,部门,,,,,,,,0,0,0,not_pdf,not a PDF\r\n");
  // Ids by hand: the first 16 hex digits of Python's hashlib.sha256 over "jxaudit.finding/1", the (absent) sha256,
  // the project index, the rule, the indicator and the occurrence, one per line.
  EXPECT_EQ(read_all(out.path() / "findings.csv"),
            "\xEF\xBB\xBF"
            "file,agency,project_index,project,rule,severity,indicator,message,page,id,evidence_image,sha256,target,"
            "actual,unsure,review\r\n"
            "部门/old.pdf,部门,0,旧项目,score.weight_sum,error,,旧权重,,e4dd0509c7f899f5,,,,,false,\r\n"
            "部门/package.pdf,部门,0,甲项目,target.too_low,warning,培训人次,甲偏低,4,f8ff3b5d84c404ac,"
            "evidence/部门/package.pdf/1.png,,≥100人次,120人次,false,\r\n"
            "部门/package.pdf,部门,1,乙项目,score.overrated,warning,覆盖率,乙高估,7,1fee1987902b668f,"
            "evidence/部门/package.pdf/2.png,,≥95%,80%,false,\r\n"
            "部门/package.pdf,部门,1,乙项目,score.total_mismatch,error,,乙总分,8,481e530641288996,,,,,false,\r\n");

  // The same in findings.jsonl and reports.jsonl: one object a line, no byte-order mark.
  std::vector<nlohmann::json> findings_lines, report_lines;
  for (auto [name, lines] : {std::pair{"findings.jsonl", &findings_lines}, std::pair{"reports.jsonl", &report_lines}}) {
    std::istringstream in(read_all(out.path() / name));
    ASSERT_NE(in.str().substr(0, 1), "\xEF") << name;
    for (std::string l; std::getline(in, l);) lines->push_back(nlohmann::json::parse(l));
  }
  ASSERT_EQ(findings_lines.size(), 4u);
  const auto& overrated = findings_lines[2];
  EXPECT_EQ(overrated["rel"], "部门/package.pdf");
  EXPECT_EQ(overrated["project_index"], 1);
  EXPECT_EQ(overrated["id"], "1fee1987902b668f");
  EXPECT_EQ(overrated["rule"], "score.overrated");
  EXPECT_EQ(overrated["severity"], "warning");
  EXPECT_EQ(overrated["indicator"], "覆盖率");
  EXPECT_EQ(overrated["message"], "乙高估");
  EXPECT_EQ(overrated["page"], 7);
  EXPECT_EQ(overrated["evidence_image"], "evidence/部门/package.pdf/2.png");
  EXPECT_EQ(overrated["target"], "≥95%");
  EXPECT_EQ(overrated["actual"], "80%");
  EXPECT_EQ(overrated["unsure"], false);
  EXPECT_TRUE(findings_lines[0]["indicator"].is_null());
  EXPECT_TRUE(findings_lines[0]["page"].is_null());
  EXPECT_TRUE(findings_lines[0]["evidence_image"].is_null());
  ASSERT_EQ(report_lines.size(), 4u);
  const auto& yi = report_lines[2];
  EXPECT_EQ(yi["project"], "乙项目");
  EXPECT_EQ(yi["project_index"], 1);
  EXPECT_EQ(yi["project_count"], 2);
  EXPECT_EQ(yi["year"], 2023);
  EXPECT_EQ(yi["total_score"]["stated"], 90.0);
  EXPECT_EQ(yi["total_score"]["recomputed"], 59.0);
  EXPECT_EQ(yi["grade"], "差");
  EXPECT_EQ(yi["findings"], (nlohmann::json{{"error", 1}, {"warning", 1}, {"info", 0}}));
  EXPECT_EQ(yi["pages"], 9);
  EXPECT_EQ(yi["outcome"], "ok");
  EXPECT_TRUE(yi["error"].is_null());
  const auto& failed = report_lines[3];
  EXPECT_EQ(failed["rel"], "部门/zz.pdf");
  EXPECT_TRUE(failed["project_index"].is_null());
  EXPECT_TRUE(failed["project"].is_null());
  EXPECT_EQ(failed["outcome"], "not_pdf");
  EXPECT_EQ(failed["error"], "not a PDF");

  // The workbook: 汇总 a header and four rows, project_index in column C (a number; blank for the failed file);
  // 问题清单 a header and four findings; 指标明细 a header and three indicators, project_index in column B.
  std::string q = "'" + (out.path() / "summary.xlsx").string() + "'";
  std::string sheet1 = run("unzip -p " + q + " xl/worksheets/sheet1.xml");
  std::string sheet2 = run("unzip -p " + q + " xl/worksheets/sheet2.xml");
  std::string sheet3 = run("unzip -p " + q + " xl/worksheets/sheet3.xml");
  ASSERT_FALSE(sheet1.empty()) << "unzip failed";
  EXPECT_EQ(occurrences(sheet1, "<row "), 5u);
  EXPECT_EQ(occurrences(sheet2, "<row "), 5u);
  EXPECT_EQ(occurrences(sheet3, "<row "), 4u);
  for (const auto* sheet : {&sheet1, &sheet2}) {
    EXPECT_EQ(cell(*sheet, "C1"), "project_index");
    EXPECT_EQ(cell(*sheet, "C3"), "<v>0</v>");
    EXPECT_EQ(cell(*sheet, "C4"), "<v>1</v>");
  }
  EXPECT_EQ(sheet1.find("r=\"C5\""), std::string::npos) << "the failed file's project_index is blank";
  EXPECT_EQ(cell(sheet1, "D4"), "乙项目");
  EXPECT_EQ(cell(sheet3, "B1"), "project_index");
  EXPECT_EQ(cell(sheet3, "B4"), "<v>1</v>");

  // The page: a row per project, the package's two named with their place; findings say which project.
  std::string html = read_all(out.path() / "index.html");
  EXPECT_NE(html.find("共 3 个文件，审核 2 个，无法处理 1 个；问题：错误 2，警告 2，提示 0。审核的文件共有 3 个项目"),
            std::string::npos);
  auto page = jx::test::page_data(html);
  ASSERT_EQ(page.rows.size(), 4u);
  ASSERT_EQ(page.details.size(), 4u);
  std::map<std::string, nlohmann::json> by_name;
  for (const auto& r : page.rows) by_name[r["p"].get<std::string>() + "|" + r["f"].get<std::string>()] = r;
  const auto& jia_row = by_name["甲项目|部门/package.pdf"];
  const auto& yi_row = by_name["乙项目|部门/package.pdf"];
  const auto& old_row = by_name["旧项目|部门/old.pdf"];
  EXPECT_EQ(jia_row["pl"], "1/2");
  EXPECT_EQ(yi_row["pl"], "2/2");
  EXPECT_EQ(old_row["pl"], "") << "one project: no place";
  EXPECT_EQ(yi_row["a"], "部门");
  EXPECT_EQ(yi_row["e"], 1);
  EXPECT_EQ(yi_row["w"], 1);
  // 乙项目's details hold its own findings (the first names 覆盖率), not 甲项目's.
  const auto& d = page.details.at(yi_row["i"].get<int>());
  ASSERT_EQ(d["fnd"].size(), 2u);
  EXPECT_EQ(d["fnd"][0]["ind"], "覆盖率");
  EXPECT_EQ(d["ind"].size(), 2u);
  EXPECT_EQ(page.meta["agencies"], nlohmann::json::array({"部门"}));
  EXPECT_NE(html.find("<g class=\"bar\" data-agency=\"部门\"><title>部门：错误 2，警告 2，提示 0</title>"),
            std::string::npos);
}

TEST(Summary, LoadsTheReportsFolderSortedAndFiltered) {
  TempDir out;
  write(out.path() / "reports/b/z.pdf.json", R"({"file":"z","error":"x","outcome":"empty"})");
  write(out.path() / "reports/a.pdf.json", R"({"file":"a","project":{"name":"A"},"findings":[]})");
  write(out.path() / "reports/c.pdf.json", "{not json");
  write(out.path() / "reports/.d.pdf.json.tmp1-0", "{}");
  std::vector<std::string> problems;
  auto rows = load_summary_rows(out.path().string(), grades(), nullptr, &problems);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].rel, "a.pdf");
  EXPECT_EQ(rows[1].rel, "b/z.pdf");
  EXPECT_EQ(rows[1].agency, "b");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("c.pdf.json"), std::string::npos);

  std::set<std::string> only{"b/z.pdf"};
  rows = load_summary_rows(out.path().string(), grades(), &only, nullptr);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].rel, "b/z.pdf");
}

namespace {

std::string report_with(const std::vector<std::pair<std::string, std::string>>& findings) {
  std::string doc = R"({"file":"f","project":{"name":"P"},"findings":[)";
  for (std::size_t i = 0; i < findings.size(); ++i) {
    if (i) doc += ",";
    doc += R"({"rule":")" + findings[i].first + R"(","severity":")" + findings[i].second +
           R"(","indicator":"x","message":"m"})";
  }
  return doc + "]}";
}

}  // namespace

TEST(Summary, OutputsAreWrittenFromTheReportsInOnePass) {
  TempDir out;
  // In byte order: z.pdf, 丙局/3, 丙局/4, 乙.pdf, 甲局/1, 甲局/2 — a file outside any agency folder falls between
  // two agencies, and 甲局's two files come together.
  write(out.path() / "reports/甲局/1.pdf.json", report_with({{"A", "warning"}, {"B", "error"}}));
  write(out.path() / "reports/甲局/2.pdf.json", report_with({{"A", "warning"}}));
  write(out.path() / "reports/乙.pdf.json", report_with({{"A", "warning"}}));
  write(out.path() / "reports/丙局/3.pdf.json", R"({"file":"3","error":"not a PDF","outcome":"not_pdf"})");
  write(out.path() / "reports/丙局/4.pdf.json", report_with({{"C", "info"}}));
  write(out.path() / "reports/z.pdf.json", report_with({{"B", "error"}}));
  std::vector<std::string> seen;
  auto result =
      write_summary_outputs(out.path().string(), grades(), {}, [&](const FileRow& r) { seen.push_back(r.rel); });
  EXPECT_TRUE(result.problems.empty()) << result.problems.front();
  EXPECT_EQ(seen,
            (std::vector<std::string>{"z.pdf", "丙局/3.pdf", "丙局/4.pdf", "乙.pdf", "甲局/1.pdf", "甲局/2.pdf"}));
  EXPECT_EQ(result.files, 6u);
  EXPECT_EQ(result.failed, 1u);
  EXPECT_EQ(result.warning, 3);
  EXPECT_EQ(result.errors, 2);
  EXPECT_EQ(result.info, 1);

  std::string html = read_all(out.path() / "index.html");
  EXPECT_NE(html.find("共 6 个文件，审核 5 个，无法处理 1 个；问题：错误 2，警告 3，提示 1"), std::string::npos);
  // Each rule counted over the batch; the rows in rel order, each with the rules of its findings.
  auto page = jx::test::page_data(html);
  std::map<std::string, int> counts;
  for (const auto& r : page.meta["rules"]) counts[r["id"]] = r["count"];
  EXPECT_EQ(counts, (std::map<std::string, int>{{"A", 3}, {"B", 2}, {"C", 1}}));
  ASSERT_EQ(page.rows.size(), 6u);
  EXPECT_EQ(page.rows[4]["f"], "甲局/1.pdf");
  EXPECT_EQ(page.rows[4]["k"].size(), 2u);
  EXPECT_EQ(page.rows[1]["x"], "not_pdf");
  EXPECT_EQ(page.rows[1]["xl"], "不是PDF文件");
  // The chart of findings by agency: most first, the files in no folder as one agency of their own.
  auto jia = html.find("data-agency=\"甲局\"><title>甲局：错误 1，警告 2，提示 0</title>"),
       loose = html.find("data-agency=\"\"><title>（未分单位）：错误 1，警告 1，提示 0</title>"),
       bing = html.find("data-agency=\"丙局\"><title>丙局：错误 0，警告 0，提示 1</title>");
  ASSERT_NE(loose, std::string::npos);
  ASSERT_NE(bing, std::string::npos);
  ASSERT_NE(jia, std::string::npos);
  EXPECT_LT(jia, loose);
  EXPECT_LT(loose, bing);
  EXPECT_EQ(page.meta["agencies"], nlohmann::json::array({"丙局", "甲局"}));

  EXPECT_EQ(occurrences(read_all(out.path() / "findings.csv"), "\r\n"), 1u + 6u);
  EXPECT_EQ(occurrences(read_all(out.path() / "summary.csv"), "\r\n"), 1u + 6u);
  for (const auto& e : fs::directory_iterator(out.path()))
    EXPECT_NE(e.path().filename().string()[0], '.') << "left behind: " << e.path();

  // Restricted to some reports, the outputs cover only those.
  result =
      write_summary_outputs(out.path().string(), grades(), [](const std::string& rel) { return rel == "甲局/2.pdf"; });
  EXPECT_EQ(result.files, 1u);
  EXPECT_EQ(result.warning, 1);
  EXPECT_EQ(occurrences(read_all(out.path() / "summary.csv"), "\r\n"), 2u);
  EXPECT_EQ(read_all(out.path() / "index.html").find("丙局"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------------------------
// XLSX

TEST(Xlsx, SheetsStringsFrozenHeadersAndNoFormulas) {
  TempDir out;
  fs::path xlsx = out.path() / "summary.xlsx";
  ASSERT_FALSE(write_summary_xlsx(xlsx.string(), sample_rows()).has_value());
  ASSERT_TRUE(fs::exists(xlsx));
  for (const auto& e : fs::directory_iterator(out.path()))
    EXPECT_EQ(e.path().filename(), "summary.xlsx") << "temporary left behind: " << e.path();

  std::string q = "'" + xlsx.string() + "'";
  std::string workbook = run("unzip -p " + q + " xl/workbook.xml");
  ASSERT_FALSE(workbook.empty()) << "unzip failed";
  EXPECT_NE(workbook.find("name=\"汇总\""), std::string::npos);
  EXPECT_NE(workbook.find("name=\"问题清单\""), std::string::npos);
  EXPECT_NE(workbook.find("name=\"指标明细\""), std::string::npos);
  EXPECT_LT(workbook.find("汇总"), workbook.find("问题清单"));
  EXPECT_LT(workbook.find("问题清单"), workbook.find("指标明细"));

  // Written in constant_memory mode: the strings are inline in the sheets, not in a shared table.
  std::string strings;
  for (int sheet = 1; sheet <= 3; ++sheet)
    strings += run("unzip -p " + q + " xl/worksheets/sheet" + std::to_string(sheet) + ".xml");
  for (const char* s : {"市财政局/a.pdf", "穗智管运营服务项目", "运营分析报告数量", "encrypted: needs a password",
                        "&lt;script&gt;alert(1)&lt;/script&gt;", "=SUM(A1:A9), \"quoted\"", "-负数开头的项目",
                        "不少于30份", "良", "差", "复核总分", "偏差原因"})
    EXPECT_NE(strings.find(s), std::string::npos) << s;

  for (int sheet = 1; sheet <= 3; ++sheet) {
    std::string xml = run("unzip -p " + q + " xl/worksheets/sheet" + std::to_string(sheet) + ".xml");
    ASSERT_FALSE(xml.empty()) << sheet;
    EXPECT_EQ(xml.find("<f>"), std::string::npos) << "a formula in sheet " << sheet;
    EXPECT_NE(xml.find("state=\"frozen\""), std::string::npos) << sheet;
    EXPECT_NE(xml.find("<autoFilter"), std::string::npos) << sheet;
    EXPECT_NE(xml.find("<cols>"), std::string::npos) << sheet;
  }
  // 汇总: a header row and three file rows; 问题清单: a header row and three findings; 指标明细: header + one.
  auto count = [](const std::string& xml, const std::string& what) {
    std::size_t n = 0;
    for (auto p = xml.find(what); p != std::string::npos; p = xml.find(what, p + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count(run("unzip -p " + q + " xl/worksheets/sheet1.xml"), "<row "), 4u);
  EXPECT_EQ(count(run("unzip -p " + q + " xl/worksheets/sheet2.xml"), "<row "), 4u);
  EXPECT_EQ(count(run("unzip -p " + q + " xl/worksheets/sheet3.xml"), "<row "), 2u);
}

namespace {

// The fill colour (ARGB hex, as styles.xml writes it) of the style index a cell of `sheet_xml` uses; "" when the cell
// has no style or its style has no fill.
std::string fill_of(const std::string& styles, const std::string& sheet_xml, const std::string& ref) {
  const auto at = sheet_xml.find("<c r=\"" + ref + "\"");
  if (at == std::string::npos) return "(none)";
  const auto end = sheet_xml.find('>', at);
  const auto s = sheet_xml.find(" s=\"", at);
  if (s == std::string::npos || s > end) return "";
  const int style = std::stoi(sheet_xml.substr(s + 4));
  auto nth = [](const std::string& xml, const std::string& list, const std::string& item, int n) {
    auto p = xml.find("<" + list);
    for (int i = 0; i <= n && p != std::string::npos; ++i) p = xml.find("<" + item, p + 1);
    return p == std::string::npos ? std::string() : xml.substr(p, xml.find("</" + item, p) - p);
  };
  std::string xf = nth(styles, "cellXfs", "xf ", style);
  const auto f = xf.find("fillId=\"");
  if (f == std::string::npos) return "";
  std::string fill = nth(styles, "fills", "fill>", std::stoi(xf.substr(f + 8)));
  const auto rgb = fill.find("<fgColor rgb=\"");
  return rgb == std::string::npos ? std::string() : fill.substr(rgb + 14, 8);
}

}  // namespace

// The workbook for people: the severity in Chinese and coloured, the rule's name beside its id, what the tool is
// unsure of, stated minus recomputed, links relative to OUT, wrapped text with rows as tall as it, widths counting a
// CJK character as two, the print setup, and 规则说明 with the batch's counts. Every value below worked out by hand
// from sample_rows() and the additions here.
TEST(Xlsx, AWorkbookForPeopleWithLinksAndRuleSheet) {
  TempDir out;
  fs::path xlsx = out.path() / "summary.xlsx";
  auto rows = sample_rows();
  FileRow& a = rows[0];
  a.text_source = "ocr";
  a.ocr_pages = {2, 3};
  a.warnings = {"page 2 read by OCR (no text layer)", "page 3 read by OCR (no text layer)"};
  a.low_confidence = 1;
  a.findings[0].unsure = true;
  a.findings[0].target = "不少于30份";
  a.findings[0].actual = "36份";
  a.findings[0].id = "0123456789abcdef";
  a.findings[0].image = "evidence/市财政局/a.pdf/1.png";
  a.findings[1].image = "../secret.png";              // not under evidence/: shown, not linked
  a.findings[1].message = std::string(40 * 3, '\0');  // 40 CJK characters, below
  for (int i = 0; i < 40; ++i) a.findings[1].message.replace(i * 3, 3, "中");
  a.indicators[0].self_score = 12.0;
  a.indicators[0].recomputed_score = 9.6;
  a.indicators[0].low_confidence = true;
  rows[1].file = "/srv/报告/b 1#x.pdf";  // an absolute path stays absolute
  rows[1].stated_total = 70.0;           // 70 − 59.99 = 10.01
  SummaryXlsx book(xlsx.string());
  book.set_rule_notes({{"target.too_low", {"目标值可能偏低", "warning", "目标值可能设置偏低"}},
                       {"budget.adjusted", {"预算调整较大", "info", "年初预算与全年预算相差较大"}}});
  for (const auto& r : rows) book.add(r);
  ASSERT_FALSE(book.finish().has_value());
  const std::string q = "'" + xlsx.string() + "'";
  auto part = [&](const std::string& name) { return run("unzip -p " + q + " " + name); };
  const std::string summary = part("xl/worksheets/sheet1.xml"), findings = part("xl/worksheets/sheet2.xml"),
                    indicators = part("xl/worksheets/sheet3.xml"), rules = part("xl/worksheets/sheet4.xml"),
                    styles = part("xl/styles.xml"), workbook = part("xl/workbook.xml");
  ASSERT_FALSE(summary.empty()) << "unzip failed";

  // 汇总: the existing columns A–N as they were, then the new ones.
  EXPECT_EQ(cell(summary, "M2"), "审核完成") << "the outcome in Chinese";
  EXPECT_EQ(cell(summary, "M4"), "文件已加密，需要密码");
  EXPECT_EQ(cell(summary, "N1"), "失败原因");
  EXPECT_EQ(cell(summary, "O1"), "自评−复核");
  EXPECT_EQ(cell(summary, "O2"), "<v>10.5</v>");  // 100 − 89.5
  EXPECT_EQ(cell(summary, "O3"), "<v>10.01</v>");
  EXPECT_EQ(cell(summary, "O4"), "(none)") << "a failed file has no totals";
  EXPECT_EQ(cell(summary, "P1"), "识别方式");
  EXPECT_EQ(cell(summary, "P2"), "扫描件OCR");
  EXPECT_EQ(cell(summary, "Q2"), "2、3");
  EXPECT_EQ(cell(summary, "R1"), "存疑数");
  EXPECT_EQ(cell(summary, "R2"), "<v>1</v>");
  EXPECT_EQ(cell(summary, "S2"), "page 2 read by OCR (no text layer)\npage 3 read by OCR (no text layer)");
  EXPECT_EQ(cell(summary, "T2"), "reports/市财政局/a.pdf.json");
  EXPECT_EQ(cell(summary, "U3"), "/srv/报告/b 1#x.pdf");

  // 问题清单: 规则名称 beside 规则, 级别 in Chinese with its colour, then 存疑, target, actual, the crop, the ids.
  EXPECT_EQ(cell(findings, "E1"), "规则");
  EXPECT_EQ(cell(findings, "F1"), "规则名称");
  EXPECT_EQ(cell(findings, "F2"), "目标值可能偏低");
  EXPECT_EQ(cell(findings, "F3"), "(none)") << "a rule without a note has no name";
  EXPECT_EQ(cell(findings, "G1"), "级别");
  EXPECT_EQ(cell(findings, "G2"), "警告");
  EXPECT_EQ(cell(findings, "G4"), "错误");
  EXPECT_EQ(fill_of(styles, findings, "G2"), "FFFFEB9C");  // amber
  EXPECT_EQ(fill_of(styles, findings, "G4"), "FFFFC7CE");  // red
  EXPECT_EQ(cell(findings, "I1"), "说明");
  EXPECT_EQ(cell(findings, "K2"), "目标值可能设置偏低");
  EXPECT_EQ(cell(findings, "L1"), "存疑");
  EXPECT_EQ(cell(findings, "L2"), "是");
  EXPECT_EQ(cell(findings, "L3"), "(none)");
  EXPECT_EQ(cell(findings, "M2"), "不少于30份");
  EXPECT_EQ(cell(findings, "N2"), "36份");
  EXPECT_EQ(cell(findings, "P1"), "审核状态");
  EXPECT_EQ(cell(findings, "P2"), "(none)") << "no decision recorded";
  EXPECT_EQ(cell(findings, "Q2"), "evidence/市财政局/a.pdf/1.png");
  EXPECT_EQ(cell(findings, "Q3"), "../secret.png");
  EXPECT_EQ(cell(findings, "R2"), "0123456789abcdef");
  EXPECT_EQ(cell(findings, "S2"), "warning");
  // 说明 is 36 + 2 wide: 40 CJK characters (88 widths at 2.2) take 3 lines of 37, so the row is 3 × 15.75 + 2 points.
  EXPECT_NE(findings.find("<row r=\"3\" ht=\"49.25\" customHeight=\"1\""), std::string::npos);
  EXPECT_NE(findings.find("<row r=\"4\">"), std::string::npos) << "a row of one line keeps the default height";

  // The links, relative to OUT; the path outside evidence/ is not one of them.
  const std::string links = part("xl/worksheets/_rels/sheet2.xml.rels") + part("xl/worksheets/_rels/sheet1.xml.rels");
  EXPECT_NE(links.find("Target=\"evidence/市财政局/a.pdf/1.png\" TargetMode=\"External\""), std::string::npos);
  EXPECT_NE(links.find("Target=\"reports/市财政局/a.pdf.json\""), std::string::npos);
  EXPECT_NE(links.find("Target=\"file:///srv/报告/b%201%23x.pdf\""), std::string::npos);
  EXPECT_EQ(links.find("secret"), std::string::npos);

  // 指标明细: 自评−复核 and 存疑 after 页码.
  EXPECT_EQ(cell(indicators, "M1"), "页码");
  EXPECT_EQ(cell(indicators, "N1"), "自评−复核");
  EXPECT_EQ(cell(indicators, "N2"), "<v>2.4</v>");  // 12 − 9.6
  EXPECT_EQ(cell(indicators, "O2"), "是");

  // 规则说明: the noted rules and those the findings name, by id, with the batch's counts.
  EXPECT_NE(workbook.find("name=\"规则说明\""), std::string::npos);
  EXPECT_EQ(occurrences(rules, "<row "),
            5u);  // header, budget.adjusted, score.overrated, score.weight_sum, target.too_low
  EXPECT_EQ(cell(rules, "A2"), "budget.adjusted");
  EXPECT_EQ(cell(rules, "C2"), "提示");
  EXPECT_EQ(fill_of(styles, rules, "C2"), "FFE7E6E6");  // grey
  EXPECT_EQ(cell(rules, "E2"), "<v>0</v>");
  EXPECT_EQ(cell(rules, "A4"), "score.weight_sum");
  EXPECT_EQ(cell(rules, "C4"), "错误");
  EXPECT_EQ(cell(rules, "E4"), "<v>1</v>");
  EXPECT_EQ(cell(rules, "A5"), "target.too_low");
  EXPECT_EQ(cell(rules, "B5"), "目标值可能偏低");
  EXPECT_EQ(cell(rules, "D5"), "目标值可能设置偏低");
  EXPECT_EQ(cell(rules, "E5"), "<v>1</v>");

  // Wrapped text; a plain column as wide as its widest cell with a CJK character as two: 识别方式's 扫描件OCR is
  // 2 × 3 + 3 = 9, plus 2 (libxlsxwriter writes 11 as 11.7109375).
  EXPECT_NE(styles.find("wrapText=\"1\""), std::string::npos);
  EXPECT_NE(summary.find("<col min=\"16\" max=\"16\" width=\"11.7109375\""), std::string::npos);
  // Printing: A4 landscape, one page wide, the header row on every page; links and ids left off paper.
  for (const auto* sheet : {&summary, &findings, &indicators, &rules}) {
    EXPECT_NE(sheet->find("<pageSetUpPr fitToPage=\"1\"/>"), std::string::npos);
    EXPECT_NE(sheet->find("paperSize=\"9\""), std::string::npos);
    EXPECT_NE(sheet->find("orientation=\"landscape\""), std::string::npos);
    EXPECT_NE(sheet->find("fitToHeight=\"0\""), std::string::npos);
    EXPECT_NE(sheet->find("state=\"frozen\""), std::string::npos);
    EXPECT_NE(sheet->find("<autoFilter"), std::string::npos);
  }
  EXPECT_NE(workbook.find("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">'汇总'!$1:$1"),
            std::string::npos);
  EXPECT_NE(workbook.find("<definedName name=\"_xlnm.Print_Area\" localSheetId=\"0\">'汇总'!$A$1:$S$4"),
            std::string::npos);
  EXPECT_NE(workbook.find("<definedName name=\"_xlnm.Print_Area\" localSheetId=\"1\">'问题清单'!$A$1:$P$4"),
            std::string::npos);
}

// Past its number of links a sheet writes paths as plain text (the test allows one per sheet): 汇总's first row
// links its report, and its PDF as plain text; 问题清单's first crop is a link, the second plain text.
TEST(Xlsx, PathsPastTheLinksOfASheetArePlainText) {
  TempDir out;
  fs::path xlsx = out.path() / "summary.xlsx";
  auto rows = sample_rows();
  rows[0].findings[0].image = "evidence/市财政局/a.pdf/1.png";
  rows[0].findings[1].image = "evidence/市财政局/a.pdf/2.png";
  SummaryXlsx book(xlsx.string(), kExcelDataRows, 1);
  for (const auto& r : rows) book.add(r);
  ASSERT_FALSE(book.finish().has_value());
  const std::string q = "'" + xlsx.string() + "'";
  const std::string summary = run("unzip -p " + q + " xl/worksheets/sheet1.xml"),
                    findings = run("unzip -p " + q + " xl/worksheets/sheet2.xml");
  EXPECT_EQ(occurrences(summary, "<hyperlink "), 1u);
  EXPECT_NE(summary.find("<hyperlink ref=\"T2\""), std::string::npos);
  EXPECT_EQ(cell(summary, "U2"), "in/市财政局/a.pdf");
  EXPECT_EQ(occurrences(findings, "<hyperlink "), 1u);
  EXPECT_NE(findings.find("<hyperlink ref=\"Q2\""), std::string::npos);
  EXPECT_EQ(cell(findings, "Q3"), "evidence/市财政局/a.pdf/2.png");
}

TEST(Xlsx, LinkTargetsAreRelativeToOutUnlessAbsolute) {
  EXPECT_EQ(xlsx_link_target("", "out"), "");
  EXPECT_EQ(xlsx_link_target("/data/in/a b#1%.pdf", "/data/out"), "file:///data/in/a%20b%231%25.pdf");
  // Both relative to the working folder: from OUT = out/run up two folders, then down to the input.
  EXPECT_EQ(xlsx_link_target("in/局/a.pdf", "out/run"), "../../in/局/a.pdf");
  EXPECT_EQ(xlsx_link_target("./out/run/../x.pdf", "out/run"), "../x.pdf");
}

// A table taller than a sheet goes on in a sheet "NAME (2)" with the same header, never dropping a row (Excel holds
// 1,048,575 data rows; the test gives sheets two). sample_rows(): three files, three findings, one indicator.
TEST(Xlsx, RowsPastASheetGoOnInTheNextSheet) {
  TempDir out;
  fs::path xlsx = out.path() / "summary.xlsx";
  ASSERT_FALSE(write_summary_xlsx(xlsx.string(), sample_rows(), 2).has_value());
  std::string q = "'" + xlsx.string() + "'";
  std::string workbook = run("unzip -p " + q + " xl/workbook.xml");
  for (const char* name :
       {"name=\"汇总\"", "name=\"汇总 (2)\"", "name=\"问题清单\"", "name=\"问题清单 (2)\"", "name=\"指标明细\""})
    EXPECT_NE(workbook.find(name), std::string::npos) << name;
  EXPECT_EQ(workbook.find("name=\"指标明细 (2)\""), std::string::npos);
  auto count = [](const std::string& xml, const std::string& what) {
    std::size_t n = 0;
    for (auto p = xml.find(what); p != std::string::npos; p = xml.find(what, p + 1)) ++n;
    return n;
  };
  // Sheets in order of creation: 汇总, 问题清单, 指标明细, then the continuations 汇总 (2) and 问题清单 (2).
  std::size_t summary_rows = 0, finding_rows = 0;
  for (int sheet : {1, 4})
    summary_rows += count(run("unzip -p " + q + " xl/worksheets/sheet" + std::to_string(sheet) + ".xml"), "<row ") - 1;
  for (int sheet : {2, 5})
    finding_rows += count(run("unzip -p " + q + " xl/worksheets/sheet" + std::to_string(sheet) + ".xml"), "<row ") - 1;
  EXPECT_EQ(summary_rows, 3u);
  EXPECT_EQ(finding_rows, 3u);
}

// A file name holding U+FFFF (which XML forbids), a control character or bytes that are not UTF-8 must not make the
// workbook unreadable for the whole batch: every sheet still parses as XML, and the row is there.
TEST(Xlsx, CharactersXmlForbidsLeaveTheWorkbookReadable) {
  TempDir out;
  fs::path xlsx = out.path() / "summary.xlsx";
  auto rows = sample_rows();
  const std::string odd = "局\xEF\xBF\xBF\x01\xFF\xFE名";  // 局 U+FFFF ^A, two stray bytes, 名
  rows[0].rel = "甲/" + odd + ".pdf";
  rows[0].file = "in/" + rows[0].rel;
  rows[0].project = odd;
  ASSERT_FALSE(write_summary_xlsx(xlsx.string(), rows).has_value());
  std::string q = "'" + xlsx.string() + "'";
  for (int sheet = 1; sheet <= 3; ++sheet) {
    fs::path xml = out.path() / ("sheet" + std::to_string(sheet) + ".xml");
    ASSERT_EQ(
        std::system(("unzip -p " + q + " xl/worksheets/sheet" + std::to_string(sheet) + ".xml > '" + xml.string() + "'")
                        .c_str()),
        0);
    EXPECT_EQ(std::system(("xmllint --noout '" + xml.string() + "'").c_str()), 0) << "sheet " << sheet;
  }
  std::string sheet1 = run("unzip -p " + q + " xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet1.find("甲/局\uFFFD \uFFFD\uFFFD名.pdf"), std::string::npos);
  // The same text in HTML and CSV.
  EXPECT_EQ(html_escape(odd), "局\uFFFD \uFFFD\uFFFD名");
  EXPECT_EQ(csv_text_cell(odd), "局\uFFFD \uFFFD\uFFFD名");
}

// A name in bytes that are not UTF-8 still gives one parseable line per finding and per row, the bytes shown as
// U+FFFD; a failed file's line has no project and its error.
TEST(Jsonl, LinesParseWhateverTheBytes) {
  auto rows = sample_rows();
  rows[0].project = "项\xFF目";
  std::string findings, reports;
  for (const auto& r : rows) {
    append_findings_jsonl(findings, r);
    append_reports_jsonl(reports, r);
  }
  EXPECT_EQ(occurrences(findings, "\n"), 3u);
  EXPECT_EQ(occurrences(reports, "\n"), 3u);
  std::istringstream in(findings);
  std::string first;
  std::getline(in, first);
  auto j = nlohmann::json::parse(first);
  EXPECT_EQ(j["project"], "项\uFFFD目");
  EXPECT_EQ(j["rule"], "target.too_low");
  EXPECT_EQ(j["page"], 4);
  std::istringstream rin(reports);
  std::string line;
  for (int i = 0; i < 3; ++i) std::getline(rin, line);
  auto failed = nlohmann::json::parse(line);
  EXPECT_EQ(failed["rel"], "市教育局/c.pdf");
  EXPECT_TRUE(failed["project"].is_null());
  EXPECT_TRUE(failed["budget"].is_null());
  EXPECT_EQ(failed["outcome"], "encrypted");
  EXPECT_EQ(failed["error"], "encrypted: needs a password");
}

TEST(Xlsx, SafeTextDropsControlsAndCutsOnACharacterBoundary) {
  EXPECT_EQ(xlsx_safe_text("a\x01"
                           "b\tc"),
            "a b\tc");
  std::string longer;
  for (int i = 0; i < 20000; ++i) longer += "中";  // 3 bytes each: 60,000 bytes
  std::string cut = xlsx_safe_text(longer);
  EXPECT_LE(cut.size(), 32767u);
  EXPECT_EQ(cut.size() % 3, 0u) << "cut inside a character";
}

// ---------------------------------------------------------------------------------------------------------------
// HTML

TEST(RuleNotes, EveryRuleIsExplainedWithItsOwnNumbers) {
  const auto& rs = jx::test::real_rules();
  const RuleNotes notes = rule_notes(rs);
  for (const auto& rule : rs.checks) {
    ASSERT_TRUE(notes.count(rule.id)) << rule.id << " has no note";
    EXPECT_FALSE(notes.at(rule.id).name.empty()) << rule.id;
    EXPECT_FALSE(notes.at(rule.id).description.empty()) << rule.id << " has no description";
    EXPECT_EQ(notes.at(rule.id).description.find('{'), std::string::npos)
        << rule.id << ": " << notes.at(rule.id).description;
  }
  EXPECT_EQ(notes.at("target.too_low").name, "目标值可能偏低");
  EXPECT_EQ(notes.at("target.too_low").severity, "warning");
  // The thresholds come from the rule's parameters: target.too_low's ratio 1.2 as 120%, budget.adjusted's 0.1 as 10%.
  EXPECT_NE(notes.at("target.too_low").description.find("120%"), std::string::npos)
      << notes.at("target.too_low").description;
  EXPECT_NE(notes.at("budget.adjusted").description.find("10%"), std::string::npos)
      << notes.at("budget.adjusted").description;
  EXPECT_NE(notes.at("budget.rate_mismatch").description.find("0.5个百分点"), std::string::npos);
}

TEST(Html, EachRuleCarriesItsNameAndExplanation) {
  TempDir out;
  IndexHtml page(out.path().string());
  page.set_rule_notes({{"target.too_low", {"目标值可能偏低", "warning", "目标值可能设置偏低<说明>"}},
                       {"budget.adjusted", {"预算调整幅度较大", "warning", "调整超过10%"}}});
  for (const auto& r : sample_rows()) page.add(r);
  std::ostringstream h;
  ASSERT_FALSE(page.finish(h).has_value());
  const std::string html = h.str();
  auto data = jx::test::page_data(html);
  std::map<std::string, nlohmann::json> rules;
  for (const auto& r : data.meta["rules"]) rules[r["id"]] = r;
  EXPECT_EQ(rules["target.too_low"]["name"], "目标值可能偏低");
  EXPECT_EQ(rules["target.too_low"]["note"], "目标值可能设置偏低<说明>");
  EXPECT_EQ(rules["target.too_low"]["count"], 1);
  EXPECT_EQ(rules["score.weight_sum"]["name"], "") << "a rule without a note: its id stands for it";
  EXPECT_EQ(rules["budget.adjusted"]["count"], 0) << "every rule with a note is listed, found or not";
  EXPECT_EQ(html.find("<说明>"), std::string::npos);
  // The chart of findings by rule names it in Chinese, its id in the bar's data for the filter.
  EXPECT_NE(html.find("<g class=\"bar\" data-rule=\"target.too_low\"><title>目标值可能偏低（target.too_low）：1 处"),
            std::string::npos);
}

TEST(Html, LinksEachReportToItsPdfRelativeToThePage) {
  TempDir out;
  auto rows = sample_rows();
  rows[0].file = (out.path() / "../in/市财政局/a b.pdf").string();
  rows[1].file = (out.path() / "b.pdf").string();
  auto data = jx::test::page_data(index_html(rows, out.path().string()));
  EXPECT_EQ(data.details.at(0)["pdf"], "../in/%E5%B8%82%E8%B4%A2%E6%94%BF%E5%B1%80/a%20b.pdf");
  EXPECT_EQ(data.details.at(1)["pdf"], "b.pdf");
}

TEST(Xlsx, FindingsCarryTheirRuleExplanation) {
  TempDir out;
  fs::path xlsx = out.path() / "summary.xlsx";
  SummaryXlsx book(xlsx.string());
  book.set_rule_notes({{"target.too_low", {"目标值可能偏低", "warning", "目标值可能设置偏低"}}});
  for (const auto& r : sample_rows()) book.add(r);
  ASSERT_FALSE(book.finish().has_value());
  const std::string findings = run("unzip -p '" + xlsx.string() + "' xl/worksheets/sheet2.xml");
  EXPECT_NE(findings.find("规则说明"), std::string::npos);
  EXPECT_NE(findings.find("目标值可能设置偏低"), std::string::npos);
}

TEST(Html, EscapesEveryStringAndLoadsNothingFromOutside) {
  TempDir out;
  std::string html = index_html(sample_rows(), out.path().string());
  EXPECT_EQ(html.find("<script>alert(1)</script>"), std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("<script src"), std::string::npos);
  // Every script element is closed where it should be: no report text closes one early.
  EXPECT_EQ(occurrences(html, "<script"), occurrences(html, "</script>"));
  EXPECT_EQ(html.find("\"<"), std::string::npos) << "no '<' inside the page's JSON";
  // The content: the reports table, its data, the failed file with its reason in Chinese and as written.
  EXPECT_NE(html.find("<table id=\"reports\" class=\"sortable\""), std::string::npos);
  auto data = jx::test::page_data(html);
  ASSERT_EQ(data.rows.size(), 3u);
  EXPECT_EQ(data.details.at(0)["fnd"][1]["ind"], "<script>alert(1)</script>");
  EXPECT_EQ(data.details.at(0)["fnd"][1]["msg"], "=SUM(A1:A9), \"quoted\"");
  EXPECT_EQ(data.rows[2]["x"], "encrypted");
  EXPECT_EQ(data.rows[2]["xl"], "文件已加密，需要密码");
  EXPECT_EQ(data.rows[2]["m"], "encrypted: needs a password");
  EXPECT_NE(html.find("data-agency=\"市财政局\"><title>市财政局：错误 0，警告 2，提示 0</title>"), std::string::npos);
  EXPECT_NE(html.find("共 3 个文件，审核 2 个，无法处理 1 个；问题：错误 1，警告 2，提示 0"), std::string::npos);
}

TEST(Html, EmbedsEvidenceOnlyFromTheEvidenceFolder) {
  TempDir out;
  // A 1×1 PNG, and one outside evidence/ that a crafted report points at.
  const std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\x08\x06\0\0\0\x1f\x15\xc4\x89", 33);
  write(out.path() / "evidence/局/x.pdf/1.png", png);
  write(out.path() / "secret.png", png);
  auto rows = sample_rows();
  rows[0].findings[0].image = "evidence/局/x.pdf/1.png";
  rows[0].findings[1].image = "evidence/../secret.png";
  const std::string uri = "data:image/png;base64," + base64_encode(png);
  auto d = jx::test::page_data(index_html(rows, out.path().string())).details.at(0);
  EXPECT_EQ(d["imgs"], nlohmann::json::array({uri}));
  EXPECT_EQ(d["fnd"][0]["img"], 0);
  EXPECT_TRUE(d["fnd"][1]["img"].is_null()) << "the path escaping evidence/ must not be embedded";

  // The same image for a second finding of the report: embedded once, both findings point at it.
  rows[0].findings[1].image = "evidence/局/x.pdf/1.png";
  d = jx::test::page_data(index_html(rows, out.path().string())).details.at(0);
  EXPECT_EQ(d["imgs"], nlohmann::json::array({uri}));
  EXPECT_EQ(d["fnd"][1]["img"], 0);

  // Past the page's budget for embedded images, an image is linked by its path under OUT instead.
  IndexHtml page(out.path().string(), png.size() - 1);
  for (const auto& r : rows) page.add(r);
  std::ostringstream h;
  ASSERT_FALSE(page.finish(h).has_value());
  d = jx::test::page_data(h.str()).details.at(0);
  EXPECT_EQ(d["imgs"], nlohmann::json::array({"evidence/%E5%B1%80/x.pdf/1.png"}));
}

TEST(Html, Base64MatchesRfc4648Vectors) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
  EXPECT_EQ(base64_encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64_encode(std::string("\xff\xfe\0", 3)), "//4A");
}

TEST(Html, EscapeCoversTheFiveCharacters) {
  EXPECT_EQ(html_escape("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(html_escape("a\x01"
                        "b"),
            "a b");
}

// ---------------------------------------------------------------------------------------------------------------
// Inputs, shards, output paths

TEST(FileList, ConfinesRelativeNames) {
  EXPECT_EQ(confine_relative("../../x.pdf"), "x.pdf");
  EXPECT_EQ(confine_relative("/etc/passwd"), "etc/passwd");
  EXPECT_EQ(confine_relative("a/./b/../c.pdf"), "a/b/c.pdf");
  EXPECT_EQ(confine_relative("a\\..\\..\\b.pdf"), "a/b.pdf");
  EXPECT_EQ(confine_relative("a//b.pdf"), "a/b.pdf");
  EXPECT_EQ(confine_relative(".."), "unnamed");
  EXPECT_EQ(confine_relative(""), "unnamed");
  EXPECT_EQ(confine_relative("a\nb.pdf"), "a_b.pdf");
  EXPECT_EQ(agency_of("市财政局/子/x.pdf"), "市财政局");
  EXPECT_EQ(agency_of("x.pdf"), "");
}

TEST(FileList, OutputPathsCannotEscapeThroughSymlinks) {
  TempDir tmp;
  fs::path out = tmp.path() / "out";
  fs::create_directories(out / "reports");
  fs::create_directories(tmp.path() / "elsewhere");
  fs::create_directory_symlink(tmp.path() / "elsewhere", out / "reports/evil");
  EXPECT_FALSE(output_path(out.string(), "reports", "evil/x.pdf", ".json").has_value());
  auto ok = output_path(out.string(), "reports", "../../x.pdf", ".json");
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(fs::path(*ok), out / "reports/x.pdf.json");
  auto nested = output_path(out.string(), "evidence", "局/x.pdf", "/1.png");
  ASSERT_TRUE(nested.has_value());
  EXPECT_TRUE(fs::is_directory(out / "evidence/局/x.pdf"));
}

TEST(FileList, AtomicWriteReplacesWholeAndLeavesNoTemporary) {
  TempDir tmp;
  fs::path p = tmp.path() / "sub/file.json";
  ASSERT_FALSE(write_file_atomically(p.string(), "first").has_value());
  ASSERT_FALSE(write_file_atomically(p.string(), "second, longer").has_value());
  EXPECT_EQ(read_all(p), "second, longer");
  int entries = 0;
  for (const auto& e : fs::directory_iterator(p.parent_path())) {
    ++entries;
    EXPECT_EQ(e.path().filename(), "file.json");
  }
  EXPECT_EQ(entries, 1);
  // A folder that cannot be created (a file is in the way): an error, and nothing written.
  EXPECT_TRUE(write_file_atomically((p / "inside.json").string(), "x").has_value());
  EXPECT_EQ(read_all(p), "second, longer");
}

// ---------------------------------------------------------------------------------------------------------------
// Evidence crops

namespace {

// A one-page PDF (200 × 100 pt) with a black rectangle at x 50–150, y 40–60 from the top (PDF y 40–60 up too,
// since the page is 100 high and the rectangle is centred vertically).
std::string black_box_pdf() {
  std::vector<std::string> objs = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R /Resources << >> >>",
  };
  std::string content = "0 0 0 rg 50 40 100 20 re f\n";
  objs.push_back("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "endstream");
  return jx::test::pdf_from_objects(objs);
}

struct PixDel {
  void operator()(PIX* p) const { pixDestroy(&p); }
};

}  // namespace

TEST(Evidence, CropsTheRegionAtTheRequestedResolution) {
  TempDir tmp;
  fs::path pdf = tmp.path() / "box.pdf";
  write(pdf, black_box_pdf());
  std::vector<std::optional<EvidenceRegion>> regions;
  regions.push_back(EvidenceRegion{1, {50, 40, 150, 60}});
  regions.push_back(std::nullopt);
  regions.push_back(EvidenceRegion{2, {0, 0, 10, 10}});  // no such page
  EvidenceOptions opt;
  opt.dpi = 72;  // 1 px per point, so the numbers below are points
  opt.pad_points = 10;
  auto pngs = render_evidence_pngs(pdf.string(), regions, jx::Limits{}, opt);
  ASSERT_EQ(pngs.size(), 3u);
  EXPECT_TRUE(pngs[1].empty());
  EXPECT_TRUE(pngs[2].empty());
  ASSERT_FALSE(pngs[0].empty());
  ASSERT_EQ(pngs[0].compare(0, 8, "\x89PNG\r\n\x1a\n"), 0);

  std::unique_ptr<PIX, PixDel> png(pixReadMem(reinterpret_cast<const l_uint8*>(pngs[0].data()), pngs[0].size()));
  ASSERT_TRUE(png);
  std::unique_ptr<PIX, PixDel> pix(pixConvertTo32(png.get()));
  ASSERT_TRUE(pix);
  // The region padded by 10 on every side: 120 × 40 px, from (40, 30).
  EXPECT_EQ(pixGetWidth(pix.get()), 120);
  EXPECT_EQ(pixGetHeight(pix.get()), 40);
  auto rgb = [&](int x, int y) {
    l_int32 r = 0, g = 0, b = 0;
    pixGetRGBPixel(pix.get(), x, y, &r, &g, &b);
    return std::array<int, 3>{r, g, b};
  };
  auto inside = rgb(60, 20);  // page (100, 50): the black rectangle
  EXPECT_LT(inside[0] + inside[1] + inside[2], 60);
  auto paper = rgb(3, 3);  // page (43, 33): white paper
  EXPECT_GT(paper[0] + paper[1] + paper[2], 700);
  auto top_edge = rgb(30, 10);  // page y 40 → px 10: the red frame's top line over the region
  EXPECT_GT(top_edge[0], 150);
  EXPECT_LT(top_edge[1], 80);
}

TEST(Evidence, RegionsOfOnePageRenderedTogetherMatchEachAlone) {
  TempDir tmp;
  fs::path pdf = tmp.path() / "box.pdf";
  write(pdf, black_box_pdf());
  EvidenceRegion left{1, {20, 30, 80, 50}}, right{1, {120, 45, 190, 70}};
  auto together = render_evidence_pngs(pdf.string(), {left, right}, jx::Limits{});
  auto alone_left = render_evidence_pngs(pdf.string(), {left}, jx::Limits{});
  auto alone_right = render_evidence_pngs(pdf.string(), {right}, jx::Limits{});
  ASSERT_EQ(together.size(), 2u);
  ASSERT_FALSE(together[0].empty());
  ASSERT_FALSE(together[1].empty());
  EXPECT_EQ(together[0], alone_left[0]);
  EXPECT_EQ(together[1], alone_right[0]);
  EXPECT_NE(together[0], together[1]);
}

TEST(Evidence, RegionsFallBackToTheIndicatorRowTheBudgetRowAndTheTable) {
  Report report;
  Indicator ind;
  ind.name = "培训人次";
  ind.page = 3;
  ind.row_box = {10, 20, 300, 40};
  report.indicators.push_back(ind);
  report.budget.page = 2;
  report.budget.row_box = {10, 100, 300, 120};
  Finding with_box{"target.too_low", "warning", "m", std::string("培训人次"), 3, jx::extract::Box{1, 2, 3, 4}, "",
                   std::nullopt};
  Finding by_indicator{"score.overrated", "warning", "m", std::string("培训人次"), 3, std::nullopt, "", std::nullopt};
  Finding budget{"budget.rate_mismatch", "warning", "m", std::nullopt, 2, std::nullopt, "", std::nullopt};
  Finding weights{"score.weight_sum", "warning", "m", std::nullopt, 0, std::nullopt, "", std::nullopt};
  Finding nothing{"narrative.sum_mismatch", "warning", "m", std::nullopt, 0, std::nullopt, "", std::nullopt};
  report.findings = {with_box, by_indicator, budget, weights, nothing};
  auto regions = evidence_regions(report, jx::test::real_rules());
  ASSERT_EQ(regions.size(), 5u);
  ASSERT_TRUE(regions[0]);
  EXPECT_EQ(regions[0]->page, 3);
  EXPECT_EQ(regions[0]->box.x1, 3);
  ASSERT_TRUE(regions[1]);
  EXPECT_EQ(regions[1]->box.y0, 20);
  ASSERT_TRUE(regions[2]);
  EXPECT_EQ(regions[2]->page, 2);
  EXPECT_EQ(regions[2]->box.y0, 100);
  ASSERT_TRUE(regions[3]);  // the indicator table's part on its first page: here its one row
  EXPECT_EQ(regions[3]->page, 3);
  EXPECT_EQ(regions[3]->box.y0, 20);
  EXPECT_FALSE(regions[4]);
}

TEST(Evidence, ALargeRegionIsCutToTheLimitsFromItsTopLeft) {
  // At 72 dpi with 10 points of padding the region is 120 × 40 pixels; the limits cut it to 30 × 15.
  TempDir tmp;
  fs::path pdf = tmp.path() / "box.pdf";
  write(pdf, black_box_pdf());
  EvidenceOptions opt;
  opt.dpi = 72;
  opt.pad_points = 10;
  jx::Limits limits;
  std::vector<std::optional<EvidenceRegion>> regions{EvidenceRegion{1, {50, 40, 150, 60}}};
  auto whole = render_evidence_pngs(pdf.string(), regions, limits, opt);
  limits.max_evidence_width_px = 30;
  limits.max_evidence_height_px = 15;
  auto cut = render_evidence_pngs(pdf.string(), regions, limits, opt);
  for (auto [png, w, h] : {std::tuple{whole[0], 120, 40}, std::tuple{cut[0], 30, 15}}) {
    ASSERT_FALSE(png.empty());
    std::unique_ptr<PIX, PixDel> pix(pixReadMem(reinterpret_cast<const l_uint8*>(png.data()), png.size()));
    ASSERT_TRUE(pix);
    EXPECT_EQ(pixGetWidth(pix.get()), w);
    EXPECT_EQ(pixGetHeight(pix.get()), h);
  }
}

TEST(Evidence, AFileOutsideTheLimitsGivesNoImages) {
  // The same checks as the audit's: a one-page file is refused under max_pages 0 and a file of more than 10 bytes
  // under max_file_bytes 10.
  TempDir tmp;
  fs::path pdf = tmp.path() / "box.pdf";
  write(pdf, black_box_pdf());
  std::vector<std::optional<EvidenceRegion>> regions{EvidenceRegion{1, {50, 40, 150, 60}}};
  ASSERT_FALSE(render_evidence_pngs(pdf.string(), regions, jx::Limits{})[0].empty());
  jx::Limits no_pages;
  no_pages.max_pages = 0;
  EXPECT_TRUE(render_evidence_pngs(pdf.string(), regions, no_pages)[0].empty());
  jx::Limits tiny;
  tiny.max_file_bytes = 10;
  EXPECT_TRUE(render_evidence_pngs(pdf.string(), regions, tiny)[0].empty());
}

TEST(Evidence, BrokenFilesGiveNoImagesAndNoCrash) {
  TempDir tmp;
  write(tmp.path() / "bad.pdf", "%PDF-1.4\nnot really");
  std::vector<std::optional<EvidenceRegion>> regions{EvidenceRegion{1, {0, 0, 50, 50}}};
  auto pngs = render_evidence_pngs((tmp.path() / "bad.pdf").string(), regions, jx::Limits{});
  ASSERT_EQ(pngs.size(), 1u);
  EXPECT_TRUE(pngs[0].empty());
  pngs = render_evidence_pngs((tmp.path() / "missing.pdf").string(), regions, jx::Limits{});
  EXPECT_TRUE(pngs[0].empty());
}

TEST(AgencyYearsTest, InflationIsTheMeanOfStatedMinusRecomputedOverProjectsWithBoth) {
  auto project = [](const std::string& agency, std::optional<int> year, std::optional<double> stated,
                    std::optional<double> recomputed, int low_confidence, std::vector<std::string> rules) {
    jx::outputs::FileRow r;
    r.agency = agency;
    r.year = year;
    r.project_index = 0;
    r.stated_total = stated;
    r.recomputed_total = recomputed;
    r.low_confidence = low_confidence;
    for (auto& id : rules) r.findings.emplace_back(id, "warning", "", "m", 1, "");
    r.warning = static_cast<int>(r.findings.size());
    return r;
  };
  jx::outputs::AgencyYears by;
  by.add(project("甲局", 2022, 90, 80, 0, {"target.too_low", "target.too_low"}));
  by.add(project("甲局", 2022, 70, 75, 1, {"score.overrated"}));
  by.add(project("甲局", 2022, std::nullopt, 60, 0, {}));  // no stated total: counted, not compared
  by.add(project("甲局", 2023, 95, 95, 0, {}));
  jx::outputs::FileRow failed;
  failed.agency = "甲局";
  failed.error = "encrypted";
  by.add(failed);  // a failed file is no project
  auto entries = by.entries();
  ASSERT_EQ(entries.size(), 2u);
  const auto& y2022 = entries[0];
  EXPECT_EQ(y2022.year, 2022);
  EXPECT_EQ(y2022.projects, 3);
  EXPECT_EQ(y2022.compared, 2);
  EXPECT_EQ(y2022.unsure, 1);
  EXPECT_DOUBLE_EQ(*y2022.inflation(), 2.5);  // (90 − 80 + 70 − 75) / 2
  EXPECT_DOUBLE_EQ(*y2022.stated_mean(), 80);
  EXPECT_EQ(y2022.by_rule.at("target.too_low"), 2);
  EXPECT_EQ(by.rules(), (std::vector<std::string>{"score.overrated", "target.too_low"}));
  const std::string csv = by.csv();
  EXPECT_NE(csv.find("甲局,2022,3,2,1,80,77.5,2.5,0,3,0,1,2\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("甲局,2023,1,1,0,95,95,0,0,0,0,0,0\r\n"), std::string::npos) << csv;
}

// A target.ratchet finding whose earlier year's actual was doubted is itself doubted; one on a sure value is not.
TEST(Summary, ARatchetOnADoubtedEarlierActualIsDoubted) {
  auto doc = nlohmann::json::parse(R"J({
    "file": "y.pdf", "text_source": "text", "pages": 1,
    "indicators": [{"name": "培训人次", "target_text": "≥100人次", "actual_text": "120人次", "page": 1},
                   {"name": "满意度", "target_text": "≥90%", "actual_text": "95%", "page": 1}],
    "findings": [
      {"rule": "target.ratchet", "severity": "warning", "indicator": "培训人次", "message": "a",
       "evidence": {"page": 1, "previous": {"file": "x.pdf", "year": 2022, "actual": 180, "low_confidence": true}}},
      {"rule": "target.ratchet", "severity": "warning", "indicator": "满意度", "message": "b",
       "evidence": {"page": 1, "previous": {"file": "x.pdf", "year": 2022, "actual": 93, "low_confidence": false}}}]
  })J");
  auto rows = rows_from_document("y.pdf", doc, grades());
  ASSERT_EQ(rows.at(0).findings.size(), 2u);
  EXPECT_TRUE(rows[0].findings[0].unsure);
  EXPECT_FALSE(rows[0].findings[1].unsure);
}
