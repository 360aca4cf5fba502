// extract.low_confidence with the real rule files: values read by OCR below the rule's threshold are named for a
// check by eye, text-layer values (confidence 100) never are, and a narrative.sum_mismatch whose digits were read
// unsure is handed over to it. Also the OCR-tolerant header matching of build_report: a misread indicator header
// ("-级指标", "=级指标", "实际完成什") is still found when read by OCR, and never when it is a text layer's.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "audit/checks.h"
#include "audit/model_builder.h"
#include "audit/recompute.h"
#include "rules/ruleset.h"
#include "rules/value_parser.h"
#include "tests/support/test_support.h"

namespace {

using jx::audit::Finding;
using jx::audit::Indicator;
using jx::audit::Report;
using jx::extract::Cell;
using jx::extract::Table;
using jx::rules::RuleSet;

const RuleSet& rules() { return jx::test::real_rules(); }

Indicator indicator(const std::string& name, const std::string& target, const std::string& actual, double weight,
                    double self_score) {
  Indicator ind;
  ind.level1 = "产出指标";
  ind.level2 = "数量指标";
  ind.name = name;
  ind.target_text = target;
  ind.target = jx::rules::parse_target(target, name, rules().values);
  ind.actual_text = actual;
  ind.actual = jx::rules::parse_actual(actual, rules().values);
  ind.weight = weight;
  ind.self_score = self_score;
  ind.page = 2;
  return ind;
}

// A consistent report: every rule quiet. Confidences as a text layer gives them (100).
Report clean_report() {
  Report r;
  r.budget.unit = "万元";
  r.budget.annual_budget = 100;
  r.budget.executed = 100;
  r.budget.execution_rate = 100;
  r.budget.weight = 10;
  r.budget.score = 10;
  r.budget.page = 1;
  r.indicators.push_back(indicator("运营分析报告数量", "不少于30份", "32份", 25, 25));
  r.indicators.push_back(indicator("群众满意度", "≥90%", "95%", 10, 10));
  r.indicators.back().level1 = "满意度指标";
  r.indicators.push_back(indicator("编制标准规范数量", "不少于10份", "10份", 25, 25));
  r.indicators.push_back(indicator("预警指标数量", "不少于250个", "260个", 30, 30));
  r.indicators.back().level1 = "效益指标";
  r.indicators.back().level2 = "社会效益指标";
  r.total_score.stated = 100;
  r.total_score.page = 3;
  return r;
}

std::vector<Finding> findings_of(Report r) {
  jx::audit::recompute(r, rules());
  return jx::audit::run_checks(r, rules());
}

std::vector<const Finding*> with_rule(const std::vector<Finding>& fs, const std::string& rule) {
  std::vector<const Finding*> out;
  for (const auto& f : fs)
    if (f.rule == rule) out.push_back(&f);
  return out;
}

TEST(LowConfidence, RuleIsInTheRuleFileWithItsThresholds) {
  const auto* rule = rules().check("extract.low_confidence");
  ASSERT_NE(rule, nullptr);
  EXPECT_EQ(rule->severity, jx::Severity::Warning);
  EXPECT_DOUBLE_EQ(rules().rule("extract.low_confidence").number("threshold"), 80);
  EXPECT_DOUBLE_EQ(rules().rule("extract.low_confidence").number("narrative_threshold"), 95);
}

TEST(LowConfidence, TextLayerReportNeverGetsIt) {
  auto fs = findings_of(clean_report());
  EXPECT_TRUE(fs.empty()) << fs.front().rule << ": " << fs.front().message;
}

TEST(LowConfidence, UnsureIndicatorIsNamedWithItsValuesAndConfidence) {
  Report r = clean_report();
  r.indicators[0].min_confidence = 62.4f;
  r.indicators[1].min_confidence = 80.0f;  // at the threshold: not below it
  auto fs = findings_of(r);
  auto low = with_rule(fs, "extract.low_confidence");
  ASSERT_EQ(low.size(), 1u);
  EXPECT_EQ(low[0]->indicator.value_or(""), "运营分析报告数量");
  EXPECT_EQ(low[0]->severity, "warning");
  EXPECT_EQ(low[0]->page, 2);
  const std::string& m = low[0]->message;
  EXPECT_NE(m.find("指标“运营分析报告数量”"), std::string::npos) << m;
  EXPECT_NE(m.find("置信度62低于80"), std::string::npos) << m;
  EXPECT_NE(m.find("年度指标值“不少于30份”"), std::string::npos) << m;
  EXPECT_NE(m.find("实际完成值“32份”"), std::string::npos) << m;
  EXPECT_NE(m.find("分值25"), std::string::npos) << m;
  EXPECT_EQ(fs.size(), 1u) << "only the low-confidence finding: the values themselves are consistent";
}

TEST(LowConfidence, UnsureBudgetRowAndTotalHaveNoIndicator) {
  Report r = clean_report();
  r.budget.min_confidence = 45;
  r.total_score.min_confidence = 70;
  auto fs = findings_of(r);
  auto low = with_rule(fs, "extract.low_confidence");
  ASSERT_EQ(low.size(), 2u);
  EXPECT_FALSE(low[0]->indicator.has_value());
  EXPECT_NE(low[0]->message.find("年度资金总额行"), std::string::npos) << low[0]->message;
  EXPECT_NE(low[0]->message.find("全年执行数100万元"), std::string::npos) << low[0]->message;
  EXPECT_EQ(low[0]->page, 1);
  EXPECT_FALSE(low[1]->indicator.has_value());
  EXPECT_NE(low[1]->message.find("总分100"), std::string::npos) << low[1]->message;
  EXPECT_EQ(low[1]->page, 3);
}

// The clean report with the money block's rows: 年度资金总额 100 / 100, and under it 当年财政拨款, whose 全年预算数
// cell is blank, or (`unread`) holds digits no number was read from ("100,0.0"), and 上年结转资金 0 / 0. The rows'
// cells were read by OCR at `confidence` (100: a text layer).
Report with_money_rows(bool unread, float confidence) {
  Report r = clean_report();
  using jx::audit::BudgetRow;
  BudgetRow total{"年度资金总额", std::nullopt, 100, 100};
  BudgetRow grant{"其中：当年财政拨款", std::nullopt, std::nullopt, 100};
  BudgetRow carried{"上年结转资金", std::nullopt, 0, 0};
  for (BudgetRow* row : {&total, &grant, &carried}) row->min_confidence = confidence;
  if (unread) grant.unread = BudgetRow::kAnnualUnread;
  r.budget.rows = {total, grant, carried};
  return r;
}

// A blank sub-row cell counts as nothing: 100 against 0 + 0 is the report's error.
TEST(LowConfidence, BlankSubRowIsSummedAsNothing) {
  auto fs = findings_of(with_money_rows(false, 100));
  auto mismatch = with_rule(fs, "budget.subrows_mismatch");
  ASSERT_EQ(mismatch.size(), 1u);
  EXPECT_NE(mismatch[0]->message.find("全年预算数"), std::string::npos) << mismatch[0]->message;
  EXPECT_TRUE(with_rule(fs, "extract.low_confidence").empty());
}

// A sub-row cell holding digits that make no number is not a blank: its column is not added up. Read by OCR, the
// row is named by extract.low_confidence with what could not be read; in a text layer nothing is said.
TEST(LowConfidence, UnreadSubRowIsNamedAndNotSummed) {
  auto fs = findings_of(with_money_rows(true, 95));
  EXPECT_TRUE(with_rule(fs, "budget.subrows_mismatch").empty());
  auto low = with_rule(fs, "extract.low_confidence");
  ASSERT_EQ(low.size(), 1u);
  EXPECT_FALSE(low[0]->indicator.has_value());
  const std::string& m = low[0]->message;
  EXPECT_NE(m.find("年度资金总额下的资金来源行"), std::string::npos) << m;
  EXPECT_NE(m.find("其中：当年财政拨款：全年预算数未能识别为数字、全年执行数100万元"), std::string::npos) << m;
  EXPECT_EQ(m.find("上年结转资金"), std::string::npos) << "a row read sure is not named: " << m;
  EXPECT_EQ(low[0]->page, 1);

  auto text_layer = findings_of(with_money_rows(true, 100));
  EXPECT_TRUE(with_rule(text_layer, "budget.subrows_mismatch").empty());
  EXPECT_TRUE(with_rule(text_layer, "extract.low_confidence").empty());
}

// A sub-row read unsure is named too, with its values; the rows read sure are not.
TEST(LowConfidence, UnsureSubRowIsNamed) {
  Report r = with_money_rows(false, 99);
  r.budget.rows[2].min_confidence = 60;
  const auto fs = findings_of(r);
  auto low = with_rule(fs, "extract.low_confidence");
  ASSERT_EQ(low.size(), 1u);
  EXPECT_NE(low[0]->message.find("上年结转资金：全年预算数0万元、全年执行数0万元"), std::string::npos)
      << low[0]->message;
  EXPECT_EQ(low[0]->message.find("当年财政拨款"), std::string::npos) << low[0]->message;
}

// The clean report with one narrative sentence on page 2, its digits read at `number_confidence`.
Report with_sentence(Report r, const std::string& text, float number_confidence) {
  jx::extract::TextBlock b;
  b.page = 2;
  b.box = {50, 100, 500, 130};
  b.text = text;
  b.number_confidence = number_confidence;
  r.narrative.push_back(b);
  return r;
}

// 10 + 15 is not 36: the report's error, unless the digits were read unsure.
Report narrative_report(float number_confidence) {
  return with_sentence(clean_report(),
                       "完成运营分析报告36份，包含主题运营分析报告10份、专题运营分析报告15份，合计36份。",
                       number_confidence);
}

TEST(LowConfidence, NarrativeMismatchStaysWhenItsDigitsAreSure) {
  for (float c : {100.0f, 97.0f}) {
    auto fs = findings_of(narrative_report(c));
    EXPECT_EQ(with_rule(fs, "narrative.sum_mismatch").size(), 1u) << c;
    EXPECT_TRUE(with_rule(fs, "extract.low_confidence").empty()) << c;
  }
}

TEST(LowConfidence, NarrativeMismatchOfUnsureDigitsAsksForALook) {
  auto fs = findings_of(narrative_report(88));
  EXPECT_TRUE(with_rule(fs, "narrative.sum_mismatch").empty());
  auto low = with_rule(fs, "extract.low_confidence");
  ASSERT_EQ(low.size(), 1u);
  EXPECT_EQ(low[0]->indicator.value_or(""), "运营分析报告数量");
  EXPECT_EQ(low[0]->page, 2);
  EXPECT_NE(low[0]->message.find("文字说明中的数字"), std::string::npos) << low[0]->message;
  EXPECT_NE(low[0]->message.find("置信度88低于95"), std::string::npos) << low[0]->message;
  EXPECT_NE(low[0]->detail.find("专题运营分析报告15份"), std::string::npos) << low[0]->detail;
}

// The narrative states an execution rate of 999% against the table's 99%: a report's error in a text layer; read by
// OCR (even surely, 98), a rate no rate can be is the reading's error, named by extract.low_confidence and compared
// with nothing.
Report stated_rate_report(float number_confidence) {
  Report r = clean_report();
  r.budget.execution_rate = 99;
  r.budget.executed = 99;
  return with_sentence(std::move(r), "项目年初预算100万元，全年执行99万元，预算执行率999%。", number_confidence);
}

TEST(LowConfidence, ImpossibleStatedRateIsTheReportsErrorOnlyInATextLayer) {
  auto text_layer = findings_of(stated_rate_report(100));
  auto mismatch = with_rule(text_layer, "narrative.table_mismatch");
  ASSERT_EQ(mismatch.size(), 1u);
  EXPECT_NE(mismatch[0]->message.find("999%"), std::string::npos) << mismatch[0]->message;
  EXPECT_TRUE(with_rule(text_layer, "extract.low_confidence").empty());

  Report scanned = stated_rate_report(98);
  scanned.text_source = "ocr";
  auto ocr = findings_of(scanned);
  EXPECT_TRUE(with_rule(ocr, "narrative.table_mismatch").empty());
  auto low = with_rule(ocr, "extract.low_confidence");
  ASSERT_EQ(low.size(), 1u);
  EXPECT_EQ(low[0]->page, 2);
  EXPECT_NE(low[0]->message.find("文字说明中的数字由扫描件识别，比率识别为999%，超过100%"), std::string::npos)
      << low[0]->message;
  EXPECT_NE(low[0]->message.find("未据此认定问题"), std::string::npos) << low[0]->message;
  EXPECT_NE(low[0]->detail.find("预算执行率999%"), std::string::npos) << low[0]->detail;
}

// ---- tolerant header matching -------------------------------------------------------------------------------

// One table: the indicator header as OCR misreads it, one indicator row and 总分. `confidence` for every cell;
// `target_header` is what the 年度指标值 heading was read as.
Table misread_table(float confidence, const std::string& target_header = "年度指标值") {
  Table t;
  t.col_x = {0, 60, 120, 200, 260, 320, 360, 400};
  t.cols = 7;
  const std::vector<std::vector<std::string>> rows = {
      {"-级指标", "=级指标", "三级指标", target_header, "实际完成什", "分值", "得分"},
      {"产出指标", "数量指标", "运营分析报告数量", "不少于30份", "36份", "90", "90"},
      {"总分", "", "", "", "", "100", "100"},
  };
  for (int r = 0; r < static_cast<int>(rows.size()); ++r) {
    t.row_pages.push_back(1);
    t.row_boxes.push_back({0, 100.0 + 20 * r, 400, 120.0 + 20 * r});
    for (int c = 0; c < 7; ++c) {
      Cell cell;
      cell.page = 1;
      cell.row = r;
      cell.col = c;
      cell.bbox = {t.col_x[c], 100.0 + 20 * r, t.col_x[c + 1], 120.0 + 20 * r};
      cell.text = rows[r][c];
      cell.confidence = confidence;
      t.cells.push_back(cell);
    }
  }
  t.rows = 3;
  t.first_page = t.last_page = 1;
  return t;
}

TEST(TolerantHeaders, OcrMisreadHeaderIsFound) {
  jx::extract::Document doc;
  doc.page_count = 1;
  auto built = jx::audit::build_report(doc, {misread_table(91)}, {}, rules(), jx::Limits{});
  ASSERT_FALSE(built.reports.empty()) << built.error.message;
  ASSERT_EQ(built.reports.front().indicators.size(), 1u);
  const Indicator& ind = built.reports.front().indicators[0];
  EXPECT_EQ(ind.level1, "产出指标");
  EXPECT_EQ(ind.level2, "数量指标");
  EXPECT_EQ(ind.name, "运营分析报告数量");
  EXPECT_EQ(ind.actual_text, "36份");  // under 实际完成什: 值 misread
  EXPECT_DOUBLE_EQ(ind.weight, 90);
  EXPECT_FLOAT_EQ(ind.min_confidence, 91);
}

TEST(TolerantHeaders, TextLayerHeaderMustMatchExactly) {
  jx::extract::Document doc;
  doc.page_count = 1;
  auto built = jx::audit::build_report(doc, {misread_table(100)}, {}, rules(), jx::Limits{});
  // 三级指标 | 年度指标值 | 分值 | 得分 still make a header; the misread 实际完成什 column is not taken.
  ASSERT_FALSE(built.reports.empty()) << built.error.message;
  ASSERT_EQ(built.reports.front().indicators.size(), 1u);
  EXPECT_EQ(built.reports.front().indicators[0].actual_text, "");
  EXPECT_EQ(built.reports.front().indicators[0].level1, "");
}

// A target heading the OCR read as something else (a seal's ink over 年度目标值 made it "人-年度目标值" in a
// colour scan): the column's cells were never placed, so the indicator's blank target is not the form's. It gets
// extract.low_confidence naming the column, and no indicator.missing_value.
TEST(TolerantHeaders, UnreadTargetHeadingLeavesItsColumnUnplaced) {
  jx::extract::Document doc;
  doc.page_count = 1;
  auto built = jx::audit::build_report(doc, {misread_table(91, "人-年度#标位")}, {}, rules(), jx::Limits{});
  ASSERT_FALSE(built.reports.empty()) << built.error.message;
  ASSERT_EQ(built.reports.front().indicators.size(), 1u);
  const Indicator& ind = built.reports.front().indicators[0];
  EXPECT_EQ(ind.target_text, "");
  ASSERT_EQ(ind.unplaced_columns, std::vector<std::string>{"target"});
  auto fs = findings_of(built.reports.front());
  EXPECT_TRUE(with_rule(fs, "indicator.missing_value").empty());
  auto low = with_rule(fs, "extract.low_confidence");
  ASSERT_EQ(low.size(), 1u);
  EXPECT_EQ(low[0]->indicator.value_or(""), "运营分析报告数量");
  EXPECT_NE(low[0]->message.find("表头中年度指标值列未能识别"), std::string::npos) << low[0]->message;
}

// A target cell the OCR found ink in but read as nothing (repair::kUnread, a seal's stroke over "不少于30份"): blank as
// read, not as printed. extract.low_confidence names the cell; indicator.missing_value is not raised.
TEST(TolerantHeaders, TargetCellWithUnreadInkIsNotABlank) {
  Table t = misread_table(91);
  for (Cell& c : t.cells) {
    if (c.row == 1 && c.col == 3) {
      c.text = "";
      c.repairs = jx::extract::repair::kUnread;
    }
  }
  jx::extract::Document doc;
  doc.page_count = 1;
  auto built = jx::audit::build_report(doc, {t}, {}, rules(), jx::Limits{});
  ASSERT_FALSE(built.reports.empty()) << built.error.message;
  ASSERT_EQ(built.reports.front().indicators.size(), 1u);
  const Indicator& ind = built.reports.front().indicators[0];
  EXPECT_EQ(ind.target_text, "");
  EXPECT_TRUE(ind.unplaced_columns.empty());
  ASSERT_EQ(ind.unread_cells, std::vector<std::string>{"target"});
  auto fs = findings_of(built.reports.front());
  EXPECT_TRUE(with_rule(fs, "indicator.missing_value").empty());
  auto low = with_rule(fs, "extract.low_confidence");
  ASSERT_EQ(low.size(), 1u);
  EXPECT_NE(low[0]->message.find("年度指标值单元格内有字迹但未能识别出内容"), std::string::npos) << low[0]->message;
  // The same cell blank without the mark: the form's blank, and indicator.missing_value says so.
  for (Cell& c : t.cells)
    if (c.row == 1 && c.col == 3) c.repairs = 0;
  built = jx::audit::build_report(doc, {t}, {}, rules(), jx::Limits{});
  ASSERT_FALSE(built.reports.empty()) << built.error.message;
  EXPECT_TRUE(built.reports.front().indicators[0].unread_cells.empty());
  EXPECT_EQ(with_rule(findings_of(built.reports.front()), "indicator.missing_value").size(), 1u);
}

// The same table in a text layer: the form has no column the rules know as 年度指标值, and the blank is the form's.
TEST(TolerantHeaders, TextLayerWithoutATargetHeadingLeavesTheTargetBlank) {
  jx::extract::Document doc;
  doc.page_count = 1;
  auto built = jx::audit::build_report(doc, {misread_table(100, "人-年度#标位")}, {}, rules(), jx::Limits{});
  ASSERT_FALSE(built.reports.empty()) << built.error.message;
  ASSERT_EQ(built.reports.front().indicators.size(), 1u);
  EXPECT_TRUE(built.reports.front().indicators[0].unplaced_columns.empty());
}

}  // namespace

namespace {

// An OCR'd weight that cannot be what the form printed (a score of 25 on a weight read as 9.5) silences the v1.1
// rules that add up the weights: the split and the share of one indicator would rest on the misread number.
TEST(LowConfidence, AnUnreadableWeightSilencesTheRulesThatAddWeightsUp) {
  Report r = clean_report();
  r.indicators[0].weight = 9.5;
  r.indicators[0].min_confidence = 70;
  auto fs = findings_of(r);
  EXPECT_FALSE(with_rule(fs, "extract.low_confidence").empty());
  for (const char* rule : {"structure.weights_not_standard", "structure.dominant_indicator",
                           "score.level_weight_mismatch", "score.over_weight"})
    EXPECT_TRUE(with_rule(fs, rule).empty()) << rule;
  // The same misread from a text layer is what the form says: the split is reported.
  r.indicators[0].min_confidence = 100;
  fs = findings_of(r);
  EXPECT_FALSE(with_rule(fs, "structure.weights_not_standard").empty());
  EXPECT_FALSE(with_rule(fs, "score.over_weight").empty());
}

}  // namespace
