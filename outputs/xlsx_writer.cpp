#include "outputs/xlsx_writer.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/text.h"
#include "outputs/out_files.h"

namespace fs = std::filesystem;

namespace jx::outputs {
namespace {

constexpr std::size_t kMaxCellBytes = 32767;  // counted in bytes: never more characters than that
constexpr lxw_row_t kMaxDataRows = kExcelDataRows;

struct WorkbookCloser {
  void operator()(lxw_workbook* wb) const {
    if (wb) workbook_close(wb);
  }
};

struct Column {
  const char* title;
  double width;
};

class Sheet {
 public:
  Sheet(lxw_workbook* wb, const char* name, const std::vector<Column>& columns, lxw_format* header,
        lxw_row_t max_rows = kMaxDataRows)
      : ws_(workbook_add_worksheet(wb, name)), columns_(columns.size()), max_rows_(max_rows) {
    for (std::size_t c = 0; c < columns.size(); ++c) {
      worksheet_set_column(ws_, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), columns[c].width, nullptr);
      worksheet_write_string(ws_, 0, static_cast<lxw_col_t>(c), columns[c].title, header);
    }
    worksheet_freeze_panes(ws_, 1, 0);
  }

  // Starts the next data row; false when the sheet is full.
  bool next_row() {
    if (row_ >= max_rows_) return false;
    ++row_;
    col_ = 0;
    return true;
  }
  void text(const std::string& s) {
    std::string v = xlsx_safe_text(s);
    if (!v.empty()) worksheet_write_string(ws_, row_, col_, v.c_str(), nullptr);
    ++col_;
  }
  void number(const std::optional<double>& v) {
    if (v) worksheet_write_number(ws_, row_, col_, *v, nullptr);
    ++col_;
  }
  void integer(long v, bool blank_if_zero = false) {
    if (!(blank_if_zero && v == 0)) worksheet_write_number(ws_, row_, col_, static_cast<double>(v), nullptr);
    ++col_;
  }
  void finish() { worksheet_autofilter(ws_, 0, 0, row_, static_cast<lxw_col_t>(columns_ - 1)); }

 private:
  lxw_worksheet* ws_;
  std::size_t columns_;
  lxw_row_t max_rows_;
  lxw_row_t row_ = 0;
  lxw_col_t col_ = 0;
};

// The project_index cell: a number, 0-based; blank on a failed file's row.
std::optional<double> project_index_of(const FileRow& r) {
  return r.project_index ? std::optional<double>(*r.project_index) : std::nullopt;
}

// One table over as many sheets as its rows need: "指标明细", then "指标明细 (2)" … once a sheet holds Excel's
// 1,048,575 data rows (`rows_per_sheet`). No row is ever dropped.
class SheetSeries {
 public:
  SheetSeries(lxw_workbook* wb, std::string name, std::vector<Column> columns, lxw_format* header,
              lxw_row_t rows_per_sheet)
      : wb_(wb), name_(std::move(name)), columns_(std::move(columns)), header_(header), rows_(rows_per_sheet) {
    sheets_.emplace_back(std::make_unique<Sheet>(wb_, name_.c_str(), columns_, header_, rows_));
  }
  // The sheet that holds the next data row, started on it.
  Sheet& row() {
    if (!sheets_.back()->next_row()) {
      names_.push_back(name_ + " (" + std::to_string(sheets_.size() + 1) + ")");
      sheets_.emplace_back(std::make_unique<Sheet>(wb_, names_.back().c_str(), columns_, header_, rows_));
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
  lxw_format* header_;
  lxw_row_t rows_;
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

struct SummaryXlsx::Book {
  std::string tmp, tmpdir;
  std::unique_ptr<lxw_workbook, WorkbookCloser> wb;
  std::optional<SheetSeries> summary, findings, indicators;
};

SummaryXlsx::SummaryXlsx(std::string path, unsigned rows_per_sheet)
    : path_(std::move(path)), book_(std::make_unique<Book>()) {
  const auto rows = static_cast<lxw_row_t>(std::clamp<unsigned>(rows_per_sheet, 1, kMaxDataRows));
  fs::path target(path_);
  std::error_code ec;
  if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
  book_->tmp = temporary_beside(path_);
  // The sheets' row files go beside the output rather than to /tmp, which may be small.
  book_->tmpdir = target.has_parent_path() ? target.parent_path().string() : std::string(".");
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;
  options.tmpdir = book_->tmpdir.data();
  book_->wb.reset(workbook_new_opt(book_->tmp.c_str(), &options));
  if (!book_->wb) return;
  lxw_workbook* wb = book_->wb.get();
  lxw_format* header = workbook_add_format(wb);
  format_set_bold(header);
  format_set_bg_color(header, 0xDDEBF7);
  format_set_border(header, LXW_BORDER_THIN);
  book_->summary.emplace(wb, "汇总",
                         std::vector<Column>{{"文件", 40},
                                             {"单位", 18},
                                             {"project_index", 8},
                                             {"项目", 40},
                                             {"主管部门", 24},
                                             {"年度", 8},
                                             {"自评总分", 10},
                                             {"复核总分", 10},
                                             {"等级", 6},
                                             {"提示", 6},
                                             {"警告", 6},
                                             {"错误", 6},
                                             {"结果", 14},
                                             {"失败原因", 40}},
                         header, rows);
  book_->findings.emplace(wb, "问题清单",
                          std::vector<Column>{{"文件", 40},
                                              {"单位", 18},
                                              {"project_index", 8},
                                              {"项目", 40},
                                              {"规则", 24},
                                              {"级别", 8},
                                              {"指标", 24},
                                              {"说明", 60},
                                              {"页码", 6},
                                              {"规则说明", 60}},
                          header, rows);
  book_->indicators.emplace(wb, "指标明细",
                            std::vector<Column>{{"文件", 40},
                                                {"project_index", 8},
                                                {"项目", 40},
                                                {"一级指标", 12},
                                                {"二级指标", 14},
                                                {"三级指标", 28},
                                                {"年度指标值", 18},
                                                {"实际完成值", 18},
                                                {"分值", 8},
                                                {"自评得分", 9},
                                                {"复核得分", 9},
                                                {"偏差原因", 30},
                                                {"页码", 6}},
                            header, rows);
}

SummaryXlsx::~SummaryXlsx() {
  if (book_ && book_->wb) {
    book_->wb.reset();  // closes it (a workbook cannot be dropped without writing it)
    ::unlink(book_->tmp.c_str());
  }
}

void SummaryXlsx::set_rule_notes(RuleNotes notes) { notes_ = std::move(notes); }

void SummaryXlsx::add(const FileRow& r) {
  if (!book_->wb) return;
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
  summary.text(r.outcome);
  summary.text(r.error);
  for (const auto& f : r.findings) {
    Sheet& findings = book_->findings->row();
    findings.text(r.rel);
    findings.text(r.agency);
    findings.number(project_index_of(r));
    findings.text(r.project);
    findings.text(f.rule);
    findings.text(f.severity);
    findings.text(f.indicator);
    findings.text(f.message);
    findings.integer(f.page, true);
    auto note = notes_.find(f.rule);
    findings.text(note == notes_.end() ? std::string() : note->second.description);
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
  }
}

std::optional<std::string> SummaryXlsx::finish() {
  if (!book_->wb) return "cannot create " + book_->tmp;
  book_->summary->finish();
  book_->findings->finish();
  book_->indicators->finish();
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
