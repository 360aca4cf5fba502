#include "batch/cross_year.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>
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

// The indicators of a project of a report document as the cross-year checks read them, each marked when an
// extract.low_confidence finding of the project names it.
std::vector<audit::YearIndicator> indicators_of(const ordered_json& project) {
  std::vector<audit::YearIndicator> out;
  std::set<std::string> unsure;  // indicators named by extract.low_confidence
  if (auto f = project.find("findings"); f != project.end() && f->is_array())
    for (const auto& finding : *f)
      if (text_at(finding, "rule") == "extract.low_confidence") unsure.insert(text_at(finding, "indicator"));
  auto inds = project.find("indicators");
  if (inds == project.end() || !inds->is_array()) return out;
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
    out.push_back(std::move(ind));
  }
  return out;
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
  // 1. Each project of OUT by its key and year, one document in memory at a time; what is kept does not hold the
  //    indicators, so it stays small however many reports there are.
  struct DocInfo {
    std::string rel;
    bool wanted = false;       // `only` accepts it: its findings are recomputed
    bool had_ratchet = false;  // it holds target.ratchet findings now (which may have to go)
  };
  struct Entry {
    std::string name_key, department_key;
    int year = 0;
    std::size_t doc = 0;
    std::size_t project = 0;
  };
  std::vector<DocInfo> docs;
  std::vector<Entry> entries;
  for (const auto& rel : outputs::report_rels(out_dir, {}, &result.problems)) {
    auto doc = read_document(base / (rel + ".json"));
    if (!doc || is_error_document(*doc)) continue;  // the summary says what cannot be read
    DocInfo info{rel, !only || only(rel), false};
    auto projects = projects_of(*doc);
    for (std::size_t i = 0; i < projects.size(); ++i) {
      const ordered_json& p = *projects[i];
      if (auto f = p.find("findings"); f != p.end() && f->is_array())
        for (const auto& finding : *f) info.had_ratchet = info.had_ratchet || text_at(finding, "rule") == kRule;
      const ordered_json& project = p.contains("project") ? p["project"] : ordered_json();
      auto year = number_at(project, "year");
      std::string name_key = audit::project_key(text_at(project, "name"), rules);
      if (!year || *year <= 0 || *year >= 10000 || name_key.empty()) continue;
      entries.push_back({std::move(name_key), audit::project_key(text_at(project, "department"), rules),
                         static_cast<int>(*year), docs.size(), i});
    }
    docs.push_back(std::move(info));
  }
  // 2. Project by project (entries sorted by key), its years in OUT and in the register: the findings of its years
  //    that OUT holds. Only one project's years are in memory at a time.
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return std::tie(a.name_key, a.department_key, a.doc, a.project) <
           std::tie(b.name_key, b.department_key, b.doc, b.project);
  });
  std::map<std::size_t, std::map<std::size_t, std::vector<audit::Finding>>> found;  // doc → project → findings
  outputs::StoredYears stored(db_path, out_dir);
  if (stored.error()) result.problems.push_back("register " + *stored.error() + ": earlier years not compared");
  for (std::size_t from = 0; from < entries.size();) {
    std::size_t to = from + 1;
    while (to < entries.size() && entries[to].name_key == entries[from].name_key &&
           entries[to].department_key == entries[from].department_key)
      ++to;
    const bool wanted = std::any_of(entries.begin() + static_cast<std::ptrdiff_t>(from),
                                    entries.begin() + static_cast<std::ptrdiff_t>(to),
                                    [&](const Entry& e) { return docs[e.doc].wanted; });
    if (wanted) {
      std::vector<audit::ProjectYear> years = stored.years_of(entries[from].name_key, entries[from].department_key);
      const std::size_t stored_count = years.size();
      std::set<int> distinct;
      for (const auto& y : years) distinct.insert(y.year);
      for (std::size_t k = from; k < to; ++k) distinct.insert(entries[k].year);
      if (distinct.size() > 1) {  // a single year has nothing earlier to compare with
        for (std::size_t k = from; k < to; ++k) {
          auto doc = read_document(base / (docs[entries[k].doc].rel + ".json"));
          audit::ProjectYear y;
          if (doc) {
            auto projects = projects_of(*doc);
            y.file = text_at(*doc, "file");
            if (entries[k].project < projects.size()) y.indicators = indicators_of(*projects[entries[k].project]);
          }
          y.name_key = entries[k].name_key;
          y.department_key = entries[k].department_key;
          y.year = entries[k].year;
          years.push_back(std::move(y));
        }
        std::vector<const audit::ProjectYear*> all;
        all.reserve(years.size());
        for (const auto& y : years) all.push_back(&y);
        for (std::size_t k = from; k < to; ++k) {
          if (!docs[entries[k].doc].wanted) continue;
          auto findings = audit::ratchet_findings(years[stored_count + (k - from)], all, rules);
          if (findings.empty()) continue;
          result.findings += findings.size();
          found[entries[k].doc][entries[k].project] = std::move(findings);
        }
      }
    }
    from = to;
  }
  // 3. Each document whose cross-year findings may have changed: rewritten when they did.
  for (std::size_t d = 0; d < docs.size(); ++d) {
    const auto hit = found.find(d);
    if (!docs[d].wanted || (!docs[d].had_ratchet && hit == found.end())) continue;
    const fs::path path = base / (docs[d].rel + ".json");
    auto doc = read_document(path);
    if (!doc) continue;
    bool changed = false;
    auto projects = projects_of(*doc);
    for (std::size_t i = 0; i < projects.size(); ++i) {
      std::vector<audit::Finding> none;
      std::vector<audit::Finding>* mine = &none;
      if (hit != found.end())
        if (auto it = hit->second.find(i); it != hit->second.end()) mine = &it->second;
      for (auto& f : *mine)
        if (!f.bbox && f.indicator) f.bbox = row_box(*projects[i], *f.indicator);
      changed = replace_findings(*projects[i], *mine) || changed;
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
