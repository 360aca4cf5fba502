// Character classes and whitespace helpers (core/text.h): code points and strings worked out by hand.
#include "core/text.h"

#include <gtest/gtest.h>

#include <string>

namespace {

using jx::is_cjk_text;
using jx::is_cjk_wide;
using jx::is_ideograph;

TEST(Text, BothCjkClassesHoldIdeographsAndChinesePunctuation) {
  // 中 U+4E2D, ，U+FF0C, 。U+3002, 、U+3001, （U+FF08, ：U+FF1A, 《 U+300A, — U+2014, … U+2026, “ U+201C, · U+00B7,
  // 㐀 U+3400 (extension A), 𠀀 U+20000 (extension B), 가 U+AC00 (hangul), あ U+3042 (hiragana).
  for (char32_t c :
       {U'中', U'，', U'。', U'、', U'（', U'：', U'《', U'—', U'…', U'“', U'·', U'㐀', U'𠀀', U'가', U'あ'}) {
    EXPECT_TRUE(is_cjk_wide(c)) << static_cast<unsigned>(c);
    EXPECT_TRUE(is_cjk_text(c)) << static_cast<unsigned>(c);
  }
  for (char32_t c : {U'a', U'5', U'%', U' ', U'.', U',', U'(', U'é', char32_t{0x2013}, char32_t{0xFFFD}}) {
    EXPECT_FALSE(is_cjk_wide(c)) << static_cast<unsigned>(c);
    EXPECT_FALSE(is_cjk_text(c)) << static_cast<unsigned>(c);
  }
}

TEST(Text, CheckBoxesAndLowQuotesAreWideGlyphsButNotCjkText) {
  // □ U+25A1, ☐ U+2610, ☑ U+2611, ☒ U+2612, ‚ U+201A, ‛ U+201B.
  for (char32_t c :
       {char32_t{0x25A1}, char32_t{0x2610}, char32_t{0x2611}, char32_t{0x2612}, char32_t{0x201A}, char32_t{0x201B}}) {
    EXPECT_TRUE(is_cjk_wide(c)) << static_cast<unsigned>(c);
    EXPECT_FALSE(is_cjk_text(c)) << static_cast<unsigned>(c);
  }
}

TEST(Text, CjkTextCoversWholeSymbolBlocksThatWideGlyphsDoNot) {
  // ― U+2015, ⿰ U+2FF0 (ideographic description), ㇀ U+31C0 (stroke), ㇰ U+31F0 (small katakana), ︐ U+FE10
  // (vertical comma), U+30000 (extension G).
  for (char32_t c :
       {char32_t{0x2015}, char32_t{0x2FF0}, char32_t{0x31C0}, char32_t{0x31F0}, char32_t{0xFE10}, char32_t{0x30000}}) {
    EXPECT_TRUE(is_cjk_text(c)) << static_cast<unsigned>(c);
    EXPECT_FALSE(is_cjk_wide(c)) << static_cast<unsigned>(c);
  }
}

TEST(Text, IdeographsAreHanOnly) {
  // 万 U+4E07, 㐀 U+3400, 豈 U+F900, 𠀀 U+20000, U+30000.
  for (char32_t c : {U'万', U'㐀', char32_t{0xF900}, U'𠀀', char32_t{0x30000}}) EXPECT_TRUE(is_ideograph(c));
  // 。U+3002, あ U+3042, 가 U+AC00, ％ U+FF05, U+4DC0 (hexagram, between extension A and the unified block), A.
  for (char32_t c : {U'。', U'あ', U'가', U'％', char32_t{0x4DC0}, U'A'}) EXPECT_FALSE(is_ideograph(c));
}

TEST(Text, TrimRemovesUnicodeWhiteSpaceAtBothEnds) {
  // U+3000 is E3 80 80, U+00A0 is C2 A0, U+FEFF is EF BB BF.
  EXPECT_EQ(jx::trim(" \t\xE3\x80\x80\xE5\xB9\xB4 \xE5\xBA\xA6\xC2\xA0\n"), "\xE5\xB9\xB4 \xE5\xBA\xA6");  // "年 度"
  EXPECT_EQ(jx::trim("\xEF\xBB\xBF"
                     "x"),
            "x");
  EXPECT_EQ(jx::trim(" \xE3\x80\x80 "), "");
  EXPECT_EQ(jx::trim(""), "");
  EXPECT_EQ(jx::trim_start("  a b  "), "a b  ");
  EXPECT_EQ(jx::trim_end("  a b  "), "  a b");
}

TEST(Text, TrimKeepsIllFormedBytes) {
  // A lone continuation byte at either end is not white space; a cut-off ideographic space (E3 80) neither.
  EXPECT_EQ(jx::trim(" \x80x\x80 "), "\x80x\x80");
  EXPECT_EQ(jx::trim("x\xE3\x80"), "x\xE3\x80");
  EXPECT_EQ(jx::trim_end("\xE3\x80\x80\xE3\x80\x80"), "");
}

TEST(Text, StripSpacesRemovesEveryWhiteSpaceCharacter) {
  // "总 分" with an ASCII space and "合\u3000计\u00A0" with an ideographic and a no-break space.
  EXPECT_EQ(jx::strip_spaces("\xE6\x80\xBB \xE5\x88\x86"), "\xE6\x80\xBB\xE5\x88\x86");
  EXPECT_EQ(jx::strip_spaces("\xE5\x90\x88\xE3\x80\x80\xE8\xAE\xA1\xC2\xA0"), "\xE5\x90\x88\xE8\xAE\xA1");
  EXPECT_EQ(jx::strip_spaces(" a \x80 b "),
            "a\x80"
            "b");
  EXPECT_EQ(jx::strip_spaces(""), "");
}

}  // namespace
