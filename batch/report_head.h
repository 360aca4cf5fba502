// What the batch's resume cache needs of a stored report document (OUT/reports/<rel>.json), read without building
// the document in memory: its cache key and stat fingerprint, and the outcome, error and finding count that
// outputs::rows_from_document() would give it. The summaries read the document in full once, later.
//
//   auto head = jx::batch::read_report_head(out / "reports" / "x.pdf.json");
//   if (head && head->cache_key == key) ...   // reuse; head->findings for the progress line
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace jx::batch {

struct ReportHead {
  std::string cache_key;    // "" when absent or not a string
  std::string source_stat;  // "" when absent or not a string
  std::string outcome = "ok";
  std::string error;  // "" for a report; the error document's message
  int findings = 0;   // every project's findings (the top-level ones for a document without `projects`)
};

// The head of the report document at `path`, parsed as a stream of JSON events (no document tree); nullopt when the
// file cannot be read or is not one JSON object. Agrees with rows_from_document() on outcome, error and findings.
std::optional<ReportHead> read_report_head(const std::filesystem::path& path);

}  // namespace jx::batch
