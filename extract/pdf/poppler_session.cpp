// The one place where jxaudit touches Poppler's process-global settings (globalParams and the error callback), and
// the one place where it creates a PDFDoc.
#include "extract/pdf/poppler_session.h"

#include <Error.h>
#include <ErrorCodes.h>
#include <GlobalParams.h>
#include <PDFDoc.h>
#include <goo/GooString.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <string_view>

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

// Creates Poppler's globalParams and installs the error callback, once per process. Thread-safe; cheap after the
// first call.
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

OpenedDocument failure(Outcome outcome, std::string message) {
  OpenedDocument r;
  r.error = {outcome, std::move(message)};
  return r;
}

std::string open_error_reason(int code) {
  switch (code) {
    case errOpenFile:
      return "the file cannot be opened";
    case errBadCatalog:
      return "its page catalog cannot be read";
    case errDamaged:
      return "the file is damaged and could not be repaired";
    case errFileIO:
      return "read error";
    default:
      return "Poppler error code " + std::to_string(code);
  }
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

OpenedDocument open_document(const std::string& path, const Limits& limits, const PopplerWarningSink& sink) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) return failure(Outcome::NotFound, "not found: " + path);
  if (!fs::is_regular_file(st)) return failure(Outcome::NotFound, "not a regular file: " + path);
  std::uintmax_t size = fs::file_size(path, ec);
  if (ec) return failure(Outcome::NotFound, "cannot read: " + path);
  if (size == 0) return failure(Outcome::Empty, "empty file (0 bytes)");
  {
    std::ifstream in(path, std::ios::binary);
    if (!in) return failure(Outcome::NotFound, "cannot open: " + path);
    char head[1024];
    in.read(head, sizeof head);
    std::string_view view(head, static_cast<std::size_t>(in.gcount()));
    if (view.find("%PDF-") == std::string_view::npos) {
      return failure(Outcome::NotPdf, "not a PDF file (no %PDF- header in the first 1024 bytes)");
    }
  }
  if (size > limits.max_file_bytes) {
    return failure(Outcome::LimitExceeded, limit_exceeded("max_file_bytes", std::to_string(limits.max_file_bytes)) +
                                               ": the file has " + std::to_string(size) + " bytes");
  }

  ensure_poppler_globals();
  auto pdf = std::make_unique<PDFDoc>(std::make_unique<GooString>(path));
  if (!pdf->isOk()) {
    int code = pdf->getErrorCode();
    if (code == errEncrypted) return failure(Outcome::Encrypted, "encrypted: needs a password");
    std::string reason = open_error_reason(code);
    if (!sink.last_message().empty()) reason += " (" + sink.last_message() + ")";
    return failure(Outcome::Damaged, "damaged: " + reason);
  }
  int pages = pdf->getNumPages();
  if (pages > limits.max_pages) {
    return failure(Outcome::LimitExceeded, limit_exceeded("max_pages", std::to_string(limits.max_pages)) +
                                               ": the file has " + std::to_string(pages) + " pages");
  }
  if (pages <= 0) return failure(Outcome::Damaged, "damaged: the file has no pages");
  OpenedDocument r;
  r.doc = std::move(pdf);
  return r;
}

}  // namespace jx::extract
