#include "cli/command_line.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

namespace jx::cli {

namespace {

// The number of single-character insertions, deletions, substitutions and swaps of two neighbours that turn `a`
// into `b` (optimal string alignment distance), over bytes: command names are ASCII.
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

// When `word` (a command name as typed) is none of `commands`, says so on stderr with the nearest one (at most two
// edits away, or one it begins) and returns true: the caller exits with bad usage.
bool unknown_command(const std::string& where, const std::string& word, const std::vector<std::string>& commands) {
  if (word.empty() || word[0] == '-' || std::find(commands.begin(), commands.end(), word) != commands.end())
    return false;
  std::string best;
  std::size_t best_distance = 3;
  for (const auto& c : commands) {
    std::size_t dist = c.rfind(word, 0) == 0 ? 1 : edit_distance(word, c);
    if (dist < best_distance) {
      best = c;
      best_distance = dist;
    }
  }
  std::string list;
  for (const auto& c : commands) list += (list.empty() ? "" : ", ") + c;
  std::cerr << where << ": unknown command \"" << word << "\"";
  if (!best.empty()) std::cerr << "; did you mean \"" << best << "\"?";
  std::cerr << " (commands: " << list << "; " << where << " --help says more)\n";
  return true;
}

}  // namespace

CommandLine parse_command_line(int argc, char** argv) {
  CommandLine line;

  CLI::App app{"jxaudit: audits project-expenditure performance self-evaluation reports (绩效自评表)"};
  app.set_version_flag(
      "--version", [] { return version_text(); },
      "print the versions of jxaudit, Poppler, Tesseract, Leptonica and the rules hash, and exit");
  app.require_subcommand(1);
  CommandOptions& opt = line.options;

  // Each command with its options, added to `app` by its own function, in the order `jxaudit --help` lists them.
  struct Entry {
    const char* name;
    Command command;
    std::function<CLI::App*()> add;
  };
  const std::vector<Entry> commands = {
      {"audit", Command::Audit,
       [&] {
         auto* audit = app.add_subcommand(
             "audit",
             "audit reports: one with --json, a stream of them with --jsonl, or folders and files with -o OUT");
         audit->add_option("inputs", opt.inputs, "PDF files and folders (searched recursively for *.pdf)")->required();
         audit->add_flag("--json", opt.json, "print the report document of one file on stdout");
         audit->add_flag("--jsonl", opt.jsonl,
                         "print the report document of every file named or found, one per line, all audited in this "
                         "one process (fastest for many files); prefer -o OUT for files you do not trust: a file that "
                         "crashes Poppler ends this process, while the batch loses only that file");
         audit->add_option("-o,--out", opt.out_dir, "batch output folder");
         audit->add_option("--rules", opt.rules_dir,
                           "rule files folder (default: $JXAUDIT_RULES, else PREFIX/share/jxaudit/rules of an "
                           "installed binary, else the checkout's rules/)");
         audit->add_option("--profile", opt.profile,
                           "scoring profile, a file of the rules folder's profiles/ (default: national)");
         audit->add_option("--fail-on", opt.fail_on, "exit 3 when a finding of this severity or worse exists")
             ->check(CLI::IsMember({"info", "warning", "error"}));
         // Out-of-range values are bad usage (exit 2), never wrapped into a nonsense limit (1e10 s overflowed the
         // deadline); Range lets nan through (every comparison with it is false), so finiteness is checked first.
         const CLI::Validator finite(
             [](std::string& text) {
               char* end = nullptr;
               const double v = std::strtod(text.c_str(), &end);
               return std::isfinite(v) && end != text.c_str() ? std::string() : "not a finite number: " + text;
             },
             "FINITE");
         audit->add_option("-j,--jobs", opt.jobs, "worker processes (default: number of cores)")
             ->check(CLI::Range(0, 1024));
         audit->add_option("--timeout", opt.timeout_seconds, "seconds per file (default 120; 0.1 to 604800, a week)")
             ->check(finite)
             ->check(CLI::Range(0.1, 604800.0));
         audit->add_option("--memory", opt.memory_mb, "memory cap per worker in MiB (default 2048; 64 to 1048576)")
             ->check(finite)
             ->check(CLI::Range(64.0, 1048576.0));
         audit->add_flag("--force", opt.force, "audit every file again, ignoring earlier results in OUT");
         audit->add_flag("-q,--quiet", opt.quiet, "no progress output");
         audit->add_option("--shard", opt.shard, "K/N: audit only the K-th of N deterministic parts of the file list")
             ->check(CLI::Validator(
                 [](std::string& text) {
                   int k = 0, n = 0;
                   return parse_shard(text, &k, &n) ? std::string() : "K/N with 1 <= K <= N, e.g. 2/4: " + text;
                 },
                 "K/N"));
         audit->add_option("--db", opt.db_path, "the register, an SQLite database (default: OUT/jxaudit.sqlite)");
         return audit;
       }},
      {"tables", Command::Tables,
       [&] {
         auto* tables = app.add_subcommand("tables", "print the rebuilt tables of one PDF as cells");
         tables->add_option("file", opt.inputs, "PDF file")->required()->expected(1);
         tables->add_flag("--json", opt.json, "JSON output (the only format)");
         return tables;
       }},
      {"rules", Command::RulesCheck,
       [&] {
         auto* rules = app.add_subcommand("rules", "rule file tools");
         auto* check = rules->add_subcommand("check", "validate the rule files");
         check->add_option("dir", opt.rules_dir, "rule files folder");
         rules->require_subcommand(1);
         return rules;
       }},
      {"merge", Command::Merge,
       [&] {
         auto* merge =
             app.add_subcommand("merge", "join the OUT folders of a sharded batch (audit --shard K/N) into one OUT");
         merge->add_option("shards", opt.inputs, "the shards' output folders")->required();
         merge->add_option("-o,--out", opt.out_dir, "the merged output folder")->required();
         merge->add_option("--rules", opt.rules_dir, "rule files folder, for the grade bands (default: as for audit)");
         merge->add_option("--profile", opt.profile,
                           "scoring profile whose grade bands the summary uses (default: national)");
         merge->add_option("--db", opt.db_path, "the merged register (default: OUT/jxaudit.sqlite)");
         return merge;
       }},
      {"history", Command::History,
       [&] {
         auto* history = app.add_subcommand("history", "a project's years side by side, from the register");
         history->add_option("--db", opt.db_path, "the register (an SQLite database)");
         history->add_option("-o,--out", opt.out_dir, "a batch output folder: its OUT/jxaudit.sqlite");
         history->add_option("--project", opt.project, "part of the project's name");
         history->add_option("--department", opt.department, "part of the department's name");
         history->add_flag("--json", opt.json, "JSON output");
         return history;
       }},
      {"review", Command::ReviewSet,
       [&] {
         auto* review = app.add_subcommand("review", "review decisions on findings, kept in the register");
         auto* review_set = review->add_subcommand("set", "record a decision: ID confirmed|dismissed|open");
         review_set->add_option("id", opt.review_id, "the finding's id (findings.csv's id column)")->required();
         review_set->add_option("state", opt.review_state, "confirmed, dismissed or open")
             ->required()
             ->check(CLI::IsMember({"confirmed", "dismissed", "open"}));
         review_set->add_option("--note", opt.review_note, "the reviewer's note");
         review_set->add_option("--by", opt.review_by, "who decided");
         review_set->add_option("--db", opt.db_path, "the register (an SQLite database)");
         review_set->add_option("-o,--out", opt.out_dir, "a batch output folder: its OUT/jxaudit.sqlite");
         review->require_subcommand(1);
         return review;
       }},
      {"letters", Command::Letters,
       [&] {
         auto* letters =
             app.add_subcommand("letters", "a findings letter per agency folder of a batch, as PDF and DOCX");
         letters->add_option("out", opt.out_dir, "the batch output folder; the letters go to OUT/letters/")->required();
         letters
             ->add_option("--status", opt.letter_status,
                          "which findings: all (every one not dismissed; the default) or confirmed")
             ->check(CLI::IsMember({"all", "confirmed"}));
         letters->add_option("--db", opt.db_path,
                             "the register with the review decisions (default: OUT/jxaudit.sqlite)");
         letters->add_option("--rules", opt.rules_dir, "rule files folder, with letters.toml (default: as for audit)");
         letters->add_option("--date", opt.letter_date, "the letters' date, YYYY-MM-DD (default: today)");
         return letters;
       }},
      {"serve", Command::Serve,
       [&] {
         auto* serve = app.add_subcommand("serve", "serve OUT's index.html on 127.0.0.1 with review controls");
         serve->add_option("out", opt.out_dir, "a batch output folder (holds index.html)")->required();
         serve->add_option("--port", opt.port, "the port (default 8765; 0 picks a free one)")
             ->check(CLI::Range(0, 65535));
         serve->add_option("--db", opt.db_path, "the register the reviews go to (default: OUT/jxaudit.sqlite)");
         return serve;
       }},
  };
  // A command named first is the only one built (its options and checks are all that parsing it needs, and building
  // the others cost as much as half the parse); anything else (--help, --version, a mistyped name) builds them all,
  // so that the help lists them and CLI11's messages are its own.
  const std::string first = argc > 1 ? argv[1] : "";
  std::vector<std::string> names;
  std::vector<std::pair<CLI::App*, Command>> built;
  names.reserve(commands.size());
  built.reserve(commands.size());
  for (const Entry& c : commands) {
    names.emplace_back(c.name);
    if (first == c.name) built.emplace_back(c.add(), c.command);
  }
  if (built.empty())
    for (const Entry& c : commands) built.emplace_back(c.add(), c.command);

  // A mistyped command is named with the nearest one, before CLI11 would call it an unexpected argument.
  if (argc > 1 && unknown_command("jxaudit", argv[1], names)) return line.exit(ExitCode::Usage);
  if (argc > 2 && first == "rules" && unknown_command("jxaudit rules", argv[2], {"check"}))
    return line.exit(ExitCode::Usage);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return line.exit(app.exit(e) == 0 ? ExitCode::Ran : ExitCode::Usage);  // --help, --version: 0
  }

  for (const auto& [sub, kind] : built)
    if (*sub) line.command = kind;
  return line;
}

}  // namespace jx::cli
