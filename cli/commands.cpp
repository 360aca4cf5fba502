#include "cli/commands.h"

#include <algorithm>
#include <thread>

#include "audit/json_writer.h"
#include "audit/pipeline.h"
#include "batch/batch.h"
#include "batch/inputs.h"
#include "core/numbers.h"
#include "extract/grid/tables_json.h"
#include "outputs/out_files.h"
#include "rules/ruleset.h"

namespace jx::audit {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitInputFailed = 1;
constexpr int kExitUsage = 2;
constexpr int kExitFindings = 3;

std::optional<rules::RuleSet> load_or_report(const CommandOptions& opt, std::ostream& err) {
  auto loaded = rules::load_rules(opt.rules_dir.empty() ? rules::default_rules_dir() : opt.rules_dir);
  if (!loaded.ok()) {
    for (const auto& e : loaded.errors) err << e.to_string() << "\n";
    if (loaded.errors.empty()) err << "jxaudit: the rule files could not be loaded\n";
    return std::nullopt;
  }
  return std::move(loaded.rules);
}

int severity_rank(const std::string& s) {
  if (s == "error") return 3;
  if (s == "warning") return 2;
  if (s == "info") return 1;
  return 0;
}

Limits limits_from(const CommandOptions& opt) {
  Limits limits;
  limits.seconds_per_file = opt.timeout_seconds;
  limits.memory_per_worker = static_cast<std::size_t>(opt.memory_mb * 1024 * 1024);
  return limits;
}

bool parse_shard(const std::string& text, int* index, int* count) {
  auto slash = text.find('/');
  if (slash == std::string::npos) return false;
  try {
    int k = std::stoi(text.substr(0, slash));
    int n = std::stoi(text.substr(slash + 1));
    if (n < 1 || k < 1 || k > n) return false;
    *index = k - 1;
    *count = n;
    return true;
  } catch (...) {
    return false;
  }
}

std::string fmt2(std::optional<double> v) { return v ? format_fixed(*v, 2) : "—"; }

void print_findings_table(const Report& r, std::ostream& out) {
  out << r.file << "\n  " << r.project.name.value_or("(项目名称未识别)") << "  "
      << (r.project.year ? std::to_string(*r.project.year) : std::string("—")) << "年  总分 自评 "
      << fmt2(r.total_score.stated) << " / 复核 " << fmt2(r.total_score.recomputed) << "  " << r.indicators.size()
      << " 项指标  " << r.findings.size() << " 条问题\n";
  for (const auto& f : r.findings) {
    out << "  " << f.severity << std::string(f.severity.size() < 8 ? 8 - f.severity.size() : 1, ' ') << f.rule
        << std::string(f.rule.size() < 26 ? 26 - f.rule.size() : 1, ' ') << (f.indicator ? *f.indicator : "—") << "  "
        << f.message;
    if (f.page > 0) out << "  (第" << f.page << "页)";
    out << "\n";
  }
  out << "\n";
}

}  // namespace

int run_batch_command(const CommandOptions& opt, const rules::RuleSet& rules, std::ostream& err);

int run_audit_command(const CommandOptions& opt, std::ostream& out, std::ostream& err) {
  if (opt.json && !opt.out_dir.empty()) {
    err << "jxaudit audit: give either --json FILE.pdf (one report on stdout) or -o OUT (a batch), not both\n";
    return kExitUsage;
  }
  if (opt.json && opt.inputs.size() != 1) {
    err << "jxaudit audit --json takes exactly one PDF file\n";
    return kExitUsage;
  }
  auto rules = load_or_report(opt, err);
  if (!rules) return kExitUsage;

  if (opt.json) {
    const std::string& path = opt.inputs.front();
    auto result = audit_file(path, *rules, limits_from(opt));
    if (!result.report) {
      out << error_to_json(path, result.error).dump(2) << "\n";
      err << "jxaudit: " << path << ": " << result.error.message << "\n";
      return kExitInputFailed;
    }
    out << report_to_json(*result.report).dump(2) << "\n";
    if (!opt.fail_on.empty()) {
      int threshold = severity_rank(opt.fail_on);
      for (const auto& f : result.report->findings)
        if (severity_rank(f.severity) >= threshold) return kExitFindings;
    }
    return kExitOk;
  }

  if (!opt.out_dir.empty()) return run_batch_command(opt, *rules, err);

  // Neither --json nor -o: a short table of findings per report, for a person at a terminal.
  int code = kExitOk;
  auto found = discover_inputs(opt.inputs);
  for (const auto& problem : found.problems) err << "jxaudit: " << problem << "\n";
  if (!found.problems.empty()) code = kExitInputFailed;
  for (const auto& input : found.files) {
    const std::string& path = input.path;
    auto result = audit_file(path, *rules, limits_from(opt));
    if (!result.report) {
      out << path << "\n  FAILED  " << result.error.message << "  [" << to_string(result.error.outcome) << "]\n\n";
      code = kExitInputFailed;
      continue;
    }
    print_findings_table(*result.report, out);
    if (code == kExitOk && !opt.fail_on.empty()) {
      int threshold = severity_rank(opt.fail_on);
      for (const auto& f : result.report->findings)
        if (severity_rank(f.severity) >= threshold) code = kExitFindings;
    }
  }
  return code;
}

int run_batch_command(const CommandOptions& opt, const rules::RuleSet& rules, std::ostream& err) {
  BatchOptions batch;
  batch.inputs = opt.inputs;
  batch.out_dir = opt.out_dir;
  batch.jobs = opt.jobs > 0 ? opt.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  batch.force = opt.force;
  batch.quiet = opt.quiet;
  batch.limits = limits_from(opt);
  if (!opt.shard.empty() && !parse_shard(opt.shard, &batch.shard_index, &batch.shard_count)) {
    err << "jxaudit audit: --shard takes K/N with 1 <= K <= N, e.g. --shard 2/4\n";
    return kExitUsage;
  }
  BatchSummary summary = run_batch(batch, rules, err);
  if (summary.failed > 0 || summary.interrupted) return kExitInputFailed;
  if (!opt.fail_on.empty()) {
    int threshold = severity_rank(opt.fail_on);
    if ((threshold <= 3 && summary.findings_error > 0) || (threshold <= 2 && summary.findings_warning > 0) ||
        (threshold <= 1 && summary.findings_info > 0))
      return kExitFindings;
  }
  return kExitOk;
}

int run_tables_command(const CommandOptions& opt, std::ostream& out, std::ostream& err) {
  if (opt.inputs.size() != 1) {
    err << "jxaudit tables takes exactly one PDF file\n";
    return kExitUsage;
  }
  auto result = extract_tables(opt.inputs.front(), Limits{});
  if (result.error.outcome != Outcome::Ok) {
    err << "jxaudit: " << opt.inputs.front() << ": " << result.error.message << "\n";
    return kExitInputFailed;
  }
  auto doc = extract::tables_to_json(result.tables);
  doc["file"] = opt.inputs.front();
  out << doc.dump(2) << "\n";
  return kExitOk;
}

int run_merge_command(const CommandOptions& opt, std::ostream& out, std::ostream& err) {
  return merge_outputs(opt.inputs, opt.out_dir, err);
}

int run_rules_check_command(const CommandOptions& opt, std::ostream& out, std::ostream& err) {
  std::string dir = opt.rules_dir.empty() ? rules::default_rules_dir() : opt.rules_dir;
  auto loaded = rules::load_rules(dir);
  if (!loaded.ok()) {
    for (const auto& e : loaded.errors) err << e.to_string() << "\n";
    err << "jxaudit rules check: " << loaded.errors.size() << " problem(s) in " << dir << "\n";
    return kExitUsage;
  }
  out << "ok: " << dir << ": " << loaded.rules->checks.size() << " rules, rules hash " << loaded.rules->hash << "\n";
  return kExitOk;
}

}  // namespace jx::audit
