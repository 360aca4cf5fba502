// Stage 1: PDF → pages, through Poppler's core API. The file is opened by open_document() (poppler_session.h); each
// page is measured by PagePrecheck against the Limits, then displayed once through PageCollector, which gathers
// characters and ruling segments in that single pass; nothing is rasterised.
#include "extract/pdf/pdf_reader.h"

#include <GfxFont.h>
#include <GfxState.h>
#include <Object.h>
#include <OutputDev.h>
#include <PDFDoc.h>
#include <Page.h>
#include <Stream.h>
#include <UTF.h>
#include <fofi/FoFiTrueType.h>
#include <goo/GooString.h>
#include <goo/gmem.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <deque>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/numbers.h"
#include "core/text.h"
#include "core/utf8.h"
#include "extract/pdf/decoded_streams.h"
#include "extract/pdf/poppler_session.h"
#include "extract/pdf/text_layer.h"
#include "extract/pdf/truetype_cmap.h"

namespace jx::extract {

namespace {

constexpr double kAxisTolerance = 0.5;  // points a ruling may lean and still count as horizontal/vertical
constexpr double kThinRect = 2.0;       // a filled rectangle thinner than this is a line

struct GFreeDeleter {
  void operator()(Unicode* p) const { gfree(p); }
};

bool is_white(const GfxRGB& rgb) { return colToDbl(rgb.r) > 0.98 && colToDbl(rgb.g) > 0.98 && colToDbl(rgb.b) > 0.98; }

// "64 MiB" for whole mebibytes, else the byte count: how a byte limit is named in an error message.
std::string byte_size(std::size_t n) {
  if (n >= (std::size_t{1} << 20) && n % (std::size_t{1} << 20) == 0) return std::to_string(n >> 20) + " MiB";
  return std::to_string(n) + " bytes";
}

// An image larger than Limits::max_image_pixels, seen before anything decodes it.
struct ImageTooLarge {
  long long width = 0, height = 0;
};

// A tiling pattern whose cells would cover the page more than Limits::max_pattern_tiles_per_page times.
struct PatternTooFine {
  double tiles = 0;
};

// What one document's prechecks learnt that holds for every page, so that a page does not pay for it again.
struct DocumentMemo {
  // Decoded sizes of the streams already measured, by object: a font or form shared by every page is decoded once
  // per file, not once per page, and still counts on each page that uses it.
  std::map<Ref, std::size_t> sizes;
  // A font program stream a font reaches, with the most it can decode to (nullopt: no bound, it is decoded).
  struct FontStream {
    Ref ref;
    std::optional<std::uint64_t> bound;
  };
  // By font object: the font program streams its walk counted, for fonts whose walk reaches nothing but them (no
  // Type 3 glyph procedures or resources) and met no object already seen on the page. Fonts are shared by most
  // pages of a document; a page whose resources name a font seen before counts its streams without fetching its
  // dictionaries again. `depth` is how deep the walk went below the font.
  struct FontWalk {
    std::vector<FontStream> streams;
    int depth = 0;
  };
  std::map<Ref, FontWalk> fonts;
};

// Walks everything a page can run before the page is displayed: measures each content stream (page /Contents,
// Form XObjects, tiling patterns, Type 3 glyph procedures, annotation appearances, mesh shadings, embedded font
// programs) against what is left of Limits::max_content_bytes_per_page, and reads each image's /Width and /Height.
// A stream is decoded only when it must be: while the page's streams, each counted at the most its filters can
// decode it to (core/limits.h's FilterExpansion), stay within the cap, none is decoded; past it, the streams counted
// at a bound are decoded in the order they were met (each no further than the cap) until the count is within the
// cap again or exact. A limit therefore fires exactly where decoding every stream would make it fire.
// Each distinct indirect object is visited once per page, so cycles end; direct nesting stops at
// Limits::max_nesting_depth.
class PagePrecheck {
 public:
  // `decoded` keeps the bytes of the streams the precheck has to decode, for the display to read.
  PagePrecheck(XRef* xref, const Limits& limits, DocumentMemo* memo, DecodedStreams* decoded)
      : xref_(xref), limits_(limits), sizes_(&memo->sizes), fonts_(&memo->fonts), decoded_(decoded) {}

  // False when a limit fired: image() or pattern() says which, else the content bytes were exceeded.
  bool run(::Page* page) {
    page_area_ = std::abs(page->getCropWidth() * page->getCropHeight());
    Object contents = page->getContents();
    if (contents.isStream()) {
      if (!add_stream(contents, Ref::INVALID())) return false;
    } else if (contents.isArray()) {
      // Every element is displayed, repeated references included, so every element counts.
      for (int i = 0; i < contents.arrayGetLength(); ++i) {
        const Object& ref = contents.arrayGetNF(i);
        Object part = ref.fetch(xref_);
        if (part.isStream() && !add_stream(part, ref.isRef() ? ref.getRef() : Ref::INVALID())) {
          return false;
        }
      }
    }
    if (!walk_resources(page->getResourceDict(), 0)) return false;
    Object annots = page->getAnnotsObject();
    if (annots.isArray()) {
      for (int i = 0; i < annots.arrayGetLength(); ++i) {
        Fetched annot = fetch_once(annots.arrayGetNF(i));
        if (!annot.obj.isDict()) continue;
        Object ap = annot.obj.dictLookup("AP");
        if (!ap.isDict()) continue;
        for (const char* key : {"N", "R", "D"}) {
          if (!visit_form_or_dict_of_forms(ap.getDict()->lookupNF(key), 1)) return false;
        }
      }
    }
    return true;
  }

  const std::optional<ImageTooLarge>& image() const { return image_; }
  const std::optional<PatternTooFine>& pattern() const { return pattern_; }

 private:
  static constexpr int kChunk = 1 << 16;

  struct Fetched {
    Object obj;
    Ref ref = Ref::INVALID();  // where it came from, when it was a reference
  };

  // The object `o` points at, or null when it is a reference already visited on this page.
  Fetched fetch_once(const Object& o) {
    if (!o.isRef()) return {o.copy()};
    if (!seen_.insert(o.getRef()).second) {
      if (recording_ != nullptr) recording_complete_ = false;
      return {Object(objNull)};
    }
    return {o.fetch(xref_), o.getRef()};
  }

  // A stream counted at its bound, not yet decoded.
  // A stream counted at its bound, not yet decoded. An indirect one is fetched again when it must be decoded
  // rather than kept: a fetched stream holds its decoders' buffers (32 KiB for Flate), and a page may reach
  // thousands of streams. A direct one (a page's single /Contents stream) is kept.
  struct Pending {
    Ref ref;
    Object stream;  // null when `ref` is valid
    std::size_t bound;
  };

  static std::size_t saturating_add(std::size_t a, std::size_t b) {
    return a > std::numeric_limits<std::size_t>::max() - b ? std::numeric_limits<std::size_t>::max() : a + b;
  }

  // At most `in` bytes decoded through `f`, saturating.
  static std::uint64_t expand(std::uint64_t in, const FilterExpansion& f) {
    constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
    if (in > (kMax - f.per_bytes_in) / f.per_byte) return kMax;
    std::uint64_t out = (in * f.per_byte + f.per_bytes_in - 1) / f.per_bytes_in;
    return out > kMax - f.extra ? kMax : out + f.extra;
  }

  // The most `str` can decode to: its encoded length (Poppler makes every stream object a sub-stream of the file
  // limited to its /Length) through each filter of its chain; nullopt when a filter has no bound.
  static std::optional<std::uint64_t> decoded_bound(Stream* str) {
    BaseStream* base = str->getBaseStream();
    if (base == nullptr || base->getLength() < 0 || asks_for_predictor(str->getDict())) return std::nullopt;
    std::vector<const FilterExpansion*> chain;  // outermost first
    for (Stream* s = str; s != base; s = s->getNextStream()) {
      if (s == nullptr) return std::nullopt;
      switch (s->getKind()) {
        case strFlate:
          chain.push_back(&kFlateExpansion);
          break;
        case strLZW:
          chain.push_back(&kLzwExpansion);
          break;
        case strRunLength:
          chain.push_back(&kRunLengthExpansion);
          break;
        case strASCIIHex:
          chain.push_back(&kAsciiHexExpansion);
          break;
        case strASCII85:
          chain.push_back(&kAscii85Expansion);
          break;
        case strCrypt:
          chain.push_back(&kDecryptExpansion);
          break;
        default:
          return std::nullopt;
      }
    }
    auto bound = static_cast<std::uint64_t>(base->getLength());
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) bound = expand(bound, **it);
    return bound;
  }

  // Decodes `str` (object `ref`, or Ref::INVALID()), reading no more than `limit` bytes; the bytes read and whether
  // the stream ended.
  std::pair<std::size_t, bool> decode(Stream* str, Ref ref, std::size_t limit) {
    // The commonest stream, /FlateDecode without a predictor as the last filter (content streams, font programs,
    // alone or over ASCII85), through libdeflate, several times faster than Poppler's own inflate. For whole and
    // valid zlib data both give the same bytes: the same count. Anything else (damaged data, a bad checksum, a
    // stream cut short) is decoded with Poppler, so a damaged stream counts as Poppler decodes it.
    if (auto counted = decoded_->decode_and_keep(ref, str, limit)) return *counted;
    std::vector<unsigned char> buf(kChunk);
    std::size_t size = 0;
    bool complete = false;
    str->reset();
    while (size < limit) {
      int want = static_cast<int>(std::min<std::size_t>(kChunk, limit - size));
      int got = str->doGetChars(want, buf.data());
      if (got <= 0) {
        complete = true;
        break;
      }
      size += static_cast<std::size_t>(got);
    }
    str->close();
    return {size, complete};
  }

  // Decodes `str` (object `ref`, or Ref::INVALID()) as far as the cap allows and counts it exactly; false when the
  // exactly counted bytes pass the cap.
  bool count_exactly(Stream* str, Ref ref) {
    const std::size_t cap = limits_.max_content_bytes_per_page;
    auto [size, complete] = decode(str, ref, cap - exact_ + 1);  // exact_ <= cap here
    exact_ += size;
    bounded_ = saturating_add(bounded_, size);
    if (complete && ref != Ref::INVALID()) (*sizes_)[ref] = size;
    return exact_ <= cap;
  }

  // Brings the count within the cap by decoding the streams counted at a bound, oldest first; false when the
  // exact count passes the cap.
  bool settle() {
    const std::size_t cap = limits_.max_content_bytes_per_page;
    while (bounded_ > cap && next_pending_ < pending_.size()) {
      Pending& p = pending_[next_pending_++];
      bounded_ -= p.bound;
      Object stream = p.ref == Ref::INVALID() ? std::move(p.stream) : xref_->fetch(p.ref);
      // A reference that no longer fetches a stream (the xref was rebuilt meanwhile) is displayed as nothing.
      if (stream.isStream() && !count_exactly(stream.getStream(), p.ref)) return false;
    }
    return exact_ <= cap;
  }

  // Counts the stream object `obj` (object `ref`, or Ref::INVALID()) on the page; false when the page's content
  // bytes pass the cap.
  bool add_stream(const Object& obj, Ref ref) {
    if (recording_ != nullptr) {
      if (ref == Ref::INVALID()) recording_complete_ = false;
      std::optional<std::uint64_t> bound;
      if (sizes_->find(ref) == sizes_->end()) bound = decoded_bound(obj.getStream());
      recording_->streams.push_back({ref, bound});
    }
    return count_stream(obj, ref);
  }

  // add_stream() without the recording.
  bool count_stream(const Object& obj, Ref ref) {
    const std::size_t cap = limits_.max_content_bytes_per_page;
    if (ref != Ref::INVALID()) {
      if (auto known = sizes_->find(ref); known != sizes_->end()) {
        exact_ += known->second;
        bounded_ = saturating_add(bounded_, known->second);
        return exact_ <= cap && settle();
      }
    }
    std::optional<std::uint64_t> bound = decoded_bound(obj.getStream());
    if (!bound) return count_exactly(obj.getStream(), ref) && settle();
    return count_bound(ref, ref == Ref::INVALID() ? obj.copy() : Object(objNull), *bound);
  }

  // Counts a stream at `bound`, to be decoded later only if the cap needs it.
  bool count_bound(Ref ref, Object stream, std::uint64_t bound) {
    const std::size_t cap = limits_.max_content_bytes_per_page;
    const std::size_t counted = bound > cap ? cap + 1 : static_cast<std::size_t>(bound);
    pending_.push_back({ref, std::move(stream), counted});
    bounded_ = saturating_add(bounded_, counted);
    return settle();
  }

  // Counts the font program streams of a font walked on an earlier page, as walk_font() would count them here:
  // each stream not yet seen on this page, at its known size, its bound, or decoded.
  bool replay_font(const DocumentMemo::FontWalk& walk) {
    for (const auto& stream : walk.streams) {
      if (!seen_.insert(stream.ref).second) continue;
      if (auto known = sizes_->find(stream.ref); known != sizes_->end()) {
        exact_ += known->second;
        bounded_ = saturating_add(bounded_, known->second);
        if (!(exact_ <= limits_.max_content_bytes_per_page && settle())) return false;
      } else if (stream.bound) {
        if (!count_bound(stream.ref, Object(objNull), *stream.bound)) return false;
      } else {
        Object obj = xref_->fetch(stream.ref);
        if (obj.isStream() && !count_stream(obj, stream.ref)) return false;
      }
    }
    return true;
  }

  // The /Font entries of a resource dictionary: a font met on an earlier page (memo) is replayed, any other is
  // walked, and a walk that reached only font programs is kept for later pages.
  bool walk_fonts(Dict* resources, int depth) {
    Object group = resources->lookup("Font");
    if (!group.isDict()) return true;
    for (int i = 0; i < group.dictGetLength(); ++i) {
      const Object& entry = group.dictGetValNF(i);
      if (entry.isRef() && recording_ == nullptr) {
        auto memo = fonts_->find(entry.getRef());
        if (memo != fonts_->end() && depth + memo->second.depth < limits_.max_nesting_depth) {
          if (!seen_.insert(entry.getRef()).second) continue;
          if (!replay_font(memo->second)) return false;
          continue;
        }
      }
      Fetched font = fetch_once(entry);
      if (recording_ != nullptr || font.ref == Ref::INVALID() || !font.obj.isDict()) {
        if (!walk_font(font, depth)) return false;
        continue;
      }
      DocumentMemo::FontWalk walk;
      recording_ = &walk;
      recording_complete_ = true;
      recording_depth_ = depth;
      const bool ok = walk_font(font, depth);
      recording_ = nullptr;
      if (!ok) return false;
      if (recording_complete_) fonts_->emplace(font.ref, std::move(walk));
    }
    return true;
  }

  bool check_image(Dict* dict) {
    auto dimension = [&](const char* key, const char* short_key) -> long long {
      Object v = dict->lookup(key);
      if (v.isNull()) v = dict->lookup(short_key);
      if (v.isInt()) return v.getInt();
      if (v.isReal() && std::isfinite(v.getReal()) && std::abs(v.getReal()) < 1e15) {
        return static_cast<long long>(v.getReal());
      }
      return 0;
    };
    long long w = dimension("Width", "W"), h = dimension("Height", "H");
    if (w > 0 && h > 0 &&
        static_cast<double>(w) * static_cast<double>(h) > static_cast<double>(limits_.max_image_pixels)) {
      image_ = ImageTooLarge{w, h};
      return false;
    }
    return true;
  }

  // How many cells of a tiling pattern the page's area holds, in the pattern's own space (its /Matrix applied to
  // the page's default space; a form's own scaling is not taken into account). Renderers draw a cell smaller
  // than a pixel once per cell, so a step of 0.001 point means 5 x 10^11 form draws.
  bool check_tiling(Dict* dict) {
    auto number = [](const Object& o) { return o.isNum() ? o.getNum() : 0.0; };
    double xstep = std::abs(number(dict->lookup("XStep"))), ystep = std::abs(number(dict->lookup("YStep")));
    if (xstep == 0 || ystep == 0 || !std::isfinite(xstep) || !std::isfinite(ystep)) return true;  // never drawn
    double det = 1;
    Object m = dict->lookup("Matrix");
    if (m.isArray() && m.arrayGetLength() == 6) {
      double v[4];
      for (int i = 0; i < 4; ++i) v[i] = number(m.arrayGet(i));
      det = std::abs(v[0] * v[3] - v[1] * v[2]);
      if (det == 0 || !std::isfinite(det)) return true;  // singular: Poppler draws nothing
    }
    double tiles = page_area_ / det / (xstep * ystep);
    if (!(tiles <= static_cast<double>(limits_.max_pattern_tiles_per_page))) {
      pattern_ = PatternTooFine{tiles};
      return false;
    }
    return true;
  }

  // A Form XObject (or tiling pattern) stream: its bytes and its own resources.
  bool visit_form(const Fetched& form, int depth) {
    if (!form.obj.isStream()) return true;
    if (!add_stream(form.obj, form.ref)) return false;
    Object res = form.obj.streamGetDict()->lookup("Resources");
    return !res.isDict() || walk_resources(res.getDict(), depth + 1);
  }

  bool visit_form_or_dict_of_forms(const Object& ref, int depth) {
    Fetched o = fetch_once(ref);
    if (o.obj.isStream()) return visit_form(o, depth);
    if (!o.obj.isDict() || depth >= limits_.max_nesting_depth) return true;
    for (int i = 0; i < o.obj.dictGetLength(); ++i) {
      if (!visit_form(fetch_once(o.obj.dictGetValNF(i)), depth + 1)) return false;
    }
    return true;
  }

  bool add_if_stream(const Fetched& f) { return !f.obj.isStream() || add_stream(f.obj, f.ref); }

  bool walk_font(const Fetched& font, int depth) {
    if (recording_ != nullptr) {
      recording_->depth = std::max(recording_->depth, depth - recording_depth_ + 1);
      if (depth + 1 >= limits_.max_nesting_depth) recording_complete_ = false;  // cut short here: not the whole font
    }
    if (!font.obj.isDict() || depth >= limits_.max_nesting_depth) return true;
    Dict* d = font.obj.getDict();
    Fetched desc = fetch_once(d->lookupNF("FontDescriptor"));
    if (desc.obj.isDict()) {
      for (const char* key : {"FontFile", "FontFile2", "FontFile3"}) {
        if (!add_if_stream(fetch_once(desc.obj.getDict()->lookupNF(key)))) return false;
      }
    }
    Object descendants = d->lookup("DescendantFonts");
    if (descendants.isArray()) {
      for (int i = 0; i < descendants.arrayGetLength(); ++i) {
        if (!walk_font(fetch_once(descendants.arrayGetNF(i)), depth + 1)) return false;
      }
    }
    Object procs = d->lookup("CharProcs");
    Object res = d->lookup("Resources");
    if (recording_ != nullptr && (!procs.isNull() || !res.isNull())) recording_complete_ = false;  // Type 3
    if (procs.isDict()) {
      for (int i = 0; i < procs.dictGetLength(); ++i) {
        if (!add_if_stream(fetch_once(procs.dictGetValNF(i)))) return false;
      }
    }
    return !res.isDict() || walk_resources(res.getDict(), depth + 1);
  }

  // Every entry of one resource category (/XObject, /Font, …), each fetched once.
  template <typename Visit>
  bool each_entry(Dict* resources, const char* category, Visit visit) {
    Object group = resources->lookup(category);
    if (!group.isDict()) return true;
    for (int i = 0; i < group.dictGetLength(); ++i) {
      if (!visit(fetch_once(group.dictGetValNF(i)))) return false;
    }
    return true;
  }

  bool walk_resources(Dict* resources, int depth) {
    if (resources == nullptr || depth >= limits_.max_nesting_depth) return true;
    return each_entry(resources, "XObject",
                      [&](const Fetched& x) {
                        if (!x.obj.isStream()) return true;
                        Dict* dict = x.obj.streamGetDict();
                        Object subtype = dict->lookup("Subtype");
                        if (subtype.isName("Image")) return check_image(dict);
                        if (subtype.isName("Form")) return visit_form(x, depth);
                        return true;
                      }) &&
           walk_fonts(resources, depth) &&
           each_entry(resources, "Pattern",
                      [&](const Fetched& p) {
                        if (p.obj.isStream()) {  // a tiling pattern: its cell is a content stream
                          return check_tiling(p.obj.streamGetDict()) && visit_form(p, depth);
                        }
                        return !p.obj.isDict() || add_if_stream(fetch_once(p.obj.dictLookupNF("Shading")));
                      }) &&
           each_entry(resources, "Shading", [&](const Fetched& sh) { return add_if_stream(sh); }) &&
           each_entry(resources, "ExtGState", [&](const Fetched& gs) {
             if (!gs.obj.isDict()) return true;
             Object smask = gs.obj.dictLookup("SMask");
             return !smask.isDict() || visit_form(fetch_once(smask.dictLookupNF("G")), depth);
           });
  }

  XRef* xref_;
  const Limits& limits_;
  std::map<Ref, std::size_t>* sizes_;
  std::map<Ref, DocumentMemo::FontWalk>* fonts_;
  DecodedStreams* decoded_;
  DocumentMemo::FontWalk* recording_ = nullptr;  // the font walk being kept for later pages, if any
  bool recording_complete_ = false;              // false once that walk met something a replay would not count
  int recording_depth_ = 0;                      // the depth that walk started at
  std::set<Ref> seen_;
  std::size_t exact_ = 0;         // bytes of the streams decoded (or known) on this page: the count's lower bound
  std::size_t bounded_ = 0;       // exact_ plus the bound of every stream not decoded: its upper bound
  std::vector<Pending> pending_;  // the streams counted at a bound, in the order they were met
  std::size_t next_pending_ = 0;  // pending_[0, next_pending_) have been decoded
  std::optional<ImageTooLarge> image_;
  std::optional<PatternTooFine> pattern_;
  double page_area_ = 0;
};

// The OutputDev that sees one page at a time: device space is points, top-left origin, page rotation and crop
// box applied (displayPage at 72 dpi, upsideDown). Characters get TextOutputDev-like boxes: from the origin
// along the advance, from descent to ascent across it.
class PageCollector final : public OutputDev {
 public:
  explicit PageCollector(const Limits& limits) : limits_(limits) {}

  bool upsideDown() override { return true; }
  bool useDrawChar() override { return true; }
  bool interpretType3Chars() override { return false; }
  bool needNonText() override { return true; }  // paths must reach stroke()/fill()
  // Tiling patterns are paint, never table text or rulings: they are not expanded (Poppler would draw the cell
  // once per tile, and a tiny step makes that billions of times).
  bool useTilingPatternFill() override { return true; }
  bool tilingPatternFill(GfxState*, Gfx*, Catalog*, GfxTilingPattern*, const double*, int, int, int, int, double,
                         double) override {
    return true;
  }
  // Once a limit fired, forms are no longer expanded, so the display ends quickly.
  bool useDrawForm() override { return limit_hit_ != nullptr; }

  void saveState(GfxState*) override {
    if (++state_saves_ > limits_.max_state_saves_per_page && !limit_hit_) limit_hit_ = "max_state_saves_per_page";
  }

  // Images are not looked at, but an inline image's data sits in the content stream and must be read past.
  // Poppler's default reads width × height bytes one by one even past the end of the data; this stops at the
  // end, and refuses an image above Limits::max_image_pixels.
  void drawImageMask(GfxState*, Object*, Stream* str, int width, int height, bool, bool, bool inline_img) override {
    skip_image(str, width, height, 1, inline_img);
  }
  void drawImage(GfxState*, Object*, Stream* str, int width, int height, GfxImageColorMap* color_map, bool, const int*,
                 bool inline_img) override {
    int bits = color_map ? color_map->getNumPixelComps() * color_map->getBits() : 8;
    skip_image(str, width, height, bits, inline_img);
  }
  void drawMaskedImage(GfxState*, Object*, Stream*, int width, int height, GfxImageColorMap*, bool, Stream*,
                       int mask_width, int mask_height, bool, bool) override {
    check_pixels(width, height);
    check_pixels(mask_width, mask_height);
  }
  void drawSoftMaskedImage(GfxState*, Object*, Stream*, int width, int height, GfxImageColorMap*, bool, Stream*,
                           int mask_width, int mask_height, GfxImageColorMap*, bool) override {
    check_pixels(width, height);
    check_pixels(mask_width, mask_height);
  }

  void begin(int number) {
    page_ = Page{};
    page_.number = number;
    actual_text_.reset();
    state_saves_ = 0;
    deadline_ = std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                       std::chrono::duration<double>(limits_.seconds_per_page));
  }
  Page take() { return std::move(page_); }
  // A font of the page without a ToUnicode map that drew characters and whose text did not come from its own cmap;
  // "" when none.
  std::string unmapped_font() const {
    for (const SuspectFont& f : suspects_)
      if (f.chars > 0 && !recovered_on_page_.count(f.name.empty() ? std::string("(unnamed)") : f.name))
        return f.name.empty() ? std::string("(unnamed)") : f.name;
    return {};
  }
  // The fonts of the page whose text came from their own cmap (recovered_map()), by name.
  const std::set<std::string>& recovered_fonts() const { return recovered_on_page_; }
  const char* limit_hit() const { return limit_hit_; }
  // Poppler asks this every few operators of each content stream it runs. Besides the counted limits, the page's
  // wall time: damaged objects that Poppler parses again on every use (a broken form referenced by other forms)
  // cost time without drawing anything that could be counted.
  static bool abort_check(void* self) {
    auto* dev = static_cast<PageCollector*>(self);
    if (!dev->limit_hit_ && std::chrono::steady_clock::now() > dev->deadline_) dev->limit_hit_ = "seconds_per_page";
    return dev->limit_hit_ != nullptr;
  }

  void startPage(int, GfxState* state, XRef* xref) override {
    xref_ = xref;
    recovered_on_page_.clear();
    last_font_.reset();
    suspects_.clear();
    suspect_ = nullptr;
    if (state) {
      page_.width = state->getPageWidth();
      page_.height = state->getPageHeight();
    }
  }

  void drawChar(GfxState* state, double x, double y, double dx, double dy, double, double, CharCode code, int n_bytes,
                const Unicode* u, int u_len) override {
    if (limit_hit_) return;
    const GfxFont* font = state->getFont().get();
    double font_size = state->getFontSize();
    double ascent = 0.95, descent = -0.35;
    if (font) {
      if (font->getAscent() > 0.05 && font->getAscent() <= 1.5) ascent = font->getAscent();
      if (font->getDescent() < 0 && font->getDescent() >= -0.8) descent = font->getDescent();
    }
    bool vertical = font && font->getWMode() == 1;
    // Advance without character and word spacing, as TextOutputDev measures a character.
    double spacing = state->getCharSpace();
    if (n_bytes == 1 && code == 32) spacing += state->getWordSpace();
    double sx = 0, sy = 0;
    if (vertical) {
      state->textTransformDelta(0, spacing, &sx, &sy);
    } else {
      state->textTransformDelta(spacing * state->getHorizScaling(), 0, &sx, &sy);
    }
    double adx = dx - sx, ady = dy - sy;
    if (adx * dx + ady * dy <= 0) adx = dx, ady = dy;
    double ox, oy, vx, vy, ux, uy, tx, ty;
    state->transform(x, y, &ox, &oy);
    state->transformDelta(adx, ady, &vx, &vy);
    state->textTransformDelta(0, font_size, &tx, &ty);
    state->transformDelta(tx, ty, &ux, &uy);  // one em "up" the glyph, in device space
    double em = std::hypot(ux, uy);
    double x0, y0, x1, y1;
    if (vertical) {
      double rx, ry, wx, wy;
      state->textTransformDelta(0.5 * font_size, 0, &rx, &ry);
      state->transformDelta(rx, ry, &wx, &wy);
      x0 = std::min({ox - wx, ox + wx, ox - wx + vx, ox + wx + vx});
      x1 = std::max({ox - wx, ox + wx, ox - wx + vx, ox + wx + vx});
      y0 = std::min({oy - wy, oy + wy, oy - wy + vy, oy + wy + vy});
      y1 = std::max({oy - wy, oy + wy, oy - wy + vy, oy + wy + vy});
    } else {
      double ax = ux * ascent, ay = uy * ascent, bx = ux * descent, by = uy * descent;
      x0 = std::min({ox + ax, ox + bx, ox + vx + ax, ox + vx + bx});
      x1 = std::max({ox + ax, ox + bx, ox + vx + ax, ox + vx + bx});
      y0 = std::min({oy + ay, oy + by, oy + vy + ay, oy + vy + by});
      y1 = std::max({oy + ay, oy + by, oy + vy + ay, oy + vy + by});
    }
    if (!std::isfinite(x0) || !std::isfinite(y0) || !std::isfinite(x1) || !std::isfinite(y1)) return;
    double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    if (cx < 0 || cy < 0 || cx > page_.width || cy > page_.height) return;  // off the (cropped) page

    Glyph g;
    if (font && font->isCIDFont() && !font->hasToUnicodeCMap()) {
      if (const auto* map = recovered_map(*font)) {
        const auto* cid_font = static_cast<const GfxCIDFont*>(font);
        long gid = static_cast<long>(code);
        if (const int* to_gid = cid_font->getCIDToGID()) gid = code < cid_font->getCIDToGIDLen() ? to_gid[code] : 0;
        if (auto it = map->find(static_cast<int>(gid)); it != map->end()) {
          utf8::append(g.text, it->second);
          recovered_on_page_.insert(font->getName().value_or("(unnamed)"));
        }
      }
    }
    if (g.text.empty())
      for (int i = 0; i < u_len; ++i) utf8::append(g.text, u[i]);
    g.box = {x0, y0, x1, y1};
    g.font_size = em;
    if (page_.glyphs.size() >= limits_.max_glyphs_per_page) {
      limit_hit_ = "max_glyphs_per_page";
      return;
    }
    note_font(state->getFont(), page_.glyphs.emplace_back(std::move(g)).text);
  }

  // Why the page's text layer, though it decodes to characters, cannot be what is drawn; "" when nothing says so.
  // A CID font without a ToUnicode map is decoded by Poppler from its character codes alone (Identity-H: the glyph
  // ids taken as Unicode), which gives Latin-1 symbols or unrelated ideographs: such a font that draws characters
  // on a page of a Chinese form and decodes not one of them to a CJK character is lying.
  // An embedded simple (8-bit) font without a ToUnicode map is decoded through its encoding: a subset of a CJK font
  // encoded that way reads as Latin-1 symbols (€ ‚ ƒ …). Such a font lies when the characters it decodes to outside
  // ASCII and CJK outnumber every CJK character of the page: the page's Chinese is drawn in it. A Latin font without
  // a map (digits, letters) decodes to ASCII and never counts.
  std::string lying_font_reason() const {
    std::size_t page_cjk = std::string::npos;  // counted once, only when a simple font is in doubt
    std::string reason;
    std::size_t worst = 0;  // the simple font that decodes the most characters to symbols is named
    for (const SuspectFont& f : suspects_) {
      if (f.chars == 0 || f.cjk) continue;
      std::string name = f.name.empty() ? std::string("(unnamed)") : f.name;
      if (!f.simple)
        return "the text layer of font " + name + " has no usable ToUnicode map: none of its " +
               std::to_string(f.chars) + " characters decodes to a CJK character";
      if (f.odd == 0) continue;
      if (page_cjk == std::string::npos) {
        page_cjk = 0;
        for (const auto& g : page_.glyphs) {
          auto cps = utf8::decode(g.text);
          if (!cps.empty() && is_cjk_wide(cps.front())) ++page_cjk;
        }
      }
      if (f.odd > page_cjk && f.odd > worst) {
        worst = f.odd;
        reason = "the text layer of font " + name + " (an embedded simple font without a ToUnicode map) decodes " +
                 std::to_string(f.odd) + " characters to symbols that are neither ASCII nor CJK, more than the " +
                 std::to_string(page_cjk) + " CJK characters of the page";
      }
    }
    return reason;
  }

  void beginActualText(GfxState*, const GooString* text) override {
    if (actual_text_ || text == nullptr) return;  // nested: the outer replacement wins
    Unicode* raw = nullptr;
    int n = TextStringToUCS4(text->toStr(), &raw);
    std::unique_ptr<Unicode, GFreeDeleter> ucs4(raw);
    std::string replacement;
    for (int i = 0; i < n; ++i) utf8::append(replacement, ucs4.get()[i]);
    actual_text_ = ActualText{std::move(replacement), page_.glyphs.size()};
  }

  void endActualText(GfxState*) override {
    if (!actual_text_) return;
    // The characters drawn since beginActualText become one glyph carrying the replacement text.
    std::size_t first = actual_text_->first_glyph;
    if (first < page_.glyphs.size()) {
      Glyph merged = page_.glyphs[first];
      for (std::size_t i = first + 1; i < page_.glyphs.size(); ++i) {
        const Box& b = page_.glyphs[i].box;
        merged.box = {std::min(merged.box.x0, b.x0), std::min(merged.box.y0, b.y0), std::max(merged.box.x1, b.x1),
                      std::max(merged.box.y1, b.y1)};
      }
      merged.text = std::move(actual_text_->text);
      page_.glyphs.resize(first);
      page_.glyphs.push_back(std::move(merged));
    }
    actual_text_.reset();
  }

  void stroke(GfxState* state) override {
    GfxRGB rgb;
    state->getStrokeRGB(&rgb);
    if (is_white(rgb) || state->getStrokeOpacity() <= 0) return;
    collect_path(state, false);
  }
  void fill(GfxState* state) override { fill_path(state); }
  void eoFill(GfxState* state) override { fill_path(state); }

 private:
  void check_pixels(int width, int height) {
    if (static_cast<double>(width) * height > static_cast<double>(limits_.max_image_pixels) && !limit_hit_) {
      limit_hit_ = "max_image_pixels";
    }
  }

  void skip_image(Stream* str, int width, int height, int bits_per_pixel, bool inline_img) {
    check_pixels(width, height);
    if (!inline_img || str == nullptr || limit_hit_) return;
    double bytes = static_cast<double>(height) * ((static_cast<double>(width) * bits_per_pixel + 7) / 8);
    const double cap = static_cast<double>(limits_.max_content_bytes_per_page);
    std::size_t want = static_cast<std::size_t>(std::min(bytes, cap));
    std::vector<unsigned char> buf(1 << 16);
    str->reset();
    while (want > 0) {
      int got = str->doGetChars(static_cast<int>(std::min<std::size_t>(buf.size(), want)), buf.data());
      if (got <= 0) break;
      want -= static_cast<std::size_t>(got);
    }
    str->close();
  }

  struct ActualText {
    std::string text;
    std::size_t first_glyph = 0;
  };

  void fill_path(GfxState* state) {
    GfxRGB rgb;
    state->getFillRGB(&rgb);
    if (is_white(rgb) || state->getFillOpacity() <= 0) return;
    collect_path(state, true);
  }

  void add_segment(double x0, double y0, double x1, double y1) {
    if (limit_hit_) return;
    double dx = std::abs(x1 - x0), dy = std::abs(y1 - y0);
    Segment s;
    if (dy <= kAxisTolerance && dx > kAxisTolerance) {
      double y = (y0 + y1) / 2;
      s = {std::min(x0, x1), y, std::max(x0, x1), y};
    } else if (dx <= kAxisTolerance && dy > kAxisTolerance) {
      double x = (x0 + x1) / 2;
      s = {x, std::min(y0, y1), x, std::max(y0, y1)};
    } else {
      return;  // diagonal or a dot
    }
    if (!std::isfinite(s.x0) || !std::isfinite(s.y0) || !std::isfinite(s.x1) || !std::isfinite(s.y1)) return;
    if (page_.segments.size() >= limits_.max_segments_per_page) {
      limit_hit_ = "max_segments_per_page";
      return;
    }
    page_.segments.push_back(s);
  }

  void collect_path(GfxState* state, bool filled) {
    const GfxPath* path = state->getPath();
    if (path == nullptr) return;
    std::vector<double> xs, ys;
    for (int s = 0; s < path->getNumSubpaths() && !limit_hit_; ++s) {
      const GfxSubpath* sub = path->getSubpath(s);
      int n = sub->getNumPoints();
      xs.resize(n);
      ys.resize(n);
      bool has_curve = false;
      for (int i = 0; i < n; ++i) {
        state->transform(sub->getX(i), sub->getY(i), &xs[i], &ys[i]);
        has_curve = has_curve || sub->getCurve(i);
      }
      if (filled) {
        if (!has_curve) add_filled_rect(xs, ys);
        continue;
      }
      for (int i = 1; i < n; ++i) {
        if (sub->getCurve(i) || sub->getCurve(i - 1)) continue;  // a Bézier piece, not a ruling
        add_segment(xs[i - 1], ys[i - 1], xs[i], ys[i]);
      }
    }
  }

  // A filled axis-aligned rectangle: thin → one segment along its long axis; larger → its four edges (cell
  // borders drawn as boxes, cell background fills). Other filled shapes are not rulings.
  void add_filled_rect(const std::vector<double>& xs, const std::vector<double>& ys) {
    std::size_t n = xs.size();
    if (n == 5 && std::abs(xs[4] - xs[0]) <= kAxisTolerance && std::abs(ys[4] - ys[0]) <= kAxisTolerance) n = 4;
    if (n != 4) return;
    double x0 = *std::min_element(xs.begin(), xs.begin() + 4), x1 = *std::max_element(xs.begin(), xs.begin() + 4);
    double y0 = *std::min_element(ys.begin(), ys.begin() + 4), y1 = *std::max_element(ys.begin(), ys.begin() + 4);
    for (std::size_t i = 0; i < 4; ++i) {
      bool on_x = std::abs(xs[i] - x0) <= kAxisTolerance || std::abs(xs[i] - x1) <= kAxisTolerance;
      bool on_y = std::abs(ys[i] - y0) <= kAxisTolerance || std::abs(ys[i] - y1) <= kAxisTolerance;
      if (!on_x || !on_y) return;  // rotated or not a rectangle
    }
    double w = x1 - x0, h = y1 - y0;
    if (w < kThinRect && h < kThinRect) return;
    if (h < kThinRect) {
      add_segment(x0, (y0 + y1) / 2, x1, (y0 + y1) / 2);
    } else if (w < kThinRect) {
      add_segment((x0 + x1) / 2, y0, (x0 + x1) / 2, y1);
    } else {
      if (w > 0.9 * page_.width && h > 0.9 * page_.height) return;  // a page background, not a cell
      add_segment(x0, y0, x1, y0);
      add_segment(x0, y1, x1, y1);
      add_segment(x0, y0, x0, y1);
      add_segment(x1, y0, x1, y1);
    }
  }

  // The embedded font program `embedded` of `font`, as GfxFont::readEmbFontFile reads it: /FlateDecode data
  // through inflate_flate() (whole and valid data decodes to the same bytes; the precheck bounded its size), anything
  // else through Poppler.
  std::optional<std::vector<unsigned char>> program_of(const GfxFont& font, Ref embedded) {
    Object stream = xref_->fetch(embedded);
    if (stream.isStream()) {
      Inflated bytes;
      auto inflated = inflate_flate(stream.getStream(), limits_.max_content_bytes_per_page + 1, &bytes);
      if (inflated && inflated->second) {
        const auto* data = reinterpret_cast<const unsigned char*>(bytes.data.get());
        return std::vector<unsigned char>(data, data + bytes.size);
      }
    }
    return const_cast<GfxFont&>(font).readEmbFontFile(xref_);
  }

  // For an embedded CID TrueType font without a ToUnicode map: the Unicode of each glyph id, from the font program's
  // own Unicode cmap reversed (the lowest code point mapping to a glyph wins); nullptr when the font has no such
  // cmap or cannot be read. Computed once per font of the document.
  const std::unordered_map<int, char32_t>* recovered_map(const GfxFont& font) {
    if (&font == last_map_font_) return last_map_;
    last_map_font_ = &font;
    last_map_ = nullptr;
    if (font.getType() != fontCIDType2 && font.getType() != fontCIDType2OT) return nullptr;
    const Ref id = *font.getID();
    auto [it, fresh] = maps_.try_emplace({id.num, id.gen});
    if (fresh && xref_ != nullptr) {
      Ref embedded;
      if (font.getEmbeddedFontID(&embedded)) {
        auto bytes = program_of(font, embedded);
        if (bytes && !bytes->empty() && bytes->size() <= static_cast<std::size_t>(INT32_MAX)) {
          auto tt = FoFiTrueType::make(bytes->data(), static_cast<int>(bytes->size()));
          int cmap = -1;
          if (tt) {
            for (auto [platform, encoding] : {std::pair{3, 10}, {3, 1}, {0, 4}, {0, 3}}) {
              if ((cmap = tt->findCmap(platform, encoding)) >= 0) break;
            }
          }
          if (cmap >= 0) {
            // Every code point from U+0020 to U+2FFFF but the surrogates, in order; only those the subtable can map
            // are asked for, when it says which.
            const auto ranges = cmap_code_ranges(bytes->data(), bytes->size(), *tt, cmap)
                                    .value_or(std::vector<std::pair<char32_t, char32_t>>{{0, 0x2FFFF}});
            for (const auto& [first, last] : ranges) {
              for (char32_t c = std::max<char32_t>(first, 0x20); c <= std::min<char32_t>(last, 0x2FFFF); ++c) {
                if (c >= 0xD800 && c <= 0xDFFF) continue;
                int gid = tt->mapCodeToGID(cmap, c);
                if (gid > 0) it->second.try_emplace(gid, c);
              }
            }
          }
        }
      }
    }
    if (!it->second.empty()) last_map_ = &it->second;
    return last_map_;
  }

  XRef* xref_ = nullptr;
  std::map<std::pair<int, int>, std::unordered_map<int, char32_t>> maps_;  // by font object
  const GfxFont* last_map_font_ = nullptr;
  const std::unordered_map<int, char32_t>* last_map_ = nullptr;
  std::set<std::string> recovered_on_page_;

  // A font that may lie (CID or embedded simple, no ToUnicode map) and what it decoded to on this page.
  struct SuspectFont {
    std::string name;
    bool simple = false;    // an embedded 8-bit font (else a CID font)
    std::size_t chars = 0;  // non-blank characters drawn
    std::size_t odd = 0;    // of which decoded to neither ASCII nor CJK
    bool cjk = false;       // one of them decoded to a CJK character
  };

  // Costs a pointer comparison per character unless the font is a suspect (held, so its address is not reused).
  void note_font(const std::shared_ptr<GfxFont>& font, const std::string& text) {
    if (font != last_font_) {
      last_font_ = font;
      suspect_ = nullptr;
      Ref embedded;
      bool simple = font && !font->isCIDFont() && font->getEmbeddedFontID(&embedded);
      if (font && !font->hasToUnicodeCMap() && (font->isCIDFont() || simple)) {
        std::string name = font->getName().value_or(std::string());
        auto it =
            std::find_if(suspects_.begin(), suspects_.end(), [&](const SuspectFont& f) { return f.name == name; });
        suspect_ = it != suspects_.end() ? &*it : &suspects_.emplace_back(SuspectFont{std::move(name), simple});
      }
    }
    if (!suspect_ || suspect_->cjk || text.empty()) return;
    bool blank = true;
    for (char32_t c : utf8::decode(text)) {
      if (c == U' ' || c == U'\t' || c == U'\u3000') continue;
      blank = false;
      if (is_cjk_wide(c)) {
        suspect_->cjk = true;
      } else if (c >= 0x80) {
        ++suspect_->odd;
      }
    }
    if (!blank) ++suspect_->chars;
  }

  const Limits& limits_;
  Page page_;
  std::shared_ptr<GfxFont> last_font_;
  std::deque<SuspectFont> suspects_;  // a deque: suspect_ points into it
  SuspectFont* suspect_ = nullptr;
  std::optional<ActualText> actual_text_;
  const char* limit_hit_ = nullptr;
  std::size_t state_saves_ = 0;
  std::chrono::steady_clock::time_point deadline_;
};

ReadResult failure(Outcome outcome, std::string message) {
  ReadResult r;
  r.error = {outcome, std::move(message)};
  return r;
}

}  // namespace

ReadResult read_pdf(const std::string& path, const Limits& limits) {
  Document doc;
  doc.path = path;
  try {
    PopplerWarningSink sink(&doc.warnings, limits.max_warnings_per_document);
    OpenedDocument opened = open_document(path, limits, sink);
    if (!opened.doc) return failure(opened.error.outcome, std::move(opened.error.message));
    PDFDoc* pdf = opened.doc.get();
    int pages = pdf->getNumPages();
    doc.page_count = pages;
    doc.pages.reserve(static_cast<std::size_t>(pages));
    PageCollector dev(limits);
    DocumentMemo memo;
    DecodedStreams decoded(pdf->getXRef(), limits);
    for (int i = 1; i <= pages; ++i) {
      dev.begin(i);
      const std::string on_page = " on page " + std::to_string(i);
      ::Page* page_obj = pdf->getPage(i);
      if (page_obj == nullptr) {
        doc.warnings.push_back("page " + std::to_string(i) + " cannot be read: it is left empty");
      } else {
        PagePrecheck precheck(pdf->getXRef(), limits, &memo, &decoded);
        if (!precheck.run(page_obj)) {
          if (const auto& image = precheck.image()) {
            return failure(Outcome::LimitExceeded,
                           limit_exceeded("max_image_pixels", std::to_string(limits.max_image_pixels)) + on_page +
                               ": an image of " + std::to_string(image->width) + " x " + std::to_string(image->height) +
                               " pixels");
          }
          if (const auto& pattern = precheck.pattern()) {
            const std::string tiles = format_general(pattern->tiles, 3);
            std::string message =
                limit_exceeded("max_pattern_tiles_per_page", std::to_string(limits.max_pattern_tiles_per_page));
            message.append(on_page).append(": a tiling pattern of ").append(tiles).append(" cells");
            return failure(Outcome::LimitExceeded, message);
          }
          return failure(
              Outcome::LimitExceeded,
              limit_exceeded("max_content_bytes_per_page", byte_size(limits.max_content_bytes_per_page)) + on_page);
        }
        decoded.prepare(page_obj);
        pdf->displayPage(&dev, i, 72, 72, 0, false, true, false, &PageCollector::abort_check, &dev);
        decoded.release_page();
      }
      if (const char* limit = dev.limit_hit(); limit && std::strcmp(limit, "seconds_per_page") == 0) {
        return failure(Outcome::LimitExceeded,
                       limit_exceeded("seconds_per_page", format_general(limits.seconds_per_page) + " s") + on_page);
      }
      if (const char* limit = dev.limit_hit()) {
        std::size_t value = limits.max_image_pixels;
        if (std::strcmp(limit, "max_glyphs_per_page") == 0) value = limits.max_glyphs_per_page;
        if (std::strcmp(limit, "max_segments_per_page") == 0) value = limits.max_segments_per_page;
        if (std::strcmp(limit, "max_state_saves_per_page") == 0) value = limits.max_state_saves_per_page;
        return failure(Outcome::LimitExceeded, limit_exceeded(limit, std::to_string(value)) + on_page);
      }
      for (const auto& name : dev.recovered_fonts())
        doc.warnings.push_back("page " + std::to_string(i) + ": the text layer of font " + name +
                               " has no ToUnicode map; its text was recovered from the embedded font's own cmap");
      std::string unmapped = dev.unmapped_font();
      Page page = dev.take();
      page.number = i;
      page.unmapped_font = std::move(unmapped);
      page.text_layer = classify_text_layer(page.glyphs, &page.text_layer_reason);
      if (page.text_layer == TextLayer::Usable) {
        if (std::string lie = dev.lying_font_reason(); !lie.empty()) {
          page.text_layer = TextLayer::Garbage;
          page.text_layer_reason = std::move(lie);
        } else if (std::string part = distrust_undecodable(page); !part.empty()) {
          doc.warnings.push_back(std::move(part));
        }
      }
      // The document keeps every page until it is audited: without the slack their vectors grew with.
      page.glyphs.shrink_to_fit();
      page.segments.shrink_to_fit();
      doc.pages.push_back(std::move(page));
    }
  } catch (const std::bad_alloc&) {
    return failure(Outcome::LimitExceeded, "out of memory while reading the PDF");
  } catch (const std::exception& e) {
    return failure(Outcome::Internal, std::string("internal error while reading the PDF: ") + e.what());
  }
  ReadResult r;
  r.document = std::move(doc);
  return r;
}

}  // namespace jx::extract
