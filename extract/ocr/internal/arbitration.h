// Internal to the OCR module (extract/ocr and its tests only): which reading of a cell line to keep, and when a line
// deserves a second reading (by the digits engine, or in Tesseract's raw-line mode).
#pragma once

#include <string>
#include <vector>

#include "extract/ocr/internal/ink_layout.h"
#include "extract/ocr/internal/recognition.h"

namespace jx::extract::ocr {

constexpr float kUnsureShort = 92;  // below this a lone character in a short band gets a reading as digits too
constexpr float kSureGlyph = 96;    // a glyph's confidence above which Tesseract is rarely wrong about it

// True when `text` (one reading of a cell line) is a number, percentage or comparison: digits plus . , % ≥ ≤ < > = + -,
// and at most one other character (a digit chi_sim misread: 五952.61, 工00%) that is not the last (36份 has a unit).
bool looks_numeric(const std::string& text);

// A line chi_sim read as a jumble of Latin letters, digits and unsure CJK characters ("让2人QQO" for
// "１，１８８．００"): full-width digits it does not know. Worth a reading by the digits engine.
bool maybe_misread_number(const Reading& r);

// Whether a band's ink looks like digits: at least two character-sized parts, every one of them narrow (a digit
// is at most about 3/4 as wide as tall) and as tall as the band (CJK characters break into parts of all shapes).
// Dots, commas and the small parts of % are ignored.
bool digit_like(const Band& band);

// Whether `r`, a reading of `band` made only of CJK ideographs, holds more of them than the band is wide: n
// characters, each about as wide as the line is high, span at least n - 1/2 of 9/10 of its height.
bool too_many_characters(const Reading& r, const Band& band);

// Whether `r` reads as words: at least `least` CJK ideographs, each read with a confidence of `sure` or more, and no
// ASCII digit. Latin letters and brackets beside such words are the words' own (a unit, a formula in a heading),
// not digits the engine could not read.
bool read_as_words(const Reading& r, std::size_t least, float sure);

// Whether a glyph is one CJK ideograph (the unified block or extension A).
bool ideograph(const Glyph& g);

// Whether `text` holds a closing bracket ) ] ） 】 with no opening one before it: what chi_sim makes of a 1 or a
// stroke it cannot read ("不超过]次"), never a heading's own bracket, which opens before it closes.
bool stray_closer(const std::string& text);

// How many characters a number line's ink holds when they are drawn apart: the runs of columns covered by the band's
// parts (ink_layout has left out the specks, and with them the decimal points), those of a comparison sign found by
// its shape (`sign`, may be null) left out. 0 when a run may hold two characters (a solid run wider than a digit
// is: glyphs touching, as in a blurred scan) or there is none. A reading with another count of characters has one
// the ink does not show, or lacks one it does.
int characters_in_ink(const Band& band, const PixelBox* sign);

// How many characters of `r` right of `after_x` (points; the glyphs of a sign characters_in_ink() left out lie left
// of it) characters_in_ink() counts: every printable ASCII character but the point (digits, % , = - < >, and the
// letters and brackets an engine makes of a digit: l ] O), and ≥ ≤. -1 when those glyphs hold anything else (CJK
// characters, whose ink falls into runs of any number).
int counted_characters(const Reading& r, double after_x);

// True when `a` is a better reading of a cell line than `b`: a well-formed one beats a malformed one; of two that
// differ only in separators, the one with more; when one reading is the other with characters added, each
// read with confidence (chi_sim drops the "." of 851.40 and eng the "9" of 96.8%: a dropped character is the usual
// failure, an added one rare) the longer one; of two of different length, the longer one when every glyph of it is
// sure; otherwise the one with the higher mean confidence.
bool better_reading(const Reading& a, const Reading& b);

// The columns [*lo, *hi) (page pixels) a number's second reading is cut from: the span of the kept reading's digits
// with `margin` on each side, grown to take whole, with the margin, every part of `parts` (a band's ink) that the span
// covers for more than half its width. The engine's boxes tile the line, so a digit the kept reading lost into its
// neighbour's box ("12个" read "1个", the 2 under the 个's box) is read whole again, while a unit whose edge only the
// margin reaches stays out.
void second_reading_columns(const std::vector<PixelBox>& parts, int margin, int* lo, int* hi);

}  // namespace jx::extract::ocr
