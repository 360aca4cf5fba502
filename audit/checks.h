// Stage 5: the audit rules of checks.toml applied to a recomputed report. Each finding carries its rule id,
// the severity and the Chinese message of the rule file, the indicator (for indicator rules) and the page and
// box to show as evidence. Order: report-level rules in checks.toml order, then indicator rules indicator by
// indicator (rules in file order within one), then narrative findings.
#pragma once

#include <vector>

#include "audit/report.h"
#include "core/limits.h"
#include "rules/ruleset.h"

namespace jx::audit {

// The check registry's schema: one entry per implemented check, with the parameters it reads and their types. The
// rule files must match it exactly (rules::load_rules checks them against it).
const std::vector<rules::RuleSchema>& check_registry();

// The rule files of `dir` loaded and checked against check_registry(): how every entry point (the CLI, the batch,
// the tests of the audit) loads rules.
rules::LoadResult load_audit_rules(const std::string& dir, const Limits& limits = {});
// The same with the scoring profile `profile` (rules/profiles/<profile>.toml) applied; the form above applies
// rules::kDefaultProfile ("national").
// `examples`: rules::Examples::Skip for a run that audits; `hash`: rules::Hash::Skip for one that needs no rules
// hash, i.e. no batch (see rules::load_rules).
// `snapshot_dir`: see rules::load_rules (the commands give rules::default_snapshot_dir()).
inline rules::LoadResult load_audit_rules(const std::string& dir, const Limits& limits, const std::string& profile,
                                          rules::Examples examples = rules::Examples::Load,
                                          rules::Hash hash = rules::Hash::Compute,
                                          const std::string& snapshot_dir = {}) {
  return rules::load_rules(dir, check_registry(), limits, profile, examples, hash, snapshot_dir);
}

// Every registered check whose rule is in `rules`, in the order the file comment gives. `rules` must have been
// loaded against check_registry().
std::vector<Finding> run_checks(const Report& report, const rules::RuleSet& rules);

// narrative.sum_mismatch: the breakdown sentences of the narrative whose parts do not add up to their total.
std::vector<Finding> check_narrative(const Report& report, const rules::RuleSet& rules);

// narrative.table_mismatch: the narrative's statements of the annual budget, the amount spent, the execution rate
// and the self-evaluation total (narrative.toml's [[statement]]) that differ from the table as printed; one finding
// per quantity, on the first statement that differs. Appended to `out`.
void check_table_statements(const rules::CheckRule& rule, const Report& report, const rules::RuleSet& rules,
                            std::vector<Finding>& out);

// Fills a message template: "{actual}" → values.at("actual"), …; unknown placeholders are left as written.
std::string fill_message(const std::string& tmpl, const std::vector<std::pair<std::string, std::string>>& values);

// Makes `f` say that the values as read cannot be what the form printed (`rule` is extract.low_confidence; its
// message_implausible with {what}, {why}, {values}), `why` put first in its evidence detail.
void say_implausible(Finding& f, const rules::CheckRule& rule, const std::string& what, const std::string& why,
                     const std::string& values);

// The words of a rule's Text parameter written as a list separated by 、 (each compacted: whitespace removed),
// empty ones dropped. The list is made once per text and thread and kept for the thread's life.
const std::vector<std::string>& words_of(const rules::CheckRule& rule, const std::string& param);

}  // namespace jx::audit
