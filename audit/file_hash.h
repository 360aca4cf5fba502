// SHA-256 of a file's bytes, as lowercase hex: the report's "sha256" and part of the batch's resume key.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace jx::audit {

// nullopt when the file cannot be read, is not a regular file (a device such as /dev/zero, a FIFO: opened without
// blocking and never read), or holds more than `max_bytes` bytes (never read past that: a sparse 20 GB file costs
// nothing). A symbolic link to a regular file is followed.
std::optional<std::string> sha256_file(const std::string& path, std::uint64_t max_bytes = UINT64_MAX);

}  // namespace jx::audit
