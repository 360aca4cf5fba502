// The one Poppler session (extract/pdf/poppler_session.h): every opener of a PDF gets the same outcome and message for
// a file that cannot be read, and Poppler's messages are kept up to Limits::max_warnings_per_document.
#include "extract/pdf/poppler_session.h"

#include <Error.h>
#include <PDFDoc.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "extract/pdf/pdf_reader.h"
#include "extract/pdf/render.h"
#include "tests/support/pdf_fixtures.h"

namespace jx::extract {
namespace {

namespace fs = std::filesystem;

std::string two_page_pdf() {
  return test::pdf_from_objects({"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
                                 "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 5 0 R >>",
                                 "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 5 0 R >>",
                                 test::stream_object("")});
}

struct Case {
  std::string name;
  std::string path;
  Limits limits;
  Outcome outcome;
  std::string message;  // the whole message, or its start when it ends in "…"
};

// Each test (ctest runs them as processes side by side) writes its own files: one test rewriting a file another is
// opening would make both fail for no fault of the reader.
std::string scratch(const std::string& name) {
  return testing::TempDir() + "session-" + testing::UnitTest::GetInstance()->current_test_info()->name() + "-" + name;
}

std::string write(const std::string& name, const std::string& bytes) {
  std::string path = scratch(name);
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

std::vector<Case> bad_cases() {
  std::vector<Case> out;
  std::string dir = scratch("dir");
  fs::create_directories(dir);
  std::string missing = scratch("no-such-file.pdf");
  out.push_back({"missing", missing, {}, Outcome::NotFound, "not found: " + missing});
  out.push_back({"directory", dir, {}, Outcome::NotFound, "not a regular file: " + dir});
  out.push_back({"empty", write("empty.pdf", ""), {}, Outcome::Empty, "empty file (0 bytes)"});
  out.push_back({"not a pdf",
                 write("text.pdf", "hello"),
                 {},
                 Outcome::NotPdf,
                 "not a PDF file (no %PDF- header in the first 1024 bytes)"});
  out.push_back({"encrypted",
                 std::string(JX_SOURCE_DIR) + "/tests/data/extract/encrypted.pdf",
                 {},
                 Outcome::Encrypted,
                 "encrypted: needs a password"});
  out.push_back({"damaged", write("damaged.pdf", "%PDF-1.4\nnot really"), {}, Outcome::Damaged, "damaged: …"});
  std::string two = write("two.pdf", two_page_pdf());
  Limits small_files;
  small_files.max_file_bytes = 100;
  out.push_back({"file size", two, small_files, Outcome::LimitExceeded,
                 "limit max_file_bytes (100) exceeded: the file has " + std::to_string(fs::file_size(two)) + " bytes"});
  Limits one_page;
  one_page.max_pages = 1;
  out.push_back(
      {"page count", two, one_page, Outcome::LimitExceeded, "limit max_pages (1) exceeded: the file has 2 pages"});
  return out;
}

void expect_error(const Case& c, const FileError& e, const std::string& who) {
  EXPECT_EQ(e.outcome, c.outcome) << who << ", " << c.name << ": " << e.message;
  if (c.message.ends_with("…")) {
    std::string start = c.message.substr(0, c.message.size() - std::string("…").size());
    EXPECT_EQ(e.message.compare(0, start.size(), start), 0) << who << ", " << c.name << ": " << e.message;
  } else {
    EXPECT_EQ(e.message, c.message) << who << ", " << c.name;
  }
}

TEST(PopplerSession, OpenDocumentNamesWhatIsWrongWithAFile) {
  for (const Case& c : bad_cases()) {
    std::vector<std::string> warnings;
    PopplerWarningSink sink(&warnings, c.limits.max_warnings_per_document);
    OpenedDocument opened = open_document(c.path, c.limits, sink);
    EXPECT_EQ(opened.doc, nullptr) << c.name;
    expect_error(c, opened.error, "open_document");
  }
}

TEST(PopplerSession, TheReaderAndTheRendererOpenFilesTheSameWay) {
  for (const Case& c : bad_cases()) {
    expect_error(c, read_pdf(c.path, c.limits).error, "read_pdf");
    PageRenderer renderer;
    expect_error(c, renderer.open(c.path, c.limits), "PageRenderer::open");
    EXPECT_EQ(renderer.page_count(), 0) << c.name;
  }
}

TEST(PopplerSession, AGoodFileOpensWithinItsLimits) {
  std::string two = write("two-ok.pdf", two_page_pdf());
  Limits limits;
  limits.max_pages = 2;
  limits.max_file_bytes = fs::file_size(two);
  std::vector<std::string> warnings;
  PopplerWarningSink sink(&warnings, limits.max_warnings_per_document);
  OpenedDocument opened = open_document(two, limits, sink);
  ASSERT_NE(opened.doc, nullptr) << opened.error.message;
  EXPECT_EQ(opened.error.outcome, Outcome::Ok);
  EXPECT_EQ(opened.doc->getNumPages(), 2);
}

TEST(PopplerSession, MessagesPastTheLimitAreCountedInOneLine) {
  std::vector<std::string> warnings;
  {
    PopplerWarningSink sink(&warnings, 2);
    for (int i = 0; i < 5; ++i) poppler_message(errSyntaxError, 10 * i, "bad xref");
    EXPECT_EQ(sink.last_message(), "bad xref");
  }
  EXPECT_EQ(warnings,
            (std::vector<std::string>{"pdf syntax error at byte 0: bad xref", "pdf syntax error at byte 10: bad xref",
                                      "pdf: 3 more Poppler messages not shown"}));
}

}  // namespace
}  // namespace jx::extract
