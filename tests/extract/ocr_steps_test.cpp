// The steps of a cell's reading (extract/ocr/internal/), each called on its own: ink layout, recognition, reading
// arbitration, shape glyphs, number repair and punctuation, on small crops cut from renders of the scanned samples
// (tests/data/ocr/README.md says where each was cut from).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "extract/ocr/internal/arbitration.h"

namespace jx::extract::ocr {
namespace {

TEST(OcrArbitration, LooksNumeric) {
  EXPECT_TRUE(looks_numeric("1,952.61"));
  EXPECT_TRUE(looks_numeric("100%"));
  EXPECT_TRUE(looks_numeric("≥95%"));
  EXPECT_TRUE(looks_numeric("五952.61"));  // a misread leading digit
  EXPECT_TRUE(looks_numeric("工00%"));
  EXPECT_FALSE(looks_numeric("36份"));  // a unit: keep chi_sim's reading
  EXPECT_FALSE(looks_numeric("不少于30份"));
  EXPECT_FALSE(looks_numeric("无"));
  EXPECT_FALSE(looks_numeric("—"));
  EXPECT_FALSE(looks_numeric(""));
}

}  // namespace
}  // namespace jx::extract::ocr
