// index.html: one self-contained page (inline CSS, JavaScript and SVG; nothing loaded from elsewhere; works offline)
// where a reviewer reads a batch:
//   - an overview: counts (files, projects, failures, files read by OCR, projects with doubtful values, findings by
//     severity) and three inline SVG charts: findings by agency (by severity), findings by rule (its Chinese name),
//     and self-score inflation by agency (the mean of stated − recomputed total over its projects); a bar filters
//     the table by its agency or rule;
//   - the reports table, a row per project (and per failed file), drawn by the script a page of 100 rows at a time
//     from JSON carried in the page: search, filters (agency, rule, severity, OCR or doubtful values, failed), sorting
//     by any column (on load: the recomputed total, lowest first, failed files last), sticky headings;
//   - a view of each report (#/r/<row>): project, budget, indicators with the recomputed score beside the stated,
//     warnings, findings with their evidence crop, each page a link into the PDF (file.pdf#page=N).
// Everything for people is in Chinese (severities 错误/警告/提示, rule names and explanations from the rule files,
// outcome reasons); ids stay beside them for scripts. Every string from a report reaches the page as JSON inside a
// <script type="application/json"> element (no "<" inside) and is escaped by the script when shown.
//
// The page is built file by file: the rows and each row's details are spilled to part files in a hidden folder
// inside OUT and joined at the end, so the memory used does not grow with the number of files. Each row's details
// follow the script, so the first screen does not wait for them. Evidence images are embedded as data: URIs until
// `max_embedded_bytes` of them are in the page; later ones are linked by their path under OUT.
//
//   jx::outputs::IndexHtml page("OUT");
//   for (const auto& row : rows) page.add(row);      // rows in rel order (a file's projects in order)
//   if (auto err = page.finish("OUT/index.html")) ...
#pragma once

#include <filesystem>
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/limits.h"
#include "outputs/summary_rows.h"

namespace jx::outputs {

class IndexHtml {
 public:
  // Evidence images are read from `out_dir`; the part files live in a hidden folder there until finish(). PDF links
  // are made relative to `out_dir`, where the page goes.
  explicit IndexHtml(std::string out_dir, std::size_t max_embedded_bytes = Limits{}.max_embedded_evidence_bytes);
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
  // The link to the input `file` from the page: relative to OUT, percent-encoded; empty when there is no file.
  std::string pdf_href(const std::string& file) const;
  // The src of the evidence image at `image` (relative to OUT): a data: URI within the budget, else its path; empty
  // when it is no readable PNG under OUT/evidence.
  std::string evidence_src(const std::string& image);

  std::string out_dir_;
  std::filesystem::path out_abs_;
  std::size_t max_embedded_bytes_;
  RuleNotes notes_;
  std::map<std::string, std::size_t> rule_index_;  // rule id → its place in the page's rule list
  std::unique_ptr<Parts> parts_;
};

// valid_text() (core/text.h: C0 controls but tab and line ends become a space; ill-formed UTF-8, U+FFFE and U+FFFF
// become U+FFFD), then & < > " ' escaped.
std::string html_escape(const std::string& text);

// The page for `rows` (through IndexHtml, without rule notes); evidence images are read from `out_dir` (only paths
// under evidence/, only PNG files).
std::string index_html(const std::vector<FileRow>& rows, const std::string& out_dir);

// Standard base64 (RFC 4648, with padding).
std::string base64_encode(const std::string& bytes);

}  // namespace jx::outputs
