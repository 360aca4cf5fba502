// Decides whether a page's text layer can be trusted (Usable), is absent (Empty) or decodes to garbage
// (private-use, U+FFFD, control characters, unmapped CIDs): the OCR path takes over the last two.
#pragma once

#include <string>
#include <vector>

#include "extract/page.h"

namespace jx::extract {

TextLayer classify_text_layer(const std::vector<Glyph>& glyphs, std::string* reason);

// Whether one glyph of a text layer decodes to nothing usable (an unmapped code, private-use, U+FFFD, a control).
bool undecodable(const Glyph& glyph);

// On a page whose layer is Usable but partly undecodable: gives each undecodable glyph confidence 0 (the cells that
// hold one then carry it, and every value read from them is flagged by extract.low_confidence instead of trusted)
// and returns a warning naming the page and the share; "" when every glyph decodes.
std::string distrust_undecodable(Page& page);

}  // namespace jx::extract
