// Findings letters (`jxaudit letters OUT`): for each agency folder of a batch, a formal letter (审核意见及整改通知)
// listing the projects reviewed and each finding to rectify with its message, page and evidence crop, as PDF and as
// DOCX under OUT/letters/. Three stages, plain structs between them:
//   the batch's rows (summary_rows.h) → LetterContent per agency (what the letter is about: collect_letters())
//   → LetterDocument (the letter's text, worded by rules/letters.toml: compose_letter())
//   → OUT/letters/<agency>.pdf (letter_pdf.cpp) and .docx (letter_docx.cpp), each written atomically.
//
//   jx::outputs::LetterSelection sel{jx::outputs::LetterStatus::Confirmed, &reviews, tmpl.omit_rules, &notes};
//   auto letters = jx::outputs::collect_letters("OUT", rules.grades, sel, &problems);
//   auto result = jx::outputs::write_letters("OUT", letters, tmpl, jx::outputs::today());
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "outputs/summary_rows.h"
#include "rules/letter_template.h"
#include "rules/ruleset.h"

namespace jx::outputs {

// ---- what a letter is about -----------------------------------------------------------------------------------

// Which findings go into the letters: those not dismissed (a finding without a decision, open or confirmed), or
// only those confirmed.
enum class LetterStatus { NotDismissed, Confirmed };

struct LetterSelection {
  LetterStatus status = LetterStatus::NotDismissed;
  const Reviews* reviews = nullptr;     // the register's decision of each finding id; none when null
  std::vector<std::string> omit_rules;  // rule ids never sent (letters.toml's omit_rules)
  const RuleNotes* notes = nullptr;     // each rule's Chinese name, for {rule_name}; the id when absent
};

struct LetterFinding {
  std::string id, rule, rule_name, indicator, message;
  int page = 0;       // 0: not tied to a page
  std::string image;  // the evidence crop, relative to OUT ("evidence/<rel>/1.png"); empty when none
};

struct LetterProject {
  std::string rel, file, name, department;
  std::optional<int> year;
  std::optional<double> stated_total, recomputed_total;
  std::vector<LetterFinding> findings;  // those selected, in the report's order
};

// One agency's letter: every project of the agency that was audited (failed files are not reviewed projects), and
// of each the findings selected.
struct LetterContent {
  std::string agency;  // the reports' top folder under the input; empty for reports not filed under a folder
  std::vector<LetterProject> projects;  // in rel and project order
  std::size_t finding_count() const;
};

// Adds `row` (an audited project; a failed file is skipped) to the letter of its agency in `letters`, keeping the
// findings `sel` selects.
void add_to_letters(const FileRow& row, const LetterSelection& sel, std::map<std::string, LetterContent>* letters);

// The letters of every report under OUT/reports, by agency (agencies without a finding selected included, with no
// findings). A report that cannot be read is a problem line.
std::map<std::string, LetterContent> collect_letters(const std::string& out_dir,
                                                     const std::vector<rules::GradeBand>& grades,
                                                     const LetterSelection& sel, std::vector<std::string>* problems);

// ---- the letter's text ----------------------------------------------------------------------------------------

struct LetterDate {
  int year = 1970, month = 1, day = 1;
};
// "YYYY-MM-DD" as a valid calendar date; nullopt otherwise.
std::optional<LetterDate> parse_letter_date(const std::string& text);
// Today, in local time.
LetterDate today();
// `date` plus `days` days, over month and year ends.
LetterDate add_days(const LetterDate& date, int days);

enum class BlockKind {
  Title,      // centred, large
  Paragraph,  // a body paragraph: first line indented two characters
  Plain,      // a line set flush left without indent (the salutation)
  Heading,    // a section heading, bold
  Item,       // a line of a list (a project, a finding), indented like a paragraph
  Image,      // an evidence crop under its finding
  Signature,  // a line set flush right
};

struct LetterBlock {
  BlockKind kind = BlockKind::Paragraph;
  std::string text;        // every kind but Image
  std::string image_path;  // Image: the PNG file (under OUT/evidence)
};

struct LetterDocument {
  std::string agency;     // the addressee
  std::string file_stem;  // the letter's file name without extension: the agency, or letters.toml's no_agency
  std::string title;
  std::vector<LetterBlock> blocks;  // the title first
  std::string page_number;          // letters.toml's page_number: {page} and {pages} left to the writer
  std::string pdf_font, docx_font;
  std::size_t findings = 0;
};

// The letter of `content`, worded by `tmpl`, dated `date`. Images are the findings' crops as files under `out_dir`
// (a crop whose path would leave OUT/evidence is left out).
LetterDocument compose_letter(const LetterContent& content, const rules::LetterTemplate& tmpl, const LetterDate& date,
                              const std::string& out_dir);

// ---- images ---------------------------------------------------------------------------------------------------

// The width and height in pixels of PNG bytes (from the IHDR chunk); nullopt when they are not a PNG.
std::optional<std::pair<int, int>> png_size(const std::string& bytes);

// The size in points an evidence crop is shown at: its pixels at the resolution the crops are rendered at
// (EvidenceOptions::dpi), scaled down to `max_width` and `max_height` points (keeping its proportions).
std::pair<double, double> image_points(int width_px, int height_px, double max_width, double max_height);

// The PNG at `path` (a regular file, at most Limits::max_file_bytes); empty when it cannot be read.
std::string read_png(const std::string& path);

// ---- the writers ----------------------------------------------------------------------------------------------

// A4 PDF through Cairo and Pango: text as a text layer in doc.pdf_font, laid out with page breaks, the images
// embedded, page_number at the foot of every page. Written atomically; returns a message on failure (nothing
// written then). An image that cannot be read is left out and named in `problems`.
std::optional<std::string> write_letter_pdf(const LetterDocument& doc, const std::string& path,
                                            std::vector<std::string>* problems);

// A DOCX (OOXML package through libzip): [Content_Types].xml, _rels/.rels, word/document.xml, word/styles.xml,
// word/footer1.xml (the page number), word/_rels/document.xml.rels and word/media/*.png, the images as inline
// drawings of their size in EMU. Written atomically; returns a message on failure (nothing written then).
std::optional<std::string> write_letter_docx(const LetterDocument& doc, const std::string& path,
                                             std::vector<std::string>* problems);

// ---- the command's work ---------------------------------------------------------------------------------------

struct LettersResult {
  std::vector<std::string> written;      // the agencies with a letter
  std::vector<std::string> files;        // the letters written: OUT/letters/<agency>.pdf and .docx
  std::vector<std::string> no_findings;  // the agencies without a finding to send: no letter (an old one removed)
  std::vector<std::string> removed;      // letters of an earlier run to agencies no longer among the reports
  std::size_t findings = 0;              // findings in the letters written
  std::vector<std::string> problems;     // letters that could not be written, images left out
};

// Composes and writes every letter of `letters` into OUT/letters/, dated `date`. An agency without a finding gets no
// letter, and a letter an earlier run wrote for it is removed (it would no longer be true); so are the letters
// (*.pdf, *.docx) of agencies that are no longer among the reports, and temporaries a killed run left. The caller
// holds OUT's lock (OutLock).
LettersResult write_letters(const std::string& out_dir, const std::map<std::string, LetterContent>& letters,
                            const rules::LetterTemplate& tmpl, const LetterDate& date);

}  // namespace jx::outputs
