#include "outputs/csv_writer.h"

#include "core/numbers.h"
#include "core/text.h"

namespace jx::outputs {
namespace {

constexpr const char* kBom = "\xEF\xBB\xBF";

void line(std::string& out, const std::vector<std::string>& cells) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i) out.push_back(',');
    out += cells[i];
  }
  out += "\r\n";
}

// project_index: 0-based; empty for a failed file's row.
std::string index_cell(const FileRow& r) { return r.project_index ? std::to_string(*r.project_index) : std::string(); }

}  // namespace

std::string csv_text_cell(const std::string& text) {
  std::string v = valid_text(text);
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r'))
    v.insert(v.begin(), '\'');
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string q = "\"";
  for (char c : v) {
    if (c == '"') q.push_back('"');
    q.push_back(c);
  }
  q.push_back('"');
  return q;
}

std::string findings_csv_head() {
  std::string out = kBom;
  line(out, {"file", "agency", "project_index", "project", "rule", "severity", "indicator", "message", "page", "id",
             "evidence_image", "sha256", "target", "actual", "unsure", "review"});
  return out;
}

void append_findings_csv(std::string& out, const FileRow& r) {
  for (const auto& f : r.findings) {
    line(out, {csv_text_cell(r.rel), csv_text_cell(r.agency), index_cell(r), csv_text_cell(r.project),
               csv_text_cell(f.rule), csv_text_cell(f.severity), csv_text_cell(f.indicator), csv_text_cell(f.message),
               f.page > 0 ? std::to_string(f.page) : std::string(), csv_text_cell(f.id), csv_text_cell(f.image),
               csv_text_cell(r.sha256), csv_text_cell(f.target), csv_text_cell(f.actual), f.unsure ? "true" : "false",
               csv_text_cell(f.review)});
  }
}

std::string findings_csv(const std::vector<FileRow>& rows) {
  std::string out = findings_csv_head();
  for (const auto& r : rows) append_findings_csv(out, r);
  return out;
}

std::string summary_csv_head() {
  std::string out = kBom;
  line(out, {"file", "agency", "project_index", "project", "department", "year", "stated_total", "recomputed_total",
             "grade", "findings_info", "findings_warning", "findings_error", "outcome", "error"});
  return out;
}

void append_summary_csv(std::string& out, const FileRow& r) {
  line(out,
       {csv_text_cell(r.rel), csv_text_cell(r.agency), index_cell(r), csv_text_cell(r.project),
        csv_text_cell(r.department), r.year ? std::to_string(*r.year) : std::string(), format_shortest(r.stated_total),
        format_shortest(r.recomputed_total), csv_text_cell(r.grade), std::to_string(r.info), std::to_string(r.warning),
        std::to_string(r.errors), csv_text_cell(r.outcome), csv_text_cell(r.error)});
}

std::string summary_csv(const std::vector<FileRow>& rows) {
  std::string out = summary_csv_head();
  for (const auto& r : rows) append_summary_csv(out, r);
  return out;
}

}  // namespace jx::outputs
