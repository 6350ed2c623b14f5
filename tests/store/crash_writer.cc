// The victim of CrashTest: writes and rewrites articles into a store until it is killed.
//   store_crash_writer DB_DIR ROUND
// Prints "ready" on stdout once the store is open, so the test kills it while it writes.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "store/store.h"
#include "tests/store/crash_articles.h"

int main(int argc, char** argv) {
  namespace store = byline::store;
  namespace crash = byline::store::testing;
  if (argc != 3) {
    std::fprintf(stderr, "usage: store_crash_writer DB_DIR ROUND\n");
    return 2;
  }
  const uint32_t round = static_cast<uint32_t>(std::atoi(argv[2]));
  byline::Result<std::unique_ptr<store::Store>> db =
      store::Store::Open(argv[1], store::StoreOptions());
  if (!db.ok()) {
    std::fprintf(stderr, "%s\n", db.status().ToString().c_str());
    return 1;
  }
  std::printf("ready\n");
  std::fflush(stdout);
  // Every article is rewritten with a new version again and again: replacements are what
  // a torn write would damage most (old rows deleted, new rows put, counts moved).
  for (uint32_t i = 0; i < 50'000'000; ++i) {
    const uint32_t n = i % crash::kCrashArticles;
    const uint32_t version = round * 100'000 + i / crash::kCrashArticles;
    byline::Status s = (*db)->PutArticle(crash::CrashArticle(n, version));
    if (!s.ok()) {
      std::fprintf(stderr, "%s\n", s.ToString().c_str());
      return 1;
    }
  }
  return 0;
}
