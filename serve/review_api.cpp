#include "serve/review_api.h"

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "core/text.h"
#include "outputs/register.h"

namespace jx::serve {
namespace {

std::string dump(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

nlohmann::json record_json(const outputs::ReviewRecord& r) {
  return {{"state", r.state}, {"note", r.note}, {"by", r.by}, {"at", r.at}};
}

// The string field `key` of `body`: empty when absent or null; nullopt when present with another type.
std::optional<std::string> optional_text(const nlohmann::json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::string();
  if (!it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

// `text` as a JSON string: made valid UTF-8 first (core/text.h's valid_text(): a note given to `review set` may hold
// any bytes), then '"', '\\' and the control characters escaped.
void append_json_string(std::string& out, std::string_view text) {
  constexpr std::string_view kHex = "0123456789abcdef";
  const std::string valid = valid_text(text);
  out += '"';
  for (char c : valid) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      out += "\\u00";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else {
      out += c;
    }
  }
  out += '"';
}

}  // namespace

ApiResponse api_error(int status, const std::string& error, const std::string& message) {
  return {status, dump({{"error", error}, {"message", message}})};
}

ApiResponse get_reviews(const std::string& db_path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(db_path, ec))
    return api_error(404, "no register at " + db_path + " (a run or merge of jxaudit creates it)", "没有审核数据库");
  // Written row by row, without a JSON tree: a register may hold a decision for each of 100,000 findings.
  std::string out = "{";
  auto e = outputs::for_each_review(db_path, [&out](std::string_view id, std::string_view state, std::string_view note,
                                                    std::string_view by, std::string_view at) {
    if (out.size() > 1) out += ',';
    append_json_string(out, id);
    out += ":{\"state\":";
    append_json_string(out, state);
    out += ",\"note\":";
    append_json_string(out, note);
    out += ",\"by\":";
    append_json_string(out, by);
    out += ",\"at\":";
    append_json_string(out, at);
    out += '}';
  });
  if (e) return api_error(500, "the register cannot be read: " + *e, "无法读取审核数据库：" + *e);
  out += '}';
  return {200, std::move(out)};
}

ApiResponse post_review(const std::string& db_path, const std::string& body) {
  if (body.size() > kMaxReviewBodyBytes) return api_error(413, "request body too large", "请求内容过长");
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return api_error(400, "the body is not a JSON object", "请求内容不是JSON对象");
  auto id = j.find("id");
  if (id == j.end() || !id->is_string() || id->get<std::string>().empty())
    return api_error(400, "\"id\" must be a finding id (a string)", "缺少问题编号（id）");
  auto state = j.find("state");
  if (state == j.end() || !state->is_string())
    return api_error(400, "\"state\" must be confirmed, dismissed or open",
                     "审核状态（state）应为 confirmed、dismissed 或 open");
  const std::string s = state->get<std::string>();
  if (s != "confirmed" && s != "dismissed" && s != "open")
    return api_error(400, "unknown state '" + s + "' (expected confirmed, dismissed or open)",
                     "审核状态（state）应为 confirmed、dismissed 或 open");
  auto note = optional_text(j, "note");
  auto by = optional_text(j, "by");
  if (!note || !by) return api_error(400, "\"note\" and \"by\" must be strings", "备注和审核人应为文字");
  if (note->size() > kMaxNoteBytes)
    return api_error(400, "the note is longer than " + std::to_string(kMaxNoteBytes) + " bytes", "备注过长");
  if (by->size() > kMaxByBytes)
    return api_error(400, "the reviewer's name is longer than " + std::to_string(kMaxByBytes) + " bytes", "审核人过长");

  const std::string finding = id->get<std::string>();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(db_path, ec))
    return api_error(404, "no register at " + db_path + " (a run or merge of jxaudit creates it)", "没有审核数据库");
  if (auto e = outputs::set_review(db_path, finding, s, *note, *by)) {
    if (e->rfind("no finding with id", 0) == 0)
      return api_error(404, "no finding with id " + finding + " in the register", "审核数据库中没有这个问题编号");
    return api_error(500, "the decision could not be recorded: " + *e, "审核结果未能保存：" + *e);
  }
  // The decision as stored (its time is the register's).
  std::map<std::string, outputs::ReviewRecord> records;
  if (auto e = outputs::load_review_records(db_path, &records, finding))
    return api_error(500, "the register cannot be read: " + *e, "无法读取审核数据库：" + *e);
  auto it = records.find(finding);
  if (it == records.end())
    return api_error(500, "the decision was not found after it was recorded", "审核结果未能读回");
  nlohmann::json out = record_json(it->second);
  out["id"] = finding;
  return {200, dump(out)};
}

}  // namespace jx::serve
