// libFuzzer target: any bytes through the whole extract pipeline (decode, parse, metadata,
// main text, language). Checks that it never crashes and always returns valid UTF-8.
//
//   cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DBYLINE_BUILD_FUZZ=ON \
//         -DBYLINE_BUILD_TESTS=OFF -DBYLINE_BUILD_BENCH=OFF
//   cmake --build build-fuzz --target extract_fuzzer
//   mkdir -p /tmp/corpus && build-fuzz/fuzz/extract_fuzzer -max_len=65536 -max_total_time=300 \
//       /tmp/corpus tests/extract/fixtures/pages
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "extract/extract.h"

namespace {

bool ValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  byline::extract::ExtractOptions options;
  options.url = "https://example.com/2024/05/01/story";
  auto article = byline::extract::ExtractHtml(bytes, options);
  if (article.ok()) {
    if (!ValidUtf8(article->text)) std::abort();
    if (article->title && !ValidUtf8(*article->title)) std::abort();
    for (const auto& a : article->authors) {
      if (!ValidUtf8(a)) std::abort();
    }
  }
  auto text = byline::extract::ExtractPlainText(bytes, options);
  if (text.ok() && !ValidUtf8(text->text)) std::abort();
  return 0;
}
