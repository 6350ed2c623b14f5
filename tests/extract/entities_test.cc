// The entity stage end to end (extract/entities.cc): money, people and organisations
// together, sentence indices, the watchlist, hostile text.
#include "extract/entities.h"

#include <gtest/gtest.h>

#include <string>

namespace byline::extract {
namespace {

// An article in the shape of the seed article (written by us): companies, people with
// roles, short mentions, money, products, places and a newsletter that are not entities.
constexpr std::string_view kArticle =
    "Zhejiang-based Qiantang Intelligence, an offshoot of a trading firm called Lattice-Wave, "
    "released Q2, a reasoning model that matched OpenAI's o1.\n"
    "The final training run for its predecessor, Q1, had cost a mere $4 million, according to "
    "Qiantang, a fraction of what Silicon Valley spends. Investors panicked, wiping out over "
    "$800 billion in value from tech stocks like Nvidia and Microsoft.\n"
    "Leaders like OpenAI CEO Sam Altman mused in public. \"They are fast followers,\" says "
    "Maria Okonkwo, assistant professor at George Washington University and author of the "
    "SinoBits newsletter. Okonkwo added that China would keep pace.";

struct Want {
  const char* type;
  const char* text;
  const char* canonical;
};

TEST(EntitiesTest, SeedShapedArticleComesOutRight) {
  std::vector<Mention> got = FindEntities(kArticle, nullptr);
  const Want wants[] = {
      {"ORG", "Qiantang Intelligence", "Qiantang Intelligence"},
      {"ORG", "Lattice-Wave", "Lattice-Wave"},
      {"ORG", "OpenAI", "OpenAI"},
      {"MONEY", "$4 million", nullptr},
      {"ORG", "Qiantang", "Qiantang Intelligence"},
      {"MONEY", "over $800 billion", nullptr},
      {"ORG", "Nvidia", "Nvidia"},
      {"ORG", "Microsoft", "Microsoft"},
      {"PERSON", "Sam Altman", "Sam Altman"},
      {"PERSON", "Maria Okonkwo", "Maria Okonkwo"},
      {"ORG", "George Washington University", "George Washington University"},
      {"PERSON", "Okonkwo", "Maria Okonkwo"},
  };
  auto type_name = [](Mention::Type t) {
    return t == Mention::Type::kPerson ? "PERSON" : t == Mention::Type::kOrg ? "ORG" : "MONEY";
  };
  for (const Want& w : wants) {
    bool found = false;
    for (const Mention& m : got) {
      if (m.surface == w.text && std::string(type_name(m.type)) == w.type &&
          (w.canonical == nullptr || m.canonical == w.canonical)) {
        found = true;
      }
    }
    EXPECT_TRUE(found) << w.type << " " << w.text;
  }
  for (const char* no : {"Q2", "Q1", "o1", "Silicon Valley", "China", "SinoBits", "Zhejiang"}) {
    for (const Mention& m : got) EXPECT_NE(m.surface, no);
  }
  for (const Mention& m : got) {
    EXPECT_EQ(kArticle.substr(m.start, m.end - m.start), m.surface);
    EXPECT_GE(m.sentence, 0);
  }
}

TEST(EntitiesTest, MoneyValuesAndSentences) {
  std::vector<Mention> got =
      FindEntities("Acme raised $6 million. It was valued at US$1.2bn in May.", nullptr);
  std::vector<const Mention*> money;
  for (const Mention& m : got) {
    if (m.type == Mention::Type::kMoney) money.push_back(&m);
  }
  ASSERT_EQ(money.size(), 2u);
  EXPECT_DOUBLE_EQ(money[0]->value, 6e6);
  EXPECT_EQ(money[0]->currency, "USD");
  EXPECT_EQ(money[0]->sentence, 0);
  EXPECT_DOUBLE_EQ(money[1]->value, 1.2e9);
  EXPECT_EQ(money[1]->sentence, 1);
}

TEST(EntitiesTest, WatchlistForcesCanonicalAndFindsListedForms) {
  Aliases aliases;
  aliases.entries.push_back({"Alphabet", false, {"Google", "GOOGL"}});
  std::vector<Mention> got =
      FindEntities("Google said GOOGL shares rose after Microsoft reported.", &aliases);
  int alphabet = 0;
  for (const Mention& m : got) {
    if (m.canonical == "Alphabet") {
      ++alphabet;
      EXPECT_EQ(m.type, Mention::Type::kOrg);
    }
  }
  EXPECT_EQ(alphabet, 2) << "both Google and GOOGL resolve to Alphabet";
}

TEST(EntitiesTest, MentionsAreSortedAndDisjoint) {
  std::vector<Mention> got = FindEntities(kArticle, nullptr);
  for (size_t i = 1; i < got.size(); ++i) EXPECT_LE(got[i - 1].end, got[i].start);
}

// Hostile text: each must finish (ctest's timeout bounds it) with sane output.
TEST(EntitiesTest, HostileTextIsBounded) {
  // 100 MB of capitalised words, as the issue asks: linear, a few seconds.
  std::string capitals;
  capitals.reserve(size_t{100} << 20);
  while (capitals.size() < (size_t{100} << 20)) capitals += "ACME BETA GAMMA DELTA Zeta Eta Theta ";
  EXPECT_NO_FATAL_FAILURE(FindEntities(capitals, nullptr));

  std::string dollars(1'000'000, '$');
  for (const Mention& m : FindEntities(dollars, nullptr)) EXPECT_NE(m.type, Mention::Type::kMoney);

  std::string no_spaces(5'000'000, 'A');
  EXPECT_TRUE(FindEntities(no_spaces, nullptr).empty());

  std::string invalid = "Acme \xFF\xFE paid $5 \xC3 million to Beta Corp. \xED\xA0\x80";
  std::vector<Mention> got = FindEntities(invalid, nullptr);
  for (const Mention& m : got) EXPECT_LE(m.end, invalid.size());
}

}  // namespace
}  // namespace byline::extract
