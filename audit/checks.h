// Stage 5: the audit rules of checks.toml applied to a recomputed report. Each finding carries its rule id,
// the severity and the Chinese message of the rule file, the indicator (for indicator rules) and the page and
// box to show as evidence. Order: report-level rules in checks.toml order, then indicator rules indicator by
// indicator (rules in file order within one), then narrative findings.
#pragma once

#include <vector>

#include "audit/report.h"
#include "rules/ruleset.h"

namespace jx::audit {

std::vector<Finding> run_checks(const Report& report, const rules::RuleSet& rules);

// narrative.sum_mismatch: the breakdown sentences of the narrative whose parts do not add up to their total.
std::vector<Finding> check_narrative(const Report& report, const rules::RuleSet& rules);

// Fills a message template: "{actual}" → values.at("actual"), …; unknown placeholders are left as written.
std::string fill_message(const std::string& tmpl, const std::vector<std::pair<std::string, std::string>>& values);

}  // namespace jx::audit
