#include "audit/finding_id.h"

#include "core/sha256.h"

namespace jx::audit {

std::string finding_id(const std::string& file_sha256, int project_index, const std::string& rule,
                       const std::string& indicator, int occurrence) {
  std::string key = "jxaudit.finding/1\n" + file_sha256 + "\n" + std::to_string(project_index) + "\n" + rule + "\n" +
                    indicator + "\n" + std::to_string(occurrence);
  return sha256_hex(key).substr(0, 16);
}

}  // namespace jx::audit
