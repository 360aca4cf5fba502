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
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "core/text.h"
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
  std::map<std::pair<dev_t, ino_t>, std::string> seen_files;  // → the path it was first listed under
  std::set<std::string> seen_rels;
  auto add = [&](const fs::path& path, const std::string& raw_rel, std::string refused = {}) {
    struct stat st {};
    if (refused.empty() && ::stat(path.c_str(), &st) == 0) {
      auto [it, fresh] = seen_files.emplace(std::make_pair(st.st_dev, st.st_ino), path.string());
      if (!fresh) {
        if (it->second != path.string())
          out.notes.push_back(readable_name(path.string()) + " is the same file as " + readable_name(it->second) +
                              " (a hard link, or named twice): audited once, under the first");
        return;
      }
    }
    // Outputs are filed under the name as a person reads it (a GBK name decoded); the file is opened by its bytes.
    std::string rel = confine_relative(readable_name(raw_rel));
    std::string unique = rel;
    for (int n = 2; seen_rels.count(unique); ++n) unique = numbered(rel, n);
    seen_rels.insert(unique);
    out.files.push_back({path.string(), unique, std::move(refused)});
  };

  for (const auto& input : inputs) {
    std::error_code ec;
    fs::path root(input);
    auto st = fs::status(root, ec);
    if (ec || !fs::is_directory(st)) {
      // Anything named that is not a folder is a row: a missing file (not_found), a FIFO or a device (refused when
      // opened, without blocking), like any other file that cannot be read.
      add(root, root.filename().string());
      continue;
    }
    // Folder by folder, so that one that cannot be listed is named and the walk goes on beside it.
    std::vector<std::tuple<std::string, fs::path, std::string>> found;
    std::vector<fs::path> pending{root};
    while (!pending.empty()) {
      fs::path dir = std::move(pending.back());
      pending.pop_back();
      fs::directory_iterator it(dir, ec), end;
      if (ec) {
        out.problems.push_back(dir.string() + ": cannot list: " + ec.message());
        ec.clear();
        continue;
      }
      for (; it != end; it.increment(ec)) {
        std::error_code e2;
        const fs::file_status link = it->symlink_status(e2);
        const bool pdf = has_pdf_extension(it->path());
        if (fs::is_directory(link)) {
          pending.push_back(it->path());
          continue;
        }
        if (!pdf) continue;
        std::string refused;
        if (fs::is_symlink(link))
          refused = "a symbolic link: links are not followed inside a folder (name the file itself to audit it)";
        else if (!fs::is_regular_file(link))
          refused = "not a regular file (a FIFO, socket or device): not opened";
        found.emplace_back(it->path().lexically_relative(root).generic_string(), it->path(), std::move(refused));
      }
      if (ec) {
        out.problems.push_back(dir.string() + ": cannot list everything: " + ec.message());
        ec.clear();
      }
    }
    // A folder named on the command line that holds no *.pdf at all is said: a mistyped or empty folder is not a
    // silent run over nothing.
    if (found.empty()) out.problems.push_back(input + ": no PDF file (*.pdf) in this folder or below it");
    std::sort(found.begin(), found.end());
    for (auto& [rel, path, refused] : found) add(path, rel, std::move(refused));
  }
  // A file's report is <rel>.json: a folder of that name beside it (a.pdf and a.pdf.json/b.pdf) would take its place,
  // so such a file is numbered like any other name clash (a~2.pdf).
  std::set<std::string> folders;
  for (const auto& f : out.files)
    for (auto slash = f.rel.find('/'); slash != std::string::npos; slash = f.rel.find('/', slash + 1))
      folders.insert(f.rel.substr(0, slash));
  for (auto& f : out.files) {
    if (!folders.count(f.rel + ".json")) continue;
    std::string renamed = f.rel;
    for (int n = 2; seen_rels.count(renamed) || folders.count(renamed + ".json"); ++n) renamed = numbered(f.rel, n);
    seen_rels.insert(renamed);
    f.rel = renamed;
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
