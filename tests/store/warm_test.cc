// Readers' caches: a long-running reader fills its block cache before its first query
// (Warm); a short-lived one reads table indexes and filters only as queries need them.
#include <gtest/gtest.h>
#include <rocksdb/perf_context.h>
#include <rocksdb/perf_level.h>

#include <random>
#include <string>
#include <vector>

#include "store/rocks_store.h"
#include "store/store.h"
#include "tests/store/test_util.h"

namespace byline::store {
namespace {

using testing::Article;
using testing::Mention;
using testing::OpenOrDie;
using testing::Org;
using testing::TempDir;

// Blocks read from files (not found in the block cache) while `fn` runs.
template <typename Fn>
uint64_t BlocksReadBy(Fn&& fn) {
  rocksdb::SetPerfLevel(rocksdb::PerfLevel::kEnableCount);
  rocksdb::get_perf_context()->Reset();
  fn();
  const uint64_t n = rocksdb::get_perf_context()->block_read_count;
  rocksdb::SetPerfLevel(rocksdb::PerfLevel::kDisable);
  return n;
}

std::unique_ptr<Store> OpenReader(const std::string& dir, size_t cache_bytes,
                                  bool short_lived = false) {
  StoreOptions options;
  options.read_only = true;
  options.block_cache_bytes = cache_bytes;
  options.short_lived = short_lived;
  Result<std::unique_ptr<Store>> store = Store::Open(dir, options);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return store.ok() ? std::move(store).value() : nullptr;
}

// 2,000 articles a day apart, of sentences that do not compress away: several megabytes of
// records and snippets. "Oldest Co" is only in the first article, "Newest Co" only in the
// last.
void WriteArticles(const std::string& dir) {
  std::unique_ptr<Store> store = OpenOrDie(dir);
  ASSERT_NE(store, nullptr);
  std::mt19937 rng(7);
  const auto word = [&] {
    std::string w;
    for (int i = 0; i < 6; ++i) w.push_back(static_cast<char>('a' + rng() % 26));
    return w;
  };
  constexpr int kArticles = 2000;
  std::vector<ArticleRecord> batch;
  for (int a = 0; a < kArticles; ++a) {
    std::vector<MentionRecord> mentions;
    for (int s = 0; s < 8; ++s) {
      std::string sentence = "Acme";
      for (int w = 0; w < 20; ++w) sentence += " " + word();
      mentions.push_back(Mention(EntityType::kOrg, "Acme", 200 * s, s, sentence));
    }
    if (a == 0) mentions.push_back(Org("Oldest Co", 10));
    if (a == kArticles - 1) mentions.push_back(Org("Newest Co", 10));
    const int day = 1 + a % 28, month = 1 + (a / 28) % 12, year = 2000 + a / (28 * 12);
    char published[16];
    std::snprintf(published, sizeof published, "%04d-%02d-%02d", year, month, day);
    batch.push_back(Article("a" + std::to_string(a), published, std::move(mentions)));
    if (batch.size() == 100) {
      ASSERT_TRUE(store->PutArticles(batch).ok());
      batch.clear();
    }
  }
  auto* rocks = dynamic_cast<internal::RocksStore*>(store.get());
  ASSERT_NE(rocks, nullptr);
  ASSERT_TRUE(rocks->CompactForTesting().ok());
}

TEST(WarmTest, AnEmptyDatabaseReadsNothing) {
  TempDir dir;
  OpenOrDie(dir.db()).reset();
  std::unique_ptr<Store> reader = OpenReader(dir.db(), 1 << 20);
  ASSERT_NE(reader, nullptr);
  Result<uint64_t> bytes = reader->Warm();
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  EXPECT_EQ(*bytes, 0u);
}

TEST(WarmTest, ABigCacheTakesEverythingAndQueriesReadNoBlock) {
  TempDir dir;
  WriteArticles(dir.db());
  std::unique_ptr<Store> reader = OpenReader(dir.db(), 64 << 20);
  ASSERT_NE(reader, nullptr);
  Result<uint64_t> bytes = reader->Warm();
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  EXPECT_GT(*bytes, 2000u * 8 * 140);  // at least the sentences' text
  const uint64_t read = BlocksReadBy([&] {
    for (const char* key : {"oldest co", "newest co", "acme"}) {
      Result<Page> page = reader->Mentions(key, Filter(), 20, "");
      ASSERT_TRUE(page.ok());
      EXPECT_FALSE(page->rows.empty()) << key;
      EXPECT_FALSE(page->rows[0].snippet.empty()) << key;
    }
    Result<std::vector<TimelinePoint>> timeline = reader->Timeline("acme", Filter(), "month");
    ASSERT_TRUE(timeline.ok());
    EXPECT_FALSE(timeline->empty());
  });
  EXPECT_EQ(read, 0u);
}

TEST(WarmTest, ASmallCacheStopsWhenFullAndHoldsTheNewestArticles) {
  TempDir dir;
  WriteArticles(dir.db());
  uint64_t everything = 0;
  {
    std::unique_ptr<Store> big = OpenReader(dir.db(), 64 << 20);
    ASSERT_NE(big, nullptr);
    Result<uint64_t> bytes = big->Warm();
    ASSERT_TRUE(bytes.ok());
    everything = *bytes;
  }
  std::unique_ptr<Store> reader = OpenReader(dir.db(), 1 << 20);
  ASSERT_NE(reader, nullptr);
  Result<uint64_t> bytes = reader->Warm();
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  EXPECT_GT(*bytes, 0u);
  EXPECT_LT(*bytes, everything / 2);
  const auto first_page = [&](const char* key) {
    return BlocksReadBy([&] {
      Result<Page> page = reader->Mentions(key, Filter(), 20, "");
      ASSERT_TRUE(page.ok());
      ASSERT_EQ(page->rows.size(), 1u) << key;
      EXPECT_FALSE(page->rows[0].snippet.empty()) << key;
    });
  };
  EXPECT_EQ(first_page("newest co"), 0u);  // its record and snippets are warm
  EXPECT_GT(first_page("oldest co"), 0u);  // the oldest article's are not
}

// Memory the open table files hold outside the block cache: their indexes and filters.
uint64_t TableReadersBytes(Store& store) {
  auto* rocks = dynamic_cast<internal::RocksStore*>(&store);
  uint64_t bytes = 0;
  EXPECT_TRUE(rocks->DbForTesting()->GetAggregatedIntProperty("rocksdb.estimate-table-readers-mem",
                                                              &bytes));
  return bytes;
}

TEST(ShortLivedTest, ReadsNoIndexAtOpenAndAnswersAsALongLivedReader) {
  TempDir dir;
  WriteArticles(dir.db());
  std::unique_ptr<Store> long_lived = OpenReader(dir.db(), 8 << 20);
  std::unique_ptr<Store> short_lived = OpenReader(dir.db(), 8 << 20, true);
  ASSERT_NE(long_lived, nullptr);
  ASSERT_NE(short_lived, nullptr);
  // Every file's index and filter loaded at open, against none.
  EXPECT_GT(TableReadersBytes(*long_lived), 10'000u);
  EXPECT_LT(TableReadersBytes(*short_lived), TableReadersBytes(*long_lived) / 10);

  Filter year;
  year.since = "2001-01-01";
  year.until = "2001-12-31";
  for (Store* s : {long_lived.get(), short_lived.get()}) {
    Result<Page> page = s->Mentions("acme", Filter(), 20, "");
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->rows.size(), 20u);
    Result<std::vector<TimelinePoint>> timeline = s->Timeline("acme", year, "month");
    ASSERT_TRUE(timeline.ok());
    ASSERT_EQ(timeline->size(), 12u);
  }
  const Page a = *long_lived->Mentions("acme", Filter(), 20, "");
  const Page b = *short_lived->Mentions("acme", Filter(), 20, "");
  for (size_t i = 0; i < a.rows.size(); ++i) {
    EXPECT_EQ(a.rows[i].article_id, b.rows[i].article_id);
    EXPECT_EQ(a.rows[i].snippet, b.rows[i].snippet);
  }
  EXPECT_EQ(a.next_cursor, b.next_cursor);
  const std::vector<TimelinePoint> ta = *long_lived->Timeline("acme", year, "month");
  const std::vector<TimelinePoint> tb = *short_lived->Timeline("acme", year, "month");
  for (size_t i = 0; i < ta.size(); ++i) {
    EXPECT_EQ(ta[i].period, tb[i].period);
    EXPECT_EQ(ta[i].count, tb[i].count);
    EXPECT_EQ(ta[i].total, tb[i].total);
  }
}

}  // namespace
}  // namespace byline::store
