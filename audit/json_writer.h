// Writers: the contract's report document (jxaudit.report/1) and the error document of a failed file.
// Keys in the contract's order; numbers printed with the classic locale, shortest round-trip form.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "audit/report.h"
#include "core/outcome.h"

namespace jx::audit {

// The document of one file: its project reports in page order (at least one).
nlohmann::ordered_json report_to_json(const std::vector<Report>& projects);
// The document of a file with one project table.
nlohmann::ordered_json report_to_json(const Report& report);
nlohmann::ordered_json error_to_json(const std::string& file, const FileError& error);
// One finding as the document's findings hold it.
nlohmann::ordered_json finding_json(const Finding& finding);

}  // namespace jx::audit
