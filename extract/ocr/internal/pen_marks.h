// Internal to the OCR module (extract/ocr and its tests only): ink a pen added to the printed page (a signature, a
// tick), told from print by its tone. Pixels are page pixels of the rendered image (its dpi given); `ink` is 1 bpp
// with ink = 1, as binarise_at() makes it, rulings removed.
#pragma once

#include <vector>

#include "extract/ocr/image_lines.h"
#include "extract/pdf/pix.h"

namespace jx::extract::ocr {

// Takes out of `ink` (and whitens in `clean`, the 8 bpp page the engines read, same frame; may be null) every
// connected piece of ink that is a pen's stroke rather than print. A suspect is a piece that curves or slants over more
// than a character's length (kPenExtent one way, kPenSpread the other), or one that reaches the edge of one of
// `cells` (page pixels), which printed text keeps clear of: a stroke that ran across the ruling. A suspect is taken
// out when its darkest tenth is lighter than the page's print by a share kPenTone of the way from the print's tone to
// the paper's (a ballpoint's thin line scans lighter than toner laid solid). The tones are `grey`'s (the page before
// its rulings were whitened); the print's is the median of the pieces of a character's size. A stroke that crosses
// print is one piece with it, as dark as it; on a page where a pen's stroke was taken out, such a piece is parted:
// what of it lies further than kPrintEdge from its pixels as dark as print (kPrintCore) is taken out where it is a
// stroke's length (kPartExtent one way and kPenSpread the other, or kPenExtent). Returns the boxes taken out (page
// pixels), for the readings of their cells to say that ink was left out (repair::kPenMark); none when the page has too
// little print to know its tone.
std::vector<PixelBox> remove_pen_marks(PIX* grey, PIX* ink, PIX* clean, const std::vector<PixelBox>& cells, double dpi);

}  // namespace jx::extract::ocr
