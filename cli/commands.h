// The CLI's commands as library functions, so tests call exactly what the binary runs.
// Each returns the process exit code: 0 ran, 1 some inputs could not be processed, 2 bad usage or bad rule
// files, 3 a finding at or above --fail-on.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace jx::audit {

struct CommandOptions {
  std::vector<std::string> inputs;
  bool json = false;
  std::string out_dir;
  std::string rules_dir;  // empty: rules::default_rules_dir()
  std::string fail_on;    // "", "info", "warning", "error"
  int jobs = 0;           // 0: number of cores
  double timeout_seconds = 120;
  double memory_mb = 2048;
  bool force = false;
  bool quiet = false;
  std::string shard;  // "K/N"
};

int run_audit_command(const CommandOptions& opt, std::ostream& out, std::ostream& err);
int run_tables_command(const CommandOptions& opt, std::ostream& out, std::ostream& err);
int run_merge_command(const CommandOptions& opt, std::ostream& out, std::ostream& err);
int run_rules_check_command(const CommandOptions& opt, std::ostream& out, std::ostream& err);

}  // namespace jx::audit
