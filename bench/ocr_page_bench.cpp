// OCR of one page of a PDF through jxaudit's OCR path, for bench/ocr_speed.sh: engine set-up, render, deskew, OSD,
// ruling lines and Tesseract per cell, exactly what the pipeline runs for a scanned page.
//   ocr_page_bench FILE.pdf PAGE      prints "segments glyphs tables" of the page
#include <cstdio>
#include <cstdlib>

#include "extract/grid/grid.h"
#include "extract/ocr/ocr.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: ocr_page_bench FILE.pdf PAGE\n");
    return 2;
  }
  jx::extract::OcrEngine engine;
  if (!engine.ok()) {
    std::fprintf(stderr, "%s\n", engine.error().c_str());
    return 1;
  }
  jx::Limits limits;
  auto r = jx::extract::ocr_pages(argv[1], {std::atoi(argv[2])}, engine, limits);
  if (r.error.outcome != jx::Outcome::Ok || r.pages.empty()) {
    std::fprintf(stderr, "%s\n", r.error.message.c_str());
    return 1;
  }
  const auto& page = r.pages.front();
  auto tables = jx::extract::build_page_tables(page, limits);
  std::printf("%zu %zu %zu\n", page.segments.size(), page.glyphs.size(), tables.size());
  return 0;
}
