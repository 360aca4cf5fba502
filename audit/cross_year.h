// The checks that compare a project with its own earlier years (contract v1.1, target.ratchet). They cannot run on
// one file: the batch (batch/cross_year.h) gathers each project's years from the run's reports and from the register,
// and hands them here as plain structs.
//
//   auto key = jx::audit::project_key("2022年度 穗智管运营服务项目经费", rules);   // "穗智管运营服务"
//   auto findings = jx::audit::ratchet_findings(now, {&last_year}, rules);
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/report.h"
#include "rules/ruleset.h"

namespace jx::audit {

// A project's name or department as matched across years: full-width letters, digits and brackets made ASCII
// (【】〔〕 become []), whitespace dropped, a leading code ("2021-001 ", "[440100]": ASCII letters and digits with
// - _ ., holding a digit, bracketed or followed by a separator) removed, a leading year followed by one of
// target.ratchet's `year_marks` (2021年, 2021年度) removed, and each of its `name_suffixes` removed once from the
// end, in their order, never leaving the name empty.
std::string project_key(std::string_view name, const rules::RuleSet& rules);

// An indicator's name as matched across years: full-width ASCII made ASCII and whitespace dropped.
std::string indicator_key(std::string_view name);

// One indicator of a project's year, as the cross-year checks read it.
struct YearIndicator {
  std::string name;
  std::optional<rules::Target> target;
  std::optional<rules::Quantity> actual;
  std::string actual_text;
  int page = 0;
  std::optional<extract::Box> bbox;
  bool low_confidence = false;  // named by an extract.low_confidence finding of its report
};

// One project of one audited file for one year.
struct ProjectYear {
  std::string file;  // the path the file was read from
  std::string name_key, department_key;
  int year = 0;
  std::vector<YearIndicator> indicators;
};

// target.ratchet for the project year `now` against `earlier`, the audited years of the same project (same name and
// department keys; others are ignored): for each indicator of `now` with a ">=" target, the nearest earlier year
// (later files win within a year, as listed) that has an indicator of the same indicator_key() with an actual in a
// unit convertible to the target's; the rule fires when the target is below that actual (1e-9 tolerance). When the
// earlier actual was read with low confidence the finding says so (message_unsure) and evidence.previous carries
// low_confidence.
std::vector<Finding> ratchet_findings(const ProjectYear& now, const std::vector<const ProjectYear*>& earlier,
                                      const rules::RuleSet& rules);

}  // namespace jx::audit
