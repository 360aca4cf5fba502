#include "extract/ocr/internal/pen_marks.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace jx::extract::ocr {

namespace {

// A piece of ink at least this long one way (inches), longer than a character of the forms' body text, may be a pen's
// stroke: shorter ones (a character, a dot, a comma) are left alone whatever their tone.
constexpr double kPenExtent = 0.2;
// ... and at least this long the other way: a stroke that curves or slants. A straight thin line (a printed dash, what
// is left of a ruling) scans as light as a pen's and is left alone.
constexpr double kPenSpread = 0.05;
// Pieces this long one way (inches) are of a character's size: their tones are the print's.
constexpr double kPrintMin = 0.04, kPrintMax = 0.3;
// Below this many pieces of print the page's print tone is not known.
constexpr int kMinPrintPieces = 20;
// How far from the print's tone towards the paper's a pen's stroke lies, at least.
constexpr double kPenTone = 0.2;
// The rank of a piece's pixels whose grey is its tone: its darkest tenth.
constexpr float kToneRank = 0.1f;
// Printed text keeps clear of its cell's rulings; ink within this many inches of a cell's edge ran across it.
constexpr double kAtEdge = 0.01;
// A piece as dark as print may be print with a stroke run through it. Its print is the ink within this many inches of
// its pixels as dark as print (a printed stroke's soft edge); the rest, lighter throughout, is a stroke if it
// reaches kPartExtent one way and kPenSpread the other (print's thin strokes run straight) or kPenExtent one way.
constexpr double kPrintEdge = 0.007;
constexpr double kPartExtent = 0.1;
// A pixel is as dark as print when it lies this share of the way from the print's tone to the paper's, or less:
// half of kPenTone, below a ballpoint line's darkest pixels.
constexpr double kPrintCore = 0.1;

}  // namespace

std::vector<PixelBox> remove_pen_marks(PIX* grey, PIX* ink, PIX* clean, const std::vector<PixelBox>& cells,
                                       double dpi) {
  std::vector<PixelBox> out;
  if (grey == nullptr || ink == nullptr || pixGetDepth(grey) != 8 || pixGetDepth(ink) != 1) return out;
  PIXA* raw = nullptr;
  BoxaPtr boxa(pixConnComp(ink, &raw, 8));
  PixaPtr pixa(raw);
  if (!boxa || !pixa) return out;
  const int n = boxaGetCount(boxa.get());
  const double print_min = dpi * kPrintMin, print_max = dpi * kPrintMax, pen = dpi * kPenExtent;
  const double spread = dpi * kPenSpread;
  const int edge = std::max(1, static_cast<int>(std::lround(dpi * kAtEdge)));
  // Whether `b` lies in a cell and reaches to within `edge` of one of its sides.
  auto at_edge = [&](const PixelBox& b) {
    for (const PixelBox& c : cells) {
      if (b.x < c.x || b.y < c.y || b.x + b.w > c.x + c.w || b.y + b.h > c.y + c.h) continue;
      return b.x - c.x <= edge || b.y - c.y <= edge || c.x + c.w - (b.x + b.w) <= edge ||
             c.y + c.h - (b.y + b.h) <= edge;
    }
    return false;
  };
  struct Piece {
    int index;
    PixelBox box;
    float tone;
    PixPtr grey;  // the page's grey under `box`
  };
  std::vector<Piece> suspects;
  std::vector<float> print;
  for (int i = 0; i < n; ++i) {
    PixelBox b;
    if (boxaGetBoxGeometry(boxa.get(), i, &b.x, &b.y, &b.w, &b.h) != 0) continue;
    const int extent = std::max(b.w, b.h);
    if (extent < print_min) continue;
    const bool suspect = (extent >= pen && std::min(b.w, b.h) >= spread) || at_edge(b);
    if (extent > print_max && !suspect) continue;  // its tone is of no use
    BoxPtr clip(boxCreate(b.x, b.y, b.w, b.h));
    PixPtr part(clip ? pixClipRectangle(grey, clip.get(), nullptr) : nullptr);
    PixPtr mask(pixaGetPix(pixa.get(), i, L_CLONE));
    float tone = 0;
    if (!part || !mask || pixGetRankValueMasked(part.get(), mask.get(), 0, 0, 1, kToneRank, &tone, nullptr) != 0)
      continue;
    if (extent <= print_max) print.push_back(tone);
    if (suspect) suspects.push_back({i, b, tone, std::move(part)});
  }
  if (static_cast<int>(print.size()) < kMinPrintPieces || suspects.empty()) return out;
  std::nth_element(print.begin(), print.begin() + print.size() / 2, print.end());
  const float print_tone = print[print.size() / 2];
  l_uint32 paper_value = 255;
  if (pixGetRankValue(grey, 4, 0.5f, &paper_value) != 0) return out;
  const double paper = paper_value;
  const double limit = print_tone + kPenTone * (paper - print_tone);
  // Takes `stroke` (1 bpp, its top-left at page pixel x, y) out of the ink and whitens it and its soft edge, one pixel
  // round it, in `clean`.
  auto take_out = [&](PIX* stroke, int x, int y) {
    const int w = pixGetWidth(stroke), h = pixGetHeight(stroke);
    pixRasterop(ink, x, y, w, h, PIX_DST & PIX_NOT(PIX_SRC), stroke, 0, 0);
    if (clean == nullptr) return;
    PixPtr framed(pixAddBorder(stroke, 1, 0));
    PixPtr wide(framed ? pixDilateBrick(nullptr, framed.get(), 3, 3) : nullptr);
    if (wide) pixPaintThroughMask(clean, wide.get(), x - 1, y - 1, 0xff);
  };
  std::vector<const Piece*> dark;  // suspects as dark as print
  for (const Piece& p : suspects) {
    if (p.tone <= limit) {
      dark.push_back(&p);
      continue;
    }
    PixPtr mask(pixaGetPix(pixa.get(), p.index, L_CLONE));
    if (!mask) continue;
    take_out(mask.get(), p.box.x, p.box.y);
    out.push_back(p.box);
  }
  // Only on a page where a pen was seen is a piece as dark as print parted: without a stroke of its own, a page's
  // print is too varied in tone (thin strokes, a light scan) for its lighter parts to be told from a pen's.
  if (out.empty()) return out;
  const int print_core = static_cast<int>(print_tone + kPrintCore * (paper - print_tone));
  const int reach = 2 * std::max(1, static_cast<int>(std::lround(dpi * kPrintEdge))) + 1;
  const double part_extent = dpi * kPartExtent;
  for (const Piece* p : dark) {
    // The piece's ink far from any of its pixels as dark as print, in connected parts.
    PixPtr mask(pixaGetPix(pixa.get(), p->index, L_CLONE));
    PixPtr core(pixThresholdToBinary(p->grey.get(), print_core + 1));
    if (!mask || !core) continue;
    pixAnd(core.get(), core.get(), mask.get());
    PixPtr near(pixDilateBrick(nullptr, core.get(), reach, reach));
    PixPtr rest(near ? pixSubtract(nullptr, mask.get(), near.get()) : nullptr);
    PIXA* raw_parts = nullptr;
    BoxaPtr part_boxes(rest ? pixConnComp(rest.get(), &raw_parts, 8) : nullptr);
    PixaPtr parts(raw_parts);
    if (!part_boxes || !parts) continue;
    for (int j = 0; j < boxaGetCount(part_boxes.get()); ++j) {
      PixelBox b;
      if (boxaGetBoxGeometry(part_boxes.get(), j, &b.x, &b.y, &b.w, &b.h) != 0) continue;
      const int extent = std::max(b.w, b.h);
      if (extent < pen && (extent < part_extent || std::min(b.w, b.h) < spread)) continue;
      PixPtr stroke(pixaGetPix(parts.get(), j, L_CLONE));
      if (!stroke) continue;
      b.x += p->box.x;
      b.y += p->box.y;
      take_out(stroke.get(), b.x, b.y);
      out.push_back(b);
    }
  }
  return out;
}

}  // namespace jx::extract::ocr
