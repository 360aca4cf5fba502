#include "extract/pdf/decoded_streams.h"

#include <Dict.h>
#include <Page.h>
#include <Stream.h>
#include <XRef.h>
#include <zlib.h>

#include <algorithm>
#include <memory>

namespace jx::extract {

namespace {

constexpr int kChunk = 1 << 16;

// A stream over bytes in memory that it owns, shared with its copies.
class SharedMemStream final : public BaseMemStream<char> {
 public:
  SharedMemStream(std::shared_ptr<std::vector<char>> bytes, Object&& dict)
      : BaseMemStream(bytes->data(), 0, static_cast<Goffset>(bytes->size()), std::move(dict)),
        bytes_(std::move(bytes)) {}
  BaseStream* copy() override { return new SharedMemStream(bytes_, dict.copy()); }

 private:
  std::shared_ptr<std::vector<char>> bytes_;
};

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

std::optional<std::pair<std::size_t, bool>> inflate_with_zlib(
    Stream* str, std::size_t limit, const std::function<void(const unsigned char*, std::size_t)>& sink) {
  Stream* below = str->getNextStream();
  if (str->getKind() != strFlate || below == nullptr || asks_for_predictor(str->getDict())) return std::nullopt;
  // Not zero-filled: zlib writes each byte before it is read.
  auto in = std::make_unique_for_overwrite<unsigned char[]>(kChunk);
  auto out = std::make_unique_for_overwrite<unsigned char[]>(kChunk);
  z_stream z{};
  if (inflateInit(&z) != Z_OK) return std::nullopt;
  below->reset();
  bool input_ended = false;
  std::size_t size = 0;
  int ret = Z_OK;
  while (ret == Z_OK && size < limit) {
    if (z.avail_in == 0 && !input_ended) {
      const int got = below->doGetChars(kChunk, in.get());
      if (got <= 0) {
        input_ended = true;
      } else {
        z.next_in = in.get();
        z.avail_in = static_cast<uInt>(got);
      }
    }
    z.next_out = out.get();
    z.avail_out = static_cast<uInt>(std::min<std::size_t>(kChunk, limit - size));
    ret = ::inflate(&z, Z_NO_FLUSH);
    const auto produced = static_cast<std::size_t>(z.next_out - out.get());
    if (sink && produced > 0) sink(out.get(), produced);
    size += produced;
    if (ret == Z_BUF_ERROR && z.avail_in == 0 && !input_ended) ret = Z_OK;  // more input to give
  }
  below->close();
  inflateEnd(&z);
  if (size >= limit) return std::pair<std::size_t, bool>{limit, false};
  if (ret != Z_STREAM_END) return std::nullopt;
  return std::pair<std::size_t, bool>{size, true};
}

namespace {

// A stream the reader may replace: /FlateDecode outermost, its data in this file.
bool replaceable(Stream* str) { return str->getKind() == strFlate && !str->getDict()->hasKey("F"); }

}  // namespace

void DecodedStreams::put(Ref ref, Stream* original, std::vector<char>&& bytes) {
  Dict* dict = original->getDict()->copy(xref_);
  for (const char* key : {"Filter", "DecodeParms", "DP"}) dict->remove(key);
  dict->set("Length", Object(static_cast<long long>(bytes.size())));
  Object decoded(
      static_cast<Stream*>(new SharedMemStream(std::make_shared<std::vector<char>>(std::move(bytes)), Object(dict))));
  xref_->setModifiedObject(&decoded, ref);
}

bool DecodedStreams::replace(Ref ref, std::size_t* budget) {
  if (ref == Ref::INVALID()) return false;
  Object obj = xref_->fetch(ref);
  // Not a stream already replaced (it has no filter left).
  if (!obj.isStream() || !replaceable(obj.getStream())) return false;
  std::vector<char> bytes;
  auto inflated = inflate_with_zlib(obj.getStream(), *budget + 1, [&](const unsigned char* p, std::size_t n) {
    bytes.insert(bytes.end(), reinterpret_cast<const char*>(p), reinterpret_cast<const char*>(p) + n);
  });
  if (!inflated || !inflated->second || bytes.size() > *budget) return false;
  *budget -= bytes.size();
  put(ref, obj.getStream(), std::move(bytes));
  return true;
}

std::optional<std::pair<std::size_t, bool>> DecodedStreams::decode_and_keep(Ref ref, Stream* str, std::size_t limit) {
  if (ref == Ref::INVALID() || !replaceable(str)) return inflate_with_zlib(str, limit);
  std::vector<char> bytes;
  bool kept = true;  // false once the bytes pass what the budget has left: they are counted, no longer kept
  auto inflated = inflate_with_zlib(str, limit, [&](const unsigned char* p, std::size_t n) {
    if (!kept) return;
    if (bytes.size() + n > kept_bytes_left_) {
      kept = false;
      std::vector<char>().swap(bytes);
      return;
    }
    bytes.insert(bytes.end(), reinterpret_cast<const char*>(p), reinterpret_cast<const char*>(p) + n);
  });
  if (inflated && inflated->second && kept) {
    kept_bytes_left_ -= bytes.size();
    put(ref, str, std::move(bytes));
  }
  return inflated;
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
