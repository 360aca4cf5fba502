// The batch runner end to end, on real files: the samples (samples/manifest.json) copied into a temporary input
// folder, and broken files made here at test time (empty, truncated, not a PDF, encrypted, a page tree that loops,
// an inflate bomb, thousands of blank pages). Also: resume, timeouts, the memory cap, Ctrl-C, shards and merge,
// progress lines, and outputs that stay inside OUT whatever the input names.
#include "batch/batch.h"

#include <dlfcn.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "audit/checks.h"
#include "audit/file_hash.h"
#include "audit/json_writer.h"
#include "audit/pipeline.h"
#include "cli/commands.h"
#include "outputs/out_files.h"
#include "outputs/register.h"
#include "rules/ruleset.h"
#include "tests/support/page_data.h"
#include "tests/support/pdf_fixtures.h"
#include "tests/support/test_support.h"

namespace fs = std::filesystem;
using namespace jx::batch;
using Clock = std::chrono::steady_clock;

namespace {

using jx::test::deflate_zeros;
using jx::test::pdf_from_objects;

const fs::path kSource = JX_SOURCE_DIR;

using jx::test::read_all;

struct TempDir : jx::test::TempDir {
  TempDir() : jx::test::TempDir("jx_batch") {}
};

void write(const fs::path& p, const std::string& bytes) { jx::test::write_file(p, bytes); }

void copy_to(const fs::path& from, const fs::path& to) {
  fs::create_directories(to.parent_path());
  fs::copy_file(from, to, fs::copy_options::overwrite_existing);
}

nlohmann::json read_json(const fs::path& p) { return nlohmann::json::parse(read_all(p), nullptr, false); }

std::size_t count_lines(const std::string& text) {
  std::size_t n = 0;
  for (char c : text) n += c == '\n';
  return n;
}

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// The samples the manifest says audit cleanly (exit code 0), as paths.
std::vector<fs::path> good_samples() {
  std::vector<fs::path> out;
  auto manifest = read_json(kSource / "samples/manifest.json");
  if (!manifest.is_array()) return out;
  for (const auto& e : manifest)
    if (e.value("exit_code", -1) == 0 && fs::exists(kSource / e.value("pdf", std::string("-"))))
      out.push_back(kSource / e["pdf"].get<std::string>());
  return out;
}

fs::path guangzhou() { return kSource / "samples/guangzhou-suizhiguan-2021.pdf"; }

// /Kids of the page tree point back at the page tree itself.
std::string looping_page_tree_pdf() {
  return pdf_from_objects({"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
                           "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"});
}

// `pages` pages sharing one empty content stream.
std::string blank_pages_pdf(int pages) {
  std::vector<std::string> objs{"<< /Type /Catalog /Pages 2 0 R >>", "", "<< /Length 0 >>\nstream\n\nendstream"};
  std::string kids;
  for (int i = 0; i < pages; ++i) {
    kids += std::to_string(i + 4) + " 0 R ";
    objs.push_back("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>");
  }
  objs[1] = "<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages) + " >>";
  return pdf_from_objects(objs);
}

// One page whose content stream inflates to ~1 GB of zeros.
std::string inflate_bomb_pdf() {
  std::string data = deflate_zeros(std::size_t{1} << 30);
  if (data.empty()) return {};
  return pdf_from_objects(
      {"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
       "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
       "<< /Length " + std::to_string(data.size()) + " /Filter /FlateDecode >>\nstream\n" + data + "\nendstream"});
}

const jx::rules::RuleSet& rules() {
  static auto loaded = jx::audit::load_audit_rules(jx::rules::default_rules_dir());
  return *loaded.rules;
}

bool rules_ok() {
  static bool ok = jx::audit::load_audit_rules(jx::rules::default_rules_dir()).ok();
  return ok;
}

BatchOptions options_for(const fs::path& in, const fs::path& out, int jobs = 2) {
  BatchOptions o;
  o.inputs = {in.string()};
  o.out_dir = out.string();
  o.jobs = jobs;
  o.quiet = true;
  o.limits.seconds_per_file = 30;
  o.limits.memory_per_worker = std::size_t{1} << 30;
  return o;
}

// No worker may outlive a batch: this process has no child left.
bool no_children_left() {
  errno = 0;
  return ::waitpid(-1, nullptr, WNOHANG) == -1 && errno == ECHILD;
}

// Everything under `dir` whose name starts with '.' (the writers' temporaries).
std::vector<std::string> temporaries(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.path().filename().string()[0] == '.' && e.path().filename() != ".jxaudit.lock")  // the run's lock stays
      out.push_back(e.path().string());
  return out;
}

class Batch : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!rules_ok()) GTEST_SKIP() << "the rule files do not load";
    if (!fs::exists(guangzhou())) GTEST_SKIP() << "samples/ has no PDFs yet (samples/make_samples.py)";
  }
  TempDir tmp_;
  fs::path in() const { return tmp_.path() / "in"; }
  fs::path out() const { return tmp_.path() / "out"; }
};

}  // namespace

TEST_F(Batch, GoodAndBrokenFilesEachBecomeARow) {
  auto good = good_samples();
  ASSERT_FALSE(good.empty());
  std::map<std::string, std::string> expect;  // rel → outcome ("ok", or the error outcome; "!ok": any error)
  for (std::size_t i = 0; i < good.size(); ++i) {
    std::string rel = std::string(i % 2 ? "市教育局/" : "市财政局/") + good[i].filename().string();
    copy_to(good[i], in() / rel);
    expect[rel] = "ok";
  }
  write(in() / "坏文件/empty.pdf", "");
  write(in() / "坏文件/not-a-pdf.pdf", "Hello, this is a letter, not a report.\n");
  std::string sample = read_all(guangzhou());
  write(in() / "坏文件/truncated.pdf", sample.substr(0, 400));
  write(in() / "坏文件/loop.pdf", looping_page_tree_pdf());
  write(in() / "坏文件/blank-pages.pdf", blank_pages_pdf(3000));
  expect["坏文件/empty.pdf"] = "empty";
  expect["坏文件/not-a-pdf.pdf"] = "not_pdf";
  expect["坏文件/truncated.pdf"] = "damaged";
  expect["坏文件/loop.pdf"] = "!ok";
  expect["坏文件/blank-pages.pdf"] = "limit_exceeded";
  if (fs::exists(kSource / "samples/bad/04-encrypted.pdf")) {
    copy_to(kSource / "samples/bad/04-encrypted.pdf", in() / "坏文件/encrypted.pdf");
    expect["坏文件/encrypted.pdf"] = "encrypted";
  }
  std::string bomb = inflate_bomb_pdf();
  ASSERT_FALSE(bomb.empty()) << "libz.so.1 not found";
  write(in() / "坏文件/bomb.pdf", bomb);
  expect["坏文件/bomb.pdf"] = "!ok";  // a timeout or a limit, whichever fires first; never a report
  write(in() / "notes.txt", "not a PDF name: ignored");

  auto opt = options_for(in(), out());
  // The bomb takes Poppler longer than the limit; a good file must never reach it. A debug build under
  // AddressSanitizer, on a loaded 2-core machine, has taken final-accounts-2022.pdf (41 pages) past 5 s.
  const bool asan = jx::test::built_with_asan();
  opt.limits.seconds_per_file = asan ? 30 : 5;
  auto start = Clock::now();
  BatchSummary s = run_batch(opt, rules(), std::cerr);
  double took = seconds_since(start);
  EXPECT_LT(took, asan ? 150 : 40) << "the run must finish in bounded time";
  EXPECT_TRUE(no_children_left());
  EXPECT_TRUE(temporaries(out()).empty());

  int bad = 0;
  for (const auto& [rel, outcome] : expect) bad += outcome != "ok";
  EXPECT_EQ(s.files, static_cast<int>(expect.size()));
  EXPECT_EQ(s.audited, s.files);
  EXPECT_EQ(s.reused, 0);
  EXPECT_EQ(s.failed, bad);
  EXPECT_FALSE(s.interrupted);

  int findings = 0;
  auto rows = static_cast<std::size_t>(bad);  // a row per project, and one per failed file
  for (const auto& [rel, outcome] : expect) {
    auto doc = read_json(out() / "reports" / (rel + ".json"));
    ASSERT_TRUE(doc.is_object()) << rel;
    EXPECT_TRUE(doc.contains("cache_key")) << rel;
    if (outcome == "ok") {
      EXPECT_EQ(doc.value("schema", ""), "jxaudit.report/1") << rel << ": " << doc.value("error", "");
      ASSERT_TRUE(doc.contains("projects")) << rel;
      rows += doc["projects"].size();
      for (const auto& p : doc["projects"]) findings += static_cast<int>(p["findings"].size());
    } else {
      ASSERT_TRUE(doc.contains("error")) << rel;
      EXPECT_FALSE(doc.value("error", "").empty()) << rel;
      if (outcome == "!ok") {
        EXPECT_NE(doc.value("outcome", "ok"), "ok") << rel;
      } else {
        EXPECT_EQ(doc.value("outcome", ""), outcome) << rel << ": " << doc.value("error", "");
      }
    }
  }
  EXPECT_EQ(s.findings_info + s.findings_warning + s.findings_error, findings);

  std::string summary = read_all(out() / "summary.csv");
  EXPECT_EQ(summary.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_EQ(count_lines(summary), rows + 1);
  EXPECT_NE(summary.find("坏文件/empty.pdf,坏文件,,,,,,,,0,0,0,empty,"), std::string::npos) << "project_index empty";
  EXPECT_EQ(count_lines(read_all(out() / "findings.csv")), static_cast<std::size_t>(findings) + 1);
  EXPECT_TRUE(fs::file_size(out() / "summary.xlsx") > 0);

  // The 穗智管 replica's findings on page 5 and 6 have evidence crops, embedded in the page.
  auto gz = read_json(out() / "reports/市财政局" / (guangzhou().filename().string() + ".json"));
  if (!gz.is_object()) gz = read_json(out() / "reports/市教育局" / (guangzhou().filename().string() + ".json"));
  ASSERT_TRUE(gz.is_object());
  int images = 0;
  for (const auto& f : gz["findings"]) {
    if (!f.contains("evidence_image")) continue;
    ++images;
    fs::path png = out() / f["evidence_image"].get<std::string>();
    EXPECT_EQ(read_all(png).substr(0, 4), "\x89PNG") << png;
  }
  EXPECT_GE(images, 3);
  std::string html = read_all(out() / "index.html");
  EXPECT_NE(html.find("\"data:image/png;base64,iVBORw0KGgo"), std::string::npos);
  EXPECT_NE(html.find("坏文件/blank-pages.pdf"), std::string::npos);
}

TEST_F(Batch, SecondRunReusesEverythingAndRedoesOnlyWhatChanged) {
  copy_to(guangzhou(), in() / "市财政局/a.pdf");
  copy_to(guangzhou(), in() / "市教育局/b.pdf");
  write(in() / "empty.pdf", "");
  write(in() / "not-a-pdf.pdf", "plain text");
  auto opt = options_for(in(), out());

  auto t1 = Clock::now();
  BatchSummary first = run_batch(opt, rules(), std::cerr);
  double first_time = seconds_since(t1);
  EXPECT_EQ(first.audited, 4);
  EXPECT_EQ(first.failed, 2);
  std::string summary_before = read_all(out() / "summary.csv");

  auto t2 = Clock::now();
  BatchSummary second = run_batch(opt, rules(), std::cerr);
  double second_time = seconds_since(t2);
  EXPECT_EQ(second.files, 4);
  EXPECT_EQ(second.reused, second.files);
  EXPECT_EQ(second.audited, 0);
  EXPECT_EQ(second.failed, 2) << "reused failures still count";
  EXPECT_EQ(second.findings_warning, first.findings_warning);
  EXPECT_LT(second_time, first_time);
  EXPECT_EQ(read_all(out() / "summary.csv"), summary_before) << "the same reports give the same summary";

  // A file touched but not changed: hashed again (its stat changed), found the same, reused; its report's recorded
  // stat is brought up to date so that the next run need not hash it.
  std::string stat_before = read_json(out() / "reports/市财政局/a.pdf.json").value("source_stat", "");
  EXPECT_FALSE(stat_before.empty());
  fs::last_write_time(in() / "市财政局/a.pdf", fs::last_write_time(in() / "市财政局/a.pdf") + std::chrono::hours(1));
  BatchSummary touched = run_batch(opt, rules(), std::cerr);
  EXPECT_EQ(touched.reused, 4);
  std::string stat_after = read_json(out() / "reports/市财政局/a.pdf.json").value("source_stat", "");
  EXPECT_NE(stat_after, stat_before);
  EXPECT_EQ(read_all(out() / "summary.csv"), summary_before);

  // One file changes (a comment appended: still the same PDF to a reader): only it is audited again.
  std::ofstream(in() / "市教育局/b.pdf", std::ios::app) << "%changed\n";
  BatchSummary third = run_batch(opt, rules(), std::cerr);
  EXPECT_EQ(third.audited, 1);
  EXPECT_EQ(third.reused, 3);

  opt.force = true;
  BatchSummary forced = run_batch(opt, rules(), std::cerr);
  EXPECT_EQ(forced.audited, 4);
  EXPECT_EQ(forced.reused, 0);

  // The command the CLI runs maps the summary to exit code 1 (some inputs failed), also when all is reused.
  jx::cli::CommandOptions cmd;
  cmd.inputs = {in().string()};
  cmd.out_dir = out().string();
  cmd.jobs = 2;
  cmd.quiet = true;
  std::ostringstream out_stream, err_stream;
  EXPECT_EQ(jx::cli::run_audit_command(cmd, out_stream, err_stream), jx::cli::ExitCode::InputsFailed)
      << err_stream.str();
}

// The applied profile is part of the resume key (through the rules hash): a run under another profile audits every
// file again, with the workers applying it, and a run under the same profile reuses.
TEST_F(Batch, AnotherProfileAuditsEveryFileAgain) {
  copy_to(guangzhou(), in() / "a.pdf");
  auto opt = options_for(in(), out());
  auto budget20 = jx::audit::load_audit_rules(jx::rules::default_rules_dir(), jx::Limits{}, "budget20");
  ASSERT_TRUE(budget20.ok());
  const jx::rules::RuleSet& b20 = *budget20.rules;
  EXPECT_NE(b20.hash, rules().hash);

  EXPECT_EQ(run_batch(opt, rules(), std::cerr).audited, 1);
  EXPECT_EQ(read_json(out() / "reports/a.pdf.json").value("profile", ""), "national");
  BatchSummary other = run_batch(opt, b20, std::cerr);
  EXPECT_EQ(other.audited, 1);
  EXPECT_EQ(other.reused, 0);
  EXPECT_EQ(read_json(out() / "reports/a.pdf.json").value("profile", ""), "budget20");
  EXPECT_EQ(read_json(out() / "run.json").value("profile", ""), "budget20");
  EXPECT_EQ(run_batch(opt, b20, std::cerr).reused, 1);
  BatchSummary back = run_batch(opt, rules(), std::cerr);
  EXPECT_EQ(back.audited, 1);
  EXPECT_EQ(read_json(out() / "reports/a.pdf.json").value("profile", ""), "national");
}

TEST_F(Batch, AHangingFileTimesOutAndTheRunGoesOn) {
  copy_to(guangzhou(), in() / "a-hang.pdf");
  copy_to(guangzhou(), in() / "b.pdf");
  copy_to(guangzhou(), in() / "c.pdf");
  ::setenv("JXAUDIT_TEST_HANG_ON", "a-hang.pdf", 1);
  auto opt = options_for(in(), out(), /*jobs=*/1);  // one worker: b and c need the replacement
  // b and c must finish inside the limit: a debug build under AddressSanitizer on a loaded machine is slow.
  const bool asan = jx::test::built_with_asan();
  opt.limits.seconds_per_file = asan ? 6 : 1.5;
  auto start = Clock::now();
  BatchSummary s = run_batch(opt, rules(), std::cerr);
  double took = seconds_since(start);
  ::unsetenv("JXAUDIT_TEST_HANG_ON");
  EXPECT_GE(took, opt.limits.seconds_per_file - 0.1);
  EXPECT_LT(took, asan ? 40 : 15);
  EXPECT_EQ(s.files, 3);
  EXPECT_EQ(s.failed, 1);
  auto hang = read_json(out() / "reports/a-hang.pdf.json");
  EXPECT_EQ(hang.value("outcome", ""), "timeout");
  EXPECT_NE(hang.value("error", "").find("seconds_per_file"), std::string::npos);
  EXPECT_EQ(read_json(out() / "reports/b.pdf.json").value("schema", ""), "jxaudit.report/1");
  EXPECT_EQ(read_json(out() / "reports/c.pdf.json").value("schema", ""), "jxaudit.report/1");
  EXPECT_TRUE(no_children_left());

  // A timeout is not reused: the next run (no hang) audits that file again, and only it.
  BatchSummary again = run_batch(opt, rules(), std::cerr);
  EXPECT_EQ(again.audited, 1);
  EXPECT_EQ(again.failed, 0);
}

TEST_F(Batch, AWorkerOverItsMemoryCapOrCrashingCostsOneFile) {
  if (jx::test::built_with_asan()) GTEST_SKIP() << "no address-space cap under AddressSanitizer";
  copy_to(guangzhou(), in() / "a-memory.pdf");
  copy_to(guangzhou(), in() / "b.pdf");
  copy_to(guangzhou(), in() / "c-crash.pdf");
  copy_to(guangzhou(), in() / "d.pdf");
  auto opt = options_for(in(), out(), /*jobs=*/1);  // one worker: each fault needs a replacement for the next file
  opt.limits.memory_per_worker = std::size_t{256} << 20;
  ::setenv("JXAUDIT_TEST_FAULT_ON", "memory:a-memory.pdf", 1);
  BatchSummary s = run_batch(opt, rules(), std::cerr);
  ::setenv("JXAUDIT_TEST_FAULT_ON", "crash:c-crash.pdf", 1);
  opt.force = true;
  BatchSummary t = run_batch(opt, rules(), std::cerr);
  ::unsetenv("JXAUDIT_TEST_FAULT_ON");
  EXPECT_EQ(s.files, 4);
  EXPECT_EQ(s.failed, 1);
  EXPECT_EQ(t.failed, 1);

  // The second run (crash on c) rewrote a's report: a is fine without the memory hook.
  auto a = read_json(out() / "reports/a-memory.pdf.json");
  EXPECT_EQ(a.value("schema", ""), "jxaudit.report/1");
  auto c = read_json(out() / "reports/c-crash.pdf.json");
  EXPECT_EQ(c.value("outcome", ""), "crashed") << c.value("error", "");
  EXPECT_NE(c.value("error", "").find("SIGSEGV"), std::string::npos) << c.value("error", "");
  for (const char* ok : {"b.pdf", "d.pdf"})
    EXPECT_EQ(read_json(out() / "reports" / (std::string(ok) + ".json")).value("schema", ""), "jxaudit.report/1");
  EXPECT_TRUE(no_children_left());
}

TEST_F(Batch, AMemoryBlowUpIsReportedAsTheMemoryLimit) {
  if (jx::test::built_with_asan()) GTEST_SKIP() << "no address-space cap under AddressSanitizer";
  copy_to(guangzhou(), in() / "a-memory.pdf");
  copy_to(guangzhou(), in() / "b.pdf");
  auto opt = options_for(in(), out(), /*jobs=*/1);
  opt.limits.memory_per_worker = std::size_t{256} << 20;
  ::setenv("JXAUDIT_TEST_FAULT_ON", "memory:a-memory.pdf", 1);
  auto start = Clock::now();
  BatchSummary s = run_batch(opt, rules(), std::cerr);
  ::unsetenv("JXAUDIT_TEST_FAULT_ON");
  EXPECT_LT(seconds_since(start), 20);
  EXPECT_EQ(s.failed, 1);
  auto a = read_json(out() / "reports/a-memory.pdf.json");
  EXPECT_EQ(a.value("outcome", ""), "limit_exceeded") << a.value("error", "");
  EXPECT_NE(a.value("error", "").find("memory_per_worker (256 MiB)"), std::string::npos) << a.value("error", "");
  EXPECT_EQ(read_json(out() / "reports/b.pdf.json").value("schema", ""), "jxaudit.report/1");
  EXPECT_TRUE(no_children_left());

  // A rerun under another memory cap audits the file again: a verdict made under a limit is not reused.
  opt.limits.memory_per_worker = std::size_t{2048} << 20;
  BatchSummary again = run_batch(opt, rules(), std::cerr);
  EXPECT_EQ(again.failed, 0);
  EXPECT_EQ(again.reused, 1) << "b.pdf only";
  EXPECT_EQ(read_json(out() / "reports/a-memory.pdf.json").value("schema", ""), "jxaudit.report/1");
}

TEST_F(Batch, InterruptStopsAndKeepsTheFinishedReports) {
  copy_to(guangzhou(), in() / "a.pdf");
  copy_to(guangzhou(), in() / "b.pdf");
  copy_to(guangzhou(), in() / "z-hang.pdf");
  ::setenv("JXAUDIT_TEST_HANG_ON", "z-hang.pdf", 1);
  auto opt = options_for(in(), out(), /*jobs=*/1);
  opt.limits.seconds_per_file = 60;
  std::atomic<bool> running{true};
  std::thread interrupter([&] {
    // Ctrl-C once a and b are written (z then hangs until the interrupt).
    for (int i = 0; i < 300 && running; ++i) {
      if (fs::exists(out() / "reports/a.pdf.json") && fs::exists(out() / "reports/b.pdf.json")) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        if (running) ::kill(::getpid(), SIGINT);
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
  auto start = Clock::now();
  BatchSummary s = run_batch(opt, rules(), std::cerr);
  running = false;
  interrupter.join();
  ::unsetenv("JXAUDIT_TEST_HANG_ON");
  EXPECT_LT(seconds_since(start), 30);
  EXPECT_TRUE(s.interrupted);
  EXPECT_EQ(s.files, 3);
  EXPECT_EQ(s.audited, 2);
  EXPECT_FALSE(fs::exists(out() / "reports/z-hang.pdf.json"));
  std::string summary = read_all(out() / "summary.csv");
  EXPECT_EQ(count_lines(summary), 3u) << summary;
  EXPECT_NE(summary.find("\na.pdf,"), std::string::npos);
  EXPECT_NE(summary.find("\nb.pdf,"), std::string::npos);
  EXPECT_TRUE(fs::exists(out() / "index.html"));
  EXPECT_TRUE(fs::exists(out() / "summary.xlsx"));
  EXPECT_TRUE(temporaries(out()).empty());
  EXPECT_TRUE(no_children_left());
}

// A shard whose reports/ is a link, or holds links, could make merge copy any file it points to (as root even
// /etc/shadow): merge reads only regular files inside the shard, and a copy is no more readable than its source.
TEST_F(Batch, MergeReadsNoLinkAndWidensNoMode) {
  auto good = good_samples();
  ASSERT_FALSE(good.empty());
  copy_to(good[0], in() / good[0].filename());
  fs::path shard = tmp_.path() / "shard", merged = tmp_.path() / "merged";
  run_batch(options_for(in(), shard), rules(), std::cerr);
  fs::path secret_dir = tmp_.path() / "secret";
  write(secret_dir / "shadow.json", "{\"secret\": true}");
  fs::permissions(secret_dir / "shadow.json", fs::perms::owner_read | fs::perms::owner_write,
                  fs::perm_options::replace);
  // A link to a secret file under reports/, and a private report of the shard's own.
  fs::create_symlink(secret_dir / "shadow.json", shard / "reports" / "leak.pdf.json");
  write(shard / "reports" / "private.pdf.json", "{}");
  fs::permissions(shard / "reports" / "private.pdf.json", fs::perms::owner_read | fs::perms::owner_write,
                  fs::perm_options::replace);
  std::ostringstream err;
  merge_outputs({shard.string()}, merged.string(), rules(), err);
  EXPECT_FALSE(fs::exists(fs::symlink_status(merged / "reports" / "leak.pdf.json"))) << err.str();
  ASSERT_TRUE(fs::exists(merged / "reports" / "private.pdf.json"));
  EXPECT_EQ(fs::status(merged / "reports" / "private.pdf.json").permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);

  // A shard whose reports/ itself is a link to elsewhere: refused, nothing copied from it.
  fs::path linked = tmp_.path() / "linked", merged2 = tmp_.path() / "merged2";
  fs::create_directories(linked);
  fs::create_directory_symlink(secret_dir, linked / "reports");
  std::ostringstream err2;
  EXPECT_EQ(merge_outputs({linked.string()}, merged2.string(), rules(), err2), MergeOutcome::Failed);
  EXPECT_FALSE(fs::exists(merged2 / "reports" / "shadow.json"));
  EXPECT_NE(err2.str().find("symbolic link"), std::string::npos) << err2.str();
}

TEST_F(Batch, ShardsMergeIntoTheOutputsOfOneRun) {
  auto good = good_samples();
  for (std::size_t i = 0; i < good.size() && i < 6; ++i)
    copy_to(good[i], in() / (i % 3 == 0 ? "甲局" : i % 3 == 1 ? "乙局" : "丙局") / good[i].filename());
  write(in() / "丙局/empty.pdf", "");
  fs::path all = tmp_.path() / "all", s1 = tmp_.path() / "s1", s2 = tmp_.path() / "s2", merged = tmp_.path() / "m";
  BatchSummary whole = run_batch(options_for(in(), all), rules(), std::cerr);
  auto o1 = options_for(in(), s1);
  o1.shard_index = 0;
  o1.shard_count = 2;
  auto o2 = options_for(in(), s2);
  o2.shard_index = 1;
  o2.shard_count = 2;
  BatchSummary a = run_batch(o1, rules(), std::cerr);
  BatchSummary b = run_batch(o2, rules(), std::cerr);
  EXPECT_EQ(a.files + b.files, whole.files);
  EXPECT_GT(a.files, 0);
  EXPECT_GT(b.files, 0);

  std::ostringstream err;
  EXPECT_EQ(merge_outputs({s1.string(), s2.string()}, merged.string(), rules(), err), MergeOutcome::Failed)
      << "empty.pdf failed";
  for (const char* name : {"summary.csv", "findings.csv", "index.html", "findings.jsonl", "reports.jsonl"})
    EXPECT_EQ(read_all(merged / name), read_all(all / name)) << name;
  std::set<std::string> evidence_all, evidence_merged;
  for (const auto& e : fs::recursive_directory_iterator(all / "evidence"))
    evidence_all.insert(fs::relative(e.path(), all).string());
  for (const auto& e : fs::recursive_directory_iterator(merged / "evidence"))
    evidence_merged.insert(fs::relative(e.path(), merged).string());
  EXPECT_EQ(evidence_all, evidence_merged);

  std::ostringstream err2;
  EXPECT_EQ(merge_outputs({s1.string(), (tmp_.path() / "nowhere").string()}, merged.string(), rules(), err2),
            MergeOutcome::NotAShard);
  EXPECT_NE(err2.str().find("nowhere"), std::string::npos);
}

// A file gone from the input takes its report and evidence with it: the summary, the folder and a later merge show
// only the files of the last run. A mistyped input beside the others keeps every report (the list is not whole).
TEST_F(Batch, ReportsOfFilesNoLongerInTheInputAreRemoved) {
  copy_to(guangzhou(), in() / "市财政局/a.pdf");
  copy_to(guangzhou(), in() / "市教育局/b.pdf");
  BatchSummary first = run_batch(options_for(in(), out()), rules(), std::cerr);
  ASSERT_EQ(first.audited, 2);
  ASSERT_TRUE(fs::exists(out() / "reports/市教育局/b.pdf.json"));
  ASSERT_TRUE(fs::is_directory(out() / "evidence/市教育局/b.pdf")) << "the sample's findings have crops";

  fs::remove_all(in() / "市教育局");
  auto mistyped = options_for(in(), out());
  mistyped.inputs.push_back((tmp_.path() / "no-such-folder").string());
  BatchSummary kept = run_batch(mistyped, rules(), std::cerr);
  EXPECT_EQ(kept.stale_removed, 0);
  EXPECT_TRUE(fs::exists(out() / "reports/市教育局/b.pdf.json")) << "a mistyped input removes nothing";
  EXPECT_EQ(read_all(out() / "summary.csv").find("b.pdf"), std::string::npos) << "but the summary leaves it out";

  auto opt = options_for(in(), out());
  opt.quiet = false;
  std::ostringstream progress;
  BatchSummary second = run_batch(opt, rules(), progress);
  EXPECT_EQ(second.files, 1);
  EXPECT_EQ(second.reused, 1);
  EXPECT_EQ(second.stale_removed, 2) << "b.pdf and the row of the mistyped folder";
  // Named in rel order (bytewise), as report_rels() lists them.
  EXPECT_NE(progress.str().find("removed 2 reports of files no longer in the input (no-such-folder, 市教育局/b.pdf)"),
            std::string::npos)
      << progress.str();
  EXPECT_FALSE(fs::exists(out() / "reports/市教育局")) << "its report and the folder it leaves empty are gone";
  EXPECT_FALSE(fs::exists(out() / "evidence/市教育局"));
  EXPECT_TRUE(fs::exists(out() / "reports/市财政局/a.pdf.json"));
  EXPECT_TRUE(fs::is_directory(out() / "evidence/市财政局/a.pdf"));

  std::ostringstream err;
  const fs::path merged = tmp_.path() / "merged";
  EXPECT_EQ(merge_outputs({out().string()}, merged.string(), rules(), err), MergeOutcome::Merged) << err.str();
  EXPECT_EQ(read_all(merged / "summary.csv"), read_all(out() / "summary.csv")) << "a merge shows no stale file";
}

// A file read by OCR says which of its pages is being read, before its own line; reading page by page for that gives
// the document a single call over all pages gives (`audit --json`).
// A stale report's crops are its own *.png: a folder of the same name may also hold the crop folders of the files of
// an input folder so named, which stay.
TEST_F(Batch, AStaleReportTakesOnlyItsOwnCrops) {
  copy_to(guangzhou(), in() / "x.pdf");
  run_batch(options_for(in(), out()), rules(), std::cerr);
  ASSERT_TRUE(fs::exists(out() / "evidence/x.pdf/1.png"));
  fs::remove(in() / "x.pdf");
  copy_to(guangzhou(), in() / "x.pdf/y.pdf");  // now a folder of that name
  auto mistyped = options_for(in(), out());
  mistyped.inputs.push_back((tmp_.path() / "no-such-folder").string());  // keeps x.pdf's report this time
  run_batch(mistyped, rules(), std::cerr);
  ASSERT_TRUE(fs::exists(out() / "reports/x.pdf.json"));
  ASSERT_TRUE(fs::exists(out() / "evidence/x.pdf/y.pdf/1.png"));

  BatchSummary clean = run_batch(options_for(in(), out()), rules(), std::cerr);
  EXPECT_EQ(clean.stale_removed, 2) << "x.pdf and the mistyped folder's row";
  EXPECT_FALSE(fs::exists(out() / "reports/x.pdf.json"));
  EXPECT_FALSE(fs::exists(out() / "evidence/x.pdf/1.png"));
  EXPECT_TRUE(fs::exists(out() / "evidence/x.pdf/y.pdf/1.png"));
  EXPECT_TRUE(fs::exists(out() / "reports/x.pdf/y.pdf.json"));
}

TEST_F(Batch, AScannedFileSaysWhichPageIsReadByOcr) {
  if (std::system("command -v pdfunite >/dev/null 2>&1") != 0) GTEST_SKIP() << "pdfunite (poppler-utils) missing";
  const fs::path scans = fs::path(JX_SOURCE_DIR) / "samples/scanned";
  fs::create_directories(in());
  const fs::path two = in() / "two-scans.pdf";
  const std::string cmd = "pdfunite '" + (scans / "no-satisfaction-2022.pdf").string() + "' '" +
                          (scans / "sichuan-split-2023.pdf").string() + "' '" + two.string() + "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  auto opt = options_for(in(), out(), 1);
  opt.quiet = false;
  opt.limits.seconds_per_file = 300;
  std::ostringstream progress;
  BatchSummary summary = run_batch(opt, rules(), progress);
  ASSERT_EQ(summary.failed, 0) << progress.str();
  const std::string text = progress.str();
  const auto page1 = text.find("ocr two-scans.pdf: page 1/2\n"), page2 = text.find("ocr two-scans.pdf: page 2/2\n"),
             done = text.find("[1/1] ok two-scans.pdf ");
  ASSERT_NE(page1, std::string::npos) << text;
  ASSERT_NE(page2, std::string::npos) << text;
  ASSERT_NE(done, std::string::npos) << text;
  EXPECT_LT(page1, page2);
  EXPECT_LT(page2, done);

  auto stored = read_json(out() / "reports/two-scans.pdf.json");
  auto single = jx::audit::audit_file(two.string(), rules(), opt.limits);
  ASSERT_EQ(single.projects.size(), 2u) << single.error.message;
  nlohmann::json expected = nlohmann::json::parse(jx::audit::report_to_json(single.projects).dump());
  stored.erase("cache_key");
  stored.erase("source_stat");
  auto drop_images = [](nlohmann::json& findings) {
    for (auto& f : findings) f.erase("evidence_image");
  };
  drop_images(stored["findings"]);
  for (auto& p : stored["projects"]) drop_images(p["findings"]);
  EXPECT_EQ(stored, expected);
}

TEST_F(Batch, ProgressIsOneLinePerFileOrNothingWhenQuiet) {
  copy_to(guangzhou(), in() / "市财政局/a.pdf");
  write(in() / "empty.pdf", "");
  auto opt = options_for(in(), out(), 1);
  opt.quiet = false;
  std::ostringstream progress;
  const BatchSummary summary = run_batch(opt, rules(), progress);
  std::string text = progress.str();
  // A failure names the file, its outcome id (for scripts) and its reason in Chinese, then the detail.
  EXPECT_NE(text.find("[1/2] FAILED empty: empty.pdf: 空文件（"), std::string::npos) << text;
  EXPECT_NE(text.find("[2/2] ok 市财政局/a.pdf "), std::string::npos) << text;
  EXPECT_NE(text.find(" findings"), std::string::npos) << text;
  EXPECT_EQ(text.find('\r'), std::string::npos) << "no progress bar when not a terminal";
  EXPECT_EQ(text.find('\x1b'), std::string::npos) << "no colour when not a terminal";
  // The last line says what was audited, what failed and where the report is.
  const std::string last = text.substr(text.rfind('\n', text.size() - 2) + 1);
  EXPECT_EQ(last, "jxaudit: 完成：2 个文件，审核 2 个，沿用上次结果 0 个，失败 1 个（见上方 FAILED 行）；问题 错误 " +
                      std::to_string(summary.findings_error) + "、警告 " + std::to_string(summary.findings_warning) +
                      "、提示 " + std::to_string(summary.findings_info) + "；报告：" + (out() / "index.html").string() +
                      "\n")
      << text;
  EXPECT_GT(summary.findings_warning, 0) << "the replica has warnings";

  std::ostringstream rerun;
  run_batch(opt, rules(), rerun);
  EXPECT_NE(rerun.str().find("[2/2] reused 市财政局/a.pdf"), std::string::npos) << rerun.str();

  opt.quiet = true;
  std::ostringstream quiet;
  run_batch(opt, rules(), quiet);
  EXPECT_EQ(quiet.str(), "");
}

TEST_F(Batch, OutputsStayInsideOutWhateverTheNames) {
  copy_to(guangzhou(), in() / "a\nb.pdf");
  copy_to(guangzhou(), in() / "evil/x.pdf");
  fs::create_directories(out() / "reports");
  fs::create_directories(tmp_.path() / "elsewhere");
  fs::create_directory_symlink(tmp_.path() / "elsewhere", out() / "reports/evil");
  auto opt = options_for(in(), out());
  // A file named directly through "..": its outputs are filed under its file name.
  opt.inputs.push_back((in() / "evil/../a\nb.pdf").string());
  BatchSummary s = run_batch(opt, rules(), std::cerr);
  EXPECT_EQ(s.files, 2) << "the directly named file is the same file as in/a\\nb.pdf";
  EXPECT_TRUE(fs::exists(out() / "reports/a_b.pdf.json"));
  EXPECT_TRUE(fs::is_empty(tmp_.path() / "elsewhere")) << "nothing written through the symlink";
  EXPECT_EQ(s.failed, 1) << "evil/x.pdf cannot be placed inside OUT/reports";
  EXPECT_TRUE(fs::is_empty(tmp_.path() / "elsewhere"));
}

namespace {

// Splits a CSV of simple cells (no quoting) into lines of cells, the header and BOM dropped.
std::vector<std::vector<std::string>> csv_rows(const std::string& csv) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);  // the header
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> cells;
    std::size_t start = 0;
    for (std::size_t comma = line.find(','); comma != std::string::npos; comma = line.find(',', start)) {
      cells.push_back(line.substr(start, comma - start));
      start = comma + 1;
    }
    cells.push_back(line.substr(start));
    rows.push_back(std::move(cells));
  }
  return rows;
}

}  // namespace

// A department package of two project tables (two samples joined by pdfunite), beside a one-project file: one
// report document for the package, two summary rows with project_index 0 and 1, each project's own findings, and
// the terminal table names the project when a file has several.
TEST_F(Batch, APackageOfTwoProjectsGivesARowPerProject) {
  fs::path second = kSource / "samples/operators-2023.pdf";
  if (!fs::exists(second)) GTEST_SKIP() << "samples/operators-2023.pdf is missing";
  if (std::system("command -v pdfunite >/dev/null 2>&1") != 0) GTEST_SKIP() << "pdfunite (poppler-utils) missing";
  fs::create_directories(in() / "部门");
  std::string cmd = "pdfunite '" + guangzhou().string() + "' '" + second.string() + "' '" +
                    (in() / "部门/package.pdf").string() + "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  copy_to(second, in() / "部门/single.pdf");
  BatchSummary s = run_batch(options_for(in(), out()), rules(), std::cerr);
  EXPECT_EQ(s.files, 2);
  EXPECT_EQ(s.failed, 0);

  auto doc = read_json(out() / "reports/部门/package.pdf.json");
  ASSERT_TRUE(doc.is_object());
  ASSERT_EQ(doc["projects"].size(), 2u) << "the reader must find both tables";
  const auto& projects = doc["projects"];
  EXPECT_NE(projects[0]["project"]["name"], projects[1]["project"]["name"]);

  auto summary = csv_rows(read_all(out() / "summary.csv"));
  ASSERT_EQ(summary.size(), 3u) << "two rows for the package, one for the single file";
  // Columns: file, agency, project_index, project, department, year, stated_total, recomputed_total, grade,
  // findings_info, findings_warning, findings_error, outcome, error.
  std::vector<std::vector<std::string>> package;
  for (const auto& row : summary)
    if (row[0] == "部门/package.pdf") package.push_back(row);
  ASSERT_EQ(package.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    ASSERT_EQ(package[i].size(), 14u);
    EXPECT_EQ(package[i][2], std::to_string(i));
    EXPECT_EQ(package[i][3], projects[i]["project"]["name"].get<std::string>());
    int warnings = 0;
    for (const auto& f : projects[i]["findings"]) warnings += f["severity"] == "warning";
    EXPECT_EQ(package[i][10], std::to_string(warnings)) << "project " << i << "'s own findings";
  }
  auto single = std::find_if(summary.begin(), summary.end(), [](const auto& r) { return r[0] == "部门/single.pdf"; });
  ASSERT_NE(single, summary.end());
  EXPECT_EQ((*single)[2], "0");

  // findings.csv: each project's findings under its project_index, in the document's order.
  std::map<std::string, std::vector<std::string>> rules_by_index;
  for (const auto& row : csv_rows(read_all(out() / "findings.csv")))
    if (row[0] == "部门/package.pdf") rules_by_index[row[2]].push_back(row[4]);
  for (std::size_t i = 0; i < 2; ++i) {
    std::vector<std::string> expected;
    for (const auto& f : projects[i]["findings"]) expected.push_back(f["rule"].get<std::string>());
    EXPECT_FALSE(expected.empty()) << "project " << i;
    EXPECT_EQ(rules_by_index[std::to_string(i)], expected) << "project " << i;
  }
  EXPECT_EQ(rules_by_index.size(), 2u);

  auto page = jx::test::page_data(read_all(out() / "index.html"));
  std::vector<std::string> places;
  for (const auto& row : page.rows)
    if (row["f"] == "部门/package.pdf")
      places.push_back(row["p"].get<std::string>() + " " + row["pl"].get<std::string>());
  EXPECT_EQ(places, (std::vector<std::string>{projects[0]["project"]["name"].get<std::string>() + " 1/2",
                                              projects[1]["project"]["name"].get<std::string>() + " 2/2"}));

  // A rerun reuses the package's report: the same rows, and its findings counted over both projects.
  std::string before = read_all(out() / "summary.csv");
  BatchSummary again = run_batch(options_for(in(), out()), rules(), std::cerr);
  EXPECT_EQ(again.reused, 2);
  EXPECT_EQ(again.findings_warning, s.findings_warning);
  EXPECT_EQ(read_all(out() / "summary.csv"), before);

  // A merge of the output gives the same rows.
  fs::path merged = tmp_.path() / "merged";
  std::ostringstream merge_err;
  EXPECT_EQ(merge_outputs({out().string()}, merged.string(), rules(), merge_err), MergeOutcome::Merged)
      << merge_err.str();
  EXPECT_NE(merge_err.str().find("2 reports (3 summary rows)"), std::string::npos) << merge_err.str();
  for (const char* name : {"summary.csv", "findings.csv", "index.html", "findings.jsonl", "reports.jsonl"})
    EXPECT_EQ(read_all(merged / name), read_all(out() / name)) << name;

  // At a terminal, each project's block names its place in the file.
  jx::cli::CommandOptions terminal;
  terminal.inputs = {(in() / "部门/package.pdf").string()};
  std::ostringstream text, err;
  jx::cli::run_audit_command(terminal, text, err);
  EXPECT_NE(text.str().find("package.pdf  [项目 1/2，第 "), std::string::npos) << text.str();
  EXPECT_NE(text.str().find("package.pdf  [项目 2/2，第 "), std::string::npos) << text.str();
}

// Inputs that would stall the supervisor before any work (it hashes each file for the resume key): a FIFO among the
// PDFs, a named link to /dev/zero, a sparse file far past the size limit. Each is one failed row with its reason and
// the run ends; nothing is read from the device or the FIFO.
TEST_F(Batch, FifosDevicesAndHugeSparseFilesAreRowsNotStalls) {
  copy_to(guangzhou(), in() / "good.pdf");
  ASSERT_EQ(::mkfifo((in() / "pipe.pdf").c_str(), 0600), 0);
  fs::create_symlink("/dev/zero", tmp_.path() / "zero.pdf");
  {
    std::ofstream sparse(in() / "sparse.pdf", std::ios::binary);
    sparse << "%PDF-1.7\n";
  }
  fs::resize_file(in() / "sparse.pdf", std::uintmax_t{1} << 34);  // 16 GiB of holes
  auto opt = options_for(in(), out());
  opt.inputs.push_back((tmp_.path() / "zero.pdf").string());
  opt.limits.max_file_bytes = 64u << 20;
  BatchSummary s = run_batch(opt, rules(), std::cerr);
  EXPECT_EQ(s.files, 4);
  EXPECT_EQ(s.failed, 3);
  EXPECT_FALSE(s.interrupted);
  std::map<std::string, std::string> outcome;  // file → outcome (column 12 of summary.csv)
  for (const auto& row : csv_rows(read_all(out() / "summary.csv"))) outcome[row.at(0)] = row.at(12);
  EXPECT_EQ(outcome["good.pdf"], "ok");
  EXPECT_EQ(outcome["pipe.pdf"], "not_found");
  EXPECT_EQ(outcome["zero.pdf"], "not_found");
  EXPECT_EQ(outcome["sparse.pdf"], "limit_exceeded");
}

// A hidden file is a row like any other (its report .x.pdf.json is no temporary), and a folder a.pdf.json/ beside
// a.pdf does not take the place of a.pdf's report: a.pdf is filed as a~2.pdf. Three inputs, three rows.
TEST_F(Batch, HiddenFilesAndReportNamedFoldersEachGetTheirRow) {
  copy_to(guangzhou(), in() / ".hidden.pdf");
  copy_to(guangzhou(), in() / "a.pdf");
  copy_to(guangzhou(), in() / "a.pdf.json/b.pdf");
  BatchSummary s = run_batch(options_for(in(), out()), rules(), std::cerr);
  EXPECT_EQ(s.files, 3);
  EXPECT_EQ(s.failed, 0);
  std::set<std::string> files;
  for (const auto& row : csv_rows(read_all(out() / "summary.csv"))) files.insert(row.at(0));
  EXPECT_EQ(files, (std::set<std::string>{".hidden.pdf", "a~2.pdf", "a.pdf.json/b.pdf"}));
  EXPECT_TRUE(fs::is_regular_file(out() / "reports/a~2.pdf.json"));
  EXPECT_TRUE(fs::is_regular_file(out() / "reports/a.pdf.json/b.pdf.json"));
}

// A file name of 252 bytes (84 CJK characters) is legal, but its report name (+ ".json") is not: the outputs are filed
// under a shortened name, and the file still gets its row.
TEST_F(Batch, ANameTooLongForItsReportStillGetsItsRow) {
  std::string name;
  for (int i = 0; i < 82; ++i) name += "长";
  name += ".pdf";  // 82 × 3 + 4 = 250 bytes
  copy_to(guangzhou(), in() / name);
  BatchSummary s = run_batch(options_for(in(), out()), rules(), std::cerr);
  EXPECT_EQ(s.files, 1);
  EXPECT_EQ(s.failed, 0);
  auto rows = csv_rows(read_all(out() / "summary.csv"));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].at(12), "ok");
  EXPECT_LE(rows[0].at(0).size(), 200u);
  EXPECT_EQ(rows[0].at(0).substr(0, 30), name.substr(0, 30));
  EXPECT_EQ(rows[0].at(0).substr(rows[0].at(0).size() - 4), ".pdf");
}

// File names that are not UTF-8 (a zip made on Chinese Windows unpacks to GBK names) are found, audited and shown
// readably: decoded as GB18030 where that decodes, byte by byte as %XX where it does not.
TEST_F(Batch, NamesThatAreNotUtf8AreAuditedAndShownReadably) {
  const std::string gbk_folder = "\xca\xd0\xb2\xc6\xd5\xfe\xbe\xd6";  // 市财政局 in GBK
  const std::string gbk_file = "\xb1\xa8\xb8\xe6.pdf";                // 报告.pdf in GBK
  const std::string broken = "x\xff.pdf";                             // 0xFF starts nothing in UTF-8 or GB18030
  copy_to(guangzhou(), in() / gbk_folder / gbk_file);
  copy_to(guangzhou(), in() / broken);
  BatchSummary s = run_batch(options_for(in(), out()), rules(), std::cerr);
  EXPECT_EQ(s.files, 2);
  EXPECT_EQ(s.failed, 0);
  std::map<std::string, std::string> outcome;
  for (const auto& row : csv_rows(read_all(out() / "summary.csv"))) outcome[row.at(0)] = row.at(12);
  EXPECT_EQ(outcome["市财政局/报告.pdf"], "ok");
  EXPECT_EQ(outcome["x%FF.pdf"], "ok");
  auto doc = read_json(out() / "reports/市财政局/报告.pdf.json");
  const std::string file = doc.value("file", "");
  EXPECT_EQ(file.substr(file.size() - std::string("市财政局/报告.pdf").size()), "市财政局/报告.pdf");
}

// Two runs writing one OUT at once would interleave their summaries: the second is refused while the first holds
// OUT's lock. What a killed run left half-written (an index part-folder, a summary temporary, a report's) is removed
// by the next run; a live process's temporaries are not touched.
TEST_F(Batch, OneRunWritesOutAtATimeAndCleansWhatAKilledOneLeft) {
  copy_to(guangzhou(), in() / "a.pdf");
  fs::create_directories(out() / "reports");
  {
    jx::outputs::OutLock held(out().string());
    ASSERT_TRUE(held.ok()) << held.error();
    std::ostringstream refused;
    BatchSummary s = run_batch(options_for(in(), out()), rules(), refused);
    EXPECT_EQ(s.problems, 1);
    EXPECT_EQ(s.files, 0);
    EXPECT_NE(refused.str().find("another jxaudit run is writing"), std::string::npos) << refused.str();
    EXPECT_FALSE(fs::exists(out() / "summary.csv"));
  }

  // A process that is gone for certain: a child that has exited and been reaped.
  pid_t gone = ::fork();
  if (gone == 0) ::_exit(0);
  ::waitpid(gone, nullptr, 0);
  const std::string dead = ".tmp" + std::to_string(gone) + "-0";
  const std::string live = ".tmp" + std::to_string(::getpid()) + "-0";
  fs::create_directories(out() / (".index.html" + dead));
  write(out() / (".index.html" + dead) / "reports", "part");
  write(out() / (".summary.csv" + dead), "half");
  write(out() / "reports" / (".a.pdf.json" + dead), "half");
  write(out() / (".summary.xlsx" + live), "a live writer's");
  BatchSummary s = run_batch(options_for(in(), out()), rules(), std::cerr);
  EXPECT_EQ(s.problems, 0);
  EXPECT_EQ(s.files, 1);
  EXPECT_FALSE(fs::exists(out() / (".index.html" + dead)));
  EXPECT_FALSE(fs::exists(out() / (".summary.csv" + dead)));
  EXPECT_FALSE(fs::exists(out() / "reports" / (".a.pdf.json" + dead)));
  EXPECT_TRUE(fs::exists(out() / (".summary.xlsx" + live)));
}

// Merging shards that overlap (the same report in two of them): the folder named later wins, and merge says which.
TEST_F(Batch, OverlappingShardsMergeWithANote) {
  copy_to(guangzhou(), in() / "a.pdf");
  fs::path s1 = tmp_.path() / "s1", s2 = tmp_.path() / "s2", merged = tmp_.path() / "m";
  run_batch(options_for(in(), s1), rules(), std::cerr);
  fs::create_directories(s2);
  fs::copy(s1 / "reports", s2 / "reports", fs::copy_options::recursive);
  std::ostringstream err;
  EXPECT_EQ(merge_outputs({s1.string(), s2.string()}, merged.string(), rules(), err), MergeOutcome::Merged)
      << err.str();
  EXPECT_NE(err.str().find("reports/a.pdf.json is in both " + s1.string() + " and " + s2.string()), std::string::npos)
      << err.str();
  EXPECT_EQ(csv_rows(read_all(merged / "summary.csv")).size(), 1u);
}

// A --force rerun on a full disk: the crops of the report's evidence cannot be written, so the report is not replaced
// and its crops stay; the file is a failed row (never "ok" with its evidence gone). Needs a small tmpfs, which the
// test mounts when it runs as root.
TEST_F(Batch, AFullDiskNeverCostsAReportItsEvidence) {
  if (::geteuid() != 0) GTEST_SKIP() << "not root: cannot mount the small tmpfs this test fills";
  fs::path disk = tmp_.path() / "disk";
  fs::create_directories(disk);
  if (std::system(("mount -t tmpfs -o size=4m jxaudit-test '" + disk.string() + "' 2>/dev/null").c_str()) != 0)
    GTEST_SKIP() << "cannot mount a tmpfs here (a container without the capability)";
  struct Unmount {
    fs::path at;
    ~Unmount() { std::system(("umount '" + at.string() + "'").c_str()); }
  } unmount{disk};
  copy_to(guangzhou(), in() / "a.pdf");
  fs::path out = disk / "out";
  auto opt = options_for(in(), out);
  BatchSummary first = run_batch(opt, rules(), std::cerr);
  ASSERT_EQ(first.failed, 0);
  auto before = read_all(out / "reports/a.pdf.json");
  std::vector<fs::path> crops;
  for (const auto& e : fs::directory_iterator(out / "evidence/a.pdf")) crops.push_back(e.path());
  ASSERT_FALSE(crops.empty()) << "the replica's findings have crops";
  ASSERT_NE(before.find("evidence_image"), std::string::npos);

  // Fill the disk to the last byte.
  {
    std::ofstream fill(disk / "filler", std::ios::binary);
    std::string block(1 << 16, 'x');
    while (fill.write(block.data(), static_cast<std::streamsize>(block.size()))) {
    }
  }
  std::ofstream(disk / "filler2", std::ios::binary) << std::string(4096, 'y');  // whatever is left
  opt.force = true;
  BatchSummary rerun = run_batch(opt, rules(), std::cerr);
  EXPECT_GT(rerun.failed + rerun.problems, 0) << "a full disk is said, never ok";
  EXPECT_EQ(read_all(out / "reports/a.pdf.json"), before) << "the report was replaced without its crops";
  for (const auto& c : crops) EXPECT_TRUE(fs::exists(c)) << c;
}

// target.ratchet across years, on the two years of one continuing project (samples/continuing-2022 and -2023, whose
// specs give each indicator's printed target and actual): in one run, against the register of another run, after
// the earlier year is gone, and through shards and merge.
namespace {

// The target.ratchet findings of a report document's top level, by indicator: {previous.year, previous.actual,
// previous.file}.
std::map<std::string, std::tuple<int, double, std::string>> ratchets(const fs::path& report) {
  std::map<std::string, std::tuple<int, double, std::string>> out;
  auto doc = read_json(report);
  for (const auto& f : doc["findings"]) {
    if (f["rule"] != "target.ratchet") continue;
    const auto& prev = f["evidence"]["previous"];
    out[f["indicator"].get<std::string>()] = {prev["year"].get<int>(), prev["actual"].get<double>(),
                                              prev["file"].get<std::string>()};
  }
  return out;
}

fs::path continuing(int year) { return kSource / ("samples/continuing-" + std::to_string(year) + ".pdf"); }

}  // namespace

TEST_F(Batch, RatchetComparesAProjectWithItsEarlierYearInTheRun) {
  copy_to(continuing(2022), in() / "卫健委/continuing-2022.pdf");
  copy_to(continuing(2023), in() / "卫健委/continuing-2023.pdf");
  auto opt = options_for(in(), out());
  run_batch(opt, rules(), std::cerr);
  const fs::path later = out() / "reports/卫健委/continuing-2023.pdf.json";
  const std::string earlier_file = (in() / "卫健委/continuing-2022.pdf").string();
  // 2023's ">=" targets against 2022's actuals: 10个 < 11个, 1,000人次 < 1,100人次, 60% < 64%, 90% < 93% fire;
  // 98% = 98% and 96% > 95% do not; 患者有效投诉次数 is a ceiling.
  const std::map<std::string, std::tuple<int, double, std::string>> expected = {
      {"标准化建设中心数量", {2022, 11, earlier_file}},
      {"培训医务人员", {2022, 1100, earlier_file}},
      {"基层首诊率", {2022, 64, earlier_file}},
      {"居民满意度", {2022, 93, earlier_file}},
  };
  EXPECT_EQ(ratchets(later), expected);
  EXPECT_TRUE(ratchets(out() / "reports/卫健委/continuing-2022.pdf.json").empty()) << "no earlier year for 2022";
  // Every project part agrees with the top level, and the tables carry the findings.
  auto doc = read_json(later);
  EXPECT_EQ(doc["projects"][0]["findings"], doc["findings"]);
  const std::string csv = read_all(out() / "findings.csv");
  EXPECT_NE(csv.find("target.ratchet"), std::string::npos);
  EXPECT_NE(csv.find("低于2022年度实际完成值1100人次"), std::string::npos);
  // Per agency and year: the four findings under 2023; both years stated 99.9 and recompute to 99.9 (the specs).
  const std::string years = read_all(out() / "agency_years.csv");
  EXPECT_NE(years.find("target.ratchet"), std::string::npos) << years;
  EXPECT_NE(years.find("卫健委,2022,1,1,0,99.9,99.9,0,0,0,1"), std::string::npos) << years;
  EXPECT_NE(years.find("卫健委,2023,1,1,0,99.9,99.9,0,0,4,1"), std::string::npos) << years;

  // A rerun reuses both reports and keeps the findings once.
  BatchSummary again = run_batch(opt, rules(), std::cerr);
  EXPECT_EQ(again.reused, 2);
  EXPECT_EQ(ratchets(later).size(), 4u);
  EXPECT_EQ(count_lines(read_all(out() / "findings.csv")), count_lines(csv));

  // Without the earlier year among the inputs (and nothing in the register from other runs), they are gone.
  fs::remove(in() / "卫健委/continuing-2022.pdf");
  run_batch(opt, rules(), std::cerr);
  EXPECT_TRUE(ratchets(later).empty());
}

TEST_F(Batch, RatchetFindsTheEarlierYearInTheRegisterOfAnotherRun) {
  const fs::path db = tmp_.path() / "bureau.sqlite";
  copy_to(continuing(2022), in() / "2022/卫健委/continuing-2022.pdf");
  copy_to(continuing(2023), in() / "2023/卫健委/continuing-2023.pdf");
  auto first = options_for(in() / "2022", tmp_.path() / "out2022");
  first.db_path = db.string();
  run_batch(first, rules(), std::cerr);
  auto second = options_for(in() / "2023", tmp_.path() / "out2023");
  second.db_path = db.string();
  run_batch(second, rules(), std::cerr);
  auto found = ratchets(tmp_.path() / "out2023/reports/卫健委/continuing-2023.pdf.json");
  ASSERT_EQ(found.size(), 4u);
  EXPECT_EQ(std::get<2>(found["培训医务人员"]), (in() / "2022/卫健委/continuing-2022.pdf").string());
  EXPECT_EQ(std::get<1>(found["居民满意度"]), 93);
  // Without the shared register the 2023 run alone finds nothing to compare with.
  auto alone = options_for(in() / "2023", tmp_.path() / "alone");
  run_batch(alone, rules(), std::cerr);
  EXPECT_TRUE(ratchets(tmp_.path() / "alone/reports/卫健委/continuing-2023.pdf.json").empty());
}

TEST_F(Batch, RatchetComparesYearsAuditedInDifferentShards) {
  copy_to(continuing(2022), in() / "卫健委/continuing-2022.pdf");
  copy_to(continuing(2023), in() / "卫健委/continuing-2023.pdf");
  std::vector<std::string> shards;
  for (int k = 0; k < 2; ++k) {
    auto opt = options_for(in(), tmp_.path() / ("shard" + std::to_string(k)));
    opt.shard_index = k;
    opt.shard_count = 2;
    run_batch(opt, rules(), std::cerr);
    shards.push_back(opt.out_dir);
  }
  // Each shard holds one year: neither compares.
  std::size_t alone = 0;
  for (const auto& s : shards)
    for (int y : {2022, 2023}) {
      const fs::path r = fs::path(s) / ("reports/卫健委/continuing-" + std::to_string(y) + ".pdf.json");
      if (fs::exists(r)) alone += ratchets(r).size();
    }
  EXPECT_EQ(alone, 0u);
  std::ostringstream err;
  ASSERT_EQ(merge_outputs(shards, out().string(), rules(), err), MergeOutcome::Merged) << err.str();
  EXPECT_EQ(ratchets(out() / "reports/卫健委/continuing-2023.pdf.json").size(), 4u);
}

// An unchanged rerun: every report reused, the cross-year pass and the summary outputs skipped, their results as the
// last run left them (run.json says which ran). Anything that feeds them changed makes them run as always.
namespace {

nlohmann::json run_json(const fs::path& out) { return read_json(out / "run.json"); }

// The bytes of every summary output; of summary.xlsx, whose workbook records the time it was made, only that it is a
// zip file.
std::map<std::string, std::string> summary_outputs(const fs::path& out) {
  std::map<std::string, std::string> bytes;
  for (const char* name : jx::outputs::kSummaryOutputs) bytes[name] = read_all(out / name);
  bytes["summary.xlsx"] = bytes["summary.xlsx"].substr(0, 4) == "PK\x03\x04" ? "a zip file" : "not a zip file";
  return bytes;
}

// The review of the finding `id` in findings.jsonl ("" for null), or "absent" when no line has that id.
std::string review_in_jsonl(const fs::path& out, const std::string& id) {
  std::ifstream lines(out / "findings.jsonl");
  for (std::string line; std::getline(lines, line);) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_object() && j.value("id", "") == id) return j["review"].is_string() ? j["review"].get<std::string>() : "";
  }
  return "absent";
}

}  // namespace

TEST_F(Batch, AnUnchangedRerunKeepsTheOutputsAndAnyChangeRewritesThem) {
  copy_to(guangzhou(), in() / "市财政局/a.pdf");
  copy_to(continuing(2023), in() / "卫健委/c.pdf");
  write(in() / "empty.pdf", "");
  auto opt = options_for(in(), out());
  BatchSummary first = run_batch(opt, rules(), std::cerr);
  ASSERT_EQ(first.audited, 3);
  ASSERT_EQ(first.failed, 1);
  EXPECT_TRUE(run_json(out())["summary_written"].get<bool>());
  EXPECT_TRUE(run_json(out())["cross_year_checked"].get<bool>());
  const auto written = summary_outputs(out());
  const auto findings = run_json(out())["findings"];
  std::map<std::string, fs::file_time_type> times;
  for (const char* name : jx::outputs::kSummaryOutputs) times[name] = fs::last_write_time(out() / name);

  // Nothing changed: the outputs stand as written, with the same figures.
  BatchSummary again = run_batch(opt, rules(), std::cerr);
  EXPECT_EQ(again.reused, 3);
  EXPECT_EQ(again.failed, 1) << "a reused failure still counts";
  EXPECT_EQ(again.findings_error, first.findings_error);
  EXPECT_EQ(again.findings_warning, first.findings_warning);
  EXPECT_EQ(again.findings_info, first.findings_info);
  EXPECT_FALSE(run_json(out())["summary_written"].get<bool>());
  EXPECT_FALSE(run_json(out())["cross_year_checked"].get<bool>());
  EXPECT_EQ(run_json(out())["findings"], findings);
  for (const char* name : jx::outputs::kSummaryOutputs)
    EXPECT_EQ(fs::last_write_time(out() / name), times[name]) << name;
  EXPECT_EQ(summary_outputs(out()), written);

  // An output deleted, replaced, or changed in place with its size and time put back: all are written again.
  for (const char* name : jx::outputs::kSummaryOutputs) {
    fs::remove(out() / name);
    run_batch(opt, rules(), std::cerr);
    EXPECT_TRUE(run_json(out())["summary_written"].get<bool>()) << name;
    EXPECT_EQ(summary_outputs(out()), written) << name;
  }
  write(out() / "summary.csv", "not the summary\n");
  run_batch(opt, rules(), std::cerr);
  EXPECT_EQ(summary_outputs(out()), written);
  {
    const auto when = fs::last_write_time(out() / "findings.csv");
    std::fstream f(out() / "findings.csv", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(0);
    f.put('#');
    f.close();
    fs::last_write_time(out() / "findings.csv", when);
  }
  run_batch(opt, rules(), std::cerr);
  EXPECT_TRUE(run_json(out())["summary_written"].get<bool>());
  EXPECT_EQ(summary_outputs(out()), written);
  run_batch(opt, rules(), std::cerr);
  EXPECT_FALSE(run_json(out())["summary_written"].get<bool>());

  // A report rewritten (here only touched): the pass and the outputs follow it.
  const fs::path report = out() / "reports/市财政局/a.pdf.json";
  fs::last_write_time(report, fs::last_write_time(report) + std::chrono::seconds(1));
  run_batch(opt, rules(), std::cerr);
  EXPECT_TRUE(run_json(out())["summary_written"].get<bool>());
  EXPECT_TRUE(run_json(out())["cross_year_checked"].get<bool>());

  // A crop the page embeds is gone: the page is written again, without it.
  std::vector<fs::path> crops;
  for (const auto& e : fs::directory_iterator(out() / "evidence/市财政局/a.pdf")) crops.push_back(e.path());
  ASSERT_FALSE(crops.empty());
  for (const auto& c : crops) fs::remove(c);
  run_batch(opt, rules(), std::cerr);
  EXPECT_TRUE(run_json(out())["summary_written"].get<bool>());
  EXPECT_NE(read_all(out() / "index.html"), written.at("index.html"));

  // One input changed: audited again, and the outputs show its new sha256.
  std::ofstream(in() / "市财政局/a.pdf", std::ios::app) << "%changed\n";
  const auto sha = jx::audit::sha256_file((in() / "市财政局/a.pdf").string());
  ASSERT_TRUE(sha);
  BatchSummary changed = run_batch(opt, rules(), std::cerr);
  EXPECT_EQ(changed.audited, 1);
  EXPECT_TRUE(run_json(out())["summary_written"].get<bool>());
  EXPECT_NE(read_all(out() / "reports.jsonl").find(*sha), std::string::npos);

  // An input gone: so is its row.
  fs::remove(in() / "empty.pdf");
  run_batch(opt, rules(), std::cerr);
  EXPECT_TRUE(run_json(out())["summary_written"].get<bool>());
  EXPECT_EQ(read_all(out() / "summary.csv").find("empty.pdf"), std::string::npos);

  // --force audits and writes everything.
  run_batch(opt, rules(), std::cerr);
  EXPECT_FALSE(run_json(out())["summary_written"].get<bool>());
  opt.force = true;
  run_batch(opt, rules(), std::cerr);
  EXPECT_TRUE(run_json(out())["summary_written"].get<bool>());
  EXPECT_TRUE(run_json(out())["cross_year_checked"].get<bool>());
}

TEST_F(Batch, AReviewDecisionShowsInTheOutputsOfAnUnchangedRerun) {
  copy_to(guangzhou(), in() / "a.pdf");
  auto opt = options_for(in(), out());
  run_batch(opt, rules(), std::cerr);
  run_batch(opt, rules(), std::cerr);
  ASSERT_FALSE(run_json(out())["summary_written"].get<bool>());
  std::string id;
  {
    std::ifstream lines(out() / "findings.jsonl");
    std::string line;
    ASSERT_TRUE(std::getline(lines, line));
    id = nlohmann::json::parse(line)["id"].get<std::string>();
  }
  ASSERT_EQ(review_in_jsonl(out(), id), "");
  const std::string db = (out() / "jxaudit.sqlite").string();
  for (const char* state : {"dismissed", "confirmed", "open"}) {
    ASSERT_FALSE(jx::outputs::set_review(db, id, state, "", ""));
    BatchSummary rerun = run_batch(opt, rules(), std::cerr);
    EXPECT_EQ(rerun.reused, 1);
    EXPECT_TRUE(run_json(out())["summary_written"].get<bool>()) << state;
    EXPECT_EQ(review_in_jsonl(out(), id), state);
    EXPECT_NE(read_all(out() / "findings.csv").find("," + std::string(state) + "\r\n"), std::string::npos) << state;
    EXPECT_NE(read_all(out() / "index.html").find("\"rv\":\"" + std::string(state) + "\""), std::string::npos) << state;
    // Unchanged since: kept as written, the decision still there.
    run_batch(opt, rules(), std::cerr);
    EXPECT_FALSE(run_json(out())["summary_written"].get<bool>()) << state;
    EXPECT_EQ(review_in_jsonl(out(), id), state);
  }
}

// The earlier year comes into the shared register after the later year's run: the later year's unchanged rerun
// compares with it; it goes again when the other run no longer has it.
TEST_F(Batch, RatchetSeesAnEarlierYearStoredAfterAnUnchangedRun) {
  const fs::path db = tmp_.path() / "bureau.sqlite";
  copy_to(continuing(2023), in() / "2023/卫健委/continuing-2023.pdf");
  copy_to(continuing(2022), in() / "2022/卫健委/continuing-2022.pdf");
  auto later = options_for(in() / "2023", tmp_.path() / "out2023");
  later.db_path = db.string();
  const fs::path report = tmp_.path() / "out2023/reports/卫健委/continuing-2023.pdf.json";
  run_batch(later, rules(), std::cerr);
  run_batch(later, rules(), std::cerr);
  EXPECT_FALSE(run_json(later.out_dir)["cross_year_checked"].get<bool>());
  EXPECT_TRUE(ratchets(report).empty());

  auto earlier = options_for(in() / "2022", tmp_.path() / "out2022");
  earlier.db_path = db.string();
  run_batch(earlier, rules(), std::cerr);
  BatchSummary rerun = run_batch(later, rules(), std::cerr);
  EXPECT_EQ(rerun.reused, 1);
  EXPECT_TRUE(run_json(later.out_dir)["cross_year_checked"].get<bool>());
  EXPECT_EQ(ratchets(report).size(), 4u);
  EXPECT_NE(read_all(fs::path(later.out_dir) / "findings.csv").find("target.ratchet"), std::string::npos);
  run_batch(later, rules(), std::cerr);
  EXPECT_FALSE(run_json(later.out_dir)["cross_year_checked"].get<bool>());
  EXPECT_FALSE(run_json(later.out_dir)["summary_written"].get<bool>());
  EXPECT_EQ(ratchets(report).size(), 4u);

  // The other run now audits another file: the earlier year leaves the register, and the findings go.
  fs::remove(in() / "2022/卫健委/continuing-2022.pdf");
  copy_to(guangzhou(), in() / "2022/卫健委/a.pdf");
  run_batch(earlier, rules(), std::cerr);
  run_batch(later, rules(), std::cerr);
  EXPECT_TRUE(run_json(later.out_dir)["cross_year_checked"].get<bool>());
  EXPECT_TRUE(ratchets(report).empty());
  EXPECT_EQ(read_all(fs::path(later.out_dir) / "findings.csv").find("target.ratchet"), std::string::npos);
}

// kSummaryOutputs, which an unchanged rerun checks are in place, names every output the summary writes at OUT's top.
TEST_F(Batch, TheSummaryOutputsAreEveryTableAtTheTopOfOut) {
  copy_to(guangzhou(), in() / "a.pdf");
  run_batch(options_for(in(), out()), rules(), std::cerr);
  std::set<std::string> listed(std::begin(jx::outputs::kSummaryOutputs), std::end(jx::outputs::kSummaryOutputs));
  std::set<std::string> found;
  for (const auto& e : fs::directory_iterator(out())) {
    const std::string name = e.path().filename().string();
    if (!e.is_regular_file() || name == "run.json" || name == ".jxaudit.lock" || name.rfind("jxaudit.sqlite", 0) == 0)
      continue;
    found.insert(name);
  }
  EXPECT_EQ(found, listed);
}
