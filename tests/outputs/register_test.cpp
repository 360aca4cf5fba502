// The register (outputs/register.h) on hand-written report documents, read back with SQLite itself: what a sync
// stores, that it stores only what changed and removes what is gone, that review decisions survive, that a newer
// or corrupt database is refused without being touched, the project key across years, and history.
#include "outputs/register.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <string>
#include <thread>

#include "audit/cross_year.h"
#include "tests/support/test_support.h"

namespace fs = std::filesystem;
using namespace jx::outputs;
using jx::test::read_all;
using jx::test::write_file;

namespace {

const jx::rules::RuleSet& rules() { return jx::test::real_rules(); }

std::string report(const std::string& name, int year, double stated, double recomputed, const std::string& target,
                   const std::string& actual) {
  nlohmann::json doc = {
      {"file", "in/" + name + ".pdf"},
      {"sha256", std::string(63, '0') + std::to_string(year % 10)},
      {"text_source", "text"},
      {"pages", 3},
      {"project", {{"name", name}, {"department", "广州市政务服务数据管理局"}, {"year", year}}},
      {"total_score", {{"stated", stated}, {"recomputed", recomputed}}},
      {"indicators",
       {{{"level1", "产出"},
         {"name", "运营分析报告数量"},
         {"target_text", target},
         {"target", {{"op", ">="}, {"value", 30}, {"unit", "份"}}},
         {"actual_text", actual},
         {"weight", 12},
         {"self_score", 12},
         {"recomputed_score", 12},
         {"page", 2}}}},
      {"findings",
       {{{"rule", "target.too_low"}, {"severity", "warning"}, {"indicator", "运营分析报告数量"}, {"message", "偏低"}},
        {{"rule", "score.total_mismatch"}, {"severity", "error"}, {"indicator", nullptr}, {"message", "总分"}}}}};
  return doc.dump();
}

// The first column of the first row of `sql` as text.
std::string query(const fs::path& db, const std::string& sql) {
  sqlite3* h = nullptr;
  sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* s = nullptr;
  std::string out = "<error>";
  if (sqlite3_prepare_v2(h, sql.c_str(), -1, &s, nullptr) == SQLITE_OK) {
    out = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0)
              ? reinterpret_cast<const char*>(sqlite3_column_text(s, 0))
              : "";
  }
  sqlite3_finalize(s);
  sqlite3_close(h);
  return out;
}

void exec(const fs::path& db, const std::string& sql) {
  sqlite3* h = nullptr;
  sqlite3_open(db.c_str(), &h);
  char* msg = nullptr;
  int rc = sqlite3_exec(h, sql.c_str(), nullptr, nullptr, &msg);
  std::string m = msg ? msg : "";
  sqlite3_free(msg);
  sqlite3_close(h);
  ASSERT_EQ(rc, SQLITE_OK) << m;
}

}  // namespace

TEST(Register, StoresEachReportOnceAndFollowsTheReportsFolder) {
  jx::test::TempDir out("jx_register");
  const fs::path db = out.path() / "jxaudit.sqlite";
  write_file(out.path() / "reports/局/a.pdf.json", report("穗智管运营服务项目", 2021, 100, 88, "不少于30份", "36份"));
  write_file(out.path() / "reports/局/b.pdf.json", R"({"file":"in/b.pdf","error":"not a PDF","outcome":"not_pdf"})");
  auto sync = sync_register(db.string(), out.path().string(), rules());
  ASSERT_FALSE(sync.error) << *sync.error;
  EXPECT_EQ(sync.written, 2u);
  EXPECT_EQ(query(db, "PRAGMA user_version"), "1");
  EXPECT_EQ(query(db, "SELECT count(*) FROM reports"), "2");
  EXPECT_EQ(query(db, "SELECT outcome || ' ' || agency FROM reports WHERE rel = '局/b.pdf'"), "not_pdf 局");
  EXPECT_EQ(query(db, "SELECT count(*) FROM projects"), "1") << "a failed file has no project";
  EXPECT_EQ(query(db, "SELECT name_key || ' ' || year || ' ' || (stated_total - recomputed_total) FROM projects"),
            "穗智管运营服务 2021 12.0");
  EXPECT_EQ(query(db, "SELECT target_op || target_value || target_unit || ' ' || actual_text FROM indicators"),
            ">=30.0份 36份");
  EXPECT_EQ(query(db, "SELECT group_concat(rule, ',') FROM (SELECT rule FROM findings ORDER BY position)"),
            "target.too_low,score.total_mismatch");
  EXPECT_EQ(query(db, "SELECT length(id) FROM findings LIMIT 1"), "16");

  // A review decision, then a sync with nothing changed, then the report rewritten (as --force does): the review
  // stays, the finding keeps its id, the report is stored once.
  const std::string id = query(db, "SELECT id FROM findings WHERE rule = 'target.too_low'");
  exec(db, "INSERT INTO reviews VALUES('" + id + "', 'confirmed', '属实', '张三', '2026-12-05T10:00:00Z')");
  sync = sync_register(db.string(), out.path().string(), rules());
  EXPECT_EQ(sync.written, 0u);
  EXPECT_EQ(sync.unchanged, 2u);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // a later modification time
  write_file(out.path() / "reports/局/a.pdf.json", report("穗智管运营服务项目", 2021, 100, 90, "不少于30份", "36份"));
  sync = sync_register(db.string(), out.path().string(), rules());
  EXPECT_EQ(sync.written, 1u);
  EXPECT_EQ(query(db, "SELECT count(*) FROM projects"), "1");
  EXPECT_EQ(query(db, "SELECT recomputed_total FROM projects"), "90.0");
  EXPECT_EQ(query(db, "SELECT count(*) FROM findings WHERE id = '" + id + "'"), "1");
  EXPECT_EQ(query(db, "SELECT state || ' ' || by FROM reviews"), "confirmed 张三");

  // A report no longer in OUT: removed with its projects, indicators and findings.
  fs::remove(out.path() / "reports/局/a.pdf.json");
  sync = sync_register(db.string(), out.path().string(), rules());
  EXPECT_EQ(sync.removed, 1u);
  EXPECT_EQ(query(db, "SELECT count(*) FROM reports"), "1");
  EXPECT_EQ(query(db, "SELECT count(*) FROM projects") + query(db, "SELECT count(*) FROM indicators") +
                query(db, "SELECT count(*) FROM findings"),
            "000");
  EXPECT_EQ(query(db, "SELECT count(*) FROM reviews"), "1");
}

TEST(Register, ANewerOrCorruptDatabaseIsRefusedUntouched) {
  jx::test::TempDir out("jx_register");
  write_file(out.path() / "reports/a.pdf.json", report("项目甲", 2022, 90, 90, "10个", "10个"));
  const fs::path newer = out.path() / "newer.sqlite";
  exec(newer, "CREATE TABLE keep(x); INSERT INTO keep VALUES(42); PRAGMA user_version = 99;");
  auto sync = sync_register(newer.string(), out.path().string(), rules());
  ASSERT_TRUE(sync.error);
  EXPECT_NE(sync.error->find("schema version 99"), std::string::npos) << *sync.error;
  EXPECT_EQ(query(newer, "SELECT x FROM keep"), "42");
  EXPECT_EQ(query(newer, "PRAGMA user_version"), "99");
  std::string error;
  EXPECT_FALSE(project_history(newer.string(), {}, rules(), &error));
  EXPECT_NE(error.find("newer"), std::string::npos) << error;

  const fs::path corrupt = out.path() / "corrupt.sqlite";
  const std::string garbage = "this is not an SQLite database, but it must not be overwritten either\n";
  write_file(corrupt, garbage);
  sync = sync_register(corrupt.string(), out.path().string(), rules());
  ASSERT_TRUE(sync.error);
  EXPECT_EQ(read_all(corrupt), garbage);
}

TEST(Register, AWriterWaitsForAnotherToFinish) {
  jx::test::TempDir out("jx_register");
  write_file(out.path() / "reports/a.pdf.json", report("项目甲", 2022, 90, 90, "10个", "10个"));
  const fs::path db = out.path() / "jxaudit.sqlite";
  ASSERT_FALSE(sync_register(db.string(), out.path().string(), rules()).error);
  // Another writer holds the database for a moment; the sync waits for it instead of failing.
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE; INSERT INTO reviews VALUES('x', 'open', '', '', 't')", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  std::thread release([other] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr);
  });
  write_file(out.path() / "reports/b.pdf.json", report("项目乙", 2022, 80, 80, "10个", "10个"));
  auto sync = sync_register(db.string(), out.path().string(), rules());
  release.join();
  sqlite3_close(other);
  EXPECT_FALSE(sync.error);
  EXPECT_EQ(sync.written, 1u);
  EXPECT_EQ(query(db, "SELECT count(*) FROM reviews"), "1");
}

TEST(Register, ProjectKeysMatchTheSameProjectAcrossYears) {
  EXPECT_EQ(jx::audit::project_key("2021年穗智管运营服务项目", rules()), "穗智管运营服务");
  EXPECT_EQ(jx::audit::project_key("2022年度 穗智管运营服务项目经费", rules()), "穗智管运营服务");
  EXPECT_EQ(jx::audit::project_key("2021-001 穗智管运营服务", rules()), "穗智管运营服务");
  EXPECT_EQ(jx::audit::project_key("【440100】穗智管运营服务项目", rules()), "穗智管运营服务");
  EXPECT_EQ(jx::audit::project_key("穗智管（二期）运营服务", rules()), "穗智管(二期)运营服务");
  EXPECT_EQ(jx::audit::project_key("ＡＢＣ平台项目", rules()), "ABC平台");
  EXPECT_EQ(jx::audit::project_key("项目", rules()), "项目") << "nothing but the suffix: kept";
  EXPECT_EQ(jx::audit::project_key("5G基站建设", rules()), "5G基站建设")
      << "a name that begins with a digit is no code";
}

TEST(Register, HistoryShowsAProjectsYearsSideBySide) {
  jx::test::TempDir out("jx_register");
  write_file(out.path() / "reports/局/2021.pdf.json",
             report("2021年穗智管运营服务项目", 2021, 100, 88, "不少于30份", "36份"));
  write_file(out.path() / "reports/局/2022.pdf.json",
             report("2022年度穗智管运营服务项目经费", 2022, 98, 96, "不少于20份", "40份"));
  write_file(out.path() / "reports/局/other.pdf.json", report("另一个项目", 2022, 90, 90, "1个", "1个"));
  const fs::path db = out.path() / "jxaudit.sqlite";
  ASSERT_FALSE(sync_register(db.string(), out.path().string(), rules()).error);
  std::string error;
  auto h = project_history(db.string(), {"穗智管", ""}, rules(), &error);
  ASSERT_TRUE(h) << error;
  ASSERT_EQ((*h)["projects"].size(), 1u);
  const auto& years = (*h)["projects"][0]["years"];
  ASSERT_EQ(years.size(), 2u);
  EXPECT_EQ(years[0]["year"], 2021);
  EXPECT_EQ(years[1]["year"], 2022);
  EXPECT_EQ(years[0]["indicators"][0]["target"], "不少于30份");
  EXPECT_EQ(years[1]["indicators"][0]["target"], "不少于20份");
  EXPECT_EQ(years[1]["recomputed_total"], 96.0);
  EXPECT_EQ(years[0]["findings"]["target.too_low"], 1);
  const std::string table = history_table(*h);
  EXPECT_NE(table.find("运营分析报告数量：2021 目标 不少于30份 实际 36份 得分 12/12；2022 目标 不少于20份 实际 40份"),
            std::string::npos)
      << table;
  EXPECT_EQ(project_history(db.string(), {"", "没有这个部门"}, rules(), &error).value()["projects"].size(), 0u);
  EXPECT_FALSE(project_history((out.path() / "missing.sqlite").string(), {}, rules(), &error));
}

TEST(Register, MergeCarriesTheLatestReviewOfEachFinding) {
  jx::test::TempDir dir("jx_register");
  const fs::path a = dir.path() / "a.sqlite", b = dir.path() / "b.sqlite";
  write_file(dir.path() / "out/reports/x.pdf.json", report("项目甲", 2022, 90, 90, "10个", "10个"));
  ASSERT_FALSE(sync_register(a.string(), (dir.path() / "out").string(), rules()).error);
  ASSERT_FALSE(sync_register(b.string(), (dir.path() / "out").string(), rules()).error);
  exec(a,
       "INSERT INTO reviews VALUES('f1', 'confirmed', '', '甲', '2026-12-01T00:00:00Z'),"
       "('f2', 'open', '', '甲', '2026-12-03T00:00:00Z')");
  exec(b,
       "INSERT INTO reviews VALUES('f1', 'dismissed', '误报', '乙', '2026-12-02T00:00:00Z'),"
       "('f2', 'confirmed', '', '乙', '2026-12-01T00:00:00Z'), ('f3', 'open', '', '乙', '2026-12-01T00:00:00Z')");
  EXPECT_FALSE(merge_reviews(a.string(), b.string()));
  EXPECT_EQ(query(a, "SELECT state || by FROM reviews WHERE finding_id = 'f1'"), "dismissed乙");
  EXPECT_EQ(query(a, "SELECT state || by FROM reviews WHERE finding_id = 'f2'"), "open甲");
  EXPECT_EQ(query(a, "SELECT count(*) FROM reviews"), "3");
}
