// Decides whether a page's text layer can be trusted (Usable), is absent (Empty) or decodes to garbage
// (private-use, U+FFFD, control characters, unmapped CIDs): the OCR path takes over the last two.
#pragma once

#include <string>
#include <vector>

#include "extract/page.h"

namespace jx::extract {

TextLayer classify_text_layer(const std::vector<Glyph>& glyphs, std::string* reason);

}  // namespace jx::extract
