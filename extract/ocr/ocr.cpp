// The OCR path: render → deskew → square a slant → turn (OSD) → ruling lines → cells → Tesseract per cell and for the
// narrative.
#include "extract/ocr/ocr.h"

#include <tesseract/baseapi.h>
#include <tesseract/osdetect.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/numbers.h"
#include "extract/ocr/image_lines.h"
#include "extract/ocr/internal/ink_layout.h"
#include "extract/ocr/internal/line_model.h"
#include "extract/ocr/internal/pen_marks.h"
#include "extract/ocr/internal/recognition.h"
#include "extract/ocr/ocr_cells.h"
#include "extract/ocr/perspective.h"
#include "extract/pdf/render.h"

namespace jx::extract {

namespace {

constexpr double kMaxSkewDegrees = 3.0;
constexpr double kMinSkewToCorrect = 0.05;  // degrees; below this, rotating costs more than it gains
constexpr double kMinSkewConfidence = 2.0;  // Leptonica's ratio; below it the angle is noise
// Grey levels by which the paper's level may differ across a page before the light is evened out (see even_light()).
constexpr int kMaxPaperSpread = 24;
constexpr float kMinOrientationConfidence = 2.0f;
// OSD's min_characters_to_try: a quick first pass, then Tesseract's default. OSD stops soon after that many when it
// is sure, and each character costs about 7 ms. On eight sideways scans (the samples' and seven held-out draws) the
// quick pass's margin between the two quarter turns was 1.1 to 7.7 (seven of eight sure; always the right turn),
// against 1.5 to 11.3 at 25 characters and 5.6 to 16.4 at 50.
constexpr int kQuickOsdCharacters = 15;
constexpr int kFullOsdCharacters = 50;
constexpr double kSurerReading = 5;        // mean glyph confidence by which another orientation's reading must win
constexpr double kUprightConfidence = 93;  // mean glyph confidence below which OSD is asked (upright scans: ~98.5,
                                           // a sideways one read as is: ~86)
// Grey levels above the page's Otsu threshold still taken as ink when finding where text lies (measured on the
// scanned samples: 0 → 82.4 %, 12 → 85.1 %, 20 → 85.4 %, 30 → 84.1 %, 40 → 77 % of fields right).
constexpr int kInkLift = 20;
// Grey levels above the threshold still taken as ink when finding the rulings (only long straight runs survive the
// detector, so a light threshold costs little there). On the phone-photo tuning draws: 20 → 95.7 % and 91.5 %,
// 40 → 97.3 % and 98.4 % of fields right; every scan set read the same at both.
constexpr int kRulingLift = 40;
// A narrative glyph within this many inches of a stroke taken for a pen's was read beside it (repair::kPenMark).
constexpr double kPenNear = 0.15;
const char* const kNumericWhitelist = "0123456789.,%-+<>=";
const char* const kFallbackTessdata = "/usr/share/tesseract-ocr/5/tessdata";

}  // namespace

struct OcrEngine::Impl {
  std::unique_ptr<tesseract::TessBaseAPI> api;
  // Started on first use: a page without a number to read again, or that is upright, never pays for them.
  struct LazyEngine {
    std::unique_ptr<tesseract::TessBaseAPI> api;
    bool tried = false;
  };
  LazyEngine digits;  // eng, digits and operators only: numeric cells read again
  LazyEngine osd;     // orientation and script detection
  // The second line recognizer, loaded on first use: a page with no number to read never pays for it.
  std::unique_ptr<ocr::LineModel> lines;
  bool lines_tried = false;
  std::string datapath;  // "" = Tesseract's built-in default
  std::string error;

  // A Tesseract engine for `language`, or null when its traineddata cannot be loaded. Tesseract's own diagnostics
  // ("Estimating resolution", "Empty page") would go to stderr; the pipeline reports through warnings instead.
  std::unique_ptr<tesseract::TessBaseAPI> start(const char* language, tesseract::OcrEngineMode mode) const {
    auto e = std::make_unique<tesseract::TessBaseAPI>();
    if (e->Init(datapath.empty() ? nullptr : datapath.c_str(), language, mode) != 0) return nullptr;
    e->SetVariable("debug_file", "/dev/null");
    // Tesseract reads every line it reads with little confidence a second time, inverted, for light print on a dark
    // ground. The cells given to it are cleaned crops of dark print on light paper: that second pass cost about 2 % of
    // a table page and read no field better on any set of scans.
    e->SetVariable("tessedit_do_invert", "0");
    return e;
  }

  // The engine for numbers, or null when eng.traineddata is missing (then cells are read by chi_sim alone).
  tesseract::TessBaseAPI* digits_engine() {
    if (!digits.tried) {
      digits.tried = true;
      digits.api = start("eng", tesseract::OEM_LSTM_ONLY);
      if (digits.api) digits.api->SetVariable("tessedit_char_whitelist", kNumericWhitelist);
    }
    return digits.api.get();
  }

  // The line recognizer, or null when its model is not installed (then numbers are read by Tesseract alone).
  ocr::LineModel* line_model() {
    if (!lines_tried) {
      lines_tried = true;
      lines = ocr::LineModel::open(ocr::line_model_dir(), nullptr);
    }
    return lines.get();
  }

  // The orientation engine, or null when osd.traineddata is missing (then pages are taken as upright).
  tesseract::TessBaseAPI* orientation_engine() {
    if (!osd.tried) {
      osd.tried = true;
      osd.api = start("osd", tesseract::OEM_TESSERACT_ONLY);
      if (osd.api) osd.api->SetPageSegMode(tesseract::PSM_OSD_ONLY);
    }
    return osd.api.get();
  }
};

OcrEngine::OcrEngine() : impl_(std::make_unique<Impl>()) {
  // Tesseract's OpenMP parallelism fights the batch's worker processes for the cores: one thread per engine.
  // This is process-global and must be set before the first engine is created.
  setenv("OMP_THREAD_LIMIT", "1", 1);
  // Tesseract's default path first (honours TESSDATA_PREFIX), then Debian's location.
  impl_->api = impl_->start("chi_sim", tesseract::OEM_LSTM_ONLY);
  if (!impl_->api) {
    impl_->datapath = kFallbackTessdata;
    impl_->api = impl_->start("chi_sim", tesseract::OEM_LSTM_ONLY);
  }
  if (!impl_->api)
    impl_->error = "OCR unavailable: Tesseract cannot load chi_sim.traineddata (install tesseract-ocr-chi-sim)";
}

OcrEngine::~OcrEngine() = default;

bool OcrEngine::ok() const { return impl_->api != nullptr; }

const std::string& OcrEngine::error() const { return impl_->error; }

namespace {

// Quarter turns clockwise (0..3) that put the page upright, from Tesseract's OSD on the page's text (1 bpp, rulings
// off: surer and cheaper than on grey, which it would threshold itself); -1 when OSD is unsure or missing. When the
// text is known to run down the page (`sideways`), only the two quarter turns are weighed against each other.
// OSD classifies each character it samples in all four orientations, so its cost is mostly the number sampled: a
// first pass stops after about kQuickOsdCharacters when sure, and only a page it leaves unsure is sampled again at
// Tesseract's default.
// It is given a sheet of the page's characters (text_sample()), not the page: its own clean-up costs by the area.
int upright_quarter_turns(OcrEngine::Impl& engine, PIX* text, double dpi, bool sideways) {
  tesseract::TessBaseAPI* osd = engine.orientation_engine();
  if (osd == nullptr) return -1;
  for (int characters : {kQuickOsdCharacters, kFullOsdCharacters}) {
    // OSD samples up to five times min_characters_to_try components; the sheet holds half as many again, since OSD
    // leaves out the thin and the tiny ones.
    PixPtr sample = text_sample(text, characters * 15 / 2, dpi);
    if (!sample) return -1;
    osd->SetVariable("min_characters_to_try", std::to_string(characters).c_str());
    osd->SetImage(sample.get());
    osd->SetSourceResolution(static_cast<int>(std::lround(dpi)));
    tesseract::OSResults r;
    bool ok = osd->DetectOS(&r);
    osd->Clear();
    if (!ok) return -1;
    // Orientation ids 0..3 are the clockwise turns 0°, 270°, 180°, 90° that make the page upright.
    int id = r.best_result.orientation_id;
    float margin = r.best_result.oconfidence;
    if (sideways) {
      id = r.orientations[3] >= r.orientations[1] ? 3 : 1;
      margin = std::abs(r.orientations[3] - r.orientations[1]);
    }
    if (margin >= kMinOrientationConfidence) return (4 - id) % 4;
  }
  return -1;
}

// The mean confidence of the page's glyphs that have text; 100 for a page with none (nothing to doubt).
double mean_confidence(const Page& page) {
  double sum = 0;
  int n = 0;
  for (const Glyph& g : page.glyphs) {
    if (g.text.empty()) continue;  // a mark of unread ink, not a reading
    sum += g.confidence;
    ++n;
  }
  return n == 0 ? 100 : sum / n;
}

// Reads an upright page image (8 bpp grey and its 1 bpp binarisation, same frame) whose rulings are `lines`: the
// cells they enclose, each cell's text, then the narrative outside the cells. Fills the page's size, segments and
// glyphs.
// `threshold` is the ink threshold `bin` was made at; `scale` is what crops are reduced by for the engines
// (read_scale()).
void read_upright(OcrEngine::Impl& engine, PIX* grey, PIX* bin, int threshold, const RulingLines& lines, double dpi,
                  double scale, Page& page) {
  int width = pixGetWidth(grey), height = pixGetHeight(grey);
  page.width = width * 72.0 / dpi;
  page.height = height * 72.0 / dpi;

  page.segments = lines.segments;
  std::vector<PixelBox> cells = enclosed_regions(lines, width, height, dpi);

  // The page without its rulings: grey for Tesseract, 1 bpp to find ink.
  PixPtr clean(pixCopy(nullptr, grey));
  // The ink is found with a threshold raised by kInkLift: faint strokes of a light scan would otherwise break up,
  // and a character in pieces is cut into bands badly. The rulings come off widened by the halo that threshold
  // gives them.
  PixPtr faint = binarise_at(grey, threshold, kInkLift);
  PixPtr ink = without_rulings(faint ? faint.get() : bin, lines);
  if (!clean || !ink) return;
  if (lines.mask) pixPaintThroughMask(clean.get(), lines.mask.get(), 0, 0, 0xff);
  const std::vector<PixelBox> pen = ocr::remove_pen_marks(grey, ink.get(), clean.get(), cells, dpi);

  OcrApis apis{engine.api.get(), [&engine] { return engine.digits_engine(); }, scale,
               [&engine] { return engine.line_model(); }};
  int line_height = typical_line_height(ink.get(), cells, dpi);
  for (const PixelBox& cell : cells) {
    std::vector<Glyph> glyphs = read_region(apis, clean.get(), ink.get(), cell, dpi, RegionKind::Cell, line_height);
    if (std::any_of(pen.begin(), pen.end(), [&](const PixelBox& p) { return ocr::overlap(p, cell); }))
      for (Glyph& g : glyphs) g.repairs |= repair::kPenMark;
    page.glyphs.insert(page.glyphs.end(), std::make_move_iterator(glyphs.begin()),
                       std::make_move_iterator(glyphs.end()));
    // What a cell held is read; the narrative pass below must not read it again.
    pixRasterop(ink.get(), cell.x, cell.y, cell.w, cell.h, PIX_CLR, nullptr, 0, 0);
    pixRasterop(clean.get(), cell.x, cell.y, cell.w, cell.h, PIX_SET, nullptr, 0, 0);
  }
  std::vector<Glyph> narrative =
      read_region(apis, clean.get(), ink.get(), PixelBox{0, 0, width, height}, dpi, RegionKind::Narrative);
  // A line of the narrative beside a stroke left out: within a character's height of it.
  const int near = static_cast<int>(std::lround(dpi * kPenNear));
  const double k = dpi / 72.0;
  for (Glyph& g : narrative) {
    const PixelBox box{static_cast<int>(g.box.x0 * k) - near, static_cast<int>(g.box.y0 * k) - near,
                       static_cast<int>(g.box.width() * k) + 2 * near, static_cast<int>(g.box.height() * k) + 2 * near};
    if (std::any_of(pen.begin(), pen.end(), [&](const PixelBox& p) { return ocr::overlap(p, box); }))
      g.repairs |= repair::kPenMark;
  }
  page.glyphs.insert(page.glyphs.end(), std::make_move_iterator(narrative.begin()),
                     std::make_move_iterator(narrative.end()));
}

Page ocr_page(OcrEngine::Impl& engine, RenderedPage rendered, int number, std::vector<std::string>& warnings) {
  Page page;
  page.number = number;
  page.from_ocr = true;
  double dpi = rendered.dpi;
  const double scale = ocr::read_scale(dpi, rendered.scan ? rendered.source_dpi : 0);
  PixPtr grey = std::move(rendered.pix);
  if (PixPtr even = even_light(grey.get(), dpi, kMaxPaperSpread)) {
    grey = std::move(even);
    warnings.push_back("page " + std::to_string(number) + " was lit unevenly; its paper brought to one level");
  }
  int threshold = ink_threshold(grey.get());
  PixPtr bin = binarise_at(grey.get(), threshold);
  if (!bin) {
    warnings.push_back("page " + std::to_string(number) + ": the rendered image could not be binarised");
    return page;
  }
  // Takes `image` (the page straightened) as the page, with its own threshold and 1 bpp image; false, and the page
  // left as it was, when it is null or cannot be binarised.
  auto adopt = [&](PixPtr image) {
    if (!image) return false;
    const int image_threshold = ink_threshold(image.get());
    PixPtr image_bin = binarise_at(image.get(), image_threshold);
    if (!image_bin) return false;
    grey = std::move(image);
    bin = std::move(image_bin);
    threshold = image_threshold;
    return true;
  };
  // Straightens the page when its text lines and rulings show a skew Leptonica is sure of; true when it did.
  auto deskew = [&]() {
    SkewEstimate skew = find_skew(bin.get(), kMaxSkewDegrees);
    if (!skew.found || skew.confidence < kMinSkewConfidence || std::abs(skew.degrees) < kMinSkewToCorrect) return false;
    if (!adopt(rotate_by(grey.get(), -skew.degrees))) return false;
    warnings.push_back("page " + std::to_string(number) + " deskewed by " + format_fixed(skew.degrees, 2) + "°");
    return true;
  };
  bool deskewed = deskew();
  // A page photographed at a slant: its rulings converge instead of running parallel, and the cells they enclose are
  // no rectangles. Warped square again, so that they are level and plumb.
  bool squared = false;
  if (std::optional<Rectification> slant = find_perspective(bin.get(), dpi);
      slant && adopt(rectify(grey.get(), *slant))) {
    squared = true;
    warnings.push_back("page " + std::to_string(number) +
                       " photographed at a slant: its table's corners moved by up to " + format_fixed(slant->shift, 0) +
                       " px to square it");
  }
  // Says the page was found turned, and how: `quads` quarter turns clockwise put it upright.
  auto turned = [&](int quads, const char* how) {
    warnings.push_back("page " + std::to_string(number) + " was rotated by " + std::to_string((4 - quads) % 4 * 90) +
                       "° clockwise; turned upright (" + how + ")");
  };
  // The rulings of page image `g` (1 bpp `b` at the page's threshold), found at a threshold lifted by kRulingLift:
  // a thin ruling, blurred by the scanner or the camera, comes out lighter than the strokes of the text.
  auto rulings_of = [&](PIX* g, PIX* b) {
    PixPtr lifted = binarise_at(g, threshold, kRulingLift);
    return detect_ruling_lines(lifted ? lifted.get() : b, dpi);
  };
  RulingLines lines = rulings_of(grey.get(), bin.get());
  // Turns the page upright when OSD says how (it costs about as much as reading a small table, so it is asked only
  // when something suggests the page is not upright).
  enum class Orientation { Turned, Upright, Unsure };
  auto turn_upright = [&](bool sideways) {
    PixPtr text = without_rulings(bin.get(), lines);
    int quads = text ? upright_quarter_turns(engine, text.get(), dpi, sideways) : -1;
    if (quads <= 0) return quads == 0 ? Orientation::Upright : Orientation::Unsure;
    PixPtr g(pixRotateOrth(grey.get(), quads)), b(pixRotateOrth(bin.get(), quads));
    if (!g || !b) return Orientation::Unsure;
    grey = std::move(g);
    bin = std::move(b);
    turned(quads, "OSD");
    // The skew of a page lying on its side is often not found (its text lines run across Leptonica's sweep): it is
    // looked for again once the page is upright.
    if (!deskewed) deskewed = deskew();
    lines = rulings_of(grey.get(), bin.get());
    return Orientation::Turned;
  };
  // Text lines running down the page: turned by 90° (or written vertically, when OSD finds it upright). Known
  // before any reading, so the page is read once.
  bool osd_asked = false;
  Orientation orientation = Orientation::Upright;
  if (text_direction(bin.get(), lines, dpi) == TextDirection::Vertical) {
    orientation = turn_upright(true);
    osd_asked = true;
  }
  read_upright(engine, grey.get(), bin.get(), threshold, lines, dpi, scale, page);
  // Upside-down text (or a sideways page the layout did not show) reads as garbage of low confidence: then OSD is
  // asked, and the page read again turned upright.
  if (!osd_asked && mean_confidence(page) < kUprightConfidence) {
    orientation = turn_upright(false);
    if (orientation == Orientation::Turned) {
      page.glyphs.clear();
      page.segments.clear();
      read_upright(engine, grey.get(), bin.get(), threshold, lines, dpi, scale, page);
    }
  }
  // A page OSD could not judge (a continuation page of a few lines holds too few characters for it) and that reads
  // unsurely is read in the other three orientations, and the surest reading is kept. Rare, and three more reads of
  // a small page.
  if (orientation == Orientation::Unsure && mean_confidence(page) < kUprightConfidence) {
    int best_quads = 0;
    double best = mean_confidence(page);
    for (int quads = 1; quads <= 3; ++quads) {
      PixPtr g(pixRotateOrth(grey.get(), quads)), b(pixRotateOrth(bin.get(), quads));
      if (!g || !b) continue;
      RulingLines l = rulings_of(g.get(), b.get());
      Page candidate;
      candidate.number = number;
      candidate.from_ocr = true;
      read_upright(engine, g.get(), b.get(), threshold, l, dpi, scale, candidate);
      double c = mean_confidence(candidate);
      if (c >= best + kSurerReading) {
        best = c;
        best_quads = quads;
        page = std::move(candidate);
      }
    }
    if (best_quads != 0) turned(best_quads, "read surest that way; OSD was unsure");
  }
  if (squared) {
    for (Glyph& g : page.glyphs) g.repairs |= repair::kSquared;
  }
  return page;
}

}  // namespace

OcrResult ocr_pages(const std::string& path, const std::vector<int>& page_numbers, OcrEngine& engine,
                    const Limits& limits) {
  OcrResult result;
  if (!engine.ok()) {
    result.error = {Outcome::NoTextLayer, engine.error()};
    return result;
  }
  PageRenderer renderer;
  result.error = renderer.open(path, limits);
  if (result.error.outcome != Outcome::Ok) return result;
  for (int number : page_numbers) {
    RenderedPage rendered = renderer.render(number, limits);
    if (!rendered.warning.empty()) result.warnings.push_back(rendered.warning);
    if (!rendered.pix) {
      result.warnings.push_back(rendered.error);
      Page empty;
      empty.number = number;
      empty.from_ocr = true;
      result.pages.push_back(std::move(empty));
      continue;
    }
    try {
      result.pages.push_back(ocr_page(engine.impl(), std::move(rendered), number, result.warnings));
    } catch (const std::bad_alloc&) {
      result.warnings.push_back("page " + std::to_string(number) +
                                ": out of memory during OCR; the page is left empty");
      Page empty;
      empty.number = number;
      empty.from_ocr = true;
      result.pages.push_back(std::move(empty));
    }
  }
  for (std::string& w : renderer.warnings()) result.warnings.push_back(std::move(w));
  // A number in doubt was to be read by the line model, which is not there: the readings rest on Tesseract alone.
  if (engine.impl().lines_tried && !engine.impl().lines)
    result.warnings.push_back("OCR: the second line recognizer is not installed in " + ocr::line_model_dir() +
                              " (scripts/install-models.sh); numbers in doubt were read by Tesseract alone");
  return result;
}

}  // namespace jx::extract
