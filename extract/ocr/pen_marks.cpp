#include "extract/ocr/internal/pen_marks.h"

#include <algorithm>
#include <cmath>

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
    if (suspect) suspects.push_back({i, b, tone});
  }
  if (static_cast<int>(print.size()) < kMinPrintPieces || suspects.empty()) return out;
  std::nth_element(print.begin(), print.begin() + print.size() / 2, print.end());
  const float print_tone = print[print.size() / 2];
  l_uint32 paper_value = 255;
  if (pixGetRankValue(grey, 4, 0.5f, &paper_value) != 0) return out;
  const double paper = paper_value;
  const double limit = print_tone + kPenTone * (paper - print_tone);
  for (const Piece& p : suspects) {
    if (p.tone <= limit) continue;
    PixPtr mask(pixaGetPix(pixa.get(), p.index, L_CLONE));
    if (!mask) continue;
    pixRasterop(ink, p.box.x, p.box.y, p.box.w, p.box.h, PIX_DST & PIX_NOT(PIX_SRC), mask.get(), 0, 0);
    if (clean != nullptr) {
      // The stroke's soft edge lies outside its ink: whitened one pixel around it.
      PixPtr framed(pixAddBorder(mask.get(), 1, 0));
      PixPtr wide(framed ? pixDilateBrick(nullptr, framed.get(), 3, 3) : nullptr);
      if (wide) pixPaintThroughMask(clean, wide.get(), p.box.x - 1, p.box.y - 1, 0xff);
    }
    out.push_back(p.box);
  }
  return out;
}

}  // namespace jx::extract::ocr
