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
//
// Beside the snapshots, indexes: what the rule files' stats said (Stamp) when their bytes had a given hash, so that a
// load whose files' stats say the same again finds its snapshot without reading and hashing the files. An edit, or a
// file put in another's place, changes its stats (its change time at least, which no one can set back); a stat is
// only recorded once the file's times lie two seconds in the past, so that a file written again within the same tick
// of the file system's clock, after it was read, cannot keep the stats it had (the "racy" case of git's index).
// File: "jxaudit-rules-index 1\n", the stamp key, the rule files' hash (64 hex digits each).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

// What a rule file's stat says of it (following a symbolic link, as the file is read): `name` is the name the load
// gives it (relative to the rules folder).
struct Stamp {
  std::string name;
  std::uint64_t device = 0, inode = 0, size = 0;
  std::int64_t modified_ns = 0, changed_ns = 0;  // since the epoch
  bool operator==(const Stamp&) const = default;
};

// The stamp of the regular file at `path`; nullopt when it cannot be stat-ed or is no regular file.
std::optional<Stamp> stamp_of(const std::string& name, const std::string& path);

// The key of a load by its files' stamps (in the order the load reads them) and its options, as key() is by their
// bytes; empty when key() is.
std::string stamp_key(const std::vector<Stamp>& stamps, const std::string& profile, bool with_examples,
                      const Limits& limits);

// The rule files' hash the index of `stamp_key` in `dir` records; empty when there is none, or it is damaged, or not
// a regular file owned by the effective user.
std::string read_index(const std::string& dir, const std::string& stamp_key);

// Records in `dir` that the files of `stamps` had the hash `content_hash`, unless one of them was modified or changed
// less than two seconds ago (then nothing is written: a later load records it). Written as snapshots are (a temporary
// and a rename; the 16 written last kept); failures are silent.
void write_index(const std::string& dir, const std::string& stamp_key, const std::string& content_hash,
                 const std::vector<Stamp>& stamps);

}  // namespace jx::rules::snapshot
