// index.html in a real browser, driven as a reviewer drives it: headless Chromium loads the page with a test script
// appended after the page's own, which clicks headings, chooses filters, types a search, clicks a chart bar, opens a
// report and goes back, writing what the page shows after each step into a <pre>; the DOM is then dumped and read
// here. Skipped when /usr/bin/chromium is not installed.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "outputs/html_writer.h"
#include "outputs/summary_rows.h"
#include "tests/support/chromium.h"

namespace fs = std::filesystem;
using namespace jx::outputs;

namespace {

using jx::test::kChromium;

FileRow report(const std::string& rel, double recomputed, const std::string& project) {
  FileRow r;
  r.rel = rel;
  r.agency = rel.substr(0, rel.find('/'));
  r.file = rel;
  r.project_index = 0;
  r.project_count = 1;
  r.project = project;
  r.text_source = "text";
  r.stated_total = 100;
  r.recomputed_total = recomputed;
  return r;
}

// The steps, run after the page's script. Each records what the table (or the report view) shows; `wait` lets the
// hashchange the step caused be handled first.
const char* kSteps = R"JS(
<script>
(function () {
  var out = {}, alerts = 0;
  window.alert = function () { ++alerts; };
  function shown() {
    return Array.prototype.map.call(document.querySelectorAll('#report-rows tr'), function (tr) {
      return tr.cells[0].textContent;
    });
  }
  function set(id, value, ev) { var el = document.getElementById(id); el.value = value; el.dispatchEvent(new Event(ev)); }
  var steps = [
    function () { out.initial = shown(); out.sortMark = document.querySelector('th[aria-sort]').textContent + ' ' +
                  document.querySelector('th[aria-sort]').getAttribute('aria-sort'); },
    function () { document.querySelector('th[data-k="r"]').click(); },
    function () { out.descending = shown(); document.querySelector('th[data-k="f"]').click(); },
    function () { out.byName = shown(); set('f-agency', '乙局', 'change'); },
    function () { out.agency = shown(); out.count = document.getElementById('count').textContent;
                  document.getElementById('reset').click(); },
    function () { out.reset = shown(); set('f-status', 'failed', 'change'); },
    function () { out.failed = shown(); document.getElementById('reset').click(); },
    function () { set('f-src', 'ocr', 'change'); },
    function () { out.ocr = shown(); set('f-src', 'unsure', 'change'); },
    function () { out.unsure = shown(); document.getElementById('reset').click(); },
    function () { set('f-q', '丙项目', 'input'); },
    null,  // the search waits for typing to pause
    function () { out.search = shown(); document.getElementById('reset').click(); },
    function () { document.querySelector('#chart-rule g[data-rule="target.too_low"]')
                    .dispatchEvent(new MouseEvent('click', {bubbles: true})); },
    function () { out.chartRule = shown(); out.ruleSelect = document.getElementById('f-rule').value;
                  document.querySelector('#report-rows a').click(); },
    function () {
      var v = document.getElementById('view');
      out.viewHidden = v.classList.contains('hidden');
      out.listHidden = document.getElementById('list').classList.contains('hidden');
      out.viewTitle = v.querySelector('h2').textContent;
      out.viewFindings = v.querySelectorAll('.finding').length;
      out.viewImages = Array.prototype.map.call(v.querySelectorAll('.finding img'), function (i) {
        return i.getAttribute('src').slice(0, 30); });
      out.viewPageLinks = Array.prototype.map.call(v.querySelectorAll('.finding a'), function (a) {
        return a.getAttribute('href'); });
      out.viewText = v.textContent;
      out.viewUnsure = v.querySelectorAll('.finding .badge.ocr').length;
      out.viewIndicatorRows = v.querySelectorAll('table.indicators tbody tr').length;
      out.viewOver = v.querySelectorAll('table.indicators tr.over').length;
      history.back();
    },
    function () { out.back = shown(); out.backRule = document.getElementById('f-rule').value;
                  out.backList = !document.getElementById('list').classList.contains('hidden'); },
  ];
  var k = 0;
  function next() {
    if (k < steps.length) { var s = steps[k++]; if (s) s(); setTimeout(next, 300); return; }
    out.alerts = alerts;
    out.injected = document.querySelectorAll('img[src="x"]').length + document.querySelectorAll('#view script').length;
    var pre = document.createElement('pre');
    pre.id = 'jx-test';
    pre.textContent = JSON.stringify(out);
    document.body.appendChild(pre);
  }
  setTimeout(next, 100);
})();
</script>
)JS";

}  // namespace

TEST(HtmlChromium, AReviewerSortsFiltersSearchesOpensAReportAndGoesBack) {
  if (::access(kChromium, X_OK) != 0) GTEST_SKIP() << kChromium << " not installed";
  std::string tmpl = (fs::temp_directory_path() / "jx_chromium_XXXXXX").string();
  fs::path dir = ::mkdtemp(tmpl.data());

  // Bytes with a PNG signature for the findings' evidence (the page embeds them as they are).
  const std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\x08\x06\0\0\0\x1f\x15\xc4\x89", 33);
  fs::create_directories(dir / "evidence/乙局/b.pdf");
  std::ofstream(dir / "evidence/乙局/b.pdf/1.png", std::ios::binary) << png;

  std::vector<FileRow> rows;
  rows.push_back(report("甲局/a.pdf", 88, "甲项目"));
  rows.push_back(report("乙局/b.pdf", 55.5, "乙项目"));
  rows.back().warning = 2;
  rows.back().text_source = "ocr";
  rows.back().low_confidence = 1;
  rows.back().findings.push_back({"target.too_low", "warning", "<script>alert(1)</script>",
                                  "实际完成值36份为目标值30份的120%，目标值设置偏低", 4, "evidence/乙局/b.pdf/1.png"});
  rows.back().findings.back().unsure = true;
  rows.back().findings.push_back({"extract.low_confidence", "warning", "<script>alert(1)</script>",
                                  "指标由扫描件识别，数字识别存疑", 4, "evidence/乙局/b.pdf/1.png"});
  IndicatorRow ind;
  ind.level1 = "产出指标";
  ind.name = "<script>alert(1)</script>";
  ind.weight = 10;
  ind.self_score = 10;
  ind.recomputed_score = 8;
  ind.low_confidence = true;
  rows.back().indicators.push_back(ind);
  rows.push_back(report("丙局/c.pdf", 97, "丙项目<img src=x onerror=alert(2)>"));
  FileRow failed;
  failed.rel = "丁局/d.pdf";
  failed.agency = "丁局";
  failed.outcome = "encrypted";
  failed.error = "encrypted: needs a password";
  rows.push_back(failed);
  for (auto& r : rows)
    if (!r.file.empty()) r.file = (dir / r.file).string();  // the PDFs beside the page: links relative to it
  std::string html = index_html(rows, dir.string());
  auto body = html.rfind("</body>");
  ASSERT_NE(body, std::string::npos);
  html.insert(body, kSteps);
  fs::path page = dir / "index.html";
  std::ofstream(page, std::ios::binary) << html;

  std::string dom = jx::test::chromium_dom(dir / "profile", "file://" + page.string());
  std::error_code ec;
  fs::remove_all(dir, ec);
  ASSERT_FALSE(dom.empty()) << "chromium printed nothing";
  auto steps = jx::test::test_steps_text(dom);
  ASSERT_TRUE(steps) << "the steps did not finish";
  const std::string& text = *steps;
  auto out = nlohmann::json::parse(text, nullptr, false);
  ASSERT_FALSE(out.is_discarded()) << text;
  using List = std::vector<std::string>;
  const List b = {"乙局/b.pdf"}, a = {"甲局/a.pdf"}, c = {"丙局/c.pdf"}, d = {"丁局/d.pdf"};

  // On load: by 复核总分, lowest first, the failed file (no total) last.
  EXPECT_EQ(out["initial"].get<List>(), (List{"乙局/b.pdf", "甲局/a.pdf", "丙局/c.pdf", "丁局/d.pdf"}));
  EXPECT_EQ(out["sortMark"], "复核总分 ascending");
  // A second click on the heading turns the order; blanks stay last.
  EXPECT_EQ(out["descending"].get<List>(), (List{"丙局/c.pdf", "甲局/a.pdf", "乙局/b.pdf", "丁局/d.pdf"}));
  EXPECT_EQ(out["byName"].size(), 4u);
  // Each filter keeps what it says.
  EXPECT_EQ(out["agency"].get<List>(), b);
  EXPECT_EQ(out["count"], "筛选出 1 行（共 4 行）");
  EXPECT_EQ(out["reset"].size(), 4u);
  EXPECT_EQ(out["failed"].get<List>(), d);
  EXPECT_EQ(out["ocr"].get<List>(), b);
  EXPECT_EQ(out["unsure"].get<List>(), b);
  EXPECT_EQ(out["search"].get<List>(), c);
  // A bar of the chart of findings by rule filters the table by that rule.
  EXPECT_EQ(out["chartRule"].get<List>(), b);
  EXPECT_EQ(out["ruleSelect"], "target.too_low");
  // The report's view: its findings in Chinese with their crop and a link into the PDF page, the doubt shown.
  EXPECT_FALSE(out["viewHidden"].get<bool>());
  EXPECT_TRUE(out["listHidden"].get<bool>());
  EXPECT_EQ(out["viewTitle"], "乙项目");
  EXPECT_EQ(out["viewFindings"], 2);
  EXPECT_EQ(out["viewImages"],
            nlohmann::json::array({"data:image/png;base64,iVBORw0K", "data:image/png;base64,iVBORw0K"}));
  EXPECT_EQ(out["viewPageLinks"],
            nlohmann::json::array({"%E4%B9%99%E5%B1%80/b.pdf#page=4", "%E4%B9%99%E5%B1%80/b.pdf#page=4"}));
  const std::string view = out["viewText"];
  EXPECT_NE(view.find("实际完成值36份为目标值30份的120%，目标值设置偏低"), std::string::npos);
  EXPECT_NE(view.find("警告"), std::string::npos);
  EXPECT_NE(view.find("指标：<script>alert(1)</script>"), std::string::npos) << "shown as text";
  EXPECT_NE(view.find("扫描件OCR"), std::string::npos);
  EXPECT_EQ(out["viewUnsure"], 1);
  EXPECT_EQ(out["viewIndicatorRows"], 1);
  EXPECT_EQ(out["viewOver"], 1) << "a self score above the recomputed one is marked";
  // Back: the list again, with the filter it had.
  EXPECT_TRUE(out["backList"].get<bool>());
  EXPECT_EQ(out["back"].get<List>(), b);
  EXPECT_EQ(out["backRule"], "target.too_low");
  // Nothing a report says became markup or ran.
  EXPECT_EQ(out["alerts"], 0);
  EXPECT_EQ(out["injected"], 0);
}
