// UTF-8 as every stage passes text: one decoder and one encoder for the whole pipeline, over ICU's macros.
//
//   std::u32string cps = jx::utf8::decode("不少于30份");     // an ill-formed sequence: one U+FFFD per maximal subpart
//   std::string s = jx::utf8::encode(cps);
//   for (std::size_t i = 0; i < s.size();) { char32_t c; i = jx::utf8::next(s, i, &c); ... }
#pragma once

#include <unicode/utf8.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <string>
#include <string_view>

namespace jx::utf8 {

constexpr char32_t kReplacement = 0xFFFD;

// The code point at byte `i` of `s` into `*c` (U+FFFD for an ill-formed sequence); returns the index after it.
// `i` must be less than s.size(); the result is always greater than `i`.
inline std::size_t next(std::string_view s, std::size_t i, char32_t* c) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const auto n = static_cast<int32_t>(std::min<std::size_t>(s.size(), INT32_MAX));
  auto at = static_cast<int32_t>(i);
  UChar32 cp = 0;
  U8_NEXT(p, at, n, cp);
  *c = cp < 0 ? kReplacement : static_cast<char32_t>(cp);
  return static_cast<std::size_t>(at);
}

inline std::u32string decode(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  s = s.substr(0, std::min<std::size_t>(s.size(), INT32_MAX));
  for (std::size_t i = 0; i < s.size();) {
    char32_t c = 0;
    i = next(s, i, &c);
    out.push_back(c);
  }
  return out;
}

// Whether `pred` holds for any code point of `s` (as decode() would give them), without building the decoded string.
template <class Pred>
bool any_code_point(std::string_view s, Pred pred) {
  s = s.substr(0, std::min<std::size_t>(s.size(), INT32_MAX));
  for (std::size_t i = 0; i < s.size();) {
    char32_t c = 0;
    i = next(s, i, &c);
    if (pred(c)) return true;
  }
  return false;
}

// The first and the last code point of `s` (as decode() would give them); 0 when `s` is empty.
inline char32_t first(std::string_view s) {
  if (s.empty()) return 0;
  char32_t c = 0;
  next(s, 0, &c);
  return c;
}

inline char32_t last(std::string_view s) {
  if (s.empty()) return 0;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  auto at = static_cast<int32_t>(std::min<std::size_t>(s.size(), INT32_MAX));
  UChar32 cp = 0;
  U8_PREV(p, 0, at, cp);
  return cp < 0 ? kReplacement : static_cast<char32_t>(cp);
}

// Appends `c`; NUL, a surrogate or a value past U+10FFFF is written as U+FFFD.
inline void append(std::string& out, char32_t c) {
  if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) c = kReplacement;
  uint8_t buf[U8_MAX_LENGTH];
  int32_t len = 0;
  U8_APPEND_UNSAFE(buf, len, static_cast<UChar32>(c));
  out.append(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(len));
}

// The white space a wrapped or padded cell may hold: ASCII spaces and line ends, and the Unicode spaces (no-break,
// ideographic, the U+2000 series, zero width, line and paragraph separators, BOM).
inline bool is_space(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200B) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 ||
         c == 0xFEFF;
}

inline std::string encode(std::u32string_view s) {
  std::string out;
  out.reserve(s.size() * 3);
  for (char32_t c : s) append(out, c);
  return out;
}

}  // namespace jx::utf8
