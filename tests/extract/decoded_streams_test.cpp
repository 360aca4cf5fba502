// DecodedStreams (extract/pdf/decoded_streams.h): a /FlateDecode stream whose data is whole and valid is read from
// memory, with the bytes Poppler would have decoded; any other is left to Poppler; a page's content streams are given
// back after its display, fonts' maps are kept within their budget. Every file is made here.
#include "extract/pdf/decoded_streams.h"

#include <PDFDoc.h>
#include <Stream.h>
#include <XRef.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <string>
#include <vector>

#include "extract/pdf/pdf_reader.h"
#include "extract/pdf/poppler_session.h"
#include "tests/support/pdf_fixtures.h"
#include "tests/support/test_support.h"

namespace {

using jx::Limits;
using jx::extract::DecodedStreams;
using jx::test::pdf_from_objects;
using jx::test::stored_zlib;
using jx::test::stream_object;

const std::string kFlate = "/Filter /FlateDecode";
const std::string kContent = "BT /F1 12 Tf 100 700 Td (AB) Tj ET";
// A ToUnicode map: code A is 中, code B is 文.
const std::string kToUnicode =
    "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /T def\n"
    "1 begincodespacerange <00> <FF> endcodespacerange\n"
    "2 beginbfchar <41> <4E2D> <42> <6587> endbfchar\n"
    "endcmap CMapName currentdict /CMap defineresource pop end end\n";

// Two pages drawing "AB" in one font, whose /ToUnicode is object 8: page 1's content is object 5, page 2's object 6.
std::string two_pages(const std::string& content1, const std::string& content2, const std::string& to_unicode) {
  const std::string resources = "<< /Font << /F1 7 0 R >> >>";
  auto page = [&](int contents) {
    return "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources " + resources + " /Contents " +
           std::to_string(contents) + " 0 R >>";
  };
  return pdf_from_objects({"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
                           page(5), page(6), stream_object(content1, kFlate), stream_object(content2, kFlate),
                           "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 8 0 R >>",
                           stream_object(to_unicode, kFlate)});
}

std::string whole(const std::string& text) { return stored_zlib(text, text.size()); }

struct Opened {
  jx::test::TempDir dir{"jx_decoded"};
  std::vector<std::string> warnings;
  jx::extract::PopplerWarningSink sink{&warnings, 50};
  jx::extract::OpenedDocument opened;

  Opened(const std::string& pdf, const Limits& limits) {
    auto path = dir.path() / "doc.pdf";
    jx::test::write_file(path, pdf);
    opened = jx::extract::open_document(path.string(), limits, sink);
  }
  XRef* xref() { return opened.doc->getXRef(); }
  ::Page* page(int n) { return opened.doc->getPage(n); }
};

// Whether object `num` is still a /FlateDecode stream, and the bytes it reads.
struct Fetched {
  bool flate = false;
  std::string bytes;
};
Fetched fetch(XRef* xref, int num) {
  Object o = xref->fetch(Ref{num, 0});
  Fetched f;
  if (!o.isStream()) return f;
  f.flate = o.getStream()->getKind() == strFlate;
  o.getStream()->fillString(f.bytes);
  return f;
}

TEST(DecodedStreams, AWholeStreamIsReadFromMemoryADamagedOneIsLeftToPoppler) {
  // Page 2's content is damaged: a wrong checksum (which Poppler does not read: it decodes every byte) or cut short
  // (Poppler decodes what there is).
  const std::size_t cut = kContent.size() / 2;
  struct Damaged {
    std::string data;
    std::string decoded;
  };
  for (const Damaged& damaged : {Damaged{stored_zlib(kContent, kContent.size(), true), kContent},
                                 Damaged{stored_zlib(kContent, cut), kContent.substr(0, cut)}}) {
    Limits limits;
    Opened doc(two_pages(whole(kContent), damaged.data, whole(kToUnicode)), limits);
    ASSERT_NE(doc.opened.doc, nullptr) << doc.opened.error.message;
    DecodedStreams decoded(doc.xref(), limits);

    decoded.prepare(doc.page(1));
    Fetched content = fetch(doc.xref(), 5);
    EXPECT_FALSE(content.flate);
    EXPECT_EQ(content.bytes, kContent);
    Fetched map = fetch(doc.xref(), 8);
    EXPECT_FALSE(map.flate);
    EXPECT_EQ(map.bytes, kToUnicode);
    decoded.release_page();
    content = fetch(doc.xref(), 5);
    EXPECT_TRUE(content.flate) << "page 1's content is read from the file again";
    EXPECT_EQ(content.bytes, kContent);
    EXPECT_FALSE(fetch(doc.xref(), 8).flate) << "the font's map is kept for the pages that follow";

    decoded.prepare(doc.page(2));
    content = fetch(doc.xref(), 6);
    EXPECT_TRUE(content.flate) << "not whole and valid: Poppler decodes it, as before";
    EXPECT_EQ(content.bytes, damaged.decoded);
  }
}

// zlib's compress of `text`.
std::string deflated(const std::string& text) {
  uLongf size = compressBound(text.size());
  std::string out(size, '\0');
  EXPECT_EQ(
      compress(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(text.data()), text.size()),
      Z_OK);
  out.resize(size);
  return out;
}

TEST(DecodedStreams, AStreamThatInflatesFarBeyondItsSizeIsDecodedWholeAllTheSame) {
  // 300,000 NULs (white space to the content's lexer) after the text: a few hundred bytes encoded, far more room
  // than a common ratio gives, so it is decoded chunk by chunk.
  const std::string content = kContent + "\n" + std::string(300000, '\0');
  const std::string data = deflated(content);
  ASSERT_LT(data.size() * 8, content.size());
  Limits limits;
  Opened doc(two_pages(data, whole(kContent), whole(kToUnicode)), limits);
  ASSERT_NE(doc.opened.doc, nullptr) << doc.opened.error.message;
  DecodedStreams decoded(doc.xref(), limits);
  decoded.prepare(doc.page(1));
  Fetched fetched = fetch(doc.xref(), 5);
  EXPECT_FALSE(fetched.flate);
  EXPECT_EQ(fetched.bytes, content);
}

TEST(DecodedStreams, AFontMapOverTheBudgetIsLeftToPoppler) {
  for (std::size_t budget : {kToUnicode.size() - 1, kToUnicode.size()}) {
    Limits limits;
    limits.max_content_bytes_per_page = budget;  // the fonts' maps of the whole document share one such budget
    Opened doc(two_pages(whole(kContent), whole(kContent), whole(kToUnicode)), limits);
    ASSERT_NE(doc.opened.doc, nullptr) << doc.opened.error.message;
    DecodedStreams decoded(doc.xref(), limits);
    decoded.prepare(doc.page(1));
    Fetched map = fetch(doc.xref(), 8);
    EXPECT_EQ(map.flate, budget < kToUnicode.size()) << budget;
    EXPECT_EQ(map.bytes, kToUnicode);
  }
}

// Through the reader: both pages read 中文 whether the map is whole (read from memory on both pages), has a wrong
// checksum or is cut short after its last mapping (both left to Poppler, which reads them anyway).
TEST(DecodedStreams, EveryPageReadsTheTextPopplerWouldRead) {
  const std::size_t cut = kToUnicode.find("endcmap");
  for (const std::string& map :
       {whole(kToUnicode), stored_zlib(kToUnicode, kToUnicode.size(), true), stored_zlib(kToUnicode, cut)}) {
    jx::test::TempDir dir("jx_decoded");
    auto path = dir.path() / "doc.pdf";
    jx::test::write_file(path, two_pages(whole(kContent), whole(kContent), map));
    auto r = jx::extract::read_pdf(path.string(), Limits{});
    ASSERT_TRUE(r.ok()) << r.error.message;
    ASSERT_EQ(r.document->pages.size(), 2u);
    for (const auto& page : r.document->pages) {
      std::string text;
      for (const auto& g : page.glyphs) text += g.text;
      EXPECT_EQ(text, "中文") << "page " << page.number;
    }
  }
}

}  // namespace
