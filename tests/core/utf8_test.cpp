// The pipeline's one UTF-8 codec (core/utf8.h): code points worked out by hand from the bytes.
#include "core/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace {

TEST(Utf8, DecodesOneToFourByteSequences) {
  // "a" U+0061, "é" C3 A9 = U+00E9, "中" E4 B8 AD = U+4E2D, "𠀀" F0 A0 80 80 = U+20000.
  EXPECT_EQ(jx::utf8::decode("a\xC3\xA9\xE4\xB8\xAD\xF0\xA0\x80\x80"), (std::u32string{0x61, 0xE9, 0x4E2D, 0x20000}));
  EXPECT_EQ(jx::utf8::decode(""), std::u32string());
}

TEST(Utf8, IllFormedBytesBecomeReplacementCharacters) {
  // A lone continuation byte, a lead byte cut short before "x", an overlong "/" (C0 AF: two bad bytes), and a
  // UTF-16 surrogate encoded in UTF-8 (ED A0 80: not a scalar value).
  EXPECT_EQ(jx::utf8::decode("\x80"), (std::u32string{0xFFFD}));
  EXPECT_EQ(jx::utf8::decode("\xE4\xB8x"), (std::u32string{0xFFFD, 'x'}));
  EXPECT_EQ(jx::utf8::decode("\xC0\xAF"), (std::u32string{0xFFFD, 0xFFFD}));
  std::u32string surrogate = jx::utf8::decode("\xED\xA0\x80");
  ASSERT_FALSE(surrogate.empty());
  for (char32_t c : surrogate) EXPECT_EQ(c, 0xFFFDu);
}

TEST(Utf8, NextStepsOverOneCharacter) {
  std::string s =
      "\xE4\xB8\xAD"
      "1";
  char32_t c = 0;
  EXPECT_EQ(jx::utf8::next(s, 0, &c), 3u);
  EXPECT_EQ(c, 0x4E2Du);
  EXPECT_EQ(jx::utf8::next(s, 3, &c), 4u);
  EXPECT_EQ(c, U'1');
  EXPECT_EQ(jx::utf8::next(s, 1, &c), 2u) << "a continuation byte alone is one bad character";
  EXPECT_EQ(c, 0xFFFDu);
}

TEST(Utf8, EncodesScalarValuesAndReplacesTheRest) {
  EXPECT_EQ(jx::utf8::encode(U"不少于30份"), "不少于30份");
  EXPECT_EQ(jx::utf8::encode(std::u32string{0x20000}), "\xF0\xA0\x80\x80");
  EXPECT_EQ(jx::utf8::encode(std::u32string{0}), "\xEF\xBF\xBD");
  EXPECT_EQ(jx::utf8::encode(std::u32string{0xD800}), "\xEF\xBF\xBD");
  EXPECT_EQ(jx::utf8::encode(std::u32string{0x110000}), "\xEF\xBF\xBD");
}

TEST(Utf8, SpacesIncludeTheIdeographicAndNoBreakSpaces) {
  for (char32_t c : {U' ', U'\t', U'\n', char32_t{0xA0}, char32_t{0x3000}, char32_t{0x2009}, char32_t{0xFEFF}})
    EXPECT_TRUE(jx::utf8::is_space(c)) << static_cast<unsigned>(c);
  for (char32_t c : {U'a', U'0', char32_t{0x4E2D}, char32_t{0xFF0C}, char32_t{0x200C}})
    EXPECT_FALSE(jx::utf8::is_space(c)) << static_cast<unsigned>(c);
}

}  // namespace

// first() and last() give decode()'s first and last code point without decoding the rest; any_code_point() stops at
// the first that matches. Bytes as above: a, é (C3 A9), 中 (E4 B8 AD), U+20000 (F0 A0 80 80).
TEST(Utf8, FirstLastAndAnyCodePoint) {
  const std::string s = "a\xC3\xA9\xE4\xB8\xAD\xF0\xA0\x80\x80";
  EXPECT_EQ(jx::utf8::first(s), U'a');
  EXPECT_EQ(jx::utf8::last(s), char32_t{0x20000});
  EXPECT_EQ(jx::utf8::first("\xE4\xB8\xAD"), char32_t{0x4E2D});
  EXPECT_EQ(jx::utf8::last("\xE4\xB8\xAD"), char32_t{0x4E2D});
  EXPECT_EQ(jx::utf8::first(""), char32_t{0});
  EXPECT_EQ(jx::utf8::last(""), char32_t{0});
  // A sequence cut short at either end reads as U+FFFD, as decode() gives it.
  EXPECT_EQ(jx::utf8::last("a\xE4\xB8"), jx::utf8::kReplacement);
  EXPECT_EQ(jx::utf8::first("\xB8\xAD\x61"), jx::utf8::kReplacement);  // 0x61: a
  int seen = 0;
  EXPECT_TRUE(jx::utf8::any_code_point(s, [&](char32_t c) {
    ++seen;
    return c == 0x4E2D;
  }));
  EXPECT_EQ(seen, 3);
  EXPECT_FALSE(jx::utf8::any_code_point(s, [](char32_t c) { return c == U'b'; }));
  EXPECT_FALSE(jx::utf8::any_code_point("", [](char32_t) { return true; }));
}
