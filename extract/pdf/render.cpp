// PDF page → grey PIX through Poppler's SplashOutputDev (the rasteriser pdftoppm uses); a scanned page's image is
// read through Poppler's image decoders and enlarged here the way Splash enlarges it.
#include "extract/pdf/render.h"

#include <GfxState.h>
#include <OutputDev.h>
#include <PDFDoc.h>
#include <SplashOutputDev.h>
#include <Stream.h>
#include <fcntl.h>
#include <splash/SplashBitmap.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <vector>

#include "extract/pdf/poppler_session.h"

namespace jx::extract {

namespace {

// Row `y` of the 8 bpp `pix` set from `bytes` (one per pixel, the row's width of them).
void set_row(PIX* pix, int y, const unsigned char* bytes) {
  l_uint32* line = pixGetData(pix) + static_cast<std::ptrdiff_t>(y) * pixGetWpl(pix);
  for (int x = 0, w = pixGetWidth(pix); x < w; ++x) SET_DATA_BYTE(line, x, bytes[x]);
}

// Where a scan lies on its rendered page: the page image is width × height pixels, and the scan is stretched over
// drawn_width × drawn_height pixels from (left, top), which is (0, 0) or (-1, -1) (Poppler rounds the page's
// fractional size in pixels one way and the image's edges another; what falls outside the page is cut off).
struct ScanPlacement {
  int width = 0, height = 0;
  int left = 0, top = 0;
  int drawn_width = 0, drawn_height = 0;
  bool interpolate = false;  // the image's /Interpolate
};

// Watches what a page draws, in the pixels of the page rendered at the resolution it is displayed at. When the page
// is a scan (one image, upright, filling the page, and nothing else drawn but invisible text) it keeps that image's
// pixels as 8 bpp grey, and where Splash would put them; anything else (a stroke, a fill, visible text, a second
// image, a mask, an image rotated, flipped, clipped or not filling the page) leaves it without, and the page is
// rasterised instead.
class ScanCapture : public OutputDev {
 public:
  explicit ScanCapture(std::size_t max_pixels) : max_pixels_(max_pixels) {}

  // The page's size in pixels, rounded as SplashOutputDev::startPage rounds it.
  void startPage(int, GfxState* state, XRef*) override {
    // NOLINTBEGIN(bugprone-incorrect-roundings): Splash's own rounding, copied so that the pixels are the same
    placement_.width = static_cast<int>(state->getPageWidth() + 0.5);
    placement_.height = static_cast<int>(state->getPageHeight() + 0.5);
    // NOLINTEND(bugprone-incorrect-roundings)
  }
  bool upsideDown() override { return true; }
  bool useDrawChar() override { return true; }
  bool interpretType3Chars() override { return false; }

  void stroke(GfxState*) override { other_ = true; }
  void fill(GfxState*) override { other_ = true; }
  void eoFill(GfxState*) override { other_ = true; }
  void drawChar(GfxState* state, double, double, double, double, double, double, CharCode, int, const Unicode*,
                int) override {
    if ((state->getRender() & 3) != 3) other_ = true;  // render mode 3 and 7 draw nothing (an OCR text layer)
  }
  void setSoftMask(GfxState*, const double*, bool, Function*, GfxColor*) override { other_ = true; }
  // The base class skips an inline image's data, which the content stream's parser needs.
  void drawImageMask(GfxState* state, Object* ref, Stream* str, int width, int height, bool invert, bool interpolate,
                     bool inline_image) override {
    other_ = true;
    OutputDev::drawImageMask(state, ref, str, width, height, invert, interpolate, inline_image);
  }
  void setSoftMaskFromImageMask(GfxState* state, Object* ref, Stream* str, int width, int height, bool invert,
                                bool inline_image, double* base_matrix) override {
    other_ = true;
    OutputDev::setSoftMaskFromImageMask(state, ref, str, width, height, invert, inline_image, base_matrix);
  }
  void drawMaskedImage(GfxState* state, Object* ref, Stream* str, int width, int height, GfxImageColorMap* map,
                       bool interpolate, Stream* mask, int mask_width, int mask_height, bool mask_invert,
                       bool mask_interpolate) override {
    other_ = true;
    OutputDev::drawMaskedImage(state, ref, str, width, height, map, interpolate, mask, mask_width, mask_height,
                               mask_invert, mask_interpolate);
  }
  void drawSoftMaskedImage(GfxState* state, Object* ref, Stream* str, int width, int height, GfxImageColorMap* map,
                           bool interpolate, Stream* mask, int mask_width, int mask_height, GfxImageColorMap* mask_map,
                           bool mask_interpolate) override {
    other_ = true;
    OutputDev::drawSoftMaskedImage(state, ref, str, width, height, map, interpolate, mask, mask_width, mask_height,
                                   mask_map, mask_interpolate);
  }
  void drawImage(GfxState* state, Object* ref, Stream* str, int width, int height, GfxImageColorMap* map,
                 bool interpolate, const int* mask_colors, bool inline_image) override {
    if (!other_ && image_ == nullptr && mask_colors == nullptr && map != nullptr && map->isOk() && fills_page(state) &&
        width > 0 && height > 0 && static_cast<std::size_t>(width) * static_cast<std::size_t>(height) <= max_pixels_) {
      image_ = read_grey(str, width, height, map);
      placement_.interpolate = interpolate;
      if (image_) return;
    }
    other_ = true;
    OutputDev::drawImage(state, ref, str, width, height, map, interpolate, mask_colors, inline_image);
  }

  bool other() const { return other_; }
  PixPtr take() { return other_ ? nullptr : std::move(image_); }
  const ScanPlacement& placement() const { return placement_; }

 private:
  // Whether the image about to be drawn (the unit square under the CTM) is upright, unflipped and covers the page
  // within a pixel, unclipped and opaque; then sets where it goes. Image row 0 is the top of the unit square (y = 1),
  // so upright means a negative y scale in this top-down device space. Splash stretches the image over the pixels
  // its edges fall in (Splash::drawImage: from the floor of one edge to the floor of the other, plus one).
  bool fills_page(GfxState* state) {
    const double* m = state->getCTM();
    if (m[1] != 0 || m[2] != 0 || !(m[0] > 0 && m[3] < 0)) return false;
    double left = m[4], right = m[4] + m[0], top = m[5] + m[3], bottom = m[5];
    ScanPlacement& at = placement_;
    at.left = static_cast<int>(std::floor(left));
    at.top = static_cast<int>(std::floor(top));
    at.drawn_width = static_cast<int>(std::floor(right)) + 1 - at.left;
    at.drawn_height = static_cast<int>(std::floor(bottom)) + 1 - at.top;
    if (at.left < -1 || at.left > 0 || at.top < -1 || at.top > 0 || at.left + at.drawn_width < at.width ||
        at.left + at.drawn_width > at.width + 2 || at.top + at.drawn_height < at.height ||
        at.top + at.drawn_height > at.height + 2)
      return false;
    double cx0 = 0, cy0 = 0, cx1 = 0, cy1 = 0;
    state->getClipBBox(&cx0, &cy0, &cx1, &cy1);
    if (cx0 > 1 || cy0 > 1 || cx1 < at.width - 1 || cy1 < at.height - 1) return false;
    return state->getFillOpacity() >= 1.0 && state->getBlendMode() == gfxBlendNormal;
  }

  // Whether pixels of `space` can have a hue (they are not all greys): RGB, CMYK, Lab, a three- or four-component
  // ICC profile, a palette (whose entries are read through it). A separation or DeviceN ink is one printed colour,
  // taken as grey.
  static bool has_hue(GfxColorSpace* space) {
    switch (space->getMode()) {
      case csDeviceGray:
      case csCalGray:
      case csSeparation:
      case csDeviceN:
      case csPattern:
        return false;
      case csICCBased:
        return space->getNComps() >= 3;
      default:
        return true;
    }
  }

  // The image's pixels through its colour map (decode array, colour space) as 8 bpp grey; null when its data ends
  // early. A colour scan is read with coloured marks dropped out: each pixel is its lightest RGB channel, so print
  // in black or grey keeps its darkness, while a red seal or a blue signature over it is nearly as light as paper
  // (its own colour's strongest channel) and the print under it, darker in every channel, stays dark.
  static PixPtr read_grey(Stream* str, int width, int height, GfxImageColorMap* map) {
    PixPtr pix(pixCreate(width, height, 8));
    if (!pix) return nullptr;
    int comps = map->getNumPixelComps(), bits = map->getBits();
    bool drop_colour = has_hue(map->getColorSpace());
    // One component of up to 8 bits (grey scans, the usual case, and palettes): a table of its 2^bits values; a
    // palette's entries by their lightest channel, as a colour scan's pixels.
    bool table = comps == 1 && bits <= 8;
    std::vector<unsigned int> rgb(drop_colour && !table ? static_cast<std::size_t>(width) : 0);
    std::array<unsigned char, 256> grey{};
    if (table) {
      for (int v = 0; v < (1 << bits); ++v) {
        auto sample = static_cast<unsigned char>(v);
        if (drop_colour) {
          GfxRGB c;
          map->getRGB(&sample, &c);
          grey[static_cast<std::size_t>(v)] = std::max({colToByte(c.r), colToByte(c.g), colToByte(c.b)});
        } else {
          GfxGray g;
          map->getGray(&sample, &g);
          grey[static_cast<std::size_t>(v)] = colToByte(g);
        }
      }
    }
    std::vector<unsigned char> row(static_cast<std::size_t>(width));
    ImageStream image(str, width, comps, bits);
    image.reset();
    for (int y = 0; y < height; ++y) {
      unsigned char* in = image.getLine();
      if (in == nullptr) {
        image.close();
        return nullptr;
      }
      if (table) {
        for (int x = 0; x < width; ++x) row[static_cast<std::size_t>(x)] = grey[in[x]];
      } else if (drop_colour) {
        map->getRGBLine(in, rgb.data(), width);  // 0x00RRGGBB
        for (int x = 0; x < width; ++x) {
          unsigned int c = rgb[static_cast<std::size_t>(x)];
          row[static_cast<std::size_t>(x)] =
              static_cast<unsigned char>(std::max({c >> 16 & 0xFFU, c >> 8 & 0xFFU, c & 0xFFU}));
        }
      } else {
        map->getGrayLine(in, row.data(), width);
      }
      set_row(pix.get(), y, row.data());
    }
    image.close();
    return pix;
  }

  std::size_t max_pixels_;
  ScanPlacement placement_;
  bool other_ = false;
  PixPtr image_;
};

// Where each output pixel of one axis samples the input: between input pixels `at` and `at + 1`, with the weight
// `of_next` (0..1) on the second.
struct Tap {
  int at;
  double of_next;
};

// `count` output pixels of an axis of `n` input pixels stretched over `m` output pixels, from the stretched pixel
// `first` on: stretched pixel j samples the input at j·n/m, summed step by step as Splash sums it (a product differs
// in the last bit where the position is a whole pixel, and the rounding down then takes the pixel before).
std::vector<Tap> taps(int n, int m, int first, int count) {
  std::vector<Tap> out(static_cast<std::size_t>(count));
  double step = static_cast<double>(n) / m;
  double sum = 0;
  for (int j = 0; j < first + count; ++j) {
    double pos = std::min(sum, static_cast<double>(n - 1));
    sum += step;
    if (j < first) continue;
    auto at = static_cast<int>(pos);
    out[static_cast<std::size_t>(j - first)] = {at, pos - at};
  }
  return out;
}

// The same, for an image Splash enlarges without interpolating (Splash::scaleImageYuXu): each input pixel repeated
// m/n or m/n + 1 times, the longer runs spread evenly.
std::vector<Tap> repeats(int n, int m, int first, int count) {
  std::vector<Tap> out(static_cast<std::size_t>(count));
  int whole = m / n, rest = m % n, carried = 0, j = 0;
  for (int i = 0; i < n; ++i) {
    int run = whole;
    if ((carried += rest) >= n) {
      carried -= n;
      ++run;
    }
    for (int k = 0; k < run; ++k, ++j)
      if (j >= first && j - first < count) out[static_cast<std::size_t>(j - first)] = {i, 0.0};
  }
  return out;
}

// Enlargement of an 8 bpp image the way Poppler's Splash enlarges an image it draws (Splash::drawImage), so that a
// scan enlarged here is the scan rasterised, pixel for pixel (tests/render_test compares the two): bilinear, output
// pixel (x, y) sampling the input at ((x − left)·w/drawn_width, (y − top)·h/drawn_height), across then down, each
// pass rounded down; or each pixel repeated. Each input row is widened once; each output row blends the two widened
// rows around it.
PixPtr enlarge(PIX* src, const ScanPlacement& at) {
  int w = pixGetWidth(src), h = pixGetHeight(src);
  PixPtr out(pixCreate(at.width, at.height, 8));
  if (!out) return nullptr;
  // Splash does not interpolate an enlargement of 4 times or more unless the image asks for it.
  bool interpolate = at.interpolate || (at.drawn_width / w < 4 && at.drawn_height / h < 4);
  auto axis = interpolate ? taps : repeats;
  std::vector<Tap> tx = axis(w, at.drawn_width, -at.left, at.width), ty = axis(h, at.drawn_height, -at.top, at.height);
  const l_uint32* in = pixGetData(src);
  int in_wpl = pixGetWpl(src);
  l_uint32* data = pixGetData(out.get());
  int wpl = pixGetWpl(out.get());
  std::vector<unsigned char> upper(static_cast<std::size_t>(at.width)), lower(static_cast<std::size_t>(at.width));
  int widened = -2;  // the input row widened into `upper` (the next one is in `lower`)
  auto widen = [&](int row, std::vector<unsigned char>& to) {
    const l_uint32* line = in + static_cast<std::ptrdiff_t>(std::min(row, h - 1)) * in_wpl;
    for (int x = 0; x < at.width; ++x) {
      const Tap& t = tx[static_cast<std::size_t>(x)];
      double a = GET_DATA_BYTE(line, t.at), b = GET_DATA_BYTE(line, std::min(t.at + 1, w - 1));
      to[static_cast<std::size_t>(x)] = static_cast<unsigned char>(a * (1.0 - t.of_next) + b * t.of_next);
    }
  };
  for (int y = 0; y < at.height; ++y) {
    const Tap& t = ty[static_cast<std::size_t>(y)];
    if (t.at != widened) {
      if (t.at == widened + 1) {
        std::swap(upper, lower);
      } else {
        widen(t.at, upper);
      }
      widen(t.at + 1, lower);
      widened = t.at;
    }
    l_uint32* line = data + static_cast<std::ptrdiff_t>(y) * wpl;
    for (int x = 0; x < at.width; ++x) {
      auto i = static_cast<std::size_t>(x);
      SET_DATA_BYTE(line, x, static_cast<unsigned char>(upper[i] * (1.0 - t.of_next) + lower[i] * t.of_next));
    }
  }
  return out;
}

// `scan` (a page's image as read_grey() made it) resampled onto the page image as `at` (checked by fills_page()) says;
// null when out of memory.
// A scan finer than the page image (rare: the page is rendered at 300 dpi) is reduced by area mapping, which is
// close to Splash's box filter but not the same.
PixPtr scale_scan(PIX* scan, const ScanPlacement& at) {
  int w = pixGetWidth(scan), h = pixGetHeight(scan);
  if (at.drawn_width >= w && at.drawn_height >= h) return enlarge(scan, at);
  float sx = static_cast<float>(at.drawn_width) / static_cast<float>(w);
  float sy = static_cast<float>(at.drawn_height) / static_cast<float>(h);
  PixPtr scaled(pixScaleAreaMap(scan, sx, sy));
  if (!scaled) return nullptr;
  PixPtr framed(pixCreate(at.width, at.height, 8));
  if (!framed) return nullptr;
  pixSetAll(framed.get());
  pixRasterop(framed.get(), 0, 0, at.width, at.height, PIX_SRC, scaled.get(), -at.left, -at.top);
  return framed;
}

}  // namespace

// While alive, what is written to the process's stderr (fd 2) goes to a temporary file instead; lines() gives it
// back. Poppler hands JPEG data to libjpeg with libjpeg's own message output, which writes a damaged image's
// complaints ("Corrupt JPEG data: premature end of data segment") to stderr rather than through Poppler's error
// callback: this is how they reach the report. The process is one worker's: nothing else writes meanwhile.
class StderrCapture {
 public:
  StderrCapture() {
    std::fflush(stderr);
    file_ = std::tmpfile();
    if (file_ == nullptr) return;
    saved_ = ::dup(2);
    if (saved_ < 0 || ::dup2(::fileno(file_), 2) < 0) restore();
  }
  ~StderrCapture() {
    restore();
    if (file_ != nullptr) std::fclose(file_);
  }
  StderrCapture(const StderrCapture&) = delete;
  StderrCapture& operator=(const StderrCapture&) = delete;

  // The lines written since construction (stderr is restored first), at most `max` of them.
  std::vector<std::string> lines(std::size_t max) {
    restore();
    std::vector<std::string> out;
    if (file_ == nullptr) return out;
    std::rewind(file_);
    std::array<char, 512> buf{};
    while (out.size() < max && std::fgets(buf.data(), static_cast<int>(buf.size()), file_) != nullptr) {
      std::string line(buf.data());
      while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
      if (!line.empty()) out.push_back(std::move(line));
    }
    return out;
  }

 private:
  void restore() {
    if (saved_ < 0) return;
    std::fflush(stderr);
    ::dup2(saved_, 2);
    ::close(saved_);
    saved_ = -1;
  }
  std::FILE* file_ = nullptr;
  int saved_ = -1;
};

PageRenderer::PageRenderer() = default;
PageRenderer::~PageRenderer() = default;

FileError PageRenderer::open(const std::string& path, const Limits& limits) {
  try {
    PopplerWarningSink sink(&warnings_, limits.max_warnings_per_document);
    OpenedDocument opened = open_document(path, limits, sink);
    if (!opened.doc) return opened.error;
    doc_ = std::move(opened.doc);
  } catch (const std::bad_alloc&) {
    return {Outcome::LimitExceeded, "out of memory while opening the PDF"};
  } catch (const std::exception& e) {
    return {Outcome::Internal, std::string("internal error while opening the PDF: ") + e.what()};
  }
  return {};
}

int PageRenderer::page_count() const { return doc_ ? doc_->getNumPages() : 0; }

RenderedPage PageRenderer::render(int page, const Limits& limits, RenderMode mode) {
  RenderedPage out;
  if (!doc_ || page < 1 || page > doc_->getNumPages() || doc_->getPage(page) == nullptr) {
    out.error = "page " + std::to_string(page) + " cannot be rendered: no such page";
    return out;
  }
  // Damage the image decoders reported on stderr while drawing, as warnings of the page (said once per message).
  auto report_damage = [&](StderrCapture& decoder_messages) {
    for (const std::string& line : decoder_messages.lines(limits.max_warnings_per_document)) {
      std::string w = "page " + std::to_string(page) + ": the page image is damaged (" + line + ")";
      if (std::find(warnings_.begin(), warnings_.end(), w) == warnings_.end() &&
          warnings_.size() < limits.max_warnings_per_document)
        warnings_.push_back(std::move(w));
    }
  };
  try {
    PopplerWarningSink sink(&warnings_, limits.max_warnings_per_document);
    double w_pt = doc_->getPageCropWidth(page), h_pt = doc_->getPageCropHeight(page);
    if (doc_->getPageRotate(page) % 180 != 0) std::swap(w_pt, h_pt);
    if (!(w_pt > 0 && h_pt > 0) || w_pt > limits.max_page_points || h_pt > limits.max_page_points) {
      out.error = "page " + std::to_string(page) + " has an unusable size";
      return out;
    }
    double dpi = std::max(limits.render_dpi, 1);
    double pixels = (w_pt * dpi / 72) * (h_pt * dpi / 72);
    if (pixels > static_cast<double>(limits.max_pixels_per_page)) {
      dpi = std::floor(72.0 * std::sqrt(static_cast<double>(limits.max_pixels_per_page) / (w_pt * h_pt)));
      out.warning = "page " + std::to_string(page) + " rendered at " + std::to_string(static_cast<int>(dpi)) +
                    " dpi: limit max_pixels_per_page (" + std::to_string(limits.max_pixels_per_page) + ")";
      if (dpi < limits.min_render_dpi) {
        out.error = limit_exceeded("max_pixels_per_page", std::to_string(limits.max_pixels_per_page)) + " on page " +
                    std::to_string(page) + ": it cannot be rendered at a readable size";
        return out;
      }
    }
    // A scan is not rasterised: its image is enlarged onto the page (the same pixels, a fifth of the time: Splash
    // draws an image through its general pipe, pixel by pixel). Poppler's parser stops at the first thing drawn that
    // makes the page something else.
    if (mode == RenderMode::Auto) {
      ScanCapture capture(limits.max_pixels_per_page);
      auto stop = [](void* c) { return static_cast<ScanCapture*>(c)->other(); };
      {
        StderrCapture messages;
        doc_->displayPage(&capture, page, dpi, dpi, 0, false, true, false, stop, &capture);
        report_damage(messages);
      }
      if (PixPtr scan = capture.take()) {
        if (PixPtr scaled = scale_scan(scan.get(), capture.placement())) {
          pixSetResolution(scaled.get(), static_cast<int>(dpi), static_cast<int>(dpi));
          out.pix = std::move(scaled);
          out.scan = true;
          out.dpi = dpi;
          const ScanPlacement& at = capture.placement();
          if (at.drawn_width > 0 && at.drawn_height > 0) {
            // Whole dots per inch: a 200 dpi scan placed on an A4 page comes out at 199.99 or 200.01.
            out.source_dpi = std::round(std::min(pixGetWidth(scan.get()) * dpi / at.drawn_width,
                                                 pixGetHeight(scan.get()) * dpi / at.drawn_height));
          }
          return out;
        }
      }
    }
    SplashColor paper;
    paper[0] = 0xff;
    SplashOutputDev dev(splashModeMono8, 4, false, paper);
    dev.setFontAntialias(true);
    dev.setVectorAntialias(true);
    dev.startDoc(doc_.get());
    {
      StderrCapture messages;
      doc_->displayPage(&dev, page, dpi, dpi, 0, false, true, false);
      report_damage(messages);
    }
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
    for (int y = 0; y < h; ++y)
      set_row(pix.get(), y, bmp->getDataPtr() + static_cast<std::ptrdiff_t>(y) * bmp->getRowSize());
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
