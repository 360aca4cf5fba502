// Evidence crops: a PNG image that shows a finding so that it can be read without opening the PDF. The PDF is
// opened as the audit opened it (extract::open_document(), the same checks and Limits) and rendered with Poppler's
// Splash device at a low resolution. A crop is a stack of strips cut from the pages: the table's header rows (the
// column headings) on top, a thin blue-grey rule, then the row itself, with the merged 一级/二级 label cells that cover
// it shown beside it (cut around their text when the merged cell is taller than the row). The row is framed in red,
// the cells the finding's rule reads (its evidence_cells in checks.toml) are tinted yellow, and those of them read by
// OCR (the value cells, for a rule that names no cells) get a dashed orange outline, explained by a legend line "OCR"
// under the strips. Findings about the total get the 总分 row under the headings, findings about weights the table with
// its weight column tinted, findings about the structure the table with its 一级 column tinted.
//
//   auto regions = jx::outputs::evidence_regions(report, rules);      // one per finding, nullopt when none
//   auto pngs = jx::outputs::render_evidence_pngs("x.pdf", regions, limits);  // PNG bytes, empty where it failed
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "audit/report.h"
#include "core/limits.h"
#include "extract/page.h"
#include "rules/ruleset.h"

namespace jx::outputs {

// A cell shown on a crop, on the region's page.
struct EvidenceCell {
  extract::Box box;
  bool cited = false;  // a cell the finding's rule read: tinted
  bool ocr = false;    // a value read by OCR: a dashed orange outline and an "OCR" tag
};

struct EvidenceRegion {
  EvidenceRegion() = default;
  EvidenceRegion(int page_number, extract::Box framed) : page(page_number), box(framed) {}

  int page = 0;                      // 1-based
  extract::Box box;                  // points, top-left origin (the pipeline's coordinates): the part framed in red
  audit::HeaderBand header;          // the column headings shown above `box` (page 0: none)
  std::vector<extract::Box> labels;  // merged label cells on `page` covering `box`'s left, shown beside it
  std::vector<EvidenceCell> cells;   // cells on `page` to tint or mark
  bool table_rows = false;           // `box` is rows of a table: cut close above and below (row_pad_points)

  // The same string for regions that give the same image (findings sharing a crop).
  std::string key() const;
};

// For each finding of `report`, in order: nullopt when it has no page or no region. A finding whose box is an
// indicator's row (or that names an indicator and has no box) gets that row under its table's headings, its label
// cells beside it and the cells its rule reads (the rule's evidence_cells in `rules`) tinted; score.total_mismatch gets
// the 总分 row under the headings; score.weight_sum, score.level_weight_mismatch and structure.weights_not_standard the
// indicator table's part on the first indicator's page with its weight column tinted; the other structure.* rules
// without a row that part with its 一级 column tinted; any other finding with a box that box; the budget.* rules
// without a box the budget row.
std::vector<std::optional<EvidenceRegion>> evidence_regions(const audit::Report& report, const rules::RuleSet& rules);

struct EvidenceOptions {
  double dpi = 110;
  double pad_points = 6;      // added on every side of each strip
  double row_pad_points = 2;  // instead, above and below a strip of table rows
};

// Renders every region of the PDF at `pdf_path`, opening it once, with the checks and `limits` the audit opened it
// with (extract::open_document()); an image larger than limits.max_evidence_width_px × max_evidence_height_px is
// cut to that size from its top-left. The result has one entry per region: PNG bytes (an 8-bit palette image), or an
// empty string when that region could not be rendered (no region, page out of range, empty after clipping, a file
// that does not open). Never throws for a bad file.
std::vector<std::string> render_evidence_pngs(const std::string& pdf_path,
                                              const std::vector<std::optional<EvidenceRegion>>& regions,
                                              const Limits& limits, const EvidenceOptions& options = {});

}  // namespace jx::outputs
