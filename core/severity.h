// How serious a finding is: the severity every rule file entry names and every finding carries.
//
//   jx::severity_from_string("warning")   // Severity::Warning
//   jx::to_string(jx::Severity::Error)    // "error"
#pragma once

#include <optional>
#include <string_view>

namespace jx {

enum class Severity { Info, Warning, Error };

const char* to_string(Severity s);  // "info" | "warning" | "error"

// The severity a rule file writes ("info", "warning", "error"); nullopt for any other text.
std::optional<Severity> severity_from_string(std::string_view s);

}  // namespace jx
