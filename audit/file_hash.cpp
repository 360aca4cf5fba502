#include "audit/file_hash.h"

#include <openssl/evp.h>

#include <memory>

#include "core/regular_file.h"

namespace jx::audit {

std::optional<std::string> sha256_file(const std::string& path, std::uint64_t max_bytes) {
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) return std::nullopt;
  if (!read_regular_file(path, /*follow_link=*/true, max_bytes,
                         [&](const char* data, std::size_t n) { EVP_DigestUpdate(ctx.get(), data, n); }))
    return std::nullopt;
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx.get(), md, &len);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(hex[md[i] >> 4]);
    out.push_back(hex[md[i] & 15]);
  }
  return out;
}

}  // namespace jx::audit
