// The batch's inputs and output paths: which files a run audits, under which relative name each one's outputs are
// filed, which shard a file belongs to, and how an output lands on disk (atomically, never outside OUT).
//
//   auto found = jx::audit::discover_inputs({"reports/2021", "extra.pdf"});
//   for (auto& f : found.files) ...   // f.path = "reports/2021/市财政局/x.pdf", f.rel = "市财政局/x.pdf"
//   auto mine = jx::audit::select_shard(found.files, 1, 4);   // the 2nd of 4 parts
#pragma once

#include <fstream>
#include <optional>
#include <string>
#include <string_view>
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

// A file written piece by piece that appears at `path` whole or not at all: the pieces go to a temporary in the same
// folder (".<name>.tmp<pid>-<n>"), commit() renames it over `path`. Dropped uncommitted (an error on the way, an
// exception), it removes its temporary and leaves an existing `path` untouched.
//
//   jx::audit::AtomicFile out("OUT/findings.csv");
//   out.write(header); for (...) out.write(line);
//   if (auto err = out.commit()) ...
class AtomicFile {
 public:
  explicit AtomicFile(std::string path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(std::string_view bytes);
  std::ostream& stream() { return out_; }  // for pieces that are not strings; a failure shows at commit()
  // Puts the file in place. Returns what went wrong (the temporary is then gone); nullopt when it is in place.
  std::optional<std::string> commit();

 private:
  std::string path_, tmp_;
  std::optional<std::string> error_;
  std::ofstream out_;
  bool done_ = false;
};

// The name of a fresh temporary beside `path`: ".<file name>.tmp<pid>-<n>", n counting up within the process.
std::string temporary_beside(const std::string& path);

// OUT/<area>/<rel><suffix> (area "reports" or "evidence"), after checking that its folder, once created and with
// symlinks resolved, is still inside OUT/<area>. nullopt when it would escape.
std::optional<std::string> output_path(const std::string& out_dir, const std::string& area, const std::string& rel,
                                       const std::string& suffix);

}  // namespace jx::audit
