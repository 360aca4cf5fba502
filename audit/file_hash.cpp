#include "audit/file_hash.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <memory>

#include "core/regular_file.h"

namespace jx::audit {

namespace {

// SHA-256 from OpenSSL's default provider, fetched once per process. OpenSSL is set up without reading the
// system's openssl.cnf (a file's digest needs no configuration), and the digest is fetched rather than looked up
// through the engines on every use: a one-file audit pays only for the set-up it needs. nullptr when it is missing.
const EVP_MD* sha256_digest() {
  static const EVP_MD* const kSha256 = [] {
    OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, nullptr);
    return EVP_MD_fetch(nullptr, "SHA256", nullptr);
  }();
  return kSha256;
}

}  // namespace

std::optional<std::string> sha256_file(const std::string& path, std::uint64_t max_bytes) {
  const EVP_MD* md_type = sha256_digest();
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (md_type == nullptr || !ctx || EVP_DigestInit_ex2(ctx.get(), md_type, nullptr) != 1) return std::nullopt;
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
