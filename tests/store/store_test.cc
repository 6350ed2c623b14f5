// Writing articles: round trips, replacement, counter exactness, Check.
#include "store/store.h"

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <algorithm>
#include <map>
#include <random>

#include "store/codec.h"
#include "store/counters.h"
#include "store/dates.h"
#include "store/keys.h"
#include "store/rocks_store.h"
#include "tests/store/test_util.h"

namespace byline::store {
namespace {

using testing::Article;
using testing::CheckProblems;
using testing::Money;
using testing::OpenOrDie;
using testing::Org;
using testing::Person;
using testing::TempDir;

uint64_t EntityTotal(Store& store, const std::string& key, EntityType type) {
  Filter f;
  f.type = type;
  Result<std::vector<CountRow>> rows = store.Entities(key, f, 1000);
  EXPECT_TRUE(rows.ok()) << rows.status().ToString();
  if (!rows.ok()) return 0;
  for (const CountRow& r : *rows) {
    if (r.key == key && r.type == type) return r.count;
  }
  return 0;
}

TEST(StoreTest, PutGetRoundTrip) {
  TempDir tmp;
  auto store = OpenOrDie(tmp.db());
  ASSERT_NE(store, nullptr);
  MentionRecord altman = Person("Sam Altman", 0, 0);
  altman.surface = "Altman";
  altman.end = 6;
  MentionRecord money = Money("$6.6 billion", 6.6e9, 40, {"openai"}, 1);
  money.value_max = 7e9;
  money.approximate = true;
  ArticleRecord a = Article("a1", "2025-03-14T09:30:00Z", {altman, Org("OpenAI", 20, 0), money},
                            "news.example", 42);
  a.authors = {"Ann Writer", "Bo Reporter"};
  ASSERT_TRUE(store->PutArticle(a).ok());

  Result<std::optional<ArticleRecord>> got = store->GetArticle("a1");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_TRUE(got->has_value());
  const ArticleRecord& b = **got;
  EXPECT_EQ(b.id, a.id);
  EXPECT_EQ(b.url, a.url);
  EXPECT_EQ(b.title, a.title);
  EXPECT_EQ(b.site, a.site);
  EXPECT_EQ(b.published, a.published);
  EXPECT_EQ(b.authors, a.authors);
  EXPECT_EQ(b.language, a.language);
  EXPECT_EQ(b.content_hash, 42u);
  ASSERT_EQ(b.mentions.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    const MentionRecord& x = a.mentions[i];
    const MentionRecord& y = b.mentions[i];
    EXPECT_EQ(y.type, x.type);
    EXPECT_EQ(y.surface, x.surface);
    EXPECT_EQ(y.canonical, x.canonical);
    EXPECT_EQ(y.key, x.key);
    EXPECT_EQ(y.start, x.start);
    EXPECT_EQ(y.end, x.end);
    EXPECT_EQ(y.sentence, x.sentence);
    EXPECT_EQ(y.snippet, x.snippet);
    EXPECT_EQ(y.value, x.value);
    EXPECT_EQ(y.value_max, x.value_max);
    EXPECT_EQ(y.currency, x.currency);
    EXPECT_EQ(y.approximate, x.approximate);
    EXPECT_EQ(y.linked_keys, x.linked_keys);
  }
  Result<std::optional<ArticleRecord>> none = store->GetArticle("nope");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  EXPECT_TRUE(CheckProblems(*store).empty());
}

TEST(StoreTest, RejectsBadRecords) {
  TempDir tmp;
  auto store = OpenOrDie(tmp.db());
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->PutArticle(Article("", "2025-01-01", {})).code(), Status::Code::kInvalidInput);
  EXPECT_EQ(store->PutArticle(Article("x", "yesterday", {})).code(), Status::Code::kInvalidInput);
  MentionRecord bad = Org("Acme", 0);
  bad.key = std::string("ac\0me", 5);
  EXPECT_EQ(store->PutArticle(Article("x", "2025-01-01", {bad})).code(),
            Status::Code::kInvalidInput);
  Result<Stats> stats = store->GetStats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->articles, 0u);
}

TEST(StoreTest, SameRecordTwiceIsIdempotent) {
  TempDir tmp;
  auto store = OpenOrDie(tmp.db());
  ASSERT_NE(store, nullptr);
  // Hash 0 ("unknown") forces a rewrite; hash 7 is skipped. Both must leave counts alone.
  for (uint64_t hash : {uint64_t{0}, uint64_t{7}}) {
    const std::string id = "a" + std::to_string(hash);
    ArticleRecord a =
        Article(id, "2025-03-14", {Org("Nvidia", 0), Org("Nvidia", 30)}, "example.com", hash);
    ASSERT_TRUE(store->PutArticle(a).ok());
    ASSERT_TRUE(store->PutArticle(a).ok());
  }
  EXPECT_EQ(EntityTotal(*store, "nvidia", EntityType::kOrg), 4u);
  Result<Stats> stats = store->GetStats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->articles, 2u);
  EXPECT_EQ(stats->mentions, 4u);
  Result<Page> page = store->Mentions("nvidia", {}, 100, "");
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->rows.size(), 4u);
  EXPECT_TRUE(CheckProblems(*store).empty());
}

TEST(StoreTest, SameHashIsANoOpEvenWithOtherMentions) {
  TempDir tmp;
  auto store = OpenOrDie(tmp.db());
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->PutArticle(Article("a", "2025-03-14", {Org("Nvidia", 0)}, "s", 9)).ok());
  ASSERT_TRUE(store->PutArticle(Article("a", "2025-03-14", {Org("Intel", 0)}, "s", 9)).ok());
  EXPECT_EQ(EntityTotal(*store, "nvidia", EntityType::kOrg), 1u);
  EXPECT_EQ(EntityTotal(*store, "intel", EntityType::kOrg), 0u);
}

TEST(StoreTest, ChangedReingestReplacesMentionsAndCounts) {
  TempDir tmp;
  auto store = OpenOrDie(tmp.db());
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store
                  ->PutArticle(Article("a", "2025-03-14",
                                       {Org("Nvidia", 0), Org("Nvidia", 10), Person("Jensen", 20),
                                        Money("$5", 5, 30, {"nvidia"})},
                                       "one.example", 1))
                  .ok());
  // Changed text, a different day and site: everything of the old version must go.
  ASSERT_TRUE(store
                  ->PutArticle(Article("a", "2025-04-02", {Org("Intel", 0), Org("Nvidia", 50)},
                                       "two.example", 2))
                  .ok());
  EXPECT_EQ(EntityTotal(*store, "nvidia", EntityType::kOrg), 1u);
  EXPECT_EQ(EntityTotal(*store, "intel", EntityType::kOrg), 1u);
  EXPECT_EQ(EntityTotal(*store, "jensen", EntityType::kPerson), 0u);

  Result<Page> page = store->Mentions("nvidia", {}, 10, "");
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->rows.size(), 1u);
  EXPECT_EQ(page->rows[0].start, 50u);
  EXPECT_EQ(page->rows[0].site, "two.example");
  EXPECT_EQ(page->rows[0].published, "2025-04-02");
  Result<Page> jensen = store->Mentions("jensen", {}, 10, "");
  ASSERT_TRUE(jensen.ok());
  EXPECT_TRUE(jensen->rows.empty());
  Result<std::vector<MoneyRow>> money = store->Money("nvidia", {}, 10);
  ASSERT_TRUE(money.ok());
  EXPECT_TRUE(money->empty());

  Result<std::vector<TimelinePoint>> march =
      store->Timeline("nvidia", {"2025-03-01", "2025-03-31", "", {}}, "day");
  ASSERT_TRUE(march.ok());
  EXPECT_TRUE(march->empty());
  Result<std::vector<TimelinePoint>> april = store->Timeline("nvidia", {}, "month");
  ASSERT_TRUE(april.ok());
  ASSERT_EQ(april->size(), 1u);
  EXPECT_EQ((*april)[0].period, "2025-04");
  EXPECT_EQ((*april)[0].count, 1u);
  EXPECT_EQ((*april)[0].total, 2u);

  Result<Stats> stats = store->GetStats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->articles, 1u);
  EXPECT_EQ(stats->mentions, 2u);
  EXPECT_EQ(stats->first_day, "2025-04-02");
  EXPECT_EQ(stats->last_day, "2025-04-02");
  EXPECT_TRUE(CheckProblems(*store).empty());
}

// A model of what the store should count, kept by the test from the records it put.
struct Model {
  std::map<std::string, ArticleRecord> articles;
  // (key, day) -> mentions, and day -> all mentions.
  std::map<std::pair<std::string, std::string>, uint64_t> per_key_day;
  std::map<std::string, uint64_t> per_day, per_key;
  uint64_t mentions = 0;
  void Recount() {
    per_key_day.clear();
    per_day.clear();
    per_key.clear();
    mentions = 0;
    for (const auto& [id, a] : articles) {
      const std::string day = a.published.substr(0, 10);
      for (const MentionRecord& m : a.mentions) {
        ++per_key_day[{m.key, day}];
        ++per_day[day];
        ++per_key[m.key];
        ++mentions;
      }
    }
  }
};

// Random puts and replacements, one PutArticle each or in PutArticles batches of 1-12 (where
// an id may repeat), then every count against the model's recount.
void RandomPutsMatchBruteForce(bool batched) {
  TempDir tmp;
  auto store = OpenOrDie(tmp.db());
  ASSERT_NE(store, nullptr);
  std::vector<ArticleRecord> batch;
  size_t batch_size = 1;
  std::mt19937 rng(20251130);
  const std::vector<std::string> names = {"Nvidia", "Intel",   "Apple",    "Acme",
                                          "Globex", "Initech", "Umbrella", "Hooli"};
  const std::vector<std::string> sites = {"a.example", "b.example", ""};
  Model model;
  uint64_t hash = 1;
  for (int op = 0; op < 400; ++op) {
    const std::string id = "art" + std::to_string(rng() % 40);
    const std::string day =
        "2025-0" + std::to_string(1 + rng() % 3) + "-1" + std::to_string(rng() % 10);
    std::vector<MentionRecord> mentions;
    const int n = static_cast<int>(rng() % 6);
    for (int i = 0; i < n; ++i) {
      const std::string& name = names[rng() % names.size()];
      mentions.push_back(rng() % 4 == 0 ? Person(name, static_cast<uint32_t>(i * 20))
                                        : Org(name, static_cast<uint32_t>(i * 20)));
    }
    ArticleRecord a = Article(
        id, day + "T12:00:00", mentions, sites[rng() % sites.size()],
        // Now and then the same hash again: must be a no-op.
        rng() % 5 == 0 && model.articles.count(id) ? model.articles[id].content_hash : ++hash);
    if (!model.articles.count(id) || model.articles[id].content_hash != a.content_hash) {
      model.articles[id] = a;
    }
    if (!batched) {
      ASSERT_TRUE(store->PutArticle(a).ok());
      continue;
    }
    batch.push_back(std::move(a));
    if (batch.size() >= batch_size) {
      ASSERT_TRUE(store->PutArticles(batch).ok());
      batch.clear();
      batch_size = 1 + rng() % 12;
    }
  }
  ASSERT_TRUE(store->PutArticles(batch).ok());
  model.Recount();

  Result<Stats> stats = store->GetStats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->articles, model.articles.size());
  EXPECT_EQ(stats->mentions, model.mentions);
  for (const std::string& name : names) {
    std::string key;
    for (char c : name) key.push_back(static_cast<char>(std::tolower(c)));
    Result<std::vector<TimelinePoint>> timeline = store->Timeline(key, {}, "day");
    ASSERT_TRUE(timeline.ok());
    std::map<std::string, TimelinePoint> got;
    for (const TimelinePoint& p : *timeline) got[p.period] = p;
    uint64_t total = 0;
    for (const auto& [kd, count] : model.per_key_day) {
      if (kd.first != key) continue;
      ASSERT_TRUE(got.count(kd.second)) << key << " " << kd.second;
      EXPECT_EQ(got[kd.second].count, count) << key << " " << kd.second;
      EXPECT_EQ(got[kd.second].total, model.per_day[kd.second]) << kd.second;
      total += count;
      got.erase(kd.second);
    }
    EXPECT_TRUE(got.empty()) << key << ": days the model does not have";
    EXPECT_EQ(total, model.per_key[key]);
    // On one site: from the site's daily rows, against the model's articles of that site.
    for (const std::string& site : {sites[0], sites[1]}) {
      std::map<std::string, uint64_t> want;
      for (const auto& [id, a] : model.articles) {
        if (a.site != site) continue;
        for (const MentionRecord& m : a.mentions) want[a.published.substr(0, 10)] += m.key == key;
      }
      std::erase_if(want, [](const auto& day) { return day.second == 0; });
      Result<std::vector<TimelinePoint>> on_site = store->Timeline(key, {"", "", site, {}}, "day");
      ASSERT_TRUE(on_site.ok());
      std::map<std::string, uint64_t> got_site;
      for (const TimelinePoint& p : *on_site) got_site[p.period] = p.count;
      EXPECT_EQ(got_site, want) << key << " on " << site;
    }
    // The index rows agree too.
    size_t rows = 0;
    std::string cursor;
    do {
      Result<Page> page = store->Mentions(key, {}, 7, cursor);
      ASSERT_TRUE(page.ok());
      rows += page->rows.size();
      cursor = page->next_cursor;
    } while (!cursor.empty());
    EXPECT_EQ(rows, model.per_key[key]) << key;
  }
  // Top over ranges made of whole months (the monthly rollups), of days around them, and
  // of both, against a ranking recounted from the model's articles.
  const std::vector<std::pair<std::string, std::string>> ranges = {
      {"2025-01-01", "2025-01-31"}, {"2025-02-01", "2025-03-31"}, {"2025-01-15", "2025-02-28"},
      {"2025-01-12", "2025-03-14"}, {"2025-02-11", "2025-02-17"}, {"", ""},
      {"2025-03-01", ""},           {"", "2025-02-13"},           {"2025-02-13", "2025-02-13"}};
  for (const auto& [since, until] : ranges) {
    for (std::optional<EntityType> type :
         {std::optional<EntityType>(), std::optional(EntityType::kOrg)}) {
      std::map<std::pair<std::string, EntityType>, uint64_t> counts;
      for (const auto& [id, a] : model.articles) {
        const std::string day = a.published.substr(0, 10);
        if ((!since.empty() && day < since) || (!until.empty() && day > until)) continue;
        for (const MentionRecord& m : a.mentions) {
          if (!type || m.type == *type) ++counts[{m.key, m.type}];
        }
      }
      std::vector<CountRow> want;
      for (const auto& [entity, n] : counts) want.push_back({entity.first, "", entity.second, n});
      std::sort(want.begin(), want.end(), [](const CountRow& a, const CountRow& b) {
        return a.count != b.count ? a.count > b.count
               : a.key != b.key   ? a.key < b.key
                                  : a.type < b.type;
      });
      if (want.size() > 5) want.resize(5);
      Filter f;
      f.since = since;
      f.until = until;
      f.type = type;
      Result<std::vector<CountRow>> got = store->Top(f, 5);
      ASSERT_TRUE(got.ok()) << got.status().ToString();
      ASSERT_EQ(got->size(), want.size()) << since << ".." << until;
      for (size_t i = 0; i < want.size(); ++i) {
        EXPECT_EQ((*got)[i].key, want[i].key) << since << ".." << until << " #" << i;
        EXPECT_EQ((*got)[i].type, want[i].type) << since << ".." << until << " #" << i;
        EXPECT_EQ((*got)[i].count, want[i].count) << since << ".." << until << " #" << i;
      }
    }
  }
  EXPECT_TRUE(CheckProblems(*store).empty());
}

TEST(StoreTest, CountersMatchBruteForceAfterRandomPutsAndReplaces) {
  RandomPutsMatchBruteForce(false);
}

TEST(StoreTest, CountersMatchBruteForceAfterRandomBatchesWithRepeatedIds) {
  RandomPutsMatchBruteForce(true);
}

TEST(StoreTest, BatchWithABadRecordWritesNothing) {
  TempDir tmp;
  auto store = OpenOrDie(tmp.db());
  ASSERT_NE(store, nullptr);
  std::vector<ArticleRecord> batch = {Article("a", "2025-03-14", {Org("Nvidia", 0)}, "s", 1),
                                      Article("b", "not a date", {Org("Intel", 0)}, "s", 2)};
  EXPECT_EQ(store->PutArticles(batch).code(), Status::Code::kInvalidInput);
  Result<Stats> stats = store->GetStats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->articles, 0u);
  Result<std::optional<ArticleRecord>> a = store->GetArticle("a");
  ASSERT_TRUE(a.ok());
  EXPECT_FALSE(a->has_value());
}

TEST(StoreTest, BatchReplacesStoredAndEarlierRecords) {
  TempDir tmp;
  auto store = OpenOrDie(tmp.db());
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->PutArticle(Article("a", "2025-03-14", {Org("Nvidia", 0)}, "s", 1)).ok());
  // "a" replaced by the batch, "b" written and replaced within it, "c" new.
  std::vector<ArticleRecord> batch = {
      Article("a", "2025-03-15", {Org("Intel", 0), Org("Intel", 9)}, "s", 2),
      Article("b", "2025-03-16", {Org("Nvidia", 0), Person("Jensen", 9)}, "t", 3),
      Article("c", "2025-03-16", {Org("Nvidia", 4)}, "t", 4),
      Article("b", "2025-03-17", {Org("Apple", 0)}, "t", 5)};
  ASSERT_TRUE(store->PutArticles(batch).ok());
  EXPECT_EQ(EntityTotal(*store, "nvidia", EntityType::kOrg), 1u);
  EXPECT_EQ(EntityTotal(*store, "intel", EntityType::kOrg), 2u);
  EXPECT_EQ(EntityTotal(*store, "apple", EntityType::kOrg), 1u);
  EXPECT_EQ(EntityTotal(*store, "jensen", EntityType::kPerson), 0u);
  Result<std::optional<ArticleRecord>> b = store->GetArticle("b");
  ASSERT_TRUE(b.ok() && b->has_value());
  EXPECT_EQ((*b)->published, "2025-03-17");
  ASSERT_EQ((*b)->mentions.size(), 1u);
  EXPECT_EQ((*b)->mentions[0].snippet, batch[3].mentions[0].snippet);
  Result<Stats> stats = store->GetStats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->articles, 3u);
  EXPECT_EQ(stats->mentions, 4u);
  // The same batch again is a no-op: every hash is unchanged.
  ASSERT_TRUE(store->PutArticles(batch).ok());
  EXPECT_EQ(EntityTotal(*store, "intel", EntityType::kOrg), 2u);
  EXPECT_TRUE(CheckProblems(*store).empty());
}

TEST(StoreTest, CheckFindsInjectedProblems) {
  TempDir tmp;
  auto store = OpenOrDie(tmp.db());
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->PutArticle(Article("a", "2025-03-14", {Org("Nvidia", 0)})).ok());
  ASSERT_TRUE(CheckProblems(*store).empty());
  auto* rocks = dynamic_cast<internal::RocksStore*>(store.get());
  ASSERT_NE(rocks, nullptr);
  rocksdb::DB* db = rocks->DbForTesting();
  // A stray count for an entity nobody mentioned.
  ASSERT_TRUE(db->Merge(rocksdb::WriteOptions(), rocks->CfForTesting(internal::Cf::kCounters),
                        internal::EntityTotalKey("ghost", EntityType::kOrg),
                        internal::EncodeCount(3))
                  .ok());
  std::vector<std::string> problems = CheckProblems(*store);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("ghost"), std::string::npos) << problems[0];
  EXPECT_NE(problems[0].find("stored 3, recount 0"), std::string::npos) << problems[0];

  // A mention row whose article does not exist.
  ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), rocks->CfForTesting(internal::Cf::kMentions),
                      internal::PostingKey("nvidia", 1000, 777, EntityType::kOrg), "")
                  .ok());
  problems = CheckProblems(*store);
  bool orphan = false;
  for (const std::string& p : problems) orphan = orphan || p.find("#777") != std::string::npos;
  EXPECT_TRUE(orphan);

  // The article's co-entity row lists another entity, and a stray one names no article.
  std::string co_entities;
  internal::EncodeIdList({12345}, &co_entities);
  ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), rocks->CfForTesting(internal::Cf::kMentions),
                      internal::CoEntitiesKey(0), co_entities)
                  .ok());
  ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), rocks->CfForTesting(internal::Cf::kMentions),
                      internal::CoEntitiesKey(778), co_entities)
                  .ok());
  problems = CheckProblems(*store);
  bool differs = false, stray = false;
  for (const std::string& p : problems) {
    differs = differs || p.find("index row differs from the article: C") != std::string::npos;
    stray = stray ||
            (p.find("#778") != std::string::npos && p.find("does not exist") != std::string::npos);
  }
  EXPECT_TRUE(differs);
  EXPECT_TRUE(stray);

  // The article's snippets row gone, and one for an article that has none.
  ASSERT_TRUE(db->Delete(rocksdb::WriteOptions(), rocks->CfForTesting(internal::Cf::kSnippets),
                         internal::SnippetsKey(0))
                  .ok());
  ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), rocks->CfForTesting(internal::Cf::kSnippets),
                      internal::SnippetsKey(779), "\x01x")
                  .ok());
  problems = CheckProblems(*store);
  bool missing = false, stray_snippets = false;
  for (const std::string& p : problems) {
    missing = missing || p.find("snippets row missing") != std::string::npos;
    stray_snippets =
        stray_snippets ||
        p.find("snippets row of article #779, which does not exist") != std::string::npos;
  }
  EXPECT_TRUE(missing);
  EXPECT_TRUE(stray_snippets);

  // A monthly rollup off by one. It is keyed by the entity's id; the message names it.
  std::string record;
  ASSERT_TRUE(db->Get(rocksdb::ReadOptions(), rocks->CfForTesting(internal::Cf::kEntities),
                      internal::EntityKey("nvidia", EntityType::kOrg), &record)
                  .ok());
  uint32_t nvidia = 0;
  std::string canonical;
  ASSERT_TRUE(internal::DecodeEntityRecord(record, &nvidia, &canonical));
  // Top families pack a row per date and type: the entry's key less its id.
  std::string month_row =
      internal::TopMonthKey(*internal::ParseDay("2025-03-01"), EntityType::kOrg, nvidia);
  month_row.resize(month_row.size() - 4);
  std::string operand;
  internal::EncodePacked({{nvidia, 1}}, &operand);
  ASSERT_TRUE(db->Merge(rocksdb::WriteOptions(), rocks->CfForTesting(internal::Cf::kCounters),
                        month_row, operand)
                  .ok());
  problems = CheckProblems(*store);
  bool rollup = false;
  for (const std::string& p : problems) {
    rollup = rollup || (p.find("nvidia") != std::string::npos &&
                        p.find("stored 2, recount 1") != std::string::npos);
  }
  EXPECT_TRUE(rollup);

  // An entity id row naming another entity: the dictionary no longer matches one to one.
  ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), rocks->CfForTesting(internal::Cf::kEntities),
                      internal::EntityIdKey(0), std::string(1, '\x02') + "ghost")
                  .ok());
  problems = CheckProblems(*store);
  bool id_row = false;
  for (const std::string& p : problems) {
    id_row = id_row || p.find("id row names another entity") != std::string::npos;
  }
  EXPECT_TRUE(id_row);

  // An article record that does not decode.
  ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), rocks->CfForTesting(internal::Cf::kArticles),
                      internal::ArticleRecordKey(0), "\x05short")
                  .ok());
  problems = CheckProblems(*store);
  bool undecodable = false;
  for (const std::string& p : problems) {
    undecodable = undecodable || p.find("undecodable record") != std::string::npos;
  }
  EXPECT_TRUE(undecodable);
}

}  // namespace
}  // namespace byline::store

namespace byline::store {
namespace {

TEST(CrawlStateTest, PutsDeletesScansAndRidesAlongWithArticles) {
  testing::TempDir dir;
  auto store = Store::Open(dir.path(), StoreOptions());
  ASSERT_TRUE(store.ok()) << store.status().message();
  CrawlWrite w;
  w.puts = {{"u/a", "1"}, {"u/b", "2"}, {"v/c", "3"}};
  ASSERT_TRUE((*store)->WriteCrawl(w).ok());
  std::vector<std::string> seen;
  ASSERT_TRUE((*store)
                  ->ScanCrawl("u/",
                              [&](const std::string& k, const std::string& v) {
                                seen.push_back(k + "=" + v);
                                return true;
                              })
                  .ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"u/a=1", "u/b=2"}));

  ArticleRecord a;
  a.id = "art1";
  a.url = "https://example.com/a";
  a.published = "2025-03-01";
  a.content_hash = 7;
  CrawlWrite done;
  done.deletes = {"u/a"};
  done.puts = {{"d/a", "fetched"}};
  ASSERT_TRUE((*store)->PutArticle(a, done).ok());
  EXPECT_FALSE((*store)->GetCrawl("u/a")->has_value());
  EXPECT_EQ((*store)->GetCrawl("d/a")->value_or(""), "fetched");
  // An unchanged article still records its crawl state.
  CrawlWrite again;
  again.puts = {{"d/a", "unchanged"}};
  ASSERT_TRUE((*store)->PutArticle(a, again).ok());
  EXPECT_EQ((*store)->GetCrawl("d/a")->value_or(""), "unchanged");
}

}  // namespace
}  // namespace byline::store
