// PDF page → grey PIX through Poppler's SplashOutputDev (the rasteriser pdftoppm uses).
#include "extract/render.h"

#include <ErrorCodes.h>
#include <PDFDoc.h>
#include <SplashOutputDev.h>
#include <goo/GooString.h>
#include <splash/SplashBitmap.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "extract/poppler_globals.h"

namespace jx::extract {

PageRenderer::PageRenderer() = default;
PageRenderer::~PageRenderer() = default;

FileError PageRenderer::open(const std::string& path, const Limits& limits) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return {Outcome::NotFound, "cannot read: " + path};
  if (size > limits.max_file_bytes) {
    return {Outcome::LimitExceeded, "limit max_file_bytes (" + std::to_string(limits.max_file_bytes) +
                                        ") exceeded: the file has " + std::to_string(size) + " bytes"};
  }
  ensure_poppler_globals();
  try {
    PopplerWarningSink sink(&warnings_);
    auto doc = std::make_unique<PDFDoc>(std::make_unique<GooString>(path));
    if (!doc->isOk()) {
      if (doc->getErrorCode() == errEncrypted) return {Outcome::Encrypted, "encrypted: needs a password"};
      std::string reason = "damaged: Poppler cannot open the file";
      if (!sink.last_message().empty()) reason += " (" + sink.last_message() + ")";
      return {Outcome::Damaged, reason};
    }
    if (doc->getNumPages() > limits.max_pages) {
      return {Outcome::LimitExceeded, "limit max_pages (" + std::to_string(limits.max_pages) +
                                          ") exceeded: the file has " + std::to_string(doc->getNumPages()) + " pages"};
    }
    doc_ = std::move(doc);
  } catch (const std::bad_alloc&) {
    return {Outcome::LimitExceeded, "out of memory while opening the PDF"};
  } catch (const std::exception& e) {
    return {Outcome::Internal, std::string("internal error while opening the PDF: ") + e.what()};
  }
  return {};
}

int PageRenderer::page_count() const { return doc_ ? doc_->getNumPages() : 0; }

RenderedPage PageRenderer::render(int page, const Limits& limits) {
  RenderedPage out;
  if (!doc_ || page < 1 || page > doc_->getNumPages() || doc_->getPage(page) == nullptr) {
    out.error = "page " + std::to_string(page) + " cannot be rendered: no such page";
    return out;
  }
  try {
    PopplerWarningSink sink(&warnings_);
    double w_pt = doc_->getPageCropWidth(page), h_pt = doc_->getPageCropHeight(page);
    if (doc_->getPageRotate(page) % 180 != 0) std::swap(w_pt, h_pt);
    if (!(w_pt > 0 && h_pt > 0) || w_pt > 14400 || h_pt > 14400) {
      out.error = "page " + std::to_string(page) + " has an unusable size";
      return out;
    }
    double dpi = std::max(limits.render_dpi, 1);
    double pixels = (w_pt * dpi / 72) * (h_pt * dpi / 72);
    if (pixels > static_cast<double>(limits.max_pixels_per_page)) {
      dpi = std::floor(72.0 * std::sqrt(static_cast<double>(limits.max_pixels_per_page) / (w_pt * h_pt)));
      out.warning = "page " + std::to_string(page) + " rendered at " + std::to_string(static_cast<int>(dpi)) +
                    " dpi: limit max_pixels_per_page (" + std::to_string(limits.max_pixels_per_page) + ")";
      if (dpi < 36) {
        out.error = "limit max_pixels_per_page (" + std::to_string(limits.max_pixels_per_page) + ") exceeded on page " +
                    std::to_string(page) + ": it cannot be rendered at a readable size";
        return out;
      }
    }
    SplashColor paper;
    paper[0] = 0xff;
    SplashOutputDev dev(splashModeMono8, 4, false, paper);
    dev.setFontAntialias(true);
    dev.setVectorAntialias(true);
    dev.startDoc(doc_.get());
    doc_->displayPage(&dev, page, dpi, dpi, 0, false, true, false);
    SplashBitmap* bmp = dev.getBitmap();
    if (bmp == nullptr || bmp->getWidth() <= 0 || bmp->getHeight() <= 0) {
      out.error = "page " + std::to_string(page) + " rendered to nothing";
      return out;
    }
    int w = bmp->getWidth(), h = bmp->getHeight();
    PixPtr pix(pixCreate(w, h, 8));
    if (!pix) {
      out.error = "page " + std::to_string(page) + ": out of memory for the rendered image";
      return out;
    }
    const unsigned char* src = bmp->getDataPtr();
    int row_size = bmp->getRowSize();
    l_uint32* data = pixGetData(pix.get());
    int wpl = pixGetWpl(pix.get());
    for (int y = 0; y < h; ++y) {
      const unsigned char* s = src + static_cast<std::ptrdiff_t>(y) * row_size;
      l_uint32* line = data + static_cast<std::ptrdiff_t>(y) * wpl;
      for (int x = 0; x < w; ++x) SET_DATA_BYTE(line, x, s[x]);
    }
    pixSetResolution(pix.get(), static_cast<int>(dpi), static_cast<int>(dpi));
    out.pix = std::move(pix);
    out.dpi = dpi;
  } catch (const std::bad_alloc&) {
    out.error = "page " + std::to_string(page) + ": out of memory while rendering";
  } catch (const std::exception& e) {
    out.error = "page " + std::to_string(page) + ": internal error while rendering: " + e.what();
  }
  return out;
}

}  // namespace jx::extract
