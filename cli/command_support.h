// What the commands of cli/commands.h share: loading the rules as a command needs them, the severity order of
// --fail-on, and the Limits the options set. Internal to cli/.
#pragma once

#include <optional>
#include <ostream>
#include <string>

#include "cli/commands.h"
#include "core/limits.h"
#include "rules/ruleset.h"

namespace jx::cli {

// The rules of --rules (else the default folder) with --profile; the rules hash only for a batch (-o), the one
// command that keys its results by it. On a problem, each is a line on `err` and the result is nullopt.
std::optional<rules::RuleSet> load_or_report(const CommandOptions& opt, std::ostream& err);

// error 3, warning 2, info 1, anything else 0.
int severity_rank(const std::string& s);

// The default Limits with --timeout and --memory.
Limits limits_from(const CommandOptions& opt);

}  // namespace jx::cli
