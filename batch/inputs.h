// The batch's inputs: which files a run audits, under which relative name each one's outputs are filed (see
// outputs/out_files.h for how a name is confined under OUT), and which shard a file belongs to.
//
//   auto found = jx::batch::discover_inputs({"reports/2021", "extra.pdf"});
//   for (auto& f : found.files) ...   // f.path = "reports/2021/市财政局/x.pdf", f.rel = "市财政局/x.pdf"
//   auto mine = jx::batch::select_shard(found.files, 1, 4);   // the 2nd of 4 parts
#pragma once

#include <string>
#include <vector>

namespace jx::batch {

struct InputFile {
  std::string path;  // as found: the input folder joined with the relative part, or the file as named
  std::string rel;   // confined relative name ('/' separated, no '.', '..' or empty parts): where outputs go
  // Why the file is a failed row without being opened, or "": a *.pdf inside a folder that is a symbolic link (links
  // are not followed inside folders) or not a regular file (a FIFO, a device: opening it could block).
  std::string refused;
};

struct Discovery {
  std::vector<InputFile> files;       // sorted by rel (byte order), each rel unique
  std::vector<std::string> problems;  // folders that cannot be listed, folders named that hold no *.pdf
  std::vector<std::string> notes;     // not errors, but said: a file reached twice (a hard link) is audited once
};

// Every *.pdf (any letter case) under the folders, recursively, symlinks not followed (a linked *.pdf is listed,
// refused), and every path named directly that is not a folder (whatever its name and kind; a named path that does
// not exist is listed too, so that it becomes a row with its error). A folder that cannot be listed, at any depth,
// is a problem, never skipped silently; so is a folder named in `inputs` under which no *.pdf is found. A file's rel is
// its path relative to the folder it was found under, or its file name when named directly. Two inputs yielding the
// same rel keep the first; the next ones get "~2", "~3" … before the extension. The same file reached twice is listed
// once.
Discovery discover_inputs(const std::vector<std::string>& inputs);

// The files of shard `index` (0-based) of `count`: those whose rel hashes (FNV-1a 64) to index mod count. Stable:
// a file stays in its shard when others are added or removed. count <= 1 returns everything.
std::vector<InputFile> select_shard(const std::vector<InputFile>& files, int index, int count);

}  // namespace jx::batch
