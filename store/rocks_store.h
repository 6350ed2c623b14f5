// RocksStore: the Store on one RocksDB database (internal; include store/store.h instead).
#ifndef BYLINE_STORE_ROCKS_STORE_H_
#define BYLINE_STORE_ROCKS_STORE_H_

#include <rocksdb/db.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/codec.h"
#include "store/counters.h"
#include "store/store.h"

namespace byline::store::internal {

// Column family handles by role, in this order in RocksStore's handle vector.
enum class Cf : size_t {
  kDefault = 0,
  kArticles,
  kMentions,
  kEntities,
  kCounters,
  kCrawl,
  kIds,
  kSnippets,
  kLast = kSnippets
};

// A half-open day range from a Filter; empty when since > until.
struct StoredArticle;  // put.cc

struct DayRange {
  uint32_t since = 0;
  uint32_t until = UINT32_MAX;
  bool bounded() const { return since != 0 || until != UINT32_MAX; }
};
Result<DayRange> ParseRange(const Filter& filter);

class RocksStore : public Store {
 public:
  static Result<std::unique_ptr<Store>> Open(const std::string& dir, const StoreOptions& options);
  ~RocksStore() override = default;

  Status PutArticle(const ArticleRecord& article, const CrawlWrite& crawl = {}) override;
  Status PutArticles(std::span<const ArticleRecord* const> articles,
                     const CrawlWrite& crawl = {}) override;
  Status PutArticles(const std::vector<ArticleRecord>& articles,
                     const CrawlWrite& crawl = {}) override;
  Result<std::optional<ArticleRecord>> GetArticle(const std::string& id) override;
  Result<Page> Mentions(const std::string& key, const Filter& filter, size_t limit,
                        const std::string& cursor) override;
  Result<std::vector<TimelinePoint>> Timeline(const std::string& key, const Filter& filter,
                                              const std::string& by) override;
  Result<std::vector<CountRow>> Top(const Filter& filter, size_t limit) override;
  Result<std::vector<CountRow>> Cooccur(const std::string& key, const Filter& filter,
                                        size_t limit) override;
  Result<std::vector<MoneyRow>> Money(const std::string& key, const Filter& filter,
                                      size_t limit) override;
  Result<std::vector<CountRow>> Entities(const std::string& prefix, const Filter& filter,
                                         size_t limit) override;
  Result<Stats> GetStats() override;
  Result<uint64_t> Warm() override;
  Status Check(std::vector<std::string>* problems) override;
  Status WriteCrawl(const CrawlWrite& crawl) override;
  Result<std::optional<std::string>> GetCrawl(const std::string& key) override;
  Status ScanCrawl(
      const std::string& prefix,
      const std::function<bool(const std::string& key, const std::string& value)>& fn) override;

  // Raw access for tests that damage a database on purpose. Not for production code.
  rocksdb::DB* DbForTesting() { return db_.get(); }
  rocksdb::ColumnFamilyHandle* CfForTesting(Cf cf) { return handle(cf); }
  // Flushes memtables and compacts every column family (measurements, tests).
  Status CompactForTesting();

 private:
  RocksStore(std::string dir, bool read_only) : dir_(std::move(dir)), read_only_(read_only) {}

  rocksdb::ColumnFamilyHandle* handle(Cf cf) { return handles_[static_cast<size_t>(cf)].get(); }
  Status InitFormat(bool fresh);

  // The public methods catch what RocksDB or the allocator throws and call these.
  class Staging;  // put.cc
  Status PutImpl(std::span<const ArticleRecord* const> articles, const CrawlWrite& crawl);
  void AddCrawl(const CrawlWrite& crawl, rocksdb::WriteBatch* batch);
  Status WriteCrawlImpl(const CrawlWrite& crawl);
  Result<std::optional<ArticleRecord>> GetArticleImpl(const std::string& id);
  Result<Page> MentionsImpl(const std::string& key, const Filter& filter, size_t limit,
                            const std::string& cursor);
  Result<std::vector<TimelinePoint>> TimelineImpl(const std::string& key, const Filter& filter,
                                                  const std::string& by);
  Result<std::vector<CountRow>> TopImpl(const Filter& filter, size_t limit);
  // Top over all time and every site, from the entities' all-time counts.
  Result<std::vector<CountRow>> TopAllTime(std::optional<EntityType> type, size_t limit);
  Result<std::vector<CountRow>> CooccurImpl(const std::string& key, const Filter& filter,
                                            size_t limit);
  Result<std::vector<MoneyRow>> MoneyImpl(const std::string& key, const Filter& filter,
                                          size_t limit);
  Result<std::vector<CountRow>> EntitiesImpl(const std::string& prefix, const Filter& filter,
                                             size_t limit);
  Result<Stats> GetStatsImpl();
  Status CheckImpl(std::vector<std::string>* problems);

  // Point reads; NotFound is a normal outcome (nullopt).
  Result<std::optional<std::string>> Get(Cf cf, const std::string& key,
                                         const rocksdb::Snapshot* snapshot = nullptr);
  // A next-number count of the default column family (kNextArticleKey, kNextEntityKey); 0
  // when absent.
  Result<uint32_t> GetNextNumber(const char* key, const rocksdb::Snapshot* snapshot = nullptr);
  // The article's record ('A' row), split into `parts` (views into the returned string).
  Result<std::optional<std::string>> GetRecord(uint32_t article, RecordParts* parts,
                                               const rocksdb::Snapshot* snapshot = nullptr);
  Result<std::optional<ArticleHeader>> GetHeader(uint32_t article,
                                                 const rocksdb::Snapshot* snapshot = nullptr);
  // The article's mention list, from its record; nullopt when there is none, kCorrupt when
  // it does not decode.
  Result<std::optional<ArticleBody>> GetBody(uint32_t article,
                                             const rocksdb::Snapshot* snapshot = nullptr);
  // The article's snippets, decoded (empty when it has none).
  Result<std::vector<std::string>> GetSnippets(uint32_t article,
                                               const rocksdb::Snapshot* snapshot = nullptr);
  Result<std::string> GetCanonical(const std::string& key, EntityType type);
  // The dictionary id of the entity (key, type); nullopt when it was never stored.
  Result<std::optional<uint32_t>> EntityIdOf(const std::string& key, EntityType type,
                                             const rocksdb::Snapshot* snapshot = nullptr);
  // Rows for (id, count) pairs: the most counted first, named through the dictionary's id
  // rows until `limit` rows that `keep` accepts are named and every id tied with the last of
  // them is in. The rows are then ready for Ranked.
  Result<std::vector<CountRow>> NameRankedIds(
      std::vector<std::pair<uint32_t, uint64_t>> ranked, size_t limit,
      const rocksdb::Snapshot* snapshot,
      const std::function<bool(std::string_view key, EntityType type)>& keep);
  // Sum of the per-day counters under `prefix` + day for days in `range`.
  Result<int64_t> SumDays(const std::string& prefix, const DayRange& range,
                          const rocksdb::Snapshot* snapshot = nullptr);
  // Mentions of (key, type) in `range`, from the per-day counters.
  Result<int64_t> EntityCount(const std::string& key, EntityType type, const DayRange& range);
  // Every entity's mentions on `site` in `range` (of type `type` when set), by id: the sum of
  // the site's daily rows ('z').
  Result<std::vector<PackedEntry>> SiteCounts(const std::string& site, const DayRange& range,
                                              std::optional<EntityType> type);
  // Rows of `counts` sorted most first, at most `limit`, canonical names filled in.
  Result<std::vector<CountRow>> Ranked(std::vector<CountRow> counts, size_t limit);

  // An entity's dictionary entry ('n' row): its id and the canonical name stored for it.
  struct EntityName {
    uint32_t id = 0;
    std::string canonical;
  };
  // The entry of EntityKey(key, type): from the writer's cache, else read (and cached).
  // REQUIRES: write_mu_ held.
  Result<std::optional<EntityName>> LookupEntity(const std::string& entity_key);

  std::string dir_;
  bool read_only_;
  std::mutex write_mu_;        // one put at a time: replacement reads then writes
  uint32_t next_article_ = 0;  // guarded by write_mu_
  uint32_t next_entity_ = 0;   // guarded by write_mu_
  // Committed dictionary entries the writer has used, so that an article's entities cost no
  // read: EntityKey -> entry. Guarded by write_mu_; cleared when it grows past a bound.
  std::unordered_map<std::string, EntityName> entity_cache_;
  // The database is declared before its handles: members are destroyed in reverse order, so
  // the handles are deleted first, as RocksDB requires.
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<std::unique_ptr<rocksdb::ColumnFamilyHandle>> handles_;  // indexed by Cf
  // Column families this version has no role for (RocksDB opens all or none read-write).
  std::vector<std::unique_ptr<rocksdb::ColumnFamilyHandle>> extra_handles_;
  std::shared_ptr<rocksdb::Cache> cache_;  // the block cache every column family shares
};

}  // namespace byline::store::internal

#endif  // BYLINE_STORE_ROCKS_STORE_H_
