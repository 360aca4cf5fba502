// The CLI's commands as library functions, so tests call exactly what the binary runs. Each returns the process's
// exit code; cli/main.cpp only parses arguments, calls one of these inside run_guarded(), and returns the code.
//
//   jx::cli::CommandOptions opt;
//   opt.inputs = {"report.pdf"}; opt.json = true;
//   jx::cli::ExitCode code = jx::cli::run_audit_command(opt, std::cout, std::cerr);
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace jx::cli {

// The exit codes of every command, the only ones the binary returns.
enum class ExitCode {
  Ran = 0,           // ran to the end, findings or not
  InputsFailed = 1,  // some inputs could not be processed (the others were), or an internal error ended the command
  Usage = 2,         // bad usage or bad rule files: nothing was audited
  Findings = 3,      // a finding at or above --fail-on
};

struct CommandOptions {
  std::vector<std::string> inputs;
  bool json = false;
  bool jsonl = false;  // audit --jsonl: one report document per line, every file in this process
  std::string out_dir;
  std::string rules_dir;             // empty: rules::default_rules_dir()
  std::string profile = "national";  // the scoring profile: rules_dir/profiles/<profile>.toml
  std::string fail_on;               // "", "info", "warning", "error"
  int jobs = 0;                      // 0: number of cores
  double timeout_seconds = 120;
  double memory_mb = 2048;
  bool force = false;
  bool quiet = false;
  std::string shard;                                            // "K/N"
  std::string db_path;                                          // the register; empty: OUT/jxaudit.sqlite
  std::string project, department;                              // history: parts of the names to match
  std::string review_id, review_state, review_note, review_by;  // review set
  std::string letter_status = "all";  // letters: "all" (every finding not dismissed) or "confirmed"
  std::string letter_date;            // letters: the letter's date, YYYY-MM-DD; empty: today
  int port = 8765;                    // serve: the port on 127.0.0.1; 0 picks a free one
};

// The commands the command line names (cli/command_line.h).
enum class Command { Audit, Tables, RulesCheck, Merge, History, ReviewSet, Letters, Serve };

// Whether `command` with `opt` is one of the text path's, which the jxaudit binary runs itself (audit without -o,
// tables, rules check); the others are run by jxaudit-full, the binary with the batch's outputs, the register,
// the letters and the server, whose libraries a one-file audit never loads.
bool runs_in_text_binary(Command command, const CommandOptions& opt);

// Runs `command` when runs_in_text_binary() says it is the text path's; anything else is bad usage (exit 2).
ExitCode run_text_command(Command command, const CommandOptions& opt, std::ostream& out, std::ostream& err);

// Runs `command`, any of them (jxaudit-full). `argv` is the process's, for a batch's restart with one OpenMP thread.
ExitCode run_command(Command command, const CommandOptions& opt, char** argv, std::ostream& out, std::ostream& err);

// `jxaudit audit`: a batch with -o OUT, else as run_audit_text_command().
ExitCode run_audit_command(const CommandOptions& opt, std::ostream& out, std::ostream& err);
// `jxaudit audit` without -o: one report with --json, a stream of them with --jsonl, else a table of findings per
// report for a person at a terminal. -o is bad usage here.
ExitCode run_audit_text_command(const CommandOptions& opt, std::ostream& out, std::ostream& err);
ExitCode run_tables_command(const CommandOptions& opt, std::ostream& out, std::ostream& err);
ExitCode run_merge_command(const CommandOptions& opt, std::ostream& out, std::ostream& err);
// `jxaudit history`: the register named by --db (or OUT/jxaudit.sqlite of -o OUT), a table or --json.
ExitCode run_history_command(const CommandOptions& opt, std::ostream& out, std::ostream& err);
// `jxaudit review set ID STATE`: the decision into the register named by --db (or OUT/jxaudit.sqlite of -o OUT);
// the batch outputs show it from the next run or merge on. An unknown id is bad usage (exit 2).
ExitCode run_review_set_command(const CommandOptions& opt, std::ostream& out, std::ostream& err);
// `jxaudit letters OUT`: a findings letter per agency folder of OUT (OUT/letters/<agency>.pdf and .docx), worded by
// the rules folder's letters.toml, with the findings the register's decisions (--db, else OUT/jxaudit.sqlite) leave
// in (--status). A bad template is exit 2; a letter that cannot be written, exit 1.
ExitCode run_letters_command(const CommandOptions& opt, std::ostream& out, std::ostream& err);
// `jxaudit serve OUT`: OUT/index.html and the files under OUT on 127.0.0.1:--port, with review controls that write
// to the register (--db, or OUT/jxaudit.sqlite), until SIGINT or SIGTERM. The URL goes to `err`. Exit 0 after a
// clean stop; 1 when it cannot start (no index.html, the port in use).
ExitCode run_serve_command(const CommandOptions& opt, std::ostream& out, std::ostream& err);
ExitCode run_rules_check_command(const CommandOptions& opt, std::ostream& out, std::ostream& err);

// "K/N" with 1 <= K <= N → index K-1 and count N; false for anything else.
bool parse_shard(const std::string& text, int* index, int* count);

// What `jxaudit --version` prints: the jxaudit version, the Poppler, Tesseract and Leptonica versions it was built
// with, the OCR module it loads, and the default rules folder with the default profile's rules hash (the hash that
// is part of every batch report's cache key). Several lines, no final newline.
std::string version_text();

// The boundary between the library and the process: runs `command` and turns any exception that escapes it into
// one line on `err` ("jxaudit: internal error: …") and ExitCode::InputsFailed (std::bad_alloc: "out of memory").
// Nothing an input can trigger ends in std::terminate.
ExitCode run_guarded(const std::function<ExitCode()>& command, std::ostream& err);

}  // namespace jx::cli
