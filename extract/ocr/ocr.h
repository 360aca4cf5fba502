// The OCR path, for pages whose text layer is empty or garbage (scans, broken fonts): render the page through
// Poppler, clean and deskew it with Leptonica, find the ruling lines morphologically, and read the text of each cell
// (and of the narrative outside the table) with Tesseract. It produces the same `Page` the text path produces —
// segments and glyphs in points — so everything from the grid on is shared code.
//
//   jx::extract::OcrEngine engine;                    // one per worker: Tesseract is set up once
//   if (!engine.ok()) ... engine.error()              // chi_sim missing, …
//   auto pages = jx::extract::ocr_pages("scan.pdf", {1, 2}, engine, limits);
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/limits.h"
#include "core/outcome.h"
#include "extract/page.h"

namespace jx::extract {

// Owns one Tesseract engine (chi_sim, one thread). Not copyable; not thread-safe: one per worker process.
class OcrEngine {
 public:
  OcrEngine();
  ~OcrEngine();
  OcrEngine(const OcrEngine&) = delete;
  OcrEngine& operator=(const OcrEngine&) = delete;

  bool ok() const;
  const std::string& error() const;

  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

struct OcrResult {
  std::vector<Page> pages;            // in the order asked; Page::from_ocr is true; glyph confidence from Tesseract
  FileError error;                    // Outcome::Ok unless the file could not be rendered
  std::vector<std::string> warnings;  // e.g. "page 3 turned by 90° (OSD)", "page 2 deskewed by 1.4°"
};

// Renders and reads the given 1-based pages of `path`.
OcrResult ocr_pages(const std::string& path, const std::vector<int>& page_numbers, OcrEngine& engine,
                    const Limits& limits);

}  // namespace jx::extract
