#include "core/sha256.h"

#include <cstdint>

namespace jx {

Sha256::Sha256() : ctx_() { sha256_init(&ctx_); }

void Sha256::update(const char* data, std::size_t size) {
  sha256_update(&ctx_, size, reinterpret_cast<const std::uint8_t*>(data));
}

std::string Sha256::hex() {
  std::uint8_t digest[SHA256_DIGEST_SIZE];
  sha256_digest(&ctx_, sizeof digest, digest);
  static const char* const kHex = "0123456789abcdef";
  std::string out;
  out.reserve(2 * sizeof digest);
  for (std::uint8_t b : digest) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0xF]);
  }
  return out;
}

std::string sha256_hex(std::string_view bytes) {
  Sha256 h;
  h.update(bytes);
  return h.hex();
}

}  // namespace jx
