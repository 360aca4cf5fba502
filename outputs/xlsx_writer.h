// summary.xlsx through libxlsxwriter: sheets 汇总 (one row per project, and one per failed file), 问题清单 (one row
// per finding) and 指标明细 (one row per indicator), each with a column project_index after 单位 (after 文件 in
// 指标明细: the project's place in the report's `projects`, 0-based as in summary.csv, blank for a failed file), a
// frozen header row, an autofilter and set column widths. Text from a PDF is always written as a string cell, never as
// a formula, whatever it begins with. Written in libxlsxwriter's constant_memory mode: a row goes to the sheet's
// temporary file as soon as it is complete, so the memory used does not grow with the number of rows.
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

class SummaryXlsx {
 public:
  // `rows_per_sheet`: data rows a sheet holds before its table goes on to a sheet "NAME (2)" (Excel's limit unless a
  // test asks for fewer).
  explicit SummaryXlsx(std::string path, unsigned rows_per_sheet = kExcelDataRows);
  ~SummaryXlsx();
  SummaryXlsx(const SummaryXlsx&) = delete;
  SummaryXlsx& operator=(const SummaryXlsx&) = delete;

  // Appends the project's row to 汇总 and its findings and indicators to the other two sheets; a sheet that is full
  // goes on in a sheet of the same name with " (2)", " (3)" …: no row is ever dropped.
  // The explanation written beside each finding (rule_notes()), in the 问题清单 sheet's last column; none by default.
  void set_rule_notes(RuleNotes notes);
  void add(const FileRow& row);
  // Closes the workbook (zip compression happens here) and renames it into place. Returns a message on failure and
  // leaves no temporary behind.
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

}  // namespace jx::outputs
