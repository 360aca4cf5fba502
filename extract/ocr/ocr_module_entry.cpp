// The entry points of libjx_ocr.so (extract/ocr/ocr_module_abi.h): one engine per process, made on the first call;
// the C++ result turned into plain C views that this module owns until jx_ocr_free_result_v2().
#include <exception>
#include <new>
#include <string>
#include <vector>

#include "extract/ocr/ocr.h"
#include "extract/ocr/ocr_module_abi.h"

namespace {

using namespace jx::extract;

// One call's result: the C++ result, and the C views of it handed out.
struct Owned {
  JxOcrResult view{};
  OcrResult result;
  std::string message;  // the error or exception text when the status is not JX_OCR_OK
  std::vector<JxOcrPage> pages;
  std::vector<std::vector<JxOcrGlyph>> glyphs;
  std::vector<std::vector<JxOcrSegment>> segments;
  std::vector<JxOcrString> warnings;
};

JxOcrString view_of(const std::string& s) { return JxOcrString{s.data(), s.size()}; }

jx::Limits limits_from(const JxOcrLimits& c) {
  jx::Limits l;
  l.max_pages = c.max_pages;
  l.max_file_bytes = c.max_file_bytes;
  l.max_glyphs_per_page = c.max_glyphs_per_page;
  l.max_segments_per_page = c.max_segments_per_page;
  l.max_cells_per_table = c.max_cells_per_table;
  l.max_crossing_tests_per_page = c.max_crossing_tests_per_page;
  l.max_grid_positions_per_table = c.max_grid_positions_per_table;
  l.max_content_bytes_per_page = c.max_content_bytes_per_page;
  l.max_state_saves_per_page = c.max_state_saves_per_page;
  l.max_image_pixels = c.max_image_pixels;
  l.max_pattern_tiles_per_page = c.max_pattern_tiles_per_page;
  l.seconds_per_page = c.seconds_per_page;
  l.max_nesting_depth = c.max_nesting_depth;
  l.max_warnings_per_document = c.max_warnings_per_document;
  l.render_dpi = c.render_dpi;
  l.max_pixels_per_page = c.max_pixels_per_page;
  l.min_render_dpi = c.min_render_dpi;
  l.max_page_points = c.max_page_points;
  l.max_evidence_width_px = c.max_evidence_width_px;
  l.max_evidence_height_px = c.max_evidence_height_px;
  l.max_embedded_evidence_bytes = c.max_embedded_evidence_bytes;
  l.seconds_per_file = c.seconds_per_file;
  l.memory_per_worker = c.memory_per_worker;
  l.max_rule_file_bytes = c.max_rule_file_bytes;
  l.regex_max_mem = c.regex_max_mem;
  return l;
}

// Points `o.view` at `o.result`.
void make_views(Owned& o) {
  const OcrResult& r = o.result;
  o.glyphs.resize(r.pages.size());
  o.segments.resize(r.pages.size());
  for (std::size_t i = 0; i < r.pages.size(); ++i) {
    const Page& p = r.pages[i];
    for (const Glyph& g : p.glyphs)
      o.glyphs[i].push_back(
          JxOcrGlyph{view_of(g.text), g.box.x0, g.box.y0, g.box.x1, g.box.y1, g.font_size, g.confidence, g.repairs});
    for (const Segment& s : p.segments) o.segments[i].push_back(JxOcrSegment{s.x0, s.y0, s.x1, s.y1});
    o.pages.push_back(JxOcrPage{p.number, p.width, p.height, o.glyphs[i].data(), o.glyphs[i].size(),
                                o.segments[i].data(), o.segments[i].size(), static_cast<int>(p.text_layer),
                                view_of(p.text_layer_reason), p.from_ocr ? 1 : 0});
  }
  for (const std::string& w : r.warnings) o.warnings.push_back(view_of(w));
  o.view.pages = o.pages.data();
  o.view.page_count = o.pages.size();
  o.view.outcome = static_cast<int>(r.error.outcome);
  o.view.message = view_of(r.error.message);
  o.view.warnings = o.warnings.data();
  o.view.warning_count = o.warnings.size();
}

}  // namespace

extern "C" __attribute__((visibility("default"))) int jx_ocr_read_pages_v2(const char* path, const int* pages,
                                                                           size_t page_count, const JxOcrLimits* limits,
                                                                           JxOcrResult** result) {
  *result = nullptr;
  Owned* owned = nullptr;
  // No exception crosses into the caller: each kind becomes a status the loader throws again.
  auto fail = [&](int status, const char* message) {
    if (owned == nullptr) return status;
    try {
      owned->message = message;
      owned->view.message = view_of(owned->message);
    } catch (...) {
      return static_cast<int>(JX_OCR_OUT_OF_MEMORY);
    }
    return status;
  };
  try {
    owned = new Owned;
    owned->view.owner = owned;
    *result = &owned->view;
    static OcrEngine engine;
    if (!engine.ok()) return fail(JX_OCR_NO_ENGINE, engine.error().c_str());
    owned->result = ocr_pages(path, std::vector<int>(pages, pages + page_count), engine, limits_from(*limits));
    make_views(*owned);
    return JX_OCR_OK;
  } catch (const std::bad_alloc&) {
    return JX_OCR_OUT_OF_MEMORY;
  } catch (const std::exception& e) {
    return fail(JX_OCR_EXCEPTION, e.what());
  } catch (...) {
    return JX_OCR_UNKNOWN_EXCEPTION;
  }
}

extern "C" __attribute__((visibility("default"))) void jx_ocr_free_result_v2(JxOcrResult* result) {
  if (result != nullptr) delete static_cast<Owned*>(result->owner);
}
