// OCR of one page of a PDF through jxaudit's OCR path, for bench/ocr_speed.sh: engine set-up, render, deskew, OSD,
// ruling lines and the readings of every cell, exactly what the pipeline runs for a scanned page.
//   ocr_page_bench FILE.pdf PAGE      prints "segments glyphs tables warm_wall warm_cpu"
// The page is read twice in the one process: the first reading starts the engines (Tesseract's models, the line
// recognizer's graphs, each loaded on first use); the second is what the page costs a batch worker whose engines
// are already started, and its wall and CPU seconds are the last two figures.
#include <time.h>

#include <cstdio>
#include <cstdlib>

#include "extract/grid/grid.h"
#include "extract/ocr/ocr.h"

namespace {

double seconds(clockid_t clock) {
  timespec t{};
  clock_gettime(clock, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

}  // namespace

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
  const int page_number = std::atoi(argv[2]);
  auto cold = jx::extract::ocr_pages(argv[1], {page_number}, engine, limits);
  if (cold.error.outcome != jx::Outcome::Ok || cold.pages.empty()) {
    std::fprintf(stderr, "%s\n", cold.error.message.c_str());
    return 1;
  }
  const double wall0 = seconds(CLOCK_MONOTONIC), cpu0 = seconds(CLOCK_PROCESS_CPUTIME_ID);
  auto r = jx::extract::ocr_pages(argv[1], {page_number}, engine, limits);
  const double wall = seconds(CLOCK_MONOTONIC) - wall0, cpu = seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
  if (r.error.outcome != jx::Outcome::Ok || r.pages.empty()) {
    std::fprintf(stderr, "%s\n", r.error.message.c_str());
    return 1;
  }
  const auto& page = r.pages.front();
  auto tables = jx::extract::build_page_tables(page, limits);
  std::printf("%zu %zu %zu %.3f %.3f\n", page.segments.size(), page.glyphs.size(), tables.size(), wall, cpu);
  return 0;
}
