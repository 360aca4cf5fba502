// Stage 3: cell grid → report model.
//
// What this promises (the header comment in model_builder.h says where each block comes from):
//   - Header words are compared with headers.toml's synonyms after normalize_header(); a cell whose text ends in a
//     parenthesised remark ("分值（权重）", "年初预算数（万元）") also matches without it. In the money and indicator
//     header rows, a cell read by OCR (confidence below 100) that matches no synonym exactly may match one of four
//     characters or more within one edit, 一 二 三 and their misreadings (- = 1 2 3) counting as one character;
//     text-layer cells only ever match exactly.
//   - A value cell belongs to the header whose column range [col, col + colspan) contains its column; a merged
//     cell (rowspan/colspan) is seen by every row and column it covers. Several cells under one header are joined.
//   - Header block: the value of 项目名称 / 主管部门 / 实施单位 / 项目级次 is the next non-empty cell to its right
//     in the same row (none when that cell is itself a header-block label), or the text after "：" in the label's
//     own cell. 项目级次 is the level whose box is ticked (☑ ■ √ ✓ ✔ ☒ ▣), or the cell's text when it has no boxes.
//   - Money block: the first row with at least two of 年初预算数 / 全年预算数 / 全年执行数 (synonyms), then the
//     first row below it whose label (a cell left of the money columns) is a total_row synonym (for a cell read by
//     OCR, also one within one edit of a synonym of four characters or more).
//   - Indicator block: the first row with the 三级指标 column and at least two of target / actual / weight /
//     self_score; a row right below it made only of header words adds its columns (指标性质 | 指标值 | 度量单位
//     under 年度指标值). Then every row until the 总分 row: rows repeating the header, rows without a name, and
//     rows where one cell spans the name and the target or actual columns (存在问题, 改进措施) are skipped.
//     level1 / level2 are filled down when empty; when level1 changes, level2 is not carried over. target_text and
//     actual_text are the cells' text after normalize_text() (NFKC: "１２０" is "120"); target_text is the 指标值
//     cell alone where the form splits 指标性质 | 指标值 | 度量单位. When the table
//     ends before 总分, the rows of the following tables are read with the columns found at the same x positions.
//   - 总分 row: the number under self_score is the stated total, the number under weight the stated weight; a
//     row with a single number states the total; with several and none under self_score, the last one (and a
//     warning says so).
//   - Values that cannot be read (a weight that is not a number, no 总分 row, no money block) leave the field
//     empty and add a line to Report::warnings. Nothing an input holds makes this throw or abort.
#include "audit/model_builder.h"

#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/text.h"
#include "core/utf8.h"
#include "rules/value_parser.h"

namespace jx::audit {

namespace {

using extract::Cell;
using extract::Table;

// ---- text helpers -------------------------------------------------------------------------------------------

bool is_ascii_alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Joins texts of neighbouring cells: a space only between two Latin letters/digits.
void join_into(std::string& acc, const std::string& piece) {
  std::string p(trim(piece));
  if (p.empty()) return;
  if (!acc.empty() && is_ascii_alnum(acc.back()) && is_ascii_alnum(p.front())) acc += ' ';
  acc += p;
}

// ---- header words ---------------------------------------------------------------------------------------------

class HeaderIndex {
 public:
  explicit HeaderIndex(const rules::HeaderSynonyms& h) {
    for (const auto& [field, words] : h.fields) {
      auto& set = norm_[field];
      for (const auto& w : words) {
        std::string n = rules::normalize_header(w);
        if (!n.empty()) set.insert(n);
      }
    }
  }

  // True when the cell text is one of `field`'s synonyms (also without a trailing "(…)" remark).
  bool matches(const std::string& text, const std::string& field) const {
    auto it = norm_.find(field);
    if (it == norm_.end()) return false;
    for (const auto& candidate : forms(text))
      if (it->second.count(candidate)) return true;
    return false;
  }

  // For a header cell read by OCR: true when the text is one edit (a character dropped, added or changed) away from
  // one of `field`'s synonyms of four characters or more, counting 一 二 三 and the marks OCR reads them as
  // (- — = 1 2 3 …) as one character ("-级指标", "=级指标", "级指标" are all near 二级指标). Text-layer cells never
  // take this path (see header_cells).
  bool near_matches(const std::string& text, const std::string& field) const {
    auto it = norm_.find(field);
    if (it == norm_.end()) return false;
    std::vector<std::string> candidates = forms(text);
    // An unclosed remark: "全年预算数(局" (the ")" lost) is also tried as "全年预算数".
    if (!candidates.empty()) {
      const std::string& n = candidates.front();
      size_t open = n.rfind('(');
      if (open != std::string::npos && open > 0 && n.find(')', open) == std::string::npos)
        candidates.push_back(n.substr(0, open));
    }
    for (const auto& candidate : candidates) {
      std::u32string c = loose(candidate);
      for (const auto& w : it->second) {
        std::u32string lw = loose(w);
        if (lw.size() >= 4 && within_one_edit(c, lw)) return true;
      }
    }
    return false;
  }

  // The synonym of `field` the cell text starts with, followed by ":" — for "项目名称：XXX" cells; "" when none.
  std::string value_after_label(const std::string& text, const std::string& field) const {
    auto it = norm_.find(field);
    if (it == norm_.end()) return "";
    std::string n = rules::normalize_text(text);
    std::string compact = strip_spaces(n);
    for (const auto& w : it->second) {
      if (compact.rfind(w, 0) == 0 && compact.size() > w.size() && compact[w.size()] == ':')
        return std::string(trim(compact.substr(w.size() + 1)));
    }
    return "";
  }

 private:
  static std::vector<std::string> forms(const std::string& text) {
    std::vector<std::string> out;
    std::string n = rules::normalize_header(text);
    if (n.empty()) return out;
    out.push_back(n);
    // Drop one trailing parenthesised remark: "分值(权重)" → "分值".
    if (n.back() == ')') {
      size_t open = n.rfind('(');
      if (open != std::string::npos && open > 0) out.push_back(n.substr(0, open));
    }
    return out;
  }

  // Code points of `s`, with the numerals 一 二 三 and their usual OCR misreadings folded to one code point.
  static std::u32string loose(const std::string& s) {
    static const std::u32string kNumeralLike = U"一二三-—–_=＝~123卜ー";
    std::u32string out;
    for (char32_t cp : utf8::decode(s)) out.push_back(kNumeralLike.find(cp) != std::u32string::npos ? U'\u4E00' : cp);
    return out;
  }

  static bool within_one_edit(const std::u32string& a, const std::u32string& b) {
    if (a == b) return true;
    const std::u32string& l = a.size() >= b.size() ? a : b;
    const std::u32string& r = a.size() >= b.size() ? b : a;
    if (l.size() - r.size() > 1) return false;
    size_t i = 0;
    while (i < r.size() && l[i] == r[i]) ++i;
    if (l.size() == r.size()) return l.compare(i + 1, std::u32string::npos, r, i + 1, std::u32string::npos) == 0;
    return l.compare(i + 1, std::u32string::npos, r, i, std::u32string::npos) == 0;
  }

  std::map<std::string, std::set<std::string>> norm_;
};

const std::vector<std::string> kIndicatorFields = {"level1", "level2",     "name",      "target", "actual",
                                                   "weight", "self_score", "deviation", "op",     "unit"};
const std::vector<std::string> kMoneyFields = {"initial_budget", "annual_budget",  "executed",
                                               "budget_weight",  "execution_rate", "budget_score"};
const std::vector<std::string> kHeaderBlockFields = {"project_name", "department", "implementer", "level"};

// ---- grid view ------------------------------------------------------------------------------------------------

using Range = std::pair<int, int>;  // [first column, last column + 1)
using Columns = std::map<std::string, Range>;

// Which cell covers each (row, column) of a table, so merged cells are seen by every row they span.
class Grid {
 public:
  // `max_positions`: Limits::max_grid_positions_per_table.
  Grid(const Table& t, std::size_t max_positions) : t_(t) {
    rows_ = std::max(t.rows, 0);
    cols_ = std::max(t.cols, 0);
    for (const Cell& c : t.cells) {
      if (c.row < 0 || c.col < 0) continue;
      rows_ = std::max(rows_, c.row + std::max(c.rowspan, 1));
      cols_ = std::max(cols_, c.col + std::max(c.colspan, 1));
    }
    // A grid this large is not a form; treat it as empty rather than allocate without bound.
    if (static_cast<unsigned long long>(rows_) * static_cast<unsigned long long>(cols_) > max_positions)
      rows_ = cols_ = 0;
    cover_.assign(static_cast<size_t>(rows_) * cols_, -1);
    anchored_.assign(static_cast<size_t>(rows_), {});
    for (size_t i = 0; i < t.cells.size(); ++i) {
      const Cell& c = t.cells[i];
      if (c.row < 0 || c.col < 0 || c.row >= rows_ || c.col >= cols_) continue;
      anchored_[static_cast<size_t>(c.row)].push_back(static_cast<int>(i));
      for (int r = c.row; r < std::min(rows_, c.row + std::max(c.rowspan, 1)); ++r)
        for (int k = c.col; k < std::min(cols_, c.col + std::max(c.colspan, 1)); ++k)
          cover_[static_cast<size_t>(r) * cols_ + k] = static_cast<int>(i);
    }
    for (auto& row : anchored_)
      std::sort(row.begin(), row.end(), [&](int a, int b) { return t.cells[a].col < t.cells[b].col; });
  }

  int rows() const { return rows_; }
  int cols() const { return cols_; }
  const Table& table() const { return t_; }
  const Cell& cell(int i) const { return t_.cells[static_cast<size_t>(i)]; }

  int cover(int r, int c) const {
    if (r < 0 || c < 0 || r >= rows_ || c >= cols_) return -1;
    return cover_[static_cast<size_t>(r) * cols_ + c];
  }

  // Cells anchored in row r, left to right.
  const std::vector<int>& anchored(int r) const { return anchored_[static_cast<size_t>(r)]; }

  // The distinct cells covering row r within `range`, left to right.
  std::vector<int> cells_in(int r, Range range) const {
    std::vector<int> out;
    for (int c = std::max(range.first, 0); c < std::min(range.second, cols_); ++c) {
      int i = cover(r, c);
      if (i >= 0 && std::find(out.begin(), out.end(), i) == out.end()) out.push_back(i);
    }
    return out;
  }

  std::string text_in(int r, Range range) const {
    std::string s;
    for (int i : cells_in(r, range)) join_into(s, cell(i).text);
    return s;
  }

  int page_of(int r) const {
    if (r >= 0 && static_cast<size_t>(r) < t_.row_pages.size() && t_.row_pages[static_cast<size_t>(r)] > 0)
      return t_.row_pages[static_cast<size_t>(r)];
    for (int i : anchored(r)) return cell(i).page;
    return t_.first_page;
  }

  extract::Box box_of(int r) const {
    if (r >= 0 && static_cast<size_t>(r) < t_.row_boxes.size()) return t_.row_boxes[static_cast<size_t>(r)];
    extract::Box b;
    bool first = true;
    for (int i : anchored(r)) {
      const auto& cb = cell(i).bbox;
      if (first) b = cb, first = false;
      b.x0 = std::min(b.x0, cb.x0), b.y0 = std::min(b.y0, cb.y0);
      b.x1 = std::max(b.x1, cb.x1), b.y1 = std::max(b.y1, cb.y1);
    }
    return b;
  }

 private:
  const Table& t_;
  int rows_ = 0, cols_ = 0;
  std::vector<int> cover_;
  std::vector<std::vector<int>> anchored_;
};

bool in_range(int col, Range r) { return col >= r.first && col < r.second; }

// Fields of `wanted` whose synonyms label a cell anchored in row r, with that cell's column range.
// With `tolerant`, an OCR'd cell (confidence below 100) that matches no field exactly takes, left to right, the
// first field of `wanted` not yet taken that it nearly matches (HeaderIndex::near_matches).
Columns header_cells(const Grid& g, int r, const HeaderIndex& h, const std::vector<std::string>& wanted,
                     bool tolerant = false) {
  Columns out;
  std::vector<int> unmatched;
  for (int i : g.anchored(r)) {
    const Cell& c = g.cell(i);
    if (trim(c.text).empty()) continue;
    bool any = false;
    for (const auto& f : wanted) {
      if (!h.matches(c.text, f)) continue;
      any = true;
      if (!out.count(f)) out[f] = {c.col, c.col + std::max(c.colspan, 1)};
    }
    if (!any && tolerant && c.confidence < 100) unmatched.push_back(i);
  }
  for (int i : unmatched) {
    const Cell& c = g.cell(i);
    for (const auto& f : wanted) {
      if (out.count(f) || !h.near_matches(c.text, f)) continue;
      out[f] = {c.col, c.col + std::max(c.colspan, 1)};
      break;
    }
  }
  return out;
}

bool is_indicator_header(const Columns& cols) {
  if (!cols.count("name")) return false;
  int n = 0;
  for (const char* f : {"target", "actual", "weight", "self_score"}) n += cols.count(f) ? 1 : 0;
  return n >= 2;
}

// True when every non-empty cell anchored in row r is a header word of `wanted` (and there is at least one).
bool only_header_words(const Grid& g, int r, const HeaderIndex& h, const std::vector<std::string>& wanted,
                       bool tolerant = false) {
  int n = 0;
  for (int i : g.anchored(r)) {
    const Cell& c = g.cell(i);
    if (trim(c.text).empty()) continue;
    bool any = false;
    for (const auto& f : wanted)
      any = any || h.matches(c.text, f) || (tolerant && c.confidence < 100 && h.near_matches(c.text, f));
    if (!any) return false;
    ++n;
  }
  return n > 0;
}

// The column ranges of `from` (found in table `a`) moved to table `b` by x position: a column of `b` belongs to a
// field when its centre lies inside the field's x extent in `a`. Unchanged when either table lacks boundaries.
Columns translate(const Columns& from, const Table& a, const Table& b) {
  auto valid = [](const Table& t) { return t.cols > 0 && t.col_x.size() == static_cast<size_t>(t.cols) + 1; };
  if (!valid(a) || !valid(b)) return from;
  Columns out;
  for (const auto& [field, range] : from) {
    int c0 = std::clamp(range.first, 0, a.cols), c1 = std::clamp(range.second, 0, a.cols);
    double x0 = a.col_x[static_cast<size_t>(c0)], x1 = a.col_x[static_cast<size_t>(c1)];
    int first = -1, last = -1;
    for (int k = 0; k < b.cols; ++k) {
      double centre = (b.col_x[static_cast<size_t>(k)] + b.col_x[static_cast<size_t>(k) + 1]) / 2;
      if (centre >= x0 && centre <= x1) {
        if (first < 0) first = k;
        last = k;
      }
    }
    if (first >= 0) out[field] = {first, last + 1};
  }
  return out;
}

// ---- header block ---------------------------------------------------------------------------------------------

// "一级□ 二级☑" → "二级": the label beside the ticked box. Boxes may follow or precede their labels.
std::optional<std::string> ticked_level(const std::string& text) {
  static const std::vector<std::string> kTicked = {"☑", "■", "√", "✓", "✔", "☒", "▣", "●"};
  static const std::vector<std::string> kEmpty = {"□", "☐", "○"};
  struct Token {
    std::string text;
    int box = 0;  // 0 label, 1 ticked box, -1 empty box
  };
  std::vector<Token> tokens;
  std::string s = rules::normalize_text(text);
  size_t i = 0;
  std::string label;
  auto flush = [&] {
    std::string l = strip_spaces(label);
    if (!l.empty()) tokens.push_back({l, 0});
    label.clear();
  };
  while (i < s.size()) {
    bool matched = false;
    for (int kind : {1, -1}) {
      for (const auto& b : kind == 1 ? kTicked : kEmpty) {
        if (s.compare(i, b.size(), b) == 0) {
          flush();
          tokens.push_back({b, kind});
          i += b.size();
          matched = true;
          break;
        }
      }
      if (matched) break;
    }
    if (matched) continue;
    char32_t c = 0;
    size_t after = utf8::next(s, i, &c);
    label.append(s, i, after - i);
    i = after;
  }
  flush();
  bool any_box = std::any_of(tokens.begin(), tokens.end(), [](const Token& t) { return t.box != 0; });
  if (!any_box) {
    std::string t = strip_spaces(s);
    if (t.empty()) return std::nullopt;
    return t;
  }
  bool boxes_first = !tokens.empty() && tokens.front().box != 0;
  for (size_t k = 0; k < tokens.size(); ++k) {
    if (tokens[k].box != 1) continue;
    if (boxes_first) {
      if (k + 1 < tokens.size() && tokens[k + 1].box == 0) return tokens[k + 1].text;
    } else {
      if (k > 0 && tokens[k - 1].box == 0) return tokens[k - 1].text;
    }
  }
  return std::nullopt;
}

void read_header_block(const std::vector<Grid>& grids, const HeaderIndex& h, Project& project) {
  std::map<std::string, std::string> found;
  for (const Grid& g : grids) {
    for (int r = 0; r < g.rows(); ++r) {
      for (int i : g.anchored(r)) {
        const Cell& c = g.cell(i);
        for (const auto& field : kHeaderBlockFields) {
          if (found.count(field)) continue;
          if (h.matches(c.text, field)) {
            // The next non-empty cell to the right in this row, unless it is itself a label.
            std::string value;
            int last = -1;
            for (int k = c.col + std::max(c.colspan, 1); k < g.cols(); ++k) {
              int j = g.cover(r, k);
              if (j < 0 || j == last) continue;
              last = j;
              std::string t(trim(g.cell(j).text));
              if (t.empty()) continue;
              bool label = false;
              for (const auto& other : kHeaderBlockFields) label = label || h.matches(t, other);
              if (!label) value = t;
              break;
            }
            if (!value.empty()) found[field] = value;
          } else {
            std::string v = h.value_after_label(c.text, field);
            if (!v.empty()) found[field] = v;
          }
        }
      }
    }
  }
  if (found.count("project_name")) project.name = found["project_name"];
  if (found.count("department")) project.department = found["department"];
  if (found.count("implementer")) project.implementer = found["implementer"];
  if (found.count("level")) project.level = ticked_level(found["level"]);
}

// The year of the title: "（2021年度）" first, then "2021年度", then "2021年" in a text holding 自评.
std::optional<int> find_year(const std::vector<std::string>& texts) {
  static const RE2 kParen(R"([(（]\s*((?:19|20)\d{2})\s*年度?\s*[)）])");
  static const RE2 kNiandu(R"((?:^|[^\d])((?:19|20)\d{2})年度)");
  static const RE2 kNian(R"((?:^|[^\d])((?:19|20)\d{2})年)");
  int year = 0;
  for (const RE2* re : {&kParen, &kNiandu}) {
    for (const auto& t : texts)
      if (RE2::PartialMatch(t, *re, &year)) return year;
  }
  for (const auto& t : texts)
    if (t.find("自评") != std::string::npos && RE2::PartialMatch(t, kNian, &year)) return year;
  return std::nullopt;
}

std::optional<std::string> find_unit(const std::vector<std::string>& texts) {
  // A scan's colon is often read as a semicolon ("单位;万元"); 单位 followed by a semicolon means nothing else.
  static const RE2 kLabel(R"(单位\s*[:：;；]\s*(万元|元))");
  static const RE2 kParen(R"([(（]\s*(万元|元)\s*[)）])");
  std::string unit;
  for (const RE2* re : {&kLabel, &kParen})
    for (const auto& t : texts)
      if (RE2::PartialMatch(t, *re, &unit)) return unit;
  return std::nullopt;
}

// ---- money block ----------------------------------------------------------------------------------------------

struct MoneyBlock {
  int grid = -1, header_row = -1, total_row = -1;
  Columns cols;
};

MoneyBlock find_money_block(const std::vector<Grid>& grids, const HeaderIndex& h) {
  for (size_t gi = 0; gi < grids.size(); ++gi) {
    const Grid& g = grids[gi];
    for (int r = 0; r < g.rows(); ++r) {
      Columns cols = header_cells(g, r, h, kMoneyFields, true);
      int amounts = (cols.count("initial_budget") ? 1 : 0) + (cols.count("annual_budget") ? 1 : 0) +
                    (cols.count("executed") ? 1 : 0);
      if (amounts < 2) continue;
      int first_money_col = g.cols();
      for (const auto& [f, range] : cols) first_money_col = std::min(first_money_col, range.first);
      for (int t = r + 1; t < std::min(g.rows(), r + 12); ++t) {
        if (is_indicator_header(header_cells(g, t, h, kIndicatorFields))) break;
        for (int i : g.anchored(t)) {
          const Cell& c = g.cell(i);
          if (c.col >= first_money_col) break;
          // An OCR'd label may carry a stray mark or a misread character ("年度资金总额“").
          if (h.matches(c.text, "total_row") || (c.confidence < 100 && h.near_matches(c.text, "total_row")))
            return {static_cast<int>(gi), r, t, cols};
        }
      }
    }
  }
  return {};
}

void read_money_block(const std::vector<Grid>& grids, const MoneyBlock& m, Budget& b) {
  const Grid& g = grids[static_cast<size_t>(m.grid)];
  auto value = [&](const char* field) -> std::optional<double> {
    auto it = m.cols.find(field);
    if (it == m.cols.end()) return std::nullopt;
    return rules::parse_number(g.text_in(m.total_row, it->second));
  };
  b.initial_budget = value("initial_budget");
  b.annual_budget = value("annual_budget");
  b.executed = value("executed");
  b.weight = value("budget_weight");
  b.execution_rate = value("execution_rate");
  b.score = value("budget_score");
  b.page = g.page_of(m.total_row);
  b.row_box = g.box_of(m.total_row);
  for (const auto& [field, range] : m.cols)
    for (int i : g.cells_in(m.total_row, range)) b.min_confidence = std::min(b.min_confidence, g.cell(i).confidence);
}

// ---- indicator block ------------------------------------------------------------------------------------------

struct IndicatorReader {
  const HeaderIndex& h;
  const rules::RuleSet& rules;
  Report& report;
  std::string level1, level2;  // filled down

  bool is_total_row(const Grid& g, int r) const {
    for (int i : g.anchored(r)) {
      const Cell& c = g.cell(i);
      if (trim(c.text).empty()) continue;
      return h.matches(c.text, "total_score");
    }
    return false;
  }

  void read_total_row(const Grid& g, int r, const Columns& cols) {
    TotalScore& ts = report.total_score;
    ts.page = g.page_of(r);
    std::vector<double> numbers;
    bool first = true;
    for (int i : g.anchored(r)) {
      const Cell& c = g.cell(i);
      if (trim(c.text).empty()) continue;
      if (first) {  // the 总分 label itself
        first = false;
        continue;
      }
      auto v = rules::parse_number(c.text);
      if (!v) continue;
      numbers.push_back(*v);
      ts.min_confidence = std::min(ts.min_confidence, c.confidence);
      if (cols.count("self_score") && in_range(c.col, cols.at("self_score")) && !ts.stated)
        ts.stated = *v;
      else if (cols.count("weight") && in_range(c.col, cols.at("weight")) && !ts.stated_weight)
        ts.stated_weight = *v;
    }
    if (ts.stated || numbers.empty()) return;
    if (numbers.size() == 1) {
      ts.stated = numbers.front();
      ts.stated_weight.reset();
      return;
    }
    ts.stated = numbers.back();
    report.warnings.push_back("page " + std::to_string(ts.page) +
                              ": the total score row has several numbers and none under the score column; "
                              "the last one is taken as the stated total");
  }

  // Reads row r as an indicator; returns false when the row is not one (skipped).
  bool read_row(const Grid& g, int r, const Columns& cols) {
    auto text = [&](const char* f) -> std::string {
      auto it = cols.find(f);
      return it == cols.end() ? std::string() : g.text_in(r, it->second);
    };
    auto cells = [&](const char* f) -> std::vector<int> {
      auto it = cols.find(f);
      return it == cols.end() ? std::vector<int>() : g.cells_in(r, it->second);
    };
    if (g.anchored(r).empty()) return false;
    // One cell over the name and the target or actual columns: a text row (存在问题, 改进措施), not an indicator.
    auto name_cells = cells("name");
    for (const char* f : {"target", "actual"}) {
      for (int i : cells(f))
        if (std::find(name_cells.begin(), name_cells.end(), i) != name_cells.end()) return false;
    }
    std::string l1 = strip_spaces(text("level1")), l2 = strip_spaces(text("level2"));
    if (!l1.empty()) {
      if (l1 != level1) level2.clear();
      level1 = l1;
    }
    if (!l2.empty()) level2 = l2;
    std::string name = strip_spaces(text("name"));
    if (name.empty() || h.matches(name, "name")) return false;

    Indicator ind;
    ind.level1 = level1;
    ind.level2 = level2;
    ind.name = name;
    std::string op_text(trim(text("op"))), unit_text(trim(text("unit")));
    std::string target_value(trim(text("target")));
    ind.target_text = trim(rules::normalize_text(target_value));
    ind.target = rules::parse_target(target_value, name, rules.values, op_text, unit_text);
    std::string actual_value(trim(text("actual")));
    ind.actual_text = trim(rules::normalize_text(actual_value));
    ind.actual = rules::parse_actual(actual_value, rules.values);
    if (ind.actual && ind.actual->unit.empty() && !unit_text.empty())
      ind.actual->unit = rules::normalize_text(unit_text);
    ind.page = g.page_of(r);
    ind.row_box = g.box_of(r);
    std::string weight(trim(text("weight")));
    if (auto w = rules::parse_number(weight)) {
      ind.weight = *w;
    } else {
      report.warnings.push_back("page " + std::to_string(ind.page) + ": indicator " + name +
                                ": the weight is not a number ('" + weight + "'), taken as 0");
    }
    ind.self_score = rules::parse_number(trim(text("self_score")));
    if (cols.count("deviation")) ind.deviation_note = trim(text("deviation"));
    for (const char* f : {"name", "target", "actual", "weight", "self_score", "op", "unit"})
      for (int i : cells(f)) ind.min_confidence = std::min(ind.min_confidence, g.cell(i).confidence);
    report.indicators.push_back(std::move(ind));
    return true;
  }
};

}  // namespace

BuildResult build_report(const extract::Document& doc, const std::vector<extract::Table>& tables,
                         std::vector<extract::TextBlock> narrative, const rules::RuleSet& rules, const Limits& limits) {
  BuildResult result;
  HeaderIndex h(rules.headers);
  std::vector<Grid> grids;
  grids.reserve(tables.size());
  for (const auto& t : tables) grids.emplace_back(t, limits.max_grid_positions_per_table);

  Report report;
  report.pages = doc.page_count > 0 ? doc.page_count : static_cast<int>(doc.pages.size());

  // Header block, year, unit.
  read_header_block(grids, h, report.project);
  std::vector<std::string> block_texts, cell_texts, money_texts;
  for (const auto& b : narrative) block_texts.push_back(rules::normalize_text(b.text));
  for (const auto& t : tables)
    for (const auto& c : t.cells) cell_texts.push_back(rules::normalize_text(c.text));
  std::vector<std::string> year_texts = block_texts;
  year_texts.insert(year_texts.end(), cell_texts.begin(), cell_texts.end());
  report.project.year = find_year(year_texts);

  // Money block.
  MoneyBlock money = find_money_block(grids, h);
  if (money.grid >= 0) {
    read_money_block(grids, money, report.budget);
    const Grid& g = grids[static_cast<size_t>(money.grid)];
    for (int r = 0; r <= money.total_row; ++r)
      for (int i : g.anchored(r)) money_texts.push_back(rules::normalize_text(g.cell(i).text));
  } else {
    report.warnings.push_back("no budget block found (a row with the budget columns, then the total row)");
  }
  std::vector<std::string> unit_texts = money_texts;
  unit_texts.insert(unit_texts.end(), block_texts.begin(), block_texts.end());
  unit_texts.insert(unit_texts.end(), cell_texts.begin(), cell_texts.end());
  report.budget.unit = find_unit(unit_texts);

  // Indicator block. OCR'd header cells that match no synonym exactly may match one nearly (一 read as "-", 三 as
  // "=", 值 as 什, a dropped character); text-layer cells only ever match exactly.
  constexpr bool kTolerant = true;
  IndicatorReader reader{h, rules, report, {}, {}};
  Columns cols;
  int cols_grid = -1;
  bool done = false;
  for (size_t gi = 0; gi < grids.size() && !done; ++gi) {
    const Grid& g = grids[gi];
    if (cols_grid >= 0 && cols_grid != static_cast<int>(gi)) {
      cols = translate(cols, tables[static_cast<size_t>(cols_grid)], tables[gi]);
      cols_grid = static_cast<int>(gi);
    }
    for (int r = 0; r < g.rows() && !done; ++r) {
      Columns here = header_cells(g, r, h, kIndicatorFields, kTolerant);
      if (is_indicator_header(here)) {
        cols = here;
        cols_grid = static_cast<int>(gi);
        // Sub-header rows right below (指标性质 | 指标值 | 度量单位 under 年度指标值) refine the columns.
        while (r + 1 < g.rows() && only_header_words(g, r + 1, h, kIndicatorFields, kTolerant)) {
          ++r;
          for (const auto& [f, range] : header_cells(g, r, h, kIndicatorFields, kTolerant)) {
            auto it = cols.find(f);
            if (it == cols.end() || (range.second - range.first) < (it->second.second - it->second.first))
              cols[f] = range;
          }
        }
        continue;
      }
      if (cols_grid < 0) continue;
      if (reader.is_total_row(g, r)) {
        reader.read_total_row(g, r, cols);
        done = true;
        break;
      }
      reader.read_row(g, r, cols);
    }
  }

  if (cols_grid < 0) {
    result.error = {Outcome::NoTable,
                    "no self-evaluation table found: no row with the indicator columns "
                    "(三级指标, 年度指标值, 实际完成值) in " +
                        std::to_string(tables.size()) + " table(s)"};
    return result;
  }
  if (report.indicators.empty()) {
    result.error = {Outcome::NoTable,
                    "no self-evaluation table found: the indicator header row has no indicator rows below it"};
    return result;
  }
  if (!done) report.warnings.push_back("no total score row (总分) found after the indicators");

  report.narrative = std::move(narrative);
  result.report = std::move(report);
  result.error = {Outcome::Ok, ""};
  return result;
}

}  // namespace jx::audit
