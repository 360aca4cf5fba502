// The text-layer path of the front door without OCR: arbitrary bytes as a PDF file through read_pdf, the grid and
// stitching, the report model, recomputation, the checks and both JSON writers. audit_fuzz covers the same bytes
// with OCR for pages without a usable text layer, at about 2 inputs a second; this target skips those pages (as
// if OCR found nothing) and runs two orders of magnitude faster, so the PDF parsing gets far more inputs.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "audit/checks.h"
#include "audit/json_writer.h"
#include "audit/model_builder.h"
#include "audit/recompute.h"
#include "extract/grid/grid.h"
#include "extract/grid/tables_json.h"
#include "extract/pdf/pdf_reader.h"
#include "fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path =
      (std::filesystem::temp_directory_path() / ("jx_pdf_text_fuzz_" + std::to_string(getpid()) + ".pdf")).string();
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  jx::Limits limits;
  limits.max_pages = 12;
  limits.max_content_bytes_per_page = std::size_t{16} << 20;
  limits.max_state_saves_per_page = 20000;
  limits.seconds_per_page = 5;
  auto read = jx::extract::read_pdf(path, limits);
  if (!read.ok()) return 0;
  const auto& doc = *read.document;
  std::vector<jx::extract::Table> page_tables;
  for (const auto& page : doc.pages) {
    if (page.text_layer != jx::extract::TextLayer::Usable) continue;
    auto t = jx::extract::build_page_tables(page, limits);
    page_tables.insert(page_tables.end(), t.begin(), t.end());
  }
  auto tables = jx::extract::stitch_tables(std::move(page_tables), doc.pages);
  (void)jx::extract::tables_to_json(tables).dump();
  std::vector<jx::extract::TextBlock> narrative;
  for (const auto& page : doc.pages) {
    auto blocks = jx::extract::text_outside_tables(page, tables);
    narrative.insert(narrative.end(), blocks.begin(), blocks.end());
  }
  const auto& rules = jx::fuzz::real_rules();
  auto built = jx::audit::build_report(doc, tables, narrative, rules, limits);
  for (auto& report : built.reports) {
    jx::audit::recompute(report, rules);
    report.findings = jx::audit::run_checks(report, rules);
  }
  if (!built.reports.empty()) (void)jx::audit::report_to_json(built.reports).dump();
  return 0;
}
