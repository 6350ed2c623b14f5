// GetStats and Check: whole-database views. Check recounts by brute force on purpose: it must
// not trust the incremental counters it is checking.
#include <algorithm>
#include <filesystem>
#include <unordered_map>
#include <unordered_set>

#include "store/codec.h"
#include "store/counters.h"
#include "store/dates.h"
#include "store/guard.h"
#include "store/keys.h"
#include "store/rocks_store.h"
#include "store/rows.h"
#include "store/scan.h"

namespace byline::store::internal {
namespace {

// Check lists at most this many problems, then how many more it found.
constexpr size_t kMaxProblems = 1000;

class Problems {
 public:
  explicit Problems(std::vector<std::string>* out) : out_(out) {}
  ~Problems() {
    if (dropped_ > 0) out_->push_back("... and " + std::to_string(dropped_) + " more problems");
  }
  void Add(std::string problem) {
    if (added_++ < kMaxProblems) {
      out_->push_back(std::move(problem));
    } else {
      ++dropped_;
    }
  }

 private:
  std::vector<std::string>* out_;
  size_t added_ = 0, dropped_ = 0;
};

std::string Article(uint32_t number) { return "article #" + std::to_string(number); }

}  // namespace

Result<Stats> RocksStore::GetStats() {
  return Guard("stats", [&] { return GetStatsImpl(); });
}

Result<Stats> RocksStore::GetStatsImpl() {
  SnapshotHolder snapshot(db_.get());
  Stats stats;
  for (auto [name, field] :
       {std::pair{"articles", &stats.articles}, std::pair{"mentions", &stats.mentions}}) {
    Result<std::optional<std::string>> raw = Get(Cf::kCounters, GlobalKey(name), snapshot.get());
    if (!raw.ok()) return raw.status();
    int64_t n = 0;
    if (raw->has_value() && DecodeCount(**raw, &n) && n > 0) *field = static_cast<uint64_t>(n);
  }
  {
    PrefixScan scan(db_.get(), handle(Cf::kCounters), std::string(1, kTagEntityTotal),
                    snapshot.get());
    for (scan.SeekToFirst(); scan.Valid(); scan.Next()) {
      int64_t n = 0;
      if (DecodeCount(scan.value(), &n) && n > 0) ++stats.entities;
    }
    Status s = scan.status();
    if (!s.ok()) return s;
  }
  {
    // Days whose every article was replaced away keep a zero counter: skip those.
    PrefixScan scan(db_.get(), handle(Cf::kCounters), std::string(1, kTagTotalDay), snapshot.get());
    // Month rows ('t' BE32(month)): the first and the last day with a positive count, -1
    // when the row has none.
    int64_t first = -1, last = -1;
    const auto positive_days = [&] {
      first = last = -1;
      if (scan.rest().size() != 4) return;
      const uint32_t month = ReadBE32(scan.rest());
      ForEachPacked(scan.value(), [&](uint32_t offset, int64_t n) {
        if (n <= 0) return;
        if (first < 0) first = int64_t{month} + offset;
        last = int64_t{month} + offset;
      });
    };
    for (scan.SeekToFirst(); scan.Valid(); scan.Next()) {
      positive_days();
      if (first >= 0) {
        stats.first_day = FormatDay(static_cast<uint32_t>(first));
        break;
      }
    }
    for (scan.SeekToLast(); scan.Valid(); scan.Prev()) {
      positive_days();
      if (last >= 0) {
        stats.last_day = FormatDay(static_cast<uint32_t>(last));
        break;
      }
    }
    Status s = scan.status();
    if (!s.ok()) return s;
  }
  for (const auto& h : handles_) {
    uint64_t bytes = 0;
    if (h && db_->GetIntProperty(h.get(), "rocksdb.total-sst-files-size", &bytes)) {
      stats.table_bytes.emplace_back(h->GetName(), bytes);
    }
  }
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir_, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code size_ec;
    if (it->is_regular_file(size_ec)) {
      const uintmax_t size = it->file_size(size_ec);
      if (!size_ec) stats.bytes_on_disk += size;
    }
  }
  return stats;
}

Status RocksStore::Check(std::vector<std::string>* problems) {
  return Guard("check", [&] { return CheckImpl(problems); });
}

Status RocksStore::CheckImpl(std::vector<std::string>* problem_list) {
  SnapshotHolder holder(db_.get());
  const rocksdb::Snapshot* snapshot = holder.get();
  Problems problems(problem_list);
  // The recount: deltas of a stretch of articles, summed into `expected` now and then.
  CounterDeltas recount;
  std::unordered_map<std::string, int64_t> expected;
  const auto fold = [&] {
    recount.ForEach([&](std::string_view key, int64_t n) { expected[std::string(key)] += n; });
    recount.Clear();
  };
  std::unordered_map<char, uint64_t> expected_rows;  // by tag
  std::unordered_set<uint32_t> with_snippets;        // articles that own a snippets row

  int64_t next_article = 0;
  {
    Result<std::optional<std::string>> raw = Get(Cf::kDefault, kNextArticleKey, snapshot);
    if (!raw.ok()) return raw.status();
    if (raw->has_value() && !DecodeCount(**raw, &next_article)) {
      problems.Add("the next-article number is undecodable");
    }
  }

  // The entity dictionary: every record's id row names it back, and every id row names a
  // record with its id, so ids and entities match one to one.
  {
    int64_t next_entity = 0;
    Result<std::optional<std::string>> raw = Get(Cf::kDefault, kNextEntityKey, snapshot);
    if (!raw.ok()) return raw.status();
    if (raw->has_value() && !DecodeCount(**raw, &next_entity)) {
      problems.Add("the next-entity number is undecodable");
    }
    PrefixScan records(db_.get(), handle(Cf::kEntities), std::string(1, kTagEntity), snapshot);
    for (records.SeekToFirst(); records.Valid(); records.Next()) {
      const std::string key(records.key());
      uint32_t id;
      std::string canonical;
      if (key.size() < 3 || key[key.size() - 2] != '\0' ||
          !DecodeEntityRecord(records.value(), &id, &canonical)) {
        problems.Add("entity record " + Printable(key) + ": undecodable");
        continue;
      }
      if (id >= next_entity) problems.Add("entity record " + Printable(key) + ": id beyond next");
      Result<std::optional<std::string>> named = Get(Cf::kEntities, EntityIdKey(id), snapshot);
      if (!named.ok()) return named.status();
      const std::string want = key.back() + key.substr(1, key.size() - 3);
      if (!named->has_value() || **named != want) {
        problems.Add("entity record " + Printable(key) + ": its id row names another entity");
      }
    }
    Status s = records.status();
    if (!s.ok()) return s;
    PrefixScan ids(db_.get(), handle(Cf::kEntities), std::string(1, kTagEntityId), snapshot);
    for (ids.SeekToFirst(); ids.Valid(); ids.Next()) {
      const std::string named(ids.value());
      if (ids.rest().size() != 4 || named.empty() || !ValidType(static_cast<uint8_t>(named[0]))) {
        problems.Add("entity id row " + Printable(ids.key()) + ": malformed");
        continue;
      }
      Result<std::optional<std::string>> record = Get(
          Cf::kEntities, EntityKey(named.substr(1), static_cast<EntityType>(named[0])), snapshot);
      if (!record.ok()) return record.status();
      uint32_t id;
      std::string canonical;
      if (!record->has_value() || !DecodeEntityRecord(**record, &id, &canonical) ||
          id != ReadBE32(ids.rest())) {
        problems.Add("entity id row " + Printable(ids.key()) + " names no entity with its id");
      }
    }
    s = ids.status();
    if (!s.ok()) return s;
  }

  // Article ids name existing articles, and the articles name them back.
  {
    PrefixScan scan(db_.get(), handle(Cf::kIds), std::string(1, kTagArticleId), snapshot);
    for (scan.SeekToFirst(); scan.Valid(); scan.Next()) {
      const std::string id(scan.rest());
      uint32_t number;
      Reader r(scan.value());
      if (!r.Varint32(&number) || !r.done()) {
        problems.Add("article id " + Printable(id) + ": undecodable number");
        continue;
      }
      Result<std::optional<ArticleHeader>> h = GetHeader(number, snapshot);
      if (!h.ok()) {
        problems.Add("article id " + Printable(id) + ": " + h.status().message());
      } else if (!h->has_value()) {
        problems.Add("article id " + Printable(id) + " names " + Article(number) +
                     ", which does not exist");
      } else if ((*h)->id != id) {
        problems.Add("article id " + Printable(id) + " names " + Article(number) + ", which is " +
                     Printable((*h)->id));
      }
    }
    Status s = scan.status();
    if (!s.ok()) return s;
  }

  // Every article: its id, record and index rows; its counts go into the recount.
  {
    PrefixScan scan(db_.get(), handle(Cf::kArticles), std::string(), snapshot);
    for (scan.SeekToFirst(); scan.Valid(); scan.Next()) {
      if (scan.key().size() != 5 || scan.key()[0] != kTagArticle) {
        problems.Add("malformed article key " + Printable(scan.key()));
        continue;
      }
      const uint32_t number = ReadBE32(scan.key().substr(1));
      RecordParts parts;
      ArticleHeader header;
      if (!SplitRecord(scan.value(), &parts) || !DecodeHeader(parts.header, &header)) {
        problems.Add(Article(number) + ": undecodable record");
        continue;
      }
      const std::string name = Article(number) + " (" + Printable(header.id) + ")";
      if (number >= next_article) problems.Add(name + ": number beyond the next-article number");
      Result<std::optional<std::string>> id = Get(Cf::kIds, ArticleIdKey(header.id), snapshot);
      if (!id.ok()) return id.status();
      uint32_t named = 0;
      if (!id->has_value()) {
        problems.Add(name + ": no id row");
      } else if (Reader r(**id); !r.Varint32(&named) || named != number) {
        problems.Add(name + ": its id row names another article");
      }
      ArticleBody body;
      if (!DecodeBody(parts.table, parts.mentions, &body)) {
        problems.Add(name + ": undecodable mention list or entity table");
        continue;
      }
      if (body.mentions.size() != header.mention_count) {
        problems.Add(name + ": header says " + std::to_string(header.mention_count) +
                     " mentions, record holds " + std::to_string(body.mentions.size()));
      }
      for (int32_t index : body.snippet_index) {
        if (index >= static_cast<int64_t>(header.snippet_count)) {
          problems.Add(name + ": a mention names snippet " + std::to_string(index) + " of " +
                       std::to_string(header.snippet_count));
        }
      }
      {
        Result<std::optional<std::string>> stored =
            Get(Cf::kSnippets, SnippetsKey(number), snapshot);
        if (!stored.ok()) return stored.status();
        std::vector<std::string> snippets;
        if (header.snippet_count > 0) with_snippets.insert(number);
        if (!stored->has_value()) {
          if (header.snippet_count > 0) problems.Add(name + ": snippets row missing");
        } else if (header.snippet_count == 0) {
          problems.Add(name + ": a snippets row, but the header says it has none");
        } else if (!DecodeSnippets(**stored, body, &snippets)) {
          problems.Add(name + ": undecodable snippets");
        } else if (snippets.size() != header.snippet_count) {
          problems.Add(name + ": header says " + std::to_string(header.snippet_count) +
                       " snippets, " + std::to_string(snippets.size()) + " stored");
        }
      }
      // The postings' values and the counter keys name the article's entities by their ids:
      // from the dictionary.
      const std::vector<TableEntry> entries = TableEntries(body);
      std::vector<uint32_t> ids;
      for (const TableEntry& e : entries) {
        const std::string entity_key = EntityKey(e.first->key, e.first->type);
        Result<std::optional<std::string>> raw = Get(Cf::kEntities, entity_key, snapshot);
        if (!raw.ok()) return raw.status();
        uint32_t id;
        std::string canonical;
        if (!raw->has_value() || !DecodeEntityRecord(**raw, &id, &canonical)) {
          problems.Add(name + ": no entity record for " + Printable(entity_key));
          ids.clear();
          break;
        }
        ids.push_back(id);
      }
      const bool all_named = ids.size() == entries.size();
      // An article with an unnamed entity is reported above; its counters are not recounted
      // (every one of them would be reported again).
      if (all_named) AddArticleCounts(header, body, entries, ids, +1, &recount);
      if (recount.size() > (size_t{1} << 20)) fold();
      Status failed;
      ForEachIndexRow(
          number, header, body, entries, ids,
          [&](const std::string& key, const std::string& value) {
            ++expected_rows[key[0]];
            Result<std::optional<std::string>> row = Get(Cf::kMentions, key, snapshot);
            if (!row.ok()) {
              failed = row.status();
            } else if (!row->has_value()) {
              problems.Add(name + ": index row missing: " + Printable(key));
            } else if (**row != value &&
                       (all_named || (key[0] != kTagMention && key[0] != kTagCoEntities))) {
              problems.Add(name + ": index row differs from the article: " + Printable(key));
            }
          });
      if (!failed.ok()) return failed;
    }
    Status s = scan.status();
    if (!s.ok()) return s;
  }

  // Every snippets row belongs to an article with snippets.
  {
    PrefixScan scan(db_.get(), handle(Cf::kSnippets), std::string(), snapshot);
    for (scan.SeekToFirst(); scan.Valid(); scan.Next()) {
      if (scan.key().size() != 5 || scan.key()[0] != kTagSnippets) {
        problems.Add("malformed snippets key " + Printable(scan.key()));
      } else if (const uint32_t n = ReadBE32(scan.key().substr(1)); !with_snippets.count(n)) {
        problems.Add("snippets row of " + Article(n) + ", which does not exist or has no snippets");
      }
    }
    Status s = scan.status();
    if (!s.ok()) return s;
  }

  // Every index row names an existing article; with the probes above and equal row counts,
  // the index rows are exactly the rows the articles own.
  {
    std::unordered_map<char, uint64_t> rows;
    std::unordered_map<uint32_t, bool> exists;
    PrefixScan scan(db_.get(), handle(Cf::kMentions), std::string(), snapshot);
    for (scan.SeekToFirst(); scan.Valid(); scan.Next()) {
      MentionKeyParts parts;
      if (scan.key().size() == 5 && scan.key()[0] == kTagCoEntities) {
        parts.tag = kTagCoEntities;
        parts.article = ReadBE32(scan.key().substr(1));
      } else if (!ParseMentionKey(scan.key(), &parts) ||
                 (parts.tag != kTagMention && parts.tag != kTagMoney)) {
        problems.Add("malformed mention key " + Printable(scan.key()));
        continue;
      }
      ++rows[parts.tag];
      auto it = exists.find(parts.article);
      if (it == exists.end()) {
        if (exists.size() > 100000) exists.clear();
        Result<std::optional<std::string>> h =
            Get(Cf::kArticles, ArticleRecordKey(parts.article), snapshot);
        if (!h.ok()) return h.status();
        it = exists.emplace(parts.article, h->has_value()).first;
      }
      if (!it->second) {
        problems.Add("mention row " + Printable(scan.key()) + " names " + Article(parts.article) +
                     ", which does not exist");
      }
    }
    Status s = scan.status();
    if (!s.ok()) return s;
    for (char tag : {kTagMention, kTagMoney, kTagCoEntities}) {
      if (rows[tag] != expected_rows[tag]) {
        problems.Add(std::string(tag == kTagMention ? "mention"
                                 : tag == kTagMoney ? "money"
                                                    : "co-entity") +
                     " index holds " + std::to_string(rows[tag]) + " rows; the articles own " +
                     std::to_string(expected_rows[tag]));
      }
    }
  }

  // Counters against the recount. A stored zero equals an absent counter. Messages name the
  // entity of a counter keyed by id.
  const auto counter = [&](const std::string& key) {
    std::string out = "counter " + Printable(key);
    size_t at = std::string::npos;  // offset of the BE32 entity id
    if (key.size() >= 9) {
      if (key[0] == kTagEntityDay) {
        at = 1;
      } else if (key[0] == kTagTopDay || key[0] == kTagSiteTopDay || key[0] == kTagTopMonth) {
        at = key.size() - 4;
      }
    }
    if (at == std::string::npos) return out;
    const uint32_t id = ReadBE32(std::string_view(key).substr(at));
    Result<std::optional<std::string>> named = Get(Cf::kEntities, EntityIdKey(id), snapshot);
    out += " (entity " + std::to_string(id);
    if (named.ok() && named->has_value() && !(*named)->empty()) {
      out += ": " + Printable(std::string_view(**named).substr(1));
    }
    return out + ")";
  };
  {
    fold();
    PrefixScan scan(db_.get(), handle(Cf::kCounters), std::string(), snapshot);
    const auto compare = [&](const std::string& key, int64_t stored) {
      auto it = expected.find(key);
      const int64_t want = it == expected.end() ? 0 : it->second;
      if (stored != want) {
        problems.Add(counter(key) + ": stored " + std::to_string(stored) + ", recount " +
                     std::to_string(want));
      }
      if (it != expected.end()) expected.erase(it);
    };
    for (scan.SeekToFirst(); scan.Valid(); scan.Next()) {
      const std::string key(scan.key());
      if (!key.empty() && IsPackedCounter(key[0])) {
        // A packed row is checked entry by entry, as the counter row + BE32(id) it stands for.
        std::string entry_key;
        const bool decoded = ForEachPacked(scan.value(), [&](uint32_t id, int64_t stored) {
          entry_key = key;
          AppendBE32(&entry_key, id);
          compare(entry_key, stored);
        });
        if (!decoded) problems.Add("counter row " + Printable(key) + ": undecodable");
        continue;
      }
      int64_t stored;
      if (!DecodeCount(scan.value(), &stored)) {
        problems.Add(counter(key) + ": undecodable value");
        continue;
      }
      compare(key, stored);
    }
    Status s = scan.status();
    if (!s.ok()) return s;
    std::vector<std::pair<std::string, int64_t>> missing;
    for (const auto& [key, want] : expected) {
      if (want != 0) missing.emplace_back(key, want);
    }
    std::sort(missing.begin(), missing.end());  // a report in key order
    for (const auto& [key, want] : missing) {
      problems.Add(counter(key) + ": missing, recount " + std::to_string(want));
    }
  }
  return Status::Ok();
}

}  // namespace byline::store::internal
