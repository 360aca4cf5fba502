// classify_text_layer: Usable, Empty, Garbage and the reason a person reads.
#include "extract/pdf/text_layer.h"

#include <gtest/gtest.h>

namespace jx::extract {
namespace {

std::vector<Glyph> glyphs(const std::vector<std::string>& texts) {
  std::vector<Glyph> out;
  double x = 0;
  for (const auto& t : texts) out.push_back({t, {x, 0, x + 10, 10}, 10, 100}), x += 10;
  return out;
}

TEST(TextLayer, RealTextIsUsable) {
  std::string reason = "stale";
  EXPECT_EQ(classify_text_layer(glyphs({"项", "目", "1", "%"}), &reason), TextLayer::Usable);
  EXPECT_EQ(reason, "");
}

TEST(TextLayer, NoGlyphsOrOnlySpacesIsEmpty) {
  std::string reason;
  EXPECT_EQ(classify_text_layer({}, &reason), TextLayer::Empty);
  EXPECT_EQ(classify_text_layer(glyphs({" ", " ", "\xE3\x80\x80"}), &reason), TextLayer::Empty);
}

TEST(TextLayer, PrivateUseTextIsGarbageWithAReason) {
  // 9 of 10 non-space characters in the private-use area (U+E001 = EE 80 81); the space is not counted.
  std::vector<std::string> t(9, "\xEE\x80\x81");
  t.push_back("A");
  t.push_back(" ");
  std::string reason;
  EXPECT_EQ(classify_text_layer(glyphs(t), &reason), TextLayer::Garbage);
  EXPECT_EQ(reason, "90% of 10 characters are private-use or unmapped");
}

TEST(TextLayer, UnmappedReplacementControlAndPlane15CountAsBad) {
  // "" (unmapped code), U+FFFD, U+0001, U+F0000 against 4 good ones: 50 %.
  std::string reason;
  EXPECT_EQ(classify_text_layer(glyphs({"", "\xEF\xBF\xBD", "\x01", "\xF3\xB0\x80\x80", "a", "b", "c", "d"}), &reason),
            TextLayer::Garbage);
  EXPECT_EQ(reason, "50% of 8 characters are private-use or unmapped");
}

TEST(TextLayer, ThresholdIsMoreThanThirtyPercent) {
  std::string reason;
  std::vector<std::string> three_bad = {
      "\xEE\x80\x81", "\xEE\x80\x81", "\xEE\x80\x81", "a", "b", "c", "d", "e", "f", "g"};
  EXPECT_EQ(classify_text_layer(glyphs(three_bad), &reason), TextLayer::Usable);
  three_bad[3] = "\xEE\x80\x81";
  EXPECT_EQ(classify_text_layer(glyphs(three_bad), &reason), TextLayer::Garbage);
}

}  // namespace
}  // namespace jx::extract
