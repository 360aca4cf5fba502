// The OCR path as the pipeline calls it: through libjx_ocr.so, loaded on the first page that needs OCR, with one
// Tesseract engine per process inside it. A process that only meets text layers never loads Tesseract.
//
// The boundary. The module exports two C functions and nothing else (extract/ocr/ocr_module_abi.h):
// jx_ocr_read_pages() takes the path, the page numbers and the limits as plain C values and returns the pages read
// as C structs (glyphs and segments as arrays, strings as pointer and length) that the module owns until
// jx_ocr_free_result(). No C++ object, allocator or exception crosses: ocr_pages_with_module() below copies the views
// into an OcrResult, and an exception thrown inside the module comes back as a status and is thrown again here as
// the same kind (std::bad_alloc, or std::runtime_error with the same what()).
// Inside, the module is the OCR code (the jx_ocr_reader library: page driver, region driver and the steps of a cell's
// reading) linked with the few pieces of jx_extract and jx_core it calls (the renderer, the ruling lines, the
// character classes of cell_text, Outcome), all hidden: they cannot clash with the main binary's copies, and the
// linker drops whatever of them the module does not call. Tests and benchmarks link jx_ocr_reader directly.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/limits.h"
#include "extract/ocr/ocr.h"

namespace jx::extract {

// Same contract as ocr_pages() (extract/ocr/ocr.h). When the module or its engine cannot be had (missing
// libjx_ocr.so, chi_sim not installed), `error` is Outcome::NoTextLayer with the reason.
// Called before each page ocr_pages_with_module() reads: `page` is the 1-based place of the page among the `pages`
// of that call ("reading page 3 of 10"). A process that shows progress (a batch worker) sets one for its life;
// set, a call of several pages reads them one module call at a time (the same pages; warnings said once each).
using OcrPageObserver = std::function<void(int page, int pages)>;
void set_ocr_page_observer(OcrPageObserver observer);

// Loads the module as ocr_pages_with_module() does and says which file it is, or "not loaded: <why>".
std::string ocr_module_location();

OcrResult ocr_pages_with_module(const std::string& path, const std::vector<int>& page_numbers, const Limits& limits);

}  // namespace jx::extract
