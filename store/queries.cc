// The analysts' questions. Every query walks a key range with an iterator and stops as soon as
// it has its answer; counts come from the per-day counters, never from counting mentions.
#include <algorithm>
#include <functional>
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

// Cooccur counts the co-entities of at most this many of the entity's newest articles, and
// Entities ranks at most this many keys with the prefix: bounded work for any question.
constexpr size_t kMaxCooccurArticles = 20000;
constexpr size_t kMaxEntityCandidates = 50000;

constexpr EntityType kAllTypes[] = {EntityType::kPerson, EntityType::kOrg, EntityType::kMoney};

bool ValidName(std::string_view s) { return s.find('\0') == std::string_view::npos; }

uint64_t DayStart(uint32_t day) { return uint64_t{day} * kSecondsPerDay; }
uint64_t DayEnd(uint32_t day) { return uint64_t{day} * kSecondsPerDay + kSecondsPerDay - 1; }

// Where a newest-first walk of `tag key` rows in `range` starts.
std::string FirstInRange(char tag, const std::string& key, const DayRange& range) {
  if (range.until == UINT32_MAX) return MentionPrefix(tag, key);
  return MentionSeekKey(tag, key, DayEnd(range.until));
}

int64_t CountValue(std::string_view raw) {
  int64_t v = 0;
  // A damaged counter reads as zero here; Check reports it.
  return DecodeCount(raw, &v) ? v : 0;
}

// One 'k' row (key NUL type -> count): an entity's all-time count; nullopt when the row's
// key is malformed (Check reports it).
struct EntityTotal {
  std::string_view key;
  EntityType type;
  int64_t count;
};
std::optional<EntityTotal> ParseEntityTotal(std::string_view row_key, std::string_view value) {
  if (row_key.size() < 3 || row_key[row_key.size() - 2] != '\0') return std::nullopt;
  const uint8_t type = static_cast<uint8_t>(row_key.back());
  if (!ValidType(type)) return std::nullopt;
  return EntityTotal{row_key.substr(1, row_key.size() - 3), static_cast<EntityType>(type),
                     CountValue(value)};
}

// Calls fn(day, count) for each day in `range` with a positive count, by ascending day, from
// the month rows of a day family under `prefix` (DayRowsPrefix).
template <typename Fn>
Status ScanDays(rocksdb::Iterator* it, const std::string& prefix, const DayRange& range, Fn&& fn) {
  std::string start = prefix;
  AppendBE32(&start, MonthStart(range.since));
  for (it->Seek(start); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    if (it->key().size() != prefix.size() + 4) continue;
    const uint32_t month = ReadBE32(std::string_view(it->key().data() + prefix.size(), 4));
    if (month > range.until) break;
    const bool decoded = ForEachPacked(std::string_view(it->value().data(), it->value().size()),
                                       [&](uint32_t offset, int64_t n) {
                                         const uint64_t day = uint64_t{month} + offset;
                                         if (n > 0 && day >= range.since && day <= range.until) {
                                           fn(static_cast<uint32_t>(day), static_cast<uint64_t>(n));
                                         }
                                       });
    if (!decoded) {
      return Status::Corrupt("undecodable counter row " +
                             Printable(std::string_view(it->key().data(), it->key().size())));
    }
  }
  const rocksdb::Status read = it->status();
  if (read.IsCorruption()) return Status::Corrupt(read.ToString());
  if (!read.ok()) return Status::Io(read.ToString());
  return Status::Ok();
}

// Calls fn(date, id, type, count) for every entry of the packed rows of a Top family ('y', 'z' or
// 'Y': prefix, then BE32 date and type byte) dated within [first, last] and of type `type` when
// set.
template <typename Fn>
Status ScanTopFamily(PrefixScan& scan, uint32_t first, uint32_t last,
                     std::optional<EntityType> type, Fn&& fn) {
  auto date_key = [&](uint32_t date, std::optional<EntityType> t) {
    std::string k = scan.prefix();
    AppendBE32(&k, date);
    if (t) k.push_back(static_cast<char>(*t));
    return k;
  };
  scan.Seek(date_key(first, type));
  while (scan.Valid()) {
    std::string_view rest = scan.rest();
    if (rest.size() != 5) {
      scan.Next();
      continue;
    }
    const uint32_t date = ReadBE32(rest);
    if (date > last) break;
    const uint8_t t = static_cast<uint8_t>(rest[4]);
    if (type && t != static_cast<uint8_t>(*type)) {
      // Jump to the wanted type of this date, or to the next date.
      if (t < static_cast<uint8_t>(*type)) {
        scan.Seek(date_key(date, type));
      } else if (date == UINT32_MAX) {
        break;
      } else {
        scan.Seek(date_key(date + 1, type));
      }
      continue;
    }
    if (ValidType(t) && !ForEachPacked(scan.value(), [&](uint32_t id, int64_t n) {
          fn(date, id, static_cast<EntityType>(t), n);
        })) {
      return Status::Corrupt("undecodable counter row " + Printable(scan.key()));
    }
    scan.Next();
  }
  return scan.status();
}

// The rows of one site's daily Top counters ('z'): "'z' site NUL".
std::string SiteTopPrefix(const std::string& site) {
  return std::string(1, kTagSiteTopDay) + site + '\0';
}

// The entries of packed Top rows as ScanTopFamily hands them over, a list per row (each
// ascending by id, as stored), summed at the end by merging: a single row needs no merge.
class RowLists {
 public:
  void Add(uint32_t date, uint32_t id, EntityType type, int64_t n) {
    if (!row_ || row_->first != date || row_->second != type) {
      lists_.emplace_back();
      row_.emplace(date, type);
    }
    lists_.back().emplace_back(id, n);
  }
  // A new scan starts: its first row starts a list even if its date and type repeat.
  void NewScan() { row_.reset(); }
  // Rows of different types never share an id, so merging them only interleaves.
  std::vector<PackedEntry> Sum() { return SumSortedLists(std::move(lists_)); }

 private:
  std::vector<std::vector<PackedEntry>> lists_;
  std::optional<std::pair<uint32_t, EntityType>> row_;  // date and type of the current row
};

// The record of the article a query is on. Index rows come article by article, so each
// record is read once (pinned in the block cache, not copied), its header decoded once, and
// its snippets row read once, when a snippet is asked for.
class CurrentArticle {
 public:
  CurrentArticle(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf,
                 rocksdb::ColumnFamilyHandle* snippets_cf)
      : db_(db), cf_(cf), snippets_cf_(snippets_cf) {}

  // The article's header; nullptr when the article is missing (a damaged database: Check
  // reports it) or `site` is set and the article is from another one.
  Result<const ArticleHeader*> Load(uint32_t article, const std::string& site) {
    if (!number_ || *number_ != article) {
      number_.reset();
      value_.Reset();
      snippets_.Reset();
      snippets_read_ = false;
      rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), cf_, ArticleRecordKey(article), &value_);
      if (s.IsNotFound()) {
        present_ = false;
      } else if (!s.ok()) {
        return s.IsCorruption() ? Status::Corrupt(s.ToString()) : Status::Io(s.ToString());
      } else if (!SplitRecord({value_.data(), value_.size()}, &parts_) ||
                 !DecodeHeader(parts_.header, &header_)) {
        return Status::Corrupt("undecodable record of article #" + std::to_string(article));
      } else {
        present_ = true;
      }
      number_ = article;
    }
    if (!present_ || (!site.empty() && header_.site != site)) {
      return static_cast<const ArticleHeader*>(nullptr);
    }
    return &header_;
  }

  // The loaded article's mention list, decoded once an article; nullptr when it does not
  // decode (Check reports it).
  const ArticleBody* Body() {
    if (!body_number_ || *body_number_ != number_) {
      body_number_ = number_;
      body_ok_ = present_ && DecodeBody(parts_.table, parts_.mentions, &body_);
    }
    return body_ok_ ? &body_ : nullptr;
  }

  // Snippet `index` of the loaded article; "" when the index is -1, past its snippets or
  // undecodable (Check reports the latter two).
  Result<std::string> Snippet(int32_t index) {
    std::string found;
    if (index < 0 || !present_) return found;
    if (!snippets_read_) {
      rocksdb::Status s =
          db_->Get(rocksdb::ReadOptions(), snippets_cf_, SnippetsKey(*number_), &snippets_);
      if (!s.ok() && !s.IsNotFound()) {
        return s.IsCorruption() ? Status::Corrupt(s.ToString()) : Status::Io(s.ToString());
      }
      snippets_read_ = true;
    }
    const ArticleBody* body = Body();  // the surfaces elided from it
    if (body == nullptr ||
        !FindSnippet({snippets_.data(), snippets_.size()}, index, *body, &found)) {
      found.clear();
    }
    return found;
  }

 private:
  rocksdb::DB* db_;
  rocksdb::ColumnFamilyHandle* cf_;
  rocksdb::ColumnFamilyHandle* snippets_cf_;
  std::optional<uint32_t> number_;
  bool present_ = false;
  rocksdb::PinnableSlice value_;
  rocksdb::PinnableSlice snippets_;
  bool snippets_read_ = false;
  RecordParts parts_;
  ArticleHeader header_;
  std::optional<std::optional<uint32_t>> body_number_;  // the article body_ was decoded for
  bool body_ok_ = false;
  ArticleBody body_;
};

// Ranking order: most counted first, then by key and type, so that answers are deterministic.
bool Better(const CountRow& a, const CountRow& b) {
  if (a.count != b.count) return a.count > b.count;
  if (a.key != b.key) return a.key < b.key;
  return a.type < b.type;
}

// A timeline's period: its first day, the entity's mentions in it and all mentions in it.
struct Period {
  uint32_t first;
  uint64_t count, total;
};

// Adds the periods of `from` to those of `to`, both ascending by first day.
void MergeInto(std::vector<Period>* to, const std::vector<Period>& from) {
  const auto middle = static_cast<std::ptrdiff_t>(to->size());
  to->insert(to->end(), from.begin(), from.end());
  std::inplace_merge(to->begin(), to->begin() + middle, to->end(),
                     [](const Period& a, const Period& b) { return a.first < b.first; });
  // A period in both: one entry, the counts added.
  size_t kept = 0;
  for (const Period& p : *to) {
    if (kept > 0 && (*to)[kept - 1].first == p.first) {
      (*to)[kept - 1].count += p.count;
    } else {
      (*to)[kept++] = p;
    }
  }
  to->resize(kept);
}

}  // namespace

Result<std::optional<uint32_t>> RocksStore::EntityIdOf(const std::string& key, EntityType type,
                                                       const rocksdb::Snapshot* snapshot) {
  Result<std::optional<std::string>> raw = Get(Cf::kEntities, EntityKey(key, type), snapshot);
  if (!raw.ok()) return raw.status();
  if (!raw->has_value()) return std::optional<uint32_t>();
  uint32_t id;
  std::string canonical;
  if (!DecodeEntityRecord(**raw, &id, &canonical)) {
    return Status::Corrupt("undecodable entity record of " + Printable(key));
  }
  return std::optional<uint32_t>(id);
}

Result<std::string> RocksStore::GetCanonical(const std::string& key, EntityType type) {
  Result<std::optional<std::string>> raw = Get(Cf::kEntities, EntityKey(key, type));
  if (!raw.ok()) return raw.status();
  if (!raw->has_value()) return key;
  uint32_t id;
  std::string canonical;
  if (!DecodeEntityRecord(**raw, &id, &canonical)) {
    return Status::Corrupt("undecodable entity record of " + Printable(key));
  }
  return canonical;
}

Result<int64_t> RocksStore::SumDays(const std::string& prefix, const DayRange& range,
                                    const rocksdb::Snapshot* snapshot) {
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, handle(Cf::kCounters)));
  int64_t sum = 0;
  Status s = ScanDays(it.get(), prefix, range,
                      [&](uint32_t, uint64_t n) { sum += static_cast<int64_t>(n); });
  if (!s.ok()) return s;
  return sum;
}

Result<int64_t> RocksStore::EntityCount(const std::string& key, EntityType type,
                                        const DayRange& range) {
  Result<std::optional<uint32_t>> id = EntityIdOf(key, type);
  if (!id.ok()) return id.status();
  if (!id->has_value()) return int64_t{0};
  return SumDays(DayRowsPrefix(EntityDayKey(**id, 0)), range);
}

Result<std::vector<PackedEntry>> RocksStore::SiteCounts(const std::string& site,
                                                        const DayRange& range,
                                                        std::optional<EntityType> type) {
  RowLists rows;
  PrefixScan scan(db_.get(), handle(Cf::kCounters), SiteTopPrefix(site));
  Status s = ScanTopFamily(
      scan, range.since, range.until, type,
      [&](uint32_t date, uint32_t id, EntityType t, int64_t n) { rows.Add(date, id, t, n); });
  if (!s.ok()) return s;
  return rows.Sum();
}

Result<std::vector<CountRow>> RocksStore::Ranked(std::vector<CountRow> rows, size_t limit) {
  if (rows.size() > limit) {
    std::partial_sort(rows.begin(), rows.begin() + static_cast<ptrdiff_t>(limit), rows.end(),
                      Better);
    rows.resize(limit);
  } else {
    std::sort(rows.begin(), rows.end(), Better);
  }
  for (CountRow& row : rows) {
    Result<std::string> canonical = GetCanonical(row.key, row.type);
    if (!canonical.ok()) return canonical.status();
    row.canonical = std::move(*canonical);
  }
  return rows;
}

Result<Page> RocksStore::Mentions(const std::string& key, const Filter& filter, size_t limit,
                                  const std::string& cursor) {
  return Guard("mentions", [&] { return MentionsImpl(key, filter, limit, cursor); });
}

Result<Page> RocksStore::MentionsImpl(const std::string& key, const Filter& filter, size_t limit,
                                      const std::string& cursor) {
  Result<DayRange> range = ParseRange(filter);
  if (!range.ok()) return range.status();
  const std::string prefix = MentionPrefix(kTagMention, key);
  // The cursor names the last mention of the page: inverted timestamp (5 bytes), article
  // number (4), start (4) and type (1), in hex. The next page starts after it.
  std::string after;
  if (!cursor.empty()) {
    if (!FromHex(cursor, &after) || after.size() != kMentionSuffixSize ||
        !ValidType(static_cast<uint8_t>(after.back()))) {
      return Status::InvalidInput("not a mentions cursor: \"" + cursor + "\"");
    }
  }
  Page page;
  if (limit == 0 || key.empty() || !ValidName(key) || range->since > range->until) return page;
  std::string start = FirstInRange(kTagMention, key, *range);
  if (!after.empty()) start = std::max(start, prefix + after.substr(0, 9));
  const uint64_t oldest = DayStart(range->since);

  CurrentArticle current(db_.get(), handle(Cf::kArticles), handle(Cf::kSnippets));
  PrefixScan scan(db_.get(), handle(Cf::kMentions), prefix);
  // The postings of one article (one per entity type) are adjacent; their mentions are read
  // from the article's record, in start order.
  struct Found {
    EntityType type;
    uint32_t start;
    size_t index;  // in the record's mention list
  };
  std::vector<Found> found;
  std::vector<EntityType> types;
  std::string last;
  scan.Seek(start);
  while (scan.Valid()) {
    MentionKeyParts parts;
    if (!ParseMentionKey(scan.key(), &parts)) {
      scan.Next();
      continue;
    }
    if (parts.timestamp < oldest) break;
    const uint32_t article = parts.article;
    const uint64_t timestamp = parts.timestamp;
    std::string position(scan.key().substr(prefix.size(), 9));
    types.clear();
    for (; scan.Valid(); scan.Next()) {
      if (!ParseMentionKey(scan.key(), &parts) || parts.article != article ||
          parts.timestamp != timestamp) {
        break;
      }
      types.push_back(parts.type);
    }
    Result<const ArticleHeader*> header = current.Load(article, filter.site);
    if (!header.ok()) return header.status();
    if (*header == nullptr) continue;
    const ArticleHeader& h = **header;
    const ArticleBody* body = current.Body();
    if (body == nullptr) {
      return Status::Corrupt("undecodable record of article #" + std::to_string(article));
    }
    // (key, type, start) names one mention of the record (PutArticle keeps one a triple).
    found.clear();
    for (size_t i = 0; i < body->mentions.size(); ++i) {
      const MentionRecord& m = body->mentions[i];
      if (m.key == key && std::find(types.begin(), types.end(), m.type) != types.end()) {
        found.push_back({m.type, m.start, i});
      }
    }
    std::sort(found.begin(), found.end(), [](const Found& x, const Found& y) {
      return x.start != y.start ? x.start < y.start : x.type < y.type;
    });
    for (const Found& f : found) {
      std::string here = position;
      AppendBE32(&here, f.start);
      here.push_back(static_cast<char>(f.type));
      if (!after.empty() && here <= after) continue;
      const size_t i = f.index;
      const MentionRecord& m = body->mentions[i];
      if (page.rows.size() == limit) {
        // One more matching mention exists: the page gets a cursor.
        page.next_cursor = ToHex(last);
        return page;
      }
      MentionRow row;
      row.article_id = h.id;
      row.url = h.url;
      row.title = h.title;
      row.site = h.site;
      row.published = h.published;
      row.type = f.type;
      row.surface = m.surface;
      row.canonical = m.canonical;
      Result<std::string> snippet = current.Snippet(body->snippet_index[i]);
      if (!snippet.ok()) return snippet.status();
      row.snippet = std::move(*snippet);
      row.start = m.start;
      row.end = m.end;
      page.rows.push_back(std::move(row));
      last = std::move(here);
    }
  }
  Status s = scan.status();
  if (!s.ok()) return s;
  return page;
}

Result<std::vector<TimelinePoint>> RocksStore::Timeline(const std::string& key,
                                                        const Filter& filter,
                                                        const std::string& by) {
  return Guard("timeline", [&] { return TimelineImpl(key, filter, by); });
}

Result<std::vector<TimelinePoint>> RocksStore::TimelineImpl(const std::string& key,
                                                            const Filter& filter,
                                                            const std::string& by) {
  // A period is named by its first day: the day, the Monday of its ISO week, the first of
  // its month. Day 0 (0000-03-01) was a Wednesday, so Mondays are the days with
  // (day + 2) % 7 == 0.
  std::string (*label)(uint32_t);
  uint32_t (*period)(uint32_t);
  uint32_t (*period_last)(uint32_t);
  if (by.empty() || by == "day") {
    label = FormatDay;
    period = [](uint32_t day) { return day; };
    period_last = [](uint32_t first) { return first; };
  } else if (by == "week") {
    label = FormatIsoWeek;
    period = [](uint32_t day) { return day >= 5 ? day - (day + 2) % 7 : 0; };
    period_last = [](uint32_t first) {
      return static_cast<uint32_t>(std::min<uint64_t>(uint64_t{first} + 6, UINT32_MAX));
    };
  } else if (by == "month") {
    label = FormatMonth;
    period = MonthStart;
    period_last = MonthEnd;
  } else {
    return Status::InvalidInput("timeline by \"" + by + "\": use day, week or month");
  }
  Result<DayRange> range = ParseRange(filter);
  if (!range.ok()) return range.status();
  std::vector<TimelinePoint> points;
  if (key.empty() || !ValidName(key) || range->since > range->until) return points;

  // Periods by their first day, ascending. Every scan reports days in ascending order and a
  // period's days are consecutive, so a scan appends; the scans of the entity's types (most
  // entities have one) are merged. One iterator serves every scan: creating one costs more
  // than a year of daily counters.
  std::vector<Period> periods, scanned;
  const auto add = [&](uint32_t day, uint64_t n) {
    const uint32_t first = period(day);
    if (scanned.empty() || scanned.back().first != first) scanned.push_back({first, 0, 0});
    scanned.back().count += n;
  };
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), handle(Cf::kCounters)));
  for (EntityType type : kAllTypes) {
    Result<std::optional<uint32_t>> id = EntityIdOf(key, type);
    if (!id.ok()) return id.status();
    if (!id->has_value()) continue;
    const uint32_t want = **id;
    scanned.clear();
    Status s;
    if (filter.site.empty()) {
      s = ScanDays(it.get(), DayRowsPrefix(EntityDayKey(want, 0)), *range, add);
    } else {
      // On one site: the site's rows of each day ('z'), which list every entity it named.
      PrefixScan scan(db_.get(), handle(Cf::kCounters), SiteTopPrefix(filter.site));
      s = ScanTopFamily(scan, range->since, range->until, type,
                        [&](uint32_t day, uint32_t id, EntityType, int64_t n) {
                          if (id == want && n > 0) add(day, static_cast<uint64_t>(n));
                        });
    }
    if (!s.ok()) return s;
    MergeInto(&periods, scanned);
  }
  if (periods.empty()) return points;
  // Totals of every day of each period in the range, also days without the entity: the
  // share of a week is its count over all of that week's mentions. Only the days from the
  // first period to the last are read.
  DayRange span = *range;
  span.since = std::max(span.since, periods.front().first);
  span.until = std::min(span.until, period_last(periods.back().first));
  size_t next = 0;
  Status s = ScanDays(
      it.get(), DayRowsPrefix(filter.site.empty() ? TotalDayKey(0) : SiteDayKey(filter.site, 0)),
      span, [&](uint32_t day, uint64_t n) {
        const uint32_t first = period(day);
        while (next < periods.size() && periods[next].first < first) ++next;
        if (next < periods.size() && periods[next].first == first) periods[next].total += n;
      });
  if (!s.ok()) return s;
  points.reserve(periods.size());
  for (const Period& p : periods) points.push_back({label(p.first), p.count, p.total});
  return points;
}

Result<std::vector<CountRow>> RocksStore::Top(const Filter& filter, size_t limit) {
  return Guard("top", [&] { return TopImpl(filter, limit); });
}

namespace {

// A day range cut into whole calendar months (read from the monthly rollups) and the days
// before and after them (read from the daily counters).
struct RangeParts {
  std::vector<std::pair<uint32_t, uint32_t>> day_spans;  // [first, last] days
  std::optional<std::pair<uint32_t, uint32_t>> months;   // [first, last] month-start days
};

RangeParts SplitByMonths(const DayRange& range) {
  RangeParts parts;
  // In 64 bits: the month after `since` or before `until` may lie outside uint32.
  const int64_t first_whole = MonthStart(range.since) == range.since
                                  ? int64_t{range.since}
                                  : int64_t{MonthEnd(range.since)} + 1;
  const int64_t last_whole = range.until == UINT32_MAX || MonthEnd(range.until) == range.until
                                 ? int64_t{range.until}
                                 : int64_t{MonthStart(range.until)} - 1;
  if (first_whole > last_whole) {
    parts.day_spans.emplace_back(range.since, range.until);
    return parts;
  }
  if (range.since < first_whole) {
    parts.day_spans.emplace_back(range.since, static_cast<uint32_t>(first_whole - 1));
  }
  parts.months.emplace(static_cast<uint32_t>(first_whole), static_cast<uint32_t>(last_whole));
  if (last_whole < range.until) {
    parts.day_spans.emplace_back(static_cast<uint32_t>(last_whole + 1), range.until);
  }
  return parts;
}

}  // namespace

Result<std::vector<CountRow>> RocksStore::TopImpl(const Filter& filter, size_t limit) {
  Result<DayRange> range = ParseRange(filter);
  if (!range.ok()) return range.status();
  if (limit == 0 || range->since > range->until || !ValidName(filter.site)) {
    return std::vector<CountRow>();
  }
  if (filter.site.empty() && !range->bounded()) return TopAllTime(filter.type, limit);
  // All sites: whole months from the 'Y' rollups, the days around them from 'y'. A site:
  // 'z' (site \0 day type key), day by day.
  RangeParts parts;
  if (filter.site.empty()) {
    parts = SplitByMonths(*range);
  } else {
    parts.day_spans.emplace_back(range->since, range->until);
  }
  const std::string day_prefix =
      filter.site.empty() ? std::string(1, kTagTopDay) : SiteTopPrefix(filter.site);
  const SnapshotHolder holder(db_.get());
  const rocksdb::Snapshot* snapshot = holder.get();
  // Counts by entity id; the type is in the key, so that the names are read only for the
  // ids that rank.
  RowLists row_lists;
  auto add = [&](uint32_t date, uint32_t id, EntityType type, int64_t n) {
    row_lists.Add(date, id, type, n);
  };
  if (parts.months) {
    PrefixScan scan(db_.get(), handle(Cf::kCounters), std::string(1, kTagTopMonth), snapshot);
    Status s = ScanTopFamily(scan, parts.months->first, parts.months->second, filter.type, add);
    if (!s.ok()) return s;
  }
  for (const auto& [first, last] : parts.day_spans) {
    row_lists.NewScan();
    PrefixScan scan(db_.get(), handle(Cf::kCounters), day_prefix, snapshot);
    Status s = ScanTopFamily(scan, first, last, filter.type, add);
    if (!s.ok()) return s;
  }
  const std::vector<PackedEntry> counts = row_lists.Sum();
  std::vector<std::pair<uint32_t, uint64_t>> ranked;
  ranked.reserve(counts.size());
  for (const auto& [id, n] : counts) {
    if (n > 0) ranked.emplace_back(id, static_cast<uint64_t>(n));
  }
  Result<std::vector<CountRow>> rows = NameRankedIds(
      std::move(ranked), limit, snapshot, [](std::string_view, EntityType) { return true; });
  if (!rows.ok()) return rows.status();
  return Ranked(std::move(*rows), limit);
}

Result<std::vector<CountRow>> RocksStore::TopAllTime(std::optional<EntityType> type, size_t limit) {
  // Every entity's all-time count is one 'k' row: a walk over those, keeping the best
  // `limit` in a heap whose top is the worst kept, reads each entity once where the monthly
  // rollups list it once a month (10M mentions over three years: 27 ms; a whole `byline
  // query top` 0.44 -> 0.12 s).
  std::vector<CountRow> best;
  best.reserve(std::min<size_t>(limit, 4096));
  PrefixScan scan(db_.get(), handle(Cf::kCounters), std::string(1, kTagEntityTotal));
  for (scan.SeekToFirst(); scan.Valid(); scan.Next()) {
    const std::optional<EntityTotal> total = ParseEntityTotal(scan.key(), scan.value());
    // Counts of zero: entities whose articles were all replaced away.
    if (!total || (type && total->type != *type) || total->count <= 0) continue;
    if (best.size() == limit) {
      // Keys come in ascending order, so a later key never wins a tie on the count.
      if (static_cast<uint64_t>(total->count) <= best.front().count) continue;
      std::pop_heap(best.begin(), best.end(), Better);
      best.pop_back();
    }
    best.push_back({std::string(total->key), "", total->type, static_cast<uint64_t>(total->count)});
    std::push_heap(best.begin(), best.end(), Better);
  }
  Status s = scan.status();
  if (!s.ok()) return s;
  return Ranked(std::move(best), limit);
}

Result<std::vector<CountRow>> RocksStore::Cooccur(const std::string& key, const Filter& filter,
                                                  size_t limit) {
  return Guard("cooccur", [&] { return CooccurImpl(key, filter, limit); });
}

Result<std::vector<CountRow>> RocksStore::CooccurImpl(const std::string& key, const Filter& filter,
                                                      size_t limit) {
  Result<DayRange> range = ParseRange(filter);
  if (!range.ok()) return range.status();
  if (limit == 0 || key.empty() || !ValidName(key) || range->since > range->until) {
    return std::vector<CountRow>();
  }
  const uint64_t oldest = DayStart(range->since);
  const SnapshotHolder holder(db_.get());
  const rocksdb::Snapshot* snapshot = holder.get();
  // The key's newest articles, from its postings (keys only: the postings of one article,
  // one per type of the key, are adjacent).
  std::vector<uint32_t> articles;
  {
    PrefixScan scan(db_.get(), handle(Cf::kMentions), MentionPrefix(kTagMention, key), snapshot);
    std::optional<uint32_t> previous;
    for (scan.Seek(FirstInRange(kTagMention, key, *range));
         scan.Valid() && articles.size() < kMaxCooccurArticles; scan.Next()) {
      MentionKeyParts parts;
      if (!ParseMentionKey(scan.key(), &parts)) continue;
      if (parts.timestamp < oldest) break;
      if (previous == parts.article) continue;
      previous = parts.article;
      if (!filter.site.empty()) {
        Result<std::optional<ArticleHeader>> h = GetHeader(parts.article, snapshot);
        if (!h.ok()) return h.status();
        if (!h->has_value() || (*h)->site != filter.site) continue;
      }
      articles.push_back(parts.article);
    }
    Status s = scan.status();
    if (!s.ok()) return s;
  }
  // Their main entities, from their 'C' rows, read in key order a batch at a time. Ids are
  // dense and below the snapshot's next id, so they are counted in an array (any other, which
  // only damage or a store of over 16 million entities makes, aside).
  std::sort(articles.begin(), articles.end());
  articles.erase(std::unique(articles.begin(), articles.end()), articles.end());
  Result<uint32_t> next_entity = GetNextNumber(kNextEntityKey, snapshot);
  if (!next_entity.ok()) return next_entity.status();
  const int64_t entities = *next_entity;
  constexpr int64_t kMostDense = int64_t{1} << 24;  // 64 MiB of counts at most
  // A few articles name few ids: a map, rather than clearing and walking a large array.
  const bool dense = articles.size() * kMainEntities >= static_cast<uint64_t>(entities) / 8;
  std::vector<uint32_t> counts(dense ? static_cast<size_t>(std::min(entities, kMostDense)) : 0);
  std::unordered_map<uint32_t, uint32_t> newer;
  PointBatch batch(db_.get(), handle(Cf::kMentions), snapshot, 256);
  for (size_t done = 0; done < articles.size(); done += batch.capacity()) {
    const size_t n = std::min(batch.capacity(), articles.size() - done);
    for (size_t i = 0; i < n; ++i) *batch.mutable_key(i) = CoEntitiesKey(articles[done + i]);
    batch.Read(n, /*sorted=*/true);
    for (size_t i = 0; i < n; ++i) {
      Result<bool> found = batch.found(i);
      if (!found.ok()) return found.status();
      if (!*found) continue;  // Check reports a missing row
      if (!ForEachListedId(batch.value(i), [&](uint32_t id) {
            if (id < counts.size()) {
              ++counts[id];
            } else {
              ++newer[id];
            }
          })) {
        return Status::Corrupt("undecodable co-entity row " + Printable(batch.key(i)));
      }
    }
  }
  std::vector<std::pair<uint32_t, uint64_t>> ranked;
  for (uint32_t id = 0; id < counts.size(); ++id) {
    if (counts[id] != 0) ranked.emplace_back(id, counts[id]);
  }
  ranked.insert(ranked.end(), newer.begin(), newer.end());
  Result<std::vector<CountRow>> rows =
      NameRankedIds(std::move(ranked), limit, snapshot, [&](std::string_view k, EntityType type) {
        return k != key && (!filter.type || type == *filter.type);
      });
  if (!rows.ok()) return rows.status();
  return Ranked(std::move(*rows), limit);
}

Result<std::vector<CountRow>> RocksStore::NameRankedIds(
    std::vector<std::pair<uint32_t, uint64_t>> ranked, size_t limit,
    const rocksdb::Snapshot* snapshot,
    const std::function<bool(std::string_view key, EntityType type)>& keep) {
  // Ids most counted first, named through their 'i' rows a batch at a time until the page is
  // full and every entity tied with its last row is in (the final order breaks ties by key).
  // Sorted as far as the naming gets: a month's ranking has tens of thousands of ids, and
  // only the first few dozen are named.
  const auto most_first = [](const auto& x, const auto& y) {
    return x.second != y.second ? x.second > y.second : x.first < y.first;
  };
  size_t sorted = 0;
  const auto sort_to = [&](size_t end) {
    end = std::min(ranked.size(), end);
    if (end <= sorted) return;
    end = std::min(ranked.size(), std::max(end, 2 * sorted));
    std::partial_sort(ranked.begin() + static_cast<ptrdiff_t>(sorted),
                      ranked.begin() + static_cast<ptrdiff_t>(end), ranked.end(), most_first);
    sorted = end;
  };
  std::vector<CountRow> rows;
  PointBatch batch(db_.get(), handle(Cf::kEntities), snapshot, 64);
  for (size_t done = 0; done < ranked.size(); done += batch.capacity()) {
    sort_to(done + std::max(batch.capacity(), 2 * limit));
    if (rows.size() >= limit && ranked[done].second < rows[limit - 1].count) break;
    const size_t n = std::min(batch.capacity(), ranked.size() - done);
    for (size_t i = 0; i < n; ++i) *batch.mutable_key(i) = EntityIdKey(ranked[done + i].first);
    batch.Read(n, /*sorted=*/false);
    for (size_t i = 0; i < n; ++i) {
      if (rows.size() >= limit && ranked[done + i].second < rows[limit - 1].count) break;
      Result<bool> found = batch.found(i);
      if (!found.ok()) return found.status();
      if (!*found) continue;  // Check reports it
      const std::string_view named = batch.value(i);
      if (named.empty() || !ValidType(static_cast<uint8_t>(named[0]))) {
        return Status::Corrupt("undecodable entity id row " + Printable(batch.key(i)));
      }
      const EntityType type = static_cast<EntityType>(named[0]);
      const std::string_view k = named.substr(1);
      if (!keep(k, type)) continue;
      rows.push_back({std::string(k), "", type, ranked[done + i].second});
    }
  }
  return rows;
}

Result<std::vector<MoneyRow>> RocksStore::Money(const std::string& key, const Filter& filter,
                                                size_t limit) {
  return Guard("money", [&] { return MoneyImpl(key, filter, limit); });
}

Result<std::vector<MoneyRow>> RocksStore::MoneyImpl(const std::string& key, const Filter& filter,
                                                    size_t limit) {
  Result<DayRange> range = ParseRange(filter);
  if (!range.ok()) return range.status();
  std::vector<MoneyRow> rows;
  if (limit == 0 || key.empty() || !ValidName(key) || range->since > range->until) return rows;
  const uint64_t oldest = DayStart(range->since);
  CurrentArticle current(db_.get(), handle(Cf::kArticles), handle(Cf::kSnippets));
  PrefixScan scan(db_.get(), handle(Cf::kMentions), MentionPrefix(kTagMoney, key));
  for (scan.Seek(FirstInRange(kTagMoney, key, *range)); scan.Valid() && rows.size() < limit;
       scan.Next()) {
    MentionKeyParts parts;
    if (!ParseMentionKey(scan.key(), &parts)) continue;
    if (parts.timestamp < oldest) break;
    Result<const ArticleHeader*> header = current.Load(parts.article, filter.site);
    if (!header.ok()) return header.status();
    if (*header == nullptr) continue;
    const ArticleHeader& h = **header;
    MoneyValue v;
    if (!DecodeMoneyValue(scan.value(), &v)) {
      return Status::Corrupt("undecodable money row " + Printable(scan.key()));
    }
    MoneyRow row;
    row.article_id = h.id;
    row.url = h.url;
    row.published = h.published;
    row.surface = std::move(v.surface);
    row.currency = std::move(v.currency);
    Result<std::string> snippet = current.Snippet(v.snippet);
    if (!snippet.ok()) return snippet.status();
    row.snippet = std::move(*snippet);
    row.value = v.value;
    row.value_max = v.value_max;
    row.approximate = v.approximate;
    rows.push_back(std::move(row));
  }
  Status s = scan.status();
  if (!s.ok()) return s;
  return rows;
}

Result<std::vector<CountRow>> RocksStore::Entities(const std::string& prefix, const Filter& filter,
                                                   size_t limit) {
  return Guard("entities", [&] { return EntitiesImpl(prefix, filter, limit); });
}

Result<std::vector<CountRow>> RocksStore::EntitiesImpl(const std::string& prefix,
                                                       const Filter& filter, size_t limit) {
  Result<DayRange> range = ParseRange(filter);
  if (!range.ok()) return range.status();
  std::vector<CountRow> rows;
  if (limit == 0 || !ValidName(prefix) || !ValidName(filter.site) || range->since > range->until) {
    return rows;
  }
  const bool per_period = range->bounded() || !filter.site.empty();
  // On one site: every entity's count there in the range, from the site's daily rows, read
  // once for all the candidates.
  std::vector<PackedEntry> site_counts;
  if (!filter.site.empty()) {
    Result<std::vector<PackedEntry>> counted = SiteCounts(filter.site, *range, filter.type);
    if (!counted.ok()) return counted.status();
    site_counts = std::move(*counted);
  }
  // The all-time totals list every entity once per type, in key order: the candidates.
  PrefixScan scan(db_.get(), handle(Cf::kCounters), std::string(1, kTagEntityTotal) + prefix);
  size_t candidates = 0;
  for (scan.SeekToFirst(); scan.Valid() && candidates < kMaxEntityCandidates; scan.Next()) {
    const std::optional<EntityTotal> total = ParseEntityTotal(scan.key(), scan.value());
    if (!total || (filter.type && total->type != *filter.type)) continue;
    int64_t count = total->count;
    if (count <= 0) continue;  // an entity whose articles were all replaced away
    ++candidates;
    const EntityType type = total->type;
    std::string key(total->key);
    if (!filter.site.empty()) {
      Result<std::optional<uint32_t>> id = EntityIdOf(key, type);
      if (!id.ok()) return id.status();
      if (!id->has_value()) continue;
      auto at =
          std::lower_bound(site_counts.begin(), site_counts.end(), PackedEntry{**id, INT64_MIN});
      count = at != site_counts.end() && at->first == **id ? at->second : 0;
      if (count <= 0) continue;
    } else if (per_period) {
      Result<int64_t> n = EntityCount(key, type, *range);
      if (!n.ok()) return n.status();
      count = *n;
      if (count <= 0) continue;
    }
    rows.push_back({std::move(key), "", type, static_cast<uint64_t>(count)});
  }
  Status s = scan.status();
  if (!s.ok()) return s;
  return Ranked(std::move(rows), limit);
}

}  // namespace byline::store::internal
