// Ink layout: components of a region's ink grouped into text bands; the page's usual line height; a crisp threshold.
#include "extract/ocr/internal/ink_layout.h"

#include <algorithm>
#include <cmath>

#include "extract/ocr/ocr_cells.h"

namespace jx::extract::ocr {

PixelBox unite(const PixelBox& a, const PixelBox& b) {
  if (a.w <= 0 || a.h <= 0) return b;
  int x0 = std::min(a.x, b.x), y0 = std::min(a.y, b.y);
  int x1 = std::max(a.x + a.w, b.x + b.w), y1 = std::max(a.y + a.h, b.y + b.h);
  return PixelBox{x0, y0, x1 - x0, y1 - y0};
}

bool overlap(const PixelBox& a, const PixelBox& b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

InkLayout ink_layout(PIX* ink, const PixelBox& region, double dpi, int line_height) {
  InkLayout out;
  BoxPtr clip(boxCreate(region.x, region.y, region.w, region.h));
  if (!clip) return out;
  PixPtr crop(pixClipRectangle(ink, clip.get(), nullptr));
  if (!crop) return out;
  BoxaPtr boxa(pixConnCompBB(crop.get(), 8));
  if (!boxa) return out;
  int min_size = std::max(3, static_cast<int>(std::lround(dpi * 0.022)));
  int n = boxaGetCount(boxa.get());
  std::vector<PixelBox> parts;
  for (int i = 0; i < n; ++i) {
    PixelBox b;
    if (boxaGetBoxGeometry(boxa.get(), i, &b.x, &b.y, &b.w, &b.h) != 0) continue;
    if (std::max(b.w, b.h) < min_size) continue;
    b.x += region.x;
    b.y += region.y;
    parts.push_back(b);
  }
  if (parts.empty()) return out;
  // Bands are formed by the character-sized parts; the small ones (the top stroke of 元, the dot of 辶, a comma) then
  // join the band they overlap or lie next to, so they never make a band of their own.
  std::vector<int> heights;
  heights.reserve(parts.size());
  for (const PixelBox& p : parts) heights.push_back(p.h);
  std::sort(heights.begin(), heights.end());
  int reference = heights[(heights.size() * 9) / 10];
  std::vector<PixelBox> big, small;
  for (const PixelBox& p : parts) (p.h * 20 >= reference * 9 ? big : small).push_back(p);
  std::sort(big.begin(), big.end(), [](const PixelBox& a, const PixelBox& b) { return a.y < b.y; });
  for (const PixelBox& p : big) {
    out.box = unite(out.box, p);
    if (!out.bands.empty()) {
      Band& last = out.bands.back();
      int overlap = std::min(last.box.y + last.box.h, p.y + p.h) - std::max(last.box.y, p.y);
      if (overlap * 2 > std::min(p.h, last.box.h)) {
        last.box = unite(last.box, p);
        last.parts.push_back(p);
        continue;
      }
    }
    out.bands.push_back(Band{p, {p}});
  }
  for (const PixelBox& p : small) {
    out.box = unite(out.box, p);
    Band* best = nullptr;
    int best_distance = 1 << 30;
    for (Band& band : out.bands) {
      int distance = std::max({0, band.box.y - (p.y + p.h), p.y - (band.box.y + band.box.h)});
      if (distance < best_distance) {
        best_distance = distance;
        best = &band;
      }
    }
    if (best != nullptr && best_distance * 3 <= best->box.h) {
      best->box = unite(best->box, p);
      best->parts.push_back(p);
    } else {
      out.bands.push_back(Band{p, {p}});
    }
  }
  std::sort(out.bands.begin(), out.bands.end(), [](const Band& a, const Band& b) { return a.box.y < b.box.y; });
  // One character in pieces stacked one above the other (个: the roof, then the stem below it) is one band, not two:
  // bands that touch or overlap and together are no taller than a character merge.
  for (std::size_t i = 1; i < out.bands.size();) {
    Band& a = out.bands[i - 1];
    const Band& b = out.bands[i];
    int gap = b.box.y - (a.box.y + a.box.h);
    PixelBox merged = unite(a.box, b.box);
    int ref = std::max(reference, line_height);
    if (gap * 4 <= ref && merged.h * 20 <= ref * 27) {
      a.box = merged;
      a.parts.insert(a.parts.end(), b.parts.begin(), b.parts.end());
      out.bands.erase(out.bands.begin() + static_cast<std::ptrdiff_t>(i));
      continue;
    }
    ++i;
  }
  // A lone speck off a line's ends and clear of its baseline (a grain of the scan, the corner of a ruling) is no
  // text: no character is a single dot there (a closing quote is two marks, a full stop sits on the baseline).
  for (Band& band : out.bands) {
    if (band.parts.size() < 2) continue;
    auto lone_speck = [&](std::size_t i) {
      const PixelBox& p = band.parts[i];
      if (std::max(p.w, p.h) * 4 >= reference || (p.y + p.h - band.box.y) * 4 > band.box.h * 3) return false;
      int x0 = 1 << 30, x1 = -(1 << 30);
      for (std::size_t j = 0; j < band.parts.size(); ++j) {
        if (j == i) continue;
        x0 = std::min(x0, band.parts[j].x);
        x1 = std::max(x1, band.parts[j].x + band.parts[j].w);
      }
      int gap = reference / 2;
      return p.x >= x1 + gap || p.x + p.w + gap <= x0;
    };
    bool dropped = false;
    for (std::size_t i = 0; i < band.parts.size();) {
      if (band.parts.size() >= 2 && lone_speck(i)) {
        band.parts.erase(band.parts.begin() + static_cast<std::ptrdiff_t>(i));
        dropped = true;
        continue;
      }
      ++i;
    }
    if (!dropped) continue;
    band.box = PixelBox{};
    for (const PixelBox& p : band.parts) band.box = unite(band.box, p);
  }
  return out;
}

PixPtr sharp_ink(PIX* grey, const PixelBox& b) {
  BoxPtr clip(boxCreate(b.x, b.y, b.w, b.h));
  if (!clip) return nullptr;
  PixPtr crop(pixClipRectangle(grey, clip.get(), nullptr));
  if (!crop || pixGetDepth(crop.get()) != 8) return nullptr;
  float dark = 0, paper = 255;
  if (pixGetRankValueMasked(crop.get(), nullptr, 0, 0, 1, 0.03f, &dark, nullptr) != 0 ||
      pixGetRankValueMasked(crop.get(), nullptr, 0, 0, 1, 0.7f, &paper, nullptr) != 0 || paper - dark < 24)
    return nullptr;
  return PixPtr(pixThresholdToBinary(crop.get(), static_cast<int>(std::lround((dark + paper) / 2))));
}

}  // namespace jx::extract::ocr

namespace jx::extract {

int typical_line_height(PIX* ink, const std::vector<PixelBox>& cells, double dpi) {
  std::vector<int> heights;
  for (const PixelBox& cell : cells) {
    ocr::InkLayout layout = ocr::ink_layout(ink, cell, dpi, 0);
    for (const ocr::Band& b : layout.bands)
      if (b.parts.size() >= 2 && std::max(b.box.w, b.box.h) >= dpi * ocr::kMinBand) heights.push_back(b.box.h);
  }
  if (heights.empty()) return 0;
  std::nth_element(heights.begin(), heights.begin() + heights.size() / 2, heights.end());
  return heights[heights.size() / 2];
}

}  // namespace jx::extract
