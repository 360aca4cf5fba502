// Punctuation: one full stop for several marks, quotes that alternate, Chinese colons and semicolons.
#include "extract/ocr/internal/punctuation.h"

#include "extract/ocr/internal/arbitration.h"
#include "extract/ocr/internal/number_repair.h"

namespace jx::extract::ocr {

void one_full_stop(std::vector<Glyph>& glyphs, const Band& band, double dpi) {
  auto mark = [](const std::string& t) {
    return t == "." || t == "。" || t == "*" || t == "·" || t == "．" || t == "°" || t == "o";
  };
  double k = 72.0 / dpi;
  for (std::size_t i = 0; i < glyphs.size(); ++i) {
    std::size_t j = i;
    bool stop = false;
    for (; j < glyphs.size() && mark(glyphs[j].text); ++j) stop = stop || glyphs[j].text == "。";
    if (j - i < 2 || !stop) continue;
    double x0 = glyphs[i].box.x0, x1 = glyphs[j - 1].box.x1;
    int blots = 0;
    for (const PixelBox& p : band.parts) {
      bool small = p.h * 2 < band.box.h;
      bool inside = (p.x + p.w) * k > x0 && p.x * k < x1;
      blots += small && inside ? 1 : 0;
    }
    if (blots != 1) continue;
    glyphs[i].text = "。";
    glyphs[i].box.x1 = x1;
    glyphs.erase(glyphs.begin() + static_cast<std::ptrdiff_t>(i + 1), glyphs.begin() + static_cast<std::ptrdiff_t>(j));
  }
}

void alternate_quotes(std::vector<Glyph>& glyphs) {
  bool open = false;
  for (std::size_t i = 0; i < glyphs.size(); ++i) {
    std::string& t = glyphs[i].text;
    if (t == "“") {
      open = true;
    } else if (t == "”") {
      bool text_after = i + 1 < glyphs.size() && glyphs[i + 1].text.size() > 1 && glyphs[i + 1].text != "”" &&
                        glyphs[i + 1].text != "“";
      if (!open && text_after) {
        t = "“";
        open = true;
      } else {
        open = false;
      }
    }
  }
}

void chinese_colons(std::vector<Glyph>& glyphs) {
  for (std::size_t i = 1; i + 1 < glyphs.size(); ++i) {
    std::string& t = glyphs[i].text;
    if ((t != ":" && t != ";") || !ideograph(glyphs[i + 1])) continue;
    // After an ideograph, or after a label's number that follows one ("指标1：").
    std::size_t j = i;
    while (j > 0 && ascii_digit(glyphs[j - 1])) --j;
    if (j > 0 && ideograph(glyphs[j - 1])) t = t == ":" ? "：" : "；";
  }
}

}  // namespace jx::extract::ocr
