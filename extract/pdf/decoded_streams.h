// Streams a page reads, decoded once through libdeflate and handed to Poppler from memory.
//
// Poppler 22 inflates /FlateDecode data with its own decoder, several times slower than libdeflate's, and decodes a
// stream anew each time one of its objects is read: a page's content streams once, a font's /ToUnicode map once for
// every page that uses the font (its fonts are made again for each page). DecodedStreams decodes such a stream
// through libdeflate once and puts, in the document's cross-reference table, a stream of the decoded bytes without
// the filter in place of the stream object, so every later fetch of the object reads those bytes. A stream is
// replaced only when its zlib data is whole and valid, checksum included: for such data Poppler's inflate yields the
// same bytes, so every reader sees what it saw before. Anything else (damaged data, a predictor, another outermost
// filter, a stream over its limit) is left to Poppler, decoded as before.
#pragma once

#include <Object.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "core/limits.h"

class Dict;
class Page;
class Stream;
class XRef;

namespace jx::extract {

// True when a /DecodeParms (or /DP) entry of the stream dictionary `dict` asks for a predictor.
bool asks_for_predictor(Dict* dict);

// Bytes decoded by inflate_flate().
struct Inflated {
  std::unique_ptr<char[]> data;
  std::size_t size = 0;
};

// Inflates the data under `str`'s outermost filter, when that filter is /FlateDecode without a predictor: the bytes
// below it are read as Poppler reads them (through its decoders of the filters below), whole, and decoded by
// libdeflate in one call, or by zlib chunk by chunk when they need more room than libdeflate was given. Returns the
// bytes out and whether the data ended: {limit, false} when they reach `limit`, {size, true} when the zlib data is
// whole and valid (checksum included; anything after it is ignored), the bytes then in `*bytes` when given; nullopt
// when `str` is not such a stream, its data is damaged (a bad checksum, cut short) or its encoded data is longer
// than `limit` + 64 KiB. For data these accept, Poppler's own inflate yields the same bytes.
std::optional<std::pair<std::size_t, bool>> inflate_flate(Stream* str, std::size_t limit, Inflated* bytes = nullptr);

// One document's decoded streams. Keeps a pointer to `xref`, which must outlive it.
class DecodedStreams {
 public:
  DecodedStreams(XRef* xref, const Limits& limits)
      : xref_(xref), limits_(limits), kept_bytes_left_(limits.max_content_bytes_per_page) {}
  ~DecodedStreams() { release_page(); }
  DecodedStreams(const DecodedStreams&) = delete;
  DecodedStreams& operator=(const DecodedStreams&) = delete;

  // Before `page` is displayed: its content streams, within Limits::max_content_bytes_per_page together, are read
  // from memory until release_page(); the /ToUnicode maps and /CIDToGIDMap streams of the fonts its resources name
  // directly are read from memory for the rest of the document.
  void prepare(::Page* page);
  // After the display: the page's content streams are read from the file again.
  void release_page();

  // inflate_flate(str, limit) for stream object `ref` (or Ref::INVALID()), which the page precheck must decode to
  // measure (a font program, whose bound passes the cap): when its data is whole and valid, its bytes are kept and
  // read from memory for the rest of the document, so that Poppler, which reads a font's program again for every
  // page, does not inflate it again.
  std::optional<std::pair<std::size_t, bool>> decode_and_keep(Ref ref, Stream* str, std::size_t limit);

  // Streams kept for the rest of the document (fonts' maps, the streams decode_and_keep() decoded) share one
  // budget: another Limits::max_content_bytes_per_page of decoded bytes. Past it, Poppler decodes them each time as
  // it would: the budget bounds memory, no output depends on it.

 private:
  // inflate_flate(str, limit, …) for stream object `ref` (`str`): when its data is whole and valid and fits in
  // `*budget`, its bytes are put in its place and taken from the budget, and `*kept` is true.
  std::optional<std::pair<std::size_t, bool>> decode_into(Ref ref, Stream* str, std::size_t limit, std::size_t* budget,
                                                          bool* kept);
  // Replaces stream object `ref` by its decoded bytes when they fit in `*budget`, which they are taken from.
  bool replace(Ref ref, std::size_t* budget);
  void put(Ref ref, Stream* original, Inflated&& bytes);
  void prepare_fonts(Dict* resources);

  XRef* xref_;
  const Limits& limits_;
  std::vector<Ref> page_streams_;  // replaced for the current page only
  std::set<Ref> fonts_seen_;
  std::size_t kept_bytes_left_;
};

}  // namespace jx::extract
