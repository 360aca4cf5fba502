// The one way jxaudit opens a PDF with Poppler: the process-wide state set up once, and every document opened with
// the same checks (the reader, the OCR renderer and the evidence crops all call open_document()).
//
// Poppler keeps a global `globalParams` object and a global error callback. jxaudit creates the first once,
// on first use, and installs the callback once so that Poppler's messages never reach stderr: they go to the
// warning list of the document the current thread is reading (a thread_local sink), or nowhere when no
// document is being read.
//
//   std::vector<std::string> warnings;
//   jx::extract::PopplerWarningSink sink(&warnings, limits.max_warnings_per_document);
//   auto opened = jx::extract::open_document(path, limits, sink);   // its complaints land in `warnings`
//   if (!opened.doc) return opened.error;                           // "encrypted: needs a password", …
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "core/limits.h"
#include "core/outcome.h"

class PDFDoc;

namespace jx::extract {

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

struct OpenedDocument {
  std::unique_ptr<PDFDoc> doc;  // set exactly when error.outcome is Outcome::Ok
  FileError error;
};

// Opens the PDF at `path`, checking in this order: it exists and is a regular file that can be read (else
// NotFound), it is not empty (Empty), "%PDF-" occurs in its first 1024 bytes (NotPdf), it is at most
// limits.max_file_bytes (LimitExceeded); then Poppler opens it: a password is needed (Encrypted), Poppler refuses it
// (Damaged, with Poppler's reason and the last message it raised); it has more than limits.max_pages pages
// (LimitExceeded) or none (Damaged). Each message names the problem and, for a limit, the limit and its value.
// `sink` must be this thread's active sink (the innermost alive): Poppler's complaints while opening go where it
// sends them. Throws only std::bad_alloc.
OpenedDocument open_document(const std::string& path, const Limits& limits, const PopplerWarningSink& sink);

}  // namespace jx::extract
