#include "extract/pdf/truetype_cmap.h"

#include <GfxFont.h>  // first: it brings poppler_private_export.h, which fofi/FoFiTrueType.h uses unincluded
#include <fofi/FoFiTrueType.h>

#include <algorithm>
#include <cstdint>

namespace jx::extract {

namespace {

// Big-endian reads that fail (nullopt) outside the font's bytes, where FoFiTrueType's readers return 0.
struct Reader {
  const unsigned char* data;
  std::size_t size;

  std::optional<std::uint32_t> u16(std::uint64_t at) const {
    if (at + 2 > size) return std::nullopt;
    return (std::uint32_t{data[at]} << 8) | data[at + 1];
  }
  std::optional<std::uint32_t> u32(std::uint64_t at) const {
    auto hi = u16(at), lo = u16(at + 2);
    if (!hi || !lo) return std::nullopt;
    return (*hi << 16) | *lo;
  }
};

constexpr std::uint32_t kCollection = 0x74746366;  // 'ttcf'
constexpr std::uint32_t kCmap = 0x636D6170;        // 'cmap'

}  // namespace

std::optional<std::vector<std::pair<char32_t, char32_t>>> cmap_code_ranges(const unsigned char* font, std::size_t size,
                                                                           const FoFiTrueType& tt, int index) {
  const Reader r{font, size};
  auto tag = r.u32(0);
  auto tables = r.u16(4);
  if (!tag || !tables || *tag == kCollection) return std::nullopt;
  // FoFiTrueType drops a directory entry that points outside the file and takes the first 'cmap' it keeps; this
  // reading gives up at any entry it cannot read or that points outside.
  std::optional<std::uint64_t> cmap;
  for (std::uint32_t i = 0; i < *tables && !cmap; ++i) {
    const std::uint64_t record = 12 + std::uint64_t{16} * i;
    auto record_tag = r.u32(record), offset = r.u32(record + 8), length = r.u32(record + 12);
    if (!record_tag || !offset || !length || std::uint64_t{*offset} + *length > size) return std::nullopt;
    if (*record_tag == kCmap) cmap = *offset;
  }
  if (!cmap) return std::nullopt;
  auto subtables = r.u16(*cmap + 2);
  if (!subtables || static_cast<int>(*subtables) != tt.getNumCmaps() || index < 0 ||
      index >= static_cast<int>(*subtables)) {
    return std::nullopt;
  }
  const std::uint64_t record = *cmap + 4 + std::uint64_t{8} * static_cast<std::uint64_t>(index);
  auto platform = r.u16(record), encoding = r.u16(record + 2), offset = r.u32(record + 4);
  if (!platform || !encoding || !offset || static_cast<int>(*platform) != tt.getCmapPlatform(index) ||
      static_cast<int>(*encoding) != tt.getCmapEncoding(index)) {
    return std::nullopt;
  }
  const std::uint64_t at = *cmap + *offset;
  auto format = r.u16(at);
  if (!format) return std::nullopt;
  std::vector<std::pair<char32_t, char32_t>> ranges;
  if (*format == 0 || *format == 6) {
    ranges.emplace_back(0, 0x1FFFE);  // a byte code, or a 16-bit first code and count
  } else if (*format == 4) {
    // mapCodeToGID finds the segment whose end is the first at or past the code, and maps the code only when it is
    // at or past that segment's start: every mapped code lies in some segment [start, end].
    auto twice_segments = r.u16(at + 6);
    if (!twice_segments) return std::nullopt;
    const std::uint32_t segments = *twice_segments / 2;
    if (segments == 0) return std::nullopt;  // mapCodeToGID then reads before the table
    for (std::uint32_t i = 0; i < segments; ++i) {
      auto end = r.u16(at + 14 + 2 * std::uint64_t{i}), start = r.u16(at + 16 + 2 * std::uint64_t{segments + i});
      if (!end || !start) return std::nullopt;
      if (*start <= *end) ranges.emplace_back(*start, *end);
    }
  } else if (*format == 12) {
    auto groups = r.u32(at + 12);
    if (!groups || *groups == 0) return std::nullopt;
    for (std::uint32_t i = 0; i < *groups; ++i) {
      const std::uint64_t group = at + 16 + std::uint64_t{12} * i;
      auto start = r.u32(group), end = r.u32(group + 4);
      if (!start || !end) return std::nullopt;
      if (*start <= *end) ranges.emplace_back(*start, *end);
    }
  } else {
    return std::nullopt;
  }
  std::sort(ranges.begin(), ranges.end());
  std::vector<std::pair<char32_t, char32_t>> merged;
  for (const auto& range : ranges) {
    if (!merged.empty() && range.first <= merged.back().second + 1) {
      merged.back().second = std::max(merged.back().second, range.second);
    } else {
      merged.push_back(range);
    }
  }
  return merged;
}

}  // namespace jx::extract
