#include "outputs/evidence.h"

#include <PDFDoc.h>
#include <SplashOutputDev.h>
#include <leptonica/allheaders.h>
#include <splash/SplashBitmap.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

#include "core/limits.h"
#include "extract/pdf/pix.h"
#include "extract/pdf/poppler_session.h"

namespace jx::outputs {
namespace {

bool usable(const extract::Box& b) {
  return std::isfinite(b.x0) && std::isfinite(b.y0) && std::isfinite(b.x1) && std::isfinite(b.y1) && b.x1 > b.x0 &&
         b.y1 > b.y0;
}

struct PixelRect {
  int x = 0, y = 0, w = 0, h = 0;
};

// PNG bytes of the part `crop` of an RGB8 Splash bitmap, as an 8-bit palette image (254 greys and red: a third of
// the size of RGB, and enough to read a table row), with `frame` (bitmap pixels; x1, y1 inclusive) outlined in red.
std::string encode_png(SplashBitmap& bitmap, const PixelRect& crop, int fx0, int fy0, int fx1, int fy1) {
  if (bitmap.getMode() != splashModeRGB8 || crop.w <= 0 || crop.h <= 0 || crop.x < 0 || crop.y < 0 ||
      crop.x + crop.w > bitmap.getWidth() || crop.y + crop.h > bitmap.getHeight())
    return {};
  extract::PixPtr pix(pixCreate(crop.w, crop.h, 8));
  if (!pix) return {};
  PIXCMAP* cmap = pixcmapCreate(8);
  if (!cmap) return {};
  constexpr int kRed = 255;
  for (int i = 0; i < kRed; ++i) {
    int g = i * 255 / (kRed - 1);
    pixcmapAddColor(cmap, g, g, g);
  }
  pixcmapAddColor(cmap, 220, 0, 0);
  pixSetColormap(pix.get(), cmap);  // the pix owns it now
  l_uint32* data = pixGetData(pix.get());
  int wpl = pixGetWpl(pix.get());
  const unsigned char* src = bitmap.getDataPtr();
  for (int cy = 0; cy < crop.h; ++cy) {
    int y = crop.y + cy;
    const unsigned char* row = src + static_cast<std::ptrdiff_t>(y) * bitmap.getRowSize();
    l_uint32* line = data + static_cast<std::ptrdiff_t>(cy) * wpl;
    for (int cx = 0; cx < crop.w; ++cx) {
      int x = crop.x + cx;
      bool edge = ((x == fx0 || x == fx1) && y >= fy0 && y <= fy1) || ((y == fy0 || y == fy1) && x >= fx0 && x <= fx1);
      int index = kRed;
      if (!edge) {
        const unsigned char* px = row + 3 * static_cast<std::size_t>(x);
        int grey = (299 * px[0] + 587 * px[1] + 114 * px[2]) / 1000;
        index = (grey * (kRed - 1) + 127) / 255;
      }
      SET_DATA_BYTE(line, cx, index);
    }
  }
  l_uint8* bytes = nullptr;
  size_t size = 0;
  if (pixWriteMem(&bytes, &size, pix.get(), IFF_PNG) != 0 || !bytes) return {};
  std::string out(reinterpret_cast<const char*>(bytes), size);
  lept_free(bytes);
  return out;
}

}  // namespace

std::vector<std::optional<EvidenceRegion>> evidence_regions(const audit::Report& report) {
  std::vector<std::optional<EvidenceRegion>> out;
  out.reserve(report.findings.size());
  for (const auto& f : report.findings) {
    std::optional<EvidenceRegion> region;
    if (f.page > 0 && f.bbox && usable(*f.bbox)) {
      region = EvidenceRegion{f.page, *f.bbox};
    } else if (f.indicator) {
      for (const auto& ind : report.indicators) {
        if (ind.name == *f.indicator && ind.page > 0 && usable(ind.row_box) && (f.page == 0 || f.page == ind.page)) {
          region = EvidenceRegion{ind.page, ind.row_box};
          break;
        }
      }
    } else if (f.rule.rfind("budget.", 0) == 0 && report.budget.page > 0 && usable(report.budget.row_box)) {
      region = EvidenceRegion{report.budget.page, report.budget.row_box};
    }
    out.push_back(region);
  }
  return out;
}

std::vector<std::string> render_evidence_pngs(const std::string& pdf_path,
                                              const std::vector<std::optional<EvidenceRegion>>& regions,
                                              const Limits& limits, const EvidenceOptions& options) {
  std::vector<std::string> out(regions.size());
  if (std::none_of(regions.begin(), regions.end(), [](const auto& r) { return r.has_value(); })) return out;
  std::vector<std::string> ignored;  // Poppler's complaints were already reported when the file was read
  extract::PopplerWarningSink sink(&ignored, limits.max_warnings_per_document);
  extract::OpenedDocument opened = extract::open_document(pdf_path, limits, sink);
  if (!opened.doc) return out;
  PDFDoc* doc = opened.doc.get();
  int pages = doc->getNumPages();
  SplashColor paper;
  paper[0] = paper[1] = paper[2] = 255;
  auto dev = std::make_unique<SplashOutputDev>(splashModeRGB8, 1, false, paper);
  dev->startDoc(doc);
  const double scale = options.dpi / 72.0;

  // Each region's crop (padded, clipped to the page, capped in size) and frame, in pixels of its whole page.
  struct Job {
    std::size_t index;
    PixelRect crop;
    int fx0, fy0, fx1, fy1;
  };
  std::map<int, std::vector<Job>> by_page;
  for (std::size_t i = 0; i < regions.size(); ++i) {
    if (!regions[i]) continue;
    const auto& r = *regions[i];
    if (r.page < 1 || r.page > pages) continue;
    double pw = doc->getPageCropWidth(r.page), ph = doc->getPageCropHeight(r.page);
    if (doc->getPageRotate(r.page) % 180 != 0) std::swap(pw, ph);
    double x0 = std::max(0.0, r.box.x0 - options.pad_points), y0 = std::max(0.0, r.box.y0 - options.pad_points);
    double x1 = std::min(pw, r.box.x1 + options.pad_points), y1 = std::min(ph, r.box.y1 + options.pad_points);
    if (!(x1 > x0 && y1 > y0)) continue;
    Job job{i, {}, 0, 0, 0, 0};
    job.crop.x = static_cast<int>(std::floor(x0 * scale));
    job.crop.y = static_cast<int>(std::floor(y0 * scale));
    job.crop.w = std::min(limits.max_evidence_width_px, static_cast<int>(std::ceil(x1 * scale)) - job.crop.x);
    job.crop.h = std::min(limits.max_evidence_height_px, static_cast<int>(std::ceil(y1 * scale)) - job.crop.y);
    if (job.crop.w <= 0 || job.crop.h <= 0) continue;
    job.fx0 = static_cast<int>(std::floor(r.box.x0 * scale));
    job.fy0 = static_cast<int>(std::floor(r.box.y0 * scale));
    job.fx1 = static_cast<int>(std::ceil(r.box.x1 * scale));
    job.fy1 = static_cast<int>(std::ceil(r.box.y1 * scale));
    by_page[r.page].push_back(job);
  }

  // One rendering per page: the band covering all of that page's crops (rows of one table are usually close).
  for (const auto& [page, jobs] : by_page) {
    int ux0 = jobs.front().crop.x, uy0 = jobs.front().crop.y;
    int ux1 = ux0 + jobs.front().crop.w, uy1 = uy0 + jobs.front().crop.h;
    for (const auto& j : jobs) {
      ux0 = std::min(ux0, j.crop.x);
      uy0 = std::min(uy0, j.crop.y);
      ux1 = std::max(ux1, j.crop.x + j.crop.w);
      uy1 = std::max(uy1, j.crop.y + j.crop.h);
    }
    doc->displayPageSlice(dev.get(), page, options.dpi, options.dpi, 0, false, true, false, ux0, uy0, ux1 - ux0,
                          uy1 - uy0);
    SplashBitmap* bitmap = dev->getBitmap();
    if (!bitmap) continue;
    for (const auto& j : jobs) {
      PixelRect crop{j.crop.x - ux0, j.crop.y - uy0, j.crop.w, j.crop.h};
      out[j.index] = encode_png(*bitmap, crop, j.fx0 - ux0, j.fy0 - uy0, j.fx1 - ux0, j.fy1 - uy0);
    }
  }
  return out;
}

}  // namespace jx::outputs
