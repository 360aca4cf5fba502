// Input folders built to trap a directory walk: a symlink back to an ancestor (an endless tree if followed), a
// symlink to itself (ELOOP on every stat), and a dangling one. The walk ends, lists each real PDF once, and
// never leaves the folder.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
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
  // The linked *.pdf files are rows too, refused without being opened: every input the walk saw is a row.
  EXPECT_EQ(rels, (std::vector<std::string>{"a.pdf", "dangling.pdf", "loop.pdf", "sub/b.pdf"}));
  for (const auto& f : found.files) {
    const bool link = f.rel == "dangling.pdf" || f.rel == "loop.pdf";
    EXPECT_EQ(f.refused.find("symbolic link") != std::string::npos, link) << f.rel << ": " << f.refused;
  }
}

// A FIFO named *.pdf inside a folder is a refused row (opening it would block); named directly it is a row the
// worker refuses without blocking. A folder that cannot be listed is a problem, named, and the walk goes on beside it.
TEST(InputFolder, FifosAreRowsAndUnlistableFoldersAreProblems) {
  jx::test::TempDir tmp("jx_fifo");
  fs::path in = tmp.path() / "in";
  jx::test::write_file(in / "a.pdf", "x");
  ASSERT_EQ(::mkfifo((in / "pipe.pdf").c_str(), 0600), 0);
  ASSERT_EQ(::mkfifo((tmp.path() / "named.pdf").c_str(), 0600), 0);
  auto found = jx::batch::discover_inputs({in.string(), (tmp.path() / "named.pdf").string()});
  std::map<std::string, std::string> refused;
  for (const auto& f : found.files) refused[f.rel] = f.refused;
  ASSERT_EQ(refused.size(), 3u);
  EXPECT_EQ(refused["a.pdf"], "");
  EXPECT_NE(refused["pipe.pdf"].find("not a regular file"), std::string::npos);
  EXPECT_TRUE(refused.count("named.pdf"));
  EXPECT_TRUE(found.problems.empty());

  // A folder nobody but its owner may list, walked as another user (root lists everything: the walk then runs in a
  // child that has become `nobody`).
  jx::test::write_file(in / "locked/b.pdf", "x");
  jx::test::write_file(in / "open/c.pdf", "x");
  fs::permissions(in / "locked", fs::perms::owner_all, fs::perm_options::replace);
  for (fs::path p = in; p != tmp.path().parent_path(); p = p.parent_path())
    fs::permissions(p,
                    fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec | fs::perms::others_read |
                        fs::perms::others_exec,
                    fs::perm_options::replace);
  fs::permissions(in / "open", fs::perms::all, fs::perm_options::replace);
  auto walk = [&]() {
    auto again = jx::batch::discover_inputs({in.string()});
    bool named = again.problems.size() == 1 && again.problems[0].find("locked: cannot list") != std::string::npos;
    bool rest =
        std::any_of(again.files.begin(), again.files.end(), [](const auto& f) { return f.rel == "open/c.pdf"; });
    return named && rest;
  };
  if (::geteuid() != 0) {
    fs::permissions(in / "locked", fs::perms::none, fs::perm_options::replace);
    EXPECT_TRUE(walk());
    fs::permissions(in / "locked", fs::perms::owner_all, fs::perm_options::replace);
    return;
  }
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(2);
    ::_exit(walk() ? 0 : 1);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "1: the locked folder was not named, or the walk stopped there; 2: setuid";
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
  // in/: three PDFs, and e.pdf, a link: a row refused, never followed (the folder link is not entered). The directly
  // named other/市财政局/a.pdf is "a.pdf"; the folder other/ then brings other/a.pdf ("a.pdf" again → "a~2.pdf") and
  // other/市财政局/a.pdf (the same file: listed once). c.pdf named directly is the same file as in/市教育局/c.pdf:
  // listed once. missing.pdf is kept (it becomes a row).
  std::vector<std::string> expected{"a.pdf",          "a~2.pdf",           "e.pdf", "missing.pdf", "市教育局/c.pdf",
                                    "市财政局/a.pdf", "市财政局/sub/b.PDF"};
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
  for (int i = 0; i < 200; ++i) files.push_back({"p" + std::to_string(i), "dir/file" + std::to_string(i) + ".pdf", ""});
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
  for (int i = 0; i < 50; ++i) more.push_back({"q", "new/file" + std::to_string(i) + ".pdf", ""});
  for (int k = 0; k < 3; ++k) {
    for (const auto& f : jx::batch::select_shard(more, k, 3)) {
      if (shard_of.count(f.rel)) {
        EXPECT_EQ(shard_of[f.rel], k) << f.rel;
      }
    }
  }
  EXPECT_EQ(jx::batch::select_shard(files, 0, 1).size(), files.size());
}

// One file hard-linked under two agencies' folders is audited once, and the walk says so (not an error).
TEST(InputFolder, AHardLinkedFileIsListedOnceAndSaidSo) {
  jx::test::TempDir tmp("jx_hardlink");
  fs::path in = tmp.path() / "in";
  jx::test::write_file(in / "甲局/report.pdf", "x");
  fs::create_directories(in / "乙局");
  fs::create_hard_link(in / "甲局/report.pdf", in / "乙局/report.pdf");
  auto found = jx::batch::discover_inputs({in.string()});
  ASSERT_EQ(found.files.size(), 1u);
  ASSERT_EQ(found.notes.size(), 1u);
  EXPECT_NE(found.notes[0].find("hard link"), std::string::npos) << found.notes[0];
  EXPECT_TRUE(found.problems.empty());
}

// A folder named that holds no PDF (empty, or a mistyped parent of the reports) is a problem, said with its name; a
// folder whose only *.pdf is a row that will fail is not empty.
TEST(InputFolder, AFolderWithoutPdfIsAProblem) {
  jx::test::TempDir tmp("jx_nopdf");
  fs::path empty = tmp.path() / "empty", text = tmp.path() / "text", one = tmp.path() / "one";
  fs::create_directories(empty / "sub");
  jx::test::write_file(text / "notes.txt", "x");
  jx::test::write_file(one / "x.PDF", "");
  auto found = jx::batch::discover_inputs({empty.string(), text.string(), one.string()});
  ASSERT_EQ(found.problems.size(), 2u);
  EXPECT_EQ(found.problems[0], empty.string() + ": no PDF file (*.pdf) in this folder or below it");
  EXPECT_EQ(found.problems[1], text.string() + ": no PDF file (*.pdf) in this folder or below it");
  ASSERT_EQ(found.files.size(), 1u);
  EXPECT_EQ(found.files[0].rel, "x.PDF");
}
