// The one place where jxaudit touches Poppler's process-global settings (globalParams and the error callback).
#include "extract/pdf/poppler_globals.h"

#include <Error.h>
#include <GlobalParams.h>

#include <memory>
#include <mutex>

namespace jx::extract {

namespace {

thread_local PopplerWarningSink* current_sink = nullptr;

const char* category_name(int category) {
  switch (category) {
    case errSyntaxWarning:
      return "syntax warning";
    case errSyntaxError:
      return "syntax error";
    case errConfig:
      return "config error";
    case errIO:
      return "I/O error";
    case errNotAllowed:
      return "not allowed";
    case errUnimplemented:
      return "unimplemented feature";
    case errInternal:
      return "internal error";
    default:
      return "error";
  }
}

void on_poppler_error(ErrorCategory category, Goffset pos, const char* msg) {
  poppler_message(static_cast<int>(category), static_cast<long long>(pos), msg);
}

}  // namespace

void poppler_message(int category, long long pos, const char* msg) {
  PopplerWarningSink* sink = current_sink;
  if (sink == nullptr || msg == nullptr) return;
  std::string text = std::string("pdf ") + category_name(category);
  if (pos >= 0) text += " at byte " + std::to_string(pos);
  text += ": ";
  text += msg;
  sink->last_ = msg;
  if (sink->warnings_ == nullptr) return;
  if (sink->warnings_->size() < sink->max_kept_) {
    sink->warnings_->push_back(std::move(text));
  } else {
    ++sink->dropped_;
  }
}

void ensure_poppler_globals() {
  // Poppler reads globalParams (font and CMap lookup, poppler-data) from every document; it must exist before
  // the first PDFDoc and live for the rest of the process. The error callback is process-wide too: installing
  // it here, once, is what keeps Poppler from printing to stderr.
  static std::once_flag once;
  std::call_once(once, [] {
    // The OCR module (libjx_ocr.so) carries its own copy of this file; Poppler's globals are one per process, so
    // only the first copy to run sets them up and owns the error callback.
    if (globalParams) return;
    globalParams = std::make_unique<GlobalParams>();
    setErrorCallback(&on_poppler_error);
  });
}

PopplerWarningSink::PopplerWarningSink(std::vector<std::string>* warnings, std::size_t max_kept)
    : warnings_(warnings), max_kept_(max_kept), previous_(current_sink) {
  current_sink = this;
}

PopplerWarningSink::~PopplerWarningSink() {
  if (dropped_ > 0 && warnings_ != nullptr) {
    warnings_->push_back("pdf: " + std::to_string(dropped_) + " more Poppler messages not shown");
  }
  current_sink = previous_;
}

}  // namespace jx::extract
