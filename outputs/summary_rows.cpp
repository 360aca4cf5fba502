#include "outputs/summary_rows.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string_view>
#include <system_error>
#include <thread>

#include "audit/checks.h"
#include "audit/finding_id.h"
#include "core/numbers.h"
#include "core/severity.h"
#include "outputs/agency_years.h"
#include "outputs/csv_writer.h"
#include "outputs/html_writer.h"
#include "outputs/jsonl_writer.h"
#include "outputs/out_files.h"
#include "outputs/xlsx_writer.h"

namespace fs = std::filesystem;

namespace jx::outputs {
namespace {

std::string text_at(const nlohmann::json& j, const char* key) {
  if (!j.is_object()) return {};
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number()) return format_shortest(it->get<double>());
  return {};
}

std::optional<double> number_at(const nlohmann::json& j, const char* key) {
  if (!j.is_object()) return std::nullopt;
  auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return std::nullopt;
  double v = it->get<double>();
  if (!std::isfinite(v)) return std::nullopt;
  return v;
}

const nlohmann::json& object_at(const nlohmann::json& j, const char* key) {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  if (!j.is_object()) return kEmpty;
  auto it = j.find(key);
  return it == j.end() ? kEmpty : *it;
}

int page_of(const nlohmann::json& j) {
  auto p = number_at(j, "page");
  if (!p) p = number_at(object_at(j, "evidence"), "page");
  return p && *p >= 1 && *p < 1e9 ? static_cast<int>(*p) : 0;
}

// The row of one project: `p` is a projects[] entry, or a whole document written without `projects`; `index` is its
// place in `projects`.
FileRow project_row(const FileRow& file, const nlohmann::json& p, int index,
                    const std::vector<rules::GradeBand>& grades) {
  FileRow row = file;
  row.project_index = index;
  const auto& project = object_at(p, "project");
  row.project = text_at(project, "name");
  row.department = text_at(project, "department");
  if (auto y = number_at(project, "year"); y && *y > 0 && *y < 1e6) row.year = static_cast<int>(*y);
  const auto& total = object_at(p, "total_score");
  row.stated_total = number_at(total, "stated");
  row.recomputed_total = number_at(total, "recomputed");
  row.grade = rules::grade_of(grades, row.recomputed_total);
  const auto& budget = object_at(p, "budget");
  row.budget.unit = text_at(budget, "unit");
  row.budget.initial_budget = number_at(budget, "initial_budget");
  row.budget.annual_budget = number_at(budget, "annual_budget");
  row.budget.executed = number_at(budget, "executed");
  row.budget.execution_rate = number_at(budget, "execution_rate");
  row.budget.weight = number_at(budget, "weight");
  row.budget.score = number_at(budget, "score");
  auto findings = p.is_object() ? p.find("findings") : p.end();
  if (p.is_object() && findings != p.end() && findings->is_array()) {
    for (const auto& f : *findings) {
      FindingRow fr;
      fr.rule = text_at(f, "rule");
      fr.severity = text_at(f, "severity");
      fr.indicator = text_at(f, "indicator");
      fr.message = text_at(f, "message");
      fr.page = page_of(f);
      fr.image = text_at(f, "evidence_image");
      fr.detail = text_at(object_at(f, "evidence"), "detail");
      // A cross-year finding resting on an earlier year's doubted value (target.ratchet's evidence.previous).
      const auto& previous = object_at(object_at(f, "evidence"), "previous");
      const auto doubted = previous.is_object() ? previous.find("low_confidence") : previous.end();
      fr.unsure = previous.is_object() && doubted != previous.end() && doubted->is_boolean() && doubted->get<bool>();
      if (fr.severity == "error")
        ++row.errors;
      else if (fr.severity == "warning")
        ++row.warning;
      else if (fr.severity == "info")
        ++row.info;
      row.findings.push_back(std::move(fr));
    }
  }
  auto indicators = p.is_object() ? p.find("indicators") : p.end();
  if (p.is_object() && indicators != p.end() && indicators->is_array()) {
    for (const auto& i : *indicators) {
      IndicatorRow ir;
      ir.level1 = text_at(i, "level1");
      ir.level2 = text_at(i, "level2");
      ir.name = text_at(i, "name");
      ir.target = text_at(i, "target_text");
      ir.actual = text_at(i, "actual_text");
      ir.note = text_at(i, "deviation_note");
      ir.weight = number_at(i, "weight");
      ir.self_score = number_at(i, "self_score");
      ir.recomputed_score = number_at(i, "recomputed_score");
      ir.page = page_of(i);
      row.indicators.push_back(std::move(ir));
    }
  }
  // Ids, the indicators' texts beside each finding, and what rests on a value the tool is unsure of.
  std::set<std::string> unsure_indicators;
  bool unsure_other = false;
  for (const auto& f : row.findings) {
    if (f.rule != "extract.low_confidence") continue;
    ++row.low_confidence;
    if (f.indicator.empty())
      unsure_other = true;
    else
      unsure_indicators.insert(f.indicator);
  }
  for (auto& ir : row.indicators) ir.low_confidence = unsure_indicators.count(ir.name) > 0;
  std::map<std::pair<std::string, std::string>, int> seen;
  for (auto& f : row.findings) {
    f.id = audit::finding_id(row.sha256, index, f.rule, f.indicator, seen[{f.rule, f.indicator}]++);
    if (f.rule == "extract.low_confidence") continue;
    f.unsure = f.unsure || (f.indicator.empty() ? unsure_other : unsure_indicators.count(f.indicator) > 0);
    if (f.indicator.empty()) continue;
    for (const auto& ir : row.indicators)
      if (ir.name == f.indicator) {
        f.target = ir.target;
        f.actual = ir.actual;
        break;
      }
  }
  return row;
}

}  // namespace

std::vector<FileRow> rows_from_document(const std::string& rel, const nlohmann::json& doc,
                                        const std::vector<rules::GradeBand>& grades) {
  FileRow file;
  file.rel = rel;
  file.agency = agency_of(rel);
  file.file = text_at(doc, "file");
  file.sha256 = text_at(doc, "sha256");
  file.text_source = text_at(doc, "text_source");
  if (auto n = number_at(doc, "pages"); n && *n > 0 && *n < 1e9) file.pages = static_cast<int>(*n);
  auto warnings = doc.is_object() ? doc.find("warnings") : doc.end();
  if (doc.is_object() && warnings != doc.end() && warnings->is_array()) {
    for (const auto& w : *warnings) {
      if (!w.is_string()) continue;
      file.warnings.push_back(w.get<std::string>());
      // "page N read by OCR (…)", as audit/pipeline.cpp writes it.
      const std::string& text = file.warnings.back();
      int page = 0;
      const char* prefix = "page ";
      if (text.rfind(prefix, 0) == 0) {
        auto [end, ec] = std::from_chars(text.data() + 5, text.data() + text.size(), page);
        if (ec == std::errc() && page > 0 &&
            std::string_view(end, text.data() + text.size() - end).rfind(" read by OCR", 0) == 0)
          file.ocr_pages.push_back(page);
      }
    }
  }
  const auto& err = object_at(doc, "error");
  if (doc.is_object() && doc.contains("error") && !doc["error"].is_null()) {
    file.error = doc["error"].is_string() ? doc["error"].get<std::string>() : text_at(err, "message");
    file.outcome = text_at(doc, "outcome");
    if (file.outcome.empty()) file.outcome = text_at(err, "outcome");
    if (file.outcome.empty()) file.outcome = "internal";
    if (file.error.empty()) file.error = file.outcome;
    return {file};
  }
  std::vector<FileRow> rows;
  auto projects = doc.is_object() ? doc.find("projects") : doc.end();
  if (doc.is_object() && projects != doc.end() && projects->is_array() && !projects->empty()) {
    file.project_count = static_cast<int>(projects->size());
    for (std::size_t i = 0; i < projects->size(); ++i) {
      rows.push_back(project_row(file, (*projects)[i], static_cast<int>(i), grades));
    }
  } else {
    file.project_count = 1;
    rows.push_back(project_row(file, doc, 0, grades));
  }
  return rows;
}

std::vector<std::string> report_rels(const std::string& out_dir, const RelFilter& only,
                                     std::vector<std::string>* problems) {
  fs::path base = fs::path(out_dir) / "reports";
  std::error_code ec;
  std::vector<std::string> rels;
  if (!fs::is_directory(base, ec)) return rels;
  fs::recursive_directory_iterator it(base, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    std::error_code e2;
    if (it->is_symlink(e2) || !it->is_regular_file(e2)) continue;
    std::string name = it->path().filename().string();
    // A report is any *.json, a hidden input's (.x.pdf.json) too; a temporary's name ends in .tmpPID-N instead.
    if (name.size() <= 5 || name.compare(name.size() - 5, 5, ".json") != 0) continue;
    std::string rel = it->path().lexically_relative(base).generic_string();
    rel.resize(rel.size() - 5);
    if (only && !only(rel)) continue;
    rels.push_back(std::move(rel));
  }
  if (ec && problems) problems->push_back(base.string() + ": cannot list everything: " + ec.message());
  std::sort(rels.begin(), rels.end());
  return rels;
}

void for_each_report(const std::string& out_dir, const std::vector<rules::GradeBand>& grades, const RelFilter& only,
                     std::vector<std::string>* problems, const std::function<void(const FileRow&)>& sink) {
  fs::path base = fs::path(out_dir) / "reports";
  std::string bytes;
  for (const auto& rel : report_rels(out_dir, only, problems)) {
    fs::path path = base / (rel + ".json");
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    auto doc = nlohmann::json::parse(bytes, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
      if (problems) problems->push_back(path.string() + ": not a report document");
      continue;
    }
    for (const auto& row : rows_from_document(rel, doc, grades)) sink(row);
  }
}

std::vector<FileRow> load_summary_rows(const std::string& out_dir, const std::vector<rules::GradeBand>& grades,
                                       const std::set<std::string>* only, std::vector<std::string>* problems) {
  std::vector<FileRow> rows;
  RelFilter filter;
  if (only) filter = [only](const std::string& rel) { return only->count(rel) > 0; };
  for_each_report(out_dir, grades, filter, problems, [&](const FileRow& row) { rows.push_back(row); });
  return rows;
}

RuleNotes rule_notes(const rules::RuleSet& rules) {
  RuleNotes out;
  for (const auto& rule : rules.checks) {
    std::vector<std::pair<std::string, std::string>> values;
    for (const auto& [name, value] : rule.params) {
      values.emplace_back(name, format_rounded(value, 4));
      values.emplace_back(name + "%", format_rounded(value * 100.0, 2) + "%");
    }
    out[rule.id] = RuleNote{rule.name, to_string(rule.severity),
                            rule.description.empty() ? std::string() : audit::fill_message(rule.description, values)};
  }
  return out;
}

SummaryResult write_summary_outputs(const std::string& out_dir, const std::vector<rules::GradeBand>& grades,
                                    const RelFilter& only, const std::function<void(const FileRow&)>& on_row,
                                    const RuleNotes& notes, const Reviews& reviews) {
  SummaryResult result;
  fs::path out(out_dir);
  AtomicFile findings((out / "findings.csv").string()), summary((out / "summary.csv").string());
  AtomicFile findings_jsonl((out / "findings.jsonl").string()), reports_jsonl((out / "reports.jsonl").string());
  findings.write(findings_csv_head());
  summary.write(summary_csv_head());
  SummaryXlsx book((out / "summary.xlsx").string());
  book.set_rule_notes(notes);
  IndexHtml page(out_dir);
  page.set_rule_notes(notes);
  AgencyYears agency_years;
  std::string line;
  FileRow reviewed;
  for_each_report(out_dir, grades, only, &result.problems, [&](const FileRow& read) {
    const FileRow* rowp = &read;
    if (!reviews.empty()) {
      reviewed = read;
      for (auto& f : reviewed.findings)
        if (auto it = reviews.find(f.id); it != reviews.end()) f.review = it->second;
      rowp = &reviewed;
    }
    const FileRow& row = *rowp;
    ++result.rows;
    if (starts_file(row)) ++result.files;
    if (!row.error.empty()) ++result.failed;
    result.info += row.info;
    result.warning += row.warning;
    result.errors += row.errors;
    line.clear();
    append_findings_csv(line, row);
    findings.write(line);
    line.clear();
    append_summary_csv(line, row);
    summary.write(line);
    line.clear();
    append_findings_jsonl(line, row);
    findings_jsonl.write(line);
    line.clear();
    append_reports_jsonl(line, row);
    reports_jsonl.write(line);
    book.add(row);
    page.add(row);
    agency_years.add(row);
    if (on_row) on_row(row);
  });
  // The workbook's zip compression, the slowest step, runs on a second thread while the page is joined here.
  std::optional<std::string> xlsx_problem;
  std::thread xlsx;
  try {
    xlsx = std::thread([&] { xlsx_problem = book.finish(); });
  } catch (const std::system_error&) {
    xlsx_problem = book.finish();
  }
  for (auto* file : {&findings, &summary, &findings_jsonl, &reports_jsonl})
    if (auto e = file->commit()) result.problems.push_back(*e);
  if (auto e = write_file_atomically((out / "agency_years.csv").string(), agency_years.csv()))
    result.problems.push_back(*e);
  if (auto e = page.finish((out / "index.html").string())) result.problems.push_back(*e);
  if (xlsx.joinable()) xlsx.join();
  if (xlsx_problem) result.problems.push_back(*xlsx_problem);
  return result;
}

}  // namespace jx::outputs
