// Stage 4: the scores the report should have had (contract.md, "Recomputation").
//
// Promises, per indicator:
//   - quantitative (target and actual both read): weight × completion, completion capped at 1 and never below 0;
//     ">=" and "=": actual / target, "<=": 1 when met, else the profile's reverse formula (ratio: target / actual;
//     linear: 1 − (actual − target) / target). The actual is converted into the target's unit first where a 万 / 亿
//     prefix is all that differs. A target of 0 has no ratio: ">=" and "="
//     earn the full weight, "<=" earns it only when actual ≤ 0, else 0.
//   - qualitative (no number in the target): keeps its self score.
//   - a quantitative target whose actual cell holds no number: keeps its self score too (nothing to recompute
//     from; the auditor sees the missing actual in the document).
//   - no self score on a row that keeps it: recomputed_score stays empty.
// total_score.recomputed = expected budget score (or, when it cannot be computed, the stated budget score, else 0)
// + Σ recomputed scores (missing ones count 0).
// An OCR'd indicator or 年度资金总额 row whose values cannot be what the form printed (implausible()) keeps its
// stated score: nothing is recomputed from a number that could not be read.
#include "audit/recompute.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "audit/checks.h"

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

double actual_in_target_unit(const Indicator& ind, const rules::ValueRules& values) {
  if (!ind.actual) return 0;
  if (!ind.target) return ind.actual->value;
  const auto factor = rules::unit_factor(ind.actual->unit, ind.target->unit, values);
  return factor ? ind.actual->value * *factor : ind.actual->value;
}

double completion(const rules::Target& target, double actual, rules::ReverseFormula reverse) {
  if (target.value == 0) {
    if (target.op == "<=") return actual <= 0 ? 1.0 : 0.0;
    return 1.0;
  }
  double c = 0;
  if (target.op == "<=") {
    if (actual <= target.value) return 1.0;
    // actual > target > 0 here, or target < 0 (nonsense input: clamped below)
    c = reverse == rules::ReverseFormula::Linear ? 1.0 - (actual - target.value) / target.value : target.value / actual;
  } else {
    c = actual / target.value;
  }
  if (!std::isfinite(c)) return 0.0;
  return std::clamp(c, 0.0, 1.0);
}

namespace {

std::string short_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

std::string fill_value(const rules::CheckRule& rule, const char* fragment, const std::string& value) {
  return fill_message(rule.text(fragment), {{"value", value}});
}

// Whether `a` over `b` lies beyond `max` times, either way.
bool far_apart(double a, double b, double max) {
  const double ratio = a / b;
  return ratio > max || ratio * max < 1;
}

}  // namespace

bool read_by_ocr(const Budget& budget) { return budget.min_confidence < 100.0f || budget.repairs != 0; }

bool read_by_ocr(const BudgetRow& row) { return row.min_confidence < 100.0f || row.repairs != 0; }

std::optional<std::string> implausible(const Budget& budget, const rules::RuleSet& rules) {
  if (!read_by_ocr(budget)) return std::nullopt;
  const rules::CheckRule& rule = rules.rule("extract.low_confidence");
  if (budget.execution_rate)
    if (auto why = implausible_percent(*budget.execution_rate, rules)) return why;
  if (budget.executed && budget.annual_budget && *budget.executed > 0 && *budget.annual_budget > 0 &&
      far_apart(*budget.executed, *budget.annual_budget, rule.number("implausible_ratio")))
    return fill_value(rule, "implausible_ratio_why",
                      short_number(*budget.executed) + "/" + short_number(*budget.annual_budget));
  return std::nullopt;
}

std::optional<std::string> implausible_percent(double percent, const rules::RuleSet& rules) {
  const rules::CheckRule& rule = rules.rule("extract.low_confidence");
  if (percent <= rule.number("implausible_percent")) return std::nullopt;
  return fill_value(rule, "implausible_percent_why", short_number(percent) + "%");
}

bool read_by_ocr(const Indicator& ind) { return ind.min_confidence < 100.0f || ind.repairs != 0; }

std::optional<std::string> implausible(const Indicator& ind, const rules::RuleSet& rules) {
  if (!read_by_ocr(ind)) return std::nullopt;
  const rules::CheckRule& rule = rules.rule("extract.low_confidence");
  // The fields' column names (column_target / column_actual), joined by `separator`.
  auto names = [&rule](const std::vector<std::string>& fields) {
    std::string out;
    for (const std::string& field : fields) {
      if (!out.empty()) out += rule.text("separator");
      out += rule.text(field == "target" ? "column_target" : "column_actual");
    }
    return out;
  };
  // A value column whose heading was not read: its cells were never placed, so its blank is not the form's.
  if (!ind.unplaced_columns.empty()) return fill_value(rule, "implausible_column_why", names(ind.unplaced_columns));
  // A value cell that held ink the OCR read as nothing: blank as read, not as printed.
  if (!ind.unread_cells.empty()) return fill_value(rule, "implausible_unread_why", names(ind.unread_cells));
  // A percent above the bar on a rate or satisfaction indicator.
  bool rate_name = false;
  const std::string& words = rule.text("percent_names");
  const std::string& sep = rule.text("separator");
  for (std::size_t from = 0; from <= words.size();) {
    std::size_t to = sep.empty() ? std::string::npos : words.find(sep, from);
    if (to == std::string::npos) to = words.size();
    const std::string word = words.substr(from, to - from);
    if (!word.empty() && ind.name.find(word) != std::string::npos) rate_name = true;
    from = to + sep.size();
  }
  if (rate_name && ind.target && ind.target->unit == "%")
    if (auto why = implausible_percent(ind.target->value, rules)) return why;
  if (rate_name && ind.actual && ind.actual->unit == "%")
    if (auto why = implausible_percent(ind.actual->value, rules)) return why;
  // An actual a hundred times its target, or a hundredth of it.
  if (ind.target && ind.actual && ind.target->value > 0 && ind.actual->value > 0 &&
      rules::unit_factor(ind.actual->unit, ind.target->unit, rules.values) &&
      far_apart(actual_in_target_unit(ind, rules.values), ind.target->value, rule.number("implausible_ratio")))
    return fill_value(rule, "implausible_ratio_why",
                      short_number(ind.actual->value) + "/" + short_number(ind.target->value));
  // A self score far above its weight.
  if (ind.self_score && *ind.self_score > ind.weight + rule.number("implausible_score_over"))
    return fill_value(rule, "implausible_score_why", short_number(*ind.self_score) + "/" + short_number(ind.weight));
  return std::nullopt;
}

void recompute(Report& report, const rules::RuleSet& rules) {
  double sum = 0;
  for (Indicator& ind : report.indicators) {
    // A value that could not be read (implausible) recomputes nothing, like a qualitative target.
    if (ind.target && ind.actual && !implausible(ind, rules)) {
      ind.recomputed_score =
          round2(ind.weight * completion(*ind.target, actual_in_target_unit(ind, rules.values), rules.profile.reverse));
    } else {
      ind.recomputed_score = ind.self_score;
    }
    if (ind.recomputed_score) sum += *ind.recomputed_score;
  }
  double budget_score = 0;
  std::optional<double> expected = expected_budget_score(report.budget);
  if (implausible(report.budget, rules)) expected.reset();  // a row that could not be read recomputes nothing
  if (expected) {
    budget_score = *expected;
  } else if (report.budget.score) {
    budget_score = *report.budget.score;
  }
  report.total_score.recomputed = round2(budget_score + sum);
}

}  // namespace jx::audit
