#include "outputs/evidence.h"

#include <PDFDoc.h>
#include <SplashOutputDev.h>
#include <leptonica/allheaders.h>
#include <splash/SplashBitmap.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
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

bool same_box(const extract::Box& a, const extract::Box& b) {
  return a.x0 == b.x0 && a.y0 == b.y0 && a.x1 == b.x1 && a.y1 == b.y1;
}

void unite(extract::Box& into, const extract::Box& b) {
  into.x0 = std::min(into.x0, b.x0), into.y0 = std::min(into.y0, b.y0);
  into.x1 = std::max(into.x1, b.x1), into.y1 = std::max(into.y1, b.y1);
}

bool is_value_field(const std::string& f) {
  return f == "target" || f == "actual" || f == "weight" || f == "self_score";
}

// The fields whose cells a rule reads (its evidence_cells in checks.toml); nullptr when it names none.
using Cited = const std::vector<std::string>*;
Cited cited_fields(const rules::RuleSet& rules, const std::string& rule) {
  const rules::CheckRule* r = rules.check(rule);
  return r != nullptr && !r->evidence_cells.empty() ? &r->evidence_cells : nullptr;
}

// The cells of `cells` on `page` as the crop of a rule reading `cited` shows them.
std::vector<EvidenceCell> shown_cells(const std::vector<audit::FieldCell>& cells, int page, Cited cited) {
  std::vector<EvidenceCell> out;
  for (const auto& c : cells) {
    if (c.page != page || !usable(c.box)) continue;
    bool is_cited = cited != nullptr && std::find(cited->begin(), cited->end(), c.field) != cited->end();
    bool ocr = c.ocr && (cited == nullptr ? is_value_field(c.field) : is_cited);
    bool cited_cell = is_cited;
    if (cited_cell || ocr) out.push_back({c.box, cited_cell, ocr});
  }
  return out;
}

EvidenceRegion row_region(const audit::Indicator& ind, Cited rule) {
  EvidenceRegion r(ind.page, ind.row_box);
  r.table_rows = true;
  if (ind.header.page > 0 && usable(ind.header.box)) r.header = ind.header;
  for (const auto& c : ind.cells)
    if ((c.field == "level1" || c.field == "level2") && c.page == ind.page && usable(c.box)) r.labels.push_back(c.box);
  r.cells = shown_cells(ind.cells, ind.page, rule);
  return r;
}

// The indicator table's part on its first indicator's page (its rows, and the 总分 row when there), under its
// headings, with the cells of the fields `rule` reads tinted. nullopt without indicators.
std::optional<EvidenceRegion> table_region(const audit::Report& report, Cited rule) {
  const audit::Indicator* first = nullptr;
  for (const auto& ind : report.indicators)
    if (ind.page > 0 && usable(ind.row_box)) {
      first = &ind;
      break;
    }
  if (!first) return std::nullopt;
  EvidenceRegion r(first->page, first->row_box);
  if (first->header.page > 0 && usable(first->header.box)) r.header = first->header;
  for (const auto& ind : report.indicators) {
    if (ind.page != r.page || !usable(ind.row_box)) continue;
    unite(r.box, ind.row_box);
    auto cells = shown_cells(ind.cells, r.page, rule);
    r.cells.insert(r.cells.end(), cells.begin(), cells.end());
  }
  const auto& ts = report.total_score;
  if (ts.page == r.page && usable(ts.row_box)) {
    unite(r.box, ts.row_box);
    std::vector<audit::FieldCell> values;  // the 总分 label spans the label columns: not a label cell
    for (const auto& c : ts.cells)
      if (c.field == "weight" || c.field == "self_score") values.push_back(c);
    auto cells = shown_cells(values, r.page, rule);
    r.cells.insert(r.cells.end(), cells.begin(), cells.end());
  }
  r.table_rows = true;
  return r;
}

// ---- layout ---------------------------------------------------------------------------------------------------

struct PixelRect {
  int x = 0, y = 0, w = 0, h = 0;
};

// A rectangle of a page (points) copied to (dx, dy) of the image.
struct Piece {
  int page = 0;
  extract::Box src;
  int dx = 0, dy = 0;
};

enum class Mark { Tint, Ocr, Frame, Rule, Legend };

struct Overlay {
  PixelRect rect;
  Mark mark = Mark::Frame;
};

struct Canvas {
  int w = 0, h = 0;
  std::vector<Piece> pieces;
  std::vector<Overlay> overlays;
  std::vector<std::uint8_t> grey;  // w × h, filled by the pieces' renderings
};

long px(double points, double scale) { return std::lround(points * scale); }

extract::Box pad_clip(const extract::Box& b, double pad, double vpad, double pw, double ph) {
  return {std::max(0.0, b.x0 - pad), std::max(0.0, b.y0 - vpad), std::min(pw, b.x1 + pad), std::min(ph, b.y1 + vpad)};
}

int width_px(const extract::Box& b, double s) { return static_cast<int>(px(b.x1, s) - px(b.x0, s)); }
int height_px(const extract::Box& b, double s) { return static_cast<int>(px(b.y1, s) - px(b.y0, s)); }

// The pixels of `box` (on `page`) wherever the pieces show it, as image rectangles.
std::vector<PixelRect> map_box(const std::vector<Piece>& pieces, int page, const extract::Box& box, double s) {
  std::vector<PixelRect> out;
  for (const auto& p : pieces) {
    if (p.page != page) continue;
    extract::Box i{std::max(box.x0, p.src.x0), std::max(box.y0, p.src.y0), std::min(box.x1, p.src.x1),
                   std::min(box.y1, p.src.y1)};
    if (!(i.x1 > i.x0 && i.y1 > i.y0)) continue;
    PixelRect r{p.dx + static_cast<int>(px(i.x0, s) - px(p.src.x0, s)),
                p.dy + static_cast<int>(px(i.y0, s) - px(p.src.y0, s)), width_px(i, s), height_px(i, s)};
    if (r.w > 0 && r.h > 0) out.push_back(r);
  }
  return out;
}

// How `region` is laid out on its image; nullopt when nothing of it is on its pages. `page_size(n)` gives page n's
// width and height in points (a rotated page already turned).
template <typename PageSize>
std::optional<Canvas> lay_out(const EvidenceRegion& region, PageSize page_size, int pages, double s, double pad,
                              double row_pad, const Limits& limits) {
  constexpr double kLabelHalfMax = 40;      // points: a merged label cell is cut to this much around its centre
  constexpr int kGap = 2, kRuleHeight = 3;  // pixels: white, blue-grey rule, white between the strips
  constexpr int kLegendHeight = 16;
  if (region.page < 1 || region.page > pages || !usable(region.box)) return std::nullopt;
  auto [pw, ph] = page_size(region.page);
  // Table rows are cut close above and below, so that the neighbouring rows' text is not half shown.
  double vpad = region.table_rows ? std::min(pad, row_pad) : pad;
  extract::Box row = pad_clip(region.box, pad, vpad, pw, ph);
  if (!(row.x1 > row.x0 && row.y1 > row.y0)) return std::nullopt;

  std::optional<extract::Box> header;
  int header_page = region.header.page;
  if (header_page >= 1 && header_page <= pages && usable(region.header.box)) {
    auto [hw, hh] = page_size(header_page);
    extract::Box h = pad_clip(region.header.box, pad, vpad, hw, hh);
    if (h.x1 > h.x0 && h.y1 > h.y0) header = h;
  }
  // Headings right above the framed part (a table's first row, a whole table) share its strip.
  if (header && header_page == region.page && region.box.y0 >= region.header.box.y1 - 1 &&
      region.box.y0 - region.header.box.y1 <= pad) {
    row.y0 = header->y0;
    row.x0 = std::min(row.x0, header->x0);
    row.x1 = std::max(row.x1, header->x1);
    header.reset();
  }

  // The row's strip, left to right: the row band, with each merged label cell taller than the row cut around its
  // centre in place of the band's part of it.
  std::vector<extract::Box> labels;
  for (const auto& l : region.labels) {
    if (!usable(l) || l.x0 < row.x0 - 1 || l.x1 > row.x1 + 1) continue;
    if (l.y0 >= region.box.y0 - 1 && l.y1 <= region.box.y1 + 1) continue;  // the band shows it whole
    double centre = (l.y0 + l.y1) / 2;
    double half = std::min((l.y1 - l.y0) / 2, std::max((region.box.y1 - region.box.y0) / 2 + vpad, kLabelHalfMax));
    labels.push_back({l.x0, std::max(0.0, centre - half), l.x1, std::min(ph, centre + half)});
  }
  std::sort(labels.begin(), labels.end(), [](const auto& a, const auto& b) { return a.x0 < b.x0; });
  std::vector<Piece> strip;
  double cur = row.x0;
  for (const auto& l : labels) {
    if (l.x0 < cur || !(l.y1 > l.y0)) continue;
    if (l.x0 > cur) strip.push_back({region.page, {cur, row.y0, l.x0, row.y1}});
    strip.push_back({region.page, l});
    cur = l.x1;
  }
  if (row.x1 > cur) strip.push_back({region.page, {cur, row.y0, row.x1, row.y1}});

  long origin = px(row.x0, s);
  if (header) origin = std::min(origin, px(header->x0, s));
  Canvas c;
  int top = 0;
  if (header) {
    c.pieces.push_back({header_page, *header, static_cast<int>(px(header->x0, s) - origin), 0});
    top = height_px(*header, s) + kGap;
    c.overlays.push_back({{0, top, 0, kRuleHeight}, Mark::Rule});  // width set below
    top += kRuleHeight + kGap;
  }
  int strip_h = 0;
  for (const auto& p : strip) strip_h = std::max(strip_h, height_px(p.src, s));
  int band_dy = top;
  for (auto& p : strip) {
    p.dx = static_cast<int>(px(p.src.x0, s) - origin);
    p.dy = top + (strip_h - height_px(p.src, s)) / 2;
    if (p.src.y0 == row.y0 && p.src.y1 == row.y1) band_dy = p.dy;
    c.pieces.push_back(p);
  }
  for (const auto& p : c.pieces) {
    c.w = std::max(c.w, p.dx + width_px(p.src, s));
    c.h = std::max(c.h, p.dy + height_px(p.src, s));
  }
  // A legend line under the strips when a cell is marked as read by OCR: a dashed box and the tag "OCR".
  if (std::any_of(region.cells.begin(), region.cells.end(), [](const EvidenceCell& e) { return e.ocr; })) {
    c.overlays.push_back({{2, c.h + kGap, kLegendHeight, kLegendHeight}, Mark::Legend});
    c.h += kGap + kLegendHeight + kGap;
  }
  c.w = std::min(c.w, limits.max_evidence_width_px);
  c.h = std::min(c.h, limits.max_evidence_height_px);
  if (c.w <= 0 || c.h <= 0) return std::nullopt;
  for (auto& o : c.overlays)
    if (o.mark == Mark::Rule) o.rect.w = c.w;

  for (const auto& cell : region.cells) {
    for (const auto& r : map_box(c.pieces, region.page, cell.box, s)) {
      if (cell.cited) c.overlays.push_back({r, Mark::Tint});
      if (cell.ocr) c.overlays.push_back({r, Mark::Ocr});
    }
  }
  // The frame: the framed box's rows across the strip (label pieces included), as the band shows them.
  int fx0 = static_cast<int>(px(region.box.x0, s) - origin), fx1 = static_cast<int>(px(region.box.x1, s) - origin);
  int fy0 = band_dy + static_cast<int>(px(region.box.y0, s) - px(row.y0, s));
  int fy1 = band_dy + static_cast<int>(px(region.box.y1, s) - px(row.y0, s));
  c.overlays.push_back({{fx0, fy0, fx1 - fx0 + 1, fy1 - fy0 + 1}, Mark::Frame});
  return c;
}

// ---- drawing --------------------------------------------------------------------------------------------------

constexpr int kGreys = 200;               // palette 0..199: greys
constexpr int kTints = 48;                // 200..247: the greys tinted yellow
constexpr int kRed = kGreys + kTints;     // 248
constexpr int kOrange = kRed + 1;         // 249
constexpr int kRuleColour = kOrange + 1;  // 250

int grey_index(int grey) { return (grey * (kGreys - 1) + 127) / 255; }
int tint_index(int grey) { return kGreys + (grey * (kTints - 1) + 127) / 255; }

// "OCR" in a 3 × 5 pixel font, each row's bits left to right.
constexpr std::array<std::array<std::uint8_t, 5>, 3> kOcrGlyphs = {{
    {0b111, 0b101, 0b101, 0b101, 0b111},  // O
    {0b111, 0b100, 0b100, 0b100, 0b111},  // C
    {0b110, 0b101, 0b110, 0b101, 0b101},  // R
}};

class Painter {
 public:
  Painter(std::vector<std::uint8_t>& index, const std::vector<std::uint8_t>& grey, int w, int h)
      : index_(index), grey_(grey), w_(w), h_(h) {}

  void set(int x, int y, int value) {
    if (x >= 0 && y >= 0 && x < w_ && y < h_)
      index_[static_cast<std::size_t>(y) * w_ + x] = static_cast<std::uint8_t>(value);
  }

  void tint(const PixelRect& r) {
    for (int y = std::max(0, r.y); y < std::min(h_, r.y + r.h); ++y)
      for (int x = std::max(0, r.x); x < std::min(w_, r.x + r.w); ++x)
        set(x, y, tint_index(grey_[static_cast<std::size_t>(y) * w_ + x]));
  }

  void fill(const PixelRect& r, int value) {
    for (int y = r.y; y < r.y + r.h; ++y)
      for (int x = r.x; x < r.x + r.w; ++x) set(x, y, value);
  }

  // An outline `thick` pixels wide inside r; dashed: `on` pixels drawn, `off` skipped along each side.
  void outline(const PixelRect& r, int value, int thick, int on, int off) {
    auto drawn = [&](int t) { return off == 0 || t % (on + off) < on; };
    for (int k = 0; k < thick; ++k) {
      for (int x = r.x; x < r.x + r.w; ++x)
        if (drawn(x - r.x)) set(x, r.y + k, value), set(x, r.y + r.h - 1 - k, value);
      for (int y = r.y; y < r.y + r.h; ++y)
        if (drawn(y - r.y)) set(r.x + k, y, value), set(r.x + r.w - 1 - k, y, value);
    }
  }

  // The word "OCR" from (x0, y0): orange letters, 2 pixels a dot, 14 pixels high.
  void ocr_tag(int x0, int y0) {
    constexpr int kDot = 2;
    for (std::size_t g = 0; g < kOcrGlyphs.size(); ++g)
      for (int row = 0; row < 5; ++row)
        for (int col = 0; col < 3; ++col)
          if (kOcrGlyphs[g][static_cast<std::size_t>(row)] & (4 >> col))
            fill({x0 + kDot + static_cast<int>(g) * 4 * kDot + col * kDot, y0 + kDot + row * kDot, kDot, kDot},
                 kOrange);
  }

 private:
  std::vector<std::uint8_t>& index_;
  const std::vector<std::uint8_t>& grey_;
  int w_, h_;
};

// The canvas as an 8-bit palette PNG (greys, tinted greys, red, orange, blue-grey: a third of the size of RGB, and
// enough to read a table), with its overlays drawn.
std::string encode_png(const Canvas& c) {
  std::vector<std::uint8_t> index(c.grey.size());
  for (std::size_t i = 0; i < c.grey.size(); ++i) index[i] = static_cast<std::uint8_t>(grey_index(c.grey[i]));
  Painter paint(index, c.grey, c.w, c.h);
  for (Mark m : {Mark::Tint, Mark::Rule, Mark::Ocr, Mark::Frame, Mark::Legend})
    for (const auto& o : c.overlays) {
      if (o.mark != m) continue;
      if (m == Mark::Tint) paint.tint(o.rect);
      if (m == Mark::Rule) paint.fill(o.rect, kRuleColour);
      if (m == Mark::Ocr) paint.outline(o.rect, kOrange, 2, 4, 3);
      if (m == Mark::Legend) {
        paint.outline(o.rect, kOrange, 2, 4, 3);
        paint.ocr_tag(o.rect.x + o.rect.w + 4, o.rect.y + 1);
      }
      if (m == Mark::Frame) {
        paint.outline(o.rect, kRed, 1, 1, 0);
        paint.outline({o.rect.x - 1, o.rect.y - 1, o.rect.w + 2, o.rect.h + 2}, kRed, 1, 1, 0);
      }
    }

  extract::PixPtr pix(pixCreate(c.w, c.h, 8));
  if (!pix) return {};
  PIXCMAP* cmap = pixcmapCreate(8);
  if (!cmap) return {};
  for (int i = 0; i < kGreys; ++i) {
    int g = i * 255 / (kGreys - 1);
    pixcmapAddColor(cmap, g, g, g);
  }
  for (int i = 0; i < kTints; ++i) {
    int g = i * 255 / (kTints - 1);
    pixcmapAddColor(cmap, g, g * 93 / 100, g * 45 / 100);
  }
  pixcmapAddColor(cmap, 220, 0, 0);
  pixcmapAddColor(cmap, 240, 130, 0);
  pixcmapAddColor(cmap, 110, 130, 170);
  pixSetColormap(pix.get(), cmap);  // the pix owns it now
  l_uint32* data = pixGetData(pix.get());
  int wpl = pixGetWpl(pix.get());
  for (int y = 0; y < c.h; ++y) {
    l_uint32* line = data + static_cast<std::ptrdiff_t>(y) * wpl;
    for (int x = 0; x < c.w; ++x) SET_DATA_BYTE(line, x, index[static_cast<std::size_t>(y) * c.w + x]);
  }
  l_uint8* bytes = nullptr;
  size_t size = 0;
  if (pixWriteMem(&bytes, &size, pix.get(), IFF_PNG) != 0 || !bytes) return {};
  std::string out(reinterpret_cast<const char*>(bytes), size);
  lept_free(bytes);
  return out;
}

void append_box(std::string& s, const extract::Box& b) {
  char buf[128];
  std::snprintf(buf, sizeof buf, "%.3f,%.3f,%.3f,%.3f;", b.x0, b.y0, b.x1, b.y1);
  s += buf;
}

}  // namespace

std::string EvidenceRegion::key() const {
  std::string s = std::to_string(page) + (table_rows ? "t:" : ":");
  append_box(s, box);
  s += "h" + std::to_string(header.page) + ":";
  append_box(s, header.box);
  s += "l";
  for (const auto& l : labels) append_box(s, l);
  s += "c";
  for (const auto& c : cells) {
    s += c.cited ? "t" : "-";
    s += c.ocr ? "o" : "-";
    append_box(s, c.box);
  }
  return s;
}

std::vector<std::optional<EvidenceRegion>> evidence_regions(const audit::Report& report, const rules::RuleSet& rules) {
  std::vector<std::optional<EvidenceRegion>> out;
  out.reserve(report.findings.size());
  for (const auto& f : report.findings) {
    std::optional<EvidenceRegion> region;
    const audit::Indicator* row = nullptr;
    for (const auto& ind : report.indicators) {
      if (ind.page <= 0 || !usable(ind.row_box)) continue;
      bool by_box = f.bbox && f.page == ind.page && same_box(*f.bbox, ind.row_box);
      bool by_name = !f.bbox && f.indicator && ind.name == *f.indicator && (f.page == 0 || f.page == ind.page);
      if (by_box || by_name) {
        row = &ind;
        break;
      }
    }
    const auto& ts = report.total_score;
    if (row) {
      region = row_region(*row, cited_fields(rules, f.rule));
    } else if ((f.rule == "score.total_mismatch" || f.rule == "score.grade_mismatch") && ts.page > 0 &&
               usable(ts.row_box)) {
      region = EvidenceRegion(ts.page, ts.row_box);
      region->table_rows = true;
      if (ts.header.page > 0 && usable(ts.header.box)) region->header = ts.header;
      region->cells = shown_cells(ts.cells, ts.page, cited_fields(rules, f.rule));
    } else if (f.rule == "score.weight_sum" || f.rule == "score.level_weight_mismatch" ||
               f.rule.rfind("structure.", 0) == 0) {
      region = table_region(report, cited_fields(rules, f.rule));
    } else if (f.page > 0 && f.bbox && usable(*f.bbox)) {
      region = EvidenceRegion(f.page, *f.bbox);
    } else if (f.rule.rfind("budget.", 0) == 0 && report.budget.page > 0 && usable(report.budget.row_box)) {
      region = EvidenceRegion(report.budget.page, report.budget.row_box);
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
  auto page_size = [doc](int page) {
    double pw = doc->getPageCropWidth(page), ph = doc->getPageCropHeight(page);
    if (doc->getPageRotate(page) % 180 != 0) std::swap(pw, ph);
    return std::pair{pw, ph};
  };

  std::vector<std::optional<Canvas>> canvases(regions.size());
  // (region, piece) of each page, so each page is rendered once: the band covering all its pieces.
  std::map<int, std::vector<std::pair<std::size_t, std::size_t>>> by_page;
  for (std::size_t i = 0; i < regions.size(); ++i) {
    if (!regions[i]) continue;
    canvases[i] = lay_out(*regions[i], page_size, pages, scale, options.pad_points, options.row_pad_points, limits);
    if (!canvases[i]) continue;
    canvases[i]->grey.assign(static_cast<std::size_t>(canvases[i]->w) * canvases[i]->h, 255);
    for (std::size_t k = 0; k < canvases[i]->pieces.size(); ++k)
      by_page[canvases[i]->pieces[k].page].emplace_back(i, k);
  }

  for (const auto& [page, refs] : by_page) {
    long ux0 = 0, uy0 = 0, ux1 = 0, uy1 = 0;
    bool first = true;
    for (auto [i, k] : refs) {
      const Piece& p = canvases[i]->pieces[k];
      long x0 = px(p.src.x0, scale), y0 = px(p.src.y0, scale), x1 = px(p.src.x1, scale), y1 = px(p.src.y1, scale);
      if (first) ux0 = x0, uy0 = y0, ux1 = x1, uy1 = y1, first = false;
      ux0 = std::min(ux0, x0), uy0 = std::min(uy0, y0), ux1 = std::max(ux1, x1), uy1 = std::max(uy1, y1);
    }
    if (ux1 <= ux0 || uy1 <= uy0) continue;
    doc->displayPageSlice(dev.get(), page, options.dpi, options.dpi, 0, false, true, false, static_cast<int>(ux0),
                          static_cast<int>(uy0), static_cast<int>(ux1 - ux0), static_cast<int>(uy1 - uy0));
    SplashBitmap* bitmap = dev->getBitmap();
    if (!bitmap || bitmap->getMode() != splashModeRGB8) continue;
    const unsigned char* src = bitmap->getDataPtr();
    for (auto [i, k] : refs) {
      Canvas& c = *canvases[i];
      const Piece& p = c.pieces[k];
      long sx0 = px(p.src.x0, scale) - ux0, sy0 = px(p.src.y0, scale) - uy0;
      int w = width_px(p.src, scale), h = height_px(p.src, scale);
      for (int y = 0; y < h; ++y) {
        long sy = sy0 + y;
        int dy = p.dy + y;
        if (sy < 0 || sy >= bitmap->getHeight() || dy < 0 || dy >= c.h) continue;
        const unsigned char* line = src + static_cast<std::ptrdiff_t>(sy) * bitmap->getRowSize();
        for (int x = 0; x < w; ++x) {
          long sx = sx0 + x;
          int dx = p.dx + x;
          if (sx < 0 || sx >= bitmap->getWidth() || dx < 0 || dx >= c.w) continue;
          const unsigned char* rgb = line + 3 * sx;
          c.grey[static_cast<std::size_t>(dy) * c.w + dx] =
              static_cast<std::uint8_t>((299 * rgb[0] + 587 * rgb[1] + 114 * rgb[2]) / 1000);
        }
      }
    }
  }
  for (std::size_t i = 0; i < regions.size(); ++i)
    if (canvases[i]) out[i] = encode_png(*canvases[i]);
  return out;
}

}  // namespace jx::outputs
