// Input folders built to trap a directory walk: a symlink back to an ancestor (an endless tree if followed), a
// symlink to itself (ELOOP on every stat), and a dangling one. The walk ends, lists each real PDF once, and
// never leaves the folder.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "audit/file_list.h"
#include "tests/test_support.h"

namespace fs = std::filesystem;

TEST(InputFolder, SymlinkLoopsEndAndEachRealPdfIsListedOnce) {
  jx::test::TempDir tmp("jx_loops");
  fs::path in = tmp.path() / "in";
  jx::test::write_file(in / "a.pdf", "x");
  jx::test::write_file(in / "sub/b.pdf", "x");
  fs::create_directory_symlink(in, in / "sub/back-to-in");   // in/sub/back-to-in/sub/back-to-in/…
  fs::create_directory_symlink(in / "sub", in / "sub/self");  // the folder inside itself
  fs::create_symlink(in / "loop.pdf", in / "loop.pdf");       // a link to itself: stat fails with ELOOP
  fs::create_symlink(in / "gone.pdf", in / "dangling.pdf");
  auto found = jx::audit::discover_inputs({in.string()});
  std::vector<std::string> rels;
  for (const auto& f : found.files) rels.push_back(f.rel);
  EXPECT_EQ(rels, (std::vector<std::string>{"a.pdf", "sub/b.pdf"}));
}
