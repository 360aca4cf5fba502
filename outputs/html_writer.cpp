#include "outputs/html_writer.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/numbers.h"
#include "core/text.h"
#include "outputs/out_files.h"

namespace fs = std::filesystem;

namespace jx::outputs {
namespace {

constexpr std::size_t kMaxImageBytes = 4u << 20;

constexpr const char* kStyle = R"CSS(
body{font-family:"Noto Sans CJK SC","WenQuanYi Zen Hei","Microsoft YaHei",sans-serif;margin:1.5em;color:#222}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;font-size:.9em}th,td{border:1px solid #ccc;padding:.25em .5em;vertical-align:top}
th{background:#eef3fa;cursor:pointer;user-select:none;white-space:nowrap}
th[aria-sort=ascending]::after{content:" \25B2"}th[aria-sort=descending]::after{content:" \25BC"}
td.num{text-align:right}tr.failed td{background:#fff1f0}
.sev-error{color:#b00020;font-weight:bold}.sev-warning{color:#a05a00}.sev-info{color:#555}
details{margin:.5em 0}summary{cursor:pointer;font-weight:bold}
.finding{margin:.6em 0 .6em 1em;padding:.4em;border-left:3px solid #ddd}
.finding .meta{font-size:.85em;color:#555}.finding img{display:block;margin-top:.3em;border:1px solid #999;max-width:100%}
.totals{color:#333}
)CSS";

constexpr const char* kScript = R"JS(
(function () {
  function key(cell, type) {
    var v = cell.getAttribute('data-value');
    if (v === null) v = cell.textContent;
    if (type === 'num') { if (v === '') return null; var n = parseFloat(v); return isNaN(n) ? null : n; }
    return v;
  }
  function sortTable(table, col, dir) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var head = table.tHead.rows[0].cells;
    var type = head[col].getAttribute('data-type');
    rows.sort(function (a, b) {
      var x = key(a.cells[col], type), y = key(b.cells[col], type), c;
      if (x === null || y === null) c = (x === null) - (y === null);
      else {
        c = type === 'num' ? x - y : x.localeCompare(y, 'zh-CN');
        if (dir === 'descending') c = -c;
      }
      return c || (a.getAttribute('data-i') - b.getAttribute('data-i'));
    });
    rows.forEach(function (r) { body.appendChild(r); });
    for (var i = 0; i < head.length; ++i) {
      if (i === col) head[i].setAttribute('aria-sort', dir); else head[i].removeAttribute('aria-sort');
    }
  }
  Array.prototype.forEach.call(document.querySelectorAll('img[data-same]'), function (img) {
    var first = document.getElementById(img.getAttribute('data-same'));
    if (first) img.src = first.src;
  });
  var tables = document.querySelectorAll('table.sortable');
  Array.prototype.forEach.call(tables, function (table) {
    var head = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(head, function (th, col) {
      th.addEventListener('click', function () {
        sortTable(table, col, th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending');
      });
    });
    var d = table.getAttribute('data-default-sort');
    if (d !== null) sortTable(table, parseInt(d, 10), table.getAttribute('data-default-dir') || 'ascending');
  });
})();
)JS";

// Reads OUT/<image> when it is a PNG under OUT/evidence; empty otherwise.
std::string read_evidence(const std::string& out_dir, const std::string& image) {
  if (image.empty()) return {};
  std::string rel = confine_relative(image);
  if (rel.rfind("evidence/", 0) != 0 || rel != image) return {};
  fs::path path = fs::path(out_dir) / rel;
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

std::string severity_zh(const std::string& s) {
  if (s == "error") return "错误";
  if (s == "warning") return "警告";
  if (s == "info") return "提示";
  return s;
}

std::string finding_id(std::size_t file, std::size_t index) {
  return "f" + std::to_string(file) + "-" + std::to_string(index);
}

// Appends the file at `path` to `out`; false when it cannot be read.
bool copy_into(std::ostream& out, const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) out.write(buf, in.gcount());
  return !in.bad();
}

// More groups than this and a group's part file is opened for each write instead of being kept open.
constexpr std::size_t kMaxOpenParts = 64;

// One group of findings (a rule's, an agency's) being spilled to its part file.
struct Group {
  fs::path path;
  std::ofstream file;
  std::size_t count = 0;
  std::string severity;  // a rule's: the severity of its first finding

  std::ostream& out() {
    if (!file.is_open()) file.open(path, std::ios::binary | std::ios::app);
    return file;
  }
  // Closes the file; false when a write to it failed.
  bool close() {
    if (!file.is_open()) return true;
    file.close();
    bool ok = !file.fail();
    file.clear();
    return ok;
  }
};

}  // namespace

std::string html_escape(const std::string& raw) {
  const std::string text = valid_text(raw);
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') break;
        out.push_back(c);
    }
  }
  return out;
}

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

struct IndexHtml::Parts {
  fs::path dir;
  std::optional<std::string> error;
  std::ofstream reports;  // the rows of the reports table
  std::map<std::string, Group> rules;
  std::ofstream agencies;  // the agencies' groups finished so far, headings included
  Group loose;             // findings of files that are in no agency folder
  std::string agency;      // the agency whose group is being written
  Group current;           // its findings
  std::size_t rows = 0, files = 0, failed = 0, projects = 0;
  long info = 0, warning = 0, errors = 0;

  void fail(const std::string& what) {
    if (!error) error = what;
  }

  // Writes a group as a <details> block with its table of findings into `to`; empties the group.
  void write_group(std::ostream& to, const std::string& name_html, Group& g) {
    if (!g.close()) fail("cannot write " + g.path.string());
    to << "<details class=\"agency\"><summary>" << name_html << "：" << g.count
       << " 处</summary>\n<table><thead><tr><th>文件</th><th>项目</th><th>规则</th><th>级别</th>"
       << "<th>指标</th><th>说明</th><th>页码</th></tr></thead><tbody>\n";
    if (g.count > 0 && !copy_into(to, g.path)) fail("cannot read " + g.path.string());
    to << "</tbody></table></details>\n";
    std::error_code ec;
    fs::remove(g.path, ec);
    g.count = 0;
  }

  void flush_agency() {
    if (current.count > 0) write_group(agencies, html_escape(agency), current);
  }
};

IndexHtml::IndexHtml(std::string out_dir) : out_dir_(std::move(out_dir)), parts_(std::make_unique<Parts>()) {
  Parts& p = *parts_;
  p.dir = temporary_beside((fs::path(out_dir_) / "index.html").string());
  std::error_code ec;
  fs::create_directories(p.dir, ec);
  if (ec) {
    p.fail("cannot create " + p.dir.string() + ": " + ec.message());
    return;
  }
  p.reports.open(p.dir / "reports", std::ios::binary);
  p.agencies.open(p.dir / "agencies", std::ios::binary);
  p.loose.path = p.dir / "loose";
  p.current.path = p.dir / "agency";
  if (!p.reports || !p.agencies) p.fail("cannot write in " + p.dir.string());
}

void IndexHtml::set_rule_notes(RuleNotes notes) { notes_ = std::move(notes); }

IndexHtml::~IndexHtml() {
  if (!parts_) return;
  parts_->reports.close();
  parts_->agencies.close();
  parts_->loose.close();
  parts_->current.close();
  for (auto& [rule, g] : parts_->rules) g.close();
  std::error_code ec;
  fs::remove_all(parts_->dir, ec);
}

void IndexHtml::add(const FileRow& r) {
  Parts& p = *parts_;
  if (p.error) return;
  const std::size_t i = p.rows++;
  if (starts_file(r)) ++p.files;
  if (!r.error.empty()) ++p.failed;
  if (r.project_index) ++p.projects;
  // A project of a file with several is named with its place: "2/3" is project_index 1 of 3.
  std::string place;
  if (r.project_index && r.project_count > 1)
    place = "项目 " + std::to_string(*r.project_index + 1) + "/" + std::to_string(r.project_count);
  p.info += r.info;
  p.warning += r.warning;
  p.errors += r.errors;

  p.reports << "<tr data-i=\"" << i << "\"" << (r.error.empty() ? "" : " class=\"failed\"") << ">"
            << "<td title=\"" << html_escape(r.file) << "\">" << html_escape(r.rel) << "</td>"
            << "<td>" << html_escape(r.agency) << "</td>"
            << "<td class=\"num\">" << (r.project_index ? std::to_string(*r.project_index) : "") << "</td>"
            << "<td>" << html_escape(r.project)
            << (place.empty() ? "" : " <span class=\"place\">（" + place + "）</span>") << "</td>"
            << "<td>" << html_escape(r.department) << "</td>"
            << "<td class=\"num\">" << (r.year ? std::to_string(*r.year) : "") << "</td>"
            << "<td class=\"num\">" << format_shortest(r.stated_total) << "</td>"
            << "<td class=\"num\">" << format_shortest(r.recomputed_total) << "</td>"
            << "<td>" << r.grade << "</td>"
            << "<td class=\"num\">" << r.errors << "</td><td class=\"num\">" << r.warning << "</td>"
            << "<td class=\"num\">" << r.info << "</td>"
            << "<td>"
            << (r.error.empty()
                    ? ""
                    : html_escape(r.error) + " <span class=\"outcome\">[" + html_escape(r.outcome) + "]</span>")
            << "</td></tr>\n";

  // Findings by rule, with their evidence. An image that repeats within this report (the same row cited by two
  // rules) is embedded once; the repeat names the first and the script copies it.
  std::map<std::string, std::size_t> embedded;
  for (std::size_t k = 0; k < r.findings.size(); ++k) {
    const auto& f = r.findings[k];
    auto [it, fresh] = p.rules.try_emplace(f.rule);
    Group& g = it->second;
    if (fresh) {
      g.path = p.dir / ("rule" + std::to_string(p.rules.size()));
      g.severity = f.severity;
    }
    ++g.count;
    std::ostream& o = g.out();
    o << "<div class=\"finding\" id=\"" << finding_id(i, k) << "\"><div class=\"meta\">" << html_escape(r.rel);
    if (!r.project.empty()) o << " · " << html_escape(r.project);
    if (!place.empty()) o << "（" << place << "）";
    if (!f.indicator.empty()) o << " · 指标：" << html_escape(f.indicator);
    if (f.page > 0) o << " · 第 " << f.page << " 页";
    o << " · <span class=\"sev-" << html_escape(f.severity) << "\">" << html_escape(severity_zh(f.severity))
      << "</span></div>\n<div class=\"msg\">" << html_escape(f.message) << "</div>";
    std::string png = read_evidence(out_dir_, f.image);
    if (!png.empty()) {
      std::string alt = html_escape("第 " + std::to_string(f.page) + " 页证据截图");
      auto [first, is_new] = embedded.try_emplace(std::move(png), k);
      std::string id = "ev" + std::to_string(i) + "-" + std::to_string(first->second);
      if (is_new) {
        o << "<img class=\"ev\" id=\"" << id << "\" alt=\"" << alt << "\" src=\"data:image/png;base64,"
          << base64_encode(first->first) << "\">";
      } else {
        o << "<img class=\"ev\" data-same=\"" << id << "\" alt=\"" << alt << "\">";
      }
    }
    o << "</div>\n";
    if (p.rules.size() > kMaxOpenParts && !g.close()) p.fail("cannot write " + g.path.string());
  }

  // Findings by agency, linking to their evidence above. Rows come in rel order, so an agency's files come
  // together: its group is finished when the next agency begins.
  if (r.findings.empty()) return;
  Group* g = &p.loose;
  if (!r.agency.empty()) {
    if (r.agency != p.agency) {
      p.flush_agency();
      p.agency = r.agency;
    }
    g = &p.current;
  }
  std::ostream& o = g->out();
  for (std::size_t k = 0; k < r.findings.size(); ++k) {
    const auto& f = r.findings[k];
    o << "<tr><td>" << html_escape(r.rel) << "</td><td>" << html_escape(r.project)
      << (place.empty() ? "" : "（" + place + "）") << "</td><td><a href=\"#" << finding_id(i, k) << "\">"
      << html_escape(f.rule) << "</a></td><td class=\"sev-" << html_escape(f.severity) << "\">"
      << html_escape(severity_zh(f.severity)) << "</td><td>" << html_escape(f.indicator) << "</td><td>"
      << html_escape(f.message) << "</td><td class=\"num\">" << (f.page > 0 ? std::to_string(f.page) : "")
      << "</td></tr>\n";
    ++g->count;
  }
}

std::optional<std::string> IndexHtml::finish(std::ostream& h) {
  Parts& p = *parts_;
  if (!p.error) p.flush_agency();
  p.reports.close();
  p.agencies.close();
  if (p.reports.fail() || p.agencies.fail()) p.fail("cannot write in " + p.dir.string());
  for (auto& [rule, g] : p.rules)
    if (!g.close()) p.fail("cannot write " + g.path.string());
  if (p.error) return p.error;

  h << "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
    << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    << "<title>绩效自评表审核结果</title>\n<style>" << kStyle << "</style>\n</head>\n<body>\n"
    << "<h1>项目支出绩效自评表审核结果</h1>\n"
    << "<p class=\"totals\" id=\"totals\">共 " << p.files << " 个文件，审核 " << p.files - p.failed << " 个，无法处理 "
    << p.failed << " 个；问题：错误 " << p.errors << "，警告 " << p.warning << "，提示 " << p.info
    << "。审核的文件共有 " << p.projects << " 个项目，每个项目一行。</p>\n";

  h << "<h2>报告一览</h2>\n<table id=\"reports\" class=\"sortable\" data-default-sort=\"7\" "
       "data-default-dir=\"ascending\">\n<thead><tr>"
    << "<th data-type=\"text\">文件</th><th data-type=\"text\">单位</th><th data-type=\"num\">project_index</th>"
    << "<th data-type=\"text\">项目</th>"
    << "<th data-type=\"text\">主管部门</th><th data-type=\"num\">年度</th><th data-type=\"num\">自评总分</th>"
    << "<th data-type=\"num\">复核总分</th><th data-type=\"text\">等级</th><th data-type=\"num\">错误</th>"
    << "<th data-type=\"num\">警告</th><th data-type=\"num\">提示</th><th data-type=\"text\">失败原因</th>"
    << "</tr></thead>\n<tbody>\n";
  if (p.files > 0 && !copy_into(h, p.dir / "reports")) p.fail("cannot read " + (p.dir / "reports").string());
  h << "</tbody>\n</table>\n";

  h << "<h2>按规则分组的问题</h2>\n<div id=\"by-rule\">\n";
  if (p.rules.empty()) h << "<p>没有发现问题。</p>\n";
  for (const auto& [rule, g] : p.rules) {
    h << "<details open class=\"rule\" data-rule=\"" << html_escape(rule) << "\"><summary><span class=\"sev-"
      << html_escape(g.severity) << "\">" << html_escape(rule) << "</span>（" << html_escape(severity_zh(g.severity))
      << "）：" << g.count << " 处</summary>\n";
    if (auto note = notes_.find(rule); note != notes_.end() && !note->second.description.empty())
      h << "<p class=\"rule-note\">" << html_escape(note->second.description) << "</p>\n";
    if (!copy_into(h, g.path)) p.fail("cannot read " + g.path.string());
    h << "</details>\n";
  }
  h << "</div>\n";

  h << "<h2>按单位分组的问题</h2>\n<div id=\"by-agency\">\n";
  if (p.loose.count > 0) p.write_group(h, "（未分单位）", p.loose);
  std::error_code ec;
  if (fs::file_size(p.dir / "agencies", ec) > 0 && !copy_into(h, p.dir / "agencies"))
    p.fail("cannot read " + (p.dir / "agencies").string());
  h << "</div>\n<script>" << kScript << "</script>\n</body>\n</html>\n";
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
