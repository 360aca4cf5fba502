// Character classes and whitespace helpers (text.h says why there are two CJK classes).
#include "core/text.h"

#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstdio>

#include "core/utf8.h"

namespace jx {

bool is_cjk_wide(char32_t c) {
  return (c >= 0x2E80 && c <= 0x2FDF) ||    // CJK radicals
         (c >= 0x3000 && c <= 0x303F) ||    // CJK symbols and punctuation: 、。〈〉《》「」【】
         (c >= 0x3040 && c <= 0x30FF) ||    // kana
         (c >= 0x3100 && c <= 0x31BF) ||    // bopomofo
         (c >= 0x3200 && c <= 0x33FF) ||    // enclosed CJK, CJK compatibility
         (c >= 0x3400 && c <= 0x4DBF) ||    // extension A
         (c >= 0x4E00 && c <= 0x9FFF) ||    // unified ideographs
         (c >= 0xAC00 && c <= 0xD7AF) ||    // hangul
         (c >= 0xF900 && c <= 0xFAFF) ||    // compatibility ideographs
         (c >= 0xFE30 && c <= 0xFE4F) ||    // CJK compatibility forms
         (c >= 0xFF00 && c <= 0xFFEF) ||    // full-width forms: ，（）：；！？％
         (c >= 0x20000 && c <= 0x2FFFF) ||  // extensions B…
         c == 0x2014 || c == 0x2026 ||      // — …
         (c >= 0x2018 && c <= 0x201D) ||    // ‘’‚‛“” as Chinese text uses them
         c == 0x00B7 || c == 0x25A1 || c == 0x2610 || c == 0x2611 || c == 0x2612;  // · □ ☐ ☑ ☒
}

bool is_cjk_text(char32_t c) {
  if (c == 0x00B7 || c == 0x2014 || c == 0x2015 || c == 0x2026 || c == 0x2018 || c == 0x2019 || c == 0x201C ||
      c == 0x201D)
    return true;
  return (c >= 0x2E80 && c <= 0x2FFF) ||  // radicals, ideographic description characters
         (c >= 0x3000 && c <= 0x33FF) ||  // symbols and punctuation, kana, bopomofo, strokes, enclosed, compatibility
         (c >= 0x3400 && c <= 0x4DBF) ||  // extension A
         (c >= 0x4E00 && c <= 0x9FFF) ||  // unified ideographs
         (c >= 0xAC00 && c <= 0xD7AF) ||  // hangul
         (c >= 0xF900 && c <= 0xFAFF) ||  // compatibility ideographs
         (c >= 0xFE10 && c <= 0xFE1F) ||  // vertical forms
         (c >= 0xFE30 && c <= 0xFE4F) ||  // CJK compatibility forms
         (c >= 0xFF00 && c <= 0xFFEF) ||  // half-width and full-width forms
         (c >= 0x20000 && c <= 0x3FFFF);  // extensions B…
}

bool is_ideograph(char32_t c) {
  return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x3FFFF);
}

std::string_view trim_start(std::string_view s) {
  std::size_t b = 0;
  while (b < s.size()) {
    char32_t c = 0;
    std::size_t after = utf8::next(s, b, &c);
    if (!utf8::is_space(c)) break;
    b = after;
  }
  return s.substr(b);
}

std::string_view trim_end(std::string_view s) {
  std::size_t e = s.size();
  while (e > 0) {
    // The code point ending at `e`: back over continuation bytes to its lead byte; an ill-formed tail is no space.
    std::size_t start = e - 1;
    while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    char32_t c = 0;
    if (utf8::next(s.substr(0, e), start, &c) != e || !utf8::is_space(c)) break;
    e = start;
  }
  return s.substr(0, e);
}

std::string_view trim(std::string_view s) { return trim_end(trim_start(s)); }

std::string strip_spaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    char32_t c = 0;
    std::size_t after = utf8::next(s, i, &c);
    if (!utf8::is_space(c)) out.append(s.substr(i, after - i));
    i = after;
  }
  return out;
}

std::string valid_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    char32_t c = 0;
    const std::size_t after = utf8::next(s, i, &c);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
      out.push_back(' ');
    } else if (c == utf8::kReplacement || c == 0xFFFE || c == 0xFFFF || (c >= 0xD800 && c <= 0xDFFF)) {
      utf8::append(out, utf8::kReplacement);
    } else {
      out.append(s.substr(i, after - i));
    }
    i = after;
  }
  return out;
}

namespace {

// Whether utf8::next() read bytes [i, after) of `s` as ill-formed: it gave U+FFFD for something other than U+FFFD
// written out (three bytes).
bool ill_formed(std::string_view s, std::size_t i, std::size_t after, char32_t c) {
  return c == utf8::kReplacement && !(after - i == 3 && s.substr(i, 3) == "\xEF\xBF\xBD");
}

}  // namespace

std::string readable_name(std::string_view bytes) {
  bool well_formed = true;
  for (std::size_t i = 0; i < bytes.size() && well_formed;) {
    char32_t c = 0;
    const std::size_t after = utf8::next(bytes, i, &c);
    well_formed = !ill_formed(bytes, i, after, c);
    i = after;
  }
  if (well_formed) return std::string(bytes);
  UErrorCode status = U_ZERO_ERROR;
  UConverter* gb = ucnv_open("GB18030", &status);
  if (U_SUCCESS(status)) {
    ucnv_setToUCallBack(gb, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    const auto n = static_cast<int32_t>(std::min<std::size_t>(bytes.size(), INT32_MAX / 4));
    std::u16string wide(static_cast<std::size_t>(n) * 2 + 2, u'\0');
    const int32_t len = ucnv_toUChars(gb, wide.data(), static_cast<int32_t>(wide.size()), bytes.data(), n, &status);
    ucnv_close(gb);
    if (U_SUCCESS(status) && static_cast<std::size_t>(n) == bytes.size()) {
      std::string out;
      icu::UnicodeString(false, wide.data(), len).toUTF8String(out);
      return out;
    }
  }
  std::string out;
  for (std::size_t i = 0; i < bytes.size();) {
    char32_t c = 0;
    const std::size_t after = utf8::next(bytes, i, &c);
    if (ill_formed(bytes, i, after, c)) {
      for (std::size_t k = i; k < after; ++k) {
        char hex[4];
        std::snprintf(hex, sizeof hex, "%%%02X", static_cast<unsigned char>(bytes[k]));
        out += hex;
      }
    } else {
      out.append(bytes.substr(i, after - i));
    }
    i = after;
  }
  return out;
}

std::string markup_escape(std::string_view raw) {
  const std::string text = valid_text(raw);
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') break;
        out.push_back(c);
    }
  }
  return out;
}

}  // namespace jx
