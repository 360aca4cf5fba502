// A finding's stable id: the same for the same file (its sha256), project index, rule and indicator across runs,
// reruns and merges, so that a review decision recorded against it (issue 17's register) and a script's join on
// findings.csv survive a new run. Two findings of one rule on one indicator of one project (narrative.table_mismatch
// gives one per quantity) are told apart by their order among those findings.
#pragma once

#include <string>

namespace jx::audit {

// The first 16 hex digits of SHA-256 over "jxaudit.finding/1", `file_sha256`, `project_index`, `rule`, `indicator`
// (empty when the finding names none) and `occurrence` (0 for the first finding of that rule and indicator in that
// project, 1 for the next …), one per line.
std::string finding_id(const std::string& file_sha256, int project_index, const std::string& rule,
                       const std::string& indicator, int occurrence);

}  // namespace jx::audit
