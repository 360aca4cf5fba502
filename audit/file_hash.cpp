#include "audit/file_hash.h"

#include "core/regular_file.h"
#include "core/sha256.h"

namespace jx::audit {

std::optional<std::string> sha256_file(const std::string& path, std::uint64_t max_bytes) {
  Sha256 digest;
  if (!read_regular_file(path, /*follow_link=*/true, max_bytes,
                         [&](const char* data, std::size_t n) { digest.update(data, n); }))
    return std::nullopt;
  return digest.hex();
}

}  // namespace jx::audit
