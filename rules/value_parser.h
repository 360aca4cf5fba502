// Reads the values of an indicator row: "不少于30份" → {">=", 30, "份"}; "11亿" → {11, "亿"}.
//
//   auto t = jx::rules::parse_target("不少于 30 份", "运营分析报告数量", rs.values);  // op ">=", 30, "份"
//   auto a = jx::rules::parse_actual("３６份", rs.values);                            // 36, "份"
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "rules/ruleset.h"

namespace jx::rules {

struct Quantity {
  double value = 0;
  std::string unit;  // as written after NFKC ("%", "亿条", "万元"); "" when none
};

struct Target {
  std::string op;  // ">=", "<=", "="
  double value = 0;
  std::string unit;
};

// NFKC (ICU), then every whitespace character removed next to a CJK character and runs of other whitespace
// folded to one space. Full-width digits, ％ and ． become ASCII.
std::string normalize_text(std::string_view utf8);

// normalize_text(), then all whitespace removed, "(A)"/"（B/A）" tags and leading "1." numbering dropped:
// the form header cells are compared in.
std::string normalize_header(std::string_view utf8);

// A target cell. nullopt when the text holds no number (有效提升, 逐步健全): the indicator is qualitative.
// The operator comes from the words before the number (rule file); a bare number means ">=", or "<=" when
// `indicator_name` contains a less-is-better keyword. `op_override` is the 指标性质 column's text when the
// form has one (≥ ≤ ＝ …) and `unit_override` the 度量单位 column's, used when the value carries no unit.
std::optional<Target> parse_target(std::string_view text, std::string_view indicator_name, const ValueRules& rules,
                                   std::string_view op_override = {}, std::string_view unit_override = {});

// An actual-value cell: the first number and the unit right after it. nullopt when there is no number.
std::optional<Quantity> parse_actual(std::string_view text, const ValueRules& rules);

// A plain amount or score cell: "1,952.61" → 1952.61, "100%" → 100, "10" → 10. nullopt when not a number.
std::optional<double> parse_number(std::string_view text);

// A unit as values.toml's [[unit_alias]] names it ("百分比" → "%"), else as given.
std::string canonical_unit(std::string_view unit, const ValueRules& rules);

// The factor that turns a quantity written in unit `from` into one in unit `to` (contract v1.1, "Values with a 万 / 亿
// prefix"): 1 when they are one unit after canonical_unit(); the ratio of their magnitudes when both are the same
// base unit (or none) after an optional [[magnitude]] prefix ("万元" → "元": 10000; "亿" → "万": 10000; "亿条" →
// "万条": 10000); nullopt otherwise ("个" → "%", "亿" → "亿条").
std::optional<double> unit_factor(std::string_view from, std::string_view to, const ValueRules& rules);

// An operator cell of a 指标性质 column: "≥" "≧" "＞" → ">=", "≤" "≦" "＜" → "<=", "=" "═" "＝" → "=".
std::optional<std::string> parse_operator_symbol(std::string_view text);

}  // namespace jx::rules
