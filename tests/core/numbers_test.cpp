// Number formatting (core/numbers.h): every expected text worked out by hand.
#include "core/numbers.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace {

TEST(Numbers, ShortestReadsBackAsTheSameDouble) {
  EXPECT_EQ(jx::format_shortest(1952.61), "1952.61");
  EXPECT_EQ(jx::format_shortest(100.0), "100");
  EXPECT_EQ(jx::format_shortest(-0.0), "0");
  EXPECT_EQ(jx::format_shortest(0.5), "0.5");
  EXPECT_EQ(jx::format_shortest(12345678.0), "12345678");
  EXPECT_EQ(jx::format_shortest(-3.25), "-3.25");
  EXPECT_EQ(jx::format_shortest(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(jx::format_shortest(std::numeric_limits<double>::infinity()), "");
  EXPECT_EQ(jx::format_shortest(std::nan("")), "");
}

TEST(Numbers, FixedPrintsExactlyTheDecimalsAsked) {
  EXPECT_EQ(jx::format_fixed(0.5, 2), "0.50");
  EXPECT_EQ(jx::format_fixed(95.0, 2), "95.00");
  EXPECT_EQ(jx::format_fixed(-1.005, 2), "-1.00");  // -1.005 is -1.00499999999999989… in binary
  EXPECT_EQ(jx::format_fixed(2.675, 2), "2.67");    // 2.67499999999999982…
  EXPECT_EQ(jx::format_fixed(0.125, 2), "0.12");    // exactly halfway: to even, as printf does
  EXPECT_EQ(jx::format_fixed(1952.61, 0), "1953");
  EXPECT_EQ(jx::format_fixed(-std::numeric_limits<double>::infinity(), 2), "-inf");
}

TEST(Numbers, RoundedDropsTrailingZeros) {
  EXPECT_EQ(jx::format_rounded(1952.61, 2), "1952.61");
  EXPECT_EQ(jx::format_rounded(120.0, 2), "120");
  EXPECT_EQ(jx::format_rounded(0.125, 2), "0.13");  // half away from zero, unlike format_fixed
  EXPECT_EQ(jx::format_rounded(95.50, 2), "95.5");
  EXPECT_EQ(jx::format_rounded(-0.001, 2), "0");  // never "-0"
  EXPECT_EQ(jx::format_rounded(100.0, 0), "100");
  EXPECT_EQ(jx::format_rounded(std::nan(""), 2), "—");
}

}  // namespace
