// findings.jsonl and reports.jsonl: the batch's findings and summary rows for scripts, one JSON object per line
// (UTF-8, no byte-order mark, LF line ends), written row by row as the reports are read.
//
//   std::string part;
//   jx::outputs::append_findings_jsonl(part, row);  // one line per finding of the row
//   jx::outputs::append_reports_jsonl(part, row);   // one line for the row
#pragma once

#include <string>

#include "outputs/summary_rows.h"

namespace jx::outputs {

// One line per finding of `row`: {"rel", "file", "agency", "sha256", "project_index", "project", "id", "rule",
// "severity", "indicator", "message", "page", "evidence_image", "detail", "target", "actual", "unsure"}.
// project_index is 0-based; indicator, evidence_image, detail, target and actual are null when empty, page null when
// the finding is tied to no page; unsure is a boolean (the finding rests on a value an extract.low_confidence finding
// doubts).
void append_findings_jsonl(std::string& out, const FileRow& row);

// One line for `row` (a project, or a failed file): {"rel", "file", "agency", "sha256", "project_index",
// "project_count", "project", "department", "year", "budget" {unit, initial_budget, annual_budget, executed,
// execution_rate, weight, score}, "total_score" {"stated", "recomputed"}, "grade", "findings" {"error", "warning",
// "info"}, "low_confidence", "text_source", "pages", "ocr_pages", "warnings", "outcome", "error"}. A failed file has
// project_index, project and the other project fields null, and its error; an audited project has error null.
void append_reports_jsonl(std::string& out, const FileRow& row);

}  // namespace jx::outputs
