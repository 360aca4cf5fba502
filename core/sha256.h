// SHA-256 (Nettle's), as lowercase hex: the report's "sha256", the rules hash and the finding ids.
//
//   jx::Sha256 h;
//   h.update(a); h.update(b);
//   std::string hex = h.hex();  // 64 characters
#pragma once

#include <nettle/sha2.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace jx {

// A running digest: update() any number of times, then hex() once.
class Sha256 {
 public:
  Sha256();
  void update(const char* data, std::size_t size);
  void update(std::string_view bytes) { update(bytes.data(), bytes.size()); }
  // The digest of everything given to update(), as 64 lowercase hex digits. Ends the digest: call it once.
  std::string hex();

 private:
  sha256_ctx ctx_;
};

// SHA-256 of `bytes`, as 64 lowercase hex digits.
std::string sha256_hex(std::string_view bytes);

}  // namespace jx
