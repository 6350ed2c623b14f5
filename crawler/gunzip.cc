#include "crawler/gunzip.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <climits>

namespace byline::crawler {
namespace {

constexpr size_t kChunk = 64 * 1024;

// Frees the zlib stream on every exit path.
class InflateStream {
 public:
  InflateStream() { ok_ = inflateInit2(&z_, 15 + 16) == Z_OK; }  // 16: gzip header only
  ~InflateStream() {
    if (ok_) inflateEnd(&z_);
  }
  InflateStream(const InflateStream&) = delete;
  InflateStream& operator=(const InflateStream&) = delete;
  bool ok() const { return ok_; }
  z_stream* get() { return &z_; }

 private:
  z_stream z_{};
  bool ok_ = false;
};

// Appends to `out` without letting its capacity pass `limit`. std::string's own growth may
// double the capacity past the limit, so the capacity is chosen here, from an empty string
// (whose reserve allocates exactly what is asked) when the next step would overshoot.
void AppendCapped(std::string* out, const char* data, size_t n, size_t limit) {
  size_t need = out->size() + n;
  if (need > out->capacity()) {
    size_t cap = std::min(limit, std::max(need, out->capacity() * 2));
    std::string grown;
    grown.reserve(cap);
    grown.append(*out);
    out->swap(grown);
  }
  out->append(data, n);
}

}  // namespace

bool LooksGzipped(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

Inflated Gunzip(std::string_view gz, size_t max_bytes) {
  Inflated result;
  InflateStream stream;
  if (!stream.ok()) {
    result.error = "zlib could not start inflating";
    return result;
  }
  z_stream* z = stream.get();
  std::array<char, kChunk> chunk;
  size_t offset = 0;  // into gz
  int rc = Z_OK;
  while (true) {
    if (z->avail_in == 0 && offset < gz.size()) {
      size_t n = std::min<size_t>(gz.size() - offset, UINT_MAX);
      z->next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data() + offset));
      z->avail_in = static_cast<uInt>(n);
      offset += n;
    }
    z->next_out = reinterpret_cast<Bytef*>(chunk.data());
    z->avail_out = static_cast<uInt>(chunk.size());
    rc = inflate(z, Z_NO_FLUSH);
    size_t produced = chunk.size() - z->avail_out;
    size_t room = max_bytes - result.bytes.size();
    if (produced > room) {
      AppendCapped(&result.bytes, chunk.data(), room, max_bytes);
      result.truncated = true;
      return result;
    }
    AppendCapped(&result.bytes, chunk.data(), produced, max_bytes);
    if (rc == Z_STREAM_END) {
      // Another gzip member may follow; trailing garbage after the last one is ignored.
      std::string_view rest =
          z->avail_in > 0 ? std::string_view(reinterpret_cast<const char*>(z->next_in), z->avail_in)
                          : gz.substr(offset);
      if (!LooksGzipped(rest)) return result;
      inflateReset(z);
      continue;
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) break;
    if (rc == Z_BUF_ERROR && z->avail_in == 0 && offset == gz.size()) break;
  }
  if (rc == Z_BUF_ERROR) {
    result.error = "gzip stream is cut short";
  } else {
    result.error = std::string("gzip stream is corrupt: ") + (z->msg ? z->msg : "unknown error");
  }
  return result;
}

}  // namespace byline::crawler
