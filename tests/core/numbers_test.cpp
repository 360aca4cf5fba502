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
  EXPECT_EQ(jx::format_shortest(std::optional<double>(95.5)), "95.5");
  EXPECT_EQ(jx::format_shortest(std::optional<double>()), "");
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

TEST(Numbers, GeneralIsPrintfsG) {
  EXPECT_EQ(jx::format_general(30), "30");
  EXPECT_EQ(jx::format_general(0.5), "0.5");
  EXPECT_EQ(jx::format_general(120.0), "120");
  EXPECT_EQ(jx::format_general(1e6), "1e+06");           // 7 digits do not fit in 6: an exponent
  EXPECT_EQ(jx::format_general(0.1234567), "0.123457");  // 6 significant digits
  EXPECT_EQ(jx::format_general(0.0001), "0.0001");
  EXPECT_EQ(jx::format_general(0.00001), "1e-05");
  EXPECT_EQ(jx::format_general(1.4e6, 3), "1.4e+06");
  EXPECT_EQ(jx::format_general(5e11, 3), "5e+11");
  EXPECT_EQ(jx::format_general(999.5, 3), "1e+03");  // rounds up to 4 digits
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
