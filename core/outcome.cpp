#include "core/outcome.h"

namespace jx {

const char* to_string(Outcome o) {
  switch (o) {
    case Outcome::Ok:
      return "ok";
    case Outcome::NotFound:
      return "not_found";
    case Outcome::NotPdf:
      return "not_pdf";
    case Outcome::Empty:
      return "empty";
    case Outcome::Damaged:
      return "damaged";
    case Outcome::Encrypted:
      return "encrypted";
    case Outcome::NoTextLayer:
      return "no_text_layer";
    case Outcome::NoTable:
      return "no_table";
    case Outcome::LimitExceeded:
      return "limit_exceeded";
    case Outcome::Timeout:
      return "timeout";
    case Outcome::Crashed:
      return "crashed";
    case Outcome::Internal:
      return "internal";
  }
  return "internal";
}

}  // namespace jx
