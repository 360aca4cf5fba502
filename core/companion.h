// Where a file that comes with jxaudit (the OCR module, jxaudit-full) may be, for a build tree and an installed
// layout alike.
#pragma once

#include <string>
#include <vector>

namespace jx {

// The places to look for `name`, in order: the environment variable `env` when it is set (a full path), beside the
// running binary, in ../lib/jxaudit/ from it (installed: bin/jxaudit, lib/jxaudit/NAME), then `build_path` (where
// the build put it) when it is not empty.
std::vector<std::string> companion_candidates(const std::string& name, const char* env, const std::string& build_path);

}  // namespace jx
