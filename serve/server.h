// `jxaudit serve OUT`: the batch's index page and the files it links, served on 127.0.0.1 only, with the review
// endpoints of serve/review_api.h writing to the register. What it serves:
//   GET  /                 OUT/index.html
//   GET  /<path>           a regular file under OUT (serve/out_path.h says which are refused: 403, or 404)
//   GET  /api/reviews      every review decision of the register (the page shows them over its embedded states)
//   POST /api/review       one decision, as `jxaudit review set` records it
// Every request must name this server in its Host header (127.0.0.1:PORT or localhost:PORT, against DNS
// rebinding); a POST must also come from the page's own origin (Origin http://<Host>) with a JSON body
// (Content-Type application/json) of at most kMaxReviewBodyBytes. Errors are JSON {"error", "message"}.
//
//   jx::serve::ServeOptions opt{"OUT", "OUT/jxaudit.sqlite", 0};
//   auto error = jx::serve::serve_until_signalled(opt, [](const std::string& url) { std::cerr << url << "\n"; });
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace jx::serve {

inline constexpr int kDefaultPort = 8765;

struct ServeOptions {
  std::string out_dir;      // holds index.html
  std::string db_path;      // the register the review endpoints read and write
  int port = kDefaultPort;  // 0: a free port the system picks
};

// Serves `opt.out_dir` on 127.0.0.1 until the process gets SIGINT or SIGTERM (blocked in every thread of the
// server and taken by one thread that waits for them and stops it: a request in progress is finished, and the
// database is never left mid-write; the signal mask is restored on return).
// `on_listening` is called once with the page's URL ("http://127.0.0.1:8765/") when the port is bound. Returns a
// message when the server cannot start (no OUT/index.html, the port in use); nullopt after a clean stop.
std::optional<std::string> serve_until_signalled(const ServeOptions& opt,
                                                 const std::function<void(const std::string& url)>& on_listening);

}  // namespace jx::serve
