#include "audit/finding_id.h"

#include <openssl/evp.h>

namespace jx::audit {

std::string sha256_hex(const std::string& bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr) != 1) return {};
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(std::size_t{2} * len);
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(hex[md[i] >> 4]);
    out.push_back(hex[md[i] & 15]);
  }
  return out;
}

std::string finding_id(const std::string& file_sha256, int project_index, const std::string& rule,
                       const std::string& indicator, int occurrence) {
  std::string key = "jxaudit.finding/1\n" + file_sha256 + "\n" + std::to_string(project_index) + "\n" + rule + "\n" +
                    indicator + "\n" + std::to_string(occurrence);
  return sha256_hex(key).substr(0, 16);
}

}  // namespace jx::audit
