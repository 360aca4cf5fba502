// What the batch's last passes over OUT read (the cross-year pass and the summary outputs), each reduced to a digest,
// so that a rerun can tell that a pass would do exactly what it did last time and skip it. A digest changes with any
// change of what it covers (a file rewritten, added, removed, touched); what cannot be read whole gives no digest
// (nullopt), and the pass is then run as always.
//
//   auto reports = jx::batch::reports_digest("OUT", only);
//   if (reports && *reports == last_time) ...   // no report was added, removed or rewritten
#pragma once

#include <optional>
#include <string>

#include "outputs/summary_rows.h"

namespace jx::batch {

// The reports under OUT/reports as outputs::report_rels() lists them, each by its rel, whether `only` accepts it (all
// when unset), and its file's size, modification and change times (ns), inode and device. nullopt when the folder
// cannot be listed whole or a report cannot be stat'ed.
std::optional<std::string> reports_digest(const std::string& out_dir, const outputs::RelFilter& only);

// Everything under OUT/evidence (the crops the page embeds), each entry by its path, type, size, times, inode and
// device; "none" when there is no such folder. nullopt when it cannot be listed whole or holds a symbolic link
// (whose target could change unseen).
std::optional<std::string> evidence_digest(const std::string& out_dir);

// The summary outputs (outputs::kSummaryOutputs) as they are on disk, each by its name, size, times, inode and
// device. nullopt when one is missing or is not a regular file.
std::optional<std::string> summary_outputs_digest(const std::string& out_dir);

// The program and the place it runs in, as far as they shape what a pass writes: `version` (the jxaudit version
// and rules hash), this executable's path and stat (size, times, inode), the working folder (relative input paths are
// resolved against it) and `out_dir` made absolute.
std::string program_digest(const std::string& version, const std::string& out_dir);

// The review decisions as the outputs show them: each finding id with its state.
std::string reviews_digest(const outputs::Reviews& reviews);

}  // namespace jx::batch
