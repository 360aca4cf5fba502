// Internal to the OCR module (extract/ocr and its tests only): numbers as the engines misread them — separators
// dropped, doubled or confused, a thousands comma run into its digit, a number run into its unit. Glyph boxes are
// page points; bands and images page pixels.
#pragma once

#include <optional>
#include <vector>

#include "extract/ocr/internal/ink_layout.h"
#include "extract/ocr/internal/recognition.h"
#include "extract/ocr/ocr_cells.h"

namespace jx::extract::ocr {

// Whether `r` (chi_sim's reading of a line) is a number followed by a unit of the form's usual vocabulary ("5次",
// "362元", "1.1亿条"), the number read with confidence and the unit decently. The digits engine cannot read the unit
// and its reading of such a line ("5)", ">", "3627") is never the better one.
bool number_with_unit(const Reading& r);

// Whether the glyph is one ASCII digit.
bool ascii_digit(const Glyph& g);

// Commas in numbers as Tesseract misreads them: two in a row after a digit ("3,，600": one comma seen twice) are
// one; a "," between digits followed by one or two digits and no more ("350,00", "9,5%") cannot separate
// thousands, it is a decimal point read as a comma and becomes "."; so does a ":" between digits that cannot be a
// time of day ("260:00"). A point and a comma side by side between digits are one separator, and of several
// separators in one number every one but the last separates thousands. Glyphs that are not digits or separators
// are left as they are.
void repair_number_separators(std::vector<Glyph>& glyphs);

// A count has no fraction: a number with one decimal point followed by exactly three digits, written before a unit
// that counts (次, 个, 人次, 条 … not 元, 万 or 亿, nor hours), is a thousands comma read as a point ("36.500次",
// "不少于50.000" wrapped over "条"): the point becomes a comma, marked repair::kSeparator (the value stays flagged
// unless read so twice). `glyphs` are a cell's, in reading order, lines one after another.
void count_commas(std::vector<Glyph>& glyphs);

// Decimal points and thousands commas as the ink shows them, in a line `r` read from `band`: chi_sim and eng both
// drop a blurred point between digits ("350.00" read "35000") and confuse a point with a comma. A separator is a
// small blot in a gap between two digit-high parts, sitting on their baseline (a point) or reaching below it (a
// comma). One found between two digits the reading put next to each other is added; a separator the reading has
// there takes the shape's kind. Then a thousands comma a tight face set against the digit before it (one blot,
// "36,500" read "36500") is added where a tail reaches below the digits' baseline. `grey` is the 8 bpp page
// (rulings whitened); `r.text` is rebuilt. Nothing changes when `r` has no ASCII digit or the band has no contrast.
void separators_from_ink(Reading& r, PIX* grey, const Band& band, double dpi);

// Whether chi_sim's reading `r` of a short line may be a number run into its unit by a tight face ("7次" read 欢,
// "5次" read "5)", "1.1亿条" read "1L1f{Z条", "600元" read "6007"): not a sure number and unit, and either a digit
// with an unsure glyph, a Latin letter or a bracket, or at most two glyphs, one of them unsure.
bool maybe_number_and_unit(const Reading& r, const Band& band);

// Whether a reading `r` of `band` with no digit is a unit of the usual vocabulary that lost its number: the band's
// ink is wider than the unit's characters by over a third of one (a character taken as wide as the band's line of
// ink is high), and before the unit the reading has nothing, or one or two brackets, bars or Latin letters ("1起"
// read 起, "]起" or "(起"). A unit alone is no value of the form: the line is worth reading as a number and a unit.
bool number_lost_before_unit(const Reading& r, const Band& band);

// The line `band` read as a number and a unit side by side: the unit's one or two CJK characters (each about as
// wide as the line is high) cut off the right end at the emptiest column near where they should begin and read by
// chi_sim, the rest read as a number (chi_sim, and the digits engine when that looks numeric). Empty when no cut
// gives a unit of the usual vocabulary (次, 个, 元, 万元 …) read with confidence after a reading that ends in a digit.
// `apis.text` must be set; `grow` and `margin` (pixels) are read_region()'s, for clean_crop().
std::optional<Reading> read_number_and_unit(const OcrApis& apis, PIX* page, PIX* ink, const Band& band, int grow,
                                            int margin, double dpi);

}  // namespace jx::extract::ocr
