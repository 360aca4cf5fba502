// cmap_code_ranges (extract/pdf/truetype_cmap.h) on the TrueType programs embedded in the samples: no code point
// Poppler maps to a glyph lies outside the ranges it gives; and a font cut short gives no ranges rather than wrong
// ones.
#include "extract/pdf/truetype_cmap.h"

#include <GfxFont.h>
#include <PDFDoc.h>
#include <Stream.h>
#include <XRef.h>
#include <fofi/FoFiTrueType.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "extract/pdf/poppler_session.h"

namespace {

using jx::extract::cmap_code_ranges;

// The decoded /FontFile2 programs of every font descriptor in the PDF at `path`.
std::vector<std::vector<unsigned char>> truetype_programs(const std::string& path) {
  std::vector<std::vector<unsigned char>> programs;
  std::vector<std::string> warnings;
  jx::Limits limits;
  jx::extract::PopplerWarningSink sink(&warnings, limits.max_warnings_per_document);
  auto opened = jx::extract::open_document(path, limits, sink);
  if (!opened.doc) return programs;
  XRef* xref = opened.doc->getXRef();
  for (int num = 1; num < xref->getNumObjects(); ++num) {
    Object o = xref->fetch(num, 0);
    if (!o.isDict() || !o.dictLookup("Type").isName("FontDescriptor")) continue;
    Object file = o.dictLookup("FontFile2");
    if (!file.isStream()) continue;
    programs.push_back(file.getStream()->toUnsignedChars());
  }
  return programs;
}

bool covered(const std::vector<std::pair<char32_t, char32_t>>& ranges, char32_t c) {
  for (const auto& [first, last] : ranges) {
    if (c >= first && c <= last) return true;
  }
  return false;
}

TEST(TrueTypeCmap, EveryCodeAFontMapsLiesInItsRanges) {
  int fonts = 0, subtables = 0;
  for (const auto& entry : std::filesystem::directory_iterator(JX_SOURCE_DIR "/samples")) {
    if (entry.path().extension() != ".pdf") continue;
    for (const auto& program : truetype_programs(entry.path().string())) {
      auto tt = FoFiTrueType::make(program.data(), static_cast<int>(program.size()));
      if (!tt) continue;
      ++fonts;
      for (int i = 0; i < tt->getNumCmaps(); ++i) {
        auto ranges = cmap_code_ranges(program.data(), program.size(), *tt, i);
        if (!ranges) continue;
        ++subtables;
        for (std::size_t k = 1; k < ranges->size(); ++k) {
          EXPECT_LT((*ranges)[k - 1].second + 1, (*ranges)[k].first) << "ascending, apart";
        }
        for (char32_t c = 0; c <= 0x2FFFF; ++c) {
          if (tt->mapCodeToGID(i, c) > 0 && !covered(*ranges, c)) {
            ADD_FAILURE() << entry.path().filename() << " subtable " << i << ": U+" << std::hex
                          << static_cast<unsigned>(c) << " maps to a glyph outside the ranges";
            break;
          }
        }
      }
    }
  }
  EXPECT_GT(fonts, 0) << "the samples embed TrueType programs";
  EXPECT_GT(subtables, 0) << "and their cmaps are read";
}

TEST(TrueTypeCmap, AFontCutShortGivesNoRanges) {
  for (const auto& entry : std::filesystem::directory_iterator(JX_SOURCE_DIR "/samples")) {
    if (entry.path().extension() != ".pdf") continue;
    for (auto program : truetype_programs(entry.path().string())) {
      auto whole = FoFiTrueType::make(program.data(), static_cast<int>(program.size()));
      if (!whole || whole->getNumCmaps() == 0) continue;
      // Cut right after the table directory: FoFiTrueType still reads the font, its tables point outside.
      const std::size_t directory = 12 + 16 * ((std::size_t{program[4]} << 8) | program[5]);
      if (directory >= program.size()) continue;
      program.resize(directory);
      auto cut = FoFiTrueType::make(program.data(), static_cast<int>(program.size()));
      if (!cut) continue;
      for (int i = 0; i < cut->getNumCmaps(); ++i) {
        EXPECT_FALSE(cmap_code_ranges(program.data(), program.size(), *cut, i)) << entry.path().filename();
      }
      return;
    }
  }
}

}  // namespace
