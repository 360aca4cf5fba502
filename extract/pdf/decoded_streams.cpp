#include "extract/pdf/decoded_streams.h"

#include <Dict.h>
#include <Page.h>
#include <Stream.h>
#include <XRef.h>
#include <libdeflate.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <memory>

namespace jx::extract {

namespace {

constexpr int kChunk = 1 << 16;

// A stream over bytes in memory that it owns, shared with its copies.
class SharedMemStream final : public BaseMemStream<char> {
 public:
  SharedMemStream(std::shared_ptr<char[]> bytes, Goffset size, Object&& dict)
      : BaseMemStream(bytes.get(), 0, size, std::move(dict)), bytes_(std::move(bytes)) {}
  BaseStream* copy() override { return new SharedMemStream(bytes_, getLength(), dict.copy()); }

 private:
  std::shared_ptr<char[]> bytes_;
};

struct DecompressorDeleter {
  void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
};

// This thread's decompressor (null if it could not be made).
libdeflate_decompressor* decompressor() {
  thread_local std::unique_ptr<libdeflate_decompressor, DecompressorDeleter> d(libdeflate_alloc_decompressor());
  return d.get();
}

// zlib data, the `in_size` bytes at `in`, inflated chunk by chunk until it ends or `limit` bytes are out:
// inflate_flate()'s result for data larger than libdeflate's room. The bytes are kept in `*bytes` when given and the
// data ended.
std::optional<std::pair<std::size_t, bool>> inflate_in_chunks(unsigned char* in, std::size_t in_size, std::size_t limit,
                                                              Inflated* bytes) {
  z_stream z{};
  if (inflateInit(&z) != Z_OK) return std::nullopt;
  std::vector<char> kept;
  auto chunk = std::make_unique_for_overwrite<char[]>(kChunk);
  z.next_in = in;
  std::size_t in_left = in_size;
  std::size_t size = 0;
  int ret = Z_OK;
  while (ret == Z_OK && size < limit) {
    if (z.avail_in == 0 && in_left > 0) {
      z.avail_in = static_cast<uInt>(std::min<std::size_t>(in_left, kChunk));
      in_left -= z.avail_in;
    }
    z.next_out = reinterpret_cast<Bytef*>(chunk.get());
    z.avail_out = static_cast<uInt>(std::min<std::size_t>(kChunk, limit - size));
    ret = ::inflate(&z, Z_NO_FLUSH);
    const auto produced = static_cast<std::size_t>(reinterpret_cast<char*>(z.next_out) - chunk.get());
    if (bytes != nullptr) kept.insert(kept.end(), chunk.get(), chunk.get() + produced);
    size += produced;
    if (ret == Z_BUF_ERROR && z.avail_in == 0 && in_left > 0) ret = Z_OK;  // more input to give
  }
  inflateEnd(&z);
  if (size >= limit) return std::pair<std::size_t, bool>{limit, false};
  if (ret != Z_STREAM_END) return std::nullopt;
  if (bytes != nullptr) {
    bytes->data = std::make_unique_for_overwrite<char[]>(kept.size());
    std::copy(kept.begin(), kept.end(), bytes->data.get());
    bytes->size = kept.size();
  }
  return std::pair<std::size_t, bool>{size, true};
}

}  // namespace

bool asks_for_predictor(Dict* dict) {
  if (dict == nullptr) return false;
  auto asks = [](const Object& params) {
    if (!params.isDict()) return false;
    Object p = params.dictLookup("Predictor");
    return !p.isNull() && !(p.isInt() && p.getInt() == 1);
  };
  for (const char* key : {"DecodeParms", "DP"}) {
    Object params = dict->lookup(key);
    if (asks(params)) return true;
    if (params.isArray()) {
      for (int i = 0; i < params.arrayGetLength(); ++i) {
        if (asks(params.arrayGet(i))) return true;
      }
    }
  }
  return false;
}

std::optional<std::pair<std::size_t, bool>> inflate_flate(Stream* str, std::size_t limit, Inflated* bytes) {
  Stream* below = str->getNextStream();
  if (str->getKind() != strFlate || below == nullptr || asks_for_predictor(str->getDict())) return std::nullopt;
  libdeflate_decompressor* d = decompressor();
  if (d == nullptr) return std::nullopt;
  // The deflated data whole, as Poppler's decoders of the filters below give it. Data that decodes to at most
  // `limit` bytes is at most that long, a few bytes a 64 KiB stored block more; longer data (empty blocks, trailing
  // bytes) is left to Poppler, so that memory stays within about twice the limit.
  const std::size_t max_in = limit > SIZE_MAX - kChunk ? SIZE_MAX : limit + kChunk;
  // Room for the encoded bytes below the filter, grown as they come (not zero-filled: each byte is read into it).
  BaseStream* base = str->getBaseStream();
  std::size_t capacity = kChunk;
  if (base != nullptr && base->getLength() > 0) {
    capacity = std::min<std::size_t>(static_cast<std::size_t>(base->getLength()) + 1, max_in + 1);
  }
  auto in = std::make_unique_for_overwrite<unsigned char[]>(capacity);
  std::size_t in_size = 0;
  bool ended = false;
  below->reset();
  while (in_size <= max_in) {
    if (capacity - in_size < kChunk) {
      const std::size_t grown = std::max(capacity * 2, in_size + kChunk);
      auto bigger = std::make_unique_for_overwrite<unsigned char[]>(grown);
      std::copy(in.get(), in.get() + in_size, bigger.get());
      in = std::move(bigger);
      capacity = grown;
    }
    const int got = below->doGetChars(kChunk, in.get() + in_size);
    if (got <= 0) {
      ended = true;
      break;
    }
    in_size += static_cast<std::size_t>(got);
  }
  below->close();
  if (!ended) return std::nullopt;
  // Into room for a common ratio: most streams fit, and libdeflate decodes them whole in one call.
  const std::size_t room = std::min(limit, std::max<std::size_t>(kChunk, in_size * 8));
  auto out = std::make_unique_for_overwrite<char[]>(room);
  std::size_t in_used = 0, out_size = 0;
  const libdeflate_result r = libdeflate_zlib_decompress_ex(d, in.get(), in_size, out.get(), room, &in_used, &out_size);
  if (r == LIBDEFLATE_SUCCESS) {
    if (out_size >= limit) return std::pair<std::size_t, bool>{limit, false};
    if (bytes != nullptr) *bytes = {std::move(out), out_size};
    return std::pair<std::size_t, bool>{out_size, true};
  }
  if (r != LIBDEFLATE_INSUFFICIENT_SPACE) return std::nullopt;
  // Larger than the room (or damaged past it: libdeflate wants room for a whole stored block before it reads the
  // block): zlib, chunk by chunk, as far as the limit.
  return inflate_in_chunks(in.get(), in_size, limit, bytes);
}

namespace {

// A stream the reader may replace: /FlateDecode outermost, its data in this file.
bool replaceable(Stream* str) { return str->getKind() == strFlate && !str->getDict()->hasKey("F"); }

}  // namespace

void DecodedStreams::put(Ref ref, Stream* original, Inflated&& bytes) {
  Dict* dict = original->getDict()->copy(xref_);
  for (const char* key : {"Filter", "DecodeParms", "DP"}) dict->remove(key);
  dict->set("Length", Object(static_cast<long long>(bytes.size)));
  Object decoded(static_cast<Stream*>(new SharedMemStream(std::shared_ptr<char[]>(std::move(bytes.data)),
                                                          static_cast<Goffset>(bytes.size), Object(dict))));
  xref_->setModifiedObject(&decoded, ref);
}

std::optional<std::pair<std::size_t, bool>> DecodedStreams::decode_into(Ref ref, Stream* str, std::size_t limit,
                                                                        std::size_t* budget, bool* kept) {
  *kept = false;
  Inflated bytes;
  auto inflated = inflate_flate(str, limit, &bytes);
  if (inflated && inflated->second && bytes.size <= *budget) {
    *budget -= bytes.size;
    put(ref, str, std::move(bytes));
    *kept = true;
  }
  return inflated;
}

bool DecodedStreams::replace(Ref ref, std::size_t* budget) {
  if (ref == Ref::INVALID()) return false;
  Object obj = xref_->fetch(ref);
  // Not a stream already replaced (it has no filter left).
  if (!obj.isStream() || !replaceable(obj.getStream())) return false;
  bool kept = false;
  decode_into(ref, obj.getStream(), *budget + 1, budget, &kept);
  return kept;
}

std::optional<std::pair<std::size_t, bool>> DecodedStreams::decode_and_keep(Ref ref, Stream* str, std::size_t limit) {
  if (ref == Ref::INVALID() || !replaceable(str)) return inflate_flate(str, limit);
  bool kept = false;
  return decode_into(ref, str, limit, &kept_bytes_left_, &kept);
}

void DecodedStreams::prepare(::Page* page) {
  release_page();
  std::size_t content_left = limits_.max_content_bytes_per_page;
  Object page_dict = xref_->fetch(page->getRef());
  if (page_dict.isDict()) {
    const Object& contents = page_dict.dictLookupNF("Contents");
    auto add = [&](const Object& part) {
      if (part.isRef() && replace(part.getRef(), &content_left)) page_streams_.push_back(part.getRef());
    };
    Object array = contents.isRef() ? contents.fetch(xref_) : contents.copy();
    if (array.isArray()) {
      for (int i = 0; i < array.arrayGetLength(); ++i) add(array.arrayGetNF(i));
    } else {
      add(contents);
    }
  }
  prepare_fonts(page->getResourceDict());
}

void DecodedStreams::prepare_fonts(Dict* resources) {
  if (resources == nullptr) return;
  Object fonts = resources->lookup("Font");
  if (!fonts.isDict()) return;
  auto add = [&](const Object& ref) {
    if (ref.isRef()) replace(ref.getRef(), &kept_bytes_left_);
  };
  for (int i = 0; i < fonts.dictGetLength(); ++i) {
    const Object& entry = fonts.dictGetValNF(i);
    if (!entry.isRef() || !fonts_seen_.insert(entry.getRef()).second) continue;
    Object font = entry.fetch(xref_);
    if (!font.isDict()) continue;
    add(font.dictLookupNF("ToUnicode"));
    Object descendants = font.dictLookup("DescendantFonts");
    if (descendants.isArray() && descendants.arrayGetLength() > 0) {
      Object cid_font = descendants.arrayGet(0);
      if (cid_font.isDict()) add(cid_font.dictLookupNF("CIDToGIDMap"));
    }
  }
}

void DecodedStreams::release_page() {
  Object none(objNull);
  for (Ref ref : page_streams_) xref_->setModifiedObject(&none, ref);  // fetched from the file again
  page_streams_.clear();
}

}  // namespace jx::extract
