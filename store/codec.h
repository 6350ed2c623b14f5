// Value encodings of the store (docs/storage-format.md, "Values"): varints, length-prefixed
// strings and little-endian doubles. No JSON: a mention row is a handful of bytes.
//
// Decoders never trust their input: a short or malformed value is reported (false), never
// read past its end, because a damaged database must not crash a query.
#ifndef BYLINE_STORE_CODEC_H_
#define BYLINE_STORE_CODEC_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.h"

namespace byline::store::internal {

// Appends primitive encodings to a string.
void PutVarint(std::string* out, uint64_t v);
void PutString(std::string* out, std::string_view s);  // varint length, then the bytes
void PutFixed64(std::string* out, uint64_t v);         // little-endian
void PutDouble(std::string* out, double v);            // IEEE-754 bits as PutFixed64
inline uint64_t ZigZag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
inline int64_t UnZigZag(uint64_t v) {
  return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}

// Reads primitives from the front of a byte string; every method returns false at the end of
// the input or on malformed data and leaves the reader failed.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool Varint(uint64_t* v);
  bool Varint32(uint32_t* v);
  bool String(std::string* s);
  bool StringView(std::string_view* s);
  bool Bytes(uint64_t n, std::string_view* s);
  bool Fixed64(uint64_t* v);
  bool Double(double* v);
  bool Byte(uint8_t* b);
  bool done() const { return in_.empty(); }
  std::string_view rest() const { return in_; }

 private:
  std::string_view in_;
};

// The article header: everything about an article except its mentions ('A' rows).
struct ArticleHeader {
  std::string id, url, title, site, published, language;
  std::vector<std::string> authors;
  uint64_t content_hash = 0;
  uint64_t timestamp = 0;  // store/dates.h seconds; fixes the article's mention keys
  uint32_t mention_count = 0;
  uint32_t snippet_count = 0;
};
std::string EncodeHeader(const ArticleHeader& h);
bool DecodeHeader(std::string_view in, ArticleHeader* h);

// The mentions of one article as stored: MentionRecords without their snippet text, which
// lives once per article in the record's snippets and is referenced by index.
struct ArticleBody {
  std::vector<MentionRecord> mentions;  // snippet fields empty
  std::vector<int32_t> snippet_index;   // per mention; -1 when it has no snippet
  // Per mention, whether its snippet holds a marker where its surface was (set by
  // DecodeBody; EncodeRecord works it out from the snippets).
  std::vector<uint8_t> elided;
};
// An article's entity table (the distinct (type, key) pairs it mentions, with the first
// canonical name of each) and its mention list, which names entities by table index.
// `elided` is the per-mention flag of ElideSurfaces (empty: none elided).
void EncodeBody(const ArticleBody& body, const std::vector<uint8_t>& elided, std::string* table,
                std::string* mentions);
bool DecodeBody(std::string_view table, std::string_view mentions, ArticleBody* body);

// The byte standing for an elided surface in a stored snippet (ASCII SUB). A snippet that
// holds it as text is stored as it is.
inline constexpr char kElided = '\x1a';

// Replaces, in each snippet, the surface of each of its mentions (in mention order, each
// after the previous one's) with kElided, and flags the mentions so replaced: their surfaces
// are in the mention list already, and names are a snippet's least compressible bytes.
std::vector<std::string> ElideSurfaces(const ArticleBody& body,
                                       const std::vector<std::string>& snippets,
                                       std::vector<uint8_t>* elided);
// The inverse for one stored snippet: puts back the surfaces of the mentions of `body`
// flagged as elided in it. False when the markers and the flags disagree.
bool RestoreSurfaces(const ArticleBody& body, uint32_t index, std::string_view stored,
                     std::string* snippet);

// The distinct (type, key) entities of an article in order of first mention, each with its
// mentions (indexes into body.mentions, by start): an article's entity table and its postings.
struct TableEntry {
  const MentionRecord* first;      // the entity's first mention
  std::vector<uint32_t> mentions;  // ascending start
};
std::vector<TableEntry> TableEntries(const ArticleBody& body);

// An ascending list of entity ids ('C' rows: an article's main entities, which cooccurrence
// counts): a varint count, then each id's varint difference from the previous one.
void EncodeIdList(const std::vector<uint32_t>& ascending, std::string* out);
// Calls fn(id) for each id of an encoded list without allocating; false when it is malformed.
template <typename Fn>
bool ForEachListedId(std::string_view in, Fn&& fn);

// One row of the money index ('L' rows, mentions CF).
struct MoneyValue {
  double value = 0;
  std::optional<double> value_max;
  bool approximate = false;
  std::string currency, surface;
  int32_t snippet = -1;
  uint32_t length = 0;
};
std::string EncodeMoneyValue(const MoneyValue& v);
bool DecodeMoneyValue(std::string_view in, MoneyValue* v);

// An article's record ('A' rows): its header, entity table and mention list, each as a str,
// so that a reader decodes only the part it needs. Its snippets, with surfaces elided, go to
// `*stored_snippets` (EncodeSnippets; empty when it has none): they are a row of their own in
// a column family of their own, where text is compressed with text.
struct RecordParts {
  std::string_view header, table, mentions;
};
std::string EncodeRecord(const ArticleHeader& header, const ArticleBody& body,
                         const std::vector<std::string>& snippets, std::string* stored_snippets);
bool SplitRecord(std::string_view in, RecordParts* parts);

// The snippets of one article: its distinct sentences, each a str, in order, with the
// surfaces of `body`'s mentions elided (ElideSurfaces).
std::string EncodeSnippets(const std::vector<std::string>& elided_snippets);
bool DecodeSnippets(std::string_view in, const ArticleBody& body,
                    std::vector<std::string>* snippets);
// Snippet `index` of an encoded snippets part without decoding the others; false when absent
// or undecodable.
bool FindSnippet(std::string_view in, uint32_t index, const ArticleBody& body,
                 std::string* snippet);

bool ValidType(uint8_t t);

// An entity record ('n' rows, entities CF): varint id, then the canonical name's bytes.
std::string EncodeEntityRecord(uint32_t id, std::string_view canonical);
bool DecodeEntityRecord(std::string_view in, uint32_t* id, std::string* canonical);

template <typename Fn>
bool ForEachListedId(std::string_view in, Fn&& fn) {
  Reader r(in);
  uint64_t n, id = 0;
  if (!r.Varint(&n) || n > in.size()) return false;
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t delta;
    if (!r.Varint(&delta)) return false;
    id += delta;
    if (id > UINT32_MAX) return false;
    fn(static_cast<uint32_t>(id));
  }
  return r.done();
}

}  // namespace byline::store::internal

#endif  // BYLINE_STORE_CODEC_H_
