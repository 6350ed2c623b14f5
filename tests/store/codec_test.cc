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

TEST(PostingTest, RoundTripsStartsAndOtherIds) {
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

  std::string value;
  EncodePosting(body, entries[0], {4, 900, 70000}, 900, &value);
  PostingValue decoded;
  ASSERT_TRUE(DecodePostingValue(value, &decoded));
  EXPECT_EQ(decoded.others, (std::vector<uint32_t>{4, 70000}));
  // Where the mentions start; the rest of each is in the record.
  EXPECT_EQ(decoded.starts, (std::vector<uint32_t>{20, 500}));

  std::vector<uint32_t> others;
  ASSERT_TRUE(ForEachPostingOther(value, [&](uint32_t id) { others.push_back(id); }));
  EXPECT_EQ(others, decoded.others);

  // Every truncation is refused, never read past.
  for (size_t n = 0; n < value.size(); ++n) {
    EXPECT_FALSE(DecodePostingValue(value.substr(0, n), &decoded)) << n;
  }
  EXPECT_FALSE(ForEachPostingOther("\x05\x01", [](uint32_t) {}));
}

TEST(RecordTest, SplitsIntoItsPartsAndRefusesDamage) {
  ArticleHeader header;
  header.id = "a1";
  header.site = "example.com";
  header.mention_count = 1;
  header.snippet_count = 1;
  ArticleBody body = BodyOf({testing::Org("Intel", 3)});
  body.snippet_index = {0};
  const std::string record = EncodeRecord(header, body, {"Intel said so."});
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
  ASSERT_TRUE(DecodeSnippets(parts.snippets, &snippets));
  EXPECT_EQ(snippets, (std::vector<std::string>{"Intel said so."}));
  for (size_t n = 0; n < record.size(); ++n) {
    EXPECT_FALSE(SplitRecord(std::string_view(record).substr(0, n), &parts)) << n;
  }
  EXPECT_FALSE(SplitRecord(record + "x", &parts));
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
