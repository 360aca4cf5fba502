// findings.csv and summary.csv: UTF-8 with a byte-order mark (so Excel reads the Chinese right), RFC 4180 quoting,
// CRLF line ends, and no cell a spreadsheet would run as a formula.
//
//   std::string csv = jx::outputs::findings_csv(rows);   // header line + one line per finding
//   std::string part = jx::outputs::findings_csv_head();  // or row by row, for a file written as reports are read:
//   jx::outputs::append_findings_csv(part, row);
#pragma once

#include <string>
#include <vector>

#include "outputs/summary_rows.h"

namespace jx::outputs {

// One text cell, valid_text() first (core/text.h: well-formed UTF-8, no control but tab and line ends): a leading
// = + - @ tab or CR gets an apostrophe in front (the value is then shown, not run);
// the cell is quoted when it holds a comma, quote, CR or LF, quotes doubled.
std::string csv_text_cell(const std::string& text);

// findings.csv: file, agency, project_index, project, rule, severity, indicator, message, page, id, evidence_image,
// sha256, target, actual, unsure — one line per finding. project_index is the project's place in the report's
// `projects` (0-based), as in summary.csv; id the finding's stable id (audit::finding_id); evidence_image the crop's
// path relative to OUT (empty when none); sha256 the file's; target and actual the named indicator's target_text and
// actual_text (empty without an indicator); unsure `true` when the finding rests on a value an extract.low_confidence
// finding doubts, else `false`.
std::string findings_csv(const std::vector<FileRow>& rows);

// The byte-order mark and header line of findings.csv, and the lines of one file's findings appended to `out`.
std::string findings_csv_head();
void append_findings_csv(std::string& out, const FileRow& row);

// summary.csv: file, agency, project_index, project, department, year, stated_total, recomputed_total, grade,
// findings_info, findings_warning, findings_error, outcome, error — one line per project (a file with several project
// tables has several lines, project_index 0, 1, … in page order), and one per failed file, its project_index empty.
// The findings counts are the project's own.
std::string summary_csv(const std::vector<FileRow>& rows);

// The byte-order mark and header line of summary.csv, and one file's line appended to `out`.
std::string summary_csv_head();
void append_summary_csv(std::string& out, const FileRow& row);

}  // namespace jx::outputs
