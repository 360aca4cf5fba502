#include "outputs/xlsx_writer.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/outcome.h"
#include "core/text.h"
#include "core/utf8.h"
#include "outputs/agency_years.h"
#include "outputs/out_files.h"

namespace fs = std::filesystem;

namespace jx::outputs {
namespace {

constexpr std::size_t kMaxCellBytes = 32767;  // counted in bytes: never more characters than that
constexpr lxw_row_t kMaxDataRows = kExcelDataRows;
constexpr std::size_t kMaxUrlChars = 2079;  // Excel's limit on a hyperlink's length
constexpr uint8_t kPaperA4 = 9;
constexpr double kLinePoints = 15.75;  // a line of 11-point text, Latin or CJK (a CJK font's lines are taller)
constexpr double kMaxRowPoints = 409.0;

struct WorkbookCloser {
  void operator()(lxw_workbook* wb) const {
    if (wb) workbook_close(wb);
  }
};

// How a column's cells are laid out: short values on one line, long text wrapped.
enum class Layout { Plain, Wrap };

struct Column {
  const char* title;
  // In Excel's units (about one Latin character). A plain column is as wide as its widest cell up to this; a wrapped
  // column is this wide, so that a row's height can be set from its text as it is written.
  double max_width;
  Layout layout = Layout::Plain;
  bool printed = true;  // links and ids for scripts are left off paper (they must come after the printed columns)
};

// The formats of the workbook, made once.
struct Formats {
  lxw_format* header = nullptr;
  lxw_format* plain = nullptr;  // top-aligned, so that a row made tall by a wrapped cell reads from its top
  lxw_format* wrap = nullptr;
  lxw_format* link = nullptr;
  lxw_format* diff = nullptr;  // a signed difference: +1.50 / -2.00 / 0
  lxw_format* flag = nullptr;  // 存疑: amber, as a warning
  lxw_format* error = nullptr;
  lxw_format* warning = nullptr;
  lxw_format* info = nullptr;

  explicit Formats(lxw_workbook* wb) {
    header = workbook_add_format(wb);
    format_set_bold(header);
    format_set_bg_color(header, 0xDDEBF7);
    format_set_border(header, LXW_BORDER_THIN);
    format_set_text_wrap(header);
    format_set_align(header, LXW_ALIGN_VERTICAL_CENTER);
    plain = workbook_add_format(wb);
    format_set_align(plain, LXW_ALIGN_VERTICAL_TOP);
    wrap = workbook_add_format(wb);
    format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
    format_set_text_wrap(wrap);
    link = workbook_add_format(wb);
    format_set_align(link, LXW_ALIGN_VERTICAL_TOP);
    format_set_underline(link, LXW_UNDERLINE_SINGLE);
    format_set_font_color(link, LXW_COLOR_BLUE);
    diff = workbook_add_format(wb);
    format_set_align(diff, LXW_ALIGN_VERTICAL_TOP);
    format_set_num_format(diff, "+0.00;-0.00;0");
    // Excel's own "bad" / "neutral" fills for errors and warnings, a grey for notes.
    error = filled(wb, 0xFFC7CE, 0x9C0006);
    warning = filled(wb, 0xFFEB9C, 0x9C5700);
    info = filled(wb, 0xE7E6E6, 0x404040);
    flag = filled(wb, 0xFFEB9C, 0x9C5700);
  }

  static lxw_format* filled(lxw_workbook* wb, lxw_color_t fill, lxw_color_t font) {
    lxw_format* f = workbook_add_format(wb);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    format_set_bg_color(f, fill);
    format_set_font_color(f, font);
    return f;
  }

  // The severity id's cell format (its colour); `plain` for an id outside the three.
  lxw_format* severity(const std::string& id) const {
    if (id == "error") return error;
    if (id == "warning") return warning;
    if (id == "info") return info;
    return plain;
  }
};

// The width a text takes in Excel's units: a CJK character (and a full-width form) about two Latin ones; for text
// of several lines, its longest line.
double display_width(const std::string& s) {
  double widest = 0, line = 0;
  for (std::size_t i = 0; i < s.size();) {
    char32_t c = 0;
    i = utf8::next(s, i, &c);
    if (c == U'\n') {
      widest = std::max(widest, line);
      line = 0;
      continue;
    }
    line += is_cjk_wide(c) ? 2.0 : 1.0;
  }
  return std::max(widest, line);
}

// The lines a text takes wrapped in a column `width` wide: each of its lines, broken where it passes the width. Erring
// on the side of one line too many: a CJK character counted 2.2 Latin widths (a fallback CJK font is wider than
// two digits), a Latin one 0.9 (proportional fonts are narrower than a digit on average).
int wrapped_lines(const std::string& s, double width) {
  const double room = std::max(width - 1.0, 1.0);
  int lines = 0;
  double line = 0;
  auto end_line = [&] {
    lines += std::max(1, static_cast<int>(std::ceil(line / room)));
    line = 0;
  };
  for (std::size_t i = 0; i < s.size();) {
    char32_t c = 0;
    i = utf8::next(s, i, &c);
    if (c == U'\n')
      end_line();
    else
      line += is_cjk_wide(c) ? 2.2 : 0.9;
  }
  end_line();
  return lines;
}

// A hyperlink's target keeps well-formed UTF-8 as it is (Excel and WPS show it as written).
std::string url_path(const std::string& path) { return outputs::url_path(path, /*keep_utf8=*/true); }

class Sheet {
 public:
  Sheet(lxw_workbook* wb, const char* name, const std::vector<Column>& columns, const Formats& formats,
        lxw_row_t max_rows = kMaxDataRows, unsigned max_links = kXlsxLinksPerSheet)
      : ws_(workbook_add_worksheet(wb, name)),
        columns_(columns),
        formats_(formats),
        max_rows_(max_rows),
        max_links_(std::min(max_links, kExcelLinksPerSheet)) {
    widest_.resize(columns.size());
    for (std::size_t c = 0; c < columns.size(); ++c) {
      worksheet_write_string(ws_, 0, static_cast<lxw_col_t>(c), columns[c].title, formats.header);
      widest_[c] = std::min(display_width(columns[c].title), columns[c].max_width);
      if (columns[c].printed) printed_ = static_cast<lxw_col_t>(c + 1);
    }
    worksheet_freeze_panes(ws_, 1, 0);
    // Printed: A4 landscape, one page wide, the header row on every page, page numbers below.
    worksheet_set_landscape(ws_);
    worksheet_set_paper(ws_, kPaperA4);
    worksheet_fit_to_pages(ws_, 1, 0);
    worksheet_repeat_rows(ws_, 0, 0);
    worksheet_set_margins(ws_, 0.4, 0.4, 0.6, 0.6);
    worksheet_set_header(ws_, "&C&A");
    worksheet_set_footer(ws_, "&C&P / &N");
  }

  // Starts the next data row; false when the sheet is full.
  bool next_row() {
    end_row();
    if (row_ >= max_rows_) return false;
    ++row_;
    col_ = 0;
    return true;
  }
  // A text cell in its column's layout, or in `format` when given.
  void text(const std::string& s, lxw_format* format = nullptr) {
    std::string v = xlsx_safe_text(s);
    if (!v.empty()) {
      worksheet_write_string(ws_, row_, col_, v.c_str(), format ? format : column_format());
      measure(v);
    }
    ++col_;
  }
  void number(const std::optional<double>& v, lxw_format* format = nullptr) {
    if (v) {
      worksheet_write_number(ws_, row_, col_, *v, format ? format : formats_.plain);
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.10g ", *v);
      measure(buf);
    }
    ++col_;
  }
  void integer(long v, bool blank_if_zero = false) {
    if (blank_if_zero && v == 0) {
      ++col_;
      return;
    }
    number(static_cast<double>(v));
  }
  // A cell showing `shown` that opens `target` (a path relative to the workbook's folder, or a file:// URL); plain
  // text once the sheet holds its number of links or when the link would be too long for Excel.
  void link(const std::string& shown, const std::string& target) {
    std::string v = xlsx_safe_text(shown);
    if (v.empty() || target.empty() || links_ >= max_links_ || target.size() > kMaxUrlChars) {
      text(v);
      return;
    }
    if (worksheet_write_url_opt(ws_, row_, col_, target.c_str(), formats_.link, v.c_str(), nullptr) != LXW_NO_ERROR) {
      text(v);
      return;
    }
    ++links_;
    measure(v);
    ++col_;
  }
  // The autofilter over the rows written, the printed columns, and each plain column as wide as its widest cell (up
  // to its maximum).
  void finish() {
    end_row();
    worksheet_autofilter(ws_, 0, 0, row_, static_cast<lxw_col_t>(columns_.size() - 1));
    if (printed_ > 0) worksheet_print_area(ws_, 0, 0, row_, printed_ - 1);
    for (std::size_t c = 0; c < columns_.size(); ++c)
      worksheet_set_column(ws_, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), width(c), nullptr);
  }

 private:
  lxw_format* column_format() const { return columns_[col_].layout == Layout::Wrap ? formats_.wrap : formats_.plain; }
  double width(std::size_t c) const {
    const double most = columns_[c].max_width + 2.0;
    return columns_[c].layout == Layout::Wrap ? most : std::clamp(widest_[c] + 2.0, 6.0, most);
  }
  // Notes the width of the current cell's text and, in a wrapped column, the lines it takes.
  void measure(const std::string& shown) {
    if (col_ >= widest_.size()) return;
    widest_[col_] = std::min(std::max(widest_[col_], display_width(shown)), columns_[col_].max_width);
    if (columns_[col_].layout == Layout::Wrap) row_lines_ = std::max(row_lines_, wrapped_lines(shown, width(col_)));
  }
  // A row whose wrapped text takes several lines is made that tall (spreadsheets do not all fit it on opening).
  void end_row() {
    if (row_ > 0 && row_lines_ > 1)
      worksheet_set_row(ws_, row_, std::min(kMaxRowPoints, kLinePoints * row_lines_ + 2.0), nullptr);
    row_lines_ = 1;
  }

  lxw_worksheet* ws_;
  std::vector<Column> columns_;
  const Formats& formats_;
  std::vector<double> widest_;
  lxw_row_t max_rows_;
  unsigned max_links_;
  lxw_row_t row_ = 0;
  lxw_col_t col_ = 0;
  lxw_col_t printed_ = 0;  // columns printed: those before the first left off paper
  int row_lines_ = 1;
  unsigned links_ = 0;
};

// The project_index cell: a number, 0-based; blank on a failed file's row.
std::optional<double> project_index_of(const FileRow& r) {
  return r.project_index ? std::optional<double>(*r.project_index) : std::nullopt;
}

// a − b to the hundredth (scores are stated to two decimals; no 1e-15 left over), when both are there.
std::optional<double> difference(const std::optional<double>& a, const std::optional<double>& b) {
  if (!a || !b) return std::nullopt;
  return std::round((*a - *b) * 100.0) / 100.0;
}

// 严重程度 for people.
std::string severity_zh(const std::string& id) {
  if (id == "error") return "错误";
  if (id == "warning") return "警告";
  if (id == "info") return "提示";
  return id;
}

// Where the cell text came from, for people.
std::string text_source_zh(const std::string& id) {
  if (id == "text") return "文字层";
  if (id == "ocr") return "扫描件OCR";
  if (id == "mixed") return "部分页OCR";
  return id;
}

std::string joined(const std::vector<int>& pages) {
  std::string out;
  for (int p : pages) {
    if (!out.empty()) out += "、";
    out += std::to_string(p);
  }
  return out;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) {
    if (!out.empty()) out += "\n";
    out += l;
  }
  return out;
}

// One table over as many sheets as its rows need: "指标明细", then "指标明细 (2)" … once a sheet holds Excel's
// 1,048,575 data rows (`rows_per_sheet`). No row is ever dropped.
class SheetSeries {
 public:
  SheetSeries(lxw_workbook* wb, std::string name, std::vector<Column> columns, const Formats& formats,
              lxw_row_t rows_per_sheet, unsigned links_per_sheet)
      : wb_(wb),
        name_(std::move(name)),
        columns_(std::move(columns)),
        formats_(formats),
        rows_(rows_per_sheet),
        links_(links_per_sheet) {
    sheets_.emplace_back(std::make_unique<Sheet>(wb_, name_.c_str(), columns_, formats_, rows_, links_));
  }
  // The sheet that holds the next data row, started on it.
  Sheet& row() {
    if (!sheets_.back()->next_row()) {
      names_.push_back(name_ + " (" + std::to_string(sheets_.size() + 1) + ")");
      sheets_.emplace_back(std::make_unique<Sheet>(wb_, names_.back().c_str(), columns_, formats_, rows_, links_));
      sheets_.back()->next_row();
    }
    return *sheets_.back();
  }
  void finish() {
    for (auto& sheet : sheets_) sheet->finish();
  }

 private:
  lxw_workbook* wb_;
  std::string name_;
  std::vector<Column> columns_;
  const Formats& formats_;
  lxw_row_t rows_;
  unsigned links_;
  std::deque<std::string> names_;  // libxlsxwriter keeps the name pointer
  std::vector<std::unique_ptr<Sheet>> sheets_;
};

}  // namespace

std::string xlsx_safe_text(const std::string& text) {
  std::string out = valid_text(text);
  if (out.size() > kMaxCellBytes) {
    std::size_t cut = kMaxCellBytes;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
  }
  return out;
}

std::string xlsx_link_target(const std::string& path, const std::string& out_dir) {
  if (path.empty()) return {};
  std::error_code ec;
  fs::path p(path);
  if (p.is_absolute()) return "file://" + url_path(p.lexically_normal().generic_string());
  fs::path from = fs::absolute(out_dir.empty() ? fs::path(".") : fs::path(out_dir), ec).lexically_normal();
  fs::path to = fs::absolute(p, ec).lexically_normal();
  if (ec) return {};
  fs::path rel = to.lexically_relative(from);
  if (rel.empty()) return "file://" + url_path(to.generic_string());
  return url_path(rel.generic_string());
}

struct SummaryXlsx::Book {
  std::string tmp, tmpdir, out_dir;
  std::unique_ptr<lxw_workbook, WorkbookCloser> wb;
  std::optional<Formats> formats;
  std::optional<SheetSeries> summary, findings, indicators;
  // Findings of the batch by rule, for the 规则说明 sheet; a rule's severity as its findings give it, for a rule
  // the notes do not know.
  std::map<std::string, long> counts;
  std::map<std::string, std::string> severities;
  AgencyYears agency_years;  // for the 单位年度 sheet
};

SummaryXlsx::SummaryXlsx(std::string path, unsigned rows_per_sheet, unsigned links_per_sheet)
    : path_(std::move(path)), book_(std::make_unique<Book>()) {
  const auto rows = static_cast<lxw_row_t>(std::clamp<unsigned>(rows_per_sheet, 1, kMaxDataRows));
  fs::path target(path_);
  std::error_code ec;
  if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
  book_->tmp = temporary_beside(path_);
  // The sheets' row files go beside the output rather than to /tmp, which may be small.
  book_->tmpdir = target.has_parent_path() ? target.parent_path().string() : std::string(".");
  book_->out_dir = book_->tmpdir;
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;
  options.tmpdir = book_->tmpdir.data();
  book_->wb.reset(workbook_new_opt(book_->tmp.c_str(), &options));
  if (!book_->wb) return;
  lxw_workbook* wb = book_->wb.get();
  const Formats& f = book_->formats.emplace(wb);
  const Layout wrap = Layout::Wrap;
  const bool off_paper = false;
  book_->summary.emplace(wb, "汇总",
                         std::vector<Column>{{"文件", 28, wrap},
                                             {"单位", 12, wrap},
                                             {"project_index", 13},
                                             {"项目", 26, wrap},
                                             {"主管部门", 18, wrap},
                                             {"年度", 6},
                                             {"自评总分", 8},
                                             {"复核总分", 8},
                                             {"等级", 4},
                                             {"提示", 4},
                                             {"警告", 4},
                                             {"错误", 4},
                                             {"结果", 14},
                                             {"失败原因", 24, wrap},
                                             {"自评−复核", 9},
                                             {"识别方式", 10},
                                             {"OCR页码", 10, wrap},
                                             {"存疑数", 6},
                                             {"提取提示", 36, wrap},
                                             {"报告", 30, wrap, off_paper},
                                             {"原文件", 30, wrap, off_paper}},
                         f, rows, links_per_sheet);
  book_->findings.emplace(wb, "问题清单",
                          std::vector<Column>{{"文件", 24, wrap},
                                              {"单位", 10, wrap},
                                              {"project_index", 13},
                                              {"项目", 20, wrap},
                                              {"规则", 26},
                                              {"规则名称", 14, wrap},
                                              {"级别", 4},
                                              {"指标", 16, wrap},
                                              {"说明", 36, wrap},
                                              {"页码", 4},
                                              {"规则说明", 30, wrap},
                                              {"存疑", 4},
                                              {"年度指标值", 12, wrap},
                                              {"实际完成值", 12, wrap},
                                              {"依据", 24, wrap},
                                              {"审核状态", 8},
                                              {"证据图片", 30, wrap, off_paper},
                                              {"finding_id", 16, Layout::Plain, off_paper},
                                              {"severity", 8, Layout::Plain, off_paper}},
                          f, rows, links_per_sheet);
  book_->indicators.emplace(wb, "指标明细",
                            std::vector<Column>{{"文件", 24, wrap},
                                                {"project_index", 13},
                                                {"项目", 20, wrap},
                                                {"一级指标", 10, wrap},
                                                {"二级指标", 12, wrap},
                                                {"三级指标", 24, wrap},
                                                {"年度指标值", 14, wrap},
                                                {"实际完成值", 14, wrap},
                                                {"分值", 6},
                                                {"自评得分", 8},
                                                {"复核得分", 8},
                                                {"偏差原因", 30, wrap},
                                                {"页码", 4},
                                                {"自评−复核", 9},
                                                {"存疑", 4}},
                            f, rows, links_per_sheet);
}

SummaryXlsx::~SummaryXlsx() {
  if (book_ && book_->wb) {
    book_->wb.reset();  // closes it (a workbook cannot be dropped without writing it)
    ::unlink(book_->tmp.c_str());
  }
}

void SummaryXlsx::set_rule_notes(RuleNotes notes) { notes_ = std::move(notes); }

namespace {
// A review decision for people.
std::string review_zh(const std::string& state) {
  if (state == "confirmed") return "已确认";
  if (state == "dismissed") return "已排除";
  if (state == "open") return "待复核";
  return state;
}
}  // namespace

void SummaryXlsx::add(const FileRow& r) {
  book_->agency_years.add(r);
  if (!book_->wb) return;
  const Formats& fmt = *book_->formats;
  const std::string pdf = xlsx_link_target(r.file, book_->out_dir);
  Sheet& summary = book_->summary->row();
  summary.text(r.rel);
  summary.text(r.agency);
  summary.number(project_index_of(r));
  summary.text(r.project);
  summary.text(r.department);
  summary.number(r.year ? std::optional<double>(*r.year) : std::nullopt);
  summary.number(r.stated_total);
  summary.number(r.recomputed_total);
  summary.text(r.grade);
  summary.integer(r.info);
  summary.integer(r.warning);
  summary.integer(r.errors);
  summary.text(outcome_label_zh(r.outcome));  // for people; summary.csv keeps the id for scripts
  summary.text(r.error);
  summary.number(difference(r.stated_total, r.recomputed_total), fmt.diff);
  summary.text(text_source_zh(r.text_source));
  summary.text(joined(r.ocr_pages));
  summary.integer(r.low_confidence, true);
  summary.text(joined(r.warnings));
  const std::string report = "reports/" + r.rel + ".json";
  summary.link(report, url_path(report));
  summary.link(r.file, pdf);
  for (const auto& f : r.findings) {
    ++book_->counts[f.rule];
    book_->severities.emplace(f.rule, f.severity);
    auto note = notes_.find(f.rule);
    Sheet& findings = book_->findings->row();
    findings.text(r.rel);
    findings.text(r.agency);
    findings.number(project_index_of(r));
    findings.text(r.project);
    findings.text(f.rule);
    findings.text(note == notes_.end() ? std::string() : note->second.name);
    findings.text(severity_zh(f.severity), fmt.severity(f.severity));
    findings.text(f.indicator);
    findings.text(f.message);
    findings.integer(f.page, true);
    findings.text(note == notes_.end() ? std::string() : note->second.description);
    findings.text(f.unsure ? "是" : "", fmt.flag);
    findings.text(f.target);
    findings.text(f.actual);
    findings.text(f.detail);
    findings.text(review_zh(f.review));
    // A crop under evidence/ (as the batch writes them); anything else a report names is shown, not linked.
    findings.link(f.image, is_evidence_rel(f.image) ? url_path(f.image) : std::string());
    findings.text(f.id);
    findings.text(f.severity);
  }
  for (const auto& i : r.indicators) {
    Sheet& indicators = book_->indicators->row();
    indicators.text(r.rel);
    indicators.number(project_index_of(r));
    indicators.text(r.project);
    indicators.text(i.level1);
    indicators.text(i.level2);
    indicators.text(i.name);
    indicators.text(i.target);
    indicators.text(i.actual);
    indicators.number(i.weight);
    indicators.number(i.self_score);
    indicators.number(i.recomputed_score);
    indicators.text(i.note);
    indicators.integer(i.page, true);
    indicators.number(difference(i.self_score, i.recomputed_score), fmt.diff);
    indicators.text(i.low_confidence ? "是" : "", fmt.flag);
  }
}

std::optional<std::string> SummaryXlsx::finish() {
  if (!book_->wb) return "cannot create " + book_->tmp;
  book_->summary->finish();
  book_->findings->finish();
  book_->indicators->finish();
  // 规则说明: every rule the notes know and every rule a finding names, with the batch's count of its findings.
  {
    const Formats& fmt = *book_->formats;
    Sheet rules(book_->wb.get(), "规则说明",
                {{"规则", 30}, {"名称", 20, Layout::Wrap}, {"级别", 4}, {"说明", 70, Layout::Wrap}, {"问题数", 6}},
                fmt);
    std::map<std::string, const RuleNote*> all;
    for (const auto& [id, note] : notes_) all[id] = &note;
    for (const auto& entry : book_->counts) all.emplace(entry.first, nullptr);
    for (const auto& entry : all) {
      const std::string& id = entry.first;
      const RuleNote* note = entry.second;
      std::string severity = note ? note->severity : book_->severities[id];
      auto count = book_->counts.find(id);
      rules.next_row();
      rules.text(id);
      rules.text(note ? note->name : std::string());
      rules.text(severity_zh(severity), fmt.severity(severity));
      rules.text(note ? note->description : std::string());
      rules.integer(count == book_->counts.end() ? 0 : count->second);
    }
    rules.finish();
  }
  // 单位年度: per agency and year, the self-score inflation and the findings by rule (a column per rule that fired,
  // headed by its Chinese name).
  {
    const Formats& fmt = *book_->formats;
    const auto ids = book_->agency_years.rules();
    std::vector<Column> columns = {{"单位", 24, Layout::Wrap},
                                   {"年度", 6},
                                   {"项目数", 6},
                                   {"可比项目数", 8},
                                   {"其中存疑", 6},
                                   {"自评均分", 8},
                                   {"复核均分", 8},
                                   {"自评−复核", 8},
                                   {"错误", 6},
                                   {"警告", 6},
                                   {"提示", 6}};
    std::vector<std::string> titles;  // the rule columns' headings, alive as long as the sheet
    titles.reserve(ids.size());
    for (const auto& id : ids) {
      auto note = notes_.find(id);
      titles.push_back(note != notes_.end() && !note->second.name.empty() ? note->second.name : id);
      columns.push_back({titles.back().c_str(), 10, Layout::Wrap});
    }
    Sheet years(book_->wb.get(), "单位年度", columns, fmt);
    for (const auto& e : book_->agency_years.entries()) {
      years.next_row();
      years.text(e.agency);
      if (e.year)
        years.integer(*e.year);
      else
        years.text("");
      years.integer(e.projects);
      years.integer(e.compared);
      years.integer(e.unsure, true);
      years.number(e.stated_mean());
      years.number(e.recomputed_mean());
      years.number(e.inflation(), fmt.diff);
      years.integer(e.errors);
      years.integer(e.warning);
      years.integer(e.info);
      for (const auto& id : ids) {
        auto it = e.by_rule.find(id);
        years.integer(it == e.by_rule.end() ? 0 : it->second, true);
      }
    }
    years.finish();
  }
  lxw_error err = workbook_close(book_->wb.release());
  if (err != LXW_NO_ERROR) {
    ::unlink(book_->tmp.c_str());
    return "cannot write " + path_ + ": " + lxw_strerror(err);
  }
  if (::rename(book_->tmp.c_str(), path_.c_str()) != 0) {
    ::unlink(book_->tmp.c_str());
    return "cannot rename " + book_->tmp + " to " + path_;
  }
  return std::nullopt;
}

std::optional<std::string> write_summary_xlsx(const std::string& path, const std::vector<FileRow>& rows,
                                              unsigned rows_per_sheet) {
  SummaryXlsx book(path, rows_per_sheet);
  for (const auto& r : rows) book.add(r);
  return book.finish();
}

}  // namespace jx::outputs
