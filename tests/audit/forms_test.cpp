// build_report() on the form arrangements of other regions, written cell by cell: header bands over several rows,
// labels that print their points, template rows, the whole money block, the goal texts, the stated grade, and files
// with several forms (projects, a department-wide form, a target declaration). Every expected value is read off
// the grid the test writes.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "audit/model_builder.h"
#include "tests/support/table_builder.h"
#include "tests/support/test_support.h"

namespace {

using jx::audit::BuildResult;
using jx::audit::Report;
using jx::extract::Table;
using jx::extract::TextBlock;
using jx::test::TableBuilder;

BuildResult build(const std::vector<Table>& tables, const std::vector<TextBlock>& blocks = {}, int pages = 1) {
  jx::extract::Document d;
  d.path = "x.pdf";
  d.page_count = pages;
  return jx::audit::build_report(d, tables, blocks, jx::test::real_rules(), jx::Limits{});
}

void cells(TableBuilder& b, int r, const std::vector<std::string>& texts) {
  for (size_t c = 0; c < texts.size(); ++c)
    if (!texts[c].empty()) b.cell(r, static_cast<int>(c), texts[c]);
}

// One project's form on `page`: header block, money block (with the given header cells and rows), goal, indicator
// rows under a one-row header, and 总分.
void project_form(TableBuilder& b, int page, const std::string& name, const std::string& total) {
  int r = b.row(page);
  cells(b, r, {"项目名称", name});
  r = b.row(page);
  cells(b, r, {"主管部门", "某局", "", "实施单位", "某中心"});
  r = b.row(page);
  cells(b, r, {"项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"});
  r = b.row(page);
  cells(b, r, {"年度资金总额", "100", "100", "90", "10", "90%", "9"});
  r = b.row(page);
  cells(b, r, {"一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"});
  r = b.row(page);
  cells(b, r, {"产出指标", "数量指标", name + "数量", "≥10个", "12个", "90", "90"});
  r = b.row(page);
  cells(b, r, {"总分", "", "", "", "", "100", total});
}

TEST(Forms, HeaderBandOverTwoRows) {
  // 绩效指标 over 一级/二级/三级; 年度指标值 over 指标性质 | 指标值 | 度量单位; 分值 before 年度指标值; 实际完成值,
  // 得分 and 复核分 spanning both rows.
  TableBuilder b({0, 40, 80, 160, 190, 220, 260, 290, 330, 370, 410, 450});
  int r = b.row(1);
  b.cell(r, 0, "绩效指标", 1, 3);
  b.cell(r, 3, "分值（分）", 2, 1);
  b.cell(r, 4, "年度指标值(A)", 1, 3);
  b.cell(r, 7, "实际完成值(B)", 2, 1);
  b.cell(r, 8, "得分", 2, 1);
  b.cell(r, 9, "复核分", 2, 1);
  b.cell(r, 10, "偏差原因分析及改进措施", 2, 1);
  r = b.row(1);
  cells(b, r, {"一级指标", "二级指标", "三级指标", "", "指标性\n质", "指标值", "度量单位"});
  r = b.row(1);
  cells(b, r, {"产出指标(50分)", "数量", "指标1：全县参合人数", "20", "≥", "5000", "人", "5200人", "19", "18", "无"});
  r = b.row(1);
  cells(b, r, {"", "", "……", "", "", "", "", "", "", "", ""});
  r = b.row(1);
  cells(b, r, {"效益指标（30）", "社会效益指标(30分)", "群众知晓率", "30", "≥", "90", "%", "95%", "30", "30", "无"});
  r = b.row(1);
  cells(b, r, {"总分", "", "", "50", "", "", "", "", "49", "48", "优"});
  auto res = build({b.done()});
  ASSERT_EQ(res.reports.size(), 1u) << res.error.message;
  const Report& rep = res.reports.front();
  ASSERT_EQ(rep.indicators.size(), 2u);  // the "……" template row is not an indicator
  const auto& a = rep.indicators[0];
  EXPECT_EQ(a.level1, "产出指标");
  EXPECT_EQ(a.level1_points.value_or(-1), 50);
  EXPECT_EQ(a.level2, "数量");
  EXPECT_FALSE(a.level2_points.has_value());
  EXPECT_EQ(a.name, "指标1：全县参合人数");
  EXPECT_EQ(a.target_text, "5000");
  ASSERT_TRUE(a.target.has_value());
  EXPECT_EQ(a.target->op, ">=");
  EXPECT_EQ(a.target->unit, "人");
  EXPECT_EQ(a.actual_text, "5200人");
  EXPECT_DOUBLE_EQ(a.weight, 20);
  EXPECT_EQ(a.self_score.value_or(-1), 19);  // 得分, not 复核分
  EXPECT_EQ(a.deviation_note.value_or(""), "无");
  const auto& c = rep.indicators[1];
  EXPECT_EQ(c.level1, "效益指标");
  EXPECT_EQ(c.level1_points.value_or(-1), 30);
  EXPECT_EQ(c.level2, "社会效益指标");
  EXPECT_EQ(c.level2_points.value_or(-1), 30);
  EXPECT_EQ(rep.total_score.stated.value_or(-1), 49);
  EXPECT_EQ(rep.total_score.grade.value_or(""), "优");
}

TEST(Forms, VerticalLabelAndUnitAfterTheName) {
  // 计量单位 and 指标性质 right after the name; a vertical 一级 label spanning the rows.
  TableBuilder b({0, 40, 80, 160, 190, 220, 260, 300, 340, 380});
  int r = b.row(1);
  cells(b, r, {"一级指标", "二级指标", "三级指标", "计量单位", "指标性质", "年度指标值", "实际完成值", "分值", "得分"});
  r = b.row(1);
  b.cell(r, 0, "产\n出\n指\n标\n(50分)", 2, 1);
  cells(b, r, {"", "时效指标", "办结时限", "天", "≤", "3", "2", "25", "25"});
  r = b.row(1);
  cells(b, r, {"", "质量指标", "合格率", "%", "≥", "95", "96", "25", "25"});
  auto res = build({b.done()});
  ASSERT_EQ(res.reports.size(), 1u) << res.error.message;
  const Report& rep = res.reports.front();
  ASSERT_EQ(rep.indicators.size(), 2u);
  EXPECT_EQ(rep.indicators[0].level1, "产出指标");
  EXPECT_EQ(rep.indicators[1].level1_points.value_or(-1), 50);
  ASSERT_TRUE(rep.indicators[0].target.has_value());
  EXPECT_EQ(rep.indicators[0].target->op, "<=");
  EXPECT_EQ(rep.indicators[0].target->unit, "天");
  EXPECT_EQ(rep.indicators[0].target_text, "3");
}

TEST(Forms, MoneyBlockRowsAsPrinted) {
  // Only 全年预算数(A) and 全年执行数(B); the total row printed empty while the sub-rows hold the money; a 20-point
  // budget weight printed in the group header, no 分值 column.
  TableBuilder b({0, 100, 160, 220, 280, 340, 400, 460});
  int r = b.row(1);
  b.cell(r, 0, "项目资金（万元）", 2, 1);
  b.cell(r, 1, "预算执行情况(20分)", 1, 4);
  r = b.row(1);
  cells(b, r, {"", "全年预算数(A)", "全年执行数(B)", "执行率(B/A)", "得分"});
  r = b.row(1);
  cells(b, r, {"年度资金总额", "", "", "", ""});
  r = b.row(1);
  cells(b, r, {"其中：当年财政拨款", "80", "76", "—", "—"});
  r = b.row(1);
  cells(b, r, {"上年结转资金", "—", "—", "—", "—"});
  r = b.row(1);
  cells(b, r, {"一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"});
  r = b.row(1);
  cells(b, r, {"产出指标", "数量指标", "培训人次", "≥100人次", "120人次", "80", "80"});
  auto res = build({b.done()});
  ASSERT_EQ(res.reports.size(), 1u) << res.error.message;
  const auto& budget = res.reports.front().budget;
  EXPECT_FALSE(budget.annual_budget.has_value());  // read as printed, never filled from the sub-rows
  EXPECT_FALSE(budget.executed.has_value());
  EXPECT_FALSE(budget.initial_budget.has_value());
  EXPECT_EQ(budget.weight.value_or(-1), 20);
  ASSERT_EQ(budget.rows.size(), 3u);
  EXPECT_EQ(budget.rows[0].label, "年度资金总额");
  EXPECT_FALSE(budget.rows[0].annual_budget.has_value());
  EXPECT_EQ(budget.rows[1].label, "其中：当年财政拨款");
  EXPECT_EQ(budget.rows[1].annual_budget.value_or(-1), 80);
  EXPECT_EQ(budget.rows[1].executed.value_or(-1), 76);
  EXPECT_FALSE(budget.rows[1].initial_budget.has_value());
  EXPECT_EQ(budget.rows[2].label, "上年结转资金");
  EXPECT_FALSE(budget.rows[2].executed.has_value());
}

TEST(Forms, GoalTextsSideBySideAndStacked) {
  auto goal_of = [](bool side_by_side) {
    TableBuilder b({0, 80, 300, 520});
    int r = b.row(1);
    if (side_by_side) {
      b.cell(r, 0, "年度总体目标", 2, 1);
      cells(b, r, {"", "预期目标", "实际完成情况"});
      r = b.row(1);
      cells(b, r, {"", "全年 培训 100 人次。", "培训 120 人次，包含线上 50 人次、线下 60 人次，合计 120 人次。"});
    } else {
      b.cell(r, 0, "年度总体目标", 2, 1);
      cells(b, r, {"", "预期目标", "全年 培训 100 人次。"});
      r = b.row(1);
      cells(b, r, {"", "实际完成情况", "培训 120 人次，包含线上 50 人次、线下 60 人次，合计 120 人次。"});
    }
    TableBuilder t({0, 40, 80, 160, 220, 280, 320, 360});
    r = t.row(1);
    cells(t, r, {"一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"});
    r = t.row(1);
    cells(t, r, {"产出指标", "数量指标", "培训人次", "≥100人次", "120人次", "90", "90"});
    auto res = build({b.done(), t.done()});
    EXPECT_EQ(res.reports.size(), 1u) << res.error.message;
    return res.reports.empty() ? jx::audit::Goal{} : res.reports.front().goal;
  };
  for (bool side : {true, false}) {
    auto g = goal_of(side);
    EXPECT_EQ(g.expected.value_or(""), "全年培训100人次。") << side;
    EXPECT_EQ(g.actual.value_or(""), "培训120人次,包含线上50人次、线下60人次,合计120人次。") << side;
    EXPECT_EQ(g.actual_cell.page, 1);
  }
}

TEST(Forms, SeveralProjectsAndFormsThatAreNotProjects) {
  // Page 1: project A; page 2: a department-wide form; page 3: a target declaration (no 实际完成值, no 得分);
  // page 4: project B, whose 总分 row is missing.
  TableBuilder a({0, 40, 80, 160, 220, 280, 320, 360});
  project_form(a, 1, "甲项目", "99");
  TableBuilder dept({0, 40, 80, 160, 220, 280, 320, 360});
  int r = dept.row(2);
  cells(dept, r, {"部门名称", "某局"});
  r = dept.row(2);
  cells(dept, r, {"一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"});
  r = dept.row(2);
  cells(dept, r, {"产出指标", "数量指标", "履职任务完成数", "≥5项", "6项", "100", "100"});
  r = dept.row(2);
  cells(dept, r, {"总分", "", "", "", "", "100", "100"});
  TableBuilder decl({0, 40, 80, 160, 220, 280});
  r = decl.row(3);
  cells(decl, r, {"项目名称", "丙项目"});
  r = decl.row(3);
  cells(decl, r, {"一级指标", "二级指标", "三级指标", "指标值", "分值"});
  r = decl.row(3);
  cells(decl, r, {"产出指标", "数量指标", "丙数量", "≥3个", "50"});
  TableBuilder bb({0, 40, 80, 160, 220, 280, 320, 360});
  r = bb.row(4);
  cells(bb, r, {"项目名称", "440100-乙项目"});
  r = bb.row(4);
  cells(bb, r, {"一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"});
  r = bb.row(4);
  cells(bb, r, {"产出指标", "数量指标", "乙数量", "≥10个", "8个", "100", "80"});
  std::vector<TextBlock> blocks = {
      {1, {100, 20, 500, 40}, "2022年度项目支出绩效自评表"},
      {2, {100, 20, 500, 40}, "2022年度部门整体支出绩效自评表"},
      {3, {100, 20, 500, 40}, "2023年度项目支出绩效目标申报表"},
      {4, {100, 20, 500, 40}, "项目支出绩效自评表"},
      {4, {100, 40, 500, 55}, "（2022年度）"},
  };
  auto res = build({a.done(), dept.done(), decl.done(), bb.done()}, blocks, 4);
  ASSERT_EQ(res.reports.size(), 2u) << res.error.message;
  const Report& p0 = res.reports[0];
  const Report& p1 = res.reports[1];
  EXPECT_EQ(p0.project.name.value_or(""), "甲项目");
  EXPECT_EQ(p0.project_index, 0);
  EXPECT_EQ(p0.first_page, 1);
  EXPECT_EQ(p0.last_page, 1);
  EXPECT_EQ(p0.project.year.value_or(0), 2022);
  EXPECT_EQ(p0.budget.executed.value_or(-1), 90);
  EXPECT_EQ(p0.total_score.stated.value_or(-1), 99);
  ASSERT_EQ(p0.indicators.size(), 1u);
  EXPECT_EQ(p1.project.name.value_or(""), "440100-乙项目");  // the code prefix as printed
  EXPECT_EQ(p1.project_index, 1);
  EXPECT_EQ(p1.first_page, 4);
  EXPECT_EQ(p1.project.year.value_or(0), 2022);
  ASSERT_EQ(p1.indicators.size(), 1u);
  EXPECT_EQ(p1.indicators[0].name, "乙数量");
  EXPECT_FALSE(p1.budget.executed.has_value());  // project A's money block is not project B's
  ASSERT_EQ(res.warnings.size(), 1u);
  EXPECT_NE(res.warnings[0].find("page 2"), std::string::npos);
  EXPECT_NE(res.warnings[0].find("部门整体支出绩效自评表"), std::string::npos);
}

TEST(Forms, OnlyADepartmentWideFormIsNoTable) {
  TableBuilder dept({0, 40, 80, 160, 220, 280, 320, 360});
  int r = dept.row(1);
  cells(dept, r, {"部门名称", "某局"});
  r = dept.row(1);
  cells(dept, r, {"年度主要任务", "任务"});
  r = dept.row(1);
  cells(dept, r, {"一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"});
  r = dept.row(1);
  cells(dept, r, {"产出指标", "数量指标", "履职任务完成数", "≥5项", "6项", "100", "100"});
  auto res = build({dept.done()});
  EXPECT_TRUE(res.reports.empty());
  EXPECT_EQ(res.error.outcome, jx::Outcome::NoTable);
}

}  // namespace
