// The resume cache's reading of a stored report: nlohmann's SAX interface over the file, keeping a few top-level
// strings and counting findings, so a reused report is built into a tree only once (by the summaries).
#include "batch/report_head.h"

#include <cstddef>
#include <fstream>
#include <nlohmann/json.hpp>
#include <vector>

namespace jx::batch {

namespace {

using Json = nlohmann::json;

// Records, by where each value sits: the top-level strings cache_key, source_stat, outcome and error (or error's
// message and outcome when it is an object), and the lengths of the top-level findings array and of each object of
// the top-level projects array's findings array.
class HeadReader final : public nlohmann::json_sax<Json> {
 public:
  bool null() override { return value(Kind::Null); }
  bool boolean(bool) override { return value(Kind::Other); }
  bool number_integer(number_integer_t) override { return value(Kind::Other); }
  bool number_unsigned(number_unsigned_t) override { return value(Kind::Other); }
  bool number_float(number_float_t, const string_t&) override { return value(Kind::Other); }
  bool string(string_t& s) override { return value(Kind::String, &s); }
  bool binary(binary_t&) override { return value(Kind::Other); }
  bool start_object(std::size_t) override {
    value(Kind::Object);
    stack_.push_back({true, key_});
    return true;
  }
  bool end_object() override {
    stack_.pop_back();
    return true;
  }
  bool start_array(std::size_t) override {
    value(Kind::Array);
    stack_.push_back({false, key_});
    return true;
  }
  bool end_array() override {
    stack_.pop_back();
    return true;
  }
  bool key(string_t& k) override {
    key_ = k;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

  bool root_is_object = false;
  std::string cache_key, source_stat, outcome, error_text, error_message, error_outcome;
  bool has_error = false, error_is_string = false, error_is_object = false;
  bool has_projects_array = false;
  std::size_t projects = 0;
  int top_findings = 0, project_findings = 0;

 private:
  enum class Kind { Null, String, Object, Array, Other };
  struct Level {
    bool object;
    std::string key;  // the key this container was the value of (in an object), else ""
  };

  // One value at the current place: an element of the container on top of the stack, under key_ if an object.
  bool value(Kind kind, const std::string* s = nullptr) {
    const std::size_t depth = stack_.size();
    if (depth == 0) {
      root_is_object = kind == Kind::Object;
      return true;
    }
    const Level& here = stack_.back();
    if (depth == 1 && here.object) {
      top_level(kind, s);
    } else if (depth == 2 && here.object && stack_[0].object && here.key == "error") {
      if (key_ == "message") error_message = kind == Kind::String ? *s : "";
      if (key_ == "outcome") error_outcome = kind == Kind::String ? *s : "";
    } else if (depth == 2 && !here.object && here.key == "findings") {
      ++top_findings;
    } else if (depth == 2 && !here.object && here.key == "projects") {
      ++projects;
    } else if (depth == 4 && !here.object && here.key == "findings" && stack_[2].object &&
               stack_[1].key == "projects" && !stack_[1].object) {
      ++project_findings;
    }
    return true;
  }

  void top_level(Kind kind, const std::string* s) {
    auto text = [&] { return kind == Kind::String ? *s : std::string(); };
    if (key_ == "cache_key") cache_key = text();
    if (key_ == "source_stat") source_stat = text();
    if (key_ == "outcome") outcome = text();
    if (key_ == "error") {
      has_error = kind != Kind::Null;
      error_is_string = kind == Kind::String;
      error_is_object = kind == Kind::Object;
      error_text = text();
      error_message.clear();
      error_outcome.clear();
    }
    if (key_ == "findings") top_findings = 0;
    if (key_ == "projects") {
      has_projects_array = kind == Kind::Array;
      projects = 0;
      project_findings = 0;
    }
  }

  std::vector<Level> stack_;
  std::string key_;
};

}  // namespace

std::optional<ReportHead> read_report_head(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  HeadReader reader;
  if (!Json::sax_parse(in, &reader) || !reader.root_is_object) return std::nullopt;
  ReportHead head;
  head.cache_key = reader.cache_key;
  head.source_stat = reader.source_stat;
  if (reader.has_error) {  // rows_from_document(): an error document is one row, its error and outcome
    head.error = reader.error_is_string ? reader.error_text : reader.error_is_object ? reader.error_message : "";
    head.outcome = reader.outcome;
    if (head.outcome.empty() && reader.error_is_object) head.outcome = reader.error_outcome;
    if (head.outcome.empty()) head.outcome = "internal";
    if (head.error.empty()) head.error = head.outcome;
    return head;
  }
  head.findings = reader.has_projects_array && reader.projects > 0 ? reader.project_findings : reader.top_findings;
  return head;
}

}  // namespace jx::batch
