// `jxaudit tables --json` output.
#include "extract/grid/tables_json.h"

#include <algorithm>
#include <cmath>

namespace jx::extract {

namespace {

double round2(double v) {
  double r = std::round(v * 100.0) / 100.0;
  return r == 0 ? 0.0 : r;  // no "-0.0"
}

}  // namespace

nlohmann::ordered_json tables_to_json(const std::vector<Table>& tables) {
  nlohmann::ordered_json out;
  out["tables"] = nlohmann::ordered_json::array();
  for (const Table& t : tables) {
    nlohmann::ordered_json jt;
    jt["first_page"] = t.first_page;
    jt["last_page"] = t.last_page;
    jt["rows"] = t.rows;
    jt["cols"] = t.cols;
    std::vector<const Cell*> cells;
    for (const Cell& c : t.cells) cells.push_back(&c);
    std::stable_sort(cells.begin(), cells.end(),
                     [](const Cell* a, const Cell* b) { return a->row != b->row ? a->row < b->row : a->col < b->col; });
    jt["cells"] = nlohmann::ordered_json::array();
    for (const Cell* c : cells) {
      nlohmann::ordered_json jc;
      jc["page"] = c->page;
      jc["row"] = c->row;
      jc["col"] = c->col;
      jc["rowspan"] = c->rowspan;
      jc["colspan"] = c->colspan;
      jc["text"] = c->text;
      jc["bbox"] = {round2(c->bbox.x0), round2(c->bbox.y0), round2(c->bbox.x1), round2(c->bbox.y1)};
      jt["cells"].push_back(std::move(jc));
    }
    out["tables"].push_back(std::move(jt));
  }
  return out;
}

}  // namespace jx::extract
