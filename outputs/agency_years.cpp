#include "outputs/agency_years.h"

#include <limits>
#include <set>

#include "core/numbers.h"
#include "outputs/csv_writer.h"

namespace jx::outputs {

namespace {

constexpr int kNoYear = std::numeric_limits<int>::max();

std::string cell(const std::optional<double>& v) { return v ? format_rounded(*v, 2) : std::string(); }

}  // namespace

std::optional<double> AgencyYear::stated_mean() const {
  return compared > 0 ? std::optional<double>(stated_sum / compared) : std::nullopt;
}
std::optional<double> AgencyYear::recomputed_mean() const {
  return compared > 0 ? std::optional<double>(recomputed_sum / compared) : std::nullopt;
}
std::optional<double> AgencyYear::inflation() const {
  return compared > 0 ? std::optional<double>((stated_sum - recomputed_sum) / compared) : std::nullopt;
}

void AgencyYears::add(const FileRow& row) {
  if (!row.error.empty() || !row.project_index) return;
  AgencyYear& e = entries_[{row.agency, row.year.value_or(kNoYear)}];
  e.agency = row.agency;
  e.year = row.year;
  ++e.projects;
  if (row.stated_total && row.recomputed_total) {
    ++e.compared;
    e.stated_sum += *row.stated_total;
    e.recomputed_sum += *row.recomputed_total;
    if (row.low_confidence > 0) ++e.unsure;
  }
  e.errors += row.errors;
  e.warning += row.warning;
  e.info += row.info;
  for (const auto& f : row.findings) ++e.by_rule[f.rule];
}

std::vector<AgencyYear> AgencyYears::entries() const {
  std::vector<AgencyYear> out;
  out.reserve(entries_.size());
  for (const auto& entry : entries_) out.push_back(entry.second);
  return out;
}

std::vector<std::string> AgencyYears::rules() const {
  std::set<std::string> ids;
  for (const auto& entry : entries_)
    for (const auto& count : entry.second.by_rule) ids.insert(count.first);
  return {ids.begin(), ids.end()};
}

std::string AgencyYears::csv() const {
  const auto ids = rules();
  std::string out = "\xEF\xBB\xBF";
  auto end_line = [&] { out += "\r\n"; };
  out +=
      "agency,year,projects,projects_compared,projects_unsure,stated_mean,recomputed_mean,inflation,"
      "findings_error,findings_warning,findings_info";
  for (const auto& id : ids) out += "," + csv_text_cell(id);
  end_line();
  for (const auto& entry : entries_) {
    const AgencyYear& e = entry.second;
    out += csv_text_cell(e.agency) + "," + (e.year ? std::to_string(*e.year) : std::string()) + "," +
           std::to_string(e.projects) + "," + std::to_string(e.compared) + "," + std::to_string(e.unsure) + "," +
           cell(e.stated_mean()) + "," + cell(e.recomputed_mean()) + "," + cell(e.inflation()) + "," +
           std::to_string(e.errors) + "," + std::to_string(e.warning) + "," + std::to_string(e.info);
    for (const auto& id : ids) {
      auto it = e.by_rule.find(id);
      out += "," + std::to_string(it == e.by_rule.end() ? 0 : it->second);
    }
    end_line();
  }
  return out;
}

}  // namespace jx::outputs
