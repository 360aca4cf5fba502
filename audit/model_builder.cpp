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
//   - Header bands: a header is a band of rows. It starts at a row with at least two header words and takes every
//     row right below made only of header words (group words such as 绩效指标 or 预算执行情况 count). Each column
//     takes the field of the lowest cell over it, within the band, that names one: 年度指标值 over 指标性质 |
//     指标值 | 度量单位 gives three fields, 实际完成值 spanning both rows gives one. A cell naming a column the
//     reader does not read (复核分, 得分计算方法) leaves its column without a field.
//   - Indicator tables: a band with the 三级指标 column, at least two of target / actual / weight / self_score,
//     and actual or self_score (a target declaration has neither). Every row below is read until the 总分 row:
//     rows without a name, template rows (values.toml's template_name: 指标2:, ……) and rows where one cell spans
//     the name and the target or actual columns (存在问题, 改进措施) are skipped. A band met before 总分 continues
//     the table (a header repeated on the next page) unless a new form's header block (项目名称, a department-wide
//     label) came after the last indicator; when the table ends before 总分, the rows of the following tables are
//     read with the columns found at the same x positions.
//   - Labels: 一级 / 二级 labels lose their whitespace; one that prints its points (values.toml's label_points:
//     "产出指标(50分)", a vertical "产\n出\n指\n标\n(50分)") gives the label without them and the points. They are
//     filled down when empty; when level1 changes, level2 is not carried over. target_text and actual_text are the
//     cells' text after normalize_text() (NFKC: "１２０" is "120"); target_text is the 指标值 cell alone where
//     the form splits 指标性质 | 指标值 | 度量单位.
//   - Projects: each indicator table is a project, in page order, unless it is a department-wide form (its nearest
//     title is a form_kinds department_wide_title rather than a project_title, or, with no title, its header block
//     has a department_wide_label and no 项目名称): that one is named in BuildResult::warnings. A project's zone
//     runs from after the previous table to its own end (the first from the start of the file, the last to its
//     end); its header block, money block, goal, year, unit and narrative come from its zone, nearest to its
//     indicator header first.
//   - Header block: the value of 项目名称 / 主管部门 / 实施单位 / 项目级次 is the next non-empty cell to its right
//     in the same row (none when that cell is itself a header-block label), or the text after "：" in the label's
//     own cell, as printed (a code prefix stays). 项目级次 is the level whose box is ticked (☑ ■ √ ✓ ✔ ☒ ▣), or the
//     cell's text when it has no boxes.
//   - Money block: a band with at least two of 年初预算数 / 全年预算数 / 全年执行数 (synonyms), then the first row
//     below it whose label (a cell left of the money columns) is a total_row synonym (for a cell read by OCR, also
//     one within one edit of a synonym of four characters or more). The top-level amounts are that row's, as
//     printed (blank is null: sub-rows never stand in). Budget::rows holds it first, then every other labelled
//     row of the block down to the first row that is not a money row. Without a 分值 column, the points a header
//     cell or the total row's label prints ("预算执行情况(20分)") are the budget weight.
//   - Goal: the 预期目标 label's text (after "：", else the next cell to its right that is no goal label, else the
//     cells right below it) and the 实际完成情况 label's in the same or the next two rows; with neither label, the
//     text beside 年度总体目标 is the expected goal. Both after normalize_text().
//   - 总分 row: the number under self_score is the stated total, the number under weight the stated weight; a
//     row with a single number states the total; with several and none under self_score, the last one (and a
//     warning says so). The grade is a cell that is a grades.toml grade, alone or after a grade_label ("自评等级：
//     优"), in the row or the row right below.
//   - Values that cannot be read (a weight that is not a number, no 总分 row, no money block) leave the field
//     empty and add a line to Report::warnings. Nothing an input holds makes this throw or abort.
#include "audit/model_builder.h"

#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

#include "audit/recompute.h"
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
  // `h` as the loader stores it: every synonym already normalize_header()'d, none empty.
  explicit HeaderIndex(const rules::HeaderSynonyms& h) {
    for (const auto& [field, words] : h.fields) norm_[field].insert(words.begin(), words.end());
    // The loader knows a fixed list of fields (rules/loader.cpp's header_sections), far fewer than a mask holds.
    if (norm_.size() > kMaskBits) throw std::logic_error("more header fields than a HeaderIndex::FieldMask holds");
    for (const auto& [field, words] : norm_) bits_.emplace(field, FieldMask{1} << bits_.size());
    for (const auto& [field, words] : norm_)
      for (const auto& w : words) word_fields_[w] |= bits_.at(field);
  }

  // A set of fields, for matches_any(): one bit a field.
  using FieldMask = std::uint64_t;

  // The fields of `fields` that have synonyms.
  FieldMask mask_of(const std::vector<std::string>& fields) const {
    FieldMask mask = 0;
    for (const auto& f : fields)
      if (auto it = bits_.find(f); it != bits_.end()) mask |= it->second;
    return mask;
  }

  // True when the cell text is one of the synonyms of a field of `mask`, as matches() says.
  bool matches_any(const std::string& text, FieldMask mask) const { return (cached_fields(text) & mask) != 0; }

  // True when the cell text is one of `field`'s synonyms (also without a trailing "(…)" remark).
  bool matches(const std::string& text, const std::string& field) const {
    auto bit = bits_.find(field);
    return bit != bits_.end() && (cached_fields(text) & bit->second) != 0;
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
    const std::string& compact = cached_compact(text);
    for (const auto& w : it->second) {
      if (compact.rfind(w, 0) == 0 && compact.size() > w.size() && compact[w.size()] == ':')
        return std::string(trim(compact.substr(w.size() + 1)));
    }
    return "";
  }

 private:
  static constexpr std::size_t kMaskBits = 64;

  // The fields (of bits_) whose synonyms the text is, computed once a text.
  FieldMask cached_fields(const std::string& text) const {
    auto it = fields_cache_.find(text);
    if (it != fields_cache_.end()) return it->second;
    FieldMask mask = 0;
    for (const auto& candidate : cached_forms(text))
      if (auto fields = word_fields_.find(candidate); fields != word_fields_.end()) mask |= fields->second;
    return fields_cache_.emplace(text, mask).first->second;
  }

  // A text normalised (normalize_text) and without spaces, computed once: value_after_label() reads every cell for
  // several fields.
  const std::string& cached_compact(const std::string& text) const {
    auto it = compact_cache_.find(text);
    if (it == compact_cache_.end()) it = compact_cache_.emplace(text, strip_spaces(rules::normalize_text(text))).first;
    return it->second;
  }

  // forms() of a text, computed once: every cell is compared with every field's words, often more than once.
  const std::vector<std::string>& cached_forms(const std::string& text) const {
    auto it = forms_cache_.find(text);
    if (it == forms_cache_.end()) it = forms_cache_.emplace(text, forms(text)).first;
    return it->second;
  }

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
  mutable std::unordered_map<std::string, std::vector<std::string>> forms_cache_;
  mutable std::unordered_map<std::string, std::string> compact_cache_;
  std::map<std::string, FieldMask> bits_;
  std::unordered_map<std::string, FieldMask> word_fields_;  // each synonym → the fields it names
  mutable std::unordered_map<std::string, FieldMask> fields_cache_;
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

// The year of the title by values.toml's [[title_year]] patterns: the first pattern that matches any of the texts
// (one with only_with, a text holding that word) gives it.
std::optional<int> find_year(const std::vector<std::string>& texts, const rules::ValueRules& values) {
  int year = 0;
  for (const auto& y : values.title_year) {
    const re2::RE2* re = y.pattern.re();
    if (re == nullptr) continue;
    for (const auto& t : texts)
      if ((y.only_with.empty() || t.find(y.only_with) != std::string::npos) && RE2::PartialMatch(t, *re, &year))
        return year;
  }
  return std::nullopt;
}

// The money block's unit by values.toml's [[budget_unit]] patterns, the first that matches any of the texts.
std::optional<std::string> find_unit(const std::vector<std::string>& texts, const rules::ValueRules& values) {
  std::string unit;
  for (const rules::Pattern& p : values.budget_unit) {
    const re2::RE2* re = p.re();
    if (re == nullptr) continue;
    for (const auto& t : texts)
      if (RE2::PartialMatch(t, *re, &unit)) return unit;
  }
  return std::nullopt;
}

// ---- rows in document order ---------------------------------------------------------------------------------

// Every row of every table, in page order: the reader walks this one sequence, and a project's zone is a range of it.
struct RowRef {
  int grid = 0, row = 0;
};

std::vector<RowRef> rows_in_order(const std::vector<Grid>& grids) {
  std::vector<RowRef> out;
  for (size_t gi = 0; gi < grids.size(); ++gi)
    for (int r = 0; r < grids[gi].rows(); ++r) out.push_back({static_cast<int>(gi), r});
  return out;
}

// Where a row or a text block stands in reading order: page, then top edge.
struct Place {
  int page = 0;
  double y = 0;
  bool operator<(const Place& o) const { return page != o.page ? page < o.page : y < o.y; }
};

Place place_of(const Grid& g, int r) { return {g.page_of(r), g.box_of(r).y0}; }
Place place_of(const extract::TextBlock& b) { return {b.page, b.box.y0}; }

// ---- header bands -------------------------------------------------------------------------------------------

// The words a header band is made of: its fields, the group words above them and the words of columns that are
// none of them, with the mask of all of them.
struct HeaderWords {
  HeaderWords(const HeaderIndex& h, const std::vector<std::string>& fields, const std::string& group,
              const std::string& other)
      : fields(fields), group(group), other(other), mask(h.mask_of(fields) | h.mask_of({group, other})) {}

  const std::vector<std::string>& fields;
  const std::string& group;
  const std::string& other;
  HeaderIndex::FieldMask mask;
};

// True when the cell is one of the header words (for a cell read by OCR with `tolerant`, also one edit away from
// one).
bool header_word(const HeaderIndex& h, const Cell& c, const HeaderWords& words, bool tolerant) {
  if (h.matches_any(c.text, words.mask)) return true;
  if (tolerant && c.confidence < 100) {
    for (const auto& f : words.fields)
      if (h.near_matches(c.text, f)) return true;
    return h.near_matches(c.text, words.group) || h.near_matches(c.text, words.other);
  }
  return false;
}

// The number of non-empty cells anchored in row r that are header words; *all is false when some non-empty cell is
// not one.
int header_words_in_row(const Grid& g, int r, const HeaderIndex& h, const HeaderWords& words, bool tolerant,
                        bool* all) {
  int n = 0;
  *all = true;
  for (int i : g.anchored(r)) {
    const Cell& c = g.cell(i);
    if (trim(c.text).empty()) continue;
    if (header_word(h, c, words, tolerant)) {
      ++n;
    } else {
      *all = false;
    }
  }
  return n;
}

struct Band {
  int first = -1, last = -1;  // rows of the band in its grid
  Columns cols;               // field → column range
};

// The header band that starts at row r: row r holds at least two header words of `fields` + `others`, and every
// row right below made only of such words belongs to the band too (a 绩效指标 cell over 一级 / 二级 / 三级, 年度指标值
// over 指标性质 | 指标值 | 度量单位, 实际完成值 spanning both rows). Each column takes the field of the lowest cell
// over it, within the band, that names a field of `fields`; a cell naming one of `others` ends the search for its
// column without giving a field (a 复核分 column); group words (绩效指标) let the search go on upwards. With
// `tolerant`, an OCR'd cell that names nothing exactly takes, left to right, the first field not yet taken that it
// nearly names.
std::optional<Band> header_band(const Grid& g, int r, const HeaderIndex& h, const std::vector<std::string>& fields,
                                const std::string& group, const std::string& other, bool tolerant) {
  const HeaderWords words(h, fields, group, other);
  bool all = false;
  if (header_words_in_row(g, r, h, words, tolerant, &all) < 2) return std::nullopt;
  Band band;
  band.first = band.last = r;
  while (band.last + 1 < g.rows()) {
    bool only = false;
    int n = header_words_in_row(g, band.last + 1, h, words, tolerant, &only);
    if (n == 0 || !only) break;
    ++band.last;
  }
  std::vector<std::string> meaning(static_cast<size_t>(g.cols()));
  std::vector<int> unnamed;  // OCR'd cells that named nothing, by their column
  for (int c = 0; c < g.cols(); ++c) {
    for (int row = band.last; row >= band.first; --row) {
      int i = g.cover(row, c);
      if (i < 0) continue;
      const Cell& cell = g.cell(i);
      if (trim(cell.text).empty()) continue;
      if (h.matches(cell.text, other)) break;
      std::string found;
      for (const auto& f : fields) {
        if (h.matches(cell.text, f)) {
          found = f;
          break;
        }
      }
      if (!found.empty()) {
        meaning[static_cast<size_t>(c)] = found;
        break;
      }
      if (h.matches(cell.text, group)) continue;
      if (tolerant && cell.confidence < 100) unnamed.push_back(c);
      break;
    }
  }
  std::set<std::string> taken(meaning.begin(), meaning.end());
  int last_cell = -1;
  for (int c : unnamed) {
    // Every column under one cell takes the same field.
    int cell_index = -1;
    for (int row = band.last; row >= band.first && cell_index < 0; --row) {
      int i = g.cover(row, c);
      if (i >= 0 && !trim(g.cell(i).text).empty()) cell_index = i;
    }
    if (cell_index < 0) continue;
    if (cell_index == last_cell) {
      meaning[static_cast<size_t>(c)] = meaning[static_cast<size_t>(c) - 1];
      continue;
    }
    last_cell = cell_index;
    for (const auto& f : fields) {
      if (taken.count(f) || !h.near_matches(g.cell(cell_index).text, f)) continue;
      meaning[static_cast<size_t>(c)] = f;
      taken.insert(f);
      break;
    }
  }
  for (int c = 0; c < g.cols(); ++c) {
    const std::string& f = meaning[static_cast<size_t>(c)];
    if (f.empty()) continue;
    auto it = band.cols.find(f);
    if (it == band.cols.end()) {
      band.cols[f] = {c, c + 1};
    } else {
      it->second.second = c + 1;
    }
  }
  return band;
}

// An indicator header: the 三级指标 column, at least two of target / actual / weight / self_score, and a column
// for what was achieved (actual or self score), which a target declaration (绩效目标申报表) lacks.
bool is_indicator_header(const Columns& cols) {
  if (!cols.count("name")) return false;
  int n = 0;
  for (const char* f : {"target", "actual", "weight", "self_score"}) n += cols.count(f) ? 1 : 0;
  return n >= 2 && (cols.count("actual") || cols.count("self_score"));
}

std::optional<Band> indicator_band(const Grid& g, int r, const HeaderIndex& h, bool tolerant) {
  auto band = header_band(g, r, h, kIndicatorFields, "indicator_group", "indicator_other", tolerant);
  if (!band || !is_indicator_header(band->cols)) return std::nullopt;
  return band;
}

// ---- labels -------------------------------------------------------------------------------------------------

// A 一级 / 二级 label without whitespace, and the points it prints ("产出指标(50分)" → "产出指标", 50).
std::pair<std::string, std::optional<double>> split_points(const std::string& label, const rules::ValueRules& v) {
  const re2::RE2* re = v.label_points.re();
  if (label.empty() || re == nullptr) return {label, std::nullopt};
  std::string n = strip_spaces(rules::normalize_text(label));
  std::string name, points;
  if (RE2::FullMatch(n, *re, &name, &points)) {
    if (auto p = rules::parse_number(points)) return {name, p};
  }
  return {label, std::nullopt};
}

// ---- header block -------------------------------------------------------------------------------------------

// The value of a label cell: the text after "：" in the cell itself, else the next non-empty cell to its right in
// the same row unless that cell is itself one of `labels`.
std::string value_of_label(const Grid& g, int r, int i, const std::string& field, const HeaderIndex& h,
                           const std::vector<std::string>& labels) {
  const Cell& c = g.cell(i);
  if (!h.matches(c.text, field)) return h.value_after_label(c.text, field);
  int last = -1;
  for (int k = c.col + std::max(c.colspan, 1); k < g.cols(); ++k) {
    int j = g.cover(r, k);
    if (j < 0 || j == last) continue;
    last = j;
    std::string t(trim(g.cell(j).text));
    if (t.empty()) continue;
    for (const auto& other : labels)
      if (h.matches(t, other)) return "";
    return t;
  }
  return "";
}

// Reads 项目名称 / 主管部门 / 实施单位 / 项目级次 from the rows `order` gives, the first value found for each field
// winning. Returns the index (into `order`) of the earliest row that gave a value, or -1.
void read_header_block(const std::vector<Grid>& grids, const std::vector<RowRef>& rows, const std::vector<int>& order,
                       const HeaderIndex& h, Project& project, Place* first) {
  std::map<std::string, std::string> found;
  for (int k : order) {
    const RowRef& ref = rows[static_cast<size_t>(k)];
    const Grid& g = grids[static_cast<size_t>(ref.grid)];
    for (int i : g.anchored(ref.row)) {
      for (const auto& field : kHeaderBlockFields) {
        if (found.count(field)) continue;
        std::string v = value_of_label(g, ref.row, i, field, h, kHeaderBlockFields);
        if (v.empty()) continue;
        found[field] = v;
        Place p = place_of(g, ref.row);
        if (p < *first) *first = p;
      }
    }
  }
  if (found.count("project_name")) project.name = found["project_name"];
  if (found.count("department")) project.department = found["department"];
  if (found.count("implementer")) project.implementer = found["implementer"];
  if (found.count("level")) project.level = ticked_level(found["level"]);
}

// ---- 年度总体目标 ----------------------------------------------------------------------------------------------

extract::TextBlock block_of(const Grid& g, int r, const std::vector<int>& cells) {
  extract::TextBlock b;
  for (int i : cells) {
    const Cell& c = g.cell(i);
    if (trim(c.text).empty()) continue;
    if (b.page == 0) {
      b.page = c.page > 0 ? c.page : g.page_of(r);
      b.box = c.bbox;
    }
    join_into(b.text, c.text);
    b.box.x0 = std::min(b.box.x0, c.bbox.x0), b.box.y0 = std::min(b.box.y0, c.bbox.y0);
    b.box.x1 = std::max(b.box.x1, c.bbox.x1), b.box.y1 = std::max(b.box.y1, c.bbox.y1);
    b.number_confidence = std::min(b.number_confidence, c.confidence);
  }
  return b;
}

// The text a goal label (预期目标 / 实际完成情况) introduces: after "：" in its own cell, else the next cell to its
// right that is not a goal label, else the cells right below it (the labels side by side over their texts).
extract::TextBlock goal_text(const Grid& g, int r, int i, const std::string& field, const HeaderIndex& h) {
  static const std::vector<std::string> kGoalLabels = {"goal", "goal_expected", "goal_actual"};
  const Cell& c = g.cell(i);
  if (!h.matches(c.text, field)) {
    extract::TextBlock b = block_of(g, r, {i});
    b.text = h.value_after_label(c.text, field);
    return b;
  }
  int last = -1;
  for (int k = c.col + std::max(c.colspan, 1); k < g.cols(); ++k) {
    int j = g.cover(r, k);
    if (j < 0 || j == last || j == i) continue;
    last = j;
    const Cell& right = g.cell(j);
    if (trim(right.text).empty()) continue;
    bool label = false;
    for (const auto& f : kGoalLabels) label = label || h.matches(right.text, f);
    if (label) break;
    return block_of(g, r, {j});
  }
  int below = r + std::max(c.rowspan, 1);
  if (below >= g.rows()) return {};
  std::vector<int> under;
  for (int j : g.cells_in(below, {c.col, c.col + std::max(c.colspan, 1)}))
    if (g.cell(j).row == below) under.push_back(j);
  return block_of(g, below, under);
}

// 年度总体目标 from the rows `order` gives (nearest the indicator header first): the first 预期目标 label, and the
// 实际完成情况 label in the same row or the rows right below it; with neither, the text beside 年度总体目标 itself is
// the expected goal.
void read_goal(const std::vector<Grid>& grids, const std::vector<RowRef>& rows, const std::vector<int>& order,
               const HeaderIndex& h, Goal& goal) {
  auto finish = [](const extract::TextBlock& b) -> std::optional<std::string> {
    std::string t(trim(rules::normalize_text(b.text)));
    if (t.empty()) return std::nullopt;
    return t;
  };
  for (int k : order) {
    const RowRef& ref = rows[static_cast<size_t>(k)];
    const Grid& g = grids[static_cast<size_t>(ref.grid)];
    for (int i : g.anchored(ref.row)) {
      const Cell& c = g.cell(i);
      bool expected_label = h.matches(c.text, "goal_expected") || !h.value_after_label(c.text, "goal_expected").empty();
      if (!expected_label) continue;
      goal.expected_cell = goal_text(g, ref.row, i, "goal_expected", h);
      goal.expected = finish(goal.expected_cell);
      // 实际完成情况: in this row or one of the two below, in this grid.
      for (int r = ref.row; r < std::min(g.rows(), ref.row + 3) && !goal.actual; ++r) {
        for (int j : g.anchored(r)) {
          const Cell& a = g.cell(j);
          if (!h.matches(a.text, "goal_actual") && h.value_after_label(a.text, "goal_actual").empty()) continue;
          goal.actual_cell = goal_text(g, r, j, "goal_actual", h);
          goal.actual = finish(goal.actual_cell);
          break;
        }
      }
      return;
    }
  }
  for (int k : order) {
    const RowRef& ref = rows[static_cast<size_t>(k)];
    const Grid& g = grids[static_cast<size_t>(ref.grid)];
    for (int i : g.anchored(ref.row)) {
      const Cell& c = g.cell(i);
      if (!h.matches(c.text, "goal") && h.value_after_label(c.text, "goal").empty()) continue;
      goal.expected_cell = goal_text(g, ref.row, i, "goal", h);
      goal.expected = finish(goal.expected_cell);
      if (!goal.expected) goal.expected_cell = {};
      return;
    }
  }
}

// ---- money block --------------------------------------------------------------------------------------------

struct MoneyBlock {
  int grid = -1, header_row = -1, total_row = -1;
  Band band;
  int first_money_col = 0;
};

// The label of money row r: the cells anchored in it left of the money columns.
std::string money_label(const Grid& g, int r, int first_money_col) {
  std::string s;
  for (int i : g.anchored(r)) {
    const Cell& c = g.cell(i);
    if (c.col >= first_money_col) break;
    join_into(s, c.text);
  }
  return strip_spaces(s);
}

// A money header band at row r (at least two of 年初预算数 / 全年预算数 / 全年执行数) and the 年度资金总额 row below
// it, before `stop` (the indicator header) when it is in the same grid.
std::optional<MoneyBlock> money_block_at(const Grid& g, int gi, int r, int stop, const HeaderIndex& h) {
  auto band = header_band(g, r, h, kMoneyFields, "budget_group", "indicator_other", true);
  if (!band) return std::nullopt;
  const Columns& cols = band->cols;
  int amounts =
      (cols.count("initial_budget") ? 1 : 0) + (cols.count("annual_budget") ? 1 : 0) + (cols.count("executed") ? 1 : 0);
  if (amounts < 2) return std::nullopt;
  int first_money_col = g.cols();
  for (const auto& [f, range] : cols) first_money_col = std::min(first_money_col, range.first);
  for (int t = band->last + 1; t < std::min(g.rows(), stop); ++t) {
    if (indicator_band(g, t, h, false)) break;
    for (int i : g.anchored(t)) {
      const Cell& c = g.cell(i);
      if (c.col >= first_money_col) break;
      // An OCR'd label may carry a stray mark or a misread character ("年度资金总额“").
      if (h.matches(c.text, "total_row") || (c.confidence < 100 && h.near_matches(c.text, "total_row")))
        return MoneyBlock{gi, r, t, *band, first_money_col};
    }
  }
  return std::nullopt;
}

void read_money_block(const std::vector<Grid>& grids, const MoneyBlock& m, const HeaderIndex& h,
                      const rules::ValueRules& values, Budget& b) {
  const Grid& g = grids[static_cast<size_t>(m.grid)];
  const Columns& cols = m.band.cols;
  auto value = [&](int row, const char* field) -> std::optional<double> {
    auto it = cols.find(field);
    if (it == cols.end()) return std::nullopt;
    return rules::parse_number(g.text_in(row, it->second));
  };
  b.initial_budget = value(m.total_row, "initial_budget");
  b.annual_budget = value(m.total_row, "annual_budget");
  b.executed = value(m.total_row, "executed");
  b.weight = value(m.total_row, "budget_weight");
  b.execution_rate = value(m.total_row, "execution_rate");
  b.score = value(m.total_row, "budget_score");
  b.page = g.page_of(m.total_row);
  b.row_box = g.box_of(m.total_row);
  for (const auto& [field, range] : cols)
    for (int i : g.cells_in(m.total_row, range)) {
      b.min_confidence = std::min(b.min_confidence, g.cell(i).confidence);
      b.repairs |= g.cell(i).repairs;
    }
  // No 分值 column: the points a header or the total row's label prints ("预算执行情况(20分)").
  if (!cols.count("budget_weight")) {
    std::vector<std::string> labels;
    for (int r = m.band.first; r <= m.band.last; ++r)
      for (int i : g.anchored(r)) labels.push_back(g.cell(i).text);
    labels.push_back(money_label(g, m.total_row, m.first_money_col));
    for (const auto& l : labels) {
      auto [name, points] = split_points(strip_spaces(l), values);
      if (points) {
        b.weight = points;
        break;
      }
    }
  }
  // Every row from the header down to the first row that is not a money row, the total first.
  // Each money cell is read once: its number, and what it was read at.
  struct Money {
    const char* field;
    std::optional<double> BudgetRow::*value;
    std::uint8_t unread;
  };
  static constexpr Money kMoney[] = {{"initial_budget", &BudgetRow::initial_budget, BudgetRow::kInitialUnread},
                                     {"annual_budget", &BudgetRow::annual_budget, BudgetRow::kAnnualUnread},
                                     {"executed", &BudgetRow::executed, BudgetRow::kExecutedUnread}};
  auto row_of = [&](int r) {
    BudgetRow row;
    row.label = money_label(g, r, m.first_money_col);
    for (const Money& money : kMoney) {
      auto it = cols.find(money.field);
      if (it == cols.end()) continue;
      for (int i : g.cells_in(r, it->second)) {
        row.min_confidence = std::min(row.min_confidence, g.cell(i).confidence);
        row.repairs |= g.cell(i).repairs;
      }
      const std::string text = g.text_in(r, it->second);
      row.*money.value = rules::parse_number(text);
      const std::string normalised = rules::normalize_text(text);  // full-width digits too
      if (!(row.*money.value) &&
          std::any_of(normalised.begin(), normalised.end(), [](char c) { return c >= '0' && c <= '9'; }))
        row.unread |= money.unread;
    }
    return row;
  };
  b.rows.push_back(row_of(m.total_row));
  static const std::vector<std::string> kNotMoney = {"goal", "goal_expected", "project_name", "total_score"};
  for (int r = m.band.last + 1; r < g.rows(); ++r) {
    if (r == m.total_row) continue;
    if (indicator_band(g, r, h, false)) break;
    bool spans = false, label_cell = false;
    for (int i : g.anchored(r)) {
      const Cell& c = g.cell(i);
      if (c.col < m.first_money_col && c.col + std::max(c.colspan, 1) > m.first_money_col) spans = true;
      if (c.col < m.first_money_col && !trim(c.text).empty()) label_cell = true;
      for (const auto& f : kNotMoney) spans = spans || h.matches(c.text, f);
    }
    if (spans) break;
    if (!label_cell) {
      if (r > m.total_row) break;
      continue;
    }
    b.rows.push_back(row_of(r));
  }
}

// ---- indicator block ----------------------------------------------------------------------------------------

struct IndicatorReader {
  const HeaderIndex& h;
  const rules::RuleSet& rules;
  Report& report;
  std::string level1, level2;  // filled down
  std::optional<double> level1_points, level2_points;
  HeaderBand header;  // the header band read last (a table continued on the next page may repeat it)

  // The cells of row r under each field of `cols`, left to right, for evidence.
  static std::vector<FieldCell> field_cells(const Grid& g, int r, const Columns& cols) {
    std::vector<FieldCell> out;
    for (const auto& [field, range] : cols)
      for (int i : g.cells_in(r, range)) {
        const Cell& c = g.cell(i);
        out.push_back({field, c.page, c.bbox, c.confidence < 100});
      }
    std::sort(out.begin(), out.end(), [](const FieldCell& a, const FieldCell& b) { return a.box.x0 < b.box.x0; });
    return out;
  }

  bool is_total_row(const Grid& g, int r) const {
    for (int i : g.anchored(r)) {
      const Cell& c = g.cell(i);
      if (trim(c.text).empty()) continue;
      return h.matches(c.text, "total_score");
    }
    return false;
  }

  // A grade of grades.toml as the cell states it: the whole cell ("优"), or after a grade label ("自评等级：优").
  std::optional<std::string> grade_in(const std::string& text) const {
    std::string t = strip_spaces(rules::normalize_text(text));
    std::string after = strip_spaces(h.value_after_label(text, "grade_label"));
    for (const auto& band : rules.grades)
      if (!band.name.empty() && (t == band.name || after == band.name)) return band.name;
    return std::nullopt;
  }

  void read_total_row(const Grid& g, int r, const Columns& cols) {
    TotalScore& ts = report.total_score;
    ts.page = g.page_of(r);
    ts.row_box = g.box_of(r);
    ts.header = header;
    ts.cells = field_cells(g, r, cols);
    std::vector<double> numbers;
    bool first = true;
    for (int i : g.anchored(r)) {
      const Cell& c = g.cell(i);
      if (trim(c.text).empty()) continue;
      if (first) {  // the 总分 label itself
        first = false;
        continue;
      }
      if (!ts.grade) ts.grade = grade_in(c.text);
      auto v = rules::parse_number(c.text);
      if (!v) continue;
      numbers.push_back(*v);
      ts.min_confidence = std::min(ts.min_confidence, c.confidence);
      ts.repairs |= c.repairs;
      if (cols.count("self_score") && in_range(c.col, cols.at("self_score")) && !ts.stated)
        ts.stated = *v;
      else if (cols.count("weight") && in_range(c.col, cols.at("weight")) && !ts.stated_weight)
        ts.stated_weight = *v;
    }
    // A grade in the row right below (自评等级 | 优).
    if (!ts.grade && r + 1 < g.rows()) {
      const auto& below = g.anchored(r + 1);
      for (size_t k = 0; k < below.size() && !ts.grade; ++k) {
        const Cell& c = g.cell(below[k]);
        if (!h.matches(c.text, "grade_label") && h.value_after_label(c.text, "grade_label").empty()) continue;
        ts.grade = grade_in(c.text);
        if (!ts.grade && k + 1 < below.size()) ts.grade = grade_in(g.cell(below[k + 1]).text);
      }
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
    auto [l1, p1] = split_points(strip_spaces(text("level1")), rules.values);
    auto [l2, p2] = split_points(strip_spaces(text("level2")), rules.values);
    if (!l1.empty()) {
      if (l1 != level1) level2.clear(), level2_points.reset();
      level1 = l1;
      level1_points = p1;
    }
    if (!l2.empty()) level2 = l2, level2_points = p2;
    std::string name = strip_spaces(text("name"));
    if (name.empty() || h.matches(name, "name")) return false;
    if (const re2::RE2* template_name = rules.values.template_name.re();
        template_name != nullptr && RE2::FullMatch(rules::normalize_text(name), *template_name)) {
      TemplateRow row;
      for (const char* f : {"name", "target", "actual", "deviation"}) {
        std::string t(trim(rules::normalize_text(text(f))));
        if (!t.empty()) row.texts.push_back(std::move(t));
      }
      row.page = g.page_of(r);
      row.row_box = g.box_of(r);
      report.template_rows.push_back(std::move(row));
      return false;
    }

    Indicator ind;
    ind.level1 = level1;
    ind.level2 = level2;
    ind.level1_points = level1_points;
    ind.level2_points = level2_points;
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
    for (const char* f : {"target", "actual", "weight", "self_score", "op", "unit"})
      for (int i : cells(f)) ind.repairs |= g.cell(i).repairs;
    if (read_by_ocr(ind)) {
      for (const char* f : {"target", "actual"}) {
        if (!cols.count(f)) ind.unplaced_columns.emplace_back(f);
        const std::string& read = std::string_view(f) == "target" ? ind.target_text : ind.actual_text;
        if (read.empty() &&
            std::ranges::any_of(cells(f), [&](int i) { return (g.cell(i).repairs & extract::repair::kUnread) != 0; }))
          ind.unread_cells.emplace_back(f);
      }
    }
    ind.header = header;
    ind.cells = field_cells(g, r, cols);
    report.indicators.push_back(std::move(ind));
    return true;
  }
};

// One indicator table: from its header band to its 总分 row (or to where the next form begins).
struct IndicatorBlock {
  int band_row = 0;     // index into the row order of the first band row
  int end_row = 0;      // index of the 总分 row, or of the last row read
  bool closed = false;  // the 总分 row was read
  Report report;        // indicators, total score, warnings
};

// Reads every indicator table of the document. A header band while a table is open continues it (a header
// repeated on the next page) unless the table was closed by its 总分 row or a new form's header block (项目名称 or a
// department-wide label) came after its last indicator: then a new table begins.
std::vector<IndicatorBlock> read_indicator_blocks(const std::vector<Grid>& grids, const std::vector<Table>& tables,
                                                  const std::vector<RowRef>& rows, const HeaderIndex& h,
                                                  const rules::RuleSet& rules) {
  // OCR'd header cells that match no synonym exactly may match one nearly (一 read as "-", 三 as "=", 值 as 什, a
  // dropped character); text-layer cells only ever match exactly.
  constexpr bool kTolerant = true;
  std::vector<IndicatorBlock> blocks;
  std::optional<IndicatorReader> reader;
  Columns cols;
  int cols_grid = -1;
  bool open = false, new_form = false;
  for (size_t k = 0; k < rows.size(); ++k) {
    const auto [gi, r] = rows[k];
    const Grid& g = grids[static_cast<size_t>(gi)];
    if (open && cols_grid != gi) {
      cols = translate(cols, tables[static_cast<size_t>(cols_grid)], tables[static_cast<size_t>(gi)]);
      cols_grid = gi;
    }
    if (auto band = indicator_band(g, r, h, kTolerant)) {
      bool continues = open && !blocks.back().closed && !new_form;
      if (!continues) {
        blocks.emplace_back();
        blocks.back().band_row = static_cast<int>(k);
        blocks.back().end_row = static_cast<int>(k) + (band->last - band->first);
        reader.emplace(IndicatorReader{h, rules, blocks.back().report, {}, {}, std::nullopt, std::nullopt, {}});
      }
      open = true;
      new_form = false;
      cols = band->cols;
      cols_grid = gi;
      reader->header = {g.page_of(band->first), g.box_of(band->first)};
      for (int b = band->first + 1; b <= band->last; ++b) {
        if (g.page_of(b) != reader->header.page) break;
        extract::Box bb = g.box_of(b);
        extract::Box& hb = reader->header.box;
        hb.x0 = std::min(hb.x0, bb.x0), hb.y0 = std::min(hb.y0, bb.y0);
        hb.x1 = std::max(hb.x1, bb.x1), hb.y1 = std::max(hb.y1, bb.y1);
      }
      k += static_cast<size_t>(band->last - band->first);
      continue;
    }
    if (!open || blocks.back().closed) continue;
    IndicatorBlock& block = blocks.back();
    for (int i : g.anchored(r)) {
      const Cell& c = g.cell(i);
      if (h.matches(c.text, "project_name") || !h.value_after_label(c.text, "project_name").empty() ||
          h.matches(c.text, "department_wide_label"))
        new_form = true;
    }
    if (new_form && !block.report.indicators.empty()) {
      block.closed = true;  // no 总分 row: the next form began
      continue;
    }
    if (reader->is_total_row(g, r)) {
      reader->read_total_row(g, r, cols);
      block.closed = true;
      block.end_row = static_cast<int>(k);
      continue;
    }
    if (reader->read_row(g, r, cols)) block.end_row = static_cast<int>(k);
  }
  return blocks;
}

// ---- which form a table is ----------------------------------------------------------------------------------

// True when the indicator table whose header band is row `band` is a department-wide form (部门整体支出绩效自评表):
// the nearest title before it, among the cells of rows [from, band) and the text blocks between them on the band's
// page and the one before, is a department_wide_title rather than a project_title; with no title, a
// department_wide_label cell (部门名称, 年度主要任务) and no 项目名称 in those rows.
bool is_department_wide(const std::vector<Grid>& grids, const std::vector<RowRef>& rows, int from, int band,
                        const std::vector<extract::TextBlock>& narrative, Place after, const HeaderIndex& h,
                        const rules::HeaderSynonyms& words) {
  auto title_kind = [&](const std::string& text) -> int {
    // A sentence ("……并对部门整体支出开展了绩效自评。") names forms but is no title.
    for (const char* stop : {"。", "，", "；"})
      if (text.find(stop) != std::string::npos) return 0;
    std::string n = rules::normalize_header(text);
    auto has = [&](const char* key) {
      auto it = words.fields.find(key);
      if (it == words.fields.end()) return false;
      for (const auto& w : it->second)
        if (!w.empty() && n.find(w) != std::string::npos) return true;
      return false;
    };
    if (has("department_wide_title")) return 1;
    if (has("project_title")) return -1;
    return 0;
  };
  const RowRef& b = rows[static_cast<size_t>(band)];
  Place band_place = place_of(grids[static_cast<size_t>(b.grid)], b.row);
  // Candidates nearest first: rows above the band, and text blocks, merged by place.
  struct Candidate {
    Place place;
    std::string text;
  };
  std::vector<Candidate> candidates;
  for (int k = from; k < band; ++k) {
    const RowRef& ref = rows[static_cast<size_t>(k)];
    const Grid& g = grids[static_cast<size_t>(ref.grid)];
    for (int i : g.anchored(ref.row)) candidates.push_back({place_of(g, ref.row), g.cell(i).text});
  }
  for (const auto& tb : narrative) {
    Place p = place_of(tb);
    if (p < band_place && after < p && p.page >= band_place.page - 1) candidates.push_back({p, tb.text});
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& x, const Candidate& y) { return y.place < x.place; });
  for (const auto& c : candidates) {
    int kind = title_kind(c.text);
    if (kind != 0) return kind > 0;
  }
  bool label = false, project = false;
  for (int k = from; k < band; ++k) {
    const RowRef& ref = rows[static_cast<size_t>(k)];
    const Grid& g = grids[static_cast<size_t>(ref.grid)];
    for (int i : g.anchored(ref.row)) {
      const Cell& c = g.cell(i);
      label = label || h.matches(c.text, "department_wide_label");
      project = project || h.matches(c.text, "project_name") || !h.value_after_label(c.text, "project_name").empty();
    }
  }
  return label && !project;
}

}  // namespace

BuildResult build_report(const extract::Document& doc, const std::vector<extract::Table>& tables,
                         const std::vector<extract::TextBlock>& narrative, const rules::RuleSet& rules,
                         const Limits& limits) {
  BuildResult result;
  HeaderIndex h(rules.headers);
  std::vector<Grid> grids;
  grids.reserve(tables.size());
  for (const auto& t : tables) grids.emplace_back(t, limits.max_grid_positions_per_table);
  const std::vector<RowRef> rows = rows_in_order(grids);
  auto place_at = [&](int k) {
    const RowRef& ref = rows[static_cast<size_t>(k)];
    return place_of(grids[static_cast<size_t>(ref.grid)], ref.row);
  };

  std::vector<IndicatorBlock> blocks = read_indicator_blocks(grids, tables, rows, h, rules);
  if (blocks.empty()) {
    result.error = {Outcome::NoTable,
                    "no self-evaluation table found: no row with the indicator columns "
                    "(三级指标, 年度指标值, 实际完成值) in " +
                        std::to_string(tables.size()) + " table(s)"};
    return result;
  }

  // Which tables are projects. Each table's zone starts after the previous table's last row.
  std::vector<size_t> projects;
  const int page_count = doc.page_count > 0 ? doc.page_count : static_cast<int>(doc.pages.size());
  for (size_t b = 0; b < blocks.size(); ++b) {
    int from = b == 0 ? 0 : blocks[b - 1].end_row + 1;
    Place after = b == 0 ? Place{0, 0} : place_at(blocks[b - 1].end_row);
    if (is_department_wide(grids, rows, from, blocks[b].band_row, narrative, after, h, rules.headers)) {
      int first = place_at(blocks[b].band_row).page, last = place_at(blocks[b].end_row).page;
      result.warnings.push_back(
          (first == last ? "page " + std::to_string(first)
                         : "pages " + std::to_string(first) + "-" + std::to_string(last)) +
          ": a department-wide self-evaluation form (部门整体支出绩效自评表), not audited as a project");
      continue;
    }
    if (blocks[b].report.indicators.empty()) continue;
    projects.push_back(b);
  }
  if (projects.empty()) {
    result.error = {Outcome::NoTable,
                    blocks.size() > result.warnings.size()
                        ? "no self-evaluation table found: the indicator header row has no indicator rows below it"
                        : "no self-evaluation table found: only a department-wide form (部门整体支出绩效自评表)"};
    return result;
  }

  for (size_t n = 0; n < projects.size(); ++n) {
    IndicatorBlock& block = blocks[projects[n]];
    // The zone: from after the previous table (of any kind) to this table's end; the last project's runs to the end.
    size_t b = projects[n];
    int from = b == 0 ? 0 : blocks[b - 1].end_row + 1;
    bool last_project = n + 1 == projects.size();
    int to = last_project ? static_cast<int>(rows.size()) : block.end_row + 1;
    // The text blocks of the zone, by place: after the previous project's end, up to this one's end (the first
    // project's from the start, the last's to the end).
    Place zone_start = n == 0 ? Place{0, -1e300} : place_at(blocks[projects[n - 1]].end_row);
    Place zone_end = last_project ? Place{page_count + 1, 0} : place_at(block.end_row);
    std::vector<extract::TextBlock> own_narrative;
    for (const auto& tb : narrative) {
      Place p = place_of(tb);
      bool in = (n == 0 || zone_start < p) && (last_project || !(zone_end < p));
      if (in) own_narrative.push_back(tb);
    }

    Report report = std::move(block.report);
    report.project_index = static_cast<int>(n);
    report.pages = page_count;

    // Rows before the band, nearest first; then the rows after it (to the zone's end).
    std::vector<int> before, after_band;
    for (int k = block.band_row - 1; k >= from; --k) before.push_back(k);
    for (int k = block.band_row; k < to; ++k) after_band.push_back(k);
    std::vector<int> nearest = before;
    nearest.insert(nearest.end(), after_band.begin(), after_band.end());

    Place first = place_at(block.band_row);
    read_header_block(grids, rows, nearest, h, report.project, &first);
    read_goal(grids, rows, before, h, report.goal);
    if (report.goal.expected_cell.page > 0) {
      Place p{report.goal.expected_cell.page, report.goal.expected_cell.box.y0};
      if (p < first) first = p;
    }

    // Money block: the nearest before the indicator table, else one after it in the zone.
    std::optional<MoneyBlock> money;
    const RowRef& band_ref = rows[static_cast<size_t>(block.band_row)];
    for (int k : nearest) {
      const RowRef& ref = rows[static_cast<size_t>(k)];
      int stop = ref.grid == band_ref.grid && ref.row < band_ref.row ? band_ref.row
                                                                     : grids[static_cast<size_t>(ref.grid)].rows();
      const Grid& g = grids[static_cast<size_t>(ref.grid)];
      if (!(money = money_block_at(g, ref.grid, ref.row, stop, h))) continue;
      // Searching upwards finds a band's lowest row first: take the rows above it that belong to the same band.
      for (int up = ref.row - 1; up >= 0; --up) {
        auto wider = money_block_at(g, ref.grid, up, stop, h);
        if (!wider || wider->total_row != money->total_row || wider->band.last < ref.row) break;
        money = wider;
      }
      break;
    }
    std::vector<std::string> money_texts;
    if (money) {
      read_money_block(grids, *money, h, rules.values, report.budget);
      const Grid& g = grids[static_cast<size_t>(money->grid)];
      for (int r = money->band.first; r <= money->total_row; ++r)
        for (int i : g.anchored(r)) money_texts.push_back(rules::normalize_text(g.cell(i).text));
      Place p = place_of(g, money->band.first);
      if (p < first) first = p;
    } else {
      report.warnings.push_back("no budget block found (a row with the budget columns, then the total row)");
    }

    // Year and unit from the zone's text: its text blocks, nearest the table first (a title line of a form that is
    // no project — a 绩效目标申报表 — or a year in the narrative above it is farther away than the form's own), then
    // its cells. (Only the text after the previous indicator table: a department-wide form's title and year line are
    // not this project's.)
    std::vector<std::string> block_texts, cell_texts;
    Place previous_table = b == 0 ? Place{0, -1e300} : place_at(blocks[b - 1].end_row);
    for (const auto& tb : own_narrative)
      if (b == 0 || previous_table < place_of(tb)) block_texts.push_back(rules::normalize_text(tb.text));
    for (int k = from; k < to; ++k) {
      const RowRef& ref = rows[static_cast<size_t>(k)];
      const Grid& g = grids[static_cast<size_t>(ref.grid)];
      for (int i : g.anchored(ref.row)) cell_texts.push_back(rules::normalize_text(g.cell(i).text));
    }
    // Nearest first means: the blocks above the table, from the closest up; then those below it (the last project's
    // zone runs to the end of the file, past forms that are no project), in page order.
    std::vector<std::string> year_texts;
    {
      const Place band_place = place_at(block.band_row);
      std::vector<std::string> above, below;
      for (const auto& tb : own_narrative) {
        if (!(b == 0 || previous_table < place_of(tb))) continue;
        (place_of(tb) < band_place ? above : below).push_back(rules::normalize_text(tb.text));
      }
      year_texts.assign(above.rbegin(), above.rend());
      year_texts.insert(year_texts.end(), below.begin(), below.end());
    }
    year_texts.insert(year_texts.end(), cell_texts.begin(), cell_texts.end());
    report.project.year = find_year(year_texts, rules.values);
    std::vector<std::string> unit_texts = money_texts;
    unit_texts.insert(unit_texts.end(), block_texts.begin(), block_texts.end());
    unit_texts.insert(unit_texts.end(), cell_texts.begin(), cell_texts.end());
    report.budget.unit = find_unit(unit_texts, rules.values);

    if (report.total_score.page == 0) report.warnings.push_back("no total score row (总分) found after the indicators");
    report.first_page = first.page;
    report.last_page = place_at(block.end_row).page;
    report.narrative = std::move(own_narrative);
    result.reports.push_back(std::move(report));
  }
  result.error = {Outcome::Ok, ""};
  return result;
}

}  // namespace jx::audit
