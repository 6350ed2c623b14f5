#include "store/keys.h"

#include "store/codec.h"

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
std::string TopKey(char tag, uint32_t date, EntityType type, std::string_view key) {
  std::string out(1, tag);
  AppendBE32(&out, date);
  out.push_back(static_cast<char>(type));
  out.append(key);
  return out;
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
std::string HeaderKey(uint32_t article) { return ArticleKey(kTagHeader, article); }
std::string BodyKey(uint32_t article) { return ArticleKey(kTagBody, article); }
std::string TableKey(uint32_t article) { return ArticleKey(kTagTable, article); }

std::string SnippetKey(uint32_t article) { return ArticleKey(kTagSnippet, article); }

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

bool ParseMentionKey(std::string_view raw, MentionKeyParts* parts) {
  // The suffix has a fixed size, so the entity key is whatever lies between tag and suffix.
  if (raw.size() < 2 + kMentionSuffixSize || raw[raw.size() - kMentionSuffixSize - 1] != '\0') {
    return false;
  }
  std::string_view suffix = raw.substr(raw.size() - kMentionSuffixSize);
  uint64_t inverted = 0;
  for (int i = 0; i < 5; ++i) inverted = (inverted << 8) | static_cast<uint8_t>(suffix[i]);
  const uint8_t type = static_cast<uint8_t>(suffix[13]);
  if (!ValidType(type)) return false;
  parts->tag = raw[0];
  parts->key = raw.substr(1, raw.size() - kMentionSuffixSize - 2);
  parts->timestamp = kMaxTimestamp - inverted;
  parts->article = ReadBE32(suffix.substr(5));
  parts->start = ReadBE32(suffix.substr(9));
  parts->type = static_cast<EntityType>(type);
  return true;
}

std::string EntityKey(std::string_view key, EntityType type) {
  std::string out = Tagged(kTagEntity, key);
  out.push_back('\0');
  out.push_back(static_cast<char>(type));
  return out;
}

std::string EntityDayKey(std::string_view key, EntityType type, uint32_t day) {
  std::string out = Tagged(kTagEntityDay, key);
  out.push_back('\0');
  out.push_back(static_cast<char>(type));
  AppendBE32(&out, day);
  return out;
}

std::string EntitySiteDayKey(std::string_view key, std::string_view site, EntityType type,
                             uint32_t day) {
  std::string out = Tagged(kTagEntitySiteDay, key);
  out.push_back('\0');
  out.append(site);
  out.push_back('\0');
  out.push_back(static_cast<char>(type));
  AppendBE32(&out, day);
  return out;
}

std::string TotalDayKey(uint32_t day) {
  std::string out(1, kTagTotalDay);
  AppendBE32(&out, day);
  return out;
}

std::string SiteDayKey(std::string_view site, uint32_t day) {
  std::string out = Tagged(kTagSiteDay, site);
  out.push_back('\0');
  AppendBE32(&out, day);
  return out;
}

std::string TopDayKey(uint32_t day, EntityType type, std::string_view key) {
  return TopKey(kTagTopDay, day, type, key);
}

std::string TopMonthKey(uint32_t month, EntityType type, std::string_view key) {
  return TopKey(kTagTopMonth, month, type, key);
}

std::string SiteTopDayKey(std::string_view site, uint32_t day, EntityType type,
                          std::string_view key) {
  std::string out = Tagged(kTagSiteTopDay, site);
  out.push_back('\0');
  AppendBE32(&out, day);
  out.push_back(static_cast<char>(type));
  out.append(key);
  return out;
}

std::string EntityTotalKey(std::string_view key, EntityType type) {
  std::string out = Tagged(kTagEntityTotal, key);
  out.push_back('\0');
  out.push_back(static_cast<char>(type));
  return out;
}

std::string GlobalKey(std::string_view name) { return Tagged(kTagGlobal, name); }

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
