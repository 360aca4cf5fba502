// Where the batch's outputs land and how: confined relative names under OUT, and files that appear whole or not at
// all (a temporary in the same folder, renamed into place).
//
//   jx::outputs::AtomicFile out("OUT/findings.csv");
//   out.write(header); for (...) out.write(line);
//   if (auto err = out.commit()) ...
#pragma once

#include <fstream>
#include <optional>
#include <string>
#include <string_view>

namespace jx::outputs {

// `rel` normalised so that OUT/<dir>/<rel> cannot leave OUT/<dir>: backslashes and absolute prefixes ignored, '.',
// '..' and empty parts dropped, control characters replaced by '_', a part longer than 200 bytes shortened (cut on a
// character boundary, "~" and a hash of the whole part before its extension) so that its report and temporaries fit
// a file name's 255 bytes. Never empty ("unnamed" when nothing is left).
std::string confine_relative(const std::string& rel);

// True when `image` (an evidence_image of a report) names a crop as the batch writes them: a path relative to OUT
// under evidence/ that confine_relative() leaves as it is (no '..', no absolute prefix). Anything else a report names
// is never read or linked as a crop.
bool is_evidence_rel(const std::string& image);

// The first path component of a confined rel ("市财政局/x.pdf" → "市财政局"); empty for a bare file name.
std::string agency_of(const std::string& rel);

// `path` as the path of a link from an output under OUT (a hyperlink of the workbook, an href or src of the page):
// every byte but ASCII letters, digits and - . _ ~ / percent-encoded (so that '#' and '%' in a name stay part of
// the name); with `keep_utf8`, a `path` of well-formed UTF-8 keeps its non-ASCII bytes as they are (an IRI).
std::string url_path(const std::string& path, bool keep_utf8);

// Writes `bytes` to `path` through a temporary file in the same folder and a rename, creating the folder first.
// On failure returns a message and leaves no temporary behind; an existing `path` is then untouched.
std::optional<std::string> write_file_atomically(const std::string& path, const std::string& bytes);

// A file written piece by piece that appears at `path` whole or not at all: the pieces go to a temporary in the same
// folder (".<name>.tmp<pid>-<n>"), commit() renames it over `path`. Dropped uncommitted (an error on the way, an
// exception), it removes its temporary and leaves an existing `path` untouched.
//
//   jx::outputs::AtomicFile out("OUT/findings.csv");
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

// Whether a file name is one temporary_beside() makes (".<name>.tmp<digits>-<digits>"): a hidden input's report
// (".x.pdf.json") is not.
bool is_temporary_name(const std::string& name);

// Removes, under `out_dir` (its top level, reports/ and evidence/, links never followed), the temporaries whose
// writing process is gone (a run killed while writing: an index part-folder, a half-written summary or report).
// A live process's temporaries are left alone. Returns how many were removed.
std::size_t remove_stale_temporaries(const std::string& out_dir);

// An exclusive lock on `out_dir` (the file .jxaudit.lock in it), held until destroyed: two runs writing one OUT at
// once would interleave their summaries. ok() is false, and `error` says why, when another process holds it.
class OutLock {
 public:
  explicit OutLock(const std::string& out_dir);
  ~OutLock();
  OutLock(const OutLock&) = delete;
  OutLock& operator=(const OutLock&) = delete;
  bool ok() const { return fd_ >= 0; }
  const std::string& error() const { return error_; }

 private:
  int fd_ = -1;
  std::string error_;
};

// OUT/<area>/<rel><suffix> (area "reports" or "evidence"), after checking that its folder, once created and with
// symlinks resolved, is still inside OUT/<area>. nullopt when it would escape.
std::optional<std::string> output_path(const std::string& out_dir, const std::string& area, const std::string& rel,
                                       const std::string& suffix);

}  // namespace jx::outputs
