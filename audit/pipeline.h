// The whole pipeline for one file: PDF → pages → tables → report model → recomputation → findings.
// The CLI, the batch workers, the tests and the fuzzers all come in through here.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "audit/report.h"
#include "core/limits.h"
#include "core/outcome.h"
#include "extract/grid/table.h"
#include "rules/ruleset.h"

namespace jx::audit {

struct AuditResult {
  std::vector<Report> projects;        // one per project self-evaluation table, in page order; empty on error
  FileError error;                     // Outcome::Ok when projects is not empty
  std::vector<extract::Table> tables;  // the rebuilt tables (also on failure after extraction)
};

AuditResult audit_file(const std::string& path, const rules::RuleSet& rules, const Limits& limits);

// Only stages 1–2: for `jxaudit tables`.
struct TablesResult {
  std::vector<extract::Table> tables;
  FileError error;
};
TablesResult extract_tables(const std::string& path, const Limits& limits);

}  // namespace jx::audit
