#include "audit/pipeline.h"

#include <algorithm>
#include <string>
#include <variant>

#include "audit/checks.h"
#include "audit/file_hash.h"
#include "audit/model_builder.h"
#include "audit/recompute.h"
#include "core/text.h"
#include "extract/grid/grid.h"
#include "extract/ocr/ocr_module.h"
#include "extract/pdf/pdf_reader.h"

namespace jx::audit {
namespace {

// The cells of a usable text layer that hold characters which do not decode are read again by OCR
// (extract::reread_undecodable_cells), the pages they are on read by OCR once. Without an OCR engine they stay as
// they are, not trusted, and a warning says so.
void ocr_undecodable_cells(const std::string& path, extract::Document& doc, std::vector<extract::Table>& tables,
                           const Limits& limits) {
  std::vector<int> pages;
  for (const auto& p : doc.pages) {
    if (p.from_ocr || p.text_layer != extract::TextLayer::Usable) continue;
    if (std::any_of(p.glyphs.begin(), p.glyphs.end(), [](const extract::Glyph& g) { return g.confidence == 0; }))
      pages.push_back(p.number);
  }
  if (pages.empty()) return;
  auto ocr = extract::ocr_pages_with_module(path, pages, limits);
  if (ocr.error.outcome != Outcome::Ok) {
    doc.warnings.push_back(
        "the cells holding characters of the text layer that do not decode could not be read by OCR (" +
        ocr.error.message + "): their values are not trusted");
    return;
  }
  const int cells = extract::reread_undecodable_cells(tables, ocr.pages);
  if (cells > 0)
    doc.warnings.push_back(std::to_string(cells) + " cells holding characters of the text layer that do not decode " +
                           "were read by OCR");
  for (auto& w : ocr.warnings) doc.warnings.push_back(std::move(w));
}

// Stages 1–2 on an opened document: per-page grids, then tables stitched over pages. The same code for pages of
// the text layer and pages read by OCR; the cells of a text layer that do not decode are then read by OCR
// (ocr_undecodable_cells).
std::vector<extract::Table> tables_of(const std::string& path, extract::Document& doc, const Limits& limits) {
  std::vector<extract::Table> page_tables;
  for (const auto& page : doc.pages) {
    auto t = extract::build_page_tables(page, limits);
    page_tables.insert(page_tables.end(), std::make_move_iterator(t.begin()), std::make_move_iterator(t.end()));
  }
  auto tables = extract::stitch_tables(std::move(page_tables), doc.pages);
  ocr_undecodable_cells(path, doc, tables, limits);
  return tables;
}

// The running text outside `tables`, page by page.
std::vector<extract::TextBlock> narrative_of(const extract::Document& doc, const std::vector<extract::Table>& tables) {
  std::vector<extract::TextBlock> narrative;
  for (const auto& page : doc.pages) {
    auto blocks = extract::text_outside_tables(page, tables);
    narrative.insert(narrative.end(), std::make_move_iterator(blocks.begin()), std::make_move_iterator(blocks.end()));
  }
  return narrative;
}

// Pages whose text layer is empty or garbage are replaced by their OCR reading. Returns the text source of the
// document ("text", "ocr" or "mixed"), or an error when a page needs OCR and it cannot be had.
std::variant<std::string, FileError> ocr_where_needed(const std::string& path, extract::Document& doc,
                                                      const Limits& limits) {
  std::vector<int> need;
  for (const auto& p : doc.pages)
    if (p.text_layer != extract::TextLayer::Usable) need.push_back(p.number);
  if (need.empty()) return std::string("text");
  // Tesseract lives in libjx_ocr.so, loaded here on the first page that needs it, one engine per process (a
  // batch worker is a process): a file whose pages all have a usable text layer never loads it.
  auto ocr = extract::ocr_pages_with_module(path, need, limits);
  if (ocr.error.outcome == Outcome::NoTextLayer) {
    const auto& p = doc.pages[static_cast<size_t>(need.front() - 1)];
    ocr.error.message =
        "no usable text layer on page " + std::to_string(p.number) + " (" +
        (p.text_layer == extract::TextLayer::Empty ? std::string("no text: a scan?") : p.text_layer_reason) + ") and " +
        ocr.error.message;
  }
  if (ocr.error.outcome != Outcome::Ok) return ocr.error;
  for (auto& page : ocr.pages) {
    const auto& before = doc.pages[static_cast<size_t>(page.number - 1)];
    doc.warnings.push_back(
        "page " + std::to_string(page.number) + " read by OCR (" +
        (before.text_layer == extract::TextLayer::Empty ? std::string("no text layer") : before.text_layer_reason) +
        ")");
    doc.pages[static_cast<size_t>(page.number - 1)] = std::move(page);
  }
  for (auto& w : ocr.warnings) doc.warnings.push_back(std::move(w));
  return std::string(need.size() == doc.pages.size() ? "ocr" : "mixed");
}

// Marks every page read from its text layer that has a font without a usable map (Page::unmapped_font) as
// Garbage, so that ocr_where_needed() reads it; false when there is none.
bool distrust_unmapped_pages(extract::Document& doc) {
  bool any = false;
  for (auto& page : doc.pages) {
    if (page.text_layer != extract::TextLayer::Usable || page.unmapped_font.empty()) continue;
    page.text_layer = extract::TextLayer::Garbage;
    page.text_layer_reason = "the text layer of font " + page.unmapped_font +
                             " has no ToUnicode map and the file's text holds no self-evaluation table";
    any = true;
  }
  return any;
}

}  // namespace

TablesResult extract_tables(const std::string& path, const Limits& limits) {
  TablesResult out;
  auto read = extract::read_pdf(path, limits);
  if (!read.ok()) {
    out.error = read.error;
    return out;
  }
  auto source = ocr_where_needed(path, *read.document, limits);
  if (auto* e = std::get_if<FileError>(&source)) {
    out.error = *e;
    return out;
  }
  out.tables = tables_of(path, *read.document, limits);
  return out;
}

AuditResult audit_file(const std::string& path, const rules::RuleSet& rules, const Limits& limits) {
  AuditResult out;
  auto read = extract::read_pdf(path, limits);
  if (!read.ok()) {
    out.error = read.error;
    return out;
  }
  extract::Document& doc = *read.document;
  auto source = ocr_where_needed(path, doc, limits);
  if (auto* e = std::get_if<FileError>(&source)) {
    out.error = *e;
    return out;
  }
  out.tables = tables_of(path, doc, limits);
  std::vector<extract::TextBlock> narrative = narrative_of(doc, out.tables);

  auto built = build_report(doc, out.tables, narrative, rules, limits);
  if (built.reports.empty() && built.error.outcome == Outcome::NoTable) {
    // No table in text that a font without a ToUnicode map may have garbled (its codes taken for characters, which
    // can look like ideographs): read those pages by OCR and look again.
    if (distrust_unmapped_pages(doc)) {
      source = ocr_where_needed(path, doc, limits);
      if (auto* e = std::get_if<FileError>(&source)) {
        out.error = *e;
        return out;
      }
      out.tables = tables_of(path, doc, limits);
      narrative = narrative_of(doc, out.tables);
      built = build_report(doc, out.tables, narrative, rules, limits);
    }
  }
  if (built.reports.empty()) {
    out.error = built.error;
    return out;
  }
  std::string sha = sha256_file(path, limits.max_file_bytes).value_or("");
  for (Report& report : built.reports) {
    report.file = readable_name(path);  // the name as a person reads it; the bytes may not be UTF-8
    report.sha256 = sha;
    report.pages = doc.page_count;
    report.text_source = std::get<std::string>(source);
    report.profile = rules.profile.name;  // the scoring profile whose bands, split and thresholds were applied
    report.warnings.insert(report.warnings.end(), doc.warnings.begin(), doc.warnings.end());
    report.warnings.insert(report.warnings.end(), built.warnings.begin(), built.warnings.end());
    recompute(report, rules);
    report.findings = run_checks(report, rules);
  }
  out.projects = std::move(built.reports);
  out.error = {Outcome::Ok, ""};
  return out;
}

}  // namespace jx::audit
