// Hostile PDF files made at test time: a PDF from its objects with a correct xref table, and zlib streams of
// zeros for inflate bombs (through the libz Poppler has loaded anyway, so the tests need no zlib headers).
#pragma once

#include <dlfcn.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace jx::test {

// A PDF file from its objects (numbered from 1; object 1 is the catalog), with a correct xref table.
inline std::string pdf_from_objects(const std::vector<std::string>& objs) {
  std::string pdf = "%PDF-1.4\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objs.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objs[i] + "\nendobj\n";
  }
  std::size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objs.size() + 1) + "\n0000000000 65535 f \n";
  for (auto off : offsets) {
    char line[32];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", off);
    pdf += line;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objs.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

// A stream object with `data` as its bytes; `extra` goes into its dictionary ("/Filter /FlateDecode", …).
inline std::string stream_object(const std::string& data, const std::string& extra = "") {
  return "<< /Length " + std::to_string(data.size()) + (extra.empty() ? "" : " " + extra) + " >>\nstream\n" + data +
         "\nendstream";
}

// zlib's compress of `total` zero bytes; empty when libz.so.1 cannot be found.
inline std::string deflate_zeros(std::size_t total) {
  struct Stream {  // z_stream's layout (zlib 1.2, LP64)
    const unsigned char* next_in;
    unsigned avail_in;
    unsigned long total_in;
    unsigned char* next_out;
    unsigned avail_out;
    unsigned long total_out;
    const char* msg;
    void* state;
    void* zalloc;
    void* zfree;
    void* opaque;
    int data_type;
    unsigned long adler;
    unsigned long reserved;
  };
  void* lib = ::dlopen("libz.so.1", RTLD_NOW);
  if (!lib) return {};
  auto init = reinterpret_cast<int (*)(Stream*, int, const char*, int)>(::dlsym(lib, "deflateInit_"));
  auto deflate = reinterpret_cast<int (*)(Stream*, int)>(::dlsym(lib, "deflate"));
  auto end = reinterpret_cast<int (*)(Stream*)>(::dlsym(lib, "deflateEnd"));
  auto version = reinterpret_cast<const char* (*)()>(::dlsym(lib, "zlibVersion"));
  if (!init || !deflate || !end || !version) return {};
  Stream s{};
  if (init(&s, 9, version(), static_cast<int>(sizeof(Stream))) != 0) return {};
  std::vector<unsigned char> zeros(1 << 20, 0), buf(1 << 16);
  std::string out;
  std::size_t fed = 0;
  for (;;) {
    bool last = fed + zeros.size() >= total;
    s.next_in = zeros.data();
    s.avail_in = static_cast<unsigned>(std::min(zeros.size(), total - fed));
    fed += s.avail_in;
    do {
      s.next_out = buf.data();
      s.avail_out = static_cast<unsigned>(buf.size());
      deflate(&s, last ? 4 /* Z_FINISH */ : 0 /* Z_NO_FLUSH */);
      out.append(reinterpret_cast<char*>(buf.data()), buf.size() - s.avail_out);
    } while (s.avail_out == 0);
    if (last) break;
  }
  end(&s);
  return out;
}

// A zlib stream (RFC 1950) of one stored block holding `data`, cut to its first `keep` bytes of data when `keep` is
// smaller (no checksum then), with its Adler-32 checksum otherwise, flipped when `bad_checksum`.
inline std::string stored_zlib(const std::string& data, std::size_t keep, bool bad_checksum = false) {
  std::string out = "\x78\x01";
  out += '\x01';  // the last block, stored
  const auto len = static_cast<std::uint16_t>(data.size());
  out += static_cast<char>(len & 0xff);
  out += static_cast<char>(len >> 8);
  out += static_cast<char>(~len & 0xff);
  out += static_cast<char>((~len >> 8) & 0xff);
  if (keep < data.size()) return out + data.substr(0, keep);
  out += data;
  std::uint32_t a = 1;
  std::uint32_t b = 0;
  for (unsigned char c : data) {
    a = (a + c) % 65521;
    b = (b + a) % 65521;
  }
  std::uint32_t adler = (b << 16) | a;
  if (bad_checksum) adler ^= 1;
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((adler >> shift) & 0xff);
  return out;
}

}  // namespace jx::test
