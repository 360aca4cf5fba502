// Rendering a page for OCR: a scan (one image filling the page, nothing else drawn) is enlarged from its image rather
// than rasterised, and the result must be Splash's rasterisation pixel for pixel (the OCR stages after it were tuned
// on those pixels); any other page is rasterised.
#include "extract/pdf/render.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "tests/support/pdf_fixtures.h"

namespace jx::extract {
namespace {

const std::string kSamples = std::string(JX_SOURCE_DIR) + "/samples/";

struct Renders {
  RenderedPage automatic, rasterised;
};

Renders render_both(const std::string& path, int page, int dpi = 300) {
  Limits limits;
  limits.render_dpi = dpi;
  PageRenderer renderer;
  FileError err = renderer.open(path, limits);
  EXPECT_EQ(err.outcome, Outcome::Ok) << path << ": " << err.message;
  Renders r;
  r.automatic = renderer.render(page, limits);
  r.rasterised = renderer.render(page, limits, RenderMode::Rasterise);
  EXPECT_NE(r.automatic.pix, nullptr) << path << " page " << page << ": " << r.automatic.error;
  EXPECT_NE(r.rasterised.pix, nullptr) << path << " page " << page << ": " << r.rasterised.error;
  return r;
}

// How many pixels of two same-sized 8 bpp images differ; -1 when their sizes differ.
long differing_pixels(PIX* a, PIX* b) {
  int w = pixGetWidth(a), h = pixGetHeight(a);
  if (w != pixGetWidth(b) || h != pixGetHeight(b)) return -1;
  long n = 0;
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      l_uint32 va = 0, vb = 0;
      pixGetPixel(a, x, y, &va);
      pixGetPixel(b, x, y, &vb);
      n += va != vb;
    }
  }
  return n;
}

// A one-page PDF of `width` × `height` points whose page content is `content` and whose resources hold /Im0, a
// `iw` × `ih` DeviceGray 8-bit image of the given pixels.
std::string write_pdf(const std::string& name, double width, double height, const std::string& content, int iw, int ih,
                      const std::vector<unsigned char>& pixels) {
  std::string pdf = test::pdf_from_objects({
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + std::to_string(width) + " " + std::to_string(height) +
          "] /Resources << /XObject << /Im0 5 0 R >> /Font << /F1 6 0 R >> >> /Contents 4 0 R >>",
      test::stream_object(content),
      test::stream_object(std::string(pixels.begin(), pixels.end()),
                          "/Type /XObject /Subtype /Image /Width " + std::to_string(iw) + " /Height " +
                              std::to_string(ih) + " /ColorSpace /DeviceGray /BitsPerComponent 8"),
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  });
  std::string path = testing::TempDir() + name;
  std::ofstream(path, std::ios::binary) << pdf;
  return path;
}

// A 6 × 4 image with a dark stroke and a grey ramp: enough structure for interpolation to show.
std::vector<unsigned char> test_pixels() {
  return {255, 250, 30, 200, 255, 255, 240, 20, 25, 180, 255, 128, 255, 30, 200, 90, 60, 255, 0, 64, 128, 192, 255, 10};
}

TEST(Render, ScannedSamplePagesEnlargedAreThePagesRasterised) {
  // 150 and 200 dpi scans; pages whose size in pixels is whole and fractional (595.44 × 842.04 pt is 3508.5 px
  // high); a landscape page.
  for (auto [file, page] : std::vector<std::pair<std::string, int>>{{"scanned/zero-target-miss-2023.pdf", 1},
                                                                    {"scanned/near-threshold-2022.pdf", 1},
                                                                    {"scanned/html-chromium-2022.pdf", 2},
                                                                    {"scanned/repeat-header-2023.pdf", 2}}) {
    Renders r = render_both(kSamples + file, page);
    if (!r.automatic.pix || !r.rasterised.pix) continue;
    EXPECT_TRUE(r.automatic.scan) << file << " page " << page;
    EXPECT_FALSE(r.rasterised.scan);
    EXPECT_EQ(differing_pixels(r.automatic.pix.get(), r.rasterised.pix.get()), 0) << file << " page " << page;
    EXPECT_EQ(r.automatic.dpi, 300);
  }
}

TEST(Render, BornDigitalPageIsRasterised) {
  Renders r = render_both(kSamples + "all-report-rules-2021.pdf", 1);
  EXPECT_FALSE(r.automatic.scan);
  EXPECT_EQ(differing_pixels(r.automatic.pix.get(), r.rasterised.pix.get()), 0);
}

TEST(Render, ImageFillingThePageIsAScanAtAnySize) {
  // 100 × 70 pt at 300 dpi is 416.67 × 291.67 pixels: fractional both ways.
  std::string path = write_pdf("scan.pdf", 100, 70, "q 100 0 0 70 0 0 cm /Im0 Do Q", 6, 4, test_pixels());
  for (int dpi : {300, 150, 97}) {
    Renders r = render_both(path, 1, dpi);
    if (!r.automatic.pix || !r.rasterised.pix) continue;
    EXPECT_TRUE(r.automatic.scan) << dpi << " dpi";
    EXPECT_EQ(differing_pixels(r.automatic.pix.get(), r.rasterised.pix.get()), 0) << dpi << " dpi";
  }
}

// A content stream drawing the test pixels as an inline image over the whole 100 × 70 pt page, then `after`.
std::string inline_image_content(const std::string& after) {
  std::vector<unsigned char> px = test_pixels();
  return "q 100 0 0 70 0 0 cm BI /W 6 /H 4 /CS /G /BPC 8 ID " + std::string(px.begin(), px.end()) + " EI Q " + after;
}

TEST(Render, InlineImageFillingThePageIsAScan) {
  std::string path = write_pdf("inline-scan.pdf", 100, 70, inline_image_content(""), 6, 4, test_pixels());
  Renders r = render_both(path, 1);
  EXPECT_TRUE(r.automatic.scan);
  EXPECT_EQ(differing_pixels(r.automatic.pix.get(), r.rasterised.pix.get()), 0);
  // What follows an inline image that does not make a scan is still drawn: its data was skipped over.
  path = write_pdf("inline-and-stroke.pdf", 100, 70,
                   inline_image_content("q 50 0 0 35 0 0 cm BI /W 6 /H 4 /CS /G /BPC 8 ID " + std::string(24, '\0') +
                                        " EI Q 0 0 m 100 70 l S"),
                   6, 4, test_pixels());
  r = render_both(path, 1);
  EXPECT_FALSE(r.automatic.scan);
  EXPECT_EQ(differing_pixels(r.automatic.pix.get(), r.rasterised.pix.get()), 0);
}

TEST(Render, InvisibleTextOverAScanLeavesItAScan) {
  // An OCR text layer (render mode 3) draws nothing.
  std::string path =
      write_pdf("scan-ocr-layer.pdf", 100, 70, "q 100 0 0 70 0 0 cm /Im0 Do Q BT 3 Tr /F1 12 Tf 10 10 Td (2021) Tj ET",
                6, 4, test_pixels());
  Renders r = render_both(path, 1);
  EXPECT_TRUE(r.automatic.scan);
  EXPECT_EQ(differing_pixels(r.automatic.pix.get(), r.rasterised.pix.get()), 0);
}

TEST(Render, AnythingElseDrawnMakesThePageRasterised) {
  struct Case {
    const char* what;
    const char* content;
  };
  for (const Case& c : std::vector<Case>{
           {"a stroke over the image", "q 100 0 0 70 0 0 cm /Im0 Do Q 0 0 m 100 70 l S"},
           {"a fill before the image", "0 0 10 10 re f q 100 0 0 70 0 0 cm /Im0 Do Q"},
           {"visible text", "q 100 0 0 70 0 0 cm /Im0 Do Q BT /F1 12 Tf 10 10 Td (2021) Tj ET"},
           {"two images", "q 100 0 0 70 0 0 cm /Im0 Do Q q 50 0 0 35 0 0 cm /Im0 Do Q"},
           {"an image on half the page", "q 50 0 0 70 0 0 cm /Im0 Do Q"},
           {"an image turned upside down", "q 100 0 0 -70 0 70 cm /Im0 Do Q"},
           {"an image turned a quarter", "q 0 70 -100 0 100 0 cm /Im0 Do Q"},
           {"an image clipped", "0 0 50 70 re W n q 100 0 0 70 0 0 cm /Im0 Do Q"},
       }) {
    std::string path = write_pdf("not-a-scan.pdf", 100, 70, c.content, 6, 4, test_pixels());
    Renders r = render_both(path, 1);
    EXPECT_FALSE(r.automatic.scan) << c.what;
    EXPECT_EQ(differing_pixels(r.automatic.pix.get(), r.rasterised.pix.get()), 0) << c.what;
  }
}

TEST(Render, ScanFinerThanThePageIsReduced) {
  // A 600 × 420 image on a 100 × 70 pt page rendered at 72 dpi: reduced 6 times, by area mapping (Splash's box filter
  // gives close but not identical pixels).
  std::vector<unsigned char> pixels(600 * 420);
  for (int y = 0; y < 420; ++y)
    for (int x = 0; x < 600; ++x) pixels[static_cast<std::size_t>(y * 600 + x)] = (x / 60 + y / 60) % 2 ? 0 : 255;
  std::string path = write_pdf("fine-scan.pdf", 100, 70, "q 100 0 0 70 0 0 cm /Im0 Do Q", 600, 420, pixels);
  Renders r = render_both(path, 1, 72);
  ASSERT_TRUE(r.automatic.pix && r.rasterised.pix);
  EXPECT_TRUE(r.automatic.scan);
  ASSERT_EQ(differing_pixels(r.automatic.pix.get(), r.rasterised.pix.get()) >= 0, true) << "sizes differ";
  // Squares of 10 × 10 output pixels: both renders agree away from the squares' edges.
  for (int y = 5; y < 70; y += 10) {
    for (int x = 5; x < 100; x += 10) {
      l_uint32 a = 0, b = 0;
      pixGetPixel(r.automatic.pix.get(), x, y, &a);
      pixGetPixel(r.rasterised.pix.get(), x, y, &b);
      EXPECT_NEAR(static_cast<int>(a), static_cast<int>(b), 8) << "(" << x << ", " << y << ")";
    }
  }
}

TEST(Render, PageSizeAndResolutionBoundsComeFromLimits) {
  // A 100 × 70 pt page. At 72 dpi it is 100 × 70 = 7000 pixels.
  std::string path = write_pdf("bounds.pdf", 100, 70, "q 100 0 0 70 0 0 cm /Im0 Do Q", 6, 4, test_pixels());
  Limits limits;
  PageRenderer renderer;
  ASSERT_EQ(renderer.open(path, limits).outcome, Outcome::Ok);

  limits.max_page_points = 99;
  RenderedPage too_wide = renderer.render(1, limits);
  EXPECT_EQ(too_wide.pix, nullptr);
  EXPECT_EQ(too_wide.error, "page 1 has an unusable size");
  limits.max_page_points = 100;
  EXPECT_NE(renderer.render(1, limits).pix, nullptr);

  // 7000 pixels allowed: 300 dpi is lowered to floor(72 · sqrt(7000 / 7000)) = 72 dpi.
  limits.max_pixels_per_page = 7000;
  limits.min_render_dpi = 72;
  RenderedPage lowered = renderer.render(1, limits);
  ASSERT_NE(lowered.pix, nullptr) << lowered.error;
  EXPECT_EQ(lowered.dpi, 72);
  EXPECT_EQ(lowered.warning, "page 1 rendered at 72 dpi: limit max_pixels_per_page (7000)");
  limits.min_render_dpi = 73;
  RenderedPage refused = renderer.render(1, limits);
  EXPECT_EQ(refused.pix, nullptr);
  EXPECT_EQ(refused.error,
            "limit max_pixels_per_page (7000) exceeded on page 1: it cannot be rendered at a readable size");
}

}  // namespace
}  // namespace jx::extract
