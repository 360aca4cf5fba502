// A page photographed at a slant, found from its long rulings and warped square with Leptonica.
#include "extract/ocr/perspective.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace jx::extract {

namespace {

// A ruling fitted as a straight line: across = pos + slope · (along − mid), where `along` runs with the line (x for a
// horizontal one) and `across` the other way; [lo, hi] its extent along.
struct FittedLine {
  double pos = 0, slope = 0, mid = 0;
  int lo = 0, hi = 0;
  int length() const { return hi - lo + 1; }
  double at(double along) const { return pos + slope * (along - mid); }
};

// What a ruling may be, as shares of the page or inches.
constexpr double kBrickInches = 0.1;       // the opening keeps runs this long: a ruling's steps at up to 3°, not text
constexpr double kMaxSlope = 0.05;         // about 3°: steeper is not a ruling of this page
constexpr double kThickInches = 0.04;      // a ruling is at most this thick (a filled block is not one)
constexpr double kMaxResidual = 1.5;       // pixels: a point further from the fitted line is a stroke touching it
constexpr double kMaxRms = 1.0;            // pixels: a ruling is straight within this
constexpr double kMinLineInches = 1.0;     // a ruling fitted is at least this long
constexpr double kLongShare = 0.5;         // a frame line is at least this share of the longest line its way
constexpr double kMinSpanInches = 1.0;     // the two frame lines each way are at least this far apart
constexpr double kMinShiftInches = 0.012;  // corners closer than this to a rectangle: nothing to straighten
constexpr double kMaxShiftShare = 0.06;    // a corner moved further than this share of the page is not a slant

// The rulings of a 1 bpp page running one way (`horizontal`), fitted as straight lines: runs of ink at least a brick
// long, joined into connected pieces, each piece long and thin enough fitted by least squares over the middle of its
// ink column by column (row by row for a vertical one), points off the line dropped once.
std::vector<FittedLine> fitted_lines(PIX* binary, bool horizontal, double dpi) {
  std::vector<FittedLine> out;
  const int brick = std::max(8, static_cast<int>(std::lround(dpi * kBrickInches)));
  PixPtr mask(horizontal ? pixOpenBrick(nullptr, binary, brick, 1) : pixOpenBrick(nullptr, binary, 1, brick));
  if (!mask) return out;
  PIXA* raw = nullptr;
  BoxaPtr boxa(pixConnComp(mask.get(), &raw, 8));
  PixaPtr pixa(raw);
  if (!boxa || !pixa) return out;
  const int max_thick = std::max(3, static_cast<int>(std::lround(dpi * kThickInches)));
  const int n = boxaGetCount(boxa.get());
  for (int i = 0; i < n; ++i) {
    int bx = 0, by = 0, bw = 0, bh = 0;
    if (boxaGetBoxGeometry(boxa.get(), i, &bx, &by, &bw, &bh) != 0) continue;
    const int along_size = horizontal ? bw : bh, across_size = horizontal ? bh : bw;
    if (along_size < dpi * kMinLineInches) continue;
    if (across_size > along_size * kMaxSlope + max_thick) continue;
    PixPtr piece(pixaGetPix(pixa.get(), i, L_CLONE));
    if (!piece) continue;
    l_uint32* data = pixGetData(piece.get());
    const int wpl = pixGetWpl(piece.get());
    // The middle of the ink across the line at each step along it; a step whose ink is thicker than a ruling has a
    // stroke touching the line there, and is left out.
    std::vector<double> along, across;
    const int step = std::max(1, along_size / 400);
    for (int a = 0; a < along_size; a += step) {
      double sum = 0;
      int count = 0;
      for (int c = 0; c < across_size; ++c) {
        const int x = horizontal ? a : c, y = horizontal ? c : a;
        if (l_getDataBit(data + static_cast<std::ptrdiff_t>(y) * wpl, x) != 0) {
          sum += c;
          ++count;
        }
      }
      if (count == 0 || count > max_thick) continue;
      along.push_back(a + (horizontal ? bx : by));
      across.push_back(sum / count + (horizontal ? by : bx));
    }
    if (along.size() < 20) continue;
    FittedLine line;
    line.lo = horizontal ? bx : by;
    line.hi = line.lo + along_size - 1;
    std::vector<bool> use(along.size(), true);
    double rms = 0;
    for (int pass = 0; pass < 2; ++pass) {
      double n_used = 0, sa = 0, sc = 0;
      for (size_t k = 0; k < along.size(); ++k) {
        if (!use[k]) continue;
        n_used += 1;
        sa += along[k];
        sc += across[k];
      }
      if (n_used < 20) break;
      line.mid = sa / n_used;
      line.pos = sc / n_used;
      double saa = 0, sac = 0;
      for (size_t k = 0; k < along.size(); ++k) {
        if (!use[k]) continue;
        saa += (along[k] - line.mid) * (along[k] - line.mid);
        sac += (along[k] - line.mid) * (across[k] - line.pos);
      }
      line.slope = saa > 0 ? sac / saa : 0;
      double sq = 0;
      for (size_t k = 0; k < along.size(); ++k) {
        const double r = across[k] - line.at(along[k]);
        if (pass == 0 && std::abs(r) > kMaxResidual) use[k] = false;
        if (use[k]) sq += r * r;
      }
      rms = std::sqrt(sq / n_used);
    }
    if (std::abs(line.slope) > kMaxSlope || rms > kMaxRms) continue;
    out.push_back(line);
  }
  return out;
}

// The long lines of `lines` (at least kLongShare of the longest), the first and last across; false when there are
// not two of them `min_span` apart. `centre` is where along the lines they are compared.
bool outer_pair(const std::vector<FittedLine>& lines, double centre, double min_span, FittedLine* first,
                FittedLine* last) {
  int longest = 0;
  for (const FittedLine& l : lines) longest = std::max(longest, l.length());
  const FittedLine* a = nullptr;
  const FittedLine* b = nullptr;
  for (const FittedLine& l : lines) {
    if (l.length() < longest * kLongShare) continue;
    if (a == nullptr || l.at(centre) < a->at(centre)) a = &l;
    if (b == nullptr || l.at(centre) > b->at(centre)) b = &l;
  }
  if (a == nullptr || b->at(centre) - a->at(centre) < min_span) return false;
  *first = *a;
  *last = *b;
  return true;
}

// Where horizontal line `h` (y as a function of x) meets vertical line `v` (x as a function of y).
PixelPoint meet(const FittedLine& h, const FittedLine& v) {
  // y = h.pos + h.slope (x − h.mid), x = v.pos + v.slope (y − v.mid).
  const double denom = 1 - h.slope * v.slope;
  const double y = (h.pos + h.slope * (v.pos - v.slope * v.mid - h.mid)) / denom;
  return {v.at(y), y};
}

}  // namespace

std::optional<Rectification> find_perspective(PIX* binary, double dpi) {
  if (binary == nullptr || pixGetDepth(binary) != 1 || dpi <= 0) return std::nullopt;
  const int width = pixGetWidth(binary), height = pixGetHeight(binary);
  FittedLine top, bottom, left, right;
  if (!outer_pair(fitted_lines(binary, true, dpi), width / 2.0, dpi * kMinSpanInches, &top, &bottom) ||
      !outer_pair(fitted_lines(binary, false, dpi), height / 2.0, dpi * kMinSpanInches, &left, &right))
    return std::nullopt;
  Rectification r;
  r.from = {meet(top, left), meet(top, right), meet(bottom, right), meet(bottom, left)};
  const double x0 = (r.from[0].x + r.from[3].x) / 2, x1 = (r.from[1].x + r.from[2].x) / 2;
  const double y0 = (r.from[0].y + r.from[1].y) / 2, y1 = (r.from[2].y + r.from[3].y) / 2;
  r.to = {PixelPoint{x0, y0}, PixelPoint{x1, y0}, PixelPoint{x1, y1}, PixelPoint{x0, y1}};
  for (size_t k = 0; k < 4; ++k)
    r.shift = std::max(r.shift, std::hypot(r.from[k].x - r.to[k].x, r.from[k].y - r.to[k].y));
  if (r.shift < dpi * kMinShiftInches || r.shift > std::min(width, height) * kMaxShiftShare) return std::nullopt;
  return r;
}

PixPtr rectify(PIX* pix, const Rectification& r) {
  if (pix == nullptr) return nullptr;
  PtaPtr from(ptaCreate(4)), to(ptaCreate(4));
  if (!from || !to) return nullptr;
  for (size_t k = 0; k < 4; ++k) {
    ptaAddPt(from.get(), static_cast<float>(r.from[k].x), static_cast<float>(r.from[k].y));
    ptaAddPt(to.get(), static_cast<float>(r.to[k].x), static_cast<float>(r.to[k].y));
  }
  // Leptonica's arguments: the points where they go, then where they are.
  return PixPtr(pixProjectivePta(pix, to.get(), from.get(), L_BRING_IN_WHITE));
}

}  // namespace jx::extract
