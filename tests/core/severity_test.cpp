// The severities' names, as the rule files write them and the findings carry them.
#include "core/severity.h"

#include <gtest/gtest.h>

TEST(Severity, NamesGoBothWays) {
  EXPECT_STREQ(jx::to_string(jx::Severity::Info), "info");
  EXPECT_STREQ(jx::to_string(jx::Severity::Warning), "warning");
  EXPECT_STREQ(jx::to_string(jx::Severity::Error), "error");
  for (auto s : {jx::Severity::Info, jx::Severity::Warning, jx::Severity::Error})
    EXPECT_EQ(jx::severity_from_string(jx::to_string(s)), s);
}

TEST(Severity, AnyOtherTextIsNone) {
  EXPECT_EQ(jx::severity_from_string("Warning"), std::nullopt);
  EXPECT_EQ(jx::severity_from_string("fatal"), std::nullopt);
  EXPECT_EQ(jx::severity_from_string(""), std::nullopt);
}
