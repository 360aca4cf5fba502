// The binary as users and scripts run it: exit codes, stdout documents, error lines.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

namespace fs = std::filesystem;

namespace {

struct Run {
  int code = -1;
  std::string out;
};

enum class Capture { Stdout, Both, StderrOnly };

// Runs `jxaudit ARGS` and captures stdout (stderr discarded), both, or stderr alone.
Run jxaudit(const std::string& args, Capture what = Capture::Stdout) {
  const char* redirect = what == Capture::Stdout ? " 2>/dev/null"
                         : what == Capture::Both ? " 2>&1"
                                                 : " 2>&1 >/dev/null";
  std::string cmd = std::string(JX_BINARY_DIR) + "/jxaudit " + args + redirect;
  Run r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

const std::string kSamples = std::string(JX_SOURCE_DIR) + "/samples/";

TEST(Cli, AuditJsonPrintsTheContractDocument) {
  auto r = jxaudit("audit --json " + kSamples + "guangzhou-suizhiguan-2021.pdf");
  ASSERT_EQ(r.code, 0) << r.out;
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["schema"], "jxaudit.report/1");
  EXPECT_EQ(doc["project"]["year"], 2021);
  EXPECT_EQ(doc["findings"].size(), 7u);
}

TEST(Cli, FailOnWarningExitsThree) {
  auto r = jxaudit("audit --json --fail-on warning " + kSamples + "guangzhou-suizhiguan-2021.pdf");
  EXPECT_EQ(r.code, 3);
  r = jxaudit("audit --json --fail-on error " + kSamples + "guangzhou-suizhiguan-2021.pdf");
  EXPECT_EQ(r.code, 0) << "the replica's findings are warnings only";
}

TEST(Cli, BadInputIsOneLineAndExitOne) {
  auto tmp = fs::temp_directory_path() / "jx_cli_test_notpdf.pdf";
  std::ofstream(tmp) << "hello, this is not a PDF\n";
  auto r = jxaudit("audit --json " + tmp.string());
  EXPECT_EQ(r.code, 1);
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["outcome"], "not_pdf");
  auto e = jxaudit("audit --json " + tmp.string(), Capture::StderrOnly);
  EXPECT_NE(e.out.find("not a PDF"), std::string::npos) << e.out;
  fs::remove(tmp);
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(jxaudit("audit").code, 2);
  EXPECT_EQ(jxaudit("audit --json a.pdf b.pdf").code, 2);
  EXPECT_EQ(jxaudit("frobnicate").code, 2);
}

TEST(Cli, RulesCheck) {
  auto ok = jxaudit("rules check " + std::string(JX_SOURCE_DIR) + "/rules");
  EXPECT_EQ(ok.code, 0) << ok.out;
  auto dir = fs::temp_directory_path() / "jx_cli_bad_rules";
  fs::create_directories(dir);
  for (const auto& e : fs::directory_iterator(std::string(JX_SOURCE_DIR) + "/rules"))
    if (e.path().extension() == ".toml")
      fs::copy_file(e.path(), dir / e.path().filename(), fs::copy_options::overwrite_existing);
  std::ofstream(dir / "values.toml", std::ios::app) << "\n[[operator]]\npattern = \"(unclosed\"\nop = \">=\"\n";
  auto bad = jxaudit("rules check " + dir.string(), Capture::Both);
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.out.find("values.toml:"), std::string::npos) << bad.out;
  fs::remove_all(dir);
}

TEST(Cli, TablesJsonHasCellsWithSpans) {
  auto r = jxaudit("tables --json " + kSamples + "guangzhou-suizhiguan-2021.pdf");
  ASSERT_EQ(r.code, 0);
  auto doc = nlohmann::json::parse(r.out);
  ASSERT_FALSE(doc["tables"].empty());
  bool spanning = false;
  for (const auto& c : doc["tables"][0]["cells"]) spanning |= c["rowspan"].get<int>() > 1;
  EXPECT_TRUE(spanning) << "the 一级/二级 cells span rows";
}

}  // namespace
