// Internal to the OCR module (extract/ocr and its tests only): punctuation chi_sim gets wrong in a cell's reading —
// a full stop read as several marks, an opening quote read as a closing one, a Chinese colon read as ASCII. Glyph
// boxes are page points.
#pragma once

#include <vector>

#include "extract/ocr/internal/ink_layout.h"
#include "extract/page.h"

namespace jx::extract::ocr {

// A full stop chi_sim read as several marks (".。", "。*。") where the ink of `band` holds one small blot there:
// one "。".
void one_full_stop(std::vector<Glyph>& glyphs, const Band& band, double dpi);

// Quotation marks alternate. chi_sim often reads an opening “ as ”: a ” with no quote open before it in the cell
// and text after it opens one.
void alternate_quotes(std::vector<Glyph>& glyphs);

// A colon or semicolon between two CJK ideographs (or between a label's number after an ideograph and an ideograph:
// "指标1：财政") is the full-width one (：；) that Chinese text sets there: chi_sim
// often reads it as the ASCII mark, and the line model gives full-width forms as ASCII. Commas and brackets are left
// as read: forms typed with a Western keyboard do hold ASCII ones between ideographs.
void chinese_colons(std::vector<Glyph>& glyphs);

}  // namespace jx::extract::ocr
