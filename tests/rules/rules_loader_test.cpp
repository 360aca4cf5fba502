// The rule-file loader: the real rules/ directory loads cleanly against the real check registry, and every kind of
// broken rule file is reported with its file, the line a person has to fix and a readable message — all problems at
// once, not the first only.
//
// The broken files are small hand-written documents (below), so the expected line numbers can be read off the
// text: each bad test starts from a minimal valid directory and replaces one file. The minimal directory is loaded
// against a test schema (the contract's rule ids, no parameters, plus what a test adds), so these tests pin the
// loader's schema checks, not the audit's registry.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <re2/re2.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <thread>

#include "audit/checks.h"
#include "rules/ruleset.h"
#include "rules/value_parser.h"

namespace fs = std::filesystem;
using jx::rules::LoadError;
using jx::rules::ParamType;
using jx::rules::RuleSchema;
using ::testing::HasSubstr;

namespace {

const char* const kContractIds[] = {
    "budget.rate_mismatch",     "budget.score_mismatch",     "score.weight_sum",       "score.total_mismatch",
    "score.overrated",          "target.not_achieved",       "target.too_low",         "deviation.unexplained",
    "indicator.not_quantified", "structure.no_satisfaction", "narrative.sum_mismatch",
};

// ---- minimal valid files (line numbers in comments are relied on by the tests) ------------------------------

const char* const kHeaders = R"(# minimal headers.toml
[indicator_columns]
level1 = ["一级指标"]
level2 = ["二级指标"]
name = ["三级指标"]
target = ["年度指标值"]
actual = ["实际完成值"]
weight = ["分值"]
self_score = ["得分"]
deviation = ["偏差原因分析及改进措施"]
op = ["指标性质"]
unit = ["度量单位"]

[budget_columns]
initial_budget = ["年初预算数"]
annual_budget = ["全年预算数"]
executed = ["全年执行数"]
budget_weight = ["分值"]
execution_rate = ["执行率"]
budget_score = ["得分"]

[budget_rows]
total_row = ["年度资金总额"]

[header_block]
project_name = ["项目名称"]
department = ["主管部门"]
implementer = ["实施单位"]
level = ["项目级次"]
total_score = ["总分"]
)";

const char* const kValues = R"(units = ["份", "亿", "亿条", "%"]
less_is_better = ["时间"]
empty_notes = ["无"]
satisfaction_level1 = ["满意度"]

[number]
pattern = '\d+(?:\.\d+)?'

[[operator]]
pattern = '不少于'
op = ">="

[[operator]]
pattern = '以上'
op = ">="
position = "after"
)";

const char* const kNarrative = R"(count_units = ["项", "份"]

[[breakdown]]
pattern = '包含(.+)合计(\d+)'
)";

// profiles/national.toml is kProfileTop followed by the bands kGrades, which start at line kGradesLine.
const char* const kProfileTop = R"(description = "minimal"
budget_weight = 10
reverse = "ratio"

[[level_weight]]
level1 = "产出"
points = 90

)";
constexpr int kGradesLine = 9;

const char* const kGrades = R"([[grade]]
name = "优"
min = 90

[[grade]]
name = "良"
min = 80.5

[[grade]]
name = "差"
)";

// A profile file: kProfileTop, then `grades` (kGrades unless given).
std::string profile_text(const std::string& grades = kGrades) { return std::string(kProfileTop) + grades; }

// The schema the minimal checks.toml matches: the contract's ids without parameters, plus `extra`.
std::vector<RuleSchema> schema_with(const std::vector<RuleSchema>& extra = {}) {
  std::vector<RuleSchema> out;
  for (const char* id : kContractIds) out.push_back({id, {}});
  out.insert(out.end(), extra.begin(), extra.end());
  return out;
}

jx::rules::LoadResult load(const std::string& dir, const std::vector<RuleSchema>& extra = {}) {
  return jx::rules::load_rules(dir, schema_with(extra));
}

// The real rules/ as every entry point loads them: against the audit's check registry.
jx::rules::LoadResult load_real(const std::string& dir) { return jx::audit::load_audit_rules(dir); }

// checks.toml with every contract rule, optionally without one, after `prefix` (which then starts at line 1).
std::string checks_text(const std::string& prefix = "", const std::string& skip = "") {
  std::string out = prefix;
  for (const char* id : kContractIds) {
    if (id == skip) continue;
    out += std::string("\n[[rule]]\nid = \"") + id + "\"\nseverity = \"warning\"\nmessage = \"测试\"\n";
  }
  return out;
}

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() /
            ("jx-rules-loader-" + std::to_string(std::random_device{}()) + "-" + std::to_string(counter_++));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const fs::path& path() const { return path_; }
  std::string str() const { return path_.string(); }
  void write(const std::string& name, const std::string& text) const {
    fs::create_directories((path_ / name).parent_path());
    std::ofstream(path_ / name, std::ios::binary) << text;
  }
  void write_minimal() const {
    write("headers.toml", kHeaders);
    write("values.toml", kValues);
    write("checks.toml", checks_text());
    write("narrative.toml", kNarrative);
    write("profiles/national.toml", profile_text());
  }

 private:
  fs::path path_;
  static inline int counter_ = 0;
};

std::string dump(const std::vector<LoadError>& errors) {
  std::string out;
  for (const auto& e : errors) out += e.to_string() + "\n";
  return out;
}

// The single error a broken file must produce (a copy: the result is usually a temporary).
LoadError only_error(const jx::rules::LoadResult& r) {
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(r.rules.has_value());
  EXPECT_EQ(r.errors.size(), 1u) << dump(r.errors);
  return r.errors.empty() ? LoadError{"<none>", -1, "<no error>"} : r.errors.front();
}

std::string replace_line(std::string text, int line, const std::string& replacement) {
  std::size_t pos = 0;
  for (int i = 1; i < line; ++i) pos = text.find('\n', pos) + 1;
  const std::size_t end = text.find('\n', pos);
  return text.replace(pos, end - pos, replacement);
}

// ---- the real rule files -------------------------------------------------------------------------------------

const fs::path kRealRules = fs::path(JX_SOURCE_DIR) / "rules";

TEST(RealRules, LoadWithoutErrors) {
  auto r = load_real(kRealRules.string());
  ASSERT_TRUE(r.ok()) << dump(r.errors);
  const auto& rs = *r.rules;
  for (const char* id : kContractIds) EXPECT_NE(rs.check(id), nullptr) << id;
  EXPECT_EQ(rs.headers.fields.size(), 32u);
  for (const auto& [field, synonyms] : rs.headers.fields) {
    EXPECT_FALSE(synonyms.empty()) << field;
    for (const auto& s : synonyms) EXPECT_EQ(s, jx::rules::normalize_header(s)) << field << ": stored normalised";
    EXPECT_EQ(std::set<std::string>(synonyms.begin(), synonyms.end()).size(), synonyms.size()) << field;
  }
  EXPECT_FALSE(rs.values.operators.empty());
  for (const auto& op : rs.values.operators) ASSERT_NE(op.pattern.re(), nullptr);
  ASSERT_NE(rs.values.number.re(), nullptr);
  for (const auto& p : rs.narrative.breakdown) ASSERT_NE(p.re(), nullptr);
  for (std::size_t i = 1; i < rs.values.units.size(); ++i)
    EXPECT_GE(rs.values.units[i - 1].size(), rs.values.units[i].size()) << "units sorted longest first";
  EXPECT_EQ(rs.hash.size(), 64u);
  EXPECT_EQ(rs.directory, kRealRules.string());
}

// An audit loads the rules without checks.toml's examples: the same rules, parameters and hash, no examples.
TEST(RealRules, SkippingTheExamplesLoadsTheSameRules) {
  auto with = jx::rules::load_rules(kRealRules.string(), jx::audit::check_registry());
  auto without = jx::rules::load_rules(kRealRules.string(), jx::audit::check_registry(), {}, jx::rules::kDefaultProfile,
                                       jx::rules::Examples::Skip);
  ASSERT_TRUE(with.ok()) << dump(with.errors);
  ASSERT_TRUE(without.ok()) << dump(without.errors);
  ASSERT_EQ(with.rules->checks.size(), without.rules->checks.size());
  for (std::size_t i = 0; i < with.rules->checks.size(); ++i) {
    const auto& a = with.rules->checks[i];
    const auto& b = without.rules->checks[i];
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.line, b.line) << a.id << ": lines keep their numbers";
    EXPECT_EQ(a.message, b.message);
    EXPECT_EQ(a.params, b.params);
    EXPECT_EQ(a.texts, b.texts);
    EXPECT_FALSE(a.examples.empty()) << a.id;
    EXPECT_TRUE(b.examples.empty()) << b.id;
  }
  EXPECT_EQ(with.rules->hash, without.rules->hash);
}

// A run that needs no resume key loads the same rules without their hash.
TEST(RealRules, SkippingTheHashLoadsTheSameRulesWithoutIt) {
  auto hashed = jx::rules::load_rules(kRealRules.string(), jx::audit::check_registry(), {}, jx::rules::kDefaultProfile,
                                      jx::rules::Examples::Skip);
  auto unhashed = jx::rules::load_rules(kRealRules.string(), jx::audit::check_registry(), {},
                                        jx::rules::kDefaultProfile, jx::rules::Examples::Skip, jx::rules::Hash::Skip);
  ASSERT_TRUE(hashed.ok()) << dump(hashed.errors);
  ASSERT_TRUE(unhashed.ok()) << dump(unhashed.errors);
  EXPECT_EQ(hashed.rules->hash.size(), 64u);
  EXPECT_TRUE(unhashed.rules->hash.empty());
  ASSERT_EQ(hashed.rules->checks.size(), unhashed.rules->checks.size());
  for (std::size_t i = 0; i < hashed.rules->checks.size(); ++i) {
    EXPECT_EQ(hashed.rules->checks[i].id, unhashed.rules->checks[i].id);
    EXPECT_EQ(hashed.rules->checks[i].params, unhashed.rules->checks[i].params);
  }
  EXPECT_EQ(hashed.rules->grades.size(), unhashed.rules->grades.size());
}

// Every header cell of the reference report (穗智管 2021, as its text extraction wraps them) names the field it
// should, through the synonyms of the real headers.toml.
TEST(RealRules, ReferenceReportHeadersMatch) {
  auto r = load_real(kRealRules.string());
  ASSERT_TRUE(r.ok()) << dump(r.errors);
  const auto& fields = r.rules->headers.fields;
  auto matches = [&](const std::string& field, const std::string& cell) {
    const auto& syn = fields.at(field);
    return std::find(syn.begin(), syn.end(), jx::rules::normalize_header(cell)) != syn.end();
  };
  const std::pair<const char*, const char*> cases[] = {
      {"initial_budget", "1.年度预算数"},
      {"annual_budget", "年度支出预\n算数"},
      {"executed", "预算完成数"},
      {"budget_weight", "分值"},
      {"execution_rate", "预算完成率"},
      {"budget_score", "得分"},
      {"total_row", "总额"},
      {"level1", "一 级\n指标"},
      {"level2", "二 级\n指标"},
      {"name", "三 级\n指标"},
      {"target", "年 度 指\n标值"},
      {"actual", "实际完成指\n标值"},
      {"weight", "分值（权重）"},
      {"self_score", "自评得分"},
      {"deviation", "偏差原因分析及改进措施"},
      {"project_name", "项目名称"},
      {"department", "主管部门"},
      {"implementer", "实施单位"},
      {"level", "项目级次"},
      {"total_score", "总分"},
      {"annual_budget", "全年预算数(A)"},
      {"execution_rate", "执行率（B/A）"},
      {"target", "年度指标值（A）"},
      {"op", "指标性质"},
      {"unit", "度量单位"},
      {"total_row", "年度资金总额"},
  };
  for (const auto& [field, cell] : cases) EXPECT_TRUE(matches(field, cell)) << field << " <- " << cell;
  EXPECT_FALSE(matches("initial_budget", "年度支出预算数"));  // 年度支出预算数 is the adjusted budget
}

TEST(RealRules, HashIsStableAndFollowsTheBytes) {
  TempDir a, b;
  a.write_minimal();
  b.write_minimal();
  auto ra = load(a.str());
  auto rb = load(b.str());
  ASSERT_TRUE(ra.ok() && rb.ok()) << dump(ra.errors) << dump(rb.errors);
  EXPECT_EQ(ra.rules->hash, rb.rules->hash);  // names and bytes only, not the directory
  auto real = load_real(kRealRules.string());
  ASSERT_TRUE(real.ok()) << dump(real.errors);
  EXPECT_NE(ra.rules->hash, real.rules->hash);

  b.write("narrative.toml", std::string(kNarrative) + "# one more comment\n");
  auto rb2 = load(b.str());
  ASSERT_TRUE(rb2.ok());
  EXPECT_NE(rb2.rules->hash, ra.rules->hash);

  // An extra *.toml file is not read as rules but is part of the hash.
  a.write("zz-notes.toml", "this is [not toml");
  auto ra2 = load(a.str());
  ASSERT_TRUE(ra2.ok()) << dump(ra2.errors);
  EXPECT_NE(ra2.rules->hash, ra.rules->hash);
}

TEST(RealRules, MinimalDirectoryLoads) {
  TempDir d;
  d.write_minimal();
  auto r = load(d.str());
  ASSERT_TRUE(r.ok()) << dump(r.errors);
  const auto& v = r.rules->values;
  ASSERT_EQ(v.operators.size(), 2u);
  EXPECT_EQ(v.operators[0].op, ">=");
  EXPECT_EQ(v.operators[0].position, jx::rules::OperatorPosition::Before);
  EXPECT_EQ(v.operators[0].pattern.line, 10);
  EXPECT_EQ(v.operators[1].position, jx::rules::OperatorPosition::After);
  // By length in bytes, then by bytes (亿 is U+4EBF, 份 U+4EFD).
  EXPECT_EQ(v.units, (std::vector<std::string>{"亿条", "亿", "份", "%"}));
  EXPECT_EQ(r.rules->checks.size(), 11u);
  EXPECT_EQ(r.rules->checks.front().id, "budget.rate_mismatch");  // file order
}

// ---- checks.toml details ------------------------------------------------------------------------------------

TEST(Checks, ParamsAndExamples) {
  TempDir d;
  d.write_minimal();
  d.write("checks.toml", checks_text(R"([[rule]]
id = "x.example"
severity = "info"
message = "示例"
[rule.params]
ratio = 1.2
count = 3
[[rule.example]]
target = "不少于30份"
fires = true
[[rule.example]]
target = "30份"
fires = false
)"));
  auto r = load(d.str(), {{"x.example", {{"ratio", ParamType::Number}, {"count", ParamType::Number}}}});
  ASSERT_TRUE(r.ok()) << dump(r.errors);
  const auto* c = r.rules->check("x.example");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->line, 1);
  EXPECT_EQ(c->severity, jx::Severity::Info);
  EXPECT_EQ(c->message, "示例");
  EXPECT_DOUBLE_EQ(c->number("ratio"), 1.2);
  EXPECT_DOUBLE_EQ(r.rules->rule("x.example").number("count"), 3.0);
  EXPECT_THROW(c->number("absent"), std::out_of_range);  // no fallback: the schema guarantees what a check reads
  EXPECT_THROW(r.rules->rule("no.such.rule"), std::out_of_range);
  EXPECT_EQ(r.rules->check("no.such.rule"), nullptr);
  ASSERT_EQ(c->examples.size(), 2u);
  EXPECT_EQ(c->examples[0].line, 8);
  EXPECT_TRUE(c->examples[0].fires);
  EXPECT_EQ(c->examples[0].fields.at("target"), "不少于30份");
  EXPECT_EQ(c->examples[0].fields.count("fires"), 0u);
  EXPECT_EQ(c->examples[1].line, 11);
  EXPECT_FALSE(c->examples[1].fires);
}

// ---- broken files: one problem each, with its line -------------------------------------------------------------

TEST(BadRules, RegexRe2Rejects) {
  TempDir d;
  d.write_minimal();
  d.write("values.toml", replace_line(kValues, 10, "pattern = '(不少于'"));
  const LoadError e = only_error(load(d.str()));
  EXPECT_EQ(fs::path(e.file).filename(), "values.toml");
  EXPECT_EQ(e.line, 10);
  EXPECT_THAT(e.message, HasSubstr("does not compile"));
  EXPECT_THAT(e.message, HasSubstr("missing )"));  // RE2's own explanation
}

TEST(BadRules, RegexInNarrative) {
  TempDir d;
  d.write_minimal();
  d.write("narrative.toml", replace_line(kNarrative, 4, "pattern = '合计[0-9'"));
  const LoadError e = only_error(load(d.str()));
  EXPECT_EQ(fs::path(e.file).filename(), "narrative.toml");
  EXPECT_EQ(e.line, 4);
  EXPECT_THAT(e.message, HasSubstr("missing ]"));
}

// A pattern that makes a backtracking engine take exponential time on a near-miss is accepted: RE2 matches in
// time linear in the text, so a hostile report cannot stall the narrative check through the rule files.
TEST(HostilePatterns, NestedQuantifierLoadsAndMatchesInLinearTime) {
  TempDir d;
  d.write_minimal();
  d.write("narrative.toml", replace_line(kNarrative, 4, "pattern = '(a+)+$'"));
  auto loaded = load(d.str());
  ASSERT_TRUE(loaded.ok()) << (loaded.errors.empty() ? "" : loaded.errors.front().to_string());
  ASSERT_EQ(loaded.rules->narrative.breakdown.size(), 1u);
  const auto& re = *loaded.rules->narrative.breakdown.front().re();
  const std::string near_miss = std::string(1 << 20, 'a') + "!";  // a backtracker tries 2^(1 Mi) splits
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(re2::RE2::PartialMatch(near_miss, re));
  EXPECT_TRUE(re2::RE2::PartialMatch(near_miss.substr(0, near_miss.size() - 1), re));
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 5.0);  // about 10 ms in a release build; sanitizer builds are slower
}

TEST(BadRules, MissingHeaderKey) {
  TempDir d;
  d.write_minimal();
  d.write("headers.toml", replace_line(kHeaders, 7, "# actual removed"));
  const LoadError e = only_error(load(d.str()));
  EXPECT_EQ(fs::path(e.file).filename(), "headers.toml");
  EXPECT_EQ(e.line, 2);  // the [indicator_columns] header
  EXPECT_THAT(e.message, HasSubstr("missing key 'actual'"));
}

TEST(BadRules, MisplacedAndUnknownHeaderKeys) {
  TempDir d;
  d.write_minimal();
  std::string h = replace_line(kHeaders, 12, "unit = [\"度量单位\"]\ntotal_row = [\"总额\"]");  // line 13
  h = replace_line(h, 4, "levl2 = [\"二级指标\"]");
  d.write("headers.toml", h);
  auto r = load(d.str());
  ASSERT_EQ(r.errors.size(), 3u) << dump(r.errors);
  // unknown field levl2 (line 4), misplaced total_row (line 13), and level2 missing from the section (line 2).
  std::map<int, std::string> by_line;
  for (const auto& e : r.errors) by_line[e.line] = e.message;
  EXPECT_THAT(by_line[4], HasSubstr("unknown field 'levl2'"));
  EXPECT_THAT(by_line[13], HasSubstr("belongs in [budget_rows]"));
  EXPECT_THAT(by_line[2], HasSubstr("missing key 'level2'"));
}

TEST(BadRules, WrongTypeInHeaders) {
  TempDir d;
  d.write_minimal();
  d.write("headers.toml", replace_line(kHeaders, 3, "level1 = \"一级指标\""));
  const LoadError e = only_error(load(d.str()));
  EXPECT_EQ(e.line, 3);
  EXPECT_THAT(e.message, HasSubstr("must be an array of strings, not a string"));
}

TEST(BadRules, NumberInsteadOfStringInASynonymList) {
  TempDir d;
  d.write_minimal();
  d.write("headers.toml", replace_line(kHeaders, 5, "name = [\n  \"三级指标\",\n  3,\n]"));
  const LoadError e = only_error(load(d.str()));
  EXPECT_EQ(e.line, 7);  // the element itself
  EXPECT_THAT(e.message, HasSubstr("found an integer"));
}

TEST(BadRules, UnknownSeverityAndWrongTypeAreBothReported) {
  TempDir d;
  d.write_minimal();
  d.write("checks.toml", checks_text(R"([[rule]]
id = "extra.rule"
severity = "fatal"
message = 42
)"));
  auto r = load(d.str(), {{"extra.rule", {}}});
  EXPECT_FALSE(r.ok());
  ASSERT_EQ(r.errors.size(), 2u) << dump(r.errors);
  EXPECT_EQ(fs::path(r.errors[0].file).filename(), "checks.toml");
  EXPECT_EQ(r.errors[0].line, 3);
  EXPECT_THAT(r.errors[0].message, HasSubstr("unknown severity 'fatal'"));
  EXPECT_EQ(r.errors[1].line, 4);
  EXPECT_THAT(r.errors[1].message, HasSubstr("'message' must be a string, not an integer"));
}

// evidence_cells names the indicator_columns fields a rule's crop tints: a known field loads, an unknown one is an
// error on its line.
TEST(BadRules, EvidenceCellsNameIndicatorColumns) {
  TempDir d;
  d.write_minimal();
  d.write("checks.toml", checks_text(R"([[rule]]
id = "extra.rule"
severity = "info"
evidence_cells = ["target", "self_score"]
message = "x"
)"));
  auto good = load(d.str(), {{"extra.rule", {}}});
  ASSERT_TRUE(good.ok()) << dump(good.errors);
  EXPECT_EQ(good.rules->rule("extra.rule").evidence_cells, (std::vector<std::string>{"target", "self_score"}));
  d.write("checks.toml", checks_text(R"([[rule]]
id = "extra.rule"
severity = "info"
evidence_cells = ["target", "score"]
message = "x"
)"));
  auto bad = load(d.str(), {{"extra.rule", {}}});
  ASSERT_EQ(bad.errors.size(), 1u) << dump(bad.errors);
  EXPECT_EQ(bad.errors[0].line, 4);
  EXPECT_THAT(bad.errors[0].message, HasSubstr("evidence_cells of rule 'extra.rule': unknown field 'score'"));
}

TEST(BadRules, RuleMissingMessageAndExampleWithoutFires) {
  TempDir d;
  d.write_minimal();
  d.write("checks.toml", checks_text(R"([[rule]]
id = "extra.rule"
severity = "info"
[[rule.example]]
target = "30份"
[[rule.example]]
target = 30
fires = "yes"
)"));
  auto r = load(d.str(), {{"extra.rule", {}}});
  ASSERT_EQ(r.errors.size(), 4u) << dump(r.errors);
  EXPECT_EQ(r.errors[0].line, 1);
  EXPECT_THAT(r.errors[0].message, HasSubstr("missing key 'message'"));
  EXPECT_EQ(r.errors[1].line, 4);
  EXPECT_THAT(r.errors[1].message, HasSubstr("lacks 'fires"));
  EXPECT_EQ(r.errors[2].line, 7);
  EXPECT_THAT(r.errors[2].message, HasSubstr("must be a string, not an integer"));
  EXPECT_EQ(r.errors[3].line, 8);
  EXPECT_THAT(r.errors[3].message, HasSubstr("must be a boolean"));
}

// Each file's [[tables]] key, missing or written as a plain value, is reported with the file and the line.
TEST(BadRules, TablesMissingOrWrittenAsAValue) {
  struct Case {
    const char* file;
    std::string text;
    int line;
    const char* message;
  };
  const std::vector<Case> cases = {
      {"checks.toml", "rule = 1\n", 1, "'rule' must be written as [[rule]] tables"},
      {"checks.toml", "# nothing\n", 0, "missing [[rule]] tables"},
      {"profiles/national.toml", replace_line(kProfileTop, 4, "grade = \"优\""), 4,
       "'grade' must be written as [[grade]] tables"},
      {"profiles/national.toml", kProfileTop, 0, "missing [[grade]] tables"},
      {"narrative.toml", "count_units = [\"项\"]\nbreakdown = \"包含\"\n", 2,
       "'breakdown' must be written as [[breakdown]] tables"},
      {"narrative.toml", "count_units = [\"项\"]\n", 0, "missing [[breakdown]] tables"},
  };
  for (const auto& c : cases) {
    TempDir d;
    d.write_minimal();
    d.write(c.file, c.text);
    auto r = load(d.str());
    EXPECT_FALSE(r.ok()) << c.file << ": " << c.text;
    bool found = false;
    for (const auto& e : r.errors)
      found |= e.file == (d.path() / c.file).string() && e.line == c.line && e.message == c.message;
    EXPECT_TRUE(found) << c.file << ":" << c.line << ": " << c.message << " not among\n" << dump(r.errors);
  }
}

TEST(BadRules, DuplicateRuleId) {
  TempDir d;
  d.write_minimal();
  d.write("checks.toml", checks_text("[[rule]]\nid = \"target.too_low\"\nseverity = \"error\"\nmessage = \"x\"\n"));
  const LoadError e = only_error(load(d.str()));
  // The contract rules follow the prefix: target.too_low's second definition is the 7th rule after it.
  EXPECT_EQ(e.line, 4 + 6 * 5 + 3);
  EXPECT_THAT(e.message, HasSubstr("defined twice (first at line 2)"));
}

// A registered check whose rule is not in checks.toml: the file as a whole is wrong (there is no line to point at).
TEST(BadRules, ImplementationWithoutRule) {
  TempDir d;
  d.write_minimal();
  d.write("checks.toml", checks_text("", "target.too_low"));
  const LoadError e = only_error(load(d.str()));
  EXPECT_EQ(fs::path(e.file).filename(), "checks.toml");
  EXPECT_EQ(e.line, 0);  // a file-wide problem
  EXPECT_THAT(e.message, HasSubstr("'target.too_low'"));
  EXPECT_THAT(e.message, HasSubstr("has no [[rule]]"));
  EXPECT_THAT(e.to_string(), HasSubstr("checks.toml: rule 'target.too_low'"));

  // Not only the contract's ids: any registered one.
  d.write("checks.toml", checks_text());
  const LoadError e2 = only_error(load(d.str(), {{"x.new_check", {}}}));
  EXPECT_EQ(e2.line, 0);
  EXPECT_THAT(e2.message, HasSubstr("rule 'x.new_check' is implemented"));
}

// A [[rule]] no check implements: its id line.
TEST(BadRules, RuleWithoutImplementation) {
  TempDir d;
  d.write_minimal();
  d.write("checks.toml", checks_text("[[rule]]\nid = \"x.unimplemented\"\nseverity = \"info\"\nmessage = \"x\"\n"));
  const LoadError e = only_error(load(d.str()));
  EXPECT_EQ(fs::path(e.file).filename(), "checks.toml");
  EXPECT_EQ(e.line, 2);
  EXPECT_THAT(e.message, HasSubstr("rule 'x.unimplemented' has no implementation"));
}

// ---- [rule.params] against the schema -------------------------------------------------------------------------

const std::vector<RuleSchema> kParamSchema = {
    {"x.params", {{"ratio", ParamType::Number}, {"reason", ParamType::Text}}}};

// A rule x.params (lines 1–4) with `params` (the lines from 5 on) before the contract rules.
std::string params_rule(const std::string& params) {
  return checks_text("[[rule]]\nid = \"x.params\"\nseverity = \"info\"\nmessage = \"{reason}\"\n" + params);
}

TEST(Params, DeclaredParamsLoadWithTheirTypes) {
  TempDir d;
  d.write_minimal();
  d.write("checks.toml", params_rule("[rule.params]\nratio = 2\nreason = \"超出{excess}%\"\n"));
  auto r = load(d.str(), kParamSchema);
  ASSERT_TRUE(r.ok()) << dump(r.errors);
  EXPECT_DOUBLE_EQ(r.rules->rule("x.params").number("ratio"), 2.0);  // a TOML integer is a number
  EXPECT_EQ(r.rules->rule("x.params").text("reason"), "超出{excess}%");
}

TEST(Params, MisspeltKey) {
  TempDir d;
  d.write_minimal();
  d.write("checks.toml", params_rule("[rule.params]\nratoi = 1.2\nreason = \"x\"\n"));
  auto r = load(d.str(), kParamSchema);
  ASSERT_EQ(r.errors.size(), 2u) << dump(r.errors);
  EXPECT_EQ(fs::path(r.errors[0].file).filename(), "checks.toml");
  // The [rule.params] table lacks ratio (line 5); ratoi is unknown (line 6).
  EXPECT_EQ(r.errors[0].line, 5);
  EXPECT_THAT(r.errors[0].message, HasSubstr("missing param 'ratio' (a number) of rule 'x.params'"));
  EXPECT_EQ(r.errors[1].line, 6);
  EXPECT_THAT(r.errors[1].message,
              HasSubstr("unknown param 'ratoi' of rule 'x.params' (its check reads: ratio, reason)"));
  EXPECT_FALSE(r.rules.has_value());
}

TEST(Params, UnknownKeyOnARuleThatReadsNone) {
  TempDir d;
  d.write_minimal();
  // target.too_low of the test schema reads nothing.
  d.write("checks.toml", checks_text("[[rule]]\nid = \"target.too_low\"\nseverity = \"info\"\nmessage = \"x\"\n"
                                     "[rule.params]\nratio = 1.2\n",
                                     "target.too_low"));
  const LoadError e = only_error(load(d.str()));
  EXPECT_EQ(e.line, 6);
  EXPECT_THAT(e.message, HasSubstr("unknown param 'ratio' of rule 'target.too_low' (its check reads none)"));
}

TEST(Params, MissingParam) {
  TempDir d;
  d.write_minimal();
  // No [rule.params] at all: both are missing, reported at the rule.
  d.write("checks.toml", params_rule(""));
  auto r = load(d.str(), kParamSchema);
  ASSERT_EQ(r.errors.size(), 2u) << dump(r.errors);
  EXPECT_EQ(r.errors[0].line, 1);
  EXPECT_THAT(r.errors[0].message, HasSubstr("missing param 'ratio' (a number)"));
  EXPECT_EQ(r.errors[1].line, 1);
  EXPECT_THAT(r.errors[1].message, HasSubstr("missing param 'reason' (a string)"));

  // One missing from the table: reported at the table.
  d.write("checks.toml", params_rule("[rule.params]\nratio = 1.2\n"));
  const LoadError e = only_error(load(d.str(), kParamSchema));
  EXPECT_EQ(e.line, 5);
  EXPECT_THAT(e.message, HasSubstr("missing param 'reason' (a string) of rule 'x.params'"));
}

TEST(Params, WrongType) {
  TempDir d;
  d.write_minimal();
  d.write("checks.toml", params_rule("[rule.params]\nratio = \"1.2\"\nreason = 3\n"));
  auto r = load(d.str(), kParamSchema);
  ASSERT_EQ(r.errors.size(), 2u) << dump(r.errors);
  EXPECT_EQ(r.errors[0].line, 6);
  EXPECT_THAT(r.errors[0].message, HasSubstr("param 'ratio' of rule 'x.params' must be a number, not a string"));
  EXPECT_EQ(r.errors[1].line, 7);
  EXPECT_THAT(r.errors[1].message,
              HasSubstr("param 'reason' of rule 'x.params' must be a non-empty string, not an integer"));

  d.write("checks.toml", params_rule("[rule.params]\nratio = 1.2\nreason = \"\"\n"));
  const LoadError e = only_error(load(d.str(), kParamSchema));
  EXPECT_EQ(e.line, 7);
  EXPECT_THAT(e.message, HasSubstr("must be a non-empty string, not an empty string"));

  d.write("checks.toml", params_rule("params = 3\n"));
  const LoadError e2 = only_error(load(d.str(), kParamSchema));
  EXPECT_EQ(e2.line, 5);
  EXPECT_THAT(e2.message, HasSubstr("'params' of rule 'x.params' must be a table, not an integer"));
}

// ---- the profile's grade bands ------------------------------------------------------------------------------

constexpr int G = kGradesLine - 1;  // a line of kGrades is line G + n of the profile file

TEST(Grades, BandsLoadHighestFirst) {
  TempDir d;
  d.write_minimal();
  auto r = load(d.str());
  ASSERT_TRUE(r.ok()) << dump(r.errors);
  const auto& g = r.rules->grades;
  ASSERT_EQ(g.size(), 3u);
  EXPECT_EQ(g[0].name, "优");
  EXPECT_EQ(g[1].min, 80.5);
  EXPECT_FALSE(g[2].min.has_value());
  EXPECT_EQ(g[2].line, G + 9);
  EXPECT_EQ(jx::rules::grade_of(g, 90.0), "优");
  EXPECT_EQ(jx::rules::grade_of(g, 80.5), "良");
  EXPECT_EQ(jx::rules::grade_of(g, 80.49), "差");
  EXPECT_EQ(jx::rules::grade_of(g, -1.0), "差");
  EXPECT_EQ(jx::rules::grade_of(g, std::nullopt), "");
}

TEST(Grades, UnsortedOrEqualBands) {
  TempDir d;
  d.write_minimal();
  d.write("profiles/national.toml", profile_text(replace_line(kGrades, 7, "min = 95")));
  const LoadError e = only_error(load(d.str()));
  EXPECT_EQ(e.file, (d.path() / "profiles" / "national.toml").string());
  EXPECT_EQ(e.line, G + 7);
  EXPECT_THAT(e.message,
              HasSubstr("grade '良' (min 95) must be below the grade before it (line " + std::to_string(G + 1) + ")"));

  d.write("profiles/national.toml", profile_text(replace_line(kGrades, 7, "min = 90")));
  const LoadError e2 = only_error(load(d.str()));
  EXPECT_EQ(e2.line, G + 7);
  EXPECT_THAT(e2.message, HasSubstr("must be below the grade before it"));
}

TEST(Grades, OnlyTheLastBandLacksMin) {
  TempDir d;
  d.write_minimal();
  d.write("profiles/national.toml", profile_text(replace_line(kGrades, 3, "# no min")));
  const LoadError e = only_error(load(d.str()));
  EXPECT_EQ(e.line, G + 1);
  EXPECT_THAT(e.message, HasSubstr("only the last [[grade]] may lack 'min'"));

  d.write("profiles/national.toml", profile_text(std::string(kGrades) + "min = 0\n"));
  const LoadError e2 = only_error(load(d.str()));
  EXPECT_EQ(e2.line, G + 9);
  EXPECT_THAT(e2.message, HasSubstr("the last [[grade]] must have no 'min'"));
}

TEST(Grades, WrongTypesAndUnknownKeys) {
  TempDir d;
  d.write_minimal();
  d.write("profiles/national.toml",
          profile_text(replace_line(replace_line(kGrades, 6, "nmae = \"良\""), 3, "min = \"90\"")));
  auto r = load(d.str());
  ASSERT_EQ(r.errors.size(), 3u) << dump(r.errors);
  EXPECT_EQ(r.errors[0].line, G + 3);
  EXPECT_THAT(r.errors[0].message, HasSubstr("'min' of a [[grade]] must be a number, not a string"));
  EXPECT_EQ(r.errors[1].line, G + 5);
  EXPECT_THAT(r.errors[1].message, HasSubstr("missing key 'name'"));
  EXPECT_EQ(r.errors[2].line, G + 6);
  EXPECT_THAT(r.errors[2].message, HasSubstr("unknown key 'nmae' in [[grade]]"));
}

// A rules directory of before profiles: its grades.toml is refused with where the bands go now.
TEST(Grades, AGradesFileIsMovedToTheProfile) {
  TempDir d;
  d.write_minimal();
  d.write("grades.toml", kGrades);
  const LoadError e = only_error(load(d.str()));
  EXPECT_EQ(fs::path(e.file).filename(), "grades.toml");
  EXPECT_EQ(e.line, 0);
  EXPECT_THAT(e.message, HasSubstr("grade bands belong to the scoring profile now: move the [[grade]] tables to "
                                   "profiles/national.toml"));
}

// ---- profiles ----------------------------------------------------------------------------------------------

constexpr int kTailLine = kGradesLine + 10;  // the first line after kGrades in profile_text()

jx::rules::LoadResult load_profile(const std::string& dir, const std::string& profile,
                                   const std::vector<RuleSchema>& extra = {}) {
  return jx::rules::load_rules(dir, schema_with(extra), jx::Limits{}, profile);
}

TEST(Profiles, TheMinimalProfileIsApplied) {
  TempDir d;
  d.write_minimal();
  auto r = load(d.str());  // the default profile: national
  ASSERT_TRUE(r.ok()) << dump(r.errors);
  const auto& p = r.rules->profile;
  EXPECT_EQ(p.name, "national");
  EXPECT_EQ(p.description, "minimal");
  EXPECT_DOUBLE_EQ(p.budget_weight, 10);
  ASSERT_EQ(p.level_weights.size(), 1u);
  EXPECT_EQ(p.level_weights[0].level1, "产出");
  EXPECT_DOUBLE_EQ(p.level_weights[0].points, 90);
  EXPECT_EQ(p.reverse, jx::rules::ReverseFormula::Ratio);
  EXPECT_EQ(r.rules->grades.size(), 3u);
  EXPECT_EQ(jx::rules::profile_names(d.str()), (std::vector<std::string>{"national"}));
}

TEST(Profiles, TheRealProfiles) {
  EXPECT_EQ(jx::rules::profile_names(kRealRules.string()), (std::vector<std::string>{"budget20", "national"}));
  auto national = jx::audit::load_audit_rules(kRealRules.string(), jx::Limits{}, "national");
  ASSERT_TRUE(national.ok()) << dump(national.errors);
  const auto& n = national.rules->profile;
  EXPECT_EQ(n.name, "national");
  EXPECT_DOUBLE_EQ(n.budget_weight, 10);
  std::vector<std::pair<std::string, double>> split;
  for (const auto& lw : n.level_weights) split.emplace_back(lw.level1, lw.points);
  EXPECT_EQ(split, (std::vector<std::pair<std::string, double>>{{"产出", 50}, {"效益", 30}, {"满意度", 10}}));
  EXPECT_EQ(n.reverse, jx::rules::ReverseFormula::Ratio);
  const auto& g = national.rules->grades;
  EXPECT_EQ(jx::rules::grade_of(g, 90.0), "优");
  EXPECT_EQ(jx::rules::grade_of(g, 89.99), "良");
  EXPECT_EQ(jx::rules::grade_of(g, 80.0), "良");
  EXPECT_EQ(jx::rules::grade_of(g, 60.0), "中");
  EXPECT_EQ(jx::rules::grade_of(g, 59.99), "差");
  // The default of both entry points is national, with the same hash.
  auto by_default = load_real(kRealRules.string());
  ASSERT_TRUE(by_default.ok()) << dump(by_default.errors);
  EXPECT_EQ(by_default.rules->profile.name, "national");
  EXPECT_EQ(by_default.rules->hash, national.rules->hash);

  auto b20 = jx::audit::load_audit_rules(kRealRules.string(), jx::Limits{}, "budget20");
  ASSERT_TRUE(b20.ok()) << dump(b20.errors);
  const auto& b = b20.rules->profile;
  EXPECT_EQ(b.name, "budget20");
  EXPECT_FALSE(b.description.empty());
  EXPECT_DOUBLE_EQ(b.budget_weight, 20);
  double sum = b.budget_weight;
  for (const auto& lw : b.level_weights) sum += lw.points;
  EXPECT_DOUBLE_EQ(sum, 100);
  EXPECT_EQ(b.reverse, jx::rules::ReverseFormula::Linear);
  EXPECT_EQ(jx::rules::grade_of(b20.rules->grades, 80.0), "优");
  EXPECT_EQ(jx::rules::grade_of(b20.rules->grades, 79.99), "良");
  EXPECT_EQ(jx::rules::grade_of(b20.rules->grades, 70.0), "良");
  EXPECT_EQ(jx::rules::grade_of(b20.rules->grades, 69.99), "中");
  EXPECT_NE(b20.rules->hash, national.rules->hash);
  // Neither overrides a parameter: the checks are checks.toml's.
  EXPECT_DOUBLE_EQ(b20.rules->rule("target.too_low").number("ratio"),
                   national.rules->rule("target.too_low").number("ratio"));
}

TEST(Profiles, AnUnknownProfileListsTheProfilesThereAre) {
  TempDir d;
  d.write_minimal();
  d.write("profiles/budget20.toml", profile_text());
  for (const char* name : {"shanghai", "../checks", "national.toml", ""}) {
    const LoadError e = only_error(load_profile(d.str(), name));
    EXPECT_EQ(e.file, (d.path() / "profiles").string()) << name;
    EXPECT_EQ(e.line, 0);
    EXPECT_EQ(e.message, "unknown profile '" + std::string(name) + "' (profiles available: budget20, national)");
  }
  d.write("profiles/my profile.toml", profile_text());
  const LoadError spaced = only_error(load_profile(d.str(), "my profile"));
  EXPECT_EQ(spaced.file, (d.path() / "profiles" / "my profile.toml").string());
  EXPECT_THAT(spaced.message, HasSubstr("letters, digits, '-' and '_' only: rename the file"));

  fs::remove_all(d.path() / "profiles");
  const LoadError e = only_error(load(d.str()));
  EXPECT_EQ(e.message, "unknown profile 'national' (this rules directory has no profiles/*.toml)");
}

TEST(Profiles, KeysTypesAndFormula) {
  TempDir d;
  d.write_minimal();
  std::string text = replace_line(profile_text(), 2, "budget_weight = \"10\"");
  text = replace_line(text, 3, "reverse = \"quadratic\"");
  text = replace_line(text, 4, "colour = \"red\"");
  d.write("profiles/national.toml", text);
  auto r = load(d.str());
  ASSERT_EQ(r.errors.size(), 3u) << dump(r.errors);
  EXPECT_EQ(r.errors[0].file, (d.path() / "profiles" / "national.toml").string());
  EXPECT_EQ(r.errors[0].line, 2);
  EXPECT_THAT(r.errors[0].message, HasSubstr("'budget_weight' of the profile must be a number, not a string"));
  EXPECT_EQ(r.errors[1].line, 3);
  EXPECT_THAT(r.errors[1].message, HasSubstr("unknown reverse formula 'quadratic' (expected \"ratio\""));
  EXPECT_EQ(r.errors[2].line, 4);
  EXPECT_THAT(r.errors[2].message, HasSubstr("unknown key 'colour' in a profile"));

  d.write("profiles/national.toml", replace_line(profile_text(), 1, "# no description"));
  const LoadError e = only_error(load(d.str()));
  EXPECT_EQ(e.line, 0);
  EXPECT_THAT(e.message, HasSubstr("missing key 'description'"));

  // "linear" is the other formula.
  d.write("profiles/national.toml", replace_line(profile_text(), 3, "reverse = \"linear\""));
  auto linear = load(d.str());
  ASSERT_TRUE(linear.ok()) << dump(linear.errors);
  EXPECT_EQ(linear.rules->profile.reverse, jx::rules::ReverseFormula::Linear);
}

TEST(Profiles, TheStandardSplit) {
  TempDir d;
  d.write_minimal();
  d.write("profiles/national.toml", replace_line(profile_text(), 7, "points = 80"));
  const LoadError e = only_error(load(d.str()));
  EXPECT_EQ(e.line, 2);
  EXPECT_THAT(e.message, HasSubstr("the standard split must add up to 100 points: budget_weight 10 + 产出 80 = 90"));

  // Short forms, no category twice, positive points, both keys.
  std::string text = replace_line(profile_text(), 6, "level1 = \"产出指标\"");
  text = replace_line(text, 8,
                      "[[level_weight]]\nlevel1 = \"产出指标\"\npoints = 0\n[[level_weight]]\nlevel1 = \"效益\"\n");
  // lines 8-12 now: [[level_weight]] level1 (9) points (10) [[level_weight]] (11) level1 (12)
  d.write("profiles/national.toml", text);
  auto r = load(d.str());
  ASSERT_EQ(r.errors.size(), 4u) << dump(r.errors);
  EXPECT_EQ(r.errors[0].line, 6);
  EXPECT_THAT(r.errors[0].message,
              HasSubstr("'level1' is the 一级 category in its short form: '产出', not '产出指标'"));
  EXPECT_EQ(r.errors[1].line, 9);
  EXPECT_THAT(r.errors[1].message, HasSubstr("short form"));
  EXPECT_EQ(r.errors[2].line, 10);
  EXPECT_THAT(r.errors[2].message, HasSubstr("'points' of a [[level_weight]] must be above 0"));
  EXPECT_EQ(r.errors[3].line, 11);
  EXPECT_THAT(r.errors[3].message, HasSubstr("missing key 'points' in a [[level_weight]]"));

  d.write("profiles/national.toml",
          replace_line(profile_text(), 8, "[[level_weight]]\nlevel1 = \"产出\"\npoints = 0.5\n"));
  const LoadError twice = only_error(load(d.str()));
  EXPECT_EQ(twice.line, 9);
  EXPECT_THAT(twice.message, HasSubstr("level1 '产出' is listed twice (first at line 6)"));
}

TEST(Profiles, OverridesReplaceTheParamsOfChecksToml) {
  TempDir d;
  d.write_minimal();
  d.write("checks.toml", params_rule("[rule.params]\nratio = 1.2\nreason = \"超出{excess}%\"\n"));
  d.write("profiles/national.toml", profile_text() + "\n[params.\"x.params\"]\nratio = 1.5\n");
  d.write("profiles/other.toml", profile_text() + "\n[params.\"x.params\"]\nreason = \"偏离{excess}%\"\n");
  auto r = load(d.str(), kParamSchema);
  ASSERT_TRUE(r.ok()) << dump(r.errors);
  EXPECT_DOUBLE_EQ(r.rules->rule("x.params").number("ratio"), 1.5);
  EXPECT_EQ(r.rules->rule("x.params").text("reason"), "超出{excess}%");  // not overridden: checks.toml's
  auto other = load_profile(d.str(), "other", kParamSchema);
  ASSERT_TRUE(other.ok()) << dump(other.errors);
  EXPECT_EQ(other.rules->profile.name, "other");
  EXPECT_DOUBLE_EQ(other.rules->rule("x.params").number("ratio"), 1.2);
  EXPECT_EQ(other.rules->rule("x.params").text("reason"), "偏离{excess}%");
}

TEST(Profiles, OverridesAreCheckedAgainstTheSchema) {
  TempDir d;
  d.write_minimal();
  d.write("checks.toml", params_rule("[rule.params]\nratio = 1.2\nreason = \"超出{excess}%\"\n"));
  const int L = kTailLine;
  d.write("profiles/national.toml", profile_text() +
                                        "[params.\"x.params\"]\n"  // L
                                        "ratoi = 1.5\n"            // L + 1
                                        "ratio = \"1.5\"\n"        // L + 2
                                        "reason = \"\"\n"          // L + 3
                                        "[params.\"no.such\"]\n"   // L + 4
                                        "ratio = 1\n"              // L + 5
                                        "[params.x.params]\n"      // L + 6: the table "x" holding "params"
                                        "ratio = 2\n");
  auto r = load(d.str(), kParamSchema);
  ASSERT_EQ(r.errors.size(), 5u) << dump(r.errors);
  // [params.x.params] makes the key "x" of [params] (first seen at L + 6) beside "x.params" and "no.such".
  std::vector<std::pair<int, std::string>> got;
  for (const auto& e : r.errors) got.emplace_back(e.line, e.message);
  EXPECT_EQ(got[0].first, L + 1);
  EXPECT_THAT(got[0].second,
              HasSubstr("override of unknown param 'ratoi' of rule 'x.params' (its check reads: ratio, reason)"));
  EXPECT_EQ(got[1].first, L + 2);
  EXPECT_THAT(got[1].second, HasSubstr("override of param 'ratio' of rule 'x.params' must be a finite number, not a "
                                       "string"));
  EXPECT_EQ(got[2].first, L + 3);
  EXPECT_THAT(got[2].second, HasSubstr("must be a non-empty string, not an empty string"));
  EXPECT_EQ(got[3].first, L + 4);
  EXPECT_THAT(got[3].second, HasSubstr("override of rule 'no.such', which does not exist"));
  EXPECT_EQ(got[4].first, L + 6);
  EXPECT_THAT(got[4].second, HasSubstr("override of rule 'x', which does not exist"));
  EXPECT_THAT(got[4].second, HasSubstr("quote it, [params.\"x.params\"]"));

  d.write("profiles/national.toml", replace_line(profile_text(), 4, "params = 3"));
  const LoadError e = only_error(load(d.str(), kParamSchema));
  EXPECT_EQ(e.line, 4);
  EXPECT_THAT(e.message, HasSubstr("'params' must be a table of [params.\"<rule id>\"] tables, not an integer"));
}

TEST(Profiles, TheHashFollowsTheAppliedProfile) {
  TempDir d;
  d.write_minimal();
  d.write("profiles/other.toml", profile_text());  // the same bytes under another name
  auto national = load(d.str());
  auto other = load_profile(d.str(), "other");
  ASSERT_TRUE(national.ok() && other.ok()) << dump(national.errors) << dump(other.errors);
  EXPECT_NE(national.rules->hash, other.rules->hash);

  // Editing a profile not applied leaves the hash; editing the one applied changes it.
  d.write("profiles/other.toml", profile_text() + "# edited\n");
  auto national2 = load(d.str());
  ASSERT_TRUE(national2.ok()) << dump(national2.errors);
  EXPECT_EQ(national2.rules->hash, national.rules->hash);
  auto other2 = load_profile(d.str(), "other");
  ASSERT_TRUE(other2.ok()) << dump(other2.errors);
  EXPECT_NE(other2.rules->hash, other.rules->hash);
}

// ---- the bounds of jx::Limits ----------------------------------------------------------------------------------

TEST(RuleLimits, FileSizeAndPatternMemoryComeFromLimits) {
  TempDir d;
  d.write_minimal();
  jx::Limits small;
  small.max_rule_file_bytes = 100;  // checks.toml, headers.toml, values.toml and the profile are larger, narrative.toml
                                    // is not
  auto r = jx::rules::load_rules(d.str(), schema_with(), small);
  EXPECT_FALSE(r.ok());
  std::set<std::string> refused;
  for (const auto& e : r.errors)
    if (e.message.find("larger than the limit max_rule_file_bytes (100 bytes)") != std::string::npos)
      refused.insert(fs::path(e.file).filename().string());
  EXPECT_EQ(refused, (std::set<std::string>{"checks.toml", "headers.toml", "national.toml", "values.toml"}))
      << dump(r.errors);

  // A pattern whose program (about 4200 instructions) fits the default regex_max_mem but not 4 KiB.
  d.write("narrative.toml", replace_line(kNarrative, 4, "pattern = '(?:包含\\d+[项份]){300}'"));
  EXPECT_TRUE(jx::rules::load_rules(d.str(), schema_with(), jx::Limits{}).ok());
  jx::Limits tight;
  tight.regex_max_mem = 4 << 10;
  const LoadError e = only_error(jx::rules::load_rules(d.str(), schema_with(), tight));
  EXPECT_EQ(fs::path(e.file).filename(), "narrative.toml");
  EXPECT_EQ(e.line, 4);
  EXPECT_THAT(e.message, HasSubstr("does not compile"));
}

TEST(BadRules, UnknownOpAndPosition) {
  TempDir d;
  d.write_minimal();
  d.write("values.toml", replace_line(replace_line(kValues, 16, "position = \"middle\""), 11, "op = \"≥\""));
  auto r = load(d.str());
  ASSERT_EQ(r.errors.size(), 2u) << dump(r.errors);
  EXPECT_EQ(r.errors[0].line, 11);
  EXPECT_THAT(r.errors[0].message, HasSubstr("unknown op '≥'"));
  EXPECT_EQ(r.errors[1].line, 16);
  EXPECT_THAT(r.errors[1].message, HasSubstr("unknown position 'middle'"));
}

TEST(BadRules, NumberPatternMatchingNothing) {
  TempDir d;
  d.write_minimal();
  d.write("values.toml", replace_line(kValues, 7, "pattern = '\\d*'"));
  const LoadError e = only_error(load(d.str()));
  EXPECT_EQ(e.line, 7);
  EXPECT_THAT(e.message, HasSubstr("empty string"));
}

// [[title_year]] and [[budget_unit]] patterns give exactly one capturing group (the year, the unit); only_with is a
// string. Each mistake is named at its line; the good entries load in file order.
TEST(BadRules, TitleYearAndBudgetUnitPatterns) {
  TempDir d;
  d.write_minimal();
  d.write("values.toml", std::string(kValues) +
                             "\n[[title_year]]\n"                   // line 18
                             "pattern = '((?:19|20)\\d{2})年度'\n"  // 19
                             "\n[[title_year]]\n"                   // 21
                             "pattern = '(?:19|20)\\d{2}年'\n"      // 22: no group
                             "\n[[title_year]]\n"                   // 24
                             "pattern = '((?:19|20)\\d{2})年'\n"    // 25
                             "only_with = 3\n"                      // 26: not a string
                             "\n[[budget_unit]]\n"                  // 28
                             "pattern = '单位:(万元|元)'\n"         // 29
                             "\n[[budget_unit]]\n"                  // 31
                             "pattern = '(单位):(万元|元)'\n");     // 32: two groups
  const jx::rules::LoadResult r = load(d.str());
  ASSERT_EQ(r.errors.size(), 3u);
  EXPECT_EQ(r.errors[0].line, 22);
  EXPECT_THAT(r.errors[0].message, HasSubstr("exactly one capturing group"));
  EXPECT_EQ(r.errors[1].line, 26);
  EXPECT_EQ(r.errors[2].line, 32);
  EXPECT_THAT(r.errors[2].message, HasSubstr("[[budget_unit]]"));
}

// The shipped rules: the year of "（2021年度）", of "2022年度…", of "2023年…自评报告" only with 自评; the unit of
// "单位：万元" and of "（元）".
TEST(ShippedRules, TitleYearAndBudgetUnit) {
  const jx::rules::LoadResult r = load_real(kRealRules.string());
  ASSERT_TRUE(r.errors.empty()) << r.errors.front().to_string();
  const auto& v = r.rules->values;
  ASSERT_EQ(v.title_year.size(), 3u);
  int year = 0;
  EXPECT_TRUE(re2::RE2::PartialMatch("项目支出绩效自评表（2021年度）", *v.title_year[0].pattern.re(), &year));
  EXPECT_EQ(year, 2021);
  EXPECT_TRUE(re2::RE2::PartialMatch("2022年度城市绿化项目", *v.title_year[1].pattern.re(), &year));
  EXPECT_EQ(year, 2022);
  EXPECT_EQ(v.title_year[2].only_with, "自评");
  EXPECT_TRUE(re2::RE2::PartialMatch("2023年绩效自评报告", *v.title_year[2].pattern.re(), &year));
  EXPECT_EQ(year, 2023);
  EXPECT_FALSE(re2::RE2::PartialMatch("12023年", *v.title_year[2].pattern.re(), &year));
  ASSERT_EQ(v.budget_unit.size(), 2u);
  std::string unit;
  EXPECT_TRUE(re2::RE2::PartialMatch("单位：万元", *v.budget_unit[0].re(), &unit));
  EXPECT_EQ(unit, "万元");
  EXPECT_TRUE(re2::RE2::PartialMatch("项目资金（元）", *v.budget_unit[1].re(), &unit));
  EXPECT_EQ(unit, "元");
}

TEST(BadRules, TopLevelKeyBelowATable) {
  TempDir d;
  d.write_minimal();
  // units moved below [number]: it now belongs to that table.
  std::string v = replace_line(kValues, 1, "# units moved");
  v = replace_line(v, 7, "pattern = '\\d+(?:\\.\\d+)?'\nunits = [\"份\"]");  // line 8
  d.write("values.toml", v);
  auto r = load(d.str());
  ASSERT_EQ(r.errors.size(), 2u) << dump(r.errors);
  // Sorted by line: the file-wide problem (line 0) first.
  EXPECT_EQ(r.errors[0].line, 0);
  EXPECT_THAT(r.errors[0].message, HasSubstr("missing key 'units'"));
  EXPECT_EQ(r.errors[1].line, 8);
  EXPECT_THAT(r.errors[1].message, HasSubstr("unknown key 'units' in [number]"));
  EXPECT_THAT(r.errors[1].message, HasSubstr("top-level keys go above the first table"));
}

TEST(BadRules, TomlSyntaxError) {
  TempDir d;
  d.write_minimal();
  d.write("headers.toml", replace_line(kHeaders, 4, "level2 = = [\"二级指标\"]"));
  const LoadError e = only_error(load(d.str()));
  EXPECT_EQ(fs::path(e.file).filename(), "headers.toml");
  EXPECT_EQ(e.line, 4);
  EXPECT_THAT(e.message, HasSubstr("TOML syntax error"));
}

TEST(BadRules, ErrorsInSeveralFilesAreAllReported) {
  TempDir d;
  d.write_minimal();
  d.write("values.toml", replace_line(kValues, 10, "pattern = '(不少于'"));
  d.write("headers.toml", replace_line(kHeaders, 4, "level2 = = [\"二级指标\"]"));
  d.write("checks.toml", checks_text("", "score.overrated"));
  auto r = load(d.str());
  ASSERT_EQ(r.errors.size(), 3u) << dump(r.errors);
  // Files are read in name order.
  EXPECT_EQ(fs::path(r.errors[0].file).filename(), "checks.toml");
  EXPECT_EQ(fs::path(r.errors[1].file).filename(), "headers.toml");
  EXPECT_EQ(r.errors[1].line, 4);
  EXPECT_EQ(fs::path(r.errors[2].file).filename(), "values.toml");
  EXPECT_EQ(r.errors[2].line, 10);
}

TEST(BadRules, MissingFileAndMissingDirectory) {
  TempDir d;
  d.write_minimal();
  fs::remove(d.path() / "narrative.toml");
  const LoadError e = only_error(load(d.str()));
  EXPECT_EQ(fs::path(e.file).filename(), "narrative.toml");
  EXPECT_EQ(e.line, 0);
  EXPECT_THAT(e.message, HasSubstr("missing"));

  const LoadError e2 = only_error(load((d.path() / "nope").string()));
  EXPECT_THAT(e2.message, HasSubstr("does not exist"));
}

// ---- small API pieces ------------------------------------------------------------------------------------------

TEST(LoadErrorText, FileLineMessage) {
  EXPECT_EQ((LoadError{"rules/values.toml", 12, "bad"}).to_string(), "rules/values.toml:12: bad");
  EXPECT_EQ((LoadError{"rules/checks.toml", 0, "bad"}).to_string(), "rules/checks.toml: bad");
}

TEST(DefaultRulesDir, EnvironmentThenSourceTree) {
  const char* old = std::getenv("JXAUDIT_RULES");
  const std::string saved = old ? old : "";
  setenv("JXAUDIT_RULES", "/some/where/rules", 1);
  EXPECT_EQ(jx::rules::default_rules_dir(), "/some/where/rules");
  unsetenv("JXAUDIT_RULES");
  EXPECT_EQ(fs::path(jx::rules::default_rules_dir()), kRealRules);
  if (old) setenv("JXAUDIT_RULES", saved.c_str(), 1);
}

// ---- the snapshot ------------------------------------------------------------------------------------------------

// Every member of two RuleSets, but directory and hash, and every pattern's text and matches on `probes`.
void expect_same_rules(const jx::rules::RuleSet& a, const jx::rules::RuleSet& b) {
  using jx::rules::Pattern;
  const std::vector<std::string> probes = {"不少于30份",           "95%以上",      "1,952.61万元",
                                           "产出指标(50分)",       "指标2:",       "包含A 15份、B 10份，合计25份",
                                           "年度预算1,952.61万元", "3个工作日以内"};
  auto same_pattern = [&](const Pattern& x, const Pattern& y, const std::string& what) {
    EXPECT_EQ(x.source, y.source) << what;
    EXPECT_EQ(x.line, y.line) << what;
    ASSERT_EQ(x.re() == nullptr, y.re() == nullptr) << what;
    if (x.re() == nullptr) return;
    EXPECT_TRUE(y.re()->ok()) << what;
    for (const auto& t : probes) EXPECT_EQ(RE2::PartialMatch(t, *x.re()), RE2::PartialMatch(t, *y.re())) << what << t;
  };
  EXPECT_EQ(a.profile.name, b.profile.name);
  EXPECT_EQ(a.profile.description, b.profile.description);
  EXPECT_EQ(a.profile.budget_weight, b.profile.budget_weight);
  EXPECT_EQ(a.profile.reverse, b.profile.reverse);
  ASSERT_EQ(a.profile.level_weights.size(), b.profile.level_weights.size());
  for (std::size_t i = 0; i < a.profile.level_weights.size(); ++i) {
    EXPECT_EQ(a.profile.level_weights[i].level1, b.profile.level_weights[i].level1);
    EXPECT_EQ(a.profile.level_weights[i].points, b.profile.level_weights[i].points);
  }
  EXPECT_EQ(a.headers.fields, b.headers.fields);
  const auto& va = a.values;
  const auto& vb = b.values;
  ASSERT_EQ(va.operators.size(), vb.operators.size());
  for (std::size_t i = 0; i < va.operators.size(); ++i) {
    same_pattern(va.operators[i].pattern, vb.operators[i].pattern, "operator " + std::to_string(i));
    EXPECT_EQ(va.operators[i].op, vb.operators[i].op);
    EXPECT_EQ(va.operators[i].position, vb.operators[i].position);
  }
  same_pattern(va.number, vb.number, "number");
  same_pattern(va.label_points, vb.label_points, "label_points");
  same_pattern(va.template_name, vb.template_name, "template_name");
  ASSERT_EQ(va.title_year.size(), vb.title_year.size());
  for (std::size_t i = 0; i < va.title_year.size(); ++i) {
    same_pattern(va.title_year[i].pattern, vb.title_year[i].pattern, "title_year " + std::to_string(i));
    EXPECT_EQ(va.title_year[i].only_with, vb.title_year[i].only_with);
  }
  ASSERT_EQ(va.budget_unit.size(), vb.budget_unit.size());
  for (std::size_t i = 0; i < va.budget_unit.size(); ++i)
    same_pattern(va.budget_unit[i], vb.budget_unit[i], "budget_unit " + std::to_string(i));
  EXPECT_EQ(va.units, vb.units);
  EXPECT_EQ(va.unit_prefixes, vb.unit_prefixes);
  EXPECT_EQ(va.magnitudes, vb.magnitudes);
  EXPECT_EQ(va.unit_aliases, vb.unit_aliases);
  EXPECT_EQ(va.less_is_better, vb.less_is_better);
  EXPECT_EQ(va.more_is_better, vb.more_is_better);
  EXPECT_EQ(va.empty_notes, vb.empty_notes);
  EXPECT_EQ(va.satisfaction_level1, vb.satisfaction_level1);
  EXPECT_EQ(va.satisfaction_level2, vb.satisfaction_level2);
  EXPECT_EQ(va.level_suffixes, vb.level_suffixes);
  ASSERT_EQ(a.narrative.breakdown.size(), b.narrative.breakdown.size());
  for (std::size_t i = 0; i < a.narrative.breakdown.size(); ++i)
    same_pattern(a.narrative.breakdown[i], b.narrative.breakdown[i], "breakdown " + std::to_string(i));
  ASSERT_EQ(a.narrative.statements.size(), b.narrative.statements.size());
  for (std::size_t i = 0; i < a.narrative.statements.size(); ++i) {
    EXPECT_EQ(a.narrative.statements[i].quantity, b.narrative.statements[i].quantity);
    same_pattern(a.narrative.statements[i].pattern, b.narrative.statements[i].pattern,
                 "statement " + std::to_string(i));
  }
  EXPECT_EQ(a.narrative.count_units, b.narrative.count_units);
  ASSERT_EQ(a.checks.size(), b.checks.size());
  for (std::size_t i = 0; i < a.checks.size(); ++i) {
    const auto& x = a.checks[i];
    const auto& y = b.checks[i];
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.severity, y.severity);
    EXPECT_EQ(x.message, y.message);
    EXPECT_EQ(x.message_at_most, y.message_at_most);
    EXPECT_EQ(x.description, y.description);
    EXPECT_EQ(x.evidence_cells, y.evidence_cells);
    EXPECT_EQ(x.params, y.params);
    EXPECT_EQ(x.texts, y.texts);
    EXPECT_EQ(x.line, y.line);
    ASSERT_EQ(x.examples.size(), y.examples.size()) << x.id;
    for (std::size_t k = 0; k < x.examples.size(); ++k) {
      EXPECT_EQ(x.examples[k].fields, y.examples[k].fields);
      EXPECT_EQ(x.examples[k].fires, y.examples[k].fires);
      EXPECT_EQ(x.examples[k].line, y.examples[k].line);
    }
  }
  ASSERT_EQ(a.grades.size(), b.grades.size());
  for (std::size_t i = 0; i < a.grades.size(); ++i) {
    EXPECT_EQ(a.grades[i].name, b.grades[i].name);
    EXPECT_EQ(a.grades[i].min, b.grades[i].min);
    EXPECT_EQ(a.grades[i].line, b.grades[i].line);
  }
}

jx::rules::LoadResult load_with_snapshot(const std::string& dir, const TempDir& cache,
                                         jx::rules::Examples examples = jx::rules::Examples::Load,
                                         const std::string& profile = jx::rules::kDefaultProfile) {
  return jx::rules::load_rules(dir, jx::audit::check_registry(), {}, profile, examples, jx::rules::Hash::Compute,
                               cache.str());
}

// The files of a snapshot folder but the indexes (rules-*.index).
std::vector<fs::path> snapshots_in(const TempDir& cache) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(cache.path()))
    if (e.path().extension() != ".index") out.push_back(e.path());
  return out;
}

std::vector<fs::path> indexes_in(const TempDir& cache) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(cache.path()))
    if (e.path().extension() == ".index") out.push_back(e.path());
  return out;
}

// A copy of the real rules, its files' times more than two seconds in the past (their change time cannot be set
// back: the copy waits), so that their stats may stand for their bytes.
void settled_copy(const TempDir& rules) {
  fs::copy(kRealRules, rules.path(), fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
}

// A second load of the same files reads the snapshot the first one wrote, and gets the same rules, hash and all; each
// set of options has its own.
TEST(RulesSnapshot, TheSecondLoadReadsWhatTheFirstWrote) {
  TempDir cache;
  for (auto examples : {jx::rules::Examples::Load, jx::rules::Examples::Skip}) {
    const auto plain = jx::rules::load_rules(kRealRules.string(), jx::audit::check_registry(), {},
                                             jx::rules::kDefaultProfile, examples);
    const auto first = load_with_snapshot(kRealRules.string(), cache, examples);
    const auto second = load_with_snapshot(kRealRules.string(), cache, examples);
    ASSERT_TRUE(plain.ok() && first.ok() && second.ok()) << dump(second.errors);
    EXPECT_FALSE(plain.from_snapshot);
    EXPECT_FALSE(first.from_snapshot);
    EXPECT_TRUE(second.from_snapshot);
    EXPECT_EQ(second.rules->hash, plain.rules->hash);
    EXPECT_EQ(second.rules->directory, kRealRules.string());
    expect_same_rules(*plain.rules, *second.rules);
  }
  EXPECT_EQ(snapshots_in(cache).size(), 2u) << "one for the load with the examples, one without";
  // Another profile is another load.
  const auto other = load_with_snapshot(kRealRules.string(), cache, jx::rules::Examples::Load, "budget20");
  ASSERT_TRUE(other.ok()) << dump(other.errors);
  EXPECT_FALSE(other.from_snapshot);
  EXPECT_EQ(snapshots_in(cache).size(), 3u);
}

// A changed rule file is a new load: the snapshot of the old bytes is not read.
TEST(RulesSnapshot, AChangedFileIsLoadedFromTheFile) {
  TempDir rules;
  TempDir cache;
  fs::copy(kRealRules, rules.path(), fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  ASSERT_TRUE(load_with_snapshot(rules.str(), cache).ok());
  ASSERT_TRUE(load_with_snapshot(rules.str(), cache).from_snapshot);
  std::ifstream in(rules.path() / "checks.toml", std::ios::binary);
  std::string checks((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto at = checks.find("severity = \"error\"");
  ASSERT_NE(at, std::string::npos);
  checks.replace(at, 18, "severity = \"info\" ");
  rules.write("checks.toml", checks);
  const auto changed = load_with_snapshot(rules.str(), cache);
  ASSERT_TRUE(changed.ok()) << dump(changed.errors);
  EXPECT_FALSE(changed.from_snapshot);
  const auto plain = jx::audit::load_audit_rules(rules.str());
  ASSERT_TRUE(plain.ok());
  expect_same_rules(*plain.rules, *changed.rules);
  EXPECT_EQ(changed.rules->hash, plain.rules->hash);
}

// Files whose stats are those of an earlier load are not read again: the index of their stats leads to the snapshot.
// An edit that keeps a file's size and modification time still changes its change time, and the file is read.
TEST(RulesSnapshot, FilesWhoseStatsAreUnchangedAreNotReadAgain) {
  TempDir rules;
  TempDir cache;
  settled_copy(rules);
  const auto plain = load_real(rules.str());
  const auto first = load_with_snapshot(rules.str(), cache);
  ASSERT_TRUE(first.ok()) << dump(first.errors);
  EXPECT_FALSE(first.from_snapshot);
  EXPECT_EQ(indexes_in(cache).size(), 1u);
  const auto second = load_with_snapshot(rules.str(), cache);
  ASSERT_TRUE(second.ok()) << dump(second.errors);
  EXPECT_TRUE(second.from_index);
  EXPECT_EQ(second.rules->hash, plain.rules->hash);
  expect_same_rules(*plain.rules, *second.rules);

  const fs::path checks = rules.path() / "checks.toml";
  const auto modified = fs::last_write_time(checks);
  std::ifstream in(checks, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  in.close();
  const auto at = text.find("severity = \"error\"");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 18, "severity = \"info\" ");  // as long as it was
  rules.write("checks.toml", text);
  fs::last_write_time(checks, modified);
  const auto edited = load_with_snapshot(rules.str(), cache);
  ASSERT_TRUE(edited.ok()) << dump(edited.errors);
  EXPECT_FALSE(edited.from_index);
  EXPECT_FALSE(edited.from_snapshot);
  const auto reread = load_real(rules.str());
  expect_same_rules(*reread.rules, *edited.rules);
  EXPECT_EQ(edited.rules->hash, reread.rules->hash);
  EXPECT_NE(edited.rules->hash, plain.rules->hash);
  EXPECT_EQ(indexes_in(cache).size(), 1u) << "the edited file is younger than two seconds: no index yet";
}

// A rule file written less than two seconds ago is read whatever its stats: a second write within the file system's
// clock tick could leave them as they are. Its snapshot is still found by its bytes.
TEST(RulesSnapshot, AFileJustWrittenIsReadWhateverItsStats) {
  TempDir rules;
  TempDir cache;
  fs::copy(kRealRules, rules.path(), fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  ASSERT_TRUE(load_with_snapshot(rules.str(), cache).ok());
  const auto again = load_with_snapshot(rules.str(), cache);
  ASSERT_TRUE(again.ok()) << dump(again.errors);
  EXPECT_TRUE(again.from_snapshot);
  EXPECT_FALSE(again.from_index);
  EXPECT_TRUE(indexes_in(cache).empty());
}

// A damaged index, or one naming rules no snapshot holds, is ignored: the files are read, and the same rules come.
TEST(RulesSnapshot, ADamagedIndexIsIgnored) {
  TempDir rules;
  TempDir cache;
  settled_copy(rules);
  const auto plain = load_real(rules.str());
  ASSERT_TRUE(load_with_snapshot(rules.str(), cache).ok());
  const auto indexes = indexes_in(cache);
  ASSERT_EQ(indexes.size(), 1u);
  std::ifstream in(indexes[0], std::ios::binary);
  const std::string whole((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  in.close();
  for (const std::string& damaged :
       {whole.substr(0, whole.size() - 1), whole.substr(0, whole.size() - 64) + std::string(64, 'a'),
        whole.substr(0, whole.size() - 1) + "g", std::string()}) {
    std::ofstream(indexes[0], std::ios::binary | std::ios::trunc) << damaged;
    const auto loaded = load_with_snapshot(rules.str(), cache);
    ASSERT_TRUE(loaded.ok()) << dump(loaded.errors);
    EXPECT_FALSE(loaded.from_index);
    EXPECT_TRUE(loaded.from_snapshot) << "found by the files' bytes";
    expect_same_rules(*plain.rules, *loaded.rules);
    EXPECT_EQ(loaded.rules->hash, plain.rules->hash);
    EXPECT_TRUE(load_with_snapshot(rules.str(), cache).from_index) << "the index written again";
  }
}

// A damaged or truncated snapshot is ignored (the rules come from the files, and the same) and written again.
TEST(RulesSnapshot, ADamagedSnapshotIsIgnoredAndRewritten) {
  TempDir cache;
  const auto plain = load_real(kRealRules.string());
  ASSERT_TRUE(load_with_snapshot(kRealRules.string(), cache).ok());
  const auto files = snapshots_in(cache);
  ASSERT_EQ(files.size(), 1u);
  const auto size = fs::file_size(files[0]);
  for (const char* damage : {"flip", "truncate", "empty"}) {
    SCOPED_TRACE(damage);
    std::fstream f(files[0], std::ios::in | std::ios::out | std::ios::binary);
    if (std::string(damage) == "flip") {
      f.seekg(static_cast<std::streamoff>(size - 10));
      char c = 0;
      f.get(c);
      f.seekp(static_cast<std::streamoff>(size - 10));
      f.put(static_cast<char>(c ^ 0x5a));
      f.close();
    } else {
      f.close();
      fs::resize_file(files[0], std::string(damage) == "empty" ? 0 : size / 2);
    }
    const auto again = load_with_snapshot(kRealRules.string(), cache);
    ASSERT_TRUE(again.ok()) << dump(again.errors);
    EXPECT_FALSE(again.from_snapshot);
    expect_same_rules(*plain.rules, *again.rules);
    EXPECT_EQ(fs::file_size(files[0]), size) << "written again";
    EXPECT_TRUE(load_with_snapshot(kRealRules.string(), cache).from_snapshot);
  }
  EXPECT_EQ(snapshots_in(cache).size(), 1u) << "no temporary left behind";
}

// A snapshot another user owns is not read: its rules would be theirs.
TEST(RulesSnapshot, AnotherUsersSnapshotIsNotRead) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to give a file to another user";
  TempDir cache;
  ASSERT_TRUE(load_with_snapshot(kRealRules.string(), cache).ok());
  const auto files = snapshots_in(cache);
  ASSERT_EQ(files.size(), 1u);
  ASSERT_TRUE(load_with_snapshot(kRealRules.string(), cache).from_snapshot);
  ASSERT_EQ(::chown(files[0].c_str(), 65534, 65534), 0);
  const auto again = load_with_snapshot(kRealRules.string(), cache);
  ASSERT_TRUE(again.ok()) << dump(again.errors);
  EXPECT_FALSE(again.from_snapshot);
}

// Rules with an error leave no snapshot; a folder that cannot be written costs nothing but the snapshot.
TEST(RulesSnapshot, NoSnapshotOfBrokenRulesAndNoneNeeded) {
  TempDir rules;
  fs::copy(kRealRules, rules.path(), fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  std::ofstream(rules.path() / "values.toml", std::ios::app) << "\n= not toml\n";
  TempDir cache;
  const auto broken = jx::rules::load_rules(rules.str(), jx::audit::check_registry(), {}, jx::rules::kDefaultProfile,
                                            jx::rules::Examples::Load, jx::rules::Hash::Compute, cache.str());
  EXPECT_FALSE(broken.ok());
  EXPECT_TRUE(snapshots_in(cache).empty());
  TempDir blocked;
  blocked.write("cache", "a file where the folder would be");
  const auto loaded = jx::rules::load_rules(kRealRules.string(), jx::audit::check_registry(), {},
                                            jx::rules::kDefaultProfile, jx::rules::Examples::Load,
                                            jx::rules::Hash::Compute, (blocked.path() / "cache" / "jxaudit").string());
  ASSERT_TRUE(loaded.ok()) << dump(loaded.errors);
  EXPECT_FALSE(loaded.from_snapshot);
}

// A folder keeps the 16 snapshots written last, the new one among them; older ones go, other files stay.
TEST(RulesSnapshot, AFolderKeepsTheSixteenWrittenLast) {
  TempDir cache;
  const auto now = fs::file_time_type::clock::now();
  auto old = [&](int i) { return cache.path() / ("rules-old" + std::to_string(i) + ".snapshot"); };
  for (int i = 0; i < 20; ++i) {  // other loads' snapshots, a minute apart, the oldest first
    std::ofstream(old(i)) << "another load";
    fs::last_write_time(old(i), now - std::chrono::minutes(60 - i));
  }
  cache.write("notes.txt", "not a snapshot");
  const auto first = load_with_snapshot(kRealRules.string(), cache);
  ASSERT_TRUE(first.ok()) << dump(first.errors);
  EXPECT_FALSE(first.from_snapshot);
  EXPECT_EQ(snapshots_in(cache).size(), 17u) << "16 snapshots and notes.txt";
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(fs::exists(old(i))) << i;
  for (int i = 5; i < 20; ++i) EXPECT_TRUE(fs::exists(old(i))) << i;
  EXPECT_TRUE(fs::exists(cache.path() / "notes.txt"));
  EXPECT_TRUE(load_with_snapshot(kRealRules.string(), cache).from_snapshot) << "the new one was kept";
}

TEST(RulesSnapshot, DefaultFolder) {
  auto saved = [](const char* name) -> std::optional<std::string> {
    const char* v = std::getenv(name);
    return v ? std::optional<std::string>(v) : std::nullopt;
  };
  const auto cache = saved("JXAUDIT_RULES_CACHE");
  const auto xdg = saved("XDG_CACHE_HOME");
  const auto home = saved("HOME");
  setenv("JXAUDIT_RULES_CACHE", "/some/where", 1);
  EXPECT_EQ(jx::rules::default_snapshot_dir(), "/some/where");
  setenv("JXAUDIT_RULES_CACHE", "off", 1);
  EXPECT_EQ(jx::rules::default_snapshot_dir(), "");
  unsetenv("JXAUDIT_RULES_CACHE");
  setenv("XDG_CACHE_HOME", "/x/cache", 1);
  EXPECT_EQ(jx::rules::default_snapshot_dir(), "/x/cache/jxaudit");
  unsetenv("XDG_CACHE_HOME");
  setenv("HOME", "/home/someone", 1);
  EXPECT_EQ(jx::rules::default_snapshot_dir(), "/home/someone/.cache/jxaudit");
  unsetenv("HOME");
  EXPECT_EQ(jx::rules::default_snapshot_dir(), "");
  auto restore = [](const char* name, const std::optional<std::string>& v) {
    if (v)
      setenv(name, v->c_str(), 1);
    else
      unsetenv(name);
  };
  restore("JXAUDIT_RULES_CACHE", cache);
  restore("XDG_CACHE_HOME", xdg);
  restore("HOME", home);
}

}  // namespace
