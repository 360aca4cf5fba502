// The checks across years in a batch (contract v1.1, target.ratchet): each project of OUT/reports is compared with
// its own earlier years, from the other reports of the same OUT and from the register's reports of other runs. The
// findings go into the project's report document itself (rewritten atomically when they change), so that every
// output built from OUT/reports, and the register, shows them.
//
//   auto r = jx::batch::apply_cross_year_checks("OUT", "OUT/jxaudit.sqlite", rules, only);
//   for (const auto& p : r.problems) ...
#pragma once

#include <string>
#include <vector>

#include "outputs/summary_rows.h"
#include "rules/ruleset.h"

namespace jx::batch {

struct CrossYearResult {
  std::size_t rewritten = 0;          // report documents whose cross-year findings changed
  std::size_t findings = 0;           // target.ratchet findings in the documents `only` accepts, after the pass
  std::vector<std::string> problems;  // a document or the register that could not be read, a rewrite that failed
};

// Recomputes the target.ratchet findings of every report of OUT/reports that `only` accepts (all when unset),
// against all the reports of OUT (an earlier year need not be among those accepted) and the register at `db_path`
// (its reports of other OUTs; a missing register is none). A project without a year, a name or any indicator with
// a ">=" target is not compared. Never throws for a bad document or register: each is a problem line.
CrossYearResult apply_cross_year_checks(const std::string& out_dir, const std::string& db_path,
                                        const rules::RuleSet& rules, const outputs::RelFilter& only = {});

}  // namespace jx::batch
