// Text-layer classification: is what Poppler decoded real text, nothing, or garbage?
#include "extract/pdf/text_layer.h"

#include <cmath>
#include <cstdio>
#include <string>

#include "core/utf8.h"
#include "extract/grid/cell_text.h"

namespace jx::extract {

namespace {

// Share of non-space glyphs that may be undecodable before the whole layer is called garbage.
constexpr double kGarbageShare = 0.30;

bool is_bad_code_point(char32_t c) {
  if (c >= 0xE000 && c <= 0xF8FF) return true;     // private use area
  if (c >= 0xF0000 && c <= 0x10FFFF) return true;  // supplementary private use planes 15 and 16
  if (c == 0xFFFD || c == 0xFFFE || c == 0xFFFF) return true;
  if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return true;
  if (c >= 0x7F && c <= 0x9F) return true;  // DEL and C1 controls
  return false;
}

}  // namespace

bool undecodable(const Glyph& g) {
  if (g.text.empty()) return true;  // an unmapped character code: drawn, but decodes to nothing
  return utf8::any_code_point(g.text, is_bad_code_point);
}

std::string distrust_undecodable(Page& page) {
  std::size_t total = 0, bad = 0;
  for (Glyph& g : page.glyphs) {
    if (!g.text.empty() && detail::is_blank(g.text)) continue;
    ++total;
    if (!undecodable(g)) continue;
    ++bad;
    g.confidence = 0;
  }
  if (bad == 0) return "";
  return "page " + std::to_string(page.number) + ": " + std::to_string(bad) + " of " + std::to_string(total) +
         " characters of the text layer do not decode (private-use or unmapped); the values in the cells that hold "
         "them are not trusted";
}

TextLayer classify_text_layer(const std::vector<Glyph>& glyphs, std::string* reason) {
  std::size_t total = 0, bad = 0;
  for (const Glyph& g : glyphs) {
    if (!g.text.empty() && detail::is_blank(g.text)) continue;
    ++total;
    if (undecodable(g)) ++bad;
  }
  if (reason) reason->clear();
  if (total == 0) return TextLayer::Empty;
  if (static_cast<double>(bad) > kGarbageShare * static_cast<double>(total)) {
    if (reason) {
      char buf[160];
      std::snprintf(buf, sizeof buf, "%d%% of %zu characters are private-use or unmapped",
                    static_cast<int>(std::lround(100.0 * static_cast<double>(bad) / static_cast<double>(total))),
                    total);
      *reason = buf;
    }
    return TextLayer::Garbage;
  }
  return TextLayer::Usable;
}

}  // namespace jx::extract
