// Cuts cell crops for tests/extract/ocr_steps_test.cpp out of a scanned sample, as the OCR path sees the page when it
// reads its cells (extract/ocr/ocr.cpp: rendered, deskewed, rulings whitened; ink thresholded 20 grey levels above
// the page's threshold, rulings removed).
// Built by hand against a release build (not part of the CMake build):
//   g++ -std=c++20 -I. tests/data/ocr/cut_crops.cpp -o /tmp/cut_crops build/extract/libjx_ocr_reader.a \
//       build/extract/libjx_extract.a build/core/libjx_core.a $(pkg-config --cflags --libs tesseract lept poppler
//       icu-uc) -lopencv_dnn -lopencv_core
//   (the OCR library holds the line model, which runs under OpenCV's DNN module)
//   cut_crops FILE.pdf PAGE                 lists the cells: index, box (pixels), chi_sim's reading
//   cut_crops FILE.pdf PAGE INDEX OUT [X Y W H]
//                                           writes OUT.png (8 bpp grey) and OUT.ink.png (1 bpp ink) of that cell, or
//                                           of the box X Y W H inside it (pixels from the cell's top-left)
#include <tesseract/baseapi.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "extract/ocr/image_lines.h"
#include "extract/ocr/internal/pen_marks.h"
#include "extract/ocr/ocr_cells.h"
#include "extract/pdf/render.h"

using namespace jx::extract;

int main(int argc, char** argv) {
  if (argc != 3 && argc != 5 && argc != 9) return 2;
  jx::Limits limits;
  PageRenderer renderer;
  if (renderer.open(argv[1], limits).outcome != jx::Outcome::Ok) return 1;
  RenderedPage rendered = renderer.render(std::atoi(argv[2]), limits);
  if (!rendered.pix) return 1;
  double dpi = rendered.dpi;
  PixPtr grey = std::move(rendered.pix);
  int threshold = ink_threshold(grey.get());
  PixPtr bin = binarise_at(grey.get(), threshold);
  SkewEstimate skew = find_skew(bin.get(), 3.0);  // ocr.cpp's kMaxSkewDegrees and the tests that follow it
  if (skew.found && skew.confidence >= 2.0 && std::abs(skew.degrees) >= 0.05) {
    grey = rotate_by(grey.get(), -skew.degrees);
    threshold = ink_threshold(grey.get());
    bin = binarise_at(grey.get(), threshold);
  }
  RulingLines lines = detect_ruling_lines(bin.get(), dpi);
  int width = pixGetWidth(grey.get()), height = pixGetHeight(grey.get());
  std::vector<PixelBox> cells = enclosed_regions(lines, width, height, dpi);
  PixPtr clean(pixCopy(nullptr, grey.get()));
  PixPtr faint = binarise_at(grey.get(), threshold, 20);  // ocr.cpp's kInkLift
  PixPtr ink = without_rulings(faint.get(), lines);
  if (lines.mask) pixPaintThroughMask(clean.get(), lines.mask.get(), 0, 0, 0xff);
  // A pen's strokes left out as ocr.cpp leaves them out (JX_KEEP_PEN=1: kept, to cut the crops a test gives it).
  if (std::getenv("JX_KEEP_PEN") == nullptr) ocr::remove_pen_marks(grey.get(), ink.get(), clean.get(), cells, dpi);
  std::printf("dpi %.1f, skew %.2f, threshold %d, line height %d\n", dpi, skew.degrees, threshold,
              typical_line_height(ink.get(), cells, dpi));
  if (argc == 3) {
    tesseract::TessBaseAPI api;
    if (api.Init("/usr/share/tesseract-ocr/5/tessdata", "chi_sim", tesseract::OEM_LSTM_ONLY) != 0) return 1;
    OcrApis apis{&api, {}};
    for (std::size_t i = 0; i < cells.size(); ++i) {
      std::string text;
      for (const Glyph& g : read_region(apis, clean.get(), ink.get(), cells[i], dpi, RegionKind::Cell)) text += g.text;
      std::printf("%zu\t%d,%d %dx%d\t%s\n", i, cells[i].x, cells[i].y, cells[i].w, cells[i].h, text.c_str());
    }
    return 0;
  }
  PixelBox c = cells.at(std::stoul(argv[3]));
  if (argc == 9)
    c = PixelBox{c.x + std::atoi(argv[5]), c.y + std::atoi(argv[6]), std::atoi(argv[7]), std::atoi(argv[8])};
  BoxPtr box(boxCreate(c.x, c.y, c.w, c.h));
  PixPtr g(pixClipRectangle(clean.get(), box.get(), nullptr)), k(pixClipRectangle(ink.get(), box.get(), nullptr));
  std::string out = argv[4];
  pixWritePng((out + ".png").c_str(), g.get(), 0);
  pixWritePng((out + ".ink.png").c_str(), k.get(), 0);
  PixPtr zoom(pixScale(g.get(), 4, 4));  // for looking at, not committed
  pixWritePng((out + ".x4.png").c_str(), zoom.get(), 0);
  std::printf("cell %s: %d,%d %dx%d\n", argv[3], c.x, c.y, c.w, c.h);
  return 0;
}
