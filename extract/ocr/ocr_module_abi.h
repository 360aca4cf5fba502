/* The C interface of libjx_ocr.so (see extract/ocr/ocr_module.h): plain C types only, so nothing of the C++ runtime
 * or of jxaudit's own classes crosses the dlopen boundary. The module owns every byte it returns until
 * jx_ocr_free_result(). Strings are UTF-8, given by pointer and length (not NUL-terminated). Boxes are PDF points
 * with the origin at the page's top-left, as in extract/page.h.
 *
 * Any change to these structs or to the functions' meaning must rename the two functions (a module left over from
 * another build would otherwise be called with the wrong layout; the loader reports a missing entry instead). */
#ifndef JX_EXTRACT_OCR_OCR_MODULE_ABI_H
#define JX_EXTRACT_OCR_OCR_MODULE_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* jx::Limits, field for field. */
struct JxOcrLimits {
  int max_pages;
  size_t max_file_bytes;
  size_t max_glyphs_per_page;
  size_t max_segments_per_page;
  size_t max_cells_per_table;
  size_t max_crossing_tests_per_page;
  size_t max_grid_positions_per_table;
  size_t max_content_bytes_per_page;
  size_t max_state_saves_per_page;
  size_t max_image_pixels;
  size_t max_pattern_tiles_per_page;
  double seconds_per_page;
  int max_nesting_depth;
  size_t max_warnings_per_document;
  int render_dpi;
  size_t max_pixels_per_page;
  int min_render_dpi;
  double max_page_points;
  int max_evidence_width_px;
  int max_evidence_height_px;
  size_t max_embedded_evidence_bytes;
  double seconds_per_file;
  size_t memory_per_worker;
  uintmax_t max_rule_file_bytes;
  int64_t regex_max_mem;
};

struct JxOcrString {
  const char* data; /* null only when size is 0 */
  size_t size;
};

/* jx::extract::Glyph */
struct JxOcrGlyph {
  struct JxOcrString text;
  double x0, y0, x1, y1;
  double font_size;
  float confidence;
  unsigned repairs; /* jx::extract::repair bits */
};

/* jx::extract::Segment */
struct JxOcrSegment {
  double x0, y0, x1, y1;
};

/* jx::extract::Page */
struct JxOcrPage {
  int number;
  double width, height;
  const struct JxOcrGlyph* glyphs;
  size_t glyph_count;
  const struct JxOcrSegment* segments;
  size_t segment_count;
  int text_layer; /* jx::extract::TextLayer's value */
  struct JxOcrString text_layer_reason;
  int from_ocr; /* 0 or 1 */
};

/* What jx_ocr_read_pages() returns. Named as a C interface names its constants. */
/* NOLINTBEGIN(readability-identifier-naming) */
enum JxOcrStatus {
  JX_OCR_OK = 0,               /* pages, outcome, message and warnings hold jx::extract::OcrResult */
  JX_OCR_NO_ENGINE = 1,        /* Tesseract cannot be started: message says why */
  JX_OCR_OUT_OF_MEMORY = 2,    /* std::bad_alloc was thrown; the result may be null */
  JX_OCR_EXCEPTION = 3,        /* another std::exception was thrown: message is its what() */
  JX_OCR_UNKNOWN_EXCEPTION = 4 /* something that is no std::exception was thrown */
};
/* NOLINTEND(readability-identifier-naming) */

/* jx::extract::OcrResult */
struct JxOcrResult {
  const struct JxOcrPage* pages;
  size_t page_count;
  int outcome; /* jx::Outcome's value of OcrResult::error */
  struct JxOcrString message;
  const struct JxOcrString* warnings;
  size_t warning_count;
  void* owner; /* the module's bookkeeping: do not touch */
};

/* Renders and reads the 1-based pages `pages[0..page_count)` of the PDF at `path` (NUL-terminated) under `limits`,
 * with the module's one Tesseract engine (made on the first call; not thread-safe). Sets `*result` (null only when
 * not even that could be allocated) and returns a JxOcrStatus. The caller passes `*result` to jx_ocr_free_result()
 * whatever the status. */
typedef int (*JxOcrReadPages)(const char* path, const int* pages, size_t page_count, const struct JxOcrLimits* limits,
                              struct JxOcrResult** result);
#define JX_OCR_READ_PAGES "jx_ocr_read_pages_v2"

/* Frees what jx_ocr_read_pages() returned; a null `result` is ignored. */
typedef void (*JxOcrFreeResult)(struct JxOcrResult* result);
#define JX_OCR_FREE_RESULT "jx_ocr_free_result_v2"

#ifdef __cplusplus
}
#endif

#endif
