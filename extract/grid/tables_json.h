// `jxaudit tables --json`: the rebuilt tables as cells (page, row, col, rowspan, colspan, text, bbox).
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "extract/grid/table.h"

namespace jx::extract {

nlohmann::ordered_json tables_to_json(const std::vector<Table>& tables);

}  // namespace jx::extract
