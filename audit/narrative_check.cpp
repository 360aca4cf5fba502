// narrative.sum_mismatch: breakdown sentences of the narrative (包含 A 15 份、B 10 份……合计 36 份) whose parts do
// not add up to the total they state.
//
// What this promises:
//   - The narrative blocks are read as one running text (a sentence may continue over a block or page break) and
//     cut into sentences at 。！？ (and ! ?); each 年度总体目标 cell (Report::goal) is read the same way, as a text of
//     its own. Each sentence is matched after normalize_text() (NFKC, so "，" is
//     "," and "：" is ":" there).
//   - Each [[breakdown]] pattern of narrative.toml is tried in file order; the first that matches a sentence and
//     yields a count total with at least two count parts is used. A pattern names its groups: `total` (the stated
//     total, digits with optional thousands separators and decimals) and `parts` (the text that lists the parts).
//     Patterns without both groups are skipped.
//   - The total counts only when a count unit (narrative.toml's count_units, longest first) follows it; a part is
//     every number in `parts` directly followed by a count unit. Numbers followed by anything else — dates
//     (2021年, 12月), amounts (万元), rates (%) — are not parts. Units of parts and total may differ (19 次 =
//     3 场 + 5 场 + 11 场). Numbers inside brackets are a sub-breakdown of a part and do not count. At least two
//     parts are needed; otherwise the sentence is not a breakdown.
//   - The finding's indicator is the indicator whose name, or a part of it at least max(name_min_chars,
//     name_min_share × its length) characters long (the rule's params; the whole name when shorter), appears in the
//     sentence (best match), else in the sentence just before; else none.
#include <re2/re2.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "audit/checks.h"
#include "audit/recompute.h"
#include "core/numbers.h"
#include "core/text.h"
#include "core/utf8.h"
#include "rules/value_parser.h"

namespace jx::audit {

namespace {

struct Sentence {
  std::string raw;         // as the narrative has it, trimmed
  std::string normalized;  // normalize_text(raw) when raw holds a digit, else empty
  int page = 0;
  extract::Box box;
  float number_confidence = 100;  // the lowest of its blocks' (below 100: read by OCR)
};

using utf8::decode;

using utf8::is_space;

// The text as code points, white space (utf8::is_space) left out.
std::u32string without_spaces(std::string_view s) { return decode(strip_spaces(s)); }

// `s` without leading and trailing ASCII white space (space, tab, CR, LF) only: a sentence keeps an ideographic
// space at its ends, as its evidence text always has (core's trim() would drop it too).
std::string trim_ascii_space(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// The narrative as sentences, each tagged with the block (page, box) it starts in.
std::vector<Sentence> split_sentences(const std::vector<extract::TextBlock>& blocks) {
  static const std::vector<std::string> kEnds = {"。", "！", "？", "!", "?"};
  std::vector<Sentence> out;
  Sentence cur;
  bool open = false;
  for (const auto& block : blocks) {
    const std::string& t = block.text;
    size_t i = 0;
    while (i < t.size()) {
      if (!open) {
        cur = Sentence{};
        cur.page = block.page;
        cur.box = block.box;
        open = true;
      }
      size_t best = std::string::npos, best_len = 0;
      for (const auto& e : kEnds) {
        size_t p = t.find(e, i);
        if (p != std::string::npos && p < best) best = p, best_len = e.size();
      }
      cur.number_confidence = std::min(cur.number_confidence, block.number_confidence);
      if (best == std::string::npos) {
        cur.raw += t.substr(i);
        break;
      }
      cur.raw += t.substr(i, best - i);
      i = best + best_len;
      cur.raw = trim_ascii_space(cur.raw);
      if (!cur.raw.empty()) out.push_back(cur);
      open = false;
    }
  }
  if (open) {
    cur.raw = trim_ascii_space(cur.raw);
    if (!cur.raw.empty()) out.push_back(cur);
  }
  // Only a sentence with a digit can state a number (ASCII, or full-width ０-９: EF BC 90..99 in UTF-8); the others
  // keep an empty normalized text and match nothing, which spares ICU most of the narrative.
  auto has_digit = [](const std::string& t) {
    for (size_t i = 0; i < t.size(); ++i) {
      const auto c = static_cast<unsigned char>(t[i]);
      if (c >= '0' && c <= '9') return true;
      if (c == 0xEF && i + 2 < t.size() && static_cast<unsigned char>(t[i + 1]) == 0xBC &&
          static_cast<unsigned char>(t[i + 2]) >= 0x90 && static_cast<unsigned char>(t[i + 2]) <= 0x99)
        return true;
    }
    return false;
  };
  for (auto& s : out)
    if (has_digit(s.raw)) s.normalized = rules::normalize_text(s.raw);
  return out;
}

// The longest count unit that `text` starts with, or "".
std::string count_unit_at(std::string_view text, const std::vector<std::string>& units_longest_first) {
  for (const auto& u : units_longest_first)
    if (!u.empty() && text.substr(0, u.size()) == u) return u;
  return "";
}

std::optional<double> to_number(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), ','), s.end());
  double v = 0;
  auto res = std::from_chars(s.data(), s.data() + s.size(), v);
  if (res.ec != std::errc() || res.ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

// Length (code points) of the longest common substring of a and b.
size_t longest_common(const std::u32string& a, const std::u32string& b) {
  if (a.empty() || b.empty()) return 0;
  std::vector<size_t> prev(b.size() + 1, 0), cur(b.size() + 1, 0);
  size_t best = 0;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1 : 0;
      best = std::max(best, cur[j]);
    }
    std::swap(prev, cur);
  }
  return best;
}

// The indicator `sentence` is about: best name match (see the file comment), or nullptr.
const Indicator* indicator_in(const std::string& sentence, const std::vector<Indicator>& indicators,
                              const rules::CheckRule& rule) {
  const auto min_chars = static_cast<size_t>(rule.number("name_min_chars"));
  const double min_share = rule.number("name_min_share");
  std::u32string s = without_spaces(sentence);
  const Indicator* best = nullptr;
  double best_score = 0;
  for (const auto& ind : indicators) {
    std::u32string name = without_spaces(rules::normalize_text(ind.name));
    if (name.empty()) continue;
    size_t common = longest_common(name, s);
    size_t need =
        std::min(name.size(), std::max<size_t>(min_chars, static_cast<size_t>(std::ceil(min_share * name.size()))));
    if (common < need) continue;
    double score = static_cast<double>(common) / static_cast<double>(name.size());
    if (score > best_score) best = &ind, best_score = score;
  }
  return best;
}

// `s` without the text inside (…) / [ ] / 【】 brackets: a sub-breakdown "A类10项(其中A1 4项、A2 6项)" is not more
// parts.
std::string without_brackets(std::string_view s) {
  static const std::vector<std::string_view> kOpen = {"(", "（", "[", "【"}, kClose = {")", "）", "]", "】"};
  std::string out;
  int depth = 0;
  size_t i = 0;
  auto starts = [&](const std::vector<std::string_view>& list) -> size_t {
    for (const auto& b : list)
      if (s.substr(i, b.size()) == b) return b.size();
    return 0;
  };
  while (i < s.size()) {
    if (size_t n = starts(kOpen)) {
      ++depth;
      i += n;
    } else if (size_t m = starts(kClose)) {
      depth = std::max(0, depth - 1);
      i += m;
    } else {
      if (depth == 0) out.push_back(s[i]);
      ++i;
    }
  }
  return out;
}

struct Breakdown {
  double total = 0;
  std::string total_unit;
  std::vector<double> parts;
};

std::optional<Breakdown> read_breakdown(const std::string& text, const rules::RuleSet& rs,
                                        const std::vector<std::string>& units) {
  static const RE2 kNumber(R"((\d+(?:,\d{3})*(?:\.\d+)?))");
  for (const auto& pattern : rs.narrative.breakdown) {
    const re2::RE2* re = pattern.re();
    if (re == nullptr || !re->ok()) continue;
    const auto& groups = pattern.named_groups();
    auto gt = groups.find("total"), gp = groups.find("parts");
    if (gt == groups.end() || gp == groups.end()) continue;
    int n = re->NumberOfCapturingGroups() + 1;
    std::vector<re2::StringPiece> sub(static_cast<size_t>(n));
    if (!re->Match(text, 0, text.size(), RE2::UNANCHORED, sub.data(), n)) continue;
    re2::StringPiece total = sub[static_cast<size_t>(gt->second)], parts = sub[static_cast<size_t>(gp->second)];
    if (total.data() == nullptr || parts.data() == nullptr) continue;
    auto value = to_number(std::string(total));
    if (!value) continue;
    size_t after = static_cast<size_t>(total.data() - text.data()) + total.size();
    std::string unit = count_unit_at(std::string_view(text).substr(after), units);
    if (unit.empty()) continue;  // the total is not a count (万元, %, a date): not a breakdown of counts
    Breakdown b;
    b.total = *value;
    b.total_unit = unit;
    std::string listed = without_brackets(std::string_view(parts.data(), parts.size()));
    re2::StringPiece rest(listed);
    std::string digits;
    while (RE2::FindAndConsume(&rest, kNumber, &digits)) {
      // `rest` now starts right after the number.
      if (count_unit_at(std::string_view(rest.data(), rest.size()), units).empty()) continue;
      if (auto part = to_number(digits)) b.parts.push_back(*part);
    }
    if (b.parts.size() < 2) continue;
    return b;
  }
  return std::nullopt;
}

}  // namespace

std::vector<Finding> check_narrative(const Report& report, const rules::RuleSet& rules) {
  std::vector<Finding> out;
  const rules::CheckRule* rule = rules.check("narrative.sum_mismatch");
  if (rule == nullptr || rules.narrative.breakdown.empty()) return out;
  std::vector<std::string> units;
  for (const auto& u : rules.narrative.count_units) units.push_back(rules::normalize_text(u));
  std::stable_sort(units.begin(), units.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });

  // The narrative as one running text; each goal cell (年度总体目标's 预期目标 / 实际完成情况) as its own.
  auto sentences = split_sentences(report.narrative);
  for (const extract::TextBlock* cell : {&report.goal.expected_cell, &report.goal.actual_cell}) {
    if (cell->page <= 0 || cell->text.empty()) continue;
    auto more = split_sentences({*cell});
    sentences.insert(sentences.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  }
  for (size_t i = 0; i < sentences.size(); ++i) {
    const Sentence& s = sentences[i];
    auto b = read_breakdown(s.normalized, rules, units);
    if (!b) continue;
    double sum = 0;
    std::string parts;
    for (double p : b->parts) {
      sum += p;
      parts += (parts.empty() ? "" : " + ") + format_rounded(p, 2);
    }
    if (std::fabs(sum - b->total) <= 1e-6 * std::max(1.0, std::fabs(b->total))) continue;
    const Indicator* ind = indicator_in(s.normalized, report.indicators, *rule);
    if (ind == nullptr && i > 0) {
      const Sentence& before = sentences[i - 1];  // normalised only when it has a digit
      ind = indicator_in(before.normalized.empty() ? rules::normalize_text(before.raw) : before.normalized,
                         report.indicators, *rule);
    }
    Finding f;
    f.rule = rule->id;
    f.severity = jx::to_string(rule->severity);
    f.message = fill_message(rule->message, {{"sum", format_rounded(sum, 2)},
                                             {"total", format_rounded(b->total, 2)},
                                             {"unit", b->total_unit},
                                             {"parts", parts},
                                             {"indicator", ind ? ind->name : ""}});
    if (ind) f.indicator = ind->name;
    f.page = s.page;
    if (s.page > 0) f.bbox = s.box;
    f.detail = s.raw;
    out.push_back(std::move(f));
  }
  return out;
}

// narrative.table_mismatch — {what} (the rule's what_* fragment of the quantity) {stated} {table} {unit}. Every
// match of every [[statement]] pattern in every sentence of the narrative is compared with the table as printed: the
// 年度资金总额 row's 全年预算数 and 全年执行数 (in the table's unit, the statement's 元 / 万元 converted by
// values.toml's magnitudes; more than amount_tolerance apart), the stated execution rate and the stated total (more
// than `points` apart). One finding per quantity, on the first statement that differs.
void check_table_statements(const rules::CheckRule& rule, const Report& report, const rules::RuleSet& rules,
                            std::vector<Finding>& out) {
  const auto& statements = rules.narrative.statements;
  if (statements.empty() || report.narrative.empty()) return;
  const Budget& b = report.budget;
  struct Quantity {
    rules::StatedQuantity id;
    std::optional<double> table;
    const char* what;
    bool amount;       // compared in the table's unit, after converting the statement's 元 / 万元
    std::string unit;  // as the message shows it
  };
  const Quantity quantities[] = {
      {rules::StatedQuantity::AnnualBudget, b.annual_budget, "what_annual_budget", true, b.unit.value_or("")},
      {rules::StatedQuantity::Executed, b.executed, "what_executed", true, b.unit.value_or("")},
      {rules::StatedQuantity::ExecutionRate, b.execution_rate, "what_execution_rate", false, "%"},
      {rules::StatedQuantity::TotalScore, report.total_score.stated, "what_total_score", false,
       rule.text("score_unit")},
  };
  const auto sentences = split_sentences(report.narrative);
  const rules::CheckRule& low = rules.rule("extract.low_confidence");
  // The first statement of `q` in the narrative that differs from the table, as a finding.
  auto first_difference = [&](const Quantity& q) -> std::optional<Finding> {
    const double tolerance = rule.number(q.amount ? "amount_tolerance" : "points");
    for (const Sentence& s : sentences) {
      for (const auto& st : statements) {
        if (st.quantity != q.id) continue;
        const re2::RE2& re = *st.pattern.re();
        const auto& names = st.pattern.named_groups();
        const auto value_group = static_cast<size_t>(names.at("value"));
        const auto unit_it = names.find("unit");
        std::vector<re2::StringPiece> groups(static_cast<size_t>(re.NumberOfCapturingGroups()) + 1);
        re2::StringPiece text(s.normalized);
        for (size_t pos = 0; pos <= text.size() && re.Match(text, pos, text.size(), RE2::UNANCHORED, groups.data(),
                                                            static_cast<int>(groups.size()));) {
          pos = static_cast<size_t>(groups[0].data() - text.data() + groups[0].size()) + (groups[0].empty() ? 1 : 0);
          auto stated = to_number(std::string(groups[value_group]));
          if (!stated) continue;
          if (q.amount && unit_it != names.end() && !groups[static_cast<size_t>(unit_it->second)].empty() && b.unit) {
            const auto factor =
                rules::unit_factor(std::string(groups[static_cast<size_t>(unit_it->second)]), *b.unit, rules.values);
            if (!factor) continue;  // an amount the table's unit cannot hold
            *stated *= *factor;
          }
          const double gap = std::fabs(*stated - *q.table);
          if (gap <= tolerance + 1e-9 * std::max({1.0, std::fabs(*stated), std::fabs(*q.table)})) continue;
          Finding f;
          // A rate above what a rate can be, read by OCR, is the reading's error, not the report's: it is named by
          // extract.low_confidence instead (never repaired, never compared).
          if (const auto why = q.id == rules::StatedQuantity::ExecutionRate && s.number_confidence < 100.0f
                                   ? implausible_percent(*stated, rules)
                                   : std::nullopt) {
            f.rule = low.id;
            f.severity = jx::to_string(low.severity);
            f.page = s.page;
            if (s.page > 0) f.bbox = s.box;
            f.detail = s.raw;
            say_implausible(f, low, low.text("narrative_what"), *why,
                            fill_message(low.text("narrative_table_values"), {{"sentence", s.raw}}));
            return f;
          }
          f.rule = rule.id;
          f.severity = jx::to_string(rule.severity);
          f.message = fill_message(rule.message, {{"what", rule.text(q.what)},
                                                  {"stated", format_rounded(*stated, 4)},
                                                  {"table", format_rounded(*q.table, 4)},
                                                  {"unit", q.unit}});
          f.page = s.page;
          if (s.page > 0) f.bbox = s.box;
          f.detail = s.raw;
          return f;
        }
      }
    }
    return std::nullopt;
  };
  // An OCR'd money row that cannot be what the form printed compares nothing (extract.low_confidence names it).
  const bool budget_unreadable = implausible(b, rules).has_value();
  for (const Quantity& q : quantities) {
    if (!q.table || (budget_unreadable && q.id != rules::StatedQuantity::TotalScore)) continue;
    if (auto f = first_difference(q)) out.push_back(std::move(*f));
  }
}

}  // namespace jx::audit
