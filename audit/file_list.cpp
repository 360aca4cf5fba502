#include "audit/file_list.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>
#include <utility>

namespace fs = std::filesystem;

namespace jx::audit {
namespace {

bool has_pdf_extension(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".pdf";
}

// "a/b.pdf" + 2 → "a/b~2.pdf"; "a/b" + 2 → "a/b~2".
std::string numbered(const std::string& rel, int n) {
  auto slash = rel.rfind('/');
  auto dot = rel.rfind('.');
  std::string tag = "~" + std::to_string(n);
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash) || dot == slash + 1)
    return rel + tag;
  return rel.substr(0, dot) + tag + rel.substr(dot);
}

bool path_is_within(const fs::path& inner, const fs::path& outer) {
  auto i = inner.begin();
  for (auto o = outer.begin(); o != outer.end(); ++o, ++i) {
    if (o->empty()) continue;  // a trailing separator
    if (i == inner.end() || *i != *o) return false;
  }
  return true;
}

}  // namespace

std::string confine_relative(const std::string& rel) {
  std::vector<std::string> parts;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty() && cur != "." && cur != "..") parts.push_back(cur);
    cur.clear();
  };
  for (char c : rel) {
    if (c == '/' || c == '\\') {
      flush();
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      cur.push_back('_');
    } else {
      cur.push_back(c);
    }
  }
  flush();
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out.push_back('/');
    out += p;
  }
  return out.empty() ? std::string("unnamed") : out;
}

std::string agency_of(const std::string& rel) {
  auto slash = rel.find('/');
  return slash == std::string::npos ? std::string() : rel.substr(0, slash);
}

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

std::string temporary_beside(const std::string& path) {
  static std::atomic<unsigned> counter{0};
  fs::path target(path);
  return (target.parent_path() /
          ("." + target.filename().string() + ".tmp" + std::to_string(::getpid()) + "-" + std::to_string(counter++)))
      .string();
}

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)), tmp_(temporary_beside(path_)) {
  fs::path target(path_);
  std::error_code ec;
  if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
  if (ec) {
    error_ = "cannot create folder " + target.parent_path().string() + ": " + ec.message();
    return;
  }
  out_.open(tmp_, std::ios::binary | std::ios::trunc);
  if (!out_) error_ = "cannot write " + tmp_ + ": " + std::strerror(errno);
}

AtomicFile::~AtomicFile() {
  if (done_) return;
  if (out_.is_open()) out_.close();
  ::unlink(tmp_.c_str());
}

void AtomicFile::write(std::string_view bytes) {
  if (!error_) out_.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::optional<std::string> AtomicFile::commit() {
  if (done_) return error_;
  done_ = true;
  if (!error_) {
    out_.flush();
    if (!out_) error_ = "cannot write " + tmp_ + ": " + std::strerror(errno);
  }
  if (out_.is_open()) out_.close();
  if (!error_ && out_.fail()) error_ = "cannot write " + tmp_ + ": " + std::strerror(errno);
  if (!error_ && ::rename(tmp_.c_str(), path_.c_str()) != 0)
    error_ = "cannot rename " + tmp_ + " to " + path_ + ": " + std::strerror(errno);
  if (error_) ::unlink(tmp_.c_str());
  return error_;
}

std::optional<std::string> write_file_atomically(const std::string& path, const std::string& bytes) {
  AtomicFile file(path);
  file.write(bytes);
  return file.commit();
}

std::optional<std::string> output_path(const std::string& out_dir, const std::string& area, const std::string& rel,
                                       const std::string& suffix) {
  fs::path base = fs::path(out_dir) / area;
  fs::path target = base / (confine_relative(rel) + suffix);
  std::error_code ec;
  fs::create_directories(target.parent_path(), ec);
  if (ec) return std::nullopt;
  fs::path real_base = fs::canonical(base, ec);
  if (ec) return std::nullopt;
  fs::path real_parent = fs::canonical(target.parent_path(), ec);
  if (ec || !path_is_within(real_parent, real_base)) return std::nullopt;
  // The file itself must not be a symlink pointing elsewhere either (rename replaces a link, but readers follow).
  if (fs::is_symlink(fs::symlink_status(target, ec))) fs::remove(target, ec);
  return target.string();
}

}  // namespace jx::audit
