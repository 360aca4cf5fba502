#include "serve/out_path.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace fs = std::filesystem;

namespace jx::serve {
namespace {

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

ResolvedPath refuse(PathRefusal kind, std::string why) {
  ResolvedPath r;
  r.refusal = kind;
  r.why = std::move(why);
  return r;
}

// True when `inner` is `root` or lies below it (both canonical).
bool inside(const fs::path& root, const fs::path& inner) {
  auto r = root.begin(), i = inner.begin();
  for (; r != root.end(); ++r, ++i)
    if (i == inner.end() || *r != *i) return false;
  return true;
}

}  // namespace

ResolvedPath file_under(const fs::path& out_dir, const std::string& request_path) {
  if (request_path.empty() || request_path[0] != '/') return refuse(PathRefusal::Forbidden, "not an absolute URL path");
  if (request_path.find('\\') != std::string::npos || request_path.find('\0') != std::string::npos)
    return refuse(PathRefusal::Forbidden, "a backslash or NUL in the path");
  std::string rel = request_path.substr(1);
  if (rel.empty()) rel = "index.html";
  // Every segment must be a plain name: no "..", ".", hidden names, or empty segments ("//" would make the rest look
  // absolute to some readers).
  fs::path joined;
  for (std::size_t start = 0; start <= rel.size();) {
    std::size_t slash = rel.find('/', start);
    if (slash == std::string::npos) slash = rel.size();
    const std::string segment = rel.substr(start, slash - start);
    if (segment.empty() || segment[0] == '.')
      return refuse(PathRefusal::Forbidden, segment == ".." ? "\"..\" in the path" : "a hidden or empty path segment");
    joined /= segment;
    start = slash + 1;
  }
  const std::string name = lower(joined.filename().string());
  for (const char* db : {".sqlite", ".sqlite-wal", ".sqlite-shm", ".sqlite-journal"})
    if (ends_with(name, db)) return refuse(PathRefusal::Forbidden, "the register is not served");

  std::error_code ec;
  const fs::path root = fs::canonical(out_dir, ec);
  if (ec) return refuse(PathRefusal::NotFound, "the output folder cannot be read");
  const fs::path wanted = root / joined;
  if (!fs::exists(fs::symlink_status(wanted, ec))) return refuse(PathRefusal::NotFound, "no such file");
  const fs::path real = fs::canonical(wanted, ec);
  if (ec) return refuse(PathRefusal::NotFound, "no such file");
  if (!inside(root, real)) return refuse(PathRefusal::Forbidden, "a link that leads out of the output folder");
  if (!fs::is_regular_file(real, ec)) return refuse(PathRefusal::Forbidden, "not a regular file");
  ResolvedPath r;
  r.file = real;
  return r;
}

std::string content_type_of(const fs::path& file) {
  static const std::array<std::pair<const char*, const char*>, 11> kTypes = {{
      {".html", "text/html; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".jsonl", "application/x-ndjson; charset=utf-8"},
      {".csv", "text/csv; charset=utf-8"},
      {".png", "image/png"},
      {".pdf", "application/pdf"},
      {".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
      {".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
      {".txt", "text/plain; charset=utf-8"},
  }};
  const std::string ext = lower(file.extension().string());
  for (const auto& [e, type] : kTypes)
    if (ext == e) return type;
  return "application/octet-stream";
}

}  // namespace jx::serve
