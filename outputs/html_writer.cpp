#include "outputs/html_writer.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/numbers.h"
#include "core/outcome.h"
#include "core/text.h"
#include "core/utf8.h"
#include "outputs/out_files.h"

namespace fs = std::filesystem;

namespace jx::outputs {
namespace {

constexpr std::size_t kMaxImageBytes = 4u << 20;

// Reads OUT/<image> when it is a PNG under OUT/evidence; empty otherwise.
std::string read_evidence(const std::string& out_dir, const std::string& image) {
  if (!is_evidence_rel(image)) return {};
  fs::path path = fs::path(out_dir) / image;
  std::error_code ec;
  if (fs::is_symlink(fs::symlink_status(path, ec))) return {};
  auto size = fs::file_size(path, ec);
  if (ec || size > kMaxImageBytes || size < 8) return {};
  std::ifstream in(path, std::ios::binary);
  std::string bytes(size, '\0');
  if (!in.read(bytes.data(), static_cast<std::streamsize>(size))) return {};
  if (bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) return {};
  return bytes;
}

// Appends the file at `path` to `out`; false when it cannot be read.
bool copy_into(std::ostream& out, const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) out.write(buf, in.gcount());
  return !in.bad();
}

}  // namespace

std::string html_escape(const std::string& raw) { return markup_escape(raw); }

std::string base64_encode(const std::string& bytes) {
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                 static_cast<unsigned char>(bytes[i + 2]);
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    out += alphabet[v & 63];
  }
  if (i < bytes.size()) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? alphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

namespace {

// The page's script and style, kept in outputs/index_page.{js,css} and embedded at build time.
#include "outputs/index_page_assets.h"

// An href or src of the page: every non-ASCII byte percent-encoded too.
std::string url_path(const std::string& path) { return outputs::url_path(path, /*keep_utf8=*/false); }

// JSON for a <script type="application/json"> element: no "<" can close the element or open a comment, and
// ill-formed UTF-8 becomes U+FFFD.
std::string script_json(const nlohmann::json& j) {
  std::string text = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '<')
      out += "\\u003c";
    else
      out.push_back(c);
  }
  return out;
}

nlohmann::json number_or_null(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); }

// `text` cut to `max` characters, an ellipsis in place of the rest.
std::string shorten(const std::string& text, std::size_t max) {
  std::u32string chars = utf8::decode(valid_text(text));
  if (chars.size() <= max) return valid_text(text);
  chars.resize(max - 1);
  return utf8::encode(chars) + "…";
}

// A horizontal bar chart as inline SVG. Each bar is a group that carries `attr`="key" (the script filters the table
// by it on a click) and a <title> for the pointer; stacked parts are drawn left to right. With `diverging`, a bar's
// single value is drawn right of a centre line when positive and left when negative.
struct Bar {
  std::string label, attr, key, title, value_text;
  std::vector<std::pair<double, const char*>> parts;  // value, CSS class
};

void bar_chart(std::ostream& h, const std::string& id, const std::string& caption, const std::vector<Bar>& bars,
               bool diverging, const std::string& empty_text) {
  h << "<figure class=\"chart\" id=\"" << id << "\"><figcaption>" << html_escape(caption) << "</figcaption>";
  if (bars.empty()) {
    h << "<p>" << html_escape(empty_text) << "</p></figure>\n";
    return;
  }
  constexpr double kLabel = 180, kArea = 380, kRow = 22, kWidth = kLabel + kArea + 60;
  double scale = 0;
  for (const auto& b : bars) {
    double sum = 0;
    for (const auto& p : b.parts) sum += diverging ? std::fabs(p.first) : p.first;
    scale = std::max(scale, sum);
  }
  if (scale <= 0) scale = 1;
  const double height = kRow * static_cast<double>(bars.size()) + 8;
  h << "<svg viewBox=\"0 0 " << kWidth << " " << height << "\" role=\"img\" aria-label=\"" << html_escape(caption)
    << "\">";
  const double centre = kLabel + kArea / 2;
  for (std::size_t k = 0; k < bars.size(); ++k) {
    const Bar& b = bars[k];
    const double y = 4 + kRow * static_cast<double>(k);
    h << "<g class=\"bar\"";
    if (!b.attr.empty()) h << " " << b.attr << "=\"" << html_escape(b.key) << "\"";
    h << "><title>" << html_escape(b.title) << "</title><text x=\"" << kLabel - 6 << "\" y=\"" << y + 15
      << "\" text-anchor=\"end\">" << html_escape(shorten(b.label, 13)) << "</text>";
    if (diverging) {
      double v = b.parts.empty() ? 0 : b.parts[0].first;
      double w = std::fabs(v) / scale * (kArea / 2 - 10);
      double x = v >= 0 ? centre : centre - w;
      h << "<rect class=\"" << (v >= 0 ? "pos" : "neg") << "\" x=\"" << format_rounded(x, 1) << "\" y=\"" << y + 3
        << "\" width=\"" << format_rounded(std::max(w, 1.0), 1) << "\" height=\"" << kRow - 6 << "\"/>";
      // The value goes right of the bar when positive, right of the centre line when negative (left of it is
      // the bar, and further left the label).
      double tx = v >= 0 ? centre + w + 4 : centre + 4;
      h << "<text x=\"" << format_rounded(tx, 1) << "\" y=\"" << y + 15 << "\">" << html_escape(b.value_text)
        << "</text>";
    } else {
      double x = kLabel;
      for (const auto& [value, cls] : b.parts) {
        if (value <= 0) continue;
        double w = value / scale * kArea;
        h << "<rect class=\"" << cls << "\" x=\"" << format_rounded(x, 1) << "\" y=\"" << y + 3 << "\" width=\""
          << format_rounded(std::max(w, 1.0), 1) << "\" height=\"" << kRow - 6 << "\"/>";
        x += w;
      }
      h << "<text x=\"" << format_rounded(x + 4, 1) << "\" y=\"" << y + 15 << "\">" << html_escape(b.value_text)
        << "</text>";
    }
    h << "</g>";
  }
  if (diverging)
    h << "<line class=\"axis\" x1=\"" << centre << "\" y1=\"0\" x2=\"" << centre << "\" y2=\"" << height << "\"/>";
  h << "</svg></figure>\n";
}

}  // namespace

struct IndexHtml::Parts {
  fs::path dir;
  std::optional<std::string> error;
  std::ofstream rows;     // the rows' JSON objects, comma-separated
  std::ofstream details;  // each row's <script type="application/json" id="d<i>">
  std::size_t count = 0, files = 0, failed = 0, projects = 0, ocr_files = 0, unsure_projects = 0;
  long info = 0, warning = 0, errors = 0;
  std::size_t embedded_bytes = 0;  // evidence embedded so far; past the budget, images are linked instead
  struct Agency {
    std::size_t files = 0, projects = 0, findings_by_sev[3] = {0, 0, 0};
    double inflation = 0;  // sum over projects with both totals of stated − recomputed
    std::size_t with_totals = 0;
  };
  std::map<std::string, Agency> agencies;
  std::map<std::string, std::size_t> rule_counts;

  void fail(const std::string& what) {
    if (!error) error = what;
  }
};

IndexHtml::IndexHtml(std::string out_dir, std::size_t max_embedded_bytes)
    : out_dir_(std::move(out_dir)),
      out_abs_(fs::absolute(out_dir_).lexically_normal()),
      max_embedded_bytes_(max_embedded_bytes),
      parts_(std::make_unique<Parts>()) {
  Parts& p = *parts_;
  p.dir = temporary_beside((fs::path(out_dir_) / "index.html").string());
  std::error_code ec;
  fs::create_directories(p.dir, ec);
  if (ec) {
    p.fail("cannot create " + p.dir.string() + ": " + ec.message());
    return;
  }
  p.rows.open(p.dir / "rows", std::ios::binary);
  p.details.open(p.dir / "details", std::ios::binary);
  if (!p.rows || !p.details) p.fail("cannot write in " + p.dir.string());
}

void IndexHtml::set_rule_notes(RuleNotes notes) { notes_ = std::move(notes); }

IndexHtml::~IndexHtml() {
  if (!parts_) return;
  parts_->rows.close();
  parts_->details.close();
  std::error_code ec;
  fs::remove_all(parts_->dir, ec);
}

std::string IndexHtml::pdf_href(const std::string& file) const {
  if (file.empty()) return {};
  fs::path abs = fs::absolute(fs::path(file)).lexically_normal();
  fs::path rel = abs.lexically_relative(out_abs_);
  if (rel.empty()) return "file://" + url_path(abs.generic_string());
  return url_path(rel.generic_string());
}

void IndexHtml::add(const FileRow& r) {
  Parts& p = *parts_;
  if (p.error) return;
  const std::size_t i = p.count++;
  if (starts_file(r)) {
    ++p.files;
    if (read_by_ocr(r)) ++p.ocr_files;
  }
  if (!r.error.empty()) ++p.failed;
  if (r.project_index) ++p.projects;
  if (r.low_confidence > 0) ++p.unsure_projects;
  p.info += r.info;
  p.warning += r.warning;
  p.errors += r.errors;
  Parts::Agency& agency = p.agencies[r.agency];
  if (starts_file(r)) ++agency.files;
  if (r.project_index) ++agency.projects;
  agency.findings_by_sev[0] += static_cast<std::size_t>(r.errors);
  agency.findings_by_sev[1] += static_cast<std::size_t>(r.warning);
  agency.findings_by_sev[2] += static_cast<std::size_t>(r.info);
  if (r.stated_total && r.recomputed_total) {
    agency.inflation += *r.stated_total - *r.recomputed_total;
    ++agency.with_totals;
  }

  // The row, for the table and its filters.
  nlohmann::json row = {{"i", i},
                        {"f", r.rel},
                        {"a", r.agency},
                        {"p", r.project},
                        {"pl", r.project_index && r.project_count > 1
                                   ? std::to_string(*r.project_index + 1) + "/" + std::to_string(r.project_count)
                                   : std::string()},
                        {"d", r.department},
                        {"y", r.year ? nlohmann::json(*r.year) : nlohmann::json()},
                        {"s", number_or_null(r.stated_total)},
                        {"r", number_or_null(r.recomputed_total)},
                        {"g", r.grade},
                        {"e", r.errors},
                        {"w", r.warning},
                        {"n", r.info},
                        {"o", r.text_source},
                        {"u", r.low_confidence},
                        {"x", r.error.empty() ? std::string() : r.outcome},
                        {"xl", r.error.empty() ? std::string() : outcome_label_zh(r.outcome)},
                        {"m", r.error},
                        {"wn", r.warnings.size()}};
  // The first few warnings, for the table's tooltip (all of them are in the details).
  constexpr std::size_t kTooltipWarnings = 5;
  row["wt"] = std::vector<std::string>(
      r.warnings.begin(),
      r.warnings.begin() + static_cast<std::ptrdiff_t>(std::min(r.warnings.size(), kTooltipWarnings)));
  // The rules of its findings, as indexes into the page's rule list (rule_index_, built as rules are met).
  nlohmann::json kinds = nlohmann::json::array();
  std::set<std::size_t> seen;
  for (const auto& f : r.findings) {
    ++p.rule_counts[f.rule];
    auto [it, fresh] = rule_index_.try_emplace(f.rule, rule_index_.size());
    if (seen.insert(it->second).second) kinds.push_back(it->second);
  }
  row["k"] = std::move(kinds);
  p.rows << (i == 0 ? "" : ",\n") << script_json(row);

  // Its details, for the report view. An image that repeats within the report is stored once.
  nlohmann::json d = {{"file", r.file},   {"pdf", pdf_href(r.file)}, {"sha", r.sha256},
                      {"pages", r.pages}, {"ocr", r.ocr_pages},      {"warn", r.warnings}};
  if (r.error.empty()) {
    d["budget"] = {{"unit", r.budget.unit},
                   {"ib", number_or_null(r.budget.initial_budget)},
                   {"ab", number_or_null(r.budget.annual_budget)},
                   {"ex", number_or_null(r.budget.executed)},
                   {"rate", number_or_null(r.budget.execution_rate)},
                   {"w", number_or_null(r.budget.weight)},
                   {"sc", number_or_null(r.budget.score)}};
    nlohmann::json ind = nlohmann::json::array();
    for (const auto& x : r.indicators)
      ind.push_back({{"l1", x.level1},
                     {"l2", x.level2},
                     {"n", x.name},
                     {"t", x.target},
                     {"a", x.actual},
                     {"w", number_or_null(x.weight)},
                     {"s", number_or_null(x.self_score)},
                     {"r", number_or_null(x.recomputed_score)},
                     {"pg", x.page},
                     {"lc", x.low_confidence},
                     {"note", x.note}});
    d["ind"] = std::move(ind);
  }
  nlohmann::json images = nlohmann::json::array();
  std::map<std::string, std::size_t> image_slot;  // image path → index in `images`
  nlohmann::json findings = nlohmann::json::array();
  for (const auto& f : r.findings) {
    nlohmann::json j = {{"id", f.id},       {"rule", f.rule}, {"sev", f.severity}, {"ind", f.indicator},
                        {"msg", f.message}, {"pg", f.page},   {"det", f.detail},   {"t", f.target},
                        {"a", f.actual},    {"u", f.unsure},  {"img", nullptr},    {"rv", f.review}};
    if (!f.image.empty()) {
      auto slot = image_slot.find(f.image);
      if (slot == image_slot.end()) {
        std::string src = evidence_src(f.image);
        if (!src.empty()) {
          slot = image_slot.emplace(f.image, images.size()).first;
          images.push_back(std::move(src));
        }
      }
      if (slot != image_slot.end()) j["img"] = slot->second;
    }
    findings.push_back(std::move(j));
  }
  d["fnd"] = std::move(findings);
  d["imgs"] = std::move(images);
  p.details << "<script type=\"application/json\" id=\"d" << i << "\">" << script_json(d) << "</script>\n";
}

std::string IndexHtml::evidence_src(const std::string& image) {
  Parts& p = *parts_;
  std::string png = read_evidence(out_dir_, image);
  if (png.empty()) return {};
  if (p.embedded_bytes + png.size() <= max_embedded_bytes_) {
    p.embedded_bytes += png.size();
    return "data:image/png;base64," + base64_encode(png);
  }
  return url_path(image);  // relative to OUT, where index.html is
}

std::optional<std::string> IndexHtml::finish(std::ostream& h) {
  Parts& p = *parts_;
  p.rows.close();
  p.details.close();
  if (p.rows.fail() || p.details.fail()) p.fail("cannot write in " + p.dir.string());
  if (p.error) return p.error;

  h << "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
    << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    << "<title>绩效自评表审核结果</title>\n<style>" << kIndexPageCss << "</style>\n</head>\n<body>\n"
    << "<header class=\"top\"><h1>项目支出绩效自评表审核结果</h1>"
    << "<p class=\"totals\" id=\"totals\">共 " << p.files << " 个文件，审核 " << p.files - p.failed << " 个，无法处理 "
    << p.failed << " 个；问题：错误 " << p.errors << "，警告 " << p.warning << "，提示 " << p.info
    << "。审核的文件共有 " << p.projects << " 个项目，每个项目一行。</p></header>\n<main>\n"
    << "<noscript><p>本页的报告一览和报告详情需要启用 JavaScript。</p></noscript>\n";

  // ---- the overview ----
  h << "<section id=\"overview\"><h2>总体情况</h2><div class=\"cards\">"
    << "<div class=\"card\"><b>" << p.files << "</b>文件</div>"
    << "<div class=\"card\"><b>" << p.projects << "</b>项目</div>"
    << "<div class=\"card" << (p.failed ? " err" : "") << "\"><b>" << p.failed << "</b>无法处理</div>"
    << "<div class=\"card ocr\"><b>" << p.ocr_files << "</b>经OCR识别的文件</div>"
    << "<div class=\"card ocr\"><b>" << p.unsure_projects << "</b>含存疑数值的项目</div>"
    << "<div class=\"card err\"><b>" << p.errors << "</b>错误</div>"
    << "<div class=\"card warn\"><b>" << p.warning << "</b>警告</div>"
    << "<div class=\"card info\"><b>" << p.info << "</b>提示</div></div>\n<div class=\"charts\">\n";
  {
    constexpr std::size_t kTop = 15;
    std::vector<std::pair<std::string, const Parts::Agency*>> by_findings;
    for (const auto& [name, a] : p.agencies) by_findings.emplace_back(name, &a);
    auto total = [](const Parts::Agency* a) {
      return a->findings_by_sev[0] + a->findings_by_sev[1] + a->findings_by_sev[2];
    };
    std::stable_sort(by_findings.begin(), by_findings.end(),
                     [&](const auto& x, const auto& y) { return total(x.second) > total(y.second); });
    std::vector<Bar> bars;
    for (const auto& [name, a] : by_findings) {
      if (total(a) == 0) break;
      if (bars.size() == kTop) break;
      Bar b;
      b.label = name.empty() ? "（未分单位）" : name;
      b.attr = "data-agency";
      b.key = name;
      b.title = b.label + "：错误 " + std::to_string(a->findings_by_sev[0]) + "，警告 " +
                std::to_string(a->findings_by_sev[1]) + "，提示 " + std::to_string(a->findings_by_sev[2]);
      b.value_text = std::to_string(total(a));
      b.parts = {{static_cast<double>(a->findings_by_sev[0]), "s-error"},
                 {static_cast<double>(a->findings_by_sev[1]), "s-warning"},
                 {static_cast<double>(a->findings_by_sev[2]), "s-info"}};
      bars.push_back(std::move(b));
    }
    std::string caption = "各单位问题数（错误/警告/提示）";
    if (by_findings.size() > kTop) caption += "，前 " + std::to_string(kTop) + " 个单位";
    bar_chart(h, "chart-agency", caption, bars, false, "没有发现问题。");

    std::vector<std::pair<std::string, std::size_t>> rules(p.rule_counts.begin(), p.rule_counts.end());
    std::stable_sort(rules.begin(), rules.end(), [](const auto& x, const auto& y) { return x.second > y.second; });
    bars.clear();
    for (const auto& [rule, n] : rules) {
      Bar b;
      auto note = notes_.find(rule);
      std::string severity = note != notes_.end() ? note->second.severity : std::string();
      b.label = note != notes_.end() && !note->second.name.empty() ? note->second.name : rule;
      b.attr = "data-rule";
      b.key = rule;
      b.title = b.label + "（" + rule + "）：" + std::to_string(n) + " 处";
      b.value_text = std::to_string(n);
      b.parts = {{static_cast<double>(n), severity == "error"     ? "s-error"
                                          : severity == "warning" ? "s-warning"
                                                                  : "s-info"}};
      bars.push_back(std::move(b));
    }
    bar_chart(h, "chart-rule", "各规则问题数", bars, false, "没有发现问题。");

    std::vector<std::pair<std::string, double>> inflation;
    for (const auto& [name, a] : p.agencies)
      if (a.with_totals > 0) inflation.emplace_back(name, a.inflation / static_cast<double>(a.with_totals));
    std::stable_sort(inflation.begin(), inflation.end(),
                     [](const auto& x, const auto& y) { return x.second > y.second; });
    if (inflation.size() > kTop) inflation.resize(kTop);
    bars.clear();
    for (const auto& [name, mean] : inflation) {
      Bar b;
      b.label = name.empty() ? "（未分单位）" : name;
      b.attr = "data-agency";
      b.key = name;
      b.value_text = (mean > 0 ? "+" : "") + format_rounded(mean, 2);
      b.title = b.label + "：自评总分比复核总分平均" + (mean >= 0 ? "高 " : "低 ") +
                format_rounded(std::fabs(mean), 2) + " 分";
      b.parts = {{mean, ""}};
      bars.push_back(std::move(b));
    }
    std::string cap = "各单位自评总分虚高（自评总分−复核总分，平均每个项目）";
    if (p.agencies.size() > kTop) cap += "，最高的 " + std::to_string(kTop) + " 个单位";
    bar_chart(h, "chart-inflation", cap, bars, true, "没有同时读到自评总分和复核总分的项目。");
  }
  h << "</div></section>\n";

  // ---- the reports table ----
  h << "<section id=\"list\"><h2>报告一览</h2>\n<div class=\"controls\">"
    << "<input type=\"search\" id=\"f-q\" placeholder=\"搜索文件、单位、项目、主管部门\" aria-label=\"搜索\">"
    << "<select id=\"f-agency\" aria-label=\"单位\"><option value=\"\">全部单位</option></select>"
    << "<select id=\"f-rule\" aria-label=\"规则\"><option value=\"\">全部规则</option></select>"
    << "<select id=\"f-sev\" aria-label=\"问题级别\"><option value=\"\">全部级别</option>"
    << "<option value=\"error\">有错误</option><option value=\"warning\">有警告</option>"
    << "<option value=\"info\">有提示</option><option value=\"none\">没有问题</option></select>"
    << "<select id=\"f-src\" aria-label=\"识别方式\"><option value=\"\">全部识别方式</option>"
    << "<option value=\"text\">文字层</option><option value=\"ocr\">经OCR识别</option>"
    << "<option value=\"unsure\">有存疑数值</option></select>"
    << "<select id=\"f-status\" aria-label=\"处理结果\"><option value=\"\">全部处理结果</option>"
    << "<option value=\"ok\">审核完成</option><option value=\"failed\">无法处理</option></select>"
    << "<button id=\"reset\" type=\"button\">清除筛选</button><span class=\"count\" id=\"count\"></span></div>\n";
  auto pager = [&h] {
    h << "<div class=\"pager\"><button type=\"button\" class=\"prev\">上一页</button><span class=\"pageno\"></span>"
      << "<button type=\"button\" class=\"next\">下一页</button></div>\n";
  };
  pager();
  h << "<div class=\"tablewrap\"><table id=\"reports\" class=\"sortable\"><thead><tr>"
    << "<th data-k=\"f\" class=\"wide\">文件</th><th data-k=\"a\">单位</th><th data-k=\"p\">项目</th>"
    << "<th data-k=\"d\" class=\"wide\">主管部门</th><th data-k=\"y\" class=\"num\">年度</th>"
    << "<th data-k=\"s\" class=\"num\">自评总分</th><th data-k=\"r\" class=\"num\">复核总分</th>"
    << "<th data-k=\"diff\" class=\"num\">自评−复核</th><th data-k=\"g\">等级</th>"
    << "<th data-k=\"e\" class=\"num\">错误</th><th data-k=\"w\" class=\"num\">警告</th>"
    << "<th data-k=\"n\" class=\"num\">提示</th><th data-k=\"o\">识别方式</th><th data-k=\"u\" class=\"num\">存疑</th>"
    << "<th data-k=\"x\">处理结果</th></tr></thead><tbody id=\"report-rows\"></tbody></table></div>\n";
  pager();
  h << "</section>\n<section id=\"view\" class=\"hidden\"></section>\n</main>\n";

  // ---- the data, the script, then each row's details ----
  nlohmann::json rules = nlohmann::json::array();
  {
    // The page's rule list: the rules met, in the order add() indexed them, then every other rule with a note.
    std::vector<std::string> order(rule_index_.size());
    for (const auto& [rule, k] : rule_index_) order[k] = rule;
    for (const auto& [rule, note] : notes_)
      if (!rule_index_.count(rule)) order.push_back(rule);
    for (const auto& rule : order) {
      auto note = notes_.find(rule);
      auto count = p.rule_counts.find(rule);
      rules.push_back({{"id", rule},
                       {"name", note != notes_.end() ? note->second.name : std::string()},
                       {"sev", note != notes_.end() ? note->second.severity : std::string()},
                       {"note", note != notes_.end() ? note->second.description : std::string()},
                       {"count", count != p.rule_counts.end() ? count->second : 0}});
    }
  }
  nlohmann::json agencies = nlohmann::json::array();
  for (const auto& [name, a] : p.agencies)
    if (!name.empty()) agencies.push_back(name);
  h << "<script type=\"application/json\" id=\"jx-meta\">"
    << script_json({{"rules", std::move(rules)}, {"agencies", std::move(agencies)}}) << "</script>\n"
    << "<script type=\"application/json\" id=\"jx-rows\">[";
  if (p.count > 0 && !copy_into(h, p.dir / "rows")) p.fail("cannot read " + (p.dir / "rows").string());
  h << "]</script>\n<script>" << kIndexPageJs << "</script>\n";
  if (p.count > 0 && !copy_into(h, p.dir / "details")) p.fail("cannot read " + (p.dir / "details").string());
  h << "</body>\n</html>\n";
  std::error_code ec;
  fs::remove_all(p.dir, ec);
  if (!h) p.fail("cannot write the page");
  return p.error;
}

std::optional<std::string> IndexHtml::finish(const std::string& path) {
  AtomicFile file(path);
  if (auto e = finish(file.stream())) return e;
  return file.commit();
}

std::string index_html(const std::vector<FileRow>& rows, const std::string& out_dir) {
  IndexHtml page(out_dir);
  for (const auto& r : rows) page.add(r);
  std::ostringstream h;
  page.finish(h);
  return h.str();
}

}  // namespace jx::outputs
