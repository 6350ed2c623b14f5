// Inflating gzip bodies under a hard size limit (sitemaps are often served as .xml.gz).
//
// A hostile server can send a few KiB that inflate to gigabytes (a "gzip bomb"), so the
// limit is enforced while inflating and the output buffer never grows beyond it.
#ifndef BYLINE_CRAWLER_GUNZIP_H_
#define BYLINE_CRAWLER_GUNZIP_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace byline::crawler {

// True when `bytes` starts with the gzip magic number (1f 8b).
bool LooksGzipped(std::string_view bytes);

struct Inflated {
  std::string bytes;       // what was inflated, at most the limit
  bool truncated = false;  // the limit was reached before the end of the stream
  std::string error;       // empty when the stream was well formed (corrupt or cut data)
};

// Inflates a gzip stream (several concatenated members are joined, as gunzip does).
// Never allocates more than `max_bytes` for the output; stops there with truncated = true.
// On corrupt or cut input, returns what was inflated before the damage plus `error`.
// Thread-safe.
Inflated Gunzip(std::string_view gz, size_t max_bytes);

}  // namespace byline::crawler

#endif  // BYLINE_CRAWLER_GUNZIP_H_
