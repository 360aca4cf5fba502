// The whole front door: arbitrary bytes as a PDF file through audit_file (Poppler, grid, model, checks). Run with
// libFuzzer's -timeout and -rss_limit_mb (scripts/fuzz.sh) for the per-input time and memory bound.
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
  jx::Limits limits;
  limits.max_pages = 50;
  auto result = jx::audit::audit_file(path, jx::fuzz::real_rules(), limits);
  if (result.report) (void)jx::audit::report_to_json(*result.report).dump();
  return 0;
}
