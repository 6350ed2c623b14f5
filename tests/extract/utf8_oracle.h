// A UTF-8 validity check written independently of extract/charset.cc, so tests of the
// extractor's output do not trust the code they test.
#ifndef BYLINE_TESTS_EXTRACT_UTF8_ORACLE_H_
#define BYLINE_TESTS_EXTRACT_UTF8_ORACLE_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace byline::test_oracle {

// Byte offset of the first invalid UTF-8 sequence, or npos.
inline size_t FirstInvalidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t len = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return i;
    }
    if (i + len > s.size()) return i;
    for (size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    const bool overlong =
        (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return std::string_view::npos;
}

}  // namespace byline::test_oracle

#endif  // BYLINE_TESTS_EXTRACT_UTF8_ORACLE_H_
