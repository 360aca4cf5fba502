// Findings letters: what each agency's letter is about, its text, and writing every letter (see letters.h).
#include "outputs/letters.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <set>

#include "core/limits.h"
#include "core/numbers.h"
#include "core/regular_file.h"
#include "core/text.h"
#include "outputs/evidence.h"
#include "outputs/out_files.h"

namespace jx::outputs {
namespace {

namespace fs = std::filesystem;

bool selected(const FindingRow& f, const LetterSelection& sel) {
  if (std::find(sel.omit_rules.begin(), sel.omit_rules.end(), f.rule) != sel.omit_rules.end()) return false;
  std::string state;
  if (sel.reviews != nullptr) {
    if (auto it = sel.reviews->find(f.id); it != sel.reviews->end()) state = it->second;
  }
  return sel.status == LetterStatus::Confirmed ? state == "confirmed" : state != "dismissed";
}

std::string two_decimals(const std::optional<double>& v, const std::string& missing) {
  return v ? format_fixed(*v, 2) : missing;
}

std::string date_text(const LetterDate& d, const rules::LetterTemplate& t) {
  return rules::fill_placeholders(
      t.date_format,
      {{"year", std::to_string(d.year)}, {"month", std::to_string(d.month)}, {"day", std::to_string(d.day)}});
}

}  // namespace

std::size_t LetterContent::finding_count() const {
  std::size_t n = 0;
  for (const auto& p : projects) n += p.findings.size();
  return n;
}

void add_to_letters(const FileRow& row, const LetterSelection& sel, std::map<std::string, LetterContent>* letters) {
  if (row.outcome != "ok" || !row.project_index) return;
  LetterContent& letter = (*letters)[row.agency];
  letter.agency = row.agency;
  LetterProject p;
  p.rel = row.rel;
  p.file = row.file;
  p.name = row.project;
  p.department = row.department;
  p.year = row.year;
  p.stated_total = row.stated_total;
  p.recomputed_total = row.recomputed_total;
  for (const auto& f : row.findings) {
    if (!selected(f, sel)) continue;
    LetterFinding lf;
    lf.id = f.id;
    lf.rule = f.rule;
    lf.rule_name = f.rule;
    if (sel.notes != nullptr) {
      if (auto it = sel.notes->find(f.rule); it != sel.notes->end() && !it->second.name.empty())
        lf.rule_name = it->second.name;
    }
    lf.indicator = f.indicator;
    lf.message = f.message;
    lf.page = f.page;
    lf.image = f.image;
    p.findings.push_back(std::move(lf));
  }
  letter.projects.push_back(std::move(p));
}

std::map<std::string, LetterContent> collect_letters(const std::string& out_dir,
                                                     const std::vector<rules::GradeBand>& grades,
                                                     const LetterSelection& sel, std::vector<std::string>* problems) {
  std::map<std::string, LetterContent> letters;
  for_each_report(out_dir, grades, {}, problems, [&](const FileRow& row) { add_to_letters(row, sel, &letters); });
  return letters;
}

std::optional<LetterDate> parse_letter_date(const std::string& text) {
  int y = 0;
  unsigned m = 0, d = 0;
  char tail = 0;
  if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  if (!ymd.ok() || y < 1900) return std::nullopt;
  return LetterDate{y, static_cast<int>(m), static_cast<int>(d)};
}

LetterDate today() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return {local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
}

LetterDate add_days(const LetterDate& date, int days) {
  const std::chrono::sys_days start{std::chrono::year{date.year} /
                                    std::chrono::month{static_cast<unsigned>(date.month)} /
                                    std::chrono::day{static_cast<unsigned>(date.day)}};
  const std::chrono::year_month_day end{start + std::chrono::days{days}};
  return {static_cast<int>(end.year()), static_cast<int>(static_cast<unsigned>(end.month())),
          static_cast<int>(static_cast<unsigned>(end.day()))};
}

LetterDocument compose_letter(const LetterContent& content, const rules::LetterTemplate& t, const LetterDate& date,
                              const std::string& out_dir) {
  LetterDocument doc;
  doc.agency = valid_text(content.agency.empty() ? t.no_agency : content.agency);
  doc.file_stem = content.agency.empty() ? t.no_agency : content.agency;  // the folder's name, as it is on disk
  doc.page_number = t.page_number;
  doc.pdf_font = t.pdf_font;
  doc.docx_font = t.docx_font;
  doc.findings = content.finding_count();

  const std::string date_str = date_text(date, t);
  const std::map<std::string, std::string> common = {
      {"agency", doc.agency},
      {"date", date_str},
      {"deadline", date_text(add_days(date, t.deadline_days), t)},
      {"deadline_days", std::to_string(t.deadline_days)},
      {"count", std::to_string(doc.findings)},
      {"project_count", std::to_string(content.projects.size())},
  };
  // Every text valid UTF-8 without the characters XML forbids (a report's strings come from a PDF).
  auto add = [&doc](BlockKind kind, const std::string& text) { doc.blocks.push_back({kind, valid_text(text), {}}); };

  doc.title = valid_text(rules::fill_placeholders(t.title, common));
  add(BlockKind::Title, doc.title);
  add(BlockKind::Plain, rules::fill_placeholders(t.salutation, common));
  for (const auto& para : t.intro) add(BlockKind::Paragraph, rules::fill_placeholders(para, common));

  add(BlockKind::Heading, t.projects_heading);
  std::size_t index = 0;
  for (const auto& p : content.projects) {
    add(BlockKind::Item,
        rules::fill_placeholders(t.project_line, {{"index", std::to_string(++index)},
                                                  {"project", p.name.empty() ? t.missing_value : p.name},
                                                  {"department", p.department.empty() ? t.missing_value : p.department},
                                                  {"year", p.year ? std::to_string(*p.year) : t.missing_value},
                                                  {"stated", two_decimals(p.stated_total, t.missing_value)},
                                                  {"recomputed", two_decimals(p.recomputed_total, t.missing_value)},
                                                  {"file", p.file},
                                                  {"count", std::to_string(p.findings.size())}}));
  }

  add(BlockKind::Heading, t.findings_heading);
  index = 0;
  for (const auto& p : content.projects) {
    for (const auto& f : p.findings) {
      const std::string indicator_part = f.indicator.empty()
                                             ? std::string()
                                             : rules::fill_placeholders(t.indicator_part, {{"indicator", f.indicator}});
      const std::string page_part =
          f.page > 0 ? rules::fill_placeholders(t.page_part, {{"page", std::to_string(f.page)}}) : std::string();
      add(BlockKind::Item,
          rules::fill_placeholders(t.finding_line, {{"index", std::to_string(++index)},
                                                    {"project", p.name.empty() ? t.missing_value : p.name},
                                                    {"rule", f.rule},
                                                    {"rule_name", f.rule_name},
                                                    {"message", f.message},
                                                    {"indicator_part", indicator_part},
                                                    {"page_part", page_part}}));
      if (is_evidence_rel(f.image))
        doc.blocks.push_back({BlockKind::Image, {}, (fs::path(out_dir) / f.image).string()});
    }
  }

  add(BlockKind::Heading, t.rectification_heading);
  for (const auto& para : t.rectification) add(BlockKind::Paragraph, rules::fill_placeholders(para, common));
  for (const auto& para : t.closing) add(BlockKind::Paragraph, rules::fill_placeholders(para, common));
  for (const auto& line : t.signature) add(BlockKind::Signature, rules::fill_placeholders(line, common));
  return doc;
}

std::optional<std::pair<int, int>> png_size(const std::string& bytes) {
  static const char kSignature[] = "\x89PNG\r\n\x1a\n";
  if (bytes.size() < 24 || bytes.compare(0, 8, kSignature, 8) != 0 || bytes.compare(12, 4, "IHDR") != 0)
    return std::nullopt;
  auto be32 = [&bytes](std::size_t at) {
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[at + i]);
    return v;
  };
  const std::uint32_t w = be32(16), h = be32(20);
  if (w == 0 || h == 0 || w > 1u << 20 || h > 1u << 20) return std::nullopt;
  return std::make_pair(static_cast<int>(w), static_cast<int>(h));
}

std::pair<double, double> image_points(int width_px, int height_px, double max_width, double max_height) {
  const double dpi = EvidenceOptions{}.dpi;
  double w = width_px * 72.0 / dpi, h = height_px * 72.0 / dpi;
  const double scale = std::min({1.0, max_width / w, max_height / h});
  return {w * scale, h * scale};
}

std::string read_png(const std::string& path) {
  std::string bytes;
  if (!read_regular_file(path, false, Limits{}.max_file_bytes,
                         [&bytes](const char* data, std::size_t n) { bytes.append(data, n); }))
    return {};
  return png_size(bytes) ? bytes : std::string();
}

LettersResult write_letters(const std::string& out_dir, const std::map<std::string, LetterContent>& letters,
                            const rules::LetterTemplate& tmpl, const LetterDate& date) {
  LettersResult result;
  const fs::path dir = fs::path(out_dir) / "letters";
  std::set<std::string> kept;  // the file names of this run's letters (written, or removed for want of findings)
  for (const auto& [agency, content] : letters) {
    LetterDocument doc = compose_letter(content, tmpl, date, out_dir);
    const std::string pdf = (dir / (doc.file_stem + ".pdf")).string();
    const std::string docx = (dir / (doc.file_stem + ".docx")).string();
    kept.insert(doc.file_stem + ".pdf");
    kept.insert(doc.file_stem + ".docx");
    if (doc.findings == 0) {
      std::error_code ec;
      fs::remove(pdf, ec);
      fs::remove(docx, ec);
      result.no_findings.push_back(doc.agency);
      continue;
    }
    std::error_code ec;
    fs::create_directories(dir, ec);
    auto pdf_error = write_letter_pdf(doc, pdf, &result.problems);
    auto docx_error = write_letter_docx(doc, docx, nullptr);  // an image it leaves out, the PDF has named
    if (pdf_error) result.problems.push_back(pdf + ": " + *pdf_error);
    if (docx_error) result.problems.push_back(docx + ": " + *docx_error);
    if (!pdf_error && !docx_error) {
      result.written.push_back(doc.agency);
      result.files.push_back(pdf);
      result.files.push_back(docx);
      result.findings += doc.findings;
    }
  }
  // What else is in OUT/letters and was not written now: the letters of agencies no longer among the reports, and
  // the temporaries of a killed run (the caller holds OUT's lock, so no other run is writing here).
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    const std::string ext = it->path().extension().string();
    std::error_code e2;
    if (!it->is_regular_file(e2) || kept.count(name) != 0) continue;
    if (is_temporary_name(name)) {
      fs::remove(it->path(), e2);
    } else if (ext == ".pdf" || ext == ".docx") {
      if (fs::remove(it->path(), e2)) result.removed.push_back(it->path().string());
    }
  }
  return result;
}

}  // namespace jx::outputs
