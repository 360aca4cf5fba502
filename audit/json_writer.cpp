// Writers of the contract's documents (contract.md, "The report document"). Missing values are null; numbers are
// JSON numbers (doubles print in their shortest round-trip form, "12.0" for whole ones); boxes are rounded to two
// decimals; text that is not valid UTF-8 has its bad bytes replaced by U+FFFD. Added beyond the contract:
// "warnings" (every project's list, each line once) and total_score.stated_weight. A file with several project
// tables is one document: the v1 fields are those of projects[0], and "projects" lists them all (v1.1).
#include "audit/json_writer.h"

#include <set>

#include "audit/recompute.h"
#include "core/text.h"

namespace jx::audit {

namespace {

using nlohmann::ordered_json;

// `s` as valid UTF-8: every byte that does not start a well-formed sequence becomes U+FFFD, so dump() can never
// throw on text a damaged PDF produced.
std::string utf8(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80                   ? 1
                 : (c >= 0xC2 && c <= 0xDF) ? 2
                 : (c >= 0xE0 && c <= 0xEF) ? 3
                 : (c >= 0xF0 && c <= 0xF4) ? 4
                                            : 0;
    bool ok = len > 0 && i + len <= s.size();
    for (size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (ok && len >= 3) {
      unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
      if (c == 0xE0 && c1 < 0xA0) ok = false;  // overlong
      if (c == 0xED && c1 > 0x9F) ok = false;  // surrogates
      if (c == 0xF0 && c1 < 0x90) ok = false;  // overlong
      if (c == 0xF4 && c1 > 0x8F) ok = false;  // above U+10FFFF
    }
    if (!ok) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    out.append(s, i, len);
    i += len;
  }
  return out;
}

ordered_json str(const std::string& s) { return ordered_json(utf8(s)); }

ordered_json opt(const std::optional<std::string>& v) { return v ? str(*v) : ordered_json(nullptr); }

template <class T>
ordered_json opt(const std::optional<T>& v) {
  return v ? ordered_json(*v) : ordered_json(nullptr);
}

ordered_json box_json(const extract::Box& b) {
  return ordered_json::array({round2(b.x0), round2(b.y0), round2(b.x1), round2(b.y1)});
}

ordered_json indicator_json(const Indicator& ind) {
  ordered_json j;
  j["level1"] = str(ind.level1);
  j["level2"] = str(ind.level2);
  j["name"] = str(ind.name);
  j["target_text"] = str(ind.target_text);
  if (ind.target) {
    j["target"] = {{"op", str(ind.target->op)}, {"value", ind.target->value}, {"unit", str(ind.target->unit)}};
  } else {
    j["target"] = nullptr;
  }
  j["actual_text"] = str(ind.actual_text);
  if (ind.actual) {
    j["actual"] = {{"value", ind.actual->value}, {"unit", str(ind.actual->unit)}};
  } else {
    j["actual"] = nullptr;
  }
  j["weight"] = ind.weight;
  j["self_score"] = opt(ind.self_score);
  j["recomputed_score"] = opt(ind.recomputed_score);
  j["deviation_note"] = opt(ind.deviation_note);
  j["page"] = ind.page > 0 ? ordered_json(ind.page) : ordered_json(nullptr);
  j["level1_points"] = opt(ind.level1_points);
  j["level2_points"] = opt(ind.level2_points);
  return j;
}

}  // namespace

ordered_json finding_json(const Finding& f) {
  ordered_json j;
  j["rule"] = str(f.rule);
  j["severity"] = str(f.severity);
  j["indicator"] = opt(f.indicator);
  j["message"] = str(f.message);
  ordered_json ev;
  ev["page"] = f.page > 0 ? ordered_json(f.page) : ordered_json(nullptr);
  ev["bbox"] = f.bbox ? box_json(*f.bbox) : ordered_json(nullptr);
  ev["detail"] = f.detail.empty() ? ordered_json(nullptr) : str(f.detail);
  if (f.previous) {
    const PreviousYear& p = *f.previous;
    ev["previous"] = {{"file", str(p.file)},
                      {"year", p.year},
                      {"actual", p.actual},
                      {"unit", str(p.unit)},
                      {"actual_text", str(p.actual_text)},
                      {"low_confidence", p.low_confidence}};
  }
  j["evidence"] = std::move(ev);
  return j;
}

namespace {

// The parts of the document that belong to one project: project, budget, indicators, total_score, findings, goal,
// profile and pages.
ordered_json project_parts(const Report& report) {
  ordered_json j;
  const Project& p = report.project;
  j["project"] = {{"name", opt(p.name)},
                  {"department", opt(p.department)},
                  {"implementer", opt(p.implementer)},
                  {"year", opt(p.year)},
                  {"level", opt(p.level)}};

  const Budget& b = report.budget;
  j["budget"] = {
      {"unit", opt(b.unit)},         {"initial_budget", opt(b.initial_budget)}, {"annual_budget", opt(b.annual_budget)},
      {"executed", opt(b.executed)}, {"execution_rate", opt(b.execution_rate)}, {"weight", opt(b.weight)},
      {"score", opt(b.score)}};
  ordered_json rows = ordered_json::array();
  for (const auto& r : b.rows)
    rows.push_back({{"label", str(r.label)},
                    {"initial_budget", opt(r.initial_budget)},
                    {"annual_budget", opt(r.annual_budget)},
                    {"executed", opt(r.executed)}});
  j["budget"]["rows"] = std::move(rows);

  ordered_json indicators = ordered_json::array();
  for (const auto& ind : report.indicators) indicators.push_back(indicator_json(ind));
  j["indicators"] = std::move(indicators);

  j["total_score"] = {{"stated", opt(report.total_score.stated)},
                      {"recomputed", opt(report.total_score.recomputed)},
                      {"stated_weight", opt(report.total_score.stated_weight)},
                      {"grade", opt(report.total_score.grade)}};

  ordered_json findings = ordered_json::array();
  for (const auto& f : report.findings) findings.push_back(finding_json(f));
  j["findings"] = std::move(findings);

  const Goal& g = report.goal;
  j["goal"] = g.expected || g.actual ? ordered_json{{"expected", opt(g.expected)}, {"actual", opt(g.actual)}}
                                     : ordered_json(nullptr);
  j["profile"] = str(report.profile);
  j["pages"] = ordered_json::array({report.first_page, report.last_page});
  return j;
}

}  // namespace

ordered_json report_to_json(const std::vector<Report>& projects) {
  ordered_json j;
  j["schema"] = "jxaudit.report/1";
  if (projects.empty()) return j;
  const Report& first = projects.front();
  j["file"] = str(first.file);
  j["sha256"] = str(first.sha256);
  j["pages"] = first.pages;
  j["text_source"] = str(first.text_source);
  // v1's fields are those of the first project.
  ordered_json parts = project_parts(first);
  for (auto it = parts.begin(); it != parts.end(); ++it)
    if (it.key() != "pages") j[it.key()] = *it;  // the top level's "pages" is the file's page count

  ordered_json list = ordered_json::array();
  for (const auto& p : projects) list.push_back(project_parts(p));
  j["projects"] = std::move(list);

  // Every project's warnings, each once, in order.
  ordered_json warnings = ordered_json::array();
  std::set<std::string> seen;
  for (const auto& p : projects)
    for (const auto& w : p.warnings)
      if (seen.insert(w).second) warnings.push_back(str(w));
  j["warnings"] = std::move(warnings);
  return j;
}

ordered_json report_to_json(const Report& report) { return report_to_json(std::vector<Report>{report}); }

ordered_json error_to_json(const std::string& file, const FileError& error) {
  ordered_json j;
  j["file"] = str(readable_name(file));  // the name as a person reads it; the bytes may not be UTF-8
  j["error"] = str(error.message);
  j["outcome"] = to_string(error.outcome);
  return j;
}

}  // namespace jx::audit
