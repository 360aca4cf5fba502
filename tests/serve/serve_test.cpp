// `jxaudit serve` end to end: a real batch over two samples into a temporary OUT, the real binary serving it as a
// child process (--port 0), then
//   - its endpoints over HTTP (httplib::Client): the page, the reviews, and every bad request a 4xx with a JSON error;
//   - headless Chromium driving the served page as a reviewer does: open a report, write a note, click 确认, see the
//     badge change without a reload, reload, and see the decision read back from the server; the register then
//     holds it (outputs::load_review_records);
//   - the same page opened from disk, which shows no review controls;
//   - SIGTERM or SIGINT, after which the server stops cleanly (exit 0).
// Skipped when /usr/bin/chromium is not installed (the HTTP part runs regardless).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "outputs/register.h"
#include "tests/support/chromium.h"
#include "tests/support/test_support.h"

namespace fs = std::filesystem;

namespace {

using jx::test::kChromium;
using jx::test::read_all;
const std::string kBinary = std::string(JX_BINARY_DIR) + "/jxaudit";
const std::string kSamples = std::string(JX_SOURCE_DIR) + "/samples/";

std::string run(const std::string& cmd) { return jx::test::command_stdout(cmd); }

// `jxaudit serve OUT --port 0` as a child process whose stderr is read through a pipe.
class ServeProcess {
 public:
  explicit ServeProcess(const std::string& out) {
    int fds[2];
    if (::pipe(fds) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(fds[1], STDERR_FILENO);
      ::close(fds[0]);
      ::close(fds[1]);
      ::execl(kBinary.c_str(), kBinary.c_str(), "serve", out.c_str(), "--port", "0", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(fds[1]);
    err_fd_ = fds[0];
  }
  ~ServeProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (err_fd_ >= 0) ::close(err_fd_);
  }
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  // The port from the line "jxaudit serve: http://127.0.0.1:PORT/ …", waiting up to 30 s; 0 when none came.
  int port() {
    const std::string mark = "http://127.0.0.1:";
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < until) {
      auto at = err_.find(mark);
      if (at != std::string::npos && err_.find('/', at + mark.size()) != std::string::npos)
        return std::atoi(err_.c_str() + at + mark.size());
      if (!read_some(200) && closed_) break;  // silence is waited out (a loaded machine starts slowly); the end is not
    }
    return 0;
  }
  // Sends `sig` (SIGTERM, or SIGINT as Ctrl-C does); the exit status (or -1 when it did not end within 10 s) and
  // everything it wrote on stderr.
  int terminate(std::string* err, int sig = SIGTERM) {
    ::kill(pid_, sig);
    int status = 0;
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < until) {
      read_some(50);
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        while (read_some(50)) {
        }
        *err = err_;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
    }
    *err = err_;
    return -1;
  }
  const std::string& err() const { return err_; }

 private:
  // Reads what is there within `ms`; false at the end of the pipe (closed_ is then set) or when nothing came.
  bool read_some(int ms) {
    pollfd p{err_fd_, POLLIN, 0};
    if (::poll(&p, 1, ms) <= 0) return false;
    char buf[4096];
    ssize_t n = ::read(err_fd_, buf, sizeof buf);
    if (n <= 0) {
      closed_ = true;
      return false;
    }
    err_.append(buf, static_cast<std::size_t>(n));
    return true;
  }
  pid_t pid_ = -1;
  int err_fd_ = -1;
  bool closed_ = false;  // the pipe reached its end: the process closed stderr or ended
  std::string err_;
};

// The page's own script, then this one: on the first load it opens the report holding finding FINDING_ID, writes a
// note and the reviewer's name, clicks 确认 and records what the finding shows after the server answered; then it
// reloads the page (the hash keeps the report open) and records what the finding shows once the page has read the
// decisions back from the server.
const char* kSteps = R"JS(
<script>
(function () {
  var ID = 'FINDING_ID';
  var phase = sessionStorage.getItem('jx-phase') || '1';
  var out = JSON.parse(sessionStorage.getItem('jx-out') || '{}');
  function finding() { return document.getElementById('f-' + ID); }
  function when(test, then, left) {
    if (test()) { then(); return; }
    if ((left = (left === undefined ? 100 : left) - 1) <= 0) { finish('timed out in phase ' + phase); return; }
    setTimeout(function () { when(test, then, left); }, 100);
  }
  function finish(problem) {
    if (problem) out.problem = problem;
    var pre = document.createElement('pre');
    pre.id = 'jx-test';
    pre.textContent = JSON.stringify(out);
    document.body.appendChild(pre);
  }
  function show(f) {
    return {badge: f.querySelector('.meta .rvb').textContent,
            pressed: Array.prototype.map.call(f.querySelectorAll('.review button[aria-pressed="true"]'),
                                              function (b) { return b.textContent; }),
            note: f.querySelector('.rv-note').value, stamp: f.querySelector('.rv-status').textContent};
  }
  function rowOf(id) {
    for (var i = 0; document.getElementById('d' + i); ++i) {
      var d = JSON.parse(document.getElementById('d' + i).textContent);
      if ((d.fnd || []).some(function (f) { return f.id === id; })) return i;
    }
    return -1;
  }
  when(function () { return document.documentElement.getAttribute('data-served') === '1'; }, function () {
    if (phase === '1') {
      out.row = rowOf(ID);
      location.hash = '#/r/' + out.row;
      when(function () { return finding() && finding().querySelector('.review'); }, function () {
        out.before = show(finding());
        out.buttons = Array.prototype.map.call(finding().querySelectorAll('.review button'),
                                               function (b) { return b.textContent; });
        document.getElementById('rv-by').value = '张三';
        finding().querySelector('.rv-note').value = '目标值确实偏低，已核对原件';
        finding().querySelector('.review button[data-state="confirmed"]').click();
        when(function () { return finding().querySelector('.rv-status').textContent.indexOf('已保存') === 0; },
             function () {
               out.clicked = show(finding());
               sessionStorage.setItem('jx-out', JSON.stringify(out));
               sessionStorage.setItem('jx-phase', '2');
               location.reload();
             });
      });
    } else {
      when(function () { return finding() && finding().querySelector('.review'); }, function () {
        out.reloaded = show(finding());
        out.reloadedHash = location.hash;
        finish();
      });
    }
  });
})();
</script>
)JS";

class Serve : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string tmpl = (fs::temp_directory_path() / "jx_serve_XXXXXX").string();
    dir_ = ::mkdtemp(tmpl.data());
    out_ = dir_ / "out";
    const std::string cmd = kBinary + " audit " + kSamples + "zero-target-miss-2023.pdf " + kSamples +
                            "two-indicators-2023.pdf -o " + out_.string() + " -q -j 2 2>&1";
    batch_log_ = run(cmd);
    std::ifstream lines(out_ / "findings.jsonl");
    for (std::string line; std::getline(lines, line);) {
      auto j = nlohmann::json::parse(line);
      if (j["rule"] == "score.overrated" && id_.empty()) id_ = j["id"];
    }
  }
  static void TearDownTestSuite() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  static fs::path dir_, out_;
  static std::string id_, batch_log_;
};
fs::path Serve::dir_, Serve::out_;
std::string Serve::id_, Serve::batch_log_;

nlohmann::json body_of(const httplib::Result& r) { return nlohmann::json::parse(r->body, nullptr, false); }

}  // namespace

TEST_F(Serve, AnswersThePageAndRefusesBadRequestsWithJsonErrors) {
  ASSERT_EQ(id_.size(), 16u) << batch_log_;
  ServeProcess server(out_.string());
  const int port = server.port();
  ASSERT_GT(port, 0) << server.err();
  httplib::Client client("127.0.0.1", port);
  const std::string origin = "http://127.0.0.1:" + std::to_string(port);
  const httplib::Headers same = {{"Origin", origin}};

  auto page = client.Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(page->body, read_all(out_ / "index.html"));
  auto reviews = client.Get("/api/reviews");
  ASSERT_TRUE(reviews);
  EXPECT_EQ(reviews->status, 200);
  EXPECT_EQ(body_of(reviews), nlohmann::json::object()) << "no decision yet";
  EXPECT_EQ(reviews->get_header_value("Cache-Control"), "no-store");
  // A report under OUT is served; the register and paths out of OUT are not.
  auto report = client.Get("/reports/zero-target-miss-2023.pdf.json");
  ASSERT_TRUE(report);
  EXPECT_EQ(report->status, 200);
  EXPECT_EQ(report->body, read_all(out_ / "reports/zero-target-miss-2023.pdf.json"));
  for (const char* path : {"/../out/index.html", "/%2e%2e/out/index.html", "/reports/..%2f..%2fout/index.html",
                           "/jxaudit.sqlite", "/.jxaudit.lock"}) {
    auto r = client.Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 403) << path << ": " << r->body;
    EXPECT_TRUE(body_of(r).contains("error")) << path << ": " << r->body;
  }
  auto missing = client.Get("/reports/nothing.json");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);

  struct Bad {
    const char* what;
    httplib::Headers headers;
    std::string body;
    const char* content_type;
    int status;
  };
  const std::string good = nlohmann::json{{"id", id_}, {"state", "dismissed"}}.dump();
  const std::vector<Bad> bad = {
      {"unknown id", same, R"({"id": "0000000000000000", "state": "confirmed"})", "application/json", 404},
      {"unknown state", same, nlohmann::json{{"id", id_}, {"state", "maybe"}}.dump(), "application/json", 400},
      {"no state", same, nlohmann::json{{"id", id_}}.dump(), "application/json", 400},
      {"a number for a note", same, nlohmann::json{{"id", id_}, {"state", "open"}, {"note", 3}}.dump(),
       "application/json", 400},
      {"not JSON", same, "{\"id\": ", "application/json", 400},
      {"a JSON array", same, "[]", "application/json", 400},
      {"too large", same, std::string(100000, ' '), "application/json", 413},
      {"not declared JSON", same, good, "text/plain", 415},
      {"no Origin", {}, good, "application/json", 403},
      {"another Origin", {{"Origin", "http://evil.example"}}, good, "application/json", 403},
      {"another Host",
       {{"Origin", "http://evil.example:" + std::to_string(port)}, {"Host", "evil.example:" + std::to_string(port)}},
       good,
       "application/json",
       403},
  };
  for (const auto& b : bad) {
    auto r = client.Post("/api/review", b.headers, b.body, b.content_type);
    ASSERT_TRUE(r) << b.what;
    EXPECT_EQ(r->status, b.status) << b.what << ": " << r->body;
    auto j = body_of(r);
    EXPECT_TRUE(j.is_object() && j.contains("error") && j["error"].is_string()) << b.what << ": " << r->body;
  }
  std::map<std::string, jx::outputs::ReviewRecord> stored;
  ASSERT_FALSE(jx::outputs::load_review_records((out_ / "jxaudit.sqlite").string(), &stored));
  EXPECT_TRUE(stored.empty()) << "no bad request wrote anything";

  // A good one is stored and answered as stored.
  auto ok = client.Post("/api/review", same,
                        nlohmann::json{{"id", id_}, {"state", "dismissed"}, {"note", "重复"}, {"by", "李四"}}.dump(),
                        "application/json");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200) << ok->body;
  auto j = body_of(ok);
  EXPECT_EQ(j["id"], id_);
  EXPECT_EQ(j["state"], "dismissed");
  EXPECT_EQ(j["note"], "重复");
  EXPECT_EQ(j["by"], "李四");
  EXPECT_EQ(j["at"].get<std::string>().size(), 20u) << j;
  ASSERT_FALSE(jx::outputs::load_review_records((out_ / "jxaudit.sqlite").string(), &stored));
  ASSERT_EQ(stored.count(id_), 1u);
  EXPECT_EQ(stored[id_].state, "dismissed");
  auto after = client.Get("/api/reviews");
  ASSERT_TRUE(after);
  EXPECT_EQ(body_of(after)[id_]["note"], "重复");
  // A note given to `review set` may hold anything: the answer is still JSON, the bytes that are no UTF-8 replaced.
  ASSERT_FALSE(jx::outputs::set_review((out_ / "jxaudit.sqlite").string(), id_, "confirmed",
                                       "引号\"、反斜杠\\、换行\n、制表\t和坏字节\xff。", "王五"));
  auto tricky = client.Get("/api/reviews");
  ASSERT_TRUE(tricky);
  auto parsed = body_of(tricky);
  ASSERT_TRUE(parsed.is_object()) << tricky->body;
  EXPECT_EQ(parsed[id_]["note"], "引号\"、反斜杠\\、换行\n、制表\t和坏字节\xEF\xBF\xBD。");
  EXPECT_EQ(parsed[id_]["by"], "王五");
  EXPECT_EQ(parsed[id_]["state"], "confirmed");
  // Back to no opinion, so the browser test starts from a finding that is open.
  auto reopen =
      client.Post("/api/review", same, nlohmann::json{{"id", id_}, {"state", "open"}}.dump(), "application/json");
  ASSERT_TRUE(reopen);
  EXPECT_EQ(reopen->status, 200);

  std::string err;
  EXPECT_EQ(server.terminate(&err), 0) << err;
  EXPECT_NE(err.find("jxaudit serve: stopped"), std::string::npos) << err;
}

// An OUT without a register (a batch of an earlier version): the page is served, the review endpoints say there is
// no register, and the page therefore shows no controls.
TEST_F(Serve, WithoutARegisterServesThePageAndRefusesReviews) {
  ASSERT_EQ(id_.size(), 16u) << batch_log_;
  const fs::path bare = dir_ / "bare";
  fs::create_directories(bare);
  fs::copy_file(out_ / "index.html", bare / "index.html");
  ServeProcess server(bare.string());
  const int port = server.port();
  ASSERT_GT(port, 0) << server.err();
  EXPECT_NE(server.err().find("no register here"), std::string::npos) << server.err();
  httplib::Client client("127.0.0.1", port);
  auto page = client.Get("/index.html");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  auto reviews = client.Get("/api/reviews");
  ASSERT_TRUE(reviews);
  EXPECT_EQ(reviews->status, 404);
  auto post = client.Post("/api/review", {{"Origin", "http://127.0.0.1:" + std::to_string(port)}},
                          nlohmann::json{{"id", id_}, {"state", "confirmed"}}.dump(), "application/json");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 404) << post->body;
  EXPECT_FALSE(fs::exists(bare / "jxaudit.sqlite")) << "no register is created by a request";
  std::string err;
  EXPECT_EQ(server.terminate(&err, SIGINT), 0) << err;
  EXPECT_NE(err.find("jxaudit serve: stopped"), std::string::npos) << err;
}

// It does not start without a page, nor on a port already taken (exit 1, a message saying which); a port out of
// range is bad usage (exit 2).
TEST_F(Serve, RefusesToStartWithoutAPageOrOnAPortInUse) {
  ASSERT_EQ(id_.size(), 16u) << batch_log_;
  const fs::path empty = dir_ / "empty";
  fs::create_directories(empty);
  std::string no_page = run("timeout 10 " + kBinary + " serve " + empty.string() + " --port 0 2>&1; echo rc=$?");
  EXPECT_NE(no_page.find("no index.html here"), std::string::npos) << no_page;
  EXPECT_NE(no_page.find("rc=1"), std::string::npos) << no_page;

  ServeProcess server(out_.string());
  const int port = server.port();
  ASSERT_GT(port, 0) << server.err();
  std::string taken =
      run(kBinary + " serve " + out_.string() + " --port " + std::to_string(port) + " 2>&1; echo rc=$?");
  EXPECT_NE(taken.find("cannot listen on 127.0.0.1:" + std::to_string(port)), std::string::npos) << taken;
  EXPECT_NE(taken.find("rc=1"), std::string::npos) << taken;
  std::string range = run(kBinary + " serve " + out_.string() + " --port 70000 2>&1; echo rc=$?");
  EXPECT_NE(range.find("rc=2"), std::string::npos) << range;
  std::string err;
  EXPECT_EQ(server.terminate(&err), 0) << err;
}

TEST_F(Serve, AReviewerConfirmsAFindingInChromiumAndItSurvivesAReload) {
  if (::access(kChromium, X_OK) != 0) GTEST_SKIP() << kChromium << " not installed";
  ASSERT_EQ(id_.size(), 16u) << batch_log_;
  const std::string db = (out_ / "jxaudit.sqlite").string();
  ASSERT_FALSE(jx::outputs::set_review(db, id_, "open", "", ""));  // whatever the other test left: open, no note
  ServeProcess server(out_.string());
  const int port = server.port();
  ASSERT_GT(port, 0) << server.err();

  // The batch's own page with the steps appended, beside it in OUT (so it is served the same way).
  std::string html = read_all(out_ / "index.html");
  auto body = html.rfind("</body>");
  ASSERT_NE(body, std::string::npos);
  std::string steps = kSteps;
  steps.replace(steps.find("FINDING_ID"), 10, id_);
  html.insert(body, steps);
  std::ofstream(out_ / "probe.html", std::ios::binary) << html;

  const std::string dom =
      jx::test::chromium_dom(dir_ / "profile", "http://127.0.0.1:" + std::to_string(port) + "/probe.html");
  // The markup the controls are, found here and looked for (not found) in the page from disk below.
  EXPECT_NE(dom.find("class=\"review\" data-id=\"" + id_ + "\""), std::string::npos);
  EXPECT_NE(dom.find("data-served=\"1\""), std::string::npos);
  const std::string text = jx::test::test_steps_text(dom).value_or("");
  ASSERT_FALSE(text.empty()) << "the steps did not finish; stderr of the server:\n" << server.err();
  auto out = nlohmann::json::parse(text, nullptr, false);
  ASSERT_FALSE(out.is_discarded()) << text;
  ASSERT_FALSE(out.contains("problem")) << out.dump();

  EXPECT_GE(out["row"].get<int>(), 0);
  EXPECT_EQ(out["buttons"], nlohmann::json::array({"确认", "排除", "重新打开"}));
  EXPECT_EQ(out["before"]["badge"], "待复核") << "the server's decision (open) over the page's (none)";
  EXPECT_EQ(out["before"]["pressed"], nlohmann::json::array({"重新打开"}));
  // After the click, without a reload: the badge and the pressed button say confirmed, the stamp names the reviewer.
  EXPECT_EQ(out["clicked"]["badge"], "已确认");
  EXPECT_EQ(out["clicked"]["pressed"], nlohmann::json::array({"确认"}));
  EXPECT_EQ(out["clicked"]["stamp"].get<std::string>().rfind("已保存 张三 ", 0), 0u) << out["clicked"];
  // After the reload: read back from the server (the page on disk still embeds no decision for it).
  EXPECT_EQ(out["reloadedHash"], "#/r/" + std::to_string(out["row"].get<int>()));
  EXPECT_EQ(out["reloaded"]["badge"], "已确认");
  EXPECT_EQ(out["reloaded"]["pressed"], nlohmann::json::array({"确认"}));
  EXPECT_EQ(out["reloaded"]["note"], "目标值确实偏低，已核对原件");
  EXPECT_EQ(read_all(out_ / "index.html").find("\"rv\":\"confirmed\""), std::string::npos);
  // And in the register.
  std::map<std::string, jx::outputs::ReviewRecord> stored;
  ASSERT_FALSE(jx::outputs::load_review_records(db, &stored));
  ASSERT_EQ(stored.count(id_), 1u);
  EXPECT_EQ(stored[id_].state, "confirmed");
  EXPECT_EQ(stored[id_].note, "目标值确实偏低，已核对原件");
  EXPECT_EQ(stored[id_].by, "张三");

  // Opened from disk, the same report shows its findings and no review controls.
  const std::string disk =
      jx::test::chromium_dom(dir_ / "profile-file", "file://" + (out_ / "index.html").string() + "#/r/" +
                                                        std::to_string(out["row"].get<int>()));
  // (The dump holds the page's script too: these are the markup it would draw, with this finding's id.)
  EXPECT_NE(disk.find("id=\"f-" + id_ + "\""), std::string::npos) << "the report is shown";
  EXPECT_EQ(disk.find("class=\"review\" data-id=\"" + id_ + "\""), std::string::npos);
  EXPECT_EQ(disk.find("data-served=\"1\""), std::string::npos);

  std::string err;
  EXPECT_EQ(server.terminate(&err), 0) << err;
}
