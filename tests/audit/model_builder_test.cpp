// build_report() on synthetic cell grids shaped like the real report's table (穗智管 2021): header block with a
// ticked 项目级次 box, the money block with its 总额 row, the indicator block with merged 一级/二级 cells running
// over a page break, text rows (存在问题, 改进措施), and the 总分 row alone on the last page. Expected values are
// the reference document's (guangzhou-suizhiguan-2021-expected.json), written out by hand.
#include "audit/model_builder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <tuple>

#include "rules/ruleset.h"
#include "tests/support/table_builder.h"
#include "tests/support/test_support.h"

namespace {

using jx::audit::BuildResult;
using jx::audit::Indicator;
using jx::extract::Box;
using jx::extract::Cell;
using jx::extract::Table;
using jx::extract::TextBlock;
using jx::rules::RuleSet;
using jx::test::TableBuilder;

const RuleSet& rules() { return jx::test::real_rules(); }

const std::vector<double> kColX = {40, 80, 120, 160, 230, 290, 350, 400, 450, 555};

struct IndicatorRow {
  std::string name, target, actual, weight, score;
};

const std::vector<IndicatorRow> kRows = {
    {"运营分析报告数量", "不少于30份", "36份", "12", "12.00"},
    {"预警指标数量", "不少于250个", "277个", "12", "12.00"},
    {"重大活动服务保障次数", "不少于10次", "19次", "12", "12.00"},
    {"运行 监测服务", "不少于500个", "700", "12", "12.00"},  // a stray space in the wrapped name
    {"保障场地正常运行", "99.5%", "100%", "10", "10.00"},
    {"编制标准规范数量", "不少于10份", "10份", "10", "10.00"},
    {"运营专题数量", "不少于10个", "10个", "10", "10.00"},
    {"汇聚数据量", "不少于10亿条", "11亿", "12", "12.00"},
};

struct Options {
  bool split_merged_cells = false;  // the merged 一级/二级 cells cut at the page break, not stitched into one
  bool repeat_header = false;       // the header row repeated at the top of page 4
  bool two_total_numbers = false;   // 总分 row: 100 under 分值 and 100.00 under 自评得分
};

// The real report's table: rows 0–1 header block, 2–6 money block, 7–8 goals, 9 indicator header, then the eight
// indicators (rows of 效益 on pages 3 and 4), 存在问题, 改进措施, and 总分 alone on page 5.
Table real_table(const Options& o = {}) {
  TableBuilder b(kColX);
  int r = b.row(3);
  b.cell(r, 0, "项目名称");
  b.cell(r, 1, "广州市政务服务数据管理局数字政府运营中心穗智管运营服务项目", 1, 4);
  b.cell(r, 5, "项目级次", 1, 2);
  b.cell(r, 7, "一级□ 二级☑", 1, 2);
  r = b.row(3);
  b.cell(r, 0, "主管部门");
  b.cell(r, 1, "广州市政务服务数据管理局", 1, 4);
  b.cell(r, 5, "实施单位", 1, 2);
  b.cell(r, 7, "广州市政务服务数据管理局", 1, 2);
  r = b.row(3);  // money header
  b.cell(r, 0, "项 目资 金（万元）", 5, 1);
  b.cell(r, 1, "", 1, 2);
  b.cell(r, 3, "1.年度预算数");
  b.cell(r, 4, "年度支出预算数");
  b.cell(r, 5, "预算完成数");
  b.cell(r, 6, "分值");
  b.cell(r, 7, "预算完成率");
  b.cell(r, 8, "得分");
  r = b.row(3);
  b.cell(r, 1, "总额", 1, 2);
  b.cell(r, 3, "1,952.61");
  b.cell(r, 4, "1,952.61");
  b.cell(r, 5, "1,952.61");
  b.cell(r, 6, "10");
  b.cell(r, 7, "100%");
  b.cell(r, 8, "10");
  for (const char* label : {"其中：财政拨款（市本级支出）", "财政拨款（转移支付）", "其他资金"}) {
    r = b.row(3);
    b.cell(r, 1, label, 1, 2);
    std::string amount = std::string(label).find("市本级") != std::string::npos ? "1,952.61" : "0.00";
    b.cell(r, 3, amount);
    b.cell(r, 4, amount);
    b.cell(r, 5, amount);
    for (int c = 6; c < 9; ++c) b.cell(r, c, "—");
  }
  r = b.row(3);
  b.cell(r, 0, "绩效目标情况（概述）", 2, 1);
  b.cell(r, 1, "年度预期绩效目标", 1, 4);
  b.cell(r, 5, "目标实际完成情况", 1, 4);
  r = b.row(3);
  b.cell(r, 1, "完成承载运营服务的运营场地、基础设施、运营支撑系统的建设，开展不少于10个业务专题的运营工作。", 1, 4);
  b.cell(r, 5, "项目实施有效支撑了“穗智管”实现城市运行管理智能化和精细化目标。", 1, 4);

  auto header = [&](int row) {
    b.cell(row, 1, "一 级指标");
    b.cell(row, 2, "二 级指标");
    b.cell(row, 3, "三 级指标");
    b.cell(row, 4, "年 度 指标值");
    b.cell(row, 5, "实际完成指标值");
    b.cell(row, 6, "分值（权重）");
    b.cell(row, 7, "自评得分");
    b.cell(row, 8, "偏差原因分析及改进措施");
  };
  int first = b.row(3);  // row 9: indicator header
  const int n_rows = static_cast<int>(kRows.size()) + (o.repeat_header ? 1 : 0) + 2;
  b.cell(first, 0, "绩效指标", n_rows + 1, 1);
  header(first);

  auto values = [&](int row, const IndicatorRow& v) {
    b.cell(row, 3, v.name);
    b.cell(row, 4, v.target);
    b.cell(row, 5, v.actual);
    b.cell(row, 6, v.weight);
    b.cell(row, 7, v.score);
    b.cell(row, 8, "无");
  };
  // Page 3: the first two rows of 效益 / 社会效益.
  int r10 = b.row(3), r11 = b.row(3);
  values(r10, kRows[0]);
  values(r11, kRows[1]);
  // Page 4: the rest.
  if (o.repeat_header) header(b.row(4));
  int r12 = b.row(4), r13 = b.row(4);
  values(r12, kRows[2]);
  values(r13, kRows[3]);
  if (o.split_merged_cells || o.repeat_header) {
    b.cell(r10, 1, "效益", 2, 1);
    b.cell(r10, 2, "社会 效益", 2, 1);
    b.cell(r12, 1, "", 2, 1);  // the part of 效益 on page 4: an empty cell
    b.cell(r12, 2, "");        // the part of 社会效益 on page 4
  } else {
    // Stitched: one cell over the page break.
    b.cell(r10, 1, "效益", 4, 1);
    b.cell(r10, 2, "社会 效益", 3, 1);
  }
  b.cell(r13, 2, "经济效益");
  int r14 = b.row(4);
  b.cell(r14, 1, "产出", 4, 1);
  b.cell(r14, 2, "产出质量");
  values(r14, kRows[4]);
  int r15 = b.row(4);
  b.cell(r15, 2, "产出数量", 3, 1);
  values(r15, kRows[5]);
  int r16 = b.row(4), r17 = b.row(4);
  values(r16, kRows[6]);
  values(r17, kRows[7]);
  r = b.row(4);
  b.cell(r, 1, "存在问题");
  b.cell(r, 2, "一是有待进一步深化挖掘运营价值。二是个别指标设置存在偏离。", 1, 7);
  r = b.row(4);
  b.cell(r, 1, "改进措施");
  b.cell(r, 2, "一是进一步深化挖掘运营价值。二是合理设置绩效指标值。", 1, 7);
  r = b.row(5);  // 总分 alone on the last page
  b.cell(r, 0, "总 分", 1, 6);
  if (o.two_total_numbers) b.cell(r, 6, "100");
  b.cell(r, 7, "100.00");
  return b.done();
}

std::vector<TextBlock> title_blocks() {
  return {
      {1, {100, 60, 500, 90}, "广州市政务服务数据管理局数字政府运营中心穗智管运营服务项目绩效自评报告"},
      {1, {90, 300, 500, 360}, "项目2021年年度预算1,952.61万元，实际支出1,952.61万元，预算执行率为100%。"},
      {3, {200, 20, 400, 35}, "项目支出绩效自评表"},
      {3, {250, 36, 350, 48}, "（2021 年度）"},
      {3, {40, 50, 120, 58}, "单位：万元"},
  };
}

jx::extract::Document doc5() {
  jx::extract::Document d;
  d.path = "x.pdf";
  d.page_count = 5;
  return d;
}

BuildResult build(const std::vector<Table>& tables, const std::vector<TextBlock>& blocks = title_blocks(),
                  const jx::Limits& limits = {}) {
  return jx::audit::build_report(doc5(), tables, blocks, rules(), limits);
}

void expect_real_indicators(const std::vector<Indicator>& inds) {
  struct Want {
    const char *level1, *level2, *name, *op;
    double target;
    const char* target_unit;
    double actual;
    const char* actual_unit;
    double weight;
    int page;
  };
  const Want want[] = {
      {"效益", "社会效益", "运营分析报告数量", ">=", 30, "份", 36, "份", 12, 3},
      {"效益", "社会效益", "预警指标数量", ">=", 250, "个", 277, "个", 12, 3},
      {"效益", "社会效益", "重大活动服务保障次数", ">=", 10, "次", 19, "次", 12, 4},
      {"效益", "经济效益", "运行监测服务", ">=", 500, "个", 700, "", 12, 4},
      {"产出", "产出质量", "保障场地正常运行", ">=", 99.5, "%", 100, "%", 10, 4},
      {"产出", "产出数量", "编制标准规范数量", ">=", 10, "份", 10, "份", 10, 4},
      {"产出", "产出数量", "运营专题数量", ">=", 10, "个", 10, "个", 10, 4},
      {"产出", "产出数量", "汇聚数据量", ">=", 10, "亿条", 11, "亿", 12, 4},
  };
  ASSERT_EQ(inds.size(), std::size(want));
  for (size_t i = 0; i < inds.size(); ++i) {
    const Indicator& ind = inds[i];
    const Want& w = want[i];
    SCOPED_TRACE(w.name);
    EXPECT_EQ(ind.level1, w.level1);
    EXPECT_EQ(ind.level2, w.level2);
    EXPECT_EQ(ind.name, w.name);
    ASSERT_TRUE(ind.target.has_value());
    EXPECT_EQ(ind.target->op, w.op);
    EXPECT_DOUBLE_EQ(ind.target->value, w.target);
    EXPECT_EQ(ind.target->unit, w.target_unit);
    ASSERT_TRUE(ind.actual.has_value());
    EXPECT_DOUBLE_EQ(ind.actual->value, w.actual);
    EXPECT_EQ(ind.actual->unit, w.actual_unit);
    EXPECT_DOUBLE_EQ(ind.weight, w.weight);
    ASSERT_TRUE(ind.self_score.has_value());
    EXPECT_DOUBLE_EQ(*ind.self_score, w.weight);
    EXPECT_EQ(ind.deviation_note.value_or("(null)"), "无");
    EXPECT_EQ(ind.page, w.page);
    EXPECT_FALSE(ind.recomputed_score.has_value());
  }
  EXPECT_EQ(inds[0].target_text, "不少于30份");
  EXPECT_EQ(inds[0].actual_text, "36份");
  EXPECT_EQ(inds[3].actual_text, "700");
  EXPECT_EQ(inds[7].actual_text, "11亿");
}

TEST(ModelBuilder, RealReportTable) {
  auto res = build({real_table()});
  ASSERT_FALSE(res.reports.empty()) << res.error.message;
  const auto& r = res.reports.front();
  EXPECT_EQ(r.pages, 5);
  EXPECT_EQ(r.project.name.value_or(""), "广州市政务服务数据管理局数字政府运营中心穗智管运营服务项目");
  EXPECT_EQ(r.project.department.value_or(""), "广州市政务服务数据管理局");
  EXPECT_EQ(r.project.implementer.value_or(""), "广州市政务服务数据管理局");
  EXPECT_EQ(r.project.level.value_or(""), "二级");
  EXPECT_EQ(r.project.year.value_or(0), 2021);

  EXPECT_EQ(r.budget.unit.value_or(""), "万元");
  EXPECT_DOUBLE_EQ(r.budget.initial_budget.value_or(-1), 1952.61);
  EXPECT_DOUBLE_EQ(r.budget.annual_budget.value_or(-1), 1952.61);
  EXPECT_DOUBLE_EQ(r.budget.executed.value_or(-1), 1952.61);
  EXPECT_DOUBLE_EQ(r.budget.execution_rate.value_or(-1), 100);
  EXPECT_DOUBLE_EQ(r.budget.weight.value_or(-1), 10);
  EXPECT_DOUBLE_EQ(r.budget.score.value_or(-1), 10);
  EXPECT_EQ(r.budget.page, 3);
  EXPECT_DOUBLE_EQ(r.budget.row_box.y0, 120);  // row 3 of page 3: 60 + 3 × 20

  expect_real_indicators(r.indicators);
  EXPECT_DOUBLE_EQ(r.indicators[0].row_box.y0, 260);  // row 10 on page 3
  EXPECT_DOUBLE_EQ(r.indicators[2].row_box.y0, 60);   // first row of page 4

  EXPECT_DOUBLE_EQ(r.total_score.stated.value_or(-1), 100);
  EXPECT_FALSE(r.total_score.stated_weight.has_value());
  EXPECT_EQ(r.total_score.page, 5);
  EXPECT_FALSE(r.total_score.recomputed.has_value());
  EXPECT_TRUE(r.findings.empty());
  EXPECT_EQ(r.narrative.size(), 5u);
}

TEST(ModelBuilder, MergedCellsCutAtThePageBreakAreFilledDown) {
  Options o;
  o.split_merged_cells = true;
  auto res = build({real_table(o)});
  ASSERT_FALSE(res.reports.empty()) << res.error.message;
  expect_real_indicators(res.reports.front().indicators);
}

TEST(ModelBuilder, RepeatedHeaderRowIsSkipped) {
  Options o;
  o.repeat_header = true;
  auto res = build({real_table(o)});
  ASSERT_FALSE(res.reports.empty()) << res.error.message;
  expect_real_indicators(res.reports.front().indicators);
}

TEST(ModelBuilder, TotalRowWithWeightAndScore) {
  Options o;
  o.two_total_numbers = true;
  auto res = build({real_table(o)});
  ASSERT_FALSE(res.reports.empty()) << res.error.message;
  EXPECT_DOUBLE_EQ(res.reports.front().total_score.stated.value_or(-1), 100);
  EXPECT_DOUBLE_EQ(res.reports.front().total_score.stated_weight.value_or(-1), 100);
}

TEST(ModelBuilder, AnOcrdTotalLabelWithAStrayMarkStillFindsTheMoneyRow) {
  // "总额" as a scan gives it: the long synonym with a stray quote mark after it.
  auto with_label = [](float confidence) {
    Table t = real_table();
    for (auto& c : t.cells) {
      if (c.text != "总额") continue;
      c.text = "年度资金总额“";
      c.confidence = confidence;
    }
    return t;
  };
  auto res = build({with_label(80)});
  ASSERT_FALSE(res.reports.empty()) << res.error.message;
  EXPECT_DOUBLE_EQ(res.reports.front().budget.executed.value_or(-1), 1952.61);
  EXPECT_DOUBLE_EQ(res.reports.front().budget.execution_rate.value_or(-1), 100);
  // The same text in a text layer is not a 总额 label: text-layer cells only match exactly.
  res = build({with_label(100)});
  ASSERT_FALSE(res.reports.empty()) << res.error.message;
  EXPECT_FALSE(res.reports.front().budget.executed.has_value());
}

// The rows under 总额 carry what their money cells were read at: the 市本级 row's 年度支出预算数 cell read by OCR as
// "1,952.6.1" (digits, no number) is unread in that column only, with its confidence and repairs; the other rows
// are a text layer's ("0.00" and "—" cells: read, or blank).
TEST(ModelBuilder, MoneySubRowsCarryTheirProvenance) {
  Table t = real_table();
  for (const auto& c : t.cells) {
    if (c.text == "其中：财政拨款（市本级支出）") {
      for (auto& d : t.cells) {
        if (d.row != c.row || d.col != 4) continue;
        d.text = "1,952.6.1";
        d.confidence = 91;
        d.repairs = jx::extract::repair::kSeparator;
      }
    }
  }
  auto res = build({t});
  ASSERT_FALSE(res.reports.empty()) << res.error.message;
  const auto& rows = res.reports.front().budget.rows;
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].unread, 0);
  EXPECT_FLOAT_EQ(rows[0].min_confidence, 100);
  EXPECT_EQ(rows[1].unread, jx::audit::BudgetRow::kAnnualUnread);
  EXPECT_FALSE(rows[1].annual_budget.has_value());
  EXPECT_DOUBLE_EQ(rows[1].executed.value_or(-1), 1952.61);
  EXPECT_FLOAT_EQ(rows[1].min_confidence, 91);
  EXPECT_EQ(rows[1].repairs, jx::extract::repair::kSeparator);
  for (std::size_t i = 2; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].unread, 0) << rows[i].label;
    EXPECT_FLOAT_EQ(rows[i].min_confidence, 100) << rows[i].label;
  }
}

// A row whose cells are dashes alone ("—", as OCR reads a template's "……" row at low quality) names no indicator: it
// is a template row, and no rule may take "—" for an indicator whose values are missing.
TEST(ModelBuilder, RowOfDashesIsNotAnIndicator) {
  Table t = real_table();
  int row = -1;
  for (const auto& c : t.cells)
    if (c.text == "运营专题数量") row = c.row;
  ASSERT_GE(row, 0);
  for (auto& c : t.cells)
    if (c.row == row && c.col >= 2) c.text = "—";
  auto res = build({t});
  ASSERT_FALSE(res.reports.empty()) << res.error.message;
  const auto& report = res.reports.front();
  EXPECT_EQ(report.indicators.size(), kRows.size() - 1);
  for (const auto& ind : report.indicators) EXPECT_NE(ind.name, "—");
  ASSERT_EQ(report.template_rows.size(), 1u);
  EXPECT_EQ(report.template_rows[0].texts.front(), "—");
}

TEST(ModelBuilder, TotalRowInItsOwnTable) {
  // The same form where stitching failed: the 总分 row is a separate one-row table on page 5.
  Table whole = real_table();
  Table main = whole, last;
  main.rows -= 1;
  main.row_pages.pop_back();
  main.row_boxes.pop_back();
  main.last_page = 4;
  auto in_last_row = [&](const Cell& c) { return c.row == main.rows; };
  main.cells.erase(std::remove_if(main.cells.begin(), main.cells.end(), in_last_row), main.cells.end());
  TableBuilder b(kColX);
  int r = b.row(5);
  b.cell(r, 0, "总分", 1, 6);
  b.cell(r, 7, "98.50");
  last = b.done();
  auto res = build({main, last});
  ASSERT_FALSE(res.reports.empty()) << res.error.message;
  EXPECT_EQ(res.reports.front().indicators.size(), 8u);
  EXPECT_DOUBLE_EQ(res.reports.front().total_score.stated.value_or(-1), 98.5);
  EXPECT_EQ(res.reports.front().total_score.page, 5);
}

TEST(ModelBuilder, ATableWithMoreGridPositionsThanTheLimitIsReadAsEmpty) {
  Table t = real_table();
  const auto positions = static_cast<std::size_t>(t.rows) * static_cast<std::size_t>(t.cols);
  jx::Limits limits;
  limits.max_grid_positions_per_table = positions;
  EXPECT_FALSE(build({t}, title_blocks(), limits).reports.empty());
  limits.max_grid_positions_per_table = positions - 1;
  auto res = build({t}, title_blocks(), limits);
  EXPECT_TRUE(res.reports.empty());
  EXPECT_EQ(res.error.outcome, jx::Outcome::NoTable);
}

TEST(ModelBuilder, NoIndicatorBlockIsNoTable) {
  TableBuilder b({40, 200, 400});
  int r = b.row(1);
  b.cell(r, 0, "序号");
  b.cell(r, 1, "内容");
  auto res = build({b.done()});
  EXPECT_TRUE(res.reports.empty());
  EXPECT_EQ(res.error.outcome, jx::Outcome::NoTable);
  EXPECT_NE(res.error.message.find("no self-evaluation table found"), std::string::npos) << res.error.message;

  auto none = build({});
  EXPECT_EQ(none.error.outcome, jx::Outcome::NoTable);
}

TEST(ModelBuilder, SplitTargetColumnsAndTickedBoxFirst) {
  // A Yunnan-style form: 指标性质 | 指标值 | 度量单位 under 年度指标值; 项目级次 with the box before its label.
  TableBuilder b({0, 40, 80, 140, 170, 200, 230, 270, 300, 330, 400});
  int r = b.row(1);
  b.cell(r, 0, "项目名称：某某信息化运维项目", 1, 7);
  b.cell(r, 7, "项目级别", 1, 1);
  b.cell(r, 8, "☑一级 □二级", 1, 2);
  r = b.row(1);
  b.cell(r, 0, "一级指标", 2, 1);
  b.cell(r, 1, "二级指标", 2, 1);
  b.cell(r, 2, "三级指标", 2, 1);
  b.cell(r, 3, "年度指标值", 1, 3);
  b.cell(r, 6, "实际完成值", 2, 1);
  b.cell(r, 7, "分值", 2, 1);
  b.cell(r, 8, "得分", 2, 1);
  b.cell(r, 9, "偏差原因分析", 2, 1);
  r = b.row(1);
  b.cell(r, 3, "指标性质");
  b.cell(r, 4, "指标值");
  b.cell(r, 5, "度量单位");
  r = b.row(1);
  b.cell(r, 0, "产出指标", 2, 1);
  b.cell(r, 1, "数量指标", 2, 1);
  b.cell(r, 2, "巡检次数");
  b.cell(r, 3, "≥");
  b.cell(r, 4, "30");
  b.cell(r, 5, "次");
  b.cell(r, 6, "３６");  // full-width digits
  b.cell(r, 7, "20");
  b.cell(r, 8, "20");
  b.cell(r, 9, "");
  r = b.row(1);
  b.cell(r, 2, "故障响应时间");
  b.cell(r, 3, "≤");
  b.cell(r, 4, "2");
  b.cell(r, 5, "小时");
  b.cell(r, 6, "1.5小时");
  b.cell(r, 7, "20");
  b.cell(r, 8, "20");
  r = b.row(1);
  b.cell(r, 0, "总分", 1, 7);
  b.cell(r, 7, "40");
  b.cell(r, 8, "40");
  auto res = build({b.done()}, {{1, {}, "2023年度项目支出绩效自评表"}, {1, {}, "金额单位：元"}});
  ASSERT_FALSE(res.reports.empty()) << res.error.message;
  const auto& rep = res.reports.front();
  EXPECT_EQ(rep.project.name.value_or(""), "某某信息化运维项目");
  EXPECT_EQ(rep.project.level.value_or(""), "一级");
  EXPECT_EQ(rep.project.year.value_or(0), 2023);
  EXPECT_EQ(rep.budget.unit.value_or(""), "元");
  EXPECT_FALSE(rep.budget.annual_budget.has_value());
  ASSERT_EQ(rep.indicators.size(), 2u);
  const Indicator& a = rep.indicators[0];
  EXPECT_EQ(a.level1, "产出指标");
  EXPECT_EQ(a.level2, "数量指标");
  EXPECT_EQ(a.target_text, "30");  // the 指标值 cell alone
  ASSERT_TRUE(a.target.has_value());
  EXPECT_EQ(a.target->op, ">=");
  EXPECT_DOUBLE_EQ(a.target->value, 30);
  EXPECT_EQ(a.target->unit, "次");
  ASSERT_TRUE(a.actual.has_value());
  EXPECT_DOUBLE_EQ(a.actual->value, 36);
  EXPECT_EQ(a.actual->unit, "次");  // from the 度量单位 column
  EXPECT_EQ(a.actual_text, "36");   // NFKC
  EXPECT_EQ(a.deviation_note.value_or("(null)"), "");
  const Indicator& t = rep.indicators[1];
  EXPECT_EQ(t.level1, "产出指标");
  EXPECT_EQ(t.level2, "数量指标");
  ASSERT_TRUE(t.target.has_value());
  EXPECT_EQ(t.target->op, "<=");
  EXPECT_DOUBLE_EQ(t.target->value, 2);
  EXPECT_EQ(t.target->unit, "小时");
  EXPECT_DOUBLE_EQ(rep.total_score.stated.value_or(-1), 40);
  EXPECT_DOUBLE_EQ(rep.total_score.stated_weight.value_or(-1), 40);
}

TEST(ModelBuilder, QualitativeTargetAndMissingDeviationColumn) {
  TableBuilder b({0, 50, 100, 200, 260, 320, 360, 400});
  int r = b.row(2);
  b.cell(r, 0, "一级指标");
  b.cell(r, 1, "二级指标");
  b.cell(r, 2, "三级指标");
  b.cell(r, 3, "年度指标值");
  b.cell(r, 4, "实际完成值");
  b.cell(r, 5, "分值");
  b.cell(r, 6, "得分");
  r = b.row(2);
  b.cell(r, 0, "效益指标");
  b.cell(r, 1, "社会效益指标");
  b.cell(r, 2, "城市治理能力");
  b.cell(r, 3, "有效提升");
  b.cell(r, 4, "明显提升");
  b.cell(r, 5, "10");
  b.cell(r, 6, "9");
  r = b.row(2);  // a row with no name: skipped
  b.cell(r, 0, "");
  b.cell(r, 3, "");
  r = b.row(2);
  b.cell(r, 0, "满意度指标");
  b.cell(r, 2, "群众满意度");  // 二级 left empty: not carried over from 效益
  b.cell(r, 3, "≥90%");
  b.cell(r, 4, "95%");
  b.cell(r, 5, "abc");
  b.cell(r, 6, "10");
  auto res = build({b.done()}, {});
  ASSERT_FALSE(res.reports.empty()) << res.error.message;
  const auto& rep = res.reports.front();
  ASSERT_EQ(rep.indicators.size(), 2u);
  EXPECT_FALSE(rep.indicators[0].target.has_value());
  EXPECT_FALSE(rep.indicators[0].actual.has_value());
  EXPECT_EQ(rep.indicators[0].target_text, "有效提升");
  EXPECT_FALSE(rep.indicators[0].deviation_note.has_value());
  EXPECT_EQ(rep.indicators[1].level1, "满意度指标");
  EXPECT_EQ(rep.indicators[1].level2, "");
  EXPECT_DOUBLE_EQ(rep.indicators[1].weight, 0);  // "abc": not a number, with a warning
  EXPECT_FALSE(rep.warnings.empty());
  EXPECT_FALSE(rep.project.year.has_value());
  EXPECT_FALSE(rep.budget.unit.has_value());
  EXPECT_FALSE(rep.total_score.stated.has_value());
}

TEST(ModelBuilder, UnitLineWithItsColonReadAsASemicolon) {
  // An indicator table with no amount in it: the unit can only come from the line above the table.
  TableBuilder b({0, 50, 100, 200, 260, 320, 360, 400});
  int r = b.row(2);
  for (int c = 0; c < 7; ++c)
    b.cell(r, c,
           std::vector<const char*>{"一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"}[c]);
  r = b.row(2);
  for (int c = 0; c < 7; ++c)
    b.cell(r, c, std::vector<const char*>{"产出指标", "数量指标", "培训人次", "≥100人次", "120人次", "10", "10"}[c]);
  auto unit_of = [&](const char* line) {
    auto res = build({b.done()}, {{1, {40, 50, 120, 58}, line}});
    EXPECT_FALSE(res.reports.empty()) << res.error.message;
    return res.reports.empty() ? std::string("?") : res.reports.front().budget.unit.value_or("");
  };
  EXPECT_EQ(unit_of("单位：万元"), "万元");
  // What OCR makes of a scanned "单位：万元" (sichuan-split's scan): the semicolon is the colon.
  EXPECT_EQ(unit_of("单位;万元"), "万元");
  EXPECT_EQ(unit_of("单位；元"), "元");
  EXPECT_EQ(unit_of("单位万元"), "");  // no label, no bracket: no unit
}

}  // namespace
