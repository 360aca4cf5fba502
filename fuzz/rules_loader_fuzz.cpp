// Arbitrary bytes as one rule file (the first byte picks which: the last is the national profile), next to the
// project's other real rule files.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "audit/checks.h"
#include "rules/ruleset.h"

namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const char* kNames[] = {"headers.toml", "values.toml", "checks.toml", "narrative.toml",
                                 "profiles/national.toml"};
  constexpr std::size_t kFiles = sizeof kNames / sizeof kNames[0];
  static const fs::path dir = [] {
    fs::path d = fs::temp_directory_path() / ("jx_rules_fuzz_" + std::to_string(getpid()));
    fs::create_directories(d / "profiles");
    return d;
  }();
  if (size == 0) return 0;
  const std::string name = kNames[data[0] % kFiles];
  for (const char* n : kNames)
    fs::copy_file(fs::path(jx::rules::default_rules_dir()) / n, dir / n, fs::copy_options::overwrite_existing);
  {
    std::ofstream out(dir / name, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data + 1), static_cast<std::streamsize>(size - 1));
  }
  auto loaded = jx::audit::load_audit_rules(dir.string());
  for (const auto& e : loaded.errors) (void)e.to_string();
  return 0;
}
