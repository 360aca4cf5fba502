// The OCR path as the pipeline calls it: through libjx_ocr.so, loaded on the first page that needs OCR, with one
// Tesseract engine per process inside it. A process that only meets text layers never loads Tesseract.
#pragma once

#include <string>
#include <vector>

#include "core/limits.h"
#include "extract/ocr/ocr.h"

namespace jx::extract {

// Same contract as ocr_pages() (extract/ocr/ocr.h). When the module or its engine cannot be had (missing
// libjx_ocr.so, chi_sim not installed), `error` is Outcome::NoTextLayer with the reason.
OcrResult ocr_pages_with_module(const std::string& path, const std::vector<int>& page_numbers, const Limits& limits);

// The entry point libjx_ocr.so exports (extern "C", looked up with dlsym); `out` is filled, false means no engine
// and `*error` says why.
using OcrModuleEntry = bool (*)(const std::string& path, const std::vector<int>& page_numbers, const Limits& limits,
                                OcrResult* out, std::string* error);
inline constexpr const char* kOcrModuleEntry = "jx_ocr_module_pages";

}  // namespace jx::extract
