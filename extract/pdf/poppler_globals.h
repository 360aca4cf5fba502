// Poppler's process-wide state, set up in exactly one place (poppler_globals.cpp).
//
// Poppler keeps a global `globalParams` object and a global error callback. jxaudit creates the first once,
// on first use, and installs the callback once so that Poppler's messages never reach stderr: they go to the
// warning list of the document the current thread is reading (a thread_local sink), or nowhere when no
// document is being read.
//
//   jx::extract::ensure_poppler_globals();
//   std::vector<std::string> warnings;
//   {
//     jx::extract::PopplerWarningSink sink(&warnings, limits.max_warnings_per_document);
//     auto doc = std::make_unique<PDFDoc>(...);   // its complaints land in `warnings`
//   }
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace jx::extract {

// Creates Poppler's globalParams and installs the error callback, once per process. Thread-safe; cheap after
// the first call.
void ensure_poppler_globals();

// Internal: where the installed callback sends each Poppler message (to the current thread's sink, if any).
void poppler_message(int category, long long pos, const char* msg);

// While alive, Poppler messages raised on this thread are appended to `*warnings` while it holds fewer than
// `max_kept` lines (Limits::max_warnings_per_document); further ones are counted and summarised in one line when
// the sink closes. Sinks nest: the previous one is restored on destruction.
class PopplerWarningSink {
 public:
  PopplerWarningSink(std::vector<std::string>* warnings, std::size_t max_kept);
  ~PopplerWarningSink();
  PopplerWarningSink(const PopplerWarningSink&) = delete;
  PopplerWarningSink& operator=(const PopplerWarningSink&) = delete;

  // The last message Poppler raised while this sink was active ("" if none), even if it was not kept.
  const std::string& last_message() const { return last_; }

 private:
  friend void poppler_message(int category, long long pos, const char* msg);
  std::vector<std::string>* warnings_;
  std::size_t max_kept_;
  PopplerWarningSink* previous_;
  std::string last_;
  std::size_t dropped_ = 0;
};

}  // namespace jx::extract
