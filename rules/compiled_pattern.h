// The compiled form of a rule file's pattern (rules::Pattern), for the rules module's own files: the loader compiles
// each pattern to validate it; a RuleSet read from its snapshot compiles each at its first use.
#pragma once

#include <re2/re2.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/ruleset.h"

namespace jx::rules {

// A compiled pattern and its named groups: name → the group's number, as RE2::NamedCapturingGroups() gives them.
struct Compiled {
  std::unique_ptr<const re2::RE2> re;
  std::map<std::string, int> groups;
};

// `source` with each named group "(?P<name>" written as a plain group "(", and the names with their groups' numbers
// (groups numbered by their opening parenthesis, left to right, as RE2 numbers them) in *groups; the number of
// capturing groups in *count. Nullopt when a name is not made of ASCII letters, digits and '_', or is given twice:
// such a pattern is left to RE2 as written, whose reading of it (or error) stands.
std::optional<std::string> without_group_names(std::string_view source, std::map<std::string, int>* groups, int* count);

// The words of `source` when it is nothing but words and '|' between them ("不少于|不低于|≥"): each word non-empty
// and free of every character RE2 gives a meaning to (\ . + * ? ( ) [ ] { } ^ $). Such a pattern matches a text
// exactly where one of its words occurs in it, byte for byte, as RE2 would match it. Nullopt for any other pattern.
std::optional<std::vector<std::string>> literal_words(std::string_view source);

class CompiledPattern {
 public:
  // Already compiled (the loader's, which checked re->ok()).
  CompiledPattern(std::string source, Compiled compiled)
      : words_(literal_words(source)), source_(std::move(source)), compiled_(std::move(compiled)) {}
  // To be compiled from `source` at its first use, with the memory bound the loader would have given it.
  CompiledPattern(std::string source, int64_t max_mem)
      : words_(literal_words(source)), source_(std::move(source)), max_mem_(max_mem) {}

  // The compiled pattern, compiling it on the first call (thread-safe).
  const re2::RE2* get() {
    std::call_once(once_, [this] {
      if (!compiled_.re) compiled_ = compile(source_, max_mem_);
    });
    return compiled_.re.get();
  }

  // Whether the pattern matches within `text` (`at_start`: at its very start), what it matched not needed. A pattern
  // of literal_words() is matched as those words and never compiled for this.
  bool matches(std::string_view text, bool at_start);

  // Its named groups, compiling it on the first call.
  const std::map<std::string, int>& groups() {
    get();
    return compiled_.groups;
  }

  // How every pattern of the rule files is compiled: UTF-8, bounded by `max_mem` (Limits::regex_max_mem), quiet.
  // RE2 checks the first group name a process gives it against Unicode's word classes, which it builds then (half a
  // millisecond, as long as compiling every pattern a one-file audit uses); so the names are taken out first
  // (without_group_names()) and kept here, and RE2 compiles the same pattern with plain groups. A pattern that does
  // not compile, or whose groups RE2 counts otherwise, is compiled as written, names and errors RE2's own.
  static Compiled compile(const std::string& source, int64_t max_mem);

 private:
  std::optional<std::vector<std::string>> words_;  // literal_words(source_)
  std::string source_;
  int64_t max_mem_ = 0;
  std::once_flag once_;
  Compiled compiled_;
};

}  // namespace jx::rules
