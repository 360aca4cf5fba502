// A letter as a DOCX: the OOXML package (ECMA-376 Part 2: content types, relationships) holding a WordprocessingML
// document with its styles, a footer with the page number, and each evidence crop as a PNG part shown as an inline
// DrawingML picture. The zip is written by libzip to a temporary beside the letter, then renamed over it.
#include <zip.h>

#include <cstdio>
#include <deque>
#include <filesystem>
#include <map>

#include "core/text.h"
#include "outputs/letters.h"
#include "outputs/out_files.h"

namespace jx::outputs {
namespace {

namespace fs = std::filesystem;

constexpr const char* kXmlHead = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
constexpr const char* kRelTypes = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
constexpr long kEmuPerPoint = 12700;
// A4 in twentieths of a point, the margins of a formal letter (see letter_pdf.cpp), and the text's width.
constexpr int kPageW = 11906, kPageH = 16838, kTop = 2098, kBottom = 1984, kLeft = 1588, kRight = 1474;
constexpr double kTextWidthPt = (kPageW - kLeft - kRight) / 20.0;
constexpr double kTextHeightPt = (kPageH - kTop - kBottom) / 20.0;
constexpr int kBodyHalfPoints = 30, kTitleHalfPoints = 44, kFooterHalfPoints = 24;  // 15 pt, 22 pt, 12 pt
constexpr int kIndentTwips = 2 * kBodyHalfPoints * 10;                              // two characters

// `s` escaped for XML (it is already valid UTF-8 without the characters XML forbids: compose_letter()).
std::string xml(std::string_view s) { return markup_escape(s); }

std::string run(std::string_view text) { return "<w:r><w:t xml:space=\"preserve\">" + xml(text) + "</w:t></w:r>"; }

std::string paragraph(std::string_view style, std::string_view text, std::string_view extra_ppr = {}) {
  return "<w:p><w:pPr><w:pStyle w:val=\"" + std::string(style) + "\"/>" + std::string(extra_ppr) + "</w:pPr>" +
         run(text) + "</w:p>";
}

// An inline picture of `w` × `h` points, relationship `rid`, drawing number `n` (unique in the document).
std::string picture(const std::string& rid, int n, double w, double h) {
  const std::string cx = std::to_string(static_cast<long>(w * kEmuPerPoint));
  const std::string cy = std::to_string(static_cast<long>(h * kEmuPerPoint));
  const std::string id = std::to_string(n);
  return "<w:p><w:pPr><w:pStyle w:val=\"Figure\"/></w:pPr><w:r><w:drawing>"
         "<wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"" +
         cx + "\" cy=\"" + cy + "\"/><wp:docPr id=\"" + id + "\" name=\"evidence" + id +
         "\"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect=\"1\"/></wp:cNvGraphicFramePr>"
         "<a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:pic>"
         "<pic:nvPicPr><pic:cNvPr id=\"" +
         id + "\" name=\"evidence" + id + ".png\"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed=\"" +
         rid +
         "\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/>"
         "<a:ext cx=\"" +
         cx + "\" cy=\"" + cy +
         "\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData>"
         "</a:graphic></wp:inline></w:drawing></w:r></w:p>";
}

std::string styles(const std::string& font) {
  const std::string f = xml(font);
  auto size = [](int half_points) {
    return "<w:sz w:val=\"" + std::to_string(half_points) + "\"/><w:szCs w:val=\"" + std::to_string(half_points) +
           "\"/>";
  };
  auto style = [](const char* id, const char* name, const std::string& ppr, const std::string& rpr) {
    return std::string("<w:style w:type=\"paragraph\" w:styleId=\"") + id + "\"><w:name w:val=\"" + name +
           "\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/><w:pPr>" + ppr + "</w:pPr><w:rPr>" + rpr +
           "</w:rPr></w:style>";
  };
  return std::string(kXmlHead) +
         "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
         "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" "
         "w:eastAsia=\"" +
         f + "\" w:cs=\"Times New Roman\"/>" + size(kBodyHalfPoints) +
         "<w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
         "<w:spacing w:after=\"0\" w:line=\"360\" w:lineRule=\"auto\"/><w:jc w:val=\"both\"/></w:pPr></w:pPrDefault>"
         "</w:docDefaults>"
         "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/>"
         "</w:style>" +
         style("Title", "Title", "<w:keepNext/><w:spacing w:before=\"240\" w:after=\"480\"/><w:jc w:val=\"center\"/>",
               "<w:b/>" + size(kTitleHalfPoints)) +
         style("Heading1", "heading 1", "<w:keepNext/><w:spacing w:before=\"180\"/><w:outlineLvl w:val=\"0\"/>",
               "<w:b/>") +
         style("Salutation", "Salutation", "", "") +
         style("BodyText", "Body Text",
               "<w:ind w:firstLineChars=\"200\" w:firstLine=\"" + std::to_string(kIndentTwips) + "\"/>", "") +
         style("Figure", "Figure",
               "<w:spacing w:before=\"80\" w:after=\"80\" w:line=\"240\" w:lineRule=\"auto\"/><w:ind w:left=\"" +
                   std::to_string(kIndentTwips) + "\"/><w:jc w:val=\"left\"/>",
               "") +
         style("Signature", "Signature", "<w:jc w:val=\"right\"/>", "") +
         style("Footer", "footer", "<w:jc w:val=\"center\"/>", size(kFooterHalfPoints)) + "</w:styles>";
}

// The footer: letters.toml's page_number with {page} and {pages} as Word's PAGE and NUMPAGES fields.
std::string footer(const std::string& page_number) {
  std::string body;
  std::size_t from = 0;
  while (from < page_number.size()) {
    const std::size_t p1 = page_number.find("{page}", from), p2 = page_number.find("{pages}", from);
    const std::size_t at = std::min(p1, p2);
    if (at == std::string::npos) break;
    if (at > from) body += run(page_number.substr(from, at - from));
    const bool total = at == p2;
    body +=
        std::string("<w:fldSimple w:instr=\" ") + (total ? "NUMPAGES" : "PAGE") + " \">" + run("1") + "</w:fldSimple>";
    from = at + (total ? 7 : 6);
  }
  if (from < page_number.size()) body += run(page_number.substr(from));
  return std::string(kXmlHead) +
         "<w:ftr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
         "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
         "<w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr>" +
         body + "</w:p></w:ftr>";
}

// A zip written to a temporary, renamed into place by commit(); dropped uncommitted, it leaves nothing behind.
class ZipOut {
 public:
  explicit ZipOut(std::string path) : path_(std::move(path)), tmp_(temporary_beside(path_)) {
    int code = 0;
    zip_ = zip_open(tmp_.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
    if (zip_ == nullptr) {
      zip_error_t e;
      zip_error_init_with_code(&e, code);
      error_ = std::string("cannot create the package: ") + zip_error_strerror(&e);
      zip_error_fini(&e);
    }
  }
  ~ZipOut() {
    if (zip_ != nullptr) zip_discard(zip_);
    if (!done_) {
      std::error_code ec;
      fs::remove(tmp_, ec);
    }
  }
  ZipOut(const ZipOut&) = delete;
  ZipOut& operator=(const ZipOut&) = delete;

  // Adds the part `name` holding `bytes` (kept until commit()).
  void add(const std::string& name, std::string bytes) {
    if (zip_ == nullptr || error_) return;
    const std::string& kept = parts_.emplace_back(std::move(bytes));
    zip_source_t* src = zip_source_buffer(zip_, kept.data(), kept.size(), 0);
    if (src == nullptr || zip_file_add(zip_, name.c_str(), src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) < 0) {
      if (src != nullptr) zip_source_free(src);
      error_ = "cannot add " + name + ": " + zip_strerror(zip_);
    }
  }

  std::optional<std::string> commit() {
    if (error_) return error_;
    if (zip_close(zip_) != 0) {
      error_ = std::string("cannot write the package: ") + zip_strerror(zip_);
      return error_;
    }
    zip_ = nullptr;
    std::error_code ec;
    fs::rename(tmp_, path_, ec);
    if (ec) return "cannot put the package in place: " + ec.message();
    done_ = true;
    return std::nullopt;
  }

 private:
  std::string path_, tmp_;
  zip_t* zip_ = nullptr;
  std::deque<std::string> parts_;  // a deque: adding a part never moves the bytes libzip points at
  std::optional<std::string> error_;
  bool done_ = false;
};

}  // namespace

std::optional<std::string> write_letter_docx(const LetterDocument& doc, const std::string& path,
                                             std::vector<std::string>* problems) {
  ZipOut zip(path);
  std::string body;
  std::string rels = std::string(kXmlHead) +
                     "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                     "<Relationship Id=\"rId1\" Type=\"" +
                     kRelTypes + "styles\" Target=\"styles.xml\"/><Relationship Id=\"rId2\" Type=\"" + kRelTypes +
                     "footer\" Target=\"footer1.xml\"/>";
  std::map<std::string, std::string> media;  // image path → its relationship id
  std::vector<std::pair<std::string, std::string>> media_parts;
  int drawings = 0;
  bool signature_started = false;
  for (std::size_t i = 0; i < doc.blocks.size(); ++i) {
    const LetterBlock& block = doc.blocks[i];
    // A finding's text stays on the page of its crop.
    const bool before_image = i + 1 < doc.blocks.size() && doc.blocks[i + 1].kind == BlockKind::Image;
    switch (block.kind) {
      case BlockKind::Title:
        body += paragraph("Title", block.text);
        break;
      case BlockKind::Heading:
        body += paragraph("Heading1", block.text);
        break;
      case BlockKind::Plain:
        body += paragraph("Salutation", block.text);
        break;
      case BlockKind::Paragraph:
      case BlockKind::Item:
        body += paragraph("BodyText", block.text, before_image ? "<w:keepNext/>" : "");
        break;
      case BlockKind::Signature:
        body += paragraph("Signature", block.text, signature_started ? "" : "<w:spacing w:before=\"900\"/>");
        signature_started = true;
        break;
      case BlockKind::Image: {
        std::string bytes = read_png(block.image_path);
        const auto size = png_size(bytes);
        if (!size) {
          if (problems != nullptr)
            problems->push_back(block.image_path +
                                ": the evidence image cannot be read; the letter shows its finding without it");
          break;
        }
        auto [it, fresh] = media.emplace(block.image_path, "rId" + std::to_string(10 + media.size()));
        if (fresh) {
          const std::string target = "media/image" + std::to_string(media.size()) + ".png";
          rels += "<Relationship Id=\"" + it->second + "\" Type=\"" + kRelTypes + "image\" Target=\"" + target + "\"/>";
          media_parts.emplace_back("word/" + target, std::move(bytes));
        }
        const auto [w, h] = image_points(size->first, size->second, kTextWidthPt - kIndentTwips / 20.0,
                                         kTextHeightPt - 2 * kBodyHalfPoints);
        body += picture(it->second, ++drawings, w, h);
        break;
      }
    }
  }
  rels += "</Relationships>";
  const std::string document = std::string(kXmlHead) +
                               "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
                               "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" "
                               "xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" "
                               "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" "
                               "xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><w:body>" +
                               body + "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rId2\"/><w:pgSz w:w=\"" +
                               std::to_string(kPageW) + "\" w:h=\"" + std::to_string(kPageH) + "\"/><w:pgMar w:top=\"" +
                               std::to_string(kTop) + "\" w:right=\"" + std::to_string(kRight) + "\" w:bottom=\"" +
                               std::to_string(kBottom) + "\" w:left=\"" + std::to_string(kLeft) +
                               "\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>";

  zip.add("[Content_Types].xml",
          std::string(kXmlHead) +
              "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
              "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
              "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
              "<Default Extension=\"png\" ContentType=\"image/png\"/>"
              "<Override PartName=\"/word/document.xml\" ContentType=\"application/"
              "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
              "<Override PartName=\"/word/styles.xml\" ContentType=\"application/"
              "vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
              "<Override PartName=\"/word/footer1.xml\" ContentType=\"application/"
              "vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>"
              "<Override PartName=\"/docProps/core.xml\" "
              "ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/></Types>");
  zip.add("_rels/.rels", std::string(kXmlHead) +
                             "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                             "<Relationship Id=\"rId1\" Type=\"" +
                             kRelTypes +
                             "officeDocument\" Target=\"word/document.xml\"/>"
                             "<Relationship Id=\"rId2\" "
                             "Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
                             "core-properties\" Target=\"docProps/core.xml\"/></Relationships>");
  zip.add("docProps/core.xml",
          std::string(kXmlHead) +
              "<cp:coreProperties "
              "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
              "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>" +
              xml(doc.title) + "</dc:title><dc:creator>jxaudit</dc:creator></cp:coreProperties>");
  zip.add("word/document.xml", document);
  zip.add("word/styles.xml", styles(doc.docx_font));
  zip.add("word/footer1.xml", footer(doc.page_number));
  zip.add("word/_rels/document.xml.rels", rels);
  for (auto& [name, bytes] : media_parts) zip.add(name, std::move(bytes));
  return zip.commit();
}

}  // namespace jx::outputs
