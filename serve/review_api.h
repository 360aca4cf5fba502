// The two JSON endpoints of `jxaudit serve`, as functions of the register and the request body, so that they can be
// tested without a socket. Each answers a status and a JSON body; an error body is {"error": "…"} in English for
// scripts, with "message" in Chinese for the page.
//
//   GET  /api/reviews  → 200 {"<finding id>": {"state", "note", "by", "at"}, …}  every decision in the register
//                      → 404 there is no register (the page then shows no review controls)
//   POST /api/review   {"id", "state": "confirmed"|"dismissed"|"open", "note"?, "by"?}
//                      → 200 {"id", "state", "note", "by", "at"}  the decision as stored (outputs::set_review)
//                      → 400 bad JSON, a missing or mistyped field, an unknown state, an over-long note or name
//                      → 404 no finding with that id in the register, or no register
//                      → 500 the register cannot be used (its message)
#pragma once

#include <cstddef>
#include <string>

namespace jx::serve {

struct ApiResponse {
  int status = 200;
  std::string body;  // JSON
};

// The longest note and reviewer's name a decision may carry, in bytes; the server refuses a larger request body.
inline constexpr std::size_t kMaxNoteBytes = 4096;
inline constexpr std::size_t kMaxByBytes = 200;
inline constexpr std::size_t kMaxReviewBodyBytes = 16384;

// {"error": error, "message": message} with `status`.
ApiResponse api_error(int status, const std::string& error, const std::string& message);

ApiResponse get_reviews(const std::string& db_path);
ApiResponse post_review(const std::string& db_path, const std::string& body);

}  // namespace jx::serve
