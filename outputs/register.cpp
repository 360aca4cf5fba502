#include "outputs/register.h"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>

#include "audit/cross_year.h"
#include "core/numbers.h"
#include "core/sha256.h"
#include "core/text.h"
#include "core/utf8.h"
#include "outputs/out_files.h"

namespace fs = std::filesystem;

namespace jx::outputs {
namespace {

constexpr int kBusyMillis = 60000;  // how long a writer waits for another one to finish

constexpr const char* kSchemaV1 = R"SQL(
CREATE TABLE reports(
  id INTEGER PRIMARY KEY,
  out_dir TEXT NOT NULL,
  rel TEXT NOT NULL,
  agency TEXT NOT NULL,
  report_stat TEXT NOT NULL,
  file TEXT,
  sha256 TEXT,
  outcome TEXT NOT NULL,
  error TEXT,
  text_source TEXT,
  pages INTEGER,
  profile TEXT,
  stored_at TEXT NOT NULL,
  UNIQUE(out_dir, rel));
CREATE TABLE projects(
  id INTEGER PRIMARY KEY,
  report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  project_index INTEGER NOT NULL,
  name TEXT, department TEXT, name_key TEXT, department_key TEXT, year INTEGER,
  stated_total REAL, recomputed_total REAL, grade TEXT,
  budget_unit TEXT, annual_budget REAL, executed REAL, execution_rate REAL,
  findings_error INTEGER, findings_warning INTEGER, findings_info INTEGER, low_confidence INTEGER);
CREATE INDEX projects_report ON projects(report_id);
CREATE INDEX projects_key ON projects(name_key, department_key, year);
CREATE TABLE indicators(
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  level1 TEXT, level2 TEXT, name TEXT,
  target_text TEXT, target_op TEXT, target_value REAL, target_unit TEXT,
  actual_text TEXT, actual_value REAL, actual_unit TEXT,
  weight REAL, self_score REAL, recomputed_score REAL, deviation_note TEXT, page INTEGER);
CREATE INDEX indicators_project ON indicators(project_id);
CREATE TABLE findings(
  id TEXT NOT NULL,
  project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  rule TEXT NOT NULL, severity TEXT NOT NULL, indicator TEXT, message TEXT, page INTEGER, evidence_image TEXT,
  unsure INTEGER NOT NULL);
CREATE INDEX findings_project ON findings(project_id);
CREATE INDEX findings_id ON findings(id);
CREATE INDEX findings_rule ON findings(rule);
CREATE TABLE reviews(
  finding_id TEXT PRIMARY KEY,
  state TEXT NOT NULL CHECK(state IN ('open', 'confirmed', 'dismissed')),
  note TEXT, by TEXT, at TEXT NOT NULL);
)SQL";

struct DbError {
  std::string message;
};

// One connection; every failure throws DbError with SQLite's message (caught at the public functions).
class Db {
 public:
  Db(const std::string& path, bool create) {
    int flags = create ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
    if (sqlite3_open_v2(path.c_str(), &db_, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
      std::string m = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      db_ = nullptr;
      throw DbError{path + ": " + m};
    }
    sqlite3_busy_timeout(db_, kBusyMillis);
    sqlite3_extended_result_codes(db_, 1);
  }
  ~Db() { sqlite3_close(db_); }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  void exec(const char* sql) {
    char* msg = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
      std::string m = msg ? msg : sqlite3_errmsg(db_);
      sqlite3_free(msg);
      throw DbError{m};
    }
  }
  sqlite3* get() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

class Stmt {
 public:
  Stmt(Db& db, const char* sql) : db_(db.get()) {
    if (sqlite3_prepare_v2(db_, sql, -1, &s_, nullptr) != SQLITE_OK) throw DbError{sqlite3_errmsg(db_)};
  }
  ~Stmt() { sqlite3_finalize(s_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& bind(int i, const std::string& v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& bind(int i, const std::optional<double>& v) {
    if (v)
      sqlite3_bind_double(s_, i, *v);
    else
      sqlite3_bind_null(s_, i);
    return *this;
  }
  Stmt& bind(int i, long long v) {
    sqlite3_bind_int64(s_, i, v);
    return *this;
  }
  // True while there is a row; false when done.
  bool step() {
    int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw DbError{sqlite3_errmsg(db_)};
  }
  void run() {
    step();
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  void reset() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  std::string text(int col) const {
    const unsigned char* t = sqlite3_column_text(s_, col);
    return t ? std::string(reinterpret_cast<const char*>(t), static_cast<std::size_t>(sqlite3_column_bytes(s_, col)))
             : std::string();
  }
  std::optional<double> number(int col) const {
    if (sqlite3_column_type(s_, col) == SQLITE_NULL) return std::nullopt;
    return sqlite3_column_double(s_, col);
  }
  long long integer(int col) const { return sqlite3_column_int64(s_, col); }
  // The column's text, valid until the next step() (empty for NULL).
  std::string_view view(int col) const {
    const unsigned char* t = sqlite3_column_text(s_, col);
    return t ? std::string_view(reinterpret_cast<const char*>(t),
                                static_cast<std::size_t>(sqlite3_column_bytes(s_, col)))
             : std::string_view();
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* s_ = nullptr;
};

// Creates the schema in a new database, migrates an older one, refuses a newer one.
void prepare_schema(Db& db) {
  db.exec("PRAGMA foreign_keys = ON");
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = NORMAL");
  db.exec("BEGIN IMMEDIATE");
  try {
    Stmt version(db, "PRAGMA user_version");
    version.step();
    long long v = version.integer(0);
    version.reset();
    if (v > kRegisterSchemaVersion)
      throw DbError{"the database has schema version " + std::to_string(v) + ", newer than this jxaudit's (" +
                    std::to_string(kRegisterSchemaVersion) + "): use a newer jxaudit"};
    if (v == 0) {
      db.exec(kSchemaV1);
      db.exec(("PRAGMA user_version = " + std::to_string(kRegisterSchemaVersion)).c_str());
    }
    // Migrations from version k to k + 1 go here, each in this transaction.
    db.exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

// The schema version of a database opened for reading: 0 for an empty one; throws when it is newer than this
// jxaudit's.
long long readable_version(Db& db, const std::string& path) {
  Stmt version(db, "PRAGMA user_version");
  version.step();
  const long long v = version.integer(0);
  if (v > kRegisterSchemaVersion)
    throw DbError{path + ": schema version " + std::to_string(v) + " is newer than this jxaudit's (" +
                  std::to_string(kRegisterSchemaVersion) + ")"};
  return v;
}

std::string now_utc() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// "size:mtime_ns" of a report file: a report rewritten since it was stored differs.
std::string file_stat(const fs::path& path) {
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (ec) return {};
  auto mtime = fs::last_write_time(path, ec);
  if (ec) return {};
  return std::to_string(size) + ":" + std::to_string(mtime.time_since_epoch().count());
}

const nlohmann::json& field(const nlohmann::json& j, const char* key) {
  static const nlohmann::json kNull;
  if (!j.is_object()) return kNull;
  auto it = j.find(key);
  return it == j.end() ? kNull : *it;
}
std::string text_of(const nlohmann::json& j) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_number()) return format_shortest(j.get<double>());
  return {};
}
std::optional<double> number_of(const nlohmann::json& j) {
  if (!j.is_number()) return std::nullopt;
  double v = j.get<double>();
  return std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
}

// Stores one report document in one transaction, replacing what was stored for (out_dir, rel).
void store_report(Db& db, const std::string& out_key, const std::string& rel, const std::string& stat,
                  const nlohmann::json& doc, const rules::RuleSet& rules) {
  auto rows = rows_from_document(rel, doc, rules.grades);
  db.exec("BEGIN IMMEDIATE");
  try {
    Stmt del(db, "DELETE FROM reports WHERE out_dir = ?1 AND rel = ?2");
    del.bind(1, out_key).bind(2, rel).run();
    const FileRow& first = rows.front();
    Stmt rep(db,
             "INSERT INTO reports(out_dir, rel, agency, report_stat, file, sha256, outcome, error, text_source, "
             "pages, profile, stored_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    rep.bind(1, out_key).bind(2, rel).bind(3, first.agency).bind(4, stat).bind(5, first.file).bind(6, first.sha256);
    rep.bind(7, first.outcome).bind(8, first.error).bind(9, first.text_source);
    rep.bind(10, static_cast<long long>(first.pages)).bind(11, text_of(field(doc, "profile"))).bind(12, now_utc());
    rep.run();
    const long long report_id = sqlite3_last_insert_rowid(db.get());
    if (first.error.empty()) {
      Stmt proj(db,
                "INSERT INTO projects(report_id, project_index, name, department, name_key, department_key, year, "
                "stated_total, recomputed_total, grade, budget_unit, annual_budget, executed, execution_rate, "
                "findings_error, findings_warning, findings_info, low_confidence) "
                "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)");
      Stmt ind(db,
               "INSERT INTO indicators(project_id, position, level1, level2, name, target_text, target_op, "
               "target_value, target_unit, actual_text, actual_value, actual_unit, weight, self_score, "
               "recomputed_score, deviation_note, page) "
               "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)");
      Stmt fnd(db,
               "INSERT INTO findings(id, project_id, position, rule, severity, indicator, message, page, "
               "evidence_image, unsure) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
      const auto& projects = field(doc, "projects");
      for (const FileRow& r : rows) {
        const int index = r.project_index.value_or(0);
        proj.bind(1, report_id).bind(2, static_cast<long long>(index)).bind(3, r.project).bind(4, r.department);
        proj.bind(5, audit::project_key(r.project, rules)).bind(6, audit::project_key(r.department, rules));
        if (r.year) proj.bind(7, static_cast<long long>(*r.year));
        proj.bind(8, r.stated_total).bind(9, r.recomputed_total).bind(10, r.grade).bind(11, r.budget.unit);
        proj.bind(12, r.budget.annual_budget).bind(13, r.budget.executed).bind(14, r.budget.execution_rate);
        proj.bind(15, static_cast<long long>(r.errors)).bind(16, static_cast<long long>(r.warning));
        proj.bind(17, static_cast<long long>(r.info)).bind(18, static_cast<long long>(r.low_confidence));
        proj.run();
        const long long project_id = sqlite3_last_insert_rowid(db.get());
        // The indicators with their parsed values, from the document (the row keeps only the texts).
        const nlohmann::json& p =
            projects.is_array() && static_cast<std::size_t>(index) < projects.size() ? projects[index] : doc;
        const auto& indicators = field(p, "indicators");
        if (indicators.is_array()) {
          long long position = 0;
          for (const auto& i : indicators) {
            const auto& target = field(i, "target");
            const auto& actual = field(i, "actual");
            ind.bind(1, project_id).bind(2, position++).bind(3, text_of(field(i, "level1")));
            ind.bind(4, text_of(field(i, "level2"))).bind(5, text_of(field(i, "name")));
            ind.bind(6, text_of(field(i, "target_text"))).bind(7, text_of(field(target, "op")));
            ind.bind(8, number_of(field(target, "value"))).bind(9, text_of(field(target, "unit")));
            ind.bind(10, text_of(field(i, "actual_text"))).bind(11, number_of(field(actual, "value")));
            ind.bind(12, text_of(field(actual, "unit"))).bind(13, number_of(field(i, "weight")));
            ind.bind(14, number_of(field(i, "self_score"))).bind(15, number_of(field(i, "recomputed_score")));
            ind.bind(16, text_of(field(i, "deviation_note")));
            if (auto page = number_of(field(i, "page"))) ind.bind(17, static_cast<long long>(*page));
            ind.run();
          }
        }
        long long position = 0;
        for (const auto& f : r.findings) {
          fnd.bind(1, f.id).bind(2, project_id).bind(3, position++).bind(4, f.rule).bind(5, f.severity);
          fnd.bind(6, f.indicator).bind(7, f.message).bind(8, static_cast<long long>(f.page)).bind(9, f.image);
          fnd.bind(10, static_cast<long long>(f.unsure ? 1 : 0));
          fnd.run();
        }
      }
    }
    db.exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

}  // namespace

RegisterSync sync_register(const std::string& db_path, const std::string& out_dir, const rules::RuleSet& rules,
                           const RelFilter& only) {
  RegisterSync result;
  try {
    Db db(db_path, true);
    prepare_schema(db);
    const std::string out_key = fs::absolute(fs::path(out_dir)).lexically_normal().generic_string();
    std::map<std::string, std::string> stored;  // rel → report_stat
    {
      Stmt q(db, "SELECT rel, report_stat FROM reports WHERE out_dir = ?1");
      q.bind(1, out_key);
      while (q.step()) stored[q.text(0)] = q.text(1);
    }
    const fs::path base = fs::path(out_dir) / "reports";
    std::vector<std::string> listing_problems;
    const auto all = report_rels(out_dir, {}, &listing_problems);
    for (auto& p : listing_problems) result.problems.push_back(std::move(p));
    std::string bytes;
    for (const auto& rel : all) {
      if (only && !only(rel)) continue;
      const fs::path path = base / (rel + ".json");
      const std::string stat = file_stat(path);
      if (auto it = stored.find(rel); it != stored.end() && !stat.empty() && it->second == stat) {
        ++result.unchanged;
        continue;
      }
      std::ifstream in(path, std::ios::binary);
      bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
      auto doc = nlohmann::json::parse(bytes, nullptr, false);
      if (doc.is_discarded() || !doc.is_object()) {
        result.problems.push_back(path.string() + ": not a report document: not stored in " + db_path);
        continue;
      }
      try {
        store_report(db, out_key, rel, stat, doc, rules);
        ++result.written;
      } catch (const DbError& e) {
        result.problems.push_back(db_path);
        result.problems.back().append(": cannot store ").append(rel).append(": ").append(e.message);
      }
    }
    // The reports of this OUT that are gone (their input is no longer in the batch).
    if (listing_problems.empty()) {
      std::set<std::string> present(all.begin(), all.end());
      Stmt del(db, "DELETE FROM reports WHERE out_dir = ?1 AND rel = ?2");
      for (const auto& [rel, stat] : stored) {
        if (present.count(rel)) continue;
        del.bind(1, out_key).bind(2, rel).run();
        ++result.removed;
      }
    }
  } catch (const DbError& e) {
    result.error = e.message;
  }
  return result;
}

namespace {

// Runs `read` on the database at `db_path` opened for reading, when it exists and holds a schema (a missing or
// empty database has no decision yet: `read` is not run). Returns SQLite's message when it cannot be read.
template <typename Read>
std::optional<std::string> read_register(const std::string& db_path, const Read& read) {
  try {
    std::error_code ec;
    if (!fs::exists(db_path, ec)) return std::nullopt;
    Db db(db_path, false);
    if (readable_version(db, db_path) == 0) return std::nullopt;
    read(db);
  } catch (const DbError& e) {
    return e.message;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> load_reviews(const std::string& db_path, Reviews* out) {
  return read_register(db_path, [&](Db& db) {
    Stmt q(db, "SELECT finding_id, state FROM reviews");
    while (q.step()) (*out)[q.text(0)] = q.text(1);
  });
}

std::optional<std::string> load_review_records(const std::string& db_path, std::map<std::string, ReviewRecord>* out,
                                               const std::string& only_id) {
  return read_register(db_path, [&](Db& db) {
    Stmt q(db, only_id.empty() ? "SELECT finding_id, state, note, by, at FROM reviews"
                               : "SELECT finding_id, state, note, by, at FROM reviews WHERE finding_id = ?1");
    if (!only_id.empty()) q.bind(1, only_id);
    while (q.step()) (*out)[q.text(0)] = ReviewRecord{q.text(1), q.text(2), q.text(3), q.text(4)};
  });
}

std::optional<std::string> for_each_review(const std::string& db_path, const ReviewVisitor& each) {
  return read_register(db_path, [&](Db& db) {
    Stmt q(db, "SELECT finding_id, state, note, by, at FROM reviews ORDER BY finding_id");
    while (q.step()) each(q.view(0), q.view(1), q.view(2), q.view(3), q.view(4));
  });
}

std::optional<std::string> set_review(const std::string& db_path, const std::string& id, const std::string& state,
                                      const std::string& note, const std::string& by) {
  if (state != "confirmed" && state != "dismissed" && state != "open")
    return "unknown review state '" + state + "' (expected confirmed, dismissed or open)";
  try {
    std::error_code ec;
    if (!fs::is_regular_file(db_path, ec)) throw DbError{db_path + ": no such database"};
    Db db(db_path, true);
    prepare_schema(db);
    db.exec("BEGIN IMMEDIATE");
    try {
      Stmt known(db, "SELECT count(*) FROM findings WHERE id = ?1");
      known.bind(1, id);
      known.step();
      if (known.integer(0) == 0) throw DbError{"no finding with id " + id + " in " + db_path};
      known.reset();
      Stmt put(
          db,
          "INSERT INTO reviews(finding_id, state, note, by, at) VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(finding_id) "
          "DO UPDATE SET state = excluded.state, note = excluded.note, by = excluded.by, at = excluded.at");
      put.bind(1, id).bind(2, state).bind(3, note).bind(4, by).bind(5, now_utc());
      put.run();
      db.exec("COMMIT");
    } catch (...) {
      sqlite3_exec(db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
  } catch (const DbError& e) {
    return e.message;
  }
  return std::nullopt;
}

std::optional<std::string> merge_reviews(const std::string& db_path, const std::string& from_db) {
  try {
    {
      std::error_code ec;
      if (!fs::is_regular_file(from_db, ec)) return std::nullopt;  // a shard without a register: nothing to carry
      Db from(from_db, false);
      readable_version(from, from_db);
    }
    Db db(db_path, true);
    prepare_schema(db);
    Stmt attach(db, "ATTACH DATABASE ?1 AS shard");
    attach.bind(1, from_db).run();
    db.exec("BEGIN IMMEDIATE");
    try {
      db.exec(
          "INSERT INTO reviews(finding_id, state, note, by, at) SELECT finding_id, state, note, by, at FROM "
          "shard.reviews WHERE true ON CONFLICT(finding_id) DO UPDATE SET state = excluded.state, note = "
          "excluded.note, by = excluded.by, at = excluded.at WHERE excluded.at > reviews.at");
      db.exec("COMMIT");
    } catch (...) {
      sqlite3_exec(db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
    db.exec("DETACH DATABASE shard");
  } catch (const DbError& e) {
    return e.message;
  }
  return std::nullopt;
}

std::optional<nlohmann::json> project_history(const std::string& db_path, const HistoryQuery& query,
                                              const rules::RuleSet& ruleset, std::string* error) {
  try {
    std::error_code ec;
    if (!fs::is_regular_file(db_path, ec)) throw DbError{db_path + ": no such database"};
    Db db(db_path, false);
    readable_version(db, db_path);
    const std::string name = "%" + audit::project_key(query.project, ruleset) + "%";
    const std::string dept = "%" + audit::project_key(query.department, ruleset) + "%";
    // Each (project, year): the latest stored.
    Stmt q(db,
           "SELECT p.id, p.name, p.department, p.name_key, p.department_key, p.year, p.stated_total, "
           "p.recomputed_total, p.grade, r.file, r.out_dir, r.stored_at FROM projects p JOIN reports r ON r.id = "
           "p.report_id WHERE p.name_key LIKE ?1 AND p.department_key LIKE ?2 "
           "ORDER BY p.name_key, p.department_key, p.year, r.stored_at DESC, p.id DESC");
    q.bind(1, name).bind(2, dept);
    Stmt inds(db,
              "SELECT name, target_text, actual_text, weight, self_score, recomputed_score FROM indicators "
              "WHERE project_id = ?1 ORDER BY position");
    Stmt by_rule(db, "SELECT rule, COUNT(*) FROM findings WHERE project_id = ?1 GROUP BY rule ORDER BY rule");
    auto num = [](const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); };
    nlohmann::json projects = nlohmann::json::array();
    std::string last_key;
    long long last_year = -1;
    while (q.step()) {
      std::string key = q.text(3) + "\n" + q.text(4);
      long long year = q.number(5) ? q.integer(5) : 0;
      if (key != last_key) {
        projects.push_back({{"name", q.text(1)}, {"department", q.text(2)}, {"years", nlohmann::json::array()}});
        last_key = key;
        last_year = -1;
      } else if (year == last_year) {
        continue;  // an older copy of the same year
      }
      last_year = year;
      nlohmann::json y = {{"year", year ? nlohmann::json(year) : nlohmann::json()},
                          {"file", q.text(9)},
                          {"out_dir", q.text(10)},
                          {"stated_total", num(q.number(6))},
                          {"recomputed_total", num(q.number(7))},
                          {"grade", q.text(8)},
                          {"findings", nlohmann::json::object()},
                          {"indicators", nlohmann::json::array()}};
      inds.bind(1, q.integer(0));
      while (inds.step())
        y["indicators"].push_back({{"name", inds.text(0)},
                                   {"target", inds.text(1)},
                                   {"actual", inds.text(2)},
                                   {"weight", num(inds.number(3))},
                                   {"self_score", num(inds.number(4))},
                                   {"recomputed_score", num(inds.number(5))}});
      inds.reset();
      by_rule.bind(1, q.integer(0));
      while (by_rule.step()) y["findings"][by_rule.text(0)] = by_rule.integer(1);
      by_rule.reset();
      projects.back()["years"].push_back(std::move(y));
    }
    return nlohmann::json{{"projects", std::move(projects)}};
  } catch (const DbError& e) {
    if (error) *error = e.message;
    return std::nullopt;
  }
}

struct StoredYears::Impl {
  Db db;
  Stmt query;
  std::string out_key;
  Impl(const std::string& db_path, std::string out)
      : db(db_path, false),
        query(db,
              "SELECT p.id, p.year, r.file, i.name, i.actual_text, i.actual_value, i.actual_unit, "
              "EXISTS(SELECT 1 FROM findings f WHERE f.project_id = p.id AND f.rule = 'extract.low_confidence' "
              "AND f.indicator = i.name) "
              "FROM projects p JOIN reports r ON r.id = p.report_id JOIN indicators i ON i.project_id = p.id "
              "WHERE p.name_key = ?1 AND p.department_key = ?2 AND p.year IS NOT NULL AND r.out_dir <> ?3 "
              "ORDER BY r.stored_at, p.id, i.position"),
        out_key(std::move(out)) {}
};

StoredYears::StoredYears(const std::string& db_path, const std::string& out_dir) {
  std::error_code ec;
  if (!fs::is_regular_file(db_path, ec)) return;
  try {
    {
      Db probe(db_path, false);
      if (readable_version(probe, db_path) == 0) return;  // an empty database: nothing stored yet
    }
    impl_ = std::make_unique<Impl>(db_path, fs::absolute(fs::path(out_dir)).lexically_normal().generic_string());
  } catch (const DbError& e) {
    error_ = db_path + ": " + e.message;
  }
}

StoredYears::~StoredYears() = default;

std::vector<audit::ProjectYear> StoredYears::years_of(const std::string& name_key, const std::string& department_key) {
  std::vector<audit::ProjectYear> out;
  if (!impl_) return out;
  Stmt& q = impl_->query;
  try {
    q.bind(1, name_key).bind(2, department_key).bind(3, impl_->out_key);
    long long project = -1;
    while (q.step()) {
      if (q.integer(0) != project) {
        project = q.integer(0);
        audit::ProjectYear y;
        y.file = q.text(2);
        y.name_key = name_key;
        y.department_key = department_key;
        y.year = static_cast<int>(q.integer(1));
        out.push_back(std::move(y));
      }
      audit::YearIndicator ind;
      ind.name = q.text(3);
      ind.actual_text = q.text(4);
      if (auto v = q.number(5)) ind.actual = rules::Quantity{*v, q.text(6)};
      ind.low_confidence = q.integer(7) != 0;
      out.back().indicators.push_back(std::move(ind));
    }
    q.reset();
  } catch (const DbError& e) {
    q.reset();
    error_ = e.message;
    out.clear();
  }
  return out;
}

std::optional<std::string> other_runs_digest(const std::string& db_path, const std::string& out_dir,
                                             std::string* error) {
  std::string listed;
  const std::string out_key = fs::absolute(fs::path(out_dir)).lexically_normal().generic_string();
  auto problem = read_register(db_path, [&](Db& db) {
    Stmt q(db, "SELECT id, out_dir, rel, report_stat, stored_at FROM reports WHERE out_dir <> ?1 ORDER BY id");
    q.bind(1, out_key);
    while (q.step()) {
      listed += std::to_string(q.integer(0));
      for (int col = 1; col <= 4; ++col) listed.append(1, '\0').append(q.view(col));
      listed += '\n';
    }
  });
  if (problem) {
    if (error) *error = *problem;
    return std::nullopt;
  }
  return jx::sha256_hex(listed);
}

std::string history_table(const nlohmann::json& history) {
  std::ostringstream o;
  const auto& projects = history["projects"];
  if (projects.empty()) return "没有找到匹配的项目。\n";
  auto num = [](const nlohmann::json& v) {
    return v.is_number() ? format_shortest(v.get<double>()) : std::string("—");
  };
  for (const auto& p : projects) {
    o << p["name"].get<std::string>() << "（" << p["department"].get<std::string>() << "）\n";
    for (const auto& y : p["years"]) {
      o << "  " << (y["year"].is_number() ? std::to_string(y["year"].get<long long>()) + "年" : std::string("年度不详"))
        << "：自评总分 " << num(y["stated_total"]) << "，复核总分 " << num(y["recomputed_total"]);
      if (!y["grade"].get<std::string>().empty()) o << "（" << y["grade"].get<std::string>() << "）";
      long n = 0;
      for (const auto& [rule, count] : y["findings"].items()) n += count.get<long>();
      o << "，问题 " << n << " 处；" << y["file"].get<std::string>() << "\n";
    }
    // Each indicator's target and actual by year, in the order of its first year.
    std::vector<std::string> names;
    std::set<std::string> seen;
    for (const auto& y : p["years"])
      for (const auto& i : y["indicators"])
        if (seen.insert(i["name"].get<std::string>()).second) names.push_back(i["name"].get<std::string>());
    for (const auto& name : names) {
      o << "  · " << name << "：";
      bool first = true;
      for (const auto& y : p["years"]) {
        for (const auto& i : y["indicators"]) {
          if (i["name"] != name) continue;
          o << (first ? "" : "；")
            << (y["year"].is_number() ? std::to_string(y["year"].get<long long>()) : std::string("?")) << " 目标 "
            << i["target"].get<std::string>() << " 实际 " << i["actual"].get<std::string>() << " 得分 "
            << num(i["self_score"]) << "/" << num(i["weight"]);
          first = false;
          break;
        }
      }
      o << "\n";
    }
  }
  return o.str();
}

}  // namespace jx::outputs
