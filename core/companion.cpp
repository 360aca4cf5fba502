#include "core/companion.h"

#include <cstdlib>
#include <filesystem>

namespace jx {

std::vector<std::string> companion_candidates(const std::string& name, const char* env, const std::string& build_path) {
  std::vector<std::string> candidates;
  if (const char* value = env != nullptr ? std::getenv(env) : nullptr; value != nullptr && *value != '\0')
    candidates.emplace_back(value);
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    candidates.push_back((self.parent_path() / name).string());
    candidates.push_back((self.parent_path().parent_path() / "lib" / "jxaudit" / name).string());
  }
  if (!build_path.empty()) candidates.push_back(build_path);
  return candidates;
}

}  // namespace jx
