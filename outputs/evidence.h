// Evidence crops: a PNG image of the region of a PDF page that shows a finding (the indicator's table row, the
// budget row), so the number can be checked without opening the PDF. The PDF is opened as the audit opened it
// (extract::open_document(), the same checks and Limits) and rendered with Poppler's Splash device at a low
// resolution, the region padded a little and the exact row framed in red.
//
//   auto regions = jx::outputs::evidence_regions(report);             // one per finding, nullopt when none
//   auto pngs = jx::outputs::render_evidence_pngs("x.pdf", regions, limits);  // PNG bytes, empty where it failed
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "audit/report.h"
#include "core/limits.h"
#include "extract/page.h"

namespace jx::outputs {

struct EvidenceRegion {
  int page = 0;      // 1-based
  extract::Box box;  // points, top-left origin (the pipeline's coordinates)
};

// For each finding of `report`, in order: its bbox on its page; else the row of the indicator it names; else, for
// the budget.* rules, the budget row. nullopt when the finding has no page or no region.
std::vector<std::optional<EvidenceRegion>> evidence_regions(const audit::Report& report);

struct EvidenceOptions {
  double dpi = 110;
  double pad_points = 6;  // added on every side of the region
};

// Renders every region of the PDF at `pdf_path`, opening it once, with the checks and `limits` the audit opened it
// with (extract::open_document()); a region larger than limits.max_evidence_width_px × max_evidence_height_px is
// cut to that size from its top-left. The result has one entry per region: PNG bytes, or an empty string when that
// region could not be rendered (no region, page out of range, empty after clipping, a file that does not open).
// Never throws for a bad file.
std::vector<std::string> render_evidence_pngs(const std::string& pdf_path,
                                              const std::vector<std::optional<EvidenceRegion>>& regions,
                                              const Limits& limits, const EvidenceOptions& options = {});

}  // namespace jx::outputs
