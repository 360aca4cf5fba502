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

struct Budget {
  std::optional<std::string> unit;  // "万元" | "元"
  std::optional<double> initial_budget, annual_budget, executed, execution_rate, weight, score;
  int page = 0;
  extract::Box row_box;        // the 年度资金总额 row, for evidence
  float min_confidence = 100;  // lowest OCR confidence of the 年度资金总额 row's money cells (100: text layer)
};

struct Indicator {
  std::string level1, level2, name;  // whitespace removed; level1/level2 filled down over merged cells
  std::string target_text, actual_text;
  std::optional<rules::Target> target;    // nullopt: qualitative
  std::optional<rules::Quantity> actual;  // nullopt: no number in the actual cell
  double weight = 0;
  std::optional<double> self_score;
  std::optional<double> recomputed_score;
  std::optional<std::string> deviation_note;
  int page = 0;
  extract::Box row_box;        // the row's extent on `page`, for evidence crops
  float min_confidence = 100;  // lowest OCR confidence of the cells a rule depends on
};

struct Finding {
  std::string rule;
  std::string severity;  // "info" | "warning" | "error"
  std::string message;   // Chinese, filled from the rule file's template
  std::optional<std::string> indicator;
  int page = 0;                      // 0 when not tied to a page
  std::optional<extract::Box> bbox;  // the region on `page` that shows the evidence
  std::string detail;                // optional extra evidence (the sentence checked, the sum computed)
};

struct TotalScore {
  std::optional<double> stated, recomputed;
  std::optional<double> stated_weight;  // the 总分 row's weight column, when present
  int page = 0;
  float min_confidence = 100;  // lowest OCR confidence of the 总分 row's number cells (100: text layer)
};

struct Report {
  std::string file;
  std::string sha256;
  int pages = 0;
  std::string text_source = "text";  // "text" | "ocr" | "mixed"
  Project project;
  Budget budget;
  std::vector<Indicator> indicators;
  TotalScore total_score;
  std::vector<Finding> findings;
  std::vector<extract::TextBlock> narrative;  // the running text outside the tables, paragraph by paragraph
  std::vector<std::string> warnings;          // damaged pages, guessed values
};

}  // namespace jx::audit
