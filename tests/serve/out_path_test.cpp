// Which request paths `jxaudit serve` answers with a file: only regular files inside OUT, checked on a real folder
// with links that lead out of it.
#include "serve/out_path.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using jx::serve::file_under;
using jx::serve::PathRefusal;

namespace {

class OutPath : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "jx_out_path_XXXXXX").string();
    root_ = ::mkdtemp(tmpl.data());
    out_ = root_ / "out";
    fs::create_directories(out_ / "evidence/甲局/a.pdf");
    fs::create_directories(out_ / ".jxaudit-parts");
    std::ofstream(out_ / "index.html") << "<!doctype html>";
    std::ofstream(out_ / "evidence/甲局/a.pdf/1.png") << "png";
    std::ofstream(out_ / "jxaudit.sqlite") << "db";
    std::ofstream(out_ / ".jxaudit.lock") << "";
    std::ofstream(out_ / ".jxaudit-parts/rows") << "part";
    std::ofstream(root_ / "secret.txt") << "outside";
    fs::create_symlink(root_ / "secret.txt", out_ / "secret-link.txt");
    fs::create_directory_symlink(root_, out_ / "up");
    fs::create_symlink(out_ / "index.html", out_ / "inner-link.html");
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  fs::path root_, out_;
};

}  // namespace

TEST_F(OutPath, ServesRegularFilesInsideOut) {
  auto index = file_under(out_, "/");
  ASSERT_TRUE(index.file) << index.why;
  EXPECT_EQ(*index.file, fs::canonical(out_ / "index.html"));
  auto crop = file_under(out_, "/evidence/甲局/a.pdf/1.png");
  ASSERT_TRUE(crop.file) << crop.why;
  EXPECT_EQ(*crop.file, fs::canonical(out_ / "evidence/甲局/a.pdf/1.png"));
  // A link that stays inside OUT is followed.
  auto inner = file_under(out_, "/inner-link.html");
  ASSERT_TRUE(inner.file) << inner.why;
  EXPECT_EQ(*inner.file, fs::canonical(out_ / "index.html"));
}

TEST_F(OutPath, RefusesEverythingThatLeavesOutOrIsNotForTheBrowser) {
  for (const char* path :
       {"/../secret.txt", "/evidence/../../secret.txt", "/evidence/../index.html", "/./index.html", "//secret.txt",
        "/secret-link.txt", "/up/secret.txt", "/jxaudit.sqlite", "/JXAUDIT.SQLITE", "/jxaudit.sqlite-wal",
        "/.jxaudit.lock", "/.jxaudit-parts/rows", "/evidence", "/evidence/", "/a\\..\\secret.txt", "index.html"}) {
    auto r = file_under(out_, path);
    EXPECT_FALSE(r.file) << path;
    EXPECT_EQ(r.refusal, PathRefusal::Forbidden) << path << ": " << r.why;
    EXPECT_FALSE(r.why.empty()) << path;
  }
  EXPECT_EQ(file_under(out_, std::string("/index.html\0.png", 16)).refusal, PathRefusal::Forbidden);
  auto missing = file_under(out_, "/evidence/乙局/b.pdf/1.png");
  EXPECT_FALSE(missing.file);
  EXPECT_EQ(missing.refusal, PathRefusal::NotFound);
}

TEST(OutPathTypes, ServesThePageAndItsFilesWithTheirTypes) {
  EXPECT_EQ(jx::serve::content_type_of("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(jx::serve::content_type_of("evidence/a/1.PNG"), "image/png");
  EXPECT_EQ(jx::serve::content_type_of("reports/a.pdf.json"), "application/json; charset=utf-8");
  EXPECT_EQ(jx::serve::content_type_of("x.bin"), "application/octet-stream");
}
