// The batch runner: `jxaudit audit DIR_OR_FILES... -o OUT`. Supervises worker processes (a file is the unit of
// failure: a crash, hang or memory blow-up costs that one file), writes every output atomically, resumes from
// earlier results, and reports progress.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "core/limits.h"
#include "outputs/summary_rows.h"
#include "rules/ruleset.h"

namespace jx::batch {

struct BatchOptions {
  std::vector<std::string> inputs;  // folders (searched recursively for *.pdf, symlinks not followed) and files
  std::string out_dir;
  int jobs = 0;        // worker processes; 0: number of cores
  bool force = false;  // ignore earlier results in out_dir
  bool quiet = false;
  int shard_index = 0;  // --shard K/N: K-1 (0-based) and N; N == 1 means everything
  int shard_count = 1;
  Limits limits;        // seconds_per_file and memory_per_worker apply to each worker
  std::string db_path;  // the register (outputs/register.h); empty: OUT/jxaudit.sqlite
};

struct BatchSummary {
  int files = 0, audited = 0, reused = 0, failed = 0;
  int findings_info = 0, findings_warning = 0, findings_error = 0;
  bool interrupted = false;
  // Things that went wrong beside the files' rows: a folder that could not be listed, an input neither file nor
  // folder, an output that could not be written. Each was said on `progress`, even when quiet.
  int problems = 0;
  // Reports (and their evidence) of files no longer among the run's inputs, removed from OUT before the summary.
  int stale_removed = 0;
};

// Runs the batch; progress and per-file lines go to `progress`. Returns the summary; the caller maps it to the
// exit code (1 when any file failed or there was a problem).
BatchSummary run_batch(const BatchOptions& options, const rules::RuleSet& rules, std::ostream& progress);

// `jxaudit merge OUT1 OUT2 … -o OUT`: joins shard outputs (reports/ trees and the tables built from them, graded by
// `rules`' bands, with its rule notes beside the findings), then compares each project with its earlier years across
// the shards (batch/cross_year.h). Reads only regular files inside each shard: a reports/ or
// evidence/ that is a symbolic link is refused (Failed), links under them are skipped, and each copy's permissions are
// no wider than its source's.
enum class MergeOutcome {
  Merged,     // every report and table written
  NotAShard,  // a folder named is not a batch output (it has no reports/): nothing was written
  Failed,     // some reports or tables could not be read or written (each said on `err`)
};
// The register of the merged OUT (`db_path`, empty: OUT/jxaudit.sqlite) is brought up to date with its reports and
// takes the review decisions of each shard's OUT/jxaudit.sqlite.
MergeOutcome merge_outputs(const std::vector<std::string>& shard_dirs, const std::string& out_dir,
                           const rules::RuleSet& rules, std::ostream& err, const std::string& db_path = {});

// Where a batch's register is: `db_path`, or OUT/jxaudit.sqlite when it is empty.
std::string register_path(const std::string& out_dir, const std::string& db_path);

}  // namespace jx::batch
