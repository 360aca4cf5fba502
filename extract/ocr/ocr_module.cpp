#include "extract/ocr/ocr_module.h"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace jx::extract {
namespace {

struct Loaded {
  OcrModuleEntry entry = nullptr;
  std::string error;
};

// Looks for the module in $JXAUDIT_OCR_MODULE, then beside the running binary, then where the build put it.
// Loaded once per process and never unloaded (Tesseract keeps global state).
const Loaded& module() {
  static const Loaded loaded = [] {
    Loaded l;
    std::vector<std::string> candidates;
    if (const char* env = std::getenv("JXAUDIT_OCR_MODULE")) candidates.emplace_back(env);
    std::error_code ec;
    auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) candidates.push_back((self.parent_path() / "libjx_ocr.so").string());
#ifdef JX_OCR_MODULE_PATH
    candidates.emplace_back(JX_OCR_MODULE_PATH);
#endif
    for (const auto& c : candidates) {
      void* handle = dlopen(c.c_str(), RTLD_NOW | RTLD_LOCAL);
      if (handle == nullptr) {
        const char* why = dlerror();
        l.error += (l.error.empty() ? "" : "; ") + std::string(why ? why : c.c_str());
        continue;
      }
      l.entry = reinterpret_cast<OcrModuleEntry>(dlsym(handle, kOcrModuleEntry));
      if (l.entry != nullptr) {
        l.error.clear();
        break;
      }
      l.error += (l.error.empty() ? "" : "; ") + c + " has no " + kOcrModuleEntry;
    }
    if (l.entry == nullptr && l.error.empty()) l.error = "no OCR module (libjx_ocr.so) found";
    return l;
  }();
  return loaded;
}

}  // namespace

OcrResult ocr_pages_with_module(const std::string& path, const std::vector<int>& page_numbers, const Limits& limits) {
  OcrResult out;
  const Loaded& m = module();
  if (m.entry == nullptr) {
    out.error = {Outcome::NoTextLayer, "the OCR module could not be loaded: " + m.error};
    return out;
  }
  std::string error;
  if (!m.entry(path, page_numbers, limits, &out, &error)) {
    out = OcrResult{};
    out.error = {Outcome::NoTextLayer, "OCR is not available: " + error};
  }
  return out;
}

}  // namespace jx::extract
