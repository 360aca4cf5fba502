// What can happen to one input file. Expected failures are values of this closed enum, never exceptions that
// escape a stage and never aborts: the batch turns each into one row with its message.
#pragma once

#include <string>

namespace jx {

enum class Outcome {
  Ok,
  NotFound,       // the path does not exist or cannot be opened
  NotPdf,         // no %PDF header
  Empty,          // zero bytes
  Damaged,        // Poppler could not open it (truncated, broken xref beyond repair)
  Encrypted,      // needs a password
  NoTextLayer,    // no usable text on the pages and OCR is not available for them
  NoTable,        // no self-evaluation table found
  LimitExceeded,  // a Limits value fired; the message names which
  Timeout,        // the batch's per-file time ran out
  Crashed,        // the worker process died (signal, memory cap)
  Internal,       // a bug: reported, never hidden
};

const char* to_string(Outcome o);  // stable snake_case id: "not_pdf", "encrypted", …

// For people: the outcome named by its id (to_string()) in Chinese, as a bureau's clerk would say it ("文件已加密，
// 需要密码"); an unknown id is returned as it is.
std::string outcome_label_zh(const std::string& id);

struct FileError {
  Outcome outcome = Outcome::Ok;
  std::string message;  // one line a person can act on, in the words of the problem ("encrypted: needs a password")
};

}  // namespace jx
