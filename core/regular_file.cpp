#include "core/regular_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>

namespace jx {

bool read_regular_file(const std::string& path, bool follow_link, std::uint64_t max_bytes,
                       const std::function<void(const char*, std::size_t)>& sink) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | (follow_link ? 0 : O_NOFOLLOW));
  if (fd < 0) return false;
  struct stat st {};
  bool ok = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) <= max_bytes;
  std::array<char, 1 << 16> buf;
  std::uint64_t total = 0;
  while (ok) {
    const ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ok = n == 0;
      break;
    }
    total += static_cast<std::uint64_t>(n);
    if (total > max_bytes) {  // grew since fstat
      ok = false;
      break;
    }
    sink(buf.data(), static_cast<std::size_t>(n));
  }
  ::close(fd);
  return ok;
}

}  // namespace jx
