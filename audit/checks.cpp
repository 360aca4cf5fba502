// Stage 5: the rules of checks.toml applied to a recomputed report (contract.md, "Rules every report is checked
// against"). Thresholds come from each rule's [rule.params]; messages are the rule file's templates, filled with
// the placeholders listed at each rule below (checks.toml documents the same list).
#include "audit/checks.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <set>

#include "audit/recompute.h"
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
std::string num(double x, int decimals = 2) {
  if (!std::isfinite(x)) return "—";
  double scale = std::pow(10.0, decimals);
  double r = std::round(x * scale) / scale;
  if (r == 0) r = 0;  // no "-0"
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, r, std::chars_format::fixed, decimals);
  std::string s(buf, res.ptr);
  if (s.find('.') != std::string::npos) {
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
  }
  return s;
}

std::string quantity(double value, const std::string& unit) { return num(value, 4) + unit; }

// Relative-and-absolute slack for comparisons the contract calls inclusive.
double slack(double a, double b) { return 1e-9 * std::max({1.0, std::fabs(a), std::fabs(b)}); }

Finding make(const rules::CheckRule& rule, const Values& values) {
  Finding f;
  f.rule = rule.id;
  f.severity = rules::to_string(rule.severity);
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

bool is_report_rule(const std::string& id) {
  static const std::set<std::string> ids = {"budget.rate_mismatch",      "budget.score_mismatch",
                                            "score.weight_sum",          "score.total_mismatch",
                                            "structure.no_satisfaction", "extract.low_confidence"};
  return ids.count(id) > 0;
}

bool is_indicator_rule(const std::string& id) {
  static const std::set<std::string> ids = {"score.overrated",          "target.not_achieved",
                                            "target.too_low",           "deviation.unexplained",
                                            "indicator.not_quantified", "extract.low_confidence"};
  return ids.count(id) > 0;
}

// ---- report rules -------------------------------------------------------------------------------------------

// budget.rate_mismatch — {stated} {computed} {executed} {annual_budget} {unit} {points}
std::optional<Finding> rate_mismatch(const rules::CheckRule& rule, const Report& r) {
  const Budget& b = r.budget;
  if (!b.execution_rate || !b.executed || !b.annual_budget || *b.annual_budget == 0) return std::nullopt;
  double points = rule.params.count("points") ? rule.params.at("points") : 0.5;
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
  double tol = rule.params.count("tolerance") ? rule.params.at("tolerance") : 0.05;
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

// score.weight_sum — {sum} {total} {budget_weight} {indicator_weights}. A missing budget weight counts 0.
std::optional<Finding> weight_sum(const rules::CheckRule& rule, const Report& r) {
  if (r.indicators.empty()) return std::nullopt;
  double total = rule.params.count("total") ? rule.params.at("total") : 100.0;
  double tol = rule.params.count("tolerance") ? rule.params.at("tolerance") : 0.01;
  double indicators = 0;
  for (const auto& ind : r.indicators) indicators += ind.weight;
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
  double tol = rule.params.count("tolerance") ? rule.params.at("tolerance") : 0.05;
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

// structure.no_satisfaction — {levels}: the report's level1 names; {words}: values.toml's words for 满意度.
std::optional<Finding> no_satisfaction(const rules::CheckRule& rule, const Report& r, const rules::RuleSet& rs) {
  const auto& words = rs.values.satisfaction_level1;
  for (const auto& ind : r.indicators) {
    std::string level1 = rules::normalize_header(ind.level1);
    for (const auto& w : words) {
      std::string nw = rules::normalize_header(w);
      if (!nw.empty() && level1.find(nw) != std::string::npos) return std::nullopt;
    }
  }
  std::string joined;
  for (const auto& w : words) joined += (joined.empty() ? "" : "、") + w;
  std::vector<std::string> seen;
  std::string levels;
  for (const auto& ind : r.indicators) {
    if (ind.level1.empty() || std::find(seen.begin(), seen.end(), ind.level1) != seen.end()) continue;
    seen.push_back(ind.level1);
    levels += (levels.empty() ? "" : "、") + ind.level1;
  }
  Finding f = make(rule, {{"words", joined}, {"levels", levels}});
  f.detail = levels;
  if (!r.indicators.empty()) f.page = r.indicators.front().page;  // where the indicator block starts
  return f;
}

// ---- extract.low_confidence -----------------------------------------------------------------------------------
// {what} (指标“…” / 年度资金总额行 / 总分 / 文字说明) {name} {values} (the cells as read) {confidence} {threshold}.
// Only OCR'd values (confidence below 100) below the rule's threshold: a text layer never gives it.

double confidence_threshold(const rules::CheckRule& rule) {
  return rule.params.count("threshold") ? rule.params.at("threshold") : 80.0;
}

bool read_unsure(float confidence, const rules::CheckRule& rule) {
  return confidence < 100.0f && confidence < confidence_threshold(rule);
}

Finding low_confidence(const rules::CheckRule& rule, const std::string& what, const std::string& name,
                       const std::string& values, float confidence) {
  Finding f = make(rule, {{"what", what},
                          {"name", name},
                          {"values", values},
                          {"confidence", num(confidence, 0)},
                          {"threshold", num(confidence_threshold(rule), 0)}});
  f.detail = values;
  return f;
}

std::optional<Finding> budget_low_confidence(const rules::CheckRule& rule, const Report& r) {
  const Budget& b = r.budget;
  if (!read_unsure(b.min_confidence, rule)) return std::nullopt;
  std::string values;
  auto add = [&](const char* label, const std::optional<double>& v, const std::string& unit) {
    if (v) values += (values.empty() ? "" : "、") + std::string(label) + num(*v, 4) + unit;
  };
  add("年初预算数", b.initial_budget, b.unit.value_or(""));
  add("全年预算数", b.annual_budget, b.unit.value_or(""));
  add("全年执行数", b.executed, b.unit.value_or(""));
  add("分值", b.weight, "");
  add("执行率", b.execution_rate, "%");
  add("得分", b.score, "");
  return at_budget(low_confidence(rule, "年度资金总额行", "", values, b.min_confidence), b);
}

std::optional<Finding> total_low_confidence(const rules::CheckRule& rule, const Report& r) {
  const TotalScore& t = r.total_score;
  if (!read_unsure(t.min_confidence, rule) || !t.stated) return std::nullopt;
  Finding f = low_confidence(rule, "总分", "", "总分" + num(*t.stated), t.min_confidence);
  f.page = t.page;
  return f;
}

std::optional<Finding> indicator_low_confidence(const rules::CheckRule& rule, const Indicator& ind) {
  if (!read_unsure(ind.min_confidence, rule)) return std::nullopt;
  std::string values = "年度指标值“" + ind.target_text + "”、实际完成值“" + ind.actual_text + "”、分值" +
                       num(ind.weight) + "、得分" + (ind.self_score ? num(*ind.self_score) : std::string("—"));
  return at_indicator(low_confidence(rule, "指标“" + ind.name + "”", ind.name, values, ind.min_confidence), ind);
}

// A narrative.sum_mismatch whose sentence holds a digit read below `narrative_threshold` (higher than `threshold`:
// chi_sim's misread digits in running text, "15份" read "45份", come with confidences of 86 to 93) may be the
// OCR's error, not the report's: it becomes an extract.low_confidence finding that asks for a look at the original.
// The sentence's blocks are the one it starts in and, when the sentence goes on, the next one.
void recheck_narrative(std::vector<Finding>& narrative, const Report& report, const rules::CheckRule& rule) {
  for (Finding& f : narrative) {
    if (!f.bbox) continue;
    float confidence = 100;
    const auto& blocks = report.narrative;
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
    double threshold = rule.params.count("narrative_threshold") ? rule.params.at("narrative_threshold") : 95.0;
    if (confidence >= 100.0f || confidence >= threshold) continue;
    Finding low = make(rule, {{"what", "文字说明中的数字"},
                              {"name", f.indicator.value_or("")},
                              {"values", "“" + f.detail + "”（按识别结果分项之和与合计不符）"},
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
  double ratio = rs.param("target.too_low", "ratio", 1.2);
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

// score.overrated — {name} {self_score} {recomputed} {weight} {tolerance} …
// target.not_achieved, target.too_low — {name} {actual} {target} {percent} (actual / target) {completion} (the
//   contract's completion: target / actual for "<=") {ratio} {op} …
// deviation.unexplained — {name} {note} {reason} …
// indicator.not_quantified — {name} {target_text} …
std::optional<Finding> indicator_rule(const rules::CheckRule& rule, const Indicator& ind, const rules::RuleSet& rs) {
  if (rule.id == "extract.low_confidence") return indicator_low_confidence(rule, ind);
  Values v = indicator_values(ind);
  if (rule.id == "score.overrated") {
    if (!ind.self_score || !ind.recomputed_score) return std::nullopt;
    double tol = rule.params.count("tolerance") ? rule.params.at("tolerance") : 0.05;
    double over = *ind.self_score - *ind.recomputed_score;
    if (over <= tol + slack(*ind.self_score, *ind.recomputed_score)) return std::nullopt;
    v.emplace_back("tolerance", num(tol));
    v.emplace_back("difference", num(over));
    Finding f = at_indicator(make(rule, v), ind);
    Deviation d = deviation_of(ind, rs);
    f.detail = num(ind.weight) + " × " + (d.formula.empty() ? std::string("—") : d.formula) + " → " +
               num(*ind.recomputed_score);
    return f;
  }
  if (rule.id == "indicator.not_quantified") {
    if (ind.target) return std::nullopt;
    return at_indicator(make(rule, v), ind);
  }
  Deviation d = deviation_of(ind, rs);
  v.emplace_back("percent", num(d.percent, 1) + "%");
  v.emplace_back("completion", num(d.completion, 1) + "%");
  v.emplace_back("ratio", num(rs.param("target.too_low", "ratio", 1.2) * 100.0, 1) + "%");
  if (rule.id == "target.not_achieved") {
    if (!d.not_achieved) return std::nullopt;
    return at_indicator(make(rule, v), ind);
  }
  if (rule.id == "target.too_low") {
    if (!d.too_low) return std::nullopt;
    Finding f = make(rule, v);
    // A ceiling set too loose reads differently from a floor set too low.
    if (ind.target->op == "<=" && !rule.message_at_most.empty()) f.message = fill_message(rule.message_at_most, v);
    return at_indicator(std::move(f), ind);
  }
  if (rule.id == "deviation.unexplained") {
    if (!(d.not_achieved || d.too_low) || !note_is_empty(ind.deviation_note, rs)) return std::nullopt;
    std::string reason = "未达到目标值";
    if (!d.not_achieved) {
      double ratio = rs.param("target.too_low", "ratio", 1.2);
      reason = ind.target->op == "<=" ? "明显优于目标值" : "超出目标值" + num((ratio - 1) * 100.0, 1) + "%以上";
    }
    v.emplace_back("reason", reason);
    Finding f = at_indicator(make(rule, v), ind);
    f.detail = ind.deviation_note.value_or("");
    return f;
  }
  return std::nullopt;
}

}  // namespace

std::vector<Finding> run_checks(const Report& report, const rules::RuleSet& rules) {
  std::vector<Finding> out;
  for (const auto& rule : rules.checks) {
    if (!is_report_rule(rule.id)) continue;
    std::optional<Finding> f;
    if (rule.id == "budget.rate_mismatch")
      f = rate_mismatch(rule, report);
    else if (rule.id == "budget.score_mismatch")
      f = score_mismatch(rule, report);
    else if (rule.id == "score.weight_sum")
      f = weight_sum(rule, report);
    else if (rule.id == "score.total_mismatch")
      f = total_mismatch(rule, report);
    else if (rule.id == "structure.no_satisfaction")
      f = no_satisfaction(rule, report, rules);
    else if (rule.id == "extract.low_confidence") {
      if (auto budget = budget_low_confidence(rule, report)) out.push_back(std::move(*budget));
      f = total_low_confidence(rule, report);
    }
    if (f) out.push_back(std::move(*f));
  }
  for (const auto& ind : report.indicators) {
    for (const auto& rule : rules.checks) {
      if (!is_indicator_rule(rule.id)) continue;
      if (auto f = indicator_rule(rule, ind, rules)) out.push_back(std::move(*f));
    }
  }
  auto narrative = check_narrative(report, rules);
  if (const rules::CheckRule* low = rules.check("extract.low_confidence")) recheck_narrative(narrative, report, *low);
  out.insert(out.end(), std::make_move_iterator(narrative.begin()), std::make_move_iterator(narrative.end()));
  return out;
}

}  // namespace jx::audit
