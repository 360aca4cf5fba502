// Internal to the OCR path: PDF page → 8-bit grey Leptonica image, through Poppler's Splash rasteriser, or for a scan
// its image enlarged exactly as Splash would.
//
//   PageRenderer r;
//   if (auto err = r.open("scan.pdf", limits); err.outcome != Outcome::Ok) return err;
//   RenderedPage p = r.render(2, limits);   // p.pix is null when the page could not be rendered (p.error says why)
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/limits.h"
#include "core/outcome.h"
#include "extract/pdf/pix.h"

class PDFDoc;

namespace jx::extract {

struct RenderedPage {
  PixPtr pix;      // 8 bpp grey, white paper; null on failure
  double dpi = 0;  // pixels per inch actually used (Limits::render_dpi, lowered to honour max_pixels_per_page)
  // True when the page is a scan (one image filling it, nothing else drawn): then `pix` is that image enlarged as
  // Splash would enlarge it, the same pixels at a fifth of the cost, instead of the page rasterised.
  bool scan = false;
  // A scan's own resolution: its image's pixels per inch as the page places it (the coarser axis); 0 when the page
  // was rasterised.
  double source_dpi = 0;
  std::string error;
  std::string warning;  // set when the resolution was lowered
};

// How a page becomes an image: a scan's image enlarged when the page is one (RenderedPage::scan), else rasterised;
// or always rasterised.
enum class RenderMode { Auto, Rasterise };

// Opens one PDF and renders its pages with the page rotation and crop box applied, exactly the frame
// read_pdf() reports glyphs and segments in (so a pixel (x, y) is the point (x·72/dpi, y·72/dpi)).
class PageRenderer {
 public:
  PageRenderer();
  ~PageRenderer();
  PageRenderer(const PageRenderer&) = delete;
  PageRenderer& operator=(const PageRenderer&) = delete;

  // Ok, or the outcome and message of open_document() (poppler_session.h) for a file that cannot be read.
  FileError open(const std::string& path, const Limits& limits);
  int page_count() const;

  // Renders one 1-based page at Limits::render_dpi, or lower so that width × height stays within
  // Limits::max_pixels_per_page (an error below Limits::min_render_dpi); a page wider or taller than
  // Limits::max_page_points is not rendered. Never throws.
  RenderedPage render(int page, const Limits& limits, RenderMode mode = RenderMode::Auto);

  std::vector<std::string>& warnings() { return warnings_; }  // Poppler's complaints while opening/rendering

 private:
  std::unique_ptr<PDFDoc> doc_;
  std::vector<std::string> warnings_;
};

}  // namespace jx::extract
