// Shared setup of the fuzz targets: the project's real rule files, loaded once per process.
#pragma once

#include <cstdlib>
#include <string>

#include "audit/checks.h"
#include "rules/ruleset.h"

namespace jx::fuzz {

inline const rules::RuleSet& real_rules() {
  static const rules::RuleSet rs = [] {
    auto loaded = audit::load_audit_rules(rules::default_rules_dir());
    if (!loaded.ok()) std::abort();  // the fuzzers need the project's own valid rules: a setup bug, not an input
    return std::move(*loaded.rules);
  }();
  return rs;
}

}  // namespace jx::fuzz
