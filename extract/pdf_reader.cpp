// Stage 1: PDF → pages, through Poppler's core API. Each page is displayed once through PageCollector, which
// gathers characters and ruling segments in that single pass; nothing is rasterised.
#include "extract/pdf_reader.h"

#include <ErrorCodes.h>
#include <GfxFont.h>
#include <GfxState.h>
#include <goo/GooString.h>
#include <OutputDev.h>
#include <PDFDoc.h>
#include <UTF.h>
#include <goo/gmem.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

#include "extract/poppler_globals.h"
#include "extract/text_layer.h"

namespace jx::extract {

namespace {

constexpr double kAxisTolerance = 0.5;  // points a ruling may lean and still count as horizontal/vertical
constexpr double kThinRect = 2.0;       // a filled rectangle thinner than this is a line

void append_utf8(std::string& out, char32_t c) {
  if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) c = 0xFFFD;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

struct GFreeDeleter {
  void operator()(Unicode* p) const { gfree(p); }
};

bool is_white(const GfxRGB& rgb) {
  return colToDbl(rgb.r) > 0.98 && colToDbl(rgb.g) > 0.98 && colToDbl(rgb.b) > 0.98;
}

// The OutputDev that sees one page at a time: device space is points, top-left origin, page rotation and crop
// box applied (displayPage at 72 dpi, upsideDown). Characters get TextOutputDev-like boxes: from the origin
// along the advance, from descent to ascent across it.
class PageCollector final : public OutputDev {
 public:
  explicit PageCollector(const Limits& limits) : limits_(limits) {}

  bool upsideDown() override { return true; }
  bool useDrawChar() override { return true; }
  bool interpretType3Chars() override { return false; }
  bool needNonText() override { return true; }  // paths must reach stroke()/fill()

  void begin(int number) {
    page_ = Page{};
    page_.number = number;
    actual_text_.reset();
  }
  Page take() { return std::move(page_); }
  const char* limit_hit() const { return limit_hit_; }
  static bool abort_check(void* self) { return static_cast<PageCollector*>(self)->limit_hit_ != nullptr; }

  void startPage(int, GfxState* state, XRef*) override {
    if (state) {
      page_.width = state->getPageWidth();
      page_.height = state->getPageHeight();
    }
  }

  void drawChar(GfxState* state, double x, double y, double dx, double dy, double, double, CharCode code,
                int n_bytes, const Unicode* u, int u_len) override {
    if (limit_hit_) return;
    const GfxFont* font = state->getFont().get();
    double font_size = state->getFontSize();
    double ascent = 0.95, descent = -0.35;
    if (font) {
      if (font->getAscent() > 0.05 && font->getAscent() <= 1.5) ascent = font->getAscent();
      if (font->getDescent() < 0 && font->getDescent() >= -0.8) descent = font->getDescent();
    }
    bool vertical = font && font->getWMode() == 1;
    // Advance without character and word spacing, as TextOutputDev measures a character.
    double spacing = state->getCharSpace();
    if (n_bytes == 1 && code == 32) spacing += state->getWordSpace();
    double sx = 0, sy = 0;
    if (vertical) {
      state->textTransformDelta(0, spacing, &sx, &sy);
    } else {
      state->textTransformDelta(spacing * state->getHorizScaling(), 0, &sx, &sy);
    }
    double adx = dx - sx, ady = dy - sy;
    if (adx * dx + ady * dy <= 0) adx = dx, ady = dy;
    double ox, oy, vx, vy, ux, uy, tx, ty;
    state->transform(x, y, &ox, &oy);
    state->transformDelta(adx, ady, &vx, &vy);
    state->textTransformDelta(0, font_size, &tx, &ty);
    state->transformDelta(tx, ty, &ux, &uy);  // one em "up" the glyph, in device space
    double em = std::hypot(ux, uy);
    double x0, y0, x1, y1;
    if (vertical) {
      double rx, ry, wx, wy;
      state->textTransformDelta(0.5 * font_size, 0, &rx, &ry);
      state->transformDelta(rx, ry, &wx, &wy);
      x0 = std::min({ox - wx, ox + wx, ox - wx + vx, ox + wx + vx});
      x1 = std::max({ox - wx, ox + wx, ox - wx + vx, ox + wx + vx});
      y0 = std::min({oy - wy, oy + wy, oy - wy + vy, oy + wy + vy});
      y1 = std::max({oy - wy, oy + wy, oy - wy + vy, oy + wy + vy});
    } else {
      double ax = ux * ascent, ay = uy * ascent, bx = ux * descent, by = uy * descent;
      x0 = std::min({ox + ax, ox + bx, ox + vx + ax, ox + vx + bx});
      x1 = std::max({ox + ax, ox + bx, ox + vx + ax, ox + vx + bx});
      y0 = std::min({oy + ay, oy + by, oy + vy + ay, oy + vy + by});
      y1 = std::max({oy + ay, oy + by, oy + vy + ay, oy + vy + by});
    }
    if (!std::isfinite(x0) || !std::isfinite(y0) || !std::isfinite(x1) || !std::isfinite(y1)) return;
    double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    if (cx < 0 || cy < 0 || cx > page_.width || cy > page_.height) return;  // off the (cropped) page

    Glyph g;
    for (int i = 0; i < u_len; ++i) append_utf8(g.text, u[i]);
    g.box = {x0, y0, x1, y1};
    g.font_size = em;
    if (page_.glyphs.size() >= limits_.max_glyphs_per_page) {
      limit_hit_ = "max_glyphs_per_page";
      return;
    }
    page_.glyphs.push_back(std::move(g));
  }

  void beginActualText(GfxState*, const GooString* text) override {
    if (actual_text_ || text == nullptr) return;  // nested: the outer replacement wins
    Unicode* raw = nullptr;
    int n = TextStringToUCS4(text->toStr(), &raw);
    std::unique_ptr<Unicode, GFreeDeleter> ucs4(raw);
    std::string utf8;
    for (int i = 0; i < n; ++i) append_utf8(utf8, ucs4.get()[i]);
    actual_text_ = ActualText{std::move(utf8), page_.glyphs.size()};
  }

  void endActualText(GfxState*) override {
    if (!actual_text_) return;
    // The characters drawn since beginActualText become one glyph carrying the replacement text.
    std::size_t first = actual_text_->first_glyph;
    if (first < page_.glyphs.size()) {
      Glyph merged = page_.glyphs[first];
      for (std::size_t i = first + 1; i < page_.glyphs.size(); ++i) {
        const Box& b = page_.glyphs[i].box;
        merged.box = {std::min(merged.box.x0, b.x0), std::min(merged.box.y0, b.y0), std::max(merged.box.x1, b.x1),
                      std::max(merged.box.y1, b.y1)};
      }
      merged.text = std::move(actual_text_->text);
      page_.glyphs.resize(first);
      page_.glyphs.push_back(std::move(merged));
    }
    actual_text_.reset();
  }

  void stroke(GfxState* state) override {
    GfxRGB rgb;
    state->getStrokeRGB(&rgb);
    if (is_white(rgb) || state->getStrokeOpacity() <= 0) return;
    collect_path(state, false);
  }
  void fill(GfxState* state) override { fill_path(state); }
  void eoFill(GfxState* state) override { fill_path(state); }

 private:
  struct ActualText {
    std::string text;
    std::size_t first_glyph = 0;
  };

  void fill_path(GfxState* state) {
    GfxRGB rgb;
    state->getFillRGB(&rgb);
    if (is_white(rgb) || state->getFillOpacity() <= 0) return;
    collect_path(state, true);
  }

  void add_segment(double x0, double y0, double x1, double y1) {
    if (limit_hit_) return;
    double dx = std::abs(x1 - x0), dy = std::abs(y1 - y0);
    Segment s;
    if (dy <= kAxisTolerance && dx > kAxisTolerance) {
      double y = (y0 + y1) / 2;
      s = {std::min(x0, x1), y, std::max(x0, x1), y};
    } else if (dx <= kAxisTolerance && dy > kAxisTolerance) {
      double x = (x0 + x1) / 2;
      s = {x, std::min(y0, y1), x, std::max(y0, y1)};
    } else {
      return;  // diagonal or a dot
    }
    if (!std::isfinite(s.x0) || !std::isfinite(s.y0) || !std::isfinite(s.x1) || !std::isfinite(s.y1)) return;
    if (page_.segments.size() >= limits_.max_segments_per_page) {
      limit_hit_ = "max_segments_per_page";
      return;
    }
    page_.segments.push_back(s);
  }

  void collect_path(GfxState* state, bool filled) {
    const GfxPath* path = state->getPath();
    if (path == nullptr) return;
    std::vector<double> xs, ys;
    for (int s = 0; s < path->getNumSubpaths() && !limit_hit_; ++s) {
      const GfxSubpath* sub = path->getSubpath(s);
      int n = sub->getNumPoints();
      xs.resize(n);
      ys.resize(n);
      bool has_curve = false;
      for (int i = 0; i < n; ++i) {
        state->transform(sub->getX(i), sub->getY(i), &xs[i], &ys[i]);
        has_curve = has_curve || sub->getCurve(i);
      }
      if (filled) {
        if (!has_curve) add_filled_rect(xs, ys);
        continue;
      }
      for (int i = 1; i < n; ++i) {
        if (sub->getCurve(i) || sub->getCurve(i - 1)) continue;  // a Bézier piece, not a ruling
        add_segment(xs[i - 1], ys[i - 1], xs[i], ys[i]);
      }
    }
  }

  // A filled axis-aligned rectangle: thin → one segment along its long axis; larger → its four edges (cell
  // borders drawn as boxes, cell background fills). Other filled shapes are not rulings.
  void add_filled_rect(const std::vector<double>& xs, const std::vector<double>& ys) {
    std::size_t n = xs.size();
    if (n == 5 && std::abs(xs[4] - xs[0]) <= kAxisTolerance && std::abs(ys[4] - ys[0]) <= kAxisTolerance) n = 4;
    if (n != 4) return;
    double x0 = *std::min_element(xs.begin(), xs.begin() + 4), x1 = *std::max_element(xs.begin(), xs.begin() + 4);
    double y0 = *std::min_element(ys.begin(), ys.begin() + 4), y1 = *std::max_element(ys.begin(), ys.begin() + 4);
    for (std::size_t i = 0; i < 4; ++i) {
      bool on_x = std::abs(xs[i] - x0) <= kAxisTolerance || std::abs(xs[i] - x1) <= kAxisTolerance;
      bool on_y = std::abs(ys[i] - y0) <= kAxisTolerance || std::abs(ys[i] - y1) <= kAxisTolerance;
      if (!on_x || !on_y) return;  // rotated or not a rectangle
    }
    double w = x1 - x0, h = y1 - y0;
    if (w < kThinRect && h < kThinRect) return;
    if (h < kThinRect) {
      add_segment(x0, (y0 + y1) / 2, x1, (y0 + y1) / 2);
    } else if (w < kThinRect) {
      add_segment((x0 + x1) / 2, y0, (x0 + x1) / 2, y1);
    } else {
      if (w > 0.9 * page_.width && h > 0.9 * page_.height) return;  // a page background, not a cell
      add_segment(x0, y0, x1, y0);
      add_segment(x0, y1, x1, y1);
      add_segment(x0, y0, x0, y1);
      add_segment(x1, y0, x1, y1);
    }
  }

  const Limits& limits_;
  Page page_;
  std::optional<ActualText> actual_text_;
  const char* limit_hit_ = nullptr;
};

ReadResult failure(Outcome outcome, std::string message) {
  ReadResult r;
  r.error = {outcome, std::move(message)};
  return r;
}

std::string open_error_reason(int code) {
  switch (code) {
    case errOpenFile: return "the file cannot be opened";
    case errBadCatalog: return "its page catalog cannot be read";
    case errDamaged: return "the file is damaged and could not be repaired";
    case errFileIO: return "read error";
    default: return "Poppler error code " + std::to_string(code);
  }
}

}  // namespace

ReadResult read_pdf(const std::string& path, const Limits& limits) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) return failure(Outcome::NotFound, "not found: " + path);
  if (!fs::is_regular_file(st)) return failure(Outcome::NotFound, "not a regular file: " + path);
  std::uintmax_t size = fs::file_size(path, ec);
  if (ec) return failure(Outcome::NotFound, "cannot read: " + path);
  if (size == 0) return failure(Outcome::Empty, "empty file (0 bytes)");
  {
    std::ifstream in(path, std::ios::binary);
    if (!in) return failure(Outcome::NotFound, "cannot open: " + path);
    char head[1024];
    in.read(head, sizeof head);
    std::string_view view(head, static_cast<std::size_t>(in.gcount()));
    if (view.find("%PDF-") == std::string_view::npos) {
      return failure(Outcome::NotPdf, "not a PDF file (no %PDF- header in the first 1024 bytes)");
    }
  }
  if (size > limits.max_file_bytes) {
    return failure(Outcome::LimitExceeded, "limit max_file_bytes (" + std::to_string(limits.max_file_bytes) +
                                               ") exceeded: the file has " + std::to_string(size) + " bytes");
  }

  ensure_poppler_globals();
  Document doc;
  doc.path = path;
  try {
    PopplerWarningSink sink(&doc.warnings);
    auto pdf = std::make_unique<PDFDoc>(std::make_unique<GooString>(path));
    if (!pdf->isOk()) {
      int code = pdf->getErrorCode();
      if (code == errEncrypted) return failure(Outcome::Encrypted, "encrypted: needs a password");
      std::string reason = open_error_reason(code);
      if (!sink.last_message().empty()) reason += " (" + sink.last_message() + ")";
      return failure(Outcome::Damaged, "damaged: " + reason);
    }
    int pages = pdf->getNumPages();
    if (pages > limits.max_pages) {
      return failure(Outcome::LimitExceeded, "limit max_pages (" + std::to_string(limits.max_pages) +
                                                 ") exceeded: the file has " + std::to_string(pages) + " pages");
    }
    if (pages <= 0) return failure(Outcome::Damaged, "damaged: the file has no pages");
    doc.page_count = pages;
    doc.pages.reserve(static_cast<std::size_t>(pages));
    PageCollector dev(limits);
    for (int i = 1; i <= pages; ++i) {
      dev.begin(i);
      if (pdf->getPage(i) == nullptr) {
        doc.warnings.push_back("page " + std::to_string(i) + " cannot be read: it is left empty");
      } else {
        pdf->displayPage(&dev, i, 72, 72, 0, false, true, false, &PageCollector::abort_check, &dev);
      }
      if (const char* limit = dev.limit_hit()) {
        std::size_t value = std::strcmp(limit, "max_glyphs_per_page") == 0 ? limits.max_glyphs_per_page
                                                                           : limits.max_segments_per_page;
        return failure(Outcome::LimitExceeded, std::string("limit ") + limit + " (" + std::to_string(value) +
                                                   ") exceeded on page " + std::to_string(i));
      }
      Page page = dev.take();
      page.number = i;
      page.text_layer = classify_text_layer(page.glyphs, &page.text_layer_reason);
      doc.pages.push_back(std::move(page));
    }
  } catch (const std::bad_alloc&) {
    return failure(Outcome::LimitExceeded, "out of memory while reading the PDF");
  } catch (const std::exception& e) {
    return failure(Outcome::Internal, std::string("internal error while reading the PDF: ") + e.what());
  }
  ReadResult r;
  r.document = std::move(doc);
  return r;
}

}  // namespace jx::extract
