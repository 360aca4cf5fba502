// The whole front door: arbitrary bytes as a PDF file through audit_file (Poppler, OCR where the text layer is
// unusable, grid, model, checks) and the report JSON. Run with libFuzzer's -timeout and -rss_limit_mb
// (scripts/fuzz.sh) for the per-input time and memory bound, and OMP_THREAD_LIMIT=1 as the CLI runs Tesseract.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "audit/json_writer.h"
#include "audit/pipeline.h"
#include "fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path =
      (std::filesystem::temp_directory_path() / ("jx_audit_fuzz_" + std::to_string(getpid()) + ".pdf")).string();
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  // Tighter than the defaults so that one input stays well inside -timeout: pages without a usable text layer go
  // through OCR (rendering and Tesseract), which is the slow part; the bounds themselves are what is under test.
  jx::Limits limits;
  limits.max_pages = 12;
  limits.render_dpi = 100;
  limits.max_content_bytes_per_page = std::size_t{16} << 20;
  limits.max_state_saves_per_page = 20000;  // forms drawing forms: 200000 draws take > 20 s under ASan on a busy core
  limits.seconds_per_page = 5;
  auto result = jx::audit::audit_file(path, jx::fuzz::real_rules(), limits);
  if (!result.projects.empty()) (void)jx::audit::report_to_json(result.projects).dump();
  return 0;
}
