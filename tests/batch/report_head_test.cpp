// The resume cache's reading of a stored report (batch/report_head.h) agrees with the summaries' full reading
// (outputs::rows_from_document) on real report documents of the samples and on the error document's shapes.
#include "batch/report_head.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "audit/checks.h"
#include "audit/json_writer.h"
#include "audit/pipeline.h"
#include "outputs/summary_rows.h"
#include "rules/ruleset.h"
#include "tests/support/test_support.h"

namespace {

namespace fs = std::filesystem;
using jx::batch::read_report_head;

const jx::rules::RuleSet& rules() {
  static auto loaded = jx::audit::load_audit_rules(jx::rules::default_rules_dir());
  return *loaded.rules;
}

// Writes `doc` as the batch writes a report (2-space indent, cache_key and source_stat last) and checks the head
// against rows_from_document() of the same file.
void expect_head_agrees(const nlohmann::ordered_json& doc, const std::string& what) {
  jx::test::TempDir dir("jx_report_head");
  const fs::path path = dir.path() / "x.pdf.json";
  jx::test::write_file(path, doc.dump(2) + "\n");
  auto head = read_report_head(path);
  ASSERT_TRUE(head.has_value()) << what;
  auto parsed = nlohmann::json::parse(doc.dump());
  auto rows = jx::outputs::rows_from_document("x.pdf", parsed, rules().grades);
  int findings = 0;
  for (const auto& row : rows) findings += static_cast<int>(row.findings.size());
  EXPECT_EQ(head->outcome, rows.front().outcome) << what;
  EXPECT_EQ(head->error, rows.front().error) << what;
  EXPECT_EQ(head->findings, findings) << what;
  auto text = [&](const char* key) {
    return parsed.contains(key) && parsed[key].is_string() ? parsed[key].get<std::string>() : std::string();
  };
  EXPECT_EQ(head->cache_key, text("cache_key")) << what;
  EXPECT_EQ(head->source_stat, text("source_stat")) << what;
}

TEST(ReportHead, AgreesWithTheFullReadingOnTheSamplesReports) {
  ASSERT_TRUE(jx::audit::load_audit_rules(jx::rules::default_rules_dir()).ok());
  for (const char* name : {"guangzhou-suizhiguan-2021.pdf", "package-2022.pdf", "final-accounts-2022.pdf",
                           "bad/01-not-a-pdf.pdf", "bad/05-no-table.pdf"}) {
    const std::string path = std::string(JX_SOURCE_DIR) + "/samples/" + name;
    auto result = jx::audit::audit_file(path, rules(), jx::Limits{});
    nlohmann::ordered_json doc = result.projects.empty() ? jx::audit::error_to_json(path, result.error)
                                                         : jx::audit::report_to_json(result.projects);
    doc["cache_key"] = "0123/1.0/abcd";
    doc["source_stat"] = "42:1:2:3";
    expect_head_agrees(doc, name);
  }
}

TEST(ReportHead, AgreesOnEveryShapeOfDocumentTheSummariesRead) {
  // Written without `projects` (an earlier version): the top-level findings count.
  expect_head_agrees(nlohmann::ordered_json::parse(R"({"file": "x.pdf", "findings": [{"rule": "a"}, {"rule": "b"}],
      "cache_key": "k", "source_stat": "s"})"),
                     "no projects");
  // An empty `projects` array falls back on the top-level findings as well.
  expect_head_agrees(nlohmann::ordered_json::parse(R"({"projects": [], "findings": [1], "cache_key": "k"})"),
                     "empty projects");
  // Findings nested deeper than a project's own are not the project's.
  expect_head_agrees(nlohmann::ordered_json::parse(R"({"projects": [{"findings": [{"findings": [1, 2]}]}, 7,
      {"findings": [1, 2, 3]}], "findings": [1]})"),
                     "nested findings");
  // Error documents: a string error with an outcome, an object error, an error without outcome, a null error.
  expect_head_agrees(nlohmann::ordered_json::parse(R"({"file": "y.pdf", "error": "not a PDF file",
      "outcome": "not_pdf", "cache_key": "k2"})"),
                     "error document");
  expect_head_agrees(nlohmann::ordered_json::parse(
                         R"({"error": {"message": "damaged: xref", "outcome": "damaged"}, "findings": [1]})"),
                     "error object");
  expect_head_agrees(nlohmann::ordered_json::parse(R"({"error": ""})"), "empty error");
  expect_head_agrees(nlohmann::ordered_json::parse(R"({"error": null, "findings": [1, 2]})"), "null error");
  // A key that is not a string reads as absent, as the cache treats it.
  expect_head_agrees(nlohmann::ordered_json::parse(R"({"cache_key": 5, "source_stat": null})"), "odd keys");
}

TEST(ReportHead, ATruncatedOrNonObjectDocumentIsNoHead) {
  jx::test::TempDir dir("jx_report_head");
  const fs::path path = dir.path() / "x.pdf.json";
  jx::test::write_file(path, R"({"cache_key": "k", "findings": [)");
  EXPECT_FALSE(read_report_head(path).has_value());
  jx::test::write_file(path, "[1, 2]");
  EXPECT_FALSE(read_report_head(path).has_value());
  EXPECT_FALSE(read_report_head(dir.path() / "missing.json").has_value());
}

}  // namespace
