// Where a TrueType font's Unicode cmap can map: the reader recovers the text of a CID TrueType font without a
// ToUnicode map from the font program's own cmap, reversed (extract/pdf/pdf_reader.cpp), and asks Poppler's
// FoFiTrueType::mapCodeToGID only for the codes the chosen subtable covers, not for every code point.
#pragma once

#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

class FoFiTrueType;

namespace jx::extract {

// The ranges of code points (first, last; inclusive, ascending, not overlapping) outside which
// FoFiTrueType::mapCodeToGID(index, c) is 0 for subtable `index` of the 'cmap' table of the TrueType font `font`
// (`size` bytes, which `tt` is FoFiTrueType's reading of): the segments of format 4, the groups of format 12, the
// 16-bit range of formats 0 and 6. nullopt when the subtable has another format, the font is a collection, or any
// of it lies where this reading and FoFiTrueType's could differ (an entry outside the file): the caller then asks
// for every code point.
std::optional<std::vector<std::pair<char32_t, char32_t>>> cmap_code_ranges(const unsigned char* font, std::size_t size,
                                                                           const FoFiTrueType& tt, int index);

}  // namespace jx::extract
