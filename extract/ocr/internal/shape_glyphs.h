// Internal to the OCR module (extract/ocr and its tests only): marks recognised by the shape of their ink rather than
// by Tesseract — comparison signs (≥ ≤ < >), a % whose slash is lost, drawn check boxes, dashes. `ink` is 1 bpp with
// ink = 1 (binarise_at(), rulings removed); boxes are page pixels of it. Reading a pixel outside `ink` gives paper,
// so a box partly off the image is judged on what lies inside.
#pragma once

#include <vector>

#include "extract/ocr/internal/ink_layout.h"
#include "extract/page.h"

namespace jx::extract::ocr {

// The glyph for a mark recognised by its shape: `text` over the x extent of `x_range` and the rows `y0`..`y1` (page
// pixels), in points, with confidence 90 (sure, but not a text layer's 100).
Glyph shape_glyph(const char* text, const PixelBox& x_range, int y0, int y1, double dpi);

// A band that is one flat bar, maybe in pieces (a dash standing for "nothing"), as the text a text layer would hold for
// it: "—" when at least 0.08 in long, else "-"; nullptr when the band is not flat (taller than a quarter of its
// width, or than 0.03 in).
const char* dash_text(const Band& band, double dpi);

// "≥" or "≤" drawn at the start of a band: a chevron above a flat bar (or two: ≧), separate parts in one column,
// or (when the band's reading holds a digit: `numeric`, or the band is all the cell holds: `alone`) one part where
// the scan joined them. Returns the sign and sets `column` to its extent, or nullptr. chi_sim reads these as 2, 二,
// =, 之, S or z.
const char* comparison_sign(PIX* ink, const std::vector<PixelBox>& parts, bool numeric, bool alone, PixelBox* column);

// A "%" whose slash a faint scan lost: two small rings of one size, the second below and to the right of the first,
// each about half a line high, with nothing else in their column but what lies between them. Sets `column` to its
// extent.
// chi_sim reads the pair as 多 or 全, or nothing; eng drops it or reads a 9 (97% → 979%).
bool percent_rings(PIX* ink, const std::vector<PixelBox>& parts, int line_height, PixelBox* column);

// Whether `part` of the 1 bpp `ink` is the outline of a drawn check box in a text band of height `band_height`, and
// which: 0 no, 1 an empty box (□), 2 a ticked one (☑: a separate mark inside the outline). A character that is a
// box with strokes inside (国, 田) has its inner strokes joined to the outline and is no check box; one with a
// separate inner box (回) is not either; an empty box must be nearly as tall as the band, so 口 is not taken.
// With `beside_box` (another check box was found on the line) a square outline with any ink inside is a ticked box,
// even when a blurred scan joined the tick to the outline.
int check_box_kind(PIX* ink, const PixelBox& part, const std::vector<PixelBox>& band_parts, int band_height,
                   bool beside_box);

}  // namespace jx::extract::ocr
