// The commands of the text path, which the jxaudit binary runs itself: audit without -o (--json, --jsonl, the
// terminal's table), tables, rules check, --version. They link none of the libraries of the batch's outputs.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <optional>

#include "audit/checks.h"
#include "audit/json_writer.h"
#include "audit/pipeline.h"
#include "batch/inputs.h"
#include "cli/command_support.h"
#include "cli/commands.h"
#include "core/numbers.h"
#include "core/outcome.h"
#include "extract/grid/tables_json.h"
#include "extract/ocr/ocr_module.h"
#include "rules/letter_template.h"
#include "rules/ruleset.h"

namespace jx::cli {

using jx::batch::discover_inputs;
using namespace jx::audit;  // NOLINT(google-build-using-namespace): the commands are a thin layer over it

std::optional<rules::RuleSet> load_or_report(const CommandOptions& opt, std::ostream& err) {
  // The rules hash is the batch's (its resume key); the other audits print no hash.
  auto loaded = load_audit_rules(
      opt.rules_dir.empty() ? rules::default_rules_dir() : opt.rules_dir, Limits{}, opt.profile, rules::Examples::Skip,
      opt.out_dir.empty() ? rules::Hash::Skip : rules::Hash::Compute, rules::default_snapshot_dir());
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

namespace {

bool parse_shard_in(const std::string& text, int* index, int* count) {
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

// One project's table. `index` and `count` place it among the file's projects: a file with several has its file line
// followed by "[项目 2/3，第 4–6 页]" (project_index 1 of 3, its table's pages), so each block says which it is.
void print_findings_table(const Report& r, std::size_t index, std::size_t count, std::ostream& out) {
  out << r.file;
  if (count > 1) {
    out << "  [项目 " << index + 1 << "/" << count;
    if (r.first_page > 0)
      out << "，第 " << r.first_page << (r.last_page > r.first_page ? "–" + std::to_string(r.last_page) : "") << " 页";
    out << "]";
  }
  out << "\n  " << r.project.name.value_or("(项目名称未识别)") << "  "
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

ExitCode run_jsonl_command(const CommandOptions& opt, const rules::RuleSet& rules, std::ostream& out,
                           std::ostream& err);

}  // namespace

bool parse_shard(const std::string& text, int* index, int* count) { return parse_shard_in(text, index, count); }

bool runs_in_text_binary(Command command, const CommandOptions& opt) {
  switch (command) {
    case Command::Audit:
      return opt.out_dir.empty();
    case Command::Tables:
    case Command::RulesCheck:
      return true;
    default:
      return false;
  }
}

ExitCode run_text_command(Command command, const CommandOptions& opt, std::ostream& out, std::ostream& err) {
  if (!runs_in_text_binary(command, opt)) {
    err << "jxaudit: this command is run by jxaudit-full\n";
    return ExitCode::Usage;
  }
  switch (command) {
    case Command::Tables:
      return run_tables_command(opt, out, err);
    case Command::RulesCheck:
      return run_rules_check_command(opt, out, err);
    default:
      return run_audit_text_command(opt, out, err);
  }
}

ExitCode run_audit_text_command(const CommandOptions& opt, std::ostream& out, std::ostream& err) {
  if (!opt.out_dir.empty()) {
    err << "jxaudit audit: -o OUT (a batch) is run by jxaudit-full\n";
    return ExitCode::Usage;
  }
  if (opt.jsonl && opt.json) {
    err << "jxaudit audit: --jsonl prints every report on stdout; it takes neither --json nor -o OUT\n";
    return ExitCode::Usage;
  }
  if (opt.json && opt.inputs.size() != 1) {
    err << "jxaudit audit --json takes exactly one PDF file\n";
    return ExitCode::Usage;
  }
  auto rules = load_or_report(opt, err);
  if (!rules) return ExitCode::Usage;

  if (opt.json) {
    const std::string& path = opt.inputs.front();
    auto result = audit_file(path, *rules, limits_from(opt));
    if (result.projects.empty()) {
      out << error_to_json(path, result.error).dump(2) << "\n";
      err << "jxaudit: " << path << ": " << result.error.message << "\n";
      return ExitCode::InputsFailed;
    }
    out << report_to_json(result.projects).dump(2) << "\n";
    if (!opt.fail_on.empty()) {
      int threshold = severity_rank(opt.fail_on);
      for (const auto& report : result.projects)
        for (const auto& f : report.findings)
          if (severity_rank(f.severity) >= threshold) return ExitCode::Findings;
    }
    return ExitCode::Ran;
  }

  if (opt.jsonl) return run_jsonl_command(opt, *rules, out, err);

  // Neither --json nor -o: a short table of findings per report, for a person at a terminal.
  ExitCode code = ExitCode::Ran;
  auto found = discover_inputs(opt.inputs);
  for (const auto& problem : found.problems) err << "jxaudit: " << problem << "\n";
  if (!found.problems.empty()) code = ExitCode::InputsFailed;
  // On a terminal, the file being read is shown on stderr ("[3/12] 正在审核 x.pdf …", and the page a scan is at)
  // until its table is printed.
  const bool live = !opt.quiet && &err == &std::cerr && ::isatty(STDERR_FILENO) != 0;
  std::size_t done = 0, failed = 0, projects = 0;
  std::string status;
  if (live)
    extract::set_ocr_page_observer([&status, &err](int page, int pages) {
      err << "\r\x1b[K" << status << " OCR 第 " << page << "/" << pages << " 页" << std::flush;
    });
  for (const auto& input : found.files) {
    const std::string& path = input.path;
    status = "[" + std::to_string(done + 1) + "/" + std::to_string(found.files.size()) + "] 正在审核 " + input.rel;
    if (live) err << "\r\x1b[K" << status << " …" << std::flush;
    auto result = audit_file(path, *rules, limits_from(opt));
    if (live) err << "\r\x1b[K" << std::flush;
    ++done;
    if (result.projects.empty()) {
      const std::string outcome = to_string(result.error.outcome);
      out << path << "\n  FAILED  " << outcome_label_zh(outcome) << "：" << result.error.message << "  [" << outcome
          << "]\n\n";
      code = ExitCode::InputsFailed;
      ++failed;
      continue;
    }
    projects += result.projects.size();
    for (std::size_t i = 0; i < result.projects.size(); ++i) {
      const auto& report = result.projects[i];
      print_findings_table(report, i, result.projects.size(), out);
      if (code == ExitCode::Ran && !opt.fail_on.empty()) {
        int threshold = severity_rank(opt.fail_on);
        for (const auto& f : report.findings)
          if (severity_rank(f.severity) >= threshold) code = ExitCode::Findings;
      }
    }
  }
  if (live) extract::set_ocr_page_observer({});
  if (!opt.quiet)
    err << "jxaudit: " << found.files.size() << " 个文件，" << projects << " 个项目，失败 " << failed << " 个"
        << (found.problems.empty() ? "" : "；另有输入问题（见上）") << "\n";
  return code;
}

namespace {

// audit --jsonl: the inputs in the order named, each folder's *.pdf in discover_inputs' order (by relative name);
// for each file one line on `out`, its report document as `audit --json` gives it (or its error document), each
// file audited in this process under its own Limits. A file that cannot be audited is also a line on `err`.
ExitCode run_jsonl_command(const CommandOptions& opt, const rules::RuleSet& rules, std::ostream& out,
                           std::ostream& err) {
  ExitCode code = ExitCode::Ran;
  const int threshold = opt.fail_on.empty() ? 0 : severity_rank(opt.fail_on);
  bool findings_at_threshold = false;
  const Limits limits = limits_from(opt);
  for (const auto& input : opt.inputs) {
    auto found = discover_inputs({input});
    for (const auto& problem : found.problems) err << "jxaudit: " << problem << "\n";
    if (!found.problems.empty()) code = ExitCode::InputsFailed;
    for (const auto& file : found.files) {
      AuditResult result;
      if (file.refused.empty()) {
        result = audit_file(file.path, rules, limits);
      } else {
        result.error = {Outcome::NotFound, file.refused + ": " + file.path};
      }
      if (result.projects.empty()) {
        out << error_to_json(file.path, result.error).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
            << "\n";
        err << "jxaudit: " << file.path << ": " << result.error.message << "\n";
        code = ExitCode::InputsFailed;
      } else {
        out << report_to_json(result.projects).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        for (const auto& report : result.projects)
          for (const auto& f : report.findings)
            if (threshold > 0 && severity_rank(f.severity) >= threshold) findings_at_threshold = true;
      }
      out.flush();  // a reader of the stream gets each report as soon as it is made
    }
  }
  if (code == ExitCode::Ran && findings_at_threshold) return ExitCode::Findings;
  return code;
}

}  // namespace

ExitCode run_tables_command(const CommandOptions& opt, std::ostream& out, std::ostream& err) {
  if (opt.inputs.size() != 1) {
    err << "jxaudit tables takes exactly one PDF file\n";
    return ExitCode::Usage;
  }
  auto result = extract_tables(opt.inputs.front(), Limits{});
  if (result.error.outcome != Outcome::Ok) {
    err << "jxaudit: " << opt.inputs.front() << ": " << result.error.message << "\n";
    return ExitCode::InputsFailed;
  }
  auto doc = extract::tables_to_json(result.tables);
  doc["file"] = opt.inputs.front();
  // A file name that is not UTF-8 is shown with U+FFFD where its bytes do not decode, as the report document does.
  out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  return ExitCode::Ran;
}

// Every profile of the directory is loaded with the shared files; a problem of a shared file is said once.
ExitCode run_rules_check_command(const CommandOptions& opt, std::ostream& out, std::ostream& err) {
  std::string dir = opt.rules_dir.empty() ? rules::default_rules_dir() : opt.rules_dir;
  std::vector<std::string> names = rules::profile_names(dir);
  if (names.empty()) names.push_back(rules::kDefaultProfile);  // reported as a directory without profiles
  std::vector<std::string> problems;
  std::optional<rules::RuleSet> shown;  // the default profile's, else the first's
  for (const auto& name : names) {
    auto loaded = load_audit_rules(dir, Limits{}, name);
    for (const auto& e : loaded.errors) {
      std::string line = e.to_string();
      if (std::find(problems.begin(), problems.end(), line) == problems.end()) problems.push_back(std::move(line));
    }
    if (loaded.ok() && (!shown || name == rules::kDefaultProfile)) shown = std::move(loaded.rules);
  }
  // The letters' template, when the folder has one (only `jxaudit letters` needs it).
  const std::string letter_template = rules::letter_template_path(dir);
  std::error_code ec;
  if (std::filesystem::exists(letter_template, ec))
    for (const auto& e : rules::load_letter_template(letter_template).errors) problems.push_back(e.to_string());
  if (!problems.empty() || !shown) {
    for (const auto& p : problems) err << p << "\n";
    err << "jxaudit rules check: " << problems.size() << " problem(s) in " << dir << "\n";
    return ExitCode::Usage;
  }
  std::string listed;
  for (const auto& n : names) listed += (listed.empty() ? "" : ", ") + n;
  out << "ok: " << dir << ": " << shown->checks.size() << " rules, profiles " << listed << "; rules hash with "
      << shown->profile.name << " " << shown->hash << "\n";
  return ExitCode::Ran;
}

std::string version_text() {
  std::string text = std::string("jxaudit ") + JX_VERSION + "\n";
  text += std::string("built with Poppler ") + JX_POPPLER_VERSION + ", Tesseract " + JX_TESSERACT_VERSION +
          ", Leptonica " + JX_LEPTONICA_VERSION + "\n";
  text += "OCR module: " + extract::ocr_module_location() + "\n";
  const std::string dir = rules::default_rules_dir();
  auto loaded = load_audit_rules(dir, Limits{}, rules::kDefaultProfile, rules::Examples::Skip);
  if (loaded.ok())
    text += "rules: " + dir + " (profile " + loaded.rules->profile.name + ", rules hash " + loaded.rules->hash + ")";
  else
    text += "rules: " + dir + " (cannot be loaded: jxaudit rules check " + dir + " says why)";
  return text;
}

ExitCode run_guarded(const std::function<ExitCode()>& command, std::ostream& err) {
  try {
    return command();
  } catch (const std::bad_alloc&) {
    err << "jxaudit: internal error: out of memory\n";
  } catch (const std::exception& e) {
    err << "jxaudit: internal error: " << e.what() << "\n";
  } catch (...) {
    err << "jxaudit: internal error: an unknown exception\n";
  }
  return ExitCode::InputsFailed;
}

}  // namespace jx::cli
