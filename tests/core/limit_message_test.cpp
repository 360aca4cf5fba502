// The words every message about a bound that fired begins with (core/limits.h).
#include <gtest/gtest.h>

#include "core/limits.h"

namespace {

TEST(LimitMessage, NamesTheLimitAndItsValue) {
  EXPECT_EQ(jx::limit_exceeded("max_pages", "500"), "limit max_pages (500) exceeded");
  EXPECT_EQ(jx::limit_exceeded("seconds_per_page", "0.5 s"), "limit seconds_per_page (0.5 s) exceeded");
}

}  // namespace
