// The batch's tables as a function of OUT/reports, a row per project: every summary output (findings.csv, summary.csv,
// summary.xlsx, index.html) is built from the report documents on disk, so a run, a resumed run and `jxaudit merge` all
// produce the same bytes from the same reports. They are built in one pass over the reports, one document in memory at
// a time: what the summary costs in memory does not grow with the number of files.
//
//   auto result = jx::outputs::write_summary_outputs("OUT", rules.grades, nullptr);  // every report under OUT/reports
//   for (const auto& p : result.problems) ...
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "rules/ruleset.h"

namespace jx::outputs {

struct FindingRow {
  FindingRow() = default;
  FindingRow(std::string rule, std::string severity, std::string indicator, std::string message, int page,
             std::string image)
      : rule(std::move(rule)),
        severity(std::move(severity)),
        indicator(std::move(indicator)),
        message(std::move(message)),
        page(page),
        image(std::move(image)) {}

  std::string rule, severity, indicator, message;
  int page = 0;                // 0: not tied to a page
  std::string image;           // evidence crop, relative to OUT ("evidence/<rel>/1.png"); empty when none
  std::string id;              // audit::finding_id(): stable across runs for the same file, project, rule and indicator
  std::string detail;          // evidence.detail: the arithmetic or the words the finding rests on; empty when none
  std::string target, actual;  // the named indicator's target_text and actual_text; empty without an indicator
  std::string review;  // the review decision recorded for `id` in the register: "confirmed", "dismissed", "open"; empty
                       // when none (write_summary_outputs() fills it from its `reviews`)
  // The finding rests on a value the tool is not sure of: its indicator (or, for a finding without indicator, a
  // value of its project) is named by an extract.low_confidence finding, or the earlier year's value it compares with
  // was (evidence.previous.low_confidence). Always false for extract.low_confidence.
  bool unsure = false;
};

struct IndicatorRow {
  std::string level1, level2, name, target, actual, note;
  std::optional<double> weight, self_score, recomputed_score;
  int page = 0;
  bool low_confidence = false;  // named by an extract.low_confidence finding of its project
};

// The budget block of a project (the 年度资金总额 row), as the report document gives it.
struct BudgetRow {
  std::string unit;
  std::optional<double> initial_budget, annual_budget, executed, execution_rate, weight, score;
};

// One row of the summary: one project of an audited file (a file holds one or several project tables, the
// report document's `projects`), or a failed file.
struct FileRow {
  std::string rel;                    // relative name (the report's place under OUT/reports, without ".json")
  std::string agency;                 // first folder of rel
  std::string file;                   // the path the file was read from
  std::string sha256;                 // the file's, as the report gives it; empty for a failed file that has none
  std::string text_source;            // "text", "ocr" or "mixed"; empty for a failed file
  int pages = 0;                      // the file's page count; 0 when unknown
  std::vector<std::string> warnings;  // the report's extraction warnings (pages read by OCR, deskew …)
  std::vector<int> ocr_pages;         // pages read by OCR, from the warnings ("page N read by OCR …")
  // The project's place in the document's `projects` (0-based, page order); a document without `projects` (written
  // before v1.1) is one project, 0. Empty for a failed file, which has no project.
  std::optional<int> project_index;
  int project_count = 0;  // projects in the file (1 without `projects`); 0 for a failed file
  std::string project, department;
  std::optional<int> year;
  BudgetRow budget;
  std::optional<double> stated_total, recomputed_total;
  std::string grade;           // recomputed_total's grade by the profile's bands; empty when failed or without a total
  std::string outcome = "ok";  // Outcome id: "ok", "encrypted", "timeout", …
  std::string error;           // the failure's message; empty when audited
  int info = 0, warning = 0, errors = 0;  // this project's findings by severity
  int low_confidence = 0;                 // of them, extract.low_confidence findings
  std::vector<FindingRow> findings;       // this project's
  std::vector<IndicatorRow> indicators;
};

// The rows of one report document, graded by `grades` (rules::RuleSet::grades): one per entry of `projects`, in
// its order, each from that entry's project, total_score, findings and indicators (the top-level ones, projects[0]'s,
// are not counted twice); for a document without `projects` (or with it empty), one row from the top level; for an
// error document {"file","error","outcome"}, one row with the error and no project_index. Never empty.
std::vector<FileRow> rows_from_document(const std::string& rel, const nlohmann::json& doc,
                                        const std::vector<rules::GradeBand>& grades);

// True when some page of the file was read by OCR.
inline bool read_by_ocr(const FileRow& row) { return !row.text_source.empty() && row.text_source != "text"; }

// True for the first row of a file (project 0, or the failed file's only row): counting these counts files.
inline bool starts_file(const FileRow& row) { return !row.project_index || *row.project_index == 0; }

// Which reports to take, by rel; an empty function takes them all.
using RelFilter = std::function<bool(const std::string& rel)>;

// The rels of OUT/reports/**/*.json (regular files, not links; temporaries skipped) that `only` accepts, sorted. A
// folder that cannot be listed whole becomes a problem line.
std::vector<std::string> report_rels(const std::string& out_dir, const RelFilter& only,
                                     std::vector<std::string>* problems);

// Reads OUT/reports/**/*.json in rel order, one document at a time, and hands each of its rows (one per project, in
// project order) to `sink`. `only`, when set, restricts to the rels it accepts. A document that cannot be read or
// parsed becomes a problem line (no row).
void for_each_report(const std::string& out_dir, const std::vector<rules::GradeBand>& grades, const RelFilter& only,
                     std::vector<std::string>* problems, const std::function<void(const FileRow&)>& sink);

// The rows of for_each_report() (a row per project), all in memory: for small folders and tests.
std::vector<FileRow> load_summary_rows(const std::string& out_dir, const std::vector<rules::GradeBand>& grades,
                                       const std::set<std::string>* only, std::vector<std::string>* problems);

// What people are told of a rule: its Chinese name, its severity id and its one-line explanation.
struct RuleNote {
  std::string name, severity, description;
};
// Each rule's note, by rule id: checks.toml's `name`, `severity` and `description`, the description's {param} and
// {param%} placeholders filled from the rule's parameters (as the applied profile set them).
using RuleNotes = std::map<std::string, RuleNote>;
RuleNotes rule_notes(const rules::RuleSet& rules);

struct SummaryResult {
  std::size_t files = 0, failed = 0;       // files (report documents) read; of them, files that could not be audited
  std::size_t rows = 0;                    // summary rows written: a row per project, and one per failed file
  long info = 0, warning = 0, errors = 0;  // findings by severity
  std::vector<std::string> problems;       // documents that could not be read, outputs that could not be written
};

// Writes findings.csv, summary.csv, summary.xlsx, index.html, findings.jsonl and reports.jsonl into OUT from the
// reports under OUT/reports (only those `only` accepts, when set), each output atomically. `on_row`, when given, sees
// every row as it is written. `notes` explain each rule beside its findings in summary.xlsx and index.html.
// The review decision of each finding id (from the register), shown beside the finding in every output.
using Reviews = std::map<std::string, std::string>;

// The files write_summary_outputs() writes into OUT, by name.
inline constexpr const char* kSummaryOutputs[] = {"findings.csv",   "summary.csv",   "summary.xlsx",    "index.html",
                                                  "findings.jsonl", "reports.jsonl", "agency_years.csv"};

SummaryResult write_summary_outputs(const std::string& out_dir, const std::vector<rules::GradeBand>& grades,
                                    const RelFilter& only, const std::function<void(const FileRow&)>& on_row = {},
                                    const RuleNotes& notes = {}, const Reviews& reviews = {});

}  // namespace jx::outputs
