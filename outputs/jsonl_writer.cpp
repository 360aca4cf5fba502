#include "outputs/jsonl_writer.h"

#include <nlohmann/json.hpp>

namespace jx::outputs {
namespace {

using json = nlohmann::ordered_json;

json text_or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json number_or_null(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json int_or_null(const std::optional<int>& v) { return v ? json(*v) : json(nullptr); }

// One line: ill-formed UTF-8 (a name in GBK bytes) becomes U+FFFD rather than an exception.
void append_line(std::string& out, const json& j) {
  out += j.dump(-1, ' ', false, json::error_handler_t::replace);
  out += '\n';
}

}  // namespace

void append_findings_jsonl(std::string& out, const FileRow& r) {
  for (const auto& f : r.findings) {
    json j = json::object();
    j["rel"] = r.rel;
    j["file"] = r.file;
    j["agency"] = r.agency;
    j["sha256"] = text_or_null(r.sha256);
    j["project_index"] = int_or_null(r.project_index);
    j["project"] = text_or_null(r.project);
    j["id"] = f.id;
    j["rule"] = f.rule;
    j["severity"] = f.severity;
    j["indicator"] = text_or_null(f.indicator);
    j["message"] = f.message;
    j["page"] = f.page > 0 ? json(f.page) : json(nullptr);
    j["evidence_image"] = text_or_null(f.image);
    j["detail"] = text_or_null(f.detail);
    j["target"] = text_or_null(f.target);
    j["actual"] = text_or_null(f.actual);
    j["unsure"] = f.unsure;
    j["review"] = text_or_null(f.review);
    append_line(out, j);
  }
}

void append_reports_jsonl(std::string& out, const FileRow& r) {
  const bool failed = !r.error.empty();
  json j = json::object();
  j["rel"] = r.rel;
  j["file"] = r.file;
  j["agency"] = r.agency;
  j["sha256"] = text_or_null(r.sha256);
  j["project_index"] = int_or_null(r.project_index);
  j["project_count"] = r.project_count;
  j["project"] = text_or_null(r.project);
  j["department"] = text_or_null(r.department);
  j["year"] = int_or_null(r.year);
  if (failed) {
    j["budget"] = nullptr;
  } else {
    j["budget"] = {{"unit", text_or_null(r.budget.unit)},
                   {"initial_budget", number_or_null(r.budget.initial_budget)},
                   {"annual_budget", number_or_null(r.budget.annual_budget)},
                   {"executed", number_or_null(r.budget.executed)},
                   {"execution_rate", number_or_null(r.budget.execution_rate)},
                   {"weight", number_or_null(r.budget.weight)},
                   {"score", number_or_null(r.budget.score)}};
  }
  j["total_score"] = {{"stated", number_or_null(r.stated_total)}, {"recomputed", number_or_null(r.recomputed_total)}};
  j["grade"] = text_or_null(r.grade);
  j["findings"] = {{"error", r.errors}, {"warning", r.warning}, {"info", r.info}};
  j["low_confidence"] = r.low_confidence;
  j["text_source"] = text_or_null(r.text_source);
  j["pages"] = r.pages > 0 ? json(r.pages) : json(nullptr);
  j["ocr_pages"] = r.ocr_pages;
  j["warnings"] = r.warnings;
  j["outcome"] = r.outcome;
  j["error"] = text_or_null(r.error);
  append_line(out, j);
}

}  // namespace jx::outputs
