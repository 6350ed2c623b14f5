// Opening a store and writing articles. Queries are in queries.cc, Check and GetStats in
// check.cc.
#include "store/rocks_store.h"

#include <rocksdb/cache.h>
#include <rocksdb/convenience.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/memtablerep.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <exception>
#include <filesystem>
#include <map>

#include "store/counters.h"
#include "store/dates.h"
#include "store/guard.h"
#include "store/keys.h"
#include "store/rows.h"
#include "store/scan.h"

namespace byline::store {

Result<std::unique_ptr<Store>> Store::Open(const std::string& dir, const StoreOptions& options) {
  return internal::Guard("open", [&] { return internal::RocksStore::Open(dir, options); });
}

namespace internal {
namespace {

// Column families by role (the order of Cf).
const char* const kCfNames[] = {kCfDefault,  kCfArticles, kCfMentions, kCfEntities,
                                kCfCounters, kCfCrawl,    kCfIds,      kCfSnippets};
constexpr size_t kCfCount = std::size(kCfNames);

bool Supported(rocksdb::CompressionType type) {
  const std::vector<rocksdb::CompressionType> all = rocksdb::GetSupportedCompressions();
  return std::find(all.begin(), all.end(), type) != all.end();
}

rocksdb::ColumnFamilyOptions CfOptions(const std::string& name,
                                       const std::shared_ptr<rocksdb::Cache>& cache, bool writer,
                                       bool short_lived) {
  rocksdb::ColumnFamilyOptions o;
  // The writer never reads mentions or counters: a vector memtable appends each insert and
  // sorts once, at flush, on a background thread. Skip-list inserts were over half of the
  // writing thread's time (store_bench: ingest 2× faster). A read of these column families
  // through a writable store sorts a copy of the memtable; queries open read-only.
  if (writer && (name == kCfMentions || name == kCfCounters)) {
    o.memtable_factory.reset(new rocksdb::VectorRepFactory());
  }
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  // A query on a cold cache pays for each block it touches: reading it and decompressing all
  // of it. Records (16 KiB) and postings (8 KiB) compress better in bigger blocks; the small
  // families (counters, dictionary, ids) are read a row or two at a time, in 4 KiB blocks.
  // Against 32 KiB and 16 KiB everywhere: a year's timeline and a first page of mentions
  // about a third faster, the database 2% bigger (store_bench, 10M mentions).
  // Records and snippets: an article's rows, keyed by its number.
  const bool articles = name == kCfArticles || name == kCfSnippets;
  table.block_size = articles ? 16 * 1024 : (name == kCfMentions ? 8 * 1024 : 4 * 1024);
  table.format_version = 5;
  // A short-lived reader reads a table's index and filter into the block cache when a query
  // first needs them. Loading every file's at open took most of a `byline query` on a
  // 10M-mention database (StoreOptions::short_lived).
  table.cache_index_and_filter_blocks = short_lived;
  // Point lookups (article ids, headers, snippets, entity names) skip files via a bloom
  // filter; 10 bits a key is about one byte per row. The mention index and the counters are
  // only ever scanned (their few point reads are Check's and the global counts'), so a filter
  // there would cost a byte a row for nothing.
  if (name != kCfMentions && name != kCfCounters) {
    table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  }
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  // ZSTD at every level: a flushed file may stay in level 0 for a long time (a database of a
  // million mentions never leaves it), and ZSTD's low levels compress about as fast as LZ4
  // while making files a third smaller.
  //
  // Except the counters and the entity dictionary: a timeline reads a block or two of each,
  // mostly cold, and LZ4 decompresses a block several times faster than ZSTD (bench/
  // block_bench). Against ZSTD: a year's timeline 1.4x (frequent entities) to 2.3x (the
  // tail) faster at p50, the database 1.2 bytes/mention bigger; LZ4HC on the bottommost level
  // (level 4: level 9 cost a third more ingest CPU) takes back 0.5 of them and decompresses
  // as fast (store_bench, 10M).
  const bool hot = name == kCfCounters || name == kCfEntities;
  if (hot && Supported(rocksdb::kLZ4Compression)) {
    o.compression = rocksdb::kLZ4Compression;
    if (Supported(rocksdb::kLZ4HCCompression)) {
      o.bottommost_compression = rocksdb::kLZ4HCCompression;
      o.bottommost_compression_opts.enabled = true;
      o.bottommost_compression_opts.level = 4;
    }
  } else if (Supported(rocksdb::kZSTD)) {
    o.compression = rocksdb::kZSTD;
    o.compression_opts.level = 1;
    o.bottommost_compression = rocksdb::kZSTD;
    o.bottommost_compression_opts.enabled = true;
    o.bottommost_compression_opts.level = 3;
    if (articles) {
      // Snippets are sentences, and sentences share words and phrasing across articles far
      // beyond one block: a dictionary trained per file captures that. Records and snippets
      // are written once (their keys only grow, so their files move down the levels
      // unchanged): they get ZSTD level 6 when flushed, which makes them 9% smaller than
      // level 3 (3 bytes a mention) for about 12% more ingest CPU, and a 128 KiB dictionary,
      // 8% smaller than 64 KiB (store_bench, 10M).
      for (rocksdb::CompressionOptions* c : {&o.compression_opts, &o.bottommost_compression_opts}) {
        c->level = 6;
        c->max_dict_bytes = 128 * 1024;
        c->zstd_max_train_bytes = 100 * 128 * 1024;
      }
    }
  } else if (Supported(rocksdb::kLZ4Compression)) {
    o.compression = rocksdb::kLZ4Compression;
  } else if (Supported(rocksdb::kSnappyCompression)) {
    o.compression = rocksdb::kSnappyCompression;
  }
  // Keeps most data in the bottommost level, where it gets ZSTD.
  o.level_compaction_dynamic_level_bytes = true;
  if (name == kCfCounters) o.merge_operator = NewCounterAddOperator();
  return o;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

Status OpenError(const std::string& dir, const rocksdb::Status& s) {
  // RocksDB says "While lock file: .../LOCK: Resource temporarily unavailable" for another
  // process and "lock hold by current process" for this one.
  if (s.IsIOError() && Lower(s.ToString()).find("lock") != std::string::npos) {
    return Status::Io("the database in " + dir +
                      " is locked by another byline process (a crawl or ingest is writing "
                      "it); open it read-only to query it meanwhile [" +
                      s.ToString() + "]");
  }
  return Status::Io("cannot open the database in " + dir + ": " + s.ToString());
}

}  // namespace

Result<DayRange> ParseRange(const Filter& filter) {
  DayRange range;
  if (!filter.since.empty()) {
    std::optional<uint32_t> day = ParseDay(filter.since);
    if (!day || filter.since.size() != 10) {
      return Status::InvalidInput("since is not a YYYY-MM-DD date: \"" + filter.since + "\"");
    }
    range.since = *day;
  }
  if (!filter.until.empty()) {
    std::optional<uint32_t> day = ParseDay(filter.until);
    if (!day || filter.until.size() != 10) {
      return Status::InvalidInput("until is not a YYYY-MM-DD date: \"" + filter.until + "\"");
    }
    range.until = *day;
  }
  return range;
}

Result<std::unique_ptr<Store>> RocksStore::Open(const std::string& dir,
                                                const StoreOptions& options) {
  if (dir.empty()) return Status::InvalidInput("no database directory given");
  rocksdb::DBOptions db_options;
  // Readers open every table file up front: a writer's compaction may delete files later,
  // and an open file stays readable on POSIX systems.
  db_options.max_open_files = -1;
  db_options.keep_log_file_num = 4;
  db_options.max_log_file_size = 4 << 20;
  // A write-ahead log file is deleted only once every column family with data in it has
  // flushed, and the small ones (default, entities) would otherwise flush rarely: without a
  // cap, a long ingest keeps gigabytes of logs and replays them all on reopening.
  db_options.max_total_wal_size = uint64_t{256} << 20;
  db_options.allow_concurrent_memtable_write = false;
  // Each thread costs more to start than a table file takes to open without its index.
  if (options.short_lived) db_options.max_file_opening_threads = 1;

  std::vector<std::string> existing;
  const rocksdb::Status listed = rocksdb::DB::ListColumnFamilies(db_options, dir, &existing);
  const bool fresh = !listed.ok();
  if (fresh) {
    std::error_code ec;
    if (std::filesystem::exists(std::filesystem::path(dir) / "CURRENT", ec)) {
      return Status::Io("cannot read the database in " + dir + ": " + listed.ToString());
    }
    if (options.read_only || !options.create_if_missing) {
      return Status::NotFound("no byline database in " + dir);
    }
    std::filesystem::create_directories(dir, ec);
    if (ec) return Status::Io("cannot create " + dir + ": " + ec.message());
    existing.assign(std::begin(kCfNames), std::end(kCfNames));
  }

  // Shards of at least 32 MiB (one under 64 MiB). Warm fills the cache to 90%, and each
  // shard evicts on its own: in RocksDB's default half-megabyte shards, the luck of the hash
  // overfilled some while others had room, and they evicted the blocks warmed first.
  int shard_bits = 0;
  while (shard_bits < 6 && (options.block_cache_bytes >> (shard_bits + 1)) >= (size_t{32} << 20)) {
    ++shard_bits;
  }
  std::shared_ptr<rocksdb::Cache> cache =
      rocksdb::NewLRUCache(options.block_cache_bytes, shard_bits);
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& name : existing)
    descriptors.emplace_back(name, CfOptions(name, cache, !options.read_only, options.short_lived));
  db_options.create_if_missing = fresh;
  db_options.create_missing_column_families = fresh;

  rocksdb::DB* raw_db = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> raw_handles;
  const rocksdb::Status opened =
      options.read_only
          ? rocksdb::DB::OpenForReadOnly(db_options, dir, descriptors, &raw_handles, &raw_db)
          : rocksdb::DB::Open(db_options, dir, descriptors, &raw_handles, &raw_db);
  if (!opened.ok()) return OpenError(dir, opened);

  std::unique_ptr<RocksStore> store(new RocksStore(dir, options.read_only));
  store->db_.reset(raw_db);
  store->cache_ = cache;
  store->handles_.resize(kCfCount);
  for (size_t i = 0; i < raw_handles.size(); ++i) {
    std::unique_ptr<rocksdb::ColumnFamilyHandle> h(raw_handles[i]);
    const char* const* role = std::find(std::begin(kCfNames), std::end(kCfNames), existing[i]);
    if (role == std::end(kCfNames)) {
      store->extra_handles_.push_back(std::move(h));
    } else {
      store->handles_[role - std::begin(kCfNames)] = std::move(h);
    }
  }
  Status init = store->InitFormat(fresh);
  if (!init.ok()) return init;
  // Column families a later minor change added (none yet), created when writing.
  for (size_t i = 0; i < kCfCount; ++i) {
    if (store->handles_[i]) continue;
    if (options.read_only) {
      return Status::Corrupt("the database in " + dir + " has no \"" + kCfNames[i] +
                             "\" column family");
    }
    rocksdb::ColumnFamilyHandle* h = nullptr;
    rocksdb::Status s = store->db_->CreateColumnFamily(
        CfOptions(kCfNames[i], cache, true, options.short_lived), kCfNames[i], &h);
    if (!s.ok()) return Status::Io("cannot create a column family: " + s.ToString());
    store->handles_[i].reset(h);
  }
  return std::unique_ptr<Store>(std::move(store));
}

Status RocksStore::InitFormat(bool fresh) {
  Result<std::optional<std::string>> version = Get(Cf::kDefault, kFormatVersionKey);
  if (!version.ok()) return version.status();
  if (!version->has_value()) {
    // A database is fresh when it was just created, or when a creating process died before
    // its first write (nothing in it at all).
    bool empty = true;
    for (const auto& h : handles_) {
      if (!h) continue;
      std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), h.get()));
      it->SeekToFirst();
      if (it->Valid()) empty = false;
    }
    if (!fresh && !empty) {
      return Status::Corrupt("the database in " + dir_ +
                             " is not a byline store (it has no format version)");
    }
    if (read_only_) return Status::Corrupt("the database in " + dir_ + " was never initialised");
    rocksdb::WriteBatch batch;
    batch.Put(handle(Cf::kDefault), kFormatVersionKey, std::to_string(kFormatVersion));
    rocksdb::WriteOptions wo;
    wo.sync = true;
    rocksdb::Status s = db_->Write(wo, &batch);
    if (!s.ok()) return Status::Io("cannot initialise " + dir_ + ": " + s.ToString());
    return Status::Ok();
  }
  const std::string& text = **version;
  uint32_t number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc() || end != text.data() + text.size() || number != kFormatVersion) {
    return Status::Corrupt("the database in " + dir_ + " has storage format version \"" +
                           Printable(text) + "\"; this byline reads version " +
                           std::to_string(kFormatVersion) + " only (see docs/storage-format.md)");
  }
  if (!read_only_) {
    for (auto [key, next] :
         {std::pair{kNextArticleKey, &next_article_}, std::pair{kNextEntityKey, &next_entity_}}) {
      Result<uint32_t> n = GetNextNumber(key);
      if (!n.ok()) return n.status();
      *next = *n;
    }
  }
  return Status::Ok();
}

Result<uint32_t> RocksStore::GetNextNumber(const char* key, const rocksdb::Snapshot* snapshot) {
  Result<std::optional<std::string>> raw = Get(Cf::kDefault, key, snapshot);
  if (!raw.ok()) return raw.status();
  if (!raw->has_value()) return uint32_t{0};
  int64_t n;
  if (!DecodeCount(**raw, &n) || n < 0 || n > UINT32_MAX) {
    return Status::Corrupt(std::string("bad ") + key + " number in " + dir_);
  }
  return static_cast<uint32_t>(n);
}

Status RocksStore::CompactForTesting() {
  for (const auto& h : handles_) {
    rocksdb::Status s = db_->Flush(rocksdb::FlushOptions(), h.get());
    if (s.ok()) {
      rocksdb::CompactRangeOptions o;
      o.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
      s = db_->CompactRange(o, h.get(), nullptr, nullptr);
    }
    if (!s.ok()) return Status::Io(s.ToString());
  }
  return Status::Ok();
}

Result<uint64_t> RocksStore::Warm() {
  return Guard("warm", [&]() -> Result<uint64_t> {
    // Stops short of the capacity: an LRU cache filled past it would evict the families
    // read first, which every query needs.
    const auto full = [&] { return cache_->GetUsage() >= cache_->GetCapacity() / 10 * 9; };
    uint64_t bytes = 0;
    for (Cf cf : {Cf::kEntities, Cf::kCounters, Cf::kMentions, Cf::kIds}) {
      PrefixScan scan(db_.get(), handle(cf), "");  // the whole family
      for (scan.SeekToFirst(); scan.Valid() && !full(); scan.Next()) {
        bytes += scan.key().size() + scan.value().size();
      }
      if (Status s = scan.status(); !s.ok()) return s;
    }
    // Records and snippets in step, newest first, so that the articles warmed have both.
    PrefixScan records(db_.get(), handle(Cf::kArticles), "");
    PrefixScan snippets(db_.get(), handle(Cf::kSnippets), "");
    records.SeekToLast();
    snippets.SeekToLast();
    while ((records.Valid() || snippets.Valid()) && !full()) {
      for (PrefixScan* scan : {&records, &snippets}) {
        if (!scan->Valid()) continue;
        bytes += scan->key().size() + scan->value().size();
        scan->Prev();
      }
    }
    for (const PrefixScan* scan : {&records, &snippets}) {
      if (Status s = scan->status(); !s.ok()) return s;
    }
    return bytes;
  });
}

Result<std::optional<std::string>> RocksStore::Get(Cf cf, const std::string& key,
                                                   const rocksdb::Snapshot* snapshot) {
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot;
  std::string value;
  rocksdb::Status s = db_->Get(ro, handle(cf), key, &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (s.IsCorruption()) return Status::Corrupt(s.ToString());
  if (!s.ok()) return Status::Io(s.ToString());
  return std::optional<std::string>(std::move(value));
}

Result<std::optional<std::string>> RocksStore::GetRecord(uint32_t article, RecordParts* parts,
                                                         const rocksdb::Snapshot* snapshot) {
  Result<std::optional<std::string>> raw = Get(Cf::kArticles, ArticleRecordKey(article), snapshot);
  if (!raw.ok() || !raw->has_value()) return raw;
  if (!SplitRecord(**raw, parts)) {
    return Status::Corrupt("undecodable record of article #" + std::to_string(article));
  }
  return raw;
}

Result<std::optional<ArticleHeader>> RocksStore::GetHeader(uint32_t article,
                                                           const rocksdb::Snapshot* snapshot) {
  RecordParts parts;
  Result<std::optional<std::string>> raw = GetRecord(article, &parts, snapshot);
  if (!raw.ok()) return raw.status();
  if (!raw->has_value()) return std::optional<ArticleHeader>();
  ArticleHeader header;
  if (!DecodeHeader(parts.header, &header)) {
    return Status::Corrupt("undecodable header of article #" + std::to_string(article));
  }
  return std::optional<ArticleHeader>(std::move(header));
}

Result<std::optional<ArticleBody>> RocksStore::GetBody(uint32_t article,
                                                       const rocksdb::Snapshot* snapshot) {
  RecordParts parts;
  Result<std::optional<std::string>> raw = GetRecord(article, &parts, snapshot);
  if (!raw.ok()) return raw.status();
  if (!raw->has_value()) return std::optional<ArticleBody>();
  ArticleBody body;
  if (!DecodeBody(parts.table, parts.mentions, &body)) {
    return Status::Corrupt("undecodable mention list of article #" + std::to_string(article));
  }
  return std::optional<ArticleBody>(std::move(body));
}

Result<std::vector<std::string>> RocksStore::GetSnippets(uint32_t article,
                                                         const rocksdb::Snapshot* snapshot) {
  RecordParts parts;
  Result<std::optional<std::string>> raw = GetRecord(article, &parts, snapshot);
  if (!raw.ok()) return raw.status();
  std::vector<std::string> snippets;
  if (!raw->has_value()) return snippets;
  Result<std::optional<std::string>> stored = Get(Cf::kSnippets, SnippetsKey(article), snapshot);
  if (!stored.ok()) return stored.status();
  ArticleBody body;  // snippets hold its surfaces elided
  if (stored->has_value() && (!DecodeBody(parts.table, parts.mentions, &body) ||
                              !DecodeSnippets(**stored, body, &snippets))) {
    return Status::Corrupt("undecodable snippets of article #" + std::to_string(article));
  }
  return snippets;
}

void RocksStore::AddCrawl(const CrawlWrite& crawl, rocksdb::WriteBatch* batch) {
  for (const std::string& key : crawl.deletes) batch->Delete(handle(Cf::kCrawl), key);
  for (const auto& [key, value] : crawl.puts) batch->Put(handle(Cf::kCrawl), key, value);
}

Status RocksStore::WriteCrawl(const CrawlWrite& crawl) {
  return Guard("crawl write", [&] { return WriteCrawlImpl(crawl); });
}

Status RocksStore::WriteCrawlImpl(const CrawlWrite& crawl) {
  if (read_only_) return Status::InvalidInput("the store is open read-only");
  rocksdb::WriteBatch batch;
  AddCrawl(crawl, &batch);
  rocksdb::Status s = db_->Write(rocksdb::WriteOptions(), &batch);
  if (!s.ok()) return Status::Io("cannot write crawl state: " + s.ToString());
  return Status::Ok();
}

Result<std::optional<std::string>> RocksStore::GetCrawl(const std::string& key) {
  return Guard("crawl get", [&] { return Get(Cf::kCrawl, key); });
}

Status RocksStore::ScanCrawl(
    const std::string& prefix,
    const std::function<bool(const std::string& key, const std::string& value)>& fn) {
  return Guard("crawl scan", [&]() -> Status {
    std::unique_ptr<rocksdb::Iterator> it(
        db_->NewIterator(rocksdb::ReadOptions(), handle(Cf::kCrawl)));
    for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
      if (!fn(it->key().ToString(), it->value().ToString())) break;
    }
    if (!it->status().ok())
      return Status::Io("cannot read crawl state: " + it->status().ToString());
    return Status::Ok();
  });
}

Result<std::optional<ArticleRecord>> RocksStore::GetArticle(const std::string& id) {
  return Guard("get", [&] { return GetArticleImpl(id); });
}

Result<std::optional<ArticleRecord>> RocksStore::GetArticleImpl(const std::string& id) {
  // One snapshot: a concurrent replacement must not mix two versions of the article.
  const SnapshotHolder holder(db_.get());
  const rocksdb::Snapshot* snapshot = holder.get();
  Result<std::optional<std::string>> number_raw = Get(Cf::kIds, ArticleIdKey(id), snapshot);
  if (!number_raw.ok()) return number_raw.status();
  if (!number_raw->has_value()) return std::optional<ArticleRecord>();
  uint32_t number;
  Reader r(**number_raw);
  if (!r.Varint32(&number)) return Status::Corrupt("bad article number stored for " + id);
  Result<std::optional<ArticleHeader>> header = GetHeader(number, snapshot);
  if (!header.ok()) return header.status();
  Result<std::optional<ArticleBody>> stored_body = GetBody(number, snapshot);
  if (!stored_body.ok()) return stored_body.status();
  if (!header->has_value() || !stored_body->has_value()) {
    return Status::Corrupt("article " + id + " is stored incompletely");
  }
  ArticleBody& body = **stored_body;
  const ArticleHeader& h = **header;
  Result<std::vector<std::string>> snippets_read = GetSnippets(number, snapshot);
  if (!snippets_read.ok()) return snippets_read.status();
  const std::vector<std::string>& snippets = *snippets_read;
  ArticleRecord a;
  a.id = h.id;
  a.url = h.url;
  a.title = h.title;
  a.site = h.site;
  a.published = h.published;
  a.authors = h.authors;
  a.language = h.language;
  a.content_hash = h.content_hash;
  a.mentions = std::move(body.mentions);
  for (size_t i = 0; i < a.mentions.size(); ++i) {
    const int32_t index = body.snippet_index[i];
    if (index >= 0 && static_cast<size_t>(index) < snippets.size()) {
      a.mentions[i].snippet = snippets[index];
    }
  }
  return std::optional<ArticleRecord>(std::move(a));
}

}  // namespace internal
}  // namespace byline::store
