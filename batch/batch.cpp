// The batch supervisor: discovers the files, reuses earlier results, pre-forks workers (after the rules are loaded,
// so each worker shares them), dispatches one file at a time to each over a pipe, enforces the per-file time limit
// (SIGKILL, then a replacement worker), records crashes, and finally rebuilds the summary outputs from OUT/reports.
#include "batch/batch.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "audit/file_hash.h"
#include "batch/cross_year.h"
#include "batch/inputs.h"
#include "batch/report_head.h"
#include "batch/rerun_digest.h"
#include "batch/worker_protocol.h"
#include "core/numbers.h"
#include "core/regular_file.h"
#include "core/sha256.h"
#include "core/utf8.h"
#include "outputs/out_files.h"
#include "outputs/register.h"
#include "outputs/summary_rows.h"

#ifndef JX_VERSION  // defined by CMake (core/CMakeLists.txt)
#define JX_VERSION "unknown"
#endif

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace jx::batch {

using jx::audit::sha256_file;
using jx::outputs::FileRow;
using jx::outputs::is_temporary_name;
using jx::outputs::output_path;
using jx::outputs::write_file_atomically;
using jx::outputs::write_summary_outputs;
namespace {

// AddressSanitizer reserves terabytes of address space for its shadow memory up front, so an address-space cap
// kills a sanitized worker before it starts ("ERROR: Failed to mmap"). Sanitized builds (tests only) run their
// workers without the cap; the tests of the cap skip themselves there.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSpaceCapUsable = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kAddressSpaceCapUsable = false;
#else
constexpr bool kAddressSpaceCapUsable = true;
#endif
#else
constexpr bool kAddressSpaceCapUsable = true;
#endif

volatile sig_atomic_t g_stop_signal = 0;

void on_stop_signal(int sig) { g_stop_signal = sig; }

// Installs the SIGINT/SIGTERM handlers (and ignores SIGPIPE) for the life of a batch; restores the old ones.
class SignalScope {
 public:
  SignalScope() {
    g_stop_signal = 0;
    struct sigaction sa {};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: poll() returns at once
    sigaction(SIGINT, &sa, &old_int_);
    sigaction(SIGTERM, &sa, &old_term_);
    struct sigaction ign {};
    ign.sa_handler = SIG_IGN;
    sigemptyset(&ign.sa_mask);
    sigaction(SIGPIPE, &ign, &old_pipe_);
  }
  ~SignalScope() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
    sigaction(SIGPIPE, &old_pipe_, nullptr);
  }
  SignalScope(const SignalScope&) = delete;
  SignalScope& operator=(const SignalScope&) = delete;

 private:
  struct sigaction old_int_ {
  }, old_term_{}, old_pipe_{};
};

std::string signal_name(int sig) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 32))
  if (const char* abbrev = sigabbrev_np(sig)) {
    const char* text = strsignal(sig);
    return std::string("SIG") + abbrev + (text ? std::string(" (") + text + ")" : std::string());
  }
#endif
  return "signal " + std::to_string(sig);
}

// "size:mtime_ns:ctime_ns:inode:device" of a file; empty when it cannot be stat'ed.
std::string stat_fingerprint(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  auto ns = [](const timespec& t) {
    return std::to_string(static_cast<long long>(t.tv_sec) * 1000000000LL + t.tv_nsec);
  };
  return std::to_string(st.st_size) + ":" + ns(st.st_mtim) + ":" + ns(st.st_ctim) + ":" + std::to_string(st.st_ino) +
         ":" + std::to_string(st.st_dev);
}

// Removes what a worker killed in the middle of an atomic write left behind for `rel`: the temporaries that
// write_file_atomically() names ".<name>.tmp<pid>-<n>", in the report's folder and the file's evidence folder.
void remove_temporaries(const std::string& out_dir, const std::string& rel, pid_t pid) {
  std::string tag = ".tmp" + std::to_string(pid) + "-";
  fs::path report = fs::path(out_dir) / "reports" / (rel + ".json");
  for (const fs::path& dir : {report.parent_path(), fs::path(out_dir) / "evidence" / rel}) {
    std::error_code ec;
    if (fs::is_symlink(fs::symlink_status(dir, ec)) || !fs::is_directory(dir, ec)) continue;
    std::vector<fs::path> stale;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      std::string name = it->path().filename().string();
      if (name.size() > 1 && name[0] == '.' && name.find(tag) != std::string::npos) stale.push_back(it->path());
    }
    for (const auto& p : stale) fs::remove(p, ec);
  }
}

// Removes every report under OUT/reports whose rel is not in `current` (the files this run was asked to audit), with
// its evidence crops OUT/evidence/<rel>/*.png, and the folders that leaves empty; links are never followed. Returns
// the rels removed; what could not be removed is appended to `problems`.
std::vector<std::string> remove_stale_reports(const std::string& out_dir, const std::set<std::string>& current,
                                              std::vector<std::string>* problems) {
  const fs::path base = fs::path(out_dir) / "reports";
  std::vector<std::string> stale;
  std::error_code ec;
  if (fs::is_symlink(fs::symlink_status(base, ec)) || !fs::is_directory(base, ec)) return stale;
  // The reports for_each_report() reads, listed as it lists them.
  std::vector<std::string> listing_problems;
  for (auto& rel : outputs::report_rels(out_dir, {}, &listing_problems))
    if (!current.count(rel)) stale.push_back(std::move(rel));
  if (!listing_problems.empty()) {
    for (const auto& p : listing_problems) problems->push_back(p + "; no report removed");
    return {};
  }
  std::vector<std::string> removed;
  for (const auto& rel : stale) {
    std::error_code e2;
    const fs::path report = base / (rel + ".json");
    const fs::path evidence = fs::path(out_dir) / "evidence" / rel;
    if (!fs::remove(report, e2) && e2) {
      problems->push_back("cannot remove the stale report " + report.string() + ": " + e2.message());
      continue;
    }
    // Its crops are the *.png directly in its folder (a folder of the same name may also hold the crop folders of
    // the files of an input folder so named): those go, and the folder if that empties it.
    if (!fs::is_symlink(fs::symlink_status(evidence, e2)) && fs::is_directory(evidence, e2)) {
      std::vector<fs::path> crops;
      for (fs::directory_iterator d(evidence, e2), end; !e2 && d != end; d.increment(e2))
        if (d->path().extension() == ".png" && d->is_regular_file(e2) && !d->is_symlink(e2)) crops.push_back(d->path());
      for (const auto& crop : crops)
        if (!fs::remove(crop, e2) && e2)
          problems->push_back("cannot remove the stale evidence " + crop.string() + ": " + e2.message());
      fs::remove(evidence, e2);  // only when empty
    }
    for (const fs::path& area : {base, fs::path(out_dir) / "evidence"}) {
      for (fs::path dir = (area / rel).parent_path(); dir != area && dir.string().size() > area.string().size();
           dir = dir.parent_path()) {
        std::error_code e3;
        if (!fs::is_empty(dir, e3) || e3 || !fs::remove(dir, e3)) break;  // a non-empty folder stays
      }
    }
    removed.push_back(rel);
  }
  return removed;
}

std::string mib(long kib) { return std::to_string((kib + 512) / 1024) + " MiB"; }

// What the last run over OUT left in OUT/run.json for a rerun: the digests of its passes' inputs ("reuse", empty
// when absent) and its findings by severity (error, warning, info).
struct LastRun {
  std::string cross_year, summary_inputs, summary_outputs;
  std::optional<std::array<int, 3>> findings;
};

LastRun read_last_run(const std::string& out_dir) {
  LastRun last;
  std::ifstream in(fs::path(out_dir) / "run.json", std::ios::binary);
  if (!in) return last;
  const auto doc = nlohmann::json::parse(in, nullptr, false);
  if (!doc.is_object()) return last;
  auto text = [](const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  if (auto reuse = doc.find("reuse"); reuse != doc.end() && reuse->is_object()) {
    last.cross_year = text(*reuse, "cross_year");
    last.summary_inputs = text(*reuse, "summary_inputs");
    last.summary_outputs = text(*reuse, "summary_outputs");
  }
  if (auto f = doc.find("findings"); f != doc.end() && f->is_object()) {
    std::array<int, 3> counts{};
    int i = 0;
    for (const char* severity : {"error", "warning", "info"}) {
      auto it = f->find(severity);
      if (it == f->end() || !it->is_number_integer()) return last;
      counts[i++] = it->get<int>();
    }
    last.findings = counts;
  }
  return last;
}

// What became of one file of the run.
enum class FileState { Pending, Reused, Done };

struct Item {
  InputFile input;
  std::string key;   // sha256/version/rules hash: a report stored with this key is this file's report
  std::string stat;  // stat_fingerprint() when the file was hashed
  FileState state = FileState::Pending;
  std::string outcome = "ok";
  std::string message;
  int findings = 0;
  bool has_row = false;  // its report was read back into the summary
};

struct Worker {
  pid_t pid = -1;
  int task_fd = -1;    // supervisor writes tasks
  int result_fd = -1;  // supervisor reads results
  int stderr_fd = -1;  // supervisor reads what the worker (Poppler, glibc, the C++ runtime) prints on stderr
  std::string buffer;
  std::string stderr_tail;          // the last bytes printed since the current file was dispatched
  std::optional<std::size_t> item;  // the file it is working on
  Clock::time_point started;
  bool retire = false;              // said its last result (fatal); replaced when it exits
  int ocr_page = 0, ocr_pages = 0;  // the file's page being read by OCR, of how many (0: none yet)
};

class Supervisor {
 public:
  Supervisor(const BatchOptions& options, const rules::RuleSet& rules, std::ostream& progress)
      : options_(options), rules_(rules), progress_(progress) {
    tty_ = &progress == &std::cerr && ::isatty(STDERR_FILENO);
  }

  BatchSummary run();

 private:
  void prepare(std::vector<InputFile> files);
  bool spawn_worker();
  void reap(Worker& w, int* status, long* maxrss_kib);
  void close_worker(Worker& w);
  void dispatch();
  void read_results(Worker& w, bool* eof);
  void read_stderr(Worker& w);
  void on_result(Worker& w, const WorkerResult& r);
  void on_progress(Worker& w, const WorkerProgress& p);
  void on_worker_died(Worker& w);
  void on_timeout(Worker& w);
  void record_failure(std::size_t index, const FileError& error);
  void finish_item(std::size_t index, const std::string& outcome, const std::string& message, int findings);
  void report_line(const Item& item, const char* verb);
  void redraw(bool final_line = false);
  void remove_stale(const Discovery& found);
  void stop_all_workers();
  BatchSummary summarise();

  const BatchOptions& options_;
  const rules::RuleSet& rules_;
  std::ostream& progress_;
  bool tty_ = false;
  std::vector<Item> items_;
  std::deque<std::size_t> queue_;
  std::vector<Worker> workers_;
  int done_ = 0, failed_ = 0, audited_ = 0, reused_ = 0;
  long worker_maxrss_kib_ = 0;
  Clock::time_point start_ = Clock::now(), last_draw_{};
  std::vector<std::string> problems_;
  std::vector<std::size_t> refresh_stat_;  // reused items whose stored source_stat is out of date (e.g. touched)
  int stale_removed_ = 0;
};

void Supervisor::prepare(std::vector<InputFile> files) {
  // Kept in rel order (discover_inputs already sorts): summarise() finds an item by bisection.
  std::sort(files.begin(), files.end(), [](const InputFile& a, const InputFile& b) { return a.rel < b.rel; });
  const std::string version_and_rules = std::string("/") + JX_VERSION + "/" + rules_.hash;
  for (auto& f : files) {
    if (g_stop_signal) break;
    Item item;
    item.input = std::move(f);
    if (!item.input.refused.empty()) {
      items_.push_back(std::move(item));
      continue;
    }
    item.stat = stat_fingerprint(item.input.path);
    // Only what the cache needs of a stored report, without building it in memory: the summaries read it in full.
    std::optional<ReportHead> head;
    if (!options_.force) head = read_report_head(fs::path(options_.out_dir) / "reports" / (item.input.rel + ".json"));
    std::string stored_key = head ? head->cache_key : std::string();
    // The sha256 of a file whose size, times and inode are those recorded with its report is the recorded one
    // (as git's index trusts an unchanged stat): a rerun over unchanged files reads no file in full.
    bool same_stat = !item.stat.empty() && head && head->source_stat == item.stat;
    if (same_stat && stored_key.size() > version_and_rules.size() &&
        stored_key.compare(stored_key.size() - version_and_rules.size(), std::string::npos, version_and_rules) == 0) {
      item.key = stored_key;
    } else {
      // Bounded, never blocking: a device, a FIFO or a file past the size limit gets no key (it is audited, and
      // fails there with its reason).
      auto sha = sha256_file(item.input.path, options_.limits.max_file_bytes);
      item.key = sha ? *sha + version_and_rules : std::string();
    }
    if (!item.key.empty() && stored_key == item.key) {
      // Timeouts, crashes and limits hit may not happen again (another machine, other --timeout, --memory or
      // limits): those are redone, never reused as a verdict made under other limits.
      if (head->outcome != "timeout" && head->outcome != "crashed" && head->outcome != "internal" &&
          head->outcome != "limit_exceeded") {
        item.state = FileState::Reused;
        item.outcome = head->outcome;
        item.message = head->error;
        item.findings = head->findings;
        if (!same_stat) refresh_stat_.push_back(items_.size());
      }
    }
    items_.push_back(std::move(item));
  }
  for (std::size_t index : refresh_stat_) {
    const Item& item = items_[index];
    auto path = fs::path(options_.out_dir) / "reports" / (item.input.rel + ".json");
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    auto doc = nlohmann::ordered_json::parse(ss.str(), nullptr, false);
    if (!doc.is_object()) continue;
    doc["source_stat"] = item.stat;
    write_file_atomically(path.string(), doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  }
  for (std::size_t i = 0; i < items_.size(); ++i) {
    if (!items_[i].input.refused.empty()) {
      // A row with its reason, the file never opened (a link inside a folder, a FIFO, a device).
      record_failure(i, {Outcome::NotFound, items_[i].input.refused + ": " + items_[i].input.path});
    } else if (items_[i].state == FileState::Reused) {
      ++reused_;
      ++done_;
      if (items_[i].outcome != "ok") ++failed_;
      report_line(items_[i], "reused");
    } else {
      queue_.push_back(i);
    }
  }
}

bool Supervisor::spawn_worker() {
  int task_pipe[2], result_pipe[2], err_pipe[2];
  if (::pipe2(task_pipe, O_CLOEXEC) != 0) return false;
  if (::pipe2(result_pipe, O_CLOEXEC) != 0) {
    ::close(task_pipe[0]);
    ::close(task_pipe[1]);
    return false;
  }
  if (::pipe2(err_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
    for (int fd : {task_pipe[0], task_pipe[1], result_pipe[0], result_pipe[1]}) ::close(fd);
    return false;
  }
  progress_.flush();
  std::fflush(nullptr);
  pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) {
    for (int fd : {task_pipe[0], task_pipe[1], result_pipe[0], result_pipe[1], err_pipe[0], err_pipe[1]}) ::close(fd);
    return false;
  }
  if (pid == 0) {
    // The worker: keeps only its own two pipe ends, dies with the supervisor, runs under the memory cap.
    for (const auto& w : workers_) {
      ::close(w.task_fd);
      ::close(w.result_fd);
      ::close(w.stderr_fd);
    }
    ::close(task_pipe[1]);
    ::close(result_pipe[0]);
    ::close(err_pipe[0]);
    // Blocking writes on the worker's side (O_NONBLOCK is per open file description: set it back), then stderr.
    ::fcntl(err_pipe[1], F_SETFL, 0);
    ::dup2(err_pipe[1], STDERR_FILENO);
    ::close(err_pipe[1]);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(0);
    struct sigaction sa {};
    sa.sa_handler = SIG_IGN;  // Ctrl-C reaches the whole process group: the supervisor decides
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sa.sa_handler = SIG_DFL;
    sigaction(SIGTERM, &sa, nullptr);
    if (options_.limits.memory_per_worker > 0 && kAddressSpaceCapUsable) {
      struct rlimit rl {};
      rl.rlim_cur = rl.rlim_max = static_cast<rlim_t>(options_.limits.memory_per_worker);
      ::setrlimit(RLIMIT_AS, &rl);
    }
    worker_main(task_pipe[0], result_pipe[1], options_.out_dir, rules_, options_.limits);
  }
  ::close(task_pipe[0]);
  ::close(result_pipe[1]);
  ::close(err_pipe[1]);
  Worker w;
  w.pid = pid;
  w.task_fd = task_pipe[1];
  w.result_fd = result_pipe[0];
  w.stderr_fd = err_pipe[0];
  workers_.push_back(std::move(w));
  return true;
}

void Supervisor::reap(Worker& w, int* status, long* maxrss_kib) {
  struct rusage ru {};
  int st = 0;
  pid_t r;
  do {
    r = ::wait4(w.pid, &st, 0, &ru);
  } while (r < 0 && errno == EINTR);
  if (status) *status = r == w.pid ? st : 0;
  if (r == w.pid) {
    worker_maxrss_kib_ = std::max(worker_maxrss_kib_, static_cast<long>(ru.ru_maxrss));
    if (maxrss_kib) *maxrss_kib = ru.ru_maxrss;
  }
  if (w.item) remove_temporaries(options_.out_dir, items_[*w.item].input.rel, w.pid);
  w.pid = -1;
}

void Supervisor::close_worker(Worker& w) {
  if (w.task_fd >= 0) ::close(w.task_fd);
  if (w.result_fd >= 0) ::close(w.result_fd);
  if (w.stderr_fd >= 0) ::close(w.stderr_fd);
  w.task_fd = w.result_fd = w.stderr_fd = -1;
}

void Supervisor::dispatch() {
  for (auto& w : workers_) {
    if (queue_.empty()) return;
    if (w.item || w.retire || w.pid < 0) continue;
    std::size_t index = queue_.front();
    const Item& item = items_[index];
    WorkerTask task{static_cast<long>(index), item.input.path, item.input.rel, item.key, item.stat};
    std::string line = encode_task(task);
    std::size_t done = 0;
    bool ok = true;
    while (done < line.size()) {
      ssize_t n = ::write(w.task_fd, line.data() + done, line.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        ok = false;
        break;
      }
      done += static_cast<std::size_t>(n);
    }
    if (!ok) continue;  // the worker is gone; its end of file on the result pipe follows
    queue_.pop_front();
    w.item = index;
    w.started = Clock::now();
    w.stderr_tail.clear();
    w.ocr_page = w.ocr_pages = 0;
  }
}

void Supervisor::report_line(const Item& item, const char* verb) {
  if (options_.quiet) return;
  const bool failed = item.outcome != "ok";
  if (tty_ && !failed) {
    redraw();
    return;
  }
  // On a terminal a failure is a line of its own above the bar (the bar is drawn again below it), FAILED in red.
  std::string prefix = tty_ ? "\r\x1b[K" : "";
  progress_ << prefix << "[" << done_ << "/" << items_.size() << "] ";
  if (!failed) {
    progress_ << verb << " " << item.input.rel << " " << item.findings
              << (item.findings == 1 ? " finding" : " findings");
  } else {
    const std::string label = outcome_label_zh(item.outcome);
    progress_ << (std::string(verb) == "reused" ? "reused " : "") << (tty_ ? "\x1b[1;31mFAILED\x1b[0m" : "FAILED")
              << " " << item.outcome << ": " << item.input.rel << ": "
              << (label == item.outcome ? item.message : label + "（" + item.message + "）");
  }
  progress_ << "\n";
  if (tty_) {
    last_draw_ = {};
    redraw();
  }
}

void Supervisor::redraw(bool final_line) {
  if (options_.quiet || !tty_) return;
  auto now = Clock::now();
  if (!final_line && now - last_draw_ < std::chrono::milliseconds(100) && done_ < static_cast<int>(items_.size()))
    return;
  last_draw_ = now;
  double secs = std::chrono::duration<double>(now - start_).count();
  int fresh = done_ - reused_;
  double rate = secs > 0 ? fresh / secs : 0;
  int left = static_cast<int>(items_.size()) - done_;
  std::ostringstream line;
  int width = 20;  // of the bar: what follows it must fit an 80-column line
  int filled = items_.empty() ? width : static_cast<int>(std::lround(width * double(done_) / items_.size()));
  line << "\r[" << std::string(filled, '#') << std::string(width - filled, '.') << "] " << done_ << "/"
       << items_.size();
  line << "  " << format_fixed(rate, 1) << " files/s";
  if (rate > 0 && left > 0) {
    char buf[64];
    long eta = std::lround(left / rate);
    std::snprintf(buf, sizeof buf, "  ETA %ld:%02ld", eta / 60, eta % 60);
    line << buf;
  }
  line << "  " << failed_ << " failed";
  // The file read by OCR the longest, with its page, its name cut so that the bar stays on one line of the terminal
  // (a wrapped line would not be drawn over): the text so far is ASCII, a column a byte; the rest counts two columns
  // for each character that is not ASCII (CJK).
  const Worker* ocr = nullptr;
  for (const auto& w : workers_)
    if (w.item && w.ocr_pages > 0 && (!ocr || w.started < ocr->started)) ocr = &w;
  if (ocr) {
    struct winsize size {};
    const int columns = ::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0 ? size.ws_col : 80;
    const std::string pages = std::to_string(ocr->ocr_page) + "/" + std::to_string(ocr->ocr_pages);
    // "  OCR " + name + " 第 " + pages + " 页", less the leading "\r"; one column spare for the cursor.
    int room = columns - 1 - (static_cast<int>(line.str().size()) - 1) - 6 - 4 - static_cast<int>(pages.size()) - 3;
    const std::string name = fs::path(items_[*ocr->item].input.rel).filename().string();
    std::string shown;
    for (std::size_t i = 0; i < name.size();) {
      char32_t c = 0;
      const std::size_t next = utf8::next(name, i, &c);
      const int wide = c < 0x80 ? 1 : 2;
      const bool last = next >= name.size();
      if (room - wide < (last ? 0 : 1)) {  // keep a column for "…" unless this is the last character
        shown += "…";
        break;
      }
      shown.append(name, i, next - i);
      room -= wide;
      i = next;
    }
    if (room >= 0) line << "  OCR " << shown << " 第 " << pages << " 页";
  }
  line << "\x1b[K";
  if (final_line) line << "\n";
  progress_ << line.str() << std::flush;
}

// Stale reports go only when the input list is whole: an input folder that could not be listed (or held no PDF), or
// an input that does not exist (a mistyped path), keeps every report, as does an interrupted listing.
void Supervisor::remove_stale(const Discovery& found) {
  if (g_stop_signal || !found.problems.empty()) return;
  for (const auto& input : options_.inputs) {
    std::error_code ec;
    if (fs::symlink_status(input, ec).type() == fs::file_type::not_found) return;
  }
  std::set<std::string> current;
  for (const auto& item : items_) current.insert(item.input.rel);
  std::vector<std::string> removed = remove_stale_reports(options_.out_dir, current, &problems_);
  stale_removed_ = static_cast<int>(removed.size());
  if (options_.quiet || removed.empty()) return;
  progress_ << "jxaudit: removed " << removed.size() << (removed.size() == 1 ? " report" : " reports")
            << " of files no longer in the input (";
  for (std::size_t i = 0; i < removed.size() && i < 3; ++i) progress_ << (i ? ", " : "") << removed[i];
  progress_ << (removed.size() > 3 ? ", …" : "") << ")\n";
}

void Supervisor::finish_item(std::size_t index, const std::string& outcome, const std::string& message, int findings) {
  Item& item = items_[index];
  if (item.state == FileState::Done) return;
  item.state = FileState::Done;
  item.outcome = outcome;
  item.message = message;
  item.findings = findings;
  ++done_;
  ++audited_;
  if (outcome != "ok") ++failed_;
  report_line(item, "ok");
}

void Supervisor::record_failure(std::size_t index, const FileError& error) {
  const Item& item = items_[index];
  WorkerTask task{static_cast<long>(index), item.input.path, item.input.rel, item.key, item.stat};
  std::string message = error.message;
  if (auto problem = write_error_document(options_.out_dir, task, error)) {
    problems_.push_back(*problem);
  }
  finish_item(index, to_string(error.outcome), message, 0);
}

void Supervisor::on_result(Worker& w, const WorkerResult& r) {
  if (!w.item || static_cast<long>(*w.item) != r.id) return;  // not what it was asked: ignore
  std::size_t index = *w.item;
  w.item.reset();
  finish_item(index, r.outcome, r.message, r.info + r.warning + r.error);
  if (r.fatal) w.retire = true;
}

// A long OCR file's stage: on a terminal, the bar names the file and its page; otherwise a line per page
// ("ocr REL: page 3/10"), which is not a [k/n] file line.
void Supervisor::on_progress(Worker& w, const WorkerProgress& p) {
  if (!w.item || static_cast<long>(*w.item) != p.id) return;
  w.ocr_page = p.page;
  w.ocr_pages = p.pages;
  if (options_.quiet) return;
  if (tty_) {
    redraw();
    return;
  }
  progress_ << "ocr " << items_[*w.item].input.rel << ": page " << p.page << "/" << p.pages << "\n";
}

void Supervisor::read_results(Worker& w, bool* eof) {
  char chunk[4096];
  ssize_t n = ::read(w.result_fd, chunk, sizeof chunk);
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
  if (n <= 0) {
    *eof = true;
    return;
  }
  w.buffer.append(chunk, static_cast<std::size_t>(n));
  for (auto nl = w.buffer.find('\n'); nl != std::string::npos; nl = w.buffer.find('\n')) {
    std::string line = w.buffer.substr(0, nl);
    w.buffer.erase(0, nl + 1);
    if (auto p = decode_progress(line))
      on_progress(w, *p);
    else if (auto r = decode_result(line))
      on_result(w, *r);
  }
}

void Supervisor::read_stderr(Worker& w) {
  char chunk[4096];
  for (;;) {
    ssize_t n = ::read(w.stderr_fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    w.stderr_tail.append(chunk, static_cast<std::size_t>(n));
    if (w.stderr_tail.size() > 4096) w.stderr_tail.erase(0, w.stderr_tail.size() - 2048);
  }
}

// The last non-empty line of `text`, trimmed to a reasonable length.
std::string last_line(const std::string& text) {
  std::size_t end = text.find_last_not_of("\r\n \t");
  if (end == std::string::npos) return {};
  std::size_t begin = text.find_last_of('\n', end);
  begin = begin == std::string::npos ? 0 : begin + 1;
  std::string line = text.substr(begin, end + 1 - begin);
  if (line.size() > 300) line = line.substr(0, 300) + "…";
  return line;
}

bool mentions_memory(const std::string& text) {
  std::string lower;
  for (char c : text) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return lower.find("out of memory") != std::string::npos || lower.find("bad_alloc") != std::string::npos ||
         lower.find("cannot allocate memory") != std::string::npos;
}

void Supervisor::on_worker_died(Worker& w) {
  read_stderr(w);
  std::string said = last_line(w.stderr_tail);
  close_worker(w);
  int status = 0;
  long maxrss = 0;
  reap(w, &status, &maxrss);
  if (!w.item) return;
  std::size_t index = *w.item;
  w.item.reset();
  if (g_stop_signal) return;  // killed by the interrupt, not by its file
  FileError error{Outcome::Crashed, ""};
  std::string how;
  if (WIFSIGNALED(status)) {
    how = "the worker died of " + signal_name(WTERMSIG(status));
  } else if (WIFEXITED(status)) {
    how = "the worker exited with status " + std::to_string(WEXITSTATUS(status));
  } else {
    how = "the worker disappeared";
  }
  if (!said.empty()) how += " after printing \"" + said + "\"";
  std::size_t cap_kib = options_.limits.memory_per_worker / 1024;
  if (cap_kib > 0 && (mentions_memory(said) || static_cast<std::size_t>(maxrss) * 2 >= cap_kib)) {
    // Out of memory under the address-space cap: a failed malloc in C code (Poppler's gmalloc, Leptonica) ends in
    // abort() or a null dereference rather than a bad_alloc the worker could catch. Recognised by its last words
    // or by a resident size near the cap.
    error.outcome = Outcome::LimitExceeded;
    error.message = limit_exceeded("memory_per_worker", mib(static_cast<long>(cap_kib))) + ": " + how +
                    " (peak resident " + mib(maxrss) + ")";
  } else {
    error.message = how;
  }
  record_failure(index, error);
}

void Supervisor::on_timeout(Worker& w) {
  std::size_t index = *w.item;
  ::kill(w.pid, SIGKILL);
  close_worker(w);
  reap(w, nullptr, nullptr);
  w.item.reset();
  record_failure(index, {Outcome::Timeout, "no result after " + format_general(options_.limits.seconds_per_file) +
                                               " s (limit seconds_per_file); the worker was killed"});
}

void Supervisor::stop_all_workers() {
  for (auto& w : workers_) {
    if (w.pid < 0) continue;
    if (w.item || g_stop_signal) ::kill(w.pid, SIGKILL);
    close_worker(w);  // an idle worker sees end of file and exits
    reap(w, nullptr, nullptr);
  }
  workers_.clear();
}

BatchSummary Supervisor::run() {
  std::error_code ec;
  fs::create_directories(fs::path(options_.out_dir) / "reports", ec);
  // Refusing the run: no file is audited, and the one reason is said (even when quiet) with exit 1.
  auto refuse = [&](const std::string& why) {
    progress_ << "jxaudit: " << why << "\n";
    BatchSummary s;
    s.problems = 1;
    return s;
  };
  if (ec) return refuse("cannot create " + options_.out_dir + "/reports: " + ec.message());
  // One run writes OUT at a time; what a killed run left half-written is removed first.
  outputs::OutLock lock(options_.out_dir);
  if (!lock.ok()) return refuse(lock.error());
  outputs::remove_stale_temporaries(options_.out_dir);

  Discovery found = discover_inputs(options_.inputs);
  for (const auto& p : found.problems) problems_.push_back(p);
  if (!options_.quiet)
    for (const auto& n : found.notes) progress_ << "jxaudit: note: " << n << "\n";
  prepare(select_shard(found.files, options_.shard_index, options_.shard_count));
  remove_stale(found);

  int jobs = options_.jobs > 0 ? options_.jobs : static_cast<int>(std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN)));
  int wanted = std::min<int>(jobs, static_cast<int>(queue_.size()));
  for (int i = 0; i < wanted && !g_stop_signal; ++i) spawn_worker();

  while (!g_stop_signal) {
    // Replace workers that are gone or retiring while work remains.
    workers_.erase(std::remove_if(workers_.begin(), workers_.end(), [](const Worker& w) { return w.pid < 0; }),
                   workers_.end());
    int busy = 0;
    for (const auto& w : workers_) busy += w.item ? 1 : 0;
    int alive = 0;
    for (const auto& w : workers_) alive += w.retire ? 0 : 1;
    int needed = std::min<int>(jobs, static_cast<int>(queue_.size()) + busy);
    while (alive < needed && spawn_worker()) ++alive;
    if (alive == 0 && !queue_.empty() && busy == 0) {
      // No worker can be started: the remaining files fail rather than hang the run.
      while (!queue_.empty()) {
        std::size_t index = queue_.front();
        queue_.pop_front();
        record_failure(index, {Outcome::Internal, "internal error: cannot start a worker process"});
      }
    }
    dispatch();
    busy = 0;
    for (const auto& w : workers_) busy += w.item ? 1 : 0;
    if (busy == 0 && queue_.empty()) break;

    auto now = Clock::now();
    const bool timed = options_.limits.seconds_per_file > 0;  // 0 or less: no time limit
    auto limit = std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(timed ? options_.limits.seconds_per_file : 0));
    int timeout_ms = 200;  // also how soon a signal is noticed if it arrives outside poll()
    for (const auto& w : workers_) {
      if (!w.item || !timed) continue;
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(w.started + limit - now).count();
      timeout_ms = static_cast<int>(std::clamp<long long>(left, 0, timeout_ms));
    }
    std::vector<pollfd> fds;
    for (const auto& w : workers_) {
      fds.push_back({w.result_fd, POLLIN, 0});
      fds.push_back({w.stderr_fd, POLLIN, 0});
    }
    int n = ::poll(fds.data(), fds.size(), timeout_ms);
    if (n < 0 && errno != EINTR) break;
    for (std::size_t i = 0; i < workers_.size() && n > 0; ++i) {
      if (fds[2 * i + 1].revents) read_stderr(workers_[i]);
      if (!fds[2 * i].revents) continue;
      bool eof = false;
      read_results(workers_[i], &eof);
      if (eof) on_worker_died(workers_[i]);
    }
    now = Clock::now();
    for (auto& w : workers_)
      if (timed && w.pid >= 0 && w.item && now - w.started >= limit) on_timeout(w);
    redraw();
  }
  stop_all_workers();
  return summarise();
}

BatchSummary Supervisor::summarise() {
  BatchSummary s;
  s.interrupted = g_stop_signal != 0;
  s.files = static_cast<int>(items_.size());
  s.audited = audited_;
  s.reused = reused_;
  s.failed = failed_;
  s.stale_removed = stale_removed_;

  // items_ is in rel order (see prepare()): a report is found by bisection.
  auto item_of = [this](const std::string& rel) -> Item* {
    auto it = std::lower_bound(items_.begin(), items_.end(), rel,
                               [](const Item& item, const std::string& r) { return item.input.rel < r; });
    return it != items_.end() && it->input.rel == rel ? &*it : nullptr;
  };
  // Each project against its earlier years (in this OUT and in the register), before anything reads the reports.
  const std::string db = register_path(options_.out_dir, options_.db_path);
  auto finished_rel = [&](const std::string& rel) {
    const Item* item = item_of(rel);
    return item && item->state != FileState::Pending;
  };
  // A pass whose inputs are those the last run's same pass read (batch/rerun_digest.h; the digests are kept in
  // run.json) would write what it wrote then: it is skipped. Never after an interrupted or forced run.
  const bool may_reuse = !s.interrupted && !options_.force;
  const LastRun last = may_reuse ? read_last_run(options_.out_dir) : LastRun{};
  const std::string program = program_digest(std::string(JX_VERSION) + "/" + rules_.hash, options_.out_dir);
  // The register's reports of other runs, read before the pass: a change after this is seen by the next run.
  const auto other_runs = jx::outputs::other_runs_digest(db, options_.out_dir, nullptr);
  auto reports = reports_digest(options_.out_dir, finished_rel);
  auto cross_key = [&]() -> std::string {
    if (!reports || !other_runs) return {};
    return jx::sha256_hex("cross_year\n" + program + "\n" + *reports + "\n" + *other_runs);
  };
  const auto cross_start = Clock::now();
  std::string cross_done = cross_key();  // the inputs of a cross-year pass that is done; empty: none is
  const bool cross_checked = cross_done.empty() || cross_done != last.cross_year;
  if (cross_checked) {
    auto cross = apply_cross_year_checks(options_.out_dir, db, rules_, finished_rel);
    if (cross.rewritten > 0) reports = reports_digest(options_.out_dir, finished_rel);
    cross_done = cross.problems.empty() ? cross_key() : std::string();
    for (auto& p : cross.problems) problems_.push_back(std::move(p));
  }
  const double cross_seconds = std::chrono::duration<double>(Clock::now() - cross_start).count();
  // The register's review decisions, shown beside their findings.
  jx::outputs::Reviews reviews;
  std::optional<std::string> reviews_problem = jx::outputs::load_reviews(db, &reviews);
  if (reviews_problem) problems_.push_back("register " + db + ": " + *reviews_problem);
  // What the summary outputs are made of: the reports, their crops, the review decisions, the program.
  std::string summary_inputs;
  if (auto evidence = evidence_digest(options_.out_dir); reports && evidence && !reviews_problem)
    summary_inputs =
        jx::sha256_hex("summary\n" + program + "\n" + *reports + "\n" + *evidence + "\n" + reviews_digest(reviews));
  std::string summary_outputs;  // the outputs as written from `summary_inputs`; empty: not known to be
  const auto summary_start = Clock::now();
  bool summary_written = true;
  if (auto present = summary_outputs_digest(options_.out_dir); !summary_inputs.empty() &&
                                                               summary_inputs == last.summary_inputs && present &&
                                                               *present == last.summary_outputs && last.findings) {
    // The outputs are those the last run wrote from the same inputs, untouched since: they stand. Every report
    // read then made its rows (that run had no problem), and so would each now.
    summary_written = false;
    summary_outputs = *present;
    for (const auto& rel : jx::outputs::report_rels(options_.out_dir, finished_rel, nullptr))
      if (Item* item = item_of(rel)) item->has_row = true;
    s.findings_error = (*last.findings)[0];
    s.findings_warning = (*last.findings)[1];
    s.findings_info = (*last.findings)[2];
  } else {
    auto written = write_summary_outputs(
        options_.out_dir, rules_.grades, finished_rel,
        [&](const FileRow& r) {
          if (Item* item = item_of(r.rel)) item->has_row = true;
        },
        jx::outputs::rule_notes(rules_), reviews);
    s.findings_info = static_cast<int>(written.info);
    s.findings_warning = static_cast<int>(written.warning);
    s.findings_error = static_cast<int>(written.errors);
    if (written.problems.empty() && !summary_inputs.empty())
      summary_outputs = summary_outputs_digest(options_.out_dir).value_or(std::string());
    for (auto& p : written.problems) problems_.push_back(std::move(p));
  }
  if (summary_outputs.empty()) summary_inputs.clear();
  if (s.interrupted) cross_done.clear(), summary_inputs.clear(), summary_outputs.clear();  // nothing kept for a rerun
  const double summary_seconds = std::chrono::duration<double>(Clock::now() - summary_start).count();
  // A finished file whose document cannot be read back counts as failed too.
  std::size_t finished = 0;
  for (const auto& item : items_) {
    if (item.state == FileState::Pending) continue;
    ++finished;
    if (item.outcome == "ok" && !item.has_row) ++s.failed;
  }
  // The register follows the same reports.
  const auto register_start = Clock::now();
  auto reg = jx::outputs::sync_register(db, options_.out_dir, rules_, finished_rel);
  const double register_seconds = std::chrono::duration<double>(Clock::now() - register_start).count();
  if (reg.error) problems_.push_back("register " + db + ": " + *reg.error);
  for (auto& p : reg.problems) problems_.push_back(std::move(p));

  double secs = std::chrono::duration<double>(Clock::now() - start_).count();
  struct rusage self {};
  ::getrusage(RUSAGE_SELF, &self);
  nlohmann::ordered_json stats{
      {"files", s.files},
      {"audited", s.audited},
      {"reused", s.reused},
      {"failed", s.failed},
      {"interrupted", s.interrupted},
      {"findings", {{"error", s.findings_error}, {"warning", s.findings_warning}, {"info", s.findings_info}}},
      {"seconds", std::round(secs * 1000) / 1000},
      // Of them: comparing projects across years, and storing the reports in the register.
      {"cross_year_seconds", std::round(cross_seconds * 1000) / 1000},
      {"register_seconds", std::round(register_seconds * 1000) / 1000},
      {"summary_seconds", std::round(summary_seconds * 1000) / 1000},
      // Whether the cross-year pass ran and the summary outputs were written (false: their inputs were those of the
      // last run, whose results stand).
      {"cross_year_checked", cross_checked},
      {"summary_written", summary_written},
      {"supervisor_max_rss_kib", self.ru_maxrss},
      {"worker_max_rss_kib", worker_maxrss_kib_},
      {"jobs", options_.jobs},
      {"version", JX_VERSION},
      {"rules_hash", rules_.hash},
      {"profile", rules_.profile.name},
      // What this run's passes read, for the next run to compare (batch/rerun_digest.h); empty: nothing to reuse.
      {"reuse",
       {{"cross_year", cross_done}, {"summary_inputs", summary_inputs}, {"summary_outputs", summary_outputs}}}};
  if (auto e = write_file_atomically((fs::path(options_.out_dir) / "run.json").string(), stats.dump(2) + "\n"))
    problems_.push_back(*e);

  s.problems = static_cast<int>(problems_.size());
  if (!options_.quiet && tty_) redraw(true);
  for (const auto& p : problems_) progress_ << "jxaudit: " << p << "\n";  // even when quiet: the exit code is 1
  if (!options_.quiet) {
    const std::string rate =
        format_fixed(secs, 1) + " s (" + format_fixed(secs > 0 ? s.audited / secs : 0.0, 1) + " files/s)";
    progress_ << "jxaudit: " << s.files << " files in " << rate << ": " << s.audited << " audited, " << s.reused
              << " reused, " << s.failed << " failed; findings: " << s.findings_error << " error, "
              << s.findings_warning << " warning, " << s.findings_info << " info; peak memory: supervisor "
              << mib(self.ru_maxrss) << ", largest worker " << mib(worker_maxrss_kib_) << "\n";
    if (s.interrupted) progress_ << "jxaudit: interrupted; the summary covers the " << finished << " files finished\n";
    // The last line, for the person who ran it: what was audited, what failed, where to look.
    const fs::path index = fs::path(options_.out_dir) / "index.html";
    std::error_code ec;
    progress_ << "jxaudit: " << (s.interrupted ? "已中断：" : "完成：") << s.files << " 个文件，审核 " << s.audited
              << " 个，沿用上次结果 " << s.reused << " 个，失败 " << s.failed << " 个"
              << (s.failed > 0 ? "（见上方 FAILED 行）" : "") << "；问题 错误 " << s.findings_error << "、警告 "
              << s.findings_warning << "、提示 " << s.findings_info << "；"
              << (s.problems > 0 ? "另有 " + std::to_string(s.problems) + " 个问题（见上）；" : std::string());
    if (fs::is_regular_file(index, ec))
      progress_ << "报告：" << index.string() << "\n";
    else
      progress_ << "报告 " << index.string() << " 未能写出（见上）\n";
  }
  return s;
}

}  // namespace

BatchSummary run_batch(const BatchOptions& options, const rules::RuleSet& rules, std::ostream& progress) {
  SignalScope signals;
  Supervisor supervisor(options, rules, progress);
  return supervisor.run();
}

std::string register_path(const std::string& out_dir, const std::string& db_path) {
  return db_path.empty() ? (fs::path(out_dir) / "jxaudit.sqlite").string() : db_path;
}

MergeOutcome merge_outputs(const std::vector<std::string>& shard_dirs, const std::string& out_dir,
                           const rules::RuleSet& rules, std::ostream& err, const std::string& db_path) {
  std::error_code ec;
  for (const auto& dir : shard_dirs) {
    if (!fs::is_directory(fs::path(dir) / "reports", ec)) {
      err << "jxaudit merge: " << dir << " is not a batch output folder (no reports/ inside)\n";
      return MergeOutcome::NotAShard;
    }
  }
  fs::create_directories(fs::path(out_dir) / "reports", ec);
  if (ec) {
    err << "jxaudit merge: cannot create " << out_dir << "/reports: " << ec.message() << "\n";
    return MergeOutcome::Failed;
  }
  outputs::OutLock lock(out_dir);
  if (!lock.ok()) {
    err << "jxaudit merge: " << lock.error() << "\n";
    return MergeOutcome::Failed;
  }
  outputs::remove_stale_temporaries(out_dir);
  int problems = 0;
  std::map<std::string, std::string> merged_from;  // area/rel → the shard it was copied from
  auto out_real = fs::weakly_canonical(out_dir, ec);
  for (const auto& dir : shard_dirs) {
    if (fs::weakly_canonical(dir, ec) == out_real) continue;  // already in place
    for (const char* area : {"reports", "evidence"}) {
      fs::path base = fs::path(dir) / area;
      // Only what lies inside the shard: an area that is a link is not read at all (it could point anywhere).
      if (fs::is_symlink(fs::symlink_status(base, ec))) {
        err << "jxaudit merge: " << base.string() << " is a symbolic link; not read\n";
        ++problems;
        ec.clear();
        continue;
      }
      if (!fs::is_directory(base, ec)) continue;
      fs::recursive_directory_iterator it(base, fs::directory_options::skip_permission_denied, ec), end;
      for (; !ec && it != end; it.increment(ec)) {
        std::error_code e2;
        // Regular files only, never through a link (recursive_directory_iterator does not enter linked folders).
        const fs::file_status st = it->symlink_status(e2);
        if (e2 || !fs::is_regular_file(st)) continue;
        std::string name = it->path().filename().string();
        if (name.empty() || is_temporary_name(name)) continue;  // temporaries of an interrupted write
        std::string rel = it->path().lexically_relative(base).generic_string();
        auto target = output_path(out_dir, area, rel, "");
        // Overlapping shards: the folder named later wins, and the output says so.
        if (auto [where, fresh] = merged_from.emplace(std::string(area) + "/" + rel, dir); !fresh) {
          err << "jxaudit merge: note: " << area << "/" << rel << " is in both " << where->second << " and " << dir
              << "; " << dir << "'s is kept (the folder named later)\n";
          where->second = dir;
        }
        // Opened without following a link or blocking: a file swapped for a link or a FIFO after it was listed is
        // not read.
        std::string bytes;
        const bool read = read_regular_file(it->path().string(), /*follow_link=*/false, UINT64_MAX,
                                            [&](const char* data, std::size_t n) { bytes.append(data, n); });
        std::optional<std::string> problem;
        if (!target)
          problem = std::string("cannot place ").append(rel).append(" inside ").append(out_dir);
        else if (!read)
          problem = "cannot read " + it->path().string() + " as a regular file";
        else
          problem = write_file_atomically(*target, bytes);
        if (!problem) {
          // The copy is readable by no one the shard's file was not readable by.
          const fs::perms source = st.permissions() & fs::perms::all;
          std::error_code e3;
          const fs::perms written = fs::status(*target, e3).permissions() & fs::perms::all;
          if (!e3 && (written & ~source) != fs::perms::none)
            fs::permissions(*target, written & source, fs::perm_options::replace, e3);
          if (e3) problem = "cannot set the permissions of " + *target + ": " + e3.message();
        }
        if (problem) {
          err << "jxaudit merge: " << *problem << "\n";
          ++problems;
        }
      }
      if (ec) {
        err << "jxaudit merge: cannot list " << base.string() << ": " << ec.message() << "\n";
        ++problems;
        ec.clear();
      }
    }
  }
  // The years of each project across the shards, then the register: the merged reports, and every shard's review
  // decisions.
  const std::string db = register_path(out_dir, db_path);
  auto cross = apply_cross_year_checks(out_dir, db, rules);
  for (const auto& p : cross.problems) {
    err << "jxaudit merge: " << p << "\n";
    ++problems;
  }
  auto reg = outputs::sync_register(db, out_dir, rules);
  if (reg.error) {
    err << "jxaudit merge: register " << db << ": " << *reg.error << "\n";
    ++problems;
  }
  for (const auto& p : reg.problems) {
    err << "jxaudit merge: " << p << "\n";
    ++problems;
  }
  for (const auto& dir : shard_dirs) {
    const std::string shard_db = (fs::path(dir) / "jxaudit.sqlite").string();
    if (fs::weakly_canonical(shard_db, ec) == fs::weakly_canonical(db, ec)) continue;
    if (auto e = outputs::merge_reviews(db, shard_db)) {
      err << "jxaudit merge: review decisions of " << shard_db << ": " << *e << "\n";
      ++problems;
    }
  }
  jx::outputs::Reviews reviews;
  if (auto e = outputs::load_reviews(db, &reviews)) {
    err << "jxaudit merge: register " << db << ": " << *e << "\n";
    ++problems;
  }
  auto written = write_summary_outputs(out_dir, rules.grades, {}, {}, outputs::rule_notes(rules), reviews);
  for (const auto& p : written.problems) err << "jxaudit merge: " << p << "\n";
  err << "jxaudit merge: " << written.files << " reports (" << written.rows << " summary rows) from "
      << shard_dirs.size() << " folders into " << out_dir << ", " << written.failed << " failed\n";
  return problems || !written.problems.empty() || written.failed ? MergeOutcome::Failed : MergeOutcome::Merged;
}

}  // namespace jx::batch
