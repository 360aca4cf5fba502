// index.html: one self-contained page (inline CSS and JavaScript, no external resource) for reading a batch's
// results in a browser: a sortable table of the reports, one row per project (a file with several project tables has
// a row for each, its project_index as in summary.csv and its place "项目 2/3" beside the name; click a header to
// sort; on load it is sorted by the recomputed total, lowest first), the findings grouped by rule with each finding's
// evidence crop embedded as a data: URI (an image that repeats within one project's findings embedded once; the script
// fills in the repeats), and the findings grouped by agency. Every string taken from a report is HTML-escaped.
//
// The page is built file by file: the sections that need every file before they can begin (the totals, the counts
// in each group's heading, the groups by rule) are spilled to part files in a hidden folder inside OUT and joined
// at the end, so the memory used does not grow with the number of files.
//
//   jx::outputs::IndexHtml page("OUT");
//   for (const auto& row : rows) page.add(row);      // rows in rel order (a file's projects in order): an agency's
//                                                    // files come together
//   if (auto err = page.finish("OUT/index.html")) ...
#pragma once

#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "outputs/summary_rows.h"

namespace jx::outputs {

class IndexHtml {
 public:
  // Evidence images are read from `out_dir`; the part files live in a hidden folder there until finish().
  explicit IndexHtml(std::string out_dir);
  ~IndexHtml();
  IndexHtml(const IndexHtml&) = delete;
  IndexHtml& operator=(const IndexHtml&) = delete;

  // The explanation shown beside each rule's findings (rule_notes()); none by default.
  void set_rule_notes(RuleNotes notes);
  void add(const FileRow& row);
  // Writes the page to `out`, or atomically to the file `path`. Returns a message when something could not be
  // written. Either removes the part files.
  std::optional<std::string> finish(std::ostream& out);
  std::optional<std::string> finish(const std::string& path);

 private:
  struct Parts;
  std::string out_dir_;
  RuleNotes notes_;
  std::unique_ptr<Parts> parts_;
};

// valid_text() (core/text.h: C0 controls but tab and line ends become a space; ill-formed UTF-8, U+FFFE and U+FFFF
// become U+FFFD), then & < > " ' escaped.
std::string html_escape(const std::string& text);

// The page for `rows` (through IndexHtml); evidence images are read from `out_dir` (only paths under evidence/, only
// PNG files).
std::string index_html(const std::vector<FileRow>& rows, const std::string& out_dir);

// Standard base64 (RFC 4648, with padding).
std::string base64_encode(const std::string& bytes);

}  // namespace jx::outputs
