// Opening a store and writing articles. Queries are in queries.cc, Check and GetStats in
// check.cc.
#include "store/rocks_store.h"

#include <rocksdb/cache.h>
#include <rocksdb/convenience.h>
#include <rocksdb/filter_policy.h>
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

namespace byline::store {

Result<std::unique_ptr<Store>> Store::Open(const std::string& dir, const StoreOptions& options) {
  return internal::Guard("open", [&] { return internal::RocksStore::Open(dir, options); });
}

namespace internal {
namespace {

// Column families by role (the order of Cf).
const char* const kCfNames[] = {kCfDefault,  kCfArticles, kCfMentions,
                                kCfEntities, kCfCounters, kCfCrawl};
constexpr size_t kCfCount = std::size(kCfNames);

bool Supported(rocksdb::CompressionType type) {
  const std::vector<rocksdb::CompressionType> all = rocksdb::GetSupportedCompressions();
  return std::find(all.begin(), all.end(), type) != all.end();
}

rocksdb::ColumnFamilyOptions CfOptions(const std::string& name,
                                       const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::ColumnFamilyOptions o;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  // Larger blocks than the 4 KiB default compress sorted mention rows much better; the reads
  // are mostly scans, which fetch neighbouring rows anyway.
  table.block_size = 16 * 1024;
  table.format_version = 5;
  // Point lookups (article ids, headers, snippets, Check's probes) skip files via a bloom
  // filter; 10 bits a key is about one byte per row.
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  // Fast compression where data is rewritten often, strong where it settles.
  if (Supported(rocksdb::kLZ4Compression)) {
    o.compression = rocksdb::kLZ4Compression;
  } else if (Supported(rocksdb::kSnappyCompression)) {
    o.compression = rocksdb::kSnappyCompression;
  } else {
    o.compression = rocksdb::kNoCompression;
  }
  if (Supported(rocksdb::kZSTD)) o.bottommost_compression = rocksdb::kZSTD;
  // Keeps most data in the bottommost level, where it gets ZSTD.
  o.level_compaction_dynamic_level_bytes = true;
  if (name == kCfCounters) o.merge_operator = NewInt64AddOperator();
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

bool ValidName(std::string_view s) { return s.find('\0') == std::string_view::npos; }

Status Validate(const ArticleRecord& a) {
  if (a.id.empty()) return Status::InvalidInput("article without id");
  if (!ValidName(a.id)) return Status::InvalidInput("article id holds a NUL byte");
  if (!ValidName(a.site)) return Status::InvalidInput("article " + a.id + ": site holds a NUL");
  if (!ParseTimestamp(a.published)) {
    return Status::InvalidInput("article " + a.id + ": published is not an ISO-8601 date: \"" +
                                a.published + "\"");
  }
  for (const MentionRecord& m : a.mentions) {
    if (m.key.empty() || !ValidName(m.key)) {
      return Status::InvalidInput("article " + a.id + ": mention \"" + m.surface +
                                  "\" has an empty key or one holding a NUL byte");
    }
    if (!ValidType(static_cast<uint8_t>(m.type))) {
      return Status::InvalidInput("article " + a.id + ": mention of unknown type");
    }
    if (m.end < m.start) {
      return Status::InvalidInput("article " + a.id + ": mention \"" + m.surface +
                                  "\" ends before it starts");
    }
    for (const std::string& k : m.linked_keys) {
      if (!ValidName(k)) return Status::InvalidInput("article " + a.id + ": linked key has NUL");
    }
  }
  return Status::Ok();
}

// The article as stored: one mention per (key, type, start), since that triple names its
// index row; snippets deduplicated into a per-article table; money links without empty or
// repeated keys.
void Normalize(const ArticleRecord& a, ArticleHeader* header, ArticleBody* body,
               std::vector<std::string>* snippets) {
  header->id = a.id;
  header->url = a.url;
  header->title = a.title;
  header->site = a.site;
  header->published = a.published;
  header->language = a.language;
  header->authors = a.authors;
  header->content_hash = a.content_hash;
  header->timestamp = std::min(*ParseTimestamp(a.published), kMaxTimestamp);
  std::map<std::tuple<std::string_view, EntityType, uint32_t>, bool> seen;
  std::map<std::string_view, int32_t> snippet_index;
  for (const MentionRecord& m : a.mentions) {
    if (!seen.emplace(std::make_tuple(std::string_view(m.key), m.type, m.start), true).second) {
      continue;
    }
    MentionRecord stored = m;
    stored.snippet.clear();
    int32_t index = -1;
    if (!m.snippet.empty()) {
      auto [it, added] = snippet_index.emplace(m.snippet, static_cast<int32_t>(snippets->size()));
      if (added) snippets->push_back(m.snippet);
      index = it->second;
    }
    if (m.type == EntityType::kMoney) {
      stored.linked_keys.clear();
      for (const std::string& k : m.linked_keys) {
        if (!k.empty() && std::find(stored.linked_keys.begin(), stored.linked_keys.end(), k) ==
                              stored.linked_keys.end()) {
          stored.linked_keys.push_back(k);
        }
      }
    } else {
      stored.linked_keys.clear();
    }
    body->mentions.push_back(std::move(stored));
    body->snippet_index.push_back(index);
  }
  header->mention_count = static_cast<uint32_t>(body->mentions.size());
  header->snippet_count = static_cast<uint32_t>(snippets->size());
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

  std::shared_ptr<rocksdb::Cache> cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& name : existing) descriptors.emplace_back(name, CfOptions(name, cache));
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
    rocksdb::Status s =
        store->db_->CreateColumnFamily(CfOptions(kCfNames[i], cache), kCfNames[i], &h);
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
    Result<std::optional<std::string>> next = Get(Cf::kDefault, kNextArticleKey);
    if (!next.ok()) return next.status();
    if (next->has_value()) {
      int64_t n;
      if (!DecodeCount(**next, &n) || n < 0 || n > UINT32_MAX) {
        return Status::Corrupt("bad next-article number in " + dir_);
      }
      next_article_ = static_cast<uint32_t>(n);
    }
  }
  return Status::Ok();
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

Result<std::optional<ArticleHeader>> RocksStore::GetHeader(uint32_t article,
                                                           const rocksdb::Snapshot* snapshot) {
  Result<std::optional<std::string>> raw = Get(Cf::kArticles, HeaderKey(article), snapshot);
  if (!raw.ok()) return raw.status();
  if (!raw->has_value()) return std::optional<ArticleHeader>();
  ArticleHeader header;
  if (!DecodeHeader(**raw, &header)) {
    return Status::Corrupt("undecodable header of article #" + std::to_string(article));
  }
  return std::optional<ArticleHeader>(std::move(header));
}

Result<std::string> RocksStore::GetSnippet(uint32_t article, int32_t index) {
  if (index < 0) return std::string();
  Result<std::optional<std::string>> raw =
      Get(Cf::kArticles, SnippetKey(article, static_cast<uint32_t>(index)));
  if (!raw.ok()) return raw.status();
  return raw->value_or(std::string());
}

Status RocksStore::PutArticle(const ArticleRecord& article, const CrawlWrite& crawl) {
  return Guard("put", [&] { return PutArticleImpl(article, crawl); });
}

void RocksStore::AddCrawl(const CrawlWrite& crawl, rocksdb::WriteBatch* batch) {
  for (const std::string& key : crawl.deletes) batch->Delete(handle(Cf::kCrawl), key);
  for (const auto& [key, value] : crawl.puts) batch->Put(handle(Cf::kCrawl), key, value);
}

Status RocksStore::PutArticleImpl(const ArticleRecord& article, const CrawlWrite& crawl) {
  if (read_only_) return Status::InvalidInput("the store is open read-only");
  Status valid = Validate(article);
  if (!valid.ok()) return valid;
  ArticleHeader header;
  ArticleBody body;
  std::vector<std::string> snippets;
  Normalize(article, &header, &body, &snippets);

  // Replacement reads the old record and then writes the batch: one writer at a time, so no
  // other Put can slip between the read and the write.
  std::lock_guard<std::mutex> lock(write_mu_);
  rocksdb::WriteBatch batch;
  CounterDeltas deltas;
  uint32_t number;
  Result<std::optional<std::string>> old_number = Get(Cf::kArticles, ArticleIdKey(article.id));
  if (!old_number.ok()) return old_number.status();
  const bool replacing = old_number->has_value();
  if (replacing) {
    Reader r(**old_number);
    if (!r.Varint32(&number) || !r.done()) {
      return Status::Corrupt("bad article number stored for " + article.id);
    }
    Result<std::optional<ArticleHeader>> old_header = GetHeader(number);
    if (!old_header.ok()) return old_header.status();
    Result<std::optional<std::string>> old_body = Get(Cf::kArticles, BodyKey(number));
    if (!old_body.ok()) return old_body.status();
    ArticleBody old;
    if (!old_header->has_value() || !old_body->has_value() || !DecodeBody(**old_body, &old)) {
      return Status::Corrupt("article " + article.id + " is stored incompletely; run check");
    }
    const ArticleHeader& oh = **old_header;
    // An unknown hash (0) never matches: such a record is always rewritten.
    if (oh.content_hash != 0 && oh.content_hash == header.content_hash) {
      return crawl.empty() ? Status::Ok() : WriteCrawlImpl(crawl);
    }
    AddArticleCounts(oh, old, -1, &deltas);
    ForEachIndexRow(number, oh, old, [&](const std::string& key, const std::string&) {
      batch.Delete(handle(Cf::kMentions), key);
    });
    for (uint32_t i = 0; i < oh.snippet_count; ++i) {
      batch.Delete(handle(Cf::kArticles), SnippetKey(number, i));
    }
  } else {
    if (next_article_ == UINT32_MAX) return Status::Internal("article numbers exhausted");
    number = next_article_;
    std::string encoded;
    PutVarint(&encoded, number);
    batch.Put(handle(Cf::kArticles), ArticleIdKey(article.id), encoded);
    batch.Put(handle(Cf::kDefault), kNextArticleKey, EncodeCount(int64_t{number} + 1));
  }

  batch.Put(handle(Cf::kArticles), HeaderKey(number), EncodeHeader(header));
  batch.Put(handle(Cf::kArticles), BodyKey(number), EncodeBody(body));
  for (size_t i = 0; i < snippets.size(); ++i) {
    batch.Put(handle(Cf::kArticles), SnippetKey(number, static_cast<uint32_t>(i)), snippets[i]);
  }
  // Deletes of old rows come first in the batch, so a row both deleted and rewritten (an
  // unchanged mention) ends up present.
  ForEachIndexRow(number, header, body, [&](const std::string& key, const std::string& value) {
    batch.Put(handle(Cf::kMentions), key, value);
  });
  // The entity record names the entity for display; the latest article's spelling wins.
  std::map<std::string, const std::string*> entities;
  for (const MentionRecord& m : body.mentions) entities[EntityKey(m.key, m.type)] = &m.canonical;
  for (const auto& [key, canonical] : entities) batch.Put(handle(Cf::kEntities), key, *canonical);
  AddArticleCounts(header, body, +1, &deltas);
  for (const auto& [key, delta] : deltas) {
    if (delta != 0) batch.Merge(handle(Cf::kCounters), key, EncodeCount(delta));
  }

  AddCrawl(crawl, &batch);

  rocksdb::Status s = db_->Write(rocksdb::WriteOptions(), &batch);
  if (!s.ok()) return Status::Io("cannot write article " + article.id + ": " + s.ToString());
  if (!replacing) ++next_article_;
  return Status::Ok();
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
    if (!it->status().ok()) return Status::Io("cannot read crawl state: " + it->status().ToString());
    return Status::Ok();
  });
}

Result<std::optional<ArticleRecord>> RocksStore::GetArticle(const std::string& id) {
  return Guard("get", [&] { return GetArticleImpl(id); });
}

Result<std::optional<ArticleRecord>> RocksStore::GetArticleImpl(const std::string& id) {
  // One snapshot: a concurrent replacement must not mix two versions of the article.
  const rocksdb::Snapshot* snapshot = db_->GetSnapshot();
  struct Release {
    rocksdb::DB* db;
    const rocksdb::Snapshot* s;
    ~Release() { db->ReleaseSnapshot(s); }
  } release{db_.get(), snapshot};
  Result<std::optional<std::string>> number_raw = Get(Cf::kArticles, ArticleIdKey(id), snapshot);
  if (!number_raw.ok()) return number_raw.status();
  if (!number_raw->has_value()) return std::optional<ArticleRecord>();
  uint32_t number;
  Reader r(**number_raw);
  if (!r.Varint32(&number)) return Status::Corrupt("bad article number stored for " + id);
  Result<std::optional<ArticleHeader>> header = GetHeader(number, snapshot);
  if (!header.ok()) return header.status();
  Result<std::optional<std::string>> body_raw = Get(Cf::kArticles, BodyKey(number), snapshot);
  if (!body_raw.ok()) return body_raw.status();
  ArticleBody body;
  if (!header->has_value() || !body_raw->has_value() || !DecodeBody(**body_raw, &body)) {
    return Status::Corrupt("article " + id + " is stored incompletely");
  }
  const ArticleHeader& h = **header;
  std::vector<std::string> snippets(h.snippet_count);
  for (uint32_t i = 0; i < h.snippet_count; ++i) {
    Result<std::optional<std::string>> s = Get(Cf::kArticles, SnippetKey(number, i), snapshot);
    if (!s.ok()) return s.status();
    snippets[i] = s->value_or(std::string());
  }
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
