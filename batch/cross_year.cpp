#include "batch/cross_year.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "audit/cross_year.h"
#include "audit/json_writer.h"
#include "outputs/out_files.h"
#include "outputs/register.h"
#include "rules/value_parser.h"

namespace fs = std::filesystem;
using nlohmann::ordered_json;

namespace jx::batch {
namespace {

const char* const kRule = "target.ratchet";

std::string text_at(const ordered_json& j, const char* key) {
  if (!j.is_object()) return {};
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<double> number_at(const ordered_json& j, const char* key) {
  if (!j.is_object()) return std::nullopt;
  auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

// The projects of a document: its `projects`, or the document itself when it has none (written before v1.1).
std::vector<ordered_json*> projects_of(ordered_json& doc) {
  std::vector<ordered_json*> out;
  auto it = doc.find("projects");
  if (it != doc.end() && it->is_array() && !it->empty()) {
    for (auto& p : *it) out.push_back(&p);
  } else {
    out.push_back(&doc);
  }
  return out;
}

// A project of a report document as the cross-year checks read it; year 0 when it has none.
audit::ProjectYear year_of(const ordered_json& project, const std::string& file, const rules::RuleSet& rules) {
  audit::ProjectYear y;
  y.file = file;
  const ordered_json& p = project.is_object() && project.contains("project") ? project["project"] : ordered_json();
  y.name_key = audit::project_key(text_at(p, "name"), rules);
  y.department_key = audit::project_key(text_at(p, "department"), rules);
  if (auto year = number_at(p, "year"); year && *year > 0 && *year < 10000) y.year = static_cast<int>(*year);
  std::set<std::string> unsure;  // indicators named by extract.low_confidence
  if (auto f = project.find("findings"); f != project.end() && f->is_array())
    for (const auto& finding : *f)
      if (text_at(finding, "rule") == "extract.low_confidence") unsure.insert(text_at(finding, "indicator"));
  auto inds = project.find("indicators");
  if (inds == project.end() || !inds->is_array()) return y;
  for (const auto& i : *inds) {
    audit::YearIndicator ind;
    ind.name = text_at(i, "name");
    ind.actual_text = text_at(i, "actual_text");
    if (const auto t = i.find("target"); t != i.end() && t->is_object()) {
      auto value = number_at(*t, "value");
      if (value) ind.target = rules::Target{text_at(*t, "op"), *value, text_at(*t, "unit")};
    }
    if (const auto a = i.find("actual"); a != i.end() && a->is_object()) {
      if (auto value = number_at(*a, "value")) ind.actual = rules::Quantity{*value, text_at(*a, "unit")};
    }
    if (auto page = number_at(i, "page"); page && *page > 0) ind.page = static_cast<int>(*page);
    ind.low_confidence = unsure.count(ind.name) > 0;
    y.indicators.push_back(std::move(ind));
  }
  return y;
}

// The indicator row's box on its page, as the report's other findings on the indicator give it (the first one
// with a box), for the finding's evidence.
std::optional<extract::Box> row_box(const ordered_json& project, const std::string& indicator) {
  auto f = project.find("findings");
  if (f == project.end() || !f->is_array()) return std::nullopt;
  for (const auto& finding : *f) {
    if (text_at(finding, "indicator") != indicator) continue;
    auto ev = finding.find("evidence");
    if (ev == finding.end() || !ev->is_object()) continue;
    auto box = ev->find("bbox");
    if (box == ev->end() || !box->is_array() || box->size() != 4) continue;
    if (!std::all_of(box->begin(), box->end(), [](const ordered_json& v) { return v.is_number(); })) continue;
    return extract::Box{(*box)[0].get<double>(), (*box)[1].get<double>(), (*box)[2].get<double>(),
                        (*box)[3].get<double>()};
  }
  return std::nullopt;
}

struct Doc {
  std::string rel;
  std::vector<audit::ProjectYear> years;  // one per project, in order
};

std::optional<ordered_json> read_document(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto doc = ordered_json::parse(bytes, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return std::nullopt;
  return doc;
}

bool is_error_document(const ordered_json& doc) {
  auto e = doc.find("error");
  return e != doc.end() && !e->is_null();
}

// Replaces the target.ratchet findings of `project` by `found`; true when that changed them.
bool replace_findings(ordered_json& project, const std::vector<audit::Finding>& found) {
  ordered_json kept = ordered_json::array(), old = ordered_json::array();
  if (auto f = project.find("findings"); f != project.end() && f->is_array())
    for (auto& finding : *f) (text_at(finding, "rule") == kRule ? old : kept).push_back(finding);
  ordered_json fresh = ordered_json::array();
  for (const auto& f : found) fresh.push_back(audit::finding_json(f));
  if (fresh == old) return false;
  for (auto& f : fresh) kept.push_back(std::move(f));
  project["findings"] = std::move(kept);
  return true;
}

}  // namespace

CrossYearResult apply_cross_year_checks(const std::string& out_dir, const std::string& db_path,
                                        const rules::RuleSet& rules, const outputs::RelFilter& only) {
  CrossYearResult result;
  const fs::path base = fs::path(out_dir) / "reports";
  // Every project year of OUT, one document in memory at a time.
  std::vector<Doc> docs;
  const auto rels = outputs::report_rels(out_dir, {}, &result.problems);
  for (const auto& rel : rels) {
    auto doc = read_document(base / (rel + ".json"));
    if (!doc || is_error_document(*doc)) continue;  // the summary says what cannot be read
    Doc d{rel, {}};
    const std::string file = text_at(*doc, "file");
    for (ordered_json* p : projects_of(*doc)) d.years.push_back(year_of(*p, file, rules));
    docs.push_back(std::move(d));
  }
  // The register's years of the same projects, from other runs.
  std::set<std::pair<std::string, std::string>> keys;
  for (const auto& d : docs)
    for (const auto& y : d.years)
      if (y.year > 0 && !y.name_key.empty()) keys.emplace(y.name_key, y.department_key);
  std::vector<audit::ProjectYear> stored;
  if (!keys.empty())
    if (auto e = outputs::stored_project_years(db_path, out_dir, keys, &stored))
      result.problems.push_back("register " + *e + ": earlier years from other runs not compared");
  std::map<std::pair<std::string, std::string>, std::vector<const audit::ProjectYear*>> by_project;
  for (const auto& y : stored) by_project[{y.name_key, y.department_key}].push_back(&y);
  for (const auto& d : docs)
    for (const auto& y : d.years)
      if (y.year > 0 && !y.name_key.empty()) by_project[{y.name_key, y.department_key}].push_back(&y);

  for (const auto& d : docs) {
    if (only && !only(d.rel)) continue;
    std::vector<std::vector<audit::Finding>> found;
    bool any_year = false;
    for (const auto& y : d.years) {
      found.emplace_back();
      if (y.year == 0 || y.name_key.empty()) continue;
      any_year = true;
      found.back() = audit::ratchet_findings(y, by_project[{y.name_key, y.department_key}], rules);
      result.findings += found.back().size();
    }
    if (!any_year) continue;
    const fs::path path = base / (d.rel + ".json");
    auto doc = read_document(path);
    if (!doc) continue;
    bool changed = false;
    auto projects = projects_of(*doc);
    for (std::size_t i = 0; i < projects.size() && i < found.size(); ++i) {
      for (auto& f : found[i]) {
        if (!f.bbox && f.indicator) f.bbox = row_box(*projects[i], *f.indicator);
      }
      changed = replace_findings(*projects[i], found[i]) || changed;
    }
    if (!changed) continue;
    // The top level repeats the first project's parts (contract v1.1): its findings follow.
    if (projects.front() != &*doc && doc->contains("findings")) (*doc)["findings"] = (*projects.front())["findings"];
    if (auto e = outputs::write_file_atomically(
            path.string(), doc->dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n")) {
      result.problems.push_back(*e);
      continue;
    }
    ++result.rewritten;
  }
  return result;
}

}  // namespace jx::batch
