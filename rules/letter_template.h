// The wording of the findings letters (`jxaudit letters`), rules/letters.toml: every sentence a letter prints, with
// {placeholders} the letter fills in, loaded and validated like the other rule files (file-and-line errors). The
// bureau edits the file; no wording of a letter lives in code.
//
//   auto loaded = jx::rules::load_letter_template(jx::rules::letter_template_path("rules"));
//   if (!loaded.ok()) { for (auto& e : loaded.errors) std::cerr << e.to_string() << "\n"; return 2; }
//   std::string s = jx::rules::fill_placeholders(loaded.tmpl->salutation, {{"agency", "市财政局"}});
//
// The file is not part of the rules hash (rules::RuleSet::hash): editing a letter's wording changes no audit.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/limits.h"
#include "rules/ruleset.h"

namespace jx::rules {

// The file's name in a rules directory.
inline constexpr const char* kLetterTemplateFile = "letters.toml";

// A letter's wording. Every text is a template: `{name}` is replaced by a value the letter supplies; which names a
// key may use is fixed (letter_placeholders()) and checked on load. The lists are paragraphs (or lines), in order.
struct LetterTemplate {
  std::string file;  // where it was loaded from, for messages
  // [letter]
  std::string title;                       // {agency} {date} {count} {project_count}
  std::string salutation;                  // {agency}
  std::vector<std::string> intro;          // {agency} {date} {count} {project_count}
  std::string projects_heading;            // no placeholders
  std::string project_line;                // {index} {project} {department} {year} {stated} {recomputed} {file}
                                           // {count}: one line per project reviewed
  std::string findings_heading;            // no placeholders
  std::string finding_line;                // {index} {project} {rule} {rule_name} {message} {indicator_part}
                                           // {page_part}: one paragraph per finding
  std::string indicator_part;              // {indicator}: {indicator_part} when the finding names an indicator
  std::string page_part;                   // {page}: {page_part} when the finding is on a page
  std::string rectification_heading;       // no placeholders
  std::vector<std::string> rectification;  // {agency} {date} {deadline} {deadline_days} {count}
  std::vector<std::string> closing;        // {agency} {date} {deadline} {deadline_days} {count}
  std::vector<std::string> signature;      // {date}: lines set flush right under the letter
  std::string date_format;                 // {year} {month} {day}: how {date} and {deadline} are written
  std::string page_number;                 // {page} {pages}: the footer of every page
  std::string missing_value;               // written for a year or total the report does not give
  std::string no_agency;                   // the addressee (and file name) of reports not in an agency folder
  int deadline_days = 0;                   // {deadline} is the letter's date plus this many days (1 to 3650)
  std::vector<std::string> omit_rules;     // rule ids never put in a letter (the tool's own doubts); may be empty
  // [fonts]
  std::string pdf_font;   // a fontconfig family for the PDF ("Noto Serif CJK SC")
  std::string docx_font;  // the East Asian font the DOCX asks Word or WPS for ("宋体")
};

struct LetterTemplateLoad {
  std::optional<LetterTemplate> tmpl;
  std::vector<LoadError> errors;
  bool ok() const { return tmpl.has_value() && errors.empty(); }
};

// DIR/letters.toml.
std::string letter_template_path(const std::string& rules_dir);

// Reads and validates the template at `path`. Never throws for a bad file: each problem is a LoadError with the
// file and line (a TOML syntax error, a missing or unknown key (a missing key at its table's line, a missing table
// at line 0), a value of the wrong type or out of range, an empty text, a placeholder the key does not take, a `{`
// without its `}`). `limits.max_rule_file_bytes` bounds the file.
LetterTemplateLoad load_letter_template(const std::string& path, const Limits& limits = {});

// The placeholder names a key of [letter] takes (empty for a key without placeholders or an unknown key).
const std::vector<std::string>& letter_placeholders(std::string_view key);

// `text` with every `{name}` that `values` has replaced by its value; other text (and an unknown `{name}`) is kept.
std::string fill_placeholders(std::string_view text, const std::map<std::string, std::string>& values);

}  // namespace jx::rules
