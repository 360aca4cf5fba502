#include "extract/ocr/ocr_module.h"

#include <dlfcn.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <new>
#include <stdexcept>

#include "core/companion.h"
#include "extract/ocr/ocr_module_abi.h"

namespace jx::extract {
namespace {

struct Loaded {
  std::string path;  // the module loaded, empty when none
  JxOcrReadPages read = nullptr;
  JxOcrFreeResult free = nullptr;
  std::string error;
};

// What the module threw when it was no std::exception: thrown again as such, so callers see what they saw before.
struct UnknownModuleException {};

// Looks for the module where companion_candidates() says: $JXAUDIT_OCR_MODULE, beside the running binary, in
// ../lib/jxaudit/ from it, then where the build put it.
// Loaded once per process and never unloaded (Tesseract keeps global state).
const Loaded& module() {
  static const Loaded kLoaded = [] {
    Loaded l;
#ifdef JX_OCR_MODULE_PATH
    const std::string build_path = JX_OCR_MODULE_PATH;
#else
    const std::string build_path;
#endif
    const auto candidates = companion_candidates("libjx_ocr.so", "JXAUDIT_OCR_MODULE", build_path);
    for (const auto& c : candidates) {
      void* handle = dlopen(c.c_str(), RTLD_NOW | RTLD_LOCAL);
      if (handle == nullptr) {
        const char* why = dlerror();
        l.error += (l.error.empty() ? "" : "; ") + std::string(why ? why : c.c_str());
        continue;
      }
      l.read = reinterpret_cast<JxOcrReadPages>(dlsym(handle, JX_OCR_READ_PAGES));
      l.free = reinterpret_cast<JxOcrFreeResult>(dlsym(handle, JX_OCR_FREE_RESULT));
      if (l.read != nullptr && l.free != nullptr) {
        l.path = c;
        l.error.clear();
        break;
      }
      l.read = nullptr;
      l.free = nullptr;
      l.error += (l.error.empty() ? "" : "; ") + c + " has no " + JX_OCR_READ_PAGES + " and " + JX_OCR_FREE_RESULT;
    }
    if (l.read == nullptr && l.error.empty()) l.error = "no OCR module (libjx_ocr.so) found";
    return l;
  }();
  return kLoaded;
}

static_assert(
    sizeof(Limits) == sizeof(JxOcrLimits),
    "jx::Limits and JxOcrLimits differ: a field added to one goes into the other, limits_of() and limits_from()");

JxOcrLimits limits_of(const Limits& l) {
  JxOcrLimits c{};
  c.max_pages = l.max_pages;
  c.max_file_bytes = l.max_file_bytes;
  c.max_glyphs_per_page = l.max_glyphs_per_page;
  c.max_segments_per_page = l.max_segments_per_page;
  c.max_cells_per_table = l.max_cells_per_table;
  c.max_crossing_tests_per_page = l.max_crossing_tests_per_page;
  c.max_grid_positions_per_table = l.max_grid_positions_per_table;
  c.max_content_bytes_per_page = l.max_content_bytes_per_page;
  c.max_state_saves_per_page = l.max_state_saves_per_page;
  c.max_image_pixels = l.max_image_pixels;
  c.max_pattern_tiles_per_page = l.max_pattern_tiles_per_page;
  c.seconds_per_page = l.seconds_per_page;
  c.max_nesting_depth = l.max_nesting_depth;
  c.max_warnings_per_document = l.max_warnings_per_document;
  c.render_dpi = l.render_dpi;
  c.max_pixels_per_page = l.max_pixels_per_page;
  c.min_render_dpi = l.min_render_dpi;
  c.max_page_points = l.max_page_points;
  c.max_evidence_width_px = l.max_evidence_width_px;
  c.max_evidence_height_px = l.max_evidence_height_px;
  c.max_embedded_evidence_bytes = l.max_embedded_evidence_bytes;
  c.seconds_per_file = l.seconds_per_file;
  c.memory_per_worker = l.memory_per_worker;
  c.max_rule_file_bytes = l.max_rule_file_bytes;
  c.regex_max_mem = l.regex_max_mem;
  return c;
}

std::string string_of(const JxOcrString& s) { return s.size == 0 ? std::string() : std::string(s.data, s.size); }

// The module's result as the pipeline's types.
OcrResult result_of(const JxOcrResult& c) {
  OcrResult r;
  for (std::size_t i = 0; i < c.page_count; ++i) {
    const JxOcrPage& cp = c.pages[i];
    Page p;
    p.number = cp.number;
    p.width = cp.width;
    p.height = cp.height;
    p.glyphs.reserve(cp.glyph_count);
    for (std::size_t k = 0; k < cp.glyph_count; ++k) {
      const JxOcrGlyph& cg = cp.glyphs[k];
      Glyph g;
      g.text = string_of(cg.text);
      g.box = Box{cg.x0, cg.y0, cg.x1, cg.y1};
      g.font_size = cg.font_size;
      g.confidence = cg.confidence;
      g.repairs = static_cast<std::uint8_t>(cg.repairs);
      p.glyphs.push_back(std::move(g));
    }
    p.segments.reserve(cp.segment_count);
    for (std::size_t k = 0; k < cp.segment_count; ++k) {
      const JxOcrSegment& cs = cp.segments[k];
      p.segments.push_back(Segment{cs.x0, cs.y0, cs.x1, cs.y1});
    }
    p.text_layer = static_cast<TextLayer>(cp.text_layer);
    p.text_layer_reason = string_of(cp.text_layer_reason);
    p.from_ocr = cp.from_ocr != 0;
    r.pages.push_back(std::move(p));
  }
  r.error = FileError{static_cast<Outcome>(c.outcome), string_of(c.message)};
  for (std::size_t i = 0; i < c.warning_count; ++i) r.warnings.push_back(string_of(c.warnings[i]));
  return r;
}

OcrPageObserver& page_observer() {
  static OcrPageObserver observer;
  return observer;
}

// One module call over `page_numbers`.
OcrResult read_with_module(const Loaded& m, const std::string& path, const std::vector<int>& page_numbers,
                           const Limits& limits) {
  OcrResult out;
  JxOcrLimits c_limits = limits_of(limits);
  JxOcrResult* c_result = nullptr;
  int status = m.read(path.c_str(), page_numbers.data(), page_numbers.size(), &c_limits, &c_result);
  // Freed however this function leaves.
  std::unique_ptr<JxOcrResult, JxOcrFreeResult> owned(c_result, m.free);
  switch (status) {
    case JX_OCR_OK:
      return result_of(*owned);
    case JX_OCR_NO_ENGINE:
      out.error = {Outcome::NoTextLayer, "OCR is not available: " + (owned ? string_of(owned->message) : "")};
      return out;
    case JX_OCR_OUT_OF_MEMORY:
      throw std::bad_alloc();
    case JX_OCR_EXCEPTION:
      throw std::runtime_error(owned ? string_of(owned->message) : std::string());
    default:
      throw UnknownModuleException{};
  }
}

}  // namespace

void set_ocr_page_observer(OcrPageObserver observer) { page_observer() = std::move(observer); }

std::string ocr_module_location() {
  const Loaded& m = module();
  return m.read != nullptr ? m.path : "not loaded: " + m.error;
}

OcrResult ocr_pages_with_module(const std::string& path, const std::vector<int>& page_numbers, const Limits& limits) {
  const Loaded& m = module();
  if (m.read == nullptr) {
    OcrResult out;
    out.error = {Outcome::NoTextLayer, "the OCR module could not be loaded: " + m.error};
    return out;
  }
  const OcrPageObserver& observer = page_observer();
  if (!observer) return read_with_module(m, path, page_numbers, limits);
  // Page by page, so that the observer hears of each: the module reads each page alone as it would among others.
  // Each call repeats what opening the file said (and the decoders' messages it dedups per call): kept once.
  OcrResult out;
  const int pages = static_cast<int>(page_numbers.size());
  for (int k = 0; k < pages; ++k) {
    observer(k + 1, pages);
    OcrResult one = read_with_module(m, path, {page_numbers[static_cast<std::size_t>(k)]}, limits);
    for (auto& w : one.warnings)
      if (std::find(out.warnings.begin(), out.warnings.end(), w) == out.warnings.end())
        out.warnings.push_back(std::move(w));
    if (one.error.outcome != Outcome::Ok) {
      out.error = std::move(one.error);
      out.pages.clear();
      return out;
    }
    for (auto& p : one.pages) out.pages.push_back(std::move(p));
  }
  return out;
}

}  // namespace jx::extract
