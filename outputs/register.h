// The register: every audited report of a batch in SQLite (OUT/jxaudit.sqlite, or a database shared by several
// runs and years), so that projects can be followed across years and reviewed. It is kept in step with
// OUT/reports: after a batch (or a merge), sync_register() stores each report that is new or changed since it was
// last stored, one transaction per report, and removes the reports of that OUT that are no longer there. Review
// decisions (table `reviews`) are keyed by the finding's stable id and are never touched by a sync.
//
// The schema (its version in PRAGMA user_version; a database of a newer version is refused, an older one migrated):
//   reports(id, out_dir, rel, agency, report_stat, file, sha256, outcome, error, text_source, pages, profile,
//           stored_at)                                     one per report document; UNIQUE(out_dir, rel)
//   projects(id, report_id → reports, project_index, name, department, name_key, department_key, year,
//            stated_total, recomputed_total, grade, budget_unit, annual_budget, executed, execution_rate,
//            findings_error, findings_warning, findings_info, low_confidence)
//   indicators(id, project_id → projects, position, level1, level2, name, target_text, target_op, target_value,
//              target_unit, actual_text, actual_value, actual_unit, weight, self_score, recomputed_score,
//              deviation_note, page)
//   findings(id, project_id → projects, position, rule, severity, indicator, message, page, evidence_image, unsure)
//   reviews(finding_id, state, note, by, at)
// Deleting a report deletes its projects, indicators and findings (foreign keys, ON DELETE CASCADE).
//
//   auto sync = jx::outputs::sync_register("OUT/jxaudit.sqlite", "OUT", rules);
//   if (sync.error) ...                      // the database could not be opened or is of a newer schema
//   auto history = jx::outputs::project_history("OUT/jxaudit.sqlite", {"穗智管", ""}, rules, &error);
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/cross_year.h"
#include "outputs/summary_rows.h"
#include "rules/ruleset.h"

namespace jx::outputs {

inline constexpr int kRegisterSchemaVersion = 1;

struct RegisterSync {
  std::size_t written = 0, unchanged = 0, removed = 0;  // reports stored anew, already up to date, removed
  std::vector<std::string> problems;                    // reports that could not be read or stored (the rest were)
  std::optional<std::string> error;                     // the database could not be used at all
};

// Brings the database at `db_path` (created when missing) up to date with OUT/reports: each report `only` accepts
// (every report when unset) that is not stored as it is on disk is stored in one transaction; the stored reports of
// `out_dir` that are no longer under OUT/reports are removed. Waits up to a minute for another writer of the same
// database. Never throws for a bad database or report.
RegisterSync sync_register(const std::string& db_path, const std::string& out_dir, const rules::RuleSet& rules,
                           const RelFilter& only = {});

// Carries the review decisions of the database at `from_db` into the one at `db_path` (created when missing): a
// decision the target does not have, or has with an earlier time, is taken. For `jxaudit merge`. Returns a message
// when either database cannot be used.
std::optional<std::string> merge_reviews(const std::string& db_path, const std::string& from_db);

// The review decision of each finding id in the database at `db_path` (none when there is no such file). Returns a
// message when the database cannot be read.
std::optional<std::string> load_reviews(const std::string& db_path, Reviews* out);

// One review decision as stored: its state ("confirmed", "dismissed" or "open"), the reviewer's note and name (empty
// when none was given) and its time (UTC, "2026-12-05T20:14:00Z").
struct ReviewRecord {
  std::string state, note, by, at;
};

// Every review decision of the database at `db_path` (only that of the finding `only_id` when it is given), by
// finding id, with its note, reviewer and time (none when there is no such file). For `jxaudit serve`, which shows
// them over the states the page was written with. Returns a message when the database cannot be read.
std::optional<std::string> load_review_records(const std::string& db_path, std::map<std::string, ReviewRecord>* out,
                                               const std::string& only_id = {});

// Calls `each` with every review decision of the database at `db_path`, in finding id order: the id, state, note,
// reviewer and time as stored, valid during the call only (nothing is held: for answering a register of many
// decisions quickly). Nothing is called when there is no such file. Returns a message when the database cannot be
// read.
using ReviewVisitor = std::function<void(std::string_view id, std::string_view state, std::string_view note,
                                         std::string_view by, std::string_view at)>;
std::optional<std::string> for_each_review(const std::string& db_path, const ReviewVisitor& each);

// Records a review decision for the finding `id` (`state` "confirmed", "dismissed" or "open", with `note`, `by` and
// the current time), replacing an earlier one. Returns a message when the database cannot be used, when no finding
// of the database has that id, or when the state is none of the three; nothing is written then.
std::optional<std::string> set_review(const std::string& db_path, const std::string& id, const std::string& state,
                                      const std::string& note, const std::string& by);

struct HistoryQuery {
  std::string project, department;  // parts of the name and department (matched after audit::project_key()); empty: any
};

// The projects of the database that match `query`, each with its years side by side:
//   {"projects": [{"name", "department", "years": [{"year", "file", "out_dir", "stated_total", "recomputed_total",
//    "grade", "findings": {rule: count}, "indicators": [{"name", "target", "actual", "weight", "self_score",
//    "recomputed_score"}]}]}]}
// A project is a (name key, department key); a year audited twice (the same file in two runs) shows the latest.
// nullopt with `error` set when the database cannot be read.
std::optional<nlohmann::json> project_history(const std::string& db_path, const HistoryQuery& query,
                                              const rules::RuleSet& rules, std::string* error);

// The project years stored in the register at `db_path`, except those of reports of `out_dir` (the run's own reports
// are read from OUT instead), one project at a time, each year with its indicators' actuals and whether
// extract.low_confidence named them. A missing file is an empty register, not an error.
//
//   jx::outputs::StoredYears stored("OUT/jxaudit.sqlite", "OUT");
//   if (stored.error()) ...                        // the database cannot be read: nothing is stored
//   for (auto& y : stored.years_of(name_key, department_key)) ...
class StoredYears {
 public:
  StoredYears(const std::string& db_path, const std::string& out_dir);
  ~StoredYears();
  StoredYears(const StoredYears&) = delete;
  StoredYears& operator=(const StoredYears&) = delete;

  // Why the register could not be read (then years_of() finds nothing); nullopt when it could, or does not exist.
  const std::optional<std::string>& error() const { return error_; }
  // The stored years of the project with these keys (audit::project_key()), oldest stored first. A read that fails
  // sets error() and finds nothing.
  std::vector<audit::ProjectYear> years_of(const std::string& name_key, const std::string& department_key);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::optional<std::string> error_;
};

// A digest of what StoredYears(db_path, out_dir) reads: every report of the register at `db_path` stored from
// another OUT than `out_dir`, by its row id, OUT, rel, report_stat and time of storing (a report stored anew, added or
// removed changes it; the rows stored with a report are made from it and change only with it). A missing or empty
// register, and one with no report of another OUT, have the same digest. nullopt, with `error` set, when the register
// cannot be read.
std::optional<std::string> other_runs_digest(const std::string& db_path, const std::string& out_dir,
                                             std::string* error);

// project_history()'s result as text for the terminal: per project, its totals and each indicator's target and
// actual by year.
std::string history_table(const nlohmann::json& history);

}  // namespace jx::outputs
