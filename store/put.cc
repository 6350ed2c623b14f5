// Writing articles: PutArticle and PutArticles stage every article of a call into one
// WriteBatch, so a call lands wholly or not at all.
//
// Batching many articles into one write is what makes ingest fast: RocksDB pays its
// per-write costs (write-ahead log record, write group, memtable bookkeeping) once, and the
// counter deltas of all the articles are summed before they are merged, so a frequent
// entity's counters get one merge operand a batch instead of one an article.
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <array>
#include <span>
#include <string_view>
#include <unordered_map>

#include "store/counters.h"
#include "store/dates.h"
#include "store/guard.h"
#include "store/keys.h"
#include "store/rocks_store.h"
#include "store/rows.h"

namespace byline::store::internal {
namespace {

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
// repeated keys. Articles hold tens of mentions, so linear searches beat maps here.
void Normalize(const ArticleRecord& a, StoredArticle* out);

// Batch operations collected per column family and handed to RocksDB in key order. The
// memtable is a skip list that remembers where its last insert went: keys in order make each
// insert a short step from the previous one, where keys in article order each pay a full
// descent with cache misses (that descent was a third of ingest time).
class SortedBatch {
 public:
  void Put(Cf cf, std::string_view key, std::string_view value) { Add(cf, key, value, Kind::kPut); }
  void Delete(Cf cf, std::string_view key) { Add(cf, key, {}, Kind::kDelete); }
  void Merge(Cf cf, std::string_view key, std::string_view value) {
    Add(cf, key, value, Kind::kMerge);
  }
  bool empty() const {
    return std::all_of(ops_.begin(), ops_.end(), [](const auto& v) { return v.empty(); });
  }

  // Appends every operation to `batch`, column family by column family, in key order. The
  // sort is stable: for one key, a delete staged before a put stays before it.
  template <typename Handle>
  void AppendTo(rocksdb::WriteBatch* batch, Handle&& handle) {
    for (size_t i = 0; i < ops_.size(); ++i) {
      std::vector<Op>& v = ops_[i];
      std::stable_sort(v.begin(), v.end(),
                       [&](const Op& a, const Op& b) { return key(a) < key(b); });
      rocksdb::ColumnFamilyHandle* cf = handle(static_cast<Cf>(i));
      for (const Op& op : v) {
        const rocksdb::Slice k(bytes_.data() + op.offset, op.key_size);
        const rocksdb::Slice value(bytes_.data() + op.offset + op.key_size, op.value_size);
        switch (op.kind) {
          case Kind::kPut:
            batch->Put(cf, k, value);
            break;
          case Kind::kDelete:
            batch->Delete(cf, k);
            break;
          case Kind::kMerge:
            batch->Merge(cf, k, value);
            break;
        }
      }
    }
  }
  // Bytes of keys and values staged, and operations: what the WriteBatch will hold.
  size_t bytes() const { return bytes_.size(); }
  size_t ops() const {
    size_t n = 0;
    for (const auto& v : ops_) n += v.size();
    return n;
  }

 private:
  enum class Kind : uint8_t { kPut, kDelete, kMerge };
  // Keys and values live in one buffer: a batch of a thousand articles has ~100,000 of them,
  // and a string each made allocation the largest cost of staging.
  struct Op {
    size_t offset;
    uint32_t key_size, value_size;
    Kind kind;
  };
  void Add(Cf cf, std::string_view key, std::string_view value, Kind kind) {
    ops_[static_cast<size_t>(cf)].push_back({bytes_.size(), static_cast<uint32_t>(key.size()),
                                             static_cast<uint32_t>(value.size()), kind});
    bytes_.append(key);
    bytes_.append(value);
  }
  std::string_view key(const Op& op) const { return {bytes_.data() + op.offset, op.key_size}; }

  std::string bytes_;
  std::array<std::vector<Op>, static_cast<size_t>(Cf::kLast) + 1> ops_;
};

}  // namespace

struct StoredArticle {
  uint32_t number = 0;
  ArticleHeader header;
  ArticleBody body;
  std::vector<std::string> snippets;
};

namespace {

void Normalize(const ArticleRecord& a, StoredArticle* out) {
  ArticleHeader* header = &out->header;
  ArticleBody* body = &out->body;
  std::vector<std::string>* snippets = &out->snippets;
  header->id = a.id;
  header->url = a.url;
  header->title = a.title;
  header->site = a.site;
  header->published = a.published;
  header->language = a.language;
  header->authors = a.authors;
  header->content_hash = a.content_hash;
  header->timestamp = std::min(*ParseTimestamp(a.published), kMaxTimestamp);
  body->mentions.reserve(a.mentions.size());
  body->snippet_index.reserve(a.mentions.size());
  for (const MentionRecord& m : a.mentions) {
    const bool repeated =
        std::any_of(body->mentions.begin(), body->mentions.end(), [&](const MentionRecord& s) {
          return s.start == m.start && s.type == m.type && s.key == m.key;
        });
    if (repeated) continue;
    int32_t index = -1;
    if (!m.snippet.empty()) {
      auto it = std::find(snippets->begin(), snippets->end(), m.snippet);
      if (it == snippets->end()) it = snippets->insert(snippets->end(), m.snippet);
      index = static_cast<int32_t>(it - snippets->begin());
    }
    MentionRecord& stored = body->mentions.emplace_back();
    stored.type = m.type;
    stored.surface = m.surface;
    stored.canonical = m.canonical;
    stored.key = m.key;
    stored.start = m.start;
    stored.end = m.end;
    stored.sentence = m.sentence;
    if (m.type == EntityType::kMoney) {
      stored.value = m.value;
      stored.value_max = m.value_max;
      stored.currency = m.currency;
      stored.approximate = m.approximate;
      for (const std::string& k : m.linked_keys) {
        if (!k.empty() && std::find(stored.linked_keys.begin(), stored.linked_keys.end(), k) ==
                              stored.linked_keys.end()) {
          stored.linked_keys.push_back(k);
        }
      }
    }
    body->snippet_index.push_back(index);
  }
  header->mention_count = static_cast<uint32_t>(body->mentions.size());
  header->snippet_count = static_cast<uint32_t>(snippets->size());
}

}  // namespace

// What one PutArticles call writes, staged article by article.
class RocksStore::Staging {
 public:
  explicit Staging(RocksStore* store)
      : store_(store), next_(store->next_article_), next_entity_(store->next_entity_) {}

  // Stages one article; a record replaces the stored one, or one staged earlier in the call.
  Status Add(const ArticleRecord& article) {
    StoredArticle fresh;
    Normalize(article, &fresh);
    std::optional<StoredArticle> old_storage;
    if (auto it = staged_.find(article.id); it != staged_.end()) {
      // Staged earlier in this call (rare): normalise that record again rather than keep a
      // copy of every article of the batch.
      Normalize(*it->second.first, &old_storage.emplace());
      old_storage->number = it->second.second;
    } else {
      Status read = ReadStored(article.id, &old_storage);
      if (!read.ok()) return read;
    }
    const StoredArticle* old = old_storage ? &*old_storage : nullptr;
    if (old != nullptr) {
      // An unknown hash (0) never matches: such a record is always rewritten.
      if (old->header.content_hash != 0 && old->header.content_hash == fresh.header.content_hash) {
        return Status::Ok();
      }
      fresh.number = old->number;
      const std::vector<TableEntry> old_entries = TableEntries(old->body);
      std::vector<uint32_t> old_ids;
      old_ids.reserve(old_entries.size());
      for (const TableEntry& e : old_entries) {
        Result<uint32_t> id = KnownId(*e.first);
        if (!id.ok()) return id.status();
        old_ids.push_back(*id);
      }
      AddArticleCounts(old->header, old->body, old_entries, old_ids, -1, &deltas_);
      // Deletes of old rows come first, so a row both deleted and rewritten (an unchanged
      // posting) ends up present.
      ForEachIndexRow(
          old->number, old->header, old->body, old_entries, {},
          [&](const std::string& key, const std::string&) { batch_.Delete(Cf::kMentions, key); });
      if (old->header.snippet_count > 0) batch_.Delete(Cf::kSnippets, SnippetsKey(old->number));
    } else {
      if (next_ == UINT32_MAX) return Status::Internal("article numbers exhausted");
      fresh.number = next_++;
      std::string encoded;
      PutVarint(&encoded, fresh.number);
      batch_.Put(Cf::kIds, ArticleIdKey(article.id), encoded);
    }
    const uint32_t number = fresh.number;
    std::string snippets;
    batch_.Put(Cf::kArticles, ArticleRecordKey(number),
               EncodeRecord(fresh.header, fresh.body, fresh.snippets, &snippets));
    if (!fresh.snippets.empty()) batch_.Put(Cf::kSnippets, SnippetsKey(number), snippets);
    const std::vector<TableEntry> entries = TableEntries(fresh.body);
    std::vector<uint32_t> ids;
    ids.reserve(entries.size());
    for (const TableEntry& e : entries) {
      // The entity record names the entity for display: the spelling of its last mention in
      // the latest article wins.
      const uint32_t last = *std::max_element(e.mentions.begin(), e.mentions.end());
      Result<uint32_t> id = EntityId(*e.first, fresh.body.mentions[last].canonical);
      if (!id.ok()) return id.status();
      ids.push_back(*id);
    }
    ForEachIndexRow(number, fresh.header, fresh.body, entries, ids,
                    [&](const std::string& key, const std::string& value) {
                      batch_.Put(Cf::kMentions, key, value);
                    });
    AddArticleCounts(fresh.header, fresh.body, entries, ids, +1, &deltas_);
    staged_[article.id] = {&article, number};
    return Status::Ok();
  }

  Status Write(const CrawlWrite& crawl) {
    if (next_ != store_->next_article_) {
      batch_.Put(Cf::kDefault, kNextArticleKey, EncodeCount(int64_t{next_}));
    }
    if (next_entity_ != store_->next_entity_) {
      batch_.Put(Cf::kDefault, kNextEntityKey, EncodeCount(int64_t{next_entity_}));
    }
    for (const auto& [key, entry] : entities_) {
      batch_.Put(Cf::kEntities, key, EncodeEntityRecord(entry.name.id, entry.name.canonical));
      if (entry.created) {
        // "n key \0 type": the id row names the entity back by type and key.
        std::string named(1, key.back());
        named.append(key, 1, key.size() - 3);
        batch_.Put(Cf::kEntities, EntityIdKey(entry.name.id), named);
      }
    }
    // Deltas come in key order, so the entries of one packed row (its key, then an entity id)
    // are adjacent and by ascending id: gathered into one operand.
    std::string row;
    std::vector<PackedEntry> packed;
    std::string operand;
    const auto flush_row = [&] {
      if (!packed.empty()) {
        operand.clear();
        EncodePacked(packed, &operand);
        batch_.Merge(Cf::kCounters, row, operand);
        packed.clear();
      }
    };
    deltas_.ForEach([&](std::string_view key, int64_t delta) {
      if (delta == 0) return;
      if (!IsPackedCounter(key[0])) {
        batch_.Merge(Cf::kCounters, key, EncodeCount(delta));
        return;
      }
      const std::string_view prefix = key.substr(0, key.size() - 4);
      if (prefix != row) {
        flush_row();
        row.assign(prefix);
      }
      packed.emplace_back(ReadBE32(key.substr(key.size() - 4)), delta);
    });
    flush_row();
    if (batch_.empty() && crawl.empty()) return Status::Ok();
    // Reserved up front: growing a batch of megabytes by doubling copies it over and over.
    rocksdb::WriteBatch batch(batch_.bytes() + batch_.ops() * 16 + 1024);
    batch_.AppendTo(&batch, [&](Cf cf) { return store_->handle(cf); });
    store_->AddCrawl(crawl, &batch);
    rocksdb::Status s = store_->db_->Write(rocksdb::WriteOptions(), &batch);
    if (!s.ok()) return Status::Io("cannot write articles: " + s.ToString());
    store_->next_article_ = next_;
    store_->next_entity_ = next_entity_;
    for (auto& [key, entry] : entities_) store_->entity_cache_[key] = std::move(entry.name);
    return Status::Ok();
  }

 private:
  // The id of the mention's entity (key, type), created when new; a canonical name other
  // than the stored one is written with the batch.
  Result<uint32_t> EntityId(const MentionRecord& m, const std::string& canonical) {
    std::string key = EntityKey(m.key, m.type);
    if (auto it = entities_.find(key); it != entities_.end()) {
      it->second.name.canonical = canonical;
      return it->second.name.id;
    }
    Result<std::optional<EntityName>> known = store_->LookupEntity(key);
    if (!known.ok()) return known.status();
    if (known->has_value()) {
      const uint32_t id = (*known)->id;
      if ((*known)->canonical != canonical) entities_[std::move(key)] = {{id, canonical}, false};
      return id;
    }
    if (next_entity_ == UINT32_MAX) return Status::Internal("entity ids exhausted");
    const uint32_t id = next_entity_++;
    entities_[std::move(key)] = {{id, canonical}, true};
    return id;
  }

  // The id of an entity of a stored article: its counters are keyed by it.
  Result<uint32_t> KnownId(const MentionRecord& m) {
    std::string key = EntityKey(m.key, m.type);
    if (auto it = entities_.find(key); it != entities_.end()) return it->second.name.id;
    Result<std::optional<EntityName>> known = store_->LookupEntity(key);
    if (!known.ok()) return known.status();
    if (!known->has_value()) {
      return Status::Corrupt("a stored article names " + Printable(key) +
                             ", which has no entity record; run check");
    }
    return (*known)->id;
  }

  // The stored article with this id, or nullopt.
  Status ReadStored(const std::string& id, std::optional<StoredArticle>* out);

  using EntityName = RocksStore::EntityName;
  struct StagedEntity {
    EntityName name;
    bool created;  // new in this batch: its id row is written too
  };

  RocksStore* store_;
  uint32_t next_;
  uint32_t next_entity_;
  SortedBatch batch_;
  CounterDeltas deltas_;
  // Entity records to write: new entities and changed canonical names, by EntityKey.
  std::unordered_map<std::string, StagedEntity> entities_;
  // Articles staged so far: id -> (record, number). The records are the caller's, alive
  // until the call returns.
  std::unordered_map<std::string_view, std::pair<const ArticleRecord*, uint32_t>> staged_;
};

Status RocksStore::Staging::ReadStored(const std::string& id, std::optional<StoredArticle>* out) {
  Result<std::optional<std::string>> number_raw = store_->Get(Cf::kIds, ArticleIdKey(id));
  if (!number_raw.ok()) return number_raw.status();
  out->reset();
  if (!number_raw->has_value()) return Status::Ok();
  StoredArticle& stored = out->emplace();
  Reader r(**number_raw);
  if (!r.Varint32(&stored.number) || !r.done()) {
    return Status::Corrupt("bad article number stored for " + id);
  }
  RecordParts parts;
  Result<std::optional<std::string>> record = store_->GetRecord(stored.number, &parts);
  if (!record.ok()) return record.status();
  if (!record->has_value()) {
    return Status::Corrupt("article " + id + " is stored incompletely; run check");
  }
  if (!DecodeHeader(parts.header, &stored.header) ||
      !DecodeBody(parts.table, parts.mentions, &stored.body)) {
    return Status::Corrupt("undecodable record of article " + id + "; run check");
  }
  return Status::Ok();
}

Result<std::optional<RocksStore::EntityName>> RocksStore::LookupEntity(
    const std::string& entity_key) {
  if (auto it = entity_cache_.find(entity_key); it != entity_cache_.end()) {
    return std::optional<EntityName>(it->second);
  }
  Result<std::optional<std::string>> raw = Get(Cf::kEntities, entity_key);
  if (!raw.ok()) return raw.status();
  if (!raw->has_value()) return std::optional<EntityName>();
  EntityName name;
  if (!DecodeEntityRecord(**raw, &name.id, &name.canonical)) {
    return Status::Corrupt("undecodable entity record " + Printable(entity_key));
  }
  // A bound on the writer's memory: a few hundred bytes an entity.
  constexpr size_t kMaxCachedEntities = size_t{1} << 20;
  if (entity_cache_.size() >= kMaxCachedEntities) entity_cache_.clear();
  entity_cache_.emplace(entity_key, name);
  return std::optional<EntityName>(std::move(name));
}

Status RocksStore::PutArticle(const ArticleRecord& article, const CrawlWrite& crawl) {
  const ArticleRecord* one = &article;
  return Guard("put", [&] { return PutImpl(std::span(&one, 1), crawl); });
}

Status RocksStore::PutArticles(const std::vector<ArticleRecord>& articles,
                               const CrawlWrite& crawl) {
  std::vector<const ArticleRecord*> all;
  all.reserve(articles.size());
  for (const ArticleRecord& a : articles) all.push_back(&a);
  return PutArticles(all, crawl);
}

Status RocksStore::PutArticles(std::span<const ArticleRecord* const> articles,
                               const CrawlWrite& crawl) {
  return Guard("put", [&] { return PutImpl(articles, crawl); });
}

Status RocksStore::PutImpl(std::span<const ArticleRecord* const> articles,
                           const CrawlWrite& crawl) {
  if (read_only_) return Status::InvalidInput("the store is open read-only");
  for (const ArticleRecord* a : articles) {
    Status valid = Validate(*a);
    if (!valid.ok()) return valid;
  }
  // Replacement reads the old record and then writes the batch: one writer at a time, so no
  // other Put can slip between the read and the write.
  std::lock_guard<std::mutex> lock(write_mu_);
  Staging staging(this);
  for (const ArticleRecord* a : articles) {
    Status added = staging.Add(*a);
    if (!added.ok()) return added;
  }
  return staging.Write(crawl);
}

}  // namespace byline::store::internal
