// Reading a file only when it is what it claims: a regular file, opened without blocking.
//
//   std::string bytes;
//   bool ok = jx::read_regular_file(path, /*follow_link=*/false, limits.max_file_bytes,
//                                   [&](const char* data, std::size_t n) { bytes.append(data, n); });
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace jx {

// Passes the bytes of the file at `path` to `sink`, chunk by chunk, when it is a regular file: opened without blocking
// (a FIFO or a device is never read) and, unless `follow_link`, not through a symbolic link (a file swapped for a link
// after it was listed is not read). False, with what was passed so far to be discarded, when it cannot be opened, is
// not a regular file, holds more than `max_bytes` bytes (checked before reading and while reading), or a read fails.
bool read_regular_file(const std::string& path, bool follow_link, std::uint64_t max_bytes,
                       const std::function<void(const char*, std::size_t)>& sink);

}  // namespace jx
