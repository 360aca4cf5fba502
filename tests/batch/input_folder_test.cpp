// Input folders built to trap a directory walk: a symlink back to an ancestor (an endless tree if followed), a
// symlink to itself (ELOOP on every stat), and a dangling one. The walk ends, lists each real PDF once, and
// never leaves the folder.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "batch/inputs.h"
#include "tests/support/test_support.h"

namespace fs = std::filesystem;

TEST(InputFolder, SymlinkLoopsEndAndEachRealPdfIsListedOnce) {
  jx::test::TempDir tmp("jx_loops");
  fs::path in = tmp.path() / "in";
  jx::test::write_file(in / "a.pdf", "x");
  jx::test::write_file(in / "sub/b.pdf", "x");
  fs::create_directory_symlink(in, in / "sub/back-to-in");    // in/sub/back-to-in/sub/back-to-in/…
  fs::create_directory_symlink(in / "sub", in / "sub/self");  // the folder inside itself
  fs::create_symlink(in / "loop.pdf", in / "loop.pdf");       // a link to itself: stat fails with ELOOP
  fs::create_symlink(in / "gone.pdf", in / "dangling.pdf");
  auto found = jx::batch::discover_inputs({in.string()});
  std::vector<std::string> rels;
  for (const auto& f : found.files) rels.push_back(f.rel);
  EXPECT_EQ(rels, (std::vector<std::string>{"a.pdf", "sub/b.pdf"}));
}

TEST(Inputs, DiscoversPdfsRecursivelyWithoutFollowingSymlinks) {
  jx::test::TempDir tmp("jx_inputs");
  fs::path in = tmp.path() / "in";
  jx::test::write_file(in / "市财政局/a.pdf", "x");
  jx::test::write_file(in / "市财政局/sub/b.PDF", "x");
  jx::test::write_file(in / "市教育局/c.pdf", "x");
  jx::test::write_file(in / "notes.txt", "x");
  jx::test::write_file(tmp.path() / "outside/d.pdf", "x");
  fs::create_directory_symlink(tmp.path() / "outside", in / "link");
  fs::create_symlink(tmp.path() / "outside/d.pdf", in / "e.pdf");
  jx::test::write_file(tmp.path() / "other/a.pdf", "y");
  fs::create_directories(tmp.path() / "other/市财政局");
  jx::test::write_file(tmp.path() / "other/市财政局/a.pdf", "z");

  auto found = jx::batch::discover_inputs({in.string(), (tmp.path() / "other/市财政局/a.pdf").string(),
                                           (tmp.path() / "missing.pdf").string(), (in / "市教育局/c.pdf").string(),
                                           (tmp.path() / "other").string()});
  std::vector<std::string> rels;
  for (const auto& f : found.files) rels.push_back(f.rel);
  // in/: three PDFs (symlinks skipped). The directly named other/市财政局/a.pdf is "a.pdf"; the folder other/ then
  // brings other/a.pdf ("a.pdf" again → "a~2.pdf") and other/市财政局/a.pdf (the same file: listed once). c.pdf
  // named directly is the same file as in/市教育局/c.pdf: listed once. missing.pdf is kept (it becomes a row).
  std::vector<std::string> expected{"a.pdf",          "a~2.pdf",        "missing.pdf",
                                    "市教育局/c.pdf", "市财政局/a.pdf", "市财政局/sub/b.PDF"};
  EXPECT_EQ(rels, expected);
  EXPECT_TRUE(found.problems.empty());
  for (const auto& f : found.files) {
    if (f.rel == "a.pdf") {
      EXPECT_EQ(jx::test::read_all(f.path), "z");
    }
  }
}

TEST(Inputs, ShardsPartitionTheFilesStably) {
  std::vector<jx::batch::InputFile> files;
  for (int i = 0; i < 200; ++i) files.push_back({"p" + std::to_string(i), "dir/file" + std::to_string(i) + ".pdf"});
  std::set<std::string> seen;
  std::map<std::string, int> shard_of;
  for (int k = 0; k < 3; ++k) {
    auto part = jx::batch::select_shard(files, k, 3);
    EXPECT_GT(part.size(), 30u) << "shard " << k << " is far too small for 200 files";
    for (const auto& f : part) {
      EXPECT_TRUE(seen.insert(f.rel).second) << f.rel << " in two shards";
      shard_of[f.rel] = k;
    }
  }
  EXPECT_EQ(seen.size(), files.size());
  // Adding files moves none of the others.
  auto more = files;
  for (int i = 0; i < 50; ++i) more.push_back({"q", "new/file" + std::to_string(i) + ".pdf"});
  for (int k = 0; k < 3; ++k) {
    for (const auto& f : jx::batch::select_shard(more, k, 3)) {
      if (shard_of.count(f.rel)) {
        EXPECT_EQ(shard_of[f.rel], k) << f.rel;
      }
    }
  }
  EXPECT_EQ(jx::batch::select_shard(files, 0, 1).size(), files.size());
}
