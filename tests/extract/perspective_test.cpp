// A slanted photo made square: real renders of sample pages, warped by known projective transforms (the corners of
// the page moved as a camera held at a slant moves them), are found slanted by about the amount they were warped,
// and once rectified their rulings enclose the cells of the upright page again. Upright renders and pages without a
// table are left alone.
#include "extract/ocr/perspective.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>

#include "extract/ocr/image_lines.h"
#include "extract/pdf/render.h"

namespace jx::extract {
namespace {

const std::string kSamples = std::string(JX_SOURCE_DIR) + "/samples/";

PixPtr render_grey(const std::string& file, int page, int dpi) {
  Limits limits;
  limits.render_dpi = dpi;
  PageRenderer renderer;
  FileError err = renderer.open(kSamples + file, limits);
  EXPECT_EQ(err.outcome, Outcome::Ok) << err.message;
  return std::move(renderer.render(page, limits).pix);
}

// `grey` with its corners moved as a camera held at a slant moves them: the top edge `top_in` of the width shorter
// at each end, the right edge `right_in` of the height shorter at each end (a projective warp, white brought in).
PixPtr slanted(PIX* grey, double top_in, double right_in) {
  const double w = pixGetWidth(grey), h = pixGetHeight(grey);
  Rectification r;
  r.from = {PixelPoint{0, 0}, PixelPoint{w, 0}, PixelPoint{w, h}, PixelPoint{0, h}};
  r.to = {PixelPoint{w * top_in, h * right_in}, PixelPoint{w * (1 - top_in), h * right_in * 2},
          PixelPoint{w, h * (1 - right_in * 2)}, PixelPoint{0, h}};
  return rectify(grey, r);
}

// The cells the rulings of a grey page enclose, found as the OCR path finds them: at a threshold lifted by 20 grey
// levels (a thin ruling warped twice, by the slant and back, comes out lighter than it was drawn).
size_t cell_count(PIX* grey, int dpi) {
  PixPtr bin = binarise(grey, 20);
  RulingLines lines = detect_ruling_lines(bin.get(), dpi);
  return enclosed_regions(lines, pixGetWidth(bin.get()), pixGetHeight(bin.get()), dpi).size();
}

TEST(Perspective, AnUprightRenderIsLeftAlone) {
  for (const char* file : {"goal-sum-2023.pdf", "jiangsu-2023.pdf"}) {
    PixPtr grey = render_grey(file, 1, 200);
    ASSERT_TRUE(grey);
    PixPtr bin = binarise(grey.get());
    EXPECT_FALSE(find_perspective(bin.get(), 200).has_value()) << file;
  }
}

TEST(Perspective, APageWithoutRulingsIsLeftAlone) {
  PixPtr page(pixCreate(1700, 2200, 8));
  ASSERT_TRUE(page);
  pixSetAll(page.get());
  PixPtr bin = binarise(page.get());
  EXPECT_FALSE(find_perspective(bin.get(), 200).has_value());
}

// Warped pages: the slant is found, about as large as it was made, and once squared the page's rulings enclose the
// cells of the upright page again.
TEST(Perspective, ASlantedPageIsSquaredAndItsCellsComeBack) {
  struct Case {
    const char* file;
    int page;
    double top_in, right_in;
  };
  for (const Case& c : {Case{"goal-sum-2023.pdf", 2, 0.015, 0.0}, Case{"jiangsu-2023.pdf", 2, 0.0, 0.01},
                        Case{"goal-sum-2023.pdf", 1, 0.01, 0.008}}) {
    SCOPED_TRACE(std::string(c.file) + " page " + std::to_string(c.page));
    constexpr int kDpi = 200;
    PixPtr grey = render_grey(c.file, c.page, kDpi);
    ASSERT_TRUE(grey);
    PixPtr photo = slanted(grey.get(), c.top_in, c.right_in);
    ASSERT_TRUE(photo);
    PixPtr photo_bin = binarise(photo.get());
    std::optional<Rectification> r = find_perspective(photo_bin.get(), kDpi);
    ASSERT_TRUE(r.has_value());
    // The page's corners moved by up to `moved`: the table's, inside the page, by less, and the rectangle they are
    // squared to lies between the slanted edges, so each moves by a part of that.
    const double moved = std::max(c.top_in * pixGetWidth(grey.get()), 2 * c.right_in * pixGetHeight(grey.get()));
    EXPECT_GT(r->shift, 0.2 * moved);
    EXPECT_LT(r->shift, moved);

    PixPtr square = rectify(photo.get(), *r);
    ASSERT_TRUE(square);
    PixPtr square_bin = binarise(square.get());
    EXPECT_FALSE(find_perspective(square_bin.get(), kDpi).has_value()) << "squared once is square";

    // The cells: the slanted page loses most (its rulings are no longer level and plumb), the squared one has nearly
    // all of the upright render's (a ruling one pixel thin, warped twice with interpolation, may break up).
    const size_t upright = cell_count(grey.get(), kDpi), slanted_cells = cell_count(photo.get(), kDpi);
    const size_t squared = cell_count(square.get(), kDpi);
    EXPECT_GT(upright, 20U);
    EXPECT_LT(slanted_cells, upright / 2);
    EXPECT_GE(squared, upright * 85 / 100);
    EXPECT_LE(squared, upright);
    std::printf("cells: upright %zu, slanted %zu, squared %zu\n", upright, slanted_cells, squared);
  }
}

}  // namespace
}  // namespace jx::extract
