#include "store/keys.h"

#include "store/codec.h"
#include "store/dates.h"

namespace byline::store::internal {
namespace {

std::string Tagged(char tag, std::string_view a) {
  std::string out;
  out.reserve(1 + a.size() + 16);
  out.push_back(tag);
  out.append(a);
  return out;
}

std::string ArticleKey(char tag, uint32_t article) {
  std::string out(1, tag);
  AppendBE32(&out, article);
  return out;
}

// "tag BE32(date) type key": the Top families, ordered by date, then type, then key.
void AppendTopKey(std::string* out, char tag, uint32_t date, EntityType type, uint32_t id) {
  out->push_back(tag);
  AppendBE32(out, date);
  out->push_back(static_cast<char>(type));
  AppendBE32(out, id);
}

// A day counter's row is its month (the day number of the month's first day); the entry
// within the row is the day's offset in the month.
void AppendMonthAndDay(std::string* out, uint32_t day) {
  const uint32_t month = MonthStart(day);
  AppendBE32(out, month);
  AppendBE32(out, day - month);
}

}  // namespace

void AppendBE32(std::string* out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out->push_back(static_cast<char>(v >> shift));
}

uint32_t ReadBE32(std::string_view in) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<uint8_t>(in[i]);
  return v;
}

std::string ArticleIdKey(std::string_view id) { return Tagged(kTagArticleId, id); }
std::string ArticleRecordKey(uint32_t article) { return ArticleKey(kTagArticle, article); }

std::string CoEntitiesKey(uint32_t article) { return ArticleKey(kTagCoEntities, article); }

std::string SnippetsKey(uint32_t article) { return ArticleKey(kTagSnippets, article); }

std::string MentionPrefix(char tag, std::string_view key) {
  std::string out = Tagged(tag, key);
  out.push_back('\0');
  return out;
}

std::string MentionSeekKey(char tag, std::string_view key, uint64_t timestamp) {
  std::string out = MentionPrefix(tag, key);
  const uint64_t inverted = kMaxTimestamp - (timestamp > kMaxTimestamp ? kMaxTimestamp : timestamp);
  for (int shift = 32; shift >= 0; shift -= 8) out.push_back(static_cast<char>(inverted >> shift));
  return out;
}

std::string MentionKey(char tag, std::string_view key, uint64_t timestamp, uint32_t article,
                       uint32_t start, EntityType type) {
  std::string out = MentionSeekKey(tag, key, timestamp);
  AppendBE32(&out, article);
  AppendBE32(&out, start);
  out.push_back(static_cast<char>(type));
  return out;
}

std::string PostingKey(std::string_view key, uint64_t timestamp, uint32_t article,
                       EntityType type) {
  std::string out = MentionSeekKey(kTagMention, key, timestamp);
  AppendBE32(&out, article);
  out.push_back(static_cast<char>(type));
  return out;
}

bool ParseMentionKey(std::string_view raw, MentionKeyParts* parts) {
  // The suffix has a fixed size per tag, so the entity key is whatever lies between tag and
  // suffix.
  if (raw.empty() || (raw[0] != kTagMention && raw[0] != kTagMoney)) return false;
  const size_t size = raw[0] == kTagMention ? kPostingSuffixSize : kMentionSuffixSize;
  if (raw.size() < 2 + size || raw[raw.size() - size - 1] != '\0') return false;
  std::string_view suffix = raw.substr(raw.size() - size);
  uint64_t inverted = 0;
  for (int i = 0; i < 5; ++i) inverted = (inverted << 8) | static_cast<uint8_t>(suffix[i]);
  const uint8_t type = static_cast<uint8_t>(suffix[size - 1]);
  if (!ValidType(type)) return false;
  parts->tag = raw[0];
  parts->key = raw.substr(1, raw.size() - size - 2);
  parts->timestamp = kMaxTimestamp - inverted;
  parts->article = ReadBE32(suffix.substr(5));
  parts->start = raw[0] == kTagMention ? 0 : ReadBE32(suffix.substr(9));
  parts->type = static_cast<EntityType>(type);
  return true;
}

std::string EntityIdKey(uint32_t id) { return ArticleKey(kTagEntityId, id); }

std::string EntityKey(std::string_view key, EntityType type) {
  std::string out = Tagged(kTagEntity, key);
  out.push_back('\0');
  out.push_back(static_cast<char>(type));
  return out;
}

void AppendEntityDayKey(std::string* out, uint32_t id, uint32_t day) {
  out->push_back(kTagEntityDay);
  AppendBE32(out, id);
  AppendMonthAndDay(out, day);
}

void AppendTotalDayKey(std::string* out, uint32_t day) {
  out->push_back(kTagTotalDay);
  AppendMonthAndDay(out, day);
}

void AppendSiteDayKey(std::string* out, std::string_view site, uint32_t day) {
  out->push_back(kTagSiteDay);
  out->append(site);
  out->push_back('\0');
  AppendMonthAndDay(out, day);
}

void AppendTopDayKey(std::string* out, uint32_t day, EntityType type, uint32_t id) {
  AppendTopKey(out, kTagTopDay, day, type, id);
}

void AppendTopMonthKey(std::string* out, uint32_t month, EntityType type, uint32_t id) {
  AppendTopKey(out, kTagTopMonth, month, type, id);
}

void AppendSiteTopDayKey(std::string* out, std::string_view site, uint32_t day, EntityType type,
                         uint32_t id) {
  out->push_back(kTagSiteTopDay);
  out->append(site);
  out->push_back('\0');
  AppendBE32(out, day);
  out->push_back(static_cast<char>(type));
  AppendBE32(out, id);
}

void AppendEntityTotalKey(std::string* out, std::string_view key, EntityType type) {
  out->push_back(kTagEntityTotal);
  out->append(key);
  out->push_back('\0');
  out->push_back(static_cast<char>(type));
}

void AppendGlobalKey(std::string* out, std::string_view name) {
  out->push_back(kTagGlobal);
  out->append(name);
}

std::string PrefixEnd(std::string_view prefix) {
  std::string out(prefix);
  while (!out.empty()) {
    if (static_cast<uint8_t>(out.back()) != 0xff) {
      out.back() = static_cast<char>(static_cast<uint8_t>(out.back()) + 1);
      return out;
    }
    out.pop_back();
  }
  return out;
}

std::string EncodeCount(int64_t v) {
  std::string out;
  PutVarint(&out, ZigZag(v));
  return out;
}

bool DecodeCount(std::string_view in, int64_t* v) {
  uint64_t raw;
  Reader r(in);
  if (!r.Varint(&raw) || !r.done()) return false;
  *v = UnZigZag(raw);
  return true;
}

std::string ToHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) {
    out.push_back(kDigits[static_cast<uint8_t>(c) >> 4]);
    out.push_back(kDigits[static_cast<uint8_t>(c) & 15]);
  }
  return out;
}

bool FromHex(std::string_view hex, std::string* bytes) {
  if (hex.size() % 2 != 0) return false;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  bytes->clear();
  for (size_t i = 0; i < hex.size(); i += 2) {
    const int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    bytes->push_back(static_cast<char>(hi * 16 + lo));
  }
  return true;
}

std::string Printable(std::string_view bytes) {
  std::string out;
  for (char c : bytes) {
    const uint8_t b = static_cast<uint8_t>(c);
    if (b >= 0x20 && b < 0x7f && c != '\\') {
      out.push_back(c);
    } else {
      static constexpr char kDigits[] = "0123456789abcdef";
      out += "\\x";
      out.push_back(kDigits[b >> 4]);
      out.push_back(kDigits[b & 15]);
    }
  }
  return out;
}

}  // namespace byline::store::internal
