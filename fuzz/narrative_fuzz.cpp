// Arbitrary text as the narrative of a report with one indicator: the breakdown-sentence matcher and the sum check.
#include <cstddef>
#include <cstdint>
#include <string>

#include "audit/checks.h"
#include "fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  jx::audit::Report report;
  jx::audit::Indicator ind;
  ind.level1 = "产出";
  ind.level2 = "产出数量";
  ind.name = "运营分析报告数量";
  report.indicators.push_back(ind);
  jx::extract::TextBlock block;
  block.page = 1;
  block.text.assign(reinterpret_cast<const char*>(data), size);
  report.narrative.push_back(block);
  for (const auto& f : jx::audit::check_narrative(report, jx::fuzz::real_rules())) (void)f.message.size();
  return 0;
}
