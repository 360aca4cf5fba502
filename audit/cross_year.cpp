#include "audit/cross_year.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "audit/checks.h"
#include "core/numbers.h"
#include "core/utf8.h"
#include "rules/value_parser.h"

namespace jx::audit {

namespace {

// Full-width ASCII made ASCII, the ideographic space a space, 【】〔〕 made [].
std::u32string narrowed(std::string_view text) {
  std::u32string out;
  for (char32_t c : utf8::decode(text)) {
    if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;
    if (c == U'【' || c == U'〔') c = U'[';
    if (c == U'】' || c == U'〕') c = U']';
    if (c == 0x3000) c = U' ';
    out.push_back(c);
  }
  return out;
}

std::u32string without_spaces(const std::u32string& text) {
  std::u32string out;
  for (char32_t c : text)
    if (!utf8::is_space(c)) out.push_back(c);
  return out;
}

bool ends_with(const std::u32string& s, const std::u32string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Removes a leading code: ASCII letters, digits and - _ . holding a digit, in brackets or followed by a separator
// (whitespace, a colon or 、), unless nothing would be left.
void drop_leading_code(std::u32string& s) {
  auto code_char = [](char32_t c) {
    return c < 0x80 && (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == U'-' || c == U'_' || c == U'.');
  };
  auto separator = [](char32_t c) { return utf8::is_space(c) || c == U':' || c == U'：' || c == U'、'; };
  std::size_t at = 0;
  const bool bracket = !s.empty() && (s[0] == U'[' || s[0] == U'(');
  if (bracket) ++at;
  std::size_t end = at;
  bool digit = false;
  for (; end < s.size() && code_char(s[end]); ++end) digit = digit || (s[end] >= U'0' && s[end] <= U'9');
  const bool closed = bracket && end < s.size() && (s[end] == U']' || s[end] == U')');
  if (closed) ++end;
  const bool separated = end < s.size() && separator(s[end]);
  if (end - at < 2 || !digit || !(closed || (!bracket && separated))) return;
  while (end < s.size() && separator(s[end])) ++end;
  if (end < s.size()) s.erase(0, end);
}

}  // namespace

std::string project_key(std::string_view name, const rules::RuleSet& rules) {
  const rules::CheckRule& rule = rules.rule("target.ratchet");
  std::u32string s = narrowed(name);
  drop_leading_code(s);
  s = without_spaces(s);
  // A leading year: four digits and a year mark (the longest that fits).
  if (s.size() > 4 && std::all_of(s.begin(), s.begin() + 4, [](char32_t c) { return c >= U'0' && c <= U'9'; })) {
    std::size_t best = 0;
    for (const auto& mark : words_of(rule, "year_marks")) {
      const std::u32string m = utf8::decode(mark);
      if (m.size() > best && s.compare(4, m.size(), m) == 0 && s.size() > 4 + m.size()) best = m.size();
    }
    if (best > 0) s.erase(0, 4 + best);
  }
  for (const auto& suffix : words_of(rule, "name_suffixes")) {
    const std::u32string x = utf8::decode(suffix);
    if (s.size() > x.size() && ends_with(s, x)) s.resize(s.size() - x.size());
  }
  return utf8::encode(s);
}

std::string indicator_key(std::string_view name) { return utf8::encode(without_spaces(narrowed(name))); }

std::vector<Finding> ratchet_findings(const ProjectYear& now, const std::vector<const ProjectYear*>& earlier,
                                      const rules::RuleSet& rules) {
  const rules::CheckRule& rule = rules.rule("target.ratchet");
  const double tolerance = rule.number("tolerance");
  std::vector<Finding> out;
  for (const YearIndicator& ind : now.indicators) {
    if (!ind.target || ind.target->op != ">=") continue;
    const std::string key = indicator_key(ind.name);
    // The nearest earlier year with a comparable actual; within a year, the last one listed.
    const ProjectYear* from = nullptr;
    const YearIndicator* was = nullptr;
    double was_value = 0;  // in the target's unit
    for (const ProjectYear* p : earlier) {
      if (p == nullptr || p->year >= now.year || p->name_key != now.name_key || p->department_key != now.department_key)
        continue;
      if (from != nullptr && p->year < from->year) continue;
      for (const YearIndicator& e : p->indicators) {
        if (!e.actual || indicator_key(e.name) != key) continue;
        const auto factor = rules::unit_factor(e.actual->unit, ind.target->unit, rules.values);
        if (!factor) continue;
        from = p;
        was = &e;
        was_value = e.actual->value * *factor;
        break;
      }
    }
    if (was == nullptr) continue;
    const double target = ind.target->value;
    if (!(target < was_value - tolerance * std::max({1.0, std::fabs(target), std::fabs(was_value)}))) continue;
    const std::vector<std::pair<std::string, std::string>> values = {
        {"name", ind.name},
        {"target", format_rounded(target, 4) + ind.target->unit},
        {"year", std::to_string(now.year)},
        {"previous_year", std::to_string(from->year)},
        {"previous_actual", format_rounded(was->actual->value, 4) + was->actual->unit},
    };
    Finding f;
    f.rule = rule.id;
    f.severity = jx::to_string(rule.severity);
    f.message = fill_message(rule.message, values);
    if (was->low_confidence) f.message += fill_message(rule.text("message_unsure"), values);
    f.indicator = ind.name;
    f.page = ind.page;
    f.bbox = ind.bbox;
    f.detail = fill_message(rule.text("detail"), values);
    f.previous = PreviousYear{from->file,        from->year,       was->actual->value,
                              was->actual->unit, was->actual_text, was->low_confidence};
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace jx::audit
