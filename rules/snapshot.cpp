// The loaded rules' snapshot: see snapshot.h.
#include "rules/snapshot.h"

#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cereal/archives/binary.hpp>
#include <cereal/types/map.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "core/sha256.h"
#include "rules/compiled_pattern.h"

namespace jx::rules {

// What cereal stores of each part of a RuleSet: every member. A member added to one of these structs must be added
// here; the sizes below make the build fail until it is (on the toolchain the project builds with).
#if defined(__GLIBCXX__) && defined(__x86_64__)
static_assert(sizeof(Pattern) == 56 && sizeof(OperatorPattern) == 96 && sizeof(ValueRules) == 528 &&
                  sizeof(ValueRules::YearPattern) == 88 && sizeof(StatementPattern) == 64 &&
                  sizeof(NarrativeRules) == 72 && sizeof(RuleExample) == 56 && sizeof(CheckRule) == 320 &&
                  sizeof(GradeBand) == 56 && sizeof(LevelWeight) == 40 && sizeof(Profile) == 104 &&
                  sizeof(HeaderSynonyms) == 48 && sizeof(RuleSet) == 864,
              "a rules struct changed: store the new member in rules/snapshot.cpp, then update the sizes here");
#endif

namespace {
// The regex_max_mem of the snapshot::read under way on this thread: the bound its patterns are compiled with.
thread_local std::int64_t t_regex_max_mem = 0;
}  // namespace

// A pattern is stored as its text and whether a rule file gave it; read back, it is compiled at its first use.
template <class Archive>
void save(Archive& ar, const Pattern& p) {
  ar(p.source, p.line, p.compiled != nullptr);
}

template <class Archive>
void load(Archive& ar, Pattern& p) {
  bool given = false;
  ar(p.source, p.line, given);
  p.compiled = given ? std::make_shared<CompiledPattern>(p.source, t_regex_max_mem) : nullptr;
}

template <class Archive>
void serialize(Archive& ar, OperatorPattern& o) {
  ar(o.pattern, o.op, o.position);
}

template <class Archive>
void serialize(Archive& ar, ValueRules::YearPattern& y) {
  ar(y.pattern, y.only_with);
}

template <class Archive>
void serialize(Archive& ar, ValueRules& v) {
  ar(v.operators, v.number, v.units, v.unit_prefixes, v.magnitudes, v.unit_aliases, v.less_is_better, v.more_is_better,
     v.empty_notes, v.satisfaction_level1, v.satisfaction_level2, v.level_suffixes, v.label_points, v.template_name,
     v.title_year, v.budget_unit);
}

template <class Archive>
void serialize(Archive& ar, StatementPattern& s) {
  ar(s.quantity, s.pattern);
}

template <class Archive>
void serialize(Archive& ar, NarrativeRules& n) {
  ar(n.breakdown, n.statements, n.count_units);
}

template <class Archive>
void serialize(Archive& ar, RuleExample& e) {
  ar(e.fields, e.fires, e.line);
}

template <class Archive>
void serialize(Archive& ar, CheckRule& c) {
  ar(c.id, c.name, c.severity, c.message, c.message_at_most, c.description, c.evidence_cells, c.params, c.texts,
     c.examples, c.line);
}

template <class Archive>
void serialize(Archive& ar, GradeBand& g) {
  ar(g.name, g.min, g.line);
}

template <class Archive>
void serialize(Archive& ar, LevelWeight& w) {
  ar(w.level1, w.points);
}

template <class Archive>
void serialize(Archive& ar, Profile& p) {
  ar(p.name, p.description, p.budget_weight, p.level_weights, p.reverse);
}

template <class Archive>
void serialize(Archive& ar, HeaderSynonyms& h) {
  ar(h.fields);
}

// RuleSet::directory and RuleSet::hash are the load's, not the snapshot's.
template <class Archive>
void serialize(Archive& ar, RuleSet& r) {
  ar(r.profile, r.headers, r.values, r.narrative, r.checks, r.grades);
}

namespace snapshot {
namespace {

constexpr std::string_view kMagic = "jxaudit-rules-snapshot 1\n";
constexpr std::size_t kHexDigest = 64;
// A snapshot's file name: these around its key (path(), and prune() picks the snapshots of a folder by them); an
// index's, kIndexSuffix.
constexpr std::string_view kNamePrefix = "rules-";
constexpr std::string_view kNameSuffix = ".snapshot";
constexpr std::string_view kIndexSuffix = ".index";
constexpr std::string_view kIndexMagic = "jxaudit-rules-index 1\n";
// How long a rule file's times must lie in the past before its stamp stands for its bytes (see write_index()).
constexpr std::int64_t kSettledNs = 2'000'000'000;
// How many snapshots a folder keeps: one per program build, rules, profile and limits in use. Each is about 30 KB;
// without a bound every upgrade or edit of the rules would leave one behind for good.
constexpr std::size_t kKept = 16;

// Removes the files rules-*SUFFIX of `dir` (the snapshots, or the indexes) beyond the kKept most recently written,
// never `kept`. Another process may be reading one of them: its open file stays whole, and one it has yet to open is
// a miss, loaded from the rule files. Failures are silent.
void prune(const std::filesystem::path& dir, const std::filesystem::path& kept, std::string_view suffix) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<std::pair<fs::file_time_type, fs::path>> found;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!name.starts_with(kNamePrefix) || !name.ends_with(suffix) || it->path() == kept) continue;
    std::error_code time_ec;
    const auto written = fs::last_write_time(it->path(), time_ec);
    if (!time_ec) found.emplace_back(written, it->path());
  }
  if (found.size() < kKept) return;
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t i = kKept - 1; i < found.size(); ++i) fs::remove(found[i].second, ec);
}

// Writes `bytes` to `file` through a temporary in the same folder (created if missing) and a rename, so that a reader
// sees the whole file or none; false when it could not (nothing is left behind).
bool write_whole(const std::string& file, const std::string& bytes) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(fs::path(file).parent_path(), ec);
  if (ec) return false;
  static std::atomic<unsigned> counter{0};
  const std::string tmp = file + ".tmp" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << bytes;
    out.close();
    if (!out) {
      fs::remove(tmp, ec);
      return false;
    }
  }
  if (std::rename(tmp.c_str(), file.c_str()) != 0) {
    fs::remove(tmp, ec);
    return false;
  }
  return true;
}

// The bytes of `file` when it is a regular file of this user's (asked of the file opened, not of its name: rules that
// someone else could have written are not this user's rules) of at most `max_bytes`; empty otherwise.
std::string read_own_file(const std::string& file, std::size_t max_bytes) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return {};
  std::string bytes;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == ::geteuid() &&
      static_cast<std::uintmax_t>(st.st_size) <= max_bytes) {
    bytes.resize(static_cast<std::size_t>(st.st_size));
    std::size_t got = 0;
    while (got < bytes.size()) {
      const ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
      if (n <= 0) break;
      got += static_cast<std::size_t>(n);
    }
    bytes.resize(got);
  }
  ::close(fd);
  return bytes;
}

// The index file of `stamp_key` in `dir`.
std::string index_path(const std::string& dir, const std::string& stamp_key) {
  return (std::filesystem::path(dir) / (std::string(kNamePrefix) + stamp_key + std::string(kIndexSuffix))).string();
}

// The GNU build id of the running program (the first object the dynamic linker lists), as hex; empty without one.
std::string program_build_id() {
  std::string id;
  dl_iterate_phdr(
      [](dl_phdr_info* info, std::size_t, void* data) -> int {
        auto& out = *static_cast<std::string*>(data);
        for (int i = 0; i < info->dlpi_phnum; ++i) {
          const ElfW(Phdr)& ph = info->dlpi_phdr[i];
          if (ph.p_type != PT_NOTE) continue;
          const std::size_t align = ph.p_align == 8 ? 8 : 4;
          // NOLINTNEXTLINE(performance-no-int-to-ptr): the dynamic linker gives where the program lies as a number
          const char* p = reinterpret_cast<const char*>(info->dlpi_addr + ph.p_vaddr);
          std::size_t left = ph.p_memsz;
          while (left >= sizeof(ElfW(Nhdr))) {
            ElfW(Nhdr) note;
            std::memcpy(&note, p, sizeof note);
            const std::size_t name = (note.n_namesz + align - 1) & ~(align - 1);
            const std::size_t desc = (note.n_descsz + align - 1) & ~(align - 1);
            const std::size_t whole = sizeof note + name + desc;
            if (whole > left) break;
            if (note.n_type == NT_GNU_BUILD_ID && note.n_namesz == 4 && std::memcmp(p + sizeof note, "GNU", 4) == 0) {
              static constexpr char kHex[] = "0123456789abcdef";
              const auto* bytes = reinterpret_cast<const unsigned char*>(p + sizeof note + name);
              for (std::size_t k = 0; k < note.n_descsz; ++k) {
                out += kHex[bytes[k] >> 4];
                out += kHex[bytes[k] & 15];
              }
              return 1;
            }
            p += whole;
            left -= whole;
          }
        }
        return 1;  // the program only, never a library
      },
      &id);
  return id;
}

}  // namespace

std::string key(std::string_view content, const std::string& profile, bool with_examples, const Limits& limits) {
  static const std::string kBuildId = program_build_id();
  if (kBuildId.empty()) return {};
  Sha256 digest;
  digest.update(kMagic);
  digest.update(kBuildId + '\0' + profile + '\0' + (with_examples ? "examples" : "no examples") + '\0' +
                std::to_string(limits.regex_max_mem) + '\0' + std::to_string(limits.max_rule_file_bytes) + '\0');
  digest.update(content);
  return digest.hex();
}

std::string path(const std::string& dir, const std::string& key) {
  return (std::filesystem::path(dir) / (std::string(kNamePrefix) + key + std::string(kNameSuffix))).string();
}

std::optional<RuleSet> read(const std::string& file, const std::string& key, const Limits& limits,
                            std::size_t max_bytes) {
  const std::string bytes = read_own_file(file, kMagic.size() + 2 * kHexDigest + max_bytes);
  const std::string_view whole(bytes);
  if (whole.size() < kMagic.size() + 2 * kHexDigest || whole.substr(0, kMagic.size()) != kMagic ||
      whole.substr(kMagic.size(), kHexDigest) != key)
    return std::nullopt;
  const std::string_view digest = whole.substr(kMagic.size() + kHexDigest, kHexDigest);
  std::string payload(whole.substr(kMagic.size() + 2 * kHexDigest));
  if (sha256_hex(payload) != digest) return std::nullopt;
  try {
    std::istringstream stream(std::move(payload));
    cereal::BinaryInputArchive archive(stream);
    t_regex_max_mem = limits.regex_max_mem;
    RuleSet rules;
    archive(rules);
    return rules;
  } catch (const std::exception&) {  // cereal::Exception on a short payload; bad_alloc on a hostile length
    return std::nullopt;
  }
}

void write(const std::string& file, const std::string& key, const RuleSet& rules) {
  std::ostringstream payload;
  {
    cereal::BinaryOutputArchive archive(payload);
    archive(rules);
  }
  const std::string bytes = payload.str();
  namespace fs = std::filesystem;
  if (write_whole(file, std::string(kMagic) + key + sha256_hex(bytes) + bytes))
    prune(fs::path(file).parent_path(), fs::path(file), kNameSuffix);
}

std::optional<Stamp> stamp_of(const std::string& name, const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  Stamp out;
  out.name = name;
  out.device = static_cast<std::uint64_t>(st.st_dev);
  out.inode = static_cast<std::uint64_t>(st.st_ino);
  out.size = static_cast<std::uint64_t>(st.st_size);
  out.modified_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  out.changed_ns = static_cast<std::int64_t>(st.st_ctim.tv_sec) * 1'000'000'000 + st.st_ctim.tv_nsec;
  return out;
}

std::string stamp_key(const std::vector<Stamp>& stamps, const std::string& profile, bool with_examples,
                      const Limits& limits) {
  std::string text;
  for (const Stamp& s : stamps)
    text += s.name + '\0' + std::to_string(s.device) + ' ' + std::to_string(s.inode) + ' ' + std::to_string(s.size) +
            ' ' + std::to_string(s.modified_ns) + ' ' + std::to_string(s.changed_ns) + '\0';
  const std::string k = key(text, profile, with_examples, limits);
  return k.empty() ? k : sha256_hex(std::string(kIndexMagic) + k);
}

std::string read_index(const std::string& dir, const std::string& stamp_key) {
  const std::size_t whole = kIndexMagic.size() + 2 * kHexDigest;
  const std::string bytes = read_own_file(index_path(dir, stamp_key), whole);
  if (bytes.size() != whole || std::string_view(bytes).substr(0, kIndexMagic.size()) != kIndexMagic ||
      std::string_view(bytes).substr(kIndexMagic.size(), kHexDigest) != stamp_key)
    return {};
  std::string content = bytes.substr(kIndexMagic.size() + kHexDigest, kHexDigest);
  const bool hex = std::all_of(content.begin(), content.end(),
                               [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
  return hex ? content : std::string();
}

void write_index(const std::string& dir, const std::string& stamp_key, const std::string& content_hash,
                 const std::vector<Stamp>& stamps) {
  if (stamp_key.size() != kHexDigest || content_hash.size() != kHexDigest) return;
  struct timespec now {};
  if (::clock_gettime(CLOCK_REALTIME, &now) != 0) return;
  const std::int64_t settled = static_cast<std::int64_t>(now.tv_sec) * 1'000'000'000 + now.tv_nsec - kSettledNs;
  for (const Stamp& s : stamps)
    if (s.modified_ns > settled || s.changed_ns > settled) return;
  const std::string file = index_path(dir, stamp_key);
  if (write_whole(file, std::string(kIndexMagic) + stamp_key + content_hash)) prune(dir, file, kIndexSuffix);
}

}  // namespace snapshot
}  // namespace jx::rules
