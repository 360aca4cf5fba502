#include "outputs/out_files.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <utility>
#include <vector>

#include "core/text.h"

namespace fs = std::filesystem;

namespace jx::outputs {
namespace {

bool path_is_within(const fs::path& inner, const fs::path& outer) {
  auto i = inner.begin();
  for (auto o = outer.begin(); o != outer.end(); ++o, ++i) {
    if (o->empty()) continue;  // a trailing separator
    if (i == inner.end() || *i != *o) return false;
  }
  return true;
}

}  // namespace

namespace {

// A name part longer than this many bytes is shortened: with ".json" and a temporary's ".<name>.tmp<pid>-<n>" around
// it, it must stay under the 255 bytes a file name may have on Linux file systems.
constexpr std::size_t kMaxPartBytes = 200;

// `part` cut to kMaxPartBytes on a UTF-8 boundary, with "~" and 8 hex digits of a hash of the whole part (two long
// names sharing their start stay apart) before its extension (kept when short).
std::string shortened(const std::string& part) {
  if (part.size() <= kMaxPartBytes) return part;
  std::uint32_t h = 2166136261u;
  for (unsigned char c : part) {
    h ^= c;
    h *= 16777619u;
  }
  char tag[16];
  std::snprintf(tag, sizeof tag, "~%08x", h);
  const auto dot = part.rfind('.');
  const std::string ext = dot != std::string::npos && part.size() - dot <= 10 ? part.substr(dot) : std::string();
  std::size_t keep = kMaxPartBytes - ext.size() - std::strlen(tag);
  while (keep > 0 && (static_cast<unsigned char>(part[keep]) & 0xC0) == 0x80) --keep;
  return part.substr(0, keep) + tag + ext;
}

}  // namespace

std::string confine_relative(const std::string& rel) {
  std::vector<std::string> parts;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty() && cur != "." && cur != "..") parts.push_back(shortened(cur));
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

std::string url_path(const std::string& path, bool keep_utf8) {
  static const char* hex = "0123456789ABCDEF";
  const bool keep_high = keep_utf8 && valid_text(path) == path;
  std::string out;
  for (char ch : path) {
    auto b = static_cast<unsigned char>(ch);
    bool keep = (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-' || b == '.' ||
                b == '_' || b == '~' || b == '/' || (b >= 0x80 && keep_high);
    if (keep) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(hex[b >> 4]);
      out.push_back(hex[b & 15]);
    }
  }
  return out;
}

bool is_evidence_rel(const std::string& image) {
  return image.rfind("evidence/", 0) == 0 && confine_relative(image) == image;
}

std::string agency_of(const std::string& rel) {
  auto slash = rel.find('/');
  return slash == std::string::npos ? std::string() : rel.substr(0, slash);
}

std::string temporary_beside(const std::string& path) {
  static std::atomic<unsigned> counter{0};
  fs::path target(path);
  return (target.parent_path() /
          ("." + target.filename().string() + ".tmp" + std::to_string(::getpid()) + "-" + std::to_string(counter++)))
      .string();
}

bool is_temporary_name(const std::string& name) {
  if (name.size() < 2 || name[0] != '.') return false;
  const auto tmp = name.rfind(".tmp");
  if (tmp == std::string::npos) return false;
  const auto dash = name.find('-', tmp);
  auto digits = [&](std::size_t from, std::size_t to) {
    return to > from && std::all_of(name.begin() + static_cast<long>(from), name.begin() + static_cast<long>(to),
                                    [](char c) { return c >= '0' && c <= '9'; });
  };
  return dash != std::string::npos && digits(tmp + 4, dash) && digits(dash + 1, name.size());
}

namespace {

// The writing process of a temporary's name (".<name>.tmp<pid>-<n>"), or 0.
pid_t temporary_owner(const std::string& name) {
  if (!is_temporary_name(name)) return 0;
  const auto tmp = name.rfind(".tmp");
  return static_cast<pid_t>(std::strtol(name.c_str() + tmp + 4, nullptr, 10));
}

bool alive(pid_t pid) { return pid > 0 && (::kill(pid, 0) == 0 || errno == EPERM); }

}  // namespace

std::size_t remove_stale_temporaries(const std::string& out_dir) {
  std::size_t removed = 0;
  std::vector<fs::path> stale;
  std::error_code ec;
  auto consider = [&](const fs::directory_entry& e) {
    const pid_t owner = temporary_owner(e.path().filename().string());
    if (owner != 0 && !alive(owner)) stale.push_back(e.path());
  };
  for (fs::directory_iterator it(out_dir, ec), end; !ec && it != end; it.increment(ec)) consider(*it);
  ec.clear();
  for (const char* area : {"reports", "evidence"}) {
    const fs::path base = fs::path(out_dir) / area;
    if (fs::is_symlink(fs::symlink_status(base, ec)) || !fs::is_directory(base, ec)) continue;
    fs::recursive_directory_iterator it(base, fs::directory_options::skip_permission_denied, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      consider(*it);
      if (is_temporary_name(it->path().filename().string())) it.disable_recursion_pending();
    }
    ec.clear();
  }
  for (const auto& p : stale) {
    std::error_code e2;
    if (fs::remove_all(p, e2) > 0 && !e2) ++removed;
  }
  return removed;
}

OutLock::OutLock(const std::string& out_dir) {
  const std::string path = (fs::path(out_dir) / ".jxaudit.lock").string();
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd_ < 0) {
    error_ = "cannot open " + path + ": " + std::strerror(errno);
    return;
  }
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    error_ = errno == EWOULDBLOCK
                 ? "another jxaudit run is writing " + out_dir + " (it holds " + path + "); try again when it ends"
                 : "cannot lock " + path + ": " + std::strerror(errno);
    ::close(fd_);
    fd_ = -1;
  }
}

OutLock::~OutLock() {
  if (fd_ >= 0) ::close(fd_);
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

}  // namespace jx::outputs
