// index.html: one self-contained page (inline CSS and JavaScript, no external resource) for reading a batch's
// results in a browser: a sortable table of the reports (click a header to sort; on load it is sorted by the
// recomputed total, lowest first), the findings grouped by rule with each finding's evidence crop embedded as a
// data: URI (each distinct image once; the script fills in repeats), and the findings grouped by agency. Every
// string taken from a report is HTML-escaped.
#pragma once

#include <string>
#include <vector>

#include "audit/summary_rows.h"

namespace jx::audit {

// & < > " ' escaped; characters that have no place in HTML text (C0 controls but tab and line ends) dropped.
std::string html_escape(const std::string& text);

// The page for `rows`; evidence images are read from `out_dir` (only paths under evidence/, only PNG files).
std::string index_html(const std::vector<FileRow>& rows, const std::string& out_dir);

// Standard base64 (RFC 4648, with padding).
std::string base64_encode(const std::string& bytes);

}  // namespace jx::audit
