// Which file under a batch's OUT folder a request path names, for `jxaudit serve`: only regular files inside OUT,
// never one reached through "..", an absolute path or a symbolic link that leads out of OUT, never a hidden file or
// folder (the lock, the page's part files) and never the register's database files.
//
//   std::string why;
//   auto file = jx::serve::file_under("OUT", "/evidence/甲局/a.pdf/1.png", &why);
//   if (!file) ...  // why: "not under the output folder", "no such file", …
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace jx::serve {

enum class PathRefusal {
  Forbidden,  // the path tries to leave OUT or names what is not served (hidden, database, not a regular file)
  NotFound,   // nothing there
};

struct ResolvedPath {
  std::optional<std::filesystem::path> file;  // the file's canonical path, inside OUT's canonical path
  PathRefusal refusal = PathRefusal::NotFound;
  std::string why;  // what was refused, for the response; empty when `file` is set
};

// `request_path` is the URL's path as decoded by the server ("/", "/index.html", "/evidence/…"); "/" names
// index.html. Refused (Forbidden): a segment "..", ".", or starting with "."; a backslash or a NUL byte; a path whose
// canonical form (symbolic links followed) is not inside OUT's; a file ending in .sqlite, .sqlite-wal, .sqlite-shm or
// .sqlite-journal; anything that is not a regular file. Missing files are NotFound.
ResolvedPath file_under(const std::filesystem::path& out_dir, const std::string& request_path);

// The Content-Type served for a file, by its extension (text types in UTF-8); application/octet-stream for others.
std::string content_type_of(const std::filesystem::path& file);

}  // namespace jx::serve
