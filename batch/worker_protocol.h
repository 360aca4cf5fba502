// The batch's worker processes and what goes over their pipes. The supervisor (batch.cpp) forks each worker after
// the rules are loaded; a worker then takes one task line after another from its task pipe, audits the file,
// writes OUT/reports/<rel>.json and OUT/evidence/<rel>/<n>.png itself (atomically), and answers with one result
// line. Lines are compact JSON objects:
//   task:   {"id":12,"path":"in/市财政局/x.pdf","rel":"市财政局/x.pdf","key":"<sha256>/<version>/<rules hash>",
//            "stat":"<size>:<mtime ns>:<ctime ns>:<inode>:<device>"}
//   result: {"id":12,"outcome":"ok","message":"","info":0,"warning":3,"error":0}
//   progress (any number before the result, while a file's pages are read by OCR): {"id":12,"page":3,"pages":10}
//
// Test-only hooks, so that tests can prove the supervisor's handling of a worker that misbehaves. They have no
// other use and must never be set in production. Each names a task's file name (its last path component):
//   JXAUDIT_TEST_HANG_ON=<name>          the worker sleeps forever on that file (→ timeout);
//   JXAUDIT_TEST_FAULT_ON=crash:<name>   the worker dies of SIGSEGV on that file (→ crashed);
//   JXAUDIT_TEST_FAULT_ON=memory:<name>  the worker mallocs until its address-space cap, then prints
//                                        "Out of memory" and aborts, as Poppler's gmalloc does (→ limit_exceeded).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/limits.h"
#include "core/outcome.h"
#include "rules/ruleset.h"

namespace jx::batch {

struct WorkerTask {
  long id = 0;
  std::string path, rel, key;
  std::string stat;  // the file's stat fingerprint when it was hashed: stored as "source_stat" beside "cache_key"
};

struct WorkerResult {
  long id = 0;
  std::string outcome = "ok";  // to_string(Outcome)
  std::string message;         // the failure's message; empty when ok
  int info = 0, warning = 0, error = 0;
  bool fatal = false;  // the worker exits after this result (its heap may be unusable)
};

// While the worker reads file `id` by OCR: it is at `page` of the `pages` that need it.
struct WorkerProgress {
  long id = 0;
  int page = 0, pages = 0;
};

std::string encode_task(const WorkerTask& task);  // one line, '\n'-terminated
std::optional<WorkerTask> decode_task(const std::string& line);
std::string encode_result(const WorkerResult& result);
std::optional<WorkerResult> decode_result(const std::string& line);
std::string encode_progress(const WorkerProgress& progress);             // one line, '\n'-terminated
std::optional<WorkerProgress> decode_progress(const std::string& line);  // nullopt for anything else (a result)

// The document stored for a file: the contract's report or error document plus "cache_key" and "source_stat".
// Writes OUT/reports/<rel>.json atomically; a message when it could not.
std::optional<std::string> write_report_document(const std::string& out_dir, const WorkerTask& task,
                                                 nlohmann::ordered_json doc);

// The error document of a file that never produced one itself (timeout, crash), written by the supervisor; also
// removes evidence crops left by an earlier run for that file.
std::optional<std::string> write_error_document(const std::string& out_dir, const WorkerTask& task,
                                                const FileError& error);

// Audits one file as a worker does (evidence crops included) and returns its result line's content.
WorkerResult process_task(const WorkerTask& task, const std::string& out_dir, const rules::RuleSet& rules,
                          const Limits& limits);

// A worker's life: reads tasks from `task_fd` until end of file, answers on `result_fd`, then _exit(0).
// Never returns.
[[noreturn]] void worker_main(int task_fd, int result_fd, const std::string& out_dir, const rules::RuleSet& rules,
                              const Limits& limits);

}  // namespace jx::batch
