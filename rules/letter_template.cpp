// rules/letters.toml: the letters' wording, read and checked key by key (see letter_template.h).
#include "rules/letter_template.h"

#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace jx::rules {
namespace {

namespace fs = std::filesystem;

int line_of(const toml::node& n) { return static_cast<int>(n.source().begin.line); }

struct KeySpec {
  std::string_view key;
  std::vector<std::string> placeholders;
};

// [letter]'s text keys and the placeholders each takes; the order is the order of LetterTemplate's fields.
const std::vector<KeySpec>& letter_keys() {
  static const std::vector<KeySpec> kKeys = {
      {"title", {"agency", "date", "count", "project_count"}},
      {"salutation", {"agency"}},
      {"intro", {"agency", "date", "count", "project_count"}},
      {"projects_heading", {}},
      {"project_line", {"index", "project", "department", "year", "stated", "recomputed", "file", "count"}},
      {"findings_heading", {}},
      {"finding_line", {"index", "project", "rule", "rule_name", "message", "indicator_part", "page_part"}},
      {"indicator_part", {"indicator"}},
      {"page_part", {"page"}},
      {"rectification_heading", {}},
      {"rectification", {"agency", "date", "deadline", "deadline_days", "count"}},
      {"closing", {"agency", "date", "deadline", "deadline_days", "count"}},
      {"signature", {"date"}},
      {"date_format", {"year", "month", "day"}},
      {"page_number", {"page", "pages"}},
      {"missing_value", {}},
      {"no_agency", {}},
  };
  return kKeys;
}

class Checker {
 public:
  Checker(std::string file, std::vector<LoadError>& errors) : file_(std::move(file)), errors_(errors) {}
  void error(int line, std::string message) { errors_.push_back({file_, line, std::move(message)}); }

  // Checks every `{…}` of `text` against the key's placeholders.
  void placeholders(std::string_view text, std::string_view key, int line) {
    const auto& allowed = letter_placeholders(key);
    for (std::size_t at = text.find('{'); at != std::string_view::npos; at = text.find('{', at + 1)) {
      const std::size_t close = text.find('}', at);
      if (close == std::string_view::npos) {
        error(line, "'" + std::string(key) + "' has a '{' without its '}'");
        return;
      }
      const std::string name(text.substr(at + 1, close - at - 1));
      if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
        std::string list;
        for (const auto& a : allowed) list += (list.empty() ? "{" : ", {") + a + "}";
        error(line, "'" + std::string(key) + "' has the placeholder {" + name + "}, which it does not take (" +
                        (list.empty() ? std::string("it takes none") : "it takes " + list) + ")");
      }
    }
  }

  // A non-empty string at tbl[key], its placeholders checked.
  std::optional<std::string> text(const toml::table& tbl, std::string_view key, std::string_view where) {
    const toml::node* n = tbl.get(key);
    if (n == nullptr) {
      error(line_of(tbl), "missing key '" + std::string(key) + "' in " + std::string(where));
      return std::nullopt;
    }
    if (!n->is_string()) {
      error(line_of(*n), "'" + std::string(key) + "' must be a string");
      return std::nullopt;
    }
    std::string v = n->as_string()->get();
    if (v.empty()) {
      error(line_of(*n), "'" + std::string(key) + "' must not be empty");
      return std::nullopt;
    }
    placeholders(v, key, line_of(*n));
    return v;
  }

  // An array of strings at tbl[key] (empty allowed only when `may_be_empty`), each checked as text() checks.
  std::optional<std::vector<std::string>> texts(const toml::table& tbl, std::string_view key, std::string_view where,
                                                bool may_be_empty = false) {
    const toml::node* n = tbl.get(key);
    if (n == nullptr) {
      error(line_of(tbl), "missing key '" + std::string(key) + "' in " + std::string(where));
      return std::nullopt;
    }
    const toml::array* arr = n->as_array();
    if (arr == nullptr) {
      error(line_of(*n), "'" + std::string(key) + "' must be an array of strings (one per paragraph or line)");
      return std::nullopt;
    }
    std::vector<std::string> out;
    bool ok = true;
    for (const toml::node& el : *arr) {
      if (!el.is_string() || el.as_string()->get().empty()) {
        error(line_of(el), "'" + std::string(key) + "' must hold only non-empty strings");
        ok = false;
        continue;
      }
      out.push_back(el.as_string()->get());
      placeholders(out.back(), key, line_of(el));
    }
    if (ok && out.empty() && !may_be_empty) {
      error(line_of(*n), "'" + std::string(key) + "' must not be empty");
      ok = false;
    }
    if (!ok) return std::nullopt;
    return out;
  }

  void unknown_keys(const toml::table& tbl, const std::vector<std::string_view>& allowed, std::string_view where) {
    for (auto&& [key, node] : tbl)
      if (std::find(allowed.begin(), allowed.end(), key.str()) == allowed.end())
        error(static_cast<int>(key.source().begin.line),
              "unknown key '" + std::string(key.str()) + "' in " + std::string(where));
  }

 private:
  std::string file_;
  std::vector<LoadError>& errors_;
};

void load_letter(const toml::table& tbl, Checker& c, LetterTemplate& t) {
  const std::string_view where = "[letter]";
  std::vector<std::string_view> allowed = {"deadline_days", "omit_rules"};
  for (const auto& k : letter_keys()) allowed.push_back(k.key);
  c.unknown_keys(tbl, allowed, where);
  auto set = [&](std::string_view key, std::string& field) {
    if (auto v = c.text(tbl, key, where)) field = std::move(*v);
  };
  auto set_list = [&](std::string_view key, std::vector<std::string>& field) {
    if (auto v = c.texts(tbl, key, where)) field = std::move(*v);
  };
  set("title", t.title);
  set("salutation", t.salutation);
  set_list("intro", t.intro);
  set("projects_heading", t.projects_heading);
  set("project_line", t.project_line);
  set("findings_heading", t.findings_heading);
  set("finding_line", t.finding_line);
  set("indicator_part", t.indicator_part);
  set("page_part", t.page_part);
  set("rectification_heading", t.rectification_heading);
  set_list("rectification", t.rectification);
  set_list("closing", t.closing);
  set_list("signature", t.signature);
  set("date_format", t.date_format);
  set("page_number", t.page_number);
  set("missing_value", t.missing_value);
  set("no_agency", t.no_agency);
  if (const toml::node* n = tbl.get("deadline_days"); n == nullptr) {
    c.error(line_of(tbl), "missing key 'deadline_days' in [letter]");
  } else if (!n->is_integer()) {
    c.error(line_of(*n), "'deadline_days' must be a whole number of days");
  } else if (const auto days = n->as_integer()->get(); days < 1 || days > 3650) {
    c.error(line_of(*n), "'deadline_days' must be 1 to 3650, not " + std::to_string(days));
  } else {
    t.deadline_days = static_cast<int>(days);
  }
  if (tbl.get("omit_rules") != nullptr) {
    if (auto v = c.texts(tbl, "omit_rules", where, true)) t.omit_rules = std::move(*v);
  }
  // A file name is made of the addressee: it must be one.
  if (t.no_agency.find('/') != std::string::npos || t.no_agency == "." || t.no_agency == "..")
    c.error(line_of(*tbl.get("no_agency")), "'no_agency' names the letter's file: no '/', not '.' or '..'");
}

void load_fonts(const toml::table& tbl, Checker& c, LetterTemplate& t) {
  c.unknown_keys(tbl, {"pdf", "docx"}, "[fonts]");
  for (auto [key, field] : {std::pair<std::string_view, std::string*>{"pdf", &t.pdf_font}, {"docx", &t.docx_font}}) {
    if (const toml::node* n = tbl.get(key); n == nullptr) {
      c.error(line_of(tbl), "missing key '" + std::string(key) + "' in [fonts]");
    } else if (!n->is_string() || n->as_string()->get().empty()) {
      c.error(line_of(*n), "'" + std::string(key) + "' of [fonts] must be a font family name");
    } else {
      *field = n->as_string()->get();
    }
  }
}

}  // namespace

std::string letter_template_path(const std::string& rules_dir) {
  return (fs::path(rules_dir) / kLetterTemplateFile).string();
}

const std::vector<std::string>& letter_placeholders(std::string_view key) {
  static const std::vector<std::string> kNone;
  for (const auto& k : letter_keys())
    if (k.key == key) return k.placeholders;
  return kNone;
}

std::string fill_placeholders(std::string_view text, const std::map<std::string, std::string>& values) {
  std::string out;
  out.reserve(text.size());
  std::size_t from = 0;
  while (from < text.size()) {
    const std::size_t open = text.find('{', from);
    const std::size_t close = open == std::string_view::npos ? open : text.find('}', open);
    if (close == std::string_view::npos) break;
    out.append(text.substr(from, open - from));
    auto it = values.find(std::string(text.substr(open + 1, close - open - 1)));
    if (it != values.end())
      out += it->second;
    else
      out.append(text.substr(open, close - open + 1));
    from = close + 1;
  }
  if (from < text.size()) out.append(text.substr(from));
  return out;
}

LetterTemplateLoad load_letter_template(const std::string& path, const Limits& limits) {
  LetterTemplateLoad result;
  Checker c(path, result.errors);
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    c.error(0, "the letters' template is missing (or is not a file)");
    return result;
  }
  if (fs::file_size(path, ec) > limits.max_rule_file_bytes || ec) {
    c.error(0, ec ? "cannot read: " + ec.message()
                  : "larger than the limit max_rule_file_bytes (" + std::to_string(limits.max_rule_file_bytes) +
                        " bytes); not a rule file");
    return result;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  if (!in && !in.eof()) {
    c.error(0, "cannot read the file");
    return result;
  }
  const std::string bytes = buf.str();
  toml::table root;
#if TOML_EXCEPTIONS
  try {
    root = toml::parse(bytes, path);
  } catch (const toml::parse_error& e) {
    c.error(static_cast<int>(e.source().begin.line), "TOML syntax error: " + std::string(e.description()));
    return result;
  }
#else
  toml::parse_result parsed = toml::parse(bytes, path);
  if (!parsed) {
    c.error(static_cast<int>(parsed.error().source().begin.line),
            "TOML syntax error: " + std::string(parsed.error().description()));
    return result;
  }
  root = std::move(parsed).table();
#endif
  LetterTemplate t;
  t.file = path;
  c.unknown_keys(root, {"letter", "fonts"}, "the file (it holds the tables [letter] and [fonts])");
  for (const char* table : {"letter", "fonts"}) {
    const toml::node* n = root.get(table);
    if (n == nullptr) {
      c.error(0, std::string("missing table [") + table + "]");
    } else if (!n->is_table()) {
      c.error(line_of(*n), std::string("'") + table + "' must be a table, [" + table + "]");
    } else if (std::string_view(table) == "letter") {
      load_letter(*n->as_table(), c, t);
    } else {
      load_fonts(*n->as_table(), c, t);
    }
  }
  std::stable_sort(result.errors.begin(), result.errors.end(),
                   [](const LoadError& a, const LoadError& b) { return a.line < b.line; });
  if (result.errors.empty()) result.tmpl = std::move(t);
  return result;
}

}  // namespace jx::rules
