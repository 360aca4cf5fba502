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

// The indicator's actual in its target's unit (contract v1.1: "10亿条" against "110000万条", "万元" against "元" are
// compared after conversion, rules::unit_factor); the actual as written when the units do not convert or a value is
// missing (0 then).
double actual_in_target_unit(const Indicator& ind, const rules::ValueRules& values);

// Completion in [0, 1] of a quantitative target met by `actual` (in the target's unit), by the contract's formulas and
// the profile's reverse formula for a missed "<=" target.
double completion(const rules::Target& target, double actual, rules::ReverseFormula reverse);

// Whether an indicator's values, or the 年度资金总额 row's, were read by OCR (a cell below confidence 100, or one the
// OCR path repaired).
bool read_by_ocr(const Indicator& ind);
bool read_by_ocr(const Budget& budget);
bool read_by_ocr(const BudgetRow& row);

// Why an OCR'd indicator's values cannot be what the form printed, filled from extract.low_confidence's
// implausible_* fragments: a percent above `implausible_percent` on an indicator whose name holds one of
// `percent_names` (率, 满意度); an actual more than `implausible_ratio` times its target or less than its reciprocal
// (same unit); a self score above its weight by more than `implausible_score_over`; a target or actual column whose
// heading the OCR'd table did not name (Indicator::unplaced_columns); a target or actual cell blank as read but
// holding ink the OCR read as nothing (Indicator::unread_cells). nullopt when plausible, or when
// read from a text layer (there an inconsistent value is what the form says, and the checks judge it). Such an
// indicator keeps its self score as its recomputed score and gets no finding but extract.low_confidence: the number
// could not be read, and is never repaired from the arithmetic.
std::optional<std::string> implausible(const Indicator& ind, const rules::RuleSet& rules);

// Why a percent read by OCR cannot be what the form printed: above extract.low_confidence's `implausible_percent`,
// told by its implausible_percent_why fragment; nullopt when it can be. The percent tests of both implausible() and
// of the narrative's stated rate.
std::optional<std::string> implausible_percent(double percent, const rules::RuleSet& rules);

// The same for an OCR'd 年度资金总额 row: a stated execution rate above `implausible_percent`, or an amount executed
// more than `implausible_ratio` times the budget or under its reciprocal. Such a row gets no budget finding but
// extract.low_confidence.
std::optional<std::string> implausible(const Budget& budget, const rules::RuleSet& rules);

}  // namespace jx::audit
