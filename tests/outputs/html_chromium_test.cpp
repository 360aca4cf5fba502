// index.html in a real browser: headless Chromium loads the page, runs its script and dumps the DOM. The reports
// table must come out sorted by the recomputed total (lowest first, failed files last) with the header marked,
// the findings and their embedded evidence must be there, and nothing a report says may have become markup.
// Skipped when /usr/bin/chromium is not installed.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "outputs/html_writer.h"
#include "outputs/summary_rows.h"

namespace fs = std::filesystem;
using namespace jx::outputs;

namespace {

const char* kChromium = "/usr/bin/chromium";

std::string run(const std::string& cmd) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return out;
  std::array<char, 65536> buf;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  ::pclose(p);
  return out;
}

FileRow report(const std::string& rel, double recomputed, const std::string& project) {
  FileRow r;
  r.rel = rel;
  r.agency = rel.substr(0, rel.find('/'));
  r.file = "in/" + rel;
  r.project = project;
  r.stated_total = 100;
  r.recomputed_total = recomputed;
  return r;
}

}  // namespace

TEST(HtmlChromium, SortedTableFindingsAndEscapingSurviveABrowser) {
  if (::access(kChromium, X_OK) != 0) GTEST_SKIP() << kChromium << " not installed";
  std::string tmpl = (fs::temp_directory_path() / "jx_chromium_XXXXXX").string();
  fs::path dir = ::mkdtemp(tmpl.data());

  // Bytes with a PNG signature for one finding's evidence (the page embeds them as they are).
  const std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\x08\x06\0\0\0\x1f\x15\xc4\x89", 33);
  fs::create_directories(dir / "evidence/乙局/b.pdf");
  std::ofstream(dir / "evidence/乙局/b.pdf/1.png", std::ios::binary) << png;

  std::vector<FileRow> rows;
  rows.push_back(report("甲局/a.pdf", 88, "甲项目"));
  rows.push_back(report("乙局/b.pdf", 55.5, "乙项目"));
  rows.back().warning = 1;
  rows.back().findings.push_back({"target.too_low", "warning", "<script>alert(1)</script>",
                                  "实际完成值36份为目标值30份的120%，目标值设置偏低", 4, "evidence/乙局/b.pdf/1.png"});
  rows.back().findings.push_back({"deviation.unexplained", "warning", "<script>alert(1)</script>",
                                  "未填写偏差原因分析及改进措施", 4, "evidence/乙局/b.pdf/1.png"});
  rows.push_back(report("丙局/c.pdf", 97, "丙项目<img src=x onerror=alert(2)>"));
  FileRow failed;
  failed.rel = "丁局/d.pdf";
  failed.agency = "丁局";
  failed.outcome = "encrypted";
  failed.error = "encrypted: needs a password";
  rows.push_back(failed);
  fs::path page = dir / "index.html";
  std::ofstream(page, std::ios::binary) << index_html(rows, dir.string());

  std::string cmd = "timeout 90 " + std::string(kChromium) +
                    " --headless --no-sandbox --disable-gpu --disable-background-networking"
                    " --disable-component-update --no-first-run --user-data-dir=" +
                    (dir / "profile").string() + " --dump-dom 'file://" + page.string() + "' 2>/dev/null";
  std::string dom = run(cmd);
  std::error_code ec;
  fs::remove_all(dir, ec);
  ASSERT_FALSE(dom.empty()) << "chromium printed nothing";

  // The script ran: the table is sorted by 复核总分 (column 8), ascending, failed file last.
  EXPECT_NE(dom.find("aria-sort=\"ascending\">复核总分"), std::string::npos);
  auto b = dom.find("<td title=\"in/乙局/b.pdf\">乙局/b.pdf</td>");
  auto a = dom.find("<td title=\"in/甲局/a.pdf\">甲局/a.pdf</td>");
  auto c = dom.find("<td title=\"in/丙局/c.pdf\">丙局/c.pdf</td>");
  auto d = dom.find(">丁局/d.pdf</td>");
  ASSERT_NE(b, std::string::npos);
  ASSERT_NE(a, std::string::npos);
  ASSERT_NE(c, std::string::npos);
  ASSERT_NE(d, std::string::npos);
  EXPECT_LT(b, a);
  EXPECT_LT(a, c);
  EXPECT_LT(c, d);

  // The finding, its evidence, and text that stayed text.
  EXPECT_NE(dom.find("实际完成值36份为目标值30份的120%，目标值设置偏低"), std::string::npos);
  // Both findings show the crop: the second one's copied in by the script.
  std::string uri = "src=\"data:image/png;base64,iVBORw0KGgo";
  auto first = dom.find(uri);
  ASSERT_NE(first, std::string::npos);
  EXPECT_NE(dom.find(uri, first + 1), std::string::npos);
  EXPECT_NE(dom.find("指标：&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(dom.find("<script>alert(1)"), std::string::npos);
  EXPECT_NE(dom.find("丙项目&lt;img src=x onerror=alert(2)&gt;"), std::string::npos);
  EXPECT_EQ(dom.find("<img src=\"x\""), std::string::npos);
}
