// Arbitrary bytes as a target, actual, number and operator cell, and as an indicator name.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_common.h"
#include "rules/value_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto& values = jx::fuzz::real_rules().values;
  std::string_view all(reinterpret_cast<const char*>(data), size);
  size_t cut = all.find('\n');
  std::string_view text = all.substr(0, cut);
  std::string_view name = cut == std::string_view::npos ? std::string_view{} : all.substr(cut + 1);
  (void)jx::rules::normalize_text(all);
  (void)jx::rules::normalize_header(all);
  (void)jx::rules::parse_target(text, name, values);
  (void)jx::rules::parse_target(text, name, values, name, name);
  (void)jx::rules::parse_actual(all, values);
  (void)jx::rules::parse_number(all);
  (void)jx::rules::parse_operator_symbol(all);
  return 0;
}
