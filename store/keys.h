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

// The format this code reads and writes; bump it (and document the change) whenever a key or
// value layout changes in a way older code would misread.
inline constexpr uint32_t kFormatVersion = 2;
inline constexpr char kFormatVersionKey[] = "byline.format-version";  // default CF, ASCII
inline constexpr char kNextArticleKey[] = "byline.next-article";      // default CF, count

// Tags (first key byte). Do not renumber.
inline constexpr char kTagArticleId = 'I';      // articles: id -> article number
inline constexpr char kTagHeader = 'A';         // articles: number -> header
inline constexpr char kTagBody = 'M';           // articles: number -> mentions of the article
inline constexpr char kTagTable = 'T';          // articles: number -> entities of the article
inline constexpr char kTagSnippet = 'S';        // articles: number -> the article's sentences
inline constexpr char kTagMention = 'E';        // mentions: entity mention index
inline constexpr char kTagMoney = 'L';          // mentions: money linked to an organisation
inline constexpr char kTagEntity = 'n';         // entities: key, type -> canonical
inline constexpr char kTagEntityDay = 'e';      // counters: key, type, day
inline constexpr char kTagEntitySiteDay = 's';  // counters: key, site, type, day
inline constexpr char kTagTotalDay = 't';       // counters: day
inline constexpr char kTagSiteDay = 'u';        // counters: site, day
inline constexpr char kTagTopDay = 'y';         // counters: day, type, key
inline constexpr char kTagSiteTopDay = 'z';     // counters: site, day, type, key
inline constexpr char kTagTopMonth = 'Y';       // counters: month's first day, type, key
inline constexpr char kTagEntityTotal = 'k';    // counters: key, type (all time)
inline constexpr char kTagGlobal = 'g';         // counters: name ("articles", "mentions")

// Mention keys order the newest first: the timestamp is stored inverted in 5 bytes.
inline constexpr uint64_t kMaxTimestamp = (uint64_t{1} << 40) - 1;
// Bytes after "tag key \0" in a mention key: inverted timestamp (5), article number (4),
// start offset (4), type (1).
inline constexpr size_t kMentionSuffixSize = 14;

void AppendBE32(std::string* out, uint32_t v);
uint32_t ReadBE32(std::string_view in);  // REQUIRES: in.size() >= 4

std::string ArticleIdKey(std::string_view id);
std::string HeaderKey(uint32_t article);
std::string BodyKey(uint32_t article);
std::string TableKey(uint32_t article);
std::string SnippetKey(uint32_t article);

// "tag key \0": every mention (or money) row of one entity starts with it.
std::string MentionPrefix(char tag, std::string_view key);
std::string MentionKey(char tag, std::string_view key, uint64_t timestamp, uint32_t article,
                       uint32_t start, EntityType type);
// The position in a mention prefix where rows at or before `timestamp` begin.
std::string MentionSeekKey(char tag, std::string_view key, uint64_t timestamp);
struct MentionKeyParts {
  char tag;
  std::string_view key;
  uint64_t timestamp;
  uint32_t article;
  uint32_t start;
  EntityType type;
};
bool ParseMentionKey(std::string_view raw, MentionKeyParts* parts);

std::string EntityKey(std::string_view key, EntityType type);

std::string EntityDayKey(std::string_view key, EntityType type, uint32_t day);
std::string EntitySiteDayKey(std::string_view key, std::string_view site, EntityType type,
                             uint32_t day);
std::string TotalDayKey(uint32_t day);
std::string SiteDayKey(std::string_view site, uint32_t day);
std::string TopDayKey(uint32_t day, EntityType type, std::string_view key);
std::string SiteTopDayKey(std::string_view site, uint32_t day, EntityType type,
                          std::string_view key);
// `month` is the day number of the month's first day.
std::string TopMonthKey(uint32_t month, EntityType type, std::string_view key);
std::string EntityTotalKey(std::string_view key, EntityType type);
std::string GlobalKey(std::string_view name);

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
