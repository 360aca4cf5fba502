#include "cli/commands.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <optional>
#include <thread>

#include "batch/batch.h"
#include "cli/command_support.h"
#include "extract/ocr/ocr_env.h"
#include "outputs/letters.h"
#include "outputs/out_files.h"
#include "outputs/register.h"
#include "outputs/summary_rows.h"
#include "rules/letter_template.h"
#include "rules/ruleset.h"
#include "serve/server.h"

namespace jx::cli {

using jx::batch::BatchOptions;
using jx::batch::BatchSummary;
using jx::batch::merge_outputs;
using jx::batch::MergeOutcome;
using jx::batch::run_batch;

namespace {

ExitCode run_batch_command(const CommandOptions& opt, const rules::RuleSet& rules, std::ostream& err) {
  BatchOptions batch;
  batch.inputs = opt.inputs;
  batch.out_dir = opt.out_dir;
  batch.jobs = opt.jobs > 0 ? opt.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  batch.force = opt.force;
  batch.quiet = opt.quiet;
  batch.limits = limits_from(opt);
  batch.db_path = opt.db_path;
  if (!opt.shard.empty() && !parse_shard(opt.shard, &batch.shard_index, &batch.shard_count)) {
    err << "jxaudit audit: --shard takes K/N with 1 <= K <= N, e.g. --shard 2/4\n";
    return ExitCode::Usage;
  }
  BatchSummary summary = run_batch(batch, rules, err);
  if (summary.failed > 0 || summary.interrupted || summary.problems > 0) return ExitCode::InputsFailed;
  if (!opt.fail_on.empty()) {
    int threshold = severity_rank(opt.fail_on);
    if ((threshold <= 3 && summary.findings_error > 0) || (threshold <= 2 && summary.findings_warning > 0) ||
        (threshold <= 1 && summary.findings_info > 0))
      return ExitCode::Findings;
  }
  return ExitCode::Ran;
}

}  // namespace

ExitCode run_command(Command command, const CommandOptions& opt, char** argv, std::ostream& out, std::ostream& err) {
  switch (command) {
    case Command::Audit:
      // A batch keeps Tesseract to one thread (its parallelism is the workers'); OpenMP reads the limit only when it
      // loads, so the process starts again with it set. A single file keeps OpenMP's default and skips the restart.
      if (!opt.out_dir.empty()) jx::extract::reexec_with_single_thread_openmp(argv);
      return run_audit_command(opt, out, err);
    case Command::Tables:
      return run_tables_command(opt, out, err);
    case Command::RulesCheck:
      return run_rules_check_command(opt, out, err);
    case Command::Merge:
      return run_merge_command(opt, out, err);
    case Command::History:
      return run_history_command(opt, out, err);
    case Command::ReviewSet:
      return run_review_set_command(opt, out, err);
    case Command::Letters:
      return run_letters_command(opt, out, err);
    case Command::Serve:
      return run_serve_command(opt, out, err);
  }
  return ExitCode::Usage;
}

ExitCode run_audit_command(const CommandOptions& opt, std::ostream& out, std::ostream& err) {
  if (opt.out_dir.empty()) return run_audit_text_command(opt, out, err);
  if (opt.json) {
    err << "jxaudit audit: give either --json FILE.pdf (one report on stdout) or -o OUT (a batch), not both\n";
    return ExitCode::Usage;
  }
  if (opt.jsonl) {
    err << "jxaudit audit: --jsonl prints every report on stdout; it takes neither --json nor -o OUT\n";
    return ExitCode::Usage;
  }
  auto rules = load_or_report(opt, err);
  if (!rules) return ExitCode::Usage;
  return run_batch_command(opt, *rules, err);
}

ExitCode run_merge_command(const CommandOptions& opt, std::ostream& out, std::ostream& err) {
  auto rules = load_or_report(opt, err);  // the summary's grade bands are in the rule files
  if (!rules) return ExitCode::Usage;
  switch (merge_outputs(opt.inputs, opt.out_dir, *rules, err, opt.db_path)) {
    case MergeOutcome::Merged:
      return ExitCode::Ran;
    case MergeOutcome::NotAShard:
      return ExitCode::Usage;
    case MergeOutcome::Failed:
      break;
  }
  return ExitCode::InputsFailed;
}

ExitCode run_history_command(const CommandOptions& opt, std::ostream& out, std::ostream& err) {
  if (opt.db_path.empty() && opt.out_dir.empty()) {
    err << "jxaudit history: name the register with --db FILE or -o OUT\n";
    return ExitCode::Usage;
  }
  auto rules = load_or_report(opt, err);  // projects are matched by the rules' project_key words
  if (!rules) return ExitCode::Usage;
  const std::string db = jx::batch::register_path(opt.out_dir, opt.db_path);
  std::string error;
  auto history = jx::outputs::project_history(db, {opt.project, opt.department}, *rules, &error);
  if (!history) {
    err << "jxaudit history: " << error << "\n";
    return ExitCode::InputsFailed;
  }
  if (opt.json)
    out << history->dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  else
    out << jx::outputs::history_table(*history);
  return ExitCode::Ran;
}

ExitCode run_review_set_command(const CommandOptions& opt, std::ostream& out, std::ostream& err) {
  if (opt.db_path.empty() && opt.out_dir.empty()) {
    err << "jxaudit review set: name the register with --db FILE or -o OUT\n";
    return ExitCode::Usage;
  }
  const std::string db = jx::batch::register_path(opt.out_dir, opt.db_path);
  if (auto e = jx::outputs::set_review(db, opt.review_id, opt.review_state, opt.review_note, opt.review_by)) {
    err << "jxaudit review set: " << *e << "\n";
    return e->rfind("no finding with id", 0) == 0 ? ExitCode::Usage : ExitCode::InputsFailed;
  }
  out << "jxaudit: " << opt.review_id << " " << opt.review_state << " (" << db
      << "); the outputs show it from the next run or merge\n";
  return ExitCode::Ran;
}

ExitCode run_letters_command(const CommandOptions& opt, std::ostream& out, std::ostream& err) {
  std::error_code ec;
  if (!std::filesystem::is_directory(std::filesystem::path(opt.out_dir) / "reports", ec)) {
    err << "jxaudit letters: " << opt.out_dir << " is not a batch output folder (it has no reports/)\n";
    return ExitCode::Usage;
  }
  std::optional<jx::outputs::LetterDate> date = jx::outputs::today();
  if (!opt.letter_date.empty() && !(date = jx::outputs::parse_letter_date(opt.letter_date))) {
    err << "jxaudit letters: --date takes a date as YYYY-MM-DD, e.g. 2026-12-05: " << opt.letter_date << "\n";
    return ExitCode::Usage;
  }
  auto rules = load_or_report(opt, err);  // the rules' Chinese names, and the folder of letters.toml
  if (!rules) return ExitCode::Usage;
  auto loaded = rules::load_letter_template(rules::letter_template_path(rules->directory));
  if (!loaded.ok()) {
    for (const auto& e : loaded.errors) err << e.to_string() << "\n";
    return ExitCode::Usage;
  }
  for (const auto& id : loaded.tmpl->omit_rules)
    if (rules->check(id) == nullptr)
      err << "jxaudit letters: " << loaded.tmpl->file << ": omit_rules names '" << id << "', which is no rule\n";

  // One writer of an OUT at a time: a batch or merge running there would change the reports under the letters.
  jx::outputs::OutLock lock(opt.out_dir);
  if (!lock.ok()) {
    err << "jxaudit letters: " << lock.error() << "\n";
    return ExitCode::InputsFailed;
  }
  const std::string db = jx::batch::register_path(opt.out_dir, opt.db_path);
  jx::outputs::Reviews reviews;
  if (auto e = jx::outputs::load_reviews(db, &reviews)) {
    err << "jxaudit letters: " << *e << "\n";
    return ExitCode::InputsFailed;
  }
  const auto notes = jx::outputs::rule_notes(*rules);
  jx::outputs::LetterSelection sel;
  sel.status =
      opt.letter_status == "confirmed" ? jx::outputs::LetterStatus::Confirmed : jx::outputs::LetterStatus::NotDismissed;
  sel.reviews = &reviews;
  sel.omit_rules = loaded.tmpl->omit_rules;
  sel.notes = &notes;
  std::vector<std::string> problems;
  const auto letters = jx::outputs::collect_letters(opt.out_dir, rules->grades, sel, &problems);
  auto result = jx::outputs::write_letters(opt.out_dir, letters, *loaded.tmpl, *date);
  problems.insert(problems.end(), result.problems.begin(), result.problems.end());
  for (const auto& p : problems) err << "jxaudit letters: " << p << "\n";
  for (const auto& path : result.removed)
    err << "jxaudit letters: " << path << "：该单位已不在本批报告中，删除原通知\n";
  for (const auto& agency : result.no_findings)
    err << "jxaudit letters: " << agency << "：无"
        << (sel.status == jx::outputs::LetterStatus::Confirmed ? "已确认的" : "") << "问题，不出具通知\n";
  const std::size_t failed = letters.size() - result.written.size() - result.no_findings.size();
  err << "jxaudit: 完成：" << letters.size() << " 个单位，出具整改通知 " << result.written.size() << " 份（问题 "
      << result.findings << " 个），无问题可通知 " << result.no_findings.size() << " 个单位"
      << (failed > 0 ? "，未能写出 " + std::to_string(failed) + " 份" : std::string()) << "；通知："
      << (std::filesystem::path(opt.out_dir) / "letters").string() << "/\n";
  for (const auto& f : result.files) out << f << "\n";
  return problems.empty() && failed == 0 ? ExitCode::Ran : ExitCode::InputsFailed;
}

ExitCode run_serve_command(const CommandOptions& opt, std::ostream& out, std::ostream& err) {
  jx::serve::ServeOptions serve{opt.out_dir, jx::batch::register_path(opt.out_dir, opt.db_path), opt.port};
  std::error_code ec;
  if (!std::filesystem::is_regular_file(serve.db_path, ec))
    err << "jxaudit serve: " << serve.db_path
        << ": no register here; the page is served without review controls (a run or merge of jxaudit creates it)\n";
  auto error = jx::serve::serve_until_signalled(serve, [&](const std::string& url) {
    err << "jxaudit serve: " << url << " (register " << serve.db_path << "; Ctrl-C stops)" << std::endl;
  });
  if (error) {
    err << "jxaudit serve: " << *error << "\n";
    return ExitCode::InputsFailed;
  }
  err << "jxaudit serve: stopped\n";
  return ExitCode::Ran;
}

}  // namespace jx::cli
