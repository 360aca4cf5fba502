// summary.xlsx through libxlsxwriter, for people first, with columns for scripts after theirs:
//  - 汇总 (one row per project, and one per failed file), 问题清单 (one row per finding), 指标明细 (one row per
//    indicator), each with a column project_index after 单位 (after 文件 in 指标明细: the project's place in the
//    report's `projects`, 0-based as in summary.csv, blank for a failed file), and 规则说明 (one row per rule: its
//    Chinese name, severity, explanation and how many findings of it the batch has), and 单位年度 (per agency and
//    year: projects, the mean stated and recomputed totals and their difference, findings by severity and by rule);
//  - 汇总 adds 自评−复核 (stated minus recomputed total), where the tool is unsure (识别方式 文字层 / 扫描件OCR /
//    部分页OCR, OCR页码, 存疑数, 提取提示) and links to the report JSON and the PDF; 问题清单 adds the rule's
//    Chinese name beside its id, the severity in Chinese coloured by severity (错误 red, 警告 amber, 提示 grey),
//    存疑, the indicator's target and actual, the evidence detail, a link to the evidence crop, and the finding id
//    and severity id for scripts; 指标明细 adds 自评−复核 and 存疑 (a low-confidence indicator);
//  - links are relative to the workbook's folder (OUT), so they work when OUT is copied; a PDF read from an
//    absolute path is linked by its absolute path;
//  - long text wrapped, columns as wide as their content (a CJK character two Latin widths) up to a maximum, a frozen
//    header row, an autofilter, and printing on A4 landscape one page wide with the header row on every page.
// Text from a PDF is always written as a string cell, never as a formula, whatever it begins with. Written in
// libxlsxwriter's constant_memory mode: a row goes to the sheet's temporary file as soon as it is complete, so the
// memory used does not grow with the number of rows (but for the links: at most kXlsxLinksPerSheet per sheet, after
// which a path is plain text).
//
//   jx::outputs::SummaryXlsx book("OUT/summary.xlsx");
//   for (const auto& row : rows) book.add(row);
//   if (auto err = book.finish()) ...
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "outputs/summary_rows.h"

namespace jx::outputs {

// Data rows an Excel sheet holds under its header row.
inline constexpr unsigned kExcelDataRows = 1048576 - 1;
// Hyperlinks an Excel sheet holds.
inline constexpr unsigned kExcelLinksPerSheet = 65530;
// Hyperlinks written per sheet: libxlsxwriter keeps every link in memory until the workbook is closed (about 2 KiB
// each, measured), even in constant_memory mode, so past this many a sheet's paths are plain text and the
// workbook's memory stays bounded whatever the number of reports.
inline constexpr unsigned kXlsxLinksPerSheet = 10000;

class SummaryXlsx {
 public:
  // `rows_per_sheet`: data rows a sheet holds before its table goes on to a sheet "NAME (2)" (Excel's limit unless a
  // test asks for fewer).
  // `links_per_sheet`: hyperlinks a sheet gets before its paths are plain text (kXlsxLinksPerSheet unless a test asks
  // for fewer; never more than Excel's 65,530).
  explicit SummaryXlsx(std::string path, unsigned rows_per_sheet = kExcelDataRows,
                       unsigned links_per_sheet = kXlsxLinksPerSheet);
  ~SummaryXlsx();
  SummaryXlsx(const SummaryXlsx&) = delete;
  SummaryXlsx& operator=(const SummaryXlsx&) = delete;

  // The rules' names and explanations (rule_notes()), beside each finding and in 规则说明; none by default.
  void set_rule_notes(RuleNotes notes);
  // Appends the project's row to 汇总 and its findings and indicators to the other two sheets; a sheet that is full
  // goes on in a sheet of the same name with " (2)", " (3)" …: no row is ever dropped.
  void add(const FileRow& row);
  // Writes 规则说明, closes the workbook (zip compression happens here) and renames it into place. Returns a message on
  // failure and leaves no temporary behind.
  std::optional<std::string> finish();

 private:
  struct Book;
  std::string path_;
  RuleNotes notes_;
  std::unique_ptr<Book> book_;
};

// Writes the workbook to a temporary name beside `path`, then renames it. Returns a message on failure (and leaves
// no temporary behind).
std::optional<std::string> write_summary_xlsx(const std::string& path, const std::vector<FileRow>& rows,
                                              unsigned rows_per_sheet = kExcelDataRows);

// Text made safe for a cell: valid_text() (core/text.h: no character XML 1.0 cannot carry, no ill-formed UTF-8), cut
// to Excel's 32,767 characters on a UTF-8 boundary.
std::string xlsx_safe_text(const std::string& text);

// The hyperlink target that opens `path` (a path as a report's `file` gives it, relative to the working folder or
// absolute) from a workbook in `out_dir`: a relative path when `path` is relative, `file://` and the absolute path
// when it is absolute; percent-encoded but for letters, digits, - . _ ~ / and well-formed UTF-8. Empty for an empty
// path.
std::string xlsx_link_target(const std::string& path, const std::string& out_dir);

}  // namespace jx::outputs
