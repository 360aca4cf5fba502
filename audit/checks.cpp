// Stage 5: the rules of checks.toml applied to a recomputed report (contract.md, "Rules every report is checked
// against"). Thresholds and message fragments come from each rule's [rule.params]; messages are the rule file's
// templates, filled with the placeholders listed at each rule below (checks.toml documents the same list).
//
// The check registry (kChecks, at the end) is the one table of implementations: each names its rule id, the
// parameters it reads with their types, and the functions that run it. check_registry() hands its schema to the
// loader, so a rule file that lacks a parameter, misspells one, gives it the wrong type, has a rule no check
// implements, or lacks the rule of a check, does not load; every parameter read here is therefore present.
#include "audit/checks.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <unordered_map>

#include "audit/recompute.h"
#include "core/numbers.h"
#include "core/utf8.h"
#include "rules/value_parser.h"

namespace jx::audit {

std::string fill_message(const std::string& tmpl, const std::vector<std::pair<std::string, std::string>>& values) {
  std::string out;
  out.reserve(tmpl.size() + 32);
  size_t i = 0;
  while (i < tmpl.size()) {
    size_t open = tmpl.find('{', i);
    if (open == std::string::npos) {
      out.append(tmpl, i, std::string::npos);
      break;
    }
    size_t close = tmpl.find('}', open + 1);
    if (close == std::string::npos) {
      out.append(tmpl, i, std::string::npos);
      break;
    }
    out.append(tmpl, i, open - i);
    std::string key = tmpl.substr(open + 1, close - open - 1);
    auto it = std::find_if(values.begin(), values.end(), [&](const auto& kv) { return kv.first == key; });
    if (it != values.end() && key.find('{') == std::string::npos) {
      out += it->second;
      i = close + 1;
    } else {
      // Unknown placeholder (or a stray '{'): keep the '{' and go on scanning right after it.
      out += '{';
      i = open + 1;
    }
  }
  return out;
}

void say_implausible(Finding& f, const rules::CheckRule& rule, const std::string& what, const std::string& why,
                     const std::string& values) {
  f.message = fill_message(rule.text("message_implausible"), {{"what", what}, {"why", why}, {"values", values}});
  f.detail = why + rule.text("steps_end") + f.detail;
}

namespace {

using Values = std::vector<std::pair<std::string, std::string>>;

// A number for a message: at most `decimals` decimals, trailing zeros dropped, classic locale ("1952.61", "120").
std::string num(double x, int decimals = 2) { return format_rounded(x, decimals); }

std::string quantity(double value, const std::string& unit) { return num(value, 4) + unit; }

// Relative-and-absolute slack for comparisons the contract calls inclusive.
double slack(double a, double b) { return 1e-9 * std::max({1.0, std::fabs(a), std::fabs(b)}); }

Finding make(const rules::CheckRule& rule, const Values& values) {
  Finding f;
  f.rule = rule.id;
  f.severity = jx::to_string(rule.severity);
  f.message = fill_message(rule.message, values);
  return f;
}

Finding at_indicator(Finding f, const Indicator& ind) {
  f.indicator = ind.name;
  f.page = ind.page;
  if (ind.page > 0) f.bbox = ind.row_box;
  return f;
}

Finding at_budget(Finding f, const Budget& b) {
  f.page = b.page;
  if (b.page > 0) f.bbox = b.row_box;
  return f;
}

// The items of `items` joined by `separator` (the rule's "、").
std::string joined(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

// ---- report rules -------------------------------------------------------------------------------------------

// budget.rate_mismatch — {stated} {computed} {executed} {annual_budget} {unit} {points}
std::optional<Finding> rate_mismatch(const rules::CheckRule& rule, const Report& r) {
  const Budget& b = r.budget;
  if (!b.execution_rate || !b.executed || !b.annual_budget || *b.annual_budget == 0) return std::nullopt;
  double points = rule.number("points");
  double computed = *b.executed / *b.annual_budget * 100.0;
  if (std::fabs(*b.execution_rate - computed) <= points + slack(*b.execution_rate, computed)) return std::nullopt;
  Finding f = make(rule, {{"stated", num(*b.execution_rate)},
                          {"computed", num(computed)},
                          {"executed", num(*b.executed)},
                          {"annual_budget", num(*b.annual_budget)},
                          {"unit", b.unit.value_or("")},
                          {"points", num(points)}});
  f.detail = num(*b.executed) + " / " + num(*b.annual_budget) + " × 100 = " + num(computed);
  return at_budget(f, b);
}

// budget.score_mismatch — {stated} {computed} {weight} {rate} {tolerance}
std::optional<Finding> score_mismatch(const rules::CheckRule& rule, const Report& r) {
  const Budget& b = r.budget;
  auto expected = expected_budget_score(b);
  if (!b.score || !expected) return std::nullopt;
  double tol = rule.number("tolerance");
  if (std::fabs(*b.score - *expected) <= tol + slack(*b.score, *expected)) return std::nullopt;
  double rate = *b.executed / *b.annual_budget * 100.0;
  Finding f = make(rule, {{"stated", num(*b.score)},
                          {"computed", num(*expected)},
                          {"weight", num(*b.weight)},
                          {"rate", num(rate)},
                          {"tolerance", num(tol)}});
  f.detail = num(*b.weight) + " × min(" + num(*b.executed) + " / " + num(*b.annual_budget) + ", 1) = " + num(*expected);
  return at_budget(f, b);
}

// The indicators' weights, summed.
double indicator_weights(const Report& r) {
  double sum = 0;
  for (const auto& ind : r.indicators) sum += ind.weight;
  return sum;
}

// score.weight_sum — {sum} {total} {budget_weight} {indicator_weights}. A missing budget weight counts 0.
std::optional<Finding> weight_sum(const rules::CheckRule& rule, const Report& r) {
  if (r.indicators.empty()) return std::nullopt;
  double total = rule.number("total");
  double tol = rule.number("tolerance");
  double indicators = indicator_weights(r);
  double sum = r.budget.weight.value_or(0) + indicators;
  if (std::fabs(sum - total) <= tol + slack(sum, total)) return std::nullopt;
  Finding f = make(rule, {{"sum", num(sum)},
                          {"total", num(total)},
                          {"budget_weight", r.budget.weight ? num(*r.budget.weight) : "—"},
                          {"indicator_weights", num(indicators)}});
  f.detail = (r.budget.weight ? num(*r.budget.weight) : std::string("—")) + " + " + num(indicators) + " = " + num(sum);
  f.page = r.total_score.page;
  return f;
}

// score.total_mismatch — {stated} {computed} {budget_score} {self_sum}. The budget score is the stated one, or
// the expected one when the report states none; missing self scores count 0.
std::optional<Finding> total_mismatch(const rules::CheckRule& rule, const Report& r) {
  if (!r.total_score.stated) return std::nullopt;
  double tol = rule.number("tolerance");
  double budget = r.budget.score ? *r.budget.score : expected_budget_score(r.budget).value_or(0);
  double self_sum = 0;
  for (const auto& ind : r.indicators) self_sum += ind.self_score.value_or(0);
  double computed = budget + self_sum;
  double stated = *r.total_score.stated;
  if (std::fabs(stated - computed) <= tol + slack(stated, computed)) return std::nullopt;
  Finding f = make(rule, {{"stated", num(stated)},
                          {"computed", num(computed)},
                          {"budget_score", num(budget)},
                          {"self_sum", num(self_sum)}});
  f.detail = num(budget) + " + " + num(self_sum) + " = " + num(computed);
  f.page = r.total_score.page;
  return f;
}

bool names_any(const std::string& label, const std::vector<std::string>& words) {
  const std::string normal = rules::normalize_header(label);
  return std::ranges::any_of(words, [&](const std::string& w) {
    const std::string nw = rules::normalize_header(w);
    return !nw.empty() && normal.find(nw) != std::string::npos;
  });
}

// structure.no_satisfaction — {levels}: the report's level1 names; {words}: values.toml's words for 满意度; both
// joined by the rule's `separator`. An indicator is a satisfaction indicator when its level1 names 满意度
// (satisfaction_level1), or its level2 does (satisfaction_level2: 效益指标 → 服务对象满意度指标, 结果目标 → 满意度).
std::optional<Finding> no_satisfaction(const rules::CheckRule& rule, const Report& r, const rules::RuleSet& rs) {
  const auto& words = rs.values.satisfaction_level1;
  for (const auto& ind : r.indicators) {
    if (names_any(ind.level1, words) || names_any(ind.level2, rs.values.satisfaction_level2)) return std::nullopt;
  }
  const std::string& separator = rule.text("separator");
  std::vector<std::string> seen;
  for (const auto& ind : r.indicators) {
    if (ind.level1.empty() || std::find(seen.begin(), seen.end(), ind.level1) != seen.end()) continue;
    seen.push_back(ind.level1);
  }
  const std::string levels = joined(seen, separator);
  Finding f = make(rule, {{"words", joined(words, separator)}, {"levels", levels}});
  f.detail = levels;
  if (!r.indicators.empty()) f.page = r.indicators.front().page;  // where the indicator block starts
  return f;
}

// ---- extract.low_confidence -----------------------------------------------------------------------------------
// {what} (the rule's *_what fragments: 指标“…” / 年度资金总额行 / 总分 / 文字说明中的数字) {name} {values} (the cells
// as read, by the rule's *_values and budget_* fragments) {confidence} {threshold} {steps}. Fires on OCR'd values
// read below the rule's threshold (message), and on OCR'd values the OCR path repaired — a sign made from its shape
// over digits, a separator inserted or retyped, a number read again apart from its unit, a second engine's reading
// taken against the first — whatever their confidence (message_repaired; {steps}: the repair_* fragments of the
// steps taken, also the start of the finding's evidence detail). A text layer never gives it.

double confidence_threshold(const rules::CheckRule& rule) { return rule.number("threshold"); }

bool read_unsure(float confidence, const rules::CheckRule& rule) {
  return confidence < 100.0f && confidence < confidence_threshold(rule);
}

std::string repair_steps(const rules::CheckRule& rule, std::uint8_t repairs) {
  std::vector<std::string> steps;
  if ((repairs & extract::repair::kShape) != 0) steps.push_back(rule.text("repair_shape"));
  if ((repairs & extract::repair::kSeparator) != 0) steps.push_back(rule.text("repair_separator"));
  if ((repairs & extract::repair::kSplit) != 0) steps.push_back(rule.text("repair_split"));
  if ((repairs & extract::repair::kReread) != 0) steps.push_back(rule.text("repair_reread"));
  if ((repairs & extract::repair::kWide) != 0) steps.push_back(rule.text("repair_wide"));
  if ((repairs & extract::repair::kUnread) != 0) steps.push_back(rule.text("repair_unread"));
  if ((repairs & extract::repair::kSquared) != 0) steps.push_back(rule.text("repair_squared"));
  if ((repairs & extract::repair::kPenMark) != 0) steps.push_back(rule.text("repair_pen_mark"));
  return joined(steps, rule.text("separator"));
}

bool unsure(float confidence, std::uint8_t repairs, const rules::CheckRule& rule) {
  return read_unsure(confidence, rule) || repairs != 0;
}

Finding low_confidence(const rules::CheckRule& rule, const std::string& what, const std::string& name,
                       const std::string& values, float confidence, std::uint8_t repairs) {
  const std::string steps = repair_steps(rule, repairs);
  const Values v = {{"what", what},
                    {"name", name},
                    {"values", values},
                    {"confidence", num(confidence, 0)},
                    {"threshold", num(confidence_threshold(rule), 0)},
                    {"steps", steps}};
  Finding f = make(rule, v);
  if (!read_unsure(confidence, rule)) {
    // Only squared (no step of the reading itself): the readings may agree, on an image they all shared.
    const bool squared_only = repairs == extract::repair::kSquared;
    f.message = fill_message(rule.text(squared_only ? "message_squared" : "message_repaired"), v);
  }
  f.detail = steps.empty() ? values : steps + rule.text("steps_end") + values;
  return f;
}

// One value of the money block as extract.low_confidence names it: `fragment` (budget_initial, …) with {value} {unit}.
std::string budget_item(const rules::CheckRule& rule, const char* fragment, double value, const Budget& b) {
  return fill_message(rule.text(fragment), {{"value", num(value, 4)}, {"unit", b.unit.value_or("")}});
}

std::optional<Finding> budget_low_confidence(const rules::CheckRule& rule, const Report& r, const rules::RuleSet& rs) {
  const Budget& b = r.budget;
  const std::optional<std::string> why = implausible(b, rs);
  if (!why && !unsure(b.min_confidence, b.repairs, rule)) return std::nullopt;
  std::vector<std::string> items;
  auto add = [&](const char* fragment, const std::optional<double>& v) {
    if (v) items.push_back(budget_item(rule, fragment, *v, b));
  };
  add("budget_initial", b.initial_budget);
  add("budget_annual", b.annual_budget);
  add("budget_executed", b.executed);
  add("budget_weight", b.weight);
  add("budget_rate", b.execution_rate);
  add("budget_score", b.score);
  const std::string values = joined(items, rule.text("separator"));
  Finding f = low_confidence(rule, rule.text("budget_what"), "", values, b.min_confidence, b.repairs);
  if (why) say_implausible(f, rule, rule.text("budget_what"), *why, values);
  return at_budget(std::move(f), b);
}

// The rows under 年度资金总额 (the sources of the money that budget.subrows_mismatch adds up), when a money cell of
// one was read unsure, repaired, or holds digits no number was read from: one finding naming those rows.
std::optional<Finding> budget_rows_low_confidence(const rules::CheckRule& rule, const Report& r,
                                                  const rules::RuleSet& rs) {
  const Budget& b = r.budget;
  const rules::CheckRule& subrows = rs.rule("budget.subrows_mismatch");
  float confidence = 100;
  std::uint8_t repairs = 0;
  std::vector<std::string> rows;
  for (std::size_t i = 1; i < b.rows.size(); ++i) {
    const BudgetRow& row = b.rows[i];
    // A text layer's rows never get this finding.
    if (!unsure(row.min_confidence, row.repairs, rule) && !(read_by_ocr(row) && row.unread != 0)) continue;
    confidence = std::min(confidence, row.min_confidence);
    repairs |= row.repairs;
    std::vector<std::string> items;
    auto add = [&](const char* fragment, const char* column, std::uint8_t bit, const std::optional<double>& v) {
      if ((row.unread & bit) != 0) {
        items.push_back(fill_message(rule.text("budget_unread"), {{"column", subrows.text(column)}}));
      } else if (v) {
        items.push_back(budget_item(rule, fragment, *v, b));
      }
    };
    add("budget_initial", "column_initial", BudgetRow::kInitialUnread, row.initial_budget);
    add("budget_annual", "column_annual", BudgetRow::kAnnualUnread, row.annual_budget);
    add("budget_executed", "column_executed", BudgetRow::kExecutedUnread, row.executed);
    rows.push_back(fill_message(rule.text("budget_row"),
                                {{"label", row.label}, {"values", joined(items, rule.text("separator"))}}));
  }
  if (rows.empty()) return std::nullopt;
  const std::string values = joined(rows, rule.text("budget_rows_separator"));
  return at_budget(low_confidence(rule, rule.text("budget_rows_what"), "", values, confidence, repairs), b);
}

std::optional<Finding> total_low_confidence(const rules::CheckRule& rule, const Report& r) {
  const TotalScore& t = r.total_score;
  if (!unsure(t.min_confidence, t.repairs, rule) || !t.stated) return std::nullopt;
  Finding f =
      low_confidence(rule, rule.text("total_what"), "",
                     fill_message(rule.text("total_values"), {{"value", num(*t.stated)}}), t.min_confidence, t.repairs);
  f.page = t.page;
  return f;
}

std::optional<Finding> indicator_low_confidence(const rules::CheckRule& rule, const Indicator& ind,
                                                const rules::RuleSet& rs) {
  const std::optional<std::string> why = implausible(ind, rs);
  if (!why && !unsure(ind.min_confidence, ind.repairs, rule)) return std::nullopt;
  const Values cells = {{"name", ind.name},
                        {"target_text", ind.target_text},
                        {"actual_text", ind.actual_text},
                        {"weight", num(ind.weight)},
                        {"self_score", ind.self_score ? num(*ind.self_score) : std::string("—")}};
  const std::string what = fill_message(rule.text("indicator_what"), cells);
  const std::string values = fill_message(rule.text("indicator_values"), cells);
  Finding f = low_confidence(rule, what, ind.name, values, ind.min_confidence, ind.repairs);
  // The values contradict themselves as read: the finding a rule would have raised is not raised.
  if (why) say_implausible(f, rule, what, *why, values);
  return at_indicator(std::move(f), ind);
}

// A narrative finding (narrative.sum_mismatch, narrative.table_mismatch) whose sentence holds a digit read below
// `narrative_threshold` (higher than `threshold`: chi_sim's misread digits in running text, "15份" read "45份", come
// with confidences of 86 to 93) may be the OCR's error, not the report's: it becomes an extract.low_confidence finding
// that asks for a look at the original. The sentence's blocks are the one it starts in and, when the sentence goes on,
// the next one.
void recheck_narrative(Finding& f, const Report& report, const rules::CheckRule& rule, const char* values_fragment) {
  if (!f.bbox) return;
  float confidence = 100;
  std::vector<extract::TextBlock> blocks = report.narrative;
  for (const extract::TextBlock* cell : {&report.goal.expected_cell, &report.goal.actual_cell})
    if (cell->page > 0) blocks.push_back(*cell);
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const extract::TextBlock& b = blocks[i];
    if (b.page != f.page || b.box.x0 != f.bbox->x0 || b.box.y0 != f.bbox->y0 || b.box.x1 != f.bbox->x1 ||
        b.box.y1 != f.bbox->y1)
      continue;
    confidence = b.number_confidence;
    if (b.text.find(f.detail) == std::string::npos && i + 1 < blocks.size())
      confidence = std::min(confidence, blocks[i + 1].number_confidence);
    break;
  }
  double threshold = rule.number("narrative_threshold");
  if (confidence >= 100.0f || confidence >= threshold) return;
  Finding low = make(rule, {{"what", rule.text("narrative_what")},
                            {"name", f.indicator.value_or("")},
                            {"values", fill_message(rule.text(values_fragment), {{"sentence", f.detail}})},
                            {"confidence", num(confidence, 0)},
                            {"threshold", num(threshold, 0)}});
  low.detail = f.detail;
  low.indicator = f.indicator;
  low.page = f.page;
  low.bbox = f.bbox;
  f = std::move(low);
}

// ---- indicator rules ----------------------------------------------------------------------------------------

struct Deviation {
  bool not_achieved = false;
  bool too_low = false;
  double percent = 0;     // actual / target × 100 (0 when the target is 0)
  double completion = 0;  // the contract's completion × 100, uncapped (">=": actual / target; "<=": target / actual)
  std::string formula;    // how the completion is computed, for evidence ("540 / 600")
};

Deviation deviation_of(const Indicator& ind, const rules::RuleSet& rs) {
  Deviation d;
  if (!ind.target || !ind.actual) return d;
  double t = ind.target->value, a = actual_in_target_unit(ind, rs.values);
  double ratio = rs.rule("target.too_low").number("ratio");
  if (ind.target->op == "<=") {
    d.not_achieved = a > t + slack(a, t);
    d.too_low = t > 0 && t >= ratio * a - slack(t, ratio * a);
  } else {
    d.not_achieved = a < t - slack(a, t);
    d.too_low = t > 0 && a >= ratio * t - slack(a, ratio * t);
  }
  if (t != 0) d.percent = a / t * 100.0;
  if (t == 0) {
    bool met = ind.target->op == "<=" ? a <= 0 : true;
    d.completion = met ? 100.0 : 0.0;
    d.formula = met ? "1" : "0";
  } else if (ind.target->op == "<=") {
    d.completion = completion(*ind.target, a, rs.profile.reverse) * 100.0;
    d.formula = a <= t ? "1"
                : rs.profile.reverse == rules::ReverseFormula::Linear
                    ? "1 − (" + quantity(a, "") + " − " + quantity(t, "") + ") / " + quantity(t, "")
                    : quantity(t, "") + " / " + quantity(a, "");
  } else {
    d.completion = a / t * 100.0;
    d.formula = a >= t ? "1" : quantity(a, "") + " / " + quantity(t, "");
  }
  return d;
}

// NFKC text with every ASCII space removed (normalize_text has already dropped the other whitespace).
std::string compact(std::string_view text) {
  std::string n = rules::normalize_text(text);
  n.erase(std::remove_if(n.begin(), n.end(), [](unsigned char c) { return std::isspace(c) != 0; }), n.end());
  return n;
}

// True when the note explains nothing: absent column, empty cell, or one of values.toml's empty_notes (无 / - —).
bool note_is_empty(const std::optional<std::string>& note, const rules::RuleSet& rs) {
  if (!note) return true;
  std::string n = compact(*note);
  if (n.empty()) return true;
  for (const auto& e : rs.values.empty_notes)
    if (n == compact(e)) return true;
  return false;
}

Values indicator_values(const Indicator& ind) {
  Values v = {{"name", ind.name},
              {"target_text", ind.target_text},
              {"actual_text", ind.actual_text},
              {"weight", num(ind.weight)}};
  v.emplace_back("target", ind.target ? quantity(ind.target->value, ind.target->unit) : ind.target_text);
  v.emplace_back("actual", ind.actual ? quantity(ind.actual->value, ind.actual->unit) : ind.actual_text);
  v.emplace_back("op", ind.target ? ind.target->op : "");
  v.emplace_back("self_score", ind.self_score ? num(*ind.self_score) : "—");
  v.emplace_back("recomputed", ind.recomputed_score ? num(*ind.recomputed_score) : "—");
  v.emplace_back("note", ind.deviation_note.value_or(""));
  return v;
}

// The values every deviation rule fills: indicator_values() and {percent} (actual / target) {completion} (the
// contract's completion: target / actual for "<=") {ratio} (target.too_low's ratio).
Values deviation_values(const Indicator& ind, const Deviation& d, const rules::RuleSet& rs) {
  Values v = indicator_values(ind);
  v.emplace_back("percent", num(d.percent, 1) + "%");
  v.emplace_back("completion", num(d.completion, 1) + "%");
  v.emplace_back("ratio", num(rs.rule("target.too_low").number("ratio") * 100.0, 1) + "%");
  return v;
}

// score.overrated — {name} {self_score} {recomputed} {weight} {tolerance} {difference} …
std::optional<Finding> overrated(const rules::CheckRule& rule, const Indicator& ind, const rules::RuleSet& rs) {
  if (!ind.self_score || !ind.recomputed_score) return std::nullopt;
  double tol = rule.number("tolerance");
  double over = *ind.self_score - *ind.recomputed_score;
  if (over <= tol + slack(*ind.self_score, *ind.recomputed_score)) return std::nullopt;
  Values v = indicator_values(ind);
  v.emplace_back("tolerance", num(tol));
  v.emplace_back("difference", num(over));
  Finding f = at_indicator(make(rule, v), ind);
  Deviation d = deviation_of(ind, rs);
  f.detail =
      num(ind.weight) + " × " + (d.formula.empty() ? std::string("—") : d.formula) + " → " + num(*ind.recomputed_score);
  return f;
}

// indicator.not_quantified — {name} {target_text} …
std::optional<Finding> not_quantified(const rules::CheckRule& rule, const Indicator& ind, const rules::RuleSet&) {
  if (ind.target) return std::nullopt;
  return at_indicator(make(rule, indicator_values(ind)), ind);
}

// target.not_achieved — {name} {actual} {target} {percent} {completion} {ratio} {op} …
std::optional<Finding> not_achieved(const rules::CheckRule& rule, const Indicator& ind, const rules::RuleSet& rs) {
  if (!ind.target) return std::nullopt;
  Deviation d = deviation_of(ind, rs);
  if (!d.not_achieved) return std::nullopt;
  return at_indicator(make(rule, deviation_values(ind, d, rs)), ind);
}

// target.too_low — as target.not_achieved; message_at_most for a ceiling ("<=").
std::optional<Finding> too_low(const rules::CheckRule& rule, const Indicator& ind, const rules::RuleSet& rs) {
  if (!ind.target) return std::nullopt;
  Deviation d = deviation_of(ind, rs);
  if (!d.too_low) return std::nullopt;
  Values v = deviation_values(ind, d, rs);
  Finding f = make(rule, v);
  // A ceiling set too loose reads differently from a floor set too low.
  if (ind.target->op == "<=" && !rule.message_at_most.empty()) f.message = fill_message(rule.message_at_most, v);
  return at_indicator(std::move(f), ind);
}

// deviation.unexplained — {name} {note} {reason} (the rule's reason_not_achieved, reason_at_most, or reason_too_low
// with {excess}: how far above the target target.too_low starts, in percent) …
// Whether deviation.unexplained fires on the indicator (score.docked_unexplained asks too).
bool deviation_unexplained_fires(const Indicator& ind, const rules::RuleSet& rs) {
  if (!ind.target) return false;
  const Deviation d = deviation_of(ind, rs);
  return (d.not_achieved || d.too_low) && note_is_empty(ind.deviation_note, rs);
}

std::optional<Finding> unexplained(const rules::CheckRule& rule, const Indicator& ind, const rules::RuleSet& rs) {
  if (!deviation_unexplained_fires(ind, rs)) return std::nullopt;
  const Deviation d = deviation_of(ind, rs);
  std::string reason = rule.text("reason_not_achieved");
  if (!d.not_achieved) {
    double ratio = rs.rule("target.too_low").number("ratio");
    reason = ind.target->op == "<="
                 ? rule.text("reason_at_most")
                 : fill_message(rule.text("reason_too_low"), {{"excess", num((ratio - 1) * 100.0, 1)}});
  }
  Values v = deviation_values(ind, d, rs);
  v.emplace_back("reason", reason);
  Finding f = at_indicator(make(rule, v), ind);
  f.detail = ind.deviation_note.value_or("");
  return f;
}

// ---- v1.1 rules (contract.md, "Rules added"; docs/rules-v11.md for the readings taken where it leaves room) ---------

}  // namespace

// The words of a word-list parameter: one string, words separated by "、", each compared after normalize_text().
const std::vector<std::string>& words_of(const rules::CheckRule& rule, const std::string& param) {
  // A rule's word lists are read for every indicator: each list is split and normalised once a thread (the rule
  // files hold a few dozen lists).
  thread_local std::unordered_map<std::string, std::vector<std::string>> split;
  const std::string& text = rule.text(param);
  auto known = split.find(text);
  if (known != split.end()) return known->second;
  std::vector<std::string>& out = split[text];
  static const std::string kSep = "、";
  for (std::size_t from = 0; from <= text.size();) {
    std::size_t to = text.find(kSep, from);
    if (to == std::string::npos) to = text.size();
    std::string w = compact(text.substr(from, to - from));
    if (!w.empty()) out.push_back(std::move(w));
    from = to + kSep.size();
  }
  return out;
}

namespace {

bool contains_any(const std::string& text, const std::vector<std::string>& words) {
  const std::string t = compact(text);
  return std::ranges::any_of(words, [&](const std::string& w) { return t.find(w) != std::string::npos; });
}

bool ends_with_any(const std::string& text, const std::vector<std::string>& words) {
  const std::string t = compact(text);
  return std::ranges::any_of(words, [&](const std::string& w) { return t.ends_with(w); });
}

// A 一级 label in its short form: without the points (already gone) and without a trailing values.toml
// level_suffix ("产出指标" → "产出", "投入目标" → "投入").
std::string short_level1(const std::string& label, const rules::RuleSet& rs) {
  std::string l = compact(label);
  for (const auto& suffix : rs.values.level_suffixes)
    if (l.size() > suffix.size() && l.ends_with(suffix)) return l.substr(0, l.size() - suffix.size());
  return l;
}

// Whether the indicator's 二级 label contains `word` ("成本" in 经济成本指标).
bool level2_names(const Indicator& ind, const std::string& word) {
  return compact(ind.level2).find(compact(word)) != std::string::npos;
}

// Under the 一级 category `level` (short form): its 一级 label says so, or, when `by_level2`, its 二级 label contains
// the word (Jiangsu's 结果目标 → 社会效益 is under 效益).
bool under(const Indicator& ind, const std::string& level, bool by_level2, const rules::RuleSet& rs) {
  if (short_level1(ind.level1, rs) == compact(level)) return true;
  return by_level2 && level2_names(ind, level);
}

// A cell that holds nothing: empty, or made only of the rule's blank marks (—, -, /: "——" too).
bool cell_blank(const std::string& text, const std::vector<std::string>& blanks) {
  std::string t = compact(text);
  bool progress = true;
  while (!t.empty() && progress) {
    progress = false;
    for (const auto& b : blanks) {
      if (t.starts_with(b)) {
        t.erase(0, b.size());
        progress = true;
      }
    }
  }
  return t.empty();
}

// Template text in `text`: a placeholder word of text.placeholder_left, or a cell made only of ellipsis dots (after
// NFKC "……" is "......"; at least three). Returns what was found, or "".
std::string placeholder_in(const std::string& text, const rules::RuleSet& rs) {
  const rules::CheckRule& rule = rs.rule("text.placeholder_left");
  const std::string t = compact(text);
  for (const auto& w : words_of(rule, "words"))
    if (t.find(w) != std::string::npos) return w;
  if (t.size() >= 3 && t.find_first_not_of('.') == std::string::npos) return text;
  return "";
}

// The v1.1 "empty note": v1's empty notes, the rule's more_empty_notes (0), or template text.
bool note_is_empty_v11(const std::optional<std::string>& note, const rules::CheckRule& rule, const rules::RuleSet& rs) {
  if (note_is_empty(note, rs)) return true;
  const std::string n = compact(*note);
  for (const auto& e : words_of(rule, "more_empty_notes"))
    if (n == e) return true;
  return !placeholder_in(*note, rs).empty();
}

// True when an indicator's OCR'd values cannot be what the form printed (implausible()): the report-level rules that
// add up the indicators' weights or scores (score.level_weight_mismatch, structure.weights_not_standard,
// structure.dominant_indicator, budget.low_execution_full_marks) then say nothing, as score.weight_sum defers: the
// indicator's extract.low_confidence finding names the value to check.
bool any_unreadable(const Report& r, const rules::RuleSet& rs) {
  return std::ranges::any_of(r.indicators, [&](const Indicator& ind) { return implausible(ind, rs).has_value(); });
}

// -- money block --

// budget.subrows_mismatch — {column} {total} {sum} {parts} {unit}; one finding per column where the total and a
// sub-row have numbers.
void subrows_mismatch(const rules::CheckRule& rule, const Report& r, const rules::RuleSet& rs,
                      std::vector<Finding>& out) {
  const Budget& b = r.budget;
  if (b.rows.size() < 2 || implausible(b, rs)) return;
  using Field = std::optional<double> BudgetRow::*;
  struct Column {
    Field field;
    const char* name;
    std::uint8_t unread;
  };
  const Column columns[] = {{&BudgetRow::initial_budget, "column_initial", BudgetRow::kInitialUnread},
                            {&BudgetRow::annual_budget, "column_annual", BudgetRow::kAnnualUnread},
                            {&BudgetRow::executed, "column_executed", BudgetRow::kExecutedUnread}};
  const double tol = rule.number("tolerance");
  for (const Column& column : columns) {
    const Field field = column.field;
    const std::optional<double>& total = b.rows.front().*field;
    if (!total) continue;
    // A row whose cell holds digits that make no number ("680,0.0") is not a blank: the sum would rest on a guess.
    if (std::ranges::any_of(b.rows, [&](const BudgetRow& row) { return (row.unread & column.unread) != 0; })) continue;
    bool any = false;
    double sum = 0;
    std::vector<std::string> parts;
    for (std::size_t i = 1; i < b.rows.size(); ++i) {
      const std::optional<double>& v = b.rows[i].*field;
      parts.push_back(v ? num(*v, 4) : "0");
      if (!v) continue;
      any = true;
      sum += *v;
    }
    if (!any || std::fabs(*total - sum) <= tol + slack(*total, sum)) continue;
    Finding f = make(rule, {{"column", rule.text(column.name)},
                            {"total", num(*total, 4)},
                            {"sum", num(sum, 4)},
                            {"parts", joined(parts, " + ")},
                            {"unit", b.unit.value_or("")}});
    f.detail = joined(parts, " + ") + " = " + num(sum, 4);
    out.push_back(at_budget(std::move(f), b));
  }
}

// budget.over_executed — {executed} {annual_budget} {unit} {excess}
std::optional<Finding> over_executed(const rules::CheckRule& rule, const Report& r) {
  const Budget& b = r.budget;
  if (!b.executed || !b.annual_budget) return std::nullopt;
  const double tol = rule.number("tolerance");
  if (*b.executed <= *b.annual_budget + tol + slack(*b.executed, *b.annual_budget)) return std::nullopt;
  Finding f = make(rule, {{"executed", num(*b.executed, 4)},
                          {"annual_budget", num(*b.annual_budget, 4)},
                          {"unit", b.unit.value_or("")},
                          {"excess", num(*b.executed - *b.annual_budget, 4)}});
  f.detail = num(*b.executed, 4) + " > " + num(*b.annual_budget, 4);
  return at_budget(std::move(f), b);
}

// budget.adjusted — {initial_budget} {annual_budget} {unit} {percent} (the change, % of 年初) {share}
std::optional<Finding> adjusted(const rules::CheckRule& rule, const Report& r) {
  const Budget& b = r.budget;
  if (!b.initial_budget || !b.annual_budget || *b.initial_budget <= 0) return std::nullopt;
  const double share = rule.number("share");
  const double change = std::fabs(*b.annual_budget - *b.initial_budget);
  const double bar = share * *b.initial_budget;
  if (change <= bar + slack(change, bar)) return std::nullopt;
  Finding f = make(rule, {{"initial_budget", num(*b.initial_budget, 4)},
                          {"annual_budget", num(*b.annual_budget, 4)},
                          {"unit", b.unit.value_or("")},
                          {"percent", num(change / *b.initial_budget * 100.0, 2)},
                          {"share", num(share * 100.0, 2)}});
  f.detail = "|" + num(*b.annual_budget, 4) + " − " + num(*b.initial_budget, 4) + "| / " + num(*b.initial_budget, 4) +
             " = " + num(change / *b.initial_budget * 100.0, 2) + "%";
  return at_budget(std::move(f), b);
}

// budget.low_execution_full_marks — {rate} {rate_bar} {self_sum} {weight_sum} {share} {score_bar} {level}
void low_execution_full_marks(const rules::CheckRule& rule, const Report& r, const rules::RuleSet& rs,
                              std::vector<Finding>& out) {
  const Budget& b = r.budget;
  if (!b.executed || !b.annual_budget || *b.annual_budget <= 0 || implausible(b, rs) || any_unreadable(r, rs)) return;
  const double rate = *b.executed / *b.annual_budget;
  const double rate_bar = rule.number("rate_below");
  if (rate >= rate_bar - slack(rate, rate_bar)) return;
  double weights = 0, scores = 0;
  bool any = false;
  for (const auto& ind : r.indicators) {
    if (!under(ind, rule.text("level"), false, rs)) continue;
    any = true;
    weights += ind.weight;
    scores += ind.self_score.value_or(0);
  }
  const double score_bar = rule.number("score_share");
  if (!any || weights <= 0 || scores < score_bar * weights - slack(scores, score_bar * weights)) return;
  Finding f = make(rule, {{"rate", num(rate * 100.0, 2)},
                          {"rate_bar", num(rate_bar * 100.0, 2)},
                          {"self_sum", num(scores)},
                          {"weight_sum", num(weights)},
                          {"share", num(scores / weights * 100.0, 1)},
                          {"score_bar", num(score_bar * 100.0, 1)},
                          {"level", rule.text("level")}});
  f.detail = num(*b.executed, 4) + " / " + num(*b.annual_budget, 4) + " = " + num(rate * 100.0, 2) + "%; " +
             num(scores) + " / " + num(weights);
  out.push_back(at_budget(std::move(f), b));
}

// budget.cost_mismatch — {name} {actual} {executed} {unit} {percent} {share}
std::optional<Finding> cost_mismatch(const rules::CheckRule& rule, const Indicator& ind, const rules::RuleSet& rs,
                                     const Report& r) {
  const Budget& b = r.budget;
  if (!ind.actual || !b.executed || !b.unit || implausible(b, rs)) return std::nullopt;
  if (!level2_names(ind, rule.text("level2"))) return std::nullopt;
  if (!contains_any(ind.name, words_of(rule, "names"))) return std::nullopt;
  // An amount: a unit the budget's unit converts to (元, 万元, 亿元).
  const std::string unit = rules::canonical_unit(ind.actual->unit, rs.values);
  if (unit.empty()) return std::nullopt;
  const auto factor = rules::unit_factor(unit, *b.unit, rs.values);
  if (!factor) return std::nullopt;
  const double actual = ind.actual->value * *factor;
  const double share = rule.number("share");
  const double gap = std::fabs(actual - *b.executed);
  if (gap <= share * std::fabs(*b.executed) + slack(actual, *b.executed)) return std::nullopt;
  Values v = indicator_values(ind);
  v.emplace_back("executed", num(*b.executed, 4));
  v.emplace_back("unit", *b.unit);
  v.emplace_back("converted", num(actual, 4));
  v.emplace_back("share", num(share * 100.0, 2));
  Finding f = at_indicator(make(rule, v), ind);
  f.detail = num(actual, 4) + *b.unit + " / " + num(*b.executed, 4) + *b.unit;
  return f;
}

// -- scores --

// score.over_weight — {name} {self_score} {weight}; message_negative for a score below 0.
std::optional<Finding> over_weight(const rules::CheckRule& rule, const Indicator& ind, const rules::RuleSet&,
                                   const Report&) {
  if (!ind.self_score) return std::nullopt;
  const double s = *ind.self_score;
  const bool negative = s < -slack(s, 0);
  if (!negative && s <= ind.weight + rule.number("tolerance") + slack(s, ind.weight)) return std::nullopt;
  Values v = indicator_values(ind);
  Finding f = make(rule, v);
  if (negative) f.message = fill_message(rule.text("message_negative"), v);
  return at_indicator(std::move(f), ind);
}

// score.level_weight_mismatch — {items}: each label that differs, by the rule's `item` ({label} {points} {sum}),
// joined by `separator`. One finding per report.
void level_weight_mismatch(const rules::CheckRule& rule, const Report& r, const rules::RuleSet& rs,
                           std::vector<Finding>& out) {
  if (any_unreadable(r, rs)) return;
  // A 一级 label is one group; a 二级 label is one under its 一级 (the same 二级 words under two 一级 differ).
  struct Group {
    std::string level1, level2;  // level2 empty: the 一级 label's group
    double points = 0, sum = 0;
    int page = 0;
  };
  std::vector<Group> groups;
  auto add = [&](const std::string& level2, double points, const Indicator& ind) {
    auto it =
        std::ranges::find_if(groups, [&](const Group& g) { return g.level1 == ind.level1 && g.level2 == level2; });
    if (it == groups.end()) {
      groups.push_back({ind.level1, level2, points, 0, ind.page});
      it = groups.end() - 1;
    }
    it->sum += ind.weight;
  };
  for (const auto& ind : r.indicators) {
    if (ind.level1_points && !ind.level1.empty()) add("", *ind.level1_points, ind);
    if (ind.level2_points && !ind.level2.empty()) add(ind.level2, *ind.level2_points, ind);
  }
  const double tol = rule.number("tolerance");
  std::vector<std::string> items;
  int page = 0;
  for (const Group& g : groups) {
    if (std::fabs(g.points - g.sum) <= tol + slack(g.points, g.sum)) continue;
    const std::string& label = g.level2.empty() ? g.level1 : g.level2;
    items.push_back(
        fill_message(rule.text("item"), {{"label", label}, {"points", num(g.points)}, {"sum", num(g.sum)}}));
    if (page == 0) page = g.page;
  }
  if (items.empty()) return;
  const std::string list = joined(items, rule.text("separator"));
  Finding f = make(rule, {{"items", list}});
  f.detail = list;
  f.page = page;
  out.push_back(std::move(f));
}

// score.grade_mismatch — {grade} {total} {expected} {profile}
std::optional<Finding> grade_mismatch(const rules::CheckRule& rule, const Report& r, const rules::RuleSet& rs) {
  const TotalScore& t = r.total_score;
  if (!t.grade || !t.stated) return std::nullopt;
  const std::string expected = rules::grade_of(rs.grades, t.stated);
  if (expected.empty() || compact(*t.grade) == compact(expected)) return std::nullopt;
  Finding f = make(
      rule, {{"grade", *t.grade}, {"total", num(*t.stated)}, {"expected", expected}, {"profile", rs.profile.name}});
  f.detail = num(*t.stated) + " → " + expected;
  f.page = t.page;
  return f;
}

bool docked(const Indicator& ind, const rules::CheckRule& rule) {
  if (!ind.self_score) return false;
  const double bar = ind.weight - rule.number("tolerance");
  return *ind.self_score < bar - slack(*ind.self_score, bar);
}

bool met_but_docked_fires(const rules::CheckRule& rule, const Indicator& ind, const rules::RuleSet& rs) {
  if (!ind.target || !ind.actual) return false;
  if (deviation_of(ind, rs).not_achieved) return false;
  return docked(ind, rule) && note_is_empty_v11(ind.deviation_note, rule, rs);
}

// score.met_but_docked — {name} {target} {actual} {self_score} {weight} …
std::optional<Finding> met_but_docked(const rules::CheckRule& rule, const Indicator& ind, const rules::RuleSet& rs,
                                      const Report&) {
  if (!met_but_docked_fires(rule, ind, rs)) return std::nullopt;
  Values v = indicator_values(ind);
  v.emplace_back("docked", num(ind.weight - *ind.self_score));
  Finding f = at_indicator(make(rule, v), ind);
  f.detail = ind.deviation_note.value_or("");
  return f;
}

// score.docked_unexplained — {name} {self_score} {weight} {docked} …
std::optional<Finding> docked_unexplained(const rules::CheckRule& rule, const Indicator& ind, const rules::RuleSet& rs,
                                          const Report&) {
  if (!docked(ind, rule) || !note_is_empty_v11(ind.deviation_note, rule, rs)) return std::nullopt;
  if (deviation_unexplained_fires(ind, rs)) return std::nullopt;
  if (met_but_docked_fires(rs.rule("score.met_but_docked"), ind, rs)) return std::nullopt;
  Values v = indicator_values(ind);
  v.emplace_back("docked", num(ind.weight - *ind.self_score));
  Finding f = at_indicator(make(rule, v), ind);
  f.detail = ind.deviation_note.value_or("");
  return f;
}

// -- indicators --

bool actual_blank(const Indicator& ind, const rules::RuleSet& rs) {
  return cell_blank(ind.actual_text, words_of(rs.rule("indicator.missing_value"), "blanks"));
}

// indicator.unverifiable_actual — {name} {target_text} {actual_text} …
std::optional<Finding> unverifiable_actual(const rules::CheckRule& rule, const Indicator& ind, const rules::RuleSet& rs,
                                           const Report&) {
  if (!ind.target || ind.actual || actual_blank(ind, rs)) return std::nullopt;
  return at_indicator(make(rule, indicator_values(ind)), ind);
}

// indicator.unit_mismatch — {name} {target_unit} {actual_unit} …
std::optional<Finding> unit_mismatch(const rules::CheckRule& rule, const Indicator& ind, const rules::RuleSet& rs,
                                     const Report&) {
  if (!ind.target || !ind.actual) return std::nullopt;
  const std::string t = rules::canonical_unit(compact(ind.target->unit), rs.values);
  const std::string a = rules::canonical_unit(compact(ind.actual->unit), rs.values);
  if (t.empty() || a.empty() || t == a || t.starts_with(a) || a.starts_with(t)) return std::nullopt;
  if (rules::unit_factor(a, t, rs.values)) return std::nullopt;
  Values v = indicator_values(ind);
  v.emplace_back("target_unit", ind.target->unit);
  v.emplace_back("actual_unit", ind.actual->unit);
  Finding f = at_indicator(make(rule, v), ind);
  f.detail = ind.target->unit + " ≠ " + ind.actual->unit;
  return f;
}

// indicator.impossible_target — {name} {target} {max} …
std::optional<Finding> impossible_target(const rules::CheckRule& rule, const Indicator& ind, const rules::RuleSet& rs,
                                         const Report&) {
  if (!ind.target || rules::canonical_unit(ind.target->unit, rs.values) != "%") return std::nullopt;
  const double max = rule.number("max_percent");
  if (ind.target->value <= max + slack(ind.target->value, max)) return std::nullopt;
  if (!ends_with_any(ind.name, words_of(rule, "names"))) return std::nullopt;
  Values v = indicator_values(ind);
  v.emplace_back("max", num(max));
  return at_indicator(make(rule, v), ind);
}

// indicator.missing_value — {name} {cells}: the rule's target_cell / actual_cell, joined by `separator`.
std::optional<Finding> missing_value(const rules::CheckRule& rule, const Indicator& ind, const rules::RuleSet&,
                                     const Report&) {
  if (ind.name.empty()) return std::nullopt;
  const auto blanks = words_of(rule, "blanks");
  std::vector<std::string> cells;
  if (cell_blank(ind.target_text, blanks)) cells.push_back(rule.text("target_cell"));
  if (cell_blank(ind.actual_text, blanks)) cells.push_back(rule.text("actual_cell"));
  if (cells.empty()) return std::nullopt;
  Values v = indicator_values(ind);
  v.emplace_back("cells", joined(cells, rule.text("separator")));
  return at_indicator(make(rule, v), ind);
}

// -- structure --

// structure.missing_level — {level}; one finding for each of output_level (by its 一级) and benefit_level (by its
// 一级, or a 二级 that names it).
void missing_level(const rules::CheckRule& rule, const Report& r, const rules::RuleSet& rs, std::vector<Finding>& out) {
  if (r.indicators.empty()) return;
  for (const auto& kind : {std::pair{"output_level", false}, std::pair{"benefit_level", true}}) {
    const std::string& level = rule.text(kind.first);
    const bool by_level2 = kind.second;
    if (std::ranges::any_of(r.indicators, [&](const Indicator& ind) { return under(ind, level, by_level2, rs); }))
      continue;
    Finding f = make(rule, {{"level", level}});
    f.page = r.indicators.front().page;
    out.push_back(std::move(f));
  }
}

// structure.no_cost — {year} {level2}
std::optional<Finding> no_cost(const rules::CheckRule& rule, const Report& r) {
  if (r.indicators.empty() || !r.project.year || *r.project.year < rule.number("from_year")) return std::nullopt;
  const std::string& word = rule.text("level2");
  if (std::ranges::any_of(r.indicators, [&](const Indicator& ind) { return level2_names(ind, word); }))
    return std::nullopt;
  Finding f = make(rule, {{"year", std::to_string(*r.project.year)}, {"level2", rule.text("level2")}});
  f.page = r.indicators.front().page;
  return f;
}

// structure.weights_not_standard — {found} {standard} {profile}: the splits as the rule's `item` ({level}
// {points}) joined by `separator`, the budget first as `budget_label`.
void weights_not_standard(const rules::CheckRule& rule, const Report& r, const rules::RuleSet& rs,
                          std::vector<Finding>& out) {
  if (r.indicators.empty() || any_unreadable(r, rs)) return;
  std::vector<std::pair<std::string, double>> found;
  for (const auto& ind : r.indicators) {
    const std::string level = short_level1(ind.level1, rs);
    auto it = std::ranges::find_if(found, [&](const auto& kv) { return kv.first == level; });
    if (it == found.end()) {
      found.emplace_back(level, 0.0);
      it = found.end() - 1;
    }
    it->second += ind.weight;
  }
  const double tol = rule.number("tolerance");
  auto near = [&](double a, double b) { return std::fabs(a - b) <= tol + slack(a, b); };
  bool differs = r.budget.weight && !near(*r.budget.weight, rs.profile.budget_weight);
  for (const auto& category : found) {
    auto it = std::ranges::find_if(rs.profile.level_weights,
                                   [&](const rules::LevelWeight& lw) { return compact(lw.level1) == category.first; });
    if (it == rs.profile.level_weights.end() || !near(it->points, category.second)) differs = true;
  }
  if (!differs) return;
  auto item = [&](const std::string& level, double points) {
    return fill_message(rule.text("item"), {{"level", level}, {"points", num(points)}});
  };
  std::vector<std::string> f_items, s_items;
  if (r.budget.weight) f_items.push_back(item(rule.text("budget_label"), *r.budget.weight));
  for (const auto& [level, points] : found) f_items.push_back(item(level.empty() ? "—" : level, points));
  s_items.push_back(item(rule.text("budget_label"), rs.profile.budget_weight));
  for (const auto& lw : rs.profile.level_weights) s_items.push_back(item(lw.level1, lw.points));
  const std::string sep = rule.text("separator");
  Finding f =
      make(rule, {{"found", joined(f_items, sep)}, {"standard", joined(s_items, sep)}, {"profile", rs.profile.name}});
  f.detail = joined(f_items, sep);
  f.page = r.indicators.front().page;
  out.push_back(std::move(f));
}

// structure.dominant_indicator — {name} {weight} {share} {bar}; message_few ({count} {min}) when there are fewer
// than min_count indicators.
std::optional<Finding> dominant_indicator(const rules::CheckRule& rule, const Report& r, const rules::RuleSet& rs) {
  if (r.indicators.empty() || any_unreadable(r, rs)) return std::nullopt;
  const double min_count = rule.number("min_count");
  const auto count = static_cast<double>(r.indicators.size());
  if (count < min_count) {
    Finding f = make(rule, {});
    f.message = fill_message(rule.text("message_few"),
                             {{"count", std::to_string(r.indicators.size())}, {"min", num(min_count, 0)}});
    f.page = r.indicators.front().page;
    return f;
  }
  const double sum = indicator_weights(r);
  if (sum <= 0) return std::nullopt;
  const Indicator* top = &r.indicators.front();
  for (const auto& ind : r.indicators)
    if (ind.weight > top->weight) top = &ind;
  const double bar = rule.number("share");
  if (top->weight < bar * sum - slack(top->weight, bar * sum)) return std::nullopt;
  Finding f = make(rule, {{"name", top->name},
                          {"weight", num(top->weight)},
                          {"sum", num(sum)},
                          {"share", num(top->weight / sum * 100.0, 1)},
                          {"bar", num(bar * 100.0, 1)}});
  f.detail = num(top->weight) + " / " + num(sum);
  f.page = top->page;
  if (top->page > 0) f.bbox = top->row_box;
  return f;
}

// structure.slogan_benefits — {names} (the 效益 indicators, joined by `separator`) {level}
std::optional<Finding> slogan_benefits(const rules::CheckRule& rule, const Report& r, const rules::RuleSet& rs) {
  std::vector<std::string> names;
  int page = 0;
  for (const auto& ind : r.indicators) {
    if (!under(ind, rule.text("level"), true, rs)) continue;
    if (ind.target) return std::nullopt;
    names.push_back(ind.name);
    if (page == 0) page = ind.page;
  }
  if (names.empty()) return std::nullopt;
  Finding f = make(rule, {{"names", joined(names, rule.text("separator"))}, {"level", rule.text("level")}});
  f.detail = joined(names, rule.text("separator"));
  f.page = page;
  return f;
}

// structure.budget_as_indicator — {name} {level} …
std::optional<Finding> budget_as_indicator(const rules::CheckRule& rule, const Indicator& ind, const rules::RuleSet& rs,
                                           const Report&) {
  const std::string& output = rule.text("output_level");
  const std::string& benefit = rule.text("benefit_level");
  const bool is_output = under(ind, output, false, rs);
  if (!is_output && !under(ind, benefit, true, rs)) return std::nullopt;
  if (!contains_any(ind.name, words_of(rule, "names"))) return std::nullopt;
  Values v = indicator_values(ind);
  v.emplace_back("level", is_output ? output : benefit);
  return at_indicator(make(rule, v), ind);
}

// -- texts --

// text.placeholder_left, report part — {where} {text}: the goal texts (one finding), then each template row.
void placeholder_left_report(const rules::CheckRule& rule, const Report& r, const rules::RuleSet& rs,
                             std::vector<Finding>& out) {
  for (const auto* goal : {&r.goal.expected, &r.goal.actual}) {
    if (!goal->has_value()) continue;
    const std::string found = placeholder_in(**goal, rs);
    if (found.empty()) continue;
    Finding f = make(rule, {{"where", rule.text("goal_where")}, {"text", found}});
    f.detail = **goal;
    const extract::TextBlock& cell = goal == &r.goal.expected ? r.goal.expected_cell : r.goal.actual_cell;
    f.page = cell.page;
    if (cell.page > 0) f.bbox = cell.box;
    out.push_back(std::move(f));
    break;
  }
  for (const auto& row : r.template_rows) {
    for (const auto& text : row.texts) {
      const std::string found = placeholder_in(text, rs);
      if (found.empty()) continue;
      Finding f = make(rule, {{"where", rule.text("template_where")}, {"text", found}});
      f.detail = joined(row.texts, " | ");
      f.page = row.page;
      if (row.page > 0) f.bbox = row.row_box;
      out.push_back(std::move(f));
      break;
    }
  }
}

// text.placeholder_left, indicator part — {where} (indicator_where: {name}) {text}
std::optional<Finding> placeholder_left_indicator(const rules::CheckRule& rule, const Indicator& ind,
                                                  const rules::RuleSet& rs, const Report&) {
  const std::string no_note;
  for (const std::string* text :
       {&ind.name, &ind.target_text, &ind.actual_text, ind.deviation_note ? &*ind.deviation_note : &no_note}) {
    const std::string found = placeholder_in(*text, rs);
    if (found.empty()) continue;
    Finding f =
        make(rule, {{"where", fill_message(rule.text("indicator_where"), {{"name", ind.name}})}, {"text", found}});
    f.detail = *text;
    return at_indicator(std::move(f), ind);
  }
  return std::nullopt;
}

// The text without punctuation, symbols and white space (Unicode P*, S* and Z* categories, and controls), as code
// points.
std::u32string letters_only(const std::string& text) {
  std::u32string out;
  for (char32_t c : utf8::decode(rules::normalize_text(text))) {
    const int8_t type = u_charType(static_cast<UChar32>(c));
    const uint32_t mask = U_MASK(type);
    if ((mask & (U_GC_P_MASK | U_GC_S_MASK | U_GC_Z_MASK | U_GC_CC_MASK)) != 0 || u_isUWhiteSpace(c)) continue;
    out.push_back(c);
  }
  return out;
}

// text.goal_copied — {chars}
std::optional<Finding> goal_copied(const rules::CheckRule& rule, const Report& r) {
  if (!r.goal.expected || !r.goal.actual) return std::nullopt;
  const std::u32string e = letters_only(*r.goal.expected), a = letters_only(*r.goal.actual);
  if (e != a || static_cast<double>(e.size()) < rule.number("min_chars")) return std::nullopt;
  Finding f = make(rule, {{"chars", std::to_string(e.size())}});
  f.detail = *r.goal.actual;
  f.page = r.goal.actual_cell.page;
  if (f.page > 0) f.bbox = r.goal.actual_cell.box;
  return f;
}

// ---- the check registry ---------------------------------------------------------------------------------------

// Findings about the report as a whole, appended to `out` (in the rule's turn in checks.toml order).
using ReportCheck = void (*)(const rules::CheckRule&, const Report&, const rules::RuleSet&, std::vector<Finding>&);
// The finding about one indicator of the report, if any.
using IndicatorCheck = std::optional<Finding> (*)(const rules::CheckRule&, const Indicator&, const rules::RuleSet&,
                                                  const Report&);

// An indicator check that needs nothing of the report but the indicator.
template <std::optional<Finding> (*Check)(const rules::CheckRule&, const Indicator&, const rules::RuleSet&)>
std::optional<Finding> on_indicator(const rules::CheckRule& rule, const Indicator& ind, const rules::RuleSet& rs,
                                    const Report&) {
  return Check(rule, ind, rs);
}

template <std::optional<Finding> (*Check)(const rules::CheckRule&, const Report&, const rules::RuleSet&)>
void report_check_rs(const rules::CheckRule& rule, const Report& r, const rules::RuleSet& rs,
                     std::vector<Finding>& out) {
  if (auto f = Check(rule, r, rs)) out.push_back(std::move(*f));
}

template <std::optional<Finding> (*Check)(const rules::CheckRule&, const Report&)>
void report_check(const rules::CheckRule& rule, const Report& r, const rules::RuleSet&, std::vector<Finding>& out) {
  if (auto f = Check(rule, r)) out.push_back(std::move(*f));
}

// A budget rule, unless the OCR'd 年度资金总额 row cannot be what the form printed (extract.low_confidence says so).
template <std::optional<Finding> (*Check)(const rules::CheckRule&, const Report&)>
void budget_check(const rules::CheckRule& rule, const Report& r, const rules::RuleSet& rs, std::vector<Finding>& out) {
  if (implausible(r.budget, rs)) return;
  if (auto f = Check(rule, r)) out.push_back(std::move(*f));
}

// score.weight_sum, unless the weights were read by OCR and their sum is so far from the total that the sum says
// more about the reading than about the form: then extract.low_confidence says so instead.
void weight_sum_check(const rules::CheckRule& rule, const Report& r, const rules::RuleSet& rs,
                      std::vector<Finding>& out) {
  std::optional<Finding> f = weight_sum(rule, r);
  if (!f) return;
  const bool ocr =
      read_by_ocr(r.budget) || std::ranges::any_of(r.indicators, [](const Indicator& ind) { return read_by_ocr(ind); });
  const rules::CheckRule& low = rs.rule("extract.low_confidence");
  const double sum = r.budget.weight.value_or(0) + indicator_weights(r);
  if (ocr && std::fabs(sum - rule.number("total")) > low.number("implausible_weight_gap")) {
    const std::string why = fill_message(low.text("implausible_weight_why"), {{"value", num(sum)}});
    Finding l = make(low, {});
    l.detail = f->detail;
    say_implausible(l, low, low.text("weights_what"), why, f->detail);
    l.page = f->page;
    out.push_back(std::move(l));
    return;
  }
  out.push_back(std::move(*f));
}

void satisfaction_check(const rules::CheckRule& rule, const Report& r, const rules::RuleSet& rs,
                        std::vector<Finding>& out) {
  if (auto f = no_satisfaction(rule, r, rs)) out.push_back(std::move(*f));
}

void report_low_confidence(const rules::CheckRule& rule, const Report& r, const rules::RuleSet& rs,
                           std::vector<Finding>& out) {
  if (auto budget = budget_low_confidence(rule, r, rs)) out.push_back(std::move(*budget));
  if (auto rows = budget_rows_low_confidence(rule, r, rs)) out.push_back(std::move(*rows));
  if (auto total = total_low_confidence(rule, r)) out.push_back(std::move(*total));
}

// One implemented check: its schema and where it runs. narrative.sum_mismatch runs in check_narrative() after the
// indicators; extract.low_confidence also re-reads its findings (recheck_narrative()).
struct CheckImpl {
  rules::RuleSchema schema;
  ReportCheck on_report = nullptr;
  IndicatorCheck on_indicator = nullptr;
};

using rules::ParamType;
constexpr ParamType kNumber = ParamType::Number;
constexpr ParamType kText = ParamType::Text;

const std::vector<CheckImpl>& implementations() {
  static const std::vector<CheckImpl> kChecks = {
      {{"budget.rate_mismatch", {{"points", kNumber}}}, &budget_check<rate_mismatch>, nullptr},
      {{"budget.score_mismatch", {{"tolerance", kNumber}}}, &budget_check<score_mismatch>, nullptr},
      {{"score.weight_sum", {{"total", kNumber}, {"tolerance", kNumber}}}, &weight_sum_check, nullptr},
      {{"score.total_mismatch", {{"tolerance", kNumber}}}, &report_check<total_mismatch>, nullptr},
      {{"structure.no_satisfaction", {{"separator", kText}}}, &satisfaction_check, nullptr},
      {{"score.overrated", {{"tolerance", kNumber}}}, nullptr, &on_indicator<overrated>},
      {{"target.not_achieved", {}}, nullptr, &on_indicator<not_achieved>},
      {{"target.too_low", {{"ratio", kNumber}}}, nullptr, &on_indicator<too_low>},
      {{"deviation.unexplained",
        {{"reason_not_achieved", kText}, {"reason_at_most", kText}, {"reason_too_low", kText}}},
       nullptr,
       &on_indicator<unexplained>},
      {{"indicator.not_quantified", {}}, nullptr, &on_indicator<not_quantified>},
      {{"narrative.sum_mismatch", {{"name_min_chars", kNumber}, {"name_min_share", kNumber}}}, nullptr, nullptr},
      // v1.1
      {{"budget.subrows_mismatch",
        {{"tolerance", kNumber}, {"column_initial", kText}, {"column_annual", kText}, {"column_executed", kText}}},
       &subrows_mismatch,
       nullptr},
      {{"budget.over_executed", {{"tolerance", kNumber}}}, &budget_check<over_executed>, nullptr},
      {{"budget.adjusted", {{"share", kNumber}}}, &budget_check<adjusted>, nullptr},
      {{"budget.low_execution_full_marks", {{"rate_below", kNumber}, {"score_share", kNumber}, {"level", kText}}},
       &low_execution_full_marks,
       nullptr},
      {{"budget.cost_mismatch", {{"share", kNumber}, {"level2", kText}, {"names", kText}}}, nullptr, &cost_mismatch},
      {{"score.over_weight", {{"tolerance", kNumber}, {"message_negative", kText}}}, nullptr, &over_weight},
      {{"score.level_weight_mismatch", {{"tolerance", kNumber}, {"item", kText}, {"separator", kText}}},
       &level_weight_mismatch,
       nullptr},
      {{"score.grade_mismatch", {}}, &report_check_rs<grade_mismatch>, nullptr},
      {{"score.met_but_docked", {{"tolerance", kNumber}, {"more_empty_notes", kText}}}, nullptr, &met_but_docked},
      {{"score.docked_unexplained", {{"tolerance", kNumber}, {"more_empty_notes", kText}}},
       nullptr,
       &docked_unexplained},
      {{"indicator.unverifiable_actual", {}}, nullptr, &unverifiable_actual},
      {{"indicator.unit_mismatch", {}}, nullptr, &unit_mismatch},
      {{"indicator.impossible_target", {{"max_percent", kNumber}, {"names", kText}}}, nullptr, &impossible_target},
      {{"indicator.missing_value",
        {{"blanks", kText}, {"target_cell", kText}, {"actual_cell", kText}, {"separator", kText}}},
       nullptr,
       &missing_value},
      {{"structure.missing_level", {{"output_level", kText}, {"benefit_level", kText}}}, &missing_level, nullptr},
      {{"structure.no_cost", {{"from_year", kNumber}, {"level2", kText}}}, &report_check<no_cost>, nullptr},
      {{"structure.weights_not_standard",
        {{"tolerance", kNumber}, {"item", kText}, {"separator", kText}, {"budget_label", kText}}},
       &weights_not_standard,
       nullptr},
      {{"structure.dominant_indicator", {{"min_count", kNumber}, {"share", kNumber}, {"message_few", kText}}},
       &report_check_rs<dominant_indicator>,
       nullptr},
      {{"structure.slogan_benefits", {{"level", kText}, {"separator", kText}}},
       &report_check_rs<slogan_benefits>,
       nullptr},
      {{"structure.budget_as_indicator", {{"output_level", kText}, {"benefit_level", kText}, {"names", kText}}},
       nullptr,
       &budget_as_indicator},
      {{"text.placeholder_left",
        {{"words", kText}, {"goal_where", kText}, {"template_where", kText}, {"indicator_where", kText}}},
       &placeholder_left_report,
       &placeholder_left_indicator},
      {{"text.goal_copied", {{"min_chars", kNumber}}}, &report_check<goal_copied>, nullptr},
      {{"narrative.table_mismatch",
        {{"amount_tolerance", kNumber},
         {"points", kNumber},
         {"score_unit", kText},
         {"what_annual_budget", kText},
         {"what_executed", kText},
         {"what_execution_rate", kText},
         {"what_total_score", kText}}},
       &check_table_statements,
       nullptr},
      // Run by the batch across years (audit/cross_year.h), never on one report.
      {{"target.ratchet",
        {{"tolerance", kNumber},
         {"message_unsure", kText},
         {"detail", kText},
         {"year_marks", kText},
         {"name_suffixes", kText}}},
       nullptr,
       nullptr},
      {{"extract.low_confidence",
        {{"threshold", kNumber},
         {"narrative_threshold", kNumber},
         {"source_scan", kText},
         {"source_text_layer", kText},
         {"separator", kText},
         {"budget_what", kText},
         {"budget_initial", kText},
         {"budget_annual", kText},
         {"budget_executed", kText},
         {"budget_weight", kText},
         {"budget_rate", kText},
         {"budget_score", kText},
         {"budget_rows_what", kText},
         {"budget_row", kText},
         {"budget_unread", kText},
         {"budget_rows_separator", kText},
         {"total_what", kText},
         {"total_values", kText},
         {"indicator_what", kText},
         {"indicator_values", kText},
         {"narrative_what", kText},
         {"narrative_values", kText},
         {"narrative_table_values", kText},
         {"message_repaired", kText},
         {"steps_end", kText},
         {"repair_shape", kText},
         {"repair_separator", kText},
         {"repair_split", kText},
         {"repair_reread", kText},
         {"repair_wide", kText},
         {"repair_unread", kText},
         {"repair_squared", kText},
         {"repair_pen_mark", kText},
         {"message_squared", kText},
         {"message_implausible", kText},
         {"percent_names", kText},
         {"implausible_percent", kNumber},
         {"implausible_percent_why", kText},
         {"implausible_ratio", kNumber},
         {"implausible_ratio_why", kText},
         {"implausible_score_over", kNumber},
         {"implausible_score_why", kText},
         {"implausible_column_why", kText},
         {"implausible_unread_why", kText},
         {"column_target", kText},
         {"column_actual", kText},
         {"implausible_weight_gap", kNumber},
         {"implausible_weight_why", kText},
         {"weights_what", kText}}},
       &report_low_confidence,
       &on_indicator<indicator_low_confidence>},
  };
  return kChecks;
}

const CheckImpl* implementation(const std::string& id) {
  for (const auto& c : implementations())
    if (c.schema.id == id) return &c;
  return nullptr;
}

}  // namespace

const std::vector<rules::RuleSchema>& check_registry() {
  static const std::vector<rules::RuleSchema> kSchema = [] {
    std::vector<rules::RuleSchema> out;
    for (const auto& c : implementations()) out.push_back(c.schema);
    return out;
  }();
  return kSchema;
}

rules::LoadResult load_audit_rules(const std::string& dir, const Limits& limits) {
  return rules::load_rules(dir, check_registry(), limits);
}

std::vector<Finding> run_checks(const Report& report, const rules::RuleSet& rules) {
  std::vector<Finding> out;
  // The indicator checks in file order, looked up once for all the indicators.
  std::vector<std::pair<const rules::CheckRule*, IndicatorCheck>> indicator_checks;
  for (const auto& rule : rules.checks) {
    const CheckImpl* impl = implementation(rule.id);
    if (impl == nullptr) continue;
    if (impl->on_report != nullptr) impl->on_report(rule, report, rules, out);
    if (impl->on_indicator != nullptr) indicator_checks.emplace_back(&rule, impl->on_indicator);
  }
  for (const auto& ind : report.indicators) {
    // An OCR'd indicator whose values cannot be what the form printed gets extract.low_confidence only.
    const bool unreadable = implausible(ind, rules).has_value();
    for (const auto& [rule, check] : indicator_checks) {
      if (unreadable && rule->id != "extract.low_confidence") continue;
      if (auto f = check(*rule, ind, rules, report)) out.push_back(std::move(*f));
    }
  }
  // A narrative finding whose sentence's digits were read by OCR below narrative_threshold may be the OCR's error:
  // extract.low_confidence names the sentence instead.
  const rules::CheckRule& low = rules.rule("extract.low_confidence");
  for (Finding& f : out)
    if (f.rule == "narrative.table_mismatch") recheck_narrative(f, report, low, "narrative_table_values");
  auto narrative = check_narrative(report, rules);
  for (Finding& f : narrative) recheck_narrative(f, report, low, "narrative_values");
  out.insert(out.end(), std::make_move_iterator(narrative.begin()), std::make_move_iterator(narrative.end()));
  // Where extract.low_confidence's values were read: from scans, or (a report read from its text layer) from the
  // page's image where the text layer's characters did not decode. Said once here, for every message it wrote.
  const std::string& source = low.text(report.text_source == "text" ? "source_text_layer" : "source_scan");
  for (Finding& f : out)
    if (f.rule == low.id) f.message = fill_message(f.message, {{"source", source}});
  return out;
}

}  // namespace jx::audit
