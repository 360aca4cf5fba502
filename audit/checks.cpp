// Stage 5: the rules of checks.toml applied to a recomputed report (contract.md, "Rules every report is checked
// against"). Thresholds and message fragments come from each rule's [rule.params]; messages are the rule file's
// templates, filled with the placeholders listed at each rule below (checks.toml documents the same list).
//
// The check registry (kChecks, at the end) is the one table of implementations: each names its rule id, the
// parameters it reads with their types, and the functions that run it. check_registry() hands its schema to the
// loader, so a rule file that lacks a parameter, misspells one, gives it the wrong type, has a rule no check
// implements, or lacks the rule of a check, does not load; every parameter read here is therefore present.
#include "audit/checks.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include "audit/recompute.h"
#include "core/numbers.h"
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
  return joined(steps, rule.text("separator"));
}

bool unsure(float confidence, std::uint8_t repairs, const rules::CheckRule& rule) {
  return read_unsure(confidence, rule) || repairs != 0;
}

// Makes `f` say that the values as read cannot be what the form printed (message_implausible), `why` first in its
// evidence detail.
void say_implausible(Finding& f, const rules::CheckRule& rule, const std::string& what, const std::string& why,
                     const std::string& values) {
  f.message = fill_message(rule.text("message_implausible"), {{"what", what}, {"why", why}, {"values", values}});
  f.detail = why + rule.text("steps_end") + f.detail;
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
  if (!read_unsure(confidence, rule)) f.message = fill_message(rule.text("message_repaired"), v);
  f.detail = steps.empty() ? values : steps + rule.text("steps_end") + values;
  return f;
}

std::optional<Finding> budget_low_confidence(const rules::CheckRule& rule, const Report& r, const rules::RuleSet& rs) {
  const Budget& b = r.budget;
  const std::optional<std::string> why = implausible(b, rs);
  if (!why && !unsure(b.min_confidence, b.repairs, rule)) return std::nullopt;
  std::vector<std::string> items;
  auto add = [&](const char* fragment, const std::optional<double>& v) {
    if (v) items.push_back(fill_message(rule.text(fragment), {{"value", num(*v, 4)}, {"unit", b.unit.value_or("")}}));
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

// A narrative.sum_mismatch whose sentence holds a digit read below `narrative_threshold` (higher than `threshold`:
// chi_sim's misread digits in running text, "15份" read "45份", come with confidences of 86 to 93) may be the
// OCR's error, not the report's: it becomes an extract.low_confidence finding that asks for a look at the original.
// The sentence's blocks are the one it starts in and, when the sentence goes on, the next one.
void recheck_narrative(std::vector<Finding>& narrative, const Report& report, const rules::CheckRule& rule) {
  for (Finding& f : narrative) {
    if (!f.bbox) continue;
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
    if (confidence >= 100.0f || confidence >= threshold) continue;
    Finding low = make(rule, {{"what", rule.text("narrative_what")},
                              {"name", f.indicator.value_or("")},
                              {"values", fill_message(rule.text("narrative_values"), {{"sentence", f.detail}})},
                              {"confidence", num(confidence, 0)},
                              {"threshold", num(threshold, 0)}});
    low.detail = f.detail;
    low.indicator = f.indicator;
    low.page = f.page;
    low.bbox = f.bbox;
    f = std::move(low);
  }
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
  double t = ind.target->value, a = ind.actual->value;
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
    d.completion = a <= t ? 100.0 : t / a * 100.0;
    d.formula = a <= t ? "1" : quantity(t, "") + " / " + quantity(a, "");
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
std::optional<Finding> unexplained(const rules::CheckRule& rule, const Indicator& ind, const rules::RuleSet& rs) {
  if (!ind.target) return std::nullopt;
  Deviation d = deviation_of(ind, rs);
  if (!(d.not_achieved || d.too_low) || !note_is_empty(ind.deviation_note, rs)) return std::nullopt;
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

// ---- the check registry ---------------------------------------------------------------------------------------

// Findings about the report as a whole, appended to `out` (in the rule's turn in checks.toml order).
using ReportCheck = void (*)(const rules::CheckRule&, const Report&, const rules::RuleSet&, std::vector<Finding>&);
// The finding about one indicator, if any.
using IndicatorCheck = std::optional<Finding> (*)(const rules::CheckRule&, const Indicator&, const rules::RuleSet&);

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
      {{"score.overrated", {{"tolerance", kNumber}}}, nullptr, &overrated},
      {{"target.not_achieved", {}}, nullptr, &not_achieved},
      {{"target.too_low", {{"ratio", kNumber}}}, nullptr, &too_low},
      {{"deviation.unexplained",
        {{"reason_not_achieved", kText}, {"reason_at_most", kText}, {"reason_too_low", kText}}},
       nullptr,
       &unexplained},
      {{"indicator.not_quantified", {}}, nullptr, &not_quantified},
      {{"narrative.sum_mismatch", {{"name_min_chars", kNumber}, {"name_min_share", kNumber}}}, nullptr, nullptr},
      {{"extract.low_confidence",
        {{"threshold", kNumber},
         {"narrative_threshold", kNumber},
         {"separator", kText},
         {"budget_what", kText},
         {"budget_initial", kText},
         {"budget_annual", kText},
         {"budget_executed", kText},
         {"budget_weight", kText},
         {"budget_rate", kText},
         {"budget_score", kText},
         {"total_what", kText},
         {"total_values", kText},
         {"indicator_what", kText},
         {"indicator_values", kText},
         {"narrative_what", kText},
         {"narrative_values", kText},
         {"message_repaired", kText},
         {"steps_end", kText},
         {"repair_shape", kText},
         {"repair_separator", kText},
         {"repair_split", kText},
         {"repair_reread", kText},
         {"repair_wide", kText},
         {"message_implausible", kText},
         {"percent_names", kText},
         {"implausible_percent", kNumber},
         {"implausible_percent_why", kText},
         {"implausible_ratio", kNumber},
         {"implausible_ratio_why", kText},
         {"implausible_score_over", kNumber},
         {"implausible_score_why", kText},
         {"implausible_weight_gap", kNumber},
         {"implausible_weight_why", kText},
         {"weights_what", kText}}},
       &report_low_confidence,
       &indicator_low_confidence},
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
      if (auto f = check(*rule, ind, rules)) out.push_back(std::move(*f));
    }
  }
  auto narrative = check_narrative(report, rules);
  recheck_narrative(narrative, report, rules.rule("extract.low_confidence"));
  out.insert(out.end(), std::make_move_iterator(narrative.begin()), std::make_move_iterator(narrative.end()));
  return out;
}

}  // namespace jx::audit
