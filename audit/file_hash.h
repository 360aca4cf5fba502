// SHA-256 of a file's bytes, as lowercase hex: the report's "sha256" and part of the batch's resume key.
#pragma once

#include <optional>
#include <string>

namespace jx::audit {

// nullopt when the file cannot be read.
std::optional<std::string> sha256_file(const std::string& path);

}  // namespace jx::audit
