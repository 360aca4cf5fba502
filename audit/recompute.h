// Stage 4: the scores the report should have had, by the contract's formulas (see contract.md, Recomputation).
#pragma once

#include "audit/report.h"
#include "rules/ruleset.h"

namespace jx::audit {

// Fills every indicator's recomputed_score and total_score.recomputed. Rounds to 2 decimals, half away from zero.
void recompute(Report& report, const rules::RuleSet& rules);

// The budget score the report should state: weight × min(executed / annual_budget, 1); nullopt when a number is
// missing or annual_budget is 0.
std::optional<double> expected_budget_score(const Budget& budget);

double round2(double x);

}  // namespace jx::audit
