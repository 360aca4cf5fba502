// The rule files under rules/, loaded and validated once, compiled once (RE2), then shared read-only by
// every stage that needs them. Nothing about wording, thresholds, severities or messages lives in code.
//
//   auto loaded = jx::rules::load_rules("rules", registry);  // a directory of *.toml files, the checks' schema
//   if (!loaded.ok()) { for (auto& e : loaded.errors) std::cerr << e.to_string() << "\n"; return 2; }
//   const jx::rules::RuleSet& rs = *loaded.rules;
//
// The schema the rule files are checked against comes from the code that runs the rules (the audit's check
// registry, jx::audit::check_registry()): rules/ cannot know which checks exist, so the schema is data handed to
// the loader. Everything the schema describes (thresholds, message templates and fragments) is in the files; the
// schema only says which rule ids exist and the name and type of each parameter a check reads — never a value.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/limits.h"
#include "core/severity.h"

namespace re2 {
class RE2;
}

namespace jx::rules {

// A problem in a rule file, pointing at the line a person has to fix.
struct LoadError {
  std::string file;
  int line = 0;  // 1-based; 0 when the problem is the file as a whole
  std::string message;
  std::string to_string() const;  // "rules/values.toml:12: operator pattern '(' does not compile: missing )"
};

// A pattern's compiled form, shared by the copies of its Pattern: compiled by the loader, which rejects a pattern RE2
// does not compile, or, in a RuleSet read from its snapshot (whose patterns all compiled when it was written), at its
// first use, once, safely from any thread. Defined in rules/compiled_pattern.h.
class CompiledPattern;

// An RE2 pattern of a rule file, with the text it came from, compiled at most once per process.
struct Pattern {
  std::string source;
  std::shared_ptr<CompiledPattern> compiled;  // never null in a loaded RuleSet
  int line = 0;                               // where it was written

  // The compiled pattern; nullptr only for a Pattern no rule file gave.
  const re2::RE2* re() const;
  // Whether it matches somewhere in `text` / at the start of `text`, when what it matched is not needed: the same
  // answer as re()'s, but a pattern of plain words ("不少于|不低于|≥") is matched as words, without compiling it
  // (literal_words() in rules/compiled_pattern.h). False for a Pattern no rule file gave.
  bool found_in(std::string_view text) const;
  bool found_at_start(std::string_view text) const;
  // Its named groups "(?P<name>…)": name → the group's number, the index of its submatch (empty for a Pattern no
  // rule file gave). Use this, not re()->NamedCapturingGroups(): the pattern RE2 compiled may have plain groups.
  const std::map<std::string, int>& named_groups() const;
};

// headers.toml: the words a column header or a money-block row label may use. Keys are the field names
// below; each maps to synonyms compared after normalise_header() (NFKC, no whitespace, no "(A)"-style tags,
// no leading "1." numbering). The loader stores the synonyms already normalised and without duplicates.
//   indicator columns: level1 level2 name target actual weight self_score deviation op unit
//   money columns:     initial_budget annual_budget executed budget_weight execution_rate budget_score
//   money rows:        total_row (年度资金总额, 总额, …)
//   header block:      project_name department implementer level total_score (总分)
struct HeaderSynonyms {
  std::map<std::string, std::vector<std::string>> fields;
};

// values.toml: how target and actual texts are read.
// Where an operator's words stand: Before the number ("不少于30份": the pattern may match anywhere in the text
// before the number), or After the number and its unit ("95%以上", "3个工作日以内": matched at the start of the
// text that follows the unit, as if anchored).
enum class OperatorPosition { Before, After };

struct OperatorPattern {
  Pattern pattern;  // matched against the normalised text before (or after) the number, e.g. "(不少于|不低于|≥)"
  std::string op;   // ">=", "<=", "="
  OperatorPosition position = OperatorPosition::Before;
};

struct ValueRules {
  std::vector<OperatorPattern> operators;    // tried in order; first match wins
  Pattern number;                            // a number with optional thousands separators
  std::vector<std::string> units;            // known units, longest first after load (份 个 亿条 万元 % …)
  std::vector<std::string> unit_prefixes;    // magnitudes a unit may follow without a space (万 亿: 万剂次)
  std::map<std::string, double> magnitudes;  // [[magnitude]]: prefix → factor (万 → 1e4), for converting units
  std::map<std::string, std::string> unit_aliases;  // [[unit_alias]]: a unit → the unit it is (百分比 → %)
  std::vector<std::string> less_is_better;          // name keywords meaning a bare target is "<=" (时间, 投诉 …)
  std::vector<std::string> more_is_better;  // name keywords that override less_is_better (及时率, 降低率 …)
  std::vector<std::string> empty_notes;     // deviation notes that explain nothing (无, /, -, —)
  std::vector<std::string> satisfaction_level1;  // level1 words meaning 满意度
  std::vector<std::string> satisfaction_level2;  // level2 words meaning 满意度, under any level1 (optional)
  std::vector<std::string> level_suffixes;  // dropped from a 一级 label's end for its short form (指标 目标; optional)
  Pattern label_points;   // a 一级 / 二级 label with its points: group 1 the label, group 2 the points
  Pattern template_name;  // a 三级 cell that is a template row (指标2:, ……), not an indicator
  // [[title_year]]: the report's year as its title states it, tried in file order over the title's texts (group 1 the
  // year); a pattern with `only_with` is tried only on texts holding that word.
  struct YearPattern {
    Pattern pattern;
    std::string only_with;
  };
  std::vector<YearPattern> title_year;
  std::vector<Pattern> budget_unit;  // [[budget_unit]]: the money block's unit (group 1: 万元 / 元), tried in order
};

// narrative.toml: breakdown sentences (包含 A 15 份、B 10 份……合计 36 份).
// A statement of the narrative about a number the table also gives (年度预算1,952.61万元, 预算执行率为100%).
enum class StatedQuantity { AnnualBudget, Executed, ExecutionRate, TotalScore };

struct StatementPattern {
  StatedQuantity quantity = StatedQuantity::AnnualBudget;
  Pattern pattern;  // named groups: value (the number), unit (optional: 万元 / 元)
};

struct NarrativeRules {
  std::vector<Pattern> breakdown;            // each captures the whole breakdown; see narrative.toml for the groups
  std::vector<StatementPattern> statements;  // [[statement]], tried in file order (narrative.table_mismatch)
  std::vector<std::string> count_units;  // units a part may carry (项 个 份 场 次 …); dates (年 月 日) never count
};

// An example a rule ships with, run by the tests: the inputs and whether the rule must fire.
struct RuleExample {
  std::map<std::string, std::string> fields;  // e.g. target="不少于30份", actual="36份", weight="12", self_score="12"
  bool fires = false;
  int line = 0;
};

// The type of one parameter of [rule.params]: Number (a TOML integer or float: thresholds, tolerances) or Text
// (a non-empty string: a message fragment, itself a template with {placeholders}).
enum class ParamType { Number, Text };
const char* to_string(ParamType t);  // "a number" | "a string"

struct ParamSpec {
  std::string name;  // the key in [rule.params], e.g. "ratio"
  ParamType type = ParamType::Number;
};

// What one check implementation reads from its [[rule]]: the rule id and every parameter, by name and type. A
// RuleSchema has no values: the values are in checks.toml, and nothing falls back to a value written in code.
struct RuleSchema {
  std::string id;  // "target.too_low"
  std::vector<ParamSpec> params;
};

// checks.toml: one entry per rule id of the check registry (the contract's ids and the project's own).
struct CheckRule {
  std::string id;    // "target.too_low"
  std::string name;  // for people: the rule's short Chinese name ("目标值可能偏低"); optional (every
                     // rule of rules/checks.toml has one: tests/outputs checks it)
  Severity severity = Severity::Warning;
  std::string message;  // Chinese template; placeholders like {actual}, {target}, {ratio} are filled by the check
  std::string message_at_most;  // optional: the template when the indicator's target is a ceiling ("<="); "" = message
  std::string description;  // optional, for people: what the rule checks, a template over its Number params ({ratio},
                            // and {ratio%} for the value × 100 with a %)
  std::vector<std::string> evidence_cells;   // optional: the indicator_columns fields whose cells the rule reads
                                             // ("target", "weight" …), tinted on its evidence crop
  std::map<std::string, double> params;      // the Number parameters: too_low.ratio = 1.2, tolerances …
  std::map<std::string, std::string> texts;  // the Text parameters: message fragments
  std::vector<RuleExample> examples;
  int line = 0;

  // A parameter the rule's schema declares; the loader guarantees it is present with that type, so a missing
  // one is a programming error (std::out_of_range), never a silent default.
  double number(const std::string& name) const { return params.at(name); }
  const std::string& text(const std::string& name) const { return texts.at(name); }
};

// The grade a total score earns, the [[grade]] tables of the applied profile. Bands are stored highest first; a
// total gets the first band whose `min` it reaches, and the last band (the only one without `min`) everything below.
struct GradeBand {
  std::string name;           // "优"
  std::optional<double> min;  // inclusive lower bound; nullopt only on the last band
  int line = 0;
};

// A scoring profile, rules/profiles/<name>.toml (contract.md, "Scoring profiles"): what differs by region or year.
// Exactly one is applied to a RuleSet; `national` is the default. The file format is documented at the top of
// rules/profiles/national.toml: description, budget_weight, reverse, [[level_weight]] (level1, points), [[grade]]
// (name, min) and optional [params."<rule id>"] tables overriding that rule's [rule.params] of checks.toml.
inline constexpr const char* kDefaultProfile = "national";
enum class ReverseFormula {
  Ratio,   // a "<=" indicator missed: weight × target / actual (v1's formula)
  Linear,  // weight × (1 − (actual − target) / target), 0 at twice the target
};

const char* to_string(ReverseFormula f);  // "ratio" | "linear", as a profile file writes it

struct LevelWeight {
  std::string level1;  // the 一级 category in its short form ("产出", "效益", "满意度")
  double points = 0;   // its standard share of the 100 points
};

struct Profile {
  std::string name;                        // "national": the file's stem, named in each report's `profile`
  std::string description;                 // for people
  double budget_weight = 0;                // the standard weight of the budget execution row
  std::vector<LevelWeight> level_weights;  // the standard 一级 split, in file order
  ReverseFormula reverse = ReverseFormula::Ratio;
};

struct RuleSet {
  std::string directory;
  std::string hash;  // sha256 over the files' bytes, in name order, and the applied profile's: part of the batch's
                     // resume key; empty when loaded with Hash::Skip
  Profile profile;   // the scoring profile applied; its rule-parameter overrides are already in `checks`, its grade
                     // bands are `grades`
  HeaderSynonyms headers;
  ValueRules values;
  NarrativeRules narrative;
  std::vector<CheckRule> checks;  // in file order; findings are reported in this order
  std::vector<GradeBand> grades;  // highest first: the profile's bands

  const CheckRule* check(const std::string& id) const;  // nullptr when absent
  // The rule of a registered id, which a loaded RuleSet always has (std::out_of_range otherwise).
  const CheckRule& rule(const std::string& id) const;
};

// The grade of a total score by `bands` (highest first, as loaded); empty when there is no total.
std::string grade_of(const std::vector<GradeBand>& bands, const std::optional<double>& total);

struct LoadResult {
  std::optional<RuleSet> rules;
  std::vector<LoadError> errors;
  bool from_snapshot = false;  // the rules were read from their snapshot (see load_rules' `snapshot_dir`)
  bool from_index = false;     // and found by the rule files' stats, without reading the files (rules/snapshot.h)
  bool ok() const { return rules.has_value() && errors.empty(); }
};

// Reads every *.toml under `dir` and the profile `profile` (dir/profiles/<profile>.toml), checks checks.toml and
// the profile's parameter overrides against `registry`, and applies the profile: its overrides replace the values of
// checks.toml in `checks`, its bands are `grades`. Never throws for a bad file: each problem becomes a LoadError
// with file and line (syntax errors, missing keys, wrong types, a regex RE2 rejects, an unknown severity, an unknown
// field name; a [[rule]] whose id is not in `registry`, a registry id with no [[rule]] (line 0: the file as a
// whole), a parameter the schema does not declare, one it declares that is missing, one of the wrong type; in the
// profile, grade bands out of order, an unknown reverse formula, a standard split not adding up to 100, an override
// of a rule id or parameter that does not exist or of the wrong type; a profile name with no file, whose error lists
// the profiles there are). `limits` bounds the work: max_rule_file_bytes per file, regex_max_mem per compiled
// pattern.
//
// `examples`: Skip leaves checks.toml's [[rule.example]] tables unread (their lines are blanked before the TOML parse,
// so line numbers stay right): an audit needs none of them, and they are half the file. `jxaudit rules check` and the
// tests load them (Load, the default), which validates them.
//
// `hash`: Skip leaves RuleSet::hash empty: only the batch's resume key, `--version` and `rules check` show it, and
// an audit of files on stdout need not read through every rule file a second time for it.
//
// `snapshot_dir`: where a load that succeeds keeps its snapshot, and where a load of the same files by the same program
// (the same build) with the same options finds it and returns it instead of parsing, checking and compiling again (its
// patterns are then compiled at their first use); when the files' stats are those of a load before, it is found by
// them without reading the files (rules/snapshot.h says when a stat stands for a file's bytes). Empty: no snapshot.
// A snapshot that is missing, damaged or cannot be written changes nothing but the time the load takes; the result is
// the same either way.
enum class Examples { Load, Skip };
enum class Hash { Compute, Skip };
LoadResult load_rules(const std::string& dir, const std::vector<RuleSchema>& registry, const Limits& limits = {},
                      const std::string& profile = kDefaultProfile, Examples examples = Examples::Load,
                      Hash hash = Hash::Compute, const std::string& snapshot_dir = {});

// The profiles of a rules directory: the stems of dir/profiles/*.toml, sorted ("budget20", "national"); empty
// when there is no such folder.
std::vector<std::string> profile_names(const std::string& dir);

// The rules directory to use when none is given: $JXAUDIT_RULES, else ../share/jxaudit/rules from the running
// binary's folder when it exists (an installed binary), else the rules/ of the source tree recorded at build time,
// else ./rules.
std::string default_rules_dir();

// Where the commands keep the rules' snapshots (load_rules' `snapshot_dir`): $JXAUDIT_RULES_CACHE, where "off" (or an
// empty value) means none; else $XDG_CACHE_HOME/jxaudit, else $HOME/.cache/jxaudit; empty without either.
std::string default_snapshot_dir();

}  // namespace jx::rules
