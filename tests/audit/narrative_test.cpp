// check_narrative() with the real rules/narrative.toml: the breakdown sentences of the real report (穗智管 2021,
// section 实际完成情况) add up and give nothing; broken variants give narrative.sum_mismatch with the indicator.
#include <gtest/gtest.h>

#include "audit/checks.h"
#include "rules/ruleset.h"
#include "tests/support/test_support.h"

namespace {

using jx::audit::Finding;
using jx::audit::Report;
using jx::extract::TextBlock;
using jx::rules::RuleSet;

const RuleSet& rules() { return jx::test::real_rules(); }

// The section as the text layer gives it: one block per paragraph, wrapped lines joined. Some blocks keep the
// spaces of the PDF next to the digits (normalisation removes them), others are already compact.
const std::vector<TextBlock> kSection = {
    {2, {90, 100, 500, 120}, "（一）实际完成情况"},
    {2,
     {90, 130, 500, 200},
     "支撑不少于 10 个业务专题的数据处理。实际完成情况：台风、泥头车、交通运行、疫情防控、智慧气象暴雨场景、羊城先锋、"
     "重大节日保障、重大活动保障、新冠疫苗、有呼必应共 10 个运营专题数据处理和分析，形成 10 份分析报告。"},
    {2,
     {90, 210, 500, 300},
     "编制标准规范数量不少于 10 份。实际完成情况：编制标准规范数量 10 份，包括：城市运行管理服务管理数据规范、"
     "城市运行管理服务基础数据规范、城市运行管理服务平台数据接入规范、穗智管运营服务项目-服务上线发布与运行监测规范、"
     "穗智管运营服务项目-数据+应用接入规范、穗智管运营服务项目-数据安全规范、穗智管运营服务项目-数据质量规范、"
     "穗智管运营服务项目-数据治理+存量业务分析规范、穗智管运营服务项目-数据治理管理规范、穗智管运营服务项目-"
     "需求调研规范。"},
    {2, {90, 310, 500, 330}, "汇聚数据量不少于10亿条。实际完成情况：完成11亿条数据量汇聚。"},
    {2,
     {90, 340, 500, 400},
     "场地正常运行不低于 99.5%。实际完成情况：场地从 2021年 6 月起转入运营，截止到 12 月，连续 7 个月运行良好，"
     "年度内场地运行月度巡检 7 次，周巡检 31 次，未出现影响场地接待和办公使用情况，正常运行达到 100%。"},
    {2,
     {90, 410, 500, 450},
     "运行监测服务不少于500个。实际完成情况：运行监测服务700个。包含医疗卫生338项、城市管理122项、智慧水务88项、"
     "民生服务152项，合计700项。"},
    {2,
     {90, 460, 500, 520},
     "运营分析报告数量不少于30份。实际完成情况：完成运营分析报告36份，包含主题运营分析报告15份，专题运营分析报告10份，"
     "穗智管运营服务项目2021年年报1份、穗智管运营服务项目2021年季报3份、穗智管运营服务项目2021年月报7份，合计36份。"},
    {2,
     {90, 530, 500, 600},
     "预警指标数量不少于 250 个。实际完成情况：完成预警指标数量 277 个，包含：城市管理-燃气管理 32 "
     "项、应急管理-应急总览 "
     "53 项、智慧气象 73 项、交通运行 11 项、新冠疫情 20 项、生态环境 52 项、营商环境 11 项、经济运行 25项。"},
    {3,
     {90, 60, 500, 120},
     "重大活动服务保障次数不少于 10 次。2021 年累计完成重大活动保障服务 19 次，包含国家级接待 3 场、省级 5 场、"
     "市级重要接待 11 场。"},
};

const std::vector<std::string> kNames = {"运营分析报告数量", "预警指标数量",     "重大活动服务保障次数", "运行监测服务",
                                         "保障场地正常运行", "编制标准规范数量", "运营专题数量",         "汇聚数据量"};

Report report_with(std::vector<TextBlock> blocks) {
  Report r;
  for (const auto& n : kNames) {
    jx::audit::Indicator ind;
    ind.name = n;
    r.indicators.push_back(ind);
  }
  r.narrative = std::move(blocks);
  return r;
}

std::vector<Finding> check(std::vector<TextBlock> blocks) {
  return jx::audit::check_narrative(report_with(std::move(blocks)), rules());
}

// The section with one block's text replaced.
std::vector<TextBlock> with(size_t index, const std::string& text) {
  auto blocks = kSection;
  blocks[index].text = text;
  return blocks;
}

TEST(Narrative, TheRealSectionAddsUp) {
  auto fs = check(kSection);
  for (const auto& f : fs) ADD_FAILURE() << f.message << " | " << f.detail;
  EXPECT_TRUE(fs.empty());
}

TEST(Narrative, EachRealSentenceAloneAddsUp) {
  for (const char* s :
       {"运行监测服务 700 个。包含医疗卫生 338 项、城市管理 122 项、智慧水务 88 项、民生服务 152 项，合计 700 项。",
        "完成运营分析报告 36 份，包含主题运营分析报告 15 份，专题运营分析报告 10 份，穗智管运营服务项目 2021 "
        "年年报 1 份、穗智管运营服务项目 2021 年季报 3 份、穗智管运营服务项目 2021 年月报 7 份，合计 36 份。",
        "完成预警指标数量 277 个，包含：城市管理-燃气管理 32 项、应急管理-应急总览 53 项、智慧气象 73 项、"
        "交通运行 11 项、新冠疫情 20 项、生态环境 52 项、营商环境 11 项、经济运行 25 项。",
        "累计完成重大活动保障服务 19 次，包含国家级接待 3 场、省级 5 场、市级重要接待 11 场"}) {
    EXPECT_TRUE(check({{1, {}, s}}).empty()) << s;
  }
}

TEST(Narrative, TotalAfterHejiThatDoesNotAddUp) {
  auto fs = check(with(5,
                       "运行监测服务不少于500个。实际完成情况：运行监测服务700个。包含医疗卫生338项、城市管理122项、"
                       "智慧水务88项、民生服务150项，合计700项。"));
  ASSERT_EQ(fs.size(), 1u);
  const Finding& f = fs[0];
  EXPECT_EQ(f.rule, "narrative.sum_mismatch");
  EXPECT_EQ(f.severity, "warning");
  EXPECT_EQ(f.indicator.value_or(""), "运行监测服务");               // named in the sentence before
  EXPECT_NE(f.message.find("698"), std::string::npos) << f.message;  // 338 + 122 + 88 + 150
  EXPECT_NE(f.message.find("700"), std::string::npos) << f.message;
  EXPECT_EQ(f.detail, "包含医疗卫生338项、城市管理122项、智慧水务88项、民生服务150项，合计700项");
  EXPECT_EQ(f.page, 2);
  ASSERT_TRUE(f.bbox.has_value());
  EXPECT_DOUBLE_EQ(f.bbox->y0, 410);
}

TEST(Narrative, DatesAreNotParts) {
  // 15 + 10 + 1 + 3 + 6 = 35, not 36; the three "2021年" must not count either way.
  auto fs = check(with(6,
                       "运营分析报告数量不少于30份。实际完成情况：完成运营分析报告36份，包含主题运营分析报告15份，"
                       "专题运营分析报告10份，穗智管运营服务项目2021年年报1份、穗智管运营服务项目2021年季报3份、"
                       "穗智管运营服务项目2021年月报6份，合计36份。"));
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].indicator.value_or(""), "运营分析报告数量");  // a long part of the name is in the sentence
  EXPECT_NE(fs[0].message.find("35"), std::string::npos) << fs[0].message;
  EXPECT_NE(fs[0].message.find("36"), std::string::npos) << fs[0].message;
}

TEST(Narrative, TotalBeforeBaohanWithoutHeji) {
  auto fs =
      check(with(7,
                 "预警指标数量不少于 250 个。实际完成情况：完成预警指标数量 277 个，包含：城市管理-燃气管理 32 项、"
                 "应急管理-应急总览 53 项、智慧气象 73 项、交通运行 11 项、新冠疫情 20 项、生态环境 52 项、"
                 "营商环境 11 项、经济运行 35项。"));
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].indicator.value_or(""), "预警指标数量");
  EXPECT_NE(fs[0].message.find("287"), std::string::npos) << fs[0].message;
  EXPECT_NE(fs[0].message.find("277"), std::string::npos) << fs[0].message;
}

TEST(Narrative, PartsInOtherUnitsThanTheTotal) {
  auto fs = check(with(8,
                       "重大活动服务保障次数不少于 10 次。2021 年累计完成重大活动保障服务 19 次，包含国家级接待 3 场、"
                       "省级 5 场、市级重要接待 12 场。"));
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].indicator.value_or(""), "重大活动服务保障次数");
  EXPECT_EQ(fs[0].page, 3);
  EXPECT_NE(fs[0].message.find("20"), std::string::npos) << fs[0].message;
}

TEST(Narrative, NoIndicatorWhenNoNameIsNear) {
  auto fs = check({{1, {}, "本年度共开展培训。包含线上培训 3 场、线下培训 4 场，合计 8 场。"}});
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_FALSE(fs[0].indicator.has_value());
}

TEST(Narrative, SentenceOverAPageBreak) {
  std::vector<TextBlock> blocks = {
      {3,
       {90, 700, 500, 780},
       "完成预警指标数量 277 个，包含：城市管理-燃气管理 32 项、应急管理-应急总览 53 项、智慧气象"},
      {4, {90, 60, 500, 90}, "73 项、交通运行 11 项、新冠疫情 20 项、生态环境 52 项、营商环境 11 项、经济运行 26 项。"},
  };
  auto fs = check(blocks);
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].page, 3);  // where the sentence starts
  EXPECT_EQ(fs[0].indicator.value_or(""), "预警指标数量");
}

TEST(Narrative, AmountsListsWithoutNumbersAndSingleParts) {
  EXPECT_TRUE(check({{1, {}, "年度预算1,952.61万元，其中财政拨款1,900万元、其他资金50万元。"}}).empty());
  EXPECT_TRUE(check({{1, {}, "编制标准规范数量 10 份，包括：数据规范、接入规范、安全规范。"}}).empty());
  EXPECT_TRUE(check({{1, {}, "完成报告 5 份，包含年报 1 份。"}}).empty());
  EXPECT_TRUE(check({{1, {}, "截至2021年12月31日对接35个市直部门共115个业务系统。"}}).empty());
  EXPECT_TRUE(check({}).empty());
}

TEST(Narrative, SubBreakdownsInBracketsAreNotParts) {
  EXPECT_TRUE(check({{1, {}, "包含甲类10项（其中甲一4项、甲二6项）、乙类5项，合计15项。"}}).empty());
  EXPECT_EQ(check({{1, {}, "包含甲类10项（其中甲一4项、甲二6项）、乙类5项，合计16项。"}}).size(), 1u);
}

TEST(Narrative, ThousandsSeparatorsAndFullWidthDigits) {
  EXPECT_TRUE(check({{1, {}, "包含甲类1,200项、乙类８００项，合计2,000项。"}}).empty());
  EXPECT_EQ(check({{1, {}, "包含甲类1,200项、乙类８００项，合计2,100项。"}}).size(), 1u);
}

}  // namespace
