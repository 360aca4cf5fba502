#include "serve/server.h"

#include <httplib.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <thread>
#include <vector>

#include "serve/out_path.h"
#include "serve/review_api.h"

namespace fs = std::filesystem;

namespace jx::serve {
namespace {

constexpr const char* kJson = "application/json; charset=utf-8";
constexpr std::size_t kChunkBytes = 1 << 16;

void answer(httplib::Response& res, const ApiResponse& api) {
  res.status = api.status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(api.body, kJson);
}

bool starts_with(const std::string& s, const std::string& head) { return s.compare(0, head.size(), head) == 0; }

// The request names this server: Host is 127.0.0.1:PORT or localhost:PORT.
bool host_is_ours(const httplib::Request& req, int port) {
  const std::string host = req.get_header_value("Host");
  const std::string p = ":" + std::to_string(port);
  return host == "127.0.0.1" + p || host == "localhost" + p;
}

// A write comes from the page itself: its Origin is this server's, the one its Host names.
bool same_origin(const httplib::Request& req) {
  if (req.get_header_value_count("Origin") != 1) return false;
  return req.get_header_value("Origin") == "http://" + req.get_header_value("Host");
}

// The file at `path`, streamed in chunks (the page of a large batch is tens of megabytes: never read whole).
void send_file(httplib::Response& res, const fs::path& path) {
  auto in = std::make_shared<std::ifstream>(path, std::ios::binary);
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (!*in || ec) {
    answer(res, api_error(404, "the file cannot be read", "无法读取该文件"));
    return;
  }
  res.set_header("Cache-Control", "no-cache");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_content_provider(static_cast<std::size_t>(size), content_type_of(path),
                           [in](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                             std::vector<char> buf(std::min(length, kChunkBytes));
                             in->clear();
                             in->seekg(static_cast<std::streamoff>(offset));
                             in->read(buf.data(), static_cast<std::streamsize>(buf.size()));
                             const auto n = in->gcount();
                             if (n <= 0) return false;  // the file shrank under us: end the response
                             return sink.write(buf.data(), static_cast<std::size_t>(n));
                           });
}

void wire(httplib::Server& svr, const ServeOptions& opt, const fs::path& out, const int& port) {
  // SO_REUSEADDR only: httplib's default also sets SO_REUSEPORT, with which a second `jxaudit serve` on a port in use
  // starts as well and the two share its connections.
  svr.set_socket_options([](socket_t sock) {
    const int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  svr.set_payload_max_length(kMaxReviewBodyBytes);
  svr.set_pre_routing_handler([&port](const httplib::Request& req, httplib::Response& res) {
    if (host_is_ours(req, port)) return httplib::Server::HandlerResponse::Unhandled;
    answer(res, api_error(403, "the Host header does not name this server", "请求的主机名不是本服务"));
    return httplib::Server::HandlerResponse::Handled;
  });
  svr.Get("/api/reviews",
          [&opt](const httplib::Request&, httplib::Response& res) { answer(res, get_reviews(opt.db_path)); });
  svr.Post("/api/review", [&opt](const httplib::Request& req, httplib::Response& res) {
    if (!same_origin(req)) {
      answer(res, api_error(403, "a review is accepted only from the page this server serves (Origin)",
                            "只接受本服务页面提交的审核结果"));
      return;
    }
    if (!starts_with(req.get_header_value("Content-Type"), "application/json")) {
      answer(res, api_error(415, "the body must be JSON (Content-Type: application/json)", "请求内容应为JSON"));
      return;
    }
    answer(res, post_review(opt.db_path, req.body));
  });
  svr.Get(R"(/.*)", [out](const httplib::Request& req, httplib::Response& res) {
    const ResolvedPath r = file_under(out, req.path);
    if (!r.file) {
      const bool forbidden = r.refusal == PathRefusal::Forbidden;
      answer(res, api_error(forbidden ? 403 : 404, r.why, forbidden ? "不允许访问该路径" : "没有这个文件"));
      return;
    }
    send_file(res, *r.file);
  });
  // Errors httplib answers by itself (a body over the limit: 413; an unknown route or method) get a JSON body too.
  svr.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    const ApiResponse api = res.status == 413   ? api_error(413, "request body too large", "请求内容过长")
                            : res.status == 404 ? api_error(404, "no such resource", "没有这个资源")
                                                : api_error(res.status, "bad request", "请求无效");
    res.set_header("Cache-Control", "no-store");
    res.set_content(api.body, kJson);
  });
  svr.set_exception_handler([](const httplib::Request&, httplib::Response& res, const std::exception_ptr&) {
    answer(res, api_error(500, "internal error", "服务内部错误"));
  });
}

}  // namespace

std::optional<std::string> serve_until_signalled(const ServeOptions& opt,
                                                 const std::function<void(const std::string& url)>& on_listening) {
  std::error_code ec;
  const fs::path out = fs::canonical(opt.out_dir, ec);
  if (ec || !fs::is_regular_file(out / "index.html", ec))
    return opt.out_dir + ": no index.html here (run jxaudit audit … -o " + opt.out_dir + " first)";
  if (opt.port < 0 || opt.port > 65535) return "--port must be 0 to 65535";

  // SIGINT and SIGTERM are blocked in this thread before the server's threads start (they inherit the mask), and
  // taken by `waiter` alone, which stops the server: no request is cut off by a signal handler.
  sigset_t stop_signals, previous;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, &previous);

  int port = opt.port;
  std::optional<std::string> error;
  {
    httplib::Server svr;
    wire(svr, opt, out, port);
    if (opt.port == 0)
      port = svr.bind_to_any_port("127.0.0.1");
    else if (!svr.bind_to_port("127.0.0.1", opt.port))
      port = -1;
    if (port <= 0) {
      error =
          "cannot listen on 127.0.0.1:" + std::to_string(opt.port) + " (is the port in use? --port 0 picks a free one)";
    } else {
      std::atomic<bool> listening_done{false}, signalled{false};
      std::thread waiter([&] {
        // Looks for a stop signal five times a second until the server has ended, by a signal or by itself.
        while (!listening_done.load()) {
          timespec tick{0, 200'000'000};
          if (sigtimedwait(&stop_signals, nullptr, &tick) <= 0) continue;
          signalled = true;
          // stop() has no effect until listen_after_bind() runs: repeat it until the server has stopped.
          while (!listening_done.load()) {
            svr.stop();
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
          }
        }
      });
      on_listening("http://127.0.0.1:" + std::to_string(port) + "/");
      const bool ok = svr.listen_after_bind();
      listening_done = true;
      if (!signalled && !ok) error = "the server stopped on an error";
      waiter.join();
    }
  }
  // A signal that came after the server stopped is discarded, not delivered when the mask is restored.
  timespec zero{0, 0};
  while (sigtimedwait(&stop_signals, nullptr, &zero) > 0) {
  }
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  return error;
}

}  // namespace jx::serve
