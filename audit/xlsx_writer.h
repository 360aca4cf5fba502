// summary.xlsx through libxlsxwriter: sheets 汇总 (one row per file), 问题清单 (one row per finding) and 指标明细
// (one row per indicator), each with a frozen header row, an autofilter and set column widths. Text from a PDF is
// always written as a string cell, never as a formula, whatever it begins with.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "audit/summary_rows.h"

namespace jx::audit {

// Writes the workbook to a temporary name beside `path`, then renames it. Returns a message on failure (and leaves
// no temporary behind).
std::optional<std::string> write_summary_xlsx(const std::string& path, const std::vector<FileRow>& rows);

// Text made safe for a cell: characters XML 1.0 cannot carry replaced by a space, cut to Excel's 32,767 characters
// on a UTF-8 boundary.
std::string xlsx_safe_text(const std::string& text);

}  // namespace jx::audit
