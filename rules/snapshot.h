// The loaded rules' snapshot, for the loader (rules/loader.cpp) only: a RuleSet that loaded without an error, kept
// in a file named by what it was loaded from, so that the next process that loads the same rule files with the same
// program skips the TOML parse, the checks against the schema and the compiling of every pattern (its patterns are
// compiled at their first use: they all compiled when the snapshot was written).
//
// A snapshot is only ever a copy: missing, unreadable, damaged or written by another program, it is ignored and the
// rules are loaded from their files; one that cannot be written costs nothing but the time saved.
//
// File: "jxaudit-rules-snapshot 1\n", the key (64 hex digits), the payload's SHA-256 (64 hex digits), the payload
// (the RuleSet, but its directory and hash, in cereal's binary archive: the build id pins the machine's layout).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/limits.h"
#include "rules/ruleset.h"

namespace jx::rules::snapshot {

// The key of a load: SHA-256 over the running program's build id, the load's options that change its result
// (`profile`, `with_examples`, the limits the loader applies) and `content`, the rule files' own hash (rules_hash()
// over every file the load reads, in the order it reads them). Empty when the program has no build id to tell its
// versions apart: then no snapshot is read or written.
std::string key(std::string_view content, const std::string& profile, bool with_examples, const Limits& limits);

// The snapshot file of `key` in `dir`.
std::string path(const std::string& dir, const std::string& key);

// The RuleSet stored at `file` under `key`, its patterns compiled at first use with `limits.regex_max_mem`;
// nullopt when there is none, or it is under another key, damaged, larger than `max_bytes`, or not a regular file
// owned by the effective user.
std::optional<RuleSet> read(const std::string& file, const std::string& key, const Limits& limits,
                            std::size_t max_bytes);

// Stores `rules` at `file` under `key`: through a temporary in the same folder (created if missing) and a rename,
// so that a reader sees the whole file or none. Then the folder keeps only the 16 snapshots written last, this one
// among them (older ones are removed). Failures are silent (see above).
void write(const std::string& file, const std::string& key, const RuleSet& rules);

}  // namespace jx::rules::snapshot
