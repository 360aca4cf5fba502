// A letter as an A4 PDF: Pango lays out the text (a real text layer, in the template's CJK font), Cairo's PDF surface
// draws it with the evidence crops embedded as PNG image surfaces. The letter is laid out twice: once to count its
// pages (for {pages} in the page number), once to draw.
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <filesystem>
#include <map>
#include <memory>

#include "outputs/letters.h"
#include "outputs/out_files.h"

namespace jx::outputs {
namespace {

// A4 in points, and the margins of a formal letter (GB/T 9704: 37 mm top, 28 mm left; a little less on the right and
// at the foot, where the page number sits).
constexpr double kPageWidth = 595.276, kPageHeight = 841.89;
constexpr double kTop = 104.9, kBottom = 99.2, kLeft = 79.4, kRight = 73.7;
constexpr double kBodySize = 15, kTitleSize = 22, kFooterSize = 12;  // points: 小三 body, 二号 title
constexpr double kLineSpacing = 1.5;                                 // of the font's line height
constexpr double kTextWidth = kPageWidth - kLeft - kRight;
constexpr double kTextBottom = kPageHeight - kBottom;
constexpr double kGap = 4;  // points above and below an image

struct LayoutDeleter {
  void operator()(PangoLayout* l) const { g_object_unref(l); }
};
struct FontDeleter {
  void operator()(PangoFontDescription* f) const { pango_font_description_free(f); }
};
struct IterDeleter {
  void operator()(PangoLayoutIter* i) const { pango_layout_iter_free(i); }
};
struct SurfaceDeleter {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoDeleter {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
};
using Layout = std::unique_ptr<PangoLayout, LayoutDeleter>;
using Surface = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;

struct PngReader {
  const std::string* bytes;
  std::size_t at = 0;
};

cairo_status_t read_from_string(void* closure, unsigned char* data, unsigned int length) {
  auto* r = static_cast<PngReader*>(closure);
  if (r->bytes->size() - r->at < length) return CAIRO_STATUS_READ_ERROR;
  std::copy_n(r->bytes->data() + r->at, length, data);
  r->at += length;
  return CAIRO_STATUS_SUCCESS;
}

// The pixel size of each evidence crop of a letter by path (nullopt: it cannot be read as a PNG), each file read
// once for both layout passes.
using ImageSizes = std::map<std::string, std::optional<std::pair<int, int>>>;

// Lays the letter out on `cr`, page after page; draws only when `draw`. Returns the number of pages. `sizes` is
// shared by the passes over one letter.
class Typesetter {
 public:
  Typesetter(cairo_t* cr, const LetterDocument& doc, bool draw, int total_pages, ImageSizes* sizes,
             std::vector<std::string>* problems)
      : cr_(cr), doc_(doc), draw_(draw), total_pages_(total_pages), sizes_(sizes), problems_(problems) {}

  int run() {
    begin_page();
    for (std::size_t i = 0; i < doc_.blocks.size(); ++i) {
      const LetterBlock& block = doc_.blocks[i];
      // A finding's text stays with its crop, a heading with what follows it (and that with its crop).
      const auto next_is = [&](std::size_t k, BlockKind kind) {
        return i + k < doc_.blocks.size() && doc_.blocks[i + k].kind == kind;
      };
      if (block.kind == BlockKind::Heading)
        keep_together(i, next_is(2, BlockKind::Image) ? 3 : 2);
      else if (next_is(1, BlockKind::Image))
        keep_together(i, 2);
      switch (block.kind) {
        case BlockKind::Title:
          text(block.text, kTitleSize, true, PANGO_ALIGN_CENTER, 0, kTitleSize * 1.2, kTitleSize);
          break;
        case BlockKind::Heading:
          text(block.text, kBodySize, true, PANGO_ALIGN_LEFT, 0, kBodySize * 0.6, 0);
          break;
        case BlockKind::Plain:
          text(block.text, kBodySize, false, PANGO_ALIGN_LEFT, 0, 0, 0);
          break;
        case BlockKind::Paragraph:
        case BlockKind::Item:
          text(block.text, kBodySize, false, PANGO_ALIGN_LEFT, 2 * kBodySize, 0, 0);
          break;
        case BlockKind::Signature:
          if (!signed_) y_ += 2 * kBodySize * kLineSpacing;
          signed_ = true;
          text(block.text, kBodySize, false, PANGO_ALIGN_RIGHT, 0, 0, 0);
          break;
        case BlockKind::Image:
          image(block.image_path);
          break;
      }
    }
    end_page();
    return page_;
  }

 private:
  Layout make_layout(const std::string& s, double size, bool bold, PangoAlignment align, double indent) {
    Layout layout(pango_cairo_create_layout(cr_));
    std::unique_ptr<PangoFontDescription, FontDeleter> font(pango_font_description_new());
    pango_font_description_set_family(font.get(), doc_.pdf_font.c_str());
    pango_font_description_set_absolute_size(font.get(), size * PANGO_SCALE);
    pango_font_description_set_weight(font.get(), bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout.get(), font.get());
    pango_layout_set_width(layout.get(), static_cast<int>(kTextWidth * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout.get(), align);
    pango_layout_set_indent(layout.get(), static_cast<int>(indent * PANGO_SCALE));
    pango_layout_set_line_spacing(layout.get(), static_cast<float>(kLineSpacing));
    // No hyphen added where a word is broken: the text layer must read back as the letter's text.
    PangoAttrList* attrs = pango_attr_list_new();
    pango_attr_list_insert(attrs, pango_attr_insert_hyphens_new(FALSE));
    pango_layout_set_attributes(layout.get(), attrs);
    pango_attr_list_unref(attrs);
    pango_layout_set_text(layout.get(), s.c_str(), static_cast<int>(s.size()));
    return layout;
  }

  // A paragraph, line by line: a line that would cross the foot starts the next page.
  void text(const std::string& s, double size, bool bold, PangoAlignment align, double indent, double space_before,
            double space_after) {
    Layout layout = make_layout(s, size, bold, align, indent);
    if (y_ > kTop) y_ += space_before;
    std::unique_ptr<PangoLayoutIter, IterDeleter> it(pango_layout_get_iter(layout.get()));
    double shift = 0;  // layout y of the line that starts the current page's part
    do {
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(it.get(), nullptr, &logical);
      const double line_top = logical.y / static_cast<double>(PANGO_SCALE);
      const double line_height = logical.height / static_cast<double>(PANGO_SCALE);
      if (y_ + (line_top - shift) + line_height > kTextBottom && y_ + (line_top - shift) > kTop) {
        end_page();
        begin_page();
        shift = line_top;
      }
      if (draw_) {
        const double baseline = pango_layout_iter_get_baseline(it.get()) / static_cast<double>(PANGO_SCALE);
        cairo_move_to(cr_, kLeft + logical.x / static_cast<double>(PANGO_SCALE), y_ + baseline - shift);
        pango_cairo_show_layout_line(cr_, pango_layout_iter_get_line_readonly(it.get()));
      }
    } while (pango_layout_iter_next_line(it.get()));
    PangoRectangle all;
    pango_layout_get_extents(layout.get(), nullptr, &all);
    y_ += (all.y + all.height) / static_cast<double>(PANGO_SCALE) - shift + space_after;
  }

  // The height blocks[i] takes (its text, or its image with the gaps around it); 0 for a block it does not measure.
  double height(std::size_t i) {
    const LetterBlock& b = doc_.blocks.at(i);
    if (b.kind == BlockKind::Image) {
      const auto size = image_size(b.image_path);
      return size ? image_points(size->first, size->second, kTextWidth - 2 * kBodySize, kTextBottom - kTop).second +
                        2 * kGap
                  : 0;
    }
    const bool heading = b.kind == BlockKind::Heading;
    Layout layout = make_layout(b.text, kBodySize, heading, PANGO_ALIGN_LEFT, heading ? 0 : 2 * kBodySize);
    PangoRectangle all;
    pango_layout_get_extents(layout.get(), nullptr, &all);
    return (all.y + all.height) / static_cast<double>(PANGO_SCALE) + (heading ? kBodySize * 0.6 : 0);
  }

  // Blocks i … i + count − 1 on one page: when they do not fit under what is there, and would fit on a page of their
  // own, the page ends first.
  void keep_together(std::size_t i, std::size_t count) {
    if (y_ <= kTop) return;
    double needed = 0;
    for (std::size_t k = i; k < i + count && k < doc_.blocks.size(); ++k) needed += height(k);
    if (y_ + needed > kTextBottom && kTop + needed <= kTextBottom) {
      end_page();
      begin_page();
    }
  }

  // An evidence crop under its finding, at its size (or scaled down to the text's width and the page), on the next
  // page when it does not fit under the text.
  void image(const std::string& path) {
    const auto size = image_size(path);
    if (!size) {
      if (draw_ && problems_ != nullptr)
        problems_->push_back(path + ": the evidence image cannot be read; the letter shows its finding without it");
      return;
    }
    const auto [w, h] = image_points(size->first, size->second, kTextWidth - 2 * kBodySize, kTextBottom - kTop);
    if (y_ + kGap + h > kTextBottom) {
      end_page();
      begin_page();
    }
    y_ += kGap;
    if (draw_) {
      const std::string bytes = read_png(path);
      PngReader reader{&bytes};
      Surface png(cairo_image_surface_create_from_png_stream(read_from_string, &reader));
      if (cairo_surface_status(png.get()) == CAIRO_STATUS_SUCCESS) {
        cairo_save(cr_);
        cairo_translate(cr_, kLeft + 2 * kBodySize, y_);
        cairo_scale(cr_, w / size->first, h / size->second);
        cairo_set_source_surface(cr_, png.get(), 0, 0);
        cairo_paint(cr_);
        cairo_restore(cr_);
      } else if (problems_ != nullptr) {
        problems_->push_back(path + ": the evidence image cannot be decoded; the letter shows its finding without it");
      }
    }
    y_ += h + kGap;
  }

  // The crop's pixel size, read from its file the first time it is asked for.
  std::optional<std::pair<int, int>> image_size(const std::string& path) {
    auto it = sizes_->find(path);
    if (it == sizes_->end()) it = sizes_->emplace(path, png_size(read_png(path))).first;
    return it->second;
  }

  void begin_page() {
    ++page_;
    y_ = kTop;
  }

  // The page number at the foot, then the page.
  void end_page() {
    if (!draw_) return;
    const std::string number = rules::fill_placeholders(
        doc_.page_number, {{"page", std::to_string(page_)}, {"pages", std::to_string(total_pages_)}});
    Layout footer = make_layout(number, kFooterSize, false, PANGO_ALIGN_CENTER, 0);
    cairo_move_to(cr_, kLeft, kPageHeight - kBottom / 2 - kFooterSize);
    pango_cairo_show_layout(cr_, footer.get());
    cairo_show_page(cr_);
  }

  cairo_t* cr_;
  const LetterDocument& doc_;
  bool draw_;
  int total_pages_;
  ImageSizes* sizes_;
  std::vector<std::string>* problems_;
  int page_ = 0;
  double y_ = kTop;
  bool signed_ = false;
};

}  // namespace

std::optional<std::string> write_letter_pdf(const LetterDocument& doc, const std::string& path,
                                            std::vector<std::string>* problems) {
  // Cairo writes the PDF as it goes to a temporary beside `path` (a long letter is never held in memory whole),
  // renamed over `path` once it is complete.
  const std::string tmp = temporary_beside(path);
  std::optional<std::string> error;
  {
    Surface surface(cairo_pdf_surface_create(tmp.c_str(), kPageWidth, kPageHeight));
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, doc.title.c_str());
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "jxaudit");
    std::unique_ptr<cairo_t, CairoDeleter> cr(cairo_create(surface.get()));
    ImageSizes sizes;
    const int pages = Typesetter(cr.get(), doc, false, 0, &sizes, nullptr).run();
    Typesetter(cr.get(), doc, true, pages, &sizes, problems).run();
    cr.reset();
    cairo_surface_finish(surface.get());
    if (const cairo_status_t status = cairo_surface_status(surface.get()); status != CAIRO_STATUS_SUCCESS)
      error = std::string("the PDF could not be written: ") + cairo_status_to_string(status);
  }
  std::error_code ec;
  if (!error) {
    std::filesystem::rename(tmp, path, ec);
    if (ec) error = "cannot put the PDF in place: " + ec.message();
  }
  if (error) std::filesystem::remove(tmp, ec);
  return error;
}

}  // namespace jx::outputs
