// The entry point of libjx_ocr.so (see extract/ocr/ocr_module.h): one engine per process, made on the first call.
#include "extract/ocr/ocr.h"
#include "extract/ocr/ocr_module.h"

extern "C" __attribute__((visibility("default"))) bool jx_ocr_module_pages(const std::string& path,
                                                                           const std::vector<int>& page_numbers,
                                                                           const jx::Limits& limits,
                                                                           jx::extract::OcrResult* out,
                                                                           std::string* error) {
  static jx::extract::OcrEngine engine;
  if (!engine.ok()) {
    *error = engine.error();
    return false;
  }
  *out = jx::extract::ocr_pages(path, page_numbers, engine, limits);
  return true;
}
