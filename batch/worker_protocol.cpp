#include "batch/worker_protocol.h"

#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <new>
#include <set>

#include "audit/json_writer.h"
#include "audit/pipeline.h"
#include "batch/inputs.h"
#include "extract/ocr/ocr_module.h"
#include "outputs/evidence.h"
#include "outputs/out_files.h"

namespace fs = std::filesystem;

namespace jx::batch {

using jx::audit::audit_file;
using jx::audit::AuditResult;
using jx::audit::error_to_json;
using jx::audit::Report;
using jx::audit::report_to_json;
using jx::outputs::confine_relative;
using jx::outputs::evidence_regions;
using jx::outputs::EvidenceRegion;
using jx::outputs::output_path;
using jx::outputs::render_evidence_pngs;
using jx::outputs::write_file_atomically;
namespace {

bool write_all(int fd, const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

std::string dump(const nlohmann::ordered_json& doc, int indent) {
  // Text from a PDF may hold invalid UTF-8: replaced (U+FFFD), never a throw.
  return doc.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Removes the *.png directly in OUT/evidence/<rel>/ that are not in `keep` (crops of an earlier run).
void remove_stale_evidence(const std::string& out_dir, const std::string& rel, const std::set<std::string>& keep) {
  fs::path dir = fs::path(out_dir) / "evidence" / confine_relative(rel);
  std::error_code ec;
  if (fs::is_symlink(fs::symlink_status(dir, ec)) || !fs::is_directory(dir, ec)) return;
  std::vector<fs::path> stale;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".png") == 0 && !keep.count(name))
      stale.push_back(it->path());
  }
  for (const auto& p : stale) fs::remove(p, ec);
  fs::remove(dir, ec);  // only succeeds when empty
}

std::string base_name(const std::string& path) {
  auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Renders and stores the evidence crops of every project's findings (OUT/evidence/<rel>/<n>.png, one per distinct
// region), adding "evidence_image" (relative to OUT) to the findings of `doc` that got one: those of each
// projects[i] and the top-level ones (projects[0]'s). The names written go to `kept`. Returns why a crop that was
// rendered could not be written (a full disk): the report must then not replace the one whose crops are there.
std::optional<std::string> add_evidence(const std::vector<Report>& projects, const WorkerTask& task,
                                        const std::string& out_dir, const rules::RuleSet& rules, const Limits& limits,
                                        nlohmann::ordered_json& doc, std::set<std::string>& kept) {
  try {
    // Findings whose crops would be the same image share one (the same row with the same cells marked).
    std::vector<std::optional<EvidenceRegion>> regions;
    std::vector<std::pair<std::size_t, std::size_t>> owner;  // (project, finding) of each region
    for (std::size_t p = 0; p < projects.size(); ++p) {
      auto more = evidence_regions(projects[p], rules);
      for (std::size_t i = 0; i < more.size(); ++i) owner.emplace_back(p, i);
      regions.insert(regions.end(), more.begin(), more.end());
    }
    std::vector<std::optional<EvidenceRegion>> unique;
    std::vector<int> slot(regions.size(), -1);
    std::map<std::string, int> seen;
    for (std::size_t i = 0; i < regions.size(); ++i) {
      if (!regions[i]) continue;
      const auto& r = *regions[i];
      auto [it, fresh] = seen.try_emplace(r.key(), static_cast<int>(unique.size()));
      if (fresh) unique.push_back(r);
      slot[i] = it->second;
    }
    auto pngs = render_evidence_pngs(task.path, unique, limits);
    std::vector<std::string> names(pngs.size());
    for (std::size_t k = 0; k < pngs.size(); ++k) {
      if (pngs[k].empty()) continue;
      std::string name = std::to_string(k + 1) + ".png";
      auto path = output_path(out_dir, "evidence", task.rel, "/" + name);
      if (!path) return "cannot place the evidence of " + task.rel + " inside " + out_dir + "/evidence";
      if (auto problem = write_file_atomically(*path, pngs[k])) return problem;
      kept.insert(name);
      names[k] = name;
    }
    auto set_image = [&](nlohmann::ordered_json& findings, std::size_t i, const std::string& image) {
      if (findings.is_array() && i < findings.size() && findings[i].is_object()) findings[i]["evidence_image"] = image;
    };
    for (std::size_t i = 0; i < regions.size(); ++i) {
      if (slot[i] < 0 || names[slot[i]].empty()) continue;
      std::string image = "evidence/" + confine_relative(task.rel) + "/" + names[slot[i]];
      auto [p, f] = owner[i];
      if (p == 0 && doc.contains("findings")) set_image(doc["findings"], f, image);
      if (doc.contains("projects") && doc["projects"].is_array() && p < doc["projects"].size() &&
          doc["projects"][p].contains("findings"))
        set_image(doc["projects"][p]["findings"], f, image);
    }
  } catch (const std::exception&) {
    // Evidence is an aid: a report without crops that could not be rendered is still a report.
  }
  return std::nullopt;
}

// The test-only hooks described in the header.
void test_hooks(const WorkerTask& task) {
  std::string name = base_name(task.path);
  if (const char* hang = std::getenv("JXAUDIT_TEST_HANG_ON"); hang && *hang && name == hang) {
    for (;;) ::pause();
  }
  const char* fault = std::getenv("JXAUDIT_TEST_FAULT_ON");
  if (!fault) return;
  std::string f = fault;
  if (f == "crash:" + name) {
    ::raise(SIGSEGV);
  } else if (f == "memory:" + name) {
    for (;;) {
      void* p = std::malloc(std::size_t{16} << 20);
      if (!p) {
        std::fputs("Out of memory\n", stderr);
        std::abort();
      }
      std::memset(p, 1, std::size_t{16} << 20);
    }
  }
}

}  // namespace

namespace {

// A path's bytes as hex: JSON carries only UTF-8, and a file name need not be (GBK names from unzip).
std::string to_hex(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

std::optional<std::string> from_hex(const std::string& hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  auto value = [](char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1; };
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = value(hex[i]), lo = value(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

}  // namespace

std::string encode_task(const WorkerTask& task) {
  nlohmann::ordered_json j{{"id", task.id},
                           {"path_hex", to_hex(task.path)},
                           {"rel_hex", to_hex(task.rel)},
                           {"key", task.key},
                           {"stat", task.stat}};
  return dump(j, -1) + "\n";
}

std::optional<WorkerTask> decode_task(const std::string& line) {
  auto j = nlohmann::json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  try {
    auto path = from_hex(j.at("path_hex").get<std::string>());
    auto rel = from_hex(j.at("rel_hex").get<std::string>());
    if (!path || !rel) return std::nullopt;
    return WorkerTask{j.at("id").get<long>(), std::move(*path), std::move(*rel), j.at("key").get<std::string>(),
                      j.value("stat", std::string())};
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

std::string encode_result(const WorkerResult& r) {
  nlohmann::ordered_json j{{"id", r.id},           {"outcome", r.outcome}, {"message", r.message}, {"info", r.info},
                           {"warning", r.warning}, {"error", r.error},     {"fatal", r.fatal}};
  return dump(j, -1) + "\n";
}

std::optional<WorkerResult> decode_result(const std::string& line) {
  auto j = nlohmann::json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  try {
    WorkerResult r;
    r.id = j.at("id").get<long>();
    r.outcome = j.at("outcome").get<std::string>();
    r.message = j.at("message").get<std::string>();
    r.info = j.at("info").get<int>();
    r.warning = j.at("warning").get<int>();
    r.error = j.at("error").get<int>();
    r.fatal = j.value("fatal", false);
    return r;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

std::string encode_progress(const WorkerProgress& p) {
  nlohmann::ordered_json j{{"id", p.id}, {"page", p.page}, {"pages", p.pages}};
  return dump(j, -1) + "\n";
}

std::optional<WorkerProgress> decode_progress(const std::string& line) {
  auto j = nlohmann::json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object() || j.contains("outcome") || !j.contains("page")) return std::nullopt;
  try {
    return WorkerProgress{j.at("id").get<long>(), j.at("page").get<int>(), j.at("pages").get<int>()};
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

std::optional<std::string> write_report_document(const std::string& out_dir, const WorkerTask& task,
                                                 nlohmann::ordered_json doc) {
  doc["cache_key"] = task.key;
  doc["source_stat"] = task.stat;
  auto path = output_path(out_dir, "reports", task.rel, ".json");
  if (!path) return "cannot place the report of " + task.rel + " inside " + out_dir + "/reports";
  return write_file_atomically(*path, dump(doc, 2) + "\n");
}

std::optional<std::string> write_error_document(const std::string& out_dir, const WorkerTask& task,
                                                const FileError& error) {
  // The crops of an earlier report go only once the document that replaces it is written.
  auto problem = write_report_document(out_dir, task, error_to_json(task.path, error));
  if (!problem) remove_stale_evidence(out_dir, task.rel, {});
  return problem;
}

WorkerResult process_task(const WorkerTask& task, const std::string& out_dir, const rules::RuleSet& rules,
                          const Limits& limits) {
  WorkerResult result;
  result.id = task.id;
  test_hooks(task);

  AuditResult audited;
  FileError error;
  try {
    audited = audit_file(task.path, rules, limits);
    error = audited.error;
  } catch (const std::bad_alloc&) {
    error = {Outcome::LimitExceeded,
             limit_exceeded("memory_per_worker", std::to_string(limits.memory_per_worker >> 20) + " MiB")};
    result.fatal = true;
  } catch (const std::exception& e) {
    error = {Outcome::Internal, std::string("internal error: ") + e.what()};
  } catch (...) {
    error = {Outcome::Internal, "internal error: unknown exception"};
  }

  std::optional<std::string> write_problem;
  try {
    if (!audited.projects.empty()) {
      nlohmann::ordered_json doc = report_to_json(audited.projects);
      std::set<std::string> kept;
      write_problem = add_evidence(audited.projects, task, out_dir, rules, limits, doc, kept);
      for (const Report& report : audited.projects) {
        for (const auto& f : report.findings) {
          if (f.severity == "error")
            ++result.error;
          else if (f.severity == "warning")
            ++result.warning;
          else if (f.severity == "info")
            ++result.info;
        }
      }
      // Replaced only when everything it refers to was written; the old crops go only after that.
      if (!write_problem) write_problem = write_report_document(out_dir, task, std::move(doc));
      if (!write_problem) remove_stale_evidence(out_dir, task.rel, kept);
    } else {
      if (error.outcome == Outcome::Ok) error = {Outcome::Internal, "internal error: no report and no error"};
      result.outcome = to_string(error.outcome);
      result.message = error.message;
      write_problem = write_error_document(out_dir, task, error);
    }
  } catch (const std::bad_alloc&) {
    write_problem = "out of memory while writing the report";
    result.fatal = true;
  } catch (const std::exception& e) {
    write_problem = std::string("cannot write the report: ") + e.what();
  }
  if (write_problem) {
    result.outcome = to_string(Outcome::Internal);
    result.message = *write_problem;
  }
  return result;
}

void worker_main(int task_fd, int result_fd, const std::string& out_dir, const rules::RuleSet& rules,
                 const Limits& limits) {
  std::string buffer;
  char chunk[4096];
  long current = -1;  // the task being audited: the OCR pages it is at go to the supervisor as progress lines
  extract::set_ocr_page_observer([&current, result_fd](int page, int pages) {
    write_all(result_fd, encode_progress({current, page, pages}));
  });
  for (;;) {
    auto nl = buffer.find('\n');
    if (nl == std::string::npos) {
      ssize_t n = ::read(task_fd, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) ::_exit(0);
      buffer.append(chunk, static_cast<std::size_t>(n));
      continue;
    }
    std::string line = buffer.substr(0, nl);
    buffer.erase(0, nl + 1);
    auto task = decode_task(line);
    if (!task) ::_exit(3);
    current = task->id;
    WorkerResult result = process_task(*task, out_dir, rules, limits);
    if (!write_all(result_fd, encode_result(result))) ::_exit(0);
    if (result.fatal) ::_exit(0);
  }
}

}  // namespace jx::batch
