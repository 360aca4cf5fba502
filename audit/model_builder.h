// Stage 3: cell grid → report model. Finds the header block (项目名称, 主管部门, 实施单位, 项目级次, year), the money
// block (年度资金总额 row under its header row) and the indicator block (the row whose cells match the indicator
// column synonyms, then every row below it until 总分), using only the synonyms of rules/headers.toml.
// level1/level2 are filled down over merged and page-continued cells; values are read by rules/value_parser.
#pragma once

#include <optional>
#include <vector>

#include "audit/report.h"
#include "core/limits.h"
#include "core/outcome.h"
#include "extract/grid/table.h"
#include "extract/page.h"
#include "rules/ruleset.h"

namespace jx::audit {

struct BuildResult {
  std::vector<Report> reports;        // one per project table, in page order; empty on error
  std::vector<std::string> warnings;  // about the file as a whole (a department-wide form that was skipped)
  FileError error;                    // Outcome::NoTable when no project table is found
};

// `narrative` is the text outside the tables, in reading order. Leaves recomputed_score, total_score.recomputed
// and findings empty: recompute() and run_checks() fill them. A table whose grid holds more than
// limits.max_grid_positions_per_table positions is read as empty.
BuildResult build_report(const extract::Document& doc, const std::vector<extract::Table>& tables,
                         const std::vector<extract::TextBlock>& narrative, const rules::RuleSet& rules,
                         const Limits& limits);

}  // namespace jx::audit
