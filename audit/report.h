// Stage 3 output: the report model of one self-evaluation, as the contract's JSON document describes it.
// Built by model_builder from the cell grid, completed by recompute and checks, printed by the writers.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "extract/grid/table.h"
#include "extract/page.h"
#include "rules/value_parser.h"

namespace jx::audit {

struct Project {
  std::optional<std::string> name, department, implementer, level;  // level: "一级" | "二级" | … (the ticked box)
  std::optional<int> year;
};

// One row of the money block as printed: a blank, "—" or a column the form lacks is nullopt.
struct BudgetRow {
  std::string label;  // whitespace removed, otherwise as printed ("其中：当年财政拨款")
  std::optional<double> initial_budget, annual_budget, executed;
  float min_confidence = 100;  // lowest OCR confidence of its money cells (100: text layer)
  std::uint8_t repairs = 0;    // extract::repair bits of those cells
  // The money cells that hold digits but no number read from them ("680,0.0"), by column: kInitialUnread,
  // kAnnualUnread, kExecutedUnread. A cell without digits ("", "—") is a blank, not an unread number.
  std::uint8_t unread = 0;
  static constexpr std::uint8_t kInitialUnread = 1, kAnnualUnread = 2, kExecutedUnread = 4;
};

struct Budget {
  std::optional<std::string> unit;  // "万元" | "元"
  std::optional<double> initial_budget, annual_budget, executed, execution_rate, weight, score;
  int page = 0;
  extract::Box row_box;         // the 年度资金总额 row, for evidence
  float min_confidence = 100;   // lowest OCR confidence of the 年度资金总额 row's money cells (100: text layer)
  std::uint8_t repairs = 0;     // extract::repair bits of those cells: what the OCR path changed in them
  std::vector<BudgetRow> rows;  // every row of the block, the 年度资金总额 row first
};

// 年度总体目标: the expected and the achieved goal, after normalize_text() (NFKC, no whitespace next to CJK).
struct Goal {
  std::optional<std::string> expected, actual;
  // The cells as read (raw text, page, box, OCR confidence of their digits), for the narrative checks and evidence;
  // page 0 when absent.
  extract::TextBlock expected_cell, actual_cell;
};

// A cell of a row by the field its column holds ("level1", "level2", "name", "target", "actual", "weight",
// "self_score", "deviation", "op", "unit"), for evidence: its box on `page` (a merged label cell: its whole box on the
// page where it begins) and whether its text was read by OCR.
struct FieldCell {
  std::string field;
  int page = 0;
  extract::Box box;
  bool ocr = false;
};

// The header rows (column headings) of the table a row belongs to: the band nearest above it; page 0 when unknown.
struct HeaderBand {
  int page = 0;
  extract::Box box;
};

struct Indicator {
  std::string level1, level2, name;  // whitespace removed; level1/level2 filled down over merged cells, without
                                     // the points their label prints ("产出指标(50分)" → "产出指标")
  std::optional<double> level1_points, level2_points;  // the points printed in the label, if any
  std::string target_text, actual_text;
  std::optional<rules::Target> target;    // nullopt: qualitative
  std::optional<rules::Quantity> actual;  // nullopt: no number in the actual cell
  double weight = 0;
  std::optional<double> self_score;
  std::optional<double> recomputed_score;
  std::optional<std::string> deviation_note;
  int page = 0;
  extract::Box row_box;          // the row's extent on `page`, for evidence crops
  float min_confidence = 100;    // lowest OCR confidence of the cells a rule depends on
  std::uint8_t repairs = 0;      // extract::repair bits of the target, actual, weight and score cells
  HeaderBand header;             // the table's column headings, for evidence
  std::vector<FieldCell> cells;  // the row's cells by field, for evidence
  // Of the fields "target" and "actual", those whose column the OCR'd table's headings did not name (a heading read
  // as something else): the indicator's text for them is blank because it could not be placed, not because the
  // form left it blank. Always empty for a text layer.
  std::vector<std::string> unplaced_columns;
  // Of "target" and "actual", those whose cell is blank as read but held ink the OCR read as nothing
  // (extract::repair::kUnread): the blank is the reading's, not the form's.
  std::vector<std::string> unread_cells;
};

// A row of the indicator block that is a template left in the form (指标2:, ……), not an indicator: what its
// cells hold, for text.placeholder_left.
struct TemplateRow {
  std::vector<std::string> texts;  // the 三级指标, 年度指标值, 实际完成值 and note cells, after normalize_text()
  int page = 0;
  extract::Box row_box;
};

// The earlier year a cross-year finding (target.ratchet) compares with: the file it was read from, its year, and the
// indicator's actual there (its number, unit and text as printed; low_confidence when that value was read by OCR
// below the confidence threshold or repaired, or judged implausible: then the finding may not be true).
struct PreviousYear {
  std::string file;
  int year = 0;
  double actual = 0;
  std::string unit, actual_text;
  bool low_confidence = false;
};

struct Finding {
  std::string rule;
  std::string severity;  // "info" | "warning" | "error"
  std::string message;   // Chinese, filled from the rule file's template
  std::optional<std::string> indicator;
  int page = 0;                          // 0 when not tied to a page
  std::optional<extract::Box> bbox;      // the region on `page` that shows the evidence
  std::string detail;                    // optional extra evidence (the sentence checked, the sum computed)
  std::optional<PreviousYear> previous;  // target.ratchet: the earlier year compared with
};

struct TotalScore {
  std::optional<double> stated, recomputed;
  std::optional<double> stated_weight;  // the 总分 row's weight column, when present
  std::optional<std::string> grade;     // the grade the report states (优 良 中 差, as printed)
  int page = 0;
  float min_confidence = 100;    // lowest OCR confidence of the 总分 row's number cells (100: text layer)
  std::uint8_t repairs = 0;      // extract::repair bits of those cells
  extract::Box row_box;          // the 总分 row on `page`, for evidence
  HeaderBand header;             // the table's column headings, for evidence
  std::vector<FieldCell> cells;  // the row's cells by field, for evidence
};

// The audit of one project self-evaluation table. A file holds one or several (a department's package): each is
// a Report of its own, carrying the file's fields too, so recomputation and every check see one project.
struct Report {
  std::string file;
  std::string sha256;
  int pages = 0;
  std::string text_source = "text";   // "text" | "ocr" | "mixed"
  int project_index = 0;              // 0-based, in page order
  int first_page = 0, last_page = 0;  // the pages of this project's table
  std::string profile = "national";   // the scoring profile applied
  Project project;
  Budget budget;
  Goal goal;
  std::vector<Indicator> indicators;
  std::vector<TemplateRow> template_rows;  // rows of the indicator block that are template text, not indicators
  TotalScore total_score;
  std::vector<Finding> findings;
  std::vector<extract::TextBlock> narrative;  // the running text outside the tables that belongs to this project
  std::vector<std::string> warnings;          // the file's (damaged pages, OCR) and this project's (guessed values)
};

}  // namespace jx::audit
