// Helpers of the store tests: temporary database directories and synthetic articles.
#ifndef BYLINE_TESTS_STORE_TEST_UTIL_H_
#define BYLINE_TESTS_STORE_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "store/store.h"

namespace byline::store::testing {

// A directory made by mkdtemp, removed with everything in it at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "byline-store-XXXXXX").string();
    char* made = mkdtemp(tmpl.data());
    if (made == nullptr) std::abort();
    path_ = made;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string db() const { return path_ + "/db"; }

 private:
  std::string path_;
};

inline std::unique_ptr<Store> OpenOrDie(const std::string& dir, bool read_only = false) {
  StoreOptions options;
  options.read_only = read_only;
  options.block_cache_bytes = 1 << 20;
  Result<std::unique_ptr<Store>> store = Store::Open(dir, options);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  if (!store.ok()) return nullptr;
  return std::move(store).value();
}

inline MentionRecord Mention(EntityType type, const std::string& canonical, uint32_t start,
                             int32_t sentence = 0, const std::string& snippet = "") {
  MentionRecord m;
  m.type = type;
  m.surface = canonical;
  m.canonical = canonical;
  m.key.reserve(canonical.size());
  for (char c : canonical) m.key.push_back(static_cast<char>(std::tolower(c)));
  m.start = start;
  m.end = start + static_cast<uint32_t>(canonical.size());
  m.sentence = sentence;
  m.snippet =
      snippet.empty() ? "Sentence " + std::to_string(sentence) + " about " + canonical : snippet;
  return m;
}

inline MentionRecord Org(const std::string& name, uint32_t start, int32_t sentence = 0) {
  return Mention(EntityType::kOrg, name, start, sentence);
}
inline MentionRecord Person(const std::string& name, uint32_t start, int32_t sentence = 0) {
  return Mention(EntityType::kPerson, name, start, sentence);
}
inline MentionRecord Money(const std::string& surface, double value, uint32_t start,
                           std::vector<std::string> linked, int32_t sentence = 0) {
  MentionRecord m = Mention(EntityType::kMoney, surface, start, sentence);
  m.value = value;
  m.currency = "USD";
  m.linked_keys = std::move(linked);
  return m;
}

inline ArticleRecord Article(const std::string& id, const std::string& published,
                             std::vector<MentionRecord> mentions,
                             const std::string& site = "example.com", uint64_t hash = 0) {
  ArticleRecord a;
  a.id = id;
  a.url = "https://" + site + "/" + id;
  a.title = "Title of " + id;
  a.site = site;
  a.published = published;
  a.authors = {"Ann Writer"};
  a.language = "en";
  a.content_hash = hash;
  a.mentions = std::move(mentions);
  return a;
}

inline std::vector<std::string> CheckProblems(Store& store) {
  std::vector<std::string> problems;
  Status s = store.Check(&problems);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return problems;
}

}  // namespace byline::store::testing

#endif  // BYLINE_TESTS_STORE_TEST_UTIL_H_
