// store: the mention index on RocksDB. Articles and their mentions go in as plain records
// (store/ never parses HTML and does not know extract/); analysts' questions come out as
// pages of plain rows. The key layout is a file format: docs/storage-format.md.
//
// Thread safety: a Store may be used from several threads at once. One process writes a
// database at a time; readers open it read-only (or as a secondary) while a writer runs.
#ifndef BYLINE_STORE_STORE_H_
#define BYLINE_STORE_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"

namespace byline::store {

struct StoreOptions {
  // Open read-only: queries while a crawl writes. (default: false)
  bool read_only = false;
  // Create the database when the directory holds none. Ignored when read_only. (default: true)
  bool create_if_missing = true;
  // RocksDB block cache for reads, in bytes. (default: 64 MiB)
  size_t block_cache_bytes = size_t{64} << 20;
  // The process answers a query or two and exits (`byline query`): each table file's index
  // and filter are read when a query first needs them rather than all at open, and files
  // are opened on one thread. Opening then costs the same for any size of database. A
  // long-running reader leaves it off: its first queries would pay for the loading.
  // (default: false)
  bool short_lived = false;
};

enum class EntityType : uint8_t { kPerson = 1, kOrg = 2, kMoney = 3 };  // do not renumber

struct MentionRecord {
  EntityType type = EntityType::kOrg;
  std::string surface;    // as written in the text
  std::string canonical;  // the name it resolves to (for money, the surface)
  std::string key;        // the entity key: canonical case-folded by the caller ("nvidia")
  uint32_t start = 0;     // byte offsets into the article text
  uint32_t end = 0;
  int32_t sentence = -1;
  std::string snippet;  // the sentence holding it, for keyword-in-context display
  // MONEY only.
  double value = 0;
  std::optional<double> value_max;
  std::string currency;
  bool approximate = false;
  std::vector<std::string> linked_keys;  // MONEY: keys of organisations in the same sentence
};

struct ArticleRecord {
  std::string id;  // stable article id chosen by the caller (hash of canonical URL)
  std::string url;
  std::string title;
  std::string site;       // publication or host
  std::string published;  // ISO-8601 date or date-time; fetch time when the page gives none
  std::vector<std::string> authors;
  std::string language;
  uint64_t content_hash = 0;  // of the text: re-ingesting an unchanged article is a no-op
  std::vector<MentionRecord> mentions;
};

// Filters shared by the queries. Dates are "YYYY-MM-DD", inclusive; empty = unbounded.
struct Filter {
  std::string since;
  std::string until;
  std::string site;                // exact site, empty = all
  std::optional<EntityType> type;  // for top / entities / cooccur
};

struct MentionRow {
  std::string article_id, url, title, site, published;
  EntityType type = EntityType::kOrg;
  std::string surface, canonical, snippet;
  uint32_t start = 0, end = 0;
};

struct Page {
  std::vector<MentionRow> rows;
  std::string next_cursor;  // empty when there is nothing after this page
};

struct TimelinePoint {
  std::string period;  // "2025-03-14", "2025-W11" or "2025-03"
  uint64_t count = 0;  // mentions of the entity
  uint64_t total = 0;  // mentions of anything (share = count / total)
};

struct CountRow {
  std::string key, canonical;
  EntityType type = EntityType::kOrg;
  uint64_t count = 0;
};

struct MoneyRow {
  std::string article_id, url, published, surface, currency, snippet;
  double value = 0;
  std::optional<double> value_max;
  bool approximate = false;
};

// The crawler's own state (frontier, URL states, validators, robots cache) lives in the store's
// `crawl` column family under keys the crawler chooses; the store only keeps them.
struct CrawlWrite {
  std::vector<std::pair<std::string, std::string>> puts;
  std::vector<std::string> deletes;
  bool empty() const { return puts.empty() && deletes.empty(); }
};

struct Stats {
  uint64_t articles = 0, mentions = 0, entities = 0;
  std::string first_day, last_day;
  uint64_t bytes_on_disk = 0;
  // Table-file bytes per column family ("articles", "mentions", ...): where the size goes.
  std::vector<std::pair<std::string, uint64_t>> table_bytes;
};

class Store {
 public:
  // Opens (or creates) the database in `dir`. Fails with kCorrupt for a database of another
  // format version, kIo when RocksDB cannot open it; a lock held by a running writer is
  // reported as such ("locked by another byline process").
  static Result<std::unique_ptr<Store>> Open(const std::string& dir, const StoreOptions& options);
  virtual ~Store() = default;

  // Writes an article, its mentions and its counter updates in one atomic batch. An article
  // already stored under the same id is replaced: its old mentions are deleted and its old
  // counts subtracted, so counts stay exact. Returns kInvalidInput for a record without id.
  // `crawl` is written in the same batch, so a crawler's "this URL is done" and the article it
  // fetched land together or not at all; it is written even when the article is unchanged.
  virtual Status PutArticle(const ArticleRecord& article, const CrawlWrite& crawl = {}) = 0;
  // Writes many articles, and `crawl`, in one atomic batch: all of them or none. Each record is
  // handled as PutArticle would (an id given twice: the later record replaces the earlier).
  // Much faster than one PutArticle an article when ingesting in bulk. Validates every record
  // before writing any: one bad record fails the call with kInvalidInput.
  virtual Status PutArticles(const std::vector<ArticleRecord>& articles,
                             const CrawlWrite& crawl = {}) = 0;
  // The same, for records the caller keeps elsewhere: nothing is copied to gather them.
  virtual Status PutArticles(std::span<const ArticleRecord* const> articles,
                             const CrawlWrite& crawl = {}) = 0;
  // The stored article, or nullopt when there is none with that id.
  virtual Result<std::optional<ArticleRecord>> GetArticle(const std::string& id) = 0;

  // Mentions of an entity (by key), newest first, `limit` per page; `cursor` from the
  // previous page's next_cursor ("" for the first). An unknown entity is an empty page.
  virtual Result<Page> Mentions(const std::string& key, const Filter& filter, size_t limit,
                                const std::string& cursor) = 0;
  // Counts per day, ISO week ("week") or month ("month") from the per-day counters.
  virtual Result<std::vector<TimelinePoint>> Timeline(const std::string& key, const Filter& filter,
                                                      const std::string& by) = 0;
  // Most mentioned entities in the period (of filter.type when set).
  virtual Result<std::vector<CountRow>> Top(const Filter& filter, size_t limit) = 0;
  // Entities most often in the same articles as `key`.
  virtual Result<std::vector<CountRow>> Cooccur(const std::string& key, const Filter& filter,
                                                size_t limit) = 0;
  // Amounts of money linked to the organisation `key` (same sentence).
  virtual Result<std::vector<MoneyRow>> Money(const std::string& key, const Filter& filter,
                                              size_t limit) = 0;
  // Entities whose key starts with `prefix` (autocomplete), most mentioned first.
  virtual Result<std::vector<CountRow>> Entities(const std::string& prefix, const Filter& filter,
                                                 size_t limit) = 0;
  virtual Result<Stats> GetStats() = 0;
  // Reads the database into the block cache until it is nearly full: the families queries
  // start from first (entity dictionary, counters, mention index, article ids), then records
  // and snippets, newest articles first. For a long-running reader (a server): its first
  // queries then cost what later ones do. Returns the bytes of keys and values read.
  virtual Result<uint64_t> Warm() = 0;

  // Crawl state: one atomic batch of puts and deletes; a point read (nullopt when absent);
  // keys starting with `prefix` in order until `fn` returns false.
  virtual Status WriteCrawl(const CrawlWrite& crawl) = 0;
  virtual Result<std::optional<std::string>> GetCrawl(const std::string& key) = 0;
  virtual Status ScanCrawl(
      const std::string& prefix,
      const std::function<bool(const std::string& key, const std::string& value)>& fn) = 0;
  // Recounts every counter from the mentions and checks every mention's article exists.
  // Problems are appended to `problems`; returns OK when the check ran.
  virtual Status Check(std::vector<std::string>* problems) = 0;
};

}  // namespace byline::store

#endif  // BYLINE_STORE_STORE_H_
