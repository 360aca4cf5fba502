// The value parser against the real rules/values.toml: every operator form in both positions, units, full-width
// forms, thousands separators, less-is-better names, qualitative targets and header normalisation.
//
// Choices these tests pin down (also documented in rules/values.toml):
//  - strict words map to the nearest of the contract's three ops: 高于/超过/多于/大于 → ">=", 低于/少于/小于 → "<=";
//  - "为"/"等于"/"=" → "=", but only when no other operator word matches ("为10个以上" is ">=");
//  - "左右" after the number → "=";
//  - a range "90%-100%" is read as its first number with ">=";
//  - a unit is kept as written: "个工作日", "亿条", "万元"; an unlisted unit is the run of at most three
//    ideographs/letters after the number, ending where an after-word (以上, 以内, 内 …) begins;
//  - normalize_header drops bracket tags of ASCII letters, / + - % only: "分值（权重）" stays "分值(权重)".
#include "rules/value_parser.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "rules/ruleset.h"

namespace fs = std::filesystem;
using jx::rules::normalize_header;
using jx::rules::normalize_text;
using jx::rules::parse_actual;
using jx::rules::parse_number;
using jx::rules::parse_operator_symbol;
using jx::rules::parse_target;

namespace {

// The real values.toml and headers.toml with the minimal checks/narrative fixtures, so these tests depend only on
// the files the value parser reads.
const jx::rules::ValueRules& rules() {
  static const jx::rules::ValueRules kRules = [] {
    const fs::path src(JX_SOURCE_DIR);
    fs::path dir = fs::temp_directory_path() / ("jx-value-parser-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir);
    fs::copy_file(src / "rules/values.toml", dir / "values.toml");
    fs::copy_file(src / "rules/headers.toml", dir / "headers.toml");
    fs::copy_file(src / "tests/data/rules-min/checks.toml", dir / "checks.toml");
    fs::copy_file(src / "tests/data/rules-min/narrative.toml", dir / "narrative.toml");
    fs::create_directories(dir / "profiles");
    fs::copy_file(src / "tests/data/rules-min/profiles/national.toml", dir / "profiles/national.toml");
    // The schema of the minimal checks.toml: its rule ids, no parameters.
    std::vector<jx::rules::RuleSchema> schema;
    for (const char* id : {"budget.rate_mismatch", "budget.score_mismatch", "score.weight_sum", "score.total_mismatch",
                           "score.overrated", "target.not_achieved", "target.too_low", "deviation.unexplained",
                           "indicator.not_quantified", "structure.no_satisfaction", "narrative.sum_mismatch"})
      schema.push_back({id, {}});
    auto loaded = jx::rules::load_rules(dir.string(), schema);
    for (const auto& e : loaded.errors) ADD_FAILURE() << e.to_string();
    fs::remove_all(dir);
    return loaded.ok() ? loaded.rules->values : jx::rules::ValueRules{};
  }();
  return kRules;
}

struct TargetCase {
  const char* text;
  const char* name;
  const char* op;
  double value;
  const char* unit;
};

void expect_target(const TargetCase& c) {
  SCOPED_TRACE(std::string("target \"") + c.text + "\" name \"" + c.name + "\"");
  auto t = parse_target(c.text, c.name, rules());
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->op, c.op);
  EXPECT_DOUBLE_EQ(t->value, c.value);
  EXPECT_EQ(t->unit, c.unit);
}

TEST(ParseTarget, GreaterOrEqualWordsBeforeTheNumber) {
  const TargetCase cases[] = {
      {"不少于30份", "运营分析报告数量", ">=", 30, "份"},
      {"不少于 30 份", "运营分析报告数量", ">=", 30, "份"},
      {"不低于95%", "验收合格率", ">=", 95, "%"},
      {"不小于10个", "专题数量", ">=", 10, "个"},
      {"大于等于90%", "覆盖率", ">=", 90, "%"},
      {"≥95%", "合格率", ">=", 95, "%"},
      {"≧90%", "合格率", ">=", 90, "%"},
      {"＞80%", "合格率", ">=", 80, "%"},
      {">=80%", "合格率", ">=", 80, "%"},
      {"≥ 95 %", "合格率", ">=", 95, "%"},
      {"达到100%", "覆盖率", ">=", 100, "%"},
      {"至少3次", "培训次数", ">=", 3, "次"},
      {"高于90%", "达标率", ">=", 90, "%"},  // strict, mapped to >=
      {"超过500个", "监测指标", ">=", 500, "个"},
      {"多于5家", "合作单位", ">=", 5, "家"},
      {"完成率不低于95%", "任务完成率", ">=", 95, "%"},
  };
  for (const auto& c : cases) expect_target(c);
}

TEST(ParseTarget, GreaterOrEqualWordsAfterTheNumber) {
  const TargetCase cases[] = {
      {"95%以上", "合格率", ">=", 95, "%"},
      {"10个及以上", "专题数量", ">=", 10, "个"},
      {"95以上", "合格率", ">=", 95, ""},
      {"8架次以上", "飞行架次", ">=", 8, "架次"},  // unit not listed: the run up to 以上
      {"为10个以上", "专题数量", ">=", 10, "个"},  // 以上 wins over 为
  };
  for (const auto& c : cases) expect_target(c);
}

TEST(ParseTarget, LessOrEqualWordsBeforeTheNumber) {
  const TargetCase cases[] = {
      {"不高于5%", "差错率", "<=", 5, "%"},       {"不超过3天", "办理时限", "<=", 3, "天"},
      {"不超过3天", "培训天数", "<=", 3, "天"},  // the word decides, not the name
      {"不多于2次", "跑动次数", "<=", 2, "次"},   {"不大于1%", "故障率", "<=", 1, "%"},
      {"小于等于5%", "误差率", "<=", 5, "%"},     {"≤0次", "群众投诉次数", "<=", 0, "次"},
      {"≦2天", "办结时间", "<=", 2, "天"},        {"＜5%", "差错率", "<=", 5, "%"},
      {"<=10分钟", "响应时间", "<=", 10, "分钟"}, {"低于5%", "空置率", "<=", 5, "%"},  // strict, mapped to <=
      {"少于3次", "投诉次数", "<=", 3, "次"},     {"控制在1,200万元", "项目成本", "<=", 1200, "万元"},
  };
  for (const auto& c : cases) expect_target(c);
}

TEST(ParseTarget, LessOrEqualWordsAfterTheNumber) {
  const TargetCase cases[] = {
      {"3天以内", "办理时限", "<=", 3, "天"},
      {"5%以下", "差错率", "<=", 5, "%"},
      {"3个工作日以内", "办结时限", "<=", 3, "个工作日"},
      {"3个工作日内", "办结时限", "<=", 3, "个工作日"},
      {"3个工作日内", "培训天数", "<=", 3, "个工作日"},  // the word decides, not the name
      {"2小时之内", "到场时间", "<=", 2, "小时"},
  };
  for (const auto& c : cases) expect_target(c);
}

TEST(ParseTarget, EqualWords) {
  const TargetCase cases[] = {
      {"=100%", "覆盖率", "=", 100, "%"},    {"＝100%", "覆盖率", "=", 100, "%"},
      {"═100%", "覆盖率", "=", 100, "%"},    {"等于100%", "覆盖率", "=", 100, "%"},
      {"为10个", "专题数量", "=", 10, "个"}, {"100万元左右", "项目投资", "=", 100, "万元"},
  };
  for (const auto& c : cases) expect_target(c);
}

TEST(ParseTarget, UnitsAndNumberForms) {
  const TargetCase cases[] = {
      {"11亿", "汇聚数据量", ">=", 11, "亿"},
      {"不少于10亿条", "汇聚数据量", ">=", 10, "亿条"},
      {"99.5%", "保障场地正常运行", ">=", 99.5, "%"},
      {"1,200万元", "投资额", ">=", 1200, "万元"},
      {"１，２００万元", "投资额", ">=", 1200, "万元"},
      {"９５％", "合格率", ">=", 95, "%"},
      {"９９．５％", "合格率", ">=", 99.5, "%"},
      {"≥９５％", "合格率", ">=", 95, "%"},
      {"1 000人", "培训人数", ">=", 1000, "人"},
      {"50万人次", "服务人次", ">=", 50, "万人次"},
      {"12艘", "船只数量", ">=", 12, "艘"},      // unlisted unit, one ideograph
      {"30份报告", "报告数量", ">=", 30, "份"},  // listed unit wins over the longer run
      {"90%-100%", "合格率", ">=", 90, "%"},     // a range: the first number
      {"20GB", "存储容量", ">=", 20, "GB"},
      {"0", "安全事故", "<=", 0, ""},
  };
  for (const auto& c : cases) expect_target(c);
}

TEST(ParseTarget, RatesAndMagnitudesAreOneUnit) {
  const TargetCase cases[] = {
      {"≤120元/天", "住宿费标准", "<=", 120, "元/天"},               // listed / listed
      {"不高于85万元/公里", "道路维护单价", "<=", 85, "万元/公里"},  // the longest listed unit, then the rate
      {"≤32微克/立方米", "PM2.5年均浓度", "<=", 32, "微克/立方米"},  // unlisted / listed
      {"3次/年以上", "巡查频次", ">=", 3, "次/年"},                  // the rate ends where 以上 begins
      {"不少于12万剂次", "疫苗接种量", ">=", 12, "万剂次"},          // a magnitude and an unlisted unit
      {"1万以上", "服务人数", ">=", 1, "万"},                        // a magnitude alone stays a unit
      {"95%/100%", "合格率", ">=", 95, "%"},                         // "/" before a digit: not a rate
  };
  for (const auto& c : cases) expect_target(c);
}

TEST(ParseTarget, BareNumberFollowsTheIndicatorName) {
  const TargetCase cases[] = {
      {"5天", "平均办理时间", "<=", 5, "天"},
      {"2个工作日", "审批时限", "<=", 2, "个工作日"},
      {"100万元", "项目成本", "<=", 100, "万元"},
      {"1次", "群众跑动次数", "<=", 1, "次"},
      {"10次", "投诉次数", "<=", 10, "次"},
      {"0起", "安全事故", "<=", 0, "起"},
      {"100%", "投诉处理及时率", ">=", 100, "%"},  // more_is_better wins over 投诉
      {"15%", "成本降低率", ">=", 15, "%"},
      {"2000小时", "系统运行时间", ">=", 2000, "小时"},
      {"36份", "运营分析报告数量", ">=", 36, "份"},
      {"5天", "平均 办理\n时间", "<=", 5, "天"},  // the name is compared without its wrapping
  };
  for (const auto& c : cases) expect_target(c);
}

// The eight indicators of the reference report (穗智管 2021) as its text extraction wraps the cells; the expected
// values are those of guangzhou-suizhiguan-2021-expected.json.
TEST(ParseTarget, ReferenceReportIndicators) {
  const TargetCase cases[] = {
      {"不少于\n30 份", "运营\n分析\n报告\n数量", ">=", 30, "份"},
      {"不少于\n250 个", "预警\n指标\n数量", ">=", 250, "个"},
      {"不少于\n10 次", "重大\n活动\n服务\n保障\n次数", ">=", 10, "次"},
      {"不少于\n500 个", "运行\n监测\n服务", ">=", 500, "个"},
      {"99.5%", "保障\n场地\n正常\n运行", ">=", 99.5, "%"},
      {"不少于\n10 份", "编制\n标准\n规范\n数量", ">=", 10, "份"},
      {"不少于\n10 个", "运营\n专题\n数量", ">=", 10, "个"},
      {"不少于\n10 亿条", "汇聚\n数据量", ">=", 10, "亿条"},
  };
  for (const auto& c : cases) expect_target(c);
  const std::pair<const char*, std::pair<double, const char*>> actuals[] = {
      {"36 份", {36, "份"}}, {"277 个", {277, "个"}}, {"19 次", {19, "次"}}, {"700", {700, ""}},
      {"100%", {100, "%"}},  {"10 份", {10, "份"}},   {"10 个", {10, "个"}}, {"11 亿", {11, "亿"}},
  };
  for (const auto& [text, expected] : actuals) {
    SCOPED_TRACE(text);
    auto a = parse_actual(text, rules());
    ASSERT_TRUE(a);
    EXPECT_DOUBLE_EQ(a->value, expected.first);
    EXPECT_EQ(a->unit, expected.second);
  }
}

TEST(ParseTarget, ZeroTarget) {
  auto t = parse_target("事故0起", "安全生产事故", rules());
  ASSERT_TRUE(t);
  EXPECT_EQ(t->op, "<=");
  EXPECT_EQ(t->value, 0);
  EXPECT_EQ(t->unit, "起");
}

TEST(ParseTarget, QualitativeTargetsHaveNoNumber) {
  for (const char* text : {"有效提升", "逐步健全", "达到预期", "明显改善", "", "—", "完成"}) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(parse_target(text, "社会效益", rules()).has_value());
  }
}

TEST(ParseTarget, OperatorColumnOverridesTheWords) {
  auto t = parse_target("95", "合格率", rules(), "≤", "%");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->op, "<=");
  EXPECT_EQ(t->value, 95);
  EXPECT_EQ(t->unit, "%");

  t = parse_target("不少于30", "报告数量", rules(), "＝", "份");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->op, "=");
  EXPECT_EQ(t->unit, "份");

  t = parse_target("5", "办理时间", rules(), "≧", " 天 ");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->op, ">=");
  EXPECT_EQ(t->unit, "天");

  // An empty or unreadable operator cell falls back to the words.
  t = parse_target("不超过5", "合格率", rules(), "定量", "");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->op, "<=");
  EXPECT_EQ(t->unit, "");

  // The unit column is used only when the value has no unit of its own; placeholders are not units.
  t = parse_target("30份", "报告数量", rules(), "", "个");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->unit, "份");
  t = parse_target("30", "报告数量", rules(), "", "—");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->unit, "");
}

TEST(ParseTarget, WorksWithoutLoadedRules) {
  // Default ValueRules (no patterns, no units): the built-in number pattern and the free unit run still work.
  jx::rules::ValueRules empty;
  auto t = parse_target("1,952.61万元", "x", empty);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->op, ">=");
  EXPECT_DOUBLE_EQ(t->value, 1952.61);
  EXPECT_EQ(t->unit, "万元");
}

TEST(ParseActual, FirstNumberAndItsUnit) {
  struct Case {
    const char* text;
    double value;
    const char* unit;
  } cases[] = {
      {"36份", 36, "份"},
      {"３６份", 36, "份"},
      {"700", 700, ""},
      {"11亿", 11, "亿"},
      {"100%", 100, "%"},
      {"约36份", 36, "份"},
      {"277 个", 277, "个"},
      {"1,952.61万元", 1952.61, "万元"},
      {"≥95%", 95, "%"},
      {"19次", 19, "次"},
      {"３个工作日", 3, "个工作日"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    auto a = parse_actual(c.text, rules());
    ASSERT_TRUE(a.has_value());
    EXPECT_DOUBLE_EQ(a->value, c.value);
    EXPECT_EQ(a->unit, c.unit);
  }
  EXPECT_FALSE(parse_actual("完成", rules()));
  EXPECT_FALSE(parse_actual("达成预期指标", rules()));
  EXPECT_FALSE(parse_actual("", rules()));
}

TEST(ParseNumber, AmountsAndScores) {
  EXPECT_DOUBLE_EQ(*parse_number("1,952.61"), 1952.61);
  EXPECT_DOUBLE_EQ(*parse_number("１，９５２．６１"), 1952.61);
  EXPECT_DOUBLE_EQ(*parse_number("1 952.61"), 1952.61);
  EXPECT_DOUBLE_EQ(*parse_number("100%"), 100);
  EXPECT_DOUBLE_EQ(*parse_number("１００％"), 100);
  EXPECT_DOUBLE_EQ(*parse_number("10"), 10);
  EXPECT_DOUBLE_EQ(*parse_number(" 12.00 "), 12);
  EXPECT_DOUBLE_EQ(*parse_number("0.00"), 0);
  EXPECT_DOUBLE_EQ(*parse_number("-5"), -5);
  EXPECT_DOUBLE_EQ(*parse_number("12,345,678"), 12345678);
  for (const char* bad : {"", "—", "-", "——", "/", "abc", "12,34", "1.2.3", "12.", "10分", "约10", "1,2345"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(parse_number(bad).has_value());
  }
}

TEST(ParseOperatorSymbol, Symbols) {
  for (const char* s : {"≥", "≧", "＞", ">", ">=", " ≥ ", "⩾"}) EXPECT_EQ(parse_operator_symbol(s), ">=") << s;
  for (const char* s : {"≤", "≦", "＜", "<", "<=", "⩽"}) EXPECT_EQ(parse_operator_symbol(s), "<=") << s;
  for (const char* s : {"=", "═", "＝"}) EXPECT_EQ(parse_operator_symbol(s), "=") << s;
  for (const char* s : {"", "定性", "?", "≈"}) EXPECT_FALSE(parse_operator_symbol(s).has_value()) << s;
}

TEST(NormalizeText, NfkcAndWhitespace) {
  EXPECT_EQ(normalize_text("不少于 30 份"), "不少于30份");
  EXPECT_EQ(normalize_text("运营\n分析\n报告\n数量"), "运营分析报告数量");
  EXPECT_EQ(normalize_text("９５％"), "95%");
  EXPECT_EQ(normalize_text("（Ａ）"), "(A)");
  EXPECT_EQ(normalize_text("  ABC  \t def  "), "ABC def");
  EXPECT_EQ(normalize_text("a\u3000b"), "a b");             // ideographic space between Latin letters: one space
  EXPECT_EQ(normalize_text("运营\u3000专题"), "运营专题");  // next to CJK: removed
  EXPECT_EQ(normalize_text("互联网+ 监管"), "互联网+监管");
  EXPECT_EQ(normalize_text("城市管理 、 应急"), "城市管理、应急");  // CJK punctuation counts as CJK
  EXPECT_EQ(normalize_text("zero\u200Bwidth"), "zerowidth");
  EXPECT_EQ(normalize_text("95 %"), "95 %");
  EXPECT_EQ(normalize_text(""), "");
  EXPECT_EQ(normalize_text("\xFF\xFE"), "\uFFFD\uFFFD");  // invalid UTF-8 becomes replacement characters
}

TEST(NormalizeHeader, TagsNumberingAndWhitespace) {
  EXPECT_EQ(normalize_header("全年预算数(A)"), "全年预算数");
  EXPECT_EQ(normalize_header("执行率（B/A）"), "执行率");
  EXPECT_EQ(normalize_header("年度指标值（A）"), "年度指标值");
  EXPECT_EQ(normalize_header("实际完成值（B）"), "实际完成值");
  EXPECT_EQ(normalize_header("执行率(%)"), "执行率");
  EXPECT_EQ(normalize_header("1.年度预算数"), "年度预算数");
  EXPECT_EQ(normalize_header("1、年度预算数"), "年度预算数");
  EXPECT_EQ(normalize_header("（1）年度预算数"), "年度预算数");
  EXPECT_EQ(normalize_header("一、项目名称"), "项目名称");
  EXPECT_EQ(normalize_header("分值（权重）"), "分值(权重)");  // CJK inside the brackets: kept
  EXPECT_EQ(normalize_header("年 度 指\n标值"), "年度指标值");
  EXPECT_EQ(normalize_header("年度支出预\n算数"), "年度支出预算数");
  EXPECT_EQ(normalize_header("预算完成数 （B）"), "预算完成数");
  EXPECT_EQ(normalize_header("一级指标"), "一级指标");  // 一 without 、 is not numbering
  EXPECT_EQ(normalize_header("12.5"), "12.5");          // a number is not numbering
  EXPECT_EQ(normalize_header("(A)"), "");
  EXPECT_EQ(normalize_header("((A))"), "()");
  EXPECT_EQ(normalize_header("得分(A"), "得分(A");  // unclosed: not a tag
  EXPECT_EQ(normalize_header("全年预算数(A)执行率(B/A)"), "全年预算数执行率");
}

}  // namespace

namespace {

// Arbitrary bytes (invalid UTF-8, NULs, lone surrogates' encodings, long runs) never crash the parser and keep
// normalize_text idempotent on what it returns.
TEST(ValueParserRobustness, ArbitraryBytes) {
  std::mt19937 gen(20240601);
  const std::string pieces[] = {"不少于",
                                "以上",
                                "以内",
                                "%",
                                "１",
                                "，",
                                "(",
                                ")",
                                "A",
                                "/",
                                " ",
                                "\n",
                                "\xFF",
                                "\xED\xA0\x80",
                                std::string(1, '\0'),
                                "9",
                                ",",
                                ".",
                                "亿条",
                                "≤",
                                "\u200B"};
  std::uniform_int_distribution<int> pick(0, static_cast<int>(std::size(pieces)) - 1);
  std::uniform_int_distribution<int> len(0, 40);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int i = 0; i < 3000; ++i) {
    std::string s;
    const int n = len(gen);
    for (int k = 0; k < n; ++k) s += (k % 5 == 4) ? std::string(1, static_cast<char>(byte(gen))) : pieces[pick(gen)];
    const std::string t = normalize_text(s);
    EXPECT_EQ(normalize_text(t), t);
    (void)normalize_header(s);
    (void)parse_number(s);
    (void)parse_operator_symbol(s);
    (void)parse_actual(s, rules());
    (void)parse_target(s, s, rules(), s, s);
  }
  const std::string big(200000, '9');
  // A number beyond double's range is not a value (nullopt), never infinity.
  EXPECT_FALSE(parse_actual(big + "个", rules()).has_value());
  EXPECT_FALSE(parse_number(big).has_value());
  EXPECT_DOUBLE_EQ(*parse_number(std::string(300, '0') + "5"), 5);
}

}  // namespace
