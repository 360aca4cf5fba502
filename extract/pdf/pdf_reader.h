// Stage 1: PDF → pages. Opens a file with Poppler's core API and walks each page once, collecting in that one
// pass the drawn characters (with per-character boxes) and the ruling segments of the vector drawing.
// No page is rasterised here.
//
//   auto r = jx::extract::read_pdf("samples/x.pdf", jx::Limits{});
//   if (!r.ok()) std::cerr << r.error.message;   // "encrypted: needs a password", "not a PDF file", …
#pragma once

#include <optional>
#include <string>

#include "core/limits.h"
#include "core/outcome.h"
#include "extract/page.h"

namespace jx::extract {

struct ReadResult {
  std::optional<Document> document;
  FileError error;  // Outcome::Ok when document is set
  bool ok() const { return document.has_value(); }
};

// Before a page is displayed, everything it can run is measured against the Limits (decoded content bytes, image
// sizes, tiling-pattern cells); while it is displayed, glyphs, segments and graphics-state saves are counted. A
// limit that fires makes the whole file Outcome::LimitExceeded, with a message naming the limit and the page.
// Never throws and never aborts on a bad file. The file is opened by open_document() (poppler_session.h), which
// names the outcome of a file that cannot be read; messages Poppler would print become Document::warnings.
ReadResult read_pdf(const std::string& path, const Limits& limits);

}  // namespace jx::extract
