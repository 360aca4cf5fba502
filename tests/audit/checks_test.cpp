// run_checks(): every rule on both sides of its threshold, with the real rule files; messages, evidence, order.
#include "audit/checks.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "audit/json_writer.h"
#include "audit/recompute.h"
#include "rules/value_parser.h"
#include "tests/support/test_support.h"

namespace {

using jx::audit::Finding;
using jx::audit::Indicator;
using jx::audit::Report;
using jx::rules::RuleSet;

const RuleSet& rules() { return jx::test::real_rules(); }

Indicator indicator(const std::string& name, const std::string& target, const std::string& actual, double weight,
                    std::optional<double> self, std::optional<std::string> note = std::string("无")) {
  Indicator ind;
  ind.level1 = "产出";
  ind.level2 = "产出数量";
  ind.name = name;
  ind.target_text = target;
  ind.target = jx::rules::parse_target(target, name, rules().values);
  ind.actual_text = actual;
  ind.actual = jx::rules::parse_actual(actual, rules().values);
  ind.weight = weight;
  ind.self_score = self;
  ind.deviation_note = note;
  ind.page = 4;
  ind.row_box = {50, 100, 550, 130};
  return ind;
}

// A consistent report: budget 10/10, one satisfaction indicator, total 100. Nothing fires on it.
Report clean_report() {
  Report r;
  r.budget.unit = "万元";
  r.budget.initial_budget = r.budget.annual_budget = r.budget.executed = 1952.61;
  r.budget.execution_rate = 100;
  r.budget.weight = 10;
  r.budget.score = 10;
  r.budget.page = 3;
  r.budget.row_box = {40, 200, 560, 220};
  r.indicators.push_back(indicator("运营分析报告数量", "不少于30份", "30份", 80, 80));
  Indicator s = indicator("服务对象满意度", "≥90%", "95%", 10, 10);
  s.level1 = "满意度";
  s.level2 = "服务对象满意度";
  r.indicators.push_back(s);
  r.total_score.stated = 100;
  r.total_score.page = 5;
  return r;
}

std::vector<Finding> check(Report r) {
  jx::audit::recompute(r, rules());
  return jx::audit::run_checks(r, rules());
}

std::vector<std::string> ids(const std::vector<Finding>& fs) {
  std::vector<std::string> out;
  for (const auto& f : fs) out.push_back(f.rule);
  return out;
}

bool fired(const std::vector<Finding>& fs, const std::string& id) {
  for (const auto& f : fs)
    if (f.rule == id) return true;
  return false;
}

const Finding* find(const std::vector<Finding>& fs, const std::string& id) {
  for (const auto& f : fs)
    if (f.rule == id) return &f;
  return nullptr;
}

TEST(FillMessage, FillsKnownPlaceholdersAndKeepsUnknownOnes) {
  EXPECT_EQ(jx::audit::fill_message("实际完成值{actual}为目标值{target}的{percent}",
                                    {{"actual", "36份"}, {"target", "30份"}, {"percent", "120%"}}),
            "实际完成值36份为目标值30份的120%");
  EXPECT_EQ(jx::audit::fill_message("{a}{unknown}{b}", {{"a", "1"}, {"b", "2"}}), "1{unknown}2");
  EXPECT_EQ(jx::audit::fill_message("{a", {{"a", "1"}}), "{a");
  EXPECT_EQ(jx::audit::fill_message("{{a}}", {{"a", "1"}}), "{1}");
  EXPECT_EQ(jx::audit::fill_message("", {}), "");
}

// The eleven rules of v1 (contract.md, "Rules every report is checked against").
bool v1_rule(const std::string& id) {
  static const std::vector<std::string> kV1 = {
      "budget.rate_mismatch",      "budget.score_mismatch",    "score.weight_sum",      "score.total_mismatch",
      "structure.no_satisfaction", "score.overrated",          "target.not_achieved",   "target.too_low",
      "deviation.unexplained",     "indicator.not_quantified", "narrative.sum_mismatch"};
  return std::find(kV1.begin(), kV1.end(), id) != kV1.end();
}

std::vector<std::string> v1_ids(const std::vector<Finding>& fs) {
  std::vector<std::string> out;
  for (const auto& f : fs)
    if (v1_rule(f.rule)) out.push_back(f.rule);
  return out;
}

TEST(Checks, CleanReportHasNoFindings) {
  // The v1 rules are quiet on clean_report(); its 80-point indicator and 产出/满意度-only split are v1.1 findings.
  auto fs = check(clean_report());
  EXPECT_TRUE(v1_ids(fs).empty()) << ::testing::PrintToString(ids(fs));
  EXPECT_EQ(ids(fs), (std::vector<std::string>{"structure.missing_level", "structure.weights_not_standard",
                                               "structure.dominant_indicator"}));
}

TEST(Checks, AReportOfTheStandardShapeHasNoFindings) {
  Report r = clean_report();
  r.project.year = 2022;
  r.indicators[0] = indicator("运营分析报告数量", "不少于30份", "30份", 25, 25);
  r.indicators.push_back(indicator("编制标准规范数量", "不少于10份", "10份", 25, 25));
  r.indicators.back().level2 = "产出成本";
  Indicator benefit = indicator("预警指标数量", "不少于250个", "260个", 30, 30);
  benefit.level1 = "效益指标";
  benefit.level2 = "社会效益指标";
  r.indicators.push_back(benefit);
  r.goal.expected = "完成运营分析报告不少于30份";
  r.goal.actual = "完成运营分析报告30份";
  r.budget.rows = {{"年度资金总额", 1952.61, 1952.61, 1952.61}, {"其中：当年财政拨款", 1952.61, 1952.61, 1952.61}};
  r.narrative.push_back({1, {10, 20, 500, 60}, "年度预算1,952.61万元，实际支出1,952.61万元，预算执行率为100%。"});
  auto fs = check(r);
  EXPECT_TRUE(fs.empty()) << ::testing::PrintToString(ids(fs));
}

TEST(Checks, RateMismatchAboveHalfAPoint) {
  Report r = clean_report();
  r.budget.annual_budget = 1000;
  r.budget.executed = 995;  // 99.5 %: 0.5 points from the stated 100 — not more
  r.budget.score = 9.95;
  r.indicators[0].self_score = 80.05;  // keep the total consistent
  EXPECT_FALSE(fired(check(r), "budget.rate_mismatch"));
  r.budget.executed = 994;  // 99.4 %
  r.budget.score = 9.94;
  auto fs = check(r);
  const Finding* f = find(fs, "budget.rate_mismatch");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity, "error");
  EXPECT_FALSE(f->indicator.has_value());
  EXPECT_NE(f->message.find("100%"), std::string::npos) << f->message;
  EXPECT_NE(f->message.find("99.4%"), std::string::npos) << f->message;
  EXPECT_EQ(f->page, 3);
  ASSERT_TRUE(f->bbox.has_value());
  EXPECT_DOUBLE_EQ(f->bbox->y0, 200);
}

TEST(Checks, RateMismatchUsesTheAdjustedBudget) {
  Report r = clean_report();
  r.budget.initial_budget = 800;  // 年初 differs: irrelevant
  EXPECT_FALSE(fired(check(r), "budget.rate_mismatch"));
  r.budget.execution_rate = 100.6;
  EXPECT_TRUE(fired(check(r), "budget.rate_mismatch"));
}

TEST(Checks, BudgetScoreMismatchTolerance) {
  Report r = clean_report();
  r.budget.annual_budget = 1000;
  r.budget.executed = 900;
  r.budget.execution_rate = 90;
  r.budget.score = 9.05;  // expected 9: 0.05 off — within
  EXPECT_FALSE(fired(check(r), "budget.score_mismatch"));
  r.budget.score = 9.06;
  EXPECT_TRUE(fired(check(r), "budget.score_mismatch"));
  r.budget.score = 10;
  auto fs = check(r);
  const Finding* f = find(fs, "budget.score_mismatch");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity, "error");
  EXPECT_NE(f->message.find("9分"), std::string::npos) << f->message;
}

TEST(Checks, WeightSum) {
  Report r = clean_report();
  r.indicators[0].weight = 80.01;  // 100.01: within ±0.01
  EXPECT_FALSE(fired(check(r), "score.weight_sum"));
  r.indicators[0].weight = 80.02;
  EXPECT_TRUE(fired(check(r), "score.weight_sum"));
  r.indicators[0].weight = 78;
  auto fs = check(r);
  const Finding* f = find(fs, "score.weight_sum");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->message.find("98"), std::string::npos) << f->message;
  EXPECT_EQ(f->page, 5);
}

TEST(Checks, TotalMismatchAgainstSelfScores) {
  Report r = clean_report();
  r.total_score.stated = 100.05;
  EXPECT_FALSE(fired(check(r), "score.total_mismatch"));
  r.total_score.stated = 100.06;
  EXPECT_TRUE(fired(check(r), "score.total_mismatch"));
  r.total_score.stated.reset();  // no 总分 row: nothing to compare
  EXPECT_FALSE(fired(check(r), "score.total_mismatch"));
}

TEST(Checks, NoSatisfaction) {
  Report r = clean_report();
  EXPECT_FALSE(fired(check(r), "structure.no_satisfaction"));
  r.indicators[1].level1 = "效益";
  r.indicators[1].level2 = "社会效益指标";
  auto fs = check(r);
  const Finding* f = find(fs, "structure.no_satisfaction");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity, "warning");
  EXPECT_FALSE(f->indicator.has_value());
  EXPECT_NE(f->message.find("产出、效益"), std::string::npos) << f->message;
  r.indicators[1].level1 = "满意度指标";
  EXPECT_FALSE(fired(check(r), "structure.no_satisfaction"));
}

// A 二级 满意度 counts wherever its 一级 is (the older national form's 效益指标 → 服务对象满意度指标, Jiangsu's
// 结果目标 → 满意度); a 二级 that is not about satisfaction does not.
TEST(Checks, NoSatisfactionSeesSecondLevel) {
  Report r = clean_report();
  r.indicators[1].level1 = "结果目标";
  r.indicators[1].level2 = "社会效益";
  EXPECT_TRUE(fired(check(r), "structure.no_satisfaction"));
  r.indicators[1].level2 = "满意度";
  EXPECT_FALSE(fired(check(r), "structure.no_satisfaction"));
  r.indicators[1].level1 = "效益指标";
  r.indicators[1].level2 = "服务对象满意度指标";
  EXPECT_FALSE(fired(check(r), "structure.no_satisfaction"));
}

TEST(Checks, Overrated) {
  Report r = clean_report();
  r.indicators[0] = indicator("运营分析报告数量", "不少于30份", "24份", 80, 64.05);  // recomputed 64
  r.total_score.stated = 84.05;
  EXPECT_FALSE(fired(check(r), "score.overrated"));
  r.indicators[0].self_score = 64.06;
  r.total_score.stated = 84.06;
  auto fs = check(r);
  const Finding* f = find(fs, "score.overrated");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity, "error");
  EXPECT_EQ(f->indicator.value_or(""), "运营分析报告数量");
  EXPECT_NE(f->message.find("64分"), std::string::npos) << f->message;
  EXPECT_EQ(f->page, 4);
  ASSERT_TRUE(f->bbox.has_value());
  EXPECT_DOUBLE_EQ(f->bbox->x1, 550);
}

TEST(Checks, QualitativeIsNeverOverratedButNotQuantified) {
  Report r = clean_report();
  r.indicators[0] = indicator("城市治理能力", "有效提升", "有效提升", 80, 80);
  auto fs = check(r);
  EXPECT_FALSE(fired(fs, "score.overrated"));
  EXPECT_FALSE(fired(fs, "target.not_achieved"));
  const Finding* f = find(fs, "indicator.not_quantified");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity, "info");
  EXPECT_NE(f->message.find("有效提升"), std::string::npos) << f->message;
}

TEST(Checks, NotAchievedAtLeast) {
  Report r = clean_report();
  r.indicators[0] = indicator("运营分析报告数量", "不少于30份", "29份", 80, 77.33, "受疫情影响，部分报告延期");
  auto fs = check(r);
  EXPECT_TRUE(fired(fs, "target.not_achieved"));
  EXPECT_FALSE(fired(fs, "deviation.unexplained"));  // explained
  r.indicators[0] = indicator("运营分析报告数量", "不少于30份", "30份", 80, 80);
  EXPECT_FALSE(fired(check(r), "target.not_achieved"));
}

TEST(Checks, NotAchievedAtMost) {
  Report r = clean_report();
  r.indicators[0] = indicator("问题处理时间", "≤2小时", "2小时", 80, 80);
  EXPECT_FALSE(fired(check(r), "target.not_achieved"));
  r.indicators[0] = indicator("问题处理时间", "≤2小时", "2.5小时", 80, 64);
  auto fs = check(r);
  const Finding* f = find(fs, "target.not_achieved");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->message, "实际完成值2.5小时未达到目标值2小时（完成率80%）");  // 2 / 2.5 for "<="
}

TEST(Checks, NotAchievedAtLeastMessage) {
  Report r = clean_report();
  r.indicators[0] = indicator("水质检测次数", "不少于600次", "540次", 80, 72, "设备检修");
  auto fs = check(r);
  const Finding* f = find(fs, "target.not_achieved");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->message, "实际完成值540次未达到目标值600次（完成率90%）");
}

TEST(Checks, TooLowIsInclusiveAtTheRatio) {
  Report r = clean_report();
  r.indicators[0] = indicator("运营分析报告数量", "不少于30份", "36份", 80, 80);  // exactly 1.2×
  auto fs = check(r);
  const Finding* f = find(fs, "target.too_low");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity, "warning");
  EXPECT_EQ(f->message, "实际完成值36份为目标值30份的120%，目标值设置偏低");
  EXPECT_EQ(f->indicator.value_or(""), "运营分析报告数量");

  r.indicators[0] = indicator("运营分析报告数量", "不少于100份", "119份", 80, 80);  // 1.19×
  EXPECT_FALSE(fired(check(r), "target.too_low"));
  r.indicators[0] = indicator("保障场地正常运行", "99.5%", "100%", 80, 80);
  EXPECT_FALSE(fired(check(r), "target.too_low"));
}

TEST(Checks, TooLowAtMostAndZeroTarget) {
  Report r = clean_report();
  r.indicators[0] = indicator("审批办理时限", "≤12天", "10天", 80, 80);  // 12 ≥ 1.2 × 10
  auto fs = check(r);
  const Finding* f = find(fs, "target.too_low");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->message, "实际完成值10天仅为目标值上限12天的83.3%，目标值设置过宽");
  r.indicators[0] = indicator("审批办理时限", "≤11.9天", "10天", 80, 80);
  EXPECT_FALSE(fired(check(r), "target.too_low"));
  r.indicators[0] = indicator("安全事故发生次数", "0次", "0次", 80, 80);
  fs = check(r);
  EXPECT_FALSE(fired(fs, "target.too_low"));
  EXPECT_FALSE(fired(fs, "target.not_achieved"));
}

TEST(Checks, DeviationUnexplainedNeedsADeviationAndAnEmptyNote) {
  Report r = clean_report();
  for (std::string note : {"无", "/", "-", "—", "", " 无 "}) {
    r.indicators[0] = indicator("运营分析报告数量", "不少于30份", "36份", 80, 80, note);
    EXPECT_TRUE(fired(check(r), "deviation.unexplained")) << "note '" << note << "'";
  }
  r.indicators[0] = indicator("运营分析报告数量", "不少于30份", "36份", 80, 80, std::nullopt);  // no column
  EXPECT_TRUE(fired(check(r), "deviation.unexplained"));
  r.indicators[0] = indicator("运营分析报告数量", "不少于30份", "36份", 80, 80, "年初预判不足，下年调高目标");
  EXPECT_FALSE(fired(check(r), "deviation.unexplained"));
  r.indicators[0] = indicator("运营分析报告数量", "不少于30份", "35份", 80, 80, "无");  // no deviation
  EXPECT_FALSE(fired(check(r), "deviation.unexplained"));
  r.indicators[0] = indicator("运营分析报告数量", "不少于30份", "20份", 80, 53.33, "");
  EXPECT_TRUE(fired(check(r), "deviation.unexplained"));
}

TEST(Checks, OrderIsReportRulesThenIndicatorByIndicator) {
  Report r = clean_report();
  r.indicators[1].level1 = "效益";  // structure.no_satisfaction
  r.indicators[1].level2 = "社会效益指标";
  r.indicators[0] = indicator("运营分析报告数量", "不少于30份", "36份", 80, 80);
  r.indicators.push_back(indicator("城市治理能力", "有效提升", "有效提升", 0, 0));
  r.total_score.stated = 90;  // total_mismatch (10 + 80 + 10 + 0 = 100)
  // 产出 80 + 效益 10 + a 0-point 效益 against 50/30/10; 80 of 90 points on one indicator.
  EXPECT_EQ(ids(check(r)),
            (std::vector<std::string>{"score.total_mismatch", "structure.no_satisfaction",
                                      "structure.weights_not_standard", "structure.dominant_indicator",
                                      "target.too_low", "deviation.unexplained", "indicator.not_quantified"}));
}

TEST(Checks, MissingValuesDoNotFire) {
  Report r;
  r.indicators.push_back(indicator("运营分析报告数量", "不少于30份", "", 10, std::nullopt));
  r.indicators[0].level1 = "满意度";
  r.budget.weight = 10;
  r.indicators[0].weight = 90;
  auto fs = check(r);
  EXPECT_TRUE(v1_ids(fs).empty()) << ::testing::PrintToString(ids(fs));
  EXPECT_TRUE(fired(fs, "indicator.missing_value"));  // the blank actual is v1.1's finding
  EXPECT_FALSE(fired(fs, "indicator.unverifiable_actual"));
}

// ---- the report document (json_writer) ----------------------------------------------------------------------

TEST(ReportJson, ContractKeysInOrderAndNullsForMissingValues) {
  Report r = clean_report();
  r.file = "samples/x.pdf";
  r.sha256 = "ab";
  r.pages = 5;
  r.project.name = "某项目";
  r.indicators.push_back(indicator("城市治理能力", "有效提升", "明显提升", 0, std::nullopt, std::nullopt));
  jx::audit::recompute(r, rules());
  r.findings = jx::audit::run_checks(r, rules());
  auto j = jx::audit::report_to_json(r);

  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.push_back(k);
  const std::vector<std::string> contract = {"schema",  "file",   "sha256",     "pages",       "text_source",
                                             "project", "budget", "indicators", "total_score", "findings"};
  ASSERT_GE(keys.size(), contract.size());
  EXPECT_EQ(std::vector<std::string>(keys.begin(), keys.begin() + 10), contract);
  EXPECT_EQ(j["schema"], "jxaudit.report/1");
  EXPECT_EQ(j["pages"], 5);
  EXPECT_EQ(j["text_source"], "text");
  EXPECT_EQ(j["project"]["name"], "某项目");
  EXPECT_TRUE(j["project"]["year"].is_null());
  EXPECT_TRUE(j["project"]["department"].is_null());
  EXPECT_EQ(j["budget"]["unit"], "万元");
  EXPECT_EQ(j["budget"]["annual_budget"].dump(), "1952.61");
  EXPECT_EQ(j["budget"]["execution_rate"].get<double>(), 100.0);

  const auto& first = j["indicators"][0];
  std::vector<std::string> ikeys;
  for (const auto& [k, v] : first.items()) ikeys.push_back(k);
  EXPECT_EQ(ikeys, (std::vector<std::string>{"level1", "level2", "name", "target_text", "target", "actual_text",
                                             "actual", "weight", "self_score", "recomputed_score", "deviation_note",
                                             "page", "level1_points", "level2_points"}));
  EXPECT_EQ(first["target"]["op"], ">=");
  EXPECT_EQ(first["target"]["value"].get<double>(), 30);
  EXPECT_EQ(first["target"]["unit"], "份");
  EXPECT_EQ(first["actual"]["unit"], "份");
  EXPECT_EQ(first["page"], 4);
  const auto& qual = j["indicators"][2];
  EXPECT_TRUE(qual["target"].is_null());
  EXPECT_TRUE(qual["actual"].is_null());
  EXPECT_TRUE(qual["self_score"].is_null());
  EXPECT_TRUE(qual["recomputed_score"].is_null());
  EXPECT_TRUE(qual["deviation_note"].is_null());
  EXPECT_EQ(j["total_score"]["stated"].get<double>(), 100);
  EXPECT_EQ(j["total_score"]["recomputed"].get<double>(), 100);

  // Of the v1 rules only the qualitative indicator's not_quantified fires (after v1.1's structure findings).
  ASSERT_FALSE(j["findings"].empty());
  const auto& f = j["findings"].back();
  std::vector<std::string> fkeys;
  for (const auto& [k, v] : f.items()) fkeys.push_back(k);
  EXPECT_EQ(fkeys, (std::vector<std::string>{"rule", "severity", "indicator", "message", "evidence"}));
  EXPECT_EQ(f["rule"], "indicator.not_quantified");
  EXPECT_EQ(f["severity"], "info");
  EXPECT_EQ(f["indicator"], "城市治理能力");
  EXPECT_EQ(f["evidence"]["page"], 4);
  EXPECT_EQ(f["evidence"]["bbox"].dump(), "[50.0,100.0,550.0,130.0]");
}

TEST(ReportJson, FindingWithoutIndicatorOrPageAndRoundedBox) {
  Report r;
  Finding f;
  f.rule = "structure.no_satisfaction";
  f.severity = "warning";
  f.message = "未设置满意度指标";
  r.findings.push_back(f);
  f.rule = "target.too_low";
  f.indicator = "运营分析报告数量";
  f.page = 4;
  f.bbox = jx::extract::Box{47.6449, 567.345, 547.64, 629.955};
  f.detail = "无";
  r.findings.push_back(f);
  auto j = jx::audit::report_to_json(r);
  EXPECT_TRUE(j["findings"][0]["indicator"].is_null());
  EXPECT_TRUE(j["findings"][0]["evidence"]["page"].is_null());
  EXPECT_TRUE(j["findings"][0]["evidence"]["bbox"].is_null());
  EXPECT_EQ(j["findings"][1]["evidence"]["bbox"].dump(), "[47.64,567.35,547.64,629.96]");
  EXPECT_EQ(j["findings"][1]["evidence"]["detail"], "无");
  EXPECT_TRUE(j["budget"]["unit"].is_null());
  EXPECT_TRUE(j["total_score"]["stated"].is_null());
  EXPECT_EQ(j["indicators"].size(), 0u);
}

TEST(ReportJson, ErrorDocument) {
  auto j = jx::audit::error_to_json("bad/x.pdf", {jx::Outcome::Encrypted, "encrypted: needs a password"});
  EXPECT_EQ(j.dump(), R"({"file":"bad/x.pdf","error":"encrypted: needs a password","outcome":"encrypted"})");
}

}  // namespace

namespace {

// A value the OCR path repaired (here: a separator inserted from the ink) is flagged whatever its confidence, and
// the finding's detail names the step; the same value from a text layer is not.
TEST(Checks, RepairedOcrValueIsFlaggedWithItsStep) {
  Report r = clean_report();
  EXPECT_FALSE(fired(check(r), "extract.low_confidence"));
  r.indicators[0].min_confidence = 99;
  EXPECT_FALSE(fired(check(r), "extract.low_confidence"));
  r.indicators[0].repairs = jx::extract::repair::kSeparator;
  auto fs = check(r);
  const Finding* f = find(fs, "extract.low_confidence");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->indicator.value_or(""), "运营分析报告数量");
  EXPECT_NE(f->detail.find(rules().rule("extract.low_confidence").text("repair_separator")), std::string::npos)
      << f->detail;
  EXPECT_NE(f->message.find("存疑"), std::string::npos) << f->message;
}

// An OCR'd 率 of 959% (the % ring read as a 9 too) is no finding against the agency: no target.too_low, no
// deviation.unexplained, the recomputed score is the self score, and extract.low_confidence says why. From a text
// layer the same numbers are what the form says, and the rules judge them.
TEST(Checks, ImplausibleOcrValueGivesOnlyLowConfidence) {
  Report r = clean_report();
  r.indicators[1] = indicator("案件按期结案率", "≥95%", "959%", 10, 10);
  r.indicators[1].level1 = "满意度";
  auto text = check(r);
  EXPECT_TRUE(fired(text, "target.too_low"));
  EXPECT_FALSE(fired(text, "extract.low_confidence"));

  r.indicators[1].min_confidence = 98;
  jx::audit::recompute(r, rules());
  EXPECT_EQ(r.indicators[1].recomputed_score, r.indicators[1].self_score);
  auto fs = jx::audit::run_checks(r, rules());
  EXPECT_FALSE(fired(fs, "target.too_low"));
  EXPECT_FALSE(fired(fs, "deviation.unexplained"));
  const Finding* f = find(fs, "extract.low_confidence");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->indicator.value_or(""), "案件按期结案率");
  EXPECT_NE(f->message.find("959%"), std::string::npos) << f->message;

  // A self score far above its weight (9.5 read as 95), and an actual a thousand times its target.
  r.indicators[1] = indicator("运维站点数量", "不少于30个", "31个", 10, 95);
  r.indicators[1].level1 = "满意度";
  r.indicators[1].min_confidence = 97;
  fs = check(r);
  EXPECT_FALSE(fired(fs, "score.overrated"));
  EXPECT_TRUE(fired(fs, "extract.low_confidence"));
  r.indicators[1] = indicator("运维站点数量", "不少于30个", "31000个", 10, 10);
  r.indicators[1].level1 = "满意度";
  r.indicators[1].min_confidence = 97;
  fs = check(r);
  EXPECT_FALSE(fired(fs, "target.too_low"));
  EXPECT_TRUE(fired(fs, "extract.low_confidence"));
}

// An OCR'd execution rate of 929% gives no budget finding; the weights of an OCR'd table summing to 46 give
// extract.low_confidence instead of score.weight_sum, while a sum 3 points off still gives score.weight_sum.
TEST(Checks, ImplausibleOcrBudgetAndWeightSum) {
  Report r = clean_report();
  r.budget.execution_rate = 929;
  r.budget.min_confidence = 96;
  auto fs = check(r);
  EXPECT_FALSE(fired(fs, "budget.rate_mismatch"));
  EXPECT_TRUE(fired(fs, "extract.low_confidence"));
  r.budget.min_confidence = 100;
  EXPECT_TRUE(fired(check(r), "budget.rate_mismatch"));

  r = clean_report();
  r.indicators[0].weight = 26;  // 10 + 26 + 10 = 46
  r.indicators[0].self_score = 26;
  r.total_score.stated = 46;
  r.indicators[0].min_confidence = 95;
  fs = check(r);
  EXPECT_FALSE(fired(fs, "score.weight_sum"));
  const Finding* f = find(fs, "extract.low_confidence");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->message.find("46"), std::string::npos) << f->message;
  r.indicators[0].weight = 77;
  r.indicators[0].self_score = 77;
  r.total_score.stated = 97;
  EXPECT_TRUE(fired(check(r), "score.weight_sum"));
}

}  // namespace
