// Every rule of rules/checks.toml ships with examples that must fire and examples that must not; this runs them
// through the real recompute() and run_checks() with the real rule files. It also pins what the output contract
// fixes about the rules: their ids, their order and their severities.
#include <gtest/gtest.h>

#include <sstream>

#include "audit/checks.h"
#include "audit/cross_year.h"
#include "audit/recompute.h"
#include "rules/ruleset.h"
#include "rules/value_parser.h"
#include "tests/support/test_support.h"

namespace {

using jx::audit::Indicator;
using jx::audit::Report;
using jx::rules::RuleExample;
using jx::rules::RuleSet;

const RuleSet& rules() { return jx::test::real_rules(); }

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) out.push_back(item);
  return out;
}

Indicator& nth(Report& r, size_t i) {
  while (r.indicators.size() <= i) {
    Indicator ind;
    ind.name = "指标" + std::to_string(r.indicators.size() + 1);
    ind.level1 = "产出";
    ind.level2 = "产出数量";
    ind.page = 1;
    r.indicators.push_back(ind);
  }
  return r.indicators[i];
}

// The small report an example describes (see the field list at the top of rules/checks.toml).
Report report_from(const RuleExample& ex, const RuleSet& rs) {
  Report r;
  auto has = [&](const char* k) { return ex.fields.count(k) > 0; };
  auto field = [&](const char* k) { return ex.fields.at(k); };
  auto number = [&](const char* k) { return has(k) ? jx::rules::parse_number(field(k)) : std::nullopt; };
  r.budget.initial_budget = number("initial_budget");
  r.budget.annual_budget = number("annual_budget");
  r.budget.executed = number("executed");
  r.budget.execution_rate = number("execution_rate");
  r.budget.weight = number("budget_weight");
  r.budget.score = number("budget_score");
  r.total_score.stated = number("stated_total");
  if (has("name") || has("target")) {
    Indicator& ind = nth(r, 0);
    if (has("name")) ind.name = field("name");
    if (has("level1")) ind.level1 = field("level1");
    ind.target_text = has("target") ? field("target") : "";
    ind.target = jx::rules::parse_target(ind.target_text, ind.name, rs.values);
    ind.actual_text = has("actual") ? field("actual") : "";
    ind.actual = jx::rules::parse_actual(ind.actual_text, rs.values);
    ind.weight = number("weight").value_or(0);
    ind.self_score = number("self_score");
    if (has("note")) ind.deviation_note = field("note");
    if (auto c = number("confidence")) ind.min_confidence = static_cast<float>(*c);
    if (auto c = number("repairs")) ind.repairs = static_cast<std::uint8_t>(*c);
  }
  if (auto c = number("budget_confidence")) r.budget.min_confidence = static_cast<float>(*c);
  if (has("weights")) {
    auto w = split_list(field("weights"));
    for (size_t i = 0; i < w.size(); ++i) nth(r, i).weight = jx::rules::parse_number(w[i]).value_or(0);
  }
  if (has("self_scores")) {
    auto s = split_list(field("self_scores"));
    for (size_t i = 0; i < s.size(); ++i) nth(r, i).self_score = jx::rules::parse_number(s[i]);
  }
  if (has("level1s")) {
    auto l = split_list(field("level1s"));
    for (size_t i = 0; i < l.size(); ++i) nth(r, i).level1 = l[i];
  }
  if (has("names")) {
    auto n = split_list(field("names"));
    for (size_t i = 0; i < n.size(); ++i) nth(r, i).name = n[i];
  }
  if (has("text")) r.narrative.push_back({1, {10, 20, 500, 60}, field("text")});
  // v1.1 fields
  if (has("level2")) nth(r, 0).level2 = field("level2");
  if (has("level2s")) {
    auto l = split_list(field("level2s"));
    for (size_t i = 0; i < l.size(); ++i) nth(r, i).level2 = l[i];
  }
  if (has("targets")) {
    auto t = split_list(field("targets"));
    for (size_t i = 0; i < t.size(); ++i) {
      Indicator& ind = nth(r, i);
      ind.target_text = t[i];
      ind.target = jx::rules::parse_target(t[i], ind.name, rs.values);
    }
  }
  // points1 = "产出=50,效益=30": the points printed in the 一级 label of every indicator under it; points2 the same
  // for 二级 labels.
  for (const char* key : {"points1", "points2"}) {
    if (!has(key)) continue;
    for (const auto& item : split_list(field(key))) {
      const auto eq = item.find('=');
      const std::string label = item.substr(0, eq);
      const auto points = jx::rules::parse_number(item.substr(eq + 1));
      for (auto& ind : r.indicators) {
        if (key[6] == '1' && ind.level1 == label) ind.level1_points = points;
        if (key[6] == '2' && ind.level2 == label) ind.level2_points = points;
      }
    }
  }
  if (has("budget_unit")) r.budget.unit = field("budget_unit");
  // subrows = "label:initial:annual:executed;…": the rows under the 年度资金总额 row (made from the money fields).
  if (has("subrows")) {
    r.budget.rows.push_back({"年度资金总额", r.budget.initial_budget, r.budget.annual_budget, r.budget.executed});
    std::stringstream rows(field("subrows"));
    std::string row;
    while (std::getline(rows, row, ';')) {
      std::vector<std::string> cells;
      std::stringstream in(row);
      std::string cell;
      while (std::getline(in, cell, ':')) cells.push_back(cell);
      cells.resize(4);
      r.budget.rows.push_back({cells[0], jx::rules::parse_number(cells[1]), jx::rules::parse_number(cells[2]),
                               jx::rules::parse_number(cells[3])});
    }
  }
  if (has("stated_grade")) r.total_score.grade = field("stated_grade");
  if (auto y = number("year")) r.project.year = static_cast<int>(*y);
  if (has("goal_expected")) r.goal.expected = field("goal_expected");
  if (has("goal_actual")) r.goal.actual = field("goal_actual");
  if (has("template")) {
    jx::audit::TemplateRow row;
    std::stringstream in(field("template"));
    std::string cell;
    while (std::getline(in, cell, '|')) row.texts.push_back(jx::rules::normalize_text(cell));
    row.page = 1;
    r.template_rows.push_back(row);
  }
  return r;
}

// The project year of an example's report, as the batch would gather it.
jx::audit::ProjectYear year_of(const Report& r, const std::string& name, const std::string& department) {
  jx::audit::ProjectYear y;
  y.file = "now.pdf";
  y.name_key = jx::audit::project_key(name, rules());
  y.department_key = jx::audit::project_key(department, rules());
  y.year = r.project.year.value_or(0);
  for (const auto& ind : r.indicators) {
    jx::audit::YearIndicator yi;
    yi.name = ind.name;
    yi.target = ind.target;
    yi.actual = ind.actual;
    yi.actual_text = ind.actual_text;
    yi.page = ind.page;
    y.indicators.push_back(yi);
  }
  return y;
}

TEST(RuleExamples, ContractRulesInOrderWithTheirSeverities) {
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"budget.rate_mismatch", "error"},
      {"budget.score_mismatch", "error"},
      {"score.weight_sum", "error"},
      {"score.total_mismatch", "error"},
      {"structure.no_satisfaction", "warning"},
      {"score.overrated", "error"},
      {"target.not_achieved", "warning"},
      {"target.too_low", "warning"},
      {"deviation.unexplained", "warning"},
      {"indicator.not_quantified", "info"},
      {"narrative.sum_mismatch", "warning"},
  };
  const auto& checks = rules().checks;
  ASSERT_GE(checks.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(checks[i].id, expected[i].first);
    EXPECT_STREQ(jx::to_string(checks[i].severity), expected[i].second.c_str()) << checks[i].id;
    EXPECT_FALSE(checks[i].message.empty()) << checks[i].id;
  }
  EXPECT_DOUBLE_EQ(rules().rule("target.too_low").number("ratio"), 1.2);
  EXPECT_DOUBLE_EQ(rules().rule("budget.rate_mismatch").number("points"), 0.5);
  EXPECT_DOUBLE_EQ(rules().rule("score.weight_sum").number("total"), 100);
}

TEST(RuleExamples, EveryRuleHasAFiringAndAQuietExample) {
  for (const auto& rule : rules().checks) {
    int fires = 0, quiet = 0;
    for (const auto& ex : rule.examples) (ex.fires ? fires : quiet)++;
    EXPECT_GE(fires, 1) << rule.id;
    EXPECT_GE(quiet, 1) << rule.id;
  }
}

TEST(RuleExamples, EachExampleFiresOrNotAsItSays) {
  const RuleSet& rs = rules();
  int run = 0;
  for (const auto& rule : rs.checks) {
    for (const auto& ex : rule.examples) {
      SCOPED_TRACE(rule.id + " example at checks.toml:" + std::to_string(ex.line));
      Report r = report_from(ex, rs);
      jx::audit::recompute(r, rs);
      auto findings = jx::audit::run_checks(r, rs);
      if (ex.fields.count("previous_actual")) {
        // A cross-year example: the same indicator in an earlier year of the same project.
        auto now = year_of(r, "项目", "部门");
        jx::audit::ProjectYear before;
        before.file = "earlier.pdf";
        before.name_key = now.name_key;
        before.department_key = now.department_key;
        before.year = std::stoi(ex.fields.at("previous_year"));
        jx::audit::YearIndicator was;
        was.name = r.indicators.at(0).name;
        was.actual_text = ex.fields.at("previous_actual");
        was.actual = jx::rules::parse_actual(was.actual_text, rs.values);
        if (ex.fields.count("previous_confidence")) was.low_confidence = true;
        before.indicators.push_back(was);
        for (auto& f : jx::audit::ratchet_findings(now, {&before}, rs)) findings.push_back(std::move(f));
      }
      const jx::audit::Finding* hit = nullptr;
      for (const auto& f : findings)
        if (f.rule == rule.id) hit = &f;
      EXPECT_EQ(hit != nullptr, ex.fires);
      if (hit) {
        EXPECT_EQ(hit->severity, jx::to_string(rule.severity));
        EXPECT_EQ(hit->message.find('{'), std::string::npos) << "unfilled placeholder: " << hit->message;
        if (ex.fields.count("indicator")) {
          EXPECT_EQ(hit->indicator.value_or("(none)"), ex.fields.at("indicator"));
        }
      }
      ++run;
    }
  }
  EXPECT_GE(run, 22);
}

}  // namespace
