// The reader's bounds on hostile files (core/limits.h), each checked before the work it bounds: inflate bombs in
// a page's content or in a form, page count, image size from the image's dictionary, deep and self-drawing forms,
// forms that draw each other many times over, and tiling patterns with a tiny step. Every file is made here.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "extract/pdf/pdf_reader.h"
#include "tests/support/pdf_fixtures.h"
#include "tests/support/test_support.h"

namespace {

using jx::Limits;
using jx::Outcome;
using jx::extract::read_pdf;
using jx::extract::ReadResult;
using jx::test::deflate_zeros;
using jx::test::pdf_from_objects;
using jx::test::stored_zlib;
using jx::test::stream_object;
using ::testing::HasSubstr;

const char* const kCatalog = "<< /Type /Catalog /Pages 2 0 R >>";
const char* const kOnePage = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>";
const char* const kHelvetica = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";

std::string page_object(const std::string& contents, const std::string& resources = "<< >>") {
  return "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources " + resources + " /Contents " + contents +
         " >>";
}

std::string form_object(const std::string& content, const std::string& resources = "<< >>",
                        const std::string& filter = "") {
  return stream_object(content, "/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources " + resources +
                                    (filter.empty() ? "" : " " + filter));
}

struct Timed {
  ReadResult result;
  double seconds = 0;
};

Timed read_bytes(const std::string& pdf, const Limits& limits = Limits{}) {
  jx::test::TempDir dir("jx_limits");
  auto path = dir.path() / "hostile.pdf";
  jx::test::write_file(path, pdf);
  auto start = std::chrono::steady_clock::now();
  Timed t{read_pdf(path.string(), limits)};
  t.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return t;
}

// The bomb is made once: compressing 1 GiB takes a few seconds.
const std::string& gigabyte_of_zeros_deflated() {
  static const std::string data = deflate_zeros(std::size_t{1} << 30);
  return data;
}

std::string glyph_text(const ReadResult& r) {
  std::string out;
  for (const auto& page : r.document->pages)
    for (const auto& g : page.glyphs) out += g.text;
  return out;
}

// ---- decoded content bytes -------------------------------------------------------------------------------------

TEST(ContentBytes, InflateBombInThePageContentFailsFastNamingTheLimit) {
  const std::string& bomb = gigabyte_of_zeros_deflated();
  ASSERT_FALSE(bomb.empty()) << "libz.so.1 not found";
  // Page 1 is blank, page 2 carries the bomb: the error names the page.
  auto t = read_bytes(
      pdf_from_objects({kCatalog, "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>", page_object("5 0 R"),
                        page_object("6 0 R"), stream_object(""), stream_object(bomb, "/Filter /FlateDecode")}));
  ASSERT_FALSE(t.result.ok());
  EXPECT_EQ(t.result.error.outcome, Outcome::LimitExceeded);
  EXPECT_EQ(t.result.error.message, "limit max_content_bytes_per_page (64 MiB) exceeded on page 2");
  // Decoding stops after 64 MiB of the 1 GiB (about 0.1 s; the whole bomb took Poppler about 13 s).
  EXPECT_LT(t.seconds, 5.0);
}

TEST(ContentBytes, InflateBombInAFormXObjectIsCaughtBeforeDisplay) {
  const std::string& bomb = gigabyte_of_zeros_deflated();
  ASSERT_FALSE(bomb.empty()) << "libz.so.1 not found";
  auto t = read_bytes(pdf_from_objects({kCatalog, kOnePage, page_object("4 0 R", "<< /XObject << /X0 5 0 R >> >>"),
                                        stream_object("/X0 Do"), form_object(bomb, "<< >>", "/Filter /FlateDecode")}));
  ASSERT_FALSE(t.result.ok());
  EXPECT_EQ(t.result.error.message, "limit max_content_bytes_per_page (64 MiB) exceeded on page 1");
  EXPECT_LT(t.seconds, 5.0);
}

TEST(ContentBytes, RepeatedContentPartsEachCount) {
  // A 100-byte stream listed 20 times in /Contents is displayed 20 times: 2000 bytes against a cap of 1000.
  const std::string part = stream_object(std::string(99, ' ') + "\n");
  std::string twenty, five;
  for (int i = 0; i < 20; ++i) twenty += "4 0 R ";
  for (int i = 0; i < 5; ++i) five += "4 0 R ";
  Limits limits;
  limits.max_content_bytes_per_page = 1000;
  auto over = read_bytes(pdf_from_objects({kCatalog, kOnePage, page_object("[" + twenty + "]"), part}), limits);
  ASSERT_FALSE(over.result.ok());
  EXPECT_EQ(over.result.error.message, "limit max_content_bytes_per_page (1000 bytes) exceeded on page 1");
  auto under = read_bytes(pdf_from_objects({kCatalog, kOnePage, page_object("[" + five + "]"), part}), limits);
  EXPECT_TRUE(under.result.ok()) << under.result.error.message;
}

TEST(ContentBytes, AFormSharedByPagesCountsOnEachPage) {
  // One 600-byte form drawn by both pages (5 bytes of content each); page 2's own content is 500 bytes:
  // 605 bytes on page 1, 1100 on page 2.
  const std::string form = form_object("%" + std::string(599, 'f'));
  const std::string resources = "<< /XObject << /X 7 0 R >> >>";
  auto objs = [&](const std::string& page2_content) {
    return pdf_from_objects({kCatalog, "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
                             page_object("5 0 R", resources), page_object("6 0 R", resources), stream_object("/X Do"),
                             stream_object(page2_content), form});
  };
  Limits limits;
  limits.max_content_bytes_per_page = 1000;
  auto small = read_bytes(objs("/X Do"), limits);
  EXPECT_TRUE(small.result.ok()) << small.result.error.message;
  auto large = read_bytes(objs("/X Do\n%" + std::string(493, 'p')), limits);
  ASSERT_FALSE(large.result.ok());
  EXPECT_EQ(large.result.error.message, "limit max_content_bytes_per_page (1000 bytes) exceeded on page 2");
}

TEST(ContentBytes, AFontSharedByPagesCountsOnEachPage) {
  // One font on both pages whose program decodes to 600 bytes; 5 bytes of content on page 1 and `page2` bytes on
  // page 2. Page 2 counts the font's program as page 1 did, though the precheck does not read the font's
  // dictionaries again there; each way a program can be counted: at its bound (hex, stored as is) or decoded
  // (Flate, whose bound passes the cap).
  std::string hex;
  for (int i = 0; i < 600; ++i) hex += "41";
  const std::string deflated = deflate_zeros(600);
  ASSERT_FALSE(deflated.empty()) << "libz.so.1 not found";
  const std::string resources = "<< /Font << /F1 7 0 R >> >>";
  auto objs = [&](const std::string& program, std::size_t page2) {
    return pdf_from_objects(
        {kCatalog, "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>", page_object("5 0 R", resources),
         page_object("6 0 R", resources), stream_object("%" + std::string(4, 'p')),
         stream_object("%" + std::string(page2 - 1, 'p')),
         "<< /Type /Font /Subtype /TrueType /BaseFont /F /FirstChar 32 /LastChar 32 /Widths [500] /FontDescriptor "
         "8 0 R >>",
         "<< /Type /FontDescriptor /FontName /F /Flags 32 /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 800 "
         "/Descent -200 /CapHeight 700 /StemV 80 /FontFile2 9 0 R >>",
         program});
  };
  Limits limits;
  limits.max_content_bytes_per_page = 1000;
  for (const std::string& program :
       {stream_object(hex + ">", "/Filter /ASCIIHexDecode"), stream_object(std::string(600, 'A')),
        stream_object(deflated, "/Filter /FlateDecode")}) {
    auto small = read_bytes(objs(program, 5), limits);
    EXPECT_TRUE(small.result.ok()) << small.result.error.message;
    auto within = read_bytes(objs(program, 400), limits);  // 1000 on page 2
    EXPECT_TRUE(within.result.ok()) << within.result.error.message;
    auto large = read_bytes(objs(program, 401), limits);
    ASSERT_FALSE(large.result.ok());
    EXPECT_EQ(large.result.error.message, "limit max_content_bytes_per_page (1000 bytes) exceeded on page 2");
  }
}

// A page whose content is one stream of `data` under `filter`, read with max_content_bytes_per_page 1000: "ok", or
// the error (kOverThousand when the stream decodes past the cap).
const char* const kOverThousand = "limit max_content_bytes_per_page (1000 bytes) exceeded on page 1";
std::string outcome_of(const std::string& data, const std::string& filter) {
  Limits limits;
  limits.max_content_bytes_per_page = 1000;
  auto t =
      read_bytes(pdf_from_objects({kCatalog, kOnePage, page_object("4 0 R"), stream_object(data, filter)}), limits);
  return t.result.ok() ? std::string("ok") : t.result.error.message;
}

// The precheck decodes a stream only when the most its filters could decode it to might pass the cap; these
// streams decode to exactly what Poppler's decoders make of them at their most expansive, so a bound set too low
// lets one through.
TEST(ContentBytes, EachFilterAtItsMostExpansiveIsCountedAtWhatItDecodesTo) {
  const std::string over = kOverThousand;
  // ASCII85: `z` is four zero bytes, 4 bytes out of 1 in: 251 of them are 1004 bytes, 250 are 1000.
  EXPECT_EQ(outcome_of(std::string(251, 'z') + "~>", "/Filter /ASCII85Decode"), over);
  EXPECT_EQ(outcome_of(std::string(250, 'z') + "~>", "/Filter /ASCII85Decode"), "ok");
  // RunLength: 0x81 repeats the next byte 128 times, also when the data ends after it (Poppler repeats EOF's byte):
  // seven runs and a lone length byte are 1024 bytes out of 15 in.
  std::string runs;
  for (int i = 0; i < 7; ++i) runs += "\x81 ";
  EXPECT_EQ(outcome_of(runs + "\x81", "/Filter /RunLengthDecode"), over);
  EXPECT_EQ(outcome_of(runs.substr(2) + "\x81", "/Filter /RunLengthDecode"), "ok");  // 896 bytes
  // ASCIIHex without its closing '>': 2000 digits are 1000 bytes, and Poppler adds one at the end of the data.
  std::string hex;
  for (int i = 0; i < 1000; ++i) hex += "20";
  EXPECT_EQ(outcome_of(hex, "/Filter /ASCIIHexDecode"), over);
  EXPECT_EQ(outcome_of(hex + ">", "/Filter /ASCIIHexDecode"), "ok");
  // Flate: a few bytes that inflate past the cap, and a few that do not.
  const std::string deflated = deflate_zeros(1001);
  ASSERT_FALSE(deflated.empty()) << "libz.so.1 not found";
  EXPECT_EQ(outcome_of(deflated, "/Filter /FlateDecode"), over);
  EXPECT_EQ(outcome_of(deflate_zeros(1000), "/Filter /FlateDecode"), "ok");
  // A chain: ASCIIHex of the deflated bytes, decoded through both.
  std::string hex_of_deflated;
  for (unsigned char c : deflated) {
    static const char* const kDigits = "0123456789abcdef";
    hex_of_deflated += kDigits[c >> 4];
    hex_of_deflated += kDigits[c & 15];
  }
  EXPECT_EQ(outcome_of(hex_of_deflated + ">", "/Filter [/ASCIIHexDecode /FlateDecode]"), over);
}

// A FlateDecode stream is counted at what Poppler's inflate makes of it, whole or damaged: a wrong checksum (which
// Poppler does not read), data cut short (counted as far as it goes), and deflated bytes under another filter.
TEST(ContentBytes, AFlateStreamCountsAsPopplerDecodesItWholeOrDamaged) {
  const std::string over = kOverThousand;
  const std::string flate = "/Filter /FlateDecode";
  const std::string text(1500, '%');  // a PostScript comment: the page draws nothing
  EXPECT_EQ(outcome_of(stored_zlib(text.substr(0, 1000), 1000), flate), "ok");
  EXPECT_EQ(outcome_of(stored_zlib(text.substr(0, 1001), 1001), flate), over);
  EXPECT_EQ(outcome_of(stored_zlib(text.substr(0, 1000), 1000, true), flate), "ok") << "a wrong checksum";
  EXPECT_EQ(outcome_of(stored_zlib(text.substr(0, 1001), 1001, true), flate), over) << "a wrong checksum";
  EXPECT_EQ(outcome_of(stored_zlib(text, 1000), flate), "ok") << "cut short within the cap";
  EXPECT_EQ(outcome_of(stored_zlib(text, 1001), flate), over) << "cut short past the cap";
  // Under ASCII85 (how reportlab writes its streams): the deflated bytes as Poppler's ASCII85 decoder gives them.
  auto a85 = [](const std::string& bytes) {
    std::string out;
    for (std::size_t i = 0; i < bytes.size(); i += 4) {
      std::uint32_t v = 0;
      const std::size_t n = std::min<std::size_t>(4, bytes.size() - i);
      for (std::size_t k = 0; k < 4; ++k) v = v * 256 + (k < n ? static_cast<unsigned char>(bytes[i + k]) : 0);
      char group[5];
      for (int k = 4; k >= 0; --k) {
        group[k] = static_cast<char>('!' + v % 85);
        v /= 85;
      }
      out.append(group, n + 1);
    }
    return out + "~>";
  };
  const std::string chain = "/Filter [/ASCII85Decode /FlateDecode]";
  EXPECT_EQ(outcome_of(a85(deflate_zeros(1000)), chain), "ok");
  EXPECT_EQ(outcome_of(a85(deflate_zeros(1001)), chain), over);
  EXPECT_EQ(outcome_of(a85(stored_zlib(text, 1000)), chain), "ok");
  EXPECT_EQ(outcome_of(a85(stored_zlib(text, 1001)), chain), over);
}

TEST(ContentBytes, StreamsCountedAtTheirBoundAreDecodedOnceTheBoundsPassTheCap) {
  // Two deflated parts of the page's content (600 bytes each, a few bytes encoded: each could inflate to far more,
  // together still within the cap), then a form of `form_bytes` stored as is: the bounds pass the cap only with
  // the form, and the parts' exact sizes decide.
  const std::string part = deflate_zeros(600);
  ASSERT_FALSE(part.empty()) << "libz.so.1 not found";
  Limits limits;
  limits.max_content_bytes_per_page = 100000;
  auto read_with_form = [&](std::size_t form_bytes) {
    return read_bytes(
        pdf_from_objects({kCatalog, kOnePage, page_object("[4 0 R 5 0 R]", "<< /XObject << /X0 6 0 R >> >>"),
                          stream_object(part, "/Filter /FlateDecode"), stream_object(part, "/Filter /FlateDecode"),
                          form_object("%" + std::string(form_bytes - 1, 'f'))}),
        limits);
  };
  auto under = read_with_form(98800);  // 1200 + 98800 = 100000
  EXPECT_TRUE(under.result.ok()) << under.result.error.message;
  auto over = read_with_form(98801);
  ASSERT_FALSE(over.result.ok());
  EXPECT_EQ(over.result.error.message, "limit max_content_bytes_per_page (100000 bytes) exceeded on page 1");
}

// ---- page count ----------------------------------------------------------------------------------------------

std::string blank_pages_pdf(int pages) {
  std::vector<std::string> objs{kCatalog, "", stream_object("")};
  std::string kids;
  for (int i = 0; i < pages; ++i) {
    kids += std::to_string(i + 4) + " 0 R ";
    objs.push_back(page_object("3 0 R"));
  }
  objs[1] = "<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages) + " >>";
  return pdf_from_objects(objs);
}

TEST(PageCount, AboveTheCapFailsBeforeAnyPageIsRead) {
  Limits limits;
  limits.max_pages = 3;
  auto over = read_bytes(blank_pages_pdf(4), limits);
  ASSERT_FALSE(over.result.ok());
  EXPECT_EQ(over.result.error.outcome, Outcome::LimitExceeded);
  EXPECT_EQ(over.result.error.message, "limit max_pages (3) exceeded: the file has 4 pages");
  auto at = read_bytes(blank_pages_pdf(3), limits);
  ASSERT_TRUE(at.result.ok()) << at.result.error.message;
  EXPECT_EQ(at.result.document->pages.size(), 3u);
}

// ---- forms ---------------------------------------------------------------------------------------------------

// Form k (object 4 + k) draws form k + 1; the last one writes "x" in Helvetica.
std::string nested_forms_pdf(int depth) {
  std::vector<std::string> objs{kCatalog, kOnePage, page_object("4 0 R", "<< /XObject << /X 5 0 R >> >>"),
                                stream_object("/X Do")};
  for (int k = 1; k <= depth; ++k) {
    int self = 4 + k;
    if (k < depth) {
      objs.push_back(form_object("/X Do", "<< /XObject << /X " + std::to_string(self + 1) + " 0 R >> >>"));
    } else {
      objs.push_back(form_object("BT /F1 12 Tf 100 700 Td (x) Tj ET",
                                 "<< /Font << /F1 " + std::to_string(self + 1) + " 0 R >> >>"));
      objs.push_back(kHelvetica);
    }
  }
  return pdf_from_objects(objs);
}

TEST(Forms, NestingWithinPopplersBoundIsFollowed) {
  auto t = read_bytes(nested_forms_pdf(50));
  ASSERT_TRUE(t.result.ok()) << t.result.error.message;
  EXPECT_EQ(glyph_text(t.result), "x");
}

TEST(Forms, NestingBeyondPopplersBoundStopsThereWithoutCrashing) {
  // Poppler's Gfx::display refuses nesting deeper than 100, so the text at depth 3000 is never drawn; the
  // reader's own walk of the resources stops at the same depth, so neither recurses 3000 times.
  auto t = read_bytes(nested_forms_pdf(3000));
  ASSERT_TRUE(t.result.ok()) << t.result.error.message;
  EXPECT_EQ(glyph_text(t.result), "");
  EXPECT_LT(t.seconds, 10.0);
}

TEST(Forms, ThePrecheckFollowsNestingToTheLimitsDepth) {
  // Five nested forms: 5 bytes of page content, four forms of "/X Do" and the last one's 33 bytes of text, 58 in
  // all. Followed to the bottom they exceed 40 bytes; stopped below the first form (depth 1) only 10 are counted.
  const std::string pdf = nested_forms_pdf(5);
  Limits limits;
  limits.max_content_bytes_per_page = 40;
  auto deep = read_bytes(pdf, limits);
  ASSERT_FALSE(deep.result.ok());
  EXPECT_EQ(deep.result.error.message, "limit max_content_bytes_per_page (40 bytes) exceeded on page 1");
  limits.max_nesting_depth = 1;
  auto shallow = read_bytes(pdf, limits);
  ASSERT_TRUE(shallow.result.ok()) << shallow.result.error.message;
  EXPECT_EQ(glyph_text(shallow.result), "x");
}

TEST(Forms, AFormDrawingItselfEnds) {
  auto t = read_bytes(
      pdf_from_objects({kCatalog, kOnePage, page_object("4 0 R", "<< /XObject << /X 5 0 R >> >>"),
                        stream_object("/X Do"), form_object("/X Do /X Do", "<< /XObject << /X 5 0 R >> >>")}));
  ASSERT_TRUE(t.result.ok()) << t.result.error.message;
  EXPECT_LT(t.seconds, 5.0);
}

TEST(Forms, FormsDrawingEachOtherManyTimesOverHitTheStateSaveLimit) {
  // Form k draws form k - 1 ten times: twelve levels are 10^12 form draws, none nested deeper than 12 and no
  // form drawing itself, so only the count of graphics-state saves bounds it.
  const int levels = 12;
  std::vector<std::string> objs{kCatalog, kOnePage,
                                page_object("4 0 R", "<< /XObject << /X " + std::to_string(4 + levels) + " 0 R >> >>"),
                                stream_object("/X Do")};
  objs.push_back(form_object("0 0 m 1 1 l S"));  // level 1, object 5
  std::string ten;
  for (int i = 0; i < 10; ++i) ten += "/X Do ";
  for (int k = 2; k <= levels; ++k) {
    objs.push_back(form_object(ten, "<< /XObject << /X " + std::to_string(4 + k - 1) + " 0 R >> >>"));
  }
  Limits limits;
  limits.max_state_saves_per_page = 20000;  // a tenth of the default keeps the test quick under sanitizers
  auto t = read_bytes(pdf_from_objects(objs), limits);
  ASSERT_FALSE(t.result.ok());
  EXPECT_EQ(t.result.error.outcome, Outcome::LimitExceeded);
  EXPECT_EQ(t.result.error.message, "limit max_state_saves_per_page (20000) exceeded on page 1");
  EXPECT_LT(t.seconds, 10.0);
}

TEST(Forms, ADamagedFormDrawnOverAndOverHitsThePageTimeLimit) {
  // Form 1 is damaged (an array where a key belongs), so Poppler parses it again on every use and draws nothing;
  // twelve levels above it each use the one below ten times. Nothing is counted, so only the page's time stops it.
  const int levels = 12;
  std::vector<std::string> objs{kCatalog, kOnePage,
                                page_object("4 0 R", "<< /XObject << /X " + std::to_string(4 + levels) + " 0 R >> >>"),
                                stream_object("/X Do")};
  objs.push_back(
      "<< /Length 13 /Typ[ /XObject /Subtype /Form /BBox [0 0 595 842] >>\nstream\n0 0 m 1 1 l S\n"
      "endstream");  // level 1, object 5
  std::string ten;
  for (int i = 0; i < 10; ++i) ten += "/X Do ";
  for (int k = 2; k <= levels; ++k) {
    objs.push_back(form_object(ten, "<< /XObject << /X " + std::to_string(4 + k - 1) + " 0 R >> >>"));
  }
  Limits limits;
  limits.max_state_saves_per_page = std::size_t{1} << 40;  // out of the way: this is about the time limit
  limits.seconds_per_page = 0.5;
  auto t = read_bytes(pdf_from_objects(objs), limits);
  ASSERT_FALSE(t.result.ok());
  EXPECT_EQ(t.result.error.outcome, Outcome::LimitExceeded);
  EXPECT_EQ(t.result.error.message, "limit seconds_per_page (0.5 s) exceeded on page 1");
  EXPECT_LT(t.seconds, 5.0);
}

std::string tiling_pattern_pdf(const std::string& step) {
  auto pattern = stream_object("0 0 1 1 re f",
                               "/Type /Pattern /PatternType 1 /PaintType 1 /TilingType 1 "
                               "/BBox [0 0 1 1] /XStep " +
                                   step + " /YStep " + step + " /Resources << >>");
  return pdf_from_objects({kCatalog, kOnePage, page_object("4 0 R", "<< /Pattern << /P0 5 0 R >> >>"),
                           stream_object("/Pattern cs /P0 scn 0 0 595 842 re f"), pattern});
}

TEST(Patterns, ATilingPatternFinerThanTheCapIsRefusedBeforeAnyRendering) {
  // 595 × 842 points at a step of 0.001: 5.01 × 10^11 cells, each drawn on its own by a renderer (OCR, evidence).
  auto t = read_bytes(tiling_pattern_pdf("0.001"));
  ASSERT_FALSE(t.result.ok());
  EXPECT_EQ(t.result.error.outcome, Outcome::LimitExceeded);
  EXPECT_EQ(t.result.error.message,
            "limit max_pattern_tiles_per_page (2000000) exceeded on page 1: a tiling pattern of 5.01e+11 cells");
  EXPECT_LT(t.seconds, 5.0);
}

TEST(Patterns, AnOrdinaryTilingPatternIsReadAndNotExpanded) {
  // A 1-point step: 500,990 cells, under the cap; the reader itself never draws pattern cells.
  auto t = read_bytes(tiling_pattern_pdf("1"));
  ASSERT_TRUE(t.result.ok()) << t.result.error.message;
  EXPECT_LT(t.seconds, 5.0);
}

// ---- images --------------------------------------------------------------------------------------------------

TEST(Images, AnImageXObjectAboveTheCapFailsFromItsDictionary) {
  // 100000 × 100000 pixels declared over ten bytes of data: refused before anything decodes it.
  auto image = stream_object("0123456789",
                             "/Type /XObject /Subtype /Image /Width 100000 /Height 100000 /BitsPerComponent 8 "
                             "/ColorSpace /DeviceGray");
  auto t = read_bytes(pdf_from_objects({kCatalog, kOnePage, page_object("4 0 R", "<< /XObject << /Im0 5 0 R >> >>"),
                                        stream_object("q 100 0 0 100 0 0 cm /Im0 Do Q"), image}));
  ASSERT_FALSE(t.result.ok());
  EXPECT_EQ(t.result.error.outcome, Outcome::LimitExceeded);
  EXPECT_EQ(t.result.error.message,
            "limit max_image_pixels (100000000) exceeded on page 1: an image of 100000 x 100000 pixels");
}

TEST(Images, AnImageAtTheCapIsAccepted) {
  auto image = stream_object("0123456789",
                             "/Type /XObject /Subtype /Image /Width 10000 /Height 10000 /BitsPerComponent 8 "
                             "/ColorSpace /DeviceGray");
  auto t = read_bytes(pdf_from_objects({kCatalog, kOnePage, page_object("4 0 R", "<< /XObject << /Im0 5 0 R >> >>"),
                                        stream_object("q 100 0 0 100 0 0 cm /Im0 Do Q"), image}));
  EXPECT_TRUE(t.result.ok()) << t.result.error.message;
}

TEST(Images, AHugeInlineImageFailsWithoutReadingItsPixels) {
  // Poppler's default would read 40000 × 40000 bytes one by one past the end of the data.
  auto t = read_bytes(pdf_from_objects(
      {kCatalog, kOnePage, page_object("4 0 R"), stream_object("BI /W 40000 /H 40000 /BPC 8 /CS /G ID\nxxxx\nEI\n")}));
  ASSERT_FALSE(t.result.ok());
  EXPECT_EQ(t.result.error.message, "limit max_image_pixels (100000000) exceeded on page 1");
  EXPECT_LT(t.seconds, 5.0);
}

}  // namespace
