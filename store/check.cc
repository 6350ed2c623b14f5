// GetStats and Check: whole-database views. Check recounts by brute force on purpose: it must
// not trust the incremental counters it is checking.
#include <algorithm>
#include <filesystem>
#include <unordered_map>

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
    for (scan.SeekToFirst(); scan.Valid(); scan.Next()) {
      int64_t n = 0;
      if (scan.rest().size() == 4 && DecodeCount(scan.value(), &n) && n > 0) {
        stats.first_day = FormatDay(ReadBE32(scan.rest()));
        break;
      }
    }
    for (scan.SeekToLast(); scan.Valid(); scan.Prev()) {
      int64_t n = 0;
      if (scan.rest().size() == 4 && DecodeCount(scan.value(), &n) && n > 0) {
        stats.last_day = FormatDay(ReadBE32(scan.rest()));
        break;
      }
    }
    Status s = scan.status();
    if (!s.ok()) return s;
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
  CounterDeltas expected;
  std::unordered_map<char, uint64_t> expected_rows;  // by tag

  int64_t next_article = 0;
  {
    Result<std::optional<std::string>> raw = Get(Cf::kDefault, kNextArticleKey, snapshot);
    if (!raw.ok()) return raw.status();
    if (raw->has_value() && !DecodeCount(**raw, &next_article)) {
      problems.Add("the next-article number is undecodable");
    }
  }

  // Article ids name existing articles, and the articles name them back.
  {
    PrefixScan scan(db_.get(), handle(Cf::kArticles), std::string(1, kTagArticleId), snapshot);
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

  // Every article: its id, body, snippets and index rows; its counts go into the recount.
  {
    PrefixScan scan(db_.get(), handle(Cf::kArticles), std::string(1, kTagHeader), snapshot);
    for (scan.SeekToFirst(); scan.Valid(); scan.Next()) {
      if (scan.rest().size() != 4) {
        problems.Add("malformed header key " + Printable(scan.key()));
        continue;
      }
      const uint32_t number = ReadBE32(scan.rest());
      ArticleHeader header;
      if (!DecodeHeader(scan.value(), &header)) {
        problems.Add(Article(number) + ": undecodable header");
        continue;
      }
      const std::string name = Article(number) + " (" + Printable(header.id) + ")";
      if (number >= next_article) problems.Add(name + ": number beyond the next-article number");
      Result<std::optional<std::string>> id = Get(Cf::kArticles, ArticleIdKey(header.id), snapshot);
      if (!id.ok()) return id.status();
      uint32_t named = 0;
      if (!id->has_value()) {
        problems.Add(name + ": no id row");
      } else if (Reader r(**id); !r.Varint32(&named) || named != number) {
        problems.Add(name + ": its id row names another article");
      }
      Result<std::optional<ArticleBody>> stored_body = GetBody(number, snapshot);
      if (!stored_body.ok() && stored_body.status().code() != Status::Code::kCorrupt) {
        return stored_body.status();
      }
      if (!stored_body.ok()) {
        problems.Add(name + ": undecodable mentions record");
        continue;
      }
      if (!stored_body->has_value()) {
        problems.Add(name + ": no mentions record (or no entity table)");
        continue;
      }
      const ArticleBody& body = **stored_body;
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
        Result<std::optional<std::string>> raw_snippets =
            Get(Cf::kArticles, SnippetKey(number), snapshot);
        if (!raw_snippets.ok()) return raw_snippets.status();
        std::vector<std::string> snippets;
        if (raw_snippets->has_value() && !DecodeSnippets(**raw_snippets, &snippets)) {
          problems.Add(name + ": undecodable snippets");
        } else if (snippets.size() != header.snippet_count) {
          problems.Add(name + ": header says " + std::to_string(header.snippet_count) +
                       " snippets, " + std::to_string(snippets.size()) + " stored");
        }
      }
      AddArticleCounts(header, body, +1, &expected);
      Status failed;
      ForEachIndexRow(number, header, body, [&](const std::string& key, const std::string& value) {
        ++expected_rows[key[0]];
        Result<std::optional<std::string>> row = Get(Cf::kMentions, key, snapshot);
        if (!row.ok()) {
          failed = row.status();
        } else if (!row->has_value()) {
          problems.Add(name + ": index row missing: " + Printable(key));
        } else if (**row != value) {
          problems.Add(name + ": index row differs from the article: " + Printable(key));
        }
      });
      if (!failed.ok()) return failed;
    }
    Status s = scan.status();
    if (!s.ok()) return s;
  }

  // Bodies and snippets without their article.
  for (char tag : {kTagBody, kTagTable, kTagSnippet}) {
    PrefixScan scan(db_.get(), handle(Cf::kArticles), std::string(1, tag), snapshot);
    for (scan.SeekToFirst(); scan.Valid(); scan.Next()) {
      if (scan.rest().size() < 4) {
        problems.Add("malformed key " + Printable(scan.key()));
        continue;
      }
      const uint32_t number = ReadBE32(scan.rest());
      Result<std::optional<ArticleHeader>> h = GetHeader(number, snapshot);
      if (!h.ok()) continue;  // reported above
      if (!h->has_value()) {
        problems.Add("row " + Printable(scan.key()) + " of " + Article(number) +
                     ", which does not exist");
      } else if (scan.rest().size() != 4) {
        problems.Add("malformed key " + Printable(scan.key()));
      } else if (tag == kTagSnippet && (*h)->snippet_count == 0) {
        problems.Add("stray snippet row " + Printable(scan.key()));
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
      if (!ParseMentionKey(scan.key(), &parts) ||
          (parts.tag != kTagMention && parts.tag != kTagMoney)) {
        problems.Add("malformed mention key " + Printable(scan.key()));
        continue;
      }
      ++rows[parts.tag];
      auto it = exists.find(parts.article);
      if (it == exists.end()) {
        if (exists.size() > 100000) exists.clear();
        Result<std::optional<std::string>> h =
            Get(Cf::kArticles, HeaderKey(parts.article), snapshot);
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
    for (char tag : {kTagMention, kTagMoney}) {
      if (rows[tag] != expected_rows[tag]) {
        problems.Add(std::string(tag == kTagMention ? "mention" : "money") + " index holds " +
                     std::to_string(rows[tag]) + " rows; the articles own " +
                     std::to_string(expected_rows[tag]));
      }
    }
  }

  // Counters against the recount. A stored zero equals an absent counter.
  {
    PrefixScan scan(db_.get(), handle(Cf::kCounters), std::string(), snapshot);
    for (scan.SeekToFirst(); scan.Valid(); scan.Next()) {
      const std::string key(scan.key());
      int64_t stored;
      if (!DecodeCount(scan.value(), &stored)) {
        problems.Add("counter " + Printable(key) + ": undecodable value");
        continue;
      }
      auto it = expected.find(key);
      const int64_t want = it == expected.end() ? 0 : it->second;
      if (stored != want) {
        problems.Add("counter " + Printable(key) + ": stored " + std::to_string(stored) +
                     ", recount " + std::to_string(want));
      }
      if (it != expected.end()) expected.erase(it);
    }
    Status s = scan.status();
    if (!s.ok()) return s;
    std::vector<std::pair<std::string, int64_t>> missing;
    for (const auto& [key, want] : expected) {
      if (want != 0) missing.emplace_back(key, want);
    }
    std::sort(missing.begin(), missing.end());  // a report in key order
    for (const auto& [key, want] : missing) {
      problems.Add("counter " + Printable(key) + ": missing, recount " + std::to_string(want));
    }
  }
  return Status::Ok();
}

}  // namespace byline::store::internal
