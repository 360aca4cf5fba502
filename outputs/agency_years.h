// Per agency and year: how generously the agency graded itself (self-score inflation: the stated total minus the
// recomputed one, averaged over its projects that have both) and how often each rule fired. Built row by row as the
// summary reads the reports; its size grows with agencies × years × rules, never with the number of reports.
//
//   jx::outputs::AgencyYears by;
//   for (const auto& row : rows) by.add(row);
//   std::string csv = by.csv();            // agency_years.csv
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "outputs/summary_rows.h"

namespace jx::outputs {

struct AgencyYear {
  std::string agency;
  std::optional<int> year;  // the projects' year; nullopt for projects without one
  int projects = 0;         // audited projects
  int compared = 0;         // of them, with a stated and a recomputed total
  int unsure = 0;           // of those compared, whose values include some the tool is unsure of (low confidence)
  double stated_sum = 0, recomputed_sum = 0;  // over the compared projects
  long errors = 0, warning = 0, info = 0;     // findings by severity
  std::map<std::string, long> by_rule;        // findings by rule id

  std::optional<double> stated_mean() const;
  std::optional<double> recomputed_mean() const;
  std::optional<double> inflation() const;  // stated_mean − recomputed_mean
};

class AgencyYears {
 public:
  // Counts the project `row` (a failed file's row is not a project: ignored).
  void add(const FileRow& row);
  // By agency, then year (a project without a year last).
  std::vector<AgencyYear> entries() const;
  // Every rule id that fired, sorted.
  std::vector<std::string> rules() const;
  // agency_years.csv (UTF-8 with a BOM, CRLF, as the other CSVs): agency, year, projects, projects_compared,
  // projects_unsure, stated_mean, recomputed_mean, inflation, findings_error, findings_warning, findings_info, then
  // one column per rule id of rules() with its count.
  std::string csv() const;

 private:
  std::map<std::pair<std::string, int>, AgencyYear> entries_;  // year nullopt keyed as a year after every year
};

}  // namespace jx::outputs
