// The batch's inputs and output paths: which files a run audits, under which relative name each one's outputs are
// filed, which shard a file belongs to, and how an output lands on disk (atomically, never outside OUT).
//
//   auto found = jx::audit::discover_inputs({"reports/2021", "extra.pdf"});
//   for (auto& f : found.files) ...   // f.path = "reports/2021/市财政局/x.pdf", f.rel = "市财政局/x.pdf"
//   auto mine = jx::audit::select_shard(found.files, 1, 4);   // the 2nd of 4 parts
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace jx::audit {

struct InputFile {
  std::string path;  // as found: the input folder joined with the relative part, or the file as named
  std::string rel;   // confined relative name ('/' separated, no '.', '..' or empty parts): where outputs go
};

struct Discovery {
  std::vector<InputFile> files;      // sorted by rel (byte order), each rel unique
  std::vector<std::string> problems; // folders that cannot be listed, inputs that are neither file nor folder
};

// Every *.pdf (any letter case) under the folders, recursively, symlinks not followed, and every file named
// directly (whatever its name; a named path that does not exist is listed too, so that it becomes a row with its
// error). A file's rel is its path relative to the folder it was found under, or its file
// name when named directly. Two inputs yielding the same rel keep the first; the next ones get "~2", "~3" … before
// the extension. The same file reached twice is listed once.
Discovery discover_inputs(const std::vector<std::string>& inputs);

// `rel` normalised so that OUT/<dir>/<rel> cannot leave OUT/<dir>: backslashes and absolute prefixes ignored, '.',
// '..' and empty parts dropped, control characters replaced by '_'. Never empty ("unnamed" when nothing is left).
std::string confine_relative(const std::string& rel);

// The first path component of a confined rel ("市财政局/x.pdf" → "市财政局"); empty for a bare file name.
std::string agency_of(const std::string& rel);

// The files of shard `index` (0-based) of `count`: those whose rel hashes (FNV-1a 64) to index mod count. Stable:
// a file stays in its shard when others are added or removed. count <= 1 returns everything.
std::vector<InputFile> select_shard(const std::vector<InputFile>& files, int index, int count);

// Writes `bytes` to `path` through a temporary file in the same folder and a rename, creating the folder first.
// On failure returns a message and leaves no temporary behind; an existing `path` is then untouched.
std::optional<std::string> write_file_atomically(const std::string& path, const std::string& bytes);

// OUT/<area>/<rel><suffix> (area "reports" or "evidence"), after checking that its folder, once created and with
// symlinks resolved, is still inside OUT/<area>. nullopt when it would escape.
std::optional<std::string> output_path(const std::string& out_dir, const std::string& area, const std::string& rel,
                                       const std::string& suffix);

}  // namespace jx::audit
