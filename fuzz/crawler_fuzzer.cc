// Fuzzes what the crawler reads from servers it does not control: robots.txt, feeds and
// sitemaps (plain or gzipped), URLs and the link scanner. None may crash, hang or read out of
// bounds, whatever the bytes.
//
//   cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DBYLINE_BUILD_FUZZ=ON \
//         -DBYLINE_BUILD_TESTS=OFF -DBYLINE_BUILD_BENCH=OFF
//   ninja -C build-fuzz crawler_fuzzer && build-fuzz/fuzz/crawler_fuzzer -max_total_time=60
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "crawler/feeds.h"
#include "crawler/robots.h"
#include "crawler/url.h"
#include "extract/extract.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  using namespace byline;
  crawler::RobotsRules rules = crawler::RobotsRules::Parse(in, "byline");
  (void)rules.Allowed("/a/b?c=d");
  std::optional<crawler::RobotsRules> back = crawler::RobotsRules::Deserialize(rules.Serialize());
  if (back) (void)back->Allowed("/");
  (void)crawler::ParseFeedOrSitemap(in, size_t{1} << 20);
  if (size < 4096) {
    (void)crawler::CanonicalizeUrl(in, "http://example.com/a/b");
  }
  (void)extract::FindLinks(in, {});
  return 0;
}
