// Reading target, actual and amount cells. All text first goes through normalize_text(), so the rule files and
// the code only ever see NFKC text: ASCII digits, "%", ".", "(" ")" and single spaces between non-CJK words.
#include "rules/value_parser.h"

#include <re2/re2.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <unordered_map>

#include "core/text.h"
#include "core/utf8.h"

namespace jx::rules {
namespace {

using utf8::decode;
using utf8::encode;

// ---- character classes ---------------------------------------------------------------------------------------

// NFKC through ICU; text ICU cannot normalise (never expected) is returned unchanged.
std::string nfkc(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* norm = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status) || norm == nullptr) return std::string(s);
  icu::UnicodeString src = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  icu::UnicodeString dst = norm->normalize(src, status);
  if (U_FAILURE(status)) return std::string(s);
  std::string out;
  dst.toUTF8String(out);
  return out;
}

// Characters dropped outright: zero-width characters, the byte-order mark, the soft hyphen and C0/C1 controls
// other than whitespace. PDF text layers are full of them and they never carry meaning in a cell.
bool is_invisible(char32_t c) {
  if (c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF || c == 0x00AD) return true;
  if (c < 0x20 && c != U'\t' && c != U'\n' && c != U'\r' && c != 0x0B && c != 0x0C) return true;
  return c >= 0x7F && c < 0xA0 && c != 0x85;
}

bool is_space(char32_t c) { return u_isUWhiteSpace(static_cast<UChar32>(c)) != 0; }

// Characters a unit written without a list entry may consist of: ideographs, ASCII letters, % and ‰.
bool is_unit_char(char32_t c) {
  return is_ideograph(c) || (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || c == U'%' || c == 0x2030;
}

bool is_digit(char32_t c) { return c >= U'0' && c <= U'9'; }

std::string remove_spaces(std::string_view s) {
  std::u32string u = decode(s);
  std::erase_if(u, [](char32_t c) { return is_space(c); });
  return encode(u);
}

// Parses "1952.61" (digits, at most one '.') locale-independently; nullopt for anything else.
std::optional<double> to_double(std::string_view digits) {
  if (digits.empty()) return std::nullopt;
  double v = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc() || ptr != digits.data() + digits.size()) return std::nullopt;
  return v;
}

// ---- numbers, units, operators -------------------------------------------------------------------------------

struct NumberMatch {
  std::size_t begin = 0, end = 0;  // byte offsets into the normalised text
  double value = 0;
};

// The number pattern used when a caller hands in ValueRules that were not loaded (tests, defaults).
const re2::RE2& builtin_number_pattern() {
  static const re2::RE2 kNumber(R"(\d{1,3}(?:[, ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)");
  return kNumber;
}

// The first number in `t` according to the rule file's pattern; thousands separators and spaces inside the
// match are dropped before conversion.
std::optional<NumberMatch> find_number(const std::string& t, const ValueRules& rules) {
  const re2::RE2* pattern = rules.number.re();
  const re2::RE2& re = pattern != nullptr ? *pattern : builtin_number_pattern();
  re2::StringPiece m;
  if (!re.Match(t, 0, t.size(), re2::RE2::UNANCHORED, &m, 1) || m.empty()) return std::nullopt;
  std::string digits;
  for (char c : m) {
    if ((c >= '0' && c <= '9') || c == '.') digits.push_back(c);
  }
  auto v = to_double(digits);
  if (!v) return std::nullopt;
  NumberMatch out;
  out.begin = static_cast<std::size_t>(m.data() - t.data());
  out.end = out.begin + m.size();
  out.value = *v;
  return out;
}

bool after_operator_at(std::string_view text, const ValueRules& rules) {
  for (const auto& op : rules.operators) {
    if (op.position != OperatorPosition::After) continue;
    if (op.pattern.found_at_start(text)) return true;
  }
  return false;
}

// How many code points a unit found without a list entry may have: keeps "亿条" and "人次", stops a run such
// as "季度前完成" from becoming a unit.
constexpr std::size_t kMaxFreeUnitLength = 3;

struct UnitMatch {
  std::string unit;
  std::string_view rest;  // what follows the unit, leading spaces removed
};

// One unit at the very start of `s` (no leading space skipped): the longest entry of the units list `s` starts
// with, else the run of ideographs/letters/% up to where an after-operator ("以上", "以内") begins, at most
// kMaxFreeUnitLength code points. `rest` is what follows, untrimmed.
UnitMatch read_one_unit(std::string_view s, const ValueRules& rules) {
  for (const auto& u : rules.units) {  // longest first (sorted at load)
    if (!u.empty() && s.starts_with(u)) return {u, s.substr(u.size())};
  }
  std::size_t pos = 0, count = 0;
  while (pos < s.size() && count < kMaxFreeUnitLength) {
    // The run ends where an operator word begins ("95以上": no unit, rest "以上").
    if (after_operator_at(s.substr(pos), rules)) break;
    char32_t c = 0;
    std::size_t after = utf8::next(s, pos, &c);
    if (c == utf8::kReplacement || !is_unit_char(c)) break;
    pos = after;
    ++count;
  }
  return {std::string(s.substr(0, pos)), s.substr(pos)};
}

// The unit at the start of `suffix` (the text right after the number), by read_one_unit(), and then as written
// around it: a magnitude of unit_prefixes with a unit right after it is one unit ("万" + "剂次"), and a unit, "/"
// and a unit is a rate ("元/天", "万元/公里", "微克/立方米"). A prefix alone stays a unit ("1万"), and "/" before
// a digit is not a rate. `suffix` is normalised text, whose only white space is ' '.
UnitMatch read_unit(std::string_view suffix, const ValueRules& rules) {
  UnitMatch u = read_one_unit(trim_start(suffix), rules);
  if (!u.unit.empty() &&
      std::find(rules.unit_prefixes.begin(), rules.unit_prefixes.end(), u.unit) != rules.unit_prefixes.end()) {
    UnitMatch more = read_one_unit(u.rest, rules);
    if (!more.unit.empty()) u = {u.unit + more.unit, more.rest};
  }
  if (!u.unit.empty() && u.rest.starts_with('/')) {
    UnitMatch per = read_one_unit(u.rest.substr(1), rules);
    if (!per.unit.empty()) u = {u.unit + "/" + per.unit, per.rest};
  }
  u.rest = trim_start(u.rest);
  return u;
}

std::optional<std::string> operator_from_words(std::string_view before, std::string_view after,
                                               const ValueRules& rules) {
  for (const auto& op : rules.operators) {
    const bool found =
        op.position == OperatorPosition::Before ? op.pattern.found_in(before) : op.pattern.found_at_start(after);
    if (found) return op.op;
  }
  return std::nullopt;
}

bool contains_any(const std::string& text, const std::vector<std::string>& words) {
  return std::any_of(words.begin(), words.end(),
                     [&](const std::string& w) { return !w.empty() && text.find(w) != std::string::npos; });
}

bool is_less_is_better(std::string_view indicator_name, const ValueRules& rules) {
  const std::string name = remove_spaces(normalize_text(indicator_name));
  if (contains_any(name, rules.more_is_better)) return false;
  return contains_any(name, rules.less_is_better);
}

bool is_placeholder(const std::string& s) {
  return s.empty() || s == "-" || s == "/" || s == "\u2014" || s == "\u2014\u2014";
}

}  // namespace

namespace {

std::string normalize_text_uncached(std::string_view utf8) {
  const std::u32string s = decode(nfkc(utf8));
  std::u32string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const char32_t c = s[i];
    if (is_invisible(c)) {
      ++i;
      continue;
    }
    if (!is_space(c)) {
      out.push_back(c);
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < s.size() && (is_space(s[j]) || is_invisible(s[j]))) ++j;
    const bool has_prev = !out.empty();
    const bool has_next = j < s.size();
    if (has_prev && has_next && !is_cjk_text(out.back()) && !is_cjk_text(s[j])) out.push_back(U' ');
    i = j;
  }
  return encode(out);
}

struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

}  // namespace

// The same texts (a cell read for several fields, a rule's words, a note) are normalised many times in a report:
// each thread keeps what it has computed, forgetting everything past a few MiB so memory stays bounded.
std::string normalize_text(std::string_view utf8) {
  constexpr std::size_t kMemoBytes = std::size_t{8} << 20;
  thread_local std::unordered_map<std::string, std::string, TextHash, std::equal_to<>> memo;
  thread_local std::size_t memo_bytes = 0;
  if (auto it = memo.find(utf8); it != memo.end()) return it->second;
  std::string out = normalize_text_uncached(utf8);
  if (memo_bytes > kMemoBytes) {
    memo.clear();
    memo_bytes = 0;
  }
  memo_bytes += utf8.size() + out.size() + 64;
  memo.emplace(std::string(utf8), out);
  return out;
}

std::string normalize_header(std::string_view utf8) {
  std::u32string s = decode(normalize_text(utf8));
  std::erase_if(s, [](char32_t c) { return is_space(c); });

  // Tags in brackets made only of ASCII letters, '/', '+', '-' and '%': "(A)", "(B/A)", "(A+B)", "(%)".
  // Brackets with anything else inside ("(权重)", "(万元)") are part of the header and stay.
  auto is_tag_char = [](char32_t c) {
    return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || c == U'/' || c == U'+' || c == U'-' || c == U'%';
  };
  std::u32string untagged;
  untagged.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == U'(') {
      std::size_t close = i + 1;
      while (close < s.size() && is_tag_char(s[close])) ++close;
      if (close < s.size() && s[close] == U')' && close > i + 1) {
        i = close + 1;
        continue;
      }
    }
    untagged.push_back(s[i++]);
  }
  s = std::move(untagged);

  // Leading numbering: "1." "1、" "1)" "(1)" "一、" "(一)", only when text follows that is not a digit.
  static const std::u32string kChineseNumerals = U"一二三四五六七八九十";
  auto is_numeral = [](char32_t c) { return is_digit(c) || kChineseNumerals.find(c) != std::u32string::npos; };
  std::size_t k = 0;
  if (k < s.size() && s[k] == U'(') {
    std::size_t j = 1;
    while (j < s.size() && is_numeral(s[j])) ++j;
    if (j > 1 && j < s.size() && s[j] == U')') k = j + 1;
  } else {
    std::size_t j = 0;
    while (j < s.size() && is_numeral(s[j])) ++j;
    if (j > 0 && j < s.size()) {
      const char32_t sep = s[j];
      const bool digits_only = std::all_of(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(j), is_digit);
      const bool ok = sep == U'、' || (digits_only && (sep == U'.' || sep == U')'));
      if (ok) k = j + 1;
    }
  }
  if (k > 0 && k < s.size() && !is_digit(s[k])) s.erase(0, k);
  return encode(s);
}

std::optional<double> parse_number(std::string_view text) {
  const std::string s = remove_spaces(normalize_text(text));
  std::string_view v = s;
  if (v.ends_with('%')) v.remove_suffix(1);
  bool negative = false;
  if (!v.empty() && (v.front() == '-' || v.front() == '+')) {
    negative = v.front() == '-';
    v.remove_prefix(1);
  }
  // Integer part with optional ',' thousands separators (each followed by exactly three digits), then an
  // optional fraction.
  std::string digits;
  std::size_t i = 0;
  std::size_t group = 0;
  bool seen_comma = false;
  while (i < v.size() && (std::isdigit(static_cast<unsigned char>(v[i])) || v[i] == ',')) {
    if (v[i] == ',') {
      if (digits.empty() || (seen_comma ? group != 3 : group > 3)) return std::nullopt;
      seen_comma = true;
      group = 0;
    } else {
      digits.push_back(v[i]);
      ++group;
    }
    ++i;
  }
  if (seen_comma && group != 3) return std::nullopt;
  if (i < v.size() && v[i] == '.') {
    digits.push_back('.');
    ++i;
    const std::size_t frac_start = i;
    while (i < v.size() && std::isdigit(static_cast<unsigned char>(v[i]))) digits.push_back(v[i++]);
    if (i == frac_start) return std::nullopt;
  }
  if (i != v.size()) return std::nullopt;
  auto d = to_double(digits);
  if (!d) return std::nullopt;
  return negative ? -*d : *d;
}

std::optional<std::string> parse_operator_symbol(std::string_view text) {
  const std::string s = remove_spaces(normalize_text(text));
  static const char* const kGe[] = {"\u2265",     "\u2267", "\u2A7E", ">",      ">=",   "=>",      "大于等于",
                                    "大于或等于", "不低于", "不少于", "不小于", "正向", "正向指标"};
  static const char* const kLe[] = {"\u2264",     "\u2266", "\u2A7D", "<",      "<=",     "=<",   "小于等于",
                                    "小于或等于", "不高于", "不超过", "不大于", "不多于", "反向", "反向指标"};
  static const char* const kEq[] = {"=", "\u2550", "==", "等于"};
  for (const char* w : kGe)
    if (s == w) return ">=";
  for (const char* w : kLe)
    if (s == w) return "<=";
  for (const char* w : kEq)
    if (s == w) return "=";
  return std::nullopt;
}

std::optional<Target> parse_target(std::string_view text, std::string_view indicator_name, const ValueRules& rules,
                                   std::string_view op_override, std::string_view unit_override) {
  const std::string t = normalize_text(text);
  const auto num = find_number(t, rules);
  if (!num) return std::nullopt;
  const std::string_view all(t);
  const std::string_view before = all.substr(0, num->begin);
  const UnitMatch unit = read_unit(all.substr(num->end), rules);

  Target out;
  out.value = num->value;
  out.unit = unit.unit;
  if (out.unit.empty() && !unit_override.empty()) {
    std::string u = remove_spaces(normalize_text(unit_override));
    if (!is_placeholder(u)) out.unit = std::move(u);
  }

  std::optional<std::string> op;
  if (!op_override.empty()) op = parse_operator_symbol(op_override);
  if (!op) op = operator_from_words(before, unit.rest, rules);
  if (!op) op = is_less_is_better(indicator_name, rules) ? "<=" : ">=";
  out.op = *op;
  return out;
}

std::optional<Quantity> parse_actual(std::string_view text, const ValueRules& rules) {
  const std::string t = normalize_text(text);
  const auto num = find_number(t, rules);
  if (!num) return std::nullopt;
  Quantity q;
  q.value = num->value;
  q.unit = read_unit(std::string_view(t).substr(num->end), rules).unit;
  return q;
}

std::string canonical_unit(std::string_view unit, const ValueRules& rules) {
  auto it = rules.unit_aliases.find(std::string(unit));
  return it == rules.unit_aliases.end() ? std::string(unit) : it->second;
}

std::optional<double> unit_factor(std::string_view from, std::string_view to, const ValueRules& rules) {
  const std::string a = canonical_unit(from, rules), b = canonical_unit(to, rules);
  if (a == b) return 1.0;
  // The magnitude a unit starts with (the longest prefix that fits) and the base unit after it.
  auto split = [&](const std::string& unit) {
    std::pair<double, std::string> out{1.0, unit};
    std::size_t best = 0;
    for (const auto& [prefix, factor] : rules.magnitudes) {
      if (prefix.size() > best && unit.compare(0, prefix.size(), prefix) == 0) {
        best = prefix.size();
        out = {factor, canonical_unit(unit.substr(prefix.size()), rules)};
      }
    }
    return out;
  };
  const auto [fa, base_a] = split(a);
  const auto [fb, base_b] = split(b);
  if (base_a != base_b) return std::nullopt;
  return fa / fb;
}

}  // namespace jx::rules
