// The rule-file loader: reads headers.toml, values.toml, checks.toml and narrative.toml from one directory and the
// scoring profile applied (profiles/<name>.toml: the standard split, grade bands, reverse formula, overrides of
// checks.toml's [rule.params]), validates every node against the formats documented at the top of each file (and
// checks.toml and the overrides against the check registry's schema), compiles every pattern with RE2, and reports
// every problem it finds (not only the first) with the file and line a person has to fix.
//
// Patterns are compiled with RE2 only: matching is linear in the length of the text whatever the pattern, so a
// rule file cannot make a cell take exponential time; each pattern's compiled program is capped at
// Limits::regex_max_mem bytes, and a pattern over the cap is a load error, not a slow match.
#include <re2/re2.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <sstream>
#include <stdexcept>

#include "core/regular_file.h"
#include "core/sha256.h"
#include "rules/compiled_pattern.h"
#include "rules/letter_template.h"
#include "rules/ruleset.h"
#include "rules/snapshot.h"
#include "rules/value_parser.h"

namespace jx::rules {
namespace {

namespace fs = std::filesystem;

// headers.toml: section → the field names it holds. Every field of `fields` is required; those of `optional`
// (the words of the v1.1 reader: header bands, goals, grades, other forms) may be left out, as may a section
// made only of optional fields: a rules directory written before them still loads, and the reader then simply
// knows no such words.
struct HeaderSection {
  const char* name;
  std::vector<const char*> fields;
  std::vector<const char*> optional = {};
};
const std::vector<HeaderSection>& header_sections() {
  static const std::vector<HeaderSection> kSections = {
      {"indicator_columns",
       {"level1", "level2", "name", "target", "actual", "weight", "self_score", "deviation", "op", "unit"},
       {"indicator_group", "indicator_other"}},
      {"budget_columns",
       {"initial_budget", "annual_budget", "executed", "budget_weight", "execution_rate", "budget_score"},
       {"budget_group"}},
      {"budget_rows", {"total_row"}},
      {"header_block",
       {"project_name", "department", "implementer", "level", "total_score"},
       {"grade_label", "goal", "goal_expected", "goal_actual"}},
      {"form_kinds", {}, {"project_title", "department_wide_title", "department_wide_label"}},
  };
  return kSections;
}

int line_of(const toml::node& n) { return static_cast<int>(n.source().begin.line); }
int line_of(const toml::key& k) { return static_cast<int>(k.source().begin.line); }

const char* type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::table:
      return "a table";
    default:
      return "nothing";
  }
}

// A number as a person wrote it: "80", "59.5".
std::string number_text(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

// Collects the problems of one file.
class FileChecker {
 public:
  FileChecker(std::string file, std::vector<LoadError>& errors, const Limits& limits)
      : file_(std::move(file)), errors_(errors), limits_(limits) {}

  // The document's root table: a key missing there is a problem of the file as a whole (line 0).
  void set_root(const toml::table* root) { root_ = root; }
  // The keys the file allows at top level, to explain one found inside a table by mistake.
  void set_top_level_keys(std::vector<std::string_view> keys) { top_keys_ = std::move(keys); }
  int table_line(const toml::table& t) const { return &t == root_ ? 0 : line_of(t); }

  void error(int line, std::string message) { errors_.push_back({file_, line, std::move(message)}); }
  const std::string& file() const { return file_; }

  // The [[key]] tables of the root: nullptr after reporting them missing (line 0) or written as something else.
  const toml::array* tables(const toml::table& root, const std::string& key) {
    const toml::node* node = root.get(key);
    if (node == nullptr) {
      error(0, "missing [[" + key + "]] tables");
      return nullptr;
    }
    const toml::array* arr = node->as_array();
    if (arr == nullptr || !arr->is_array_of_tables()) {
      error(line_of(*node), "'" + key + "' must be written as [[" + key + "]] tables");
      return nullptr;
    }
    return arr;
  }

  // The [[key]] tables of the root when it has the key; nullptr without it (optional tables) or after reporting it
  // written as something else.
  const toml::array* optional_tables(const toml::table& root, const std::string& key) {
    return root.get(key) == nullptr ? nullptr : tables(root, key);
  }

  // Reports keys of `tbl` not in `allowed`.
  void unknown_keys(const toml::table& tbl, std::initializer_list<std::string_view> allowed, std::string_view where) {
    for (auto&& [key, node] : tbl) {
      if (std::find(allowed.begin(), allowed.end(), key.str()) == allowed.end()) {
        std::string msg = "unknown key '" + std::string(key.str()) + "' in " + std::string(where);
        if (&tbl != root_ && std::find(top_keys_.begin(), top_keys_.end(), key.str()) != top_keys_.end())
          msg +=
              " (a key written below a [table] header belongs to that table: top-level keys go above the first "
              "table)";
        error(line_of(key), std::move(msg));
      }
    }
  }

  // The string at tbl[key]; an error when it is missing (line of the table) or not a string.
  std::optional<std::string> string(const toml::table& tbl, std::string_view key, std::string_view where,
                                    bool required = true) {
    const toml::node* n = tbl.get(key);
    if (n == nullptr) {
      if (required) error(table_line(tbl), "missing key '" + std::string(key) + "' in " + std::string(where));
      return std::nullopt;
    }
    if (!n->is_string()) {
      error(line_of(*n), "'" + std::string(key) + "' must be a string, not " + type_name(*n));
      return std::nullopt;
    }
    return n->as_string()->get();
  }

  // An array of non-empty strings at tbl[key], each passed through `norm`; an error per bad element.
  std::optional<std::vector<std::string>> string_list(const toml::table& tbl, std::string_view key,
                                                      std::string_view where, bool required,
                                                      std::string (*norm)(std::string_view)) {
    const toml::node* n = tbl.get(key);
    if (n == nullptr) {
      if (required) error(table_line(tbl), "missing key '" + std::string(key) + "' in " + std::string(where));
      return std::nullopt;
    }
    const toml::array* arr = n->as_array();
    if (arr == nullptr) {
      error(line_of(*n), "'" + std::string(key) + "' must be an array of strings, not " + type_name(*n));
      return std::nullopt;
    }
    std::vector<std::string> out;
    bool ok = true;
    for (const toml::node& el : *arr) {
      if (!el.is_string()) {
        error(line_of(el), "'" + std::string(key) + "' must hold only strings, found " + type_name(el));
        ok = false;
        continue;
      }
      std::string v = norm(el.as_string()->get());
      if (v.empty()) {
        error(line_of(el), "'" + std::string(key) + "' holds an empty string");
        ok = false;
        continue;
      }
      if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(std::move(v));
    }
    if (ok && out.empty()) {
      error(line_of(*n), "'" + std::string(key) + "' must not be empty");
      ok = false;
    }
    if (!ok) return std::nullopt;
    return out;
  }

  // Compiles the string at tbl[key] with RE2; an error with RE2's own explanation when it does not compile.
  std::optional<Pattern> pattern(const toml::table& tbl, std::string_view key, std::string_view where) {
    const toml::node* n = tbl.get(key);
    auto src = string(tbl, key, where);
    if (!src || n == nullptr) return std::nullopt;
    auto compiled = CompiledPattern::compile(*src, limits_.regex_max_mem);
    if (!compiled.re->ok()) {
      error(line_of(*n), "pattern '" + *src + "' does not compile: " + compiled.re->error());
      return std::nullopt;
    }
    return Pattern{*src, std::make_shared<CompiledPattern>(*src, std::move(compiled)), line_of(*n)};
  }

 private:
  std::string file_;
  std::vector<LoadError>& errors_;
  const Limits& limits_;
  const toml::table* root_ = nullptr;
  std::vector<std::string_view> top_keys_;
};

// Words of values.toml and narrative.toml are compared with normalised cell text, so they are stored normalised.
std::string normalize_word(std::string_view s) { return normalize_text(s); }

// A finite number at tbl[key] (an integer or a float); an error when it is missing, of another type or not finite.
std::optional<double> finite_number(const toml::table& tbl, std::string_view key, std::string_view where,
                                    FileChecker& fc) {
  const toml::node* n = tbl.get(key);
  if (n == nullptr) {
    fc.error(fc.table_line(tbl), "missing key '" + std::string(key) + "' in " + std::string(where));
    return std::nullopt;
  }
  if (!n->is_integer() && !n->is_floating_point()) {
    fc.error(line_of(*n),
             "'" + std::string(key) + "' of " + std::string(where) + " must be a number, not " + type_name(*n));
    return std::nullopt;
  }
  const double v = n->value<double>().value_or(0.0);
  if (!std::isfinite(v)) {
    fc.error(line_of(*n), "'" + std::string(key) + "' of " + std::string(where) + " must be a finite number");
    return std::nullopt;
  }
  return v;
}

// ---- headers.toml ------------------------------------------------------------------------------------------

void load_headers(const toml::table& root, FileChecker& fc, HeaderSynonyms& out) {
  std::set<std::string> seen_sections;
  for (auto&& [key, node] : root) {
    const auto& sections = header_sections();
    const auto& section_key = key;  // clang 14 cannot capture a structured binding in a lambda
    auto it =
        std::find_if(sections.begin(), sections.end(), [&](const HeaderSection& s) { return section_key == s.name; });
    if (it == sections.end()) {
      fc.error(line_of(key),
               "unknown section '" + std::string(key.str()) +
                   "' (expected indicator_columns, budget_columns, budget_rows, header_block or form_kinds)");
      continue;
    }
    const toml::table* tbl = node.as_table();
    if (tbl == nullptr) {
      fc.error(line_of(node), "'" + std::string(key.str()) + "' must be a table, not " + type_name(node));
      continue;
    }
    seen_sections.insert(it->name);
    const std::string where = "[" + std::string(it->name) + "]";
    auto known = [](const HeaderSection& s, const toml::key& k) {
      auto is = [&](const char* f) { return k == f; };
      return std::any_of(s.fields.begin(), s.fields.end(), is) || std::any_of(s.optional.begin(), s.optional.end(), is);
    };
    for (auto&& [field, value] : *tbl) {
      if (!known(*it, field)) {
        std::string home;
        for (const auto& s : sections)
          if (known(s, field)) home = s.name;
        fc.error(line_of(field), "unknown field '" + std::string(field.str()) + "' in " + where +
                                     (home.empty() ? std::string() : " (it belongs in [" + home + "])"));
        continue;
      }
    }
    for (const char* field : it->fields) {
      auto synonyms = fc.string_list(*tbl, field, where, true, &normalize_header);
      if (synonyms) out.fields[field] = std::move(*synonyms);
    }
    for (const char* field : it->optional) {
      if (tbl->get(field) == nullptr) continue;
      auto synonyms = fc.string_list(*tbl, field, where, true, &normalize_header);
      if (synonyms) out.fields[field] = std::move(*synonyms);
    }
  }
  for (const auto& s : header_sections()) {
    if (!seen_sections.count(s.name) && !s.fields.empty()) fc.error(0, "missing section [" + std::string(s.name) + "]");
  }
}

// ---- values.toml -------------------------------------------------------------------------------------------

void load_values(const toml::table& root, FileChecker& fc, ValueRules& out) {
  fc.set_top_level_keys({"units", "unit_prefixes", "less_is_better", "more_is_better", "empty_notes",
                         "satisfaction_level1", "satisfaction_level2", "level_suffixes"});
  fc.unknown_keys(root,
                  {"operator", "number", "units", "unit_prefixes", "less_is_better", "more_is_better", "empty_notes",
                   "satisfaction_level1", "satisfaction_level2", "label_points", "template_name", "magnitude",
                   "unit_alias", "level_suffixes", "title_year", "budget_unit"},
                  "values.toml");

  // [[magnitude]] prefix/factor and [[unit_alias]] unit/same_as: optional; without them no unit converts.
  if (const toml::array* arr = fc.optional_tables(root, "magnitude")) {
    for (const toml::node& el : *arr) {
      const toml::table& t = *el.as_table();
      fc.unknown_keys(t, {"prefix", "factor"}, "[[magnitude]]");
      auto prefix = fc.string(t, "prefix", "[[magnitude]]");
      std::optional<double> f = finite_number(t, "factor", "[[magnitude]]", fc);
      if (!f) continue;
      if (*f <= 1) {
        fc.error(line_of(*t.get("factor")), "'factor' must be a number above 1");
        continue;
      }
      if (!prefix || normalize_word(*prefix).empty()) {
        if (prefix) fc.error(line_of(*t.get("prefix")), "'prefix' must not be empty");
        continue;
      }
      out.magnitudes[normalize_word(*prefix)] = *f;
    }
  }
  if (const toml::array* arr = fc.optional_tables(root, "unit_alias")) {
    for (const toml::node& el : *arr) {
      const toml::table& t = *el.as_table();
      fc.unknown_keys(t, {"unit", "same_as"}, "[[unit_alias]]");
      auto unit = fc.string(t, "unit", "[[unit_alias]]");
      auto same = fc.string(t, "same_as", "[[unit_alias]]");
      if (!unit || !same) continue;
      if (normalize_word(*unit).empty() || normalize_word(*same).empty()) {
        fc.error(fc.table_line(t), "[[unit_alias]] 'unit' and 'same_as' must not be empty");
        continue;
      }
      out.unit_aliases[normalize_word(*unit)] = normalize_word(*same);
    }
  }

  if (const toml::array* arr = fc.tables(root, "operator")) {
    for (const toml::node& el : *arr) {
      const toml::table& t = *el.as_table();
      fc.unknown_keys(t, {"pattern", "op", "position"}, "[[operator]]");
      auto pattern = fc.pattern(t, "pattern", "[[operator]]");
      auto op = fc.string(t, "op", "[[operator]]");
      auto position = fc.string(t, "position", "[[operator]]", false);
      OperatorPattern entry;
      bool ok = pattern.has_value() && op.has_value();
      if (op && *op != ">=" && *op != "<=" && *op != "=") {
        fc.error(line_of(*t.get("op")), "unknown op '" + *op + "' (expected \">=\", \"<=\" or \"=\")");
        ok = false;
      }
      if (position) {
        if (*position == "before") {
          entry.position = OperatorPosition::Before;
        } else if (*position == "after") {
          entry.position = OperatorPosition::After;
        } else {
          fc.error(line_of(*t.get("position")),
                   "unknown position '" + *position + "' (expected \"before\" or \"after\")");
          ok = false;
        }
      } else if (t.get("position") != nullptr) {
        ok = false;
      }
      if (!ok) continue;
      entry.pattern = std::move(*pattern);
      entry.op = *op;
      out.operators.push_back(std::move(entry));
    }
  }

  if (const toml::node* num = root.get("number"); num == nullptr) {
    fc.error(0, "missing [number] table");
  } else if (const toml::table* t = num->as_table(); t == nullptr) {
    fc.error(line_of(*num), "'number' must be a table, not " + std::string(type_name(*num)));
  } else {
    fc.unknown_keys(*t, {"pattern"}, "[number]");
    if (auto p = fc.pattern(*t, "pattern", "[number]")) {
      const re2::RE2& re = *p->re();
      if (re2::RE2::PartialMatch("", re) || !re2::RE2::PartialMatch("1952.61", re)) {
        fc.error(p->line, "number pattern must match \"1952.61\" and must not match the empty string");
      } else {
        out.number = std::move(*p);
      }
    }
  }

  // [label_points] and [template_name]: one pattern each; label_points must capture the label and the points.
  auto single_pattern = [&](const char* key, const char* example, int groups, Pattern& into) {
    const std::string where = "[" + std::string(key) + "]";
    const toml::node* node = root.get(key);
    if (node == nullptr) return;  // optional: without it, no label has points and no row is a template row
    const toml::table* t = node->as_table();
    if (t == nullptr) {
      fc.error(line_of(*node), "'" + std::string(key) + "' must be a table, not " + type_name(*node));
      return;
    }
    fc.unknown_keys(*t, {"pattern"}, where);
    auto p = fc.pattern(*t, "pattern", where);
    if (!p) return;
    const re2::RE2& re = *p->re();
    if (re.NumberOfCapturingGroups() != groups || !re2::RE2::FullMatch(example, re)) {
      fc.error(p->line, where + " pattern must have " + std::to_string(groups) + " capturing group(s) and match \"" +
                            example + "\"");
      return;
    }
    into = std::move(*p);
  };
  single_pattern("label_points", "产出指标(50分)", 2, out.label_points);
  single_pattern("template_name", "指标2:", 0, out.template_name);

  // [[title_year]] pattern (+ only_with) and [[budget_unit]] pattern: optional lists, one capturing group each.
  auto one_group = [&](const std::optional<Pattern>& p, const std::string& where) {
    if (!p) return false;
    if (p->re()->NumberOfCapturingGroups() == 1) return true;
    fc.error(p->line, where + " pattern must have exactly one capturing group");
    return false;
  };
  if (const toml::array* arr = fc.optional_tables(root, "title_year")) {
    for (const toml::node& el : *arr) {
      const toml::table& t = *el.as_table();
      fc.unknown_keys(t, {"pattern", "only_with"}, "[[title_year]]");
      auto p = fc.pattern(t, "pattern", "[[title_year]]");
      auto only_with = fc.string(t, "only_with", "[[title_year]]", false);
      if (!one_group(p, "[[title_year]]") || (!only_with && t.get("only_with") != nullptr)) continue;
      out.title_year.push_back({std::move(*p), only_with.value_or("")});
    }
  }
  if (const toml::array* arr = fc.optional_tables(root, "budget_unit")) {
    for (const toml::node& el : *arr) {
      const toml::table& t = *el.as_table();
      fc.unknown_keys(t, {"pattern"}, "[[budget_unit]]");
      auto p = fc.pattern(t, "pattern", "[[budget_unit]]");
      if (one_group(p, "[[budget_unit]]")) out.budget_unit.push_back(std::move(*p));
    }
  }

  if (auto units = fc.string_list(root, "units", "values.toml", true, &normalize_word)) {
    out.units = std::move(*units);
    // Longest first, so "亿条" is tried before "亿" and "万元" before "万"; ties in byte order for determinism.
    std::stable_sort(out.units.begin(), out.units.end(), [](const std::string& a, const std::string& b) {
      return a.size() != b.size() ? a.size() > b.size() : a < b;
    });
  }
  if (auto prefixes = fc.string_list(root, "unit_prefixes", "values.toml", false, &normalize_word))
    out.unit_prefixes = std::move(*prefixes);
  auto remove_spaces = [](std::string s) {
    std::erase(s, ' ');
    return s;
  };
  if (auto v = fc.string_list(root, "less_is_better", "values.toml", true, &normalize_word)) {
    for (auto& w : *v) out.less_is_better.push_back(remove_spaces(w));
  }
  if (auto v = fc.string_list(root, "more_is_better", "values.toml", false, &normalize_word)) {
    for (auto& w : *v) out.more_is_better.push_back(remove_spaces(w));
  }
  if (auto v = fc.string_list(root, "empty_notes", "values.toml", true, &normalize_word)) out.empty_notes = *v;
  if (auto v = fc.string_list(root, "satisfaction_level1", "values.toml", true, &normalize_header))
    out.satisfaction_level1 = *v;
  if (auto v = fc.string_list(root, "satisfaction_level2", "values.toml", false, &normalize_header))
    out.satisfaction_level2 = *v;
  if (auto v = fc.string_list(root, "level_suffixes", "values.toml", false, &normalize_header)) out.level_suffixes = *v;
}

// ---- checks.toml -------------------------------------------------------------------------------------------

// The parameters of one [[rule]] against the schema of its id: every key declared, every declared key present,
// each of its declared type. Returns false when any is wrong.
bool load_params(const toml::table& rule_table, const RuleSchema& schema, const std::string& where, FileChecker& fc,
                 CheckRule& rule) {
  bool ok = true;
  const toml::node* params = rule_table.get("params");
  const toml::table* pt = params != nullptr ? params->as_table() : nullptr;
  if (params != nullptr && pt == nullptr) {
    fc.error(line_of(*params), "'params' of " + where + " must be a table, not " + type_name(*params));
    return false;
  }
  std::string declared;
  for (const auto& spec : schema.params) declared += (declared.empty() ? "" : ", ") + spec.name;
  if (pt != nullptr) {
    for (auto&& [name, value] : *pt) {
      const auto& key = name;  // clang 14 cannot capture a structured binding in a lambda
      auto spec = std::find_if(schema.params.begin(), schema.params.end(),
                               [&](const ParamSpec& p) { return key == std::string_view(p.name); });
      if (spec == schema.params.end()) {
        fc.error(line_of(name), "unknown param '" + std::string(name.str()) + "' of " + where +
                                    (declared.empty() ? std::string(" (its check reads none)")
                                                      : " (its check reads: " + declared + ")"));
        ok = false;
      } else if (spec->type == ParamType::Number && (value.is_integer() || value.is_floating_point())) {
        rule.params[spec->name] = value.value<double>().value_or(0.0);
      } else if (spec->type == ParamType::Text && value.is_string() && !value.as_string()->get().empty()) {
        rule.texts[spec->name] = value.as_string()->get();
      } else {
        fc.error(line_of(value),
                 "param '" + spec->name + "' of " + where + " must be " +
                     (spec->type == ParamType::Text ? "a non-empty string" : "a number") + ", not " +
                     (value.is_string() && value.as_string()->get().empty() ? "an empty string" : type_name(value)));
        ok = false;
      }
    }
  }
  for (const auto& spec : schema.params) {
    if (pt == nullptr || pt->get(spec.name) == nullptr) {
      fc.error(pt != nullptr ? line_of(*pt) : rule.line, "missing param '" + spec.name + "' (" + to_string(spec.type) +
                                                             ") of " + where + " in its [rule.params]");
      ok = false;
    }
  }
  return ok;
}

void load_checks(const toml::table& root, FileChecker& fc, const std::vector<RuleSchema>& registry,
                 std::vector<CheckRule>& out) {
  fc.unknown_keys(root, {"rule"}, "checks.toml");
  if (const toml::array* arr = fc.tables(root, "rule")) {
    std::map<std::string, int> seen;  // id → line
    for (const toml::node& el : *arr) {
      const toml::table& t = *el.as_table();
      fc.unknown_keys(t,
                      {"id", "name", "severity", "message", "message_at_most", "params", "example", "description",
                       "evidence_cells"},
                      "[[rule]]");
      CheckRule rule;
      rule.line = line_of(t);
      bool ok = true;
      auto id = fc.string(t, "id", "[[rule]]");
      if (id && id->empty()) {
        fc.error(line_of(*t.get("id")), "rule id must not be empty");
        ok = false;
      } else if (id) {
        if (auto it = seen.find(*id); it != seen.end()) {
          fc.error(line_of(*t.get("id")),
                   "rule id '" + *id + "' is defined twice (first at line " + std::to_string(it->second) + ")");
          ok = false;
        } else {
          seen[*id] = line_of(*t.get("id"));
        }
        rule.id = *id;
      } else {
        ok = false;
      }
      const std::string where = id ? "rule '" + *id + "'" : std::string("[[rule]]");
      const RuleSchema* schema = nullptr;
      if (id && !id->empty()) {
        const std::string& rule_id = *id;
        auto s = std::find_if(registry.begin(), registry.end(), [&](const RuleSchema& r) { return r.id == rule_id; });
        if (s == registry.end()) {
          fc.error(line_of(*t.get("id")),
                   "rule '" + *id + "' has no implementation: no check of that id is registered");
          ok = false;
        } else {
          schema = &*s;
        }
      }
      if (auto sev = fc.string(t, "severity", where)) {
        if (auto s = severity_from_string(*sev)) {
          rule.severity = *s;
        } else {
          fc.error(line_of(*t.get("severity")),
                   "unknown severity '" + *sev + "' (expected \"info\", \"warning\" or \"error\")");
          ok = false;
        }
      } else {
        ok = false;
      }
      if (auto msg = fc.string(t, "message", where)) {
        if (msg->empty()) {
          fc.error(line_of(*t.get("message")), "message of " + where + " must not be empty");
          ok = false;
        }
        rule.message = *msg;
      } else {
        ok = false;
      }
      if (auto msg = fc.string(t, "message_at_most", where, false)) {
        if (msg->empty()) fc.error(line_of(*t.get("message_at_most")), "message_at_most of " + where + " is empty");
        rule.message_at_most = *msg;
      }
      if (auto name = fc.string(t, "name", where, false)) {
        if (name->empty()) {
          fc.error(line_of(*t.get("name")), "name of " + where + " must not be empty");
          ok = false;
        }
        rule.name = *name;
      }
      if (auto d = fc.string(t, "description", where, false)) rule.description = *d;
      if (auto cells = fc.string_list(t, "evidence_cells", where, false, &normalize_word)) {
        const auto& fields = header_sections().front().fields;  // indicator_columns
        for (const auto& cell : *cells) {
          if (std::find_if(fields.begin(), fields.end(), [&](const char* f) { return cell == f; }) != fields.end())
            continue;
          std::string message = "evidence_cells of ";
          message.append(where).append(": unknown field '").append(cell).append("' (expected one of");
          for (const char* f : fields) message.append(f == fields.front() ? " " : ", ").append(f);
          message += ")";
          fc.error(line_of(*t.get("evidence_cells")), message);
          ok = false;
        }
        rule.evidence_cells = *cells;
      }
      if (schema != nullptr && !load_params(t, *schema, where, fc, rule)) ok = false;
      if (const toml::node* examples = t.get("example")) {
        const toml::array* ea = examples->as_array();
        if (ea == nullptr || !ea->is_array_of_tables()) {
          fc.error(line_of(*examples), "'example' of " + where + " must be written as [[rule.example]] tables");
          ok = false;
        } else {
          for (const toml::node& en : *ea) {
            const toml::table& et = *en.as_table();
            RuleExample ex;
            ex.line = line_of(et);
            bool has_fires = false;
            for (auto&& [name, value] : et) {
              if (name == "fires") {
                if (value.is_boolean()) {
                  ex.fires = value.as_boolean()->get();
                  has_fires = true;
                } else {
                  fc.error(line_of(value),
                           "'fires' of an example of " + where + " must be a boolean, not " + type_name(value));
                  ok = false;
                  has_fires = true;
                }
              } else if (value.is_string()) {
                ex.fields[std::string(name.str())] = value.as_string()->get();
              } else {
                fc.error(line_of(value), "example field '" + std::string(name.str()) + "' of " + where +
                                             " must be a string, not " + type_name(value));
                ok = false;
              }
            }
            if (!has_fires) {
              fc.error(ex.line, "an example of " + where + " lacks 'fires = true|false'");
              ok = false;
            }
            rule.examples.push_back(std::move(ex));
          }
        }
      }
      if (ok) out.push_back(std::move(rule));
    }
    for (const auto& schema : registry) {
      if (!seen.count(schema.id))
        fc.error(0, "rule '" + schema.id + "' is implemented (a registered check) but has no [[rule]] here");
    }
  }
}

// ---- profiles/<name>.toml ----------------------------------------------------------------------------------

// The [[grade]] tables of a profile.
void load_grades(const toml::table& root, FileChecker& fc, std::vector<GradeBand>& out) {
  const toml::array* arr = fc.tables(root, "grade");
  if (arr == nullptr) return;
  std::vector<GradeBand> bands;
  bool ok = true;
  bool previous_lacks_min = false;  // the band before this one has no 'min' key
  for (const toml::node& el : *arr) {
    const toml::table& t = *el.as_table();
    fc.unknown_keys(t, {"name", "min"}, "[[grade]]");
    GradeBand band;
    band.line = line_of(t);
    if (auto name = fc.string(t, "name", "[[grade]]")) {
      if (name->empty()) {
        fc.error(line_of(*t.get("name")), "grade name must not be empty");
        ok = false;
      }
      band.name = *name;
    } else {
      ok = false;
    }
    if (const toml::node* min = t.get("min")) {
      if (min->is_integer() || min->is_floating_point()) {
        band.min = min->value<double>().value_or(0.0);
        if (!std::isfinite(*band.min)) {
          fc.error(line_of(*min), "'min' of a [[grade]] must be a finite number");
          ok = false;
        } else if (!bands.empty() && bands.back().min && *band.min >= *bands.back().min) {
          fc.error(line_of(*min), "grade '" + band.name + "' (min " + number_text(*band.min) +
                                      ") must be below the grade before it (line " + std::to_string(bands.back().line) +
                                      "): bands go from the highest min down");
          ok = false;
        }
      } else {
        fc.error(line_of(*min), std::string("'min' of a [[grade]] must be a number, not ") + type_name(*min));
        ok = false;
      }
    }
    if (previous_lacks_min) {
      fc.error(bands.back().line, "only the last [[grade]] may lack 'min' (it takes every total below the others)");
      ok = false;
    }
    previous_lacks_min = t.get("min") == nullptr;
    bands.push_back(std::move(band));
  }
  if (bands.empty()) {
    fc.error(line_of(*arr), "'grade' must hold at least one [[grade]]");
    ok = false;
  } else if (!previous_lacks_min) {
    fc.error(bands.back().line, "the last [[grade]] must have no 'min': it takes every total below the others");
    ok = false;
  }
  if (ok) out = std::move(bands);
}

// One value of a profile's [params."<rule id>"] table, applied to that rule of checks.toml once it is loaded.
struct ParamOverride {
  std::string rule;
  std::string param;
  ParamType type = ParamType::Number;
  double number = 0;
  std::string text;
};

// [params."<rule id>"]: each key a parameter of that rule's schema, of its type.
void load_overrides(const toml::node& node, FileChecker& fc, const std::vector<RuleSchema>& registry,
                    std::vector<ParamOverride>& out) {
  const toml::table* params = node.as_table();
  if (params == nullptr) {
    fc.error(line_of(node),
             std::string("'params' must be a table of [params.\"<rule id>\"] tables, not ") + type_name(node));
    return;
  }
  for (auto&& [key, value] : *params) {
    const std::string id(key.str());
    const toml::table* tbl = value.as_table();
    if (tbl == nullptr) {
      std::string msg = "'params." + id + "' must be a [params.\"";
      msg += id;
      msg += "\"] table of that rule's parameters, not ";
      msg += type_name(value);
      fc.error(line_of(key), std::move(msg));
      continue;
    }
    auto schema = std::find_if(registry.begin(), registry.end(), [&](const RuleSchema& r) { return r.id == id; });
    if (schema == registry.end()) {
      // [params.target.too_low] (unquoted) is the table "target" holding the table "too_low": say so.
      bool nested = !tbl->empty();
      for (auto&& [k, v] : *tbl) nested = nested && v.is_table();
      std::string msg = "override of rule '" + id + "', which does not exist: no check of that id is registered";
      if (nested) {
        msg += " (a rule id holds a dot: quote it, [params.\"";
        msg += id;
        msg += '.';
        msg += tbl->cbegin()->first.str();
        msg += "\"])";
      }
      fc.error(line_of(key), std::move(msg));
      continue;
    }
    std::string declared;
    for (const auto& spec : schema->params) declared += (declared.empty() ? "" : ", ") + spec.name;
    const std::string where = "rule '" + id + "'";
    for (auto&& [name, v] : *tbl) {
      const auto& pkey = name;  // clang 14 cannot capture a structured binding in a lambda
      auto spec = std::find_if(schema->params.begin(), schema->params.end(),
                               [&](const ParamSpec& p) { return pkey == std::string_view(p.name); });
      if (spec == schema->params.end()) {
        fc.error(line_of(name), "override of unknown param '" + std::string(name.str()) + "' of " + where +
                                    (declared.empty() ? std::string(" (its check reads none)")
                                                      : " (its check reads: " + declared + ")"));
        continue;
      }
      ParamOverride o{id, spec->name, spec->type, 0, {}};
      if (spec->type == ParamType::Number && (v.is_integer() || v.is_floating_point()) &&
          std::isfinite(v.value<double>().value_or(0.0))) {
        o.number = v.value<double>().value_or(0.0);
      } else if (spec->type == ParamType::Text && v.is_string() && !v.as_string()->get().empty()) {
        o.text = v.as_string()->get();
      } else {
        fc.error(line_of(v), "override of param '" + spec->name + "' of " + where + " must be " +
                                 (spec->type == ParamType::Text ? "a non-empty string" : "a finite number") + ", not " +
                                 (v.is_string() && v.as_string()->get().empty() ? "an empty string" : type_name(v)));
        continue;
      }
      out.push_back(std::move(o));
    }
  }
}

// A profile file: description, budget_weight, reverse, [[level_weight]], [[grade]] and optional [params."<id>"].
void load_profile(const toml::table& root, FileChecker& fc, const std::vector<RuleSchema>& registry, Profile& profile,
                  std::vector<GradeBand>& grades, std::vector<ParamOverride>& overrides) {
  fc.set_top_level_keys({"description", "budget_weight", "reverse"});
  fc.unknown_keys(root, {"description", "budget_weight", "reverse", "level_weight", "grade", "params"},
                  "a profile (expected description, budget_weight, reverse, [[level_weight]], [[grade]], [params])");
  if (auto d = fc.string(root, "description", "the profile")) {
    if (d->empty()) fc.error(line_of(*root.get("description")), "'description' must not be empty");
    profile.description = *d;
  }
  std::optional<double> budget = finite_number(root, "budget_weight", "the profile", fc);
  if (budget && *budget < 0) {
    fc.error(line_of(*root.get("budget_weight")), "'budget_weight' must not be negative");
    budget.reset();
  }
  if (budget) profile.budget_weight = *budget;
  if (auto r = fc.string(root, "reverse", "the profile")) {
    if (*r == "ratio") {
      profile.reverse = ReverseFormula::Ratio;
    } else if (*r == "linear") {
      profile.reverse = ReverseFormula::Linear;
    } else {
      fc.error(line_of(*root.get("reverse")), "unknown reverse formula '" + *r +
                                                  "' (expected \"ratio\": weight × target / actual, or \"linear\": "
                                                  "weight × (1 − (actual − target) / target))");
    }
  }
  bool split_ok = budget.has_value();
  int first_level_line = 0;
  if (const toml::array* arr = fc.tables(root, "level_weight")) {
    std::map<std::string, int> seen;  // level1 → line
    for (const toml::node& el : *arr) {
      const toml::table& t = *el.as_table();
      if (first_level_line == 0) first_level_line = line_of(t);
      fc.unknown_keys(t, {"level1", "points"}, "[[level_weight]]");
      LevelWeight lw;
      auto name = fc.string(t, "level1", "[[level_weight]]");
      auto points = finite_number(t, "points", "a [[level_weight]]", fc);
      if (name) {
        const int line = line_of(*t.get("level1"));
        const std::string n = normalize_header(*name);
        auto ends_with = [&](std::string_view tail) {
          return n.size() > tail.size() && n.compare(n.size() - tail.size(), tail.size(), tail) == 0;
        };
        if (n.empty()) {
          fc.error(line, "'level1' of a [[level_weight]] must not be empty");
          name.reset();
        } else if (ends_with("指标") || ends_with("目标")) {
          fc.error(line, "'level1' is the 一级 category in its short form: '" +
                             n.substr(0, n.size() - std::string_view("指标").size()) + "', not '" + *name + "'");
          name.reset();
        } else if (auto it = seen.find(*name); it != seen.end()) {
          fc.error(line, "level1 '" + *name + "' is listed twice (first at line " + std::to_string(it->second) + ")");
          name.reset();
        } else {
          seen[*name] = line;
        }
      }
      if (points && *points <= 0) {
        fc.error(line_of(*t.get("points")), "'points' of a [[level_weight]] must be above 0");
        points.reset();
      }
      if (!name || !points) {
        split_ok = false;
        continue;
      }
      lw.level1 = *name;
      lw.points = *points;
      profile.level_weights.push_back(std::move(lw));
    }
    if (arr->empty()) {
      fc.error(line_of(*arr), "'level_weight' must hold at least one [[level_weight]]");
      split_ok = false;
    }
  } else {
    split_ok = false;
  }
  if (split_ok) {
    // The weights of a form add up to 100 (domain.md, "Scoring"): so must the standard split.
    double sum = profile.budget_weight;
    std::string terms = "budget_weight " + number_text(profile.budget_weight);
    for (const auto& lw : profile.level_weights) {
      sum += lw.points;
      terms += " + " + lw.level1 + " " + number_text(lw.points);
    }
    if (std::fabs(sum - 100) > 0.01)
      fc.error(line_of(*root.get("budget_weight")),
               "the standard split must add up to 100 points: " + terms + " = " + number_text(sum));
  }
  load_grades(root, fc, grades);
  if (const toml::node* params = root.get("params")) load_overrides(*params, fc, registry, overrides);
}

// ---- narrative.toml ----------------------------------------------------------------------------------------

void load_narrative(const toml::table& root, FileChecker& fc, NarrativeRules& out) {
  fc.set_top_level_keys({"count_units"});
  fc.unknown_keys(root, {"count_units", "breakdown", "statement"}, "narrative.toml");
  if (auto units = fc.string_list(root, "count_units", "narrative.toml", true, &normalize_word))
    out.count_units = std::move(*units);
  const toml::array* arr = fc.tables(root, "breakdown");
  if (arr == nullptr) return;
  for (const toml::node& el : *arr) {
    const toml::table& t = *el.as_table();
    fc.unknown_keys(t, {"pattern", "description"}, "[[breakdown]]");
    fc.string(t, "description", "[[breakdown]]", false);
    if (auto p = fc.pattern(t, "pattern", "[[breakdown]]")) out.breakdown.push_back(std::move(*p));
  }
  // [[statement]]: optional; without them narrative.table_mismatch finds nothing to compare.
  const toml::array* statements = fc.optional_tables(root, "statement");
  if (statements == nullptr) return;
  static const std::pair<const char*, StatedQuantity> kQuantities[] = {
      {"annual_budget", StatedQuantity::AnnualBudget},
      {"executed", StatedQuantity::Executed},
      {"execution_rate", StatedQuantity::ExecutionRate},
      {"total_score", StatedQuantity::TotalScore}};
  for (const toml::node& el : *statements) {
    const toml::table& t = *el.as_table();
    fc.unknown_keys(t, {"quantity", "pattern", "description"}, "[[statement]]");
    fc.string(t, "description", "[[statement]]", false);
    auto quantity = fc.string(t, "quantity", "[[statement]]");
    auto p = fc.pattern(t, "pattern", "[[statement]]");
    if (!quantity || !p) continue;
    const auto* q = std::find_if(std::begin(kQuantities), std::end(kQuantities),
                                 [&](const auto& kv) { return *quantity == kv.first; });
    if (q == std::end(kQuantities)) {
      fc.error(line_of(*t.get("quantity")), "unknown quantity '" + *quantity +
                                                "' (expected annual_budget, executed, execution_rate or total_score)");
      continue;
    }
    const auto& groups = p->named_groups();
    if (groups.count("value") == 0) {
      fc.error(p->line, "[[statement]] pattern must have a named group (?P<value>…)");
      continue;
    }
    out.statements.push_back({q->second, std::move(*p)});
  }
}

// ---- files -------------------------------------------------------------------------------------------------

struct RuleFile {
  std::string name;  // "values.toml"
  std::string path;  // dir + "/" + name, as error messages show it
  std::string bytes;
};

// SHA-256 over the files in order, each as its name, NUL, its size, NUL and its bytes.
std::string rules_hash(const std::vector<RuleFile>& files) {
  Sha256 digest;
  for (const auto& f : files) {
    // name NUL size NUL bytes: no two different sets of files give the same stream.
    digest.update(f.name + '\0' + std::to_string(f.bytes.size()) + '\0');
    digest.update(f.bytes);
  }
  return digest.hex();
}

// `bytes` with the lines of every [[rule.example]] table blanked (each line kept as an empty one, so the lines of
// what is left keep their numbers): a table runs from its header to the next line that starts a table.
std::string without_examples(const std::string& bytes) {
  std::string out;
  out.reserve(bytes.size());
  bool in_example = false;
  for (std::size_t from = 0; from < bytes.size();) {
    std::size_t end = bytes.find('\n', from);
    if (end == std::string::npos) end = bytes.size();
    const std::string_view line(bytes.data() + from, end - from);
    const std::size_t first = line.find_first_not_of(" \t");
    const std::string_view start = first == std::string_view::npos ? std::string_view() : line.substr(first);
    if (start.starts_with('[')) in_example = start.starts_with("[[rule.example]]");
    if (!in_example) out.append(line);
    if (end < bytes.size()) out.push_back('\n');
    from = end + 1;
  }
  return out;
}

// The bytes of the rule file at `path`; nullopt after reporting why not (a file too large or missing is only reported
// when `known`: an unknown *.toml file is not a rule file).
std::optional<std::string> read_rule_file(const std::string& path, bool known, const Limits& limits, FileChecker& fc) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec || size > limits.max_rule_file_bytes) {
    if (known)
      fc.error(0, ec ? "cannot read: " + ec.message()
                     : "larger than the limit max_rule_file_bytes (" + std::to_string(limits.max_rule_file_bytes) +
                           " bytes); not a rule file");
    return std::nullopt;
  }
  std::string bytes;
  bytes.reserve(size);
  if (!read_regular_file(path, /*follow_link=*/true, limits.max_rule_file_bytes,
                         [&](const char* data, std::size_t n) { bytes.append(data, n); })) {
    fc.error(0, "cannot read the file");
    return std::nullopt;
  }
  return bytes;
}

// The stamps of a load's files (snapshot.h), in the order it hashes them: `files` (the folder's *.toml, by name) and
// then the profile's. Empty when one cannot be taken (a file gone, or no regular file; a profile name that names no
// file safely): then the files are read.
std::vector<snapshot::Stamp> stamps_of(const std::vector<RuleFile>& files, const std::string& dir,
                                       const std::string& profile, bool plain_name) {
  std::vector<snapshot::Stamp> out;
  if (!plain_name) return out;
  out.reserve(files.size() + 1);
  for (const RuleFile& f : files) {
    auto st = snapshot::stamp_of(f.name, f.path);
    if (!st) return {};
    out.push_back(std::move(*st));
  }
  auto st =
      snapshot::stamp_of("profiles/" + profile + ".toml", (fs::path(dir) / "profiles" / (profile + ".toml")).string());
  if (!st) return {};
  out.push_back(std::move(*st));
  return out;
}

std::optional<toml::table> parse_toml(const RuleFile& f, FileChecker& fc) {
#if TOML_EXCEPTIONS
  try {
    return toml::parse(f.bytes, f.path);
  } catch (const toml::parse_error& e) {
    fc.error(static_cast<int>(e.source().begin.line), "TOML syntax error: " + std::string(e.description()));
    return std::nullopt;
  }
#else
  toml::parse_result r = toml::parse(f.bytes, f.path);
  if (!r) {
    fc.error(static_cast<int>(r.error().source().begin.line),
             "TOML syntax error: " + std::string(r.error().description()));
    return std::nullopt;
  }
  return std::move(r).table();
#endif
}

}  // namespace

std::string LoadError::to_string() const {
  std::ostringstream out;
  out << file;
  if (line > 0) out << ':' << line;
  out << ": " << message;
  return out.str();
}

const re2::RE2* Pattern::re() const { return compiled ? compiled->get() : nullptr; }

bool Pattern::found_in(std::string_view text) const { return compiled && compiled->matches(text, false); }

bool Pattern::found_at_start(std::string_view text) const { return compiled && compiled->matches(text, true); }

const std::map<std::string, int>& Pattern::named_groups() const {
  static const std::map<std::string, int> kNone;
  return compiled ? compiled->groups() : kNone;
}

const CheckRule* RuleSet::check(const std::string& id) const {
  for (const auto& c : checks)
    if (c.id == id) return &c;
  return nullptr;
}

const CheckRule& RuleSet::rule(const std::string& id) const {
  if (const CheckRule* c = check(id)) return *c;
  throw std::out_of_range("no rule '" + id + "' in the rule set");
}

std::string grade_of(const std::vector<GradeBand>& bands, const std::optional<double>& total) {
  if (!total) return {};
  for (const auto& band : bands)
    if (!band.min || *total >= *band.min) return band.name;
  return {};
}

const char* to_string(ParamType t) { return t == ParamType::Text ? "a string" : "a number"; }

const char* to_string(ReverseFormula f) { return f == ReverseFormula::Linear ? "linear" : "ratio"; }

std::vector<std::string> profile_names(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  fs::directory_iterator it(fs::path(dir) / "profiles", ec);
  if (ec) return out;
  for (const auto& entry : it) {
    if (entry.path().extension() == ".toml" && entry.is_regular_file(ec)) out.push_back(entry.path().stem().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

LoadResult load_rules(const std::string& dir, const std::vector<RuleSchema>& registry, const Limits& limits,
                      const std::string& profile, Examples examples, Hash hash, const std::string& snapshot_dir) {
  LoadResult result;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    result.errors.push_back({dir, 0, "rules directory does not exist or is not a directory"});
    return result;
  }
  std::vector<RuleFile> files;
  fs::directory_iterator it(dir, ec);
  if (ec) {
    result.errors.push_back({dir, 0, "cannot list the rules directory: " + ec.message()});
    return result;
  }
  for (const auto& entry : it) {
    const fs::path& p = entry.path();
    if (p.extension() != ".toml" || !entry.is_regular_file(ec)) continue;
    // The letters' wording (letter_template.h) changes no audit: it is loaded by `jxaudit letters`, not hashed here.
    if (p.filename() == kLetterTemplateFile) continue;
    RuleFile f;
    f.name = p.filename().string();
    f.path = (fs::path(dir) / f.name).string();
    files.push_back(std::move(f));
  }
  std::sort(files.begin(), files.end(), [](const RuleFile& a, const RuleFile& b) { return a.name < b.name; });
  const bool plain_name = !profile.empty() && std::all_of(profile.begin(), profile.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });

  // Files whose stats are those of a load recorded before (snapshot.h): its snapshot, without reading them.
  const std::vector<snapshot::Stamp> stamps =
      snapshot_dir.empty() ? std::vector<snapshot::Stamp>() : stamps_of(files, dir, profile, plain_name);
  const std::string stamp_key =
      stamps.empty() ? std::string() : snapshot::stamp_key(stamps, profile, examples == Examples::Load, limits);
  // The snapshot under `key` of files whose bytes hash to `content`, `total_bytes` in all, into `result`; false when
  // there is none. A snapshot holds less than the files it was loaded from; a larger file is not one this program
  // wrote.
  auto take_snapshot = [&](const std::string& key, const std::string& content, std::size_t total_bytes) {
    auto rs = snapshot::read(snapshot::path(snapshot_dir, key), key, limits, 2 * total_bytes + (std::size_t{1} << 20));
    if (!rs) return false;
    rs->directory = dir;
    if (hash == Hash::Compute) rs->hash = content;
    result.rules = std::move(rs);
    result.from_snapshot = true;
    return true;
  };
  if (!stamp_key.empty()) {
    if (const std::string content = snapshot::read_index(snapshot_dir, stamp_key); !content.empty()) {
      std::size_t total_bytes = 0;
      for (const auto& st : stamps) total_bytes += st.size;
      if (take_snapshot(snapshot::key(content, profile, examples == Examples::Load, limits), content, total_bytes)) {
        result.from_index = true;
        return result;
      }
    }
  }
  // Records the files' stamps with their hash, when they are what they were before the files were read.
  const std::vector<RuleFile> named = stamp_key.empty() ? std::vector<RuleFile>() : files;  // names and paths
  auto record = [&](const std::string& content_hash) {
    if (!stamp_key.empty() && stamps_of(named, dir, profile, plain_name) == stamps)
      snapshot::write_index(snapshot_dir, stamp_key, content_hash, stamps);
  };

  // Every file is read before any is parsed: the snapshot's key is over all of them.
  std::set<std::string> present;
  std::vector<std::size_t> known_files;  // indices into `files`
  for (std::size_t i = 0; i < files.size(); ++i) {
    RuleFile& f = files[i];
    FileChecker fc(f.path, result.errors, limits);
    const bool known =
        f.name == "headers.toml" || f.name == "values.toml" || f.name == "checks.toml" || f.name == "narrative.toml";
    if (f.name == "grades.toml") {
      fc.error(0, "grade bands belong to the scoring profile now: move the [[grade]] tables to profiles/" + profile +
                      ".toml (and every other profile) and delete this file");
      continue;
    }
    auto bytes = read_rule_file(f.path, known, limits, fc);
    if (!bytes) continue;
    f.bytes = std::move(*bytes);
    if (!known) continue;  // other *.toml files are someone else's business (but part of the hash)
    present.insert(f.name);
    known_files.push_back(i);
  }
  for (const char* name : {"checks.toml", "headers.toml", "narrative.toml", "values.toml"}) {
    if (!present.count(name))
      result.errors.push_back({(fs::path(dir) / name).string(), 0, "required rule file is missing"});
  }

  // The profile: profiles/<name>.toml, read like the others and hashed after them under its relative name.
  const std::vector<std::string> available = profile_names(dir);
  std::string listed;
  for (const auto& n : available) listed += (listed.empty() ? "" : ", ") + n;
  const bool listed_here = std::find(available.begin(), available.end(), profile) != available.end();
  std::optional<RuleFile> profile_file;
  if (!plain_name && listed_here) {
    // A file of profiles/ that --profile could not name safely (rules check loads every file there).
    result.errors.push_back({(fs::path(dir) / "profiles" / (profile + ".toml")).string(), 0,
                             "a profile's name, its file's stem, is made of letters, digits, '-' and '_' only: "
                             "rename the file"});
  } else if (!plain_name || !listed_here) {
    result.errors.push_back({(fs::path(dir) / "profiles").string(), 0,
                             "unknown profile '" + profile + "' (" +
                                 (available.empty() ? std::string("this rules directory has no profiles/*.toml")
                                                    : "profiles available: " + listed) +
                                 ")"});
  } else {
    RuleFile f;
    f.name = "profiles/" + profile + ".toml";
    f.path = (fs::path(dir) / "profiles" / (profile + ".toml")).string();
    FileChecker fc(f.path, result.errors, limits);
    if (auto bytes = read_rule_file(f.path, true, limits, fc)) {
      f.bytes = std::move(*bytes);
      profile_file = std::move(f);
    }
  }
  std::vector<RuleFile> hashed = std::move(files);
  if (profile_file) hashed.push_back(*profile_file);

  // A load of the same files by the same program, read back from its snapshot.
  std::string content_hash;
  std::string key;
  std::size_t total_bytes = 0;
  if (!snapshot_dir.empty() && result.errors.empty()) {
    content_hash = rules_hash(hashed);
    key = snapshot::key(content_hash, profile, examples == Examples::Load, limits);
    for (const auto& f : hashed) total_bytes += f.bytes.size();
  }
  if (!key.empty() && take_snapshot(key, content_hash, total_bytes)) {
    record(content_hash);
    return result;
  }

  RuleSet rs;
  rs.directory = dir;
  for (const std::size_t i : known_files) {
    const RuleFile* f = &hashed[i];
    FileChecker fc(f->path, result.errors, limits);
    std::optional<toml::table> root;
    if (examples == Examples::Skip && f->name == "checks.toml") {
      RuleFile trimmed{f->name, f->path, without_examples(f->bytes)};
      root = parse_toml(trimmed, fc);
    } else {
      root = parse_toml(*f, fc);
    }
    if (!root) continue;
    fc.set_root(&*root);
    if (f->name == "headers.toml") load_headers(*root, fc, rs.headers);
    if (f->name == "values.toml") load_values(*root, fc, rs.values);
    if (f->name == "checks.toml") load_checks(*root, fc, registry, rs.checks);
    if (f->name == "narrative.toml") load_narrative(*root, fc, rs.narrative);
  }
  std::vector<ParamOverride> overrides;
  if (profile_file) {
    FileChecker fc(profile_file->path, result.errors, limits);
    rs.profile.name = profile;
    if (auto root = parse_toml(*profile_file, fc)) {
      fc.set_root(&*root);
      load_profile(*root, fc, registry, rs.profile, rs.grades, overrides);
    }
  }
  for (const auto& o : overrides) {
    for (auto& c : rs.checks) {
      if (c.id != o.rule) continue;
      if (o.type == ParamType::Number)
        c.params[o.param] = o.number;
      else
        c.texts[o.param] = o.text;
    }
  }

  // Reported file by file (name order), line by line: the order a person fixes them in.
  std::stable_sort(result.errors.begin(), result.errors.end(), [](const LoadError& a, const LoadError& b) {
    return a.file != b.file ? a.file < b.file : a.line < b.line;
  });
  if (hash == Hash::Compute) rs.hash = content_hash.empty() ? rules_hash(hashed) : content_hash;
  if (result.errors.empty()) {
    if (!key.empty()) {
      snapshot::write(snapshot::path(snapshot_dir, key), key, rs);
      record(content_hash);
    }
    result.rules = std::move(rs);
  }
  return result;
}

std::string default_rules_dir() {
  if (const char* env = std::getenv("JXAUDIT_RULES"); env != nullptr && *env != '\0') return env;
  std::error_code ec;
  // An installed binary (PREFIX/bin/jxaudit, or PREFIX/lib/jxaudit/jxaudit-full) reads PREFIX/share/jxaudit/rules.
  if (auto self = fs::read_symlink("/proc/self/exe", ec); !ec) {
    fs::path prefix = self.parent_path().parent_path();
    if (self.parent_path().filename() == "jxaudit" && prefix.filename() == "lib") prefix = prefix.parent_path();
    fs::path installed = prefix / "share" / "jxaudit" / "rules";
    if (fs::is_directory(installed, ec)) return installed.string();
  }
#ifdef JX_SOURCE_RULES_DIR
  if (fs::is_directory(JX_SOURCE_RULES_DIR, ec)) return JX_SOURCE_RULES_DIR;
#endif
  return "rules";
}

std::string default_snapshot_dir() {
  if (const char* env = std::getenv("JXAUDIT_RULES_CACHE"); env != nullptr)
    return *env == '\0' || std::string_view(env) == "off" ? std::string() : std::string(env);
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg == '/')
    return (fs::path(xdg) / "jxaudit").string();
  if (const char* home = std::getenv("HOME"); home != nullptr && *home == '/')
    return (fs::path(home) / ".cache" / "jxaudit").string();
  return {};
}

}  // namespace jx::rules
