// Helpers the test files share: the project's real rule files, and scratch folders and files.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "audit/checks.h"
#include "rules/ruleset.h"

namespace jx::test {

// The rule files under rules/ of this checkout, loaded once against the check registry; a load error fails the
// test that asked.
inline const rules::RuleSet& real_rules() {
  static const rules::RuleSet rs = [] {
    auto loaded = audit::load_audit_rules(JX_SOURCE_DIR "/rules");
    for (const auto& e : loaded.errors) ADD_FAILURE() << e.to_string();
    return loaded.rules ? std::move(*loaded.rules) : rules::RuleSet{};
  }();
  return rs;
}

// A fresh folder under the system temp folder, removed with everything in it at the end of the scope.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "jx_test") {
    std::string tmpl = (std::filesystem::temp_directory_path() / (prefix + "_XXXXXX")).string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// True in an AddressSanitizer build, where the batch runs its workers without the address-space cap (the
// sanitizer's shadow memory needs terabytes of address space): the tests of that cap skip themselves there.
constexpr bool built_with_asan() {
#if defined(__SANITIZE_ADDRESS__)
  return true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  return true;
#else
  return false;
#endif
#else
  return false;
#endif
}

inline std::string read_all(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Writes `bytes` to `p`, creating its folder.
inline void write_file(const std::filesystem::path& p, const std::string& bytes) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << bytes;
}

}  // namespace jx::test
