#include "batch/rerun_digest.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <system_error>

#include "core/sha256.h"

namespace fs = std::filesystem;

namespace jx::batch {
namespace {

// Appends "type:size:mtime_ns:ctime_ns:inode:device" of `path` (not following a final link) to `out`; false when
// it cannot be stat'ed, or when `regular_only` and it is no regular file.
bool append_stat(std::string& out, const fs::path& path, bool regular_only = false) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0 || (regular_only && !S_ISREG(st.st_mode))) return false;
  auto ns = [](const timespec& t) {
    return std::to_string(static_cast<long long>(t.tv_sec) * 1000000000LL + t.tv_nsec);
  };
  out += std::to_string(static_cast<unsigned>(st.st_mode & S_IFMT));
  out += ':' + std::to_string(st.st_size) + ':' + ns(st.st_mtim) + ':' + ns(st.st_ctim) + ':' +
         std::to_string(st.st_ino) + ':' + std::to_string(st.st_dev);
  return true;
}

}  // namespace

std::optional<std::string> reports_digest(const std::string& out_dir, const outputs::RelFilter& only) {
  std::vector<std::string> problems;
  const auto rels = outputs::report_rels(out_dir, {}, &problems);
  if (!problems.empty()) return std::nullopt;
  const fs::path base = fs::path(out_dir) / "reports";
  std::string listed;
  for (const auto& rel : rels) {
    listed.append(rel).append(1, '\0').append(!only || only(rel) ? "1" : "0").append(1, '\0');
    if (!append_stat(listed, base / (rel + ".json"))) return std::nullopt;
    listed += '\n';
  }
  return jx::sha256_hex(listed);
}

std::optional<std::string> evidence_digest(const std::string& out_dir) {
  const fs::path base = fs::path(out_dir) / "evidence";
  std::error_code ec;
  const fs::file_status top = fs::symlink_status(base, ec);
  if (top.type() == fs::file_type::not_found) return std::string("none");
  if (ec || fs::is_symlink(top)) return std::nullopt;
  std::string listed;
  if (!append_stat(listed, base)) return std::nullopt;
  listed += '\n';
  fs::recursive_directory_iterator it(base, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    std::error_code e2;
    if (it->is_symlink(e2) || e2) return std::nullopt;
    listed.append(it->path().lexically_relative(base).generic_string()).append(1, '\0');
    if (!append_stat(listed, it->path())) return std::nullopt;
    listed += '\n';
  }
  if (ec) return std::nullopt;
  return jx::sha256_hex(listed);
}

std::optional<std::string> summary_outputs_digest(const std::string& out_dir) {
  std::string listed;
  for (const char* name : outputs::kSummaryOutputs) {
    listed.append(name).append(1, '\0');
    if (!append_stat(listed, fs::path(out_dir) / name, /*regular_only=*/true)) return std::nullopt;
    listed += '\n';
  }
  return jx::sha256_hex(listed);
}

std::string program_digest(const std::string& version, const std::string& out_dir) {
  std::string listed = version;
  listed += '\n';
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  listed.append(ec ? std::string() : exe.string()).append(1, '\0');
  if (!ec) append_stat(listed, exe);  // a rebuilt binary keeps its version: its file tells it apart
  listed += '\n';
  listed.append(fs::current_path(ec).string()).append(1, '\n');
  listed.append(fs::absolute(fs::path(out_dir), ec).lexically_normal().string()).append(1, '\n');
  return jx::sha256_hex(listed);
}

std::string reviews_digest(const outputs::Reviews& reviews) {
  std::string listed;
  for (const auto& [id, state] : reviews) listed.append(id).append(1, '\0').append(state).append(1, '\n');
  return jx::sha256_hex(listed);
}

}  // namespace jx::batch
