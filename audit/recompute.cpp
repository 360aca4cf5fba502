// Stage 4: the scores the report should have had (contract.md, "Recomputation").
//
// Promises, per indicator:
//   - quantitative (target and actual both read): weight × completion, completion capped at 1 and never below 0;
//     ">=" and "=": actual / target, "<=": target / actual (1 when met). A target of 0 has no ratio: ">=" and "="
//     earn the full weight, "<=" earns it only when actual ≤ 0, else 0.
//   - qualitative (no number in the target): keeps its self score.
//   - a quantitative target whose actual cell holds no number: keeps its self score too (nothing to recompute
//     from; the auditor sees the missing actual in the document).
//   - no self score on a row that keeps it: recomputed_score stays empty.
// total_score.recomputed = expected budget score (or, when it cannot be computed, the stated budget score, else 0)
// + Σ recomputed scores (missing ones count 0).
#include "audit/recompute.h"

#include <algorithm>
#include <cmath>

namespace jx::audit {

double round2(double x) {
  // A tiny nudge so that values like 1.005 (stored as 1.00499999…) still round half away from zero.
  double scaled = x * 100.0;
  scaled += scaled >= 0 ? 1e-9 : -1e-9;
  double r = std::round(scaled) / 100.0;
  return r == 0 ? 0.0 : r;  // no "-0"
}

std::optional<double> expected_budget_score(const Budget& budget) {
  if (!budget.weight || !budget.executed || !budget.annual_budget) return std::nullopt;
  if (*budget.annual_budget == 0) return std::nullopt;
  double rate = *budget.executed / *budget.annual_budget;
  rate = std::clamp(rate, 0.0, 1.0);
  return round2(*budget.weight * rate);
}

namespace {

// Completion in [0, 1] of a quantitative indicator, by the contract's formulas.
double completion(const rules::Target& target, double actual) {
  if (target.value == 0) {
    if (target.op == "<=") return actual <= 0 ? 1.0 : 0.0;
    return 1.0;
  }
  double c = 0;
  if (target.op == "<=") {
    if (actual <= target.value) return 1.0;
    c = target.value / actual;  // actual > target > 0 here, or target < 0 (nonsense input: clamped below)
  } else {
    c = actual / target.value;
  }
  if (!std::isfinite(c)) return 0.0;
  return std::clamp(c, 0.0, 1.0);
}

}  // namespace

void recompute(Report& report, const rules::RuleSet& /*rules*/) {
  double sum = 0;
  for (Indicator& ind : report.indicators) {
    if (ind.target && ind.actual) {
      ind.recomputed_score = round2(ind.weight * completion(*ind.target, ind.actual->value));
    } else {
      ind.recomputed_score = ind.self_score;
    }
    if (ind.recomputed_score) sum += *ind.recomputed_score;
  }
  double budget_score = 0;
  if (auto expected = expected_budget_score(report.budget)) {
    budget_score = *expected;
  } else if (report.budget.score) {
    budget_score = *report.budget.score;
  }
  report.total_score.recomputed = round2(budget_score + sum);
}

}  // namespace jx::audit
