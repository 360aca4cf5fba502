// The compiled form of a rule file's pattern (rules::Pattern), for the rules module's own files: the loader compiles
// each pattern to validate it; a RuleSet read from its snapshot compiles each at its first use.
#pragma once

#include <re2/re2.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "rules/ruleset.h"

namespace jx::rules {

class CompiledPattern {
 public:
  // Already compiled (the loader's, which checked re->ok()).
  explicit CompiledPattern(std::unique_ptr<const re2::RE2> re) : re_(std::move(re)) {}
  // To be compiled from `source` at its first use, with the memory bound the loader would have given it.
  CompiledPattern(std::string source, int64_t max_mem) : source_(std::move(source)), max_mem_(max_mem) {}

  // The compiled pattern, compiling it on the first call (thread-safe).
  const re2::RE2* get() {
    std::call_once(once_, [this] {
      if (!re_) re_ = compile(source_, max_mem_);
    });
    return re_.get();
  }

  // How every pattern of the rule files is compiled: UTF-8, bounded by `max_mem` (Limits::regex_max_mem), quiet.
  static std::unique_ptr<const re2::RE2> compile(const std::string& source, int64_t max_mem) {
    re2::RE2::Options opts;
    opts.set_encoding(re2::RE2::Options::EncodingUTF8);
    opts.set_max_mem(max_mem);
    opts.set_log_errors(false);
    return std::make_unique<const re2::RE2>(source, opts);
  }

 private:
  std::string source_;
  int64_t max_mem_ = 0;
  std::once_flag once_;
  std::unique_ptr<const re2::RE2> re_;
};

}  // namespace jx::rules
