// The store's value encodings: postings, article records, counter deltas. Decoders must
// refuse damaged input rather than read past it.
#include "store/codec.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/counters.h"
#include "tests/store/test_util.h"

namespace byline::store::internal {
namespace {

ArticleBody BodyOf(std::vector<MentionRecord> mentions) {
  ArticleBody body;
  body.mentions = std::move(mentions);
  for (size_t i = 0; i < body.mentions.size(); ++i) {
    body.snippet_index.push_back(static_cast<int32_t>(i % 2));
  }
  return body;
}

TEST(TableEntriesTest, DistinctEntitiesInOrderOfFirstMentionWithMentionsByStart) {
  MentionRecord late = testing::Org("Nvidia", 500, 3);
  late.surface = "NVIDIA";
  MentionRecord renamed = testing::Org("Nvidia", 20, 1);
  renamed.canonical = "Nvidia Corp.";
  const ArticleBody body =
      BodyOf({late, testing::Person("Jensen Huang", 100), renamed, testing::Org("Arm", 7)});
  const std::vector<TableEntry> entries = TableEntries(body);
  ASSERT_EQ(entries.size(), 3u);  // nvidia, jensen huang, arm: in order of first mention
  EXPECT_EQ(entries[0].first->key, "nvidia");
  EXPECT_EQ(entries[0].mentions, (std::vector<uint32_t>{2, 0}));  // by start
  EXPECT_EQ(entries[1].first->key, "jensen huang");
  EXPECT_EQ(entries[2].mentions, (std::vector<uint32_t>{3}));
}

TEST(IdListTest, RoundTripsAscendingIdsAndRefusesDamage) {
  std::string value;
  EncodeIdList({4, 900, 70000, 4000000000u}, &value);
  std::vector<uint32_t> ids;
  ASSERT_TRUE(ForEachListedId(value, [&](uint32_t id) { ids.push_back(id); }));
  EXPECT_EQ(ids, (std::vector<uint32_t>{4, 900, 70000, 4000000000u}));
  for (size_t n = 0; n < value.size(); ++n) {
    EXPECT_FALSE(ForEachListedId(value.substr(0, n), [](uint32_t) {})) << n;
  }
  EXPECT_FALSE(ForEachListedId(value + "x", [](uint32_t) {}));
  EXPECT_FALSE(ForEachListedId("\x05\x01", [](uint32_t) {}));
  // Two ids summing past 32 bits.
  EXPECT_FALSE(ForEachListedId("\x02\xff\xff\xff\xff\x0f\x01", [](uint32_t) {}));
}

ArticleHeader HeaderFor(const ArticleBody& body, size_t snippets) {
  ArticleHeader header;
  header.id = "a1";
  header.site = "example.com";
  header.mention_count = static_cast<uint32_t>(body.mentions.size());
  header.snippet_count = static_cast<uint32_t>(snippets);
  return header;
}

TEST(RecordTest, SplitsIntoItsPartsAndRefusesDamage) {
  ArticleBody body = BodyOf({testing::Org("Intel", 3)});
  body.snippet_index = {0};
  std::string stored;
  const std::string record = EncodeRecord(HeaderFor(body, 1), body, {"Intel said so."}, &stored);
  RecordParts parts;
  ASSERT_TRUE(SplitRecord(record, &parts));
  ArticleHeader h;
  ASSERT_TRUE(DecodeHeader(parts.header, &h));
  EXPECT_EQ(h.id, "a1");
  ArticleBody b;
  ASSERT_TRUE(DecodeBody(parts.table, parts.mentions, &b));
  ASSERT_EQ(b.mentions.size(), 1u);
  EXPECT_EQ(b.mentions[0].key, "intel");
  std::vector<std::string> snippets;
  ASSERT_TRUE(DecodeSnippets(stored, b, &snippets));
  EXPECT_EQ(snippets, (std::vector<std::string>{"Intel said so."}));
  // The surface is stored once, in the mention list.
  EXPECT_EQ(stored.find("Intel"), std::string::npos);
  for (size_t n = 0; n < record.size(); ++n) {
    EXPECT_FALSE(SplitRecord(std::string_view(record).substr(0, n), &parts)) << n;
  }
  EXPECT_FALSE(SplitRecord(record + "x", &parts));
}

// A damaged record or snippets row (every byte flipped in turn, three ways) decodes to
// something self-consistent or is refused; nothing reads past the value. fuzz/store_fuzzer
// does the same with arbitrary bytes under AddressSanitizer.
TEST(RecordTest, EveryDamagedByteIsDecodedConsistentlyOrRefused) {
  MentionRecord money = testing::Money("$6 million", 6e6, 40, {"deepseek", "openai"}, 1);
  money.value_max = 7e6;
  ArticleBody body =
      BodyOf({testing::Org("DeepSeek", 0), testing::Person("Sam Altman", 12),
              testing::Org("OpenAI", 30, 1), money, testing::Org("DeepSeek", 70, 2)});
  body.snippet_index = {0, 0, 1, 1, 2};
  const std::vector<std::string> sentences = {"DeepSeek and Sam Altman met.",
                                              "OpenAI spent $6 million.", "DeepSeek grew."};
  std::string stored;
  const std::string record =
      EncodeRecord(HeaderFor(body, sentences.size()), body, sentences, &stored);
  size_t decoded_bodies = 0, refused = 0;
  for (const std::string* value : std::vector<const std::string*>{&record, &stored}) {
    for (size_t at = 0; at < value->size(); ++at) {
      for (uint8_t flip : {0x01, 0x80, 0xff}) {
        std::string damaged = *value;
        damaged[at] = static_cast<char>(damaged[at] ^ flip);
        const std::string& rec = value == &record ? damaged : record;
        const std::string& snips = value == &stored ? damaged : stored;
        RecordParts parts;
        ArticleHeader h;
        ArticleBody b;
        if (!SplitRecord(rec, &parts) || !DecodeHeader(parts.header, &h) ||
            !DecodeBody(parts.table, parts.mentions, &b)) {
          ++refused;
          continue;
        }
        ++decoded_bodies;
        ASSERT_LE(b.mentions.size(), rec.size());
        ASSERT_EQ(b.snippet_index.size(), b.mentions.size());
        for (size_t i = 0; i < b.mentions.size(); ++i) {
          EXPECT_LE(b.mentions[i].start, b.mentions[i].end);
          if (b.elided[i]) {
            EXPECT_GE(b.snippet_index[i], 0);
          }
          std::string one;
          if (b.snippet_index[i] >= 0 &&
              FindSnippet(snips, static_cast<uint32_t>(b.snippet_index[i]), b, &one)) {
            EXPECT_LE(one.size(), snips.size() + rec.size());
          }
        }
        std::vector<std::string> all;
        if (DecodeSnippets(snips, b, &all)) {
          EXPECT_LE(all.size(), snips.size());
        }
      }
    }
  }
  // Both outcomes happen: damage in the text decodes, damage in the structure is refused.
  EXPECT_GT(decoded_bodies, 0u);
  EXPECT_GT(refused, 0u);
}

// Snippets round-trip whatever their mentions: surfaces repeated, out of order, missing from
// the sentence, or a sentence holding the marker byte as text.
TEST(RecordTest, SnippetsRoundTripWithSurfacesElided) {
  MentionRecord nvidia = testing::Org("Nvidia", 0);
  MentionRecord again = testing::Org("Nvidia", 30);
  again.surface = "NVIDIA";  // not in the sentence as written
  MentionRecord jensen = testing::Person("Jensen Huang", 10);
  MentionRecord arm = testing::Org("Arm", 60);
  MentionRecord odd = testing::Org("Odd", 80);
  MentionRecord key_differs = testing::Org("Acme", 90);
  key_differs.key = "acme corporation";
  ArticleBody body = BodyOf({nvidia, jensen, again, arm, odd, key_differs});
  body.snippet_index = {0, 0, 0, 1, 2, 3};
  const std::vector<std::string> snippets = {
      "Nvidia, Jensen Huang said, and Nvidia again.",  // repeated surface
      "Arm and Arm.",                                  // one mention, two occurrences
      std::string("Odd \x1a text."),                   // the marker as text: stored as is
      "Acme rose.",
  };
  std::string stored;
  const std::string record =
      EncodeRecord(HeaderFor(body, snippets.size()), body, snippets, &stored);
  RecordParts parts;
  ASSERT_TRUE(SplitRecord(record, &parts));
  ArticleBody b;
  ASSERT_TRUE(DecodeBody(parts.table, parts.mentions, &b));
  EXPECT_EQ(b.elided, (std::vector<uint8_t>{1, 1, 0, 1, 0, 1}));
  EXPECT_EQ(b.mentions[5].key, "acme corporation");
  EXPECT_EQ(b.mentions[1].key, "jensen huang");
  std::vector<std::string> decoded;
  ASSERT_TRUE(DecodeSnippets(stored, b, &decoded));
  EXPECT_EQ(decoded, snippets);
  for (uint32_t i = 0; i < snippets.size(); ++i) {
    std::string one;
    ASSERT_TRUE(FindSnippet(stored, i, b, &one));
    EXPECT_EQ(one, snippets[i]);
  }
  std::string none;
  EXPECT_FALSE(FindSnippet(stored, 4, b, &none));
  // Flags that disagree with the markers are refused, not guessed.
  ArticleBody wrong = b;
  wrong.elided[2] = 1;  // a third marker the first snippet does not hold
  EXPECT_FALSE(DecodeSnippets(stored, wrong, &decoded));
  wrong = b;
  wrong.elided[0] = 0;  // a marker left over
  EXPECT_FALSE(FindSnippet(stored, 0, wrong, &none));
}

TEST(EntityRecordTest, IdThenCanonical) {
  uint32_t id = 0;
  std::string canonical;
  ASSERT_TRUE(DecodeEntityRecord(EncodeEntityRecord(300000, "Nvidia Corp."), &id, &canonical));
  EXPECT_EQ(id, 300000u);
  EXPECT_EQ(canonical, "Nvidia Corp.");
  EXPECT_FALSE(DecodeEntityRecord("", &id, &canonical));
  EXPECT_FALSE(DecodeEntityRecord("\x80", &id, &canonical));
}

TEST(CounterDeltasTest, SumsEqualKeysInKeyOrder) {
  CounterDeltas deltas;
  deltas.Add("b", 2);
  deltas.Add("a", 1);
  deltas.NextKey()->append("b");
  deltas.Add(-5);
  deltas.Add("ab", 0);
  deltas.Add("a", -1);
  std::vector<std::pair<std::string, int64_t>> out;
  deltas.ForEach([&](std::string_view k, int64_t n) { out.emplace_back(k, n); });
  EXPECT_EQ(out, (std::vector<std::pair<std::string, int64_t>>{{"a", 0}, {"ab", 0}, {"b", -3}}));
  deltas.Clear();
  EXPECT_EQ(deltas.size(), 0u);
}

}  // namespace
}  // namespace byline::store::internal
