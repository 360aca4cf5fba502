// Character classes and whitespace helpers every stage shares, one of each, over the UTF-8 codec of core/utf8.h.
//
//   jx::is_cjk_wide(U'，')       // true: a glyph set full width, no space beside it when glyphs are joined
//   jx::is_cjk_text(U'―')       // true: a space next to it in normalised text carries no meaning
//   jx::is_ideograph(U'万')      // true: a Han ideograph
//   jx::trim(" \u3000x y ")      // "x y": white space is utf8::is_space()
//   jx::strip_spaces("总 分")    // "总分"
//
// Two CJK classes, on purpose: they answer different questions and each caller's output depends on its exact set.
// is_cjk_wide() is about drawn glyphs (line joining, width estimates of glyphs in a cell): it counts the check
// boxes □ ☐ ☑ ☒ and the low quotes ‚ ‛ that forms print full width. is_cjk_text() is about normalised (NFKC)
// text (rules/value_parser's whitespace rule): it counts the whole CJK symbol blocks (U+2E80–U+2FFF,
// U+3000–U+33FF), the vertical forms U+FE10–U+FE1F, the horizontal bar ― (U+2015) and the planes U+20000–U+3FFFF,
// and none of the boxes. Merging them would move a space in text holding one of the differing characters.
#pragma once

#include <string>
#include <string_view>

namespace jx {

// CJK ideographs, kana, bopomofo, hangul, CJK symbols and punctuation (，。、（）：“” …), full-width forms, and the
// check boxes □ ☐ ☑ ☒: glyphs that Chinese typesetting sets full width and that take no space next to anything.
bool is_cjk_wide(char32_t c);

// CJK ideographs, kana, hangul, CJK symbols and punctuation (、。《》「」【】…), vertical and full-width forms, and
// the general punctuation Chinese text uses (— ― … “ ” ‘ ’ ·): in normalised text, whitespace next to any of these
// is dropped.
bool is_cjk_text(char32_t c);

// Han ideographs: the unified ideographs, extension A, the compatibility ideographs and the planes U+20000–U+3FFFF.
bool is_ideograph(char32_t c);

// `s` without leading / trailing / leading-and-trailing white space (utf8::is_space). An ill-formed byte sequence
// is not white space and stays. The result views `s`.
std::string_view trim_start(std::string_view s);
std::string_view trim_end(std::string_view s);
std::string_view trim(std::string_view s);

// `s` with every white space character (utf8::is_space) removed; every other byte, ill-formed ones included, kept.
std::string strip_spaces(std::string_view s);

// `s` as text every output format can hold: an ill-formed UTF-8 sequence, a surrogate, U+FFFE and U+FFFF (which XML
// forbids) become U+FFFD; the C0 controls but tab, line feed and carriage return (which XML forbids too) become a
// space. Everything else is kept byte for byte.
std::string valid_text(std::string_view s);

// `s` as the text of an XML or HTML element or attribute value: valid_text(), control characters other than tab,
// newline and carriage return dropped (XML 1.0 cannot carry them), and & < > " ' written as entities.
std::string markup_escape(std::string_view s);

// A file name's bytes as text a person can read: unchanged when they are UTF-8; else decoded as GB18030 (what unzip
// gives for a zip made on Chinese Windows) when every byte decodes; else each byte outside a UTF-8 sequence written
// as %XX. The result is well-formed UTF-8; '/' stays '/'.
std::string readable_name(std::string_view bytes);

}  // namespace jx
