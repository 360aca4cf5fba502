#include "audit/pipeline.h"

#include <string>

#include "audit/checks.h"
#include "audit/file_hash.h"
#include "audit/model_builder.h"
#include "audit/recompute.h"
#include "extract/grid.h"
#include "extract/pdf_reader.h"

namespace jx::audit {
namespace {

// Stages 1–2 on an opened document: per-page grids, then tables stitched over pages. Pages whose text layer is
// not usable contribute no glyphs here (the OCR path takes them over).
std::vector<extract::Table> tables_of(const extract::Document& doc, const Limits& limits) {
  std::vector<extract::Table> page_tables;
  for (const auto& page : doc.pages) {
    auto t = extract::build_page_tables(page, limits);
    page_tables.insert(page_tables.end(), std::make_move_iterator(t.begin()), std::make_move_iterator(t.end()));
  }
  return extract::stitch_tables(std::move(page_tables), doc.pages);
}

// A file whose pages have no usable text layer cannot be audited on the text path.
std::optional<FileError> unusable_text(const extract::Document& doc) {
  int usable = 0;
  std::string why;
  for (const auto& p : doc.pages) {
    if (p.text_layer == extract::TextLayer::Usable) {
      ++usable;
    } else if (why.empty()) {
      why = "page " + std::to_string(p.number) + ": " +
            (p.text_layer == extract::TextLayer::Empty ? std::string("no text layer (a scan?)") : p.text_layer_reason);
    }
  }
  if (usable > 0) return std::nullopt;
  return FileError{Outcome::NoTextLayer, "no usable text layer: " + why};
}

}  // namespace

TablesResult extract_tables(const std::string& path, const Limits& limits) {
  TablesResult out;
  auto read = extract::read_pdf(path, limits);
  if (!read.ok()) {
    out.error = read.error;
    return out;
  }
  if (auto bad = unusable_text(*read.document)) {
    out.error = *bad;
    return out;
  }
  out.tables = tables_of(*read.document, limits);
  return out;
}

AuditResult audit_file(const std::string& path, const rules::RuleSet& rules, const Limits& limits) {
  AuditResult out;
  auto read = extract::read_pdf(path, limits);
  if (!read.ok()) {
    out.error = read.error;
    return out;
  }
  const extract::Document& doc = *read.document;
  if (auto bad = unusable_text(doc)) {
    out.error = *bad;
    return out;
  }
  out.tables = tables_of(doc, limits);

  std::vector<extract::TextBlock> narrative;
  for (const auto& page : doc.pages) {
    auto blocks = extract::text_outside_tables(page, out.tables);
    narrative.insert(narrative.end(), std::make_move_iterator(blocks.begin()), std::make_move_iterator(blocks.end()));
  }

  auto built = build_report(doc, out.tables, std::move(narrative), rules);
  if (!built.report) {
    out.error = built.error;
    return out;
  }
  Report report = std::move(*built.report);
  report.file = path;
  report.sha256 = sha256_file(path).value_or("");
  report.pages = doc.page_count;
  report.text_source = "text";
  for (const auto& w : doc.warnings) report.warnings.push_back(w);
  for (const auto& p : doc.pages)
    if (p.text_layer != extract::TextLayer::Usable)
      report.warnings.push_back("page " + std::to_string(p.number) + " has no usable text layer and was skipped");

  recompute(report, rules);
  report.findings = run_checks(report, rules);
  out.report = std::move(report);
  return out;
}

}  // namespace jx::audit
