#include "batch/inputs.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <set>
#include <utility>

#include "outputs/out_files.h"

namespace fs = std::filesystem;

namespace jx::batch {

using jx::outputs::confine_relative;
namespace {

bool has_pdf_extension(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".pdf";
}

// "a/b.pdf" + 2 → "a/b~2.pdf"; "a/b" + 2 → "a/b~2".
std::string numbered(const std::string& rel, int n) {
  auto slash = rel.rfind('/');
  auto dot = rel.rfind('.');
  std::string tag = "~" + std::to_string(n);
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash) || dot == slash + 1) return rel + tag;
  return rel.substr(0, dot) + tag + rel.substr(dot);
}

}  // namespace

Discovery discover_inputs(const std::vector<std::string>& inputs) {
  Discovery out;
  std::set<std::pair<dev_t, ino_t>> seen_files;
  std::set<std::string> seen_rels;
  auto add = [&](const fs::path& path, const std::string& raw_rel) {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
      if (!seen_files.insert({st.st_dev, st.st_ino}).second) return;
    }
    std::string rel = confine_relative(raw_rel);
    std::string unique = rel;
    for (int n = 2; seen_rels.count(unique); ++n) unique = numbered(rel, n);
    seen_rels.insert(unique);
    out.files.push_back({path.string(), unique});
  };

  for (const auto& input : inputs) {
    std::error_code ec;
    fs::path root(input);
    auto st = fs::status(root, ec);
    if (ec || !fs::exists(st) || fs::is_regular_file(st)) {
      // A named file that is missing still becomes a row (not_found), like any other file that cannot be read.
      add(root, root.filename().string());
      continue;
    }
    if (!fs::is_directory(st)) {
      out.problems.push_back(input + ": neither a file nor a folder");
      continue;
    }
    std::vector<std::pair<std::string, fs::path>> found;
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) {
      out.problems.push_back(input + ": cannot list: " + ec.message());
      continue;
    }
    for (; it != end; it.increment(ec)) {
      if (ec) {
        out.problems.push_back(input + ": cannot list everything: " + ec.message());
        break;
      }
      std::error_code e2;
      if (it->is_symlink(e2)) {
        if (it->is_directory(e2)) it.disable_recursion_pending();
        continue;
      }
      if (!it->is_regular_file(e2) || !has_pdf_extension(it->path())) continue;
      found.emplace_back(it->path().lexically_relative(root).generic_string(), it->path());
    }
    std::sort(found.begin(), found.end());
    for (const auto& [rel, path] : found) add(path, rel);
  }
  std::sort(out.files.begin(), out.files.end(), [](const InputFile& a, const InputFile& b) { return a.rel < b.rel; });
  return out;
}

std::vector<InputFile> select_shard(const std::vector<InputFile>& files, int index, int count) {
  if (count <= 1) return files;
  std::vector<InputFile> out;
  for (const auto& f : files) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : f.rel) {
      h ^= c;
      h *= 1099511628211ull;
    }
    if (static_cast<int>(h % static_cast<std::uint64_t>(count)) == index) out.push_back(f);
  }
  return out;
}

}  // namespace jx::batch
