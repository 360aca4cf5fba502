// Recognition: a crop cleaned for Tesseract, and Tesseract's reading of it as glyphs in page points.
#include "extract/ocr/internal/recognition.h"

#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "core/text.h"
#include "core/utf8.h"
#include "extract/grid/cell_text.h"  // is_blank: what counts as a drawn space

namespace jx::extract::ocr {

namespace {

// Around a band's ink, how far (inches) the grey image is kept for Tesseract: the anti-aliased edge of a stroke.
constexpr double kKeepAround = 0.012;

// The LSTM engine's symbol boxes are unreliable (in "2022" the third "2" may span the first three digits, in "150"
// the "0" the whole word), while its word boxes are sound: a word whose symbol boxes are out of reading order, or
// overlap, gets its word box split among its symbols instead, two shares for a CJK character, one for anything else.
// `word_of` gives each glyph's group (a word, or a whole line when called with lines) and `word_x` each group's x
// extent in page pixels (-1 when unknown); boxes are in points (pixel · k).
void spread_over_words(std::vector<Glyph>& glyphs, const std::vector<int>& word_of,
                       const std::vector<std::pair<int, int>>& word_x, double k) {
  std::size_t i = 0;
  while (i < glyphs.size()) {
    std::size_t j = i;
    while (j < glyphs.size() && word_of[j] == word_of[i]) ++j;
    auto [wx0, wx1] = word_x[static_cast<std::size_t>(word_of[i])];
    bool sane = true;
    for (std::size_t m = i; m + 1 < j && sane; ++m) {
      const Box& a = glyphs[m].box;
      const Box& b = glyphs[m + 1].box;
      double tolerance = 0.25 * std::min(a.width(), b.width());
      sane = b.x0 >= a.x1 - tolerance && b.x0 > a.x0;
    }
    if (!sane && wx0 >= 0 && wx1 > wx0) {
      double shares = 0;
      for (std::size_t m = i; m < j; ++m) {
        auto cps = utf8::decode(glyphs[m].text);
        shares += (!cps.empty() && is_cjk_wide(cps.front())) ? 2 : 1;
      }
      double x = wx0 * k, unit = (wx1 - wx0) * k / shares;
      for (std::size_t m = i; m < j; ++m) {
        auto cps = utf8::decode(glyphs[m].text);
        double w = ((!cps.empty() && is_cjk_wide(cps.front())) ? 2 : 1) * unit;
        glyphs[m].box.x0 = x;
        glyphs[m].box.x1 = x + w;
        x += w;
      }
    }
    i = j;
  }
}

}  // namespace

double read_scale(double dpi, double source_dpi) {
  if (!(source_dpi > 0) || !(dpi > 0)) return 1;
  const double scale = kReadDpi / std::min(dpi, source_dpi);
  // Leptonica reduces by area mapping only below 0.7; a reduction nearer 1 would be interpolated and sharpened, which
  // makes its own marks on a noisy image: such a scan is read as it is.
  return scale < kAreaMapBelow ? scale : 1;
}

Reading recognise(tesseract::TessBaseAPI& api, PIX* image, int ox, int oy, double dpi, tesseract::PageSegMode psm,
                  int line_y0, int line_y1, double scale) {
  Reading r;
  PixPtr reduced;
  // Reduced by area mapping, as a finer scan is reduced onto the page image (render.cpp): each pixel the mean of
  // what it covers, nothing sharpened.
  if (scale < 1) reduced.reset(pixScaleAreaMap(image, static_cast<float>(scale), static_cast<float>(scale)));
  if (!reduced) scale = 1;
  // Tesseract's pixel (of the image it was given) as a pixel of the crop.
  auto px = [scale](int v) { return scale == 1 ? v : static_cast<int>(std::lround(v / scale)); };
  api.SetPageSegMode(psm);
  api.SetImage(reduced ? reduced.get() : image);
  api.SetSourceResolution(static_cast<int>(std::lround(dpi * scale)));
  if (api.Recognize(nullptr) != 0) return r;
  std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
  if (!it) return r;
  double k = 72.0 / dpi;
  double sum = 0;
  std::vector<int> line_of;  // per glyph: the Tesseract text line it belongs to
  int line = -1;
  std::vector<int> word_of;                 // per glyph: the Tesseract word it belongs to
  std::vector<std::pair<int, int>> word_x;  // per word: its x extent in page pixels (-1, -1 when unknown)
  int word = -1;
  do {
    if (it->Empty(tesseract::RIL_SYMBOL)) continue;
    if (line < 0 || it->IsAtBeginningOf(tesseract::RIL_TEXTLINE)) ++line;
    if (word < 0 || it->IsAtBeginningOf(tesseract::RIL_WORD)) {
      ++word;
      int wl = 0, wt = 0, wr = 0, wb = 0;
      bool known = it->BoundingBox(tesseract::RIL_WORD, &wl, &wt, &wr, &wb) && wr > wl;
      wl = px(wl), wr = px(wr);
      word_x.emplace_back(known ? ox + wl : -1, known ? ox + wr : -1);
    }

    std::unique_ptr<char[]> text(it->GetUTF8Text(tesseract::RIL_SYMBOL));
    if (!text || detail::is_blank(text.get())) continue;
    int l = 0, t = 0, rr = 0, b = 0;
    if (!it->BoundingBox(tesseract::RIL_SYMBOL, &l, &t, &rr, &b)) continue;
    l = px(l), t = px(t), rr = px(rr), b = px(b);
    int y0 = oy + t, y1 = oy + b;
    if (line_y0 < line_y1) {
      y0 = line_y0;
      y1 = line_y1;
    } else {
      int ll = 0, lt = 0, lr = 0, lb = 0;
      if (it->BoundingBox(tesseract::RIL_TEXTLINE, &ll, &lt, &lr, &lb)) {
        lt = px(lt), lb = px(lb);
        y0 = std::min(y0, oy + lt);
        y1 = std::max(y1, oy + lb);
      }
    }
    Glyph g;
    g.text = text.get();
    g.box = Box{(ox + l) * k, y0 * k, (ox + rr) * k, y1 * k};
    g.font_size = g.box.height();
    g.confidence = std::clamp(it->Confidence(tesseract::RIL_SYMBOL), 0.0f, 100.0f);
    sum += g.confidence;
    r.text += g.text;
    r.glyphs.push_back(std::move(g));
    word_of.push_back(word);
    line_of.push_back(line);
  } while (it->Next(tesseract::RIL_SYMBOL));
  if (!r.glyphs.empty()) r.mean_confidence = sum / static_cast<double>(r.glyphs.size());
  spread_over_words(r.glyphs, word_of, word_x, k);
  // Then the same for a whole line whose words overlap (a word box reaching into the next word: "2022" over 年城).
  std::vector<std::pair<int, int>> line_x(static_cast<std::size_t>(line + 1), {-1, -1});
  for (std::size_t i = 0; i < r.glyphs.size(); ++i) {
    auto& [x0, x1] = line_x[static_cast<std::size_t>(line_of[i])];
    auto [wx0, wx1] = word_x[static_cast<std::size_t>(word_of[i])];
    if (wx0 < 0) continue;
    x0 = x0 < 0 ? wx0 : std::min(x0, wx0);
    x1 = std::max(x1, wx1);
  }
  spread_over_words(r.glyphs, line_of, line_x, k);
  // Symbols of one word touch: the gap rule of join_cell_text must not put spaces inside "３，６００" (full-width
  // digits leave wide gaps) or "2021", while a gap between Tesseract's words stays and may become a space.
  // Digits, separators and % of one line touch too: a number never holds a space ("3 ,600", "9 0 %").
  auto numeric = [](const std::string& t) {
    auto cps = utf8::decode(t);
    return cps.size() == 1 &&
           ((cps[0] >= U'0' && cps[0] <= U'9') || (cps[0] >= U'\uFF10' && cps[0] <= U'\uFF19') || cps[0] == U'.' ||
            cps[0] == U',' || cps[0] == U'%' || cps[0] == U'\uFF0C' || cps[0] == U'\uFF0E' || cps[0] == U'\uFF05');
  };
  for (std::size_t i = 0; i + 1 < r.glyphs.size(); ++i) {
    Glyph& a = r.glyphs[i];
    const Glyph& b = r.glyphs[i + 1];
    bool same = word_of[i] == word_of[i + 1] || (line_of[i] == line_of[i + 1] && numeric(a.text) && numeric(b.text));
    if (same && b.box.x0 > a.box.x1 && std::abs(b.box.cy() - a.box.cy()) < a.box.height() / 2) a.box.x1 = b.box.x0;
  }
  return r;
}

PixPtr clean_crop(PIX* page, PIX* ink, const Band& band, const PixelBox& limit, int grow, int margin, double dpi,
                  int* ox, int* oy) {
  const PixelBox& box = band.box;
  int x0 = std::max(limit.x, box.x - grow), y0 = std::max(limit.y, box.y - grow);
  int x1 = std::min({limit.x + limit.w, box.x + box.w + grow, static_cast<int>(pixGetWidth(page))});
  int y1 = std::min({limit.y + limit.h, box.y + box.h + grow, static_cast<int>(pixGetHeight(page))});
  if (x1 <= x0 || y1 <= y0) return nullptr;
  int w = x1 - x0, h = y1 - y0;
  BoxPtr clip(boxCreate(x0, y0, w, h));
  if (!clip) return nullptr;
  PixPtr crop(pixClipRectangle(page, clip.get(), nullptr));
  PixPtr mask(pixCreate(w, h, 1));
  if (!crop || !mask || pixGetDepth(crop.get()) != 8) return nullptr;
  pixRasterop(mask.get(), 0, 0, w, h, PIX_SRC, ink, x0, y0);
  int r = std::max(1, static_cast<int>(std::lround(dpi * kKeepAround)));
  PixPtr near(pixDilateBrick(nullptr, mask.get(), 2 * r + 1, 2 * r + 1));
  if (!near) return nullptr;
  // Paper: the mean grey away from the ink; ink: the grey the darkest tenth of the ink's surroundings reaches.
  PixPtr away(pixInvert(nullptr, near.get()));
  float paper = 255, dark = 0;
  l_int32 no_paper = 1;
  if (!away || pixZero(away.get(), &no_paper) != 0 || no_paper ||
      pixGetAverageMasked(crop.get(), away.get(), 0, 0, 1, L_MEAN_ABSVAL, &paper) != 0)
    paper = 255;
  if (pixGetRankValueMasked(crop.get(), mask.get(), 0, 0, 1, 0.1f, &dark, nullptr) != 0) dark = 0;
  bool stretch = paper - dark >= 24;
  l_uint32* data = pixGetData(crop.get());
  l_uint32* mdata = pixGetData(near.get());
  int wpl = pixGetWpl(crop.get()), mwpl = pixGetWpl(near.get());
  for (int y = 0; y < h; ++y) {
    l_uint32* line = data + static_cast<std::ptrdiff_t>(y) * wpl;
    l_uint32* mline = mdata + static_cast<std::ptrdiff_t>(y) * mwpl;
    for (int x = 0; x < w; ++x) {
      if (!GET_DATA_BIT(mline, x)) {
        SET_DATA_BYTE(line, x, 255);
      } else if (stretch) {
        double v = (GET_DATA_BYTE(line, x) - dark) * 255.0 / (paper - dark);
        SET_DATA_BYTE(line, x, static_cast<int>(std::clamp(v, 0.0, 255.0)));
      }
    }
  }
  *ox = x0 - margin;
  *oy = y0 - margin;
  return PixPtr(pixAddBorder(crop.get(), margin, 0xff));
}
}  // namespace jx::extract::ocr
