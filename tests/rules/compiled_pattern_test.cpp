// How a rule file's pattern is compiled: its group names are taken out before RE2 sees it (RE2 builds Unicode
// tables on the first name a process gives it) and kept beside it, numbered as RE2 numbers them. Every expectation
// below is RE2's own reading of the pattern as written.
#include "rules/compiled_pattern.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <string>
#include <vector>

namespace {

using jx::rules::CompiledPattern;
using jx::rules::literal_words;

constexpr int64_t kMaxMem = int64_t{8} << 20;

std::vector<std::string> submatches(const re2::RE2& re, const std::string& text) {
  std::vector<re2::StringPiece> sub(static_cast<size_t>(re.NumberOfCapturingGroups()) + 1);
  if (!re.Match(text, 0, text.size(), re2::RE2::UNANCHORED, sub.data(), static_cast<int>(sub.size()))) return {};
  std::vector<std::string> out;
  for (const auto& s : sub) out.push_back(s.data() == nullptr ? "<unset>" : std::string(s));
  return out;
}

TEST(CompiledPattern, TakesTheNamesOutAndNumbersTheGroupsAsRe2Does) {
  const std::string text = "(P<a>x)]预算x总计42个，包含：A 3项 y z cd";
  const char* const patterns[] = {
      R"((?P<total>\d+)个[,，:：]?(?:包含|包括)[:：]?(?P<parts>.+))",
      R"((a)?(?:b)?(?P<n>c)(?i)(D))",
      R"((?P<outer>总(?P<inner>计))(\d+))",
      R"(\(?P<a>x\)(?P<b>\]))",           // escaped parentheses are not groups
      R"(\Q(?P<a>\E|(?P<b>y) (?P<c>z))",  // nor is anything between \Q and \E
      R"([]()](?P<a>x))",                 // a ']' first in a class is a member; '(' in a class is not a group
      R"([^]()](?P<a>预算))",
      R"([[:alpha:]()]+(?P<a>x))",  // a POSIX class inside a class does not close it
      R"(x(?P<a_1>\d*)(?P<B2>[^\]]*))",
  };
  for (const char* p : patterns) {
    SCOPED_TRACE(p);
    const re2::RE2 as_written(p);
    ASSERT_TRUE(as_written.ok()) << as_written.error();
    const auto compiled = CompiledPattern::compile(p, kMaxMem);
    ASSERT_TRUE(compiled.re->ok());
    EXPECT_EQ(compiled.groups, as_written.NamedCapturingGroups());
    EXPECT_EQ(compiled.re->NumberOfCapturingGroups(), as_written.NumberOfCapturingGroups());
    EXPECT_EQ(submatches(*compiled.re, text), submatches(as_written, text));
    EXPECT_TRUE(compiled.re->NamedCapturingGroups().empty()) << "RE2 was given the names";
  }
}

TEST(CompiledPattern, WithoutGroupNamesWritesPlainGroups) {
  std::map<std::string, int> groups;
  int count = 0;
  auto plain = jx::rules::without_group_names(R"((?:^|x)(?P<total>\d+)(a)(?P<parts>.+))", &groups, &count);
  ASSERT_TRUE(plain);
  EXPECT_EQ(*plain, R"((?:^|x)(\d+)(a)(.+))");
  EXPECT_EQ(groups, (std::map<std::string, int>{{"total", 1}, {"parts", 3}}));
  EXPECT_EQ(count, 3);
}

TEST(CompiledPattern, ABadNameIsLeftToRe2) {
  // Given twice, empty, not a word, unclosed: RE2 reads the pattern as written, and what it says of it stands.
  for (const char* p : {"(?P<a>x)(?P<a>y)", "(?P<>x)", "(?P<a-b>x)", "(?P<a"}) {
    SCOPED_TRACE(p);
    std::map<std::string, int> groups;
    int count = 0;
    EXPECT_FALSE(jx::rules::without_group_names(p, &groups, &count));
    const auto compiled = CompiledPattern::compile(p, kMaxMem);
    const re2::RE2 as_written(p, re2::RE2::Quiet);
    EXPECT_EQ(compiled.re->ok(), as_written.ok());
    EXPECT_EQ(compiled.re->error(), as_written.error());
    EXPECT_EQ(compiled.groups, as_written.NamedCapturingGroups());
  }
  EXPECT_FALSE(CompiledPattern::compile("(?P<a-b>x)", kMaxMem).re->ok());
}

TEST(CompiledPattern, APatternThatDoesNotCompileKeepsRe2sErrorForTheTextAsWritten) {
  const char* p = "(?P<value>\\d+)(unclosed";
  const auto compiled = CompiledPattern::compile(p, kMaxMem);
  EXPECT_FALSE(compiled.re->ok());
  EXPECT_EQ(compiled.re->error(), re2::RE2(p, re2::RE2::Quiet).error());
}

TEST(CompiledPattern, CompiledAtFirstUseWithItsNames) {
  CompiledPattern lazy(R"(预算(?P<value>\d+)(?P<unit>万元|元))", kMaxMem);
  EXPECT_EQ(lazy.groups(), (std::map<std::string, int>{{"unit", 2}, {"value", 1}}));
  ASSERT_NE(lazy.get(), nullptr);
  EXPECT_EQ(submatches(*lazy.get(), "年度预算500万元"), (std::vector<std::string>{"预算500万元", "500", "万元"}));
}

TEST(CompiledPattern, PlainWordsAreWordsAndAnythingElseIsLeftToRe2) {
  EXPECT_EQ(literal_words("不少于|≥|>=|=>"), (std::vector<std::string>{"不少于", "≥", ">=", "=>"}));
  EXPECT_EQ(literal_words("左右"), (std::vector<std::string>{"左右"}));
  EXPECT_EQ(literal_words("100 万元"), (std::vector<std::string>{"100 万元"}));  // a space is a character
  for (const char* p : {"", "a|", "|a", "a||b", "(及|或)?以上", "a.b", "a\\|b", "\\d+", "a+", "a*", "a?", "[a]", "a{2}",
                        "^a", "a$", "(?i)a", "a)"}) {
    EXPECT_FALSE(literal_words(p).has_value()) << p;
  }
}

// A pattern of plain words answers as RE2 does, anchored or not, on texts with the words anywhere, several times,
// cut in the middle of a character, or not at all. (That it is matched without RE2 is literal_words()'s doing, checked
// above; nothing here observes whether RE2 compiled it.)
TEST(CompiledPattern, PlainWordsMatchWhereRe2Matches) {
  const std::vector<std::string> patterns = {"不少于|不低于|≥|>=", "左右", "等于|═|=|为", "a|ab|abc", "1,000"};
  const std::vector<std::string> texts = {
      "",   "不少于95%", "≥95", "约 95%左右", "95>=",  "不低", "xx不低于yy", "\xe4\xb8",
      "左", "为",        "abc", "1,000元",    "1.000", "为为", "=>"};
  for (const auto& p : patterns) {
    CompiledPattern words(p, kMaxMem);
    const re2::RE2 re(p);
    ASSERT_TRUE(re.ok()) << p;
    for (const auto& t : texts) {
      for (const bool at_start : {false, true}) {
        const bool expected =
            re.Match(t, 0, t.size(), at_start ? re2::RE2::ANCHOR_START : re2::RE2::UNANCHORED, nullptr, 0);
        EXPECT_EQ(words.matches(t, at_start), expected) << p << " on '" << t << "' at_start=" << at_start;
      }
    }
  }
}

// Any other pattern is matched by RE2.
TEST(CompiledPattern, OtherPatternsAreMatchedByRe2) {
  CompiledPattern ops(R"((\(含\))?(及|或|和)?以上)", kMaxMem);
  EXPECT_TRUE(ops.matches("及以上", true));
  EXPECT_TRUE(ops.matches("(含)以上的", true));
  EXPECT_FALSE(ops.matches("95%及以上", true));
  EXPECT_TRUE(ops.matches("95%及以上", false));
  EXPECT_FALSE(ops.matches("以下", false));
}

}  // namespace
