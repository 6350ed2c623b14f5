// Key encoding of every column family (docs/storage-format.md, "Keys"). Each key starts with
// a one-byte tag naming its family inside the column family; integers are big-endian so that
// byte order is numeric order; variable-length parts end with a 0x00 byte (callers reject
// names holding one) so that "nvidia" rows never interleave with "nvidia corp" rows.
#ifndef BYLINE_STORE_KEYS_H_
#define BYLINE_STORE_KEYS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "store/store.h"

namespace byline::store::internal {

// Column family names. Do not rename: they are part of the on-disk format.
inline constexpr char kCfDefault[] = "default";
inline constexpr char kCfArticles[] = "articles";
inline constexpr char kCfMentions[] = "mentions";
inline constexpr char kCfEntities[] = "entities";
inline constexpr char kCfCounters[] = "counters";
inline constexpr char kCfCrawl[] = "crawl";
inline constexpr char kCfIds[] = "ids";
inline constexpr char kCfSnippets[] = "snippets";

// The format this code reads and writes; bump it (and document the change) whenever a key or
// value layout changes in a way older code would misread.
inline constexpr uint32_t kFormatVersion = 5;
inline constexpr char kFormatVersionKey[] = "byline.format-version";  // default CF, ASCII
inline constexpr char kNextArticleKey[] = "byline.next-article";      // default CF, count
inline constexpr char kNextEntityKey[] = "byline.next-entity";        // default CF, count

// Tags (first key byte). Do not renumber.
inline constexpr char kTagArticleId = 'I';   // ids: id -> article number
inline constexpr char kTagArticle = 'A';     // articles: number -> the article's record
inline constexpr char kTagSnippets = 'S';    // snippets: number -> the article's snippets
inline constexpr char kTagMention = 'E';     // mentions: an entity's mentions in an article
inline constexpr char kTagMoney = 'L';       // mentions: money linked to an organisation
inline constexpr char kTagCoEntities = 'C';  // mentions: an article's main entity ids
inline constexpr char kTagEntity = 'n';      // entities: key, type -> id, canonical
inline constexpr char kTagEntityId = 'i';    // entities: id -> type, key
inline constexpr char kTagEntityDay = 'e';   // counters: entity id, month | day
// 's' (per entity, site and day) is retired: 'z' holds the same counts.
inline constexpr char kTagTotalDay = 't';     // counters: month | day
inline constexpr char kTagSiteDay = 'u';      // counters: site, month | day
inline constexpr char kTagTopDay = 'y';       // counters: day, type | entity id
inline constexpr char kTagSiteTopDay = 'z';   // counters: site, day, type | entity id
inline constexpr char kTagTopMonth = 'Y';     // counters: month, type | entity id
inline constexpr char kTagEntityTotal = 'k';  // counters: key, type (all time)
inline constexpr char kTagGlobal = 'g';       // counters: name ("articles", "mentions")

// Mention keys order the newest first: the timestamp is stored inverted in 5 bytes.
inline constexpr uint64_t kMaxTimestamp = (uint64_t{1} << 40) - 1;
// Bytes after "tag key \0" in a money key: inverted timestamp (5), article number (4), start
// offset (4), type (1). A posting ('E') key has no start: 10 bytes.
inline constexpr size_t kMentionSuffixSize = 14;
inline constexpr size_t kPostingSuffixSize = 10;

void AppendBE32(std::string* out, uint32_t v);
uint32_t ReadBE32(std::string_view in);  // REQUIRES: in.size() >= 4

std::string ArticleIdKey(std::string_view id);
std::string ArticleRecordKey(uint32_t article);
// 'S' BE32(article number): the article's snippets (snippets column family).
std::string SnippetsKey(uint32_t article);

// "tag key \0": every posting (or money) row of one entity starts with it.
std::string MentionPrefix(char tag, std::string_view key);
// A money row ('L'): one per money mention and linked organisation.
std::string MentionKey(char tag, std::string_view key, uint64_t timestamp, uint32_t article,
                       uint32_t start, EntityType type);
// A posting row ('E'): the mentions of one entity (key, type) in one article.
std::string PostingKey(std::string_view key, uint64_t timestamp, uint32_t article, EntityType type);
// 'C' BE32(article number): the article's main entities, for cooccurrence.
std::string CoEntitiesKey(uint32_t article);
// The position in a mention prefix where rows at or before `timestamp` begin.
std::string MentionSeekKey(char tag, std::string_view key, uint64_t timestamp);
struct MentionKeyParts {
  char tag;
  std::string_view key;
  uint64_t timestamp;
  uint32_t article;
  uint32_t start;  // 0 in a posting key
  EntityType type;
};
// Parses an 'E' (posting) or 'L' (money) key; false for anything else.
bool ParseMentionKey(std::string_view raw, MentionKeyParts* parts);

std::string EntityKey(std::string_view key, EntityType type);
std::string EntityIdKey(uint32_t id);

// Counter keys. Entities are named by their dictionary id ('n' rows), which stands for the
// key and type: four bytes where the key was twenty. Every family but 'k' and 'g' keeps
// packed rows (store/counters.h): these functions give the key of one entry, which is its
// row's key and then BE32 of the entry's number in the row: the day families ('e', 't', 'u')
// have a row a month, BE32(first day of the month), and number a day by its offset in
// the month; the Top families ('y', 'z', 'Y') number an entity by its id. The Append forms
// add the key to `out` (the writer builds thousands a batch in one buffer); the others
// return it.
void AppendEntityDayKey(std::string* out, uint32_t id, uint32_t day);
void AppendTotalDayKey(std::string* out, uint32_t day);
void AppendSiteDayKey(std::string* out, std::string_view site, uint32_t day);
void AppendTopDayKey(std::string* out, uint32_t day, EntityType type, uint32_t id);
void AppendSiteTopDayKey(std::string* out, std::string_view site, uint32_t day, EntityType type,
                         uint32_t id);
// `month` is the day number of the month's first day.
void AppendTopMonthKey(std::string* out, uint32_t month, EntityType type, uint32_t id);
// The all-time totals stay keyed by name: autocomplete walks them by key prefix.
void AppendEntityTotalKey(std::string* out, std::string_view key, EntityType type);
void AppendGlobalKey(std::string* out, std::string_view name);

template <typename... Args>
std::string BuildKey(void (*append)(std::string*, Args...), Args... args) {
  std::string out;
  append(&out, args...);
  return out;
}
inline std::string EntityDayKey(uint32_t id, uint32_t day) {
  return BuildKey(AppendEntityDayKey, id, day);
}
inline std::string TotalDayKey(uint32_t day) { return BuildKey(AppendTotalDayKey, day); }
// The rows of a day family's counter: its key less the month and the day ("'e' BE32(id)").
inline std::string DayRowsPrefix(std::string day_key) {
  day_key.resize(day_key.size() - 8);
  return day_key;
}
inline std::string SiteDayKey(std::string_view site, uint32_t day) {
  return BuildKey(AppendSiteDayKey, site, day);
}
inline std::string TopDayKey(uint32_t day, EntityType type, uint32_t id) {
  return BuildKey(AppendTopDayKey, day, type, id);
}
inline std::string SiteTopDayKey(std::string_view site, uint32_t day, EntityType type,
                                 uint32_t id) {
  return BuildKey(AppendSiteTopDayKey, site, day, type, id);
}
inline std::string TopMonthKey(uint32_t month, EntityType type, uint32_t id) {
  return BuildKey(AppendTopMonthKey, month, type, id);
}
inline std::string EntityTotalKey(std::string_view key, EntityType type) {
  return BuildKey(AppendEntityTotalKey, key, type);
}
inline std::string GlobalKey(std::string_view name) { return BuildKey(AppendGlobalKey, name); }

// The smallest key greater than every key starting with `prefix` (for iterator bounds);
// empty when there is none (a prefix of 0xff bytes).
std::string PrefixEnd(std::string_view prefix);

// Counter values: int64 as a zigzag varint (most counts fit one byte).
std::string EncodeCount(int64_t v);
bool DecodeCount(std::string_view in, int64_t* v);

std::string ToHex(std::string_view bytes);
bool FromHex(std::string_view hex, std::string* bytes);
// Key bytes for messages: printable ASCII as is, the rest as \xHH.
std::string Printable(std::string_view bytes);

}  // namespace byline::store::internal

#endif  // BYLINE_STORE_KEYS_H_
