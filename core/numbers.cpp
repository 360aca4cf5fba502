// Number formatting over std::to_chars, which never consults the locale.
#include "core/numbers.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace jx {

std::string format_shortest(double v) {
  if (!std::isfinite(v)) return {};
  if (v == 0) return "0";  // also -0
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

std::string format_shortest(const std::optional<double>& v) { return v ? format_shortest(*v) : std::string(); }

std::string format_fixed(double v, int decimals) {
  decimals = std::clamp(decimals, 0, 17);
  if (std::isnan(v)) return std::signbit(v) ? "-nan" : "nan";
  if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
  char buf[400];  // 309 integer digits, a sign, a point and 17 decimals at most
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
  return std::string(buf, r.ptr);
}

std::string format_general(double v, int precision) {
  precision = std::clamp(precision, 0, 17);
  if (std::isnan(v)) return std::signbit(v) ? "-nan" : "nan";
  if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, precision);
  return std::string(buf, r.ptr);
}

std::string format_rounded(double v, int decimals) {
  if (!std::isfinite(v)) return "—";
  decimals = std::clamp(decimals, 0, 17);
  double scale = std::pow(10.0, decimals);
  double r = std::round(v * scale) / scale;
  if (r == 0) r = 0;  // no "-0"
  std::string s = format_fixed(r, decimals);
  if (s.find('.') != std::string::npos) {
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
  }
  return s;
}

}  // namespace jx
