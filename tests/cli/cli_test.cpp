// The binary as users and scripts run it: exit codes, stdout documents, error lines.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <new>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/commands.h"

namespace fs = std::filesystem;

namespace {

struct Run {
  int code = -1;
  std::string out;
};

// Runs a shell command and returns its stdout and exit code.
Run command_output(const std::string& cmd) {
  Run r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

enum class Capture { Stdout, Both, StderrOnly };

// Runs `jxaudit ARGS` and captures stdout (stderr discarded), both, or stderr alone.
Run jxaudit(const std::string& args, Capture what = Capture::Stdout) {
  const char* redirect = what == Capture::Stdout ? " 2>/dev/null"
                         : what == Capture::Both ? " 2>&1"
                                                 : " 2>&1 >/dev/null";
  return command_output(std::string(JX_BINARY_DIR) + "/jxaudit " + args + redirect);
}

const std::string kSamples = std::string(JX_SOURCE_DIR) + "/samples/";

TEST(Cli, AuditJsonPrintsTheContractDocument) {
  auto r = jxaudit("audit --json " + kSamples + "guangzhou-suizhiguan-2021.pdf");
  ASSERT_EQ(r.code, 0) << r.out;
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["schema"], "jxaudit.report/1");
  EXPECT_EQ(doc["project"]["year"], 2021);
  // The 7 findings of the reference, and the 2 of v1.1 its content supports: no 成本 indicator in a 2021 report, and
  // a split of 产出 42 / 效益 48 against the national 50 / 30 / 10.
  std::vector<std::string> rules;
  for (const auto& f : doc["findings"]) rules.push_back(f["rule"]);
  EXPECT_EQ(rules, (std::vector<std::string>{"structure.no_satisfaction", "structure.no_cost",
                                             "structure.weights_not_standard", "target.too_low",
                                             "deviation.unexplained", "target.too_low", "deviation.unexplained",
                                             "target.too_low", "deviation.unexplained"}));
}

TEST(Cli, FailOnWarningExitsThree) {
  auto r = jxaudit("audit --json --fail-on warning " + kSamples + "guangzhou-suizhiguan-2021.pdf");
  EXPECT_EQ(r.code, 3);
  r = jxaudit("audit --json --fail-on error " + kSamples + "guangzhou-suizhiguan-2021.pdf");
  EXPECT_EQ(r.code, 0) << "the replica's findings are warnings only";
}

TEST(Cli, BadInputIsOneLineAndExitOne) {
  auto tmp = fs::temp_directory_path() / "jx_cli_test_notpdf.pdf";
  std::ofstream(tmp) << "hello, this is not a PDF\n";
  auto r = jxaudit("audit --json " + tmp.string());
  EXPECT_EQ(r.code, 1);
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["outcome"], "not_pdf");
  auto e = jxaudit("audit --json " + tmp.string(), Capture::StderrOnly);
  EXPECT_NE(e.out.find("not a PDF"), std::string::npos) << e.out;
  fs::remove(tmp);
}

// Outputs that cannot be written are exit 1 and said on stderr even with -q (the README's Kubernetes and Slurm
// recipes run quiet): an OUT that cannot be created stops the run with one line; a summary that cannot be written
// after the files were audited is named.
// audit --jsonl: one line per file, in the order the inputs are named (a folder's files by relative name), each line
// the document audit --json prints for that file; a file that cannot be audited is its error document and exit 1.
TEST(Cli, AuditJsonlIsOneLinePerFileEachTheJsonOfThatFile) {
  auto dir = fs::temp_directory_path() / "jx_cli_test_jsonl";
  fs::remove_all(dir);
  fs::create_directories(dir / "folder");
  std::ofstream(dir / "not-a-pdf.pdf") << "hello, this is not a PDF\n";
  for (const char* name : {"two-indicators-2023.pdf", "package-2022.pdf"})
    fs::copy_file(kSamples + name, dir / "folder" / name);
  const std::vector<std::string> expected_files = {
      kSamples + "guangzhou-suizhiguan-2021.pdf", (dir / "not-a-pdf.pdf").string(),
      (dir / "folder" / "package-2022.pdf").string(), (dir / "folder" / "two-indicators-2023.pdf").string()};
  auto r = jxaudit("audit --jsonl " + expected_files[0] + " " + expected_files[1] + " " + (dir / "folder").string());
  EXPECT_EQ(r.code, 1) << "one input is not a PDF";
  std::vector<std::string> lines;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), expected_files.size()) << r.out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto line = nlohmann::json::parse(lines[i]);
    auto alone = jxaudit("audit --json " + expected_files[i]);
    EXPECT_EQ(line, nlohmann::json::parse(alone.out)) << expected_files[i];
    EXPECT_EQ(line["file"], expected_files[i]);
  }
  EXPECT_EQ(nlohmann::json::parse(lines[1])["outcome"], "not_pdf");
  EXPECT_EQ(nlohmann::json::parse(lines[2])["projects"].size(), 2u) << "the package's two projects";
  // Findings at --fail-on make exit 3 only when every file was audited.
  EXPECT_EQ(jxaudit("audit --jsonl --fail-on warning " + expected_files[0]).code, 3);
  EXPECT_EQ(jxaudit("audit --jsonl --fail-on warning " + expected_files[0] + " " + expected_files[1]).code, 1);
  EXPECT_EQ(jxaudit("audit --jsonl --json " + expected_files[0]).code, 2);
  EXPECT_EQ(jxaudit("audit --jsonl " + expected_files[0] + " -o " + (dir / "out").string()).code, 2);
  fs::remove_all(dir);
}

// The rules read back from their snapshot (a second run with the same rule files) audit exactly as the rules read from
// the files: every text-layer sample's document is the same, byte for byte, with no snapshot, the run that writes it
// and the run that reads it.
TEST(Cli, TheRulesSnapshotChangesNoReport) {
  const fs::path cache = fs::temp_directory_path() / ("jx_cli_test_snapshot_" + std::to_string(::getpid()));
  fs::remove_all(cache);
  std::string files;
  for (const auto& e : fs::directory_iterator(kSamples))
    if (e.path().extension() == ".pdf") files += " " + e.path().string();
  auto run = [&](const std::string& setting) {
    return command_output("JXAUDIT_RULES_CACHE=" + setting + " " + std::string(JX_BINARY_DIR) +
                          "/jxaudit audit --jsonl" + files + " 2>/dev/null");
  };
  const auto without = run("off");
  const auto writing = run(cache.string());
  ASSERT_TRUE(fs::is_directory(cache));
  // One snapshot, and the index of the rule files' stats that leads to it (rules/snapshot.h: written when the files
  // are more than two seconds old, as a checkout's are by the time its tests run).
  std::map<std::string, int> kinds;
  for (const auto& e : fs::directory_iterator(cache)) ++kinds[e.path().extension().string()];
  ASSERT_EQ(kinds[".snapshot"], 1) << "one snapshot";
  ASSERT_LE(kinds[".index"], 1);
  ASSERT_EQ(kinds.size(), kinds.count(".index") + 1) << "nothing else";
  const auto reading = run(cache.string());
  ASSERT_FALSE(without.out.empty());
  EXPECT_EQ(std::count(without.out.begin(), without.out.end(), '\n'), std::count(files.begin(), files.end(), ' '));
  EXPECT_EQ(writing.code, without.code);
  EXPECT_EQ(reading.code, without.code);
  EXPECT_TRUE(writing.out == without.out) << "the run that wrote the snapshot";
  EXPECT_TRUE(reading.out == without.out) << "the run that read it";
  fs::remove_all(cache);
}

TEST(Cli, UnwritableOutputsExitOneEvenWhenQuiet) {
  const fs::path tmp = fs::temp_directory_path() / ("jx_cli_out_" + std::to_string(::getpid()));
  fs::remove_all(tmp);
  fs::create_directories(tmp);
  std::ofstream(tmp / "a-file") << "x";
  const std::string sample = kSamples + "near-threshold-2022.pdf";
  auto blocked = jxaudit("audit -q -o " + (tmp / "a-file/out").string() + " " + sample, Capture::StderrOnly);
  EXPECT_EQ(blocked.code, 1);
  EXPECT_EQ(std::count(blocked.out.begin(), blocked.out.end(), '\n'), 1) << blocked.out;
  EXPECT_NE(blocked.out.find("cannot create"), std::string::npos) << blocked.out;

  // summary.csv taken by a folder: the file is audited, the table cannot be written.
  fs::create_directories(tmp / "out/summary.csv");
  auto stale = jxaudit("audit -q -o " + (tmp / "out").string() + " " + sample, Capture::StderrOnly);
  EXPECT_EQ(stale.code, 1);
  EXPECT_NE(stale.out.find("summary.csv"), std::string::npos) << stale.out;
  EXPECT_TRUE(fs::exists(tmp / "out/reports/near-threshold-2022.pdf.json"));
  fs::remove_all(tmp);
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(jxaudit("audit").code, 2);
  EXPECT_EQ(jxaudit("audit --json a.pdf b.pdf").code, 2);
  EXPECT_EQ(jxaudit("frobnicate").code, 2);
}

// A mistyped command is bad usage, and the message names the command meant when one is near.
TEST(Cli, AMistypedCommandSuggestsTheRightOne) {
  auto r = jxaudit("audti samples", Capture::StderrOnly);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("unknown command \"audti\"; did you mean \"audit\"?"), std::string::npos) << r.out;
  r = jxaudit("rules chek", Capture::StderrOnly);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("did you mean \"check\"?"), std::string::npos) << r.out;
  r = jxaudit("tabels --json x.pdf", Capture::StderrOnly);
  EXPECT_NE(r.out.find("did you mean \"tables\"?"), std::string::npos) << r.out;
  r = jxaudit("frobnicate", Capture::StderrOnly);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out.find("did you mean"), std::string::npos) << "nothing is near: " << r.out;
  EXPECT_NE(r.out.find("commands: audit, tables, rules, merge"), std::string::npos) << r.out;
}

// `jxaudit --help` lists every command; a command's own help lists its options and no other command's.
TEST(Cli, HelpListsEveryCommandAndEachCommandItsOwnOptions) {
  const auto top = jxaudit("--help");
  EXPECT_EQ(top.code, 0);
  for (const char* command : {"audit", "tables", "rules", "merge", "history", "review", "letters", "serve"})
    EXPECT_NE(top.out.find(std::string("\n  ") + command), std::string::npos) << command << "\n" << top.out;
  const auto audit = jxaudit("audit --help");
  EXPECT_EQ(audit.code, 0);
  for (const char* option : {"--jsonl", "--fail-on", "--shard", "--timeout", "--memory", "--db"})
    EXPECT_NE(audit.out.find(option), std::string::npos) << option << "\n" << audit.out;
  EXPECT_EQ(audit.out.find("--port"), std::string::npos) << "serve's option\n" << audit.out;
  const auto review = jxaudit("review set --help");
  EXPECT_EQ(review.code, 0);
  EXPECT_NE(review.out.find("--note"), std::string::npos) << review.out;
  EXPECT_EQ(jxaudit("serve --port 70000 x").code, 2) << "serve's own check";
  EXPECT_EQ(jxaudit("letters x --status some").code, 2) << "letters' own check";
}

// Every option value that is not one the option takes is bad usage, before any file is read.
TEST(Cli, InvalidOptionValuesAreBadUsage) {
  const std::string file = kSamples + "near-threshold-2022.pdf";
  for (const char* option : {"--fail-on foo", "--fail-on ERROR", "--profile nosuch", "-j abc", "-j 1.5",
                             "--timeout abc", "--shard 5/4", "--shard 0/2", "--shard two", "--shard 1/0"}) {
    auto r = jxaudit(std::string("audit --json ") + option + " " + file, Capture::StderrOnly);
    EXPECT_EQ(r.code, 2) << option << ": " << r.out;
  }
  auto tmp = fs::temp_directory_path() / ("jx_cli_opts_" + std::to_string(::getpid()));
  EXPECT_EQ(jxaudit("audit -q --shard 9/4 -o " + tmp.string() + " " + file).code, 2);
  EXPECT_FALSE(fs::exists(tmp)) << "bad usage writes nothing";
}

// An input that holds nothing to audit (an empty folder, a path that does not exist) is exit 1 with its name, in a
// batch and at the terminal alike.
TEST(Cli, AnEmptyOrMistypedInputIsExitOneWithAMessage) {
  const fs::path tmp = fs::temp_directory_path() / ("jx_cli_empty_" + std::to_string(::getpid()));
  fs::remove_all(tmp);
  fs::create_directories(tmp / "empty");
  auto batch = jxaudit("audit " + (tmp / "empty").string() + " -o " + (tmp / "out").string(), Capture::StderrOnly);
  EXPECT_EQ(batch.code, 1);
  EXPECT_NE(batch.out.find((tmp / "empty").string() + ": no PDF file (*.pdf) in this folder or below it"),
            std::string::npos)
      << batch.out;
  auto table = jxaudit("audit " + (tmp / "empty").string(), Capture::StderrOnly);
  EXPECT_EQ(table.code, 1);
  EXPECT_NE(table.out.find("no PDF file"), std::string::npos) << table.out;

  auto missing = jxaudit("audit " + (tmp / "no-such").string() + " -o " + (tmp / "out2").string(), Capture::StderrOnly);
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(
      missing.out.find("FAILED not_found: no-such: 文件不存在或无法打开（not found: " + (tmp / "no-such").string()),
      std::string::npos)
      << missing.out;
  auto missing_table = jxaudit("audit " + (tmp / "no-such").string());
  EXPECT_EQ(missing_table.code, 1);
  EXPECT_NE(missing_table.out.find("FAILED  文件不存在或无法打开：not found: "), std::string::npos)
      << missing_table.out;
  fs::remove_all(tmp);
}

// --version names jxaudit's version, the libraries' versions and the rules hash the batch's cache key carries.
TEST(Cli, VersionNamesTheLibrariesAndTheRulesHash) {
  auto r = jxaudit("--version");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(r.out.rfind("jxaudit " JX_VERSION "\n", 0), 0u) << r.out;
  for (const char* word : {"Poppler 2", "Tesseract 5", "Leptonica 1", "OCR module: /", "libjx_ocr.so"})
    EXPECT_NE(r.out.find(word), std::string::npos) << word << ": " << r.out;
  auto check = jxaudit("rules check");
  const std::string hash = check.out.substr(check.out.rfind(' ') + 1, 64);
  ASSERT_EQ(hash.size(), 64u) << check.out;
  EXPECT_NE(r.out.find("(profile national, rules hash " + hash + ")"), std::string::npos) << r.out << check.out;
}

// The rule files of the project (*.toml and profiles/*.toml) copied into `dir`.
void copy_rules(const fs::path& dir) {
  const fs::path src = fs::path(JX_SOURCE_DIR) / "rules";
  fs::create_directories(dir / "profiles");
  for (const fs::path& sub : {fs::path("."), fs::path("profiles")})
    for (const auto& e : fs::directory_iterator(src / sub))
      if (e.path().extension() == ".toml")
        fs::copy_file(e.path(), dir / sub / e.path().filename(), fs::copy_options::overwrite_existing);
}

TEST(Cli, RulesCheck) {
  auto ok = jxaudit("rules check " + std::string(JX_SOURCE_DIR) + "/rules");
  EXPECT_EQ(ok.code, 0) << ok.out;
  auto dir = fs::temp_directory_path() / "jx_cli_bad_rules";
  fs::create_directories(dir);
  copy_rules(dir);
  std::ofstream(dir / "values.toml", std::ios::app) << "\n[[operator]]\npattern = \"(unclosed\"\nop = \">=\"\n";
  auto bad = jxaudit("rules check " + dir.string(), Capture::Both);
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.out.find("values.toml:"), std::string::npos) << bad.out;
  fs::remove_all(dir);
}

// The real rule files with one line changed, in a scratch folder.
struct EditedRules {
  fs::path dir = fs::temp_directory_path() /
                 ("jx_cli_schema_rules_" + std::to_string(::getpid()));  // one per test process (ctest -j)
  EditedRules() {
    fs::remove_all(dir);
    fs::create_directories(dir);
    copy_rules(dir);
  }
  ~EditedRules() { fs::remove_all(dir); }
  // Replaces the first line of `file` equal to `line` by `replacement`; returns its 1-based number (0: not found).
  int replace(const std::string& file, const std::string& line, const std::string& replacement) {
    std::ifstream in(dir / file);
    std::string text, l;
    int n = 0, found = 0;
    while (std::getline(in, l)) {
      ++n;
      if (!found && l == line) {
        found = n;
        l = replacement;
      }
      text += l + "\n";
    }
    in.close();
    std::ofstream(dir / file, std::ios::trunc) << text;
    return found;
  }
};

// A limit out of its range (1e10 s overflowed the workers' deadline and killed every one at once), infinite or not a
// number is bad usage: exit 2 and the option named, before any file is read.
TEST(Cli, OutOfRangeLimitsAreBadUsage) {
  const std::string file = kSamples + "near-threshold-2022.pdf";
  for (const char* option : {"--timeout 1e10", "--timeout inf", "--timeout nan", "--timeout 0", "--memory 1e30",
                             "--memory nan", "--memory 1", "-j -3", "-j 100000"}) {
    auto r = jxaudit(std::string("audit --json ") + option + " " + file, Capture::StderrOnly);
    EXPECT_EQ(r.code, 2) << option << ": " << r.out;
    const std::string name = std::string(option).substr(0, std::string(option).find(' '));
    EXPECT_NE(r.out.find(name == "-j" ? "--jobs" : name), std::string::npos) << option << ": " << r.out;
  }
  EXPECT_EQ(jxaudit("audit --json --timeout 30 --memory 4096 -j 2 " + file, Capture::StderrOnly).code, 0);
}

// The check registry's schema applies wherever the CLI loads rules: a misspelt parameter of the real checks.toml is
// a file:line error and exit 2 for `rules check`, `audit` and `merge`.
TEST(Cli, RuleSchemaErrorsExitTwoWithFileAndLine) {
  EditedRules rules;
  int line = rules.replace("checks.toml", "ratio = 1.2", "ratoi = 1.2");
  ASSERT_GT(line, 0);
  const std::string where = (rules.dir / "checks.toml").string() + ":" + std::to_string(line) + ": ";
  auto check = jxaudit("rules check " + rules.dir.string(), Capture::Both);
  EXPECT_EQ(check.code, 2);
  EXPECT_NE(check.out.find(where + "unknown param 'ratoi' of rule 'target.too_low'"), std::string::npos) << check.out;
  EXPECT_NE(check.out.find("missing param 'ratio' (a number) of rule 'target.too_low'"), std::string::npos)
      << check.out;
  auto audit = jxaudit("audit --json --rules " + rules.dir.string() + " " + kSamples + "guangzhou-suizhiguan-2021.pdf",
                       Capture::StderrOnly);
  EXPECT_EQ(audit.code, 2);
  EXPECT_NE(audit.out.find(where + "unknown param 'ratoi'"), std::string::npos) << audit.out;
  auto merge =
      jxaudit("merge --rules " + rules.dir.string() + " -o " + (rules.dir / "out").string() + " " + rules.dir.string(),
              Capture::StderrOnly);
  EXPECT_EQ(merge.code, 2);
  EXPECT_NE(merge.out.find(where + "unknown param 'ratoi'"), std::string::npos) << merge.out;
}

TEST(Cli, RuleWithoutImplementationAndBadGradesExitTwo) {
  EditedRules rules;
  int line = rules.replace("checks.toml", "id = \"indicator.not_quantified\"", "id = \"indicator.not_quantifed\"");
  ASSERT_GT(line, 0);
  int grade = rules.replace("profiles/national.toml", "min = 80", "min = 95");
  ASSERT_GT(grade, 0);
  auto check = jxaudit("rules check " + rules.dir.string(), Capture::Both);
  EXPECT_EQ(check.code, 2);
  const std::string checks = (rules.dir / "checks.toml").string();
  EXPECT_NE(
      check.out.find(checks + ":" + std::to_string(line) + ": rule 'indicator.not_quantifed' has no implementation"),
      std::string::npos)
      << check.out;
  EXPECT_NE(check.out.find(checks + ": rule 'indicator.not_quantified' is implemented"), std::string::npos)
      << check.out;
  EXPECT_NE(
      check.out.find((rules.dir / "profiles/national.toml").string() + ":" + std::to_string(grade) + ": grade '良'"),
      std::string::npos)
      << check.out;
}

// `--profile` names the profile in every report and grades with its bands: all-report-rules-2021 recomputes to 88.75,
// 良 by the national bands (90/80/60) and 优 by budget20's (80/70/60).
TEST(Cli, ProfileChangesTheReportAndItsGradeBands) {
  const std::string file = kSamples + "all-report-rules-2021.pdf";
  auto national = jxaudit("audit --json " + file);
  ASSERT_EQ(national.code, 0) << national.out;
  auto n = nlohmann::json::parse(national.out);
  EXPECT_EQ(n["profile"], "national");
  auto b20 = jxaudit("audit --json --profile budget20 " + file);
  ASSERT_EQ(b20.code, 0) << b20.out;
  auto b = nlohmann::json::parse(b20.out);
  EXPECT_EQ(b["profile"], "budget20");
  ASSERT_FALSE(b["projects"].empty());
  for (const auto& p : b["projects"]) EXPECT_EQ(p["profile"], "budget20");

  // The batch's workers apply it too, and its summary grades with its bands.
  const fs::path tmp = fs::temp_directory_path() / ("jx_cli_profile_" + std::to_string(::getpid()));
  fs::remove_all(tmp);
  auto grade_of = [&](const fs::path& out) {
    std::ifstream in(out / "summary.csv");
    std::string header, row;
    std::getline(in, header);
    std::getline(in, row);
    // file,agency,project_index,project,department,year,stated_total,recomputed_total,grade,…
    std::vector<std::string> cells;
    std::stringstream ss(row);
    for (std::string c; std::getline(ss, c, ',');) cells.push_back(c);
    return cells.size() > 8 ? cells[7] + " " + cells[8] : row;
  };
  ASSERT_EQ(jxaudit("audit -q -j 1 -o " + (tmp / "n").string() + " " + file).code, 0);
  ASSERT_EQ(jxaudit("audit -q -j 1 --profile budget20 -o " + (tmp / "b").string() + " " + file).code, 0);
  EXPECT_EQ(grade_of(tmp / "n"), "88.75 良");
  EXPECT_EQ(grade_of(tmp / "b"), "88.75 优");
  std::ifstream report(tmp / "b/reports/all-report-rules-2021.pdf.json");
  EXPECT_EQ(nlohmann::json::parse(report)["profile"], "budget20");
  std::ifstream run(tmp / "b/run.json");
  EXPECT_EQ(nlohmann::json::parse(run)["profile"], "budget20");

  // merge grades the shards' rows with the bands of the profile it is given.
  ASSERT_EQ(jxaudit("merge --profile budget20 -o " + (tmp / "m").string() + " " + (tmp / "n").string()).code, 0);
  EXPECT_EQ(grade_of(tmp / "m"), "88.75 优");
  fs::remove_all(tmp);
}

// An unknown profile is bad usage (exit 2) naming the profiles there are, before any file is read.
TEST(Cli, UnknownProfileExitsTwoListingTheProfiles) {
  const std::string file = kSamples + "near-threshold-2022.pdf";
  const std::string expected = "unknown profile 'shanghai' (profiles available: budget20, national)";
  const fs::path tmp = fs::temp_directory_path() / ("jx_cli_noprofile_" + std::to_string(::getpid()));
  for (const std::string& args : {"audit --json --profile shanghai " + file,
                                  "audit -q --profile shanghai -o " + (tmp / "out").string() + " " + file,
                                  "merge --profile shanghai -o " + (tmp / "m").string() + " " + tmp.string()}) {
    auto r = jxaudit(args, Capture::StderrOnly);
    EXPECT_EQ(r.code, 2) << args << ": " << r.out;
    EXPECT_NE(r.out.find(expected), std::string::npos) << args << ": " << r.out;
  }
  EXPECT_FALSE(fs::exists(tmp / "out")) << "nothing is audited";
  fs::remove_all(tmp);
}

// `rules check` loads every profile; `audit` only the one it applies.
TEST(Cli, RulesCheckValidatesEveryProfile) {
  EditedRules rules;
  int line = rules.replace("profiles/budget20.toml", "reverse = \"linear\"", "reverse = \"lineal\"");
  ASSERT_GT(line, 0);
  auto check = jxaudit("rules check " + rules.dir.string(), Capture::Both);
  EXPECT_EQ(check.code, 2);
  EXPECT_NE(check.out.find((rules.dir / "profiles/budget20.toml").string() + ":" + std::to_string(line) +
                           ": unknown reverse formula 'lineal'"),
            std::string::npos)
      << check.out;
  EXPECT_NE(check.out.find("1 problem(s)"), std::string::npos) << check.out;
  const std::string file = kSamples + "near-threshold-2022.pdf";
  EXPECT_EQ(jxaudit("audit --json --rules " + rules.dir.string() + " " + file).code, 0);
  EXPECT_EQ(jxaudit("audit --json --profile budget20 --rules " + rules.dir.string() + " " + file).code, 2);

  auto ok = jxaudit("rules check " + std::string(JX_SOURCE_DIR) + "/rules");
  EXPECT_EQ(ok.code, 0) << ok.out;
  EXPECT_NE(ok.out.find("profiles budget20, national"), std::string::npos) << ok.out;
}

TEST(Cli, TablesJsonHasCellsWithSpans) {
  auto r = jxaudit("tables --json " + kSamples + "guangzhou-suizhiguan-2021.pdf");
  ASSERT_EQ(r.code, 0);
  auto doc = nlohmann::json::parse(r.out);
  ASSERT_FALSE(doc["tables"].empty());
  bool spanning = false;
  for (const auto& c : doc["tables"][0]["cells"]) spanning |= c["rowspan"].get<int>() > 1;
  EXPECT_TRUE(spanning) << "the 一级/二级 cells span rows";
}

}  // namespace

// A file name whose bytes are not UTF-8 (what unzip gives for a GBK name) is read like any other, and the
// document shows the undecodable bytes as U+FFFD instead of ending the process.
TEST(Cli, TablesJsonOfAFileWhoseNameIsNotUtf8) {
  auto dir = fs::temp_directory_path() / "jx_cli_gbk_name";
  fs::create_directories(dir);
  std::string name = "\xb2\xe2\xca\xd4.pdf";  // 测试 in GBK
  fs::copy_file(kSamples + "operators-2023.pdf", dir / name, fs::copy_options::overwrite_existing);
  auto r = jxaudit("tables --json '" + (dir / name).string() + "'");
  ASSERT_EQ(r.code, 0) << r.out;
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_NE(doc["file"].get<std::string>().find("\xef\xbf\xbd"), std::string::npos) << doc["file"];
  EXPECT_FALSE(doc["tables"].empty());
  fs::remove_all(dir);
}

TEST(Cli, AnExceptionThatEscapesACommandIsOneLineAndExitOne) {
  std::ostringstream err;
  auto code = jx::cli::run_guarded([]() -> jx::cli::ExitCode { throw std::runtime_error("boom"); }, err);
  EXPECT_EQ(code, jx::cli::ExitCode::InputsFailed);
  EXPECT_EQ(err.str(), "jxaudit: internal error: boom\n");
  std::ostringstream err2;
  code = jx::cli::run_guarded([]() -> jx::cli::ExitCode { throw std::bad_alloc(); }, err2);
  EXPECT_EQ(code, jx::cli::ExitCode::InputsFailed);
  EXPECT_EQ(err2.str(), "jxaudit: internal error: out of memory\n");
  std::ostringstream err3;
  EXPECT_EQ(jx::cli::run_guarded([] { return jx::cli::ExitCode::Findings; }, err3), jx::cli::ExitCode::Findings);
  EXPECT_EQ(err3.str(), "");
}

namespace {

// Runs `command` through the shell; returns its exit status and, in `out`, what it printed on stdout.
int shell(const std::string& command, std::string* out = nullptr) {
  FILE* p = popen(command.c_str(), "r");
  if (!p) return -1;
  std::array<char, 4096> buf;
  size_t n;
  std::string text;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) text.append(buf.data(), n);
  if (out) *out = text;
  int status = pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

// `cmake --install` into a fresh prefix gives a binary that finds its OCR module and its rule files under that prefix,
// from its own location, run from another folder: it audits a text sample and reads a scanned one (the module at
// work), and installs its man page and bash completion beside them.
TEST(Cli, InstalledBinaryFindsItsModuleAndRulesUnderItsPrefix) {
  const fs::path tmp = fs::temp_directory_path() / ("jx_cli_install_" + std::to_string(::getpid()));
  fs::remove_all(tmp);
  const fs::path prefix = tmp / "prefix", elsewhere = tmp / "elsewhere";
  fs::create_directories(elsewhere);
  ASSERT_EQ(shell("cmake --install " + std::string(JX_BINARY_DIR) + " --prefix " + prefix.string() + " >/dev/null"), 0);
  for (const char* file :
       {"bin/jxaudit", "lib/jxaudit/libjx_ocr.so", "share/jxaudit/rules/checks.toml",
        "share/jxaudit/rules/headers.toml", "share/jxaudit/rules/values.toml", "share/jxaudit/rules/narrative.toml",
        "share/jxaudit/rules/profiles/national.toml", "share/jxaudit/rules/profiles/budget20.toml",
        "share/man/man1/jxaudit.1", "share/bash-completion/completions/jxaudit"})
    EXPECT_TRUE(fs::is_regular_file(prefix / file)) << file;

  const std::string run = "cd " + elsewhere.string() + " && env -u JXAUDIT_RULES -u JXAUDIT_OCR_MODULE " +
                          (prefix / "bin/jxaudit").string() + " ";
  std::string version;
  ASSERT_EQ(shell(run + "--version", &version), 0) << version;
  EXPECT_NE(version.find("OCR module: " + (prefix / "lib/jxaudit/libjx_ocr.so").string() + "\n"), std::string::npos)
      << version;
  EXPECT_NE(version.find("rules: " + (prefix / "share/jxaudit/rules").string() + " (profile national"),
            std::string::npos)
      << version;

  std::string ignored;
  EXPECT_EQ(shell(run + "audit -q -o out " + kSamples + "near-threshold-2022.pdf 2>&1", &ignored), 0) << ignored;
  std::ifstream report(elsewhere / "out/reports/near-threshold-2022.pdf.json");
  ASSERT_TRUE(report.good());
  auto doc = nlohmann::json::parse(report);
  EXPECT_EQ(doc["project"]["name"], "2022年中小学课后服务经费补助项目");
  std::vector<std::string> rules;
  for (const auto& f : doc["findings"]) rules.push_back(f["rule"]);
  EXPECT_EQ(rules, (std::vector<std::string>{"structure.no_cost", "target.not_achieved"}));
  EXPECT_TRUE(fs::is_regular_file(elsewhere / "out/index.html"));

  std::string scanned;
  ASSERT_EQ(shell(run + "audit --json " + kSamples + "scanned/no-satisfaction-2022.pdf", &scanned), 0);
  auto ocr = nlohmann::json::parse(scanned);
  EXPECT_EQ(ocr["text_source"], "ocr");
  EXPECT_EQ(ocr["project"]["name"], "2022年中小企业数字化转型服务券项目");
  fs::remove_all(tmp);
}

// The bash completion installed with the binary completes commands, options, --fail-on values and the profiles that
// `jxaudit rules check` lists.
TEST(Cli, BashCompletionCompletesCommandsOptionsAndProfiles) {
  if (shell("command -v bash >/dev/null") != 0) GTEST_SKIP() << "no bash";
  auto complete = [](const std::string& words) {
    std::string out;
    shell("PATH='" + std::string(JX_BINARY_DIR) + "':\"$PATH\" bash -c 'source " + JX_SOURCE_DIR +
              "/docs/jxaudit.bash-completion; COMP_WORDS=(" + words +
              "); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _jxaudit; echo \"${COMPREPLY[*]}\"'",
          &out);
    return out;
  };
  EXPECT_EQ(complete("jxaudit au"), "audit\n");
  EXPECT_EQ(complete("jxaudit rules \"\""), "check\n");
  EXPECT_EQ(complete("jxaudit audit --fail"), "--fail-on\n");
  EXPECT_EQ(complete("jxaudit audit --fail-on w"), "warning\n");
  EXPECT_EQ(complete("jxaudit audit --profile \"\""), "budget20 national\n");
  EXPECT_EQ(complete("jxaudit le"), "letters\n");
  EXPECT_EQ(complete("jxaudit letters out --st"), "--status\n");
  EXPECT_EQ(complete("jxaudit letters out --status c"), "confirmed\n");
  EXPECT_EQ(complete("jxaudit se"), "serve\n");
  EXPECT_EQ(complete("jxaudit serve out --p"), "--port\n");
}

// A review decision made with `review set` on a finding of a real batch shows in the next run's findings.csv,
// findings.jsonl and index.html, survives --force, and the register answers `history`; an unknown id is bad usage
// and changes nothing.
TEST(Cli, AReviewDecisionSurvivesARerunAndShowsInTheOutputs) {
  std::string tmpl = (std::filesystem::temp_directory_path() / "jx_cli_review_XXXXXX").string();
  const std::filesystem::path dir = ::mkdtemp(tmpl.data());
  const std::string out = (dir / "out").string();
  const std::string in = kSamples + "zero-target-miss-2023.pdf";
  ASSERT_EQ(jxaudit("audit " + in + " -o " + out + " -q").code, 0);
  // The id of the score.overrated finding, from findings.jsonl.
  std::string id;
  {
    std::ifstream lines(out + "/findings.jsonl");
    for (std::string line; std::getline(lines, line);) {
      auto j = nlohmann::json::parse(line);
      if (j["rule"] == "score.overrated") id = j["id"];
      EXPECT_TRUE(j["review"].is_null());
    }
  }
  ASSERT_EQ(id.size(), 16u);
  auto set = jxaudit("review set " + id + " confirmed --note '确有高估' --by 张三 -o " + out, Capture::Both);
  EXPECT_EQ(set.code, 0) << set.out;
  auto unknown = jxaudit("review set 0000000000000000 dismissed -o " + out, Capture::Both);
  EXPECT_EQ(unknown.code, 2);
  EXPECT_NE(unknown.out.find("no finding with id 0000000000000000"), std::string::npos) << unknown.out;
  EXPECT_EQ(jxaudit("review set " + id + " maybe -o " + out).code, 2);

  for (const char* again : {" -q", " -q --force"}) {
    ASSERT_EQ(jxaudit("audit " + in + " -o " + out + again).code, 0) << again;
    std::ifstream lines(out + "/findings.jsonl");
    int reviewed = 0;
    for (std::string line; std::getline(lines, line);) {
      auto j = nlohmann::json::parse(line);
      if (j["id"] == id) {
        EXPECT_EQ(j["review"], "confirmed") << again;
        ++reviewed;
      } else {
        EXPECT_TRUE(j["review"].is_null()) << again;
      }
    }
    EXPECT_EQ(reviewed, 1) << again;
    std::ifstream csv(out + "/findings.csv");
    std::string text((std::istreambuf_iterator<char>(csv)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("," + id + ","), std::string::npos);
    EXPECT_NE(text.find(",confirmed\r\n"), std::string::npos) << again;
    std::ifstream page(out + "/index.html");
    std::string html((std::istreambuf_iterator<char>(page)), std::istreambuf_iterator<char>());
    EXPECT_NE(html.find("\"rv\":\"confirmed\""), std::string::npos) << again;
  }
  // A decision changed after an unchanged run shows in the next one, which rewrote its outputs only for it.
  auto review_of = [&] {
    std::ifstream lines(out + "/findings.jsonl");
    for (std::string line; std::getline(lines, line);) {
      auto j = nlohmann::json::parse(line);
      if (j["id"] == id) return j["review"].is_string() ? j["review"].get<std::string>() : std::string();
    }
    return std::string("absent");
  };
  auto summary_written = [&] {
    std::ifstream run(out + "/run.json");
    return nlohmann::json::parse(run)["summary_written"].get<bool>();
  };
  ASSERT_EQ(jxaudit("audit " + in + " -o " + out + " -q").code, 0);
  EXPECT_FALSE(summary_written()) << "nothing changed since the last run";
  ASSERT_EQ(jxaudit("review set " + id + " dismissed -o " + out).code, 0);
  ASSERT_EQ(jxaudit("audit " + in + " -o " + out + " -q").code, 0);
  EXPECT_TRUE(summary_written());
  EXPECT_EQ(review_of(), "dismissed");
  ASSERT_EQ(jxaudit("audit " + in + " -o " + out + " -q").code, 0);
  EXPECT_FALSE(summary_written());
  EXPECT_EQ(review_of(), "dismissed");

  auto history = jxaudit("history -o " + out + " --json");
  ASSERT_EQ(history.code, 0);
  auto h = nlohmann::json::parse(history.out);
  ASSERT_EQ(h["projects"].size(), 1u);
  EXPECT_EQ(h["projects"][0]["years"][0]["year"], 2023);
  EXPECT_EQ(h["projects"][0]["years"][0]["findings"]["score.overrated"], 1);
  EXPECT_EQ(jxaudit("history").code, 2) << "no register named";
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

// Two batches writing one register at once (different OUTs, one --db): neither fails, and both are stored; a
// decision recorded before is kept.
TEST(Cli, TwoRunsWritingOneRegisterAtOnceBothLand) {
  std::string tmpl = (std::filesystem::temp_directory_path() / "jx_cli_two_XXXXXX").string();
  const std::filesystem::path dir = ::mkdtemp(tmpl.data());
  const std::string db = (dir / "bureau.sqlite").string();
  const std::string bin = std::string(JX_BINARY_DIR) + "/jxaudit";
  // A decision already in the register.
  ASSERT_EQ(
      jxaudit("audit " + kSamples + "zero-target-miss-2023.pdf -o " + (dir / "first").string() + " -q --db " + db).code,
      0);
  std::string id;
  {
    std::ifstream lines((dir / "first/findings.jsonl").string());
    for (std::string line; std::getline(lines, line);)
      if (auto j = nlohmann::json::parse(line); j["rule"] == "score.overrated") id = j["id"];
  }
  ASSERT_EQ(id.size(), 16u);
  ASSERT_EQ(jxaudit("review set " + id + " confirmed --db " + db).code, 0);
  // Two runs started together, each of several files so that their stores overlap.
  const std::string a =
      kSamples + "continuing-2022.pdf " + kSamples + "cid-clean-2022.pdf " + kSamples + "operators-2023.pdf";
  const std::string b =
      kSamples + "continuing-2023.pdf " + kSamples + "fullwidth-2022.pdf " + kSamples + "goal-sum-2023.pdf";
  const std::string cmd = "(" + bin + " audit " + a + " -o " + (dir / "a").string() + " -q --db " + db +
                          "; echo a=$?) > " + (dir / "a.log").string() + " 2>&1 & (" + bin + " audit " + b + " -o " +
                          (dir / "b").string() + " -q --db " + db + "; echo b=$?) > " + (dir / "b.log").string() +
                          " 2>&1 & wait";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  auto log = [&](const char* name) {
    std::ifstream in((dir / name).string());
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  };
  EXPECT_NE(log("a.log").find("a=0"), std::string::npos) << log("a.log");
  EXPECT_NE(log("b.log").find("b=0"), std::string::npos) << log("b.log");
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  auto count = [&](const char* sql) {
    sqlite3_stmt* s = nullptr;
    long long n = -1;
    if (sqlite3_prepare_v2(h, sql, -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
      n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return n;
  };
  EXPECT_EQ(count("SELECT count(*) FROM reports"), 7);  // 1 + 3 + 3
  EXPECT_EQ(count("SELECT count(DISTINCT out_dir) FROM reports"), 3);
  EXPECT_EQ(count("SELECT count(*) FROM reviews WHERE state = 'confirmed'"), 1);
  sqlite3_close(h);
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

namespace {

// `text` without any whitespace: a PDF's text layer breaks lines where the layout wrapped them.
std::string squeezed(const std::string& text) {
  std::string out;
  for (char c : text)
    if (c != ' ' && c != '\n' && c != '\t' && c != '\r' && c != '\f') out += c;
  return out;
}

// `text` as XML character data.
std::string xml_escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '"')
      out += "&quot;";
    else
      out += c;
  }
  return out;
}

struct BatchFinding {
  std::string agency, id, rule, message, image;
};

std::vector<BatchFinding> batch_findings(const std::string& out) {
  std::vector<BatchFinding> found;
  std::ifstream lines(out + "/findings.jsonl");
  for (std::string line; std::getline(lines, line);) {
    auto j = nlohmann::json::parse(line);
    found.push_back({j["agency"], j["id"], j["rule"], j["message"],
                     j["evidence_image"].is_string() ? j["evidence_image"].get<std::string>() : ""});
  }
  return found;
}

}  // namespace

// `jxaudit letters` after a real batch of three samples in two agency folders: each agency's PDF (its text layer, as
// pdftotext reads it) and DOCX (word/document.xml, a well-formed part of a valid zip with every required part, the
// images sized in EMU in the PNG's proportions) hold every finding of that agency and none of the other's, and each
// finding's evidence crop (an image of the PDF, an inline picture of the DOCX); after
// review decisions, --status confirmed keeps only the confirmed finding (the other agency gets no letter, and its old
// one is removed) and the default leaves the dismissed one out; a letter to an agency no longer there is removed.
TEST(Cli, LettersHoldEveryFindingOfTheirAgencyInThePdfAndTheDocx) {
  std::string tmpl = (fs::temp_directory_path() / "jx_cli_letters_XXXXXX").string();
  const fs::path dir = ::mkdtemp(tmpl.data());
  const std::string a = "市交通运输局", b = "市卫生健康委员会";
  fs::create_directories(dir / "in" / a);
  fs::create_directories(dir / "in" / b);
  fs::copy_file(kSamples + "zero-target-miss-2023.pdf", dir / "in" / a / "zero-target-miss-2023.pdf");
  fs::copy_file(kSamples + "near-threshold-2022.pdf", dir / "in" / a / "near-threshold-2022.pdf");
  fs::copy_file(kSamples + "cid-clean-2022.pdf", dir / "in" / b / "cid-clean-2022.pdf");
  const std::string out = (dir / "out").string();
  ASSERT_EQ(jxaudit("audit " + (dir / "in").string() + " -o " + out + " -q").code, 0);
  const auto findings = batch_findings(out);
  ASSERT_GE(findings.size(), 4u);

  auto run = jxaudit("letters " + out + " --date 2026-12-05", Capture::Both);
  ASSERT_EQ(run.code, 0) << run.out;
  EXPECT_NE(run.out.find("出具整改通知 2 份"), std::string::npos) << run.out;
  const fs::path letters = fs::path(out) / "letters";

  std::map<std::string, std::string> pdf_text, docx_xml;
  for (const auto& agency : {a, b}) {
    const std::string pdf = (letters / (agency + ".pdf")).string(), docx = (letters / (agency + ".docx")).string();
    ASSERT_TRUE(fs::exists(pdf)) << pdf;
    ASSERT_TRUE(fs::exists(docx)) << docx;
    auto text = command_output("pdftotext -enc UTF-8 '" + pdf + "' - 2>&1");
    ASSERT_EQ(text.code, 0) << text.out;
    pdf_text[agency] = squeezed(text.out);
    EXPECT_NE(command_output("pdfinfo '" + pdf + "'").out.find("595.276 x 841.89 pts (A4)"), std::string::npos);

    auto list = command_output("unzip -Z1 '" + docx + "'");
    ASSERT_EQ(list.code, 0) << "not a zip: " << docx;
    for (const char* part : {"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels",
                             "word/styles.xml", "word/media/image1.png"})
      EXPECT_NE(list.out.find(std::string(part) + "\n"), std::string::npos) << part << " missing from " << docx;
    EXPECT_EQ(command_output("unzip -tq '" + docx + "' >/dev/null").code, 0);
    const fs::path parts = dir / ("parts-" + std::to_string(docx_xml.size()));
    ASSERT_EQ(command_output("unzip -q -o '" + docx + "' -d '" + parts.string() + "'").code, 0);
    for (const std::string name : {"[Content_Types].xml", "_rels/.rels", "word/document.xml",
                                   "word/_rels/document.xml.rels", "word/styles.xml", "word/footer1.xml"}) {
      auto lint = command_output("xmllint --noout '" + (parts / name).string() + "' 2>&1");
      EXPECT_EQ(lint.code, 0) << name << ": " << lint.out;
    }
    docx_xml[agency] = command_output("unzip -p '" + docx + "' word/document.xml").out;

    // The first picture: its extent in the proportions of the PNG it shows (read from the PNG's header here).
    const std::string xml = docx_xml[agency];
    const auto at = xml.find("<wp:extent cx=\"");
    ASSERT_NE(at, std::string::npos);
    const double cx = std::stod(xml.substr(at + 15)), cy = std::stod(xml.substr(xml.find("cy=\"", at) + 4));
    std::ifstream png(parts / "word/media/image1.png", std::ios::binary);
    std::string head(24, '\0');
    png.read(head.data(), 24);
    auto be32 = [&head](int i) {
      return (static_cast<unsigned char>(head[i]) << 24) | (static_cast<unsigned char>(head[i + 1]) << 16) |
             (static_cast<unsigned char>(head[i + 2]) << 8) | static_cast<unsigned char>(head[i + 3]);
    };
    ASSERT_EQ(head.substr(12, 4), "IHDR");
    EXPECT_NEAR(cx / cy, static_cast<double>(be32(16)) / be32(20), 0.02 * cx / cy);
    EXPECT_LE(cx, (11906 - 1588 - 1474) / 20.0 * 12700) << "no wider than the text";
  }
  std::size_t in_letters = 0;
  for (const auto& f : findings) {
    if (f.rule == "extract.low_confidence") continue;
    const std::string other = f.agency == a ? b : a;
    EXPECT_NE(pdf_text[f.agency].find(squeezed(f.message)), std::string::npos) << f.agency << ": " << f.message;
    EXPECT_NE(docx_xml[f.agency].find(xml_escaped(f.message)), std::string::npos) << f.agency << ": " << f.message;
    const bool also_other = std::any_of(findings.begin(), findings.end(), [&](const BatchFinding& g) {
      return g.agency == other && g.message == f.message;
    });
    if (!also_other) {
      EXPECT_EQ(pdf_text[other].find(squeezed(f.message)), std::string::npos) << other << ": " << f.message;
    }
    ++in_letters;
  }
  EXPECT_EQ(in_letters, findings.size()) << "no sample here has a doubted value";
  // Every finding with an evidence crop shows it: one image in the PDF, one inline picture in the DOCX.
  for (const auto& agency : {a, b}) {
    const auto crops = std::count_if(findings.begin(), findings.end(),
                                     [&](const BatchFinding& f) { return f.agency == agency && !f.image.empty(); });
    ASSERT_GT(crops, 0) << agency;
    const std::string list = command_output("pdfimages -list '" + (letters / (agency + ".pdf")).string() + "'").out;
    std::istringstream rows(list);
    long images = 0;
    for (std::string row; std::getline(rows, row);) {
      std::istringstream cols(row);
      std::string page, num, type;
      cols >> page >> num >> type;
      if (type == "image") ++images;
    }
    EXPECT_EQ(images, crops) << agency << "\n" << list;
    long pictures = 0;
    for (auto at = docx_xml[agency].find("<wp:inline"); at != std::string::npos;
         at = docx_xml[agency].find("<wp:inline", at + 1))
      ++pictures;
    EXPECT_EQ(pictures, crops) << agency;
  }
  // The letter's date and the deadline 30 days on (letters.toml), and the page number.
  EXPECT_NE(pdf_text[a].find("2026年12月5日"), std::string::npos);
  EXPECT_NE(pdf_text[a].find("2027年1月4日"), std::string::npos);
  EXPECT_NE(pdf_text[a].find("—1—"), std::string::npos);
  EXPECT_NE(docx_xml[a].find("2027年1月4日"), std::string::npos);

  // Review: one of agency A's findings confirmed, another dismissed.
  std::string confirmed, dismissed, confirmed_message, dismissed_message;
  for (const auto& f : findings) {
    if (f.agency != a) continue;
    if (confirmed.empty()) {
      confirmed = f.id;
      confirmed_message = f.message;
    } else if (dismissed.empty() && f.message != confirmed_message) {
      dismissed = f.id;
      dismissed_message = f.message;
    }
  }
  ASSERT_FALSE(dismissed.empty());
  ASSERT_EQ(jxaudit("review set " + confirmed + " confirmed -o " + out).code, 0);
  ASSERT_EQ(jxaudit("review set " + dismissed + " dismissed -o " + out).code, 0);

  auto only = jxaudit("letters " + out + " --status confirmed --date 2026-12-05", Capture::Both);
  ASSERT_EQ(only.code, 0) << only.out;
  EXPECT_NE(only.out.find(b + "：无已确认的问题，不出具通知"), std::string::npos) << only.out;
  EXPECT_FALSE(fs::exists(letters / (b + ".pdf"))) << "the earlier letter would no longer be true";
  EXPECT_FALSE(fs::exists(letters / (b + ".docx")));
  const std::string kept =
      squeezed(command_output("pdftotext -enc UTF-8 '" + (letters / (a + ".pdf")).string() + "' -").out);
  const std::string kept_xml =
      command_output("unzip -p '" + (letters / (a + ".docx")).string() + "' word/document.xml").out;
  for (const auto& f : findings) {
    if (f.agency != a) continue;
    const bool in = f.id == confirmed || f.message == confirmed_message;
    EXPECT_EQ(kept.find(squeezed(f.message)) != std::string::npos, in) << f.message;
    EXPECT_EQ(kept_xml.find(xml_escaped(f.message)) != std::string::npos, in) << f.message;
  }

  ASSERT_EQ(jxaudit("letters " + out + " --date 2026-12-05").code, 0);
  const std::string all =
      squeezed(command_output("pdftotext -enc UTF-8 '" + (letters / (a + ".pdf")).string() + "' -").out);
  EXPECT_EQ(all.find(squeezed(dismissed_message)), std::string::npos) << "dismissed: " << dismissed_message;
  EXPECT_NE(all.find(squeezed(confirmed_message)), std::string::npos);
  EXPECT_TRUE(fs::exists(letters / (b + ".pdf")));

  // A letter to an agency no longer among the reports, and a killed run's temporary, are removed by the next run.
  std::ofstream(letters / "市财政局.pdf") << "%PDF-1.4\n";
  std::ofstream(letters / ".市卫生健康委员会.pdf.tmp999999-0") << "half";
  auto pruned = jxaudit("letters " + out + " --date 2026-12-05", Capture::Both);
  EXPECT_EQ(pruned.code, 0) << pruned.out;
  EXPECT_NE(pruned.out.find("市财政局.pdf：该单位已不在本批报告中"), std::string::npos) << pruned.out;
  EXPECT_FALSE(fs::exists(letters / "市财政局.pdf"));
  EXPECT_FALSE(fs::exists(letters / ".市卫生健康委员会.pdf.tmp999999-0"));
  EXPECT_TRUE(fs::exists(letters / (a + ".pdf")));

  EXPECT_EQ(jxaudit("letters " + out + " --status maybe").code, 2);
  EXPECT_EQ(jxaudit("letters " + out + " --date 2026-02-30").code, 2);
  EXPECT_EQ(jxaudit("letters " + (dir / "in").string()).code, 2) << "not a batch output folder";
  std::error_code ec;
  fs::remove_all(dir, ec);
}

// A letters template with a key missing: `letters` and `rules check` name the file and the line, exit 2, and no
// letter is written.
TEST(Cli, ABadLettersTemplateIsAnErrorWithFileAndLine) {
  EditedRules rules;
  const int line = rules.replace("letters.toml", "[letter]", "[letter]");
  ASSERT_GT(line, 0);
  rules.replace("letters.toml", "salutation = \"{agency}：\"", "");
  auto check = jxaudit("rules check " + rules.dir.string(), Capture::Both);
  EXPECT_EQ(check.code, 2);
  const std::string expected =
      (rules.dir / "letters.toml").string() + ":" + std::to_string(line) + ": missing key 'salutation' in [letter]";
  EXPECT_NE(check.out.find(expected), std::string::npos) << check.out;

  std::string tmpl = (fs::temp_directory_path() / "jx_cli_letters_bad_XXXXXX").string();
  const fs::path dir = ::mkdtemp(tmpl.data());
  const std::string out = (dir / "out").string();
  ASSERT_EQ(jxaudit("audit " + kSamples + "near-threshold-2022.pdf -o " + out + " -q").code, 0);
  auto letters = jxaudit("letters " + out + " --rules " + rules.dir.string(), Capture::Both);
  EXPECT_EQ(letters.code, 2);
  EXPECT_NE(letters.out.find(expected), std::string::npos) << letters.out;
  EXPECT_FALSE(fs::exists(fs::path(out) / "letters"));
  std::error_code ec;
  fs::remove_all(dir, ec);
}

// Reports filed in no agency folder share one letter to letters.toml's no_agency; an evidence crop that cannot be read
// is named on stderr and exit 1, and the letter is still written with every finding, without that image.
TEST(Cli, ALetterWithoutAnEvidenceImageIsWrittenAndTheImageNamed) {
  std::string tmpl = (fs::temp_directory_path() / "jx_cli_letters_img_XXXXXX").string();
  const fs::path dir = ::mkdtemp(tmpl.data());
  const std::string out = (dir / "out").string();
  ASSERT_EQ(jxaudit("audit " + kSamples + "near-threshold-2022.pdf -o " + out + " -q").code, 0);
  const auto findings = batch_findings(out);
  ASSERT_FALSE(findings.empty());
  ASSERT_FALSE(findings[0].image.empty());
  fs::remove(fs::path(out) / findings[0].image);
  auto run = jxaudit("letters " + out, Capture::Both);
  EXPECT_EQ(run.code, 1) << run.out;
  EXPECT_NE(run.out.find(findings[0].image + ": the evidence image cannot be read"), std::string::npos) << run.out;
  const fs::path pdf = fs::path(out) / "letters" / "有关单位.pdf";
  ASSERT_TRUE(fs::exists(pdf)) << run.out;
  const std::string text = squeezed(command_output("pdftotext -enc UTF-8 '" + pdf.string() + "' -").out);
  EXPECT_NE(text.find("有关单位："), std::string::npos);
  for (const auto& f : findings) EXPECT_NE(text.find(squeezed(f.message)), std::string::npos) << f.message;
  std::error_code ec;
  fs::remove_all(dir, ec);
}

// An agency folder whose name holds XML's markup characters: the letters are named by it, the DOCX's parts stay
// well-formed with the name escaped in them, and the PDF shows it as it is.
TEST(Cli, AnAgencyNameWithMarkupIsEscapedInTheDocx) {
  std::string tmpl = (fs::temp_directory_path() / "jx_cli_letters_xml_XXXXXX").string();
  const fs::path dir = ::mkdtemp(tmpl.data());
  const std::string agency = "市\"审计\"&<局>";
  fs::create_directories(dir / "in" / agency);
  fs::copy_file(kSamples + "near-threshold-2022.pdf", dir / "in" / agency / "a.pdf");
  const std::string out = (dir / "out").string();
  ASSERT_EQ(jxaudit("audit '" + (dir / "in").string() + "' -o " + out + " -q").code, 0);
  auto run = jxaudit("letters " + out, Capture::Both);
  ASSERT_EQ(run.code, 0) << run.out;
  const fs::path docx = fs::path(out) / "letters" / (agency + ".docx");
  ASSERT_TRUE(fs::exists(docx));
  ASSERT_TRUE(fs::exists(fs::path(out) / "letters" / (agency + ".pdf")));
  const fs::path parts = dir / "parts";
  ASSERT_EQ(command_output("unzip -q -o '" + docx.string() + "' -d '" + parts.string() + "'").code, 0);
  for (const std::string name : {"word/document.xml", "docProps/core.xml"}) {
    auto lint = command_output("xmllint --noout '" + (parts / name).string() + "' 2>&1");
    EXPECT_EQ(lint.code, 0) << name << ": " << lint.out;
  }
  std::ifstream in(parts / "word/document.xml", std::ios::binary);
  const std::string xml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(xml.find("市&quot;审计&quot;&amp;&lt;局&gt;："), std::string::npos) << "the salutation";
  const std::string pdf = (fs::path(out) / "letters" / (agency + ".pdf")).string();
  EXPECT_NE(command_output("pdftotext -enc UTF-8 '" + pdf + "' -").out.find(agency + "："), std::string::npos)
      << "the PDF's text is the name as it is, not markup";
  std::error_code ec;
  fs::remove_all(dir, ec);
}
